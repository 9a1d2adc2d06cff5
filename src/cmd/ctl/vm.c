// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl vm add | vm move | vm remove: the emulated host's VM processes
 * (the model's processes, each owning an mm set, in a cgroup). A live
 * host's VMs are its real processes: there these say why not (exit 4).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arg.h"
#include "cli/mut.h"
#include "ctl/ctl.h"

#define NOVM_LIVE "a live host's VMs are its real processes; use --sim DIR"

/* --------------------------------------------------------- vm add / move */

struct vm_arg {
	int32_t pid;
	const char *name;
	char cgroup[256];
};

/* The cgroup exists afterwards: created (parent must exist) if absent. */
static int ensure_cgroup(struct ioasid_model *md, struct mut *m, const char *cg)
{
	struct ioasid_model_cgroup_info ci;
	int rc;

	if (ioasid_model_cgroup_get_info(md, cg, &ci) == 0)
		return 0;
	if (!mut_cgroup_name_ok(cg))
		return mut_fail(m, EINVAL, false, cg, MUT_CGROUP_NAME_WHY);
	rc = ioasid_model_cgroup_create(md, cg);
	if (rc == -ENOENT)
		return mut_fail(m, ENOENT, true, cg, "the parent cgroup does not exist");
	if (rc < 0)
		return mut_fail(m, -rc, false, cg, "not a cgroup path (absolute, no . or ..)");
	json_object_object_add(m->res, "cgroup_created", json_object_new_boolean(1));
	return 1;
}

static int do_vm_add(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct vm_arg *a = m->arg;
	struct ioasid_model_proc_info p;
	char obj[32];
	uint64_t mm;
	int rc;

	snprintf(obj, sizeof(obj), "vm %d", a->pid);
	if (ioasid_model_proc_get_info(md, a->pid, &p) == 0)
		return mut_fail(m, EEXIST, false, obj, "the process already exists");
	rc = ensure_cgroup(md, m, a->cgroup);
	if (rc < 0)
		return rc;
	/* an mm token no other process has (sim init's VMs use
	 * 0x7f0000000000 + n << 24; tokens are never shown, ioasid-abi(7)) */
	mm = 0x7e0000000000ull + ((uint64_t)a->pid << 12);
	for (;;) {
		bool used = false;

		for (uint32_t k = 0; ioasid_model_proc_next(md, &k, &p) == 0;)
			used |= p.mm == mm;
		if (!used)
			break;
		mm += 0x1000;
	}
	rc = ioasid_model_proc_add(md, a->pid, mm, a->cgroup);
	if (rc < 0)
		return mut_fail(m, -rc, false, obj, NULL);
	json_object_object_add(m->res, "pid", json_object_new_int(a->pid));
	json_object_object_add(m->res, "name", json_object_new_string(a->name));
	json_object_object_add(m->res, "cgroup", json_object_new_string(a->cgroup));
	snprintf(m->text, sizeof(m->text), "vm %d (%.100s) in %.300s", a->pid, a->name, a->cgroup);
	return 0;
}

static int do_vm_move(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct vm_arg *a = m->arg;
	struct ioasid_model_proc_info p;
	char obj[32];
	int rc;

	snprintf(obj, sizeof(obj), "vm %d", a->pid);
	if (ioasid_model_proc_get_info(md, a->pid, &p) < 0)
		return mut_fail(m, ESRCH, true, obj, "no such VM process");
	rc = ensure_cgroup(md, m, a->cgroup);
	if (rc < 0)
		return rc;
	/* the ioasids form moves the charge without a limit check
	 * (seed:4263-4267), the misc form leaves it (no migration) */
	rc = ioasid_model_proc_move(md, a->pid, a->cgroup);
	if (rc < 0)
		return mut_fail(m, -rc, false, obj, NULL);
	json_object_object_add(m->res, "pid", json_object_new_int(a->pid));
	json_object_object_add(m->res, "old_cgroup", json_object_new_string(p.cgroup));
	json_object_object_add(m->res, "cgroup", json_object_new_string(a->cgroup));
	snprintf(m->text, sizeof(m->text), "vm %d: %.200s -> %.200s", a->pid, p.cgroup, a->cgroup);
	return 0;
}

static int do_vm_remove(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct vm_arg *a = m->arg;
	struct ioasid_model_proc_info p;
	struct ioasid_model_set_info s;
	uint32_t had = 0, pending = 0;
	char obj[32];
	int rc;

	snprintf(obj, sizeof(obj), "vm %d", a->pid);
	if (ioasid_model_proc_get_info(md, a->pid, &p) < 0)
		return mut_fail(m, ESRCH, true, obj, "no such VM process");
	if (p.set != IOASID_MODEL_INVALID && ioasid_model_set_get_info(md, p.set, &s) == 0)
		had = s.nr_ioasids;
	/* the process exits: its mm set is freed as ioasid_free_all_in_set()
	 * (seed:5832-5836; /dev/ioasid's release): idle IOASIDs released,
	 * referenced ones FREE_PENDING until their last put */
	rc = ioasid_model_proc_exit(md, a->pid);
	if (rc < 0)
		return mut_fail(m, -rc, false, obj, NULL);
	if (p.set != IOASID_MODEL_INVALID && ioasid_model_set_get_info(md, p.set, &s) == 0)
		pending = s.nr_ioasids;
	json_object_object_add(m->res, "pid", json_object_new_int(a->pid));
	json_object_object_add(m->res, "cgroup", json_object_new_string(p.cgroup));
	json_object_object_add(m->res, "set",
			       p.set != IOASID_MODEL_INVALID ? json_object_new_int64(p.set) : NULL);
	json_object_object_add(m->res, "released", json_object_new_int64(had - pending));
	json_object_object_add(m->res, "free_pending", json_object_new_int64(pending));
	snprintf(m->text, sizeof(m->text), "vm %d exited: %u IOASIDs released, %u free pending",
		 a->pid, had - pending, pending);
	return 0;
}

/* systemd-machined's scope: machine-qemu\x2dPID\x2dNAME.scope ('-' as \x2d) */
static int default_scope(struct cli *c, struct vm_arg *a)
{
	size_t n = (size_t)snprintf(a->cgroup, sizeof(a->cgroup),
				    "/machine.slice/machine-qemu\\x2d%d\\x2d", a->pid);

	for (const char *p = a->name; *p; p++) {
		if (n + 6 >= sizeof(a->cgroup))
			return cli_error(c, EXIT_USAGE, EINVAL, "--name", "too long");
		if (*p == '-') {
			memcpy(a->cgroup + n, "\\x2d", 4);
			n += 4;
		} else {
			a->cgroup[n++] = *p;
		}
	}
	snprintf(a->cgroup + n, sizeof(a->cgroup) - n, ".scope");
	return EXIT_OK;
}

enum vm_op { VM_ADD, VM_MOVE, VM_REMOVE };

static int vm_cmd(struct cli *c, int argc, const char **argv, enum vm_op op)
{
	char *pid = NULL, *name = NULL, *cgroup = NULL;
	int dry = 0;
	struct poptOption add_opts[] = {
		{"pid", 0, POPT_ARG_STRING, &pid, 0, "the VM process", "PID"},
		{"name", 0, POPT_ARG_STRING, &name, 0, "the VM's name", "NAME"},
		{"cgroup", 0, POPT_ARG_STRING, &cgroup, 0,
		 "its cgroup (default: its machine.slice scope; created if absent)", "PATH"},
		mut_dry_run_opt(&dry),
		POPT_TABLEEND};
	struct poptOption move_opts[] = {
		{"pid", 0, POPT_ARG_STRING, &pid, 0, "the VM process", "PID"},
		{"cgroup", 0, POPT_ARG_STRING, &cgroup, 0, "the cgroup (created if absent)",
		 "PATH"},
		mut_dry_run_opt(&dry),
		POPT_TABLEEND};
	struct poptOption remove_opts[] = {
		{"pid", 0, POPT_ARG_STRING, &pid, 0, "the VM process", "PID"},
		mut_dry_run_opt(&dry),
		POPT_TABLEEND};
	bool add = op == VM_ADD;
	const struct poptOption *opts = add ? add_opts : op == VM_MOVE ? move_opts : remove_opts;
	struct vm_arg a = {0};
	struct mut m = {.arg = &a};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts,
		       add	       ? "--pid PID --name NAME [--cgroup PATH]"
		       : op == VM_MOVE ? "--pid PID --cgroup PATH"
				       : "--pid PID",
		       &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 0, "options only");
	if (rc == EXIT_OK && !pid)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--pid", "missing");
	rc = rc ?: cli_arg_pid(c, "--pid", pid, &a.pid);
	if (rc == EXIT_OK && add) {
		if (!name || !*name || strchr(name, '/') || strchr(name, '\n'))
			rc = cli_error(c, EXIT_USAGE, EINVAL, "--name",
				       name ? "a name without '/'" : "missing");
		a.name = name;
	}
	if (rc == EXIT_OK && !cgroup && op == VM_MOVE)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--cgroup", "missing");
	if (rc == EXIT_OK && op == VM_REMOVE) {
		/* no cgroup to resolve */
	} else if (rc == EXIT_OK && cgroup) {
		if (cgroup[0] != '/' || strlen(cgroup) >= sizeof(a.cgroup))
			rc = cli_error(c, EXIT_USAGE, EINVAL, "--cgroup",
				       "'%s' is not a cgroup v2 path from the root, e.g. "
				       "/machine.slice",
				       cgroup);
		else
			snprintf(a.cgroup, sizeof(a.cgroup), "%s", cgroup);
	} else if (rc == EXIT_OK) {
		rc = default_scope(c, &a);
	}
	rc = rc ?: mut_need_sim(c, NOVM_LIVE);
	m.dry_run = dry;
	rc = rc ?: mut_run(c, &m, add ? do_vm_add : op == VM_MOVE ? do_vm_move : do_vm_remove);
	cli_parse_free(pc, opts);
	return rc;
}

int cmd_vm_add(struct cli *c, int argc, const char **argv)
{
	return vm_cmd(c, argc, argv, VM_ADD);
}

int cmd_vm_move(struct cli *c, int argc, const char **argv)
{
	return vm_cmd(c, argc, argv, VM_MOVE);
}

int cmd_vm_remove(struct cli *c, int argc, const char **argv)
{
	return vm_cmd(c, argc, argv, VM_REMOVE);
}
