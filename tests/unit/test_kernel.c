// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel facts (kernel.c): release, cmdline, config (/proc/config.gz via
 * libarchive, /boot/config-RELEASE), /dev/kmsg records, cpuinfo flags.
 * Oracles: Debian's real /boot/config-6.12.117+deb12-amd64 lines, the
 * record format of kernel/printk/printk.c info_print_ext_header() /
 * msg_add_ext_text() / msg_add_dict_text(), and this build host's real
 * /proc/cpuinfo flags line (AMD EPYC guest).
 */
#include <errno.h>
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
#include "stock/kernel.h"
#include "ioasid-kernel.h"
#include "sysroot.h"

struct fx {
	struct sysroot *sr;
	struct ioasid_ctx *ctx;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->sr = sr_new();
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

/* A context made after the files are in place (the cache reads once). */
static struct ioasid_ctx *ctx(struct fx *f)
{
	if (!f->ctx)
		f->ctx = sr_ctx(f->sr);
	return f->ctx;
}

static void test_parse_release(void **state)
{
	static const struct {
		const char *s;
		int rc;
		unsigned a, b, c;
	} cases[] = {
		{"6.12.117+deb12-amd64", 0, 6, 12, 117}, /* Debian 12 backports */
		{"6.1.0-56-amd64", 0, 6, 1, 0},		 /* Debian 12 */
		{"6.18.44-fc-v595", 0, 6, 18, 44},	 /* this build host */
		{"5.4", 0, 5, 4, 0},
		{"6.12", 0, 6, 12, 0},
		{"4.9.337", 0, 4, 9, 255}, /* patch capped at 255 */
		{"6.6.0\n", 0, 6, 6, 0},
		{"", -EINVAL, 0, 0, 0},
		{"6", -EINVAL, 0, 0, 0},
		{"6.", -EINVAL, 0, 0, 0},
		{"6.x", -EINVAL, 0, 0, 0},
		{"v6.12", -EINVAL, 0, 0, 0},
		{" 6.12", -EINVAL, 0, 0, 0},
		{"256.1.0", -EINVAL, 0, 0, 0},
		{"6.256", -EINVAL, 0, 0, 0},
		{"99999999999999999999999.1", -EINVAL, 0, 0, 0},
		{"-6.1", -EINVAL, 0, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned code = 12345;
		int rc = ioasid_parse_release(cases[i].s, &code);

		if (rc != cases[i].rc)
			fail_msg("release \"%s\": %d, expected %d", cases[i].s, rc, cases[i].rc);
		if (rc == 0 && code != IOASID_KVER(cases[i].a, cases[i].b, cases[i].c))
			fail_msg("release \"%s\": code %#x", cases[i].s, code);
		if (rc < 0 && code != 12345)
			fail_msg("release \"%s\": code written on error", cases[i].s);
	}
	assert_int_equal(IOASID_KVER(6, 12, 117), 0x060c75);
	assert_true(IOASID_KVER(6, 1, 255) < IOASID_KVER(6, 2, 0));
}

static void test_release_file(void **state)
{
	struct fx *f = *state;
	const char *rel;
	unsigned code;

	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.12.117+deb12-amd64\n");
	assert_int_equal(ioasid_kernel_release(ctx(f), &rel), 0);
	assert_string_equal(rel, "6.12.117+deb12-amd64");
	assert_int_equal(ioasid_kernel_version_code(ctx(f), &code), 0);
	assert_int_equal(code, IOASID_KVER(6, 12, 117));
	/* read once per context */
	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.1.0-56-amd64\n");
	assert_int_equal(ioasid_kernel_release(ctx(f), &rel), 0);
	assert_string_equal(rel, "6.12.117+deb12-amd64");
}

/*
 * /proc/kallsyms: kernel/kallsyms.c s_show() (6.12 :751-755, 6.1 :859-863)
 * "%px %c %s\n", "%px %c %s\t[%s]\n" for a module; a reader without
 * CAP_SYSLOG sees zero addresses. The lines below are those of the Debian
 * 6.12.118 guest's kallsyms (tests/vm kernels), in the kernel's order.
 */
static const char kallsyms_612[] = "0000000000000000 T _text\n"
				   "0000000000000000 t iommu_sva_domain_free\n"
				   "0000000000000000 T iommu_sva_set_dev_pasid\n"
				   "0000000000000000 T iommu_dev_enable_feature\n"
				   "0000000000000000 T iommu_sva_bind_device\n"
				   "0000000000000000 T iommu_sva_bind_device_x\n"
				   "0000000000000000 T iommu_sva_get_pasid\n"
				   "0000000000000000 t idxd_cdev_open\t[idxd]\n"
				   "0000000000000000 t iommu_sva_iopf_handler\t[fake]\n";

static void test_parse_kallsyms(void **state)
{
	uint64_t found = 0;
	char keep[512];
	size_t keep_len = 0, used, len = strlen(kallsyms_612);
	int bind = ioasid_kallsyms_watch_index("iommu_sva_bind_device");
	int handler = ioasid_kallsyms_watch_index("iommu_sva_iopf_handler");
	int feat = ioasid_kallsyms_watch_index("iommu_dev_enable_feature");

	(void)state;
	assert_true(bind >= 0 && handler >= 0 && feat >= 0);
	assert_int_equal(ioasid_kallsyms_watch_index("_text"), -1);
	/* whole text: the module symbol counts too, the _x suffix does not */
	used = ioasid_parse_kallsyms(kallsyms_612, len, true, &found, keep, &keep_len,
				     sizeof(keep));
	assert_int_equal(used, len);
	assert_true(found & (1ull << bind));
	assert_true(found & (1ull << handler));
	assert_true(found & (1ull << feat));
	keep[keep_len] = '\0';
	assert_string_equal(keep, "0000000000000000 T iommu_dev_enable_feature\n"
				  "0000000000000000 T iommu_sva_bind_device\n"
				  "0000000000000000 t iommu_sva_iopf_handler\t[fake]\n");
	/* a chunk ending mid-line leaves the partial line unread */
	found = 0;
	keep_len = 0;
	used = ioasid_parse_kallsyms(kallsyms_612, 60, false, &found, NULL, &keep_len, 0);
	assert_true(used < 60 && kallsyms_612[used - 1] == '\n');
	/* garbage: no crash, nothing found */
	found = 0;
	used = ioasid_parse_kallsyms("x\n \nffff T\n0 Tiommu_sva_bind_device\n", 36, true, &found,
				     NULL, &keep_len, 0);
	assert_int_equal(found, 0);
}

/* The reader: read once, the watched names only; unreadable: -errno. */
static void test_kernel_symbol(void **state)
{
	struct fx *f = *state;

	assert_int_equal(ioasid_kernel_symbol(ctx(f), "iommu_sva_bind_device"), -ENOENT);
	ioasid_ctx_free(f->ctx);
	f->ctx = NULL;
	sr_write(f->sr, "/proc/kallsyms", kallsyms_612);
	assert_int_equal(ioasid_kernel_symbol(ctx(f), "iommu_sva_bind_device"), 1);
	assert_int_equal(ioasid_kernel_symbol(ctx(f), "iommu_sva_handle_iopf"), 0);
	assert_int_equal(ioasid_kernel_symbol(ctx(f), "_text"), -EINVAL);
}

static void test_release_malformed(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *c;
	const char *rel;
	unsigned code;

	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_release(c, &rel), -ENOENT);
	assert_null(rel);
	assert_int_equal(ioasid_kernel_version_code(c, &code), -ENOENT);
	ioasid_ctx_free(c);

	sr_write(f->sr, "/proc/sys/kernel/osrelease", "");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_release(c, &rel), -ENODATA);
	ioasid_ctx_free(c);

	sr_write(f->sr, "/proc/sys/kernel/osrelease", "garbage\n");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_release(c, &rel), 0);
	assert_int_equal(ioasid_kernel_version_code(c, &code), -EINVAL);
	ioasid_ctx_free(c);

	sr_write_fill(f->sr, "/proc/sys/kernel/osrelease", '6', 200);
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_release(c, &rel), -EOVERFLOW);
	ioasid_ctx_free(c);
}

/* The banners of the Debian kernels the vm guests boot (their kernel log,
 * tests/data/vm/6.1-amd/sysroot/dev/kmsg and 6.12-amd): fs/proc/version.c
 * version_proc_show() prints the same text into /proc/version. */
#define BANNER_61                                                                                  \
	"Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian "           \
	"12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP "                \
	"PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"
#define BANNER_612                                                                                 \
	"Linux version 6.12.117+deb12-amd64 (debian-kernel@lists.debian.org) "                     \
	"(x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for "    \
	"Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.12.117-1~deb12u1 (2026-11-14)"

static void test_parse_stable_release(void **state)
{
	static const struct {
		const char *osrelease, *version;
		int rc;
		unsigned code;
		const char *from;
	} cases[] = {
		/* Debian 6.1: osrelease has the ABI number, /proc/version the release */
		{"6.1.0-56-amd64", BANNER_61 "\n", 0, IOASID_KVER(6, 1, 192), "/proc/version"},
		{"6.1.0-56-amd64", NULL, -ENODATA, 0, NULL},
		{"6.8.0-45-generic", NULL, -ENODATA, 0, NULL}, /* Ubuntu's ABI number alike */
		/* the compiler's "(Debian 12.2.0-14+deb12u1)" is not the kernel's */
		{"6.1.0-56-amd64",
		 "Linux version 6.1.0-56-amd64 (x@y) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0) #1 "
		 "SMP PREEMPT_DYNAMIC Tue Nov 11 2026",
		 -ENODATA, 0, NULL},
		{"6.12.117+deb12-amd64", BANNER_612, 0, IOASID_KVER(6, 12, 117), "/proc/version"},
		{"6.12.117+deb12-amd64", NULL, 0, IOASID_KVER(6, 12, 117),
		 "/proc/sys/kernel/osrelease"},
		/* upstream builds: the banner names no distribution */
		{"6.18.44-fc-v595", "Linux version 6.18.44-fc-v595 (a@b) (gcc 14) #1 SMP Mon", 0,
		 IOASID_KVER(6, 18, 44), "/proc/sys/kernel/osrelease"},
		{"6.12.0", NULL, 0, IOASID_KVER(6, 12, 0), "/proc/sys/kernel/osrelease"},
		{"6.13.0-rc1", NULL, 0, IOASID_KVER(6, 13, 0), "/proc/sys/kernel/osrelease"},
		{"garbage", "garbage", -ENODATA, 0, NULL},
		{NULL, NULL, -ENODATA, 0, NULL},
		{"6.1.0-56-amd64", "Linux version x (y) (z) #1 Debian ", -ENODATA, 0, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned code = 0;
		const char *from = NULL;
		int rc = ioasid_parse_stable_release(cases[i].osrelease, cases[i].version, &code,
						     &from);

		if (rc != cases[i].rc)
			fail_msg("case %zu: %d, expected %d", i, rc, cases[i].rc);
		if (rc == 0 && (code != cases[i].code || strcmp(from, cases[i].from)))
			fail_msg("case %zu: %#x from %s", i, code, from);
		if (rc < 0 && (code || from))
			fail_msg("case %zu: code %#x written on error", i, code);
	}
}

static void test_stable_release_files(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *c;
	const char *from, *banner;
	unsigned code;

	/* /proc/version read through the path layer */
	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.1.0-56-amd64\n");
	sr_write(f->sr, "/proc/version", BANNER_61 "\n");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_version(c, &banner), 0);
	assert_string_equal(banner, BANNER_61);
	assert_int_equal(ioasid_kernel_stable_release(c, &code, &from), 0);
	assert_int_equal(code, IOASID_KVER(6, 1, 192));
	assert_string_equal(from, "/proc/version");
	ioasid_ctx_free(c);
	/* without it (captures before it was taken): the kernel log's boot
	 * record, start_kernel()'s pr_notice("%s", linux_banner) */
	sr_unlink(f->sr, "/proc/version");
	sr_write(f->sr, "/dev/kmsg", "5,0,0,-;" BANNER_61 "\n6,1,0,-;Command line: ro\n");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_version(c, &banner), -ENOENT);
	assert_int_equal(ioasid_kernel_stable_release(c, &code, &from), 0);
	assert_int_equal(code, IOASID_KVER(6, 1, 192));
	assert_string_equal(from, "/dev/kmsg");
	ioasid_ctx_free(c);
	/* neither: the release is unknown */
	sr_write(f->sr, "/dev/kmsg", "6,1,0,-;Command line: ro\n");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_stable_release(c, &code, &from), -ENODATA);
	assert_null(from);
	ioasid_ctx_free(c);
}

static void test_cmdline(void **state)
{
	struct fx *f = *state;
	const char *cl;

	sr_write(f->sr, "/proc/cmdline",
		 "BOOT_IMAGE=/boot/vmlinuz-6.12.117+deb12-amd64 root=/dev/vda1 ro "
		 "intel_iommu=on,sm_on iommu=pt\n");
	assert_int_equal(ioasid_kernel_cmdline(ctx(f), &cl), 0);
	assert_string_equal(cl, "BOOT_IMAGE=/boot/vmlinuz-6.12.117+deb12-amd64 root=/dev/vda1 ro "
				"intel_iommu=on,sm_on iommu=pt");
}

static void test_cmdline_malformed(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *c = sr_ctx(f->sr);
	const char *cl;

	assert_int_equal(ioasid_kernel_cmdline(c, &cl), -ENOENT);
	assert_null(cl);
	ioasid_ctx_free(c);
	sr_write(f->sr, "/proc/cmdline", "");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_cmdline(c, &cl), 0);
	assert_string_equal(cl, "");
	ioasid_ctx_free(c);
	/* COMMAND_LINE_SIZE is 2048 on x86; 64 KiB is refused */
	sr_write_fill(f->sr, "/proc/cmdline", 'a', (64 << 10) + 1);
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_cmdline(c, &cl), -EFBIG);
	ioasid_ctx_free(c);
	sr_unlink(f->sr, "/proc/cmdline");
	sr_symlink(f->sr, "cmdline", "/proc/cmdline");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_cmdline(c, &cl), -ELOOP);
	ioasid_ctx_free(c);
}

/* Lines copied from /boot/config-6.12.117+deb12-amd64 (Debian 12), in
 * file order, with their neighbours that share a prefix. */
static const char kconfig_612[] = "#\n"
				  "# Automatically generated file; DO NOT EDIT.\n"
				  "# Linux/x86 6.12.117 Kernel Configuration\n"
				  "#\n"
				  "CONFIG_LOCALVERSION=\"\"\n"
				  "# CONFIG_IKCONFIG is not set\n"
				  "CONFIG_IOMMU_SVA=y\n"
				  "CONFIG_AMD_IOMMU=y\n"
				  "CONFIG_INTEL_IOMMU=y\n"
				  "CONFIG_INTEL_IOMMU_SVM=y\n"
				  "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
				  "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y\n"
				  "# CONFIG_INTEL_IOMMU_DEFAULT_OFF is not set\n"
				  "CONFIG_INTEL_IOMMU_FLOPPY_WA=y\n"
				  "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=y\n"
				  "CONFIG_INTEL_IOMMU_PERF_EVENTS=y\n";

static void expect_kconfig(const char *text, const char *opt, int rc, const char *val)
{
	char *out = (char *)1;
	int r = ioasid_parse_kconfig(text, opt, &out);

	if (r != rc)
		fail_msg("%s: %d, expected %d", opt, r, rc);
	if (val) {
		assert_non_null(out);
		assert_string_equal(out, val);
	} else {
		assert_null(out);
	}
	free(out);
}

static void test_parse_kconfig(void **state)
{
	(void)state;
	expect_kconfig(kconfig_612, "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON", 1, "y");
	expect_kconfig(kconfig_612, "CONFIG_INTEL_IOMMU", 1, "y");
	expect_kconfig(kconfig_612, "CONFIG_INTEL_IOMMU_DEFAULT_ON", 1, "n");
	expect_kconfig(kconfig_612, "CONFIG_IKCONFIG", 1, "n");
	expect_kconfig(kconfig_612, "CONFIG_LOCALVERSION", 1, "");
	expect_kconfig(kconfig_612, "CONFIG_INTEL_IOMMU_DEFAULT", 0, NULL);
	expect_kconfig(kconfig_612, "CONFIG_INTEL", 0, NULL);
	expect_kconfig(kconfig_612, "CONFIG_DOES_NOT_EXIST", 0, NULL);
	expect_kconfig(kconfig_612, "Automatically", 0, NULL);
	/* module, numbers, strings, last line without newline */
	expect_kconfig("CONFIG_INTEL_IDXD=m\nCONFIG_NR_CPUS=8192\n"
		       "CONFIG_DEFAULT_HOSTNAME=\"(none)\"\nCONFIG_X=y",
		       "CONFIG_X", 1, "y");
	expect_kconfig("CONFIG_INTEL_IDXD=m\n", "CONFIG_INTEL_IDXD", 1, "m");
	expect_kconfig("CONFIG_NR_CPUS=8192\n", "CONFIG_NR_CPUS", 1, "8192");
	expect_kconfig("CONFIG_DEFAULT_HOSTNAME=\"(none)\"\n", "CONFIG_DEFAULT_HOSTNAME", 1,
		       "(none)");
	/* the first occurrence wins (kconfig never writes two) */
	expect_kconfig("CONFIG_A=y\n# CONFIG_A is not set\n", "CONFIG_A", 1, "y");
	/* malformed */
	expect_kconfig("", "CONFIG_A", 0, NULL);
	expect_kconfig("\n\n\n", "CONFIG_A", 0, NULL);
	expect_kconfig("CONFIG_A\n", "CONFIG_A", 0, NULL);
	expect_kconfig(" CONFIG_A=y\n", "CONFIG_A", 0, NULL);
	expect_kconfig("CONFIG_A=\n", "CONFIG_A", 1, "");
	expect_kconfig("CONFIG_A=\"\n", "CONFIG_A", 1, "\"");
	expect_kconfig("# CONFIG_A is not set, really\n", "CONFIG_A", 0, NULL);
	expect_kconfig("#CONFIG_A is not set\n", "CONFIG_A", 0, NULL);
	expect_kconfig("CONFIG_A=y\r\n", "CONFIG_A", 1, "y\r"); /* verbatim */
}

/* The whole real file, when this host has it. */
static void test_parse_kconfig_real_file(void **state)
{
	const char *path = "/boot/config-6.12.117+deb12-amd64";
	struct ioasid_ctx *c;
	char *text, *out;

	(void)state;
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "skipped: %s not on this host\n", path);
		skip();
	}
	assert_int_equal(ioasid_ctx_new(&c, NULL), 0);
	assert_int_equal(iopath_read_all(c, &text, NULL, 0, "%s", path), 0);
	/* values checked with grep on that file */
	assert_int_equal(
		ioasid_parse_kconfig(text, "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON", &out), 1);
	assert_string_equal(out, "y");
	free(out);
	assert_int_equal(ioasid_parse_kconfig(text, "CONFIG_IKCONFIG", &out), 1);
	assert_string_equal(out, "n");
	free(out);
	assert_int_equal(ioasid_parse_kconfig(text, "CONFIG_LOCALVERSION", &out), 1);
	assert_string_equal(out, "");
	free(out);
	free(text);
	ioasid_ctx_free(c);
}

static void test_config_sources(void **state)
{
	struct fx *f = *state;
	const char *val, *src;

	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.12.117+deb12-amd64\n");
	sr_write(f->sr, "/boot/config-6.12.117+deb12-amd64", kconfig_612);
	assert_int_equal(ioasid_kernel_config(ctx(f), "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON",
					      &val, &src),
			 0);
	assert_string_equal(val, "y");
	assert_string_equal(src, "/boot/config-6.12.117+deb12-amd64");
	assert_int_equal(ioasid_kernel_config(ctx(f), "CONFIG_NOPE", &val, &src), 0);
	assert_null(val);
	assert_int_equal(ioasid_kernel_config(ctx(f), "CONFIG_INTEL_IOMMU_DEFAULT_ON", &val, NULL),
			 0);
	assert_string_equal(val, "n");
}

static void test_config_gz_first(void **state)
{
	struct fx *f = *state;
	const char *val, *src;

	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.12.117+deb12-amd64\n");
	sr_write(f->sr, "/boot/config-6.12.117+deb12-amd64",
		 "# CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON is not set\n");
	sr_write(f->sr, "/tmp/config", kconfig_612);
	if (!sr_gzip(f->sr, "/tmp/config", "/proc/config.gz")) {
		fprintf(stderr, "skipped: gzip(1) not available\n");
		skip();
	}
	assert_int_equal(ioasid_kernel_config(ctx(f), "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON",
					      &val, &src),
			 0);
	assert_string_equal(val, "y");
	assert_string_equal(src, "/proc/config.gz");
}

static void test_config_gz_garbage(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *c;
	const char *val, *src;

	/* not gzip at all: fall back to /boot */
	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.1.0-56-amd64\n");
	sr_write(f->sr, "/boot/config-6.1.0-56-amd64", "CONFIG_X=m\n");
	sr_write(f->sr, "/proc/config.gz", "this is not gzip\n");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_config(c, "CONFIG_X", &val, &src), 0);
	assert_string_equal(val, "m");
	assert_string_equal(src, "/boot/config-6.1.0-56-amd64");
	ioasid_ctx_free(c);

	/* truncated gzip */
	sr_write(f->sr, "/tmp/config", kconfig_612);
	if (!sr_gzip(f->sr, "/tmp/config", "/tmp/config.gz")) {
		skip();
	}
	{
		char *gz;
		size_t len;

		c = sr_ctx(f->sr);
		assert_int_equal(iopath_read_all(c, &gz, &len, 0, "/tmp/config.gz"), 0);
		ioasid_ctx_free(c);
		sr_write_bytes(f->sr, "/proc/config.gz", gz, len / 2);
		free(gz);
	}
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_config(c, "CONFIG_X", &val, &src), 0);
	assert_string_equal(src, "/boot/config-6.1.0-56-amd64");
	ioasid_ctx_free(c);

	/* empty config.gz and no /boot file: the /boot error */
	sr_write(f->sr, "/proc/config.gz", "");
	sr_unlink(f->sr, "/boot/config-6.1.0-56-amd64");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_config(c, "CONFIG_X", &val, &src), -ENOENT);
	assert_null(val);
	ioasid_ctx_free(c);
}

/* A gzip bomb: 17 MiB of config text from ~17 KiB of gzip. */
static void test_config_gz_oversized(void **state)
{
	struct fx *f = *state;
	const char *val, *src;

	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.12.117+deb12-amd64\n");
	sr_write(f->sr, "/boot/config-6.12.117+deb12-amd64", "CONFIG_Y=y\n");
	sr_write_fill(f->sr, "/tmp/big", '#', IOASID_MAX_FILE + (1 << 20));
	if (!sr_gzip(f->sr, "/tmp/big", "/proc/config.gz"))
		skip();
	assert_int_equal(ioasid_kernel_config(ctx(f), "CONFIG_Y", &val, &src), 0);
	assert_string_equal(val, "y");
	assert_string_equal(src, "/boot/config-6.12.117+deb12-amd64");
}

static void test_config_none(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *c = sr_ctx(f->sr);
	const char *val, *src;

	/* nothing at all */
	assert_int_equal(ioasid_kernel_config(c, "CONFIG_X", &val, &src), -ENOENT);
	assert_null(val);
	assert_null(src);
	ioasid_ctx_free(c);
	/* a release but no /boot/config */
	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.12.117+deb12-amd64\n");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_config(c, "CONFIG_X", &val, &src), -ENOENT);
	ioasid_ctx_free(c);
	/* oversized /boot/config */
	sr_write_fill(f->sr, "/boot/config-6.12.117+deb12-amd64", '#', IOASID_MAX_FILE + 1);
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_config(c, "CONFIG_X", &val, &src), -EFBIG);
	ioasid_ctx_free(c);
}

static void expect_kmsg(const char *text, size_t n, const char *const *want)
{
	char **lines;
	size_t got;

	assert_int_equal(ioasid_parse_kmsg(text, &lines, &got), 0);
	if (got != n)
		fail_msg("%zu records, expected %zu", got, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(lines[i], want[i]);
		free(lines[i]);
	}
	free(lines);
}

static void test_parse_kmsg(void **state)
{
	(void)state;
	/* "%u,%llu,%llu,%c%s;" prefix, text, '\n', then " KEY=VALUE\n" */
	{
		static const char *const want[] = {
			"DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap d2008c40660462 ecap "
			"f050da",
			"pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40",
			"AMD-Vi: Extended features (0x206d73ef22254ade, 0x0): PPR X2APIC NX GT IA "
			"GA PC GA_vAPIC",
		};
		expect_kmsg("6,339,514090,-;DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap "
			    "d2008c40660462 ecap f050da\n"
			    "6,1234,5678901,-;pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40\n"
			    " SUBSYSTEM=pci\n"
			    " DEVICE=+pci:0000:00:00.2\n"
			    "6,1235,5678903,c;AMD-Vi: Extended features (0x206d73ef22254ade, 0x0): "
			    "PPR X2APIC NX GT IA GA PC GA_vAPIC\n",
			    3, want);
	}
	/* CONFIG_PRINTK_CALLER: ",caller=T1" / ",caller=C3" */
	{
		static const char *const want[] = {"Linux version 6.12.117",
						   "console [ttyS0] enabled"};

		expect_kmsg("5,0,0,-,caller=T0;Linux version 6.12.117\n"
			    "6,1,0,-,caller=C3;console [ttyS0] enabled\n",
			    2, want);
	}
	/* msg_add_ext_text() escapes < ' ', >= 127 and '\\' as \xNN */
	{
		static const char *const want[] = {"a\nb", "tab\there", "back\\slash",
						   "\x7f\xc3\xa9"};

		expect_kmsg("4,10,20,-;a\\x0ab\n"
			    "4,11,21,-;tab\\x09here\n"
			    "4,12,22,-;back\\x5cslash\n"
			    "4,13,23,-;\\x7f\\xc3\\xa9\n",
			    4, want);
	}
	/* facility << 3 | level: 12 = user.warning; text may hold ';' */
	{
		static const char *const want[] = {"systemd[1]: a; b", ""};

		expect_kmsg("12,40,50,-;systemd[1]: a; b\n6,41,51,-;\n", 2, want);
	}
}

static void test_parse_kmsg_malformed(void **state)
{
	(void)state;
	expect_kmsg("", 0, NULL);
	expect_kmsg("\n\n", 0, NULL);
	expect_kmsg(" SUBSYSTEM=pci\n", 0, NULL);
	expect_kmsg("garbage without header\n", 0, NULL);
	expect_kmsg("6,1,0,-\n", 0, NULL); /* truncated header */
	expect_kmsg(";text\n", 0, NULL);
	{
		static const char *const want[] = {"no newline at the end"};

		expect_kmsg("6,1,0,-;no newline at the end", 1, want);
	}
	{
		/* broken escapes are kept verbatim */
		static const char *const want[] = {"\\x", "\\xg1", "end\\x4"};

		expect_kmsg("6,1,0,-;\\x\n6,2,0,-;\\xg1\n6,3,0,-;end\\x4\n", 3, want);
	}
	{
		/* an escaped NUL ends the C string there */
		static const char *const want[] = {"a"};

		expect_kmsg("6,1,0,-;a\\x00b\n", 1, want);
	}
}

static void test_kernel_log(void **state)
{
	struct fx *f = *state;
	const char *const *lines;
	size_t n;

	sr_write(f->sr, "/dev/kmsg",
		 "6,339,514090,-;DMAR: IOMMU enabled\n"
		 "4,400,600000,-;DMAR: [Firmware Bug]: No firmware reserved region\n"
		 " SUBSYSTEM=pci\n"
		 "6,401,600001,-;DMAR: IOMMU enabled again\n");
	assert_int_equal(ioasid_kernel_log(ctx(f), &lines, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(lines[1], "DMAR: [Firmware Bug]: No firmware reserved region");
	assert_string_equal(ioasid_kernel_log_find(ctx(f), "IOMMU enabled"), "DMAR: IOMMU enabled");
	assert_null(ioasid_kernel_log_find(ctx(f), "AMD-Vi"));
}

static void test_kernel_log_malformed(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *c = sr_ctx(f->sr);
	const char *const *lines;
	size_t n;

	assert_int_equal(ioasid_kernel_log(c, &lines, &n), -ENOENT);
	assert_null(lines);
	assert_int_equal(n, 0);
	assert_null(ioasid_kernel_log_find(c, "x"));
	ioasid_ctx_free(c);

	sr_write(f->sr, "/dev/kmsg", "");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_log(c, &lines, &n), 0);
	assert_int_equal(n, 0);
	ioasid_ctx_free(c);

	sr_write_bytes(f->sr, "/dev/kmsg",
		       "6,1,0,-;a\0"
		       "6,2,0,-;b\n",
		       19);
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_log(c, &lines, &n), 0);
	assert_int_equal(n, 1); /* the text stops at the NUL */
	assert_string_equal(lines[0], "a");
	ioasid_ctx_free(c);

	sr_unlink(f->sr, "/dev/kmsg");
	sr_symlink(f->sr, "kmsg", "/dev/kmsg");
	c = sr_ctx(f->sr);
	assert_int_equal(ioasid_kernel_log(c, &lines, &n), -ELOOP);
	ioasid_ctx_free(c);
}

/* A log beyond IOASID_MAX_FILE keeps its head (the boot) and succeeds. */
static void test_kernel_log_oversized(void **state)
{
	struct fx *f = *state;
	const char *rec = "6,1,0,-;DMAR: filler record to make the log big\n";
	size_t rlen = strlen(rec), count = IOASID_MAX_FILE / rlen + 1000;
	char *buf = malloc(rlen * count + 64), *p = buf;
	const char *const *lines;
	size_t n;

	assert_non_null(buf);
	p += sprintf(p, "6,0,0,-;DMAR: first\n");
	for (size_t i = 0; i < count; i++, p += rlen)
		memcpy(p, rec, rlen);
	sr_write_bytes(f->sr, "/dev/kmsg", buf, (size_t)(p - buf));
	free(buf);
	assert_int_equal(ioasid_kernel_log(ctx(f), &lines, &n), 0);
	assert_string_equal(lines[0], "DMAR: first");
	assert_true(n > 1000 && n <= count + 1);
}

/* The flags line of this build host's /proc/cpuinfo (AMD EPYC guest). */
static const char cpuinfo_epyc[] =
	"processor\t: 0\n"
	"vendor_id\t: AuthenticAMD\n"
	"cpu family\t: 25\n"
	"model name\t: AMD EPYC\n"
	"fpu\t\t: yes\n"
	"flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
	"clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc "
	"rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 "
	"fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c "
	"rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw "
	"topoext vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq "
	"rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt "
	"xsavec xgetbv1 xsaves avx512_bf16 clzero xsaveerptr arat avx512vbmi umip avx512_vbmi2 "
	"gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid fsrm\n"
	"bugs\t\t: sysret_ss_attrs null_seg spectre_v1 spectre_v2 spec_store_bypass srso\n"
	"\n"
	"processor\t: 1\n"
	"flags\t\t: fpu la57\n";

static void test_parse_cpuinfo(void **state)
{
	(void)state;
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "pdpe1gb"), 1); /* FL1GP peer */
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "fpu"), 1);	 /* first */
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "fsrm"), 1);	 /* last */
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "x2apic"), 1);
	/* la57 is only on the second CPU's (made-up) line: the first line counts */
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "la57"), 0);
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "enqcmd"), 0);
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "sse4"), 0); /* prefix */
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "sse4_1x"), 0);
	assert_int_equal(ioasid_parse_cpuinfo_flag(cpuinfo_epyc, "spectre_v1"), 0); /* bugs */
	/* Intel's "vmx flags" line is not the flags line */
	assert_int_equal(
		ioasid_parse_cpuinfo_flag("vmx flags\t: ept vpid\nflags\t\t: fpu\n", "ept"), 0);
}

static void test_parse_cpuinfo_malformed(void **state)
{
	(void)state;
	assert_int_equal(ioasid_parse_cpuinfo_flag("", "fpu"), -ENOENT);
	assert_int_equal(ioasid_parse_cpuinfo_flag("processor\t: 0\n", "fpu"), -ENOENT);
	/* arm64 says "Features" */
	assert_int_equal(ioasid_parse_cpuinfo_flag("Features\t: fp asimd\n", "fp"), -ENOENT);
	assert_int_equal(ioasid_parse_cpuinfo_flag("flags\t\t fpu vme\n", "fpu"), -ENOENT);
	assert_int_equal(ioasid_parse_cpuinfo_flag("flags\t\t:\n", "fpu"), 0);
	assert_int_equal(ioasid_parse_cpuinfo_flag("flags\t\t:", "fpu"), 0);
	assert_int_equal(ioasid_parse_cpuinfo_flag("flags\t\t: fpu", "fpu"), 1);
	assert_int_equal(ioasid_parse_cpuinfo_flag("flags\t\t:  fpu   vme  \n", "vme"), 1);
	assert_int_equal(ioasid_parse_cpuinfo_flag("flagsx\t: fpu\n", "fpu"), -ENOENT);
	assert_int_equal(ioasid_parse_cpuinfo_flag("flags", "fpu"), -ENOENT);
}

static void test_cpu_has_flag(void **state)
{
	struct fx *f = *state;
	struct ioasid_ctx *c = sr_ctx(f->sr);

	assert_int_equal(ioasid_cpu_has_flag(c, "pdpe1gb"), -ENOENT);
	ioasid_ctx_free(c);
	sr_write(f->sr, "/proc/cpuinfo", cpuinfo_epyc);
	assert_int_equal(ioasid_cpu_has_flag(ctx(f), "pdpe1gb"), 1);
	assert_int_equal(ioasid_cpu_has_flag(ctx(f), "la57"), 0);
}

/* fs/proc/base.c proc_pid_readdir(): "%u" per tgid beside the fixed
 * entries (self, thread-self, sys, cpuinfo, ...). */
static void test_pids(void **state)
{
	struct fx *f = *state;
	char **names;
	size_t n;

	assert_int_equal(ioasid_kernel_pids(ctx(f), &names, &n), -ENOENT);
	sr_mkdir(f->sr, "/proc/4002");
	sr_mkdir(f->sr, "/proc/1");
	sr_mkdir(f->sr, "/proc/317");
	sr_mkdir(f->sr, "/proc/self");
	sr_mkdir(f->sr, "/proc/sys");
	sr_mkdir(f->sr, "/proc/12ab");
	sr_write(f->sr, "/proc/cpuinfo", cpuinfo_epyc);
	assert_int_equal(ioasid_kernel_pids(ctx(f), &names, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "1");
	assert_string_equal(names[1], "317");
	assert_string_equal(names[2], "4002");
	ioasid_names_free(names, n);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_release),
		cmocka_unit_test(test_parse_kallsyms),
		T(test_kernel_symbol),
		cmocka_unit_test(test_parse_stable_release),
		T(test_stable_release_files),
		T(test_release_file),
		T(test_release_malformed),
		T(test_cmdline),
		T(test_cmdline_malformed),
		cmocka_unit_test(test_parse_kconfig),
		cmocka_unit_test(test_parse_kconfig_real_file),
		T(test_config_sources),
		T(test_config_gz_first),
		T(test_config_gz_garbage),
		T(test_config_gz_oversized),
		T(test_config_none),
		cmocka_unit_test(test_parse_kmsg),
		cmocka_unit_test(test_parse_kmsg_malformed),
		T(test_kernel_log),
		T(test_kernel_log_malformed),
		T(test_kernel_log_oversized),
		cmocka_unit_test(test_parse_cpuinfo),
		cmocka_unit_test(test_parse_cpuinfo_malformed),
		T(test_cpu_has_flag),
		T(test_pids),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
