// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Opening a path below a root directory without ever leaving it: the path
 * layer reads a snapshot, a replayed dump or an emulated host this way, and
 * the dump reader checks every unpacked symlink with it.
 *
 * Two rules, the kernel's own (include/uapi/linux/openat2.h, fs/namei.c):
 *  - in root (RESOLVE_IN_ROOT): the root is "/" for the path and for every
 *    symlink met on the way; ".." at the root stays there and an absolute
 *    target starts again at the root. A captured /sys reads as it did on
 *    its host (its links are relative: ../../devices/...), and a link that
 *    climbs out lands on a file of the capture, never of this host.
 *  - beneath (RESOLVE_BENEATH): the same walk, but a ".." above the root or
 *    an absolute target fails with EXDEV: the dump reader's test for a
 *    member that resolves outside the unpack directory.
 * Both also refuse magic links (RESOLVE_NO_MAGICLINKS, /proc/PID/fd/N).
 *
 * openat2(2) does it in the kernel where it exists (Linux 5.6); glibc 2.36
 * has no wrapper, hence syscall(SYS_openat2). Without it (ENOSYS: an older
 * kernel, or a seccomp filter that answers EPERM), the same walk is done
 * here one component at a time: every component is looked at with
 * fstatat(AT_SYMLINK_NOFOLLOW), directories are entered with
 * openat(O_NOFOLLOW|O_DIRECTORY) so a component swapped for a symlink
 * meanwhile fails instead of being followed, symlinks are read with
 * readlinkat() and their target walked in the same way (at most 40, the
 * kernel's MAXSYMLINKS), ".." is checked against the directory the walk
 * came from (st_dev/st_ino), and the last component is opened with
 * O_NOFOLLOW.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/internal.h"

/* include/linux/namei.h MAXSYMLINKS */
#define MAX_LINKS 40

bool ioconf_no_openat2;

struct dirid {
	dev_t dev;
	ino_t ino;
};

struct walk {
	int root;	    /* not owned */
	int cur;	    /* the directory reached: root, or owned */
	bool beneath;	    /* EXDEV instead of staying at the root */
	struct dirid *path; /* path[0] the root ... path[depth] cur */
	size_t depth, cap;
};

static void set_cur(struct walk *w, int fd)
{
	if (w->cur != w->root)
		close(w->cur);
	w->cur = fd;
}

static int push(struct walk *w, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	if (w->depth + 1 >= w->cap) {
		size_t cap = w->cap * 2;
		struct dirid *np = realloc(w->path, cap * sizeof(*np));

		if (!np) {
			close(fd);
			return -ENOMEM;
		}
		w->path = np;
		w->cap = cap;
	}
	w->depth++;
	w->path[w->depth] = (struct dirid){st.st_dev, st.st_ino};
	set_cur(w, fd);
	return 0;
}

/* ".." of the walk: at the root, stay (in root) or fail (beneath); else the
 * directory the walk came from, which must still be the physical parent. */
static int up(struct walk *w)
{
	struct stat st;
	int fd;

	if (w->depth == 0)
		return w->beneath ? -EXDEV : 0;
	if (w->depth == 1) {
		w->depth = 0;
		set_cur(w, w->root);
		return 0;
	}
	fd = openat(w->cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_dev != w->path[w->depth - 1].dev ||
	    st.st_ino != w->path[w->depth - 1].ino) {
		close(fd);
		return -EXDEV; /* moved while we walked: refuse, never guess */
	}
	w->depth--;
	set_cur(w, fd);
	return 0;
}

/* Replace the walk's remaining text rest by target + "/" + rest. */
static int prepend_target(char *rest, size_t size, const char *target, size_t tl)
{
	size_t rl = strlen(rest);

	if (tl + 1 + rl + 1 > size)
		return -ENAMETOOLONG;
	memmove(rest + tl + 1, rest, rl + 1);
	memcpy(rest, target, tl);
	rest[tl] = '/';
	return 0;
}

/*
 * Walk rel from the root. On success *dirfd is an fd (the caller closes it)
 * of the directory holding the last component, name that component ("."
 * when the path ends at a directory), never a symlink when follow_last.
 * The last component need not exist (the caller's open or mkdirat says).
 */
static int walk(int root, const char *rel, bool beneath, bool follow_last, int *dirfd, char *name)
{
	char rest[2 * PATH_MAX + 2], target[PATH_MAX];
	struct walk w = {.root = root, .cur = root, .beneath = beneath};
	struct stat st;
	unsigned links = 0;
	int rc = 0;

	if (strlen(rel) >= PATH_MAX)
		return -ENAMETOOLONG;
	strcpy(rest, rel);
	w.cap = 16;
	w.path = malloc(w.cap * sizeof(*w.path));
	if (!w.path)
		return -ENOMEM;
	if (fstat(root, &st) < 0) {
		rc = -errno;
		goto out;
	}
	w.path[0] = (struct dirid){st.st_dev, st.st_ino};
	strcpy(name, ".");
	for (;;) {
		char *p = rest + strspn(rest, "/"), *slash;
		size_t clen;
		bool last;

		if (!*p) {
			strcpy(name, ".");
			break;
		}
		clen = strcspn(p, "/");
		slash = p + clen;
		last = slash[strspn(slash, "/")] == '\0';
		if (clen > NAME_MAX) {
			rc = -ENAMETOOLONG;
			goto out;
		}
		memcpy(name, p, clen);
		name[clen] = '\0';
		memmove(rest, slash, strlen(slash) + 1);
		if (!strcmp(name, ".")) {
			continue;
		}
		if (!strcmp(name, "..")) {
			rc = up(&w);
			if (rc < 0)
				goto out;
			continue;
		}
		if (fstatat(w.cur, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (last)
				break; /* the caller's open or mkdirat gives the errno */
			rc = -errno;
			goto out;
		}
		if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
			ssize_t tl;

			if (++links > MAX_LINKS) {
				rc = -ELOOP;
				goto out;
			}
			tl = readlinkat(w.cur, name, target, sizeof(target));
			if (tl < 0 || (size_t)tl >= sizeof(target)) {
				rc = tl < 0 ? -errno : -ENAMETOOLONG;
				goto out;
			}
			if (tl == 0) {
				rc = -ENOENT;
				goto out;
			}
			if (target[0] == '/') {
				if (beneath) {
					rc = -EXDEV;
					goto out;
				}
				w.depth = 0;
				set_cur(&w, root);
			}
			rc = prepend_target(rest, sizeof(rest), target, (size_t)tl);
			if (rc < 0)
				goto out;
			continue;
		}
		if (last)
			break;
		if (!S_ISDIR(st.st_mode)) {
			rc = -ENOTDIR;
			goto out;
		}
		{
			int fd = openat(w.cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (fd < 0) {
				rc = -errno; /* ENOTDIR/ELOOP: swapped meanwhile */
				goto out;
			}
			rc = push(&w, fd);
			if (rc < 0)
				goto out;
		}
	}
	if (w.cur == root) {
		w.cur = fcntl(root, F_DUPFD_CLOEXEC, 0);
		if (w.cur < 0) {
			rc = -errno;
			w.cur = root;
			goto out;
		}
	}
	*dirfd = w.cur;
	free(w.path);
	return 0;
out:
	set_cur(&w, root);
	free(w.path);
	return rc;
}

#ifdef SYS_openat2
/* openat2(2) with the rule; -ENOSYS when the kernel (or a seccomp filter,
 * which may say EPERM) does not let us use it. */
static int kernel_open(int root, const char *rel, int flags, bool beneath)
{
	struct open_how how = {
		/* open(2)'s wrapper adds O_LARGEFILE on 32-bit ABIs; the
		 * raw syscall must say it (0 on 64-bit) */
		.flags = (unsigned long long)(flags | O_CLOEXEC | O_LARGEFILE),
		.resolve = (beneath ? RESOLVE_BENEATH : RESOLVE_IN_ROOT) | RESOLVE_NO_MAGICLINKS,
	};
	int fd = -1;

	if (ioconf_no_openat2)
		return -ENOSYS;
	/* IN_ROOT and BENEATH say EAGAIN when a rename raced the walk */
	for (int i = 0; i < 16; i++) {
		fd = (int)syscall(SYS_openat2, root, *rel ? rel : ".", &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd >= 0)
		return fd;
	if (errno == ENOSYS) {
		ioconf_no_openat2 = true;
		return -ENOSYS;
	}
	return errno == EPERM ? -ENOSYS : -errno;
}
#else
static int kernel_open(int root, const char *rel, int flags, bool beneath)
{
	(void)root, (void)rel, (void)flags, (void)beneath;
	return -ENOSYS;
}
#endif

int ioconf_open(int root, const char *rel, int flags, bool beneath)
{
	char name[NAME_MAX + 1];
	int dfd, fd, rc;

	rel += strspn(rel, "/"); /* the path itself is always root-relative */
	fd = kernel_open(root, rel, flags, beneath);
	if (fd != -ENOSYS)
		return fd;
	rc = walk(root, rel, beneath, !(flags & O_NOFOLLOW), &dfd, name);
	if (rc < 0)
		return rc;
	fd = openat(dfd, name, flags | O_CLOEXEC | (strcmp(name, ".") ? O_NOFOLLOW : 0));
	rc = fd < 0 ? -errno : fd;
	close(dfd);
	return rc;
}

int ioconf_parent(int root, const char *rel, bool beneath, char *name, size_t len)
{
	char dir[PATH_MAX];
	const char *base;
	int dfd;

	rel += strspn(rel, "/");
	if (strlen(rel) >= sizeof(dir) || len <= NAME_MAX)
		return -ENAMETOOLONG;
	strcpy(dir, rel);
	{
		size_t n = strlen(dir);

		while (n > 0 && dir[n - 1] == '/')
			dir[--n] = '\0';
	}
	base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	if (*base && strcmp(base, ".") && strcmp(base, "..") && strlen(base) <= NAME_MAX) {
		/* the directory in the kernel, the last component as it is */
		strcpy(name, base);
		dir[base - dir] = '\0';
		dfd = kernel_open(root, dir, O_PATH | O_DIRECTORY, beneath);
		if (dfd != -ENOSYS)
			return dfd;
	}
	{
		int rc = walk(root, rel, beneath, false, &dfd, name);

		return rc < 0 ? rc : dfd;
	}
}
