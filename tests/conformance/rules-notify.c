// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Seed rules: notifier chains (global, per set, per mm with the pending list),
 * event sequence numbers, and a process's exit freeing its set.
 */
#include "suite.h"

#define NULLSET(in, q) conf_set((in), IOASID_IMPL_SET_NULL, IOASID_IMPL_NO_MM, (q))

/* seed:5236-5238 "This patch introduced two types of notifications: global
 * and per ioasid_set. The latter is intended for users who only needs to
 * handle events related to the IOASID of a given set."; seed:5318-5319
 * "if (flags & IOASID_NOTIFY_FLAG_SET) ret =
 * atomic_notifier_call_chain(&data->set->nh, cmd, &args);" Choice: a set
 * notifier on an unknown set is -EINVAL. */
void rule_nb_set_scope(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int sa = NULLSET(in, 10), sb = NULLSET(in, 10), gone = NULLSET(in, 10);
	int na = conf_nb(in, IOASID_IMPL_NB_SET, sa), nb = -1;
	ioasid_impl_t a = conf_alloc(in, sa, 1, 100), b = conf_alloc(in, sb, 1, 100);
	struct ioasid_impl_event ev[8];
	size_t n;

	OK(CALL(attach_spid, in, b, 1));
	assert_int_equal(conf_events(in, na, ev, 8), 0);
	OK(CALL(attach_spid, in, a, 1));
	n = conf_events(in, na, ev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_BIND);
	assert_int_equal(ev[0].ioasid, a);
	OK(CALL(set_free, in, gone));
	ERR(CALL(nb_register, in, IOASID_IMPL_NB_SET, gone, &nb), EINVAL);
}

/* seed:8686 "ioasid_register_notifier(NULL, &pasid_nb);" a global notifier
 * that handles FREE (seed:4836) for IOASIDs of every set; BIND and UNBIND are
 * sent with IOASID_NOTIFY_FLAG_SET only (seed:5333, 5341), so a global
 * notifier does not receive them. */
void rule_nb_global_scope(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int sa = NULLSET(in, 10), sb = NULLSET(in, 10);
	int g = conf_nb(in, IOASID_IMPL_NB_GLOBAL, 0);
	ioasid_impl_t a = conf_alloc(in, sa, 1, 100), b = conf_alloc(in, sb, 1, 100);
	struct ioasid_impl_event ev[8];
	size_t n;

	OK(CALL(attach_spid, in, a, 3));
	OK(CALL(detach_spid, in, a));
	n = conf_events(in, g, ev, 8);
	assert_int_equal(conf_count(ev, n, IOASID_IMPL_EV_BIND), 0);
	assert_int_equal(conf_count(ev, n, IOASID_IMPL_EV_UNBIND), 0);
	OK(CALL(get, in, sa, a));
	OK(CALL(get, in, sb, b));
	OK(CALL(free, in, sa, a));
	OK(CALL(free, in, sb, b));
	n = conf_events(in, g, ev, 8);
	assert_int_equal(n, 2);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_FREE);
	assert_int_equal(ev[0].ioasid, a);
	assert_int_equal(ev[0].set, sa);
	assert_int_equal(ev[1].type, IOASID_IMPL_EV_FREE);
	assert_int_equal(ev[1].ioasid, b);
	assert_int_equal(ev[1].set, sb);
}

/* seed:7753-7757 "In case when subscribers register handler *prior* to the
 * creation of the ioasid_set, the handler's notification block is stored in
 * a pending list within IOASID core. Once the ioasid_set of the MM token is
 * created, the notification block will be registered by the IOASID core." */
void rule_nb_mm_waits_for_set(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm = conf_mm(in, IOASID_IMPL_CG_ROOT), other = conf_mm(in, IOASID_IMPL_CG_ROOT);
	int nm = conf_nb(in, IOASID_IMPL_NB_MM, mm);
	int set, oset;
	ioasid_impl_t a, o;
	struct ioasid_impl_event ev[8];
	size_t n;

	assert_int_equal(conf_events(in, nm, ev, 8), 0);
	oset = conf_set(in, IOASID_IMPL_SET_MM, other, 10);
	set = conf_set(in, IOASID_IMPL_SET_MM, mm, 10);
	o = conf_alloc(in, oset, 1, 100);
	a = conf_alloc(in, set, 1, 100);
	OK(CALL(bind, in, other, o, 4));
	OK(CALL(bind, in, mm, a, 4));
	n = conf_events(in, nm, ev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_BIND);
	assert_int_equal(ev[0].ioasid, a);
	assert_int_equal(ev[0].set, set);
}

/* seed:7824-7825 "if (!mm) return -EINVAL;"; seed:7843-7850 (v3) "REVISIT:
 * Only register empty set for now." ... "IOASID set %d not empty" ret =
 * -EBUSY; an existing empty set takes the notifier at once (seed:7861-7864) */
void rule_nb_mm_errors(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int busy = conf_mm(in, IOASID_IMPL_CG_ROOT), empty = conf_mm(in, IOASID_IMPL_CG_ROOT);
	int bset = conf_set(in, IOASID_IMPL_SET_MM, busy, 10);
	int eset = conf_set(in, IOASID_IMPL_SET_MM, empty, 10);
	int nb = -1, ne;
	ioasid_impl_t a;
	struct ioasid_impl_event ev[8];

	conf_alloc(in, bset, 1, 100);
	ERR(CALL(nb_register, in, IOASID_IMPL_NB_MM, IOASID_IMPL_NO_MM, &nb), EINVAL);
	ERR(CALL(nb_register, in, IOASID_IMPL_NB_MM, busy, &nb), EBUSY);
	assert_int_equal(nb, -1);
	ne = conf_nb(in, IOASID_IMPL_NB_MM, empty);
	a = conf_alloc(in, eset, 1, 100);
	OK(CALL(attach_spid, in, a, 8));
	assert_int_equal(conf_events(in, ne, ev, 8), 1);
}

/* seed:5192-5200 ioasid_set_free_locked(): "Restore pending status of the set
 * NBs" (curr->active = false); a later set of the same mm picks them up
 * again (seed:5143-5160 ioasid_add_pending_nb()). The V4 set is destroyed
 * when its last IOASID is freed (seed:4516-4517). */
void rule_nb_mm_repending(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int mm = conf_mm(in, IOASID_IMPL_CG_ROOT);
	int set = conf_set(in, IOASID_IMPL_SET_MM, mm, 10);
	int nm = conf_nb(in, IOASID_IMPL_NB_MM, mm);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100);
	struct ioasid_impl_event ev[8];
	struct ioasid_impl_set_info si;
	size_t n;

	OK(CALL(free, in, set, a));
	ERR(CALL(set_query, in, set, &si), ENOENT);
	set = conf_set(in, IOASID_IMPL_SET_MM, mm, 10);
	a = conf_alloc(in, set, 1, 100);
	OK(CALL(bind, in, mm, a, 6));
	n = conf_events(in, nm, ev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_BIND);
	assert_int_equal(ev[0].set, set);
}

/* seed:5206-5222 ioasid_unregister_notifier(); an unregistered notifier
 * receives nothing more and is unknown afterwards (choice: -ENOENT) */
void rule_nb_unregister(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	int s = conf_nb(in, IOASID_IMPL_NB_SET, set), keep = conf_nb(in, IOASID_IMPL_NB_SET, set);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100);
	struct ioasid_impl_event ev[8];
	size_t n = 99;

	OK(CALL(nb_unregister, in, s));
	OK(CALL(attach_spid, in, a, 2));
	ERR(CALL(events_read, in, s, ev, 8, &n), ENOENT);
	ERR(CALL(nb_unregister, in, s), ENOENT);
	assert_int_equal(conf_events(in, keep, ev, 8), 1);
}

/* DESIGN.md 2B: "a multicast group notify for events with sequence numbers
 * (readers report "lost N" on a gap or overrun)". Every notification the
 * core emits takes the next number, from 1 in a fresh instance. ALLOC
 * (seed:8139-8141 reserves it; ioasid-abi(7) version 3 sends it on the
 * notify group) takes a number too but reaches no notifier chain: the two
 * allocations below are 1 and 2, so the chains see 3, 4, 5. All receivers
 * of one notification see the same number. */
void rule_event_seq(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int set = NULLSET(in, 10);
	int g = conf_nb(in, IOASID_IMPL_NB_GLOBAL, 0), s = conf_nb(in, IOASID_IMPL_NB_SET, set);
	ioasid_impl_t a = conf_alloc(in, set, 1, 100);
	struct ioasid_impl_event ev[8], gev[8];
	size_t n;

	conf_alloc(in, set, 1, 100);
	OK(CALL(attach_spid, in, a, 11));
	OK(CALL(detach_spid, in, a));
	OK(CALL(get, in, set, a));
	OK(CALL(free, in, set, a));
	n = conf_events(in, s, ev, 8);
	assert_int_equal(n, 3);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_BIND);
	assert_int_equal(ev[1].type, IOASID_IMPL_EV_UNBIND);
	assert_int_equal(ev[2].type, IOASID_IMPL_EV_FREE);
	assert_int_equal(ev[0].seq, 3);
	assert_int_equal(ev[1].seq, 4);
	assert_int_equal(ev[2].seq, 5);
	n = conf_events(in, g, gev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(gev[0].seq, ev[2].seq);
}

/* seed:4459-4461 "Upon opening ("/dev/ioasid"), a process obtains a unique
 * handle associated with the process's mm_struct."; the set goes with the
 * process (DESIGN.md 2B: "closing frees the process's set"), freed as by
 * ioasid_free_all_in_set() (seed:5832-5836 "Free all PASIDs from system-wide
 * IOASID pool, all subscribers gets notified and do cleanup of their own.
 * Note that some references of the IOASIDs within the set can still be held
 * after the free call."). */
void rule_mm_exit_frees_set(void **state)
{
	ioasid_impl_inst *in = conf_inst(state);
	int cg = conf_cg(in, IOASID_IMPL_CG_ROOT);
	int mm, set, g, freed = -1;
	ioasid_impl_t a, b;
	struct ioasid_impl_event ev[8];
	struct ioasid_impl_ioasid_info ii;
	struct ioasid_impl_set_info si;
	size_t n;

	OK(CALL(cg_set_max, in, cg, 10));
	mm = conf_mm(in, cg);
	set = conf_set(in, IOASID_IMPL_SET_MM, mm, 10);
	a = conf_alloc(in, set, 1, 100);
	b = conf_alloc(in, set, 1, 100);
	OK(CALL(get, in, set, b));
	g = conf_nb(in, IOASID_IMPL_NB_GLOBAL, 0);
	assert_int_equal(conf_cginfo(in, cg).current, 2);
	OK(CALL(mm_exit, in, mm));
	ERR(CALL(ioasid_query, in, a, &ii), ENOENT);
	ii = conf_ioasid(in, b);
	assert_int_equal(ii.state, IOASID_IMPL_FREE_PENDING);
	assert_int_equal(ii.refs, 1);
	n = conf_events(in, g, ev, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, IOASID_IMPL_EV_FREE);
	assert_int_equal(ev[0].ioasid, b);
	assert_int_equal(conf_cginfo(in, cg).current, 1);
	OK(CALL(put, in, IOASID_IMPL_NO_SET, b, &freed));
	assert_int_equal(freed, 1);
	ERR(CALL(set_query, in, set, &si), ENOENT);
	assert_int_equal(conf_cginfo(in, cg).current, 0);
	ERR(CALL(mm_exit, in, mm), ENOENT);
}
