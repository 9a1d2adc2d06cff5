// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Limit writes (cgroup-write.c) on fake cgroup trees. What the kernel takes
 * (the oracle here, not the code under test):
 *  - misc.max: kernel/cgroup/misc.c misc_cg_max_write(): "<res> <N>" or
 *    "<res> max" (MAX_STR), strstrip()ed; an unknown resource, or one whose
 *    capacity is 0, is -EINVAL. misc_cg_max_show() prints "%s max\n" or
 *    "%s %llu\n" only for resources with a capacity: 6.1/6.12 stock hosts
 *    with SEV show "sev max\nsev_es max\n" and never "ioasid".
 *  - ioasids.max: ioasid-abi(7) CGROUP V2, pids.max's form: "N\n" / "max\n".
 * write(2) is wrapped (--wrap=write) to count the writes to a limit file,
 * keep their bytes, and inject the kernel's EINVAL.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup/cgroup.h"
#include "ioasid.h"
#include "sysroot.h"

#define CG "/sys/fs/cgroup"
#define VM CG "/machine.slice/vm1.scope"

static const char mountinfo[] =
	"28 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n"
	"31 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
	"rw,nsdelegate,memory_recursiveprot\n";

/* ---- write(2) spy ---- */
ssize_t __real_write(int fd, const void *buf, size_t n);
static bool spy_on;
static int spy_calls;
static char spy_buf[128];
static int spy_errno; /* fail every spied write with it (the kernel's answer) */

static bool is_limit_file(int fd)
{
	char link[64], path[512];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return false;
	path[n] = '\0';
	return strstr(path, "/misc.max") || strstr(path, "/ioasids.max");
}

ssize_t __wrap_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	if (spy_on && is_limit_file(fd)) {
		spy_calls++;
		memset(spy_buf, 0, sizeof(spy_buf));
		memcpy(spy_buf, buf, n < sizeof(spy_buf) - 1 ? n : sizeof(spy_buf) - 1);
		if (spy_errno) {
			errno = spy_errno;
			return -1;
		}
	}
	return __real_write(fd, buf, n);
}

static void spy_reset(void)
{
	spy_on = true;
	spy_calls = 0;
	spy_errno = 0;
	spy_buf[0] = '\0';
}

/* a Debian 12 style tree: misc and ioasids enabled down to vm1.scope */
static struct sysroot *tree(const char *misc_max, const char *ioasids_max)
{
	struct sysroot *sr = sr_new();

	sr_write(sr, "/proc/self/mountinfo", mountinfo);
	sr_write(sr, CG "/cgroup.controllers", "cpu io memory pids misc ioasids\n");
	sr_write(sr, CG "/cgroup.subtree_control", "memory pids misc ioasids\n");
	sr_write(sr, CG "/machine.slice/cgroup.controllers", "memory pids misc ioasids\n");
	sr_write(sr, CG "/machine.slice/cgroup.subtree_control", "misc ioasids\n");
	sr_write(sr, CG "/machine.slice/cgroup.type", "domain\n");
	sr_write(sr, VM "/cgroup.controllers", "misc ioasids\n");
	sr_write(sr, VM "/cgroup.subtree_control", "");
	sr_write(sr, VM "/cgroup.type", "domain\n");
	if (misc_max)
		sr_write(sr, VM "/misc.max", misc_max);
	if (ioasids_max)
		sr_write(sr, VM "/ioasids.max", ioasids_max);
	return sr;
}

static char *slurp(struct sysroot *sr, const char *path)
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

static void setmax(struct sysroot *sr, const char *res, uint64_t v, unsigned flags, int want,
		   struct ioasid_limit_old *old)
{
	struct ioasid_ctx *ctx = sr_ctx(sr);
	struct ioasid_cgroup_mount m;

	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
	spy_reset();
	if (res)
		assert_int_equal(ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", res, v,
						     flags, old),
				 want);
	else
		assert_int_equal(
			ioasid_ioasids_set_max(ctx, &m, "/machine.slice/vm1.scope", v, flags, old),
			want);
	spy_on = false;
	ioasid_ctx_free(ctx);
}

static void test_misc_write(void **state)
{
	struct ioasid_limit_old old;
	struct sysroot *sr = tree("sev max\nsev_es max\nioasid max\n", NULL);

	(void)state;
	setmax(sr, "ioasid", 64, 0, 1, &old);
	assert_int_equal(spy_calls, 1); /* one write(2): the whole line */
	assert_string_equal(spy_buf, "ioasid 64\n");
	assert_int_equal(old.v.err, 0);
	assert_true(old.unlimited);
	assert_true(old.v.v == UINT64_MAX);
	/* the fake file now says what the kernel would show */
	sr_write(sr, VM "/misc.max", "sev max\nsev_es max\nioasid 64\n");
	/* idempotent: the same limit again writes nothing */
	setmax(sr, "ioasid", 64, 0, 0, &old);
	assert_int_equal(spy_calls, 0);
	assert_false(old.unlimited);
	assert_true(old.v.v == 64);
	/* "max" */
	setmax(sr, "ioasid", IOASID_CGROUP_LIMIT_MAX, 0, 1, NULL);
	assert_int_equal(spy_calls, 1);
	assert_string_equal(spy_buf, "ioasid max\n");
	sr_write(sr, VM "/misc.max", "sev max\nsev_es max\nioasid max\n");
	setmax(sr, "ioasid", IOASID_CGROUP_LIMIT_MAX, 0, 0, NULL);
	assert_int_equal(spy_calls, 0);
	/* 0 is a limit like any other (nothing may be charged) */
	setmax(sr, "ioasid", 0, 0, 1, NULL);
	assert_string_equal(spy_buf, "ioasid 0\n");
	/* dry run: decides, never writes */
	sr_write(sr, VM "/misc.max", "ioasid 3\n");
	setmax(sr, "ioasid", 4, IOASID_LIMIT_DRY_RUN, 1, &old);
	assert_int_equal(spy_calls, 0);
	assert_true(old.v.v == 3);
	assert_string_equal(slurp(sr, VM "/misc.max"), "ioasid 3\n");
	setmax(sr, "ioasid", 3, IOASID_LIMIT_DRY_RUN, 0, NULL);
	/* another resource of a stock kernel, by name */
	sr_write(sr, VM "/misc.max", "sev 10\nsev_es max\n");
	setmax(sr, "sev_es", 5, 0, 1, NULL);
	assert_string_equal(spy_buf, "sev_es 5\n");
	sr_free(sr);
}

static void test_misc_unsupported(void **state)
{
	struct ioasid_ctx *ctx;
	struct sysroot *sr = tree("sev max\nsev_es max\n", NULL);

	(void)state;
	/* a stock kernel: misc.max has no ioasid line: unsupported, nothing written */
	setmax(sr, "ioasid", 8, 0, -EOPNOTSUPP, NULL);
	assert_int_equal(spy_calls, 0);
	/* an empty misc.max (no resource has a capacity: a host without SEV) */
	sr_write(sr, VM "/misc.max", "");
	setmax(sr, "ioasid", 8, 0, -EOPNOTSUPP, NULL);
	/* forced: the kernel's EINVAL is "not supported by this kernel" */
	sr_write(sr, VM "/misc.max", "sev max\n");
	ctx = sr_ctx(sr);
	{
		struct ioasid_cgroup_mount m;

		assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
		spy_reset();
		spy_errno = EINVAL;
		assert_int_equal(ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid",
						     8, IOASID_LIMIT_FORCE, NULL),
				 -EOPNOTSUPP);
		spy_on = false;
		assert_int_equal(spy_calls, 1);
		assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message,
				       "not supported by this kernel"));
		assert_non_null(strstr(ioasid_ctx_last_error(ctx)->object, "misc.max"));
	}
	ioasid_ctx_free(ctx);
	/* the kernel refusing a listed resource's value (EINVAL) says the same */
	sr_write(sr, VM "/misc.max", "ioasid 1\n");
	ctx = sr_ctx(sr);
	{
		struct ioasid_cgroup_mount m;

		assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
		spy_reset();
		spy_errno = EINVAL;
		assert_int_equal(ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid",
						     2, 0, NULL),
				 -EOPNOTSUPP);
		spy_on = false;
	}
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static void test_misc_bad(void **state)
{
	struct ioasid_ctx *ctx;
	struct ioasid_cgroup_mount m;
	struct sysroot *sr = tree("ioasid max\n", NULL);

	(void)state;
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
	spy_reset();
	/* no such cgroup */
	assert_int_equal(
		ioasid_misc_set_max(ctx, &m, "/machine.slice/vm9.scope", "ioasid", 1, 0, NULL),
		-ENOENT);
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "no such cgroup"));
	/* no misc.max there (misc not enabled, or the top) */
	assert_int_equal(ioasid_misc_set_max(ctx, &m, "/machine.slice", "ioasid", 1, 0, NULL),
			 -ENOENT);
	/* resource names the kernel could not print */
	assert_int_equal(
		ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "io asid", 1, 0, NULL),
		-EINVAL);
	assert_int_equal(ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "", 1, 0, NULL),
			 -EINVAL);
	assert_int_equal(spy_calls, 0);
	/* a garbage misc.max line for ioasid: the limit is unknown, so write */
	sr_write(sr, VM "/misc.max", "ioasid 12x\n");
	spy_reset();
	assert_int_equal(
		ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid", 12, 0, NULL), 1);
	assert_int_equal(spy_calls, 1);
	/* NUL bytes: not the kernel's text, nothing known: the write decides */
	sr_write_bytes(sr, VM "/misc.max", "ioasid 1\0\n", 10);
	spy_reset();
	assert_int_equal(
		ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid", 1, 0, NULL), 1);
	assert_int_equal(spy_calls, 1);
	/* a truncated file (no final newline) and an oversized number alike */
	sr_write(sr, VM "/misc.max", "ioasid 99999999999999999999\nsev max");
	spy_reset();
	assert_int_equal(
		ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid", 1, 0, NULL), 1);
	assert_string_equal(spy_buf, "ioasid 1\n");
	spy_on = false;
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static void test_ioasids_write(void **state)
{
	struct ioasid_limit_old old;
	struct sysroot *sr = tree(NULL, "0\n"); /* the seed's default limit: 0 */

	(void)state;
	setmax(sr, NULL, 10, 0, 1, &old);
	assert_int_equal(spy_calls, 1);
	assert_string_equal(spy_buf, "10\n");
	assert_true(old.v.v == 0 && old.v.err == 0 && !old.unlimited);
	sr_write(sr, VM "/ioasids.max", "10\n");
	setmax(sr, NULL, 10, 0, 0, NULL);
	assert_int_equal(spy_calls, 0);
	setmax(sr, NULL, IOASID_CGROUP_LIMIT_MAX, 0, 1, NULL);
	assert_string_equal(spy_buf, "max\n");
	sr_write(sr, VM "/ioasids.max", "max\n");
	setmax(sr, NULL, IOASID_CGROUP_LIMIT_MAX, 0, 0, &old);
	assert_true(old.unlimited);
	/* an s64 file: 2^63 does not fit */
	setmax(sr, NULL, (uint64_t)INT64_MAX + 1, 0, -ERANGE, NULL);
	setmax(sr, NULL, (uint64_t)INT64_MAX, 0, 1, NULL);
	assert_string_equal(spy_buf, "9223372036854775807\n");
	/* the kernel refuses: EINVAL is unsupported */
	{
		struct ioasid_ctx *ctx = sr_ctx(sr);
		struct ioasid_cgroup_mount m;

		assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
		spy_reset();
		spy_errno = EINVAL;
		assert_int_equal(
			ioasid_ioasids_set_max(ctx, &m, "/machine.slice/vm1.scope", 5, 0, NULL),
			-EOPNOTSUPP);
		spy_errno = ENOSPC; /* granting checks capacity: passed through */
		assert_int_equal(
			ioasid_ioasids_set_max(ctx, &m, "/machine.slice/vm1.scope", 5, 0, NULL),
			-ENOSPC);
		spy_on = false;
		ioasid_ctx_free(ctx);
	}
	/* no ioasids controller here */
	sr_unlink(sr, VM "/ioasids.max");
	setmax(sr, NULL, 5, 0, -ENOENT, NULL);
	sr_free(sr);
}

/* EACCES: a readable, unwritable limit file, as a user */
static int write_denied(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_cgroup_mount m;
	int rc;

	(void)arg;
	if (ioasid_cgroup_mount_find(ctx, &m) != 0)
		return -100;
	rc = ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid", 7, 0, NULL);
	if (rc != -EACCES)
		return -101;
	if (!strstr(ioasid_ctx_last_error(ctx)->message, "needs root"))
		return -102;
	rc = ioasid_ioasids_set_max(ctx, &m, "/machine.slice/vm1.scope", 7, 0, NULL);
	return rc == -EACCES ? 0 : -103;
}

static void test_eacces(void **state)
{
	struct sysroot *sr = tree("ioasid max\n", "0\n");
	int result;

	(void)state;
	sr_chmod(sr, VM "/misc.max", 0444);
	sr_chmod(sr, VM "/ioasids.max", 0444);
	if (!sr_run_unprivileged(sr, write_denied, NULL, &result))
		skip();
	if (result == -100) {
		fprintf(stderr, "EACCES case skipped: uid 65534 cannot reach the tree\n");
		skip();
	}
	assert_int_equal(result, 0);
	sr_free(sr);
}

/* A replayed dump: the limit is read (unchanged, dry run still answer),
 * and the write is refused with EROFS before write(2), named in the
 * context's error, the unpacked file left as it was. */
static void test_dump_readonly(void **state)
{
	struct sysroot *sr = tree("sev max\nioasid 3\n", "3\n");
	const struct ioasid_error *e;
	struct ioasid_limit_old old;
	struct ioasid_cgroup_mount m;
	struct ioasid_error err;
	struct ioasid_ctx *ctx;

	(void)state;
	sr_write(sr, "/manifest.json", "{\"format_version\":1}");
	assert_int_equal(ioasid_ctx_open(&ctx, sr->root, &err), 0);
	assert_true(ioasid_ctx_is_dump(ctx));
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
	spy_reset();
	/* already so, and a dry run: nothing to write, as on the live host */
	assert_int_equal(
		ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid", 3, 0, NULL), 0);
	assert_int_equal(ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid", 4,
					     IOASID_LIMIT_DRY_RUN, NULL),
			 1);
	/* a change: refused */
	assert_int_equal(
		ioasid_misc_set_max(ctx, &m, "/machine.slice/vm1.scope", "ioasid", 64, 0, &old),
		-EROFS);
	assert_true(old.v.v == 3); /* what the dump says it was */
	e = ioasid_ctx_last_error(ctx);
	assert_int_equal(e->errnum, EROFS);
	assert_string_equal(e->object, VM "/misc.max");
	assert_non_null(strstr(e->message, "read-only"));
	assert_null(strstr(e->message, "needs root")); /* not a permission problem */
	assert_int_equal(ioasid_ioasids_set_max(ctx, &m, "/machine.slice/vm1.scope", 10, 0, NULL),
			 -EROFS);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, VM "/ioasids.max");
	assert_int_equal(spy_calls, 0); /* no write(2) reached a limit file */
	spy_on = false;
	assert_string_equal(slurp(sr, VM "/misc.max"), "sev max\nioasid 3\n");
	assert_string_equal(slurp(sr, VM "/ioasids.max"), "3\n");
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misc_write), cmocka_unit_test(test_misc_unsupported),
		cmocka_unit_test(test_misc_bad),   cmocka_unit_test(test_ioasids_write),
		cmocka_unit_test(test_eacces),	   cmocka_unit_test(test_dump_readonly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
