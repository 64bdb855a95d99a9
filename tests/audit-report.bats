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
		--ces ces:1..7 --complaints "$D/data/complaints.csv" --complaint-targets miit-reply-15d \
		--subscribers 1250000 -o "$D/r" > "$D/stdout"
	# the same data over the first half of the month: span 03-01..03-15,
	# compared with 02-14..02-28
	PATH="$TELAUDIT_BIN:$PATH" TELAUDIT_BIN="$TELAUDIT_BIN" python3 "$AR" --from 2026-03-01 \
		--to 2026-03-15 --calls "$D/data/calls.csv" --report-tz Asia/Shanghai --targets miit-15s \
		--surveys "$D/data/surveys.csv" --nps ltr --csat csat \
		--complaints "$D/data/complaints.csv" --complaint-targets miit-reply-15d \
		--subscribers 1250000 -o "$D/s" > "$D/stdout-s"
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

# reproduce REPORT WORKDIR: run the manifest's commands in WORKDIR and
# compare every table; prints how many commands ran
reproduce() {
	local r=$1 w=$2 n=0 cmd f
	mkdir -p "$w/tables"
	while IFS= read -r cmd; do
		(cd "$w" && eval "$cmd") || return 1
		n=$((n + 1))
	done < <(sed -n 's/^command=//p' "$r/manifest.txt")
	for f in "$r"/tables/*.csv; do
		cmp "$f" "$w/tables/${f##*/}" || return 1
	done
	[ "$(ls "$w"/tables/*.csv | wc -l)" -eq "$(ls "$r"/tables/*.csv | wc -l)" ] || return 1
	echo "$n"
}

@test "audit-report: the manifest's commands reproduce every table byte for byte" {
	n=$(reproduce "$R" "$BATS_TEST_TMPDIR/re")
	[ "$n" -ge 8 ]
	# the tables of the survey change and the complaints are among them
	for t in surveys-change complaints-classified complaints complaints-category complaints-tier; do
		[ -s "$R/tables/$t.csv" ]
		grep -q "^command=.* -o tables/$t.csv\$" "$R/manifest.txt"
	done
	n=$(reproduce "$D/s" "$BATS_TEST_TMPDIR/re-s")
	[ "$n" -ge 8 ]
	[ -s "$D/s/tables/span.csv" ] && [ -s "$D/s/tables/surveys-change.csv" ]
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
	ex=$(awk '/^The first half/ { f = 1 } f && /^\.Bd/ { g = 1; next } g && /^\.Ed/ { exit } g' \
		"$BATS_TEST_DIRNAME/../man/audit-report.1" | sed 's/\\e$/\\/')
	[[ "$ex" == "audit-report --from 2026-03-01 --to 2026-03-15"* ]]
	run bash -c "PATH=\"$BATS_TEST_DIRNAME/../scripts:$TELAUDIT_BIN:\$PATH\"; $ex"
	[ "$status" -eq 0 ]
	[ "$output" = "$D/data/first-half/index.html" ]
}

@test "audit-report: the shipped demo month is what gen-demo-month --seed 2026 writes" {
	python3 "$GEN" --seed 2026 --month 2026-03 "$BATS_TEST_TMPDIR/d"
	for f in calls surveys complaints; do
		cmp "$BATS_TEST_DIRNAME/../demo/2026-03/$f.csv" "$BATS_TEST_TMPDIR/d/$f.csv"
	done
}

# oracle_calls FROM TO: offered, answered within 15 s and sl (answered
# within 15 s / offered, sl_formula offered of miit-15s) of the queued
# calls whose start falls on FROM..TO in Asia/Shanghai (UTC+8, no DST)
oracle_calls() {
	python3 - "$D/data/calls.csv" "$1" "$2" <<-'PY'
	import csv, sys, datetime as dt
	path, lo, hi = sys.argv[1:]
	off = within = 0
	for r in csv.DictReader(open(path, encoding="utf-8")):
	    t = dt.datetime.strptime(r["start"], "%Y-%m-%dT%H:%M:%SZ") + dt.timedelta(hours=8)
	    if r["queued"] != "1" or not lo <= t.strftime("%Y-%m-%d") <= hi:
	        continue
	    off += 1
	    within += r["outcome"] == "answered" and float(r["wait_s"]) <= 15
	print(off, within, f"{within / off:.4f}")
	PY
}

@test "audit-report: --from/--to: the period and the run of days before it, against python over the calls" {
	S="$D/s"
	[ "$(cat "$D/stdout-s")" = "$S/index.html" ]
	grep -qx '# Service-quality report 2026-03-01 to 2026-03-15' "$S/report.md"
	grep -qx 'period=span:2026-03-01..2026-03-15' "$S/manifest.txt"
	read -r off within sl <<< "$(oracle_calls 2026-03-01 2026-03-15)"
	read -r poff pwithin psl <<< "$(oracle_calls 2026-02-14 2026-02-28)"
	[ "$off" -gt 1000 ] && [ "$poff" -gt 1000 ]
	h="## Change against 2026-02-14..2026-02-28"
	[ "$(md_cell "$S/report.md" "$h" offered 2026-03-01..2026-03-15)" = "$off" ]
	[ "$(md_cell "$S/report.md" "$h" offered 2026-02-14..2026-02-28)" = "$poff" ]
	[ "$(md_cell "$S/report.md" "$h" sl 2026-03-01..2026-03-15)" = "$sl" ]
	[ "$(md_cell "$S/report.md" "$h" sl 2026-02-14..2026-02-28)" = "$psl" ]
	[ "$(md_cell "$S/report.md" "## Verdict" "sl>=0.85" 2026-03-01..2026-03-15)" = "$sl" ]
	# the daily chart has the 15 days of the period, numbered from 1
	[ "$(wc -l < "$S/charts/daily.dat")" -eq 15 ]
	[ "$(cut -d, -f1 "$S/charts/daily.dat" | tr '\n' ' ')" = "$(seq 1 15 | tr '\n' ' ')" ]
	# a one-day period is that day
	read -r off1 _ sl1 <<< "$(oracle_calls 2026-03-17 2026-03-17)"
	python3 "$AR" --from 2026-03-17 --to 2026-03-17 --calls "$D/data/calls.csv" \
		--report-tz Asia/Shanghai -o "$BATS_TEST_TMPDIR/one" > /dev/null
	[ "$(md_cell "$BATS_TEST_TMPDIR/one/report.md" "## Change against 2026-03-16..2026-03-16" offered 2026-03-17..2026-03-17)" = "$off1" ]
}

@test "audit-report: --from/--to usage errors exit 2; a period without calls exits 4" {
	c="$D/data/calls.csv"
	run --separate-stderr python3 "$AR" --month 2026-03 --from 2026-03-01 --to 2026-03-02 --calls "$c" -o x
	[ "$status" -eq 2 ] && [[ "$stderr" == *"--month and --from/--to exclude each other"* ]]
	run --separate-stderr python3 "$AR" --from 2026-03-01 --calls "$c" -o x
	[ "$status" -eq 2 ] && [[ "$stderr" == *"the period: --month YYYY-MM, or --from DATE and --to DATE"* ]]
	run --separate-stderr python3 "$AR" --from 2026-03-10 --to 2026-03-09 --calls "$c" -o x
	[ "$status" -eq 2 ] && [[ "$stderr" == *"--to 2026-03-09 is before --from 2026-03-10"* ]]
	run --separate-stderr python3 "$AR" --from 2026-02-30 --to 2026-03-09 --calls "$c" -o x
	[ "$status" -eq 2 ] && [[ "$stderr" == *'--from: "2026-02-30" is not a date YYYY-MM-DD'* ]]
	run --separate-stderr python3 "$AR" --from 2025-07-01 --to 2025-07-10 --calls "$c" -o "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 4 ]
	[[ "$stderr" == "audit-report: no call records in 2025-07-01 to 2025-07-10 ("*")" ]]
}

# oracle_nps FROM TO: n, NPS and its standard error (telaudit(7)) of the
# ltr answers dated FROM..TO, unrounded
oracle_survey() {
	python3 - "$D/data/surveys.csv" "$@" <<-'PY'
	import csv, math, sys
	path, a0, a1, b0, b1 = sys.argv[1:]
	rows = list(csv.DictReader(open(path, encoding="utf-8")))
	def nps(lo, hi):
	    x = [int(r["ltr"]) for r in rows if lo <= r["date"] <= hi and r["ltr"] != ""]
	    n = len(x); P = sum(v >= 9 for v in x) / n; D = sum(v <= 6 for v in x) / n
	    return 100 * (P - D), 100 * math.sqrt((P + D - (P - D) ** 2) / n)
	def top2(lo, hi):
	    x = [int(r["csat"]) for r in rows if lo <= r["date"] <= hi and r["csat"] != ""]
	    p = sum(v >= 4 for v in x) / len(x)
	    return p, math.sqrt(p * (1 - p) / len(x))
	(na, sa), (nb, sb) = nps(a0, a1), nps(b0, b1)
	z = (nb - na) / math.hypot(sa, sb)
	(ca, sca), (cb, scb) = top2(a0, a1), top2(b0, b1)
	zc = (cb - ca) / math.hypot(sca, scb)
	print(f"{na:.2f} {nb:.2f} {nb - na:.2f} {math.erfc(abs(z) / math.sqrt(2)):.4f} "
	      f"{ca:.4f} {cb:.4f} {cb - ca:.4f} {math.erfc(abs(zc) / math.sqrt(2)):.4f}")
	PY
}

@test "audit-report: the survey change against the previous period, against python (NPS z test, CSAT top-2 share)" {
	read -r na nb d p ca cb dc pc <<< "$(oracle_survey 2026-02-01 2026-02-28 2026-03-01 2026-03-31)"
	h="### Change against 2026-02"
	[ "$(md_cell "$R/report.md" "$h" nps 2026-02)" = "$na" ]
	[ "$(md_cell "$R/report.md" "$h" nps 2026-03)" = "$nb" ]
	[ "$(md_cell "$R/report.md" "$h" nps change)" = "$d" ]
	[ "$(md_cell "$R/report.md" "$h" nps p)" = "$p" ]
	[ "$(md_cell "$R/report.md" "$h" csat 2026-03)" = "$cb" ]
	[ "$(md_cell "$R/report.md" "$h" csat change)" = "$dc" ]
	[ "$(md_cell "$R/report.md" "$h" csat p)" = "$pc" ]
	# only two months in the data: no Holm column
	! grep -q 'p (Holm)' <(sed -n "/^$h\$/,/^Source/p" "$R/report.md")
	# the span report compares 03-01..03-15 with 02-14..02-28; the data
	# hold other runs too, but only these two are read (--date-window):
	# no Holm adjustment over periods the report does not show (before:
	# a "p (Holm)" column over every run of the file)
	read -r na nb d p _ <<< "$(oracle_survey 2026-02-14 2026-02-28 2026-03-01 2026-03-15)"
	h="### Change against 2026-02-14..2026-02-28"
	[ "$(md_cell "$D/s/report.md" "$h" nps 2026-02-14..2026-02-28)" = "$na" ]
	[ "$(md_cell "$D/s/report.md" "$h" nps change)" = "$d" ]
	[ "$(md_cell "$D/s/report.md" "$h" nps p)" = "$p" ]
	! grep -q 'p (Holm)' <(sed -n "/^$h\$/,/^Source/p" "$D/s/report.md")
	grep -q -- "--date-window 2026-02-14..2026-03-15" "$D/s/manifest.txt"
}

# oracle_complaints FROM TO: received, replied within 15 calendar days
# (the local date of the reply at most 15 after the receipt's), pending
# (no reply, 15 days not passed at the last time in the data), reply
# rate, escalation rate and per 10,000 of 1,250,000 subscribers; the
# times carry +08:00, the report zone's offset, so the local date is the
# first 10 characters
oracle_complaints() {
	python3 - "$D/data/complaints.csv" "$1" "$2" <<-'PY'
	import csv, sys, datetime as dt
	path, lo, hi = sys.argv[1:]
	rows = list(csv.DictReader(open(path, encoding="utf-8")))
	day = lambda s: dt.date.fromisoformat(s[:10])
	asof = max(day(r[c]) for r in rows for c in ("received", "replied", "resolved", "closed") if r[c])
	rec = within = pend = esc = 0
	for r in rows:
	    if not lo <= r["received"][:10] <= hi:
	        continue
	    rec += 1
	    esc += r["escalated"] != ""
	    stop = r["replied"] or r["resolved"] or r["closed"]
	    if stop:
	        within += (day(stop) - day(r["received"])).days <= 15
	    else:
	        pend += (asof - day(r["received"])).days <= 15
	print(rec, within, pend, f"{within / rec:.4f}", f"{esc / rec:.4f}", f"{rec / 125:.4f}")
	PY
}

@test "audit-report: the complaints section, against python over the complaint records" {
	for period in "2026-03 2026-03-01 2026-03-31 r" "2026-02 2026-02-01 2026-02-28 r" \
		"2026-03-01..2026-03-15 2026-03-01 2026-03-15 s"; do
		read -r col lo hi dir <<< "$period"
		read -r rec within pend rate esc per <<< "$(oracle_complaints "$lo" "$hi")"
		[ "$rec" -gt 20 ]
		f="$D/$dir/report.md"
		[ "$(md_cell "$f" "## Complaints" received "$col")" = "$rec" ]
		[ "$(md_cell "$f" "## Complaints" reply_within "$col")" = "$within" ]
		[ "$(md_cell "$f" "## Complaints" reply_pending "$col")" = "$pend" ]
		[ "$(md_cell "$f" "## Complaints" reply_rate "$col")" = "$rate" ]
		[ "$(md_cell "$f" "## Complaints" escalation_rate "$col")" = "$esc" ]
		[ "$(md_cell "$f" "## Complaints" per_10k "$col")" = "$per" ]
	done
	# the preset's target: every complaint replied within 15 days
	read -r _ _ _ rate _ <<< "$(oracle_complaints 2026-03-01 2026-03-31)"
	[ "$(md_cell "$R/report.md" "### Complaint-handling targets" "reply_rate>=1" 2026-03)" = "$rate" ]
	[ "$(md_cell "$R/report.md" "### Complaint-handling targets" "reply_rate>=1" verdict)" = breached ]
}

@test "audit-report: the complaint category and tier tables are complaint-classify --append | complaint-kpi" {
	complaint-classify -q --append --text text "$D/data/complaints.csv" |
		complaint-kpi -q --tz Asia/Shanghai --by month,category --kpis received,reply_rate > "$BATS_TEST_TMPDIR/k.csv"
	n=0
	while IFS=, read -r m cat rec rate; do
		[ "$m" = 2026-03 ] || continue
		[ "$(md_cell "$R/report.md" "### Category × month" "$cat" "2026-03 received")" = "$rec" ]
		[ "$(md_cell "$R/report.md" "### Category × month" "$cat" reply_rate)" = "$rate" ]
		n=$((n + 1))
	done < "$BATS_TEST_TMPDIR/k.csv"
	[ "$n" -ge 5 ]
	# the classified complaints are every input row with four columns more
	[ "$(wc -l < "$R/tables/complaints-classified.csv")" -eq "$(wc -l < "$D/data/complaints.csv")" ]
	[ "$(head -1 "$R/tables/complaints-classified.csv")" = "$(head -1 "$D/data/complaints.csv"),category,tier,score,matched" ]
}

@test "audit-report: a complaints file with no complaint in the period says so" {
	printf 'id,received,text\nT1,2026-01-05T10:00:00+08:00,bill wrong\n' > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr python3 "$AR" --month 2026-03 --calls "$D/data/calls.csv" --report-tz Asia/Shanghai \
		--complaints "$BATS_TEST_TMPDIR/c.csv" -o "$BATS_TEST_TMPDIR/z"
	[ "$status" -eq 0 ]
	grep -qx 'No usable complaints received in 2026-03 (1 read, 1 used, 0 rejected, 0 skipped).' "$BATS_TEST_TMPDIR/z/report.md"
}
