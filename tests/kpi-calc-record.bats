#!/usr/bin/env bats
# kpi-calc and the call record of 2026-12-01 (SPEC 2, 3, 6): contact-centre
# KPIs over queued records only, network KPIs over all, unknown inputs give
# empty figures, periods in the records' zone, profiles, exit 4 and the
# breach line. Every expected value is worked by hand in the comments.
load helpers
bats_require_minimum_version 1.5.0

K="$TD/kpi-calc"

# queued.csv (zone Asia/Shanghai, UTC+8, T = 20 s):
#  7 15:00Z = 23:00 on 03-01: queued empty but queue IT -> queued; answered,
#    wait 5, talk 40, transfers 0
#  8 15:30Z = 23:30 on 03-01: busy, no queue -> not queued (network only)
#  1-6 17:00-17:25Z = 01:00-01:25 on 03-02:
#    1 answered wait 10 transfers 0, 2 answered wait 30 transfers 1,
#    3 abandoned wait 45, 4 answered wait unknown transfers unknown,
#    5 queued 0 (direct), 6 queued 0 although it names queue IT
# 03-01: offered 1, answered 1, sl 1/1, asa 5, wait_n 1, max 5, aht 40,
#   transfer_rate 0/1; attempts 2, asr 1/2, acd 40
# 03-02: offered 4 (1-4), answered 3, abandoned 1, sl 1 within / 4 = 0.25,
#   asa (10+30)/2 = 20 over wait_n 2, max_wait 45, aht (60+120+90)/3 = 90,
#   transfer_rate 1 of the 2 answered with known transfers = 0.5;
#   attempts 6, asr 5/6 = 0.8333, acd (60+120+90+30+20)/5 = 64
KP=offered,answered,abandoned,sl,asa,wait_n,max_wait,aht,transfer_rate,attempts,asr,acd

@test "kpi-calc: contact-centre KPIs count queued records only, network KPIs every record" {
	run kpi-calc -q --by day --kpis "$KP" "$K/queued.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "day,$KP" ]
	[ "${lines[1]}" = "2026-03-01,1,1,0,1.0000,5.0,1,5.0,40.0,0.0000,2,0.5000,40.0" ]
	[ "${lines[2]}" = "2026-03-02,4,3,1,0.2500,20.0,2,45.0,90.0,0.5000,6,0.8333,64.0" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "kpi-calc: --report-tz overrides the records' zone" {
	# in UTC all eight records fall on 03-01: offered 5, answered 4,
	# sl (1 and 7 within 20 s) 2/5, asa (5+10+30)/3 = 15
	run kpi-calc -q --by day --report-tz UTC --kpis offered,answered,sl,asa,wait_n "$K/queued.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-03-01,5,4,0.4000,15.0,3" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "kpi-calc: no wait known: sl, asa, percentiles empty, wait_n 0; no transfers known: transfer_rate empty" {
	run kpi-calc -q --kpis offered,answered,sl,asa,wait_p90,wait_n,transfer_rate "$K/nowait.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2,2,,,,0," ]
}

@test "kpi-calc: a target on an empty KPI is neither met nor breached" {
	run --separate-stderr kpi-calc --kpis sl --target 'sl>=0.8' --fail-on-breach "$K/nowait.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "sl,sl_ok" ]
	[ "${lines[1]}" = "," ]
	[ "${stderr_lines[0]}" = "kpi-calc: 2 read, 2 used, 0 rejected" ]
}

@test "kpi-calc: --fail-on-breach: exit 1 and one line per breached target with its no-data rows" {
	# queue "": records 5 and 8, neither queued -> no sl (no data);
	# queue IT: queued 1,2,3,4,7 (6 is queued 0): within 20 s 1 and 7 -> 2/5
	run --separate-stderr kpi-calc --by queue --kpis sl --target 'sl>=0.8' --target 'sl>=0.3' --fail-on-breach "$K/queued.csv"
	[ "$status" -eq 1 ]
	[ "${lines[1]}" = ",,," ]
	[ "${lines[2]}" = "IT,0.4000,no,yes" ]
	[ "${stderr_lines[0]}" = "kpi-calc: 8 read, 8 used, 0 rejected" ]
	[ "${stderr_lines[1]}" = "kpi-calc: target sl>=0.8 breached in 1 of 2 rows (1 with no data)" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
}

@test "kpi-calc: no queued record at all: contact-centre KPIs empty, a warning, no breach" {
	f="$BATS_TEST_TMPDIR/direct.csv"
	printf 'call_id,start,queue,queued,wait_s,talk_s,outcome,zone\n1,2026-03-01T08:00:00Z,,0,,60,answered,UTC\n2,2026-03-01T08:01:00Z,,,,0,busy,UTC\n' > "$f"
	run --separate-stderr kpi-calc --targets miit-15s --fail-on-breach "$f"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "0,0,0,0,0,,,,,0,,,,," ]
	[ "${stderr_lines[0]}" = "kpi-calc: none of the 2 records was offered to a queue (queued 1, or a queue): the contact-centre KPIs are empty; --kpis network gives the network KPIs" ]
	run kpi-calc -q --kpis network "$f"
	[ "${lines[1]}" = "2,0.5000,1.0000,60.0,," ]
}

@test "kpi-calc: records of several zones grouped by period: a warning naming both" {
	f="$BATS_TEST_TMPDIR/mixed.csv"
	{ cat "$K/queued.csv"; echo "9,2026-03-01T18:00:00Z,IT,1,3,10,answered,0,UTC"; } > "$f"
	run --separate-stderr kpi-calc --by day --kpis offered "$f"
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "kpi-calc: records of several zones (Asia/Shanghai, UTC): periods are in Asia/Shanghai, the zone of the first record; give --report-tz to choose" ]
	# record 9 (18:00Z = 02:00 Shanghai) joins 03-02
	[ "${lines[2]}" = "2026-03-02,5" ]
	# no period, no warning
	run --separate-stderr kpi-calc --by queue --kpis offered "$f"
	[ "${#stderr_lines[@]}" -eq 1 ]
	# --report-tz given: no warning
	run --separate-stderr kpi-calc --by day --report-tz UTC --kpis offered "$f"
	[ "${#stderr_lines[@]}" -eq 1 ]
}

@test "kpi-calc: --jobs 2 takes the zone from the records as one thread does" {
	f="$BATS_TEST_TMPDIR/big.csv"
	{ head -1 "$K/queued.csv"; for i in $(seq 1 400); do tail -n +2 "$K/queued.csv"; done; } > "$f"
	a=$(kpi-calc -q --by day --kpis "$KP" "$f")
	b=$(kpi-calc -q --jobs 2 --by day --kpis "$KP" "$f")
	[ "$a" = "$b" ]
	[ "$(sed -n 2p <<< "$a" | cut -d, -f1,2)" = "2026-03-01,400" ]
}

# profile.csv, Europe/Berlin: 03-29 00:30Z = 01:30 CET, 01:30Z = 03:30 CEST
# (02:xx does not exist that day); 10-25 00:30Z = 02:30 CEST and 01:30Z =
# 02:30 CET (the repeated hour: one hour-of-day, 02); 10-26 06:00Z =
# 07:00 CET, a Monday. 03-29 and 10-25 are Sundays (ISO 7).
@test "kpi-calc: --by hour-of-day across both DST changes" {
	run kpi-calc -q --by hour-of-day --kpis attempts "$K/profile.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'hour_of_day,attempts\n01,1\n02,2\n03,1\n07,1')" ]
}

@test "kpi-calc: --by weekday: ISO 1 (Monday) to 7, in the report zone" {
	run kpi-calc -q --by weekday --kpis attempts "$K/profile.csv"
	[ "$output" = "$(printf 'weekday,attempts\n1,1\n7,4')" ]
	# in Los Angeles (UTC-7 on these days; US DST ends on 11-01) the four
	# Sunday-morning records are Saturday evening (6), 10-26 06:00Z is
	# Sunday 10-25 23:00 (7)
	run kpi-calc -q --by weekday --report-tz America/Los_Angeles --kpis attempts "$K/profile.csv"
	[ "$output" = "$(printf 'weekday,attempts\n6,4\n7,1')" ]
}

@test "kpi-calc: a bad zone in the first record is a reject with file:line" {
	f="$BATS_TEST_TMPDIR/z.csv"
	printf 'start,queue,outcome,wait_s,zone\n2026-03-01T08:00:00Z,Q,answered,5,Mars/Olympus\n2026-03-01T09:00:00Z,Q,answered,5,UTC\n' > "$f"
	run --separate-stderr kpi-calc --by day --kpis offered "$f"
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:2: zone: \"Mars/Olympus\" is not a time zone in the tz database" ]
	[ "${lines[1]}" = "2026-03-01,1" ]
}

@test "kpi-calc: rows read and none used is exit 4" {
	f="$BATS_TEST_TMPDIR/bad.csv"
	printf 'start,outcome\n2026-03-01T08:00:00Z,maybe\nyesterday,answered\n' > "$f"
	run --separate-stderr kpi-calc "$f"
	[ "$status" -eq 4 ]
	[ "${stderr_lines[2]}" = "kpi-calc: 2 read, 0 used, 2 rejected" ]
	[ "${stderr_lines[3]}" = "kpi-calc: no row was used: the input holds no usable call record" ]
	# a header alone is not bad data: nothing read, exit 0
	run kpi-calc -q < <(head -1 "$f")
	[ "$status" -eq 0 ]
}

@test "kpi-calc: queued must be 1, 0 or empty" {
	f="$BATS_TEST_TMPDIR/q.csv"
	printf 'start,outcome,queued\n2026-03-01T08:00:00Z,answered,yes\n2026-03-01T08:00:00Z,answered,1\n' > "$f"
	run --separate-stderr kpi-calc --kpis offered "$f"
	[ "${stderr_lines[0]}" = "kpi-calc: $f:2: queued: \"yes\" is not 1, 0 or empty" ]
	[ "${lines[1]}" = "1" ]
}

@test "kpi-calc: --state-out and --merge keep the queued and network counters apart" {
	a=$(kpi-calc -q --by day --kpis "$KP" "$K/queued.csv")
	kpi-calc -q --by day --kpis "$KP" --state-out "$BATS_TEST_TMPDIR/s1" < <(head -5 "$K/queued.csv")
	kpi-calc -q --by day --kpis "$KP" --state-out "$BATS_TEST_TMPDIR/s2" < <(head -1 "$K/queued.csv"; tail -n +6 "$K/queued.csv")
	b=$(kpi-calc -q --by day --kpis "$KP" --merge "$BATS_TEST_TMPDIR/s1" "$BATS_TEST_TMPDIR/s2")
	[ "$a" = "$b" ]
}

@test "kpi-calc: --dedupe: a call_id already used is skipped, naming its first line" {
	# queued.csv twice: the second copy (lines 10-17) is all repeats;
	# offered stays 5 (1,2,3,4,7), attempts 8
	run --separate-stderr kpi-calc --dedupe --kpis offered,attempts < <(cat "$K/queued.csv"; tail -n +2 "$K/queued.csv")
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "5,8" ]
	[ "${stderr_lines[0]}" = 'kpi-calc: -:10: call_id "1" already used (first on line 2): skipped (--dedupe)' ]
	[ "${stderr_lines[8]}" = "kpi-calc: 16 read, 8 used, 0 rejected, 8 skipped" ]
	# without it every row counts: offered 10
	run kpi-calc -q --kpis offered < <(cat "$K/queued.csv"; tail -n +2 "$K/queued.csv")
	[ "${lines[1]}" = "10" ]
	# --dedupe needs a call_id column
	run --separate-stderr kpi-calc --dedupe "$K/dst.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "kpi-calc: $K/dst.csv:1: no column \"call_id\" for --dedupe" ]
}
