#!/usr/bin/env bats
# Issue 16 (the remaining defects), issue 12's small items and issue 11's
# cdr-parse --where/--report-tz. Expected values are worked by hand or
# computed by python3 over the same rows written in the test.

load helpers

# ---- complaint-classify: exclusion checked by bisection ------------------

@test "harden3: exclusion: matches vetoed by overlapping, nested and empty exclude matches agree with python's re" {
	cat > "$BATS_TEST_TMPDIR/x.rules" <<'R'
rule r1 fraud priority 1
match \w*scam\w*
exclude not (a )?scam
exclude a scamq
exclude (?<=q)(?=scam)
R
	python3 - "$BATS_TEST_TMPDIR" <<'PY'
import random, re, sys
d = sys.argv[1]
rnd = random.Random(16)
toks = ["not", "a", "scam", "qscam", "scamq", "x", "notscam", "scamscam"]
m = re.compile(r"\w*scam\w*")
ex = [re.compile(p) for p in (r"not (a )?scam", r"a scamq", r"(?<=q)(?=scam)")]
with open(d + "/x.csv", "w") as f, open(d + "/want", "w") as w:
    f.write("text\n")
    for i in range(2000):
        t = " ".join(rnd.choice(toks) for _ in range(rnd.randint(1, 12)))
        f.write(t + "\n")
        spans = [(e.start(), e.end()) for p in ex for e in p.finditer(t)]
        def vetoed(a, b):
            b = b if b > a else a + 1
            return any((s < e and a < e and s < b) or (s == e and a < s < b)
                       for s, e in spans)
        fires = any(not vetoed(g.start(), g.end()) for g in m.finditer(t))
        w.write("%d,%s\n" % (i + 2, "fraud" if fires else "other"))
PY
	run --separate-stderr complaint-classify -q --rules "$BATS_TEST_TMPDIR/x.rules" --text text "$BATS_TEST_TMPDIR/x.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "${lines[@]:1}" | cut -d, -f1,2 > "$BATS_TEST_TMPDIR/got"
	# both outcomes occur, so the comparison can fail either way
	grep -q ',fraud$' "$BATS_TEST_TMPDIR/want"
	grep -q ',other$' "$BATS_TEST_TMPDIR/want"
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "harden3: exclusion: one 8 MB text with 932,000 vetoed matches is classified within a generous CPU bound" {
	# before: every match was compared with every exclude span, O(n^2):
	# 4.3e11 comparisons here (the bound below was exceeded); after: a
	# bisection over the merged spans (about 1 s). The bound is a
	# resource limit 50x above the fixed run, not a speed figure.
	printf 'rule r1 fraud priority 1\nmatch scam\nexclude not scam\n' > "$BATS_TEST_TMPDIR/q.rules"
	python3 -c "import sys; sys.stdout.write('text\n' + 'not scam ' * 932000 + 'a scam\nnot scam\n')" > "$BATS_TEST_TMPDIR/q.csv"
	run --separate-stderr bash -c "ulimit -t 120; complaint-classify --rules '$BATS_TEST_TMPDIR/q.rules' --text text '$BATS_TEST_TMPDIR/q.csv'"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2,fraud,priority,1,r1" ]
	[ "${lines[2]}" = "3,other,none,0," ]
	[ "$stderr" = "complaint-classify: 2 read, 2 used, 0 rejected" ]
}
