// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl capacity show | set list | set show ID
 *
 * The IOASID extension's sysfs tree, ioasid-abi(7) SYSFS. On a kernel
 * without it (every shipping kernel) each says so in one line and exits 4.
 * JSON: {"schema_version":1,"capacity":[{...}]} / {"...","sets":[...]},
 * null for what could not be read (owner_pid and cgroup are null for null
 * sets, and for mm sets whose owner has exited: ESRCH).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ext.h"

enum { KC_VERSION, KC_TOTAL, KC_AVAILABLE, KC_RESERVED, KC_DEFAULT_QUOTA, CAP_NCOLS };

static const struct pr_col cap_cols[CAP_NCOLS] = {
	[KC_VERSION] = {"VERSION", PR_NUM, true, true, "ABI version (version)"},
	[KC_TOTAL] = {"TOTAL", PR_NUM, true, true,
		      "IOASIDs the system may hand out (capacity/total)"},
	[KC_AVAILABLE] = {"AVAILABLE", PR_NUM, true, true,
			  "capacity not given to a set's quota nor reserved "
			  "(capacity/available)"},
	[KC_RESERVED] = {"RESERVED", PR_NUM, true, true,
			 "capacity reserved and not returned (capacity/reserved)"},
	[KC_DEFAULT_QUOTA] = {"DEFAULT_QUOTA", PR_NUM, true, true,
			      "quota of a process's new mm set (default_quota)"},
};

enum { SC_SET, SC_TYPE, SC_QUOTA, SC_ALLOCATED, SC_OWNER_PID, SC_CGROUP, SET_NCOLS };

static const struct pr_col set_cols[SET_NCOLS] = {
	[SC_SET] = {"SET", PR_NUM, true, true, "set ID (sets/<id>)"},
	[SC_TYPE] = {"TYPE", PR_STR, true, false, "null (kernel set) or mm (a process's set)"},
	[SC_QUOTA] = {"QUOTA", PR_NUM, true, true, "most IOASIDs the set may hold"},
	[SC_ALLOCATED] = {"ALLOCATED", PR_NUM, true, true,
			  "IOASIDs not yet released, free_pending included"},
	[SC_OWNER_PID] = {"OWNER_PID", PR_NUM, true, true,
			  "process whose mm is the set's token (mm sets; \"exited\" when "
			  "it is gone: JSON null)"},
	[SC_CGROUP] = {"CGROUP", PR_STR, true, false,
		       "the owner's cgroup v2 path (mm sets; JSON null when unknown)"},
};

int cmd_capacity_show(struct cli *c, int argc, const char **argv)
{
	struct ioasid_ext_info info;
	struct printer *p = NULL;
	struct pr_row *r;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, NULL, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, cap_cols, CAP_NCOLS);
		goto out;
	}
	rc = cli_no_args(c, args);
	if (rc == EXIT_OK)
		rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_ext_info_read(c->ctx, &info);
	if (rc < 0) {
		rc = cli_lib_error(c, rc, "/sys/kernel/ioasid");
		goto out;
	}
	p = pr_new(&c->pr, "capacity", cap_cols, CAP_NCOLS);
	if (!p) {
		rc = EXIT_USAGE;
		goto out;
	}
	r = pr_row(p);
	pr_val(r, KC_VERSION, &info.version);
	pr_val(r, KC_TOTAL, &info.total);
	pr_val(r, KC_AVAILABLE, &info.available);
	pr_val(r, KC_RESERVED, &info.reserved);
	pr_val(r, KC_DEFAULT_QUOTA, &info.default_quota);
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	cli_note_perm(c, false);
out:
	pr_free(p);
	poptFreeContext(pc);
	return rc;
}

static void set_row(struct printer *p, const struct ioasid_ext_set *s)
{
	struct pr_row *r = pr_row(p);
	const char *type = ioasid_ext_set_type_name(s->type);

	pr_num(r, SC_SET, s->id);
	if (type)
		pr_str(r, SC_TYPE, type);
	else
		pr_null(r, SC_TYPE, s->type_err);
	pr_val(r, SC_QUOTA, &s->quota);
	pr_val(r, SC_ALLOCATED, &s->allocated);
	/* the owner exited while the set lives on (ESRCH): say so in tables */
	if (s->owner_pid.err == ESRCH)
		pr_any(r, SC_OWNER_PID, NULL, "exited");
	else
		pr_val(r, SC_OWNER_PID, &s->owner_pid);
	if (s->cgroup)
		pr_str(r, SC_CGROUP, s->cgroup);
	else if (s->cgroup_err == ESRCH)
		pr_any(r, SC_CGROUP, NULL, "exited");
	else
		pr_null(r, SC_CGROUP, s->cgroup_err);
}

/* damaged values get one line each; "no perm" is said once by the caller */
static void warn_set(const struct ioasid_ext_set *s)
{
	const struct {
		const char *file;
		int err;
	} f[] = {{"type", s->type_err},
		 {"quota", s->quota.err},
		 {"allocated", s->allocated.err},
		 {"owner_pid", s->owner_pid.err},
		 {"cgroup", s->cgroup_err}};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].err == EINVAL)
			fprintf(stderr,
				"ioasidctl: /sys/kernel/ioasid/sets/%u/%s: not the format of "
				"ioasid-abi(7)\n",
				s->id, f[i].file);
}

int cmd_set_list(struct cli *c, int argc, const char **argv)
{
	struct ioasid_ext_set_list l = {0};
	struct printer *p = NULL;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, NULL, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, set_cols, SET_NCOLS);
		goto out;
	}
	rc = cli_no_args(c, args);
	if (rc == EXIT_OK)
		rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_ext_set_list(c->ctx, &l);
	if (rc < 0) {
		rc = cli_lib_error(c, rc, "/sys/kernel/ioasid/sets");
		goto out;
	}
	p = pr_new(&c->pr, "sets", set_cols, SET_NCOLS);
	if (!p) {
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		warn_set(&l.v[i]);
		set_row(p, &l.v[i]);
	}
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	cli_note_perm(c, false);
out:
	pr_free(p);
	ioasid_ext_set_list_free(&l);
	poptFreeContext(pc);
	return rc;
}

int cmd_set_show(struct cli *c, int argc, const char **argv)
{
	struct ioasid_ext_set s = {0};
	struct printer *p = NULL;
	const char **args;
	poptContext pc;
	uint32_t id;
	int rc;

	rc = cli_parse(c, argc, argv, NULL, "ID", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, set_cols, SET_NCOLS);
		goto out;
	}
	if (!args || !args[0] || args[1]) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, NULL, "give one set ID");
		goto out;
	}
	rc = ext_arg_u32(c, "set", args[0], &id);
	if (rc == EXIT_OK)
		rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_ext_set_read(c->ctx, id, &s);
	if (rc < 0) {
		rc = cli_lib_error(c, rc, "/sys/kernel/ioasid/sets");
		goto out;
	}
	p = pr_new(&c->pr, "sets", set_cols, SET_NCOLS);
	if (!p) {
		rc = EXIT_USAGE;
		goto out;
	}
	warn_set(&s);
	set_row(p, &s);
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	cli_note_perm(c, false);
out:
	pr_free(p);
	ioasid_ext_set_free(&s);
	poptFreeContext(pc);
	return rc;
}
