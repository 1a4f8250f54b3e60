#!/bin/sh
# Regenerates tests/fixtures/rdb: RDB files saved by a private redis-server 7.0 from a fixed
# data set, old-format files from Redis's own test assets, and for each a .txt of what Redis
# holds after loading it (see scripts/rdb_fixtures.py for the details and the .txt format).
#
# Needs redis-server 7.0 (REDIS_SERVER, default /usr/bin/redis-server) and python3; the Redis
# 7.0.15 source tree for the old-format assets is found at /tmp/redis/redis-7.0.15 or fetched
# with ../shared/redis-suite/redis-suite-src.
set -eu
cd "$(dirname "$0")/.."
REDIS_SERVER=${REDIS_SERVER:-/usr/bin/redis-server}
SRC=/tmp/redis/redis-7.0.15
if [ ! -d "$SRC/tests/assets" ] && [ -x ../shared/redis-suite/redis-suite-src ]; then
    SRC=$(../shared/redis-suite/redis-suite-src /tmp/redis | tail -1)
fi
if [ -d "$SRC/tests/assets" ]; then
    exec python3 scripts/rdb_fixtures.py --redis "$REDIS_SERVER" --assets "$SRC/tests/assets"
else
    echo "Redis source tree not found: skipping the old-format assets" >&2
    exec python3 scripts/rdb_fixtures.py --redis "$REDIS_SERVER"
fi
