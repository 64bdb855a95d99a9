#!/usr/bin/env python3
"""Compare survey-score's design-based figures with R's (the files
tests/r/survey-design.R wrote) to 1e-9 relative.
Usage: rcheck.py SURVEY_SCORE DATADIR RDIR
Prints "N values, 0 differences" (and each difference); exits 1 on any."""
import csv, io, subprocess, sys

exe, data, rdir = sys.argv[1:4]
ROLES = ["--nps", "ltr", "--csat", "q1", "--ces", "effort:7",
         "--index", "q1=2,q2=1", "--ci", "0.95", "--precision", "12", "-q"]
# --compare prints differences of NPS, CSAT and CES (no index)
CMP_ROLES = ["--nps", "ltr", "--csat", "q1", "--precision", "12", "-q"]
CONFIGS = {
    "strat_clus_fpc": ["--strata", "region", "--cluster", "shop", "--fpc",
                       "N_shops", "--weight", "w", "--by", "channel",
                       "--total", "design.csv"],
    "strat_weight": ["--strata", "region", "--weight", "w", "design.csv"],
    "clus": ["--cluster", "region", "design.csv"],
    "strat_clus_frac": ["--strata", "region", "--cluster", "shop", "--fpc",
                        "frac", "design.csv"],
}
CONFIGS["compare_design"] = ["--strata", "region", "--cluster", "shop", "--fpc",
                              "N_shops", "--weight", "w", "--compare",
                              "channel", "--reference", "web", "design.csv"]
RAKE = ["--rake", "region=" + data + "/rake_region.csv",
        "--rake", "channel=" + data + "/rake_channel.csv"]
CONFIGS["rake_strat_clus_fpc"] = RAKE + CONFIGS["strat_clus_fpc"]
CONFIGS["rake_weight"] = RAKE + ["--weight", "w", "--by", "region", "--total",
                                 "design.csv"]
CONFIGS["rake_strat"] = RAKE + ["--strata", "region", "design.csv"]
for rule in ("remove", "certainty", "average", "adjust"):
    CONFIGS["lonely_" + rule] = ["--strata", "region", "--cluster", "shop",
                                 "--weight", "w", "--lonely-psu", rule,
                                 "lonely.csv"]

def close(a, b):
    if a == "" or b == "":
        return a == b
    x, y = float(a), float(b)
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y)) or abs(x - y) < 1e-11

nval = bad = 0
for name, args in CONFIGS.items():
    args = args[:-1] + [f"{data}/{args[-1]}"]
    roles = CMP_ROLES if "--compare" in args else ROLES
    out = subprocess.run([exe] + roles + args, capture_output=True, text=True)
    if out.returncode != 0:
        print(name, "exit", out.returncode, out.stderr.strip())
        bad += 1
        continue
    got = list(csv.DictReader(io.StringIO(out.stdout)))
    want = list(csv.DictReader(open(f"{rdir}/{name}.csv")))
    if len(got) != len(want):
        print(name, "rows", len(got), len(want))
        bad += 1
        continue
    for g, w in zip(got, want):
        key = g.get("group_b", g.get("channel", g.get("region", "")))
        if g.get("total") == "yes":  # the total row: keys empty, total yes
            key = "total"
        if key != w["key"]:
            print(name, "key", key, w["key"])
            bad += 1
        for col in w:
            if col == "key":
                continue
            nval += 1
            if col not in g or not close(g[col], w[col]):
                bad += 1
                print(name, key, col, g.get(col), w[col])
print(f"{nval} values, {bad} differences")
sys.exit(1 if bad else 0)
