#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# datasets.sh: the committed datasets are what the generator writes, the
# generator is deterministic, and the data has the documented shape.
# Env: CB_BUILD (binary at $CB_BUILD/clusterbench-gen), CB_VALGRIND (wrapper,
# may be empty). Run from the repository root. Last line:
# "datasets: N passed, M failed".
set -u
LC_ALL=C
export LC_ALL
gen="${CB_BUILD:-build}/clusterbench-gen"
vg="${CB_VALGRIND:-}"
data=datasets
passed=0
failed=0

ok() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "datasets: FAIL: $*" >&2
}

# check NAME CONDITION-COMMAND...: one check; the command's status decides.
check() {
	name=$1
	shift
	if "$@"; then ok; else fail "$name"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cbdatasets.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

# same A B: byte-identical files (cmp's report goes to stderr).
same() {
	cmp "$1" "$2" >&2
}

# awk_true PROGRAM FILE...: awk -F, whose exit status decides; what it
# prints (the offending value) goes to stderr.
awk_true() {
	awk -F, "$@" >"$tmp/awk.out" 2>&1
	rc=$?
	[ -s "$tmp/awk.out" ] && sed 's/^/datasets:   /' "$tmp/awk.out" >&2
	return $rc
}

if [ ! -x "$gen" ]; then
	fail "no generator at $gen"
	echo "datasets: $passed passed, $failed failed"
	exit 1
fi

# 1. Regenerating gives the committed files byte for byte.
mkdir "$tmp/regen"
check "clusterbench-gen datasets exits 0" $vg "$gen" datasets "$tmp/regen"
for f in sme_panel.csv clusters.csv region_sector_employment.csv sme_panel_excel_tr.csv; do
	check "regenerated $f is identical to $data/$f" same "$data/$f" "$tmp/regen/$f"
done
check "no temporary files left in the output folder" \
	sh -c '[ -z "$(ls -A "$1" | grep "^\.")" ]' sh "$tmp/regen"

# 2. panel: deterministic, exact row count, seed matters.
$vg "$gen" panel --rows 5000 --output "$tmp/p1.csv" && ok || fail "panel --rows 5000 exits 0"
$vg "$gen" panel --rows 5000 >"$tmp/p2.csv" && ok || fail "panel --rows 5000 to stdout exits 0"
check "two runs of panel --rows 5000 are identical" same "$tmp/p1.csv" "$tmp/p2.csv"
check "panel --rows 5000 writes 5001 lines" test "$(wc -l <"$tmp/p1.csv" | tr -d ' ')" = 5001
$vg "$gen" panel --rows 0 >"$tmp/p0.csv"
check "panel --rows 0 writes the header only" test "$(wc -l <"$tmp/p0.csv" | tr -d ' ')" = 1
$vg "$gen" panel --rows 5000 --seed 7 >"$tmp/p3.csv"
check "another seed gives another panel" sh -c '! cmp -s "$1" "$2"' sh "$tmp/p1.csv" "$tmp/p3.csv"
check "panel has the header of sme_panel.csv" \
	sh -c '[ "$(head -n 1 "$1")" = "$(head -n 1 "$2")" ]' sh "$tmp/p1.csv" "$data/sme_panel.csv"
check "panel rows have 13 fields and valid years" awk_true '
	NR > 1 && (NF != 13 || $7 < 2009 || $7 > 2016 || ($8 != 0 && $8 != 1)) { bad++ }
	END { exit bad > 0 }' "$tmp/p1.csv"
$vg "$gen" panel --rows 5 --bogus >/dev/null 2>"$tmp/err"
rc=$?
check "an unknown option exits 2" test "$rc" = 2
check "the message starts with 'clusterbench-gen: '" grep -q '^clusterbench-gen: ' "$tmp/err"
$vg "$gen" panel --rows 5 --output "$tmp/no/such/dir/x.csv" >/dev/null 2>&1
rc=$?
check "an unwritable output exits 3" test "$rc" = 3

# 3. Facts on the committed panel.
p="$data/sme_panel.csv"
check "sme_panel: 700 +- 10 distinct firms" awk_true '
	NR > 1 && !($1 in f) { f[$1]; n++ }
	END { if (n < 690 || n > 710) { print "firms", n; exit 1 } }' "$p"
check "sme_panel: 20 distinct clusters" awk_true '
	NR > 1 && !($3 in c) { c[$3]; n++ }
	END { if (n != 20) { print "clusters", n; exit 1 } }' "$p"
check "sme_panel: the 5 pilot provinces" awk_true '
	NR > 1 && !($2 in c) { c[$2]; n++ }
	END { if (n != 5 || !("Çorum" in c) || !("Gaziantep" in c) ||
		  !("Kahramanmaraş" in c) || !("Samsun" in c) || !("Trabzon" in c)) exit 1 }' "$p"
check "sme_panel: years 2009-2016, every year present" awk_true '
	NR > 1 { if ($7 < 2009 || $7 > 2016) bad++; y[$7] }
	END { for (k = 2009; k <= 2016; k++) if (!(k in y)) bad++; exit bad > 0 }' "$p"
check "sme_panel: no duplicate (firm_id, year)" awk_true '
	NR > 1 { if (($1, $7) in s) bad++; s[$1, $7] }
	END { exit bad > 0 }' "$p"
check "sme_panel: 13 fields per row, key columns never empty" awk_true '
	NR > 1 { if (NF != 13) bad++; for (i = 1; i <= 8; i++) if ($i == "") bad++ }
	END { exit bad > 0 }' "$p"
check "sme_panel: 0.5-1.5 % missing cells" awk_true '
	NR > 1 { cells += NF; for (i = 1; i <= NF; i++) if ($i == "") m++ }
	END { s = 100 * m / cells; if (s < 0.5 || s > 1.5) { print "missing %", s; exit 1 } }' "$p"
check "sme_panel: productivity empty exactly when employees or turnover is" awk_true '
	NR > 1 && (($13 == "") != ($9 == "" || $10 == "")) { bad++ }
	END { exit bad > 0 }' "$p"

# Members' mean relative change of productivity 2010 -> 2013, firms with both.
gains='
	NR > 1 && $8 == 1 && $13 != "" && ($7 == 2010 || $7 == 2013) { p[$1, $7] = $13; c[$1] = $3 }
	END {
		for (k in c) {
			if (!((k, 2010) in p) || !((k, 2013) in p)) continue
			r = p[k, 2013] / p[k, 2010] - 1
			n++; s += r; cn[c[k]]++; cs[c[k]] += r
		}
		out()
	}'
check "sme_panel: members gain +15..+25 % in productivity 2010-2013" awk_true "
	function out() { g = s / n; if (g < 0.15 || g > 0.25) { print \"gain\", g; exit 1 } }
	$gains" "$p"
check "sme_panel: per-cluster member gains spread around +20 %" awk_true "
	function out() {
		lo = 9; hi = -9
		for (k in cn) { g = cs[k] / cn[k]; if (g < lo) lo = g; if (g > hi) hi = g }
		if (!(hi >= 0.20 && lo < 0.20)) { print \"range\", lo, hi; exit 1 }
	}
	$gains" "$p"

# 4. clusters.csv and region_sector_employment.csv.
check "clusters: 120 rows of 23 fields, 20 clusters x 2011-2016" awk_true '
	NR > 1 { n++; if (NF != 23 || $6 < 2011 || $6 > 2016) bad++; k[$1, $6] }
	END { m = 0; for (x in k) m++; exit !(n == 120 && m == 120 && !bad) }' "$data/clusters.csv"
check "clusters: scores within 0-100" awk_true '
	NR > 1 { for (i = 18; i <= 23; i++) if ($i < 0 || $i > 100) bad++ }
	END { exit bad > 0 }' "$data/clusters.csv"
check "region: 81 provinces x 24 divisions x 8 years" awk_true '
	NR > 1 { n++; if ($4 < 10 || $4 > 33 || $7 < 0 || NF != 7) bad++ }
	END { exit !(n == 81 * 24 * 8 && !bad) }' "$data/region_sector_employment.csv"
check "region: province, plate and nuts2 as in provinces.csv" awk_true '
	FNR == NR { if (FNR > 1) want[$2 "," $1 "," $5]; next }
	FNR > 1 { have[$1 "," $2 "," $3] }
	END {
		for (k in want) if (!(k in have)) bad++
		for (k in have) if (!(k in want)) bad++
		exit bad > 0
	}' "$data/provinces.csv" "$data/region_sector_employment.csv"
check "region: pilot cluster sectors have LQ > 1.25 every year" awk_true '
	NR > 1 { e[$2, $4, $6] = $7; er[$2, $6] += $7; ei[$4, $6] += $7; E[$6] += $7 }
	END {
		n = split("27:13 27:10 27:22 27:15 46:13 46:14 46:25 46:10 61:10 61:31 61:30 61:32 19:23 19:28 19:10 55:32 55:31 55:28 55:10", c, " ")
		for (k = 1; k <= n; k++) {
			split(c[k], q, ":")
			for (y = 2009; y <= 2016; y++) {
				lq = (e[q[1], q[2], y] / er[q[1], y]) / (ei[q[2], y] / E[y])
				if (lq <= 1.25) { print "LQ", q[1], q[2], y, lq; bad++ }
			}
		}
		exit bad > 0
	}' "$data/region_sector_employment.csv"

# 5. The Turkish Excel export: CRLF, windows-1254, the 2012-2013 rows.
x="$data/sme_panel_excel_tr.csv"
check "excel_tr: every line ends in CRLF" awk_true '
	!/\r$/ { bad++ }
	END { exit bad > 0 }' "$x"
check "excel_tr: one row per panel row of 2012-2013" sh -c '
	a=$(awk -F, "NR > 1 && (\$7 == 2012 || \$7 == 2013)" "$1" | wc -l)
	b=$(($(wc -l <"$2") - 1))
	[ "$a" -eq "$b" ]' sh "$p" "$x"
check "excel_tr: windows-1254 (Ç as 0xC7), not UTF-8" sh -c '
	grep -q "$(printf "\307orum;")" "$1" && ! grep -q "$(printf "\303\207")" "$1"' sh "$x"
check "excel_tr: decimal comma and thousands dots" grep -q ';[0-9]\{1,3\}\(\.[0-9][0-9][0-9]\)\{2,\},[0-9][0-9];' "$x"

echo "datasets: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
