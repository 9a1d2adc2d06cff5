// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The uapi header of the IOASID extension (src/lib/include/uapi/ioasid.h) against
 * values computed by hand from ioasid-abi(7), and the man page against the
 * same values, so that neither can drift.
 *
 * ioctl numbers, by <asm-generic/ioctl.h>: _IO(type, nr) is
 * _IOC(_IOC_NONE, type, nr, 0) = (0 << 30) | (0 << 16) | (type << 8) | nr.
 * Type ';' is 0x3b and IOASID_BASE 0x40, so the requests are 0x3b40..0x3b46.
 *
 * Struct layouts: every field is a __u32, so field k is at offset 4k and a
 * struct of n fields is 4n bytes with no padding on any ABI.
 *
 * The collision check reads Documentation/userspace-api/ioctl/ioctl-number.rst
 * of a kernel tree when one is given (IOASID_IOCTL_NUMBER_RST) or found at
 * the usual place; it is skipped otherwise.
 */
#include "uapi/ioasid.h" /* first: the header must stand on its own */

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void test_ioctl_numbers(void **state)
{
	(void)state;
	assert_int_equal(IOASID_TYPE, 0x3b);
	assert_int_equal(IOASID_BASE, 0x40);
	assert_int_equal(IOASID_GET_API_VERSION, 0x3b40);
	assert_int_equal(IOASID_GET_INFO, 0x3b41);
	assert_int_equal(IOASID_ALLOC, 0x3b42);
	assert_int_equal(IOASID_FREE, 0x3b43);
	assert_int_equal(IOASID_BIND, 0x3b44);
	assert_int_equal(IOASID_UNBIND, 0x3b45);
	assert_int_equal(IOASID_FIND_SPID, 0x3b46);
}

/* The kernel's own decoders see no size and no direction: argsz carries the
 * size, so a struct can grow without a new number. */
static void test_ioctl_decode(void **state)
{
	const unsigned long nrs[] = {
		IOASID_GET_API_VERSION, IOASID_GET_INFO, IOASID_ALLOC, IOASID_FREE, IOASID_BIND,
		IOASID_UNBIND,		IOASID_FIND_SPID};

	(void)state;
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		assert_int_equal(_IOC_DIR(nrs[i]), _IOC_NONE);
		assert_int_equal(_IOC_TYPE(nrs[i]), ';');
		assert_int_equal(_IOC_NR(nrs[i]), 0x40 + i);
		assert_int_equal(_IOC_SIZE(nrs[i]), 0);
	}
}

static void test_struct_layouts(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct ioasid_info_args), 40);
	assert_int_equal(offsetof(struct ioasid_info_args, argsz), 0);
	assert_int_equal(offsetof(struct ioasid_info_args, flags), 4);
	assert_int_equal(offsetof(struct ioasid_info_args, capacity), 8);
	assert_int_equal(offsetof(struct ioasid_info_args, available), 12);
	assert_int_equal(offsetof(struct ioasid_info_args, min_ioasid), 16);
	assert_int_equal(offsetof(struct ioasid_info_args, max_ioasid), 20);
	assert_int_equal(offsetof(struct ioasid_info_args, set), 24);
	assert_int_equal(offsetof(struct ioasid_info_args, quota), 28);
	assert_int_equal(offsetof(struct ioasid_info_args, allocated), 32);
	assert_int_equal(offsetof(struct ioasid_info_args, __reserved), 36);
	assert_int_equal(IOASID_INFO_SZ_V1, 40);
	assert_int_equal(IOASID_INFO_HAS_SET, 1);

	assert_int_equal(sizeof(struct ioasid_alloc_args), 20);
	assert_int_equal(offsetof(struct ioasid_alloc_args, argsz), 0);
	assert_int_equal(offsetof(struct ioasid_alloc_args, flags), 4);
	assert_int_equal(offsetof(struct ioasid_alloc_args, min), 8);
	assert_int_equal(offsetof(struct ioasid_alloc_args, max), 12);
	assert_int_equal(offsetof(struct ioasid_alloc_args, ioasid), 16);
	assert_int_equal(IOASID_ALLOC_SZ_V1, 20);

	assert_int_equal(sizeof(struct ioasid_free_args), 12);
	assert_int_equal(offsetof(struct ioasid_free_args, argsz), 0);
	assert_int_equal(offsetof(struct ioasid_free_args, flags), 4);
	assert_int_equal(offsetof(struct ioasid_free_args, ioasid), 8);
	assert_int_equal(IOASID_FREE_SZ_V1, 12);

	assert_int_equal(sizeof(struct ioasid_bind_args), 16);
	assert_int_equal(offsetof(struct ioasid_bind_args, argsz), 0);
	assert_int_equal(offsetof(struct ioasid_bind_args, flags), 4);
	assert_int_equal(offsetof(struct ioasid_bind_args, ioasid), 8);
	assert_int_equal(offsetof(struct ioasid_bind_args, spid), 12);
	assert_int_equal(IOASID_BIND_SZ_V1, 16);

	assert_int_equal(sizeof(struct ioasid_unbind_args), 12);
	assert_int_equal(offsetof(struct ioasid_unbind_args, argsz), 0);
	assert_int_equal(offsetof(struct ioasid_unbind_args, flags), 4);
	assert_int_equal(offsetof(struct ioasid_unbind_args, ioasid), 8);
	assert_int_equal(IOASID_UNBIND_SZ_V1, 12);

	assert_int_equal(sizeof(struct ioasid_find_spid_args), 16);
	assert_int_equal(offsetof(struct ioasid_find_spid_args, argsz), 0);
	assert_int_equal(offsetof(struct ioasid_find_spid_args, flags), 4);
	assert_int_equal(offsetof(struct ioasid_find_spid_args, spid), 8);
	assert_int_equal(offsetof(struct ioasid_find_spid_args, ioasid), 12);
	assert_int_equal(IOASID_FIND_SPID_SZ_V1, 16);

	/* 4-byte alignment everywhere: the same layout on i386 and x86_64 */
	assert_int_equal(_Alignof(struct ioasid_info_args), 4);
	assert_int_equal(_Alignof(struct ioasid_alloc_args), 4);
}

static void test_constants(void **state)
{
	(void)state;
	assert_int_equal(IOASID_ABI_VERSION, 3);
	assert_int_equal(IOASID_API_VERSION, 1); /* the ioctls did not change in v2 */
	assert_true(IOASID_INVALID == 0xffffffffu);
	assert_true(IOASID_DEFAULT_CAPACITY == 1048576u); /* 2^20, not the crawl's 0x10 */

	assert_string_equal(IOASID_GENL_NAME, "ioasid");
	assert_int_equal(IOASID_GENL_VERSION, 3);
	assert_string_equal(IOASID_GENL_MCGRP_NOTIFY, "notify");
	assert_int_equal(IOASID_CMD_UNSPEC, 0);
	assert_int_equal(IOASID_CMD_GET_IOASID, 1);
	assert_int_equal(IOASID_CMD_GET_BINDING, 2);
	assert_int_equal(IOASID_CMD_ALLOC_NTF, 3);
	assert_int_equal(IOASID_CMD_FREE_NTF, 4);
	assert_int_equal(IOASID_CMD_BIND_NTF, 5);
	assert_int_equal(IOASID_CMD_UNBIND_NTF, 6);
	assert_int_equal(IOASID_CMD_GET_SET, 7);
	assert_int_equal(IOASID_CMD_MAX, 7);
	assert_int_equal(IOASID_ATTR_UNSPEC, 0);
	assert_int_equal(IOASID_ATTR_PAD, 1);
	assert_int_equal(IOASID_ATTR_IOASID, 2);
	assert_int_equal(IOASID_ATTR_SET, 3);
	assert_int_equal(IOASID_ATTR_SPID, 4);
	assert_int_equal(IOASID_ATTR_STATE, 5);
	assert_int_equal(IOASID_ATTR_REFS, 6);
	assert_int_equal(IOASID_ATTR_PRQ_COUNT, 7);
	assert_int_equal(IOASID_ATTR_PID, 8);
	assert_int_equal(IOASID_ATTR_CGROUP, 9);
	assert_int_equal(IOASID_ATTR_DEVICE, 10);
	assert_int_equal(IOASID_ATTR_SEQ, 11);
	assert_int_equal(IOASID_ATTR_SET_TYPE, 12);
	assert_int_equal(IOASID_ATTR_QUOTA, 13);
	assert_int_equal(IOASID_ATTR_ALLOCATED, 14);
	assert_int_equal(IOASID_ATTR_MAX, 14);
	assert_int_equal(IOASID_GENL_SET_NULL, 0);
	assert_int_equal(IOASID_GENL_SET_MM, 1);
	assert_int_equal(IOASID_GENL_STATE_IDLE, 0);
	assert_int_equal(IOASID_GENL_STATE_ACTIVE, 1);
	assert_int_equal(IOASID_GENL_STATE_FREE_PENDING, 2);

	assert_string_equal(IOASID_SYSFS_DIR, "kernel/ioasid");
	assert_string_equal(IOASID_SYSFS_VERSION, "kernel/ioasid/version");
	assert_string_equal(IOASID_SYSFS_DEFAULT_QUOTA, "kernel/ioasid/default_quota");
	assert_string_equal(IOASID_SYSFS_CAPACITY_TOTAL, "kernel/ioasid/capacity/total");
	assert_string_equal(IOASID_SYSFS_CAPACITY_AVAILABLE, "kernel/ioasid/capacity/available");
	assert_string_equal(IOASID_SYSFS_CAPACITY_RESERVED, "kernel/ioasid/capacity/reserved");
	assert_string_equal(IOASID_SYSFS_CAPACITY_RESERVE, "kernel/ioasid/capacity/reserve");
	assert_string_equal(IOASID_SYSFS_CAPACITY_CANCEL, "kernel/ioasid/capacity/cancel");
	assert_string_equal(IOASID_SYSFS_SETS_DIR, "kernel/ioasid/sets");
	assert_string_equal(IOASID_SYSFS_SET_TYPE, "type");
	assert_string_equal(IOASID_SYSFS_SET_QUOTA, "quota");
	assert_string_equal(IOASID_SYSFS_SET_ALLOCATED, "allocated");
	assert_string_equal(IOASID_SYSFS_SET_OWNER_PID, "owner_pid");
	assert_string_equal(IOASID_SYSFS_SET_CGROUP, "cgroup");
	assert_string_equal(IOASID_SET_TYPE_NAME_NULL, "null");
	assert_string_equal(IOASID_SET_TYPE_NAME_MM, "mm");
	assert_string_equal(IOASID_CGROUP_CONTROLLER, "ioasids");
	assert_string_equal(IOASID_CGROUP_MAX, "ioasids.max");
	assert_string_equal(IOASID_CGROUP_CURRENT, "ioasids.current");
	assert_string_equal(IOASID_CGROUP_EVENTS, "ioasids.events");
	assert_string_equal(IOASID_MISC_RESOURCE, "ioasid");
	assert_string_equal(IOASID_DEV_PATH, "/dev/ioasid");
}

/* ---- the man page says the same ---- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static char *man_page(void)
{
	const char *top = getenv("top_srcdir");
	char path[4096];

	snprintf(path, sizeof(path), "%s/man/ioasid-abi.7", top ? top : ".");
	return slurp(path);
}

/* The man page has the line exactly (a table row or a struct comment). */
static void assert_line(const char *man, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = man; (p = strstr(p, line)) != NULL; p += n) {
		if ((p == man || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return;
	}
	fail_msg("ioasid-abi.7 lacks the line \"%s\"", line);
}

static void test_man_page(void **state)
{
	char *man = man_page();

	(void)state;
	if (!man)
		skip();
	/* the ioctl table: hand-computed numbers */
	assert_line(man, ".It Dv IOASID_GET_API_VERSION Ta 0x3b40 Ta none");
	assert_line(man, ".It Dv IOASID_GET_INFO Ta 0x3b41 Ta Vt struct ioasid_info_args");
	assert_line(man, ".It Dv IOASID_ALLOC Ta 0x3b42 Ta Vt struct ioasid_alloc_args");
	assert_line(man, ".It Dv IOASID_FREE Ta 0x3b43 Ta Vt struct ioasid_free_args");
	assert_line(man, ".It Dv IOASID_BIND Ta 0x3b44 Ta Vt struct ioasid_bind_args");
	assert_line(man, ".It Dv IOASID_UNBIND Ta 0x3b45 Ta Vt struct ioasid_unbind_args");
	assert_line(man, ".It Dv IOASID_FIND_SPID Ta 0x3b46 Ta Vt struct ioasid_find_spid_args");
	/* struct sizes */
	assert_line(man, "struct ioasid_info_args {          /* 40 bytes */");
	assert_line(man, "struct ioasid_alloc_args {         /* 20 bytes */");
	assert_line(man, "struct ioasid_free_args {          /* 12 bytes */");
	assert_line(man, "struct ioasid_bind_args {          /* 16 bytes */");
	assert_line(man, "struct ioasid_unbind_args {        /* 12 bytes */");
	assert_line(man, "struct ioasid_find_spid_args {     /* 16 bytes */");
	/* genl ids */
	assert_line(man, ".It Dv IOASID_CMD_GET_IOASID Ta 1 Ta dump or do");
	assert_line(man, ".It Dv IOASID_CMD_GET_BINDING Ta 2 Ta dump");
	assert_line(man, ".It Dv IOASID_CMD_ALLOC_NTF Ta 3 Ta reserved, not sent");
	assert_line(man, ".It Dv IOASID_CMD_FREE_NTF Ta 4 Ta notify group");
	assert_line(man, ".It Dv IOASID_CMD_BIND_NTF Ta 5 Ta notify group");
	assert_line(man, ".It Dv IOASID_CMD_UNBIND_NTF Ta 6 Ta notify group");
	assert_line(man, ".It Dv IOASID_ATTR_PAD Ta 1 Ta pad for u64");
	assert_line(man, ".It Dv IOASID_ATTR_IOASID Ta 2 Ta u32");
	assert_line(man, ".It Dv IOASID_ATTR_SET Ta 3 Ta u32");
	assert_line(man, ".It Dv IOASID_ATTR_SPID Ta 4 Ta u32");
	assert_line(man, ".It Dv IOASID_ATTR_STATE Ta 5 Ta u32");
	assert_line(man, ".It Dv IOASID_ATTR_REFS Ta 6 Ta u32");
	assert_line(man, ".It Dv IOASID_ATTR_PRQ_COUNT Ta 7 Ta u64");
	assert_line(man, ".It Dv IOASID_ATTR_PID Ta 8 Ta u32");
	assert_line(man, ".It Dv IOASID_ATTR_CGROUP Ta 9 Ta NLA_NUL_STRING");
	assert_line(man, ".It Dv IOASID_ATTR_DEVICE Ta 10 Ta NLA_NUL_STRING");
	assert_line(man, ".It Dv IOASID_ATTR_SEQ Ta 11 Ta u64");
	free(man);
}

/* ---- no collision with the kernel's registry of ioctl numbers ---- */

static int code_of(const char *s, int *code)
{
	char *end;
	long v;

	if (s[0] == '\'' && s[1] && s[2] == '\'') {
		*code = (unsigned char)s[1];
		return 0;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		v = strtol(s, &end, 16);
		if (end != s + 2 && v >= 0 && v <= 0xff) {
			*code = (int)v;
			return 0;
		}
	}
	return -1;
}

/* "64-7F", "00", "all", "80-FF": the range of sequence numbers of a row. */
static int range_of(const char *s, int *lo, int *hi)
{
	char *end;

	if (!strncmp(s, "all", 3)) {
		*lo = 0;
		*hi = 0xff;
		return 0;
	}
	if (!isxdigit((unsigned char)s[0]))
		return -1;
	*lo = (int)strtol(s, &end, 16);
	*hi = *lo;
	if (*end == '-')
		*hi = (int)strtol(end + 1, &end, 16);
	return 0;
}

static const char *ioctl_number_rst(void)
{
	static const char *const cands[] = {
		"/srv/ksrc/linux-source-6.12/Documentation/userspace-api/ioctl/ioctl-number.rst",
		"/usr/src/linux-source-6.12/Documentation/userspace-api/ioctl/ioctl-number.rst",
	};
	const char *env = getenv("IOASID_IOCTL_NUMBER_RST");

	if (env && *env)
		return env;
	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		FILE *f = fopen(cands[i], "r");

		if (f) {
			fclose(f);
			return cands[i];
		}
	}
	return NULL;
}

static void test_no_collision(void **state)
{
	const char *path = ioctl_number_rst();
	char line[512], code_s[16], range_s[32];
	int rows = 0, semicolon_rows = 0;
	FILE *f;

	(void)state;
	if (!path)
		skip(); /* no kernel tree: set IOASID_IOCTL_NUMBER_RST */
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		int code, lo, hi;

		if (sscanf(line, "%15s %31s", code_s, range_s) != 2)
			continue;
		if (code_of(code_s, &code) || range_of(range_s, &lo, &hi))
			continue;
		rows++;
		if (code != IOASID_TYPE)
			continue;
		semicolon_rows++;
		if (hi >= IOASID_BASE && lo <= IOASID_BASE + 0x0f)
			fail_msg("%s: ';' %02X-%02X overlaps IOASID's %02X-%02X", path, lo, hi,
				 IOASID_BASE, IOASID_BASE + 0x0f);
	}
	fclose(f);
	/* the table was really parsed: 6.12 has 275 rows with a code and a
	 * range, two of them for ';' (vfio.h 64-7F, iommufd.h 80-FF) */
	print_message("%s: %d rows, %d for ';'\n", path, rows, semicolon_rows);
	assert_true(rows > 200);
	assert_true(semicolon_rows >= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ioctl_numbers),  cmocka_unit_test(test_ioctl_decode),
		cmocka_unit_test(test_struct_layouts), cmocka_unit_test(test_constants),
		cmocka_unit_test(test_man_page),       cmocka_unit_test(test_no_collision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
