#!/usr/bin/env bats
# Issue 16: the readers lose nothing without a word. A stray quote, a
# quoted line break at a --jobs cut, NUL bytes. Expected values are
# worked by hand or computed by python3 over the same rows.

load helpers

H=call_id,start,queue,wait_s,outcome

# $1 rows of calls, wait_s = row number % 50; a stray quote opens the
# queue of row $2 (0: none).
stray() {
	python3 - "$1" "$2" <<'PY'
import sys
n, bad = int(sys.argv[1]), int(sys.argv[2])
print("call_id,start,queue,wait_s,outcome")
for i in range(1, n + 1):
    q = '"q' if i == bad else 'q'
    print(f"{i},2026-03-01T08:00:00Z,{q},{i % 50},answered")
PY
}

@test "harden-read: one stray quote: its line is rejected, the lines after it are read again and counted" {
	f="$BATS_TEST_TMPDIR/s.csv"
	{ echo "$H"
	  echo '1,2026-03-01T08:00:00Z,q,1,answered'
	  echo '2,2026-03-01T08:00:00Z,"q,2,answered'
	  echo '3,2026-03-01T08:00:00Z,q,3,answered'
	  echo '4,2026-03-01T08:00:00Z,q,4,answered'
	  echo '5,2026-03-01T08:00:00Z,q,5,answered'; } > "$f"
	run --separate-stderr kpi-calc --rejects "$BATS_TEST_TMPDIR/r.csv" "$f"
	[ "$status" -eq 0 ]
	# rows 1, 3, 4, 5 used: waits 1+3+4+5 = 13 over 4, the longest 5
	[ "${lines[1]}" = "4,4,0,0,0,1.0000,0.0000,1.0000,3.2,4,5.0,0.0,0.0," ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:3: unterminated quoted field: the 3 lines after it read again as rows" ]
	[ "${stderr_lines[1]}" = "kpi-calc: 5 read, 4 used, 1 rejected" ]
	[ "$(sed -n 2p "$BATS_TEST_TMPDIR/r.csv")" = "$f,3,unterminated quoted field: the 3 lines after it read again as rows," ]
	# before the fix: 1 read, 0 used, 1 rejected, four valid rows never counted
}

@test "harden-read: a stray quote with CRLF and no final line break; one on the last line" {
	f="$BATS_TEST_TMPDIR/s.csv"
	printf '%s\r\n1,2026-03-01T08:00:00Z,q,1,answered\r\n2,2026-03-01T08:00:00Z,"q,2,answered\r\n3,2026-03-01T08:00:00Z,q,3,answered\r\n4,2026-03-01T08:00:00Z,q,4,answered' "$H" > "$f"
	run --separate-stderr kpi-calc "$f"
	[ "${lines[1]}" = "3,3,0,0,0,1.0000,0.0000,1.0000,2.7,3,4.0,0.0,0.0," ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:3: unterminated quoted field: the 2 lines after it read again as rows" ]
	[ "${stderr_lines[1]}" = "kpi-calc: 4 read, 3 used, 1 rejected" ]
	printf '%s\n1,2026-03-01T08:00:00Z,q,1,answered\n2,2026-03-01T08:00:00Z,"q,2,answered\n' "$H" > "$f"
	run --separate-stderr kpi-calc "$f"
	[ "${stderr_lines[0]}" = "kpi-calc: $f:3: unterminated quoted field at end of input" ]
	[ "${stderr_lines[1]}" = "kpi-calc: 2 read, 1 used, 1 rejected" ]
}

@test "harden-read: a stray quote gives the same table with --jobs 1 to 4, on a file and on a pipe" {
	stray 3000 1234 > "$BATS_TEST_TMPDIR/s.csv"
	want=$(kpi-calc -q --by queue "$BATS_TEST_TMPDIR/s.csv")
	# python: every row but 1234, waits i % 50
	[ "$want" = "$(python3 -c '
w = [i % 50 for i in range(1, 3001) if i != 1234]
print("queue,offered,answered,abandoned,short_abandoned,timeout,answer_rate,abandon_rate,sl,asa,wait_n,max_wait,aht,att,transfer_rate")
print("q,%d,%d,0,0,0,1.0000,0.0000,%.4f,%.1f,%d,%.1f,0.0,0.0," % (len(w), len(w), sum(x <= 20 for x in w) / len(w), sum(w) / len(w), len(w), max(w)))')" ]
	for j in 1 2 3 4; do
		run --separate-stderr kpi-calc --by queue -j $j "$BATS_TEST_TMPDIR/s.csv"
		[ "$output" = "$want" ]
		[ "${stderr_lines[1]}" = "kpi-calc: 3000 read, 2999 used, 1 rejected" ]
		run --separate-stderr bash -c "cat '$BATS_TEST_TMPDIR/s.csv' | kpi-calc --by queue -j $j"
		[ "$output" = "$want" ]
		[ "${stderr_lines[0]}" = "kpi-calc: -:1235: unterminated quoted field: the 1766 lines after it read again as rows" ]
	done
}

@test "harden-read: a stray quote swallowing more than 8 MiB: the lines after it are read again" {
	stray 220000 2 > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr kpi-calc -q --max-errors all "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr kpi-calc --max-errors all "$BATS_TEST_TMPDIR/s.csv"
	[ "${#stderr_lines[@]}" -eq 2 ]
	[[ "${stderr_lines[0]}" == "kpi-calc: $BATS_TEST_TMPDIR/s.csv:3: quoted field longer than 8388608 bytes: the "*" lines after it read again as rows" ]]
	[ "${stderr_lines[1]}" = "kpi-calc: 220000 read, 219999 used, 1 rejected" ]
	IFS=, read -r -a row <<< "${lines[1]}"
	[ "${row[0]}" = 219999 ]
}

@test "harden-read: cdr-parse generic resumes after a stray quote as well" {
	f="$BATS_TEST_TMPDIR/g.csv"
	{ echo 'call_id,start,end,outcome'
	  echo 'a,2026-03-01T08:00:00Z,2026-03-01T08:01:00Z,abandoned'
	  echo 'b,2026-03-01T08:00:00Z,"2026-03-01T08:01:00Z,abandoned'
	  echo 'c,2026-03-01T08:00:00Z,2026-03-01T08:02:00Z,abandoned'; } > "$f"
	run --separate-stderr cdr-parse -f generic --tz UTC "$f"
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == a,* ]] && [[ "${lines[2]}" == c,* ]]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:3: unterminated quoted field: the 1 line after it read again as rows" ]
	[ "${stderr_lines[1]}" = "cdr-parse: 3 read, 2 used, 1 rejected" ]
}

@test "harden-read: csvin: the fast paths, libcsv alone and pieces of a stream agree on a stray quote" {
	D="$TELAUDIT_BIN/../testbin/csvin-diff"
	f="$BATS_TEST_TMPDIR/s.csv"
	printf 'a,b\n1,2\n3,"x\n5,6\n"7",8\n' > "$f"
	run "$D" -p "$f"
	[ "${lines[0]}" = "1-1 2: [a] [b]" ]
	[ "${lines[1]}" = "2-2 2: [1] [2]" ]
	# the quote opened on line 3 closes on line 5: one record over lines
	# 3-5 (libcsv keeps the quote before 7 as data), nothing replayed
	[ "${lines[2]}" = '3-5 3: [3] [x\x0a5,6\x0a"7] [8]' ]
	printf 'a,b\n1,2\n3,"x\n5,6\n7,8\n' > "$f"
	run "$D" -p "$f"
	[ "${lines[2]}" = "3-3 bad: unterminated quoted field: the 2 lines after it read again as rows" ]
	[ "${lines[3]}" = "4-4 2: [5] [6]" ]
	[ "${lines[4]}" = "5-5 2: [7] [8]" ]
	run "$D" "$f"
	[ "$status" -eq 0 ]
	run "$D" -c 16 "$f"
	[ "$status" -eq 0 ]
}

@test "harden-read: NUL bytes: generic and freeswitch-csv reject the row instead of cutting the value" {
	f="$BATS_TEST_TMPDIR/g.csv"
	printf 'call_id,start,end,outcome,caller\na,2026-03-01T08:00:00Z,2026-03-01T08:01:00Z,abandoned,15\00099\nb,2026-03-01T08:00:00Z,2026-03-01T08:01:00Z,answered\000XYZ,1\nc,2026-03-01T08:00:00Z,2026-03-01T08:01:00Z,abandoned,16\n' > "$f"
	run --separate-stderr cdr-parse -f generic --tz UTC "$f"
	[ "$status" -eq 0 ]
	# before: caller 15<NUL>99 written as 15, the second row counted as answered
	[ "${#lines[@]}" -eq 2 ]
	[ "$(cut -d, -f1,6 <<< "${lines[1]}")" = "c,16" ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:2: field 5: NUL byte" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:3: field 4: NUL byte" ]
	[ "${stderr_lines[2]}" = "cdr-parse: 3 read, 1 used, 2 rejected" ]
	fs="$TD/cdr-parse/fs-amitsrepo-head.csv"
	f="$BATS_TEST_TMPDIR/fs.csv"
	{ sed -n 2p "$fs" | sed 's/"1000","1002"/"1000","10\x0002"/'
	  sed -n 3p "$fs" | sed 's/ORIGINATOR_CANCEL/ORIGINATOR\x00_CANCEL/'
	  sed -n 1p "$fs"; } > "$f"
	[ "$(tr -cd '\000' < "$f" | wc -c)" -eq 2 ]
	run --separate-stderr cdr-parse -f freeswitch-csv --tz UTC "$f"
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == 5bf9033d-ee4b-4663-874f-b47090e0211a,* ]]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:1: field 3: NUL byte" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:2: field 10: NUL byte" ]
	[ "${stderr_lines[2]}" = "cdr-parse: 3 read, 1 used, 2 rejected" ]
}

@test "harden-read: kpi-calc: callers 555<NUL>111 and 555<NUL>222 are not one caller; the rows are rejected" {
	f="$BATS_TEST_TMPDIR/c.csv"
	printf 'call_id,start,queue,wait_s,outcome,caller\n1,2026-03-01T08:00:00Z,q,1,abandoned,555\000111\n2,2026-03-01T09:00:00Z,q,1,answered,555\000222\n3,2026-03-01T09:00:00Z,q,1,answered,777\n' > "$f"
	run --separate-stderr kpi-calc -k offered,fcr "$f"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1.0000" ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:2: caller: contains a NUL byte" ]
	[ "${stderr_lines[1]}" = "kpi-calc: $f:3: caller: contains a NUL byte" ]
	[ "${stderr_lines[2]}" = "kpi-calc: 3 read, 1 used, 2 rejected" ]
}

# A seeded messy CSV of calls: quoted line breaks (whose inner lines look
# like rows), doubled quotes, a quote inside an unquoted field, a closing
# quote followed by more bytes, bad rows, CRLF lines.
messy() {
	python3 - "$1" "$2" <<'PY'
import random, sys
rnd = random.Random(int(sys.argv[1]))
out = ["call_id,start,queue,wait_s,outcome"]
for i in range(int(sys.argv[2])):
    k = rnd.random()
    w = rnd.randint(0, 90)
    q = rnd.choice(["a", "b", "c"])
    if k < 0.05:
        inner = "\n".join("x%d,2026-03-01T08:00:00Z,a,9,abandoned" % j for j in range(rnd.randint(1, 40)))
        q = '"%s"' % inner
    elif k < 0.08:
        q = '"say ""hi"" %s"' % q
    elif k < 0.10:
        q = 'o"dd%s' % q
    elif k < 0.11:
        q = '"%s"tail' % q
    elif k < 0.13:
        w = "x%d" % w
    line = "%d,2026-03-%02dT%02d:00:00Z,%s,%s,%s" % (i, rnd.randint(1, 28), rnd.randint(0, 23), q, w, rnd.choice(["answered", "abandoned"]))
    if rnd.random() < 0.05:
        line += "\r"
    out.append(line)
sys.stdout.write("\n".join(out) + "\n")
PY
}

@test "harden-read: kpi-calc --jobs 2..8 equals one thread byte for byte on seeded messy CSVs, file and pipe" {
	for seed in 1 2 3; do
		messy $seed 1500 > "$BATS_TEST_TMPDIR/m.csv"
		kpi-calc --by queue --percentiles 50,90 --max-errors all --rejects "$BATS_TEST_TMPDIR/r1" \
			"$BATS_TEST_TMPDIR/m.csv" > "$BATS_TEST_TMPDIR/o1" 2> "$BATS_TEST_TMPDIR/e1"
		# the quoted line breaks hold lines that look like rows: a cut
		# inside one counts them (and "a"tail reads on, quoted, as
		# libcsv does, to the next quote)
		grep -q '^kpi-calc: [0-9]* read, ' "$BATS_TEST_TMPDIR/e1"
		for j in 2 3 4 5 6 7 8; do
			kpi-calc --by queue --percentiles 50,90 --max-errors all -j $j --rejects "$BATS_TEST_TMPDIR/rj" \
				"$BATS_TEST_TMPDIR/m.csv" > "$BATS_TEST_TMPDIR/oj" 2> "$BATS_TEST_TMPDIR/ej"
			cmp "$BATS_TEST_TMPDIR/o1" "$BATS_TEST_TMPDIR/oj"
			cmp "$BATS_TEST_TMPDIR/e1" "$BATS_TEST_TMPDIR/ej"
			cmp "$BATS_TEST_TMPDIR/r1" "$BATS_TEST_TMPDIR/rj"
			TELAUDIT_PIECE_BYTES=700 kpi-calc --by queue --percentiles 50,90 --max-errors all -j $j \
				< "$BATS_TEST_TMPDIR/m.csv" > "$BATS_TEST_TMPDIR/op" 2>/dev/null
			cmp "$BATS_TEST_TMPDIR/o1" "$BATS_TEST_TMPDIR/op"
		done
	done
}

@test "harden-read: kpi-calc -j 2: the cut swept through a quoted field of 30 lines" {
	# before: with the cut inside the field, its 30 inner lines counted as rows
	for pad in $(seq 40 7 180); do
		python3 - "$pad" > "$BATS_TEST_TMPDIR/m.csv" <<'PY'
import sys
pad = int(sys.argv[1])
rows = ["call_id,start,queue,wait_s,outcome"]
rows += ["p%d,2026-03-01T08:00:00Z,q,%d,answered" % (i, i % 7) for i in range(pad)]
inner = "\n".join("i%d,2026-03-01T08:00:00Z,q,9,abandoned" % k for k in range(30))
rows.append('m,2026-03-01T08:00:00Z,"%s",5,answered' % inner)
rows += ["t%d,2026-03-01T08:00:00Z,q,%d,answered" % (i, i % 5) for i in range(100)]
sys.stdout.write("\n".join(rows) + "\n")
PY
		run --separate-stderr kpi-calc -k offered,abandoned -j 2 "$BATS_TEST_TMPDIR/m.csv"
		[ "${stderr_lines[0]}" = "kpi-calc: $((pad + 101)) read, $((pad + 101)) used, 0 rejected" ]
		[ "${lines[1]}" = "$((pad + 101)),0" ]
	done
}
