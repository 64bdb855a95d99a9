#!/usr/bin/env python3
"""Compare two CSV files cell by cell: text equal, numbers within 1e-9.
Prints the first difference and exits 1."""
import csv, sys
a = list(csv.reader(open(sys.argv[1])))
b = list(csv.reader(open(sys.argv[2])))
if len(a) != len(b):
    sys.exit("rows: %d vs %d" % (len(a), len(b)))
for i, (ra, rb) in enumerate(zip(a, b)):
    if len(ra) != len(rb):
        sys.exit("row %d: %d vs %d cells" % (i + 1, len(ra), len(rb)))
    for j, (x, y) in enumerate(zip(ra, rb)):
        if x == y:
            continue
        try:
            if abs(float(x) - float(y)) <= 1e-9:
                continue
        except ValueError:
            pass
        sys.exit("row %d col %s: %r vs %r" % (i + 1, a[0][j], x, y))
print("%d rows equal" % len(a))
