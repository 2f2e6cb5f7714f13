# summary.awk: turns bench/run.sh's raw samples into the report.
#
#   awk -v json=FILE -f summary.awk raw.txt
#
# Input lines (written by run.sh):
#   meta KEY VALUE...              date, machine, version
#   fig NAME UNIT KIND DESC...     a figure, in report order (KIND time|rss)
#   val NAME SIDE VALUE            one sample; SIDE native|abirun|piece
#   fail NAME SIDE REASON...       a failed run (SIDE native|abirun|linux|freebsd|both|piece)
#   perf PHASE PERCENT             perf-split.awk's phases of the getpid loop
#   cg TEST PART IR                callgrind instructions per translated call
#   note WHAT TEXT...
# Output: the table and `ratio NAME VALUE` lines on stdout, JSON in `json`.

function median(key,   n, i, j, a, t) {
	n = cnt[key]
	if (!n)
		return ""
	for (i = 1; i <= n; i++)
		a[i] = smp[key, i] + 0
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function rest(from,   s, i) {
	s = $from
	for (i = from + 1; i <= NF; i++)
		s = s " " $i
	return s
}
function jstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/\t/, " ", s)
	return "\"" s "\""
}
function jnum(v) { return v == "" ? "null" : sprintf("%.6g", v) }
function samples_json(key,   i, s) {
	s = "["
	for (i = 1; i <= cnt[key]; i++)
		s = s (i > 1 ? "," : "") sprintf("%.6g", smp[key, i])
	return s "]"
}
function fmtv(v, unit) {
	if (v == "")
		return "-"
	if (unit == "KiB")
		return sprintf("%d KiB", v)
	if (unit == "s")
		return sprintf("%.3f s", v)
	if (unit == "ms/run")
		return sprintf("%.3f ms", v)
	return sprintf("%.0f ns", v)
}
function failure(name, side) {
	if ((name, side) in why)
		return why[name, side]
	return ""
}
function piece(p) { return median("trap." p SUBSEP "piece") }
# share(P, MINUS): median over rounds of (piece P - piece MINUS) / abirun
# getpid of the same round; the ratio of medians if rounds do not line up.
function share(p, minus,   ka, kp, km, n, i, v) {
	ka = "micro.getpid" SUBSEP "abirun"
	kp = "trap." p SUBSEP "piece"
	km = "trap." minus SUBSEP "piece"
	if (!cnt[kp] || (minus != "" && !cnt[km]) || !cnt[ka])
		return ""
	n = cnt[ka]
	if (cnt[kp] == n && (minus == "" || cnt[km] == n)) {
		delete smp["share", ""]
		cnt["share" SUBSEP ""] = n
		for (i = 1; i <= n; i++) {
			v = smp[kp, i] - (minus == "" ? 0 : smp[km, i])
			smp["share" SUBSEP "", i] = v / smp[ka, i]
		}
		return median("share" SUBSEP "")
	}
	v = median(kp) - (minus == "" ? 0 : median(km))
	return v / median(ka)
}

$1 == "meta" { meta[$2] = rest(3); metaorder[++nmeta] = $2; next }
$1 == "fig" { figs[++nfig] = $2; unit[$2] = $3; kind[$2] = $4; desc[$2] = rest(5); next }
$1 == "val" { k = $2 SUBSEP $3; smp[k, ++cnt[k]] = $4; next }
$1 == "fail" {
	side = $3
	if (side == "linux" || side == "freebsd") side = (side == "linux") ? "native" : "abirun"
	if (!(($2, side) in why)) why[$2, side] = rest(4)
	nfail[$2, side]++
	next
}
$1 == "perf" { perf[$2] = $3; if ($2 != "samples" && $2 != "fpu_state") perforder[++nperf] = $2; next }
$1 == "cg" { cg[$2, $3] = $4; cgtests[$2] = 1; next }
$1 == "xinuse" { xinuse[$2] = $3; next }
$1 == "note" { notes[++nnotes] = rest(2); next }

END {
	printf "\nabirun benchmarks — %s, %s, kernel %s, abirun %s\n", meta["date"], meta["cpu"], meta["kernel"], meta["abirun"]
	printf "load average before/after: %s / %s; %s s\n", meta["load_before"], meta["load_after"], meta["seconds"]
	printf "every figure: median of interleaved runs in this invocation; ratio = abirun / native\n\n"
	printf "%-22s %-8s %13s %13s %9s  %s\n", "figure", "unit", "native", "abirun", "ratio", "runs"
	printf "%-22s %-8s %13s %13s %9s  %s\n", "------", "----", "------", "------", "-----", "----"
	nr = 0
	for (i = 1; i <= nfig; i++) {
		f = figs[i]
		nat = median(f SUBSEP "native")
		ab = median(f SUBSEP "abirun")
		reason = failure(f, "both")
		if (reason == "") reason = failure(f, "native")
		if (reason == "") reason = failure(f, "abirun")
		if (reason ~ /^see /) {
			ref = substr(reason, 5)
			reason = failure(ref, "both") failure(ref, "native") failure(ref, "abirun")
		}
		ratio = ""
		if (failure(f, "both") == "" && nat != "" && ab != "" && nat > 0)
			ratio = ab / nat
		else if (reason == "")
			reason = "no samples"
		nf = nfail[f, "native"] + nfail[f, "abirun"]
		status[f] = (ratio == "") ? "failed: " reason : (nf ? "partial: " nf " runs failed: " reason : "ok")
		rat[f] = ratio
		med[f, "native"] = nat
		med[f, "abirun"] = ab
		runs = cnt[f SUBSEP "native"] + 0 "+" cnt[f SUBSEP "abirun"] + 0
		if (ratio != "") {
			extra = ""
			if (kind[f] == "rss")
				extra = sprintf("  (%+d KiB)", ab - nat)
			if (nf)
				extra = extra sprintf("  (%d runs failed: %s)", nf, reason)
			printf "%-22s %-8s %13s %13s %8.2fx  %s%s\n", f, unit[f], fmtv(nat, unit[f]), fmtv(ab, unit[f]), ratio, runs, extra
		} else {
			printf "%-22s %-8s %13s %13s %9s  n/a (failed: %s)\n", f, unit[f], fmtv(nat, unit[f]), fmtv(ab, unit[f]), "n/a", reason
		}
		ratio_lines[++nr] = sprintf("ratio %s %s", f, ratio == "" ? "n/a" : sprintf("%.3f", ratio))
	}

	# ---- the trap path
	# Shares of one translated getpid.  Each piece is divided by the abirun
	# getpid figure of the same round (both measured within seconds of each
	# other), and the median of those per-round shares is reported; the ns
	# column is that share of the median total.
	A = med["micro.getpid", "abirun"]
	N = med["micro.getpid", "native"]
	sig = share("trap_abirun", "")
	host = share("syscall_filtered", "")
	disp = share("dispatch_getpid", "host_getpid")
	filt = (piece("syscall_filtered") != "" && piece("syscall") != "") ? piece("syscall_filtered") - piece("syscall") : ""
	have_trap = (A != "" && sig != "")
	if (have_trap) {
		printf "\ntrap path: one translated getpid (abirun micro.getpid median %.0f ns; native %.0f ns)\n", A, N
		printf "  %-64s %7s %7s\n", "piece (how it is measured)", "ns", "share"
		printf "  %-64s %7.0f %6.1f%%\n", "signal round trip: seccomp trap, SIGSYS, empty handler on abirun's", sig * A, 100 * sig
		printf "  %-64s\n", "  altstack with its mask, rt_sigreturn (trapcost trap_abirun)"
		if (host != "")
			printf "  %-64s %7.0f %6.1f%%\n", "host call: getpid through the seccomp filter (syscall_filtered)", host * A, 100 * host
		if (disp != "")
			printf "  %-64s %7.0f %6.1f%%\n", "dispatch + conversion: trap_sigsys called directly - host call", disp * A, 100 * disp
		if (host != "" && disp != "") {
			rem = 1 - sig - host - disp
			printf "  %-64s %7.0f %6.1f%%\n", "rest: total - the above (cache effects of the real path, noise)", rem * A, 100 * rem
		}
		printf "  for scale (medians, ns):\n"
		printf "  %-64s %7.0f\n", "  native getpid, no filter (trapcost syscall)", piece("syscall")
		if (filt != "")
			printf "  %-64s %7.0f\n", "  seccomp filter cost per allowed syscall (filtered - plain)", filt
		printf "  %-64s %7.0f\n", "  signal round trip, plain SA_SIGINFO handler (trap_empty)", piece("trap_empty")
		printf "  %-64s %7.0f\n", "  signal round trip, abirun's set-up (trap_abirun)", piece("trap_abirun")
		if (piece("trap_hostcall") != "")
			printf "  %-64s %7.0f\n", "  the same handler making the host getpid (trap_hostcall)", piece("trap_hostcall")
		if (piece("trap_fpu_init") != "")
			printf "  %-64s %7.0f\n", "  trap_abirun with the FPU/AVX registers in initial state", piece("trap_fpu_init")
		if (piece("signal_self") != "")
			printf "  %-64s %7.0f\n", "  tgkill to self, same handler set-up, no seccomp (signal_self)", piece("signal_self")
		if (piece("dispatch_getpid") != "")
			printf "  %-64s %7.0f\n", "  abirun's handler called directly (bound for a patched site)", piece("dispatch_getpid")
		dom = "the signal round trip (kernel: raise SIGSYS, build the frame, rt_sigreturn)"
		if (host != "" && host > sig) dom = "the host call"
		if (disp != "" && disp > sig && disp > host) dom = "dispatch and conversion"
		printf "  dominant: %s\n", dom
		if (("native" in xinuse) || ("abirun" in xinuse))
			printf "  XSAVE state in use at program start (XINUSE; 0x20-0xe0 = AVX-512): native %s, abirun %s\n", xinuse["native"], xinuse["abirun"]
		ratio_lines[++nr] = sprintf("ratio trap.signal_share %.3f", sig)
		if (host != "") ratio_lines[++nr] = sprintf("ratio trap.hostcall_share %.3f", host)
		if (disp != "") ratio_lines[++nr] = sprintf("ratio trap.dispatch_share %.3f", disp)
		if (piece("dispatch_getpid") != "" && N > 0)
			ratio_lines[++nr] = sprintf("ratio trap.direct_call_vs_native %.3f", piece("dispatch_getpid") / N)
		split("getpid read clock_gettime fstat openclose", tests, " ")
		printf "\n  dispatch + conversion per call, by syscall (handler called directly):\n"
		printf "  %-14s %10s %10s %10s   %s\n", "test", "handler", "host", "overhead", "callgrind instructions (dispatch/conversion/stub)"
		for (i = 1; i <= 5; i++) {
			t = tests[i]
			d = piece("dispatch_" t)
			h = piece("host_" t)
			if (d == "" || h == "")
				continue
			c = ((t, "total") in cg) ? sprintf("%d (%d/%d/%d)", cg[t, "total"], cg[t, "dispatch"], cg[t, "conversion"], cg[t, "syscall_stub"]) : "-"
			printf "  %-14s %8.0f ns %7.0f ns %7.0f ns   %s\n", t, d, h, d - h, c
		}
	} else if (A != "" || sig != "") {
		printf "\ntrap path: incomplete (micro.getpid or trapcost failed)\n"
	}
	if (nperf) {
		printf "\nperf profile of the abirun getpid loop (cpu-clock samples, %d):\n", perf["samples"]
		for (i = 1; i <= nperf; i++)
			printf "  %-11s %5.1f%%\n", perforder[i], perf[perforder[i]]
		dom = ""
		for (i = 1; i <= nperf; i++)
			if (perforder[i] != "other" && (dom == "" || perf[perforder[i]] > perf[dom]))
				dom = perforder[i]
		ksig = perf["trap_raise"] + perf["delivery"] + perf["sigreturn"]
		printf "  kernel signal machinery (trap_raise + delivery + sigreturn): %.1f%%\n", ksig
		if ("fpu_state" in perf)
			printf "    of which saving/restoring FPU+AVX state for the frame:   %.1f%%\n", perf["fpu_state"]
		ratio_lines[++nr] = sprintf("ratio trap.perf_kernel_signal_share %.3f", ksig / 100)
	}
	for (i = 1; i <= nnotes; i++)
		printf "note: %s\n", notes[i]

	printf "\n"
	for (i = 1; i <= nr; i++)
		print ratio_lines[i]

	# ---- JSON
	if (json == "")
		exit
	printf "{\n  \"meta\": {" > json
	for (i = 1; i <= nmeta; i++)
		printf "%s%s: %s", (i > 1 ? ", " : ""), jstr(metaorder[i]), jstr(meta[metaorder[i]]) > json
	printf "},\n  \"figures\": [\n" > json
	for (i = 1; i <= nfig; i++) {
		f = figs[i]
		printf "    {\"name\": %s, \"unit\": %s, \"kind\": %s, \"description\": %s,\n", jstr(f), jstr(unit[f]), jstr(kind[f]), jstr(desc[f]) > json
		printf "     \"native\": {\"median\": %s, \"samples\": %s},\n", jnum(med[f, "native"]), samples_json(f SUBSEP "native") > json
		printf "     \"abirun\": {\"median\": %s, \"samples\": %s},\n", jnum(med[f, "abirun"]), samples_json(f SUBSEP "abirun") > json
		printf "     \"ratio\": %s, \"status\": %s}%s\n", jnum(rat[f]), jstr(status[f]), (i < nfig ? "," : "") > json
	}
	printf "  ],\n  \"trap_path\": {\n    \"pieces_ns\": {" > json
	n = 0
	for (k in cnt) {
		split(k, kk, SUBSEP)
		if (kk[2] != "piece")
			continue
		printf "%s%s: %s", (n++ ? ", " : ""), jstr(substr(kk[1], 6)), jnum(median(k)) > json
	}
	printf "},\n    \"translated_getpid_ns\": %s, \"native_getpid_ns\": %s,\n", jnum(A), jnum(N) > json
	printf "    \"breakdown_share\": {\"signal_round_trip\": %s, \"host_call\": %s, \"dispatch_conversion\": %s},\n", \
		jnum(sig), jnum(host), jnum(disp) > json
	printf "    \"breakdown_ns\": {\"signal_round_trip\": %s, \"host_call\": %s, \"dispatch_conversion\": %s, \"seccomp_filter_per_allowed_syscall\": %s},\n", \
		jnum(sig == "" || A == "" ? "" : sig * A), jnum(host == "" || A == "" ? "" : host * A), jnum(disp == "" || A == "" ? "" : disp * A), jnum(filt) > json
	printf "    \"perf_phases_percent\": {" > json
	for (i = 1; i <= nperf; i++)
		printf "%s%s: %s", (i > 1 ? ", " : ""), jstr(perforder[i]), jnum(perf[perforder[i]]) > json
	if ("fpu_state" in perf)
		printf ", \"fpu_state\": %s", jnum(perf["fpu_state"]) > json
	printf "},\n    \"callgrind_instructions_per_call\": {" > json
	n = 0
	for (t in cgtests) {
		printf "%s%s: {\"total\": %s, \"dispatch\": %s, \"conversion\": %s, \"syscall_stub\": %s}", (n++ ? ", " : ""), jstr(t), \
			jnum(cg[t, "total"]), jnum(cg[t, "dispatch"]), jnum(cg[t, "conversion"]), jnum(cg[t, "syscall_stub"]) > json
	}
	printf "}\n  },\n  \"ratios\": {" > json
	for (i = 1; i <= nr; i++) {
		split(ratio_lines[i], w, " ")
		printf "%s%s: %s", (i > 1 ? ", " : ""), jstr(w[2]), (w[3] == "n/a" ? "null" : w[3]) > json
	}
	printf "},\n  \"notes\": [" > json
	for (i = 1; i <= nnotes; i++)
		printf "%s%s", (i > 1 ? ", " : ""), jstr(notes[i]) > json
	printf "]\n}\n" > json
	close(json)
}
