// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl cgroup set-limit CGROUP --form misc|ioasids N|max
 *
 * On the live host: writes the real cgroupfs through ioasid_misc_set_max() /
 * ioasid_ioasids_set_max() (idempotent: an equal limit is "unchanged" and
 * nothing is written). A snapshot (--sysroot) is read-only: exit 4.
 *
 * On the emulated host: the model's limit of either form (ioasid-abi(7)
 * CGROUPS): ioasids.max (the seed's controller: granting a limit consults
 * the available capacity, ENOSPC above it, seed:4292) or the misc
 * controller's "ioasid" line of misc.max (any number). Idempotent as well:
 * a limit that is already set is reported unchanged and nothing is
 * published. Both records have the same keys.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arg.h"
#include "cli/mut.h"

enum { LC_CGROUP, LC_FORM, LC_RESOURCE, LC_FILE, LC_OLD, LC_NEW, LC_ACTION, LIMIT_NCOLS };

static const struct pr_col limit_cols[LIMIT_NCOLS] = {
	[LC_CGROUP] = {"CGROUP", PR_STR, true, false, "cgroup, relative to the cgroup2 mount"},
	[LC_FORM] = {"FORM", PR_STR, true, false, "misc (resource ioasid) or ioasids"},
	[LC_RESOURCE] = {"RESOURCE", PR_STR, false, false, "misc resource name"},
	[LC_FILE] = {"FILE", PR_STR, false, false, "the file written"},
	[LC_OLD] = {"OLD", PR_STR, true, true, "limit before: a number or max"},
	[LC_NEW] = {"NEW", PR_STR, true, true, "limit asked for: a number or max"},
	[LC_ACTION] = {"ACTION", PR_STR, true, false,
		       "set, unchanged (already so: nothing written), would-set (--dry-run)"},
};

static void limit_text(char *buf, size_t len, uint64_t v)
{
	if (v == IOASID_CGROUP_LIMIT_MAX)
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%" PRIu64, v);
}

/* A limit in JSON: a number, or "max" (the keyword the files use) */
json_object *cgroup_limit_json(uint64_t v)
{
	return v == IOASID_CGROUP_LIMIT_MAX ? json_object_new_string("max")
					    : json_object_new_int64((int64_t)v);
}

static int ioasids_missing(struct cli *c, const struct ioasid_cgroup_mount *m, const char *rel)
{
	char host[IOASID_CGROUP_PATH_MAX], parent[IOASID_CGROUP_PATH_MAX];
	char *slash;
	int top;

	if (ioasid_cgroup_host_path(m, rel, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", rel);
	top = ioasid_cgroup_has_controller(c->ctx, m, "/", IOASID_CGROUP_CONTROLLER);
	if (top == 0)
		return cli_error(c, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				 "not supported by this kernel (no ioasids controller in "
				 "%s/cgroup.controllers)",
				 strcmp(m->mountpoint, "/") ? m->mountpoint : "");
	if (!strcmp(rel, "/"))
		return cli_error(c, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				 "the top cgroup has no ioasids.max (limits are set on children)");
	snprintf(parent, sizeof(parent), "%s", host);
	slash = strrchr(parent, '/');
	if (slash)
		*slash = '\0';
	return cli_error(c, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
			 "ioasids controller not enabled (+ioasids missing from "
			 "%s/cgroup.subtree_control); enable with: echo +ioasids > "
			 "%s/cgroup.subtree_control",
			 parent, parent);
}

int cgroup_set_limit_live(struct cli *c, const char *cgroup, enum cgroup_limit_form form,
			  const char *resource, uint64_t value, bool dry_run)
{
	struct ioasid_misc_why why = {0};
	struct ioasid_cgroup_mount *m;
	struct ioasid_limit_old old = {0};
	struct printer *p = NULL;
	char rel[IOASID_CGROUP_PATH_MAX], host[IOASID_CGROUP_PATH_MAX], txt[24];
	unsigned flags = dry_run ? IOASID_LIMIT_DRY_RUN : 0;
	struct pr_row *r;
	int rc;

	m = malloc(sizeof(*m));
	if (!m)
		return cli_error(c, EXIT_FAIL, ENOMEM, NULL, "out of memory");
	rc = cgroup_open_mount(c, m);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_cgroup_resolve(c->ctx, m, cgroup, rel, sizeof(rel));
	if (rc < 0) {
		rc = cli_lib_error(c, rc, cgroup);
		goto out;
	}
	if (ioasid_cgroup_host_path(m, rel, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", rel);
	if (form == CGROUP_FORM_MISC) {
		rc = ioasid_misc_enabled(c->ctx, m, rel, &why);
		if (rc < 0) {
			rc = cli_lib_error(c, rc, host);
			goto out;
		}
		if (why.state != IOASID_MISC_ENABLED) {
			rc = cgroup_not_enabled(c, m, rel, &why);
			goto out;
		}
		if (!strcmp(rel, "/")) {
			rc = cli_error(
				c, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				"the top cgroup has no misc.max (limits are set on children)");
			goto out;
		}
		rc = ioasid_misc_set_max(c->ctx, m, rel, resource, value, flags, &old);
	} else {
		if (ioasid_cgroup_has_controller(c->ctx, m, rel, IOASID_CGROUP_CONTROLLER) != 1 ||
		    !strcmp(rel, "/")) {
			rc = ioasids_missing(c, m, rel);
			goto out;
		}
		rc = ioasid_ioasids_set_max(c->ctx, m, rel, value, flags, &old);
	}
	if (rc < 0) {
		/* the library said which: ENOENT no cgroup/file (3),
		 * EOPNOTSUPP not supported by this kernel (4), EACCES/EPERM/EROFS
		 * permission (5) */
		const struct ioasid_error *e = ioasid_ctx_last_error(c->ctx);
		int st = rc == -EROFS ? EXIT_PERM : cli_status_for_errno(rc);

		if (st == EXIT_USAGE)
			st = EXIT_FAIL;
		rc = cli_error(c, st, -rc, e->object[0] ? e->object : host, "%s",
			       e->message[0] ? e->message : strerror(-rc));
		goto out;
	}
	if (c->pr.format == PR_JSON) {
		/* the same record as on an emulated host (cli/mut.c mut_run()):
		 * scripts read one shape whatever the host */
		json_object *doc = pr_json_doc(), *a = json_object_new_array();
		json_object *o = json_object_new_object();

		json_object_object_add(o, "command", json_object_new_string("cgroup set-limit"));
		json_object_object_add(o, "dry_run", json_object_new_boolean(dry_run));
		json_object_object_add(o, "changed", json_object_new_boolean(rc != 0));
		json_object_object_add(o, "generation", NULL); /* emulated hosts only */
		json_object_object_add(o, "cgroup", json_object_new_string(rel));
		json_object_object_add(
			o, "form",
			json_object_new_string(form == CGROUP_FORM_MISC ? "misc" : "ioasids"));
		json_object_object_add(o, "resource",
				       form == CGROUP_FORM_MISC ? json_object_new_string(resource)
								: NULL);
		json_object_object_add(o, "file",
				       json_object_new_string(form == CGROUP_FORM_MISC
								      ? "misc.max"
								      : "ioasids.max"));
		json_object_object_add(o, "old_limit",
				       old.v.err ? NULL : cgroup_limit_json(old.v.v));
		json_object_object_add(o, "limit", cgroup_limit_json(value));
		json_object_object_add(o, "action",
				       json_object_new_string(rc == 0	? "unchanged"
							      : dry_run ? "would-set"
									: "set"));
		json_object_array_add(a, o);
		json_object_object_add(doc, "mutation", a);
		rc = pr_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
		json_object_put(doc);
		goto out;
	}
	p = pr_new(&c->pr, "limits", limit_cols, LIMIT_NCOLS);
	if (!p) {
		rc = EXIT_USAGE;
		goto out;
	}
	r = pr_row(p);
	pr_str(r, LC_CGROUP, rel);
	pr_str(r, LC_FORM, form == CGROUP_FORM_MISC ? "misc" : "ioasids");
	pr_str(r, LC_RESOURCE, form == CGROUP_FORM_MISC ? resource : NULL);
	pr_str(r, LC_FILE, form == CGROUP_FORM_MISC ? "misc.max" : "ioasids.max");
	if (old.v.err == 0) {
		limit_text(txt, sizeof(txt), old.v.v);
		pr_str(r, LC_OLD, txt);
	} else {
		pr_null(r, LC_OLD, old.v.err);
	}
	limit_text(txt, sizeof(txt), value);
	pr_str(r, LC_NEW, txt);
	pr_str(r, LC_ACTION, rc == 0 ? "unchanged" : dry_run ? "would-set" : "set");
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
out:
	pr_free(p);
	ioasid_misc_why_free(&why);
	free(m);
	return rc;
}

/* ------------------------------------------------------ the emulated host */

/* one "max" for both: the model keeps the kernel's own value */
_Static_assert(IOASID_MODEL_CG_MAX == IOASID_CGROUP_LIMIT_MAX, "one max for both hosts");

struct limit_arg {
	const char *cgroup;
	enum ioasid_model_cg_form form;
	uint64_t value;
};

static int do_set_limit(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct limit_arg *a = m->arg;
	struct ioasid_model_cgroup_info ci;
	const char *file = a->form == IOASID_MODEL_FORM_IOASIDS ? "ioasids.max" : "misc.max";
	char old_s[32], new_s[32];
	uint64_t old;
	int rc;

	if (ioasid_model_cgroup_get_info(md, a->cgroup, &ci) < 0)
		return mut_fail(m, ENOENT, true, a->cgroup, "no such cgroup");
	/* a host without the form has no such file (sim init --cgroup-form) */
	if (!(ioasid_model_cg_forms(md) &
	      (a->form == IOASID_MODEL_FORM_IOASIDS ? IOASID_MODEL_CG_IOASIDS
						    : IOASID_MODEL_CG_MISC)))
		return mut_fail(m, EOPNOTSUPP, false, a->cgroup,
				"this emulated host has no %s (sim init --cgroup-form)", file);
	old = a->form == IOASID_MODEL_FORM_IOASIDS ? ci.ioasids_max : ci.misc_max;
	limit_text(old_s, sizeof(old_s), old);
	limit_text(new_s, sizeof(new_s), a->value);
	json_object_object_add(m->res, "cgroup", json_object_new_string(a->cgroup));
	json_object_object_add(
		m->res, "form",
		json_object_new_string(a->form == IOASID_MODEL_FORM_IOASIDS ? "ioasids" : "misc"));
	/* the keys of the live host's record too (above) */
	json_object_object_add(m->res, "resource",
			       a->form == IOASID_MODEL_FORM_MISC ? json_object_new_string("ioasid")
								 : NULL);
	json_object_object_add(m->res, "file", json_object_new_string(file));
	json_object_object_add(m->res, "old_limit", cgroup_limit_json(old));
	json_object_object_add(m->res, "limit", cgroup_limit_json(a->value));
	json_object_object_add(m->res, "action",
			       json_object_new_string(old == a->value ? "unchanged"
						      : m->dry_run    ? "would-set"
								      : "set"));
	/* the write is checked even when it changes nothing (as the kernel
	 * would: the root has no file, a grant above the capacity is refused) */
	rc = ioasid_model_cgroup_set_limit(md, a->cgroup, a->form, a->value);
	if (rc == -EINVAL)
		return mut_fail(m, EINVAL, false, a->cgroup,
				"the root cgroup has no %s (no limit at the root)", file);
	if (rc == -ENOSPC)
		return mut_fail(m, ENOSPC, false, a->cgroup,
				"limit %s exceeds the available IOASID capacity (seed:4292)",
				new_s);
	if (rc < 0)
		return mut_fail(m, -rc, false, a->cgroup, NULL);
	if (old == a->value) {
		snprintf(m->text, sizeof(m->text), "%s: %s already %s", a->cgroup, file, new_s);
		return MUT_UNCHANGED;
	}
	snprintf(m->text, sizeof(m->text), "%s: %s %s -> %s", a->cgroup, file, old_s, new_s);
	return 0;
}

int mut_cgroup_set_limit_sim(struct cli *c, const char *cgroup, const char *form, const char *value,
			     bool dry_run)
{
	struct limit_arg a = {cgroup, IOASID_MODEL_FORM_IOASIDS, IOASID_MODEL_CG_MAX};
	struct mut m = {.arg = &a, .dry_run = dry_run};
	int rc;

	if (!strcmp(form, "misc"))
		a.form = IOASID_MODEL_FORM_MISC;
	else if (strcmp(form, "ioasids"))
		return cli_error(c, EXIT_USAGE, EINVAL, "--form", "expected ioasids or misc");
	rc = cli_arg_limit(c, "N|max", value, &a.value);
	return rc ?: mut_run(c, &m, do_set_limit);
}

/* the live host: cgroup_set_limit_live() above with the arguments parsed here */
static int set_limit_live(struct cli *c, enum cli_target t, const char *cgroup, const char *form,
			  const char *resource, const char *value, bool dry_run)
{
	enum cgroup_limit_form f;
	uint64_t v;

	if (!strcmp(form, "misc"))
		f = CGROUP_FORM_MISC;
	else if (!strcmp(form, "ioasids"))
		f = CGROUP_FORM_IOASIDS;
	else
		return cli_error(c, EXIT_USAGE, EINVAL, "--form", "expected ioasids or misc");
	if (resource && f != CGROUP_FORM_MISC)
		return cli_error(c, EXIT_USAGE, EINVAL, "--resource", "only with --form misc");
	if (cli_arg_limit(c, "N|max", value, &v) != EXIT_OK)
		return EXIT_USAGE;
	if (t == CLI_TARGET_SNAPSHOT)
		return cli_error(c, EXIT_UNSUPPORTED, EROFS, c->sysroot,
				 "a snapshot is read-only: cgroup limits are written on the live "
				 "host or an emulated host (--sim)");
	return cgroup_set_limit_live(c, cgroup, f, resource ? resource : IOASID_MISC_RESOURCE, v,
				     dry_run);
}

int cmd_cgroup_set_limit(struct cli *c, int argc, const char **argv)
{
	static char *form, *resource;
	static int dry;
	struct poptOption opts[] = {
		{"form", 0, POPT_ARG_STRING, &form, 0,
		 "ioasids (the seed's ioasids.max) or misc (misc.max \"ioasid\")", "ioasids|misc"},
		mut_dry_run_opt(&dry),
		{"resource", 0, POPT_ARG_STRING, &resource, 0,
		 "live host, --form misc: the misc resource (default ioasid)", "NAME"},
		POPT_TABLEEND};
	enum cli_target t;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "CGROUP --form ioasids|misc N|max", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 2, "CGROUP N|max");
	if (rc == EXIT_OK && !form)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--form", "missing (ioasids or misc)");
	if (rc == EXIT_OK && args[0][0] != '/')
		rc = cli_error(c, EXIT_USAGE, EINVAL, args[0],
			       "expected a cgroup v2 path from the root, e.g. /machine.slice");
	rc = rc ?: cli_write_target(c, &t);
	if (rc == EXIT_OK && t != CLI_TARGET_EMULATED) {
		/* the live host (a snapshot is refused there, exit 4) */
		rc = set_limit_live(c, t, args[0], form, resource, args[1], dry);
		poptFreeContext(pc);
		return rc;
	}
	if (rc == EXIT_OK && resource)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--resource",
			       "only on the live host (the model's misc resource is ioasid)");
	rc = rc
		     ?: mut_need_sim(c, "writing a live host's cgroup limits is not supported by "
					"this ioasidctl; use --sim DIR for the emulated host");
	rc = rc ?: mut_cgroup_set_limit_sim(c, args[0], form, args[1], dry);
	poptFreeContext(pc);
	return rc;
}
