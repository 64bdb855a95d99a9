#!/usr/bin/env bats
# cdr-parse: asterisk-csv, freeswitch-csv, generic, and bad input.
# Expected values come from reading the raw lines by hand (quoted in the
# comments) and, for whole real files, from an independent python3
# reading of the same rules (see the comment above each count).

load helpers

CP="$TD/cdr-parse"

# Column N (1-based) of the record whose call_id is $2, from CSV in $1.
col() { awk -F, -v id="$2" -v n="$3" '$1 == id { print $n }' <<< "$1"; }

@test "cdr-parse: --list-formats names each format" {
	run cdr-parse --list-formats
	[ "$status" -eq 0 ]
	[[ "$output" == *"asterisk-csv "* ]]
	[[ "$output" == *"freeswitch-csv "* ]]
	[[ "$output" == *"generic "* ]]
}

@test "cdr-parse: no -f is a usage error" {
	run --separate-stderr cdr-parse "$CP/queue.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: no input format given (-f FORMAT; see --list-formats)" ]
}

@test "cdr-parse: -f unknown is a usage error" {
	run --separate-stderr cdr-parse -f nosuch "$CP/queue.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'cdr-parse: -f: "nosuch" is not a format (see --list-formats)' ]
}

@test "cdr-parse: asterisk-csv without --tz refuses to start" {
	run --separate-stderr cdr-parse -f asterisk-csv "$CP/queue.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: asterisk-csv writes local time: give its zone with --tz ZONE (--tz UTC if the source logs UTC)" ]
}

@test "cdr-parse: --tz with an unknown zone is a usage error" {
	run --separate-stderr cdr-parse -f asterisk-csv --tz Mars/Olympus "$CP/queue.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'cdr-parse: --tz: "Mars/Olympus" is not a time zone in the tz database' ]
}

@test "cdr-parse: writes the SPEC 2 header in order" {
	run cdr-parse -q -f asterisk-csv --tz UTC "$CP/queue.csv"
	[ "${lines[0]}" = "call_id,source,start,answer,end,caller,callee,queue,agent,channel,ring_s,wait_s,talk_s,hold_s,wrap_s,outcome,cause,transfers,queued,zone" ]
}

@test "cdr-parse: asterisk-csv --tz Asia/Shanghai: queue call answered, times in UTC" {
	# line 1: Queue billing, start 09:00:00, answer 09:00:25, end 09:05:25
	# local +08:00 -> 01:00:00Z; wait = 25 s; billsec 300; agent SIP/agent7
	run cdr-parse -q -f asterisk-csv --tz Asia/Shanghai "$CP/queue.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1774746000.1,asterisk-csv,2026-03-29T01:00:00Z,2026-03-29T01:00:25Z,2026-03-29T01:05:25Z,+8613800000001,10086,billing,SIP/agent7,voice,,25,300,,,answered,,,1,Asia/Shanghai" ]
}

@test "cdr-parse: asterisk-csv: unanswered queue call is abandoned with its wait" {
	# line 2: Queue, no answer, 09:01:00 .. 09:01:42 -> abandoned, wait 42
	run cdr-parse -q -f asterisk-csv --tz Asia/Shanghai "$CP/queue.csv"
	[ "${lines[2]}" = "1774746060.3,asterisk-csv,2026-03-29T01:01:00Z,,2026-03-29T01:01:42Z,+8613800000002,10086,billing,,voice,,42,0,,,abandoned,,,1,Asia/Shanghai" ]
}

@test "cdr-parse: asterisk-csv: BUSY, FAILED and CONGESTION outcomes" {
	out=$(cdr-parse -q -f asterisk-csv --tz UTC "$CP/queue.csv")
	[ "$(col "$out" 1774746120.4 16)" = busy ]
	[ "$(col "$out" 1774746180.6 16)" = failed ]
	[ "$(col "$out" 1774746240.7 16)" = failed ]
}

@test "cdr-parse: asterisk-csv 21 columns: call_id is the linkedid" {
	# stadion line 1: "2024-01-27 15:07:24" (UTC per SOURCES.md), billsec 27,
	# uniqueid = linkedid 1706368044.0, ANSWERED, lastapp Hangup, no
	# dstchannel and no Dial: the PBX answered (no agent), not queued
	run cdr-parse -q -f asterisk-csv --tz UTC "$CP/stadion-head.csv"
	[ "${lines[1]}" = "1706368044.0,asterisk-csv,2024-01-27T15:07:24Z,2024-01-27T15:07:24Z,2024-01-27T15:07:51Z,89245555937,211474,,,voice,,,27,,,answered,,,0,UTC" ]
}

@test "cdr-parse: asterisk-csv: NO ANSWER with answer = start is not answered" {
	# stadion lines 4-6, linkedid 1706369600.6: two Dial rows NO ANSWER,
	# answer "2024-01-27 15:33:20" = start, billsec 60 = duration (the PBX
	# answered the trunk, nobody the Dial), then Hangup ANSWERED with no
	# dstchannel: one call, noanswer (a destination was tried, none took it).
	out=$(cdr-parse -q -f asterisk-csv --tz UTC "$CP/stadion-head.csv")
	[ "$(col "$out" '1706369600.6' 16)" = noanswer ]
	[ "$(col "$out" '1706369600.6' 4)" = "" ]
	[ "$(col "$out" '1706369600.6' 13)" = 0 ]
	[ "$(col "$out" '1706369600.6' 5)" = "2024-01-27T15:34:20Z" ]
}

@test "cdr-parse: asterisk-csv: invalid UTF-8 in clid does not matter, agent from dstchannel" {
	# stadion lines 41-42 (excerpt lines 13-14), linkedid 1706415046.98:
	# clid holds raw 0xA5 bytes; SIP/301 NO ANSWER, then answered
	# 2024-01-28 04:10:52, billsec 30, dstchannel SIP/stadionpbx-0000001e;
	# Asia/Shanghai -> 2024-01-27T20:10:46Z
	out=$(cdr-parse -q -f asterisk-csv --tz Asia/Shanghai "$CP/stadion-head.csv")
	line=$(grep '^1706415046.98,' <<< "$out")
	[ "$line" = "1706415046.98,asterisk-csv,2024-01-27T20:10:46Z,2024-01-27T20:10:52Z,2024-01-27T20:11:23Z,81079246516548,211553,,SIP/stadionpbx,voice,,,30,,,answered,,,0,Asia/Shanghai" ]
	# the uniqueid changes its form mid-file
	[ "$(col "$out" 'mainserverdss-1706420300.0' 3)" = "2024-01-27T21:38:20Z" ]
}

@test "cdr-parse: asterisk-csv: simularent nested quotes and unquoted empty answer" {
	# line 1: "2016-09-06 16:38:55",,"2016-09-06 16:38:56",0,0,"NO ANSWER"
	run cdr-parse -q -f asterisk-csv --tz UTC "$CP/simularent-head.csv"
	[ "${lines[1]}" = "1473179935.0,asterisk-csv,2016-09-06T16:38:55Z,,2016-09-06T16:38:56Z,1500,12489398620,,,voice,,,0,,,noanswer,,,0,UTC" ]
	[ "${#lines[@]}" -eq 13 ]
}

# Whole stadion and simularent files: tests/cdr-parse-asterisk.bats checks
# them against python3 over the raw files.

count_outcomes() { cut -d, -f16 | tail -n +2 | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}'; }

@test "cdr-parse: freeswitch-csv: answered call with Q.850 cause" {
	# line 2: "2017-07-09 10:34:14","2017-07-09 10:34:25","2017-07-09 10:34:38",
	# "24","13","NORMAL_CLEARING","e852a435-..." -> answered, talk 13, cause 16
	run cdr-parse -q -f freeswitch-csv --tz UTC "$CP/fs-amitsrepo-head.csv"
	[ "${lines[2]}" = "e852a435-b155-40e6-8ca4-68cd98e8f62d,freeswitch-csv,2017-07-09T10:34:14Z,2017-07-09T10:34:25Z,2017-07-09T10:34:38Z,1000,1002,,,voice,,,13,,,answered,16,,0,UTC" ]
}

@test "cdr-parse: freeswitch-csv: ORIGINATOR_CANCEL is cancelled with no Q.850 cause" {
	# line 1: answer_stamp "", ORIGINATOR_CANCEL (FreeSWITCH 487, not Q.850)
	run cdr-parse -q -f freeswitch-csv --tz Europe/Berlin "$CP/fs-amitsrepo-head.csv"
	# 10:34:26 CEST (+02:00) = 08:34:26Z
	[ "${lines[1]}" = "5bf9033d-ee4b-4663-874f-b47090e0211a,freeswitch-csv,2017-07-09T08:34:26Z,,2017-07-09T08:34:38Z,1000,voicemail,,,voice,,,0,,,cancelled,,,0,Europe/Berlin" ]
}

@test "cdr-parse: freeswitch-csv: USER_BUSY is busy with cause 17" {
	# spicyramen line 3: answer "", USER_BUSY
	out=$(cdr-parse -q -f freeswitch-csv --tz UTC "$CP/fs-spicyramen-head.csv")
	[ "$(col "$out" 3269ae31-847a-42de-ac09-0150eedb75fd 16)" = busy ]
	[ "$(col "$out" 3269ae31-847a-42de-ac09-0150eedb75fd 17)" = 17 ]
}

@test "cdr-parse: freeswitch-csv: amitsrepo Master.csv counts" {
	[ -f "$REF/freeswitch-amitsrepo/Master.csv" ] || skip "no reference data"
	# python3: 333 rows; answer_stamp set 56; unanswered NORMAL_CLEARING 208
	# + ORIGINATOR_CANCEL 49 = 257 cancelled; RECOVERY_ON_TIMER_EXPIRE 16,
	# INVALID_GATEWAY 3, NORMAL_TEMPORARY_FAILURE 1 = 20 failed
	run --separate-stderr cdr-parse -f freeswitch-csv --tz UTC "$REF/freeswitch-amitsrepo/Master.csv"
	[ "$stderr" = "cdr-parse: 333 read, 333 used, 0 rejected" ]
	[ "$(count_outcomes <<< "$output")" = "answered=56 cancelled=257 failed=20 " ]
}

@test "cdr-parse: freeswitch-csv: spicyramen Master.csv counts" {
	[ -f "$REF/freeswitch-spicyramen/Master.csv" ] || skip "no reference data"
	# python3: 82 rows; answered 11; USER_BUSY 12; NORMAL_CLEARING unanswered
	# 56 cancelled; USER_NOT_REGISTERED 3 failed
	run --separate-stderr cdr-parse -f freeswitch-csv --tz UTC "$REF/freeswitch-spicyramen/Master.csv"
	[ "$stderr" = "cdr-parse: 82 read, 82 used, 0 rejected" ]
	[ "$(count_outcomes <<< "$output")" = "answered=11 busy=12 cancelled=56 failed=3 " ]
}

@test "cdr-parse: freeswitch-csv: an unknown hangup cause is rejected" {
	printf '"n","1","2","c","2017-07-09 10:34:26","","2017-07-09 10:34:38","12","0","NOT_A_CAUSE","u1","","","",""\n' > "$BATS_TEST_TMPDIR/x.csv"
	run --separate-stderr cdr-parse -f freeswitch-csv --tz UTC "$BATS_TEST_TMPDIR/x.csv"
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/x.csv:1: hangup_cause: \"NOT_A_CAUSE\" is not a known cause" ]
}

@test "cdr-parse: bad input: each bad row is one reject with file:line" {
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$CP/bad.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	f="$CP/bad.csv"
	[ "${stderr_lines[0]}" = "cdr-parse: $f:2: expected 18 or 21 fields, got 9" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:3: start: \"2026-13-29 09:00:00\" is not a date and time" ]
	[ "${stderr_lines[2]}" = "cdr-parse: $f:4: end before start" ]
	[ "${stderr_lines[3]}" = "cdr-parse: $f:5: billsec: \"-5\" is negative" ]
	[ "${stderr_lines[4]}" = "cdr-parse: $f:6: disposition: \"WEIRD\" is not known" ]
	[ "${stderr_lines[5]}" = "cdr-parse: $f:7: caller: invalid UTF-8" ]
	[ "${stderr_lines[6]}" = "cdr-parse: $f:8: unterminated quoted field at end of input" ]
	# read = used + rejected
	[ "${stderr_lines[7]}" = "cdr-parse: 8 read, 1 used, 7 rejected" ]
}

@test "cdr-parse: --strict makes a reject exit 4" {
	run cdr-parse -q --strict -f asterisk-csv --tz UTC "$CP/bad.csv"
	[ "$status" -eq 4 ]
	run cdr-parse -q --strict -f asterisk-csv --tz UTC "$CP/queue.csv"
	[ "$status" -eq 0 ]
}

@test "cdr-parse: --rejects writes file, line, reason and the record as one cell" {
	cdr-parse -q -f asterisk-csv --tz UTC --rejects "$BATS_TEST_TMPDIR/rej.csv" "$CP/bad.csv" > /dev/null
	run cat "$BATS_TEST_TMPDIR/rej.csv"
	[ "${lines[0]}" = "file,line,reason,record" ]
	[ "${lines[1]}" = "$CP/bad.csv,2,\"expected 18 or 21 fields, got 9\",\",100,200,ctx,x,SIP/a-1,,Dial,\"" ]
	[ "$(grep -c '' "$BATS_TEST_TMPDIR/rej.csv")" -eq 8 ]
}

@test "cdr-parse: DST: a local time in the autumn fold is rejected as ambiguous" {
	# Europe/Berlin 2026-10-25: 02:30 happens twice; 2026-03-29 02:30 never
	printf 'start,end\n2026-10-25 02:30:00,2026-10-25 03:30:00\n2026-03-29 02:30:00,2026-03-29 03:30:00\n2026-03-29 01:59:59,2026-03-29 03:00:00\n' > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr cdr-parse -f generic --tz Europe/Berlin "$BATS_TEST_TMPDIR/d.csv"
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/d.csv:2: start: \"2026-10-25 02:30:00\" is ambiguous (clocks went back)" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $BATS_TEST_TMPDIR/d.csv:3: start: \"2026-03-29 02:30:00\" does not exist (clocks went forward)" ]
	# 01:59:59 CET = 00:59:59Z; 03:00 CEST = 01:00:00Z: one second later
	[ "${lines[1]}" = "4,generic,2026-03-29T00:59:59Z,,2026-03-29T01:00:00Z,,,,,voice,,,0,,,cancelled,,,,Europe/Berlin" ]
}

@test "cdr-parse: generic: --map renames columns and passes the rest" {
	printf 'id,begin,pickup,finish,who,outcome,wait_s\nA1,2026-01-05T10:00:00Z,2026-01-05T10:00:12.5Z,2026-01-05T10:03:00Z,555,ANSWERED,12.5\nA2,1767607200,,1767607230,556,NO ANSWER,\n' > "$BATS_TEST_TMPDIR/g.csv"
	run cdr-parse -q -f generic --map call_id=id,start=begin --map answer=pickup,end=finish,caller=who "$BATS_TEST_TMPDIR/g.csv"
	[ "$status" -eq 0 ]
	# talk_s = end - answer = 10:03:00 - 10:00:12.5 = 167.5
	[ "${lines[1]}" = "A1,generic,2026-01-05T10:00:00Z,2026-01-05T10:00:12.500Z,2026-01-05T10:03:00Z,555,,,,voice,,12.5,167.5,,,answered,,,,UTC" ]
	# epoch 1767607200 = 2026-01-05T10:00:00Z
	[ "${lines[2]}" = "A2,generic,2026-01-05T10:00:00Z,,2026-01-05T10:00:30Z,556,,,,voice,,,0,,,noanswer,,,,UTC" ]
}

@test "cdr-parse: generic: --map naming a missing column exits 2" {
	printf 'a,b\n1,2\n' > "$BATS_TEST_TMPDIR/g.csv"
	run --separate-stderr cdr-parse -f generic --map start=nope "$BATS_TEST_TMPDIR/g.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/g.csv:1: --map start=nope: no such column" ]
}

@test "cdr-parse: generic: --map with an unknown record column is a usage error" {
	run --separate-stderr cdr-parse -f generic --map colour=x
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'cdr-parse: --map: "colour" is not a call record column' ]
}

@test "cdr-parse: generic: a record file passes through unchanged" {
	cdr-parse -q -f asterisk-csv --tz UTC "$CP/queue.csv" > "$BATS_TEST_TMPDIR/a.csv"
	run cdr-parse -q -f generic "$BATS_TEST_TMPDIR/a.csv"
	# source becomes what the file says, everything else identical
	[ "$output" = "$(cat "$BATS_TEST_TMPDIR/a.csv")" ]
}

@test "cdr-parse: bad input: empty file gives header only and a zero account" {
	: > "$BATS_TEST_TMPDIR/e.csv"
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$BATS_TEST_TMPDIR/e.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$stderr" = "cdr-parse: 0 read, 0 used, 0 rejected" ]
}

@test "cdr-parse: bad input: NUL byte and a 9 MB field are rejected, the next row kept" {
	python3 -c "
import sys
w = sys.stdout.buffer.write
w(b'start,end\n')
w(b'2026-01-01T00:00:0\x000Z,2026-01-01T00:01:00Z\n')
w(b'\"' + b'a' * 9000000 + b'\",x\n')
w(b'2026-01-01T00:00:00Z,2026-01-01T00:01:00Z\n')" > "$BATS_TEST_TMPDIR/n.csv"
	run --separate-stderr cdr-parse -f generic "$BATS_TEST_TMPDIR/n.csv"
	# the generic reader rejects a NUL byte before it reads the time
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/n.csv:2: field 1: NUL byte" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $BATS_TEST_TMPDIR/n.csv:3: field longer than 8388608 bytes" ]
	[ "${stderr_lines[2]}" = "cdr-parse: 3 read, 1 used, 2 rejected" ]
	[ "${lines[1]}" = "4,generic,2026-01-01T00:00:00Z,,2026-01-01T00:01:00Z,,,,,voice,,,0,,,cancelled,,,,UTC" ]
}

@test "cdr-parse: bad input: random bytes never crash" {
	python3 -c "
import random, sys
r = random.Random(7)
sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(200000)))" > "$BATS_TEST_TMPDIR/r.bin"
	for f in asterisk-csv freeswitch-csv generic; do
		run --separate-stderr cdr-parse -f "$f" --tz UTC "$BATS_TEST_TMPDIR/r.bin"
		# 4: every row rejected (SPEC 6), 2: no header for generic
		[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || [ "$status" -eq 4 ]
		# the account always adds up
		acct=$(printf '%s\n' "${stderr_lines[@]}" | grep ' read, ' | tail -1)
		[[ "$acct" =~ ([0-9]+)\ read,\ ([0-9]+)\ used,\ ([0-9]+)\ rejected ]] || [ "$status" -eq 2 ]
		[ "$status" -eq 2 ] || [ $(( BASH_REMATCH[2] + BASH_REMATCH[3] )) -eq "${BASH_REMATCH[1]}" ]
	done
}

@test "cdr-parse: CRLF line ends and a BOM are handled" {
	printf '\xef\xbb\xbfstart,end\r\n2026-01-01T00:00:00Z,2026-01-01T00:01:00Z\r\n' > "$BATS_TEST_TMPDIR/c.csv"
	run cdr-parse -q -f generic "$BATS_TEST_TMPDIR/c.csv"
	[ "${lines[1]}" = "2,generic,2026-01-01T00:00:00Z,,2026-01-01T00:01:00Z,,,,,voice,,,0,,,cancelled,,,,UTC" ]
}

@test "cdr-parse: --format jsonl writes numbers bare and empties as null" {
	run cdr-parse -q -f asterisk-csv --tz UTC --format jsonl "$CP/queue.csv"
	[ "${lines[1]}" = '{"call_id":"1774746060.3","source":"asterisk-csv","start":"2026-03-29T09:01:00Z","answer":null,"end":"2026-03-29T09:01:42Z","caller":"+8613800000002","callee":"10086","queue":"billing","agent":null,"channel":"voice","ring_s":null,"wait_s":42,"talk_s":0,"hold_s":null,"wrap_s":null,"outcome":"abandoned","cause":null,"transfers":null,"queued":1,"zone":"UTC"}' ]
}

@test "cdr-parse: --format tsv and table" {
	run cdr-parse -q -f asterisk-csv --tz UTC --format tsv "$CP/queue.csv"
	[ "${lines[0]}" = "$(printf 'call_id\tsource\tstart\tanswer\tend\tcaller\tcallee\tqueue\tagent\tchannel\tring_s\twait_s\ttalk_s\thold_s\twrap_s\toutcome\tcause\ttransfers\tqueued\tzone')" ]
	run cdr-parse -q -f asterisk-csv --tz UTC --format table "$CP/queue.csv"
	[[ "${lines[0]}" == "call_id       source        start                 answer                "* ]]
	[ "${#lines[@]}" -eq 6 ]
}

@test "cdr-parse: --delimiter reads a semicolon export" {
	printf 'start;end;outcome\n2026-01-01T00:00:00Z;2026-01-01T00:01:00Z;busy\n' > "$BATS_TEST_TMPDIR/s.csv"
	run cdr-parse -q -f generic --delimiter ';' "$BATS_TEST_TMPDIR/s.csv"
	[ "${lines[1]}" = "2,generic,2026-01-01T00:00:00Z,,2026-01-01T00:01:00Z,,,,,voice,,,0,,,busy,,,,UTC" ]
}

@test "cdr-parse: several files are read in turn under one header" {
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$CP/queue.csv" "$CP/queue.csv"
	[ "${#lines[@]}" -eq 11 ]
	# the same file twice: its records are repeated, and said so
	[ "${stderr_lines[0]}" = "cdr-parse: 5 record(s) identical to an earlier one: rows repeated in the input? (--dedupe keeps the first of each call_id)" ]
	[ "${stderr_lines[1]}" = "cdr-parse: 10 read, 10 used, 0 rejected" ]
}

@test "cdr-parse: --open-calls takes emit or reject only" {
	run --separate-stderr cdr-parse -f generic --open-calls maybe
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'cdr-parse: --open-calls: "maybe" is not emit or reject' ]
}

@test "cdr-parse: --precision is accepted and records stay exact" {
	run cdr-parse -q --precision 1 -f asterisk-csv --tz UTC "$CP/queue.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1774746000.1,asterisk-csv,2026-03-29T09:00:00Z,2026-03-29T09:00:25Z,2026-03-29T09:05:25Z,+8613800000001,10086,billing,SIP/agent7,voice,,25,300,,,answered,,,1,UTC" ]
}

@test "cdr-parse: repeated rows: a warning with their count; --dedupe writes each call_id once" {
	f="$BATS_TEST_TMPDIR/twice.csv"
	cat "$CP/queue.csv" "$CP/queue.csv" > "$f"
	# asterisk-csv merges the rows of one uniqueid: a repeated row joins
	# its call (the record is the same) and is counted for a warning
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$f"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 6 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f: 5 row(s) the same as an earlier row of their call, merged into it: rows repeated in the input? (--dedupe skips them)" ]
	[ "${stderr_lines[1]}" = "cdr-parse: 10 read, 10 used, 0 rejected (5 rows merged into the record of their call)" ]
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC --dedupe "$f"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 6 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:6: the same row as line 1 of its call: skipped (--dedupe)" ]
	[ "${stderr_lines[5]}" = "cdr-parse: 10 read, 5 used, 0 rejected, 5 skipped" ]
	# one record per call_id across files too: the same file given twice
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC --dedupe "$CP/queue.csv" "$CP/queue.csv"
	[ "${#lines[@]}" -eq 6 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $CP/queue.csv:1: call_id \"1774746000.1\" already written (first on line 1): skipped (--dedupe)" ]
	[ "${stderr_lines[5]}" = "cdr-parse: 10 read, 5 used, 0 rejected, 5 skipped" ]
	# once each: no warning
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$CP/queue.csv"
	[ "${#stderr_lines[@]}" -eq 1 ]
}

@test "cdr-parse: text rule, byte by byte: valid UTF-8 and tab pass; controls, overlongs, surrogates, cut sequences are rejected" {
	# one generic row per case, the caller column holding the bytes;
	# expected reasons worked from RFC 3629 (no overlong, no surrogate,
	# <= U+10FFFF) and the record's rule (no control byte but tab)
	f="$BATS_TEST_TMPDIR/t.csv"
	{
		printf 'call_id,start,end,outcome,caller\n'
		printf 'ok1,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,"a\tb"\n'
		printf 'ok2,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,\xe4\xb8\xad\xe6\x96\x87\n'
		printf 'ok3,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,x\xf0\x9f\x93\x9e\n'
		printf 'ok4,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,\xc2\x80~\n'
		printf 'c1,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,a\x01b\n'
		printf 'c2,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,a\x7f\n'
		printf 'u1,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,\xc0\xaf\n'
		printf 'u2,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,\xed\xa0\x80\n'
		printf 'u3,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,ab\xe4\xb8\n'
		printf 'u4,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,\xf4\x90\x80\x80\n'
		printf 'u5,2026-03-01T10:00:00Z,2026-03-01T10:01:00Z,noanswer,\x80\n'
	} > "$f"
	run --separate-stderr cdr-parse -f generic --tz UTC --max-errors all "$f"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f1 | tr '\n' ' ')" = "ok1 ok2 ok3 ok4 " ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f:6: caller: control character in text" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f:7: caller: control character in text" ]
	for i in 2 3 4 5 6; do
		[ "${stderr_lines[$i]}" = "cdr-parse: $f:$((i + 6)): caller: invalid UTF-8" ]
	done
	[ "${stderr_lines[7]}" = "cdr-parse: 11 read, 4 used, 7 rejected" ]
}
