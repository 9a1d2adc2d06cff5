// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl list [--set N] [--state S] [--spid N] [--cgroup PATH] [--pid PID]
 *                [--device BDF]
 * ioasidctl spid list [--set N]
 * ioasidctl spid find --set N SPID
 *
 * The genl dumps of ioasid-abi(7) (GET_IOASID, GET_BINDING), from the
 * kernel on the live host, from the stored dump files elsewhere. `list`
 * can reach the whole 20-bit space, so it and `spid list` print through
 * the printer's streaming mode: one record at a time, constant memory.
 * JSON: {"schema_version":1,"ioasids":[...]} / {"...","bindings":[...]}.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ext.h"

enum {
	LC_IOASID,
	LC_SET,
	LC_STATE,
	LC_REFS,
	LC_SPID,
	LC_PID,
	LC_PRQ_COUNT,
	LC_CGROUP,
	LC_DEVICE,
	LIST_NCOLS
};

static const struct pr_col list_cols[LIST_NCOLS] = {
	[LC_IOASID] = {"IOASID", PR_NUM, true, true, "the IOASID (PASID)"},
	[LC_SET] = {"SET", PR_NUM, true, true, "its set's ID"},
	[LC_STATE] = {"STATE", PR_STR, true, false, "idle, active or free_pending"},
	[LC_REFS] = {"REFS", PR_NUM, true, true, "references, the allocation's own included"},
	[LC_SPID] = {"SPID", PR_NUM, true, true, "set private ID (guest PASID) when attached"},
	[LC_PID] = {"PID", PR_NUM, true, true, "owner of its mm set, while it exists"},
	[LC_PRQ_COUNT] = {"PRQ_COUNT", PR_NUM, true, true,
			  "page requests received with this PASID since allocation"},
	[LC_CGROUP] = {"CGROUP", PR_STR, true, false, "cgroup it is charged to (mm sets)"},
	[LC_DEVICE] = {"DEVICE", PR_STR, false, false, "device of its binding, when named"},
};

enum { BC_SET, BC_SPID, BC_IOASID, BC_PID, BC_DEVICE, BIND_NCOLS };

static const struct pr_col bind_cols[BIND_NCOLS] = {
	[BC_SET] = {"SET", PR_NUM, true, true, "the set's ID"},
	[BC_SPID] = {"SPID", PR_NUM, true, true, "set private ID (guest PASID)"},
	[BC_IOASID] = {"IOASID", PR_NUM, true, true, "the IOASID it stands for"},
	[BC_PID] = {"PID", PR_NUM, true, true, "owner of the mm set, while it exists"},
	[BC_DEVICE] = {"DEVICE", PR_STR, true, false, "device of the binding, when named"},
};

static int list_row(const struct ioasid_ext_rec *rec, void *arg)
{
	struct pr_row *r = pr_row(arg);
	const char *state = ioasid_ext_state_name(rec->state);
	char num[16];

	pr_num(r, LC_IOASID, rec->ioasid);
	pr_num(r, LC_SET, rec->set);
	if (state) {
		pr_str(r, LC_STATE, state);
	} else {
		/* a state of a later ABI version: keep its number visible */
		snprintf(num, sizeof(num), "%u", rec->state);
		pr_any(r, LC_STATE, NULL, num);
	}
	pr_num(r, LC_REFS, rec->refs);
	if (rec->has_spid)
		pr_num(r, LC_SPID, rec->spid);
	else
		pr_null(r, LC_SPID, 0);
	if (rec->has_pid)
		pr_num(r, LC_PID, rec->pid);
	else
		pr_null(r, LC_PID, 0);
	pr_num(r, LC_PRQ_COUNT, rec->prq_count);
	pr_str(r, LC_CGROUP, rec->cgroup);
	pr_str(r, LC_DEVICE, rec->device);
	return 0;
}

static int bind_row(const struct ioasid_ext_rec *rec, void *arg)
{
	struct pr_row *r = pr_row(arg);

	pr_num(r, BC_SET, rec->set);
	pr_num(r, BC_SPID, rec->spid);
	pr_num(r, BC_IOASID, rec->ioasid);
	if (rec->has_pid)
		pr_num(r, BC_PID, rec->pid);
	else
		pr_null(r, BC_PID, 0);
	pr_str(r, BC_DEVICE, rec->device);
	return 0;
}

/* "6a:01.0" -> "0000:6a:01.0", lower case: the form the kernel names
 * devices with (pci_name()) */
static int norm_bdf(struct cli *c, const char *in, char *out, size_t len)
{
	unsigned dom = 0, bus, dev, fn;
	int used = 0;

	if ((sscanf(in, "%x:%x:%x.%x%n", &dom, &bus, &dev, &fn, &used) == 4 && !in[used]) ||
	    (used = 0,
	     sscanf(in, "%x:%x.%x%n", &bus, &dev, &fn, &used) == 3 && !in[used] && (dom = 0, 1))) {
		if (dom <= 0xffff && bus <= 0xff && dev <= 0x1f && fn <= 7 && !isspace(*in) &&
		    *in != '-' && *in != '+') {
			snprintf(out, len, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
			return EXIT_OK;
		}
	}
	return cli_error(c, EXIT_USAGE, EINVAL, in, "not a PCI device name (DDDD:BB:DD.F)");
}

/* Run a dump into a streaming printer; errors after rows were written
 * close the document first, so the JSON stays parseable. */
static int stream_dump(struct cli *c, bool bindings, const struct ioasid_ext_filter *f,
		       const char *list, const struct pr_col *cols, size_t ncols)
{
	struct ioasid_ext_dump_stats st;
	struct printer *p = pr_new_stream(&c->pr, list, cols, ncols);
	int rc;

	if (!p)
		return EXIT_USAGE;
	rc = bindings ? ioasid_ext_binding_dump(c->ctx, f, bind_row, p, &st)
		      : ioasid_ext_ioasid_dump(c->ctx, f, list_row, p, &st);
	if (rc < 0) {
		if (st.matched)
			pr_print(p);
		pr_free(p);
		return cli_lib_error(c, rc, "ioasid");
	}
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
	pr_free(p);
	ext_dump_notes(bindings ? "GET_BINDING" : "GET_IOASID", &st);
	return rc;
}

int cmd_ext_list(struct cli *c, int argc, const char **argv)
{
	static char *o_set, *o_state, *o_spid, *o_cgroup, *o_pid, *o_device;
	struct poptOption opts[] = {
		{"set", 's', POPT_ARG_STRING, &o_set, 0, "IOASIDs of this set", "N"},
		{"state", 0, POPT_ARG_STRING, &o_state, 0, "idle, active or free_pending", "STATE"},
		{"spid", 0, POPT_ARG_STRING, &o_spid, 0, "IOASIDs with this SPID", "N"},
		{"cgroup", 0, POPT_ARG_STRING, &o_cgroup, 0,
		 "IOASIDs charged to this cgroup or below it", "PATH"},
		{"pid", 'p', POPT_ARG_STRING, &o_pid, 0, "IOASIDs of this process's set", "PID"},
		{"device", 'd', POPT_ARG_STRING, &o_device, 0, "IOASIDs bound on this device",
		 "BDF"},
		POPT_TABLEEND};
	struct ioasid_ext_filter f = {0};
	char bdf[32], *cg = NULL;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, list_cols, LIST_NCOLS);
		goto out;
	}
	rc = cli_no_args(c, args);
	if (rc != EXIT_OK)
		goto out;
	if (o_set && (rc = ext_arg_u32(c, "--set", o_set, &f.set)) != EXIT_OK)
		goto out;
	if (o_spid && (rc = ext_arg_u32(c, "--spid", o_spid, &f.spid)) != EXIT_OK)
		goto out;
	if (o_pid && (rc = ext_arg_u32(c, "--pid", o_pid, &f.pid)) != EXIT_OK)
		goto out;
	f.has_set = o_set, f.has_spid = o_spid, f.has_pid = o_pid;
	if (o_state && ioasid_ext_state_parse(o_state, &f.state) < 0) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--state",
			       "'%s' is not a state (idle, active, free_pending)", o_state);
		goto out;
	}
	f.has_state = o_state;
	if (o_device) {
		rc = norm_bdf(c, o_device, bdf, sizeof(bdf));
		if (rc != EXIT_OK)
			goto out;
		f.device = bdf;
	}
	if (o_cgroup) {
		/* a path relative to the cgroup2 mount, with or without '/' */
		if (asprintf(&cg, "%s%s", o_cgroup[0] == '/' ? "" : "/", o_cgroup) < 0) {
			cg = NULL;
			rc = cli_error(c, EXIT_FAIL, ENOMEM, NULL, "out of memory");
			goto out;
		}
		f.cgroup = cg;
	}
	rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = stream_dump(c, false, &f, "ioasids", list_cols, LIST_NCOLS);
out:
	free(cg);
	poptFreeContext(pc);
	return rc;
}

int cmd_spid_list(struct cli *c, int argc, const char **argv)
{
	static char *o_set;
	struct poptOption opts[] = {
		{"set", 's', POPT_ARG_STRING, &o_set, 0, "bindings of this set", "N"},
		POPT_TABLEEND};
	struct ioasid_ext_filter f = {0};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, bind_cols, BIND_NCOLS);
		goto out;
	}
	rc = cli_no_args(c, args);
	if (rc != EXIT_OK)
		goto out;
	if (o_set && (rc = ext_arg_u32(c, "--set", o_set, &f.set)) != EXIT_OK)
		goto out;
	f.has_set = o_set;
	rc = cli_open(c);
	if (rc == EXIT_OK)
		rc = stream_dump(c, true, &f, "bindings", bind_cols, BIND_NCOLS);
out:
	poptFreeContext(pc);
	return rc;
}

int cmd_spid_find(struct cli *c, int argc, const char **argv)
{
	static char *o_set;
	struct poptOption opts[] = {{"set", 's', POPT_ARG_STRING, &o_set, 0,
				     "the set the SPID belongs to (required)", "N"},
				    POPT_TABLEEND};
	struct ioasid_ext_filter f = {0};
	struct ioasid_ext_dump_stats st;
	struct printer *p = NULL;
	const char **args;
	poptContext pc;
	char obj[48];
	int rc;

	rc = cli_parse(c, argc, argv, opts, "SPID", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (c->pr.list_columns) {
		pr_list_columns(&c->pr, bind_cols, BIND_NCOLS);
		goto out;
	}
	if (!o_set || !args || !args[0] || args[1]) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, NULL, "give --set N and one SPID");
		goto out;
	}
	if ((rc = ext_arg_u32(c, "--set", o_set, &f.set)) != EXIT_OK ||
	    (rc = ext_arg_u32(c, "spid", args[0], &f.spid)) != EXIT_OK)
		goto out;
	f.has_set = f.has_spid = true;
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	/* SPIDs are unique within a set: at most one row (a small list) */
	p = pr_new(&c->pr, "bindings", bind_cols, BIND_NCOLS);
	if (!p) {
		rc = EXIT_USAGE;
		goto out;
	}
	rc = ioasid_ext_binding_dump(c->ctx, &f, bind_row, p, &st);
	if (rc < 0) {
		rc = cli_lib_error(c, rc, "ioasid");
		goto out;
	}
	ext_dump_notes("GET_BINDING", &st);
	if (st.matched == 0) {
		struct ioasid_ext_set s = {0};

		/* ioasid_find_by_spid() (seed:5641-5646) fails for a set that
		 * is not valid as for an SPID it does not hold; the errnos
		 * tell them apart as the mutation commands do: an unknown set
		 * is EINVAL (ioasid_set_is_valid), an unknown SPID ENOENT */
		if (ioasid_ext_set_read(c->ctx, f.set, &s) == -ENOENT) {
			snprintf(obj, sizeof(obj), "set %u", f.set);
			rc = cli_error(c, EXIT_NOTFOUND, EINVAL, obj, "no such set");
			goto out;
		}
		ioasid_ext_set_free(&s);
		snprintf(obj, sizeof(obj), "set %u spid %u", f.set, f.spid);
		rc = cli_error(c, EXIT_NOTFOUND, ENOENT, obj, "no IOASID of the set has this SPID");
		goto out;
	}
	rc = pr_print(p) < 0 ? EXIT_FAIL : EXIT_OK;
out:
	pr_free(p);
	poptFreeContext(pc);
	return rc;
}
