#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# golden-accept.sh CASE_DIR...: runs each golden case with build/clusterbench
# and stores what it printed as the expected stdout, stderr and status.
# Review the result (git diff) before committing: the expectation is yours.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
for dir in "$@"; do
	(
		cd "$dir"
		CB="$top/build/clusterbench" GEN="$top/build/clusterbench-gen" TOP="$top" \
		LC_ALL=C.UTF-8 TZ=UTC sh ./cmd >stdout 2>stderr </dev/null && st=0 || st=$?
		echo "$st" >status
		[ -s stderr ] || rm -f stderr
		[ "$st" = 0 ] && rm -f status
		echo "$dir: status $st"
	)
done
