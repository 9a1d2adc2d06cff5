// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop's actions: the functions ioasidctl's commands call
 * (cli/action.h), so a limit change or a free from the screen takes
 * exactly the path `ioasidctl cgroup set-limit` and `ioasidctl free` take
 * (the live cgroupfs writer or the emulated host's mutation; the same
 * checks, the same messages). They return a record, printed nowhere: its
 * text, or its failure, becomes the status line.
 */
#include <stdio.h>
#include <string.h>

#include "cli/action.h"
#include "top/top.h"

/* a cli of the host ioasidtop shows, for one action */
static void action_cli(struct cli *c, const struct top_opts *o, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->sim = o->sim;
	c->sysroot = o->sysroot;
	c->pci_dump = o->pci_dump;
	c->cmdname = name;
}

/* the record as one line: its first line of text, or "object: why" */
static int status_line(struct cli *c, struct cli_result *r, char *msg, size_t len)
{
	int rc = r->status;

	if (rc == EXIT_OK)
		snprintf(msg, len, "%s%.*s", r->dry_run ? "(dry run) " : "",
			 (int)strcspn(r->text, "\n"), r->text[0] ? r->text : r->action);
	else
		snprintf(msg, len, "%s%s%s", r->has_object ? r->object : "",
			 r->has_object ? ": " : "", r->message);
	cli_result_free(r);
	ioasid_ctx_free(c->ctx);
	return rc;
}

int top_action_set_limit(const struct top_opts *o, const char *cgroup, const char *form,
			 const char *value, char *msg, size_t len)
{
	struct cli_limit_req q = {cgroup, form, NULL, value, false};
	struct cli_result r;
	struct cli c;

	action_cli(&c, o, "cgroup set-limit");
	cli_action_set_limit(&c, &q, &r);
	return status_line(&c, &r, msg, len);
}

int top_action_free(const struct top_opts *o, uint32_t ioasid, char *msg, size_t len)
{
	struct cli_result r;
	struct cli c;

	action_cli(&c, o, "free");
	cli_action_free(&c, ioasid, &r);
	return status_line(&c, &r, msg, len);
}
