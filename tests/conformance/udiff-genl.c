// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * conf_udiff's comparison of the generic netlink dumps (ioasid-abi(7)
 * GENERIC NETLINK, version 2): the GET_SET dump and the filters of the
 * GET_SET, GET_IOASID and GET_BINDING dump requests (SET, PID, STATE).
 *
 * The real side is the reference module's family "ioasid" through the
 * library's socket path (ext-genl-live.c), the filters sent as request
 * attributes; the model side is the emulated host's rendering of the same
 * dumps (src/lib/sim/sim-genl.c, the bytes its GET_SET and GET_IOASID files
 * hold), with the filter applied by the reader, as for every stored dump.
 * Both go through one parser (ioasid_ext_stream_feed), so the records
 * compared are what a reader sees. Two checks per dump:
 *  - the module honours each filter itself (kmod/ioasid-genl.c
 *    kio_get_set_dumpit, kio_get_ioasid_dumpit, kio_get_binding_dumpit):
 *    every record it sends passes the filter (records == matched);
 *  - the records equal the model's, field by field, set IDs and PIDs
 *    mapped (the real system numbers its sets itself, the process is ours).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/ext.h"
#include "sim/sim.h"
#include "udiff-genl.h"
#include "uapi/ioasid.h"

#define MAXREC 4096
#define MAXSET 16

/* The records of one dump, each as one line of text (mapped IDs) */
struct lines {
	char **v;
	size_t n;
	const struct udiff_genl_side *side;
	const uint32_t *sets; /* the side's set IDs by rank (GET_SET order) */
	size_t nsets;
};

static long set_rank(const struct lines *l, uint32_t set)
{
	for (size_t i = 0; i < l->nsets; i++)
		if (l->sets[i] == set)
			return (long)i;
	return -(long)set - 1; /* not in the set dump: printed negative */
}

/* the PID as both sides name it: "self" for the process of the test */
static void pid_text(const struct lines *l, const struct ioasid_ext_rec *r, char *buf, size_t n)
{
	if (!r->has_pid)
		snprintf(buf, n, "-");
	else if (r->pid == l->side->pid)
		snprintf(buf, n, "self");
	else
		snprintf(buf, n, "%u", r->pid);
}

static int add_line(const struct ioasid_ext_rec *r, void *arg)
{
	struct lines *l = arg;
	char pid[16], spid[16], refs[16], prq[24], line[200];
	long set = set_rank(l, r->set);

	if (l->n == MAXREC)
		return -E2BIG;
	pid_text(l, r, pid, sizeof(pid));
	if (l->side->cmd == IOASID_CMD_GET_SET) {
		/* cgroup: present or not; the model's process is in "/", the
		 * guest's wherever its init put it */
		snprintf(line, sizeof(line),
			 "set #%ld type %u quota %u allocated %u pid %s cgroup %s", set,
			 r->set_type, r->quota, r->allocated, pid, r->cgroup ? "yes" : "no");
	} else if (l->side->cmd == IOASID_CMD_GET_IOASID) {
		snprintf(spid, sizeof(spid), r->has_spid ? "%u" : "-", r->spid);
		snprintf(refs, sizeof(refs), r->has_refs ? "%u" : "-", r->refs);
		snprintf(prq, sizeof(prq), r->has_prq_count ? "%" PRIu64 : "-", r->prq_count);
		snprintf(line, sizeof(line),
			 "ioasid %u set #%ld state %s refs %s spid %s prq %s pid %s", r->ioasid, set,
			 !r->has_state ? "-" : ioasid_ext_state_name(r->state) ?: "?", refs,
			 spid, prq, pid);
	} else {
		snprintf(line, sizeof(line), "binding set #%ld spid %u ioasid %u pid %s", set,
			 r->spid, r->ioasid, pid);
	}
	l->v[l->n] = strdup(line);
	if (!l->v[l->n])
		return -ENOMEM;
	l->n++;
	return 0;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The model's dump of side->cmd as the emulated host stores it */
static int model_render(const struct udiff_genl_side *side, struct sim_buf *b)
{
	uint32_t count;
	int rc = 0;

	if (side->cmd == IOASID_CMD_GET_SET)
		rc = sim_genl_sets(side->model, b);
	else if (side->cmd == IOASID_CMD_GET_IOASID)
		for (uint32_t first = 0; !rc && first < (1u << 20); first += 1u << SIM_CHUNK_SHIFT)
			rc = sim_genl_chunk(side->model, first, b, &count, NULL);
	else
		for (size_t i = 0; !rc && i < side->nsets; i++)
			rc = sim_genl_bindings(side->model, side->sets[i], b, &count);
	return rc ? rc : sim_genl_done(b);
}

/* Stream side->cmd's dump of one side into s: the module's through its
 * socket, the model's from its rendering; 0 or the stream's error */
static int run_dump(const struct udiff_genl_side *side, struct ioasid_ext_stream *s)
{
	int rc;

	if (side->ctx) {
		rc = ioasid_ext_live_dump(side->ctx, s);
	} else {
		struct sim_buf b = {0};
		size_t used = 0;

		rc = model_render(side, &b);
		if (!rc)
			rc = ioasid_ext_stream_feed(s, b.p, b.len, &used);
		free(b.p);
	}
	return rc ? rc : s->err ? s->err : s->cb_ret;
}

/* One dump of one side into l; *foreign: records the module sent that the
 * filter refuses (a module that ignored a filter) */
static int side_dump(const struct udiff_genl_side *side, const struct ioasid_ext_filter *f,
		     struct lines *l, size_t *foreign)
{
	struct ioasid_ext_dump_stats st = {0};
	struct ioasid_ext_filter g = *f;
	struct ioasid_ext_stream s = {
		.cmd = side->cmd, .filter = &g, .fn = add_line, .arg = l, .st = &st};
	int rc;

	/* --self-test's planted bug: the STATE filter not honoured */
	if (side->ignore_state_filter)
		g.has_state = false;
	l->v = calloc(MAXREC, sizeof(*l->v));
	if (!l->v)
		return -ENOMEM;
	rc = run_dump(side, &s);
	/* a stored dump is filtered by its reader: only the module's count */
	*foreign = side->ctx ? st.records - st.matched : 0;
	return rc;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *cmd_name(int cmd)
{
	return cmd == IOASID_CMD_GET_SET      ? "GET_SET"
	       : cmd == IOASID_CMD_GET_IOASID ? "GET_IOASID"
					      : "GET_BINDING";
}

/* One dump with one filter on both sides; 0 or the number of mismatches */
static long compare_one(struct udiff_genl_side *side, int cmd, const struct ioasid_ext_filter *f0,
			const struct ioasid_ext_filter *f1, const char *what,
			udiff_genl_report_fn *report, void *arg)
{
	struct lines l[2] = {{0}};
	size_t foreign[2] = {0};
	char msg[300];
	long bad = 0;
	int rc[2];

	for (int s = 0; s < 2; s++) {
		side[s].cmd = cmd;
		l[s].side = &side[s];
		l[s].sets = side[s].sets;
		l[s].nsets = side[s].nsets;
		rc[s] = side_dump(&side[s], s ? f1 : f0, &l[s], &foreign[s]);
		qsort(l[s].v, l[s].n, sizeof(*l[s].v), cmp_line);
	}
	if (rc[0] || rc[1]) {
		snprintf(msg, sizeof(msg), "%s %s: %s vs %s", cmd_name(cmd), what, strerror(-rc[0]),
			 strerror(-rc[1]));
		report(msg, arg);
		bad++;
	} else if (foreign[0] || foreign[1]) {
		snprintf(msg, sizeof(msg), "%s %s: %s sent %zu record(s) its filter refuses",
			 cmd_name(cmd), what, side[foreign[0] ? 0 : 1].name,
			 foreign[0] ? foreign[0] : foreign[1]);
		report(msg, arg);
		bad++;
	} else {
		for (size_t i = 0; i < l[0].n || i < l[1].n; i++) {
			const char *a = i < l[0].n ? l[0].v[i] : "(none)";
			const char *b = i < l[1].n ? l[1].v[i] : "(none)";

			if (strcmp(a, b)) {
				snprintf(msg, sizeof(msg), "%s %s: %s \"%s\" vs %s \"%s\"",
					 cmd_name(cmd), what, side[0].name, a, side[1].name, b);
				report(msg, arg);
				bad++;
				break;
			}
		}
	}
	lines_free(&l[0]);
	lines_free(&l[1]);
	return bad;
}

/* The sets of a side, ascending, from its own unfiltered GET_SET dump */
static int collect_sets(const struct ioasid_ext_rec *r, void *arg)
{
	struct udiff_genl_side *side = arg;

	if (side->nsets == MAXSET)
		return -E2BIG;
	side->sets[side->nsets++] = r->set;
	return 0;
}

static int side_sets(struct udiff_genl_side *side)
{
	struct ioasid_ext_dump_stats st = {0};
	struct ioasid_ext_stream s = {
		.cmd = IOASID_CMD_GET_SET, .fn = collect_sets, .arg = side, .st = &st};

	side->nsets = 0;
	side->cmd = IOASID_CMD_GET_SET;
	return run_dump(side, &s);
}

long udiff_genl_compare(struct udiff_genl_side side[2], udiff_genl_report_fn *report, void *arg)
{
	static const int cmds[] = {IOASID_CMD_GET_SET, IOASID_CMD_GET_IOASID,
				   IOASID_CMD_GET_BINDING};
	long bad = 0;
	char what[80];
	int rc[2];

	for (int s = 0; s < 2; s++)
		rc[s] = side_sets(&side[s]);
	if (rc[0] || rc[1] || side[0].nsets != side[1].nsets) {
		snprintf(what, sizeof(what), "GET_SET: %zu set(s) (%s) vs %zu (%s)", side[0].nsets,
			 strerror(-rc[0]), side[1].nsets, strerror(-rc[1]));
		report(what, arg);
		return 1;
	}
	for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		int cmd = cmds[c];
		struct ioasid_ext_filter f[2] = {{0}};

		bad += compare_one(side, cmd, &f[0], &f[1], "unfiltered", report, arg);
		/* PID: the test's own process, then one that owns no set */
		f[0] = (struct ioasid_ext_filter){.has_pid = true, .pid = side[0].pid};
		f[1] = (struct ioasid_ext_filter){.has_pid = true, .pid = side[1].pid};
		bad += compare_one(side, cmd, &f[0], &f[1], "PID self", report, arg);
		f[0].pid = f[1].pid = 1;
		bad += compare_one(side, cmd, &f[0], &f[1], "PID 1", report, arg);
		for (size_t i = 0; i < side[0].nsets; i++) {
			f[0] = (struct ioasid_ext_filter){.has_set = true, .set = side[0].sets[i]};
			f[1] = (struct ioasid_ext_filter){.has_set = true, .set = side[1].sets[i]};
			snprintf(what, sizeof(what), "SET #%zu", i);
			bad += compare_one(side, cmd, &f[0], &f[1], what, report, arg);
		}
		if (cmd != IOASID_CMD_GET_IOASID)
			continue;
		for (uint32_t st = IOASID_GENL_STATE_IDLE; st <= IOASID_GENL_STATE_FREE_PENDING;
		     st++) {
			f[0] = f[1] = (struct ioasid_ext_filter){.has_state = true, .state = st};
			snprintf(what, sizeof(what), "STATE %s", ioasid_ext_state_name(st));
			bad += compare_one(side, cmd, &f[0], &f[1], what, report, arg);
			/* with PID: together they all apply */
			f[0].has_pid = f[1].has_pid = true;
			f[0].pid = side[0].pid;
			f[1].pid = side[1].pid;
			snprintf(what, sizeof(what), "STATE %s + PID self",
				 ioasid_ext_state_name(st));
			bad += compare_one(side, cmd, &f[0], &f[1], what, report, arg);
		}
	}
	return bad;
}
