// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop's actions run ioasidctl's own commands, so a limit change or a
 * free from the screen takes exactly the path `ioasidctl cgroup set-limit`
 * and `ioasidctl free` take (the live cgroupfs writer or the emulated
 * host's mutation; the same checks, the same messages). Their output line
 * is captured for the status line: the screen is not theirs to write on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "top/top.h"

typedef int (*cmd_fn)(struct cli *c, int argc, const char **argv);

static int run_captured(const struct top_opts *o, const char *name, cmd_fn fn, int argc,
			const char **argv, char *msg, size_t len)
{
	struct cli c = {0};
	FILE *tmp = tmpfile();
	int out = -1, err = -1, rc;
	char buf[512];

	msg[0] = '\0';
	if (!tmp) {
		snprintf(msg, len, "%s: cannot capture its output: %s", name, strerror(errno));
		return EXIT_FAIL;
	}
	c.sim = o->sim;
	c.sysroot = o->sysroot;
	c.pci_dump = o->pci_dump;
	c.cmdname = name;
	fflush(stdout);
	fflush(stderr);
	out = dup(STDOUT_FILENO);
	err = dup(STDERR_FILENO);
	if (out < 0 || err < 0 || dup2(fileno(tmp), STDOUT_FILENO) < 0 ||
	    dup2(fileno(tmp), STDERR_FILENO) < 0) {
		snprintf(msg, len, "%s: cannot capture its output: %s", name, strerror(errno));
		rc = EXIT_FAIL;
		goto restore;
	}
	rc = fn(&c, argc, argv);
	fflush(stdout);
	fflush(stderr);
restore:
	if (out >= 0) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (err >= 0) {
		dup2(err, STDERR_FILENO);
		close(err);
	}
	ioasid_ctx_free(c.ctx);
	rewind(tmp);
	/* the last line is the result (or the error) */
	while (fgets(buf, sizeof(buf), tmp)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (buf[0])
			snprintf(msg, len, "%s", buf);
	}
	fclose(tmp);
	if (!msg[0])
		snprintf(msg, len, "%s: exit status %d", name, rc);
	return rc;
}

int top_action_set_limit(const struct top_opts *o, const char *cgroup, const char *form,
			 const char *value, char *msg, size_t len)
{
	const char *argv[] = {"set-limit", cgroup, "--form", form, value, NULL};

	return run_captured(o, "cgroup set-limit", cmd_cgroup_set_limit, 5, argv, msg, len);
}

int top_action_free(const struct top_opts *o, uint32_t ioasid, char *msg, size_t len)
{
	char id[16];
	const char *argv[] = {"free", id, NULL};

	snprintf(id, sizeof(id), "%" PRIu32, ioasid);
	return run_captured(o, "free", cmd_free, 2, argv, msg, len);
}
