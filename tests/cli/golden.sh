#!/bin/sh
# The golden coder cases written for the project (tests/golden/coder.txt):
# per-category and per-construction pass counts, and a bar on the share of
# cases that pass.
. "$(dirname "$0")/lib.sh"
python3 tests/golden/run.py "$DUNLIN" tests/golden/coder.txt --min-pass 0.60 --explain
