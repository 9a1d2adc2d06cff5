// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop's rate arithmetic (src/cmd/top/top-rate.c). The per-CPU interrupt
 * counts are 32-bit (kernel/irq/proc.c show_interrupts() "%10u",
 * kernel/irq/irqdesc.c per_cpu_count_show() "%u"), prq_count is u64. The
 * expected values are worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "top/top.h"

static void test_delta(void **state)
{
	(void)state;
	assert_int_equal(top_counter_delta(10, 25, 32), 15);
	assert_int_equal(top_counter_delta(7, 7, 32), 0);
	/* wrap: 0xfffffff0 -> 0x10 is 0xf to the top, 1 to 0, 0x10 more = 32 */
	assert_int_equal(top_counter_delta(0xfffffff0u, 0x10, 32), 32);
	/* from the top itself: 0xffffffff -> 4 is 5 */
	assert_int_equal(top_counter_delta(0xffffffffu, 4, 32), 5);
	/* a drop from low in the range is a reset (the line was freed and
	 * requested again): what came since is the new value */
	assert_int_equal(top_counter_delta(1000, 5, 32), 5);
	/* 64-bit wrap: UINT64_MAX - 1 -> 3 is 1 + 1 + 3 = 5 */
	assert_int_equal(top_counter_delta(UINT64_MAX - 1, 3, 64), 5);
	/* a value above a 32-bit range is no wrap: a reset */
	assert_int_equal(top_counter_delta(UINT64_C(1) << 40, 9, 32), 9);
}

static struct top_irq_sample mk(unsigned irq, double t, size_t n, unsigned *cpu, uint64_t *count)
{
	struct top_irq_sample s = {true, irq, n, cpu, count, t};

	return s;
}

static void test_irq_rate(void **state)
{
	unsigned c3[] = {0, 1, 2};
	uint64_t a3[] = {10, 20, 30}, b3[] = {15, 20, 40};
	struct top_irq_sample a = mk(27, 1.0, 3, c3, a3), b = mk(27, 3.0, 3, c3, b3);
	struct top_rate r;

	(void)state;
	/* (15-10) + 0 + (40-30) = 15 in 2 s */
	top_irq_rate(&a, &b, &r);
	assert_true(r.known);
	assert_false(r.partial);
	assert_int_equal(r.delta, 15);
	assert_true(r.per_sec > 7.49 && r.per_sec < 7.51);
}

static void test_irq_wrap(void **state)
{
	unsigned c2[] = {0, 1};
	uint64_t a2[] = {0xffffffffu, 100}, b2[] = {4, 101};
	struct top_irq_sample a = mk(5, 0.0, 2, c2, a2), b = mk(5, 1.0, 2, c2, b2);
	struct top_rate r;

	(void)state;
	/* CPU 0 wraps: 5; CPU 1: 1 */
	top_irq_rate(&a, &b, &r);
	assert_true(r.known);
	assert_int_equal(r.delta, 6);
}

static void test_irq_hotplug(void **state)
{
	unsigned ca[] = {0, 1}, cb[] = {0, 1, 2}, cc[] = {1, 3};
	uint64_t a[] = {10, 10}, b[] = {12, 13, 500}, c[] = {20, 7};
	struct top_irq_sample sa = mk(9, 0.0, 2, ca, a), sb = mk(9, 1.0, 3, cb, b);
	struct top_irq_sample sc = mk(9, 2.0, 2, cc, c);
	struct top_rate r;

	(void)state;
	/* CPU 2 came online: its 500 are not counted, the rate is partial */
	top_irq_rate(&sa, &sb, &r);
	assert_true(r.known);
	assert_true(r.partial);
	assert_int_equal(r.delta, 2 + 3);
	/* CPUs 0 and 2 went, 3 came: only CPU 1 (13 -> 20) compares */
	top_irq_rate(&sb, &sc, &r);
	assert_true(r.known);
	assert_true(r.partial);
	assert_int_equal(r.delta, 7);
	/* no CPU in common: unknown */
	{
		unsigned cx[] = {5};
		uint64_t x[] = {1};
		struct top_irq_sample sx = mk(9, 3.0, 1, cx, x);

		top_irq_rate(&sa, &sx, &r);
		assert_false(r.known);
	}
}

static void test_irq_missing(void **state)
{
	unsigned c1[] = {0};
	uint64_t a1[] = {1}, b1[] = {2};
	struct top_irq_sample a = mk(3, 1.0, 1, c1, a1), b = mk(3, 2.0, 1, c1, b1);
	struct top_rate r;

	(void)state;
	top_irq_rate(NULL, &b, &r); /* the first frame */
	assert_false(r.known);
	a.valid = false; /* the line could not be read last time */
	top_irq_rate(&a, &b, &r);
	assert_false(r.known);
	a.valid = true;
	a.irq = 4; /* another interrupt under the same name */
	top_irq_rate(&a, &b, &r);
	assert_false(r.known);
	a.irq = 3;
	a.t = 2.0; /* no time between: no rate */
	top_irq_rate(&a, &b, &r);
	assert_false(r.known);
}

static void test_count_rate(void **state)
{
	struct top_rate r;

	(void)state;
	top_count_rate(false, 0, 50, 1.0, &r);
	assert_false(r.known);
	top_count_rate(true, 100, 160, 2.0, &r);
	assert_true(r.known);
	assert_int_equal(r.delta, 60);
	assert_true(r.per_sec > 29.99 && r.per_sec < 30.01);
	top_count_rate(true, 100, 160, 0.0, &r);
	assert_false(r.known);
	top_count_rate(true, 100, 160, -1.0, &r);
	assert_false(r.known);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delta),	    cmocka_unit_test(test_irq_rate),
		cmocka_unit_test(test_irq_wrap),    cmocka_unit_test(test_irq_hotplug),
		cmocka_unit_test(test_irq_missing), cmocka_unit_test(test_count_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
