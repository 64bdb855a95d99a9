#!/usr/bin/env bats
# Golden files: every tool's whole output on the shipped test files,
# compared byte for byte with testdata/golden/NAME.out (the cases are in
# testdata/golden/cases). They guard refactors: an intended change of
# output is made with `make regen` and reviewed in the diff.

load helpers

golden() {
	run env GOLDEN_ONLY="$1" bash "$BATS_TEST_DIRNAME/../scripts/golden" "$TELAUDIT_BIN"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "golden: cdr-parse on every format's test file" {
	golden cdr-parse.
}

@test "golden: kpi-calc tables, targets, profiles, a pipeline" {
	golden kpi-calc.
}

@test "golden: survey-score NPS, design, index, alpha" {
	golden survey-score.
}

@test "golden: complaint-classify and complaint-kpi" {
	golden complaint-
}

@test "golden: a changed output is caught, named, and shown as a diff" {
	cp -r "$TD/golden" "$BATS_TEST_TMPDIR/g"
	# one figure of one file altered: 55 answered becomes 56
	sed -i '2s/^2026-W09,58,55,/2026-W09,58,56,/' "$BATS_TEST_TMPDIR/g/kpi-calc.gen4000-targets.out"
	run env GOLDEN_DIR="$BATS_TEST_TMPDIR/g" GOLDEN_ONLY=kpi-calc. bash "$BATS_TEST_DIRNAME/../scripts/golden" "$TELAUDIT_BIN"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "golden: kpi-calc.gen4000-targets differs: kpi-calc -q --by week --targets miit-15s kpi-calc/gen4000.csv" ]
	[[ "$output" == *"< 2026-W09,58,56,"* ]]
	[[ "$output" == *"> 2026-W09,58,55,"* ]]
	[ "$(grep -c '^golden: ' <<< "$output")" -eq 1 ]
}
