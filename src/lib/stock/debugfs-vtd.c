// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * VT-d page request queue registers from debugfs
 * /sys/kernel/debug/iommu/intel/iommu_regset (CONFIG_INTEL_IOMMU_DEBUGFS;
 * distribution kernels usually lack it), drivers/iommu/intel/debugfs.c
 * iommu_regset_show(), the same in 6.1 and 6.12:
 *   "IOMMU: %s Register Base Address: %llx\n"
 *   "Name\t\t\tOffset\t\tContents\n"
 *   "%-16s\t0x%02x\t\t0x%016llx\n" per register (32-bit ones first: ...
 *   PRS 0xdc ...; then 64-bit: ... PQH 0xc0, PQT 0xc8, PQA 0xd0 ...)
 *   "\n" after each IOMMU; "IOMMU: Invalid base address\n" ends the file
 *   when a unit has none.
 * Page request queue (iommu.h; svm.c in 6.1, prq.c in 6.12): PQA holds the
 * queue base and in bits 2:0 its size order (PRQ_ORDER 4: 64 KiB); each
 * descriptor is 32 bytes; PRQ_RING_MASK = (0x1000 << order) - 0x20.
 * PRS bit 1 is PRO (DMA_PRS_PRO, page request overflow).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "stock/prq-parse.h"

static void set_reg(struct ioasid_vtd_prq_regs *u, const char *name, unsigned long long v)
{
	if (!strcmp(name, "PQH")) {
		u->pqh = v;
		u->have |= 1;
	} else if (!strcmp(name, "PQT")) {
		u->pqt = v;
		u->have |= 2;
	} else if (!strcmp(name, "PQA")) {
		u->pqa = v;
		u->have |= 4;
	} else if (!strcmp(name, "PRS") && v <= UINT32_MAX) {
		u->prs = (uint32_t)v;
		u->have |= 8;
	}
}

int ioasid_parse_vtd_regset(const char *text, struct ioasid_vtd_prq_regs **out, size_t *n,
			    size_t *bad)
{
	struct ioasid_vtd_prq_regs *v = NULL, *cur = NULL;
	size_t cnt = 0, cap = 0;
	const char *p = text;

	*out = NULL;
	*n = 0;
	*bad = 0;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[256], name[32];
		unsigned long long base, val;
		unsigned off;
		int used = 0;

		if (len == 0 || len >= sizeof(line)) {
			*bad += len != 0;
			p = eol ? eol + 1 : NULL;
			continue;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = eol ? eol + 1 : NULL;
		if (!strncmp(line, "IOMMU: ", 7)) {
			char unit[32];

			if (sscanf(line, "IOMMU: %31s Register Base Address: %llx%n", unit, &base,
				   &used) != 2 ||
			    line[used] != '\0') {
				(*bad)++;
				cur = NULL;
				continue;
			}
			if (cnt == cap) {
				struct ioasid_vtd_prq_regs *nv;

				cap = cap ? cap * 2 : 4;
				nv = realloc(v, cap * sizeof(*v));
				if (!nv) {
					free(v);
					return -ENOMEM;
				}
				v = nv;
			}
			cur = &v[cnt++];
			memset(cur, 0, sizeof(*cur));
			snprintf(cur->iommu, sizeof(cur->iommu), "%s", unit);
			continue;
		}
		if (!strcmp(line, "Name\t\t\tOffset\t\tContents"))
			continue;
		/* a register row: name, offset, 16 hex digits */
		if (!cur || sscanf(line, "%31s 0x%x 0x%llx%n", name, &off, &val, &used) != 3 ||
		    line[used] != '\0' || !isupper((unsigned char)name[0])) {
			(*bad)++;
			continue;
		}
		set_reg(cur, name, val);
	}
	*out = v;
	*n = cnt;
	return 0;
}

int ioasid_vtd_prq_pending(const struct ioasid_vtd_prq_regs *r, uint64_t *pending)
{
	uint64_t mask;

	if ((r->have & 7) != 7)
		return -EINVAL;
	if (r->pqa == 0)
		return -ENODATA;
	/* PQA bits 2:0: queue size 2^order 4 KiB pages (VT-d spec 11.4.11.3) */
	mask = (0x1000ull << (r->pqa & 7)) - 0x20;
	*pending = ((r->pqt - r->pqh) & mask) / 32;
	return 0;
}
