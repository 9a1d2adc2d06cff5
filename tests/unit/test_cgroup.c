// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup v2 and the misc controller (cgroup.c, cgroup-misc.c). Every input
 * is in the exact format the kernel writes (sources named at each test):
 *  - /proc/self/mountinfo: fs/proc_namespace.c show_mountinfo(), paths
 *    escaped by mangle_path()/seq_escape() as \ooo; the lines are those of
 *    a Debian 12 host booted with systemd (cgroup2 at /sys/fs/cgroup with
 *    nsdelegate,memory_recursiveprot), and of a hybrid host
 *  - /proc/PID/cgroup: kernel/cgroup/cgroup.c proc_cgroup_show()
 *  - cgroup.controllers, cgroup.subtree_control: cgroup_print_ss_mask()
 *  - misc.*: kernel/cgroup/misc.c (6.12: capacity/current/peak at the
 *    root; max/current/peak/events/events.local below. 6.1: capacity at
 *    the root; max/current/events below. Same text, "%lu" vs "%llu").
 * Misc values are hand-derived for an AMD EPYC whose CPUID 0x8000001F
 * gives ECX=509, EDX=100: arch/x86/kvm/svm/sev.c sets capacity
 * sev = 509 - 100 + 1 = 410 and sev_es = 100 - 1 = 99.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cgroup/cgroup.h"
#include "core/internal.h"
#include "ioasid.h"
#include "sysroot.h"

#define CG "/sys/fs/cgroup"
#define VM1 "machine-qemu\\x2d1\\x2dvm1.scope" /* systemd's escaped '-' */

static const char debian12_mountinfo[] =
	"22 28 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"23 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
	"24 28 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev "
	"rw,size=32838556k,nr_inodes=8209639,mode=755,inode64\n"
	"26 28 0:23 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs "
	"rw,size=6574388k,mode=755,inode64\n"
	"28 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n"
	"31 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
	"rw,nsdelegate,memory_recursiveprot\n"
	"35 23 0:31 / /proc/sys/fs/binfmt_misc rw,relatime shared:14 - autofs systemd-1 "
	"rw,fd=30,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=17747\n"
	"65 28 253:3 / /var/lib/vm\\040images rw,relatime shared:33 - ext4 "
	"/dev/mapper/vg0-images rw\n";

/* Debian 11 / systemd "hybrid": v1 controllers under a tmpfs, cgroup2 at
 * /sys/fs/cgroup/unified (the layout of this build machine too). */
static const char hybrid_mountinfo[] =
	"28 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
	"31 23 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 "
	"cgroup2 rw,nsdelegate\n"
	"33 31 0:30 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup "
	"cgroup rw,xattr,name=systemd\n"
	"36 31 0:33 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup "
	"cgroup rw,memory\n";

/* ---------------------------------------------------------------- parsers */

static void test_unescape(void **state)
{
	char a[] = "/var/lib/vm\\040images", b[] = "\\011tab\\012nl\\134bs", c[] = "plain";
	char bad1[] = "x\\04", bad2[] = "x\\400", bad3[] = "x\\000", bad4[] = "x\\",
	     bad5[] = "\\08a";

	(void)state;
	assert_int_equal(ioasid_unescape_octal(a), 0);
	assert_string_equal(a, "/var/lib/vm images");
	assert_int_equal(ioasid_unescape_octal(b), 0);
	assert_string_equal(b, "\ttab\nnl\\bs");
	assert_int_equal(ioasid_unescape_octal(c), 0);
	assert_string_equal(c, "plain");
	assert_int_equal(ioasid_unescape_octal(bad1), -EINVAL); /* truncated escape */
	assert_int_equal(ioasid_unescape_octal(bad2), -EINVAL); /* > 0377 */
	assert_int_equal(ioasid_unescape_octal(bad3), -EINVAL); /* escaped NUL */
	assert_int_equal(ioasid_unescape_octal(bad4), -EINVAL); /* bare backslash */
	assert_int_equal(ioasid_unescape_octal(bad5), -EINVAL); /* 8 is not octal */
}

static void test_mountinfo_line(void **state)
{
	struct ioasid_mountinfo e;
	char l1[] = "31 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - "
		    "cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot";
	/* no optional field; several; an escaped space, tab and backslash */
	char l2[] = "18 14 0:23 / /sys/fs/cgroup rw,relatime - cgroup2 none rw";
	char l3[] = "40 31 0:40 /machine.slice /mnt/my\\040cg\\011x\\134y rw master:9 "
		    "propagate_from:3 unbindable - cgroup2 cgroup2 rw";
	/* empty source (mangle of "") */
	char l4[] = "50 28 0:50 / /mnt/t rw - tmpfs  rw,size=4k";

	(void)state;
	assert_int_equal(ioasid_parse_mountinfo_line(l1, &e), 0);
	assert_int_equal(e.mnt_id, 31);
	assert_int_equal(e.parent_id, 22);
	assert_int_equal(e.major, 0);
	assert_int_equal(e.minor, 27);
	assert_string_equal(e.root, "/");
	assert_string_equal(e.mountpoint, "/sys/fs/cgroup");
	assert_string_equal(e.mnt_opts, "rw,nosuid,nodev,noexec,relatime");
	assert_string_equal(e.fstype, "cgroup2");
	assert_string_equal(e.source, "cgroup2");
	assert_string_equal(e.super_opts, "rw,nsdelegate,memory_recursiveprot");
	assert_int_equal(ioasid_parse_mountinfo_line(l2, &e), 0);
	assert_string_equal(e.source, "none");
	assert_int_equal(ioasid_parse_mountinfo_line(l3, &e), 0);
	assert_string_equal(e.root, "/machine.slice");
	assert_string_equal(e.mountpoint, "/mnt/my cg\tx\\y");
	assert_string_equal(e.fstype, "cgroup2");
	assert_int_equal(ioasid_parse_mountinfo_line(l4, &e), 0);
	assert_string_equal(e.source, "");
	assert_string_equal(e.super_opts, "rw,size=4k");
}

static void test_mountinfo_line_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"garbage",
		"31 22 0:27 / /sys/fs/cgroup rw shared:9 cgroup2 cgroup2 rw", /* no " - " */
		"31 22 0:27 / /sys/fs/cgroup rw shared:9 -",		      /* truncated */
		"31 22 0:27 / /sys/fs/cgroup rw - cgroup2",		      /* no source */
		"31 22 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2",	      /* no options */
		"x 22 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw",	      /* id */
		"-1 22 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw",
		"31 22 027 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw",	 /* no ':' */
		"31 22 0:27 / sys/fs/cgroup rw - cgroup2 cgroup2 rw",	 /* relative */
		"31 22 0:27 / /sys/fs/cg\\04 rw - cgroup2 cgroup2 rw",	 /* bad escape */
		"31 22 0:27 / /sys/fs/cg\\000x rw - cgroup2 cgroup2 rw", /* NUL */
		"31 22 0:27 /  /sys/fs/cgroup rw - cgroup2 cgroup2 rw",	 /* empty field */
		"31 22 0:27 / /sys/fs/cgroup rw shared:9  - cgroup2 cgroup2 rw",
		"99999999999999999999999 22 0:27 / /a rw - cgroup2 cgroup2 rw", /* huge */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ioasid_mountinfo e;
		char *line = strdup(bad[i]);

		if (ioasid_parse_mountinfo_line(line, &e) != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		free(line);
	}
}

static void test_scan_mountinfo(void **state)
{
	struct ioasid_cgroup_scan s;
	static const char two[] = "40 1 0:40 / /run/cg2 rw - cgroup2 cgroup2 rw\n"
				  "41 1 0:41 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
				  "42 1 0:42 / /run/other rw - cgroup2 cgroup2 rw\n";
	static const char stacked[] = "40 1 0:40 / /run/cg rw - cgroup2 cgroup2 rw\n"
				      "41 40 0:41 /machine.slice /run/cg rw - cgroup2 cgroup2 rw\n";
	static const char v1only[] = "33 31 0:30 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n";
	static const char withnul[] = "bad\0line\n"
				      "31 22 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

	(void)state;
	assert_int_equal(
		ioasid_cgroup_scan_mountinfo(debian12_mountinfo, strlen(debian12_mountinfo), &s),
		0);
	assert_true(s.found);
	assert_string_equal(s.v2.mountpoint, "/sys/fs/cgroup");
	assert_string_equal(s.v2.root, "/");
	assert_int_equal(s.nv1, 0);
	assert_int_equal(s.bad, 0);

	assert_int_equal(
		ioasid_cgroup_scan_mountinfo(hybrid_mountinfo, strlen(hybrid_mountinfo), &s), 0);
	assert_true(s.found);
	assert_string_equal(s.v2.mountpoint, "/sys/fs/cgroup/unified");
	assert_int_equal(s.nv1, 2);
	assert_string_equal(s.v1_example, "/sys/fs/cgroup/systemd");

	/* /sys/fs/cgroup wins over the others, wherever it is listed */
	assert_int_equal(ioasid_cgroup_scan_mountinfo(two, strlen(two), &s), 0);
	assert_string_equal(s.v2.mountpoint, "/sys/fs/cgroup");
	assert_int_equal(s.nv2, 3);
	/* without it, the first one */
	assert_int_equal(ioasid_cgroup_scan_mountinfo("1 1 0:1 / /run/a rw - cgroup2 x rw\n"
						      "2 1 0:2 / /run/b rw - cgroup2 x rw\n",
						      70, &s),
			 0);
	assert_string_equal(s.v2.mountpoint, "/run/a");
	/* a later mount on the same mountpoint hides the first */
	assert_int_equal(ioasid_cgroup_scan_mountinfo(stacked, strlen(stacked), &s), 0);
	assert_string_equal(s.v2.root, "/machine.slice");
	assert_int_equal(ioasid_cgroup_scan_mountinfo(v1only, strlen(v1only), &s), 0);
	assert_false(s.found);
	assert_int_equal(s.nv1, 1);
	/* a NUL byte spoils its line only */
	assert_int_equal(ioasid_cgroup_scan_mountinfo(withnul, sizeof(withnul) - 1, &s), 0);
	assert_true(s.found);
	assert_int_equal(s.bad, 1);
	/* truncated mid-line: that line is malformed, the rest counts */
	assert_int_equal(ioasid_cgroup_scan_mountinfo(debian12_mountinfo, 100, &s), 0);
	assert_false(s.found);
	assert_int_equal(s.bad, 1);
	assert_int_equal(ioasid_cgroup_scan_mountinfo("", 0, &s), 0);
	assert_false(s.found);
}

static void test_proc_cgroup(void **state)
{
	char path[256];
	bool del;
	unsigned nv1;
	static const char hybrid[] = "12:misc:/\n11:memory:/user.slice/user-1000.slice\n"
				     "1:name=systemd:/user.slice/user-1000.slice/session-2.scope\n"
				     "0::/user.slice/user-1000.slice/session-2.scope\n";
	static const char nul[] = "0::/a\0b\n";

	(void)state;
	assert_int_equal(
		ioasid_parse_proc_cgroup("0::/init.scope\n", 15, path, sizeof(path), &del, &nv1),
		0);
	assert_string_equal(path, "/init.scope");
	assert_false(del);
	assert_int_equal(nv1, 0);
	assert_int_equal(
		ioasid_parse_proc_cgroup(hybrid, strlen(hybrid), path, sizeof(path), &del, &nv1),
		0);
	assert_string_equal(path, "/user.slice/user-1000.slice/session-2.scope");
	assert_int_equal(nv1, 3);
	/* v1 only: no unified line */
	assert_int_equal(ioasid_parse_proc_cgroup("4:memory:/x\n1:name=systemd:/x\n", 30, path,
						  sizeof(path), &del, &nv1),
			 -ENOENT);
	assert_int_equal(nv1, 2);
	/* a zombie whose cgroup was removed; spaces and colons are not escaped */
	assert_int_equal(ioasid_parse_proc_cgroup("0::/machine.slice/" VM1 " (deleted)\n",
						  strlen("0::/machine.slice/" VM1 " (deleted)\n"),
						  path, sizeof(path), &del, &nv1),
			 0);
	assert_string_equal(path, "/machine.slice/" VM1);
	assert_true(del);
	assert_int_equal(
		ioasid_parse_proc_cgroup("0::/a b:c\n", 10, path, sizeof(path), &del, &nv1), 0);
	assert_string_equal(path, "/a b:c");
	assert_false(del);
	/* no final newline: still the whole path */
	assert_int_equal(ioasid_parse_proc_cgroup("0::/", 4, path, sizeof(path), &del, &nv1), 0);
	assert_string_equal(path, "/");
	/* malformed */
	assert_int_equal(ioasid_parse_proc_cgroup("0::\n", 4, path, sizeof(path), &del, &nv1),
			 -EINVAL);
	assert_int_equal(
		ioasid_parse_proc_cgroup("0::relative\n", 12, path, sizeof(path), &del, &nv1),
		-EINVAL);
	assert_int_equal(
		ioasid_parse_proc_cgroup("garbage\n\n::\n", 12, path, sizeof(path), &del, &nv1),
		-ENOENT);
	assert_int_equal(
		ioasid_parse_proc_cgroup(nul, sizeof(nul) - 1, path, sizeof(path), &del, &nv1),
		-ENOENT);
	assert_int_equal(ioasid_parse_proc_cgroup("", 0, path, sizeof(path), &del, &nv1), -ENOENT);
	assert_int_equal(ioasid_parse_proc_cgroup("0::/a/long/path\n", 16, path, 5, &del, &nv1),
			 -ENAMETOOLONG);
}

static void test_controllers(void **state)
{
	static const char all[] = "cpuset cpu io memory hugetlb pids rdma misc\n";
	static const char *const bad[] = {"cpu  io\n", "cpu io",   " cpu\n",   "cpu \n",
					  "CPU\n",     "cpu,io\n", "cpu\nio\n"};

	(void)state;
	assert_int_equal(ioasid_parse_controllers(all, strlen(all), "misc"), 1);
	assert_int_equal(ioasid_parse_controllers(all, strlen(all), "cpuset"), 1);
	assert_int_equal(ioasid_parse_controllers(all, strlen(all), "mis"), 0);
	assert_int_equal(ioasid_parse_controllers("misc\n", 5, "misc"), 1);
	assert_int_equal(ioasid_parse_controllers("miscx\n", 6, "misc"), 0);
	assert_int_equal(ioasid_parse_controllers("cpu io memory pids\n", 19, "misc"), 0);
	/* an empty mask is an empty file (cgroup_print_ss_mask prints no '\n') */
	assert_int_equal(ioasid_parse_controllers("", 0, "misc"), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ioasid_parse_controllers(bad[i], strlen(bad[i]), "cpu") != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(ioasid_parse_controllers("cpu\0misc\n", 9, "misc"), -EINVAL);
}

/* Parse one file's text into a fresh cgroup and finish it. */
static int parse1(struct ioasid_misc_cgroup *cg, enum ioasid_misc_file f, const char *text,
		  size_t len)
{
	int bad;

	memset(cg, 0, sizeof(*cg));
	for (int i = 0; i < IOASID_MISC_NFILES; i++)
		cg->file_err[i] = ENOENT;
	bad = ioasid_misc_parse(cg, f, text, len);
	if (bad >= 0)
		cg->file_err[f] = bad ? EINVAL : 0;
	ioasid_misc_finish(cg);
	return bad;
}

#define PARSE1(cg, f, s) parse1(cg, f, s, sizeof(s) - 1)

static void test_misc_parse(void **state)
{
	struct ioasid_misc_cgroup cg;
	const struct ioasid_misc_res *r;

	(void)state;
	/* misc_cg_capacity_show() "%s %llu\n" */
	assert_int_equal(PARSE1(&cg, IOASID_MISC_CAPACITY, "sev 410\nsev_es 99\n"), 0);
	assert_int_equal(cg.nres, 2);
	assert_string_equal(cg.res[0].name, "sev");
	assert_true(cg.res[0].v[IOASID_MISC_CAPACITY].v == 410);
	assert_int_equal(cg.res[0].v[IOASID_MISC_CAPACITY].err, 0);
	assert_string_equal(cg.res[1].name, "sev_es");
	assert_true(cg.res[1].v[IOASID_MISC_CAPACITY].v == 99);
	/* the other files are absent here: ENOENT, never 0 */
	assert_int_equal(cg.res[0].v[IOASID_MISC_CURRENT].err, ENOENT);
	assert_int_equal(cg.res[0].v[IOASID_MISC_MAX].err, ENOENT);
	ioasid_misc_cgroup_free(&cg);

	/* misc_cg_max_show(): "%s max\n" for MAX_NUM, else "%s %llu\n" */
	assert_int_equal(PARSE1(&cg, IOASID_MISC_MAX, "sev 2\nsev_es max\ntdx 0\n"), 0);
	assert_int_equal(cg.nres, 3);
	r = ioasid_misc_find(&cg, "sev");
	assert_non_null(r);
	assert_true(r->v[IOASID_MISC_MAX].v == 2);
	assert_false(r->max_unlimited);
	r = ioasid_misc_find(&cg, "sev_es");
	assert_true(r->max_unlimited);
	assert_true(r->v[IOASID_MISC_MAX].v == UINT64_MAX);
	r = ioasid_misc_find(&cg, "tdx");
	assert_true(r->v[IOASID_MISC_MAX].v == 0);
	assert_false(r->max_unlimited);
	assert_null(ioasid_misc_find(&cg, "se"));
	ioasid_misc_cgroup_free(&cg);

	/* __misc_events_show(): "%s.max %llu\n"; any resource name, e.g. the
	 * IOASID extension's "ioasid" */
	assert_int_equal(PARSE1(&cg, IOASID_MISC_EVENTS, "sev.max 2\nsev_es.max 0\nioasid.max 7\n"),
			 0);
	r = ioasid_misc_find(&cg, "ioasid");
	assert_non_null(r);
	assert_true(r->v[IOASID_MISC_EVENTS].v == 7);
	assert_true(ioasid_misc_find(&cg, "sev")->v[IOASID_MISC_EVENTS].v == 2);
	ioasid_misc_cgroup_free(&cg);
	assert_int_equal(PARSE1(&cg, IOASID_MISC_EVENTS_LOCAL, "sev.max 2\n"), 0);
	assert_true(cg.res[0].v[IOASID_MISC_EVENTS_LOCAL].v == 2);
	ioasid_misc_cgroup_free(&cg);

	/* u64 extremes: 6.12 "%llu" up to 2^64-1 (a limit written as that
	 * number reads back as "max": it equals MAX_NUM) */
	assert_int_equal(PARSE1(&cg, IOASID_MISC_CURRENT, "sev 18446744073709551615\nsev_es 0\n"),
			 0);
	assert_true(cg.res[0].v[IOASID_MISC_CURRENT].v == UINT64_MAX);
	ioasid_misc_cgroup_free(&cg);

	/* empty files: no resource has a capacity (the VM guests) */
	for (int f = 0; f < IOASID_MISC_NFILES; f++) {
		assert_int_equal(parse1(&cg, (enum ioasid_misc_file)f, "", 0), 0);
		assert_int_equal(cg.nres, 0);
		assert_int_equal(cg.file_err[f], 0);
		ioasid_misc_cgroup_free(&cg);
	}
}

static void test_misc_parse_bad(void **state)
{
	static const struct {
		enum ioasid_misc_file f;
		const char *line;
	} bad[] = {
		{IOASID_MISC_CURRENT, "garbage"},
		{IOASID_MISC_CURRENT, "sev"}, /* truncated: no value */
		{IOASID_MISC_CURRENT, "sev "},
		{IOASID_MISC_CURRENT, "sev 1 2"}, /* extra field */
		{IOASID_MISC_CURRENT, "sev  1"},
		{IOASID_MISC_CURRENT, " sev 1"},
		{IOASID_MISC_CURRENT, "sev -1"},
		{IOASID_MISC_CURRENT, "sev +1"},
		{IOASID_MISC_CURRENT, "sev 0x10"},
		{IOASID_MISC_CURRENT, "sev 18446744073709551616"}, /* 2^64 */
		{IOASID_MISC_CURRENT, "sev 99999999999999999999999"},
		{IOASID_MISC_CURRENT, "sev max"}, /* "max" only in misc.max */
		{IOASID_MISC_CURRENT, "sev 1\r"},
		{IOASID_MISC_CURRENT, ""},				     /* empty line */
		{IOASID_MISC_CURRENT, "abcdefghijklmnopqrstuvwxyz012345 1"}, /* name > 31 */
		{IOASID_MISC_MAX, "sev unlimited"},			     /* unknown token */
		{IOASID_MISC_MAX, "sev MAX"},
		{IOASID_MISC_MAX, "sev maximum"},
		{IOASID_MISC_EVENTS, "sev 1"}, /* no ".max" */
		{IOASID_MISC_EVENTS, "sev.min 1"},
		{IOASID_MISC_EVENTS, ".max 1"},
		{IOASID_MISC_EVENTS_LOCAL, "sev.max max"},
		{IOASID_MISC_CAPACITY, "sev_es 99"}, /* duplicate of the line after */
	};
	struct ioasid_misc_cgroup cg;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[256];
		int n = snprintf(text, sizeof(text), "sev_es 99\n%s\nsev 410\n", bad[i].line);
		const struct ioasid_misc_res *r;

		/* events files name resources "X.max" */
		if (bad[i].f == IOASID_MISC_EVENTS || bad[i].f == IOASID_MISC_EVENTS_LOCAL)
			n = snprintf(text, sizeof(text), "sev_es.max 99\n%s\nsev.max 410\n",
				     bad[i].line);
		if (parse1(&cg, bad[i].f, text, (size_t)n) != 1)
			fail_msg("%s: \"%s\" not counted as one bad line",
				 ioasid_misc_file_name(bad[i].f), bad[i].line);
		/* the good lines around it are kept */
		r = ioasid_misc_find(&cg, "sev");
		assert_non_null(r);
		assert_int_equal(r->v[bad[i].f].err, 0);
		assert_true(r->v[bad[i].f].v == 410);
		assert_int_equal(cg.file_err[bad[i].f], EINVAL);
		ioasid_misc_cgroup_free(&cg);
	}
	/* a line cut off without its '\n' */
	assert_int_equal(PARSE1(&cg, IOASID_MISC_CURRENT, "sev 3\nsev_es 1"), 1);
	assert_true(ioasid_misc_find(&cg, "sev")->v[IOASID_MISC_CURRENT].v == 3);
	assert_null(ioasid_misc_find(&cg, "sev_es"));
	ioasid_misc_cgroup_free(&cg);
	/* a NUL byte: the whole file is garbage; a resource known from
	 * elsewhere then reads EINVAL for it, not 0 */
	memset(&cg, 0, sizeof(cg));
	assert_int_equal(ioasid_misc_parse(&cg, IOASID_MISC_MAX, "sev 3\n", 6), 0);
	assert_int_equal(ioasid_misc_parse(&cg, IOASID_MISC_CURRENT, "sev 3\0\n", 7), 1);
	cg.file_err[IOASID_MISC_CURRENT] = EINVAL;
	for (int f = 0; f < IOASID_MISC_NFILES; f++)
		if (f != IOASID_MISC_MAX && f != IOASID_MISC_CURRENT)
			cg.file_err[f] = ENOENT;
	ioasid_misc_finish(&cg);
	assert_int_equal(cg.nres, 1);
	assert_int_equal(cg.res[0].v[IOASID_MISC_CURRENT].err, EINVAL);
	assert_int_equal(cg.res[0].v[IOASID_MISC_MAX].err, 0);
	ioasid_misc_cgroup_free(&cg);
	/* many distinct names: bounded, the rest are bad lines */
	{
		size_t len = 0;
		char *text = malloc(100 * 16);

		for (int i = 0; i < 100; i++)
			len += (size_t)sprintf(text + len, "r%d 1\n", i);
		assert_int_equal(parse1(&cg, IOASID_MISC_CURRENT, text, len), 100 - 64);
		assert_int_equal(cg.nres, 64);
		ioasid_misc_cgroup_free(&cg);
		free(text);
	}
}

/* What a missing line means (misc.c show functions' conditions). */
static void test_misc_finish(void **state)
{
	struct ioasid_misc_cgroup cg = {0};
	const struct ioasid_misc_res *r;

	(void)state;
	/* 6.12 non-root: tdx has events only (capacity 0 now, refused earlier):
	 * current/peak omitted means 0, max omitted means not shown */
	assert_int_equal(ioasid_misc_parse(&cg, IOASID_MISC_MAX, "sev max\n", 8), 0);
	assert_int_equal(ioasid_misc_parse(&cg, IOASID_MISC_CURRENT, "sev 1\n", 6), 0);
	assert_int_equal(ioasid_misc_parse(&cg, IOASID_MISC_PEAK, "sev 1\n", 6), 0);
	assert_int_equal(ioasid_misc_parse(&cg, IOASID_MISC_EVENTS, "sev.max 0\ntdx.max 4\n", 20),
			 0);
	cg.file_err[IOASID_MISC_CAPACITY] = ENOENT;
	cg.file_err[IOASID_MISC_EVENTS_LOCAL] = EACCES;
	ioasid_misc_finish(&cg);
	r = ioasid_misc_find(&cg, "tdx");
	assert_non_null(r);
	assert_int_equal(r->v[IOASID_MISC_CURRENT].err, 0);
	assert_true(r->v[IOASID_MISC_CURRENT].v == 0);
	assert_int_equal(r->v[IOASID_MISC_PEAK].err, 0);
	assert_int_equal(r->v[IOASID_MISC_MAX].err, ENODATA);
	assert_int_equal(r->v[IOASID_MISC_CAPACITY].err, ENOENT);
	assert_int_equal(r->v[IOASID_MISC_EVENTS_LOCAL].err, EACCES);
	assert_true(r->v[IOASID_MISC_EVENTS].v == 4);
	ioasid_misc_cgroup_free(&cg);
}

/* ------------------------------------------------------------ fake trees */

static int setup(void **state)
{
	*state = sr_new();
	return 0;
}

static int teardown(void **state)
{
	sr_free(*state);
	return 0;
}

/* A cgroup's base files; root: no cgroup.type (CFTYPE_NOT_ON_ROOT). */
static void cgdir(struct sysroot *sr, const char *rel, const char *controllers, const char *subtree)
{
	char p[512];

	snprintf(p, sizeof(p), CG "%s/cgroup.controllers", strcmp(rel, "/") ? rel : "");
	sr_write(sr, p, controllers);
	snprintf(p, sizeof(p), CG "%s/cgroup.subtree_control", strcmp(rel, "/") ? rel : "");
	sr_write(sr, p, subtree);
	if (strcmp(rel, "/")) {
		snprintf(p, sizeof(p), CG "%s/cgroup.type", rel);
		sr_write(sr, p, "domain\n");
	}
}

static void cgfile(struct sysroot *sr, const char *rel, const char *file, const char *text)
{
	char p[512];

	snprintf(p, sizeof(p), CG "%s/%s", strcmp(rel, "/") ? rel : "", file);
	sr_write(sr, p, text);
}

#define ALL "cpuset cpu io memory hugetlb pids rdma misc\n"
#define DOM "cpu io memory pids misc\n"
#define NOMISC "cpu io memory pids\n"

/* A Debian 12 SEV host on kernel 6.12 (v612) or 6.1. */
static void sev_tree(struct sysroot *sr, bool v612)
{
	sr_write(sr, "/proc/self/mountinfo", debian12_mountinfo);
	cgdir(sr, "/", ALL, DOM);
	cgfile(sr, "/", "misc.capacity", "sev 410\nsev_es 99\n");
	if (v612) { /* misc.current on the root since 6.5, misc.peak since 6.11 */
		cgfile(sr, "/", "misc.current", "sev 3\nsev_es 1\n");
		cgfile(sr, "/", "misc.peak", "sev 4\nsev_es 1\n");
	}
	cgdir(sr, "/system.slice", DOM, NOMISC);
	cgdir(sr, "/system.slice/dbus.service", NOMISC, "");
	cgdir(sr, "/machine.slice", DOM, DOM);
	cgdir(sr, "/machine.slice/" VM1, DOM, "");
	for (int i = 0; i < 3; i++) {
		const char *d = i == 0	 ? "/system.slice"
				: i == 1 ? "/machine.slice"
					 : "/machine.slice/" VM1;

		cgfile(sr, d, "misc.max", i == 2 ? "sev 2\nsev_es max\n" : "sev max\nsev_es max\n");
		cgfile(sr, d, "misc.current", i ? "sev 2\nsev_es 1\n" : "sev 0\nsev_es 0\n");
		cgfile(sr, d, "misc.events",
		       i ? "sev.max 2\nsev_es.max 0\n" : "sev.max 0\nsev_es.max 0\n");
		if (v612) {
			cgfile(sr, d, "misc.peak", i ? "sev 2\nsev_es 1\n" : "sev 0\nsev_es 0\n");
			cgfile(sr, d, "misc.events.local",
			       i == 2 ? "sev.max 2\nsev_es.max 0\n" : "sev.max 0\nsev_es.max 0\n");
		}
	}
	sr_write(sr, "/proc/4242/cgroup", "0::/machine.slice/" VM1 "\n");
}

static struct ioasid_ctx *ctx_mount(struct sysroot *sr, struct ioasid_cgroup_mount *m)
{
	struct ioasid_ctx *ctx = sr_ctx(sr);

	assert_int_equal(ioasid_cgroup_mount_find(ctx, m), 0);
	return ctx;
}

static void test_mount_find(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_ctx *ctx = sr_ctx(sr);

	/* no mountinfo in the snapshot: no guess at /sys/fs/cgroup */
	sr_mkdir(sr, CG);
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/proc/self/mountinfo");
	sr_write(sr, "/proc/self/mountinfo", debian12_mountinfo);
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
	assert_string_equal(m.mountpoint, "/sys/fs/cgroup");
	assert_string_equal(m.root, "/");
	sr_write(sr, "/proc/self/mountinfo", hybrid_mountinfo);
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), -EOPNOTSUPP);
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "hybrid"));
	sr_write(sr, "/proc/self/mountinfo",
		 "33 31 0:30 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), -EOPNOTSUPP);
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "v1 only"));
	sr_write(sr, "/proc/self/mountinfo", "28 1 254:0 / / rw - ext4 /dev/vda rw\n");
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), -EOPNOTSUPP);
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "no cgroup2"));
	sr_write(sr, "/proc/self/mountinfo", "");
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), -EOPNOTSUPP);
	/* an escaped mountpoint is read unescaped */
	sr_write(sr, "/proc/self/mountinfo", "9 1 0:9 / /run/my\\040cg rw - cgroup2 cgroup2 rw\n");
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
	assert_string_equal(m.mountpoint, "/run/my cg");
	ioasid_ctx_free(ctx);
}

static void test_read_612(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_cgroup cg;
	const struct ioasid_misc_res *r;
	struct ioasid_ctx *ctx;

	sev_tree(sr, true);
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_misc_read(ctx, &m, "/", &cg), 0);
	assert_true(cg.is_root);
	assert_int_equal(cg.file_err[IOASID_MISC_CAPACITY], 0);
	assert_int_equal(cg.file_err[IOASID_MISC_CURRENT], 0);
	assert_int_equal(cg.file_err[IOASID_MISC_PEAK], 0);
	assert_int_equal(cg.file_err[IOASID_MISC_MAX], ENOENT);
	assert_int_equal(cg.file_err[IOASID_MISC_EVENTS], ENOENT);
	assert_int_equal(cg.file_err[IOASID_MISC_EVENTS_LOCAL], ENOENT);
	assert_int_equal(cg.nres, 2);
	r = ioasid_misc_find(&cg, "sev");
	assert_true(r->v[IOASID_MISC_CAPACITY].v == 410);
	assert_true(r->v[IOASID_MISC_CURRENT].v == 3);
	assert_true(r->v[IOASID_MISC_PEAK].v == 4);
	assert_int_equal(r->v[IOASID_MISC_MAX].err, ENOENT);
	ioasid_misc_cgroup_free(&cg);

	assert_int_equal(ioasid_misc_read(ctx, &m, "/machine.slice/" VM1, &cg), 0);
	assert_false(cg.is_root);
	assert_string_equal(cg.path, "/machine.slice/" VM1);
	assert_int_equal(cg.file_err[IOASID_MISC_CAPACITY], ENOENT);
	for (int f = IOASID_MISC_CURRENT; f < IOASID_MISC_NFILES; f++)
		assert_int_equal(cg.file_err[f], 0);
	r = ioasid_misc_find(&cg, "sev");
	assert_true(r->v[IOASID_MISC_MAX].v == 2);
	assert_false(r->max_unlimited);
	assert_true(r->v[IOASID_MISC_EVENTS_LOCAL].v == 2);
	assert_int_equal(r->v[IOASID_MISC_CAPACITY].err, ENOENT);
	r = ioasid_misc_find(&cg, "sev_es");
	assert_true(r->max_unlimited);
	assert_true(r->v[IOASID_MISC_CURRENT].v == 1);
	ioasid_misc_cgroup_free(&cg);
	ioasid_ctx_free(ctx);
}

static void test_read_61(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_cgroup cg;
	const struct ioasid_misc_res *r;
	struct ioasid_ctx *ctx;

	sev_tree(sr, false);
	ctx = ctx_mount(sr, &m);
	/* 6.1 root: misc.capacity only (current was CFTYPE_NOT_ON_ROOT) */
	assert_int_equal(ioasid_misc_read(ctx, &m, "/", &cg), 0);
	assert_int_equal(cg.file_err[IOASID_MISC_CAPACITY], 0);
	assert_int_equal(cg.file_err[IOASID_MISC_CURRENT], ENOENT);
	assert_int_equal(cg.file_err[IOASID_MISC_PEAK], ENOENT);
	r = ioasid_misc_find(&cg, "sev_es");
	assert_true(r->v[IOASID_MISC_CAPACITY].v == 99);
	assert_int_equal(r->v[IOASID_MISC_CURRENT].err, ENOENT); /* null, not 0 */
	ioasid_misc_cgroup_free(&cg);
	/* 6.1 non-root: max, current, events; no peak, no events.local */
	assert_int_equal(ioasid_misc_read(ctx, &m, "/machine.slice", &cg), 0);
	assert_int_equal(cg.file_err[IOASID_MISC_MAX], 0);
	assert_int_equal(cg.file_err[IOASID_MISC_CURRENT], 0);
	assert_int_equal(cg.file_err[IOASID_MISC_EVENTS], 0);
	assert_int_equal(cg.file_err[IOASID_MISC_PEAK], ENOENT);
	assert_int_equal(cg.file_err[IOASID_MISC_EVENTS_LOCAL], ENOENT);
	r = ioasid_misc_find(&cg, "sev");
	assert_true(r->v[IOASID_MISC_EVENTS].v == 2);
	assert_int_equal(r->v[IOASID_MISC_PEAK].err, ENOENT);
	ioasid_misc_cgroup_free(&cg);
	ioasid_ctx_free(ctx);
}

/* The tests/vm guests: misc enabled, no capacity, every file empty. */
static void test_read_empty(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_list l;
	struct ioasid_ctx *ctx;

	sr_write(sr, "/proc/self/mountinfo",
		 "18 14 0:23 / /sys/fs/cgroup rw,relatime - cgroup2 none rw\n");
	cgdir(sr, "/", ALL, "misc\n");
	cgfile(sr, "/", "misc.capacity", "");
	cgfile(sr, "/", "misc.current", "");
	cgfile(sr, "/", "misc.peak", "");
	cgdir(sr, "/machine.slice", "misc\n", "misc\n");
	cgdir(sr, "/machine.slice/" VM1, "misc\n", "");
	for (int i = 0; i < 2; i++) {
		const char *d = i ? "/machine.slice/" VM1 : "/machine.slice";

		cgfile(sr, d, "misc.max", "");
		cgfile(sr, d, "misc.current", "");
		cgfile(sr, d, "misc.peak", "");
		cgfile(sr, d, "misc.events", "");
		cgfile(sr, d, "misc.events.local", "");
	}
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_misc_list(ctx, &m, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].path, "/");
	assert_string_equal(l.v[1].path, "/machine.slice");
	assert_string_equal(l.v[2].path, "/machine.slice/" VM1);
	for (size_t i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].nres, 0);
		assert_int_equal(l.v[i].file_err[IOASID_MISC_CURRENT], 0);
	}
	assert_int_equal(l.v[0].file_err[IOASID_MISC_MAX], ENOENT);
	assert_int_equal(l.v[2].file_err[IOASID_MISC_CAPACITY], ENOENT);
	ioasid_misc_list_free(&l);
	ioasid_ctx_free(ctx);
}

static void test_list(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_list l;
	struct ioasid_ctx *ctx;

	sev_tree(sr, true);
	/* a link is not a cgroup; misc-less cgroups and their children are left out */
	sr_symlink(sr, "machine.slice", CG "/link.slice");
	cgdir(sr, "/system.slice/dbus.service/inner", "misc\n", ""); /* inconsistent: pruned */
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_misc_list(ctx, &m, &l), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].path, "/");
	assert_string_equal(l.v[1].path, "/machine.slice");
	assert_string_equal(l.v[2].path, "/machine.slice/" VM1);
	assert_string_equal(l.v[3].path, "/system.slice");
	ioasid_misc_list_free(&l);
	/* no misc on the hierarchy */
	cgdir(sr, "/", "cpuset cpu io memory\n", "cpu\n");
	assert_int_equal(ioasid_misc_list(ctx, &m, &l), -EOPNOTSUPP);
	assert_int_equal(l.n, 0);
	ioasid_ctx_free(ctx);
}

static void test_enabled(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_why why;
	struct ioasid_ctx *ctx;

	sev_tree(sr, true);
	cgdir(sr, "/user.slice", DOM, NOMISC);
	cgdir(sr, "/user.slice/user-1000.slice", NOMISC, NOMISC);
	cgdir(sr, "/user.slice/user-1000.slice/app.service", NOMISC, "");
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_misc_enabled(ctx, &m, "/machine.slice/" VM1, &why), 0);
	assert_int_equal(why.state, IOASID_MISC_ENABLED);
	assert_int_equal(ioasid_misc_enabled(ctx, &m, "/", &why), 0);
	assert_int_equal(why.state, IOASID_MISC_ENABLED);
	/* the parent's subtree_control lacks +misc */
	assert_int_equal(ioasid_misc_enabled(ctx, &m, "/system.slice/dbus.service", &why), 0);
	assert_int_equal(why.state, IOASID_MISC_NOT_ENABLED);
	assert_string_equal(why.parent, "/system.slice");
	assert_int_equal(why.nmissing, 1);
	assert_string_equal(why.missing[0], "/system.slice");
	ioasid_misc_why_free(&why);
	/* two levels missing: both, top-down */
	assert_int_equal(
		ioasid_misc_enabled(ctx, &m, "/user.slice/user-1000.slice/app.service", &why), 0);
	assert_int_equal(why.state, IOASID_MISC_NOT_ENABLED);
	assert_string_equal(why.parent, "/user.slice/user-1000.slice");
	assert_int_equal(why.nmissing, 2);
	assert_string_equal(why.missing[0], "/user.slice");
	assert_string_equal(why.missing[1], "/user.slice/user-1000.slice");
	ioasid_misc_why_free(&why);
	/* a threaded cgroup below a parent that enables misc */
	cgdir(sr, "/machine.slice/threads", "cpu pids\n", "");
	cgfile(sr, "/machine.slice/threads", "cgroup.type", "threaded\n");
	assert_int_equal(ioasid_misc_enabled(ctx, &m, "/machine.slice/threads", &why), 0);
	assert_int_equal(why.state, IOASID_MISC_THREADED);
	/* malformed controllers: an error naming the cgroup */
	cgfile(sr, "/machine.slice/" VM1, "cgroup.controllers", "cpu  misc\n");
	assert_int_equal(ioasid_misc_enabled(ctx, &m, "/machine.slice/" VM1, &why), -EINVAL);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, CG "/machine.slice/" VM1);
	/* a kernel without the misc controller */
	cgdir(sr, "/", "cpuset cpu io memory hugetlb pids rdma\n", "cpu io memory pids\n");
	cgdir(sr, "/machine.slice", NOMISC, NOMISC);
	assert_int_equal(ioasid_misc_enabled(ctx, &m, "/machine.slice", &why), 0);
	assert_int_equal(why.state, IOASID_MISC_NO_CONTROLLER);
	assert_int_equal(ioasid_misc_enabled(ctx, &m, "/", &why), 0);
	assert_int_equal(why.state, IOASID_MISC_NO_CONTROLLER);
	ioasid_ctx_free(ctx);
}

static void test_pid(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_ctx *ctx;
	char rel[IOASID_CGROUP_PATH_MAX];

	sev_tree(sr, true);
	sr_write(sr, "/proc/1/cgroup", "0::/init.scope\n"); /* not a cgroup in this tree */
	sr_write(sr, "/proc/7/cgroup", "0::/machine.slice/x (deleted)\n");
	sr_write(sr, "/proc/8/cgroup", "5:memory:/\n1:name=systemd:/\n");
	sr_write(sr, "/proc/9/cgroup", "0::/../../outside\n"); /* another cgroup namespace */
	sr_write(sr, "/proc/10/cgroup", "0::garbage\n");
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 4242, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/machine.slice/" VM1);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 1, rel, sizeof(rel)), -ENOENT);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 7, rel, sizeof(rel)), -ENOENT);
	assert_non_null(strstr(ioasid_ctx_last_error(ctx)->message, "removed"));
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 8, rel, sizeof(rel)), -EOPNOTSUPP);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 9, rel, sizeof(rel)), -ENOENT);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 10, rel, sizeof(rel)), -EINVAL);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 31337, rel, sizeof(rel)), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "pid 31337");
	assert_string_equal(ioasid_ctx_last_error(ctx)->message, "no such process");
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 0, rel, sizeof(rel)), -EINVAL);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, -5, rel, sizeof(rel)), -EINVAL);
	/* a subtree mounted elsewhere: paths map under its root */
	sr_write(sr, "/proc/self/mountinfo",
		 "40 1 0:27 /machine.slice /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
	assert_int_equal(ioasid_cgroup_mount_find(ctx, &m), 0);
	assert_string_equal(m.root, "/machine.slice");
	sr_write(sr, "/proc/4243/cgroup", "0::/machine.slice\n");
	cgdir(sr, "/" VM1, DOM, "");
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 4242, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/" VM1);
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 4243, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/");
	sr_write(sr, "/proc/4244/cgroup", "0::/machine.slicex/y\n");
	assert_int_equal(ioasid_cgroup_of_pid(ctx, &m, 4244, rel, sizeof(rel)), -ENOENT);
	ioasid_ctx_free(ctx);
}

static void test_unit(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_ctx *ctx;
	char **paths;
	size_t n;
	char deep[1024] = "";

	sev_tree(sr, true);
	cgdir(sr, "/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service", NOMISC,
	      "");
	/* deeper than IOASID_CGROUP_MAX_DEPTH: never reached */
	for (int i = 0; i <= IOASID_CGROUP_MAX_DEPTH; i++)
		strcat(deep, "/d");
	strcat(deep, "/deep.service");
	cgdir(sr, deep, NOMISC, "");
	cgdir(sr, "/d/d/shallow.service", NOMISC, "");
	sr_symlink(sr, "machine.slice", CG "/link.service");
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, VM1, &paths, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(paths[0], "/machine.slice/" VM1);
	ioasid_cgroup_paths_free(paths, n);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "dbus.service", &paths, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(paths[0], "/system.slice/dbus.service");
	assert_string_equal(paths[1],
			    "/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service");
	ioasid_cgroup_paths_free(paths, n);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "shallow.service", &paths, &n), 0);
	assert_int_equal(n, 1);
	ioasid_cgroup_paths_free(paths, n);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "deep.service", &paths, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "link.service", &paths, &n), 0);
	assert_int_equal(n, 0);
	/* no partial or unescaped matches */
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "machine-qemu-1-vm1.scope", &paths, &n),
			 0);
	assert_int_equal(n, 0);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "dbus", &paths, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "a/b.service", &paths, &n), -EINVAL);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "", &paths, &n), -EINVAL);
	assert_int_equal(ioasid_cgroup_find_unit(ctx, &m, "..", &paths, &n), -EINVAL);
	ioasid_ctx_free(ctx);
}

static void test_resolve(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_ctx *ctx;
	char rel[IOASID_CGROUP_PATH_MAX], host[64];

	sev_tree(sr, true);
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, "machine.slice", rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/machine.slice");
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, "//machine.slice/./", rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/machine.slice");
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, CG "/machine.slice/" VM1, rel, sizeof(rel)),
			 0);
	assert_string_equal(rel, "/machine.slice/" VM1);
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, CG, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/");
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, "/", rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/");
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, "machine.slice/../..", rel, sizeof(rel)),
			 -EINVAL);
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, "nothere", rel, sizeof(rel)), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, CG "/nothere");
	/* a file, and "/sys/fs/cgroupx" (not under the mountpoint) */
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, "misc.capacity", rel, sizeof(rel)),
			 -ENOENT);
	assert_int_equal(ioasid_cgroup_resolve(ctx, &m, "/sys/fs/cgroupx", rel, sizeof(rel)),
			 -ENOENT);
	assert_int_equal(ioasid_cgroup_host_path(&m, "/a", host, sizeof(host)), 0);
	assert_string_equal(host, CG "/a");
	assert_int_equal(ioasid_cgroup_host_path(&m, "/", host, sizeof(host)), 0);
	assert_string_equal(host, CG);
	assert_int_equal(
		ioasid_cgroup_host_path(&m, "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
					host, sizeof(host)),
		-ENAMETOOLONG);
	ioasid_ctx_free(ctx);
}

/* Malformed misc files on the tree: garbage, huge, oversized, NUL. */
static void test_read_malformed(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_cgroup cg;
	const struct ioasid_misc_res *r;
	struct ioasid_ctx *ctx;

	sev_tree(sr, true);
	cgfile(sr, "/machine.slice", "misc.max", "sev 99999999999999999999\nsev_es max\n");
	cgfile(sr, "/machine.slice", "misc.current", "\x01\x02garbage\xff\n");
	sr_write_bytes(sr, CG "/machine.slice/misc.peak", "sev 2\0\nsev_es 1\n", 16);
	sr_write_fill(sr, CG "/machine.slice/misc.events", '1', (64 << 10) + 1);
	cgfile(sr, "/machine.slice", "misc.events.local", "sev.max 0\nsev_es.max 0");
	ctx = ctx_mount(sr, &m);
	assert_int_equal(ioasid_misc_read(ctx, &m, "/machine.slice", &cg), 0);
	assert_int_equal(cg.file_err[IOASID_MISC_MAX], EINVAL);
	assert_int_equal(cg.file_err[IOASID_MISC_CURRENT], EINVAL);
	assert_int_equal(cg.file_err[IOASID_MISC_PEAK], EINVAL);
	assert_int_equal(cg.file_err[IOASID_MISC_EVENTS], EFBIG);
	assert_int_equal(cg.file_err[IOASID_MISC_EVENTS_LOCAL], EINVAL); /* cut off */
	r = ioasid_misc_find(&cg, "sev_es");
	assert_non_null(r);
	assert_true(r->max_unlimited);
	assert_int_equal(r->v[IOASID_MISC_CURRENT].err, EINVAL); /* not 0 */
	assert_int_equal(r->v[IOASID_MISC_EVENTS].err, EFBIG);
	r = ioasid_misc_find(&cg, "sev");
	assert_non_null(r); /* known from events.local */
	assert_int_equal(r->v[IOASID_MISC_MAX].err, EINVAL);
	assert_int_equal(r->v[IOASID_MISC_EVENTS_LOCAL].err, 0);
	ioasid_misc_cgroup_free(&cg);
	ioasid_ctx_free(ctx);
}

/* Unreadable files give EACCES (run as nobody when the suite is root). */
static int read_denied(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_cgroup_mount m;
	struct ioasid_misc_cgroup cg;
	const struct ioasid_misc_res *r;
	char rel[256];
	int rc = 0;

	(void)arg;
	if (ioasid_cgroup_mount_find(ctx, &m) != 0)
		return -100; /* the tree must be reachable for this user */
	if (ioasid_misc_read(ctx, &m, "/machine.slice", &cg) != 0)
		return -101;
	r = ioasid_misc_find(&cg, "sev");
	if (cg.file_err[IOASID_MISC_MAX] != EACCES || !r || r->v[IOASID_MISC_MAX].err != EACCES)
		rc = -102;
	else if (cg.file_err[IOASID_MISC_CURRENT] != 0 || r->v[IOASID_MISC_CURRENT].v != 2)
		rc = -103;
	ioasid_misc_cgroup_free(&cg);
	if (rc == 0 && ioasid_cgroup_of_pid(ctx, &m, 4242, rel, sizeof(rel)) != -EACCES)
		rc = -104;
	return rc;
}

static int mountinfo_denied(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_cgroup_mount m;

	(void)arg;
	if (ioasid_cgroup_mount_find(ctx, &m) != -EACCES)
		return -110;
	return strcmp(ioasid_ctx_last_error(ctx)->object, "/proc/self/mountinfo") ? -111 : 0;
}

static void test_eacces(void **state)
{
	struct sysroot *sr = *state;
	int result;

	sev_tree(sr, true);
	sr_chmod(sr, CG "/machine.slice/misc.max", 0);
	sr_chmod(sr, "/proc/4242/cgroup", 0);
	if (!sr_run_unprivileged(sr, read_denied, NULL, &result))
		skip();
	if (result == -100) {
		fprintf(stderr, "EACCES case skipped: uid 65534 cannot reach %s\n", sr->root);
		skip();
	}
	assert_int_equal(result, 0);
	/* and an unreadable mountinfo is an error naming it */
	sr_chmod(sr, "/proc/self/mountinfo", 0);
	assert_true(sr_run_unprivileged(sr, mountinfo_denied, NULL, &result));
	assert_int_equal(result, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_mountinfo_line),
		cmocka_unit_test(test_mountinfo_line_bad),
		cmocka_unit_test(test_scan_mountinfo),
		cmocka_unit_test(test_proc_cgroup),
		cmocka_unit_test(test_controllers),
		cmocka_unit_test(test_misc_parse),
		cmocka_unit_test(test_misc_parse_bad),
		cmocka_unit_test(test_misc_finish),
		cmocka_unit_test_setup_teardown(test_mount_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_612, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_61, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eacces, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
