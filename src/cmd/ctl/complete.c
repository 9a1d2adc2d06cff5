// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl __complete (the option tables are printed by cli-complete.c): what the shell
 * completions (completions/) ask the binary instead of keeping their own copy of every option
 * table:
 *
 *   __complete commands             "GROUP[ NAME]<TAB>summary" per dispatch row
 *   __complete options [CMD...]     the global options, or CMD's merged table
 *   __complete values KIND          the host's sets, cgroups, devices, ...
 *
 * `options` runs the command with c->complete set: cli_parse prints the
 * table it would parse (the command's own, output, host, --version, popt's
 * help) and exits before the command does anything, so a command added
 * later is covered as soon as it parses with cli_parse. Host options given
 * before __complete (--sim, --sysroot) select the host `values` reads.
 *
 * Output lines are tab-separated, "-" for an empty field:
 *   option LONG SHORT KIND ARGNAME HELP
 *   arg INDEX KIND WORD REPEAT("+" or "-")
 * KIND: none (a flag), file, dir, set, cgroup, device, pid, ioasid, iommu,
 * state, platform, columns, value (free text), enum:a|b.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

static int list_commands(void)
{
	size_t n;
	const struct command *cmd = ctl_commands(&n);

	for (size_t i = 0; i < n; i++) {
		printf("%s%s%s", cmd[i].group, cmd[i].name ? " " : "",
		       cmd[i].name ? cmd[i].name : "");
		cli_complete_field(cmd[i].summary);
		putchar('\n');
	}
	return EXIT_OK;
}

static int list_options(struct cli *c, int argc, const char **argv)
{
	static const struct poptOption global[] = {
		{"help", 'h', POPT_ARG_NONE, NULL, 0, "the commands and global options", NULL},
		{"version", 'V', POPT_ARG_NONE, NULL, 0, "print the version and exit", NULL},
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, cli_host_options, 0, NULL, NULL},
		POPT_TABLEEND};
	const char *fake[] = {NULL, "--help", NULL};
	size_t n;
	const struct command *cmd = ctl_commands(&n);

	if (argc == 0) {
		/* what main() takes before the command */
		cli_complete_options(NULL, global);
		puts("end");
		return EXIT_OK;
	}
	for (size_t i = 0; i < n; i++) {
		char name[64];

		if (strcmp(argv[0], cmd[i].group) ||
		    (cmd[i].name && (argc < 2 || strcmp(argv[1], cmd[i].name))) ||
		    (!cmd[i].name && argc > 1))
			continue;
		snprintf(name, sizeof(name), "%s%s%s", cmd[i].group, cmd[i].name ? " " : "",
			 cmd[i].name ? cmd[i].name : "");
		c->cmdname = name;
		c->complete = 1;
		/* cli_parse exits after printing; "--help" keeps a command that
		 * parses some other way from doing anything */
		fake[0] = cmd[i].name ? cmd[i].name : cmd[i].group;
		cmd[i].fn(c, 2, fake);
		return cli_error(c, EXIT_FAIL, 0, name,
				 "does not parse its options with cli_parse: no completion table");
	}
	return cli_error(c, EXIT_USAGE, EINVAL, argv[0], "unknown command");
}

/* ---- values of the selected host ---- */

static int values_sets(struct cli *c)
{
	struct ioasid_ext_set_list l = {0};

	if (ioasid_ext_set_list(c->ctx, &l) < 0)
		return EXIT_OK; /* no extension: nothing to offer */
	for (size_t i = 0; i < l.n; i++)
		printf("%u\n", l.v[i].id);
	ioasid_ext_set_list_free(&l);
	return EXIT_OK;
}

static int print_ioasid(const struct ioasid_ext_rec *rec, void *arg)
{
	(void)arg;
	printf("%u\n", rec->ioasid);
	return 0;
}

static int values_ioasids(struct cli *c)
{
	ioasid_ext_ioasid_dump(c->ctx, NULL, print_ioasid, NULL, NULL);
	return EXIT_OK;
}

static int values_cgroups(struct cli *c)
{
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_list l = {0};
	const char *last = "";

	if (ioasid_cgroup_mount_find(c->ctx, &m) < 0 || ioasid_misc_list(c->ctx, &m, &l) < 0)
		return EXIT_OK;
	for (size_t i = 0; i < l.n; i++) {
		/* a cgroup with both controllers comes once */
		if (strcmp(l.v[i].path, last))
			puts(l.v[i].path);
		last = l.v[i].path;
	}
	ioasid_misc_list_free(&l);
	return EXIT_OK;
}

static int values_iommus(struct cli *c)
{
	struct ioasid_iommu_list l = {0};

	if (ioasid_iommu_list(c->ctx, &l) < 0)
		return EXIT_OK;
	for (size_t i = 0; i < l.n; i++)
		puts(l.v[i].name);
	ioasid_iommu_list_free(&l);
	return EXIT_OK;
}

/* Names the library lists under the host's root: the PCI functions'
 * sysfs names (no config-space reads: a TAB must not wake suspended
 * devices) and the processes of a captured or emulated host. */
static int values_names(struct cli *c, int (*list)(struct ioasid_ctx *, char ***, size_t *))
{
	char **names;
	size_t n;

	if (list(c->ctx, &names, &n) < 0)
		return EXIT_OK;
	for (size_t i = 0; i < n; i++)
		puts(names[i]);
	ioasid_names_free(names, n);
	return EXIT_OK;
}

static int values(struct cli *c, const char *kind)
{
	int rc;

	if (!strcmp(kind, "state")) {
		const char *s;

		for (uint32_t i = 0; (s = ioasid_ext_state_name(i)); i++)
			puts(s);
		return EXIT_OK;
	}
	if (!strcmp(kind, "platform")) {
		for (const char *const *p = ioasid_sim_platforms(); *p; p++)
			puts(*p);
		return EXIT_OK;
	}
	rc = cli_open(c);
	if (rc != EXIT_OK)
		return rc;
	if (!strcmp(kind, "set"))
		return values_sets(c);
	if (!strcmp(kind, "ioasid"))
		return values_ioasids(c);
	if (!strcmp(kind, "cgroup"))
		return values_cgroups(c);
	if (!strcmp(kind, "iommu"))
		return values_iommus(c);
	if (!strcmp(kind, "device"))
		return values_names(c, ioasid_pci_names);
	if (!strcmp(kind, "pid"))
		/* the live host's every process is no useful list: VMs of an
		 * emulated host, processes of a capture */
		return ioasid_ctx_is_live(c->ctx) ? EXIT_OK : values_names(c, ioasid_kernel_pids);
	return cli_error(c, EXIT_USAGE, EINVAL, kind, "no such value kind");
}

int ctl_complete(struct cli *c, int argc, const char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "commands"))
		return list_commands();
	if (argc >= 2 && !strcmp(argv[1], "options"))
		return list_options(c, argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "values"))
		return values(c, argv[2]);
	return cli_error(c, EXIT_USAGE, EINVAL, "__complete",
			 "usage: __complete commands | options [COMMAND] | values KIND");
}
