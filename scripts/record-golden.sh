#!/usr/bin/env bash
# Records tests/golden/*.golden from tests/golden/corpus/*.txt against a private redis-server 7.0
# (started on a free loopback port and stopped again). See docs/golden.md.
#   scripts/record-golden.sh                  # re-record every corpus file
#   scripts/record-golden.sh tests/golden/corpus/strings.txt
#   scripts/record-golden.sh --check          # verify the committed files still match Redis
# REDIS_SERVER=/path/to/redis-server overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/record_golden.py "$@"
