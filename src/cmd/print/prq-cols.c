// SPDX-License-Identifier: GPL-2.0-or-later
/* A page-request queue (ioasid-prq.h: its interrupt from
 * /sys/kernel/irq/N/per_cpu_count or /proc/interrupts, overflows from the
 * kernel log, VT-d debugfs) as a printer row. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "print/prq-cols.h"

const struct pr_col prq_cols[PRQ_TOP_NCOLS] = {
	[PRQC_IOMMU] = {"IOMMU", PR_STR, true, false, "IOMMU unit (null: not known)"},
	[PRQC_TYPE] = {"TYPE", PR_STR, false, false, "vtd, amd or smmu3"},
	[PRQC_IRQ] = {"IRQ", PR_NUM, true, true,
		      "Linux interrupt number of the page-request queue"},
	[PRQC_IRQ_NAME] = {"IRQ_NAME", PR_STR, true, false,
			   "its action names (dmarN-prq, AMD-ViN-PPR, AMD-Vi, arm-smmu-v3-priq)"},
	[PRQC_INTERRUPTS] =
		{"INTERRUPTS", PR_NUM, true, true,
		 "interrupts handled since boot, summed over CPUs (interrupts, not page "
		 "requests: one interrupt drains many)"},
	[PRQC_SHARED] = {"SHARED", PR_BOOL, true, false,
			 "the interrupt also serves other queues (AMD MSI mode, Arm combined)"},
	[PRQC_SOURCE] = {"SOURCE", PR_STR, true, false, "per_cpu_count or proc_interrupts"},
	[PRQC_OVERFLOWS] = {"OVERFLOWS", PR_NUM, true, true,
			    "PRQ overflow messages in the kernel log (null: log unreadable)"},
	[PRQC_PENDING] = {"PENDING", PR_NUM, true, true,
			  "page requests waiting in the queue (VT-d debugfs; null: no debugfs)"},
	[PRQC_PRO] = {"PRO", PR_BOOL, false, false, "VT-d PRS.PRO: the queue overflowed (debugfs)"},
	[PRQC_CHIP] = {"CHIP", PR_STR, false, false, "interrupt chip"},
	[PRQC_HWIRQ] = {"HWIRQ", PR_STR, false, false, "hardware interrupt number in its domain"},
	[PRQC_SHARED_WITH] = {"SHARED_WITH", PR_STR, false, false,
			      "what else the interrupt serves"},
	[PRQC_PARTIAL] = {"PARTIAL", PR_BOOL, false, false,
			  "the counts were cut short: INTERRUPTS is a lower bound"},
	[PRQC_FAULT_IRQ] = {"FAULT_IRQ", PR_NUM, false, true, "VT-d fault interrupt (dmarN)"},
	[PRQC_FAULT_INTERRUPTS] = {"FAULT_INTERRUPTS", PR_NUM, false, true,
				   "VT-d fault interrupts handled since boot"},
	[PRQC_OVERFLOW_EVENTS] = {"OVERFLOW_EVENTS", PR_STR, false, false,
				  "the overflow messages with their time (us since boot)"},
	[PRQC_NOTE] = {"NOTE", PR_STR, true, false, "why a value is missing or shared"},
	[PRQC_PER_CPU] = {"PER_CPU", PR_STR, false, false,
			  "interrupts per CPU (with --per-cpu): cpu and count"},
	[PRQC_INTERRUPTS_PER_SEC] = {"INTERRUPTS_PER_SEC", PR_NUM, true, true,
				     "interrupts per second between the last two samples"},
	[PRQC_RATE_PARTIAL] = {"RATE_PARTIAL", PR_BOOL, true, false,
			       "the rate leaves out CPUs that were in only one of the two "
			       "samples (offline or online between them)"},
};

static void per_cpu_cell(struct pr_row *r, const struct ioasid_prq_unit *u)
{
	json_object *a;
	char *text;
	size_t len = 0;

	if (!u->has_irq || u->irq.source == IOASID_IRQ_SOURCE_NONE) {
		pr_null(r, PRQC_PER_CPU, 0);
		return;
	}
	a = json_object_new_array();
	text = calloc(1, u->irq.ncpus * 32 + 1);
	for (size_t i = 0; i < u->irq.ncpus; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "cpu", json_object_new_int64(u->irq.cpu[i]));
		json_object_object_add(o, "count", json_object_new_uint64(u->irq.count[i]));
		json_object_array_add(a, o);
		if (text)
			len += (size_t)sprintf(text + len, "%s%u:%" PRIu64, i ? "," : "",
					       u->irq.cpu[i], u->irq.count[i]);
	}
	pr_any(r, PRQC_PER_CPU, a, text);
	free(text);
}

static void overflow_cell(struct pr_row *r, const struct ioasid_prq_unit *u)
{
	json_object *a;
	char text[64];

	if (u->overflows.err) {
		pr_null(r, PRQC_OVERFLOW_EVENTS, u->overflows.err);
		return;
	}
	a = json_object_new_array();
	for (size_t i = 0; i < u->noverflow_events; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "usec",
				       json_object_new_uint64(u->overflow_events[i].usec));
		json_object_object_add(o, "message",
				       json_object_new_string(u->overflow_events[i].message));
		json_object_array_add(a, o);
	}
	if (u->noverflow_events)
		snprintf(text, sizeof(text), "%zu, last at %" PRIu64 ".%06" PRIu64 "s",
			 u->noverflow_events,
			 u->overflow_events[u->noverflow_events - 1].usec / 1000000,
			 u->overflow_events[u->noverflow_events - 1].usec % 1000000);
	else
		snprintf(text, sizeof(text), "0");
	pr_any(r, PRQC_OVERFLOW_EVENTS, a, text);
}

void prq_cells(struct pr_row *r, const struct ioasid_prq_unit *u, bool per_cpu)
{
	bool irq = u->has_irq;

	pr_str(r, PRQC_IOMMU, u->iommu);
	pr_str(r, PRQC_TYPE, ioasid_iommu_type_name(u->type));
	if (irq) {
		pr_num(r, PRQC_IRQ, u->irq.irq);
		pr_str(r, PRQC_IRQ_NAME, u->irq.actions);
		if (u->irq.source != IOASID_IRQ_SOURCE_NONE)
			pr_num(r, PRQC_INTERRUPTS, u->irq.total);
		else
			pr_null(r, PRQC_INTERRUPTS, EIO);
		pr_bool(r, PRQC_SHARED, u->shared);
		pr_str(r, PRQC_SOURCE, ioasid_irq_source_name(u->irq.source));
		pr_str(r, PRQC_CHIP, u->irq.chip);
		pr_str(r, PRQC_HWIRQ, u->irq.hwirq);
		pr_str(r, PRQC_SHARED_WITH, u->shared_with);
		pr_bool(r, PRQC_PARTIAL, u->irq.partial);
	} else {
		/* no page-request interrupt: every interrupt column is unknown */
		pr_null(r, PRQC_IRQ, 0);
		pr_null(r, PRQC_IRQ_NAME, 0);
		pr_null(r, PRQC_INTERRUPTS, 0);
		pr_null(r, PRQC_SHARED, 0);
		pr_null(r, PRQC_SOURCE, 0);
		pr_null(r, PRQC_CHIP, 0);
		pr_null(r, PRQC_HWIRQ, 0);
		pr_null(r, PRQC_SHARED_WITH, 0);
		pr_null(r, PRQC_PARTIAL, 0);
	}
	pr_val(r, PRQC_OVERFLOWS, &u->overflows);
	pr_val(r, PRQC_PENDING, &u->pending);
	pr_tri(r, PRQC_PRO, u->pro);
	pr_val(r, PRQC_FAULT_IRQ, &u->fault_irq);
	pr_val(r, PRQC_FAULT_INTERRUPTS, &u->fault_interrupts);
	overflow_cell(r, u);
	pr_str(r, PRQC_NOTE, u->note);
	if (per_cpu)
		per_cpu_cell(r, u);
	else
		pr_null(r, PRQC_PER_CPU, 0);
}
