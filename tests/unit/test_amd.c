// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AMD-Vi EFR decoding and the amd-iommu/features attribute (amd.c).
 * Oracle: the kernel's own boot line print_iommu_info()
 *   "AMD-Vi: Extended features (%#llx, %#llx):" then feat_str[] names
 *   {"PreF","PPR","X2APIC","NX","GT","[5]","IA","GA","HE","PC"} for bits
 *   0..9, " GA_vAPIC" (bit 21) and " SNP" (bit 63)
 * copied from real machines' logs; the decoded flags must spell the same
 * names. Fields without a name are derived by hand from
 * amd_iommu_types.h (PASMAX bits 36:32, GIOSUP 48, HASUP 49, EPHSUP 50,
 * HDSUP 52) and explained per value.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ioasid.h"
#include "stock/kernel.h"

/* The names print_iommu_info() would print for a decoded EFR. */
static void names(const struct ioasid_amd_efr *f, bool snp, char *buf, size_t len)
{
	buf[0] = '\0';
#define ADD(cond, s)                                                                               \
	do {                                                                                       \
		if (cond)                                                                          \
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? " " : "",    \
				 s);                                                               \
	} while (0)
	ADD(f->pref, "PreF");
	ADD(f->ppr, "PPR");
	ADD(f->x2apic, "X2APIC");
	ADD(f->nx, "NX");
	ADD(f->gt, "GT");
	ADD((f->efr >> 5) & 1, "[5]");
	ADD(f->ia, "IA");
	ADD(f->ga, "GA");
	ADD(f->he, "HE");
	ADD(f->pc, "PC");
	ADD((f->efr >> 21) & 1, "GA_vAPIC");
	ADD(snp && f->snp, "SNP");
#undef ADD
}

/*
 * Linux 6.x on a Zen 3 desktop (kernel log in a public bug report):
 * "AMD-Vi: Extended features (0x206d73ef22254ade, 0x0): PPR X2APIC NX GT IA GA PC GA_vAPIC"
 * High word 0x206d73ef: PASMAX = 0xef & 0x1f = 15 -> GT set, so
 * max_pasids = (1 << 16) - 1 = 65535; bit16 (GIOSUP) = 0xd & 1 = 1;
 * bit17 (HASUP) = 0; bit18 (EPHSUP) = 1 (0x6d = 0110 1101, bits 16..23);
 * bit20 (HDSUP) = 0; bit31 (SNP) = 0 (0x2 = 0010 top nibble).
 * GATS bits 13:12 = 0 (0x4 of 0x4ade), GLX 15:14 = 1.
 */
static void test_decode_zen3(void **state)
{
	struct ioasid_amd_efr f;
	char buf[128];

	(void)state;
	ioasid_amd_decode(0x206d73ef22254adeull, 0, &f);
	names(&f, true, buf, sizeof(buf));
	assert_string_equal(buf, "PPR X2APIC NX GT IA GA PC GA_vAPIC");
	assert_int_equal(f.pasmax, 15);
	assert_int_equal(f.max_pasids, 65535);
	assert_true(f.giosup);
	assert_false(f.hasup);
	assert_true(f.ephsup);
	assert_false(f.hdsup);
	assert_false(f.snp);
	assert_int_equal(f.gats, 0);
	assert_int_equal(f.glx, 1);
	assert_true(f.efr2 == 0);
}

/*
 * Zen 2 (EPYC) documented in Documentation/admin-guide (patch on the
 * list): "AMD-Vi: Extended features (0x4f77ef22294ada): PPR NX GT IA GA PC GA_vAPIC"
 * High word 0x004f77ef: PASMAX 15; bits 48/49/50 from 0x4f (0100 1111):
 * GIOSUP=1 HASUP=1 EPHSUP=1, HDSUP(52)=0.
 */
static void test_decode_zen2(void **state)
{
	struct ioasid_amd_efr f;
	char buf[128];

	(void)state;
	ioasid_amd_decode(0x4f77ef22294adaull, 0, &f);
	names(&f, true, buf, sizeof(buf));
	assert_string_equal(buf, "PPR NX GT IA GA PC GA_vAPIC");
	assert_int_equal(f.max_pasids, 65535);
	assert_true(f.giosup && f.hasup && f.ephsup);
	assert_false(f.hdsup);
}

/*
 * Zen 4 EPYC under a 5.15 kernel (openvelinux/kernel#50):
 * "AMD-Vi: Extended features (0xa5bf732fa2295afe): PPR X2APIC NX GT [5] IA GA PC GA_vAPIC"
 * Bit 63 is set (0xa = 1010), i.e. SNP, but that kernel predates the
 * " SNP" name, so the names are compared without it and SNP is checked
 * from the bit. High word 0xa5bf732f: PASMAX = 0x2f & 0x1f = 15;
 * bits 16..23 = 0xbf: GIOSUP HASUP EPHSUP HDSUP all 1; GATS (0x5afe bits
 * 13:12) = 1, GLX (15:14) = 1.
 */
static void test_decode_zen4(void **state)
{
	struct ioasid_amd_efr f;
	char buf[128];

	(void)state;
	ioasid_amd_decode(0xa5bf732fa2295afeull, 0, &f);
	names(&f, false, buf, sizeof(buf));
	assert_string_equal(buf, "PPR X2APIC NX GT [5] IA GA PC GA_vAPIC");
	assert_true(f.snp);
	assert_true(f.giosup && f.hasup && f.ephsup && f.hdsup);
	assert_int_equal(f.gats, 1);
	assert_int_equal(f.glx, 1);
	assert_int_equal(f.max_pasids, 65535);
}

/* Without GT the kernel leaves max_pasids at 0 whatever PASMAX says. */
static void test_decode_no_gt(void **state)
{
	struct ioasid_amd_efr f;

	(void)state;
	ioasid_amd_decode(0x206d73ef22254ade & ~(1ull << 4), 0, &f);
	assert_false(f.gt);
	assert_int_equal(f.pasmax, 15);
	assert_int_equal(f.max_pasids, 0);
	ioasid_amd_decode(0x1full << 32 | 1 << 4, 0, &f); /* PASMAX 31 */
	assert_int_equal(f.max_pasids, 0xffffffffull);
	ioasid_amd_decode(0, 0xe0, &f);
	assert_true(f.efr2 == 0xe0);
	assert_false(f.ppr || f.gt);
}

#define ZEN3 0x206d73ef22254adeull

static int feat(const char *text, uint64_t boot, unsigned code, uint64_t *efr, uint64_t *efr2,
		enum ioasid_amd_features_rule *rule)
{
	*efr = *efr2 = 0xdeadull;
	return ioasid_amd_parse_features(text, boot, code, efr, efr2, rule);
}

/* 3.17 .. 5.x: "%llx\n" of EFR alone. */
static void test_features_single(void **state)
{
	enum ioasid_amd_features_rule rule;
	uint64_t a, b;

	(void)state;
	assert_int_equal(feat("4f77ef22294ada\n", 0, 0, &a, &b, &rule), 0);
	assert_true(a == 0x4f77ef22294adaull);
	assert_true(b == 0);
	assert_int_equal(rule, IOASID_AMD_FEATURES_SINGLE);
	assert_string_equal(ioasid_amd_features_rule_name(rule), "single word (EFR)");
}

/* 6.1: "%llx:%llx\n" of features2, features (EFR2:EFR). */
static void test_features_61(void **state)
{
	enum ioasid_amd_features_rule rule;
	uint64_t a, b;

	(void)state;
	/* with the boot line: EFR is the word equal to it */
	assert_int_equal(feat("0:206d73ef22254ade\n", ZEN3, IOASID_KVER(6, 1, 0), &a, &b, &rule),
			 0);
	assert_true(a == ZEN3);
	assert_true(b == 0);
	assert_int_equal(rule, IOASID_AMD_FEATURES_BOOT_LINE);
	/* boot line even with an unknown release */
	assert_int_equal(feat("0:206d73ef22254ade", ZEN3, 0, &a, &b, &rule), 0);
	assert_true(a == ZEN3);
	assert_int_equal(rule, IOASID_AMD_FEATURES_BOOT_LINE);
	/* without it: by release, second word is EFR */
	assert_int_equal(feat("0:206d73ef22254ade\n", 0, IOASID_KVER(6, 1, 192), &a, &b, &rule), 0);
	assert_true(a == ZEN3);
	assert_true(b == 0);
	assert_int_equal(rule, IOASID_AMD_FEATURES_RELEASE);
	assert_string_equal(ioasid_amd_features_rule_name(rule), "kernel release");
	/* a non-zero EFR2 lands in efr2 */
	assert_int_equal(feat("e0:206d73ef22254ade\n", 0, IOASID_KVER(6, 1, 0), &a, &b, &rule), 0);
	assert_true(b == 0xe0);
}

/* 6.12: "%llx:%llx\n" of amd_iommu_efr, amd_iommu_efr2 (EFR:EFR2). */
static void test_features_612(void **state)
{
	enum ioasid_amd_features_rule rule;
	uint64_t a, b;

	(void)state;
	assert_int_equal(feat("206d73ef22254ade:0\n", ZEN3, IOASID_KVER(6, 12, 117), &a, &b, &rule),
			 0);
	assert_true(a == ZEN3);
	assert_true(b == 0);
	assert_int_equal(rule, IOASID_AMD_FEATURES_BOOT_LINE);
	assert_string_equal(ioasid_amd_features_rule_name(rule), "kernel boot line");
	assert_int_equal(feat("206d73ef22254ade:0\n", 0, IOASID_KVER(6, 12, 0), &a, &b, &rule), 0);
	assert_true(a == ZEN3);
	assert_int_equal(rule, IOASID_AMD_FEATURES_RELEASE);
	/* the boot line beats a release that says otherwise */
	assert_int_equal(feat("206d73ef22254ade:0\n", ZEN3, IOASID_KVER(6, 1, 0), &a, &b, &rule),
			 0);
	assert_true(a == ZEN3);
	assert_int_equal(rule, IOASID_AMD_FEATURES_BOOT_LINE);
}

/* Between the verified releases, without a boot line: unknown. */
static void test_features_between(void **state)
{
	enum ioasid_amd_features_rule rule;
	uint64_t a, b;

	(void)state;
	assert_int_equal(feat("206d73ef22254ade:0\n", 0, IOASID_KVER(6, 6, 0), &a, &b, &rule),
			 -ENODATA);
	assert_int_equal(rule, IOASID_AMD_FEATURES_UNKNOWN);
	assert_string_equal(ioasid_amd_features_rule_name(rule), "unknown");
	/* unknown release */
	assert_int_equal(feat("206d73ef22254ade:0\n", 0, 0, &a, &b, &rule), -ENODATA);
	/* a boot EFR matching neither word does not decide */
	assert_int_equal(feat("206d73ef22254ade:0\n", 0x1234, IOASID_KVER(6, 6, 0), &a, &b, &rule),
			 -ENODATA);
	/* both words equal the boot EFR: ambiguous, falls to the release */
	assert_int_equal(feat("5:5\n", 5, IOASID_KVER(6, 6, 0), &a, &b, &rule), -ENODATA);
	assert_int_equal(feat("5:5\n", 5, IOASID_KVER(6, 12, 0), &a, &b, &rule), 0);
	assert_int_equal(rule, IOASID_AMD_FEATURES_RELEASE);
	/* the 6.6 boot line settles it */
	assert_int_equal(feat("206d73ef22254ade:0\n", ZEN3, IOASID_KVER(6, 6, 0), &a, &b, &rule),
			 0);
	assert_true(a == ZEN3);
	assert_int_equal(rule, IOASID_AMD_FEATURES_BOOT_LINE);
}

static void test_features_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		":",
		"1:",
		":1",
		"1:2:3",
		"xyz",
		"-1",
		"-1:2",
		"1:-2",
		"0x:0",
		"12345678901234567890123", /* > 16 hex digits */
		"1ffffffffffffffff",	   /* 17 digits: ERANGE */
		"1 2",
		"1:2 3",
		"zz:yy",
	};
	enum ioasid_amd_features_rule rule;
	uint64_t a, b;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = feat(bad[i], ZEN3, IOASID_KVER(6, 12, 0), &a, &b, &rule);

		if (rc != -EINVAL)
			fail_msg("features \"%s\": %d, expected -EINVAL", bad[i], rc);
		assert_int_equal(rule, IOASID_AMD_FEATURES_UNKNOWN);
	}
	/* only the first line counts */
	assert_int_equal(feat("1\ngarbage", 0, 0, &a, &b, &rule), 0);
	assert_true(a == 1);
}

static void test_boot_line(void **state)
{
	uint64_t e, e2;

	(void)state;
	/* 6.x two-value form, as logged (kmsg text after the header) */
	assert_int_equal(
		ioasid_amd_parse_boot_line("AMD-Vi: Extended features (0x206d73ef22254ade, "
					   "0x0): PPR X2APIC NX GT IA GA PC GA_vAPIC",
					   &e, &e2),
		0);
	assert_true(e == ZEN3);
	assert_true(e2 == 0);
	/* lib/vsprintf.c number() prints "0x0" for %#llx of 0 (base 16 always
	 * gets the prefix, unlike glibc's "0"); accept both */
	assert_int_equal(
		ioasid_amd_parse_boot_line("AMD-Vi: Extended features (0x206d73ef22254ade, 0):"
					   " PPR",
					   &e, &e2),
		0);
	assert_true(e == ZEN3);
	assert_true(e2 == 0);
	assert_int_equal(ioasid_amd_parse_boot_line(
				 "Extended features (0xa5bf732fa2295afe, 0x1e0):", &e, &e2),
			 0);
	assert_true(e2 == 0x1e0);
	/* the old one-value form, logged through pci_info() */
	assert_int_equal(ioasid_amd_parse_boot_line("pci 0000:00:00.2: AMD-Vi: Extended features "
						    "(0x4f77ef22294ada):",
						    &e, &e2),
			 0);
	assert_true(e == 0x4f77ef22294adaull);
	assert_true(e2 == 0);
	assert_int_equal(ioasid_amd_parse_boot_line("AMD-Vi: Interrupt remapping enabled", &e, &e2),
			 -ENOENT);
	assert_int_equal(ioasid_amd_parse_boot_line("", &e, &e2), -ENOENT);
}

static void test_boot_line_garbage(void **state)
{
	static const char *const bad[] = {
		"Extended features (",
		"Extended features ()",
		"Extended features (zz)",
		"Extended features (0x12",
		"Extended features (0x12, ",
		"Extended features (0x12, )",
		"Extended features (0x12, 0x3",
		"Extended features (0x12 0x3)",
		"Extended features (0x1ffffffffffffffff)",
		"Extended features (0x1, 0x1ffffffffffffffff)",
		/* strtoull would take a sign; %#llx never prints one */
		"Extended features (-1)",
		"Extended features (0x1, -0x2)",
		"Extended features (+0x1)",
	};
	uint64_t e, e2;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = ioasid_amd_parse_boot_line(bad[i], &e, &e2);

		if (rc != -EINVAL)
			fail_msg("boot line \"%s\": %d, expected -EINVAL", bad[i], rc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_zen3),	  cmocka_unit_test(test_decode_zen2),
		cmocka_unit_test(test_decode_zen4),	  cmocka_unit_test(test_decode_no_gt),
		cmocka_unit_test(test_features_single),	  cmocka_unit_test(test_features_61),
		cmocka_unit_test(test_features_612),	  cmocka_unit_test(test_features_between),
		cmocka_unit_test(test_features_garbage),  cmocka_unit_test(test_boot_line),
		cmocka_unit_test(test_boot_line_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
