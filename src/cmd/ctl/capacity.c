// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl capacity show | capacity install N | capacity reserve N |
 * capacity cancel N
 *
 * show reads the IOASID extension's sysfs tree, ioasid-abi(7) SYSFS; on a
 * kernel without it (every shipping kernel) it says so in one line and
 * exits 4. JSON: {"schema_version":1,"capacity":[{...}]}.
 * install, reserve and cancel are admin operations on the emulated host's
 * model (the seed's rules, named below), or the capacity knobs of a live
 * kernel with the extension.
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
#include "print/capacity-cols.h"

#define NOCAP_LIVE                                                                                 \
	"no shipping kernel has the IOASID extension's capacity knobs "                            \
	"(/sys/kernel/ioasid/capacity, ioasid-abi(7)); use --sim DIR"
#define NOINSTALL_LIVE                                                                             \
	"a kernel installs its IOASID capacity at boot (ioasid_install_capacity); "                \
	"use --sim DIR"

int cmd_capacity_show(struct cli *c, int argc, const char **argv)
{
	struct ioasid_ext_info info;
	struct cli_list cl;
	int rc;

	if (!cli_list_begin(c, argc, argv, NULL, NULL, cap_cols, CAP_NCOLS, "capacity", &cl))
		return cl.rc;
	rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, ioasid_ext_info_read(c->ctx, &info),
				   "/sys/kernel/ioasid");
	if (rc == EXIT_OK)
		capacity_cells(pr_row(cl.p), &info);
	rc = cli_list_end(&cl, rc);
	if (cl.printed)
		cli_note_perm(c, false);
	return rc;
}

/* -------------------------------------------------- capacity reserve/cancel */

static void cap_fields(struct mut *m, struct ioasid_model *md)
{
	struct ioasid_model_capacity cap;

	ioasid_model_get_capacity(md, &cap);
	json_object_object_add(m->res, "total", json_object_new_int64(cap.total));
	json_object_object_add(m->res, "available", json_object_new_int64(cap.available));
	json_object_object_add(m->res, "reserved", json_object_new_int64(cap.reserved));
}

static int do_reserve(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	uint32_t *n = m->arg;
	struct ioasid_model_capacity cap;
	int64_t r;

	ioasid_model_get_capacity(md, &cap);
	/* ioasid_reserve_capacity (seed:6416-6433): past available ENOSPC,
	 * 0 reserves all that is available; returns the number reserved */
	r = ioasid_model_reserve_capacity(md, *n);
	if (r < 0)
		return mut_fail(m, (int)-r, false, "capacity",
				"reserving %u exceeds the %u available", *n, cap.available);
	json_object_object_add(m->res, "count", json_object_new_int64(r));
	cap_fields(m, md);
	ioasid_model_get_capacity(md, &cap);
	snprintf(m->text, sizeof(m->text),
		 "capacity: %" PRId64 " reserved (%u available, %u reserved)", r, cap.available,
		 cap.reserved);
	return 0;
}

static int do_cancel(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	uint32_t *n = m->arg;
	struct ioasid_model_capacity cap;
	int64_t r;

	ioasid_model_get_capacity(md, &cap);
	/* ioasid_cancel_capacity (seed:6444-6458) and ioasid-abi(7): more
	 * than is reserved EINVAL */
	r = ioasid_model_cancel_capacity(md, *n);
	if (r < 0)
		return mut_fail(m, (int)-r, false, "capacity",
				"cancelling %u exceeds the %u reserved", *n, cap.reserved);
	json_object_object_add(m->res, "count", json_object_new_int64(*n));
	cap_fields(m, md);
	ioasid_model_get_capacity(md, &cap);
	snprintf(m->text, sizeof(m->text), "capacity: %u returned (%u available, %u reserved)", *n,
		 cap.available, cap.reserved);
	return 0;
}

static int do_install(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	uint32_t *n = m->arg;
	struct ioasid_model_capacity cap;
	int rc;

	ioasid_model_get_capacity(md, &cap);
	/* ioasid_install_capacity (seed:6395-6406): the first install sets
	 * total and available; a later one is ignored ("IOASID capacity is
	 * already set.") - void in the seed, so not an error here either */
	rc = ioasid_model_install_capacity(md, *n);
	if (rc == -EINVAL)
		return mut_fail(m, EINVAL, false, "capacity", "%u: expected 2..%u", *n,
				IOASID_MODEL_PASID_MAX);
	if (rc == -EBUSY)
		return mut_fail(m, EBUSY, false, "capacity",
				"sets exist; the capacity is installed before any set "
				"(sim init --bare)");
	if (rc < 0 && rc != -EEXIST)
		return mut_fail(m, -rc, false, "capacity", NULL);
	json_object_object_add(m->res, "installed", json_object_new_boolean(rc == 0));
	cap_fields(m, md);
	if (rc == -EEXIST) {
		snprintf(m->text, sizeof(m->text),
			 "capacity: already installed (total %u); a second install is ignored",
			 cap.total);
		return MUT_UNCHANGED;
	}
	snprintf(m->text, sizeof(m->text), "capacity: %u installed", *n);
	return 0;
}

enum cap_op { CAP_RESERVE, CAP_CANCEL, CAP_INSTALL };

static int cap_cmd(struct cli *c, int argc, const char **argv, enum cap_op op)
{
	int dry = 0;
	struct poptOption opts[] = {mut_dry_run_opt(&dry), POPT_TABLEEND};
	uint32_t n = 0;
	struct mut m = {.arg = &n};
	enum cli_target t;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "N", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 1, "N");
	rc = rc ?: cli_arg_u32(c, "N", args[0], 0, UINT32_MAX, &n);
	rc = rc ?: cli_write_target(c, &t);
	/* a kernel installs its capacity at boot: no knob for that */
	if (rc == EXIT_OK && op != CAP_INSTALL && t == CLI_TARGET_LIVE) {
		rc = knob_live(c, op == CAP_RESERVE ? IOASID_KNOB_RESERVE : IOASID_KNOB_CANCEL, 0,
			       n, dry);
		cli_parse_free(pc, opts);
		return rc;
	}
	rc = rc ?: mut_need_sim(c, op == CAP_INSTALL ? NOINSTALL_LIVE : NOCAP_LIVE);
	m.dry_run = dry;
	rc = rc
		     ?: mut_run(c, &m,
				op == CAP_RESERVE  ? do_reserve
				: op == CAP_CANCEL ? do_cancel
						   : do_install);
	cli_parse_free(pc, opts);
	return rc;
}

int capacity_reserve_apply(struct cli *c, bool cancel, uint32_t n, bool dry_run,
			   struct cli_result *r)
{
	struct mut m = {.arg = &n, .dry_run = dry_run};

	return mut_apply(c, &m, cancel ? do_cancel : do_reserve, r);
}

int cmd_capacity_reserve(struct cli *c, int argc, const char **argv)
{
	return cap_cmd(c, argc, argv, CAP_RESERVE);
}

int cmd_capacity_cancel(struct cli *c, int argc, const char **argv)
{
	return cap_cmd(c, argc, argv, CAP_CANCEL);
}

int cmd_capacity_install(struct cli *c, int argc, const char **argv)
{
	return cap_cmd(c, argc, argv, CAP_INSTALL);
}
