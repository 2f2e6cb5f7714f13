#!/bin/sh
# End-to-end test of `abirun compat` through the real binary.
#
#   sh tests/compat/e2e.sh [ABIRUN [GUEST-DIR]]
#
# defaults: build/abirun and build/tests/guest/freebsd (where demo and
# enosys are built).
#
# Uses a temporary database.  Records a FreeBSD guest program under two fake
# abirun versions (ABIRUN_COMPAT_VERSION), the second time deliberately
# broken (a truncated copy of the binary), and checks that `regressions`
# shows it; then report, missing, versions, html (loaded in headless
# Chromium when installed), run-manifest, and the refusals of a corrupt or
# missing database.  Ends with an 'N passed, N failed' line.
#
# COMPAT_E2E_GUEST overrides the guest program (default GUEST-DIR/demo).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
ABIRUN=${1:-$root/build/abirun}
case $ABIRUN in /*) ;; *) ABIRUN=$(pwd)/$ABIRUN ;; esac
GUESTS=${2:-$root/build/tests/guest/freebsd}
case $GUESTS in /*) ;; *) GUESTS=$(pwd)/$GUESTS ;; esac
GUEST=${COMPAT_E2E_GUEST:-$GUESTS/demo}
case $GUEST in /*) ;; *) GUEST=$(pwd)/$GUEST ;; esac
ENOSYS_GUEST=$GUESTS/enosys

tmp=$(mktemp -d "${TMPDIR:-/tmp}/compat-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
db=$tmp/compat.db
out=$tmp/out
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	[ -f "$out" ] && sed "s/^/#   /" "$out" | head -40
}
# check DESCRIPTION EXPECTED-STATUS COMMAND...  (output in $out)
check() {
	desc=$1 want=$2
	shift 2
	"$@" >"$out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$desc"; else echo "# exit status $got, expected $want" >>"$out"; not_ok "$desc"; fi
}
# has DESCRIPTION TEXT: the last output contains TEXT
has() {
	if grep -F -q -- "$2" "$out"; then ok "$1"; else echo "# no '$2' in the output" >>"$out"; not_ok "$1"; fi
}
c() { "$ABIRUN" compat --db "$db" "$@"; }

if [ ! -x "$ABIRUN" ]; then
	echo "compat-e2e: $ABIRUN is not built"
	exit 1
fi
if [ ! -f "$GUEST" ]; then
	echo "compat-e2e: the guest program $GUEST is not built (make -C $root $GUEST)"
	exit 1
fi
export ABIRUN_COMPAT_BUSY_MS=20000
unset ABIRUN_COMPAT_ABIRUN

# --- help, and a database that does not exist yet --------------------------
check "help" 0 "$ABIRUN" compat help
has "help lists the subcommands" "run-manifest"
check "report without a database fails clearly" 2 c report
has "... and says so" "no compat database"
[ ! -e "$db" ] && ok "... without creating one" || not_ok "... without creating one"

# --- scan -----------------------------------------------------------------
check "scan a FreeBSD guest and a Linux binary" 0 c scan "$GUEST" /bin/ls
has "scan identifies the FreeBSD ABI" "freebsd-amd64"
has "scan identifies /bin/ls as dynamic Linux" "linux-amd64"

# --- version 1: the program works ------------------------------------------
GUEST_OUT=$tmp/guest.out
(cd "$tmp" && "$ABIRUN" "$GUEST" >"$GUEST_OUT" 2>/dev/null)
expect=$(head -n 1 "$GUEST_OUT")
[ -n "$expect" ] || expect="Hello"
ABIRUN_COMPAT_VERSION=e2e-v1 check "v1: run the guest (expect '$expect')" 0 \
	c run --name guest --expect "$expect" -- "$GUEST"
has "v1: the run passes" "guest: PASS"
ABIRUN_COMPAT_VERSION=e2e-v1 check "v1: a run with a wrong expectation fails" 1 \
	c run --name fixed-later --expect "text the program never prints" -- "$GUEST"

# --- version 2: the same name, deliberately broken -------------------------
head -c 1000 "$GUEST" >"$tmp/broken-guest"
chmod +x "$tmp/broken-guest"
ABIRUN_COMPAT_VERSION=e2e-v2 check "v2: the broken run is recorded as a failure" 1 \
	c run --name guest -- "$tmp/broken-guest"
has "v2: abirun refused the truncated binary" "guest: FAIL"
ABIRUN_COMPAT_VERSION=e2e-v2 check "v2: the other one now passes" 0 \
	c run --name fixed-later --expect "$expect" -- "$GUEST"
if [ -f "$ENOSYS_GUEST" ]; then
	ABIRUN_COMPAT_VERSION=e2e-v2 check "v2: a guest calling unimplemented syscalls" 0 \
		c run --name enosys -- "$ENOSYS_GUEST"
fi

# --- regressions ------------------------------------------------------------
check "regressions exits 1 when something regressed" 1 c regressions --from e2e-v1 --to e2e-v2
has "regressions names the broken run" "guest"
if grep -E -q '^guest +regressed +pass \(exit 0\) +fail \(cannot-execute\)' "$out"; then
	ok "regressions shows guest: pass -> fail (cannot-execute)"
else
	not_ok "regressions shows guest: pass -> fail (cannot-execute)"
fi
if grep -E -q '^fixed-later +fixed' "$out"; then ok "regressions shows what newly passes"; else not_ok "regressions shows what newly passes"; fi
has "regressions notes the binary changed" "binary changed"
check "regressions --json (defaults: previous -> latest)" 1 c regressions --json
has "regressions --json counts one regression" '"regressed": 1'
has "regressions --json counts one fix" '"fixed": 1'
check "no regression from v1 to itself" 0 c regressions --from e2e-v1 --to e2e-v1
check "an unknown version is an error" 2 c regressions --from nope --to latest
has "... naming the recorded versions" "e2e-v1"

# --- report, missing, versions ---------------------------------------------
check "report" 0 c report
has "report shows the latest (failed) guest run" "guest"
has "report shows the scanned binaries" "Scanned binaries"
check "report --version e2e-v1" 0 c report --version e2e-v1
if grep -E -q '^guest +PASS' "$out"; then ok "report --version shows v1's result"; else not_ok "report --version shows v1's result"; fi
check "report --json" 0 c report --json
has "report --json has runs" '"runs": ['
check "missing" 0 c missing
if [ -f "$ENOSYS_GUEST" ]; then
	has "missing lists swapon, called by the enosys guest" "swapon"
fi
check "missing --json" 0 c missing --json
has "missing --json" '"missing": ['
check "versions" 0 c versions
has "versions lists e2e-v2" "e2e-v2"

# --- html -------------------------------------------------------------------
check "html" 0 c html "$tmp/report.html"
if grep -q '<svg' "$tmp/report.html" && grep -q '</html>' "$tmp/report.html" &&
	grep -q 'freebsd-amd64' "$tmp/report.html"; then
	ok "html has the coverage chart and tables"
else
	not_ok "html has the coverage chart and tables"
fi
check "html in a browser" 0 sh "$root/tests/compat/html-browser.sh" "$tmp/report.html"
sed 's/^/# /' "$out"

# --- run-manifest -----------------------------------------------------------
cat >"$tmp/manifest" <<EOF
# a corpus of one, plus an absent optional entry
[guest-from-manifest]
source path $GUEST
args   one "two words"
expect $expect

[not-built]
source   path $tmp/does-not-exist
optional yes
EOF
ABIRUN_COMPAT_VERSION=e2e-v2 check "run-manifest" 0 c run-manifest "$tmp/manifest"
has "run-manifest summary" "2 entries, 1 pass, 0 fail, 1 skipped, 0 errors"
printf '[x]\nsource path /bin/true\nfrobnicate yes\n' >"$tmp/bad-manifest"
check "a bad manifest is rejected with its line" 2 c run-manifest "$tmp/bad-manifest"
has "... naming line 3" "bad-manifest:3: unknown key 'frobnicate'"

# --- npm sources: fetched, verified, run; a wrong pin is refused ------------
# (needs npm and the registry; the project's cache build/corpus-cache is reused)
if command -v "${NPM:-npm}" >/dev/null 2>&1; then
	pin_integrity=sha512-78XJTJkvPs0kz2w61301PJjXl4g7q3JqiYMZ/M/yVI73EHBrCRTgkhu9oqG7vPqq+a/yadEW8aD+agKlk5xrmg==
	pin_sha256=8a237e222bee0e50556e7b00d83ec2ff43721bf72f19811a5f0ee56f1d40177c
	cat >"$tmp/npm-manifest" <<EOF
cache $root/build/corpus-cache
[esbuild-freebsd]
source    npm @esbuild/freebsd-x64@0.28.2 package/bin/esbuild
integrity $pin_integrity
sha256    $pin_sha256
args      --version
expect-exact 0.28.2
EOF
	ABIRUN_COMPAT_VERSION=e2e-v2 c run-manifest "$tmp/npm-manifest" >"$out" 2>&1
	rc=$?
	if grep -q "npm pack .* failed" "$out"; then
		echo "# skip: npm could not fetch @esbuild/freebsd-x64@0.28.2 here (offline?)"
	else
		if [ $rc -eq 0 ] && grep -q "esbuild-freebsd: PASS" "$out"; then
			ok "run-manifest fetches, verifies and runs an npm package"
		else
			not_ok "run-manifest fetches, verifies and runs an npm package"
		fi
		# in a cache of its own (seeded with the verified tarball): the
		# mismatching file it unpacks is deleted, not the project's copy
		mkdir -p "$tmp/cache"
		cp "$root/build/corpus-cache/@esbuild+freebsd-x64@0.28.2.tgz" "$tmp/cache/" 2>/dev/null
		sed -e "s/$pin_sha256/0000000000000000000000000000000000000000000000000000000000000000/" \
			-e "s|^cache .*|cache $tmp/cache|" "$tmp/npm-manifest" >"$tmp/npm-bad"
		check "a wrong sha256 pin is refused" 2 c run-manifest "$tmp/npm-bad"
		has "... as a checksum mismatch" "checksum mismatch"
		if grep -q "esbuild-freebsd: PASS\|esbuild-freebsd: FAIL" "$out"; then
			not_ok "... without running it"
		else
			ok "... without running it"
		fi
	fi
else
	echo "# skip: npm is not installed; npm sources were not tested"
fi

# --- damaged databases are refused and left alone ----------------------------
head -c 4096 /dev/urandom >"$tmp/bad.db"
cp "$tmp/bad.db" "$tmp/bad.db.orig"
check "a corrupt database is refused" 2 "$ABIRUN" compat --db "$tmp/bad.db" report
has "... as corrupt" "corrupt"
cmp -s "$tmp/bad.db" "$tmp/bad.db.orig" && ok "... and left untouched" || not_ok "... and left untouched"
check "writing to it is refused too" 2 "$ABIRUN" compat --db "$tmp/bad.db" scan /bin/ls
cmp -s "$tmp/bad.db" "$tmp/bad.db.orig" && ok "... still untouched" || not_ok "... still untouched"

echo "compat-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
