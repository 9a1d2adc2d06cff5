// SPDX-License-Identifier: LGPL-2.1-or-later
/* UTF-8 validation for the JSON the library writes (the dump manifest) and
 * the programs print: see ioasid-text.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "ioasid-text.h"

IOASID_EXPORT size_t ioasid_utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	/* a NUL is no continuation byte: the loop stops at the string's end */
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

IOASID_EXPORT char *ioasid_utf8_dup_valid(const char *s)
{
	size_t len = strlen(s);
	/* each invalid byte grows to the 3 bytes of U+FFFD */
	char *out = len <= (SIZE_MAX - 1) / 3 ? malloc(len * 3 + 1) : NULL;
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	if (!out)
		return NULL;
	while (*p) {
		size_t n = ioasid_utf8_len(p);

		if (n) {
			memcpy(out + o, p, n);
			o += n, p += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3, p++;
		}
	}
	out[o] = '\0';
	return out;
}
