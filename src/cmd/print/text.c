// SPDX-License-Identifier: LGPL-2.1-or-later
/* Untrusted text made safe for terminal lines, table cells and JSON. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ioasid-text.h"
#include "print/text.h"

/* Bytes of the character at s that a terminal must not see as they are:
 * 0 if it is printable UTF-8, else how many bytes to escape (an invalid
 * sequence's first byte, or the whole control character). C1 controls
 * (U+0080..U+009F, e.g. U+009B CSI) drive some terminals like ESC [. */
static size_t unsafe_len(const unsigned char *s, size_t *n)
{
	*n = ioasid_utf8_len(s);
	if (!*n)
		return 1;
	if (*n == 1 && (s[0] < 0x20 || s[0] == 0x7f))
		return 1;
	if (*n == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return 2;
	return 0;
}

void pr_escape_line(char *dst, size_t size, const char *src)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t o = 0;

	if (!size)
		return;
	while (*p) {
		size_t n, bad = unsafe_len(p, &n);
		char esc[16];
		size_t el;

		if (!bad) {
			if (o + n >= size)
				break;
			memcpy(dst + o, p, n);
			o += n;
			p += n;
			continue;
		}
		el = 0;
		for (size_t i = 0; i < bad; i++) {
			if (p[i] == '\n')
				el += (size_t)snprintf(esc + el, sizeof(esc) - el, "\\n");
			else if (p[i] == '\t')
				el += (size_t)snprintf(esc + el, sizeof(esc) - el, "\\t");
			else if (p[i] == '\r')
				el += (size_t)snprintf(esc + el, sizeof(esc) - el, "\\r");
			else
				el += (size_t)snprintf(esc + el, sizeof(esc) - el, "\\x%02x", p[i]);
		}
		if (o + el >= size)
			break;
		memcpy(dst + o, esc, el);
		o += el;
		p += bad;
	}
	dst[o] = '\0';
}

bool pr_has_controls(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n, bad = unsafe_len(p, &n);

		if (bad)
			return true;
		p += n;
	}
	return false;
}

void pr_mask_controls(char *s)
{
	unsigned char *p = (unsigned char *)s;

	while (*p) {
		size_t n, bad = unsafe_len(p, &n);

		if (!bad) {
			p += n;
			continue;
		}
		memset(p, '?', bad);
		p += bad;
	}
}

const char *pr_masked(const char *s)
{
	static char ring[8][1024];
	static unsigned next;
	char *b;
	size_t n;

	if (!s || !pr_has_controls(s))
		return s;
	b = ring[next++ % 8];
	n = strlen(s);
	if (n >= sizeof(ring[0])) {
		n = sizeof(ring[0]) - 1;
		/* back to the start of the character cut in two */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(b, s, n);
	b[n] = '\0';
	pr_mask_controls(b);
	return b;
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pr_verr(fmt, ap);
	va_end(ap);
}

void pr_verr(const char *fmt, va_list ap)
{
	char raw[2048], line[4 * sizeof(raw) + 2];
	size_t n;

	vsnprintf(raw, sizeof(raw), fmt, ap);
	pr_escape_line(line, sizeof(line) - 1, raw);
	n = strlen(line);
	line[n++] = '\n';
	fwrite(line, 1, n, stderr);
}

int pr_json_write(FILE *f, json_object *o, int flags)
{
	const char *txt = json_object_to_json_string_ext(o, flags);
	const unsigned char *p, *run;

	if (!txt)
		return -ENOMEM;
	for (p = run = (const unsigned char *)txt; *p;) {
		size_t n = ioasid_utf8_len(p);

		if (n) {
			p += n;
			continue;
		}
		if (fwrite(run, 1, (size_t)(p - run), f) != (size_t)(p - run) ||
		    fputs("\xef\xbf\xbd", f) == EOF) /* U+FFFD */
			return -EIO;
		run = ++p;
	}
	if (fwrite(run, 1, (size_t)(p - run), f) != (size_t)(p - run))
		return -EIO;
	return 0;
}
