#!/usr/bin/env bash
# make bench: time telaudit against its peers (../shared/bench) on the
# same generated files, in the same run.
#
# Every row is the median of REPS runs (default 3): wall time, CPU time
# (user + system of the command and its children) beside it, MB/s of the
# input and peak RSS. The machine is shared: CPU well below wall x threads
# means the run waited for a core. Each run re-reads its input first (cat
# to /dev/null) so that every run starts from the same page cache.
#
# Rows:
#   == raw Asterisk CDRs (AST_ROWS rows, every text field quoted):
#      cdr-parse alone (and with --jobs 2), the cdr-parse | kpi-calc
#      --by day,queue pipeline,
#      DuckDB normalising the same file (peers/ast_norm.sql) and computing
#      the same KPIs from it (peers/ast_kpi.sql), 1 and 2 threads
#   == the other formats (FORMATS_MB megabytes of copies of each real
#      sample): cdr-parse's MB/s beside asterisk-csv's
#   == generated calls (ROWS rows): kpi-calc --by day,queue --percentiles
#      90 (one process, --jobs 2, --jobs 2 on a pipe), mawk, DuckDB
#   == --by caller --percentiles 90 over CALLER_GROUPS callers (the first
#      rows of the CALLER_SRC-row calls file that hold that many), and over
#      the CALLER_ROWS calls files: one thread and --jobs 2, with peak RSS
#      per group and the ratios of --jobs 2 to one thread
#   == generated complaints (COMPLAINT_ROWS rows): complaint-kpi --by
#      month,category (the monthly return's figures) in rows per second,
#      beside DuckDB computing the same figures (scripts/peers/
#      complaint_kpi.sql), checked equal on 20,000 complaints first
# Data is generated once into bench/data/ (gitignored).
#   ROWS="1000000 10000000" AST_ROWS=2000000 REPS=3 bash scripts/bench.sh
#   PARTS="ast formats calls caller complaints" selects the sections; AWK=0 skips mawk;
#   CALLER_GROUPS="1000000 5000000" (default) and CALLER_ROWS="10000000"
#   (the whole 10M file: 7.3M callers, about 1.3 GB) the --by caller rows;
#   BIN=DIR the tools.
set -uo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C TZ=UTC
# ../shared beside the checkout (or beside the main checkout of a worktree)
if [ -z "${SHARED:-}" ]; then
	SHARED=../shared/bench
	common=$(git rev-parse --git-common-dir 2>/dev/null || true)
	[ -f "$SHARED/gen_calls.py" ] || [ -z "$common" ] ||
		SHARED="$(cd "$common/.." && pwd)/../shared/bench"
fi
DATA=${DATA:-bench/data}
ROWS=${ROWS:-"1000000 10000000"}
AST_ROWS=${AST_ROWS:-2000000}
REPS=${REPS:-3}
PARTS=${PARTS:-"ast formats calls caller complaints"}
FORMATS_MB=${FORMATS_MB:-100}
COMPLAINT_ROWS=${COMPLAINT_ROWS:-10000000}
AWK=${AWK:-1}
CALLER_GROUPS=${CALLER_GROUPS-"1000000 5000000"}
CALLER_SRC=${CALLER_SRC:-10000000}
CALLER_ROWS=${CALLER_ROWS:-}
BIN=${BIN:-bin}   # the tools measured (another build's bin/ to compare)
export BIN
mkdir -p "$DATA"

if [ ! -f "$SHARED/gen_calls.py" ]; then
	echo "bench: $SHARED/gen_calls.py not found" >&2
	exit 3
fi
TIME=/usr/bin/time
if ! $TIME -f %M true 2>/dev/null; then
	echo "bench: GNU time is missing (apt-get install time)" >&2
	exit 3
fi

# DuckDB peer: npm ci in a copy of the peers folder, once.
duck=""
if command -v node >/dev/null && command -v npm >/dev/null; then
	if [ ! -d bench/peers/node_modules ]; then
		mkdir -p bench/peers
		cp "$SHARED"/peers/* bench/peers/
		chmod u+w bench/peers/*
		# the shipped lock file lacks the other platforms' optional
		# bindings, so npm ci refuses it: fall back to npm install
		(cd bench/peers && { npm ci --no-audit --no-fund ||
			npm install --no-audit --no-fund; } >/dev/null 2>&1) ||
			echo "bench: npm install failed: DuckDB peer skipped"
	fi
	for f in run_sql.mjs ast_norm.sql ast_kpi.sql; do
		[ -f bench/peers/$f ] || cp "$SHARED/peers/$f" bench/peers/
	done
	[ -d bench/peers/node_modules/@duckdb ] && duck=bench/peers
else
	echo "bench: node/npm missing: DuckDB peer skipped"
fi
command -v mawk >/dev/null || { echo "bench: mawk missing: awk peer skipped"; AWK=0; }

# median of the numbers on stdin
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run NAME FILE CMD...: REPS timed runs of CMD (stdout discarded); prints
# one row of medians and sets SECS (median wall seconds, "" on failure),
# CPU (median user + system seconds) and KB (median peak RSS).
run() {
	local name=$1 file=$2 log i walls="" cpus="" rss="" w u s m mb
	shift 2
	log=$(mktemp)
	for ((i = 0; i < REPS; i++)); do
		cat "$file" > /dev/null
		if ! $TIME -f "%e %U %S %M" -o "$log" "$@" > /dev/null 2> "$log.err"; then
			echo "  $name: failed: $(tail -1 "$log.err")"
			rm -f "$log" "$log.err"
			SECS=""
			return
		fi
		read -r w u s m < <(tail -1 "$log")
		walls+="$w"$'\n'
		cpus+="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"$'\n'
		rss+="$m"$'\n'
	done
	rm -f "$log" "$log.err"
	SECS=$(printf %s "$walls" | median)
	CPU=$(printf %s "$cpus" | median)
	KB=$(printf %s "$rss" | median)
	mb=$(stat -L -c %s "$file")
	awk -v n="$name" -v s="$SECS" -v c="$CPU" -v kb="$KB" -v b="$mb" 'BEGIN {
		printf "  %-44s %7.2f s %7.2f s CPU %8.1f MB/s %9.1f MiB\n",
		n, s, c, b / 1e6 / (s > 0 ? s : 1e-9), kb / 1024 }'
}

header() {
	printf "== %s\n  %-44s %9s %13s %13s %13s\n" "$1" "run (median of $REPS)" \
		"wall" "CPU" "input" "peak RSS"
}

ratio() {   # ratio NAME OURS THEIRS
	[ -n "$2" ] && [ -n "$3" ] &&
		awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN {
			printf "  %-44s %7.2fx\n", n, b / a }'
}

has() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }

# callers FILE: its distinct callers (cached in FILE.callers)
callers() {
	[ -s "$1.callers" ] && [ "$1.callers" -nt "$1" ] ||
		tail -n +2 "$1" | cut -d, -f5 | sort -u | wc -l > "$1.callers"
	cat "$1.callers"
}

# caller_rows FILE TITLE: --by caller --percentiles 90 in one thread and
# with --jobs 2; peak RSS per group (the whole process: table, groups,
# buffers) and the ratios of the two
caller_rows() {
	local f=$1 g s1 c1 k1
	g=$(callers "$f")
	header "$2: --by caller --percentiles 90 ($g callers)"
	run "kpi-calc --by caller" "$f" $BIN/kpi-calc -q --by caller --percentiles 90 "$f"
	s1=$SECS c1=$CPU k1=$KB
	run "kpi-calc --by caller --jobs 2" "$f" $BIN/kpi-calc -q --jobs 2 --by caller --percentiles 90 "$f"
	[ -n "$s1" ] && [ -n "$SECS" ] && awk -v g="$g" -v s1="$s1" -v c1="$c1" \
		-v k1="$k1" -v s2="$SECS" -v c2="$CPU" -v k2="$KB" 'BEGIN {
		printf "  %-44s %7.0f B\n", "peak RSS per group, one thread", k1 * 1024 / g
		printf "  %-44s %7.0f B\n", "peak RSS per group, --jobs 2", k2 * 1024 / g
		printf "  %-44s %7.2fx\n", "peak RSS, --jobs 2 / one thread", k2 / k1
		printf "  %-44s %7.2fx\n", "wall, one thread / --jobs 2 (> 1: faster)", s1 / s2
		printf "  %-44s %7.2fx\n", "CPU, --jobs 2 / one thread", c2 / c1 }'
}

if has ast; then
	a="$DATA/asterisk-$AST_ROWS.csv"
	[ -f "$a" ] || python3 scripts/gen_asterisk.py "$AST_ROWS" "$a"
	header "raw Asterisk Master.csv, $AST_ROWS rows, $(($(stat -L -c %s "$a") / 1000000)) MB"
	run "cdr-parse -f asterisk-csv --tz UTC" "$a" \
		$BIN/cdr-parse -q -f asterisk-csv --tz UTC "$a"
	cp1=$SECS
	run "cdr-parse --jobs 2 (reading on its own thread)" "$a" \
		$BIN/cdr-parse -q --jobs 2 -f asterisk-csv --tz UTC "$a"
	cpj=$SECS
	run "cdr-parse | kpi-calc --by day,queue" "$a" bash -c \
		'$BIN/cdr-parse -q -f asterisk-csv --tz UTC "$1" | $BIN/kpi-calc -q --by day,queue' _ "$a"
	pipe=$SECS
	dn1="" dn2="" dk1="" dk2=""
	if [ -n "$duck" ]; then
		run "duckdb ast_norm.sql 1 thread" "$a" env OUT=/dev/stdout \
			node $duck/run_sql.mjs $duck/ast_norm.sql "$a" 1
		dn1=$SECS
		run "duckdb ast_norm.sql 2 threads" "$a" env OUT=/dev/stdout \
			node $duck/run_sql.mjs $duck/ast_norm.sql "$a" 2
		dn2=$SECS
		run "duckdb ast_kpi.sql 1 thread" "$a" \
			node $duck/run_sql.mjs $duck/ast_kpi.sql "$a" 1
		dk1=$SECS
		run "duckdb ast_kpi.sql 2 threads" "$a" \
			node $duck/run_sql.mjs $duck/ast_kpi.sql "$a" 2
		dk2=$SECS
	fi
	echo "  ratios (peer time / telaudit time; goal >= 2):"
	ratio "duckdb-norm-1 / cdr-parse" "$cp1" "$dn1"
	ratio "duckdb-norm-2 / cdr-parse" "$cp1" "$dn2"
	ratio "duckdb-norm-2 / cdr-parse --jobs 2" "$cpj" "$dn2"
	ratio "cdr-parse / cdr-parse --jobs 2" "$cpj" "$cp1"
	ratio "duckdb-kpi-1 / cdr-parse | kpi-calc" "$pipe" "$dk1"
	ratio "duckdb-kpi-2 / cdr-parse | kpi-calc" "$pipe" "$dk2"
fi

# the other formats: each real sample copied to about FORMATS_MB megabytes
# (scripts/gen_formats.py: every copy on days and call ids of its own);
# goal: each within 2x of asterisk-csv's MB/s
if has formats; then
	fd="$DATA/formats-$FORMATS_MB"
	[ -f "$fd/cucm.copies" ] ||
		python3 scripts/gen_formats.py "$SHARED/../reference-data" "$fd" "$FORMATS_MB"
	header "the other formats, about $FORMATS_MB MB each (copies of the real samples)"
	ast_mbs=""
	if [ -n "${cp1:-}" ]; then
		ast_mbs=$(awk -v b="$(stat -L -c %s "$a")" -v s="$cp1" 'BEGIN { print b / 1e6 / s }')
	fi
	for spec in freeswitch-csv:UTC pbxware-csv:America/New_York \
		pbxware-queue-log: cucm: callcenter-1999:Asia/Jerusalem; do
		fmt=${spec%%:*} tz=${spec#*:}
		run "cdr-parse -f $fmt" "$fd/$fmt.in" \
			$BIN/cdr-parse -q -f "$fmt" ${tz:+--tz "$tz"} "$fd/$fmt.in"
		[ -n "$SECS" ] && [ -n "$ast_mbs" ] && awk -v n="$fmt" -v a="$ast_mbs" \
			-v b="$(stat -L -c %s "$fd/$fmt.in")" -v s="$SECS" 'BEGIN {
			printf "  %-44s %7.2fx\n", "asterisk-csv MB/s / " n " MB/s (goal <= 2)", a / (b / 1e6 / s) }'
	done
fi

for n in $(printf '%s\n' $ROWS $CALLER_ROWS | sort -un); do
	f="$DATA/calls-$n.csv"
	case " $ROWS " in *" $n "*) in_rows=1 ;; *) in_rows=0 ;; esac
	case " $CALLER_ROWS " in *" $n "*) in_caller=1 ;; *) in_caller=0 ;; esac
	{ has calls && [ $in_rows = 1 ]; } || { has caller && [ $in_caller = 1 ]; } || continue
	[ -f "$f" ] || python3 "$SHARED/gen_calls.py" "$n" "$f" --seed 1
	if has calls && [ $in_rows = 1 ]; then
		header "$n generated calls, $(($(stat -L -c %s "$f") / 1000000)) MB: --by day,queue --percentiles 90"
		run "kpi-calc" "$f" $BIN/kpi-calc -q --by day,queue --percentiles 90 "$f"
		ours=$SECS
		run "kpi-calc --jobs 2" "$f" $BIN/kpi-calc -q --jobs 2 --by day,queue --percentiles 90 "$f"
		ours2=$SECS
		run "cat | kpi-calc --jobs 2" "$f" bash -c \
			'cat "$1" | $BIN/kpi-calc -q --jobs 2 --by day,queue --percentiles 90' _ "$f"
		mawk_s="" d1="" d2=""
		if [ "$AWK" = 1 ]; then
			run "mawk -f kpi.awk" "$f" mawk -f "$SHARED/peers/kpi.awk" "$f"
			mawk_s=$SECS
		fi
		if [ -n "$duck" ]; then
			run "duckdb 1 thread" "$f" node $duck/duckdb_kpi.mjs "$f" 1
			d1=$SECS
			run "duckdb 2 threads" "$f" node $duck/duckdb_kpi.mjs "$f" 2
			d2=$SECS
		fi
		echo "  ratios (peer time / kpi-calc time):"
		ratio "mawk / kpi-calc" "$ours" "$mawk_s"
		ratio "duckdb-1 / kpi-calc" "$ours" "$d1"
		ratio "duckdb-2 / kpi-calc" "$ours" "$d2"
		ratio "duckdb-2 / kpi-calc --jobs 2" "$ours2" "$d2"
	fi
	if has caller && [ $in_caller = 1 ]; then
		caller_rows "$f" "$n generated calls"
	fi
done

if has caller && [ -n "$CALLER_GROUPS" ]; then
	src="$DATA/calls-$CALLER_SRC.csv"
	[ -f "$src" ] || python3 "$SHARED/gen_calls.py" "$CALLER_SRC" "$src" --seed 1
	for g in $CALLER_GROUPS; do
		# the first rows of src that hold g distinct callers
		f="$DATA/callers-$g.csv"
		[ -f "$f" ] && [ "$f" -nt "$src" ] ||
			awk -F, -v g="$g" 'NR == 1 { print; next }
				!($5 in s) { if (n == g) exit; s[$5]; n++ } { print }' \
				"$src" > "$f"
		caller_rows "$f" "the first $(($(wc -l < "$f") - 1)) of $CALLER_SRC generated calls"
	done
fi

if has complaints; then
	# the figures of scripts/peers/complaint_kpi.sql, by month and category
	ck=received,reply_within,reply_pending,reply_rate,resolve_within,resolve_pending,resolve_rate,ttr_mean,repeat_rate,escalation_rate,reopen_rate
	f="$DATA/complaints-$COMPLAINT_ROWS.csv"
	[ -f "$f" ] || python3 scripts/gen_complaint_records.py "$COMPLAINT_ROWS" 1 > "$f"
	header "$COMPLAINT_ROWS generated complaints, $(($(stat -L -c %s "$f") / 1000000)) MB: --by month,category"
	run "complaint-kpi" "$f" $BIN/complaint-kpi -q --by month,category -k $ck "$f"
	ours=$SECS
	[ -n "$ours" ] && awk -v n="$COMPLAINT_ROWS" -v s="$ours" 'BEGIN {
		printf "  %-44s %9.0f rows/s\n", "complaint-kpi", n / (s > 0 ? s : 1e-9) }'
	d1="" d2=""
	if [ -n "$duck" ]; then
		# the same figures first: complaint-kpi also prints the months
		# that only have closings (0 received), which SQL grouping by
		# receipt has not
		small="$DATA/complaints-check.csv"
		[ -f "$small" ] || python3 scripts/gen_complaint_records.py 20000 7 > "$small"
		if cmp -s <($BIN/complaint-kpi -q --by month,category -k $ck "$small" | awk -F, '$3 != 0') \
			<(node $duck/run_sql.mjs scripts/peers/complaint_kpi.sql "$small" 1); then
			echo "  (DuckDB's figures equal complaint-kpi's on 20000 complaints)"
			run "duckdb complaint_kpi.sql 1 thread" "$f" \
				node $duck/run_sql.mjs scripts/peers/complaint_kpi.sql "$f" 1
			d1=$SECS
			run "duckdb complaint_kpi.sql 2 threads" "$f" \
				node $duck/run_sql.mjs scripts/peers/complaint_kpi.sql "$f" 2
			d2=$SECS
			for x in "duckdb 1 thread:$d1" "duckdb 2 threads:$d2"; do
				[ -n "${x#*:}" ] && awk -v n="$COMPLAINT_ROWS" -v t="${x%%:*}" -v s="${x#*:}" 'BEGIN {
					printf "  %-44s %9.0f rows/s\n", t, n / (s > 0 ? s : 1e-9) }'
			done
		else
			echo "  bench: DuckDB's complaint figures differ from complaint-kpi's on $small: peer skipped"
		fi
	fi
	echo "  ratios (peer time / complaint-kpi time):"
	ratio "duckdb-1 / complaint-kpi" "$ours" "$d1"
	ratio "duckdb-2 / complaint-kpi" "$ours" "$d2"
fi
