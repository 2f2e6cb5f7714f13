#!/bin/sh
# bench/run.sh B — the body of `make bench` (see bench/README.md).
#
# Runs every benchmark in one invocation, native and abirun interleaved,
# writes raw samples to B/bench/raw.txt, then summarises them
# (bench/summary.awk): a table and `ratio NAME VALUE` lines on stdout and in
# B/bench/report.txt, and B/bench/results.json.
#
# Environment:
#   BENCH_ONLY="micro startup go esbuild trap"   run only these sections
#   BENCH_ROUNDS=N        rounds per section (default 7; esbuild N+2)
#   BENCH_BUDGET=SECONDS  start no new round after this (default 420)
#   GO NPM NODE           tools (as in config.mk)
# A failing run never stops the bench: the figure says n/a and why.  A run
# that times out is not repeated in later rounds.
set -u

B=$(cd "${1:-build}" && pwd) || exit 2
HERE=$(cd "$(dirname "$0")" && pwd)
ABIRUN=$B/abirun
OUT=$B/bench
BIN=$OUT/bin
RAW=$OUT/raw.txt
LOG=$OUT/logs
TMPD=$OUT/tmp
CACHE=$B/bench-cache
GO=${GO:-go}
NPM=${NPM:-npm}
NODE=${NODE:-node}
ONLY=${BENCH_ONLY:-micro startup go esbuild trap}
ROUNDS=${BENCH_ROUNDS:-7}
BUDGET=${BENCH_BUDGET:-420}
START=$(date +%s)
DEAD=" "
RUN_DIR=

rm -rf "$LOG" "$TMPD"
mkdir -p "$LOG" "$TMPD" "$CACHE"
: > "$RAW"

say() { printf '%s\n' "$*" >&2; }
rec() { printf '%s\n' "$*" >> "$RAW"; }
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
elapsed() { echo $(( $(date +%s) - START )); }
# over_budget ROUND: true once at least one round is done and time is up
over_budget() { [ "$1" -gt 1 ] && [ "$(elapsed)" -ge "$BUDGET" ]; }
# side order per round: alternate which side goes first
order() { if [ $(( $1 % 2 )) -eq 1 ]; then echo "native abirun"; else echo "abirun native"; fi; }
# a (figure, side) that timed out is skipped from then on
dead() { case $DEAD in *" $1 "*) return 0 ;; esac; return 1; }
kill_after_timeout() { [ "$status" = timeout ] && DEAD="$DEAD$1 "; }

# run1 LOGNAME CMD...: one run through the runner with $TIMEOUT (in
# directory $RUN_DIR if set); sets status wall_ns maxrss_kb utime_us
# stime_us; the child's stdout goes to $LOG/LOGNAME.out and its stderr to
# $LOG/LOGNAME.err (both replaced).
run1() {
	_name=$1
	shift
	rm -f "$LOG/$_name.out" "$LOG/$_name.err"
	status=runner-failed wall_ns=0 maxrss_kb=0 utime_us=0 stime_us=0
	eval "$("$BIN/runner" -t "$TIMEOUT" ${RUN_DIR:+-C} ${RUN_DIR:+"$RUN_DIR"} \
		-o "$LOG/$_name.out" -e "$LOG/$_name.err" -- "$@")"
}

# why LOGNAME: a short failure reason from $status and the run's stderr
why() {
	case $status in
	exit:*) _r="exit status ${status#exit:}" ;;
	signal:*) _r="killed by signal ${status#signal:}" ;;
	timeout) _r="timed out after $TIMEOUT s" ;;
	execfail:*) _r="cannot execute (errno ${status#execfail:})" ;;
	*) _r=$status ;;
	esac
	_l=$(grep -v '^[[:space:]]*$' "$LOG/$1.err" 2>/dev/null | head -1 | cut -c1-70 | tr '\t"\\' '   ')
	[ -n "$_l" ] && _r="$_r: $_l"
	printf '%s' "$_r"
}

secs() { awk -v w="$1" 'BEGIN { printf "%.4f", w / 1e9 }'; }

machine() {
	cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
	rec "meta date $(date -u +%Y-%m-%dT%H:%MZ)"
	rec "meta host $(uname -n)"
	rec "meta kernel $(uname -r)"
	rec "meta cpu ${cpu:-unknown} ($(nproc 2>/dev/null || echo ?) CPUs)"
	rec "meta abirun $(cd "$HERE/.." && git describe --always --dirty 2>/dev/null || echo unknown)"
	rec "meta load_before $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
}

# fig NAME UNIT KIND DESCRIPTION: declares a figure, in report order
fig() { rec "fig $1 $2 $3 $4"; }

# ---------------------------------------------------------------- micro
MICRO_TESTS="getpid read clock_gettime fstat openclose"
micro_n() { case $1 in openclose) echo 40000 ;; *) echo 100000 ;; esac; }

section_micro() {
	TIMEOUT=30
	say "== syscall microbenchmarks ($ROUNDS rounds, native and abirun alternating)"
	for t in $MICRO_TESTS; do
		fig "micro.$t" ns/call time "$t loop, ns per iteration (openclose: one open + one close)"
	done
	# the register state the kernel has to save with every signal frame
	run1 xinuse-native "$BIN/linux/micro" xinuse
	rec "xinuse native $(awk '$1 == "xinuse" { print $2 }' "$LOG/xinuse-native.out")"
	run1 xinuse-abirun "$ABIRUN" "$BIN/freebsd/micro" xinuse
	rec "xinuse abirun $(awk '$1 == "xinuse" { print $2 }' "$LOG/xinuse-abirun.out")"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		over_budget $r && break
		for t in $MICRO_TESTS; do
			n=$(micro_n "$t")
			for side in $(order $r); do
				dead "micro.$t.$side" && continue
				if [ $side = native ]; then
					run1 "micro-$t-$side" "$BIN/linux/micro" "$t" "$n"
				else
					run1 "micro-$t-$side" "$ABIRUN" "$BIN/freebsd/micro" "$t" "$n"
				fi
				v=$(awk -v t="$t" '$1 == t && $2 > 0 { printf "%.1f", $3 / $2 }' "$LOG/micro-$t-$side.out")
				if [ "$status" = exit:0 ] && [ -n "$v" ]; then
					rec "val micro.$t $side $v"
				else
					rec "fail micro.$t $side $(why "micro-$t-$side")"
					kill_after_timeout "micro.$t.$side"
				fi
			done
		done
		# the trap path's pieces, measured in the same rounds
		if want trap; then
			run1 "trapcost-$r" "$BIN/trapcost" 100000
			if [ "$status" = exit:0 ]; then
				awk '$2 > 0 { printf "val trap.%s piece %.1f\n", $1, $3 / $2 }' "$LOG/trapcost-$r.out" >> "$RAW"
			else
				rec "note trapcost failed: $(why "trapcost-$r")"
			fi
			if [ -x "$BIN/dispatch" ]; then
				run1 "dispatch-$r" "$BIN/dispatch" 100000
				if [ "$status" = exit:0 ]; then
					awk '$2 > 0 { printf "val trap.%s piece %.1f\n", $1, $3 / $2 }' "$LOG/dispatch-$r.out" >> "$RAW"
				else
					rec "note dispatch harness failed: $(why "dispatch-$r")"
				fi
			fi
		fi
		say "   round $r done ($(elapsed) s)"
		r=$((r + 1))
	done
	[ -x "$BIN/dispatch" ] || rec "note the dispatch harness was not built (see $OUT/dispatch-build.log): no dispatch figures"
}

# -------------------------------------------------------------- start-up
section_startup() {
	per=20
	TIMEOUT=5
	say "== start-up: nop program, $((ROUNDS * 2)) batches of $per runs per side, alternating"
	fig startup.nop ms/run time "exec to exit of a program that does nothing"
	fig rss.nop KiB rss "peak RSS of the same runs (wait4 ru_maxrss)"
	r=1
	while [ $r -le $((ROUNDS * 2)) ]; do
		over_budget $r && break
		for side in $(order $r); do
			dead "startup.$side" && continue
			if [ $side = native ]; then
				set -- "$BIN/linux/nop"
			else
				set -- "$ABIRUN" "$BIN/freebsd/nop"
			fi
			"$BIN/runner" -n $per -t $TIMEOUT -o "$LOG/startup-$side.out" -e "$LOG/startup-$side.err" -- "$@" \
				> "$LOG/startup-$side.runs"
			grep -q '^status=timeout' "$LOG/startup-$side.runs" && DEAD="${DEAD}startup.$side "
			awk -v side=$side '
				/^status=exit:0 / { split($2, w, "="); split($3, m, "=")
					printf "val startup.nop %s %.4f\nval rss.nop %s %d\n", side, w[2] / 1e6, side, m[2]; next }
				{ sub(/^status=/, "", $1); printf "fail startup.nop %s status %s\nfail rss.nop %s see startup.nop\n", side, $1, side }' \
				"$LOG/startup-$side.runs" >> "$RAW"
		done
		r=$((r + 1))
	done
}

# -------------------------------------------------------------------- Go
GO_PROGS="sysheavy mixed"
go_args() { case $1 in sysheavy) echo "$TMPD 20000" ;; mixed) echo "$TMPD 800" ;; esac; }

section_go() {
	TIMEOUT=60
	say "== Go: the same programs built for linux and freebsd ($ROUNDS rounds, alternating)"
	for p in $GO_PROGS; do
		fig "go.$p" s time "Go $p: wall time of one run"
		fig "rss.go.$p" KiB rss "Go $p: peak RSS"
	done
	if ! command -v "$GO" >/dev/null 2>&1; then
		for p in $GO_PROGS; do rec "fail go.$p both $GO not found"; rec "fail rss.go.$p both $GO not found"; done
		return
	fi
	[ -n "${HOME:-}" ] || export GOCACHE="$CACHE/go-build"
	ok=""
	for p in $GO_PROGS; do
		built=1
		for os in linux freebsd; do
			mkdir -p "$BIN/go/$os"
			if ! (cd "$HERE/go/$p" && CGO_ENABLED=0 GOOS=$os GOARCH=amd64 \
			      "$GO" build -trimpath -o "$BIN/go/$os/$p" main.go) > "$LOG/go-build-$p-$os.log" 2>&1; then
				rec "fail go.$p both go build for $os failed: $(head -1 "$LOG/go-build-$p-$os.log" | cut -c1-50)"
				rec "fail rss.go.$p both see go.$p"
				built=0
			fi
		done
		[ $built = 1 ] && ok="$ok $p"
	done
	r=1
	while [ $r -le "$ROUNDS" ]; do
		over_budget $r && break
		for p in $ok; do
			for side in $(order $r); do
				dead "go.$p.$side" && continue
				# shellcheck disable=SC2046
				if [ $side = native ]; then
					run1 "go-$p-$side" "$BIN/go/linux/$p" $(go_args $p)
				else
					run1 "go-$p-$side" "$ABIRUN" "$BIN/go/freebsd/$p" $(go_args $p)
				fi
				if [ "$status" = exit:0 ]; then
					rec "val go.$p $side $(secs "$wall_ns")"
					rec "val rss.go.$p $side $maxrss_kb"
					cp "$LOG/go-$p-$side.out" "$LOG/go-$p-$side.stdout"
				else
					rec "fail go.$p $side $(why "go-$p-$side")"
					rec "fail rss.go.$p $side see go.$p"
					kill_after_timeout "go.$p.$side"
				fi
			done
			# the same work on both sides, or the ratio means nothing
			if [ -f "$LOG/go-$p-native.stdout" ] && [ -f "$LOG/go-$p-abirun.stdout" ] &&
			   ! cmp -s "$LOG/go-$p-native.stdout" "$LOG/go-$p-abirun.stdout"; then
				rec "fail go.$p both output differs from the native run"
				rec "fail rss.go.$p both see go.$p"
			fi
		done
		say "   round $r done ($(elapsed) s)"
		r=$((r + 1))
	done
}

# --------------------------------------------------------------- esbuild
ESB_VER=0.28.2
THREE=three@0.170.0

section_esbuild() {
	rounds=$((ROUNDS + 2))
	TIMEOUT=60
	say "== esbuild $ESB_VER bundling $THREE ($rounds rounds + 1 warm-up, alternating)"
	fig esbuild.three s time "esbuild: bundle+minify+sourcemap of $THREE src/Three.js and src/Three.WebGPU.js"
	fig rss.esbuild.three KiB rss "esbuild: peak RSS"
	for spec in "@esbuild/linux-x64@$ESB_VER" "@esbuild/freebsd-x64@$ESB_VER" "$THREE"; do
		if ! NPM=$NPM NODE=$NODE sh "$HERE/fetch-npm.sh" "$CACHE/npm" "$spec" > "$LOG/fetch.out" 2> "$LOG/fetch.err"; then
			rec "fail esbuild.three both fetching $spec: $(head -1 "$LOG/fetch.err" | cut -c1-60)"
			rec "fail rss.esbuild.three both see esbuild.three"
			return
		fi
		case $spec in
		*linux-x64*) esb_linux=$(cat "$LOG/fetch.out")/bin/esbuild ;;
		*freebsd-x64*) esb_freebsd=$(cat "$LOG/fetch.out")/bin/esbuild ;;
		three*) three=$(cat "$LOG/fetch.out") ;;
		esac
	done
	r=0
	while [ $r -le "$rounds" ]; do
		over_budget $r && break
		for side in $(order $r); do
			dead "esbuild.$side" && continue
			o=$TMPD/esbuild-$side
			rm -rf "$o"
			set -- src/Three.js src/Three.WebGPU.js --bundle --minify --sourcemap --outdir="$o" --log-level=warning
			RUN_DIR=$three
			if [ $side = native ]; then
				run1 "esbuild-$side" "$esb_linux" "$@"
			else
				run1 "esbuild-$side" "$ABIRUN" "$esb_freebsd" "$@"
			fi
			RUN_DIR=
			# round 0 warms the page cache; it counts only if it fails
			[ $r = 0 ] && [ "$status" = exit:0 ] && continue
			if [ "$status" = exit:0 ]; then
				rec "val esbuild.three $side $(secs "$wall_ns")"
				rec "val rss.esbuild.three $side $maxrss_kb"
			else
				rec "fail esbuild.three $side $(why "esbuild-$side")"
				rec "fail rss.esbuild.three $side see esbuild.three"
				kill_after_timeout "esbuild.$side"
			fi
		done
		if [ -d "$TMPD/esbuild-native" ] && [ -d "$TMPD/esbuild-abirun" ] &&
		   ! diff -r "$TMPD/esbuild-native" "$TMPD/esbuild-abirun" > /dev/null 2>&1; then
			rec "fail esbuild.three both bundle differs from the native one"
			rec "fail rss.esbuild.three both see esbuild.three"
		fi
		say "   round $r done ($(elapsed) s)"
		r=$((r + 1))
	done
}

# ------------------------------------------------------------ trap path
# Profiles of abirun running the getpid loop: perf (cpu-clock samples with
# kernel call chains; hardware counters are not available in this VM) and
# callgrind (instructions of the handler, through the dispatch harness).
section_trap() {
	TIMEOUT=60
	say "== trap path: perf profile and callgrind instruction counts"
	if command -v perf >/dev/null 2>&1 &&
	   perf record -q -e cpu-clock -o "$TMPD/perf-probe.data" -- true > "$LOG/perf-probe.log" 2>&1; then
		run1 perf-record perf record -q -e cpu-clock -F 10000 -g -o "$TMPD/perf.data" -- \
			"$ABIRUN" "$BIN/freebsd/micro" getpid 200000
		if [ "$status" = exit:0 ] &&
		   perf script -i "$TMPD/perf.data" -F comm,ip,sym,dso > "$TMPD/perf-script.txt" 2> "$LOG/perf-script.err"; then
			awk -v guest=micro -f "$HERE/perf-split.awk" "$TMPD/perf-script.txt" >> "$RAW"
			perf report -i "$TMPD/perf.data" --no-children --sort dso,sym -g none --stdio 2>/dev/null |
				grep '%' | head -30 > "$OUT/perf-top.txt"
		else
			rec "note perf record failed: $(why perf-record)"
		fi
	else
		rec "note perf record does not work here (see $LOG/perf-probe.log): no perf profile"
	fi
	if command -v valgrind >/dev/null 2>&1 && [ -x "$BIN/dispatch" ]; then
		n=2000
		for t in $MICRO_TESTS; do
			run1 "cg-$t" valgrind --tool=callgrind --callgrind-out-file="$TMPD/cg-$t.out" \
				--toggle-collect=trap_sigsys "$BIN/dispatch" $n "$t"
			if [ "$status" = exit:0 ]; then
				# calls of trap_sigsys: n/10 warm-up, 1 check, n timed; two per openclose
				calls=$(( n + n / 10 + 1 ))
				[ $t = openclose ] && calls=$((calls * 2))
				callgrind_annotate --inclusive=no "$TMPD/cg-$t.out" 2>/dev/null |
					awk -v t=$t -v calls=$calls '
					/PROGRAM TOTALS/ { gsub(",", "", $1); printf "cg %s total %.0f\n", t, $1 / calls; next }
					/:(trap_sigsys|stats_count|errno_to_guest) / { gsub(",", "", $1); d += $1; next }
					/:shim_i?syscall6 / { gsub(",", "", $1); s += $1; next }
					/^ *[0-9,]+ .*:[A-Za-z_0-9.]+ \[/ { gsub(",", "", $1); c += $1 }
					END { printf "cg %s dispatch %.0f\ncg %s conversion %.0f\ncg %s syscall_stub %.0f\n",
					      t, d / calls, t, c / calls, t, s / calls }' >> "$RAW"
			else
				rec "note callgrind $t failed: $(why "cg-$t")"
			fi
		done
	elif ! command -v valgrind >/dev/null 2>&1; then
		rec "note valgrind not installed: no instruction counts"
	fi
}

machine
want micro && section_micro
want startup && section_startup
want go && section_go
want esbuild && section_esbuild
want trap && section_trap
rec "meta load_after $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
rec "meta seconds $(elapsed)"
awk -v json="$OUT/results.json" -f "$HERE/summary.awk" "$RAW" | tee "$OUT/report.txt"
