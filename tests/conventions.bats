#!/usr/bin/env bats
# SPEC 6 conventions, checked for every tool of the Makefile's TOOLS list.
# Each tool has a sample call: testdata/conventions/<tool>.args (its
# options, one per line) and <tool>.in (its input on stdin or as a file).

load helpers

setup() {
	TOOLS=${TOOLS:-$(make -s -C "$BATS_TEST_DIRNAME/.." print-tools)}
	[ -n "$TOOLS" ]
}

# The sample options of tool $1 as an array SAMPLE_ARGS.
sample() {
	local f="$TD/conventions/$1.args"
	[ -f "$f" ] || { echo "no $f" >&2; return 1; }
	mapfile -t SAMPLE_ARGS < "$f"
}

@test "conventions: every tool has a man page and a sample call" {
	for t in $TOOLS; do
		[ -f "$BATS_TEST_DIRNAME/../man/$t.1" ] || { echo "no man/$t.1"; false; }
		[ -f "$TD/conventions/$t.args" ] || { echo "no $t.args"; false; }
		[ -f "$TD/conventions/$t.in" ] || { echo "no $t.in"; false; }
	done
}

@test "conventions: --help prints usage on stdout and exits 0" {
	for t in $TOOLS; do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ] || { echo "$t: status $status"; false; }
		[[ "${lines[0]}" == "Usage: $t "* ]] || { echo "$t: ${lines[0]}"; false; }
		[ -z "$stderr" ]
		run "$t" -h
		[ "$status" -eq 0 ]
	done
}

@test "conventions: --version names the tool and the version" {
	for t in $TOOLS; do
		run "$t" --version
		[ "$status" -eq 0 ]
		[[ "$output" =~ ^$t\ \(telaudit\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "$t: $output"; false; }
	done
}

@test "conventions: stdin, - and a file operand give the same output" {
	for t in $TOOLS; do
		sample "$t"
		a=$("$t" -q "${SAMPLE_ARGS[@]}" < "$TD/conventions/$t.in")
		b=$("$t" -q "${SAMPLE_ARGS[@]}" - < "$TD/conventions/$t.in")
		c=$("$t" -q "${SAMPLE_ARGS[@]}" "$TD/conventions/$t.in")
		[ -n "$a" ] || { echo "$t: no output"; false; }
		[ "$a" = "$b" ] && [ "$a" = "$c" ] || { echo "$t differs"; false; }
	done
}

@test "conventions: -o FILE writes there and nothing to stdout" {
	for t in $TOOLS; do
		sample "$t"
		want=$("$t" -q "${SAMPLE_ARGS[@]}" "$TD/conventions/$t.in")
		run "$t" -q "${SAMPLE_ARGS[@]}" -o "$BATS_TEST_TMPDIR/$t.out" "$TD/conventions/$t.in"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
		[ "$(cat "$BATS_TEST_TMPDIR/$t.out")" = "$want" ]
	done
}

@test "conventions: the run account goes to stderr and -q silences it" {
	for t in $TOOLS; do
		sample "$t"
		run --separate-stderr "$t" "${SAMPLE_ARGS[@]}" "$TD/conventions/$t.in"
		[ "$status" -eq 0 ]
		[[ "$stderr" =~ $t:\ [0-9]+\ read,\ [0-9]+\ used,\ [0-9]+\ rejected ]] || { echo "$t: $stderr"; false; }
		run --separate-stderr "$t" -q "${SAMPLE_ARGS[@]}" "$TD/conventions/$t.in"
		[ -z "$stderr" ]
	done
}

@test "conventions: an unknown option exits 2 with a hint" {
	for t in $TOOLS; do
		run --separate-stderr "$t" --no-such-option
		[ "$status" -eq 2 ] || { echo "$t: status $status"; false; }
		[[ "$stderr" == *"Try '$t --help'"* ]]
	done
}

@test "conventions: a bad --format value exits 2" {
	for t in $TOOLS; do
		sample "$t"
		run "$t" "${SAMPLE_ARGS[@]}" --format xml "$TD/conventions/$t.in"
		[ "$status" -eq 2 ] || { echo "$t: status $status"; false; }
	done
}

@test "conventions: an unreadable input file exits 3 naming it" {
	for t in $TOOLS; do
		sample "$t"
		run --separate-stderr "$t" "${SAMPLE_ARGS[@]}" "$BATS_TEST_TMPDIR/missing.csv"
		[ "$status" -eq 3 ] || { echo "$t: status $status"; false; }
		[[ "$stderr" == *"$t: $BATS_TEST_TMPDIR/missing.csv: No such file or directory"* ]]
	done
}

@test "conventions: an unreadable operand among good ones: a warning, the others read, the account, exit 3" {
	for t in $TOOLS; do
		sample "$t"
		in="$TD/conventions/$t.in"
		want=$("$t" -q "${SAMPLE_ARGS[@]}" "$in" "$in")
		run --separate-stderr "$t" "${SAMPLE_ARGS[@]}" "$in" "$BATS_TEST_TMPDIR/missing.csv" "$in"
		[ "$status" -eq 3 ] || { echo "$t: status $status"; false; }
		[ "$output" = "$want" ] || { echo "$t: output differs"; false; }
		[[ "$stderr" == *"$t: $BATS_TEST_TMPDIR/missing.csv: No such file or directory"* ]]
		[[ "${stderr##*$'\n'}" =~ ^$t:\ [0-9]+\ read, ]] || { echo "$t: no account: $stderr"; false; }
	done
}

@test "conventions: an unwritable -o file exits 3" {
	for t in $TOOLS; do
		sample "$t"
		run "$t" -q "${SAMPLE_ARGS[@]}" -o /nonexistent-dir/out "$TD/conventions/$t.in"
		[ "$status" -eq 3 ] || { echo "$t: status $status"; false; }
	done
}

@test "conventions: a write to a closed pipe is quiet" {
	for t in $TOOLS; do
		sample "$t"
		# 200 copies of the sample input make enough output to fill a pipe
		run bash -c "for i in \$(seq 200); do cat '$TD/conventions/$t.in'; done | '$TELAUDIT_BIN/$t' -q ${SAMPLE_ARGS[*]} 2>&1 | head -c 1 >/dev/null"
		[ "$status" -eq 0 ]
	done
}

@test "conventions: --help lists every option of the man page" {
	for t in $TOOLS; do
		help=$("$t" --help)
		opts=$(sed -n 's/^\.It Fl \(\\-\)\{0,1\}\([A-Za-z0-9][A-Za-z0-9-]*\).*/\1\2/p' "$BATS_TEST_DIRNAME/../man/$t.1" | sed 's/^\\-/--/; s/^\([A-Za-z0-9]\)$/-\1/')
		[ -n "$opts" ] || { echo "$t: no options in man page"; false; }
		for o in $opts; do
			grep -q -- "$o\b" <<< "$help" || { echo "$t: $o missing from --help"; false; }
		done
	done
}

@test "conventions: --help options are all in the man page" {
	for t in $TOOLS; do
		man="$BATS_TEST_DIRNAME/../man/$t.1"
		for o in $("$t" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
			grep -q -- "Fl \\\\${o#-}\b" "$man" || { echo "$t: $o missing from man/$t.1"; false; }
		done
	done
}

@test "conventions: man pages are clean under mandoc -T lint" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	for t in $TOOLS; do
		run mandoc -T lint -W warning "$BATS_TEST_DIRNAME/../man/$t.1"
		[ "$status" -eq 0 ] || { echo "$output"; false; }
	done
}

@test "conventions: output does not depend on the locale's decimal point" {
	loc=$(locale -a 2>/dev/null | grep -i -m1 -E '^(de_DE|fr_FR|ru_RU)\.utf-?8$' || true)
	[ -n "$loc" ] || skip "no comma-decimal locale installed"
	for t in $TOOLS; do
		sample "$t"
		a=$("$t" -q "${SAMPLE_ARGS[@]}" "$TD/conventions/$t.in")
		b=$(LC_ALL=$loc "$t" -q "${SAMPLE_ARGS[@]}" "$TD/conventions/$t.in")
		[ "$a" = "$b" ] || { echo "$t depends on locale"; false; }
	done
}

# One row per usage error: tool and arguments; each exits 2 and its last
# stderr line is the hint (cli_usage_error, the one function for them).
@test "conventions: option errors end with the Try hint in every tool" {
	while IFS='|' read -r t args; do
		[[ " $TOOLS " == *" $t "* ]] || continue
		read -ra a <<< "$args"
		run --separate-stderr "$t" "${a[@]}" /dev/null
		[ "$status" -eq 2 ] || { echo "$t $args: status $status"; false; }
		[ "${stderr##*$'\n'}" = "Try '$t --help' for more information." ] || { echo "$t $args: $stderr"; false; }
	done <<'CASES'
kpi-calc|--ci 2
kpi-calc|--by interval:7m
kpi-calc|--kpis nonsense
kpi-calc|--report-tz Mars/Olympus
kpi-calc|--where queue
kpi-calc|--precision x
survey-score|--nps x --ci 2
survey-score|--nps x --report-tz Mars/Olympus
survey-score|--nps x --date-format %q
survey-score|--nps x --where x>y
complaint-classify|--text t --summary --by fortnight
complaint-classify|--text t --report-tz Mars/Olympus
complaint-classify|--text t --date-format %Y
complaint-classify|--text t --where x~(
complaint-kpi|--reply-limit 15x
complaint-kpi|--report-tz Mars/Olympus
complaint-kpi|--date-format %q
complaint-kpi|--where x~(
complaint-kpi|--by month,week
cdr-parse|-f generic --tz Mars/Olympus
cdr-parse|-f nonsense
CASES
}

@test "conventions: -o or --rejects naming an input exits 2 and leaves it whole" {
	for t in $TOOLS; do
		sample "$t"
		cp "$TD/conventions/$t.in" "$BATS_TEST_TMPDIR/$t.in"
		run "$t" -q "${SAMPLE_ARGS[@]}" -o "$BATS_TEST_TMPDIR/$t.in" "$BATS_TEST_TMPDIR/$t.in"
		[ "$status" -eq 2 ] || { echo "$t -o: status $status"; false; }
		cmp "$TD/conventions/$t.in" "$BATS_TEST_TMPDIR/$t.in"
		run "$t" -q "${SAMPLE_ARGS[@]}" --rejects "$BATS_TEST_TMPDIR/$t.in" "$BATS_TEST_TMPDIR/$t.in"
		[ "$status" -eq 2 ] || { echo "$t --rejects: status $status"; false; }
		cmp "$TD/conventions/$t.in" "$BATS_TEST_TMPDIR/$t.in"
	done
}

@test "conventions: with stderr closed, the -o and --rejects files hold only their own lines" {
	for t in $TOOLS; do
		sample "$t"
		want=$("$t" -q "${SAMPLE_ARGS[@]}" "$TD/conventions/$t.in")
		"$t" "${SAMPLE_ARGS[@]}" --rejects "$BATS_TEST_TMPDIR/$t.rej" -o "$BATS_TEST_TMPDIR/$t.out" "$TD/conventions/$t.in" 2>&-
		[ "$(cat "$BATS_TEST_TMPDIR/$t.out")" = "$want" ] || { echo "$t: messages in the output"; false; }
		[ "$(cat "$BATS_TEST_TMPDIR/$t.rej")" = "file,line,reason,record" ] || { echo "$t: messages in --rejects"; false; }
	done
}
