// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A reason chain on screen: the three answers first (what the reader came
 * for), then the steps in the kernel's order, failing ones in capitals so
 * they stand out without colour. JSON carries the same chain as data.
 */
#include <stdio.h>
#include <string.h>

#include "print/chain-print.h"
#include "print/text.h"

static const char *answer_word(enum ioasid_verdict v)
{
	return v == IOASID_V_OK ? "yes" : v == IOASID_V_FAIL ? "no" : "unknown";
}

static void print_answer(const char *label, const struct ioasid_chain *c,
			 const struct ioasid_answer *a)
{
	printf("%-15s %s", label, answer_word(a->verdict));
	if (a->step >= 0 && (size_t)a->step < c->n) {
		const struct ioasid_step *s = &c->v[a->step];

		printf("  (%s, %s: %s)", s->rule, pr_masked(s->subject), pr_masked(s->evidence));
	}
	printf("\n");
}

void chain_print_answers(const struct ioasid_chain *c)
{
	print_answer("PASID:", c, &c->pasid);
	print_answer("SVA:", c, &c->sva);
	print_answer("Page requests:", c, &c->prq);
}

static const char *tag(enum ioasid_verdict v)
{
	switch (v) {
	case IOASID_V_OK:
		return "ok";
	case IOASID_V_FAIL:
		return "FAIL";
	case IOASID_V_WARN:
		return "warn";
	case IOASID_V_UNKNOWN:
		return "??";
	case IOASID_V_NA:
		return "n/a";
	}
	return "??";
}

void chain_print_steps(const struct ioasid_chain *c, bool verbose)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct ioasid_step *s = &c->v[i];

		/* subjects and evidence carry names and contents of the host */
		printf("  %-4s  %-18s %-13s %s\n", tag(s->verdict), s->rule, pr_masked(s->subject),
		       pr_masked(s->evidence));
		if (s->fix[0] && (s->verdict == IOASID_V_FAIL || s->verdict == IOASID_V_UNKNOWN ||
				  s->verdict == IOASID_V_WARN))
			printf("  %-4s  %-18s %-13s fix: %s\n", "", "", "", pr_masked(s->fix));
		if (verbose && s->source[0])
			printf("  %-4s  %-18s %-13s read: %s\n", "", "", "", pr_masked(s->source));
		if (verbose && s->kernel_ref[0])
			printf("  %-4s  %-18s %-13s rule: %s\n", "", "", "", s->kernel_ref);
	}
}

static json_object *jstr_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *answer_json(const struct ioasid_chain *c, const struct ioasid_answer *a)
{
	json_object *o = json_object_new_object();
	const struct ioasid_step *s =
		a->step >= 0 && (size_t)a->step < c->n ? &c->v[a->step] : NULL;

	json_object_object_add(o, "answer", json_object_new_string(answer_word(a->verdict)));
	json_object_object_add(o, "rule", s ? json_object_new_string(s->rule) : NULL);
	json_object_object_add(o, "subject", s ? json_object_new_string(s->subject) : NULL);
	json_object_object_add(o, "step", s ? json_object_new_int(a->step) : NULL);
	return o;
}

json_object *chain_json_answers(const struct ioasid_chain *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "pasid", answer_json(c, &c->pasid));
	json_object_object_add(o, "sva", answer_json(c, &c->sva));
	json_object_object_add(o, "page_requests", answer_json(c, &c->prq));
	return o;
}

json_object *chain_json_steps(const struct ioasid_chain *c)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < c->n; i++) {
		const struct ioasid_step *s = &c->v[i];
		json_object *o = json_object_new_object(), *aff = json_object_new_array();

		if (s->affects & IOASID_AFFECTS_PASID)
			json_object_array_add(aff, json_object_new_string("pasid"));
		if (s->affects & IOASID_AFFECTS_SVA)
			json_object_array_add(aff, json_object_new_string("sva"));
		if (s->affects & IOASID_AFFECTS_PRQ)
			json_object_array_add(aff, json_object_new_string("page_requests"));
		json_object_object_add(o, "rule", json_object_new_string(s->rule));
		json_object_object_add(o, "subject", json_object_new_string(s->subject));
		json_object_object_add(o, "result",
				       json_object_new_string(ioasid_verdict_name(s->verdict)));
		json_object_object_add(o, "affects", aff);
		json_object_object_add(o, "evidence", json_object_new_string(s->evidence));
		json_object_object_add(o, "source", jstr_or_null(s->source));
		json_object_object_add(o, "kernel_ref", jstr_or_null(s->kernel_ref));
		json_object_object_add(o, "fix", jstr_or_null(s->fix));
		json_object_array_add(arr, o);
	}
	return arr;
}
