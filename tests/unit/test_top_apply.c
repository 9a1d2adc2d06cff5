// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop's changed-host frame (src/cmd/top/top-sample.c
 * top_sample_apply, top-view.c top_view_update_ioasids): an emulated host
 * is changed through its model, the sets the event log names are applied
 * to the sample taken before, and the result is compared with the model's
 * own state after the change (the oracle: ioasid_model_ioasid_next), and
 * the updated rows with the rows a full build of the same sample gives.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ioasid-events.h"
#include "ioasid-model.h"
#include "ioasid-sim.h"
#include "top/top.h"

#define MAXIO 64

struct oracle {
	size_t n;
	struct ioasid_model_ioasid_info io[MAXIO];
};

/* The model's IOASIDs after the change, in ascending order. */
static int read_oracle(struct ioasid_sim_host *h, void *arg)
{
	struct oracle *o = arg;
	struct ioasid_model_ioasid_info i;

	o->n = 0;
	for (uint32_t from = 1;
	     o->n < MAXIO &&
	     ioasid_model_ioasid_next(ioasid_sim_model(h), IOASID_MODEL_ANY_SET, from, &i) == 0;
	     from = i.id + 1)
		o->io[o->n++] = i;
	return 0;
}

/* sim init --vms 3: sets 2, 3, 4 (VMs 4001-4003) hold IOASIDs 1-6, the
 * odd ones bound to SPID 1 (active, refs 2), the even ones idle. The
 * change: two allocations in set 3 (ALLOC x2), a bind in set 4 (BIND), an
 * allocation in the null set 1 (ALLOC), and the free of idle IOASID 2 of
 * set 2, released at once without a notification (seed:5456). */
static int change(struct ioasid_sim_host *h, void *arg)
{
	struct ioasid_model *m = ioasid_sim_model(h);

	(void)arg;
	assert_true(ioasid_model_alloc(m, 3, 1, 0xfffff) > 0);
	assert_true(ioasid_model_alloc(m, 3, 1, 0xfffff) > 0);
	assert_int_equal(ioasid_model_attach_spid(m, 6, 9), 0);
	assert_true(ioasid_model_alloc(m, 1, 1, 0xfffff) > 0);
	assert_int_equal(ioasid_model_free_ioasid(m, 2, 2), 1);
	return 0;
}

struct named {
	uint32_t sets[32];
	size_t n;
	bool lost;
};

static int on_event(const struct ioasid_event *ev, void *arg)
{
	struct named *nm = arg;
	const char *set = ioasid_event_field(ev, "set");

	if (!strcmp(ev->action, "lost") || !set)
		nm->lost = true;
	else if (nm->n < 32)
		nm->sets[nm->n++] = (uint32_t)strtoul(set, NULL, 10);
	return 0;
}

static void zero_rates(struct top_sample *s)
{
	for (size_t i = 0; i < s->nio; i++)
		s->io[i].prq_rate = (struct top_rate){.known = true};
}

/* Same rows, same order, same text. */
static void assert_tables_equal(const struct top_table *a, const struct top_table *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t r = 0; r < a->n; r++) {
		assert_string_equal(top_row_key(a, r), top_row_key(b, r));
		for (size_t c = 0; c < a->ncols; c++)
			assert_string_equal(top_cell_text(a, r, c), top_cell_text(b, r, c));
		assert_int_equal(a->rows[r].null_mask, b->rows[r].null_mask);
	}
}

static void test_apply(void **state)
{
	char dir[] = "/tmp/test_top_apply.XXXXXX", host[64], cmd[96];
	struct ioasid_sim_init_opts o = {.platform = "spr-dsa", .vms = 3};
	struct ioasid_error err = {0};
	struct ioasid_ctx *c0, *c1;
	struct ioasid_evsrc *src;
	struct top_sample old, ns;
	struct top_applied what;
	struct named nm = {0};
	struct oracle want;
	uint64_t states[4] = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(host, sizeof(host), "%s/h", dir);
	assert_int_equal(ioasid_sim_init(host, &o, &err), 0);
	assert_int_equal(ioasid_sim_open(&c0, host, &err), 0);
	assert_int_equal(top_sample_take(c0, TOP_WANT_BINDINGS, &old), 0);
	assert_int_equal(old.nio, 6);
	assert_int_equal(ioasid_evsrc_open_sim(host, IOASID_EVENT_IOASID, &src, &err), 0);

	assert_int_equal(ioasid_sim_mutate(host, change, NULL, false, &err), 0);
	assert_true(ioasid_evsrc_read(src, on_event, &nm, &err) >= 0);
	assert_false(nm.lost);
	/* ALLOC, ALLOC (set 3), BIND (set 4), ALLOC (set 1); no set 2 */
	assert_int_equal(nm.n, 4);

	assert_int_equal(ioasid_sim_open(&c1, host, &err), 0);
	assert_int_equal(top_sample_apply(c1, TOP_WANT_BINDINGS, &old, nm.sets, nm.n, &ns, &what),
			 0);
	assert_int_equal(ioasid_sim_mutate(host, read_oracle, &want, true, &err), 0);
	/* the silent release shows in set 2's record: read again too */
	assert_int_equal(what.ndirty, 4);
	assert_true(what.dirty[0] == 1 && what.dirty[1] == 2 && what.dirty[2] == 3 &&
		    what.dirty[3] == 4);
	assert_int_equal(ns.nio, want.n);
	for (size_t i = 0; i < want.n; i++) {
		const struct ioasid_model_ioasid_info *w = &want.io[i];
		const struct top_io *g = &ns.io[i];

		assert_int_equal(g->ioasid, w->id);
		assert_int_equal(g->set, w->set);
		assert_int_equal(g->state, (uint32_t)w->state);
		assert_int_equal(g->refs, w->refs);
		assert_int_equal(g->has_spid, w->spid != IOASID_MODEL_INVALID);
		if (g->has_spid)
			assert_int_equal(g->spid, w->spid);
		states[w->state]++;
	}
	assert_memory_equal(ns.states, states, sizeof(states));
	/* the sets view's sums: set 4 now has both IOASIDs active */
	assert_int_equal(top_sample_set(&ns, 4)->active, 2);
	assert_int_equal(top_sample_set(&ns, 3)->idle, 3);
	assert_int_equal(top_sample_set(&ns, 2)->idle, 0);
	assert_int_equal(top_sample_set(&ns, 2)->active, 1);

	/* the rows: updated in place = built in full, in two orders */
	for (int order = 0; order < 2; order++) {
		size_t col = order ? 2 : 0; /* IOASID ascending, STATE descending */
		bool desc = order == 1;
		struct top_table a, b;
		struct top_seen sa = {0}, sb = {0};

		zero_rates(&old);
		top_table_init(&a, TOP_VIEW_IOASIDS);
		top_table_init(&b, TOP_VIEW_IOASIDS);
		assert_int_equal(top_view_build(&a, TOP_VIEW_IOASIDS, &old, NULL, false), 0);
		top_table_sort(&a, col, desc);
		/* the last frame's rows remembered by both */
		assert_int_equal(top_mark_changes(&a, &sa), 0);
		assert_int_equal(top_mark_changes(&a, &sb), 0);
		top_sample_rates(&ns, &old);
		assert_int_equal(
			top_view_update_ioasids(&a, &ns, what.dirty, what.ndirty, col, desc, &sa),
			0);
		assert_int_equal(top_view_build(&b, TOP_VIEW_IOASIDS, &ns, NULL, false), 0);
		top_table_sort(&b, col, desc);
		assert_int_equal(top_mark_changes(&b, &sb), 0);
		assert_tables_equal(&a, &b);
		/* the same rows marked changed: the new IOASIDs and IOASID 6
		 * (bound), not 2 (gone) nor the others */
		for (size_t r = 0; r < a.n; r++)
			assert_int_equal(a.rows[r].changed, b.rows[r].changed);
		{
			size_t nchanged = 0;

			for (size_t r = 0; r < a.n; r++)
				nchanged += a.rows[r].changed;
			assert_int_equal(nchanged, 4); /* 3 allocated + 6 */
		}
		top_seen_free(&sa);
		top_seen_free(&sb);
		top_table_free(&a);
		top_table_free(&b);
	}
	free(what.dirty);
	top_sample_free(&ns);
	top_sample_free(&old);
	ioasid_evsrc_close(src);
	ioasid_ctx_free(c0);
	ioasid_ctx_free(c1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* An IOASID that moved to another set with neither set named nor changed
 * in the set dump cannot be applied: the caller reads the host in full. */
static void test_apply_inconsistent(void **state)
{
	char dir[] = "/tmp/test_top_apply.XXXXXX", host[64], cmd[96];
	struct ioasid_sim_init_opts o = {.platform = "spr-dsa", .vms = 3};
	struct ioasid_error err = {0};
	struct ioasid_ctx *c;
	struct top_sample old, ns;
	struct top_applied what;
	uint32_t named = 3;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(host, sizeof(host), "%s/h", dir);
	assert_int_equal(ioasid_sim_init(host, &o, &err), 0);
	assert_int_equal(ioasid_sim_open(&c, host, &err), 0);
	assert_int_equal(top_sample_take(c, 0, &old), 0);
	/* the last sample says IOASID 3 is in set 2: set 3's dump gives it
	 * again while set 2 is not read */
	old.io[2].set = 2;
	assert_int_equal(top_sample_apply(c, 0, &old, &named, 1, &ns, &what), -EAGAIN);
	/* a sample that could not read the extension: nothing to apply to */
	old.io_err = EIO;
	assert_int_equal(top_sample_apply(c, 0, &old, &named, 1, &ns, &what), -EAGAIN);
	old.io_err = 0;
	top_sample_free(&old);
	ioasid_ctx_free(c);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_inconsistent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
