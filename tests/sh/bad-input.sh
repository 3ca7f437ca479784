#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bad-input.sh: the malformed and edge-case inputs of tests/bad/. Each
# NAME.expect holds one or more runs of clusterbench on NAME.csv (committed
# beside it, or made by gen() below into a temporary folder when the expect
# file says "generate") and what each must give:
#   run: ARGS          the arguments; @ is the input file (run from its folder)
#   status: N          the exit status (default 0)
#   stderr: ERE        a line of stderr matches (grep -E); may repeat
#   stdout: ERE        a line of stdout matches; may repeat
#   nostdout           stdout is empty
#   lines: N           stdout has N lines
#   rss-max-mb: N      peak RSS at most N MiB (needs /usr/bin/time)
# Every run also must not die of a signal, and CSV/JSON output must not hold
# nan or inf. "generate big" inputs (hundreds of MB) run only with
# CB_BAD_BIG=1; generated inputs are skipped under valgrind (too slow).
# Env: CB_BUILD, CB_VALGRIND. Last line: "bad-input: N passed, M failed".
set -u
LC_ALL=C.UTF-8
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
cb="$top/${CB_BUILD:-build}/clusterbench"
vg="${CB_VALGRIND:-}"
bad="$top/tests/bad"
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cbbad.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "bad-input: FAIL: $*" >&2; }

timer=""
if [ -z "$vg" ] && /usr/bin/time -f %M true 2>/dev/null; then
	timer=/usr/bin/time
fi

# gen NAME: writes $tmp/NAME.csv.
gen() {
	case $1 in
	gen-huge-field)
		awk 'BEGIN {
			s = "abcdefghij"; while (length(s) < 10000000) s = s s
			s = substr(s, 1, 10000000)
			printf "id,text,value\n1,%s,1\n", s
			printf "2,\"%s\n%s\",2\n", substr(s, 1, 5000000), substr(s, 1, 5000000)
			printf "3,x,3\n" }' >"$tmp/$1.csv" ;;
	gen-long-line)
		awk 'BEGIN { n = 400000
			for (i = 1; i <= n; i++) printf "c%d%s", i, (i < n ? "," : "\n")
			for (i = 1; i <= n; i++) printf "%d%s", 1000000 + i, (i < n ? "," : "\n") }' \
			>"$tmp/$1.csv" ;;
	gen-line-over-limit)
		awk 'BEGIN { s = "abcdefghij"; while (length(s) < 300000000) s = s s
			printf "id,text\n1,%s\n", substr(s, 1, 300000000) }' >"$tmp/$1.csv" ;;
	gen-wide)
		awk 'BEGIN { n = 100000
			for (i = 1; i <= n; i++) printf "c%d%s", i, (i < n ? "," : "\n")
			for (r = 0; r < 3; r++) for (i = 1; i <= n; i++) printf "%d%s", i + r, (i < n ? "," : "\n") }' \
			>"$tmp/$1.csv" ;;
	gen-groups)
		awk 'BEGIN { print "g,v"
			for (i = 0; i < 1000000; i++) printf "%d,%d\n", i, i % 7
			for (i = 0; i < 500000; i++) printf "%d,1\n", i }' >"$tmp/$1.csv" ;;
	gen-ragged-late)
		awk 'BEGIN { print "id,name,value"
			for (i = 0; i < 200000; i++) printf "%d,firm %d,%d.5\n", i, i, i
			print "200000,late" }' >"$tmp/$1.csv" ;;
	gen-bad-utf8-late)
		awk 'BEGIN { print "id,name,value"
			for (i = 0; i < 500000; i++) printf "%d,firm %d,%d\n", i, i, i
			printf "500000,bad\377name,1\n" }' >"$tmp/$1.csv" ;;
	*)
		return 1 ;;
	esac
}

# check_run: compares the last run with its expectations (globals).
check_run() {
	[ -n "$run_args" ] || return 0
	what="$case_name: '$run_args'"
	st=$(cat "$tmp/status")
	good=1
	if [ "$st" -ge 128 ]; then
		fail "$what: killed by signal $((st - 128))"
		good=0
	elif [ "$st" != "$want_status" ]; then
		fail "$what: exit $st, want $want_status; stderr: $(head -c 300 "$tmp/err")"
		good=0
	fi
	printf '%s' "$want_err" | while IFS= read -r re; do
		[ -n "$re" ] || continue
		grep -Eq -- "$re" "$tmp/err" || { echo "x" >>"$tmp/miss"; echo "bad-input: $what: stderr lacks /$re/; got: $(head -c 300 "$tmp/err")" >&2; }
	done
	printf '%s' "$want_out" | while IFS= read -r re; do
		[ -n "$re" ] || continue
		grep -Eq -- "$re" "$tmp/out" || { echo "x" >>"$tmp/miss"; echo "bad-input: $what: stdout lacks /$re/" >&2; }
	done
	if [ -s "$tmp/miss" ]; then
		fail "$what: output differs (above)"
		good=0
	fi
	rm -f "$tmp/miss"
	if [ "$want_nostdout" = 1 ] && [ -s "$tmp/out" ]; then
		fail "$what: stdout not empty"
		good=0
	fi
	if [ -n "$want_lines" ] && [ "$(wc -l <"$tmp/out")" -ne "$want_lines" ]; then
		fail "$what: $(wc -l <"$tmp/out") lines on stdout, want $want_lines"
		good=0
	fi
	case " $run_args " in
	*" csv "* | *" json "*)
		if grep -Eiq '(^|[,:] ?)"?-?(nan|inf|infinity)"?,?$|(^|,)-?(nan|inf|infinity)(,|$)' "$tmp/out"; then
			fail "$what: nan or inf printed: $(grep -Ei -m1 'nan|inf' "$tmp/out")"
			good=0
		fi ;;
	esac
	if [ -n "$want_rss" ] && [ -n "$timer" ]; then
		kb=$(tail -n 1 "$tmp/rss")
		if [ "$((kb / 1024))" -gt "$want_rss" ]; then
			fail "$what: peak RSS $((kb / 1024)) MiB, at most $want_rss MiB"
			good=0
		else
			echo "bad-input: $what: peak RSS $((kb / 1024)) MiB (limit $want_rss)"
		fi
	fi
	[ $good = 1 ] && ok
	return 0
}

do_run() {
	# $run_args with @ replaced by the file, split on blanks
	args=$(printf '%s' "$run_args" | sed "s|@|$case_name.csv|g")
	(
		cd "$dir" || exit 4
		# shellcheck disable=SC2086
		if [ -n "$timer" ]; then
			$timer -o "$tmp/rss" -f %M "$cb" $args >"$tmp/out" 2>"$tmp/err" </dev/null
		else
			$vg "$cb" $args >"$tmp/out" 2>"$tmp/err" </dev/null
		fi
		echo $? >"$tmp/status"
	)
}

start_run() {
	check_run
	run_args=$1
	want_status=0
	want_err=""
	want_out=""
	want_nostdout=0
	want_lines=""
	want_rss=""
}

for exp in "$bad"/*.expect; do
	case_name=$(basename "$exp" .expect)
	dir=$bad
	if grep -q '^generate' "$exp"; then
		if [ -n "$vg" ]; then
			echo "bad-input: $case_name: skipped under valgrind (large generated input)"
			continue
		fi
		if grep -q '^generate big' "$exp" && [ "${CB_BAD_BIG:-0}" != 1 ]; then
			echo "bad-input: $case_name: skipped (set CB_BAD_BIG=1 for inputs of hundreds of MB)"
			continue
		fi
		gen "$case_name" || { fail "$case_name: no generator"; continue; }
		dir=$tmp
	elif [ ! -f "$bad/$case_name.csv" ]; then
		fail "$case_name: no $case_name.csv beside the expect file"
		continue
	fi
	run_args=""
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		"run: "*)
			start_run "${line#run: }"
			do_run ;;
		"status: "*) want_status=${line#status: } ;;
		"stderr: "*) want_err="$want_err${line#stderr: }
" ;;
		"stdout: "*) want_out="$want_out${line#stdout: }
" ;;
		nostdout) want_nostdout=1 ;;
		"lines: "*) want_lines=${line#lines: } ;;
		"rss-max-mb: "*) want_rss=${line#rss-max-mb: } ;;
		"#"* | "" | generate*) ;;
		*) fail "$case_name: unknown line '$line'" ;;
		esac
	done <"$exp"
	check_run
	rm -f "$tmp"/gen-*.csv
done

echo "bad-input: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
