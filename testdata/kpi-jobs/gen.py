#!/usr/bin/env python3
"""Seeded calls for the kpi-calc --jobs tests, with bad rows mixed in.

Usage: gen.py ROWS SEED OUT.csv BAD.txt
Writes OUT.csv (the record columns kpi-calc reads) and BAD.txt, the
physical line numbers of the rows a reader must reject, one a line, and
on its last line "offered DAY QUEUE N" for one group (an oracle count).
Some agent names hold a quoted line break or doubled quotes, so that
records span lines and pieces must be cut outside quotes.
"""
import random
import sys

rows, seed, out, badf = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = random.Random(seed)
lines = ["call_id,start,queue,agent,caller,wait_s,talk_s,hold_s,wrap_s,outcome,transfers"]
bad = []
offered = {}
line = 2
for i in range(rows):
    day = 1 + rng.randrange(3)
    q = rng.choice(["q1", "q2", "q3"])
    start = "2026-03-%02dT%02d:%02d:00Z" % (day, rng.randrange(24), rng.randrange(60))
    agent = rng.choice(["a1", "a2", '"agent\nwith a break"', '"say ""hi"""', "a,3"])
    if agent == "a,3":
        agent = '"a,3"'
    out_ = rng.choice(["answered", "answered", "abandoned"])
    wait = rng.randrange(60)
    talk = rng.randrange(300) if out_ == "answered" else 0
    kind = rng.randrange(40)
    if kind == 0:
        start = "not-a-time"
    elif kind == 1:
        out_ = "lost"
    row = "c%d,%s,%s,%s,447%06d,%d,%d,0,0,%s,0" % (i, start, q, agent, rng.randrange(10**6), wait, talk, out_)
    if kind == 2:
        row = ",".join(row.split(",")[:5]) if agent.count(",") == 0 else "c%d,short" % i
    if kind in (0, 1, 2):
        bad.append(line)
    else:
        key = (start[:10], q)
        offered[key] = offered.get(key, 0) + 1
    lines.append(row)
    line += 1 + agent.count("\n")
with open(out, "w", newline="\n") as f:
    f.write("\n".join(lines) + "\n")
with open(badf, "w") as f:
    for b in bad:
        f.write("%d\n" % b)
    f.write("offered 2026-03-02 q2 %d\n" % offered.get(("2026-03-02", "q2"), 0))
