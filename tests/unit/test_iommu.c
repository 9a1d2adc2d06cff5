// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /sys/class/iommu reader (iommu.c) on fake sysroots laid out as the
 * kernel does it: /sys/class/iommu/NAME -> ../../devices/virtual/iommu/NAME,
 * attribute groups "intel-iommu" (iommu.c cap_show "%llx\n", version_show
 * "%d:%d\n", ...) and "amd-iommu" (init.c amd_iommu_show_features), SMMUv3
 * without attributes named "smmu3.%pa". Register values are the real ones
 * of test_vtd.c / test_amd.c; max_pasids follows dmar.c alloc_iommu()
 * (2 << PSS when scalable and PASID) and amd init.c (6.12: GT ->
 * (1 << (PASmax + 1)) - 1; 6.1 never sets it).
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

static void unit(struct sysroot *sr, const char *name)
{
	char dev[128], link[128], target[128];

	snprintf(dev, sizeof(dev), "/sys/devices/virtual/iommu/%s", name);
	snprintf(link, sizeof(link), "/sys/class/iommu/%s", name);
	snprintf(target, sizeof(target), "../../devices/virtual/iommu/%s", name);
	sr_mkdir(sr, dev);
	sr_symlink(sr, target, link);
}

static void attr(struct sysroot *sr, const char *name, const char *group, const char *a,
		 const char *val)
{
	char p[256];

	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/%s/%s", name, group, a);
	sr_write(sr, p, val);
}

static void vtd(struct sysroot *sr, const char *name, const char *ver, const char *cap,
		const char *ecap)
{
	unit(sr, name);
	attr(sr, name, "intel-iommu", "version", ver);
	attr(sr, name, "intel-iommu", "address", "fed90000\n");
	attr(sr, name, "intel-iommu", "cap", cap);
	attr(sr, name, "intel-iommu", "ecap", ecap);
	attr(sr, name, "intel-iommu", "domains_supported", "65536\n");
	attr(sr, name, "intel-iommu", "domains_used", "5\n");
}

static void kernel(struct sysroot *sr, const char *rel, const char *cmdline)
{
	sr_writef(sr, "/proc/sys/kernel/osrelease", "%s\n", rel);
	sr_writef(sr, "/proc/cmdline", "root=/dev/vda1 %s\n", cmdline);
}

static void list(struct sysroot *sr, struct ioasid_iommu_list *l)
{
	struct ioasid_ctx *ctx = sr_ctx(sr);

	assert_int_equal(ioasid_iommu_list(ctx, l), 0);
	ioasid_ctx_free(ctx);
}

/* Sapphire Rapids registers; sm_on. Its real ecap lacks PASID (bit 40),
 * so scalable but no PASIDs (max 0). */
#define SPR_CAP "9ed008c40780466\n"
#define SPR_ECAP "3ee9e86f050df\n"
/* The same ecap with PASID (bit 40) and PRS (bit 29) added: what an SVA
 * capable unit reports; PSS 19 -> 2 << 19 = 0x100000 (PASID_MAX). */
#define SPR_ECAP_PASID "3ef9ea6f050df\n"

static void test_vtd_scalable(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;
	const struct ioasid_iommu *u;

	kernel(sr, "6.12.117+deb12-amd64", "intel_iommu=on,sm_on");
	vtd(sr, "dmar0", "6:0\n", SPR_CAP, SPR_ECAP_PASID);
	vtd(sr, "dmar1", "6:0\n", SPR_CAP, SPR_ECAP);
	sr_symlink(sr, "../../../../pci0000:6a/0000:6a:01.0",
		   "/sys/devices/virtual/iommu/dmar0/devices/0000:6a:01.0");
	sr_symlink(sr, "../../../../pci0000:6a/0000:6a:02.0",
		   "/sys/devices/virtual/iommu/dmar0/devices/0000:6a:02.0");
	list(sr, &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.vtd_mode.sm, IOASID_YES);
	assert_string_equal(l.vtd_mode.rule, "kernel command line");

	u = ioasid_iommu_find(&l, "dmar0");
	assert_non_null(u);
	assert_int_equal(u->type, IOASID_IOMMU_VTD);
	assert_string_equal(ioasid_iommu_type_name(u->type), "vtd");
	assert_int_equal(u->version.err, 0);
	assert_true(u->version.v == 0x60);
	assert_string_equal(u->address, "fed90000");
	assert_true(u->cap.v == 0x9ed008c40780466ull);
	assert_true(u->ecap.v == 0x3ef9ea6f050dfull);
	assert_true(u->domains_supported.v == 65536);
	assert_true(u->domains_used.v == 5);
	assert_int_equal(u->vtd.pss, 19);
	assert_int_equal(u->scalable, IOASID_YES);
	assert_int_equal(u->pasid, IOASID_YES);
	assert_int_equal(u->max_pasids.err, 0);
	assert_true(u->max_pasids.v == 0x100000);
	assert_int_equal(u->prs, IOASID_YES);
	assert_int_equal(u->ndevices, 2);

	u = ioasid_iommu_find(&l, "dmar1");
	assert_non_null(u);
	assert_int_equal(u->scalable, IOASID_YES);
	assert_int_equal(u->pasid, IOASID_NO);
	assert_int_equal(u->max_pasids.err, 0);
	assert_true(u->max_pasids.v == 0);
	assert_int_equal(u->prs, IOASID_NO);
	assert_int_equal(u->ndevices, 0);
	assert_null(ioasid_iommu_find(&l, "dmar2"));
	ioasid_iommu_list_free(&l);
	assert_int_equal(l.n, 0);
}

/* Same hardware, sm_off: legacy mode, no PASIDs. */
static void test_vtd_sm_off(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	kernel(sr, "6.12.117+deb12-amd64", "intel_iommu=on,sm_off");
	vtd(sr, "dmar0", "6:0\n", SPR_CAP, SPR_ECAP_PASID);
	list(sr, &l);
	assert_int_equal(l.vtd_mode.sm, IOASID_NO);
	assert_int_equal(l.v[0].scalable, IOASID_NO);
	assert_int_equal(l.v[0].pasid, IOASID_NO);
	assert_true(l.v[0].max_pasids.v == 0);
	assert_int_equal(l.v[0].max_pasids.err, 0);
	ioasid_iommu_list_free(&l);
}

/* Legacy-only hardware (no SMTS) under sm_on stays legacy. */
static void test_vtd_legacy_hw(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	kernel(sr, "6.12.117+deb12-amd64", "intel_iommu=sm_on");
	vtd(sr, "dmar0", "1:0\n", "d2008c40660462\n", "f050da\n");
	list(sr, &l);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].version.v == 0x10);
	assert_int_equal(l.v[0].scalable, IOASID_NO);
	assert_int_equal(l.v[0].pasid, IOASID_NO);
	assert_true(l.v[0].max_pasids.v == 0);
	assert_int_equal(l.v[0].max_pasids.err, 0);
	ioasid_iommu_list_free(&l);
}

/* Scalable mode unknown: hardware decoded, kernel use unknown. */
static void test_vtd_mode_unknown(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	vtd(sr, "dmar0", "6:0\n", SPR_CAP, SPR_ECAP_PASID);
	list(sr, &l);
	assert_int_equal(l.vtd_mode.sm, IOASID_UNKNOWN);
	assert_int_equal(l.v[0].scalable, IOASID_UNKNOWN);
	assert_int_equal(l.v[0].pasid, IOASID_UNKNOWN);
	assert_int_equal(l.v[0].max_pasids.err, ENODATA);
	assert_int_equal(l.v[0].prs, IOASID_YES);
	assert_true(l.v[0].vtd.smts);
	ioasid_iommu_list_free(&l);
}

static void test_vtd_malformed(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;
	const struct ioasid_iommu *u;

	kernel(sr, "6.12.117+deb12-amd64", "intel_iommu=sm_on");
	vtd(sr, "dmar0", "6\n", "zz\n", SPR_ECAP_PASID);
	attr(sr, "dmar0", "intel-iommu", "address", "");
	attr(sr, "dmar0", "intel-iommu", "domains_used", "-1\n");
	vtd(sr, "dmar1", "16:0\n", SPR_CAP, "");
	attr(sr, "dmar1", "intel-iommu", "address", "0xfed9g000\n");
	list(sr, &l);
	u = ioasid_iommu_find(&l, "dmar0");
	assert_int_equal(u->version.err, EINVAL);
	assert_int_equal(u->address_err, ENODATA);
	assert_int_equal(u->cap.err, EINVAL);
	assert_int_equal(u->domains_used.err, EINVAL);
	assert_int_equal(u->scalable, IOASID_UNKNOWN);
	assert_int_equal(u->max_pasids.err, ENODATA);
	u = ioasid_iommu_find(&l, "dmar1");
	assert_int_equal(u->version.err, EINVAL); /* major > 15 */
	assert_int_equal(u->address_err, EINVAL);
	assert_int_equal(u->ecap.err, ENODATA);
	assert_int_equal(u->pasid, IOASID_UNKNOWN);
	ioasid_iommu_list_free(&l);
}

static void amd(struct sysroot *sr, const char *name, const char *features)
{
	unit(sr, name);
	attr(sr, name, "amd-iommu", "cap", "190b640f\n");
	if (features)
		attr(sr, name, "amd-iommu", "features", features);
}

#define ZEN3_LINE                                                                                  \
	"AMD-Vi: Extended features (0x206d73ef22254ade, 0x0): PPR X2APIC NX GT IA GA PC GA_vAPIC"

/* 6.1: features "%llx:%llx" = EFR2:EFR; max_pasids never set (0). */
static void test_amd_61(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;
	const struct ioasid_iommu *u;

	kernel(sr, "6.1.0-56-amd64", "quiet");
	sr_write(sr, "/dev/kmsg", "6,400,900000,-;" ZEN3_LINE "\n");
	amd(sr, "ivhd0", "0:206d73ef22254ade\n");
	list(sr, &l);
	u = &l.v[0];
	assert_int_equal(u->type, IOASID_IOMMU_AMD);
	assert_string_equal(ioasid_iommu_type_name(u->type), "amd");
	assert_true(u->cap.v == 0x190b640f);
	assert_int_equal(u->ecap.err, ENOENT);
	assert_int_equal(u->efr_err, 0);
	assert_int_equal(u->features_rule, IOASID_AMD_FEATURES_BOOT_LINE);
	assert_string_equal(u->features_raw, "0:206d73ef22254ade");
	assert_true(u->amd.efr == 0x206d73ef22254adeull);
	assert_true(u->amd.gt && u->amd.ppr);
	assert_int_equal(u->prs, IOASID_YES);
	assert_int_equal(u->max_pasids.err, 0);
	assert_true(u->max_pasids.v == 0);
	assert_int_equal(u->pasid, IOASID_NO);
	assert_int_equal(l.vtd_mode.sm, IOASID_UNKNOWN); /* no VT-d units */
	ioasid_iommu_list_free(&l);
}

/* 6.1 without the boot line: decided by the release. */
static void test_amd_61_no_boot_line(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	kernel(sr, "6.1.0-56-amd64", "quiet");
	amd(sr, "ivhd0", "0:206d73ef22254ade\n");
	list(sr, &l);
	assert_int_equal(l.v[0].features_rule, IOASID_AMD_FEATURES_RELEASE);
	assert_true(l.v[0].amd.efr == 0x206d73ef22254adeull);
	ioasid_iommu_list_free(&l);
}

/* 6.12: EFR:EFR2; GT -> max_pasids = (1 << (15 + 1)) - 1. */
static void test_amd_612(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	kernel(sr, "6.12.117+deb12-amd64", "quiet");
	amd(sr, "ivhd0", "206d73ef22254ade:0\n");
	amd(sr, "ivhd1", "206d73ef22254ade:0\n");
	list(sr, &l);
	assert_int_equal(l.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(l.v[i].features_rule, IOASID_AMD_FEATURES_RELEASE);
		assert_int_equal(l.v[i].max_pasids.err, 0);
		assert_true(l.v[i].max_pasids.v == 65535);
		assert_int_equal(l.v[i].pasid, IOASID_YES);
	}
	ioasid_iommu_list_free(&l);
}

/* 6.6 without a boot line: the order is not known. */
static void test_amd_66_unknown(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	kernel(sr, "6.6.0-1-amd64", "quiet");
	amd(sr, "ivhd0", "206d73ef22254ade:0\n");
	list(sr, &l);
	assert_int_equal(l.v[0].efr_err, ENODATA);
	assert_int_equal(l.v[0].features_rule, IOASID_AMD_FEATURES_UNKNOWN);
	assert_int_equal(l.v[0].max_pasids.err, ENODATA);
	assert_int_equal(l.v[0].pasid, IOASID_UNKNOWN);
	ioasid_iommu_list_free(&l);
}

/* 6.6 with the boot line: EFR known; max_pasids still unknown there. */
static void test_amd_66_boot_line(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	kernel(sr, "6.6.0-1-amd64", "quiet");
	sr_write(sr, "/dev/kmsg", "6,400,900000,-;" ZEN3_LINE "\n");
	amd(sr, "ivhd0", "206d73ef22254ade:0\n");
	list(sr, &l);
	assert_int_equal(l.v[0].efr_err, 0);
	assert_int_equal(l.v[0].features_rule, IOASID_AMD_FEATURES_BOOT_LINE);
	assert_int_equal(l.v[0].max_pasids.err, ENODATA);
	ioasid_iommu_list_free(&l);
}

static void test_amd_malformed(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	kernel(sr, "6.12.117+deb12-amd64", "quiet");
	amd(sr, "ivhd0", NULL);
	amd(sr, "ivhd1", "what:ever\n");
	amd(sr, "ivhd2", "");
	list(sr, &l);
	assert_int_equal(l.v[0].efr_err, ENOENT);
	assert_int_equal(l.v[1].efr_err, EINVAL);
	assert_int_equal(l.v[2].efr_err, ENODATA);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(l.v[i].max_pasids.err, ENODATA);
	ioasid_iommu_list_free(&l);
}

/* "smmu3.%pa": 0x + 16 hex digits; no attributes. */
static void test_smmu3(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	unit(sr, "smmu3.0x0000000009050000");
	unit(sr, "smmu3.garbage");
	unit(sr, "smmu.0x000000002b400000"); /* SMMUv2 */
	list(sr, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].name, "smmu.0x000000002b400000");
	assert_int_equal(l.v[0].type, IOASID_IOMMU_OTHER);
	assert_string_equal(ioasid_iommu_type_name(l.v[0].type), "other");
	assert_string_equal(l.v[1].name, "smmu3.0x0000000009050000");
	assert_int_equal(l.v[1].type, IOASID_IOMMU_SMMU3);
	assert_string_equal(ioasid_iommu_type_name(l.v[1].type), "smmu3");
	assert_int_equal(l.v[1].address_err, 0);
	assert_string_equal(l.v[1].address, "9050000");
	assert_int_equal(l.v[1].max_pasids.err, ENODATA);
	assert_int_equal(l.v[1].cap.err, ENOENT);
	assert_int_equal(l.v[2].type, IOASID_IOMMU_SMMU3);
	assert_int_equal(l.v[2].address_err, ENOENT);
	ioasid_iommu_list_free(&l);
}

static void test_no_class(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	/* no IOMMU class: no units, and nothing known about VT-d */
	list(sr, &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.vtd_mode.sm, IOASID_UNKNOWN);
	ioasid_iommu_list_free(&l);
	sr_mkdir(sr, "/sys/class/iommu");
	list(sr, &l);
	assert_int_equal(l.n, 0);
	ioasid_iommu_list_free(&l);
}

static void test_class_is_file(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;
	struct ioasid_ctx *ctx;

	sr_write(sr, "/sys/class/iommu", "");
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_iommu_list(ctx, &l), -ENOTDIR);
	assert_int_equal(ioasid_ctx_last_error(ctx)->errnum, ENOTDIR);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/class/iommu");
	ioasid_ctx_free(ctx);
}

/* Unit directories that loop or dangle are listed but read as absent. */
static void test_broken_links(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_iommu_list l;

	sr_symlink(sr, "dmar9", "/sys/class/iommu/dmar9");
	sr_symlink(sr, "../../devices/virtual/iommu/gone", "/sys/class/iommu/dmar3");
	list(sr, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "dmar3");
	assert_int_equal(l.v[0].type, IOASID_IOMMU_OTHER);
	assert_int_equal(l.v[1].type, IOASID_IOMMU_OTHER);
	ioasid_iommu_list_free(&l);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_vtd_scalable),
		T(test_vtd_sm_off),
		T(test_vtd_legacy_hw),
		T(test_vtd_mode_unknown),
		T(test_vtd_malformed),
		T(test_amd_61),
		T(test_amd_61_no_boot_line),
		T(test_amd_612),
		T(test_amd_66_unknown),
		T(test_amd_66_boot_line),
		T(test_amd_malformed),
		T(test_smmu3),
		T(test_no_class),
		T(test_class_is_file),
		T(test_broken_links),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
