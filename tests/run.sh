#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh [--valgrind] [--golden [--shard K/N]] BUILD [BUILD...]: runs every
# test against each build folder: the unit test programs (BUILD/tests/test_*),
# the golden end-to-end cases (tests/golden/*/) and the shell tests
# (tests/sh/*.sh); --golden runs only the golden cases, --shard K/N only the
# K-th of every N of them (so that N runs share the cases). Prints one line
# per program and ends with "check: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 4
valgrind=""
if [ "${1:-}" = "--valgrind" ]; then
	valgrind="valgrind -q --error-exitcode=99 --suppressions=$top/tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --track-fds=no"
	shift
fi
golden_only=0
if [ "${1:-}" = "--golden" ]; then
	golden_only=1
	shift
fi
shard_k=1
shard_n=1
if [ "${1:-}" = "--shard" ]; then
	case "${2:-}" in
	[1-9]/[1-9]) shard_k=${2%/*} shard_n=${2#*/} ;;
	*) echo "tests/run.sh: --shard K/N with 1 <= K <= N <= 9" >&2; exit 2 ;;
	esac
	[ "$shard_k" -le "$shard_n" ] || { echo "tests/run.sh: --shard $2: K above N" >&2; exit 2; }
	shift 2
fi
[ $# -ge 1 ] || { echo "usage: tests/run.sh [--valgrind] [--golden [--shard K/N]] BUILD..." >&2; exit 2; }

# LeakSanitizer: fontconfig's once-per-process configuration is not ours
LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cbtest.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

count_line() {
	# Adds the counts of a "name: N passed, M failed" line.
	p=$(printf '%s\n' "$1" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(printf '%s\n' "$1" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
}

for build in "$@"; do
	label=$(basename "$build")
	# Unit test programs.
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] && [ $golden_only = 0 ] || continue
		case "$t" in *.d) continue ;; esac
		name=$(basename "$t")
		$valgrind "$t" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		line=$(tail -n 1 "$tmp/out")
		if [ $rc -ne 0 ]; then
			cat "$tmp/err" >&2
			echo "$label/$name: exit $rc" >&2
		fi
		echo "$label/$line"
		count_line "$line"
		if [ $rc -ne 0 ] && ! printf '%s' "$line" | grep -q ' [1-9][0-9]* failed'; then
			failed=$((failed + 1))
		fi
	done

	# Golden end-to-end cases. Each runs in a private copy of tests/golden
	# (datasets/ linked beside it), so that two runs at once (make check runs
	# the valgrind pass beside the others) never share a case's scratch files.
	gp=0
	gf=0
	work="$tmp/tree-$label"
	rm -rf "$work"
	mkdir -p "$work/tests" && cp -R tests/golden "$work/tests/" &&
		ln -s "$top/datasets" "$work/datasets" || exit 3
	index=0
	for dir in tests/golden/*/; do
		[ -f "$dir/cmd" ] || continue
		index=$((index + 1))
		[ $(((index - 1) % shard_n + 1)) = "$shard_k" ] || continue
		case_name=$(basename "$dir")
		expect_status=0
		[ -f "$dir/status" ] && expect_status=$(cat "$dir/status")
		(
			cd "$work/$dir" || exit 4
			CB="$valgrind $top/$build/clusterbench"
			GEN="$valgrind $top/$build/clusterbench-gen"
			TOP="$top"
			export CB GEN TOP
			export LC_ALL=C.UTF-8 TZ=UTC
			sh ./cmd >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
			echo $? >"$tmp/status"
		)
		ok=1
		got_status=$(cat "$tmp/status")
		if [ "$got_status" != "$expect_status" ]; then
			echo "golden $case_name ($label): status $got_status, want $expect_status" >&2
			ok=0
		fi
		for stream in stdout stderr; do
			if [ -f "$dir/$stream" ]; then
				if ! cmp -s "$dir/$stream" "$tmp/$stream"; then
					echo "golden $case_name ($label): $stream differs:" >&2
					diff "$dir/$stream" "$tmp/$stream" | head -n 20 >&2
					ok=0
				fi
			elif [ "$stream" = stderr ] && [ -s "$tmp/stderr" ]; then
				echo "golden $case_name ($label): unexpected stderr:" >&2
				head -n 5 "$tmp/stderr" >&2
				ok=0
			fi
		done
		if [ $ok = 1 ]; then gp=$((gp + 1)); else gf=$((gf + 1)); fi
	done
	echo "$label/golden: $gp passed, $gf failed"
	passed=$((passed + gp))
	failed=$((failed + gf))

	# Shell tests: each prints its own "name: N passed, M failed" last line.
	for s in tests/sh/*.sh; do
		[ -f "$s" ] && [ $golden_only = 0 ] || continue
		CB_BUILD="$build" CB_VALGRIND="$valgrind" sh "$s" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		line=$(tail -n 1 "$tmp/out")
		[ $rc -ne 0 ] && cat "$tmp/err" >&2
		echo "$label/$line"
		count_line "$line"
		if [ $rc -ne 0 ] && ! printf '%s' "$line" | grep -q ' [1-9][0-9]* failed'; then
			failed=$((failed + 1))
		fi
	done
done

echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
