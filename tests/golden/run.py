#!/usr/bin/env python3
"""Runs the golden coder cases (tests/golden/coder.txt) through dunlin.

  run.py DUNLIN [CASES] [--min-pass X] [--explain]

Each case is coded as its own document with the case's publication date.
Prints the pass count per category and per construction tag, and exits 1
when the share of passing cases is below --min-pass (default 0.0).
A case passes when every expectation line finds its own matching event
(and a "none" case yields no event at all).
"""
import json
import subprocess
import sys
import unicodedata
from collections import defaultdict


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.replace("-", " ").replace("'", "").lower().split())


def parse(path):
    cases, date, tags, section = [], None, [], None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("#tags:"):
            tags = line[6:].split()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@date "):
            date = line[6:].strip()
        elif line.startswith("== "):
            section = line[3:].strip()
        elif line.startswith("-> "):
            cases[-1]["expect"].append(parse_expect(line[3:].strip(), path, n))
        else:
            cases.append(dict(text=line, date=date, tags=tags, section=section,
                              line=n, expect=[]))
            tags = []
    return cases


def parse_expect(s, path, n):
    if s == "none":
        return None
    head, _, rest = s.partition(" ")
    exp = {"types": head.split("/")}
    keys = ("actor=", "recipient=", "modality=", "date=", "dead=", "location=")
    i = 0
    while i < len(rest):
        for k in keys:
            if rest.startswith(k, i):
                j = len(rest)
                for k2 in keys:
                    p = rest.find(" " + k2, i + len(k))
                    if p >= 0:
                        j = min(j, p)
                val = rest[i + len(k):j].strip()
                exp[k[:-1]] = val
                i = j + 1
                break
        else:
            sys.exit(f"{path}:{n}: cannot read expectation {rest[i:]!r}")
    return exp


def codes(v):
    return set() if v in ("-", "") else set(v.split(","))


def countries(ents):
    return {e.get("country") for e in ents or [] if e.get("country")}


def event_ok(ev, exp):
    if ev["event"] not in exp["types"]:
        return False
    alt = ev["event"] != exp["types"][0]
    pa, pr = countries(ev["actor"]), countries(ev["recipient"])
    if "actor" in exp:
        want = codes(exp["actor"])
        if exp.get("recipient") == "-":
            if (pa | pr) != want:
                return False
        elif pa != want:
            return False
    if alt:
        return True
    if "recipient" in exp and exp["recipient"] != "-" and pr != codes(exp["recipient"]):
        return False
    if "modality" in exp and ev.get("modality") != exp["modality"]:
        return False
    if "date" in exp and not (ev.get("date") or "").startswith(exp["date"]):
        return False
    if "dead" in exp and (ev.get("dead") or {}).get("min") != int(exp["dead"]):
        return False
    if "location" in exp:
        loc = ev.get("location") or {}
        want = fold(exp["location"])
        names = [fold(loc.get(k)) for k in ("text", "name", "province")]
        if not any(x and (want in x or x in want) for x in names):
            return False
    return True


def matches(events, expects):
    """Each expectation needs its own event (bipartite, small: greedy with backtracking)."""
    def go(i, used):
        if i == len(expects):
            return True
        for j, ev in enumerate(events):
            if j not in used and event_ok(ev, expects[i]):
                if go(i + 1, used | {j}):
                    return True
        return False
    return go(0, frozenset())


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    dunlin = args[0]
    path = args[1] if len(args) > 1 else "tests/golden/coder.txt"
    min_pass = 0.0
    if "--min-pass" in argv:
        min_pass = float(argv[argv.index("--min-pass") + 1])
        if str(min_pass) in args:
            args.remove(str(min_pass))
    cases = parse(path)
    docs = "".join(json.dumps({"id": f"case{i}", "text": c["text"], "date": c["date"]}) + "\n"
                   for i, c in enumerate(cases))
    out = subprocess.run([dunlin, "code", "--quiet", "-"], input=docs.encode(),
                         capture_output=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode())
        sys.exit(f"dunlin code failed with status {out.returncode}")
    by_doc = defaultdict(list)
    for line in out.stdout.decode().splitlines():
        ev = json.loads(line)
        by_doc[ev["doc"]].append(ev)
    per_cat = defaultdict(lambda: [0, 0])
    per_tag = defaultdict(lambda: [0, 0])
    passed = 0
    fails = []
    for i, c in enumerate(cases):
        evs = by_doc.get(f"case{i}", [])
        if c["expect"] == [None]:
            ok = not evs
            cats = ["NONE"]
        else:
            ok = matches(evs, [e for e in c["expect"] if e])
            cats = [e["types"][0] for e in c["expect"] if e]
        passed += ok
        for cat in set(cats):
            per_cat[cat][0] += ok
            per_cat[cat][1] += 1
        for t in c["tags"]:
            per_tag[t][0] += ok
            per_tag[t][1] += 1
        if not ok:
            got = "; ".join(f"{e['event']} a={sorted(countries(e['actor']))} r={sorted(countries(e['recipient']))} "
                            f"{e['modality']} {e.get('date')} {(e.get('location') or {}).get('name')} "
                            f"dead={(e.get('dead') or {}).get('min')}" for e in evs) or "(no event)"
            fails.append(f"{path}:{c['line']}: {c['text']}\n    want: "
                         + " | ".join("none" if e is None else " ".join(
                             [ "/".join(e["types"]) ] + [f"{k}={v}" for k, v in e.items() if k != "types"])
                                      for e in c["expect"]) + f"\n    got:  {got}")
    if "--explain" in argv:
        print("\n".join(fails))
        print()
    print("category      passed/cases")
    for cat in sorted(per_cat):
        p, n = per_cat[cat]
        print(f"  {cat:<12}{p:>4}/{n:<4}")
    print("construction  passed/cases")
    for t in sorted(per_tag):
        p, n = per_tag[t]
        print(f"  {t:<12}{p:>4}/{n:<4}")
    share = passed / len(cases) if cases else 0
    print(f"golden: {passed} of {len(cases)} cases pass ({share:.3f}); bar {min_pass}")
    return 0 if share >= min_pass else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
