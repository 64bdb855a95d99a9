#!/usr/bin/env bats
# Every example of the EXAMPLES section of man/TOOL.1 runs (issue 11): it
# is read from the page itself (.Dl lines and .Bd -literal blocks, a line
# ending in \e continued on the next), run by bash in a folder holding the
# files it names (testdata/man-examples/files says which testdata file
# stands for each), and its standard output and exit status must equal
# testdata/man-examples/TOOL-N.out. Those expected files are written by
# `make regen` (REGEN=1) for review, never by a normal run.
load helpers
bats_require_minimum_version 1.5.0

M="$TD/man-examples"

# The examples of a man page, one command a line.
examples() {
	awk '
	/^\.Sh EXAMPLES/ { on = 1; next }
	/^\.Sh / { on = 0 }
	!on { next }
	/^\.Bd -literal/ { bd = 1; next }
	/^\.Ed/ { bd = 0; next }
	{
		if (bd) line = $0
		else if (/^\.Dl /) line = substr($0, 5)
		else next
		gsub(/\\ /, " ", line)
		gsub(/\\&/, "", line)
		cont = line ~ /\\e$/
		if (cont) sub(/\\e$/, "", line)
		gsub(/\\e/, "\\", line)
		cur = cur line
		if (!cont) { print cur; cur = "" }
	}' "$1"
}

# Run the examples of one tool's page against the expected files.
check_page() {
	local t=$1 page="$BATS_TEST_DIRNAME/../man/$1.1" n=0 cmd got want
	local dir="$BATS_TEST_TMPDIR/$t" fails=0
	mkdir -p "$dir"
	[ -f "$page" ]
	while IFS= read -r cmd; do
		n=$((n + 1))
		if grep -q "^$t $n skip " "$M/files"; then
			continue
		fi
		while read -r _ _ name path; do
			ln -sf "$TD/$path" "$dir/$name"
		done < <(grep "^$t $n " "$M/files")
		got=$(cd "$dir" && bash -c "$cmd" 2>"$dir/stderr.$n"; echo "[exit $?]")
		want="$M/$t-$n.out"
		if [ -n "${REGEN:-}" ]; then
			printf '%s\n' "$got" > "$want"
			continue
		fi
		if [ ! -f "$want" ]; then
			echo "$t example $n: no $want (make regen): $cmd"
			fails=$((fails + 1))
		elif [ "$got" != "$(cat "$want")" ]; then
			echo "$t example $n differs: $cmd"
			diff <(printf '%s\n' "$got") "$want" | head -20
			head -5 "$dir/stderr.$n"
			fails=$((fails + 1))
		fi
	done < <(examples "$page")
	# a page without examples, or examples the files list does not know
	[ "$n" -gt 0 ] || { echo "$t: no examples in $page"; false; }
	[ "$(grep -c "^$t " "$M/files" | tr -d ' ')" -gt 0 ]
	[ "$fails" -eq 0 ]
	# no expected file left over from an example that is gone
	for f in "$M/$t"-*.out; do
		[ -e "$f" ] || continue
		k=${f##*-}
		k=${k%.out}
		[ "$k" -le "$n" ] || { echo "$f: no example $k in $page"; false; }
	done
}

@test "man-examples: the extraction joins continued lines and unescapes roff" {
	printf '.Sh EXAMPLES\nText.\n.Dl a \\e\n.Dl \\ \\ | b\n.Bd -literal -offset indent\nc --x \\e\n  --y \\&z\n.Ed\n.Sh SEE ALSO\n.Dl not me\n' > "$BATS_TEST_TMPDIR/t.1"
	run examples "$BATS_TEST_TMPDIR/t.1"
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "a   | b" ]
	[ "${lines[1]}" = "c --x   --y z" ]
}

@test "man-examples: cdr-parse.1" {
	check_page cdr-parse
}

@test "man-examples: complaint-classify.1" {
	check_page complaint-classify
}

@test "man-examples: complaint-kpi.1" {
	check_page complaint-kpi
}

@test "man-examples: kpi-calc.1" {
	check_page kpi-calc
}

@test "man-examples: survey-score.1" {
	check_page survey-score
}
