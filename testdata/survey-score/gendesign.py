#!/usr/bin/env python3
"""Write the design test samples of tests/survey-score.bats (fixed seed):
design.csv, a stratified (region), clustered (shop, numbered within its
region) and weighted sample of 700 respondents with known population
counts of shops per region (N_shops) and sampling fractions (frac), two
channels for --by, an NPS item, two CSAT items on 1..5 and an effort item
on 1..7, each with some blank answers; lonely.csv, the same shape with a
region of one shop. tests/r/survey-design.R reads both.
Usage: gendesign.py DIR"""
import random, sys

def sample(path, regions, seed):
    rnd = random.Random(seed)
    with open(path, "w") as f:
        f.write("id,region,shop,N_shops,frac,w,channel,ltr,q1,q2,effort\n")
        i = 0
        for reg, nshops, popshops, size in regions:
            for s in range(1, nshops + 1):
                base = rnd.uniform(-1.5, 1.5)   # the shop effect
                for _ in range(rnd.randint(size // 2, size)):
                    i += 1
                    def ans(lo, hi, shift):
                        if rnd.random() < 0.06:
                            return ""
                        v = round(rnd.gauss((lo + hi) / 2 + shift + base, (hi - lo) / 4))
                        return str(min(hi, max(lo, v)))
                    w = round(popshops / nshops * rnd.uniform(5, 40), 3)
                    f.write(f"{i},{reg},{s},{popshops},{nshops / popshops:.10g},{w},"
                            f"{rnd.choice(['phone', 'web', 'web'])},"
                            f"{ans(0, 10, 1.5)},{ans(1, 5, 0.5)},{ans(1, 5, 0)},{ans(1, 7, -1)}\n")

d = sys.argv[1]
sample(f"{d}/design.csv", [("north", 5, 40, 30), ("south", 8, 60, 25),
                           ("east", 3, 12, 40), ("west", 6, 30, 20)], 14)
sample(f"{d}/lonely.csv", [("north", 4, 40, 20), ("south", 1, 10, 30),
                           ("east", 3, 12, 25)], 15)
