#!/usr/bin/env bats
# complaint-classify (SPEC 5): rules semantics, the default rulebook on
# hand-written zh/en examples, input checks, --summary, --eval, and the
# figures on the real samples (pinned so a rule change that lowers them
# is seen).

load helpers

T="$TD/complaint-classify"
# The full FCC text file (4 MB) is not copied into testdata.
REF=${TELAUDIT_REF:-$REF}

# Column $2 (1-based) of the output row whose first field is $1.
col() {
	awk -F, -v id="$1" -v c="$2" '$1 == id { print $c }'
}

# ---- the default rulebook on hand-written examples --------------------

@test "complaint-classify: default rules: every example gets its hand-written category, tier, score and rules" {
	run --separate-stderr complaint-classify --text text --id id "$T/examples.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "complaint-classify: 80 read, 80 used, 0 rejected" ]
	# the want_* columns of the input are the expected output
	want=$(python3 -c '
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["id", "category", "tier", "score", "matched"])
for r in csv.DictReader(open(sys.argv[1])):
    w.writerow([r["id"], r["want_category"], r["want_tier"], r["want_score"], r["want_matched"]])
' "$T/examples.csv")
	[ "$output" = "$want" ]
}

@test "complaint-classify: default rules: every rule of the rulebook fires on some example" {
	rules=$(sed -n 's/^rule \([^ ]*\) .*/\1/p' "$BATS_TEST_DIRNAME/../share/telaudit/rules/default.rules")
	[ "$(wc -l <<< "$rules")" -eq 50 ]
	fired=$(complaint-classify -q --text text "$T/examples.csv" | cut -d, -f5 | tr ' ' '\n' | sort -u)
	for r in $rules; do
		grep -qx -- "$r" <<< "$fired" || { echo "rule $r never fires"; false; }
	done
}

@test "complaint-classify: default rules: the shipped rulebook is found without --rules" {
	run complaint-classify -q --text text "$T/zh-utf8.csv"
	[ "${lines[1]}" = "2,billing,specialist,4,billing.dispute-zh billing.generic-zh" ]
}

@test "complaint-classify: default rules: simplified and traditional forms of one complaint agree" {
	printf 'id,text\ns,收到诈骗短信，冒充电信公司\nt,收到詐騙簡訊，冒充電信公司\n' > "$BATS_TEST_TMPDIR/st.csv"
	run complaint-classify -q --text text --id id "$BATS_TEST_TMPDIR/st.csv"
	[ "${lines[1]}" = "s,fraud,priority,4,fraud.scam-zh" ]
	[ "${lines[2]}" = "t,fraud,priority,4,fraud.scam-zh" ]
}

@test "complaint-classify: default rules: the FCC's own notice does not make a complaint priority" {
	printf 'id,text\n1,"My internet is slow.\n - - - -\n Follow-up message by FCC on 4/28/2015 11:03:05 AM:\n This constitutes a notice of informal complaint filed with the FCC against your company. If you have any questions regarding this notice, please contact the FCC at carriersupport@fcc.gov."\n2,"My internet is slow. I will file a complaint with the FCC."\n' > "$BATS_TEST_TMPDIR/fcc.csv"
	run complaint-classify -q --text text --id id "$BATS_TEST_TMPDIR/fcc.csv"
	[ "$(col 1 3 <<< "$output")" = "specialist" ]
	[ "$(col 2 3 <<< "$output")" = "priority" ]
}

# ---- rules semantics on a small rulebook ------------------------------

@test "complaint-classify: --rules: equal weights tie to the category of the earlier rule" {
	# a.slow (speed, 2) comes before b.bill (billing, 2) in mini.rules,
	# whatever the order of the words in the text
	printf 'id,text\n1,slow bill\n2,bill slow\n' > "$BATS_TEST_TMPDIR/in.csv"
	run complaint-classify -q --rules "$T/mini.rules" --text text --id id "$BATS_TEST_TMPDIR/in.csv"
	[ "${lines[1]}" = "1,speed,specialist,2,a.slow b.bill" ]
	[ "${lines[2]}" = "2,speed,specialist,2,a.slow b.bill" ]
}

@test "complaint-classify: --rules: the total weight of a category beats a single heavier rule" {
	# billing = b.bill 2 + e.late 1 = 3 > speed 2
	run complaint-classify -q --rules "$T/mini.rules" --text 1 --no-header <<< "slow bill late"
	[ "$output" = "$(printf 'id,category,tier,score,matched\n1,billing,specialist,3,a.slow b.bill e.late')" ]
}

@test "complaint-classify: --rules: the tier is the highest among all fired rules, not the category's" {
	# speed 2 wins the category; c.rude (attitude, 1) brings priority
	run complaint-classify -q --rules "$T/mini.rules" --text 1 --no-header <<< "slow and rude"
	[ "${lines[1]}" = "1,speed,priority,2,a.slow c.rude" ]
	# fast (d.hours) loses to specialist (a.slow)
	run complaint-classify -q --rules "$T/mini.rules" --text 1 --no-header <<< "slow for hours"
	[ "${lines[1]}" = "1,speed,specialist,2,a.slow d.hours" ]
}

@test "complaint-classify: --rules: an exclusion vetoes only the matches it overlaps" {
	printf 'not slow\n"not slow, but slow at night"\n' > "$BATS_TEST_TMPDIR/in.csv"
	run complaint-classify -q --rules "$T/mini.rules" --no-header --text 1 "$BATS_TEST_TMPDIR/in.csv"
	[ "${lines[1]}" = "1,other,none,0," ]
	[ "${lines[2]}" = "2,speed,specialist,2,a.slow" ]
}

@test "complaint-classify: --rules: nothing matched is other, tier none, score 0" {
	run complaint-classify -q --rules "$T/mini.rules" --no-header --text 1 <<< "all good"
	[ "${lines[1]}" = "1,other,none,0," ]
}

@test "complaint-classify: --rules: caseless rules ignore case, others do not" {
	# a.slow is caseless, b.bill is not
	run complaint-classify -q --rules "$T/mini.rules" --no-header --text 1 <<< "SLOW BILL"
	[ "${lines[1]}" = "1,speed,specialist,2,a.slow" ]
}

@test "complaint-classify: --rules: patterns are Unicode-aware (PCRE2_UTF and PCRE2_UCP)" {
	# caseless k matches the Kelvin sign U+212A, s the long s U+017F;
	# \p{Han} and \w know Chinese characters
	printf 'rule k x fast 1 caseless\nmatch \\bkelvin\\b\nrule h y fast 1\nmatch ^\\p{Han}{2}\\w$\n' > "$BATS_TEST_TMPDIR/u.rules"
	printf '\xe2\x84\xaaelvin\n\xc5\xbfun KELVIN\n宽带慢\n' > "$BATS_TEST_TMPDIR/u.txt"
	run complaint-classify -q --rules "$BATS_TEST_TMPDIR/u.rules" --no-header --text 1 "$BATS_TEST_TMPDIR/u.txt"
	[ "${lines[1]}" = "1,x,fast,1,k" ]
	[ "${lines[2]}" = "2,x,fast,1,k" ]
	[ "${lines[3]}" = "3,y,fast,1,h" ]
}

@test "complaint-classify: --rules: a bad pattern exits 2 with file:line and PCRE2's message and offset" {
	printf 'rule a x fast 1\nmatch (unclosed\n' > "$BATS_TEST_TMPDIR/bad.rules"
	run --separate-stderr complaint-classify --rules "$BATS_TEST_TMPDIR/bad.rules" --text 1 < /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/bad.rules:2: pattern: missing closing parenthesis at offset 9" ]
	printf 'rule a x fast 1\nmatch a\nexclude \\p{Hann}\n' > "$BATS_TEST_TMPDIR/bad.rules"
	run --separate-stderr complaint-classify --rules "$BATS_TEST_TMPDIR/bad.rules" --text 1 < /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/bad.rules:3: pattern: unknown property after \\P or \\p at offset 8" ]
}

@test "complaint-classify: --rules: malformed rules exit 2 naming file, line and the problem" {
	f="$BATS_TEST_TMPDIR/r.rules"
	check() {
		printf "$1" > "$f"
		run --separate-stderr complaint-classify --rules "$f" --text 1 < /dev/null
		[ "$status" -eq 2 ] || { echo "status $status for $1"; return 1; }
		[ "$stderr" = "complaint-classify: $f:$2" ] || { echo "got: $stderr"; return 1; }
	}
	check 'rule a x urgent 1\nmatch a\n' '1: tier "urgent": expected fast, specialist or priority'
	check 'rule a x fast 0\nmatch a\n' '1: weight "0": expected a whole number from 1 to 1000000'
	check 'rule a x fast 1 nocase\nmatch a\n' '1: flag "nocase": expected caseless'
	check 'rule a x fast 1\nrule b x fast 1\nmatch b\n' '1: rule a: no match pattern'
	check 'match a\n' '1: match before the first rule'
	check 'rule a x fast 1\nmatch a\nrule a y fast 1\nmatch b\n' '3: rule id "a": already used on line 1'
	check 'rule a x fast 1\nmatch a*\n' '2: pattern: matches the empty string'
	check 'rule a other fast 1\nmatch a\n' '1: category "other": reserved for complaints no rule matches'
	check 'rule a x fast 1\nmatc a\n' '2: "matc": expected rule, match or exclude'
	check 'rule a x fast 1\nmatch caf\xe9\n' '2: invalid UTF-8 at byte 10'
	check 'rule a\n' '1: rule: expected '"'"'rule ID CATEGORY TIER WEIGHT [caseless]'"'"
}

@test "complaint-classify: --rules: a rulebook without rules or a missing file exits 2" {
	printf '# empty\n' > "$BATS_TEST_TMPDIR/e.rules"
	run --separate-stderr complaint-classify --rules "$BATS_TEST_TMPDIR/e.rules" --text 1 < /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/e.rules: no rules" ]
	run --separate-stderr complaint-classify --rules "$BATS_TEST_TMPDIR/none.rules" --text 1 < /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/none.rules: No such file or directory" ]
}

@test "complaint-classify: --rules: a pattern that backtracks without end rejects the row, never hangs" {
	printf 'rule bad x fast 1\nmatch (x+x+)+[yz]\n' > "$BATS_TEST_TMPDIR/c.rules"
	printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nok\n' > "$BATS_TEST_TMPDIR/c.txt"
	for jit in "" --no-jit; do
		run --separate-stderr complaint-classify $jit --rules "$BATS_TEST_TMPDIR/c.rules" --no-header --text 1 "$BATS_TEST_TMPDIR/c.txt"
		[ "$status" -eq 0 ]
		[ "$output" = "$(printf 'id,category,tier,score,matched\n2,other,none,0,')" ]
		[ "$stderr" = "$(printf '%s\n' "complaint-classify: $BATS_TEST_TMPDIR/c.txt:1: rule bad (line 2): match limit exceeded" "complaint-classify: 2 read, 1 used, 1 rejected")" ]
	done
}

@test "complaint-classify: --no-jit: the interpreter gives the same output as JIT" {
	a=$(complaint-classify -q --text 'Customer Complaint' --id 'Ticket #' "$T/fcc-titles.csv")
	b=$(complaint-classify -q --no-jit --text 'Customer Complaint' --id 'Ticket #' "$T/fcc-titles.csv")
	[ "$a" = "$b" ]
	[ "$(wc -l <<< "$a")" -eq 2225 ]
}

# ---- input ---------------------------------------------------------------

@test "complaint-classify: --text: several columns are joined and classified together" {
	printf 'id,title,body\n1,Billing,the technician never showed up\n' > "$BATS_TEST_TMPDIR/in.csv"
	run complaint-classify -q --text title --text body --id id "$BATS_TEST_TMPDIR/in.csv"
	# billing.dispute (3) ties repair.delay (3): billing's rule comes first
	[ "${lines[1]}" = "1,billing,specialist,3,billing.dispute repair.delay" ]
}

@test "complaint-classify: --text: a column missing from the header exits 2" {
	run --separate-stderr complaint-classify --text body "$T/examples.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $T/examples.csv: column \"body\" is not in the header" ]
}

@test "complaint-classify: --no-header: a column name instead of a number exits 2" {
	run --separate-stderr complaint-classify --no-header --text text < /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: column \"text\": with --no-header give a column number
Try 'complaint-classify --help' for more information." ]
}

@test "complaint-classify: --id: without it the id is the line the record starts on" {
	printf 'text\n"two\nlines"\noverbilled\n' > "$BATS_TEST_TMPDIR/in.csv"
	run complaint-classify -q --text text "$BATS_TEST_TMPDIR/in.csv"
	[ "${lines[1]}" = "2,other,none,0," ]
	[ "${lines[2]}" = "4,billing,specialist,3,billing.dispute" ]
}

@test "complaint-classify: input: invalid UTF-8 is rejected with file:line and counted" {
	run --separate-stderr complaint-classify --text text --id id "$T/bad-utf8.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'id,category,tier,score,matched\nu1,billing,specialist,3,billing.dispute\nu4,other,none,0,')" ]
	[ "$stderr" = "$(printf '%s\n' \
		"complaint-classify: $T/bad-utf8.csv:3: text: invalid UTF-8 at byte 5" \
		"complaint-classify: $T/bad-utf8.csv:4: text: invalid UTF-8 at byte 11" \
		"complaint-classify: 4 read, 2 used, 2 rejected")" ]
	run complaint-classify -q --strict --text text "$T/bad-utf8.csv"
	[ "$status" -eq 4 ]
}

@test "complaint-classify: --rejects: rejected rows are written with line and reason" {
	complaint-classify -q --text text --rejects "$BATS_TEST_TMPDIR/rej.csv" "$T/bad-utf8.csv" > /dev/null
	[ "$(wc -l < "$BATS_TEST_TMPDIR/rej.csv")" -ge 2 ]
	grep -q 'text: invalid UTF-8 at byte 5' "$BATS_TEST_TMPDIR/rej.csv"
}

@test "complaint-classify: --encoding: GBK, GB18030 and BIG5 input classify like UTF-8" {
	want=$(complaint-classify -q --text text --id id "$T/zh-utf8.csv")
	[ "$(complaint-classify -q --encoding GBK --text text --id id "$T/zh-gbk.csv")" = "$want" ]
	[ "$(complaint-classify -q --encoding GB18030 --text text --id id "$T/zh-gb18030.csv")" = "$want" ]
	want=$(complaint-classify -q --text text --id id "$T/tw-utf8.csv")
	[ "$(complaint-classify -q --encoding BIG5 --text text --id id "$T/tw-big5.csv")" = "$want" ]
	[ "$want" = "$(printf 'id,category,tier,score,matched\nb1,fraud,priority,4,fraud.scam-zh\nb2,billing,specialist,4,billing.dispute-zh billing.generic-zh')" ]
}

@test "complaint-classify: --encoding: GBK text read as UTF-8, or bytes invalid in the encoding, are rejected" {
	run --separate-stderr complaint-classify --text text "$T/zh-gbk.csv"
	[ "${lines[0]}" = "id,category,tier,score,matched" ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$stderr" == *"complaint-classify: $T/zh-gbk.csv:2: text: invalid UTF-8 at byte 1"* ]]
	[[ "$stderr" == *"3 read, 0 used, 3 rejected"$'\n'"complaint-classify: no row was used of the 3 read" ]]
	[ "$status" -eq 4 ]
	printf 'id,text\n1,ok\n2,\x81\x20\n' > "$BATS_TEST_TMPDIR/g.csv"
	run --separate-stderr complaint-classify --encoding GBK --text text "$BATS_TEST_TMPDIR/g.csv"
	[ "$stderr" = "$(printf '%s\n' "complaint-classify: $BATS_TEST_TMPDIR/g.csv:3: text: invalid GBK at byte 1" "complaint-classify: 2 read, 1 used, 1 rejected")" ]
	run complaint-classify --encoding LATIN1 --text text < /dev/null
	[ "$status" -eq 2 ]
}

@test "complaint-classify: input: short rows, NUL bytes and a 1 MB field neither crash nor get lost" {
	{
		printf 'id,text\n1\n2,a\0b overcharged\n'
		printf '3,"'; head -c 1000000 /dev/zero | tr '\0' 'x'; printf ' slow"\n'
	} > "$BATS_TEST_TMPDIR/odd.csv"
	run --separate-stderr complaint-classify --text text --id id "$BATS_TEST_TMPDIR/odd.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2,billing,specialist,3,billing.dispute" ]
	[ "${lines[2]}" = "3,broadband,specialist,3,broadband.speed" ]
	[[ "$stderr" == *"odd.csv:2: 1 fields, expected at least 2"* ]]
	[[ "$stderr" == *"3 read, 2 used, 1 rejected" ]]
}

@test "complaint-classify: input: an empty file gives the header only" {
	run --separate-stderr complaint-classify --text 1 --no-header < /dev/null
	[ "$status" -eq 0 ]
	[ "$output" = "id,category,tier,score,matched" ]
	[ "$stderr" = "complaint-classify: 0 read, 0 used, 0 rejected" ]
}

# ---- --summary -------------------------------------------------------------

@test "complaint-classify: --summary: counts and shares per category and tier" {
	run complaint-classify -q --summary --text text "$T/summary.csv"
	# 5 complaints: billing, broadband (specialist), escalation (priority),
	# other (none), enquiry (fast); each category 1/5 = 0.2
	[ "${lines[0]}" = "dimension,key,count,share" ]
	[ "${lines[1]}" = "total,all,5,1.0000" ]
	[ "$(grep -c '^category,' <<< "$output")" -eq 16 ]
	grep -qx 'category,billing,1,0.2000' <<< "$output"
	grep -qx 'category,other,1,0.2000' <<< "$output"
	grep -qx 'category,fraud,0,0.0000' <<< "$output"
	[ "$(tail -4 <<< "$output")" = "$(printf 'tier,fast,1,0.2000\ntier,specialist,2,0.4000\ntier,priority,1,0.2000\ntier,none,1,0.2000')" ]
}

@test "complaint-classify: --summary --date --by month: one block per month, dates in several forms" {
	run complaint-classify -q --summary --text text --date date --by month "$T/summary.csv"
	[ "${lines[0]}" = "period,dimension,key,count,share" ]
	grep -qx '2024-01,total,all,2,1.0000' <<< "$output"
	grep -qx '2024-01,category,billing,1,0.5000' <<< "$output"
	# February: 2024-02-02, 02-Feb-24 and 2024年2月11日; 1/3 each
	grep -qx '2024-02,total,all,3,1.0000' <<< "$output"
	grep -qx '2024-02,category,escalation,1,0.3333' <<< "$output"
	grep -qx '2024-02,tier,none,1,0.3333' <<< "$output"
	run complaint-classify -q --summary --text text --date date --by quarter "$T/summary.csv"
	grep -qx '2024-Q1,total,all,5,1.0000' <<< "$output"
}

@test "complaint-classify: --summary --subscribers: rate per 10,000, and per million with --per" {
	# 5 complaints, 20,000 subscribers: 5 * 10000 / 20000 = 2.5
	run complaint-classify -q --summary --text text --subscribers 20000 "$T/summary.csv"
	[ "${lines[0]}" = "dimension,key,count,share,rate_per_10000" ]
	[ "${lines[1]}" = "total,all,5,1.0000,2.5000" ]
	grep -qx 'category,billing,1,0.2000,0.5000' <<< "$output"
	# 1 * 1000000 / 20000 = 50
	run complaint-classify -q --summary --text text --subscribers 20000 --per 1000000 "$T/summary.csv"
	grep -qx 'category,billing,1,0.2000,50.0000' <<< "$output"
}

@test "complaint-classify: --date: a date that is not one is rejected" {
	printf 'date,text\n22-04-15,slow\n2015-02-30,slow\n22-Apr-15,slow\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr complaint-classify --summary --text text --date date "$BATS_TEST_TMPDIR/d.csv"
	[ "$stderr" = "$(printf '%s\n' \
		"complaint-classify: $BATS_TEST_TMPDIR/d.csv:2: date: \"22-04-15\" is not a date" \
		"complaint-classify: $BATS_TEST_TMPDIR/d.csv:3: date: \"2015-02-30\" is not a date" \
		"complaint-classify: 3 read, 1 used, 2 rejected")" ]
	grep -qx '2015-04,total,all,1,1.0000' <<< "$output"
}

@test "complaint-classify: --summary: options that need it, or conflict, exit 2" {
	run complaint-classify --text text --date date "$T/summary.csv"
	[ "$status" -eq 2 ]
	run complaint-classify --text text --summary --by month "$T/summary.csv"
	[ "$status" -eq 2 ]
	run complaint-classify --text text --summary --eval label "$T/summary.csv"
	[ "$status" -eq 2 ]
	run complaint-classify --text text --summary --subscribers 0 "$T/summary.csv"
	[ "$status" -eq 2 ]
	run complaint-classify --summary "$T/summary.csv"
	[ "$status" -eq 2 ]
}

# ---- --eval ----------------------------------------------------------------

@test "complaint-classify: --eval: precision, recall, F1, macro, accuracy and the confusion matrix" {
	run --separate-stderr complaint-classify --eval label --label-map "$T/eval-small.map" --text text "$T/eval-small.csv"
	# predictions: billing, broadband, broadband, other, equipment
	# billing   gold 2 pred 1 tp 1: P 1, R 0.5, F1 2/3
	# broadband gold 2 pred 2 tp 1: P 0.5, R 0.5, F1 0.5
	# equipment gold 0 pred 1 tp 0: P 0, R undefined (0 in macro), F1 0/1 = 0
	# other     gold 1 pred 1 tp 1: 1, 1, 1
	# macro P (1+0.5+0+1)/4 = 0.625, R (0.5+0.5+0+1)/4 = 0.5,
	# F1 (0.6667+0.5+0+1)/4 = 0.5417; accuracy 3/5; row 6 (label ?) skipped
	[ "$output" = "$(printf '%s\n' \
		'class,gold,predicted,correct,precision,recall,f1,pred_billing,pred_broadband,pred_equipment,pred_other' \
		'billing,2,1,1,1.0000,0.5000,0.6667,1,1,0,0' \
		'broadband,2,2,1,0.5000,0.5000,0.5000,0,1,1,0' \
		'equipment,0,1,0,0.0000,,0.0000,0,0,0,0' \
		'other,1,1,1,1.0000,1.0000,1.0000,0,0,0,1' \
		'macro,5,5,3,0.6250,0.5000,0.5417,,,,' \
		'accuracy,5,5,3,0.6000,0.6000,0.6000,,,,')" ]
	[ "$stderr" = "complaint-classify: 6 read, 5 used, 0 rejected, 1 skipped" ]
}

@test "complaint-classify: --eval: an empty label is rejected" {
	printf 'text,label\nslow,broadband\nslow,\n' > "$BATS_TEST_TMPDIR/l.csv"
	run --separate-stderr complaint-classify --eval label --text text "$BATS_TEST_TMPDIR/l.csv"
	[ "$stderr" = "$(printf '%s\n' "complaint-classify: $BATS_TEST_TMPDIR/l.csv:3: label: empty label" "complaint-classify: 2 read, 1 used, 1 rejected")" ]
	[ "${lines[1]}" = "broadband,1,1,1,1.0000,1.0000,1.0000,1" ]
}

@test "complaint-classify: --label-map: a malformed map exits 2" {
	printf 'a,b,c\n' > "$BATS_TEST_TMPDIR/m.map"
	run --separate-stderr complaint-classify --eval label --label-map "$BATS_TEST_TMPDIR/m.map" --text text "$T/eval-small.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/m.map:1: expected 2 fields (label,category), got 3" ]
	run complaint-classify --label-map "$BATS_TEST_TMPDIR/m.map" --text text "$T/eval-small.csv"
	[ "$status" -eq 2 ]
}

# ---- real data, pinned ---------------------------------------------------

@test "complaint-classify: --eval: 100 hand-labelled FCC titles: accuracy 0.85, macro-F1 0.7192" {
	run complaint-classify -q --eval label --text title "$T/fcc-titles-100.csv"
	grep -q '^accuracy,100,100,85,0.8500,0.8500,0.8500,' <<< "$output"
	grep -q '^macro,100,100,85,0.7518,0.7062,0.7192,' <<< "$output"
	grep -q '^billing,38,34,34,1.0000,0.8947,0.9444,' <<< "$output"
	grep -q '^broadband,26,28,24,0.8571,0.9231,0.8889,' <<< "$output"
}

@test "complaint-classify: --eval: 100 more FCC titles, labelled after the rules were written: accuracy 0.73" {
	# held out: these labels were never used to tune the rulebook
	run complaint-classify -q --eval label --text title "$T/fcc-titles-heldout-100.csv"
	grep -q '^accuracy,100,100,73,0.7300,0.7300,0.7300,' <<< "$output"
	grep -q '^macro,100,100,73,0.5170,0.4450,0.4578,' <<< "$output"
	grep -q '^billing,36,32,28,0.8750,0.7778,0.8235,' <<< "$output"
	grep -q '^broadband,26,27,23,0.8519,0.8846,0.8679,' <<< "$output"
}

@test "complaint-classify: --eval: FCC titles figures agree with an independent count (python oracle)" {
	complaint-classify -q --text title --id ticket "$T/fcc-titles-100.csv" > "$BATS_TEST_TMPDIR/pred.csv"
	want=$(python3 -c '
import csv, sys
gold = {r["ticket"]: r["label"] for r in csv.DictReader(open(sys.argv[1]))}
pred = {r["id"]: r["category"] for r in csv.DictReader(open(sys.argv[2]))}
cls = sorted(set(gold.values()) | set(pred.values()))
f1s = []
for c in cls:
    tp = sum(1 for k in gold if gold[k] == c and pred[k] == c)
    g = sum(1 for k in gold if gold[k] == c)
    p = sum(1 for k in gold if pred[k] == c)
    P = tp / p if p else 0.0
    R = tp / g if g else 0.0
    f1s.append(2 * P * R / (P + R) if P + R else 0.0)
acc = sum(1 for k in gold if gold[k] == pred[k]) / len(gold)
print("%.4f %.4f" % (acc, sum(f1s) / len(f1s)))
' "$T/fcc-titles-100.csv" "$BATS_TEST_TMPDIR/pred.csv")
	got=$(complaint-classify -q --eval label --text title "$T/fcc-titles-100.csv" | awk -F, '$1 == "accuracy" { a = $5 } $1 == "macro" { m = $7 } END { print a, m }')
	[ "$got" = "$want" ]
}

@test "complaint-classify: --summary: category distribution of the 2,224 FCC titles" {
	run complaint-classify -q --summary --text 'Customer Complaint' "$T/fcc-titles.csv"
	grep -qx 'total,all,2224,1.0000' <<< "$output"
	grep -qx 'category,billing,747,0.3359' <<< "$output"
	grep -qx 'category,broadband,580,0.2608' <<< "$output"
	grep -qx 'category,other,477,0.2145' <<< "$output"
	grep -qx 'tier,priority,60,0.0270' <<< "$output"
	# the summary agrees with counting the per-complaint output
	n=$(complaint-classify -q --text 'Customer Complaint' "$T/fcc-titles.csv" | awk -F, '$2 == "billing"' | wc -l)
	[ "$n" -eq 747 ]
}

@test "complaint-classify: --summary --date: FCC titles per month of Date_month_year" {
	run complaint-classify -q --summary --text 'Customer Complaint' --date Date_month_year "$T/fcc-titles.csv"
	grep -qx '2015-06,total,all,1046,1.0000' <<< "$output"
	[ "$(grep -c ',total,all,' <<< "$output")" -eq 12 ]
}

@test "complaint-classify: --eval --label-map: tweets as complaint or not: P 0.7401, R 0.4529, F1 0.5619" {
	run --separate-stderr complaint-classify --no-header --text 2 --id 1 --eval 3 --label-map "$T/tweets.map" "$T/tweets.csv"
	[ "$stderr" = "complaint-classify: 3449 read, 3449 used, 0 rejected" ]
	# wait.long (issue 13) adds one false positive: "no one responded to me
	# so i assume everything is fine" (label 0)
	grep -qx 'complaint,1232,754,558,0.7401,0.4529,0.5619,558,674' <<< "$output"
	grep -qx 'accuracy,3449,3449,2579,0.7478,0.7478,0.7478,,' <<< "$output"
}

@test "complaint-classify: --eval --label-map: SGCC incident tickets, outage or not" {
	run --separate-stderr complaint-classify --text 问题现象 --id id --eval 异常类型细项 --label-map "$T/sgcc.map" "$T/sgcc-ict-fault.csv"
	# 1,023 tickets, 396 without a detailed type ("" or "0") skipped
	[ "$stderr" = "complaint-classify: 1023 read, 627 used, 0 rejected, 396 skipped" ]
	grep -qx 'outage,226,132,66,0.5000,0.2920,0.3687,160,66' <<< "$output"
	grep -qx 'accuracy,627,627,401,0.6396,0.6396,0.6396,,' <<< "$output"
}

@test "complaint-classify: --summary: the full FCC complaint texts (multi-line, up to 16 kB)" {
	f="$REF/comcast-fcc-complaints/comcast_fcc_complaints_2015.csv"
	[ -f "$f" ] || skip "reference data absent"
	run --separate-stderr complaint-classify --summary --text Description "$f"
	[ "$stderr" = "complaint-classify: 2225 read, 2225 used, 0 rejected" ]
	# issue 13's rules: 27 more priority (escalation.named: regulator,
	# BBB, attorney general, ombudsman named), a few to wait and privacy
	grep -qx 'category,billing,831,0.3735' <<< "$output"
	grep -qx 'category,broadband,750,0.3371' <<< "$output"
	grep -qx 'tier,priority,329,0.1479' <<< "$output"
	grep -qx 'category,other,16,0.0072' <<< "$output"
}

# ---- dates: the one reader of lib/date (issue 11) ---------------------

@test "complaint-classify: --date: a spreadsheet serial and YYYY/MM/DD are dates" {
	# 45352 = 2024-03-01 (1900 system: 25569 is 1970-01-01, 45352 - 25569
	# = 19783 days = 2024-03-01); 2024/3/5 and 2024-03-31T23:00:00Z too;
	# 45351.5 = 2024-02-29 12:00
	printf 'date,text\n45352,slow\n2024/3/5,slow\n2024-03-31T23:00:00Z,slow\n45351.5,slow\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr complaint-classify --summary --text text --date date "$BATS_TEST_TMPDIR/d.csv"
	[ "$stderr" = "complaint-classify: 4 read, 4 used, 0 rejected" ]
	grep -qx '2024-03,total,all,3,1.0000' <<< "$output"
	grep -qx '2024-02,total,all,1,1.0000' <<< "$output"
}

@test "complaint-classify: --report-tz: a time with an offset moves to the zone's day" {
	# 2024-03-31T23:00:00Z is 2024-04-01 07:00 in Shanghai (UTC+8); a
	# date without a zone stays the day it names
	printf 'date,text\n2024-03-31T23:00:00Z,slow\n2024-03-31,slow\n' > "$BATS_TEST_TMPDIR/d.csv"
	run complaint-classify -q --summary --text text --date date --by day --report-tz Asia/Shanghai "$BATS_TEST_TMPDIR/d.csv"
	grep -qx '2024-03-31,total,all,1,1.0000' <<< "$output"
	grep -qx '2024-04-01,total,all,1,1.0000' <<< "$output"
	run complaint-classify -q --summary --text text --date date --by day "$BATS_TEST_TMPDIR/d.csv"
	grep -qx '2024-03-31,total,all,2,1.0000' <<< "$output"
	run --separate-stderr complaint-classify --summary --text text --date date --report-tz Mars/Olympus "$BATS_TEST_TMPDIR/d.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'complaint-classify: --report-tz: "Mars/Olympus" is not a time zone in the tz database' ]
}

@test "complaint-classify: --date-format %d-%m-%y: the FCC Date column per month agrees with python" {
	# the FCC Date column mixes 22-04-15 (DD-MM-YY) with 2015-04-08 (ISO
	# written by a spreadsheet); with the format only the first kind is read
	run --separate-stderr complaint-classify --summary --text 'Customer Complaint' --date Date --date-format %d-%m-%y "$T/fcc-titles.csv"
	want=$(python3 - "$T/fcc-titles.csv" <<'PY'
import csv, sys, re, collections
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
c = collections.Counter()
bad = 0
for r in rows:
    m = re.fullmatch(r'(\d\d?)-(\d\d?)-(\d\d)', r['Date'].strip())
    if m:
        c['20%s-%02d' % (m.group(3), int(m.group(2)))] += 1
    else:
        bad += 1
print(''.join('%s:%d ' % kv for kv in sorted(c.items())))
print('%d read, %d used, %d rejected' % (len(rows), len(rows) - bad, bad))
PY
)
	[ "$(awk -F, '$2 == "total" { printf "%s:%d ", $1, $4 }' <<< "$output")" = "${want%%$'\n'*}" ]
	[ "${stderr##*$'\n'}" = "complaint-classify: ${want##*$'\n'}" ]
}

@test "complaint-classify: --date-format: %Y年%m月%d日, and a format without a whole date exits 2" {
	printf 'date,text\n2024年03月01日,slow\n2024年3月2日,slow\n2024-03-03,slow\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr complaint-classify --summary --text text --date date --by day --date-format '%Y年%m月%d日' "$BATS_TEST_TMPDIR/d.csv"
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/d.csv:4: date: \"2024-03-03\" is not a date
complaint-classify: 3 read, 2 used, 1 rejected" ]
	grep -qx '2024-03-01,total,all,1,1.0000' <<< "$output"
	grep -qx '2024-03-02,total,all,1,1.0000' <<< "$output"
	run --separate-stderr complaint-classify --summary --text text --date date --date-format '%Y-%m' "$BATS_TEST_TMPDIR/d.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'complaint-classify: --date-format: "%Y-%m": gives no whole date (year, month and day, or %s)' ]
	run --separate-stderr complaint-classify --summary --text text --date date --date-format '%Y-%q-%d' "$BATS_TEST_TMPDIR/d.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'complaint-classify: --date-format: "%Y-%q-%d": %q is not a conversion it knows' ]
}

@test "complaint-classify: --by week: ISO 8601 weeks" {
	# 2024-12-30 is the Monday of week 1 of 2025; 2024-12-29 a Sunday of
	# week 52 of 2024
	printf 'date,text\n2024-12-30,slow\n2024-12-29,slow\n2025-01-05,slow\n' > "$BATS_TEST_TMPDIR/d.csv"
	run complaint-classify -q --summary --text text --date date --by week "$BATS_TEST_TMPDIR/d.csv"
	[ "$(awk -F, '$2 == "total" { printf "%s:%d ", $1, $4 }' <<< "$output")" = "2024-W52:1 2025-W01:2 " ]
}

# ---- --where (lib/where, issue 11) --------------------------------------

@test "complaint-classify: --where: FCC titles filed on the Internet from a New/North state agree with python" {
	run --separate-stderr complaint-classify --summary --text 'Customer Complaint' --where 'Received Via=Internet' --where 'State~^(New|North) ' "$T/fcc-titles.csv"
	want=$(python3 - "$T/fcc-titles.csv" <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
k = sum(1 for r in rows if r['Received Via'] == 'Internet' and re.search(r'^(New|North) ', r['State']))
print('%d %d' % (len(rows), k))
PY
)
	read -r n k <<< "$want"
	[ "${lines[1]}" = "total,all,$k,1.0000" ]
	[ "$stderr" = "complaint-classify: $n read, $k used, 0 rejected, $((n - k)) skipped" ]
}

@test "complaint-classify: --where: with --no-header columns are numbers; \, is a comma in a value" {
	printf '1,slow,"a,b"\n2,slow,c\n3,slow,"a,b"\n' > "$BATS_TEST_TMPDIR/w.csv"
	run --separate-stderr complaint-classify --no-header --text 2 --id 1 --where '3=a\,b' "$BATS_TEST_TMPDIR/w.csv"
	[ "$(cut -d, -f1 <<< "$output" | tr '\n' ' ')" = "id 1 3 " ]
	[ "$stderr" = "complaint-classify: 3 read, 2 used, 0 rejected, 1 skipped" ]
}

# ---- --append (issue 13) ---------------------------------------------

@test "complaint-classify: --append: every input column, then category, tier, score, matched" {
	printf 'id,received,body\nT1,2026-03-02,I was overcharged on my bill\nT2,2026-03-03,"我要投诉到工信部"\n' > "$BATS_TEST_TMPDIR/t.csv"
	run --separate-stderr complaint-classify --append --text body "$BATS_TEST_TMPDIR/t.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id,received,body,category,tier,score,matched" ]
	[ "${lines[1]}" = "T1,2026-03-02,I was overcharged on my bill,billing,specialist,4,billing.dispute billing.generic" ]
	[ "${lines[2]}" = "T2,2026-03-03,我要投诉到工信部,escalation,priority,1,escalation.regulator-zh general.discontent-zh" ]
	# the same as the plain output joined to the input by id
	run complaint-classify -q --text body --id id "$BATS_TEST_TMPDIR/t.csv"
	[ "${lines[1]}" = "T1,billing,specialist,4,billing.dispute billing.generic" ]
}

@test "complaint-classify: --append: GBK input is written as UTF-8; a short row is rejected" {
	run complaint-classify -q --append --encoding GBK --text 2 "$T/zh-gbk.csv"
	[ "$status" -eq 0 ]
	want=$(complaint-classify -q --append --text 2 "$T/zh-utf8.csv")
	[ "$output" = "$want" ]
	printf 'a,b\nx,y\nz\n' > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr complaint-classify --append --text b "$BATS_TEST_TMPDIR/s.csv"
	[ "${stderr_lines[0]}" = "complaint-classify: $BATS_TEST_TMPDIR/s.csv:3: 1 fields, the header has 2" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "complaint-classify: --append: a clashing column or option exits 2" {
	printf 'id,category,body\n1,x,hello\n' > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr complaint-classify --append --text body "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/c.csv: --append: the input already has a column \"category\"" ]
	run complaint-classify --append --summary --text body "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 2 ]
	printf 'a,body,c\n1,2,3\n' > "$BATS_TEST_TMPDIR/w.csv"
	printf 'id,body\n1,hello\n' > "$BATS_TEST_TMPDIR/t2.csv"
	run --separate-stderr complaint-classify -q --append --text body "$BATS_TEST_TMPDIR/t2.csv" "$BATS_TEST_TMPDIR/w.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"w.csv: --append: 3 columns, the first input has 2" ]]
}

# ---- rulebook growth from real misses (issue 13) ---------------------
# Each phrase was missed (other, or a wrong category) before these rules;
# the FCC texts hold 15 "BBB", 18 "regulator", 25 "harass", 13 "get
# through"; titles such as "Comcast harassing me to return equipment".
@test "complaint-classify: default rules: escalation named without a verb, English and Chinese" {
	printf 'id,text\n1,I will take this to the ombudsman\n2,The regulator needs to hear about this\n3,Filed an FCC complaint last week\n4,BBB has my case\n5,准备越级投诉\n6,我要去工信部申诉\n7,我已经打了12300\n8,我要找媒体曝光你们\n9,準備越級投訴\n' > "$BATS_TEST_TMPDIR/e.csv"
	run complaint-classify -q --text text --id id "$BATS_TEST_TMPDIR/e.csv"
	[ "$(cut -d, -f2,3 <<< "$output" | sort | uniq -c | sed 's/^ *//')" = "1 category,tier
9 escalation,priority" ]
	# the FCC's own forwarding notice still does not count
	printf 'id,text\n1,This complaint provides the FCC with your details\n' > "$BATS_TEST_TMPDIR/n.csv"
	run complaint-classify -q --text text --id id "$BATS_TEST_TMPDIR/n.csv"
	[ "${lines[1]}" = "1,general,fast,1,general.discontent" ]
}

@test "complaint-classify: default rules: harassment, waiting in days or months, nobody answering" {
	printf 'id,text\n1,Comcast harassing me to return equipment I already returned\n2,I waited 2 months to be connected\n3,No one answering the support line\n4,I have been trying to get through for days\n5,装宽带等了两个月还没装好\n6,寬頻等了兩個月\n7,天天被骚扰电话打扰\n8,每天被騷擾\n9,客服电话一直打不通\n' > "$BATS_TEST_TMPDIR/w.csv"
	run complaint-classify -q --text text --id id "$BATS_TEST_TMPDIR/w.csv"
	[ "${lines[1]}" = "1,privacy,specialist,3,privacy.harass equipment.device" ]
	[ "${lines[2]}" = "2,wait,specialist,3,wait.long" ]
	[ "${lines[3]}" = "3,wait,specialist,3,wait.long" ]
	[ "${lines[4]}" = "4,wait,specialist,3,wait.long" ]
	[ "${lines[5]}" = "5,wait,specialist,3,wait.hotline-zh" ]
	[ "${lines[6]}" = "6,wait,specialist,3,wait.hotline-zh" ]
	[ "${lines[7]}" = "7,privacy,specialist,2,privacy.spam-zh" ]
	[ "${lines[8]}" = "8,privacy,specialist,2,privacy.spam-zh" ]
	[ "${lines[9]}" = "9,wait,specialist,3,wait.hotline-zh" ]
}

@test "complaint-classify: default rules: credit checks are privacy, not value-added services" {
	printf 'id,text\n1,They ran my credit without my permission\n2,They did a hard inquiry on my credit report\n3,Comcast did a credit check without asking me\n' > "$BATS_TEST_TMPDIR/c.csv"
	run complaint-classify -q --text text --id id "$BATS_TEST_TMPDIR/c.csv"
	# privacy.credit (5) outweighs vas.unconsented (4)
	[ "${lines[1]}" = "1,privacy,priority,5,privacy.credit vas.unconsented" ]
	[ "${lines[2]}" = "2,privacy,priority,9,privacy.data privacy.credit" ]
	[ "${lines[3]}" = "3,privacy,priority,9,privacy.data privacy.credit" ]
}

@test "complaint-classify: --encoding: column names on the command line match a header in that encoding" {
	# zh-gbk.csv with its header renamed in GBK (工单号,内容): the same
	# rows as by the ASCII names id,text
	want=$(complaint-classify -q --encoding GBK --text text --id id "$TD/complaint-classify/zh-gbk.csv")
	{ printf '工单号,内容\n' | iconv -f UTF-8 -t GBK; tail -n +2 "$TD/complaint-classify/zh-gbk.csv"; } > "$BATS_TEST_TMPDIR/h.csv"
	run --separate-stderr complaint-classify --encoding GBK --text 内容 --id 工单号 "$BATS_TEST_TMPDIR/h.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	[ "${lines[1]%%,*}" = "g1" ]
	[ "$(wc -l <<< "$output")" -eq 4 ]
	# a header cell that is not valid GBK names no column: by number the
	# rows are read as with a good header; by name the cell is said
	{ printf 'id,\xff\xff\n'; tail -n +2 "$TD/complaint-classify/zh-gbk.csv"; } > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr complaint-classify -q --encoding GBK --text 2 --id 1 "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	run --separate-stderr complaint-classify --encoding GBK --text text "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "complaint-classify: $BATS_TEST_TMPDIR/b.csv: column \"text\" is not in the header; header column 2: invalid GBK at byte 1" ]
}

@test "complaint-classify: --eval: the confusion matrix grows with the pairs seen, not the square of the classes" {
	# 4000 complaints: every 4th is labelled billing, the others each a
	# label of its own (L1, L2, ...): 3001 classes. The dense matrix took
	# 8 bytes x 4096^2 = 128 MB here (5,000 labels: 280 MB); the sparse
	# one a few hundred kB, so the run fits in 60 MB of address space.
	f="$BATS_TEST_TMPDIR/many.csv"
	python3 -c '
print("text,label")
for i in range(4000):
    print("billing problem %d,%s" % (i, "billing" if i % 4 == 0 else "L%d" % i))
' > "$f"
	complaint-classify -q --text text "$f" > "$BATS_TEST_TMPDIR/pred.csv"
	if ldd "$(command -v complaint-classify)" | grep -q libasan; then
		# the sanitizer's shadow memory needs a large address space
		complaint-classify -q --eval label --text text "$f" > "$BATS_TEST_TMPDIR/eval.csv"
	else
		(ulimit -v 60000 && complaint-classify -q --eval label --text text "$f" > "$BATS_TEST_TMPDIR/eval.csv")
	fi
	# python: the gold, predicted and correct counts and every cell of
	# the matrix from the labels and the per-complaint categories
	python3 - "$f" "$BATS_TEST_TMPDIR/pred.csv" "$BATS_TEST_TMPDIR/eval.csv" <<'PY'
import csv, sys
from collections import Counter
gold = [r["label"] for r in csv.DictReader(open(sys.argv[1]))]
pred = [r["category"] for r in csv.DictReader(open(sys.argv[2]))]
assert len(gold) == len(pred) == 4000
pairs = Counter(zip(gold, pred))
cls = sorted(set(gold) | set(pred), key=lambda s: s.encode())
assert len(cls) >= 3001
rows = list(csv.reader(open(sys.argv[3])))
rows = [r for r in rows if not r[0].startswith("#")]
head, body = rows[0], rows[1:]
assert head[7:] == ["pred_" + c for c in cls]
assert [r[0] for r in body] == cls + ["macro", "accuracy"]
for r, c in zip(body, cls):
    assert int(r[1]) == sum(1 for g in gold if g == c), r[:4]
    assert int(r[2]) == sum(1 for p in pred if p == c), r[:4]
    assert int(r[3]) == pairs[(c, c)], r[:4]
    assert [int(x) for x in r[7:]] == [pairs[(c, d)] for d in cls], c
correct = sum(1 for g, p in zip(gold, pred) if g == p)
assert body[-1][1:4] == ["4000", "4000", str(correct)], body[-1][:4]
assert correct == 1000
PY
}
