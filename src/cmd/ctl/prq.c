// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl prq stats | prq trace */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/arg.h"
#include "ctl/ctl.h"
#include "print/prq-cols.h"

/* ---- prq stats ---- */

/* Without -o, JSON carries every column but PER_CPU unless --per-cpu
 * asked for it; tables add it to the defaults. */
static char *stats_columns(const struct cli *c, bool per_cpu)
{
	size_t len = 0;
	char *s;

	if (c->pr.columns)
		return NULL;
	if (c->pr.format != PR_JSON)
		return per_cpu ? strdup("+PER_CPU") : NULL;
	s = calloc(1, 512);
	if (!s)
		return NULL;
	for (size_t i = 0; i < PRQ_NCOLS; i++) {
		if (i == PRQC_PER_CPU && !per_cpu)
			continue;
		len += (size_t)snprintf(s + len, 512 - len, "%s%s", len ? "," : "",
					prq_cols[i].name);
	}
	return s;
}

int cmd_prq_stats(struct cli *c, int argc, const char **argv)
{
	int per_cpu = 0;
	struct poptOption opts[] = {
		{"per-cpu", 0, POPT_ARG_NONE, &per_cpu, 0, "add the count of each CPU", NULL},
		POPT_TABLEEND};
	struct ioasid_prq_stats s = {0};
	struct cli_list cl;
	char *cols = NULL;
	int rc;

	if (!cli_list_begin(c, argc, argv, opts, NULL, prq_cols, PRQ_NCOLS, "prq", &cl))
		return cl.rc;
	/* the printer's columns, made after the read */
	cols = stats_columns(c, per_cpu);
	if (cols)
		c->pr.columns = cols;
	rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_prq_stats(c->ctx, &s), "/proc/interrupts");
	for (size_t i = 0; rc == EXIT_OK && i < s.n; i++)
		prq_cells(pr_row(cl.p), &s.v[i], per_cpu);
	rc = cli_list_end(&cl, rc);
	if (cl.printed)
		cli_note_perm(c, false);
	free(cols);
	ioasid_prq_stats_free(&s);
	return rc;
}

/* ---- prq trace ---- */

enum {
	TC_IOMMU,
	TC_DEVICE,
	TC_PASID,
	TC_RID,
	TC_REQUESTS,
	TC_READS,
	TC_WRITES,
	TC_EXECS,
	TC_PRIVS,
	TC_LAST,
	TC_PRIVATE,
	TC_LAST_ADDR,
	TRACE_NCOLS
};

static const struct pr_col trace_cols[TRACE_NCOLS] = {
	[TC_IOMMU] = {"IOMMU", PR_STR, true, false, "IOMMU unit that queued the requests"},
	[TC_DEVICE] = {"DEVICE", PR_STR, true, false, "requesting device"},
	[TC_PASID] = {"PASID", PR_NUM, true, true, "PASID of the requests"},
	[TC_RID] = {"RID", PR_HEX, false, true, "PCI requester id (bus << 8 | devfn)"},
	[TC_REQUESTS] = {"REQUESTS", PR_NUM, true, true, "page requests seen"},
	[TC_READS] = {"READS", PR_NUM, true, true, "requests asking for read access"},
	[TC_WRITES] = {"WRITES", PR_NUM, true, true, "requests asking for write access"},
	[TC_EXECS] = {"EXECS", PR_NUM, true, true, "requests asking for execute access"},
	[TC_PRIVS] = {"PRIVS", PR_NUM, true, true, "requests in privileged mode"},
	[TC_LAST] = {"LAST", PR_NUM, false, true, "requests that ended a page request group"},
	[TC_PRIVATE] = {"PRIVATE", PR_NUM, false, true, "requests carrying private data"},
	[TC_LAST_ADDR] = {"LAST_ADDR", PR_HEX, false, false, "page address of the latest request"},
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

struct trace_state {
	struct ioasid_prq_agg agg;
	uint64_t max; /* --count, 0 = unlimited */
	int err;
};

static int on_event(const struct ioasid_prq_event *ev, void *arg)
{
	struct trace_state *st = arg;

	if (ioasid_prq_agg_add(&st->agg, ev) < 0) {
		st->err = ENOMEM;
		return 1;
	}
	return st->max && st->agg.events >= st->max;
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct printer *trace_table(struct cli *c, const struct ioasid_prq_agg *a)
{
	struct printer *p = pr_new(&c->pr, "prq_trace", trace_cols, TRACE_NCOLS);

	if (!p)
		return NULL;
	for (size_t i = 0; i < a->n; i++) {
		const struct ioasid_prq_flow *f = &a->v[i];
		struct pr_row *r = pr_row(p);

		pr_str(r, TC_IOMMU, f->iommu);
		pr_str(r, TC_DEVICE, f->dev);
		pr_num(r, TC_PASID, f->pasid);
		pr_hex(r, TC_RID, f->rid);
		pr_num(r, TC_REQUESTS, f->requests);
		pr_num(r, TC_READS, f->reads);
		pr_num(r, TC_WRITES, f->writes);
		pr_num(r, TC_EXECS, f->execs);
		pr_num(r, TC_PRIVS, f->privs);
		pr_num(r, TC_LAST, f->last_pages);
		pr_num(r, TC_PRIVATE, f->with_private);
		pr_hex(r, TC_LAST_ADDR, f->last_page << 12);
	}
	return p;
}

static int trace_print_final(struct cli *c, struct trace_state *st, const char *instance,
			     double secs, const char *why, uint64_t lost, uint64_t unparsed)
{
	struct printer *p = trace_table(c, &st->agg);
	json_object *doc;
	char num[32];
	int rc;

	if (!p)
		return -EINVAL;
	if (c->pr.format != PR_JSON) {
		rc = pr_print(p);
		pr_free(p);
		return rc;
	}
	doc = pr_json_doc();
	json_object_object_add(doc, "event", json_object_new_string("intel_iommu:prq_report"));
	json_object_object_add(doc, "instance", json_object_new_string(instance));
	snprintf(num, sizeof(num), "%.3f", secs);
	json_object_object_add(doc, "seconds", json_object_new_double_s(secs, num));
	json_object_object_add(doc, "stopped_by", json_object_new_string(why));
	json_object_object_add(doc, "page_requests", json_object_new_uint64(st->agg.events));
	json_object_object_add(doc, "lost_events", json_object_new_uint64(lost));
	json_object_object_add(doc, "unparsed_lines", json_object_new_uint64(unparsed));
	json_object_object_add(doc, "prq_trace", pr_take_json(p));
	rc = pr_json_emit(doc);
	json_object_put(doc);
	pr_free(p);
	return rc;
}

/* the longest --duration and --interval; --count's largest value */
#define TRACE_SEC_MAX 1e9
#define TRACE_COUNT_MAX 1000000000

int cmd_prq_trace(struct cli *c, int argc, const char **argv)
{
	char *o_duration = NULL, *o_count = NULL, *o_interval = NULL;
	struct poptOption opts[] = {
		{"duration", 0, POPT_ARG_STRING, &o_duration, 0, "stop after SEC seconds", "SEC"},
		{"count", 0, POPT_ARG_STRING, &o_count, 0, "stop after N page requests", "N"},
		{"interval", 0, POPT_ARG_STRING, &o_interval, 0,
		 "print the table every SEC seconds (tables only)", "SEC"},
		POPT_TABLEEND};
	struct trace_state st = {0};
	struct ioasid_prq_trace *t = NULL;
	double duration = 0, interval = 0, start, next_print;
	uint64_t count = 0;
	struct sigaction sa = {0}, old[4];
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	const char *why = "signal";
	char instance[4096];
	bool handlers = false;
	struct cli_list cl;
	int rc, crc;

	/* printed by trace_print_final(), every --interval too */
	if (!cli_list_begin(c, argc, argv, opts, NULL, trace_cols, TRACE_NCOLS, NULL, &cl))
		return cl.rc;
	/* seconds from a millisecond (poll's resolution) */
	if ((o_duration &&
	     (rc = cli_arg_sec(c, "--duration", o_duration, 0.001, TRACE_SEC_MAX, &duration))) ||
	    (o_count && (rc = cli_arg_num(c, "--count", o_count, 1, TRACE_COUNT_MAX, &count))) ||
	    (o_interval &&
	     (rc = cli_arg_sec(c, "--interval", o_interval, 0.001, TRACE_SEC_MAX, &interval))))
		goto out;
	if (c->sysroot) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "prq trace",
			       "traces the live host only (--sysroot given)");
		goto out;
	}
	if (geteuid() != 0) {
		rc = cli_error(c, EXIT_PERM, EPERM, "prq trace",
			       "needs root to use tracefs (run with sudo)");
		goto out;
	}
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	/* handlers first: a signal during setup still reaches the cleanup */
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < 4; i++)
		sigaction(sigs[i],
			  sigs[i] == SIGPIPE ? &(struct sigaction){.sa_handler = SIG_IGN} : &sa,
			  &old[i]);
	handlers = true;
	rc = ioasid_prq_trace_open(c->ctx, &t);
	if (rc < 0) {
		if (rc == -EOPNOTSUPP)
			rc = cli_error(c, EXIT_UNSUPPORTED, -rc, "intel_iommu:prq_report",
				       "this kernel has no such trace event");
		else if (rc == -ENOENT) /* no tracefs: the host cannot trace */
			rc = cli_error(c, EXIT_UNSUPPORTED, -rc, "tracefs", "%s",
				       ioasid_ctx_last_error(c->ctx)->message);
		else
			rc = cli_lib_error(c, rc, "tracefs");
		goto out;
	}
	snprintf(instance, sizeof(instance), "%s", ioasid_prq_trace_instance(t));
	st.max = count;
	start = now_sec();
	next_print = interval > 0 ? start + interval : 0;
	for (;;) {
		struct pollfd pfd = {.fd = ioasid_prq_trace_fd(t), .events = POLLIN};
		double now = now_sec(), wake = now + 0.25;
		int n;

		if (stop_signal)
			break;
		if (duration > 0 && now >= start + duration) {
			why = "duration";
			break;
		}
		if (next_print > 0 && now >= next_print) {
			if (c->pr.format != PR_JSON) {
				struct printer *p = trace_table(c, &st.agg);

				if (p) {
					pr_print(p);
					pr_free(p);
				}
				fputc('\n', stdout);
				fflush(stdout);
			}
			next_print += interval;
		}
		if (duration > 0 && start + duration < wake)
			wake = start + duration;
		if (next_print > 0 && next_print < wake)
			wake = next_print;
		n = poll(&pfd, 1, (int)((wake - now) * 1000) + 1);
		if (n < 0 && errno != EINTR) {
			rc = cli_error(c, EXIT_FAIL, errno, instance, "poll: %s", strerror(errno));
			goto out;
		}
		n = ioasid_prq_trace_read(t, on_event, &st);
		if (n < 0 || st.err) {
			rc = n < 0 ? cli_lib_error(c, n, instance)
				   : cli_error(c, EXIT_FAIL, st.err, instance, "%s",
					       strerror(st.err));
			goto out;
		}
		if (st.max && st.agg.events >= st.max) {
			why = "count";
			break;
		}
	}
	{
		uint64_t lost = ioasid_prq_trace_lost(t), unparsed = ioasid_prq_trace_unparsed(t);

		/* clean up before printing: a closed stdout must not leave the
		 * instance behind */
		crc = ioasid_prq_trace_close(t);
		t = NULL;
		if (trace_print_final(c, &st, instance, now_sec() - start, why, lost, unparsed) < 0)
			rc = EXIT_FAIL;
		if (crc < 0)
			rc = cli_lib_error(c, crc, instance);
	}
out:
	if (t && (crc = ioasid_prq_trace_close(t)) < 0)
		cli_lib_error(c, crc, "trace instance");
	if (handlers)
		for (size_t i = 0; i < 4; i++)
			sigaction(sigs[i], &old[i], NULL);
	ioasid_prq_agg_free(&st.agg);
	return cli_list_end(&cl, rc);
}
