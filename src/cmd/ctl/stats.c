// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl stats [-o FILE]: the host's IOASID state as Prometheus metrics
 * (text format 0.0.4) for node_exporter's textfile collector. Everything
 * comes from the library's readers, on any kind of host; a source that
 * cannot be read is reported by ioasid_scrape_error{source=...} 1 and its
 * metrics are left out (never a made-up 0). Labels name IOMMU units,
 * devices, sets and cgroups, never single IOASIDs: a host may hold a
 * million of those, and a series each would swamp any Prometheus.
 *
 * With -o FILE the text goes to a temporary file beside FILE, is synced,
 * and renamed over FILE: the collector never reads half a file (and a
 * signal or a later run removes the temporary file: cli/tmpfile.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/tmpfile.h"
#include "ctl/ctl.h"
#include "ctl/stats.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool is_perm(int e)
{
	return e == EACCES || e == EPERM;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static int exit_for(int e)
{
	return is_perm(e) || e == EROFS ? EXIT_PERM : EXIT_FAIL;
}

/* Write to a temporary file beside path (same filesystem: rename is
 * atomic), mode 0644 as the collector's files usually are, sync, rename.
 * On any failure nothing is left behind. */
static int write_file(struct cli *c, const char *path, struct scrape *s, double dur)
{
	char tmp[PATH_MAX];
	FILE *f;
	int fd, e;

	/* .ioasidctl-tmp.PID.NAME.XXXXXX, removed on a signal (cli/tmpfile.h) */
	fd = cli_tmp_create(path, tmp, sizeof(tmp));
	if (fd < 0) {
		e = -fd;
		return cli_error(c, exit_for(e), e, path, "cannot create: %s", strerror(e));
	}
	if (fchmod(fd, 0644) < 0 || !(f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		goto fail;
	}
	e = stats_write(f, s, dur);
	if (!e && fsync(fileno(f)) < 0)
		e = errno;
	if (fclose(f) == EOF && !e)
		e = errno;
	if (e)
		goto fail;
	if (rename(tmp, path) < 0) {
		e = errno;
		goto fail;
	}
	cli_tmp_forget();
	return EXIT_OK;
fail:
	unlink(tmp);
	cli_tmp_forget();
	if (e == EINVAL)
		return cli_error(c, EXIT_FAIL, e, path, "invalid metric or label name (a bug)");
	return cli_error(c, exit_for(e), e, path, "cannot write: %s", strerror(e));
}

int cmd_stats(struct cli *c, int argc, const char **argv)
{
	char *opt_out = NULL;
	const struct poptOption opts[] = {
		{"output", 'o', POPT_ARG_STRING, &opt_out, 0,
		 "write to FILE atomically (for node_exporter's textfile collector: a .prom "
		 "file in its --collector.textfile.directory)",
		 "FILE"},
		POPT_TABLEEND};
	struct scrape s = {0};
	const char **args;
	poptContext pc;
	double t0 = now(), dur;
	int rc, nerr = 0;

	rc = cli_parse_plain(c, argc, argv, opts, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_no_args(c, args);
	if (rc != EXIT_OK)
		goto out;
	if (opt_out && !*opt_out) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "stats", "--output needs a file name");
		goto out;
	}
	if (opt_out && !ends_with(opt_out, ".prom"))
		pr_err("ioasidctl: warning: %s: node_exporter's textfile collector reads only "
		       "files ending in .prom",
		       opt_out);
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	stats_read(c, &s);
	dur = now() - t0;
	if (opt_out) {
		rc = write_file(c, opt_out, &s, dur);
	} else {
		int e = stats_write(stdout, &s, dur);

		/* a stream error is the output layer's to report (main's
		 * close_stdout(), one line); a bug in a name is ours */
		rc = !e		      ? EXIT_OK
		     : ferror(stdout) ? EXIT_FAIL
				      : cli_error(c, exit_for(e), e, "stdout", "cannot write: %s",
						  strerror(e));
	}
	for (int k = 0; k < NSRC; k++)
		nerr += s.err[k] != 0;
	if (rc == EXIT_OK && nerr) {
		bool perm = false;

		for (int k = 0; k < NSRC; k++)
			perm |= is_perm(s.err[k]);
		pr_err("ioasidctl: note: %d source%s could not be read%s; see "
		       "ioasid_scrape_error",
		       nerr, nerr == 1 ? "" : "s", perm ? " (some need root)" : "");
	}
out:
	stats_free(&s);
	cli_parse_free(pc, opts);
	return rc;
}
