// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/kallsyms, for the few symbols that tell what the running kernel's
 * SVA code is (reason-host.c kernel.sva_x86): the distribution's patches
 * and the release may disagree, the binary does not. The file is written by
 * kernel/kallsyms.c s_show() (6.12 :751-755, 6.1 :859-863): "%px %c %s\n",
 * or "%px %c %s\t[%s]\n" for a module's symbol; the address is zero for a
 * reader without CAP_SYSLOG (kptr_restrict), the names are there for all.
 * It is large (some 200,000 lines), so it is read as a stream, only the
 * watched names are kept, and a dump records those lines alone: a replay
 * reads the reduced file and gets the same answers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "core/record.h"
#include "stock/kernel.h"
#include "ioasid-kernel.h"

/* The watched symbols (at most 64). tests/vm/capture.sh keeps the same
 * lines of a guest's kallsyms: change both together (tests/vm/check.sh
 * fails when a replay differs from the guest). */
static const char *const watch[] = {
	/* drivers/iommu/iommu-sva.c (6.12), iommu.c (6.1): exported when
	 * CONFIG_IOMMU_SVA is set */
	"iommu_sva_bind_device",
	/* drivers/iommu/iommu-sva.c (6.12 :288) static, its address taken
	 * only in iommu_sva_domain_alloc() (:319), which only
	 * iommu_sva_bind_device() calls, after the x86 switch-off (:83): the
	 * compiler emits it only when that code is reachable */
	"iommu_sva_iopf_handler",
	/* the same file: the work function iommu_sva_iopf_handler() queues */
	"iommu_sva_handle_iopf",
	/* drivers/iommu/iommu.c: the SVA feature switch drivers call first */
	"iommu_dev_enable_feature",
	/* drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c (6.1 :427, 6.12
	 * :202), compiled only with CONFIG_ARM_SMMU_V3_SVA (else a static
	 * inline stub, arm-smmu-v3.h): reason-host.c kernel.smmu_sva */
	"arm_smmu_sva_supported",
};

int ioasid_kallsyms_watch_index(const char *name)
{
	for (size_t i = 0; i < sizeof(watch) / sizeof(watch[0]); i++)
		if (!strcmp(watch[i], name))
			return (int)i;
	return -1;
}

/* The watched index of the name field of one line, -1 if none. */
static int line_watch(const char *line, size_t len)
{
	const char *name, *end = line + len;
	size_t n;

	/* "%px %c %s": the address, a space, the type letter, a space */
	name = memchr(line, ' ', len);
	if (!name || end - name < 4 || name[2] != ' ')
		return -1;
	name += 3;
	/* the text is not NUL-terminated: bound the scan by the line */
	for (n = 0; name + n < end && name[n] != '\t' && name[n] != '\n'; n++)
		;
	for (size_t i = 0; i < sizeof(watch) / sizeof(watch[0]); i++)
		if (strlen(watch[i]) == n && !memcmp(watch[i], name, n))
			return (int)i;
	return -1;
}

size_t ioasid_parse_kallsyms(const char *text, size_t len, bool final, uint64_t *found, char *keep,
			     size_t *keep_len, size_t keep_cap)
{
	size_t at = 0;

	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) + 1 : len - at;
		int w;

		if (!nl && !final)
			break;
		w = line_watch(text + at, n);
		if (w >= 0) {
			*found |= 1ull << w;
			if (keep && *keep_len + n + 1 <= keep_cap) {
				memcpy(keep + *keep_len, text + at, n);
				*keep_len += n;
				if (!nl)
					keep[(*keep_len)++] = '\n';
			}
		}
		at += n;
	}
	return at;
}

static int read_kallsyms(struct ioasid_ctx *ctx, struct ioasid_kallsyms_state *st)
{
	char buf[16384], keep[2048];
	size_t have = 0, keep_len = 0;
	int fd = iopath_open(ctx, PATH_PROC_KALLSYMS);

	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t r = read(fd, buf + have, sizeof(buf) - have);
		size_t used;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			close(fd);
			return -e;
		}
		have += (size_t)r;
		used = ioasid_parse_kallsyms(buf, have, r == 0, &st->found, keep, &keep_len,
					     sizeof(keep));
		if (r == 0)
			break;
		if (!used && have == sizeof(buf))
			used = have; /* a line longer than the buffer: no symbol of ours */
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	close(fd);
	iorec_file(ctx, PATH_PROC_KALLSYMS, keep, keep_len);
	return 0;
}

IOASID_EXPORT int ioasid_kernel_symbol(struct ioasid_ctx *ctx, const char *name)
{
	struct ioasid_kallsyms_state *st = ioasid_kernel_kallsyms_state(ctx);
	int w = ioasid_kallsyms_watch_index(name);

	if (!st)
		return -ENOMEM;
	if (w < 0)
		return -EINVAL;
	if (st->rc == 1)
		st->rc = read_kallsyms(ctx, st);
	if (st->rc < 0)
		return st->rc;
	return (st->found >> w) & 1;
}
