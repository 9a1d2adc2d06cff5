// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: reserved_regions parser (group.c ioasid_parse_resv_regions).
 * Kept regions are well-formed; good + bad lines never exceed the lines. */
#include <errno.h>

#include "fuzz_common.h"
#include "ioasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	struct ioasid_resv_region *r;
	size_t n, bad, lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (ioasid_parse_resv_regions(text, &r, &n, &bad) == 0) {
		FUZZ_CHECK(n + bad <= lines);
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(r[i].start <= r[i].end);
			FUZZ_CHECK(memchr(r[i].type_name, '\0', sizeof(r[i].type_name)) != NULL);
			FUZZ_CHECK(r[i].type <= IOASID_RESV_UNKNOWN);
		}
		free(r);
	}
	free(text);
	return 0;
}
