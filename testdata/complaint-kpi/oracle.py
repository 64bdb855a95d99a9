#!/usr/bin/env python3
"""Independent oracle for complaint-kpi (SPEC 5.1 and complaint-kpi(1)),
written from the definitions, not from the C code: Python datetimes and
zoneinfo for local dates, a cumulative working-day table, bisection for
repeats and the backlog. Prints the table complaint-kpi prints (CSV).

oracle.py FILE key=value...: by=month,category tz=ZONE reply=15d
resolve=30d|48h working=0|1 holidays=FILE weekend=sat,sun window_s=N
repeat_by=customer|customer,category asof=YYYY-MM-DD|'' pcts=50,90
subs=FILE|N|'' total=0|1 kpis=a,b,c (default: the tool's default list)
"""
import bisect
import csv
import datetime as dt
import sys
from zoneinfo import ZoneInfo

A = dict(a.split("=", 1) for a in sys.argv[2:])
tz = ZoneInfo(A.get("tz", "UTC"))
by = [b for b in A.get("by", "").split(",") if b]
pcts = [p for p in A.get("pcts", "").split(",") if p]
working = A.get("working", "0") == "1"
W = int(A.get("window_s", "2592000")) * 1000
rep_cat = A.get("repeat_by", "customer") == "customer,category"
EPOCH = dt.date(1970, 1, 1)


def limit(s):
    if s.endswith("wd"):
        return ("wd", int(s[:-2]))
    if s.endswith("d"):
        return ("wd" if working else "d", int(s[:-1]))
    if s.endswith("h"):
        return ("ms", int(s[:-1]) * 3600000)
    return ("ms", int(s) * 1000)


RL, SL = limit(A.get("reply", "15d")), limit(A.get("resolve", "30d"))


def ms_of(s):
    if not s:
        return None
    d = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return int(d.timestamp()) * 1000 + d.microsecond // 1000


_ld = {}


def lday(ms):  # local date as days since 1970-01-01 (zones of whole hours)
    h = ms // 3600000
    if h not in _ld:
        d = dt.datetime.fromtimestamp(h * 3600, tz).date()
        _ld[h] = (d - EPOCH).days
    return _ld[h]


# working days: a cumulative count over a wide range of days
wkend = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5,
         "sun": 6}
wk = {wkend[x] for x in A.get("weekend", "sat,sun").split(",") if x}
hol, mk = set(), set()
if A.get("holidays"):
    for line in open(A["holidays"]):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        d = (dt.date.fromisoformat(line[:10]) - EPOCH).days
        (mk if line[10:].strip(", ").startswith("work") else hol).add(d)
D0 = (dt.date(2025, 1, 1) - EPOCH).days
cum = []
c = 0
for d in range(D0, D0 + 1500):
    wd = dt.date.fromordinal(EPOCH.toordinal() + d).weekday()
    c += (wd not in wk and d not in hol) or (wd in wk and d in mk)
    cum.append(c)


def nth_after(d, n):
    if n == 0:
        return d
    return D0 + bisect.bisect_left(cum, cum[d - D0] + n)


def wcount(d0, d1):
    return cum[d1 - D0] - cum[d0 - D0] if d1 > d0 else 0


def deadline(L, rec, d0):
    k, v = L
    return rec + v if k == "ms" else d0 + v if k == "d" else nth_after(d0, v)


def met(L, key, t):
    return t <= key if L[0] == "ms" else lday(t) <= key


rows = list(csv.DictReader(open(sys.argv[1], newline="")))
last = None
if A.get("asof"):
    d = dt.date.fromisoformat(A["asof"]) + dt.timedelta(days=1)
    last = int(dt.datetime(d.year, d.month, d.day, tzinfo=tz).timestamp()
               ) * 1000 - 1
used = []
for r in rows:
    t = {k: ms_of(r[k]) for k in ("received", "replied", "resolved",
                                  "closed")}
    latest = max(v for v in t.values() if v is not None)
    if last is not None and latest > last:
        continue  # rejected: after the cut-off
    used.append((r, t, latest))
rejected = len(rows) - len(used)
if last is None:
    last = max(u[2] for u in used)


def period(ms):
    d = dt.date.fromordinal(EPOCH.toordinal() + lday(ms))
    if "month" in by:
        return ((d.year, d.month), "%04d-%02d" % (d.year, d.month))
    if "week" in by:
        y, w, _ = d.isocalendar()
        return ((y, w), "%04d-W%02d" % (y, w))
    if "day" in by:
        return ((d,), d.isoformat())
    return None


def key(r, ms):
    k = []
    for b in by:
        if b in ("month", "week", "day"):
            k.append(period(ms))
        else:
            k.append(((r[b].encode(),), r[b]))
    return tuple(k)


def rest(k):
    return tuple(c for c, b in zip(k, by) if b not in ("month", "week",
                                                       "day"))


G = {}


def g(k):
    if k not in G:
        G[k] = dict(rec=0, clo=0, rw=0, rp=0, rm=0, sw=0, sp=0, sm=0,
                    ttr=[], days=[], rn=0, ry=0, en=0, ey=0, on=0, oy=0)
    return G[k]


passed_day = lday(last + 1)
times = {}
for r, t, _ in used:
    ck = (r["customer"], r["category"] if rep_cat else None)
    times.setdefault(ck, []).append(t["received"])
for v in times.values():
    v.sort()
closes = {}
recvs = {}
for r, t, _ in used:
    rec = t["received"]
    k = key(r, rec)
    a = g(k)
    a["rec"] += 1
    d0 = lday(rec)
    res = t["resolved"] if t["resolved"] is not None else t["closed"]
    rep = t["replied"] if t["replied"] is not None else res
    for L, done, p in ((RL, rep, "r"), (SL, res, "s")):
        dl = deadline(L, rec, d0)
        if done is not None:
            a[p + ("w" if met(L, dl, done) else "m")] += 1
        elif t["closed"] is not None:
            a[p + "m"] += 1
        else:
            gone = dl <= last if L[0] == "ms" else passed_day > dl
            a[p + ("m" if gone else "p")] += 1
    if res is not None:
        a["ttr"].append(res - rec)
        d1 = lday(res)
        a["days"].append(wcount(d0, d1) if working else d1 - d0)
    clo = t["closed"] if t["closed"] is not None else t["resolved"]
    if clo is not None:
        g(key(r, clo))["clo"] += 1
        closes.setdefault(rest(k), []).append(key(r, clo))
    recvs.setdefault(rest(k), []).append(k)
    ts = times[(r["customer"], r["category"] if rep_cat else None)]
    a["rn"] += 1
    a["ry"] += bisect.bisect_left(ts, rec - W) < bisect.bisect_left(ts, rec)
    a["en"] += 1
    a["ey"] += r["escalated"] not in ("", "0", "no", "n", "false", "none")
    if r["reopened"] != "":
        a["on"] += 1
        a["oy"] += int(r["reopened"]) > 0
pi = [i for i, b in enumerate(by) if b in ("month", "week", "day")]
for m in (recvs, closes):
    for r in m:
        m[r] = sorted(k[pi[0]][0] if pi else 0 for k in m[r])

subs = {}
subs_all = None
if A.get("subs"):
    try:
        subs_all = float(A["subs"])
    except ValueError:
        for row in csv.reader(open(A["subs"])):
            try:
                subs[row[0]] = float(row[1])
            except ValueError:
                pass

default = ("received,closed,open_at_end,reply_within,reply_pending,"
           "reply_rate,resolve_within,resolve_pending,resolve_rate,ttr_mean,"
           "days_to_80pct,repeat_rate,escalation_rate,reopen_rate")
kp = []
for x in A.get("kpis", default).split(","):
    kp.append(x)
    if x == "ttr_mean":
        kp += ["ttr_p" + p for p in pcts]
if "kpis" not in A and A.get("subs"):
    kp.append("per_10k")


def f4(x):
    return "%.4f" % x


def rate(n, d):
    return f4(n / d) if d else ""


def nearest(v, p):
    v = sorted(v)
    return v[max(1, -(-len(v) * int(p) // 100)) - 1]


def cells(a, open_end, base):
    out = []
    n = a["rec"]
    for x in kp:
        if x == "received":
            out.append(str(n))
        elif x == "closed":
            out.append(str(a["clo"]))
        elif x == "open_at_end":
            out.append(str(open_end))
        elif x in ("reply_within", "resolve_within"):
            out.append(str(a[x[0:2].replace("re", "r" if x[2] == "p" else "s") + "w"]))
        elif x in ("reply_pending", "resolve_pending"):
            out.append(str(a[("r" if x[2] == "p" else "s") + "p"]))
        elif x in ("reply_missed", "resolve_missed"):
            out.append(str(a[("r" if x[2] == "p" else "s") + "m"]))
        elif x in ("reply_rate", "resolve_rate"):
            out.append(rate(a[("r" if x[2] == "p" else "s") + "w"], n))
        elif x == "ttr_mean":
            out.append("%.2f" % (sum(a["ttr"]) / len(a["ttr"]) / 86400000.0)
                       if a["ttr"] else "")
        elif x.startswith("ttr_p"):
            out.append("%.2f" % (nearest(a["ttr"], x[5:]) / 86400000.0)
                       if a["ttr"] else "")
        elif x == "days_to_80pct":
            rk = (4 * n + 4) // 5
            d = sorted(a["days"])
            out.append(str(d[rk - 1]) if n and len(d) >= rk else "")
        elif x == "repeat_rate":
            out.append(rate(a["ry"], a["rn"]))
        elif x == "escalation_rate":
            out.append(rate(a["ey"], a["en"]))
        elif x == "reopen_rate":
            out.append(rate(a["oy"], a["on"]))
        elif x in ("per_10k", "per_million"):
            m = 1e4 if x == "per_10k" else 1e6
            out.append(f4(n * m / base) if base else "")
    return out


print(",".join(by + kp))
order = sorted(G, key=lambda k: tuple(c[0] for c in k))
tot = None
for k in order:
    a = G[k]
    if pi:
        po = k[pi[0]][0]
        rk = rest(k)
        nr = bisect.bisect_right(recvs.get(rk, []), po)
        nc = bisect.bisect_right(closes.get(rk, []), po)
        open_end = nr - nc
        base = subs_all if subs_all else subs.get(k[pi[0]][1])
    else:
        open_end = a["rec"] - a["clo"]
        base = subs_all
    print(",".join([c[1] for c in k] + cells(a, open_end, base)))
    if tot is None:
        tot = {x: (list(v) if isinstance(v, list) else v)
               for x, v in a.items()}
    else:
        for x, v in a.items():
            tot[x] = tot[x] + v
if A.get("total") == "1":
    print(",".join(["total"] + [""] * (len(by) - 1) +
                   cells(tot, tot["rec"] - tot["clo"], subs_all)))
print("rejected", rejected, file=sys.stderr)
