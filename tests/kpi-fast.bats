#!/usr/bin/env bats
# kpi-calc's per-record fast paths (the common forms of seconds and
# instants, the cache of recent groups) against an oracle that parses
# every cell itself: testdata/kpi-fast/gen.py writes seeded calls whose
# cells take every form the fast paths meet or hand over to the general
# parsers, and the table and the rejected lines they must give.

load helpers

GEN="$TD/kpi-fast/gen.py"
KPIS=offered,answered,max_wait,att,aht

setup() {
	d="$BATS_TEST_TMPDIR"
	python3 "$GEN" 20000 5 "$d/in.csv" "$d/expect.csv" "$d/bad.txt"
}

# the rejects file as "line reason" lines
rej_lines() {
	python3 -c 'import csv,sys
for r in list(csv.reader(open(sys.argv[1], newline="")))[1:]: print(r[1], r[2])' "$1"
}

@test "kpi-fast: seconds, instants, outcomes and groups as the oracle reads them" {
	kpi-calc -q --by day,queue,agent --kpis "$KPIS" --precision 10 \
		--rejects "$d/rej" "$d/in.csv" > "$d/out"
	run python3 "$GEN" check "$d/expect.csv" "$d/out"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(wc -l < "$d/expect.csv") rows equal" ]
	rej_lines "$d/rej" > "$d/got.txt"
	[ "$(wc -l < "$d/bad.txt")" -gt 1000 ]
	diff "$d/bad.txt" "$d/got.txt"
	# every kind of reason is met
	for why in 'is not a UTC time' 'is negative' 'is not a number' \
		'is too large' 'has more than 3 decimals' 'is not an outcome' \
		'agent: contains a NUL byte'; do
		grep -q "$why" "$d/bad.txt"
	done
}

@test "kpi-fast: --jobs 2 and 3, on the file and on a pipe, equal one thread" {
	kpi-calc --by day,queue,agent --kpis "$KPIS" --percentiles 90 \
		--rejects "$d/rej.1" "$d/in.csv" > "$d/out.1" 2> "$d/err.1"
	for j in 2 3; do
		kpi-calc --by day,queue,agent --kpis "$KPIS" --percentiles 90 \
			--jobs "$j" --rejects "$d/rej.$j" "$d/in.csv" \
			> "$d/out.$j" 2> "$d/err.$j"
		sed "s#$d/rej.$j#$d/rej.1#" "$d/err.$j" | cmp "$d/err.1" -
		cmp "$d/out.1" "$d/out.$j"
		cmp "$d/rej.1" "$d/rej.$j"
		TELAUDIT_PIECE_BYTES=4096 kpi-calc --by day,queue,agent \
			--kpis "$KPIS" --percentiles 90 --jobs "$j" \
			< "$d/in.csv" > "$d/out.p$j" 2> "$d/err.p$j"
		cmp "$d/out.1" "$d/out.p$j"
		[ "$(grep -c ':[0-9]*: ' "$d/err.p$j")" -eq "$(grep -c ':[0-9]*: ' "$d/err.1")" ]
	done
}

# in.csv with a call_id (a column kpi-calc does not read) quoted over
# 200 lines around the middle of the file, so that the first line break
# after the middle, where --jobs 2 guesses the cut, is inside the quotes;
# checked here as lib/chunk places it
quoted_middle() {
	python3 - "$d/in.csv" "$d/q.csv" <<'PY'
import sys
rows = open(sys.argv[1], "rb").read().split(b"\n")
hdr, rows = rows[0], [r for r in rows[1:] if r]
field = b'"' + b"\n".join(b"x%d" % i for i in range(200)) + b'"'
for mid in range(len(rows) // 3, len(rows)):
    r = rows[:]
    r[mid] = field + r[mid][r[mid].index(b","):]
    data = b"\n".join([hdr] + r) + b"\n"
    beg = len(hdr) + 1
    at = beg + (len(data) - beg) // 2 - 1
    nl = data.index(b"\n", at)
    q0 = data.index(field)
    if q0 < nl < q0 + len(field):
        open(sys.argv[2], "wb").write(data)
        break
else:
    sys.exit("no row puts the guessed cut inside the quotes")
PY
}

@test "kpi-fast: --jobs on a file: a guessed cut inside a quoted field, an open quote, doubled quotes" {
	quoted_middle
	# a quoted value with a comma and doubled quotes, early on
	awk -F, 'NR == 50 { $1 = "\"1,\"\"2\"\"\"" } 1' OFS=, "$d/in.csv" > "$d/dq.csv"
	# a quote left open to the end
	awk -F, 'NR == 300 { $1 = "\"open" } 1' OFS=, "$d/in.csv" > "$d/open.csv"
	for f in q dq open; do
		kpi-calc --by day,queue --percentiles 90 --rejects "$d/rej.1" \
			"$d/$f.csv" > "$d/out.1" 2> "$d/err.1"
		for j in 2 3; do
			kpi-calc --by day,queue --percentiles 90 --jobs "$j" \
				--rejects "$d/rej.$j" "$d/$f.csv" \
				> "$d/out.$j" 2> "$d/err.$j"
			sed "s#$d/rej.$j#$d/rej.1#" "$d/err.$j" | cmp "$d/err.1" -
			cmp "$d/out.1" "$d/out.$j"
			cmp "$d/rej.1" "$d/rej.$j"
		done
	done
	# the 200 quoted lines are one record
	[ "$(wc -l < "$d/q.csv")" -eq 20200 ]
	kpi-calc --by day "$d/q.csv" 2>&1 > /dev/null | grep -q '^kpi-calc: 20000 read, '
}
