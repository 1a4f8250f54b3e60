#!/usr/bin/env bash
# Benchmark ferrokv against redis-server 7.0 on this machine; see docs/bench.md.
#
#   scripts/bench.sh [throughput|memory|collections|instructions|persistence|all]  (default: throughput)
#
# Installs redis-server/redis-tools (and valgrind for "instructions") from the
# distribution's packages if they are missing, builds ferrokv in release mode, then
# runs scripts/bench.py, which starts both servers on free 127.0.0.1 ports, measures,
# and always stops them again. Output is printed and saved under target/bench/.
#
# Knobs (environment): BENCH_ROUNDS BENCH_N BENCH_N_PIPE BENCH_CLIENTS BENCH_KEYSPACE
# BENCH_PIPELINES BENCH_TESTS BENCH_TIMEOUT MEM_KEYS MEM_CONNS MEM_SMALL MEM_BIG INSTR_N INSTR_REPEATS
# INSTR_CLIENTS INSTR_PIPELINE INSTR_IDLE_SECS BENCH_OUT, and
#   FERROKV_CMD  command for the "ferrokv" side instead of target/release/ferrokv
#                (no build then), e.g. FERROKV_CMD="redis-server --save '' --appendonly no"
#   REDIS_CMD    command for the Redis side (default redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-throughput}"
case "$mode" in
  throughput|memory|collections|instructions|persistence|all) ;;
  *) echo "usage: $0 [throughput|memory|collections|instructions|persistence|all]" >&2; exit 2 ;;
esac

missing=()
for tool in redis-server redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || missing+=(redis-server redis-tools)
done
command -v python3 >/dev/null || missing+=(python3)
if [[ "$mode" == instructions || "$mode" == all ]]; then
  command -v valgrind >/dev/null || missing+=(valgrind)
fi
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  echo "installing: $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $(printf '%s\n' "${missing[@]}" | sort -u) >&2
fi
# The distribution's redis-server service (if the package just got installed) is left
# alone: the benchmark starts its own instances on free ports.

if [[ -z "${FERROKV_CMD:-}" ]]; then
  echo "building ferrokv (release)..." >&2
  cargo build --release --quiet --bin ferrokv
fi

exec python3 scripts/bench.py "$mode"
