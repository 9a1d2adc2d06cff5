// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Arm SMMUv3 units. The kernel exports no register of an SMMUv3 in sysfs
 * (the class device "smmu3.%pa" of arm-smmu-v3.c arm_smmu_device_probe(),
 * 6.1 :3942, 6.12 :4699, has no attributes); what it knows of the unit it
 * prints once, at the end of arm_smmu_device_hw_probe() (6.1 :3727,
 * 6.12 :4405):
 *   dev_info(smmu->dev, "ias %lu-bit, oas %lu-bit (features 0x%08x)\n",
 *            smmu->ias, smmu->oas, smmu->features);
 * which the log shows as "arm-smmu-v3 <dev>: ias ...": the driver name,
 * the platform device's name, the text. smmu->features is the word of
 * ARM_SMMU_FEAT_* bits (arm-smmu-v3.h; 6.1 :629-648 has bits 0-19, 6.12
 * :706-728 adds ATTR_TYPES_OVR, HA, HD at 20-22), decoded per series; a
 * release outside those series is not decoded ("unknown").
 * ARM_SMMU_FEAT_SVA (bit 17) is the driver's own verdict: hw_probe() sets
 * it only when arm_smmu_sva_supported() says yes (6.1 :3724, 6.12 :4402),
 * and that is a stub returning false without CONFIG_ARM_SMMU_V3_SVA
 * (arm-smmu-v3.h 6.1 :771, 6.12 :907).
 * The SubstreamID width (smmu->ssid_bits, IDR1.SSIDSIZE) is printed
 * nowhere and exported nowhere: max_pasids stays unknown.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "ioasid-acpi.h"
#include "ioasid-dt.h"
#include "ioasid-kernel.h"
#include "stock/smmu3.h"

/* ARM_SMMU_FEAT_* by bit, lowercase without the prefix. */
static const char *const feat_6_1[] = {
	/* 6.1 arm-smmu-v3.h :629-648 */
	"2_lvl_strtab", "2_lvl_cdtab", "tt_le",	   "tt_be",    "pri",	 "ats",	    "sev",
	"msi",		"coherency",   "trans_s1", "trans_s2", "stalls", "hyp",	    "stall_force",
	"vax",		"range_inv",   "btm",	   "sva",      "e2h",	 "nesting",
};
static const char *const feat_6_12[] = {
	/* 6.12 arm-smmu-v3.h :706-728 */
	"2_lvl_strtab", "2_lvl_cdtab", "tt_le",
	"tt_be",	"pri",	       "ats",
	"sev",		"msi",	       "coherency",
	"trans_s1",	"trans_s2",    "stalls",
	"hyp",		"stall_force", "vax",
	"range_inv",	"btm",	       "sva",
	"e2h",		"nesting",     "attr_types_ovr",
	"ha",		"hd",
};

static const char *const *table_of(const char *table, unsigned *n)
{
	if (table && !strcmp(table, "6.1")) {
		*n = sizeof(feat_6_1) / sizeof(feat_6_1[0]);
		return feat_6_1;
	}
	if (table && !strcmp(table, "6.12")) {
		*n = sizeof(feat_6_12) / sizeof(feat_6_12[0]);
		return feat_6_12;
	}
	*n = 0;
	return NULL;
}

IOASID_EXPORT const char *ioasid_smmu3_table(unsigned code)
{
	/* the two series whose headers were read (6.1.192, 6.12.118); a
	 * kernel in between or after may have moved a bit. Keyed by series,
	 * not by the patch level read: a stable release takes bug fixes and
	 * device IDs only (Documentation/process/stable-kernel-rules.rst :15),
	 * never a new ARM_SMMU_FEAT_* bit */
	if ((code & ~0xffu) == IOASID_KVER(6, 1, 0))
		return "6.1";
	if ((code & ~0xffu) == IOASID_KVER(6, 12, 0))
		return "6.12";
	return NULL;
}

IOASID_EXPORT unsigned ioasid_smmu3_feature_names(uint32_t features, const char *table,
						  const char **names, unsigned max)
{
	static const char *const bitn[32] = {
		"bit0",	 "bit1",  "bit2",  "bit3",  "bit4",  "bit5",  "bit6",  "bit7",
		"bit8",	 "bit9",  "bit10", "bit11", "bit12", "bit13", "bit14", "bit15",
		"bit16", "bit17", "bit18", "bit19", "bit20", "bit21", "bit22", "bit23",
		"bit24", "bit25", "bit26", "bit27", "bit28", "bit29", "bit30", "bit31",
	};
	unsigned nt, k = 0;
	const char *const *t = table_of(table, &nt);

	for (unsigned b = 0; b < 32; b++) {
		if (!(features >> b & 1))
			continue;
		if (k < max)
			names[k] = t && b < nt ? t[b] : bitn[b];
		k++;
	}
	return k;
}

IOASID_EXPORT int ioasid_smmu3_feature_bit(const char *table, const char *name)
{
	unsigned nt;
	const char *const *t = table_of(table, &nt);

	for (unsigned b = 0; t && b < nt; b++)
		if (!strcmp(t[b], name))
			return (int)b;
	return -1;
}

/* "%lu-bit" at *p: the number, *p past "-bit". */
static int bits_at(const char **p, unsigned *v)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)**p))
		return -EINVAL;
	errno = 0;
	n = strtoul(*p, &end, 10);
	if (errno || n > 64 || strncmp(end, "-bit", 4))
		return -EINVAL;
	*v = (unsigned)n;
	*p = end + 4;
	return 0;
}

IOASID_EXPORT int ioasid_smmu3_parse_boot_line(const char *line, struct ioasid_smmu3_line *out)
{
	static const char drv[] = "arm-smmu-v3 ";
	const char *p = line, *dev, *colon;
	unsigned long long w;
	char *end;
	size_t n;

	*out = (struct ioasid_smmu3_line){0};
	if (strncmp(p, drv, sizeof(drv) - 1))
		return -EINVAL;
	dev = p + sizeof(drv) - 1;
	colon = strstr(dev, ": ias ");
	n = colon ? (size_t)(colon - dev) : 0;
	if (!n || n >= sizeof(out->dev) || memchr(dev, ' ', n) || memchr(dev, '/', n))
		return -EINVAL;
	memcpy(out->dev, dev, n);
	p = colon + 6;
	if (bits_at(&p, &out->ias) || strncmp(p, ", oas ", 6))
		return -EINVAL;
	p += 6;
	if (bits_at(&p, &out->oas) || strncmp(p, " (features 0x", 13))
		return -EINVAL;
	p += 13;
	if (!isxdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	w = strtoull(p, &end, 16);
	/* "%08x" of an u32: at most 8 digits */
	if (errno || end - p > 8 || w > UINT32_MAX || *end != ')')
		return -EINVAL;
	out->features = (uint32_t)w;
	return 0;
}

/* The device's name from the class entry's link: iommu_device_sysfs_add()
 * (iommu-sysfs.c) makes the unit a child of the SMMU's platform device,
 * so /sys/class/iommu/smmu3.0x... -> ../../devices/platform/<dev>/iommu/
 * smmu3.0x.... 0 and the name, or -errno. */
static int parent_name(struct ioasid_ctx *ctx, const char *unit, char *buf, size_t len)
{
	char target[512];
	const char *end, *start;
	int rc;

	rc = iopath_readlink(ctx, target, sizeof(target), PATH_SYS_IOMMU_UNIT, unit);
	if (rc < 0)
		return rc;
	end = strstr(target, "/iommu/");
	if (!end)
		return -ENOENT;
	for (start = end; start > target && start[-1] != '/';)
		start--;
	if (end == start || (size_t)(end - start) >= len)
		return -ENOENT;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
	return 0;
}

/* of_device_make_bus_id() names a device tree node's device "%llx.%pOFn"
 * by its translated reg address (6.1 drivers/of/platform.c :94, 6.12
 * drivers/of/device.c :308): 1 when dev is that of base. */
static bool dt_name_is(const char *dev, uint64_t base)
{
	const char *dot = strchr(dev, '.');
	uint64_t a;
	char hex[24];

	if (!dot || dot == dev || (size_t)(dot - dev) >= sizeof(hex))
		return false;
	snprintf(hex, sizeof(hex), "%.*s", (int)(dot - dev), dev);
	return ioasid_parse_u64(hex, 16, &a) == 0 && a == base;
}

/*
 * ACPI hosts name the SMMUv3 platform devices "arm-smmu-v3.N.auto":
 * iort_init_platform_devices() (drivers/acpi/arm64/iort.c, 6.12 :1910,
 * 6.1 :1901) walks the IORT nodes in table order and
 * iort_add_platform_device() allocates each with PLATFORM_DEVID_AUTO
 * (6.12 :1799, 6.1 :1790), whose ids rise in creation order (drivers/base/platform.c
 * platform_device_add(): ida_alloc()). So the k-th smallest N among the
 * boot lines is the k-th SMMUv3 node of the IORT, when the counts agree.
 * Returns the index of the line of base in lines (the parsed ones), or -1.
 */
static int iort_index(const struct ioasid_acpi_iort *t, uint64_t base,
		      const struct ioasid_smmu3_line *lines, unsigned n)
{
	unsigned node = 0, nodes = 0, k;
	int found = -1;

	for (unsigned i = 0; i < t->nnodes; i++) {
		if (t->nodes[i].type != IOASID_IORT_NODE_SMMU3)
			continue;
		if (t->nodes[i].u.smmu3.base == base && found < 0) {
			found = 0;
			node = nodes;
		}
		nodes++;
	}
	if (found < 0 || nodes != n || t->cut)
		return -1;
	/* the line whose N has exactly node smaller ones */
	for (unsigned i = 0; i < n; i++) {
		unsigned ni, nj, smaller = 0;

		if (sscanf(lines[i].dev, "arm-smmu-v3.%u.auto", &ni) != 1)
			return -1;
		for (unsigned j = 0; j < n; j++) {
			if (sscanf(lines[j].dev, "arm-smmu-v3.%u.auto", &nj) != 1)
				return -1;
			if (j != i && nj == ni)
				return -1; /* the same device twice: not one line each */
			smaller += nj < ni;
		}
		k = smaller;
		if (k == node)
			return (int)i;
	}
	return -1;
}

/* One answer from several root complexes: theirs when all agree. */
static void rc_vote(enum ioasid_tristate *t, bool *first, bool ats)
{
	enum ioasid_tristate v = ats ? IOASID_YES : IOASID_NO;

	if (*first)
		*t = v;
	else if (*t != v)
		*t = IOASID_UNKNOWN;
	*first = false;
}

/* IORT: the SMMUv3 node of this base; the root complexes' ATS_SUPPORTED
 * (iort.c iort_pci_rc_supports_ats()). Unreadable (non-root) or
 * malformed: nothing is known. */
static void firmware_iort(struct ioasid_ctx *ctx, struct ioasid_smmu3 *s, bool have_base,
			  uint64_t base)
{
	struct ioasid_acpi_iort *t = malloc(sizeof(*t));
	bool first = true;

	if (!t || ioasid_acpi_read_iort(ctx, t) < 0) {
		free(t);
		return;
	}
	for (unsigned i = 0; i < t->nnodes; i++) {
		const struct ioasid_iort_node *k = &t->nodes[i];

		if (k->type == IOASID_IORT_NODE_SMMU3 && have_base && k->u.smmu3.base == base)
			s->firmware_node = true;
		if (k->type != IOASID_IORT_NODE_RC)
			continue;
		rc_vote(&s->rc_ats, &first, k->u.rc.ats_attribute & 1);
		if (s->nrc < sizeof(s->rc) / sizeof(s->rc[0])) {
			s->rc[s->nrc].segment = k->u.rc.segment;
			s->rc[s->nrc++].ats = k->u.rc.ats_attribute & 1;
		}
	}
	free(t);
}

/* iort.c iort_iommu_configure_id() (6.12 :1329, 6.1 :1329): the root
 * complex of a PCI device is the first IORT node of that type whose
 * pci_segment_number is pci_domain_nr() of its bus (iort_scan_node() with
 * iort_match_node_callback(), 6.12 :313, 6.1 :312); IOMMU_FWSPEC_PCI_RC_ATS
 * comes from that node alone (:1338). A table cut short of the device's
 * node (more than the 16 kept) falls back to the host-wide vote. */
IOASID_EXPORT enum ioasid_tristate ioasid_smmu3_dev_rc_ats(const struct ioasid_smmu3 *s,
							   uint32_t domain)
{
	for (unsigned i = 0; i < s->nrc; i++)
		if (s->rc[i].segment == domain)
			return s->rc[i].ats ? IOASID_YES : IOASID_NO;
	return s->rc_ats;
}

/* Device tree: the arm,smmu-v3 node of this base; the PCIe hosts'
 * ats-supported (of_iommu.c of_pci_check_device_ats()). */
static void firmware_dt(struct ioasid_ctx *ctx, struct ioasid_smmu3 *s, bool have_base,
			uint64_t base)
{
	struct ioasid_dt *t = malloc(sizeof(*t));
	bool first = true;

	if (!t || ioasid_dt_read(ctx, t) < 0) {
		free(t);
		return;
	}
	for (unsigned i = 0; i < t->nsmmu3; i++)
		if (have_base && !t->smmu3[i].base_err && t->smmu3[i].base == base)
			s->firmware_node = true;
	for (unsigned i = 0; i < t->npcie; i++)
		rc_vote(&s->rc_ats, &first, t->pcie[i].ats_supported);
	free(t);
}

static void decode(struct ioasid_smmu3 *s)
{
	int b;
	enum ioasid_tristate *dst[] = {&s->sva,	   &s->ats,	    &s->pri,
				       &s->stalls, &s->stall_force, &s->coherent};
	static const char *const names[] = {"sva",    "ats",	     "pri",
					    "stalls", "stall_force", "coherency"};

	for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++) {
		*dst[i] = IOASID_UNKNOWN;
		if (s->line_err || !s->table)
			continue;
		b = ioasid_smmu3_feature_bit(s->table, names[i]);
		if (b >= 0)
			*dst[i] = s->line.features >> b & 1 ? IOASID_YES : IOASID_NO;
	}
}

/* Fill u->smmu3: the boot line matched to the unit by its platform
 * device (the class link), else by the device tree name's address, else
 * the only line of the only unit (nsmmu: SMMUv3 units in the class). */
void ioasid_smmu3_read(struct ioasid_ctx *ctx, struct ioasid_iommu *u, unsigned nsmmu)
{
	struct ioasid_smmu3 *s = &u->smmu3;
	struct ioasid_smmu3_line l, only;
	const char *const *lines = NULL;
	char parent[64] = "";
	unsigned code = 0, nlines = 0;
	uint64_t base = 0;
	size_t n = 0;
	bool have_base;

	*s = (struct ioasid_smmu3){.line_err = ENODATA};
	memset(&only, 0, sizeof(only));
	have_base = !u->address_err && ioasid_parse_u64(u->address, 16, &base) == 0;
	parent_name(ctx, u->name, parent, sizeof(parent));
	if (ioasid_kernel_log(ctx, &lines, &n) < 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		if (ioasid_smmu3_parse_boot_line(lines[i], &l) < 0)
			continue;
		nlines++;
		only = l;
		/* the last line of the device wins (a re-probe prints again) */
		if (parent[0] && !strcmp(l.dev, parent)) {
			s->line = l;
			s->line_err = 0;
			snprintf(s->match, sizeof(s->match), "sysfs parent");
		} else if (s->line_err && have_base && dt_name_is(l.dev, base)) {
			s->line = l;
			s->line_err = 0;
			snprintf(s->match, sizeof(s->match), "unit address");
		}
	}
	if (s->line_err && have_base && nlines > 0 && nlines <= 64) {
		struct ioasid_acpi_iort *t = malloc(sizeof(*t));
		struct ioasid_smmu3_line *all = calloc(nlines, sizeof(*all));
		unsigned k = 0;
		int idx;

		for (size_t i = 0; t && all && i < n; i++)
			if (ioasid_smmu3_parse_boot_line(lines[i], &all[k]) == 0)
				k++;
		if (t && all && ioasid_acpi_read_iort(ctx, t) == 0 &&
		    (idx = iort_index(t, base, all, k)) >= 0) {
			s->line = all[idx];
			s->line_err = 0;
			snprintf(s->match, sizeof(s->match), "iort order");
		}
		free(t);
		free(all);
	}
	if (s->line_err && nlines == 1 && nsmmu == 1) {
		s->line = only;
		s->line_err = 0;
		snprintf(s->match, sizeof(s->match), "only unit");
	}
	if (!s->line_err) {
		ioasid_kernel_version_code(ctx, &code);
		s->table = ioasid_smmu3_table(code);
	}
	decode(s);
	/* the firmware that described the unit: IORT on ACPI hosts
	 * (drivers/acpi/arm64/iort.c), else the device tree */
	s->rc_ats = IOASID_UNKNOWN;
	if (iopath_access(ctx, PATH_SYS_ACPI_TABLE, "IORT") == 0) {
		s->firmware = "iort";
		firmware_iort(ctx, s, have_base, base);
	} else if (iopath_access(ctx, PATH_SYS_DEVICETREE_BASE) == 0) {
		s->firmware = "devicetree";
		firmware_dt(ctx, s, have_base, base);
	}
}
