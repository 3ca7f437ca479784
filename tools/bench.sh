#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench.sh BUILD: loader throughput on generated panels (never part of
# `make check`). Panels are made once by clusterbench-gen into bench/ (git-
# ignored). Prints a table: rows, MB, median wall seconds of RUNS runs, CPU
# seconds, peak RSS, MB/s; and libcsv's own scan with empty callbacks.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
runs=${RUNS:-5}
sizes=${BENCH_ROWS:-"10000 1000000"}
mkdir -p bench
cc -O2 -o bench/csvscan tools/csvscan.c -lcsv

# median of the wall times in a file, one per line
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # label file command...
	label=$1; file=$2; shift 2
	: >bench/.wall; : >bench/.cpu; : >bench/.rss
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/env time -f '%e %U %S %M' -o bench/.t "$@" >/dev/null
		read -r e u s m <bench/.t
		echo "$e" >>bench/.wall
		echo "$u $s" | awk '{print $1 + $2}' >>bench/.cpu
		echo "$m" >>bench/.rss
		i=$((i + 1))
	done
	wall=$(median bench/.wall); cpu=$(median bench/.cpu); rss=$(sort -n bench/.rss | tail -n 1)
	bytes=$(wc -c <"$file")
	awk -v l="$label" -v r="$rows" -v b="$bytes" -v w="$wall" -v c="$cpu" -v m="$rss" 'BEGIN {
		mb = b / 1e6; printf "%-28s %10d %9.1f %9.3f %9.3f %9.0f %9.1f\n", l, r, mb, w, c, m / 1024, (w > 0 ? mb / w : 0) }'
}

command -v /usr/bin/time >/dev/null 2>&1 || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
printf '%-28s %10s %9s %9s %9s %9s %9s\n' "what" "rows" "MB" "wall s" "cpu s" "RSS MB" "MB/s"
for rows in $sizes; do
	f=bench/panel-$rows.csv
	[ -f "$f" ] || "$build/clusterbench-gen" panel --rows "$rows" --output "$f"
	measure "libcsv scan (empty cb)" "$f" bench/csvscan "$f"
	measure "clusterbench validate sme" "$f" "$build/clusterbench" validate --schema sme "$f"
done
