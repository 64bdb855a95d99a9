#!/usr/bin/env bats
# The row path of cdr-parse -f asterisk-csv: a row's NUL check and the
# copy astcall keeps of each row until its call is written take the
# row's fields as one span when the line was split in place, and field
# by field otherwise (a doubled quote moves a field's bytes). These
# tests hold both against python on generated rows: which rows are
# rejected for a NUL and in which field, and what the merged records of
# calls of several rows say.

load helpers

# rejects_match FILE MIN: cdr-parse's reject lines on $BATS_TEST_TMPDIR/FILE
# (line and reason) are exactly want.txt's, more than MIN of them, and the
# account counts them among its 3000 rows; n is left set to their number.
rejects_match() {
	local f="$BATS_TEST_TMPDIR/$1" got
	run --separate-stderr cdr-parse --max-errors all -f asterisk-csv --tz UTC "$f"
	[ "$status" -eq 0 ]
	got=$(printf '%s\n' "${stderr_lines[@]}" | sed -n "s|^cdr-parse: $f:\([0-9]*\): |\1\t|p")
	diff <(echo "$got") "$BATS_TEST_TMPDIR/want.txt"
	n=$(grep -c '' "$BATS_TEST_TMPDIR/want.txt")
	[ "$n" -gt "$2" ]
	[ "${stderr_lines[-1]}" = "cdr-parse: 3000 read, $((3000 - n)) used, $n rejected" ]
}

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
	rejects_match n.csv 600
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

@test "cdr-parse rows: control bytes and UTF-8 in any field: the same rejects as python's reading of rec_check" {
	# rows of printable ASCII skip the text checks: a bad byte in any
	# field must still reject the row when, and only when, it lands in
	# a text the row gives its record (uniqueid, src, dst, the queue
	# before lastdata's first comma when lastapp is Queue, dstchannel's
	# peer), naming the first such text and its first bad byte
	python3 - "$BATS_TEST_TMPDIR" <<'PY'
import random, sys
d = sys.argv[1]
rnd = random.Random(3)
bad = [b"\x01", b"\x1f", b"\x7f", b"\t", b"\xc3\xa9", b"\xff", b"\xe2\x82", b"\xed\xa0\x80",
       b"\xf0\x9f\x98\x80", b"\xc0\xaf", b"\r", b"\n", b"\x0b"]

def why(s):
    i = 0
    while i < len(s):
        c = s[i]
        if c < 0x80:
            if (c < 0x20 and c != 9) or c == 0x7f:
                return "control character in text"
            i += 1
            continue
        for n in (2, 3, 4):
            try:
                if len(s[i:i + n].decode("utf-8")) == 1:
                    break
            except UnicodeDecodeError:
                pass
        else:
            return "invalid UTF-8"
        i += n
    return None

lines, want = [], []
line = 1  # physical line of the row: a quoted line break takes two
for i in range(3000):
    q = rnd.random() < 0.5
    f = [b"", b"30%d" % i, b"40%d" % i, b"ctx", b"clid", b"SIP/1-%d" % i, b"SIP/77-%d" % i,
         b"Queue" if q else b"Dial", b"sales,t,,300" if q else b"SIP/77,30",
         b"2026-03-01 10:%02d:%02d" % (i // 60 % 60, i % 60), b"",
         b"2026-03-01 11:00:00", b"5", b"0", b"NO ANSWER", b"DOCUMENTATION", b"u%d" % i, b"x"]
    if rnd.random() < 0.5:
        k = rnd.choice([0, 1, 2, 3, 4, 5, 6, 8, 16, 17])
        p = rnd.randrange(len(f[k]) + 1)
        f[k] = f[k][:p] + rnd.choice(bad) + f[k][p:]
    lines.append(b",".join(b'"' + v.replace(b'"', b'""') + b'"' for v in f))
    dc = f[6]
    peer = dc[:dc.rfind(b"-")] if dc.rfind(b"-") > 0 else dc
    queue = f[8].split(b",")[0] if q else b""
    for name, text in (("call_id", f[16]), ("caller", f[1]), ("callee", f[2]),
                       ("queue", queue), ("agent", peer)):
        w = why(text)
        if w:
            want.append("%d\t%s: %s" % (line, name, w))
            break
    line += 1 + lines[-1].count(b"\n")
open(d + "/u.csv", "wb").write(b"\n".join(lines) + b"\n")
open(d + "/want.txt", "w").write("\n".join(want) + "\n")
PY
	rejects_match u.csv 300
}
