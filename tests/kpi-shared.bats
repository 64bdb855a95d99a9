#!/usr/bin/env bats
# What kpi-calc and complaint-kpi share through lib/kpitab and lib/dims
# (issue 11 item 5, issue 16 item 3): --max-groups in complaint-kpi, and
# --by repeatable (appended) in both, with the same messages.
load helpers
bats_require_minimum_version 1.5.0

C="$TD/complaint-kpi/complaints.csv"

# complaints.csv by customer: C1 (lines 2, 4, 6), C2 (lines 3, 7), C3
# (line 5): the third group is met on line 5.
@test "kpi-shared: complaint-kpi --max-groups: the group beyond N stops the run with exit 3 naming the option and the line" {
	run --separate-stderr complaint-kpi -q -k received --by customer --max-groups 3 "$C"
	[ "$status" -eq 0 ]
	[ "$output" = $'customer,received\nC1,3\nC2,2\nC3,1' ]
	run --separate-stderr complaint-kpi -q -k received --by customer --max-groups 2 "$C"
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $C:5: more than 2 groups (--max-groups 2): raise --max-groups, or group by fewer or coarser keys" ]
	# a closing counts in the group of its closing period: A2 (line 3,
	# C2) is received in March and closed in April, so line 3 makes the
	# groups (2026-03,C1), (2026-03,C2) and (2026-04,C2)
	run --separate-stderr complaint-kpi -q -k received --by month,customer --max-groups 2 "$C"
	[ "$status" -eq 3 ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $C:3: more than 2 groups (--max-groups 2): raise --max-groups, or group by fewer or coarser keys" ]
	run --separate-stderr complaint-kpi -q -k received,closed --by month,customer --max-groups 3 "$C"
	[ "$status" -eq 3 ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $C:5: more than 3 groups (--max-groups 3): raise --max-groups, or group by fewer or coarser keys" ]
	run complaint-kpi --max-groups 0 "$C"
	[ "$status" -eq 2 ]
	[[ "$output" == *'--max-groups: "0" is not a whole number from 1 to 2000000000'* ]]
}

@test "kpi-shared: complaint-kpi --merge --max-groups counts the groups of every state" {
	d="$BATS_TEST_TMPDIR"
	head -4 "$C" > "$d/1.csv"		# C1, C2
	{ head -1 "$C"; sed -n 5p "$C"; } > "$d/2.csv" # C3
	complaint-kpi -q --by customer --state-out "$d/1.st" "$d/1.csv"
	complaint-kpi -q --by customer --state-out "$d/2.st" "$d/2.csv"
	run --separate-stderr complaint-kpi --merge -k received --max-groups 2 "$d/1.st" "$d/2.st"
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $d/2.st: more than 2 groups (--max-groups 2): raise --max-groups, or group by fewer or coarser keys" ]
	run --separate-stderr complaint-kpi --merge -k received --max-groups 3 "$d/1.st" "$d/2.st"
	[ "$status" -eq 0 ]
	[ "$output" = $'customer,received\nC1,2\nC2,1\nC3,1' ]
}

@test "kpi-shared: --max-groups is in complaint-kpi's --help and man page" {
	run complaint-kpi --help
	[[ "$output" == *"--max-groups N"* ]]
	grep -q '^\.It Fl \\-max-groups Ar N' "$BATS_TEST_DIRNAME/../man/complaint-kpi.1"
}

@test "kpi-shared: --by is repeatable in complaint-kpi as in kpi-calc: the lists are appended" {
	run complaint-kpi -q --as-of 2026-04-10 -k received,closed,open_at_end --by month,category "$C"
	[ "$status" -eq 0 ]
	# by hand: March billing A1 A2 A3 (A1 closed in March), network A4;
	# April: billing A6 received, A2 and A6 closed; network A5
	[ "$output" = $'month,category,received,closed,open_at_end\n2026-03,billing,3,1,2\n2026-03,network,1,0,1\n2026-04,billing,1,2,1\n2026-04,network,1,1,1' ]
	want="$output"
	run complaint-kpi -q --as-of 2026-04-10 -k received,closed,open_at_end --by month --by category "$C"
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	# one period at most, whether in one list or two
	run --separate-stderr complaint-kpi -q --by month --by day "$C"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'complaint-kpi: --by: one period at most ("month" and "day")' ]
	# kpi-calc: the same grammar
	f="$BATS_TEST_TMPDIR/c.csv"
	printf '%s\n' start,outcome,queue,wait_s \
		2026-03-01T08:00:00Z,answered,a,3 \
		2026-03-02T08:00:00Z,abandoned,b,9 \
		2026-03-02T09:00:00Z,answered,a,4 > "$f"
	run kpi-calc -q -k offered,answered --by day --by queue "$f"
	[ "$output" = $'day,queue,offered,answered\n2026-03-01,a,1,1\n2026-03-02,a,1,1\n2026-03-02,b,1,0' ]
}

@test "kpi-shared: a state naming an unknown report zone is refused with the same message in both tools" {
	d="$BATS_TEST_TMPDIR"
	printf '%s\n' start,outcome,queue,wait_s 2026-03-01T08:00:00Z,answered,a,3 > "$d/k.csv"
	kpi-calc -q --by day --state-out "$d/k.st" "$d/k.csv"
	sed 's|^param report_tz .*|param report_tz Mars/Base|' "$d/k.st" > "$d/kb.st"
	grep -q '^param report_tz Mars/Base$' "$d/kb.st"
	run --separate-stderr kpi-calc -q --merge "$d/kb.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/kb.st: zone \"Mars/Base\" is not a time zone in the tz database" ]
	complaint-kpi -q --by month --state-out "$d/c.st" "$C"
	sed 's|^param tz .*|param tz Mars/Base|' "$d/c.st" > "$d/cb.st"
	grep -q '^param tz Mars/Base$' "$d/cb.st"
	run --separate-stderr complaint-kpi -q --merge "$d/cb.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $d/cb.st: zone \"Mars/Base\" is not a time zone in the tz database" ]
}
