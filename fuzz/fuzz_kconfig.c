// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: kernel .config parser (kernel.c ioasid_parse_kconfig). Input:
 * the option on the first line, the config text after it; the option the
 * library really asks for is looked up too. */
#include <errno.h>

#include "fuzz_common.h"
#include "stock/kernel.h"

static void one(const char *text, const char *opt, size_t size)
{
	char *val = NULL;
	int rc = ioasid_parse_kconfig(text, opt, &val);

	FUZZ_CHECK(rc == 0 || rc == 1 || rc == -ENOMEM);
	FUZZ_CHECK((rc == 1) == (val != NULL));
	if (val)
		FUZZ_CHECK(strlen(val) <= size);
	free(val);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *opt, *text;

	fuzz_split(data, size, &opt, &text);
	one(text, opt, size);
	one(text, "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON", size);
	free(opt);
	free(text);
	return 0;
}
