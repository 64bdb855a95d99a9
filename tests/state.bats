#!/usr/bin/env bats
# State files (lib/state, one writer and one reader for kpi-calc and
# complaint-kpi): --merge refuses what would count a row twice or forge a
# figure, in both tools alike; a state names the SHA-256 of each input it
# counted; and k random splits of a file, each run with --state-out and
# merged, print byte for byte the table of one run (issue 16).

load helpers

# split FILE K SEED OUTPREFIX [COLUMN]: the data rows of FILE dealt at
# random (seeded) into K files OUTPREFIX1..K, each with the header; with
# COLUMN, all rows of one value of that column go to the same part.
split_rows() {
	python3 - "$@" <<-'PY'
	import csv, random, sys
	path, k, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
	col = sys.argv[5] if len(sys.argv) > 5 else None
	rnd = random.Random(seed)
	with open(path, newline="") as f:
	    lines = f.read().splitlines(True)
	head, rows = lines[0], lines[1:]
	idx = next(csv.reader([head])).index(col) if col else None
	where, parts = {}, [[] for _ in range(k)]
	for r in rows:
	    if idx is None:
	        parts[rnd.randrange(k)].append(r)
	    else:
	        v = next(csv.reader([r]))[idx]
	        parts[where.setdefault(v, rnd.randrange(k))].append(r)
	for i, p in enumerate(parts, 1):
	    with open("%s%d" % (out, i), "w", newline="") as f:
	        f.write(head + "".join(p))
	PY
}

@test "state: complaint-kpi --merge refuses a state given twice (path, link, copy), missing or unknown parameters, counters that do not add up, sums that overflow, a key not of --by" {
	d="$BATS_TEST_TMPDIR"
	complaint-kpi -q --by month,category --state-out "$d/s.st" "$TD/complaint-kpi/complaints.csv"
	run complaint-kpi -q --merge "$d/s.st"
	[ "$status" -eq 0 ]
	want=$output
	[ "${lines[1]%%,*}" = "2026-03" ]
	# the same state by the same path, a hard link, or a copy (another
	# inode, the same input): every complaint counted twice before
	ln "$d/s.st" "$d/link.st"
	cp "$d/s.st" "$d/copy.st"
	for second in s link; do
		run --separate-stderr complaint-kpi -q --merge "$d/s.st" "$d/$second.st"
		[ "$status" -eq 2 ]
		[ "$stderr" = "complaint-kpi: $d/$second.st: this state was given before: its complaints would count twice" ]
	done
	h=$(sha256sum "$TD/complaint-kpi/complaints.csv" | cut -c1-16)
	run --separate-stderr complaint-kpi -q --merge "$d/s.st" "$d/copy.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $d/copy.st: made from the same input (SHA-256 $h...) as $d/s.st: its complaints would count twice" ]
	[ -z "$output" ]
	# no param lines, one missing, an unknown one: every check skipped before
	grep -v '^param ' "$d/s.st" > "$d/np.st"
	run --separate-stderr complaint-kpi -q --merge --reply-limit 10d "$d/np.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $d/np.st: the state has no parameter by" ]
	grep -v '^param reply_limit' "$d/s.st" > "$d/np.st"
	run --separate-stderr complaint-kpi -q --merge "$d/np.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $d/np.st: the state has no parameter reply_limit" ]
	sed 's/^param hist 1$/param hist 1\nparam colour blue/' "$d/s.st" > "$d/u.st"
	run --separate-stderr complaint-kpi -q --merge "$d/u.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $d/u.st: unknown parameter \"colour\"" ]
	grep -v '^input ' "$d/s.st" > "$d/ni.st"
	run --separate-stderr complaint-kpi -q --merge "$d/ni.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $d/ni.st: the state names no input" ]
	# 5 replied within 15 days of 3 received: reply_rate 1.6667 before
	awk '/^c / && !done { $4 = 5; done = 1 } 1' "$d/s.st" > "$d/c.st"
	run --separate-stderr complaint-kpi -q --merge "$d/c.st"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "complaint-kpi: $d/c.st:"*": the counters of the group before do not add up (reply within the limit > received...)" ]]
	[ -z "$output" ]
	# two states (other inputs) whose ttr sums fit alone but not together
	awk '/^c / && !done { $NF = "5000000000000000000"; done = 1 } 1' "$d/s.st" > "$d/o1.st"
	sed 's/^input [0-9a-f]*/input '"$(printf '%064d' 1)"'/' "$d/o1.st" > "$d/o2.st"
	run --separate-stderr complaint-kpi -q --merge "$d/o1.st"
	[ "$status" -eq 0 ]
	run --separate-stderr complaint-kpi -q --merge "$d/o1.st" "$d/o2.st"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "complaint-kpi: $d/o2.st:"*": the counters of the group before do not fit in 64 bits with those read before" ]]
	[ -z "$output" ]
	# a key too short for --by month,category
	# (the first group's key only: every key the same is a group given twice)
	sed '0,/^g .*/s//g ab/' "$d/s.st" > "$d/k.st"
	run --separate-stderr complaint-kpi -q --merge "$d/k.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: --merge: a group key of the states does not have the form of --by month,category" ]
	# a limit no option could have set
	sed 's/^param reply_limit .*/param reply_limit soon/' "$d/s.st" > "$d/l.st"
	run --separate-stderr complaint-kpi -q --merge "$d/l.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: state: reply_limit \"soon\" is not a limit" ]
	# a state of the format before this one
	sed '1s/.*/telaudit-complaint-state 1/' "$d/s.st" > "$d/v1.st"
	run --separate-stderr complaint-kpi -q --merge "$d/v1.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-kpi: $d/v1.st:1: a complaint-kpi state file of another version (1, not 2): make it again with this one" ]
	# the good state still merges to the same table
	run complaint-kpi -q --merge "$d/s.st"
	[ "$output" = "$want" ]
}

@test "state: kpi-calc --merge refuses a copy of a state (another inode, the same input); states of empty parts merge" {
	d="$BATS_TEST_TMPDIR"
	f="$TD/kpi-calc/sl.csv"
	kpi-calc -q --by queue --state-out "$d/a.st" "$f"
	# the input hash is the SHA-256 of the bytes read, file or pipe
	[ "$(grep '^input ' "$d/a.st")" = "input $(sha256sum "$f" | cut -d' ' -f1) $(wc -c < "$f")" ]
	kpi-calc -q --by queue --state-out "$d/p.st" < "$f"
	[ "$(grep '^input ' "$d/p.st")" = "$(grep '^input ' "$d/a.st")" ]
	kpi-calc -q --by queue --jobs 2 --state-out "$d/j.st" "$f"
	cmp "$d/j.st" "$d/a.st"
	cp "$d/a.st" "$d/b.st"
	run --separate-stderr kpi-calc -q --merge "$d/a.st" "$d/b.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/b.st: made from the same input (SHA-256 $(sha256sum "$f" | cut -c1-16)...) as $d/a.st: its calls would count twice" ]
	# the same data made twice from a pipe: the same
	run --separate-stderr kpi-calc -q --merge "$d/a.st" "$d/p.st"
	[ "$status" -eq 2 ]
	# two header-only parts have the same bytes but count nothing
	head -1 "$f" > "$d/e1.csv"
	head -1 "$f" > "$d/e2.csv"
	kpi-calc -q --by queue --state-out "$d/e1.st" "$d/e1.csv" || true
	kpi-calc -q --by queue --state-out "$d/e2.st" "$d/e2.csv" || true
	run kpi-calc -q --merge "$d/a.st" "$d/e1.st" "$d/e2.st"
	[ "$status" -eq 0 ]
	want=$(kpi-calc -q --by queue "$f")
	[ "$output" = "$want" ]
}

@test "state: complaint-kpi rejects the complaint whose resolution time would overflow its group's sum" {
	# 9998 years in ms is 3.155e14: 29,233 of them fit in 2^63, the next not
	python3 -c '
print("id,received,resolved")
for i in range(29300):
    print("k%d,0001-01-01T00:00:00Z,9999-01-01T00:00:00Z" % i)' > "$BATS_TEST_TMPDIR/big.csv"
	run --separate-stderr complaint-kpi -k received,ttr_mean "$BATS_TEST_TMPDIR/big.csv"
	n=$(python3 -c 'import datetime as d; ms = (d.datetime(9999,1,1) - d.datetime(1,1,1)).days * 86400000; print(2**63 // ms)')
	[ "$n" -eq 29233 ]
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "complaint-kpi: $BATS_TEST_TMPDIR/big.csv:$((n + 2)): a millisecond sum of its group would not fit in 64 bits" ]
	[ "${stderr_lines[-1]}" = "complaint-kpi: 29300 read, $n used, $((29300 - n)) rejected" ]
	days=$(python3 -c 'import datetime as d; print((d.datetime(9999,1,1) - d.datetime(1,1,1)).days)')
	[ "${lines[1]}" = "$n,$days.0000" ] || [ "${lines[1]}" = "$n,$days.00" ]
}

@test "state: kpi-calc: k random splits, each --state-out, merged, print the single run byte for byte" {
	d="$BATS_TEST_TMPDIR"
	f="$TD/kpi-calc/gen4000.csv"
	K=offered,answered,abandoned,short_abandoned,timeout,answer_rate,abandon_rate,sl,asa,wait_p50,wait_p90,max_wait,aht,att,transfer_rate,attempts,asr,ner,acd,drop_rate
	for seed in 1 2 3 4 5; do
		k=$((2 + seed % 5))
		rm -f "$d"/p* "$d"/*.st
		split_rows "$f" "$k" "$seed" "$d/p"
		[ "$(cat "$d"/p* | grep -vc '^call_id,')" -eq 4000 ]
		for p in "$d"/p*; do
			kpi-calc -q --by day,queue -k "$K" --short-abandon 5 --state-out "$p.st" "$p"
		done
		run kpi-calc -q --merge --by day,queue -k "$K" --short-abandon 5 --total --ci 0.95 "$d"/p*.st
		[ "$status" -eq 0 ]
		merged=$output
		run kpi-calc -q --by day,queue -k "$K" --short-abandon 5 --total --ci 0.95 "$f"
		[ "$output" = "$merged" ]
		[ "${#lines[@]}" -gt 50 ]
	done
	# fcr needs every call of a caller in one part: split by caller
	for seed in 6 7; do
		rm -f "$d"/p* "$d"/*.st
		split_rows "$f" 3 "$seed" "$d/p" caller
		for p in "$d"/p*; do
			kpi-calc -q --by queue -k all --state-out "$p.st" "$p"
		done
		run kpi-calc -q --merge -k all "$d"/p*.st
		merged=$output
		run kpi-calc -q --by queue -k all "$f"
		[ "$output" = "$merged" ]
	done
}

@test "state: complaint-kpi: k random splits by customer, each --state-out, merged, print the single run byte for byte" {
	d="$BATS_TEST_TMPDIR"
	f="$d/gen.csv"
	python3 "$BATS_TEST_DIRNAME/../scripts/gen_complaint_records.py" 3000 5 > "$f"
	for seed in 1 2 3 4; do
		k=$((2 + seed % 4))
		rm -f "$d"/p* "$d"/*.st
		split_rows "$f" "$k" "$seed" "$d/p" customer
		[ "$(cat "$d"/p* | grep -vc '^id,')" -eq 3000 ]
		for p in "$d"/p*; do
			complaint-kpi -q --by month,category --as-of 2026-12-31T23:59:59Z --state-out "$p.st" "$p"
		done
		run complaint-kpi -q --merge --total --percentiles 50,90 --ci 0.95 "$d"/p*.st
		[ "$status" -eq 0 ]
		merged=$output
		run complaint-kpi -q --by month,category --as-of 2026-12-31T23:59:59Z --total --percentiles 50,90 --ci 0.95 "$f"
		[ "$output" = "$merged" ]
		[ "${#lines[@]}" -gt 40 ]
	done
}

@test "state: kpi-calc --merge refuses a group given twice in one state and numbers beyond 64 bits (fuzz finding: counted twice, read as INT64_MAX)" {
	d="$BATS_TEST_TMPDIR"
	f="$TD/kpi-calc/sl.csv"
	kpi-calc -q --percentiles 90 --state-out "$d/a.st" "$f"
	# the untouched state prints the table of one run
	run kpi-calc -q --percentiles 90 --merge "$d/a.st"
	[ "$status" -eq 0 ]
	[ "$output" = "$(kpi-calc -q --percentiles 90 "$f")" ]
	# the one group's lines (g, c, histograms) written again before end
	awk '/^g /{g=1} /^end$/{printf "%s", blk} g && !/^end$/{blk = blk $0 "\n"} {print}' "$d/a.st" |
		awk '/^end$/ && !done {done=1} {print}' > "$d/dup.st"
	[ "$(grep -c '^g ' "$d/dup.st")" -eq 2 ]
	n=$(grep -n '^g ' "$d/dup.st" | tail -1 | cut -d: -f1)
	run --separate-stderr kpi-calc -q --percentiles 90 --merge "$d/dup.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/dup.st:$n: a group given twice in this state (its counts would be added twice)" ]
	# max_wait (the last number of the c line) beyond 64 bits
	sed -E '/^c /s/ [0-9]+$/ 99999999999999999999999/' "$d/a.st" > "$d/big.st"
	n=$(grep -n '^c ' "$d/big.st" | cut -d: -f1)
	run --separate-stderr kpi-calc -q --percentiles 90 --merge "$d/big.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/big.st:$n: bad counters" ]
	# a histogram count beyond 64 bits
	sed -E '/^w /s/:[0-9]+/:99999999999999999999999/' "$d/a.st" > "$d/bigw.st"
	n=$(grep -n '^w ' "$d/bigw.st" | cut -d: -f1)
	run --separate-stderr kpi-calc -q --percentiles 90 --merge "$d/bigw.st"
	[ "$status" -eq 2 ]
	[ "$stderr" = "kpi-calc: $d/bigw.st:$n: bad histogram" ]
}
