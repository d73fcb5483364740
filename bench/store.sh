#!/bin/sh
# store.sh — the store's throughput: events inserted per second and the
# database size per 1,000 documents.
#
#   BUILD=build/opt bench/store.sh [COPIES]
#
# The corpus is tests/corpus/incidents replicated COPIES times (default
# 1000, i.e. 8,000 documents) with other ids and publication dates, so
# that the copies' incidents fall on other days, as in a real archive.
# It is coded once; then `dunlin ingest --events` (the store alone:
# parsing records, inserting rows, FTS indexing, incident clustering) is
# timed three times on a fresh database and the median reported, and one
# `dunlin ingest` (coder and store) for comparison.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
D=$BUILD/dunlin
N=${1:-1000}
[ -x "$D" ] || { echo "bench/store.sh: build $D first" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/dn-bench-store.XXXXXX")
trap 'rm -rf "$T"' EXIT

awk -v N="$N" '{
	for (k = 1; k <= N; k++) {
		line = $0
		sub(/"id": "/, "\"id\": \"c" k "-", line)
		gsub(/"date": "2015-10-/, sprintf("\"date\": \"%04d-%02d-", 1990 + int(k / 12) % 30, k % 12 + 1), line)
		print line
	}
}' "$ROOT/tests/corpus/incidents/articles.jsonl" > "$T/docs.jsonl"

now() { date +%s.%N; }

# Coder and store, once; its records feed the store-only runs.
t0=$(now)
"$D" ingest --quiet --db "$T/coded.db" "$T/docs.jsonl"
t1=$(now)
"$D" export --db "$T/coded.db" > "$T/events.ndjson"
docs=$(wc -l < "$T/docs.jsonl")
events=$(wc -l < "$T/events.ndjson")

runs=""
for i in 1 2 3; do
	rm -f "$T"/store.db*
	s0=$(now)
	"$D" ingest --quiet --db "$T/store.db" --events "$T/events.ndjson" "$T/docs.jsonl"
	s1=$(now)
	runs="$runs $(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')"
done
median=$(printf '%s\n' $runs | sort -n | sed -n 2p)
size=$(wc -c < "$T/store.db")
incidents=$("$D" stats --db "$T/store.db" --json | grep -o '"incidents":[0-9]*' | head -1 | cut -d: -f2)

awk -v docs="$docs" -v events="$events" -v inc="$incidents" -v t="$median" \
    -v coded="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    -v size="$size" 'BEGIN {
	printf "store benchmark: %d documents, %d events, %d incidents\n", docs, events, inc
	printf "  ingest --events (store only, median of 3): %.2f s, %.0f events/s, %.0f docs/s\n", t, events / t, docs / t
	printf "  ingest (coder + store):                    %.2f s, %.0f events/s, %.0f docs/s\n", coded, events / coded, docs / coded
	printf "  database: %.1f MB, %.2f MB per 1,000 documents\n", size / 1e6, size / 1e6 / docs * 1000
}'
