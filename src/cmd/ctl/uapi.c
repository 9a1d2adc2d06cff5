// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl uapi selftest: the /dev/ioasid requests of ioasid-abi(7) in one
 * process, each checked: open, GET_API_VERSION, GET_INFO, ALLOC, BIND with
 * an SPID, FIND_SPID, UNBIND, FREE, then that the caller's set and the
 * capacity are back where they started. One process because allocations
 * live only as long as the opener (ioasid-abi(7) DEVICE, Opening).
 *
 * Live host: the real device through the ioctl transport; a kernel without
 * it is exit 4, "not supported by this kernel". Emulated host (--sim): the
 * same requests through the loopback transport as a VM process, all inside
 * one ioasid_sim_mutate() (atomic: a failed step or a host that is not back
 * where it started commits nothing).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arg.h"
#include "ctl/ctl.h"

enum { UC_STEP, UC_REQUEST, UC_RESULT, UC_VALUE, UC_ERRNO, UC_DETAIL, UAPI_NCOLS };

static const struct pr_col uapi_cols[UAPI_NCOLS] = {
	[UC_STEP] = {"STEP", PR_NUM, true, true, "step number"},
	[UC_REQUEST] = {"REQUEST", PR_STR, true, false,
			"what the step did: open, an IOASID_* request, verify, close"},
	[UC_RESULT] = {"RESULT", PR_STR, true, false, "ok or fail"},
	[UC_VALUE] = {"VALUE", PR_NUM, false, true,
		      "the number the step returned (version, IOASID), if any"},
	[UC_ERRNO] = {"ERRNO", PR_STR, false, false, "errno name of a failed request"},
	[UC_DETAIL] = {"DETAIL", PR_STR, true, false, "what was returned and checked"},
};

#define MAX_STEPS 24

struct step {
	const char *request;
	bool ok;
	bool has_value;
	uint64_t value;
	int err;
	char detail[200];
};

struct selftest {
	struct ioasid_uapi *u;
	uint32_t spid, min, max;
	size_t n;
	struct step s[MAX_STEPS];
	bool failed;
};

static struct step *add(struct selftest *t, const char *request, bool ok, int err, const char *fmt,
			...) __attribute__((format(printf, 5, 6)));
static struct step *add(struct selftest *t, const char *request, bool ok, int err, const char *fmt,
			...)
{
	struct step *s = &t->s[t->n < MAX_STEPS ? t->n++ : MAX_STEPS - 1];
	va_list ap;

	memset(s, 0, sizeof(*s));
	s->request = request;
	s->ok = ok;
	s->err = err;
	va_start(ap, fmt);
	vsnprintf(s->detail, sizeof(s->detail), fmt, ap);
	va_end(ap);
	t->failed |= !ok;
	return s;
}

static void value(struct step *s, uint64_t v)
{
	s->has_value = true;
	s->value = v;
}

static const char *errname(int err)
{
	const char *n = err > 0 ? strerrorname_np(err) : NULL;

	return n ? n : "";
}

/* FIND_SPID that must say "not bound" (ENOENT) */
static void find_none(struct selftest *t, const char *when)
{
	uint32_t io = 0;
	int rc = ioasid_uapi_find_spid(t->u, t->spid, &io);

	if (rc == -ENOENT)
		add(t, "IOASID_FIND_SPID", true, 0, "spid %" PRIu32 " not bound %s (ENOENT)",
		    t->spid, when);
	else if (rc == 0)
		value(add(t, "IOASID_FIND_SPID", false, 0,
			  "spid %" PRIu32 " is bound to ioasid %" PRIu32 " %s: pick another --spid",
			  t->spid, io, when),
		      io);
	else
		add(t, "IOASID_FIND_SPID", false, -rc, "spid %" PRIu32 ": %s", t->spid,
		    strerror(-rc));
}

static bool info_step(struct selftest *t, struct ioasid_info_args *i, const char *when)
{
	char set[16] = "none";
	int rc = ioasid_uapi_get_info(t->u, i);

	if (rc < 0) {
		add(t, "IOASID_GET_INFO", false, -rc, "%s", strerror(-rc));
		return false;
	}
	/* ioasid-abi(7): min_ioasid 1, max_ioasid capacity - 1, available <= capacity */
	if (i->min_ioasid != 1 || i->max_ioasid != i->capacity - 1 || i->available > i->capacity ||
	    i->argsz < IOASID_INFO_SZ_V1) {
		add(t, "IOASID_GET_INFO", false, 0,
		    "inconsistent: argsz %" PRIu32 " capacity %" PRIu32 " available %" PRIu32
		    " min %" PRIu32 " max %" PRIu32,
		    i->argsz, i->capacity, i->available, i->min_ioasid, i->max_ioasid);
		return false;
	}
	if (i->flags & IOASID_INFO_HAS_SET)
		snprintf(set, sizeof(set), "%" PRIu32, i->set);
	add(t, "IOASID_GET_INFO", true, 0,
	    "%s: capacity %" PRIu32 " available %" PRIu32 " set %s quota %" PRIu32
	    " allocated %" PRIu32,
	    when, i->capacity, i->available, set, i->quota, i->allocated);
	return true;
}

/* Everything after open, on an open handle. */
static void run_steps(struct selftest *t)
{
	struct ioasid_info_args before, mid, after;
	uint32_t io = 0, found = 0;
	int rc;

	rc = ioasid_uapi_get_api_version(t->u);
	if (rc < 0) {
		add(t, "IOASID_GET_API_VERSION", false, -rc, "%s", strerror(-rc));
		return;
	}
	value(add(t, "IOASID_GET_API_VERSION", rc == IOASID_API_VERSION, 0,
		  "version %d (this tool speaks %d)", rc, IOASID_API_VERSION),
	      (uint64_t)rc);
	if (rc != IOASID_API_VERSION)
		return;
	if (!info_step(t, &before, "before"))
		return;
	find_none(t, "before the test");
	if (t->failed)
		return;
	rc = ioasid_uapi_alloc(t->u, t->min, t->max, &io);
	if (rc < 0) {
		add(t, "IOASID_ALLOC", false, -rc, "[%" PRIu32 ", %" PRIu32 "]: %s", t->min, t->max,
		    strerror(-rc));
		return;
	}
	value(add(t, "IOASID_ALLOC", io >= t->min && io <= t->max && io != 0, 0,
		  "ioasid %" PRIu32 " in [%" PRIu32 ", %" PRIu32 "]", io, t->min, t->max),
	      io);
	if (!t->failed && info_step(t, &mid, "after alloc") &&
	    (mid.allocated != before.allocated + 1 || mid.available != before.available))
		add(t, "verify", false, 0,
		    "allocated %" PRIu32 " -> %" PRIu32 " (expected +1), available %" PRIu32
		    " -> %" PRIu32 " (a set's IOASIDs come from its quota)",
		    before.allocated, mid.allocated, before.available, mid.available);
	if (!t->failed) {
		rc = ioasid_uapi_bind(t->u, io, t->spid);
		add(t, "IOASID_BIND", rc == 0, -rc, "ioasid %" PRIu32 " spid %" PRIu32 "%s%s", io,
		    t->spid, rc ? ": " : "", rc ? strerror(-rc) : "");
	}
	if (!t->failed) {
		rc = ioasid_uapi_find_spid(t->u, t->spid, &found);
		if (rc < 0)
			add(t, "IOASID_FIND_SPID", false, -rc, "spid %" PRIu32 ": %s", t->spid,
			    strerror(-rc));
		else
			value(add(t, "IOASID_FIND_SPID", found == io, 0,
				  "spid %" PRIu32 " -> ioasid %" PRIu32 " (expected %" PRIu32 ")",
				  t->spid, found, io),
			      found);
		rc = ioasid_uapi_unbind(t->u, io);
		add(t, "IOASID_UNBIND", rc == 0, -rc, "ioasid %" PRIu32 "%s%s", io, rc ? ": " : "",
		    rc ? strerror(-rc) : "");
		if (rc == 0)
			find_none(t, "after unbind");
	}
	/* free even after a failure: the test leaves nothing behind */
	rc = ioasid_uapi_free(t->u, io);
	add(t, "IOASID_FREE", rc == 0, -rc, "ioasid %" PRIu32 "%s%s", io, rc ? ": " : "",
	    rc ? strerror(-rc) : "");
	if (!info_step(t, &after, "after free"))
		return;
	/* back where it started (the set itself may have gone and come back
	 * with a new id: sets are destroyed when empty, ioasid-abi(7)). A set
	 * made at open holds nothing before the test, so the free of its only
	 * IOASID destroys it and its quota returns to the available capacity
	 * (ioasid-abi(7) DEVICE, Opening: "As any set it is destroyed when its
	 * last IOASID is released"). */
	uint32_t want_avail = before.available;

	if ((before.flags & IOASID_INFO_HAS_SET) && !(after.flags & IOASID_INFO_HAS_SET))
		want_avail += before.quota;
	if (after.allocated != before.allocated || after.available != want_avail ||
	    after.capacity != before.capacity || after.quota != before.quota)
		add(t, "verify", false, 0,
		    "not back: allocated %" PRIu32 " -> %" PRIu32 ", available %" PRIu32
		    " -> %" PRIu32 ", quota %" PRIu32 " -> %" PRIu32,
		    before.allocated, after.allocated, before.available, after.available,
		    before.quota, after.quota);
	else
		add(t, "verify", true, 0,
		    "set and capacity as before (allocated %" PRIu32 ", available %" PRIu32 ")",
		    after.allocated, after.available);
}

/* ---- the emulated host ---- */

struct sim_arg {
	struct selftest *t;
	int32_t pid;
	bool pid_given;
};

/* The model's view of what the test may touch, compared before and after */
struct sim_state {
	struct ioasid_model_capacity cap;
	struct ioasid_model_proc_info p;
	struct ioasid_model_set_info set;
	struct ioasid_model_cgroup_info cg;
};

static int sim_snapshot(struct ioasid_sim_host *h, int32_t pid, struct sim_state *s)
{
	struct ioasid_model *m = ioasid_sim_model(h);

	memset(s, 0, sizeof(*s));
	ioasid_model_get_capacity(m, &s->cap);
	if (ioasid_model_proc_get_info(m, pid, &s->p) < 0)
		return -ESRCH;
	if (s->p.set != IOASID_MODEL_INVALID)
		ioasid_model_set_get_info(m, s->p.set, &s->set);
	ioasid_model_cgroup_get_info(m, s->p.cgroup, &s->cg);
	return 0;
}

static bool sim_same(const struct sim_state *a, const struct sim_state *b)
{
	return a->cap.total == b->cap.total && a->cap.available == b->cap.available &&
	       a->cap.reserved == b->cap.reserved && a->cap.quotas == b->cap.quotas &&
	       a->cap.allocated == b->cap.allocated && a->p.opened == b->p.opened &&
	       a->p.set == b->p.set && a->set.quota == b->set.quota &&
	       a->set.nr_ioasids == b->set.nr_ioasids &&
	       a->cg.ioasids_current == b->cg.ioasids_current &&
	       a->cg.misc_current == b->cg.misc_current;
}

static int sim_selftest(struct ioasid_sim_host *h, void *arg)
{
	struct sim_arg *a = arg;
	struct selftest *t = a->t;
	struct ioasid_model *m = ioasid_sim_model(h);
	struct sim_state before, after;
	bool opened_here = false;
	int rc;

	t->n = 0;
	t->failed = false;
	if (!a->pid_given) {
		struct ioasid_model_proc_info p;
		uint32_t idx = 0;

		if (ioasid_model_proc_next(m, &idx, &p) < 0)
			return -ESRCH;
		a->pid = p.pid;
	}
	if (sim_snapshot(h, a->pid, &before) < 0)
		return -ESRCH;
	/* a VM that has not opened the device opens it for the test and
	 * closes it after (close frees what the test left) */
	if (!before.p.opened) {
		int64_t r = ioasid_model_proc_open(m, a->pid, ioasid_sim_default_quota(h));

		if (r < 0) {
			add(t, "open", false, (int)-r, "pid %" PRId32 ": %s", a->pid,
			    strerror((int)-r));
			return -ECANCELED;
		}
		opened_here = true;
	}
	rc = ioasid_uapi_open_loopback(h, a->pid, &t->u);
	if (rc < 0)
		return rc;
	add(t, "open", true, 0, "loopback transport as pid %" PRId32 "%s", a->pid,
	    opened_here ? " (opened for the test)" : " (holds the device open)");
	run_steps(t);
	ioasid_uapi_close(t->u);
	t->u = NULL;
	if (opened_here) {
		rc = ioasid_model_proc_close(m, a->pid);
		add(t, "close", rc == 0, rc < 0 ? -rc : 0, "pid %" PRId32 "%s%s", a->pid,
		    rc ? ": " : "", rc ? strerror(-rc) : "");
	}
	sim_snapshot(h, a->pid, &after);
	if (sim_same(&before, &after))
		add(t, "verify", true, 0,
		    "host as before: capacity, sets, process and cgroup counts");
	else
		add(t, "verify", false, 0,
		    "host not as before: capacity allocated %" PRIu32 " -> %" PRIu32
		    ", available %" PRIu32 " -> %" PRIu32 ", set IOASIDs %" PRIu32 " -> %" PRIu32,
		    before.cap.allocated, after.cap.allocated, before.cap.available,
		    after.cap.available, before.set.nr_ioasids, after.set.nr_ioasids);
	/* commit only a run that passed and left the host as it was */
	return t->failed ? -ECANCELED : 0;
}

static int print_steps(struct cli *c, struct selftest *t)
{
	struct printer *p = pr_new(&c->pr, "steps", uapi_cols, UAPI_NCOLS);

	if (!p)
		return EXIT_USAGE;
	for (size_t i = 0; i < t->n; i++) {
		struct pr_row *r = pr_row(p);
		const struct step *s = &t->s[i];

		pr_num(r, UC_STEP, i + 1);
		pr_str(r, UC_REQUEST, s->request);
		pr_str(r, UC_RESULT, s->ok ? "ok" : "fail");
		if (s->has_value)
			pr_num(r, UC_VALUE, s->value);
		else
			pr_null(r, UC_VALUE, 0);
		pr_str(r, UC_ERRNO, s->err ? errname(s->err) : NULL);
		pr_str(r, UC_DETAIL, s->detail);
	}
	if (pr_print(p) < 0) {
		pr_free(p);
		return EXIT_FAIL;
	}
	pr_free(p);
	return EXIT_OK;
}

/* an SPID or an ALLOC bound: a u32 below IOASID_INVALID; absent: kept */
static int parse_u32(struct cli *c, const char *opt, const char *s, uint32_t *v)
{
	return s ? cli_arg_u32(c, opt, s, 0, IOASID_INVALID - 1, v) : EXIT_OK;
}

int cmd_uapi_selftest(struct cli *c, int argc, const char **argv)
{
	char *opt_vm = NULL, *opt_spid = NULL, *opt_min = NULL, *opt_max = NULL;
	int opt_dry = 0;
	struct poptOption opts[] = {
		{"vm", 0, POPT_ARG_STRING, &opt_vm, 0,
		 "emulated host: act as this VM process (default: the first)", "PID"},
		{"spid", 0, POPT_ARG_STRING, &opt_spid, 0,
		 "the SPID to bind (default 1048549; must be unbound)", "N"},
		{"min", 0, POPT_ARG_STRING, &opt_min, 0, "ALLOC's min (default 1)", "N"},
		{"max", 0, POPT_ARG_STRING, &opt_max, 0, "ALLOC's max (default 1048574)", "N"},
		{"dry-run", 0, POPT_ARG_NONE, &opt_dry, 0,
		 "emulated host: run the steps, commit nothing", NULL},
		POPT_TABLEEND};
	struct selftest *t = calloc(1, sizeof(*t));
	enum cli_target target;
	struct cli_list cl;
	int32_t vm = 0;
	int rc;

	if (!t)
		return cli_error(c, EXIT_FAIL, ENOMEM, NULL, "out of memory");
	/* the steps are printed by print_steps() */
	if (!cli_list_begin(c, argc, argv, opts, NULL, uapi_cols, UAPI_NCOLS, NULL, &cl)) {
		free(t);
		return cl.rc;
	}
	/* hand-picked defaults: an SPID near the top of the 20-bit space that
	 * a guest rarely uses, and the whole allocatable range */
	t->spid = 0xfffe5;
	t->min = 1;
	t->max = 0xffffe;
	rc = parse_u32(c, "--spid", opt_spid, &t->spid);
	if (rc == EXIT_OK)
		rc = parse_u32(c, "--min", opt_min, &t->min);
	if (rc == EXIT_OK)
		rc = parse_u32(c, "--max", opt_max, &t->max);
	if (rc == EXIT_OK && opt_vm)
		rc = cli_arg_pid(c, "--vm", opt_vm, &vm);
	if (rc != EXIT_OK)
		goto out;
	rc = cli_write_target(c, &target);
	if (rc != EXIT_OK)
		goto out;
	if (target == CLI_TARGET_EMULATED) {
		struct sim_arg a = {t, vm, opt_vm != NULL};
		struct ioasid_error err = {0};
		char obj[32];

		rc = ioasid_sim_mutate(c->sim, sim_selftest, &a, opt_dry, &err);
		ioasid_uapi_close(t->u);
		snprintf(obj, sizeof(obj), "pid %" PRId32, a.pid);
		if (rc == -ESRCH) {
			rc = cli_error(c, EXIT_NOTFOUND, ESRCH, a.pid_given ? obj : c->sim,
				       a.pid_given ? "no such VM process on the emulated host"
						   : "no VM process on the emulated host (sim init "
						     "--vms N)");
			goto out;
		}
		/* the mutation itself failed (lock, writing the generation) */
		if (rc < 0 && rc != -ECANCELED) {
			rc = cli_error(c, cli_status_for_errno(-rc), -rc,
				       err.object[0] ? err.object : c->sim, "%s",
				       err.message[0] ? err.message : strerror(-rc));
			goto out;
		}
	} else {
		if (opt_vm || opt_dry) {
			rc = cli_error(c, EXIT_USAGE, EINVAL, opt_vm ? "--vm" : "--dry-run",
				       "only on an emulated host (--sim DIR)");
			goto out;
		}
		if (target == CLI_TARGET_SNAPSHOT) {
			rc = cli_error(
				c, EXIT_UNSUPPORTED, EROFS, c->sysroot,
				"a snapshot cannot make /dev/ioasid requests (read-only replay); "
				"run on the live host or an emulated host (--sim)");
			goto out;
		}
		rc = cli_open(c);
		if (rc != EXIT_OK)
			goto out;
		rc = ioasid_uapi_open(c->ctx, &t->u);
		if (rc == -ENOENT || rc == -ENODEV || rc == -ENXIO) {
			rc = cli_error(c, EXIT_UNSUPPORTED, -rc, IOASID_DEV_PATH,
				       "not supported by this kernel");
			goto out;
		}
		if (rc < 0) {
			rc = cli_lib_error(c, rc, IOASID_DEV_PATH);
			goto out;
		}
		add(t, "open", true, 0, IOASID_DEV_PATH " (ioctl transport)");
		run_steps(t);
		ioasid_uapi_close(t->u);
		t->u = NULL;
	}
	rc = print_steps(c, t);
	if (rc == EXIT_OK && t->failed) {
		const struct step *s = NULL;

		for (size_t i = 0; i < t->n && !s; i++)
			if (!t->s[i].ok)
				s = &t->s[i];
		pr_err("ioasidctl: %s: selftest failed at step %s: %s",
		       c->sim ? c->sim : IOASID_DEV_PATH, s ? s->request : "?", s ? s->detail : "");
		rc = s && s->err ? cli_status_for_errno(s->err) : EXIT_FAIL;
		if (rc == EXIT_NOTFOUND || rc == EXIT_USAGE)
			rc = EXIT_FAIL;
	}
out:
	free(t);
	return cli_list_end(&cl, rc);
}
