#!/usr/bin/env bats
# kpi-calc and the shared engine (issue 11): --where, --by appended,
# --report-tz's message, the shared run loop. Hand-worked on small.csv.
load helpers
bats_require_minimum_version 1.5.0

K="$TD/kpi-calc"

# small.csv: billing calls 1 2 3 4 7 (waits 5 25 3 40 20), sales 5 6 8
# (waits 10 300 15.5); wait_s>10: calls 2 4 6 7 8.
@test "kpi-calc: --where: wait_s>10 and queue=billing; the others are skipped" {
	run --separate-stderr kpi-calc --by queue --kpis offered,answered,abandoned --where 'wait_s>10' "$K/small.csv"
	[ "$status" -eq 0 ]
	# billing: 2 (answered), 4 (abandoned), 7 (answered); sales: 6
	# (timeout), 8 (answered)
	[ "$output" = "$(printf 'queue,offered,answered,abandoned\nbilling,3,2,1\nsales,2,1,0')" ]
	[ "$stderr" = "kpi-calc: 8 read, 5 used, 0 rejected, 3 skipped" ]
	run --separate-stderr kpi-calc --kpis offered,answered --where 'wait_s>10,queue=billing' "$K/small.csv"
	[ "$output" = "$(printf 'offered,answered\n3,2')" ]
	[ "$stderr" = "kpi-calc: 8 read, 3 used, 0 rejected, 5 skipped" ]
	run --separate-stderr kpi-calc --kpis offered --where 'agent~^A[13]$' --where 'outcome!=timeout' "$K/small.csv"
	# agents A1 (1, 7) and A3 (5, 8)
	[ "$output" = "$(printf 'offered\n4')" ]
}

@test "kpi-calc: --where: --jobs 2 skips and rejects the same rows as one thread" {
	f="$BATS_TEST_TMPDIR/g.csv"
	cp "$K/gen4000.csv" "$f"
	one=$(kpi-calc --by queue --where 'wait_s>=30' "$f" 2>"$BATS_TEST_TMPDIR/e1")
	two=$(kpi-calc --by queue --where 'wait_s>=30' --jobs 2 "$f" 2>"$BATS_TEST_TMPDIR/e2")
	[ "$one" = "$two" ]
	[ "$(cat "$BATS_TEST_TMPDIR/e1")" = "$(cat "$BATS_TEST_TMPDIR/e2")" ]
	# the skipped count is the rows python finds with wait_s < 30 or empty
	want=$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
def keep(r):
    try:
        return float(r["wait_s"]) >= 30
    except ValueError:
        return False
print(sum(1 for r in rows if not keep(r)))' "$f")
	grep -q ", $want skipped$" "$BATS_TEST_TMPDIR/e1"
}

@test "kpi-calc: --where: a column the file does not have exits 2 naming it" {
	run --separate-stderr kpi-calc --where 'region=EU' "$K/small.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $K/small.csv:1: --where: no column \"region\"" ]
}

@test "kpi-calc: --by given twice is appended: --by day --by queue is --by day,queue" {
	a=$(kpi-calc -q --by day,queue "$K/small.csv")
	b=$(kpi-calc -q --by day --by queue "$K/small.csv")
	[ "$a" = "$b" ]
	[ "$(head -1 <<< "$b" | cut -d, -f1,2)" = "day,queue" ]
}

@test "kpi-calc: --report-tz: an unknown zone exits 2 with the message of every tool" {
	run --separate-stderr kpi-calc --report-tz Mars/Olympus "$K/small.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: --report-tz: \"Mars/Olympus\" is not a time zone in the tz database
Try 'kpi-calc --help' for more information." ]
}

# ---- targets through lib/target, shared with complaint-kpi --------------

@test "kpi-calc and complaint-kpi: one target grammar, one breach line, one message for a bad value" {
	# asa over answered calls: billing (5 + 25 + 20) / 3 = 16.67 > 15,
	# sales (10 + 15.5) / 2 = 12.75, total 75.5 / 5 = 15.1 > 15
	run --separate-stderr kpi-calc --by queue --kpis asa --total --target 'asa <= 15s' --fail-on-breach "$K/small.csv"
	[ "$status" -eq 1 ]
	[ "$(cut -d, -f1-3 <<< "$output" | tr '\n' ' ')" = "queue,asa,asa_ok billing,16.7,no sales,12.8,yes ,15.1,no " ]
	[ "${stderr_lines[-1]}" = "kpi-calc: target asa<=15s breached in 2 of 3 rows" ]
	run --separate-stderr kpi-calc --target 'asa<=soon' "$K/small.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = 'kpi-calc: --target: "asa<=soon": "soon" is not a duration for asa' ]
	run --separate-stderr kpi-calc --target 'sl>=most' "$K/small.csv"
	[ "$stderr" = 'kpi-calc: --target: "sl>=most": "most" is not a number for sl' ]
	run --separate-stderr complaint-kpi --target 'ttr_mean<=soon' "$TD/complaint-kpi/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = 'complaint-kpi: --target: "ttr_mean<=soon": "soon" is not a duration for ttr_mean' ]
	run --separate-stderr complaint-kpi --target 'nosuch>=1' "$TD/complaint-kpi/complaints.csv"
	[ "$stderr" = 'complaint-kpi: --target: "nosuch>=1": unknown KPI "nosuch"' ]
}

@test "kpi-calc and complaint-kpi: a targets preset is named in the --manifest" {
	# the line holds the preset's SHA-256 and size, worked out here
	P="$BATS_TEST_DIRNAME/../share/telaudit/targets"
	kpi-calc -q --targets miit-15s --manifest "$BATS_TEST_TMPDIR/k.txt" "$K/small.csv" > /dev/null
	want="file=targets $(sha256sum < "$P/miit-15s" | cut -d' ' -f1) $(wc -c < "$P/miit-15s") miit-15s"
	grep -qxF "$want" "$BATS_TEST_TMPDIR/k.txt"
	complaint-kpi -q --targets miit-reply-15d --manifest "$BATS_TEST_TMPDIR/c.txt" "$TD/complaint-kpi/complaints.csv" > /dev/null
	want="file=targets $(sha256sum < "$P/miit-reply-15d" | cut -d' ' -f1) $(wc -c < "$P/miit-reply-15d") miit-reply-15d"
	grep -qxF "$want" "$BATS_TEST_TMPDIR/c.txt"
}
