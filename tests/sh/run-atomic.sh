#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-atomic.sh: a run killed with SIGKILL at many points leaves either the
# previous complete run folder or the new complete one — never a partial
# file under a final name — and the next run cleans up after it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cb="${CB_VALGRIND:-} $top/${CB_BUILD:-build}/clusterbench"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cbatomic.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "run-atomic: $*" >&2; }

cat >"$tmp/job.ini" <<JOB
[job]
title = Atomic output
output = out

[data sme]
path = $top/datasets/sme_panel.csv
schema = sme

[analysis each-cluster]
method = compare
value = productivity;employees;export_usd
by = year
foreach = cluster

[analysis each-firm-year]
method = regress
y = productivity
x = member;year
robust = cluster:firm_id
foreach = sector
JOB

# the reference: a complete run, kept aside
$cb run --quiet --jobs 1 "$tmp/job.ini" || { bad "reference run failed"; echo "run-atomic: $passed passed, $((failed)) failed"; exit 1; }
cp -r "$tmp/out" "$tmp/ref"

# kill runs at spread-out points; the folder must always equal the reference
i=0
while [ $i -lt 12 ]; do
	$cb run --quiet --jobs 1 "$tmp/job.ini" &
	pid=$!
	# 0 to ~0.5 s: before, during and after the swap
	sleep "0.0$((i * 4))" 2>/dev/null || sleep 0
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ -d "$tmp/out" ] && diff -r -x run.json "$tmp/ref" "$tmp/out" >/dev/null &&
		tail -c 3 "$tmp/out/run.json" | grep -q '}'; then
		ok
	else
		bad "after a kill at step $i the run folder is not a complete run"
	fi
	i=$((i + 1))
done

# a complete run afterwards removes the temporary folders of killed runs
$cb run --quiet "$tmp/job.ini" || bad "run after the kills failed"
if ls -A "$tmp" | grep -q '^\.out\.'; then
	bad "temporary folders left: $(ls -A "$tmp" | grep '^\.out\.' | tr '\n' ' ')"
else
	ok
fi
diff -r -x run.json "$tmp/ref" "$tmp/out" >/dev/null && ok || bad "final run differs from the reference"

echo "run-atomic: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
