#!/bin/sh
# callgrind.sh — instruction counts of `dunlin code` on a small corpus, to
# quote a profile ("40% of instructions are in dn_lex_next").
#
#   bench/callgrind.sh [MB]       default 0.5 MB (valgrind is ~50x slower)
#
#   CALLGRIND_SCOPE=coder  count only inside dn_coder_code (default): the
#                          per-document work, without dictionary loading
#   CALLGRIND_SCOPE=all    count the whole process, dictionary load included
#   CALLGRIND_TOP=30       functions to list
#   CALLGRIND_CALLERS=5    functions whose callers are listed too
#   BENCH_BIN=build/opt/dunlin
#
# Prints the totals and the top functions by self cost (Ir = instructions
# executed) and writes them to bench/results/callgrind.txt; the raw profile
# stays in build/bench/callgrind.out for `callgrind_annotate` or kcachegrind.
# Instruction counts are deterministic, so two commits can be compared
# exactly; they are not times (cache misses and branch mispredictions are
# not counted).
set -eu
cd "$(dirname "$0")/.."
BIN=${BENCH_BIN:-build/opt/dunlin}
MB=${1:-${CALLGRIND_MB:-0.5}}
SCOPE=${CALLGRIND_SCOPE:-coder}
TOP=${CALLGRIND_TOP:-30}
CALLERS=${CALLGRIND_CALLERS:-5}
OUTDIR=build/bench
RAW=$OUTDIR/callgrind.out
TXT=bench/results/callgrind.txt

command -v valgrind >/dev/null || { echo "callgrind: valgrind is not installed" >&2; exit 1; }
if [ ! -x "$BIN" ]; then
	echo "callgrind: building $BIN" >&2
	make --no-print-directory BUILD=build/opt OPT="-O2 -DNDEBUG" all >&2
fi
mkdir -p "$OUTDIR" bench/results
corpus=$(python3 bench/mkcorpus.py --mb "$MB")

profile() {
	rm -f "$RAW"
	# shellcheck disable=SC2068
	valgrind --tool=callgrind --callgrind-out-file="$RAW" "$@" \
		"$BIN" code --threads 1 "$corpus" > /dev/null 2> "$OUTDIR/callgrind.log" || {
		tail -20 "$OUTDIR/callgrind.log" >&2
		echo "callgrind: valgrind or dunlin failed (log: $OUTDIR/callgrind.log)" >&2
		exit 1
	}
}
total() {
	# "PROGRAM TOTALS" line of callgrind_annotate, digits only
	callgrind_annotate "$RAW" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
}

if [ "$SCOPE" = coder ]; then
	profile --collect-atstart=no --toggle-collect=dn_coder_code
	if [ "$(total)" = "" ] || [ "$(total)" = 0 ]; then
		echo "callgrind: nothing counted inside dn_coder_code; profiling the whole process" >&2
		SCOPE=all
	fi
fi
[ "$SCOPE" = all ] && profile

{
	echo "callgrind profile of \`$BIN code --threads 1\` on $(basename "$corpus") ($MB MB)"
	echo "scope: $SCOPE; commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	callgrind_annotate --auto=no --inclusive=no --threshold=99.9 "$RAW" 2>/dev/null |
		awk -v top="$TOP" '
			/PROGRAM TOTALS/ { print; next }
			/file:function/  { hdr = 1; print; next }
			hdr && /^-+$/    { next }
			hdr && NF        { if (n++ < top) print; next }
			hdr && n         { exit }'
	echo
	echo "Who calls the top $CALLERS (up to 3 callers each, by instructions spent in the callee):"
	# --tree=caller lists blocks "< caller" lines then "* function", in
	# order of the function's self cost; callers come sorted already.
	callgrind_annotate --auto=no --inclusive=no --tree=caller "$RAW" 2>/dev/null |
		awk -v k="$CALLERS" '
			/^$/ || /^-+$/    { nc = 0; delete c; next }
			/^ *[0-9,]+ .*  < / { c[++nc] = $0; next }
			/^ *[0-9,]+ .*  \* / {
				if (++n > k) exit
				print
				for (i = 1; i <= nc && i <= 3; i++) print "    " c[i]
			}'
} | tee "$TXT"
echo "callgrind: wrote $TXT; raw profile in $RAW" >&2
