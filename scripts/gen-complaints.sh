#!/bin/sh
# gen-complaints.sh [N [SEED]]: write N (default 1000000) short synthetic
# complaints as CSV (id,text) on stdout, a mix of English, Simplified and
# Traditional Chinese built from templates, for benchmarking
# complaint-classify. The same N and SEED give the same file.
n=${1:-1000000}
seed=${2:-1}
awk -v n="$n" -v seed="$seed" 'BEGIN {
	srand(seed)
	k = split("I was overcharged again this month|My internet has been slow for a week|" \
		"The technician never showed up for the installation|I was on hold for 2 hours|" \
		"The agent was rude and hung up on me|They refused to port my number|" \
		"Got a phishing text pretending to be you|I want to cancel my contract without a fee|" \
		"No signal at home and dropped calls all day|My modem keeps rebooting|" \
		"A subscription was added without my consent|How can I check my balance|" \
		"Thanks for the quick help yesterday|I will file a complaint with the FCC|" \
		"这个月话费被多扣了五十元|宽带网速很慢，经常掉线|10086打不通，一直占线|营业员态度恶劣|" \
		"未经本人同意开通了彩铃|我的个人信息被泄露了|报修一周了还没人来修|光猫坏了|" \
		"收到詐騙簡訊，假冒電信公司|帳單金額不對，亂收費|網路斷線三天了|申請攜碼被拒絕|" \
		"怎么查话费余额|谢谢你们的帮助|手机信号太差|我要投诉到工信部", t, "|")
	s = split("| please fix it| since Monday| 已经三天了| 請盡快處理| again and again| 谢谢", x, "|")
	print "id,text"
	for (i = 1; i <= n; i++)
		printf "%d,%s%s\n", i, t[int(rand() * k) + 1], x[int(rand() * s) + 1]
}'
