#!/usr/bin/env bash
# bench-classify.sh: complaints per second of complaint-classify with the
# default rulebook, JIT on and off, on the full FCC complaint texts
# (2,225 multi-line texts up to 16 kB, from the reference data) and on
# 1,000,000 generated short complaints (scripts/gen-complaints.sh).
# Prints one line per input and mode: rows, wall and CPU seconds of the
# run with the least CPU of $RUNS (default 3), complaints per CPU second.
#
# Matching runs each rule's patterns separately (JIT, stopping at the
# first match that no exclusion vetoes). Two one-pass alternatives were
# measured on the FCC texts (2026-11-23, PCRE2 10.42, CPU seconds):
# - all patterns in one alternation with a callout per rule, so that one
#   scan reports every rule (exact): 2.68 s against 0.63 s per rule;
# - one pass collecting the bytes of a text, then skipping patterns whose
#   PCRE2 start bitmap meets none of them (exact): 3% faster on the FCC
#   texts, 6% on the generated ones; not kept, for the complexity.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${TELAUDIT_BIN:-bin}
ref=${TELAUDIT_REF:-../shared/reference-data}
data=bench/data
mkdir -p "$data"
gen=$data/complaints-1m.csv
[ -s "$gen" ] || sh scripts/gen-complaints.sh 1000000 1 > "$gen"

runs=${RUNS:-3}

# "wall cpu" seconds of "$@", the run with the least CPU time of $runs;
# CPU (user + sys) is the figure to compare on a loaded machine
best() {
	local b= w= t
	for _ in $(seq "$runs"); do
		t=$( { TIMEFORMAT='%R %U %S'; time "$@" > /dev/null; } 2>&1 | tail -1)
		read -r tw tu ts <<< "$t"
		c=$(awk -v u="$tu" -v s="$ts" 'BEGIN { printf "%.3f", u + s }')
		if [ -z "$b" ] || awk -v c="$c" -v b="$b" 'BEGIN { exit !(c < b) }'; then b=$c; w=$tw; fi
	done
	echo "$w $b"
}

run() {	# name file rows text-column
	local name=$1 file=$2 rows=$3 col=$4 mode t
	for mode in jit no-jit; do
		if [ "$mode" = jit ]; then
			t=$(best "$bin/complaint-classify" -q --text "$col" "$file")
		else
			t=$(best "$bin/complaint-classify" -q --no-jit --text "$col" "$file")
		fi
		read -r w c <<< "$t"
		awk -v n="$name" -v m="$mode" -v r="$rows" -v w="$w" -v c="$c" \
			'BEGIN { printf "%-16s %-7s %8d rows  wall %7.3f s  cpu %7.3f s  %9.0f complaints/cpu-s\n", n, m, r, w, c, r / c }'
	done
}

fcc=$ref/comcast-fcc-complaints/comcast_fcc_complaints_2015.csv
if [ -f "$fcc" ]; then
	run fcc-full-texts "$fcc" 2225 Description
else
	echo "fcc-full-texts: $fcc absent, skipped"
fi
run fcc-titles testdata/complaint-classify/fcc-titles.csv 2224 'Customer Complaint'
run generated-1m "$gen" 1000000 text
