#!/bin/sh
# run.sh — `make bench`: the throughput benchmark of `dunlin code`.
#
# Builds (or reuses) the corpus with bench/mkcorpus.py, then bench/bench.py
# times build/opt/dunlin over it and writes bench/results/latest.md. The
# method is described in bench/README.md.
#
#   BENCH_MB=100    corpus size in MB (10^6 bytes)
#   BENCH_RUNS=5    runs per measurement; the median is reported
#   BENCH_THREADS="1 2"  thread counts to compare
#   BENCH_BIN=build/opt/dunlin
#
# Exits non-zero only when the harness or dunlin breaks, never because of
# the numbers.
set -eu
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 1; }
[ -x /usr/bin/time ] || echo "bench: /usr/bin/time missing (Debian package time); using wait4 for peak RSS" >&2
exec python3 bench/bench.py "$@"
