/*
 * freeswitch-csv: mod_cdr_csv with the default "example" template of 15
 * columns (caller_id_name, caller_id_number, destination_number, context,
 * start_stamp, answer_stamp, end_stamp, duration, billsec, hangup_cause,
 * uuid, bleg_uuid, accountcode, read_codec, write_codec). No header.
 * Times are local with no zone: --tz.
 *
 * Choices where SPEC is silent:
 * - answered when answer_stamp is present (the cause alone never decides);
 *   talk_s = billsec.
 * - cause: the Q.850 value of hangup_cause where it is a Q.850 cause;
 *   FreeSWITCH's own causes (ORIGINATOR_CANCEL 487, USER_NOT_REGISTERED
 *   606, ...) are not Q.850 and leave cause empty.
 * - unanswered outcome: ORIGINATOR_CANCEL and NORMAL_CLEARING -> cancelled
 *   (the caller released first), else by Q.850 cause (17 busy, 18/19
 *   noanswer, 21 rejected), anything else failed.
 * - ring_s is empty: the template records no progress time.
 * - NONE (cause 0: not set) and UNSPECIFIED leave cause empty; an unknown
 *   hangup_cause name is a reject, never guessed.
 * - queued is 0: the default template carries no queue or callcenter
 *   variable, so no call is known to have been offered to a queue.
 */
#include <string.h>

#include "num.h"
#include "src.h"
#include "tm.h"

enum {
	F_CID_NAME,
	F_CID_NUM,
	F_DEST,
	F_CONTEXT,
	F_START,
	F_ANSWER,
	F_END,
	F_DURATION,
	F_BILLSEC,
	F_CAUSE,
	F_UUID,
	F_BLEG,
	F_ACCOUNT,
	F_READ,
	F_WRITE,
	F_NCOLS
};

static const struct {
	const char *name;
	int q850; /* -1: a FreeSWITCH cause with no Q.850 value */
} causes[] = {
    {"NONE", 0},
    {"UNSPECIFIED", 0},
    {"UNALLOCATED_NUMBER", 1},
    {"NO_ROUTE_TRANSIT_NET", 2},
    {"NO_ROUTE_DESTINATION", 3},
    {"CHANNEL_UNACCEPTABLE", 6},
    {"CALL_AWARDED_DELIVERED", 7},
    {"NORMAL_CLEARING", 16},
    {"USER_BUSY", 17},
    {"NO_USER_RESPONSE", 18},
    {"NO_ANSWER", 19},
    {"SUBSCRIBER_ABSENT", 20},
    {"CALL_REJECTED", 21},
    {"NUMBER_CHANGED", 22},
    {"REDIRECTION_TO_NEW_DESTINATION", 23},
    {"EXCHANGE_ROUTING_ERROR", 25},
    {"DESTINATION_OUT_OF_ORDER", 27},
    {"INVALID_NUMBER_FORMAT", 28},
    {"FACILITY_REJECTED", 29},
    {"RESPONSE_TO_STATUS_ENQUIRY", 30},
    {"NORMAL_UNSPECIFIED", 31},
    {"NORMAL_CIRCUIT_CONGESTION", 34},
    {"NETWORK_OUT_OF_ORDER", 38},
    {"NORMAL_TEMPORARY_FAILURE", 41},
    {"SWITCH_CONGESTION", 42},
    {"ACCESS_INFO_DISCARDED", 43},
    {"REQUESTED_CHAN_UNAVAIL", 44},
    {"PRE_EMPTED", 45},
    {"FACILITY_NOT_SUBSCRIBED", 50},
    {"OUTGOING_CALL_BARRED", 52},
    {"INCOMING_CALL_BARRED", 54},
    {"BEARERCAPABILITY_NOTAUTH", 57},
    {"BEARERCAPABILITY_NOTAVAIL", 58},
    {"SERVICE_UNAVAILABLE", 63},
    {"BEARERCAPABILITY_NOTIMPL", 65},
    {"CHAN_NOT_IMPLEMENTED", 66},
    {"FACILITY_NOT_IMPLEMENTED", 69},
    {"SERVICE_NOT_IMPLEMENTED", 79},
    {"INVALID_CALL_REFERENCE", 81},
    {"INCOMPATIBLE_DESTINATION", 88},
    {"INVALID_MSG_UNSPECIFIED", 95},
    {"MANDATORY_IE_MISSING", 96},
    {"MESSAGE_TYPE_NONEXIST", 97},
    {"WRONG_MESSAGE", 98},
    {"IE_NONEXIST", 99},
    {"INVALID_IE_CONTENTS", 100},
    {"WRONG_CALL_STATE", 101},
    {"RECOVERY_ON_TIMER_EXPIRE", 102},
    {"MANDATORY_IE_LENGTH_ERROR", 103},
    {"PROTOCOL_ERROR", 111},
    {"INTERWORKING", 127},
    {"SUCCESS", -1},
    {"ORIGINATOR_CANCEL", -1},
    {"CRASH", -1},
    {"SYSTEM_SHUTDOWN", -1},
    {"LOSE_RACE", -1},
    {"MANAGER_REQUEST", -1},
    {"BLIND_TRANSFER", -1},
    {"ATTENDED_TRANSFER", -1},
    {"ALLOTTED_TIMEOUT", -1},
    {"USER_CHALLENGE", -1},
    {"MEDIA_TIMEOUT", -1},
    {"PICKED_OFF", -1},
    {"USER_NOT_REGISTERED", -1},
    {"PROGRESS_TIMEOUT", -1},
    {"INVALID_GATEWAY", -1},
    {"GATEWAY_DOWN", -1},
    {"INVALID_URL", -1},
    {"INVALID_PROFILE", -1},
    {"NO_PICKUP", -1},
    {"SRTP_READ_ERROR", -1},
};

/* Index into causes[], or -1. */
static int cause_find(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (strcmp(causes[i].name, s) == 0)
			return (int)i;
	return -1;
}

static int run(struct src_ctx *ctx)
{
	static const char *const tnames[] = {"start_stamp", "answer_stamp",
					     "end_stamp"};
	struct csvrow row;

	while (src_next_row(ctx, &row)) {
		struct rec r;
		int64_t t[3], billsec;
		const char *cname;
		int ci;

		if (row.nf != F_NCOLS) {
			src_reject(ctx, &row, "expected %d fields, got %zu",
				   F_NCOLS, row.nf);
			continue;
		}
		if (src_start_answer_end(ctx, &row, F_START, tnames, t) < 0 ||
		    src_seconds(ctx, &row, F_BILLSEC, "billsec", &billsec) < 0)
			continue;
		cname = row.f[F_CAUSE];
		if ((ci = cause_find(cname)) < 0) {
			src_reject(
			    ctx, &row,
			    "hangup_cause: \"%.40s\" is not a known cause",
			    cname);
			continue;
		}
		rec_clear(&r);
		r.call_id = row.f[F_UUID];
		r.source = "freeswitch-csv";
		r.start = t[0];
		r.end = t[2];
		r.caller = row.f[F_CID_NUM];
		r.callee = row.f[F_DEST];
		r.cause = causes[ci].q850 > 0 ? causes[ci].q850 : -1;
		r.queued = 0; /* the template records no queue */
		if (t[1] != TM_NONE) {
			r.answer = t[1];
			r.outcome = OC_ANSWERED;
			r.talk_ms = billsec;
		} else if (strcmp(cname, "ORIGINATOR_CANCEL") == 0 ||
			   strcmp(cname, "NORMAL_CLEARING") == 0) {
			r.outcome = OC_CANCELLED;
		} else {
			r.outcome = outcome_from_cause(r.cause, OC_FAILED);
		}
		src_emit(ctx, &row, &r);
	}
	return 0;
}

const struct src_format src_freeswitch_csv = {
    .name = "freeswitch-csv",
    .summary =
	"FreeSWITCH mod_cdr_csv, default 15-column template (local time)",
    .delim = ',',
    .local_time = 1,
    .run = run,
};
