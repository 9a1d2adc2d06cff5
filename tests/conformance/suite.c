// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The conformance suite's runner and helpers. ioasid_conformance_run() runs
 * every seed rule (suite.h CONF_RULES, documented in RULES.md) against one
 * implementation of impl.h. Rules that do not depend on the cgroup form run
 * once on an instance of the seed's ioasids form; the cgroup rules that hold
 * for both forms run once per form, named "rule[ioasids]" and "rule[misc]".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"

const struct ioasid_impl *conf_impl;

struct conf_fixture {
	enum ioasid_impl_cg_form form;
	ioasid_impl_inst *in;
	int create_rc;
};

static int fx_setup(void **state)
{
	struct conf_fixture *fx = *state;

	fx->in = NULL;
	fx->create_rc = CALL(create, &fx->in, fx->form);
	return 0; /* a failed create fails the test itself, see conf_inst() */
}

static int fx_teardown(void **state)
{
	struct conf_fixture *fx = *state;

	if (fx->in && conf_impl->destroy)
		conf_impl->destroy(fx->in);
	fx->in = NULL;
	return 0;
}

int conf_offered(const char *op, int rc)
{
	if (rc == IOASID_IMPL_NOT_OFFERED && conf_impl->may_not_offer) {
		print_message("conformance: operation %s not offered by %s\n", op, conf_impl->name);
		skip();
	}
	return rc;
}

ioasid_impl_inst *conf_inst(void **state)
{
	struct conf_fixture *fx = *state;

	assert_int_equal(fx->create_rc, 0);
	assert_non_null(fx->in);
	return fx->in;
}

enum ioasid_impl_cg_form conf_form(void **state)
{
	return ((struct conf_fixture *)*state)->form;
}

int conf_mm(ioasid_impl_inst *in, int cg)
{
	int mm = -1;

	OK(CALL(mm_create, in, cg, &mm));
	assert_true(mm >= 1);
	return mm;
}

int conf_cg(ioasid_impl_inst *in, int parent)
{
	int cg = -1;

	OK(CALL(cg_create, in, parent, &cg));
	assert_true(cg >= 1);
	return cg;
}

int conf_set(ioasid_impl_inst *in, int type, int mm, uint32_t quota)
{
	int set = -1;

	OK(CALL(set_alloc, in, type, mm, quota, &set));
	assert_true(set >= 1);
	return set;
}

ioasid_impl_t conf_alloc(ioasid_impl_inst *in, int set, ioasid_impl_t min, ioasid_impl_t max)
{
	ioasid_impl_t id = INV;

	OK(CALL(alloc, in, set, min, max, &id));
	assert_true(id >= min && id <= max);
	return id;
}

struct ioasid_impl_ioasid_info conf_ioasid(ioasid_impl_inst *in, ioasid_impl_t id)
{
	struct ioasid_impl_ioasid_info info;

	memset(&info, 0xa5, sizeof(info));
	OK(CALL(ioasid_query, in, id, &info));
	return info;
}

struct ioasid_impl_set_info conf_setinfo(ioasid_impl_inst *in, int set)
{
	struct ioasid_impl_set_info info;

	memset(&info, 0xa5, sizeof(info));
	OK(CALL(set_query, in, set, &info));
	return info;
}

struct ioasid_impl_cg_info conf_cginfo(ioasid_impl_inst *in, int cg)
{
	struct ioasid_impl_cg_info info;

	memset(&info, 0xa5, sizeof(info));
	OK(CALL(cg_read, in, cg, &info));
	return info;
}

uint32_t conf_avail(ioasid_impl_inst *in)
{
	uint32_t total = 0, avail = 0;

	OK(CALL(capacity_query, in, &total, &avail));
	assert_true(avail <= total);
	return avail;
}

int conf_nb(ioasid_impl_inst *in, int scope, int target)
{
	int nb = -1;

	OK(CALL(nb_register, in, scope, target, &nb));
	assert_true(nb >= 1);
	return nb;
}

size_t conf_events(ioasid_impl_inst *in, int nb, struct ioasid_impl_event *ev, size_t max)
{
	size_t n = max + 1;

	OK(CALL(events_read, in, nb, ev, max, &n));
	assert_true(n <= max);
	return n;
}

size_t conf_count(const struct ioasid_impl_event *ev, size_t n, int type)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (ev[i].type == type)
			c++;
	return c;
}

#define FORM_IOASIDS IOASID_IMPL_CG_IOASIDS
#define FORM_MISC IOASID_IMPL_CG_MISC

/* The rules that hold in both cgroup forms run once per form */
static int rule_both_forms(const char *name)
{
	static const char *const both[] = {
		"cg_null_set_not_charged", "cg_limit",	     "cg_events",
		"cg_hierarchical",	   "cg_max_keyword", "cg_uncharge_on_real_free",
		"mm_exit_frees_set",
	};

	for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++)
		if (!strcmp(both[i], name))
			return 1;
	return 0;
}

/* Rules bound to one form by their id */
static enum ioasid_impl_cg_form rule_form(const char *name)
{
	return strncmp(name, "cg_misc_", 8) ? FORM_IOASIDS : FORM_MISC;
}

struct conf_rule {
	const char *name;
	CMUnitTestFunction fn;
};

#define CONF_ENTRY(n) {#n, rule_##n},
static const struct conf_rule conf_rules[] = {CONF_RULES(CONF_ENTRY)};
#undef CONF_ENTRY

#define NRULES (sizeof(conf_rules) / sizeof(conf_rules[0]))

int ioasid_conformance_count(void)
{
	int n = 0;

	for (size_t i = 0; i < NRULES; i++)
		n += rule_both_forms(conf_rules[i].name) ? 2 : 1;
	return n;
}

int ioasid_conformance_run(const struct ioasid_impl *impl)
{
	/* at most two runs per rule */
	static struct CMUnitTest tests[2 * NRULES];
	static struct conf_fixture fx[2 * NRULES];
	static char names[2 * NRULES][64];
	size_t n = 0;
	char group[128];

	conf_impl = impl;
	for (size_t i = 0; i < NRULES; i++) {
		enum ioasid_impl_cg_form forms[2];
		size_t nf = 0;

		if (rule_both_forms(conf_rules[i].name)) {
			forms[nf++] = FORM_IOASIDS;
			forms[nf++] = FORM_MISC;
		} else {
			forms[nf++] = rule_form(conf_rules[i].name);
		}
		for (size_t f = 0; f < nf; f++) {
			if (nf == 1)
				snprintf(names[n], sizeof(names[n]), "%s", conf_rules[i].name);
			else
				snprintf(names[n], sizeof(names[n]), "%s[%s]", conf_rules[i].name,
					 forms[f] == FORM_MISC ? "misc" : "ioasids");
			fx[n].form = forms[f];
			tests[n] = (struct CMUnitTest){
				.name = names[n],
				.test_func = conf_rules[i].fn,
				.setup_func = fx_setup,
				.teardown_func = fx_teardown,
				.initial_state = &fx[n],
			};
			n++;
		}
	}
	snprintf(group, sizeof(group), "ioasid conformance (%s)",
		 impl->name ? impl->name : "unnamed");
	return _cmocka_run_group_tests(group, tests, n, NULL, NULL);
}
