#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz.sh [SECONDS [TARGET...]]: builds the libFuzzer targets of tests/fuzz/
# (clang, -fsanitize=fuzzer,address,undefined) in build/fuzz/ against every
# src/*.c except main.c, then runs each for SECONDS seconds (default 60) on
# its corpus build/fuzz/corpus-TARGET, seeded from tests/fuzz/corpus/TARGET.
# TARGETs: load where job numparse zrows (default: all); SECONDS 0 only builds.
# Prints per target the time, the executions, the final coverage (cov: and
# ft: of libFuzzer's last line) and the crashes found; a crash input is kept
# as build/fuzz/crash-TARGET/*. See tests/fuzz/README.md.
# Exits 1 when a target crashed, 3 when the build failed.
# Environment: FUZZ_CC (default clang), FUZZ_JOBS (parallel compiles, default
# the number of CPUs), FUZZ_ARGS (extra libFuzzer options, e.g. -jobs=2).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 3

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-load where job numparse zrows}
case "$secs" in
''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$secs'" >&2; exit 2 ;;
esac

cc=${FUZZ_CC:-clang}
out=build/fuzz
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz.sh: '$cc' not found; install clang (Debian: apt-get install clang)" >&2
	exit 3
fi
mkdir -p "$out/obj" || exit 3

# The libFuzzer runtime ships with clang's compiler-rt; check that it links.
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	>"$out/probe.c"
if ! "$cc" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" 2>"$out/probe.log"; then
	cat "$out/probe.log" >&2
	echo "fuzz.sh: '$cc' cannot link libFuzzer; install the package that provides" \
	     "libclang_rt.fuzzer (Debian: libclang-rt-14-dev, or clang-14 itself)" >&2
	exit 3
fi

pkgs="gsl cairo pangocairo fontconfig glib-2.0 nettle zlib"
pkg_cflags=$(pkg-config --cflags $pkgs) || exit 3
pkg_libs="$(pkg-config --libs $pkgs) -lcsv -lm"
version=$(cat VERSION 2>/dev/null || echo 0.0.0)
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $san -pthread -Iinclude"

# The library: every src/*.c except main.c, and the province fact table.
gen="$out/provinces_data.c"
if [ ! -f "$gen" ] || [ datasets/provinces.csv -nt "$gen" ] || [ tools/embed-provinces.sh -nt "$gen" ]; then
	sh tools/embed-provinces.sh datasets/provinces.csv >"$gen.tmp" && mv "$gen.tmp" "$gen" || exit 3
fi
newest_header=$(ls -t include/clusterbench/*.h | head -n 1)
stale=""
relink=""
# objects of sources that are gone would be archived too
for obj in "$out"/obj/*.o; do
	[ -f "$obj" ] || continue
	name=$(basename "$obj" .o)
	if [ ! -f "src/$name.c" ] && [ "$name" != provinces_data ]; then
		rm -f "$obj"
		relink=1
	fi
done
for src in src/*.c "$gen"; do
	[ "$src" = src/main.c ] && continue
	obj="$out/obj/$(basename "$src" .c).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
		stale="$stale $src"
	fi
done
if [ -n "$stale" ]; then
	echo "fuzz: compiling $(echo $stale | wc -w | tr -d ' ') sources with $cc"
	rm -f "$out/obj/failed"
	n=0
	for src in $stale; do
		obj="$out/obj/$(basename "$src" .c).o"
		# shellcheck disable=SC2086
		{ "$cc" $cflags -fsanitize=fuzzer-no-link -DCB_VERSION="\"$version\"" $pkg_cflags \
			-c "$src" -o "$obj" || { rm -f "$obj"; echo "$src" >>"$out/obj/failed"; }; } &
		n=$((n + 1))
		if [ "$n" -ge "$jobs" ]; then
			wait
			n=0
		fi
	done
	wait
	if [ -f "$out/obj/failed" ]; then
		echo "fuzz.sh: compiling failed:" $(cat "$out/obj/failed") >&2
		exit 3
	fi
fi
lib="$out/libcb-fuzz.a"
if [ -n "$stale$relink" ] || [ ! -f "$lib" ]; then
	rm -f "$lib.tmp"
	ar rcs "$lib.tmp" "$out"/obj/*.o && mv "$lib.tmp" "$lib" || exit 3
fi

# SECONDS 0 builds the targets without running them (libFuzzer would read
# -max_total_time=0 as "no limit").
status=0
summary=""
for t in $targets; do
	case "$t" in
	load) maxlen=8192 ;;
	where) maxlen=512 ;;
	job) maxlen=8192 ;;
	numparse) maxlen=2048 ;;
	zrows) maxlen=65536 ;;
	*) echo "fuzz.sh: unknown target '$t' (load, where, job, numparse, zrows)" >&2; exit 2 ;;
	esac
	bin="$out/fuzz_$t"
	# shellcheck disable=SC2086
	if ! "$cc" $cflags -fsanitize=fuzzer -Itests/fuzz $pkg_cflags "tests/fuzz/fuzz_$t.c" \
		"$lib" -o "$bin.tmp" $pkg_libs || ! mv "$bin.tmp" "$bin"; then
		echo "fuzz.sh: building fuzz_$t failed" >&2
		exit 3
	fi
	corpus="$out/corpus-$t"
	crashes="$out/crash-$t"
	mkdir -p "$corpus" "$crashes"
	# Seeds are copied in (never over what the corpus already holds).
	for f in tests/fuzz/corpus/"$t"/*; do
		[ -f "$f" ] || continue
		[ -f "$corpus/seed-$(basename "$f")" ] || cp "$f" "$corpus/seed-$(basename "$f")"
	done
	dict=""
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	[ "$secs" -eq 0 ] && { echo "fuzz: built $bin"; continue; }
	before=$(ls "$crashes" | wc -l)
	log="$out/fuzz_$t.log"
	echo "fuzz: $t for ${secs}s (log $log)"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}" \
		"$bin" -max_total_time="$secs" -max_len="$maxlen" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$crashes/" $dict ${FUZZ_ARGS:-} \
		"$corpus" >"$log" 2>&1
	rc=$?
	took=$(($(date +%s) - t0))
	after=$(ls "$crashes" | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	found=$((after - before))
	line="$t: ${took}s, ${execs:-?} executions, cov: ${cov:-?} ft: ${ft:-?}, corpus $(ls "$corpus" | wc -l) files, crashes: $found"
	if [ "$rc" -ne 0 ]; then
		status=1
		[ "$found" -eq 0 ] && line="$line (exit $rc, see $log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant failed)' "$log" | head -n 3 >&2
	fi
	summary="$summary$line
"
	echo "$line"
done
[ -n "$summary" ] && printf '\nfuzz summary:\n%s' "$summary"
exit $status
