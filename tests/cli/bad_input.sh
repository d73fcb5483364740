#!/bin/sh
# Bad input never crashes and never loses data silently: each case gets a
# message naming the document or line, the rest is still coded, and the
# exit status says something failed.
. "$(dirname "$0")/lib.inc"

good='Syrian troops shelled rebel positions near Hama on Monday, killing 12 fighters.'

# invalid UTF-8 and NUL bytes: coded, with a warning naming the document
printf 'Russian warplanes bombed \377\376 rebel areas in Idlib.\n' > "$TMP/badutf8.txt"
printf 'Turkish troops\000 shelled Kurdish positions near Afrin.\n' > "$TMP/nul.txt"
expect_rc 0 "$DUNLIN" code --date 2016-03-01 "$TMP/badutf8.txt" "$TMP/nul.txt"
expect_err 'badutf8: 2 invalid UTF-8 bytes replaced'
expect_err 'nul: 1 NUL bytes replaced'
valid_jsonl "$TMP/out"
grep -q '"doc":"badutf8"' "$TMP/out" && ok "badutf8 coded" || bad "badutf8 produced no event"

# a file name that is not UTF-8: the id in the output is still valid JSON
printf '%s\n' "$good" > "$TMP/$(printf 'caf\351')-report.txt"
expect_rc 0 "$DUNLIN" code --date 2016-03-01 "$TMP/$(printf 'caf\351')-report.txt"
valid_jsonl "$TMP/out"
grep -q '"doc":"caf?-report"' "$TMP/out" && ok "invalid bytes of the id replaced" || bad "id not cleaned: $(head -c 200 "$TMP/out")"

# an empty file fails by name; the good one next to it is still coded
: > "$TMP/empty.txt"
echo "$good" > "$TMP/good.txt"
expect_rc 1 "$DUNLIN" code "$TMP/empty.txt" "$TMP/good.txt"
expect_err 'empty: empty document'
expect_err '2 documents read, 1 coded, 1 failed'
grep -q '"doc":"good"' "$TMP/out" && ok "good coded beside empty" || bad "good not coded"

# JSON Lines: malformed line, missing id, missing text, wrong type, duplicate id
cat > "$TMP/docs.jsonl" <<JSONL
{"id":"j1","text":"$good","date":"2016-03-01"}
{"id":"j2","text":"broken
{"text":"no id here"}
{"id":"j3"}
{"id":"j4","text":["not","a","string"]}
{"id":"j1","text":"duplicate id"}
{"id":"j5","text":"Israeli jets struck Hamas targets in Gaza on Sunday.","date":"2016-03-01"}
JSONL
expect_rc 1 "$DUNLIN" code "$TMP/docs.jsonl"
expect_err 'docs.jsonl:2: malformed JSON'
expect_err 'docs.jsonl:3: missing "id"'
expect_err 'docs.jsonl:4: document j3: missing "text"'
expect_err 'docs.jsonl:5: document j4: "text" must be a string'
expect_err 'docs.jsonl:6: duplicate document id "j1"'
expect_err '2 documents read, 2 coded, 5 failed'
grep -q '"doc":"j5"' "$TMP/out" && ok "j5 coded after the bad lines" || bad "j5 not coded"
valid_jsonl "$TMP/out"

# a directory with an unreadable entry (a dangling link) and a good file
mkdir "$TMP/dir"
echo "$good" > "$TMP/dir/a.txt"
ln -s /nonexistent/file.txt "$TMP/dir/b.txt"
echo "$good" > "$TMP/dir/c.txt"
expect_rc 1 "$DUNLIN" code "$TMP/dir"
expect_err 'b.txt: cannot'
n=$(grep -c '"doc":"[ac]"' "$TMP/out")
[ "$n" -ge 2 ] && ok "a and c coded around b" || bad "a/c not both coded ($n)"

# a 50 MB document on one line
python3 -c 'import sys
s="Rebels shelled the government-held district of Aleppo on Monday and fighters of the army responded with artillery fire "
sys.stdout.write((s*(50*1024*1024//len(s)+1))[:50*1024*1024])' > "$TMP/huge.txt"
expect_rc 0 "$DUNLIN" code --date 2016-03-01 "$TMP/huge.txt"
expect_err '1 documents read, 1 coded, 0 failed'
valid_jsonl "$TMP/out"

# output to a closed pipe: no crash, a clear message, non-zero status
for i in $(seq 1 400); do echo "{\"id\":\"p$i\",\"text\":\"$good\",\"date\":\"2016-03-01\"}"; done > "$TMP/many.jsonl"
"$DUNLIN" code "$TMP/many.jsonl" 2> "$TMP/err" | head -c 100 > /dev/null
rc=$(cat "$TMP/err" | grep -c 'cannot write the output')
[ "$rc" -eq 1 ] && ok "closed pipe reported" || { bad "closed pipe not reported"; cat "$TMP/err"; }

# unknown option: usage and status 2
expect_rc 2 "$DUNLIN" code --bogus
expect_err 'unknown option'
expect_rc 2 "$DUNLIN" frobnicate
finish
