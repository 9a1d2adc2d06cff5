// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl cgroup create PATH: a cgroup of the emulated host (the model's
 * cgroup tree; the parent must exist). A live host's cgroups are made with
 * mkdir in /sys/fs/cgroup: there it says why not (exit 4).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/action.h"
#include "cli/mut.h"
#include "ctl/ctl.h"

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
		json_object_object_add(m->res, "ioasids_max",
				       cli_cgroup_limit_json(ci.ioasids_max));
	if (ioasid_model_cg_forms(md) & IOASID_MODEL_CG_MISC)
		json_object_object_add(m->res, "misc_max", cli_cgroup_limit_json(ci.misc_max));
	snprintf(m->text, sizeof(m->text), "%.400s: created", path);
	return 0;
}

int cmd_cgroup_create(struct cli *c, int argc, const char **argv)
{
	int dry = 0;
	struct poptOption opts[] = {mut_dry_run_opt(&dry), POPT_TABLEEND};
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
	cli_parse_free(pc, opts);
	return rc;
}
