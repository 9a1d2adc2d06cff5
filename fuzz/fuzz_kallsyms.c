// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: /proc/kallsyms lines (stock/kallsyms.c ioasid_parse_kallsyms):
 * any bytes, read whole or as a stream cut anywhere, give the same watched
 * symbols, and the kept lines stay within their buffer. */
#include "fuzz_common.h"
#include "stock/kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes, no NUL: the parser must not read past them */
	char *text = malloc(size ? size : 1), keep[256];
	uint64_t whole = 0, streamed = 0;
	size_t keep_len = 0, cut, used, rest;

	if (!text)
		abort();
	memcpy(text, data, size);
	used = ioasid_parse_kallsyms(text, size, true, &whole, keep, &keep_len, sizeof(keep));
	FUZZ_CHECK(used == size);
	FUZZ_CHECK(keep_len <= sizeof(keep));
	FUZZ_CHECK(!keep_len || keep[keep_len - 1] == '\n');
	/* a stream cut at the first byte's value: the unread tail of the
	 * first chunk is read again with the rest, as the reader does */
	cut = size ? data[0] % (size + 1) : 0;
	used = ioasid_parse_kallsyms(text, cut, false, &streamed, NULL, &keep_len, 0);
	FUZZ_CHECK(used <= cut);
	FUZZ_CHECK(!used || text[used - 1] == '\n');
	rest = size - used;
	used = ioasid_parse_kallsyms(text + used, rest, true, &streamed, NULL, &keep_len, 0);
	FUZZ_CHECK(used == rest);
	FUZZ_CHECK(streamed == whole);
	free(text);
	return 0;
}
