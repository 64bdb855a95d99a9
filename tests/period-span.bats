#!/usr/bin/env bats
# --by span:FROM..TO: runs of as many local days as FROM..TO (inclusive),
# laid end to end from FROM in the report zone; worked by hand below.

load helpers

setup() {
	# Asia/Shanghai is UTC+8 all year: 2026-02-28T16:30Z is 03-01 00:30
	cat > "$BATS_TEST_TMPDIR/c.csv" <<-'CSV'
	call_id,start,outcome,wait_s,queued
	1,2026-02-28T16:30:00Z,answered,5,1
	2,2026-02-28T15:59:59Z,answered,30,1
	3,2026-03-15T15:59:59Z,abandoned,40,1
	4,2026-03-15T16:00:00Z,answered,3,1
	5,2026-02-13T17:00:00Z,answered,1,1
	6,2026-02-13T15:00:00Z,answered,1,1
	CSV
}

@test "span: kpi-calc puts each call in its run of 15 local days" {
	run kpi-calc -q --by span:2026-03-01..2026-03-15 --kpis offered,answered \
		--report-tz Asia/Shanghai "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 0 ]
	# call 6 is 02-13 23:00 local, 5 is 02-14 01:00, 2 is 02-28 23:59:59,
	# 1 is 03-01 00:30, 3 is 03-15 23:59:59, 4 is 03-16 00:00
	[ "$output" = "span,offered,answered
2026-01-30..2026-02-13,1,1
2026-02-14..2026-02-28,2,2
2026-03-01..2026-03-15,2,1
2026-03-16..2026-03-30,1,1" ]
	# in UTC call 1 is on 02-28 and call 5 on 02-13
	run kpi-calc -q --by span:2026-03-01..2026-03-15 --kpis offered --report-tz UTC "$BATS_TEST_TMPDIR/c.csv"
	[ "$output" = "span,offered
2026-01-30..2026-02-13,2
2026-02-14..2026-02-28,2
2026-03-01..2026-03-15,2" ]
}

@test "span: a one-day span is the day; a span crossing a year" {
	a=$(kpi-calc -q --by span:2026-03-01..2026-03-01 --kpis offered,answered --report-tz Asia/Shanghai \
		"$BATS_TEST_TMPDIR/c.csv" | sed 1d | sed -E 's/^([0-9-]{10})\.\.[0-9-]{10}/\1/')
	b=$(kpi-calc -q --by day --kpis offered,answered --report-tz Asia/Shanghai "$BATS_TEST_TMPDIR/c.csv" | sed 1d)
	[ "$a" = "$b" ]
	# 7-day runs anchored on Wednesday 2025-12-31: 02-13 is day 44, run
	# 6 (02-11..02-17); 03-01 is day 60, run 8 (02-25..03-03)
	run kpi-calc -q --by span:2025-12-31..2026-01-06 --kpis offered --report-tz Asia/Shanghai "$BATS_TEST_TMPDIR/c.csv"
	[ "$output" = "span,offered
2026-02-11..2026-02-17,2
2026-02-25..2026-03-03,2
2026-03-11..2026-03-17,2" ]
}

@test "span: complaint-kpi counts complaints by the span of receipt" {
	printf 'id,received\nA,2026-02-28\nB,2026-03-01\nC,2026-03-15\nD,2026-03-16\nE,2026-02-14\n' > "$BATS_TEST_TMPDIR/k.csv"
	run complaint-kpi -q --by span:2026-03-01..2026-03-15 --kpis received "$BATS_TEST_TMPDIR/k.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "span,received
2026-02-14..2026-02-28,2
2026-03-01..2026-03-15,2
2026-03-16..2026-03-30,1" ]
}

@test "span: an impossible date or TO before FROM is not a period" {
	for s in span:2026-02-30..2026-03-01 span:2026-03-02..2026-03-01 span:2026-03-01 span:2026-3-1..2026-03-02; do
		run kpi-calc -q --by "$s" --kpis offered "$BATS_TEST_TMPDIR/c.csv"
		[ "$status" -eq 2 ]
		[[ "$output" == *"no column \"$s\" for --by"* ]]
	done
}
