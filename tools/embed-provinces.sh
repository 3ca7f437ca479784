#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# embed-provinces.sh FILE: writes C source with the province fact table of
# FILE (datasets/provinces.csv: plate,province,province_ascii,nuts1,nuts2) as
# a constant array, so that the program needs no data file at run time.
set -eu
file=$1
printf '/* generated from %s by tools/embed-provinces.sh; do not edit */\n' "$file"
printf '#include "clusterbench/load.h"\n\n'
printf 'const struct province cb_provinces[] = {\n'
awk -F, 'NR == 1 {
	if ($0 != "plate,province,province_ascii,nuts1,nuts2") {
		print "bad header in provinces file" > "/dev/stderr"; exit 1
	}
	next
}
NF != 5 { print "bad line " NR " in provinces file" > "/dev/stderr"; exit 1 }
{ printf "\t{ %d, \"%s\", \"%s\", \"%s\", \"%s\" },\n", $1, $2, $3, $4, $5 }' "$file"
printf '};\n'
printf 'const unsigned long cb_provinces_count = sizeof cb_provinces / sizeof cb_provinces[0];\n'
