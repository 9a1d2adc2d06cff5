// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AMD-Vi extended features (EFR/EFR2). Bits: drivers/iommu/amd/
 * amd_iommu_types.h FEATURE_*. The sysfs attribute amd-iommu/features
 * changed meaning over time (drivers/iommu/amd/init.c
 * amd_iommu_show_features()):
 *   3.17 .. 5.x  "%llx\n"          iommu->features (EFR)
 *   6.1          "%llx:%llx\n"     iommu->features2, iommu->features (EFR2:EFR)
 *   6.12         "%llx:%llx\n"     amd_iommu_efr, amd_iommu_efr2 (EFR:EFR2,
 *                                  the AND over all units)
 * The kernel's boot line print_iommu_info():
 *   "AMD-Vi: Extended features (%#llx, %#llx):" EFR, EFR2 (6.12)
 *   "AMD-Vi: Extended features (%#llx, %#llx):" features, features2 (6.1)
 * prints EFR first in both, so it tells the order apart.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

static inline bool bit(uint64_t v, unsigned n)
{
	return (v >> n) & 1;
}

IOASID_EXPORT void ioasid_amd_decode(uint64_t efr, uint64_t efr2, struct ioasid_amd_efr *f)
{
	*f = (struct ioasid_amd_efr){.efr = efr, .efr2 = efr2};
	f->pref = bit(efr, 0);
	f->ppr = bit(efr, 1);
	f->x2apic = bit(efr, 2);
	f->nx = bit(efr, 3);
	f->gt = bit(efr, 4);
	f->ia = bit(efr, 6);
	f->ga = bit(efr, 7);
	f->he = bit(efr, 8);
	f->pc = bit(efr, 9);
	f->gats = (unsigned)((efr >> 12) & 3);
	f->glx = (unsigned)((efr >> 14) & 3);
	f->pasmax = (unsigned)((efr >> 32) & 0x1f);
	f->giosup = bit(efr, 48);
	f->hasup = bit(efr, 49);
	f->ephsup = bit(efr, 50);
	f->hdsup = bit(efr, 52);
	f->snp = bit(efr, 63);
	/* init.c iommu_init_pci(): if (check_feature(FEATURE_GT))
	 * max_pasids = (1 << (pasmax + 1)) - 1 */
	f->max_pasids = f->gt ? (1ull << (f->pasmax + 1)) - 1 : 0;
}

IOASID_EXPORT const char *ioasid_amd_features_rule_name(enum ioasid_amd_features_rule r)
{
	switch (r) {
	case IOASID_AMD_FEATURES_SINGLE:
		return "single word (EFR)";
	case IOASID_AMD_FEATURES_BOOT_LINE:
		return "kernel boot line";
	case IOASID_AMD_FEATURES_RELEASE:
		return "kernel release";
	default:
		return "unknown";
	}
}

static int parse_hex(const char *s, size_t len, uint64_t *v)
{
	char buf[24];

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return ioasid_parse_u64(buf, 16, v);
}

IOASID_EXPORT int ioasid_amd_parse_features(const char *text, uint64_t boot_efr, unsigned code,
					    uint64_t *efr, uint64_t *efr2,
					    enum ioasid_amd_features_rule *rule)
{
	size_t len = strcspn(text, "\n");
	const char *colon = memchr(text, ':', len);
	uint64_t a, b;

	*rule = IOASID_AMD_FEATURES_UNKNOWN;
	if (!colon) {
		if (parse_hex(text, len, &a) < 0)
			return -EINVAL;
		*efr = a;
		*efr2 = 0;
		*rule = IOASID_AMD_FEATURES_SINGLE;
		return 0;
	}
	if (parse_hex(text, (size_t)(colon - text), &a) < 0 ||
	    parse_hex(colon + 1, len - (size_t)(colon + 1 - text), &b) < 0)
		return -EINVAL;
	/* The boot line names EFR: whichever word equals it is EFR. 6.12
	 * shows the AND over all units and the boot line prints the same
	 * global value, so equality holds there too. */
	if (boot_efr && (a == boot_efr) != (b == boot_efr)) {
		*efr = a == boot_efr ? a : b;
		*efr2 = a == boot_efr ? b : a;
		*rule = IOASID_AMD_FEATURES_BOOT_LINE;
		return 0;
	}
	/* Verified orders: EFR2:EFR in 6.1, EFR:EFR2 in 6.12. In between the
	 * switch is not pinned to a release: say unknown rather than guess. */
	if (code && code < IOASID_KVER(6, 2, 0)) {
		*efr = b;
		*efr2 = a;
		*rule = IOASID_AMD_FEATURES_RELEASE;
		return 0;
	}
	if (code >= IOASID_KVER(6, 12, 0)) {
		*efr = a;
		*efr2 = b;
		*rule = IOASID_AMD_FEATURES_RELEASE;
		return 0;
	}
	return -ENODATA;
}

IOASID_EXPORT int ioasid_amd_parse_boot_line(const char *line, uint64_t *efr, uint64_t *efr2)
{
	const char *p = strstr(line, "Extended features (");
	char *end;

	if (!p)
		return -ENOENT;
	p += strlen("Extended features (");
	/* "%#llx" prints "0x..." (the kernel's vsprintf even for 0); no
	 * sign or blank, which strtoull would accept */
	if (!isxdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	*efr = strtoull(p, &end, 16);
	if (end == p || errno)
		return -EINVAL;
	*efr2 = 0;
	if (*end == ',') {
		p = end + 1;
		while (*p == ' ')
			p++;
		if (!isxdigit((unsigned char)*p))
			return -EINVAL;
		*efr2 = strtoull(p, &end, 16);
		if (end == p || errno)
			return -EINVAL;
	}
	if (*end != ')')
		return -EINVAL;
	return 0;
}
