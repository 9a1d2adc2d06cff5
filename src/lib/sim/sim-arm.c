// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The emulated Arm platforms: a HiSilicon Kunpeng 920 (Hi1620) server, ACPI
 * and IORT (no device tree), two SMMUv3 units and the on-die ZIP
 * compression engine 0000:75:00.0 (19e5:a250, revision 0x21) with its
 * uacce device, on two kernels:
 *
 *   kunpeng920: 6.12.118 built with SVA: Debian's linux-source-6.12
 *     (6.12.118) configured with the upstream arm64 defconfig's accelerator
 *     options (arch/arm64/configs/defconfig of that source: CONFIG_IKCONFIG_PROC=y
 *     :16, CONFIG_UACCE=m :298, CONFIG_ARM_SMMU_V3=y :1383,
 *     CONFIG_CRYPTO_DEV_HISI_ZIP=m :1704) plus CONFIG_ARM_SMMU_V3_SVA=y as
 *     Fedora's aarch64 kernel sets it (kernel-aarch64-fedora.config of
 *     6.8.2-300.fc40, line 534, github.com/projg2/fedora-kernel-config-for-gentoo
 *     commit 69f6e97d; the same file has CONFIG_UACCE=m, :8889). No
 *     distribution package with exactly these options on a 6.12 kernel was
 *     found: the kernel is the emulated host's own build, osrelease
 *     "6.12.118" (no LOCALVERSION), /proc/config.gz present (IKCONFIG_PROC).
 *   kunpeng920-debian: Debian 12's linux-image-6.12.118+deb12-arm64
 *     (6.12.118-1~deb12u1), whose /boot/config-6.12.118+deb12-arm64 says
 *     "# CONFIG_ARM_SMMU_V3_SVA is not set" (:10220), "# CONFIG_UACCE is not
 *     set" (:2862), "# CONFIG_CRYPTO_DEV_HISI_ZIP is not set" (:12476),
 *     "# CONFIG_IKCONFIG is not set" (:157): no /proc/config.gz, no
 *     hisi_zip driver, no uacce device; CONFIG_IOMMU_SVA is not in the file
 *     (a hidden option nothing selects). The lines rendered below are
 *     copied from that file.
 *
 * SMMUv3 values, from published Kunpeng 920 (D06 board) boot logs:
 *   - "arm-smmu-v3 arm-smmu-v3.0.auto: option mask 0x0", "ias 48-bit, oas
 *     48-bit (features 0x00000fef)", "allocated 65536 entries for cmdq",
 *     "allocated 32768 entries for evtq", no priq line: John Garry
 *     (Huawei), linux-kernel 2019-11-27, "Re: [PATCH v3 09/14] iommu/arm-smmu:
 *     Prevent forced unbinding of Arm SMMU drivers",
 *     <c8eb97b1-dab5-cc25-7669-2819f64a885d@huawei.com>, on a late-2019
 *     kernel (Will Deacon's iommu/module branch) whose ARM_SMMU_FEAT_* bits
 *     0-11 are those of 6.12
 *     (drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h:706-717): 2_LVL_STRTAB,
 *     2_LVL_CDTAB, TT_LE, TT_BE, ATS, SEV, MSI, COHERENCY, TRANS_S1,
 *     TRANS_S2, STALLS; no PRI (bit 4), no HYP (12), no STALL_FORCE.
 *   - the SMMU of the devices under pci0000:74 is
 *     "../../platform/arm-smmu-v3.2.auto/iommu/smmu3.0x0000000140000000":
 *     John Garry, linux-kernel 2020-06-22, "Re: [PATCH v3] driver core:
 *     platform: expose numa_node to users in sysfs",
 *     <dc66d5a7-fa26-4c56-7445-57f99d3a5018@huawei.com>;
 *   - a second unit "smmu3.0x0000000148000000": the example a comment of
 *     openEuler's libkperf gives for its SMMU PMU lookup
 *     (FindSmmuToSmmuPmu(): "smmu3.0x0000000148000000 <->
 *     smmuv3_pmcg_148020"; the file's path was not recorded, and which
 *     Kunpeng generation it names is not said: weaker evidence than the
 *     first); which devices it serves is the emulated host's choice (bus 0,
 *     not rendered); its platform device number 3
 *     likewise (PLATFORM_DEVID_AUTO numbers come from one IDA for all
 *     platform devices, drivers/base/platform.c platform_device_add()).
 * The 6.12 kernel computes the word from the same registers
 * (arm-smmu-v3.c arm_smmu_device_hw_probe(), :4185-4407): those bits, plus
 * NESTING (bit 19: TRANS_S1 and TRANS_S2, :4396-4398; Arm's MMU-600/700
 * errata that clear it do not apply to HiSilicon's implementer,
 * arm_smmu_device_iidr_probe()), plus SVA (bit 17) where
 * arm_smmu_sva_supported() says yes (arm-smmu-v3-sva.c: COHERENCY, 4K
 * pages, oas 48 >= the CPUs' PARange, ASID bits; the emulated host's
 * TaiShan v110 cores are taken to have a 48-bit PARange and 16-bit ASIDs,
 * as the SVA work done on these machines implies): 0x000a0fef on
 * kunpeng920. Debian's kernel has the stub returning false
 * (arm-smmu-v3.h:907), so 0x00080fef. HA/HD come from the IORT on ACPI
 * hosts (arm_smmu_device_acpi_probe()): clear (sim-iort.c). These two words
 * are DERIVED from the 2019 line and the 6.12 source, not read from a 6.12
 * boot. ias 48: 40 with AArch32 tables, else 0 (:4275-4280), then
 * ias = max(ias, oas).
 *
 * The ZIP: "75:00.0 Processing accelerators: Huawei Technologies Co., Ltd.
 * HiSilicon ZIP Engine (rev 21)" (Kunpeng KAE installation guide,
 * gitee.com/kunpengcompute/KAE, docs: "lspci | grep ZIP"), under
 * pci0000:74/0000:74:00.0 (the same guide's /sys/class/uacce listing:
 * "hisi_sec-0 -> ../../devices/pci0000:74/0000:74:01.0/0000:76:00.0/...").
 * Revision 0x21 is QM_HW_V2 (include/linux/hisi_acc_qm.h:123), so
 * quirk_huawei_pcie_sva() (drivers/pci/quirks.c:1966-1991) sets
 * pasid_no_tlp and dma-can-stall. Its config space is the emulated host's
 * own (no published lspci -xxxx was found), built from what the kernel
 * needs: a PCIe capability of a Root Complex integrated Endpoint (the
 * quirk's comment: "a regular old SoC device dressed up as a RCiEP"),
 * MSI (hisi_qm requests PCI_IRQ_MSI vectors), BAR 2 (qm.c PCI_BAR_2), a
 * PASID capability of width 16 (the QM's queue contexts hold a 16-bit
 * PASID, drivers/crypto/hisilicon/qm_common.h:34) enabled at probe on both
 * kernels (arm_smmu_probe_device() -> arm_smmu_enable_pasid(),
 * arm-smmu-v3.c:3336), no ATS and no PRI (the quirk: these devices fault
 * by stalling instead), and SR-IOV with 63 VFs of device 0xa251
 * (zip_main.c PCI_DEVICE_ID_ZIP_VF, HZIP_VF_NUM).
 *
 * uacce (kunpeng920 only; drivers/misc/uacce/uacce.c *_show(), values from
 * drivers/crypto/hisilicon/qm.c hisi_qm_alloc_uacce() for QM_HW_V2): api
 * HISI_QM_API_VER2_BASE "hisi_qm_v2"; flags UACCE_DEV_SVA (1: the QM keeps
 * the uacce device only with SVA); algorithms from zip_dev_algs[] under
 * the V2 bitmap 0xF of ZIP_DEV_ALG_BITMAP (zip_main.c:244): zlib, gzip;
 * region_mmio_size (QM_DOORBELL_PAGE_NR 1 + QM_DOORBELL_SQ_CQ_BASE_V2
 * 0x1000 / 4K) pages = 8192; region_dus_size (4095 + 128 * 1024 + 16 *
 * 1024 + 4096) >> 12 = 37 pages = 151552 (HZIP_SQE_SIZE 128, struct
 * qm_cqe 16 bytes, depth 1024 from QM_QP_DEPTH_CAP 0x4000400);
 * available_instances 64 (pf_q_num's default HZIP_PF_DEF_Q_NUM, none in
 * use); isolate 0, isolate_strategy 0.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

const char *const sim_kunpeng_units[] = {"smmu3.0x0000000140000000", "smmu3.0x0000000148000000",
					 NULL};
static const char *const kp_platdev[] = {"arm-smmu-v3.2.auto", "arm-smmu-v3.3.auto"};
#define ZIP_BDF "0000:75:00.0"
#define ZIP_DIR "sys/devices/pci0000:74/0000:74:00.0/" ZIP_BDF
#define ZIP_GROUP 20

/* The configuration lines a tool about SVA reads; kunpeng920-debian's are
 * copied from config-6.12.118+deb12-arm64, in the file's order. */
static const char deb_config[] =
	"CONFIG_CC_VERSION_TEXT=\"aarch64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0\"\n"
	"# CONFIG_IKCONFIG is not set\n"
	"CONFIG_CGROUP_MISC=y\n"
	"CONFIG_ARM64=y\n"
	"CONFIG_ARM64_4K_PAGES=y\n"
	"CONFIG_ARM64_VA_BITS=52\n"
	"CONFIG_ARM64_PA_BITS=52\n"
	"CONFIG_ACPI=y\n"
	"CONFIG_ACPI_IORT=y\n"
	"CONFIG_PCI=y\n"
	"CONFIG_PCI_MSI=y\n"
	"CONFIG_PCI_ATS=y\n"
	"CONFIG_PCI_PRI=y\n"
	"CONFIG_PCI_PASID=y\n"
	"# CONFIG_UACCE is not set\n"
	"CONFIG_IOMMU_API=y\n"
	"CONFIG_IOMMU_SUPPORT=y\n"
	"CONFIG_IOMMU_DEFAULT_DMA_STRICT=y\n"
	"# CONFIG_IOMMU_DEFAULT_DMA_LAZY is not set\n"
	"# CONFIG_IOMMU_DEFAULT_PASSTHROUGH is not set\n"
	"CONFIG_IOMMU_DMA=y\n"
	"CONFIG_ARM_SMMU=y\n"
	"CONFIG_ARM_SMMU_V3=y\n"
	"# CONFIG_ARM_SMMU_V3_SVA is not set\n"
	"# CONFIG_CRYPTO_DEV_HISI_SEC2 is not set\n"
	"# CONFIG_CRYPTO_DEV_HISI_ZIP is not set\n"
	"# CONFIG_CRYPTO_DEV_HISI_HPRE is not set\n";

/* kunpeng920's build: the same with IKCONFIG_PROC, UACCE, the ZIP driver
 * and SVA (ARM_SMMU_V3_SVA selects IOMMU_SVA and IOMMU_IOPF,
 * drivers/iommu/Kconfig:405-409; HISI_ZIP selects HISI_QM) */
static const char sva_config[] =
	"CONFIG_CC_VERSION_TEXT=\"gcc (Debian 12.2.0-14+deb12u1) 12.2.0\"\n"
	"CONFIG_IKCONFIG=y\n"
	"CONFIG_IKCONFIG_PROC=y\n"
	"CONFIG_CGROUP_MISC=y\n"
	"CONFIG_ARM64=y\n"
	"CONFIG_ARM64_4K_PAGES=y\n"
	"CONFIG_ARM64_VA_BITS=48\n"
	"CONFIG_ARM64_PA_BITS=48\n"
	"CONFIG_ACPI=y\n"
	"CONFIG_ACPI_IORT=y\n"
	"CONFIG_PCI=y\n"
	"CONFIG_PCI_MSI=y\n"
	"CONFIG_PCI_ATS=y\n"
	"CONFIG_PCI_PRI=y\n"
	"CONFIG_PCI_PASID=y\n"
	"CONFIG_UACCE=m\n"
	"CONFIG_IOMMU_IOPF=y\n"
	"CONFIG_IOMMU_API=y\n"
	"CONFIG_IOMMU_SUPPORT=y\n"
	"CONFIG_IOMMU_DEFAULT_DMA_STRICT=y\n"
	"# CONFIG_IOMMU_DEFAULT_DMA_LAZY is not set\n"
	"# CONFIG_IOMMU_DEFAULT_PASSTHROUGH is not set\n"
	"CONFIG_IOMMU_DMA=y\n"
	"CONFIG_IOMMU_SVA=y\n"
	"CONFIG_ARM_SMMU=y\n"
	"CONFIG_ARM_SMMU_V3=y\n"
	"CONFIG_ARM_SMMU_V3_SVA=y\n"
	"CONFIG_CRYPTO_DEV_HISI_QM=m\n"
	"CONFIG_CRYPTO_DEV_HISI_SEC2=m\n"
	"CONFIG_CRYPTO_DEV_HISI_ZIP=m\n"
	"CONFIG_CRYPTO_DEV_HISI_HPRE=m\n";

/* /proc/config.gz (kernel/configs.c: the gzip of the .config): gzip
 * written by libarchive's raw format, no timestamp so that every
 * generation and sim check render the same bytes */
static int gzip_buf(const char *text, size_t len, struct sim_buf *out)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t cap = len + 4096, used = 0;
	char *buf = malloc(cap);
	int rc = -ENOMEM;

	if (!a || !e || !buf)
		goto out;
	rc = -EIO;
	if (archive_write_set_format_raw(a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open_memory(a, buf, cap, &used) != ARCHIVE_OK)
		goto out;
	archive_entry_set_pathname(e, "config");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_size(e, (la_int64_t)len);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    archive_write_data(a, text, len) != (la_ssize_t)len ||
	    archive_write_close(a) != ARCHIVE_OK)
		goto out;
	out->len = 0;
	rc = sim_buf_add(out, buf, used);
out:
	if (e)
		archive_entry_free(e);
	if (a)
		archive_write_free(a);
	free(buf);
	return rc;
}

/* The ZIP's 4096-byte configuration space (see the top of the file). */
static void zip_config(unsigned char *c)
{
#define W16(o, v) (c[(o)] = (unsigned char)((v)&0xff), c[(o) + 1] = (unsigned char)((v) >> 8))
#define W32(o, v) (W16((o), (v)&0xffff), W16((o) + 2, (unsigned)(v) >> 16))
	memset(c, 0, 4096);
	W16(0x00, 0x19e5);     /* vendor: Huawei */
	W16(0x02, 0xa250);     /* device: ZIP PF */
	W16(0x04, 0x0406);     /* command: memory, bus master, INTx disabled */
	W16(0x06, 0x0010);     /* status: capability list */
	c[0x08] = 0x21;	       /* revision: QM_HW_V2 */
	c[0x0b] = 0x12;	       /* class: processing accelerator 0x1200, prog-if 0 */
	W32(0x18, 0x0000000c); /* BAR 2: 64-bit prefetchable memory */
	W32(0x1c, 0x00000020); /* at 0x2000000000 */
	W16(0x2c, 0x19e5);     /* subsystem vendor */
	c[0x34] = 0x40;	       /* capabilities */
	/* 0x40 PCI Express (id 0x10), version 2, type 9 (RCiEP) */
	c[0x40] = 0x10, c[0x41] = 0x80;
	W16(0x42, 0x0092);
	/* 0x80 MSI (id 5): 64-bit, per-vector mask, 32 vectors capable, 4
	 * enabled (multiple message enable 2), enabled */
	c[0x80] = 0x05, c[0x81] = 0x00;
	W16(0x82, 0x01ab);
	/* 0x100 PASID (ext id 0x1b, version 1, next 0x200): width 16, no
	 * execute or privileged mode; control: enabled */
	W32(0x100, 0x2001001b);
	W16(0x104, 16 << 8);
	W16(0x106, 0x0001);
	/* 0x200 SR-IOV (ext id 0x10, version 1, last): 63 VFs of 0xa251,
	 * none enabled; first VF offset 1, stride 1 */
	W32(0x200, 0x00010010);
	W16(0x20c, 63); /* InitialVFs */
	W16(0x20e, 63); /* TotalVFs */
	W16(0x214, 1);	/* First VF Offset */
	W16(0x216, 1);	/* VF Stride */
	W16(0x21a, 0xa251);
#undef W32
#undef W16
}

static int kernel_files(const struct sim_platform *pf, int root, char *banner, size_t blen)
{
	char path[256];
	struct sim_buf gz = {0};
	int rc;

	/* fs/proc/version.c linux_proc_banner; Debian's identity as in
	 * sim-platform.c (its arm64 config has no PREEMPT_DYNAMIC:
	 * "# CONFIG_PREEMPT_DYNAMIC is not set", :116); the own build's
	 * UTS_VERSION is the kernel's default "#1 SMP <date>" */
	if (pf->sva_built)
		snprintf(banner, blen,
			 "Linux version %s (root@kunpeng920) (%s, GNU ld (GNU Binutils for "
			 "Debian) 2.40) #1 SMP %s",
			 pf->osrelease, pf->compiler, pf->builddate);
	else
		snprintf(banner, blen,
			 "Linux version %s (debian-kernel@lists.debian.org) (%s, GNU ld (GNU "
			 "Binutils for Debian) 2.40) #1 SMP Debian %s (%s)",
			 pf->osrelease, pf->compiler, pf->pkgver, pf->builddate);
	rc = sim_printf(root, "proc/sys/kernel/osrelease", "%s\n", pf->osrelease);
	rc = rc ?: sim_printf(root, "proc/version", "%s\n", banner);
	rc = rc
		     ?: sim_printf(root, "proc/cmdline",
				   "BOOT_IMAGE=/boot/vmlinuz-%s root=/dev/sda2 ro\n",
				   pf->osrelease);
	snprintf(path, sizeof(path), "boot/config-%s", pf->osrelease);
	if (pf->sva_built) {
		rc = rc ?: sim_write(root, path, sva_config, strlen(sva_config));
		rc = rc ?: gzip_buf(sva_config, strlen(sva_config), &gz);
		rc = rc ?: sim_write(root, "proc/config.gz", gz.p, gz.len);
		free(gz.p);
	} else {
		rc = rc ?: sim_write(root, path, deb_config, strlen(deb_config));
	}
	/* arch/arm64/kernel/cpuinfo.c c_show(): TaiShan v110 cores,
	 * implementer 0x48 (ARM_CPU_IMP_HISI), part 0xd01
	 * (HISI_CPU_PART_TSV110), arch/arm64/include/asm/cputype.h; the
	 * feature list is the emulated host's (ARMv8.2 features) */
	if (!rc) {
		struct sim_buf ci = {0};
		char line[400];

		for (unsigned c = 0; !rc && c < pf->ncpus; c++) {
			int n = snprintf(
				line, sizeof(line),
				"processor\t: %u\nBogoMIPS\t: 200.00\nFeatures\t: fp asimd "
				"evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp "
				"cpuid asimdrdm jscvt fcma dcpop asimddp asimdfhm\n"
				"CPU implementer\t: 0x48\nCPU architecture: 8\nCPU "
				"variant\t: 0x1\nCPU part\t: 0xd01\nCPU revision\t: 0\n\n",
				c);

			rc = sim_buf_add(&ci, line, (size_t)n);
		}
		rc = rc ?: sim_write(root, "proc/cpuinfo", ci.p, ci.len);
		free(ci.p);
	}
	return rc;
}

static int kmsg(struct sim_buf *b, unsigned level, unsigned *seq, unsigned long long usec,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int kmsg(struct sim_buf *b, unsigned level, unsigned *seq, unsigned long long usec,
		const char *fmt, ...)
{
	char msg[400], line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* kernel/printk/printk.c devkmsg_read(): "%u,%llu,%llu,%c;" level,
	 * seq, usec, flags, then the text */
	n = snprintf(line, sizeof(line), "%u,%u,%llu,-;%s\n", level, (*seq)++, usec, msg);
	return sim_buf_add(b, line, (size_t)n);
}

static int kernel_log(const struct sim_platform *pf, int root, const char *banner)
{
	struct sim_buf km = {0};
	unsigned seq = 0;
	int rc;

	/* init/main.c start_kernel(): the banner (KERN_NOTICE) and "Kernel
	 * command line: %s" */
	rc = kmsg(&km, 5, &seq, 0, "%s", banner);
	rc = rc
		     ?: kmsg(&km, 5, &seq, 0,
			     "Kernel command line: BOOT_IMAGE=/boot/vmlinuz-%s "
			     "root=/dev/sda2 ro",
			     pf->osrelease);
	for (unsigned u = 0; !rc && u < 2; u++) {
		const char *dev = kp_platdev[u];
		unsigned long long t = 8182981ull + 120000ull * u;

		/* arm-smmu-v3.c: dev_notice "option mask 0x%x\n" (:4458),
		 * dev_info "ias %lu-bit, oas %lu-bit (features 0x%08x)\n"
		 * (:4405), arm_smmu_init_one_queue() "allocated %u entries for
		 * %s\n" (:3590); no PRI, so no priq */
		rc = kmsg(&km, 5, &seq, t, "arm-smmu-v3 %s: option mask 0x0", dev);
		rc = rc
			     ?: kmsg(&km, 6, &seq, t + 5575,
				     "arm-smmu-v3 %s: ias 48-bit, oas 48-bit (features 0x%08x)",
				     dev, pf->sva_built ? 0x000a0fefu : 0x00080fefu);
		rc = rc
			     ?: kmsg(&km, 6, &seq, t + 13807,
				     "arm-smmu-v3 %s: allocated 65536 entries for cmdq", dev);
		rc = rc
			     ?: kmsg(&km, 6, &seq, t + 20991,
				     "arm-smmu-v3 %s: allocated 32768 entries for evtq", dev);
	}
	/* drivers/iommu/iommu.c __iommu_group_add_device(): "Adding to iommu
	 * group %d\n" (:1199) before a driver binds, hence the "pci" prefix */
	rc = rc
		     ?: kmsg(&km, 6, &seq, 35196445, "pci " ZIP_BDF ": Adding to iommu group %d",
			     ZIP_GROUP);
	rc = rc ?: sim_write(root, "dev/kmsg", km.p, km.len);
	free(km.p);
	return rc;
}

static int smmu_units(int root)
{
	char path[256], target[256];
	int rc = 0;

	for (unsigned u = 0; !rc && sim_kunpeng_units[u]; u++) {
		/* drivers/iommu/iommu-sysfs.c iommu_device_sysfs_add(): the unit
		 * under its platform device, its class link, devices/ */
		snprintf(path, sizeof(path), "sys/devices/platform/%s/iommu/%s/devices",
			 kp_platdev[u], sim_kunpeng_units[u]);
		rc = sim_mkdirs(root, path);
		snprintf(path, sizeof(path), "sys/class/iommu/%s", sim_kunpeng_units[u]);
		snprintf(target, sizeof(target), "../../devices/platform/%s/iommu/%s",
			 kp_platdev[u], sim_kunpeng_units[u]);
		rc = rc ?: sim_symlink(root, target, path);
		rc = rc ?: sim_mkdirs(root, "sys/bus/platform/drivers/arm-smmu-v3");
		snprintf(path, sizeof(path), "sys/devices/platform/%s/driver", kp_platdev[u]);
		rc = rc ?: sim_symlink(root, "../../../bus/platform/drivers/arm-smmu-v3", path);
	}
	return rc;
}

static int zip_function(const struct sim_platform *pf, int root)
{
	unsigned char cfg[4096];
	char path[256];
	int rc;

	zip_config(cfg);
	rc = sim_pci_function(root, ZIP_DIR, cfg);
	rc = rc
		     ?: sim_symlink(root, "../../../devices/pci0000:74/0000:74:00.0/" ZIP_BDF,
				    "sys/bus/pci/devices/" ZIP_BDF);
	/* the unit's devices/ link and the function's iommu link
	 * (iommu_device_link()) */
	rc = rc
		     ?: sim_symlink(root, "../../../../../pci0000:74/0000:74:00.0/" ZIP_BDF,
				    "sys/devices/platform/arm-smmu-v3.2.auto/iommu/"
				    "smmu3.0x0000000140000000/devices/" ZIP_BDF);
	rc = rc
		     ?: sim_symlink(root,
				    "../../../platform/arm-smmu-v3.2.auto/iommu/"
				    "smmu3.0x0000000140000000",
				    ZIP_DIR "/iommu");
	snprintf(path, sizeof(path), "../../../../kernel/iommu_groups/%d", ZIP_GROUP);
	rc = rc ?: sim_symlink(root, path, ZIP_DIR "/iommu_group");
	snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%d/devices/" ZIP_BDF, ZIP_GROUP);
	rc = rc ?: sim_symlink(root, "../../../../devices/pci0000:74/0000:74:00.0/" ZIP_BDF, path);
	/* iommu_group_show_type(): "DMA\n" (IOMMU_DEFAULT_DMA_STRICT) */
	snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%d/type", ZIP_GROUP);
	rc = rc ?: sim_printf(root, path, "DMA\n");
	if (rc || !pf->sva_built)
		return rc;
	/* hisi_zip bound, its uacce device (see the top of the file) */
	rc = sim_mkdirs(root, "sys/bus/pci/drivers/hisi_zip");
	rc = rc ?: sim_symlink(root, "../../../../../bus/pci/drivers/hisi_zip", ZIP_DIR "/driver");
	{
		static const char *const attrs[][2] = {
			{"api", "hisi_qm_v2"},
			{"flags", "1"},
			{"available_instances", "64"},
			{"algorithms", "zlib\ngzip"},
			{"region_mmio_size", "8192"},
			{"region_dus_size", "151552"},
			{"isolate", "0"},
			{"isolate_strategy", "0"},
		};
		for (size_t i = 0; !rc && i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			snprintf(path, sizeof(path), ZIP_DIR "/uacce/hisi_zip-0/%s", attrs[i][0]);
			rc = sim_printf(root, path, "%s\n", attrs[i][1]);
		}
	}
	rc = rc ?: sim_symlink(root, "../../../" ZIP_BDF, ZIP_DIR "/uacce/hisi_zip-0/device");
	rc = rc
		     ?: sim_symlink(root,
				    "../../devices/pci0000:74/0000:74:00.0/" ZIP_BDF
				    "/uacce/hisi_zip-0",
				    "sys/class/uacce/hisi_zip-0");
	return rc;
}

int sim_arm_kunpeng_render(const struct sim_platform *pf, int root, struct ioasid_error *err)
{
	struct sim_buf iort = {0};
	char banner[400];
	int rc = kernel_files(pf, root, banner, sizeof(banner));

	rc = rc ?: kernel_log(pf, root, banner);
	/* drivers/acpi/sysfs.c: the table's bytes as the firmware gave them */
	rc = rc ?: sim_acpi_iort_kunpeng(&iort);
	rc = rc ?: sim_write(root, "sys/firmware/acpi/tables/IORT", iort.p, iort.len);
	free(iort.p);
	rc = rc ?: smmu_units(root);
	rc = rc ?: zip_function(pf, root);
	if (rc)
		return sim_seterr(err, -rc, pf->name, "cannot write: %s", strerror(-rc));
	return 0;
}
