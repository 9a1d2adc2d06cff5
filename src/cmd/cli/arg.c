// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one parser of numbers and IDs on the command line (the rule is at
 * the head of cli/arg.h and in ioasidctl(8), "Numbers and IDs"). Written
 * out rather than strtoull(): strtoull skips leading blanks, takes a sign
 * (and negates "-1" into UINT64_MAX), and with base 0 reads 010 as eight
 * and 0x10 as sixteen, which made `set quota 010` write set 8 while
 * `set show 010` read set 10.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/arg.h"

/* VALUE as the message shows it: one line whatever was given (control
 * characters as '?'), at most 40 characters */
static void shown(char *out, size_t len, const char *s)
{
	size_t n = 0;

	for (; *s && n < 40 && n + 4 < len; s++)
		out[n++] = (unsigned char)*s < ' ' || *s == 0x7f ? '?' : *s;
	if (*s && n + 4 <= len) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

static int digits(const char *s, uint64_t *v);

static int refuse(char *why, size_t len, const char *s, const char *what)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	uint64_t ignored;
	char v[48];

	shown(v, sizeof(v), s);
	/* digits only, but more than 64 bits hold: say that, not only the range */
	snprintf(why, len, "'%s' is not %s%s", v, what,
		 hex				  ? " (0x is not accepted)"
		 : digits(s, &ignored) == -ERANGE ? " (too large for 64 bits)"
						  : "");
	return -EINVAL;
}

/* Decimal digits, the whole string: 0, -EINVAL (something else, or
 * nothing), -ERANGE (past UINT64_MAX). */
static int digits(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int cli_num_parse(const char *s, uint64_t min, uint64_t max, uint64_t *v, char *why, size_t len)
{
	char what[96];
	uint64_t x;

	if (s && digits(s, &x) == 0 && x >= min && x <= max) {
		*v = x;
		return 0;
	}
	snprintf(what, sizeof(what), "a decimal number from %" PRIu64 " to %" PRIu64, min, max);
	return refuse(why, len, s ? s : "", what);
}

int cli_limit_parse(const char *s, uint64_t *v, char *why, size_t len)
{
	char what[96];
	uint64_t x;

	if (s && !strcmp(s, "max")) {
		*v = IOASID_CGROUP_LIMIT_MAX;
		return 0;
	}
	/* IOASID_CGROUP_LIMIT_MAX itself is the kernel's "max": say max */
	if (s && digits(s, &x) == 0 && x < IOASID_CGROUP_LIMIT_MAX) {
		*v = x;
		return 0;
	}
	snprintf(what, sizeof(what), "a decimal number from 0 to %" PRIu64 ", or max",
		 (uint64_t)IOASID_CGROUP_LIMIT_MAX - 1);
	return refuse(why, len, s ? s : "", what);
}

int cli_sec_parse(const char *s, double min, double max, double *v, char *why, size_t len)
{
	const char *p = s ? s : "";
	bool ok = *p >= '0' && *p <= '9';
	double x = 0, scale = 1;
	char what[96];

	for (; ok && *p >= '0' && *p <= '9'; p++)
		x = x * 10 + (*p - '0');
	if (ok && *p == '.') {
		p++;
		ok = *p >= '0' && *p <= '9';
		for (; ok && *p >= '0' && *p <= '9'; p++) {
			scale /= 10;
			x += (*p - '0') * scale;
		}
	}
	if (ok && !*p && x >= min && x <= max) {
		*v = x;
		return 0;
	}
	snprintf(what, sizeof(what), "a decimal number of seconds from %.15g to %.15g", min, max);
	return refuse(why, len, s ? s : "", what);
}

int cli_size_parse(const char *s, uint64_t min, uint64_t max, uint64_t *v, char *why, size_t len)
{
	size_t n = s ? strlen(s) : 0;
	unsigned shift = 0;
	char num[32], what[128];
	uint64_t x;

	if (n && strchr("KkMm", s[n - 1])) {
		shift = s[n - 1] == 'K' || s[n - 1] == 'k' ? 10 : 20;
		n--;
	}
	if (n && n < sizeof(num)) {
		memcpy(num, s, n);
		num[n] = '\0';
		if (digits(num, &x) == 0 && x <= max >> shift && x << shift >= min) {
			*v = x << shift;
			return 0;
		}
	}
	snprintf(what, sizeof(what),
		 "a decimal number of bytes from %" PRIu64 " to %" PRIu64
		 ", or of KiB or MiB with K or M",
		 min, max);
	return refuse(why, len, s ? s : "", what);
}

/* ------------------------------------------------------------ ioasidctl */

static int usage_error(struct cli *c, const char *name, const char *why)
{
	return cli_error(c, EXIT_USAGE, EINVAL, name, "%s", why);
}

int cli_arg_num(struct cli *c, const char *name, const char *s, uint64_t min, uint64_t max,
		uint64_t *v)
{
	char why[256];

	return cli_num_parse(s, min, max, v, why, sizeof(why)) < 0 ? usage_error(c, name, why)
								   : EXIT_OK;
}

int cli_arg_u32(struct cli *c, const char *name, const char *s, uint32_t min, uint32_t max,
		uint32_t *v)
{
	uint64_t x = 0;
	int rc = cli_arg_num(c, name, s, min, max, &x);

	if (rc == EXIT_OK)
		*v = (uint32_t)x;
	return rc;
}

int cli_arg_id(struct cli *c, const char *name, const char *s, uint32_t *v)
{
	return cli_arg_u32(c, name, s, 0, UINT32_MAX, v);
}

int cli_arg_pid(struct cli *c, const char *name, const char *s, int32_t *pid)
{
	uint64_t x = 0;
	int rc = cli_arg_num(c, name, s, 1, CLI_PID_MAX, &x);

	if (rc == EXIT_OK)
		*pid = (int32_t)x;
	return rc;
}

int cli_arg_limit(struct cli *c, const char *name, const char *s, uint64_t *v)
{
	char why[256];

	return cli_limit_parse(s, v, why, sizeof(why)) < 0 ? usage_error(c, name, why) : EXIT_OK;
}

int cli_arg_sec(struct cli *c, const char *name, const char *s, double min, double max, double *v)
{
	char why[256];

	return cli_sec_parse(s, min, max, v, why, sizeof(why)) < 0 ? usage_error(c, name, why)
								   : EXIT_OK;
}

int cli_arg_size(struct cli *c, const char *name, const char *s, uint64_t min, uint64_t max,
		 uint64_t *v)
{
	char why[256];

	return cli_size_parse(s, min, max, v, why, sizeof(why)) < 0 ? usage_error(c, name, why)
								    : EXIT_OK;
}
