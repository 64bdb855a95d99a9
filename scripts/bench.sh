#!/usr/bin/env bash
# make bench: time kpi-calc against its peers (../shared/bench) on the
# same generated call files, in the same run, and cdr-parse on a large
# Asterisk Master.csv. Prints wall time, MB/s, peak RSS and ratios.
# Data is generated once into bench/data/ (gitignored).
#   ROWS="1000000 10000000" bash scripts/bench.sh
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
DATA=bench/data
ROWS=${ROWS:-"1000000 10000000"}
AST_ROWS=${AST_ROWS:-1000000}
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
	[ -d bench/peers/node_modules/@duckdb ] && duck=bench/peers/duckdb_kpi.mjs
else
	echo "bench: node/npm missing: DuckDB peer skipped"
fi
command -v mawk >/dev/null || echo "bench: mawk missing: awk peer skipped"

# run NAME FILE CMD...: one timed run; prints a row, sets SECS
run() {
	local name=$1 file=$2 mb log
	shift 2
	log=$(mktemp)
	if ! $TIME -f "%e %M" -o "$log" "$@" > /dev/null 2> "$log.err"; then
		echo "bench: $name failed: $(tail -1 "$log.err")"
		rm -f "$log" "$log.err"
		SECS=""
		return
	fi
	read -r SECS KB < <(tail -1 "$log")
	mb=$(stat -c %s "$file")
	awk -v n="$name" -v s="$SECS" -v kb="$KB" -v b="$mb" 'BEGIN {
		printf "  %-34s %7.2f s %8.1f MB/s %8.1f MiB RSS\n",
		n, s, b / 1e6 / (s > 0 ? s : 1e-9), kb / 1024 }'
	rm -f "$log" "$log.err"
}

ratio() {   # ratio NAME OURS THEIRS
	[ -n "$2" ] && [ -n "$3" ] &&
		awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN {
			printf "  %-34s %7.2fx\n", n, b / a }'
}

for n in $ROWS; do
	f="$DATA/calls-$n.csv"
	[ -f "$f" ] || python3 "$SHARED/gen_calls.py" "$n" "$f" --seed 1
	cat "$f" > /dev/null   # warm the page cache
	echo "== $n rows, $(($(stat -c %s "$f") / 1000000)) MB: --by day,queue --percentiles 90"
	run "kpi-calc" "$f" bin/kpi-calc -q --by day,queue --percentiles 90 "$f"
	ours=$SECS
	run "kpi-calc --jobs 2" "$f" bin/kpi-calc -q --jobs 2 --by day,queue --percentiles 90 "$f"
	ours2=$SECS
	mawk_s="" d1="" d2=""
	if command -v mawk >/dev/null; then
		run "mawk -f kpi.awk" "$f" mawk -f "$SHARED/peers/kpi.awk" "$f"
		mawk_s=$SECS
	fi
	if [ -n "$duck" ]; then
		run "duckdb 1 thread" "$f" node "$duck" "$f" 1
		d1=$SECS
		run "duckdb 2 threads" "$f" node "$duck" "$f" 2
		d2=$SECS
	fi
	echo "  ratios (peer time / kpi-calc time):"
	ratio "mawk / kpi-calc" "$ours" "$mawk_s"
	ratio "duckdb-1 / kpi-calc" "$ours" "$d1"
	ratio "duckdb-2 / kpi-calc" "$ours" "$d2"
	ratio "duckdb-2 / kpi-calc --jobs 2" "$ours2" "$d2"
done

if [ -x bin/cdr-parse ]; then
	a="$DATA/asterisk-$AST_ROWS.csv"
	[ -f "$a" ] || python3 scripts/gen_asterisk.py "$AST_ROWS" "$a"
	cat "$a" > /dev/null
	echo "== cdr-parse -f asterisk-csv, $AST_ROWS rows, $(($(stat -c %s "$a") / 1000000)) MB"
	run "cdr-parse -f asterisk-csv --tz UTC" "$a" bin/cdr-parse -q -f asterisk-csv --tz UTC "$a"
else
	echo "bench: bin/cdr-parse missing: asterisk throughput skipped"
fi
