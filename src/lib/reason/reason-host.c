// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The host's reason chain: the rules the kernel applies before any device
 * can use PASIDs, in the order it applies them. Firmware tables, whether an
 * IOMMU driver registered units, the kernel config, then per unit the
 * hardware capability and the mode the kernel chose, the SVA conditions of
 * intel_svm_check() (VT-d) and amd_iommu_pasid_supported() (AMD), and page
 * request support. Every rule cites the kernel function that applies it.
 */
#include <errno.h>
#include <string.h>

#include "ioasid-acpi.h"
#include "core/pathnames.h"
#include "reason/kfacts.h"
#include "reason/reason.h"

static bool has_type(const struct ioasid_iommu_list *il, enum ioasid_iommu_type t)
{
	for (size_t i = 0; i < il->n; i++)
		if (il->v[i].type == t)
			return true;
	return false;
}

/* The value of the last "key=" token on the command line ("" if none);
 * the kernel's parse_args() lets the last one win. */
static void cmdline_last(struct ioasid_ctx *ctx, const char *key, char *val, size_t len)
{
	const char *cmd = NULL, *p;
	size_t klen = strlen(key);

	val[0] = '\0';
	if (ioasid_kernel_cmdline(ctx, &cmd) < 0 || !cmd)
		return;
	for (p = cmd; (p = strstr(p, key)); p += klen) {
		size_t n;

		if (p != cmd && p[-1] != ' ')
			continue;
		n = strcspn(p + klen, " \n");
		snprintf(val, len, "%.*s", (int)n, p + klen);
	}
}

/* Whether option (e.g. "off") is one of the comma-separated words. */
static bool has_word(const char *list, const char *word)
{
	size_t w = strlen(word);

	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");

		if (n == w && !strncmp(p, word, w))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

static void step_firmware(struct reason_facts *f, const struct ioasid_iommu_list *il,
			  struct ioasid_chain *c)
{
	const struct ioasid_acpi *a = reason_acpi(f);
	struct ioasid_step *s;
	char **names = NULL;
	size_t nnames = 0;
	int lrc;

	lrc = iopath_list(f->ctx, &names, &nnames, PATH_SYS_ACPI_TABLES);
	iopath_names_free(names, nnames);
	if (a->dmar_err == 0) {
		const struct ioasid_acpi_dmar *d = &a->dmar;

		s = chain_add(
			c, RULE_FIRMWARE_TABLE, "host", d->cut ? IOASID_V_WARN : IOASID_V_OK,
			"ACPI DMAR: %u DRHD, %u ATSR, %u SATC, %u RMRR; host address width %u; "
			"flags 0x%x%s%s%s%s",
			d->ndrhd, d->natsr, d->nsatc, d->nrmrr, d->width, d->flags,
			d->flags & 1 ? " INTR_REMAP" : "", d->flags & 2 ? " X2APIC_OPT_OUT" : "",
			d->flags & 4 ? " DMA_CTRL_PLATFORM_OPT_IN" : "",
			d->cut ? " (the table is cut short)" : "");
		step_ref(s, "drivers/iommu/intel/dmar.c parse_dmar_table()");
		step_source(s, PATH_SYS_ACPI_TABLE, "DMAR");
		if (!d->ndrhd) {
			s->verdict = IOASID_V_FAIL;
			step_more(s, "no DRHD: no remapping hardware unit described");
			step_fix(s, "update the firmware: its DMAR table lists no VT-d unit");
		}
		return;
	}
	if (a->ivrs_err == 0) {
		const struct ioasid_acpi_ivrs *v = &a->ivrs;

		s = chain_add(c, RULE_FIRMWARE_TABLE, "host", v->cut ? IOASID_V_WARN : IOASID_V_OK,
			      "ACPI IVRS: %u IVHD, %u IVMD; IVinfo 0x%x%s%s", v->nivhd, v->nivmd,
			      v->info, v->info & 1 ? " EFRSup" : "", v->cut ? " (cut short)" : "");
		step_ref(s, "drivers/iommu/amd/init.c init_iommu_all()");
		if (v->nivhd)
			step_more(s, "first IVHD type 0x%02x at 0x%llx%s", v->ivhd[0].type,
				  (unsigned long long)v->ivhd[0].base,
				  v->ivhd[0].has_efr ? "" : " (no EFR image: type 10h)");
		if (v->nivhd && v->ivhd[0].has_efr)
			step_more(s, "EFR image 0x%llx", (unsigned long long)v->ivhd[0].efr);
		step_source(s, PATH_SYS_ACPI_TABLE, "IVRS");
		if (!v->nivhd) {
			s->verdict = IOASID_V_FAIL;
			step_fix(s, "update the firmware: its IVRS table lists no IOMMU");
		}
		return;
	}
	if (a->dmar_err == EACCES || a->ivrs_err == EACCES || lrc == -EACCES) {
		s = chain_add(c, RULE_FIRMWARE_TABLE, "host", IOASID_V_UNKNOWN,
			      "the ACPI tables are readable by root only");
		s->affects = 0;
		step_ref(s, "drivers/acpi/sysfs.c acpi_table_attr_init()");
		step_source(s, PATH_SYS_ACPI_TABLES);
		step_fix(s, "run as root");
		return;
	}
	if (a->dmar_err == EINVAL || a->ivrs_err == EINVAL) {
		s = chain_add(c, RULE_FIRMWARE_TABLE, "host", IOASID_V_WARN,
			      "the %s table is malformed (bad signature or length)",
			      a->dmar_err == EINVAL ? "DMAR" : "IVRS");
		s->affects = 0;
		step_source(s, PATH_SYS_ACPI_TABLE, a->dmar_err == EINVAL ? "DMAR" : "IVRS");
		return;
	}
	if (lrc < 0 || il->n) {
		/* no ACPI (a device-tree platform), or units the tables do not
		 * describe (SMMU via IORT, virtio-iommu): nothing to judge */
		s = chain_add(
			c, RULE_FIRMWARE_TABLE, "host", IOASID_V_NA,
			lrc < 0 ? "no ACPI tables directory"
				: "no DMAR or IVRS table; the IOMMU units are described elsewhere");
		step_ref(s, "");
		step_source(s, PATH_SYS_ACPI_TABLES);
		return;
	}
	s = chain_add(c, RULE_FIRMWARE_TABLE, "host", IOASID_V_FAIL,
		      "no DMAR or IVRS table among the %zu ACPI tables: the firmware describes no "
		      "IOMMU",
		      nnames);
	step_source(s, PATH_SYS_ACPI_TABLES);
}

/*
 * Whether VT-d would be on, as the kernel decides at boot (6.12 / 6.1):
 * dmar_disabled starts as IS_ENABLED(CONFIG_INTEL_IOMMU_DEFAULT_OFF)
 * (intel/iommu.c:208 / :308): Debian's choice
 * CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF leaves it 0, VT-d on.
 * intel_iommu_setup() (:245 / :345) walks intel_iommu='s words in order
 * with strncmp(): "on" clears it, "off" sets it and no_platform_optin,
 * "tboot_noforce" sets intel_iommu_tboot_noforce. iommu=off sets no_iommu
 * (arch/x86/kernel/pci-dma.c iommu_setup(), 6.12 :123, 6.1 :139).
 * intel_iommu_init() (6.12 :3254, 6.1 :4000) forces VT-d on under tboot
 * (tboot_force_iommu(): clears dmar_disabled and no_iommu) unless
 * tboot_noforce, or on a platform opt-in (platform_optin_force_iommu():
 * the DMAR flag DMA_CTRL_PLATFORM_OPT_IN, no iommu=off, no intel_iommu=off,
 * and an external-facing port, has_external_pci()); then stops at
 * "if (no_iommu || dmar_disabled)" (6.12 :3293, 6.1 :4039).
 */
struct vtd_boot {
	int disabled;	    /* dmar_disabled after the command line, -1 unknown */
	bool off_word;	    /* intel_iommu=off given (no_platform_optin) */
	bool on_word;	    /* intel_iommu=on given */
	bool tboot_noforce; /* intel_iommu=tboot_noforce */
	bool no_iommu;	    /* iommu=off */
	const char *config; /* the config option that set the default */
};

static void vtd_boot(struct ioasid_ctx *ctx, struct vtd_boot *b)
{
	const char *cmd = NULL, *val = NULL, *src = NULL, *p;
	static const char key[] = "intel_iommu=";

	memset(b, 0, sizeof(*b));
	b->disabled = -1;
	if (kcfg_read(ctx, KCFG_INTEL_IOMMU_DEFAULT_OFF, &val, &src) == 0) {
		b->disabled = val && !strcmp(val, "y");
		b->config =
			b->disabled ? "CONFIG_INTEL_IOMMU_DEFAULT_OFF=y"
			: kcfg_read(ctx, KCFG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF, &val, &src) == 0 &&
					val && !strcmp(val, "y")
				? "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y"
				: "CONFIG_INTEL_IOMMU_DEFAULT_OFF not set";
	}
	b->no_iommu = reason_cmdline_has(ctx, "iommu=", "off", true);
	if (ioasid_kernel_cmdline(ctx, &cmd) < 0 || !cmd)
		return;
	for (p = cmd; (p = strstr(p, key)); p += sizeof(key) - 1) {
		const char *w = p + sizeof(key) - 1;

		if (p != cmd && p[-1] != ' ')
			continue;
		while (*w && *w != ' ' && *w != '\n') {
			size_t n = strcspn(w, ", \n");

			if (!strncmp(w, "on", 2)) {
				b->disabled = 0;
				b->on_word = true;
			} else if (!strncmp(w, "off", 3)) {
				b->disabled = 1;
				b->off_word = true;
			} else if (!strncmp(w, "tboot_noforce", 13)) {
				b->tboot_noforce = true;
			}
			w += n + (w[n] == ',');
		}
	}
}

/* drivers/pci/probe.c pci_set_removable(): on x86 a removable device lies
 * below an external-facing root port, so has_external_pci() is true;
 * without one it cannot be told (a port with nothing below shows nothing). */
static bool any_removable(struct ioasid_ctx *ctx)
{
	char **names = NULL, word[32];
	size_t n = 0;
	bool found = false;

	if (iopath_list(ctx, &names, &n, PATH_SYS_PCI_DEVICES) < 0)
		return false;
	for (size_t i = 0; i < n && !found; i++)
		found = iopath_read_line(ctx, word, sizeof(word), PATH_SYS_PCI_DEV_ATTR, names[i],
					 "removable") == 0 &&
			!strcmp(word, "removable");
	iopath_names_free(names, n);
	return found;
}

static void step_units(struct reason_facts *f, const struct ioasid_iommu_list *il,
		       struct ioasid_chain *c)
{
	struct ioasid_ctx *ctx = f->ctx;
	const struct ioasid_acpi *a = reason_acpi(f);
	char amd[64], names[256] = "";
	struct ioasid_step *s;
	struct vtd_boot b;
	bool tboot, optin;

	if (il->n) {
		for (size_t i = 0; i < il->n; i++) {
			size_t u = strlen(names);

			snprintf(names + u, sizeof(names) - u, "%s%s (%s)", i ? ", " : "",
				 il->v[i].name, ioasid_iommu_type_name(il->v[i].type));
		}
		s = chain_add(c, RULE_IOMMU_UNITS, "host", IOASID_V_OK, "%zu unit%s: %s", il->n,
			      il->n == 1 ? "" : "s", names);
		step_source(s, PATH_SYS_CLASS_IOMMU);
		return;
	}
	cmdline_last(ctx, "amd_iommu=", amd, sizeof(amd));
	s = chain_add(c, RULE_IOMMU_UNITS, "host", IOASID_V_FAIL,
		      "no IOMMU unit registered (/sys/class/iommu is empty)");
	step_ref(s, "drivers/iommu/intel/iommu.c intel_iommu_init()");
	step_source(s, PATH_SYS_CLASS_IOMMU);
	vtd_boot(ctx, &b);
	/* arch/x86/kernel/tboot.c tboot_probe(): "tboot: found shared page" */
	tboot = ioasid_kernel_log_find(ctx, "tboot: found shared page") != NULL;
	if (a->dmar_err == 0 || (a->ivrs_err && !has_word(amd, "off"))) {
		if (tboot && !b.tboot_noforce) {
			step_more(s, "tboot is active: tboot_force_iommu() forces VT-d on whatever "
				     "the command line and config say");
			step_ref(s, "drivers/iommu/intel/iommu.c tboot_force_iommu()");
			step_fix(s, "check the kernel log for DMAR errors");
			return;
		}
		if (b.no_iommu) {
			step_more(s, "the command line has iommu=off (no_iommu): "
				     "intel_iommu_init() stops");
			step_ref(s, "arch/x86/kernel/pci-dma.c iommu_setup(), "
				    "drivers/iommu/intel/iommu.c intel_iommu_init()");
			step_fix(s, "remove iommu=off from the kernel command line");
			return;
		}
		optin = a->dmar_err == 0 && (a->dmar.flags & 4) && !b.off_word;
		if (b.disabled == 1 && optin && any_removable(ctx)) {
			step_more(s,
				  "the DMAR table sets DMA_CTRL_PLATFORM_OPT_IN and a port is "
				  "external-facing: platform_optin_force_iommu() forces VT-d on");
			step_ref(s, "drivers/iommu/intel/iommu.c platform_optin_force_iommu()");
			step_fix(s, "check the kernel log for DMAR errors");
			return;
		}
		if (b.disabled == 1) {
			step_more(s, "%s%s",
				  b.off_word ? "the command line has intel_iommu=off" : "",
				  b.off_word ? "" : b.config);
			if (!b.off_word)
				step_more(
					s,
					"dmar_disabled = "
					"IS_ENABLED(CONFIG_INTEL_IOMMU_DEFAULT_OFF) "
					"and the command line has no intel_iommu=on%s",
					optin ? "; the DMAR table's DMA_CTRL_PLATFORM_OPT_IN "
						"forces it "
						"on only with an external-facing port, and none is "
						"seen"
					      : "");
			step_ref(s, b.off_word ? "drivers/iommu/intel/iommu.c intel_iommu_setup()"
					       : "drivers/iommu/intel/iommu.c dmar_disabled, "
						 "intel_iommu_init()");
			step_fix(s, b.off_word
					    ? "remove intel_iommu=off from the kernel command line"
					    : "boot with intel_iommu=on, and enable VT-d in the "
					      "firmware setup");
			return;
		}
		if (b.disabled == 0) {
			step_more(s, "VT-d is not disabled (%s, no iommu=off)",
				  b.on_word ? "intel_iommu=on" : b.config);
			step_ref(s,
				 "drivers/iommu/intel/iommu.c dmar_disabled, intel_iommu_init()");
			if (a->dmar_err == 0) {
				step_more(s,
					  "yet no unit registered: the kernel failed to set it up");
				step_fix(s, "check the kernel log for DMAR errors (dmesg | grep -i "
					    "dmar)");
			} else {
				step_more(s, "the units are missing because the firmware describes "
					     "none (see firmware.table)");
				step_fix(s,
					 "enable VT-d (\"DMA remapping\") in the firmware setup");
			}
			return;
		}
	}
	if (has_word(amd, "off") || (a->ivrs_err == 0 && b.no_iommu)) {
		step_more(s, "the command line has %s", b.no_iommu ? "iommu=off" : "amd_iommu=off");
		step_ref(s, b.no_iommu ? "arch/x86/kernel/pci-dma.c iommu_setup(), "
					 "drivers/iommu/amd/init.c amd_iommu_detect()"
				       : "drivers/iommu/amd/init.c parse_amd_iommu_options()");
		step_fix(s, b.no_iommu ? "remove iommu=off from the kernel command line"
				       : "remove amd_iommu=off from the kernel command line");
		return;
	}
}

/* The kernel options PASID users need: drivers/pci/Kconfig (PCI_PASID,
 * PCI_PRI, PCI_ATS), drivers/iommu/Kconfig (IOMMU_SVA, selected by
 * INTEL_IOMMU_SVM and by AMD_IOMMU on 6.12). */
static void step_config(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
			struct ioasid_chain *c)
{
	static const struct {
		enum kcfg opt;
		unsigned affects;
		bool vtd_only, amd_v2;
	} opts[] = {
		{KCFG_PCI_PASID, ALL_THREE, false, false},
		{KCFG_PCI_ATS, IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ, false, false},
		{KCFG_PCI_PRI, IOASID_AFFECTS_PRQ, false, false},
		{KCFG_IOMMU_SVA, IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ, false, false},
		{KCFG_INTEL_IOMMU_SVM, IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ, true, false},
		/* 6.1: SVA on AMD is the amd_iommu_v2 module's
		 * (drivers/iommu/amd/iommu_v2.c); later kernels dropped it */
		{KCFG_AMD_IOMMU_V2, IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ, false, true},
	};
	unsigned kver = reason_kver(ctx);
	const char *val = NULL, *src = NULL, *how;
	/* on arm64 only ARM_SMMU_V3_SVA selects IOMMU_SVA (drivers/iommu/
	 * Kconfig, 6.12 :405, 6.1 :399): kernel.smmu_sva names that option */
	bool arm64 = reason_arch(ctx, il, &how) == REASON_ARCH_ARM64;
	struct ioasid_step *s;
	unsigned failed = 0;
	char ev[256] = "";

	if (kcfg_read(ctx, KCFG_PCI_PASID, &val, &src) < 0) {
		s = chain_add(c, RULE_KERNEL_CONFIG, "host", IOASID_V_UNKNOWN,
			      "no kernel config readable");
		s->affects = 0;
		step_ref(s, "drivers/pci/Kconfig");
		step_source(s, PATH_PROC_CONFIG_GZ ", " PATH_BOOT_CONFIG, "RELEASE");
		return;
	}
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		size_t u = strlen(ev);

		if (opts[i].vtd_only && !has_type(il, IOASID_IOMMU_VTD))
			continue;
		if (opts[i].amd_v2 &&
		    (!has_type(il, IOASID_IOMMU_AMD) || !kver || kver >= IOASID_KVER(6, 2, 0)))
			continue;
		kcfg_read(ctx, opts[i].opt, &val, &src);
		snprintf(ev + u, sizeof(ev) - u, "%s%s=%s", u ? " " : "",
			 kcfg_names[opts[i].opt] + 7, val ? val : "(absent)");
		if (opts[i].opt == KCFG_IOMMU_SVA && arm64)
			continue;
		if (!val || (strcmp(val, "y") && strcmp(val, "m")))
			failed |= opts[i].affects;
	}
	s = chain_add(c, RULE_KERNEL_CONFIG, "host", failed ? IOASID_V_FAIL : IOASID_V_OK, "%s",
		      ev);
	s->affects = failed; /* only what the missing options decide */
	step_source(s, "%s", src ? src : "kernel config");
}

static void step_cpu(struct ioasid_ctx *ctx, struct ioasid_chain *c)
{
	int enq = ioasid_cpu_has_flag(ctx, "enqcmd");
	struct ioasid_step *s;

	/* arch/x86: the enqcmd flag is shown when X86_FEATURE_ENQCMD is
	 * usable; shared work queues (DSA, IAA) are submitted with ENQCMD */
	s = chain_add(c, RULE_CPU_ENQCMD, "host",
		      enq > 0	 ? IOASID_V_OK
		      : enq == 0 ? IOASID_V_WARN
				 : IOASID_V_UNKNOWN,
		      enq > 0	 ? "the CPU has ENQCMD: user space can submit to shared work queues"
		      : enq == 0 ? "no enqcmd flag: shared work queues (DSA/IAA) cannot be used "
				   "from user space; dedicated ones can"
				 : "CPU flags not readable");
	step_source(s, PATH_PROC_CPUINFO);
}

/* drivers/iommu/iommufd/main.c registers the misc device "iommu"
 * (/dev/iommu); drivers/vfio/device_cdev.c the per-device cdevs under
 * /dev/vfio/devices. The PASID attach uAPI (6.15) goes through them, so
 * their presence is informational here. */
static void step_iommufd(struct ioasid_ctx *ctx, struct ioasid_chain *c)
{
	int fd = iopath_access(ctx, PATH_DEV_IOMMU);
	int vf = iopath_access(ctx, PATH_DEV_VFIO_DEVICES);
	struct ioasid_step *s;

	if (fd == -ENOENT && iopath_access(ctx, PATH_DEV) == -ENOENT)
		return; /* a snapshot without /dev: nothing to say */
	s = chain_add(c, RULE_KERNEL_IOMMUFD, "host", fd == 0 ? IOASID_V_OK : IOASID_V_NA,
		      "/dev/iommu %s; VFIO device cdevs %s", fd == 0 ? "present" : "absent",
		      vf == 0 ? "present" : "absent");
	step_source(s, PATH_DEV_IOMMU ", " PATH_DEV_VFIO_DEVICES);
}

/*
 * The x86 SVA switch-off (kfacts.c KFACT_X86_SVA_OFF): 6.12
 * drivers/iommu/iommu-sva.c:83 and 6.1 drivers/iommu/iommu.c:2802,
 * iommu_sva_bind_device(): "if (IS_ENABLED(CONFIG_X86)) return
 * ERR_PTR(-EOPNOTSUPP);" from 6.12.64 and 6.1.163 on. VT-d and AMD-Vi exist
 * only on x86 (intel/Kconfig INTEL_IOMMU and amd/Kconfig AMD_IOMMU depend
 * on X86 / X86_64); other units are on x86 when the config says
 * CONFIG_X86=y. The stable release comes from /proc/version where
 * osrelease does not carry it (ioasid_kernel_stable_release()).
 */
/*
 * What the running kernel's symbols say of the switch-off (stock/kallsyms.c):
 * in 6.12's drivers/iommu/iommu-sva.c the static iommu_sva_iopf_handler()
 * (:288) has its address taken only in iommu_sva_domain_alloc() (:319),
 * called only from iommu_sva_bind_device() past the switch (:83). With the
 * switch the compiler drops that code: the Debian 6.12.118 guest's
 * /proc/kallsyms has iommu_sva_bind_device but no iommu_sva_iopf_handler or
 * iommu_sva_handle_iopf. Without it the handler must exist (its address is
 * stored). So the handler present means the bind path is compiled, on any
 * release; absent (with iommu_sva_bind_device present) means switched off
 * on a 6.12 kernel only: other series lay the code out differently, and
 * 6.1's switch (iommu.c:2802) skips only calls through ops->sva_bind,
 * leaving no trace in the symbols.
 */
static enum kfact_truth sva_x86_kallsyms(struct ioasid_ctx *ctx, unsigned series, char *why,
					 size_t len)
{
	int bind = ioasid_kernel_symbol(ctx, "iommu_sva_bind_device");
	int handler = ioasid_kernel_symbol(ctx, "iommu_sva_iopf_handler");

	why[0] = '\0';
	if (bind < 0 || handler < 0)
		return KFACT_UNKNOWN;
	if (!bind) {
		snprintf(why, len,
			 "/proc/kallsyms has no iommu_sva_bind_device: the kernel is built "
			 "without CONFIG_IOMMU_SVA");
		return KFACT_YES;
	}
	if (handler) {
		snprintf(
			why, len,
			"/proc/kallsyms has iommu_sva_iopf_handler, which only the code past the "
			"switch references: this kernel's iommu_sva_bind_device() goes on to bind");
		return KFACT_NO;
	}
	if (series == IOASID_KVER(6, 12, 0)) {
		snprintf(why, len,
			 "/proc/kallsyms has iommu_sva_bind_device but not iommu_sva_iopf_handler: "
			 "the compiler dropped the code past the switch, as in Debian's 6.12.118");
		return KFACT_YES;
	}
	snprintf(why, len,
		 "/proc/kallsyms has iommu_sva_bind_device but not iommu_sva_iopf_handler, which "
		 "tells the switch-off only on 6.12 (6.1's leaves no trace in the symbols)");
	return KFACT_UNKNOWN;
}

/*
 * The x86 SVA switch-off (kfacts.c KFACT_X86_SVA_OFF): 6.12
 * drivers/iommu/iommu-sva.c:83 and 6.1 drivers/iommu/iommu.c:2802,
 * iommu_sva_bind_device(): "if (IS_ENABLED(CONFIG_X86)) return
 * ERR_PTR(-EOPNOTSUPP);" from 6.12.64 and 6.1.163 on. VT-d and AMD-Vi exist
 * only on x86 (intel/Kconfig INTEL_IOMMU and amd/Kconfig AMD_IOMMU depend
 * on X86 / X86_64); other units are on x86 when the config says
 * CONFIG_X86=y. The stable release comes from /proc/version where
 * osrelease does not carry it (ioasid_kernel_stable_release()). Where the
 * kernel's symbols tell (sva_x86_kallsyms()), they win over the release:
 * a distribution may carry the switch early or drop it.
 */
static void step_sva_x86(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
			 struct ioasid_chain *c)
{
	const struct kfact_range *r;
	const char *x86 = NULL, *src = NULL, *from = NULL, *osrel = NULL;
	struct ioasid_step *s;
	enum kfact_truth t, ks;
	unsigned rel = 0, kver;
	char relname[32] = "", why[256];

	if (!has_type(il, IOASID_IOMMU_VTD) && !has_type(il, IOASID_IOMMU_AMD) &&
	    (kcfg_read(ctx, KCFG_X86, &x86, &src) < 0 || !x86 || strcmp(x86, "y")))
		return;
	if (ioasid_kernel_stable_release(ctx, &rel, &from) == 0)
		snprintf(relname, sizeof(relname), "%u.%u.%u", rel >> 16, (rel >> 8) & 0xff,
			 rel & 0xff);
	t = kfact_holds(KFACT_X86_SVA_OFF, rel, &r);
	kver = rel ? rel : reason_kver(ctx);
	ks = sva_x86_kallsyms(ctx, kver & ~0xffu, why, sizeof(why));
	if (ks != KFACT_UNKNOWN) {
		s = chain_add(c, RULE_KERNEL_SVA_X86, "host",
			      ks == KFACT_YES ? IOASID_V_FAIL : IOASID_V_OK, "%s", why);
		if (ks == KFACT_YES && !strstr(why, "CONFIG_IOMMU_SVA"))
			step_more(s, "iommu_sva_bind_device() returns -EOPNOTSUPP on x86 (%s)",
				  kfacts[KFACT_X86_SVA_OFF].upstream);
		if (t != KFACT_UNKNOWN)
			step_more(s,
				  t == ks ? "the release table agrees (release %s)"
					  : "the release table says otherwise for release %s: the "
					    "distribution's kernel differs from the stable release",
				  relname);
		step_ref(s, r ? r->where : "drivers/iommu/iommu-sva.c iommu_sva_bind_device()");
		step_source(s, PATH_PROC_KALLSYMS);
		return;
	}
	if (t == KFACT_YES) {
		s = chain_add(c, RULE_KERNEL_SVA_X86, "host", IOASID_V_FAIL,
			      "release %s carries %s: on x86 iommu_sva_bind_device() returns "
			      "-EOPNOTSUPP (%u.%u.y from %u.%u.%u; %s the first package)",
			      relname, kfacts[KFACT_X86_SVA_OFF].upstream, r->series >> 16,
			      (r->series >> 8) & 0xff, r->first >> 16, (r->first >> 8) & 0xff,
			      r->first & 0xff, r->distro);
	} else if (t == KFACT_NO) {
		s = chain_add(c, RULE_KERNEL_SVA_X86, "host", IOASID_V_OK,
			      "release %s is before %u.%u.%u, the first of its series that "
			      "switches SVA off on x86",
			      relname, r->first >> 16, (r->first >> 8) & 0xff, r->first & 0xff);
	} else if (!rel) {
		ioasid_kernel_release(ctx, &osrel);
		s = chain_add(c, RULE_KERNEL_SVA_X86, "host", IOASID_V_UNKNOWN,
			      "the stable release is unknown (osrelease \"%s\" names none and "
			      "neither /proc/version nor the kernel log's banner is readable): "
			      "whether it switches SVA off on x86 (6.12.64+, 6.1.163+) cannot "
			      "be told",
			      osrel ? osrel : "?");
		step_fix(s, "run as root, or read /proc/version");
	} else if (r) {
		s = chain_add(c, RULE_KERNEL_SVA_X86, "host", IOASID_V_UNKNOWN,
			      "release %s is past %u.%u.%u, the newest of its series verified "
			      "(which switches SVA off on x86 from %u.%u.%u): a later release may "
			      "have changed it",
			      relname, r->verified_to >> 16, (r->verified_to >> 8) & 0xff,
			      r->verified_to & 0xff, r->first >> 16, (r->first >> 8) & 0xff,
			      r->first & 0xff);
	} else {
		s = chain_add(c, RULE_KERNEL_SVA_X86, "host", IOASID_V_UNKNOWN,
			      "release %s: its series is not verified (SVA is switched off on "
			      "x86 in 6.12.y from 6.12.64 and 6.1.y from 6.1.163)",
			      relname);
	}
	if (why[0])
		step_more(s, "%s", why);
	if (r)
		step_ref(s, r->where);
	step_source(s, "%s", from ? from : PATH_PROC_VERSION);
}

/*
 * Whether the kernel has the SMMUv3's SVA code (arm64). arm-smmu-v3.h
 * (6.1 :758-815, 6.12 :896-941): without CONFIG_ARM_SMMU_V3_SVA,
 * arm_smmu_sva_supported() is a stub returning false, so
 * arm_smmu_device_hw_probe() never sets ARM_SMMU_FEAT_SVA (6.1 :3724,
 * 6.12 :4402), arm_smmu_master_sva_supported() says no and
 * iommu_dev_enable_feature(IOMMU_DEV_FEAT_SVA) fails with -EINVAL
 * (arm_smmu_dev_enable_feature(), 6.12 :3471); without the IOMMU_SVA it
 * selects, iommu_sva_bind_device() is the stub returning -ENODEV
 * (include/linux/iommu.h). The config says it; where the config is not
 * readable, /proc/kallsyms does: arm_smmu_sva_supported exists only when
 * built (the symbol of the driver, or of its module once loaded).
 */
static void step_smmu_sva(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
			  struct ioasid_chain *c)
{
	const char *sva = NULL, *iommu_sva = NULL, *smmu = NULL, *src = NULL, *how = NULL;
	int fn = ioasid_kernel_symbol(ctx, "arm_smmu_sva_supported");
	int bind = ioasid_kernel_symbol(ctx, "iommu_sva_bind_device");
	int feat = ioasid_kernel_symbol(ctx, "iommu_dev_enable_feature");
	struct ioasid_step *s;
	char syms[192] = "";

	if (reason_arch(ctx, il, &how) != REASON_ARCH_ARM64 || !has_type(il, IOASID_IOMMU_SMMU3))
		return;
	if (fn >= 0 && bind >= 0 && feat >= 0)
		snprintf(syms, sizeof(syms),
			 "/proc/kallsyms: arm_smmu_sva_supported %s, iommu_sva_bind_device %s, "
			 "iommu_dev_enable_feature %s",
			 fn ? "present" : "absent", bind ? "present" : "absent",
			 feat ? "present" : "absent");
	if (kcfg_read(ctx, KCFG_ARM_SMMU_V3_SVA, &sva, &src) >= 0) {
		bool built = sva && !strcmp(sva, "y");

		char iommu_sva_val[16];

		/* a value holds only until the next kcfg_read(): copy it */
		kcfg_read(ctx, KCFG_IOMMU_SVA, &iommu_sva, &src);
		snprintf(iommu_sva_val, sizeof(iommu_sva_val), "%s",
			 iommu_sva ? iommu_sva : "(absent)");
		kcfg_read(ctx, KCFG_ARM_SMMU_V3, &smmu, &src);
		s = chain_add(
			c, RULE_KERNEL_SMMU_SVA, "host", built ? IOASID_V_OK : IOASID_V_FAIL,
			built ? "built: CONFIG_ARM_SMMU_V3_SVA=y (IOMMU_SVA=%s)"
			      : "not built: CONFIG_ARM_SMMU_V3_SVA is not set (IOMMU_SVA=%s): "
				"the SMMUv3 driver never offers SVA",
			iommu_sva_val);
		/* the driver itself (drivers/iommu/Kconfig ARM_SMMU_V3, y or m) */
		step_more(s, "ARM_SMMU_V3=%s", smmu ? smmu : "(absent)");
		if (syms[0])
			step_more(s, "%s", syms);
		if (built && fn == 0)
			step_more(s,
				  "the config and the symbols disagree: is the config the running "
				  "kernel's, or is the driver a module not loaded?");
		step_source(s, "%s%s", src ? src : "kernel config",
			    syms[0] ? ", " PATH_PROC_KALLSYMS : "");
		return;
	}
	if (fn < 0 || bind < 0) {
		s = chain_add(c, RULE_KERNEL_SMMU_SVA, "host", IOASID_V_UNKNOWN,
			      "neither the kernel config nor /proc/kallsyms is readable: whether "
			      "CONFIG_ARM_SMMU_V3_SVA is set is unknown");
		step_fix(s, "run as root, or provide /proc/config.gz or /boot/config-RELEASE");
		return;
	}
	if (fn) {
		s = chain_add(c, RULE_KERNEL_SMMU_SVA, "host", IOASID_V_OK,
			      "built: %s (no kernel config readable)", syms);
	} else if (!bind) {
		s = chain_add(c, RULE_KERNEL_SMMU_SVA, "host", IOASID_V_FAIL,
			      "not built: %s: CONFIG_ARM_SMMU_V3_SVA (and the IOMMU_SVA it "
			      "selects) is not set",
			      syms);
	} else {
		/* IOMMU_SVA without the SMMUv3 part, or the driver is a module
		 * not loaded: its symbols are not listed then */
		s = chain_add(c, RULE_KERNEL_SMMU_SVA, "host", IOASID_V_UNKNOWN,
			      "%s: IOMMU_SVA is built, but whether the SMMUv3 driver's SVA part "
			      "is (CONFIG_ARM_SMMU_V3_SVA) is not told",
			      syms);
	}
	step_source(s, PATH_PROC_KALLSYMS);
}

void reason_host_steps(struct reason_facts *f, const struct ioasid_iommu_list *il,
		       struct ioasid_chain *c)
{
	struct ioasid_ctx *ctx = f->ctx;

	if (reason_no_host(ctx)) {
		static const enum reason_rule_id host_rules[] = {
			RULE_FIRMWARE_TABLE, RULE_IOMMU_UNITS, RULE_KERNEL_CONFIG,
			RULE_KERNEL_SVA_X86};

		for (size_t i = 0; i < sizeof(host_rules) / sizeof(host_rules[0]); i++) {
			struct ioasid_step *s =
				chain_add(c, host_rules[i], "host", IOASID_V_UNKNOWN,
					  REASON_NO_HOST " (--pci-dump without --sysroot)");

			step_source(s, "%s", ioasid_ctx_pci_dump(ctx));
		}
		return;
	}
	step_firmware(f, il, c);
	step_units(f, il, c);
	if (il->n) {
		step_config(ctx, il, c);
		step_smmu_sva(ctx, il, c);
		step_sva_x86(ctx, il, c);
		step_iommufd(ctx, c);
	}
}

IOASID_EXPORT int ioasid_host_chain(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
				    struct ioasid_chain *out)
{
	struct ioasid_answer best[3];
	unsigned what[3] = {IOASID_AFFECTS_PASID, IOASID_AFFECTS_SVA, IOASID_AFFECTS_PRQ};

	struct reason_facts f;

	memset(out, 0, sizeof(*out));
	reason_facts_init(&f, ctx);
	reason_host_steps(&f, il, out);
	/* a config-space dump without a host: the units listed are this
	 * machine's, not the dumped device's */
	for (size_t i = 0; i < il->n && !reason_no_host(ctx); i++)
		reason_unit_steps(&f, il, &il->v[i], out);
	reason_facts_free(&f);
	if (has_type(il, IOASID_IOMMU_VTD) && !reason_no_host(ctx))
		step_cpu(ctx, out);
	/* The host can do a thing when one of its units can: the answer is
	 * the best over units (yes > unknown > no), and without units the
	 * host-wide steps decide. */
	for (int k = 0; k < 3; k++) {
		best[k] = ioasid_chain_answer_for(out, what[k], il->n ? il->v[0].name : NULL);
		for (size_t i = 1; i < il->n; i++) {
			struct ioasid_answer a =
				ioasid_chain_answer_for(out, what[k], il->v[i].name);

			if (a.verdict == IOASID_V_OK ||
			    (a.verdict == IOASID_V_UNKNOWN && best[k].verdict == IOASID_V_FAIL))
				best[k] = a;
		}
	}
	chain_fill_fixes(out);
	out->pasid = best[0];
	out->sva = best[1];
	out->prq = best[2];
	return 0;
}
