/*
 * qlog: rebuilding one call record per contact from queue-log events
 * (Asterisk queue_log and its PBXware table export). A front end parses
 * each row into a struct qlog_ev; qlog_feed keeps per-call state in a
 * hash table keyed by callid, writes the record when the call's terminal
 * event arrives, and qlog_finish handles the calls still open at EOF.
 *
 * Accounting (SPEC 6): every row fed ends in exactly one of
 *   used      the row belongs to a call whose record was written;
 *   rejected  the row belongs to a call whose record failed rec_check,
 *             or a call still open at EOF under --open-calls reject
 *             (each of its rows is reported with its own line);
 *   skipped   a row that carries no call (QUEUESTART, ADDMEMBER ...), an
 *             unknown event, or a duplicate / late event of a call that
 *             already ended or already had that event.
 * Malformed rows are rejected by the front end before they get here.
 * So read = used + rejected + skipped holds once qlog_finish has run.
 *
 * Ownership: qlog copies every string it keeps; events and rows stay the
 * caller's.
 */
#ifndef TA_QLOG_H
#define TA_QLOG_H

#include "src.h"
#include <stdint.h>

enum qlog_type {
	QE_OTHER = 0, /* not a call event: skipped */
	QE_ENTERQUEUE,
	QE_RINGNOANSWER, /* also RINGCANCELED */
	QE_CONNECT,
	QE_COMPLETE, /* COMPLETECALLER, COMPLETEAGENT */
	QE_ABANDON,
	QE_AGENTDUMP, /* agent hung up during the announcement */
	QE_EXIT,      /* EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY */
	QE_TRANSFER,  /* TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER */
	QE_JOINEMPTY, /* JOINEMPTY, JOINUNAVAIL: could not join (no agents) */
	/* PBXware outbound calls made by agents */
	QE_OUTDIAL,
	QE_OUTANSWER, /* answered; terminal unless xfer_pending */
	QE_OUTEND,    /* OUTCANCEL, OUTBUSY, ...: outcome in ev */
	QE_OUTTRANSFER,
};

struct qlog_ev {
	enum qlog_type type;
	int64_t t; /* event instant */
	const char *callid;
	const char *queue;    /* NULL or "" if none */
	const char *agent;    /* NULL or "" if none */
	const char *caller;   /* ENTERQUEUE caller id */
	const char *callee;   /* OUTDIAL number */
	int64_t hold_ms;      /* wait in queue as logged, MS_NONE */
	int64_t talk_ms;      /* call time as logged, MS_NONE */
	int64_t ring_ms;      /* OUTANSWER ring time, MS_NONE */
	enum outcome outcome; /* QE_OUTEND */
	int cause;	      /* QE_OUTEND, -1 if none */
	int xfer_pending;     /* QE_OUTANSWER: an OUTTRANSFER follows */
};

struct qlog;

struct qlog *qlog_new(struct src_ctx *ctx, const char *source);
/* Account row (the row ev was parsed from) and apply ev. */
void qlog_feed(struct qlog *q, const struct qlog_ev *ev,
	       const struct csvrow *row);
/* EOF: emit or reject the open calls (ctx->open_calls), in order of
 * start then callid. */
void qlog_finish(struct qlog *q);
void qlog_free(struct qlog *q);

/* Shorthand for front ends: "NONE", "NULL" and "" read as no value. */
int qlog_none(const char *s);

#endif
