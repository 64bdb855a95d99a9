#!/usr/bin/env bats
# The row path of cdr-parse -f asterisk-csv: a row's NUL check and the
# copy astcall keeps of each row until its call is written take the
# row's fields as one span when the line was split in place, and field
# by field otherwise (a doubled quote moves a field's bytes). These
# tests hold both against python on generated rows: which rows are
# rejected for a NUL and in which field, and what the merged records of
# calls of several rows say.

load helpers

@test "cdr-parse rows: NUL bytes found in the right field, in-place lines or not" {
	python3 - "$BATS_TEST_TMPDIR" <<'PY'
import random, sys
d = sys.argv[1]
rnd = random.Random(11)
lines, want = [], []
for i in range(3000):
    f = ["", "10%d" % i, "20%d" % i, "ctx", '"%d" <%d>' % (i, i), "SIP/1-%d" % i,
         "SIP/2-%d" % i, "Dial", "SIP/2,30", "2026-03-01 10:%02d:%02d" % (i // 60 % 60, i % 60),
         "", "2026-03-01 11:00:00", "5", "0", "NO ANSWER", "DOCUMENTATION", "u%d" % i, "x"]
    nul = None
    if rnd.random() < 0.3:
        nul = rnd.randrange(18)
        k = rnd.randrange(len(f[nul]) + 1)
        f[nul] = f[nul][:k] + "\0" + f[nul][k:]
    cells = []
    for j, v in enumerate(f):
        # durations unquoted, as Asterisk writes them; the rest quoted,
        # the caller id with its quotes doubled in half of the lines
        if j in (12, 13) and "\0" not in v:
            cells.append(v)
        elif j == 4 and rnd.random() < 0.5:
            cells.append('"' + v.replace('"', '""') + '"')
        else:
            cells.append('"' + v.replace('"', "'") + '"')
    lines.append(",".join(cells))
    if nul is not None:
        want.append("%d\tfield %d: NUL byte" % (i + 1, nul + 1))
open(d + "/n.csv", "w").write("\n".join(lines) + "\n")
open(d + "/want.txt", "w").write("\n".join(want) + "\n")
PY
	f="$BATS_TEST_TMPDIR/n.csv"
	run --separate-stderr cdr-parse --max-errors all -f asterisk-csv --tz UTC "$f"
	[ "$status" -eq 0 ]
	got=$(printf '%s\n' "${stderr_lines[@]}" | sed -n "s|^cdr-parse: $f:\([0-9]*\): |\1\t|p")
	diff <(echo "$got") "$BATS_TEST_TMPDIR/want.txt"
	n=$(grep -c '' "$BATS_TEST_TMPDIR/want.txt")
	[ "$n" -gt 600 ]
	[ "${stderr_lines[-1]}" = "cdr-parse: 3000 read, $((3000 - n)) used, $n rejected" ]
	[ "${#lines[@]}" -eq $((3001 - n)) ]
}

@test "cdr-parse rows: calls of several rows kept and merged from their copies" {
	# call c has 1-4 rows sharing linkedid c.0; the last row is the one a
	# person answered: caller and callee come from the row whose uniqueid
	# is the linkedid, the agent is the last row's destination peer
	python3 - "$BATS_TEST_TMPDIR" <<'PY'
import random, sys
d = sys.argv[1]
rnd = random.Random(5)
rows, want = [], []
for c in range(2000):
    t = 36000 + 3 * c
    n = rnd.randint(1, 4)
    for k in range(n):
        last = k == n - 1
        s = t + k
        hm = lambda x: "2026-03-01 %02d:%02d:%02d" % (x // 3600, x // 60 % 60, x % 60)
        f = ["", "c%d" % c if k == 0 else "x%d" % k, "d%d" % c, "ctx",
             'C %d, "boss" <c%d>' % (c, c) if rnd.random() < 0.5 else "C %d" % c,
             "SIP/c%d-%d" % (c, k), "SIP/a%d-%d%d" % (c, c, k), "Dial", "SIP/a%d,30" % c,
             hm(s), hm(s + 5) if last else "", hm(s + 65), "65", "60" if last else "0",
             "ANSWERED" if last else "NO ANSWER", "DOCUMENTATION", "%d.%d" % (c, k), "",
             "", "%d.0" % c, str(k)]
        # quoted as Asterisk does, the quotes of a caller id doubled
        rows.append(",".join('"%s"' % v.replace('"', '""') for v in f))
    want.append("%d.0,c%d,d%d,SIP/a%d" % (c, c, c, c))
open(d + "/m.csv", "w").write("\n".join(rows) + "\n")
open(d + "/want.txt", "w").write("\n".join(want) + "\n")
PY
	cdr-parse -q -f asterisk-csv --tz UTC "$BATS_TEST_TMPDIR/m.csv" > "$BATS_TEST_TMPDIR/out.csv"
	python3 - "$BATS_TEST_TMPDIR" <<'PY' > "$BATS_TEST_TMPDIR/got.txt"
import csv, sys
for r in csv.DictReader(open(sys.argv[1] + "/out.csv")):
    print("%s,%s,%s,%s" % (r["call_id"], r["caller"], r["callee"], r["agent"]))
PY
	diff "$BATS_TEST_TMPDIR/got.txt" "$BATS_TEST_TMPDIR/want.txt" | head -20
	cmp "$BATS_TEST_TMPDIR/got.txt" "$BATS_TEST_TMPDIR/want.txt"
	[ "$(grep -c '' "$BATS_TEST_TMPDIR/want.txt")" -eq 2000 ]
}
