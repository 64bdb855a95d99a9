#!/usr/bin/env bats
# cdr-parse keeps the date and hour of the last local times it read
# (lib/src/src.c src_local_time) and, when every local time of that hour
# has one UTC offset, converts a time of the same hour from its minutes
# and seconds alone. These tests hold every time it writes or rejects
# against python's zoneinfo, on rows in time order across DST changes
# (whole-hour ones, Lord Howe's half hour) and rows out of order.

load helpers

# rows.csv: asterisk-csv rows; want.txt: line<TAB>start<TAB>end in UTC,
# or line<TAB>reject message, worked out by python's zoneinfo.
gen() { # zone, seed, order (sorted|shuffled)
	python3 - "$1" "$2" "$3" "$BATS_TEST_TMPDIR" <<'PY'
import sys, random, datetime as dt
from zoneinfo import ZoneInfo
zone, seed, order, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
z, utc = ZoneInfo(zone), dt.timezone.utc
rnd = random.Random(seed)

def conv(s):
    """local time text -> (utc text, None) or (None, reason)"""
    n = dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    got = set()
    for fold in (0, 1):
        u = n.replace(tzinfo=z, fold=fold).astimezone(utc)
        if u.astimezone(z).replace(tzinfo=None) == n:
            got.add(u)
    if not got:
        return None, "does not exist (clocks went forward)"
    if len(got) == 2:
        return None, "is ambiguous (clocks went back)"
    return got.pop().strftime("%Y-%m-%dT%H:%M:%SZ"), None

# around the zone's changes of 2026, one time every 1-120 s
y = 2026
starts = []
for mon, day in ((3, 8), (3, 29), (4, 5), (10, 4), (10, 25), (11, 1)):
    t = dt.datetime(y, mon, day, 0, 0, 0) - dt.timedelta(hours=1)
    stop = t + dt.timedelta(hours=5)
    while t < stop:
        starts.append(t)
        t += dt.timedelta(seconds=rnd.randint(1, 120))
if order == "shuffled":
    rnd.shuffle(starts)
rows, want = [], []
for i, s in enumerate(starts):
    e = s + dt.timedelta(seconds=rnd.choice((5, 40, 700, 3600)))
    st, et = s.strftime("%Y-%m-%d %H:%M:%S"), e.strftime("%Y-%m-%d %H:%M:%S")
    rows.append('"","100","200","c","","SIP/100-1","SIP/200-1","Dial","SIP/200","%s","","%s",10,0,"NO ANSWER","DOCUMENTATION","u%d",""' % (st, et, i))
    line = i + 1
    us, why = conv(st)
    if why:
        want.append('%d\tstart: "%s" %s' % (line, st, why))
        continue
    ue, why = conv(et)
    if why:
        want.append('%d\tend: "%s" %s' % (line, et, why))
    elif ue < us:
        want.append("%d\tend before start" % line)
    else:
        want.append("%d\t%s\t%s" % (line, us, ue))
open(out + "/rows.csv", "w").write("\n".join(rows) + "\n")
open(out + "/want.txt", "w").write("\n".join(want) + "\n")
PY
}

# What cdr-parse made of rows.csv, as want.txt lays it out: the line of
# each record is its call_id's number + 1.
got() { # zone
	cdr-parse -q -f asterisk-csv --tz "$1" --rejects "$BATS_TEST_TMPDIR/rej.csv" \
		"$BATS_TEST_TMPDIR/rows.csv" > "$BATS_TEST_TMPDIR/out.csv"
	python3 - "$BATS_TEST_TMPDIR" <<'PY'
import csv, sys
d = sys.argv[1]
got = {}
for r in csv.DictReader(open(d + "/out.csv")):
    got[int(r["call_id"][1:]) + 1] = "%s\t%s" % (r["start"], r["end"])
for r in csv.DictReader(open(d + "/rej.csv")):
    got[int(r["line"])] = r["reason"]
print("\n".join("%d\t%s" % (k, got[k]) for k in sorted(got)))
PY
}

check_zone() { # zone, seed, order
	gen "$1" "$2" "$3"
	run got "$1"
	[ "$status" -eq 0 ]
	diff <(echo "$output") "$BATS_TEST_TMPDIR/want.txt"
	# the cases the cache must not paper over are there
	[ "$(grep -c '' "$BATS_TEST_TMPDIR/want.txt")" -gt 1000 ]
}

@test "cdr-parse hours: Europe/Berlin in time order, gap and fold, as zoneinfo" {
	check_zone Europe/Berlin 1 sorted
	grep -q 'clocks went forward' "$BATS_TEST_TMPDIR/want.txt"
	grep -q 'clocks went back' "$BATS_TEST_TMPDIR/want.txt"
}

@test "cdr-parse hours: America/New_York out of order, as zoneinfo" {
	check_zone America/New_York 2 shuffled
	grep -q 'clocks went forward' "$BATS_TEST_TMPDIR/want.txt"
	grep -q 'clocks went back' "$BATS_TEST_TMPDIR/want.txt"
}

@test "cdr-parse hours: Australia/Lord_Howe's half-hour change, as zoneinfo" {
	check_zone Australia/Lord_Howe 3 sorted
	grep -q 'clocks went forward' "$BATS_TEST_TMPDIR/want.txt"
	grep -q 'clocks went back' "$BATS_TEST_TMPDIR/want.txt"
}

@test "cdr-parse hours: Asia/Kolkata (+05:30) and UTC, as zoneinfo" {
	check_zone Asia/Kolkata 4 sorted
	check_zone UTC 5 shuffled
}

@test "cdr-parse hours: a bad minute or second in a cached hour is still rejected" {
	# the first row reads the hour in full; the others share its
	# "YYYY-MM-DD HH" and differ in what follows it
	f="$BATS_TEST_TMPDIR/b.csv"
	: > "$f"
	i=0
	for s in '2026-03-01 10:00:00' '2026-03-01 10:60:00' '2026-03-01 10:00:60' \
		'2026-03-01 10:0a:00' '2026-03-01 10:00-00' '2026-03-01 10:00:00.5' \
		'2026-03-01 10:00:00.1234' '2026-03-01 10:00:0' '2026-03-01 10:59:59'; do
		printf '"","1","2","c","","SIP/1-1","SIP/2-1","Dial","SIP/2","%s","","2026-03-01 11:00:00",1,0,"NO ANSWER","DOCUMENTATION","u%d","x"\n' "$s" $((i += 1)) >> "$f"
	done
	run --separate-stderr cdr-parse --max-errors all -f asterisk-csv --tz Europe/Berlin "$f"
	[ "${stderr_lines[0]}" = "cdr-parse: $f:2: start: \"2026-03-01 10:60:00\" is not a date and time" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:3: start: \"2026-03-01 10:00:60\" is not a date and time" ]
	[ "${stderr_lines[2]}" = "cdr-parse: $f:4: start: \"2026-03-01 10:0a:00\" is not a date and time" ]
	[ "${stderr_lines[3]}" = "cdr-parse: $f:5: start: \"2026-03-01 10:00-00\" is not a date and time" ]
	[ "${stderr_lines[4]}" = "cdr-parse: $f:7: start: \"2026-03-01 10:00:00.1234\" is not a date and time" ]
	[ "${stderr_lines[5]}" = "cdr-parse: $f:8: start: \"2026-03-01 10:00:0\" is not a date and time" ]
	[ "${stderr_lines[6]}" = "cdr-parse: 9 read, 3 used, 6 rejected" ]
	# 10:00:00, 10:00:00.5 and 10:59:59 CET are 09:00:00, 09:00:00.5 and
	# 09:59:59 UTC; the end, 11:00:00 CET, 10:00:00 UTC
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[1]}" == u1,asterisk-csv,2026-03-01T09:00:00Z,,2026-03-01T10:00:00Z,* ]]
	[[ "${lines[2]}" == u6,asterisk-csv,2026-03-01T09:00:00.500Z,,2026-03-01T10:00:00Z,* ]]
	[[ "${lines[3]}" == u9,asterisk-csv,2026-03-01T09:59:59Z,,2026-03-01T10:00:00Z,* ]]
}
