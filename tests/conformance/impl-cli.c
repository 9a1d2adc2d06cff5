// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The conformance interface (impl.h) through the ioasidctl command line on
 * an emulated host: every operation runs the binary named by $IOASIDCTL
 * (fork/exec with an argv, never a shell) with --sim DIR and -J, and reads
 * its JSON result, or the JSON error object whose errno name becomes the
 * negative errno impl.h wants. The CLI decides every rule; this adapter
 * only builds argument vectors, keeps handle tables and reads fields.
 *
 * One instance is one `ioasidctl sim init DIR --bare --cgroup-form F` in a
 * fresh temporary directory (removed by destroy): no capacity installed,
 * no set, only the root cgroup, no process (impl.h's fresh instance).
 *
 * Handles: mm n is VM process 1000 + n (`vm add --pid`); cgroup n is the
 * path "/cN" under its parent's path (`cgroup create`, 0 = "/"); set ids
 * and IOASIDs are the CLI's own. IOASID_IMPL_NO_SET is passed as set 0,
 * which the CLI, like impl.h, never gives to a set.
 *
 * Not offered (IOASID_IMPL_NOT_OFFERED, the suite skips the test): the
 * CLI has no command for ioasid_get, ioasid_put, ioasid_get_if_owned,
 * attaching or detaching an SPID outside a VM's bind, find_by_spid taking
 * a reference, or notifier registration (the emulated host's event log,
 * genl/ioasid/notify, has no reader command yet). A bind or unbind by a
 * process that never opened /dev/ioasid is not offered either: the CLI's
 * bind is that process's device request, which it cannot make (the CLI
 * says EBADF).
 *
 * Errno translations, each the same as impl-model.c's: "no such VM
 * process" (ESRCH) is impl.h's -ENOENT for an unknown mm.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "impl.h"
#include "impl-cli.h"

#define PID_BASE 1000
#define MAX_ARGS 24
/* cg_read: a value the CLI does not report (the root has no ioasids.*
 * files); not a count any rule can expect, so a rule reading it fails */
#define CG_UNKNOWN (UINT64_MAX - 1)

struct ioasid_impl_inst {
	char dir[PATH_MAX];	 /* the temporary directory */
	char host[PATH_MAX + 8]; /* dir/host, the emulated host */
	enum ioasid_impl_cg_form form;
	char **cgs; /* path of cgroup handle i */
	size_t ncgs;
	int next_mm;
};

static const char *ioasidctl(void)
{
	const char *p = getenv("IOASIDCTL");

	return p && *p ? p : NULL;
}

/* the errno of a JSON error object's name ("EINVAL"), 0 if unknown */
static int errno_of(const char *name)
{
	for (int e = 1; name && e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && !strcmp(n, name))
			return e;
	}
	return 0;
}

static void say_cmd(const char *const *argv)
{
	fprintf(stderr, "conf_cli:");
	for (size_t i = 0; argv[i]; i++)
		fprintf(stderr, " %s", argv[i]);
	fprintf(stderr, "\n");
}

/* Run ioasidctl with argv (argv[0] is replaced by $IOASIDCTL); stdout is
 * parsed as JSON into *out. Returns the exit status, or -errno when the
 * program could not be run or its output is no JSON. */
static int spawn(const char **argv, json_object **out)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd[2], status;
	pid_t pid;

	*out = NULL;
	argv[0] = ioasidctl();
	if (!argv[0])
		return -ENOENT;
	if (pipe2(fd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -errno;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		/* the one stderr line the CLI prints with each error is not
		 * needed: the JSON error object says the same */
		if (dup2(fd[1], STDOUT_FILENO) < 0 || null < 0 || dup2(null, STDERR_FILENO) < 0)
			_exit(127);
		unsetenv("IOASIDCTL_SIM");
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	for (;;) {
		ssize_t n;

		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 16384);

			if (!nb)
				break;
			buf = nb;
		}
		n = read(fd[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			free(buf);
			return -errno;
		}
	if (buf) {
		buf[len] = '\0';
		*out = json_tokener_parse(buf);
	}
	free(buf);
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
		json_object_put(*out);
		*out = NULL;
		return -ECHILD;
	}
	return WEXITSTATUS(status);
}

/* One command: 0 with *res = the first object of the result list (owned by
 * *doc), or the negative errno of the CLI's JSON error object. fmt makes
 * the arguments after "--sim DIR", separated by US ('\x1f'; written "\x1f"
 * "next" where the next word starts with a hex digit). */
static int vcli(ioasid_impl_inst *in, const char *list, json_object **doc, json_object **res,
		const char *fmt, va_list ap)
{
	const char *argv[MAX_ARGS + 1];
	char words[1024], *save = NULL;
	json_object *j, *err, *a;
	size_t n = 0;
	int st;

	*doc = *res = NULL;
	vsnprintf(words, sizeof(words), fmt, ap);
	argv[n++] = NULL;
	if (in) {
		argv[n++] = "--sim";
		argv[n++] = in->host;
	}
	for (char *w = strtok_r(words, "\x1f", &save); w && n < MAX_ARGS;
	     w = strtok_r(NULL, "\x1f", &save))
		argv[n++] = w;
	argv[n] = NULL;
	st = spawn(argv, &j);
	if (st < 0) {
		say_cmd(argv);
		fprintf(stderr, "conf_cli: cannot run: %s\n", strerror(-st));
		return -EIO;
	}
	if (st != 0) {
		const char *name = NULL;
		int e;

		if (j && json_object_object_get_ex(j, "error", &err) &&
		    json_object_object_get_ex(err, "errno", &a))
			name = json_object_get_string(a);
		e = errno_of(name);
		json_object_put(j);
		if (!e) {
			say_cmd(argv);
			fprintf(stderr, "conf_cli: exit %d without a JSON error object\n", st);
			return -EIO;
		}
		return -e;
	}
	if (!j || !json_object_object_get_ex(j, list, &a) ||
	    !json_object_is_type(a, json_type_array) || json_object_array_length(a) < 1) {
		if (j && list && !strcmp(list, "ioasids") &&
		    json_object_object_get_ex(j, list, &a)) {
			/* an empty IOASID list is a result */
			*doc = j;
			*res = NULL;
			return 0;
		}
		say_cmd(argv);
		fprintf(stderr, "conf_cli: exit 0 without a \"%s\" list\n", list);
		json_object_put(j);
		return -EIO;
	}
	*doc = j;
	*res = json_object_array_get_idx(a, 0);
	return 0;
}

static int cli(ioasid_impl_inst *in, const char *list, json_object **doc, json_object **res,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int cli(ioasid_impl_inst *in, const char *list, json_object **doc, json_object **res,
	       const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vcli(in, list, doc, res, fmt, ap);
	va_end(ap);
	return rc;
}

/* A mutation whose result only matters as success or errno */
static int run(ioasid_impl_inst *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int run(ioasid_impl_inst *in, const char *fmt, ...)
{
	json_object *d, *r;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vcli(in, "mutation", &d, &r, fmt, ap);
	va_end(ap);
	json_object_put(d);
	return rc;
}

/* field key of o as a number (0 when absent or null: callers check has()) */
static int64_t num(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_int64(v) : 0;
}

static bool has(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v &&
	       !json_object_is_type(v, json_type_null);
}

static const char *str(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : NULL;
}

/* "no such VM process" is impl.h's unknown mm */
static int mm_err(int rc)
{
	return rc == -ESRCH ? -ENOENT : rc;
}

/* ------------------------------------------------------------ instance */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

static void cl_destroy(ioasid_impl_inst *in)
{
	if (!in)
		return;
	if (in->dir[0])
		nftw(in->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	for (size_t i = 0; i < in->ncgs; i++)
		free(in->cgs[i]);
	free(in->cgs);
	free(in);
}

/* Where instances go: $TMPDIR, else /dev/shm, else /tmp. Every mutation
 * publishes a generation with syncfs() and fsync() (crash safety, which
 * this suite does not test): on tmpfs they cost nothing, on a busy disk
 * they make the run several times slower. */
static const char *scratch(void)
{
	const char *t = getenv("TMPDIR");

	if (t && *t)
		return t;
	return access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
}

static int cl_create(ioasid_impl_inst **out, enum ioasid_impl_cg_form form)
{
	const char *tmp = scratch();
	struct ioasid_impl_inst *in;
	json_object *d = NULL, *r;
	int rc;

	*out = NULL;
	if (form != IOASID_IMPL_CG_IOASIDS && form != IOASID_IMPL_CG_MISC)
		return -EINVAL;
	if (!ioasidctl()) {
		fprintf(stderr, "conf_cli: IOASIDCTL is not set\n");
		return -ENOENT;
	}
	in = calloc(1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	in->form = form;
	snprintf(in->dir, sizeof(in->dir), "%s/conf-cli.XXXXXX", tmp);
	if (!mkdtemp(in->dir)) {
		rc = -errno;
		in->dir[0] = '\0';
		cl_destroy(in);
		return rc;
	}
	snprintf(in->host, sizeof(in->host), "%s/host", in->dir);
	in->cgs = calloc(1, sizeof(*in->cgs));
	if (!in->cgs || !(in->cgs[0] = strdup("/"))) {
		cl_destroy(in);
		return -ENOMEM;
	}
	in->ncgs = 1;
	rc = cli(NULL, "sim", &d, &r, "sim\x1finit\x1f-J\x1f%s\x1f--bare\x1f--cgroup-form\x1f%s",
		 in->host, form == IOASID_IMPL_CG_IOASIDS ? "ioasids" : "misc");
	json_object_put(d);
	if (rc) {
		cl_destroy(in);
		return rc;
	}
	*out = in;
	return 0;
}

/* ------------------------------------------------------------ capacity */

static int cl_cap_install(ioasid_impl_inst *in, uint32_t total)
{
	/* a second install is reported unchanged, exit 0 (void in the seed) */
	return run(in, "capacity\x1finstall\x1f-J\x1f%" PRIu32, total);
}

static int cl_cap_reserve(ioasid_impl_inst *in, uint32_t nr, uint32_t *reserved)
{
	json_object *d = NULL, *r;
	int rc = cli(in, "mutation", &d, &r, "capacity\x1freserve\x1f-J\x1f%" PRIu32, nr);

	if (!rc)
		*reserved = (uint32_t)num(r, "count");
	json_object_put(d);
	return rc;
}

static int cl_cap_cancel(ioasid_impl_inst *in, uint32_t nr, uint32_t *available)
{
	json_object *d = NULL, *r;
	int rc = cli(in, "mutation", &d, &r,
		     "capacity\x1f"
		     "cancel\x1f-J\x1f%" PRIu32,
		     nr);

	if (!rc)
		*available = (uint32_t)num(r, "available");
	json_object_put(d);
	return rc;
}

static int cl_cap_query(ioasid_impl_inst *in, uint32_t *total, uint32_t *available)
{
	json_object *d = NULL, *r;
	int rc = cli(in, "capacity", &d, &r, "capacity\x1fshow\x1f-J");

	if (!rc && (!has(r, "total") || !has(r, "available")))
		rc = -EIO;
	if (!rc) {
		*total = (uint32_t)num(r, "total");
		*available = (uint32_t)num(r, "available");
	}
	json_object_put(d);
	return rc;
}

/* ------------------------------------------------------------ cgroups */

static const char *cg_path(ioasid_impl_inst *in, int cg)
{
	return cg >= 0 && (size_t)cg < in->ncgs ? in->cgs[cg] : NULL;
}

static int cl_cg_create(ioasid_impl_inst *in, int parent, int *cg)
{
	const char *pp = cg_path(in, parent);
	char path[256];
	char **v;
	int rc;

	if (!pp)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/c%zu", strcmp(pp, "/") ? pp : "", in->ncgs);
	v = realloc(in->cgs, (in->ncgs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	in->cgs = v;
	rc = run(in,
		 "cgroup\x1f"
		 "create\x1f-J\x1f%s",
		 path);
	if (rc)
		return rc;
	in->cgs[in->ncgs] = strdup(path);
	if (!in->cgs[in->ncgs])
		return -ENOMEM;
	*cg = (int)in->ncgs++;
	return 0;
}

static const char *form_name(const ioasid_impl_inst *in)
{
	return in->form == IOASID_IMPL_CG_IOASIDS ? "ioasids" : "misc";
}

static int cl_cg_set_max(ioasid_impl_inst *in, int cg, uint64_t max)
{
	const char *p = cg_path(in, cg);
	char v[32];

	if (!p)
		return -ENOENT;
	if (max == IOASID_IMPL_CG_MAX)
		snprintf(v, sizeof(v), "max");
	else
		snprintf(v, sizeof(v), "%" PRIu64, max);
	return run(in, "cgroup\x1fset-limit\x1f-J\x1f--form\x1f%s\x1f%s\x1f%s", form_name(in), p,
		   v);
}

static int cl_cg_read(ioasid_impl_inst *in, int cg, struct ioasid_impl_cg_info *info)
{
	const char *p = cg_path(in, cg);
	json_object *d = NULL, *r, *f = NULL, *v;
	bool is_root;
	int rc;

	if (!p)
		return -ENOENT;
	rc = cli(in, "cgroups", &d, &r, "cgroup\x1fshow\x1f-J\x1f%s", p);
	if (rc)
		return rc;
	is_root = json_object_object_get_ex(r, "is_root", &v) && json_object_get_boolean(v);
	if (in->form == IOASID_IMPL_CG_IOASIDS) {
		json_object_object_get_ex(r, "ioasids", &f);
	} else if (json_object_object_get_ex(r, "resources", &v)) {
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			json_object *o = json_object_array_get_idx(v, i);
			const char *name = str(o, "name");

			if (name && !strcmp(name, "ioasid"))
				f = o;
		}
	}
	if (f && json_object_is_type(f, json_type_null))
		f = NULL;
	if (!f && !is_root) {
		fprintf(stderr, "conf_cli: cgroup show %s: no %s values\n", p, form_name(in));
		json_object_put(d);
		return -EIO;
	}
	info->current = f && has(f, "current") ? (uint64_t)num(f, "current") : CG_UNKNOWN;
	info->events = f && has(f, "events") ? (uint64_t)num(f, "events") : CG_UNKNOWN;
	if (f && json_object_object_get_ex(f, "max_is_unlimited", &v) && json_object_get_boolean(v))
		info->max = IOASID_IMPL_CG_MAX;
	else if (f && has(f, "max"))
		info->max = (uint64_t)num(f, "max");
	else if (is_root) /* no limit file at the root: no limit (impl.h cg_set_max) */
		info->max = IOASID_IMPL_CG_MAX;
	else
		info->max = CG_UNKNOWN;
	json_object_put(d);
	return 0;
}

/* ------------------------------------------------------------ processes */

static int cl_mm_create(ioasid_impl_inst *in, int cg, int *mm)
{
	const char *p = cg_path(in, cg);
	int id = in->next_mm + 1, rc;

	if (!p)
		return -ENOENT;
	rc = run(in,
		 "vm\x1f"
		 "add\x1f-J\x1f--pid\x1f%d\x1f--name\x1fvm%d\x1f--cgroup\x1f%s",
		 PID_BASE + id, id, p);
	if (rc)
		return mm_err(rc);
	in->next_mm = id;
	*mm = id;
	return 0;
}

static int cl_mm_exit(ioasid_impl_inst *in, int mm)
{
	if (mm <= 0)
		return -ENOENT;
	return mm_err(run(in, "vm\x1fremove\x1f-J\x1f--pid\x1f%d", PID_BASE + mm));
}

static int cl_mm_move(ioasid_impl_inst *in, int mm, int cg)
{
	const char *p = cg_path(in, cg);

	if (!p || mm <= 0)
		return -ENOENT;
	return mm_err(
		run(in, "vm\x1fmove\x1f-J\x1f--pid\x1f%d\x1f--cgroup\x1f%s", PID_BASE + mm, p));
}

/* ------------------------------------------------------------ sets */

static int cl_set_alloc(ioasid_impl_inst *in, int type, int mm, uint32_t quota, int *set)
{
	json_object *d = NULL, *r;
	char tname[16], vm[32] = "";
	int rc;

	/* every combination goes to the CLI, which refuses the bad ones */
	if (type == IOASID_IMPL_SET_NULL)
		snprintf(tname, sizeof(tname), "null");
	else if (type == IOASID_IMPL_SET_MM)
		snprintf(tname, sizeof(tname), "mm");
	else
		snprintf(tname, sizeof(tname), "%d", type);
	if (mm != IOASID_IMPL_NO_MM)
		snprintf(vm, sizeof(vm), "\x1f--vm\x1f%d", PID_BASE + mm);
	rc = cli(in, "mutation", &d, &r,
		 "set\x1f"
		 "create\x1f-J\x1f--type\x1f%s\x1f--quota\x1f%" PRIu32 "%s",
		 tname, quota, vm);
	if (!rc)
		*set = (int)num(r, "set");
	json_object_put(d);
	return mm_err(rc);
}

static int cl_set_free(ioasid_impl_inst *in, int set)
{
	return run(in,
		   "set\x1f"
		   "destroy\x1f-J\x1f--\x1f%d",
		   set);
}

static int cl_set_adjust(ioasid_impl_inst *in, int set, int quota)
{
	return run(in, "set\x1fquota\x1f-J\x1f--\x1f%d\x1f%d", set, quota);
}

static int cl_set_query(ioasid_impl_inst *in, int set, struct ioasid_impl_set_info *info)
{
	json_object *d = NULL, *r;
	const char *t;
	int rc = cli(in, "sets", &d, &r, "set\x1fshow\x1f-J\x1f--\x1f%d", set);

	if (rc)
		return rc;
	t = str(r, "type");
	if (!t || (strcmp(t, "null") && strcmp(t, "mm"))) {
		json_object_put(d);
		return -EIO;
	}
	info->type = !strcmp(t, "mm") ? IOASID_IMPL_SET_MM : IOASID_IMPL_SET_NULL;
	/* the owner's pid names the mm; none once the owner has exited */
	info->mm = has(r, "owner_pid") ? (int)num(r, "owner_pid") - PID_BASE : IOASID_IMPL_NO_MM;
	info->quota = (uint32_t)num(r, "quota");
	info->nr_ioasids = (uint32_t)num(r, "allocated");
	json_object_put(d);
	return 0;
}

/* ------------------------------------------------------------ IOASIDs */

static int cl_alloc(ioasid_impl_inst *in, int set, ioasid_impl_t min, ioasid_impl_t max,
		    ioasid_impl_t *ioasid)
{
	json_object *d = NULL, *r, *ids;
	int rc = cli(in, "mutation", &d, &r,
		     "alloc\x1f-J\x1f--set\x1f%d\x1f--min\x1f%" PRIu32 "\x1f--max\x1f%" PRIu32, set,
		     min, max);

	if (!rc) {
		if (json_object_object_get_ex(r, "ioasids", &ids) &&
		    json_object_array_length(ids) == 1)
			*ioasid = (ioasid_impl_t)json_object_get_int64(
				json_object_array_get_idx(ids, 0));
		else
			rc = -EIO;
	}
	json_object_put(d);
	return rc;
}

static int cl_free(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid)
{
	return run(in, "free\x1f-J\x1f--set\x1f%d\x1f%" PRIu32, set, ioasid);
}

/* the `list` row of one IOASID: 0 and *row (owned by *doc), or -ENOENT */
static int list_row(ioasid_impl_inst *in, ioasid_impl_t ioasid, json_object **doc,
		    json_object **row)
{
	json_object *d = NULL, *r, *a;
	int rc = cli(in, "ioasids", &d, &r, "list\x1f-J\x1f-o\x1fioasid,set,state,refs,spid");

	if (rc)
		return rc;
	json_object_object_get_ex(d, "ioasids", &a);
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *o = json_object_array_get_idx(a, i);

		if (has(o, "ioasid") && (ioasid_impl_t)num(o, "ioasid") == ioasid) {
			*doc = d;
			*row = o;
			return 0;
		}
	}
	json_object_put(d);
	return -ENOENT;
}

static int cl_ioasid_query(ioasid_impl_inst *in, ioasid_impl_t ioasid,
			   struct ioasid_impl_ioasid_info *info)
{
	json_object *d = NULL, *r;
	const char *st;
	int rc = list_row(in, ioasid, &d, &r);

	if (rc)
		return rc;
	st = str(r, "state");
	if (!st) {
		json_object_put(d);
		return -EIO;
	}
	info->set = (int)num(r, "set");
	info->state = !strcmp(st, "idle")     ? IOASID_IMPL_IDLE
		      : !strcmp(st, "active") ? IOASID_IMPL_ACTIVE
					      : IOASID_IMPL_FREE_PENDING;
	info->refs = (uint32_t)num(r, "refs");
	info->spid = has(r, "spid") ? (ioasid_impl_t)num(r, "spid") : IOASID_IMPL_INVALID;
	json_object_put(d);
	return 0;
}

/* ------------------------------------------------------------ SPIDs */

static int cl_find_by_spid(ioasid_impl_inst *in, int set, ioasid_impl_t spid, int get,
			   ioasid_impl_t *ioasid)
{
	json_object *d = NULL, *r;
	int rc;

	if (get) /* `spid find` only looks: no command takes the reference */
		return IOASID_IMPL_NOT_OFFERED;
	rc = cli(in, "bindings", &d, &r,
		 "spid\x1f"
		 "find\x1f-J\x1f--set\x1f%d\x1f%" PRIu32,
		 set, spid);
	if (!rc)
		*ioasid = (ioasid_impl_t)num(r, "ioasid");
	json_object_put(d);
	return rc;
}

static int cl_find_spid(ioasid_impl_inst *in, ioasid_impl_t ioasid, ioasid_impl_t *spid)
{
	json_object *d = NULL, *r;
	int rc = list_row(in, ioasid, &d, &r);

	if (rc)
		return rc;
	if (has(r, "spid"))
		*spid = (ioasid_impl_t)num(r, "spid");
	else
		rc = -ENOENT;
	json_object_put(d);
	return rc;
}

/* The CLI's bind/unbind are the VM's /dev/ioasid requests: a process that
 * never opened the device has no way to make one (EBADF). */
static int device_req(int rc, const char *op, int mm)
{
	if (rc == -EBADF) {
		fprintf(stderr,
			"conf_cli: %s as vm %d: it never opened /dev/ioasid, so it cannot make "
			"the request (EBADF)\n",
			op, PID_BASE + mm);
		return IOASID_IMPL_NOT_OFFERED;
	}
	return mm_err(rc);
}

static int cl_bind(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid, ioasid_impl_t spid)
{
	return device_req(run(in, "bind\x1f-J\x1f--vm\x1f%d\x1f--spid\x1f%" PRIu32 "\x1f%" PRIu32,
			      PID_BASE + caller_mm, spid, ioasid),
			  "bind", caller_mm);
}

static int cl_unbind(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid)
{
	return device_req(
		run(in, "unbind\x1f-J\x1f--vm\x1f%d\x1f%" PRIu32, PID_BASE + caller_mm, ioasid),
		"unbind", caller_mm);
}

/* ------------------------------------------------- not offered by the CLI */

static int no_get(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid)
{
	(void)in, (void)set, (void)ioasid;
	return IOASID_IMPL_NOT_OFFERED;
}

static int no_put(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid, int *freed)
{
	(void)in, (void)set, (void)ioasid, (void)freed;
	return IOASID_IMPL_NOT_OFFERED;
}

static int no_get_if_owned(ioasid_impl_inst *in, int mm, ioasid_impl_t ioasid)
{
	(void)in, (void)mm, (void)ioasid;
	return IOASID_IMPL_NOT_OFFERED;
}

static int no_attach(ioasid_impl_inst *in, ioasid_impl_t ioasid, ioasid_impl_t spid)
{
	(void)in, (void)ioasid, (void)spid;
	return IOASID_IMPL_NOT_OFFERED;
}

static int no_detach(ioasid_impl_inst *in, ioasid_impl_t ioasid)
{
	(void)in, (void)ioasid;
	return IOASID_IMPL_NOT_OFFERED;
}

static int no_nb_register(ioasid_impl_inst *in, int scope, int target, int *nb)
{
	(void)in, (void)scope, (void)target, (void)nb;
	return IOASID_IMPL_NOT_OFFERED;
}

static int no_nb_unregister(ioasid_impl_inst *in, int nb)
{
	(void)in, (void)nb;
	return IOASID_IMPL_NOT_OFFERED;
}

static int no_events(ioasid_impl_inst *in, int nb, struct ioasid_impl_event *ev, size_t max,
		     size_t *n)
{
	(void)in, (void)nb, (void)ev, (void)max, (void)n;
	return IOASID_IMPL_NOT_OFFERED;
}

const struct ioasid_impl ioasid_impl_cli = {
	.name = "cli",
	.create = cl_create,
	.destroy = cl_destroy,
	.capacity_install = cl_cap_install,
	.capacity_reserve = cl_cap_reserve,
	.capacity_cancel = cl_cap_cancel,
	.capacity_query = cl_cap_query,
	.mm_create = cl_mm_create,
	.mm_exit = cl_mm_exit,
	.mm_move = cl_mm_move,
	.cg_create = cl_cg_create,
	.cg_set_max = cl_cg_set_max,
	.cg_read = cl_cg_read,
	.set_alloc = cl_set_alloc,
	.set_free = cl_set_free,
	.set_adjust = cl_set_adjust,
	.set_query = cl_set_query,
	.alloc = cl_alloc,
	.free = cl_free,
	.get = no_get,
	.put = no_put,
	.get_if_owned = no_get_if_owned,
	.ioasid_query = cl_ioasid_query,
	.attach_spid = no_attach,
	.detach_spid = no_detach,
	.find_by_spid = cl_find_by_spid,
	.find_spid = cl_find_spid,
	.bind = cl_bind,
	.unbind = cl_unbind,
	.nb_register = no_nb_register,
	.nb_unregister = no_nb_unregister,
	.events_read = no_events,
	.may_not_offer = 1,
};
