// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IOASID model's internals that the conformance suite does not reach:
 * the full 20-bit space in one set, many sets, iteration, page-request
 * counters, the event ring's "lost N", processes, both cgroup forms at
 * once, the invariant check, and the containers (hash, bitmap). Expected
 * values are derived by hand from the rules in ioasid-model.h (lowest free
 * ID, quotas taken from the capacity), not read back from the model.
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

#include "ioasid.h"
#include "model/model.h"

static void assert_consistent(const struct ioasid_model *m)
{
	char msg[256];
	int r = ioasid_model_check(m, msg, sizeof(msg));

	if (r)
		fail_msg("model check: %s", msg);
}

/* The whole 20-bit space in one set: IDs 1..0xfffff, each the lowest free. */
static void test_full_space(void **state)
{
	struct ioasid_model *m;
	struct ioasid_model_capacity c;
	struct ioasid_model_set_info si;
	const uint32_t n = IOASID_MODEL_PASID_MAX - 1; /* PASID 0 never allocated */
	int64_t set;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, 0, 0), 0);
	set = ioasid_model_set_alloc(m, IOASID_MODEL_SET_NULL, 0, IOASID_MODEL_PASID_MAX);
	assert_true(set >= 1);
	for (uint32_t i = 1; i <= n; i++)
		if (ioasid_model_alloc(m, (uint32_t)set, 1, IOASID_MODEL_PASID_MAX - 1) != i)
			fail_msg("allocation %u did not return %u", i, i);
	/* quota 0x100000 allows one more, but no ID is left in range */
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, IOASID_MODEL_PASID_MAX - 1),
			 -ENOSPC);
	ioasid_model_get_capacity(m, &c);
	assert_int_equal(c.allocated, n);
	assert_int_equal(c.available, 0);
	assert_int_equal(c.quotas, IOASID_MODEL_PASID_MAX);
	assert_int_equal(ioasid_model_set_get_info(m, (uint32_t)set, &si), 0);
	assert_int_equal(si.nr_ioasids, n);
	assert_consistent(m);

	/* a hole is found again: free 777 and 0x80000, get them back in order */
	assert_int_equal(ioasid_model_free_ioasid(m, (uint32_t)set, 0x80000), 1);
	assert_int_equal(ioasid_model_free_ioasid(m, (uint32_t)set, 777), 1);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 0xfffff), 777);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 0xfffff), 0x80000);
	/* [min, max] is honoured in a full space */
	assert_int_equal(ioasid_model_free_ioasid(m, (uint32_t)set, 5), 1);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 6, 0xfffff), -ENOSPC);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 5, 5), 5);

	/* free everything: the last free destroys the set (seed:4516) and
	 * its quota returns to the capacity */
	for (uint32_t i = 1; i <= n; i++)
		if (ioasid_model_free_ioasid(m, (uint32_t)set, i) != 1)
			fail_msg("free of %u did not release it", i);
	assert_int_equal(ioasid_model_nr_sets(m), 0);
	ioasid_model_get_capacity(m, &c);
	assert_int_equal(c.allocated, 0);
	assert_int_equal(c.available, IOASID_MODEL_PASID_MAX);
	assert_consistent(m);
	ioasid_model_free(m);
}

/* 2,000 VMs (processes with MM sets) of 50 IOASIDs: iteration per set and
 * over all; exits release everything. */
static void test_many_sets(void **state)
{
	struct ioasid_model *m;
	struct ioasid_model_ioasid_info ii;
	struct ioasid_model_set_info si;
	struct ioasid_model_proc_info pi;
	const uint32_t nvm = 2000, per = 50;
	uint32_t idx, count;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC, 0),
			 0);
	assert_int_equal(ioasid_model_cgroup_create(m, "/machine.slice"), 0);
	assert_int_equal(ioasid_model_cgroup_set_limit(m, "/machine.slice",
						       IOASID_MODEL_FORM_IOASIDS,
						       IOASID_MODEL_CG_MAX),
			 0);
	for (uint32_t v = 0; v < nvm; v++) {
		int32_t pid = (int32_t)(1000 + v);
		assert_int_equal(ioasid_model_proc_add(m, pid, 0x10000 + v, "/machine.slice"), 0);
		/* set IDs count from 1 */
		assert_int_equal(ioasid_model_proc_open(m, pid, per), v + 1);
		for (uint32_t k = 0; k < per; k++)
			assert_int_equal(ioasid_model_alloc(m, v + 1, 1, 0xfffff), v * per + k + 1);
	}
	assert_int_equal(ioasid_model_nr_sets(m), nvm);
	assert_consistent(m);

	/* sets in ID order, each with its owner */
	count = 0;
	for (uint32_t from = 0; !ioasid_model_set_next(m, from, &si); from = si.id + 1) {
		assert_int_equal(si.id, count + 1);
		assert_int_equal(si.owner_pid, 1000 + count);
		assert_int_equal(si.nr_ioasids, per);
		assert_string_equal(si.cgroup, "/machine.slice");
		count++;
	}
	assert_int_equal(count, nvm);

	/* the IOASIDs of set 1234: IDs 1233*50+1 .. 1234*50 */
	count = 0;
	for (uint32_t from = 0; !ioasid_model_ioasid_next(m, 1234, from, &ii); from = ii.id + 1) {
		assert_int_equal(ii.id, 1233 * per + 1 + count);
		assert_int_equal(ii.set, 1234);
		assert_int_equal(ii.state, IOASID_MODEL_IDLE);
		assert_int_equal(ii.refs, 1);
		count++;
	}
	assert_int_equal(count, per);

	/* all of them, in ID order */
	count = 0;
	for (uint32_t from = 0; !ioasid_model_ioasid_next(m, IOASID_MODEL_ANY_SET, from, &ii);
	     from = ii.id + 1)
		count++;
	assert_int_equal(count, nvm * per);

	/* processes by index */
	count = 0;
	idx = 0;
	while (!ioasid_model_proc_next(m, &idx, &pi)) {
		assert_true(pi.opened);
		assert_int_equal(pi.set, (uint32_t)(pi.pid - 1000 + 1));
		count++;
	}
	assert_int_equal(count, nvm);

	struct ioasid_model_cgroup_info ci;
	assert_int_equal(ioasid_model_cgroup_get_info(m, "/machine.slice", &ci), 0);
	assert_true(ci.ioasids_current == (uint64_t)nvm * per);
	assert_true(ci.misc_current == (uint64_t)nvm * per);
	assert_int_equal(ci.nprocs, nvm);

	for (uint32_t v = 0; v < nvm; v++)
		assert_int_equal(ioasid_model_proc_exit(m, (int32_t)(1000 + v)), 0);
	assert_int_equal(ioasid_model_nr_sets(m), 0);
	assert_int_equal(ioasid_model_cgroup_get_info(m, "/machine.slice", &ci), 0);
	assert_true(ci.ioasids_current == 0 && ci.misc_current == 0 && ci.nprocs == 0);
	assert_true(ci.misc_peak == (uint64_t)nvm * per);
	assert_consistent(m);
	ioasid_model_free(m);
}

static void test_prq(void **state)
{
	struct ioasid_model *m;
	struct ioasid_model_unit_info ui;
	struct ioasid_model_ioasid_info ii;
	uint32_t idx = 0;
	int64_t set;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, 0, 0), 0);
	assert_int_equal(ioasid_model_unit_add(m, "dmar0"), 0);
	assert_int_equal(ioasid_model_unit_add(m, "dmar1"), 0);
	assert_int_equal(ioasid_model_unit_add(m, "dmar0"), -EEXIST);
	assert_int_equal(ioasid_model_unit_add(m, "a/b"), -EINVAL);
	assert_int_equal(ioasid_model_unit_add(m, ""), -EINVAL);
	set = ioasid_model_set_alloc(m, IOASID_MODEL_SET_NULL, 0, 4);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 10), 1);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 10), 2);

	assert_int_equal(ioasid_model_inject_prq(m, "dmar0", 1, 5), 0);
	assert_int_equal(ioasid_model_inject_prq(m, "dmar1", 1, 2), 0);
	assert_int_equal(ioasid_model_inject_prq(m, "dmar1", 2, 1), 0);
	assert_int_equal(ioasid_model_inject_prq(m, "dmar1", 9, 3), -ESRCH);
	assert_int_equal(ioasid_model_inject_prq(m, "dmar7", 1, 1), -ENOENT);
	assert_int_equal(ioasid_model_inject_prq(m, NULL, 1, 1), -ENOENT);

	assert_int_equal(ioasid_model_ioasid_get_info(m, 1, &ii), 0);
	assert_true(ii.prq == 7);
	assert_int_equal(ioasid_model_ioasid_get_info(m, 2, &ii), 0);
	assert_true(ii.prq == 1);
	assert_int_equal(ioasid_model_unit_next(m, &idx, &ui), 0);
	assert_string_equal(ui.name, "dmar0");
	assert_true(ui.prq == 5 && ui.prq_invalid == 0);
	assert_int_equal(ioasid_model_unit_next(m, &idx, &ui), 0);
	assert_string_equal(ui.name, "dmar1");
	assert_true(ui.prq == 6 && ui.prq_invalid == 3);
	assert_int_equal(ioasid_model_unit_next(m, &idx, &ui), -ENOENT);

	/* a released IOASID's counter does not carry over to its next life */
	assert_int_equal(ioasid_model_free_ioasid(m, (uint32_t)set, 1), 1);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 10), 1);
	assert_int_equal(ioasid_model_ioasid_get_info(m, 1, &ii), 0);
	assert_true(ii.prq == 0);
	ioasid_model_free(m);
}

static void count_cb(void *arg, const struct ioasid_model_event *ev)
{
	(void)ev;
	(*(int *)arg)++;
}

/* A ring of 4: seven notifications (ALLOC, then six) leave the first
 * three lost to a reader that starts at 0 (seq 4..7 remain). */
static void test_event_ring(void **state)
{
	struct ioasid_model *m;
	struct ioasid_model_event ev[8];
	uint64_t cursor = 0, lost = 99;
	int calls = 0;
	int64_t set;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, 0, 4), 0);
	set = ioasid_model_set_alloc(m, IOASID_MODEL_SET_NULL, 0, 10);
	assert_true(ioasid_model_notifier_register(m, IOASID_MODEL_ANY_SET, count_cb, &calls) > 0);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 10), 1);
	/* ioasid-abi(7) version 3: ALLOC is seq 1, in the queue, on no chain */
	assert_int_equal(ioasid_model_events_read(m, &cursor, ev, 8, &lost), 1);
	assert_true(ev[0].seq == 1 && ev[0].type == IOASID_MODEL_EV_ALLOC && ev[0].ioasid == 1);
	assert_true(ev[0].set == (uint32_t)set && ev[0].spid == IOASID_MODEL_INVALID);
	assert_int_equal(ev[0].chains, 0);
	assert_int_equal(calls, 0);
	assert_string_equal(ioasid_model_event_name(ev[0].type), "alloc");
	cursor = 0;
	/* BIND, UNBIND, BIND, UNBIND (set chain only), then a get and a free
	 * with a user left: FREE (global and set chains) */
	assert_int_equal(ioasid_model_attach_spid(m, 1, 100), 0);
	assert_int_equal(ioasid_model_detach_spid(m, 1), 0);
	assert_int_equal(ioasid_model_attach_spid(m, 1, 101), 0);
	assert_int_equal(ioasid_model_detach_spid(m, 1), 0);
	assert_int_equal(ioasid_model_attach_spid(m, 1, 102), 0);
	assert_int_equal(ioasid_model_get(m, (uint32_t)set, 1), 0);
	assert_int_equal(ioasid_model_free_ioasid(m, (uint32_t)set, 1), 0);
	assert_int_equal(calls, 1); /* only FREE reaches the global chain */
	assert_true(ioasid_model_events_last_seq(m) == 7);

	assert_int_equal(ioasid_model_events_read(m, &cursor, ev, 8, &lost), 4);
	assert_true(lost == 3);
	assert_true(ev[0].seq == 4 && ev[0].type == IOASID_MODEL_EV_BIND && ev[0].spid == 101);
	assert_true(ev[1].seq == 5 && ev[1].type == IOASID_MODEL_EV_UNBIND && ev[1].spid == 101);
	assert_true(ev[3].seq == 7 && ev[3].type == IOASID_MODEL_EV_FREE);
	assert_int_equal(ev[3].chains, IOASID_MODEL_CHAIN_GLOBAL | IOASID_MODEL_CHAIN_SET);
	assert_true(cursor == 7);
	assert_int_equal(ioasid_model_events_read(m, &cursor, ev, 8, &lost), 0);
	assert_true(lost == 0);
	/* a reader taking one at a time misses nothing */
	cursor = 5;
	assert_int_equal(ioasid_model_events_read(m, &cursor, ev, 1, &lost), 1);
	assert_true(ev[0].seq == 6 && lost == 0 && cursor == 6);
	ioasid_model_free(m);
}

/* One process, both forms: the ioasids charge follows a move, the misc
 * charge stays where it was made (seed:4263-4267; misc.c). */
static void test_both_forms_move(void **state)
{
	struct ioasid_model *m;
	struct ioasid_model_cgroup_info a, b;
	int64_t set, id;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC, 0),
			 0);
	assert_int_equal(ioasid_model_cgroup_create(m, "/a"), 0);
	assert_int_equal(ioasid_model_cgroup_create(m, "/b"), 0);
	assert_int_equal(ioasid_model_cgroup_create(m, "/b"), -EEXIST);
	assert_int_equal(ioasid_model_cgroup_create(m, "/x/y"), -ENOENT);
	assert_int_equal(ioasid_model_cgroup_create(m, "/a/../b"), -EINVAL);
	assert_int_equal(ioasid_model_cgroup_create(m, "a"), -EINVAL);
	assert_int_equal(ioasid_model_cgroup_set_limit(m, "/a", IOASID_MODEL_FORM_IOASIDS, 4), 0);
	assert_int_equal(ioasid_model_proc_add(m, 42, 0xabc, "/a"), 0);
	set = ioasid_model_proc_open(m, 42, 8);
	assert_true(set >= 1);
	assert_int_equal(ioasid_model_proc_open(m, 42, 8), -EBUSY);
	id = ioasid_model_alloc(m, (uint32_t)set, 1, 100);
	assert_int_equal(id, 1);
	/* /b has ioasids.max 0: the move is exempt, the next alloc is not */
	assert_int_equal(ioasid_model_proc_move(m, 42, "/b"), 0);
	assert_int_equal(ioasid_model_cgroup_get_info(m, "/a", &a), 0);
	assert_int_equal(ioasid_model_cgroup_get_info(m, "/b", &b), 0);
	assert_true(a.ioasids_current == 0 && b.ioasids_current == 1 && b.ioasids_max == 0);
	assert_true(a.misc_current == 1 && b.misc_current == 0);
	assert_consistent(m);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 100), -EBUSY);
	assert_int_equal(ioasid_model_cgroup_get_info(m, "/b", &b), 0);
	assert_true(b.ioasids_events == 1 && b.misc_events == 0);
	assert_int_equal(ioasid_model_cgroup_remove(m, "/a"), -EBUSY); /* misc charge */
	/* close frees the set: both charges go from where they are */
	assert_int_equal(ioasid_model_proc_close(m, 42), 0);
	assert_int_equal(ioasid_model_set_by_mm(m, 0xabc), -ENOENT);
	assert_int_equal(ioasid_model_cgroup_get_info(m, "/a", &a), 0);
	assert_int_equal(ioasid_model_cgroup_get_info(m, "/b", &b), 0);
	assert_true(a.misc_current == 0 && b.ioasids_current == 0);
	assert_int_equal(ioasid_model_cgroup_remove(m, "/a"), 0);
	assert_int_equal(ioasid_model_cgroup_remove(m, "/b"), -EBUSY); /* the process */
	assert_int_equal(ioasid_model_proc_exit(m, 42), 0);
	assert_int_equal(ioasid_model_cgroup_remove(m, "/b"), 0);
	assert_int_equal(ioasid_model_cgroup_remove(m, "/"), -EINVAL);
	assert_consistent(m);
	ioasid_model_free(m);
}

/* Exit with a reference held elsewhere: the IOASID stays FREE_PENDING in
 * its set until the last put, which destroys the set. */
static void test_exit_pending(void **state)
{
	struct ioasid_model *m;
	struct ioasid_model_ioasid_info ii;
	int64_t set;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, IOASID_MODEL_CG_MISC, 0), 0);
	assert_int_equal(ioasid_model_proc_add(m, 7, 0x70, "/"), 0);
	assert_int_equal(ioasid_model_proc_add(m, 8, 0x70, "/"), -EEXIST);
	assert_int_equal(ioasid_model_proc_add(m, 7, 0x71, "/"), -EEXIST);
	set = ioasid_model_proc_open(m, 7, 4);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 9), 1);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 9), 2);
	assert_int_equal(ioasid_model_bind(m, 0x70, 2, 55), 0);
	assert_int_equal(ioasid_model_proc_exit(m, 7), 0);
	assert_int_equal(ioasid_model_ioasid_get_info(m, 1, &ii), -ENOENT);
	assert_int_equal(ioasid_model_ioasid_get_info(m, 2, &ii), 0);
	assert_int_equal(ii.state, IOASID_MODEL_FREE_PENDING);
	assert_int_equal(ii.refs, 1);
	assert_int_equal(ioasid_model_nr_sets(m), 1);
	assert_consistent(m);
	/* the binder lets go (the mm is gone, so as the core: put) */
	assert_int_equal(ioasid_model_detach_spid(m, 2), 0);
	assert_int_equal(ioasid_model_put(m, IOASID_MODEL_ANY_SET, 2), 1);
	assert_int_equal(ioasid_model_nr_sets(m), 0);
	assert_consistent(m);
	ioasid_model_free(m);
}

/* The check finds a broken invariant and names it. */
static void test_check_detects(void **state)
{
	struct ioasid_model *m;
	char msg[256];
	int64_t set;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, 0, 0), 0);
	set = ioasid_model_set_alloc(m, IOASID_MODEL_SET_NULL, 0, 4);
	assert_int_equal(ioasid_model_alloc(m, (uint32_t)set, 1, 9), 1);
	assert_int_equal(ioasid_model_check(m, msg, sizeof(msg)), 0);
	m->quotas++;
	assert_int_equal(ioasid_model_check(m, msg, sizeof(msg)), -EUCLEAN);
	assert_non_null(strstr(msg, "quotas"));
	m->quotas--;
	model_set(m, (uint32_t)set)->nr++;
	assert_int_equal(ioasid_model_check(m, msg, sizeof(msg)), -EUCLEAN);
	assert_non_null(strstr(msg, "set 1"));
	model_set(m, (uint32_t)set)->nr--;
	model_ioasid(m, 1)->refs = 0;
	assert_int_equal(ioasid_model_check(m, msg, sizeof(msg)), -EUCLEAN);
	assert_non_null(strstr(msg, "ioasid 1"));
	model_ioasid(m, 1)->refs = 1;
	assert_int_equal(ioasid_model_check(m, msg, sizeof(msg)), 0);
	ioasid_model_free(m);
}

static void test_capacity_rules(void **state)
{
	struct ioasid_model *m;
	struct ioasid_model_capacity c;

	(void)state;
	assert_int_equal(ioasid_model_new(&m, 0, 0), 0);
	assert_int_equal(ioasid_model_install_capacity(m, 1), -EINVAL);
	assert_int_equal(ioasid_model_install_capacity(m, IOASID_MODEL_PASID_MAX + 1), -EINVAL);
	assert_int_equal(ioasid_model_install_capacity(m, 1000), 0);
	assert_int_equal(ioasid_model_install_capacity(m, 2000), -EEXIST);
	assert_true(ioasid_model_set_alloc(m, IOASID_MODEL_SET_NULL, 0, 300) >= 1);
	assert_int_equal(ioasid_model_reserve_capacity(m, 200), 200);
	ioasid_model_get_capacity(m, &c);
	assert_true(c.total == 1000 && c.available == 500 && c.reserved == 200 && c.quotas == 300 &&
		    c.installed);
	/* handing back more than was reserved would eat into the quotas */
	assert_int_equal(ioasid_model_cancel_capacity(m, 201), -EINVAL);
	assert_int_equal(ioasid_model_cancel_capacity(m, 200), 700);
	assert_int_equal(ioasid_model_reserve_capacity(m, 0), 700);
	assert_int_equal(ioasid_model_reserve_capacity(m, 1), -ENOSPC);
	assert_consistent(m);
	ioasid_model_free(m);
}

static void test_hash(void **state)
{
	struct mhash h = {0};
	uint64_t v;

	(void)state;
	/* insert, delete every other, reinsert: tombstones must not lose keys */
	for (uint64_t k = 0; k < 5000; k++)
		assert_int_equal(mhash_put(&h, k * 7919, k), 0);
	for (uint64_t k = 0; k < 5000; k += 2)
		assert_true(mhash_del(&h, k * 7919));
	assert_false(mhash_del(&h, 0));
	for (int round = 0; round < 3; round++)
		for (uint64_t k = 0; k < 5000; k += 2) {
			assert_int_equal(mhash_put(&h, k * 7919 + 1, k), 0);
			assert_true(mhash_del(&h, k * 7919 + 1));
		}
	assert_int_equal(h.n, 2500);
	for (uint64_t k = 0; k < 5000; k++) {
		bool found = mhash_get(&h, k * 7919, &v);
		assert_int_equal(found, k % 2 == 1);
		if (found)
			assert_true(v == k);
	}
	assert_int_equal(mhash_put(&h, 7919, 42), 0); /* replace */
	assert_true(mhash_get(&h, 7919, &v) && v == 42);
	assert_int_equal(h.n, 2500);
	mhash_free(&h);
}

static void test_bitmap(void **state)
{
	struct mbitmap b;

	(void)state;
	assert_int_equal(mbitmap_init(&b, 1u << 20), 0);
	/* fill the first 64 * 64 * 3 + 5 bits: whole summary words full */
	for (uint32_t i = 0; i < 64 * 64 * 3 + 5; i++)
		mbitmap_set(&b, i);
	assert_int_equal(mbitmap_find_clear(&b, 0, (1u << 20) - 1), 64 * 64 * 3 + 5);
	assert_int_equal(mbitmap_find_clear(&b, 0, 64 * 64 * 3 + 4), UINT32_MAX);
	mbitmap_clear(&b, 4095);
	assert_int_equal(mbitmap_find_clear(&b, 1, 100000), 4095);
	assert_int_equal(mbitmap_find_clear(&b, 4096, 100000), 64 * 64 * 3 + 5);
	assert_int_equal(mbitmap_find_set(&b, 4095), 4096);
	assert_int_equal(mbitmap_find_set(&b, 64 * 64 * 3 + 5), UINT32_MAX);
	mbitmap_set(&b, (1u << 20) - 1);
	assert_int_equal(mbitmap_find_set(&b, 64 * 64 * 3 + 5), (1u << 20) - 1);
	assert_int_equal(mbitmap_find_clear(&b, (1u << 20) - 1, (1u << 20) - 1), UINT32_MAX);
	assert_int_equal(mbitmap_find_clear(&b, 10, 5), UINT32_MAX);
	assert_int_equal(mbitmap_find_clear(&b, 0, 1u << 20), UINT32_MAX); /* hi out of range */
	assert_int_equal(b.nset, 64 * 64 * 3 + 5);
	mbitmap_destroy(&b);
}

/* Save a state through the iterators, restore it into a fresh model:
 * every iterator gives the same records and the check passes. */
static void copy_state(const struct ioasid_model *a, struct ioasid_model *b)
{
	struct ioasid_model_capacity c;
	struct ioasid_model_cgroup_info ci;
	struct ioasid_model_proc_info pi;
	struct ioasid_model_set_info si;
	struct ioasid_model_ioasid_info ii;
	struct ioasid_model_unit_info ui;
	uint32_t idx;

	ioasid_model_get_capacity(a, &c);
	assert_int_equal(ioasid_model_restore_counters(b, c.total, c.reserved,
						       ioasid_model_next_set_id(a),
						       ioasid_model_events_last_seq(a)),
			 0);
	idx = 0;
	while (!ioasid_model_cgroup_next(a, &idx, &ci))
		assert_int_equal(ioasid_model_restore_cgroup(b, &ci), 0);
	idx = 0;
	while (!ioasid_model_proc_next(a, &idx, &pi))
		assert_int_equal(ioasid_model_restore_proc(b, &pi), 0);
	for (uint32_t from = 0; !ioasid_model_set_next(a, from, &si); from = si.id + 1)
		assert_int_equal(
			ioasid_model_restore_set(b, si.id, si.type, si.mm, si.quota, si.cgroup), 0);
	for (uint32_t from = 0; !ioasid_model_ioasid_next(a, IOASID_MODEL_ANY_SET, from, &ii);
	     from = ii.id + 1)
		assert_int_equal(ioasid_model_restore_ioasid(
					 b, &ii, ioasid_model_cgroup_path(a, ii.misc_cg)),
				 0);
	idx = 0;
	while (!ioasid_model_unit_next(a, &idx, &ui))
		assert_int_equal(ioasid_model_restore_unit(b, &ui), 0);
}

static void assert_same(const struct ioasid_model *a, const struct ioasid_model *b)
{
	struct ioasid_model_capacity ca, cb;
	struct ioasid_model_cgroup_info ga, gb;
	struct ioasid_model_set_info sa, sb;
	struct ioasid_model_ioasid_info ia, ib;
	uint32_t x = 0, y = 0;

	ioasid_model_get_capacity(a, &ca);
	ioasid_model_get_capacity(b, &cb);
	assert_true(ca.total == cb.total && ca.available == cb.available &&
		    ca.reserved == cb.reserved && ca.quotas == cb.quotas &&
		    ca.allocated == cb.allocated && ca.installed == cb.installed);
	while (!ioasid_model_cgroup_next(a, &x, &ga)) {
		assert_int_equal(ioasid_model_cgroup_next(b, &y, &gb), 0);
		assert_memory_equal(&ga, &gb, sizeof(ga));
	}
	assert_int_equal(ioasid_model_cgroup_next(b, &y, &gb), -ENOENT);
	for (x = 0; !ioasid_model_set_next(a, x, &sa); x = sa.id + 1) {
		assert_int_equal(ioasid_model_set_get_info(b, sa.id, &sb), 0);
		assert_memory_equal(&sa, &sb, sizeof(sa));
	}
	assert_int_equal(ioasid_model_nr_sets(a), ioasid_model_nr_sets(b));
	for (x = 0; !ioasid_model_ioasid_next(a, IOASID_MODEL_ANY_SET, x, &ia); x = ia.id + 1) {
		assert_int_equal(ioasid_model_ioasid_get_info(b, ia.id, &ib), 0);
		assert_true(ia.set == ib.set && ia.spid == ib.spid && ia.state == ib.state &&
			    ia.refs == ib.refs && ia.prq == ib.prq);
		assert_string_equal(ioasid_model_cgroup_path(a, ia.misc_cg) ?: "-",
				    ioasid_model_cgroup_path(b, ib.misc_cg) ?: "-");
	}
	assert_true(ioasid_model_events_last_seq(a) == ioasid_model_events_last_seq(b));
}

static void test_restore(void **state)
{
	struct ioasid_model *a, *b;
	int64_t s1, s2, host;

	(void)state;
	assert_int_equal(ioasid_model_new(&a, IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC, 0),
			 0);
	assert_int_equal(ioasid_model_install_capacity(a, 4096), 0);
	assert_int_equal(ioasid_model_unit_add(a, "dmar0"), 0);
	assert_int_equal(ioasid_model_cgroup_create(a, "/vms"), 0);
	assert_int_equal(ioasid_model_cgroup_create(a, "/vms/vm1"), 0);
	assert_int_equal(ioasid_model_cgroup_create(a, "/vms/vm2"), 0);
	assert_int_equal(ioasid_model_cgroup_create(a, "/gone"), 0);
	assert_int_equal(ioasid_model_cgroup_remove(a, "/gone"), 0);
	assert_int_equal(ioasid_model_cgroup_set_limit(a, "/vms", IOASID_MODEL_FORM_IOASIDS, 100),
			 0);
	assert_int_equal(ioasid_model_cgroup_set_limit(a, "/vms/vm1", IOASID_MODEL_FORM_IOASIDS, 3),
			 0);
	assert_int_equal(ioasid_model_cgroup_set_limit(a, "/vms/vm2", IOASID_MODEL_FORM_IOASIDS,
						       IOASID_MODEL_CG_MAX),
			 0);
	assert_int_equal(ioasid_model_cgroup_set_limit(a, "/vms/vm2", IOASID_MODEL_FORM_MISC, 9),
			 0);
	host = ioasid_model_set_alloc(a, IOASID_MODEL_SET_NULL, 0, 64);
	assert_int_equal(ioasid_model_alloc(a, (uint32_t)host, 1, 100), 1);
	assert_int_equal(ioasid_model_proc_add(a, 100, 0x100, "/vms/vm1"), 0);
	assert_int_equal(ioasid_model_proc_add(a, 200, 0x200, "/vms/vm2"), 0);
	assert_int_equal(ioasid_model_proc_add(a, 300, 0x300, "/"), 0);
	s1 = ioasid_model_proc_open(a, 100, 10);
	s2 = ioasid_model_proc_open(a, 200, 10);
	for (int k = 0; k < 4; k++)
		ioasid_model_alloc(a, (uint32_t)s1, 1, 100); /* the 4th: ioasids refusal */
	assert_int_equal(ioasid_model_alloc(a, (uint32_t)s2, 1, 100), 5);
	assert_int_equal(ioasid_model_alloc(a, (uint32_t)s2, 1, 100), 6);
	assert_int_equal(ioasid_model_bind(a, 0x200, 5, 101), 0);
	assert_int_equal(ioasid_model_get(a, (uint32_t)s2, 6), 0);
	assert_int_equal(ioasid_model_free_ioasid(a, (uint32_t)s2, 6), 0); /* pending */
	assert_int_equal(ioasid_model_proc_move(a, 100, "/vms/vm2"), 0);   /* misc stays */
	assert_int_equal(ioasid_model_inject_prq(a, "dmar0", 5, 17), 0);
	assert_int_equal(ioasid_model_reserve_capacity(a, 1000), 1000);
	assert_consistent(a);

	assert_int_equal(ioasid_model_new(&b, IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC, 0),
			 0);
	copy_state(a, b);
	assert_consistent(b);
	assert_same(a, b);
	/* and it goes on the same way: the next IOASID and set ID agree */
	assert_int_equal(ioasid_model_alloc(b, (uint32_t)s2, 1, 100),
			 ioasid_model_alloc(a, (uint32_t)s2, 1, 100));
	assert_int_equal(ioasid_model_proc_open(b, 300, 5), ioasid_model_proc_open(a, 300, 5));
	assert_same(a, b);
	ioasid_model_free(a);
	ioasid_model_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_space),
		cmocka_unit_test(test_many_sets),
		cmocka_unit_test(test_prq),
		cmocka_unit_test(test_event_ring),
		cmocka_unit_test(test_both_forms_move),
		cmocka_unit_test(test_exit_pending),
		cmocka_unit_test(test_check_detects),
		cmocka_unit_test(test_capacity_rules),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_bitmap),
		cmocka_unit_test(test_restore),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
