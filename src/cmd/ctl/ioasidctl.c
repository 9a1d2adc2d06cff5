// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl: administer and diagnose I/O address space IDs. One dispatch
 * table of exact command names (no prefix matching: iproute2 learnt that
 * prefixes become an ABI nobody can extend).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/tmpfile.h"
#include "ctl/ctl.h"

/* Rows give only the fields they need (flags and dump_args default to 0),
 * so marking a command for dump is one word: CMD_DUMP after the summary. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct command commands[] = {
	{"status", NULL, cmd_status, "summary of the host: IOMMUs, mode, PASID-capable devices",
	 CMD_DUMP},
	{"iommu", "list", cmd_iommu_list, "list IOMMU units and their PASID capabilities",
	 CMD_DUMP},
	{"device", "list", cmd_device_list, "list PCI devices with PASID, PRI or ATS", CMD_DUMP,
	 "--all"},
	{"device", "why", cmd_device_why,
	 "why a device can or cannot use PASIDs, SVA, page requests"},
	{"group", "list", cmd_group_list, "list IOMMU groups", CMD_DUMP},
	{"sva", "list", cmd_sva_list, "list SVA users: idxd work queues, uacce devices", CMD_DUMP},
	{"cgroup", "list", cmd_cgroup_list,
	 "list cgroups with the misc controller and their limits", CMD_DUMP},
	{"cgroup", "show", cmd_cgroup_show,
	 "misc controller files of one cgroup (or --pid, --unit)"},
	{"prq", "stats", cmd_prq_stats,
	 "page-request interrupts, overflows and queue state per IOMMU", CMD_DUMP},
	{"prq", "trace", cmd_prq_trace, "live page requests per device and PASID (root)"},
	{"capacity", "show", cmd_capacity_show, "IOASID capacity: total, available, reserved"},
	{"set", "list", cmd_set_list, "list IOASID sets: type, quota, allocated, owner"},
	{"set", "show", cmd_set_show, "one IOASID set"},
	{"list", NULL, cmd_ext_list,
	 "list IOASIDs (filters: set, state, SPID, cgroup, pid, device)"},
	{"spid", "list", cmd_spid_list, "list SPID bindings (guest PASID -> IOASID)"},
	{"spid", "find", cmd_spid_find, "the IOASID bound to an SPID of a set"},
	{"sim", "init", cmd_sim_init, "create an emulated host (a platform, VMs) in a directory"},
	{"sim", "check", cmd_sim_check, "verify an emulated host: invariants and rendered files"},
	{"sim", "inject-prq", cmd_sim_inject_prq,
	 "emulated host: page requests arrive on an IOMMU for an IOASID"},
	{"set", "create", cmd_set_create, "emulated host: create a null or mm set with a quota"},
	{"set", "destroy", cmd_set_destroy, "emulated host: destroy an empty set"},
	{"set", "quota", cmd_set_quota, "emulated host: change a set's quota"},
	{"alloc", NULL, cmd_alloc, "emulated host: allocate IOASIDs in a set or for a VM"},
	{"free", NULL, cmd_free, "emulated host: free an IOASID"},
	{"bind", NULL, cmd_bind, "emulated host: a VM binds an IOASID to a guest PASID (SPID)"},
	{"unbind", NULL, cmd_unbind, "emulated host: a VM unbinds an IOASID"},
	{"capacity", "install", cmd_capacity_install,
	 "emulated host: install the system capacity (only the first takes effect)"},
	{"capacity", "reserve", cmd_capacity_reserve, "emulated host: reserve capacity (0 = all)"},
	{"capacity", "cancel", cmd_capacity_cancel, "emulated host: return reserved capacity"},
	{"cgroup", "set-limit", cmd_cgroup_set_limit,
	 "set a cgroup's IOASID limit (ioasids or misc form): live host or emulated"},
	{"cgroup", "create", cmd_cgroup_create, "emulated host: create a cgroup"},
	{"vm", "add", cmd_vm_add, "emulated host: start a VM process in a cgroup"},
	{"vm", "move", cmd_vm_move, "emulated host: move a VM process to another cgroup"},
	{"vm", "remove", cmd_vm_remove, "emulated host: a VM process exits (its set is freed)"},
	{"uapi", "selftest", cmd_uapi_selftest,
	 "/dev/ioasid in one process: alloc, bind, find, unbind, free, verify"},
	{"stats", NULL, cmd_stats, "Prometheus metrics for node_exporter's textfile collector"},
	{"monitor", NULL, cmd_monitor,
	 "events as they happen: uevents, IOMMU faults, cgroup limits, IOASID notifications"},
	{"dump", NULL, cmd_dump, "write everything the commands read into one archive"},
	{"config", "save", cmd_config_save,
	 "the host's IOASID limits, reservation and quotas as one JSON document"},
	{"config", "apply", cmd_config_apply,
	 "make the host match a config document: only what differs, plan and result"},
	{"diff", NULL, cmd_diff,
	 "compare two hosts: the answers, reason-chain steps and facts that differ"},
	{"libvirt", "hook", cmd_libvirt_hook,
	 "libvirt's qemu hook: a started VM's IOASID limit from its domain XML"},
};
#pragma GCC diagnostic pop

const struct command *ctl_commands(size_t *n)
{
	*n = sizeof(commands) / sizeof(commands[0]);
	return commands;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: ioasidctl [--sysroot DIR | --sim DIR] [--pci-dump FILE] COMMAND "
		     "[OPTIONS]\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char name[40];

		snprintf(name, sizeof(name), "%s%s%s", commands[i].group,
			 commands[i].name ? " " : "", commands[i].name ? commands[i].name : "");
		fprintf(out, "  %-16s %s\n", name, commands[i].summary);
	}
	fprintf(out,
		"\nRun 'ioasidctl COMMAND --help' for a command's options; see ioasidctl(8).\n");
}

/* Flush stdout and report a write error (full disk, closed pipe) as a
 * failure instead of exiting 0 with truncated output: the one place that
 * says so, in one line, for every command (commands writing to stdout
 * leave a stream error to it). A closed pipe is said too: with SIGPIPE
 * ignored (a shell's trap '' PIPE, a service manager) a silent exit 1
 * looked like a failed read. When an earlier write failed and the flush
 * has nothing left, its errno is gone: the line says only "write error"
 * (as coreutils' close_stdout does). */
static bool stdout_checked;

static int close_stdout(int status)
{
	bool earlier = ferror(stdout);

	stdout_checked = true;
	errno = 0;
	if (fflush(stdout) == EOF || earlier) {
		int e = earlier && !ferror(stdout) ? 0 : errno;

		pr_err("ioasidctl: stdout: write error%s%s", e ? ": " : "", e ? strerror(e) : "");
		return status ? status : EXIT_FAIL;
	}
	return status;
}

/* The exits that do not return through main: popt's --help and --usage
 * (exit(0) in its callback), --version of a command, the completions'
 * tables. Exit status 1 then, as main's would be. */
static void close_stdout_at_exit(void)
{
	if (!stdout_checked && close_stdout(EXIT_OK) != EXIT_OK)
		_exit(EXIT_FAIL);
}

int main(int argc, const char **argv)
{
	struct cli c = {0};
	int i = 1;

	atexit(close_stdout_at_exit);
	/* temporary files and unpacked archives go with SIGINT, SIGTERM... */
	cli_tmp_signals();

	/* Host options may precede the command: take them here. */
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return close_stdout(EXIT_OK);
		}
		if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("ioasidctl %s\n", PACKAGE_VERSION);
			return close_stdout(EXIT_OK);
		}
		if (!strcmp(argv[i], "--sim") && i + 1 < argc) {
			c.sim = argv[i + 1];
			i += 2;
			continue;
		}
		if (!strncmp(argv[i], "--sim=", 6)) {
			c.sim = argv[i] + 6;
			i++;
			continue;
		}
		if ((!strcmp(argv[i], "--sysroot") || !strcmp(argv[i], "--pci-dump")) &&
		    i + 1 < argc) {
			if (argv[i][2] == 's')
				c.sysroot = argv[i + 1];
			else
				c.pci_dump = argv[i + 1];
			i += 2;
			continue;
		}
		if (!strncmp(argv[i], "--sysroot=", 10)) {
			c.sysroot = argv[i] + 10;
			i++;
			continue;
		}
		if (!strncmp(argv[i], "--pci-dump=", 11)) {
			c.pci_dump = argv[i] + 11;
			i++;
			continue;
		}
		pr_err("ioasidctl: unknown option '%s' before the command", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* hidden: the questions of the shell completions (ctl/complete.c) */
	if (!strcmp(argv[i], "__complete")) {
		int rc = ctl_complete(&c, argc - i, argv + i);

		ioasid_ctx_free(c.ctx);
		return close_stdout(rc);
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		const struct command *cmd = &commands[k];
		char name[64];
		int used, rc;

		if (strcmp(argv[i], cmd->group))
			continue;
		if (cmd->name && (i + 1 >= argc || strcmp(argv[i + 1], cmd->name)))
			continue;
		used = cmd->name ? 2 : 1;
		snprintf(name, sizeof(name), "%s%s%s", cmd->group, cmd->name ? " " : "",
			 cmd->name ? cmd->name : "");
		c.cmdname = name;
		/* argv for the command: its name first, as popt expects */
		rc = cmd->fn(&c, argc - i - used + 1, argv + i + used - 1);
		ioasid_ctx_free(c.ctx);
		return close_stdout(rc);
	}
	pr_err("ioasidctl: unknown command '%s%s%s'", argv[i], i + 1 < argc ? " " : "",
	       i + 1 < argc ? argv[i + 1] : "");
	usage(stderr);
	return EXIT_USAGE;
}
