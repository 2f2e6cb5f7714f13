# Status report from syscall tables: a summary row per ABI (mode=summary) or
# the full list of what is partial or missing (mode=list).
#   awk -v mode=summary -f status.awk freebsd-amd64/syscalls.tab ...
/^[ \t]*(#|$)/ { next }
{
	abi = FILENAME
	sub(/\/syscalls\.tab$/, "", abi)
	sub(/^.*\//, "", abi)
	if (!(abi in seen)) {
		seen[abi] = 1
		order[++nabi] = abi
	}
	for (i = 3; i <= NF && index($i, ":"); i++)
		;
	st = $(i + 1)
	note = ""
	for (j = i + 2; j <= NF; j++)
		note = note (note == "" ? "" : " ") $j
	cnt[abi, st]++
	total[abi]++
	if (st != "full")
		rows[abi] = rows[abi] sprintf("| %s | %s | %s | %s |\n", $1, $2, st, note)
}
END {
	if (mode == "summary") {
		print "| guest ABI | syscalls in table | full | partial | missing |"
		print "|---|---:|---:|---:|---:|"
		for (k = 1; k <= nabi; k++) {
			a = order[k]
			printf "| %s | %d | %d | %d | %d |\n", a, total[a], cnt[a, "full"], cnt[a, "partial"], cnt[a, "missing"]
		}
	} else {
		for (k = 1; k <= nabi; k++) {
			a = order[k]
			printf "## %s\n\n%d of %d implemented (%d full, %d partial); %d missing (ENOSYS, counted by --stats).\n\n", a, cnt[a, "full"] + cnt[a, "partial"], total[a], cnt[a, "full"], cnt[a, "partial"], cnt[a, "missing"]
			print "| nr | syscall | status | note |"
			print "|---:|---|---|---|"
			printf "%s\n", rows[a]
		}
	}
}
