// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Page-request statistics per IOMMU unit: which interrupt carries its page
 * requests and how often it fired, PRQ overflow messages of the kernel
 * log, and (VT-d, debugfs) the queue's fill level.
 *
 * Interrupt action names (request_irq()/request_threaded_irq() name):
 *  VT-d  "dmar%d-prq" page requests: drivers/iommu/intel/prq.c
 *        intel_iommu_enable_prq() (6.12), svm.c intel_svm_enable_prq()
 *        (6.1); only requested when the unit has ecap.PRS in scalable mode
 *        (iommu.c init_dmars()/intel_iommu_add()).
 *        "dmar%d" faults: dmar.c dmar_set_interrupt() (iommu->name, from
 *        alloc_iommu()'s sprintf "dmar%d").
 *  AMD   "AMD-Vi%d-PPR" (and -Evt, -GA): amd/init.c iommu_setup_intcapxt()
 *        in 6.12 (x2APIC mode); "AMD-Vi": iommu_setup_msi() in 6.1 and
 *        6.12 and 6.1's iommu_setup_intcapxt(): one interrupt whose thread
 *        (amd_iommu_int_thread) serves the event, PPR and GA logs, so its
 *        count is not page requests alone. %d is iommu->index, the same
 *        number as the sysfs name "ivhd%d".
 *  Arm   "arm-smmu-v3-priq", or "arm-smmu-v3-combined-irq" shared with
 *        the event queue and global errors: arm-smmu-v3.c
 *        arm_smmu_setup_unique_irqs() / arm_smmu_setup_irqs() (6.1, 6.12).
 * Overflow messages (kernel log):
 *  VT-d  "IOMMU: %s: PRQ overflow detected" (prq.c prq_event_thread() in
 *        6.12, svm.c in 6.1; no pr_fmt in either file)
 *  AMD   "AMD-Vi: IOMMU PPR log restarting" (6.12 init.c
 *        amd_iommu_restart_log() for ppr.c amd_iommu_restart_ppr_log());
 *        6.1 handles no PPR log overflow and logs nothing
 *  Arm   dev_err "PRIQ overflow detected -- requests lost" (arm-smmu-v3.c
 *        arm_smmu_priq_thread()), prefixed "arm-smmu-v3 <device>: "
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/prq-parse.h"

/* "<prefix><digits><suffix>" exactly; the number into *index. */
static bool numbered(const char *s, const char *prefix, const char *suffix, int *index)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	const char *d = s + pl, *e;
	long v = 0;

	if (strncmp(s, prefix, pl) || !isdigit((unsigned char)*d))
		return false;
	for (e = d; isdigit((unsigned char)*e); e++) {
		if (v > 99999)
			return false;
		v = v * 10 + (*e - '0');
	}
	if (strlen(e) != sl || strcmp(e, suffix))
		return false;
	*index = (int)v;
	return true;
}

enum ioasid_prq_irq_kind ioasid_prq_classify_action(const char *name, int *index)
{
	*index = -1;
	if (numbered(name, "dmar", "-prq", index))
		return IOASID_PRQ_IRQ_VTD_PRQ;
	if (numbered(name, "dmar", "", index))
		return IOASID_PRQ_IRQ_VTD_FAULT;
	if (numbered(name, "AMD-Vi", "-PPR", index))
		return IOASID_PRQ_IRQ_AMD_PPR;
	*index = -1;
	if (!strcmp(name, "AMD-Vi"))
		return IOASID_PRQ_IRQ_AMD_SHARED;
	if (!strcmp(name, "arm-smmu-v3-priq"))
		return IOASID_PRQ_IRQ_ARM_PRIQ;
	if (!strcmp(name, "arm-smmu-v3-combined-irq"))
		return IOASID_PRQ_IRQ_ARM_COMBINED;
	return IOASID_PRQ_IRQ_NOT;
}

/* Split "a, b, c" (the /proc/interrupts join) into names. */
static size_t split_actions(const char *actions, char names[][64], size_t max)
{
	size_t n = 0;
	const char *p = actions;

	while (*p && n < max) {
		const char *e = strstr(p, ", ");
		size_t len = e ? (size_t)(e - p) : strlen(p);

		snprintf(names[n++], 64, "%.*s", (int)len, p);
		if (!e)
			break;
		p = e + 2;
	}
	return n;
}

static bool want_action(const char *actions, void *arg)
{
	char names[8][64];
	size_t n = split_actions(actions, names, 8);
	int idx;

	(void)arg;
	for (size_t i = 0; i < n; i++)
		if (ioasid_prq_classify_action(names[i], &idx) != IOASID_PRQ_IRQ_NOT)
			return true;
	return false;
}

enum ioasid_iommu_type ioasid_prq_overflow_line(const char *line, char *unit, size_t len)
{
	static const char vtd_tail[] = ": PRQ overflow detected";
	static const char arm_msg[] = ": PRIQ overflow detected -- requests lost";

	unit[0] = '\0';
	if (!strncmp(line, "IOMMU: ", 7)) {
		const char *u = line + 7, *t = strstr(u, vtd_tail);

		if (t && t > u && !strcmp(t, vtd_tail) && (size_t)(t - u) < len &&
		    !memchr(u, ' ', (size_t)(t - u))) {
			snprintf(unit, len, "%.*s", (int)(t - u), u);
			return IOASID_IOMMU_VTD;
		}
		return IOASID_IOMMU_OTHER;
	}
	if (!strcmp(line, "AMD-Vi: IOMMU PPR log restarting"))
		return IOASID_IOMMU_AMD;
	if (!strncmp(line, "arm-smmu-v3 ", 12)) {
		size_t l = strlen(line), ml = sizeof(arm_msg) - 1;

		if (l > ml && !strcmp(line + l - ml, arm_msg))
			return IOASID_IOMMU_SMMU3;
	}
	return IOASID_IOMMU_OTHER;
}

static int copy_irq(struct ioasid_irq *dst, const struct ioasid_irq *src)
{
	size_t n = src->ncpus ? src->ncpus : 1;

	*dst = *src;
	dst->cpu = malloc(n * sizeof(*dst->cpu));
	dst->count = malloc(n * sizeof(*dst->count));
	if (!dst->cpu || !dst->count) {
		ioasid_irq_free(dst);
		return -ENOMEM;
	}
	if (src->ncpus) {
		memcpy(dst->cpu, src->cpu, src->ncpus * sizeof(*dst->cpu));
		memcpy(dst->count, src->count, src->ncpus * sizeof(*dst->count));
	}
	return 0;
}

static struct ioasid_prq_unit *add_unit(struct ioasid_prq_stats *s, const char *name,
					enum ioasid_iommu_type type)
{
	struct ioasid_prq_unit *nv = realloc(s->v, (s->n + 1) * sizeof(*nv)), *u;

	if (!nv)
		return NULL;
	s->v = nv;
	u = &nv[s->n++];
	memset(u, 0, sizeof(*u));
	snprintf(u->iommu, sizeof(u->iommu), "%s", name);
	u->type = type;
	u->fault_irq.err = ENOENT;
	u->fault_interrupts.err = ENOENT;
	u->pending.err = type == IOASID_IOMMU_VTD ? ENOENT : EOPNOTSUPP;
	u->pro = IOASID_UNKNOWN;
	return u;
}

static struct ioasid_prq_unit *find_unit(struct ioasid_prq_stats *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].iommu, name))
			return &s->v[i];
	return NULL;
}

/* The unit of a shared AMD-Vi or Arm interrupt: the unit whose device
 * (the IOMMU's PCI function, parent of /sys/class/iommu/NAME) lists the
 * interrupt in msi_irqs/, else the only unit of that type. */
static struct ioasid_prq_unit *unit_of_irq(struct ioasid_ctx *ctx, struct ioasid_prq_stats *s,
					   enum ioasid_iommu_type type, unsigned irq,
					   bool *by_elimination)
{
	struct ioasid_prq_unit *only = NULL;
	size_t cnt = 0;

	*by_elimination = false;
	for (size_t i = 0; i < s->n; i++) {
		struct ioasid_prq_unit *u = &s->v[i];

		if (u->type != type || !u->iommu[0])
			continue;
		if (iopath_access(ctx, PATH_SYS_IOMMU_MSI_IRQ, u->iommu, irq) == 0)
			return u;
		only = u;
		cnt++;
	}
	if (cnt == 1 && !only->has_irq) {
		*by_elimination = true;
		return only;
	}
	return NULL;
}

static int attach_irq(struct ioasid_ctx *ctx, struct ioasid_prq_stats *s,
		      const struct ioasid_irq *irq)
{
	char names[8][64], unit[64];
	size_t n = split_actions(irq->actions, names, 8);

	for (size_t i = 0; i < n; i++) {
		enum ioasid_iommu_type type = IOASID_IOMMU_OTHER;
		struct ioasid_prq_unit *u = NULL;
		bool elim = false, shared = n > 1;
		const char *with = NULL;
		int idx;

		switch (ioasid_prq_classify_action(names[i], &idx)) {
		case IOASID_PRQ_IRQ_NOT:
			continue;
		case IOASID_PRQ_IRQ_VTD_FAULT:
			snprintf(unit, sizeof(unit), "dmar%d", idx);
			u = find_unit(s, unit);
			if (!u)
				u = add_unit(s, unit, IOASID_IOMMU_VTD);
			if (!u)
				return -ENOMEM;
			u->fault_irq = (struct ioasid_val){irq->irq, 0};
			u->fault_interrupts = (struct ioasid_val){irq->total, 0};
			if (irq->source == IOASID_IRQ_SOURCE_NONE)
				u->fault_interrupts.err = EIO;
			continue;
		case IOASID_PRQ_IRQ_VTD_PRQ:
			type = IOASID_IOMMU_VTD;
			snprintf(unit, sizeof(unit), "dmar%d", idx);
			u = find_unit(s, unit);
			break;
		case IOASID_PRQ_IRQ_AMD_PPR:
			type = IOASID_IOMMU_AMD;
			snprintf(unit, sizeof(unit), "ivhd%d", idx);
			u = find_unit(s, unit);
			break;
		case IOASID_PRQ_IRQ_AMD_SHARED:
			type = IOASID_IOMMU_AMD;
			shared = true;
			with = "event log, PPR log and GA log";
			u = unit_of_irq(ctx, s, type, irq->irq, &elim);
			unit[0] = '\0';
			break;
		case IOASID_PRQ_IRQ_ARM_PRIQ:
			type = IOASID_IOMMU_SMMU3;
			u = unit_of_irq(ctx, s, type, irq->irq, &elim);
			unit[0] = '\0';
			break;
		case IOASID_PRQ_IRQ_ARM_COMBINED:
			type = IOASID_IOMMU_SMMU3;
			shared = true;
			with = "event queue, global errors and PRI queue";
			u = unit_of_irq(ctx, s, type, irq->irq, &elim);
			unit[0] = '\0';
			break;
		}
		if (!u || u->has_irq) {
			/* a unit sysfs does not show, or a second interrupt */
			if (u)
				snprintf(unit, sizeof(unit), "%s", u->iommu);
			u = add_unit(s, unit, type);
			if (!u)
				return -ENOMEM;
		}
		if (copy_irq(&u->irq, irq) < 0)
			return -ENOMEM;
		u->has_irq = true;
		u->shared = shared;
		if (with)
			snprintf(u->shared_with, sizeof(u->shared_with), "%s", with);
		else if (shared)
			snprintf(u->shared_with, sizeof(u->shared_with), "%.95s", irq->actions);
		if (with && type == IOASID_IOMMU_AMD)
			snprintf(u->note, sizeof(u->note),
				 "one interrupt for the event, PPR and GA logs (MSI mode): the "
				 "count "
				 "is not page requests alone");
		else if (with)
			snprintf(u->note, sizeof(u->note),
				 "combined interrupt: the count includes events and errors");
		if (!u->iommu[0])
			snprintf(u->note + strlen(u->note), sizeof(u->note) - strlen(u->note),
				 "%sunit not known", u->note[0] ? "; " : "");
		else if (elim)
			snprintf(u->note + strlen(u->note), sizeof(u->note) - strlen(u->note),
				 "%sthe only %s unit", u->note[0] ? "; " : "",
				 ioasid_iommu_type_name(type));
	}
	return 0;
}

static int add_overflow(struct ioasid_prq_unit *u, uint64_t usec, const char *msg)
{
	struct ioasid_prq_overflow *nv =
		realloc(u->overflow_events, (u->noverflow_events + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	u->overflow_events = nv;
	nv[u->noverflow_events].usec = usec;
	snprintf(nv[u->noverflow_events].message, sizeof(nv->message), "%s", msg);
	u->noverflow_events++;
	u->overflows.v++;
	return 0;
}

static int read_overflows(struct ioasid_ctx *ctx, struct ioasid_prq_stats *s)
{
	const char *const *lines;
	const uint64_t *usec;
	size_t n, namd = 0;
	unsigned code = 0;
	int rc = ioasid_kernel_log(ctx, &lines, &n);

	if (rc == 0)
		rc = ioasid_kernel_log_times(ctx, &usec, &n);
	for (size_t i = 0; i < s->n; i++) {
		s->v[i].overflows = (struct ioasid_val){0, rc < 0 ? -rc : 0};
		namd += s->v[i].type == IOASID_IOMMU_AMD && s->v[i].iommu[0];
	}
	if (rc < 0)
		return 0;
	for (size_t k = 0; k < n; k++) {
		char unit[64];
		enum ioasid_iommu_type t = ioasid_prq_overflow_line(lines[k], unit, sizeof(unit));

		if (t == IOASID_IOMMU_OTHER)
			continue;
		for (size_t i = 0; i < s->n; i++) {
			struct ioasid_prq_unit *u = &s->v[i];

			/* AMD and Arm lines name no unit: they count for each */
			if (u->type != t || (unit[0] && strcmp(unit, u->iommu)))
				continue;
			if (add_overflow(u, usec ? usec[k] : 0, lines[k]) < 0)
				return -ENOMEM;
		}
	}
	ioasid_kernel_version_code(ctx, &code);
	for (size_t i = 0; i < s->n; i++) {
		struct ioasid_prq_unit *u = &s->v[i];
		size_t l = strlen(u->note);

		if (u->type == IOASID_IOMMU_AMD && !u->overflows.v && code &&
		    code < IOASID_KVER(6, 12, 0)) {
			/* 6.1's interrupt thread has no PPR overflow message: 0 would
			 * claim more than the log can tell */
			u->overflows.err = EOPNOTSUPP;
			snprintf(u->note + l, sizeof(u->note) - l,
				 "%sthis kernel logs no PPR log overflow", l ? "; " : "");
		} else if ((u->type == IOASID_IOMMU_AMD && namd > 1) ||
			   u->type == IOASID_IOMMU_SMMU3) {
			snprintf(u->note + l, sizeof(u->note) - l,
				 "%soverflow lines name no unit: host-wide count", l ? "; " : "");
		}
	}
	return 0;
}

static void read_pending(struct ioasid_ctx *ctx, struct ioasid_prq_stats *s)
{
	struct ioasid_vtd_prq_regs *r = NULL;
	size_t n = 0, bad;
	char *text;
	int rc = iopath_read_all(ctx, &text, NULL, 1 << 20, PATH_SYS_DEBUG_VTD_REGSET);

	if (rc == 0) {
		rc = ioasid_parse_vtd_regset(text, &r, &n, &bad);
		free(text);
	}
	for (size_t i = 0; i < s->n; i++) {
		struct ioasid_prq_unit *u = &s->v[i];
		const struct ioasid_vtd_prq_regs *x = NULL;
		uint64_t pending;
		int prc;

		if (u->type != IOASID_IOMMU_VTD)
			continue;
		if (rc < 0) {
			u->pending.err = -rc;
			continue;
		}
		for (size_t k = 0; k < n; k++)
			if (!strcmp(r[k].iommu, u->iommu))
				x = &r[k];
		if (!x) {
			u->pending.err = ENOENT;
			continue;
		}
		if (x->have & 8)
			u->pro = x->prs & 2 ? IOASID_YES : IOASID_NO;
		prc = ioasid_vtd_prq_pending(x, &pending);
		u->pending = (struct ioasid_val){prc ? 0 : pending, prc < 0 ? -prc : 0};
	}
	free(r);
}

static void unit_notes(struct ioasid_prq_unit *u, const struct ioasid_iommu *io,
		       const struct ioasid_irq_set *irqs)
{
	if (u->has_irq || u->note[0])
		return;
	if (irqs->proc_err && irqs->sysfs_err)
		snprintf(u->note, sizeof(u->note), "interrupts unreadable: %s",
			 strerror(irqs->proc_err));
	else if (u->type == IOASID_IOMMU_VTD && io && io->prs == IOASID_NO)
		snprintf(u->note, sizeof(u->note),
			 "no page requests: ecap.PRS is clear (no %s-prq interrupt)", u->iommu);
	else if (u->type == IOASID_IOMMU_VTD && io && io->scalable == IOASID_NO)
		snprintf(u->note, sizeof(u->note),
			 "no page requests in legacy mode (no %s-prq interrupt)", u->iommu);
	else if (u->type == IOASID_IOMMU_VTD)
		snprintf(u->note, sizeof(u->note),
			 "no %s-prq interrupt: page request queue not set up", u->iommu);
	else if (u->type == IOASID_IOMMU_AMD)
		snprintf(u->note, sizeof(u->note), "no AMD-Vi interrupt found for this unit");
	else if (u->type == IOASID_IOMMU_SMMU3)
		snprintf(u->note, sizeof(u->note), "no arm-smmu-v3 PRI queue interrupt found");
}

IOASID_EXPORT int ioasid_prq_stats(struct ioasid_ctx *ctx, struct ioasid_prq_stats *out)
{
	struct ioasid_iommu_list l = {0};
	struct ioasid_irq_set irqs = {0};
	int rc;

	*out = (struct ioasid_prq_stats){0};
	rc = ioasid_iommu_list(ctx, &l);
	if (rc == -ENOMEM)
		return rc;
	for (size_t i = 0; i < l.n; i++) {
		if (l.v[i].type == IOASID_IOMMU_OTHER)
			continue;
		if (!add_unit(out, l.v[i].name, l.v[i].type)) {
			rc = -ENOMEM;
			goto fail;
		}
	}
	rc = ioasid_irq_collect(ctx, want_action, NULL, &irqs);
	if (rc == -ENOMEM)
		goto fail;
	if (rc < 0 && !out->n)
		goto fail; /* nothing to show: the error names /proc/interrupts */
	for (size_t i = 0; i < irqs.n; i++) {
		rc = attach_irq(ctx, out, &irqs.v[i]);
		if (rc < 0)
			goto fail;
	}
	for (size_t i = 0; i < out->n; i++)
		unit_notes(&out->v[i], ioasid_iommu_find(&l, out->v[i].iommu), &irqs);
	rc = read_overflows(ctx, out);
	if (rc < 0)
		goto fail;
	read_pending(ctx, out);
	ioasid_irq_set_free(&irqs);
	ioasid_iommu_list_free(&l);
	return 0;
fail:
	ioasid_irq_set_free(&irqs);
	ioasid_iommu_list_free(&l);
	ioasid_prq_stats_free(out);
	return rc;
}

IOASID_EXPORT void ioasid_prq_stats_free(struct ioasid_prq_stats *s)
{
	for (size_t i = 0; i < s->n; i++) {
		ioasid_irq_free(&s->v[i].irq);
		free(s->v[i].overflow_events);
	}
	free(s->v);
	*s = (struct ioasid_prq_stats){0};
}
