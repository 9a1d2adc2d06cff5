// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Emulated host: alloc, free, bind, unbind. With --vm PID the VM process
 * makes the /dev/ioasid request (uapi/ioasid.h struct, argsz first)
 * through the loopback transport, ioasid_sim_ioctl(), so the errnos are
 * ioasid-abi(7) DEVICE's; with --set (or, for free, nothing) the core's
 * own functions run as the kernel would call them. free, bind and unbind
 * are cli_action_io() (cli/action.c, which ioasidtop calls too): here
 * their command lines and the printing of the record.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/action.h"
#include "cli/arg.h"
#include "cli/mut.h"
#include "ctl/ctl.h"
#include "uapi/ioasid.h"

/* ------------------------------------------------------------------ alloc */

struct alloc_arg {
	uint32_t set; /* IOASID_MODEL_INVALID: --vm */
	int32_t pid;
	uint32_t min, max, count;
};

static const char *alloc_why(int e)
{
	switch (e) {
	case EBUSY:
		return "a cgroup limit refused the charge (counted in its events)";
	case ENOSPC:
		return "the set's quota is reached or no ID in [min, max] is free";
	case EINVAL:
		return "bad range or unknown set";
	case ESRCH:
		return "no such VM process";
	case EBADF:
		return "the VM has not opened /dev/ioasid (set create --type mm --vm PID)";
	default:
		return NULL;
	}
}

static int do_alloc(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct alloc_arg *a = m->arg;
	json_object *ids = json_object_new_array();
	char obj[32];
	uint32_t done = 0, set = a->set;
	size_t n = 0;
	int e = 0;

	if (a->set != IOASID_MODEL_INVALID)
		snprintf(obj, sizeof(obj), "set %u", a->set);
	else
		snprintf(obj, sizeof(obj), "vm %d", a->pid);
	json_object_object_add(m->res, "ioasids", ids);
	for (; done < a->count; done++) {
		uint32_t id;

		if (a->set != IOASID_MODEL_INVALID) {
			int64_t r = ioasid_model_alloc(md, a->set, a->min, a->max);

			if (r < 0) {
				e = (int)-r;
				break;
			}
			id = (uint32_t)r;
		} else {
			struct ioasid_alloc_args r = {
				.argsz = sizeof(r), .min = a->min, .max = a->max};
			int rc = ioasid_sim_ioctl(h, a->pid, IOASID_ALLOC, &r);

			if (rc < 0) {
				e = -rc;
				break;
			}
			id = r.ioasid;
		}
		json_object_array_add(ids, json_object_new_int64(id));
		n += (size_t)snprintf(m->text + n, n < sizeof(m->text) ? sizeof(m->text) - n : 0,
				      "%s%u", done ? "\n" : "", id);
	}
	if (a->set == IOASID_MODEL_INVALID) {
		struct ioasid_model_proc_info p;

		if (ioasid_model_proc_get_info(md, a->pid, &p) == 0)
			set = p.set;
	}
	json_object_object_add(m->res, "set",
			       set != IOASID_MODEL_INVALID ? json_object_new_int64(set) : NULL);
	if (n >= sizeof(m->text)) /* too many for the line buffer: JSON has them all */
		snprintf(m->text, sizeof(m->text), "%u IOASIDs allocated in set %u (use -J)", done,
			 set);
	if (!e)
		return 0;
	struct ioasid_model_set_info si;
	bool unknown = e == ESRCH || (a->set != IOASID_MODEL_INVALID &&
				      ioasid_model_set_get_info(md, a->set, &si) < 0);

	mut_fail(m, e, unknown, obj, "%s%s", done ? "after the IOASIDs above: " : "",
		 unknown && e == EINVAL ? "no such set"
		 : alloc_why(e)		? alloc_why(e)
					: strerror(e));
	/* the ones before the refusal and the refusal's event count are
	 * state: publish them (each is one request, as the VM would make) */
	if (done || e == EBUSY) {
		m->late_err = e;
		return 0;
	}
	return -e;
}

int cmd_alloc(struct cli *c, int argc, const char **argv)
{
	char *set = NULL, *vm = NULL, *min = NULL, *max = NULL, *count = NULL;
	int dry = 0;
	struct poptOption opts[] = {
		{"set", 0, POPT_ARG_STRING, &set, 0,
		 "allocate in this set (the core's ioasid_alloc)", "ID"},
		{"vm", 0, POPT_ARG_STRING, &vm, 0, "the VM process requests them (IOASID_ALLOC)",
		 "PID"},
		{"min", 0, POPT_ARG_STRING, &min, 0, "lowest IOASID (default 1)", "N"},
		{"max", 0, POPT_ARG_STRING, &max, 0, "highest IOASID (default 1048575)", "N"},
		{"count", 0, POPT_ARG_STRING, &count, 0, "how many (default 1)", "N"},
		mut_dry_run_opt(&dry),
		POPT_TABLEEND};
	struct alloc_arg a = {IOASID_MODEL_INVALID, 0, 1, IOASID_MODEL_PASID_MAX - 1, 1};
	struct mut m = {.arg = &a};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "--set ID|--vm PID [--min N] [--max N] [--count N]",
		       &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 0, "options only");
	if (rc == EXIT_OK && !set == !vm)
		rc = cli_error(c, EXIT_USAGE, EINVAL, c->cmdname, "give one of --set ID, --vm PID");
	if (rc == EXIT_OK && set)
		rc = cli_arg_id(c, "--set", set, &a.set);
	if (rc == EXIT_OK && vm)
		rc = cli_arg_pid(c, "--vm", vm, &a.pid);
	if (rc == EXIT_OK && min)
		rc = cli_arg_id(c, "--min", min, &a.min);
	if (rc == EXIT_OK && max)
		rc = cli_arg_id(c, "--max", max, &a.max);
	/* at most every PASID there is */
	if (rc == EXIT_OK && count)
		rc = cli_arg_u32(c, "--count", count, 1, IOASID_MODEL_PASID_MAX - 1, &a.count);
	rc = rc ?: mut_need_sim(c, CLI_NOIO_LIVE);
	m.dry_run = dry;
	rc = rc ?: mut_run(c, &m, do_alloc);
	cli_parse_free(pc, opts);
	return rc;
}

/* ------------------------------------------------------ free/bind/unbind */

static int io_cmd(struct cli *c, int argc, const char **argv, enum cli_io_op op)
{
	char *set = NULL, *vm = NULL, *spid = NULL;
	int dry = 0;
	struct poptOption free_opts[] = {{"set", 0, POPT_ARG_STRING, &set, 0,
					  "the set it must be in (EACCES otherwise)", "ID"},
					 {"vm", 0, POPT_ARG_STRING, &vm, 0,
					  "the VM process requests it (IOASID_FREE)", "PID"},
					 mut_dry_run_opt(&dry),
					 POPT_TABLEEND};
	struct poptOption bind_opts[] = {
		{"vm", 0, POPT_ARG_STRING, &vm, 0, "the VM process making the request", "PID"},
		{"spid", 0, POPT_ARG_STRING, &spid, 0, "the guest PASID (set private ID)", "N"},
		mut_dry_run_opt(&dry),
		POPT_TABLEEND};
	struct poptOption unbind_opts[] = {
		{"vm", 0, POPT_ARG_STRING, &vm, 0, "the VM process making the request", "PID"},
		mut_dry_run_opt(&dry),
		POPT_TABLEEND};
	struct cli_io_req a = {op, 0, IOASID_MODEL_INVALID, 0, 0, false};
	struct cli_result r;
	const char *usage = op == CLI_IO_FREE	? "IOASID [--set ID | --vm PID]"
			    : op == CLI_IO_BIND ? "--vm PID IOASID --spid N"
						: "--vm PID IOASID";
	const struct poptOption *opts = op == CLI_IO_FREE   ? free_opts
					: op == CLI_IO_BIND ? bind_opts
							    : unbind_opts;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, usage, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = mut_nargs(c, args, 1, usage);
	rc = rc ?: cli_arg_id(c, "IOASID", args[0], &a.ioasid);
	if (rc == EXIT_OK && op != CLI_IO_FREE && !vm)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--vm", "missing");
	if (rc == EXIT_OK && op == CLI_IO_FREE && set && vm)
		rc = cli_error(c, EXIT_USAGE, EINVAL, c->cmdname, "give --set or --vm, not both");
	if (rc == EXIT_OK && set)
		rc = cli_arg_id(c, "--set", set, &a.set);
	if (rc == EXIT_OK && vm)
		rc = cli_arg_pid(c, "--vm", vm, &a.pid);
	if (rc == EXIT_OK && op == CLI_IO_BIND && !spid)
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--spid", "missing");
	if (rc == EXIT_OK && op == CLI_IO_BIND)
		rc = cli_arg_id(c, "--spid", spid, &a.spid);
	/* the request itself: cli/action.c (ioasidtop frees through it too) */
	if (rc == EXIT_OK) {
		a.dry_run = dry;
		cli_action_io(c, &a, &r);
		rc = cli_result_print(c, &r);
		cli_result_free(&r);
	}
	cli_parse_free(pc, opts);
	return rc;
}

int cmd_free(struct cli *c, int argc, const char **argv)
{
	return io_cmd(c, argc, argv, CLI_IO_FREE);
}

int cmd_bind(struct cli *c, int argc, const char **argv)
{
	return io_cmd(c, argc, argv, CLI_IO_BIND);
}

int cmd_unbind(struct cli *c, int argc, const char **argv)
{
	return io_cmd(c, argc, argv, CLI_IO_UNBIND);
}
