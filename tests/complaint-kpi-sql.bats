#!/usr/bin/env bats
# complaint-kpi against SQL: sqlite3 (DuckDB is not a Debian package)
# computes the timeliness, backlog-free counts, repeat, escalation and
# reopen figures from the definitions in telaudit(7) over the same
# generated year of complaints, for two option sets; and the complaint
# section of telaudit(7) defines every figure complaint-kpi prints.

load helpers

# load CSV DB: the rows as SQL sees them, table c: times as integer
# milliseconds (every time is UTC with a Z), empty fields NULL
load_db() {
	sqlite3 "$2" <<-SQL
	.import --csv $1 raw
	CREATE TABLE c AS SELECT id, category, tier, customer,
	  NULLIF(escalated, '') AS escalated, NULLIF(reopened, '') AS reopened,
	  CAST(round((julianday(received) - 2440587.5) * 86400000) AS INTEGER) AS rec,
	  CAST(round((julianday(NULLIF(replied, '')) - 2440587.5) * 86400000) AS INTEGER) AS rep,
	  CAST(round((julianday(NULLIF(resolved, '')) - 2440587.5) * 86400000) AS INTEGER) AS res,
	  CAST(round((julianday(NULLIF(closed, '')) - 2440587.5) * 86400000) AS INTEGER) AS clo
	FROM raw;
	CREATE INDEX c_cust ON c(customer, rec);
	CREATE INDEX c_cc ON c(customer, category, rec);
	SQL
}

setup_file() {
	export GEN="$BATS_FILE_TMPDIR/gen.csv" DB="$BATS_FILE_TMPDIR/c.db"
	export GEN2="$BATS_FILE_TMPDIR/gen2.csv" DB2="$BATS_FILE_TMPDIR/c2.db"
	python3 "$BATS_TEST_DIRNAME/../scripts/gen_complaint_records.py" 200000 11 > "$GEN"
	load_db "$GEN" "$DB"
	# the second set resolves an open replied complaint at its reply, so
	# that most groups reach 80 % resolved (days_to_80pct has values)
	awk -F, -v OFS=, 'NR > 1 && $3 != "" && $4 == "" && $5 == "" { $4 = $3 } 1' "$GEN" > "$GEN2"
	load_db "$GEN2" "$DB2"
}

# same FILE_A FILE_B: the same rows and columns; counts equal, rates and
# days within half a unit of the last printed decimal
same() {
	python3 - "$1" "$2" <<-'PY'
	import csv, sys
	a = list(csv.reader(open(sys.argv[1])))
	b = list(csv.reader(open(sys.argv[2])))
	assert a[0] == b[0], (a[0], b[0])
	assert len(a) == len(b), (len(a), len(b))
	assert len(a) > 10, len(a)
	for ra, rb in zip(a[1:], b[1:]):
	    for col, x, y in zip(a[0], ra, rb):
	        if x == y:
	            continue
	        d = len(x.split(".")[1]) if "." in x else 0
	        assert x and y and d and abs(float(x) - float(y)) <= 0.5 * 10 ** -d + 1e-9, (col, ra, rb)
	PY
}

@test "complaint-kpi vs sqlite3: --by month,category in Asia/Shanghai, 15d/30d, --as-of, 30-day repeats" {
	# Asia/Shanghai is UTC+8 all year: a local date is the UTC time plus
	# 8 hours. The cut-off is the end of 2026-12-31 local, 16:00Z; a row
	# with any time after it is rejected. A limit of N days is met when the
	# stop's local date is at most N days after the receipt's; an open
	# complaint (no stop, not closed) is pending while receipt date + N is
	# not before 2027-01-01, else missed. The reply stops at replied, else
	# resolved, else closed; the resolution at resolved, else closed.
	cut=$(sqlite3 "$DB" "SELECT CAST(round((julianday('2026-12-31T16:00:00Z') - 2440587.5) * 86400000) AS INTEGER) - 1")
	pass=$(sqlite3 "$DB" "SELECT CAST(julianday('2027-01-01') - 2440587.5 AS INTEGER)")
	sqlite3 -header -csv "$DB" > "$BATS_TEST_TMPDIR/sql.csv" <<-SQL
	WITH u AS (
	  SELECT *, (rec + 28800000) / 86400000 AS d0,
	    coalesce(rep, res, clo) AS rstop, coalesce(res, clo) AS sstop,
	    strftime('%Y-%m', rec / 1000.0 + 28800, 'unixepoch') AS month
	  FROM c WHERE max(rec, coalesce(rep, 0), coalesce(res, 0), coalesce(clo, 0)) <= $cut),
	f AS (
	  SELECT month, category,
	    rstop IS NOT NULL AND (rstop + 28800000) / 86400000 <= d0 + 15 AS rw,
	    rstop IS NULL AND d0 + 15 >= $pass AS rp,
	    sstop IS NOT NULL AND (sstop + 28800000) / 86400000 <= d0 + 30 AS sw,
	    sstop IS NULL AND d0 + 30 >= $pass AS sp,
	    customer <> '' AS has_cust,
	    customer <> '' AND EXISTS (SELECT 1 FROM c v WHERE v.customer = u.customer
	      AND v.rec >= u.rec - 2592000000 AND v.rec < u.rec
	      AND max(v.rec, coalesce(v.rep, 0), coalesce(v.res, 0), coalesce(v.clo, 0)) <= $cut) AS rpt,
	    escalated IS NOT NULL AND lower(escalated) NOT IN ('0', 'no', 'n', 'false', 'none') AS esc,
	    reopened IS NOT NULL AS reo_known, CAST(reopened AS INTEGER) > 0 AS reo
	  FROM u)
	SELECT month, category, count(*) AS received,
	  sum(rw) AS reply_within, sum(rp) AS reply_pending, count(*) - sum(rw) - sum(rp) AS reply_missed,
	  printf('%.4f', 1.0 * sum(rw) / count(*)) AS reply_rate,
	  sum(sw) AS resolve_within, sum(sp) AS resolve_pending, count(*) - sum(sw) - sum(sp) AS resolve_missed,
	  printf('%.4f', 1.0 * sum(sw) / count(*)) AS resolve_rate,
	  printf('%.4f', 1.0 * sum(rpt) / sum(has_cust)) AS repeat_rate,
	  printf('%.4f', 1.0 * sum(esc) / count(*)) AS escalation_rate,
	  printf('%.4f', 1.0 * sum(reo) / sum(reo_known)) AS reopen_rate
	FROM f GROUP BY month, category ORDER BY month, category;
	SQL
	complaint-kpi -q --by month,category --tz Asia/Shanghai --as-of 2026-12-31 \
		-k received,reply_within,reply_pending,reply_missed,reply_rate,resolve_within,resolve_pending,resolve_missed,resolve_rate,repeat_rate,escalation_rate,reopen_rate \
		"$GEN" > "$BATS_TEST_TMPDIR/tool.csv"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/tool.csv")" -eq 73 ]
	# pending complaints exist in December and none before
	awk -F, 'NR > 1 && $1 == "2026-12" { p += $5 } NR > 1 && $1 < "2026-12" { q += $5 } END { exit !(p > 0 && q == 0) }' \
		"$BATS_TEST_TMPDIR/tool.csv"
	same "$BATS_TEST_TMPDIR/tool.csv" "$BATS_TEST_TMPDIR/sql.csv"
	# the rows SQL left out are the ones complaint-kpi rejects
	n=$(sqlite3 "$DB" "SELECT count(*) FROM c WHERE max(rec, coalesce(rep, 0), coalesce(res, 0), coalesce(clo, 0)) > $cut")
	[ "$n" -gt 0 ]
	run --separate-stderr complaint-kpi -k received --tz Asia/Shanghai --as-of 2026-12-31 "$GEN"
	[ "${stderr_lines[-1]}" = "complaint-kpi: 200000 read, $((200000 - n)) used, $n rejected" ]
}

@test "complaint-kpi vs sqlite3: --by 14-day spans and tier in UTC, 5d/48h, no cut-off, repeats by customer and category in 7 days, ttr and days_to_80pct" {
	# no --as-of: the cut-off is the latest time in the data, so no row
	# is rejected; an open complaint is pending while receipt + 48 h is
	# after it (elapsed limit). Spans of 14 days from 2026-01-05 (day
	# 20458): the span of local day d starts at 20458 + 14 floor((d -
	# 20458) / 14). days_to_80pct: the k-th smallest whole-day
	# resolution time, k = ceil(0.8 n) of the n received, if k resolved.
	last=$(sqlite3 "$DB2" "SELECT max(max(rec, coalesce(rep, 0), coalesce(res, 0), coalesce(clo, 0))) FROM c")
	sqlite3 -header -csv "$DB2" > "$BATS_TEST_TMPDIR/sql.csv" <<-SQL
	WITH u AS (
	  SELECT *, rec / 86400000 AS d0, coalesce(rep, res, clo) AS rstop, coalesce(res, clo) AS sstop,
	    20458 + 14 * ((rec / 86400000 - 20458 + 1400000) / 14 - 100000) AS lo
	  FROM c),
	f AS (
	  SELECT date(lo * 86400, 'unixepoch') || '..' || date((lo + 13) * 86400, 'unixepoch') AS span, tier,
	    rstop IS NOT NULL AND rstop / 86400000 <= d0 + 5 AS rw,
	    rstop IS NULL AND d0 + 5 >= ($last + 1) / 86400000 AS rp,
	    sstop IS NOT NULL AND sstop - rec <= 172800000 AS sw,
	    sstop IS NULL AND rec + 172800000 > $last AS sp,
	    sstop - rec AS ttr, sstop / 86400000 - d0 AS days,
	    customer <> '' AS has_cust,
	    customer <> '' AND EXISTS (SELECT 1 FROM c v WHERE v.customer = u.customer AND v.category = u.category
	      AND v.rec >= u.rec - 604800000 AND v.rec < u.rec) AS rpt
	  FROM u),
	k AS (
	  SELECT span, tier, days, row_number() OVER (PARTITION BY span, tier ORDER BY days) AS rk
	  FROM f WHERE days IS NOT NULL),
	g AS (
	  SELECT span, tier, count(*) AS received, sum(rw) AS reply_within, sum(rp) AS reply_pending,
	    sum(sw) AS resolve_within, sum(sp) AS resolve_pending,
	    avg(ttr) / 86400000.0 AS ttr, sum(rpt) AS rpt, sum(has_cust) AS nc
	  FROM f GROUP BY span, tier)
	SELECT g.span, g.tier, received, reply_within, reply_pending,
	  printf('%.4f', 1.0 * reply_within / received) AS reply_rate,
	  resolve_within, resolve_pending, printf('%.4f', 1.0 * resolve_within / received) AS resolve_rate,
	  printf('%.2f', ttr) AS ttr_mean,
	  coalesce((SELECT k.days FROM k WHERE k.span = g.span AND k.tier = g.tier
	    AND k.rk = (4 * received + 4) / 5), '') AS days_to_80pct,
	  printf('%.4f', 1.0 * rpt / nc) AS repeat_rate
	FROM g ORDER BY g.span, g.tier;
	SQL
	complaint-kpi -q --by span:2026-01-05..2026-01-18,tier --tz UTC --reply-limit 5d --resolve-limit 48h \
		--repeat-by customer,category --repeat-window 7d \
		-k received,reply_within,reply_pending,reply_rate,resolve_within,resolve_pending,resolve_rate,ttr_mean,days_to_80pct,repeat_rate \
		"$GEN2" > "$BATS_TEST_TMPDIR/all.csv"
	# the spans of 2027 have closings but no receipt: rows of 0 received
	# with empty rates, which SQL grouping by receipt does not have
	awk -F, 'NR == 1 || $3 != 0' "$BATS_TEST_TMPDIR/all.csv" > "$BATS_TEST_TMPDIR/tool.csv"
	awk -F, 'NR > 1 && $3 == 0 { n++; if ($1 !~ /^2027-/ || $6 != "" || $10 != "") bad++ } END { exit !(n > 0 && !bad) }' \
		"$BATS_TEST_TMPDIR/all.csv"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/tool.csv")" -ge 80 ]
	same "$BATS_TEST_TMPDIR/tool.csv" "$BATS_TEST_TMPDIR/sql.csv"
	# the groups reach 80 % resolved: days_to_80pct has a value, which
	# SQL's rank ceil(0.8 n) agrees with
	[ "$(cut -d, -f11 "$BATS_TEST_TMPDIR/tool.csv" | sed 1d | grep -c '^[0-9][0-9]*$')" -ge 70 ]
}

@test "telaudit(7) defines every figure complaint-kpi prints, in its complaint section" {
	page=$(mandoc -T utf8 "$BATS_TEST_DIRNAME/../man/telaudit.7" | col -b |
		sed -n '/^COMPLAINT HANDLING/,/^[A-Z][A-Z ]*$/p' | sed '$d')
	[ -n "$page" ]
	# the KPI names of complaint-kpi --help (default list and the others)
	kpis=$(complaint-kpi --help | sed -n '/-k, --kpis/,/--percentiles/p' | grep -oE '[a-z][a-z0-9_]*' |
		grep -E '_|^received$|^closed$' | grep -v -E '^(ttr_p)$' | sort -u)
	[ "$(echo "$kpis" | wc -l)" -ge 17 ]
	for k in $kpis ttr_pNN; do
		grep -qE "^ {5}[a-z0-9_, ]*\b$k\b" <<< "$page" || { echo "telaudit.7 lacks $k"; return 1; }
		# and complaint-kpi(1) defines it too
		mandoc -T utf8 "$BATS_TEST_DIRNAME/../man/complaint-kpi.1" | col -b | grep -qE "^ {5}[a-z0-9_, ]*\b$k\b" ||
			{ echo "complaint-kpi.1 lacks $k"; return 1; }
	done
	# the record's columns are defined in THE COMPLAINT RECORD
	rec=$(mandoc -T utf8 "$BATS_TEST_DIRNAME/../man/telaudit.7" | col -b | sed -n '/^THE COMPLAINT RECORD/,/^COMPLAINT HANDLING/p')
	for c in id received replied resolved closed customer category tier channel escalated reopened; do
		grep -qE "^ {5}[a-z, ]*\b$c\b" <<< "$rec" || { echo "telaudit.7 record lacks $c"; return 1; }
	done
}
