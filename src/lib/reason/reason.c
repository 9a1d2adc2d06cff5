// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason chain's container: steps, and the three answers (PASID, SVA,
 * page requests) derived from them. The rules are listed in rules.c; their
 * steps are built in reason-host.c (firmware, kernel, IOMMU units, CPU),
 * reason-unit.c (one IOMMU unit) and reason-dev.c (one PCI function and
 * its path).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/pathnames.h"
#include "reason/reason.h"

IOASID_EXPORT const char *ioasid_verdict_name(enum ioasid_verdict v)
{
	switch (v) {
	case IOASID_V_OK:
		return "ok";
	case IOASID_V_FAIL:
		return "fail";
	case IOASID_V_WARN:
		return "warn";
	case IOASID_V_UNKNOWN:
		return "unknown";
	case IOASID_V_NA:
		return "n/a";
	}
	return "unknown";
}

/* Where steps go when the chain cannot grow: written, never read. */
static struct ioasid_step overflow;

static void vappend(char *buf, size_t len, const char *sep, const char *fmt, va_list ap)
{
	size_t used = strlen(buf);

	if (used && used + strlen(sep) < len) {
		strcat(buf, sep);
		used += strlen(sep);
	}
	if (used < len)
		vsnprintf(buf + used, len - used, fmt, ap);
}

struct ioasid_step *chain_add(struct ioasid_chain *c, enum reason_rule_id id, const char *subject,
			      enum ioasid_verdict v, const char *fmt, ...)
{
	const struct reason_rule *r = &reason_rules[id];
	struct ioasid_step *s;
	va_list ap;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct ioasid_step *nv = realloc(c->v, cap * sizeof(*nv));

		if (!nv) {
			memset(&overflow, 0, sizeof(overflow));
			return &overflow;
		}
		c->v = nv;
		c->cap = cap;
	}
	s = &c->v[c->n++];
	memset(s, 0, sizeof(*s));
	snprintf(s->rule, sizeof(s->rule), "%s", r->id);
	snprintf(s->subject, sizeof(s->subject), "%s", subject);
	s->verdict = v;
	s->affects = v == IOASID_V_NA ? 0 : r->affects;
	s->sva_stage = r->sva_stage;
	step_ref(s, r->kernel_ref);
	va_start(ap, fmt);
	vsnprintf(s->evidence, sizeof(s->evidence), fmt, ap);
	va_end(ap);
	return s;
}

void step_source(struct ioasid_step *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->source, sizeof(s->source), fmt, ap);
	va_end(ap);
}

void step_fix(struct ioasid_step *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->fix, sizeof(s->fix), fmt, ap);
	va_end(ap);
}

void step_ref(struct ioasid_step *s, const char *kernel_ref)
{
	snprintf(s->kernel_ref, sizeof(s->kernel_ref), "%s", kernel_ref ? kernel_ref : "");
}

void step_more(struct ioasid_step *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(s->evidence, sizeof(s->evidence), "; ", fmt, ap);
	va_end(ap);
}

/* Whether step i comes before the one answer a names: for SVA an
 * earlier stage of the kernel's call sequence first, then chain order. */
static bool decides_before(const struct ioasid_chain *c, unsigned what, size_t i,
			   struct ioasid_answer a)
{
	if (a.step < 0)
		return true;
	if (what == IOASID_AFFECTS_SVA && c->v[i].sva_stage != c->v[a.step].sva_stage)
		return c->v[i].sva_stage < c->v[a.step].sva_stage;
	return i < (size_t)a.step;
}

IOASID_EXPORT struct ioasid_answer ioasid_chain_answer_for(const struct ioasid_chain *c,
							   unsigned what, const char *unit)
{
	struct ioasid_answer fail = {IOASID_V_FAIL, -1}, unknown = {IOASID_V_UNKNOWN, -1};

	for (size_t i = 0; i < c->n; i++) {
		if (!(c->v[i].affects & what))
			continue;
		/* a unit's answer: the host-wide steps and its own */
		if (unit && strcmp(c->v[i].subject, "host") && strcmp(c->v[i].subject, unit))
			continue;
		if (c->v[i].verdict == IOASID_V_FAIL && decides_before(c, what, i, fail))
			fail.step = (int)i;
		if (c->v[i].verdict == IOASID_V_UNKNOWN && decides_before(c, what, i, unknown))
			unknown.step = (int)i;
	}
	if (fail.step >= 0)
		return fail;
	if (unknown.step >= 0)
		return unknown;
	return (struct ioasid_answer){IOASID_V_OK, -1};
}

void chain_fill_fixes(struct ioasid_chain *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct ioasid_step *s = &c->v[i];

		const struct reason_rule *r;

		if (s->verdict != IOASID_V_FAIL || s->fix[0])
			continue;
		r = reason_rule_find(s->rule);
		if (r && r->fix)
			snprintf(s->fix, sizeof(s->fix), "%s", r->fix);
	}
}

void chain_answer(struct ioasid_chain *c)
{
	chain_fill_fixes(c);
	c->pasid = ioasid_chain_answer_for(c, IOASID_AFFECTS_PASID, NULL);
	c->sva = ioasid_chain_answer_for(c, IOASID_AFFECTS_SVA, NULL);
	c->prq = ioasid_chain_answer_for(c, IOASID_AFFECTS_PRQ, NULL);
}

bool reason_no_host(const struct ioasid_ctx *ctx)
{
	return ioasid_ctx_pci_dump(ctx) && ioasid_ctx_is_live(ctx);
}

bool reason_cmdline_has(struct ioasid_ctx *ctx, const char *key, const char *word, bool prefix)
{
	const char *cmd = NULL, *p;
	size_t klen = strlen(key), w = strlen(word);

	if (reason_no_host(ctx) || ioasid_kernel_cmdline(ctx, &cmd) < 0 || !cmd)
		return false;
	for (p = cmd; (p = strstr(p, key)); p += klen) {
		const char *v = p + klen;
		size_t end = strcspn(v, " \n");

		if (p != cmd && p[-1] != ' ')
			continue;
		while (end) {
			size_t n = strcspn(v, ",");

			if (n > end)
				n = end;
			if (n >= w && !strncmp(v, word, w) && (prefix || n == w))
				return true;
			n += n < end;
			v += n;
			end -= n;
		}
	}
	return false;
}

unsigned reason_kver(struct ioasid_ctx *ctx)
{
	unsigned code = 0;

	if (reason_no_host(ctx) || ioasid_kernel_version_code(ctx, &code) < 0)
		return 0;
	return code;
}

void reason_facts_init(struct reason_facts *f, struct ioasid_ctx *ctx)
{
	memset(f, 0, sizeof(*f));
	f->ctx = ctx;
}

void reason_facts_free(struct reason_facts *f)
{
	if (f->have_prq)
		ioasid_prq_stats_free(&f->prq);
	memset(f, 0, sizeof(*f));
}

const struct ioasid_acpi *reason_acpi(struct reason_facts *f)
{
	if (!f->have_acpi) {
		ioasid_acpi_read(f->ctx, &f->acpi);
		f->have_acpi = true;
	}
	return &f->acpi;
}

const struct ioasid_prq_stats *reason_prq(struct reason_facts *f)
{
	if (!f->have_prq) {
		f->have_prq = true;
		f->prq_rc = iopath_access(f->ctx, PATH_PROC_INTERRUPTS);
		if (f->prq_rc == 0)
			f->prq_rc = ioasid_prq_stats(f->ctx, &f->prq);
	}
	return f->prq_rc < 0 ? NULL : &f->prq;
}

IOASID_EXPORT void ioasid_chain_free(struct ioasid_chain *c)
{
	if (!c)
		return;
	free(c->v);
	memset(c, 0, sizeof(*c));
}

enum reason_arch reason_arch(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *il,
			     const char **how)
{
	const char *v = NULL, *src = NULL;

	if (kcfg_read(ctx, KCFG_ARM64, &v, &src) >= 0) {
		if (v && !strcmp(v, "y")) {
			*how = "CONFIG_ARM64=y";
			return REASON_ARCH_ARM64;
		}
		if (kcfg_read(ctx, KCFG_X86, &v, &src) >= 0 && v && !strcmp(v, "y")) {
			*how = "CONFIG_X86=y";
			return REASON_ARCH_X86;
		}
	}
	for (size_t i = 0; il && i < il->n; i++) {
		if (il->v[i].type == IOASID_IOMMU_SMMU3) {
			*how = "an SMMUv3 unit";
			return REASON_ARCH_ARM64;
		}
		if (il->v[i].type == IOASID_IOMMU_VTD || il->v[i].type == IOASID_IOMMU_AMD) {
			*how = "a VT-d or AMD-Vi unit";
			return REASON_ARCH_X86;
		}
	}
	*how = "unknown";
	return REASON_ARCH_UNKNOWN;
}
