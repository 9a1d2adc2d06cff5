// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cgroup set-limit CGROUP --form ioasids|misc N|max; cgroup create PATH
 *
 * On the emulated host: the model's limit of either form (ioasid-abi(7)
 * CGROUPS): ioasids.max (the seed's controller: granting a limit consults
 * the available capacity, ENOSPC above it, seed:4292) or the misc
 * controller's "ioasid" line of misc.max (any number). Idempotent: a limit
 * that is already set is reported unchanged and nothing is published.
 *
 * The live-host path writes the real cgroupfs: cgroup_set_limit_live()
 * (cmd-setlimit.c, ioasid_misc_set_max() / ioasid_ioasids_set_max()).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mut.h"

struct limit_arg {
	const char *cgroup;
	enum ioasid_model_cg_form form;
	uint64_t value;
};

static json_object *limit_json(uint64_t v)
{
	return v == IOASID_MODEL_CG_MAX ? json_object_new_string("max")
					: json_object_new_int64((int64_t)v);
}

static void limit_text(char *buf, size_t len, uint64_t v)
{
	if (v == IOASID_MODEL_CG_MAX)
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%" PRIu64, v);
}

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
	/* the keys of the live host's record too (cmd-setlimit.c) */
	json_object_object_add(m->res, "resource",
			       a->form == IOASID_MODEL_FORM_MISC ? json_object_new_string("ioasid")
								 : NULL);
	json_object_object_add(m->res, "file", json_object_new_string(file));
	json_object_object_add(m->res, "old_limit", limit_json(old));
	json_object_object_add(m->res, "limit", limit_json(a->value));
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

/* ---------------------------------------------------------- cgroup create */

static int do_cgroup_create(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct ioasid_model_cgroup_info ci;
	const char *path = m->arg;
	int rc;

	if (!mut_cgroup_name_ok(path))
		return mut_fail(m, EINVAL, false, path, MUT_CGROUP_NAME_WHY);
	/* mkdir(2) in cgroupfs: the parent must exist (ENOENT), the name be
	 * new (EEXIST); new limits are each form's default (ioasids.max 0,
	 * seed:4294-4295; misc.max max, misc_cg_alloc()) */
	rc = ioasid_model_cgroup_create(md, path);
	if (rc == -ENOENT)
		return mut_fail(m, ENOENT, true, path, "the parent cgroup does not exist");
	if (rc == -EEXIST)
		return mut_fail(m, EEXIST, false, path, "the cgroup exists");
	if (rc == -EINVAL)
		return mut_fail(m, EINVAL, false, path,
				"not a cgroup path (absolute, no empty, . or .. component)");
	if (rc < 0)
		return mut_fail(m, -rc, false, path, NULL);
	ioasid_model_cgroup_get_info(md, path, &ci);
	json_object_object_add(m->res, "cgroup", json_object_new_string(path));
	if (ioasid_model_cg_forms(md) & IOASID_MODEL_CG_IOASIDS)
		json_object_object_add(m->res, "ioasids_max", limit_json(ci.ioasids_max));
	if (ioasid_model_cg_forms(md) & IOASID_MODEL_CG_MISC)
		json_object_object_add(m->res, "misc_max", limit_json(ci.misc_max));
	snprintf(m->text, sizeof(m->text), "%.400s: created", path);
	return 0;
}

int cmd_cgroup_create(struct cli *c, int argc, const char **argv)
{
	static int dry;
	struct poptOption opts[] = {{"dry-run", 0, POPT_ARG_NONE, &dry, 0,
				     "check and report what would change; publish nothing", NULL},
				    POPT_TABLEEND};
	struct mut m = {.dry_run = false};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "PATH", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 1, "PATH");
	if (rc == EXIT_OK && (args[0][0] != '/' || strlen(args[0]) >= 256))
		rc = cli_error(c, EXIT_USAGE, EINVAL, args[0],
			       "expected a cgroup v2 path from the root, e.g. /machine.slice");
	rc = rc
		     ?: mut_need_sim(c,
				     "a live host's cgroups are made with mkdir in /sys/fs/cgroup; "
				     "use --sim DIR for the emulated host");
	if (rc == EXIT_OK) {
		m.arg = (void *)args[0];
		m.dry_run = dry;
		rc = mut_run(c, &m, do_cgroup_create);
	}
	poptFreeContext(pc);
	return rc;
}

int mut_cgroup_set_limit_sim(struct cli *c, const char *cgroup, const char *form, const char *value,
			     bool dry_run)
{
	struct limit_arg a = {cgroup, IOASID_MODEL_FORM_IOASIDS, IOASID_MODEL_CG_MAX};
	struct mut m = {.arg = &a, .dry_run = dry_run};
	char *end;

	if (!strcmp(form, "misc"))
		a.form = IOASID_MODEL_FORM_MISC;
	else if (strcmp(form, "ioasids"))
		return cli_error(c, EXIT_USAGE, EINVAL, "--form", "expected ioasids or misc");
	if (strcmp(value, "max")) {
		errno = 0;
		if (!*value || *value == '-' || *value == '+' ||
		    (a.value = strtoull(value, &end, 10), errno || *end) ||
		    a.value == IOASID_MODEL_CG_MAX)
			return cli_error(c, EXIT_USAGE, EINVAL, value, "expected a number or max");
	}
	return mut_run(c, &m, do_set_limit);
}

/* the live host: cmd-setlimit.c with the arguments parsed here */
static int set_limit_live(struct cli *c, const char *cgroup, const char *form, const char *resource,
			  const char *value, bool dry_run)
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
	if (cgroup_parse_limit(value, &v) < 0)
		return cli_error(c, EXIT_USAGE, EINVAL, value, "expected a number or max");
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
		{"dry-run", 0, POPT_ARG_NONE, &dry, 0,
		 "check and report what would change; publish nothing", NULL},
		{"resource", 0, POPT_ARG_STRING, &resource, 0,
		 "live host, --form misc: the misc resource (default ioasid)", "NAME"},
		POPT_TABLEEND};
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
	if (rc == EXIT_OK && !c->sim && !c->sysroot && getenv("IOASIDCTL_SIM") &&
	    *getenv("IOASIDCTL_SIM"))
		c->sim = getenv("IOASIDCTL_SIM");
	if (rc == EXIT_OK && !c->sim) {
		/* the live host (a snapshot is refused there, exit 4) */
		rc = set_limit_live(c, args[0], form, resource, args[1], dry);
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
