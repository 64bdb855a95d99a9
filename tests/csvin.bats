#!/usr/bin/env bats
# lib/csvin: the fast splitting of common lines against libcsv, the
# reference parser. tests/csvin-diff.c reads every input twice (as the
# tools do, and with every line handed to libcsv) and fails on the first
# record where the two differ. Expected records below are worked by hand
# from the bytes written in each test.

load helpers

DIFF="$TELAUDIT_BIN/../testbin/csvin-diff"
C="$TD/csvin"

@test "csvin: the fast paths and libcsv agree on the regression corpus" {
	run "$DIFF" "$C"/*.csv
	[ "$status" -eq 0 ]
	# common.csv: 4 records, all fast; fallback.csv: 3 records (and one
	# bad), only "ok",1 fast; bom-crlf.csv: 3 records, all fast;
	# multiline.csv: 6 records, 3 of them on one line without a line
	# break in quotes; wide.csv: 3 lines of 70 quoted fields, the last
	# with a doubled quote past the 64th field (libcsv's); of the 13 fast
	# lines all but bom-crlf's last (no line feed) in 64-byte blocks
	[ "$output" = "5 inputs, 19 records, 13 fast lines, 12 in blocks: agree" ]
}

@test "csvin: quoted fields, doubled quotes and empty fields split by hand" {
	run "$DIFF" -p "$C/common.csv"
	[ "$status" -eq 0 ]
	# "","3201","""3201"" <3201>",x,""  (CRLF)
	[ "${lines[0]}" = '1-1 5: [] [3201] ["3201" <3201>] [x] []' ]
	# "a,b",,"c""",""""
	[ "${lines[1]}" = '2-2 4: [a,b] [] [c"] ["]' ]
	[ "${lines[2]}" = '3-3 2: [plain] [line]' ]
	# line 4 is blank; "end" is line 5
	[ "${lines[3]}" = '5-5 1: [end]' ]
	[ "${lines[4]}" = 'fast lines: 4' ]
	[ "${lines[5]}" = 'block lines: 4' ]
}

@test "csvin: lines outside the common grammar go to libcsv" {
	run "$DIFF" -p "$C/fallback.csv"
	[ "$status" -eq 0 ]
	# a"b,c: a quote inside an unquoted field is data
	[ "${lines[0]}" = '1-1 2: [a"b] [c]' ]
	# "a"b,c then "x<LF>y",z: libcsv keeps the quote open across lines
	[ "${lines[1]}" = '2-4 2: [a"b,c\x0a"x\x0ay] [z]' ]
	[ "${lines[2]}" = '5-5 2: [ok] [1]' ]
	[ "${lines[3]}" = '6-6 bad: unterminated quoted field at end of input' ]
	[ "${lines[4]}" = 'fast lines: 1' ]
}

@test "csvin: a BOM, CRLF, blank lines and a last line without LF" {
	run "$DIFF" -p "$C/bom-crlf.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '1-1 2: [h1] [h2]' ]
	[ "${lines[1]}" = '3-3 2: [1] [2]' ]
	[ "${lines[2]}" = '4-4 2: [3] [4]' ]
	[ "${lines[3]}" = 'fast lines: 3' ]
}

@test "csvin: 70 quoted fields, a doubled quote before and after the 64th" {
	run "$DIFF" -p "$C/wide.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	[ "$(cut -d' ' -f2,5 <<< "${lines[1]}")" = '70: [a"b]' ]
	[ "$(cut -d' ' -f2,69 <<< "${lines[2]}")" = '70: [x"y]' ]
	[ "${lines[3]}" = 'fast lines: 2' ]
}

@test "csvin: NUL bytes, tabs and another delimiter" {
	printf '"a\0b";c\tx;"d""e"\n"f;g";\n' > "$BATS_TEST_TMPDIR/semi.csv"
	run "$DIFF" -d ';' "$BATS_TEST_TMPDIR/semi.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "1 inputs, 2 records, 2 fast lines, 2 in blocks: agree" ]
	run "$DIFF" -d ';' -p "$BATS_TEST_TMPDIR/semi.csv"
	[ "${lines[0]}" = '1-1 3: [a\x00b] [c\x09x] [d"e]' ]
	[ "${lines[1]}" = '2-2 2: [f;g] []' ]
}

@test "csvin: 3 x 5000 seeded random inputs, fast paths and libcsv agree" {
	for seed in 1 2 3; do
		run "$DIFF" -r "$seed" 5000
		[ "$status" -eq 0 ]
		[[ "$output" == "5000 inputs, "*" in blocks: agree" ]]
		# the fast paths took a good share of the lines (else the
		# comparison would prove little)
		fast=$(sed -E 's/.* ([0-9]+) fast lines.*/\1/' <<< "$output")
		[ "$fast" -gt 5000 ]
	done
}

@test "csvin: long random lines: 64-byte blocks, byte loops and libcsv agree" {
	# -w: runs of 5-40 bytes put quotes, doubled quotes, delimiters and
	# CRLF on both sides of the blocks' edges
	for seed in 1 2; do
		for d in , ';'; do
			run "$DIFF" -d "$d" -w -r "$seed" 1000
			[ "$status" -eq 0 ]
			[[ "$output" == "1000 inputs, "*" in blocks: agree" ]]
			block=$(sed -E 's/.* ([0-9]+) in blocks.*/\1/' <<< "$output")
			[ "$block" -gt 1500 ]
		done
	done
}

@test "csvin: fields, doubled quotes and CRLF across 64-byte block edges, against python's csv" {
	f="$BATS_TEST_TMPDIR/edges.csv"
	# each line's bytes counted from its first: the edges are at 64, 128
	python3 - "$f" <<'PY'
import sys
x = lambda n: "x" * n
lines = [
    x(63) + "\r\n",                          # CR at 63, LF at 64
    '"' + x(61) + '""' + x(5) + '",b\n',      # doubled quote at 62-63
    '"' + x(60) + '""' + x(5) + '",b\n',      # doubled quote at 61-62
    '"' + x(62) + '""y",b\n',                # doubled quote at 63-64
    '"' + x(62) + '",' + x(3) + '\n',        # closing quote 63, comma 64
    '"' + x(62) + '"\n',                     # closing quote 63, LF 64
    x(64) + "\n",                            # 64 bytes, LF at 64
    '"' + x(30) + "," + x(80) + '",' + ",".join(["ab"] * 30) + "\r\n",
    ",".join(['"q""' + x(i) + '"' for i in range(1, 12)]) + "\n",
]
open(sys.argv[1], "w", newline="").write("".join(lines))
PY
	run "$DIFF" -p "$f"
	[ "$status" -eq 0 ]
	# the first line's CR ends the block before its line feed: the byte
	# loops take it; the 8 others are split in blocks
	[ "${lines[9]}" = 'fast lines: 9' ]
	[ "${lines[10]}" = 'block lines: 8' ]
	python3 - "$f" > "$BATS_TEST_TMPDIR/want" <<'PY'
import csv, sys
def show(s):
    return "[" + "".join("\\x%02x" % ord(c) if ord(c) < 0x20 or c in "\\]" or ord(c) == 0x7f else c for c in s) + "]"
with open(sys.argv[1], newline="") as fp:
    for n, row in enumerate(csv.reader(fp), 1):
        print("%d-%d %d: %s" % (n, n, len(row), " ".join(show(c) for c in row)))
PY
	printf '%s\n' "${lines[@]:0:9}" > "$BATS_TEST_TMPDIR/got"
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	run "$DIFF" "$f"
	[ "$output" = "1 inputs, 9 records, 9 fast lines, 8 in blocks: agree" ]
}

@test "csvin: the fast paths and libcsv agree on the real CDR samples" {
	# the same records through libcsv alone: csvin-diff compares the
	# readings of the real files line by line
	shopt -s nullglob
	files=("$REF"/asterisk-*/*.csv "$REF"/freeswitch-*/*.csv "$REF"/pbxware-*/*.csv)
	[ "${#files[@]}" -gt 0 ] || skip "reference data not present"
	run "$DIFF" "${files[@]}"
	[ "$status" -eq 0 ]
	[[ "$output" == *" in blocks: agree" ]]
}

@test "csvin: a stream read in pieces (kpi-calc --jobs on a pipe) gives the same records and lines" {
	# multiline.csv: quoted line breaks and doubled quotes across the
	# cuts; a piece of 1 byte still ends after a whole record
	run "$DIFF" -p "$C/multiline.csv"
	[ "${lines[2]}" = '4-6 3: [2] [say "hi"\x0aand\x0abye] [3]' ]
	for size in 1 8 16 40 4096; do
		run "$DIFF" -c "$size" "$C"/*.csv
		[ "$status" -eq 0 ]
		[[ "$output" == "5 inputs, 14 records, "*" pieces: agree" ]]
	done
	# one record per piece at the smallest size: 5 after the header
	run "$DIFF" -c 1 "$C/multiline.csv"
	[ "$output" = "1 inputs, 5 records, 5 pieces: agree" ]
}
