#!/bin/bash
# run.sh — builds the libFuzzer target and fuzzes the pipeline and reader.
#
#   tests/fuzz/run.sh SECONDS     build, replay the seeds, fuzz SECONDS
#                                 (make fuzz: FUZZ_SECONDS, default 60)
#   tests/fuzz/run.sh 0           build and replay the seeds only
#   tests/fuzz/run.sh --build     build only
#   tests/fuzz/run.sh FILE...     run the target once on each FILE (to
#                                 reproduce a crash artifact)
#
# The build goes to build/fuzz/: the library sources (src/**/*.c except
# src/cli) compiled by clang with -fsanitize=fuzzer-no-link,address,undefined
# into build/fuzz/libdunlin.a, linked with tests/fuzz/fuzz_pipeline.c under
# -fsanitize=fuzzer. Objects are rebuilt when their source, any header or
# the flags change.
#
# Fuzzing starts from the committed seeds (tests/fuzz/corpus/, read only)
# plus what earlier runs found (build/fuzz/corpus/, where new inputs go),
# with the tokens of tests/fuzz/fuzzer.dict. A crash, sanitizer report,
# leak or timeout stops the run; the input is saved under
# build/fuzz/artifacts/ and the script exits non-zero.
#
#   FUZZ_CC=clang  FUZZ_JOBS=<nproc>  FUZZ_TIMEOUT=20 (seconds per input)
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=build/fuzz
BIN=$OUT/fuzz_pipeline
CC=${FUZZ_CC:-clang}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
PKGS=$(sed -n 's/^PKGS := //p' Makefile) # the same libraries as the build

die() { echo "fuzz: $*" >&2; exit 1; }

# MARK: - Build

build() {
	command -v "$CC" >/dev/null || die "$CC not found (Debian package clang)"
	local pkg_cflags pkg_libs
	# shellcheck disable=SC2086 # PKGS is a list of words
	pkg-config --exists $PKGS || die "pkg-config cannot find all of: $PKGS"
	# shellcheck disable=SC2086
	read -ra pkg_cflags <<< "$(pkg-config --cflags $PKGS)"
	# shellcheck disable=SC2086
	read -ra pkg_libs <<< "$(pkg-config --libs $PKGS)"
	# The Makefile's flags, minus -Werror (a clang-only warning in new code
	# must not stop the fuzzer), plus the sanitizers.
	local cflags=(-std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes
		-Wmissing-prototypes -g -O1 -fno-omit-frame-pointer
		-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DDN_BUILDING
		-DDN_FUZZING -fvisibility=hidden -Iinclude -Isrc "${pkg_cflags[@]}"
		"-DDN_DATA_DIR=\"$PWD/data\"" "-DDN_GEN_DIR=\"$PWD/$OUT/gen\""
		-fno-sanitize-recover=all)
	# shellcheck disable=SC2054 # the commas belong to the flag
	local san_lib=(-fsanitize=fuzzer-no-link,address,undefined)
	# shellcheck disable=SC2054
	local san_bin=(-fsanitize=fuzzer,address,undefined)
	local libs=("${pkg_libs[@]}" -lwordnet -lm -lpthread)

	mkdir -p "$OUT/obj"
	# The generated tables, through the Makefile's own rule (without the
	# variables of a calling make, such as BUILD=build/asan SAN=1).
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make --no-print-directory -s BUILD="$OUT" gen >&2 || die "make gen failed"

	# Every object is rebuilt when the compiler or the flags change.
	local sig
	sig="$($CC --version | head -1) ${cflags[*]} ${san_lib[*]}"
	if [ "$(cat "$OUT/flags" 2>/dev/null)" != "$sig" ]; then
		rm -rf "$OUT/obj"
		mkdir -p "$OUT/obj"
		printf '%s\n' "$sig" > "$OUT/flags"
	fi

	local src obj stale=() objs=()
	while IFS= read -r src; do
		obj="$OUT/obj/${src%.c}.o"
		objs+=("$obj")
		if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
			[ -n "$(find include src -name '*.h' -newer "$obj" -print -quit)" ]; then
			stale+=("$src")
		fi
	done < <(find src -name '*.c' -not -path 'src/cli/*' | LC_ALL=C sort)
	[ ${#objs[@]} -gt 0 ] || die "no library sources under src/"

	if [ ${#stale[@]} -gt 0 ]; then
		echo "fuzz: compiling ${#stale[@]} of ${#objs[@]} library files with $CC" >&2
		export FUZZ_OUT=$OUT
		# shellcheck disable=SC2016 # expanded by the inner bash
		printf '%s\n' "${stale[@]}" | xargs -P "$JOBS" -I{} bash -c '
			src=$1; shift
			obj="$FUZZ_OUT/obj/${src%.c}.o"
			mkdir -p "$(dirname "$obj")"
			"$@" -c "$src" -o "$obj.tmp" && mv "$obj.tmp" "$obj"
		' _ {} "$CC" "${cflags[@]}" "${san_lib[@]}" ||
			die "compiling the library failed"
	fi

	# An archive, as the Makefile does, so that only the objects the
	# target needs are linked.
	local lib=$OUT/libdunlin.a o
	for o in "${objs[@]}"; do
		if [ ! -f "$lib" ] || [ "$o" -nt "$lib" ]; then
			rm -f "$lib"
			ar rcs "$lib" "${objs[@]}" || die "ar failed"
			break
		fi
	done
	if [ ! -x "$BIN" ] || [ tests/fuzz/fuzz_pipeline.c -nt "$BIN" ] ||
		[ "$lib" -nt "$BIN" ]; then
		echo "fuzz: linking $BIN" >&2
		"$CC" "${cflags[@]}" "${san_bin[@]}" tests/fuzz/fuzz_pipeline.c \
			"$lib" "${libs[@]}" -o "$BIN.tmp" || die "linking failed"
		mv "$BIN.tmp" "$BIN"
	fi
}

# MARK: - Run

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

replay() {
	echo "fuzz: replaying $(find tests/fuzz/corpus -type f | wc -l) seed inputs" >&2
	"$BIN" -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-20}" tests/fuzz/corpus/* \
		> "$OUT/replay.log" 2>&1 || {
		tail -60 "$OUT/replay.log" >&2
		die "a seed input failed (log: $OUT/replay.log)"
	}
}

fuzz() {
	local secs=$1
	mkdir -p "$OUT/corpus" "$OUT/artifacts"
	echo "fuzz: fuzzing for $secs s (new inputs: $OUT/corpus, crashes: $OUT/artifacts)" >&2
	local rc=0
	"$BIN" -max_total_time="$secs" -max_len=65536 \
		-timeout="${FUZZ_TIMEOUT:-20}" -rss_limit_mb=2048 \
		-dict=tests/fuzz/fuzzer.dict -artifact_prefix="$OUT/artifacts/" \
		-print_final_stats=1 "$OUT/corpus" tests/fuzz/corpus \
		> "$OUT/fuzz.log" 2>&1 || rc=$?
	if [ $rc -ne 0 ]; then
		tail -80 "$OUT/fuzz.log" >&2
		echo "fuzz: FAILED (exit $rc); full log: $OUT/fuzz.log" >&2
		echo "fuzz: reproduce with: tests/fuzz/run.sh $OUT/artifacts/<file>" >&2
		exit $rc
	fi
	grep -E '^(#[0-9]+\s+DONE|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' \
		"$OUT/fuzz.log" >&2 || true
	echo "fuzz: no crash in $secs s" >&2
}

[ $# -ge 1 ] || { echo "usage: tests/fuzz/run.sh SECONDS | --build | FILE..." >&2; exit 2; }
case $1 in
--build)
	build
	;;
*[!0-9]*)
	build
	"$BIN" -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-20}" "$@"
	;;
*)
	build
	replay
	[ "$1" -gt 0 ] && fuzz "$1"
	echo "fuzz: ok" >&2
	;;
esac
