// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: idxd debugfs event_log parser (idxd-parse.c
 * ioasid_idxd_parse_event_log). Kept entries respect the bit widths of
 * registers.h struct __evl_entry; good + bad entries never exceed the
 * "Event Log entry" header lines plus the other lines. */
#include "fuzz_common.h"
#include "ioasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	struct ioasid_idxd_evl_entry *e;
	size_t n, bad, lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (ioasid_idxd_parse_event_log(text, &e, &n, &bad) == 0) {
		FUZZ_CHECK(n + bad <= lines);
		FUZZ_CHECK((n == 0) == (e == NULL));
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(e[i].pasid <= 0xfffff);
			FUZZ_CHECK(e[i].operation <= 0xff);
			FUZZ_CHECK(e[i].error <= 0xff);
			FUZZ_CHECK(e[i].wq_idx <= 0xff);
		}
		free(e);
	}
	free(text);
	return 0;
}
