# perf-split.awk: where the time of translated syscalls goes, from
# `perf script -F comm,ip,sym,dso` of `perf record -e cpu-clock -g` taken on
# abirun running a FreeBSD loop of one syscall.
#
#   awk -v guest=micro -f perf-split.awk perf-script.txt
#
# Each sample is put in one phase by its call chain (kernel frames first,
# then user frames; the first user frame is where user space was when the
# kernel was entered):
#
#   guest         user time in the guest program
#   trap_raise    kernel, entered by the guest's syscall: entry, seccomp
#                 filter, SECCOMP_RET_TRAP raising SIGSYS
#   delivery      kernel, same entry, on the way out: signal delivery and the
#                 signal frame (saving FPU/AVX state to the alternate stack)
#   handler       user time in abirun: dispatch, conversion, bookkeeping
#   hostcall      kernel, entered from abirun's own syscall (the host call
#                 and its pass through the seccomp filter)
#   sigreturn     kernel, entered from rt_restorer: rt_sigreturn, restoring
#                 registers and FPU/AVX state
#   other         interrupts, page faults, exec and start-up
#
# Across phases, fpu_state counts the kernel samples that save or restore
# the FPU/SSE/AVX registers for the signal frame (part of delivery and
# sigreturn; AVX-512 makes that state ~2.7 KB here).
#
# Prints "perf PHASE PERCENT" per phase, "perf fpu_state PERCENT" and
# "perf samples N".
function flush(   i, f, user, usym, udso, ksyms, isk, phase) {
	if (n == 0)
		return
	# first user frame
	user = 0
	for (i = 1; i <= n; i++)
		if (!kern[i]) { user = i; break }
	ksyms = ""
	for (i = 1; i < (user ? user : n + 1); i++)
		ksyms = ksyms " " sym[i] " "
	isk = kern[1]
	usym = user ? sym[user] : ""
	udso = user ? dso[user] : ""
	if (!isk) {
		if (udso ~ ("/" guest "$") || udso ~ ("/" guest " *$"))
			phase = "guest"
		else if (udso ~ /abirun$/)
			phase = "handler"
		else
			phase = "other"
	} else if (ksyms !~ / entry_SYSCALL_64/) {
		phase = "other"
	} else if (udso ~ /abirun$/ && usym == "rt_restorer") {
		phase = "sigreturn"
	} else if (udso ~ /abirun$/) {
		phase = (ksyms ~ / __x64_sys_execve | do_exit | __x64_sys_exit_group /) ? "other" : "hostcall"
	} else if (udso ~ ("/" guest "$")) {
		if (ksyms ~ / (arch_do_signal_or_restart|get_signal|x64_setup_rt_frame|setup_rt_frame|handle_signal|copy_fpstate_to_sigframe|fpu__clear_user_states|get_sigframe|signal_setup_done) /)
			phase = "delivery"
		else
			phase = "trap_raise"
	} else {
		phase = "other"
	}
	count[phase]++
	total++
	if (isk && ksyms ~ / (copy_fpstate_to_sigframe|fpu__clear_user_states|__fpu_restore_sig|fpu__restore_sig|restore_fpregs_from_fpstate|fpregs_restore_userregs|xfd_validate_state|save_xstate_epilog|fpu_user_cfg|__clear_user|fpstate_init_user) /)
		fpu++
	n = 0
}
# a sample header: "comm " (no leading blank)
/^[^ \t]/ { flush(); next }
/^[ \t]*$/ { flush(); next }
{
	# "\t ffffffff8136e9b6 force_sig_info_to_task ([kernel.kallsyms])"
	addr = $1
	d = $NF
	gsub(/^\(|\)$/, "", d)
	s = $2
	n++
	sym[n] = s
	dso[n] = d
	kern[n] = (d == "[kernel.kallsyms]" || addr ~ /^ffff/)
}
END {
	flush()
	if (!total || !(count["trap_raise"] + count["delivery"] + count["sigreturn"] + count["hostcall"])) {
		print "note perf saw no kernel samples (kernel.perf_event_paranoid? not root?): no perf profile"
		exit
	}
	split("guest trap_raise delivery handler hostcall sigreturn other", ph, " ")
	for (i = 1; i <= 7; i++)
		printf "perf %s %.1f\n", ph[i], 100 * count[ph[i]] / total
	printf "perf fpu_state %.1f\n", 100 * fpu / total
	print "perf samples " total
}
