// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rates from two samples. Pure arithmetic, tested on its own
 * (tests/unit/test_top_rate.c): counter wrap, CPUs that came or went
 * between the samples, a missing sample.
 *
 * The kernel's per-CPU interrupt counts are 32-bit: kernel/irq/proc.c
 * show_interrupts() prints each with "%10u" and kernel/irq/irqdesc.c
 * per_cpu_count_show() with "%u" (the kstat_irqs_cpu() unsigned int), so
 * they wrap at 2^32 on a busy line; prq_count is a u64 attribute
 * (ioasid-abi(7)).
 */
#include <stdlib.h>

#include "top/top.h"

uint64_t top_counter_delta(uint64_t prev, uint64_t cur, unsigned bits)
{
	uint64_t range_max = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;

	if (cur >= prev)
		return cur - prev;
	/* wrapped: the earlier value was close enough to the top that the
	 * counter can have passed it; else a reset to 0 and counting again */
	if (prev > range_max / 2 && prev <= range_max)
		return range_max - prev + cur + 1;
	return cur;
}

void top_count_rate(bool have_prev, uint64_t prev, uint64_t cur, double dt, struct top_rate *out)
{
	*out = (struct top_rate){0};
	if (!have_prev || !(dt > 0))
		return;
	out->known = true;
	out->delta = top_counter_delta(prev, cur, 64);
	out->per_sec = (double)out->delta / dt;
}

void top_irq_rate(const struct top_irq_sample *a, const struct top_irq_sample *b,
		  struct top_rate *out)
{
	double dt;
	size_t i = 0, j = 0, common = 0;

	*out = (struct top_rate){0};
	if (!a || !b || !a->valid || !b->valid)
		return;
	/* another line under the same name (re-probed driver): not comparable */
	if (a->irq != b->irq)
		return;
	dt = b->t - a->t;
	if (!(dt > 0))
		return;
	/* both lists ascend by CPU number: merge them */
	while (i < a->ncpus && j < b->ncpus) {
		if (a->cpu[i] < b->cpu[j]) {
			out->partial = true; /* went offline: its events are unknown */
			i++;
		} else if (a->cpu[i] > b->cpu[j]) {
			out->partial = true; /* came online: no earlier count */
			j++;
		} else {
			out->delta += top_counter_delta(a->count[i], b->count[j], 32);
			common++;
			i++;
			j++;
		}
	}
	if (i < a->ncpus || j < b->ncpus)
		out->partial = true;
	if (!common)
		return;
	out->known = true;
	out->per_sec = (double)out->delta / dt;
}

void top_irq_sample_free(struct top_irq_sample *s)
{
	free(s->cpu);
	free(s->count);
	s->cpu = NULL;
	s->count = NULL;
	s->ncpus = 0;
}
