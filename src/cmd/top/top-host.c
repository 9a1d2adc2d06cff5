// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop's host side: open the host (live, replayed or emulated), take
 * a sample (through top-sample.c), derive the changes between samples,
 * and feed the event pane from the extension's notifications and the
 * page-request tracepoint. Nothing here draws.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/arg.h"
#include "cli/cli.h"
#include "top/top-app.h"

double top_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int top_open_host(struct top *tp)
{
	struct ioasid_error err = {0};
	int rc;

	if (tp->o.sim) {
		tp->kind = TOP_HOST_EMULATED;
		tp->root = tp->o.sim;
		rc = ioasid_sim_open(&tp->base, tp->o.sim, &err);
	} else {
		tp->kind = tp->o.sysroot ? TOP_HOST_REPLAY : TOP_HOST_LIVE;
		tp->root = tp->o.sysroot ? tp->o.sysroot : "/";
		rc = ioasid_ctx_open(&tp->base, tp->o.sysroot, &err);
	}
	if (rc < 0)
		return top_error(rc == -ENOENT ? 3 : 1, err.object[0] ? err.object : tp->root,
				 "cannot use as %s host: %s", top_host_kind_name(tp->kind),
				 err.message[0] ? err.message : strerror(-rc));
	if (tp->o.pci_dump) {
		rc = ioasid_ctx_set_pci_dump(tp->base, tp->o.pci_dump);
		if (rc < 0)
			return top_error(1, tp->o.pci_dump, "%s", strerror(-rc));
	}
	/* notifications where the host has them; a stock kernel has no family
	 * ioasid (EOPNOTSUPP) and a replay no sockets: the pane then shows
	 * only the changes between frames */
	if (tp->kind == TOP_HOST_EMULATED)
		ioasid_evsrc_open_sim(tp->o.sim, IOASID_EVENT_IOASID, &tp->ntf, &err);
	else if (tp->kind == TOP_HOST_LIVE)
		ioasid_evsrc_open(tp->base, IOASID_EVENT_IOASID, &tp->ntf);
	return 0;
}

/* The notifications read for one frame: the sets they name (what
 * top_sample_apply reads again), and whether any were lost. */
struct ntf_read {
	struct top *tp;
	uint32_t *sets;
	size_t n, cap;
	bool lost;     /* the changes are not all known */
	bool reported; /* the source said so: a gap, an overrun or a restart */
};

static void ntf_note_set(struct ntf_read *nr, const char *set)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = set ? strtoul(set, &end, 10) : 0;
	if (!set || errno || *end || v > UINT32_MAX) {
		nr->lost = true; /* a change in a set we cannot name */
		return;
	}
	if (nr->n == nr->cap) {
		size_t cap = nr->cap ? nr->cap * 2 : 64;
		uint32_t *nv = realloc(nr->sets, cap * sizeof(*nv));

		if (!nv) {
			nr->lost = true;
			return;
		}
		nr->sets = nv;
		nr->cap = cap;
	}
	nr->sets[nr->n++] = (uint32_t)v;
}

/* One notification into the event pane: "bind ioasid 7 set 2 spid 1 seq 4",
 * or the loss the source reported. */
static int ntf_event(const struct ioasid_event *ev, void *arg)
{
	struct ntf_read *nr = arg;
	struct top *tp = nr->tp;
	const char *set = ioasid_event_field(ev, "set"), *spid = ioasid_event_field(ev, "spid");
	char ts[16];
	time_t t = (time_t)(ev->time_usec / 1000000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	if (!strcmp(ev->action, "lost") || !strcmp(ev->action, "reset"))
		nr->lost = nr->reported = true;
	else
		ntf_note_set(nr, set);
	if (!strcmp(ev->action, "reset")) {
		top_ui_event(&tp->ui, "%s notifications restarted at seq %" PRIu64, ts, ev->seq);
		return 0;
	}
	if (!strcmp(ev->action, "lost")) {
		if (ev->lost_unknown)
			top_ui_event(&tp->ui, "%s notifications lost (%s)", ts, ev->object);
		else
			top_ui_event(&tp->ui, "%s %" PRIu64 " notifications lost", ts, ev->lost);
		return 0;
	}
	top_ui_event(&tp->ui, "%s %s %s%s%s%s%s seq %" PRIu64, ts, ev->action, ev->object,
		     set ? " set " : "", set ? set : "", spid ? " spid " : "", spid ? spid : "",
		     ev->seq);
	return 0;
}

/* The context a sample reads: an emulated host's current generation (each
 * mutation publishes a new one), else the host's own. */
static struct ioasid_ctx *sample_ctx(struct top *tp)
{
	struct ioasid_error err;
	struct ioasid_ctx *c = NULL;

	if (tp->kind != TOP_HOST_EMULATED)
		return tp->base;
	if (ioasid_sim_open(&c, tp->o.sim, &err) < 0)
		return tp->cur ? tp->cur : tp->base; /* keep showing the last one */
	if (tp->cur && tp->cur != tp->base)
		ioasid_ctx_free(tp->cur);
	tp->cur = c;
	return c;
}

unsigned top_want_for(enum top_view v)
{
	return v == TOP_VIEW_SVA ? TOP_WANT_SVA : v == TOP_VIEW_IOASIDS ? TOP_WANT_BINDINGS : 0;
}

void top_stamp(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}

/* The changes between two samples, for the event pane. */
static void derive_events(struct top *tp)
{
	const struct top_sample *a = &tp->prev, *b = &tp->s;
	char ts[16];
	size_t i = 0, j = 0;

	if (!tp->have_prev)
		return;
	top_stamp(ts, sizeof(ts));
	if (a->ext_err || b->ext_err) {
		/* one of them could not read the sets: no comparison there */
		if (a->ext_err != b->ext_err)
			top_ui_event(&tp->ui, "%s IOASID extension %s", ts,
				     b->ext_err ? "unreadable" : "readable again");
		goto others;
	}
	while (i < a->nsets || j < b->nsets) {
		if (j >= b->nsets || (i < a->nsets && a->sets[i].id < b->sets[j].id)) {
			top_ui_event(&tp->ui, "%s set %u destroyed", ts, a->sets[i].id);
			i++;
		} else if (i >= a->nsets || a->sets[i].id > b->sets[j].id) {
			top_ui_event(&tp->ui, "%s set %u created%s%s", ts, b->sets[j].id,
				     b->sets[j].cgroup ? " in " : "",
				     b->sets[j].cgroup ? b->sets[j].cgroup : "");
			j++;
		} else {
			const struct top_set *x = &a->sets[i], *y = &b->sets[j];

			if (x->allocated.v != y->allocated.v || x->active != y->active)
				top_ui_event(&tp->ui,
					     "%s set %u: allocated %" PRIu64 " -> %" PRIu64
					     ", active %" PRIu64 " -> %" PRIu64,
					     ts, y->id, x->allocated.v, y->allocated.v, x->active,
					     y->active);
			if (x->quota.v != y->quota.v)
				top_ui_event(&tp->ui, "%s set %u: quota %" PRIu64 " -> %" PRIu64,
					     ts, y->id, x->quota.v, y->quota.v);
			i++;
			j++;
		}
	}
others:
	for (size_t k = 0; k < b->ncg; k++) {
		const struct top_cg *y = &b->cgs[k];

		for (size_t m = 0; m < a->ncg; m++) {
			const struct top_cg *x = &a->cgs[m];

			if (strcmp(x->path, y->path))
				continue;
			if (x->io_max.v != y->io_max.v || x->io_unlimited != y->io_unlimited)
				top_ui_event(&tp->ui, "%s %s: ioasids.max changed to %s%" PRIu64,
					     ts, y->path, y->io_unlimited ? "max " : "",
					     y->io_unlimited ? 0 : y->io_max.v);
			if (x->misc_max.v != y->misc_max.v ||
			    x->misc_unlimited != y->misc_unlimited)
				top_ui_event(&tp->ui,
					     "%s %s: misc.max ioasid changed to %s%" PRIu64, ts,
					     y->path, y->misc_unlimited ? "max " : "",
					     y->misc_unlimited ? 0 : y->misc_max.v);
			if (x->io_events.v != y->io_events.v ||
			    x->misc_events.v != y->misc_events.v)
				top_ui_event(&tp->ui, "%s %s: allocation refused at the limit", ts,
					     y->path);
		}
	}
	for (size_t k = 0; k < b->nunits; k++)
		if (b->units[k].rate.known && b->units[k].rate.delta)
			top_ui_event(&tp->ui, "%s %s: +%" PRIu64 " page-request interrupts", ts,
				     b->units[k].iommu, b->units[k].rate.delta);
	if (!a->io_err && !b->io_err && a->nio != b->nio)
		top_ui_event(&tp->ui, "%s IOASIDs %zu -> %zu", ts, a->nio, b->nio);
}

static int trace_cb(const struct ioasid_prq_event *ev, void *arg)
{
	return ioasid_prq_agg_add(arg, ev) < 0;
}

/* --trace on the live host: the tracepoint, or one line why not. */
int top_open_trace(struct top *tp)
{
	int rc;

	if (tp->kind != TOP_HOST_LIVE)
		return top_error(EXIT_UNSUPPORTED, "--trace",
				 "the tracepoint exists on the live host only");
	rc = ioasid_prq_trace_open(tp->base, &tp->trace);
	if (rc < 0) {
		const struct ioasid_error *e = ioasid_ctx_last_error(tp->base);

		tp->trace = NULL;
		return top_error(rc == -EACCES || rc == -EPERM	      ? EXIT_PERM
				 : rc == -EOPNOTSUPP || rc == -ENOENT ? EXIT_UNSUPPORTED
								      : EXIT_FAIL,
				 e->object[0] ? e->object : "intel_iommu:prq_report", "%s",
				 e->message[0] ? e->message : strerror(-rc));
	}
	return 0;
}

/* A frame in which nothing changed costs no re-read: an emulated host
 * publishes every change as a new generation (ioasid-sim.h), so the same
 * generation is the same host, file for file. The sample stays; its rates
 * become 0 over the time since (top_sample_still).
 *
 * A frame of a changed emulated host applies the changes to the last
 * sample (top_sample_apply): the notifications since the last frame (the
 * event log; ioasid-abi(7) version 3 announces every allocation) name the
 * sets whose IOASIDs are read again; the set dump, which is read every
 * time, names those whose record changed (an IOASID released without a
 * notification). The host is read in full instead on a lost notification
 * (gap, overrun, restart), when the interrupt counters moved (page
 * requests are counted without notifications), when the log was read
 * from a later generation than the sample, and every TOP_FULL_PERIOD
 * seconds. A live host's interrupt counters move without notifications,
 * so it is always read in full. */
#define TOP_FULL_PERIOD 30.0

static bool host_unchanged(struct top *tp, const struct ioasid_ctx *c, const char *prev_root)
{
	unsigned want = top_want_for(tp->ui.view);

	return tp->kind == TOP_HOST_EMULATED && tp->have_s && prev_root && c != tp->base &&
	       !strcmp(prev_root, ioasid_ctx_root(c)) && !tp->trace && !tp->resync &&
	       top_now() - tp->full_t < TOP_FULL_PERIOD &&
	       (!(want & TOP_WANT_BINDINGS) || tp->s.have_bindings || tp->s.io_err) &&
	       (!(want & TOP_WANT_SVA) || tp->s.have_sva);
}

/* The notifications since the last frame, before the sample. */
static void read_ntf(struct top *tp, struct ntf_read *nr)
{
	struct ioasid_error err = {0};

	if (!tp->ntf) {
		nr->lost = true;
		return;
	}
	if (ioasid_evsrc_read(tp->ntf, ntf_event, nr, &err) < 0) {
		top_ui_event(&tp->ui, "notifications stopped: %s", err.message);
		ioasid_evsrc_close(tp->ntf);
		tp->ntf = NULL;
		nr->lost = true;
	}
}

/* The event log read is the sample's: `current` still names the
 * generation c reads (a mutation in between: the log may hold changes the
 * sample does not, which the next frame would not see again). */
static bool log_is_sample(struct top *tp, const struct ioasid_ctx *c)
{
	char path[4096], target[256];
	const char *root = ioasid_ctx_root(c), *base = strrchr(root, '/');
	ssize_t n;

	if (tp->kind != TOP_HOST_EMULATED)
		return true;
	snprintf(path, sizeof(path), "%s/current", tp->o.sim);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0 || !base)
		return false;
	target[n] = '\0';
	return !strcmp(base + 1, target);
}

/* Page requests move counters without a notification. */
static bool units_same(const struct top_sample *a, const struct top_sample *b)
{
	if (a->nunits != b->nunits || a->prq_err != b->prq_err)
		return false;
	for (size_t i = 0; i < a->nunits; i++)
		if (a->units[i].has_irq != b->units[i].has_irq ||
		    a->units[i].total != b->units[i].total ||
		    strcmp(a->units[i].iommu, b->units[i].iommu))
			return false;
	return true;
}

static bool io_rates_zero(const struct top_sample *s)
{
	for (size_t i = 0; i < s->nio; i++)
		if (!s->io[i].prq_rate.known || s->io[i].prq_rate.delta)
			return false;
	return true;
}

/* The changes applied to the last sample into ns; false: read in full. */
static bool try_apply(struct top *tp, struct ioasid_ctx *c, const struct ntf_read *nr,
		      struct top_sample *ns)
{
	struct top_applied what;

	if (tp->kind != TOP_HOST_EMULATED || !tp->have_s || tp->trace || nr->lost || tp->resync ||
	    top_now() - tp->full_t >= TOP_FULL_PERIOD)
		return false;
	if (top_sample_apply(c, top_want_for(tp->ui.view), &tp->s, nr->sets, nr->n, ns, &what) < 0)
		return false;
	if (!units_same(&tp->s, ns)) {
		top_sample_free(ns);
		free(what.dirty);
		return false;
	}
	/* the rows of the other sets show the same text when their rates
	 * were 0 and stay 0 */
	tp->applied_rows = io_rates_zero(&tp->s);
	free(tp->dirty);
	tp->dirty = what.dirty;
	tp->ndirty = what.ndirty;
	return true;
}

void top_take_sample(struct top *tp)
{
	char prev_root[4096];
	bool had_root = tp->cur && tp->cur != tp->base, synced;
	struct ntf_read nr = {.tp = tp};
	struct ioasid_ctx *c;

	if (had_root)
		snprintf(prev_root, sizeof(prev_root), "%s", ioasid_ctx_root(tp->cur));
	c = sample_ctx(tp);
	read_ntf(tp, &nr);
	synced = log_is_sample(tp, c);
	tp->applied = false;
	tp->still = host_unchanged(tp, c, had_root ? prev_root : NULL);
	if (tp->still) {
		/* the rows need building again only when the rates drop to 0 */
		tp->still_rows = top_sample_still(&tp->s, top_now());
	} else {
		struct top_sample ns;

		tp->still_rows = false;
		tp->applied = try_apply(tp, c, &nr, &ns);
		if (tp->have_prev)
			top_sample_free(&tp->prev);
		if (tp->have_s) {
			tp->prev = tp->s;
			tp->have_prev = true;
		}
		if (tp->applied) {
			tp->s = ns;
		} else {
			top_sample_take(c, top_want_for(tp->ui.view), &tp->s);
			tp->full_t = tp->s.t;
			if (nr.reported && tp->have_prev) {
				char ts[16];

				top_stamp(ts, sizeof(ts));
				top_ui_event(&tp->ui,
					     "%s notifications lost: the host read in full", ts);
			}
		}
		tp->have_s = true;
		if (tp->trace) {
			ioasid_prq_trace_read(tp->trace, trace_cb, &tp->agg);
			top_sample_flows(&tp->s, &tp->agg, ioasid_prq_trace_lost(tp->trace));
		}
		top_sample_rates(&tp->s, tp->have_prev ? &tp->prev : NULL);
		derive_events(tp);
	}
	/* a log read past the sample: the next frame reads in full */
	tp->resync = !synced;
	free(nr.sets);
	if (tp->ui.view == TOP_VIEW_DEVICES)
		top_devices_load(tp->base, &tp->dev);
	/* not root: say once why some values are "no perm" (null in JSON) */
	if (!tp->perm_said && (ioasid_ctx_perm_denials(c) || ioasid_ctx_perm_denials(tp->base))) {
		tp->perm_said = true;
		if (tp->snapshot || tp->loop)
			pr_err("ioasidtop: note: some files were not readable without root; "
			       "those values are null");
		else
			snprintf(tp->ui.message, sizeof(tp->ui.message),
				 "some files are not readable without root: shown as \"no perm\"");
	}
}
