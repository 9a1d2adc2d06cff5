// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dumps (record.c, dump-write.c, dump-read.c): a fake sysroot recorded as
 * a non-root reader and written as an archive replays the same bytes, the
 * same links and the same errno (EACCES stays EACCES, ENOENT stays
 * ENOENT), a member over the cap is cut and listed as truncated, and
 * archives built here with libarchive that try to leave the target
 * (absolute name, "..", symlink out, chained symlinks, a path through a
 * symlink, hard link out), carry a device node or an oversized member are
 * refused naming the member, writing nothing outside. Issue 13's exploit
 * (a hard link member to a deep symlink whose many ".." stay inside from
 * its own directory but climb to the host's /proc/cmdline from the hard
 * link's) and chains of links that lead out only through each other, in
 * either member order, or towards a place that does not exist here, are
 * refused too; each escape is tried with openat2(2) and with the
 * component walk used where the kernel lacks it (confine.c).
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "dump/dump.h"
#include "core/internal.h"
#include "core/record.h"
#include "sysroot.h"

#define CAP "d2008c22260206\n" /* a QEMU VT-d cap register, as sysfs prints it */

/* The host the test records: a sysfs class link to a device directory,
 * a root-only file, a file longer than the cap, a directory of links. */
static struct sysroot *make_host(void)
{
	struct sysroot *sr = sr_new();

	sr_symlink(sr, "../../devices/virtual/iommu/dmar0", "/sys/class/iommu/dmar0");
	sr_write(sr, "/sys/devices/virtual/iommu/dmar0/intel-iommu/cap", CAP);
	sr_write(sr, "/sys/devices/virtual/iommu/dmar0/intel-iommu/secret", "42\n");
	sr_chmod(sr, "/sys/devices/virtual/iommu/dmar0/intel-iommu/secret", 0400);
	sr_write_fill(sr, "/proc/cpuinfo", 'x', 100);
	sr_symlink(sr, "../../../../devices/pci0000:00/0000:00:01.0",
		   "/sys/kernel/iommu_groups/1/devices/0000:00:01.0");
	sr_write(sr, "/sys/devices/pci0000:00/0000:00:01.0/vendor", "0x8086\n");
	sr_mkdir(sr, "/out");
	sr_chmod(sr, "/out", 0777);
	return sr;
}

struct rec_arg {
	char out[PATH_MAX];
};

/* Runs as nobody: records the reads and writes the archive. */
static int record_fn(struct ioasid_ctx *ctx, void *arg)
{
	struct rec_arg *a = arg;
	struct ioasid_dump_cmd cmd = {.cmdline = "test -J",
				      .exit_status = 0,
				      .output = "{\"schema_version\":1,\"n\":[1]}"};
	struct ioasid_dump_info info = {.tool = "test", .cmds = &cmd, .ncmds = 1};
	char line[64], **names, *text;
	size_t n;
	int fd, rc;

	if (ioasid_ctx_record(ctx, 16) < 0)
		return 1;
	if (iopath_read_line(ctx, line, sizeof(line), "/sys/class/iommu/dmar0/intel-iommu/cap"))
		return 2;
	if (iopath_read_line(ctx, line, sizeof(line),
			     "/sys/class/iommu/dmar0/intel-iommu/secret") != -EACCES)
		return 3;
	if (iopath_read_line(ctx, line, sizeof(line), "/sys/class/iommu/dmar1/x") != -ENOENT)
		return 4;
	if (iopath_read_all(ctx, &text, &n, 0, "/proc/cpuinfo") || n != 100)
		return 5;
	free(text);
	if (iopath_list(ctx, &names, &n, "/sys/kernel/iommu_groups/1/devices") || n != 1)
		return 6;
	iopath_names_free(names, n);
	if (iopath_link_base(ctx, line, sizeof(line),
			     "/sys/kernel/iommu_groups/1/devices/0000:00:01.0"))
		return 7;
	fd = open(a->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 8;
	rc = ioasid_dump_write(ctx, fd, &info);
	close(fd);
	return rc < 0 ? 9 : 0;
}

static void test_round_trip(void **state)
{
	struct sysroot *sr = make_host();
	struct rec_arg a;
	struct ioasid_ctx *ctx;
	struct ioasid_error err;
	char line[64], *text, **names;
	size_t n;
	int result;

	(void)state;
	snprintf(a.out, sizeof(a.out), "%s", sr_path(sr, "/out/dump.tar.gz"));
	if (!sr_run_unprivileged(sr, record_fn, &a, &result)) {
		sr_free(sr);
		skip();
	}
	assert_int_equal(result, 0);

	assert_int_equal(ioasid_ctx_open(&ctx, a.out, &err), 0);
	assert_true(ioasid_ctx_is_dump(ctx));
	/* the bytes, through the same link */
	assert_int_equal(
		iopath_read_line(ctx, line, sizeof(line), "/sys/class/iommu/dmar0/intel-iommu/cap"),
		0);
	assert_string_equal(line, "d2008c22260206");
	/* no perm replays as no perm (the replay runs as root here), absent
	 * as absent */
	assert_int_equal(iopath_read_line(ctx, line, sizeof(line),
					  "/sys/class/iommu/dmar0/intel-iommu/secret"),
			 -EACCES);
	assert_true(ioasid_ctx_perm_denials(ctx) >= 1);
	assert_int_equal(iopath_read_line(ctx, line, sizeof(line), "/sys/class/iommu/dmar1/x"),
			 -ENOENT);
	/* cut at the 16-byte cap */
	assert_int_equal(iopath_read_all(ctx, &text, &n, 0, "/proc/cpuinfo"), 0);
	assert_int_equal(n, 16);
	free(text);
	/* the listing and the link */
	assert_int_equal(iopath_list(ctx, &names, &n, "/sys/kernel/iommu_groups/1/devices"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "0000:00:01.0");
	iopath_names_free(names, n);
	assert_int_equal(iopath_readlink(ctx, line, sizeof(line),
					 "/sys/kernel/iommu_groups/1/devices/0000:00:01.0"),
			 0);
	assert_string_equal(line, "../../../../devices/pci0000:00/0000:00:01.0");
	/* a file nobody read is not in the dump */
	assert_int_equal(iopath_read_line(ctx, line, sizeof(line),
					  "/sys/devices/pci0000:00/0000:00:01.0/vendor"),
			 -ENOENT);
	/* the manifest says what was cut and why each path failed */
	{
		assert_int_equal(iopath_read_all(ctx, &text, &n, 0, "/manifest.json"), 0);
		assert_non_null(strstr(text, "\"/proc/cpuinfo\": {"));
		assert_non_null(strstr(text, "\"read\": 100"));
		assert_non_null(strstr(text, "\"/sys/class/iommu/dmar0/intel-iommu/secret\": "
					     "\"EACCES\""));
		assert_non_null(strstr(text, "\"/sys/class/iommu/dmar1/x\": \"ENOENT\""));
		assert_non_null(strstr(text, "\"test -J\""));
		free(text);
	}
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

/* An unpacked dump directory replays with its manifest too. */
static void test_unpacked_dir(void **state)
{
	struct sysroot *sr = sr_new();
	struct ioasid_ctx *ctx;
	struct ioasid_error err;
	char line[32];

	(void)state;
	sr_write(sr, "/manifest.json",
		 "{\"format_version\":1,\"errors\":{\"/sys/a\":\"EACCES\",\"/sys/b\":\"EBOGUS\"},"
		 "\"sizes\":{\"/sys/c\":4096}}");
	sr_write(sr, "/sys/a", "1\n");
	sr_write(sr, "/sys/b", "2\n");
	sr_write_fill(sr, "/sys/c", 'c', 64);
	assert_int_equal(ioasid_ctx_open(&ctx, sr->root, &err), 0);
	assert_int_equal(iopath_read_line(ctx, line, sizeof(line), "/sys/a"), -EACCES);
	/* an errno name this libc does not know is ignored, not fatal */
	assert_int_equal(iopath_read_line(ctx, line, sizeof(line), "/sys/b"), 0);
	{
		long long size;

		assert_int_equal(iopath_size(ctx, &size, "/sys/c"), 0);
		assert_int_equal(size, 4096);
	}
	ioasid_ctx_free(ctx);
	/* a plain directory without a manifest works as before */
	sr_unlink(sr, "/manifest.json");
	assert_int_equal(ioasid_ctx_open(&ctx, sr->root, &err), 0);
	assert_false(ioasid_ctx_is_dump(ctx));
	assert_int_equal(iopath_read_line(ctx, line, sizeof(line), "/sys/a"), 0);
	ioasid_ctx_free(ctx);
	/* a manifest that is not JSON is an error naming it */
	sr_write(sr, "/manifest.json", "{not json");
	assert_int_equal(ioasid_ctx_open(&ctx, sr->root, &err), -EBADMSG);
	assert_non_null(strstr(err.object, "manifest.json"));
	sr_free(sr);
}

/*
 * --redact: the PCI Device Serial Number capability (ID 0x0003, 8 bytes at
 * +4; drivers/pci/pci.c pci_get_dsn()) of each config file is replaced by
 * the serial's ordinal, the same serial by the same number; the hostname
 * disappears from /proc members and the manifest.
 */
static void put_dsn(unsigned char *cfg, unsigned long long serial)
{
	/* header at 0x100: ID 0x0003, version 1, next 0 */
	cfg[0x100] = 0x03;
	cfg[0x101] = 0x00;
	cfg[0x102] = 0x01;
	cfg[0x103] = 0x00;
	for (int i = 0; i < 8; i++)
		cfg[0x104 + i] = (unsigned char)(serial >> (8 * i));
}

static unsigned long long get_dsn(const unsigned char *cfg)
{
	unsigned long long v = 0;

	for (int i = 0; i < 8; i++)
		v |= (unsigned long long)cfg[0x104 + i] << (8 * i);
	return v;
}

static void test_redact(void **state)
{
	struct sysroot *sr = sr_new();
	static const char *const fns[] = {"0000:6a:00.0", "0000:6a:00.1", "0000:6b:00.0"};
	const unsigned long long serials[] = {0x0123456789abcdefull, 0x0123456789abcdefull,
					      0x1111222233334444ull};
	const unsigned long long want[] = {1, 1, 2};
	struct ioasid_dump_info info = {.tool = "test", .redact = true};
	struct ioasid_ctx *ctx;
	struct ioasid_error err;
	unsigned char cfg[4096];
	char path[96], *text;
	size_t n;
	int fd;

	(void)state;
	sr_write(sr, "/proc/sys/kernel/hostname", "db-prod-17\n");
	sr_write(sr, "/proc/cmdline", "root=/dev/sda1 hostname=db-prod-17\n");
	for (int i = 0; i < 3; i++) {
		memset(cfg, 0, sizeof(cfg));
		put_dsn(cfg, serials[i]);
		snprintf(path, sizeof(path), "/sys/devices/pci0000:6a/%s/config", fns[i]);
		sr_write_bytes(sr, path, cfg, sizeof(cfg));
	}
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_ctx_record(ctx, 0), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(iopath_read_all(ctx, &text, &n, 0,
						 "/sys/devices/pci0000:6a/%s/config", fns[i]),
				 0);
		free(text);
	}
	assert_int_equal(iopath_read_all(ctx, &text, &n, 0, "/proc/cmdline"), 0);
	free(text);
	fd = open(sr_path(sr, "/d.tar.gz"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ioasid_dump_write(ctx, fd, &info), 0);
	close(fd);
	ioasid_ctx_free(ctx);

	assert_int_equal(ioasid_ctx_open(&ctx, sr_path(sr, "/d.tar.gz"), &err), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(iopath_read_all(ctx, &text, &n, 0,
						 "/sys/devices/pci0000:6a/%s/config", fns[i]),
				 0);
		assert_int_equal(n, 4096);
		assert_true(get_dsn((unsigned char *)text) == want[i]);
		free(text);
	}
	assert_int_equal(iopath_read_all(ctx, &text, &n, 0, "/proc/cmdline"), 0);
	assert_null(strstr(text, "db-prod-17"));
	free(text);
	assert_int_equal(iopath_read_all(ctx, &text, &n, 0, "/manifest.json"), 0);
	assert_null(strstr(text, "db-prod-17"));
	assert_non_null(strstr(text, "\"hostname\": null"));
	assert_non_null(strstr(text, "\"pci_dsn\""));
	free(text);
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

/* ---- hostile archives ----------------------------------------------------------- */

struct member {
	const char *name;
	mode_t type;	      /* AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR */
	const char *data;     /* file content or link target */
	const char *hardlink; /* for a hard link */
	long long size;	      /* header size (-1: strlen(data)) */
};

static char *build(const struct member *m, size_t n, size_t *len)
{
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	struct archive *a = archive_write_new();

	assert_non_null(buf);
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t dl = m[i].data && m[i].type == AE_IFREG ? strlen(m[i].data) : 0;

		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_filetype(e, m[i].type);
		archive_entry_set_perm(e, 0644);
		if (m[i].type == AE_IFLNK)
			archive_entry_set_symlink(e, m[i].data);
		if (m[i].type == AE_IFCHR)
			archive_entry_set_rdev(e, makedev(1, 3));
		if (m[i].hardlink)
			archive_entry_set_hardlink(e, m[i].hardlink);
		archive_entry_set_size(e, m[i].size >= 0 ? m[i].size : (long long)dl);
		archive_write_header(a, e);
		if (dl)
			archive_write_data(a, m[i].data, dl);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return buf;
}

/* Extract into base/x; returns rc and checks base holds nothing else. */
static int try_extract(const struct member *m, size_t n, struct ioasid_error *err)
{
	struct sysroot *sr = sr_new();
	char dest[PATH_MAX];
	size_t len;
	char *buf = build(m, n, &len);
	int rc;

	snprintf(dest, sizeof(dest), "%s", sr_path(sr, "/x"));
	sr_mkdir(sr, "/x");
	memset(err, 0, sizeof(*err));
	rc = iodump_extract_memory(buf, len, dest, err);
	/* nothing next to the target, nothing in the directory above */
	assert_int_equal(access(sr_path(sr, "/evil"), F_OK), -1);
	assert_int_equal(access(sr_path(sr, "/x/evil"), F_OK), -1);
	free(buf);
	sr_free(sr);
	return rc;
}

#define M(name, type, data)                                                                        \
	{                                                                                          \
		name, type, data, NULL, -1                                                         \
	}

static void expect_refused(const struct member *m, size_t n, const char *member)
{
	struct ioasid_error err;

	assert_int_equal(try_extract(m, n, &err), -EBADMSG);
	assert_string_equal(err.object, member);
	assert_non_null(strstr(err.message, "refused"));
}

static void test_good_archive(void **state)
{
	const struct member m[] = {
		M("ioasid-dump/", AE_IFDIR, NULL),
		M("ioasid-dump/sys/devices/a/cap", AE_IFREG, "1\n"),
		M("ioasid-dump/sys/class/iommu/a", AE_IFLNK, "../../devices/a"),
		M("ioasid-dump/sys/bus/pci/drivers/x", AE_IFLNK, "../../../dangling"),
	};
	struct ioasid_error err;

	(void)state;
	assert_int_equal(try_extract(m, 4, &err), 0);
}

static void test_absolute(void **state)
{
	const struct member m[] = {M("/tmp/evil", AE_IFREG, "x")};

	(void)state;
	expect_refused(m, 1, "/tmp/evil");
}

static void test_dotdot(void **state)
{
	const struct member m[] = {M("ioasid-dump/", AE_IFDIR, NULL),
				   M("ioasid-dump/../evil", AE_IFREG, "x")};

	(void)state;
	expect_refused(m, 2, "ioasid-dump/../evil");
}

static void test_outside_top(void **state)
{
	const struct member m[] = {M("evil", AE_IFREG, "x")};

	(void)state;
	expect_refused(m, 1, "evil");
}

static void test_symlink_absolute(void **state)
{
	const struct member m[] = {M("ioasid-dump/l", AE_IFLNK, "/etc")};

	(void)state;
	expect_refused(m, 1, "ioasid-dump/l");
}

static void test_symlink_up(void **state)
{
	const struct member m[] = {M("ioasid-dump/sys/l", AE_IFLNK, "../../..")};

	(void)state;
	expect_refused(m, 1, "ioasid-dump/sys/l");
}

/* each lexically inside, together out: "a -> ." then "b -> a/.." */
static void test_symlink_chain(void **state)
{
	const struct member m[] = {M("ioasid-dump/a", AE_IFLNK, "."),
				   M("ioasid-dump/b", AE_IFLNK, "a/..")};

	(void)state;
	expect_refused(m, 2, "ioasid-dump/b");
}

/* a member written through a symlink member, even one pointing inside */
static void test_through_symlink(void **state)
{
	const struct member m[] = {M("ioasid-dump/sub/", AE_IFDIR, NULL),
				   M("ioasid-dump/l", AE_IFLNK, "sub"),
				   M("ioasid-dump/l/evil", AE_IFREG, "x")};

	(void)state;
	expect_refused(m, 3, "ioasid-dump/l/evil");
}

static void test_hardlink_out(void **state)
{
	const struct member m[] = {
		{"ioasid-dump/h", AE_IFREG, NULL, "../../etc/passwd", 0},
	};

	(void)state;
	expect_refused(m, 1, "ioasid-dump/h");
}

/* Each escape, with the kernel's openat2 and with the fallback walk. */
static void expect_refused_both(const struct member *m, size_t n, const char *member)
{
	ioconf_no_openat2 = false;
	expect_refused(m, n, member);
	ioconf_no_openat2 = true;
	expect_refused(m, n, member);
	ioconf_no_openat2 = false;
}

#define DEEP                                                                                       \
	"ioasid-dump/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16/d17/d18/d19/d20/d21/"  \
	"d22/d23/d24"
#define UP24 "../../../../../../../../../../../../../../../../../../../../../../../../"

/* The exploit: from DEEP the 24 ".." end at the top directory
 * (proc/1 is absent from the dump, so the link dangles there); the hard
 * link shares the symlink's inode and so its target, now read from proc/,
 * where the same ".." reach "/" and proc/1/../cmdline is this host's. */
static void test_hardlink_to_symlink(void **state)
{
	const struct member m[] = {
		M("ioasid-dump/", AE_IFDIR, NULL),
		M("ioasid-dump/proc/", AE_IFDIR, NULL),
		M(DEEP "/l", AE_IFLNK, UP24 "proc/1/../cmdline"),
		{"ioasid-dump/proc/cmdline", AE_IFREG, NULL, DEEP "/l", 0},
	};

	(void)state;
	expect_refused_both(m, 4, "ioasid-dump/proc/cmdline");
}

/* "c -> up/.." made before "up -> ../.." exists: only the check once all
 * members exist sees that c leads to the top's parent. */
static void test_chain_later_member(void **state)
{
	const struct member m[] = {
		M("ioasid-dump/a/b/", AE_IFDIR, NULL),
		M("ioasid-dump/a/b/c", AE_IFLNK, "up/.."),
		M("ioasid-dump/a/b/up", AE_IFLNK, "../.."),
	};

	(void)state;
	expect_refused_both(m, 3, "ioasid-dump/a/b/c");
}

/* A symlink to a symlink to a symlink, the last step out; and a chain out
 * towards a directory that does not exist on this host (realpath(3) fails
 * there: the escape must be seen without it). */
static void test_chain_out_nowhere(void **state)
{
	const struct member m1[] = {
		M("ioasid-dump/a/b/", AE_IFDIR, NULL),
		M("ioasid-dump/a/b/up", AE_IFLNK, "../.."),
		M("ioasid-dump/s1", AE_IFLNK, "a/b/up"),
		M("ioasid-dump/s2", AE_IFLNK, "s1"),
		M("ioasid-dump/s3", AE_IFLNK, "s2/../x"),
	};
	const struct member m2[] = {
		M("ioasid-dump/a/b/", AE_IFDIR, NULL),
		M("ioasid-dump/a/b/up", AE_IFLNK, "../.."),
		M("ioasid-dump/a/b/c", AE_IFLNK, "up/../no-such-dir-4711/x"),
	};

	(void)state;
	expect_refused_both(m1, 5, "ioasid-dump/s3");
	expect_refused_both(m2, 3, "ioasid-dump/a/b/c");
}

/* Links that stay inside, however chained, and ones that dangle or loop
 * inside, are kept (a captured sysfs is full of the first kind). */
static void test_chain_inside(void **state)
{
	const struct member m[] = {
		M("ioasid-dump/sys/devices/pci0000:00/0000:00:01.0/", AE_IFDIR, NULL),
		M("ioasid-dump/sys/bus/pci/devices/0000:00:01.0", AE_IFLNK,
		  "../../../devices/pci0000:00/0000:00:01.0"),
		M("ioasid-dump/sys/x", AE_IFLNK, "bus/pci/devices/0000:00:01.0/.."),
		M("ioasid-dump/loop1", AE_IFLNK, "loop2"),
		M("ioasid-dump/loop2", AE_IFLNK, "loop1"),
		M("ioasid-dump/dangling", AE_IFLNK, "sys/none/../../x"),
		{"ioasid-dump/sys/h", AE_IFREG, NULL, "ioasid-dump/sys/devices/f", 0},
		M("ioasid-dump/sys/devices/f", AE_IFREG, "1\n"),
	};
	const struct member ok[] = {
		M("ioasid-dump/sys/devices/pci0000:00/0000:00:01.0/", AE_IFDIR, NULL),
		M("ioasid-dump/sys/bus/pci/devices/0000:00:01.0", AE_IFLNK,
		  "../../../devices/pci0000:00/0000:00:01.0"),
		M("ioasid-dump/sys/x", AE_IFLNK, "bus/pci/devices/0000:00:01.0/.."),
		M("ioasid-dump/loop1", AE_IFLNK, "loop2"),
		M("ioasid-dump/loop2", AE_IFLNK, "loop1"),
		M("ioasid-dump/dangling", AE_IFLNK, "sys/none/../../x"),
		M("ioasid-dump/sys/devices/f", AE_IFREG, "1\n"),
		{"ioasid-dump/sys/h", AE_IFREG, NULL, "ioasid-dump/sys/devices/f", 0},
	};
	struct ioasid_error err;

	(void)state;
	/* a hard link before its target exists is refused, not deferred */
	expect_refused_both(m, 8, "ioasid-dump/sys/h");
	for (int k = 0; k < 2; k++) {
		ioconf_no_openat2 = k;
		assert_int_equal(try_extract(ok, 8, &err), 0);
	}
	ioconf_no_openat2 = false;
}

static void test_device_node(void **state)
{
	const struct member m[] = {M("ioasid-dump/dev/mem", AE_IFCHR, NULL)};

	(void)state;
	expect_refused(m, 1, "ioasid-dump/dev/mem");
}

static void test_huge_member(void **state)
{
	/* the header claims 17 MiB (no data follows: refused before reading) */
	const struct member m[] = {{"ioasid-dump/big", AE_IFREG, NULL, NULL, 17ll << 20}};

	(void)state;
	expect_refused(m, 1, "ioasid-dump/big");
}

static void test_not_archive(void **state)
{
	struct sysroot *sr = sr_new();
	struct ioasid_ctx *ctx;
	struct ioasid_error err;

	(void)state;
	sr_write(sr, "/garbage", "this is not a tar archive at all\n");
	assert_true(ioasid_ctx_open(&ctx, sr_path(sr, "/garbage"), &err) < 0);
	assert_null(ctx);
	assert_true(err.message[0] != '\0');
	sr_free(sr);
}

/* Every line the library looks for survives the kernel log reduction. */
static void test_kmsg_keeps_needles(void **state)
{
	static const char *const needles[] = {
		"AMD-Vi: Extended features (0x29d3, 0x0): PPR GT IA GA HE",
		"Extended features (0x29d3, 0x0):",
		"DMAR: Custom PASID allocator failed, scalable mode disabled",
		"DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap d2008c22260206 ecap f00f5e",
		"DMAR-IR: Enabled IRQ remapping in xapic mode",
		"iommu: Default domain type: Translated",
		"idxd 0000:6a:01.0: Intel(R) Accelerator Device (v100)",
		/* stock/smmu3.c: arm_smmu_device_hw_probe()'s line (QEMU, issue 17) */
		"arm-smmu-v3 9050000.smmuv3: ias 44-bit, oas 44-bit (features 0x00008305)",
		"arm-smmu-v3 arm-smmu-v3.10.auto: ias 48-bit, oas 48-bit (features 0x001e1fbf)",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
		assert_true(iorec_kmsg_keep(needles[i], strlen(needles[i])));
	assert_false(iorec_kmsg_keep("Linux version 6.12", 18));
	assert_false(iorec_kmsg_keep("random: crng init done", 22));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unpacked_dir),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_good_archive),
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_dotdot),
		cmocka_unit_test(test_outside_top),
		cmocka_unit_test(test_symlink_absolute),
		cmocka_unit_test(test_symlink_up),
		cmocka_unit_test(test_symlink_chain),
		cmocka_unit_test(test_through_symlink),
		cmocka_unit_test(test_hardlink_out),
		cmocka_unit_test(test_device_node),
		cmocka_unit_test(test_huge_member),
		cmocka_unit_test(test_not_archive),
		cmocka_unit_test(test_kmsg_keeps_needles),
		cmocka_unit_test(test_hardlink_to_symlink),
		cmocka_unit_test(test_chain_later_member),
		cmocka_unit_test(test_chain_out_nowhere),
		cmocka_unit_test(test_chain_inside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
