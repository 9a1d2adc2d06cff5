// SPDX-License-Identifier: GPL-2.0-or-later
/* Option parsing, host selection and error reporting shared by commands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* popt writes through these pointers; main() points them at its cli. */
static struct cli *g_cli;
static int opt_json, opt_raw, opt_pairs, opt_noheadings, opt_listcols;
static char *opt_columns, *opt_sysroot, *opt_pcidump, *opt_sim;

struct poptOption cli_output_options[] = {
	{"json", 'J', POPT_ARG_NONE, &opt_json, 0, "JSON output", NULL},
	{"raw", 'r', POPT_ARG_NONE, &opt_raw, 0, "raw output (no alignment)", NULL},
	{"pairs", 'P', POPT_ARG_NONE, &opt_pairs, 0, "KEY=\"value\" output", NULL},
	{"output", 'o', POPT_ARG_STRING, &opt_columns, 0,
	 "columns to show (+LIST adds to the defaults)", "LIST"},
	{"noheadings", 'n', POPT_ARG_NONE, &opt_noheadings, 0, "no heading line", NULL},
	{"list-columns", 0, POPT_ARG_NONE, &opt_listcols, 0, "list the columns and exit", NULL},
	POPT_TABLEEND};

struct poptOption cli_host_options[] = {
	{"sysroot", 0, POPT_ARG_STRING, &opt_sysroot, 0,
	 "read a captured host (a directory or a dump archive) instead of /", "DIR|ARCHIVE"},
	{"pci-dump", 0, POPT_ARG_STRING, &opt_pcidump, 0,
	 "read PCI config space from an lspci -xxxx dump", "FILE"},
	{"sim", 0, POPT_ARG_STRING, &opt_sim, 0,
	 "use the emulated host in DIR (see sim init); also IOASIDCTL_SIM", "DIR"},
	POPT_TABLEEND};

static void fold(struct cli *c)
{
	if (opt_sysroot)
		c->sysroot = opt_sysroot;
	if (opt_pcidump)
		c->pci_dump = opt_pcidump;
	if (opt_sim)
		c->sim = opt_sim;
	if (opt_columns)
		c->pr.columns = opt_columns;
	c->pr.noheadings |= opt_noheadings;
	c->pr.list_columns |= opt_listcols;
	if (opt_json)
		c->pr.format = PR_JSON;
	else if (opt_raw)
		c->pr.format = PR_RAW;
	else if (opt_pairs)
		c->pr.format = PR_PAIRS;
}

/* --version on every command, next to popt's --help/--usage. */
static int opt_version;
static struct poptOption cli_version_options[] = {
	{"version", 'V', POPT_ARG_NONE, &opt_version, 0, "print the version and exit", NULL},
	POPT_TABLEEND};

/*
 * Repeated string options. popt stores every occurrence of a
 * POPT_ARG_STRING option as a fresh copy over the variable's previous value
 * (popt.c poptSaveArg(): the application frees), so `--unit a --unit b` lost
 * the first copy (LeakSanitizer's 2 bytes in sim inject-prq). The parser
 * runs on a copy of the merged table in which each such option returns a
 * code after it is stored; the value it replaced, if popt made it, is freed
 * then. The copy lives until cli_parse_free() (dump parses its commands
 * while its own context lives: one record per context).
 */
#define TRACK_BASE 0x7100
struct tracked {
	poptContext pc;
	struct poptOption **tables; /* the copies, to free */
	size_t ntables;
	char **vars[64]; /* the variables of the string options, by code */
	char *last[64];	 /* the copy popt last stored in each */
	size_t nvars;
	struct tracked *next;
};
static struct tracked *g_tracked;

static void tracked_free(struct tracked *t)
{
	for (size_t i = 0; i < t->ntables; i++)
		free(t->tables[i]);
	free(t->tables);
	free(t);
}

static struct poptOption *track_copy(struct tracked *t, const struct poptOption *o)
{
	struct poptOption *copy, **tables;
	size_t n = 0;

	while (o[n].longName || o[n].shortName || o[n].argInfo)
		n++;
	copy = calloc(n + 1, sizeof(*copy));
	tables = realloc(t->tables, (t->ntables + 1) * sizeof(*tables));
	if (!copy || !tables) {
		free(copy);
		if (tables)
			t->tables = tables;
		return NULL;
	}
	t->tables = tables;
	t->tables[t->ntables++] = copy;
	memcpy(copy, o, (n + 1) * sizeof(*copy));
	for (size_t i = 0; i < n; i++) {
		unsigned type = copy[i].argInfo & POPT_ARG_MASK;

		if (type == POPT_ARG_INCLUDE_TABLE && copy[i].arg) {
			copy[i].arg = track_copy(t, copy[i].arg);
			if (!copy[i].arg)
				return NULL;
		} else if (type == POPT_ARG_STRING && copy[i].arg && !copy[i].val &&
			   t->nvars < sizeof(t->vars) / sizeof(t->vars[0])) {
			copy[i].val = TRACK_BASE + (int)t->nvars;
			t->vars[t->nvars++] = copy[i].arg;
		}
	}
	return copy;
}

/* The part both parsers share: __complete, popt's loop, the usage error
 * and --version. Returns EXIT_OK with *pcp set, or EXIT_USAGE. */
static int parse(struct cli *c, int argc, const char **argv, const struct poptOption *all,
		 const char *usage, poptContext *pcp)
{
	struct tracked *t;
	const struct poptOption *table;
	poptContext pc;
	int rc;

	g_cli = c;
	/* the completions ask for the merged table: print it, run nothing */
	if (c->complete)
		cli_complete_table(c, all, usage);
	t = calloc(1, sizeof(*t));
	table = t ? track_copy(t, all) : NULL;
	if (!table) {
		if (t)
			tracked_free(t);
		fprintf(stderr, "ioasidctl %s: %s\n", c->cmdname, strerror(ENOMEM));
		return EXIT_FAIL;
	}
	pc = poptGetContext(c->cmdname, argc, argv, table, 0);
	if (usage)
		poptSetOtherOptionHelp(pc, usage);
	while ((rc = poptGetNextOpt(pc)) > 0) {
		size_t k = (size_t)(rc - TRACK_BASE);

		if (rc < TRACK_BASE || k >= t->nvars)
			continue;
		/* the option again: popt's earlier copy is replaced, freed here */
		if (t->last[k] && t->last[k] != *t->vars[k])
			free(t->last[k]);
		t->last[k] = *t->vars[k];
	}
	if (rc < -1) {
		pr_err("ioasidctl %s: %s: %s", c->cmdname,
		       poptBadOption(pc, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		pr_err("Try 'ioasidctl %s --help' for more information.", c->cmdname);
		poptFreeContext(pc);
		tracked_free(t);
		return EXIT_USAGE;
	}
	if (opt_version) {
		/* like popt's --help: answer and exit before the command runs */
		printf("ioasidctl %s\n", PACKAGE_VERSION);
		poptFreeContext(pc);
		tracked_free(t);
		exit(fflush(stdout) == EOF || ferror(stdout) ? EXIT_FAIL : EXIT_OK);
	}
	t->pc = pc;
	t->next = g_tracked;
	g_tracked = t;
	*pcp = pc;
	return EXIT_OK;
}

/* The strings popt allocated into the variables of a command's own table
 * (POPT_ARG_STRING: the caller frees them), freed and reset to NULL. */
static void free_strings(const struct poptOption *t)
{
	for (; t && (t->longName || t->shortName || t->argInfo); t++) {
		if ((t->argInfo & POPT_ARG_MASK) == POPT_ARG_INCLUDE_TABLE)
			free_strings(t->arg);
		else if ((t->argInfo & POPT_ARG_MASK) == POPT_ARG_STRING && t->arg) {
			free(*(char **)t->arg);
			*(char **)t->arg = NULL;
		}
	}
}

void cli_parse_free(poptContext pc, const struct poptOption *opts)
{
	if (pc) {
		poptFreeContext(pc);
		for (struct tracked **p = &g_tracked; *p; p = &(*p)->next) {
			if ((*p)->pc == pc) {
				struct tracked *t = *p;

				*p = t->next;
				tracked_free(t);
				break;
			}
		}
	}
	free_strings(opts);
}

int cli_parse(struct cli *c, int argc, const char **argv, const struct poptOption *opts,
	      const char *usage, poptContext *pcp, const char ***args)
{
	struct poptOption all[] = {
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, (void *)opts, 0, "Command options:", NULL},
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, cli_output_options, 0, "Output options:", NULL},
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, cli_host_options, 0, "Host options:", NULL},
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, cli_version_options, 0, "Other options:", NULL},
		POPT_AUTOHELP POPT_TABLEEND};
	int rc;

	rc = parse(c, argc, argv, opts ? all : all + 1, usage, pcp);
	if (rc != EXIT_OK) {
		free_strings(opts);
		return rc;
	}
	fold(c);
	*args = poptGetArgs(*pcp);
	return EXIT_OK;
}

int cli_parse_plain(struct cli *c, int argc, const char **argv, const struct poptOption *opts,
		    const char *usage, poptContext *pcp, const char ***args)
{
	struct poptOption all[] = {
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, (void *)opts, 0, "Command options:", NULL},
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, cli_host_options, 0, "Host options:", NULL},
		{NULL, 0, POPT_ARG_INCLUDE_TABLE, cli_version_options, 0, "Other options:", NULL},
		POPT_AUTOHELP POPT_TABLEEND};
	int rc;

	rc = parse(c, argc, argv, all, usage, pcp);
	if (rc != EXIT_OK) {
		free_strings(opts);
		return rc;
	}
	if (opt_sysroot)
		c->sysroot = opt_sysroot;
	if (opt_pcidump)
		c->pci_dump = opt_pcidump;
	if (opt_sim)
		c->sim = opt_sim;
	*args = poptGetArgs(*pcp);
	return EXIT_OK;
}

int cli_status_for_errno(int errnum)
{
	switch (errnum < 0 ? -errnum : errnum) {
	case 0:
		return EXIT_OK;
	case ENOENT:
	case ENODEV:
		return EXIT_NOTFOUND;
	case EOPNOTSUPP:
	case ENOSYS:
		return EXIT_UNSUPPORTED;
	case EACCES:
	case EPERM:
		return EXIT_PERM;
	case EINVAL:
		return EXIT_USAGE;
	default:
		return EXIT_FAIL;
	}
}

/* One stderr line; with -J the error object. A mutation's names its
 * command, and what was done before a late failure. */
static int error_out(struct cli *c, int status, int errnum, const char *object, const char *msg,
		     const char *command, json_object *done)
{
	if (errnum < 0)
		errnum = -errnum;
	pr_err("ioasidctl: %s%s%s", object ? object : "", object ? ": " : "", msg);
	if (c && c->pr.format == PR_JSON) {
		json_object *doc = pr_json_doc(), *e = json_object_new_object();
		const char *name = errnum ? strerrorname_np(errnum) : NULL;

		json_object_object_add(e, "object", object ? json_object_new_string(object) : NULL);
		json_object_object_add(e, "errno", name ? json_object_new_string(name) : NULL);
		json_object_object_add(e, "message", json_object_new_string(msg));
		json_object_object_add(e, "exit_status", json_object_new_int(status));
		if (command)
			json_object_object_add(e, "command", json_object_new_string(command));
		if (done)
			json_object_object_add(e, "done", json_object_get(done));
		json_object_object_add(doc, "error", e);
		pr_json_emit(doc);
		json_object_put(doc);
	}
	return status;
}

int cli_error(struct cli *c, int status, int errnum, const char *object, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_out(c, status, errnum, object, msg, NULL, NULL);
}

int cli_lib_error(struct cli *c, int rc, const char *fallback)
{
	const struct ioasid_error *e = ioasid_ctx_last_error(c->ctx);

	return cli_error(c, cli_status_for_errno(rc), rc, e->object[0] ? e->object : fallback, "%s",
			 e->message[0] ? e->message : strerror(rc < 0 ? -rc : rc));
}

/* ------------------------------------------------------------ results */

void cli_result_init(struct cli_result *r, const char *action, enum cli_target target)
{
	memset(r, 0, sizeof(*r));
	r->action = action;
	r->target = target;
	r->status = EXIT_OK;
}

void cli_result_free(struct cli_result *r)
{
	if (r->fields)
		json_object_put(r->fields);
	r->fields = NULL;
}

int cli_fail(struct cli_result *r, int status, int errnum, const char *object, const char *fmt, ...)
{
	va_list ap;

	r->status = status;
	r->errnum = errnum < 0 ? -errnum : errnum;
	r->has_object = object != NULL;
	snprintf(r->object, sizeof(r->object), "%s", object ? object : "");
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	r->of_mutation = false;
	return status;
}

int cli_lib_fail(struct cli *c, struct cli_result *r, int rc, const char *fallback)
{
	const struct ioasid_error *e = ioasid_ctx_last_error(c->ctx);

	return cli_fail(r, cli_status_for_errno(rc), rc, e->object[0] ? e->object : fallback, "%s",
			e->message[0] ? e->message : strerror(rc < 0 ? -rc : rc));
}

int cli_result_print(struct cli *c, const struct cli_result *r)
{
	bool json = c->pr.format == PR_JSON;

	if (json && r->status == EXIT_OK) {
		json_object *doc = pr_json_doc(), *a = json_object_new_array();
		json_object *o = json_object_new_object();
		int rc;

		json_object_object_add(o, "command", json_object_new_string(r->action));
		json_object_object_add(o, "dry_run", json_object_new_boolean(r->dry_run));
		json_object_object_add(o, "changed", json_object_new_boolean(r->changed));
		/* emulated hosts only */
		json_object_object_add(o, "generation",
				       r->target == CLI_TARGET_EMULATED
					       ? json_object_new_int64((int64_t)r->generation)
					       : NULL);
		if (r->fields) {
			json_object_object_foreach(r->fields, k, v)
				json_object_object_add(o, k, json_object_get(v));
		}
		json_object_array_add(a, o);
		json_object_object_add(doc, "mutation", a);
		rc = pr_json_emit(doc);
		json_object_put(doc);
		return rc < 0 ? EXIT_FAIL : EXIT_OK;
	}
	/* the part done, also before a late failure */
	if (!json && r->text[0] && (r->status == EXIT_OK || r->done))
		printf("%s%s\n", r->dry_run ? "(dry run) " : "", r->text);
	if (r->status == EXIT_OK)
		return EXIT_OK;
	return error_out(c, r->status, r->errnum, r->has_object ? r->object : NULL, r->message,
			 r->of_mutation ? r->action : NULL,
			 r->of_mutation && r->done ? r->fields : NULL);
}

int cli_no_args(struct cli *c, const char **args)
{
	if (args && args[0])
		return cli_error(c, EXIT_USAGE, EINVAL, args[0], "unexpected argument");
	return EXIT_OK;
}

const char *cli_host_usage(const struct cli *c, const char **option)
{
	/* an empty path is never the live host: "--sysroot $DUMP" with DUMP
	 * unset must not switch hosts (IOASIDCTL_SIM= stays "not set") */
	*option = c->sysroot && !*c->sysroot	 ? "--sysroot"
		  : c->sim && !*c->sim		 ? "--sim"
		  : c->pci_dump && !*c->pci_dump ? "--pci-dump"
						 : NULL;
	if (*option)
		return "empty path (an unset variable?): give a directory or file";
	*option = c->sim;
	if (c->sim && c->sysroot)
		return "--sim and --sysroot exclude each other";
	return NULL;
}

int cli_host_kind(struct cli *c, enum cli_target *t)
{
	const char *env = getenv("IOASIDCTL_SIM"), *option;

	/* the emulated host: --sim, else IOASIDCTL_SIM unless --sysroot */
	if (!c->sim && !c->sysroot && env && *env)
		c->sim = env;
	if (cli_host_usage(c, &option))
		return -EINVAL;
	*t = c->sim ? CLI_TARGET_EMULATED : c->sysroot ? CLI_TARGET_SNAPSHOT : CLI_TARGET_LIVE;
	return 0;
}

int cli_host_result(struct cli *c, enum cli_target *t, struct cli_result *r)
{
	const char *option, *why;

	if (cli_host_kind(c, t) == 0)
		return EXIT_OK;
	why = cli_host_usage(c, &option);
	return cli_fail(r, EXIT_USAGE, EINVAL, option, "%s", why);
}

int cli_write_target(struct cli *c, enum cli_target *t)
{
	const char *option, *why;

	if (cli_host_kind(c, t) < 0) {
		why = cli_host_usage(c, &option);
		return cli_error(c, EXIT_USAGE, EINVAL, option, "%s", why);
	}
	return EXIT_OK;
}

int cli_open_result(struct cli *c, struct cli_result *r)
{
	struct ioasid_error err;
	enum cli_target t;
	int rc;

	/* a context set up by the caller (dump runs commands on its own) */
	if (c->ctx)
		return EXIT_OK;
	/* the same choice as the writes make */
	if (cli_host_result(c, &t, r) != EXIT_OK)
		return r->status;
	if (t == CLI_TARGET_EMULATED) {
		rc = ioasid_sim_open(&c->ctx, c->sim, &err);
		if (rc < 0)
			return cli_fail(r, cli_status_for_errno(rc), rc,
					err.object[0] ? err.object : c->sim,
					"cannot use as emulated host: %s", err.message);
	} else {
		rc = ioasid_ctx_open(&c->ctx, c->sysroot, &err);
		if (rc < 0 && err.errnum == EBADMSG)
			return cli_fail(r, EXIT_FAIL, rc, err.object, "%s", err.message);
		if (rc < 0)
			return cli_fail(r, cli_status_for_errno(rc), rc,
					err.object[0] ? err.object
					: c->sysroot  ? c->sysroot
						      : "/",
					"cannot use as host root: %s", err.message);
	}
	/* on every kind of host alike: an emulated host's PCI devices are
	 * read from the dump too, and a missing dump is never ignored */
	if (c->pci_dump) {
		if (access(c->pci_dump, R_OK) < 0)
			return cli_fail(r, cli_status_for_errno(errno), errno, c->pci_dump,
					"cannot read PCI dump: %s", strerror(errno));
		rc = ioasid_ctx_set_pci_dump(c->ctx, c->pci_dump);
		if (rc < 0)
			return cli_fail(r, EXIT_FAIL, rc, c->pci_dump, "%s", strerror(-rc));
	}
	return EXIT_OK;
}

int cli_open(struct cli *c)
{
	struct cli_result r;

	cli_result_init(&r, c->cmdname, CLI_TARGET_LIVE);
	return cli_open_result(c, &r) == EXIT_OK ? EXIT_OK : cli_result_print(c, &r);
}

void cli_note_perm(struct cli *c, bool denied)
{
	static bool said;

	if (said || (!denied && ioasid_ctx_perm_denials(c->ctx) == 0))
		return;
	said = true;
	fflush(stdout); /* the note follows the table on a terminal */
	pr_err("ioasidctl: note: some files were not readable without root (PCI extended "
	       "config space, the kernel log); those values show as %s",
	       c->pr.format == PR_JSON ? "null" : "\"no perm\"");
}

int cli_pci_open(struct cli *c, const char **args, struct cli_pci *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	for (size_t k = 0; args && args[k]; k++)
		p->nwant++;
	p->want = calloc(p->nwant ? p->nwant : 1, sizeof(*p->want));
	if (!p->want)
		return cli_error(c, EXIT_FAIL, ENOMEM, c->cmdname, "out of memory");
	for (size_t k = 0; k < p->nwant; k++)
		if (ioasid_pci_parse_bdf(args[k], p->want[k]) < 0)
			return cli_error(c, EXIT_USAGE, EINVAL, args[k],
					 "not a PCI address (expected [domain:]bus:dev.fn)");
	rc = cli_open(c);
	if (rc != EXIT_OK)
		return rc;
	rc = ioasid_iommu_list(c->ctx, &p->il);
	if (rc == 0)
		rc = ioasid_pci_list(c->ctx, &p->il, &p->pl);
	if (rc < 0)
		return cli_lib_error(c, rc, "PCI");
	for (size_t k = 0; k < p->nwant; k++)
		if (!ioasid_pci_find(&p->pl, p->want[k]))
			return cli_error(c, EXIT_NOTFOUND, ENOENT, p->want[k],
					 "no such PCI device");
	return EXIT_OK;
}

void cli_pci_free(struct cli_pci *p)
{
	ioasid_pci_list_free(&p->pl);
	ioasid_iommu_list_free(&p->il);
	free(p->want);
	memset(p, 0, sizeof(*p));
}
