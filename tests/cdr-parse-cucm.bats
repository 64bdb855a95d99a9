#!/usr/bin/env bats
# cdr-parse -f cucm and -f cucm-cmr: one record per contact from Cisco UCM
# CDR legs (SPEC 2), hunt pilots as queues, voicemail pickups as timeout.
# Expected records are worked out by hand from the raw rows (quoted in the
# comments); figures over the real samples come from an independent
# python3 reading of the raw file (cucm_oracle below), not of cdr-parse's
# output.

load helpers

CP="$TD/cdr-parse"
HDR="call_id,source,start,answer,end,caller,callee,queue,agent,channel,ring_s,wait_s,talk_s,hold_s,wrap_s,outcome,cause,transfers,queued,zone"

# The record of call $2 in CSV $1.
rec() { awk -F, -v id="$2" '$1 == id' <<< "$1"; }
# Count of records per outcome, "outcome=N" sorted, one line.
outcomes() { awk -F, 'NR > 1 { n[$16]++ } END { for (k in n) print k "=" n[k] }' <<< "$1" | sort | paste -sd' '; }

# python3 over a raw headerless CUCM 11.x CDR file, by column position:
# the contacts per hunt pilot as cdr-parse(1) defines them, worked out over
# the whole file at once (union-find on globalCallID and destination leg).
# Prints "QUEUE offered answered abandoned timeout cancelled within15" per
# pilot, then "merged N" (legs that are not the first of their contact).
cucm_oracle() {
	python3 - "$1" <<'PY'
import csv, sys, collections
rows = [r for r in csv.reader(open(sys.argv[1])) if r and r[0] == "1"]
(CM, CID, ORIG, OCAUSE, DLEG, DNODE, OCALLED, FCALLED, DCAUSE, CONNECT,
 DISC, REDIR, DDEV, OTERM, HUNT, USAGE) = (1, 2, 4, 11, 25, 26, 29, 30, 33,
 47, 48, 49, 57, 58, 102, 103)
up = list(range(len(rows)))
def top(i):
    while up[i] != i:
        i = up[i]
    return i
seen = {}
for i, r in enumerate(rows):
    keys = [("g", r[CM], r[CID])]
    if r[DLEG] != "0":
        keys.append(("d", r[DNODE], r[DLEG]))
    for k in keys:
        if k in seen:
            up[top(i)] = top(seen[k])
        else:
            seen[k] = i
port = lambda r: r[CONNECT] != "0" and r[DDEV].startswith("CiscoUM")
vm = ({r[HUNT] for r in rows if port(r)} | {r[FCALLED] for r in rows if port(r)}) - {""}
pilots = ({r[HUNT] for r in rows} | {r[FCALLED] for r in rows if r[USAGE] == "7"}) - vm - {""}
calls = collections.defaultdict(list)
for i, r in enumerate(rows):
    calls[top(i)].append((int(r[ORIG]), i, r))
n = collections.defaultdict(lambda: [0] * 6)
for legs in calls.values():
    legs.sort()
    legs = [r for _, _, r in legs]
    queue = next((dn for r in legs for dn in (r[HUNT], r[FCALLED], r[REDIR], r[OCALLED]) if dn in pilots), None)
    if queue is None:
        continue
    c = n[queue]
    c[0] += 1
    start = int(legs[0][ORIG])
    person = [int(r[CONNECT]) for r in legs if r[CONNECT] != "0" and not (port(r) or r[HUNT] in vm or r[FCALLED] in vm)]
    last = max(reversed(legs), key=lambda r: int(r[DISC]))
    q850 = [int(v) for v in (last[OCAUSE], last[DCAUSE]) if 1 <= int(v) <= 127]
    if person:
        c[1] += 1
        c[5] += min(person) - start <= 15
    elif any(r[CONNECT] != "0" for r in legs):
        c[3] += 1  # only a voicemail port took it
    elif "393216" in (last[OCAUSE], last[DCAUSE]):
        c[4] += 1
    elif last[OTERM] == "12" or (last[OTERM] == "0" and (not q850 or q850[0] in (16, 31))):
        c[2] += 1
    else:
        c[3] += 1
for q in sorted(n):
    print(q, *n[q])
print("merged", len(rows) - len(calls))
PY
}

# --- hand-written contacts ---------------------------------------------------
# contacts.txt: 9 CUCM 11.x legs (129 columns, no header), epoch
# 1700000000 = 2023-11-14T22:13:20Z; times below are seconds after it.
# Pilot 3333 is a hunt pilot (huntPilotDN on answered legs,
# calledPartyPatternUsage 7), 5500 a voicemail pilot (its legs are
# answered by the port CiscoUM1-VI5).

@test "cdr-parse: cucm: a queued call answered by a hunt member" {
	# line 1: gcid 1/100, 4001 -> 3333, orig +0, connect +12, disconnect
	#   +72, duration 60, huntPilotDN 3333, destDeviceName SEPAAA000000001,
	#   finalCalledPartyUnicodeLoginUserID "unspecified", destCause 16
	#   -> queued, answered by the phone, wait 12, talk 60, cause 16
	run --separate-stderr cdr-parse -f cucm "$CP/cucm/contacts.txt"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$HDR" ]
	[ "$(rec "$output" 1:100:1001)" = "1:100:1001,cucm,2023-11-14T22:13:20Z,2023-11-14T22:13:32Z,2023-11-14T22:14:32Z,4001,3333,3333,SEPAAA000000001,voice,,12,60,,,answered,16,0,1,UTC" ]
}

@test "cdr-parse: cucm: abandoned while hunting (no huntPilotDN on the leg)" {
	# line 2: gcid 1/101, 4002 -> 3333 (final 3333, pattern usage 7),
	#   huntPilotDN empty (CUCM fills it on answered legs only), connect 0,
	#   orig +100, disconnect +120, origCause 16, origCallTermination-
	#   OnBehalfOf 12 (the caller's device hung up)
	#   -> queue 3333, abandoned, wait 120 - 100 = 20 (measured), talk 0
	run cdr-parse -q -f cucm "$CP/cucm/contacts.txt"
	[ "$(rec "$output" 1:101:1011)" = "1:101:1011,cucm,2023-11-14T22:15:00Z,,2023-11-14T22:15:20Z,4002,3333,3333,,voice,,20,0,,,abandoned,16,0,1,UTC" ]
}

@test "cdr-parse: cucm: forwarded to voicemail is timeout, not an answer" {
	# line 3: gcid 1/102, 4003 -> original 3333, final 5500, lastRedirectDn
	#   *3334 (the pilot's no-answer forward), huntPilotDN 5500, answered by
	#   CiscoUM1-VI5 at +230, orig +200, disconnect +255
	#   -> queue 3333 (the pilot it was offered to), timeout, no answer and
	#   no agent, wait 230 - 200 = 30 (until voicemail took it), talk 0
	run cdr-parse -q -f cucm "$CP/cucm/contacts.txt"
	[ "$(rec "$output" 1:102:1021)" = "1:102:1021,cucm,2023-11-14T22:16:40Z,,2023-11-14T22:17:35Z,4003,3333,3333,,voice,,30,0,,,timeout,16,0,1,UTC" ]
}

@test "cdr-parse: cucm: a direct call and an outbound call are not queued" {
	# line 4: 4004 -> DN 4010 (pattern usage 2), connected +305, duration 60,
	#   login user jdoe -> queued 0, answered, agent jdoe, wait empty
	# line 5: 4005 -> 915551234567 (usage 5, a route pattern), connect 0,
	#   destCause 17 -> queued 0, busy, cause 17, wait empty (not 0)
	run cdr-parse -q -f cucm "$CP/cucm/contacts.txt"
	[ "$(rec "$output" 1:103:1031)" = "1:103:1031,cucm,2023-11-14T22:18:20Z,2023-11-14T22:18:25Z,2023-11-14T22:19:25Z,4004,4010,,jdoe,voice,,,60,,,answered,16,0,0,UTC" ]
	[ "$(rec "$output" 1:104:1041)" = "1:104:1041,cucm,2023-11-14T22:20:00Z,,2023-11-14T22:20:03Z,4005,915551234567,,,voice,,,0,,,busy,17,0,0,UTC" ]
}

@test "cdr-parse: cucm: two legs of one globalCallID, not adjacent, are one record" {
	# line 6: gcid 1/105, 4006 -> 3333, orig +500, answered by
	#   SEPAAA000000001 at +505, ended +565 by a call split (causes 393216,
	#   OnBehalfOf 10: the member transferred it), duration 60
	# line 8 (line 7 between): gcid 1/105 again, orig +565, lastRedirectDn
	#   4020 (reason 4, transfer), answered by SEPCCC000000003 at +580,
	#   disconnect +700, duration 120, origCause 16
	#   -> one record: id of the first leg, start +500, answer +505 (the
	#   first answer by a person), agent SEPCCC000000003 (who finally
	#   answered), end +700, wait 5, talk 60 + 120 = 180, 1 transfer,
	#   cause 16 (the leg that ended last)
	run --separate-stderr cdr-parse -f cucm "$CP/cucm/contacts.txt"
	[ "$(rec "$output" 1:105:1051)" = "1:105:1051,cucm,2023-11-14T22:21:40Z,2023-11-14T22:21:45Z,2023-11-14T22:25:00Z,4006,3333,3333,SEPCCC000000003,voice,,5,180,,,answered,16,1,1,UTC" ]
	[ -z "$(rec "$output" 1:105:1053)" ]
	# 9 legs, 7 contacts: lines 8 and 9 merged into earlier records
	[ "${#lines[@]}" -eq 8 ]
	[ "${stderr_lines[0]}" = "cdr-parse: 9 read, 9 used, 0 rejected (2 rows merged into the record of their call)" ]
}

@test "cdr-parse: cucm: a consultation leg and the transferred call share a destination leg" {
	# line 7: gcid 1/106, operator 1001 consults 3333, rings
	#   SEPAAA000000001 (destLeg 1062) from +600, never connected, split at
	#   +604 (393216, OnBehalfOf 10)
	# line 9: gcid 1/107, caller 5035550100 -> 3333, lastRedirectDn 1001
	#   (transfer), destLeg 1062 (the same ringing phone), orig +604,
	#   connect +610, disconnect +700, duration 90
	#   -> one contact: offered at +600, answered +610, wait 10, caller the
	#   party that stayed (5035550100), talk 90, 1 transfer
	run cdr-parse -q -f cucm "$CP/cucm/contacts.txt"
	[ "$(rec "$output" 1:106:1061)" = "1:106:1061,cucm,2023-11-14T22:23:20Z,2023-11-14T22:23:30Z,2023-11-14T22:25:00Z,5035550100,3333,3333,SEPAAA000000001,voice,,10,90,,,answered,16,1,1,UTC" ]
	[ -z "$(rec "$output" 1:107:1071)" ]
}

@test "cdr-parse: cucm: the contacts through kpi-calc --by queue" {
	# queue 3333: offered 5 (lines 1, 2, 3, 6+8, 7+9), answered 3,
	# abandoned 1, timeout 1; waits of the answered 12, 5, 10: ASA 9.0,
	# all within 15 s -> sl (offered formula) 3 / 5 = 0.6000.
	# The direct and outbound calls (queue empty, queued 0) are not offered.
	run bash -c "cdr-parse -q -f cucm '$CP/cucm/contacts.txt' | kpi-calc -q --targets miit-15s --by queue"
	[ "$status" -eq 0 ]
	[ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } $1 == "3333" { print $c["offered"], $c["answered"], $c["abandoned"], $c["timeout"], $c["asa"], $c["sl"] }' <<< "$output")" = "5 3 1 1 9.0 0.6000" ]
}

# --- --hunt-pilot, --voicemail ---------------------------------------------------

@test "cdr-parse: cucm: --hunt-pilot and --voicemail name pilots the file does not show" {
	# options.txt line 1: 4101 -> 3444 (pattern usage 3: reached through a
	#   translation pattern), huntPilotDN empty, never connected, caller
	#   hung up at +25; line 2: 4102 -> 3444, forwarded (lastRedirectDn 3444,
	#   reason 2, no answer) to 5600, answered by the device VMTRUNK at +118
	# Without the options nothing shows 3444 is a pilot: not queued; line 1
	# cancelled (cause 16, outside a queue), line 2 answered by VMTRUNK.
	run cdr-parse -q -f cucm "$CP/cucm/options.txt"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1:200:2001,cucm,2023-11-14T22:13:20Z,,2023-11-14T22:13:45Z,4101,3444,,,voice,,,0,,,cancelled,16,0,0,UTC" ]
	[ "${lines[2]}" = "1:201:2011,cucm,2023-11-14T22:15:00Z,2023-11-14T22:15:18Z,2023-11-14T22:15:40Z,4102,3444,,VMTRUNK,voice,,,22,,,answered,16,0,0,UTC" ]
	# Named: queue 3444, line 1 abandoned after 25 s, line 2 timeout after
	# 18 s (voicemail took it), not answered
	run cdr-parse -q -f cucm --hunt-pilot 3444 --voicemail 5600 "$CP/cucm/options.txt"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1:200:2001,cucm,2023-11-14T22:13:20Z,,2023-11-14T22:13:45Z,4101,3444,3444,,voice,,25,0,,,abandoned,16,0,1,UTC" ]
	[ "${lines[2]}" = "1:201:2011,cucm,2023-11-14T22:15:00Z,,2023-11-14T22:15:40Z,4102,3444,3444,,voice,,18,0,,,timeout,16,0,1,UTC" ]
}

@test "cdr-parse: cucm: --hunt-pilot and --voicemail are refused for other formats and when empty" {
	run --separate-stderr cdr-parse -f asterisk-csv --tz UTC --hunt-pilot 3333 "$CP/cucm/options.txt"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: --hunt-pilot and --voicemail are only for -f cucm and cucm-cmr" ]
	run --separate-stderr cdr-parse -f cucm --voicemail '' "$CP/cucm/options.txt"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "cdr-parse: --voicemail: the directory number is empty" ]
}

# --- the merge window ------------------------------------------------------------

@test "cdr-parse: cucm: legs are merged within the window, and not after it" {
	# A generated file of 10,003 legs: row 1 is leg A of gcid 1/1 (ends at
	# t=60); rows 2-10,001 are one-leg calls a second apart from t=4000,
	# among them (row 5,002) leg A' of gcid 1/2; row 10,002 is leg B of
	# 1/1, row 10,003 leg B' of 1/2.
	# -> 1/1 is written once the input is 10,000 rows and 3600 s past it
	#    (at row 10,001), before B arrives: two records; A' and B' are one
	#    record. 10,003 legs, 10,002 records, 1 merged.
	python3 - "$CP/cucm/contacts.txt" > "$BATS_TEST_TMPDIR/w.txt" <<'PY'
import csv, sys
base = next(csv.reader(open(sys.argv[1])))
w = csv.writer(sys.stdout, lineterminator="\n")
def leg(cid, oleg, dleg, t0, t1):
    r = list(base)
    r[2], r[3], r[25] = str(cid), str(oleg), str(dleg)
    r[4], r[47], r[48], r[55] = str(t0), "0", str(t1), "0"
    w.writerow(r)
leg(1, 11, 12, 0, 60)
for i in range(10000):
    if i == 5000:
        leg(2, 21, 22, 4000 + i, 4000 + i + 10)
    else:
        leg(100 + i, 1000 + 2 * i, 1001 + 2 * i, 4000 + i, 4000 + i + 10)
leg(1, 13, 14, 14100, 14160)
leg(2, 23, 24, 14100, 14160)
PY
	# the times are seconds after 1970: inside a window of that day
	run --separate-stderr cdr-parse -f cucm --date-window 1970-01-01..1970-01-01 "$BATS_TEST_TMPDIR/w.txt"
	[ "$status" -eq 0 ]
	[ "$(grep -c '^1:1:' <<< "$output")" -eq 2 ]
	[ "$(grep -c '^1:2:' <<< "$output")" -eq 1 ]
	[ "${#lines[@]}" -eq 10003 ]
	[ "${stderr_lines[0]}" = "cdr-parse: 10003 read, 10003 used, 0 rejected (1 rows merged into the record of their call)" ]
	# records come in the order of their first leg: 1:1:11 first, 1:2:21
	# where row 5,002 stood, the late 1:1:13 last
	[ "$(sed -n 2p <<< "$output" | cut -d, -f1)" = "1:1:11" ]
	[ "$(sed -n 5003p <<< "$output" | cut -d, -f1)" = "1:2:21" ]
	[ "$(tail -n 1 <<< "$output" | cut -d, -f1)" = "1:1:13" ]
}

# --- the real samples ------------------------------------------------------------

@test "cdr-parse: cucm: CUCM 11 legs without header (hand-checked excerpt)" {
	# line 1: 1,1,12280315,29444511,1541451924,...,callingParty "3996",
	#   origCause 0, ..., destCause 16, dateTimeConnect 1541451942,
	#   disconnect 1541451991, duration 49, destDeviceName SEP34A84EA6A74E,
	#   finalCalledPartyUnicodeLoginUserID "unspecified", huntPilotDN 3333
	#   -> answered at 21:05:42Z, wait 1942 - 1924 = 18, talk 49, cause 16
	run cdr-parse -q -f cucm "$CP/cucm/vvrmc-excerpt.txt"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1:12280315:29444511,cucm,2018-11-05T21:05:24Z,2018-11-05T21:05:42Z,2018-11-05T21:06:31Z,3996,3333,3333,SEP34A84EA6A74E,voice,,18,49,,,answered,16,0,1,UTC" ]
	# line 2: dateTimeConnect 0, origCause 16, OnBehalfOf 12, final 3333
	#   with pattern usage 7 (hunt pilot), no huntPilotDN (CUCM fills it on
	#   answered legs only) -> queue 3333, abandoned after 1930 - 1928 = 2 s
	[ "${lines[2]}" = "1:12245754:29332375,cucm,2018-11-01T22:05:28Z,,2018-11-01T22:05:30Z,3604,3333,3333,,voice,,2,0,,,abandoned,16,0,1,UTC" ]
	# line 3: 1001 -> 3333, never connected, causes 393216/393216 (call
	#   split, OnBehalfOf 10: the transfer was completed while it rang) and
	#   the transferred call is not in the excerpt -> cancelled, cause
	#   empty, one transfer, still offered to 3333
	[ "${lines[3]}" = "1:12341510:29635195,cucm,2018-11-09T14:42:42Z,,2018-11-09T14:42:44Z,1001,3333,3333,,voice,,2,0,,,cancelled,,1,1,UTC" ]
	# line 5: original 3333, final and huntPilotDN 5500, answered by the
	#   voicemail port CiscoUM1-VI22 at +26 s -> queue 3333, timeout, wait 26
	[ "${lines[5]}" = "1:12235051:29297287,cucm,2018-11-01T13:20:33Z,,2018-11-01T13:21:01Z,4280,3333,3333,,voice,,26,0,,,timeout,16,0,1,UTC" ]
	# line 6: origCause 41 (temporary failure) on an answered leg
	[ "${lines[6]}" = "1:12302492:29519672,cucm,2018-11-07T14:29:06Z,2018-11-07T14:29:12Z,2018-11-07T14:31:12Z,1263,3333,3333,SEP34A84EA6A74E,voice,,6,120,,,answered,41,0,1,UTC" ]
}

@test "cdr-parse: cucm: header and SQL type row of CUCM 12-15 (133 columns), no hunt pilot" {
	# cdr.txt (OHSU test cluster): header, type row, 3 legs of 3 calls, no
	# huntPilotDN, pattern usage 5 (route) and 2 (DN): nothing queued.
	# Leg 25447: 5033466594 -> 5033466593, orig 1744993928, connect
	# 1744993930, disconnect 1744993941, duration 11, origCause 16,
	# finalCalledPartyUnicodeLoginUserID rubbleb
	run --separate-stderr cdr-parse -f cucm "$CP/cucm-cmr/cdr.txt"
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "2:25447:47874239,cucm,2025-04-18T16:32:08Z,2025-04-18T16:32:10Z,2025-04-18T16:32:21Z,5033466594,5033466593,,rubbleb,voice,,,11,,,answered,16,0,0,UTC" ]
	# destCause 1459617833 is not Q.850: cause empty; not queued: cancelled
	[ "${lines[1]}" = "2:25449:47874246,cucm,2025-04-18T16:32:10Z,,2025-04-18T16:32:10Z,b002179144511001,5030079981,,,voice,,,0,,,cancelled,,0,0,UTC" ]
	[ "${stderr_lines[0]}" = "cdr-parse: 3 read, 3 used, 0 rejected" ]
	# python3 over the raw file: legs with huntPilotDN or pattern usage 7
	want=$(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1])))[1:]; print(sum(1 for x in r if x["huntPilotDN"] or x["calledPartyPatternUsage"] == "7"))' "$CP/cucm-cmr/cdr.txt")
	[ "$want" -eq 0 ]
	[ "$(awk -F, 'NR > 1 && $19 == 1' <<< "$output" | wc -l)" -eq "$want" ]
}

@test "cdr-parse: cucm: the real help-desk sample, pilot 3333 (python3 oracle over the raw file)" {
	[ -d "$REF" ] || skip "reference data absent"
	f="$REF/cucm-vvrmc-gefot/temp_cdr.txt"
	# SOURCES.md: 824 legs to hunt pilot 3333, 129 of them picked up by
	# voicemail pilot 5500. The oracle gives per pilot: offered answered
	# abandoned timeout cancelled answered-within-15s, and merged legs.
	oracle=$(cucm_oracle "$f")
	read -r q offered answered abandoned timeout cancelled within <<< "$(head -n 1 <<< "$oracle")"
	[ "$q" = 3333 ]
	[ "$(wc -l <<< "$oracle")" -eq 2 ] # one pilot: 5500 is voicemail
	merged=$(tail -n 1 <<< "$oracle" | cut -d' ' -f2)
	# the figures as of this writing, so that a change to them is seen
	[ "$offered $answered $abandoned $timeout $cancelled $within $merged" = "804 592 77 129 6 536 20" ]
	run --separate-stderr cdr-parse -f cucm "$f"
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "cdr-parse: 824 read, 824 used, 0 rejected ($merged rows merged into the record of their call)" ]
	[ "$(awk -F, 'NR > 1 && $8 == "3333" && $19 == 1' <<< "$output" | wc -l)" -eq "$offered" ]
	[ "$(outcomes "$output")" = "abandoned=$abandoned answered=$answered cancelled=$cancelled timeout=$timeout" ]
	# no voicemail port is an agent, no unanswered record has a wait of 0
	[ "$(awk -F, '$9 ~ /^CiscoUM/' <<< "$output" | wc -l)" -eq 0 ]
	# Σ talk_s = Σ duration of the legs a person answered (python3, raw)
	want=$(python3 -c 'import csv,sys; print(sum(int(x[55]) for x in csv.reader(open(sys.argv[1])) if x[47] != "0" and not x[57].startswith("CiscoUM")))' "$f")
	[ "$(awk -F, 'NR > 1 { s += $13 } END { print s }' <<< "$output")" = "$want" ]
	# kpi-calc with the MIIT 15 s rule (sl = answered within 15 s / offered)
	run bash -c "cdr-parse -q -f cucm '$f' | kpi-calc -q --targets miit-15s --by queue"
	[ "$status" -eq 0 ]
	sl=$(python3 -c "print('%.4f' % ($within / $offered))")
	[ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } $1 == "3333" { print $c["offered"], $c["answered"], $c["abandoned"], $c["timeout"], $c["sl"] }' <<< "$output")" = "$offered $answered $abandoned $timeout $sl" ]
	# the man page's example names the pilots the file also shows: the
	# same records
	want=$(cdr-parse -q -f cucm "$f" | md5sum)
	[ "$(cdr-parse -q -f cucm --hunt-pilot 3333 --voicemail 5500 "$f" | md5sum)" = "$want" ]
}

@test "cdr-parse: cucm: wrong column count and bad record type are rejected" {
	printf '1,2,3\nX,1\n0,1,2\n' > "$BATS_TEST_TMPDIR/c.txt"
	run --separate-stderr cdr-parse -f cucm "$BATS_TEST_TMPDIR/c.txt"
	# two rejected, one skipped, none used: exit 4 (SPEC 6)
	[ "$status" -eq 4 ]
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/c.txt:1: 3 fields: a CUCM CDR without a header has 129 (11.x) or 133 (12.x-15)" ]
	[ "${stderr_lines[1]}" = "cdr-parse: $BATS_TEST_TMPDIR/c.txt:2: cdrRecordType: \"X\" is not 0, 1 (CDR) or 2 (CMR)" ]
	# cdrRecordType 0 is a start record: skipped
	[ "${stderr_lines[2]}" = "cdr-parse: 3 read, 0 used, 2 rejected, 1 skipped" ]
}

@test "cdr-parse: cucm: a merged record that fails the checks rejects each of its legs" {
	# the two legs of gcid 1/105 (contacts.txt lines 6 and 8), the first
	# one connected 5 s before it started: the record's answer comes before
	# its start, rec_check refuses it, and both legs are rejected
	python3 - "$CP/cucm/contacts.txt" > "$BATS_TEST_TMPDIR/bad.txt" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
a, b = rows[5], rows[7]     # the two legs of gcid 1/105
a[47] = str(int(a[4]) - 5)  # connected 5 s before it started
csv.writer(sys.stdout, lineterminator="\n").writerows([a, b])
PY
	run --separate-stderr cdr-parse -f cucm "$BATS_TEST_TMPDIR/bad.txt"
	# rows read, none used: exit 4 (SPEC 6)
	[ "$status" -eq 4 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${stderr_lines[0]}" == "cdr-parse: $BATS_TEST_TMPDIR/bad.txt:1: "* ]]
	[[ "${stderr_lines[1]}" == "cdr-parse: $BATS_TEST_TMPDIR/bad.txt:2: "* ]]
	[ "${stderr_lines[2]}" = "cdr-parse: 2 read, 0 used, 2 rejected" ]
}

# --- cucm-cmr ------------------------------------------------------------------

@test "cdr-parse: cucm-cmr: extra quality columns after the SPEC 2 ones" {
	run cdr-parse -q -f cucm-cmr "$CP/cucm-cmr/ip.txt"
	[ "${lines[0]}" = "$HDR,mos,jitter_ms,latency_ms,loss_rate,orig_ip,dest_ip" ]
}

@test "cdr-parse: cucm-cmr: signed little-endian IPs, MOS, jitter, latency, loss joined from two CMRs" {
	# ip.txt line 1: vvrmc line 1 with callId 99 and origIpAddr -1139627840
	#   = 0xBC12A8C0 -> bytes C0 A8 12 BC -> 192.168.18.188;
	#   destIpAddr 1208008458 = 0x4800BF0A -> 10.191.0.72
	# line 2: CMR leg 29444511 (orig): recv 2400 lost 100 jitter 12
	#   latency 30 MLQK=3.9000; line 3: CMR leg 29444512 (dest): recv 2450
	#   lost 0 jitter 20 latency 25 MLQK=4.2500
	# -> mos min 3.9, jitter max 20, latency max 30,
	#    loss 100 / (2400 + 100 + 2450 + 0) = 0.0202
	# line 4: CMR of callId 98: joins nothing -> skipped, with a warning
	run --separate-stderr cdr-parse -f cucm-cmr "$CP/cucm-cmr/ip.txt"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1:99:29444511,cucm-cmr,2018-11-05T21:05:24Z,2018-11-05T21:05:42Z,2018-11-05T21:06:31Z,3996,3333,3333,SEP34A84EA6A74E,voice,,18,49,,,answered,16,0,1,UTC,3.9000,20,30,0.0202,192.168.18.188,10.191.0.72" ]
	[ "${stderr_lines[0]}" = "cdr-parse: $CP/cucm-cmr/ip.txt: 1 CMR row(s) joined no CDR leg" ]
	[ "${stderr_lines[1]}" = "cdr-parse: 4 read, 3 used, 0 rejected, 1 skipped" ]
}

@test "cdr-parse: cucm-cmr: --format jsonl writes the quality figures as numbers" {
	run cdr-parse -q -f cucm-cmr --format jsonl "$CP/cucm-cmr/ip.txt"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"cause":16,"transfers":0,"queued":1,"zone":"UTC","mos":3.9000,"jitter_ms":20,"latency_ms":30,"loss_rate":0.0202,"orig_ip":"192.168.18.188","dest_ip":"10.191.0.72"}' ]]
}

@test "cdr-parse: cucm-cmr: the OHSU CDR and CMR files joined (headers, type rows)" {
	# cmr.txt: 2 CMRs of globalCallID 2/25447, callIdentifier 47874239
	# (= origLeg of leg 25447) and 47874240 (= its destLeg), node 2 both;
	# jitter 0 and 0, latency 1 and 1, lost 0, no MLQK in varVQMetrics.
	# origIpAddr 239138826 -> 10.248.64.14 (= origIpv4v6Addr in the file)
	run --separate-stderr bash -c "awk 1 '$CP/cucm-cmr/cdr.txt' '$CP/cucm-cmr/cmr.txt' | cdr-parse -f cucm-cmr"
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "2:25447:47874239,cucm-cmr,2025-04-18T16:32:08Z,2025-04-18T16:32:10Z,2025-04-18T16:32:21Z,5033466594,5033466593,,rubbleb,voice,,,11,,,answered,16,0,0,UTC,,0,1,0.0000,10.248.64.14,10.248.64.17" ]
	# the two legs without CMRs have empty quality columns
	[ "${lines[1]}" = "2:25449:47874246,cucm-cmr,2025-04-18T16:32:10Z,,2025-04-18T16:32:10Z,b002179144511001,5030079981,,,voice,,,0,,,cancelled,,0,0,UTC,,,,,10.248.64.14," ]
	[ "${stderr_lines[0]}" = "cdr-parse: 5 read, 5 used, 0 rejected" ]
}

@test "cdr-parse: cucm-cmr: the CMRs of all the legs of a merged call" {
	# contacts.txt lines 6 and 8 (gcid 1/105, one record) plus two CMRs:
	#   2,1,105,1,4006,1051,...: orig leg 1051 of line 6, recv 1000 lost 10
	#     jitter 5 latency 20 MLQK=4.1000
	#   2,1,105,1,3333,1053,...: dest leg 1053 of line 8, recv 2000 lost 30
	#     jitter 9 latency 15 MLQK=3.8000
	# -> one record with mos min 3.8, jitter max 9, latency max 20,
	#    loss (10 + 30) / (1000 + 10 + 2000 + 30) = 40 / 3040 = 0.0132;
	#    dest_ip of line 8 (the last leg that connected): destIpAddr 0 -> empty
	{ sed -n '6p;8p' "$CP/cucm/contacts.txt"
	  printf '2,1,105,1,4006,1051,1700000565,1000,160000,1000,160000,10,5,20,p1,pt,C,SEP1,MLQK=4.1000;MLQAvMOS=4.0\n'
	  printf '2,1,105,1,3333,1053,1700000700,2000,320000,2000,320000,30,9,15,p2,pt,C,SEP3,MLQK=3.8000\n'
	} > "$BATS_TEST_TMPDIR/m.txt"
	run --separate-stderr cdr-parse -f cucm-cmr "$BATS_TEST_TMPDIR/m.txt"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[1]}" = "1:105:1051,cucm-cmr,2023-11-14T22:21:40Z,2023-11-14T22:21:45Z,2023-11-14T22:25:00Z,4006,3333,3333,SEPCCC000000003,voice,,5,180,,,answered,16,1,1,UTC,3.8000,9,20,0.0132,," ]
	[ "${stderr_lines[0]}" = "cdr-parse: 4 read, 4 used, 0 rejected (1 rows merged into the record of their call)" ]
}

@test "cdr-parse: cucm: a repeated leg is skipped with a note, never merged twice" {
	# contacts.txt twice: each of the 9 legs of the second copy repeats a
	# held leg (same globalCallID, legs and times): skipped, naming the
	# first's line; the 7 records are those of one copy (talk not doubled)
	cat "$CP/cucm/contacts.txt" "$CP/cucm/contacts.txt" > "$BATS_TEST_TMPDIR/d.txt"
	run --separate-stderr cdr-parse -f cucm "$BATS_TEST_TMPDIR/d.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cdr-parse -q -f cucm "$CP/cucm/contacts.txt")" ]
	[ "${stderr_lines[0]}" = "cdr-parse: $BATS_TEST_TMPDIR/d.txt:10: the leg of line 1 again (same globalCallID, legs and times): skipped" ]
	[ "${stderr_lines[9]}" = "cdr-parse: 18 read, 9 used, 0 rejected, 9 skipped (2 rows merged into the record of their call)" ]
}

@test "cdr-parse: cucm: --dedupe drops a record whose call_id was written, with its merged legs" {
	# Two files (each read on its own): contacts.txt, then its lines 6 and
	# 8 (gcid 1/105) again: the second file's record has call_id
	# 1:105:1051 again -> under --dedupe it is skipped, and so is the leg
	# merged into it (2 skipped)
	sed -n '6p;8p' "$CP/cucm/contacts.txt" > "$BATS_TEST_TMPDIR/e.txt"
	run --separate-stderr cdr-parse -f cucm --dedupe "$CP/cucm/contacts.txt" "$BATS_TEST_TMPDIR/e.txt"
	[ "$status" -eq 0 ]
	[ "$(grep -c '^1:105:1051,' <<< "$output")" -eq 1 ]
	[[ "${stderr_lines[0]}" == "cdr-parse: $BATS_TEST_TMPDIR/e.txt:1: call_id \"1:105:1051\" already written (first on line 6): skipped (--dedupe)" ]]
	[ "${stderr_lines[1]}" = "cdr-parse: 11 read, 9 used, 0 rejected, 2 skipped (2 rows merged into the record of their call)" ]
}
