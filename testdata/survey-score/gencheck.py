#!/usr/bin/env python3
"""Generate 20,000 weighted responses (fixed seed) with missing answers,
run survey-score over them by region and month, and recompute every
group in plain Python: weighted NPS, its se and Kish n_eff, CSAT share
and weighted mean and sd, raw alpha of q1..q3 with listwise deletion.
Usage: gencheck.py SURVEY_SCORE_BINARY. Exits 1 on any difference."""
import csv, datetime, io, math, random, subprocess, sys
from collections import defaultdict

random.seed(11)
rows = []
buf = io.StringIO()
buf.write("id,region,date,ltr,q1,q2,q3,w\n")
for i in range(20000):
    reg = random.choice("NSEW")
    serial = 44927 + random.randint(0, 180)
    ltr = random.choice([str(random.randint(0, 10))] * 9 + ["NULL"])
    qs = [random.choice(["1", "2", "3", "4", "5", "5", "4", "NA", "don't know", "7"])
          for _ in range(3)]
    w = round(random.uniform(0.2, 3.0), 3)
    buf.write(f"{i},{reg},{serial},{ltr},{','.join(qs)},{w}\n")
    month = (datetime.date(1899, 12, 30) + datetime.timedelta(serial)).strftime("%Y-%m")
    rows.append((reg, month, ltr, qs, w))

out = subprocess.run([sys.argv[1], "-q", "--nps", "ltr", "--csat", "q1",
                      "--alpha", "q1,q2:1..5,q3:1..5", "--by", "region,month",
                      "--date", "date", "--weight", "w", "--precision", "6"],
                     input=buf.getvalue(), capture_output=True, text=True)
got = {(r["region"], r["month"]): r for r in csv.DictReader(io.StringIO(out.stdout))}

groups = defaultdict(list)
for r in rows:
    groups[(r[0], r[1])].append(r)

def valid(s, lo, hi):
    return s.isdigit() and lo <= int(s) <= hi

bad = 0
def check(key, name, want, tol=2e-6):
    global bad
    have = float(got[key][name])
    if abs(have - want) > tol:
        bad += 1
        print(key, name, have, want)

for key, rs in sorted(groups.items()):
    if key not in got:
        bad += 1
        print("missing group", key)
        continue
    nps = [(int(r[2]), r[4]) for r in rs if valid(r[2], 0, 10)]
    sw = sum(w for _, w in nps)
    sw2 = sum(w * w for _, w in nps)
    p = sum(w for s, w in nps if s >= 9) / sw
    d = sum(w for s, w in nps if s <= 6) / sw
    ne = sw * sw / sw2
    check(key, "nps", 100 * (p - d))
    check(key, "nps_se", 100 * math.sqrt((p + d - (p - d) ** 2) / ne))
    check(key, "nps_n_eff", ne, 1e-5)
    q1 = [(int(r[3][0]), r[4]) for r in rs if valid(r[3][0], 1, 5)]
    sw = sum(w for _, w in q1)
    sw2 = sum(w * w for _, w in q1)
    ne = sw * sw / sw2
    m = sum(x * w for x, w in q1) / sw
    var = sum(w * (x - m) ** 2 for x, w in q1) / sw * ne / (ne - 1)
    check(key, "csat", sum(w for x, w in q1 if x >= 4) / sw)
    check(key, "csat_mean", m)
    check(key, "csat_sd", math.sqrt(var))
    comp = [[int(x) for x in r[3]] for r in rs if all(valid(x, 1, 5) for x in r[3])]
    n = len(comp)
    cols = list(zip(*comp))
    def svar(v):
        mu = sum(v) / len(v)
        return sum((x - mu) ** 2 for x in v) / (len(v) - 1)
    raw = 1.5 * (1 - sum(svar(c) for c in cols) / svar([sum(r) for r in comp]))
    check(key, "alpha_raw", raw)
    if int(got[key]["alpha_n"]) != n or int(got[key]["alpha_excluded"]) != len(rs) - n:
        bad += 1
        print(key, "alpha counts")
    miss = sum(1 for r in rs if not valid(r[2], 0, 10))
    if int(got[key]["missing_ltr"]) != miss:
        bad += 1
        print(key, "missing_ltr")
print(f"{len(groups)} groups, {bad} differences")
sys.exit(1 if bad else 0)
