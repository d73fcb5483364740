#!/bin/sh
# The golden coder cases written for the project (tests/golden/coder.txt):
# per-category and per-construction pass counts, and a floor on the share
# of cases that pass (the share this checkout reaches, so it never slips).
. "$(dirname "$0")/lib.inc"
python3 tests/golden/run.py "$DUNLIN" tests/golden/coder.txt --min-pass 0.46 --explain
