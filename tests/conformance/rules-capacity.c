// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Seed rules: system capacity, IOASID sets and allocation ranges.
 * Seed quotes are from ../shared/seed/000_59fe03674f4f4318.txt (seed:NNNN).
 */
#include "suite.h"

/* seed:6383-6386
 *   "Default to PCIe standard 20 bit PASID" #define PCI_PASID_MAX 0x10
 * The 0x10 is a crawl artifact (DIGEST.md; seed:4288 "The system capacity of
 * the IOASIDs is default to PCIe PASID size of 20 bits"): 0x100000. */
void rule_cap_default(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	uint32_t total = 0, avail = 0;

	OK(CALL(capacity_query, in, &total, &avail));
	assert_int_equal(total, IOASID_IMPL_DEFAULT_CAPACITY);
	assert_int_equal(avail, IOASID_IMPL_DEFAULT_CAPACITY);
}

/* seed:6398-6403
 *   if (ioasid_capacity && ioasid_capacity != PCI_PASID_MAX) {
 *     pr_warn("IOASID capacity is already set.\n"); goto done_unlock; }
 *   ioasid_capacity = ioasid_capacity_avail = total; */
void rule_cap_install_once(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	uint32_t total = 0, avail = 0;

	OK(CALL(capacity_install, in, 1000));
	OK(CALL(capacity_query, in, &total, &avail));
	assert_int_equal(total, 1000);
	assert_int_equal(avail, 1000);
	/* the second install is ignored: the call itself is void in the seed */
	OK(CALL(capacity_install, in, 2000));
	OK(CALL(capacity_query, in, &total, &avail));
	assert_int_equal(total, 1000);
	assert_int_equal(avail, 1000);
}

/* seed:6421-6430
 *   if (nr_ioasid > ioasid_capacity_avail) { ret = -ENOSPC; ... }
 *   ioasid_capacity_avail -= nr_ioasid; ret = nr_ioasid; */
void rule_cap_reserve(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	uint32_t r = 0;

	OK(CALL(capacity_install, in, 100));
	OK(CALL(capacity_reserve, in, 30, &r));
	assert_int_equal(r, 30);
	assert_int_equal(conf_avail(in), 70);
	ERR(CALL(capacity_reserve, in, 71, &r), ENOSPC);
	assert_int_equal(conf_avail(in), 70);
	OK(CALL(capacity_reserve, in, 70, &r));
	assert_int_equal(r, 70);
	assert_int_equal(conf_avail(in), 0);
}

/* seed:6411-6412 "@param nr_ioasid Number of IOASIDs requested to be
 * reserved, 0 means reserve all remaining IDs."; seed:6425-6426
 *   if (!nr_ioasid) nr_ioasid = ioasid_capacity_avail; */
void rule_cap_reserve_all(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	uint32_t r = 0;

	OK(CALL(capacity_install, in, 100));
	OK(CALL(capacity_reserve, in, 40, &r));
	OK(CALL(capacity_reserve, in, 0, &r));
	assert_int_equal(r, 60);
	assert_int_equal(conf_avail(in), 0);
	ERR(CALL(capacity_reserve, in, 1, &r), ENOSPC);
}

/* seed:6449-6455
 *   if (nr_ioasid + ioasid_capacity_avail > ioasid_capacity) { ret = -EINVAL; }
 *   ioasid_capacity_avail += nr_ioasid; ret = ioasid_capacity_avail; */
void rule_cap_cancel(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	uint32_t r = 0, a = 0;

	OK(CALL(capacity_install, in, 100));
	OK(CALL(capacity_reserve, in, 30, &r));
	ERR(CALL(capacity_cancel, in, 31, &a), EINVAL);
	assert_int_equal(conf_avail(in), 70);
	OK(CALL(capacity_cancel, in, 10, &a));
	assert_int_equal(a, 80);
	OK(CALL(capacity_cancel, in, 20, &a));
	assert_int_equal(a, 100);
	ERR(CALL(capacity_cancel, in, 1, &a), EINVAL);
	assert_int_equal(conf_avail(in), 100);
}

/* seed:4291-4292 "Host kernel allocates a pool of IOASIDs where its quota is
 * subtracted from the system capacity."; seed:7925-7926 "Return the delta
 * back to system pool". Choice: a quota larger than what is available is
 * -ENOSPC (as ioasid_adjust_set, seed:7919-7921); freeing a set returns it. */
void rule_cap_set_quota_from_capacity(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int a, b, c = -1;

	OK(CALL(capacity_install, in, 100));
	a = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 60);
	assert_int_equal(conf_avail(in), 40);
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 41, &c), ENOSPC);
	assert_int_equal(conf_avail(in), 40);
	b = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 40);
	assert_int_equal(conf_avail(in), 0);
	OK(CALL(set_free, in, a));
	assert_int_equal(conf_avail(in), 60);
	OK(CALL(set_free, in, b));
	assert_int_equal(conf_avail(in), 100);
}

/* seed:7315 "IOASID_SET_TYPE_NULL", seed:7321 "patch 5 only allows a
 * NULL token for this type"; seed:5761-5762 host_pasid_set =
 * ioasid_set_alloc(NULL, PID_MAX_DEFAULT, IOASID_SET_TYPE_NULL) */
void rule_set_null_type(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct ioasid_impl_set_info si;
	int set = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);

	si = conf_setinfo(in, set);
	assert_int_equal(si.type, IOASID_IMPL_SET_NULL);
	assert_int_equal(si.mm, IOASID_IMPL_NO_MM);
	assert_int_equal(si.quota, 10);
	assert_int_equal(si.nr_ioasids, 0);
	conf_alloc(in, set, 1, 100);
	assert_int_equal(conf_setinfo(in, set).nr_ioasids, 1);
}

/* seed:7745-7747 "IOASID_SET_TYPE_MM token type was introduced to explicitly
 * mark an IOASID set that belongs to a process, thus use the same mm_struct
 * pointer as a token." DIGEST: one set per process/VM. Choice: a second MM
 * set for the same mm is -EEXIST. */
void rule_set_mm_type(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm1 = conf_mm(in, IOASID_IMPL_CG_ROOT), mm2 = conf_mm(in, IOASID_IMPL_CG_ROOT);
	int s1, s2, dup = -1;
	struct ioasid_impl_set_info si;

	s1 = conf_set(in, IOASID_IMPL_SET_MM, mm1, 10);
	si = conf_setinfo(in, s1);
	assert_int_equal(si.type, IOASID_IMPL_SET_MM);
	assert_int_equal(si.mm, mm1);
	assert_int_equal(si.quota, 10);
	assert_int_equal(si.nr_ioasids, 0);
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_MM, mm1, 10, &dup), EEXIST);
	s2 = conf_set(in, IOASID_IMPL_SET_MM, mm2, 10);
	assert_int_not_equal(s1, s2);
	assert_int_equal(conf_setinfo(in, s2).mm, mm2);
}

/* seed:7321 (NULL type: NULL token only); seed:7908 "if (quota <= 0)
 * return -EINVAL;" taken for creation too (choice); an unknown token
 * (an mm that exited) -ENOENT (choice). */
void rule_set_alloc_invalid(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm = conf_mm(in, IOASID_IMPL_CG_ROOT), gone = conf_mm(in, IOASID_IMPL_CG_ROOT);
	int set = -1;

	OK(CALL(mm_exit, in, gone));
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 0, &set), EINVAL);
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_MM, mm, 0, &set), EINVAL);
	ERR(CALL(set_alloc, in, 7, IOASID_IMPL_NO_MM, 10, &set), EINVAL);
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_NULL, mm, 10, &set), EINVAL);
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_MM, IOASID_IMPL_NO_MM, 10, &set), EINVAL);
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_MM, gone, 10, &set), ENOENT);
	assert_int_equal(set, -1);
	assert_int_equal(conf_avail(in), IOASID_IMPL_DEFAULT_CAPACITY);
}

/* seed:4500 "if (set->quota <= atomic_read(&set->nr_ioasids)) {" (alloc
 * fails). Choice: -ENOSPC. */
void rule_set_quota_enforced(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 2);
	ioasid_impl_t a, b, c = INV;

	a = conf_alloc(in, set, 1, 1000);
	b = conf_alloc(in, set, 1, 1000);
	assert_int_not_equal(a, b);
	ERR(CALL(alloc, in, set, 1, 1000, &c), ENOSPC);
	assert_int_equal(c, INV);
	assert_int_equal(conf_setinfo(in, set).nr_ioasids, 2);
}

/* seed:4513-4518 (V4 ioasid_do_free_locked)
 *   atomic_dec(&data->set->nr_ioasids); ...
 *   "Destroy the set if empty" if (!atomic_read(&data->set->nr_ioasids))
 * A set nothing was ever allocated from is not destroyed (only a free
 * triggers it). The quota goes back to the pool with the set. */
void rule_set_destroyed_when_empty(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct ioasid_impl_set_info si;
	int set, idle;
	ioasid_impl_t a, b;

	OK(CALL(capacity_install, in, 100));
	set = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	idle = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 5);
	assert_int_equal(conf_avail(in), 85);
	a = conf_alloc(in, set, 1, 1000);
	b = conf_alloc(in, set, 1, 1000);
	OK(CALL(free, in, set, a));
	assert_int_equal(conf_setinfo(in, set).nr_ioasids, 1);
	OK(CALL(free, in, set, b));
	ERR(CALL(set_query, in, set, &si), ENOENT);
	assert_int_equal(conf_avail(in), 95);
	conf_setinfo(in, idle);
}

/* seed:5182-5191 ioasid_set_free_locked: "if (!ioasid_set_is_valid(set))"
 * ... "WARN_ON(!xa_empty(&set->xa));". Choices: unknown set -EINVAL, a set
 * with IOASIDs left -EBUSY (the seed only warns). */
void rule_set_free(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	struct ioasid_impl_set_info si;
	int set, busy;

	OK(CALL(capacity_install, in, 100));
	set = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	busy = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	conf_alloc(in, busy, 1, 1000);
	OK(CALL(set_free, in, set));
	ERR(CALL(set_query, in, set, &si), ENOENT);
	assert_int_equal(conf_avail(in), 90);
	ERR(CALL(set_free, in, set), EINVAL);
	ERR(CALL(set_free, in, busy), EBUSY);
	assert_int_equal(conf_setinfo(in, busy).nr_ioasids, 1);
}

/* seed:4488 "ioasid_t ioasid_alloc(struct ioasid_set *set, ioasid_t min,
 * ioasid_t max," - the ID is in [min, max]; none free there: fails (choice:
 * -ENOSPC) */
void rule_alloc_within_range(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	ioasid_impl_t id[3], x = INV;

	for (int i = 0; i < 3; i++) {
		id[i] = conf_alloc(in, set, 5, 7);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(id[i], id[j]);
	}
	ERR(CALL(alloc, in, set, 5, 7, &x), ENOSPC);
	assert_int_equal(conf_setinfo(in, set).nr_ioasids, 3);
}

/* seed:7461 "PASID #0 is reserved and not allocated from any ioasid_set.";
 * seed:665-667 "if (min == INVALID_IOASID || max == INVALID_IOASID ||
 * min == 0 || max < min) return -EINVAL;" */
void rule_alloc_never_zero(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	ioasid_impl_t x = INV;

	ERR(CALL(alloc, in, set, 0, 0, &x), EINVAL);
	ERR(CALL(alloc, in, set, 0, 10, &x), EINVAL);
	ERR(CALL(alloc, in, set, 5, 4, &x), EINVAL);
	ERR(CALL(alloc, in, set, INV, INV, &x), EINVAL);
	ERR(CALL(alloc, in, set, 1, INV, &x), EINVAL);
	assert_int_equal(x, INV);
	assert_int_equal(conf_alloc(in, set, 1, 1), 1);
	assert_int_equal(conf_setinfo(in, set).nr_ioasids, 1);
}

/* seed:4490-4493 "Check if the IOASID set has been allocated and
 * initialized" if (!set || !ioasid_set_is_valid(set)) goto done_unlock;
 * Choice: -EINVAL. */
void rule_alloc_unknown_set(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	ioasid_impl_t x = INV;

	ERR(CALL(alloc, in, IOASID_IMPL_NO_SET, 1, 100, &x), EINVAL);
	OK(CALL(set_free, in, set));
	ERR(CALL(alloc, in, set, 1, 100, &x), EINVAL);
	assert_int_equal(x, INV);
}

/* seed:4288-4292 + seed:4500: sets draw their quota from the capacity
 * and an IOASID needs room in its set's quota (seed:4500), so the IOASIDs
 * outstanding never exceed the capacity installed. */
void rule_alloc_never_past_capacity(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int a, b, c = -1;
	ioasid_impl_t x = INV;

	OK(CALL(capacity_install, in, 4));
	a = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 3);
	b = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 1);
	ERR(CALL(set_alloc, in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 1, &c), ENOSPC);
	for (int i = 0; i < 3; i++)
		conf_alloc(in, a, 1, 1000);
	conf_alloc(in, b, 1, 1000);
	ERR(CALL(alloc, in, a, 1, 1000, &x), ENOSPC);
	ERR(CALL(alloc, in, b, 1, 1000, &x), ENOSPC);
	assert_int_equal(conf_avail(in), 0);
}

/* seed:4350-4351 "the IOASID namespace must be system-wide in order to
 * uniquely identify DMA request with PASID inside the device."; seed:5581
 * "the system-wide IOASID" */
void rule_alloc_system_wide_unique(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int a = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	int b = conf_set(in, IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, 10);
	ioasid_impl_t x, y, z = INV;

	x = conf_alloc(in, a, 1, 2);
	y = conf_alloc(in, a, 1, 2);
	assert_int_not_equal(x, y);
	ERR(CALL(alloc, in, b, 1, 2, &z), ENOSPC);
	OK(CALL(free, in, a, x));
	assert_int_equal(conf_alloc(in, b, 1, 2), x);
	assert_int_equal(conf_ioasid(in, x).set, b);
}
