// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Prometheus text exposition format 0.0.4 writer (see metrics.h). The
 * rules applied here are the format's: metric names [a-zA-Z_:][a-zA-Z0-9_:]*,
 * label names [a-zA-Z_][a-zA-Z0-9_]* ("__" prefixes are reserved), label
 * values in double quotes with \\, \" and \n escaped, HELP text with \\ and
 * \n escaped, values as Go's ParseFloat reads them (+Inf, -Inf, NaN), and
 * every line ended by a line feed. Label values must be UTF-8: cgroup
 * paths and device names come from the kernel as bytes, so invalid
 * sequences become U+FFFD instead of an unparsable file.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ioasid-text.h"
#include "print/metrics.h"
#include "print/text.h"

void mw_init(struct mw *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

int mw_finish(struct mw *w)
{
	for (size_t i = 0; i < w->nseen; i++)
		free(w->seen[i]);
	free(w->seen);
	w->seen = NULL;
	w->nseen = 0;
	if (!w->err && (fflush(w->f) == EOF || ferror(w->f)))
		w->err = errno ? errno : EIO;
	return w->err;
}

static bool is_alpha_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

bool mw_valid_metric_name(const char *s)
{
	if (!s || !(is_alpha_(*s) || *s == ':'))
		return false;
	for (s++; *s; s++)
		if (!is_alpha_(*s) && !is_digit(*s) && *s != ':')
			return false;
	return true;
}

bool mw_valid_label_name(const char *s)
{
	if (!s || !is_alpha_(*s) || !strncmp(s, "__", 2))
		return false;
	for (s++; *s; s++)
		if (!is_alpha_(*s) && !is_digit(*s))
			return false;
	return true;
}

static void escape(FILE *f, const char *s, bool quote)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = ioasid_utf8_len(p);

		if (!n) {
			fputs("\xef\xbf\xbd", f); /* U+FFFD */
			p++;
			continue;
		}
		if (*p == '\\')
			fputs("\\\\", f);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '"' && quote)
			fputs("\\\"", f);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
}

void mw_escape_label(FILE *f, const char *s)
{
	escape(f, s, true);
}

void mw_escape_help(FILE *f, const char *s)
{
	escape(f, s, false);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

int mw_family(struct mw *w, const char *name, enum mw_type type, const char *help)
{
	char **nv;

	w->family = NULL;
	if (!mw_valid_metric_name(name) || (type == MW_COUNTER && !ends_with(name, "_total")))
		goto bad;
	for (size_t i = 0; i < w->nseen; i++)
		if (!strcmp(w->seen[i], name))
			goto bad;
	nv = realloc(w->seen, (w->nseen + 1) * sizeof(*nv));
	if (!nv || !(nv[w->nseen] = strdup(name))) {
		if (nv)
			w->seen = nv;
		if (!w->err)
			w->err = ENOMEM;
		return -ENOMEM;
	}
	w->seen = nv;
	w->nseen++;
	w->family = name;
	w->type = type;
	w->help = help;
	w->header_done = false;
	return 0;
bad:
	if (!w->err)
		w->err = EINVAL;
	return -EINVAL;
}

/* Check the pairs first, so that a bad label writes nothing at all. */
static int sample(struct mw *w, const char *value, va_list ap)
{
	const char *pairs[32];
	size_t n = 0;
	const char *k;

	if (!w->family)
		goto bad;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);

		if (n + 2 > sizeof(pairs) / sizeof(pairs[0]) || !mw_valid_label_name(k) || !v)
			goto bad;
		for (size_t i = 0; i < n; i += 2)
			if (!strcmp(pairs[i], k))
				goto bad;
		pairs[n++] = k;
		pairs[n++] = v;
	}
	if (!w->header_done) {
		fprintf(w->f, "# HELP %s ", w->family);
		mw_escape_help(w->f, w->help ? w->help : "");
		fprintf(w->f, "\n# TYPE %s %s\n", w->family,
			w->type == MW_COUNTER ? "counter" : "gauge");
		w->header_done = true;
	}
	fputs(w->family, w->f);
	for (size_t i = 0; i < n; i += 2) {
		fprintf(w->f, "%s%s=\"", i ? "," : "{", pairs[i]);
		mw_escape_label(w->f, pairs[i + 1]);
		fputc('"', w->f);
	}
	fprintf(w->f, "%s %s\n", n ? "}" : "", value);
	if (ferror(w->f)) {
		if (!w->err)
			w->err = errno ? errno : EIO;
		return -w->err;
	}
	return 0;
bad:
	if (!w->err)
		w->err = EINVAL;
	return -EINVAL;
}

int mw_u64(struct mw *w, uint64_t v, ...)
{
	char buf[24];
	va_list ap;
	int rc;

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	va_start(ap, v);
	rc = sample(w, buf, ap);
	va_end(ap);
	return rc;
}

int mw_double(struct mw *w, double v, ...)
{
	char buf[40];
	va_list ap;
	int rc;

	if (isnan(v))
		snprintf(buf, sizeof(buf), "NaN");
	else if (isinf(v))
		snprintf(buf, sizeof(buf), "%cInf", v > 0 ? '+' : '-');
	else {
		/* the shortest of 15 or 17 digits that reads back as v */
		snprintf(buf, sizeof(buf), "%.15g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, sizeof(buf), "%.17g", v);
	}
	va_start(ap, v);
	rc = sample(w, buf, ap);
	va_end(ap);
	return rc;
}
