// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: VT-d debugfs iommu_regset (debugfs-vtd.c
 * ioasid_parse_vtd_regset, ioasid_vtd_prq_pending). Pending never exceeds
 * the queue's capacity. */
#include <errno.h>

#include "fuzz_common.h"
#include "stock/prq-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	struct ioasid_vtd_prq_regs *r;
	size_t n, bad, lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (ioasid_parse_vtd_regset(text, &r, &n, &bad) == 0) {
		FUZZ_CHECK(n + bad <= lines);
		for (size_t i = 0; i < n; i++) {
			uint64_t pending;
			int rc = ioasid_vtd_prq_pending(&r[i], &pending);

			FUZZ_CHECK(memchr(r[i].iommu, '\0', sizeof(r[i].iommu)) != NULL);
			FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENODATA);
			if (rc == 0)
				FUZZ_CHECK(pending < ((0x1000ull << (r[i].pqa & 7)) / 32));
		}
		free(r);
	}
	free(text);
	return 0;
}
