// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl __complete: what the shell completions (completions/) ask the
 * binary instead of keeping their own copy of every option table:
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
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* How an option's argument (or a positional word of the usage line) is
 * completed, from its long name and the argument name popt shows in
 * --help. First match wins; NULL matches anything. New commands that use
 * the same argument names (FILE, DIR, PID, BDF, CGROUP, ID...) need no
 * row here. */
static const struct kind_rule {
	const char *cmd;
	const char *lname;
	const char *arg;
	const char *kind;
} kind_rules[] = {
	{NULL, "output", "LIST", "columns"},
	{NULL, "unit", "dmarN", "iommu"},
	{NULL, NULL, "dmarN", "iommu"},
	{NULL, "unit", NULL, "value"}, /* a systemd unit name */
	{NULL, "set", NULL, "set"},
	{NULL, "cgroup", NULL, "cgroup"},
	{NULL, "device", NULL, "device"},
	{NULL, "vm", NULL, "pid"},
	{NULL, "pid", NULL, "pid"},
	{NULL, "ioasid", NULL, "ioasid"},
	{NULL, "state", NULL, "state"},
	{NULL, "platform", NULL, "platform"},
	{"iommu list", NULL, "NAME", "iommu"},
	{NULL, NULL, "ID", "set"},
	{NULL, NULL, "CGROUP", "cgroup"},
	{NULL, NULL, "BDF", "device"},
	{NULL, NULL, "DEVICE", "device"},
	{NULL, NULL, "PID", "pid"},
	{NULL, NULL, "IOASID", "ioasid"},
	{NULL, NULL, "FILE", "file"},
	{NULL, NULL, "DIR", "dir"},
	{NULL, NULL, "DIR|ARCHIVE", "file"}, /* either: let the shell offer both */
};

/* The lowercase alternatives of "null|mm" or "N|max" ("enum:max"), or
 * NULL when there are none. */
static const char *enum_kind(const char *arg, char *buf, size_t len)
{
	size_t n = 0;
	const char *p = arg;

	if (!strchr(arg, '|'))
		return NULL;
	n = (size_t)snprintf(buf, len, "enum:");
	while (*p && n < len) {
		size_t w = strcspn(p, "|");
		bool lower = w > 0;

		for (size_t k = 0; k < w; k++)
			if (!islower((unsigned char)p[k]) && p[k] != '-' && p[k] != '_')
				lower = false;
		if (lower)
			n += (size_t)snprintf(buf + n, len - n, "%s%.*s", n > 5 ? "|" : "", (int)w,
					      p);
		p += w + (p[w] == '|');
	}
	return n > 5 && n < len ? buf : NULL;
}

static const char *arg_kind(const char *cmd, const char *lname, const char *arg, char *buf,
			    size_t len)
{
	const char *e;

	for (size_t i = 0; i < sizeof(kind_rules) / sizeof(kind_rules[0]); i++) {
		const struct kind_rule *r = &kind_rules[i];

		if ((r->cmd && (!cmd || strcmp(r->cmd, cmd))) ||
		    (r->lname && (!lname || strcmp(r->lname, lname))) ||
		    (r->arg && (!arg || strcmp(r->arg, arg))))
			continue;
		return r->kind;
	}
	e = arg ? enum_kind(arg, buf, len) : NULL;
	return e ? e : "value";
}

static void field(const char *s)
{
	/* tabs and newlines would break the line format; "-" stands for none */
	if (!s || !*s) {
		fputs("\t-", stdout);
		return;
	}
	putchar('\t');
	for (; *s; s++)
		putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
}

static const struct poptOption *find_option(const struct poptOption *t, const char *lname)
{
	for (; t && (t->longName || t->shortName || t->argInfo || t->arg); t++) {
		const struct poptOption *f;

		if ((t->argInfo & POPT_ARG_MASK) == POPT_ARG_INCLUDE_TABLE) {
			f = find_option(t->arg, lname);
			if (f)
				return f;
		} else if (t->longName && !strcmp(t->longName, lname)) {
			return t;
		}
	}
	return NULL;
}

static void print_options(const char *cmd, const struct poptOption *t)
{
	for (; t && (t->longName || t->shortName || t->argInfo || t->arg); t++) {
		unsigned type = t->argInfo & POPT_ARG_MASK;
		char sbuf[3] = "-", lbuf[64], ebuf[128];

		if (type == POPT_ARG_INCLUDE_TABLE) {
			print_options(cmd, t->arg);
			continue;
		}
		if (type == POPT_ARG_CALLBACK || (t->argInfo & POPT_ARGFLAG_DOC_HIDDEN) ||
		    (!t->longName && !t->shortName))
			continue;
		snprintf(lbuf, sizeof(lbuf), "--%s", t->longName ? t->longName : "");
		sbuf[1] = t->shortName;
		fputs("option", stdout);
		field(t->longName ? lbuf : NULL);
		field(t->shortName ? sbuf : NULL);
		field(type == POPT_ARG_NONE || type == POPT_ARG_VAL
			      ? "none"
			      : arg_kind(cmd, t->longName, t->argDescrip, ebuf, sizeof(ebuf)));
		field(type == POPT_ARG_NONE || type == POPT_ARG_VAL ? NULL : t->argDescrip);
		field(t->descrip);
		putchar('\n');
	}
}

static bool takes_arg(const struct poptOption *all, const char *opt)
{
	char name[64];
	const struct poptOption *o;
	unsigned type;

	if (opt[1] != '-' || strchr(opt, '='))
		return false;
	snprintf(name, sizeof(name), "%s", opt + 2);
	o = find_option(all, name);
	type = o ? o->argInfo & POPT_ARG_MASK : POPT_ARG_STRING;
	return type != POPT_ARG_NONE && type != POPT_ARG_VAL;
}

/* One word of a usage line: an option (its argument word is skipped) or
 * a positional argument, printed as an "arg" line. */
static void usage_word(const char *cmd, const struct poptOption *all, char *w, bool *skip,
		       int *index)
{
	char ebuf[128];
	size_t n;
	bool repeat;

	w += strspn(w, "[");
	n = strlen(w);
	while (n && w[n - 1] == ']')
		w[--n] = '\0';
	if (!n || !strcmp(w, "|"))
		return;
	if (w[0] == '-') {
		*skip = takes_arg(all, w);
		return;
	}
	if (*skip) {
		*skip = false;
		return;
	}
	repeat = n > 3 && !strcmp(w + n - 3, "...");
	if (repeat)
		w[n - 3] = '\0';
	printf("arg\t%d", ++*index);
	field(arg_kind(cmd, NULL, w, ebuf, sizeof(ebuf)));
	field(w);
	field(repeat ? "+" : "-");
	putchar('\n');
}

/* The positional words of a usage line such as "CGROUP --form
 * ioasids|misc N|max", "IOASID [--set ID | --vm PID]" or "--set ID|--vm
 * PID": words that are neither an option nor an option's argument. */
static void print_args(const char *cmd, const struct poptOption *all, const char *usage)
{
	char *copy = strdup(usage ? usage : ""), *save = NULL, *w;
	bool skip = false;
	int index = 0;

	if (!copy)
		return;
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *opt = strstr(w, "|-");

		/* "ID|--vm": an option's argument, then the next option */
		if (opt)
			*opt++ = '\0';
		usage_word(cmd, all, w, &skip, &index);
		if (opt)
			usage_word(cmd, all, opt, &skip, &index);
	}
	free(copy);
}

void cli_complete_table(struct cli *c, const struct poptOption *all, const char *usage)
{
	print_options(c->cmdname, all);
	print_args(c->cmdname, all, usage);
	puts("end");
	exit(fflush(stdout) == EOF || ferror(stdout) ? EXIT_FAIL : EXIT_OK);
}

static int list_commands(void)
{
	size_t n;
	const struct command *cmd = cli_commands(&n);

	for (size_t i = 0; i < n; i++) {
		printf("%s%s%s", cmd[i].group, cmd[i].name ? " " : "",
		       cmd[i].name ? cmd[i].name : "");
		field(cmd[i].summary);
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
	const struct command *cmd = cli_commands(&n);

	if (argc == 0) {
		/* what main() takes before the command */
		print_options(NULL, global);
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

/* Directory names under the host's root, filtered: the PCI functions'
 * sysfs names (no config-space reads: a TAB must not wake suspended
 * devices) and the processes of a captured or emulated host. */
static int values_dir(struct cli *c, const char *rel, bool numeric)
{
	char path[4096];
	struct dirent **names;
	int n;

	snprintf(path, sizeof(path), "%s%s", ioasid_ctx_root(c->ctx), rel);
	n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *s = names[i]->d_name;

		if (s[0] != '.' && (!numeric || s[strspn(s, "0123456789")] == '\0'))
			puts(s);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
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
		return values_dir(c, "/sys/bus/pci/devices", false);
	if (!strcmp(kind, "pid"))
		/* the live host's every process is no useful list: VMs of an
		 * emulated host, processes of a capture */
		return ioasid_ctx_is_live(c->ctx) ? EXIT_OK : values_dir(c, "/proc", true);
	return cli_error(c, EXIT_USAGE, EINVAL, kind, "no such value kind");
}

int cli_complete(struct cli *c, int argc, const char **argv)
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
