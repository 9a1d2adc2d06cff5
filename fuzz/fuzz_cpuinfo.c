// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: /proc/cpuinfo flag lookup (kernel.c ioasid_parse_cpuinfo_flag).
 * Input: the flag on the first line, the cpuinfo text after it. */
#include <errno.h>

#include "fuzz_common.h"
#include "stock/kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *flag, *text;
	int rc;

	fuzz_split(data, size, &flag, &text);
	rc = ioasid_parse_cpuinfo_flag(text, flag);
	FUZZ_CHECK(rc == 0 || rc == 1 || rc == -ENOENT);
	/* a flag that is found occurs in the text */
	if (rc == 1 && *flag)
		FUZZ_CHECK(strstr(text, flag) != NULL);
	rc = ioasid_parse_cpuinfo_flag(text, "pdpe1gb");
	FUZZ_CHECK(rc == 0 || rc == 1 || rc == -ENOENT);
	free(flag);
	free(text);
	return 0;
}
