#!/usr/bin/env bats
# The call record's one column table (lib/rec.c): cdr-parse writes it,
# cdr-parse -f generic and kpi-calc read it with the same limits and the
# same reasons. Expected values are worked by hand in the comments.
load helpers
bats_require_minimum_version 1.5.0

# Five answered queued calls; transfers 200000 and 1000000 are counts
# (the bound is 1,000,000 for every reader), 1000001 is not, nor is a
# cause of 1000001. Used: a, b, e; transferred (transfers > 0): a, b, so
# offered 3 and transfer_rate 2/3 = 0.6667.
counts_csv() {
	printf '%s\n' \
		'call_id,start,answer,end,queue,outcome,transfers,cause' \
		'a,2026-03-01T08:00:00Z,2026-03-01T08:00:05Z,2026-03-01T08:01:00Z,q,answered,200000,16' \
		'b,2026-03-01T08:00:00Z,2026-03-01T08:00:05Z,2026-03-01T08:01:00Z,q,answered,1000000,16' \
		'c,2026-03-01T08:00:00Z,2026-03-01T08:00:05Z,2026-03-01T08:01:00Z,q,answered,1000001,16' \
		'd,2026-03-01T08:00:00Z,2026-03-01T08:00:05Z,2026-03-01T08:01:00Z,q,answered,0,1000001' \
		'e,2026-03-01T08:00:00Z,2026-03-01T08:00:05Z,2026-03-01T08:01:00Z,q,answered,0,16'
}

@test "record: cdr-parse -f generic and kpi-calc accept and refuse the same counts" {
	f="$BATS_TEST_TMPDIR/c.csv"
	counts_csv > "$f"
	# kpi-calc straight from the file: a, b, e used; transfer_rate 2/3
	run --separate-stderr kpi-calc -k offered,transfer_rate "$f"
	[ "$status" -eq 0 ]
	[ "$output" = $'offered,transfer_rate\n3,0.6667' ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:4: transfers: \"1000001\" is not a count" ]
	[ "${stderr_lines[1]}" = "kpi-calc: $f:5: cause: \"1000001\" is not a count" ]
	[ "${stderr_lines[2]}" = "kpi-calc: 5 read, 3 used, 2 rejected" ]
	# cdr-parse -f generic: the same two rows refused, the same reasons
	run --separate-stderr cdr-parse -f generic "$f"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(cut -d, -f1,18 <<< "${lines[1]}")" = "a,200000" ]
	[ "$(cut -d, -f1,18 <<< "${lines[2]}")" = "b,1000000" ]
	[ "$(cut -d, -f1,18 <<< "${lines[3]}")" = "e,0" ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:4: transfers: \"1000001\" is not a count" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:5: cause: \"1000001\" is not a count" ]
	# and what cdr-parse writes kpi-calc reads to the same figures
	cdr-parse -q -f generic "$f" > "$BATS_TEST_TMPDIR/r.csv"
	run --separate-stderr kpi-calc -k offered,transfer_rate "$BATS_TEST_TMPDIR/r.csv"
	[ "$output" = $'offered,transfer_rate\n3,0.6667' ]
	[ "${stderr_lines[0]}" = "kpi-calc: 3 read, 3 used, 0 rejected" ]
}

@test "record: every column of the table round-trips cdr-parse -f generic unchanged" {
	# a record file with every SPEC 2 column set passes through generic
	# byte for byte (the header and the row are the table's)
	f="$BATS_TEST_TMPDIR/all.csv"
	printf '%s\n' \
		'call_id,source,start,answer,end,caller,callee,queue,agent,channel,ring_s,wait_s,talk_s,hold_s,wrap_s,outcome,cause,transfers,queued,zone' \
		'x1,pbx,2026-03-01T08:00:00Z,2026-03-01T08:00:05.250Z,2026-03-01T08:01:00Z,+15550001,100,"q,1",A7,chat,1.5,5.25,54.75,3,10.125,answered,16,2,1,Europe/Paris' \
		'x2,pbx,2026-03-01T09:00:00Z,,2026-03-01T09:00:30Z,+15550002,100,,,voice,,,0,,,busy,17,,0,UTC' > "$f"
	run --separate-stderr cdr-parse -f generic "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$f")" ]
	[ "${stderr_lines[0]}" = "cdr-parse: 2 read, 2 used, 0 rejected" ]
}

@test "record: kpi-calc reads the KPI columns whatever --kpis asks, and not answer, end, agent" {
	# line 2: wait_s bad; line 3: end is not a time (end is not read by
	# kpi-calc); line 4: good. offered is 2 (lines 3, 4) with or without
	# the wait KPIs asked: the rejects do not depend on --kpis.
	f="$BATS_TEST_TMPDIR/k.csv"
	printf '%s\n' 'call_id,start,end,agent,queue,wait_s,outcome' \
		'1,2026-03-01T08:00:00Z,2026-03-01T08:01:00Z,A1,q,x,answered' \
		'2,2026-03-01T08:00:00Z,soon,A\x01,q,4,answered' \
		'3,2026-03-01T08:00:00Z,2026-03-01T08:01:00Z,A2,q,30,answered' > "$f"
	run --separate-stderr kpi-calc -k offered "$f"
	[ "$output" = $'offered\n2' ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:2: wait_s: \"x\" is not a number" ]
	[ "${stderr_lines[1]}" = "kpi-calc: 3 read, 2 used, 1 rejected" ]
	# asa = (4 + 30) / 2 = 17.0; sl within 20 s: 1 of 2
	run --separate-stderr kpi-calc -k offered,asa,sl "$f"
	[ "$output" = $'offered,asa,sl\n2,17.0,0.5000' ]
	[ "${stderr_lines[1]}" = "kpi-calc: 3 read, 2 used, 1 rejected" ]
}

@test "record: a NUL byte in a number, a time or an outcome is named as such" {
	f="$BATS_TEST_TMPDIR/n.csv"
	printf 'start,queue,wait_s,outcome\n2026-03-01T08:00:00Z,q,4\0003,answered\n2026-03-01T08:00:00Z,q,4,answered\000x\n2026-03-01T08:00:00Z,q,4,answered\n' > "$f"
	run --separate-stderr kpi-calc -k offered "$f"
	[ "$output" = $'offered\n1' ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:2: wait_s: contains a NUL byte" ]
	[ "${stderr_lines[1]}" = "kpi-calc: $f:3: outcome: contains a NUL byte" ]
}
