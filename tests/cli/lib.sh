# Shared helpers for the shell tests in tests/cli (sourced).
set -u
BUILD=${BUILD:-build}
DUNLIN="$BUILD/dunlin"
SHARED="$(cd "$(dirname "$0")/../.." && pwd)/../shared"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
# expect_rc WANT CMD... : runs CMD, checks its exit status
expect_rc() {
	want=$1; shift
	"$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "exit $rc: $*"; else bad "exit $rc (want $want): $*"; sed 's/^/     /' "$TMP/err" | tail -5; fi
}
# expect_err PATTERN : the last command's stderr matches PATTERN
expect_err() {
	if grep -q -- "$1" "$TMP/err"; then ok "stderr has '$1'"; else bad "stderr lacks '$1'"; sed 's/^/     /' "$TMP/err" | tail -5; fi
}
# valid_jsonl FILE : every line parses as JSON
valid_jsonl() {
	if python3 -c 'import json,sys
for n,l in enumerate(open(sys.argv[1],encoding="utf-8"),1):
    json.loads(l)' "$1"; then ok "valid JSON Lines: $1"; else bad "invalid JSON in $1"; fi
}
finish() {
	if [ "$fails" -ne 0 ]; then echo "$fails check(s) failed"; exit 1; fi
	exit 0
}
skip() { echo "$*"; exit 77; }
