// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The misc cgroup controller's files (kernel/cgroup/misc.c, misc_cg_files[]).
 * Each is one line per resource, "<name> <value>\n", resources in the
 * kernel's enum order (misc_res_name[]):
 *
 *   misc.capacity      misc_cg_capacity_show()  "%s %llu\n"  CFTYPE_ONLY_ON_ROOT;
 *                      only resources with capacity != 0
 *   misc.current       misc_cg_current_show()   "%s %llu\n"  every cgroup since
 *                      v6.5 (e973dfe92994), CFTYPE_NOT_ON_ROOT before (6.1);
 *                      resources with capacity != 0 or usage != 0
 *   misc.peak          misc_cg_peak_show()      "%s %llu\n"  every cgroup, v6.11;
 *                      capacity != 0 or watermark != 0
 *   misc.max           misc_cg_max_show()       "%s max\n" (limit == MAX_NUM) or
 *                      "%s %llu\n"; CFTYPE_NOT_ON_ROOT; capacity != 0 only
 *   misc.events        misc_events_show() / __misc_events_show(sf, false)
 *                      "%s.max %llu\n"  CFTYPE_NOT_ON_ROOT, hierarchical,
 *                      v5.16; capacity != 0 or events != 0
 *   misc.events.local  __misc_events_show(sf, true), same format, v6.11
 *
 * 6.1 prints the same text with "%lu" from unsigned long (MAX_NUM is
 * ULONG_MAX), 6.12 "%llu" from u64 (MAX_NUM is U64_MAX): one decimal
 * parser up to UINT64_MAX reads both. A write goes to misc.max as
 * "<name> <N>" or "<name> max" (misc_cg_max_write()); that writer,
 * ioasid_misc_set_max(), is in cgroup-write.c and reads the current limit
 * with ioasid_misc_parse() first.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "core/internal.h"
#include "uapi/ioasid.h"

/* a value not (yet) given by its file; replaced in ioasid_misc_finish() */
#define UNSEEN (-1)
/* a cgroup with more resources than this is garbage (the kernel has 2-3) */
#define MAX_RES 64

static const char *const misc_file[IOASID_MISC_NFILES] = {
	[IOASID_MISC_CAPACITY] = "misc.capacity", [IOASID_MISC_CURRENT] = "misc.current",
	[IOASID_MISC_PEAK] = "misc.peak",	  [IOASID_MISC_MAX] = "misc.max",
	[IOASID_MISC_EVENTS] = "misc.events",	  [IOASID_MISC_EVENTS_LOCAL] = "misc.events.local",
};

IOASID_EXPORT const char *ioasid_misc_file_name(enum ioasid_misc_file f)
{
	return (unsigned)f < IOASID_MISC_NFILES ? misc_file[f] : NULL;
}

/* "%llu": decimal digits only (no sign, space or base prefix), <= 2^64-1. */
static int parse_dec(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned d;

		if (!isdigit((unsigned char)s[i]))
			return -EINVAL;
		d = (unsigned)(s[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static struct ioasid_misc_res *res_get(struct ioasid_misc_cgroup *cg, const char *name, size_t n)
{
	struct ioasid_misc_res *r;

	for (size_t i = 0; i < cg->nres; i++)
		if (strlen(cg->res[i].name) == n && !memcmp(cg->res[i].name, name, n))
			return &cg->res[i];
	if (cg->nres >= MAX_RES)
		return NULL;
	r = realloc(cg->res, (cg->nres + 1) * sizeof(*r));
	if (!r)
		return NULL;
	cg->res = r;
	r = &cg->res[cg->nres++];
	memset(r, 0, sizeof(*r));
	memcpy(r->name, name, n);
	for (int f = 0; f < IOASID_MISC_NFILES; f++)
		r->v[f].err = UNSEEN;
	return r;
}

/* One line without its '\n'. 0 ok, -EINVAL malformed, -ENOMEM. */
static int parse_line(struct ioasid_misc_cgroup *cg, enum ioasid_misc_file f, const char *s,
		      size_t n)
{
	const char *sp = memchr(s, ' ', n), *val;
	size_t kl, vl, rl;
	struct ioasid_misc_res *r;
	bool unlimited = false;
	uint64_t v;

	if (!sp)
		return -EINVAL;
	kl = (size_t)(sp - s);
	val = sp + 1;
	vl = n - kl - 1;
	rl = kl;
	for (size_t i = 0; i < kl; i++)
		if (!isgraph((unsigned char)s[i]))
			return -EINVAL;
	if (f == IOASID_MISC_EVENTS || f == IOASID_MISC_EVENTS_LOCAL) {
		/* "%s.max": the only event the kernel counts */
		if (kl < 5 || memcmp(s + kl - 4, ".max", 4))
			return -EINVAL;
		rl = kl - 4;
	}
	if (rl == 0 || rl >= sizeof(r->name))
		return -EINVAL;
	if (f == IOASID_MISC_MAX && vl == 3 && !memcmp(val, "max", 3)) {
		unlimited = true;
		v = UINT64_MAX;
	} else if (parse_dec(val, vl, &v) < 0) {
		return -EINVAL; /* garbage, a second field, or > 2^64-1 */
	}
	if (cg->nres >= MAX_RES) {
		bool known = false;

		for (size_t i = 0; i < cg->nres; i++)
			known |= strlen(cg->res[i].name) == rl && !memcmp(cg->res[i].name, s, rl);
		if (!known)
			return -EINVAL;
	}
	r = res_get(cg, s, rl);
	if (!r)
		return -ENOMEM;
	if (r->v[f].err != UNSEEN)
		return -EINVAL; /* the kernel prints each resource once */
	r->v[f].v = v;
	r->v[f].err = 0;
	if (f == IOASID_MISC_MAX)
		r->max_unlimited = unlimited;
	return 0;
}

int ioasid_misc_parse(struct ioasid_misc_cgroup *cg, enum ioasid_misc_file f, const char *text,
		      size_t len)
{
	const char *p = text, *end = text + len;
	int bad = 0;

	if ((unsigned)f >= IOASID_MISC_NFILES)
		return -EINVAL;
	/* a NUL byte: the file is not the kernel's text at all */
	if (memchr(text, '\0', len))
		return 1;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		int rc;

		/* every line ends in '\n' (seq_printf "...\n"): one that
		 * does not was cut off */
		if (!eol) {
			bad++;
			break;
		}
		rc = parse_line(cg, f, p, (size_t)(eol - p));
		if (rc == -ENOMEM)
			return rc;
		bad += rc < 0;
		p = eol + 1;
	}
	return bad;
}

void ioasid_misc_finish(struct ioasid_misc_cgroup *cg)
{
	for (size_t i = 0; i < cg->nres; i++) {
		struct ioasid_misc_res *r = &cg->res[i];

		for (int f = 0; f < IOASID_MISC_NFILES; f++) {
			struct ioasid_val *v = &r->v[f];
			int ferr = cg->file_err[f];

			if (v->err != UNSEEN)
				continue;
			v->v = 0;
			if (ferr)
				/* unreadable or damaged file: nothing to infer */
				v->err = ferr;
			else if (f == IOASID_MISC_MAX)
				/* misc_cg_max_show() skips capacity 0: the limit
				 * exists but is not shown */
				v->err = ENODATA;
			else
				/* the other show functions skip exactly the
				 * lines whose value (and capacity) are 0 */
				v->err = 0;
		}
	}
}

static bool top_is_root(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			const char *rel)
{
	char host[PATH_MAX];

	/* cgroup.type is CFTYPE_NOT_ON_ROOT: only the hierarchy's root lacks
	 * it (a subtree or a cgroup namespace shown as "/" has it) */
	return !strcmp(rel, "/") && !strcmp(m->root, "/") &&
	       ioasid_cgroup_host_path(m, rel, host, sizeof(host)) == 0 &&
	       iopath_access(ctx, "%s/cgroup.type", host) == -ENOENT;
}

IOASID_EXPORT int ioasid_misc_read(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
				   const char *rel, struct ioasid_misc_cgroup *out)
{
	memset(out, 0, sizeof(*out));
	out->path = strdup(rel);
	if (!out->path)
		return -ENOMEM;
	out->is_root = top_is_root(ctx, m, rel);
	for (int f = 0; f < IOASID_MISC_NFILES; f++) {
		size_t len;
		char *text;
		int rc = ioasid_cgroup_read(ctx, m, rel, misc_file[f], &text, &len);

		if (rc == -ENOMEM || rc == -ENAMETOOLONG) {
			ioasid_misc_cgroup_free(out);
			return rc;
		}
		if (rc < 0) {
			out->file_err[f] = -rc;
			continue;
		}
		rc = ioasid_misc_parse(out, (enum ioasid_misc_file)f, text, len);
		free(text);
		if (rc < 0) {
			ioasid_misc_cgroup_free(out);
			return rc;
		}
		out->file_err[f] = rc > 0 ? EINVAL : 0;
	}
	ioasid_misc_finish(out);
	/* the ioasids controller's files sit beside misc's (ioasid-abi(7)) */
	if (ioasid_ioasids_read(ctx, m, rel, &out->ioasids) < 0) {
		ioasid_misc_cgroup_free(out);
		return -ENOMEM;
	}
	return 0;
}

IOASID_EXPORT void ioasid_misc_cgroup_free(struct ioasid_misc_cgroup *cg)
{
	free(cg->path);
	free(cg->res);
	memset(cg, 0, sizeof(*cg));
}

IOASID_EXPORT const struct ioasid_misc_res *ioasid_misc_find(const struct ioasid_misc_cgroup *cg,
							     const char *name)
{
	for (size_t i = 0; i < cg->nres; i++)
		if (!strcmp(cg->res[i].name, name))
			return &cg->res[i];
	return NULL;
}

struct list_walk {
	const struct ioasid_cgroup_mount *m;
	struct ioasid_misc_list *l;
};

static int list_visit(struct ioasid_ctx *ctx, const char *rel, unsigned depth, void *arg)
{
	struct list_walk *w = arg;
	struct ioasid_misc_cgroup *nv;
	int rc;

	(void)depth;
	/* a child's controllers are a subset of its parent's: where misc is
	 * not enabled, no descendant has it either */
	rc = ioasid_cgroup_has_controller(ctx, w->m, rel, "misc");
	if (rc == -ENOMEM)
		return rc;
	/* or the ioasids controller, the other form of IOASID limits */
	if (rc <= 0)
		rc = ioasid_cgroup_has_controller(ctx, w->m, rel, IOASID_CGROUP_CONTROLLER);
	if (rc == -ENOMEM)
		return rc;
	if (rc <= 0)
		return 0;
	nv = realloc(w->l->v, (w->l->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	w->l->v = nv;
	rc = ioasid_misc_read(ctx, w->m, rel, &w->l->v[w->l->n]);
	if (rc < 0)
		return rc;
	w->l->n++;
	return 1;
}

IOASID_EXPORT int ioasid_misc_list(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
				   struct ioasid_misc_list *out)
{
	struct list_walk w = {.m = m, .l = out};
	int rc;

	*out = (struct ioasid_misc_list){0};
	rc = ioasid_cgroup_has_controller(ctx, m, "/", "misc");
	if (rc == 0)
		rc = ioasid_cgroup_has_controller(ctx, m, "/", IOASID_CGROUP_CONTROLLER);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return ioasid_set_error(ctx, EOPNOTSUPP, m->mountpoint,
					"no misc controller (misc missing from "
					"%s/cgroup.controllers: a kernel without "
					"CONFIG_CGROUP_MISC, or misc bound to a cgroup v1 "
					"hierarchy)",
					strcmp(m->mountpoint, "/") ? m->mountpoint : "");
	rc = ioasid_cgroup_walk(ctx, m, "/", list_visit, &w);
	if (rc < 0) {
		ioasid_misc_list_free(out);
		return ioasid_set_error(ctx, rc, m->mountpoint, "%s", strerror(-rc));
	}
	return 0;
}

IOASID_EXPORT void ioasid_misc_list_free(struct ioasid_misc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		ioasid_misc_cgroup_free(&l->v[i]);
	free(l->v);
	*l = (struct ioasid_misc_list){0};
}
