// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sim check: the current generation's state satisfies the model's
 * invariants (ioasid_model_check, when the state is loaded) and every file
 * of the generation says exactly what the state says. The state is
 * rendered again, by the same code a mutation uses, into a scratch
 * directory, and the two trees are compared name by name and byte by byte:
 * a file missing, extra, of another kind, or with other bytes is the
 * violation, named by its path and, in the netlink dumps, by the IOASID
 * (or set) whose message differs. A few files first with their values in
 * the message (version, default_quota, capacity): the common damage.
 * Not rendered from the state: genl/ioasid/notify (the event log carries
 * the previous generations' notifications, which the state does not keep:
 * it must be a well-formed stream ending at the state's last sequence
 * number) and .sim/ (the state itself; .sim/platform must name its
 * platform).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pathnames.h"
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "sim/sim.h"
#include "uapi/ioasid.h"

#define FAIL(...)                                                                                  \
	do {                                                                                       \
		snprintf(msg, len, __VA_ARGS__);                                                   \
		rc = -EUCLEAN;                                                                     \
		goto out;                                                                          \
	} while (0)

/* The whole file rel below dirfd into b (flags: O_NOFOLLOW or 0) */
static int slurp_at(int dirfd, const char *rel, int flags, struct sim_buf *b)
{
	char buf[65536];
	ssize_t r;
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | flags);

	b->len = 0;
	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		if (sim_buf_add(b, buf, (size_t)r)) {
			close(fd);
			return -ENOMEM;
		}
	close(fd);
	if (!b->p && sim_buf_add(b, "", 0))
		return -ENOMEM;
	return r < 0 ? -errno : 0;
}

static int slurp(const char *root, const char *rel, struct sim_buf *b)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return slurp_at(AT_FDCWD, path, 0, b);
}

/* the file holds exactly want */
static int expect(const char *root, const char *rel, const char *want, char *msg, size_t len)
{
	struct sim_buf b = {0};
	int rc = slurp(root, rel, &b);

	if (rc)
		snprintf(msg, len, "%s: %s", rel, strerror(-rc));
	else if (b.len != strlen(want) || memcmp(b.p, want, b.len))
		snprintf(msg, len, "%s: holds '%.40s', the state says '%.40s'", rel, b.p, want);
	else {
		free(b.p);
		return 0;
	}
	free(b.p);
	return -EUCLEAN;
}

/* One message of a genl stream: its IOASID and SET attributes (0 when
 * absent); the stream was walked already (sim_genl_walk), so headers and
 * attributes are within the buffer. */
static void msg_ids(const struct nlmsghdr *nh, uint32_t *ioasid, uint32_t *set)
{
	const char *base = (const char *)nh;

	*ioasid = *set = 0;
	for (size_t a = NLMSG_HDRLEN + GENL_HDRLEN; a + NLA_HDRLEN <= nh->nlmsg_len;) {
		const struct nlattr *na = (const void *)(base + a);

		if (na->nla_len < NLA_HDRLEN || a + na->nla_len > nh->nlmsg_len)
			break;
		if (na->nla_type == IOASID_ATTR_IOASID && na->nla_len >= NLA_HDRLEN + 4)
			memcpy(ioasid, base + a + NLA_HDRLEN, 4);
		if (na->nla_type == IOASID_ATTR_SET && na->nla_len >= NLA_HDRLEN + 4)
			memcpy(set, base + a + NLA_HDRLEN, 4);
		a += NLA_ALIGN(na->nla_len);
	}
}

/* Name what differs between two genl streams: the first message that is
 * not the same, by the IOASID and set it is about. */
static void genl_differs(const char *rel, const struct sim_buf *got, const struct sim_buf *want,
			 char *msg, size_t len)
{
	uint32_t ngot, nwant;
	size_t a = 0, b = 0;

	if (sim_genl_walk(got->p, got->len, &ngot, NULL) < 0) {
		snprintf(msg, len, "%s: malformed (not a netlink message stream)", rel);
		return;
	}
	sim_genl_walk(want->p, want->len, &nwant, NULL);
	for (uint32_t k = 0;; k++) {
		const struct nlmsghdr *g = (const void *)(got->p + a),
				      *w = (const void *)(want->p + b);
		uint32_t gi, gs, wi, ws;

		if (a >= got->len || b >= want->len) {
			snprintf(msg, len, "%s: %u messages, the state has %u", rel, ngot, nwant);
			return;
		}
		if (g->nlmsg_len == w->nlmsg_len && !memcmp(g, w, g->nlmsg_len)) {
			a += NLMSG_ALIGN(g->nlmsg_len);
			b += NLMSG_ALIGN(w->nlmsg_len);
			continue;
		}
		if (g->nlmsg_type == NLMSG_DONE || w->nlmsg_type == NLMSG_DONE) {
			snprintf(msg, len, "%s: message %u: %s, the state has %s", rel, k + 1,
				 g->nlmsg_type == NLMSG_DONE ? "the end of the dump" : "a record",
				 w->nlmsg_type == NLMSG_DONE ? "the end" : "a record");
			return;
		}
		msg_ids(g, &gi, &gs);
		msg_ids(w, &wi, &ws);
		if (gi != wi)
			snprintf(msg, len,
				 "%s: message %u is IOASID %u (set %u), the state has IOASID %u "
				 "(set %u) there",
				 rel, k + 1, gi, gs, wi, ws);
		else if (gs != ws)
			snprintf(msg, len, "%s: IOASID %u is in set %u, the state says set %u", rel,
				 gi, gs, ws);
		else
			snprintf(msg, len,
				 "%s: IOASID %u (set %u): its message differs from the state's "
				 "(SPID, state, references, counters, owner)",
				 rel, gi, gs);
		return;
	}
}

/* not rendered from the state (see the head of the file) */
static bool unrendered(const char *rel)
{
	return !strcmp(rel, ".sim") || !strcmp(rel, "genl/ioasid/notify");
}

static const char *kind_of(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISLNK(m) ? "a symbolic link" : "a file";
}

/* The two trees compared and where the first difference goes */
struct cmp {
	int want, got;
	struct sim_buf *a, *b;
	char *msg;
	size_t len;
};

static int compare_dir(struct cmp *c, const char *rel);

/* Each entry of directory rel below dirfd but . and .. and the unrendered
 * files, by its path relative to the tree, until fn returns non-zero */
static int each_entry(int dirfd, const char *rel, struct cmp *c,
		      int (*fn)(struct cmp *c, const char *path, const struct dirent *de))
{
	int fd = openat(dirfd, rel[0] ? rel : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while (!rc && (de = readdir(d))) {
		char path[PATH_MAX];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		if (!unrendered(path))
			rc = fn(c, path, de);
	}
	closedir(d);
	return rc;
}

/* An expected entry: there in the generation, alike */
static int same_entry(struct cmp *c, const char *path, const struct dirent *de)
{
	struct stat ws, gs;
	char *msg = c->msg;
	size_t len = c->len;
	int rc = 0;

	(void)de;
	if (fstatat(c->want, path, &ws, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (fstatat(c->got, path, &gs, AT_SYMLINK_NOFOLLOW) < 0) {
		snprintf(msg, len, "%s: %s, the state has it", path,
			 errno == ENOENT ? "missing" : strerror(errno));
		rc = -EUCLEAN;
	} else if ((ws.st_mode & S_IFMT) != (gs.st_mode & S_IFMT)) {
		snprintf(msg, len, "%s: %s, the state has %s", path, kind_of(gs.st_mode),
			 kind_of(ws.st_mode));
		rc = -EUCLEAN;
	} else if (S_ISDIR(ws.st_mode)) {
		rc = compare_dir(c, path);
	} else if (S_ISLNK(ws.st_mode)) {
		char t1[PATH_MAX], t2[PATH_MAX];
		ssize_t n1 = readlinkat(c->want, path, t1, sizeof(t1) - 1);
		ssize_t n2 = readlinkat(c->got, path, t2, sizeof(t2) - 1);

		if (n1 < 0 || n2 < 0 || n1 != n2 || memcmp(t1, t2, (size_t)n1)) {
			t1[n1 < 0 ? 0 : n1] = t2[n2 < 0 ? 0 : n2] = '\0';
			snprintf(msg, len, "%s: links to '%s', the state says '%s'", path, t2, t1);
			rc = -EUCLEAN;
		}
	} else {
		rc = slurp_at(c->want, path, O_NOFOLLOW, c->b);
		if (!rc && (rc = slurp_at(c->got, path, O_NOFOLLOW, c->a)) < 0) {
			snprintf(msg, len, "%s: %s", path, strerror(-rc));
			rc = -EUCLEAN;
		} else if (!rc && (c->a->len != c->b->len || memcmp(c->a->p, c->b->p, c->a->len))) {
			if (!strncmp(path, "genl/", 5))
				genl_differs(path, c->a, c->b, msg, len);
			else
				snprintf(msg, len, "%s: holds '%.60s', the state says '%.60s'",
					 path, c->a->p, c->b->p);
			rc = -EUCLEAN;
		}
	}
	return rc;
}

/* An entry of the generation: one the state has too */
static int expected_entry(struct cmp *c, const char *path, const struct dirent *de)
{
	struct stat ws;

	if (fstatat(c->want, path, &ws, AT_SYMLINK_NOFOLLOW) < 0) {
		snprintf(c->msg, c->len, "%s: not in the state (%s that should not be there)", path,
			 kind_of(DTTOIF(de->d_type)));
		return -EUCLEAN;
	}
	return 0;
}

/* Compare directory rel of the expected tree (want) with the
 * generation's (got): the first difference in msg, -EUCLEAN. */
static int compare_dir(struct cmp *c, const char *rel)
{
	int rc = each_entry(c->want, rel, c, same_entry);

	return rc ? rc : each_entry(c->got, rel, c, expected_entry);
}

/* Render h (platform and dynamic files, as publish() does for a first
 * generation) into a new scratch directory; its fd, and its path in tmp. */
static int render_expected(const struct ioasid_sim_host *h, char *tmp, size_t tmplen, char *msg,
			   size_t len)
{
	const struct sim_platform *pf = sim_platform_find(h->platform);
	const char *td = getenv("TMPDIR");
	struct ioasid_error err = {0};
	int fd, rc;

	if (!pf) {
		snprintf(msg, len, ".sim/state: unknown platform '%s'", h->platform);
		return -EUCLEAN;
	}
	snprintf(tmp, tmplen, "%s/ioasidctl-check.XXXXXX", td && *td ? td : "/tmp");
	if (!mkdtemp(tmp)) {
		rc = -errno;
		snprintf(msg, len, "%s: cannot create: %s", tmp, strerror(-rc));
		tmp[0] = '\0';
		return rc;
	}
	fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(msg, len, "%s: %s", tmp, strerror(-rc));
		return rc;
	}
	rc = pf->render(pf, fd, &err);
	rc = rc ?: sim_render_dynamic(h, fd, -1, &err);
	if (rc) {
		snprintf(msg, len, "rendering the state into %s: %s: %s", tmp, err.object,
			 err.message[0] ? err.message : strerror(-rc));
		close(fd);
		return rc;
	}
	return fd;
}

static void remove_tree(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0) {
		unlinkat(dirfd, name, 0);
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			remove_tree(fd, de->d_name);
	closedir(d);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

IOASID_EXPORT int ioasid_sim_check(const char *dir, char *msg, size_t len)
{
	struct ioasid_sim_host *h = calloc(1, sizeof(*h));
	struct ioasid_model_capacity c;
	struct ioasid_error err;
	struct ioasid_ctx *ctx = NULL;
	struct sim_buf b = {0}, a = {0};
	char want[512], tmp[PATH_MAX] = "";
	int wantfd = -1, gotfd = -1, rc;
	const char *root;

	if (!h)
		return -ENOMEM;
	msg[0] = '\0';
	rc = ioasid_sim_open(&ctx, dir, &err);
	if (rc) {
		/* the caller names dir: name another object only */
		if (strcmp(err.object, dir))
			snprintf(msg, len, "%s: %s", err.object, err.message);
		else
			snprintf(msg, len, "%s", err.message);
		goto out;
	}
	root = ioasid_ctx_root(ctx);
	rc = slurp(root, ".sim/state", &b);
	if (rc)
		FAIL(".sim/state: %s", strerror(-rc));
	rc = sim_state_load(h, b.p, b.len, msg, len);
	if (rc) {
		rc = -EUCLEAN;
		goto out;
	}
	snprintf(want, sizeof(want), "%s\n", h->platform);
	rc = expect(root, ".sim/platform", want, msg, len);
	/* the common damage first, with the values in the message */
	ioasid_model_get_capacity(h->m, &c);
	rc = rc
		     ?: expect(root, "sys/kernel/ioasid/version", "3\n" /* IOASID_ABI_VERSION */,
			       msg, len);
	snprintf(want, sizeof(want), "%u\n", h->default_quota);
	rc = rc ?: expect(root, "sys/kernel/ioasid/default_quota", want, msg, len);
	snprintf(want, sizeof(want), "%u\n", c.total);
	rc = rc ?: expect(root, "sys/kernel/ioasid/capacity/total", want, msg, len);
	snprintf(want, sizeof(want), "%u\n", c.available);
	rc = rc ?: expect(root, "sys/kernel/ioasid/capacity/available", want, msg, len);
	snprintf(want, sizeof(want), "%u\n", c.reserved);
	rc = rc ?: expect(root, "sys/kernel/ioasid/capacity/reserved", want, msg, len);
	if (rc)
		goto out;
	/* then every file: the state rendered again, compared with the tree */
	wantfd = render_expected(h, tmp, sizeof(tmp), msg, len);
	if (wantfd < 0) {
		rc = wantfd;
		goto out;
	}
	gotfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (gotfd < 0)
		FAIL("%s: %s", root, strerror(errno));
	rc = compare_dir(&(struct cmp){wantfd, gotfd, &a, &b, msg, len}, "");
	if (rc) {
		if (rc != -EUCLEAN && !msg[0])
			snprintf(msg, len, "comparing with the state: %s", strerror(-rc));
		goto out;
	}
	rc = slurp(root, "genl/ioasid/notify", &b);
	{
		uint64_t last;
		uint32_t n;

		if (rc || sim_genl_walk(b.p, b.len, &n, &last) < 0)
			FAIL("genl/ioasid/notify: malformed");
		if (n && last != ioasid_model_events_last_seq(h->m))
			FAIL("genl/ioasid/notify: last seq %" PRIu64 ", the state says %" PRIu64,
			     last, ioasid_model_events_last_seq(h->m));
	}
	rc = 0;
out:
	if (gotfd >= 0)
		close(gotfd);
	if (wantfd >= 0)
		close(wantfd);
	if (tmp[0])
		remove_tree(AT_FDCWD, tmp);
	free(a.p);
	free(b.p);
	sim_host_free(h);
	ioasid_ctx_free(ctx);
	return rc;
}
