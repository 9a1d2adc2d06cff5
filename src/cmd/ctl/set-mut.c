// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Emulated host, admin mutations on the model (no /dev/ioasid request):
 * set create|destroy|quota, capacity install|reserve|cancel, vm add|move|remove.
 * The errnos are the model's, which follows the seed (comments below name
 * the rule); ioasid-abi(7) SYSFS documents the same rules for the knobs.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mut.h"

#define NOSET_LIVE                                                                                 \
	"a live host's sets are made by the kernel and by processes opening /dev/ioasid, "         \
	"and no shipping kernel has the IOASID extension; use --sim DIR"
#define NOCAP_LIVE                                                                                 \
	"no shipping kernel has the IOASID extension's capacity knobs "                            \
	"(/sys/kernel/ioasid/capacity, ioasid-abi(7)); use --sim DIR"
#define NOINSTALL_LIVE                                                                             \
	"a kernel installs its IOASID capacity at boot (ioasid_install_capacity); "                \
	"use --sim DIR"
#define NOVM_LIVE "a live host's VMs are its real processes; use --sim DIR"

static struct poptOption dry_opt(int *dry)
{
	struct poptOption o = {"dry-run", 0, POPT_ARG_NONE,
			       dry,	  0, "check and report what would change; publish nothing",
			       NULL};
	return o;
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
	static char *type, *vm, *quota;
	static int dry;
	struct poptOption opts[] = {
		{"type", 0, POPT_ARG_STRING, &type, 0, "null (a kernel set) or mm (a VM's set)",
		 "null|mm"},
		{"vm", 0, POPT_ARG_STRING, &vm, 0, "the VM process whose mm is the token (mm)",
		 "PID"},
		{"quota", 0, POPT_ARG_STRING, &quota, 0, "most IOASIDs the set may hold", "N"},
		dry_opt(&dry),
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
		rc = mut_arg_pid(c, "--vm", vm, &a.pid);
	if (rc == EXIT_OK && !quota)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--quota", "missing");
	rc = rc ?: mut_arg_u32(c, "--quota", quota, &a.quota);
	rc = rc ?: mut_need_sim(c, NOSET_LIVE);
	m.dry_run = dry;
	rc = rc ?: mut_run(c, &m, do_set_create);
	poptFreeContext(pc);
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
	static int dry;
	struct poptOption opts[] = {dry_opt(&dry), POPT_TABLEEND};
	struct set_arg a = {0};
	struct mut m = {.arg = &a};
	const char *usage = quota ? "ID N" : "ID";
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, usage, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, quota ? 2 : 1, usage);
	rc = rc ?: mut_arg_u32(c, "set", args[0], &a.set);
	if (rc == EXIT_OK && quota)
		rc = mut_arg_u32(c, "quota", args[1], &a.quota);
	if (rc == EXIT_OK && quota && knob_host_is_live(c)) {
		rc = knob_live(c, IOASID_KNOB_SET_QUOTA, a.set, a.quota, dry);
		poptFreeContext(pc);
		return rc;
	}
	rc = rc ?: mut_need_sim(c, NOSET_LIVE);
	m.dry_run = dry;
	rc = rc ?: mut_run(c, &m, quota ? do_set_quota : do_set_destroy);
	poptFreeContext(pc);
	return rc;
}

int cmd_set_destroy(struct cli *c, int argc, const char **argv)
{
	return set_id_cmd(c, argc, argv, false);
}

int cmd_set_quota(struct cli *c, int argc, const char **argv)
{
	return set_id_cmd(c, argc, argv, true);
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
	static int dry;
	struct poptOption opts[] = {dry_opt(&dry), POPT_TABLEEND};
	uint32_t n = 0;
	struct mut m = {.arg = &n};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "N", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 1, "N");
	rc = rc ?: mut_arg_u32(c, "N", args[0], &n);
	/* a kernel installs its capacity at boot: no knob for that */
	if (rc == EXIT_OK && op != CAP_INSTALL && knob_host_is_live(c)) {
		rc = knob_live(c, op == CAP_RESERVE ? IOASID_KNOB_RESERVE : IOASID_KNOB_CANCEL, 0,
			       n, dry);
		poptFreeContext(pc);
		return rc;
	}
	rc = rc ?: mut_need_sim(c, op == CAP_INSTALL ? NOINSTALL_LIVE : NOCAP_LIVE);
	m.dry_run = dry;
	rc = rc
		     ?: mut_run(c, &m,
				op == CAP_RESERVE  ? do_reserve
				: op == CAP_CANCEL ? do_cancel
						   : do_install);
	poptFreeContext(pc);
	return rc;
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
	static char *pid, *name, *cgroup;
	static int dry;
	struct poptOption add_opts[] = {
		{"pid", 0, POPT_ARG_STRING, &pid, 0, "the VM process", "PID"},
		{"name", 0, POPT_ARG_STRING, &name, 0, "the VM's name", "NAME"},
		{"cgroup", 0, POPT_ARG_STRING, &cgroup, 0,
		 "its cgroup (default: its machine.slice scope; created if absent)", "PATH"},
		dry_opt(&dry),
		POPT_TABLEEND};
	struct poptOption move_opts[] = {
		{"pid", 0, POPT_ARG_STRING, &pid, 0, "the VM process", "PID"},
		{"cgroup", 0, POPT_ARG_STRING, &cgroup, 0, "the cgroup (created if absent)",
		 "PATH"},
		dry_opt(&dry),
		POPT_TABLEEND};
	struct poptOption remove_opts[] = {
		{"pid", 0, POPT_ARG_STRING, &pid, 0, "the VM process", "PID"},
		dry_opt(&dry),
		POPT_TABLEEND};
	bool add = op == VM_ADD;
	struct vm_arg a = {0};
	struct mut m = {.arg = &a};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv,
		       add	       ? add_opts
		       : op == VM_MOVE ? move_opts
				       : remove_opts,
		       add	       ? "--pid PID --name NAME [--cgroup PATH]"
		       : op == VM_MOVE ? "--pid PID --cgroup PATH"
				       : "--pid PID",
		       &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 0, "options only");
	if (rc == EXIT_OK && !pid)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--pid", "missing");
	rc = rc ?: mut_arg_pid(c, "--pid", pid, &a.pid);
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
			rc = cli_error(
				c, EXIT_USAGE, EINVAL, cgroup,
				"expected a cgroup v2 path from the root, e.g. /machine.slice");
		else
			snprintf(a.cgroup, sizeof(a.cgroup), "%s", cgroup);
	} else if (rc == EXIT_OK) {
		rc = default_scope(c, &a);
	}
	rc = rc ?: mut_need_sim(c, NOVM_LIVE);
	m.dry_run = dry;
	rc = rc ?: mut_run(c, &m, add ? do_vm_add : op == VM_MOVE ? do_vm_move : do_vm_remove);
	poptFreeContext(pc);
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
