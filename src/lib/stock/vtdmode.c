// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Does the kernel run VT-d in scalable mode? The kernel does not export
 * intel_iommu_sm, so derive it the way drivers/iommu/intel/iommu.c sets it:
 *   int intel_iommu_sm = IS_ENABLED(CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON);
 *   intel_iommu_setup(): each "intel_iommu=" option list, left to right,
 *     "sm_on" -> 1, "sm_off" -> 0 (strncmp prefix match, ',' separated)
 *   6.1 only: intel_iommu_init_pasid_allocator() clears it after
 *     "Custom PASID allocator failed, scalable mode disabled".
 * Evidence order: that log line, then the command line, then the config.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "stock/kconfig.h"

/* Returns 1 (sm_on), 0 (sm_off) or -1 (not mentioned); copies the deciding
 * parameter into ev. */
static int cmdline_sm(const char *cmdline, char *ev, size_t evlen)
{
	const char *p = cmdline;
	int sm = -1;

	while (*p) {
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		len = strcspn(p, " \t");
		if (len > 12 && !strncmp(p, "intel_iommu=", 12)) {
			const char *o = p + 12, *end = p + len;

			while (o < end) {
				size_t olen = strcspn(o, ",");

				if (o + olen > end)
					olen = (size_t)(end - o);
				if (olen >= 5 && !strncmp(o, "sm_on", 5)) {
					sm = 1;
					snprintf(ev, evlen, "%.*s", (int)len, p);
				} else if (olen >= 6 && !strncmp(o, "sm_off", 6)) {
					sm = 0;
					snprintf(ev, evlen, "%.*s", (int)len, p);
				}
				o += olen;
				while (o < end && *o == ',')
					o++;
			}
		}
		p += len;
	}
	return sm;
}

IOASID_EXPORT int ioasid_vtd_mode(struct ioasid_ctx *ctx, struct ioasid_vtd_mode *m)
{
	const char *cmdline, *val, *src, *line;
	int sm, rc;

	*m = (struct ioasid_vtd_mode){.sm = IOASID_UNKNOWN};
	line = ioasid_kernel_log_find(ctx, "Custom PASID allocator failed, scalable mode disabled");
	if (line) {
		m->sm = IOASID_NO;
		snprintf(m->rule, sizeof(m->rule), "kernel log");
		snprintf(m->evidence, sizeof(m->evidence), "%s", line);
		return 0;
	}
	if (ioasid_kernel_cmdline(ctx, &cmdline) == 0) {
		sm = cmdline_sm(cmdline, m->evidence, sizeof(m->evidence));
		if (sm >= 0) {
			m->sm = sm ? IOASID_YES : IOASID_NO;
			snprintf(m->rule, sizeof(m->rule), "kernel command line");
			return 0;
		}
	}
	rc = kcfg_read(ctx, KCFG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON, &val, &src);
	if (rc == 0) {
		m->sm = val && !strcmp(val, "y") ? IOASID_YES : IOASID_NO;
		snprintf(m->rule, sizeof(m->rule), "kernel config");
		snprintf(m->evidence, sizeof(m->evidence),
			 "%s: CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=%s", src,
			 val ? val : "(absent: default off)");
		return 0;
	}
	snprintf(m->rule, sizeof(m->rule), "none");
	snprintf(m->evidence, sizeof(m->evidence),
		 "no sm_on/sm_off on the command line and no kernel config readable");
	return -ENODATA;
}
