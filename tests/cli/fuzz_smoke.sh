#!/bin/sh
# fuzz_smoke.sh — the libFuzzer target builds, survives every committed
# seed input and a short fuzzing run (tests/fuzz/run.sh).
#
#   CI=true or FUZZ=1   replay the seeds, then fuzz for FUZZ_SMOKE_SECONDS
#                       (default 30)
#   otherwise           replay the seeds only: deterministic, so a local
#                       `make check` never fails by chance (the first build
#                       of build/fuzz takes some seconds; later ones only
#                       recompile what changed)
#   FUZZ=0              skip
#
# Exit 0 pass, 77 skip (reason on the last line), anything else fails.
cd "$(dirname "$0")/../.." || exit 1

skip() { echo "$*"; exit 77; }

[ "${FUZZ:-}" = 0 ] && skip "fuzzing disabled by FUZZ=0"
command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1 ||
	skip "clang not installed (scripts/bootstrap installs it)"
probe=$(mktemp -d "${TMPDIR:-/tmp}/dn-fuzzprobe-XXXXXX") || exit 1
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	> "$probe/p.c"
if ! "${FUZZ_CC:-clang}" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>"$probe/err"; then
	cat "$probe/err"
	rm -rf "$probe"
	skip "clang cannot build libFuzzer targets (Debian package libclang-rt-14-dev)"
fi
rm -rf "$probe"

if [ "${CI:-}" = true ] || [ "${FUZZ:-}" = 1 ]; then
	exec tests/fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-30}"
fi
exec tests/fuzz/run.sh 0
