#!/usr/bin/env python3
"""Generate a large Asterisk cdr_csv Master.csv (18 columns, every text
field quoted as Asterisk writes it, times in the server's local time) for
cdr-parse throughput figures.

Usage: gen_asterisk.py ROWS [OUT.csv] [--seed N]

A mix of queue calls (lastapp Queue: answered by an agent or abandoned)
and direct dials (ANSWERED, NO ANSWER, BUSY, FAILED), one row per leg,
starting 2026-03-01 00:00 local time and spread over 31 days.
"""
import argparse
import random
import sys
import time

QUEUES = ["support", "billing", "sales", "tech", "retention"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("out", nargs="?", default="-")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout if a.out == "-" else open(a.out, "w", newline="\n")
    t0 = 1772323200  # 2026-03-01T00:00:00 read as local wall time
    span = 31 * 86400
    step = span / max(1, a.rows)
    buf = []
    for i in range(a.rows):
        start = t0 + int(i * step)
        src = "%d" % (1000 + rng.randrange(9000))
        uid = "%d.%d" % (start, i)
        if rng.random() < 0.6:
            q = rng.choice(QUEUES)
            wait = int(rng.expovariate(1 / 30.0))
            chan = "SIP/%s-%08x" % (src, i)
            if rng.random() < 0.85:
                agent = "SIP/%d" % (200 + rng.randrange(60))
                talk = 5 + int(rng.expovariate(1 / 240.0))
                ans, end = start + wait, start + wait + talk
                row = ('"","%s","600","from-internal","""%s"" <%s>","%s",'
                       '"%s-%08x","Queue","%s,t,,,300","%s","%s","%s",'
                       '%d,%d,"ANSWERED","DOCUMENTATION","%s",""') % (
                    src, src, src, chan, agent, i, q, ts(start), ts(ans),
                    ts(end), end - start, talk, uid)
            else:
                end = start + wait
                row = ('"","%s","600","from-internal","""%s"" <%s>","%s",'
                       '"","Queue","%s,t,,,300","%s",,"%s",%d,0,'
                       '"NO ANSWER","DOCUMENTATION","%s",""') % (
                    src, src, src, chan, q, ts(start), ts(end), end - start,
                    uid)
        else:
            dst = "%d" % (100 + rng.randrange(800))
            chan = "SIP/%s-%08x" % (src, i)
            r = rng.random()
            if r < 0.7:
                ring = 1 + rng.randrange(15)
                talk = 5 + int(rng.expovariate(1 / 120.0))
                ans, end = start + ring, start + ring + talk
                row = ('"","%s","%s","from-internal","""%s"" <%s>","%s",'
                       '"SIP/%s-%08x","Dial","SIP/%s,30","%s","%s","%s",'
                       '%d,%d,"ANSWERED","DOCUMENTATION","%s",""') % (
                    src, dst, src, src, chan, dst, i, dst, ts(start),
                    ts(ans), ts(end), end - start, talk, uid)
            else:
                disp = "NO ANSWER" if r < 0.85 else ("BUSY" if r < 0.95
                                                     else "FAILED")
                end = start + 1 + rng.randrange(30)
                row = ('"","%s","%s","from-internal","""%s"" <%s>","%s",'
                       '"SIP/%s-%08x","Dial","SIP/%s,30","%s",,"%s",%d,0,'
                       '"%s","DOCUMENTATION","%s",""') % (
                    src, dst, src, src, chan, dst, i, dst, ts(start),
                    ts(end), end - start, disp, uid)
        buf.append(row)
        if len(buf) >= 65536:
            buf.append("")
            out.write("\n".join(buf))
            buf = []
    if buf:
        buf.append("")
        out.write("\n".join(buf))
    if out is not sys.stdout:
        out.close()


_cache = {}


def ts(t):
    s = _cache.get(t)
    if s is None:
        s = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))
        if len(_cache) > 100000:
            _cache.clear()
        _cache[t] = s
    return s


if __name__ == "__main__":
    main()
