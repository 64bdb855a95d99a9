#!/usr/bin/env bats
# Output formats shared by every tool (lib/out.c, SPEC 6): md, json (one
# array), jsonl, table by display width, the total marker column, JSON
# booleans. Oracles: python3's json and unicodedata modules.

load helpers

# Five queued calls, T = 20 s. "" : 1 answered within -> sl 1;
# billing: 1 answered within, 1 abandoned -> sl 0.5; 客服热线: 2 answered,
# one within -> 0.5; total 5 offered, 4 answered, 3 within -> 0.6.
setup() {
	F="$BATS_TEST_TMPDIR/calls.csv"
	cat > "$F" <<-'CSV'
	call_id,start,queue,queued,wait_s,talk_s,outcome
	1,2026-03-01T08:00:00Z,客服热线,1,5,60,answered
	2,2026-03-01T08:01:00Z,客服热线,1,30,60,answered
	3,2026-03-01T08:02:00Z,billing,1,10,60,answered
	4,2026-03-01T08:03:00Z,billing,1,50,0,abandoned
	5,2026-03-01T08:04:00Z,,1,5,60,answered
	CSV
	KPI=(kpi-calc -q --by queue --kpis offered,answered,sl --sl-threshold 20 --total)
}

@test "formats: --format json is one array: numbers, booleans, null keys, the total field" {
	run "${KPI[@]}" --target 'sl>=0.6' --format json "$F"
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
for r in rows:
    print(repr(r["queue"]), type(r["offered"]).__name__, r["offered"], r["answered"], r["sl"], r["sl_ok"], r["total"])
' <(printf '%s\n' "$output")
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "None int 1 1 1.0 True False" ]
	[ "${lines[1]}" = "'billing' int 2 1 0.5 False False" ]
	[ "${lines[2]}" = "'客服热线' int 2 2 0.5 False False" ]
	[ "${lines[3]}" = "None int 5 4 0.6 True True" ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "formats: --format json with no rows is an empty array" {
	head -1 "$F" > "$BATS_TEST_TMPDIR/h.csv"
	run kpi-calc -q --by queue --format json "$BATS_TEST_TMPDIR/h.csv"
	[ "$output" = "[]" ]
	python3 -c 'import json,sys; assert json.loads(sys.argv[1]) == []' "$output"
}

@test "formats: --format jsonl: one object per line, the same objects as json" {
	"${KPI[@]}" --target 'sl>=0.6' --format json "$F" > "$BATS_TEST_TMPDIR/a.json"
	"${KPI[@]}" --target 'sl>=0.6' --format jsonl "$F" > "$BATS_TEST_TMPDIR/a.jsonl"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/a.jsonl")" -eq 4 ]
	python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
b = [json.loads(l) for l in open(sys.argv[2])]
assert a == b, (a, b)
' "$BATS_TEST_TMPDIR/a.json" "$BATS_TEST_TMPDIR/a.jsonl"
}

@test "formats: csv: the total row has empty keys and total=yes" {
	run "${KPI[@]}" "$F"
	[ "${lines[0]}" = "queue,offered,answered,sl,total" ]
	[ "${lines[1]}" = ",1,1,1.0000,no" ]
	[ "${lines[4]}" = ",5,4,0.6000,yes" ]
}

@test "formats: --format md: header, alignment row, (none), total, escaped pipe" {
	sed -i 's/^3,\(.*\),billing,/3,\1,a|b,/' "$F"
	run "${KPI[@]}" --format md "$F"
	[ "$status" -eq 0 ]
	run grep '^|' <<< "$output"
	[ "${lines[0]}" = "| queue | offered | answered | sl |" ]
	[ "${lines[1]}" = "| --- | ---: | ---: | ---: |" ]
	[ "${lines[2]}" = "| (none) | 1 | 1 | 1.0000 |" ]
	[ "${lines[3]}" = '| a\|b | 1 | 1 | 1.0000 |' ]
	[ "${lines[4]}" = "| billing | 1 | 0 | 0.0000 |" ]
	[ "${lines[5]}" = "| 客服热线 | 2 | 2 | 0.5000 |" ]
	[ "${lines[6]}" = "| total | 5 | 4 | 0.6000 |" ]
	[ "${#lines[@]}" -eq 7 ]
}

@test "formats: --format md: the method lines become a list above the table" {
	run kpi-calc -q --by queue --kpis offered,sl --format md "$F"
	[[ "${lines[0]}" == "- kpi-calc "* ]]
	grep -qx -- '- sl_formula=exclude-short: .*' <<< "$output"
	grep -qx -- '| queue | offered | sl |' <<< "$output"
}

# Display width from python's unicodedata (East Asian Wide/Full = 2): the
# right-aligned last column ends in the same display column on every line.
@test "formats: --format table aligns Chinese queue names by display width" {
	run "${KPI[@]}" --format table "$F"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -v '^#' > "$BATS_TEST_TMPDIR/t"
	run python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
print(sorted(set(w(l) for l in lines)), len(set(len(l.encode()) for l in lines)) > 1)
for l in lines: print(l.split("  ")[0].rstrip())
' "$BATS_TEST_TMPDIR/t"
	# widths: queue 8 (客服热线), offered 7, answered 8, sl 6, 3 gaps of 2
	[ "${lines[0]}" = "[35] True" ]
	[ "${lines[1]}" = "queue" ]
	[ "${lines[2]}" = "(none)" ]
	[ "${lines[3]}" = "billing" ]
	[ "${lines[4]}" = "客服热线" ]
	[ "${lines[5]}" = "total" ]
}

@test "formats: survey-score --format json: the total row is marked, keys null" {
	printf 'region,ltr\nA,10\nA,9\nB,0\n,7\n' > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr survey-score -q --nps ltr --by region --total --format json "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	# "": {7} nps 0; A {10,9} 100; B {0} -100; all: P 2/4 D 1/4 -> 25
	run python3 -c '
import json, sys
for r in json.loads(sys.argv[1]): print(r["region"], r["n"], r["nps"], r["total"])
' "$output"
	[ "${lines[*]}" = "None 1 0.0 False A 2 100.0 False B 1 -100.0 False None 4 25.0 True" ]
}

@test "formats: cdr-parse --format json: one array with a record per call" {
	run cdr-parse -q -f asterisk-csv --tz UTC --format json "$TD/cdr-parse/queue.csv"
	[ "$status" -eq 0 ]
	n=$(cdr-parse -q -f asterisk-csv --tz UTC "$TD/cdr-parse/queue.csv" | tail -n +2 | wc -l)
	run python3 -c '
import json, sys
rows = json.loads(sys.argv[1])
print(len(rows), rows[0]["source"], type(rows[0]["talk_s"]).__name__)
' "$output"
	[ "$output" = "$n asterisk-csv int" ]
}

@test "formats: complaint-classify --format md and json" {
	printf 'id,text\n1,my bill is wrong\n' > "$BATS_TEST_TMPDIR/c.csv"
	run complaint-classify -q --text text --id id --format json "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 0 ]
	python3 -c 'import json,sys; r = json.loads(sys.argv[1]); assert len(r) == 1 and r[0]["id"] == "1" and r[0]["category"] == "billing" and isinstance(r[0]["score"], int), r' "$output"
	run complaint-classify -q --text text --id id --format md "$BATS_TEST_TMPDIR/c.csv"
	[ "${lines[0]}" = "| id | category | tier | score | matched |" ]
	[ "${lines[1]}" = "| --- | --- | --- | ---: | --- |" ]
	[[ "${lines[2]}" == "| 1 | "* ]]
}

@test "formats: an unknown --format names every format" {
	run --separate-stderr kpi-calc --format xml "$F"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'kpi-calc: --format: "xml" is not one of csv, tsv, table, md, json, jsonl' ]
}
