// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup limit events: the counters of ioasids.events ("max %lld\n",
 * ioasid-abi(7) CGROUP V2, parsed by cgroup-ioasids.c) and misc.events
 * ("%s.max %llu\n" per resource, kernel/cgroup/misc.c
 * __misc_events_show(), parsed by cgroup-misc.c). cgroupfs notifies a
 * change of these files with IN_MODIFY (kernel/cgroup/cgroup.c
 * cgroup_file_notify() -> kernfs_notify(); fs/kernfs/file.c
 * kernfs_notify_workfn() notifies only when the file's inode is in the
 * inode cache, which a watch on the file itself guarantees): a watch on
 * each events file, and one on each cgroup directory for the cgroups
 * created later. Each counter's
 * last value is kept, so an event says old and new, and an overflowed
 * inotify queue loses nothing: every file is read again.
 *
 * On an emulated host the cgroup tree is part of each generation: the
 * counters of every new generation are compared with the last.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "events/events.h"

struct counter {
	char *rel;
	char file[16]; /* "misc.events", "ioasids.events" */
	char name[40]; /* "ioasid.max", "ioasids.max" */
	uint64_t v;
};

struct watch {
	int wd;
	int file; /* -1 the cgroup's directory, else the index in files[] */
	char *rel;
};

struct cg_src {
	struct ioasid_ctx *ctx; /* live/snapshot; NULL on an emulated host */
	char *sim_dir;
	struct ioasid_cgroup_mount m;
	struct counter *c;
	size_t nc;
	struct watch *w;
	size_t nw;
	bool baseline; /* the first scan: remember, report nothing */
	ioasid_event_cb cb;
	void *arg;
	int count;
	bool stop;
	int ifd; /* the source's inotify descriptor */
	struct ioasid_event ev;
};

static const char *const files[] = {"ioasids.events", "misc.events"};

static struct counter *counter_get(struct cg_src *g, const char *rel, const char *file,
				   const char *name, bool *fresh)
{
	struct counter *nc;

	*fresh = false;
	for (size_t i = 0; i < g->nc; i++)
		if (!strcmp(g->c[i].name, name) && !strcmp(g->c[i].file, file) &&
		    !strcmp(g->c[i].rel, rel))
			return &g->c[i];
	nc = realloc(g->c, (g->nc + 1) * sizeof(*nc));
	if (!nc)
		return NULL;
	g->c = nc;
	nc = &g->c[g->nc];
	memset(nc, 0, sizeof(*nc));
	nc->rel = strdup(rel);
	if (!nc->rel)
		return NULL;
	g->nc++;
	snprintf(nc->file, sizeof(nc->file), "%s", file);
	snprintf(nc->name, sizeof(nc->name), "%s", name);
	*fresh = true;
	return nc;
}

static void update(struct cg_src *g, const char *rel, const char *file, const char *name,
		   uint64_t v)
{
	bool fresh;
	struct counter *c = counter_get(g, rel, file, name, &fresh);
	uint64_t old;

	if (!c)
		return;
	old = c->v;
	c->v = v;
	/* a cgroup that appears later starts from 0, as the kernel's does */
	if (g->baseline || g->stop || old == v)
		return;
	ev_init(&g->ev, IOASID_EVENT_CGROUP);
	snprintf(g->ev.object, sizeof(g->ev.object), "%s", rel);
	snprintf(g->ev.action, sizeof(g->ev.action), "%s", name);
	ev_field(&g->ev, "file", "%s", file);
	ev_field(&g->ev, "old", "%llu", (unsigned long long)old);
	ev_field(&g->ev, "new", "%llu", (unsigned long long)v);
	g->count++;
	if (g->cb(&g->ev, g->arg))
		g->stop = true;
}

/* Read one events file of a cgroup and report its changed counters. */
static void scan_file(struct cg_src *g, struct ioasid_ctx *ctx, const char *rel, int which)
{
	char *text = NULL;
	size_t len = 0;

	if (ioasid_cgroup_read(ctx, &g->m, rel, files[which], &text, &len) < 0)
		return;
	if (which == 0) {
		struct ioasid_val v = {0};
		bool unl;

		if (ioasid_ioasids_parse(IOASID_IOASIDS_EVENTS, text, len, &v, &unl) == 0)
			update(g, rel, files[0], "ioasids.max", v.v);
	} else {
		struct ioasid_misc_cgroup cg = {0};

		if (ioasid_misc_parse(&cg, IOASID_MISC_EVENTS, text, len) >= 0)
			for (size_t i = 0; i < cg.nres; i++) {
				char name[40];

				if (cg.res[i].v[IOASID_MISC_EVENTS].err)
					continue;
				snprintf(name, sizeof(name), "%s.max", cg.res[i].name);
				update(g, rel, files[1], name, cg.res[i].v[IOASID_MISC_EVENTS].v);
			}
		ioasid_misc_cgroup_free(&cg);
	}
	free(text);
}

static bool watched(const struct cg_src *g, const char *rel, int file)
{
	for (size_t i = 0; i < g->nw; i++)
		if (g->w[i].file == file && !strcmp(g->w[i].rel, rel))
			return true;
	return false;
}

/* Watch a cgroup's directory (file -1) or one of its events files. */
static int add_watch(struct cg_src *g, struct ioasid_ctx *ctx, const char *rel, int file)
{
	char host[PATH_MAX], abs[PATH_MAX];
	struct watch *nw;
	int wd;

	if (g->sim_dir || watched(g, rel, file))
		return 0;
	if (ioasid_cgroup_host_path(&g->m, rel, host, sizeof(host)) < 0 ||
	    iopath_abs(ctx, abs, sizeof(abs), "%s%s%s", host, file < 0 ? "" : "/",
		       file < 0 ? "" : files[file]) < 0)
		return -ENAMETOOLONG;
	wd = inotify_add_watch(g->ifd, abs,
			       file < 0 ? IN_CREATE | IN_MOVED_TO | IN_ONLYDIR : IN_MODIFY);
	if (wd < 0)
		return -errno;
	nw = realloc(g->w, (g->nw + 1) * sizeof(*nw));
	if (!nw)
		return -ENOMEM;
	g->w = nw;
	g->w[g->nw].wd = wd;
	g->w[g->nw].file = file;
	g->w[g->nw].rel = strdup(rel);
	if (!g->w[g->nw].rel)
		return -ENOMEM;
	g->nw++;
	return 0;
}

static int walk_fn(struct ioasid_ctx *ctx, const char *rel, unsigned depth, void *arg)
{
	struct cg_src *g = arg;
	int rc;

	(void)depth;
	rc = add_watch(g, ctx, rel, -1);
	for (int f = 0; f < 2 && rc != -ENOMEM; f++)
		if ((rc = add_watch(g, ctx, rel, f)) == -ENOENT)
			rc = 0; /* this cgroup has no such file (root, controller off) */
	if (rc == -ENOMEM)
		return rc;
	/* a cgroup that cannot be watched (ENOSPC: max_user_watches) is
	 * still compared whenever the queue overflows or the tree changes */
	for (int f = 0; f < 2; f++)
		scan_file(g, ctx, rel, f);
	return g->stop ? -ECANCELED : 1;
}

static int scan_all(struct cg_src *g, struct ioasid_ctx *ctx, const char *from)
{
	int rc = ioasid_cgroup_walk(ctx, &g->m, from, walk_fn, g);

	return rc == -ECANCELED ? 0 : rc;
}

static const struct watch *wd_find(const struct cg_src *g, int wd)
{
	for (size_t i = 0; i < g->nw; i++)
		if (g->w[i].wd == wd)
			return &g->w[i];
	return NULL;
}

static int live_read(struct cg_src *g, int fd)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool rescan = false;
	ssize_t n;

	while (!g->stop && (n = read(fd, buf, sizeof(buf))) > 0)
		for (char *p = buf; p < buf + n && !g->stop;) {
			const struct inotify_event *e = (const void *)p;
			const struct watch *w = wd_find(g, e->wd);
			const char *rel = w ? w->rel : NULL;

			p += sizeof(*e) + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				rescan = true;
				continue;
			}
			if (w && w->file >= 0 && (e->mask & IN_MODIFY)) {
				scan_file(g, g->ctx, rel, w->file);
				continue;
			}
			if (!rel || !e->len)
				continue;
			if ((e->mask & (IN_CREATE | IN_MOVED_TO)) && (e->mask & IN_ISDIR)) {
				char sub[PATH_MAX];

				snprintf(sub, sizeof(sub), "%s%s%s", rel,
					 strcmp(rel, "/") ? "/" : "", e->name);
				if (scan_all(g, g->ctx, sub) == -ENOMEM)
					return -ENOMEM;
				continue;
			}
			/* an events file made after the cgroup (a controller
			 * enabled later) */
			for (int f = 0; f < 2; f++)
				if (!strcmp(e->name, files[f]) && add_watch(g, g->ctx, rel, f) == 0)
					scan_file(g, g->ctx, rel, f);
		}
	if (rescan && !g->stop)
		return scan_all(g, g->ctx, "/");
	return 0;
}

static int sim_read(struct cg_src *g, int fd, struct ioasid_error *err)
{
	struct ioasid_ctx *ctx;
	int rc;

	evsrc_inotify_drain(fd);
	rc = ioasid_sim_open(&ctx, g->sim_dir, err);
	if (rc < 0)
		return rc;
	rc = scan_all(g, ctx, "/");
	ioasid_ctx_free(ctx);
	return rc;
}

static int cg_read(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg, struct ioasid_error *err)
{
	struct cg_src *g = s->priv;
	int rc;

	g->cb = cb;
	g->arg = arg;
	g->count = 0;
	g->stop = false;
	rc = g->sim_dir ? sim_read(g, s->fd, err) : live_read(g, s->fd);
	if (rc < 0 && !err->errnum) {
		err->errnum = -rc;
		snprintf(err->object, sizeof(err->object), "cgroup events");
		snprintf(err->message, sizeof(err->message), "%s", strerror(-rc));
	}
	return rc < 0 ? rc : g->count;
}

static void cg_close(struct ioasid_evsrc *s)
{
	struct cg_src *g = s->priv;

	for (size_t i = 0; i < g->nc; i++)
		free(g->c[i].rel);
	for (size_t i = 0; i < g->nw; i++)
		free(g->w[i].rel);
	free(g->c);
	free(g->w);
	free(g->sim_dir);
}

static int seterr(struct ioasid_error *err, int e, const char *object, const char *msg)
{
	err->errnum = e;
	snprintf(err->object, sizeof(err->object), "%s", object);
	snprintf(err->message, sizeof(err->message), "%s", msg);
	return -e;
}

int evsrc_cgroup_open(struct ioasid_ctx *ctx, const char *sim_dir, struct ioasid_evsrc **out,
		      struct ioasid_error *err)
{
	struct ioasid_evsrc *s = evsrc_new(IOASID_EVENT_CGROUP, sizeof(struct cg_src));
	struct ioasid_ctx *sctx = NULL;
	struct cg_src *g;
	int rc;

	if (!s)
		return -ENOMEM;
	g = s->priv;
	s->read = cg_read;
	s->close = cg_close;
	g->ctx = ctx;
	if (sim_dir) {
		g->sim_dir = strdup(sim_dir);
		if (!g->sim_dir) {
			ioasid_evsrc_close(s);
			return -ENOMEM;
		}
		rc = evsrc_sim_watch(sim_dir, err);
		if (rc < 0) {
			ioasid_evsrc_close(s);
			return rc;
		}
		s->fd = rc;
		rc = ioasid_sim_open(&sctx, sim_dir, err);
		if (rc < 0) {
			ioasid_evsrc_close(s);
			return rc;
		}
		ctx = sctx;
	} else {
		s->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (s->fd < 0) {
			rc = seterr(err, errno, "inotify", strerror(errno));
			ioasid_evsrc_close(s);
			return rc;
		}
	}
	g->ifd = s->fd;
	rc = ioasid_cgroup_mount_find(ctx, &g->m);
	if (rc < 0) {
		const struct ioasid_error *le = ioasid_ctx_last_error(ctx);

		seterr(err, -rc, le->object[0] ? le->object : "cgroup2",
		       le->message[0] ? le->message : "no cgroup2 mount");
		goto fail;
	}
	g->baseline = true;
	rc = scan_all(g, ctx, "/");
	g->baseline = false;
	if (rc < 0) {
		seterr(err, -rc, g->m.mountpoint, strerror(-rc));
		goto fail;
	}
	if (!sim_dir && g->nw == 0) {
		seterr(err, EACCES, g->m.mountpoint, "cannot watch any cgroup");
		rc = -EACCES;
		goto fail;
	}
	ioasid_ctx_free(sctx);
	*out = s;
	return 0;
fail:
	ioasid_ctx_free(sctx);
	ioasid_evsrc_close(s);
	return rc;
}
