// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the Prometheus text writer of ioasidctl stats (src/cmd/print/metrics.c,
 * and text.c, compiled in here: the fuzz build links only the library). The input is
 * split at NUL bytes into a metric name, HELP text, label name, two label
 * values and a value; whatever they hold, every line written must fit the
 * 0.0.4 grammar and be valid UTF-8, and a refused name writes nothing. */
#include <math.h>

#include "fuzz_common.h"
#include "../src/cmd/print/metrics.c"
#include "../src/cmd/print/text.c"

static const char *name_end(const char *p, bool metric)
{
	if (!(is_alpha_(*p) || (metric && *p == ':')))
		return NULL;
	for (p++; is_alpha_(*p) || is_digit(*p) || (metric && *p == ':'); p++)
		;
	return p;
}

/* a quoted label value: \\, \" and \n only; returns past the closing quote */
static const char *label_value_end(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p && *p != '"'; p++)
		if (*p == '\\' && (p[1] == '\\' || p[1] == '"' || p[1] == 'n'))
			p++;
		else if (*p == '\\' || *p == '\n')
			return NULL;
	return *p == '"' ? p + 1 : NULL;
}

static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	for (; *p; p += n)
		if (!(n = ioasid_utf8_len(p)))
			return false;
	return true;
}

static bool line_ok(const char *l)
{
	const char *p;

	if (!utf8_ok(l))
		return false;
	if (!strncmp(l, "# HELP ", 7)) {
		if (!(p = name_end(l + 7, true)) || *p++ != ' ')
			return false;
		for (; *p; p++)
			if (*p == '\\' && (p[1] == '\\' || p[1] == 'n'))
				p++;
			else if (*p == '\\')
				return false;
		return true;
	}
	if (!strncmp(l, "# TYPE ", 7)) {
		if (!(p = name_end(l + 7, true)) || *p++ != ' ')
			return false;
		return !strcmp(p, "counter") || !strcmp(p, "gauge");
	}
	if (!(p = name_end(l, true)))
		return false;
	if (*p == '{') {
		do {
			p++;
			if (!(p = name_end(p, false)) || *p++ != '=' || !(p = label_value_end(p)))
				return false;
		} while (*p == ',');
		if (*p++ != '}')
			return false;
	}
	if (*p++ != ' ' || !*p)
		return false;
	return strchr(p, ' ') == NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size), *f[6] = {"", "", "", "", "", ""};
	char *out = NULL, *p = text;
	size_t len = 0, nf = 0;
	FILE *m = open_memstream(&out, &len);
	struct mw w;
	double d;
	int rc;

	if (!m)
		abort();
	while (nf < 6) {
		f[nf++] = p;
		p += strlen(p);
		if (p >= text + size)
			break;
		p++;
	}
	d = strtod(f[5], NULL);
	mw_init(&w, m);
	rc = mw_family(&w, f[0], (size & 1) ? MW_COUNTER : MW_GAUGE, f[1]);
	FUZZ_CHECK((rc == 0) == (mw_valid_metric_name(f[0]) &&
				 (!(size & 1) || (strlen(f[0]) >= 6 &&
						  !strcmp(f[0] + strlen(f[0]) - 6, "_total")))));
	mw_u64(&w, len, "iommu", f[3], "cgroup", f[4], NULL);
	mw_u64(&w, 1, f[2], f[3], NULL);
	mw_double(&w, d, "device", f[4], NULL);
	mw_double(&w, NAN, NULL);
	rc = mw_finish(&w);
	fclose(m);
	if (mw_valid_metric_name(f[0]) && (size & 1) == 0)
		FUZZ_CHECK(len > 0);
	if (!mw_valid_metric_name(f[0]))
		FUZZ_CHECK(len == 0 && rc == EINVAL);
	FUZZ_CHECK(len == 0 || out[len - 1] == '\n');
	for (char *l = out, *nl; l && *l; l = nl + 1) {
		nl = strchr(l, '\n');
		FUZZ_CHECK(nl != NULL);
		*nl = '\0';
		FUZZ_CHECK(line_ok(l));
	}
	free(out);
	free(text);
	return 0;
}
