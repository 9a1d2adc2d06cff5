// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The /dev/ioasid client (uapi-client.c). ioctl(2) and open(2) are wrapped
 * (--wrap): each request's number and struct bytes are checked against
 * ioasid-abi(7) DEVICE by hand: the numbers are _IO(';', 0x40 + n), i.e.
 * (0x3b << 8) | (0x40 + n) with no size or direction bits, 0x3b40-0x3b46
 * (the man page's table); the structs are __u32 fields in the man page's
 * order, argsz their size (40, 20, 12, 16, 12, 16), flags and unused bytes
 * zero. The errno mapping: a failed ioctl's errno comes back negated, with
 * the request named, and no output written. The argsz rules (below v1
 * EINVAL, non-zero bytes past the kernel's size E2BIG, zero bytes past it
 * accepted) are checked through the loopback transport on an emulated host.
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

#include "core/internal.h"
#include "ioasid.h"
#include "sysroot.h"
#include "uapi/ioasid.h"

/* ---- open(2) ---- */
int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);
static int open_errno;	    /* fail an open of /dev/ioasid with it */
static int open_flags = -1; /* flags of the last open of /dev/ioasid */
static int dev_fd = -1;	    /* its fd */

static bool is_dev(const char *path)
{
	size_t n = strlen(path), k = strlen("/dev/ioasid");

	return n >= k && !strcmp(path + n - k, "/dev/ioasid");
}

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int fd;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	if (is_dev(path)) {
		open_flags = flags;
		if (open_errno) {
			errno = open_errno;
			return -1;
		}
	}
	fd = __real_open(path, flags, mode);
	if (is_dev(path))
		dev_fd = fd;
	return fd;
}

/* Below a root the path layer opens through confine.c: openat2(2), or a
 * walk whose last step is openat(DIR, "ioasid", ...). The tests take the
 * walk (main()) and see that step here, as the open above on the host. */
int __real_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);

int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int fd;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	if (strcmp(path, "ioasid"))
		return __real_openat(dirfd, path, flags, mode);
	open_flags = flags;
	if (open_errno) {
		errno = open_errno;
		return -1;
	}
	fd = __real_openat(dirfd, path, flags, mode);
	dev_fd = fd;
	return fd;
}

/* ---- ioctl(2) ---- */
int __wrap_ioctl(int fd, unsigned long request, ...);
static struct {
	int calls;
	int fd;
	unsigned long request;
	bool had_arg;
	uint32_t in[16]; /* the struct as the kernel would copy it in */
	/* the answer */
	int ret, err;
	uint32_t out[16];
	size_t out_words; /* written back on success */
} io;

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	uint32_t *arg;

	va_start(ap, request);
	arg = va_arg(ap, uint32_t *);
	va_end(ap);
	io.calls++;
	io.fd = fd;
	io.request = request;
	io.had_arg = arg != NULL;
	memset(io.in, 0xa5, sizeof(io.in));
	if (arg && arg[0] <= sizeof(io.in))
		memcpy(io.in, arg, arg[0]);
	if (io.err) {
		errno = io.err;
		return -1;
	}
	if (arg)
		memcpy(arg, io.out, io.out_words * 4);
	return io.ret;
}

static void answer(int ret, int err, size_t words, ...)
{
	va_list ap;

	memset(&io, 0, sizeof(io));
	io.ret = ret;
	io.err = err;
	io.out_words = words;
	va_start(ap, words);
	for (size_t i = 0; i < words; i++)
		io.out[i] = va_arg(ap, uint32_t);
	va_end(ap);
}

struct fx {
	struct sysroot *sr;
	struct ioasid_ctx *ctx;
	struct ioasid_uapi *u;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->sr = sr_new();
	sr_write(f->sr, "/dev/ioasid", ""); /* a stand-in the wrapped ioctl answers for */
	f->ctx = sr_ctx(f->sr);
	open_errno = 0;
	assert_int_equal(ioasid_uapi_open(f->ctx, &f->u), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ioasid_uapi_close(f->u);
	ioasid_ctx_free(f->ctx);
	sr_free(f->sr);
	free(f);
	return 0;
}

static void test_numbers(void **state)
{
	(void)state;
	/* hand-computed _IO(';', 0x40 + n) */
	assert_int_equal(IOASID_GET_API_VERSION, 0x3b40);
	assert_int_equal(IOASID_GET_INFO, 0x3b41);
	assert_int_equal(IOASID_ALLOC, 0x3b42);
	assert_int_equal(IOASID_FREE, 0x3b43);
	assert_int_equal(IOASID_BIND, 0x3b44);
	assert_int_equal(IOASID_UNBIND, 0x3b45);
	assert_int_equal(IOASID_FIND_SPID, 0x3b46);
	assert_string_equal(ioasid_uapi_request_name(0x3b42), "IOASID_ALLOC");
	assert_string_equal(ioasid_uapi_request_name(0x3b46), "IOASID_FIND_SPID");
	assert_null(ioasid_uapi_request_name(0x3b47));
}

static void test_open(void **state)
{
	(void)state;
	/* O_RDWR and close-on-exec (a forked child must not inherit it:
	 * transferred fds cannot make requests, ioasid-abi(7)) */
	assert_int_equal(open_flags & O_ACCMODE, O_RDWR);
	assert_true(open_flags & O_CLOEXEC);
	assert_true(dev_fd >= 0);
}

static void test_open_errors(void **state)
{
	struct sysroot *sr = sr_new();
	struct ioasid_ctx *ctx = sr_ctx(sr);
	struct ioasid_uapi *u = (void *)1;

	(void)state;
	open_errno = 0;
	/* no /dev/ioasid: a stock kernel */
	assert_int_equal(ioasid_uapi_open(ctx, &u), -ENOENT);
	assert_null(u);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/dev/ioasid");
	assert_non_null(
		strstr(ioasid_ctx_last_error(ctx)->message, "not supported by this kernel"));
	sr_write(sr, "/dev/ioasid", "");
	open_errno = ENODEV;
	assert_int_equal(ioasid_uapi_open(ctx, &u), -ENODEV);
	assert_non_null(
		strstr(ioasid_ctx_last_error(ctx)->message, "not supported by this kernel"));
	open_errno = EBUSY; /* a second open by this process */
	assert_int_equal(ioasid_uapi_open(ctx, &u), -EBUSY);
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "one open per process"));
	open_errno = EACCES;
	assert_int_equal(ioasid_uapi_open(ctx, &u), -EACCES);
	open_errno = 0;
	ioasid_ctx_free(ctx);
	/* a replayed dump is read-only: refused before open(2) */
	sr_write(sr, "/manifest.json", "{\"format_version\":1}");
	assert_int_equal(ioasid_ctx_open(&ctx, sr->root, NULL), 0);
	open_flags = -1;
	assert_int_equal(ioasid_uapi_open(ctx, &u), -EROFS);
	assert_null(u);
	assert_int_equal(open_flags, -1); /* never opened */
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/dev/ioasid");
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "read-only"));
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static void test_version(void **state)
{
	struct fx *f = *state;

	answer(1, 0, 0);
	assert_int_equal(ioasid_uapi_get_api_version(f->u), 1);
	assert_int_equal(io.calls, 1);
	assert_int_equal(io.fd, dev_fd);
	assert_int_equal(io.request, 0x3b40);
	assert_false(io.had_arg); /* no argument */
	answer(0, ENOTTY, 0);
	assert_int_equal(ioasid_uapi_get_api_version(f->u), -ENOTTY);
}

static void test_info(void **state)
{
	struct fx *f = *state;
	struct ioasid_info_args i;

	/* the kernel's answer for a VM with set 2: capacity 2^20, available
	 * 1013760, set 2, quota 1024, 3 allocated */
	answer(0, 0, 10, 40u, 1u, 0x100000u, 1013760u, 1u, 0xfffffu, 2u, 1024u, 3u, 0u);
	memset(&i, 0xff, sizeof(i));
	assert_int_equal(ioasid_uapi_get_info(f->u, &i), 0);
	assert_int_equal(io.request, 0x3b41);
	assert_int_equal(io.in[0], 40); /* argsz */
	for (int k = 1; k < 10; k++)
		assert_int_equal(io.in[k], 0); /* flags and outputs zero */
	assert_int_equal(i.argsz, 40);
	assert_int_equal(i.flags, IOASID_INFO_HAS_SET);
	assert_int_equal(i.capacity, 0x100000);
	assert_int_equal(i.available, 1013760);
	assert_int_equal(i.min_ioasid, 1);
	assert_int_equal(i.max_ioasid, 0xfffff);
	assert_int_equal(i.set, 2);
	assert_int_equal(i.quota, 1024);
	assert_int_equal(i.allocated, 3);
	/* failure: nothing written to the caller's struct */
	answer(0, EFAULT, 0);
	memset(&i, 0x5a, sizeof(i));
	assert_int_equal(ioasid_uapi_get_info(f->u, &i), -EFAULT);
	assert_int_equal(i.argsz, 0x5a5a5a5a);
	assert_int_equal(ioasid_uapi_last_error(f->u)->errnum, EFAULT);
	assert_string_equal(ioasid_uapi_last_error(f->u)->object, "/dev/ioasid");
	assert_non_null(strstr(ioasid_uapi_last_error(f->u)->message, "IOASID_GET_INFO"));
}

static void test_alloc(void **state)
{
	struct fx *f = *state;
	uint32_t id = 0;

	answer(0, 0, 5, 20u, 0u, 1u, 0xfffffu, 77u);
	assert_int_equal(ioasid_uapi_alloc(f->u, 1, 0xfffff, &id), 0);
	assert_int_equal(io.request, 0x3b42);
	assert_int_equal(io.in[0], 20);
	assert_int_equal(io.in[1], 0);
	assert_int_equal(io.in[2], 1);
	assert_int_equal(io.in[3], 0xfffff);
	assert_int_equal(io.in[4], 0);
	assert_int_equal(id, 77);
	/* each ABI errno comes back as is, and the output stays */
	const int errs[] = {ENOSPC, EINVAL, EPERM, EDQUOT, EBADF, E2BIG};
	for (size_t k = 0; k < sizeof(errs) / sizeof(errs[0]); k++) {
		id = 12345;
		answer(0, errs[k], 0);
		assert_int_equal(ioasid_uapi_alloc(f->u, 5, 9, &id), -errs[k]);
		assert_int_equal(id, 12345);
		assert_int_equal(ioasid_uapi_last_error(f->u)->errnum, errs[k]);
		assert_non_null(strstr(ioasid_uapi_last_error(f->u)->message, "IOASID_ALLOC: "));
		assert_non_null(strstr(ioasid_uapi_last_error(f->u)->message, strerror(errs[k])));
	}
}

static void test_free_bind_unbind(void **state)
{
	struct fx *f = *state;

	answer(0, 0, 0);
	assert_int_equal(ioasid_uapi_free(f->u, 77), 0);
	assert_int_equal(io.request, 0x3b43);
	assert_int_equal(io.in[0], 12);
	assert_int_equal(io.in[1], 0);
	assert_int_equal(io.in[2], 77);
	answer(0, ENOENT, 0);
	assert_int_equal(ioasid_uapi_free(f->u, 78), -ENOENT);
	assert_non_null(strstr(ioasid_uapi_last_error(f->u)->message, "IOASID_FREE"));

	answer(0, 0, 0);
	assert_int_equal(ioasid_uapi_bind(f->u, 77, 0x1234), 0);
	assert_int_equal(io.request, 0x3b44);
	assert_int_equal(io.in[0], 16);
	assert_int_equal(io.in[1], 0);
	assert_int_equal(io.in[2], 77);
	assert_int_equal(io.in[3], 0x1234);
	answer(0, EBUSY, 0);
	assert_int_equal(ioasid_uapi_bind(f->u, 77, 0x1234), -EBUSY);
	answer(0, EEXIST, 0);
	assert_int_equal(ioasid_uapi_bind(f->u, 78, 0x1234), -EEXIST);

	answer(0, 0, 0);
	assert_int_equal(ioasid_uapi_unbind(f->u, 77), 0);
	assert_int_equal(io.request, 0x3b45);
	assert_int_equal(io.in[0], 12);
	assert_int_equal(io.in[1], 0);
	assert_int_equal(io.in[2], 77);
	answer(0, EINVAL, 0);
	assert_int_equal(ioasid_uapi_unbind(f->u, 77), -EINVAL);
	assert_non_null(strstr(ioasid_uapi_last_error(f->u)->message, "IOASID_UNBIND"));
}

static void test_find(void **state)
{
	struct fx *f = *state;
	uint32_t id = 0;

	answer(0, 0, 4, 16u, 0u, 0x1234u, 77u);
	assert_int_equal(ioasid_uapi_find_spid(f->u, 0x1234, &id), 0);
	assert_int_equal(io.request, 0x3b46);
	assert_int_equal(io.in[0], 16);
	assert_int_equal(io.in[1], 0);
	assert_int_equal(io.in[2], 0x1234);
	assert_int_equal(io.in[3], 0);
	assert_int_equal(id, 77);
	id = 9;
	answer(0, ENOENT, 0);
	assert_int_equal(ioasid_uapi_find_spid(f->u, 0x1235, &id), -ENOENT);
	assert_int_equal(id, 9);
	/* a raw request passes the caller's argsz through unchanged */
	uint32_t raw[6] = {24, 0, 0x1234, 0, 0, 7};
	answer(0, E2BIG, 0);
	assert_int_equal(ioasid_uapi_request(f->u, IOASID_FIND_SPID, raw), -E2BIG);
	assert_int_equal(io.in[0], 24);
	assert_int_equal(io.in[5], 7);
	/* an unknown request is named by number */
	answer(0, ENOTTY, 0);
	assert_int_equal(ioasid_uapi_request(f->u, 0x3b4f, raw), -ENOTTY);
	assert_non_null(strstr(ioasid_uapi_last_error(f->u)->message, "0x3b4f"));
}

/* ---- a custom transport: the seam itself ---- */
static int seen_req;
static int fake_request(void *priv, unsigned long request, void *arg)
{
	(void)arg;
	seen_req = (int)request;
	return *(int *)priv;
}

static void test_transport(void **state)
{
	static int answer_rc = -EXDEV;
	struct ioasid_uapi_transport t = {"fake", fake_request, NULL};
	struct ioasid_uapi *u;

	(void)state;
	assert_int_equal(ioasid_uapi_open_transport(&t, &answer_rc, &u), 0);
	io.calls = 0;
	assert_int_equal(ioasid_uapi_unbind(u, 3), -EXDEV);
	assert_int_equal(seen_req, 0x3b45);
	assert_int_equal(io.calls, 0); /* never reached ioctl(2) */
	answer_rc = -100000;	       /* not an errno: reported as EIO */
	assert_int_equal(ioasid_uapi_free(u, 3), -EIO);
	ioasid_uapi_close(u);
}

/* ---- the loopback transport on an emulated host ---- */
static int loop_rc;
static int loop(struct ioasid_sim_host *h, void *arg)
{
	struct ioasid_uapi *u;
	struct ioasid_info_args i;
	uint32_t id, found;
	/* argsz-first: a v1 FREE struct with 4 extra bytes */
	uint32_t big[4] = {16, 0, 0, 0};
	uint32_t short_alloc[5] = {16, 0, 1, 100, 0};

	(void)arg;
	loop_rc = -1;
	if (ioasid_uapi_open_loopback(h, 4001, &u) < 0)
		return -EIO;
	if (ioasid_uapi_get_api_version(u) != IOASID_API_VERSION)
		goto out;
	loop_rc = -2;
	if (ioasid_uapi_get_info(u, &i) || i.argsz != IOASID_INFO_SZ_V1 || i.min_ioasid != 1)
		goto out;
	loop_rc = -3;
	if (ioasid_uapi_alloc(u, 1, 0xffffe, &id) || id == 0)
		goto out;
	loop_rc = -4;
	if (ioasid_uapi_bind(u, id, 0x4242) || ioasid_uapi_find_spid(u, 0x4242, &found) ||
	    found != id)
		goto out;
	loop_rc = -5; /* short argsz: EINVAL */
	if (ioasid_uapi_request(u, IOASID_ALLOC, short_alloc) != -EINVAL)
		goto out;
	loop_rc = -6; /* non-zero bytes past the kernel's size: E2BIG */
	big[2] = id;
	big[3] = 1;
	if (ioasid_uapi_request(u, IOASID_UNBIND, big) != -E2BIG)
		goto out;
	loop_rc = -7; /* zero bytes past it: accepted */
	big[3] = 0;
	if (ioasid_uapi_request(u, IOASID_UNBIND, big) != 0)
		goto out;
	loop_rc = -8;
	if (ioasid_uapi_find_spid(u, 0x4242, &found) != -ENOENT || ioasid_uapi_free(u, id) ||
	    ioasid_uapi_free(u, id) != -ENOENT)
		goto out;
	loop_rc = 0;
out:
	ioasid_uapi_close(u);
	return 0;
}

static void test_loopback(void **state)
{
	struct ioasid_sim_init_opts o = {.platform = "spr-dsa", .vms = 1};
	struct ioasid_error err;
	char dir[] = "/tmp/test_uapi_client.XXXXXX", host[64], cmd[128];
	struct ioasid_uapi *u = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(host, sizeof(host), "%s/h", dir);
	assert_int_equal(ioasid_sim_init(host, &o, &err), 0);
	assert_int_equal(ioasid_sim_mutate(host, loop, NULL, true, &err), 0);
	assert_int_equal(loop_rc, 0);
	assert_int_equal(ioasid_uapi_open_loopback(NULL, 1, &u), -EINVAL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test_setup_teardown(test_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_bind_unbind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
		cmocka_unit_test(test_transport),
		cmocka_unit_test(test_loopback),
	};

	ioconf_no_openat2 = true; /* the openat() walk, wrapped above */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
