#!/usr/bin/env bash
# bench-classify.sh: complaints per second of complaint-classify with the
# default rulebook, JIT on and off, on the full FCC complaint texts
# (2,225 multi-line texts up to 16 kB, from the reference data) and on
# 1,000,000 generated short complaints (scripts/gen-complaints.sh).
# Prints one line per run: input, mode, rows, best wall time of 3, rows/s.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${TELAUDIT_BIN:-bin}
ref=${TELAUDIT_REF:-../shared/reference-data}
data=bench/data
mkdir -p "$data"
gen=$data/complaints-1m.csv
[ -s "$gen" ] || sh scripts/gen-complaints.sh 1000000 1 > "$gen"

# best of 3 wall-clock seconds of "$@"
best() {
	local b= t s e
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		"$@" > /dev/null
		e=$(date +%s.%N)
		t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
	done
	echo "$b"
}

run() {	# name file rows text-column
	local name=$1 file=$2 rows=$3 col=$4 mode t
	for mode in jit no-jit; do
		if [ "$mode" = jit ]; then
			t=$(best "$bin/complaint-classify" -q --text "$col" "$file")
		else
			t=$(best "$bin/complaint-classify" -q --no-jit --text "$col" "$file")
		fi
		awk -v n="$name" -v m="$mode" -v r="$rows" -v t="$t" \
			'BEGIN { printf "%-22s %-7s %8d rows %8.3f s %10.0f complaints/s\n", n, m, r, t, r / t }'
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
