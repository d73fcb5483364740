#!/bin/sh
# `dunlin split` shows the pipeline's view: the publication date and its
# evidence, boilerplate regions, the dateline and sentences with offsets.
. "$(dirname "$0")/lib.inc"
cat > "$TMP/story.txt" <<'TXT'
By Jane Roe
Staff Correspondent

BEIRUT, Lebanon – Israeli jets struck targets near the border on Monday, the army said. Two people were wounded.

Soldiers patrol the border. (Photo courtesy of Reuters)

For more information please see:

Agency One – Jets strike border targets – 14 March 2016
Agency Two – Border tension rises – 12 March 2016
TXT
expect_rc 0 "$DUNLIN" split "$TMP/story.txt"
valid_jsonl "$TMP/out"
grep -q '"pubdate":"2016-03-14","evidence":"references"' "$TMP/out" && ok "pubdate from the reference list" || bad "pubdate not inferred: $(head -1 "$TMP/out")"
for kind in byline dateline caption sources; do
	grep -q "\"region\":\"$kind\"" "$TMP/out" && ok "region $kind" || bad "no $kind region"
done
grep -q '"sentence":0,.*"text":"Israeli jets struck targets near the border on Monday, the army said."' "$TMP/out" && ok "first sentence after the dateline" || bad "first sentence wrong"
# an input date wins over the text
printf '{"id":"d","text":"Rebels shelled Hama on Monday.","date":"2016-03-01"}\n' > "$TMP/d.jsonl"
expect_rc 0 "$DUNLIN" split "$TMP/d.jsonl"
grep -q '"pubdate":"2016-03-01","evidence":"input"' "$TMP/out" && ok "input date" || bad "input date not used"
# no date anywhere: unresolved, not guessed
printf 'Rebels shelled Hama on Monday.\n' > "$TMP/nodate.txt"
expect_rc 0 "$DUNLIN" code "$TMP/nodate.txt"
grep -q '"date":null,"date_precision":"unknown"' "$TMP/out" && ok "no publication date: event date unresolved" || bad "date guessed: $(head -c 400 "$TMP/out")"
finish
