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

@test "span: an impossible date or TO before FROM is not a period, and the message says why" {
	while IFS='|' read -r s why; do
		run --separate-stderr kpi-calc -q --by "$s" --kpis offered "$BATS_TEST_TMPDIR/c.csv"
		[ "$status" -eq 2 ]
		[ "${stderr_lines[0]}" = "kpi-calc: --by: \"$s\": $why" ]
	done <<-'CASES'
	span:2026-02-30..2026-03-01|2026-02-30 is not a date (YYYY-MM-DD)
	span:2026-03-02..2026-03-01|2026-03-01 is before 2026-03-02
	span:2026-03-01|expected FROM..TO (YYYY-MM-DD..YYYY-MM-DD)
	span:2026-3-1..2026-03-02|2026-3-1 is not a date (YYYY-MM-DD)
	CASES
}

@test "span: survey-score groups and compares by a span of --date, worked by hand" {
	printf 'date,ltr\n2026-02-20,10\n2026-02-21,0\n2026-03-02,9\n2026-03-03,10\n2026-03-04,5\n2026-03-16,10\n' \
		> "$BATS_TEST_TMPDIR/s.csv"
	# 02-14..02-28: P = D = 1/2, NPS 0, se 100 sqrt(1/2) = 70.71;
	# 03-01..03-15: P = 2/3, D = 1/3, NPS 33.33, se 100 sqrt((1 - 1/9)/3) = 54.43
	run survey-score -q --nps ltr --date date --by span:2026-03-01..2026-03-15 "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "span,n,nps_n,promoters,passives,detractors,promoter_share,detractor_share,nps,nps_se,missing_ltr" ]
	[ "${lines[1]}" = "2026-02-14..2026-02-28,2,2,1,0,1,0.5000,0.5000,0.00,70.71,0" ]
	[ "${lines[2]}" = "2026-03-01..2026-03-15,3,3,2,0,1,0.6667,0.3333,33.33,54.43,0" ]
	[ "${lines[3]}" = "2026-03-16..2026-03-30,1,1,1,0,0,1.0000,0.0000,100.00,0.00,0" ]
	# against the run before: diff 33.33, se sqrt(70.71^2 + 54.43^2) =
	# 89.24, z = 0.3735, p = 0.7087; 03-16..03-30: z = 100 / 70.71 =
	# 1.4142, p = 0.1573; Holm: 2 x 0.1573 = 0.3146, then max(0.7087, 0.3146)
	run survey-score -q --nps ltr --date date --compare span:2026-03-01..2026-03-15 \
		--reference 2026-02-14..2026-02-28 "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-02-14..2026-02-28,2,0.00,70.71,2026-03-01..2026-03-15,3,33.33,54.43,33.33,89.24,0.3735,0.7087,0.7087" ]
	[ "${lines[2]}" = "2026-02-14..2026-02-28,2,0.00,70.71,2026-03-16..2026-03-30,1,100.00,0.00,100.00,70.71,1.4142,0.1573,0.3146" ]
	# --compare month: March is P = 3/4, D = 1/4, NPS 50, se 100 sqrt(0.75/4) = 43.30
	run survey-score -q --nps ltr --date date --compare month "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-02,2,0.00,70.71,2026-03,4,50.00,43.30,50.00,82.92,0.6030,0.5465" ]
	# a period to compare needs --date; without it month is a column
	run survey-score -q --nps ltr --compare month "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 2 ]
}
