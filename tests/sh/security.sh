#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# security.sh: a job file cannot write outside its output folder (absolute
# paths, '..', symlinks in an old run folder), has no key that runs a
# command, and opens no file but the job file and its declared data (an
# strace of a run); text cells written to CSV are guarded against
# spreadsheet formulas; the HTML report shows a cluster named <script> as text; the
# program is built hardened (PIE, full RELRO, stack protector, fortify).
# Env: CB_BUILD, CB_VALGRIND, CB_KEEP (keep the temp folder). Last line:
# "security: N passed, M failed".
set -u
LC_ALL=C.UTF-8
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/${CB_BUILD:-build}/clusterbench"
cb="${CB_VALGRIND:-} $bin"
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cbsec.XXXXXX") || exit 3
trap '[ -n "${CB_KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 3

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "security: FAIL: $*" >&2; }
check() { # check NAME CONDITION...
	name=$1
	shift
	if "$@"; then ok; else fail "$name"; fi
}

cat >data.csv <<'CSV'
name,score
<script>alert(1)</script>,1
<script>alert(1)</script>,2
<script>alert(1)</script>,3
"=HYPERLINK(""http://x"",""y"")",3
"=HYPERLINK(""http://x"",""y"")",4
"=HYPERLINK(""http://x"",""y"")",6
+1+1,5
+1+1,6
@SUM(A1),7
@SUM(A1),8
CSV

# job OUT [REPORT-LINES] [EXTRA]: writes job.ini
job() {
	cat >job.ini <<JOB
[job]
title = Security
output = $1
formats = png

[data d]
path = data.csv

[analysis a]
data = d
method = compare
value = score
by = name
${3:-}

[report]
html = index.html
${2:-}
JOB
}

# --- writes outside the output folder are refused -------------------------
mkdir out
for bad in /tmp/cbsec-evil.pdf ../evil.pdf sub/../../evil.pdf; do
	job run "pdf = $bad"
	$cb run --quiet job.ini >/dev/null 2>err; st=$?
	check "report pdf '$bad': exit 2" [ "$st" = 2 ]
	check "report pdf '$bad': message names the key" \
		grep -q "job.ini:[0-9]*: \[report\]: pdf '$bad' must be a file name inside the output folder" err
	check "report pdf '$bad': nothing written" sh -c '[ ! -e run ] && [ ! -e evil.pdf ] && [ ! -e /tmp/cbsec-evil.pdf ]'
done
# a key that would run a command does not exist
job run "" "command = touch pwned"
$cb run --quiet job.ini >/dev/null 2>err; st=$?
check "unknown key 'command': exit 2" [ "$st" = 2 ]
check "key 'command': refused by name" grep -Eq "job.ini:[0-9]+: \[analysis a\]: 'command' is not an option" err
check "unknown key 'command': nothing ran" [ ! -e pwned ]
# an old run folder whose files are symlinks to outside: the new run
# replaces the folder, the targets are not written
job run
$cb run --quiet job.ini >/dev/null 2>err || fail "good run: $(cat err)"
echo precious >outside.txt
rm -f run/index.html run/results.json
ln -s ../outside.txt run/index.html
ln -s "$tmp/outside.txt" run/results.json
$cb run --quiet job.ini >/dev/null 2>err; st=$?
check "run over symlinks: exit 0" [ "$st" = 0 ]
check "run over symlinks: target untouched" [ "$(cat outside.txt)" = precious ]
check "run over symlinks: files are new" sh -c '[ ! -L run/index.html ] && [ -s run/index.html ] && [ ! -L run/results.json ]'
# the output folder itself a symlink to elsewhere: the run is refused or
# replaces the link, never writes into its target's parent
mkdir elsewhere
ln -s elsewhere linked
job linked
$cb run --quiet job.ini >/dev/null 2>err; st=$?
check "output folder a symlink: no file in its target" [ -z "$(ls -A elsewhere)" ]

# --- a job reads only the files it declares ------------------------------
# No key names another file to read: keys that would (include, template,
# css, font, logo, labels) are refused by name, and so is a schema that is
# a path rather than one of the built-in names.
for kv in "job:include = /etc/passwd" "report:template = /etc/passwd" \
	"report:css = /etc/passwd" "analysis a:font = /etc/passwd" \
	"analysis a:labels = /etc/passwd" "data d:logo = /etc/passwd"; do
	grp=${kv%%:*}
	key=${kv#*:}
	key=${key%% *}
	rm -rf run
	job run
	awk -v g="[$grp]" -v l="${kv#*:}" '{ print } $0 == g { print l }' job.ini >j2.ini
	$cb run --quiet j2.ini >/dev/null 2>err; st=$?
	check "key '$key' in [$grp]: exit 2" [ "$st" = 2 ]
	check "key '$key' in [$grp]: refused by name" \
		grep -Eq "j2.ini:[0-9]+: \[$grp\]: (unknown key )?'$key'" err
	check "key '$key' in [$grp]: no run folder" [ ! -e run ]
done
job run
sed 's|^path = data.csv|path = data.csv\nschema = /etc/passwd|' job.ini >j2.ini
$cb run --quiet j2.ini >/dev/null 2>err; st=$?
check "schema '/etc/passwd': refused" sh -c "[ $st = 1 ] || [ $st = 2 ]"
check "schema '/etc/passwd': message names it" grep -q "/etc/passwd" err
check "schema '/etc/passwd': content not shown" sh -c '! grep -q "root:" err'
# The files a run opens (strace): besides the program's libraries, locale,
# fonts and its own output folder, only the job file, the declared data
# and the declared aliases file.
if [ -n "${CB_VALGRIND:-}" ]; then
	echo "security: under valgrind: the strace check is skipped"
elif ! command -v strace >/dev/null 2>&1; then
	fail "strace missing (make check installs it)"
elif ! strace -f -qq -o /dev/null true 2>/dev/null; then
	echo "security: strace cannot trace here (ptrace refused): open-files check skipped"
else
	printf 'alias,province\nCORUM,Çorum\n' >aliases.csv
	printf 'name,province,score\na,CORUM,1\na,Samsun,2\nb,CORUM,3\nb,Samsun,5\n' >traced.csv
	printf 'not data\n' >undeclared.csv
	rm -rf run
	job run
	sed 's|^path = data.csv|path = traced.csv\nprovince-aliases = aliases.csv|; s|^by = name|by = province|' job.ini >j2.ini
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -qq -e trace=open,openat,openat2,creat,execve -o trace \
		$bin run --quiet j2.ini >/dev/null 2>err || fail "traced run: $(cat err)"
	# every path the run opened, as written in the trace
	sed -n 's/^[0-9]* *open[a-z0-9]*([^"]*"\([^"]*\)".*/\1/p' trace | sed "s|^$tmp/||; s|^\./||" |
		sort -u >opened
	sys='^(/usr/|/lib|/etc/(ld\.so|fonts/|localtime)|/proc/|/sys/|/dev/|/var/cache/fontconfig)'
	mine='^(\.|\.?run(\.tmp-[^/]*)?(/.*)?|j2\.ini|traced\.csv|aliases\.csv)$'
	grep -v -E "$sys" opened | grep -v -E "$mine" | grep -v -E "^$HOME/\.(cache|local|config)/" \
		>undeclared-opens
	check "traced run: opened no file it was not given" [ ! -s undeclared-opens ]
	[ -s undeclared-opens ] && sed 's/^/security:   opened: /' undeclared-opens >&2
	check "traced run: read the declared aliases file" grep -qx 'aliases\.csv' opened
	check "traced run: read the declared data" grep -qx 'traced\.csv' opened
	check "traced run: did not touch the neighbour file" sh -c '! grep -q undeclared opened'
	check "traced run: ran no program" [ "$(grep -c execve trace)" = 1 ]
fi
rm -rf run
job run
$cb run --quiet job.ini >/dev/null 2>err || fail "good run: $(cat err)"

# --- CSV formula injection ------------------------------------------------
$cb describe data.csv --value score --by name --format csv >out.csv 2>err || fail "describe: $(cat err)"
check "formula '=' guarded" grep -q "^\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",score," out.csv
check "formula '+' guarded" grep -q "^'+1+1,score," out.csv
check "formula '@' guarded" grep -q "^'@SUM(A1),score," out.csv
check "no cell starts a formula" sh -c '! grep -Eq "(^|,)\"?[=+@]" out.csv'
check "result CSV of the run guarded" grep -q "'=HYPERLINK" run/results/a.descriptives.csv

# --- HTML escaping --------------------------------------------------------
check "HTML: <script> shown as text" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' run/index.html
check "HTML: no script element from data" sh -c '! grep -qi "<script>alert" run/index.html'

# --- hardened build -------------------------------------------------------
if ! command -v readelf >/dev/null 2>&1; then
	echo "security: readelf missing: hardening checks skipped"
elif readelf -sW "$bin" | grep -q __asan_init; then
	echo "security: a sanitizer build: hardening checks are for the normal build"
else
	check "PIE" sh -c "readelf -h '$bin' | grep -q 'Type:.*DYN'"
	check "RELRO" sh -c "readelf -lW '$bin' | grep -q GNU_RELRO"
	check "BIND_NOW (full RELRO)" sh -c "readelf -dW '$bin' | grep -Eq 'BIND_NOW|FLAGS_1.*NOW'"
	check "stack protector" sh -c "readelf -sW '$bin' | grep -q __stack_chk_fail"
	check "fortify" sh -c "readelf -sW '$bin' | grep -Eq '__[a-z]*printf_chk|__memcpy_chk|__read_chk'"
	check "no executable stack" sh -c "! readelf -lW '$bin' | grep GNU_STACK | grep -q RWE"
fi

echo "security: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
