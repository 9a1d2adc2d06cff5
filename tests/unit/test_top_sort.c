// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop's tables (src/cmd/top/top-view.c, top-sort.c): sorting by any
 * column (numbers, text, unknown last, stable), the filter, the tree by
 * cgroup and the changed-row marks, on samples built by hand.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "top/top.h"

/* column indices of the sets view (top-view.c set_cols[]) */
enum { SET, TYPE, OWNER, QUOTA, ALLOC, USE, ACTIVE, PRQ, RATE, CGROUP };

static struct ioasid_val v(uint64_t x)
{
	struct ioasid_val r = {x, 0};

	return r;
}

static struct ioasid_val bad(int err)
{
	struct ioasid_val r = {0, err};

	return r;
}

/* Four sets: 1 null (no cgroup), 2 and 4 in vm-a, 3 in vm-b; set 3's
 * allocated count is unreadable. */
static void mk_sample(struct top_sample *s)
{
	static struct top_set sets[4];

	memset(s, 0, sizeof(*s));
	memset(sets, 0, sizeof(sets));
	sets[0] = (struct top_set){.id = 1,
				   .type = IOASID_EXT_SET_NULL,
				   .quota = v(100),
				   .allocated = v(7),
				   .owner_pid = bad(ENOENT)};
	sets[1] = (struct top_set){.id = 2,
				   .type = IOASID_EXT_SET_MM,
				   .quota = v(10),
				   .allocated = v(3),
				   .owner_pid = v(4001),
				   .cgroup = "/m/vm-a"};
	sets[2] = (struct top_set){.id = 3,
				   .type = IOASID_EXT_SET_MM,
				   .quota = v(10),
				   .allocated = bad(EACCES),
				   .owner_pid = v(4002),
				   .cgroup = "/m/vm-b"};
	sets[3] = (struct top_set){.id = 4,
				   .type = IOASID_EXT_SET_MM,
				   .quota = v(10),
				   .allocated = v(3),
				   .owner_pid = v(4003),
				   .cgroup = "/m/vm-a"};
	s->sets = sets;
	s->nsets = 4;
}

static unsigned row_set(const struct top_table *t, size_t r)
{
	return (unsigned)t->rows[r].num[SET];
}

static void test_build_sets(void **state)
{
	struct top_sample s;
	struct top_table t;

	(void)state;
	mk_sample(&s);
	top_table_init(&t, TOP_VIEW_SETS);
	assert_int_equal(top_view_build(&t, TOP_VIEW_SETS, &s, NULL, false), 0);
	assert_int_equal(t.n, 4);
	assert_string_equal(top_row_key(&t, 1), "set 2");
	assert_string_equal(top_cell_text(&t, 1, CGROUP), "/m/vm-a");
	assert_string_equal(top_cell_text(&t, 1, OWNER), "4001");
	/* 3 of 10: 30 percent */
	assert_int_equal(t.rows[1].num[USE], 30);
	/* unreadable: "no perm", and USE unknown with it */
	assert_string_equal(top_cell_text(&t, 2, ALLOC), "no perm");
	assert_true(top_cell_is_null(&t, 2, ALLOC));
	assert_true(top_cell_is_null(&t, 2, USE));
	/* no owner (a null set) and no earlier sample: unknown */
	assert_true(top_cell_is_null(&t, 0, OWNER));
	assert_true(top_cell_is_null(&t, 0, RATE));
	top_table_free(&t);
}

static void test_sort(void **state)
{
	struct top_sample s;
	struct top_table t;

	(void)state;
	mk_sample(&s);
	top_table_init(&t, TOP_VIEW_SETS);
	top_view_build(&t, TOP_VIEW_SETS, &s, NULL, false);
	/* ALLOCATED ascending: 3 (set 2), 3 (set 4: a tie keeps the order),
	 * 7 (set 1), unknown (set 3) last */
	top_table_sort(&t, ALLOC, false);
	assert_int_equal(row_set(&t, 0), 2);
	assert_int_equal(row_set(&t, 1), 4);
	assert_int_equal(row_set(&t, 2), 1);
	assert_int_equal(row_set(&t, 3), 3);
	/* descending: 7, then the tie in the order before, unknown still last */
	top_table_sort(&t, ALLOC, true);
	assert_int_equal(row_set(&t, 0), 1);
	assert_int_equal(row_set(&t, 1), 2);
	assert_int_equal(row_set(&t, 2), 4);
	assert_int_equal(row_set(&t, 3), 3);
	/* text: CGROUP ascending, the null set's unknown cgroup last */
	top_table_sort(&t, CGROUP, false);
	assert_string_equal(top_cell_text(&t, 0, CGROUP), "/m/vm-a");
	assert_string_equal(top_cell_text(&t, 2, CGROUP), "/m/vm-b");
	assert_int_equal(row_set(&t, 3), 1);
	/* numbers as numbers, not text: QUOTA 100 above 10 */
	top_table_sort(&t, QUOTA, true);
	assert_int_equal(row_set(&t, 0), 1);
	/* a column past the end changes nothing */
	top_table_sort(&t, 99, false);
	assert_int_equal(row_set(&t, 0), 1);
	top_table_free(&t);
}

static void test_tree(void **state)
{
	struct top_sample s;
	struct top_table t;
	size_t idx[16], n;

	(void)state;
	mk_sample(&s);
	top_table_init(&t, TOP_VIEW_SETS);
	top_view_build(&t, TOP_VIEW_SETS, &s, NULL, true);
	/* groups in cgroup order: "(none)" < "/m/vm-a" < "/m/vm-b" by strcmp
	 * ('(' 0x28 < '/' 0x2f) */
	assert_int_equal(t.n, 7);
	assert_true(t.rows[0].group);
	assert_string_equal(top_row_key(&t, 0), "group (none)");
	assert_int_equal(row_set(&t, 1), 1);
	assert_true(t.rows[2].group);
	assert_string_equal(top_row_key(&t, 2), "group /m/vm-a");
	assert_int_equal(t.rows[3].depth, 1);
	/* sorting keeps each set under its group: SET descending in vm-a */
	top_table_sort(&t, SET, true);
	assert_true(t.rows[2].group);
	assert_int_equal(row_set(&t, 3), 4);
	assert_int_equal(row_set(&t, 4), 2);
	assert_true(t.rows[5].group);
	assert_int_equal(row_set(&t, 6), 3);
	/* the filter keeps a group whose rows match */
	n = top_table_filter(&t, "4003", idx);
	assert_int_equal(n, 2);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 3);
	top_table_free(&t);
}

static void test_filter(void **state)
{
	struct top_sample s;
	struct top_table t;
	size_t idx[8];

	(void)state;
	mk_sample(&s);
	top_table_init(&t, TOP_VIEW_SETS);
	top_view_build(&t, TOP_VIEW_SETS, &s, NULL, false);
	assert_int_equal(top_table_filter(&t, "", idx), 4);
	assert_int_equal(top_table_filter(&t, NULL, idx), 4);
	/* case-insensitive substring of any cell */
	assert_int_equal(top_table_filter(&t, "VM-A", idx), 2);
	assert_int_equal(row_set(&t, idx[0]), 2);
	assert_int_equal(row_set(&t, idx[1]), 4);
	assert_int_equal(top_table_filter(&t, "null", idx), 1);
	assert_int_equal(row_set(&t, idx[0]), 1);
	/* the key matches too ("set 3") */
	assert_int_equal(top_table_filter(&t, "set 3", idx), 1);
	assert_int_equal(row_set(&t, idx[0]), 3);
	/* an unknown cell's "-" / "no perm" is not data: no match */
	assert_int_equal(top_table_filter(&t, "no perm", idx), 0);
	assert_int_equal(top_table_filter(&t, "nothing like this", idx), 0);
	top_table_free(&t);
}

static void test_changes(void **state)
{
	struct top_sample s;
	struct top_table t;
	struct top_seen seen = {0};

	(void)state;
	mk_sample(&s);
	top_table_init(&t, TOP_VIEW_SETS);
	top_view_build(&t, TOP_VIEW_SETS, &s, NULL, false);
	assert_int_equal(top_mark_changes(&t, &seen), 0);
	for (size_t i = 0; i < t.n; i++)
		assert_false(t.rows[i].changed); /* the first frame marks nothing */
	top_view_build(&t, TOP_VIEW_SETS, &s, NULL, false);
	top_mark_changes(&t, &seen);
	for (size_t i = 0; i < t.n; i++)
		assert_false(t.rows[i].changed); /* nothing changed */
	/* set 2 allocates one more; set 4 is destroyed, set 5 created */
	s.sets[1].allocated.v = 4;
	s.sets[3].id = 5;
	top_view_build(&t, TOP_VIEW_SETS, &s, NULL, false);
	top_table_sort(&t, SET, true); /* the order does not matter */
	top_mark_changes(&t, &seen);
	for (size_t i = 0; i < t.n; i++) {
		unsigned id = row_set(&t, i);

		assert_int_equal(t.rows[i].changed, id == 2 || id == 5);
	}
	top_seen_free(&seen);
	top_table_free(&t);
}

static void test_cgroups_view(void **state)
{
	struct top_sample s = {0};
	struct top_cg cg[2] = {0};
	struct top_table t;
	size_t ncols;
	const struct top_col *cols = top_view_cols(TOP_VIEW_CGROUPS, &ncols);

	(void)state;
	cg[0] = (struct top_cg){.path = "/m/a",
				.has_ioasids = true,
				.io_cur = v(3),
				.io_max = v(4),
				.io_events = v(1),
				.misc_cur = bad(ENOENT),
				.misc_max = bad(ENOENT),
				.misc_events = bad(ENOENT)};
	cg[1] = (struct top_cg){.path = "/m/b",
				.has_ioasids = true,
				.io_cur = v(2),
				.io_max = v(UINT64_MAX),
				.io_unlimited = true,
				.io_events = v(0),
				.has_misc = true,
				.misc_cur = v(2),
				.misc_max = v(2),
				.misc_events = v(0)};
	s.cgs = cg;
	s.ncg = 2;
	top_table_init(&t, TOP_VIEW_CGROUPS);
	top_view_build(&t, TOP_VIEW_CGROUPS, &s, NULL, false);
	assert_string_equal(cols[1].pr->name, "IOASIDS_MAX");
	assert_string_equal(top_cell_text(&t, 1, 1), "max");
	/* use: 3 of 4 = 75; b: ioasids unlimited, misc 2 of 2 = 100 */
	assert_int_equal(t.rows[0].num[6], 75);
	assert_int_equal(t.rows[1].num[6], 100);
	/* "max" sorts above every number */
	top_table_sort(&t, 1, true);
	assert_string_equal(top_row_key(&t, 0), "/m/b");
	top_table_sort(&t, 1, false);
	assert_string_equal(top_row_key(&t, 0), "/m/a");
	top_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_sets), cmocka_unit_test(test_sort),
		cmocka_unit_test(test_tree),	   cmocka_unit_test(test_filter),
		cmocka_unit_test(test_changes),	   cmocka_unit_test(test_cgroups_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
