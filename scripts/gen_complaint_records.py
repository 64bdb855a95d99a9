#!/usr/bin/env python3
"""gen_complaint_records.py N [SEED]: N synthetic complaint records (the
complaint record of SPEC 5.1) for a year, 2026, as CSV on stdout: times in
UTC with a Z; replies, resolutions and closings after the receipt, some
missing, some after the end of the year; 40,000 customers so that repeats
happen; escalations, reopenings. The same N and SEED give the same file.
Used by tests/complaint-kpi.bats (oracle) and make bench."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
T0 = 1767225600  # 2026-01-01T00:00:00Z
YEAR = 365 * 86400
cats = ["billing", "network", "service", "privacy", "value_added", "other"]
tiers = ["fast", "specialist", "priority"]
chans = ["phone", "web", "app", "store"]
esc = ["regulator", "12300", "media", "ombudsman"]


def iso(t):
    s = t // 1000
    ms = t % 1000
    d, r = divmod(s, 86400)
    # civil from days (Howard Hinnant's algorithm), d days since 1970
    z = d + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    dd = doy - (153 * mp + 2) // 5 + 1
    mm = mp + 3 if mp < 10 else mp - 9
    y += mm <= 2
    out = "%04d-%02d-%02dT%02d:%02d:%02d" % (y, mm, dd, r // 3600,
                                              r // 60 % 60, r % 60)
    return out + (".%03dZ" % ms if ms else "Z")


w = sys.stdout.write
w("id,received,replied,resolved,closed,customer,category,tier,channel,"
  "escalated,reopened\n")
buf = []
for i in range(1, n + 1):
    rec = (T0 + rng.randrange(YEAR)) * 1000 + (rng.randrange(1000)
                                               if rng.random() < 0.1 else 0)
    rep = res = clo = None
    u = rng.random()
    if u < 0.85:
        rep = rec + int(rng.expovariate(1 / (6 * 86400)) * 1000)
        if rng.random() < 0.85:
            res = rep + int(rng.expovariate(1 / (9 * 86400)) * 1000)
            if rng.random() < 0.9:
                clo = res + rng.randrange(3 * 86400) * 1000
    elif u < 0.88:
        clo = rec + rng.randrange(20 * 86400) * 1000  # closed unanswered
    cust = "C%05d" % rng.randrange(1, 40001)
    e = rng.choice(esc) if rng.random() < 0.05 else ""
    r = rng.random()
    reo = "" if r < 0.1 else ("0" if r < 0.92 else str(rng.randrange(1, 3)))
    buf.append("K%07d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n" % (
        i, iso(rec), iso(rep) if rep else "", iso(res) if res else "",
        iso(clo) if clo else "", cust, rng.choice(cats), rng.choice(tiers),
        rng.choice(chans), e, reo))
    if len(buf) >= 10000:
        w("".join(buf))
        buf = []
w("".join(buf))
