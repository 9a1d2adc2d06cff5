// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Stock files of the emulated host's platforms: what a real SVA server
 * shows under /sys and /proc, each in the format of the kernel function
 * named next to it, with register values of real hardware (the boot line
 * each comes from is cited). Written once into generation 1; later
 * generations hard-link them.
 *
 * spr-dsa: an Intel Sapphire Rapids server, Debian's kernel booted with
 * intel_iommu=on,sm_on, one DSA 1.0 (8086:0b25) at 0000:6a:01.0
 * behind dmar1, whose config space is the real lspci dump of
 * tests/data/pci/pri-pasid.dump (ATS, PASID, PRI capabilities).
 *
 * VT-d registers, from a real SPR boot log (intel-device-plugins-for-
 * kubernetes issue #1836, an M50FCP board, 2024-09-17):
 *   "DMAR: dmar0: reg_base_addr d97fc000 ver 6:0 cap 19ed008c40780c66
 *    ecap 3ee9e86f050df"
 * (tests/unit/test_vtd.c decodes the same ecap from another SPR: SMTS=1,
 * PSS=19, but PASID (bit 40) = 0 and PRS (bit 29) = 0: the BIOS of both
 * machines left PASID off, and that host's idxd said "Unable to turn on
 * user SVA feature"). Two machines follow from it:
 *
 * spr-dsa-pasid-off: exactly that machine. The kernel calls
 *   intel_iommu_enable_prq() only when pasid_supported() && ecap_prs()
 *   (drivers/iommu/intel/iommu.c init_dmars()), so there is no dmarN-prq
 *   interrupt and no page request can arrive; idxd's pasid_enabled is 0.
 *
 * spr-dsa (the default; hardware able to do SVA, and spr-dsa-6.12.63,
 *   spr-dsa-6.1 the same machine on other kernels): the same register
 *   with the BIOS's PASID switch on, i.e. ecap bits PASID (40) and PRS (29) set:
 *   3ef9ea6f050df. This value is DERIVED, not read from a machine: the
 *   same issue shows a second SPR node (tkatila, 2024-09-18) with DSA
 *   pasid_enabled 1 and the idxd lines used below, but its DMAR line was
 *   not published. PRS is implied: idxd user SVA needs IOPF, which VT-d
 *   offers only with a page-request queue. The cap register already has
 *   what intel_svm_check() needs (FL1GP bit 56 for pdpe1gb; FL5LP bit 60),
 *   and ecap has FLTS (47) and SMPWC (48).
 *
 * The kernel each platform runs, and with it whether SVA works
 * (reason/kfacts.c KFACT_X86_SVA_OFF: iommu_sva_bind_device() returns
 * -EOPNOTSUPP on x86 from 6.12.64, Debian 6.12.69-1 the first package):
 *
 *   spr-dsa, spr-dsa-pasid-off: Debian's current bookworm kernel,
 *     linux-6.12 6.12.118-1~deb12u1 (bookworm-security, Ben Hutchings,
 *     Sat, 28 Nov 2026; changelog.Debian.gz of linux-source-6.12): SVA off.
 *   spr-dsa-6.12.63: the same machine on the last bookworm-backports
 *     kernel before the switch-off, linux 6.12.63-1~bpo12+1 ("Rebuild for
 *     bookworm-backports", Ben Hutchings, Fri, 02 Jan 2026; its trixie
 *     upload 6.12.63-1 merged stable ChangeLog-6.12.58..63, and
 *     "iommu: disable SVA when CONFIG_X86 is set" is first listed under
 *     ChangeLog-6.12.64 in 6.12.69-1): SVA works.
 *   spr-dsa-6.1: the same machine on Debian 12's own series, linux
 *     6.1.192-3 (bookworm-security, Salvatore Bonaccorso, Thu, 26 Nov 2026;
 *     changelog.Debian.gz of linux-source-6.1), ABI 6.1.0-57 as the 6.1
 *     guest of tests/data/vm prints it: osrelease carries no stable
 *     release, only /proc/version does. The switch-off is in 6.1.163+
 *     (6.1.164-1 the first package): SVA off. (No pre-switch-off 6.1
 *     platform: since 6.1.148-1 the ABI number is generated and no
 *     changelog entry names the one of 6.1.162-1.)
 * The 6.12 osrelease is Debian's ABI name "<upstream>+deb12-amd64" (the packaging
 * puts the target release in it since 6.12.33-1, "Include target Debian
 * release number in ABI name"); /proc/version is fs/proc/version.c
 * version_proc_show(): linux_proc_banner "%s version %s (%s@%s) (%s) %s",
 * with Debian's build identity and compiler, and UTS_VERSION "#1 SMP
 * PREEMPT_DYNAMIC Debian <package version> (<changelog date>)" (Debian
 * sets KBUILD_BUILD_VERSION_TIMESTAMP so); the compiler part is the one
 * the guests of tests/data/vm print (6.12.118 and 6.1.192).
 *
 * The firmware's DMAR table: sim-acpi.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "sim/sim-pcidump.h"

static const char *const spr_units[] = {"dmar0", "dmar1", NULL};
/* dmarN (fault) is irq N, dmarN-prq irq N+1 */
static const unsigned spr_prq_irq[] = {24, 26};

/* lspci -x hex lines -> binary config space (4096 bytes) */
static int dump_to_config(const char *text, unsigned char *cfg, size_t len)
{
	const char *p = text;

	memset(cfg, 0, len);
	while (*p) {
		char *end;
		unsigned long off = strtoul(p, &end, 16);

		if (*end != ':')
			return -EINVAL;
		p = end + 1;
		for (unsigned i = 0; i < 16; i++) {
			unsigned long b = strtoul(p, &end, 16);

			if (end == p || off + i >= len)
				return -EINVAL;
			cfg[off + i] = (unsigned char)b;
			p = end;
		}
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return 0;
}

/* The offset of extended capability id in a 4096-byte config space, or 0
 * (drivers/pci/pci.c pci_find_next_ext_capability(): a header of id (15:0),
 * version (19:16), next (31:20) at 0x100 and on). */
static unsigned ext_cap(const unsigned char *cfg, unsigned id)
{
	for (unsigned off = 0x100, n = 0; off >= 0x100 && off < 4096 - 4 && n < 480; n++) {
		unsigned h = cfg[off] | cfg[off + 1] << 8 | cfg[off + 2] << 16 |
			     (unsigned)cfg[off + 3] << 24;

		if ((h & 0xffff) == id)
			return off;
		off = (h >> 20) & 0xffc;
	}
	return 0;
}

/*
 * What idxd_probe() leaves in the DSA's PRI capability when user SVA is on:
 * idxd_enable_sva() enables IOMMU_DEV_FEAT_IOPF first, and 6.12
 * intel_iommu_enable_iopf() (intel/iommu.c:4188) calls pci_enable_pri(pdev,
 * PRQ_DEPTH): drivers/pci/ats.c:260-266 writes min(max requests, PRQ_DEPTH
 * = (0x1000 << 4) >> 5 = 2048) into the allocation register (PRI + 0x0c)
 * and sets the enable bit of the control register (PRI + 4). The device
 * then clears Stopped (status bit 8, PRI + 6), which the PCIe spec defines
 * only while Enable is clear. The dump the config space comes from was
 * taken with PRI off.
 */
static void pri_enable_like_idxd(unsigned char *cfg)
{
	unsigned pri = ext_cap(cfg, 0x13), max, alloc;

	if (!pri)
		return;
	max = cfg[pri + 8] | cfg[pri + 9] << 8 | cfg[pri + 10] << 16 |
	      (unsigned)cfg[pri + 11] << 24;
	alloc = max < 2048 ? max : 2048;
	for (unsigned i = 0; i < 4; i++)
		cfg[pri + 12 + i] = (unsigned char)(alloc >> (8 * i));
	cfg[pri + 4] |= 1;
	cfg[pri + 7] &= (unsigned char)~1u;
}

int sim_pci_function(int root, const char *dir, const unsigned char *cfg)
{
	char path[256];
	int rc;

	/* drivers/pci/pci-sysfs.c: vendor/device "0x%04x\n", class
	 * "0x%06x\n", revision "0x%02x\n", config (binary, 4096 bytes for
	 * PCIe) */
	snprintf(path, sizeof(path), "%s/vendor", dir);
	rc = sim_printf(root, path, "0x%02x%02x\n", cfg[1], cfg[0]);
	snprintf(path, sizeof(path), "%s/device", dir);
	rc = rc ?: sim_printf(root, path, "0x%02x%02x\n", cfg[3], cfg[2]);
	snprintf(path, sizeof(path), "%s/class", dir);
	rc = rc ?: sim_printf(root, path, "0x%02x%02x%02x\n", cfg[11], cfg[10], cfg[9]);
	snprintf(path, sizeof(path), "%s/revision", dir);
	rc = rc ?: sim_printf(root, path, "0x%02x\n", cfg[8]);
	snprintf(path, sizeof(path), "%s/config", dir);
	return rc ?: sim_write(root, path, cfg, 4096);
}

static int kmsg_line(struct sim_buf *b, unsigned seq, unsigned long long usec, const char *msg)
{
	char line[512];
	/* kernel/printk/printk.c devkmsg_read() / info_print_ext_header():
	 * "%u,%llu,%llu,%c;" level, seq, usec, flags, then the text */
	int n = snprintf(line, sizeof(line), "6,%u,%llu,-;%s\n", seq, usec, msg);

	return sim_buf_add(b, line, (size_t)n);
}

static int spr_render(const struct sim_platform *pf, int root, struct ioasid_error *err)
{
	static const char cap[] = "19ed008c40780c66";
	const char *ecap = pf->prq ? "3ef9ea6f050df" : "3ee9e86f050df";
	static const char *const base[] = {"d97fc000", "e17fc000"};
	static const char bdf[] = "0000:6a:01.0";
	unsigned char cfg[4096];
	const char *rel = pf->osrelease;
	struct sim_buf km = {0}, ci = {0}, dmar = {0};
	char path[256], line[512], banner[400];
	int rc;

	snprintf(banner, sizeof(banner),
		 "Linux version %s (debian-kernel@lists.debian.org) (%s, GNU ld (GNU "
		 "Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian %s (%s)",
		 rel, pf->compiler, pf->pkgver, pf->builddate);
	rc = sim_printf(root, "proc/sys/kernel/osrelease", "%s\n", rel);
	rc = rc ?: sim_printf(root, "proc/version", "%s\n", banner);
	/* drivers/acpi/sysfs.c: the table's bytes as the firmware gave them */
	rc = rc ?: sim_acpi_dmar_spr(&dmar);
	rc = rc ?: sim_write(root, "sys/firmware/acpi/tables/DMAR", dmar.p, dmar.len);
	free(dmar.p);
	/* no5lvl: 4-level paging, so intel_svm_check() does not need FL5LP */
	rc = rc
		     ?: sim_printf(root, "proc/cmdline",
				   "BOOT_IMAGE=/boot/vmlinuz-%s root=/dev/sda2 ro "
				   "intel_iommu=on,sm_on iommu=pt no5lvl\n",
				   rel);
	/* Debian's configuration, the IOMMU/SVA/idxd lines: the same in
	 * config-6.12.118+deb12-amd64 and config-6.1.0-57-amd64 (the kernels
	 * tests/vm boots), Debian's default-on option included */
	snprintf(path, sizeof(path), "boot/config-%s", rel);
	rc = rc
		     ?: sim_printf(
				root, path,
				"CONFIG_X86_64=y\nCONFIG_PCI_ATS=y\nCONFIG_PCI_PRI=y\n"
				"CONFIG_PCI_PASID=y\nCONFIG_IOMMU_SUPPORT=y\nCONFIG_IOMMU_SVA=y\n"
				"CONFIG_DMAR_TABLE=y\nCONFIG_INTEL_IOMMU=y\n"
				"CONFIG_INTEL_IOMMU_SVM=y\n"
				"# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
				"CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y\n"
				"# CONFIG_INTEL_IOMMU_DEFAULT_OFF is not set\n"
				"CONFIG_INTEL_IOMMU_FLOPPY_WA=y\n"
				"CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=y\n"
				"CONFIG_IRQ_REMAP=y\nCONFIG_INTEL_IDXD=m\nCONFIG_INTEL_IDXD_BUS=m\n"
				"CONFIG_INTEL_IDXD_SVM=y\nCONFIG_INTEL_IDXD_PERFMON=y\n"
				"CONFIG_CGROUP_MISC=y\n");
	/* arch/x86/kernel/cpu/proc.c show_cpuinfo(): "flags\t\t: " list */
	for (unsigned c = 0; !rc && c < pf->ncpus; c++) {
		int n = snprintf(line, sizeof(line),
				 "processor\t: %u\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
				 "model\t\t: 143\nmodel name\t: Intel(R) Xeon(R) Gold 6448H\n"
				 "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge "
				 "mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm "
				 "pbe syscall nx pdpe1gb rdtscp lm constant_tsc x2apic avx2 "
				 "enqcmd movdiri movdir64b\n\n",
				 c);
		rc = sim_buf_add(&ci, line, (size_t)n);
	}
	rc = rc ?: sim_write(root, "proc/cpuinfo", ci.p, ci.len);
	/* the kernel log: the boot lines ioasidctl cites, after start_kernel()'s
	 * banner (init/version-timestamp.c linux_banner, level 5: KERN_NOTICE) */
	snprintf(line, sizeof(line), "5,0,0,-;%s\n", banner);
	rc = rc ?: sim_buf_add(&km, line, strlen(line));
	snprintf(line, sizeof(line),
		 "Command line: BOOT_IMAGE=/boot/vmlinuz-%s root=/dev/sda2 ro "
		 "intel_iommu=on,sm_on iommu=pt no5lvl",
		 rel);
	rc = rc ?: kmsg_line(&km, 1, 0, line);
	rc = rc ?: kmsg_line(&km, 2, 37393, "DMAR: IOMMU enabled");
	rc = rc ?: kmsg_line(&km, 3, 37395, "DMAR: Enable scalable mode if hardware supports");
	for (unsigned u = 0; !rc && spr_units[u]; u++) {
		const char *name = spr_units[u];

		/* drivers/iommu/intel/dmar.c alloc_iommu(): "%s: reg_base_addr
		 * %llx ver %d:%d cap %llx ecap %llx" */
		snprintf(line, sizeof(line), "DMAR: %s: reg_base_addr %s ver 6:0 cap %s ecap %s",
			 name, base[u], cap, ecap);
		rc = kmsg_line(&km, 4 + u, 166047 + 20 * u, line);
		/* drivers/iommu/intel/iommu.c intel_iommu_groups: version
		 * "%d:%d\n", address "%llx\n", cap/ecap "%llx\n",
		 * domains_supported/used "%ld\n"/"%d\n" */
		snprintf(path, sizeof(path), "sys/devices/virtual/iommu/%s/intel-iommu/cap", name);
		rc = rc ?: sim_printf(root, path, "%s\n", cap);
		snprintf(path, sizeof(path), "sys/devices/virtual/iommu/%s/intel-iommu/ecap", name);
		rc = rc ?: sim_printf(root, path, "%s\n", ecap);
		snprintf(path, sizeof(path), "sys/devices/virtual/iommu/%s/intel-iommu/version",
			 name);
		rc = rc ?: sim_printf(root, path, "6:0\n");
		snprintf(path, sizeof(path), "sys/devices/virtual/iommu/%s/intel-iommu/address",
			 name);
		rc = rc ?: sim_printf(root, path, "%s\n", base[u]);
		snprintf(path, sizeof(path),
			 "sys/devices/virtual/iommu/%s/intel-iommu/domains_supported", name);
		rc = rc ?: sim_printf(root, path, "65536\n");
		snprintf(path, sizeof(path),
			 "sys/devices/virtual/iommu/%s/intel-iommu/domains_used", name);
		rc = rc ?: sim_printf(root, path, "%u\n", u ? 2u : 1u);
		snprintf(path, sizeof(path), "sys/devices/virtual/iommu/%s/devices", name);
		rc = rc ?: sim_mkdirs(root, path);
		snprintf(path, sizeof(path), "sys/class/iommu/%s", name);
		snprintf(line, sizeof(line), "../../devices/virtual/iommu/%s", name);
		rc = rc ?: sim_symlink(root, line, path);
	}
	rc = rc ?: kmsg_line(&km, 6, 1359839, "DMAR: dmar1: Using Queued invalidation");
	rc = rc ?: kmsg_line(&km, 7, 12818021, "idxd 0000:6a:01.0: enabling device (0144 -> 0146)");
	/* drivers/dma/idxd/init.c idxd_probe(): with PASID, user SVA is on and
	 * in-kernel DMA with PASID is not (the PASID-on node's line); without
	 * PASID, iommu_dev_enable_feature(SVA) fails (the M50FCP's line) */
	rc = rc
		     ?: kmsg_line(
				&km, 8, 12818139,
				pf->prq ? "idxd 0000:6a:01.0: No in-kernel DMA with PASID."
					: "idxd 0000:6a:01.0: Unable to turn on user SVA feature.");
	rc = rc
		     ?: kmsg_line(&km, 9, 12841209,
				  "idxd 0000:6a:01.0: Intel(R) Accelerator Device (v100)");
	rc = rc ?: sim_write(root, "dev/kmsg", km.p, km.len);
	free(km.p);
	free(ci.p);
	if (rc)
		return sim_seterr(err, -rc, "platform spr-dsa", "cannot write: %s", strerror(-rc));

	/* the DSA: drivers/pci/pci-sysfs.c vendor/device "0x%04x\n", class
	 * "0x%06x\n", config (binary, 4096 bytes for PCIe) */
	rc = dump_to_config(sim_dsa_dump, cfg, sizeof(cfg));
	if (!rc && pf->prq)
		pri_enable_like_idxd(cfg);
	snprintf(path, sizeof(path), "sys/devices/pci0000:6a/%s", bdf);
	rc = rc ?: sim_pci_function(root, path, cfg);
	rc = rc
		     ?: sim_symlink(root, "../../../devices/pci0000:6a/0000:6a:01.0",
				    "sys/bus/pci/devices/0000:6a:01.0");
	rc = rc ?: sim_mkdirs(root, "sys/bus/pci/drivers/idxd");
	rc = rc
		     ?: sim_symlink(root, "../../../bus/pci/drivers/idxd",
				    "sys/devices/pci0000:6a/0000:6a:01.0/driver");
	rc = rc
		     ?: sim_symlink(root, "../../virtual/iommu/dmar1",
				    "sys/devices/pci0000:6a/0000:6a:01.0/iommu");
	rc = rc
		     ?: sim_symlink(root, "../../../../devices/pci0000:6a/0000:6a:01.0",
				    "sys/devices/virtual/iommu/dmar1/devices/0000:6a:01.0");
	rc = rc
		     ?: sim_symlink(root, "../../../kernel/iommu_groups/12",
				    "sys/devices/pci0000:6a/0000:6a:01.0/iommu_group");
	rc = rc
		     ?: sim_symlink(root, "../../../../devices/pci0000:6a/0000:6a:01.0",
				    "sys/kernel/iommu_groups/12/devices/0000:6a:01.0");
	rc = rc ?: sim_printf(root, "sys/kernel/iommu_groups/12/type", "DMA\n");
	/* idxd (drivers/dma/idxd/sysfs.c, as tests/data/sva/mk-fixture.sh):
	 * the device dsa0 and one dedicated user WQ */
	rc = rc ?: sim_printf(root, "sys/module/idxd/parameters/sva", "Y\n");
	rc = rc ?: sim_mkdirs(root, "sys/bus/dsa/drivers/idxd");
	rc = rc ?: sim_mkdirs(root, "sys/bus/dsa/drivers/user");
	rc = rc
		     ?: sim_symlink(root, "../../../devices/pci0000:6a/0000:6a:01.0/dsa0",
				    "sys/bus/dsa/devices/dsa0");
	rc = rc
		     ?: sim_symlink(root, "../../../../bus/dsa/drivers/idxd",
				    "sys/devices/pci0000:6a/0000:6a:01.0/dsa0/driver");
	{
		static const char *const attrs[][2] = {
			{"version", "0x100"},
			{"max_groups", "4"},
			{"max_work_queues", "8"},
			{"max_work_queues_size", "128"},
			{"max_engines", "4"},
			{"numa_node", "0"},
			{"max_batch_size", "1024"},
			{"max_transfer_size", "2147483648"},
			{"op_cap", "00000000,00000000,00000000,00000000,00000000,00000000,"
				   "00000001,003f03ff"},
			{"gen_cap", "0xc15f001f"},
			{"configurable", "1"},
			{"clients", "0"},
			{"state", "enabled"},
			{"cdev_major", "238"},
			{"cmd_status", "0x0"},
			{"errors", "00000000,00000000,00000000,00000000,00000000,00000000,"
				   "00000000,00000000"},
		};
		for (size_t i = 0; !rc && i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			snprintf(path, sizeof(path), "sys/devices/pci0000:6a/%s/dsa0/%s", bdf,
				 attrs[i][0]);
			rc = sim_printf(root, path, "%s\n", attrs[i][1]);
		}
		/* drivers/dma/idxd/sysfs.c pasid_enabled_show(): "%u\n" */
		snprintf(path, sizeof(path), "sys/devices/pci0000:6a/%s/dsa0/pasid_enabled", bdf);
		rc = rc ?: sim_printf(root, path, "%d\n", pf->prq ? 1 : 0);
	}
	{
		static const char *const wq[][2] = {
			{"clients", "0"},
			{"state", "enabled"},
			{"group_id", "0"},
			{"mode", "dedicated"},
			{"size", "16"},
			{"priority", "10"},
			{"block_on_fault", "0"},
			{"threshold", "0"},
			{"type", "user"},
			{"name", "vm-sva"},
			{"cdev_minor", "0"},
			{"ats_disable", "0"},
			{"prs_disable", "0"},
			{"driver_name", "user"},
			{"max_transfer_size", "2097152"},
		};
		for (size_t i = 0; !rc && i < sizeof(wq) / sizeof(wq[0]); i++) {
			snprintf(path, sizeof(path), "sys/devices/pci0000:6a/%s/dsa0/wq0.0/%s", bdf,
				 wq[i][0]);
			rc = sim_printf(root, path, "%s\n", wq[i][1]);
		}
		rc = rc
			     ?: sim_symlink(root,
					    "../../../devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.0",
					    "sys/bus/dsa/devices/wq0.0");
		rc = rc
			     ?: sim_symlink(
					root, "../../../../../bus/dsa/drivers/user",
					"sys/devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.0/driver");
		rc = rc
			     ?: sim_printf(root,
					   "sys/devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.0/"
					   "dsa!wq0.0/dev",
					   "238:0\n");
		rc = rc
			     ?: sim_symlink(root,
					    "../../../devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.0/"
					    "dsa!wq0.0",
					    "sys/bus/dsa/devices/dsa!wq0.0");
	}
	if (rc)
		return sim_seterr(err, -rc, "platform spr-dsa", "cannot write: %s", strerror(-rc));
	return 0;
}

/* Debian's kernels (see the top of this file): the current bookworm ones,
 * and the last bookworm-backports one before the x86 SVA switch-off; the
 * compilers as the guests of tests/data/vm print them */
#define GCC_6_12 "x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"
#define GCC_6_1 "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"
#define DEB_6_12_118 "6.12.118+deb12-amd64", GCC_6_12, "6.12.118-1~deb12u1", "2026-11-28"
#define DEB_6_12_63 "6.12.63+deb12-amd64", GCC_6_12, "6.12.63-1~bpo12+1", "2026-01-02"
#define DEB_6_1_192 "6.1.0-57-amd64", GCC_6_1, "6.1.192-3", "2026-11-26"
/* sim-arm.c: Debian's arm64 kernel (its CONFIG_CC_VERSION_TEXT), and the
 * emulated host's own 6.12.118 build with SVA (date: the kernel's default
 * UTS_VERSION, `date` at build time) */
#define DEB_ARM_6_12_118                                                                           \
	"6.12.118+deb12-arm64", "aarch64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0",      \
		"6.12.118-1~deb12u1", "2026-11-28"
#define OWN_ARM_6_12_118                                                                           \
	"6.12.118", "gcc (Debian 12.2.0-14+deb12u1) 12.2.0", NULL, "Sun Nov 29 10:12:31 UTC 2026"

static const struct sim_platform platforms[] = {
	{"spr-dsa",
	 "Sapphire Rapids, BIOS PASID on, 2 VT-d units with page requests, DSA 1.0 at "
	 "0000:6a:01.0, Debian 6.12.118: SVA switched off on x86 (6.12.64+)",
	 spr_render, spr_units, spr_prq_irq, 16, true, DEB_6_12_118, true, NULL},
	{"spr-dsa-6.12.63",
	 "the same machine on Debian's 6.12.63 (bookworm-backports), before the x86 SVA "
	 "switch-off: the DSA can use SVA",
	 spr_render, spr_units, spr_prq_irq, 16, true, DEB_6_12_63, true, NULL},
	{"spr-dsa-6.1",
	 "the same machine on Debian 12's own kernel 6.1.192 (osrelease 6.1.0-57-amd64 "
	 "names no stable release: /proc/version does): SVA switched off (6.1.163+)",
	 spr_render, spr_units, spr_prq_irq, 16, true, DEB_6_1_192, true, NULL},
	{"spr-dsa-pasid-off",
	 "the same with the BIOS's PASID switch off (the real boot line's ecap): no PASID, "
	 "no page requests",
	 spr_render, spr_units, spr_prq_irq, 16, false, DEB_6_12_118, true, NULL},
	{"kunpeng920",
	 "Kunpeng 920, ACPI/IORT, 2 SMMUv3 units (stall, no PRI), HiSilicon ZIP 19e5:a250 rev 21 "
	 "at 0000:75:00.0 with uacce, on a 6.12.118 kernel built with ARM_SMMU_V3_SVA and UACCE: "
	 "SVA yes",
	 sim_arm_kunpeng_render, sim_kunpeng_units, NULL, 16, false, OWN_ARM_6_12_118, true,
	 "qemu-system-aar"},
	{"kunpeng920-debian",
	 "the same machine on Debian 12's 6.12.118 arm64 kernel, built without "
	 "CONFIG_ARM_SMMU_V3_SVA, CONFIG_UACCE and the ZIP driver: SVA no",
	 sim_arm_kunpeng_render, sim_kunpeng_units, NULL, 16, false, DEB_ARM_6_12_118, false,
	 "qemu-system-aar"},
};

const struct sim_platform *sim_platform_find(const char *name)
{
	for (size_t i = 0; i < sizeof(platforms) / sizeof(platforms[0]); i++)
		if (!strcmp(platforms[i].name, name))
			return &platforms[i];
	return NULL;
}

IOASID_EXPORT const char *const *ioasid_sim_platforms(void)
{
	static const char *const names[] = {
		"spr-dsa",    "spr-dsa-6.12.63",   "spr-dsa-6.1", "spr-dsa-pasid-off",
		"kunpeng920", "kunpeng920-debian", NULL};

	return names;
}
