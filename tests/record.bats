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

# 4 records, callers a, b, a, c: groups a (2 records), b, c.
groups_csv() {
	printf '%s\n' 'start,caller,outcome,queue,wait_s' \
		'2026-03-01T08:00:00Z,a,answered,q,1' \
		'2026-03-01T08:00:00Z,b,answered,q,2' \
		'2026-03-01T08:00:00Z,a,answered,q,3' \
		'2026-03-01T08:00:00Z,c,answered,q,3'
}

@test "record: --max-groups: the group beyond N stops the run with exit 3 naming the option" {
	f="$BATS_TEST_TMPDIR/g.csv"
	groups_csv > "$f"
	run --separate-stderr kpi-calc -k offered --by caller --max-groups 3 "$f"
	[ "$status" -eq 0 ]
	[ "$output" = $'caller,offered\na,2\nb,1\nc,1' ]
	# the third group (c) is on line 5
	run --separate-stderr kpi-calc -k offered --by caller --max-groups 2 "$f"
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:5: more than 2 groups (--max-groups 2): raise --max-groups, or group by fewer or coarser keys" ]
	# --jobs 2: the same stop, without a line (a thread's range)
	run --separate-stderr kpi-calc -j 2 -k offered --by caller --max-groups 2 "$f"
	[ "$status" -eq 3 ]
	[[ "${stderr_lines[0]}" == *"more than 2 groups (--max-groups 2)"* ]]
	# --merge: two states of 2 and 1 groups (a, b and c)
	head -3 "$f" > "$BATS_TEST_TMPDIR/1.csv"
	{ head -1 "$f"; tail -1 "$f"; } > "$BATS_TEST_TMPDIR/2.csv"
	kpi-calc -q --by caller --state-out "$BATS_TEST_TMPDIR/1.st" "$BATS_TEST_TMPDIR/1.csv"
	kpi-calc -q --by caller --state-out "$BATS_TEST_TMPDIR/2.st" "$BATS_TEST_TMPDIR/2.csv"
	run --separate-stderr kpi-calc --merge -k offered --max-groups 2 "$BATS_TEST_TMPDIR/1.st" "$BATS_TEST_TMPDIR/2.st"
	[ "$status" -eq 3 ]
	[ "${stderr_lines[0]}" = "kpi-calc: $BATS_TEST_TMPDIR/2.st: more than 2 groups (--max-groups 2): raise --max-groups, or group by fewer or coarser keys" ]
	run --separate-stderr kpi-calc --merge -k offered --max-groups 3 "$BATS_TEST_TMPDIR/1.st" "$BATS_TEST_TMPDIR/2.st"
	[ "$status" -eq 0 ]
	[ "$output" = $'caller,offered\na,1\nb,1\nc,1' ]
	run kpi-calc --max-groups 0 "$f"
	[ "$status" -eq 2 ]
}

@test "record: percentiles stay exact while a histogram grows from one inline value" {
	# per queue k = 1..9, waits 1..k seconds in a seeded random order, each
	# value repeated k times: the nearest-rank p50 and p90 against python3
	f="$BATS_TEST_TMPDIR/h.csv"
	python3 - "$f" <<'PY'
import math, random, sys
random.seed(7)
rows = []
for k in range(1, 10):
    for v in range(1, k + 1):
        rows += [(f"q{k}", v)] * k
random.shuffle(rows)
with open(sys.argv[1], "w") as fp:
    fp.write("start,queue,wait_s,outcome\n")
    for q, v in rows:
        fp.write(f"2026-03-01T08:00:00Z,{q},{v},answered\n")
with open(sys.argv[1] + ".exp", "w") as fp:
    fp.write("queue,wait_p50,wait_p90\n")
    for k in range(1, 10):
        xs = sorted(v for q, v in rows if q == f"q{k}")
        p = lambda pc: xs[max(1, math.ceil(pc / 100 * len(xs))) - 1]
        fp.write(f"q{k},{p(50):.1f},{p(90):.1f}\n")
PY
	run kpi-calc -q --by queue --percentiles 50,90 -k wait_p50,wait_p90 "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$f.exp")" ]
	# and through a state file and --merge (histograms written and read)
	kpi-calc -q --by queue --percentiles 50,90 --state-out "$f.st" "$f"
	run kpi-calc -q --merge -k wait_p50,wait_p90 "$f.st"
	[ "$output" = "$(cat "$f.exp")" ]
}
