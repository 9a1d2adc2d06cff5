// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a dump carries beyond what the commands read: the facts someone
 * debugging a PASID problem asks for first. Everything is read through the
 * path layer, so it is recorded (or its errno is) like any other read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "core/record.h"
#include "dump/dump.h"

/* Drivers whose parameters decide PASID use: intel_iommu / amd_iommu
 * (e.g. sm_on is a boot option, but amd_iommu has "amd_iommu_dump"...),
 * iommu (passthrough, strict), idxd (sva), vfio and iommufd. */
static const char *const modules[] = {
	"intel_iommu", "amd_iommu", "amd_iommu_v2", "iommu", "idxd", "vfio", "vfio_pci", "iommufd",
};

/* ACPI tables that describe the IOMMUs: DMAR (VT-d), IVRS (AMD-Vi), IORT
 * (Arm SMMUv3, read by stock/smmu3.c for the unit's firmware). Root
 * only (0400): a non-root dump records EACCES. */
static const char *const acpi_tables[] = {"DMAR", "IVRS", "IORT"};

static void read_file(struct ioasid_ctx *ctx, size_t max, const char *path)
{
	char *text = NULL;

	iopath_read_all(ctx, &text, NULL, max, "%s", path);
	free(text);
}

/* The stored genl dumps' directories (ioasid-abi(7), SIM-FORMAT.md). */
static const char *const genl_dumps[] = {"GET_IOASID", "GET_BINDING", "GET_SET"};

/* The processes the extension's records name (ascending, no repeats). */
struct pids {
	long *v;
	size_t n, cap;
};

static void pid_add(struct pids *p, long pid)
{
	size_t lo = 0, hi = p->n;

	if (pid <= 0)
		return;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->v[mid] == pid)
			return;
		if (p->v[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		long *nv = realloc(p->v, cap * sizeof(*nv));

		if (!nv)
			return; /* that pid's cgroup is not recorded: the replay says so */
		p->v = nv;
		p->cap = cap;
	}
	memmove(&p->v[lo + 1], &p->v[lo], (p->n - lo) * sizeof(*p->v));
	p->v[lo] = pid;
	p->n++;
}

static int rec_pid(const struct ioasid_ext_rec *r, void *arg)
{
	if (r->has_pid)
		pid_add(arg, (long)r->pid);
	return 0;
}

/* Read one part of a stored genl dump whole, so the recorder keeps its
 * bytes; a directory (GET_IOASID/set, GET_IOASID/state: the dump laid out
 * per set and per state, ABI v2) one level down, file by file. */
static void record_stored(struct ioasid_ctx *ctx, const char *dump, const char *name)
{
	char **sub;
	size_t n;
	char *text = NULL;

	if (iopath_lstat_is_dir(ctx, PATH_GENL_IOASID "/%s/%s", dump, name) != 1) {
		iopath_read_all(ctx, &text, NULL, IODUMP_MAX_MEMBER, PATH_GENL_IOASID "/%s/%s",
				dump, name);
		free(text);
		return;
	}
	if (iopath_list(ctx, &sub, &n, PATH_GENL_IOASID "/%s/%s", dump, name) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		iopath_read_all(ctx, &text, NULL, IODUMP_MAX_MEMBER, PATH_GENL_IOASID "/%s/%s/%s",
				dump, name, sub[i]);
		free(text);
		text = NULL;
	}
	iopath_names_free(sub, n);
}
/* The IOASID extension (ioasid-abi(7)): what capacity show, set list/show,
 * list, spid list/find and stats read (the sysfs tree, the GET_IOASID and
 * GET_BINDING dumps), through the same readers, so the recording holds the
 * same files; and /proc/PID/cgroup of every process a set or a record
 * names (cgroup show --pid). Dumps not run as commands: their output is a
 * line per IOASID, which the recorded dump files already carry. A host
 * without the extension reads nothing more than ioasid_ext_supported(). */
static void collect_ext(struct ioasid_ctx *ctx)
{
	struct ioasid_ext_set_list sets = {0};
	struct ioasid_cgroup_mount *m;
	struct ioasid_ext_info info;
	struct pids pids = {0};

	if (ioasid_ext_supported(ctx) < 0)
		return;
	ioasid_ext_info_read(ctx, &info);
	if (ioasid_ext_set_list(ctx, &sets) == 0)
		for (size_t i = 0; i < sets.n; i++) {
			struct ioasid_ext_set one;

			if (!sets.v[i].owner_pid.err)
				pid_add(&pids, (long)sets.v[i].owner_pid.v);
			/* set show reads the set's sysfs directory even where
			 * set list reads the set dump (ABI v2) */
			ioasid_ext_set_read(ctx, sets.v[i].id, &one);
			ioasid_ext_set_free(&one);
		}
	ioasid_ext_set_list_free(&sets);
	ioasid_ext_ioasid_dump(ctx, NULL, rec_pid, &pids, NULL);
	ioasid_ext_binding_dump(ctx, NULL, rec_pid, &pids, NULL);
	/* a stored dump is streamed through iopath_open(), which the recorder
	 * sees only as opened: its files are read whole here, so the replay
	 * has their bytes (a live host's socket dump has no files: nothing) */
	for (size_t k = 0; k < sizeof(genl_dumps) / sizeof(genl_dumps[0]); k++) {
		char **names;
		size_t n;

		if (iopath_list(ctx, &names, &n, PATH_GENL_IOASID "/%s", genl_dumps[k]) < 0)
			continue;
		for (size_t i = 0; i < n; i++)
			record_stored(ctx, genl_dumps[k], names[i]);
		iopath_names_free(names, n);
	}
	m = calloc(1, sizeof(*m));
	if (m && ioasid_cgroup_mount_find(ctx, m) == 0) {
		for (size_t i = 0; i < pids.n; i++) {
			char cg[4096];

			ioasid_cgroup_of_pid(ctx, m, pids.v[i], cg, sizeof(cg));
		}
	}
	free(m);
	free(pids.v);
}

IOASID_EXPORT int ioasid_dump_collect(struct ioasid_ctx *ctx)
{
	const char *s, *src;
	const char *const *lines;
	char line[256];
	size_t n;

	if (!ctx->rec)
		return ioasid_set_error(ctx, EINVAL, "dump", "the context is not recording");
	/* the kernel facts go through their readers (cached per context) */
	ioasid_kernel_release(ctx, &s);
	ioasid_kernel_version(ctx, &s);
	ioasid_kernel_symbol(ctx, "iommu_sva_bind_device"); /* records the SVA lines */
	ioasid_kernel_cmdline(ctx, &s);
	ioasid_kernel_config(ctx, "CONFIG_IOMMU_SUPPORT", &s, &src);
	ioasid_cpu_has_flag(ctx, "pdpe1gb");
	ioasid_kernel_log(ctx, &lines, &n);
	iopath_read_line(ctx, line, sizeof(line), PATH_PROC_HOSTNAME);
	read_file(ctx, 0, PATH_PROC_MOUNTINFO);
	/* the interrupt reader streams /proc/interrupts through a plain fd,
	 * which the recorder does not copy: a host whose /sys/kernel/irq does
	 * not answer (the emulated Arm hosts render none) needs it whole */
	read_file(ctx, 0, PATH_PROC_INTERRUPTS);
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		char **names;

		if (iopath_list(ctx, &names, &n, PATH_SYS_MODULE_PARAMS, modules[i]) < 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			char *text = NULL;

			iopath_read_all(ctx, &text, NULL, 64 << 10, PATH_SYS_MODULE_PARAM,
					modules[i], names[k]);
			free(text);
		}
		iopath_names_free(names, n);
	}
	collect_ext(ctx);
	for (size_t i = 0; i < sizeof(acpi_tables) / sizeof(acpi_tables[0]); i++) {
		char *text = NULL;

		iopath_read_all(ctx, &text, NULL, 0, PATH_SYS_ACPI_TABLE, acpi_tables[i]);
		free(text);
	}
	return 0;
}
