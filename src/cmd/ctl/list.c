// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl list [--set N] [--state S] [--spid N] [--cgroup PATH] [--pid PID]
 *                [--device BDF]
 *
 * The genl dump GET_IOASID of ioasid-abi(7), from the kernel on the live
 * host, from the stored dump files elsewhere. It can reach the whole
 * 20-bit space, so it prints through the printer's streaming mode: one
 * record at a time, constant memory.
 * JSON: {"schema_version":1,"ioasids":[...]}.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arg.h"
#include "cli/ext.h"
#include "ctl/ctl.h"
#include "print/ioasids-cols.h"

static int list_row(const struct ioasid_ext_rec *rec, void *arg)
{
	ioasids_cells(pr_row(arg), rec);
	return 0;
}

int cmd_ext_list(struct cli *c, int argc, const char **argv)
{
	char *o_set = NULL, *o_state = NULL, *o_spid = NULL, *o_cgroup = NULL, *o_pid = NULL;
	char *o_device = NULL;
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
	struct cli_list cl;
	int rc;

	/* the rows stream through ext_stream_dump()'s printer */
	if (!cli_list_begin(c, argc, argv, opts, NULL, ioasids_cols, IOASIDS_NCOLS, NULL, &cl))
		return cl.rc;
	if (o_set && (rc = cli_arg_id(c, "--set", o_set, &f.set)) != EXIT_OK)
		goto out;
	if (o_spid && (rc = cli_arg_id(c, "--spid", o_spid, &f.spid)) != EXIT_OK)
		goto out;
	if (o_pid && (rc = cli_arg_u32(c, "--pid", o_pid, 1, CLI_PID_MAX, &f.pid)) != EXIT_OK)
		goto out;
	f.has_set = o_set, f.has_spid = o_spid, f.has_pid = o_pid;
	if (o_state && ioasid_ext_state_parse(o_state, &f.state) < 0) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "--state",
			       "'%s' is not a state (idle, active, free_pending)", o_state);
		goto out;
	}
	f.has_state = o_state;
	if (o_device) {
		/* "6a:01.0" -> "0000:6a:01.0": the form the kernel names
		 * devices with (pci_name()) */
		if (ioasid_pci_parse_bdf(o_device, bdf) < 0) {
			rc = cli_error(c, EXIT_USAGE, EINVAL, "--device",
				       "'%s' is not a PCI device name (DDDD:BB:DD.F)", o_device);
			goto out;
		}
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
		rc = ext_stream_dump(c, ioasid_ext_ioasid_dump, "GET_IOASID", &f, list_row,
				     "ioasids", ioasids_cols, IOASIDS_NCOLS);
out:
	free(cg);
	return cli_list_end(&cl, rc);
}
