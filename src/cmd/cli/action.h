/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writes both programs make, as functions that return a record
 * (struct cli_result, cli/cli.h) and print nothing: a cgroup limit (the
 * live cgroupfs or the emulated host), and free, bind, unbind of an IOASID
 * (the emulated host). ioasidctl's commands parse their arguments, call
 * these and print the record; ioasidtop calls them from its screen and
 * shows the record in its status line.
 */
#ifndef IOASIDCTL_CLI_ACTION_H
#define IOASIDCTL_CLI_ACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"

/* Why IOASIDs are not freed, bound or allocated on a live host. */
#define CLI_NOIO_LIVE                                                                              \
	"a live host's IOASIDs belong to the processes that opened /dev/ioasid (they go "          \
	"when the opener exits); use --sim DIR, or uapi selftest"

/* cgroup set-limit CGROUP --form ioasids|misc N|max */
struct cli_limit_req {
	const char *cgroup;   /* from the root: /machine.slice/... */
	const char *form;     /* "ioasids" (the seed's ioasids.max) or "misc" */
	const char *resource; /* live host, misc form: the resource (NULL: ioasid) */
	const char *value;    /* N or max, as typed (cli/arg.h) */
	bool dry_run;
};
/* On the write target (cli_write_target()): the live host's cgroupfs
 * through ioasid_misc_set_max() / ioasid_ioasids_set_max(), the emulated
 * host's model, a snapshot refused (exit 4). Idempotent: a limit already
 * set is reported unchanged and nothing is written. The record's fields
 * are cgroup, form, resource, file, old_limit, limit, action on every
 * host; old and new are the limits as text ("64", "max"), old_err why the
 * old one could not be read. Returns r->status. */
int cli_action_set_limit(struct cli *c, const struct cli_limit_req *q, struct cli_result *r);

/* free IOASID [--set ID | --vm PID], bind --vm PID IOASID --spid N,
 * unbind --vm PID IOASID on the emulated host: with a VM the request goes
 * through the loopback /dev/ioasid (the uAPI's errnos), without one the
 * core frees as the kernel would. Fields: ioasid, vm, spid, state, refs;
 * new is the IOASID's state afterwards. Returns r->status. */
enum cli_io_op { CLI_IO_FREE, CLI_IO_BIND, CLI_IO_UNBIND };
struct cli_io_req {
	enum cli_io_op op;
	uint32_t ioasid;
	uint32_t set; /* free: the set it must be in; IOASID_MODEL_INVALID: any */
	int32_t pid;  /* the VM making the request; 0: none (free only) */
	uint32_t spid;
	bool dry_run;
};
int cli_action_io(struct cli *c, const struct cli_io_req *q, struct cli_result *r);
/* free IOASID, as ioasidtop's x does */
int cli_action_free(struct cli *c, uint32_t ioasid, struct cli_result *r);

/* cgroup helpers of the limit writes that `cgroup show` and `cgroup
 * create` share: a limit in JSON (a number, or "max"), the cgroup2 mount
 * of the host (opened), and why the misc controller is not enabled on rel
 * (exit 4 with the fix: the echo +misc lines). */
json_object *cli_cgroup_limit_json(uint64_t v);
int cli_cgroup_open_mount(struct cli *c, struct ioasid_cgroup_mount *m, struct cli_result *r);
int cli_cgroup_not_enabled(const struct ioasid_cgroup_mount *m, const char *rel,
			   const struct ioasid_misc_why *why, struct cli_result *r);
/* The cgroup named as a systemd unit (`cgroup show --unit`, config apply,
 * the libvirt hook): exactly one match into rel; none exit 3, several
 * exit 2 naming them (give the path instead). */
int cli_cgroup_of_unit(struct cli *c, const struct ioasid_cgroup_mount *m, const char *unit,
		       char *rel, size_t len, struct cli_result *r);

#endif
