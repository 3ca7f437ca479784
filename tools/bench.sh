#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench.sh BUILD: the performance workload of issue 8 on generated panels, with optional peers.
#
# Never part of `make check`; `make bench` runs it after installing GNU time.
#   BENCH_ROWS  panel sizes (default "10000 1000000 10000000"); panels are made
#               once by BUILD/clusterbench-gen into bench/ (git-ignored) and kept
#   RUNS        runs of each command (default 5): median wall and CPU, max RSS
#   PEERS=1     also run the peers of tools/bench-peers/ on the same file,
#               installing them when missing: pandas/scipy/matplotlib from
#               Debian (/usr/bin/python3), DuckDB via npm into bench/node; then
#               check their aggregate tables against ours to 1e-9
# For each size it measures libcsv's scan with empty callbacks (the floor),
# the loader alone (`validate --schema sme`) and the job datasets/jobs/bench.ini
# (copied into bench/ with its path pointing at the panel), and prints one
# table row each: rows, file MB, median wall s, CPU s (user + sys), peak RSS,
# MB/s, and for peers our job's wall / the peer's wall. Logs: bench/logs/.
# Exit status: 0, or 1 when a clusterbench run failed or a peer disagreed.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
runs=${RUNS:-5}
sizes=${BENCH_ROWS:-"10000 1000000 10000000"}
peers=${PEERS:-0}
tol=1e-9
py=${BENCH_PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=python3
status=0
notes=bench/.notes
mkdir -p bench/logs
: >"$notes"

die() { echo "bench: $*" >&2; exit 1; }
note() { printf '%s\n' "$*" >>"$notes"; }
as_root() { # command...: as root, or with password-less sudo, or fails
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
	else return 1
	fi
}

command -v /usr/bin/time >/dev/null 2>&1 || die "needs GNU time (apt-get install time)"
for p in clusterbench clusterbench-gen; do
	[ -x "$build/$p" ] || die "'$build/$p' not found: run make first"
done
case "$runs" in '' | *[!0-9]* | 0) die "RUNS must be a positive number, not '$runs'" ;; esac
cc -O2 -o bench/csvscan tools/csvscan.c -lcsv || die "cannot build tools/csvscan.c"

# ------------------------------------------------------------------ peers
have_pandas=0
have_duckdb=0
if [ "$peers" = 1 ]; then
	pymods='import pandas, scipy, matplotlib'
	if ! "$py" -c "$pymods" 2>/dev/null; then
		echo "bench: installing the pandas peer (python3-pandas python3-scipy python3-matplotlib)" >&2
		pkgs="python3-pandas python3-scipy python3-matplotlib"
		log=bench/logs/install-pandas.log
		as_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $pkgs ||
			{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $pkgs; }" \
			</dev/null >"$log" 2>&1 || true
	fi
	if "$py" -c "$pymods" 2>/dev/null; then
		have_pandas=1
	elif [ "$(id -u)" != 0 ] && ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
		note "peer unavailable: pandas: python3-pandas python3-scipy python3-matplotlib not installed and not root"
	else
		note "peer unavailable: pandas: apt-get install failed or '$py' cannot import them (bench/logs/install-pandas.log)"
	fi

	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		echo "bench: installing node and npm for the DuckDB peer" >&2
		as_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm" \
			</dev/null >bench/logs/install-node.log 2>&1 || true
	fi
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		note "peer unavailable: duckdb: node or npm is missing (bench/logs/install-node.log)"
	else
		if [ ! -f bench/node/node_modules/@duckdb/node-api/package.json ]; then
			echo "bench: installing the DuckDB peer (npm @duckdb/node-api into bench/node)" >&2
			mkdir -p bench/node
			npm install --prefix bench/node --no-audit --no-fund --loglevel=error @duckdb/node-api \
				</dev/null >bench/logs/install-duckdb.log 2>&1 || true
		fi
		if [ -f bench/node/node_modules/@duckdb/node-api/package.json ]; then
			have_duckdb=1
		else
			why=$(grep -m 1 -i 'err' bench/logs/install-duckdb.log 2>/dev/null || true)
			note "peer unavailable: duckdb: npm install @duckdb/node-api failed${why:+: $why} (bench/logs/install-duckdb.log)"
		fi
	fi
fi

# ------------------------------------------------------------ measuring
# nanoseconds since the epoch, or nothing where date has no %N
clock() { date +%s%N 2>/dev/null | sed -n '/^[0-9][0-9]*$/p'; }

# median of the numbers on standard input
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure TAG LABEL FILE command...: runs the command RUNS times (output in
# bench/logs/TAG.log, from the last run) and prints a table row; sets $wall.
# A failed run prints FAILED instead of times and returns 1.
measure() {
	tag=$1; label=$2; file=$3; shift 3
	: >bench/.runs
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(clock)
		if ! /usr/bin/time -f '%e %U %S %M' -o bench/.t "$@" >"bench/logs/$tag.log" 2>&1; then
			printf '%-30s %10s  FAILED (%s), see bench/logs/%s.log\n' "$label" "$rows" \
				"$(head -n 1 bench/.t)" "$tag"
			wall=
			return 1
		fi
		t1=$(clock)
		# GNU time's %e has 10 ms steps; the clock around it is finer
		dt=
		[ -n "$t0" ] && [ -n "$t1" ] && dt=$((t1 - t0))
		tail -n 1 bench/.t | awk -v dt="$dt" '{
			if (dt != "") $1 = sprintf("%.4f", dt / 1e9); print }' >>bench/.runs
		i=$((i + 1))
	done
	wall=$(awk '{ print $1 }' bench/.runs | median)
	cpu=$(awk '{ print $2 + $3 }' bench/.runs | median)
	rss=$(awk '{ print $4 }' bench/.runs | sort -n | tail -n 1)
	bytes=$(wc -c <"$file")
	awk -v l="$label" -v r="$rows" -v b="$bytes" -v w="$wall" -v c="$cpu" -v m="$rss" \
	    -v ours="${ours_wall:-}" -v peer="${is_peer:-0}" 'BEGIN {
		mb = b / 1e6
		ratio = peer && ours != "" && w > 0 ? sprintf("%9.2f", ours / w) : ""
		printf "%-30s %10d %8.1f %8.3f %8.3f %8.0f %8.1f %s\n", l, r, mb, w, c, m / 1024,
		       (w > 0 ? mb / w : 0), ratio }'
}

# ----------------------------------------------------------------- header
cores=$(nproc 2>/dev/null || echo '?')
model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
version=$("$build/clusterbench" --version 2>/dev/null | head -n 1)
echo "bench: ${version:-clusterbench} | ${cores} cores, ${model:-unknown CPU}, ${memory:-? GiB} RAM |" \
	"$(uname -sr) | $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "median of $runs runs, warm page cache; cpu = user + sys (10 ms steps); RSS = peak of the runs;" \
	"ours/peer = our job's wall / the peer's wall"
printf '%-30s %10s %8s %8s %8s %8s %8s %s\n' "what" "rows" "MB" "wall s" "cpu s" "RSS MiB" "MB/s" \
	"ours/peer"

for rows in $sizes; do
	case "$rows" in '' | *[!0-9]* | 0) die "BENCH_ROWS holds '$rows', not a row count" ;; esac
	f=bench/panel-$rows.csv
	if [ ! -s "$f" ]; then
		echo "bench: generating $f" >&2
		"$build/clusterbench-gen" panel --rows "$rows" --output "$f.tmp" ||
			die "cannot generate $f"
		mv "$f.tmp" "$f"
	fi
	job=bench/bench-$rows.ini
	sed -e "s|^path[[:space:]]*=.*|path   = panel-$rows.csv|" \
	    -e "s|^output[[:space:]]*=.*|output = out-$rows|" datasets/jobs/bench.ini >"$job"
	grep -q "^path   = panel-$rows.csv\$" "$job" || die "datasets/jobs/bench.ini has no 'path =' line"
	out=bench/out-$rows
	ours_wall=
	is_peer=0

	scan_wall=
	if measure "csvscan-$rows" "libcsv scan (empty callbacks)" "$f" bench/csvscan "$f"; then
		scan_wall=$wall
	else
		status=1
	fi
	measure "validate-$rows" "clusterbench validate sme" "$f" \
		"$build/clusterbench" validate --schema sme "$f" || status=1
	if measure "run-$rows" "clusterbench run bench.ini" "$f" \
		"$build/clusterbench" run --quiet --output "$out" "$job"; then
		ours_wall=$wall
	else
		status=1
	fi

	# where our time goes, from run.json of the last run
	if [ -n "$ours_wall" ] && command -v "$py" >/dev/null 2>&1; then
		split=$("$py" - "$out/run.json" "$(wc -c <"$f")" "${scan_wall:-0}" "$cores" <<'EOF' 2>/dev/null || true
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
size, scan, cores = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
t = {}
for a in r.get("analyses", []):
    t[a["name"]] = t.get(a["name"], 0) + a.get("seconds", 0)
load = sum(i.get("load_seconds", 0) for i in r.get("inputs", []))
print("load %.2f s, " % load + ", ".join("%s %.2f s" % kv for kv in t.items())
      + " (%s jobs; analyses and charts overlap)" % r.get("jobs", "?"))
if load > 0 and scan > 0:
    # the loading of the job's columns against libcsv's scan on every core
    ours, floor = size / 1e6 / load, size / 1e6 / scan * cores
    print("loading in the run: %.0f MB/s = %.0f %% of libcsv's scan x %d cores (%.0f MB/s)"
          % (ours, 100 * ours / floor, cores, floor))
EOF
)
		[ -n "$split" ] && printf '%s\n' "$split" | sed "s/^/our run at $rows rows, from run.json: /" >>"$notes"
	fi

	is_peer=1
	if [ "$have_pandas" = 1 ]; then
		pout=bench/peer-pandas-$rows
		if measure "pandas-$rows" "pandas+scipy+matplotlib" "$f" \
			"$py" tools/bench-peers/pandas_workload.py "$f" "$pout" --charts bar,box,line; then
			if [ -n "$ours_wall" ]; then
				"$py" tools/bench-peers/compare.py "$out" "$pout" "$tol" >bench/.cmp 2>&1 || status=1
				sed "s/^/pandas at $rows rows: /" bench/.cmp >>"$notes"
			fi
		else
			note "peer failed: pandas at $rows rows (bench/logs/pandas-$rows.log)"
		fi
	fi
	if [ "$have_duckdb" = 1 ]; then
		dout=bench/peer-duckdb-$rows
		if measure "duckdb-$rows" "duckdb (node-api, no charts)" "$f" \
			node tools/bench-peers/duckdb_workload.mjs "$f" "$dout"; then
			if [ -n "$ours_wall" ]; then
				"$py" tools/bench-peers/compare.py "$out" "$dout" "$tol" >bench/.cmp 2>&1 || status=1
				sed "s/^/duckdb at $rows rows: /" bench/.cmp >>"$notes"
			fi
		else
			note "peer failed: duckdb at $rows rows (bench/logs/duckdb-$rows.log)"
		fi
	fi
done

# ----------------------------------------------------------------- footer
echo
cat <<EOF
workload: datasets/jobs/bench.ini: describe productivity by province;cluster;year;
  compare by member foreach province (Welch t); compare by province (ANOVA, no post-hoc);
  bars by province and member with 95 % CIs; box plot by province; lines of the mean per
  year by province; each chart PNG 1600x1000 + PDF (pandas draws the same three charts,
  DuckDB none)
ours does more than the workload: compare also computes Student t, Mann-Whitney U, Levene,
  Welch ANOVA and Kruskal-Wallis, describe all its descriptives (no option turns them off);
  DuckDB computes t and F in SQL without p-values
threads: ours --jobs $cores (its default), DuckDB its default ($cores), pandas 1
EOF
cat "$notes"
rm -f "$notes" bench/.cmp bench/.t bench/.runs
exit "$status"
