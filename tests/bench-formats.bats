#!/usr/bin/env bats
# scripts/gen_formats.py makes make bench's inputs for the formats other
# than asterisk-csv by copying each real sample onto days and call ids of
# its own. The bench's MB/s mean something only if no call of one copy
# meets a call of another: K copies must give exactly K times one copy's
# records, with nothing rejected.

load helpers

setup() {
	[ -d "$REF" ] || skip "no reference data beside the checkout"
}

zone_of() {
	case $1 in
	freeswitch-csv) echo UTC ;;
	pbxware-csv) echo America/New_York ;;
	callcenter-1999) echo Asia/Jerusalem ;;
	esac
}

@test "gen_formats: K copies of each sample give K times its records, none rejected" {
	local d=$BATS_TEST_TMPDIR fmt tz one k many
	python3 "$BATS_TEST_DIRNAME/../scripts/gen_formats.py" "$REF" "$d/one" 0.000001
	# about 4 MB: 2 to 69 copies depending on the sample's size
	python3 "$BATS_TEST_DIRNAME/../scripts/gen_formats.py" "$REF" "$d/many" 4
	for fmt in freeswitch-csv pbxware-csv pbxware-queue-log cucm callcenter-1999; do
		tz=$(zone_of $fmt)
		[ "$(cat "$d/one/$fmt.copies")" = 1 ]
		k=$(cat "$d/many/$fmt.copies")
		[ "$k" -ge 2 ]
		one=$(cdr-parse -f $fmt ${tz:+--tz $tz} --strict "$d/one/$fmt.in" | tail -n +2 | wc -l)
		many=$(cdr-parse -f $fmt ${tz:+--tz $tz} --strict "$d/many/$fmt.in" | tail -n +2 | wc -l)
		echo "$fmt: one copy $one records, $k copies $many"
		[ "$one" -gt 0 ]
		[ "$many" -eq $((k * one)) ]
	done
}

@test "gen_formats: the first copy keeps the sample's bytes apart from the ids it renumbers" {
	local d=$BATS_TEST_TMPDIR
	python3 "$BATS_TEST_DIRNAME/../scripts/gen_formats.py" "$REF" "$d/one" 0.000001
	cmp "$REF/freeswitch-amitsrepo/Master.csv" "$d/one/freeswitch-csv.in"
	cmp "$REF/cucm-vvrmc-gefot/temp_cdr.txt" "$d/one/cucm.in"
	cmp "$REF/pbxware-voipreports1/queue_log.csv" "$d/one/pbxware-queue-log.in"
	cmp "$REF/pbxware-voipreports1/cdr.csv" "$d/one/pbxware-csv.in"
}
