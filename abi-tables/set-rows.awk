# Sets handler, status and note of named rows, leaving every other line as
# it is.  LIST has lines "name status [note...]"; the handler is sys_<name>.
#   awk -v LIST=rows.txt -f set-rows.awk syscalls.tab > new && mv new syscalls.tab
BEGIN {
	while ((getline l < LIST) > 0) {
		n = split(l, f, " ")
		if (n < 2)
			continue
		st[f[1]] = f[2]
		note = ""
		for (i = 3; i <= n; i++)
			note = note (note == "" ? "" : " ") f[i]
		nt[f[1]] = note
	}
}
/^[0-9]/ && ($2 in st) {
	args = ""
	for (i = 3; i <= NF && index($i, ":"); i++)
		args = args (args == "" ? "" : " ") $i
	old = ""
	for (j = i + 2; j <= NF; j++)
		old = old (old == "" ? "" : " ") $j
	# keep a compat tag (first note word) if the row had one
	tag = (old ~ /^compat/) ? old : ""
	sub(/ .*/, "", tag)
	note = nt[$2]
	if (tag != "")
		note = tag (note == "" ? "" : " ") note
	line = sprintf("%-4s %-26s %-62s %-22s %s", $1, $2, args, "sys_" $2, st[$2])
	if (note != "")
		line = line " " note
	print line
	done[$2] = 1
	next
}
{ print }
END {
	for (k in st)
		if (!(k in done))
			print "set-rows: no row named " k > "/dev/stderr"
}
