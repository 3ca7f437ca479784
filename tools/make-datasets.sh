#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make-datasets.sh GEN DIR: regenerates the default datasets in DIR with the
# generator GEN (clusterbench-gen, default seed); used by `make datasets`.
set -eu
if [ $# -ne 2 ]; then
	echo "usage: tools/make-datasets.sh GEN DIR" >&2
	exit 2
fi
gen=$1
dir=$2
if [ ! -x "$gen" ]; then
	echo "make-datasets: '$gen' is not an executable (run make first)" >&2
	exit 2
fi
if [ ! -d "$dir" ]; then
	echo "make-datasets: '$dir' is not a folder" >&2
	exit 3
fi
# Each file is written to a temporary name and renamed when complete.
"$gen" datasets "$dir"
for f in sme_panel.csv sme_panel_excel_tr.csv clusters.csv region_sector_employment.csv; do
	printf 'make-datasets: %s/%s: %s lines\n' "$dir" "$f" "$(wc -l < "$dir/$f" | tr -d ' ')"
done
