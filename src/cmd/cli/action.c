// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The writes both programs make (cli/action.h), each returning a record:
 *
 * cgroup set-limit. On the live host: the real cgroupfs through
 * ioasid_misc_set_max() / ioasid_ioasids_set_max() (idempotent: an equal
 * limit is "unchanged" and nothing is written). A snapshot (--sysroot) is
 * read-only: exit 4. On the emulated host: the model's limit of either
 * form (ioasid-abi(7) CGROUPS): ioasids.max (the seed's controller:
 * granting a limit consults the available capacity, ENOSPC above it,
 * seed:4292) or the misc controller's "ioasid" line of misc.max (any
 * number). Idempotent as well. Both records have the same keys.
 *
 * free, bind, unbind on the emulated host. With a VM the VM process makes
 * the /dev/ioasid request (uapi/ioasid.h struct, argsz first) through the
 * loopback transport, ioasid_sim_ioctl(), so the errnos are ioasid-abi(7)
 * DEVICE's; without one, free runs the core's ioasid_free as the kernel
 * would.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/action.h"
#include "cli/arg.h"
#include "cli/mut.h"
#include "uapi/ioasid.h"

/* ------------------------------------------------------- cgroup helpers */

static void limit_text(char *buf, size_t len, uint64_t v)
{
	if (v == IOASID_CGROUP_LIMIT_MAX)
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%" PRIu64, v);
}

/* A limit in JSON: a number, or "max" (the keyword the files use) */
json_object *cli_cgroup_limit_json(uint64_t v)
{
	return v == IOASID_CGROUP_LIMIT_MAX ? json_object_new_string("max")
					    : json_object_new_int64((int64_t)v);
}

/* Find the cgroup2 mount, or report why there is none. */
int cli_cgroup_open_mount(struct cli *c, struct ioasid_cgroup_mount *m, struct cli_result *r)
{
	int rc = cli_open_result(c, r);

	if (rc != EXIT_OK)
		return rc;
	rc = ioasid_cgroup_mount_find(c->ctx, m);
	return rc < 0 ? cli_lib_fail(c, r, rc, "/proc/self/mountinfo") : EXIT_OK;
}

/* "CGROUP: misc controller not enabled (...); enable with: ..." */
int cli_cgroup_not_enabled(const struct ioasid_cgroup_mount *m, const char *rel,
			   const struct ioasid_misc_why *why, struct cli_result *r)
{
	char host[IOASID_CGROUP_PATH_MAX], where[IOASID_CGROUP_PATH_MAX];
	char fix[2048] = "";
	size_t off = 0;
	const char *named = why->parent;

	if (ioasid_cgroup_host_path(m, rel, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", rel);
	switch (why->state) {
	case IOASID_MISC_NO_CONTROLLER:
		return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, m->mountpoint,
				"no misc controller on the cgroup v2 hierarchy (misc missing "
				"from %s/cgroup.controllers: a kernel without CONFIG_CGROUP_MISC, "
				"or misc bound to a cgroup v1 hierarchy)",
				strcmp(m->mountpoint, "/") ? m->mountpoint : "");
	case IOASID_MISC_THREADED:
		return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				"misc controller not available in a threaded cgroup (misc is a "
				"domain controller)");
	default:
		break;
	}
	if (why->nmissing == 0)
		return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				"misc controller not enabled (its parent is outside the cgroup2 "
				"mount %s)",
				m->mountpoint);
	/* name the parent's file when it lacks +misc, else the nearest that does */
	if (strcmp(why->missing[why->nmissing - 1], why->parent))
		named = why->missing[why->nmissing - 1];
	if (ioasid_cgroup_host_path(m, named, where, sizeof(where)) < 0)
		snprintf(where, sizeof(where), "%s", named);
	for (size_t i = 0; i < why->nmissing && off < sizeof(fix); i++) {
		char anc[IOASID_CGROUP_PATH_MAX];
		int w;

		if (ioasid_cgroup_host_path(m, why->missing[i], anc, sizeof(anc)) < 0)
			snprintf(anc, sizeof(anc), "%s", why->missing[i]);
		w = snprintf(fix + off, sizeof(fix) - off,
			     "%secho +misc > %s/cgroup.subtree_control", i ? " && " : "",
			     strcmp(anc, "/") ? anc : "");
		if (w < 0)
			break;
		off += (size_t)w;
	}
	return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
			"misc controller not enabled (+misc missing from "
			"%s/cgroup.subtree_control); enable with: %s",
			strcmp(where, "/") ? where : "", fix);
}

int cli_cgroup_of_unit(struct cli *c, const struct ioasid_cgroup_mount *m, const char *unit,
		       char *rel, size_t len, struct cli_result *r)
{
	char obj[300], list[1024] = "";
	char **paths;
	size_t n, off = 0;
	int rc;

	snprintf(obj, sizeof(obj), "unit %.280s", unit);
	rc = ioasid_cgroup_find_unit(c->ctx, m, unit, &paths, &n);
	if (rc < 0)
		return cli_lib_fail(c, r, rc, obj);
	if (n == 1) {
		snprintf(rel, len, "%s", paths[0]);
		ioasid_cgroup_paths_free(paths, n);
		return EXIT_OK;
	}
	for (size_t i = 0; i < n && off < sizeof(list); i++) {
		int w = snprintf(list + off, sizeof(list) - off, "%s%s", i ? ", " : "", paths[i]);

		off += w > 0 ? (size_t)w : 0;
	}
	ioasid_cgroup_paths_free(paths, n);
	if (n == 0)
		return cli_fail(r, EXIT_NOTFOUND, ENOENT, obj, "no cgroup of that name under %s",
				m->mountpoint);
	return cli_fail(r, EXIT_USAGE, ENOTUNIQ, obj,
			"%zu cgroups match: %s; give the cgroup path instead", n, list);
}

static int ioasids_missing(struct cli *c, const struct ioasid_cgroup_mount *m, const char *rel,
			   struct cli_result *r)
{
	char host[IOASID_CGROUP_PATH_MAX], parent[IOASID_CGROUP_PATH_MAX];
	char *slash;
	int top;

	if (ioasid_cgroup_host_path(m, rel, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", rel);
	top = ioasid_cgroup_has_controller(c->ctx, m, "/", IOASID_CGROUP_CONTROLLER);
	if (top == 0)
		return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				"not supported by this kernel (no ioasids controller in "
				"%s/cgroup.controllers)",
				strcmp(m->mountpoint, "/") ? m->mountpoint : "");
	if (!strcmp(rel, "/"))
		return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				"the top cgroup has no ioasids.max (limits are set on children)");
	snprintf(parent, sizeof(parent), "%s", host);
	slash = strrchr(parent, '/');
	if (slash)
		*slash = '\0';
	return cli_fail(r, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
			"ioasids controller not enabled (+ioasids missing from "
			"%s/cgroup.subtree_control); enable with: echo +ioasids > "
			"%s/cgroup.subtree_control",
			parent, parent);
}

/* The record of a limit, the same keys on every host: scripts read one
 * shape (the emulated host's adds its generation). */
static void limit_record(struct cli_result *r, const char *cgroup, bool misc, const char *resource,
			 uint64_t old, int old_err, uint64_t value, bool changed, bool dry_run)
{
	const char *file = misc ? "misc.max" : "ioasids.max";
	const char *action = !changed ? "unchanged" : dry_run ? "would-set" : "set";
	json_object *o = json_object_new_object();

	json_object_object_add(o, "cgroup", json_object_new_string(cgroup));
	json_object_object_add(o, "form", json_object_new_string(misc ? "misc" : "ioasids"));
	json_object_object_add(o, "resource", misc ? json_object_new_string(resource) : NULL);
	json_object_object_add(o, "file", json_object_new_string(file));
	json_object_object_add(o, "old_limit", old_err ? NULL : cli_cgroup_limit_json(old));
	json_object_object_add(o, "limit", cli_cgroup_limit_json(value));
	json_object_object_add(o, "action", json_object_new_string(action));
	if (r->fields)
		json_object_put(r->fields);
	r->fields = o;
	r->changed = changed;
	r->dry_run = dry_run;
	r->old_err = old_err;
	if (old_err)
		snprintf(r->old, sizeof(r->old), "?");
	else
		limit_text(r->old, sizeof(r->old), old);
	limit_text(r->new, sizeof(r->new), value);
	if (!changed)
		snprintf(r->text, sizeof(r->text), "%.400s: %s already %s", cgroup, file, r->new);
	else
		snprintf(r->text, sizeof(r->text), "%.400s: %s %s -> %s", cgroup, file, r->old,
			 r->new);
}

static int limit_live(struct cli *c, const char *cgroup, bool misc, const char *resource,
		      uint64_t value, bool dry_run, struct cli_result *r)
{
	struct ioasid_misc_why why = {0};
	struct ioasid_cgroup_mount *m;
	struct ioasid_limit_old old = {0};
	char rel[IOASID_CGROUP_PATH_MAX], host[IOASID_CGROUP_PATH_MAX];
	unsigned flags = dry_run ? IOASID_LIMIT_DRY_RUN : 0;
	int rc;

	m = malloc(sizeof(*m));
	if (!m)
		return cli_fail(r, EXIT_FAIL, ENOMEM, NULL, "out of memory");
	rc = cli_cgroup_open_mount(c, m, r);
	if (rc != EXIT_OK)
		goto out;
	rc = ioasid_cgroup_resolve(c->ctx, m, cgroup, rel, sizeof(rel));
	if (rc < 0) {
		rc = cli_lib_fail(c, r, rc, cgroup);
		goto out;
	}
	if (ioasid_cgroup_host_path(m, rel, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", rel);
	if (misc) {
		rc = ioasid_misc_enabled(c->ctx, m, rel, &why);
		if (rc < 0) {
			rc = cli_lib_fail(c, r, rc, host);
			goto out;
		}
		if (why.state != IOASID_MISC_ENABLED) {
			rc = cli_cgroup_not_enabled(m, rel, &why, r);
			goto out;
		}
		if (!strcmp(rel, "/")) {
			rc = cli_fail(
				r, EXIT_UNSUPPORTED, EOPNOTSUPP, host,
				"the top cgroup has no misc.max (limits are set on children)");
			goto out;
		}
		rc = ioasid_misc_set_max(c->ctx, m, rel, resource, value, flags, &old);
	} else {
		if (ioasid_cgroup_has_controller(c->ctx, m, rel, IOASID_CGROUP_CONTROLLER) != 1 ||
		    !strcmp(rel, "/")) {
			rc = ioasids_missing(c, m, rel, r);
			goto out;
		}
		rc = ioasid_ioasids_set_max(c->ctx, m, rel, value, flags, &old);
	}
	if (rc < 0) {
		/* the library said which: ENOENT no cgroup/file (3),
		 * EOPNOTSUPP not supported by this kernel (4), EACCES/EPERM/EROFS
		 * permission (5) */
		const struct ioasid_error *e = ioasid_ctx_last_error(c->ctx);
		int st = rc == -EROFS ? EXIT_PERM : cli_status_for_errno(rc);

		if (st == EXIT_USAGE)
			st = EXIT_FAIL;
		rc = cli_fail(r, st, -rc, e->object[0] ? e->object : host, "%s",
			      e->message[0] ? e->message : strerror(-rc));
		goto out;
	}
	limit_record(r, rel, misc, resource, old.v.v, old.v.err, value, rc != 0, dry_run);
	rc = EXIT_OK;
out:
	ioasid_misc_why_free(&why);
	free(m);
	return rc;
}

/* ------------------------------------------------------ the emulated host */

/* one "max" for both: the model keeps the kernel's own value */
_Static_assert(IOASID_MODEL_CG_MAX == IOASID_CGROUP_LIMIT_MAX, "one max for both hosts");

struct limit_arg {
	const char *cgroup;
	enum ioasid_model_cg_form form;
	uint64_t value;
};

static int do_set_limit(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	struct limit_arg *a = m->arg;
	struct ioasid_model_cgroup_info ci;
	const char *file = a->form == IOASID_MODEL_FORM_IOASIDS ? "ioasids.max" : "misc.max";
	char old_s[32], new_s[32];
	uint64_t old;
	int rc;

	if (ioasid_model_cgroup_get_info(md, a->cgroup, &ci) < 0)
		return mut_fail(m, ENOENT, true, a->cgroup, "no such cgroup");
	/* a host without the form has no such file (sim init --cgroup-form) */
	if (!(ioasid_model_cg_forms(md) &
	      (a->form == IOASID_MODEL_FORM_IOASIDS ? IOASID_MODEL_CG_IOASIDS
						    : IOASID_MODEL_CG_MISC)))
		return mut_fail(m, EOPNOTSUPP, false, a->cgroup,
				"this emulated host has no %s (sim init --cgroup-form)", file);
	old = a->form == IOASID_MODEL_FORM_IOASIDS ? ci.ioasids_max : ci.misc_max;
	limit_text(old_s, sizeof(old_s), old);
	limit_text(new_s, sizeof(new_s), a->value);
	snprintf(m->old, sizeof(m->old), "%s", old_s);
	snprintf(m->new, sizeof(m->new), "%s", new_s);
	json_object_object_add(m->res, "cgroup", json_object_new_string(a->cgroup));
	json_object_object_add(
		m->res, "form",
		json_object_new_string(a->form == IOASID_MODEL_FORM_IOASIDS ? "ioasids" : "misc"));
	/* the keys of the live host's record too (above) */
	json_object_object_add(m->res, "resource",
			       a->form == IOASID_MODEL_FORM_MISC ? json_object_new_string("ioasid")
								 : NULL);
	json_object_object_add(m->res, "file", json_object_new_string(file));
	json_object_object_add(m->res, "old_limit", cli_cgroup_limit_json(old));
	json_object_object_add(m->res, "limit", cli_cgroup_limit_json(a->value));
	json_object_object_add(m->res, "action",
			       json_object_new_string(old == a->value ? "unchanged"
						      : m->dry_run    ? "would-set"
								      : "set"));
	/* the write is checked even when it changes nothing (as the kernel
	 * would: the root has no file, a grant above the capacity is refused) */
	rc = ioasid_model_cgroup_set_limit(md, a->cgroup, a->form, a->value);
	if (rc == -EINVAL)
		return mut_fail(m, EINVAL, false, a->cgroup,
				"the root cgroup has no %s (no limit at the root)", file);
	if (rc == -ENOSPC)
		return mut_fail(m, ENOSPC, false, a->cgroup,
				"limit %s exceeds the available IOASID capacity (seed:4292)",
				new_s);
	if (rc < 0)
		return mut_fail(m, -rc, false, a->cgroup, NULL);
	if (old == a->value) {
		snprintf(m->text, sizeof(m->text), "%s: %s already %s", a->cgroup, file, new_s);
		return MUT_UNCHANGED;
	}
	snprintf(m->text, sizeof(m->text), "%s: %s %s -> %s", a->cgroup, file, old_s, new_s);
	return 0;
}

int cli_action_set_limit(struct cli *c, const struct cli_limit_req *q, struct cli_result *r)
{
	struct limit_arg a = {q->cgroup, IOASID_MODEL_FORM_IOASIDS, 0};
	struct mut m = {.arg = &a, .dry_run = q->dry_run};
	enum cli_target t = CLI_TARGET_LIVE;
	char why[256];
	bool misc;

	cli_result_init(r, c->cmdname, t);
	if (cli_host_result(c, &t, r) != EXIT_OK)
		return r->status;
	r->target = t;
	if (t == CLI_TARGET_EMULATED && q->resource)
		return cli_fail(r, EXIT_USAGE, EINVAL, "--resource",
				"only on the live host (the model's misc resource is ioasid)");
	misc = !strcmp(q->form, "misc");
	if (!misc && strcmp(q->form, "ioasids"))
		return cli_fail(r, EXIT_USAGE, EINVAL, "--form", "expected ioasids or misc");
	if (q->resource && !misc)
		return cli_fail(r, EXIT_USAGE, EINVAL, "--resource", "only with --form misc");
	if (cli_limit_parse(q->value, &a.value, why, sizeof(why)) < 0)
		return cli_fail(r, EXIT_USAGE, EINVAL, "N|max", "%s", why);
	if (t == CLI_TARGET_SNAPSHOT)
		return cli_fail(r, EXIT_UNSUPPORTED, EROFS, c->sysroot,
				"a snapshot is read-only: cgroup limits are written on the live "
				"host or an emulated host (--sim)");
	if (t == CLI_TARGET_LIVE)
		return limit_live(c, q->cgroup, misc,
				  q->resource ? q->resource : IOASID_MISC_RESOURCE, a.value,
				  q->dry_run, r);
	a.form = misc ? IOASID_MODEL_FORM_MISC : IOASID_MODEL_FORM_IOASIDS;
	return mut_apply(c, &m, do_set_limit, r);
}

/* ------------------------------------------------------ free/bind/unbind */

static int do_io(struct ioasid_sim_host *h, struct mut *m)
{
	struct ioasid_model *md = ioasid_sim_model(h);
	const struct cli_io_req *a = m->arg;
	struct ioasid_model_ioasid_info io;
	char obj[48];
	int rc;

	snprintf(obj, sizeof(obj), "ioasid %u", a->ioasid);
	if (ioasid_model_ioasid_get_info(md, a->ioasid, &io) == 0)
		snprintf(m->old, sizeof(m->old), "%s", ioasid_model_state_name(io.state));
	if (a->pid) {
		union {
			struct ioasid_free_args f;
			struct ioasid_bind_args b;
			struct ioasid_unbind_args u;
		} r;
		unsigned long req;

		memset(&r, 0, sizeof(r));
		if (a->op == CLI_IO_FREE) {
			r.f = (struct ioasid_free_args){.argsz = sizeof(r.f), .ioasid = a->ioasid};
			req = IOASID_FREE;
		} else if (a->op == CLI_IO_BIND) {
			r.b = (struct ioasid_bind_args){
				.argsz = sizeof(r.b), .ioasid = a->ioasid, .spid = a->spid};
			req = IOASID_BIND;
		} else {
			r.u = (struct ioasid_unbind_args){.argsz = sizeof(r.u),
							  .ioasid = a->ioasid};
			req = IOASID_UNBIND;
		}
		rc = ioasid_sim_ioctl(h, a->pid, req, &r);
		if (rc < 0) {
			const char *why = NULL;

			switch (-rc) {
			case ESRCH:
				snprintf(obj, sizeof(obj), "vm %d", a->pid);
				why = "no such VM process";
				break;
			case EBADF:
				snprintf(obj, sizeof(obj), "vm %d", a->pid);
				why = "the VM has not opened /dev/ioasid";
				break;
			case ENOENT:
				why = "no such IOASID";
				break;
			case EPERM:
				why = "not in the VM's set (ioasid_get_if_owned)";
				break;
			case EBUSY:
				why = a->op == CLI_IO_BIND ? "already bound, or free pending"
							   : NULL;
				break;
			case EINVAL:
				why = a->op == CLI_IO_UNBIND
					      ? "not bound, or not an mm set's IOASID"
					      : "the SPID is already used in the set, "
						"or not an mm set's IOASID";
				break;
			}
			return mut_fail(m, -rc, false, obj, "%s", why ? why : strerror(-rc));
		}
	} else {
		/* ioasid_free (seed:5433-5483): unknown EINVAL, the set must
		 * match exactly EACCES; without --set the IOASID's own set */
		if (ioasid_model_ioasid_get_info(md, a->ioasid, &io) < 0)
			return mut_fail(m, EINVAL, true, obj, "no such IOASID");
		rc = ioasid_model_free_ioasid(md, a->set != IOASID_MODEL_INVALID ? a->set : io.set,
					      a->ioasid);
		if (rc == -EACCES)
			return mut_fail(m, EACCES, false, obj, "in set %u, not set %u", io.set,
					a->set);
		if (rc < 0)
			return mut_fail(m, -rc, false, obj, NULL);
	}
	json_object_object_add(m->res, "ioasid", json_object_new_int64(a->ioasid));
	if (a->pid)
		json_object_object_add(m->res, "vm", json_object_new_int(a->pid));
	if (a->op == CLI_IO_BIND)
		json_object_object_add(m->res, "spid", json_object_new_int64(a->spid));
	if (ioasid_model_ioasid_get_info(md, a->ioasid, &io) == 0) {
		json_object_object_add(m->res, "state",
				       json_object_new_string(ioasid_model_state_name(io.state)));
		json_object_object_add(m->res, "refs", json_object_new_int64(io.refs));
	} else {
		json_object_object_add(m->res, "state", json_object_new_string("released"));
		json_object_object_add(m->res, "refs", json_object_new_int(0));
	}
	snprintf(m->new, sizeof(m->new), "%s",
		 json_object_get_string(json_object_object_get(m->res, "state")));
	if (a->op == CLI_IO_FREE)
		snprintf(m->text, sizeof(m->text), "ioasid %u: %s", a->ioasid, m->new);
	else if (a->op == CLI_IO_BIND)
		snprintf(m->text, sizeof(m->text), "ioasid %u: bound to spid %u", a->ioasid,
			 a->spid);
	else
		snprintf(m->text, sizeof(m->text), "ioasid %u: unbound", a->ioasid);
	return 0;
}

int cli_action_io(struct cli *c, const struct cli_io_req *q, struct cli_result *r)
{
	struct mut m = {.arg = (void *)q, .dry_run = q->dry_run};

	cli_result_init(r, c->cmdname, CLI_TARGET_EMULATED);
	if (mut_need_sim_result(c, CLI_NOIO_LIVE, r) != EXIT_OK)
		return r->status;
	return mut_apply(c, &m, do_io, r);
}

int cli_action_free(struct cli *c, uint32_t ioasid, struct cli_result *r)
{
	struct cli_io_req q = {CLI_IO_FREE, ioasid, IOASID_MODEL_INVALID, 0, 0, false};

	return cli_action_io(c, &q, r);
}
