// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason chain's container: steps, and the three answers (PASID, SVA,
 * page requests) derived from them. The rules themselves are in
 * reason-host.c (firmware, kernel, IOMMU units, CPU) and reason-dev.c
 * (one PCI function and its path).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

struct ioasid_step *chain_add(struct ioasid_chain *c, const char *rule, const char *subject,
			      enum ioasid_verdict v, unsigned affects, const char *kernel_ref,
			      const char *fmt, ...)
{
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
	snprintf(s->rule, sizeof(s->rule), "%s", rule);
	snprintf(s->subject, sizeof(s->subject), "%s", subject);
	s->verdict = v;
	s->affects = affects;
	snprintf(s->kernel_ref, sizeof(s->kernel_ref), "%s", kernel_ref ? kernel_ref : "");
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

void step_more(struct ioasid_step *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(s->evidence, sizeof(s->evidence), "; ", fmt, ap);
	va_end(ap);
}

IOASID_EXPORT struct ioasid_answer ioasid_chain_answer_for(const struct ioasid_chain *c,
							   unsigned what, const char *unit)
{
	struct ioasid_answer a = {IOASID_V_OK, -1};

	for (size_t i = 0; i < c->n; i++) {
		if (!(c->v[i].affects & what))
			continue;
		/* a unit's answer: the host-wide steps and its own */
		if (unit && strcmp(c->v[i].subject, "host") && strcmp(c->v[i].subject, unit))
			continue;
		if (c->v[i].verdict == IOASID_V_FAIL)
			return (struct ioasid_answer){IOASID_V_FAIL, (int)i};
		if (c->v[i].verdict == IOASID_V_UNKNOWN && a.verdict == IOASID_V_OK)
			a = (struct ioasid_answer){IOASID_V_UNKNOWN, (int)i};
	}
	return a;
}

/* What to change for a failing step whose rule gave no specific fix:
 * mostly hardware or platform limits, said plainly. */
static const struct {
	const char *rule, *fix;
} default_fixes[] = {
	{"vtd.max_pasids",
	 "see vtd.pasid_hw and vtd.scalable_mode: the kernel gives PASIDs only to "
	 "a unit with SMTS and PASID in scalable mode"},
	{"vtd.svm", "SVA needs an IOMMU with SMPWC and FLTS (and FL1GP/FL5LP matching the CPU): "
		    "use a platform whose VT-d has them, or a device driver that does not bind "
		    "process address spaces"},
	{"vtd.prs", "nothing to configure: use devices that never fault (pinned memory), or a "
		    "platform whose VT-d supports page requests"},
	{"amd.gt", "nothing to configure: this AMD-Vi unit has no guest translation"},
	{"amd.max_pasids", "use a kernel that assigns the unit's PASIDs (6.12 does)"},
	{"amd.ppr", "nothing to configure: this AMD-Vi unit has no peripheral page requests"},
	{"amd.ephsup", "nothing to configure on this kernel: the unit lacks EPHSUP, which 6.12 "
		       "requires for device PASID, ATS and PRI"},
	{"pci.pasid_cap", "nothing to configure: use a device with a PASID capability"},
	{"pci.iommu", "enable the IOMMU (see iommu.units) or check that the device is not "
		      "excluded from translation"},
	{"pci.pasid_enabled", "check the kernel log for this device (dmesg | grep BDF)"},
	{"pci.ats", "SVA needs ATS: a device with an ATS capability behind an IOMMU and root port "
		    "that support it"},
	{"pci.pri", "page requests need a PRI capability: without it the device's driver must "
		    "avoid faults (pin memory)"},
	{"prq.irq", "check the kernel log for page request queue errors"},
	{"iommu.type", ""},
};

void chain_fill_fixes(struct ioasid_chain *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct ioasid_step *s = &c->v[i];

		if (s->verdict != IOASID_V_FAIL || s->fix[0])
			continue;
		for (size_t k = 0; k < sizeof(default_fixes) / sizeof(default_fixes[0]); k++)
			if (!strcmp(s->rule, default_fixes[k].rule))
				snprintf(s->fix, sizeof(s->fix), "%s", default_fixes[k].fix);
	}
}

void chain_answer(struct ioasid_chain *c)
{
	chain_fill_fixes(c);
	c->pasid = ioasid_chain_answer_for(c, IOASID_AFFECTS_PASID, NULL);
	c->sva = ioasid_chain_answer_for(c, IOASID_AFFECTS_SVA, NULL);
	c->prq = ioasid_chain_answer_for(c, IOASID_AFFECTS_PRQ, NULL);
}

unsigned reason_kver(struct ioasid_ctx *ctx)
{
	unsigned code = 0;

	if (ioasid_kernel_version_code(ctx, &code) < 0)
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
		f->prq_rc = iopath_access(f->ctx, "/proc/interrupts");
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
