#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# report-browser.sh: the HTML report renders in a real browser. test_report
# --sample writes a run folder (index.html, charts/*.svg|png, results/*.csv,
# report.pdf); headless Chromium takes a screenshot of index.html, which
# must be a 1280 x 2000 PNG with text on it and the coloured bars of the
# first chart (an SVG beside the page: so images load from file:// under
# the page's Content-Security-Policy). Skipped, with a message, when
# Debian's chromium is not installed; this test never installs it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${CB_BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
prog=$build/tests/test_report
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "report-browser: $*" >&2; }
summary() {
	echo "report-browser: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

if ! command -v chromium >/dev/null 2>&1; then
	echo "skipped: chromium not installed" >&2
	summary
fi
if [ ! -x "$prog" ]; then
	bad "$prog is missing (build the unit tests first)"
	summary
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cbbrowser.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT INT TERM

# the sample run folder
if ${CB_VALGRIND:-} "$prog" --sample "$tmp/run" >"$tmp/sample.log" 2>&1 &&
	[ -s "$tmp/run/index.html" ] && [ -s "$tmp/run/charts/bar.svg" ]; then
	ok
else
	bad "test_report --sample failed:"
	cat "$tmp/sample.log" >&2
	summary
fi

# the screenshot; a fresh profile, nothing from the network
url="file://$(printf '%s' "$tmp/run/index.html" | sed 's/%/%25/g; s/ /%20/g; s/#/%23/g; s/?/%3F/g')"
mkdir "$tmp/profile"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$tmp/profile" --screenshot="$tmp/shot.png" --window-size=1280,2000 \
	"$url" >"$tmp/chromium.log" 2>&1
if [ -s "$tmp/shot.png" ] && [ "$(head -c 8 "$tmp/shot.png" | od -An -c | tr -d ' ')" = "211PNG\r\n032\n" ]; then
	ok
else
	bad "chromium wrote no PNG screenshot:"
	tail -n 5 "$tmp/chromium.log" >&2
	summary
fi

# not blank: text (ink) and the charts' colours; measured on a good page:
# ink 76, colour 30 (permille of the pixels); without the chart files: colour 3
line=$("$prog" --png-ink "$tmp/shot.png")
set -- $line
if [ "$#" -eq 6 ] && [ "$1" = ink ] && [ "$3" = colour ]; then
	ok
else
	bad "cannot measure the screenshot: $line"
	summary
fi
if [ "$6" = 1280x2000 ]; then ok; else bad "screenshot is $6, want 1280x2000"; fi
if [ "$2" -ge 20 ]; then ok; else bad "the page looks blank: $2 permille of the pixels are not white"; fi
if [ "$4" -ge 10 ]; then ok; else bad "no chart on the page: $4 permille of the pixels are coloured"; fi
if [ "$2" -le 400 ]; then ok; else bad "the page is mostly dark ($2 permille): broken styles?"; fi
# REPORT_BROWSER_KEEP=FILE keeps the screenshot for a person to look at
if [ -n "${REPORT_BROWSER_KEEP:-}" ]; then cp "$tmp/shot.png" "$REPORT_BROWSER_KEEP"; fi
summary
