/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private helpers shared by the host and device reason chains. */
#ifndef IOASID_REASON_PRIV_H
#define IOASID_REASON_PRIV_H

#include "core/internal.h"
#include "ioasid-acpi.h"
#include "ioasid-prq.h"

#define ALL_THREE (IOASID_AFFECTS_PASID | IOASID_AFFECTS_SVA | IOASID_AFFECTS_PRQ)

/* Append a step; evidence is a printf format. Returns the step (never
 * NULL: on ENOMEM the chain keeps a static overflow slot and the caller's
 * later fields go there; the final answer marks it unknown). */
struct ioasid_step *chain_add(struct ioasid_chain *c, const char *rule, const char *subject,
			      enum ioasid_verdict v, unsigned affects, const char *kernel_ref,
			      const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void step_source(struct ioasid_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void step_fix(struct ioasid_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append the text to the step's evidence ("; " separated). */
void step_more(struct ioasid_step *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Host facts that several steps (and every unit) read: each is read at
 * most once per chain, not once per unit or per step. */
struct reason_facts {
	struct ioasid_ctx *ctx;
	bool have_acpi, have_prq;
	struct ioasid_acpi acpi;
	int prq_rc; /* 0, or why the interrupts are unknown */
	struct ioasid_prq_stats prq;
};
void reason_facts_init(struct reason_facts *f, struct ioasid_ctx *ctx);
void reason_facts_free(struct reason_facts *f);
const struct ioasid_acpi *reason_acpi(struct reason_facts *f);
/* NULL when /proc/interrupts is unreadable (f->prq_rc says why). */
const struct ioasid_prq_stats *reason_prq(struct reason_facts *f);

/* The steps of one IOMMU unit (subject = its name) and of the host
 * (subject "host"), as the host chain builds them; the device chain
 * copies them for the device's unit. */
void reason_host_steps(struct reason_facts *f, const struct ioasid_iommu_list *il,
		       struct ioasid_chain *c);
void reason_unit_steps(struct reason_facts *f, const struct ioasid_iommu_list *il,
		       const struct ioasid_iommu *u, struct ioasid_chain *c);

/* Give failing steps without a fix the rule's default one. */
void chain_fill_fixes(struct ioasid_chain *c);
/* Set c->pasid/sva/prq over all steps (and fill the fixes). */
void chain_answer(struct ioasid_chain *c);

/* The kernel version code, 0 if unknown. */
unsigned reason_kver(struct ioasid_ctx *ctx);

#endif
