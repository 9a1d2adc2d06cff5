// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IOMMU groups (group.c). reserved_regions lines are in the format of
 * drivers/iommu/iommu.c iommu_group_show_resv_regions():
 *   "0x%016llx 0x%016llx %s\n" start, end (inclusive), and the type names
 *   of iommu_group_resv_type_string[]: direct, direct-relaxable, reserved,
 *   msi. The values are those of a typical Intel client: the iGPU RMRR
 *   (direct) and the interrupt window 0xfee00000-0xfeefffff (msi).
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

#include "ioasid.h"
#include "sysroot.h"

static void test_parse_good(void **state)
{
	struct ioasid_resv_region *r;
	size_t n, bad;

	(void)state;
	assert_int_equal(
		ioasid_parse_resv_regions("0x000000007b800000 0x000000007f7fffff direct\n"
					  "0x00000000fee00000 0x00000000feefffff msi\n"
					  "0x0000000000000000 0x0000000000ffffff direct-relaxable\n"
					  "0x0000008000000000 0xffffffffffffffff reserved\n",
					  &r, &n, &bad),
		0);
	assert_int_equal(n, 4);
	assert_int_equal(bad, 0);
	assert_true(r[0].start == 0x7b800000ull);
	assert_true(r[0].end == 0x7f7fffffull);
	assert_int_equal(r[0].type, IOASID_RESV_DIRECT);
	assert_string_equal(r[0].type_name, "direct");
	assert_int_equal(r[1].type, IOASID_RESV_MSI);
	assert_true(r[1].start == 0xfee00000ull && r[1].end == 0xfeefffffull);
	assert_int_equal(r[2].type, IOASID_RESV_DIRECT_RELAXABLE);
	assert_int_equal(r[3].type, IOASID_RESV_RESERVED);
	assert_true(r[3].end == UINT64_MAX);
	free(r);

	/* empty text, empty lines, last line without newline, one-byte region */
	assert_int_equal(ioasid_parse_resv_regions("", &r, &n, &bad), 0);
	assert_int_equal(n, 0);
	assert_null(r);
	assert_int_equal(ioasid_parse_resv_regions("\n\n0x10 0x10 msi", &r, &n, &bad), 0);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 0);
	free(r);
	/* an unknown type (a newer kernel) is kept with its name */
	assert_int_equal(ioasid_parse_resv_regions("0x1 0x2 sw-msi-v2\n", &r, &n, &bad), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].type, IOASID_RESV_UNKNOWN);
	assert_string_equal(r[0].type_name, "sw-msi-v2");
	free(r);
}

static void test_parse_garbage(void **state)
{
	static const char *const bad_lines[] = {
		"garbage",
		"0x1 0x2", /* no type */
		"0x1",
		"0x2 0x1 msi", /* end before start */
		"0x1 0x2 msi extra",
		"1 2 msi", /* no 0x */
		"0x 0x msi",
		"0xzz 0x2 msi",
		"0x1 0x2 abcdefghijklmnopqrstuvwxyz0123456789", /* type > 23 chars */
		" ",
		"0x00000000fee00000 0x00000000feefffff msi 0x00000000fee00000 0x00000000feefffff "
		"msi "
		"0x00000000fee00000 0x00000000feefffff msi", /* > 160 chars */
	};
	struct ioasid_resv_region *r;
	size_t n, bad;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		char text[512];

		snprintf(text, sizeof(text),
			 "0x00000000fee00000 0x00000000feefffff msi\n%s\n"
			 "0x000000007b800000 0x000000007f7fffff direct\n",
			 bad_lines[i]);
		assert_int_equal(ioasid_parse_resv_regions(text, &r, &n, &bad), 0);
		if (n != 2 || bad != 1)
			fail_msg("\"%s\": %zu good, %zu bad", bad_lines[i], n, bad);
		assert_int_equal(r[0].type, IOASID_RESV_MSI);
		assert_int_equal(r[1].type, IOASID_RESV_DIRECT);
		free(r);
	}
	/* type names up to type_name's 23 characters; longer is garbage */
	assert_int_equal(ioasid_parse_resv_regions("0x1 0x2 abcdefghijklmnopqrstuvw\n"
						   "0x1 0x2 abcdefghijklmnopqrstuvwx\n",
						   &r, &n, &bad),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 1);
	assert_string_equal(r[0].type_name, "abcdefghijklmnopqrstuvw");
	free(r);
	/* many lines: the array grows */
	{
		size_t cnt = 1000, len = cnt * 44 + 1;
		char *text = malloc(len), *p = text;

		for (size_t i = 0; i < cnt; i++)
			p += sprintf(p, "0x%016zx 0x%016zx msi\n", i << 12, (i << 12) + 0xfff);
		assert_int_equal(ioasid_parse_resv_regions(text, &r, &n, &bad), 0);
		assert_int_equal(n, cnt);
		assert_true(r[999].start == 999ull << 12);
		free(r);
		free(text);
	}
}

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

static void group(struct sysroot *sr, unsigned id, const char *type, const char *resv)
{
	char p[128];

	snprintf(p, sizeof(p), "/sys/kernel/iommu_groups/%u/devices", id);
	sr_mkdir(sr, p);
	if (type) {
		snprintf(p, sizeof(p), "/sys/kernel/iommu_groups/%u/type", id);
		sr_write(sr, p, type);
	}
	if (resv) {
		snprintf(p, sizeof(p), "/sys/kernel/iommu_groups/%u/reserved_regions", id);
		sr_write(sr, p, resv);
	}
}

static void test_group_list(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_group_list l;
	struct ioasid_ctx *ctx;

	group(sr, 0, "DMA-FQ\n", "0x00000000fee00000 0x00000000feefffff msi\n");
	group(sr, 2, "identity\n",
	      "0x000000007b800000 0x000000007f7fffff direct\n"
	      "0x00000000fee00000 0x00000000feefffff msi\n");
	group(sr, 10, "DMA\n", "");
	sr_symlink(sr, "../../../../devices/pci0000:00/0000:00:02.0",
		   "/sys/kernel/iommu_groups/2/devices/0000:00:02.0");
	sr_symlink(sr, "../../../../devices/pci0000:00/0000:00:14.0",
		   "/sys/kernel/iommu_groups/10/devices/0000:00:14.0");
	sr_symlink(sr, "../../../../devices/pci0000:00/0000:00:14.2",
		   "/sys/kernel/iommu_groups/10/devices/0000:00:14.2");
	sr_write(sr, "/sys/kernel/iommu_groups/10/name", "usb\n");
	sr_mkdir(sr, "/sys/kernel/iommu_groups/notagroup");
	sr_mkdir(sr, "/sys/kernel/iommu_groups/-1");
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_group_list(ctx, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].id, 0);
	assert_string_equal(l.v[0].type, "DMA-FQ");
	assert_int_equal(l.v[0].nregions, 1);
	assert_int_equal(l.v[0].regions[0].type, IOASID_RESV_MSI);
	assert_int_equal(l.v[0].ndevices, 0);
	assert_string_equal(l.v[0].name, "");
	assert_int_equal(l.v[1].id, 2);
	assert_string_equal(l.v[1].type, "identity");
	assert_int_equal(l.v[1].nregions, 2);
	assert_int_equal(l.v[1].regions_err, 0);
	assert_int_equal(l.v[1].ndevices, 1);
	assert_string_equal(l.v[1].devices[0], "0000:00:02.0");
	assert_int_equal(l.v[2].id, 10);
	assert_string_equal(l.v[2].name, "usb");
	assert_int_equal(l.v[2].nregions, 0);
	assert_int_equal(l.v[2].ndevices, 2);
	assert_string_equal(l.v[2].devices[1], "0000:00:14.2");
	ioasid_group_list_free(&l);
	assert_int_equal(l.n, 0);
	ioasid_ctx_free(ctx);
}

static void test_group_malformed(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_group_list l;
	struct ioasid_ctx *ctx;

	group(sr, 1, NULL, "0x00000000fee00000 0x00000000feefffff msi\nbogus\n");
	group(sr, 3, "", NULL);
	group(sr, 4, "DMA\n", NULL);
	sr_write_fill(sr, "/sys/kernel/iommu_groups/4/reserved_regions", 'x', (1 << 20) + 1);
	sr_symlink(sr, "type", "/sys/kernel/iommu_groups/5/type");
	sr_mkdir(sr, "/sys/kernel/iommu_groups/5/devices");
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_group_list(ctx, &l), 0);
	assert_int_equal(l.n, 4);
	/* missing type; a bad line marks the regions EINVAL but keeps the good */
	assert_int_equal(l.v[0].type_err, ENOENT);
	assert_string_equal(l.v[0].type, "");
	assert_int_equal(l.v[0].regions_err, EINVAL);
	assert_int_equal(l.v[0].nregions, 1);
	assert_int_equal(l.v[1].type_err, ENODATA);
	assert_int_equal(l.v[1].regions_err, ENOENT);
	assert_int_equal(l.v[2].regions_err, EFBIG);
	assert_int_equal(l.v[3].type_err, ELOOP);
	ioasid_group_list_free(&l);
	ioasid_ctx_free(ctx);
}

static void test_group_none(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_group_list l;
	struct ioasid_ctx *ctx = sr_ctx(sr);

	assert_int_equal(ioasid_group_list(ctx, &l), 0);
	assert_int_equal(l.n, 0);
	ioasid_group_list_free(&l);
	sr_write(sr, "/sys/kernel/iommu_groups", "");
	assert_int_equal(ioasid_group_list(ctx, &l), -ENOTDIR);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/kernel/iommu_groups");
	ioasid_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_garbage),
		cmocka_unit_test_setup_teardown(test_group_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_none, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
