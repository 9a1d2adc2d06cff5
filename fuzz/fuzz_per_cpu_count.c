// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: /sys/kernel/irq/N/per_cpu_count and actions
 * (interrupts.c ioasid_parse_per_cpu_count, ioasid_irq_actions_join). */
#include <errno.h>

#include "fuzz_common.h"
#include "stock/prq-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	char joined[256];
	uint64_t *c;
	size_t n;
	int rc = ioasid_parse_per_cpu_count(text, &c, &n);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -EOVERFLOW);
	if (rc == -EINVAL)
		FUZZ_CHECK(c == NULL && n == 0);
	if (rc == 0)
		FUZZ_CHECK(n > 0);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(c[i] <= UINT32_MAX);
	/* each count needs a digit and a separator */
	FUZZ_CHECK(n <= size / 2 + 1);
	free(c);
	ioasid_irq_actions_join(text, joined, sizeof(joined));
	FUZZ_CHECK(strlen(joined) < sizeof(joined));
	free(text);
	return 0;
}
