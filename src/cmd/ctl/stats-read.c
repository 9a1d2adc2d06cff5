// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl stats, reading: every source through the library's readers, on
 * any kind of host. A source that cannot be read gets its errno in
 * s->err[] (ioasid_scrape_error); one that does not exist on this host (no
 * IOASID extension, no cgroup2, no idxd) is not an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/stats.h"

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
	/* a file there but unreadable or malformed (EINVAL: lines dropped)
	 * is the source's error; ENOENT is a file this kernel lacks */
	for (size_t i = 0; i < s->cg.n; i++)
		for (int f = 0; f < IOASID_MISC_NFILES; f++)
			if (s->cg.v[i].file_err[f] && s->cg.v[i].file_err[f] != ENOENT)
				s->err[SRC_CGROUP] = s->cg.v[i].file_err[f];
	free(m);
}

void stats_read(struct cli *c, struct scrape *s)
{
	struct timespec now;
	int rc;

	/* wall-clock time, whatever the host: staleness is judged against the
	 * monitoring server's clock (ioasid_scrape_timestamp_seconds) */
	clock_gettime(CLOCK_REALTIME, &now);
	s->timestamp = (double)now.tv_sec + (double)(now.tv_nsec / 1000000) / 1e3;

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

void stats_free(struct scrape *s)
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
