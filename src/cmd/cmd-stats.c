// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl stats [-o FILE]: the host's IOASID state as Prometheus metrics
 * (text format 0.0.4) for node_exporter's textfile collector. Everything
 * comes from the library's readers, on any kind of host; a source that
 * cannot be read is reported by ioasid_scrape_error{source=...} 1 and its
 * metrics are left out (never a made-up 0). Labels name IOMMU units,
 * devices, sets and cgroups, never single IOASIDs: a host may hold a
 * million of those, and a series each would swamp any Prometheus.
 *
 * With -o FILE the text goes to a temporary file beside FILE, is synced,
 * and renamed over FILE: the collector never reads half a file.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "metrics.h"

/* The sources, in the order of ioasid_scrape_error's series. */
enum {
	SRC_IOMMU,
	SRC_PCI,
	SRC_PCI_CONFIG,
	SRC_REASON,
	SRC_INTERRUPTS,
	SRC_KERNEL_LOG,
	SRC_EXTENSION,
	SRC_SETS,
	SRC_IOASID_DUMP,
	SRC_BINDING_DUMP,
	SRC_CGROUP,
	SRC_IDXD,
	SRC_UACCE,
	NSRC
};
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

#define NSTATES 3 /* IOASID_ATTR_STATE: idle, active, free_pending */

struct set_counts {
	uint32_t set;
	uint64_t state[NSTATES + 1]; /* [NSTATES]: a state this version does not know */
	uint64_t spids;
};

struct scrape {
	int err[NSRC]; /* errno per source, 0 when read */
	struct ioasid_iommu_list il;
	struct ioasid_pci_list pl;
	struct ioasid_chain ch;
	struct ioasid_prq_stats prq;
	bool ext; /* the host has the extension */
	struct ioasid_ext_info info;
	struct ioasid_ext_set_list sets;
	struct set_counts *counts; /* ascending set id */
	size_t ncounts;
	bool counts_ok, spids_ok;
	struct ioasid_misc_list cg;
	struct ioasid_idxd_list idxd;
	struct ioasid_uacce_list uacce;
};

static bool is_perm(int e)
{
	return e == EACCES || e == EPERM;
}

/* ---- reading ---- */

/* The counts of set id, added in order when the dump names a set the
 * sysfs list did not have (it changed in between). */
static struct set_counts *counts_of(struct scrape *s, uint32_t id)
{
	size_t lo = 0, hi = s->ncounts;
	struct set_counts *nv;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->counts[mid].set == id)
			return &s->counts[mid];
		if (s->counts[mid].set < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	nv = realloc(s->counts, (s->ncounts + 1) * sizeof(*nv));
	if (!nv)
		return NULL;
	s->counts = nv;
	memmove(&nv[lo + 1], &nv[lo], (s->ncounts - lo) * sizeof(*nv));
	memset(&nv[lo], 0, sizeof(*nv));
	nv[lo].set = id;
	s->ncounts++;
	return &nv[lo];
}

static int count_ioasid(const struct ioasid_ext_rec *r, void *arg)
{
	struct set_counts *c = counts_of(arg, r->set);

	if (!c)
		return -ENOMEM;
	c->state[r->has_state && r->state < NSTATES ? r->state : NSTATES]++;
	return 0;
}

static int count_binding(const struct ioasid_ext_rec *r, void *arg)
{
	struct set_counts *c = counts_of(arg, r->set);

	if (!c)
		return -ENOMEM;
	c->spids++;
	return 0;
}

static void read_ext(struct cli *c, struct scrape *s)
{
	int rc = ioasid_ext_supported(c->ctx);

	if (rc == -EOPNOTSUPP)
		return; /* a stock kernel: ioasid_extension_present 0, no error */
	if (rc < 0) {
		s->err[SRC_EXTENSION] = -rc;
		return;
	}
	s->ext = true;
	ioasid_ext_info_read(c->ctx, &s->info);
	rc = ioasid_ext_set_list(c->ctx, &s->sets);
	if (rc < 0)
		s->err[SRC_SETS] = -rc;
	for (size_t i = 0; i < s->sets.n; i++)
		if (!counts_of(s, s->sets.v[i].id))
			break;
	rc = ioasid_ext_ioasid_dump(c->ctx, NULL, count_ioasid, s, NULL);
	if (rc < 0)
		s->err[SRC_IOASID_DUMP] = -rc;
	s->counts_ok = rc >= 0;
	rc = ioasid_ext_binding_dump(c->ctx, NULL, count_binding, s, NULL);
	if (rc < 0)
		s->err[SRC_BINDING_DUMP] = -rc;
	s->spids_ok = rc >= 0;
}

static void read_cgroups(struct cli *c, struct scrape *s)
{
	struct ioasid_cgroup_mount *m = malloc(sizeof(*m));
	int rc;

	if (!m) {
		s->err[SRC_CGROUP] = ENOMEM;
		return;
	}
	rc = ioasid_cgroup_mount_find(c->ctx, m);
	/* no cgroup2 (or a v1 hierarchy) and no controller with IOASID
	 * limits: nothing to report, which is not a failure */
	if (rc == 0)
		rc = ioasid_misc_list(c->ctx, m, &s->cg);
	if (rc < 0 && rc != -EOPNOTSUPP)
		s->err[SRC_CGROUP] = -rc;
	for (size_t i = 0; i < s->cg.n; i++)
		for (int f = 0; f < IOASID_MISC_NFILES; f++)
			if (is_perm(s->cg.v[i].file_err[f]))
				s->err[SRC_CGROUP] = s->cg.v[i].file_err[f];
	free(m);
}

static void read_all(struct cli *c, struct scrape *s)
{
	int rc;

	rc = ioasid_iommu_list(c->ctx, &s->il);
	if (rc < 0)
		s->err[SRC_IOMMU] = -rc;
	rc = ioasid_pci_list(c->ctx, &s->il, &s->pl);
	if (rc < 0)
		s->err[SRC_PCI] = -rc;
	for (size_t i = 0; i < s->pl.n; i++) {
		const struct ioasid_pci_dev *d = &s->pl.v[i];
		int e = d->err ? d->err : d->ext_err;

		if (e)
			s->err[SRC_PCI_CONFIG] = e;
	}
	rc = ioasid_host_chain(c->ctx, &s->il, &s->ch);
	if (rc < 0)
		s->err[SRC_REASON] = -rc;
	rc = ioasid_prq_stats(c->ctx, &s->prq);
	if (rc < 0)
		s->err[SRC_INTERRUPTS] = -rc;
	for (size_t i = 0; i < s->prq.n; i++) {
		const struct ioasid_prq_unit *u = &s->prq.v[i];
		int e = u->overflows.err;

		/* ENOENT / EOPNOTSUPP: this kernel logs no overflow for the
		 * unit; anything else means the log was there but unreadable */
		if (e && e != ENOENT && e != EOPNOTSUPP)
			s->err[SRC_KERNEL_LOG] = e;
		if (u->has_irq && u->irq.source == IOASID_IRQ_SOURCE_NONE)
			s->err[SRC_INTERRUPTS] = EIO;
	}
	read_ext(c, s);
	read_cgroups(c, s);
	rc = ioasid_idxd_list(c->ctx, &s->idxd);
	if (rc < 0)
		s->err[SRC_IDXD] = -rc;
	rc = ioasid_uacce_list(c->ctx, &s->uacce);
	if (rc < 0)
		s->err[SRC_UACCE] = -rc;
}

static void scrape_free(struct scrape *s)
{
	ioasid_iommu_list_free(&s->il);
	ioasid_pci_list_free(&s->pl);
	ioasid_chain_free(&s->ch);
	ioasid_prq_stats_free(&s->prq);
	ioasid_ext_set_list_free(&s->sets);
	free(s->counts);
	ioasid_misc_list_free(&s->cg);
	ioasid_idxd_list_free(&s->idxd);
	ioasid_uacce_list_free(&s->uacce);
}

/* ---- writing ---- */

static const char *u64s(char *buf, uint64_t v)
{
	snprintf(buf, 24, "%llu", (unsigned long long)v);
	return buf;
}

static void val(struct mw *w, const struct ioasid_val *v, const char *k, const char *lv)
{
	if (!v->err)
		mw_u64(w, v->v, k, lv, NULL);
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

/* The answer of the host chain for one unit: its own steps and the
 * host-wide ones; the first "fail" decides no, else the first "unknown"
 * (ioasid-reason.h, as the chain answers for the whole host). */
static enum ioasid_verdict unit_answer(const struct ioasid_chain *ch, unsigned what,
				       const char *unit)
{
	enum ioasid_verdict a = IOASID_V_OK;

	for (size_t i = 0; i < ch->n; i++) {
		const struct ioasid_step *st = &ch->v[i];

		if (!(st->affects & what) ||
		    (strcmp(st->subject, "host") && strcmp(st->subject, unit)))
			continue;
		if (st->verdict == IOASID_V_FAIL)
			return IOASID_V_FAIL;
		if (st->verdict == IOASID_V_UNKNOWN)
			a = IOASID_V_UNKNOWN;
	}
	return a;
}

static void write_iommus(struct mw *w, const struct scrape *s)
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
		val(w, &il->v[i].max_pasids, "iommu", il->v[i].name);
	mw_family(w, "ioasid_iommu_pasid_enabled", MW_GAUGE,
		  "1 if the kernel uses PASIDs on the unit");
	for (size_t i = 0; i < il->n; i++)
		tri(w, il->v[i].pasid, "iommu", il->v[i].name);
	mw_family(w, "ioasid_iommu_page_requests_supported", MW_GAUGE,
		  "1 if the unit supports page requests (VT-d PRS, AMD PPR)");
	for (size_t i = 0; i < il->n; i++)
		tri(w, il->v[i].prs, "iommu", il->v[i].name);
	if (!s->err[SRC_REASON]) {
		mw_family(w, "ioasid_iommu_answer", MW_GAUGE,
			  "can devices behind the unit use PASIDs, SVA, page requests (question): "
			  "1 on the series of the reason chain's answer (yes, no, unknown)");
		for (size_t i = 0; i < il->n; i++)
			for (int q = 0; q < 3; q++)
				answer_set(w, questions[q],
					   unit_answer(&s->ch, question_bits[q], il->v[i].name),
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

static void write_devices(struct mw *w, const struct scrape *s)
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
			val(w, &pl->v[i].max_pasids, "device", pl->v[i].bdf);
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

static void write_prq(struct mw *w, const struct scrape *s)
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
			val(w, &p->v[i].fault_interrupts, "iommu", p->v[i].iommu);
	mw_family(w, "ioasid_iommu_prq_overflow_messages", MW_GAUGE,
		  "page request queue overflow messages of the unit in the kernel log buffer "
		  "(a gauge: old messages leave the buffer)");
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].iommu[0])
			val(w, &p->v[i].overflows, "iommu", p->v[i].iommu);
	mw_family(w, "ioasid_iommu_prq_pending", MW_GAUGE,
		  "page requests waiting in the unit's queue (VT-d debugfs)");
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].iommu[0])
			val(w, &p->v[i].pending, "iommu", p->v[i].iommu);
}

static void write_ext(struct mw *w, const struct scrape *s)
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
	val(w, &s->info.total, NULL, NULL);
	mw_family(w, "ioasid_capacity_available", MW_GAUGE,
		  "IOASIDs neither in a set's quota nor reserved");
	val(w, &s->info.available, NULL, NULL);
	mw_family(w, "ioasid_capacity_reserved", MW_GAUGE, "IOASIDs reserved by the admin");
	val(w, &s->info.reserved, NULL, NULL);

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
		val(w, &s->sets.v[i].quota, "set", u64s(set, s->sets.v[i].id));
	mw_family(w, "ioasid_set_allocated", MW_GAUGE, "IOASIDs the set holds");
	for (size_t i = 0; i < s->sets.n; i++)
		val(w, &s->sets.v[i].allocated, "set", u64s(set, s->sets.v[i].id));
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

static void write_cgroups(struct mw *w, const struct scrape *s)
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

static void write_sva(struct mw *w, const struct scrape *s)
{
	const struct ioasid_idxd_list *il = &s->idxd;
	const struct ioasid_uacce_list *ul = &s->uacce;

	mw_family(w, "ioasid_idxd_sva_enabled", MW_GAUGE,
		  "the idxd driver's sva module parameter (0: it never enables user PASIDs)");
	if (!il->sva_param_err && il->sva_param != IOASID_UNKNOWN)
		mw_u64(w, il->sva_param == IOASID_YES, NULL);
	mw_family(w, "ioasid_idxd_info", MW_GAUGE,
		  "idxd device (DSA, IAA; always 1) and its PCI function");
	for (size_t i = 0; i < il->n; i++)
		mw_u64(w, 1, "device", il->v[i].name, "type", ioasid_idxd_type_name(il->v[i].type),
		       "pci", il->v[i].pci, NULL);
	mw_family(w, "ioasid_idxd_pasid_enabled", MW_GAUGE,
		  "1 if user SVA works on the idxd device (its pasid_enabled)");
	for (size_t i = 0; i < il->n; i++)
		val(w, &il->v[i].pasid_enabled, "device", il->v[i].name);
	mw_family(w, "ioasid_idxd_wq_clients", MW_GAUGE,
		  "open files of the work queue's character device (SVA clients of a user wq)");
	for (size_t i = 0; i < il->n; i++)
		for (size_t k = 0; k < il->v[i].nwqs; k++) {
			const struct ioasid_idxd_wq *q = &il->v[i].wqs[k];

			if (!q->clients.err)
				mw_u64(w, q->clients.v, "device", il->v[i].name, "wq", q->name,
				       "type", q->type, "mode", q->mode, NULL);
		}
	mw_family(w, "ioasid_uacce_sva", MW_GAUGE,
		  "1 if the uacce accelerator shares process address spaces (flags bit 0)");
	for (size_t i = 0; i < ul->n; i++)
		if (!ul->v[i].flags.err)
			mw_u64(w, !!(ul->v[i].flags.v & IOASID_UACCE_DEV_SVA), "device",
			       ul->v[i].name, "parent", ul->v[i].parent, NULL);
	mw_family(w, "ioasid_uacce_available_instances", MW_GAUGE,
		  "queues the uacce accelerator can still hand out to processes");
	for (size_t i = 0; i < ul->n; i++)
		if (!ul->v[i].available_instances_err && ul->v[i].available_instances >= 0)
			mw_u64(w, (uint64_t)ul->v[i].available_instances, "device", ul->v[i].name,
			       NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(FILE *f, const struct scrape *s, double t0)
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
	mw_double(&w, (double)(long long)((now() - t0) * 1e6 + 0.5) / 1e6, NULL);
	return mw_finish(&w);
}

/* ---- the file ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static int exit_for(int e)
{
	return is_perm(e) || e == EROFS ? EXIT_PERM : EXIT_FAIL;
}

/* Write to a temporary file beside path (same filesystem: rename is
 * atomic), mode 0644 as the collector's files usually are, sync, rename.
 * On any failure nothing is left behind. */
static int write_file(struct cli *c, const char *path, const struct scrape *s, double t0)
{
	char tmp[PATH_MAX];
	const char *slash = strrchr(path, '/');
	FILE *f;
	int fd, e;

	if (slash)
		snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		snprintf(tmp, sizeof(tmp), ".%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		return cli_error(c, exit_for(e), e, path, "cannot create: %s", strerror(e));
	}
	if (fchmod(fd, 0644) < 0 || !(f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		goto fail;
	}
	e = write_all(f, s, t0);
	if (!e && fsync(fileno(f)) < 0)
		e = errno;
	if (fclose(f) == EOF && !e)
		e = errno;
	if (e)
		goto fail;
	if (rename(tmp, path) < 0) {
		e = errno;
		goto fail;
	}
	return EXIT_OK;
fail:
	unlink(tmp);
	if (e == EINVAL)
		return cli_error(c, EXIT_FAIL, e, path, "invalid metric or label name (a bug)");
	return cli_error(c, exit_for(e), e, path, "cannot write: %s", strerror(e));
}

int cmd_stats(struct cli *c, int argc, const char **argv)
{
	static char *opt_out;
	static const struct poptOption opts[] = {
		{"output", 'o', POPT_ARG_STRING, &opt_out, 0,
		 "write to FILE atomically (for node_exporter's textfile collector: a .prom "
		 "file in its --collector.textfile.directory)",
		 "FILE"},
		POPT_TABLEEND};
	struct scrape s = {0};
	const char **args;
	poptContext pc;
	double t0 = now();
	int rc, nerr = 0;

	rc = cli_parse_plain(c, argc, argv, opts, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (args && args[0]) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, args[0], "unexpected argument");
		goto out;
	}
	if (opt_out && !*opt_out) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "stats", "--output needs a file name");
		goto out;
	}
	if (opt_out && !ends_with(opt_out, ".prom"))
		fprintf(stderr,
			"ioasidctl: warning: %s: node_exporter's textfile collector reads only "
			"files ending in .prom\n",
			opt_out);
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	read_all(c, &s);
	if (opt_out) {
		rc = write_file(c, opt_out, &s, t0);
	} else {
		int e = write_all(stdout, &s, t0);

		rc = e ? cli_error(c, exit_for(e), e, "stdout", "cannot write: %s", strerror(e))
		       : EXIT_OK;
	}
	for (int k = 0; k < NSRC; k++)
		nerr += s.err[k] != 0;
	if (rc == EXIT_OK && nerr) {
		bool perm = false;

		for (int k = 0; k < NSRC; k++)
			perm |= is_perm(s.err[k]);
		fprintf(stderr,
			"ioasidctl: note: %d source%s could not be read%s; see "
			"ioasid_scrape_error\n",
			nerr, nerr == 1 ? "" : "s", perm ? " (some need root)" : "");
	}
out:
	scrape_free(&s);
	poptFreeContext(pc);
	return rc;
}
