# Re-aligns a syscalls.tab in place-friendly form (comments kept as they are):
#   awk -f fmt-table.awk syscalls.tab > new && mv new syscalls.tab
/^[ \t]*(#|$)/ { print; next }
{
	args = ""
	for (i = 3; i <= NF && index($i, ":"); i++)
		args = args (args == "" ? "" : " ") $i
	h = $i; st = $(i + 1); note = ""
	for (j = i + 2; j <= NF; j++)
		note = note (note == "" ? "" : " ") $j
	line = sprintf("%-4s %-26s %-62s %-22s %s", $1, $2, args, h, st)
	if (note != "")
		line = line " " note
	print line
}
