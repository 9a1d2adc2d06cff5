// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The emulated host's mutations, shared part: host selection, the mutate
 * runner and its report. Each command's callback runs on the model of the
 * current generation inside ioasid_sim_mutate(); when it fails nothing is
 * published, with --dry-run it runs and nothing is published either.
 *
 * Exit statuses (ioasidctl(8) EXIT STATUS): 2 bad command line, 3 the
 * named set/IOASID/VM/cgroup does not exist, 4 not an emulated host (or
 * the host lacks the cgroup form asked for, EOPNOTSUPP), 5 the
 * ABI's EPERM/EACCES (wrong owner, wrong set), 1 every other refusal
 * (ENOSPC, EBUSY, EINVAL of a rule); the errno name is in the message and
 * the JSON error object.
 *
 * JSON: {"schema_version":1,"mutation":[{"command":...,"dry_run":...,
 * "generation":N, ...fields of the command}]}; generation is the one
 * published (dry run: the one the command ran on).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mut.h"

int mut_need_sim(struct cli *c, const char *reason)
{
	enum cli_target t;
	int rc = cli_write_target(c, &t);

	if (rc != EXIT_OK)
		return rc;
	if (t == CLI_TARGET_SNAPSHOT)
		return cli_error(c, EXIT_UNSUPPORTED, EROFS, c->cmdname,
				 "%s is a captured host, read-only; use --sim DIR", c->sysroot);
	if (t == CLI_TARGET_LIVE)
		return cli_error(c, EXIT_UNSUPPORTED, EOPNOTSUPP, c->cmdname, "%s", reason);
	return EXIT_OK;
}

int mut_fail(struct mut *m, int errnum, bool notfound, const char *object, const char *fmt, ...)
{
	va_list ap;

	snprintf(m->object, sizeof(m->object), "%s", object);
	m->why[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(m->why, sizeof(m->why), fmt, ap);
		va_end(ap);
	}
	m->notfound = notfound;
	return -errnum;
}

static int status_for(const struct mut *m, int errnum)
{
	if (m->notfound)
		return EXIT_NOTFOUND;
	switch (errnum) {
	case EPERM:
	case EACCES:
		return EXIT_PERM;
	case ENOENT:
	case ESRCH:
		return EXIT_NOTFOUND;
	case EOPNOTSUPP:
		return EXIT_UNSUPPORTED;
	default:
		return EXIT_FAIL;
	}
}

/* One stderr line; with -J the error object, plus the part that was done. */
static int report_error(struct cli *c, struct mut *m, int errnum, const char *object,
			const char *why)
{
	int status = status_for(m, errnum);
	const char *name = strerrorname_np(errnum);
	char msg[512];

	snprintf(msg, sizeof(msg), "%s (%s)", why && *why ? why : strerror(errnum),
		 name ? name : "?");
	fprintf(stderr, "ioasidctl: %s: %s\n", object, msg);
	if (c->pr.format == PR_JSON) {
		json_object *doc = pr_json_doc(), *e = json_object_new_object();

		json_object_object_add(e, "object", json_object_new_string(object));
		json_object_object_add(e, "errno", name ? json_object_new_string(name) : NULL);
		json_object_object_add(e, "message", json_object_new_string(msg));
		json_object_object_add(e, "exit_status", json_object_new_int(status));
		json_object_object_add(e, "command", json_object_new_string(m->command));
		if (m->late_err && m->res)
			json_object_object_add(e, "done", json_object_get(m->res));
		json_object_object_add(doc, "error", e);
		pr_json_emit(doc);
		json_object_put(doc);
	}
	return status;
}

static int (*g_fn)(struct ioasid_sim_host *h, struct mut *m);

static int trampoline(struct ioasid_sim_host *h, void *arg)
{
	struct mut *m = arg;

	m->gen = ioasid_sim_generation(h);
	if (m->res)
		json_object_put(m->res);
	m->res = json_object_new_object();
	m->text[0] = m->object[0] = m->why[0] = '\0';
	m->late_err = 0;
	return g_fn(h, m);
}

int mut_run(struct cli *c, struct mut *m, int (*fn)(struct ioasid_sim_host *h, struct mut *m))
{
	struct ioasid_error err = {0};
	bool unchanged = false;
	int rc;

	m->command = c->cmdname;
	g_fn = fn;
	rc = ioasid_sim_mutate(c->sim, trampoline, m, m->dry_run, &err);
	if (rc == MUT_UNCHANGED && !err.errnum) {
		unchanged = true;
		rc = 0;
	}
	if (rc < 0) {
		if (err.errnum) /* the host itself: lock, state, publish */
			rc = report_error(c, m, err.errnum, err.object[0] ? err.object : c->sim,
					  err.message);
		else
			rc = report_error(c, m, -rc, m->object[0] ? m->object : c->cmdname, m->why);
		goto out;
	}
	if (c->pr.format == PR_JSON && !m->late_err) {
		json_object *doc = pr_json_doc(), *a = json_object_new_array();
		json_object *o = json_object_new_object();

		json_object_object_add(o, "command", json_object_new_string(m->command));
		json_object_object_add(o, "dry_run", json_object_new_boolean(m->dry_run));
		json_object_object_add(o, "changed", json_object_new_boolean(!unchanged));
		json_object_object_add(
			o, "generation",
			json_object_new_int64(
				(int64_t)(m->dry_run || unchanged ? m->gen : m->gen + 1)));
		json_object_object_foreach(m->res, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_object_array_add(a, o);
		json_object_object_add(doc, "mutation", a);
		pr_json_emit(doc);
		json_object_put(doc);
	} else if (c->pr.format != PR_JSON && m->text[0]) {
		printf("%s%s\n", m->dry_run ? "(dry run) " : "", m->text);
	}
	rc = EXIT_OK;
	if (m->late_err)
		rc = report_error(c, m, m->late_err, m->object, m->why);
out:
	if (m->res)
		json_object_put(m->res);
	m->res = NULL;
	return rc;
}

bool mut_cgroup_name_ok(const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

int mut_nargs(struct cli *c, const char **args, size_t n, const char *usage)
{
	size_t k = 0;

	while (args && args[k])
		k++;
	if (k < n)
		return cli_error(c, EXIT_USAGE, EINVAL, c->cmdname, "missing argument (%s)", usage);
	if (k > n)
		return cli_error(c, EXIT_USAGE, EINVAL, args[n], "unexpected argument");
	return EXIT_OK;
}

struct poptOption mut_dry_run_opt(int *dry)
{
	struct poptOption o = {"dry-run", 0, POPT_ARG_NONE,
			       dry,	  0, "check and report what would change; publish nothing",
			       NULL};
	return o;
}
