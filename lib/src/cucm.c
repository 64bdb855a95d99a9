/*
 * cucm: Cisco Unified CM CDR / CMR rows (see cucm.h).
 *
 * The record choices (one record per contact) are in cucm_call.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cucm.h"
#include "num.h"
#include "tm.h"
#include "xalloc.h"

static const char *const cdr_names[133] = {
    "cdrRecordType",
    "globalCallID_callManagerId",
    "globalCallID_callId",
    "origLegCallIdentifier",
    "dateTimeOrigination",
    "origNodeId",
    "origSpan",
    "origIpAddr",
    "callingPartyNumber",
    "callingPartyUnicodeLoginUserID",
    "origCause_location",
    "origCause_value",
    "origPrecedenceLevel",
    "origMediaTransportAddress_IP",
    "origMediaTransportAddress_Port",
    "origMediaCap_payloadCapability",
    "origMediaCap_maxFramesPerPacket",
    "origMediaCap_g723BitRate",
    "origVideoCap_Codec",
    "origVideoCap_Bandwidth",
    "origVideoCap_Resolution",
    "origVideoTransportAddress_IP",
    "origVideoTransportAddress_Port",
    "origRSVPAudioStat",
    "origRSVPVideoStat",
    "destLegIdentifier",
    "destNodeId",
    "destSpan",
    "destIpAddr",
    "originalCalledPartyNumber",
    "finalCalledPartyNumber",
    "finalCalledPartyUnicodeLoginUserID",
    "destCause_location",
    "destCause_value",
    "destPrecedenceLevel",
    "destMediaTransportAddress_IP",
    "destMediaTransportAddress_Port",
    "destMediaCap_payloadCapability",
    "destMediaCap_maxFramesPerPacket",
    "destMediaCap_g723BitRate",
    "destVideoCap_Codec",
    "destVideoCap_Bandwidth",
    "destVideoCap_Resolution",
    "destVideoTransportAddress_IP",
    "destVideoTransportAddress_Port",
    "destRSVPAudioStat",
    "destRSVPVideoStat",
    "dateTimeConnect",
    "dateTimeDisconnect",
    "lastRedirectDn",
    "pkid",
    "originalCalledPartyNumberPartition",
    "callingPartyNumberPartition",
    "finalCalledPartyNumberPartition",
    "lastRedirectDnPartition",
    "duration",
    "origDeviceName",
    "destDeviceName",
    "origCallTerminationOnBehalfOf",
    "destCallTerminationOnBehalfOf",
    "origCalledPartyRedirectOnBehalfOf",
    "lastRedirectRedirectOnBehalfOf",
    "origCalledPartyRedirectReason",
    "lastRedirectRedirectReason",
    "destConversationId",
    "globalCallId_ClusterID",
    "joinOnBehalfOf",
    "comment",
    "authCodeDescription",
    "authorizationLevel",
    "clientMatterCode",
    "origDTMFMethod",
    "destDTMFMethod",
    "callSecuredStatus",
    "origConversationId",
    "origMediaCap_Bandwidth",
    "destMediaCap_Bandwidth",
    "authorizationCodeValue",
    "outpulsedCallingPartyNumber",
    "outpulsedCalledPartyNumber",
    "origIpv4v6Addr",
    "destIpv4v6Addr",
    "origVideoCap_Codec_Channel2",
    "origVideoCap_Bandwidth_Channel2",
    "origVideoCap_Resolution_Channel2",
    "origVideoTransportAddress_IP_Channel2",
    "origVideoTransportAddress_Port_Channel2",
    "origVideoChannel_Role_Channel2",
    "destVideoCap_Codec_Channel2",
    "destVideoCap_Bandwidth_Channel2",
    "destVideoCap_Resolution_Channel2",
    "destVideoTransportAddress_IP_Channel2",
    "destVideoTransportAddress_Port_Channel2",
    "destVideoChannel_Role_Channel2",
    "IncomingProtocolID",
    "IncomingProtocolCallRef",
    "OutgoingProtocolID",
    "OutgoingProtocolCallRef",
    "currentRoutingReason",
    "origRoutingReason",
    "lastRedirectingRoutingReason",
    "huntPilotPartition",
    "huntPilotDN",
    "calledPartyPatternUsage",
    "IncomingICID",
    "IncomingOrigIOI",
    "IncomingTermIOI",
    "OutgoingICID",
    "OutgoingOrigIOI",
    "OutgoingTermIOI",
    "outpulsedOriginalCalledPartyNumber",
    "outpulsedLastRedirectingNumber",
    "wasCallQueued",
    "totalWaitTimeInQueue",
    "callingPartyNumber_uri",
    "originalCalledPartyNumber_uri",
    "finalCalledPartyNumber_uri",
    "lastRedirectDn_uri",
    "mobileCallingPartyNumber",
    "finalMobileCalledPartyNumber",
    "origMobileDeviceName",
    "destMobileDeviceName",
    "origMobileCallDuration",
    "destMobileCallDuration",
    "mobileCallType",
    "originalCalledPartyPattern",
    "finalCalledPartyPattern",
    "lastRedirectingPartyPattern",
    "huntPilotPattern",
    "origDeviceType",
    "destDeviceType",
    "origDeviceSessionID",
    "destDeviceSessionID",
};

static const char *const cmr_names[48] = {
    "cdrRecordType",
    "globalCallID_callManagerId",
    "globalCallID_callId",
    "nodeId",
    "directoryNum",
    "callIdentifier",
    "dateTimeStamp",
    "numberPacketsSent",
    "numberOctetsSent",
    "numberPacketsReceived",
    "numberOctetsReceived",
    "numberPacketsLost",
    "jitter",
    "latency",
    "pkid",
    "directoryNumPartition",
    "globalCallId_ClusterID",
    "deviceName",
    "varVQMetrics",
    "duration",
    "videoContentType",
    "videoDuration",
    "numberVideoPacketsSent",
    "numberVideoOctetsSent",
    "numberVideoPacketsReceived",
    "numberVideoOctetsReceived",
    "numberVideoPacketsLost",
    "videoAverageJitter",
    "videoRoundTripTime",
    "videoOneWayDelay",
    "videoReceptionMetrics",
    "videoTransmissionMetrics",
    "videoContentType_channel2",
    "videoDuration_channel2",
    "numberVideoPacketsSent_channel2",
    "numberVideoOctetsSent_channel2",
    "numberVideoPacketsReceived_channel2",
    "numberVideoOctetsReceived_channel2",
    "numberVideoPacketsLost_channel2",
    "videoAverageJitter_channel2",
    "videoRoundTripTime_channel2",
    "videoOneWayDelay_channel2",
    "videoReceptionMetrics_channel2",
    "videoTransmissionMetrics_channel2",
    "localSessionID",
    "remoteSessionID",
    "headsetSN",
    "headsetMetrics",
};

/* the CDR columns we read */
enum {
	D_TYPE,
	D_CM,
	D_CALLID,
	D_OLEG,
	D_ORIG,
	D_ONODE,
	D_OIP,
	D_CALLING,
	D_OCAUSE,
	D_DLEG,
	D_DNODE,
	D_DIP,
	D_OCALLED,
	D_FUSER,
	D_DCAUSE,
	D_CONNECT,
	D_DISC,
	D_DURATION,
	D_DDEV,
	D_HUNT,
	D_FCALLED,
	D_REDIR,
	D_OTERM,
	D_DTERM,
	D_USAGE,
	D_COUNT
};
static const char *const dwant[D_COUNT] = {
    "cdrRecordType",
    "globalCallID_callManagerId",
    "globalCallID_callId",
    "origLegCallIdentifier",
    "dateTimeOrigination",
    "origNodeId",
    "origIpAddr",
    "callingPartyNumber",
    "origCause_value",
    "destLegIdentifier",
    "destNodeId",
    "destIpAddr",
    "originalCalledPartyNumber",
    "finalCalledPartyUnicodeLoginUserID",
    "destCause_value",
    "dateTimeConnect",
    "dateTimeDisconnect",
    "duration",
    "destDeviceName",
    "huntPilotDN",
    "finalCalledPartyNumber",
    "lastRedirectDn",
    "origCallTerminationOnBehalfOf",
    "destCallTerminationOnBehalfOf",
    "calledPartyPatternUsage",
};
/* which of them are integers */
static const int dint[D_COUNT] = {1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0,
				  0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1};

/* the CMR columns we read */
enum {
	M_TYPE,
	M_CM,
	M_CALLID,
	M_NODE,
	M_LEG,
	M_RECV,
	M_LOST,
	M_JITTER,
	M_LATENCY,
	M_VQ,
	M_COUNT
};
static const char *const mwant[M_COUNT] = {
    "cdrRecordType",
    "globalCallID_callManagerId",
    "globalCallID_callId",
    "nodeId",
    "callIdentifier",
    "numberPacketsReceived",
    "numberPacketsLost",
    "jitter",
    "latency",
    "varVQMetrics",
};

struct layout {
	int set;   /* 1 header seen and usable, -1 header unusable */
	size_t nf; /* fields of a row under the header */
	int *idx;  /* wanted column -> field */
};

struct cucm_reader {
	struct layout cdr, cmr;
	int didx[D_COUNT], midx[M_COUNT];
	int dpos[D_COUNT], mpos[M_COUNT]; /* positional layouts */
};

static int find(const char *const *names, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], want))
			return (int)i;
	return -1;
}

struct cucm_reader *cucm_new(void)
{
	struct cucm_reader *rd = xcalloc(1, sizeof(*rd));
	int k;

	for (k = 0; k < D_COUNT; k++)
		rd->dpos[k] = find(cdr_names, 133, dwant[k]);
	for (k = 0; k < M_COUNT; k++)
		rd->mpos[k] = find(cmr_names, 48, mwant[k]);
	rd->cdr.idx = rd->didx;
	rd->cmr.idx = rd->midx;
	return rd;
}

void cucm_free(struct cucm_reader *rd)
{
	free(rd);
}

char *cucm_ip(char *buf, int64_t v)
{
	uint32_t u = (uint32_t)v;

	snprintf(buf, 16, "%u.%u.%u.%u", u & 0xff, (u >> 8) & 0xff,
		 (u >> 16) & 0xff, u >> 24);
	return buf;
}

/* A header row: set the layout of its kind from the names. */
static enum cucm_row header(struct cucm_reader *rd, struct src_ctx *ctx,
			    const struct csvrow *row)
{
	const char *const *want;
	struct layout *l;
	int n, k;
	size_t i;

	if (find((const char *const *)row->f, row->nf, "dateTimeOrigination") >=
	    0) {
		l = &rd->cdr, want = dwant, n = D_COUNT;
	} else if (find((const char *const *)row->f, row->nf,
			"numberPacketsLost") >= 0) {
		l = &rd->cmr, want = mwant, n = M_COUNT;
	} else {
		src_reject(
		    ctx, row,
		    "header: neither a CDR (dateTimeOrigination) nor a CMR (numberPacketsLost) header");
		return CUCM_REJECTED;
	}
	l->nf = row->nf;
	l->set = 1;
	for (k = 0; k < n; k++) {
		l->idx[k] = -1;
		for (i = 0; i < row->nf; i++)
			if (!strcmp(row->f[i], want[k]))
				l->idx[k] = (int)i;
		if (l->idx[k] < 0) {
			l->set = -1;
			src_reject(ctx, row, "header: no column \"%s\"",
				   want[k]);
			return CUCM_REJECTED;
		}
	}
	return CUCM_LAYOUT;
}

enum cucm_row cucm_classify(struct cucm_reader *rd, struct src_ctx *ctx,
			    const struct csvrow *row)
{
	int64_t type;
	struct layout *l;

	if (row->nf && !strcmp(row->f[0], "cdrRecordType"))
		return header(rd, ctx, row);
	if (row->nf && !strcmp(row->f[0], "INTEGER"))
		return CUCM_LAYOUT; /* the SQL type row under the header */
	if (!row->nf || num_parse_i64(row->f[0], row->len[0], &type) ||
	    type < 0 || type > 2) {
		src_reject(
		    ctx, row,
		    "cdrRecordType: \"%.40s\" is not 0, 1 (CDR) or 2 (CMR)",
		    row->nf ? row->f[0] : "");
		return CUCM_REJECTED;
	}
	if (type == 0)
		return CUCM_OTHER;
	l = type == 1 ? &rd->cdr : &rd->cmr;
	if (l->set < 0) {
		src_reject(ctx, row, "the %s header above is unusable",
			   type == 1 ? "CDR" : "CMR");
		return CUCM_REJECTED;
	}
	if (l->set) {
		if (row->nf != l->nf) {
			src_reject(ctx, row, "%zu fields, the header has %zu",
				   row->nf, l->nf);
			return CUCM_REJECTED;
		}
		return (enum cucm_row)type;
	}
	if (type == 1 && row->nf != 129 && row->nf != 133) {
		src_reject(
		    ctx, row,
		    "%zu fields: a CUCM CDR without a header has 129 (11.x) or 133 (12.x-15)",
		    row->nf);
		return CUCM_REJECTED;
	}
	if (type == 2 && row->nf <= (size_t)rd->mpos[M_VQ]) {
		src_reject(
		    ctx, row,
		    "%zu fields: too few for a CUCM CMR without a header",
		    row->nf);
		return CUCM_REJECTED;
	}
	return (enum cucm_row)type;
}

/* Integer field k of the wanted list; -1 after rejecting. */
static int get_int(struct src_ctx *ctx, const struct csvrow *row, int i,
		   const char *name, int64_t *v)
{
	if (row->len[i] == 0) {
		*v = 0;
		return 0;
	}
	if (num_parse_i64(row->f[i], row->len[i], v) == 0)
		return 0;
	src_reject(ctx, row, "%s: \"%.40s\" is not an integer", name,
		   row->f[i]);
	return -1;
}

int cucm_cdr(struct cucm_reader *rd, struct src_ctx *ctx,
	     const struct csvrow *row, struct cucm_leg *leg)
{
	const int *ix = rd->cdr.set ? rd->didx : rd->dpos;
	int64_t v[D_COUNT];
	int k;

	for (k = 0; k < D_COUNT; k++) {
		v[k] = 0;
		if (dint[k] && get_int(ctx, row, ix[k], dwant[k], &v[k]))
			return -1;
	}
	for (k = D_ORIG; k <= D_DURATION; k++)
		if ((k == D_ORIG || k == D_CONNECT || k == D_DISC ||
		     k == D_DURATION) &&
		    (v[k] < 0 || v[k] > INT64_MAX / 1000)) {
			src_reject(ctx, row, "%s: \"%.40s\" is out of range",
				   dwant[k], row->f[ix[k]]);
			return -1;
		}
	leg->cm = v[D_CM];
	leg->callid = v[D_CALLID];
	leg->orig_node = v[D_ONODE];
	leg->orig_leg = v[D_OLEG];
	leg->dest_node = v[D_DNODE];
	leg->dest_leg = v[D_DLEG];
	leg->orig_ip = v[D_OIP];
	leg->dest_ip = v[D_DIP];
	leg->start = v[D_ORIG];
	leg->connect = v[D_CONNECT];
	leg->disc = v[D_DISC];
	leg->duration = v[D_DURATION];
	leg->ocause = v[D_OCAUSE];
	leg->dcause = v[D_DCAUSE];
	leg->oterm = v[D_OTERM];
	leg->dterm = v[D_DTERM];
	leg->usage = v[D_USAGE];
	leg->caller = row->f[ix[D_CALLING]];
	leg->ocalled = row->f[ix[D_OCALLED]];
	leg->fcalled = row->f[ix[D_FCALLED]];
	leg->redir = row->f[ix[D_REDIR]];
	leg->hunt = row->f[ix[D_HUNT]];
	leg->user = row->f[ix[D_FUSER]];
	leg->ddev = row->f[ix[D_DDEV]];
	leg->line = row->line;
	return 0;
}

/* "MLQK=4.1250;..." -> 4.125, or -1 if absent or not a number. */
static double vq_mos(const char *s)
{
	const char *p = s;
	double d;

	while ((p = strstr(p, "MLQK=")))
		if (p == s || p[-1] == ';')
			break;
		else
			p += 5;
	if (!p)
		return -1;
	p += 5;
	if (num_parse_double(p, strcspn(p, ";"), &d) || d < 0 || d > 5)
		return -1;
	return d;
}

int cucm_cmr(struct cucm_reader *rd, struct src_ctx *ctx,
	     const struct csvrow *row, struct cucm_qos *q)
{
	const int *ix = rd->cmr.set ? rd->midx : rd->mpos;
	int64_t v[M_COUNT];
	int k;

	for (k = 0; k < M_VQ; k++) {
		v[k] = -1;
		if (row->len[ix[k]] == 0 && k >= M_JITTER)
			continue; /* jitter, latency not given */
		if (get_int(ctx, row, ix[k], mwant[k], &v[k]))
			return -1;
		if (k >= M_RECV && v[k] < 0) {
			src_reject(ctx, row, "%s: \"%s\" is negative", mwant[k],
				   row->f[ix[k]]);
			return -1;
		}
	}
	q->cm = v[M_CM];
	q->callid = v[M_CALLID];
	q->node = v[M_NODE];
	q->leg = v[M_LEG];
	q->received = v[M_RECV];
	q->lost = v[M_LOST];
	q->jitter_ms = v[M_JITTER];
	q->latency_ms = v[M_LATENCY];
	q->mos = vq_mos(row->f[ix[M_VQ]]);
	return 0;
}
