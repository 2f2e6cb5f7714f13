#!/bin/sh
# Guest test runner.  Builds nothing (make guest-progs / guest-tests does).
#
#   run.sh [--trace] ABIRUN BUILD_DIR [NAME...]
#
# Default mode runs
#   - every differential test tests/guest/NAME.c: the Linux twin
#     BUILD_DIR/tests/guest/linux/NAME natively and the FreeBSD build
#     BUILD_DIR/tests/guest/freebsd/NAME under ABIRUN; stdout and exit status
#     must be identical;
#   - every FreeBSD-only test tests/guest/freebsd-only/NAME.c under ABIRUN:
#     stdout must equal NAME.expected, the shell's exit status must equal
#     NAME.status (default 0), and if NAME.stderr exists, stderr (abirun's
#     and the shell's report of a fatal signal) must match that extended
#     regular expression (case-insensitive);
#   - the demo program (must exit 0 and name FreeBSD);
#   - the --trace check below.
# --trace runs only the trace check: the FreeBSD `tracee` program under
#   ABIRUN --trace=FILE; FILE must name every syscall it makes and show the
#   guest errno name of its failing open.
#
# Every program runs in a fresh temporary directory, which is its working
# directory and argv[1], and which is deleted afterwards.  Prints
# "PASS name" / "FAIL name" (+ a diff excerpt) per test and ends with
# "N passed, M failed"; exit status 1 if anything failed.
# GUEST_TIMEOUT (seconds, default 30) bounds each program's run time.

set -u

mode=all
if [ "${1:-}" = "--trace" ]; then
	mode=trace
	shift
fi
if [ $# -lt 2 ]; then
	echo "usage: $0 [--trace] ABIRUN BUILD_DIR [NAME...]" >&2
	exit 2
fi

abspath() {
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s\n' "$(pwd -P)/$1" ;;
	esac
}

ABIRUN=$(abspath "$1")
BUILD=$(abspath "$2")
shift 2
ONLY="$*"
SRC=$(cd "$(dirname "$0")" && pwd -P)
FBSD=$BUILD/tests/guest/freebsd
LINUX=$BUILD/tests/guest/linux
TIMEOUT=${GUEST_TIMEOUT:-30}
TIMEOUT_CMD=$(command -v timeout 2>/dev/null || true)

umask 022
WORK=$(mktemp -d "${TMPDIR:-/tmp}/abirun-guest.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM

passed=0
failed=0

selected() {
	[ -z "$ONLY" ] && return 0
	for n in $ONLY; do
		[ "$n" = "$1" ] && return 0
	done
	return 1
}

# run_in_tmp OUT ERR PROG ARGS... : run in a fresh directory (also argv[1]
# appended after ARGS), stdout to OUT, stderr to ERR; sets $status.  The
# program runs under an sh -c wrapper so that a fatal signal is reported on
# ERR the way a user's shell reports it ("Segmentation fault").
run_in_tmp() {
	out=$1 err=$2
	shift 2
	dir=$(mktemp -d "${TMPDIR:-/tmp}/abirun-t.XXXXXX") || { status=255; return; }
	dir=$(cd "$dir" && pwd -P)
	if [ -n "$TIMEOUT_CMD" ]; then
		(cd "$dir" && exec sh -c '"$0" "$@"; exit $?' "$TIMEOUT_CMD" "$TIMEOUT" "$@" "$dir") \
			>"$out" 2>"$err" </dev/null
	else
		(cd "$dir" && exec sh -c '"$0" "$@"; exit $?' "$@" "$dir") \
			>"$out" 2>"$err" </dev/null
	fi
	status=$?
	chmod -R u+rwx "$dir" 2>/dev/null
	rm -rf "$dir"
}

pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL $1${2:+ ($2)}"
	failed=$((failed + 1))
}

excerpt() {   # indent the first lines of a file or of stdin
	sed -n '1,20s/^/    /p' "$@"
}

run_diff_test() {
	name=$1
	lx=$LINUX/$name fb=$FBSD/$name
	if [ ! -x "$lx" ] || [ ! -x "$fb" ]; then
		fail "$name" "program not built"
		return
	fi
	run_in_tmp "$WORK/$name.linux.out" "$WORK/$name.linux.err" "$lx"
	lstatus=$status
	run_in_tmp "$WORK/$name.freebsd.out" "$WORK/$name.freebsd.err" "$ABIRUN" "$fb"
	fstatus=$status
	if cmp -s "$WORK/$name.linux.out" "$WORK/$name.freebsd.out" && [ "$lstatus" = "$fstatus" ]; then
		pass "$name"
		return
	fi
	if [ "$lstatus" != "$fstatus" ]; then
		fail "$name" "exit status: linux $lstatus, freebsd under abirun $fstatus"
	else
		fail "$name" "output differs"
	fi
	diff -u --label "linux/$name" --label "freebsd/$name (abirun)" \
		"$WORK/$name.linux.out" "$WORK/$name.freebsd.out" | excerpt
	if [ -s "$WORK/$name.freebsd.err" ]; then
		echo "    stderr (freebsd):"
		excerpt "$WORK/$name.freebsd.err"
	fi
}

run_expected_test() {
	name=$1
	fb=$FBSD/$name
	exp=$SRC/freebsd-only/$name.expected
	if [ ! -x "$fb" ]; then
		fail "$name" "program not built"
		return
	fi
	if [ ! -f "$exp" ]; then
		fail "$name" "no $name.expected"
		return
	fi
	want_status=0
	[ -f "$SRC/freebsd-only/$name.status" ] && want_status=$(cat "$SRC/freebsd-only/$name.status")
	run_in_tmp "$WORK/$name.out" "$WORK/$name.err" "$ABIRUN" "$fb"
	why=
	if ! cmp -s "$exp" "$WORK/$name.out"; then
		why="output differs"
	fi
	if [ "$status" != "$want_status" ]; then
		why="${why:+$why; }exit status $status, expected $want_status"
	fi
	if [ -f "$SRC/freebsd-only/$name.stderr" ] &&
	   ! grep -Eiq -f "$SRC/freebsd-only/$name.stderr" "$WORK/$name.err"; then
		why="${why:+$why; }stderr does not match /$(cat "$SRC/freebsd-only/$name.stderr")/"
	fi
	if [ -z "$why" ]; then
		pass "$name"
		return
	fi
	fail "$name" "$why"
	diff -u --label "expected" --label "freebsd/$name (abirun)" "$exp" "$WORK/$name.out" | excerpt
	if [ -s "$WORK/$name.err" ]; then
		echo "    stderr:"
		excerpt "$WORK/$name.err"
	fi
}

run_demo_test() {
	fb=$FBSD/demo
	if [ ! -x "$fb" ]; then
		fail demo "program not built"
		return
	fi
	run_in_tmp "$WORK/demo.out" "$WORK/demo.err" "$ABIRUN" "$fb" one two
	if [ "$status" = 0 ] && grep -q FreeBSD "$WORK/demo.out"; then
		pass demo
	else
		fail demo "exit status $status, or no 'FreeBSD' in its output"
		excerpt "$WORK/demo.out"
		excerpt "$WORK/demo.err"
	fi
}

run_trace_test() {
	name=trace
	fb=$FBSD/tracee
	if [ ! -x "$fb" ]; then
		fail $name "program not built"
		return
	fi
	tf=$WORK/trace.txt
	rm -f "$tf"
	run_in_tmp "$WORK/trace.out" "$WORK/trace.err" "$ABIRUN" --trace="$tf" "$fb"
	missing=
	if [ "$status" != 3 ]; then
		missing="exit status $status, expected 3;"
	fi
	if [ ! -s "$tf" ]; then
		fail $name "no trace written to the --trace file"
		excerpt "$WORK/trace.err"
		return
	fi
	# one pattern per syscall tracee makes (a call name at the start of the
	# line or after the "[pid] " prefix), plus the errno name of the failure
	for pat in 'open\("/nonexistent".*= -1 ENOENT' 'open\("traced\.txt"' 'write\(3,' \
	           'write\(1,' 'fstat\(3,' 'lseek\(3,' 'read\(3,' 'close\(3\)' 'exit\(3\)'; do
		grep -Eq "(^|[] ])$pat" "$tf" || missing="$missing /$pat/"
	done
	if [ -z "$missing" ]; then
		pass $name
	else
		fail $name "trace lacks:$missing"
		excerpt "$tf"
	fi
}

if [ ! -x "$ABIRUN" ]; then
	echo "FAIL abirun ($ABIRUN is not an executable)"
	echo "0 passed, 1 failed"
	exit 1
fi

if [ "$mode" = all ]; then
	for src in "$SRC"/*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		selected "$name" && run_diff_test "$name"
	done
	for src in "$SRC"/freebsd-only/*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		selected "$name" && run_expected_test "$name"
	done
	selected demo && run_demo_test
fi
selected trace && run_trace_test

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
