#!/bin/sh
# Go standard-library test suites under abirun, compared with the same suites
# built for linux and run natively.
#
#   sh tests/gostd/run.sh [--native] [--timeout=S] ABIRUN BUILDDIR [PKG...]
#
# For each package of tests/gostd/packages and packages-extra (built by
# tests/gostd/build.sh into
# BUILDDIR/tests/gostd/{linux,freebsd}/PKG.test) the linux binary runs
# natively and the freebsd binary under abirun, both with -test.v -test.short,
# in $GOROOT/src/PKG (tests read testdata; none of these packages' tests write
# there — they use t.TempDir, which goes to a fresh $TMPDIR per run).
#
# Counted are top-level tests and examples ("--- PASS: Name" at column 0).
# For each package:
#   linux    tests that pass natively, less those listed in known-different
#            and those that the freebsd build does not contain (-test.list)
#   abirun   how many of those pass under abirun
#   ratio    abirun / linux
# Every test that passes natively but not under abirun is listed with what
# happened to it (FAIL, SKIP, or not run because the binary died or hung).
# Exit status 1 if the ratio over tests/gostd/packages (the issue's list) is
# below GOSTD_MIN_RATIO (default 0.98), or the one over packages-extra below
# GOSTD_MIN_RATIO_EXTRA (default 0.95).
#
#   --native     the linux binary on both sides (checks the harness)
#   --timeout=S  per binary run (default 300, or $GOSTD_TIMEOUT)
# GOSTD_EXTRA=0 leaves packages-extra out (about 2 of the ~5 minutes that
# building everything takes on 2 cores from a cold cache, and 40 s of running).
# Logs: BUILDDIR/tests/gostd/results/PKG.{linux,freebsd}.log, .missing

set -u
SRC=$(cd "$(dirname "$0")" && pwd)
NATIVE=0
TIMEOUT=${GOSTD_TIMEOUT:-300}
MIN=${GOSTD_MIN_RATIO:-0.98}
MIN_EXTRA=${GOSTD_MIN_RATIO_EXTRA:-0.95}
while [ $# -gt 0 ]; do
	case $1 in
	--native) NATIVE=1 ;;
	--timeout=*) TIMEOUT=${1#--timeout=} ;;
	--) shift; break ;;
	-*) echo "gostd/run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
if [ $# -lt 2 ]; then
	echo "usage: run.sh [--native] [--timeout=S] ABIRUN BUILDDIR [PKG...]" >&2
	exit 2
fi
ABIRUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(cd "$2" && pwd)
shift 2
GO=${GO:-go}
GOROOT=$(env -u GOOS "$GO" env GOROOT)
OUT=$BUILD/tests/gostd
FINAL=$OUT/results
RES=$OUT/results.$$
rm -rf "$RES"
mkdir -p "$RES"
trap 'rm -rf "$RES"; exit 130' INT TERM

list() { grep -v -E '^[[:space:]]*(#|$)' "$SRC/$1" | awk '{print $1}'; }
if [ $# -gt 0 ]; then
	PKGS=$* EXTRA=
else
	PKGS=$(list packages) EXTRA=
	[ "${GOSTD_EXTRA:-1}" = 0 ] || EXTRA=$(list packages-extra)
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# run PKG LOG CMD...: in the package's source directory, fresh TMPDIR/HOME
run() {
	pkg=$1 log=$2
	shift 2
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/abirun-gostd.XXXXXX")
	(
		cd "$GOROOT/src/$pkg" || exit 125
		# own session and process group: leftovers are killed with it
		# shellcheck disable=SC2016
		env -i PATH="$GOROOT/bin:/usr/local/bin:/usr/bin:/bin" HOME="$tmp" TMPDIR="$tmp" \
			GOROOT="$GOROOT" LC_ALL=C \
			setsid -w sh -c 'echo $$ > "$0"; exec timeout -k 10 "$@"' "$tmp.pgid" "$TIMEOUT" "$@" > "$log" 2>&1
		echo "exit status $?" >> "$log"
	)
	[ -s "$tmp.pgid" ] && kill -KILL "-$(cat "$tmp.pgid")" 2>/dev/null
	rm -f "$tmp.pgid"
	chmod -R u+rwx "$tmp" 2>/dev/null
	rm -rf "$tmp"
}

# do_pkg PKG: run both builds, print the table row, add to $l_sum, $a_sum
do_pkg() {
	pkg=$1
	f=$(echo "$pkg" | tr / _)
	lin=$OUT/linux/$f.test
	fb=$OUT/freebsd/$f.test
	if [ ! -x "$lin" ] || [ ! -x "$fb" ]; then
		echo "$pkg: not built ($lin, $fb)"
		return
	fi
	args="-test.v -test.short -test.timeout=$((TIMEOUT - 20))s"
	t0=$(now)
	# shellcheck disable=SC2086
	run "$pkg" "$RES/$f.linux.log" "$lin" $args
	t1=$(now)
	if [ $NATIVE = 1 ]; then
		run "$pkg" "$RES/$f.freebsd.list" "$lin" -test.list '.*'
		t2=$(now)
		# shellcheck disable=SC2086
		run "$pkg" "$RES/$f.freebsd.log" "$lin" $args
	else
		run "$pkg" "$RES/$f.freebsd.list" "$ABIRUN" "$fb" -test.list '.*'
		t2=$(now)
		# shellcheck disable=SC2086
		run "$pkg" "$RES/$f.freebsd.log" "$ABIRUN" "$fb" $args
	fi
	t3=$(now)
	# one line: "linux abirun", and the missed tests into PKG.missing
	counts=$(awk -v pkg="$pkg" -v missing="$RES/$f.missing" '
		FILENAME == ARGV[1] { if ($1 == pkg && NF == 2) print "known-different: " pkg " " $2 " has no reason: not honoured" > "/dev/stderr"; else if ($1 == pkg && NF >= 3) known[$2] = 1; next }
		FILENAME == ARGV[2] { if ($0 == "exit status 0") listok = 1; else if ($0 ~ /^[A-Z][A-Za-z0-9_]*$/) has[$0] = 1; next }
		FILENAME == ARGV[3] { if (match($0, /^--- PASS: [^ ]+/)) { n = substr($0, 11, RLENGTH - 10); lpass[n] = 1; order[++no] = n } next }
		{
			if (match($0, /^--- (PASS|FAIL|SKIP): [^ ]+/)) { st = substr($0, 5, 4); n = substr($0, 11, RLENGTH - 10); fst[n] = st }
			if (match($0, /^=== RUN   [^ \/]+$/)) { n = substr($0, 11); if (!(n in fst)) fst[n] = "RUN" }
			if ($0 ~ /^exit status /) fexit = $3
		}
		END {
			l = a = 0
			for (i = 1; i <= no; i++) {
				n = order[i]
				if (n in known) continue
				if (listok && !(n in has)) continue
				l++
				if (fst[n] == "PASS") { a++; continue }
				why = (n in fst) ? fst[n] : "not run"
				if (why == "RUN") why = "did not finish (binary exit status " fexit ")"
				else if (why == "not run") why = "not run (binary exit status " fexit ")"
				print pkg " " n ": " why > missing
			}
			for (n in known) if (fst[n] == "PASS" && (n in lpass)) print pkg " " n ": passes but is listed in known-different" > missing
			print l, a
		}' "$SRC/known-different" "$RES/$f.freebsd.list" "$RES/$f.linux.log" "$RES/$f.freebsd.log")
	touch "$RES/$f.missing"
	# shellcheck disable=SC2086
	set -- $counts
	l=$1 a=$2
	l_sum=$((l_sum + l)) a_sum=$((a_sum + a))
	ratio=$(awk -v l="$l" -v a="$a" 'BEGIN { printf "%.1f%%", l ? 100 * a / l : 100 }')
	printf '%-16s %6d %6d %8s %6d %7ss %7ss\n' "$pkg" "$l" "$a" "$ratio" $((l - a)) "$(secs "$t0" "$t1")" "$(secs "$t2" "$t3")"
	cat "$RES/$f.missing" >> "$RES/summary.missing"
}

pct() { awk -v l="$1" -v a="$2" 'BEGIN { printf "%.2f%%", l ? 100 * a / l : 100 }'; }
meets() { awk -v l="$1" -v a="$2" -v m="$3" 'BEGIN { print (l == 0 || a / l >= m) ? 1 : 0 }'; }

printf '%-16s %6s %6s %8s %6s %8s %8s\n' package linux abirun ratio missed native abirun
: > "$RES/summary.missing"
l_sum=0 a_sum=0
for pkg in $PKGS; do do_pkg "$pkg"; done
tl=$l_sum ta=$a_sum
printf '%-16s %6d %6d %8s %6d\n' "total" "$tl" "$ta" "$(pct "$tl" "$ta")" $((tl - ta))
l_sum=0 a_sum=0
if [ -n "$EXTRA" ]; then
	echo "extra packages:"
	for pkg in $EXTRA; do do_pkg "$pkg"; done
	printf '%-16s %6d %6d %8s %6d\n' "total extra" "$l_sum" "$a_sum" "$(pct "$l_sum" "$a_sum")" $((l_sum - a_sum))
fi
el=$l_sum ea=$a_sum
rm -rf "$FINAL" && mv "$RES" "$FINAL"
RES=$FINAL
if [ -s "$RES/summary.missing" ]; then
	echo "passed natively, not under abirun (logs in $RES):"
	sed -n '1,60s/^/  /p' "$RES/summary.missing"
	n=$(wc -l < "$RES/summary.missing")
	[ "$n" -gt 60 ] && echo "  ... $((n - 60)) more in $RES/summary.missing"
fi
ok=$(meets "$tl" "$ta" "$MIN")
ok_extra=$(meets "$el" "$ea" "$MIN_EXTRA")
[ "$tl" -gt 0 ] || ok=0
verdict=ok
[ "$ok" = 1 ] || verdict="BELOW THE BAR"
echo "gostd-tests: $(pct "$tl" "$ta") ($ta of $tl tests the linux build passes natively), bar $(awk -v m="$MIN" 'BEGIN { print 100 * m }')%: $verdict"
if [ -n "$EXTRA" ]; then
	verdict=ok
	[ "$ok_extra" = 1 ] || verdict="BELOW THE BAR"
	echo "gostd-tests extra packages: $(pct "$el" "$ea") ($ea of $el), bar $(awk -v m="$MIN_EXTRA" 'BEGIN { print 100 * m }')%: $verdict"
fi
echo "$((ta + ea)) passed, $((tl + el - ta - ea)) failed"
[ "$ok" = 1 ] && [ "$ok_extra" = 1 ]
