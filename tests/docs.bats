#!/usr/bin/env bats
# The definitions page man/telaudit.7: clean, referred to by every tool's
# man page and --help, installed by make install, linked from the README.

load helpers

ROOT="$BATS_TEST_DIRNAME/.."

@test "docs: telaudit.7 and audit-report.1 are clean under mandoc -T lint" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	run mandoc -T lint -W warning "$ROOT/man/telaudit.7" "$ROOT/man/audit-report.1"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "docs: telaudit.7 defines the record's queued and zone columns and every SL variant" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	page=$(mandoc -T ascii "$ROOT/man/telaudit.7" | col -b)
	for w in call_id queued zone wait_n offered abandon_rate fcr asr ner drop_rate \
		exclude-short abandon-within abandon-after hour-of-day weekday \
		NPS CSAT CES "Cronbach's alpha" n_eff specialist priority; do
		grep -qF -- "$w" <<< "$page" || { echo "missing: $w"; false; }
	done
}

@test "docs: every tool's man page and --help refer to telaudit(7)" {
	for t in $TOOLS; do
		grep -qx '.Xr telaudit 7' "$ROOT/man/$t.1" || { echo "$t.1"; false; }
		"$t" --help | grep -q 'man 7 telaudit' || { echo "$t --help"; false; }
		! grep -qw 'SPEC' "$ROOT/man/$t.1" || { echo "$t.1 names SPEC"; false; }
	done
}

@test "docs: make install installs telaudit.7 and the README links it" {
	d="$BATS_TEST_TMPDIR/inst"
	make -s -C "$ROOT" install DESTDIR="$d" PREFIX=/usr > /dev/null
	cmp "$ROOT/man/telaudit.7" "$d/usr/share/man/man7/telaudit.7"
	[ -f "$d/usr/share/man/man1/kpi-calc.1" ]
	[ -x "$d/usr/bin/audit-report" ] && [ -f "$d/usr/share/man/man1/audit-report.1" ]
	[ -f "$d/usr/share/telaudit/weights/default" ]
	grep -qF '(man/telaudit.7)' "$ROOT/README.md"
}
