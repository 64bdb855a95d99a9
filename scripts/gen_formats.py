#!/usr/bin/env python3
"""Bench inputs for the formats other than asterisk-csv (make bench, part
"formats"): each real sample of ../shared/reference-data copied until the
file holds about MB megabytes, every copy moved to days of its own and
given call identifiers of its own, so that no call of one copy meets a
call of another (cdr-parse must write COPIES times the sample's records).

    gen_formats.py REFDIR OUTDIR MB

Writes OUTDIR/FORMAT.in and OUTDIR/FORMAT.copies for each format. Only
identifiers and times are rewritten; every other byte of a row is the
sample's, quoting included.
"""
import csv
import io
import os
import re
import sys
import time
from datetime import datetime, timedelta

DAY = 86400


def local_shift(s, days):
    """'YYYY-MM-DD HH:MM:SS' moved by whole days ('' stays '')."""
    if not s:
        return s
    t = datetime.strptime(s, "%Y-%m-%d %H:%M:%S") + timedelta(days=days)
    return t.strftime("%Y-%m-%d %H:%M:%S")


def epoch_id(s, secs):
    """An Asterisk-style id 'EPOCH.SEQ' moved by secs; other text kept."""
    head, dot, tail = s.partition(".")
    if dot and head.isdigit() and tail.isdigit():
        return "%d.%s" % (int(head) + secs, tail)
    return s


def write_rows(rows, quoting):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=quoting, lineterminator="\n")
    w.writerows(rows)
    return buf.getvalue()


def span_days(stamps):
    """Whole days covering the sample's epoch seconds, plus one."""
    stamps = [t for t in stamps if t > 0]
    return (max(stamps) - min(stamps)) // DAY + 2 if stamps else 1


def freeswitch(ref):
    # default 15-column template, every field quoted, no header
    path = os.path.join(ref, "freeswitch-amitsrepo/Master.csv")
    rows = list(csv.reader(open(path, newline="")))
    secs = [int(time.mktime(time.strptime(r[4], "%Y-%m-%d %H:%M:%S")))
            for r in rows if r[4]]
    days = span_days(secs)

    def copy(k):
        out = []
        for r in rows:
            r = list(r)
            for c in (4, 5, 6):
                r[c] = local_shift(r[c], k * days)
            for c in (10, 11):  # uuid, bleg_uuid; copy 0 keeps its own
                if k and r[c]:
                    r[c] = "%08x%s" % (k, r[c][8:])
            out.append(r)
        return write_rows(out, csv.QUOTE_ALL)
    return "", copy


def pbxware_csv(ref):
    # rewritten as text: the export's quoting is not CSV's (a caller id
    # such as ""Name" <1115>"), and is kept byte for byte
    path = os.path.join(ref, "pbxware-voipreports1/cdr.csv")
    text = open(path, newline="").read()
    head, body = text.split("\n", 1)
    lines = body.splitlines(keepends=True)
    stamp = re.compile(r'"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"')
    ident = re.compile(r"(?<=,)(1\d{9})(?=\.\d+,)")
    acct = re.compile(r"^\d+")
    stamps = [int(time.mktime(time.strptime(m, "%Y-%m-%d %H:%M:%S")))
              for m in stamp.findall(body)]
    days = span_days(stamps)
    n = len(lines)

    def copy(k):
        out = []
        for i, l in enumerate(lines):
            l = acct.sub(str(k * n + i + 1), l, count=1)
            l = stamp.sub(lambda m: '"%s"' % local_shift(m.group(1), k * days), l)
            l = ident.sub(lambda m: str(int(m.group(1)) + k * days * DAY), l)
            out.append(l)
        return "".join(out)
    return head + "\n", copy


def pbxware_qlog(ref):
    path = os.path.join(ref, "pbxware-voipreports1/queue_log.csv")
    text = open(path, newline="").read()
    head, body = text.split("\n", 1)
    cols = head.split(",")
    rows = list(csv.reader(io.StringIO(body)))
    ic = {n: cols.index(n) for n in cols}
    days = span_days([int(r[ic["date_time"]]) for r in rows])
    n = len(rows)

    def copy(k):
        out = []
        for r in rows:
            r = list(r)
            r[ic["uid"]] = str(int(r[ic["uid"]]) + k * n)
            r[ic["date_time"]] = str(int(r[ic["date_time"]]) + k * days * DAY)
            r[ic["callid"]] = epoch_id(r[ic["callid"]], k * days * DAY)
            r[ic["time"]] = local_shift(r[ic["time"]], k * days)
            out.append(r)
        # the export quotes the time column only
        return "".join(",".join(r[:-1]) + ',"' + r[-1] + '"\n' for r in out)
    return head + "\n", copy


def cucm(ref):
    # 11.x flat file, 129 columns, no header
    path = os.path.join(ref, "cucm-vvrmc-gefot/temp_cdr.txt")
    rows = list(csv.reader(open(path, newline="")))
    days = span_days([int(r[4]) for r in rows])
    quoted = [f.startswith('"') for f in
              open(path, newline="").readline().rstrip("\r\n").split(",")]

    def copy(k):
        out = []
        for r in rows:
            r = list(r)
            r[2] = str(int(r[2]) + k * 1000000)      # globalCallID_callId
            for c in (3, 25):                        # leg identifiers
                r[c] = str(int(r[c]) + k * 100000000)
            for c in (4, 47, 48):                    # origination, connect, disconnect
                if int(r[c]) > 0:
                    r[c] = str(int(r[c]) + k * days * DAY)
            out.append(",".join('"%s"' % f if q else f
                                for f, q in zip(r, quoted)) + "\n")
        return "".join(out)
    return "", copy


def bank(ref):
    path = os.path.join(ref, "anonymous-bank-mtpa/data_anonymous_bank_february.txt")
    text = open(path, newline="").read()
    head, body = text.split("\n", 1)
    rows = [l.split("\t") for l in body.split("\n") if l]

    def copy(k):
        # call_id made unique; the month file keeps its days (990201...)
        return "".join("\t".join([r[0], str(int(r[1]) + k * 1000000)] + r[2:])
                       + "\n" for r in rows)
    return head + "\n", copy


FORMATS = [
    ("freeswitch-csv", freeswitch),
    ("pbxware-csv", pbxware_csv),
    ("pbxware-queue-log", pbxware_qlog),
    ("cucm", cucm),
    ("callcenter-1999", bank),
]


def main():
    ref, outdir, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    os.makedirs(outdir, exist_ok=True)
    for name, make in FORMATS:
        head, copy = make(ref)
        path = os.path.join(outdir, name + ".in")
        size, k = len(head), 0
        with open(path, "w", newline="") as f:
            f.write(head)
            while k == 0 or size < mb * 1e6:
                chunk = copy(k)
                f.write(chunk)
                size += len(chunk.encode())
                k += 1
        with open(os.path.join(outdir, name + ".copies"), "w") as f:
            f.write("%d\n" % k)


if __name__ == "__main__":
    main()
