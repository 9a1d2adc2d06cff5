/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared helpers of the conformance suite's rule files. Every rule is one
 * CMocka test named after its rule id (tests/conformance/RULES.md); each runs
 * on a fresh instance made by the fixture, so rules never see each other's
 * state. Expected values come from the seed text quoted in each rule, never
 * from an implementation's output.
 */
#ifndef IOASID_CONFORMANCE_SUITE_H
#define IOASID_CONFORMANCE_SUITE_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "impl.h"

/* the implementation under test, set by ioasid_conformance_run() */
extern const struct ioasid_impl *conf_impl;

/* A missing function pointer behaves as -ENOSYS (impl.h conventions);
 * IOASID_IMPL_NOT_OFFERED skips the test if the implementation may say so */
#define CALL(fn, ...) conf_offered(#fn, conf_impl->fn ? conf_impl->fn(__VA_ARGS__) : -ENOSYS)
int conf_offered(const char *op, int rc);
#define OK(expr) assert_int_equal((expr), 0)
#define ERR(expr, e) assert_int_equal((expr), -(e))

#define INV IOASID_IMPL_INVALID

/* the fresh instance of this test (fails the test if create failed) */
ioasid_impl_inst *conf_inst(void **state);
enum ioasid_impl_cg_form conf_form(void **state);

int conf_mm(ioasid_impl_inst *in, int cg);
int conf_cg(ioasid_impl_inst *in, int parent);
int conf_set(ioasid_impl_inst *in, int type, int mm, uint32_t quota);
ioasid_impl_t conf_alloc(ioasid_impl_inst *in, int set, ioasid_impl_t min, ioasid_impl_t max);
struct ioasid_impl_ioasid_info conf_ioasid(ioasid_impl_inst *in, ioasid_impl_t id);
struct ioasid_impl_set_info conf_setinfo(ioasid_impl_inst *in, int set);
struct ioasid_impl_cg_info conf_cginfo(ioasid_impl_inst *in, int cg);
uint32_t conf_avail(ioasid_impl_inst *in);
int conf_nb(ioasid_impl_inst *in, int scope, int target);
/* drain notifier @nb into @ev (at most @max) and return the count */
size_t conf_events(ioasid_impl_inst *in, int nb, struct ioasid_impl_event *ev, size_t max);
size_t conf_count(const struct ioasid_impl_event *ev, size_t n, int type);

/* one entry per rule function */
#define CONF_RULES(X)                                                                              \
	X(cap_default)                                                                             \
	X(cap_install_once)                                                                        \
	X(cap_reserve)                                                                             \
	X(cap_reserve_all)                                                                         \
	X(cap_cancel)                                                                              \
	X(cap_set_quota_from_capacity)                                                             \
	X(set_null_type)                                                                           \
	X(set_mm_type)                                                                             \
	X(set_alloc_invalid)                                                                       \
	X(set_quota_enforced)                                                                      \
	X(set_destroyed_when_empty)                                                                \
	X(set_free)                                                                                \
	X(alloc_within_range)                                                                      \
	X(alloc_never_zero)                                                                        \
	X(alloc_unknown_set)                                                                       \
	X(alloc_never_past_capacity)                                                               \
	X(alloc_system_wide_unique)                                                                \
	X(cg_null_set_not_charged)                                                                 \
	X(cg_limit)                                                                                \
	X(cg_events)                                                                               \
	X(cg_hierarchical)                                                                         \
	X(cg_max_keyword)                                                                          \
	X(cg_uncharge_on_real_free)                                                                \
	X(cg_ioasids_default_zero)                                                                 \
	X(cg_ioasids_grant_checks_capacity)                                                        \
	X(cg_ioasids_move_exempt)                                                                  \
	X(cg_misc_default_max)                                                                     \
	X(cg_misc_no_migration)                                                                    \
	X(state_idle_at_alloc)                                                                     \
	X(state_active_on_get)                                                                     \
	X(get_errors)                                                                              \
	X(get_free_pending_ebusy)                                                                  \
	X(put_frees_at_zero)                                                                       \
	X(put_errors)                                                                              \
	X(free_without_users)                                                                      \
	X(free_with_users_pending)                                                                 \
	X(free_errors)                                                                             \
	X(free_pending_keeps_quota)                                                                \
	X(spid_attach_find)                                                                        \
	X(spid_per_set_namespace)                                                                  \
	X(spid_unique_in_set)                                                                      \
	X(spid_invalid)                                                                            \
	X(spid_unknown_ioasid)                                                                     \
	X(spid_detach)                                                                             \
	X(spid_find_get)                                                                           \
	X(bind_unbind_notify)                                                                      \
	X(bind_not_owner)                                                                          \
	X(bind_spid_conflict)                                                                      \
	X(quota_adjust_invalid)                                                                    \
	X(quota_adjust_capacity)                                                                   \
	X(owned_get)                                                                               \
	X(owned_errors)                                                                            \
	X(nb_set_scope)                                                                            \
	X(nb_global_scope)                                                                         \
	X(nb_mm_waits_for_set)                                                                     \
	X(nb_mm_errors)                                                                            \
	X(nb_mm_repending)                                                                         \
	X(nb_unregister)                                                                           \
	X(event_seq)                                                                               \
	X(mm_exit_frees_set)

#define CONF_DECLARE(name) void rule_##name(void **state);
CONF_RULES(CONF_DECLARE)
#undef CONF_DECLARE

#endif
