#!/usr/bin/env bats
# cdr-parse, the formats of issue 4: asterisk-queue-log, pbxware-queue-log,
# pbxware-csv, callcenter-1999, and -f auto (cucm, cucm-cmr: in
# cdr-parse-cucm.bats).
# Expected values are worked out by hand from the raw lines (quoted in the
# comments); counts over whole real files come from event arithmetic or an
# independent python3 / awk reading of the raw file.

load helpers

CP="$TD/cdr-parse"
QL="$CP/asterisk-queue-log"
HDR="call_id,source,start,answer,end,caller,callee,queue,agent,channel,ring_s,wait_s,talk_s,hold_s,wrap_s,outcome,cause,transfers,queued,zone"

# The record of call $2 in CSV $1.
rec() { awk -F, -v id="$2" '$1 == id' <<< "$1"; }
# Count of records per outcome, "outcome=N" sorted, one line.
outcomes() { awk -F, 'NR > 1 { n[$16]++ } END { for (k in n) print k "=" n[k] }' <<< "$1" | sort | paste -sd' '; }

# --- asterisk-queue-log: hand-written paths.log -------------------------
# Epoch 1700000000 = 2023-11-14T22:13:20Z.

@test "cdr-parse: asterisk-queue-log: answered call from ENTERQUEUE, CONNECT, COMPLETECALLER" {
	# 1700000010|c1|support|NONE|ENTERQUEUE||5551001      start +10 s
	# 1700000025|c1|support|SIP/201|CONNECT|15|c1b|3      answer +25 s
	# 1700000125|c1|support|SIP/201|COMPLETECALLER|15|100|1
	# -> wait = holdtime 15, talk = calltime 100, end +125 s
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$HDR" ]
	[ "$(rec "$output" c1)" = "c1,asterisk-queue-log,2023-11-14T22:13:30Z,2023-11-14T22:13:45Z,2023-11-14T22:15:25Z,5551001,,support,SIP/201,voice,,15,100,,,answered,,0,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: abandon after RINGNOANSWER keeps the ABANDON waittime" {
	# 1700000030|c2|...|ENTERQUEUE||5551002
	# 1700000045|c2|support|SIP/202|RINGNOANSWER|15000    agent rang, no answer
	# 1700000070|c2|support|NONE|ABANDON|1|1|40           waittime 40 = 70 - 30
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(rec "$output" c2)" = "c2,asterisk-queue-log,2023-11-14T22:13:50Z,,2023-11-14T22:14:30Z,5551002,,support,,voice,,40,0,,,abandoned,,0,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY are timeout" {
	# c3 EXITWITHTIMEOUT|1|1|300 (data3), c4 EXITEMPTY|1|1|5 (data3),
	# c5 EXITWITHKEY|1|1|1|12 (key|pos|origpos|waittime: data4)
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(rec "$output" c3)" = "c3,asterisk-queue-log,2023-11-14T22:14:40Z,,2023-11-14T22:19:40Z,5551003,,sales,,voice,,300,0,,,timeout,,0,1,UTC" ]
	[ "$(rec "$output" c4)" = "c4,asterisk-queue-log,2023-11-14T22:14:50Z,,2023-11-14T22:14:55Z,5551004,,sales,,voice,,5,0,,,timeout,,0,1,UTC" ]
	[ "$(rec "$output" c5)" = "c5,asterisk-queue-log,2023-11-14T22:15:00Z,,2023-11-14T22:15:12Z,5551005,,sales,,voice,,12,0,,,timeout,,0,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: BLINDTRANSFER and ATTENDEDTRANSFER end the call with one transfer" {
	# c6 BLINDTRANSFER|300|default|10|90|1 -> hold 10, talk 90 (last three)
	# c7 ATTENDEDTRANSFER|BRIDGE|abc-123|5|95|1 -> hold 5, talk 95
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(rec "$output" c6)" = "c6,asterisk-queue-log,2023-11-14T22:16:40Z,2023-11-14T22:16:50Z,2023-11-14T22:18:20Z,5551006,,support,SIP/201,voice,,10,90,,,answered,,1,1,UTC" ]
	[ "$(rec "$output" c7)" = "c7,asterisk-queue-log,2023-11-14T22:20:00Z,2023-11-14T22:20:05Z,2023-11-14T22:21:40Z,5551007,,support,SIP/203,voice,,5,95,,,answered,,1,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: a repeated AGENTDUMP is skipped, not a second call" {
	# c8 ENTERQUEUE at +500, AGENTDUMP at +520 twice (the app_queue race):
	# one record, abandoned, wait 20, no agent; the second line skipped
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(rec "$output" c8)" = "c8,asterisk-queue-log,2023-11-14T22:21:40Z,,2023-11-14T22:22:00Z,5551008,,support,,voice,,20,0,,,abandoned,,0,1,UTC" ]
	[ "$(grep -c '^c8,' <<< "$output")" -eq 1 ]
}

@test "cdr-parse: asterisk-queue-log: duplicated ENTERQUEUE and COMPLETEAGENT count once" {
	# c9: ENTERQUEUE twice at +600, CONNECT +620 (hold 20),
	# COMPLETEAGENT|20|80 at +700 and again at +701: one record, talk 80
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(rec "$output" c9)" = "c9,asterisk-queue-log,2023-11-14T22:23:20Z,2023-11-14T22:23:40Z,2023-11-14T22:25:00Z,5551009,,support,SIP/202,voice,,20,80,,,answered,,0,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: a CONNECT logged after COMPLETECALLER does not change the record" {
	# c13: ENTERQUEUE +1000, COMPLETECALLER|12|88 at +1100, then CONNECT
	# at +1012 (out of order): answer = end - talk = 1100 - 88 = +1012
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(rec "$output" c13)" = "c13,asterisk-queue-log,2023-11-14T22:30:00Z,2023-11-14T22:30:12Z,2023-11-14T22:31:40Z,5551013,,support,SIP/205,voice,,12,88,,,answered,,0,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: a callid entering again after it ended is a new contact #2" {
	# c1 ends at +125; ENTERQUEUE c1 at +2000, ABANDON|1|1|30 at +2030
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(rec "$output" 'c1#2')" = "c1#2,asterisk-queue-log,2023-11-14T22:46:40Z,,2023-11-14T22:47:10Z,5551001,,support,,voice,,30,0,,,abandoned,,0,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: records in the order calls end, open calls last by start" {
	run cdr-parse -q -f asterisk-queue-log "$QL/paths.log"
	[ "$(awk -F, 'NR > 1 { print $1 }' <<< "$output" | paste -sd' ')" = "c1 c2 c3 c4 c5 c6 c7 c8 c9 c13 c1#2 c10 c11" ]
}

@test "cdr-parse: asterisk-queue-log: --open-calls emit writes open calls as of their last event" {
	# c10: ENTERQUEUE +800, CONNECT|30 at +830, nothing more -> answered,
	# end = answer = +830, talk 0; c11: ENTERQUEUE +900 only -> abandoned,
	# wait empty (it was still waiting when the log ended: not measured)
	run --separate-stderr cdr-parse -f asterisk-queue-log --open-calls emit "$QL/paths.log"
	[ "$status" -eq 0 ]
	[ "$(rec "$output" c10)" = "c10,asterisk-queue-log,2023-11-14T22:26:40Z,2023-11-14T22:27:10Z,2023-11-14T22:27:10Z,5551010,,support,SIP/201,voice,,30,0,,,answered,,0,1,UTC" ]
	[ "$(rec "$output" c11)" = "c11,asterisk-queue-log,2023-11-14T22:28:20Z,,2023-11-14T22:28:20Z,5551011,,sales,,voice,,,0,,,abandoned,,0,1,UTC" ]
	[ "${stderr_lines[0]}" = "cdr-parse: $QL/paths.log: 2 call(s) still open at end of input, written as of their last event" ]
}

@test "cdr-parse: asterisk-queue-log: read = used + rejected + skipped" {
	# 36 lines. Skipped 6: QUEUESTART, PAUSE (no call), the 2nd AGENTDUMP
	# of c8, the 2nd ENTERQUEUE and 2nd COMPLETEAGENT of c9, the late
	# CONNECT of c13. Used: the other 30 (13 records).
	run --separate-stderr cdr-parse -f asterisk-queue-log "$QL/paths.log"
	[ "${stderr_lines[1]}" = "cdr-parse: 36 read, 30 used, 0 rejected, 6 skipped" ]
	[ "${#lines[@]}" -eq 14 ]
}

@test "cdr-parse: asterisk-queue-log: --open-calls reject rejects every row of an open call" {
	# c10 is lines 29-30, c11 line 31: 3 rows rejected, 30 - 3 = 27 used
	run --separate-stderr cdr-parse -f asterisk-queue-log --open-calls reject "$QL/paths.log"
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $QL/paths.log:29: call c10: still open at end of input" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $QL/paths.log:30: call c10: still open at end of input" ]
	[ "${stderr_lines[2]}" = "cdr-parse: $QL/paths.log:31: call c11: still open at end of input" ]
	[ "${stderr_lines[3]}" = "cdr-parse: 36 read, 27 used, 3 rejected, 6 skipped" ]
	[ "${#lines[@]}" -eq 12 ]
}

@test "cdr-parse: asterisk-queue-log: bad lines are rejected with file:line, the rest still read" {
	run --separate-stderr cdr-parse -f asterisk-queue-log "$QL/bad.log"
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $QL/bad.log:2: time: \"notanumber\" is not an epoch" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $QL/bad.log:3: 3 fields, a queue_log line has at least 5" ]
	[ "${stderr_lines[2]}" = "cdr-parse: $QL/bad.log:4: COMPLETECALLER: holdtime: \"x5\" is not a number of seconds" ]
	[ "${stderr_lines[3]}" = "cdr-parse: $QL/bad.log:5: ABANDON: no callid" ]
	[ "${stderr_lines[4]}" = "cdr-parse: $QL/bad.log:6: no event name" ]
	# c3: COMPLETECALLER at +90 logged before its ENTERQUEUE at +100:
	# end +100, answer 100 - 5 = +95 < start... the record fails the
	# check and both of its rows are rejected
	[ "${stderr_lines[5]}" = "cdr-parse: $QL/bad.log:8: call c3: answer time outside start..end" ]
	[ "${stderr_lines[6]}" = "cdr-parse: $QL/bad.log:9: call c3: answer time outside start..end" ]
	# c4\377: invalid UTF-8 in the callid, shown as '?'
	[ "${stderr_lines[7]}" = "cdr-parse: $QL/bad.log:10: call c4?: call_id: invalid UTF-8" ]
	[ "${stderr_lines[8]}" = "cdr-parse: $QL/bad.log:11: call c4?: call_id: invalid UTF-8" ]
	[ "${stderr_lines[9]}" = "cdr-parse: $QL/bad.log:12: field 5: NUL byte" ]
	[ "${stderr_lines[10]}" = "cdr-parse: 12 read, 2 used, 10 rejected" ]
	# c1 survives: ENTERQUEUE +0, COMPLETECALLER|5|10 at +50 (its CONNECT
	# was the bad line 2): answer = 50 - 10 = +40, wait 5 as logged
	[ "${lines[1]}" = "c1,asterisk-queue-log,2023-11-14T22:13:20Z,2023-11-14T22:14:00Z,2023-11-14T22:14:10Z,555,,q,SIP/1,voice,,5,10,,,answered,,0,1,UTC" ]
}

@test "cdr-parse: asterisk-queue-log: a late duplicate is still skipped after thousands of calls" {
	# 5,000 calls k1..k5000, 5 per second (ENTERQUEUE + ABANDON each), then
	# ABANDON of k1 again 1,000 s later: within the hour an ended call is
	# remembered, so it is skipped (the table sweeps ended calls past 4,096)
	awk 'BEGIN { for (i = 1; i <= 5000; i++) { t = 1700000000 + int(i / 5)
		printf "%d|k%d|q|NONE|ENTERQUEUE||1\n%d|k%d|q|NONE|ABANDON|1|1|0\n", t, i, t, i }
		print "1700001000|k1|q|NONE|ABANDON|1|1|0" }' > "$BATS_TEST_TMPDIR/many.log"
	run --separate-stderr cdr-parse -f asterisk-queue-log "$BATS_TEST_TMPDIR/many.log"
	[ "${stderr_lines[0]}" = "cdr-parse: 10001 read, 10000 used, 0 rejected, 1 skipped" ]
	[ "${#lines[@]}" -eq 5001 ]
}

@test "cdr-parse: asterisk-queue-log: a quote in a caller id is data, not CSV quoting" {
	# quote.log line 1: ENTERQUEUE||"John Doe" <555>; line 4: ENTERQUEUE||"unclosed
	# read as CSV the open quote would swallow every later line
	run --separate-stderr cdr-parse -f asterisk-queue-log "$QL/quote.log"
	[ "$status" -eq 0 ]
	[ "$(rec "$output" c1 | cut -d, -f6)" = '"""John Doe"" <555>"' ]
	[ "$(rec "$output" c2 | cut -d, -f6)" = '"""unclosed"' ]
	[ "$(rec "$output" c3 | cut -d, -f16)" = "abandoned" ]
	[ "${stderr_lines[0]}" = "cdr-parse: 7 read, 7 used, 0 rejected" ]
}

@test "cdr-parse: asterisk-queue-log: --strict exits 4 on rejects, --rejects keeps them" {
	run cdr-parse -q --strict --rejects "$BATS_TEST_TMPDIR/rej.csv" -f asterisk-queue-log "$QL/bad.log"
	[ "$status" -eq 4 ]
	[ "$(tail -n +2 "$BATS_TEST_TMPDIR/rej.csv" | wc -l)" -eq 10 ]
}

@test "cdr-parse: asterisk-queue-log: empty input and a header-less junk file do not crash" {
	run cdr-parse -f asterisk-queue-log /dev/null
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$HDR" ]
	head -c 20000 /dev/urandom > "$BATS_TEST_TMPDIR/junk"
	run cdr-parse -q -f asterisk-queue-log "$BATS_TEST_TMPDIR/junk"
	# rows read, none used: the data did not hold (SPEC 6)
	[ "$status" -eq 4 ] || [ "$status" -eq 0 -a "${#lines[@]}" -gt 1 ]
}

# --- pbxware-queue-log ---------------------------------------------------

@test "cdr-parse: pbxware-queue-log: answered call after five RINGNOANSWER (excerpt)" {
	# 13,1543602677,1543602660.197,IT,NONE,ENTERQUEUE,17038225596,...   18:31:17Z
	# 14-18: RINGNOANSWER, htime 10000/9000 (ms of ringing)
	# 19,1543602753,...,Agent/1127,CONNECT,,1543602746.232,6,0,0,76,0   18:32:33Z
	# 20,1543603600,...,Agent/1127,COMPLETECALLER,17038225596,,,1,0,76,847
	# -> wait = htime 76 (2753 - 2677), talk = ttime 847, end 18:46:40Z
	run cdr-parse -q -f pbxware-queue-log "$CP/pbxware-queue-log/excerpt.csv"
	[ "$status" -eq 0 ]
	[ "$(rec "$output" 1543602660.197)" = "1543602660.197,pbxware-queue-log,2018-11-30T18:31:17Z,2018-11-30T18:32:33Z,2018-11-30T18:46:40Z,17038225596,,IT,Agent/1127,voice,,76,847,,,answered,,0,1,UTC" ]
}

@test "cdr-parse: pbxware-queue-log: abandoned after RINGNOANSWER, attended transfer" {
	# 281,1543852011,1543852000.1574,IT,NONE,ENTERQUEUE,16786664403  15:46:51Z
	# 282-293 RINGNOANSWER x9, 294,1543852202,...,ABANDON,...,1,1,191,0
	# -> abandoned, wait = htime 191 = 2202 - 2011
	# 174 ENTERQUEUE 1543833617, 175 CONNECT 1543833623 htime 6,
	# 177 ATTENDEDTRANSFER 1543833653 htime 6 ttime 30 -> answered, 1 transfer
	run cdr-parse -q -f pbxware-queue-log "$CP/pbxware-queue-log/excerpt.csv"
	[ "$(rec "$output" 1543852000.1574)" = "1543852000.1574,pbxware-queue-log,2018-12-03T15:46:51Z,,2018-12-03T15:50:02Z,16786664403,,IT,,voice,,191,0,,,abandoned,,0,1,UTC" ]
	[ "$(rec "$output" 1543833609.335)" = "1543833609.335,pbxware-queue-log,2018-12-03T10:40:17Z,2018-12-03T10:40:23Z,2018-12-03T10:40:53Z,17326306102,,IT,Agent/1128,voice,,6,30,,,answered,,1,1,UTC" ]
}

@test "cdr-parse: pbxware-queue-log: OUT* events are outbound calls, a retry is #2" {
	# 61 OUTDIAL 1543610994, 62 OUTCHANUNAVAIL 1543610995 htime 1 -> failed
	# 63 OUTDIAL 1543610995 (same callid), 64 OUTCANCEL 1543610996 -> #2 cancelled
	# 111 OUTDIAL 1543618244, 112 OUTANSWER 1543618285 TRANSFER htime 1
	# ttime 40 -> answer 8285 - 40 = 8245; 113 OUTTRANSFER 1543618295 ends
	# it: talk 8295 - 8245 = 50, 1 transfer, ring 1
	run cdr-parse -q -f pbxware-queue-log "$CP/pbxware-queue-log/excerpt.csv"
	[ "$(rec "$output" 1543610994.667)" = "1543610994.667,pbxware-queue-log,2018-11-30T20:49:54Z,,2018-11-30T20:49:55Z,Agent/1141,24848363600,,,voice,1,,0,,,failed,,0,0,UTC" ]
	[ "$(rec "$output" '1543610994.667#2')" = "1543610994.667#2,pbxware-queue-log,2018-11-30T20:49:55Z,,2018-11-30T20:49:56Z,Agent/1141,24848363600,,,voice,1,,0,,,cancelled,,0,0,UTC" ]
	[ "$(rec "$output" 1543618244.107)" = "1543618244.107,pbxware-queue-log,2018-11-30T22:50:44Z,2018-11-30T22:50:45Z,2018-11-30T22:51:35Z,Agent/1141,2485261900,,Agent/1141,voice,1,,50,,,answered,,1,0,UTC" ]
}

@test "cdr-parse: pbxware-queue-log: the excerpt's account" {
	# 30 rows: QUEUESTART skipped; 29 rows of 6 contacts, all ended
	run --separate-stderr cdr-parse -f pbxware-queue-log "$CP/pbxware-queue-log/excerpt.csv"
	[ "${stderr_lines[0]}" = "cdr-parse: 30 read, 29 used, 0 rejected, 1 skipped" ]
	[ "${#lines[@]}" -eq 7 ]
}

@test "cdr-parse: pbxware-queue-log: the real 1,000-row sample" {
	[ -d "$REF" ] || skip "reference data absent"
	# Event counts (SOURCES.md): ENTERQUEUE 108 + OUTDIAL 128 = 236 contacts.
	# Non-call events skipped: QUEUESTART 7 + CONFIGRELOAD 11 + ADDMEMBER 26
	# + REMOVEMEMBER 10 + AGENTCALLBACKLOGIN 14 + AGENTCALLBACKLOGOFF 10 = 78.
	# Inbound: COMPLETE* 89 + 2 transfers = 91 answered, ABANDON 12,
	# EXITWITHTIMEOUT 1, 4 open at EOF (2 connected, 2 waiting).
	# Outbound: OUTANSWER 77 answered, OUTCANCEL 24, OUTCHANUNAVAIL 18 +
	# OUTCONGESTION 9 = 27 failed.
	run --separate-stderr cdr-parse -f pbxware-queue-log "$REF/pbxware-voipreports1/queue_log.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 237 ]
	[ "$(outcomes "$output")" = "abandoned=14 answered=170 cancelled=24 failed=27 timeout=1" ]
	[ "${stderr_lines[1]}" = "cdr-parse: 1000 read, 922 used, 0 rejected, 78 skipped" ]
	# the 4 open calls hold 10 rows: rejected instead under --open-calls reject
	run --separate-stderr cdr-parse -f pbxware-queue-log --open-calls reject "$REF/pbxware-voipreports1/queue_log.csv"
	[ "${stderr_lines[10]}" = "cdr-parse: 1000 read, 912 used, 10 rejected, 78 skipped" ]
}

@test "cdr-parse: pbxware-queue-log: a file without the header is rejected row by row" {
	printf '1,1543527289,NONE,NONE,NONE,QUEUESTART,,,,0,0,0,0,x\n2,1543527290,NONE,NONE,NONE,QUEUESTART,,,,0,0,0,0,x\n' > "$BATS_TEST_TMPDIR/q.csv"
	run --separate-stderr cdr-parse -f pbxware-queue-log "$BATS_TEST_TMPDIR/q.csv"
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/q.csv:1: header: no column \"date_time\"" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $BATS_TEST_TMPDIR/q.csv:2: no usable header" ]
	[ "${stderr_lines[2]}" = "cdr-parse: 2 read, 0 used, 2 rejected" ]
}

# --- pbxware-csv -----------------------------------------------------------

@test "cdr-parse: pbxware-csv: broken quoting, NULL and local time UTC-5" {
	# 1,NULL,""Ramana Ulsa" <1115>",1115,2484363600,...,dstchannel NULL,...,
	#   "2018-11-29 20:19:34",37,32,NULL,ANSWERED,...,trunk NULL
	# EST = UTC-5 -> start 01:19:34Z, end +37 s = 01:20:11Z,
	# answer = end - billsec 32 = 01:19:39Z; NULL trunk/dstchannel -> empty
	run cdr-parse -q -f pbxware-csv --tz America/New_York "$CP/pbxware-csv/excerpt.csv"
	[ "$status" -eq 0 ]
	# call_id = linkedid 1543540774.0 (one record per call: SPEC 2)
	[ "${lines[1]}" = "1543540774.0,pbxware-csv,2018-11-30T01:19:34Z,2018-11-30T01:19:39Z,2018-11-30T01:20:11Z,1115,2484363600,,,voice,,,32,,,answered,,,0,America/New_York" ]
	# 2: dstchannel PJSIP/VIOrig-00000002 -> agent PJSIP/VIOrig, trunk VIOrig
	[ "${lines[2]}" = "1543540817.1,pbxware-csv,2018-11-30T01:20:17Z,2018-11-30T01:20:18Z,2018-11-30T01:20:38Z,1115,2485261900,VIOrig,PJSIP/VIOrig,voice,,,20,,,answered,,,0,America/New_York" ]
}

@test "cdr-parse: pbxware-csv: NO ANSWER, FAILED, BUSY" {
	# 5 ... "2018-11-30 11:48:17",0,0,NULL,"NO ANSWER" -> noanswer 16:48:17Z
	# 9 ... 0,0,...,FAILED, trunk VITerm -> failed
	# 276 ... "2018-11-30 15:14:52",4,4,NULL,BUSY -> busy, end +4 s
	run cdr-parse -q -f pbxware-csv --tz America/New_York "$CP/pbxware-csv/excerpt.csv"
	[ "${lines[4]}" = "1543596497.7,pbxware-csv,2018-11-30T16:48:17Z,,2018-11-30T16:48:17Z,2484363600,1115,,,voice,,,0,,,noanswer,,,0,America/New_York" ]
	[ "${lines[5]}" = "1543598629.0,pbxware-csv,2018-11-30T17:23:49Z,,2018-11-30T17:23:49Z,1141,7387376822,VITerm,,voice,,,0,,,failed,,,0,America/New_York" ]
	[ "${lines[6]}" = "1543608885.597,pbxware-csv,2018-11-30T20:14:52Z,,2018-11-30T20:14:56Z,3323,3323,,,voice,,,0,,,busy,,,0,America/New_York" ]
}

@test "cdr-parse: pbxware-csv: the ten rows of one queued call are one record" {
	# linkedid 1543602660.197 (AcctId 114-122, local time UTC-5):
	#  115 ForkCDR 13:31:00 dur 15: the PBX answered (IVR), no destination
	#  116-120 Queue rings to Local/11xx@callback-agent: NO ANSWER, FAILED
	#  121 Queue Local/1127@callback-agent 13:32:26 dur 6 ANSWERED: the
	#      agent picked up at its end, 13:32:32 = 18:32:32Z
	#  122 Queue Local/1127@stasis-dial 13:32:33 dur 847: the conversation
	#  114 AppDial (the agent's side, uniqueid .234, same linkedid)
	# -> start 13:31:00 = 18:31:00Z, end 13:32:33 + 847 s = 18:46:40Z,
	#    wait = 13:32:32 - 13:31:16 (first Queue row) = 76 s (the queue
	#    log's holdtime for this call is 76), talk 847 (the queue log's
	#    COMPLETECALLER talk time), queue IT (Queue's lastdata), queued
	run --separate-stderr cdr-parse -f pbxware-csv --tz America/New_York "$CP/pbxware-csv/excerpt.csv"
	[ "$status" -eq 0 ]
	[ "$(rec "$output" 1543602660.197)" = "1543602660.197,pbxware-csv,2018-11-30T18:31:00Z,2018-11-30T18:32:32Z,2018-11-30T18:46:40Z,17038225596,2484363600,IT,Local/1127@stasis-dial,voice,,76,847,,,answered,,,1,America/New_York" ]
	[ "$(grep -c '^1543602660.197,' <<< "$output")" -eq 1 ]
	# 15 rows: 6 calls of one row, 9 rows of one call (8 merged)
	[ "${stderr_lines[0]}" = "cdr-parse: 15 read, 15 used, 0 rejected (8 rows merged into the record of their call)" ]
}

@test "cdr-parse: pbxware-csv: abandoned in the queue, voicemail, outbound (hand rows)" {
	f="$BATS_TEST_TMPDIR/p.csv"
	head -1 "$CP/pbxware-csv/excerpt.csv" > "$f"
	# row: AcctId src dst dstchannel lastapp lastdata calldate dur bill disp uniqueid linkedid trunk
	row() { echo "$1,NULL,x,$2,$3,default,PJSIP/x-01,$4,$5,\"$6\",\"2018-12-01 $7\",$8,$9,NULL,${10},3,1,${11},NULL,${12},0,NULL,${13},NULL,NULL,NULL"; }
	{
		# A: the PBX answers (ForkCDR), two rings nobody takes, the
		# caller hangs up at 10:00:30 -> abandoned, queued, queue IT,
		# wait = last Queue end 10:00:30 - first Queue start 10:00:10 = 20
		row 1001 5551000 2484363600 NULL ForkCDR re 10:00:00 10 5 ANSWERED 100.1 100.1 NULL
		row 1002 5551000 6001 'Local/1141@callback-agent-0001;1' Queue 'IT,t,,,300' 10:00:10 12 12 '"NO ANSWER"' 100.1 100.1 NULL
		row 1003 5551000 6001 'Local/1127@callback-agent-0002;1' Queue 'IT,t,,,300' 10:00:22 8 8 '"NO ANSWER"' 100.1 100.1 NULL
		# B: a ring nobody takes, then voicemail answers -> timeout,
		# wait = 10:10:35 - 10:10:05 = 30 (the Queue row's length)
		row 2001 5552000 2484363600 NULL ForkCDR re 10:10:00 5 3 ANSWERED 200.1 200.1 NULL
		row 2002 5552000 6001 'Local/1141@callback-agent-0003;1' Queue 'IT,t,,,300' 10:10:05 30 30 '"NO ANSWER"' 200.1 200.1 NULL
		row 2003 5552000 6001 NULL VoiceMail '6001@default' 10:10:35 20 20 ANSWERED 200.1 200.1 NULL
		# C: an agent's outbound call over trunk VIOrig, answered 1 s
		# after it started (21 - 20), 20 s of talk; never queued
		row 3001 1115 2485261900 PJSIP/VIOrig-0002 Dial 'PJSIP/12485261900@VIOrig' 10:20:00 21 20 ANSWERED 300.1 300.1 VIOrig
	} >> "$f"
	run --separate-stderr cdr-parse -f pbxware-csv --tz America/New_York "$f"
	[ "$status" -eq 0 ]
	# EST = UTC-5
	[ "$(rec "$output" 100.1)" = "100.1,pbxware-csv,2018-12-01T15:00:00Z,,2018-12-01T15:00:30Z,5551000,2484363600,IT,,voice,,20,0,,,abandoned,,,1,America/New_York" ]
	[ "$(rec "$output" 200.1)" = "200.1,pbxware-csv,2018-12-01T15:10:00Z,,2018-12-01T15:10:55Z,5552000,2484363600,IT,,voice,,30,0,,,timeout,,,1,America/New_York" ]
	[ "$(rec "$output" 300.1)" = "300.1,pbxware-csv,2018-12-01T15:20:00Z,2018-12-01T15:20:01Z,2018-12-01T15:20:21Z,1115,2485261900,VIOrig,PJSIP/VIOrig,voice,,,20,,,answered,,,0,America/New_York" ]
	[ "${stderr_lines[0]}" = "cdr-parse: 7 read, 7 used, 0 rejected (4 rows merged into the record of their call)" ]
}

@test "cdr-parse: pbxware-csv and pbxware-queue-log agree on every queued call" {
	[ -d "$REF" ] || skip "reference data absent"
	# the same PBX's CDR table and queue_log table: each of the CDR's
	# queued calls is in the queue log with the same outcome, a wait
	# within 1 s and, but for the one transferred call, a talk time
	# within 1 s (both sources count whole seconds)
	cdr-parse -q -f pbxware-csv --tz America/New_York "$REF/pbxware-voipreports1/cdr.csv" > "$BATS_TEST_TMPDIR/c.csv"
	cdr-parse -q -f pbxware-queue-log "$REF/pbxware-voipreports1/queue_log.csv" > "$BATS_TEST_TMPDIR/q.csv"
	run python3 - "$BATS_TEST_TMPDIR/c.csv" "$BATS_TEST_TMPDIR/q.csv" <<'PY'
import csv, sys
c = [r for r in csv.DictReader(open(sys.argv[1])) if r["queued"] == "1"]
q = {r["call_id"]: r for r in csv.DictReader(open(sys.argv[2]))}
n = bad = 0
for r in c:
    o = q[r["call_id"]]
    n += 1
    if r["outcome"] != o["outcome"] or abs(int(r["wait_s"]) - int(o["wait_s"])) > 1:
        bad += 1
    elif o["transfers"] == "0" and abs(int(r["talk_s"]) - int(o["talk_s"])) > 1:
        bad += 1
print(n, bad)
PY
	[ "$status" -eq 0 ]
	[ "$output" = "17 0" ]
}

@test "cdr-parse: pbxware-csv: without --tz refuses to start" {
	run --separate-stderr cdr-parse -f pbxware-csv "$CP/pbxware-csv/excerpt.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: pbxware-csv writes local time: give its zone with --tz ZONE (--tz UTC if the source logs UTC)" ]
}

@test "cdr-parse: pbxware-csv: bad rows are rejected with file:line" {
	f="$BATS_TEST_TMPDIR/p.csv"
	head -1 "$CP/pbxware-csv/excerpt.csv" > "$f"
	{
		echo '1,NULL,x,1,2,d,c,NULL,a,b,"2018-11-29 25:00:00",3,1,NULL,ANSWERED,3,1,1.0,NULL,1.0,0,1.0,NULL,NULL,NULL,NULL'
		echo '2,NULL,x,1,2,d,c,NULL,a,b,"2018-11-29 20:00:00",3,9,NULL,ANSWERED,3,1,1.0,NULL,1.0,0,1.0,NULL,NULL,NULL,NULL'
		echo '3,NULL,x,1,2,d,c,NULL,a,b,"2018-11-29 20:00:00",3,1,NULL,WEIRD,3,1,1.0,NULL,1.0,0,1.0,NULL,NULL,NULL,NULL'
		echo '4,NULL,x'
		echo '5,NULL,x,1,2,d,c,NULL,a,b,"2018-11-29 20:00:00",-3,0,NULL,FAILED,3,1,1.0,NULL,1.0,0,1.0,NULL,NULL,NULL,NULL'
	} >> "$f"
	run --separate-stderr cdr-parse -f pbxware-csv --tz America/New_York "$f"
	# every row rejected: exit 4 (SPEC 6)
	[ "$status" -eq 4 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:2: calldate: \"2018-11-29 25:00:00\" is not a date and time" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:3: billsec 9 is more than duration 3" ]
	[ "${stderr_lines[2]}" = "cdr-parse: $f:4: disposition: \"WEIRD\" is not known" ]
	[ "${stderr_lines[3]}" = "cdr-parse: $f:5: 3 fields, the header has more" ]
	[[ "${stderr_lines[4]}" == "cdr-parse: $f:6: duration: \"-3\" "* ]]
	[ "${stderr_lines[5]}" = "cdr-parse: 5 read, 0 used, 5 rejected" ]
	[ "${stderr_lines[6]}" = "cdr-parse: no row was used: is this pbxware-csv input?" ]
}

@test "cdr-parse: pbxware-csv: the real 1,000-row sample" {
	[ -d "$REF" ] || skip "reference data absent"
	# SOURCES.md: ANSWERED 646, NO ANSWER 250, FAILED 92, BUSY 12
	run --separate-stderr cdr-parse -f pbxware-csv --tz America/New_York "$REF/pbxware-voipreports1/cdr.csv"
	[ "$status" -eq 0 ]
	# one record per linkedid (python3 over the raw file): 636 calls,
	# 17 of them with a Queue row; 1000 - 636 = 364 rows merged
	want=$(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); ids={x["linkedid"] for x in r}; q={x["linkedid"] for x in r if x["lastapp"]=="Queue"}; print(len(ids), len(q))' "$REF/pbxware-voipreports1/cdr.csv")
	[ "$want" = "636 17" ]
	[ "$(($(wc -l <<< "$output") - 1))" -eq 636 ]
	[ "$(awk -F, '$19 == 1' <<< "$output" | wc -l)" -eq 17 ]
	[ "${stderr_lines[0]}" = "cdr-parse: 1000 read, 1000 used, 0 rejected (364 rows merged into the record of their call)" ]
	# uniqueid 1543540774.0 (AcctId 1) is 2018-11-30T01:19:34Z: the zone is right
	[ "$(rec "$output" 1543540774.0 | cut -d, -f3)" = "2018-11-30T01:19:34Z" ]
	# every queued call was answered by an agent (the queue log agrees)
	[ "$(awk -F, '$19 == 1 && $16 == "answered" && $9 != ""' <<< "$output" | wc -l)" -eq 17 ]
}

# --- cucm, cucm-cmr: see cdr-parse-cucm.bats ---------------------------------

# --- callcenter-1999 --------------------------------------------------------

@test "cdr-parse: callcenter-1999: answered call, Israel local time (UTC+2 in February)" {
	# AA0101 34536 0 0 PS 990201 7:02:47 7:02:56 9 0:00:00 0:00:00 0 AGENT
	#   7:02:55 7:05:41 166 DORIT -> start 05:02:47Z, answer 05:02:55Z,
	#   end 05:05:41Z, never queued (wait 0), talk 166, customer 0 -> empty
	run cdr-parse -q -f callcenter-1999 --tz Asia/Jerusalem "$CP/callcenter-1999/excerpt.txt"
	[ "$status" -eq 0 ]
	[ "$(rec "$output" AA0101/34536)" = "AA0101/34536,callcenter-1999,1999-02-01T05:02:47Z,1999-02-01T05:02:55Z,1999-02-01T05:05:41Z,,AA0101,PS,DORIT,voice,,0,166,,,answered,,,1,Asia/Jerusalem" ]
	# NO_SERVER -> no agent
	[ "$(rec "$output" AA0101/34537 | cut -d, -f9)" = "" ]
}

@test "cdr-parse: callcenter-1999: calls crossing midnight" {
	# AA0103 27131 ... 990223 23:51:58 23:52:11 13 0:00:00 0:00:00 0 AGENT
	#   23:52:10 0:00:32 502 SHLOMO: ser_exit 0:00:32 is the next day,
	#   24 Feb 00:00:32 +02:00 = 23 Feb 22:00:32Z; talk 502
	# AA0102 31056 ... 990215 23:59:54 23:59:54 0 0:00:00 0:00:27 27 AGENT
	#   0:00:26 0:01:33 67 AVNI: q_start 0:00:00 is midnight itself (q_exit
	#   and q_time say it queued): wait 27, answer 16 Feb 00:00:26 +02:00
	run cdr-parse -q -f callcenter-1999 --tz Asia/Jerusalem "$CP/callcenter-1999/excerpt.txt"
	[ "$(rec "$output" AA0103/27131)" = "AA0103/27131,callcenter-1999,1999-02-23T21:51:58Z,1999-02-23T21:52:10Z,1999-02-23T22:00:32Z,,AA0103,PS,SHLOMO,voice,,0,502,,,answered,,,1,Asia/Jerusalem" ]
	[ "$(rec "$output" AA0102/31056)" = "AA0102/31056,callcenter-1999,1999-02-15T21:59:54Z,1999-02-15T22:00:26Z,1999-02-15T22:01:33Z,15696776,AA0102,PS,AVNI,voice,,27,67,,,answered,,,1,Asia/Jerusalem" ]
}

@test "cdr-parse: callcenter-1999: HANG, PHANTOM, AGENT without service, skewed VRU clock" {
	# AA0101 34539 ... 8:09:16 8:09:22 6 8:09:22 8:09:27 5 HANG -> abandoned, wait 5
	# AA0101 34645 ... PHANTOM, q_time 30, ser 13:13:40-13:14:18 -> failed,
	#   end = the latest time 13:14:18
	# AA0101 34648 ... q 13:44:53-13:45:06 13 AGENT 0:00:00 0:00:00 0 YIFAT
	#   -> answered at the queue exit, talk 0
	# AA0102 30456 ... 9:48:14 9:47:17 -57 9:47:17 9:50:11 174 AGENT
	#   9:50:11 9:51:28 77 KAZAV -> start = earliest time 9:47:17
	run cdr-parse -q -f callcenter-1999 --tz Asia/Jerusalem "$CP/callcenter-1999/excerpt.txt"
	[ "$(rec "$output" AA0101/34539)" = "AA0101/34539,callcenter-1999,1999-02-01T06:09:16Z,,1999-02-01T06:09:27Z,23317894,AA0101,PS,,voice,,5,0,,,abandoned,,,1,Asia/Jerusalem" ]
	# PHANTOM: a virtual call, never queued, so no wait_s and queued 0
	[ "$(rec "$output" AA0101/34645)" = "AA0101/34645,callcenter-1999,1999-02-02T11:13:33Z,,1999-02-02T11:14:18Z,24442634,AA0101,PS,,voice,,,0,,,failed,,,0,Asia/Jerusalem" ]
	[ "$(rec "$output" AA0101/34648)" = "AA0101/34648,callcenter-1999,1999-02-02T11:44:47Z,1999-02-02T11:45:06Z,1999-02-02T11:45:06Z,24442634,AA0101,PS,YIFAT,voice,,13,0,,,answered,,,1,Asia/Jerusalem" ]
	[ "$(rec "$output" AA0102/30456)" = "AA0102/30456,callcenter-1999,1999-02-07T07:47:17Z,1999-02-07T07:50:11Z,1999-02-07T07:51:28Z,25627027,AA0102,PS,KAZAV,voice,,174,77,,,answered,,,1,Asia/Jerusalem" ]
}

@test "cdr-parse: callcenter-1999: bad rows are rejected with file:line" {
	f="$BATS_TEST_TMPDIR/b.txt"
	head -1 "$CP/callcenter-1999/excerpt.txt" > "$f"
	printf 'AA01\t1\t0\t0\tPS\t990231\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166\tX\n' >> "$f"
	printf 'AA01\t2\t0\t0\tPS\t990201\t7:62:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166\tX\n' >> "$f"
	printf 'AA01\t3\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tMAYBE\t7:02:55\t7:05:41\t166\tX\n' >> "$f"
	printf 'AA01\t4\t0\n' >> "$f"
	run --separate-stderr cdr-parse -f callcenter-1999 --tz Asia/Jerusalem "$f"
	[ "$status" -eq 4 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:2: date: \"990231\" is not a date" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:3: vru_entry: \"7:62:47\" is not H:MM:SS" ]
	[ "${stderr_lines[2]}" = "cdr-parse: $f:4: outcome: \"MAYBE\" is not AGENT, HANG or PHANTOM" ]
	[ "${stderr_lines[3]}" = "cdr-parse: $f:5: 3 fields, the header has 17" ]
	[ "${stderr_lines[4]}" = "cdr-parse: 4 read, 0 used, 4 rejected" ]
}

@test "cdr-parse: callcenter-1999: the real February 1999 month (33,344 calls)" {
	[ -d "$REF" ] || skip "reference data absent"
	# SOURCES.md: AGENT 27,162, HANG 5,904, PHANTOM 278; mean ser_time over
	# AGENT rows 176.35 s (AGENT rows without service have ser_time 0 and
	# talk_s 0, so the mean of talk_s over answered is the same figure)
	run --separate-stderr cdr-parse -f callcenter-1999 --tz Asia/Jerusalem "$REF/anonymous-bank-mtpa/data_anonymous_bank_february.txt"
	[ "$status" -eq 0 ]
	# outcomes and queued from python3 over the raw file: AGENT answered
	# (queued), HANG after a queue stage abandoned (queued), HANG in the
	# VRU only cancelled (not queued), PHANTOM failed (never queued)
	want=$(python3 -c '
import csv, sys, collections
r = list(csv.reader(open(sys.argv[1], newline=""), delimiter="\t"))[1:]
q = lambda x: int(x[11]) > 0 or x[9] != "0:00:00" or x[10] != "0:00:00"
n = collections.Counter()
for x in r:
    o = x[12]
    n[("answered", 1) if o == "AGENT" else ("failed", 0) if o == "PHANTOM" else ("abandoned", 1) if q(x) else ("cancelled", 0)] += 1
print(" ".join("%s/%d=%d" % (k[0], k[1], v) for k, v in sorted(n.items())))' "$REF/anonymous-bank-mtpa/data_anonymous_bank_february.txt")
	[ "$want" = "abandoned/1=3963 answered/1=27162 cancelled/0=1941 failed/0=278" ]
	[ "$(awk -F, 'NR > 1 { n[$16 "/" $19]++ } END { for (k in n) print k "=" n[k] }' <<< "$output" | sort | paste -sd' ')" = "$want" ]
	[ "$(awk -F, '$16 == "answered" { s += $13; n++ } END { printf "%.2f", s / n }' <<< "$output")" = "176.35" ]
	[ "${stderr_lines[0]}" = "cdr-parse: 33344 read, 33344 used, 0 rejected" ]
	# 18,337 calls entered the queue and 3,963 of those hung up (SOURCES.md):
	# queued = wait_s > 0 or an abandoned call with a queue stage; check the
	# abandoned ones with wait_s > 0 against python3 over the raw file
	want=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], newline=""), delimiter="\t"))[1:]; print(sum(1 for x in r if x[12]=="HANG" and int(x[11]) > 0))' "$REF/anonymous-bank-mtpa/data_anonymous_bank_february.txt")
	[ "$(awk -F, '$16 == "abandoned" && $12 > 0' <<< "$output" | wc -l)" -eq "$want" ]
}

# --- -f auto ------------------------------------------------------------------

@test "cdr-parse: -f auto: names the format it found" {
	run --separate-stderr cdr-parse -f auto "$QL/paths.log"
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $QL/paths.log: input format asterisk-queue-log: pipe-separated epoch|callid|queue|agent|EVENT" ]
	[ "$(rec "$output" c1 | cut -d, -f2)" = "asterisk-queue-log" ]
}

@test "cdr-parse: -f auto: each sample is recognised" {
	for pair in "pbxware-queue-log/excerpt.csv pbxware-queue-log" \
		"pbxware-csv/excerpt.csv pbxware-csv" \
		"cucm/vvrmc-excerpt.txt cucm" "cucm-cmr/cdr.txt cucm" \
		"callcenter-1999/excerpt.txt callcenter-1999"; do
		set -- $pair
		run --separate-stderr cdr-parse -f auto --tz UTC "$CP/$1"
		[ "$status" -eq 0 ]
		[[ "${stderr_lines[0]}" == "cdr-parse: $CP/$1: input format $2: "* ]]
	done
}

@test "cdr-parse: -f auto: unknown input is a usage error that says what was seen" {
	printf 'a,b,c\n1,2,3\n' > "$BATS_TEST_TMPDIR/x.csv"
	run --separate-stderr cdr-parse -f auto "$BATS_TEST_TMPDIR/x.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/x.csv: cannot tell the input format: no known format: the first line has 3 comma-, 1 tab- and 1 pipe-separated fields; name it with -f" ]
}

@test "cdr-parse: -f auto: a CMR file alone is refused with the reason" {
	run --separate-stderr cdr-parse -f auto "$CP/cucm-cmr/cmr.txt"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $CP/cucm-cmr/cmr.txt: cannot tell the input format: a CUCM CMR header: CMRs alone carry no calls (feed them with their CDRs to -f cucm-cmr); name it with -f" ]
}

@test "cdr-parse: -f auto: stdin and empty files are refused" {
	run --separate-stderr cdr-parse -f auto < "$QL/paths.log"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: -f auto needs a FILE operand (stdin cannot be read twice)" ]
	run --separate-stderr cdr-parse -f auto /dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: /dev/null: cannot tell the input format: the input is empty; name it with -f" ]
}
