#!/bin/sh
# Output with --threads 1 and --threads 2 is byte-identical.
. "$(dirname "$0")/lib.inc"
inputs="examples tests/golden"
[ -d "$SHARED/seeds" ] && inputs="$inputs $SHARED/seeds"
python3 tests/golden/run.py --help > /dev/null 2>&1
# the golden sentences as documents too
python3 - > "$TMP/golden.jsonl" <<'PY'
import json
n = 0
for line in open("tests/golden/coder.txt", encoding="utf-8"):
    if line.strip() and line[0] not in "#@=-":
        n += 1
        print(json.dumps({"id": f"g{n}", "text": line.strip(), "date": "2016-10-12"}))
PY
"$DUNLIN" code --threads 1 examples "$TMP/golden.jsonl" > "$TMP/t1" 2>/dev/null
"$DUNLIN" code --threads 2 examples "$TMP/golden.jsonl" > "$TMP/t2" 2>/dev/null
"$DUNLIN" code --threads 7 examples "$TMP/golden.jsonl" > "$TMP/t7" 2>/dev/null
[ -s "$TMP/t1" ] && ok "events written ($(wc -l < "$TMP/t1"))" || bad "no events"
cmp -s "$TMP/t1" "$TMP/t2" && ok "1 and 2 threads identical" || bad "1 and 2 threads differ"
cmp -s "$TMP/t1" "$TMP/t7" && ok "1 and 7 threads identical" || bad "1 and 7 threads differ"
finish
