// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Prometheus text format writer of ioasidctl stats (src/cmd/print/metrics.c).
 * Expected text is written by hand from the format's specification
 * (https://prometheus.io/docs/instrumenting/exposition_formats/, text
 * format 0.0.4): label values escape backslash as \\, double quote as \"
 * and line feed as \n; HELP text escapes backslash and line feed only;
 * metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*;
 * values are Go floats (+Inf, -Inf, NaN). Every output line is also checked
 * against a regular expression of that grammar.
 */
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "print/metrics.h"

struct buf {
	char *text;
	size_t len;
	FILE *f;
};

static void buf_open(struct buf *b)
{
	memset(b, 0, sizeof(*b));
	b->f = open_memstream(&b->text, &b->len);
	assert_non_null(b->f);
}

static void buf_close(struct buf *b)
{
	fclose(b->f);
}

static char *escaped(const char *s, bool label)
{
	struct buf b;

	buf_open(&b);
	if (label)
		mw_escape_label(b.f, s);
	else
		mw_escape_help(b.f, s);
	buf_close(&b);
	return b.text;
}

static void test_escape_label(void **state)
{
	char *s;

	(void)state;
	s = escaped("a\\b\"c\nd", true);
	assert_string_equal(s, "a\\\\b\\\"c\\nd");
	free(s);
	/* a cgroup path as systemd names VM scopes */
	s = escaped("/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope", true);
	assert_string_equal(s, "/machine.slice/machine-qemu\\\\x2d1\\\\x2dvm1.scope");
	free(s);
	s = escaped("", true);
	assert_string_equal(s, "");
	free(s);
	/* valid UTF-8 stays; tab and other controls are not escaped by the format */
	s = escaped("\xc3\xa9t\xc3\xa9\t\xf0\x9f\x98\x80", true);
	assert_string_equal(s, "\xc3\xa9t\xc3\xa9\t\xf0\x9f\x98\x80");
	free(s);
}

static void test_escape_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xff",		    /* never valid */
		"\xc0\xaf",	    /* overlong "/" */
		"\xe0\x80\xaf",	    /* overlong, 3 bytes */
		"\xed\xa0\x80",	    /* a surrogate */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xc3",		    /* truncated */
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s = escaped(bad[i], true);
		/* each bad byte becomes U+FFFD, nothing else survives */
		assert_true(strlen(s) == 3 * strlen(bad[i]));
		for (size_t k = 0; k < strlen(bad[i]); k++)
			assert_memory_equal(s + 3 * k, "\xef\xbf\xbd", 3);
		free(s);
	}
	s = escaped("a\xff\"", true);
	assert_string_equal(s, "a\xef\xbf\xbd\\\"");
	free(s);
}

static void test_escape_help(void **state)
{
	char *s;

	(void)state;
	s = escaped("say \"max\"\\n\nnext", false);
	assert_string_equal(s, "say \"max\"\\\\n\\nnext");
	free(s);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(mw_valid_metric_name("ioasid_set_quota"));
	assert_true(mw_valid_metric_name(":a:b_9"));
	assert_true(mw_valid_metric_name("_x"));
	assert_false(mw_valid_metric_name(""));
	assert_false(mw_valid_metric_name(NULL));
	assert_false(mw_valid_metric_name("9abc"));
	assert_false(mw_valid_metric_name("a-b"));
	assert_false(mw_valid_metric_name("a b"));
	assert_false(mw_valid_metric_name("\xc3\xa9"));
	assert_true(mw_valid_label_name("iommu"));
	assert_true(mw_valid_label_name("_x9"));
	assert_false(mw_valid_label_name("__name__"));
	assert_false(mw_valid_label_name("a:b"));
	assert_false(mw_valid_label_name("9a"));
	assert_false(mw_valid_label_name(""));
}

static void test_family_text(void **state)
{
	struct mw w;
	struct buf b;

	(void)state;
	buf_open(&b);
	mw_init(&w, b.f);
	assert_int_equal(mw_family(&w, "ioasid_empty", MW_GAUGE, "never sampled"), 0);
	assert_int_equal(mw_family(&w, "ioasid_x_total", MW_COUNTER, "a \\ b\nc"), 0);
	assert_int_equal(mw_u64(&w, UINT64_MAX, "cgroup", "/a\"b", "set", "7", NULL), 0);
	assert_int_equal(mw_u64(&w, 0, NULL), 0);
	assert_int_equal(mw_family(&w, "ioasid_y", MW_GAUGE, ""), 0);
	assert_int_equal(mw_double(&w, INFINITY, "l", "v", NULL), 0);
	assert_int_equal(mw_double(&w, -INFINITY, NULL), 0);
	assert_int_equal(mw_double(&w, NAN, NULL), 0);
	assert_int_equal(mw_double(&w, 0.25, NULL), 0);
	assert_int_equal(mw_double(&w, 0.1, NULL), 0);
	assert_int_equal(mw_finish(&w), 0);
	buf_close(&b);
	assert_string_equal(b.text,
			    "# HELP ioasid_x_total a \\\\ b\\nc\n"
			    "# TYPE ioasid_x_total counter\n"
			    "ioasid_x_total{cgroup=\"/a\\\"b\",set=\"7\"} 18446744073709551615\n"
			    "ioasid_x_total 0\n"
			    "# HELP ioasid_y \n"
			    "# TYPE ioasid_y gauge\n"
			    "ioasid_y{l=\"v\"} +Inf\n"
			    "ioasid_y -Inf\n"
			    "ioasid_y NaN\n"
			    "ioasid_y 0.25\n"
			    "ioasid_y 0.1\n");
	free(b.text);
}

/* Grammar violations write nothing and leave EINVAL behind. */
static void test_refused(void **state)
{
	struct mw w;
	struct buf b;

	(void)state;
	buf_open(&b);
	mw_init(&w, b.f);
	assert_int_equal(mw_u64(&w, 1, NULL), -EINVAL); /* no family yet */
	assert_int_equal(mw_family(&w, "ioasid_count", MW_COUNTER, "h"), -EINVAL);
	assert_int_equal(mw_u64(&w, 1, NULL), -EINVAL); /* the refused family */
	assert_int_equal(mw_family(&w, "bad-name", MW_GAUGE, "h"), -EINVAL);
	assert_int_equal(mw_family(&w, "ioasid_a", MW_GAUGE, "h"), 0);
	assert_int_equal(mw_u64(&w, 1, "bad-label", "v", NULL), -EINVAL);
	assert_int_equal(mw_u64(&w, 1, "__reserved", "v", NULL), -EINVAL);
	assert_int_equal(mw_u64(&w, 1, "l", "v", "l", "w", NULL), -EINVAL); /* twice */
	assert_int_equal(mw_u64(&w, 1, "l", NULL), -EINVAL);		    /* no value */
	assert_int_equal(mw_family(&w, "ioasid_a", MW_GAUGE, "again"), -EINVAL);
	assert_int_equal(mw_finish(&w), EINVAL);
	buf_close(&b);
	assert_int_equal(b.len, 0);
	free(b.text);
}

static void test_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct mw w;

	(void)state;
	if (!f)
		skip();
	mw_init(&w, f);
	mw_family(&w, "ioasid_a", MW_GAUGE, "h");
	for (int i = 0; i < 2000; i++)
		mw_u64(&w, (uint64_t)i, "set", "1", NULL);
	assert_int_equal(mw_finish(&w), ENOSPC);
	fclose(f);
}

/* Every line of output with hostile label values fits the grammar. */
static void test_line_grammar(void **state)
{
	static const char *const values[] = {"",    "\\",	"\"",	"\n",		"\\\"\n\\",
					     "a b", "\xff\xfe", "{}=,", "\xe2\x82\xac", "#"};
	const char *name = "[a-zA-Z_:][a-zA-Z0-9_:]*";
	const char *lv = "\"([^\"\\\\\n]|\\\\[\\\\\"n])*\"";
	char re_help[256], re_type[256], re_sample[512];
	regex_t help, type, sample;
	struct mw w;
	struct buf b;
	size_t lines = 0;

	(void)state;
	snprintf(re_help, sizeof(re_help), "^# HELP %s ([^\\\\\n]|\\\\[\\\\n])*$", name);
	snprintf(re_type, sizeof(re_type), "^# TYPE %s (counter|gauge)$", name);
	snprintf(re_sample, sizeof(re_sample),
		 "^%s(\\{[a-zA-Z_][a-zA-Z0-9_]*=%s(,[a-zA-Z_][a-zA-Z0-9_]*=%s)*\\})? "
		 "([-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|[-+]Inf|NaN)$",
		 name, lv, lv);
	assert_int_equal(regcomp(&help, re_help, REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&type, re_type, REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&sample, re_sample, REG_EXTENDED | REG_NOSUB), 0);
	buf_open(&b);
	mw_init(&w, b.f);
	mw_family(&w, "ioasid_g", MW_GAUGE, "help with \\ and\nnewline and \"quotes\"");
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		mw_u64(&w, i, "cgroup", values[i], NULL);
		mw_double(&w, (double)i / 3, "a", values[i], "b", values[(i + 1) % 10], NULL);
	}
	mw_family(&w, "ioasid_c_total", MW_COUNTER, values[4]);
	mw_double(&w, 1e300, NULL);
	mw_double(&w, -2.5e-300, NULL);
	assert_int_equal(mw_finish(&w), 0);
	buf_close(&b);
	assert_true(b.len > 0 && b.text[b.len - 1] == '\n');
	for (char *line = strtok(b.text, "\n"); line; line = strtok(NULL, "\n")) {
		bool ok = !regexec(&help, line, 0, NULL, 0) || !regexec(&type, line, 0, NULL, 0) ||
			  !regexec(&sample, line, 0, NULL, 0);

		if (!ok)
			fail_msg("line does not fit the grammar: %s", line);
		lines++;
	}
	/* 2 + 20 samples, 2 + 2 */
	assert_int_equal(lines, 26);
	regfree(&help);
	regfree(&type);
	regfree(&sample);
	free(b.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_label), cmocka_unit_test(test_escape_invalid_utf8),
		cmocka_unit_test(test_escape_help),  cmocka_unit_test(test_names),
		cmocka_unit_test(test_family_text),  cmocka_unit_test(test_refused),
		cmocka_unit_test(test_write_error),  cmocka_unit_test(test_line_grammar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
