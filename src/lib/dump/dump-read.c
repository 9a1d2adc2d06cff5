// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Replaying a dump: `--sysroot ARCHIVE` extracts it into a private
 * directory, `--sysroot DIR` takes an unpacked one; either way the
 * manifest's errno table becomes the path layer's overlay.
 *
 * An archive comes from another machine and may be hostile. Members are
 * created with openat() one component at a time, never following a symlink
 * (O_NOFOLLOW), so nothing is written outside the target whatever links
 * earlier members made; names that are absolute or hold "..", symlinks
 * whose target is absolute or climbs out lexically, hard links out of the
 * dump or to anything but a regular file (a hard link to a symlink keeps
 * the symlink's target but not its directory: linkat() does not follow),
 * device nodes and FIFOs, and archives over the caps are refused: one
 * error naming the member, and no replay. Once all members exist, every
 * symlink is resolved beneath the dump's top directory (confine.c, the
 * kernel's RESOLVE_BENEATH): one that leads out by any chain of links is
 * refused, whatever order the members came in. The readers then resolve
 * every path in the root as well (path.c), so even a tree unpacked by
 * another tool cannot make a replay read this host's files.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "dump/dump.h"
#include "core/internal.h"
#include "core/record.h"

/* Copy, cutting to fit (the error's object is a short label). */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int refuse(struct ioasid_error *err, const char *member, const char *why)
{
	if (err) {
		err->errnum = EBADMSG;
		copy_str(err->object, sizeof(err->object), member ? member : "archive");
		snprintf(err->message, sizeof(err->message), "archive member refused: %s", why);
	}
	return -EBADMSG;
}

static int seterr(struct ioasid_error *err, int errnum, const char *object, const char *msg)
{
	if (err) {
		err->errnum = errnum;
		copy_str(err->object, sizeof(err->object), object);
		copy_str(err->message, sizeof(err->message), msg);
	}
	return -errnum;
}

/* A member name as it may be created: relative, no "." or ".." component,
 * under the dump's top directory. Writes the cleaned name (no leading
 * "./", no trailing '/') to out. NULL if fine, else why not. */
static const char *check_name(const char *name, char *out, size_t len)
{
	const char *p;
	size_t n;

	if (!name || !*name)
		return "empty name";
	if (name[0] == '/')
		return "absolute path";
	while (!strncmp(name, "./", 2))
		name += 2;
	n = strlen(name);
	if (n >= len)
		return "name too long";
	memcpy(out, name, n + 1);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
	for (p = out; *p;) {
		size_t c = strcspn(p, "/");

		if (c == 0)
			return "empty path component";
		if ((c == 1 && p[0] == '.') || (c == 2 && p[0] == '.' && p[1] == '.'))
			return "\".\" or \"..\" in the path";
		p += c;
		if (*p)
			p++;
	}
	if (strcmp(out, IOASID_DUMP_TOP) &&
	    strncmp(out, IOASID_DUMP_TOP "/", strlen(IOASID_DUMP_TOP) + 1))
		return "not under " IOASID_DUMP_TOP "/";
	return NULL;
}

/* A symlink's target, lexically from the link's directory, stays under the
 * top directory. (check_links() catches links through links, once all exist.) */
static const char *check_target(const char *link, const char *target)
{
	char dir[PATH_MAX];
	const char *p;
	int depth = 0;

	if (!*target)
		return "empty symlink target";
	if (target[0] == '/')
		return "symlink to an absolute path";
	snprintf(dir, sizeof(dir), "%s", link);
	/* components of the link's directory below the top directory */
	for (p = dir; (p = strchr(p, '/')); p++)
		depth++;
	depth--; /* the top directory itself */
	for (p = target; *p;) {
		size_t c = strcspn(p, "/");

		if (c == 2 && p[0] == '.' && p[1] == '.')
			depth--;
		else if (c && !(c == 1 && p[0] == '.'))
			depth++;
		if (depth < 0)
			return "symlink leaves the dump";
		p += c;
		if (*p)
			p++;
	}
	return NULL;
}

/* The directory fd of name's parent, creating directories on the way and
 * refusing to pass through anything but a real directory. */
static int open_parent(int rootfd, const char *name, const char **base)
{
	char buf[PATH_MAX], *p = buf, *slash;
	int fd = dup(rootfd);

	if (fd < 0)
		return -errno;
	snprintf(buf, sizeof(buf), "%s", name);
	while ((slash = strchr(p, '/'))) {
		int nfd;

		*slash = '\0';
		if (mkdirat(fd, p, 0755) < 0 && errno != EEXIST) {
			int e = errno;

			close(fd);
			return -e;
		}
		nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if (nfd < 0)
			return -errno; /* ELOOP/ENOTDIR: a symlink or file on the way */
		fd = nfd;
		p = slash + 1;
	}
	*base = name + (p - buf);
	return fd;
}

struct extract {
	int rootfd;
	const char *dest;
	struct ioasid_error *err;
	unsigned long long total;
	size_t members;
	char **links; /* symlinks made, for the final check */
	size_t nlinks, caplinks;
};

static int copy_data(struct extract *x, struct archive *a, int fd, const char *name)
{
	char buf[16384];
	unsigned long long n = 0;

	for (;;) {
		la_ssize_t r = archive_read_data(a, buf, sizeof(buf));

		if (r == 0)
			return 0;
		if (r < 0)
			return seterr(x->err, EBADMSG, name,
				      archive_error_string(a) ? archive_error_string(a)
							      : "corrupt archive");
		n += (unsigned long long)r;
		x->total += (unsigned long long)r;
		/* the header's size may lie: count what comes */
		if (n > IODUMP_MAX_MEMBER)
			return refuse(x->err, name, "member larger than 16 MiB");
		if (x->total > IODUMP_MAX_TOTAL)
			return refuse(x->err, name, "archive larger than 256 MiB unpacked");
		for (la_ssize_t off = 0; off < r;) {
			ssize_t w = write(fd, buf + off, (size_t)(r - off));

			if (w < 0) {
				if (errno == EINTR)
					continue;
				return seterr(x->err, errno, name, strerror(errno));
			}
			off += w;
		}
	}
}

static int add_link_name(struct extract *x, const char *name)
{
	if (x->nlinks == x->caplinks) {
		size_t cap = x->caplinks ? x->caplinks * 2 : 64;
		char **nv = realloc(x->links, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		x->links = nv;
		x->caplinks = cap;
	}
	x->links[x->nlinks] = strdup(name);
	if (!x->links[x->nlinks])
		return -ENOMEM;
	x->nlinks++;
	return 0;
}

static int one_member(struct extract *x, struct archive *a, struct archive_entry *e)
{
	char name[PATH_MAX], hl[PATH_MAX];
	const char *why, *base, *raw = archive_entry_pathname(e);
	mode_t type = archive_entry_filetype(e);
	int dfd, fd, rc = 0;

	why = check_name(raw, name, sizeof(name));
	if (why)
		return refuse(x->err, raw, why);
	if (++x->members > IODUMP_MAX_MEMBERS)
		return refuse(x->err, raw, "more than 200000 members");
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)IODUMP_MAX_MEMBER)
		return refuse(x->err, raw, "member larger than 16 MiB");
	if (archive_entry_hardlink(e)) {
		why = check_name(archive_entry_hardlink(e), hl, sizeof(hl));
		if (why)
			return refuse(x->err, raw, "hard link out of the dump");
		type = AE_IFREG;
	}
	if (!strcmp(name, IOASID_DUMP_TOP)) {
		if (type != AE_IFDIR)
			return refuse(x->err, raw, "the top entry is not a directory");
		if (mkdirat(x->rootfd, name, 0755) < 0 && errno != EEXIST)
			return seterr(x->err, errno, raw, strerror(errno));
		return 0;
	}
	if (type != AE_IFDIR && type != AE_IFREG && type != AE_IFLNK)
		return refuse(x->err, raw, "not a file, directory or symlink (device node?)");
	dfd = open_parent(x->rootfd, name, &base);
	if (dfd < 0)
		return refuse(x->err, raw,
			      dfd == -ELOOP || dfd == -ENOTDIR
				      ? "path goes through a symlink or a file"
				      : strerror(-dfd));
	if (archive_entry_hardlink(e)) {
		const char *hbase;
		int hfd = open_parent(x->rootfd, hl, &hbase);

		struct stat st;

		if (hfd < 0) {
			rc = refuse(x->err, raw, "hard link target not in the dump");
		} else {
			/* linkat() without AT_SYMLINK_FOLLOW links a symlink
			 * itself: its relative target would then be read from
			 * another directory */
			if (fstatat(hfd, hbase, &st, AT_SYMLINK_NOFOLLOW) < 0)
				rc = refuse(x->err, raw, "hard link target not in the dump");
			else if (!S_ISREG(st.st_mode))
				rc = refuse(x->err, raw, "hard link to a symlink or directory");
			else if (linkat(hfd, hbase, dfd, base, 0) < 0)
				rc = refuse(x->err, raw,
					    errno == EEXIST ? "duplicate member"
							    : "hard link target not in the dump");
			close(hfd);
		}
	} else if (type == AE_IFDIR) {
		if (mkdirat(dfd, base, 0755) < 0 && errno != EEXIST)
			rc = seterr(x->err, errno, raw, strerror(errno));
	} else if (type == AE_IFLNK) {
		const char *target = archive_entry_symlink(e);

		why = target ? check_target(name, target) : "symlink without a target";
		if (why)
			rc = refuse(x->err, raw, why);
		else if (symlinkat(target, dfd, base) < 0)
			rc = refuse(x->err, raw,
				    errno == EEXIST ? "duplicate member" : strerror(errno));
		else
			rc = add_link_name(x, name);
	} else {
		fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0) {
			rc = refuse(x->err, raw,
				    errno == EEXIST ? "duplicate member" : strerror(errno));
		} else {
			rc = copy_data(x, a, fd, raw);
			close(fd);
		}
	}
	close(dfd);
	return rc;
}

/* Every link, now that all exist, resolves beneath the top directory (or
 * dangles, or loops: then it resolves nowhere): a chain of links each
 * lexically inside can still climb out ("a -> ." then "b -> a/.."). The
 * walk is the kernel's RESOLVE_BENEATH: a ".." above the top or an
 * absolute target on the way is -EXDEV, whether or not the place outside
 * exists on this host. */
static int check_links(struct extract *x)
{
	int top = openat(x->rootfd, IOASID_DUMP_TOP, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	size_t tl = strlen(IOASID_DUMP_TOP "/");
	int rc = 0;

	if (top < 0)
		return seterr(x->err, errno, x->dest,
			      "no " IOASID_DUMP_TOP "/ directory: not a dump");
	for (size_t i = 0; i < x->nlinks && rc == 0; i++) {
		int fd = ioconf_open(top, x->links[i] + tl, O_PATH, true);

		if (fd >= 0)
			close(fd);
		else if (fd == -EXDEV)
			rc = refuse(x->err, x->links[i], "symlink resolves outside the dump");
	}
	close(top);
	return rc;
}

static int extract(struct archive *a, const char *dest, struct ioasid_error *err)
{
	struct extract x = {.dest = dest, .err = err};
	struct archive_entry *e;
	int rc = 0, r;

	x.rootfd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (x.rootfd < 0)
		return seterr(err, errno, dest, strerror(errno));
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		rc = one_member(&x, a, e);
		if (rc < 0)
			break;
	}
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = seterr(err, EBADMSG, "archive",
			    archive_error_string(a) ? archive_error_string(a)
						    : "not a dump archive");
	if (rc == 0 && x.members == 0)
		rc = seterr(err, EBADMSG, "archive", "empty archive: not a dump");
	if (rc == 0)
		rc = check_links(&x);
	for (size_t i = 0; i < x.nlinks; i++)
		free(x.links[i]);
	free(x.links);
	close(x.rootfd);
	return rc;
}

static struct archive *reader(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	/* what the writer makes (tar, gzip) and what people repack it as */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_none(a);
	archive_read_support_format_tar(a);
	return a;
}

int iodump_extract_file(const char *archive, const char *dest, struct ioasid_error *err)
{
	struct archive *a = reader();
	int rc;

	if (!a)
		return seterr(err, ENOMEM, archive, "out of memory");
	if (archive_read_open_filename(a, archive, 16384) != ARCHIVE_OK) {
		int e = archive_errno(a) > 0 ? archive_errno(a) : EBADMSG;

		rc = seterr(err, e, archive,
			    archive_error_string(a) ? archive_error_string(a) : "cannot open");
	} else {
		rc = extract(a, dest, err);
		if (rc == -EBADMSG && err && !strcmp(err->object, "archive"))
			copy_str(err->object, sizeof(err->object), archive);
	}
	archive_read_free(a);
	return rc;
}

int iodump_extract_memory(const void *buf, size_t len, const char *dest, struct ioasid_error *err)
{
	struct archive *a = reader();
	int rc;

	if (!a)
		return seterr(err, ENOMEM, "archive", "out of memory");
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK)
		rc = seterr(err, EBADMSG, "archive", "not an archive");
	else
		rc = extract(a, dest, err);
	archive_read_free(a);
	return rc;
}

/* The manifest's "errors" {path: "EACCES"} and "sizes" {path: N}. */
static int load_tables(struct iooverlay *o, json_object *m)
{
	json_object *errs, *sizes;

	if (json_object_object_get_ex(m, "errors", &errs) &&
	    json_object_is_type(errs, json_type_object)) {
		size_t n = (size_t)json_object_object_length(errs), k = 0;

		o->errs = calloc(n ? n : 1, sizeof(*o->errs));
		if (!o->errs)
			return -ENOMEM;
		json_object_object_foreach(errs, path, v)
		{
			int e = json_object_is_type(v, json_type_string)
					? iorec_errno_value(json_object_get_string(v))
					: 0;

			if (!e || path[0] != '/')
				continue; /* unknown name: the file replays as it is */
			o->errs[k].path = strdup(path);
			if (!o->errs[k].path)
				return -ENOMEM;
			o->errs[k++].err = e;
		}
		o->nerrs = k;
	}
	if (json_object_object_get_ex(m, "sizes", &sizes) &&
	    json_object_is_type(sizes, json_type_object)) {
		size_t n = (size_t)json_object_object_length(sizes), k = 0;

		o->sizes = calloc(n ? n : 1, sizeof(*o->sizes));
		if (!o->sizes)
			return -ENOMEM;
		json_object_object_foreach(sizes, path, v)
		{
			if (!json_object_is_type(v, json_type_int) || path[0] != '/')
				continue;
			o->sizes[k].path = strdup(path);
			if (!o->sizes[k].path)
				return -ENOMEM;
			o->sizes[k++].size = json_object_get_int64(v);
		}
		o->nsizes = k;
	}
	iooverlay_sort(o);
	return 0;
}

int iodump_load_manifest(struct ioasid_ctx *ctx, struct ioasid_error *err)
{
	char path[PATH_MAX];
	struct iooverlay *o;
	json_object *m, *ver;
	struct stat st;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", ctx->root, IOASID_DUMP_MANIFEST);
	if (lstat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_size > IODUMP_MAX_MEMBER)
		return seterr(err, EBADMSG, path, "not a regular file of at most 16 MiB");
	m = json_object_from_file(path);
	if (!m || !json_object_is_type(m, json_type_object)) {
		json_object_put(m);
		return seterr(err, EBADMSG, path, "not a JSON object");
	}
	if (!json_object_object_get_ex(m, "format_version", &ver) ||
	    json_object_get_int(ver) != IOASID_DUMP_FORMAT_VERSION) {
		json_object_put(m);
		return seterr(err, EBADMSG, path, "unknown dump format version");
	}
	o = calloc(1, sizeof(*o));
	rc = o ? load_tables(o, m) : -ENOMEM;
	json_object_put(m);
	if (rc < 0) {
		iooverlay_free(o);
		return seterr(err, -rc, path, strerror(-rc));
	}
	iooverlay_free(ctx->ov);
	ctx->ov = o;
	return 0;
}

IOASID_EXPORT int ioasid_ctx_open(struct ioasid_ctx **out, const char *sysroot,
				  struct ioasid_error *err)
{
	char tmpl[PATH_MAX - 32], top[PATH_MAX];
	struct ioasid_error scratch;
	struct stat st;
	int rc, lockfd;

	*out = NULL;
	if (!err)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	if (!sysroot || !*sysroot || stat(sysroot, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = ioasid_ctx_new(out, sysroot);
		if (rc < 0)
			return seterr(err, -rc, sysroot ? sysroot : "/",
				      rc == -ENOTDIR ? "not a directory or a dump archive"
						     : strerror(-rc));
		/* the live host has no manifest, whatever "/manifest.json" is */
		if (!ioasid_ctx_is_live(*out)) {
			rc = iodump_load_manifest(*out, err);
			if (rc < 0 && rc != -ENOENT) {
				ioasid_ctx_free(*out);
				*out = NULL;
				return rc;
			}
		}
		return 0;
	}
	/* an archive: unpack it privately */
	rc = iodump_unpack_dir(tmpl, sizeof(tmpl), &lockfd);
	if (rc < 0)
		return seterr(err, -rc, tmpl, "cannot make a directory to unpack the dump");
	rc = iodump_extract_file(sysroot, tmpl, err);
	snprintf(top, sizeof(top), "%s/%s", tmpl, IOASID_DUMP_TOP);
	if (rc == 0) {
		rc = ioasid_ctx_new(out, top);
		if (rc < 0)
			seterr(err, -rc, sysroot, "no " IOASID_DUMP_TOP "/ directory: not a dump");
	}
	if (rc == 0) {
		(*out)->tmpdir_lock = lockfd + 1;
		lockfd = -1;
		(*out)->tmpdir = strdup(tmpl);
		rc = (*out)->tmpdir ? iodump_load_manifest(*out, err) : -ENOMEM;
		if (rc == -ENOENT)
			rc = seterr(err, EBADMSG, sysroot, "no manifest.json: not a dump");
	}
	if (rc < 0) {
		if (*out && (*out)->tmpdir) {
			ioasid_ctx_free(*out); /* removes tmpl */
		} else {
			ioasid_ctx_free(*out);
			ioasid_remove_tree(tmpl);
		}
		*out = NULL;
	}
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}
