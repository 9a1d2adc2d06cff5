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

int mut_need_sim_result(struct cli *c, const char *reason, struct cli_result *r)
{
	enum cli_target t;

	if (cli_host_result(c, &t, r) != EXIT_OK)
		return r->status;
	if (t == CLI_TARGET_SNAPSHOT)
		return cli_fail(r, EXIT_UNSUPPORTED, EROFS, c->cmdname,
				"%s is a captured host, read-only; use --sim DIR", c->sysroot);
	if (t == CLI_TARGET_LIVE)
		return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, c->cmdname, "%s", reason);
	return EXIT_OK;
}

int mut_need_sim(struct cli *c, const char *reason)
{
	struct cli_result r;

	cli_result_init(&r, c->cmdname, CLI_TARGET_EMULATED);
	return mut_need_sim_result(c, reason, &r) == EXIT_OK ? EXIT_OK : cli_result_print(c, &r);
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

/* A mutation's failure: "why (ENAME)", the JSON error naming the command. */
static int mut_error(struct cli_result *r, const struct mut *m, int errnum, const char *object,
		     const char *why)
{
	const char *name = strerrorname_np(errnum);

	cli_fail(r, status_for(m, errnum), errnum, object, "%s (%s)",
		 why && *why ? why : strerror(errnum), name ? name : "?");
	r->of_mutation = true;
	return r->status;
}

static int trampoline(struct ioasid_sim_host *h, void *arg)
{
	struct mut *m = arg;

	m->gen = ioasid_sim_generation(h);
	if (m->res)
		json_object_put(m->res);
	m->res = json_object_new_object();
	m->text[0] = m->object[0] = m->why[0] = m->old[0] = m->new[0] = '\0';
	m->late_err = 0;
	return m->fn(h, m);
}

int mut_apply(struct cli *c, struct mut *m, int (*fn)(struct ioasid_sim_host *h, struct mut *m),
	      struct cli_result *r)
{
	struct ioasid_error err = {0};
	bool unchanged = false;
	int rc;

	cli_result_init(r, c->cmdname, CLI_TARGET_EMULATED);
	r->dry_run = m->dry_run;
	m->command = c->cmdname;
	m->fn = fn;
	rc = ioasid_sim_mutate(c->sim, trampoline, m, m->dry_run, &err);
	if (rc == MUT_UNCHANGED && !err.errnum) {
		unchanged = true;
		rc = 0;
	}
	if (rc < 0) {
		if (err.errnum) /* the host itself: lock, state, publish */
			mut_error(r, m, err.errnum, err.object[0] ? err.object : c->sim,
				  err.message);
		else
			mut_error(r, m, -rc, m->object[0] ? m->object : c->cmdname, m->why);
		if (m->res)
			json_object_put(m->res);
		m->res = NULL;
		return r->status;
	}
	r->changed = !unchanged;
	r->generation = m->dry_run || unchanged ? m->gen : m->gen + 1;
	r->fields = m->res;
	m->res = NULL;
	snprintf(r->text, sizeof(r->text), "%s", m->text);
	snprintf(r->old, sizeof(r->old), "%s", m->old);
	snprintf(r->new, sizeof(r->new), "%s", m->new);
	if (m->late_err) {
		mut_error(r, m, m->late_err, m->object, m->why);
		r->done = true;
	}
	return r->status;
}

int mut_run(struct cli *c, struct mut *m, int (*fn)(struct ioasid_sim_host *h, struct mut *m))
{
	struct cli_result r;
	int rc;

	mut_apply(c, m, fn, &r);
	rc = cli_result_print(c, &r);
	cli_result_free(&r);
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
