// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup v2: where the unified hierarchy is mounted (/proc/self/mountinfo),
 * its tree, the cgroup of a process (/proc/PID/cgroup) or of a systemd
 * unit, and a cgroup's controllers. The misc files are in cgroup-misc.c.
 * Every access goes through the path layer, so --sysroot replays a
 * captured host: its mountinfo names the mountpoint, which is then read
 * under the same root prefix.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "core/internal.h"
#include "core/pathnames.h"

#define CG_FILE_MAX (64u << 10)
#define MOUNTINFO_MAX (4u << 20)
#define UNIT_MATCHES_MAX 64

int ioasid_unescape_octal(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		int c;

		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		/* mangle_path() writes '\\' then three octal digits of a byte
		 * (the first 0-3); every backslash in a name is escaped, so a
		 * bare one means the line is damaged */
		if (r[1] < '0' || r[1] > '3' || r[2] < '0' || r[2] > '7' || r[3] < '0' ||
		    r[3] > '7')
			return -EINVAL;
		c = (r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0');
		if (c == 0)
			return -EINVAL;
		*w++ = (char)c;
		r += 4;
	}
	*w = '\0';
	return 0;
}

/* The next space-separated field of *p (empty when two spaces meet). */
static char *field(char **p)
{
	char *s = *p, *sp;

	if (!s)
		return NULL;
	sp = strchr(s, ' ');
	if (sp) {
		*sp = '\0';
		*p = sp + 1;
	} else {
		*p = NULL;
	}
	return s;
}

static int parse_ulong(const char *s, unsigned long *v)
{
	uint64_t x;

	if (!isdigit((unsigned char)*s) || ioasid_parse_u64(s, 10, &x) < 0 || x > ULONG_MAX)
		return -EINVAL;
	*v = (unsigned long)x;
	return 0;
}

/*
 * fs/proc_namespace.c show_mountinfo():
 *   "%i %i %u:%u " mnt_id, parent id, major:minor
 *   root (show_path(): for cgroup2 cgroup_show_path(), seq_escape " \t\n\\")
 *   ' ' mountpoint (seq_path_root() -> mangle_path() " \t\n\\" as \ooo)
 *   " rw"|" ro" + ",opt..."   then zero or more " tag[:N]" optional fields
 *   " - " fstype (mangled) ' ' source (mangled) " rw"|" ro" + super options
 */
int ioasid_parse_mountinfo_line(char *line, struct ioasid_mountinfo *e)
{
	char *p = line, *ids, *majmin, *colon, *tok;
	unsigned long maj, min;

	memset(e, 0, sizeof(*e));
	ids = field(&p);
	if (!ids || parse_ulong(ids, &e->mnt_id) < 0)
		return -EINVAL;
	ids = field(&p);
	if (!ids || parse_ulong(ids, &e->parent_id) < 0)
		return -EINVAL;
	majmin = field(&p);
	if (!majmin || !(colon = strchr(majmin, ':')))
		return -EINVAL;
	*colon = '\0';
	if (parse_ulong(majmin, &maj) < 0 || parse_ulong(colon + 1, &min) < 0 || maj > UINT_MAX ||
	    min > UINT_MAX)
		return -EINVAL;
	e->major = (unsigned)maj;
	e->minor = (unsigned)min;
	e->root = field(&p);
	e->mountpoint = field(&p);
	e->mnt_opts = field(&p);
	if (!e->root || !e->mountpoint || !e->mnt_opts || !*e->root || !*e->mountpoint ||
	    !*e->mnt_opts)
		return -EINVAL;
	/* optional fields up to the lone "-" */
	for (;;) {
		tok = field(&p);
		if (!tok || !*tok)
			return -EINVAL;
		if (!strcmp(tok, "-"))
			break;
	}
	e->fstype = field(&p);
	e->source = field(&p); /* may be empty: mangle("") */
	e->super_opts = p;
	if (!e->fstype || !*e->fstype || !e->source || !e->super_opts || !*e->super_opts)
		return -EINVAL;
	if (ioasid_unescape_octal(e->root) < 0 || ioasid_unescape_octal(e->mountpoint) < 0 ||
	    ioasid_unescape_octal(e->fstype) < 0 || ioasid_unescape_octal(e->source) < 0)
		return -EINVAL;
	if (e->root[0] != '/' || e->mountpoint[0] != '/')
		return -EINVAL;
	return 0;
}

static void take_v2(struct ioasid_cgroup_scan *s, const struct ioasid_mountinfo *e)
{
	static const char canonical[] = PATH_SYS_FS_CGROUP;
	bool have_canonical = s->found && !strcmp(s->v2.mountpoint, canonical);

	s->nv2++;
	/* the systemd place wins over others; a later mount on the same
	 * mountpoint hides the earlier one (mountinfo lists in mount order) */
	if (s->found && strcmp(e->mountpoint, s->v2.mountpoint) &&
	    (have_canonical || strcmp(e->mountpoint, canonical)))
		return;
	snprintf(s->v2.mountpoint, sizeof(s->v2.mountpoint), "%s", e->mountpoint);
	snprintf(s->v2.root, sizeof(s->v2.root), "%s", e->root);
	s->found = true;
}

int ioasid_cgroup_scan_mountinfo(const char *text, size_t len, struct ioasid_cgroup_scan *s)
{
	char *copy = malloc(len + 1), *p;

	memset(s, 0, sizeof(*s));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';
	p = copy;
	while (p < copy + len) {
		char *eol = memchr(p, '\n', (size_t)(copy + len - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(copy + len - p);
		struct ioasid_mountinfo e;

		p[n] = '\0';
		if (n == 0) {
			p += 1;
			continue;
		}
		if (strlen(p) != n || ioasid_parse_mountinfo_line(p, &e) < 0 ||
		    strlen(e.root) >= IOASID_CGROUP_PATH_MAX ||
		    strlen(e.mountpoint) >= IOASID_CGROUP_PATH_MAX) {
			s->bad++; /* a NUL inside the line, or not the format */
		} else if (!strcmp(e.fstype, "cgroup2")) {
			take_v2(s, &e);
		} else if (!strcmp(e.fstype, "cgroup")) {
			if (s->nv1++ == 0)
				snprintf(s->v1_example, sizeof(s->v1_example), "%s", e.mountpoint);
		}
		p += n + 1;
	}
	free(copy);
	return 0;
}

IOASID_EXPORT int ioasid_cgroup_mount_find(struct ioasid_ctx *ctx, struct ioasid_cgroup_mount *m)
{
	static const char mi[] = PATH_PROC_MOUNTINFO;
	struct ioasid_cgroup_scan *s;
	size_t len;
	char *text;
	int rc;

	memset(m, 0, sizeof(*m));
	rc = iopath_read_all(ctx, &text, &len, MOUNTINFO_MAX, "%s", mi);
	if (rc < 0)
		return ioasid_set_error(ctx, rc, mi, "cannot read: %s", strerror(-rc));
	s = malloc(sizeof(*s));
	if (!s) {
		free(text);
		return -ENOMEM;
	}
	rc = ioasid_cgroup_scan_mountinfo(text, len, s);
	free(text);
	if (rc < 0)
		goto out;
	if (s->nv1 && s->found)
		rc = ioasid_set_error(ctx, EOPNOTSUPP, mi,
				      "hybrid cgroup layout: cgroup v1 hierarchies (%s) beside "
				      "cgroup2 at %s; the misc controller is read on a unified "
				      "cgroup v2 hierarchy only (boot with "
				      "systemd.unified_cgroup_hierarchy=1)",
				      s->v1_example, s->v2.mountpoint);
	else if (s->nv1)
		rc = ioasid_set_error(ctx, EOPNOTSUPP, mi,
				      "cgroup v1 only (%s), no cgroup2 mount; the misc controller "
				      "is read on a unified cgroup v2 hierarchy only",
				      s->v1_example);
	else if (!s->found)
		rc = ioasid_set_error(ctx, EOPNOTSUPP, mi, "no cgroup2 filesystem mounted%s",
				      s->bad ? " (and some lines were malformed)" : "");
	else
		*m = s->v2;
out:
	free(s);
	return rc;
}

IOASID_EXPORT int ioasid_cgroup_host_path(const struct ioasid_cgroup_mount *m, const char *rel,
					  char *buf, size_t len)
{
	const char *mp = strcmp(m->mountpoint, "/") ? m->mountpoint : "";
	int n;

	if (!strcmp(rel, "/"))
		n = snprintf(buf, len, "%s", m->mountpoint);
	else
		n = snprintf(buf, len, "%s%s", mp, rel);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ioasid_cgroup_read(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel,
		       const char *file, char **text, size_t *len)
{
	char host[PATH_MAX];
	int rc = ioasid_cgroup_host_path(m, rel, host, sizeof(host));

	*text = NULL;
	if (rc < 0)
		return rc;
	return iopath_read_all(ctx, text, len, CG_FILE_MAX, "%s/%s", host, file);
}

/* "/a//b/./c/" -> "/a/b/c"; -EINVAL on "..". */
static int normalise(const char *in, char *out, size_t len)
{
	size_t o = 0;

	if (len < 2)
		return -ENAMETOOLONG;
	while (*in) {
		size_t n;

		while (*in == '/')
			in++;
		n = strcspn(in, "/");
		if (n == 0)
			break;
		if (n == 2 && !strncmp(in, "..", 2))
			return -EINVAL;
		if (!(n == 1 && in[0] == '.')) {
			if (o + 1 + n >= len)
				return -ENAMETOOLONG;
			out[o++] = '/';
			memcpy(out + o, in, n);
			o += n;
		}
		in += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}

/* 0 if rel is a cgroup directory (it has cgroup.controllers). */
static int is_cgroup(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel)
{
	char host[PATH_MAX];
	int rc = ioasid_cgroup_host_path(m, rel, host, sizeof(host));

	if (rc < 0)
		return rc;
	return iopath_access(ctx, "%s/cgroup.controllers", host);
}

IOASID_EXPORT int ioasid_cgroup_resolve(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
					const char *arg, char *out, size_t len)
{
	size_t ml = strlen(m->mountpoint);
	char host[PATH_MAX];
	int rc;

	/* a host path under the mountpoint, else relative to the mount */
	if (strcmp(m->mountpoint, "/") && !strncmp(arg, m->mountpoint, ml) &&
	    (arg[ml] == '/' || arg[ml] == '\0'))
		arg += ml;
	rc = normalise(arg, out, len);
	if (rc == -EINVAL)
		return ioasid_set_error(ctx, rc, arg, "a cgroup path may not contain \"..\"");
	if (rc < 0)
		return ioasid_set_error(ctx, rc, arg, "cgroup path too long");
	rc = is_cgroup(ctx, m, out);
	if (ioasid_cgroup_host_path(m, out, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", out);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return ioasid_set_error(ctx, -ENOENT, host, "no such cgroup under %s",
					m->mountpoint);
	if (rc < 0)
		return ioasid_set_error(ctx, rc, host, "cannot read: %s", strerror(-rc));
	return 0;
}

/*
 * kernel/cgroup/cgroup.c proc_cgroup_show(), one line per hierarchy:
 *   "%d:" hierarchy id, then for v1 the controller names joined by ','
 *   and ",name=%s"; ':' then the path (cgroup_path_ns_locked(), NOT
 *   escaped) and, on the default hierarchy, " (deleted)" when the cgroup
 *   was removed. The unified hierarchy's line is "0::PATH".
 */
int ioasid_parse_proc_cgroup(const char *text, size_t len, char *path, size_t plen, bool *deleted,
			     unsigned *nv1)
{
	static const char del[] = " (deleted)";
	const char *p = text, *end = text + len;
	int found = -ENOENT;

	*deleted = false;
	*nv1 = 0;
	if (plen)
		path[0] = '\0';
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		const char *c1 = memchr(p, ':', n), *c2;

		if (memchr(p, '\0', n) || !c1 || c1 == p)
			goto next;
		c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - p));
		if (!c2)
			goto next;
		if (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1) {
			const char *s = c2 + 1;
			size_t sl = n - (size_t)(s - p);

			if (found == 0)
				goto next; /* one unified hierarchy: keep the first */
			if (sl == 0 || s[0] != '/')
				return -EINVAL;
			if (sl >= sizeof(del) &&
			    !memcmp(s + sl - (sizeof(del) - 1), del, sizeof(del) - 1)) {
				*deleted = true;
				sl -= sizeof(del) - 1;
			}
			if (sl >= plen)
				return -ENAMETOOLONG;
			memcpy(path, s, sl);
			path[sl] = '\0';
			found = 0;
		} else {
			(*nv1)++;
		}
	next:
		p += n + 1;
	}
	return found;
}

/* PATH (in the reader's cgroup namespace) -> relative to the mount, whose
 * root is in the same terms (cgroup_show_path()). */
static int under_mount(const struct ioasid_cgroup_mount *m, const char *path, char *out, size_t len)
{
	size_t rl = strlen(m->root);
	char norm[PATH_MAX];

	if (normalise(path, norm, sizeof(norm)) < 0)
		return -ENOENT; /* "/.." : outside this cgroup namespace */
	if (!strcmp(m->root, "/")) {
		path = norm;
	} else if (!strncmp(norm, m->root, rl) && (norm[rl] == '/' || norm[rl] == '\0')) {
		path = norm[rl] ? norm + rl : "/";
	} else {
		return -ENOENT;
	}
	if (strlen(path) >= len)
		return -ENAMETOOLONG;
	strcpy(out, path);
	return 0;
}

IOASID_EXPORT int ioasid_cgroup_of_pid(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
				       long pid, char *out, size_t len)
{
	char obj[32], path[PATH_MAX];
	bool deleted;
	unsigned nv1;
	size_t tl;
	char *text;
	int rc;

	snprintf(obj, sizeof(obj), "pid %ld", pid);
	/* PID_MAX_LIMIT is 4M (include/linux/threads.h) */
	if (pid <= 0 || pid > 4 * 1024 * 1024)
		return ioasid_set_error(ctx, EINVAL, obj, "not a process ID");
	rc = iopath_read_all(ctx, &text, &tl, CG_FILE_MAX, PATH_PROC_PID_CGROUP, pid);
	if (rc == -ENOENT)
		return ioasid_set_error(ctx, rc, obj, "no such process");
	if (rc < 0)
		return ioasid_set_error(ctx, rc, obj, "cannot read " PATH_PROC_PID_CGROUP ": %s",
					pid, strerror(-rc));
	rc = ioasid_parse_proc_cgroup(text, tl, path, sizeof(path), &deleted, &nv1);
	free(text);
	if (rc == -ENOENT)
		return ioasid_set_error(ctx, EOPNOTSUPP, obj,
					"%s in " PATH_PROC_PID_CGROUP
					": no cgroup v2 (\"0::\") line",
					nv1 ? "only cgroup v1 hierarchies" : "nothing", pid);
	if (rc < 0)
		return ioasid_set_error(ctx, rc == -ENAMETOOLONG ? rc : -EINVAL, obj,
					"malformed " PATH_PROC_PID_CGROUP, pid);
	if (deleted)
		return ioasid_set_error(ctx, ENOENT, obj,
					"its cgroup %s was removed (the process is exiting)", path);
	rc = under_mount(m, path, out, len);
	if (rc < 0)
		return ioasid_set_error(ctx, rc, obj,
					"its cgroup %s is not under the cgroup2 mount %s (root %s)",
					path, m->mountpoint, m->root);
	rc = is_cgroup(ctx, m, out);
	if (rc < 0)
		return ioasid_set_error(ctx, rc == -ENOTDIR ? -ENOENT : rc, obj,
					"its cgroup %s is not in %s: %s", out, m->mountpoint,
					strerror(-rc));
	return 0;
}

/* A child's relative path: "/" + name or rel + "/" + name. */
static int child_rel(const char *rel, const char *name, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", strcmp(rel, "/") ? rel : "", name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static bool is_dir_nolink(struct ioasid_ctx *ctx, const char *host, const char *name)
{
	/* cgroupfs holds directories and files only: a link is not a cgroup */
	return iopath_lstat_is_dir(ctx, "%s/%s", host, name) == 1;
}

static int walk_rec(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel,
		    unsigned depth, ioasid_cgroup_walk_fn fn, void *arg)
{
	char host[PATH_MAX];
	char **names;
	size_t n;
	int rc;

	rc = fn(ctx, rel, depth, arg);
	if (rc <= 0 || depth >= IOASID_CGROUP_MAX_DEPTH)
		return rc < 0 ? rc : 0;
	if (ioasid_cgroup_host_path(m, rel, host, sizeof(host)) < 0)
		return 0;
	rc = iopath_list(ctx, &names, &n, "%s", host);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		return 0; /* unreadable: its children stay unknown */
	for (size_t i = 0; i < n && rc >= 0; i++) {
		char crel[PATH_MAX];

		if (!is_dir_nolink(ctx, host, names[i]) ||
		    child_rel(rel, names[i], crel, sizeof(crel)) < 0)
			continue;
		rc = walk_rec(ctx, m, crel, depth + 1, fn, arg);
	}
	iopath_names_free(names, n);
	return rc < 0 ? rc : 0;
}

int ioasid_cgroup_walk(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel,
		       ioasid_cgroup_walk_fn fn, void *arg)
{
	return walk_rec(ctx, m, rel, 0, fn, arg);
}

struct unit_search {
	const char *unit;
	char **paths;
	size_t n;
};

static int unit_visit(struct ioasid_ctx *ctx, const char *rel, unsigned depth, void *arg)
{
	struct unit_search *u = arg;
	const char *base = strrchr(rel, '/');
	char **nv;

	(void)ctx;
	if (depth == 0 || !base || strcmp(base + 1, u->unit) || u->n >= UNIT_MATCHES_MAX)
		return 1;
	nv = realloc(u->paths, (u->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	u->paths = nv;
	u->paths[u->n] = strdup(rel);
	if (!u->paths[u->n])
		return -ENOMEM;
	u->n++;
	return 1;
}

IOASID_EXPORT int ioasid_cgroup_find_unit(struct ioasid_ctx *ctx,
					  const struct ioasid_cgroup_mount *m, const char *unit,
					  char ***paths, size_t *n)
{
	struct unit_search u = {.unit = unit};
	int rc;

	*paths = NULL;
	*n = 0;
	/* systemd unit names are at most 255 bytes (UNIT_NAME_MAX) */
	if (!*unit || strchr(unit, '/') || !strcmp(unit, ".") || !strcmp(unit, "..") ||
	    strlen(unit) > 255)
		return ioasid_set_error(ctx, EINVAL, unit, "not a unit name");
	rc = ioasid_cgroup_walk(ctx, m, "/", unit_visit, &u);
	if (rc < 0) {
		ioasid_cgroup_paths_free(u.paths, u.n);
		return ioasid_set_error(ctx, rc, unit, "searching %s: %s", m->mountpoint,
					strerror(-rc));
	}
	*paths = u.paths;
	*n = u.n;
	return 0;
}

IOASID_EXPORT void ioasid_cgroup_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/* kernel/cgroup/cgroup.c cgroup_print_ss_mask(): ss->name joined by ' ',
 * then '\n' when any was printed (cgroup.controllers,
 * cgroup.subtree_control). */
int ioasid_parse_controllers(const char *text, size_t len, const char *name)
{
	size_t nl = strlen(name);
	int found = 0;
	const char *p = text, *end;

	if (len == 0)
		return 0;
	if (text[len - 1] != '\n' || memchr(text, '\0', len))
		return -EINVAL;
	end = text + len - 1;
	while (p < end) {
		const char *q = p;

		while (q < end &&
		       (islower((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '_'))
			q++;
		if (q == p || (q < end && *q != ' ') || (q + 1 == end && *q == ' '))
			return -EINVAL;
		if ((size_t)(q - p) == nl && !memcmp(p, name, nl))
			found = 1;
		p = q < end ? q + 1 : q;
	}
	return found;
}

static int read_has(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m, const char *rel,
		    const char *file, const char *controller)
{
	char host[PATH_MAX];
	size_t len;
	char *text;
	int rc;

	rc = ioasid_cgroup_read(ctx, m, rel, file, &text, &len);
	if (rc < 0)
		goto err;
	rc = ioasid_parse_controllers(text, len, controller);
	free(text);
	if (rc >= 0)
		return rc;
err:
	if (ioasid_cgroup_host_path(m, rel, host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "%s", rel);
	return ioasid_set_error(ctx, rc, host, "%s %s: %s",
				rc == -EINVAL ? "malformed" : "cannot read", file, strerror(-rc));
}

IOASID_EXPORT int ioasid_cgroup_has_controller(struct ioasid_ctx *ctx,
					       const struct ioasid_cgroup_mount *m, const char *rel,
					       const char *controller)
{
	return read_has(ctx, m, rel, "cgroup.controllers", controller);
}

static bool is_threaded(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			const char *rel)
{
	char host[PATH_MAX], type[32];

	/* cgroup.c cgroup_type_show(): "threaded", "domain threaded",
	 * "domain invalid" or "domain" */
	return ioasid_cgroup_host_path(m, rel, host, sizeof(host)) == 0 &&
	       iopath_read_line(ctx, type, sizeof(type), "%s/cgroup.type", host) == 0 &&
	       !strcmp(type, "threaded");
}

static int push_missing(struct ioasid_misc_why *why, const char *rel, size_t n)
{
	char **nv = realloc(why->missing, (why->nmissing + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	why->missing = nv;
	why->missing[why->nmissing] = strndup(rel, n);
	if (!why->missing[why->nmissing])
		return -ENOMEM;
	why->nmissing++;
	return 0;
}

IOASID_EXPORT int ioasid_misc_enabled(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
				      const char *rel, struct ioasid_misc_why *why)
{
	const char *slash;
	int rc;

	memset(why, 0, sizeof(*why));
	rc = ioasid_cgroup_has_controller(ctx, m, rel, "misc");
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0;
	if (!strcmp(rel, "/")) {
		/* the top: its controllers are the hierarchy's when it is the
		 * root (cgroup.c cgroup_control()) */
		why->state =
			strcmp(m->root, "/") ? IOASID_MISC_NOT_ENABLED : IOASID_MISC_NO_CONTROLLER;
		return 0;
	}
	slash = strrchr(rel, '/');
	snprintf(why->parent, sizeof(why->parent), "%.*s", slash == rel ? 1 : (int)(slash - rel),
		 rel);
	/* does the hierarchy have misc at all? */
	rc = ioasid_cgroup_has_controller(ctx, m, "/", "misc");
	if (rc < 0)
		return rc;
	if (rc == 0 && !strcmp(m->root, "/")) {
		why->state = IOASID_MISC_NO_CONTROLLER;
		return 0;
	}
	why->state = IOASID_MISC_NOT_ENABLED;
	/* every ancestor, top-down, whose subtree_control lacks misc */
	for (const char *p = rel;;) {
		size_t n = (size_t)(p - rel);
		char anc[PATH_MAX];

		if (n == 0)
			snprintf(anc, sizeof(anc), "/");
		else
			snprintf(anc, sizeof(anc), "%.*s", (int)n, rel);
		rc = read_has(ctx, m, anc, "cgroup.subtree_control", "misc");
		if (rc < 0)
			goto fail;
		if (rc == 0 && (rc = push_missing(why, anc, strlen(anc))) < 0)
			goto fail;
		p = strchr(p + 1, '/');
		if (!p)
			break;
	}
	if (why->nmissing == 0 && is_threaded(ctx, m, rel))
		why->state = IOASID_MISC_THREADED;
	return 0;
fail:
	ioasid_misc_why_free(why);
	return rc;
}

IOASID_EXPORT void ioasid_misc_why_free(struct ioasid_misc_why *why)
{
	ioasid_cgroup_paths_free(why->missing, why->nmissing);
	why->missing = NULL;
	why->nmissing = 0;
}
