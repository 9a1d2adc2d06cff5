/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ioasidctl's commands and its dispatch table (ctl/ioasidctl.c). Only ctl/
 * includes this: ioasidtop (top/) does not see ioasidctl's commands; what
 * both programs do is in cli/ (cli/action.h for the writes).
 */
#ifndef IOASIDCTL_CTL_H
#define IOASIDCTL_CTL_H

#include "cli/cli.h"

/* The dispatch table (ctl/ioasidctl.c). CMD_DUMP marks the commands `dump`
 * runs (with -J and dump_args) and keeps in its manifest. */
#define CMD_DUMP 0x1
struct command {
	const char *group;
	const char *name; /* NULL: the group is the command ("status") */
	int (*fn)(struct cli *c, int argc, const char **argv);
	const char *summary;
	unsigned flags;	       /* CMD_DUMP */
	const char *dump_args; /* extra arguments under dump, e.g. "--all" */
};
const struct command *ctl_commands(size_t *n);

/* The hidden command `ioasidctl __complete` (ctl/complete.c) that the
 * shell completions ask: commands, each command's merged option table
 * (through cli_parse, so every command using it is covered) and the
 * values of the host's sets, cgroups, devices... See ioasidctl(8). */
int ctl_complete(struct cli *c, int argc, const char **argv);

/* the hosts' kernel state (status.c, iommu.c, device*.c, group.c, sva.c) */
int cmd_status(struct cli *c, int argc, const char **argv);
int cmd_iommu_list(struct cli *c, int argc, const char **argv);
int cmd_device_list(struct cli *c, int argc, const char **argv);
int cmd_device_why(struct cli *c, int argc, const char **argv);
int cmd_group_list(struct cli *c, int argc, const char **argv);
int cmd_sva_list(struct cli *c, int argc, const char **argv);
/* page requests (prq.c) */
int cmd_prq_stats(struct cli *c, int argc, const char **argv);
int cmd_prq_trace(struct cli *c, int argc, const char **argv);
/* cgroups (cgroup.c, cgroup-limit.c, cgroup-create.c) */
int cmd_cgroup_list(struct cli *c, int argc, const char **argv);
int cmd_cgroup_show(struct cli *c, int argc, const char **argv);
int cmd_cgroup_set_limit(struct cli *c, int argc, const char **argv);
int cmd_cgroup_create(struct cli *c, int argc, const char **argv);
/* the IOASID extension (capacity.c, set.c, list.c, spid.c, alloc.c) */
int cmd_capacity_show(struct cli *c, int argc, const char **argv);
int cmd_capacity_install(struct cli *c, int argc, const char **argv);
int cmd_capacity_reserve(struct cli *c, int argc, const char **argv);
int cmd_capacity_cancel(struct cli *c, int argc, const char **argv);
int cmd_set_list(struct cli *c, int argc, const char **argv);
int cmd_set_show(struct cli *c, int argc, const char **argv);
int cmd_set_create(struct cli *c, int argc, const char **argv);
int cmd_set_destroy(struct cli *c, int argc, const char **argv);
int cmd_set_quota(struct cli *c, int argc, const char **argv);
int cmd_ext_list(struct cli *c, int argc, const char **argv);
int cmd_spid_list(struct cli *c, int argc, const char **argv);
int cmd_spid_find(struct cli *c, int argc, const char **argv);
int cmd_alloc(struct cli *c, int argc, const char **argv);
int cmd_free(struct cli *c, int argc, const char **argv);
int cmd_bind(struct cli *c, int argc, const char **argv);
int cmd_unbind(struct cli *c, int argc, const char **argv);
/* their writes on the emulated host as records, for config apply: one
 * mutation each (set.c: set quota; capacity.c: reserve, or cancel) */
int set_quota_apply(struct cli *c, uint32_t set, uint32_t quota, bool dry_run,
		    struct cli_result *r);
int capacity_reserve_apply(struct cli *c, bool cancel, uint32_t n, bool dry_run,
			   struct cli_result *r);
/* the emulated host (sim.c, vm.c) */
int cmd_sim_init(struct cli *c, int argc, const char **argv);
int cmd_sim_check(struct cli *c, int argc, const char **argv);
int cmd_sim_inject_prq(struct cli *c, int argc, const char **argv);
int cmd_vm_add(struct cli *c, int argc, const char **argv);
int cmd_vm_move(struct cli *c, int argc, const char **argv);
int cmd_vm_remove(struct cli *c, int argc, const char **argv);
/* /dev/ioasid in one process (uapi.c) */
int cmd_uapi_selftest(struct cli *c, int argc, const char **argv);
/* Prometheus metrics (stats*.c), events (monitor.c), the archive (dump.c) */
int cmd_stats(struct cli *c, int argc, const char **argv);
int cmd_monitor(struct cli *c, int argc, const char **argv);
int cmd_dump(struct cli *c, int argc, const char **argv);
/* provisioning (config.c) and comparison (diff.c), libvirt's hook (libvirt.c) */
int cmd_config_save(struct cli *c, int argc, const char **argv);
int cmd_config_apply(struct cli *c, int argc, const char **argv);
int cmd_diff(struct cli *c, int argc, const char **argv);
int cmd_libvirt_hook(struct cli *c, int argc, const char **argv);

#endif
