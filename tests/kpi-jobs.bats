#!/usr/bin/env bats
# kpi-calc --jobs on a pipe: the input is read in pieces of whole lines
# by worker threads; the table, the reject messages, their line numbers
# and the --rejects file must be byte for byte those of one thread.
# testdata/kpi-jobs/gen.py writes seeded calls with bad rows and records
# spanning lines, and lists the bad rows' line numbers (the oracle).

load helpers

GEN="$TD/kpi-jobs/gen.py"

setup() {
	python3 "$GEN" 3000 7 "$BATS_TEST_TMPDIR/in.csv" "$BATS_TEST_TMPDIR/bad.txt"
}

# one run on a pipe: out, err and rejects files named by $1
pipe_run() {
	local tag=$1
	shift
	cat "$BATS_TEST_TMPDIR/in.csv" | kpi-calc --by day,queue \
		--percentiles 90 --rejects "$BATS_TEST_TMPDIR/rej.$tag" "$@" \
		> "$BATS_TEST_TMPDIR/out.$tag" 2> "$BATS_TEST_TMPDIR/err.$tag"
}

@test "kpi-jobs: one thread on a pipe rejects exactly the bad rows, at their lines" {
	pipe_run 1
	# the rejects file's lines against the generator's list
	got=$(python3 -c 'import csv,sys
for r in list(csv.reader(open(sys.argv[1], newline="")))[1:]: print(r[1])' "$BATS_TEST_TMPDIR/rej.1")
	want=$(grep -E '^[0-9]+$' "$BATS_TEST_TMPDIR/bad.txt")
	[ -n "$want" ]
	[ "$got" = "$want" ]
	# stderr shows the first 10 of them (--max-errors)
	got=$(sed -E 's/^kpi-calc: -:([0-9]+): .*/\1/;t;d' "$BATS_TEST_TMPDIR/err.1")
	[ "$got" = "$(head -10 <<< "$want")" ]
	# one group's offered count against the generator's
	read -r _ day q n < <(tail -1 "$BATS_TEST_TMPDIR/bad.txt")
	got=$(awk -F, -v d="$day" -v q="$q" '$1 == d && $2 == q { print $3 }' "$BATS_TEST_TMPDIR/out.1")
	[ "$got" = "$n" ]
}

@test "kpi-jobs: --jobs 2 and 3 on a pipe, in pieces of 64 bytes to 4 MB, equal one thread" {
	pipe_run 1
	for size in 64 1000 65536 4194304; do
		for j in 2 3; do
			TELAUDIT_PIECE_BYTES=$size pipe_run "$j-$size" --jobs "$j"
			cmp "$BATS_TEST_TMPDIR/out.1" "$BATS_TEST_TMPDIR/out.$j-$size"
			cmp "$BATS_TEST_TMPDIR/err.1" "$BATS_TEST_TMPDIR/err.$j-$size"
			cmp "$BATS_TEST_TMPDIR/rej.1" "$BATS_TEST_TMPDIR/rej.$j-$size"
		done
	done
}

@test "kpi-jobs: --jobs 2 on stdin redirected from a file and on a named pipe equal one thread" {
	pipe_run 1
	TELAUDIT_PIECE_BYTES=500 kpi-calc --by day,queue --percentiles 90 --jobs 2 \
		< "$BATS_TEST_TMPDIR/in.csv" > "$BATS_TEST_TMPDIR/out.stdin" 2> "$BATS_TEST_TMPDIR/err.stdin"
	cmp "$BATS_TEST_TMPDIR/out.1" "$BATS_TEST_TMPDIR/out.stdin"
	cmp "$BATS_TEST_TMPDIR/err.1" "$BATS_TEST_TMPDIR/err.stdin"
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	cat "$BATS_TEST_TMPDIR/in.csv" > "$BATS_TEST_TMPDIR/fifo" &
	TELAUDIT_PIECE_BYTES=500 kpi-calc --by day,queue --percentiles 90 --jobs 2 \
		"$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out.fifo" 2> "$BATS_TEST_TMPDIR/err.fifo"
	wait
	cmp "$BATS_TEST_TMPDIR/out.1" "$BATS_TEST_TMPDIR/out.fifo"
	# the same messages, named after the fifo
	sed "s|^kpi-calc: -:|kpi-calc: $BATS_TEST_TMPDIR/fifo:|" "$BATS_TEST_TMPDIR/err.1" |
		cmp - "$BATS_TEST_TMPDIR/err.fifo"
}

@test "kpi-jobs: the first valid record's zone sets the days, with --jobs on a pipe too" {
	# rows 2-4 are bad; row 5 is the first record: zone Asia/Tokyo
	# (UTC+9), so 2026-03-01T20:00Z is 2026-03-02 and 14:00Z is 23:00
	# on 2026-03-01 (by hand); 30 rows each, then 30 rows of zone UTC at
	# 20:00Z, counted on the Tokyo day 2026-03-02; in pieces of 100 bytes
	{
		echo "call_id,start,queue,outcome,wait_s,talk_s,zone"
		for i in 1 2 3; do echo "b$i,bad,q,answered,1,1,Asia/Tokyo"; done
		for i in $(seq 30); do
			echo "x$i,2026-03-01T20:00:00Z,q,answered,1,1,Asia/Tokyo"
			echo "y$i,2026-03-01T14:00:00Z,q,answered,1,1,Asia/Tokyo"
		done
		for i in $(seq 30); do
			echo "u$i,2026-03-01T20:00:00Z,q,answered,1,1,UTC"
		done
	} > "$BATS_TEST_TMPDIR/z.csv"
	run --separate-stderr kpi-calc --by day --kpis offered < "$BATS_TEST_TMPDIR/z.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-03-01,30" ]
	[ "${lines[2]}" = "2026-03-02,60" ]
	[[ "$stderr" == *"records of several zones (Asia/Tokyo, UTC)"* ]]
	one=$output
	one_err=$stderr
	run --separate-stderr env TELAUDIT_PIECE_BYTES=100 kpi-calc --jobs 2 --by day --kpis offered < "$BATS_TEST_TMPDIR/z.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$one" ]
	[ "$stderr" = "$one_err" ]
}
