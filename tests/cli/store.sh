#!/bin/sh
# store.sh — `dunlin ingest`, `query`, `export`, `stats` and `incident`
# end to end:
#   1. the hand-coded incident corpus (tests/corpus/incidents, ingested
#      with --events so the coder's quality does not matter): the exact
#      incidents, each filter, FTS, count-by, the three export formats,
#      stats, `incident`, idempotent re-ingest, usage errors;
#   2. the same articles through the coder: re-ingest changes nothing;
#   3. ../shared/seeds ingested twice: the same rows (skipped, with a
#      message, when ../shared is absent);
#   4. kill -9 in the middle of a large ingest, then a rerun: the same
#      database (counts and content checksum) as one clean run.
# Exit 0 pass, 1 fail, 77 skip.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
D=$BUILD/dunlin
C=$ROOT/tests/corpus/incidents
if [ ! -x "$D" ]; then
	echo "skipped: $D is not built"
	exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/dn-store-sh.XXXXXX")
trap 'rm -rf "$T"' EXIT
failed=0
DB=$T/c.db

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# same NAME CMD...: runs CMD (a command or a function of this script);
# its stdout, CRs removed, must equal stdin. (Helpers' variables start
# with _: the shell has no locals.)
same() {
	_name=$1
	shift
	cat > "$T/want"
	"$@" > "$T/got.raw" 2> "$T/err"
	_rc=$?
	tr -d '\r' < "$T/got.raw" > "$T/got"
	if [ $_rc -ne 0 ]; then
		fail "$_name: exit $_rc"
		cat "$T/err"
	elif ! cmp -s "$T/want" "$T/got"; then
		fail "$_name"
		diff -u "$T/want" "$T/got" | head -40
	fi
}

# ids FILTERS...: the ids the query selects, on one line.
ids() {
	"$D" query --db "$DB" --format csv "$@" | tr -d '\r' | tail -n +2 |
		cut -d, -f1 | tr '\n' ' ' | sed 's/ $//'
	echo
}

# status WANT NAME CMD...: CMD must exit with WANT.
status() {
	_want=$1
	_name=$2
	shift 2
	"$@" > "$T/out" 2> "$T/err"
	_rc=$?
	[ $_rc -eq "$_want" ] || fail "$_name: exit $_rc, wanted $_want ($(cat "$T/err"))"
}

# MARK: - 1. The incident corpus

"$D" ingest --db "$DB" --events "$C/events.ndjson" "$C/articles.jsonl" \
	2> "$T/err" || fail "ingest --events: exit $?"
grep -q "ingest: 8 stored, 0 unchanged, 0 failed; 21 events" "$T/err" ||
	fail "ingest summary: $(cat "$T/err")"
grep -q "$(printf '\r')" "$T/err" && fail "a progress bar without a terminal"

same "incidents" "$D" query --db "$DB" --incidents --format csv <<'EOF'
incident,event,date,precision,actor,recipient,place,dead,dead_range,reports,docs,sources
inc-02cf932725f6f176,THREATEN,2015-10-03,day,TUR:MIL,,,,,1,1,Anatolia Daily
inc-47864b1745d359e5,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,Kafr Nabl,40,12-45,5,4,Damascus Courier;Gulf Monitor;Levant Wire;Northern Dispatch
inc-634d33ecaadeda2d,ASSAULT,2015-10-03,day,,,Saraqib,7,7,1,1,Levant Wire
inc-63b167a498532df6,PROTEST,2015-10-03,day,SYR:CVL,SYR:GOV,Kafr Nabl,,,1,1,Levant Wire
inc-70ac74c7510124a4,ASSAULT,2015-10-03,day,TUR:MIL,SYR:REB,Afrin,3,3,3,2,Anatolia Daily;Northern Dispatch
inc-749c11fabfb546ba,ACCUSE,2015-10-04,day,SYR:OPP,RUS:MIL,,,,1,1,Northern Dispatch
inc-def8a9cc12db31fb,ACCUSE,2015-10-04,day,SYR:PTY,TUR:GOV,,,,1,1,Northern Dispatch
inc-9d764e41f2e68663,REQUEST,2015-10-05,day,SYR:OPP,UNO,,,,1,1,Gulf Monitor
inc-426e3a5f21500dad,CONSULT,2015-10-20,day,RUS:GOV;SYR:GOV,,Moscow,,,3,2,Capital Tribune;Levant Wire
inc-7a758ee5b47cf2f2,SUPPORT,2015-10-20,day,SYR:GOV,RUS:GOV,,,,1,1,Levant Wire
inc-95d0c6ef06e6bbaa,ACCUSE,2015-10-20,day,USA:GOV,RUS:GOV,,,,1,1,Northern Dispatch
inc-ad00b3aba59312fd,CONSULT,2015-10-20,day,RUS:GOV;USA:GOV,,,,,1,1,Northern Dispatch
EOF

# The analyst's question: every Russian ASSAULT in Idlib province in 2015
# with at least 10 dead, and who reported it.
same "analyst question" "$D" query --db "$DB" --incidents --actor RUS \
	--event ASSAULT --place Idlib --from 2015 --to 2015 --min-dead 10 \
	--format csv <<'EOF'
incident,event,date,precision,actor,recipient,place,dead,dead_range,reports,docs,sources
inc-47864b1745d359e5,ASSAULT,2015-10-03,day,RUS:MIL,SYR:CVL,Kafr Nabl,40,12-45,5,4,Damascus Courier;Gulf Monitor;Levant Wire;Northern Dispatch
EOF

same "incident explained" "$D" incident --db "$DB" nd-2015-10-04-idlib-raids#3 <<'EOF'
incident   inc-70ac74c7510124a4
event      ASSAULT
date       2015-10-03 (day)
place      Afrin, Aleppo SYR
actor      TUR:MIL
recipient  SYR:REB
dead       3
reports    3 in 2 documents (Anatolia Daily;Northern Dispatch)
why merged
  1. ad-2015-10-03-afrin ad-2015-10-03-afrin#1, sentence 0 (Anatolia Daily)
     2015-10-03 | Afrin | dead -
     "Turkish artillery units hit positions of the PYD militia near Afrin on Saturday after fire from across the border, military sources said."
     why: first report: the most precise and earliest account
  2. ad-2015-10-03-afrin ad-2015-10-03-afrin#2, sentence 1 (Anatolia Daily)
     2015-10-03 | no place | dead 3
     "Three militants were killed in the shelling, the sources added."
     why: same article as ad-2015-10-03-afrin#1: date 2015-10-03; actors compatible; anchors none (needed 0)
  3. nd-2015-10-04-idlib-raids nd-2015-10-04-idlib-raids#3, sentence 2 (Northern Dispatch)
     2015-10-03 | Afrin | dead 3
     "Separately, Turkish artillery shelled Kurdish fighters near Afrin in Aleppo province on Saturday, killing three of them."
     why: matches ad-2015-10-03-afrin#1 in ad-2015-10-03-afrin: ASSAULT; date 2015-10-03; place Afrin = Afrin; dead 3 ~ 3; same actors and recipients; anchors place+dead+dyad (needed 1)
EOF
"$D" incident --db "$DB" inc-47864b1745d359e5 > "$T/out"
for line in \
	"dead       40 (reports say 12-45)" \
	"  date: 2015-10-02 [gm-2015-10-05-idlib-toll]; 2015-10-03 [lw-2015-10-03-kafr-nabl, nd-2015-10-04-idlib-raids]" \
	"  dead: 12 [dc-2015-10-16-review]; 40 [gm-2015-10-05-idlib-toll, lw-2015-10-03-kafr-nabl]; 45 [nd-2015-10-04-idlib-raids]" \
	"     why: matches lw-2015-10-03-kafr-nabl#1 in lw-2015-10-03-kafr-nabl: ASSAULT; date 2015-10-03 in 2015-10; place Kafr Nabl = Kafr Nabl; dead 12+ ~ 40; same actors and recipients; anchors place+dyad (needed 2)"; do
	grep -qxF "$line" "$T/out" || fail "incident: no line '$line'"
done

filters() {
ids
ids --actor RUS
ids --actor SYR:OPP,TUR:MIL
ids --recipient SYR:REB
ids --recipient :gov
ids --event ASSAULT --mode aerial
ids --event consult --mode phone,visit
ids --from 2015-10-04 --to 2015-10-05
ids --from 2015-10-20
ids --place Idlib
ids --place Kafranbel
ids --place SYR --event PROTEST
ids --min-dead 10
ids --modality claimed,negated
ids --text market
ids --text 'Kafr*'
ids --text '"air raid" OR telephone'
ids --doc-text Kurdish
ids --doc ad-2015-10-03-afrin,dc-2015-10-16-review
ids --incidents --event CONSULT
ids --incidents --text Kafranbel
ids --incidents --min-dead 5
}
same "filters" filters <<'EOF'
dc-2015-10-16-review#1 gm-2015-10-05-idlib-toll#1 ad-2015-10-03-afrin#1 ad-2015-10-03-afrin#2 ad-2015-10-03-afrin#3 lw-2015-10-03-kafr-nabl#1 lw-2015-10-03-kafr-nabl#2 lw-2015-10-03-kafr-nabl#3 nd-2015-10-04-idlib-raids#1 nd-2015-10-04-idlib-raids#3 nd-2015-10-04-idlib-raids#2 nd-2015-10-04-idlib-raids#4 gm-2015-10-05-idlib-toll#2 ct-2015-10-21-moscow#1 ct-2015-10-21-moscow#2 lw-2015-10-21-assad-visit#1 lw-2015-10-21-assad-visit#2 nd-2015-10-20-phone-call#1 nd-2015-10-20-phone-call#2 ct-2015-10-21-moscow#3 lw-2015-10-03-kafr-nabl#4
dc-2015-10-16-review#1 gm-2015-10-05-idlib-toll#1 lw-2015-10-03-kafr-nabl#1 ct-2015-10-21-moscow#1 lw-2015-10-21-assad-visit#1 nd-2015-10-20-phone-call#1 ct-2015-10-21-moscow#3
ad-2015-10-03-afrin#1 ad-2015-10-03-afrin#3 nd-2015-10-04-idlib-raids#3 nd-2015-10-04-idlib-raids#2 gm-2015-10-05-idlib-toll#2
ad-2015-10-03-afrin#1 ad-2015-10-03-afrin#2 nd-2015-10-04-idlib-raids#3
lw-2015-10-03-kafr-nabl#3 nd-2015-10-04-idlib-raids#4 lw-2015-10-21-assad-visit#2 nd-2015-10-20-phone-call#2
dc-2015-10-16-review#1 gm-2015-10-05-idlib-toll#1 lw-2015-10-03-kafr-nabl#1 lw-2015-10-03-kafr-nabl#2 nd-2015-10-04-idlib-raids#1
ct-2015-10-21-moscow#1 lw-2015-10-21-assad-visit#1 nd-2015-10-20-phone-call#1
nd-2015-10-04-idlib-raids#2 nd-2015-10-04-idlib-raids#4 gm-2015-10-05-idlib-toll#2
ct-2015-10-21-moscow#1 ct-2015-10-21-moscow#2 lw-2015-10-21-assad-visit#1 lw-2015-10-21-assad-visit#2 nd-2015-10-20-phone-call#1 nd-2015-10-20-phone-call#2
dc-2015-10-16-review#1 gm-2015-10-05-idlib-toll#1 lw-2015-10-03-kafr-nabl#1 lw-2015-10-03-kafr-nabl#2 lw-2015-10-03-kafr-nabl#3 nd-2015-10-04-idlib-raids#1 lw-2015-10-03-kafr-nabl#4
nd-2015-10-04-idlib-raids#1
lw-2015-10-03-kafr-nabl#3
dc-2015-10-16-review#1 gm-2015-10-05-idlib-toll#1 lw-2015-10-03-kafr-nabl#1 nd-2015-10-04-idlib-raids#1
dc-2015-10-16-review#1 nd-2015-10-04-idlib-raids#1 ct-2015-10-21-moscow#3
lw-2015-10-03-kafr-nabl#1
dc-2015-10-16-review#1 lw-2015-10-03-kafr-nabl#1 lw-2015-10-03-kafr-nabl#3 nd-2015-10-04-idlib-raids#1 lw-2015-10-03-kafr-nabl#4
lw-2015-10-03-kafr-nabl#2 nd-2015-10-20-phone-call#1
nd-2015-10-04-idlib-raids#1 nd-2015-10-04-idlib-raids#3 nd-2015-10-04-idlib-raids#2 nd-2015-10-04-idlib-raids#4
dc-2015-10-16-review#1 ad-2015-10-03-afrin#1 ad-2015-10-03-afrin#2 ad-2015-10-03-afrin#3
inc-426e3a5f21500dad inc-ad00b3aba59312fd
inc-47864b1745d359e5
inc-47864b1745d359e5 inc-634d33ecaadeda2d
EOF

# --place through the gazetteer (built into $BUILD/gen by `make all`).
if [ -f "$BUILD/gen/cities.tsv" ]; then
	gazetteer() {
		ids --place Idleb
		ids --place Syria --event PROTEST
		ids --place Russia
	}
	same "place via gazetteer" gazetteer <<'EOF'
dc-2015-10-16-review#1 gm-2015-10-05-idlib-toll#1 lw-2015-10-03-kafr-nabl#1 lw-2015-10-03-kafr-nabl#2 lw-2015-10-03-kafr-nabl#3 nd-2015-10-04-idlib-raids#1 lw-2015-10-03-kafr-nabl#4
lw-2015-10-03-kafr-nabl#3
ct-2015-10-21-moscow#1 lw-2015-10-21-assad-visit#1
EOF
else
	echo "note: no $BUILD/gen/cities.tsv, --place by gazetteer not tested"
fi

count_by() {
	for by in month week day event actor dyad place; do
		"$D" query --db "$DB" --count-by $by --format csv
	done
	"$D" query --db "$DB" --incidents --count-by event --format csv
	"$D" query --db "$DB" --incidents --count-by month --format jsonl
	"$D" query --db "$DB" --incidents --count-by dyad --event ASSAULT --format table
}
same "count-by" count_by <<'EOF'
month,count
2015-10,19
unknown,2
week,count
2015-09-28,11
2015-10-05,1
2015-10-19,6
unknown,3
day,count
2015-10-02,1
2015-10-03,8
2015-10-04,2
2015-10-05,1
2015-10-20,6
unknown,3
event,count
ASSAULT,9
CONSULT,4
ACCUSE,3
MOBILIZE,1
PROTEST,1
REQUEST,1
SUPPORT,1
THREATEN,1
actor,count
RUS,7
SYR,7
?,5
TUR,3
USA,2
dyad,count
?>?,4
RUS>SYR,3
RUS=SYR,2
SYR>RUS,2
TUR>SYR,2
?>SYR,1
RUS=USA,1
RUS>?,1
SYR>SYR,1
SYR>TUR,1
SYR>UNO,1
TUR>?,1
USA>RUS,1
place,count
?,10
Kafr Nabl,5
Afrin,2
Moscow,2
Idlib,1
Saraqib,1
event,count
ACCUSE,3
ASSAULT,3
CONSULT,2
PROTEST,1
REQUEST,1
SUPPORT,1
THREATEN,1
{"month":"2015-10","count":12}
dyad     count
?>?      1
RUS>SYR  1
TUR>SYR  1
EOF

# export: PLOVER JSON gives back the records exactly as coded
"$D" export --db "$DB" --doc ad-2015-10-03-afrin > "$T/plover"
grep '"doc": "ad-2015-10-03-afrin"' "$C/events.ndjson" | cmp -s - "$T/plover" ||
	fail "export plover-json differs from the records as coded"
"$D" export --db "$DB" > "$T/all.ndjson"
[ "$(wc -l < "$T/all.ndjson")" -eq 21 ] || fail "export: not 21 records"

same "export csv" "$D" export --db "$DB" --format csv --doc ad-2015-10-03-afrin <<'EOF'
id,doc,sentence,date,date_precision,event,mode,context,cameo,actor,actor_text,actor_country,actor_sector,recipient,recipient_text,recipient_country,recipient_sector,place,province,country,lat,lon,resolution,place_text,dead_min,dead_max,injured_min,injured_max,modality,attribution,trigger,rule,incident,source,url,text
ad-2015-10-03-afrin#1,ad-2015-10-03-afrin,0,2015-10-03,day,ASSAULT,heavy-weapons,,194,TUR:MIL,Turkish artillery units,TUR,MIL,SYR:REB,the PYD militia,SYR,REB,Afrin,Aleppo,SYR,36.512,36.869,4,Afrin,,,,,asserted,military sources,hit,verb:hit,inc-70ac74c7510124a4,Anatolia Daily,https://anatoliadaily.example/afrin,"Turkish artillery units hit positions of the PYD militia near Afrin on Saturday after fire from across the border, military sources said."
ad-2015-10-03-afrin#2,ad-2015-10-03-afrin,1,2015-10-03,day,ASSAULT,,,190,,,,,SYR:REB,Three militants,SYR,REB,,,,,,,,3,3,,,asserted,,killed,verb:kill,inc-70ac74c7510124a4,Anatolia Daily,https://anatoliadaily.example/afrin,"Three militants were killed in the shelling, the sources added."
ad-2015-10-03-afrin#3,ad-2015-10-03-afrin,2,2015-10-03,day,THREATEN,violence,,138,TUR:MIL,The army,TUR,MIL,,,,,,,,,,,,,,,,asserted,,would respond,verb:respond,inc-02cf932725f6f176,Anatolia Daily,https://anatoliadaily.example/afrin,The army said it would respond to any further violation of the border.
EOF

cameo() {
	"$D" export --db "$DB" --format cameo-tsv --event ASSAULT,CONSULT | tr '\t' '|'
}
same "export cameo-tsv" cameo <<'EOF'
event_id|date|year|month|day|source|source_country|source_sector|target|target_country|target_sector|cameo|cameo_root|quad_class|score|lat|lon|place|province|country|doc_id|url|news_source
dc-2015-10-16-review#1|2015-10|2015|10||RUSMIL|RUS|MIL|SYRCVL|SYR|CVL|195|19|4|-9.5|35.547|36.561|Kafr Nabl|Idlib|SYR|dc-2015-10-16-review|https://damascuscourier.example/review|Damascus Courier
gm-2015-10-05-idlib-toll#1|2015-10-02|2015|10|02|RUSMIL|RUS|MIL||||195|19|4|-9.5|35.8|36.6|Idlib|Idlib|SYR|gm-2015-10-05-idlib-toll|https://gulfmonitor.example/news/idlib-toll|Gulf Monitor
ad-2015-10-03-afrin#1|2015-10-03|2015|10|03|TURMIL|TUR|MIL|SYRREB|SYR|REB|194|19|4|-9.5|36.512|36.869|Afrin|Aleppo|SYR|ad-2015-10-03-afrin|https://anatoliadaily.example/afrin|Anatolia Daily
ad-2015-10-03-afrin#2|2015-10-03|2015|10|03||||SYRREB|SYR|REB|190|19|4|-9.0||||||ad-2015-10-03-afrin|https://anatoliadaily.example/afrin|Anatolia Daily
lw-2015-10-03-kafr-nabl#1|2015-10-03|2015|10|03|RUSMIL|RUS|MIL|SYRCVL|SYR|CVL|195|19|4|-9.5|35.547|36.561|Kafr Nabl|Idlib|SYR|lw-2015-10-03-kafr-nabl|https://levantwire.example/2015/10/03/kafr-nabl|Levant Wire
lw-2015-10-03-kafr-nabl#2|2015-10-03|2015|10|03|||||||195|19|4|-9.5|35.862|36.8|Saraqib|Idlib|SYR|lw-2015-10-03-kafr-nabl|https://levantwire.example/2015/10/03/kafr-nabl|Levant Wire
nd-2015-10-04-idlib-raids#1|2015-10-03|2015|10|03|||||||195|19|4|-9.5|35.547|36.561|Kafr Nabl|Idlib|SYR|nd-2015-10-04-idlib-raids|https://northerndispatch.example/idlib-raids|Northern Dispatch
nd-2015-10-04-idlib-raids#3|2015-10-03|2015|10|03|TURMIL|TUR|MIL|SYRREB|SYR|REB|194|19|4|-9.5|36.512|36.869|Afrin|Aleppo|SYR|nd-2015-10-04-idlib-raids|https://northerndispatch.example/idlib-raids|Northern Dispatch
ct-2015-10-21-moscow#1|2015-10-20|2015|10|20|SYRGOV|SYR|GOV|RUSGOV|RUS|GOV|042|04|1|4.0|55.756|37.617|Moscow|Moscow|RUS|ct-2015-10-21-moscow|https://capitaltribune.example/assad-moscow|Capital Tribune
ct-2015-10-21-moscow#2|2015-10-20|2015|10|20|---GOV||GOV||||040|04|1|2.5||||||ct-2015-10-21-moscow|https://capitaltribune.example/assad-moscow|Capital Tribune
lw-2015-10-21-assad-visit#1|2015-10-20|2015|10|20|SYRGOV|SYR|GOV|RUSGOV|RUS|GOV|042|04|1|4.0|55.756|37.617|Moscow|Moscow|RUS|lw-2015-10-21-assad-visit|https://levantwire.example/2015/10/21/assad-visit|Levant Wire
nd-2015-10-20-phone-call#1|2015-10-20|2015|10|20|USAGOV|USA|GOV|RUSGOV|RUS|GOV|041|04|1|1.5||||||nd-2015-10-20-phone-call|https://northerndispatch.example/kerry-lavrov|Northern Dispatch
lw-2015-10-03-kafr-nabl#4|||||||||||190|19|4|-9.0|35.547|36.561|Kafr Nabl|Idlib|SYR|lw-2015-10-03-kafr-nabl|https://levantwire.example/2015/10/03/kafr-nabl|Levant Wire
EOF

same "stats" "$D" stats --db "$DB" <<'EOF'
documents    8
sentences    21
events       21
entities     40
places       5
incidents    12
reports      20

by category          events  incidents
  ASSAULT                 9          3
  CONSULT                 4          2
  ACCUSE                  3          3
  MOBILIZE                1          0
  PROTEST                 1          1
  REQUEST                 1          1
  SUPPORT                 1          1
  THREATEN                1          1

by month             events  incidents
  2015-10                19         12
  unknown                 2          0
EOF
status 0 "stats --check" "$D" stats --db "$DB" --check

# re-ingesting changes nothing; --force rewrites the same rows
sum=$("$D" stats --db "$DB" --checksum)
"$D" ingest --db "$DB" --events "$C/events.ndjson" "$C/articles.jsonl" 2> "$T/err"
grep -q "ingest: 0 stored, 8 unchanged, 0 failed" "$T/err" ||
	fail "re-ingest: $(cat "$T/err")"
[ "$("$D" stats --db "$DB" --checksum)" = "$sum" ] || fail "re-ingest changed the database"
"$D" ingest --db "$DB" --force --quiet --events "$C/events.ndjson" "$C/articles.jsonl"
[ "$("$D" stats --db "$DB" --checksum)" = "$sum" ] || fail "ingest --force changed the database"

# usage errors exit 2, failures 1
status 2 "bad category" "$D" query --db "$DB" --event ATTACK
status 2 "bad actor" "$D" query --db "$DB" --actor R2D2
status 2 "bad date" "$D" query --db "$DB" --from 2015-13
status 2 "bad count-by" "$D" query --db "$DB" --count-by year
status 2 "bad FTS query" "$D" query --db "$DB" --text 'AND AND'
status 2 "unknown option" "$D" query --db "$DB" --bogus
status 2 "bad export format" "$D" export --db "$DB" --format xml
status 2 "export of incidents" "$D" export --db "$DB" --incidents
status 2 "ingest without input" "$D" ingest --db "$DB"
status 1 "unknown incident" "$D" incident --db "$DB" inc-0000
status 1 "bad record" "$D" ingest --db "$T/bad.db" --events "$C/articles.jsonl" "$C/articles.jsonl"
status 0 "help" "$D" help query

# MARK: - 2. Through the coder

CDB=$T/coded.db
status 0 "ingest (coder)" "$D" ingest --db "$CDB" "$C/articles.jsonl"
sum=$("$D" stats --db "$CDB" --checksum)
"$D" ingest --db "$CDB" "$C/articles.jsonl" 2> "$T/err"
grep -q "ingest: 0 stored, 8 unchanged" "$T/err" || fail "coder re-ingest: $(cat "$T/err")"
[ "$("$D" stats --db "$CDB" --checksum)" = "$sum" ] || fail "coder re-ingest changed the database"
status 0 "coded stats --check" "$D" stats --db "$CDB" --check

# MARK: - 3. The seeds, twice

SEEDS=$ROOT/../shared/seeds
if [ -d "$SEEDS" ]; then
	SDB=$T/seeds.db
	status 0 "ingest seeds" "$D" ingest --db "$SDB" "$SEEDS"
	"$D" stats --db "$SDB" | head -7 > "$T/rows1"
	sum=$("$D" stats --db "$SDB" --checksum)
	status 0 "ingest seeds again" "$D" ingest --db "$SDB" "$SEEDS"
	"$D" stats --db "$SDB" | head -7 > "$T/rows2"
	cmp -s "$T/rows1" "$T/rows2" || fail "seeds twice: row counts differ"
	[ "$("$D" stats --db "$SDB" --checksum)" = "$sum" ] || fail "seeds twice: content differs"
	grep -q "documents    5" "$T/rows2" || fail "seeds: not 5 documents"
	status 0 "seeds stats --check" "$D" stats --db "$SDB" --check
else
	echo "note: the seeds part is skipped: ../shared is absent"
fi

# MARK: - 4. kill -9 in the middle of a large ingest

# docs DB: the number of documents committed to DB (0 before any).
docs() {
	_n=$("$D" stats --db "$1" --json 2> /dev/null |
		sed -n 's/.*"documents":\([0-9]*\).*/\1/p')
	echo "${_n:-0}"
}

# COPIES copies of the corpus with other ids and publication dates (so
# that each copy's incidents fall on other days): 8 documents a copy.
copies() {
	awk -v N="$1" '{
		for (k = 1; k <= N; k++) {
			line = $0
			sub(/"id": "/, "\"id\": \"c" k "-", line)
			gsub(/"date": "2015-10-/, sprintf("\"date\": \"%04d-%02d-", 1990 + int(k / 12) % 30, k % 12 + 1), line)
			print line
		}
	}' "$C/articles.jsonl" > "$T/big.jsonl"
}

# Starts an ingest of big.jsonl into killed.db and kills it with -9 once
# a batch or two is committed. Returns 1 when it ended first.
kill_ingest() {
	rm -f "$T"/killed.db*
	"$D" ingest --db "$T/killed.db" --quiet --batch 200 "$T/big.jsonl" &
	_pid=$!
	_tries=0
	while [ "$(docs "$T/killed.db")" -lt 200 ] && [ $_tries -lt 600 ] &&
		kill -0 $_pid 2> /dev/null; do
		sleep 0.02
		_tries=$((_tries + 1))
	done
	kill -9 $_pid 2> /dev/null || return 1
	wait $_pid 2> /dev/null
	[ "$(docs "$T/killed.db")" -lt "$(wc -l < "$T/big.jsonl")" ]
}

# 4,000 documents, more if this machine ingests them before the kill.
n=500
copies $n
while ! kill_ingest && [ $n -lt 4000 ]; do
	n=$((n * 2))
	copies $n
done
total=$(wc -l < "$T/big.jsonl")
killed_at=$(docs "$T/killed.db")
if [ "$killed_at" -ge "$total" ]; then
	fail "every ingest of $total documents ended before it could be killed"
else
	echo "killed the ingest with $killed_at of $total documents committed"
fi
status 0 "killed stats --check" "$D" stats --db "$T/killed.db" --check
"$D" ingest --db "$T/killed.db" --batch 200 "$T/big.jsonl" 2> "$T/err" ||
	fail "rerun after kill: exit $?"
grep -q "0 failed" "$T/err" || fail "rerun after kill: $(cat "$T/err")"

"$D" ingest --db "$T/clean.db" --quiet --batch 200 "$T/big.jsonl" ||
	fail "clean large ingest: exit $?"
"$D" stats --db "$T/clean.db" | head -7 > "$T/clean.rows"
"$D" stats --db "$T/killed.db" | head -7 > "$T/killed.rows"
cmp -s "$T/clean.rows" "$T/killed.rows" || {
	fail "kill -9 + rerun: row counts differ"
	diff "$T/clean.rows" "$T/killed.rows"
}
want=$("$D" stats --db "$T/clean.db" --checksum)
got=$("$D" stats --db "$T/killed.db" --checksum)
[ "$got" = "$want" ] ||
	fail "kill -9 + rerun: content differs from a clean run ($got, $want)"
status 0 "rerun stats --check" "$D" stats --db "$T/killed.db" --check

if [ $failed -ne 0 ]; then
	echo "$failed store checks failed"
	exit 1
fi
echo "store: all checks passed"
exit 0
