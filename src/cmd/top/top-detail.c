// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The detail pane of ioasidtop: computed when the selection changes (or
 * the selected row itself changed), never per frame. A set: its IOASIDs
 * and its SPID map (dumps filtered by the set); an IOASID: its record and
 * binding; a cgroup: its limits and sets; a device: its reason chain
 * (ioasid_device_chain, the same chain as `ioasidctl device why`, from the
 * PCI data read once); an SVA device: its work queues and clients.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "top/top.h"

#define DETAIL_MAX_LINES 200

struct set_acc {
	FILE *f;
	size_t n;
};

static int io_line(const struct ioasid_ext_rec *r, void *arg)
{
	struct set_acc *a = arg;
	const char *st = ioasid_ext_state_name(r->state);

	if (a->n++ < DETAIL_MAX_LINES)
		fprintf(a->f, "IOASID %-7u %-12s refs %-3u prq %" PRIu64 "\n", r->ioasid,
			st ? st : "?", r->refs, r->prq_count);
	return 0;
}

static int spid_line(const struct ioasid_ext_rec *r, void *arg)
{
	struct set_acc *a = arg;

	if (a->n++ < DETAIL_MAX_LINES)
		fprintf(a->f, "SPID %-7u -> IOASID %u%s%s\n", r->spid, r->ioasid,
			r->device ? "  device " : "", r->device ? r->device : "");
	return 0;
}

static void set_detail(FILE *f, struct ioasid_ctx *ctx, const struct top_sample *s, uint32_t id)
{
	const struct top_set *st = top_sample_set(s, id);
	struct ioasid_ext_filter flt = {.has_set = true, .set = id};
	struct set_acc a = {f, 0};
	int rc;

	if (st) {
		fprintf(f, "set %u: %s", id, ioasid_ext_set_type_name(st->type) ?: "?");
		if (!st->quota.err)
			fprintf(f, ", quota %" PRIu64, st->quota.v);
		if (!st->allocated.err)
			fprintf(f, ", allocated %" PRIu64, st->allocated.v);
		if (!st->owner_pid.err)
			fprintf(f, ", owner pid %" PRIu64, st->owner_pid.v);
		fprintf(f, "%s%s\n", st->cgroup ? ", cgroup " : "", st->cgroup ? st->cgroup : "");
	}
	fprintf(f, "IOASIDs:\n");
	rc = ioasid_ext_ioasid_dump(ctx, &flt, io_line, &a, NULL);
	if (rc < 0)
		fprintf(f, "  cannot read: %s\n", strerror(-rc));
	else if (!a.n)
		fprintf(f, "  none\n");
	else if (a.n > DETAIL_MAX_LINES)
		fprintf(f, "  ... %zu more\n", a.n - DETAIL_MAX_LINES);
	a.n = 0;
	fprintf(f, "SPID map:\n");
	rc = ioasid_ext_binding_dump(ctx, &flt, spid_line, &a, NULL);
	if (rc < 0)
		fprintf(f, "  cannot read: %s\n", strerror(-rc));
	else if (!a.n)
		fprintf(f, "  no SPID bound\n");
	else if (a.n > DETAIL_MAX_LINES)
		fprintf(f, "  ... %zu more\n", a.n - DETAIL_MAX_LINES);
}

static void io_detail(FILE *f, struct ioasid_ctx *ctx, const struct top_sample *s, uint32_t id)
{
	const struct top_io *io = NULL;

	for (size_t i = 0; i < s->nio && !io; i++)
		if (s->io[i].ioasid == id)
			io = &s->io[i];
	if (!io) {
		fprintf(f, "IOASID %u is gone\n", id);
		return;
	}
	fprintf(f, "IOASID %u in set %u: %s, refs %u, %" PRIu64 " page requests\n", id, io->set,
		ioasid_ext_state_name(io->state) ?: "?", io->refs, io->prq);
	if (io->has_spid)
		fprintf(f, "bound to SPID %u\n", io->spid);
	set_detail(f, ctx, s, io->set);
}

/* A value as text: the number, "max" for an unlimited limit, or why not. */
static const char *vtxt(char *buf, size_t len, const struct ioasid_val *v, bool unlimited)
{
	if (v->err)
		snprintf(buf, len, "%s", ioasid_err_short(v->err));
	else if (unlimited)
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%" PRIu64, v->v);
	return buf;
}

static void cg_detail(FILE *f, const struct top_sample *s, const char *path)
{
	for (size_t i = 0; i < s->ncg; i++) {
		const struct top_cg *c = &s->cgs[i];

		if (strcmp(c->path, path))
			continue;
		char a[32], b[32], e[32];

		fprintf(f, "cgroup %s\n", path);
		if (c->has_ioasids)
			fprintf(f, "ioasids.current %s, ioasids.max %s, refused (events max) %s\n",
				vtxt(a, sizeof(a), &c->io_cur, false),
				vtxt(b, sizeof(b), &c->io_max, c->io_unlimited),
				vtxt(e, sizeof(e), &c->io_events, false));
		if (c->has_misc)
			fprintf(f, "misc.current ioasid %s, misc.max ioasid %s, misc.events %s\n",
				vtxt(a, sizeof(a), &c->misc_cur, false),
				vtxt(b, sizeof(b), &c->misc_max, c->misc_unlimited),
				vtxt(e, sizeof(e), &c->misc_events, false));
		break;
	}
	fprintf(f, "sets charged here:\n");
	for (size_t i = 0; i < s->nsets; i++)
		if (s->sets[i].cgroup && !strcmp(s->sets[i].cgroup, path))
			fprintf(f, "  set %u: %" PRIu64 " allocated, %" PRIu64 " active\n",
				s->sets[i].id,
				s->sets[i].allocated.err ? 0 : s->sets[i].allocated.v,
				s->sets[i].active);
}

static void dev_detail(FILE *f, struct ioasid_ctx *ctx, const struct top_devices *d,
		       const char *bdf)
{
	struct ioasid_chain ch = {0};
	int rc;

	if (!d->loaded || d->err) {
		fprintf(f, "PCI devices unreadable: %s\n", strerror(d->err ? d->err : ENODATA));
		return;
	}
	rc = ioasid_device_chain(ctx, &d->il, &d->pl, bdf, &ch);
	if (rc < 0) {
		fprintf(f, "%s: no reason chain: %s\n", bdf, strerror(-rc));
		return;
	}
	fprintf(f, "PASID %s  SVA %s  page requests %s\n", ioasid_verdict_name(ch.pasid.verdict),
		ioasid_verdict_name(ch.sva.verdict), ioasid_verdict_name(ch.prq.verdict));
	for (size_t i = 0; i < ch.n; i++) {
		const struct ioasid_step *st = &ch.v[i];

		fprintf(f, "%-7s %s %s: %s\n", ioasid_verdict_name(st->verdict), st->rule,
			st->subject, st->evidence);
		if (st->verdict == IOASID_V_FAIL && st->fix[0])
			fprintf(f, "        fix: %s\n", st->fix);
	}
	ioasid_chain_free(&ch);
}

static void sva_detail(FILE *f, const struct top_sample *s, const char *key)
{
	for (size_t i = 0; i < s->idxd.n; i++) {
		const struct ioasid_idxd_dev *dv = &s->idxd.v[i];
		size_t n = strlen(dv->name);

		if (strncmp(key, dv->name, n) || key[n] != '/')
			continue;
		for (size_t w = 0; w < dv->nwqs; w++) {
			const struct ioasid_idxd_wq *q = &dv->wqs[w];

			if (strcmp(key + n + 1, q->name))
				continue;
			fprintf(f, "%s/%s %s %s %s, %s\n", dv->name, q->name, q->mode, q->type,
				q->state, q->cdev[0] ? q->cdev : "no char device");
			for (size_t k = 0; k < q->nclients; k++) {
				char pid[32];

				fprintf(f, "client %s pid %s %s\n", q->clients_v[k].name,
					vtxt(pid, sizeof(pid), &q->clients_v[k].pid, false),
					q->clients_v[k].comm);
			}
			if (!q->nclients)
				fprintf(f, "no clients listed\n");
		}
	}
}

char *top_detail(struct ioasid_ctx *ctx, const struct top_devices *d, const struct top_sample *s,
		 const struct top_table *t, size_t row)
{
	const char *key = top_row_key(t, row);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	unsigned id;

	if (!f)
		return NULL;
	if (sscanf(key, "set %u", &id) == 1)
		set_detail(f, ctx, s, id);
	else if (sscanf(key, "ioasid %u", &id) == 1)
		io_detail(f, ctx, s, id);
	else if (!strncmp(key, "group ", 6)) {
		fprintf(f, "sets of cgroup %s:\n", key + 6);
		for (size_t i = 0; i < s->nsets; i++)
			if (s->sets[i].cgroup && !strcmp(s->sets[i].cgroup, key + 6))
				fprintf(f, "  set %u\n", s->sets[i].id);
	} else if (t->view == TOP_VIEW_CGROUPS)
		cg_detail(f, s, key);
	else if (t->view == TOP_VIEW_DEVICES)
		dev_detail(f, ctx, d, key);
	else if (t->view == TOP_VIEW_SVA)
		sva_detail(f, s, key);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
