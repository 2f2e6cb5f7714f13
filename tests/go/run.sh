#!/bin/sh
# Go differential tests: every program in tests/go/NAME/ is built for linux
# and for freebsd (tests/go/go.mk); this script runs the linux build natively
# and the freebsd build under abirun, each in a fresh temporary directory with
# the same arguments, environment and standard input, and compares standard
# output, exit status and (per program) standard error.
#
#   sh tests/go/run.sh [OPTIONS] ABIRUN BUILDDIR [NAME...]
#
#   --native     check the harness itself: the linux build stands in for the
#                freebsd one (run natively twice); everything must pass
#   --trace      always run the freebsd side under --trace/--stats
#   --timeout=S  seconds per program run (default 60, or $GO_TESTS_TIMEOUT)
#
# Per program, optional files in tests/go/NAME/:
#   args         one argument per line
#   stdin        standard input (default /dev/null)
#   stderr-mode  'exact' (default), 'ignore', or 'match ERE': both runs must
#                write the same sequence of stderr lines matching ERE, and at
#                least one
# tests/go/known-failures lists 'NAME reason...': such a program that fails
# is reported XFAIL (not a failure); one that passes is reported XPASS.
#
# A failing program is run once more under `abirun --trace=FILE --stats=FILE`;
# the tail of the trace and the unimplemented calls are printed, the files
# kept in BUILDDIR/tests/go/results/NAME/ (the last run's).
# The last line is exactly 'N passed, M failed'.

set -u
SRC=$(cd "$(dirname "$0")" && pwd)
NATIVE=0
TRACE=0
TIMEOUT=${GO_TESTS_TIMEOUT:-60}
while [ $# -gt 0 ]; do
	case $1 in
	--native) NATIVE=1 ;;
	--trace) TRACE=1 ;;
	--timeout=*) TIMEOUT=${1#--timeout=} ;;
	--) shift; break ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
if [ $# -lt 2 ]; then
	echo "usage: run.sh [--native] [--trace] [--timeout=S] ABIRUN BUILDDIR [NAME...]" >&2
	exit 2
fi
ABIRUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(cd "$2" && pwd)
shift 2
OUT=$BUILD/tests/go
# a private results directory per run (concurrent runs in one build tree
# must not clobber each other); it becomes $OUT/results at the end
FINAL=$OUT/results
RES=$OUT/results.$$
rm -rf "$RES"
trap 'rm -rf "$RES"; exit 130' INT TERM

if [ $# -gt 0 ]; then
	NAMES=$*
else
	NAMES=
	for d in "$SRC"/*/; do
		n=$(basename "$d")
		[ -f "$d/main.go" ] && NAMES="$NAMES $n"
	done
fi

# the same small environment for both runs
ENV="PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent-home LC_ALL=C GOTEST_VAR=hello GOTEST_EQ=x=y=z"

# run_one SIDE NAME CMD... : run in a fresh directory, results into $RES/NAME/SIDE.*
run_one() {
	side=$1 name=$2
	shift 2
	dir=$(mktemp -d "${TMPDIR:-/tmp}/abirun-go-$name.XXXXXX")
	stdin=/dev/null
	[ -f "$SRC/$name/stdin" ] && stdin=$SRC/$name/stdin
	(
		cd "$dir" || exit 125
		umask 022
		if [ -f "$SRC/$name/args" ]; then
			# one argument per line, blank lines included
			while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < "$SRC/$name/args"
		fi
		# its own session and process group, so that whatever it leaves
		# behind (a hung grandchild) is killed with it
		# shellcheck disable=SC2086,SC2016
		setsid -w sh -c 'echo $$ > "$0"; exec timeout -k 5 "$@"' "$dir.pgid" "$TIMEOUT" \
			env -i $ENV GOTEST_SPACES="a b  c" "$@" \
			< "$stdin" > "$RES/$name/$side.out" 2> "$RES/$name/$side.err"
		echo $? > "$RES/$name/$side.rc"
	)
	[ -s "$dir.pgid" ] && kill -KILL "-$(cat "$dir.pgid")" 2>/dev/null
	rm -rf "$dir" "$dir.pgid"
}

stderr_ok() {
	name=$1
	mode=exact
	[ -f "$SRC/$name/stderr-mode" ] && mode=$(cat "$SRC/$name/stderr-mode")
	case $mode in
	ignore) return 0 ;;
	exact) cmp -s "$RES/$name/linux.err" "$RES/$name/freebsd.err" ;;
	match\ *)
		re=${mode#match }
		grep -E -- "$re" "$RES/$name/linux.err" > "$RES/$name/linux.err.match"
		grep -E -- "$re" "$RES/$name/freebsd.err" > "$RES/$name/freebsd.err.match"
		[ -s "$RES/$name/linux.err.match" ] &&
			cmp -s "$RES/$name/linux.err.match" "$RES/$name/freebsd.err.match" ;;
	*) echo "run.sh: $name: bad stderr-mode '$mode'" >&2; return 1 ;;
	esac
}

known_reason() {
	[ -f "$SRC/known-failures" ] || return 1
	awk -v n="$1" '$1 == n { $1 = ""; sub(/^ +/, ""); print; found = 1 } END { exit !found }' "$SRC/known-failures"
}

show_diff() {
	name=$1 what=$2
	diff -u "$RES/$name/linux.$what" "$RES/$name/freebsd.$what" | sed -n '3,22s/^/    /p'
}

pass=0 fail=0 xfail=0 xpass=0
for name in $NAMES; do
	lin=$OUT/linux/$name
	fbsd=$OUT/freebsd/$name
	rm -rf "${RES:?}/$name"
	mkdir -p "$RES/$name"
	if [ ! -x "$lin" ] || [ ! -x "$fbsd" ]; then
		echo "FAIL $name: not built ($lin, $fbsd)"
		fail=$((fail + 1))
		continue
	fi
	t0=$(date +%s.%N)
	run_one linux "$name" "$lin"
	t1=$(date +%s.%N)
	if [ $NATIVE = 1 ]; then
		run_one freebsd "$name" "$lin"
	elif [ $TRACE = 1 ]; then
		run_one freebsd "$name" "$ABIRUN" --trace="$RES/$name/trace" --stats="$RES/$name/stats" "$fbsd"
	else
		run_one freebsd "$name" "$ABIRUN" "$fbsd"
	fi
	t2=$(date +%s.%N)
	times=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "native %.1fs, abirun %.1fs", b - a, c - b }')
	lrc=$(cat "$RES/$name/linux.rc") frc=$(cat "$RES/$name/freebsd.rc")
	why=
	if [ "$lrc" = 124 ] || [ "$lrc" = 137 ]; then
		why="the linux build timed out natively (${TIMEOUT}s)"
	elif [ "$frc" = 124 ] || [ "$frc" = 137 ]; then
		why="timed out under abirun (${TIMEOUT}s)"
	elif [ "$lrc" != "$frc" ]; then
		why="exit status $lrc natively, $frc under abirun"
	elif ! cmp -s "$RES/$name/linux.out" "$RES/$name/freebsd.out"; then
		why="stdout differs"
	elif ! stderr_ok "$name"; then
		why="stderr differs"
	fi
	if reason=$(known_reason "$name"); then
		if [ -n "$why" ]; then
			echo "XFAIL $name: $why ($times)"
			echo "    known failure: $reason"
			case $why in
			"stdout differs") show_diff "$name" out | grep '^    [-+]' | head -n 4 ;;
			"stderr differs") show_diff "$name" err | grep '^    [-+]' | head -n 4 ;;
			*) sed -n '1,3s/^/    stderr: /p' "$RES/$name/freebsd.err" ;;
			esac
			xfail=$((xfail + 1))
			continue
		fi
		echo "XPASS $name (listed in tests/go/known-failures, but passes: remove it)"
		xpass=$((xpass + 1))
		pass=$((pass + 1))
		continue
	fi
	if [ -z "$why" ]; then
		echo "PASS $name ($times)"
		pass=$((pass + 1))
		continue
	fi
	echo "FAIL $name: $why ($times)"
	fail=$((fail + 1))
	case $why in
	"stdout differs") show_diff "$name" out ;;
	"stderr differs") show_diff "$name" err ;;
	*) sed -n '1,10s/^/    stderr: /p' "$RES/$name/freebsd.err" ;;
	esac
	if [ $NATIVE = 0 ] && [ $TRACE = 0 ]; then
		run_one traced "$name" "$ABIRUN" --trace="$RES/$name/trace" --stats="$RES/$name/stats" "$fbsd"
		echo "    traced re-run: exit $(cat "$RES/$name/traced.rc"); trace in $FINAL/$name/trace"
		grep -E 'ENOSYS' "$RES/$name/trace" 2>/dev/null | head -n 3 | cut -c1-160 | sed 's/^/      enosys: /'
		echo "    last calls (writes to stderr left out):"
		grep -v -E '\] write\(2,' "$RES/$name/trace" 2>/dev/null | tail -n 8 | cut -c1-160 | sed 's/^/      /'
		[ -f "$RES/$name/stats" ] &&
			awk '$NF ~ /^[0-9]+$/ && $NF > 0 && $1 ~ /^[0-9]+$/ { print "      unimplemented: " $2 " (" $NF " calls)" }' "$RES/$name/stats"
	fi
done
rm -rf "$FINAL" && mv "$RES" "$FINAL"
echo "go-tests: $xfail known failures (XFAIL), $xpass unexpected passes (XPASS)"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
