// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IOMMU groups, /sys/kernel/iommu_groups/N (drivers/iommu/iommu.c):
 *  type  iommu_group_show_type(): "blocked", "identity", "unmanaged",
 *        "DMA", "DMA-FQ", else "unknown"
 *  name  iommu_group_show_name() "%s\n" (only when set)
 *  reserved_regions  iommu_group_show_resv_regions():
 *        "0x%016llx 0x%016llx %s\n" start, end (inclusive), type name from
 *        iommu_group_resv_type_string[]: direct, direct-relaxable,
 *        reserved, msi (IOMMU_RESV_SW_MSI also prints "msi")
 *  devices/  symlinks named after the member devices
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"

static enum ioasid_resv_type resv_type(const char *s)
{
	if (!strcmp(s, "direct"))
		return IOASID_RESV_DIRECT;
	if (!strcmp(s, "direct-relaxable"))
		return IOASID_RESV_DIRECT_RELAXABLE;
	if (!strcmp(s, "reserved"))
		return IOASID_RESV_RESERVED;
	if (!strcmp(s, "msi"))
		return IOASID_RESV_MSI;
	return IOASID_RESV_UNKNOWN;
}

IOASID_EXPORT int ioasid_parse_resv_regions(const char *text, struct ioasid_resv_region **out,
					    size_t *n, size_t *bad)
{
	struct ioasid_resv_region *v = NULL;
	size_t cnt = 0, cap = 0;
	const char *p = text;

	*out = NULL;
	*n = 0;
	*bad = 0;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[160], type[24];
		unsigned long long s, e;
		int used = 0;

		if (len == 0) {
			p = eol ? eol + 1 : NULL;
			continue;
		}
		if (len >= sizeof(line) ||
		    (memcpy(line, p, len), line[len] = '\0',
		     sscanf(line, "0x%llx 0x%llx %23s%n", &s, &e, type, &used) != 3) ||
		    line[used] != '\0' || e < s) {
			(*bad)++;
			p = eol ? eol + 1 : NULL;
			continue;
		}
		if (cnt == cap) {
			struct ioasid_resv_region *nv;

			cap = cap ? cap * 2 : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[cnt].start = s;
		v[cnt].end = e;
		v[cnt].type = resv_type(type);
		snprintf(v[cnt].type_name, sizeof(v[cnt].type_name), "%s", type);
		cnt++;
		p = eol ? eol + 1 : NULL;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static int read_group(struct ioasid_ctx *ctx, struct ioasid_group *g)
{
	char **devs;
	char *text;
	size_t n, bad;
	int rc;

	rc = iopath_read_line(ctx, g->type, sizeof(g->type), PATH_SYS_IOMMU_GROUP_ATTR, g->id,
			      "type");
	g->type_err = rc < 0 ? -rc : 0;
	if (rc < 0)
		g->type[0] = '\0';
	if (iopath_read_line(ctx, g->name, sizeof(g->name), PATH_SYS_IOMMU_GROUP_ATTR, g->id,
			     "name") < 0)
		g->name[0] = '\0';
	rc = iopath_read_all(ctx, &text, NULL, 1 << 20, PATH_SYS_IOMMU_GROUP_ATTR, g->id,
			     "reserved_regions");
	if (rc == 0) {
		rc = ioasid_parse_resv_regions(text, &g->regions, &g->nregions, &bad);
		free(text);
		if (rc == 0 && bad)
			rc = -EINVAL;
	}
	g->regions_err = rc < 0 ? -rc : 0;
	if (iopath_list(ctx, &devs, &n, PATH_SYS_IOMMU_GROUP_ATTR, g->id, "devices") == 0) {
		g->devices = calloc(n ? n : 1, sizeof(*g->devices));
		if (!g->devices) {
			iopath_names_free(devs, n);
			return -ENOMEM;
		}
		for (size_t i = 0; i < n; i++)
			snprintf(g->devices[g->ndevices++], sizeof(*g->devices), "%s", devs[i]);
		iopath_names_free(devs, n);
	}
	return 0;
}

IOASID_EXPORT int ioasid_group_list(struct ioasid_ctx *ctx, struct ioasid_group_list *out)
{
	char **names;
	size_t n;
	int rc;

	*out = (struct ioasid_group_list){0};
	rc = iopath_list_array(ctx, PATH_SYS_IOMMU_GROUPS, true, &names, &n, (void **)&out->v,
			       sizeof(*out->v));
	if (rc != 0)
		return rc < 0 ? rc : 0; /* no iommu_groups directory: none */
	for (size_t i = 0; i < n; i++) {
		uint64_t id;
		struct ioasid_group *g = &out->v[out->n];

		/* only decimal directory names are groups ("%d") */
		if (ioasid_parse_u64(names[i], 10, &id) < 0 || id > UINT32_MAX)
			continue;
		g->id = (unsigned)id;
		rc = read_group(ctx, g);
		if (rc < 0) {
			iopath_names_free(names, n);
			ioasid_group_list_free(out);
			return rc;
		}
		out->n++;
	}
	iopath_names_free(names, n);
	return 0;
}

IOASID_EXPORT void ioasid_group_list_free(struct ioasid_group_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].devices);
		free(l->v[i].regions);
	}
	free(l->v);
	*l = (struct ioasid_group_list){0};
}
