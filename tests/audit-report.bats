#!/usr/bin/env bats
# audit-report and the demo month: the report builds; its figures are the
# tools' figures; the manifest's commands give the tables back byte for
# byte; the SVGs are XML and the HTML is well formed with no external URL;
# missing or rejected sections say so; a month without calls is exit 4.

load helpers

AR="$BATS_TEST_DIRNAME/../scripts/audit-report"
GEN="$BATS_TEST_DIRNAME/../scripts/gen-demo-month"

setup_file() {
	command -v gnuplot > /dev/null || return 0
	export D="$BATS_FILE_TMPDIR/demo"
	PATH="$TELAUDIT_BIN:$PATH" python3 "$GEN" --seed 7 --month 2026-03 --scale 0.3 "$D/data"
	PATH="$TELAUDIT_BIN:$PATH" TELAUDIT_BIN="$TELAUDIT_BIN" python3 "$AR" --month 2026-03 \
		--calls "$D/data/calls.csv" --report-tz Asia/Shanghai --targets miit-15s \
		--target 'abandon_rate<=0.10' --surveys "$D/data/surveys.csv" --nps ltr --csat csat \
		--complaints "$D/data/complaints.csv" --subscribers 1250000 -o "$D/r" > "$D/stdout"
}

setup() {
	command -v gnuplot > /dev/null || skip "gnuplot not installed"
	R="$D/r"
	export TELAUDIT_BIN
}

# md_cell FILE HEADING ROWKEY COLUMN: a cell of the first table after HEADING
md_cell() {
	python3 - "$@" <<-'PY'
	import sys
	path, heading, key, col = sys.argv[1:]
	lines = open(path, encoding="utf-8").read().split("\n")
	i = lines.index(heading)
	while not lines[i].startswith("|"):
	    i += 1
	split = lambda l: [c.strip().replace("\\|", "|") for c in l.strip("|").split(" | ")]
	cols = split(lines[i])
	i += 2
	while i < len(lines) and lines[i].startswith("|"):
	    row = split(lines[i])
	    if row[0] == key:
	        print(row[cols.index(col)])
	        break
	    i += 1
	PY
}

@test "audit-report: the demo report builds and prints the path of index.html" {
	[ "$(cat "$D/stdout")" = "$R/index.html" ]
	[ -s "$R/index.html" ] && [ -s "$R/report.md" ] && [ -s "$R/manifest.txt" ]
	[ -s "$R/tables/month.csv" ] && [ -s "$R/charts/daily.svg" ]
}

@test "audit-report: verdict figures equal what kpi-calc prints for the same options" {
	kpi-calc -q --by month --kpis sl,abandon_rate --ci 0.95 --report-tz Asia/Shanghai \
		--targets miit-15s --target 'abandon_rate<=0.10' "$D/data/calls.csv" > "$BATS_TEST_TMPDIR/k.csv"
	row=$(grep '^2026-03,' "$BATS_TEST_TMPDIR/k.csv")
	IFS=, read -r _ sl sl_lo sl_hi ab ab_lo ab_hi sl_ok ab_ok <<< "$row"
	[ "$(md_cell "$R/report.md" "## Verdict" "sl>=0.85" 2026-03)" = "$sl" ]
	[ "$(md_cell "$R/report.md" "## Verdict" "sl>=0.85" "95% Wilson interval")" = "$sl_lo – $sl_hi" ]
	[ "$(md_cell "$R/report.md" "## Verdict" "abandon_rate<=0.10" 2026-03)" = "$ab" ]
	v=$(md_cell "$R/report.md" "## Verdict" "sl>=0.85" verdict)
	[ "$v" = "$([ "$sl_ok" = yes ] && echo met || echo breached)" ]
	# the days breached are the days kpi-calc marks no
	want=$(kpi-calc -q --by day --kpis sl --report-tz Asia/Shanghai --targets miit-15s "$D/data/calls.csv" \
		| awk -F, '$1 ~ /^2026-03/ && $3 == "no" { printf "%s%s", n++ ? ", " : "", substr($1, 9) }')
	[ "$(md_cell "$R/report.md" "## Verdict" "sl>=0.85" "days breached")" = "${want:-none}" ]
}

@test "audit-report: queue, network and survey tables equal the tools' output" {
	kpi-calc -q --by month,queue --kpis offered,sl,asa --report-tz Asia/Shanghai --targets miit-15s \
		"$D/data/calls.csv" | grep '^2026-03,' > "$BATS_TEST_TMPDIR/q"
	while IFS=, read -r _ q offered sl asa _; do
		[ "$offered" != 0 ] || continue
		[ -n "$q" ] || q="(none)"
		[ "$(md_cell "$R/report.md" "### Queues" "$q" offered)" = "$offered" ]
		[ "$(md_cell "$R/report.md" "### Queues" "$q" sl)" = "$sl" ]
		[ "$(md_cell "$R/report.md" "### Queues" "$q" asa)" = "$asa" ]
	done < "$BATS_TEST_TMPDIR/q"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/q")" -ge 4 ]
	asr=$(kpi-calc -q --by month,trunk --kpis asr "$D/data/calls.csv" --report-tz Asia/Shanghai | grep '^2026-03,E1-BJ-03,' | cut -d, -f3)
	[ "$(md_cell "$R/report.md" "## Network" E1-BJ-03 asr)" = "$asr" ]
	nps=$(survey-score -q --nps ltr --by month --date date "$D/data/surveys.csv" | grep '^2026-03,' | cut -d, -f9)
	[ "$(md_cell "$R/report.md" "## Surveys" 2026-03 nps)" = "$nps" ]
}

@test "audit-report: the manifest's commands reproduce every table byte for byte" {
	w="$BATS_TEST_TMPDIR/re"
	mkdir -p "$w/tables"
	n=0
	while IFS= read -r cmd; do
		(cd "$w" && eval "$cmd")
		n=$((n + 1))
	done < <(sed -n 's/^command=//p' "$R/manifest.txt")
	[ "$n" -ge 8 ]
	for f in "$R"/tables/*.csv; do
		cmp "$f" "$w/tables/${f##*/}"
	done
	[ "$(ls "$w"/tables/*.csv | wc -l)" -eq "$(ls "$R"/tables/*.csv | wc -l)" ]
}

@test "audit-report: the manifest holds the inputs' SHA-256, the preset, the rulebook, zone and formula" {
	for f in calls surveys complaints; do
		h=$(sha256sum "$D/data/$f.csv" | cut -d' ' -f1)
		grep -qx "input=$f $h $(wc -c < "$D/data/$f.csv") $D/data/$f.csv" "$R/manifest.txt"
	done
	h=$(sha256sum "$BATS_TEST_DIRNAME/../share/telaudit/targets/miit-15s" | cut -d' ' -f1)
	grep -q "^file=targets $h [0-9]* miit-15s$" "$R/manifest.txt"
	h=$(sha256sum "$BATS_TEST_DIRNAME/../share/telaudit/rules/default.rules" | cut -d' ' -f1)
	grep -q "^file=rules $h [0-9]* default.rules$" "$R/manifest.txt"
	grep -qx 'report_tz=Asia/Shanghai' "$R/manifest.txt"
	grep -qx 'method=sl_formula=offered: sl = answered within T / offered' "$R/manifest.txt"
	grep -q '^version.kpi-calc=kpi-calc (telaudit) ' "$R/manifest.txt"
}

@test "audit-report: every SVG is well-formed XML" {
	for f in "$R"/charts/*.svg; do
		python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$f"
	done
}

@test "audit-report: index.html is well formed, self-contained, with no external URL" {
	python3 - "$R/index.html" <<-'PY'
	import sys
	from html.parser import HTMLParser
	VOID = {"meta", "br", "img", "hr", "input", "link", "col", "area", "base", "wbr", "source", "path", "rect", "circle", "line", "use", "polygon", "polyline", "stop", "image"}
	class P(HTMLParser):
	    def __init__(self):
	        super().__init__()
	        self.stack, self.bad = [], []
	    def handle_starttag(self, tag, attrs):
	        for k, v in attrs:
	            if k in ("src", "href", "xlink:href", "action") and v and not v.startswith("#"):
	                self.bad.append(f"{tag} {k}={v}")
	            if k == "style" and v and "url(" in v:
	                self.bad.append(f"{tag} style url")
	        if tag in ("script", "link", "iframe", "img", "object"):
	            self.bad.append(f"<{tag}>")
	        if tag not in VOID:
	            self.stack.append(tag)
	    def handle_startendtag(self, tag, attrs):
	        self.handle_starttag(tag, attrs)
	        if tag not in VOID:
	            self.stack.pop()
	    def handle_endtag(self, tag):
	        if tag in VOID:
	            return
	        if not self.stack or self.stack[-1] != tag:
	            raise SystemExit(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
	        self.stack.pop()
	p = P()
	text = open(sys.argv[1], encoding="utf-8").read()
	p.feed(text)
	p.close()
	assert not p.stack, p.stack
	assert not p.bad, p.bad
	assert "@import" not in text and "url(http" not in text
	assert text.count("<svg") >= 2, "charts inline"
	PY
}

@test "audit-report: report.md has the same sections as index.html" {
	a=$(grep -o '<h[23]>[^<]*</h[23]>' "$R/index.html" | sed 's/<[^>]*>//g')
	b=$(grep -E '^#{2,3} ' "$R/report.md" | sed 's/^#* //')
	[ "$a" = "$b" ]
	grep -q '^## Composite service index$' "$R/report.md"
}

@test "audit-report: the heat map is shown only when kpi-calc has the profiles" {
	if kpi-calc -q --by hour-of-day --kpis offered <<< "start,outcome" > /dev/null 2>&1; then
		[ -s "$R/charts/heat-offered.svg" ]
		[ -s "$R/tables/heat.csv" ]
	else
		grep -q 'Not shown: this kpi-calc has no hour-of-day and weekday profiles' "$R/report.md"
		[ ! -e "$R/charts/heat-offered.svg" ]
	fi
}

@test "audit-report: a month without calls is exit 4 with a clear message" {
	run --separate-stderr python3 "$AR" --month 2025-07 --calls "$D/data/calls.csv" -o "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 4 ]
	[[ "$stderr" == "audit-report: no call records in 2025-07 ("*")" ]]
}

@test "audit-report: a survey file whose rows are all rejected, and no complaints, say so" {
	printf 'date,ltr\n2026-03-02,eleven\n2026-03-03,x\n' > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr python3 "$AR" --month 2026-03 --calls "$D/data/calls.csv" \
		--surveys "$BATS_TEST_TMPDIR/s.csv" --nps ltr -o "$BATS_TEST_TMPDIR/y"
	[ "$status" -eq 0 ]
	# survey-score uses the rows and counts each unusable answer as missing
	grep -qx 'No usable survey responses in 2026-03 (2 read, 2 used, 0 rejected, 0 skipped; answers missing: ltr 2).' "$BATS_TEST_TMPDIR/y/report.md"
	! grep -q '^| month | n | nps' "$BATS_TEST_TMPDIR/y/report.md"
	grep -qx 'No complaints file was given (--complaints).' "$BATS_TEST_TMPDIR/y/report.md"
	grep -qx 'No targets were given (--targets, --target): no verdict.' "$BATS_TEST_TMPDIR/y/report.md"
}

@test "audit-report: the demo generator is seeded: same seed, same bytes" {
	python3 "$GEN" --seed 7 --month 2026-03 --scale 0.3 "$BATS_TEST_TMPDIR/g"
	for f in calls surveys complaints; do cmp "$D/data/$f.csv" "$BATS_TEST_TMPDIR/g/$f.csv"; done
	python3 "$GEN" --seed 8 --month 2026-03 --scale 0.3 "$BATS_TEST_TMPDIR/h"
	! cmp -s "$D/data/calls.csv" "$BATS_TEST_TMPDIR/h/calls.csv"
}

@test "audit-report: usage errors exit 2" {
	run --separate-stderr python3 "$AR" --month 2026-13 --calls x -o y
	[ "$status" -eq 2 ]
	[[ "$stderr" == *'--month: "2026-13" is not YYYY-MM'* ]]
	run python3 "$AR" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"man 7 telaudit"* ]]
}

@test "audit-report: the man page example runs on the demo data" {
	ex=$(awk '/^By hand/ { f = 1 } f && /^\.Bd/ { g = 1; next } g && /^\.Ed/ { exit } g' \
		"$BATS_TEST_DIRNAME/../man/audit-report.1" | sed 's/\\e$/\\/')
	[[ "$ex" == "audit-report --month 2026-03 --calls calls.csv"* ]]
	cd "$D/data"
	run bash -c "PATH=\"$BATS_TEST_DIRNAME/../scripts:$TELAUDIT_BIN:\$PATH\"; $ex"
	[ "$status" -eq 0 ]
	[ "$output" = "$D/data/report/index.html" ]
}

@test "audit-report: the shipped demo month is what gen-demo-month --seed 2026 writes" {
	python3 "$GEN" --seed 2026 --month 2026-03 "$BATS_TEST_TMPDIR/d"
	for f in calls surveys complaints; do
		cmp "$BATS_TEST_DIRNAME/../demo/2026-03/$f.csv" "$BATS_TEST_TMPDIR/d/$f.csv"
	done
}
