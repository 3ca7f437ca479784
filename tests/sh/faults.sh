#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# faults.sh: I/O faults. Writes to a full device, a folder that cannot be
# made, a path that is a folder, a read-only folder and a full file system
# exit 3 with the path in the message, leave no partial file under a final
# name and keep a previous good run folder intact; a closed stdout and a
# broken pipe are one clear error, not a signal; an input that changes while
# it is read or is gone is an error, never a silent short read.
# The read-only and full file-system cases need `unshare -m` (a private
# mount namespace, as root); without it they are skipped with the reason.
# Env: CB_BUILD, CB_VALGRIND. Last line: "faults: N passed, M failed".
set -u
LC_ALL=C.UTF-8
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
cb="${CB_VALGRIND:-} $top/${CB_BUILD:-build}/clusterbench"
data="$top/datasets/sme_panel.csv"
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cbfaults.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 3

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "faults: FAIL: $*" >&2; }

# expect NAME STATUS ERE: the last command ($st, err) exited STATUS and its
# stderr is one line matching ERE.
expect() {
	if [ "$st" != "$2" ]; then
		fail "$1: exit $st, want $2; stderr: $(head -c 300 err)"
	elif [ "$(wc -l <err)" -ne 1 ]; then
		fail "$1: want one line on stderr, got: $(cat err)"
	elif ! grep -Eq -- "$3" err; then
		fail "$1: stderr lacks /$3/: $(cat err)"
	else
		ok
	fi
}

# no_partial DIR: no file under DIR is empty or a temporary.
no_partial() {
	if [ -e "$2" ] && find "$2" \( -name '.*tmp*' -o -type f -size 0 \) | grep -q .; then
		fail "$1: partial or temporary files left: $(find "$2" \( -name '.*tmp*' -o -type f -size 0 \))"
	else
		ok
	fi
}

desc="describe $data --value productivity --by province"

# --- output to a full device ---------------------------------------------
$cb $desc --value productivity --by firm_id --format csv >/dev/full 2>err; st=$?
expect "stdout on /dev/full" 3 '^clusterbench: <stdout>: cannot write results: No space left on device$'
$cb validate "$data" >/dev/full 2>err; st=$?
expect "validate report on /dev/full" 3 '^clusterbench: cannot write to standard output: No space left on device$'
$cb $desc --output /dev/full >/dev/null 2>err; st=$?
expect "--output /dev/full" 3 '^clusterbench: /dev/full: is not a folder$'
$cb $desc --chart /dev/full >/dev/null 2>err; st=$?
expect "--chart /dev/full" 3 '^clusterbench: /dev/full: cannot create the chart folder'

job() { # job FILE OUTPUT: a job with results, charts and a report
	cat >"$1" <<JOB
[job]
title = Faults
output = $2
formats = png;pdf

[data sme]
path = $data
schema = sme

[analysis provinces]
data = sme
method = compare
value = productivity
by = province
charts = box;bar

[report]
pdf = report.pdf
html = index.html
JOB
}
job full.ini /dev/full
$cb run --quiet full.ini >/dev/null 2>err; st=$?
expect "run folder /dev/full" 3 '/dev/full: the output path exists and is not a folder$'

# --- a folder that cannot be made, a path that is a folder ------------------
mkdir plain
: >plain/file
$cb $desc --output plain/file/sub >/dev/null 2>err; st=$?
expect "--output under a file" 3 '^clusterbench: plain/file: is not a folder$'
$cb $desc --chart plain/file/sub >/dev/null 2>err; st=$?
expect "--chart under a file" 3 'plain/file/sub: cannot create the chart folder'
job under-file.ini plain/file/run
$cb run --quiet under-file.ini >/dev/null 2>err; st=$?
expect "run folder under a file" 3 'plain/file'
[ ! -e plain/file/run ] && [ -f plain/file ] && [ ! -s plain/file ] && ok ||
	fail "run folder under a file: plain/file changed"
# a missing output folder is made (like mkdir -p)
$cb $desc --output made/a/b >/dev/null 2>err; st=$?
expect_ok() { [ "$st" = 0 ] && [ -s "$2" ] && ok || fail "$1: exit $st: $(cat err)"; }
expect_ok "--output into a missing folder" made/a/b/descriptives.csv
# a missing input folder
$cb validate no/such/dir/panel.csv >/dev/null 2>err; st=$?
expect "input in a missing folder" 3 '^clusterbench: no/such/dir/panel.csv: cannot open: No such file or directory$'
# a folder where a result file goes, a folder given as input
mkdir -p isdir/descriptives.csv
$cb $desc --output isdir >/dev/null 2>err; st=$?
expect "result name is a folder" 3 '^clusterbench: isdir/descriptives.csv: cannot replace: Is a directory$'
no_partial "result name is a folder" isdir
$cb validate isdir >/dev/null 2>err; st=$?
expect "input is a folder" 3 '^clusterbench: isdir: is a directory, not a CSV file$'

# --- read-only folder and full file system (private mount namespace) --------
if unshare -m true 2>/dev/null; then
	mkdir ro
	job ro/job.ini run
	$cb run --quiet ro/job.ini >/dev/null 2>err || fail "good run before the read-only mount: $(cat err)"
	cp -r ro/run good-run
	# in the namespace: ro read-only, then a run, --output and --chart into it
	unshare -m sh -c '
		mount --bind ro ro && mount -o remount,bind,ro ro || exit 99
		'"$cb"' run --quiet ro/job.ini >/dev/null 2>err-run; echo $? >st-run
		'"$cb $desc"' --output ro/results >/dev/null 2>err-out; echo $? >st-out
		'"$cb $desc"' --chart ro/charts >/dev/null 2>err-chart; echo $? >st-chart
	'
	if [ ! -f st-run ]; then
		echo "faults: read-only cases skipped: mount --bind -o ro failed in the namespace"
	else
		st=$(cat st-run); cp err-run err
		expect "run into a read-only folder" 3 'ro/run.*Read-only file system'
		diff -r good-run ro/run >/dev/null && ok || fail "read-only: the previous run folder changed"
		st=$(cat st-out); cp err-out err
		expect "--output into a read-only folder" 3 'ro/results.*Read-only file system'
		st=$(cat st-chart); cp err-chart err
		expect "--chart into a read-only folder" 3 'ro/charts.*Read-only file system'
		[ ! -e ro/results ] && [ ! -e ro/charts ] && ok || fail "read-only: files appeared"
	fi

	# a file system that fills up during the second run: exit 3, the first
	# run is intact and no partial file is under a final name
	mkdir small
	unshare -m sh -c '
		mount -t tmpfs -o size=600k tmpfs small || exit 99
		cp ro/job.ini small/job.ini
		'"$cb"' run --quiet small/job.ini >/dev/null 2>err-1; echo $? >st-1
		cp -r small/run first-run
		'"$cb"' run --quiet small/job.ini >/dev/null 2>err-2; echo $? >st-2
		diff -r first-run small/run >/dev/null; echo $? >st-diff
		ls -A small >ls-small
		find small -type f -size 0 >empty-small
	'
	if [ ! -f st-1 ]; then
		echo "faults: full file-system case skipped: cannot mount a tmpfs in the namespace"
	elif [ "$(cat st-1)" != 0 ]; then
		fail "first run on a 600k tmpfs failed (the run folder grew?): $(cat err-1)"
	else
		st=$(cat st-2); cp err-2 err
		expect "run on a full file system" 3 'small/run.*No space left on device'
		[ "$(cat st-diff)" = 0 ] && ok || fail "full file system: the previous run folder changed"
		grep -q '^\.run\.' ls-small && fail "full file system: temporary folder left: $(cat ls-small)" || ok
		[ -s empty-small ] && fail "full file system: empty files: $(cat empty-small)" || ok
	fi
else
	echo "faults: read-only and full file-system cases skipped: unshare -m is not available (needs root or user namespaces)"
fi

# --- stdout closed, broken pipe ---------------------------------------------
$cb $desc >&- 2>err; st=$?
expect "stdout closed" 3 '^clusterbench: <stdout>: cannot write results: Bad file descriptor$'
$cb validate "$data" >&- 2>err; st=$?
expect "validate, stdout closed" 3 '^clusterbench: cannot write to standard output: Bad file descriptor$'
# the reader goes away at once; the output is larger than a pipe buffer
{ $cb $desc --value productivity --by firm_id --format csv 2>err; echo $? >st-pipe; } | head -c1 >/dev/null
st=$(cat st-pipe)
expect "broken pipe" 3 '^clusterbench: <stdout>: cannot write results: Broken pipe$'

# --- input that changes while it is read, or is gone ------------------------
# fixed-width lines, so that a cut at a line boundary is still a valid CSV
awk 'BEGIN { print "a,b"; for (i = 0; i < 6000000; i++) printf "%08d,%08d\n", i, i % 977 }' >big.csv
size=$(wc -c <big.csv)
# The reader is stopped once it has the file open, the file is changed and
# the reader goes on: deterministic, whatever the machine's speed.
# change_while_read FILE CMD...: runs "clusterbench validate FILE", applies
# CMD while it is stopped; sets $st and err.
change_while_read() {
	f=$1
	shift
	$cb validate "$f" >/dev/null 2>err &
	pid=$!
	i=0
	while [ $i -lt 5000 ] && ! ls -l /proc/$pid/fd 2>/dev/null | grep -q "/$f\$"; do
		i=$((i + 1))
		sleep 0.001
	done
	kill -STOP $pid 2>/dev/null
	"$@"
	kill -CONT $pid 2>/dev/null
	wait $pid
	st=$?
}
# truncated while read (large: the parallel reader, then its sequential retry)
cp big.csv cut.csv
change_while_read cut.csv truncate -s $((4 + 18 * 1000)) cut.csv
expect "file truncated while read" 3 '^clusterbench: cut.csv: the file changed while it was being read$'
# grown while read (under 8 MiB: the sequential reader)
head -c $((4 + 18 * 400000)) big.csv >grow.csv
change_while_read grow.csv sh -c 'printf "%08d,%08d\n" 1 1 >>grow.csv'
expect "file grown while read" 3 '^clusterbench: grow.csv: the file changed while it was being read$'
# rewritten in place with the same size while read (only the time tells)
cp big.csv same.csv
sleep 0.05 # past the coarse clock tick of the copy's last write
change_while_read same.csv sh -c 'printf "%08d" 7 | dd of=same.csv bs=1 seek=4 conv=notrunc 2>/dev/null'
expect "file rewritten while read" 3 '^clusterbench: same.csv: the file changed while it was being read$'
# a file that is gone before it is read
cp big.csv gone.csv
rm gone.csv
$cb validate gone.csv >/dev/null 2>err; st=$?
expect "file removed before reading" 3 '^clusterbench: gone.csv: cannot open: No such file or directory$'
# an unchanged file still loads
$cb validate big.csv >out 2>err; st=$?
[ $st = 0 ] && grep -q '^big.csv: 6000000 rows, 2 columns$' out && ok ||
	fail "unchanged large file: exit $st: $(cat err)"
[ "$(wc -c <big.csv)" = "$size" ] || fail "big.csv changed"

echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
