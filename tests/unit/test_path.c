// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The path layer (path.c, ctx.c): root prefix, and every reader against
 * missing, empty, truncated, oversized, garbage, NUL-carrying, looping
 * and unreadable files. Expected values are what the contract in
 * internal.h promises and what sysfs writes ("%llx\n" and friends).
 */
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
#include <unistd.h>

#include <cmocka.h>

#include "core/internal.h"
#include "sysroot.h"

struct fx {
	struct sysroot *sr;
	struct ioasid_ctx *ctx;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->sr = sr_new();
	f->ctx = sr_ctx(f->sr);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ioasid_ctx_free(f->ctx);
	sr_free(f->sr);
	free(f);
	return 0;
}

static void test_ctx_root(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *ctx;
	char with_slash[300], buf[512];

	assert_int_equal(ioasid_ctx_new(&ctx, NULL), 0);
	assert_string_equal(ioasid_ctx_root(ctx), "");
	assert_true(ioasid_ctx_is_live(ctx));
	assert_int_equal(iopath_abs(ctx, buf, sizeof(buf), "/sys/class/%s", "iommu"), 0);
	assert_string_equal(buf, "/sys/class/iommu");
	ioasid_ctx_free(ctx);

	assert_int_equal(ioasid_ctx_new(&ctx, "/"), 0);
	assert_string_equal(ioasid_ctx_root(ctx), "");
	assert_true(ioasid_ctx_is_live(ctx));
	ioasid_ctx_free(ctx);

	snprintf(with_slash, sizeof(with_slash), "%s//", f->sr->root);
	assert_int_equal(ioasid_ctx_new(&ctx, with_slash), 0);
	assert_string_equal(ioasid_ctx_root(ctx), f->sr->root);
	assert_false(ioasid_ctx_is_live(ctx));
	assert_int_equal(iopath_abs(ctx, buf, sizeof(buf), "/proc/%s", "cmdline"), 0);
	assert_string_equal(buf, sr_path(f->sr, "/proc/cmdline"));
	/* a buffer too small for root + path */
	assert_int_equal(iopath_abs(ctx, buf, strlen(f->sr->root) + 3, "/proc/cmdline"),
			 -ENAMETOOLONG);
	assert_int_equal(iopath_abs(ctx, buf, 4, "/x"), -ENAMETOOLONG);
	ioasid_ctx_free(ctx);
	ioasid_ctx_free(NULL);
}

static void test_ctx_bad_root(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *ctx = (struct ioasid_ctx *)1;

	assert_int_equal(ioasid_ctx_new(&ctx, sr_path(f->sr, "/nonexistent")), -ENOENT);
	assert_null(ctx);
	sr_write(f->sr, "/file", "x");
	assert_int_equal(ioasid_ctx_new(&ctx, sr_path(f->sr, "/file")), -ENOTDIR);
	assert_null(ctx);
}

static void test_read_line(void **state)
{
	struct fx *f = *state;
	char buf[64];

	sr_write(f->sr, "/sys/a", "d2008c40660462\n");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/%s", "a"), 0);
	assert_string_equal(buf, "d2008c40660462");
	/* trailing blanks trimmed, only the first line */
	sr_write(f->sr, "/sys/b", "DMA-FQ \t\r\nsecond\n");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/b"), 0);
	assert_string_equal(buf, "DMA-FQ");
	/* no newline at all (truncated attribute) */
	sr_write(f->sr, "/sys/c", "1:0");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/c"), 0);
	assert_string_equal(buf, "1:0");
	/* fits exactly: 63 chars + NUL */
	sr_write_fill(f->sr, "/sys/d", 'x', 63);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/d"), 0);
	assert_int_equal(strlen(buf), 63);
	sr_write_fill(f->sr, "/sys/e", 'x', 64);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/e"), -EOVERFLOW);
}

static void test_read_line_malformed(void **state)
{
	struct fx *f = *state;
	char buf[64];

	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/missing"), -ENOENT);
	sr_write(f->sr, "/sys/empty", "");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/empty"), -ENODATA);
	sr_write(f->sr, "/sys/blank", " \n");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/blank"), -ENODATA);
	sr_write(f->sr, "/sys/nl", "\nvalue\n");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/nl"), -ENODATA);
	sr_write_bytes(f->sr, "/sys/nul",
		       "12\0"
		       "34\n",
		       6);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/nul"), -EINVAL);
	sr_write_bytes(f->sr, "/sys/nul0", "\0", 1);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/nul0"), -EINVAL);
	/* oversized: only the first page is looked at; the line does not fit */
	sr_write_fill(f->sr, "/sys/big", '7', IOASID_MAX_FILE + 1);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/big"), -EOVERFLOW);
	/* a directory */
	sr_mkdir(f->sr, "/sys/dir");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/dir"), -EISDIR);
	/* symlink loop */
	sr_symlink(f->sr, "loop", "/sys/loop");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/loop"), -ELOOP);
	sr_symlink(f->sr, "loop2", "/sys/loop1");
	sr_symlink(f->sr, "loop1", "/sys/loop2");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/loop1"), -ELOOP);
	/* dangling */
	sr_symlink(f->sr, "nowhere", "/sys/dangling");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/dangling"), -ENOENT);
	/* a path component that is a file */
	sr_write(f->sr, "/sys/file", "1\n");
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/file/x"), -ENOTDIR);
	assert_int_equal(ioasid_ctx_perm_denials(f->ctx), 0);
}

/* iopath_list_array(): the listing prologue of the readers (group.c,
 * idxd.c, amdxdna.c, ext-sysfs.c) */
static void test_list_array(void **state)
{
	struct fx *f = *state;
	char **names;
	size_t n;
	uint64_t *arr;

	/* absent: empty when allowed, else an error naming the path */
	assert_int_equal(iopath_list_array(f->ctx, "/sys/none", true, &names, &n, (void **)&arr,
					   sizeof(*arr)),
			 1);
	assert_int_equal(n, 0);
	assert_null(arr);
	assert_int_equal(iopath_list_array(f->ctx, "/sys/none", false, &names, &n, (void **)&arr,
					   sizeof(*arr)),
			 -ENOENT);
	assert_null(arr);
	assert_string_equal(ioasid_ctx_last_error(f->ctx)->object, "/sys/none");
	assert_non_null(strstr(ioasid_ctx_last_error(f->ctx)->message, "cannot list"));
	/* a file is no directory: the error, whatever absent_ok says */
	sr_write(f->sr, "/sys/file", "x");
	assert_int_equal(iopath_list_array(f->ctx, "/sys/file", true, &names, &n, (void **)&arr,
					   sizeof(*arr)),
			 -ENOTDIR);
	/* an empty directory: one zeroed element, none listed */
	sr_mkdir(f->sr, "/sys/empty");
	assert_int_equal(iopath_list_array(f->ctx, "/sys/empty", false, &names, &n, (void **)&arr,
					   sizeof(*arr)),
			 0);
	assert_int_equal(n, 0);
	assert_non_null(arr);
	assert_int_equal(arr[0], 0);
	free(arr);
	iopath_names_free(names, n);
	/* entries sorted as iopath_list sorts them, an element each */
	sr_write(f->sr, "/sys/d/10", "");
	sr_write(f->sr, "/sys/d/2", "");
	assert_int_equal(
		iopath_list_array(f->ctx, "/sys/d", true, &names, &n, (void **)&arr, sizeof(*arr)),
		0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "2");
	assert_string_equal(names[1], "10");
	assert_int_equal(arr[0] | arr[1], 0);
	free(arr);
	iopath_names_free(names, n);
}

static void test_read_u64(void **state)
{
	struct fx *f = *state;
	uint64_t v;

	sr_write(f->sr, "/sys/cap", "d2008c40660462\n");
	assert_int_equal(iopath_read_u64(f->ctx, &v, 16, "/sys/cap"), 0);
	assert_true(v == 0xd2008c40660462ull);
	sr_write(f->sr, "/sys/max", "ffffffffffffffff\n");
	assert_int_equal(iopath_read_u64(f->ctx, &v, 16, "/sys/max"), 0);
	assert_true(v == UINT64_MAX);
	sr_write(f->sr, "/sys/dec", "  65536 \n");
	assert_int_equal(iopath_read_u64(f->ctx, &v, 10, "/sys/dec"), 0);
	assert_true(v == 65536);
	sr_write(f->sr, "/sys/any", "0x10\n");
	assert_int_equal(iopath_read_u64(f->ctx, &v, 0, "/sys/any"), 0);
	assert_true(v == 16);
}

static void test_read_u64_malformed(void **state)
{
	static const struct {
		const char *text;
		int base, rc;
	} cases[] = {
		{"", 16, -ENODATA},
		{"\n", 16, -ENODATA},
		{"-1\n", 10, -EINVAL},
		{"+1\n", 10, -EINVAL},
		{"12abc\n", 10, -EINVAL},
		{"0x10\n", 10, -EINVAL},
		{"1 2\n", 10, -EINVAL},
		{"g\n", 16, -EINVAL},
		{"10000000000000000\n", 16, -ERANGE}, /* 2^64 */
		{"18446744073709551616\n", 10, -ERANGE},
		{"1:0\n", 10, -EINVAL},
	};
	struct fx *f = *state;
	uint64_t v = 77;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		sr_write(f->sr, "/sys/x", cases[i].text);
		rc = iopath_read_u64(f->ctx, &v, cases[i].base, "/sys/x");
		if (rc != cases[i].rc)
			fail_msg("\"%s\" base %d: %d, expected %d", cases[i].text, cases[i].base,
				 rc, cases[i].rc);
	}
	/* a line longer than the number buffer is garbage, not overflow */
	sr_write_fill(f->sr, "/sys/long", '1', 300);
	assert_int_equal(iopath_read_u64(f->ctx, &v, 10, "/sys/long"), -EINVAL);
	sr_write_bytes(f->sr, "/sys/nul",
		       "1\0"
		       "2",
		       3);
	assert_int_equal(iopath_read_u64(f->ctx, &v, 10, "/sys/nul"), -EINVAL);
	assert_int_equal(iopath_read_u64(f->ctx, &v, 10, "/sys/none"), -ENOENT);
}

static void test_read_val(void **state)
{
	struct fx *f = *state;
	struct ioasid_val v;

	sr_write(f->sr, "/sys/n", "256\n");
	iopath_read_val(f->ctx, &v, 10, "/sys/n");
	assert_true(ioasid_val_ok(&v));
	assert_true(v.v == 256);
	iopath_read_val(f->ctx, &v, 10, "/sys/missing");
	assert_int_equal(v.err, ENOENT);
	assert_true(v.v == 0);
	assert_false(ioasid_val_ok(&v));
	sr_write(f->sr, "/sys/bad", "many\n");
	iopath_read_val(f->ctx, &v, 10, "/sys/bad");
	assert_int_equal(v.err, EINVAL);
	assert_true(v.v == 0);
	assert_string_equal(ioasid_err_short(v.err), "bad value");
	assert_string_equal(ioasid_err_short(ENOENT), "absent");
	assert_string_equal(ioasid_err_short(EACCES), "no perm");
	assert_string_equal(ioasid_err_short(ELOOP), "link loop");
	assert_string_equal(ioasid_err_short(0), "");
}

static void test_read_all(void **state)
{
	struct fx *f = *state;
	char *text;
	size_t len;

	sr_write_bytes(f->sr, "/proc/x", "a\0b\n", 4);
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 0, "/proc/x"), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(text, "a\0b\n", 5); /* NUL-terminated after the data */
	free(text);
	sr_write(f->sr, "/proc/empty", "");
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 0, "/proc/empty"), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	/* more than one growth step */
	sr_write_fill(f->sr, "/proc/mid", 'm', 100000);
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 0, "/proc/mid"), 0);
	assert_int_equal(len, 100000);
	assert_int_equal(text[99999], 'm');
	assert_int_equal(text[100000], '\0');
	free(text);
	/* len may be NULL */
	assert_int_equal(iopath_read_all(f->ctx, &text, NULL, 0, "/proc/mid"), 0);
	free(text);
	text = (char *)1;
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 0, "/proc/missing"), -ENOENT);
	assert_null(text);
	sr_symlink(f->sr, "loop", "/proc/loop");
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 0, "/proc/loop"), -ELOOP);
	assert_null(text);
	sr_mkdir(f->sr, "/proc/dir");
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 0, "/proc/dir"), -EISDIR);
}

/* "at most max bytes, else -EFBIG" (internal.h); max 0 is IOASID_MAX_FILE. */
static void test_read_all_limits(void **state)
{
	struct fx *f = *state;
	char *text;
	size_t len;

	sr_write_fill(f->sr, "/proc/huge", 'h', IOASID_MAX_FILE + 1);
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 0, "/proc/huge"), -EFBIG);
	assert_null(text);
	/* exactly at the limit is still accepted */
	sr_write_fill(f->sr, "/proc/edge", 'e', 8192);
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 8192, "/proc/edge"), 0);
	assert_int_equal(len, 8192);
	free(text);
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 8191, "/proc/edge"), -EFBIG);
	/* a limit below one page is honoured too */
	sr_write_fill(f->sr, "/proc/small", 's', 100);
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 10, "/proc/small"), -EFBIG);
	assert_null(text);
	assert_int_equal(iopath_read_all(f->ctx, &text, &len, 100, "/proc/small"), 0);
	free(text);
}

static void test_pread(void **state)
{
	static const unsigned char cfg[8] = {0x86, 0x80, 0x25, 0x0b, 0, 0, 0x10, 0};
	struct fx *f = *state;
	unsigned char buf[8];

	sr_write_bytes(f->sr, "/sys/config", cfg, sizeof(cfg));
	assert_int_equal(iopath_pread(f->ctx, buf, 4, 0, "/sys/config"), 4);
	assert_memory_equal(buf, cfg, 4);
	assert_int_equal(iopath_pread(f->ctx, buf, 8, 6, "/sys/config"), 2); /* truncated */
	assert_int_equal(buf[0], 0x10);
	assert_int_equal(iopath_pread(f->ctx, buf, 8, 64, "/sys/config"), 0); /* past EOF */
	assert_int_equal(iopath_pread(f->ctx, buf, 8, 0, "/sys/nope"), -ENOENT);
}

static void test_links(void **state)
{
	struct fx *f = *state;
	char buf[64], small[2];

	sr_symlink(f->sr, "../../../kernel/iommu_groups/13",
		   "/sys/bus/pci/devices/0000:00:02.0/iommu_group");
	assert_int_equal(iopath_link_base(f->ctx, buf, sizeof(buf),
					  "/sys/bus/pci/devices/%s/iommu_group", "0000:00:02.0"),
			 0);
	assert_string_equal(buf, "13");
	assert_int_equal(iopath_readlink(f->ctx, buf, sizeof(buf),
					 "/sys/bus/pci/devices/0000:00:02.0/iommu_group"),
			 0);
	assert_string_equal(buf, "../../../kernel/iommu_groups/13");
	/* a target without a slash is its own base */
	sr_symlink(f->sr, "dmar0", "/sys/l1");
	assert_int_equal(iopath_link_base(f->ctx, buf, sizeof(buf), "/sys/l1"), 0);
	assert_string_equal(buf, "dmar0");
	/* target ending in '/' has no base */
	sr_symlink(f->sr, "../x/", "/sys/l2");
	assert_int_equal(iopath_link_base(f->ctx, buf, sizeof(buf), "/sys/l2"), -EINVAL);
	assert_int_equal(iopath_link_base(f->ctx, small, sizeof(small), "/sys/l1"), -ENAMETOOLONG);
	assert_int_equal(iopath_readlink(f->ctx, small, sizeof(small), "/sys/l1"), -ENAMETOOLONG);
	/* not a link */
	sr_write(f->sr, "/sys/plain", "x");
	assert_int_equal(iopath_link_base(f->ctx, buf, sizeof(buf), "/sys/plain"), -EINVAL);
	assert_int_equal(iopath_link_base(f->ctx, buf, sizeof(buf), "/sys/none"), -ENOENT);
	/* a loop is still a readable link; following it is what fails */
	sr_symlink(f->sr, "loop", "/sys/loop");
	assert_int_equal(iopath_link_base(f->ctx, buf, sizeof(buf), "/sys/loop"), 0);
	assert_string_equal(buf, "loop");
	assert_int_equal(iopath_access(f->ctx, "/sys/loop"), -ELOOP);
}

static void test_list(void **state)
{
	struct fx *f = *state;
	char **names;
	size_t n;

	sr_mkdir(f->sr, "/sys/class/iommu/dmar10");
	sr_mkdir(f->sr, "/sys/class/iommu/dmar2");
	sr_mkdir(f->sr, "/sys/class/iommu/dmar0");
	sr_symlink(f->sr, "dmar0", "/sys/class/iommu/dmar1");
	assert_int_equal(iopath_list(f->ctx, &names, &n, "/sys/class/%s", "iommu"), 0);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "dmar0");
	assert_string_equal(names[1], "dmar1");
	assert_string_equal(names[2], "dmar2");
	assert_string_equal(names[3], "dmar10");
	iopath_names_free(names, n);

	sr_mkdir(f->sr, "/sys/empty");
	assert_int_equal(iopath_list(f->ctx, &names, &n, "/sys/empty"), 0);
	assert_int_equal(n, 0);
	iopath_names_free(names, n);
	assert_int_equal(iopath_list(f->ctx, &names, &n, "/sys/none"), -ENOENT);
	assert_null(names);
	assert_int_equal(n, 0);
	sr_write(f->sr, "/sys/file", "");
	assert_int_equal(iopath_list(f->ctx, &names, &n, "/sys/file"), -ENOTDIR);
	sr_symlink(f->sr, "loop", "/sys/loop");
	assert_int_equal(iopath_list(f->ctx, &names, &n, "/sys/loop"), -ELOOP);
}

static void test_access(void **state)
{
	struct fx *f = *state;

	sr_write(f->sr, "/sys/a", "");
	assert_int_equal(iopath_access(f->ctx, "/sys/a"), 0);
	assert_int_equal(iopath_access(f->ctx, "/sys/b"), -ENOENT);
	sr_symlink(f->sr, "a", "/sys/link");
	assert_int_equal(iopath_access(f->ctx, "/sys/link"), 0);
	sr_symlink(f->sr, "gone", "/sys/dangling");
	assert_int_equal(iopath_access(f->ctx, "/sys/dangling"), -ENOENT);
}

static void test_parse_u64(void **state)
{
	uint64_t v = 5;

	(void)state;
	assert_int_equal(ioasid_parse_u64(" 42\n", 10, &v), 0);
	assert_true(v == 42);
	assert_int_equal(ioasid_parse_u64("", 10, &v), -EINVAL);
	assert_int_equal(ioasid_parse_u64("   ", 10, &v), -EINVAL);
	assert_int_equal(ioasid_parse_u64("-0", 10, &v), -EINVAL);
	/* strtoull stops after the "0": the "x" left over makes it garbage */
	assert_int_equal(ioasid_parse_u64("0x", 16, &v), -EINVAL);
	assert_int_equal(ioasid_parse_u64("ff", 10, &v), -EINVAL);
	assert_int_equal(ioasid_parse_u64("ff", 16, &v), 0);
	assert_true(v == 255);
}

/* The whole file under the sysroot, read without the code under test. */
static const char *slurp(const struct sysroot *sr, const char *path)
{
	static char buf[256];
	int fd = open(sr_path(sr, path), O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

/* Writes on a directory sysroot land under the root prefix, and only
 * there: a file of the same absolute path on this machine is untouched. */
static void test_write_under_root(void **state)
{
	struct fx *f = *state;
	const char *tmp = getenv("TMPDIR");
	char host_dir[256], host_file[300], buf[16];
	int fd;

	snprintf(host_dir, sizeof(host_dir), "%s/ioasid-write.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(host_dir));
	assert_true(host_dir[0] == '/');
	snprintf(host_file, sizeof(host_file), "%s/limit", host_dir);
	fd = open(host_file, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "host\n", 5), 5);
	close(fd);
	/* the same absolute path inside the sysroot, longer than the write */
	sr_write(f->sr, host_file, "sev max\nsev_es max\n");
	assert_int_equal(iopath_write(f->ctx, "ioasid 5\n", 9, "%s", host_file), 0);
	/* the whole file is the one write: O_TRUNC, as a shell's '>' */
	assert_string_equal(slurp(f->sr, host_file), "ioasid 5\n");
	fd = open(host_file, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), 5);
	close(fd);
	assert_memory_equal(buf, "host\n", 5);
	/* a write into a directory that is missing under the root */
	assert_int_equal(iopath_write(f->ctx, "1", 1, "/sys/nosuch/knob"), -ENOENT);
	/* the path layer records nothing for an ordinary failure */
	assert_int_equal(ioasid_ctx_last_error(f->ctx)->errnum, 0);
	assert_false(iopath_write_refused(f->ctx, -EROFS));

	/* mkdir and rmdir of a directory under the root */
	snprintf(host_file, sizeof(host_file), "%s/instance", host_dir);
	assert_int_equal(iopath_mkdir(f->ctx, 0700, "%s", host_file), 0);
	assert_int_equal(iopath_lstat_is_dir(f->ctx, "%s", host_file), 1);
	assert_int_equal(access(host_file, F_OK), -1); /* not on this machine */
	assert_int_equal(iopath_mkdir(f->ctx, 0700, "%s", host_file), -EEXIST);
	assert_int_equal(iopath_rmdir(f->ctx, "%s", host_file), 0);
	assert_int_equal(iopath_lstat_is_dir(f->ctx, "%s", host_file), -ENOENT);
	assert_int_equal(iopath_rmdir(f->ctx, "%s", host_file), -ENOENT);
	snprintf(host_file, sizeof(host_file), "%s/limit", host_dir);
	assert_int_equal(unlink(host_file), 0);
	assert_int_equal(rmdir(host_dir), 0);

	/* a device node's O_RDWR open: the file under the root */
	sr_write(f->sr, "/dev/ioasid", "");
	fd = iopath_open_rw(f->ctx, "/dev/%s", "ioasid");
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "rw", 2), 2);
	close(fd);
	assert_string_equal(slurp(f->sr, "/dev/ioasid"), "rw");
	assert_int_equal(iopath_open_rw(f->ctx, "/dev/nosuch"), -ENOENT);
}

/* lstat(2): a directory itself, not through a link (cgroupfs walks). */
static void test_lstat_is_dir(void **state)
{
	struct fx *f = *state;

	sr_mkdir(f->sr, "/sys/fs/cgroup/a");
	sr_write(f->sr, "/sys/fs/cgroup/misc.max", "");
	sr_symlink(f->sr, "a", "/sys/fs/cgroup/link");
	assert_int_equal(iopath_lstat_is_dir(f->ctx, "/sys/fs/cgroup/%s", "a"), 1);
	assert_int_equal(iopath_lstat_is_dir(f->ctx, "/sys/fs/cgroup/misc.max"), 0);
	/* the link leads to a directory, but is not one */
	assert_int_equal(iopath_access(f->ctx, "/sys/fs/cgroup/link/."), 0);
	assert_int_equal(iopath_lstat_is_dir(f->ctx, "/sys/fs/cgroup/link"), 0);
	assert_int_equal(iopath_lstat_is_dir(f->ctx, "/sys/fs/cgroup/b"), -ENOENT);
}

/* A replayed dump is read-only: every write is refused with EROFS before
 * the filesystem is touched, and recorded naming the host path. */
static void test_write_dump_refused(void **state)
{
	struct fx *f = *state;
	const struct ioasid_error *e;
	struct ioasid_error err;
	struct ioasid_ctx *ctx;
	char line[32];
	int rc;

	sr_write(f->sr, "/manifest.json", "{\"format_version\":1}");
	sr_write(f->sr, "/sys/fs/cgroup/a/misc.max", "ioasid 3\n");
	sr_mkdir(f->sr, "/sys/kernel/tracing/instances/old");
	sr_write(f->sr, "/dev/ioasid", "");
	assert_int_equal(ioasid_ctx_open(&ctx, f->sr->root, &err), 0);
	assert_true(ioasid_ctx_is_dump(ctx));

	rc = iopath_write(ctx, "ioasid 5\n", 9, "/sys/fs/cgroup/%s/misc.max", "a");
	assert_int_equal(rc, -EROFS);
	assert_true(iopath_write_refused(ctx, rc));
	e = ioasid_ctx_last_error(ctx);
	assert_int_equal(e->errnum, EROFS);
	assert_string_equal(e->object, "/sys/fs/cgroup/a/misc.max");
	assert_non_null(strstr(e->message, "read-only"));
	assert_string_equal(slurp(f->sr, "/sys/fs/cgroup/a/misc.max"), "ioasid 3\n");
	/* nothing is created either */
	assert_int_equal(iopath_write(ctx, "1", 1, "/sys/fs/cgroup/a/new"), -EROFS);
	assert_int_equal(access(sr_path(f->sr, "/sys/fs/cgroup/a/new"), F_OK), -1);
	assert_int_equal(iopath_mkdir(ctx, 0700, "/sys/kernel/tracing/instances/x"), -EROFS);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/kernel/tracing/instances/x");
	assert_int_equal(access(sr_path(f->sr, "/sys/kernel/tracing/instances/x"), F_OK), -1);
	assert_int_equal(iopath_rmdir(ctx, "/sys/kernel/tracing/instances/old"), -EROFS);
	assert_int_equal(access(sr_path(f->sr, "/sys/kernel/tracing/instances/old"), F_OK), 0);
	assert_int_equal(iopath_open_rw(ctx, "/dev/ioasid"), -EROFS);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/dev/ioasid");
	/* reads (and lstat, which opens nothing) still work */
	assert_int_equal(iopath_read_line(ctx, line, sizeof(line), "/sys/fs/cgroup/a/misc.max"), 0);
	assert_string_equal(line, "ioasid 3");
	assert_int_equal(iopath_lstat_is_dir(ctx, "/sys/fs/cgroup/a"), 1);
	ioasid_ctx_free(ctx);

	/* the same tree without its manifest is a directory sysroot: written */
	sr_unlink(f->sr, "/manifest.json");
	assert_int_equal(ioasid_ctx_open(&ctx, f->sr->root, &err), 0);
	assert_false(ioasid_ctx_is_dump(ctx));
	assert_int_equal(iopath_write(ctx, "ioasid 5\n", 9, "/sys/fs/cgroup/a/misc.max"), 0);
	assert_string_equal(slurp(f->sr, "/sys/fs/cgroup/a/misc.max"), "ioasid 5\n");
	ioasid_ctx_free(ctx);
}

/* Unreadable files: EACCES (and counted), run as nobody when root. */
static int read_denied(struct ioasid_ctx *ctx, void *arg)
{
	char buf[32];
	int rc;

	(void)arg;
	/* control: the tree itself must be reachable for this user */
	if (iopath_read_line(ctx, buf, sizeof(buf), "/sys/ok") != 0)
		return -100;
	rc = iopath_read_line(ctx, buf, sizeof(buf), "/sys/secret");
	if (rc != -EACCES)
		return rc ? rc : -101;
	if (ioasid_ctx_perm_denials(ctx) != 1)
		return -102;
	rc = iopath_read_u64(ctx, &(uint64_t){0}, 16, "/sys/secret");
	if (rc != -EACCES)
		return -103;
	{
		char *text;

		rc = iopath_read_all(ctx, &text, NULL, 0, "/sys/secret");
		if (rc != -EACCES)
			return -104;
	}
	rc = iopath_list(ctx, &(char **){NULL}, &(size_t){0}, "/sys/closed");
	if (rc != -EACCES)
		return -105;
	if (ioasid_ctx_perm_denials(ctx) != 4)
		return -106;
	return 0;
}

static void test_eacces(void **state)
{
	struct fx *f = *state;
	int result;

	sr_write(f->sr, "/sys/ok", "1\n");
	sr_write(f->sr, "/sys/secret", "d2008c40660462\n");
	sr_chmod(f->sr, "/sys/secret", 0);
	sr_mkdir(f->sr, "/sys/closed");
	sr_chmod(f->sr, "/sys/closed", 0);
	if (!sr_run_unprivileged(f->sr, read_denied, NULL, &result))
		skip();
	if (result == -100) {
		fprintf(stderr, "EACCES case skipped: uid 65534 cannot reach %s\n", f->sr->root);
		skip();
	}
	assert_int_equal(result, 0);
}

/*
 * Confinement (confine.c): below a root every path resolves in it, as the
 * kernel's RESOLVE_IN_ROOT: absolute targets and ".." above the root stay
 * in the root, so links of a hostile tree that point at a file outside it
 * (here a second temporary tree standing for the host) give that path's
 * file inside the root or ENOENT, for every read and write of the layer,
 * with openat2(2) and with the walk used where the kernel lacks it.
 */
static void confined_case(struct fx *f, const struct sysroot *out)
{
	char target[PATH_MAX], buf[256], *text;
	char **names;
	long long size;
	size_t n;
	int i;

	/* absolute: root-relative */
	assert_int_equal(iopath_read_all(f->ctx, &text, NULL, 0, "/sys/abs"), -ENOENT);
	assert_int_equal(iopath_read_all(f->ctx, &text, NULL, 0, "/sys/absin"), 0);
	assert_string_equal(text, "INSIDE\n");
	free(text);
	/* ".." at the root stays there */
	assert_int_equal(iopath_read_all(f->ctx, &text, NULL, 0, "/sys/rel"), -ENOENT);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/up"), 0);
	assert_string_equal(buf, "INSIDE");
	assert_int_equal(
		iopath_read_line(f->ctx, buf, sizeof(buf), "/../../../../..%s/secret", out->root),
		-ENOENT);
	/* the exploit in a plain tree: a hard link to a deep symlink
	 * whose ".." stay inside from its own directory only */
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/proc/cmdline"), -ENOENT);
	/* a directory link out: nothing listed, read, sized or found */
	assert_int_equal(iopath_list(f->ctx, &names, &n, "/sys/dirabs"), -ENOENT);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/dirabs/file"), -ENOENT);
	assert_int_equal(iopath_size(f->ctx, &size, "/sys/dirabs/file"), -ENOENT);
	assert_int_equal(iopath_access(f->ctx, "/sys/dirabs/file"), -ENOENT);
	assert_int_equal(iopath_pread(f->ctx, buf, 4, 0, "/sys/dirabs/file"), -ENOENT);
	assert_int_equal(iopath_open(f->ctx, "/sys/dirrel/file"), -ENOENT);
	assert_int_equal(iopath_lstat_is_dir(f->ctx, "/sys/dirabs"), 0);
	assert_int_equal(iopath_readlink(f->ctx, target, sizeof(target), "/sys/dirrel/link"),
			 -ENOENT);
	/* writes: nothing outside changes or appears */
	assert_int_equal(iopath_write(f->ctx, "evil", 4, "/sys/wabs"), -ENOENT);
	assert_int_equal(iopath_mkdir(f->ctx, 0755, "/sys/dirabs/new"), -ENOENT);
	assert_int_equal(iopath_rmdir(f->ctx, "/sys/dirabs/sub"), -ENOENT);
	assert_int_equal(access(sr_path(out, "/dir/new"), F_OK), -1);
	assert_int_equal(access(sr_path(out, "/dir/sub"), F_OK), 0);
	i = open(sr_path(out, "/wfile"), O_RDONLY);
	assert_true(i >= 0);
	assert_int_equal(read(i, buf, sizeof(buf)), 5);
	close(i);
	/* links inside still work, as a captured sysfs needs */
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/class/x/attr"), 0);
	assert_string_equal(buf, "42");
	assert_int_equal(iopath_list(f->ctx, &names, &n, "/sys/class/x"), 0);
	assert_int_equal(n, 1);
	iopath_names_free(names, n);
	assert_int_equal(iopath_read_line(f->ctx, buf, sizeof(buf), "/sys/loop"), -ELOOP);
	/* for libpci, which follows links itself: which paths lead out */
	assert_int_equal(iopath_beneath(f->ctx, "/sys/abs"), -EXDEV);
	assert_int_equal(iopath_beneath(f->ctx, "/sys/absin"), -EXDEV);
	assert_int_equal(iopath_beneath(f->ctx, "/sys/up"), -EXDEV);
	assert_int_equal(iopath_beneath(f->ctx, "/sys/dirrel/file"), -EXDEV);
	assert_int_equal(iopath_beneath(f->ctx, "/proc/cmdline"), -EXDEV);
	assert_int_equal(iopath_beneath(f->ctx, "/sys/class/x/attr"), 0);
	assert_int_equal(iopath_beneath(f->ctx, "/sys/none/../../x"), 0);
	assert_int_equal(iopath_beneath(f->ctx, "/sys/loop"), 0);
}

static void test_confined(void **state)
{
	struct fx *f = *state;
	struct sysroot *out = sr_new();
	char target[PATH_MAX], up[200] = "", deep[200] = "/sys/d";

	sr_write(out, "/secret", "HOST-SECRET\n");
	sr_write(out, "/dir/file", "HOST\n");
	sr_mkdir(out, "/dir/sub");
	sr_write(out, "/wfile", "orig\n");
	sr_write(f->sr, "/proc/version", "INSIDE\n");
	sr_write(f->sr, "/sys/devices/x/attr", "42\n");
	sr_symlink(f->sr, "../devices/x", "/sys/class/x");
	snprintf(target, sizeof(target), "%s/secret", out->root);
	sr_symlink(f->sr, target, "/sys/abs");
	sr_symlink(f->sr, "/proc/version", "/sys/absin");
	for (int i = 0; i < 40; i++)
		strcat(up, "../");
	snprintf(target, sizeof(target), "%s%s/secret", up, out->root + 1);
	sr_symlink(f->sr, target, "/sys/rel");
	sr_symlink(f->sr, "../../../../../../proc/version", "/sys/up");
	snprintf(target, sizeof(target), "%s/dir", out->root);
	sr_symlink(f->sr, target, "/sys/dirabs");
	snprintf(target, sizeof(target), "%s%s/dir", up, out->root + 1);
	sr_symlink(f->sr, target, "/sys/dirrel");
	snprintf(target, sizeof(target), "%s/wfile", out->root);
	sr_symlink(f->sr, target, "/sys/wabs");
	sr_symlink(f->sr, "loop", "/sys/loop");
	/* 40 ".." from /sys/d/d/.../d (40 deep) end at the root; from /proc
	 * they end at "/" and reach the other tree's secret */
	for (int i = 1; i < 40; i++)
		strcat(deep, "/d");
	sr_mkdir(f->sr, deep);
	strcat(deep, "/l");
	snprintf(target, sizeof(target), "%s%s/secret", up, out->root + 1);
	sr_symlink(f->sr, target, deep);
	{
		char hl[PATH_MAX];

		snprintf(hl, sizeof(hl), "%s", sr_path(f->sr, "/proc/cmdline"));
		assert_int_equal(linkat(AT_FDCWD, sr_path(f->sr, deep), AT_FDCWD, hl, 0), 0);
	}
	ioconf_no_openat2 = false;
	confined_case(f, out);
	ioconf_no_openat2 = true;
	confined_case(f, out);
	ioconf_no_openat2 = false;
	sr_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ctx_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ctx_bad_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_line_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_u64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_u64_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_val, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_all_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_under_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lstat_is_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_dump_refused, setup, teardown),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test_setup_teardown(test_eacces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confined, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_array, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
