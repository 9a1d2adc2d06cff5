// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl dump -o FILE: run every command marked CMD_DUMP in this process
 * on one recording context (their JSON goes to memory, into the manifest),
 * read the extra facts a bug report wants, and write it all as one archive
 * that `--sysroot FILE` replays. The archive appears whole or not at all:
 * it is written to a temporary file beside FILE and renamed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/arg.h"
#include "cli/tmpfile.h"
#include "ctl/ctl.h"

struct run {
	struct ioasid_dump_cmd *v;
	char **lines, **outs;
	size_t n;
};

static void run_free(struct run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->lines[i]);
		free(r->outs[i]);
	}
	free(r->v);
	free(r->lines);
	free(r->outs);
}

/* Run one command with -J on the dump's context; its stdout into memory. */
static int run_one(struct cli *c, const struct command *cmd, struct run *r)
{
	char name[64], line[160];
	const char *argv[4];
	struct cli sub = {.ctx = c->ctx, .sysroot = c->sysroot};
	size_t len = 0;
	char *buf = NULL;
	FILE *mem, *errf;
	int argc = 0, rc, saved;

	snprintf(name, sizeof(name), "%s%s%s", cmd->group, cmd->name ? " " : "",
		 cmd->name ? cmd->name : "");
	snprintf(line, sizeof(line), "%s%s%s -J", name, cmd->dump_args ? " " : "",
		 cmd->dump_args ? cmd->dump_args : "");
	argv[argc++] = name;
	if (cmd->dump_args)
		argv[argc++] = cmd->dump_args;
	argv[argc++] = "-J";
	argv[argc] = NULL;
	mem = open_memstream(&buf, &len);
	if (!mem)
		return -ENOMEM;
	sub.cmdname = name;
	/* The command's own stderr (errors, notes) would read as the dump's:
	 * keep it aside and say once, below, which commands failed; their
	 * JSON error objects are in the manifest. */
	fflush(stderr);
	errf = tmpfile();
	saved = errf ? dup(STDERR_FILENO) : -1;
	if (saved >= 0)
		dup2(fileno(errf), STDERR_FILENO);
	pr_set_output(mem);
	rc = cmd->fn(&sub, argc, argv);
	pr_set_output(NULL);
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (errf && rc != 0) {
		char first[256] = "";

		rewind(errf);
		if (fgets(first, sizeof(first), errf))
			first[strcspn(first, "\n")] = '\0';
		pr_err("ioasidctl dump: note: '%s' exited %d%s%s (kept in the manifest)", line, rc,
		       first[0] ? ": " : "", first);
	}
	if (errf)
		fclose(errf);
	if (fclose(mem) != 0) {
		free(buf);
		return -ENOMEM;
	}
	r->v[r->n] = (struct ioasid_dump_cmd){.exit_status = rc, .output = buf};
	r->lines[r->n] = strdup(line);
	r->outs[r->n] = buf;
	if (!r->lines[r->n])
		return -ENOMEM;
	r->v[r->n].cmdline = r->lines[r->n];
	r->n++;
	return 0;
}

/* The output: a temporary file beside FILE (so rename() is atomic), or
 * standard output. Returns the fd, or an exit status (< 0 negated). */
static int open_output(struct cli *c, const char *file, char *tmp, size_t len)
{
	int fd;

	tmp[0] = '\0';
	if (!strcmp(file, "-")) {
		if (isatty(STDOUT_FILENO))
			return -cli_error(
				c, EXIT_USAGE, EINVAL, "dump",
				"not writing a binary archive to a terminal; use -o FILE");
		return STDOUT_FILENO;
	}
	/* .ioasidctl-tmp.PID.NAME.XXXXXX, removed on a signal (cli/tmpfile.h) */
	fd = cli_tmp_create(file, tmp, len);
	if (fd < 0) {
		int e = -fd;

		tmp[0] = '\0';
		return -cli_error(c, cli_status_for_errno(e), e, file, "cannot create: %s",
				  strerror(e));
	}
	/* mkstemp makes 0600; a dump is as readable as any new file */
	{
		mode_t um = umask(0);

		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	return fd;
}

static int finish_output(struct cli *c, const char *file, const char *tmp, int fd)
{
	if (!tmp[0])
		return EXIT_OK;
	int frc = fsync(fd), e = errno;

	if (close(fd) < 0 && frc == 0) {
		frc = -1;
		e = errno;
	}
	if (frc < 0) {
		unlink(tmp);
		cli_tmp_forget();
		return cli_error(c, e == EACCES || e == EPERM ? EXIT_PERM : EXIT_FAIL, e, file,
				 "cannot write: %s", strerror(e));
	}
	if (rename(tmp, file) < 0) {
		e = errno;
		unlink(tmp);
		cli_tmp_forget();
		return cli_error(c, cli_status_for_errno(e) == EXIT_PERM ? EXIT_PERM : EXIT_FAIL, e,
				 file, "cannot create: %s", strerror(e));
	}
	cli_tmp_forget();
	return EXIT_OK;
}

int cmd_dump(struct cli *c, int argc, const char **argv)
{
	char *opt_out = NULL, *opt_max = NULL;
	int opt_redact = 0;
	const struct poptOption dump_options[] = {
		{"output", 'o', POPT_ARG_STRING, &opt_out, 0,
		 "write the archive to FILE ('-': standard output)", "FILE"},
		{"redact", 0, POPT_ARG_NONE, &opt_redact, 0,
		 "replace the hostname and serial numbers (PCI DSN, DMI)", NULL},
		{"max-file-size", 0, POPT_ARG_STRING, &opt_max, 0,
		 "cut each recorded file at SIZE bytes (K, M suffixes; default 1M)", "SIZE"},
		POPT_TABLEEND};
	char tmp[PATH_MAX] = "", tool[64];
	struct ioasid_dump_info info = {0};
	struct run r = {0};
	const struct command *cmds;
	const char **args;
	uint64_t max = 0;
	size_t ncmds;
	poptContext pc;
	int rc, fd = -1;

	rc = cli_parse_plain(c, argc, argv, dump_options, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_no_args(c, args);
	if (rc != EXIT_OK)
		goto out;
	if (!opt_out) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "dump",
			       "-o FILE is required ('-' for stdout)");
		goto out;
	}
	/* "4096", "64K", "1M": at most 1 GiB */
	if (opt_max &&
	    (rc = cli_arg_size(c, "--max-file-size", opt_max, 1, 1ull << 30, &max)) != EXIT_OK)
		goto out;
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_ctx_record(c->ctx, (size_t)max);
	if (rc < 0) {
		rc = cli_error(c, EXIT_FAIL, rc, "dump", "%s", strerror(-rc));
		goto out;
	}
	/* fail on an unwritable output before reading anything */
	fd = open_output(c, opt_out, tmp, sizeof(tmp));
	if (fd < 0) {
		rc = -fd;
		goto out;
	}
	cmds = ctl_commands(&ncmds);
	r.v = calloc(ncmds, sizeof(*r.v));
	r.lines = calloc(ncmds, sizeof(*r.lines));
	r.outs = calloc(ncmds, sizeof(*r.outs));
	if (!r.v || !r.lines || !r.outs) {
		rc = cli_error(c, EXIT_FAIL, ENOMEM, "dump", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ncmds; i++) {
		if (!(cmds[i].flags & CMD_DUMP))
			continue;
		if (run_one(c, &cmds[i], &r) < 0) {
			rc = cli_error(c, EXIT_FAIL, ENOMEM, "dump", "out of memory");
			goto out;
		}
	}
	ioasid_dump_collect(c->ctx);
	snprintf(tool, sizeof(tool), "ioasidctl %s", PACKAGE_VERSION);
	info.tool = tool;
	info.redact = opt_redact;
	info.cmds = r.v;
	info.ncmds = r.n;
	rc = ioasid_dump_write(c->ctx, fd, &info);
	if (rc < 0) {
		rc = cli_error(c, rc == -EACCES || rc == -EPERM ? EXIT_PERM : EXIT_FAIL, rc,
			       strcmp(opt_out, "-") ? opt_out : "stdout", "cannot write: %s",
			       strerror(-rc));
		goto out;
	}
	rc = finish_output(c, opt_out, tmp, fd);
	fd = -1;
	tmp[0] = '\0';
out:
	if (fd > STDOUT_FILENO)
		close(fd);
	if (tmp[0]) {
		unlink(tmp);
		cli_tmp_forget();
	}
	run_free(&r);
	cli_parse_free(pc, dump_options);
	return rc;
}
