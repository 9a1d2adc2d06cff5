// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: /proc/interrupts parser (interrupts.c ioasid_parse_interrupts).
 * Rows never carry more counts than the header has CPUs, the total is their
 * sum, and the strings stay terminated. */
#include <errno.h>

#include "fuzz_common.h"
#include "stock/prq-parse.h"

static int check_row(const struct ioasid_irq *irq, void *arg)
{
	uint64_t sum = 0;

	(void)arg;
	for (size_t i = 0; i < irq->ncpus; i++) {
		FUZZ_CHECK(irq->count[i] <= UINT32_MAX);
		sum += irq->count[i];
	}
	FUZZ_CHECK(sum == irq->total);
	FUZZ_CHECK(memchr(irq->chip, '\0', sizeof(irq->chip)) != NULL);
	FUZZ_CHECK(memchr(irq->hwirq, '\0', sizeof(irq->hwirq)) != NULL);
	FUZZ_CHECK(memchr(irq->actions, '\0', sizeof(irq->actions)) != NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes: the parser takes a length, NULs included */
	char *text = malloc(size ? size : 1);
	size_t bad, lines = 1;
	int rc;

	if (!text)
		abort();
	memcpy(text, data, size);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	rc = ioasid_parse_interrupts(text, size, check_row, NULL, &bad);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc == 0)
		FUZZ_CHECK(bad < lines);
	free(text);
	return 0;
}
