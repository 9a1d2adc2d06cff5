// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop's layout (src/cmd/top/top-layout.c), a pure function of the
 * terminal size: exact rectangles at a few sizes, worked out by hand from
 * the rules in top-layout.c's comment, and invariants at many sizes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "top/top.h"

static void rect_eq(const struct top_rect *r, int y, int x, int h, int w)
{
	assert_int_equal(r->y, y);
	assert_int_equal(r->x, x);
	assert_int_equal(r->h, h);
	assert_int_equal(r->w, w);
}

static void test_80x24(void **state)
{
	struct top_layout_in in = {24, 80, 2, false, false, false};
	struct top_layout l;

	(void)state;
	top_layout(&in, &l);
	assert_false(l.too_small);
	rect_eq(&l.title, 0, 0, 1, 80);
	rect_eq(&l.bar, 1, 0, 1, 80);
	rect_eq(&l.counts, 2, 0, 1, 80);
	/* two IOMMU lines (24 / 6 = 4 allowed) */
	rect_eq(&l.units, 3, 0, 2, 80);
	rect_eq(&l.cgroups, 5, 0, 1, 80);
	/* body: 24 - 1 - 6 = 17 */
	rect_eq(&l.table, 6, 0, 17, 80);
	rect_eq(&l.status, 23, 0, 1, 80);
	assert_int_equal(l.detail.h, 0);
	assert_int_equal(l.events.h, 0);

	/* events: 17 / 4 = 4 rows at the bottom */
	in.events = true;
	top_layout(&in, &l);
	rect_eq(&l.events, 19, 0, 4, 80);
	rect_eq(&l.table, 6, 0, 13, 80);

	/* and the detail below the table (80 < 120 columns): 13 / 2 = 6 */
	in.detail = true;
	top_layout(&in, &l);
	rect_eq(&l.table, 6, 0, 7, 80);
	rect_eq(&l.detail, 13, 0, 6, 80);
}

static void test_wide_detail(void **state)
{
	struct top_layout_in in = {40, 120, 1, true, false, false};
	struct top_layout l;

	(void)state;
	top_layout(&in, &l);
	/* 120 * 2 / 5 = 48 to the right, one blank column: x 73 w 47; the
	 * body: 40 - 1 - (3 + 1 + 1) = 34 */
	rect_eq(&l.table, 5, 0, 34, 72);
	rect_eq(&l.detail, 5, 73, 34, 47);
}

static void test_small(void **state)
{
	struct top_layout_in in = {24, 39, 0, false, false, false};
	struct top_layout l;

	(void)state;
	top_layout(&in, &l);
	assert_true(l.too_small);
	rect_eq(&l.status, 23, 0, 1, 39);
	in.cols = 40;
	in.rows = 7;
	top_layout(&in, &l);
	assert_true(l.too_small);
	in.rows = 0;
	in.cols = 0;
	top_layout(&in, &l);
	assert_true(l.too_small);
	assert_int_equal(l.status.h, 0);
	/* 40x8, the smallest: no cgroup line (< 12 rows), one IOMMU line
	 * (8 / 6), a table of heading + 1 row */
	in.rows = 8;
	in.cols = 40;
	in.nunits = 3;
	top_layout(&in, &l);
	assert_false(l.too_small);
	assert_int_equal(l.units.h, 1);
	assert_int_equal(l.cgroups.h, 0);
	rect_eq(&l.table, 4, 0, 3, 40);
	/* a detail pane does not fit: stays closed */
	in.detail = true;
	top_layout(&in, &l);
	assert_int_equal(l.detail.h, 0);
}

static void test_help(void **state)
{
	struct top_layout_in in = {30, 100, 2, true, true, true};
	struct top_layout l;

	(void)state;
	top_layout(&in, &l);
	/* header 3 + 2 + 1 = 6; help to the status line */
	rect_eq(&l.help, 6, 0, 23, 100);
	assert_int_equal(l.table.h, 0);
	assert_int_equal(l.detail.h, 0);
	assert_int_equal(l.events.h, 0);
}

static bool overlap(const struct top_rect *a, const struct top_rect *b)
{
	if (!a->h || !b->h || !a->w || !b->w)
		return false;
	return a->y < b->y + b->h && b->y < a->y + a->h && a->x < b->x + b->w && b->x < a->x + a->w;
}

static void test_many_sizes(void **state)
{
	(void)state;
	for (int rows = 1; rows <= 120; rows += 1)
		for (int cols = 1; cols <= 320; cols += 7)
			for (int f = 0; f < 16; f++) {
				struct top_layout_in in = {rows,  cols,	 f & 8 ? 64 : 2,
							   f & 1, f & 2, f & 4};
				struct top_layout l;
				const struct top_rect *r[] = {
					&l.title, &l.bar,    &l.counts, &l.units, &l.cgroups,
					&l.table, &l.detail, &l.events, &l.help,  &l.status};
				size_t n = sizeof(r) / sizeof(r[0]);

				top_layout(&in, &l);
				if (cols < TOP_MIN_COLS || rows < TOP_MIN_ROWS) {
					assert_true(l.too_small);
					continue;
				}
				assert_false(l.too_small);
				for (size_t i = 0; i < n; i++) {
					if (!r[i]->h)
						continue;
					assert_true(r[i]->y >= 0 && r[i]->x >= 0);
					assert_true(r[i]->y + r[i]->h <= rows);
					assert_true(r[i]->x + r[i]->w <= cols);
					for (size_t j = i + 1; j < n; j++)
						assert_false(overlap(r[i], r[j]));
				}
				assert_int_equal(l.title.y, 0);
				assert_int_equal(l.status.y, rows - 1);
				assert_true(l.units.h <= in.nunits && l.units.h <= rows / 6);
				if (in.help) {
					assert_true(l.help.h >= 1);
					continue;
				}
				/* the heading and at least one row */
				assert_true(l.table.h >= 2);
				if (l.events.h)
					assert_true(l.events.h >= 3 && l.events.h <= 8);
				if (in.detail && cols >= 120)
					assert_true(l.detail.h > 0);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_80x24),	   cmocka_unit_test(test_wide_detail),
		cmocka_unit_test(test_small),	   cmocka_unit_test(test_help),
		cmocka_unit_test(test_many_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
