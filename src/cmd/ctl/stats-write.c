// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl stats, writing: the families of ioasidctl-stats(8) through the
 * text format writer (metrics.h). Values that could not be read are left
 * out, never written as 0. Labels name IOMMU units, devices, sets and
 * cgroups, never single IOASIDs: a host may hold a million of those, and a
 * series each would swamp any Prometheus.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "print/metrics.h"
#include "ctl/stats.h"

/* The sources, in the order of ioasid_scrape_error's series. */
static const char *const src_names[NSRC] = {
	[SRC_IOMMU] = "iommu",
	[SRC_PCI] = "pci",
	[SRC_PCI_CONFIG] = "pci_config",
	[SRC_REASON] = "reason",
	[SRC_INTERRUPTS] = "interrupts",
	[SRC_KERNEL_LOG] = "kernel_log",
	[SRC_EXTENSION] = "extension",
	[SRC_SETS] = "sets",
	[SRC_IOASID_DUMP] = "ioasid_dump",
	[SRC_BINDING_DUMP] = "binding_dump",
	[SRC_CGROUP] = "cgroup",
	[SRC_IDXD] = "idxd",
	[SRC_UACCE] = "uacce",
};

static const char *u64s(char *buf, uint64_t v)
{
	snprintf(buf, 24, "%llu", (unsigned long long)v);
	return buf;
}

/* A value left out because it could not be read (garbage, empty,
 * unreadable) is its source's error (ioasidctl-stats(8): "the source it
 * came from gets ioasid_scrape_error 1"); one the host does not have
 * (ENOENT: an older kernel's missing file, EOPNOTSUPP) or does not show
 * (ENODATA: misc.max of a resource of capacity 0) is not. */
static void dropped(int *src_err, int e)
{
	if (e && e != ENOENT && e != EOPNOTSUPP && e != ENODATA && !*src_err)
		*src_err = e;
}

static void val(struct mw *w, int *src_err, const struct ioasid_val *v, const char *k,
		const char *lv)
{
	if (!v->err)
		mw_u64(w, v->v, k, lv, NULL);
	dropped(src_err, v->err);
}

static void tri(struct mw *w, enum ioasid_tristate t, const char *k, const char *lv)
{
	if (t != IOASID_UNKNOWN)
		mw_u64(w, t == IOASID_YES, k, lv, NULL);
}

static const char *const questions[3] = {"pasid", "sva", "prq"};
static const unsigned question_bits[3] = {IOASID_AFFECTS_PASID, IOASID_AFFECTS_SVA,
					  IOASID_AFFECTS_PRQ};

/* A state set: one series per possible answer, 1 for the one that holds. */
static void answer_set(struct mw *w, const char *question, enum ioasid_verdict v, const char *iommu)
{
	static const char *const names[3] = {"yes", "no", "unknown"};
	int which = v == IOASID_V_OK ? 0 : v == IOASID_V_FAIL ? 1 : 2;

	for (int k = 0; k < 3; k++) {
		if (iommu)
			mw_u64(w, k == which, "iommu", iommu, "question", question, "answer",
			       names[k], NULL);
		else
			mw_u64(w, k == which, "question", question, "answer", names[k], NULL);
	}
}

/* SMMUv3 units (stock/smmu3.c): the kernel's feature word and its SVA bit;
 * the families appear only on a host with such a unit. */
static void write_smmu3(struct mw *w, const struct ioasid_iommu_list *il)
{
	bool any = false;
	char word[16];

	for (size_t i = 0; i < il->n; i++)
		any |= il->v[i].type == IOASID_IOMMU_SMMU3;
	if (!any)
		return;
	mw_family(w, "ioasid_iommu_smmu_features_info", MW_GAUGE,
		  "SMMUv3 unit (always 1): the feature word of its boot line "
		  "(arm_smmu_device_hw_probe()) and the kernel series whose table decodes it");
	for (size_t i = 0; i < il->n; i++) {
		const struct ioasid_iommu *u = &il->v[i];

		if (u->type != IOASID_IOMMU_SMMU3 || u->smmu3.line_err)
			continue;
		snprintf(word, sizeof(word), "%08x", u->smmu3.line.features);
		mw_u64(w, 1, "iommu", u->name, "features", word, "table",
		       u->smmu3.table ? u->smmu3.table : "", NULL);
	}
	mw_family(w, "ioasid_iommu_smmu_sva_supported", MW_GAUGE,
		  "1 if the SMMUv3 unit has ARM_SMMU_FEAT_SVA (arm_smmu_sva_supported())");
	for (size_t i = 0; i < il->n; i++)
		if (il->v[i].type == IOASID_IOMMU_SMMU3)
			tri(w, il->v[i].smmu3.sva, "iommu", il->v[i].name);
}

static void write_iommus(struct mw *w, struct scrape *s)
{
	const struct ioasid_iommu_list *il = &s->il;
	const struct ioasid_answer *ans[3] = {&s->ch.pasid, &s->ch.sva, &s->ch.prq};

	mw_family(w, "ioasid_iommu_info", MW_GAUGE,
		  "IOMMU unit (always 1): type vtd, amd, smmu3 or other; mode scalable or "
		  "legacy for VT-d, empty when not known or not VT-d");
	for (size_t i = 0; i < il->n; i++) {
		const struct ioasid_iommu *u = &il->v[i];
		const char *mode = u->type != IOASID_IOMMU_VTD ? ""
				   : u->scalable == IOASID_YES ? "scalable"
				   : u->scalable == IOASID_NO  ? "legacy"
							       : "";

		mw_u64(w, 1, "iommu", u->name, "type", ioasid_iommu_type_name(u->type), "mode",
		       mode, NULL);
	}
	mw_family(w, "ioasid_iommu_max_pasids", MW_GAUGE,
		  "PASIDs the kernel allows on the unit (iommu.max_pasids; 0: none)");
	for (size_t i = 0; i < il->n; i++)
		val(w, &s->err[SRC_IOMMU], &il->v[i].max_pasids, "iommu", il->v[i].name);
	mw_family(w, "ioasid_iommu_pasid_enabled", MW_GAUGE,
		  "1 if the kernel uses PASIDs on the unit");
	for (size_t i = 0; i < il->n; i++)
		tri(w, il->v[i].pasid, "iommu", il->v[i].name);
	mw_family(w, "ioasid_iommu_page_requests_supported", MW_GAUGE,
		  "1 if the unit supports page requests (VT-d PRS, AMD PPR)");
	for (size_t i = 0; i < il->n; i++)
		tri(w, il->v[i].prs, "iommu", il->v[i].name);
	write_smmu3(w, il);
	if (!s->err[SRC_REASON]) {
		mw_family(w, "ioasid_iommu_answer", MW_GAUGE,
			  "can devices behind the unit use PASIDs, SVA, page requests (question): "
			  "1 on the series of the reason chain's answer (yes, no, unknown)");
		for (size_t i = 0; i < il->n; i++)
			for (int q = 0; q < 3; q++)
				answer_set(w, questions[q],
					   ioasid_chain_answer_for(&s->ch, question_bits[q],
								   il->v[i].name)
						   .verdict,
					   il->v[i].name);
		mw_family(w, "ioasid_host_answer", MW_GAUGE,
			  "can this host use PASIDs, SVA, page requests (question): 1 on the "
			  "series of the reason chain's answer (yes, no, unknown)");
		for (int q = 0; q < 3; q++)
			answer_set(w, questions[q], ans[q]->verdict, NULL);
		mw_family(w, "ioasid_host_answer_decided_by", MW_GAUGE,
			  "the reason chain's step that decided a no or unknown answer (always 1; "
			  "ioasidctl status explains it)");
		for (int q = 0; q < 3; q++) {
			const struct ioasid_step *st;

			if (ans[q]->step < 0 || (size_t)ans[q]->step >= s->ch.n)
				continue;
			st = &s->ch.v[ans[q]->step];
			mw_u64(w, 1, "question", questions[q], "rule", st->rule, "subject",
			       st->subject, "verdict", ioasid_verdict_name(st->verdict), NULL);
		}
	}
}

static void write_devices(struct mw *w, struct scrape *s)
{
	const struct ioasid_pci_list *pl = &s->pl;
	char id[16];

	mw_family(w, "ioasid_device_info", MW_GAUGE,
		  "PCI function with a PASID capability (always 1): its IOMMU unit, driver and "
		  "vendor:device id");
	for (size_t i = 0; i < pl->n; i++) {
		const struct ioasid_pci_dev *d = &pl->v[i];

		if (!d->pasid.present)
			continue;
		snprintf(id, sizeof(id), "%04x:%04x", d->vendor, d->device);
		mw_u64(w, 1, "device", d->bdf, "iommu", d->iommu, "driver", d->driver, "pci_id", id,
		       NULL);
	}
	mw_family(w, "ioasid_device_pasid_enabled", MW_GAUGE,
		  "1 if PASID is enabled in the function's PASID capability");
	for (size_t i = 0; i < pl->n; i++)
		if (pl->v[i].pasid.present)
			mw_u64(w, pl->v[i].pasid.enabled, "device", pl->v[i].bdf, NULL);
	mw_family(w, "ioasid_device_max_pasids", MW_GAUGE,
		  "PASIDs the kernel lets the function use: min(its PASID width, its IOMMU's)");
	for (size_t i = 0; i < pl->n; i++)
		if (pl->v[i].pasid.present)
			val(w, &s->err[SRC_PCI_CONFIG], &pl->v[i].max_pasids, "device",
			    pl->v[i].bdf);
	mw_family(w, "ioasid_device_ats_enabled", MW_GAUGE,
		  "1 if ATS is enabled (functions with PASID and ATS capabilities)");
	for (size_t i = 0; i < pl->n; i++)
		if (pl->v[i].pasid.present && pl->v[i].ats.present)
			mw_u64(w, pl->v[i].ats.enabled, "device", pl->v[i].bdf, NULL);
	mw_family(w, "ioasid_device_pri_enabled", MW_GAUGE,
		  "1 if PRI (page requests) is enabled (functions with PASID and PRI "
		  "capabilities)");
	for (size_t i = 0; i < pl->n; i++)
		if (pl->v[i].pasid.present && pl->v[i].pri.present)
			mw_u64(w, pl->v[i].pri.enabled, "device", pl->v[i].bdf, NULL);
}

static void write_prq(struct mw *w, struct scrape *s)
{
	const struct ioasid_prq_stats *p = &s->prq;
	char irq[24];

	mw_family(w, "ioasid_iommu_page_request_interrupts_total", MW_COUNTER,
		  "interrupts of the unit's page-request queue since boot, summed over CPUs. "
		  "Interrupts, not page requests: one interrupt drains many, and an AMD MSI "
		  "interrupt may also serve the event log (shared)");
	for (size_t i = 0; i < p->n; i++) {
		const struct ioasid_prq_unit *u = &p->v[i];

		if (u->has_irq && u->irq.source != IOASID_IRQ_SOURCE_NONE)
			mw_u64(w, u->irq.total, "iommu", u->iommu, "irq", u64s(irq, u->irq.irq),
			       NULL);
	}
	mw_family(w, "ioasid_iommu_page_request_interrupt_shared", MW_GAUGE,
		  "1 if the page-request interrupt also serves other queues");
	for (size_t i = 0; i < p->n; i++) {
		const struct ioasid_prq_unit *u = &p->v[i];

		if (u->has_irq && u->irq.source != IOASID_IRQ_SOURCE_NONE)
			mw_u64(w, u->shared, "iommu", u->iommu, "irq", u64s(irq, u->irq.irq), NULL);
	}
	mw_family(w, "ioasid_iommu_fault_interrupts_total", MW_COUNTER,
		  "VT-d fault interrupts (dmarN) since boot, summed over CPUs");
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].iommu[0])
			val(w, &s->err[SRC_INTERRUPTS], &p->v[i].fault_interrupts, "iommu",
			    p->v[i].iommu);
	mw_family(w, "ioasid_iommu_prq_overflow_messages", MW_GAUGE,
		  "page request queue overflow messages of the unit in the kernel log buffer "
		  "(a gauge: old messages leave the buffer)");
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].iommu[0])
			val(w, &s->err[SRC_KERNEL_LOG], &p->v[i].overflows, "iommu", p->v[i].iommu);
	mw_family(w, "ioasid_iommu_prq_pending", MW_GAUGE,
		  "page requests waiting in the unit's queue (VT-d debugfs)");
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].iommu[0])
			val(w, &s->err[SRC_INTERRUPTS], &p->v[i].pending, "iommu", p->v[i].iommu);
}

static void write_ext(struct mw *w, struct scrape *s)
{
	static const char *const states[NSTATES + 1] = {"idle", "active", "free_pending",
							"unknown"};
	char set[24];

	if (!s->err[SRC_EXTENSION]) {
		mw_family(w, "ioasid_extension_present", MW_GAUGE,
			  "1 if the kernel has the IOASID extension (/sys/kernel/ioasid, "
			  "ioasid-abi(7))");
		mw_u64(w, s->ext, NULL);
	}
	if (!s->ext)
		return;
	/* not "_total": that suffix is for counters */
	mw_family(w, "ioasid_capacity", MW_GAUGE, "IOASIDs the host has in all");
	val(w, &s->err[SRC_EXTENSION], &s->info.total, NULL, NULL);
	mw_family(w, "ioasid_capacity_available", MW_GAUGE,
		  "IOASIDs neither in a set's quota nor reserved");
	val(w, &s->err[SRC_EXTENSION], &s->info.available, NULL, NULL);
	mw_family(w, "ioasid_capacity_reserved", MW_GAUGE, "IOASIDs reserved by the admin");
	val(w, &s->err[SRC_EXTENSION], &s->info.reserved, NULL, NULL);
	mw_family(w, "ioasid_default_quota", MW_GAUGE,
		  "quota of a process's new mm set (default_quota): its open of /dev/ioasid "
		  "fails with ENOSPC when this exceeds ioasid_capacity_available");
	val(w, &s->err[SRC_EXTENSION], &s->info.default_quota, NULL, NULL);

	mw_family(w, "ioasid_set_info", MW_GAUGE,
		  "IOASID set (always 1): type null or mm, the owner's cgroup (mm sets)");
	for (size_t i = 0; i < s->sets.n; i++) {
		const struct ioasid_ext_set *x = &s->sets.v[i];
		const char *t = ioasid_ext_set_type_name(x->type);

		mw_u64(w, 1, "set", u64s(set, x->id), "type", t ? t : "", "cgroup",
		       x->cgroup ? x->cgroup : "", NULL);
	}
	mw_family(w, "ioasid_set_quota", MW_GAUGE, "IOASIDs the set may allocate");
	for (size_t i = 0; i < s->sets.n; i++)
		val(w, &s->err[SRC_SETS], &s->sets.v[i].quota, "set", u64s(set, s->sets.v[i].id));
	mw_family(w, "ioasid_set_allocated", MW_GAUGE, "IOASIDs the set holds");
	for (size_t i = 0; i < s->sets.n; i++)
		val(w, &s->err[SRC_SETS], &s->sets.v[i].allocated, "set",
		    u64s(set, s->sets.v[i].id));
	if (s->counts_ok) {
		mw_family(w, "ioasid_set_ioasids", MW_GAUGE,
			  "IOASIDs of the set by state (idle, active, free_pending), from the "
			  "GET_IOASID dump");
		for (size_t i = 0; i < s->ncounts; i++) {
			u64s(set, s->counts[i].set);
			for (int k = 0; k <= NSTATES; k++)
				if (k < NSTATES || s->counts[i].state[k])
					mw_u64(w, s->counts[i].state[k], "set", set, "state",
					       states[k], NULL);
		}
	}
	if (s->spids_ok) {
		mw_family(w, "ioasid_set_spids", MW_GAUGE,
			  "guest PASIDs (SPIDs) bound to IOASIDs of the set, from the GET_BINDING "
			  "dump");
		for (size_t i = 0; i < s->ncounts; i++)
			mw_u64(w, s->counts[i].spids, "set", u64s(set, s->counts[i].set), NULL);
	}
}

/* The two forms of a cgroup's IOASID limit as one value per file. */
struct cg_form {
	const char *controller;
	const struct ioasid_val *current, *max, *events, *events_local, *peak;
	bool unlimited;
};

static size_t cg_forms(const struct ioasid_misc_cgroup *cg, struct cg_form f[2])
{
	const struct ioasid_misc_res *r = ioasid_misc_find(cg, "ioasid");
	size_t n = 0;

	if (r)
		f[n++] = (struct cg_form){"misc",
					  &r->v[IOASID_MISC_CURRENT],
					  &r->v[IOASID_MISC_MAX],
					  &r->v[IOASID_MISC_EVENTS],
					  &r->v[IOASID_MISC_EVENTS_LOCAL],
					  &r->v[IOASID_MISC_PEAK],
					  r->max_unlimited};
	if (cg->ioasids.present)
		f[n++] = (struct cg_form){"ioasids",
					  &cg->ioasids.v[IOASID_IOASIDS_CURRENT],
					  &cg->ioasids.v[IOASID_IOASIDS_MAX],
					  &cg->ioasids.v[IOASID_IOASIDS_EVENTS],
					  NULL,
					  NULL,
					  cg->ioasids.max_unlimited};
	return n;
}

enum { CGF_CURRENT, CGF_MAX, CGF_EVENTS, CGF_EVENTS_LOCAL, CGF_PEAK, CGF_N };

static void write_cgroups(struct mw *w, struct scrape *s)
{
	static const struct {
		const char *name;
		enum mw_type type;
		const char *help;
	} fam[CGF_N] = {
		[CGF_CURRENT] = {"ioasid_cgroup_current", MW_GAUGE,
				 "IOASIDs charged to the cgroup (misc.current ioasid, or "
				 "ioasids.current)"},
		[CGF_MAX] = {"ioasid_cgroup_max", MW_GAUGE,
			     "the cgroup's IOASID limit (misc.max ioasid, or ioasids.max); +Inf "
			     "for max"},
		[CGF_EVENTS] = {"ioasid_cgroup_events_total", MW_COUNTER,
				"charges refused by the limit of the cgroup or one below it "
				"(misc.events ioasid.max, or ioasids.events max)"},
		[CGF_EVENTS_LOCAL] = {"ioasid_cgroup_events_local_total", MW_COUNTER,
				      "charges refused by the cgroup's own limit "
				      "(misc.events.local ioasid.max, 6.11+)"},
		[CGF_PEAK] = {"ioasid_cgroup_peak", MW_GAUGE,
			      "highest IOASID charge of the cgroup seen (misc.peak ioasid, "
			      "6.11+)"},
	};

	for (int k = 0; k < CGF_N; k++) {
		mw_family(w, fam[k].name, fam[k].type, fam[k].help);
		for (size_t i = 0; i < s->cg.n; i++) {
			const struct ioasid_misc_cgroup *cg = &s->cg.v[i];
			struct cg_form f[2];
			size_t n = cg_forms(cg, f);

			for (size_t j = 0; j < n; j++) {
				const struct ioasid_val *v = k == CGF_CURRENT  ? f[j].current
							     : k == CGF_MAX    ? f[j].max
							     : k == CGF_EVENTS ? f[j].events
							     : k == CGF_EVENTS_LOCAL
								     ? f[j].events_local
								     : f[j].peak;

				if (v)
					dropped(&s->err[SRC_CGROUP], v->err);
				if (!v || v->err)
					continue;
				if (k == CGF_MAX && f[j].unlimited)
					mw_double(w, INFINITY, "cgroup", cg->path, "controller",
						  f[j].controller, NULL);
				else
					mw_u64(w, v->v, "cgroup", cg->path, "controller",
					       f[j].controller, NULL);
			}
		}
	}
}

static void write_sva(struct mw *w, struct scrape *s)
{
	const struct ioasid_idxd_list *il = &s->idxd;
	const struct ioasid_uacce_list *ul = &s->uacce;

	mw_family(w, "ioasid_idxd_sva_enabled", MW_GAUGE,
		  "the idxd driver's sva module parameter (0: it never enables user PASIDs)");
	if (!il->sva_param_err && il->sva_param != IOASID_UNKNOWN)
		mw_u64(w, il->sva_param == IOASID_YES, NULL);
	dropped(&s->err[SRC_IDXD], il->sva_param_err);
	mw_family(w, "ioasid_idxd_info", MW_GAUGE,
		  "idxd device (DSA, IAA; always 1) and its PCI function");
	for (size_t i = 0; i < il->n; i++)
		mw_u64(w, 1, "device", il->v[i].name, "type", ioasid_idxd_type_name(il->v[i].type),
		       "pci", il->v[i].pci, NULL);
	mw_family(w, "ioasid_idxd_pasid_enabled", MW_GAUGE,
		  "1 if user SVA works on the idxd device (its pasid_enabled)");
	for (size_t i = 0; i < il->n; i++)
		val(w, &s->err[SRC_IDXD], &il->v[i].pasid_enabled, "device", il->v[i].name);
	mw_family(w, "ioasid_idxd_wq_clients", MW_GAUGE,
		  "open files of the work queue's character device (SVA clients of a user wq)");
	for (size_t i = 0; i < il->n; i++)
		for (size_t k = 0; k < il->v[i].nwqs; k++) {
			const struct ioasid_idxd_wq *q = &il->v[i].wqs[k];

			dropped(&s->err[SRC_IDXD], q->clients.err);
			if (!q->clients.err)
				mw_u64(w, q->clients.v, "device", il->v[i].name, "wq", q->name,
				       "type", q->type, "mode", q->mode, NULL);
		}
	mw_family(w, "ioasid_uacce_sva", MW_GAUGE,
		  "1 if the uacce accelerator shares process address spaces (flags bit 0)");
	for (size_t i = 0; i < ul->n; i++)
		dropped(&s->err[SRC_UACCE], ul->v[i].flags.err);
	for (size_t i = 0; i < ul->n; i++)
		if (!ul->v[i].flags.err)
			mw_u64(w, !!(ul->v[i].flags.v & IOASID_UACCE_DEV_SVA), "device",
			       ul->v[i].name, "parent", ul->v[i].parent, NULL);
	mw_family(w, "ioasid_uacce_available_instances", MW_GAUGE,
		  "queues the uacce accelerator can still hand out to processes");
	for (size_t i = 0; i < ul->n; i++)
		dropped(&s->err[SRC_UACCE], ul->v[i].available_instances_err);
	for (size_t i = 0; i < ul->n; i++)
		if (!ul->v[i].available_instances_err && ul->v[i].available_instances >= 0)
			mw_u64(w, (uint64_t)ul->v[i].available_instances, "device", ul->v[i].name,
			       NULL);
}
int stats_write(FILE *f, struct scrape *s, double duration)
{
	struct mw w;

	mw_init(&w, f);
	write_iommus(&w, s);
	write_devices(&w, s);
	write_prq(&w, s);
	write_ext(&w, s);
	write_cgroups(&w, s);
	write_sva(&w, s);
	mw_family(&w, "ioasid_scrape_error", MW_GAUGE,
		  "1 if the source could not be read (its metrics are missing), else 0");
	for (int k = 0; k < NSRC; k++)
		mw_u64(&w, s->err[k] != 0, "source", src_names[k], NULL);
	mw_family(&w, "ioasid_scrape_duration_seconds", MW_GAUGE,
		  "time ioasidctl stats took to read the host");
	mw_double(&w, (double)(long long)(duration * 1e6 + 0.5) / 1e6, NULL);
	/* node_exporter serves the last file it found for as long as it stays:
	 * without this the metrics of a dead timer look fresh */
	mw_family(&w, "ioasid_scrape_timestamp_seconds", MW_GAUGE,
		  "Unix time at which ioasidctl stats began reading the host (to the millisecond)");
	mw_double(&w, s->timestamp, NULL);
	return mw_finish(&w);
}
