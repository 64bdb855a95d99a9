#!/usr/bin/env bats
# complaint-kpi: SPEC 5.1 complaint-handling KPIs, checked against
# hand-worked small inputs, an independent python3 oracle
# (testdata/complaint-kpi/oracle.py) on a generated year of 200,000
# complaints, and the real FCC and CRM samples.
load helpers
bats_require_minimum_version 1.5.0

C="$TD/complaint-kpi"

# complaints.csv by hand (UTC, reply 15d, resolve 30d, cut-off the end of
# 2026-04-10):
#  A1 received 03-02, replied 03-17 (day 15: met), resolved 03-20 (day 18:
#     met, ttr 18 d 1 h), closed 03-21 (March); C1 billing, reopened 0
#  A2 received 03-02 09:00, replied 03-18 08:00 (day 16: missed by one
#     day, though less than 16x24 h), resolved 04-02 09:00 (day 31: missed
#     by one day, ttr 31 d), closed 04-02 (April); escalated 12300, reopened 1
#  A3 received 03-20 C1 billing (a repeat of A1, 18 days before), replied
#     03-25 (met), not resolved: deadline 04-19, pending at 04-10
#  A4 received 03-31 23:00, nothing yet: reply due 04-15 and resolution due
#     04-30, both pending; escalated regulator
#  A5 received 04-05 C1 network (repeat of A3, 16 days), resolved 04-06
#     12:00 (ttr 1 d 2 h); A6 04-08 C2 (A2 was 37 days before: no repeat)
# March: received 4, closed 1 (A1), backlog 3; reply 2 within, 1 pending,
# 2/4; resolve 1 within, 2 pending, 1/4; ttr (18.0417 + 31)/2 = 24.52;
# days_to_80pct: rank ceil(3.2) = 4 but only 2 resolved -> empty; repeats
# 1/4; escalated 2/4; reopened 1 of 2 known.
# April: received 2, closed 3 (A2, A5, A6), backlog 3 + 2 - 3 = 2 (A3, A4);
# ttr (1.0833 + 1)/2 = 1.04; days 1, 1 -> 1; repeats 1/2.
@test "complaint-kpi: --by month: hand-worked timeliness, backlog, repeats, escalations, reopenings" {
	run complaint-kpi -q --as-of 2026-04-10 --by month --total "$C/complaints.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "month,received,closed,open_at_end,reply_within,reply_pending,reply_rate,resolve_within,resolve_pending,resolve_rate,ttr_mean,days_to_80pct,repeat_rate,escalation_rate,reopen_rate" ]
	[ "${lines[1]}" = "2026-03,4,1,3,2,1,0.5000,1,2,0.2500,24.52,,0.2500,0.5000,0.5000" ]
	[ "${lines[2]}" = "2026-04,2,3,2,2,0,1.0000,2,0,1.0000,1.04,1,0.5000,0.0000,0.0000" ]
	# total: 4/6 replies, 3/6 resolutions, ttr (18.0417+31+1.0833+1)/4
	[ "${lines[3]}" = "total,6,4,2,4,1,0.6667,3,2,0.5000,12.78,,0.3333,0.3333,0.2500" ]
	[ "${#lines[@]}" -eq 4 ]
}

# --as-of 2026-04-19 covers all of A3's resolution deadline day: a miss;
# A4's reply deadline (04-15) has passed too, its resolution (04-30) not.
@test "complaint-kpi: --as-of: a limit passed at the cut-off is a miss, one not yet reached is pending" {
	run complaint-kpi -q --as-of 2026-04-19 --by month -k resolve_within,resolve_pending,resolve_missed,reply_pending,reply_missed "$C/complaints.csv"
	[ "${lines[1]}" = "2026-03,1,1,2,0,2" ]
	# the day before the deadline day ends: still pending
	run complaint-kpi -q --as-of 2026-04-18T23:59:59Z --by month -k resolve_pending,resolve_missed "$C/complaints.csv"
	[ "${lines[1]}" = "2026-03,2,1" ]
	# without --as-of the cut-off is the latest time in the data (04-09)
	run complaint-kpi -q --by month -k reply_pending,resolve_pending "$C/complaints.csv"
	[ "${lines[1]}" = "2026-03,1,2" ]
}

@test "complaint-kpi: elapsed limits: 48h counts from the receipt instant" {
	# A1 16 d 9 h no; A2 16 d 23 h no; A3 5 d no; A5 23 h yes; A6 24 h yes
	run complaint-kpi -q --reply-limit 24h --as-of 2026-04-10 -k reply_within,reply_pending,reply_missed "$C/complaints.csv"
	[ "${lines[1]}" = "2,0,4" ]
	run complaint-kpi -q --reply-limit 86399 --as-of 2026-04-10 -k reply_within "$C/complaints.csv"
	[ "${lines[1]}" = "1" ]
}

# workdays.csv, reply limit 2 working days, holiday Monday 2026-03-09:
#  W1 Fri 03-06 -> Tue 10 (1), Wed 11 (2): replied Tue: met
#  W2 Sat 03-07 -> due Wed 11, replied Thu 12: missed by one day
#  W3 Sun 03-08 -> due Wed 11, replied Wed 17:00: met
#  W4 received on the holiday Mon 03-09 -> due Wed 11: met
#  W5 Fri 03-13 -> Mon 16, Tue 17: open; a miss once 03-17 is over
# days to resolve in working days: 1, 3, 2, 2 -> rank ceil(0.8*5)=4 -> 3
@test "complaint-kpi: working days across a weekend and a holiday" {
	run complaint-kpi -q --reply-limit 2wd --holidays "$C/holidays.txt" --working-days --as-of 2026-03-17 -k received,reply_within,reply_pending,reply_missed,reply_rate,days_to_80pct "$C/workdays.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "5,3,0,2,0.6000,3" ]
	run complaint-kpi -q --reply-limit 2wd --holidays "$C/holidays.txt" --as-of 2026-03-17T12:00:00Z -k reply_pending,reply_missed "$C/workdays.csv"
	[ "${lines[1]}" = "1,1" ]
	# --working-days turns 2d into 2wd
	run complaint-kpi -q --reply-limit 2d --working-days --holidays "$C/holidays.txt" --as-of 2026-03-17 -k reply_within "$C/workdays.csv"
	[ "${lines[1]}" = "3" ]
	# calendar days: only W4 (due 03-11) is met; W5 due 03-15 is missed
	run complaint-kpi -q --reply-limit 2d --holidays "$C/holidays.txt" --as-of 2026-03-17 -k reply_within,reply_missed "$C/workdays.csv"
	[ "${lines[1]}" = "1,4" ]
	# without the holiday W1 is due Tue 10, W2 and W3 Tue 10: W3 misses
	run complaint-kpi -q --reply-limit 2wd --as-of 2026-03-17 -k reply_within "$C/workdays.csv"
	[ "${lines[1]}" = "2" ]
}

# Saturday 2026-03-14 as a make-up working day: W5 (Fri 13) is due Mon 16
@test "complaint-kpi: --holidays DATE,work: a weekend day that is a working day" {
	run complaint-kpi -q --reply-limit 2wd --holidays "$C/holidays-makeup.txt" --as-of 2026-03-16T12:00:00Z -k reply_pending,reply_missed "$C/workdays.csv"
	[ "${lines[1]}" = "1,1" ]
	run complaint-kpi -q --reply-limit 2wd --holidays "$C/holidays-makeup.txt" --as-of 2026-03-16 -k reply_pending,reply_missed "$C/workdays.csv"
	[ "${lines[1]}" = "0,2" ]
	# --weekend fri,sat: Sundays work. W1 (Fri 06) due Sun 08 + Tue 10
	# (Mon holiday) = Tue 10: met; W2 (Sat 07) due Tue 10, replied Thu 12:
	# missed; W3 (Sun 08) and W4 due Wed 11: met; W5 (Fri 13) due Mon 16
	run complaint-kpi -q --reply-limit 2wd --weekend fri,sat --holidays "$C/holidays.txt" --as-of 2026-03-17 -k reply_within,reply_missed "$C/workdays.csv"
	[ "${lines[1]}" = "3,2" ]
}

# repeat.csv, W = 7 d: R2 comes 6 d 23:59:59 after R1 (repeat), R3 7 d 1 s
# after R2 (not), R5 7 d 1 s after R4 (not), R8 exactly 7 d after R7
# (repeat: the window [r - W, r) includes its start); R6 has no customer.
@test "complaint-kpi: repeats within and outside the window, by customer and category" {
	run complaint-kpi -q --repeat-window 7d -k repeat_rate "$C/repeat.csv"
	[ "${lines[1]}" = "0.2857" ]
	run complaint-kpi -q --repeat-window 7d -k repeat_rate --by category "$C/repeat.csv"
	[ "${lines[1]}" = "billing,0.2500" ]
	[ "${lines[2]}" = "network,0.3333" ]
	# same category only: R3 (network) no longer has R2 (billing) before it
	run complaint-kpi -q --repeat-window 8d --repeat-by customer,category -k repeat_rate "$C/repeat.csv"
	[ "${lines[1]}" = "0.4286" ]
	run complaint-kpi -q --repeat-window 8d -k repeat_rate "$C/repeat.csv"
	[ "${lines[1]}" = "0.5714" ]
}

# March 4 complaints on 20,000 subscribers, April 2 on 25,000
@test "complaint-kpi: --subscribers FILE: a base that changes between months" {
	run complaint-kpi -q --by month --subscribers "$C/subscribers.csv" -k received,per_10k,per_million "$C/complaints.csv"
	[ "${lines[1]}" = "2026-03,4,2.0000,200.0000" ]
	[ "${lines[2]}" = "2026-04,2,0.8000,80.0000" ]
	# total: a per-period base gives no total figure
	run complaint-kpi -q --by month --total --subscribers "$C/subscribers.csv" -k per_10k "$C/complaints.csv"
	[ "${lines[3]}" = "total," ]
	# one number: 6 complaints per 30,000
	run complaint-kpi -q --subscribers 30000 "$C/complaints.csv"
	[[ "${lines[0]}" == *",per_10k" ]]
	[[ "${lines[1]}" == *",2.0000" ]]
}

@test "complaint-kpi: --map and --date-format read a Chinese export" {
	run complaint-kpi -q --map id=工单号,received=受理时间,replied=答复时间,resolved=办结时间,customer=用户,category=类别 --date-format '%Y年%m月%d日' --tz Asia/Shanghai --as-of 2026-04-30 --by category -k received,reply_within,reply_missed,resolve_within,resolve_missed,ttr_mean,repeat_rate "$C/zh-dates.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "网络,1,0,1,0,1,39.00,0.0000" ]
	[ "${lines[2]}" = "计费,2,1,1,1,1,18.00,0.5000" ]
	run complaint-kpi -q --date-format '%d-%m-%y' --map 'id=Ticket #,received=Date' --by month -k received "$C/dmy.csv"
	[ "${lines[1]}" = "2015-04,2" ]
	[ "${lines[2]}" = "2015-05,1" ]
}

@test "complaint-kpi: bad rows are rejected with file:line and counted" {
	run --separate-stderr complaint-kpi --as-of 2026-04-30 -k received --rejects "$BATS_TEST_TMPDIR/rej.csv" "$C/bad.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1" ]
	f="$C/bad.csv"
	[ "${stderr_lines[0]}" = "complaint-kpi: $f:2: replied: before received" ]
	[ "${stderr_lines[1]}" = "complaint-kpi: $f:3: resolved: 2026-05-01T09:00:00Z is after the cut-off (--as-of)" ]
	[ "${stderr_lines[2]}" = "complaint-kpi: $f:4: received: \"2026-13-02\" is not a date" ]
	[ "${stderr_lines[3]}" = "complaint-kpi: $f:6: id: \"B4\" is a duplicate" ]
	[ "${stderr_lines[4]}" = "complaint-kpi: $f:7: reopened: \"x\" is not a count" ]
	[ "${stderr_lines[5]}" = "complaint-kpi: $f:8: 5 fields, the header has 7" ]
	[ "${stderr_lines[6]}" = "complaint-kpi: $f:9: received: empty" ]
	[ "${stderr_lines[7]}" = "complaint-kpi: 8 read, 1 used, 7 rejected" ]
	[ "$(wc -l < "$BATS_TEST_TMPDIR/rej.csv")" -eq 8 ]
	# rectangular: file,line,reason,record, the record as one cell
	run python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
print(set(len(r) for r in rows), rows[0], rows[1][1:])' "$BATS_TEST_TMPDIR/rej.csv"
	[ "$output" = "{4} ['file', 'line', 'reason', 'record'] ['2', 'replied: before received', 'B1,2026-03-02T09:00:00Z,2026-03-01T09:00:00Z,,,C1,']" ]
	run complaint-kpi -q --strict -k received "$C/bad.csv"
	[ "$status" -eq 4 ]
	# rows read and none used: exit 4 (SPEC 6)
	printf 'id,received\nX,notadate\n' > "$BATS_TEST_TMPDIR/none.csv"
	run --separate-stderr complaint-kpi -k received "$BATS_TEST_TMPDIR/none.csv"
	[ "$status" -eq 4 ]
	[ "${stderr_lines[-1]}" = "complaint-kpi: no row was used: the input holds no usable complaint record" ]
}

@test "complaint-kpi: usage errors exit 2" {
	run --separate-stderr complaint-kpi --reply-limit 15x "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: --reply-limit: \"15x\" is not a limit like 15d, 2wd or 48h
Try 'complaint-kpi --help' for more information." ]
	run --separate-stderr complaint-kpi --by month,week "$C/complaints.csv"
	[ "$status" -eq 2 ]
	run --separate-stderr complaint-kpi --weekend sat,xyz "$C/complaints.csv"
	[ "$status" -eq 2 ]
	run --separate-stderr complaint-kpi --holidays "$C/complaints.csv" "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"complaints.csv:1: \"id,received"*"is not a date" ]]
	run --separate-stderr complaint-kpi --map foo=bar "$C/complaints.csv"
	[ "$status" -eq 2 ]
	run --separate-stderr complaint-kpi --map received=nosuch "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $C/complaints.csv:1: --map received=nosuch: no such column" ]
	run --separate-stderr complaint-kpi --target 'nosuch>=1' "$C/complaints.csv"
	[ "$status" -eq 2 ]
}

@test "complaint-kpi: --targets preset, --target, --fail-on-breach" {
	run --separate-stderr complaint-kpi -q --as-of 2026-04-10 --by month --targets miit-reply-15d -k received,reply_rate "$C/complaints.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "month,received,reply_rate,reply_rate_ok" ]
	[ "${lines[1]}" = "2026-03,4,0.5000,no" ]
	[ "${lines[2]}" = "2026-04,2,1.0000,yes" ]
	run --separate-stderr complaint-kpi -q --as-of 2026-04-10 --by month --targets miit-reply-15d --fail-on-breach -k received "$C/complaints.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "complaint-kpi: target reply_rate>=1 breached in 1 of 2 rows" ]
	# a rejected row under --strict: exit 4, and the breach is still named
	{ cat "$C/complaints.csv"; echo "BAD,not-a-date,,,,,,"; } > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr complaint-kpi -q --strict --as-of 2026-04-10 --by month --targets miit-reply-15d --fail-on-breach -k received "$BATS_TEST_TMPDIR/bad.csv"
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"complaint-kpi: target reply_rate>=1 breached in 1 of 2 rows"* ]]
	# trai-billing-4w sets a 28-day resolution limit: A2 (31 days) misses
	run complaint-kpi -q --as-of 2026-04-10 --targets trai-billing-4w --target 'ttr_p50<=20d' --percentiles 50 -k resolve_within,ttr_mean "$C/complaints.csv"
	# --target columns come first, then the targets files'
	[ "${lines[0]}" = "resolve_within,ttr_mean,ttr_p50,resolve_rate,ttr_p50_ok,resolve_rate_ok" ]
	# ttr sorted 1.0, 1.08, 18.04, 31: p50 rank 2 = 1.08 days
	[ "${lines[1]}" = "3,12.78,1.08,0.5000,yes,no" ]
	# a preset's limit and the command line must agree
	run --separate-stderr complaint-kpi -q --targets trai-billing-4w --resolve-limit 31d "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"/targets/trai-billing-4w:9 sets resolve_limit 28d, but --resolve-limit sets 31d" ]]
	run complaint-kpi -q --as-of 2026-04-10 --targets trai-billing-4w --resolve-limit 28d -k resolve_within "$C/complaints.csv"
	[ "${lines[1]}" = "3,0.5000,no" ]
	# acma-urgent-2wd: 2 working days: A5 (Sun 04-05, resolved Mon) and
	# A6 (Wed, resolved Thu) of 6
	run complaint-kpi -q --as-of 2026-04-10 --targets acma-urgent-2wd -k resolve_within "$C/complaints.csv"
	[ "${lines[1]}" = "2,0.3333,no" ]
}

# Wilson 95 % for 2 of 4: centre (2 + 1.9208)/(4 + 3.8415) = 0.5,
# half-width 1.96 sqrt(0.25*4 + 0.9604)/7.8415 = 0.3526
@test "complaint-kpi: --ci adds Wilson intervals to rates only" {
	run complaint-kpi -q --as-of 2026-04-10 --by month --ci 0.95 -k received,reply_rate "$C/complaints.csv"
	[ "${lines[0]}" = "month,received,reply_rate,reply_rate_lo,reply_rate_hi" ]
	[ "${lines[1]}" = "2026-03,4,0.5000,0.1500,0.8500" ]
}

@test "complaint-kpi: --manifest states the clock and parameters" {
	run complaint-kpi -q --as-of 2026-04-10 --by month --targets miit-reply-15d --manifest "$BATS_TEST_TMPDIR/m.txt" "$C/complaints.csv"
	[ "$status" -eq 0 ]
	# the shared manifest writer (lib/manifest) prefixes method lines
	grep -qx "method=reply_limit=15d" "$BATS_TEST_TMPDIR/m.txt"
	grep -qx "method=as_of=2026-04-10T23:59:59.999Z" "$BATS_TEST_TMPDIR/m.txt"
	grep -qx "method=target=reply_rate>=1" "$BATS_TEST_TMPDIR/m.txt"
	grep -qx "rows=6 read, 6 used, 0 rejected, 0 skipped" "$BATS_TEST_TMPDIR/m.txt"
}

@test "complaint-kpi: --state-out of three customer parts and --merge equal a single run" {
	head -1 "$C/complaints.csv" > "$BATS_TEST_TMPDIR/h"
	for c in C1 C2 C3; do
		{ cat "$BATS_TEST_TMPDIR/h"; grep ",$c," "$C/complaints.csv"; } > "$BATS_TEST_TMPDIR/$c.csv"
		complaint-kpi -q --as-of 2026-04-10 --by month,category --percentiles 50,90 --state-out "$BATS_TEST_TMPDIR/$c.st" "$BATS_TEST_TMPDIR/$c.csv"
	done
	run complaint-kpi -q --merge --by month,category --total --percentiles 50,90 "$BATS_TEST_TMPDIR"/C?.st
	[ "$status" -eq 0 ]
	want=$(complaint-kpi -q --as-of 2026-04-10 --by month,category --total --percentiles 50,90 "$C/complaints.csv")
	[ "$output" = "$want" ]
	[ "${#lines[@]}" -eq 6 ]
	# parameters must agree
	run --separate-stderr complaint-kpi --merge --reply-limit 10d "$BATS_TEST_TMPDIR"/C?.st
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"state has reply_limit 15d, but --reply-limit sets 10d" ]]
}

# The man page's EXAMPLES run (from testdata/complaint-kpi).
# ---- oracle: a generated year of 200,000 complaints ----

setup_file() {
	export GEN="$BATS_FILE_TMPDIR/gen.csv"
	python3 "$BATS_TEST_DIRNAME/../scripts/gen_complaint_records.py" 200000 7 > "$GEN"
	{
		echo "period,subscribers"
		for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
			echo "2026-$m,$((1000000 + 10#$m * 12345))"
		done
	} > "$BATS_FILE_TMPDIR/subs.csv"
	printf '# test holidays\n2026-01-01\n2026-04-03,Good Friday\n2026-04-06\n2026-05-01\n2026-10-03\n2026-12-25\n2026-12-26\n2026-10-10,work\n' > "$BATS_FILE_TMPDIR/hol.txt"
}

@test "complaint-kpi: oracle, 200,000 complaints: --by month,category in Asia/Shanghai, --as-of, ttr percentiles, monthly base" {
	o="$BATS_FILE_TMPDIR"
	python3 "$C/oracle.py" "$GEN" by=month,category tz=Asia/Shanghai asof=2027-01-10 pcts=50,90 subs="$o/subs.csv" total=1 > "$o/o1.csv" 2> "$o/o1.err"
	run --separate-stderr complaint-kpi -q --by month,category --tz Asia/Shanghai --as-of 2027-01-10 --percentiles 50,90 --subscribers "$o/subs.csv" --total "$GEN"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 80 ]
	[ "$output" = "$(cat "$o/o1.csv")" ]
	# the rows with a time after the cut-off are rejected, as the oracle says
	run --separate-stderr complaint-kpi --by month --tz Asia/Shanghai --as-of 2027-01-10 -k received "$GEN"
	[[ "${stderr_lines[-1]}" == "complaint-kpi: 200000 read, $((200000 - $(cut -d' ' -f2 "$o/o1.err"))) used, $(cut -d' ' -f2 "$o/o1.err") rejected" ]]
	# three parts split by customer, merged
	for k in 0 1 2; do
		awk -F, -v k=$k 'NR == 1 || substr($6, 6, 1) % 3 == k' "$GEN" > "$o/part$k.csv"
		complaint-kpi -q --by month,category --tz Asia/Shanghai --as-of 2027-01-10 --percentiles 50,90 --state-out "$o/part$k.st" "$o/part$k.csv" 2>/dev/null
	done
	run complaint-kpi -q --merge --percentiles 50,90 --subscribers "$o/subs.csv" --total "$o"/part?.st
	[ "$output" = "$(cat "$o/o1.csv")" ]
}

@test "complaint-kpi: oracle, 200,000 complaints: --by week,tier in Europe/Berlin, working days and holidays, 48h, repeats by category" {
	o="$BATS_FILE_TMPDIR"
	kp=received,closed,open_at_end,reply_within,reply_pending,reply_missed,reply_rate,resolve_within,resolve_pending,resolve_missed,resolve_rate,ttr_mean,ttr_p90,days_to_80pct,repeat_rate,escalation_rate,reopen_rate,per_10k,per_million
	python3 "$C/oracle.py" "$GEN" by=week,tier tz=Europe/Berlin working=1 holidays="$o/hol.txt" reply=5d resolve=48h repeat_by=customer,category window_s=604800 subs=1500000 total=1 kpis=$kp > "$o/o2.csv" 2>/dev/null
	run complaint-kpi -q --by week,tier --tz Europe/Berlin --working-days --holidays "$o/hol.txt" --reply-limit 5d --resolve-limit 48h --repeat-by customer,category --repeat-window 7d --subscribers 1500000 --total --kpis $kp "$GEN"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 194 ]
	[ "$output" = "$(cat "$o/o2.csv")" ]
}

# tickets.csv through complaint-classify --append, cut-off 2026-04-30:
#  March billing: T1 (U1) replied day 3, resolved day 8; T4 (U1 again, 13
#    days later: a repeat) replied, unresolved, due 04-14: a miss
#  March escalation (工信部申诉): T3 replied day 1, resolved 04-20 (day
#    41): a miss; it leaves the backlog in April: an April row, received 0
#  March network: T2 replied day 17 (miss), resolved day 22 (met)
@test "complaint-kpi: complaint-classify --append | complaint-kpi --by month,category --targets miit-reply-15d" {
	run bash -c "complaint-classify -q --append --text body '$C/tickets.csv' | complaint-kpi -q --as-of 2026-04-30 --by month,category --targets miit-reply-15d -k received,open_at_end,reply_within,reply_rate,resolve_within,resolve_rate,repeat_rate"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "month,category,received,open_at_end,reply_within,reply_rate,resolve_within,resolve_rate,repeat_rate,reply_rate_ok" ]
	[ "${lines[1]}" = "2026-03,billing,2,1,2,1.0000,1,0.5000,0.5000,yes" ]
	[ "${lines[2]}" = "2026-03,escalation,1,1,1,1.0000,0,0.0000,0.0000,yes" ]
	[ "${lines[3]}" = "2026-03,network,1,0,0,0.0000,1,1.0000,0.0000,no" ]
	[ "${lines[4]}" = "2026-04,billing,1,1,1,1.0000,1,1.0000,0.0000,yes" ]
	[ "${lines[5]}" = "2026-04,escalation,0,0,0,,0,,," ]
	[ "${lines[6]}" = "2026-04,privacy,1,0,1,1.0000,1,1.0000,0.0000,yes" ]
	[ "${#lines[@]}" -eq 7 ]
}

# ---- real data ----

# FCC informal complaints against Comcast, 2015: one row per complaint,
# Date_month_year the day the FCC received it (DD-Mon-YY), Received Via
# the channel (Customer Care Call or Internet), Status (Solved, Closed,
# Open, Pending) without any time: the file supports counts by month and
# channel, and the backlog only as the running count of receipts (no
# closing times). python3 counts the same from the raw file.
@test "complaint-kpi: real data: FCC Comcast complaints by month and channel, against python3" {
	f="$REF/comcast-fcc-complaints/Comcast_telecom_complaints_data.csv"
	[ -f "$f" ] || skip "reference data absent"
	run --separate-stderr complaint-kpi --map 'id=Ticket #,received=Date_month_year,channel=Received Via' --date-format '%d-%b-%y' --by month,channel -k received,open_at_end "$f"
	[ "$status" -eq 0 ]
	[ "$stderr" = "complaint-kpi: 2224 read, 2224 used, 0 rejected" ]
	want=$(python3 -c '
import csv, sys, datetime, collections
n = collections.Counter()
for r in csv.DictReader(open(sys.argv[1], newline="")):
    d = datetime.datetime.strptime(r["Date_month_year"], "%d-%b-%y")
    n[(d.strftime("%Y-%m"), r["Received Via"])] += 1
print("month,channel,received,open_at_end")
run = collections.Counter()
for (m, c) in sorted(n):
    run[c] += n[(m, c)]
    print("%s,%s,%d,%d" % (m, c, n[(m, c)], run[c]))
' "$f")
	[ "$output" = "$want" ]
	# pinned: June 2015, the month of the most complaints
	[[ "$output" == *$'\n'"2015-06,Customer Care Call,"* ]]
	[ "$(awk -F, '$1 == "2015-06" { s += $3 } END { print s }' <<< "$output")" -eq 1046 ]
}

# The raw Date column mixes DD-MM-YY with YYYY-MM-DD (month and day
# swapped by a spreadsheet): read as %d-%m-%y the 609 ISO-looking dates
# are rejected with file:line, none dropped silently.
@test "complaint-kpi: real data: FCC Date column in two layouts: the other layout is rejected and counted" {
	f="$REF/comcast-fcc-complaints/Comcast_telecom_complaints_data.csv"
	[ -f "$f" ] || skip "reference data absent"
	run --separate-stderr complaint-kpi --map 'id=Ticket #,received=Date' --date-format '%d-%m-%y' -k received "$f"
	n=$(python3 -c '
import csv, re, sys
print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline="")) if re.match(r"\d{4}-", r["Date"])))' "$f")
	[ "$n" -eq 609 ]
	[ "${stderr_lines[-1]}" = "complaint-kpi: 2224 read, $((2224 - n)) used, $n rejected" ]
	[ "${lines[1]}" = "$((2224 - n))" ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $f:3: received: \"2015-04-08\" is not a date" ]
}

# CRM call-centre log (semi-synthetic, BIRD retail_complains): one row per
# call about a complaint; Date_received its date, Complaint_ID (empty on
# 1,495 rows: allowed, not checked for duplicates), rand_client the
# customer (empty on the same rows: not in the repeat denominator). It
# supports receipts per year and repeat rates: a client calling again
# within 30 days; python3 computes both from the raw file.
@test "complaint-kpi: real data: CRM log, receipts and 30-day repeat rate per year, against python3" {
	f="$REF/bird-retail-complains-crm/CRMCallCenterLogs.csv"
	[ -f "$f" ] || skip "reference data absent"
	run --separate-stderr complaint-kpi --map id=Complaint_ID,received=Date_received,customer=rand_client --repeat-window 30d --by year -k received,repeat_rate "$f"
	[ "$status" -eq 0 ]
	[ "$stderr" = "complaint-kpi: 3999 read, 3999 used, 0 rejected" ]
	want=$(python3 -c '
import bisect, csv, sys, datetime, collections
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
days = collections.defaultdict(list)
for r in rows:
    if r["rand_client"]:
        days[r["rand_client"]].append(datetime.date.fromisoformat(r["Date_received"]).toordinal())
for v in days.values():
    v.sort()
n = collections.Counter(); k = collections.Counter(); rep = collections.Counter()
for r in rows:
    y = r["Date_received"][:4]
    n[y] += 1
    if r["rand_client"]:
        d = datetime.date.fromisoformat(r["Date_received"]).toordinal()
        v = days[r["rand_client"]]
        k[y] += 1
        rep[y] += bisect.bisect_left(v, d - 30) < bisect.bisect_left(v, d)
print("year,received,repeat_rate")
for y in sorted(n):
    print("%s,%d,%s" % (y, n[y], "%.4f" % (rep[y] / k[y]) if k[y] else ""))
' "$f")
	[ "$output" = "$want" ]
	# pinned: 2013, and 2018 where no row has a client (empty, not 0)
	[ "${lines[3]}" = "2013,711,0.0081" ]
	[ "${lines[8]}" = "2018,201," ]
}

# ---- the shared engine: --where, --report-tz, lib/date (issue 11) --------

@test "complaint-kpi: --where: rows that fail are skipped before grouping, never rejected" {
	# phone: A1, A3, A4 (March, UTC) and A6 (April); A2 and A5 skipped
	run --separate-stderr complaint-kpi --where channel=phone --by month -k received "$C/complaints.csv"
	[ "$status" -eq 0 ]
	[ "$(tr '\n' ' ' <<< "$output")" = "month,received 2026-03,3 2026-04,1 " ]
	[ "$stderr" = "complaint-kpi: 6 read, 4 used, 0 rejected, 2 skipped" ]
	# billing and reopened > 0: only A2 (A3's empty reopened fails >)
	run --separate-stderr complaint-kpi --where 'category=billing,reopened>0' -k received "$C/complaints.csv"
	[ "${lines[1]}" = "1" ]
	run --separate-stderr complaint-kpi --where category=billing --where 'reopened>0' -k received "$C/complaints.csv"
	[ "${lines[1]}" = "1" ]
	[ "$stderr" = "complaint-kpi: 6 read, 1 used, 0 rejected, 5 skipped" ]
	# a skipped row does not take its id; a used one does
	printf 'id,received,channel\nD1,2026-03-02,phone\nD1,2026-03-03,web\nD1,2026-03-04,web\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr complaint-kpi --where channel=web -k received "$BATS_TEST_TMPDIR/d.csv"
	[ "${lines[1]}" = "1" ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $BATS_TEST_TMPDIR/d.csv:4: id: \"D1\" is a duplicate" ]
	[ "${stderr_lines[1]}" = "complaint-kpi: 3 read, 1 used, 1 rejected, 1 skipped" ]
	run --separate-stderr complaint-kpi --where nosuch=1 "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $C/complaints.csv:1: --where: no column \"nosuch\"" ]
}

@test "complaint-kpi: --report-tz places periods as --tz did; a bad zone exits 2 with the shared message" {
	# A4 2026-03-31T23:00Z is 1 April 07:00 in Shanghai
	run --separate-stderr complaint-kpi --by month -k received "$C/complaints.csv"
	[ "$(tr '\n' ' ' <<< "$output")" = "month,received 2026-03,4 2026-04,2 " ]
	run --separate-stderr complaint-kpi --report-tz Asia/Shanghai --by month -k received "$C/complaints.csv"
	[ "$(tr '\n' ' ' <<< "$output")" = "month,received 2026-03,3 2026-04,3 " ]
	want=$output
	run --separate-stderr complaint-kpi --tz Asia/Shanghai --by month -k received "$C/complaints.csv"
	[ "$output" = "$want" ]
	run --separate-stderr complaint-kpi --report-tz Mars/Olympus "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: --report-tz: \"Mars/Olympus\" is not a time zone in the tz database
Try 'complaint-kpi --help' for more information." ]
}

@test "complaint-kpi: dates through lib/date: %S.%f, DD-Mon-YY without a format, a bad format exits 2" {
	printf 'id,received,replied\nF1,2026-03-02 09:00:00.250,2026-03-02 10:00:00.5\nF2,2026-03-03 09:00:00,\n' > "$BATS_TEST_TMPDIR/f.csv"
	run --separate-stderr complaint-kpi --date-format '%Y-%m-%d %H:%M:%S.%f' -k received "$BATS_TEST_TMPDIR/f.csv"
	[ "${lines[1]}" = "1" ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $BATS_TEST_TMPDIR/f.csv:3: received: \"2026-03-03 09:00:00\" is not a date" ]
	# without --date-format: the built-in forms of every tool
	printf 'id,received\nG1,02-Mar-26\nG2,2026年4月1日\nG3,46083\n' > "$BATS_TEST_TMPDIR/g.csv"
	run --separate-stderr complaint-kpi --by month -k received "$BATS_TEST_TMPDIR/g.csv"
	# 46083 is 2026-03-02 (serial 1 = 1900-01-01, 61 = 1900-03-01)
	[ "$(tr '\n' ' ' <<< "$output")" = "month,received 2026-03,2 2026-04,1 " ]
	run --separate-stderr complaint-kpi --date-format '%q' "$BATS_TEST_TMPDIR/g.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'complaint-kpi: --date-format: "%q": %q is not a conversion it knows' ]
}

@test "complaint-kpi: --holidays dates go through lib/date: 30 February and 2026-3-1 are not dates" {
	printf '# two bad dates\n2026-02-30\n' > "$BATS_TEST_TMPDIR/h.txt"
	run --separate-stderr complaint-kpi --holidays "$BATS_TEST_TMPDIR/h.txt" "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $BATS_TEST_TMPDIR/h.txt:2: \"2026-02-30\" is not a date" ]
	printf '2026-3-1,work\n' > "$BATS_TEST_TMPDIR/h.txt"
	run --separate-stderr complaint-kpi --holidays "$BATS_TEST_TMPDIR/h.txt" "$C/complaints.csv"
	[ "$stderr" = "complaint-kpi: $BATS_TEST_TMPDIR/h.txt:1: \"2026-3-1,work\" is not a date" ]
}
