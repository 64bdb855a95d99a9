#!/usr/bin/env bats
# Issue 16: nothing lost, nothing forged. The shared reject path (SPEC 6
# stderr cap, --max-errors, --max-reject-rate, exit 4, the rectangular
# --rejects file, escaped messages), closed descriptors, outputs that
# are inputs. Expected values are worked by hand or read back by python3.

load helpers

# calls.csv for kpi-calc: $1 good rows, then $2 rows with a bad wait_s
# ("x1", "x2", ...), then $3 rows with 4 fields.
calls() {
	local i
	echo "call_id,start,queue,wait_s,outcome"
	for ((i = 1; i <= $1; i++)); do echo "g$i,2026-03-01T08:00:00Z,q,$i,answered"; done
	for ((i = 1; i <= $2; i++)); do echo "w$i,2026-03-01T08:00:00Z,q,x$i,answered"; done
	for ((i = 1; i <= $3; i++)); do echo "s$i,2026-03-01T08:00:00Z,q,3"; done
}

@test "harden: stderr shows the first 10 reject lines, then one line counting the rest by reason" {
	calls 2 20 5 > "$BATS_TEST_TMPDIR/c.csv"
	f="$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr kpi-calc "$f"
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 12 ]
	# lines 4..13 of the file are the first ten rejects (x1..x10)
	for i in $(seq 1 10); do
		[ "${stderr_lines[$((i - 1))]}" = "kpi-calc: $f:$((i + 3)): wait_s: \"x$i\" is not a number" ]
	done
	# the rest: 10 more bad wait_s, 5 short rows
	[ "${stderr_lines[10]}" = "kpi-calc: 15 more reject lines not shown (--max-errors): 10 wait_s: \"...\" is not a number; 5 N fields, the header has N" ]
	[ "${stderr_lines[11]}" = "kpi-calc: 27 read, 2 used, 25 rejected" ]
}

@test "harden: --max-errors N, 0 and all; a bad value exits 2" {
	calls 2 20 5 > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr kpi-calc --max-errors 3 "$BATS_TEST_TMPDIR/c.csv"
	[ "$(grep -c ': wait_s: ' <<< "$stderr")" -eq 3 ]
	[ "${stderr_lines[3]}" = "kpi-calc: 22 more reject lines not shown (--max-errors): 17 wait_s: \"...\" is not a number; 5 N fields, the header has N" ]
	run --separate-stderr kpi-calc --max-errors 0 "$BATS_TEST_TMPDIR/c.csv"
	[ "${#stderr_lines[@]}" -eq 2 ]
	[[ "${stderr_lines[0]}" == "kpi-calc: 25 more reject lines not shown"* ]]
	run --separate-stderr kpi-calc --max-errors all "$BATS_TEST_TMPDIR/c.csv"
	[ "${#stderr_lines[@]}" -eq 26 ]
	[ "$(grep -c ': 4 fields, the header has 5$' <<< "$stderr")" -eq 5 ]
	run --separate-stderr kpi-calc --max-errors many "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 2 ]
	# -q silences the reject lines and the count of the rest too
	run --separate-stderr kpi-calc -q "$BATS_TEST_TMPDIR/c.csv"
	[ -z "$stderr" ]
}

@test "harden: 20,000 bad rows print 12 lines, not 20,003" {
	{ echo "call_id,start,queue,wait_s,outcome"
	  echo "g,2026-03-01T08:00:00Z,q,1,answered"
	  yes "b,2026-03-01T08:00:00Z,q,-1,answered" | head -n 20000; } > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr kpi-calc "$BATS_TEST_TMPDIR/c.csv"
	[ "${#stderr_lines[@]}" -eq 12 ]
	[ "${stderr_lines[10]}" = "kpi-calc: 19990 more reject lines not shown (--max-errors): 19990 wait_s: \"...\" is negative" ]
}

@test "harden: --max-reject-rate: more rejects than the rate allows exit 4, as many do not" {
	calls 7 3 0 > "$BATS_TEST_TMPDIR/c.csv"
	# 3 of 10 rows rejected = 0.3
	run --separate-stderr kpi-calc -q --max-reject-rate 0.3 "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	run --separate-stderr kpi-calc -q --max-reject-rate 30% "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr kpi-calc -q --max-reject-rate 0.29 "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 4 ]
	[ "$stderr" = "kpi-calc: 3 of 10 rows rejected (30.00%), more than --max-reject-rate 0.29 allows" ]
	# the table is still written
	[ "${#lines[@]}" -eq 2 ]
	run kpi-calc -q --max-reject-rate 25% "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 4 ]
	for bad in 1.5 -0.1 abc 101% ""; do
		run kpi-calc -q --max-reject-rate "$bad" "$BATS_TEST_TMPDIR/c.csv"
		[ "$status" -eq 2 ]
	done
}

@test "harden: exit 4 when rows were read and none used; 0 on a header alone" {
	calls 0 2 0 > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr kpi-calc -q "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 4 ]
	[ "$stderr" = "kpi-calc: no row was used: the input holds no usable call record" ]
	calls 0 0 0 > "$BATS_TEST_TMPDIR/h.csv"
	run kpi-calc -q "$BATS_TEST_TMPDIR/h.csv"
	[ "$status" -eq 0 ]
	calls 1 1 0 > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr kpi-calc -q --strict "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 4 ]
	[ "$stderr" = "kpi-calc: 1 row rejected under --strict" ]
}

@test "harden: --rejects is rectangular; its record cell reads back as the original fields" {
	f="$BATS_TEST_TMPDIR/c.csv"
	{ echo "call_id,start,queue,wait_s,outcome"
	  echo '1,2026-03-01T08:00:00Z,q,"12,5",answered'
	  echo '2,2026-03-01T08:00:00Z,"a ""b""",3'
	  echo '3,2026-03-01T08:00:00Z,"multi'
	  echo 'line",3,hungup'
	  echo '4,2026-03-01T08:00:00Z,q,4,answered'; } > "$f"
	run kpi-calc -q --rejects "$BATS_TEST_TMPDIR/rej.csv" "$f"
	[ "$status" -eq 0 ]
	run python3 - "$BATS_TEST_TMPDIR/rej.csv" <<'PY'
import csv, io, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0] == ['file', 'line', 'reason', 'record'], rows[0]
for r in rows[1:]:
    assert len(r) == 4, r
    print(r[1], repr(next(csv.reader(io.StringIO(r[3], newline='')))))
PY
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2 ['1', '2026-03-01T08:00:00Z', 'q', '12,5', 'answered']" ]
	[ "${lines[1]}" = "3 ['2', '2026-03-01T08:00:00Z', 'a \"b\"', '3']" ]
	[ "${lines[2]}" = "4 ['3', '2026-03-01T08:00:00Z', 'multi\\nline', '3', 'hungup']" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "harden: --rejects record cell keeps the input delimiter" {
	printf 'g;ltr\na;11\nb;"x;y"\n' > "$BATS_TEST_TMPDIR/s.csv"
	run survey-score -q --delimiter ';' --nps ltr --by g --rejects "$BATS_TEST_TMPDIR/rej.csv" "$BATS_TEST_TMPDIR/s.csv"
	[ "$(sed -n 2p "$BATS_TEST_TMPDIR/rej.csv" | cut -d, -f2-)" = "2,\"ltr: 11 is not on the scale 0..10, counted as missing\",\"a;11\"" ]
	[ "$(sed -n 3p "$BATS_TEST_TMPDIR/rej.csv" | cut -d, -f2-)" = "3,\"ltr: \"\"x;y\"\" is not a number, counted as missing\",\"b;\"\"x;y\"\"\"" ]
}

@test "harden: control bytes and invalid UTF-8 in a field are escaped on stderr; no forged line" {
	f="$BATS_TEST_TMPDIR/c.csv"
	{ echo "call_id,start,queue,wait_s,outcome"
	  printf '1,2026-03-01T08:00:00Z,q,"1\nkpi-calc: 0 read, 0 used, 0 rejected",answered\n'
	  printf '2,2026-03-01T08:00:00Z,q,\033[31m\t\377,answered\n'
	  printf '3,2026-03-01T08:00:00Z,q,\302\205\303\251,answered\n'; } > "$f"
	run --separate-stderr kpi-calc "$f"
	[ "$status" -eq 4 ]
	[ "${#stderr_lines[@]}" -eq 5 ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:2: wait_s: \"1\\nkpi-calc: 0 read, 0 used, 0 rejected\" is not a number" ]
	[ "${stderr_lines[1]}" = "kpi-calc: $f:4: wait_s: \"\\x1B[31m\\t\\xFF\" is not a number" ]
	# U+0085 (a C1 control) escaped, U+00E9 kept as UTF-8
	[ "${stderr_lines[2]}" = "kpi-calc: $f:5: wait_s: \"\\xC2\\x85$(printf '\303\251')\" is not a number" ]
	[ "${stderr_lines[3]}" = "kpi-calc: 3 read, 0 used, 3 rejected" ]
	! grep -q $'\033' <<< "$stderr"
}

@test "harden: a closed stdin, stdout or stderr never receives the output file's bytes" {
	want=$(kpi-calc -q "$TD/kpi-calc/bad.csv")
	# stderr closed: the reject lines must not land in the -o file
	kpi-calc -o "$BATS_TEST_TMPDIR/o1.csv" "$TD/kpi-calc/bad.csv" 2>&-
	[ "$(cat "$BATS_TEST_TMPDIR/o1.csv")" = "$want" ]
	# stdout closed: -o still gets exactly the table
	kpi-calc -q -o "$BATS_TEST_TMPDIR/o2.csv" "$TD/kpi-calc/bad.csv" >&-
	[ "$(cat "$BATS_TEST_TMPDIR/o2.csv")" = "$want" ]
	# stdin closed with a file operand
	kpi-calc -q -o "$BATS_TEST_TMPDIR/o3.csv" "$TD/kpi-calc/bad.csv" <&-
	[ "$(cat "$BATS_TEST_TMPDIR/o3.csv")" = "$want" ]
	# all three closed, --rejects as well
	kpi-calc --rejects "$BATS_TEST_TMPDIR/r.csv" -o "$BATS_TEST_TMPDIR/o4.csv" "$TD/kpi-calc/bad.csv" <&- >&- 2>&- || true
	[ "$(cat "$BATS_TEST_TMPDIR/o4.csv")" = "$want" ]
	[ "$(head -1 "$BATS_TEST_TMPDIR/r.csv")" = "file,line,reason,record" ]
	[ "$(grep -c '' "$BATS_TEST_TMPDIR/r.csv")" -eq 6 ]
}

@test "harden: an output that is an input is refused with exit 2 and the input kept" {
	cp "$TD/cdr-parse/queue.csv" "$BATS_TEST_TMPDIR/x.csv"
	x="$BATS_TEST_TMPDIR/x.csv"
	sum=$(cksum < "$x")
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC -o "$x" "$x"
	[ "$status" -eq 2 ]
	[ "$stderr" = "cdr-parse: -o $x: is also an input; refusing to overwrite it" ]
	[ "$(cksum < "$x")" = "$sum" ]
	# another path to the same file (a hard link) is the same file
	ln "$x" "$BATS_TEST_TMPDIR/link.csv"
	run cdr-parse -f asterisk-csv --tz UTC --rejects "$BATS_TEST_TMPDIR/link.csv" "$x"
	[ "$status" -eq 2 ]
	[ "$(cksum < "$x")" = "$sum" ]
	# stdin as the input
	run bash -c "cdr-parse -f asterisk-csv --tz UTC -o '$x' < '$x'"
	[ "$status" -eq 2 ]
	[ "$(cksum < "$x")" = "$sum" ]
	# -o and --rejects the same file
	run cdr-parse -f asterisk-csv --tz UTC -o "$BATS_TEST_TMPDIR/o" --rejects "$BATS_TEST_TMPDIR/o" "$x"
	[ "$status" -eq 2 ]
	# kpi-calc: --state-out and --manifest as well; complaint-classify: the rulebook
	cp "$TD/kpi-calc/bad.csv" "$BATS_TEST_TMPDIR/k.csv"
	run kpi-calc --state-out "$BATS_TEST_TMPDIR/k.csv" "$BATS_TEST_TMPDIR/k.csv"
	[ "$status" -eq 2 ]
	run kpi-calc --manifest "$BATS_TEST_TMPDIR/k.csv" "$BATS_TEST_TMPDIR/k.csv"
	[ "$status" -eq 2 ]
	[ "$(cat "$BATS_TEST_TMPDIR/k.csv")" = "$(cat "$TD/kpi-calc/bad.csv")" ]
	cp "$TD/complaint-classify/mini.rules" "$BATS_TEST_TMPDIR/m.rules"
	run complaint-classify --rules "$BATS_TEST_TMPDIR/m.rules" --text text -o "$BATS_TEST_TMPDIR/m.rules" "$TD/complaint-classify/examples.csv"
	[ "$status" -eq 2 ]
	[ "$(cat "$BATS_TEST_TMPDIR/m.rules")" = "$(cat "$TD/complaint-classify/mini.rules")" ]
}

@test "harden: survey-score --ci: a t quantile that cannot converge leaves the interval empty, no abort" {
	# issue 16 reproducer: n_eff just above 1 made GSL abort (exit 134)
	printf 'q,w\n5,1\n3,0.0001\n' > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr survey-score --csat q --weight w --ci 0.5 "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "n,n_eff,csat_n,csat_n_eff,csat_top,csat,csat_lo,csat_hi,csat_mean,csat_sd,csat_mean_lo,csat_mean_hi,missing_q" ]
	# the weighted mean (5*1 + 3*0.0001)/1.0001 = 4.9998; its interval empty
	IFS=, read -r -a row <<< "${lines[1]}"
	[ "${row[8]}" = "4.9998" ]
	[ -z "${row[10]}" ] && [ -z "${row[11]}" ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == *"survey-score: 1 figure left empty: t quantile for "*" degrees of freedom did not converge"$'\n'"survey-score: 2 read, 2 used, 0 rejected" ]]
	printf 'c,w\n2,1\n4,0.0001\n' > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr survey-score --ces c:7 --weight w --ci 0.5 "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"1 figure left empty: t quantile"* ]]
}

@test "harden: --tz takes only real TZif files: zone.tab and tzdata.zi are not zones" {
	[ -f /usr/share/zoneinfo/zone.tab ] || skip "no zone.tab"
	run --separate-stderr cdr-parse -f asterisk-csv --tz zone.tab "$TD/cdr-parse/queue.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "cdr-parse: --tz: \"zone.tab\" is not a time zone in the tz database"* ]]
	run cdr-parse -f asterisk-csv --tz tzdata.zi "$TD/cdr-parse/queue.csv"
	[ "$status" -eq 2 ]
	run cdr-parse -q -f asterisk-csv --tz Asia/Shanghai "$TD/cdr-parse/queue.csv"
	[ "$status" -eq 0 ]
}

@test "harden: -f auto with a first line of 64 KiB or more reads only its buffer" {
	# ASan reported a global over-read (strcspn) past the detection buffer
	python3 -c "import sys; sys.stdout.write('a' * 70000 + '\n1,2\n')" > "$BATS_TEST_TMPDIR/long.csv"
	run --separate-stderr cdr-parse -f auto "$BATS_TEST_TMPDIR/long.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "cdr-parse: $BATS_TEST_TMPDIR/long.csv: cannot tell the input format: "* ]]
}

@test "harden: complaint-kpi refuses an output that is its holidays, subscribers or state file" {
	C="$TD/complaint-kpi"
	cp "$C/holidays-makeup.txt" "$BATS_TEST_TMPDIR/h.txt"
	run --separate-stderr complaint-kpi --working-days --holidays "$BATS_TEST_TMPDIR/h.txt" -o "$BATS_TEST_TMPDIR/h.txt" "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: -o $BATS_TEST_TMPDIR/h.txt: is also an input; refusing to overwrite it" ]
	cmp "$C/holidays-makeup.txt" "$BATS_TEST_TMPDIR/h.txt"
	printf 'period,count\n2026-03,1000\n' > "$BATS_TEST_TMPDIR/s.csv"
	run complaint-kpi --by month --subscribers "$BATS_TEST_TMPDIR/s.csv" --rejects "$BATS_TEST_TMPDIR/s.csv" "$C/complaints.csv"
	[ "$status" -eq 2 ]
	[ "$(cat "$BATS_TEST_TMPDIR/s.csv")" = "$(printf 'period,count\n2026-03,1000')" ]
	cp "$C/complaints.csv" "$BATS_TEST_TMPDIR/c.csv"
	run complaint-kpi --state-out "$BATS_TEST_TMPDIR/c.csv" "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 2 ]
	cmp "$C/complaints.csv" "$BATS_TEST_TMPDIR/c.csv"
}

@test "harden: a record that would overflow its group's millisecond sums is rejected with its line" {
	f="$BATS_TEST_TMPDIR/o.csv"
	{ echo "call_id,start,queue,wait_s,outcome"
	  for i in $(seq 11); do echo "$i,2026-03-01T08:00:00Z,q,900000000000000,answered"; done; } > "$f"
	# 9e14 s = 9e17 ms; ten make 9e18 < 2^63 - 1 = 9223372036854775807, eleven do not
	[ "$(python3 -c 'print(10 * 9 * 10**17 < 2**63 - 1 < 11 * 9 * 10**17)')" = True ]
	run --separate-stderr kpi-calc -k offered,asa "$f"
	[ "$status" -eq 0 ]
	# before: offered 11, asa -776976733973595.6 (the sum wrapped), exit 0
	[ "${lines[1]}" = "10,900000000000000.0" ]
	[ "${stderr_lines[0]}" = "kpi-calc: $f:12: a millisecond sum of its group would not fit in 64 bits" ]
	[ "${stderr_lines[1]}" = "kpi-calc: 11 read, 10 used, 1 rejected" ]
	# two groups that fit alone but not in the total: exit 4, no table
	{ echo "call_id,start,queue,wait_s,outcome"
	  for i in $(seq 6); do echo "a$i,2026-03-01T08:00:00Z,a,900000000000000,answered"; done
	  for i in $(seq 6); do echo "b$i,2026-03-01T08:00:00Z,b,900000000000000,answered"; done; } > "$f"
	run --separate-stderr kpi-calc --by queue -k offered,asa "$f"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "a,6,900000000000000.0" ]
	run --separate-stderr kpi-calc --by queue --total -k offered,asa "$f"
	[ "$status" -eq 4 ]
	[ -z "$output" ]
	[ "${stderr_lines[-1]}" = "kpi-calc: sum_wait: the sum of two groups does not fit in 64 bits (5400000000000000000 + 5400000000000000000 ms)" ]
}

@test "harden: --merge refuses a state given twice, missing or unknown parameters, counters that do not add up, a key not of --by" {
	d="$BATS_TEST_TMPDIR"
	kpi-calc -q --by queue --state-out "$d/s.state" "$TD/kpi-calc/bad.csv"
	run kpi-calc -q --merge "$d/s.state"
	[ "$status" -eq 0 ]
	want=$output
	# the same file twice, or by a second path: its calls counted twice before
	ln "$d/s.state" "$d/link.state"
	for second in "$d/s.state" "$d/link.state"; do
		run --separate-stderr kpi-calc -q --merge "$d/s.state" "$second"
		[ "$status" -eq 2 ]
		[ "$stderr" = "kpi-calc: $second: this state was given before: its calls would count twice" ]
	done
	# no param lines: every check was skipped (a threshold of 45 s taken for data counted at 20 s)
	grep -v '^param ' "$d/s.state" > "$d/np.state"
	run --separate-stderr kpi-calc -q --merge --sl-threshold 45 "$d/np.state"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/np.state: the state has no parameter by" ]
	grep -v '^param sl_threshold' "$d/s.state" > "$d/np.state"
	run --separate-stderr kpi-calc -q --merge "$d/np.state"
	[ "$stderr" = "kpi-calc: $d/np.state: the state has no parameter sl_threshold" ]
	sed 's/^param hist 1$/param hist 1\nparam colour blue/' "$d/s.state" > "$d/u.state"
	run --separate-stderr kpi-calc -q --merge "$d/u.state"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/u.state: unknown parameter \"colour\"" ]
	# answered 5 of 1 offered printed answer_rate 500.0000 before
	sed 's/^c 1 1 /c 1 5 /' "$d/s.state" > "$d/c.state"
	run --separate-stderr kpi-calc -q --merge "$d/c.state"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "kpi-calc: $d/c.state:"*": the counters of the group before do not add up (answered > offered...)" ]]
	[ -z "$output" ]
	# a key too short for --by day,queue read past its heap block (ASan)
	kpi-calc -q --by day,queue --state-out "$d/dq.state" "$TD/kpi-calc/bad.csv"
	sed 's/^g .*/g ab/' "$d/dq.state" > "$d/k.state"
	run --separate-stderr kpi-calc -q --merge "$d/k.state"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: --merge: a group key of the states does not have the form of --by day,queue" ]
	# the good state still merges to the same table
	run kpi-calc -q --merge "$d/s.state"
	[ "$output" = "$want" ]
}

@test "harden: complaint-classify: a text that needs more than 64 MiB of PCRE2 backtracking is rejected, the next row kept" {
	printf 'rule r1 billing priority 1\nmatch (?:a|b)*c\n' > "$BATS_TEST_TMPDIR/h.rules"
	# a 'c' after a million a's: (?:a|b)* goes a million deep before it fails
	python3 -c "print('text'); print('a' * 1000000 + 'xc'); print('a bc')" > "$BATS_TEST_TMPDIR/h.csv"
	# before: no heap limit (PCRE2's default is 20 GB): a 5 MB row took
	# 1.3 GB and 3 minutes with --no-jit, then "match limit exceeded"
	for jit in --no-jit ""; do
		run --separate-stderr complaint-classify $jit --rules "$BATS_TEST_TMPDIR/h.rules" --text text "$BATS_TEST_TMPDIR/h.csv"
		[ "$status" -eq 0 ]
		[ "${lines[1]}" = "3,billing,priority,1,r1" ]
		[ "${#lines[@]}" -eq 2 ]
		[ "${stderr_lines[1]}" = "complaint-classify: 2 read, 1 used, 1 rejected" ]
	done
	run --separate-stderr complaint-classify --no-jit --rules "$BATS_TEST_TMPDIR/h.rules" --text text "$BATS_TEST_TMPDIR/h.csv"
	[ "${stderr_lines[0]}" = "complaint-classify: $BATS_TEST_TMPDIR/h.csv:2: rule r1 (line 2): heap limit exceeded" ]
	printf 'rule r1 billing priority 1\nmatch (*NO_JIT)(?:a|b)*c\n' > "$BATS_TEST_TMPDIR/h.rules"
	run --separate-stderr complaint-classify --rules "$BATS_TEST_TMPDIR/h.rules" --text text "$BATS_TEST_TMPDIR/h.csv"
	[ "${stderr_lines[0]}" = "complaint-classify: $BATS_TEST_TMPDIR/h.csv:2: rule r1 (line 2): heap limit exceeded" ]
}
