// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl config save [-o FILE] | config apply FILE [--dry-run] [-J]
 *
 * The host's provisionable IOASID state as one JSON document
 * (ctl/config-doc.h; share/ioasidctl/config.schema.json): cgroup limits
 * of both forms (misc.max resource "ioasid", the seed's ioasids.max), the
 * extension's capacity reservation and set quotas. Every value is read
 * with the library's readers (the same on a live host, a snapshot and an
 * emulated host) and written with the writers the single commands use:
 * cli_action_set_limit() (cgroup set-limit), knob_live_result() (the live
 * host's admin knobs) and the emulated host's set quota / capacity
 * reserve|cancel mutations, one atomic write (or generation) per item.
 *
 * apply runs in three passes. 1: the whole document is read and checked
 * (syntax, keys, types, ranges: one error naming the JSON path, exit 2).
 * 2: the plan: each item is resolved on the host and its current value
 * read (a cgroup, unit or set that does not exist: exit 3; a value the
 * host's rules refuse: exit 1; both naming the JSON path), still with
 * nothing written; an item whose interface the host lacks is planned
 * "unsupported" with the reason. 3: the items that differ are written in
 * document order; the first failure stops the run, and the result shows
 * which items were written before it (they stay written: each is
 * independent and atomic) and which were not attempted.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/action.h"
#include "cli/arg.h"
#include "cli/mut.h"
#include "ctl/config-doc.h"
#include "ctl/ctl.h"
#include "uapi/ioasid.h"

#define CONFIG_FILE_MAX (16u << 20) /* far beyond any host's limits */

/* ------------------------------------------------------------------ save */

static void note(const char *what, const char *why)
{
	fprintf(stderr, "ioasidctl: note: %s not saved: %s\n", what, why);
}

static json_object *limit_json(uint64_t v, bool unlimited)
{
	return unlimited || v == IOASID_CGROUP_LIMIT_MAX ? json_object_new_string("max")
							 : json_object_new_int64((int64_t)v);
}

static json_object *cgroup_item(const char *path, const char *form, json_object *limit)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "cgroup", json_object_new_string(path));
	json_object_object_add(o, "form", json_object_new_string(form));
	json_object_object_add(o, "limit", limit);
	return o;
}

/* every cgroup but the top with a readable limit of either form */
static void save_cgroups(struct cli *c, json_object *doc)
{
	struct ioasid_cgroup_mount *m = malloc(sizeof(*m));
	struct ioasid_misc_list l = {0};
	json_object *a;
	int rc;

	if (!m) {
		note("cgroups", strerror(ENOMEM));
		return;
	}
	rc = ioasid_cgroup_mount_find(c->ctx, m);
	if (rc == 0)
		rc = ioasid_misc_list(c->ctx, m, &l);
	if (rc < 0) {
		const struct ioasid_error *e = ioasid_ctx_last_error(c->ctx);
		char why[600];

		snprintf(why, sizeof(why), "%s%s%s", e->object, e->object[0] ? ": " : "",
			 e->message[0] ? e->message : strerror(-rc));
		note("cgroups", why);
		free(m);
		return;
	}
	a = json_object_new_array();
	for (size_t i = 0; i < l.n; i++) {
		const struct ioasid_misc_cgroup *cg = &l.v[i];
		const struct ioasid_misc_res *r = ioasid_misc_find(cg, IOASID_MISC_RESOURCE);
		const struct ioasid_val *im = &cg->ioasids.v[IOASID_IOASIDS_MAX];

		if (!strcmp(cg->path, "/"))
			continue; /* no limit file at the top */
		if (r && r->v[IOASID_MISC_MAX].err == 0)
			json_object_array_add(a, cgroup_item(cg->path, "misc",
							     limit_json(r->v[IOASID_MISC_MAX].v,
									r->max_unlimited)));
		else if (r && r->v[IOASID_MISC_MAX].err != ENOENT)
			fprintf(stderr, "ioasidctl: note: %s: misc.max ioasid not saved: %s\n",
				cg->path, strerror(r->v[IOASID_MISC_MAX].err));
		if (cg->ioasids.present && im->err == 0)
			json_object_array_add(
				a, cgroup_item(cg->path, "ioasids",
					       limit_json(im->v, cg->ioasids.max_unlimited)));
		else if (cg->ioasids.present && im->err != ENOENT)
			fprintf(stderr, "ioasidctl: note: %s: ioasids.max not saved: %s\n",
				cg->path, strerror(im->err));
	}
	json_object_object_add(doc, "cgroups", a);
	ioasid_misc_list_free(&l);
	free(m);
}

/* the capacity reservation and every set's quota, where the extension is */
static void save_ext(struct cli *c, json_object *doc)
{
	struct ioasid_ext_set_list sl = {0};
	struct ioasid_ext_info info;
	json_object *a;
	int rc = ioasid_ext_supported(c->ctx);

	if (rc == 0)
		rc = ioasid_ext_info_read(c->ctx, &info);
	if (rc < 0) {
		const struct ioasid_error *e = ioasid_ctx_last_error(c->ctx);
		char why[600];

		snprintf(why, sizeof(why), "%s%s%s", e->object, e->object[0] ? ": " : "",
			 e->message[0] ? e->message : strerror(-rc));
		note("capacity and sets", why);
		return;
	}
	if (info.reserved.err == 0) {
		json_object *cap = json_object_new_object();

		json_object_object_add(cap, "reserved", json_object_new_int64(info.reserved.v));
		json_object_object_add(doc, "capacity", cap);
	} else {
		note("capacity", strerror(info.reserved.err));
	}
	rc = ioasid_ext_set_list(c->ctx, &sl);
	if (rc < 0) {
		note("sets", strerror(-rc));
		return;
	}
	a = json_object_new_array();
	for (size_t i = 0; i < sl.n; i++) {
		json_object *o;

		if (sl.v[i].quota.err) {
			fprintf(stderr, "ioasidctl: note: set %u: quota not saved: %s\n",
				sl.v[i].id, strerror(sl.v[i].quota.err));
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "set", json_object_new_int64(sl.v[i].id));
		json_object_object_add(o, "quota", json_object_new_int64(sl.v[i].quota.v));
		json_object_array_add(a, o);
	}
	json_object_object_add(doc, "sets", a);
	ioasid_ext_set_list_free(&sl);
}

/* FILE replaced atomically (a temporary file beside it, synced, renamed),
 * or stdout; nothing left behind on failure */
static int write_doc(struct cli *c, const char *path, const char *text)
{
	char tmp[PATH_MAX];
	const char *slash;
	FILE *f;
	int fd, e = 0;

	if (!path) {
		fputs(text, stdout);
		fputc('\n', stdout);
		return EXIT_OK;
	}
	slash = strrchr(path, '/');
	if (slash)
		snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		snprintf(tmp, sizeof(tmp), ".%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		return cli_error(c, cli_status_for_errno(e) == EXIT_PERM ? EXIT_PERM : EXIT_FAIL, e,
				 path, "cannot create: %s", strerror(e));
	}
	if (fchmod(fd, 0644) < 0 || !(f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (fputs(text, f) == EOF || fputc('\n', f) == EOF || fflush(f) == EOF)
		e = errno ? errno : EIO;
	if (!e && fsync(fileno(f)) < 0)
		e = errno;
	if (fclose(f) == EOF && !e)
		e = errno;
	if (!e && rename(tmp, path) < 0)
		e = errno;
	if (!e)
		return EXIT_OK;
fail:
	unlink(tmp);
	return cli_error(c, e == EACCES || e == EPERM || e == EROFS ? EXIT_PERM : EXIT_FAIL, e,
			 path, "cannot write: %s", strerror(e));
}

int cmd_config_save(struct cli *c, int argc, const char **argv)
{
	char *out = NULL;
	const struct poptOption opts[] = {
		{"output", 'o', POPT_ARG_STRING, &out, 0,
		 "write the document to FILE (replaced atomically) instead of stdout", "FILE"},
		POPT_TABLEEND};
	const char **args;
	poptContext pc;
	json_object *doc;
	int rc;

	rc = cli_parse_plain(c, argc, argv, opts, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_no_args(c, args);
	rc = rc ?: cli_open(c);
	if (rc == EXIT_OK) {
		doc = json_object_new_object();
		json_object_object_add(doc, "schema_version",
				       json_object_new_int(CONFIG_SCHEMA_VERSION));
		save_cgroups(c, doc);
		save_ext(c, doc);
		rc = write_doc(c, out,
			       json_object_to_json_string_ext(
				       doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
	}
	cli_parse_free(pc, opts);
	return rc;
}

/* ----------------------------------------------------------------- apply */

enum plan { PLAN_CHANGE, PLAN_UNCHANGED, PLAN_UNSUPPORTED };
enum result { RES_NONE, RES_SET, RES_UNCHANGED, RES_FAILED, RES_NOT_ATTEMPTED };

enum item_kind { ITEM_CGROUP, ITEM_CAPACITY, ITEM_SET };

struct item {
	enum item_kind kind;
	const char *path; /* the JSON path, "$.cgroups[0]" */
	size_t idx;	  /* into the document's cgroups or sets */
	char object[IOASID_CGROUP_PATH_MAX + 64];
	char rel[IOASID_CGROUP_PATH_MAX]; /* cgroups: the resolved cgroup */
	uint64_t old, want;
	bool old_known;
	enum plan plan;
	enum result result;
	char why[4800]; /* an object (a cgroup path) and a message */
};

struct apply {
	struct cli *c;
	const char *file;
	struct config_doc doc;
	struct item *v;
	size_t n;
	enum cli_target target;
	bool dry_run;
	struct ioasid_cgroup_mount *mount;
	int mount_err; /* why there is no cgroup2 mount (errno), with mount_why */
	char mount_why[600];
	struct item *fail_item; /* the write that failed, and its errno */
	int fail_errnum;
};

/* a validation error: one line naming FILE and the JSON path */
static int invalid(struct apply *a, int status, int errnum, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int invalid(struct apply *a, int status, int errnum, const char *path, const char *fmt, ...)
{
	char obj[4200], msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(obj, sizeof(obj), "%s: %s", a->file, path);
	return cli_error(a->c, status, errnum, obj, "%s (nothing written)", msg);
}

static int read_file(struct cli *c, const char *file, char **text, size_t *len)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "re") : stdin;
	size_t cap = 4096, n = 0;
	char *buf;
	int e;

	if (!f) {
		e = errno;
		return cli_error(c,
				 cli_status_for_errno(e) == EXIT_USAGE ? EXIT_FAIL
								       : cli_status_for_errno(e),
				 e, file, "cannot read: %s", strerror(e));
	}
	buf = malloc(cap);
	while (buf) {
		size_t got;

		if (n == cap) {
			char *nb = cap >= CONFIG_FILE_MAX ? NULL : realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				buf = NULL;
				errno = cap >= CONFIG_FILE_MAX ? EFBIG : ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f)) {
				free(buf);
				buf = NULL;
			}
			break;
		}
	}
	e = errno;
	if (f != stdin)
		fclose(f);
	if (!buf)
		return cli_error(c, EXIT_FAIL, e ? e : EIO, file, "cannot read: %s",
				 e == EFBIG ? "larger than 16 MiB: not a config document"
					    : strerror(e ? e : EIO));
	*text = buf;
	*len = n;
	return EXIT_OK;
}

static void num_text(char *buf, size_t len, uint64_t v)
{
	if (v == IOASID_CGROUP_LIMIT_MAX)
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%" PRIu64, v);
}

/* a cgroup item: resolve (path or unit), then the same write as cgroup
 * set-limit in dry-run mode, which reads the old limit and checks the new
 * one without writing */
static int plan_cgroup(struct apply *a, struct item *it)
{
	const struct config_cgroup *cg = &a->doc.cgroups[it->idx];
	struct cli_result r;
	char value[32], p[64];
	int rc;

	it->want = cg->limit;
	snprintf(it->object, sizeof(it->object), "%s %s", cg->by_unit ? "unit" : "cgroup",
		 cg->name);
	if (!a->mount && a->target != CLI_TARGET_EMULATED) {
		it->plan = PLAN_UNSUPPORTED;
		snprintf(it->why, sizeof(it->why), "%s", a->mount_why);
		return EXIT_OK;
	}
	snprintf(p, sizeof(p), "%s.%s", it->path, cg->by_unit ? "unit" : "cgroup");
	if (cg->by_unit) {
		if (!a->mount) {
			it->plan = PLAN_UNSUPPORTED;
			snprintf(it->why, sizeof(it->why), "%s", a->mount_why);
			return EXIT_OK;
		}
		cli_result_init(&r, a->c->cmdname, a->target);
		rc = cli_cgroup_of_unit(a->c, a->mount, cg->name, it->rel, sizeof(it->rel), &r);
		if (rc != EXIT_OK) {
			rc = invalid(a, rc, r.errnum, p, "%s: %s", r.object, r.message);
			cli_result_free(&r);
			return rc;
		}
		cli_result_free(&r);
		snprintf(it->object, sizeof(it->object), "%s (unit %s)", it->rel, cg->name);
	} else {
		snprintf(it->rel, sizeof(it->rel), "%s", cg->name);
		snprintf(it->object, sizeof(it->object), "%s", cg->name);
	}
	snprintf(it->object + strlen(it->object), sizeof(it->object) - strlen(it->object), " %s",
		 cg->form == CONFIG_FORM_MISC ? "misc.max ioasid" : "ioasids.max");
	/* two items naming one cgroup and form (a unit and its path) */
	for (struct item *o = a->v; o < it; o++)
		if (o->kind == ITEM_CGROUP && o->plan != PLAN_UNSUPPORTED &&
		    a->doc.cgroups[o->idx].form == cg->form && !strcmp(o->rel, it->rel))
			return invalid(a, EXIT_USAGE, EINVAL, it->path,
				       "%s: the same cgroup and form as %s", it->rel, o->path);
	it->want = cg->limit;
	num_text(value, sizeof(value), cg->limit);
	struct cli_limit_req q = {it->rel, config_form_name(cg->form), NULL, value, true};

	cli_action_set_limit(a->c, &q, &r);
	if (r.status == EXIT_UNSUPPORTED) {
		it->plan = PLAN_UNSUPPORTED;
		snprintf(it->why, sizeof(it->why), "%s%s%s", r.has_object ? r.object : "",
			 r.has_object ? ": " : "", r.message);
		cli_result_free(&r);
		return EXIT_OK;
	}
	if (r.status != EXIT_OK) {
		/* no such cgroup (3), or a limit the host refuses (ENOSPC) */
		char lp[64];

		snprintf(lp, sizeof(lp), "%s.limit", it->path);
		rc = invalid(a, r.status, r.errnum,
			     r.status == EXIT_NOTFOUND			? p
			     : r.errnum == ENOSPC || r.errnum == ERANGE ? lp
									: it->path,
			     "%s%s%s", r.has_object ? r.object : "", r.has_object ? ": " : "",
			     r.message);
		cli_result_free(&r);
		return rc;
	}
	it->old_known = r.old_err == 0;
	if (it->old_known)
		cli_limit_parse(r.old, &it->old, NULL, 0);
	it->plan = r.changed ? PLAN_CHANGE : PLAN_UNCHANGED;
	cli_result_free(&r);
	return EXIT_OK;
}

/* why the extension's items cannot apply here, or 0 */
static int ext_missing(struct apply *a, struct item *it)
{
	int rc = ioasid_ext_supported(a->c->ctx);

	if (rc == 0)
		return 0;
	const struct ioasid_error *e = ioasid_ctx_last_error(a->c->ctx);

	snprintf(it->why, sizeof(it->why), "%s%s%s", e->object, e->object[0] ? ": " : "",
		 e->message[0] ? e->message : strerror(-rc));
	if (rc != -EOPNOTSUPP)
		return invalid(a, cli_status_for_errno(rc), -rc, it->path, "%s", it->why);
	it->plan = PLAN_UNSUPPORTED;
	return 1;
}

/* the reservation: reserve or cancel the difference (ioasid-abi(7)
 * capacity/reserve, capacity/cancel); the seed's rules checked here too:
 * more than available ENOSPC (seed:6421) */
static int plan_capacity(struct apply *a, struct item *it)
{
	struct ioasid_ext_info info;
	int rc;

	snprintf(it->object, sizeof(it->object), "capacity reserved");
	it->want = a->doc.reserved;
	rc = ext_missing(a, it);
	if (rc)
		return rc > 0 ? EXIT_OK : rc;
	rc = ioasid_ext_info_read(a->c->ctx, &info);
	if (rc < 0 || info.reserved.err || info.available.err)
		return invalid(a, EXIT_FAIL, rc < 0 ? -rc : info.reserved.err, it->path,
			       "/sys/kernel/ioasid/capacity: cannot read reserved and available");
	it->old = info.reserved.v;
	it->old_known = true;
	if (it->want > it->old && it->want - it->old > info.available.v)
		return invalid(a, EXIT_FAIL, ENOSPC, "$.capacity.reserved",
			       "reserving %" PRIu64 " more exceeds the %" PRIu64
			       " available (seed:6421)",
			       it->want - it->old, info.available.v);
	it->plan = it->want == it->old ? PLAN_UNCHANGED : PLAN_CHANGE;
	return EXIT_OK;
}

/* a set's quota (sets/<id>/quota); below the IOASIDs it holds EINVAL, an
 * increase past available ENOSPC (seed:7904-7933) */
static int plan_set(struct apply *a, struct item *it)
{
	const struct config_set *cs = &a->doc.sets[it->idx];
	struct ioasid_ext_info info;
	struct ioasid_ext_set s;
	char p[64];
	int rc;

	snprintf(it->object, sizeof(it->object), "set %u quota", cs->set);
	it->want = cs->quota;
	rc = ext_missing(a, it);
	if (rc)
		return rc > 0 ? EXIT_OK : rc;
	snprintf(p, sizeof(p), "%s.set", it->path);
	rc = ioasid_ext_set_read(a->c->ctx, cs->set, &s);
	if (rc == -ENOENT)
		return invalid(a, EXIT_NOTFOUND, ENOENT, p, "set %u: no such set", cs->set);
	if (rc < 0 || s.quota.err || s.allocated.err) {
		ioasid_ext_set_free(&s);
		return invalid(a, EXIT_FAIL, rc < 0 ? -rc : EIO, p, "set %u: cannot read its quota",
			       cs->set);
	}
	it->old = s.quota.v;
	it->old_known = true;
	snprintf(p, sizeof(p), "%s.quota", it->path);
	rc = ioasid_ext_info_read(a->c->ctx, &info);
	if (cs->quota < s.allocated.v) {
		rc = invalid(a, EXIT_FAIL, EINVAL, p,
			     "set %u: quota %u is below the %" PRIu64
			     " IOASIDs the set holds (seed:7908-7917)",
			     cs->set, cs->quota, s.allocated.v);
	} else if (rc == 0 && !info.available.err && cs->quota > it->old &&
		   cs->quota - it->old > info.available.v) {
		rc = invalid(a, EXIT_FAIL, ENOSPC, p,
			     "set %u: raising the quota from %" PRIu64 " to %u exceeds the %" PRIu64
			     " available (seed:7919)",
			     cs->set, it->old, cs->quota, info.available.v);
	} else {
		rc = EXIT_OK;
	}
	ioasid_ext_set_free(&s);
	it->plan = it->want == it->old ? PLAN_UNCHANGED : PLAN_CHANGE;
	return rc;
}

/* pass 3: one item, one write */
static int write_item(struct apply *a, struct item *it)
{
	struct cli_result r;
	int rc;

	if (it->kind == ITEM_CGROUP) {
		const struct config_cgroup *cg = &a->doc.cgroups[it->idx];
		char value[32];

		num_text(value, sizeof(value), cg->limit);
		struct cli_limit_req q = {it->rel, config_form_name(cg->form), NULL, value, false};

		cli_action_set_limit(a->c, &q, &r);
	} else if (it->kind == ITEM_CAPACITY) {
		bool cancel = it->want < it->old;
		uint32_t n = (uint32_t)(cancel ? it->old - it->want : it->want - it->old);

		if (a->target == CLI_TARGET_LIVE)
			knob_live_result(a->c, cancel ? IOASID_KNOB_CANCEL : IOASID_KNOB_RESERVE, 0,
					 n, false, &r);
		else
			capacity_reserve_apply(a->c, cancel, n, false, &r);
	} else {
		const struct config_set *cs = &a->doc.sets[it->idx];

		if (a->target == CLI_TARGET_LIVE)
			knob_live_result(a->c, IOASID_KNOB_SET_QUOTA, cs->set, cs->quota, false,
					 &r);
		else
			set_quota_apply(a->c, cs->set, cs->quota, false, &r);
	}
	rc = r.status;
	if (rc == EXIT_OK) {
		it->result = r.changed ? RES_SET : RES_UNCHANGED;
	} else {
		it->result = RES_FAILED;
		snprintf(it->why, sizeof(it->why), "%s%s%s", r.has_object ? r.object : "",
			 r.has_object ? ": " : "", r.message);
		/* said after the items (one stderr line; with -J an "error"
		 * object in the items' document) */
		a->fail_item = it;
		a->fail_errnum = r.errnum;
	}
	cli_result_free(&r);
	return rc;
}

enum { AC_ITEM, AC_OBJECT, AC_OLD, AC_NEW, AC_PLAN, AC_RESULT, AC_WHY, APPLY_NCOLS };

static const struct pr_col apply_cols[APPLY_NCOLS] = {
	[AC_ITEM] = {"ITEM", PR_STR, true, false, "the item's JSON path in the document"},
	[AC_OBJECT] = {"OBJECT", PR_STR, true, false, "what the item sets (cgroup and file, set)"},
	[AC_OLD] = {"OLD", PR_STR, true, true, "the value read before (a number or max)"},
	[AC_NEW] = {"NEW", PR_STR, true, true, "the value of the document"},
	[AC_PLAN] = {"PLAN", PR_STR, true, false, "change, unchanged, unsupported (see WHY)"},
	[AC_RESULT] = {"RESULT", PR_STR, true, false,
		       "set, unchanged, would-set (--dry-run), failed, not-attempted (after a "
		       "failure), unsupported"},
	[AC_WHY] = {"WHY", PR_STR, true, false, "why unsupported, or why it failed"},
};

static const char *const plan_name[] = {"change", "unchanged", "unsupported"};

static json_object *value_json(uint64_t v)
{
	return v == IOASID_CGROUP_LIMIT_MAX ? json_object_new_string("max")
					    : json_object_new_int64((int64_t)v);
}

/* the items' table or document; status: the run's exit status so far */
static int print_items(struct apply *a, int status)
{
	struct printer *p = pr_new(&a->c->pr, "items", apply_cols, APPLY_NCOLS);
	int rc;

	if (!p)
		return EXIT_USAGE;
	for (size_t i = 0; i < a->n; i++) {
		const struct item *it = &a->v[i];
		struct pr_row *r = pr_row(p);
		char old[32], want[32];
		const char *res;

		num_text(old, sizeof(old), it->old);
		num_text(want, sizeof(want), it->want);
		pr_str(r, AC_ITEM, it->path);
		pr_str(r, AC_OBJECT, it->object);
		if (it->old_known)
			pr_any(r, AC_OLD, value_json(it->old), old);
		else
			pr_null(r, AC_OLD, 0);
		pr_any(r, AC_NEW, value_json(it->want), want);
		pr_str(r, AC_PLAN, plan_name[it->plan]);
		switch (it->result) {
		case RES_SET:
			res = "set";
			break;
		case RES_UNCHANGED:
			res = "unchanged";
			break;
		case RES_FAILED:
			res = "failed";
			break;
		case RES_NOT_ATTEMPTED:
			res = "not-attempted";
			break;
		default:
			res = it->plan == PLAN_UNSUPPORTED ? "unsupported"
			      : it->plan == PLAN_UNCHANGED ? "unchanged"
			      : a->dry_run		   ? "would-set"
							   : "not-attempted";
		}
		pr_str(r, AC_RESULT, res);
		pr_str(r, AC_WHY, it->why[0] ? it->why : NULL);
	}
	if (a->c->pr.format == PR_JSON) {
		json_object *doc = pr_json_doc();

		json_object_object_add(doc, "items", pr_take_json(p));
		if (a->fail_item) {
			/* the keys of every command's error object (ioasidctl(8)) */
			json_object *e = json_object_new_object();
			const char *name = strerrorname_np(a->fail_errnum);

			json_object_object_add(e, "object",
					       json_object_new_string(a->fail_item->path));
			json_object_object_add(e, "errno",
					       name ? json_object_new_string(name) : NULL);
			json_object_object_add(e, "message",
					       json_object_new_string(a->fail_item->why));
			json_object_object_add(e, "exit_status", json_object_new_int(status));
			json_object_object_add(doc, "error", e);
		}
		rc = pr_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
		json_object_put(doc);
	} else {
		rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	}
	pr_free(p);
	if (a->fail_item) {
		fflush(stdout);
		fprintf(stderr, "ioasidctl: %s: %s\n", a->fail_item->path, a->fail_item->why);
	}
	return rc;
}

static int open_mount(struct apply *a)
{
	int rc;

	a->mount = malloc(sizeof(*a->mount));
	if (!a->mount)
		return cli_error(a->c, EXIT_FAIL, ENOMEM, NULL, "out of memory");
	rc = ioasid_cgroup_mount_find(a->c->ctx, a->mount);
	if (rc < 0) {
		const struct ioasid_error *e = ioasid_ctx_last_error(a->c->ctx);

		snprintf(a->mount_why, sizeof(a->mount_why), "%s%s%s", e->object,
			 e->object[0] ? ": " : "", e->message[0] ? e->message : strerror(-rc));
		a->mount_err = -rc;
		free(a->mount);
		a->mount = NULL;
	}
	return EXIT_OK;
}

static int apply_run(struct apply *a, const char *text, size_t len)
{
	char path[64], why[512];
	size_t k = 0;
	int rc;

	rc = config_doc_parse(text, len, &a->doc, path, sizeof(path), why, sizeof(why));
	if (rc == -ENOMEM)
		return cli_error(a->c, EXIT_FAIL, ENOMEM, a->file, "out of memory");
	if (rc < 0)
		return invalid(a, EXIT_USAGE, EINVAL, path, "%s", why);
	a->v = calloc(a->doc.ncgroups + a->doc.nsets + 1, sizeof(*a->v));
	if (!a->v)
		return cli_error(a->c, EXIT_FAIL, ENOMEM, a->file, "out of memory");
	for (size_t i = 0; i < a->doc.ncgroups; i++)
		a->v[k++] = (struct item){
			.kind = ITEM_CGROUP, .path = a->doc.cgroups[i].path, .idx = i};
	if (a->doc.has_capacity)
		a->v[k++] = (struct item){.kind = ITEM_CAPACITY, .path = "$.capacity"};
	for (size_t i = 0; i < a->doc.nsets; i++)
		a->v[k++] = (struct item){.kind = ITEM_SET, .path = a->doc.sets[i].path, .idx = i};
	a->n = k;
	/* pass 2: resolve and read everything, write nothing */
	rc = cli_open(a->c);
	if (rc == EXIT_OK && a->doc.ncgroups)
		rc = open_mount(a);
	for (size_t i = 0; rc == EXIT_OK && i < a->n; i++) {
		struct item *it = &a->v[i];

		rc = it->kind == ITEM_CGROUP	 ? plan_cgroup(a, it)
		     : it->kind == ITEM_CAPACITY ? plan_capacity(a, it)
						 : plan_set(a, it);
	}
	if (rc != EXIT_OK)
		return rc;
	/* pass 3: the differences, in document order, stopping at a failure */
	for (size_t i = 0; !a->dry_run && i < a->n; i++) {
		struct item *it = &a->v[i];

		if (it->plan != PLAN_CHANGE)
			continue;
		if (rc != EXIT_OK) {
			it->result = RES_NOT_ATTEMPTED;
			continue;
		}
		rc = write_item(a, it);
	}
	int prc = print_items(a, rc);

	if (rc != EXIT_OK)
		return rc;
	if (prc != EXIT_OK)
		return prc;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].plan == PLAN_UNSUPPORTED)
			return EXIT_UNSUPPORTED;
	return EXIT_OK;
}

int cmd_config_apply(struct cli *c, int argc, const char **argv)
{
	int dry = 0;
	struct poptOption opts[] = {mut_dry_run_opt(&dry), POPT_TABLEEND};
	struct cli_list cl;
	struct apply a = {.c = c};
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!cli_list_begin(c, argc, argv, opts, "FILE", apply_cols, APPLY_NCOLS, NULL, &cl))
		return cl.rc;
	a.dry_run = dry;
	rc = mut_nargs(c, cl.args, 1, "FILE");
	rc = rc ?: cli_write_target(c, &a.target);
	if (rc == EXIT_OK && a.target == CLI_TARGET_SNAPSHOT)
		rc = cli_error(c, EXIT_UNSUPPORTED, EROFS, c->sysroot,
			       "a snapshot is read-only: config apply writes the live host or an "
			       "emulated host (--sim)");
	if (rc == EXIT_OK) {
		a.file = cl.args[0];
		rc = read_file(c, a.file, &text, &len);
	}
	if (rc == EXIT_OK)
		rc = apply_run(&a, text, len);
	free(text);
	free(a.v);
	free(a.mount);
	config_doc_free(&a.doc);
	return cli_list_end(&cl, rc);
}
