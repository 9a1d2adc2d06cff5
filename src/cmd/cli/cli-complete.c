// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The option-table half of ioasidctl __complete (ctl/complete.c has the
 * rest): cli_parse() calls cli_complete_table() when c->complete is set.
 * It lives in libioasidcli with cli.c, which ioasidtop links too, and
 * needs nothing of ioasidctl's dispatch table.
 *
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

#include "cli/cli.h"

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

void cli_complete_field(const char *s)
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

void cli_complete_options(const char *cmd, const struct poptOption *t)
{
	for (; t && (t->longName || t->shortName || t->argInfo || t->arg); t++) {
		unsigned type = t->argInfo & POPT_ARG_MASK;
		char sbuf[3] = "-", lbuf[64], ebuf[128];

		if (type == POPT_ARG_INCLUDE_TABLE) {
			cli_complete_options(cmd, t->arg);
			continue;
		}
		if (type == POPT_ARG_CALLBACK || (t->argInfo & POPT_ARGFLAG_DOC_HIDDEN) ||
		    (!t->longName && !t->shortName))
			continue;
		snprintf(lbuf, sizeof(lbuf), "--%s", t->longName ? t->longName : "");
		sbuf[1] = t->shortName;
		fputs("option", stdout);
		cli_complete_field(t->longName ? lbuf : NULL);
		cli_complete_field(t->shortName ? sbuf : NULL);
		cli_complete_field(
			type == POPT_ARG_NONE || type == POPT_ARG_VAL
				? "none"
				: arg_kind(cmd, t->longName, t->argDescrip, ebuf, sizeof(ebuf)));
		cli_complete_field(type == POPT_ARG_NONE || type == POPT_ARG_VAL ? NULL
										 : t->argDescrip);
		cli_complete_field(t->descrip);
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
	cli_complete_field(arg_kind(cmd, NULL, w, ebuf, sizeof(ebuf)));
	cli_complete_field(w);
	cli_complete_field(repeat ? "+" : "-");
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
	cli_complete_options(c->cmdname, all);
	print_args(c->cmdname, all, usage);
	puts("end");
	exit(fflush(stdout) == EOF || ferror(stdout) ? EXIT_FAIL : EXIT_OK);
}
