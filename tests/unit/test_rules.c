// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason chain's table of rules (src/lib/reason/rules.c) against its
 * documentation and its use:
 *   - every enumerator of enum reason_rule_id has a complete row, ids are
 *     unique and shaped "area.name";
 *   - ioasidctl-device(8), section REASON CHAIN, lists every id of the
 *     table in an entry headed by the row's man field, and lists no id the
 *     table lacks (the page is the oracle: it is written for readers, not
 *     generated from the table);
 *   - the chains built on every captured real kernel
 *     (tests/data/vm/HOST/sysroot) carry only ids of the table, each on a
 *     subject of its scope (host, an IOMMU unit of the host, a PCI function
 *     of the host).
 * Call sites name a rule by its enumerator (chain_add()), so an id outside
 * the table does not compile.
 */
#include <dirent.h>
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
#include "ioasid-reason.h"
#include "reason/reason.h"

#define ALL_AFFECTS (IOASID_AFFECTS_PASID | IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ)

static const char *top(void)
{
	const char *t = getenv("top_srcdir");

	return t && *t ? t : ".";
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* "area.name": lower case, digits and '_' on both sides of one dot. */
static bool id_shaped(const char *id)
{
	const char *dot = strchr(id, '.');

	if (!dot || dot == id || !dot[1] || strchr(dot + 1, '.'))
		return false;
	for (const char *p = id; *p; p++)
		if (*p != '.' && *p != '_' && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= '0' && *p <= '9'))
			return false;
	return true;
}

static void test_table_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < REASON_NRULES; i++) {
		const struct reason_rule *r = &reason_rules[i];

		if (!r->id)
			fail_msg("enumerator %zu of enum reason_rule_id has no row in rules.c", i);
		if (!id_shaped(r->id))
			fail_msg("rule id \"%s\" is not area.name", r->id);
		if (strlen(r->id) >= sizeof(((struct ioasid_step *)0)->rule))
			fail_msg("rule id \"%s\" does not fit a step's rule", r->id);
		for (size_t k = 0; k < i; k++)
			if (reason_rules[k].id && !strcmp(reason_rules[k].id, r->id))
				fail_msg("rule id \"%s\" twice (rows %zu and %zu)", r->id, k, i);
		if (r->scope != REASON_SCOPE_HOST && r->scope != REASON_SCOPE_UNIT &&
		    r->scope != REASON_SCOPE_DEVICE)
			fail_msg("%s: scope %d", r->id, (int)r->scope);
		if (r->affects & ~ALL_AFFECTS)
			fail_msg("%s: affects 0x%x", r->id, r->affects);
		if (!r->kernel_ref)
			fail_msg("%s: no kernel reference", r->id);
		if (r->fix && !r->fix[0])
			fail_msg("%s: an empty default fix (NULL says none)", r->id);
		if (!r->man)
			fail_msg("%s: no man page entry", r->id);
		/* the entry's head is a rule whose entry is its own */
		if (!reason_rule_find(r->man) || strcmp(reason_rule_find(r->man)->man, r->man))
			fail_msg("%s: man entry \"%s\" is not a rule heading its own entry", r->id,
				 r->man);
		assert_ptr_equal(reason_rule_find(r->id), r);
	}
	assert_null(reason_rule_find("no.such_rule"));
	assert_null(reason_rule_find(""));
}

/* The entries of ioasidctl-device(8)'s REASON CHAIN list: each ".It" line
 * holds one or more ids separated by " , " (mdoc). */
struct entry {
	char ids[8][32];
	size_t n;
};
struct manlist {
	struct entry v[64];
	size_t n;
};

static void read_man(struct manlist *m)
{
	char path[4096];
	char *man, *p, *line;
	bool in_section = false, in_list = false, done = false;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "%s/man/ioasidctl-device.8", top());
	man = slurp(path);
	if (!man)
		fail_msg("%s: %s", path, strerror(errno));
	for (line = strtok_r(man, "\n", &p); line && !done; line = strtok_r(NULL, "\n", &p)) {
		if (!strncmp(line, ".Sh ", 4)) {
			if (in_section)
				break;
			in_section = !strcmp(line, ".Sh REASON CHAIN");
			continue;
		}
		if (!in_section)
			continue;
		if (!strncmp(line, ".Bl ", 4)) {
			if (in_list)
				fail_msg("a nested list in REASON CHAIN: \"%s\"", line);
			in_list = true;
		} else if (!strcmp(line, ".El")) {
			done = in_list;
		} else if (in_list && !strncmp(line, ".It ", 4)) {
			struct entry *e;
			char *q, *tok;

			assert_true(m->n < sizeof(m->v) / sizeof(m->v[0]));
			e = &m->v[m->n++];
			for (tok = strtok_r(line + 4, " ", &q); tok;
			     tok = strtok_r(NULL, " ", &q)) {
				if (!strcmp(tok, ","))
					continue;
				if (!id_shaped(tok))
					fail_msg("REASON CHAIN entry with \"%s\", not a rule id",
						 tok);
				assert_true(e->n < sizeof(e->ids) / sizeof(e->ids[0]));
				snprintf(e->ids[e->n++], sizeof(e->ids[0]), "%s", tok);
			}
			if (!e->n)
				fail_msg("an empty REASON CHAIN entry");
		}
	}
	free(man);
	if (!done)
		fail_msg("%s: no REASON CHAIN section with a list of rules", path);
}

/* Every rule of the table is documented, under its entry. */
static void test_man_lists_every_rule(void **state)
{
	struct manlist m;

	(void)state;
	read_man(&m);
	for (size_t i = 0; i < REASON_NRULES; i++) {
		const struct reason_rule *r = &reason_rules[i];
		const struct entry *found = NULL;

		for (size_t k = 0; k < m.n; k++)
			for (size_t j = 0; j < m.v[k].n; j++)
				if (!strcmp(m.v[k].ids[j], r->id)) {
					if (found)
						fail_msg(
							"%s is listed twice in ioasidctl-device(8)",
							r->id);
					found = &m.v[k];
				}
		if (!found)
			fail_msg("rule %s (rules.c) is not in ioasidctl-device(8) REASON CHAIN",
				 r->id);
		if (strcmp(found->ids[0], r->man))
			fail_msg("%s: documented under %s, the table says %s", r->id, found->ids[0],
				 r->man);
	}
}

/* Every rule the page documents is in the table. */
static void test_man_ids_in_table(void **state)
{
	struct manlist m;
	size_t ids = 0;

	(void)state;
	read_man(&m);
	for (size_t k = 0; k < m.n; k++)
		for (size_t j = 0; j < m.v[k].n; j++, ids++)
			if (!reason_rule_find(m.v[k].ids[j]))
				fail_msg("ioasidctl-device(8) documents %s, which rules.c lacks",
					 m.v[k].ids[j]);
	assert_int_equal(ids, REASON_NRULES);
}

static void check_steps(const char *host, const struct ioasid_chain *c,
			const struct ioasid_iommu_list *il, const struct ioasid_pci_list *pl,
			size_t *steps)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct ioasid_step *s = &c->v[i];
		const struct reason_rule *r = reason_rule_find(s->rule);
		bool ok = false;

		if (!r)
			fail_msg("%s: step %zu has rule \"%s\", not in rules.c", host, i, s->rule);
		switch (r->scope) {
		case REASON_SCOPE_HOST:
			ok = !strcmp(s->subject, "host");
			break;
		case REASON_SCOPE_UNIT:
			ok = ioasid_iommu_find(il, s->subject) != NULL;
			break;
		case REASON_SCOPE_DEVICE:
			ok = ioasid_pci_find(pl, s->subject) != NULL;
			break;
		}
		if (!ok)
			fail_msg("%s: %s is about %s, not a subject of its scope", host, s->rule,
				 s->subject);
		(*steps)++;
	}
}

static void test_captured_chains(void **state)
{
	char dir[4096], root[4600];
	struct dirent *de;
	size_t hosts = 0, steps = 0;
	DIR *d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/data/vm", top());
	d = opendir(dir);
	if (!d) {
		print_message("%s: %s\n", dir, strerror(errno));
		skip();
	}
	while ((de = readdir(d))) {
		struct ioasid_iommu_list il = {0};
		struct ioasid_pci_list pl = {0};
		struct ioasid_ctx *ctx = NULL;
		struct ioasid_chain c;

		if (de->d_name[0] == '.')
			continue;
		snprintf(root, sizeof(root), "%s/%s/sysroot", dir, de->d_name);
		if (ioasid_ctx_new(&ctx, root) < 0)
			continue;
		assert_int_equal(ioasid_iommu_list(ctx, &il), 0);
		assert_int_equal(ioasid_pci_list(ctx, &il, &pl), 0);
		assert_int_equal(ioasid_host_chain(ctx, &il, &c), 0);
		check_steps(de->d_name, &c, &il, &pl, &steps);
		ioasid_chain_free(&c);
		for (size_t i = 0; i < pl.n; i++) {
			assert_int_equal(ioasid_device_chain(ctx, &il, &pl, pl.v[i].bdf, &c), 0);
			check_steps(de->d_name, &c, &il, &pl, &steps);
			ioasid_chain_free(&c);
		}
		ioasid_pci_list_free(&pl);
		ioasid_iommu_list_free(&il);
		ioasid_ctx_free(ctx);
		hosts++;
	}
	closedir(d);
	if (!hosts) {
		print_message("no captured host under %s\n", dir);
		skip();
	}
	print_message("%zu captured hosts, %zu steps\n", hosts, steps);
	assert_true(steps > hosts * 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_man_lists_every_rule),
		cmocka_unit_test(test_man_ids_in_table),
		cmocka_unit_test(test_captured_chains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
