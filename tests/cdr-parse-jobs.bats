#!/usr/bin/env bats
# cdr-parse --jobs: reading on a thread of its own (csvin_set_ahead) must
# change nothing a user can see: records, their order, the account, every
# message with its line number, and the --rejects file.

load helpers

# A cdr-parse that always runs with --jobs 2, first on PATH.
jobs_bin() {
	mkdir -p "$BATS_TEST_TMPDIR/jbin"
	for t in "$TELAUDIT_BIN"/*; do ln -sf "$t" "$BATS_TEST_TMPDIR/jbin/"; done
	rm -f "$BATS_TEST_TMPDIR/jbin/cdr-parse"
	printf '#!/bin/sh\nexec "%s/cdr-parse" --jobs 2 "$@"\n' "$TELAUDIT_BIN" \
		> "$BATS_TEST_TMPDIR/jbin/cdr-parse"
	chmod +x "$BATS_TEST_TMPDIR/jbin/cdr-parse"
}

# Run cdr-parse ARGS with --jobs 1 and --jobs 2 (stdout, stderr,
# rejects, exit status) and compare them all.
same_both_ways() {
	local j
	for j in 1 2; do
		run cdr-parse --jobs $j --rejects "$BATS_TEST_TMPDIR/rej$j" "$@"
		printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/all$j"
		echo "$status" > "$BATS_TEST_TMPDIR/st$j"
	done
	cmp "$BATS_TEST_TMPDIR/all1" "$BATS_TEST_TMPDIR/all2"
	cmp "$BATS_TEST_TMPDIR/rej1" "$BATS_TEST_TMPDIR/rej2"
	cmp "$BATS_TEST_TMPDIR/st1" "$BATS_TEST_TMPDIR/st2"
}

# n Asterisk Master.csv rows: one contact of two legs per pair of rows,
# a bad date every 97th row, a quoted line break in a userfield every
# 211th row, a NUL byte in a caller every 307th row.
gen_asterisk() {
	python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
for i in range(n):
    c = i // 2
    t = 1772445600 + c * 60
    import datetime
    d = lambda s: datetime.datetime.utcfromtimestamp(s).strftime('%Y-%m-%d %H:%M:%S')
    start = d(t) if i % 97 else "2026-13-45 99:00:00"
    ans = d(t + 10) if i % 2 else ""
    end = d(t + 100)
    disp = "ANSWERED" if i % 2 else "NO ANSWER"
    caller = ("555%04d" % c).encode()
    if i % 307 == 0:
        caller = b"555\x00" + caller
    user = '"note\nsecond line"' if i % 211 == 0 else '""'
    row = ('"","%s","400","from-pstn","","SIP/trunk-%05d","SIP/20%d-%05d","Queue","support,t,,,300","%s",%s,"%s",100,%d,"%s","DOCUMENTATION","%d.%d",%s,"","%d.%d",%d\n'
           % ("CALLER", c, i % 2, i, start, '"%s"' % ans if ans else "", end,
              90 if i % 2 else 0, disp, t, c, user, t, c, i + 1))
    out.write(row.encode().replace(b"CALLER", caller))
PY
}

@test "cdr-parse --jobs 2: every golden case gives the same bytes as --jobs 1" {
	jobs_bin
	run bash "$BATS_TEST_DIRNAME/../scripts/golden" "$BATS_TEST_TMPDIR/jbin" </dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	# the wrapper was used: --jobs 2 is in every cdr-parse run
	grep -q -- '--jobs 2' "$BATS_TEST_TMPDIR/jbin/cdr-parse"
}

@test "cdr-parse --jobs 2: 5000 rows over several batches, bad rows, quoted line breaks, NUL bytes, the same as --jobs 1" {
	gen_asterisk 5000 > "$BATS_TEST_TMPDIR/m.csv"
	same_both_ways -f asterisk-csv --tz UTC "$BATS_TEST_TMPDIR/m.csv"
	# what was compared is real: records written, rows rejected with lines
	[ "$(grep -c ',asterisk-csv,' "$BATS_TEST_TMPDIR/all1")" -gt 2000 ]
	grep -q 'm.csv:[0-9]*: start: "2026-13-45 99:00:00" is not a date' "$BATS_TEST_TMPDIR/all1"
	grep -q 'm.csv:310: field 2: NUL byte' "$BATS_TEST_TMPDIR/all1"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/rej1")" -gt 50 ]
}

@test "cdr-parse --jobs 2: a stray quote (reading resumes on the next line) and a pipe, the same as --jobs 1" {
	gen_asterisk 3000 > "$BATS_TEST_TMPDIR/m.csv"
	cdr-parse -q -f asterisk-csv --tz UTC "$BATS_TEST_TMPDIR/m.csv" > "$BATS_TEST_TMPDIR/g.csv"
	# a quote that never closes at line 700: the 800 lines after it are
	# read again as rows
	sed -i '700s/,555/,"555/' "$BATS_TEST_TMPDIR/g.csv"
	same_both_ways -f generic "$BATS_TEST_TMPDIR/g.csv"
	grep -q 'g.csv:700: unterminated quoted field: the 800 lines after it read again as rows' "$BATS_TEST_TMPDIR/all1"
	grep -q '1499 read, 1498 used, 1 rejected' "$BATS_TEST_TMPDIR/all1"
	for j in 1 2; do
		cdr-parse -j $j -f generic - < "$BATS_TEST_TMPDIR/g.csv" \
			> "$BATS_TEST_TMPDIR/p$j" 2>&1 || true
	done
	cmp "$BATS_TEST_TMPDIR/p1" "$BATS_TEST_TMPDIR/p2"
	grep -q -- '-:700: unterminated' "$BATS_TEST_TMPDIR/p1"
}

@test "cdr-parse --jobs 2: several operands, a line format (queue_log) and generic, the same as --jobs 1" {
	gen_asterisk 2500 > "$BATS_TEST_TMPDIR/a.csv"
	gen_asterisk 1500 > "$BATS_TEST_TMPDIR/b.csv"
	same_both_ways -f asterisk-csv --tz UTC "$BATS_TEST_TMPDIR/a.csv" \
		"$BATS_TEST_TMPDIR/b.csv"
	grep -q '4000 read, 3946 used, 54 rejected' "$BATS_TEST_TMPDIR/all1"
	grep -aq 'b.csv,310,field 2: NUL byte' "$BATS_TEST_TMPDIR/rej1"
	same_both_ways -f asterisk-queue-log "$TD/cdr-parse/asterisk-queue-log/paths.log"
	grep -q ',asterisk-queue-log,' "$BATS_TEST_TMPDIR/all1"
	cdr-parse -q -f asterisk-csv --tz UTC "$BATS_TEST_TMPDIR/a.csv" > "$BATS_TEST_TMPDIR/g.csv"
	same_both_ways -f generic "$BATS_TEST_TMPDIR/g.csv"
	[ "$(grep -c ',asterisk-csv,' "$BATS_TEST_TMPDIR/all1")" -gt 1000 ]
}

@test "cdr-parse --jobs: bad values are usage errors" {
	run cdr-parse --jobs 0 -f generic /dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"--jobs"* ]]
	run cdr-parse -j x -f generic /dev/null
	[ "$status" -eq 2 ]
}
