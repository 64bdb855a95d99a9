#!/usr/bin/env python3
"""Cross-check survey-score's NPS score interval against oracle.py's
closed-form one on 200 fixed pseudo-random small samples (n 1..40,
levels .8 to .99). Usage: xcheck.py SURVEY_SCORE_BINARY. Prints the
mismatches and exits 1 if there is any."""
import os, random, subprocess, sys
from statistics import NormalDist

here = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(here, "oracle.py")).read().split("\nmain()")[0]
exec(src)
random.seed(7)
bad = 0
for case in range(200):
    n = random.randint(1, 40)
    a = random.randint(0, n)
    b = random.randint(0, n - a)
    c = n - a - b
    data = "ltr\n" + "".join(f"{v}\n" for v in [10] * a + [8] * b + [3] * c)
    lvl = random.choice([0.8, 0.9, 0.95, 0.99])
    out = subprocess.run([sys.argv[1], "-q", "--nps", "ltr", "--ci", str(lvl),
                          "--precision", "6"], input=data,
                         capture_output=True, text=True).stdout.splitlines()
    r = dict(zip(out[0].split(","), out[1].split(",")))
    lo, hi = tango_ci(a / n, c / n, n, NormalDist().inv_cdf(0.5 + lvl / 2))
    if abs(float(r["nps_score_lo"]) - lo) > 1e-4 or \
       abs(float(r["nps_score_hi"]) - hi) > 1e-4:
        bad += 1
        print(a, b, c, lvl, r["nps_score_lo"], r["nps_score_hi"], lo, hi)
print(f"200 cases, {bad} mismatches")
sys.exit(1 if bad else 0)
