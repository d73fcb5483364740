#!/bin/sh
# Runs every test of one build folder ($BUILD): the cmocka unit tests, then
# the shell tests in tests/cli/*.sh. Each test's result is one line in
# $BUILD/test-results.txt ("pass NAME" / "fail NAME" / "skip NAME"); the last
# line printed is "N passed, N failed, N skipped".
set -u
BUILD=${BUILD:-build}
export BUILD
out="$BUILD/test-results.txt"
: > "$out"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	log="$BUILD/tests/$name.log"
	if "$t" > "$log" 2>&1; then
		# cmocka prints "[  PASSED  ] N test(s)." and "[  SKIPPED ]"
		p=$(grep -c '^\[       OK \]' "$log")
		s=$(grep -c '^\[  SKIPPED \]' "$log")
		echo "pass $name ($p cases${s:+, $s skipped})" >> "$out"
	else
		echo "fail $name" >> "$out"
		sed 's/^/    /' "$log" | grep -v '^\s*\[ *\(RUN\|OK\) ' | tail -40
	fi
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	log="$BUILD/tests/cli_$name.log"
	mkdir -p "$BUILD/tests"
	sh "$t" > "$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "pass cli/$name" >> "$out"
	elif [ $rc -eq 77 ]; then
		echo "skip cli/$name: $(tail -1 "$log")" >> "$out"
	else
		echo "fail cli/$name" >> "$out"
		tail -30 "$log" | sed 's/^/    /'
	fi
done
sed 's/^/  /' "$out"
p=$(grep -c '^pass' "$out"); f=$(grep -c '^fail' "$out"); s=$(grep -c '^skip' "$out")
echo "$BUILD: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
