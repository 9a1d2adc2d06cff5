// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The emulated host: init, the rendered files against values derived by
 * hand from ioasid-abi(7) and the initial state sim init documents (a null
 * set, then per VM an mm set with quota 1024 and two IOASIDs, the first
 * bound to SPID 1), reload = same state, check catches a corrupted file, a
 * reader keeps its generation across mutations, and the loopback
 * transport's errnos (ioasid-abi(7) DEVICE).
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
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "core/internal.h"
#include "ioasid.h"
#include "uapi/ioasid.h"

static char dir[256];

static void mkhost(unsigned vms)
{
	struct ioasid_sim_init_opts o = {.platform = "spr-dsa", .vms = vms};
	struct ioasid_error err;
	char cmd[300];

	snprintf(dir, sizeof(dir), "/tmp/test_sim.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ioasid_sim_init(dir, &o, &err), 0);
}

static void rmhost(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static char *readf(const char *fmt, ...)
{
	char path[512], *buf = calloc(1, 1 << 20);
	va_list ap;
	ssize_t n;
	int fd;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	n = read(fd, buf, (1 << 20) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

static void assert_file(const char *want, const char *fmt, const char *arg)
{
	char *got = readf(fmt, dir, arg);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_init_render(void **state)
{
	char *s;
	size_t len;

	(void)state;
	mkhost(2);
	assert_file("3\n", "%s/current/sys/kernel/ioasid/version%s", "");
	/* 20-bit default capacity; quotas 32768 (null set) + 2 x 1024 */
	assert_file("1048576\n", "%s/current/sys/kernel/ioasid/capacity/total%s", "");
	assert_file("1013760\n", "%s/current/sys/kernel/ioasid/capacity/available%s", "");
	assert_file("0\n", "%s/current/sys/kernel/ioasid/capacity/reserved%s", "");
	assert_file("null\n", "%s/current/sys/kernel/ioasid/sets/%s/type", "1");
	assert_file("mm\n", "%s/current/sys/kernel/ioasid/sets/%s/type", "2");
	assert_file("2\n", "%s/current/sys/kernel/ioasid/sets/%s/allocated", "3");
	assert_file("4002\n", "%s/current/sys/kernel/ioasid/sets/%s/owner_pid", "3");
	assert_file("/machine.slice/machine-qemu\\x2d2\\x2dvm2.scope\n",
		    "%s/current/sys/kernel/ioasid/sets/%s/cgroup", "3");
	assert_file("2\n", "%s/current/sys/fs/cgroup/machine.slice/%s/ioasids.current",
		    "machine-qemu\\x2d1\\x2dvm1.scope");
	assert_file("64\n", "%s/current/sys/fs/cgroup/machine.slice/%s/ioasids.max",
		    "machine-qemu\\x2d1\\x2dvm1.scope");
	assert_file("ioasid max\n", "%s/current/sys/fs/cgroup/machine.slice/%s/misc.max",
		    "machine-qemu\\x2d1\\x2dvm1.scope");
	assert_file("ioasid 4\n", "%s/current/sys/fs/cgroup/%smisc.current", "");
	assert_file("0::/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope\n",
		    "%s/current/proc/%s/cgroup", "4001");

	/* chunk-00000: IOASIDs 1..4, decoded here by hand from the netlink
	 * headers (linux/netlink.h, linux/genetlink.h) */
	s = readf("%s/current/genl/ioasid/GET_IOASID/chunk-00000", dir);
	assert_non_null(s);
	{
		struct stat st;
		char p[512];
		size_t off = 0;
		uint32_t n = 0;

		snprintf(p, sizeof(p), "%s/current/genl/ioasid/GET_IOASID/chunk-00000", dir);
		assert_int_equal(stat(p, &st), 0);
		len = (size_t)st.st_size;
		while (off < len) {
			struct nlmsghdr nh;
			struct genlmsghdr gh;
			struct nlattr na;
			uint32_t v;

			memcpy(&nh, s + off, sizeof(nh));
			memcpy(&gh, s + off + NLMSG_HDRLEN, sizeof(gh));
			assert_int_equal(nh.nlmsg_type, 30);
			assert_int_equal(nh.nlmsg_flags, NLM_F_MULTI);
			assert_int_equal(gh.cmd, IOASID_CMD_GET_IOASID);
			assert_int_equal(gh.version, 3);
			memcpy(&na, s + off + NLMSG_HDRLEN + GENL_HDRLEN, sizeof(na));
			assert_int_equal(na.nla_type, IOASID_ATTR_IOASID);
			memcpy(&v, s + off + NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN, 4);
			assert_int_equal(v, ++n);
			off += NLMSG_ALIGN(nh.nlmsg_len);
		}
		assert_int_equal(off, len);
		assert_int_equal(n, 4);
	}
	free(s);
	/* done: NLMSG_DONE, 20 bytes */
	s = readf("%s/current/genl/ioasid/GET_IOASID/done", dir);
	{
		struct nlmsghdr nh;

		memcpy(&nh, s, sizeof(nh));
		assert_int_equal(nh.nlmsg_type, NLMSG_DONE);
		assert_int_equal(nh.nlmsg_len, 20);
	}
	free(s);
	{
		char msg[256];

		assert_int_equal(ioasid_sim_check(dir, msg, sizeof(msg)), 0);
	}
	rmhost();
}

static int noop(struct ioasid_sim_host *h, void *arg)
{
	(void)h;
	(void)arg;
	return 0;
}

static void test_reload_same(void **state)
{
	struct ioasid_error err;
	char *a, *b;

	(void)state;
	mkhost(3);
	assert_int_equal(ioasid_sim_mutate(dir, noop, NULL, false, &err), 0);
	a = readf("%s/gen-1/.sim/state", dir);
	b = readf("%s/gen-2/.sim/state", dir);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* unchanged genl chunks are hard links of the previous generation */
	{
		char p1[512], p2[512];
		struct stat s1, s2;

		snprintf(p1, sizeof(p1), "%s/gen-1/genl/ioasid/GET_IOASID/chunk-00000", dir);
		snprintf(p2, sizeof(p2), "%s/gen-2/genl/ioasid/GET_IOASID/chunk-00000", dir);
		assert_int_equal(stat(p1, &s1), 0);
		assert_int_equal(stat(p2, &s2), 0);
		assert_true(s1.st_ino == s2.st_ino);
	}
	rmhost();
}

static void test_check_corrupt(void **state)
{
	char path[512], msg[256];
	int fd;

	(void)state;
	mkhost(1);
	snprintf(path, sizeof(path), "%s/current/sys/kernel/ioasid/capacity/available", dir);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "5\n", 2), 2);
	close(fd);
	assert_int_equal(ioasid_sim_check(dir, msg, sizeof(msg)), -EUCLEAN);
	assert_non_null(strstr(msg, "capacity/available"));
	/* a garbage state is named too */
	snprintf(path, sizeof(path), "%s/current/.sim/state", dir);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_int_equal(write(fd, "ioasid-sim-state 1\nbogus\n", 25), 25);
	close(fd);
	assert_int_equal(ioasid_sim_check(dir, msg, sizeof(msg)), -EUCLEAN);
	assert_non_null(strstr(msg, "bogus"));
	rmhost();
}

static int alloc_vm1(struct ioasid_sim_host *h, void *arg)
{
	struct ioasid_alloc_args a = {sizeof(a), 0, 1, 0xfffff, 0};

	(void)arg;
	return ioasid_sim_ioctl(h, 4001, IOASID_ALLOC, &a);
}

static void test_reader_keeps_generation(void **state)
{
	struct ioasid_ctx *ctx;
	struct ioasid_error err;
	char path[512], *s;
	uint64_t v;

	(void)state;
	mkhost(1);
	assert_int_equal(ioasid_sim_open(&ctx, dir, &err), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ioasid_sim_mutate(dir, alloc_vm1, NULL, false, &err), 0);
	/* gen-5 is current with 6 IOASIDs in set 2; the reader still sees
	 * gen-1's 2 */
	assert_int_equal(iopath_read_u64(ctx, &v, 10, "/sys/kernel/ioasid/sets/2/allocated"), 0);
	assert_int_equal(v, 2);
	s = readf("%s/current/sys/kernel/ioasid/sets/2/allocated", dir);
	assert_string_equal(s, "6\n");
	free(s);
	/* gen-2 and gen-3 were collected, gen-1 (held) was kept */
	snprintf(path, sizeof(path), "%s/gen-2", dir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/gen-1", dir);
	assert_int_equal(access(path, F_OK), 0);
	ioasid_ctx_free(ctx);
	assert_int_equal(ioasid_sim_mutate(dir, noop, NULL, false, &err), 0);
	assert_int_equal(access(path, F_OK), -1);
	/* dry run: nothing published */
	assert_int_equal(ioasid_sim_mutate(dir, alloc_vm1, NULL, true, &err), 0);
	s = readf("%s/current/sys/kernel/ioasid/sets/2/allocated", dir);
	assert_string_equal(s, "6\n");
	free(s);
	rmhost();
}

/* ioasid-abi(7) DEVICE errnos through the loopback transport */
static int errnos(struct ioasid_sim_host *h, void *arg)
{
	struct ioasid_model *m = ioasid_sim_model(h);
	struct ioasid_free_args f = {sizeof(f), 0, 0};
	struct ioasid_bind_args b = {sizeof(b), 0, 1, 7};
	struct ioasid_alloc_args a = {sizeof(a), 0, 1, IOASID_INVALID, 0};
	struct {
		struct ioasid_free_args f;
		uint32_t extra;
	} big = {{sizeof(big), 0, 1}, 1};
	int64_t host;

	(void)arg;
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_GET_API_VERSION, NULL), 1);
	/* VM1 has IOASIDs 1 (SPID 1) and 2, VM2 3 and 4 */
	f.ioasid = 3;
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_FREE, &f), -EPERM);
	f.ioasid = 999;
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_FREE, &f), -ENOENT);
	host = ioasid_model_alloc(m, 1, 100, 200); /* in the null set */
	assert_int_equal(host, 100);
	f.ioasid = 100;
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_FREE, &f), -EINVAL);
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_BIND, &b), -EBUSY); /* has SPID 1 */
	b.ioasid = 2;
	b.spid = IOASID_INVALID;
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_BIND, &b), -EINVAL);
	b.spid = 1; /* IOASID 1 has it */
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_BIND, &b), -EINVAL);
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_ALLOC, &a), -EINVAL);
	a.argsz = 8;
	a.max = 10;
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_ALLOC, &a), -EINVAL);
	assert_int_equal(ioasid_sim_ioctl(h, 4001, IOASID_FREE, &big), -E2BIG);
	assert_int_equal(ioasid_sim_ioctl(h, 4001, 0x3b4f, &f), -ENOTTY);
	assert_int_equal(ioasid_sim_ioctl(h, 9999, IOASID_FREE, &f), -ESRCH);
	{
		struct ioasid_find_spid_args q = {sizeof(q), 0, 1, 0};
		struct ioasid_info_args in = {.argsz = sizeof(in)};

		assert_int_equal(ioasid_sim_ioctl(h, 4002, IOASID_FIND_SPID, &q), 0);
		assert_int_equal(q.ioasid, 3);
		assert_int_equal(ioasid_sim_ioctl(h, 4002, IOASID_GET_INFO, &in), 0);
		assert_int_equal(in.capacity, 1048576);
		assert_int_equal(in.max_ioasid, 1048575);
		assert_int_equal(in.quota, 1024);
		assert_int_equal(in.allocated, 2);
		assert_int_equal(in.flags, IOASID_INFO_HAS_SET);
	}
	return -EAGAIN; /* nothing published */
}

static void test_transport_errnos(void **state)
{
	struct ioasid_error err;

	(void)state;
	mkhost(2);
	assert_int_equal(ioasid_sim_mutate(dir, errnos, NULL, false, &err), -EAGAIN);
	rmhost();
}

static int prq5(struct ioasid_sim_host *h, void *arg)
{
	(void)arg;
	return ioasid_sim_inject_prq(h, "dmar1", 1, 5);
}

static void test_inject_prq(void **state)
{
	struct ioasid_error err;
	char *s;

	(void)state;
	mkhost(1);
	assert_int_equal(ioasid_sim_mutate(dir, prq5, NULL, false, &err), 0);
	/* dmar1-prq is irq 27 (platform table): CPU0 has the 5 */
	s = readf("%s/current/sys/kernel/irq/27/per_cpu_count", dir);
	assert_non_null(s);
	assert_int_equal(strncmp(s, "5,0,", 4), 0);
	free(s);
	s = readf("%s/current/proc/interrupts", dir);
	assert_non_null(strstr(s, "27:          5          0"));
	assert_non_null(strstr(s, "dmar1-prq\n"));
	free(s);
	{
		char msg[256];

		assert_int_equal(ioasid_sim_check(dir, msg, sizeof(msg)), 0);
	}
	rmhost();
}

/* ioasid-abi(7) NOTIFICATIONS: every message of an mm set carries PID while
 * the owner lives. VM 1 (pid 4001, sim init) frees both its IOASIDs: 2 is
 * released, 1 (bound to SPID 1) goes free_pending; its UNBIND then releases
 * the set's last IOASID, and the set with it. That UNBIND must still carry
 * PID 4001 (it was looked up after the mutation, when the set was gone). */
static int free_then_unbind(struct ioasid_sim_host *h, void *arg)
{
	struct ioasid_free_args f2 = {sizeof(f2), 0, 2}, f1 = {sizeof(f1), 0, 1};
	struct ioasid_unbind_args u = {sizeof(u), 0, 1};
	int rc;

	(void)arg;
	rc = ioasid_sim_ioctl(h, 4001, IOASID_FREE, &f2);
	rc = rc < 0 ? rc : ioasid_sim_ioctl(h, 4001, IOASID_FREE, &f1);
	rc = rc < 0 ? rc : ioasid_sim_ioctl(h, 4001, IOASID_UNBIND, &u);
	return rc < 0 ? rc : 0;
}

static void test_notify_pid_last_unbind(void **state)
{
	struct ioasid_error err;
	char path[300], buf[65536];
	int unbinds = 0, fd;
	ssize_t n;

	(void)state;
	mkhost(1);
	assert_int_equal(ioasid_sim_mutate(dir, free_then_unbind, NULL, false, &err), 0);
	snprintf(path, sizeof(path), "%s/current/genl/ioasid/notify", dir);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	assert_true(n > 0);
	for (size_t off = 0; off + NLMSG_HDRLEN <= (size_t)n;) {
		const struct nlmsghdr *nh = (const void *)(buf + off);
		const struct genlmsghdr *gh = NLMSG_DATA(nh);
		uint32_t pid = 0, ioasid = 0;

		assert_true(nh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN &&
			    off + nh->nlmsg_len <= (size_t)n);
		for (size_t a = NLMSG_HDRLEN + GENL_HDRLEN; a + NLA_HDRLEN <= nh->nlmsg_len;) {
			const struct nlattr *na = (const void *)(buf + off + a);

			assert_true(na->nla_len >= NLA_HDRLEN);
			if (na->nla_type == IOASID_ATTR_PID)
				memcpy(&pid, (const char *)na + NLA_HDRLEN, 4);
			if (na->nla_type == IOASID_ATTR_IOASID)
				memcpy(&ioasid, (const char *)na + NLA_HDRLEN, 4);
			a += NLA_ALIGN(na->nla_len);
		}
		if (gh->cmd == IOASID_CMD_UNBIND_NTF && ioasid == 1) {
			unbinds++;
			assert_int_equal(pid, 4001);
		}
		off += NLMSG_ALIGN(nh->nlmsg_len);
	}
	assert_int_equal(unbinds, 1);
	/* and the set is gone indeed: the case the test is about */
	snprintf(path, sizeof(path), "%s/current/sys/kernel/ioasid/sets/2", dir);
	assert_int_equal(access(path, F_OK), -1);
	rmhost();
}

/* The file at path replaced by one holding len bytes (a new inode: the
 * files of a generation are hard links, shared with other generations and
 * with the other files of the same small content, ioasidctl-sim(8); an edit
 * in place would change them all) */
static void replace_file(const char *path, const void *bytes, size_t len)
{
	int fd;

	assert_int_equal(unlink(path), 0);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	close(fd);
}

/* sim check compares content, not counts (issue 13 item 6): same-length
 * edits of the rendered files that keep every count are violations, named
 * by file and IOASID. patch_attr() rewrites (replace_file) the u32
 * attribute type of the message of IOASID `which` in a genl file
 * (sim-genl.c layout: struct nlmsghdr, struct genlmsghdr, then
 * attributes). */
static void patch_attr(const char *rel, uint32_t which, uint16_t type, uint32_t val)
{
	char path[512], buf[65536];
	ssize_t n;
	int fd, done = 0;

	snprintf(path, sizeof(path), "%s/current/%s", dir, rel);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	assert_true(n > 0);
	for (size_t off = 0; !done && off + NLMSG_HDRLEN <= (size_t)n;) {
		const struct nlmsghdr *nh = (const void *)(buf + off);
		size_t at = 0;
		uint32_t id = 0;

		for (size_t a = NLMSG_HDRLEN + GENL_HDRLEN; a + NLA_HDRLEN <= nh->nlmsg_len;) {
			const struct nlattr *na = (const void *)(buf + off + a);

			if (na->nla_type == IOASID_ATTR_IOASID)
				memcpy(&id, buf + off + a + NLA_HDRLEN, 4);
			if (na->nla_type == type)
				at = off + a + NLA_HDRLEN;
			a += NLA_ALIGN(na->nla_len);
		}
		if (id == which && at) {
			memcpy(buf + at, &val, 4);
			done = 1;
		}
		off += NLMSG_ALIGN(nh->nlmsg_len);
	}
	assert_true(done);
	replace_file(path, buf, (size_t)n);
}

static void check_fails(const char *want1, const char *want2)
{
	char msg[512];

	assert_int_equal(ioasid_sim_check(dir, msg, sizeof(msg)), -EUCLEAN);
	if (!strstr(msg, want1) || (want2 && !strstr(msg, want2)))
		fail_msg("sim check said '%s', expected '%s' and '%s'", msg, want1,
			 want2 ? want2 : "");
	rmhost();
}

static void test_check_content(void **state)
{
	char path[512], msg[512];

	(void)state;
	/* sim init --vms 2: set 2 holds IOASIDs 1, 2 and set 3 IOASIDs 3, 4;
	 * the first of each is bound to SPID 1 */
	mkhost(2);
	assert_int_equal(ioasid_sim_check(dir, msg, sizeof(msg)), 0);
	/* IOASID 4's message now says IOASID 2: IOASID 2 in sets 2 and 3,
	 * 4 messages as before */
	patch_attr("genl/ioasid/GET_IOASID/chunk-00000", 4, IOASID_ATTR_IOASID, 2);
	check_fails("genl/ioasid/GET_IOASID/chunk-00000", "IOASID 2 (set 3)");
	/* IOASID 1 moved to set 3 */
	mkhost(2);
	patch_attr("genl/ioasid/GET_IOASID/chunk-00000", 1, IOASID_ATTR_SET, 3);
	check_fails("chunk-00000: IOASID 1 is in set 3, the state says set 2", NULL);
	/* set 2's binding of SPID 1 moved from IOASID 1 to IOASID 2 */
	mkhost(2);
	patch_attr("genl/ioasid/GET_BINDING/set-0000000002", 1, IOASID_ATTR_IOASID, 2);
	check_fails("genl/ioasid/GET_BINDING/set-0000000002", "IOASID 2");
	/* IOASID 3's SPID changed (same length) */
	mkhost(2);
	patch_attr("genl/ioasid/GET_IOASID/chunk-00000", 3, IOASID_ATTR_SPID, 9);
	check_fails("IOASID 3 (set 3): its message differs", NULL);
	/* the end of a dump removed */
	mkhost(2);
	snprintf(path, sizeof(path), "%s/current/genl/ioasid/GET_IOASID/done", dir);
	assert_int_equal(unlink(path), 0);
	check_fails("genl/ioasid/GET_IOASID/done: missing", NULL);
	/* a set directory the state does not have */
	mkhost(2);
	snprintf(path, sizeof(path), "%s/current/sys/kernel/ioasid/sets/9", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	check_fails("sys/kernel/ioasid/sets/9: not in the state", NULL);
	/* a cgroup counter, same length */
	mkhost(2);
	snprintf(path, sizeof(path),
		 "%s/current/sys/fs/cgroup/machine.slice/machine-qemu\\x2d2\\x2dvm2.scope/"
		 "ioasids.current",
		 dir);
	replace_file(path, "3\n", 2);
	check_fails("vm2.scope/ioasids.current: holds '3", "the state says '2");
	/* a set's owner */
	mkhost(2);
	snprintf(path, sizeof(path), "%s/current/sys/kernel/ioasid/sets/3/owner_pid", dir);
	replace_file(path, "4001\n", 5);
	check_fails("sets/3/owner_pid: holds '4001", "the state says '4002");
}

/* sim init --bare --cgroup-form misc: no set, no process, only the root
 * cgroup, the default capacity not installed; the forms are saved in the
 * state, so a mutation's generation keeps them (and the whitespace guard:
 * a cgroup path that would split its state record is never published) */
static int mkcg(struct ioasid_sim_host *h, void *arg)
{
	return ioasid_model_cgroup_create(ioasid_sim_model(h), arg);
}

static void test_init_bare_form(void **state)
{
	struct ioasid_sim_init_opts o = {.bare = true, .cg_forms = IOASID_MODEL_CG_MISC};
	struct ioasid_error err;
	struct stat st;
	char path[512], *s;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_sim.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(ioasid_sim_init(dir, &o, &err), 0);
	s = readf("%s/current/.sim/state", dir);
	assert_non_null(s);
	/* counters TOTAL RESERVED NEXT_SET LAST_SEQ CG_FORMS: 2^20, none
	 * reserved, set IDs from 1, no event, misc (2) only */
	assert_non_null(strstr(s, "\ncounters 1048576 0 1 0 2\n"));
	assert_null(strstr(s, "\nset "));
	assert_null(strstr(s, "\nproc "));
	assert_null(strstr(s, "\ncgroup /machine.slice"));
	free(s);
	assert_int_equal(ioasid_sim_mutate(dir, mkcg, "/a", false, &err), 0);
	snprintf(path, sizeof(path), "%s/current/sys/fs/cgroup/a/ioasids.max", dir);
	assert_int_equal(stat(path, &st), -1);
	assert_file("ioasid max\n", "%s/current/sys/fs/cgroup/%s/misc.max", "a");
	s = readf("%s/current/.sim/state", dir);
	assert_non_null(strstr(s, "\ncounters 1048576 0 1 0 2\n"));
	free(s);
	assert_int_equal(ioasid_sim_mutate(dir, mkcg, "/a b", false, &err), -EINVAL);
	snprintf(path, sizeof(path), "%s/gen-3", dir);
	assert_int_equal(stat(path, &st), -1);
	{
		char msg[256];

		assert_int_equal(ioasid_sim_check(dir, msg, sizeof(msg)), 0);
	}
	rmhost();
	/* bare with VMs and unknown form bits are refused before anything */
	o.vms = 1;
	assert_int_equal(ioasid_sim_init("/nonexistent/x", &o, &err), -EINVAL);
	o.vms = 0;
	o.cg_forms = 4;
	assert_int_equal(ioasid_sim_init("/nonexistent/x", &o, &err), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_render),
		cmocka_unit_test(test_reload_same),
		cmocka_unit_test(test_check_corrupt),
		cmocka_unit_test(test_reader_keeps_generation),
		cmocka_unit_test(test_transport_errnos),
		cmocka_unit_test(test_inject_prq),
		cmocka_unit_test(test_notify_pid_last_unbind),
		cmocka_unit_test(test_check_content),
		cmocka_unit_test(test_init_bare_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
