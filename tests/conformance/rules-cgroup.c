// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Seed rules: cgroup limits on IOASID allocation, in both forms: the seed's
 * ioasids controller (RFC 15-17/18, seed:4215-4682) and the misc controller
 * resource the seed converged on (seed:2468-2477, 2914-2923).
 * A refused charge is -EBUSY in both forms: the seed's misc version returns
 * misc_cg_try_charge()'s error (seed:2471-2474), which is -EBUSY in
 * kernel/cgroup/misc.c; the ioasids controller's return code is cut off in
 * the seed and is taken to be the same.
 */
#include "suite.h"

/* A process in a new cgroup (with limit @max) owning an MM set */
struct cg_proc {
	int cg, mm, set;
};

static struct cg_proc cg_proc(ioasid_impl_inst *in, int parent, uint64_t max)
{
	struct cg_proc p;

	p.cg = conf_cg(in, parent);
	OK(CALL(cg_set_max, in, p.cg, max));
	p.mm = conf_mm(in, p.cg);
	p.set = conf_set(in, IOASID_IMPL_SET_MM, p.mm, 100);
	return p;
}

/* seed:4290-4291 "However, only user allocation is subject to cgroup
 * constraints."; seed:4497 "if (set->type == IOASID_SET_TYPE_MM &&
 * ioasid_cg_charge(set))" */
void rule_cg_null_set_not_charged(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct cg_proc p = cg_proc(in, IOASID_IMPL_CG_ROOT, 0);
	int host = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	ioasid_impl_t x = INV;
	struct ioasid_impl_cg_info ci;

	ERR(CALL(alloc, in, p.set, 1, 1000, &x), EBUSY);
	conf_alloc(in, host, 1, 1000);
	conf_alloc(in, host, 1, 1000);
	ci = conf_cginfo(in, p.cg);
	assert_int_equal(ci.current, 0);
	assert_int_equal(ci.events, 1);
}

/* seed:4281-4282 "The allocation is rejected by the cgroup hierarchy once a
 * limit is reached."; seed:4322-4335 (max 5: current 1, then 5/5 and the
 * next allocation fails) */
void rule_cg_limit(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct cg_proc p = cg_proc(in, IOASID_IMPL_CG_ROOT, 2);
	ioasid_impl_t x = INV;
	struct ioasid_impl_cg_info ci;

	conf_alloc(in, p.set, 1, 1000);
	assert_int_equal(conf_cginfo(in, p.cg).current, 1);
	conf_alloc(in, p.set, 1, 1000);
	ERR(CALL(alloc, in, p.set, 1, 1000, &x), EBUSY);
	ci = conf_cginfo(in, p.cg);
	assert_int_equal(ci.current, 2);
	assert_int_equal(ci.max, 2);
	assert_int_equal(conf_setinfo(in, p.set).nr_ioasids, 2);
}

/* seed:4664 "Number of times allocations failed because limit was
 * hit." atomic64_t events_limit; misc: misc.events "ioasid.max N".
 * A refusal for another reason (the set's quota, seed:4500) is not counted
 * and leaves no charge behind (the seed charges first, seed:4497-4500, and
 * uncharges on the error path, seed:4506). */
void rule_cg_events(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct cg_proc p = cg_proc(in, IOASID_IMPL_CG_ROOT, 1);
	int cg2 = conf_cg(in, IOASID_IMPL_CG_ROOT), mm2, set2;
	ioasid_impl_t x = INV;
	struct ioasid_impl_cg_info ci;

	assert_int_equal(conf_cginfo(in, p.cg).events, 0);
	conf_alloc(in, p.set, 1, 1000);
	ERR(CALL(alloc, in, p.set, 1, 1000, &x), EBUSY);
	ERR(CALL(alloc, in, p.set, 1, 1000, &x), EBUSY);
	ci = conf_cginfo(in, p.cg);
	assert_int_equal(ci.events, 2);
	assert_int_equal(ci.current, 1);

	OK(CALL(cg_set_max, in, cg2, 5));
	mm2 = conf_mm(in, cg2);
	set2 = conf_set(in, IOASID_IMPL_SET_MM, mm2, 1);
	conf_alloc(in, set2, 1, 1000);
	ERR(CALL(alloc, in, set2, 1, 1000, &x), ENOSPC);
	ci = conf_cginfo(in, cg2);
	assert_int_equal(ci.events, 0);
	assert_int_equal(ci.current, 1);
}

/* seed:4281-4282 "rejected by the cgroup hierarchy once a limit is
 * reached": a parent's limit binds its children, and the parent's current
 * counts its subtree. Choice: the refusal is counted in the events of the
 * cgroup whose limit was hit (kernel/cgroup/misc.c misc_cg_event()). */
void rule_cg_hierarchical(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int parent = conf_cg(in, IOASID_IMPL_CG_ROOT);
	struct cg_proc child, sib;
	ioasid_impl_t x = INV;
	struct ioasid_impl_cg_info ci;

	OK(CALL(cg_set_max, in, parent, 2));
	child = cg_proc(in, parent, IOASID_IMPL_CG_MAX);
	sib = cg_proc(in, parent, IOASID_IMPL_CG_MAX);
	conf_alloc(in, child.set, 1, 1000);
	conf_alloc(in, sib.set, 1, 1000);
	ERR(CALL(alloc, in, child.set, 1, 1000, &x), EBUSY);
	ERR(CALL(alloc, in, sib.set, 1, 1000, &x), EBUSY);
	ci = conf_cginfo(in, parent);
	assert_int_equal(ci.current, 2);
	assert_int_equal(ci.events, 2);
	assert_int_equal(conf_cginfo(in, child.cg).current, 1);
	assert_int_equal(conf_cginfo(in, sib.cg).current, 1);
}

/* seed:4656 #define IOASIDS_MAX_STR "max"; the root cgroup has no limit file
 * (choice: writing it is -EINVAL, reading gives "max") */
void rule_cg_max_keyword(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int cg = conf_cg(in, IOASID_IMPL_CG_ROOT);

	OK(CALL(cg_set_max, in, cg, 7));
	assert_true(conf_cginfo(in, cg).max == 7);
	OK(CALL(cg_set_max, in, cg, IOASID_IMPL_CG_MAX));
	assert_true(conf_cginfo(in, cg).max == IOASID_IMPL_CG_MAX);
	assert_true(conf_cginfo(in, IOASID_IMPL_CG_ROOT).max == IOASID_IMPL_CG_MAX);
	ERR(CALL(cg_set_max, in, IOASID_IMPL_CG_ROOT, 5), EINVAL);
	ERR(CALL(cg_set_max, in, 999999, 5), ENOENT);
}

/* seed:4510-4514 ioasid_do_free_locked(): "atomic_dec(&data->set->nr_ioasids);
 * ioasid_cg_uncharge(data->set);" - only the real free uncharges, not the
 * move to FREE_PENDING */
void rule_cg_uncharge_on_real_free(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct cg_proc p = cg_proc(in, IOASID_IMPL_CG_ROOT, 5);
	ioasid_impl_t a = conf_alloc(in, p.set, 1, 1000);
	int freed = -1;

	OK(CALL(get, in, p.set, a));
	OK(CALL(free, in, p.set, a));
	assert_int_equal(conf_ioasid(in, a).state, IOASID_IMPL_FREE_PENDING);
	assert_int_equal(conf_cginfo(in, p.cg).current, 1);
	OK(CALL(put, in, p.set, a, &freed));
	assert_int_equal(freed, 1);
	assert_int_equal(conf_cginfo(in, p.cg).current, 0);
}

/* seed:4294-4295 "Upon creation, no IOASID allocation is allowed by the user
 * processes within the new cgroup."; seed:4320 "set non-zero limit (default
 * 0)" */
void rule_cg_ioasids_default_zero(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int cg = conf_cg(in, IOASID_IMPL_CG_ROOT);
	int mm = conf_mm(in, cg);
	int set = conf_set(in, IOASID_IMPL_SET_MM, mm, 10);
	ioasid_impl_t x = INV;
	struct ioasid_impl_cg_info ci = conf_cginfo(in, cg);

	assert_true(ci.max == 0);
	assert_true(ci.current == 0);
	ERR(CALL(alloc, in, set, 1, 1000, &x), EBUSY);
	ci = conf_cginfo(in, cg);
	assert_int_equal(ci.current, 0);
	assert_int_equal(ci.events, 1);
}

/* seed:4292-4293 "IOASIDs cgroup consults with the IOASID core for available
 * capacity when a new cgroup limit is granted." Choice: a finite limit above
 * the available capacity is -ENOSPC and leaves the limit unchanged. */
void rule_cg_ioasids_grant_checks_capacity(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int cg = conf_cg(in, IOASID_IMPL_CG_ROOT);

	OK(CALL(capacity_install, in, 100));
	ERR(CALL(cg_set_max, in, cg, 101), ENOSPC);
	assert_true(conf_cginfo(in, cg).max == 0);
	OK(CALL(cg_set_max, in, cg, 100));
	conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 50);
	ERR(CALL(cg_set_max, in, cg, 51), ENOSPC);
	assert_true(conf_cginfo(in, cg).max == 100);
	OK(CALL(cg_set_max, in, cg, 50));
	OK(CALL(cg_set_max, in, cg, IOASID_IMPL_CG_MAX));
}

/* seed:4282-4285 "organizational changes such as moving processes across
 * cgroups are exempted. Therefore, it is possible to have ioasids.current >
 * ioasids.max. It is not possible to do further allocation after the
 * organizational change that exceeds the max."; seed:4336-4344 (a process
 * with one IOASID moved into test1 at 5/5: current 6, max 5). The charge
 * moves with the process. */
void rule_cg_ioasids_move_exempt(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct cg_proc t1 = cg_proc(in, IOASID_IMPL_CG_ROOT, 5);
	struct cg_proc other = cg_proc(in, IOASID_IMPL_CG_ROOT, 5);
	ioasid_impl_t moved, x = INV;
	struct ioasid_impl_cg_info ci;

	for (int i = 0; i < 5; i++)
		conf_alloc(in, t1.set, 1, 1000);
	moved = conf_alloc(in, other.set, 1, 1000);
	OK(CALL(mm_move, in, other.mm, t1.cg));
	ci = conf_cginfo(in, t1.cg);
	assert_int_equal(ci.current, 6);
	assert_int_equal(ci.max, 5);
	assert_int_equal(conf_cginfo(in, other.cg).current, 0);
	ERR(CALL(alloc, in, t1.set, 1, 1000, &x), EBUSY);
	ERR(CALL(alloc, in, other.set, 1, 1000, &x), EBUSY);
	OK(CALL(free, in, other.set, moved));
	assert_int_equal(conf_cginfo(in, t1.cg).current, 5);
	assert_int_equal(conf_cginfo(in, other.cg).current, 0);
}

/* The misc form: a new cgroup's misc.max is "max" (kernel/cgroup/misc.c
 * misc_cg_alloc(): WRITE_ONCE(cg->res[i].max, MAX_NUM)); the seed's
 * converged form (seed:130-134, 2468-2477) */
void rule_cg_misc_default_max(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int cg = conf_cg(in, IOASID_IMPL_CG_ROOT);
	int mm = conf_mm(in, cg);
	int set = conf_set(in, IOASID_IMPL_SET_MM, mm, 10);
	struct ioasid_impl_cg_info ci = conf_cginfo(in, cg);

	assert_true(ci.max == IOASID_IMPL_CG_MAX);
	conf_alloc(in, set, 1, 1000);
	ci = conf_cginfo(in, cg);
	assert_int_equal(ci.current, 1);
	assert_int_equal(ci.events, 0);
}

/* seed:2914-2923 (the reviewer on migration: "Yeah, that's what all other
 * controllers do." - the author: "If no such use case, I am fine with
 * dropping the migration support. Just enforce limit on allocations." ...
 * "will try to merge with misc controller"). A charge stays with the cgroup
 * it was made in and is returned there (misc_cg_try_charge(): "Caller must
 * use the same cgroup during the uncharge call"). */
void rule_cg_misc_no_migration(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct cg_proc a = cg_proc(in, IOASID_IMPL_CG_ROOT, 1);
	int b = conf_cg(in, IOASID_IMPL_CG_ROOT);
	ioasid_impl_t x, y;

	x = conf_alloc(in, a.set, 1, 1000);
	OK(CALL(mm_move, in, a.mm, b));
	assert_int_equal(conf_cginfo(in, a.cg).current, 1);
	assert_int_equal(conf_cginfo(in, b).current, 0);
	y = conf_alloc(in, a.set, 1, 1000);
	assert_int_equal(conf_cginfo(in, b).current, 1);
	OK(CALL(free, in, a.set, x));
	assert_int_equal(conf_cginfo(in, a.cg).current, 0);
	assert_int_equal(conf_cginfo(in, b).current, 1);
	OK(CALL(free, in, a.set, y));
	assert_int_equal(conf_cginfo(in, b).current, 0);
}
