// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: trace_pipe lines (prqtrace.c ioasid_parse_prq_trace_line,
 * ioasid_parse_trace_lost), the aggregation of what parses, kernel log
 * overflow lines (prq.c) and mountinfo (tracefs.c), each line of the input
 * in turn. Parsed fields stay within the kernel's widths. */
#include <errno.h>

#include "fuzz_common.h"
#include "stock/prq-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size), *line, *save = NULL;
	struct ioasid_prq_agg agg = {0};
	char mnt[256], unit[32];
	uint64_t ok = 0;

	if (ioasid_parse_mountinfo(text, "tracefs", mnt, sizeof(mnt)) == 0)
		FUZZ_CHECK(mnt[0] == '/');
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct ioasid_prq_event e;
		uint64_t lost;
		int rc = ioasid_parse_prq_trace_line(line, &e);

		FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMSG);
		if (rc == 0) {
			FUZZ_CHECK(e.rid <= 0xffff && e.pasid <= 0xfffff && e.index <= 0x1ff);
			FUZZ_CHECK(e.page < (1ull << 52));
			FUZZ_CHECK(e.iommu[0] && e.dev[0]);
			FUZZ_CHECK(ioasid_prq_agg_add(&agg, &e) == 0);
			ok++;
		}
		ioasid_parse_trace_lost(line, &lost);
		ioasid_prq_overflow_line(line, unit, sizeof(unit));
	}
	FUZZ_CHECK(agg.events == ok && agg.n <= ok);
	ioasid_prq_agg_free(&agg);
	free(text);
	return 0;
}
