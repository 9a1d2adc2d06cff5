// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pure parsers of idxd's text formats (drivers/dma/idxd): the 256-bit
 * attributes, the device/WQ/file names and the debugfs event log. No I/O:
 * the reader (idxd.c), the unit tests and the fuzzers call them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

IOASID_EXPORT const char *ioasid_idxd_type_name(enum ioasid_idxd_type t)
{
	/* init.c idxd_driver_data[].name_prefix */
	return t == IOASID_IDXD_IAX ? "iax" : "dsa";
}

/* Decimal digits only, no sign, no spaces, value <= max. */
static const char *dec(const char *p, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (!isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (x > (max - d) / 10)
			return NULL;
		x = x * 10 + d;
	}
	*v = x;
	return p;
}

/* ndig (0: 1..16) hex digits, value in 64 bits. */
static const char *hex(const char *p, unsigned ndig, uint64_t *v)
{
	uint64_t x = 0;
	unsigned n = 0;

	for (; isxdigit((unsigned char)*p); p++, n++) {
		if (n == 16)
			return NULL;
		int c = tolower((unsigned char)*p);

		x = x << 4 | (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	if (n == 0 || (ndig && n != ndig))
		return NULL;
	*v = x;
	return p;
}

IOASID_EXPORT int ioasid_idxd_parse_bits256(const char *text, uint64_t out[4])
{
	uint64_t w[8], x;
	const char *p = text;
	size_t i;

	/* lib/vsprintf.c bitmap_string() for "%*pb" with 256 bits: eight
	 * zero-padded 32-bit chunks, most significant first, ',' between */
	for (i = 0; i < 8; i++) {
		p = hex(p, 8, &w[i]);
		if (!p || *p != (i == 7 ? '\n' : ','))
			break;
		p++;
	}
	if (i == 8 && *p == '\0') {
		for (i = 0; i < 4; i++)
			out[i] = w[7 - 2 * i] | w[6 - 2 * i] << 32;
		return 0;
	}
	/* 6.1 errors_show(): "%#018llx " per word, sw_err.bits[0] first, the
	 * last space replaced by '\n' */
	p = text;
	for (i = 0; i < 4; i++) {
		if (p[0] != '0' || p[1] != 'x')
			return -EINVAL;
		p = hex(p + 2, 16, &x);
		if (!p || *p != (i == 3 ? '\n' : ' '))
			return -EINVAL;
		p++;
		w[i] = x;
	}
	if (*p)
		return -EINVAL;
	memcpy(out, w, 4 * sizeof(*out));
	return 0;
}

IOASID_EXPORT void ioasid_idxd_decode_swerr(const uint64_t b[4], struct ioasid_idxd_swerr *e)
{
	/* drivers/dma/idxd/registers.h union sw_err_reg */
	e->valid = b[0] & 1;
	e->overflow = b[0] >> 1 & 1;
	e->desc_valid = b[0] >> 2 & 1;
	e->wq_idx_valid = b[0] >> 3 & 1;
	e->batch = b[0] >> 4 & 1;
	e->fault_rw = b[0] >> 5 & 1;
	e->priv = b[0] >> 6 & 1;
	e->error = (unsigned)(b[0] >> 8 & 0xff);
	e->wq_idx = (unsigned)(b[0] >> 16 & 0xff);
	e->operation = (unsigned)(b[0] >> 32 & 0xff);
	e->pasid = (unsigned)(b[0] >> 40 & 0xfffff);
	e->batch_idx = (unsigned)(b[1] & 0xffff);
	e->fault_addr = b[2];
}

/* PREFIX followed by a decimal unsigned that fits an int (the kernel's
 * ids come from ida/%d) and nothing else. */
static int name_num(const char *s, const char *prefix, unsigned *id, const char **rest)
{
	size_t n = strlen(prefix);
	uint64_t v;
	const char *p;

	if (strncmp(s, prefix, n))
		return -EINVAL;
	p = dec(s + n, 0x7fffffff, &v);
	if (!p)
		return -EINVAL;
	/* "%d" never prints leading zeros: "wq01.0" is not the kernel's */
	if (s[n] == '0' && p - (s + n) > 1)
		return -EINVAL;
	*id = (unsigned)v;
	if (rest)
		*rest = p;
	else if (*p)
		return -EINVAL;
	return 0;
}

IOASID_EXPORT int ioasid_idxd_parse_wq_name(const char *s, unsigned *dev, unsigned *wq)
{
	const char *p;

	/* drivers/dma/idxd/init.c idxd_setup_wqs(): "wq%d.%d", idxd->id, wq->id */
	if (name_num(s, "wq", dev, &p) < 0 || *p != '.')
		return -EINVAL;
	return name_num(p + 1, "", wq, NULL);
}

IOASID_EXPORT int ioasid_idxd_parse_dev_name(const char *s, enum ioasid_idxd_type *type,
					     unsigned *id)
{
	/* init.c idxd_alloc(): "%s%d", name_prefix ("dsa" or "iax"), id */
	if (name_num(s, "dsa", id, NULL) == 0) {
		*type = IOASID_IDXD_DSA;
		return 0;
	}
	if (name_num(s, "iax", id, NULL) == 0) {
		*type = IOASID_IDXD_IAX;
		return 0;
	}
	return -EINVAL;
}

IOASID_EXPORT int ioasid_idxd_parse_file_name(const char *s, unsigned *id)
{
	/* cdev.c idxd_cdev_open(): "file%d", ctx->id */
	return name_num(s, "file", id, NULL);
}

/*
 * A strict line matcher: literal text, "%u" a decimal that fits 32 bits,
 * "%x" the kernel's "%#x"/"%#llx" (lib/vsprintf.c number() prints "0x"
 * even for zero). The whole line must match.
 */
static bool match(const char *line, const char *fmt, ...)
{
	const char *p = line;
	va_list ap;
	bool ok = true;

	va_start(ap, fmt);
	while (*fmt && ok) {
		uint64_t *v;

		if (*fmt != '%') {
			ok = *p++ == *fmt++;
			continue;
		}
		v = va_arg(ap, uint64_t *);
		if (fmt[1] == 'u') {
			p = dec(p, 0xffffffffu, v);
		} else {
			if (p[0] != '0' || p[1] != 'x')
				p = NULL;
			else
				p = hex(p + 2, 0, v);
		}
		ok = p != NULL;
		fmt += 2;
	}
	va_end(ap);
	return ok && *p == '\0';
}

/* The lines of one entry that carry data, as bits of a mask. */
enum { EV_HEAD = 1, EV_VALID = 2, EV_ERR = 4, EV_WQ = 8, EV_ALL = 15 };

static int push(struct ioasid_idxd_evl_entry **v, size_t *n, size_t *cap,
		const struct ioasid_idxd_evl_entry *e)
{
	if (*n == *cap) {
		struct ioasid_idxd_evl_entry *nv;

		*cap = *cap ? *cap * 2 : 16;
		nv = realloc(*v, *cap * sizeof(**v));
		if (!nv)
			return -ENOMEM;
		*v = nv;
	}
	(*v)[(*n)++] = *e;
	return 0;
}

IOASID_EXPORT int ioasid_idxd_parse_event_log(const char *text, struct ioasid_idxd_evl_entry **out,
					      size_t *n, size_t *bad)
{
	struct ioasid_idxd_evl_entry *v = NULL, e = {0};
	size_t cnt = 0, cap = 0;
	const char *p = text;
	unsigned seen = 0;
	bool broken = false, in = false;

	*out = NULL;
	*n = 0;
	*bad = 0;
	/*
	 * drivers/dma/idxd/debugfs.c debugfs_evl_show():
	 *   "Event Log head %u tail %u interrupt pending %u\n\n"
	 * then per valid entry, dump_event_entry():
	 *   "Event Log entry %d (real index %u) processed: %u\n"
	 *   "desc valid %u wq idx valid %u\n"
	 *   "batch %u fault rw %u priv %u error 0x%x\n"
	 *   "wq idx %u op %#x pasid %u batch idx %u\n"
	 *   "fault addr %#llx\n"
	 *   "status %#x result %#x fault_info %#x bytes_completed %u\n"
	 *   "fault addr %#llx inv flags %#x\n\n"
	 *   "entry[%d] = %#llx\n" per 64-bit word, then "\n"
	 * Field widths: registers.h struct __evl_entry (error 8 bits, wq_idx
	 * 8, operation 8, pasid 20).
	 */
	for (;;) {
		const char *eol = p ? strchr(p, '\n') : NULL;
		size_t len = p ? (eol ? (size_t)(eol - p) : strlen(p)) : 0;
		char line[256];
		uint64_t a, b, c, d;
		bool end = !p || !*p;

		if (end || (len < sizeof(line) && (memcpy(line, p, len), line[len] = '\0',
						   match(line,
							 "Event Log entry %u (real index %u) "
							 "processed: %u",
							 &a, &b, &c)))) {
			if (in) {
				if (seen == EV_ALL && !broken) {
					if (push(&v, &cnt, &cap, &e) < 0) {
						free(v);
						return -ENOMEM;
					}
				} else {
					(*bad)++;
				}
			}
			if (end)
				break;
			in = true;
			broken = c > 1;
			seen = EV_HEAD;
			e = (struct ioasid_idxd_evl_entry){
				.count = (unsigned)a, .index = (unsigned)b, .processed = c == 1};
		} else if (len >= sizeof(line)) {
			broken = true;
			if (!in)
				(*bad)++;
		} else if (len == 0 || match(line, "fault addr %x inv flags %x", &a, &b) ||
			   match(line, "entry[%u] = %x", &a, &b) ||
			   match(line, "status %x result %x fault_info %x bytes_completed %u", &a,
				 &b, &c, &d) ||
			   (!in && match(line, "Event Log head %u tail %u interrupt pending %u", &a,
					 &b, &c))) {
			/* carries no PASID: accepted, not kept */
		} else if (in && match(line, "desc valid %u wq idx valid %u", &a, &b)) {
			broken |= (seen & EV_VALID) || a > 1 || b > 1;
			seen |= EV_VALID;
			e.wq_idx_valid = b == 1;
		} else if (in &&
			   match(line, "batch %u fault rw %u priv %u error %x", &a, &b, &c, &d)) {
			broken |= (seen & EV_ERR) || d > 0xff;
			seen |= EV_ERR;
			e.error = (unsigned)d;
		} else if (in &&
			   match(line, "wq idx %u op %x pasid %u batch idx %u", &a, &b, &c, &d)) {
			broken |= (seen & EV_WQ) || a > 0xff || b > 0xff || c > 0xfffff;
			seen |= EV_WQ;
			e.wq_idx = (unsigned)a;
			e.operation = (unsigned)b;
			e.pasid = (unsigned)c;
		} else if (in && match(line, "fault addr %x", &a)) {
			e.fault_addr = a;
		} else if (in) {
			broken = true;
		} else {
			(*bad)++;
		}
		p = eol ? eol + 1 : NULL;
	}
	*out = v;
	*n = cnt;
	return 0;
}
