#!/usr/bin/env bats
# cdr-parse -f asterisk-csv (issue 10): one record per call, answered only
# when a person answered, queued from Queue rows, wait only when measured;
# and asterisk-queue-log agreeing with it on the same calls.
# Hand-written rows are in testdata/cdr-parse/asterisk-csv/; each expected
# record is worked out from the raw rows quoted in the comment above it.
# Whole real files are checked against python3 reading the raw file with
# the rules of man/cdr-parse.1 written again (oracle below).

load helpers

A="$TD/cdr-parse/asterisk-csv"

# The record of call $2 in CSV $1.
rec() { awk -F, -v id="$2" '$1 == id' <<< "$1"; }

# --- contacts.csv: 21 columns, one call of each kind --------------------
# 2026-03-02, --tz UTC. Columns of a record: call_id,source,start,answer,
# end,caller,callee,queue,agent,channel,ring_s,wait_s,talk_s,hold_s,
# wrap_s,outcome,cause,transfers,queued,zone.

@test "asterisk-csv: queued call answered by an agent after a ring attempt" {
	# lines 1-2, linkedid 1772445600.1: Queue "support,t,,,300" rang
	# SIP/201 10:00:00-10:00:15 NO ANSWER, then SIP/202 ANSWERED at
	# 10:00:20 (answer after start: a real answer), end 10:03:20,
	# billsec 180. One call: wait = 10:00:20 - 10:00:00 = 20, agent
	# SIP/202, talk 180, transfers empty (cdr_csv has none), queued 1.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$status" -eq 0 ]
	[ "$(rec "$output" 1772445600.1)" = "1772445600.1,asterisk-csv,2026-03-02T10:00:00Z,2026-03-02T10:00:20Z,2026-03-02T10:03:20Z,5551001,400,support,SIP/202,voice,,20,180,,,answered,,,1,UTC" ]
}

@test "asterisk-csv: a caller who hangs up in the queue is abandoned with the time in queue" {
	# line 3: Queue, no dstchannel, NO ANSWER, 10:05:00-10:05:42:
	# nobody answered, the caller left: abandoned, wait 42.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(rec "$output" 1772445900.4)" = "1772445900.4,asterisk-csv,2026-03-02T10:05:00Z,,2026-03-02T10:05:42Z,5551002,400,support,,voice,,42,0,,,abandoned,,,1,UTC" ]
}

@test "asterisk-csv: voicemail after the queue is timeout, not answered" {
	# lines 4-5: Queue rang SIP/201 10:10:00-10:10:30 NO ANSWER, then
	# VoiceMail (dst vmu201) ANSWERED 10:10:30-10:11:00. The voicemail
	# answered, no person: timeout; wait = last Queue end - first Queue
	# start = 30; the record spans both rows, 10:10:00-10:11:00.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(rec "$output" 1772446200.5)" = "1772446200.5,asterisk-csv,2026-03-02T10:10:00Z,,2026-03-02T10:11:00Z,5551003,400,support,,voice,,30,0,,,timeout,,,1,UTC" ]
}

@test "asterisk-csv: a direct dial is answered but not queued, wait empty" {
	# line 6: Dial SIP/203, answered 10:20:06 after 6 s ringing, billsec
	# 120: no Queue row, so queued 0 and no wait (not a queue wait).
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(rec "$output" 1772446800.7)" = "1772446800.7,asterisk-csv,2026-03-02T10:20:00Z,2026-03-02T10:20:06Z,2026-03-02T10:22:06Z,5551004,203,,SIP/203,voice,,,120,,,answered,,,0,UTC" ]
}

@test "asterisk-csv: an agent's outbound call is not queued" {
	# line 7: SIP/201 dials out through SIP/trunk, answered 10:30:10,
	# billsec 90: answered by the far end, queued 0.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(rec "$output" 1772447400.9)" = "1772447400.9,asterisk-csv,2026-03-02T10:30:00Z,2026-03-02T10:30:10Z,2026-03-02T10:31:40Z,201,5559999,,SIP/trunk,voice,,,90,,,answered,,,0,UTC" ]
}

@test "asterisk-csv: FreePBX Queue row answered by the PBX with no dstchannel is abandoned" {
	# line 8: Queue "400,...", disposition ANSWERED, answer = start =
	# 10:40:00, billsec = duration = 37, dstchannel empty: FreePBX
	# answered the caller before Queue(); no agent took it. Not answered:
	# abandoned, wait 37 (end - start), talk 0, no answer time.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(rec "$output" 1772448000.11)" = "1772448000.11,asterisk-csv,2026-03-02T10:40:00Z,,2026-03-02T10:40:37Z,5551005,400,400,,voice,,37,0,,,abandoned,,,1,UTC" ]
}

@test "asterisk-csv: FreePBX call answered through a Local member channel" {
	# lines 9, 10, 12 (not adjacent), linkedid 1772448600.12:
	#  9: Queue, no dstchannel, 10:50:00-10:50:25, answer = start (PBX);
	# 10: Local/202@from-queue;2 dials SIP/202, start 10:50:10, answer
	#     10:50:25 (a real answer: after its start), end 10:52:25;
	# 12: Queue bridged to Local/202...;1, 10:50:25-10:52:25, answer =
	#     start. Answered by SIP/202 (the real channel, not the Local
	#     one) at 10:50:25: wait 25 from the first Queue start; talk =
	#     union of 10:50:25-10:52:25 twice = 120; caller from line 9.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(rec "$output" 1772448600.12)" = "1772448600.12,asterisk-csv,2026-03-02T10:50:00Z,2026-03-02T10:50:25Z,2026-03-02T10:52:25Z,5551006,400,400,SIP/202,voice,,25,120,,,answered,,,1,UTC" ]
}

@test "asterisk-csv: two rows of a ring group are one call answered by the phone that took it" {
	# lines 11 and 13: Dial SIP/204&SIP/205, 205 BUSY, 204 ANSWERED at
	# 10:51:08, billsec 120: one answered call, agent SIP/204, queued 0.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(rec "$output" 1772448660.15)" = "1772448660.15,asterisk-csv,2026-03-02T10:51:00Z,2026-03-02T10:51:08Z,2026-03-02T10:53:08Z,5551007,300,,SIP/204,voice,,,120,,,answered,,,0,UTC" ]
}

@test "asterisk-csv: 13 rows make 8 records in the order of their first row; merged rows counted" {
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$status" -eq 0 ]
	# calls (first line): .1 (1), .4 (3), .5 (4), .7 (6), .9 (7),
	# .11 (8), .12 (9), .15 (11); 13 - 8 = 5 rows merged
	[ "$(tail -n +2 <<< "$output" | cut -d, -f1 | paste -sd' ')" = "1772445600.1 1772445900.4 1772446200.5 1772446800.7 1772447400.9 1772448000.11 1772448600.12 1772448660.15" ]
	[ "$stderr" = "cdr-parse: 13 read, 13 used, 0 rejected (5 rows merged into the record of their call)" ]
}

# --- legacy.csv: 18 columns (no linkedid): calls by uniqueid ------------

@test "asterisk-csv: 18 columns: rows of one uniqueid are one call" {
	# lines 1-2, uniqueid 1772611200.1: Dial SIP/201 NO ANSWER, then
	# SIP/202 ANSWERED 08:00:27, end 08:01:27, billsec 60.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/legacy.csv"
	[ "$(rec "$output" 1772611200.1)" = "1772611200.1,asterisk-csv,2026-03-04T08:00:00Z,2026-03-04T08:00:27Z,2026-03-04T08:01:27Z,5553001,200,,SIP/202,voice,,,60,,,answered,,,0,UTC" ]
}

@test "asterisk-csv: an IVR the PBX answered, no destination tried, is answered with no agent" {
	# line 3: BackGround, ANSWERED, no dstchannel, billsec 45.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/legacy.csv"
	[ "$(rec "$output" 1772611500.4)" = "1772611500.4,asterisk-csv,2026-03-04T08:05:00Z,2026-03-04T08:05:00Z,2026-03-04T08:05:45Z,5553002,100,,,voice,,,45,,,answered,,,0,UTC" ]
}

@test "asterisk-csv: a direct call that rang out to voicemail is timeout" {
	# lines 4-5: Dial SIP/203 NO ANSWER, VoiceMail ANSWERED (no
	# dstchannel): no person answered, a voicemail took it: timeout,
	# queued 0, no wait.
	run cdr-parse -q -f asterisk-csv --tz UTC "$A/legacy.csv"
	[ "$(rec "$output" 1772611800.5)" = "1772611800.5,asterisk-csv,2026-03-04T08:10:00Z,,2026-03-04T08:10:50Z,5553003,203,,,voice,,,0,,,timeout,,,0,UTC" ]
}

@test "asterisk-csv: rows without a uniqueid are never merged" {
	# lines 6-7: empty uniqueid, BUSY and NO ANSWER: two records.
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$A/legacy.csv"
	[ "${lines[4]}" = ",asterisk-csv,2026-03-04T08:20:00Z,,2026-03-04T08:20:05Z,5553004,204,,,voice,,,0,,,busy,,,0,UTC" ]
	[ "${lines[5]}" = ",asterisk-csv,2026-03-04T08:21:00Z,,2026-03-04T08:21:20Z,5553005,204,,,voice,,,0,,,noanswer,,,0,UTC" ]
	[ "$stderr" = "cdr-parse: 7 read, 7 used, 0 rejected (2 rows merged into the record of their call)" ]
}

# --- streaming: calls kept while in flight, written an hour after ------

@test "asterisk-csv: a bad row is rejected alone; its call is made of the others" {
	f="$BATS_TEST_TMPDIR/bad.csv"
	{
		sed -n 1p "$A/contacts.csv" | sed 's/2026-03-02 10:00:00/2026-13-02 10:00:00/'
		sed -n 2p "$A/contacts.csv"
	} > "$f"
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$f"
	[ "${stderr_lines[0]}" = "cdr-parse: $f:1: start: \"2026-13-02 10:00:00\" is not a date and time" ]
	[ "${stderr_lines[1]}" = "cdr-parse: 2 read, 1 used, 1 rejected" ]
	# line 2 alone: answered by SIP/202, wait 20
	[ "$(rec "$output" 1772445600.1 | cut -d, -f9,12,16)" = "SIP/202,20,answered" ]
}

@test "asterisk-csv: a call is written once rows start more than 2 hours after its end" {
	# X: 10:00:00-10:01:00 NO ANSWER; Y: 11:30:00-11:30:30 BUSY (89 min
	# after X's end: X still pending); X again 11:30:50 ANSWERED, merged
	# into X (end 11:31:30); Z starts 13:31:31, more than 2 h after X's and
	# Y's ends: both are written before Z. A row of X at 13:40 comes after
	# X was written: a second record X, and a warning says so.
	f="$BATS_TEST_TMPDIR/s.csv"
	row() { printf '"","1","2","c","x","SIP/a-1","%s","Dial","","2026-03-02 %s",%s,"2026-03-02 %s",0,%s,"%s","DOCUMENTATION","%s",""\n' "$@"; }
	{
		row "SIP/b-1" 10:00:00 "" 10:01:00 0 "NO ANSWER" X
		row "SIP/b-2" 11:30:00 "" 11:30:30 0 "BUSY" Y
		row "SIP/b-3" 11:30:50 '"2026-03-02 11:31:00"' 11:31:30 30 "ANSWERED" X
		row "SIP/b-4" 13:31:31 "" 13:31:40 0 "NO ANSWER" Z
		row "SIP/b-5" 13:40:00 "" 13:40:05 0 "BUSY" X
	} > "$f"
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$f"
	[ "$(tail -n +2 <<< "$output" | cut -d, -f1,3,5,16 | paste -sd' ')" = "X,2026-03-02T10:00:00Z,2026-03-02T11:31:30Z,answered Y,2026-03-02T11:30:00Z,2026-03-02T11:30:30Z,busy Z,2026-03-02T13:31:31Z,2026-03-02T13:31:40Z,noanswer X,2026-03-02T13:40:00Z,2026-03-02T13:40:05Z,busy" ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f: 1 call(s) had rows more than 2 hours after the rest, written as more than one record with the same call_id (is the input in time order?)" ]
	[ "${stderr_lines[1]}" = "cdr-parse: 5 read, 5 used, 0 rejected (1 rows merged into the record of their call)" ]
}

@test "asterisk-csv: 2000 hours of calls stream through the window alike" {
	# 2000 copies of contacts.csv, an hour apart (26000 rows): each hour
	# gives the same 8 records (5 answered, 2 abandoned, 1 timeout) with 5
	# rows merged, whether its calls were written mid-stream or at the end
	python3 - "$TD/cdr-parse/asterisk-csv/contacts.csv" > "$BATS_TEST_TMPDIR/big.csv" <<'PY'
import calendar, re, sys, time
src = open(sys.argv[1]).read().splitlines()
def shift(m, off):
    t = calendar.timegm(time.strptime(m.group(1), '%Y-%m-%d %H:%M:%S')) + off
    return '"' + time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(t)) + '"'
for i in range(2000):
    off = i * 3600
    for l in src:
        l = re.sub(r'"(\d{10})\.(\d+)"', lambda m: '"%d.%s"' % (int(m.group(1)) + off, m.group(2)), l)
        print(re.sub(r'"(2026-\d\d-\d\d \d\d:\d\d:\d\d)"', lambda m: shift(m, off), l))
PY
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$BATS_TEST_TMPDIR/big.csv"
	[ "$stderr" = "cdr-parse: 26000 read, 26000 used, 0 rejected (10000 rows merged into the record of their call)" ]
	[ "$(tail -n +2 <<< "$output" | cut -d, -f16 | sort | uniq -c | awk '{print $2 "=" $1}' | paste -sd' ')" = "abandoned=4000 answered=10000 timeout=2000" ]
}

# --- real samples: python3 over the raw file ----------------------------

# Summary of the raw Master.csv $1 by the man page's rules, written again:
# "contacts=N merged=N queued=N outcome=N... talk=S" then one line per
# queue "queue offered answered abandoned timeout".
oracle() {
	python3 - "$1" <<'PY'
import csv, re, sys, calendar, time
from collections import OrderedDict, Counter
rows = list(csv.reader(open(sys.argv[1], encoding='latin-1', newline='')))
def t(s): return calendar.timegm(time.strptime(s, '%Y-%m-%d %H:%M:%S')) if s else None
calls = OrderedDict()
for r in rows:
    key = r[19] if len(r) == 21 and r[19] else r[16]
    calls.setdefault(key if key else object(), []).append(r)
def vm(r): return r[7].lower() == 'voicemail' or re.fullmatch(r'vm[ubsi]\d+', r[2])
DISP = {'ANSWERED': 'noanswer', 'NO ANSWER': 'noanswer', 'BUSY': 'busy',
        'FAILED': 'failed', 'CONGESTION': 'failed'}
def last(rs): return max(enumerate(rs), key=lambda x: (t(x[1][11]), x[0]))[1]
def union(rs):
    iv = sorted((max(t(r[11]) - int(r[13]), t(r[9])), t(r[11])) for r in rs)
    tot, lo, hi = 0, None, None
    for a, b in iv:
        if hi is not None and a <= hi: hi = max(hi, b); continue
        if hi is not None: tot += hi - lo
        lo, hi = a, b
    return tot + (hi - lo if hi is not None else 0)
out = Counter(); queues = OrderedDict(); talk = 0; queued = 0
for rs in calls.values():
    qrows = [r for r in rs if r[7].lower() == 'queue']
    person = [r for r in rs if r[14] == 'ANSWERED' and r[10] and r[6] and not vm(r)]
    pbx = [r for r in rs if r[14] == 'ANSWERED' and r[10] and not r[6] and not vm(r)]
    dials = [r for r in rs if r[6]]
    if person: o = 'answered'; talk += union(person)
    elif any(vm(r) for r in rs): o = 'timeout'
    elif qrows: o = 'abandoned'
    elif dials: o = DISP[last(dials)[14]]
    elif pbx: o = 'answered'; talk += union(pbx)
    else: o = DISP[last(rs)[14]]
    out[o] += 1
    if qrows:
        queued += 1
        q = queues.setdefault(qrows[0][8].split(',')[0], Counter())
        q['offered'] += 1; q[o] += 1
print('contacts=%d merged=%d queued=%d %s talk=%d' % (len(calls),
      len(rows) - len(calls), queued,
      ' '.join('%s=%d' % kv for kv in sorted(out.items())), talk))
for name in sorted(queues):
    q = queues[name]
    print(name, q['offered'], q['answered'], q['abandoned'], q['timeout'])
PY
}

# The same summary from cdr-parse's records $1 (and its account line $2).
summary() {
	python3 - "$2" <<PY
import csv, io, re, sys
from collections import Counter, OrderedDict
recs = list(csv.DictReader(io.StringIO('''$1''')))
m = re.search(r'\((\d+) rows merged', sys.argv[1])
out = Counter(r['outcome'] for r in recs)
q = [r for r in recs if r['queued'] == '1']
print('contacts=%d merged=%d queued=%d %s talk=%d' % (len(recs),
      int(m.group(1)) if m else 0, len(q),
      ' '.join('%s=%d' % kv for kv in sorted(out.items())),
      sum(float(r['talk_s']) for r in recs)))
for name in sorted(set(r['queue'] for r in q)):
    g = [r for r in q if r['queue'] == name]
    print(name, len(g), *(sum(r['outcome'] == o for r in g)
                          for o in ('answered', 'abandoned', 'timeout')))
PY
}

@test "asterisk-csv: stadion Master.csv agrees with python3 over the raw file" {
	f="$REF/asterisk-stadion-mineevburyat/Master.csv"
	[ -f "$f" ] || skip "no reference data"
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$f"
	[ "$status" -eq 0 ]
	got=$(summary "$output" "$stderr")
	want=$(oracle "$f")
	echo "got:  $got"; echo "want: $want"
	[ "$got" = "$want" ]
	# 84 rows, 36 linkedids; no Queue row: nothing offered to a queue
	[ "$want" = "contacts=36 merged=48 queued=0 answered=30 busy=1 noanswer=5 talk=884" ]
}

@test "asterisk-csv: stadion through kpi-calc --targets miit-15s: no queue, no verdict" {
	# no call of the stadium went through a queue (python3 above: queued
	# 0), so the service level has no data: empty, not 0, and no breach
	f="$REF/asterisk-stadion-mineevburyat/Master.csv"
	[ -f "$f" ] || skip "no reference data"
	run --separate-stderr bash -c "cdr-parse -q -f asterisk-csv --tz UTC '$f' | kpi-calc -q --targets miit-15s --fail-on-breach --kpis offered,sl"
	[ "$status" -eq 0 ]
	# columns offered, sl, then the target's sl_ok: empty
	[ "${lines[1]}" = "0,," ]
}

@test "asterisk-csv: simularent Master.csv agrees with python3 over the raw file" {
	f="$REF/asterisk-simularent/Master.csv"
	[ -f "$f" ] || skip "no reference data"
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$f"
	[ "$status" -eq 0 ]
	got=$(summary "$output" "$stderr")
	want=$(oracle "$f")
	echo "got:  $got"; echo "want: $want"
	[ "$got" = "$want" ]
	# 269 rows, 266 uniqueids; 3 VoiceMail rows are timeout; no Queue row
	[ "$want" = "contacts=266 merged=3 queued=0 answered=239 busy=8 noanswer=16 timeout=3 talk=6756" ]
}

@test "asterisk-csv: hand-written contacts.csv agrees with the python3 oracle too" {
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$A/contacts.csv"
	[ "$(summary "$output" "$stderr")" = "$(oracle "$A/contacts.csv")" ]
}

# --- one set of FreePBX calls, as CDR and as queue_log ------------------
# freepbx-Master.csv and freepbx-queue_log describe the same 7 calls as
# FreePBX logs them (the PBX answers each caller before Queue(): every
# Queue row is ANSWERED with answer = start and, until an agent is
# bridged, no dstchannel; members are Local/NNN@from-queue channels).
# Queue 400: answered after 12 s; rang 201 then abandoned at 40 s;
# abandoned at 8 s; timed out at 60 s to voicemail; rang 201, answered by
# 202 at 30 s. Queue 401: answered at 5 s; abandoned at 70 s.

@test "asterisk-csv and asterisk-queue-log give the same figures per queue" {
	k="offered,answered,abandoned,timeout,sl,asa,max_wait,att"
	cdr=$(cdr-parse -q -f asterisk-csv --tz UTC "$A/freepbx-Master.csv" | kpi-calc -q --by queue --sl-threshold 15 --kpis "$k")
	ql=$(cdr-parse -q -f asterisk-queue-log "$A/freepbx-queue_log" | kpi-calc -q --by queue --sl-threshold 15 --kpis "$k")
	echo "$cdr"; echo "$ql"
	[ "$cdr" = "$ql" ]
	# by hand: 400: 5 offered, answered 2 (12 s, 30 s), abandoned 2,
	# timeout 1; SL within 15 s: 1 / 5 = 0.2; ASA (12+30)/2 = 21;
	# max wait 60 (the timeout); ATT (120+180)/2 = 150.
	# 401: 2 offered, 1 answered at 5 s, 1 abandoned at 70 s.
	[ "$(sed -n 2p <<< "$cdr")" = "400,5,2,2,1,0.2000,21.0,60.0,150.0" ]
	[ "$(sed -n 3p <<< "$cdr")" = "401,2,1,1,0,0.5000,5.0,70.0,60.0" ]
}

@test "asterisk-queue-log: every contact that entered a queue is queued" {
	run cdr-parse -q -f asterisk-queue-log "$A/freepbx-queue_log"
	[ "$(tail -n +2 <<< "$output" | cut -d, -f19 | sort | uniq -c | awk '{print $2 "=" $1}')" = "1=7" ]
	# the zone column is filled (UTC: queue_log times are epochs)
	[ "$(tail -n +2 <<< "$output" | cut -d, -f20 | sort -u)" = "UTC" ]
}

@test "asterisk-queue-log: JOINEMPTY is a contact offered and refused: timeout, wait empty" {
	# 1341401275 = 2012-07-04T11:27:55Z (Wazo's documented example line:
	# callid 1341401275.9, queue q1, JOINEMPTY, no data)
	printf '1341401275|1341401275.9|q1|NONE|JOINEMPTY|||||\n' > "$BATS_TEST_TMPDIR/j.log"
	run --separate-stderr cdr-parse -f asterisk-queue-log "$BATS_TEST_TMPDIR/j.log"
	[ "${lines[1]}" = "1341401275.9,asterisk-queue-log,2012-07-04T11:27:55Z,,2012-07-04T11:27:55Z,,,q1,,voice,,,0,,,timeout,,0,1,UTC" ]
	[ "$stderr" = "cdr-parse: 1 read, 1 used, 0 rejected" ]
}

@test "asterisk-queue-log: a call still waiting at the end of the log has wait_s empty" {
	# ENTERQUEUE at 1772528400 and nothing after: written as of its last
	# event (abandoned) with no wait, since it was never measured
	printf '1772528400|w1|400|NONE|ENTERQUEUE||5552001|1\n' > "$BATS_TEST_TMPDIR/w.log"
	run cdr-parse -q -f asterisk-queue-log "$BATS_TEST_TMPDIR/w.log"
	[ "${lines[1]}" = "w1,asterisk-queue-log,2026-03-03T09:00:00Z,,2026-03-03T09:00:00Z,5552001,,400,,voice,,,0,,,abandoned,,0,1,UTC" ]
}

@test "asterisk-csv: --dedupe skips every row of a call already written" {
	# contacts.csv twice as two files: the second file's 8 calls (13 rows)
	# are already written: each call noted once, all 13 rows skipped
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC --dedupe "$A/contacts.csv" "$A/contacts.csv"
	[ "${#lines[@]}" -eq 9 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $A/contacts.csv:1: call_id \"1772445600.1\" already written (first on line 1): skipped (--dedupe)" ]
	[ "${stderr_lines[8]}" = "cdr-parse: 26 read, 13 used, 0 rejected, 13 skipped (5 rows merged into the record of their call)" ]
}

@test "asterisk-csv: a file's rows given twice in one input are warned about, without a hash per record" {
	# two calls on 1 March, one on 3 March, then the same three rows
	# again (cat f f): the copies of the 1 March rows start more than
	# 24 hours before the 3 March row read earlier (2 rows out of order);
	# the copy of the 3 March row meets its call still pending (a row the
	# same as one of its call: merged, 1 row); the copy of the first
	# row also meets its call's written record, kept until the next row
	# is read (a call with rows after its record, 1 call)
	f="$BATS_TEST_TMPDIR/a.csv"
	{
		echo '"","100","200","from-internal","","SIP/100-01","SIP/200-01","Dial","SIP/200","2026-03-01 10:00:00","2026-03-01 10:00:05","2026-03-01 10:01:00",60,55,"ANSWERED","DOCUMENTATION","1772359200.1",""'
		echo '"","101","201","from-internal","","SIP/101-02","SIP/201-02","Dial","SIP/201","2026-03-01 11:00:00","","2026-03-01 11:00:20",20,0,"NO ANSWER","DOCUMENTATION","1772362800.2",""'
		echo '"","102","202","from-internal","","SIP/102-03","SIP/202-03","Dial","SIP/202","2026-03-03 09:00:00","2026-03-03 09:00:03","2026-03-03 09:02:00",120,117,"ANSWERED","DOCUMENTATION","1772528400.3",""'
	} > "$f.1"
	cat "$f.1" "$f.1" > "$f"
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC "$f"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 6 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $f: 1 row(s) the same as an earlier row of their call, merged into it: rows repeated in the input? (--dedupe skips them)" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $f: 1 call(s) had rows more than 2 hours after the rest, written as more than one record with the same call_id (is the input in time order?)" ]
	[ "${stderr_lines[2]}" = "cdr-parse: $f: 2 row(s) started more than 24 hours before a row read earlier: is the input out of time order, or a file given twice? (--dedupe keeps the first of each call_id)" ]
}
