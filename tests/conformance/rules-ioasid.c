// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Seed rules: IOASID states and references (V4 06/18), set private IDs
 * (V4 08/18), guest bind/unbind, quota adjustment (v3 06/14) and ownership
 * (V4 ioasid_get_if_owned).
 */
#include "suite.h"

#define NULLSET(in, q) conf_set((in), IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, (q))

static int mm_set(ioasid_impl_inst *in, int *mm)
{
	*mm = conf_mm(in, IOASID_IMPL_CG_ROOT);
	return conf_set(in, IOASID_IMPL_SET_MM, *mm, 100);
}

/* seed:5425 (V4) "data->state = IOASID_STATE_IDLE;" wins over seed:8333 (v3)
 * "data->state = IOASID_STATE_ACTIVE;"; seed:8334 "refcount_set(&data->users,
 * 1);" and seed:5457-5458 "If the refcount is 1, it means there is no other
 * users of the IOASID other than IOASID core itself."; seed:5666
 * "data->spid = INVALID_IOASID;" */
void rule_state_idle_at_alloc(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 1000);
	struct ioasid_impl_ioasid_info ii = conf_ioasid(in, a);

	assert_int_equal(ii.set, set);
	assert_int_equal(ii.state, IOASID_IMPL_IDLE);
	assert_int_equal(ii.refs, 1);
	assert_int_equal(ii.spid, INV);
}

/* seed:5399-5401 IDLE, ACTIVE, FREE_PENDING; no visible seed code sets
 * ACTIVE in V4 (DIGEST: "ACTIVE when in use"). Choice: the first reference
 * taken by a user (get, get_if_owned, find_by_spid with get, bind) makes an
 * IDLE IOASID ACTIVE. seed:8378 "refcount_inc(&data->users);" */
void rule_state_active_on_get(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 1000);
	struct ioasid_impl_ioasid_info ii;

	OK(CALL(get, in, set, a));
	ii = conf_ioasid(in, a);
	assert_int_equal(ii.state, IOASID_IMPL_ACTIVE);
	assert_int_equal(ii.refs, 2);
}

/* seed:8362-8377 ioasid_get_locked(): unknown "return -EINVAL;", "Check set
 * ownership if the set is non-null" ... "return -EACCES;" */
void rule_get_errors(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10), other = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);

	ERR(CALL(get, in, set, 500), EINVAL);
	ERR(CALL(get, in, other, a), EACCES);
	assert_int_equal(conf_ioasid(in, a).refs, 1);
	OK(CALL(get, in, IOASID_IMPL_NO_SET, a));
	assert_int_equal(conf_ioasid(in, a).refs, 2);
}

/* seed:5488-5495 (V4) "if (data->state == IOASID_STATE_FREE_PENDING) {
 * pr_err("Trying to get IOASID being freed%u\n", ioasid); return -EBUSY;" -
 * checked before the set ownership */
void rule_get_free_pending_ebusy(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10), other = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);

	OK(CALL(get, in, set, a));
	OK(CALL(free, in, set, a));
	assert_int_equal(conf_ioasid(in, a).state, IOASID_IMPL_FREE_PENDING);
	ERR(CALL(get, in, set, a), EBUSY);
	ERR(CALL(get, in, IOASID_IMPL_NO_SET, a), EBUSY);
	ERR(CALL(get, in, other, a), EBUSY);
	assert_int_equal(conf_ioasid(in, a).refs, 1);
}

/* seed:8430-8436 "Put a reference to the IOASID, free it when the number of
 * references drops to zero. Return: %true if the IOASID was freed, %false
 * otherwise." */
void rule_put_frees_at_zero(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);
	struct ioasid_impl_ioasid_info ii;
	int freed = -1;

	conf_alloc(in, set, 1, 10); /* keeps the set alive */
	OK(CALL(get, in, set, a));
	OK(CALL(put, in, set, a, &freed));
	assert_int_equal(freed, 0);
	assert_int_equal(conf_ioasid(in, a).refs, 1);
	OK(CALL(put, in, IOASID_IMPL_NO_SET, a, &freed));
	assert_int_equal(freed, 1);
	ERR(CALL(ioasid_query, in, a, &ii), ENOENT);
	assert_int_equal(conf_setinfo(in, set).nr_ioasids, 1);
}

/* seed:8408-8416 ioasid_put_locked(): "Trying to put unknown IOASID" and
 * "Trying to drop IOASID %u outside the set" return false. Choice: -EINVAL
 * and -EACCES, as ioasid_get. */
void rule_put_errors(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10), other = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);
	int freed = -1;

	ERR(CALL(put, in, set, 500, &freed), EINVAL);
	ERR(CALL(put, in, other, a, &freed), EACCES);
	assert_int_equal(freed, -1);
	assert_int_equal(conf_ioasid(in, a).refs, 1);
}

/* seed:5455-5463 "If the refcount is 1, it means there is no other users of
 * the IOASID other than IOASID core itself. There is no need to notify
 * anyone." if (!refcount_dec_and_test(&data->refs)) return;
 * ioasid_do_free_locked(data); */
void rule_free_without_users(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	int g = conf_nb(in, IOASID_IMPL_NB_GLOBAL, 0), s = conf_nb(in, IOASID_IMPL_NB_SET, set);
	ioasid_impl_t a, b;
	struct ioasid_impl_event ev[8];
	struct ioasid_impl_ioasid_info ii;
	size_t n;

	a = conf_alloc(in, set, 1, 10);
	b = conf_alloc(in, set, 1, 10);
	OK(CALL(free, in, set, a));
	ERR(CALL(ioasid_query, in, a, &ii), ENOENT);
	n = conf_events(in, g, ev, 8);
	assert_int_equal(conf_count(ev, n, IOASID_IMPL_EV_FREE), 0);
	n = conf_events(in, s, ev, 8);
	assert_int_equal(conf_count(ev, n, IOASID_IMPL_EV_FREE), 0);
	assert_int_equal(conf_ioasid(in, b).state, IOASID_IMPL_IDLE);
}

/* seed:5376-5381 "Both ioasid_free() and ioasid_put() decrements reference
 * counts. Unlike ioasid_put(), the ioasid_free() function also transition
 * the IOASID to the free pending state where further ioasid_get() is
 * prohibited."; seed:5451-5453 "Free is already in progress" - return;
 * seed:7357-7360 (ioasid_free() -> ioasid_notify(FREE) -> mark_free_pending);
 * FREE goes to the global
 * chain (VT-d's pasid_nb is global, seed:8686, and handles FREE,
 * seed:4836) and to the set's chain (choice). */
void rule_free_with_users_pending(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	int g = conf_nb(in, IOASID_IMPL_NB_GLOBAL, 0), s = conf_nb(in, IOASID_IMPL_NB_SET, set);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);
	struct ioasid_impl_event ev[8];
	struct ioasid_impl_ioasid_info ii;
	size_t n;
	int freed = -1;

	OK(CALL(get, in, set, a));
	OK(CALL(get, in, set, a));
	OK(CALL(free, in, set, a));
	ii = conf_ioasid(in, a);
	assert_int_equal(ii.state, IOASID_IMPL_FREE_PENDING);
	assert_int_equal(ii.refs, 2);
	n = conf_events(in, g, ev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_FREE);
	assert_int_equal(ev[0].ioasid, a);
	assert_int_equal(ev[0].set, set);
	n = conf_events(in, s, ev, 8);
	assert_int_equal(conf_count(ev, n, IOASID_IMPL_EV_FREE), 1);

	/* a second free is a no-op: no reference dropped, no new FREE */
	OK(CALL(free, in, set, a));
	assert_int_equal(conf_ioasid(in, a).refs, 2);
	n = conf_events(in, g, ev, 8);
	assert_int_equal(conf_count(ev, n, IOASID_IMPL_EV_FREE), 0);

	OK(CALL(put, in, set, a, &freed));
	assert_int_equal(freed, 0);
	OK(CALL(put, in, set, a, &freed));
	assert_int_equal(freed, 1);
	ERR(CALL(ioasid_query, in, a, &ii), ENOENT);
}

/* seed:5437-5453 ioasid_free_locked(): "Trying to free unknown IOASID",
 * "if (data->set != set) { pr_warn("Cannot free IOASID %u due to set
 * ownership\n"" - no exemption for a NULL set, unlike get/put. Choice:
 * -EINVAL and -EACCES (ioasid_free is void in the seed). */
void rule_free_errors(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10), other = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);
	struct ioasid_impl_ioasid_info ii;

	ERR(CALL(free, in, set, 500), EINVAL);
	ERR(CALL(free, in, other, a), EACCES);
	ERR(CALL(free, in, IOASID_IMPL_NO_SET, a), EACCES);
	ii = conf_ioasid(in, a);
	assert_int_equal(ii.state, IOASID_IMPL_IDLE);
	assert_int_equal(ii.refs, 1);
}

/* seed:4513 the set's count drops only in ioasid_do_free_locked(): a
 * FREE_PENDING IOASID still counts against the set's quota (seed:4500) */
void rule_free_pending_keeps_quota(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 1);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10), x = INV;
	struct ioasid_impl_set_info si;
	int freed = -1;

	OK(CALL(get, in, set, a));
	OK(CALL(free, in, set, a));
	assert_int_equal(conf_setinfo(in, set).nr_ioasids, 1);
	ERR(CALL(alloc, in, set, 1, 10, &x), ENOSPC);
	OK(CALL(put, in, set, a, &freed));
	assert_int_equal(freed, 1);
	ERR(CALL(set_query, in, set, &si), ENOENT);
}

/* seed:5584 "After attching SPID, future lookup can be done via
 * ioasid_find_by_spid()."; seed:5520-5522 "the IOASID core can provide lookup
 * services at both directions." */
void rule_spid_attach_find(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10), f = INV, sp = INV;
	struct ioasid_impl_ioasid_info ii;

	OK(CALL(attach_spid, in, a, 101));
	OK(CALL(find_by_spid, in, set, 101, 0, &f));
	assert_int_equal(f, a);
	OK(CALL(find_spid, in, a, &sp));
	assert_int_equal(sp, 101);
	ii = conf_ioasid(in, a);
	assert_int_equal(ii.spid, 101);
	assert_int_equal(ii.refs, 1);
}

/* seed:2250-2264 (guest PASID/SPID 101 in VM 1 -> host IOASID 201, in VM 2
 * -> host IOASID 202); seed:6203-6204 "Each IOASID set has a private
 * namespace of SPIDs." */
void rule_spid_per_set_namespace(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm1, mm2, vm1 = mm_set(in, &mm1), vm2 = mm_set(in, &mm2);
	ioasid_impl_t h1 = conf_alloc(in, vm1, 201, 201), h2 = conf_alloc(in, vm2, 202, 202);
	ioasid_impl_t f = INV;

	OK(CALL(attach_spid, in, h1, 101));
	OK(CALL(attach_spid, in, h2, 101));
	OK(CALL(find_by_spid, in, vm1, 101, 0, &f));
	assert_int_equal(f, 201);
	OK(CALL(find_by_spid, in, vm2, 101, 0, &f));
	assert_int_equal(f, 202);
}

/* seed:5603-5606 "Check if SPID is unique within the set" ... ret = -EINVAL; */
void rule_spid_unique_in_set(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10), b = conf_alloc(in, set, 1, 10);
	ioasid_impl_t f = INV;

	OK(CALL(attach_spid, in, a, 7));
	ERR(CALL(attach_spid, in, b, 7), EINVAL);
	assert_int_equal(conf_ioasid(in, b).spid, INV);
	OK(CALL(find_by_spid, in, set, 7, 0, &f));
	assert_int_equal(f, a);
}

/* seed:5591-5592 "if (spid == INVALID_IOASID) return -EINVAL;" */
void rule_spid_invalid(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);

	ERR(CALL(attach_spid, in, a, INV), EINVAL);
	assert_int_equal(conf_ioasid(in, a).spid, INV);
}

/* seed:5597-5601 "No IOASID entry %d to attach SPID %d" ret = -ENOENT; */
void rule_spid_unknown_ioasid(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10);

	conf_alloc(in, set, 1, 10);
	ERR(CALL(attach_spid, in, 500, 3), ENOENT);
	OK(CALL(free, in, set, a));
	ERR(CALL(attach_spid, in, a, 3), ENOENT);
}

/* seed:5617-5630 ioasid_detach_spid(): "if (!data || data->spid ==
 * INVALID_IOASID) { pr_err("Invalid IOASID entry %d to detach\n"" ...
 * data->spid = INVALID_IOASID. Choice: -ENOENT unknown, -EINVAL no SPID. */
void rule_spid_detach(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10), b = conf_alloc(in, set, 1, 10);
	ioasid_impl_t f = INV, sp = INV;

	OK(CALL(attach_spid, in, a, 9));
	OK(CALL(detach_spid, in, a));
	ERR(CALL(find_by_spid, in, set, 9, 0, &f), ENOENT);
	ERR(CALL(find_spid, in, a, &sp), ENOENT);
	assert_int_equal(conf_ioasid(in, a).spid, INV);
	OK(CALL(attach_spid, in, b, 9));
	OK(CALL(find_by_spid, in, set, 9, 0, &f));
	assert_int_equal(f, b);
	ERR(CALL(detach_spid, in, a), EINVAL);
	ERR(CALL(detach_spid, in, 500), ENOENT);
}

/* seed:5641-5646 "@get: flag indicates whether to take a reference once
 * found ... Return INVALID_IOASID if the IOASID is not found in the set or
 * the set is not valid."; seed:5568-5571 "if (get) refcount_inc(&entry->refs);"
 * Choice: -ENOENT not found, -EINVAL set not valid. */
void rule_spid_find_get(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10), gone = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 10), f = INV;

	OK(CALL(attach_spid, in, a, 42));
	OK(CALL(find_by_spid, in, set, 42, 1, &f));
	assert_int_equal(f, a);
	assert_int_equal(conf_ioasid(in, a).refs, 2);
	ERR(CALL(find_by_spid, in, set, 43, 1, &f), ENOENT);
	OK(CALL(set_free, in, gone));
	ERR(CALL(find_by_spid, in, gone, 42, 0, &f), EINVAL);
	assert_int_equal(conf_ioasid(in, a).refs, 2);
}

/* seed:5333 (V4) attach: "ioasid_notify(data, IOASID_NOTIFY_BIND,
 * IOASID_NOTIFY_FLAG_SET);"; seed:5341-5342 (V4) detach: "ioasid_notify(data,
 * IOASID_NOTIFY_UNBIND, IOASID_NOTIFY_FLAG_SET); data->spid = INVALID_IOASID;"
 * - UNBIND before the SPID is cleared (V4 wins over v3 seed:8173-8174, which
 * cleared it first); seed:8225-8231 the guest PASID is the SPID, bind takes
 * a reference, seed:8219-8220 unbind detaches then puts. */
void rule_bind_unbind_notify(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm, set = mm_set(in, &mm);
	int s = conf_nb(in, IOASID_IMPL_NB_SET, set);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100);
	struct ioasid_impl_event ev[8];
	struct ioasid_impl_ioasid_info ii;
	size_t n;

	conf_alloc(in, set, 1, 100);
	OK(CALL(bind, in, mm, a, 101));
	ii = conf_ioasid(in, a);
	assert_int_equal(ii.state, IOASID_IMPL_ACTIVE);
	assert_int_equal(ii.refs, 2);
	assert_int_equal(ii.spid, 101);
	n = conf_events(in, s, ev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_BIND);
	assert_int_equal(ev[0].ioasid, a);
	assert_int_equal(ev[0].spid, 101);
	assert_int_equal(ev[0].set, set);

	OK(CALL(unbind, in, mm, a));
	n = conf_events(in, s, ev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_UNBIND);
	assert_int_equal(ev[0].ioasid, a);
	assert_int_equal(ev[0].spid, 101);
	ii = conf_ioasid(in, a);
	assert_int_equal(ii.spid, INV);
	assert_int_equal(ii.refs, 1);
}

/* seed:5036-5040 bind goes through ioasid_get_if_owned(data.hpasid);
 * seed:2247-2248 "Non-owner cannot perform bind page table or free
 * operations." Choice: unbind of an unbound IOASID -EINVAL. */
void rule_bind_not_owner(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm, set = mm_set(in, &mm), other = conf_mm(in, IOASID_IMPL_CG_ROOT);
	int host = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100), h = conf_alloc(in, host, 1, 100);

	ERR(CALL(bind, in, other, a, 5), EPERM);
	ERR(CALL(bind, in, mm, h, 5), EINVAL);
	ERR(CALL(bind, in, mm, 999, 5), ENOENT);
	assert_int_equal(conf_ioasid(in, a).refs, 1);
	assert_int_equal(conf_ioasid(in, a).spid, INV);
	ERR(CALL(unbind, in, mm, a), EINVAL);
	OK(CALL(bind, in, mm, a, 5));
	ERR(CALL(unbind, in, other, a), EPERM);
	assert_int_equal(conf_ioasid(in, a).spid, 5);
	assert_int_equal(conf_ioasid(in, a).refs, 2);
}

/* seed:5603-5606 (SPID unique within the set) through bind: the reference
 * taken by get_if_owned is dropped again on the failure */
void rule_bind_spid_conflict(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm, set = mm_set(in, &mm);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100), b = conf_alloc(in, set, 1, 100);
	struct ioasid_impl_ioasid_info ii;

	OK(CALL(bind, in, mm, a, 101));
	ERR(CALL(bind, in, mm, b, 101), EINVAL);
	ii = conf_ioasid(in, b);
	assert_int_equal(ii.refs, 1);
	assert_int_equal(ii.spid, INV);
}

/* seed:7908-7916 (v3 ioasid_adjust_set) "if (quota <= 0) return -EINVAL;" ...
 * "New quota %d is smaller than outstanding IOASIDs %d" ret = -EINVAL; "No
 * change will be made to the existing quota." (seed:7901-7902) */
void rule_quota_adjust_invalid(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 5);
	ioasid_impl_t x = INV;

	for (int i = 0; i < 3; i++)
		conf_alloc(in, set, 1, 100);
	ERR(CALL(set_adjust, in, set, 0), EINVAL);
	ERR(CALL(set_adjust, in, set, -1), EINVAL);
	ERR(CALL(set_adjust, in, set, 2), EINVAL);
	assert_int_equal(conf_setinfo(in, set).quota, 5);
	OK(CALL(set_adjust, in, set, 3));
	assert_int_equal(conf_setinfo(in, set).quota, 3);
	ERR(CALL(alloc, in, set, 1, 100, &x), ENOSPC);
	ERR(CALL(set_adjust, in, 9999, 3), EINVAL);
}

/* seed:7919-7926 "if ((quota > set->quota) && (quota - set->quota >
 * ioasid_capacity_avail)) { ret = -ENOSPC;" ... "Return the delta back to
 * system pool" ioasid_capacity_avail += set->quota - quota; */
void rule_quota_adjust_capacity(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set;

	OK(CALL(capacity_install, in, 100));
	set = NULLSET(in, 10);
	assert_int_equal(conf_avail(in), 90);
	ERR(CALL(set_adjust, in, set, 101), ENOSPC);
	assert_int_equal(conf_setinfo(in, set).quota, 10);
	assert_int_equal(conf_avail(in), 90);
	OK(CALL(set_adjust, in, set, 100));
	assert_int_equal(conf_avail(in), 0);
	OK(CALL(set_adjust, in, set, 40));
	assert_int_equal(conf_avail(in), 60);
	assert_int_equal(conf_setinfo(in, set).quota, 40);
}

/* seed:4988-4989 "obtain a reference to the IOASID if the IOASID belongs to
 * the ioasid_set with the current mm as token" */
void rule_owned_get(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm, set = mm_set(in, &mm);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100);

	OK(CALL(get_if_owned, in, mm, a));
	assert_int_equal(conf_ioasid(in, a).refs, 2);
	assert_int_equal(conf_ioasid(in, a).state, IOASID_IMPL_ACTIVE);
}

/* seed:5003-5015 "if (IS_ERR_OR_NULL(set)) { ret = -ENOENT;" ... "if
 * (set->type != IOASID_SET_TYPE_MM) { ret = -EINVAL;" ... "if (current->mm !=
 * set->token) { ret = -EPERM;" then ioasid_get_locked() (-EBUSY pending) */
void rule_owned_errors(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm, set = mm_set(in, &mm), other = conf_mm(in, IOASID_IMPL_CG_ROOT);
	int host = NULLSET(in, 10);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100), h = conf_alloc(in, host, 1, 100);

	ERR(CALL(get_if_owned, in, mm, 999), ENOENT);
	ERR(CALL(get_if_owned, in, mm, h), EINVAL);
	ERR(CALL(get_if_owned, in, other, a), EPERM);
	assert_int_equal(conf_ioasid(in, a).refs, 1);
	OK(CALL(get, in, set, a));
	OK(CALL(free, in, set, a));
	ERR(CALL(get_if_owned, in, mm, a), EBUSY);
	ERR(CALL(get_if_owned, in, other, a), EPERM);
}
