#!/usr/bin/env bats
# --manifest in every tool (lib/manifest.c): inputs hashed with SHA-256
# while read (oracle: python3 hashlib over the same bytes), files used,
# the command line, method lines whatever the format, the run account.

load helpers

sha() { python3 -c 'import hashlib,sys; d=open(sys.argv[1],"rb").read(); print(hashlib.sha256(d).hexdigest(), len(d))' "$1"; }

setup() {
	F="$BATS_TEST_TMPDIR/calls.csv"
	printf 'call_id,start,queue,wait_s,talk_s,outcome\n1,2026-03-01T08:00:00Z,q,5,60,answered\n2,2026-03-01T08:01:00Z,q,30,0,abandoned\nx,bad,q,1,1,answered\n' > "$F"
	M="$BATS_TEST_TMPDIR/m"
}

@test "manifest: kpi-calc: input hash and size, command, method lines with csv, rows" {
	run kpi-calc -q --by queue --kpis offered,sl --manifest "$M" "$F"
	[ "$status" -eq 0 ]
	[ "$(sed -n 1p "$M")" = "tool=kpi-calc" ]
	[ "$(sed -n 2p "$M")" = "version=$(kpi-calc --version | awk '{print $3}')" ]
	[[ "$(sed -n 3p "$M")" == "build=cc "*"; nettle "*"; pcre2 "* ]]
	[ "$(sed -n 4p "$M")" = "command=kpi-calc -q --by queue --kpis offered,sl --manifest $M $F" ]
	[ "$(grep '^input=' "$M")" = "input=$(sha "$F") $F" ]
	grep -qx 'method=sl_formula=exclude-short: sl = answered within T / (offered - short_abandoned)' "$M"
	grep -qx 'rows=3 read, 2 used, 1 rejected, 0 skipped' "$M"
}

@test "manifest: standard input is hashed as read and named -" {
	kpi-calc -q --kpis offered --manifest "$M" < "$F" > /dev/null
	[ "$(grep '^input=' "$M")" = "input=$(sha "$F") -" ]
}

@test "manifest: kpi-calc -j 2 hashes the whole file" {
	python3 -c '
import sys
print("call_id,start,queue,wait_s,talk_s,outcome")
for i in range(5000): print(f"{i},2026-03-01T08:{i%60:02d}:00Z,q{i%3},{i%40},60,answered")' > "$BATS_TEST_TMPDIR/big.csv"
	kpi-calc -q -j 2 --kpis offered --manifest "$M" "$BATS_TEST_TMPDIR/big.csv" > /dev/null
	[ "$(grep '^input=' "$M")" = "input=$(sha "$BATS_TEST_TMPDIR/big.csv") $BATS_TEST_TMPDIR/big.csv" ]
}

@test "manifest: kpi-calc: a preset is named and hashed" {
	kpi-calc -q --targets miit-15s --manifest "$M" "$F" > /dev/null
	[ "$(grep '^file=' "$M")" = "file=targets $(sha "$BATS_TEST_DIRNAME/../share/telaudit/targets/miit-15s") miit-15s" ]
	grep -qx 'method=sl_threshold=15s (within T: wait_s <= T)' "$M"
}

@test "manifest: the command line is quoted so that it runs again to the same bytes" {
	cp "$F" "$BATS_TEST_TMPDIR/a b.csv"
	cd "$BATS_TEST_TMPDIR"
	kpi-calc -q --by queue --target 'sl>=0.5' --kpis 'offered,sl' --manifest m "a b.csv" > out1
	cmd=$(sed -n 's/^command=//p' m)
	[ "$cmd" = "kpi-calc -q --by queue --target 'sl>=0.5' --kpis offered,sl --manifest m 'a b.csv'" ]
	eval "$cmd" > out2
	cmp out1 out2
}

@test "manifest: cdr-parse: each input file hashed" {
	cp "$TD/cdr-parse/queue.csv" "$BATS_TEST_TMPDIR/q.csv"
	cdr-parse -q -f asterisk-csv --tz UTC --manifest "$M" "$BATS_TEST_TMPDIR/q.csv" "$F" > /dev/null 2>&1 || true
	[ "$(grep -c '^input=' "$M")" -eq 2 ]
	[ "$(grep '^input=' "$M" | head -1)" = "input=$(sha "$BATS_TEST_TMPDIR/q.csv") $BATS_TEST_TMPDIR/q.csv" ]
	[ "$(sed -n 1p "$M")" = "tool=cdr-parse" ]
}

@test "manifest: complaint-classify: the rulebook is hashed" {
	printf 'id,text\n1,my bill is wrong\n' > "$BATS_TEST_TMPDIR/c.csv"
	complaint-classify -q --text text --id id --manifest "$M" "$BATS_TEST_TMPDIR/c.csv" > /dev/null
	[ "$(grep '^file=' "$M")" = "file=rules $(sha "$BATS_TEST_DIRNAME/../share/telaudit/rules/default.rules") default.rules" ]
	[ "$(grep '^input=' "$M")" = "input=$(sha "$BATS_TEST_TMPDIR/c.csv") $BATS_TEST_TMPDIR/c.csv" ]
	grep -qx 'rows=1 read, 1 used, 0 rejected, 0 skipped' "$M"
}

@test "manifest: survey-score: method lines go to the manifest with --format json" {
	printf 'ltr\n10\n9\n0\n' > "$BATS_TEST_TMPDIR/s.csv"
	survey-score -q --nps ltr --ci 0.95 --format json --manifest "$M" "$BATS_TEST_TMPDIR/s.csv" > "$BATS_TEST_TMPDIR/out"
	grep -q '^method=nps_lo/nps_hi: Wald interval' "$M"
	! grep -q '^#' "$BATS_TEST_TMPDIR/out"
	[ "$(grep '^input=' "$M")" = "input=$(sha "$BATS_TEST_TMPDIR/s.csv") $BATS_TEST_TMPDIR/s.csv" ]
}

@test "manifest: an unwritable manifest is exit 3" {
	run --separate-stderr kpi-calc -q --manifest /nonexistent/dir/m "$F"
	[ "$status" -eq 3 ]
	grep -qx "kpi-calc: /nonexistent/dir/m: No such file or directory" <<< "$stderr"
}
