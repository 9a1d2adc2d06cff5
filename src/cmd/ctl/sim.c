// SPDX-License-Identifier: GPL-2.0-or-later
/* ioasidctl sim init | check | inject-prq: the emulated host itself. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arg.h"
#include "ctl/ctl.h"

/* {"schema_version":1,"sim":[{...}]} with one object */
static int emit_one(json_object *o)
{
	json_object *doc = pr_json_doc(), *a = json_object_new_array();

	json_object_array_add(a, o);
	json_object_object_add(doc, "sim", a);
	pr_json_emit(doc);
	json_object_put(doc);
	return EXIT_OK;
}

/* DIR: the argument, else the host every other command takes (--sim DIR,
 * IOASIDCTL_SIM). DIR, when given, names the host: the others are the
 * default (ids.sh and scripts pass --sim to every command). */
static int one_dir(struct cli *c, const char **args, const char **dir)
{
	enum cli_target t;
	int rc;

	if (args && args[0] && args[1])
		return cli_error(c, EXIT_USAGE, EINVAL, args[1], "unexpected argument");
	if (args && args[0]) {
		*dir = args[0];
		return EXIT_OK;
	}
	rc = cli_write_target(c, &t);
	if (rc != EXIT_OK)
		return rc;
	if (t == CLI_TARGET_SNAPSHOT)
		return cli_error(c, EXIT_USAGE, EINVAL, c->sysroot,
				 "--sysroot is a captured host; sim takes an emulated host "
				 "(DIR, --sim DIR or IOASIDCTL_SIM)");
	*dir = c->sim;
	if (!*dir)
		return cli_error(c, EXIT_USAGE, EINVAL, c->cmdname,
				 "missing DIR (or --sim DIR, IOASIDCTL_SIM)");
	return EXIT_OK;
}

int cmd_sim_init(struct cli *c, int argc, const char **argv)
{
	char *platform = NULL, *form = NULL, *vms_s = NULL, *keep_s = NULL;
	int bare = 0;
	struct poptOption opts[] = {
		{"platform", 0, POPT_ARG_STRING, &platform, 0,
		 "the host to emulate (default spr-dsa)", "NAME"},
		{"vms", 0, POPT_ARG_STRING, &vms_s, 0, "VM processes to start (default 0)", "N"},
		{"bare", 0, POPT_ARG_NONE, &bare, 0,
		 "no initial IOASID state: no set, no VM, only the root cgroup", NULL},
		{"cgroup-form", 0, POPT_ARG_STRING, &form, 0,
		 "which cgroup forms charge: the seed's ioasids, misc, or both (default)",
		 "ioasids|misc|both"},
		{"notify-keep", 0, POPT_ARG_STRING, &keep_s, 0,
		 "notifications the event log keeps (default 1024, at most 65536)", "N"},
		POPT_TABLEEND};
	struct ioasid_sim_init_opts o = {0};
	struct ioasid_error err = {0};
	const char **args, *dir;
	uint32_t vms = 0, keep = 0;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "DIR", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	/* the numbers first: each refusal is about its option, whatever the host */
	if (vms_s)
		rc = cli_arg_u32(c, "--vms", vms_s, 0, 100000, &vms);
	/* not given: the library's default (1024) */
	if (rc == EXIT_OK && keep_s)
		rc = cli_arg_u32(c, "--notify-keep", keep_s, 1, 65536, &keep);
	if (rc == EXIT_OK)
		rc = one_dir(c, args, &dir);
	if (rc != EXIT_OK)
		goto out;
	if (bare && vms) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--bare", "a bare host has no VMs (--vms)");
		goto out;
	}
	if (!form || !strcmp(form, "both")) {
		o.cg_forms = IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC;
	} else if (!strcmp(form, "ioasids")) {
		o.cg_forms = IOASID_MODEL_CG_IOASIDS;
	} else if (!strcmp(form, "misc")) {
		o.cg_forms = IOASID_MODEL_CG_MISC;
	} else {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--cgroup-form",
			       "expected ioasids, misc or both");
		goto out;
	}
	o.platform = platform;
	o.vms = vms;
	o.bare = bare;
	o.notify_keep = keep;
	rc = ioasid_sim_init(dir, &o, &err);
	if (rc < 0) {
		rc = cli_error(c, err.errnum == EEXIST ? EXIT_FAIL : cli_status_for_errno(rc), rc,
			       err.object[0] ? err.object : dir, "%s", err.message);
		goto out;
	}
	if (c->pr.format == PR_JSON) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "dir", json_object_new_string(dir));
		json_object_object_add(j, "platform",
				       json_object_new_string(platform ? platform : "spr-dsa"));
		json_object_object_add(j, "generation", json_object_new_int(1));
		json_object_object_add(j, "vms", json_object_new_int64(vms));
		json_object_object_add(j, "bare", json_object_new_boolean(bare));
		json_object_object_add(j, "cgroup_form",
				       json_object_new_string(form ? form : "both"));
		rc = emit_one(j);
	} else {
		printf("%s: emulated host %s with %u VMs%s; use --sim %s or IOASIDCTL_SIM=%s\n",
		       dir, platform ? platform : "spr-dsa", vms, bare ? " (bare)" : "", dir, dir);
		rc = EXIT_OK;
	}
out:
	cli_parse_free(pc, opts);
	return rc;
}

int cmd_sim_check(struct cli *c, int argc, const char **argv)
{
	const char **args, *dir;
	char msg[512];
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, NULL, "DIR", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = one_dir(c, args, &dir);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_sim_check(dir, msg, sizeof(msg));
	if (rc < 0) {
		/* -EOPNOTSUPP: not an emulated host (4), as ioasidctl-sim(8) says */
		rc = cli_error(c, rc == -EUCLEAN ? EXIT_FAIL : cli_status_for_errno(rc), rc, dir,
			       "%s", msg[0] ? msg : strerror(-rc));
		goto out;
	}
	if (c->pr.format == PR_JSON) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "dir", json_object_new_string(dir));
		json_object_object_add(j, "ok", json_object_new_boolean(1));
		rc = emit_one(j);
	} else {
		printf("%s: ok\n", dir);
		rc = EXIT_OK;
	}
out:
	cli_parse_free(pc, NULL);
	return rc;
}

struct prq_arg {
	const char *unit;
	uint32_t ioasid;
	uint64_t count;
	uint64_t gen;
};

static int do_prq(struct ioasid_sim_host *h, void *arg)
{
	struct prq_arg *a = arg;

	int r = ioasid_sim_inject_prq(h, a->unit, a->ioasid, a->count);

	a->gen = ioasid_sim_generation(h) + 1;
	/* not allocated: the IOMMU still received them (answered invalid) */
	return r == -ESRCH ? 1 : r;
}

int cmd_sim_inject_prq(struct cli *c, int argc, const char **argv)
{
	char *unit = NULL, *ioasid_s = NULL, *count_s = NULL;
	int dry_run = 0;
	struct poptOption opts[] = {
		{"ioasid", 0, POPT_ARG_STRING, &ioasid_s, 0, "the PASID the requests carry", "N"},
		{"count", 0, POPT_ARG_STRING, &count_s, 0, "how many page requests", "K"},
		{"unit", 0, POPT_ARG_STRING, &unit, 0, "the IOMMU receiving them (default dmar1)",
		 "dmarN"},
		{"dry-run", 0, POPT_ARG_NONE, &dry_run, 0, "check, change nothing", NULL},
		POPT_TABLEEND};
	struct prq_arg a = {0};
	struct ioasid_error err = {0};
	const char **args, *dir;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "DIR --ioasid N --count K [--unit dmarN]", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = one_dir(c, args, &dir);
	if (rc == EXIT_OK && !ioasid_s)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--ioasid", "missing");
	/* a PASID: 20 bits (PCI_PASID_MAX) */
	rc = rc ?: cli_arg_u32(c, "--ioasid", ioasid_s, 0, IOASID_MODEL_PASID_MAX - 1, &a.ioasid);
	if (rc == EXIT_OK && !count_s)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--count", "missing");
	rc = rc ?: cli_arg_num(c, "--count", count_s, 1, UINT64_MAX, &a.count);
	if (rc != EXIT_OK)
		goto out;
	a.unit = unit ? unit : "dmar1";
	rc = ioasid_sim_mutate(dir, do_prq, &a, dry_run, &err);
	if (rc == -ENOENT && !err.errnum) {
		rc = cli_error(c, EXIT_NOTFOUND, rc, a.unit, "no such IOMMU unit on this host");
		goto out;
	}
	if (rc == -EOPNOTSUPP && !err.errnum) {
		rc = cli_error(c, EXIT_UNSUPPORTED, rc, a.unit,
			       "no page-request queue on this host's IOMMUs (VT-d: ecap PASID or "
			       "PRS clear, so no dmarN-prq; SMMUv3: no PRI, faults stall "
			       "instead); see sim init --platform");
		goto out;
	}
	if (rc == -EOVERFLOW && !err.errnum) {
		/* the counters are 64 bits, as the kernel's: refused, not wrapped */
		rc = cli_error(c, EXIT_FAIL, rc, "--count",
			       "%" PRIu64 " more page requests would take the counters of %s or "
			       "ioasid %u past %" PRIu64 "; nothing counted",
			       a.count, a.unit, a.ioasid, UINT64_MAX);
		goto out;
	}
	if (rc < 0) {
		rc = cli_error(c, cli_status_for_errno(rc), rc, err.object[0] ? err.object : dir,
			       "%s", err.message[0] ? err.message : strerror(-rc));
		goto out;
	}
	if (c->pr.format == PR_JSON) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "unit", json_object_new_string(a.unit));
		json_object_object_add(j, "ioasid", json_object_new_int64(a.ioasid));
		json_object_object_add(j, "count", json_object_new_int64((int64_t)a.count));
		json_object_object_add(j, "dry_run", json_object_new_boolean(dry_run));
		json_object_object_add(j, "invalid", json_object_new_boolean(rc == 1));
		emit_one(j);
	} else {
		printf("%s%s: %" PRIu64 " page requests for ioasid %u%s\n",
		       dry_run ? "(dry run) " : "", a.unit, a.count, a.ioasid,
		       rc == 1 ? " (not allocated: answered invalid)" : "");
	}
	rc = EXIT_OK;
out:
	cli_parse_free(pc, opts);
	return rc;
}
