// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl status: one answer per host. Which IOMMUs, in which mode, how
 * wide the PASID space the kernel offers, and which devices use PASIDs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "print/chain-print.h"
#include "print/iommu-cols.h"

struct summary {
	size_t units, pasid_units;
	uint64_t max_pasids; /* min over units the kernel uses PASIDs on */
	bool max_known;
	size_t pasid_cap, pasid_en, ats_en, pri_en, nperm;
	int pci_rc;
};

static void summarize(const struct ioasid_iommu_list *il, const struct ioasid_pci_list *pl,
		      struct summary *s)
{
	s->units = il->n;
	s->max_known = true; /* no unit: the kernel offers no PASIDs */
	for (size_t i = 0; i < il->n; i++) {
		const struct ioasid_iommu *u = &il->v[i];

		if (u->max_pasids.err) {
			s->max_known = false;
			continue;
		}
		if (u->max_pasids.v) {
			s->pasid_units++;
			/* intel iommu.c init_dmars() keeps the smallest unit's
			 * space as the system's intel_pasid_max_id */
			if (!s->max_pasids || u->max_pasids.v < s->max_pasids)
				s->max_pasids = u->max_pasids.v;
		}
	}
	for (size_t i = 0; i < pl->n; i++) {
		const struct ioasid_pci_dev *d = &pl->v[i];

		if (d->err || d->ext_err) {
			s->nperm++;
			continue;
		}
		s->pasid_cap += d->pasid.present;
		s->pasid_en += d->pasid.enabled;
		s->ats_en += d->ats.enabled;
		s->pri_en += d->pri.enabled;
	}
}

static const char *mode_name(enum ioasid_tristate sm)
{
	return sm == IOASID_YES ? "scalable" : sm == IOASID_NO ? "legacy" : NULL;
}

static bool has_vtd(const struct ioasid_iommu_list *il)
{
	for (size_t i = 0; i < il->n; i++)
		if (il->v[i].type == IOASID_IOMMU_VTD)
			return true;
	return false;
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* --pci-dump without --sysroot: config bytes with no host. The machine
 * running the command is not theirs, so nothing of it is shown (as the
 * chain's host steps say, reason-host.c). */
static bool no_host(const struct cli *c)
{
	return !c->sim && ioasid_ctx_pci_dump(c->ctx) && ioasid_ctx_is_live(c->ctx);
}

/* Which kind of host is shown (DESIGN.md 3): the live one, a snapshot
 * (--sysroot: a capture or dump), an emulated host (--sim), or none
 * (--pci-dump alone). */
static const char *host_kind(const struct cli *c)
{
	if (c->sim)
		return "emulated";
	if (no_host(c))
		return "none";
	return ioasid_ctx_is_live(c->ctx) ? "live" : "snapshot";
}

static const char *host_root(const struct cli *c)
{
	if (c->sim)
		return c->sim;
	if (no_host(c))
		return ioasid_ctx_pci_dump(c->ctx);
	if (ioasid_ctx_is_live(c->ctx))
		return "/";
	return c->sysroot ? c->sysroot : "?";
}

static int status_json(struct cli *c, const struct ioasid_iommu_list *il,
		       const struct ioasid_pci_list *pl, const struct summary *s,
		       const struct ioasid_chain *ch)
{
	json_object *doc = pr_json_doc(), *h = json_object_new_object(), *devs;
	struct pr_opts o = c->pr;
	struct printer *p;
	const char *rel = NULL;
	int rc;

	if (!no_host(c))
		ioasid_kernel_release(c->ctx, &rel);
	json_object_object_add(h, "kind", json_object_new_string(host_kind(c)));
	json_object_object_add(h, "root", json_object_new_string(host_root(c)));
	/* with no host its kernel and units are unknown (null), and why */
	json_object_object_add(h, "no_host",
			       no_host(c) ? json_object_new_string(IOASID_NO_HOST) : NULL);
	json_object_object_add(h, "kernel", jstr(rel));
	json_object_object_add(h, "iommu_units",
			       no_host(c) ? NULL : json_object_new_uint64(s->units));
	json_object_object_add(h, "pasid_units",
			       no_host(c) ? NULL : json_object_new_uint64(s->pasid_units));
	if (has_vtd(il)) {
		json_object_object_add(h, "vtd_mode", jstr(mode_name(il->vtd_mode.sm)));
		json_object_object_add(h, "vtd_mode_rule", jstr(il->vtd_mode.rule));
		json_object_object_add(h, "vtd_mode_evidence", jstr(il->vtd_mode.evidence));
	} else {
		json_object_object_add(h, "vtd_mode", NULL);
		json_object_object_add(h, "vtd_mode_rule", NULL);
		json_object_object_add(h, "vtd_mode_evidence", NULL);
	}
	json_object_object_add(h, "max_pasids",
			       s->max_known && !no_host(c) ? json_object_new_uint64(s->max_pasids)
							   : NULL);
	if (s->pci_rc) {
		json_object_object_add(h, "pci_error",
				       json_object_new_string(strerror(-s->pci_rc)));
	} else {
		json_object_object_add(h, "pci_error", NULL);
	}
	json_object_object_add(h, "devices_pasid_capable", json_object_new_uint64(s->pasid_cap));
	json_object_object_add(h, "devices_pasid_enabled", json_object_new_uint64(s->pasid_en));
	json_object_object_add(h, "devices_ats_enabled", json_object_new_uint64(s->ats_en));
	json_object_object_add(h, "devices_pri_enabled", json_object_new_uint64(s->pri_en));
	json_object_object_add(h, "devices_unreadable", json_object_new_uint64(s->nperm));
	json_object_object_add(h, "answers", chain_json_answers(ch));
	json_object_object_add(doc, "host", h);
	json_object_object_add(doc, "chain", chain_json_steps(ch));

	o.columns = NULL;
	p = pr_new(&o, "iommus", iommu_cols, IOMMU_NCOLS);
	if (!p) {
		json_object_put(doc);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < il->n; i++)
		iommu_row(p, &il->v[i], &il->vtd_mode);
	json_object_object_add(doc, "iommus", pr_take_json(p));
	pr_free(p);

	devs = json_object_new_array();
	for (size_t i = 0; i < pl->n; i++) {
		const struct ioasid_pci_dev *d = &pl->v[i];
		json_object *o2;

		if (d->err || d->ext_err || !d->pasid.present)
			continue;
		o2 = json_object_new_object();
		json_object_object_add(o2, "device", json_object_new_string(d->bdf));
		json_object_object_add(o2, "driver", jstr(d->driver[0] ? d->driver : NULL));
		json_object_object_add(o2, "iommu", jstr(d->iommu[0] ? d->iommu : NULL));
		json_object_object_add(o2, "pasid_enabled",
				       json_object_new_boolean(d->pasid.enabled));
		json_object_object_add(o2, "max_pasids",
				       d->max_pasids.err ? NULL
							 : json_object_new_uint64(d->max_pasids.v));
		json_object_array_add(devs, o2);
	}
	json_object_object_add(doc, "pasid_devices", devs);
	rc = pr_json_emit(doc) < 0 ? EXIT_FAIL : EXIT_OK;
	json_object_put(doc);
	return rc;
}

/* One SMMUv3 unit: what the kernel's boot line said of it (stock/smmu3.c);
 * why SVA is or is not there is the SVA answer's line. */
static void status_smmu3_line(const struct ioasid_iommu *u)
{
	const struct ioasid_smmu3 *m = &u->smmu3;

	printf("SMMUv3:          %s", pr_masked(u->name));
	if (m->line_err) {
		printf(": no boot line in the kernel log (feature word unknown)");
	} else {
		printf(": features 0x%08x", m->line.features);
		if (m->table)
			printf(" (%s table), ias %u, oas %u, SVA bit %s", m->table, m->line.ias,
			       m->line.oas, m->sva == IOASID_YES ? "set" : "clear");
		else
			printf(" (release not verified: undecoded), ias %u, oas %u", m->line.ias,
			       m->line.oas);
	}
	if (m->firmware)
		printf("; firmware %s", m->firmware);
	printf("\n");
}

/* The host part of the text: its release, IOMMU units, VT-d mode, PASID
 * space. */
static void status_host_text(struct cli *c, const struct ioasid_iommu_list *il,
			     const struct summary *s)
{
	const char *rel = NULL;

	ioasid_kernel_release(c->ctx, &rel);
	if (ioasid_ctx_is_live(c->ctx))
		printf("Host:            live\n");
	else
		printf("Host:            %s %s\n", host_kind(c), pr_masked(host_root(c)));
	/* names, the release and the evidence come from the host: masked
	 * (print/text.h) so that a hostile one stays on its line */
	printf("Kernel:          %s\n", rel ? pr_masked(rel) : "unknown");
	if (!il->n) {
		printf("IOMMU:           no IOMMU (no units in /sys/class/iommu): "
		       "devices cannot use PASIDs\n");
	} else {
		printf("IOMMU:           %zu unit%s:", il->n, il->n == 1 ? "" : "s");
		for (size_t i = 0; i < il->n; i++)
			printf(" %s (%s)", pr_masked(il->v[i].name),
			       ioasid_iommu_type_name(il->v[i].type));
		printf("\n");
	}
	if (has_vtd(il)) {
		const char *m = mode_name(il->vtd_mode.sm);

		printf("VT-d mode:       %s", m ? m : "unknown");
		if (il->vtd_mode.evidence[0])
			printf(" (%s: %s)", il->vtd_mode.rule, pr_masked(il->vtd_mode.evidence));
		printf("\n");
	}
	for (size_t i = 0; i < il->n; i++)
		if (il->v[i].type == IOASID_IOMMU_SMMU3)
			status_smmu3_line(&il->v[i]);
	if (il->n) {
		if (!s->max_known)
			printf("PASID space:     unknown for this kernel\n");
		else if (s->max_pasids)
			printf("PASID space:     %llu PASIDs on %zu of %zu units\n",
			       (unsigned long long)s->max_pasids, s->pasid_units, s->units);
		else
			printf("PASID space:     none: the kernel uses no PASIDs on any unit\n");
	}
}

static void status_text(struct cli *c, const struct ioasid_iommu_list *il,
			const struct ioasid_pci_list *pl, const struct summary *s,
			const struct ioasid_chain *ch, bool verbose)
{
	if (no_host(c)) {
		printf("Host:            none: %s (%s)\n", IOASID_NO_HOST, pr_masked(host_root(c)));
		printf("Kernel:          unknown: %s\n", IOASID_NO_HOST);
		printf("IOMMU:           unknown: %s\n", IOASID_NO_HOST);
	} else {
		status_host_text(c, il, s);
	}
	if (s->pci_rc)
		printf("PCI devices:     unreadable (%s)\n", strerror(-s->pci_rc));
	else
		printf("PCI devices:     %zu with PASID capability, %zu PASID enabled, %zu ATS "
		       "enabled, %zu PRI enabled%s\n",
		       s->pasid_cap, s->pasid_en, s->ats_en, s->pri_en,
		       s->nperm ? " (some not readable: run as root)" : "");
	for (size_t i = 0; i < pl->n; i++) {
		const struct ioasid_pci_dev *d = &pl->v[i];

		if (d->err || d->ext_err || !d->pasid.present)
			continue;
		printf("  %s  %-10s %-8s PASID %s", d->bdf,
		       d->driver[0] ? pr_masked(d->driver) : "-",
		       d->iommu[0] ? pr_masked(d->iommu) : "-",
		       d->pasid.enabled ? "enabled " : "disabled");
		if (!d->max_pasids.err)
			printf("  max %llu", (unsigned long long)d->max_pasids.v);
		printf("\n");
	}
	printf("\n");
	chain_print_answers(ch);
	printf("Why (ioasidctl device why DEVICE for one device):\n");
	chain_print_steps(ch, verbose);
}

int cmd_status(struct cli *c, int argc, const char **argv)
{
	struct ioasid_iommu_list il = {0};
	struct ioasid_pci_list pl = {0};
	struct summary s = {0};
	struct ioasid_chain ch = {0};
	int verbose = 0;
	struct poptOption opts[] = {
		{"verbose", 'v', POPT_ARG_NONE, &verbose, 0,
		 "show where each step read its evidence and the kernel function behind it", NULL},
		POPT_TABLEEND};
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, NULL, &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_no_args(c, args);
	if (rc != EXIT_OK)
		goto out;
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	/* without a host the running machine's units are not the dump's */
	rc = no_host(c) ? 0 : ioasid_iommu_list(c->ctx, &il);
	if (rc < 0) {
		rc = cli_lib_error(c, rc, "/sys/class/iommu");
		goto out;
	}
	s.pci_rc = ioasid_pci_list(c->ctx, &il, &pl);
	summarize(&il, &pl, &s);
	ioasid_host_chain(c->ctx, &il, &ch);
	if (c->pr.format == PR_JSON)
		rc = status_json(c, &il, &pl, &s, &ch);
	else {
		status_text(c, &il, &pl, &s, &ch, verbose);
		rc = EXIT_OK;
	}
	for (size_t i = 0; i < pl.n; i++)
		if (pl.v[i].ext_err == EACCES || pl.v[i].ext_err == EPERM)
			cli_note_perm(c, true);
	cli_note_perm(c, false);
out:
	ioasid_chain_free(&ch);
	ioasid_pci_list_free(&pl);
	ioasid_iommu_list_free(&il);
	cli_parse_free(pc, opts);
	return rc;
}
