// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Scalable-mode derivation (vtdmode.c), one rule at a time, both outcomes.
 * The rules are drivers/iommu/intel/iommu.c (6.12):
 *   int intel_iommu_sm = IS_ENABLED(CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON);
 *   intel_iommu_setup(): "sm_on" -> 1, "sm_off" -> 0, ',' separated,
 *   every "intel_iommu=" in order (so the last one wins);
 * and, in 6.1 only, intel_iommu_init_pasid_allocator():
 *   pr_warn("Custom PASID allocator failed, scalable mode disabled\n")
 *   followed by intel_iommu_sm = 0, which beats everything else.
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

#define REL612 "6.12.117+deb12-amd64"
#define CFG_ON "CONFIG_INTEL_IOMMU=y\nCONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=y\n"
#define CFG_OFF "CONFIG_INTEL_IOMMU=y\n# CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON is not set\n"
#define CFG_ABSENT "CONFIG_INTEL_IOMMU=y\n"

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

static int mode(struct sysroot *sr, struct ioasid_vtd_mode *m)
{
	struct ioasid_ctx *ctx = sr_ctx(sr);
	int rc = ioasid_vtd_mode(ctx, m);

	ioasid_ctx_free(ctx);
	return rc;
}

/* A host with a release and a /boot config, and a given command line. */
static void host(struct sysroot *sr, const char *cmdline, const char *config)
{
	sr_write(sr, "/proc/sys/kernel/osrelease", REL612 "\n");
	if (cmdline)
		sr_writef(sr, "/proc/cmdline",
			  "BOOT_IMAGE=/boot/vmlinuz-" REL612 " root=/dev/vda1 ro %s\n", cmdline);
	if (config)
		sr_write(sr, "/boot/config-" REL612, config);
}

static void expect(struct sysroot *sr, int rc, enum ioasid_tristate sm, const char *rule,
		   const char *evidence)
{
	struct ioasid_vtd_mode m;
	int r = mode(sr, &m);

	if (r != rc)
		fail_msg("rc %d, expected %d (rule %s, evidence %s)", r, rc, m.rule, m.evidence);
	assert_int_equal(m.sm, sm);
	assert_string_equal(m.rule, rule);
	if (evidence && !strstr(m.evidence, evidence))
		fail_msg("evidence \"%s\" lacks \"%s\"", m.evidence, evidence);
}

static void test_cmdline_sm_on(void **state)
{
	host(*state, "intel_iommu=sm_on", CFG_OFF);
	expect(*state, 0, IOASID_YES, "kernel command line", "intel_iommu=sm_on");
}

static void test_cmdline_sm_off(void **state)
{
	host(*state, "intel_iommu=sm_off", CFG_ON);
	expect(*state, 0, IOASID_NO, "kernel command line", "intel_iommu=sm_off");
}

static void test_cmdline_list(void **state)
{
	host(*state, "intel_iommu=on,sm_on iommu=pt", CFG_OFF);
	expect(*state, 0, IOASID_YES, "kernel command line", "intel_iommu=on,sm_on");
}

/* Several options and several parameters: the last one wins. */
static void test_cmdline_last_wins(void **state)
{
	host(*state, "intel_iommu=sm_on intel_iommu=sm_off", CFG_ON);
	expect(*state, 0, IOASID_NO, "kernel command line", "intel_iommu=sm_off");
}

static void test_cmdline_last_wins_in_list(void **state)
{
	host(*state, "intel_iommu=sm_off,,sm_on", CFG_OFF);
	expect(*state, 0, IOASID_YES, "kernel command line", NULL);
}

static void test_cmdline_last_wins_reverse(void **state)
{
	host(*state, "intel_iommu=sm_off quiet intel_iommu=on intel_iommu=sm_on,igfx_off", CFG_OFF);
	expect(*state, 0, IOASID_YES, "kernel command line", "sm_on,igfx_off");
}

/* intel_iommu=on says nothing about scalable mode: the config decides. */
static void test_cmdline_on_alone_config_y(void **state)
{
	host(*state, "intel_iommu=on", CFG_ON);
	expect(*state, 0, IOASID_YES, "kernel config",
	       "/boot/config-" REL612 ": CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=y");
}

static void test_cmdline_on_alone_config_not_set(void **state)
{
	host(*state, "intel_iommu=on", CFG_OFF);
	expect(*state, 0, IOASID_NO, "kernel config",
	       "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=n");
}

/* Option absent (kernels before it existed, or INTEL_IOMMU=n): IS_ENABLED is 0. */
static void test_config_absent(void **state)
{
	host(*state, "quiet", CFG_ABSENT);
	expect(*state, 0, IOASID_NO, "kernel config", "absent");
}

/* Look-alikes are not the parameter. */
static void test_cmdline_lookalikes(void **state)
{
	host(*state, "xintel_iommu=sm_on intel_iommu= intel_iommu=smon intel_iommu=sm intel_iommu",
	     CFG_OFF);
	expect(*state, 0, IOASID_NO, "kernel config", NULL);
}

/* No command line at all: the config. */
static void test_no_cmdline(void **state)
{
	host(*state, NULL, CFG_ON);
	expect(*state, 0, IOASID_YES, "kernel config", NULL);
}

/* /proc/config.gz is read before /boot/config-RELEASE. */
static void test_config_gz_beats_boot(void **state)
{
	struct sysroot *sr = *state;

	host(sr, "quiet", CFG_OFF);
	sr_write(sr, "/tmp/config", CFG_ON);
	if (!sr_gzip(sr, "/tmp/config", "/proc/config.gz")) {
		fprintf(stderr, "skipped: gzip(1) not available\n");
		skip();
	}
	expect(sr, 0, IOASID_YES, "kernel config", "/proc/config.gz: ");
}

static void test_config_gz_not_set(void **state)
{
	struct sysroot *sr = *state;

	host(sr, "quiet", CFG_ON);
	sr_write(sr, "/tmp/config", CFG_OFF);
	if (!sr_gzip(sr, "/tmp/config", "/proc/config.gz"))
		skip();
	expect(sr, 0, IOASID_NO, "kernel config", "/proc/config.gz: ");
}

/* 6.1: the log line wins over the command line and the config. */
static void test_log_line_wins(void **state)
{
	struct sysroot *sr = *state;

	host(sr, "intel_iommu=on,sm_on", CFG_ON);
	sr_write(sr, "/dev/kmsg",
		 "6,300,500000,-;DMAR: IOMMU enabled\n"
		 "4,301,500100,-;DMAR: Custom PASID allocator failed, scalable mode disabled\n");
	expect(sr, 0, IOASID_NO, "kernel log", "Custom PASID allocator failed");
}

/* Other log lines do not decide. */
static void test_log_other_lines(void **state)
{
	struct sysroot *sr = *state;

	host(sr, "intel_iommu=sm_on", CFG_OFF);
	sr_write(sr, "/dev/kmsg",
		 "6,1,1,-;DMAR: Intel-IOMMU force enabled due to platform opt in\n");
	expect(sr, 0, IOASID_YES, "kernel command line", NULL);
}

static void test_nothing_readable(void **state)
{
	struct sysroot *sr = *state;

	expect(sr, -ENODATA, IOASID_UNKNOWN, "none", NULL);
	/* a release without any config file, and a command line without sm_* */
	host(sr, "quiet", NULL);
	expect(sr, -ENODATA, IOASID_UNKNOWN, "none", NULL);
	/* garbage config.gz, no /boot file */
	sr_write(sr, "/proc/config.gz", "\x1f\x8b garbage");
	expect(sr, -ENODATA, IOASID_UNKNOWN, "none", NULL);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_cmdline_sm_on),
		T(test_cmdline_sm_off),
		T(test_cmdline_list),
		T(test_cmdline_last_wins),
		T(test_cmdline_last_wins_in_list),
		T(test_cmdline_last_wins_reverse),
		T(test_cmdline_on_alone_config_y),
		T(test_cmdline_on_alone_config_not_set),
		T(test_config_absent),
		T(test_cmdline_lookalikes),
		T(test_no_cmdline),
		T(test_config_gz_beats_boot),
		T(test_config_gz_not_set),
		T(test_log_line_wins),
		T(test_log_other_lines),
		T(test_nothing_readable),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
