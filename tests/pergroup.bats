#!/usr/bin/env bats
# Memory per group (issue 15, 16): kpi-calc keeps a group compact (8-bit
# counters, 32-bit sums, two histogram values inline) and moves it to a
# full accumulator the first time a figure would not fit. Every figure
# stays exact across that move, however the records reach the group: one
# thread, --jobs on a file or a pipe, or states merged. The expected
# figures are computed by python from the same rows.

load helpers

# boundary_calls SEED: calls whose groups (by caller) sit on each side of
# every limit of the compact form, rows shuffled so groups interleave.
boundary_calls() {
	python3 - "$1" <<-'PY'
	import random, sys
	rnd = random.Random(int(sys.argv[1]))
	rows = []
	def call(caller, outcome, wait, talk=0, hold=0, wrap=0, ring=""):
	    rows.append([caller, outcome, wait, talk, hold, wrap, ring])
	for i in range(255):             # counters at 255: still compact
	    call("c255", "answered", 7, 60, 1, 2, 3)
	for i in range(256):             # 256: a counter and a count outgrow 8 bits
	    call("c256", "answered", 7, 60, 1, 2, 3)
	for i in range(300):             # many values, many calls
	    call("c300", "answered", i % 10, 30 + i, 0, 5, i % 4)
	for i in range(300):             # counters beyond 8 bits, no histogram value
	    call("a300", "abandoned", 5 + i % 2)
	for i in range(3):               # a talk sum beyond 2^31 ms
	    call("bigtalk", "answered", 1, 800000, 0, 0, "")
	call("bigwait", "answered", 2200000, 10)   # a wait beyond 2^31 ms
	call("bigwait", "abandoned", 5)
	call("w1", "answered", 4, 9, "", "", 1)
	call("w2", "answered", 4, 9, "", "", 1)    # two values: inline
	call("w2", "answered", 6, 11, "", "", 2)
	for w in (1, 2, 3):                         # three values: full
	    call("w3", "answered", w, 20, "", "", w)
	call("w3", "abandoned", 30)
	call("w3", "timeout", "")
	call("aban", "abandoned", 12)
	call("aban", "abandoned", "")
	for i in range(2000):                       # many small groups
	    c = "r%d" % rnd.randrange(700)
	    o = rnd.choice(["answered"] * 4 + ["abandoned", "timeout"])
	    call(c, o, rnd.choice([rnd.randrange(0, 120), ""]), rnd.randrange(0, 900),
	         rnd.choice([rnd.randrange(0, 60), ""]), rnd.randrange(0, 30),
	         rnd.choice([rnd.randrange(0, 9), ""]))
	rnd.shuffle(rows)
	print("call_id,start,queue,caller,outcome,wait_s,talk_s,hold_s,wrap_s,ring_s")
	for i, r in enumerate(rows):
	    print(",".join(map(str, [i, "2026-03-01T08:%02d:00Z" % (i % 60), "q"] + r)))
	PY
}

KPIS=offered,answered,abandoned,timeout,wait_n,asa,att,aht,max_wait,wait_p50,wait_p90,pdd_mean,pdd_p90

# expected FILE: the table of kpi-calc --by caller -k $KPIS --total
# --precision 3, from python.
expected() {
	python3 - "$1" <<-'PY'
	import csv, math, sys
	g = {}
	def acc():
	    return dict(offered=0, answered=0, abandoned=0, timeout=0, waits=[],
	                talk=0, handle=0, maxw=None, rings=[])
	def add(a, r):
	    ms = lambda s: int(s) * 1000 if s != "" else None
	    w, ring = ms(r["wait_s"]), ms(r["ring_s"])
	    a["offered"] += 1
	    if ring is not None:
	        a["rings"].append(ring)
	    if w is not None and (a["maxw"] is None or w > a["maxw"]):
	        a["maxw"] = w
	    if r["outcome"] == "answered":
	        a["answered"] += 1
	        t = ms(r["talk_s"])
	        a["talk"] += t
	        a["handle"] += t + (ms(r["hold_s"]) or 0) + (ms(r["wrap_s"]) or 0)
	        if w is not None:
	            a["waits"].append(w)
	    elif r["outcome"] in ("abandoned", "timeout"):
	        a[r["outcome"]] += 1
	tot = acc()
	for r in csv.DictReader(open(sys.argv[1])):
	    add(g.setdefault(r["caller"], acc()), r)
	    add(tot, r)
	def secs(ms):
	    return "" if ms is None else "%.3f" % (ms / 1000.0)
	def mean(s, n):
	    return "" if n == 0 else "%.3f" % (float(s) / float(n) / 1000.0)
	def pct(v, p):
	    if not v:
	        return ""
	    v = sorted(v)
	    return secs(v[max(1, math.ceil(p * len(v) / 100)) - 1])
	def row(key, a, total):
	    return [key, a["offered"], a["answered"], a["abandoned"], a["timeout"],
	            len(a["waits"]), mean(sum(a["waits"]), len(a["waits"])),
	            mean(a["talk"], a["answered"]), mean(a["handle"], a["answered"]),
	            secs(a["maxw"]), pct(a["waits"], 50), pct(a["waits"], 90),
	            mean(sum(a["rings"]), len(a["rings"])), pct(a["rings"], 90),
	            "yes" if total else "no"]
	print("caller,offered,answered,abandoned,timeout,wait_n,asa,att,aht,max_wait,wait_p50,wait_p90,pdd_mean,pdd_p90,total")
	for k in sorted(g, key=lambda s: s.encode()):
	    print(",".join(map(str, row(k, g[k], False))))
	print(",".join(map(str, row("", tot, True))))
	PY
}

@test "pergroup: groups on both sides of every compact limit (255/256 calls, sums and waits beyond 2^31 ms, 1-3 histogram values) give python's figures" {
	d="$BATS_TEST_TMPDIR"
	boundary_calls 1 > "$d/c.csv"
	expected "$d/c.csv" > "$d/want"
	# the oracle sees what the test is about
	grep -q '^c256,256,256,0,0,256,7.000,60.000,63.000,7.000,7.000,7.000,3.000,3.000,no$' "$d/want"
	grep -q '^a300,300,0,300,0,0,,,,6.000,,,,,no$' "$d/want"
	grep -q '^bigtalk,3,3,0,0,3,1.000,800000.000,800000.000,' "$d/want"
	grep -q '^bigwait,2,1,1,0,1,2200000.000,10.000,10.000,2200000.000,2200000.000,' "$d/want"
	kpi-calc -q --by caller -k $KPIS --total --precision 3 "$d/c.csv" > "$d/got"
	diff "$d/want" "$d/got"
}

@test "pergroup: --jobs 2..5 on the file and on a pipe, and states of random splits merged, give the same figures" {
	d="$BATS_TEST_TMPDIR"
	boundary_calls 2 > "$d/c.csv"
	expected "$d/c.csv" > "$d/want"
	for j in 2 3 4 5; do
		kpi-calc -q -j $j --by caller -k $KPIS --total --precision 3 "$d/c.csv" > "$d/got"
		diff "$d/want" "$d/got"
		TELAUDIT_PIECE_BYTES=2000 kpi-calc -q -j $j --by caller -k $KPIS --total --precision 3 \
			< "$d/c.csv" > "$d/got"
		diff "$d/want" "$d/got"
	done
	# three parts, rows dealt at random: a group's part states are
	# compact or full in every mix, then merged
	python3 - "$d/c.csv" "$d/p" <<-'PY'
	import random, sys
	lines = open(sys.argv[1]).read().splitlines(True)
	rnd = random.Random(5)
	parts = [[lines[0]] for _ in range(3)]
	for l in lines[1:]:
	    parts[rnd.randrange(3)].append(l)
	for i, p in enumerate(parts):
	    open("%s%d.csv" % (sys.argv[2], i), "w").write("".join(p))
	PY
	for i in 0 1 2; do
		kpi-calc -q --by caller --percentiles 50,90 --state-out "$d/s$i" "$d/p$i.csv"
	done
	kpi-calc -q --merge --by caller -k $KPIS \
		--total --precision 3 "$d/s0" "$d/s1" "$d/s2" > "$d/got"
	diff "$d/want" "$d/got"
}

@test "pergroup: many groups: --jobs 2..8 equals one thread byte for byte (table, messages, rejects), file and pipe" {
	d="$BATS_TEST_TMPDIR"
	python3 - > "$d/m.csv" <<-'PY'
	import random
	rnd = random.Random(16)
	print("call_id,start,queue,caller,outcome,wait_s,talk_s,ring_s")
	for i in range(20000):
	    c = "%d" % rnd.randrange(8000)
	    w = rnd.choice([str(rnd.randrange(0, 200)), "", "x"])   # "x": a reject
	    o = rnd.choice(["answered", "answered", "abandoned", "timeout"])
	    print("%d,2026-03-%02dT10:00:00Z,q%d,%s,%s,%s,%d,%d" % (
	        i, 1 + i % 28, i % 3, c, o, w, rnd.randrange(600), rnd.randrange(9)))
	PY
	kpi-calc --by caller,day -k all --percentiles 50,90 --total --max-errors all \
		--rejects "$d/r1" "$d/m.csv" > "$d/o1" 2> "$d/e1"
	# the table has the groups python counts (a reject's group aside)
	n=$(python3 -c 'import csv,sys; print(len({(r["caller"], r["start"][:10]) for r in csv.DictReader(open(sys.argv[1])) if r["wait_s"] != "x"}))' "$d/m.csv")
	[ "$(($(wc -l < "$d/o1") - 2))" -eq "$n" ]
	[ "$n" -gt 12000 ]
	for j in 2 3 4 5 6 7 8; do
		kpi-calc -j $j --by caller,day -k all --percentiles 50,90 --total --max-errors all \
			--rejects "$d/rj" "$d/m.csv" > "$d/oj" 2> "$d/ej"
		cmp "$d/o1" "$d/oj"
		cmp "$d/e1" "$d/ej"
		cmp "$d/r1" "$d/rj"
		TELAUDIT_PIECE_BYTES=5000 kpi-calc -j $j --by caller,day -k all --percentiles 50,90 --total \
			--max-errors all --rejects "$d/rp" < "$d/m.csv" > "$d/op" 2> "$d/ep"
		cmp "$d/o1" "$d/op"
		# the same lines, the input named "-"
		cmp <(cut -d, -f2- "$d/r1") <(cut -d, -f2- "$d/rp")
		[ "$(sed -n '2s/,.*//p' "$d/rp")" = - ]
	done
}
