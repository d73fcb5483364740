#!/bin/sh
# Adds up the result files of several builds and prints the closing line.
p=0; f=0; s=0
for r in "$@"; do
	[ -f "$r" ] || continue
	p=$((p + $(grep -c '^pass' "$r"))); f=$((f + $(grep -c '^fail' "$r"))); s=$((s + $(grep -c '^skip' "$r")))
done
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
