#!/usr/bin/env python3
"""Calls for kpi-calc's per-record fast paths, with an oracle.

gen.py N SEED OUT.csv EXPECT.csv REJECTS.txt
  writes N calls whose seconds and start cells take every form the fast
  paths meet or hand over ("12", "12.5", ".5", "5.", "+3", "1.0000",
  12 to 17 digits, fractions of instants, bad dates and times on a date
  just read), grouped by day, queue and agent: 300 queues, values that
  run into one another ("ab","c" / "a","bc"), days out of order, every
  outcome and a few that are not, a NUL byte in a --by column. The
  oracle parses each cell itself (SPEC 2: seconds non-negative with at
  most 3 decimals, instants YYYY-MM-DDTHH:MM:SS[.ffffff]Z) and writes the
  table of --kpis offered,answered,max_wait,att,aht and the rejected
  lines with their reasons.
gen.py check EXPECT.csv GOT.csv
  compares two tables: text equal, numbers within 1e-9 (1e-12 relative
  for large ones).
"""
import calendar
import csv
import random
import re
import sys

INT64_MAX = 2**63 - 1


def parse_ms(s):
    """(ms or None, reason or None), the SPEC 2 grammar of seconds."""
    if s == "":
        return None, None
    if s[0] == "-":
        if all(c in "0123456789." for c in s[1:]):
            return None, "is negative"
        return None, "is not a number"
    i = 1 if s[0] == "+" else 0
    whole = frac = nd = nf = 0
    while i < len(s) and s[i] in "0123456789":
        if whole > (INT64_MAX // 1000 - 9) // 10:
            return None, "is too large"
        whole = whole * 10 + int(s[i])
        nd += 1
        i += 1
    if i < len(s) and s[i] == ".":
        i += 1
        while i < len(s) and s[i] in "0123456789":
            if nf == 3:
                if s[i] != "0":
                    return None, "has more than 3 decimals"
            else:
                frac = frac * 10 + int(s[i])
                nf += 1
            i += 1
    if i != len(s) or (nd == 0 and nf == 0):
        return None, "is not a number"
    return whole * 1000 + frac * 10 ** (3 - nf), None


ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):"
                 r"([0-9]{2})(?:\.([0-9]{1,6}))?Z")


def parse_time(s):
    """Milliseconds since the epoch, or None."""
    m = ISO.fullmatch(s)
    if not m:
        return None
    y, mo, d, h, mi, se = (int(x) for x in m.groups()[:6])
    f = m.group(7) or ""
    if f[3:].strip("0"):
        return None
    if not (1 <= y <= 9999 and 1 <= mo <= 12 and h < 24 and mi < 60
            and se < 60):
        return None
    mdays = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
             else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
    if not 1 <= d <= mdays:
        return None
    secs = calendar.timegm((y, mo, d, h, mi, se, 0, 0, 0))
    return secs * 1000 + int((f + "000")[:3])


GOOD_SECS = ["0", "7", "12", "123", "12.5", "0.125", "3.10", "0.001",
             "5.", ".5", "+3", "007", "1.000", "1.0000", "12.50", "",
             "999999999999", "9999999999999", "123456789012.125",
             "999999999999999", "4.5000000"]
BAD_SECS = ["1.0001", "-3", "-0", "-1.5x", "abc", "1e3", "..", "1.2.3", "-",
            "+", ".", " 1", "1 ", "9223372036854776", "99999999999999999",
            "0x10", "1_5"]


OUTCOMES = ["answered", "abandoned", "timeout", "busy", "noanswer",
            "rejected", "cancelled", "failed"]
BAD_OUTCOMES = ["Answered", "answere", "answeredx", "busyy", "xusy",
                "noanswex", "cancelledd", "faile", "timeou"]


def fmt_iso(ms):
    s = ms // 1000
    return "%s%sZ" % (
        "%04d-%02d-%02dT%02d:%02d:%02d" % tuple(
            __import__("time").gmtime(s)[:6]),
        ".%03d" % (ms % 1000) if ms % 1000 else "")


def bad_time(rnd, ms):
    """A start that is not a UTC time, most on the date just read."""
    iso = fmt_iso(ms - ms % 1000)
    d = iso[:10]
    return rnd.choice([
        d + "T24:00:00Z", d + "T23:60:00Z", d + "T23:59:60Z",
        d + "T0a:00:00Z", d + " 00:00:08Z", iso[:-1], iso[:-1] + "z",
        iso + "Z", d + "T00:00:08.1234567Z", d + "T00:00:08.0001Z",
        d + "T00:00:08.Z", "2026-02-30T00:00:00Z", "2025-02-29T12:00:00Z",
        "0000-01-01T00:00:00Z", "2026-3-01T00:00:08Z", "",
        d + "T00:00:8Z", d + "T00:00:08+00:00"])


def good_time_form(rnd, ms):
    """The instant written as the fast path reads it, or with a fraction."""
    iso = fmt_iso(ms - ms % 1000)
    k = rnd.random()
    if k < 0.8:
        return iso, ms - ms % 1000
    if k < 0.9:
        return iso[:-1] + ".%03dZ" % (ms % 1000), ms
    return iso[:-1] + ".%03d000Z" % (ms % 1000), ms


def generate(n, seed, out, expect, rejects):
    rnd = random.Random(seed)
    queues = ["q%03d" % i for i in range(300)] + ["a", "ab", "", "tech_broadband_x"]
    agents = ["c", "bc", "", "A1", "A22", "agent_with_a_long_name_0"]
    t = calendar.timegm((2024, 2, 28, 22, 0, 0, 0, 0, 0)) * 1000
    rows, bad, groups = [], [], {}
    for line in range(2, n + 2):
        if rnd.random() < 0.002:  # back or forward a few days
            t += rnd.choice([-3, -1, 1, 2]) * 86400000
        t += rnd.randrange(0, 40000)
        if rnd.random() < 0.5:  # runs of one group
            q, a = rnd.choice(queues[:12]), rnd.choice(agents[:3])
        else:
            q, a = rnd.choice(queues), rnd.choice(agents)
        if rnd.random() < 0.05:
            q, a = rnd.choice([("ab", "c"), ("a", "bc")])
        start, ms = good_time_form(rnd, t)
        secs = [rnd.choice(GOOD_SECS[:8]) for _ in range(4)]
        if rnd.random() < 0.15:
            secs[rnd.randrange(4)] = rnd.choice(GOOD_SECS)
        why = None
        if rnd.random() < 0.04:
            k = rnd.randrange(4)
            secs[k] = rnd.choice(BAD_SECS)
        if rnd.random() < 0.03:
            start = bad_time(rnd, t)
        outcome = rnd.choice(OUTCOMES[:3] if rnd.random() < 0.9 else
                             OUTCOMES + BAD_OUTCOMES)
        if rnd.random() < 0.002:
            a = "A\x00" + a  # a --by column, not a record column
        row = [str(line), start, q, a] + secs + [outcome]
        rows.append(row)
        # the oracle: columns in the order kpi-calc reads them (SPEC 2):
        # start, queue, then the seconds, then the outcome
        st = parse_time(start)
        if st is None:
            why = 'start: "%s" is not a UTC time' % start
        vals = []
        for name, s in zip(["wait_s", "talk_s", "hold_s", "wrap_s"], secs):
            v, r = parse_ms(s)
            if r and not why:
                why = '%s: "%s" %s' % (name, s, r)
            vals.append(v)
        if outcome not in OUTCOMES and not why:
            why = 'outcome: "%s" is not an outcome' % outcome
        if "\x00" in a and not why:
            why = "agent: contains a NUL byte"
        if why:
            bad.append((line, why))
            continue
        w, tk, h, wr = vals
        day = fmt_iso(st - st % 86400000)[:10]
        g = groups.setdefault((day, q.encode(), a.encode()),
                              [0, 0, None, 0, 0])
        if q == "":  # not queued: counted in no contact-centre KPI
            continue
        g[0] += 1
        if w is not None and (g[2] is None or w > g[2]):
            g[2] = w
        if outcome == "answered":
            g[1] += 1
            g[3] += tk or 0
            g[4] += (tk or 0) + (h or 0) + (wr or 0)
    with open(out, "w", newline="") as f:
        f.write("call_id,start,queue,agent,wait_s,talk_s,hold_s,wrap_s,"
                "outcome\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    with open(expect, "w", newline="") as f:
        f.write("day,queue,agent,offered,answered,max_wait,att,aht\n")
        for (day, q, a), (off, ans, mw, st, sh) in sorted(groups.items()):
            f.write("%s,%s,%s,%d,%d,%s,%s,%s\n" % (
                day, q.decode(), a.decode(), off, ans,
                "" if mw is None else repr(mw / 1000),
                repr(st / 1000 / ans) if ans else "",
                repr(sh / 1000 / ans) if ans else ""))
    with open(rejects, "w") as f:
        for line, why in bad:
            f.write("%d %s\n" % (line, why))


def check(expect, got):
    a = list(csv.reader(open(expect, newline="")))
    b = list(csv.reader(open(got, newline="")))
    if len(a) != len(b):
        sys.exit("rows: %d expected, %d got" % (len(a), len(b)))
    for i, (ra, rb) in enumerate(zip(a, b)):
        for j, (x, y) in enumerate(zip(ra, rb)):
            if x == y:
                continue
            try:
                fx, fy = float(x), float(y)
                if abs(fx - fy) <= max(1e-9, 1e-12 * abs(fx)):
                    continue
            except ValueError:
                pass
            sys.exit("row %d col %s: %r expected, %r got" % (i + 1, a[0][j], x, y))
        if len(ra) != len(rb):
            sys.exit("row %d: %d vs %d cells" % (i + 1, len(ra), len(rb)))
    print("%d rows equal" % len(a))


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        generate(int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:6])
