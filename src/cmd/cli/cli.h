/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared state of one invocation of a command (ioasidctl's, or an action
 * of ioasidtop), its option parsing, host selection, errors and results.
 * ioasidctl's commands and dispatch table are ctl/ctl.h's. */
#ifndef IOASIDCTL_CLI_H
#define IOASIDCTL_CLI_H

#include <popt.h>

#include "ioasid.h"
#include "print/printer.h"

/* Exit statuses, documented in ioasidctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,	      /* the operation failed */
	EXIT_USAGE = 2,	      /* bad command line */
	EXIT_NOTFOUND = 3,    /* a named object does not exist */
	EXIT_UNSUPPORTED = 4, /* not supported by this kernel or host */
	EXIT_PERM = 5,	      /* permission denied */
};

struct cli {
	struct ioasid_ctx *ctx;
	struct pr_opts pr;
	const char *sysroot;
	const char *pci_dump;
	const char *sim;      /* --sim DIR / IOASIDCTL_SIM: an emulated host */
	int json, raw, pairs; /* popt flags, folded into pr.format */
	const char *cmdname;  /* "iommu list" for messages */
	int complete;	      /* __complete options: cli_parse prints its table, exits */
};

/* Options every listing command accepts (-J -r -P -o -n --list-columns). */
extern struct poptOption cli_output_options[];
/* Options valid anywhere (--sysroot, --pci-dump). */
extern struct poptOption cli_host_options[];

/* Parse a command's options (its table plus the shared ones); leaves the
 * positional arguments in *args. Returns EXIT_OK, or EXIT_USAGE after
 * printing the problem, or -1 after printing --help (exit 0). */
int cli_parse(struct cli *c, int argc, const char **argv, const struct poptOption *opts,
	      const char *usage, poptContext *pc, const char ***args);
/* The end of a command's parse: the context freed, and the strings popt
 * allocated into the variables of opts (the command's own table) freed and
 * set to NULL. Those variables are the command's locals, initialised to
 * NULL: dump and ioasidtop run commands again in one process. cli_parse()
 * frees them itself when it fails. */
void cli_parse_free(poptContext pc, const struct poptOption *opts);
/* The same without the output options (-o means something else there):
 * the command's own options plus --sysroot/--pci-dump. */
int cli_parse_plain(struct cli *c, int argc, const char **argv, const struct poptOption *opts,
		    const char *usage, poptContext *pc, const char ***args);
/* A list command's prologue and epilogue (cli/list.c):
 *
 *	struct cli_list l;
 *
 *	if (!cli_list_begin(c, argc, argv, opts, NULL, cols, NCOLS, "sets", &l))
 *		return l.rc;
 *	rc = cli_open(c);
 *	if (rc == EXIT_OK)
 *		rc = cli_list_read(c, &l, ioasid_..._list(c->ctx, &v), "/sys/...");
 *	for (size_t i = 0; rc == EXIT_OK && i < v.n; i++)
 *		row(l.p, &v.v[i]);
 *	rc = cli_list_end(&l, rc);
 *
 * begin parses (opts may be NULL), answers --list-columns (unless cols is
 * NULL: a command whose columns depend on its options answers it) and,
 * when usage is NULL (no positional arguments), refuses any; false means
 * done, with l->rc the exit status. read takes the library's result: a failure (< 0)
 * is reported on object, else the printer named name is made (none when
 * name is NULL: the command prints itself). end prints the rows when rc is
 * EXIT_OK (then l->printed), frees the printer and the options, and returns
 * rc or the printing's failure. */
struct cli_list {
	poptContext pc;
	const char **args; /* positional arguments (usage given) */
	struct printer *p; /* after cli_list_read, when named */
	const struct pr_col *cols;
	size_t ncols;
	const char *name;	       /* the JSON array: "sets" */
	const struct poptOption *opts; /* freed by end (cli_parse_free()) */
	int rc;			       /* begin's exit status when it returns false */
	bool printed;		       /* end printed the rows (notes about them may follow) */
};
bool cli_list_begin(struct cli *c, int argc, const char **argv, const struct poptOption *opts,
		    const char *usage, const struct pr_col *cols, size_t ncols, const char *name,
		    struct cli_list *l);
int cli_list_read(struct cli *c, struct cli_list *l, int rc, const char *object);
int cli_list_end(struct cli_list *l, int rc);
/* Print a merged popt table and the positional arguments of usage for
 * __complete, then exit 0. */
_Noreturn void cli_complete_table(struct cli *c, const struct poptOption *all, const char *usage);
/* cli-complete.c's output pieces, for ctl/complete.c: one tab-separated
 * field ("-" for NULL or empty), and the option lines of a popt table */
void cli_complete_field(const char *s);
void cli_complete_options(const char *cmd, const struct poptOption *t);
/* A command that takes no positional arguments: EXIT_OK, or one usage
 * line naming the first one (EXIT_USAGE). */
int cli_no_args(struct cli *c, const char **args);
/* The host a command acts on, decided here for reads and writes alike:
 * the emulated host (--sim DIR, else IOASIDCTL_SIM unless --sysroot; c->sim
 * is set then), a snapshot (--sysroot: read-only), or the live host. */
enum cli_target {
	CLI_TARGET_LIVE,
	CLI_TARGET_EMULATED,
	CLI_TARGET_SNAPSHOT,
};
/* 0 with *t, or -EINVAL when --sim and --sysroot are both given or one
 * of --sysroot, --sim, --pci-dump is an empty string; prints nothing
 * (ioasidtop says it its own way). */
int cli_host_kind(struct cli *c, enum cli_target *t);
/* Why the host options are a usage error (NULL: they are not), and the
 * object to name (*option: the option, or the --sim DIR). */
const char *cli_host_usage(const struct cli *c, const char **option);
/* The same into a result: EXIT_OK with *t, or EXIT_USAGE with r failed. */
struct cli_result;
int cli_host_result(struct cli *c, enum cli_target *t, struct cli_result *r);
/* The same for the commands: EXIT_OK with *t, or EXIT_USAGE after one
 * line. Every write asks it where it writes (cli/mut.c mut_need_sim(),
 * set quota, capacity reserve|cancel, cgroup set-limit, uapi selftest). */
int cli_write_target(struct cli *c, enum cli_target *t);
/* Open the library context for the selected host (a directory, or a dump
 * archive or its unpacked directory); keeps a context already set. */
int cli_open(struct cli *c);
/* One stderr line "ioasidctl: OBJECT: MESSAGE"; with -J also a JSON error
 * object on stdout. Returns the exit status to use. */
int cli_error(struct cli *c, int status, int errnum, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Report a library failure rc with the context's last error (object and
 * message); fallback names the object when the library set none. */
int cli_lib_error(struct cli *c, int rc, const char *fallback);

/* The result of a write (cli/action.h, cli/mut.h): done, or why not, as a
 * record. ioasidctl prints it (cli_result_print()); ioasidtop shows it in
 * its status line (text, or "object: message"). Nothing is printed while
 * it is made. */
struct cli_result {
	const char *action;	/* the command: "cgroup set-limit", "free" */
	enum cli_target target; /* where it wrote */
	bool dry_run;
	bool changed;	       /* false: already so, nothing written (idempotent) */
	uint64_t generation;   /* emulated host: published, or (dry run, unchanged)
				* the one it ran on; JSON null elsewhere */
	char old[32], new[32]; /* the value before and after: a limit, a state */
	int old_err;	       /* why old could not be read (0: it was) */
	char text[512];	       /* the result: a line per thing done ("": none) */
	json_object *fields;   /* the JSON record's own fields (owned) */
	/* a failure, when status is not EXIT_OK */
	int status;	 /* the exit status */
	int errnum;	 /* its errno (0: none) */
	bool has_object; /* object names what it is about */
	char object[4096];
	char message[512]; /* why, one line */
	bool of_mutation;  /* the JSON error names the command (and what was done) */
	bool done;	   /* it failed after a part was done and published:
			    * text and fields hold that part (alloc --count) */
};
/* An empty record (EXIT_OK) of action on target. */
void cli_result_init(struct cli_result *r, const char *action, enum cli_target target);
void cli_result_free(struct cli_result *r);
/* The failure into r (object NULL: none); returns status. */
int cli_fail(struct cli_result *r, int status, int errnum, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* cli_lib_error() into r. */
int cli_lib_fail(struct cli *c, struct cli_result *r, int rc, const char *fallback);
/* cli_open() into r: EXIT_OK, or the status with r filled. */
int cli_open_result(struct cli *c, struct cli_result *r);
/* Print r as ioasidctl does: with -J the mutation record
 * {"schema_version":1,"mutation":[{"command","dry_run","changed",
 * "generation", fields...}]}, else its text, "(dry run) " first; then the
 * failure (one stderr line, with -J its error object). Returns r->status. */
int cli_result_print(struct cli *c, const struct cli_result *r);
/* Exit status for an errno. */
int cli_status_for_errno(int errnum);
/* Once per run: explain values shown as "no perm". denied: the caller saw
 * a permission failure itself (else the library's count decides). */
void cli_note_perm(struct cli *c, bool denied);

/* The PCI functions named on a command line (lspci's short forms
 * accepted) with the host's IOMMU units and PCI functions read: parse
 * every name (exit 2 on a bad one), open the context, read, and check each
 * named function exists (exit 3). */
struct cli_pci {
	struct ioasid_iommu_list il;
	struct ioasid_pci_list pl;
	char (*want)[16]; /* canonical names, in command-line order */
	size_t nwant;
};
int cli_pci_open(struct cli *c, const char **args, struct cli_pci *p);
void cli_pci_free(struct cli_pci *p);

#endif
