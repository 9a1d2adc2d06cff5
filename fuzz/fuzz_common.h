/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared helpers of the libFuzzer harnesses (see run-fuzzers.sh). */
#ifndef IOASID_FUZZ_COMMON_H
#define IOASID_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated heap copy of exactly size + 1 bytes, so that ASan
 * reports any read past the text the kernel would have produced. */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Split "first line\nrest" (a parameter and a text). */
static inline void fuzz_split(const uint8_t *data, size_t size, char **first, char **rest)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl ? (size_t)(nl - data) : size;

	*first = fuzz_strdup(data, n);
	*rest = fuzz_strdup(nl ? nl + 1 : data + size, nl ? size - n - 1 : 0);
}

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
