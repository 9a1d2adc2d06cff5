// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl set list | set show ID | set create | set destroy ID | set quota ID N
 *
 * Reads: the IOASID extension's sysfs tree, ioasid-abi(7) SYSFS. On a kernel
 * without it (every shipping kernel) each says so in one line and exits 4.
 * JSON: {"schema_version":1,"sets":[...]}, null for what could not be read
 * (owner_pid and cgroup are null for null sets, and for mm sets whose owner
 * has exited: ESRCH).
 *
 * Mutations: on the emulated host, admin operations on the model (no
 * /dev/ioasid request); the errnos are the model's, which follows the seed
 * (comments below name the rule); ioasid-abi(7) SYSFS documents the same
 * rules for the knobs, which set quota writes on a live host.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arg.h"
#include "cli/ext.h"
#include "cli/mut.h"
#include "ctl/ctl.h"
#include "print/set-cols.h"

#define NOSET_LIVE                                                                                 \
	"a live host's sets are made by the kernel and by processes opening /dev/ioasid, "         \
	"and no shipping kernel has the IOASID extension; use --sim DIR"

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
			pr_err("ioasidctl: /sys/kernel/ioasid/sets/%u/%s: not the format of "
			       "ioasid-abi(7)",
			       s->id, f[i].file);
}

int cmd_set_list(struct cli *c, int argc, const char **argv)
{
	struct ioasid_ext_set_list l = {0};
	struct cli_list cl;
	int rc;

	if (!cli_list_begin(c, argc, argv, NULL, NULL, set_cols, SET_NCOLS, "sets", &cl))
		return cl.rc;
	rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_ext_set_list(c->ctx, &l),
				   "/sys/kernel/ioasid/sets");
	for (size_t i = 0; rc == EXIT_OK && i < l.n; i++) {
		warn_set(&l.v[i]);
		set_cells(pr_row(cl.p), &l.v[i]);
	}
	rc = cli_list_end(&cl, rc);
	if (cl.printed)
		cli_note_perm(c, false);
	ioasid_ext_set_list_free(&l);
	return rc;
}

int cmd_set_show(struct cli *c, int argc, const char **argv)
{
	struct ioasid_ext_set s = {0};
	struct cli_list cl;
	uint32_t id;
	int rc;

	if (!cli_list_begin(c, argc, argv, NULL, "ID", set_cols, SET_NCOLS, "sets", &cl))
		return cl.rc;
	if (!cl.args || !cl.args[0] || cl.args[1])
		rc = cli_error(c, EXIT_USAGE, EINVAL, NULL, "give one set ID");
	else
		rc = cli_arg_id(c, "ID", cl.args[0], &id);
	if (rc == EXIT_OK)
		rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_ext_set_read(c->ctx, id, &s),
				   "/sys/kernel/ioasid/sets");
	if (rc == EXIT_OK) {
		warn_set(&s);
		set_cells(pr_row(cl.p), &s);
	}
	rc = cli_list_end(&cl, rc);
	if (cl.printed)
		cli_note_perm(c, false);
	ioasid_ext_set_free(&s);
	return rc;
}

static void set_fields(struct mut *m, const struct ioasid_model_set_info *s)
{
	json_object_object_add(m->res, "set", json_object_new_int64(s->id));
	json_object_object_add(m->res, "type",
			       json_object_new_string(ioasid_model_set_type_name(s->type)));
	json_object_object_add(m->res, "quota", json_object_new_int64(s->quota));
	json_object_object_add(m->res, "allocated", json_object_new_int64(s->nr_ioasids));
	json_object_object_add(m->res, "owner_pid",
			       s->owner_pid > 0 ? json_object_new_int(s->owner_pid) : NULL);
}

/* ------------------------------------------------------------ set create */

struct set_create {
	int mm;
	int32_t pid;
	uint32_t quota;
};

static int do_set_create(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct set_create *a = m->arg;
	struct ioasid_model_set_info s;
	struct ioasid_model_proc_info p;
	char obj[32];
	int64_t r;
	bool opened = false;

	if (!a->mm) {
		/* quota 0 EINVAL, past available ENOSPC (seed:4291, 7926) */
		r = ioasid_model_set_alloc(md, IOASID_MODEL_SET_NULL, 0, a->quota);
		if (r < 0)
			return mut_fail(m, (int)-r, false, "set",
					r == -ENOSPC ? "quota %u exceeds the available capacity"
						     : "quota %u refused",
					a->quota);
	} else {
		snprintf(obj, sizeof(obj), "vm %d", a->pid);
		if (ioasid_model_proc_get_info(md, a->pid, &p) < 0)
			return mut_fail(m, ESRCH, true, obj, "no such VM process");
		if (p.set != IOASID_MODEL_INVALID)
			return mut_fail(m, EEXIST, false, obj, "already has mm set %u", p.set);
		/* The VM opens /dev/ioasid: the open creates its mm set
		 * (ioasid-abi(7) DEVICE); a process that opened before and
		 * whose set went with its last IOASID gets a new one. */
		if (!p.opened) {
			r = ioasid_model_proc_open(md, a->pid, a->quota);
			opened = true;
		} else {
			r = ioasid_model_set_alloc(md, IOASID_MODEL_SET_MM, p.mm, a->quota);
		}
		if (r < 0)
			return mut_fail(m, (int)-r, false, obj,
					r == -ENOSPC ? "quota %u exceeds the available capacity"
						     : "quota %u refused",
					a->quota);
	}
	ioasid_model_set_get_info(md, (uint32_t)r, &s);
	set_fields(m, &s);
	json_object_object_add(m->res, "opened_device", json_object_new_boolean(opened));
	snprintf(m->text, sizeof(m->text), "set %u: %s, quota %u%s", s.id,
		 ioasid_model_set_type_name(s.type), s.quota,
		 opened ? " (the VM opened /dev/ioasid)" : "");
	return 0;
}

int cmd_set_create(struct cli *c, int argc, const char **argv)
{
	char *type = NULL, *vm = NULL, *quota = NULL;
	int dry = 0;
	struct poptOption opts[] = {
		{"type", 0, POPT_ARG_STRING, &type, 0, "null (a kernel set) or mm (a VM's set)",
		 "null|mm"},
		{"vm", 0, POPT_ARG_STRING, &vm, 0, "the VM process whose mm is the token (mm)",
		 "PID"},
		{"quota", 0, POPT_ARG_STRING, &quota, 0, "most IOASIDs the set may hold", "N"},
		mut_dry_run_opt(&dry),
		POPT_TABLEEND};
	struct set_create a = {0};
	struct mut m = {.arg = &a};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "--type null|mm [--vm PID] --quota N", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 0, "no arguments");
	if (rc == EXIT_OK && (!type || (strcmp(type, "null") && strcmp(type, "mm"))))
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--type", "expected null or mm");
	if (rc == EXIT_OK) {
		a.mm = !strcmp(type, "mm");
		if (a.mm != !!vm)
			rc = cli_error(c, EXIT_USAGE, EINVAL, "--vm",
				       a.mm ? "an mm set needs --vm PID"
					    : "only an mm set has a VM");
	}
	if (rc == EXIT_OK && vm)
		rc = cli_arg_pid(c, "--vm", vm, &a.pid);
	if (rc == EXIT_OK && !quota)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--quota", "missing");
	rc = rc ?: cli_arg_u32(c, "--quota", quota, 0, UINT32_MAX, &a.quota);
	rc = rc ?: mut_need_sim(c, NOSET_LIVE);
	m.dry_run = dry;
	rc = rc ?: mut_run(c, &m, do_set_create);
	cli_parse_free(pc, opts);
	return rc;
}

/* ---------------------------------------------------- set destroy / quota */

struct set_arg {
	uint32_t set;
	uint32_t quota;
};

static int do_set_destroy(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct set_arg *a = m->arg;
	struct ioasid_model_set_info s;
	char obj[32];
	int rc;

	snprintf(obj, sizeof(obj), "set %u", a->set);
	/* unknown: EINVAL as ioasid_set_is_valid (seed:5183), exit 3 */
	if (ioasid_model_set_get_info(md, a->set, &s) < 0)
		return mut_fail(m, EINVAL, true, obj, "no such set");
	rc = ioasid_model_set_free(md, a->set);
	if (rc == -EBUSY)
		return mut_fail(m, EBUSY, false, obj, "the set still holds %u IOASIDs",
				s.nr_ioasids);
	if (rc < 0)
		return mut_fail(m, -rc, false, obj, NULL);
	set_fields(m, &s);
	snprintf(m->text, sizeof(m->text), "set %u destroyed; quota %u back to the capacity", s.id,
		 s.quota);
	return 0;
}

static int do_set_quota(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct set_arg *a = m->arg;
	struct ioasid_model_set_info s;
	char obj[32];
	uint32_t old;
	int rc;

	snprintf(obj, sizeof(obj), "set %u", a->set);
	if (ioasid_model_set_get_info(md, a->set, &s) < 0)
		return mut_fail(m, EINVAL, true, obj, "no such set");
	old = s.quota;
	/* v3 ioasid_adjust_set (seed:7904-7933): <= 0 or below the
	 * outstanding IOASIDs EINVAL, an increase past available ENOSPC */
	rc = ioasid_model_set_adjust(md, a->set, a->quota);
	if (rc == -EINVAL)
		return mut_fail(m, EINVAL, false, obj,
				a->quota ? "quota %u is below the %u IOASIDs the set holds"
					 : "quota %u: must be at least 1",
				a->quota, s.nr_ioasids);
	if (rc == -ENOSPC)
		return mut_fail(m, ENOSPC, false, obj,
				"raising the quota from %u to %u exceeds the available capacity",
				old, a->quota);
	if (rc < 0)
		return mut_fail(m, -rc, false, obj, NULL);
	ioasid_model_set_get_info(md, a->set, &s);
	set_fields(m, &s);
	json_object_object_add(m->res, "old_quota", json_object_new_int64(old));
	snprintf(m->text, sizeof(m->text), "set %u: quota %u -> %u", s.id, old, s.quota);
	return 0;
}

static int set_id_cmd(struct cli *c, int argc, const char **argv, bool quota)
{
	int dry = 0;
	struct poptOption opts[] = {mut_dry_run_opt(&dry), POPT_TABLEEND};
	struct set_arg a = {0};
	struct mut m = {.arg = &a};
	const char *usage = quota ? "ID N" : "ID";
	enum cli_target t;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, usage, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, quota ? 2 : 1, usage);
	rc = rc ?: cli_arg_id(c, "ID", args[0], &a.set);
	if (rc == EXIT_OK && quota)
		rc = cli_arg_u32(c, "N", args[1], 0, UINT32_MAX, &a.quota);
	rc = rc ?: cli_write_target(c, &t);
	if (rc == EXIT_OK && quota && t == CLI_TARGET_LIVE) {
		rc = knob_live(c, IOASID_KNOB_SET_QUOTA, a.set, a.quota, dry);
		cli_parse_free(pc, opts);
		return rc;
	}
	rc = rc ?: mut_need_sim(c, NOSET_LIVE);
	m.dry_run = dry;
	rc = rc ?: mut_run(c, &m, quota ? do_set_quota : do_set_destroy);
	cli_parse_free(pc, opts);
	return rc;
}

int set_quota_apply(struct cli *c, uint32_t set, uint32_t quota, bool dry_run, struct cli_result *r)
{
	struct set_arg a = {set, quota};
	struct mut m = {.arg = &a, .dry_run = dry_run};

	return mut_apply(c, &m, do_set_quota, r);
}

int cmd_set_destroy(struct cli *c, int argc, const char **argv)
{
	return set_id_cmd(c, argc, argv, false);
}

int cmd_set_quota(struct cli *c, int argc, const char **argv)
{
	return set_id_cmd(c, argc, argv, true);
}
