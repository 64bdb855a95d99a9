#!/usr/bin/env bats
# The digit formatting of instants and seconds (lib/tm.c tm_put_iso,
# lib/num.c num_put_ms / num_put_i64) is written by hand for speed;
# tests/fmt-diff.c holds it against snprintf on edge and random values.

load helpers

FMT="$TELAUDIT_BIN/../testbin/fmt-diff"

@test "fmt: hand-written instants, seconds and integers agree with printf" {
	run "$FMT" 1 200000
	[ "$status" -eq 0 ]
	# 22 x 22 edge pairs, the random values, then 4 walks of close
	# instants (the hour tm_put_iso keeps is reused and left)
	[ "$output" = "1000484 values: agree" ]
	run "$FMT" 2 200000
	[ "$status" -eq 0 ]
	[ "$output" = "1000484 values: agree" ]
}

@test "fmt: instants and seconds by hand in cdr-parse output" {
	# 2026-03-01 00:00:00 + 0.250 s answer, end 1 h 2 min 3.5 s later,
	# billsec 3723.5: written as the wire form and trimmed seconds
	printf '%s\n' 'call_id,start,answer,end,outcome,talk_s' \
		'c1,2026-03-01T00:00:00Z,2026-03-01T00:00:00.250Z,2026-03-01T01:02:03.500Z,answered,3723.25' \
		> "$BATS_TEST_TMPDIR/in.csv"
	run cdr-parse -q -f generic "$BATS_TEST_TMPDIR/in.csv"
	[ "$status" -eq 0 ]
	# the columns by header name (the record may gain columns)
	got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c["start"], $c["answer"], $c["end"], $c["talk_s"], $c["wait_s"] "|" }' <<< "$output")
	[ "$got" = "2026-03-01T00:00:00Z 2026-03-01T00:00:00.250Z 2026-03-01T01:02:03.500Z 3723.25 |" ]
}

@test "fmt: cdr-parse csv rows written in one buffer quote commas and quotes (python csv reads them back)" {
	printf '%s\n' 'call_id,start,end,outcome,caller,queue,agent' \
		'"a,1",2026-03-01T00:00:00Z,2026-03-01T00:01:00Z,noanswer,"x""y",q z,"S,IP"' \
		'b,2026-03-01T00:00:00Z,2026-03-01T00:01:00Z,noanswer,plain,,' \
		> "$BATS_TEST_TMPDIR/q.csv"
	cdr-parse -q -f generic "$BATS_TEST_TMPDIR/q.csv" > "$BATS_TEST_TMPDIR/out.csv"
	run python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for r in rows:
    print("|".join([r["call_id"], r["caller"], r["queue"], r["agent"], r["channel"], r["outcome"]]))
' "$BATS_TEST_TMPDIR/out.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 'a,1|x"y|q z|S,IP|voice|noanswer' ]
	[ "${lines[1]}" = 'b|plain|||voice|noanswer' ]
	# and the raw bytes of the first record's quoted cells
	grep -q '^"a,1",generic,.*,"x""y",,q z,"S,IP",voice,' "$BATS_TEST_TMPDIR/out.csv"
}
