#!/usr/bin/env bats
# kpi-calc: SPEC 3 KPIs, checked against hand-worked small inputs and an
# sqlite3 oracle (testdata/kpi-calc/oracle.sql) on a generated file.
load helpers
bats_require_minimum_version 1.5.0

K="$TD/kpi-calc"

# small.csv, by hand (T = 20 s):
#  2026-03-01 billing: calls 1-4: answered 1 (wait 5) and 2 (wait 25),
#    abandoned 3 (3 s) and 4 (40 s); sl = 1 within / 4 = 0.25,
#    asa = (5+25)/2 = 15, p50 rank ceil(1) = 5, p90 rank ceil(1.8)=2 -> 25,
#    aht = (100+0+10 + 200+20+30)/2 = 180, att = 150, transfer 1/2
#  2026-03-01 sales: answered 5 (wait 10, hold/wrap empty = 0), timeout 6
@test "kpi-calc: --by day,queue: hand-worked contact-centre KPIs" {
	run kpi-calc -q --by day,queue --percentiles 50,90 "$K/small.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "day,queue,offered,answered,abandoned,short_abandoned,timeout,answer_rate,abandon_rate,sl,asa,wait_p50,wait_p90,wait_n,max_wait,aht,att,transfer_rate" ]
	[ "${lines[1]}" = "2026-03-01,billing,4,2,2,0,0,0.5000,0.5000,0.2500,15.0,5.0,25.0,2,40.0,180.0,150.0,0.5000" ]
	[ "${lines[2]}" = "2026-03-01,sales,2,1,0,0,1,0.5000,0.0000,0.5000,10.0,10.0,10.0,1,300.0,60.0,60.0,0.0000" ]
	[ "${lines[3]}" = "2026-03-02,billing,1,1,0,0,0,1.0000,0.0000,1.0000,20.0,20.0,20.0,1,20.0,60.0,50.0,0.0000" ]
	[ "${lines[4]}" = "2026-03-02,sales,1,1,0,0,0,1.0000,0.0000,1.0000,15.5,15.5,15.5,1,15.5,100.0,80.0,1.0000" ]
	[ "${#lines[@]}" -eq 5 ]
}

# total: 8 offered, 5 answered; asa = (5+25+10+20+15.5)/5 = 15.1;
# aht = (110+250+60+60+100)/5 = 116; sl = 4 within (5,10,20,15.5)/8 = 0.5
@test "kpi-calc: --total: a total row over all groups" {
	run kpi-calc -q --by queue --total --kpis offered,answered,sl,asa,aht "$K/small.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "queue,offered,answered,sl,asa,aht,total" ]
	[[ "${lines[1]}" == *,no ]]
	[ "${lines[3]}" = ",8,5,0.5000,15.1,116.0,yes" ]
}

# FCR, W = 24 h: billing answered 1 (caller 111 at 03-01 08:00, calls again
# 08:03: repeated), 2 (222, next call 27 h later: not), 7 (111, no later
# call): 2/3 = 0.6667. sales: 5 (444) and 8 (222): none repeated = 1.
@test "kpi-calc: fcr: repeat calls of the same caller within the window" {
	run kpi-calc -q --by queue --kpis fcr "$K/small.csv"
	[ "${lines[1]}" = "billing,0.6667" ]
	[ "${lines[2]}" = "sales,1.0000" ]
	# W = 28 h: call 2's caller 222 returns after 27 h -> 1/3
	run kpi-calc -q --by queue --kpis fcr --fcr-window 28h "$K/small.csv"
	[ "${lines[1]}" = "billing,0.3333" ]
	# W = 2 min: 111 returns after 3 min -> nothing repeated
	run kpi-calc -q --by queue --kpis fcr --fcr-window 2m "$K/small.csv"
	[ "${lines[1]}" = "billing,1.0000" ]
}

# sl.csv, T = 20 s, S = 5 s: answered waits 5 10 20 30 (3 within),
# abandoned 2 4 (short) 15 (within T) 25 60 (after T), 1 timeout; 10 offered
@test "kpi-calc: --sl-formula exclude-short: 3 / (10 - 2) = 0.375" {
	run kpi-calc -q --short-abandon 5 --kpis sl,short_abandoned,abandon_rate "$K/sl.csv"
	[ "${lines[1]}" = "0.3750,2,0.3750" ]
}

@test "kpi-calc: --sl-formula offered: 3 / 10" {
	run kpi-calc -q --short-abandon 5 --sl-formula offered --kpis sl "$K/sl.csv"
	[ "${lines[1]}" = "0.3000" ]
}

@test "kpi-calc: --sl-formula answered: denominator is answered calls" {
	run kpi-calc -q --sl-formula answered --kpis sl "$K/sl.csv"
	[ "${lines[1]}" = "0.7500" ]
}

@test "kpi-calc: --sl-formula abandon-within: (3 + 3) / 10" {
	run kpi-calc -q --sl-formula abandon-within --kpis sl "$K/sl.csv"
	[ "${lines[1]}" = "0.6000" ]
}

@test "kpi-calc: --sl-formula abandon-after: 3 / (4 + 2)" {
	run kpi-calc -q --sl-formula abandon-after --kpis sl "$K/sl.csv"
	[ "${lines[1]}" = "0.5000" ]
}

@test "kpi-calc: --sl-threshold: 30s counts the 30 s answer as within" {
	# 4 within / 10 offered (S = 0: nothing short)
	run kpi-calc -q --sl-threshold 30s --kpis sl "$K/sl.csv"
	[ "${lines[1]}" = "0.4000" ]
	run kpi-calc -q --sl-threshold 0.5m --kpis sl "$K/sl.csv"
	[ "${lines[1]}" = "0.4000" ]
}

@test "kpi-calc: --short-abandon: default 0 counts no abandon as short" {
	# abandon_rate = 5 / 10
	run kpi-calc -q --kpis short_abandoned,abandon_rate "$K/sl.csv"
	[ "${lines[1]}" = "0,0.5000" ]
}

# network.csv: 9 attempts, 4 answered, ner = 4 + busy + noanswer +
# rejected = 7 / 9; acd = (60+30+90+20)/4 = 50; known ring 2 3 4 1 10 5 6:
# mean 31/7 = 4.43, p50 rank 4 -> 4, p90 rank ceil(6.3) = 7 -> 10;
# drop: causes 16 31 41 known among answered -> 1/3
@test "kpi-calc: --kpis network: asr, ner, acd, pdd, drop_rate" {
	run kpi-calc -q --kpis network --percentiles 50,90 "$K/network.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "attempts,asr,ner,acd,pdd_mean,pdd_p50,pdd_p90,drop_rate" ]
	[ "${lines[1]}" = "9,0.4444,0.7778,50.0,4.4,4.0,10.0,0.3333" ]
}

@test "kpi-calc: empty denominators print empty, never 0" {
	# lonely: one timeout with no wait (no wait_s known: sl is empty, not
	# 0); quit: one abandon; one: one answer
	run kpi-calc -q --by queue --kpis offered,answer_rate,sl,asa,aht,transfer_rate,max_wait,wait_p90,fcr,pdd_mean,drop_rate "$K/empty.csv"
	[ "${lines[1]}" = "lonely,1,0.0000,,,,,,,,," ]
	[ "${lines[3]}" = "quit,1,0.0000,0.0000,,,,7.0,,,," ]
	run kpi-calc -q --by queue --sl-formula answered --kpis sl "$K/empty.csv"
	[ "${lines[1]}" = "lonely," ]
	[ "${lines[2]}" = "one,1.0000" ]
}

@test "kpi-calc: a group with one call" {
	# one: wait 12.25 (exact in binary: printf rounds the tie to even)
	run kpi-calc -q --by queue --kpis offered,asa,wait_p90,att --precision 2 "$K/empty.csv"
	[ "${lines[2]}" = "one,1,12.25,12.25,30.50" ]
}

@test "kpi-calc: header only: no groups; --total has empty rates" {
	run kpi-calc -q --total --kpis offered,sl,asa < <(head -1 "$K/small.csv")
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "offered,sl,asa,total" ]
	[ "${lines[1]}" = "0,,,yes" ]
}

@test "kpi-calc: --by day --report-tz: DST days are 23 and 25 hours" {
	# dst.csv: one answered call every 30 min (UTC) around both changes
	run kpi-calc -q --kpis attempts --by day --report-tz Europe/Berlin "$K/dst.csv"
	[ "${lines[2]}" = "2026-03-29,46" ]
	[ "${lines[5]}" = "2026-10-25,50" ]
	run kpi-calc -q --kpis attempts --by day --report-tz UTC "$K/dst.csv"
	[ "${lines[2]}" = "2026-03-29,48" ]
}

@test "kpi-calc: --by hour: the repeated hour is two groups with offsets" {
	run kpi-calc -q --kpis attempts --by hour --report-tz Europe/Berlin "$K/dst.csv"
	echo "$output" | grep -qx '2026-10-25T02:00+02:00,2'
	echo "$output" | grep -qx '2026-10-25T02:00+01:00,2'
	# the skipped hour does not exist
	! echo "$output" | grep -q '2026-03-29T02:00'
	echo "$output" | grep -qx '2026-03-29T03:00+02:00,2'
}

@test "kpi-calc: --by interval:4h: a local interval spans the DST change" {
	# 00:00-04:00 local is 3 h on 03-29 and 5 h on 10-25
	run kpi-calc -q --kpis attempts --by interval:4h --report-tz Europe/Berlin "$K/dst.csv"
	echo "$output" | grep -qx '2026-03-29T00:00+01:00,6'
	echo "$output" | grep -qx '2026-10-25T00:00+02:00,10'
	run kpi-calc -q --kpis offered --by interval:15m "$K/small.csv"
	[ "${lines[1]}" = "2026-03-01T08:00Z,4" ]
}

@test "kpi-calc: --by week,month,quarter,year: ISO weeks and labels" {
	# 2026-03-28/29 are Sat/Sun of ISO week 13; 03-30 is Monday of W14
	run kpi-calc -q --kpis attempts --by week,month,quarter,year --report-tz Europe/Berlin "$K/dst.csv"
	[ "${lines[1]}" = "2026-W13,2026-03,2026-Q1,2026,52" ]
	[ "${lines[2]}" = "2026-W14,2026-03,2026-Q1,2026,8" ]
}

@test "kpi-calc: --by: groups sorted whatever the input order" {
	a=$(kpi-calc -q --by queue,day "$K/small.csv")
	b=$( (head -1 "$K/small.csv"; tail -n +2 "$K/small.csv" | sort -r) | kpi-calc -q --by queue,day)
	[ "$a" = "$b" ]
}

@test "kpi-calc: --ci: Wilson interval columns for rates" {
	# answer_rate 5/8 at 95 %: python3 Wilson gives 0.3057 .. 0.8632
	run kpi-calc -q --kpis answer_rate --ci 0.95 "$K/small.csv"
	[ "${lines[0]}" = "answer_rate,answer_rate_lo,answer_rate_hi" ]
	exp=$(python3 -c 'from statistics import NormalDist as N
import math
k,n=5,8; z=N().inv_cdf(0.975); p=k/n; d=1+z*z/n
m=(p+z*z/(2*n))/d; h=z/d*math.sqrt(p*(1-p)/n+z*z/(4*n*n))
print("%.4f,%.4f,%.4f"%(p,m-h,m+h))')
	[ "${lines[1]}" = "$exp" ]
}

@test "kpi-calc: --target: <kpi>_ok column and --fail-on-breach exit 1" {
	run kpi-calc -q --by day --kpis sl --target 'sl>=0.5' "$K/small.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "day,sl,sl_ok" ]
	# 03-01: 2 within (5, 10) / 6 = 0.3333
	[ "${lines[1]}" = "2026-03-01,0.3333,no" ]
	[ "${lines[2]}" = "2026-03-02,1.0000,yes" ]
	run kpi-calc -q --by day --kpis sl --target 'sl>=0.5' --fail-on-breach "$K/small.csv"
	[ "$status" -eq 1 ]
	run kpi-calc -q --by day --kpis sl --target 'sl >= 0.3' --target 'asa<=20s' --fail-on-breach "$K/small.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "day,sl,asa,sl_ok,asa_ok" ]
}

@test "kpi-calc: --targets: preset miit-15s sets T = 15 s" {
	run kpi-calc -q --kpis sl --targets miit-15s "$K/sl.csv"
	[ "$status" -eq 0 ]
	# T = 15: answered within 5 10 -> 2 / 10 (offered formula of the preset)
	[ "${lines[0]}" = "sl,sl_ok" ]
	[ "${lines[1]}" = "0.2000,no" ]
	run --separate-stderr kpi-calc -q --kpis sl --targets miit-15s --sl-threshold 20 "$K/sl.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"sets sl_threshold 15, but --sl-threshold sets 20"* ]]
}

@test "kpi-calc: --targets: a file with comments" {
	f="$BATS_TEST_TMPDIR/t"
	printf '# ours\n\nanswer_rate >= 0.6\n--sl-threshold 30s\n' > "$f"
	run kpi-calc -q --kpis sl --targets "$f" "$K/sl.csv"
	[ "${lines[0]}" = "sl,answer_rate,answer_rate_ok" ]
	[ "${lines[1]}" = "0.4000,0.4000,no" ]
}

@test "kpi-calc: --manifest and table comments record the method" {
	m="$BATS_TEST_TMPDIR/m"
	run kpi-calc -q --format table --sl-formula offered --sl-threshold 15 --manifest "$m" "$K/sl.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *"# sl_formula=offered: sl = answered within T / offered"* ]]
	[[ "$output" == *"# sl_threshold=15s (within T: wait_s <= T)"* ]]
	grep -qx 'method=sl_formula=offered: sl = answered within T / offered' "$m"
	grep -qx 'method=report_tz=UTC' "$m"
	grep -qx 'rows=10 read, 10 used, 0 rejected, 0 skipped' "$m"
	# csv has no comments
	run kpi-calc -q --kpis sl "$K/sl.csv"
	[ "${lines[0]}" = "sl" ]
}

@test "kpi-calc: --format jsonl: numbers bare, empty as null" {
	run kpi-calc -q --format jsonl --by queue --kpis offered,asa "$K/empty.csv"
	[ "${lines[0]}" = '{"queue":"lonely","offered":1,"asa":null}' ]
}

@test "kpi-calc: --merge: 3 parts merge into exactly the single-run table" {
	d="$BATS_TEST_TMPDIR"
	f="$K/gen4000.csv"
	head -1 "$f" > "$d/h"
	tail -n +2 "$f" | split -l 1400 - "$d/p"
	for p in "$d"/pa?; do
		cat "$d/h" "$p" > "$p.csv"
		kpi-calc -q --by day,queue --state-out "$p.st" "$p.csv"
	done
	kpi-calc -q --by day,queue --percentiles 50,90 --total --ci 0.9 --format table "$f" > "$d/single"
	kpi-calc --merge --percentiles 50,90 --total --ci 0.9 --format table "$d"/pa?.st > "$d/merged"
	[ "$(wc -l < "$d/single")" -gt 500 ]
	cmp "$d/single" "$d/merged"
}

@test "kpi-calc: --merge: states with different parameters are refused" {
	d="$BATS_TEST_TMPDIR"
	kpi-calc -q --state-out "$d/a" "$K/sl.csv"
	kpi-calc -q --sl-threshold 10 --state-out "$d/b" "$K/sl.csv"
	run --separate-stderr kpi-calc --merge "$d/a" "$d/b"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/b: state has sl_threshold 10, but $d/a sets 20" ]
	run --separate-stderr kpi-calc --merge "$K/sl.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $K/sl.csv:1: not a kpi-calc state file" ]
}

@test "kpi-calc: --merge: fcr when the parts were split by caller" {
	d="$BATS_TEST_TMPDIR"
	f="$K/gen4000.csv"
	head -1 "$f" > "$d/h"
	for i in 0 1 2; do
		{ cat "$d/h"; tail -n +2 "$f" | awk -F, -v i=$i 'substr($5, length($5)) % 3 == i'; } > "$d/c$i.csv"
		kpi-calc -q --by queue --kpis fcr --state-out "$d/c$i.st" "$d/c$i.csv"
	done
	kpi-calc -q --by queue --kpis fcr,offered "$f" > "$d/single"
	kpi-calc --merge --kpis fcr,offered "$d"/c?.st > "$d/merged"
	cmp "$d/single" "$d/merged"
}

# A queued column for a generated file: every 7th record 0 (direct or
# outbound), every 11th empty (queued because it has a queue), every 13th
# also without a queue (empty queued, no queue: not queued).
add_queued() {
	awk -F, -v OFS=, 'NR == 1 { print $0, "queued"; next }
		{ q = NR % 7 == 0 ? "0" : NR % 11 == 0 ? "" : "1"
		  if (NR % 13 == 0) { $3 = ""; q = "" }
		  print $0, q }' "$1"
}

@test "kpi-calc: oracle: sqlite3 agrees on every KPI of 4000 generated calls" {
	command -v sqlite3 || skip "no sqlite3"
	d="$BATS_TEST_TMPDIR"
	add_queued "$K/gen4000.csv" > "$d/g.csv"
	sqlite3 "$d/o.db" ".import --csv $d/g.csv raw" ".read $K/oracle.sql" > "$d/oracle"
	kpi-calc -q --by day,queue --short-abandon 5 --precision 10 \
		--kpis offered,answered,abandoned,short_abandoned,timeout,answer_rate,abandon_rate,sl,asa,wait_p90,max_wait,aht,att,transfer_rate,fcr \
		"$d/g.csv" > "$d/kpi"
	run python3 "$K/cmpcsv.py" "$d/oracle" "$d/kpi"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "585 rows equal" ]
}

@test "kpi-calc: oracle: a fresh 20000-row file from gen_calls.py" {
	gen="$BATS_TEST_DIRNAME/../../shared/bench/gen_calls.py"
	[ -f "$gen" ] || skip "../shared is absent"
	d="$BATS_TEST_TMPDIR"
	python3 "$gen" 20000 "$d/g.csv" --seed 7
	add_queued "$d/g.csv" > "$d/f.csv"
	sqlite3 "$d/o.db" ".import --csv $d/f.csv raw" ".read $K/oracle.sql" > "$d/oracle"
	kpi-calc -q --by day,queue --short-abandon 5 --precision 10 \
		--kpis offered,answered,abandoned,short_abandoned,timeout,answer_rate,abandon_rate,sl,asa,wait_p90,max_wait,aht,att,transfer_rate,fcr \
		"$d/f.csv" > "$d/kpi"
	run python3 "$K/cmpcsv.py" "$d/oracle" "$d/kpi"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "kpi-calc: bad values: one reject each with file:line" {
	run --separate-stderr kpi-calc --kpis offered "$K/bad.csv"
	[ "$status" -eq 0 ]
	[ "$output" = $'offered\n1' ]
	exp="kpi-calc: $K/bad.csv:2: wait_s: \"12,5\" is not a number
kpi-calc: $K/bad.csv:3: outcome: \"hungup\" is not an outcome
kpi-calc: $K/bad.csv:4: 4 fields, the header has 5
kpi-calc: $K/bad.csv:5: start: \"2026-03-01 08:00:00\" is not a UTC time
kpi-calc: $K/bad.csv:6: wait_s: \"-4\" is negative
kpi-calc: 6 read, 1 used, 5 rejected"
	[ "$stderr" = "$exp" ]
	run kpi-calc -q --strict "$K/bad.csv"
	[ "$status" -eq 4 ]
}

@test "kpi-calc: --rejects: each rejected row written as CSV" {
	r="$BATS_TEST_TMPDIR/rej"
	run kpi-calc -q --rejects "$r" "$K/bad.csv"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'bad.csv' "$r")" -eq 5 ]
}

@test "kpi-calc: a missing required column exits 2 naming it" {
	run --separate-stderr kpi-calc "$K/nostart.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $K/nostart.csv:1: missing required column \"start\"" ]
	run --separate-stderr kpi-calc "$K/nooutcome.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $K/nooutcome.csv:1: missing required column \"outcome\"" ]
	run --separate-stderr kpi-calc --by agent "$K/sl.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $K/sl.csv:1: no column \"agent\" for --by" ]
}

@test "kpi-calc: usage errors exit 2" {
	run --separate-stderr kpi-calc --sl-formula nope "$K/sl.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: --sl-formula: \"nope\" is not one of exclude-short, offered, answered, abandon-within, abandon-after" ]
	run kpi-calc --kpis bogus "$K/sl.csv"
	[ "$status" -eq 2 ]
	run kpi-calc --by interval:7m "$K/sl.csv"
	[ "$status" -eq 2 ]
	run kpi-calc --report-tz Mars/Olympus "$K/sl.csv"
	[ "$status" -eq 2 ]
	run kpi-calc --percentiles 0 "$K/sl.csv"
	[ "$status" -eq 2 ]
	run kpi-calc --target 'sl~1' "$K/sl.csv"
	[ "$status" -eq 2 ]
}

@test "kpi-calc: nothing lost: read = used + rejected on odd input" {
	f="$BATS_TEST_TMPDIR/odd"
	{ head -3 "$K/small.csv"; printf '9,2026-03-01T09:00:00Z,q,,x\0y,1,1,0,0,answered,0\n'; printf '"unterminated,2026\n'; } > "$f"
	run --separate-stderr kpi-calc --kpis offered "$f"
	[[ "$stderr" == *"kpi-calc: "*" read, "*" used, "*" rejected"* ]]
	set -- $(echo "${stderr##*kpi-calc: }" | tr -d ',')
	[ "$1" -eq $(( $3 + $5 )) ]
}

@test "kpi-calc: scripts/kpi-parallel: parallel parts merge into the single-run table" {
	command -v parallel || skip "no GNU parallel"
	p="$BATS_TEST_DIRNAME/../scripts/kpi-parallel"
	f="$K/gen4000.csv"
	run "$p" -j 2 -P 3 -q --by day,queue --percentiles 90 --total --format table "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "$(kpi-calc -q --by day,queue --percentiles 90 --total --format table "$f")" ]
	# fcr: the parts are split by caller
	run "$p" -j 2 -q --by queue --kpis offered,fcr "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "$(kpi-calc -q --by queue --kpis offered,fcr "$f")" ]
	# the --sshlogin path, with ":" (this machine) as the host
	run --separate-stderr "$p" -S : -j 2 -q --by queue --kpis offered,sl "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "$(kpi-calc -q --by queue --kpis offered,sl "$f")" ]
}

@test "kpi-calc: --jobs: threads give the single-run table and rejects" {
	d="$BATS_TEST_TMPDIR"
	f="$K/gen4000.csv"
	# a copy with bad rows spread over the file
	awk 'NR == 700 { print "x,2026-03-01T00:00:00Z,q,,1,1,0,0,0,answered,0" }
	     NR == 2500 { print "y,2026-03-01T00:00:00Z,q,,1,bad,0,0,0,answered,0" }
	     NR == 3900 { print "z,2026-03-01T00:00:00Z,q" } { print }' "$f" > "$d/in.csv"
	run --separate-stderr kpi-calc --by day,queue --percentiles 90 --total "$d/in.csv"
	one_out=$output one_err=$stderr
	run --separate-stderr kpi-calc -j 3 --by day,queue --percentiles 90 --total "$d/in.csv"
	[ "$output" = "$one_out" ]
	[ "$stderr" = "$one_err" ]
	[[ "$stderr" == *"in.csv:2501: wait_s: \"bad\" is not a number"* ]]
	[[ "$stderr" == *"in.csv:3902: 3 fields, the header has 11"* ]]
	[[ "$stderr" == *"4003 read, 4001 used, 2 rejected"* ]]
}

@test "kpi-calc: --by column: a key with a NUL byte is rejected" {
	f="$BATS_TEST_TMPDIR/nul"
	{ head -2 "$K/small.csv"; printf '9,2026-03-01T09:00:00Z,q\0r,,5,1,1,0,0,answered,0\n'; } > "$f"
	run --separate-stderr kpi-calc --by queue --kpis offered "$f"
	[ "$output" = $'queue,offered\nbilling,1' ]
	[ "$stderr" = "kpi-calc: $f:3: queue: contains a NUL byte
kpi-calc: 2 read, 1 used, 1 rejected" ]
}

@test "kpi-calc: --merge: a targets file's parameters must match the states" {
	d="$BATS_TEST_TMPDIR"
	kpi-calc -q --state-out "$d/a" "$K/sl.csv"
	run --separate-stderr kpi-calc --merge --targets miit-15s "$d/a"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "kpi-calc: $d/a: state has sl_threshold 20, but "*"miit-15s:5 sets 15" ]]
	kpi-calc -q --targets miit-15s --state-out "$d/b" "$K/sl.csv"
	run kpi-calc --merge --targets miit-15s --kpis sl "$d/b"
	[ "$output" = $'sl,sl_ok\n0.2000,no' ]
}

@test "kpi-calc: oracle: sqlite3 agrees on the five --sl-formula variants" {
	command -v sqlite3 || skip "no sqlite3"
	d="$BATS_TEST_TMPDIR"
	f="$K/gen4000.csv"
	sqlite3 "$d/o.db" ".import --csv $f raw" ".read $K/oracle-sl.sql" > "$d/oracle"
	kpi-calc -q --by day,queue "$f" --kpis offered | tail -n +2 | cut -d, -f1,2 > "$d/kpi"
	for v in exclude-short offered answered abandon-within abandon-after; do
		kpi-calc -q --by day,queue --short-abandon 5 --sl-formula $v --precision 10 --kpis sl "$f" | tail -n +2 | cut -d, -f3 > "$d/col"
		paste -d, "$d/kpi" "$d/col" > "$d/t" && mv "$d/t" "$d/kpi"
	done
	run python3 "$K/cmpcsv.py" "$d/oracle" "$d/kpi"
	echo "$output"
	[ "$output" = "557 rows equal" ]
}
