// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer, structure-aware: the dump archive reader (dump-read.c) against
 * chains of symlinks and hard links. The bytes are not an archive but a
 * list of members, each a kind (directory, file, symlink, hard link) and
 * names and targets drawn from a small set of components ("..", ".", "a",
 * "proc", "cmdline", "c", "canary", ...), so that nearly every input is a
 * well-formed tar whose links climb, chain and point at each other in
 * every order; libarchive writes it and the reader unpacks it into base/x.
 * Beside x lies base/c/canary, standing for a file of this host: from the
 * dump's top directory it is "../../c/canary".
 *
 * Input: byte 0 bit 0 picks the resolver (openat2, or the walk used where
 * the kernel lacks it); then per member: a kind byte (bits 0-1 the kind,
 * bit 2 an absolute symlink target, bits 3-5 all set: a name outside
 * ioasid-dump/), a count byte and that many component bytes for the name,
 * and for links a count byte and component bytes for the target.
 *
 * Invariants: no crash or leak; nothing appears or changes in base but x
 * and the canary; when the archive is accepted, every path of the tree
 * that realpath(3) resolves (an oracle independent of the reader's own
 * walk) lies under the top directory and no symlink has a second hard
 * link; and whether accepted or refused half-way (a tree another tool
 * would leave), no path the path layer opens under that top directory
 * (path.c, confine.c) reads the canary.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"
#include "dump/dump.h"
#include "fuzz_common.h"
#include "fuzz_extract.h"

#define CANARY "CANARY-4711\n"
#define MAX_MEMBERS 24
#define MAX_COMPS 12

static const char *const comps[] = {
	"..", ".", "a", "b", "proc", "cmdline", "c", "canary", "d", "", "l", IOASID_DUMP_TOP,
};
#define NCOMPS (sizeof(comps) / sizeof(comps[0]))

static char base[PATH_MAX];

struct input {
	const uint8_t *p;
	size_t n;
};

static int next(struct input *in)
{
	if (!in->n)
		return -1;
	in->n--;
	return *in->p++;
}

/* Components joined by '/' into buf; false at the end of the input. */
static bool path_from(struct input *in, char *buf, size_t len, const char *prefix, size_t max)
{
	int cnt = next(in);
	size_t o;

	if (cnt < 0)
		return false;
	o = (size_t)snprintf(buf, len, "%s", prefix);
	for (int i = 0; i < 1 + cnt % (int)max; i++) {
		int c = next(in);

		if (c < 0)
			return false;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i || *prefix ? "/" : "",
				      comps[(size_t)c % NCOMPS]);
		if (o >= len)
			return false;
	}
	return true;
}

/* The members as a tar in memory (malloc'd), or NULL if none. */
static char *build(struct input *in, size_t *len)
{
	size_t cap = 1 << 20, nmem = 0;
	char *buf = malloc(cap);
	struct archive *a = archive_write_new();

	if (!buf || !a)
		abort();
	archive_write_set_format_pax_restricted(a);
	if (archive_write_open_memory(a, buf, cap, len) != ARCHIVE_OK)
		abort();
	while (nmem < MAX_MEMBERS) {
		char name[1024], target[1024];
		int k = next(in);
		struct archive_entry *e;
		bool outside;

		if (k < 0)
			break;
		outside = ((k >> 3) & 7) == 7;
		if (!path_from(in, name, sizeof(name), outside ? "" : IOASID_DUMP_TOP, 6))
			break;
		e = archive_entry_new();
		archive_entry_set_pathname(e, name);
		archive_entry_set_perm(e, 0644);
		switch (k & 3) {
		case 0:
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case 1:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, 2);
			break;
		case 2:
			if (!path_from(in, target, sizeof(target), k & 4 ? "/" : "", MAX_COMPS)) {
				archive_entry_free(e);
				goto out;
			}
			archive_entry_set_filetype(e, AE_IFLNK);
			/* "/" + "x" gave "//x": one leading slash is enough */
			archive_entry_set_symlink(e, target + (k & 4 ? 1 : 0));
			break;
		default:
			if (!path_from(in, target, sizeof(target), IOASID_DUMP_TOP, 6)) {
				archive_entry_free(e);
				goto out;
			}
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, target);
			archive_entry_set_size(e, 0);
			break;
		}
		archive_write_header(a, e);
		if ((k & 3) == 1)
			archive_write_data(a, "f\n", 2);
		archive_entry_free(e);
		nmem++;
	}
out:
	archive_write_close(a);
	archive_write_free(a);
	if (!nmem) {
		free(buf);
		return NULL;
	}
	return buf;
}

static bool canary_intact(void)
{
	char path[PATH_MAX + 16], got[64] = "";
	int fd;
	ssize_t r;

	snprintf(path, sizeof(path), "%s/c/canary", base);
	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return false;
	r = read(fd, got, sizeof(got) - 1);
	close(fd);
	return r == (ssize_t)strlen(CANARY) && !memcmp(got, CANARY, strlen(CANARY));
}

/* The tree under top, walked without following links (nftw's callback
 * has no argument: the state is file-static, one input at a time). */
static struct ioasid_ctx *walk_ctx;
static char walk_top[PATH_MAX + 32], walk_real_top[PATH_MAX];
static bool walk_accepted;

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *rel = path + strlen(walk_top);
	char real[PATH_MAX], *text = NULL;

	(void)flag;
	(void)ftw;
	if (walk_accepted) {
		/* realpath(3): the kernel's view, not confine.c's */
		if (realpath(path, real)) {
			size_t tl = strlen(walk_real_top);

			FUZZ_CHECK(!strncmp(real, walk_real_top, tl) &&
				   (real[tl] == '\0' || real[tl] == '/'));
		}
		FUZZ_CHECK(!S_ISLNK(st->st_mode) || st->st_nlink == 1);
	}
	if (walk_ctx && *rel && iopath_read_all(walk_ctx, &text, NULL, 4096, "%s", rel) == 0) {
		FUZZ_CHECK(strcmp(text, CANARY) != 0);
		free(text);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dest[PATH_MAX + 8];
	struct input in = {data, size};
	struct ioasid_error err;
	size_t len;
	char *tar;
	int rc, mode = next(&in);

	if (fuzz_base_dir(base, "chain")) {
		char c[PATH_MAX + 16];
		int fd;

		snprintf(c, sizeof(c), "%s/c", base);
		if (mkdir(c, 0755) < 0)
			abort();
		snprintf(c, sizeof(c), "%s/c/canary", base);
		fd = open(c, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, CANARY, strlen(CANARY)) != (ssize_t)strlen(CANARY))
			abort();
		close(fd);
	}
	if (mode < 0)
		return 0;
	tar = build(&in, &len);
	if (!tar)
		return 0;
	ioconf_no_openat2 = mode & 1;
	snprintf(dest, sizeof(dest), "%s/x", base);
	if (mkdir(dest, 0755) < 0)
		abort();
	rc = iodump_extract_memory(tar, len, dest, &err);
	free(tar);
	FUZZ_CHECK(rc == 0 || err.message[0]);
	FUZZ_CHECK(fuzz_entries(base) == 2);
	FUZZ_CHECK(canary_intact());
	snprintf(walk_top, sizeof(walk_top), "%s/%s", dest, IOASID_DUMP_TOP);
	walk_accepted = rc == 0;
	walk_ctx = NULL;
	if (walk_accepted)
		FUZZ_CHECK(realpath(walk_top, walk_real_top));
	if (ioasid_ctx_new(&walk_ctx, walk_top) == 0) {
		nftw(walk_top, visit, 16, FTW_PHYS);
		ioasid_ctx_free(walk_ctx);
		walk_ctx = NULL;
	}
	ioasid_remove_tree(dest);
	FUZZ_CHECK(fuzz_entries(base) == 1);
	FUZZ_CHECK(canary_intact());
	ioconf_no_openat2 = false;
	return 0;
}
