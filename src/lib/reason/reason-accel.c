// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason chain's steps for the drivers that bind process address
 * spaces themselves, after the PCI function's own rules (reason-dev.c):
 * idxd (DSA/IAA: its sva parameter, work queues, the CAP_SYS_RAWIO portal
 * check) and amdxdna (AMD NPUs, every open binds SVA). Each step cites the
 * driver function that applies it, per release.
 */
#include <string.h>

#include "core/pathnames.h"
#include "reason/kfacts.h"
#include "reason/reason.h"

/*
 * What the idxd driver refuses per work queue (6.12 / 6.1):
 * device.c idxd_drv_enable_wq() (6.12 :1394-1399) / drv_enable_wq() (6.1
 * :1308): a shared WQ needs wq_shared_supported() = support_enqcmd (the
 * CPU's ENQCMD, init.c idxd_init_module() :929-931 / :815-818) &&
 * wq_pasid_enabled() (idxd.h :585-593); cdev.c idxd_user_drv_probe() (6.12
 * :626, 6.1 :443) refuses a user WQ without device_user_pasid_enabled()
 * ("User type WQ cannot be enabled without SVA."), which pasid_enabled
 * shows (sysfs.c pasid_enabled_show()). Kernel WQs need the system PASID
 * (device_pasid_enabled()), which sysfs does not show.
 */
static void step_idxd_wq(struct ioasid_ctx *ctx, const struct ioasid_idxd_dev *x,
			 const struct ioasid_pci_dev *d, struct ioasid_chain *c)
{
	/* every open of a user WQ with the user PASID binds the opener:
	 * idxd_cdev_open() -> iommu_sva_bind_device() (6.12 cdev.c:250, 6.1
	 * :115), so where SVA fails no user WQ opens */
	struct ioasid_answer sva = ioasid_chain_answer_for(c, IOASID_AFFECTS_SVA, NULL);
	int enq = ioasid_cpu_has_flag(ctx, "enqcmd");
	bool upasid = !x->pasid_enabled.err && x->pasid_enabled.v;
	enum ioasid_verdict v = IOASID_V_OK;
	struct ioasid_step *s;
	char ev[512] = "";
	size_t concern = 0;

	for (size_t i = 0; i < x->nwqs; i++) {
		const struct ioasid_idxd_wq *w = &x->wqs[i];
		bool shared = !strcmp(w->mode, "shared"), user = !strcmp(w->type, "user");
		const char *why = NULL;
		size_t u = strlen(ev);

		if (!shared && !user)
			continue;
		concern++;
		if (shared && enq == 0)
			why = "shared, and the CPU has no ENQCMD (wq_shared_supported())";
		else if (user && !x->pasid_enabled.err && !upasid)
			why = "user, and the device has no user PASID (idxd_user_drv_probe(): "
			      "\"User type WQ cannot be enabled without SVA\")";
		else if (shared && user && !x->pasid_enabled.err && !upasid)
			why = "shared without a PASID (wq_pasid_enabled())";
		else if (user && upasid && sva.verdict == IOASID_V_FAIL)
			why = "user, and every open binds the process (idxd_cdev_open() -> "
			      "iommu_sva_bind_device()), which fails here: see the SVA answer";
		if (why) {
			v = IOASID_V_FAIL;
			snprintf(ev + u, sizeof(ev) - u, "%s%s is %s", u ? "; " : "", w->name, why);
		} else if ((shared && enq < 0) || (user && x->pasid_enabled.err)) {
			if (v == IOASID_V_OK)
				v = IOASID_V_UNKNOWN;
			snprintf(ev + u, sizeof(ev) - u, "%s%s: %s unknown", u ? "; " : "", w->name,
				 shared && enq < 0 ? "ENQCMD" : "user PASID");
		} else {
			snprintf(ev + u, sizeof(ev) - u, "%s%s (%s %s) can be enabled",
				 u ? "; " : "", w->name, w->mode, w->type);
		}
	}
	if (!concern)
		return;
	s = chain_add(c, RULE_IDXD_WQ, d->bdf, v, "%s", ev);
	step_source(s, PATH_SYS_DSA_DEVICES "/%s, " PATH_PROC_CPUINFO, x->name);
	if (v == IOASID_V_FAIL)
		step_fix(s, "a shared WQ needs a CPU with ENQCMD and the device's PASID; a user WQ "
			    "needs user SVA (see idxd.sva): else configure the WQ dedicated, or "
			    "kernel type");
}

/*
 * INTEL-SA-01084 (kfacts.c KFACT_IDXD_RAWIO): cdev.c idxd_cdev_mmap()
 * (6.12 :412, 6.1 :235) returns -EPERM to a caller without CAP_SYS_RAWIO on
 * a device whose driver data says user_submission_safe = false, which in
 * both releases is every DSA and IAA the driver binds (init.c: 6.12 :51/:62,
 * 6.1 :51/:59), from 6.1.91 on in 6.1.y and in every 6.12.
 */
static void step_idxd_rawio(struct ioasid_ctx *ctx, const struct ioasid_idxd_dev *x,
			    const struct ioasid_pci_dev *d, struct ioasid_chain *c)
{
	const struct kfact_range *r;
	const char *from = NULL;
	unsigned rel = 0;
	enum kfact_truth t;
	struct ioasid_step *s;

	if (ioasid_kernel_stable_release(ctx, &rel, &from) < 0)
		rel = 0;
	t = kfact_holds(KFACT_IDXD_RAWIO, rel, &r);
	if (t == KFACT_YES) {
		s = chain_add(c, RULE_IDXD_RAWIO, d->bdf, IOASID_V_WARN,
			      "%s: the driver marks the device unsafe for direct user submission "
			      "(INTEL-SA-01084), so mapping a user work queue's portal needs "
			      "CAP_SYS_RAWIO: other users get EPERM from mmap()",
			      x->name);
	} else if (t == KFACT_NO) {
		s = chain_add(c, RULE_IDXD_RAWIO, d->bdf, IOASID_V_OK,
			      "release %u.%u.%u is before %u.%u.%u: user portals need no "
			      "CAP_SYS_RAWIO",
			      rel >> 16, (rel >> 8) & 0xff, rel & 0xff, r->first >> 16,
			      (r->first >> 8) & 0xff, r->first & 0xff);
	} else {
		s = chain_add(c, RULE_IDXD_RAWIO, d->bdf, IOASID_V_UNKNOWN,
			      "whether this release requires CAP_SYS_RAWIO for user portals is not "
			      "verified (6.12.y: all; 6.1.y from 6.1.91)");
	}
	if (r)
		step_ref(s, r->where);
	step_source(s, "%s", from ? from : PATH_PROC_VERSION);
}

/*
 * drivers/dma/idxd/init.c idxd_probe(): with CONFIG_INTEL_IDXD_SVM and the
 * module parameter sva (default Y), idxd_enable_sva() turns on user SVA
 * (IDXD_FLAG_USER_PASID_ENABLED, shown as pasid_enabled) or warns "Unable
 * to turn on user SVA feature."; with sva=N it warns "User forced SVA off
 * via module param.". Shared work queues need PASIDs (device.c
 * idxd_device_drv_probe(): wq_shared() requires device_pasid_enabled()).
 */
static void step_idxd(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
		      const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	struct ioasid_idxd_list l = {0};
	const struct ioasid_idxd_dev *x;
	struct ioasid_step *s;
	size_t shared = 0, user = 0, enabled = 0;
	const char *svm = NULL, *drv = NULL, *src = NULL;
	unsigned kver = reason_kver(ctx);

	if (ioasid_idxd_find_by_pci(ctx, d->bdf, &l) < 0 || !l.n) {
		ioasid_idxd_list_free(&l);
		return;
	}
	x = &l.v[0];
	for (size_t i = 0; i < x->nwqs; i++) {
		shared += !strcmp(x->wqs[i].mode, "shared");
		user += !strcmp(x->wqs[i].type, "user");
		enabled += !strcmp(x->wqs[i].state, "enabled");
	}
	s = chain_add(
		c, RULE_IDXD_SVA, d->bdf, IOASID_V_OK,
		"%s: sva parameter %s, pasid_enabled %s; %zu work queues (%zu shared, %zu user, "
		"%zu enabled)",
		x->name,
		l.sva_param == IOASID_YES  ? "Y"
		: l.sva_param == IOASID_NO ? "N"
					   : "unknown",
		x->pasid_enabled.err ? ioasid_err_short(x->pasid_enabled.err)
		: x->pasid_enabled.v ? "1"
				     : "0",
		x->nwqs, shared, user, enabled);
	step_source(s, PATH_SYS_DSA_DEVICES "/%s, " PATH_SYS_IDXD_SVA, x->name);
	if (kcfg_read(ctx, KCFG_INTEL_IDXD, &drv, &src) == 0 && drv &&
	    (!strcmp(drv, "y") || !strcmp(drv, "m")) &&
	    kcfg_read(ctx, KCFG_INTEL_IDXD_SVM, &svm, &src) == 0 && (!svm || strcmp(svm, "y"))) {
		/* init.c idxd_probe(): IS_ENABLED(CONFIG_INTEL_IDXD_SVM) && sva
		 * (6.12 :712, 6.1 :605) */
		s->verdict = IOASID_V_FAIL;
		step_more(s,
			  "the kernel is built without CONFIG_INTEL_IDXD_SVM (%s): the driver "
			  "never turns on SVA",
			  src);
		step_fix(s, "use a kernel built with CONFIG_INTEL_IDXD_SVM=y");
	} else if (l.sva_param == IOASID_NO) {
		s->verdict = IOASID_V_FAIL;
		step_more(s, "the idxd driver was told not to use SVA");
		step_fix(s, "load idxd with sva=1 (modprobe idxd sva=1, or idxd.sva=1 on the "
			    "kernel command line)");
	} else if (!x->pasid_enabled.err && !x->pasid_enabled.v) {
		const char *line = ioasid_kernel_log_find(ctx, "Unable to turn on user SVA");

		s->verdict = IOASID_V_FAIL;
		step_more(s, "the driver could not turn on user SVA%s%s%s", line ? ": \"" : "",
			  line ? line : "", line ? "\"" : "");
		step_fix(s, "fix the failing step above (IOMMU SVA support, ATS, PASID)");
	} else if (x->pasid_enabled.err) {
		s->verdict = IOASID_V_UNKNOWN;
	}
	if (shared && !x->pasid_enabled.err && !x->pasid_enabled.v)
		step_more(s, "shared work queues cannot be enabled without PASID");
	/* 6.1 init.c idxd_enable_system_pasid() (:558-571) binds a supervisor
	 * PASID through iommu_sva_bind_device(), which intel_svm_bind() (svm.c
	 * :800-805) refuses without ECAP SRS: kernel work queues then get no
	 * PASID ("No in-kernel DMA with PASID."); 6.12 attaches the DMA
	 * domain to a global PASID instead (:621-645) */
	if (kver && kver < IOASID_KVER(6, 2, 0) && u && u->type == IOASID_IOMMU_VTD &&
	    !u->ecap.err && !u->vtd.srs)
		step_more(s,
			  "%s has no supervisor requests (ecap SRS=0): 6.1 gives kernel work "
			  "queues no PASID (intel_svm_bind())",
			  u->name);
	/* idxd_probe() warns "No in-kernel DMA with PASID." when the system
	 * PASID fails (6.12 init.c:720, 6.1 :612): kernel WQs then lose
	 * their PASID; on 6.1 that bind is an iommu_sva_bind_device()
	 * (init.c:566), which the x86 switch-off refuses too */
	{
		const char *nok = ioasid_kernel_log_find(ctx, "No in-kernel DMA with PASID");

		if (nok)
			step_more(s, "kernel log: \"%s\": kernel work queues have no PASID", nok);
	}
	step_idxd_wq(ctx, x, d, c);
	step_idxd_rawio(ctx, x, d, c);
	ioasid_idxd_list_free(&l);
}

/*
 * amdxdna (drivers/accel/amdxdna, upstream from 6.14; the AMD NPUs 1022:1502
 * and 1022:17f0): amdxdna_pci_drv.c amdxdna_drm_open() binds every opener's
 * mm with iommu_sva_bind_device() and fails the open ("SVA bind device
 * failed") when it cannot, so the device is usable exactly when SVA is.
 * Before 6.14 a driver of that name is AMD's out-of-tree one, whose SVA use
 * is a module parameter (iommu_mode): not known here.
 */
static void step_amdxdna(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
			 struct ioasid_chain *c)
{
	struct ioasid_answer a = ioasid_chain_answer_for(c, IOASID_AFFECTS_SVA, NULL);
	unsigned kver = reason_kver(ctx);
	struct ioasid_step *s;

	if (kver && kver < IOASID_KVER(6, 14, 0)) {
		chain_add(c, RULE_AMDXDNA_SVA, d->bdf, IOASID_V_UNKNOWN,
			  "amdxdna on a kernel before 6.14, where the driver is not in the tree: "
			  "whether this one binds SVA on open is not known");
		return;
	}
	s = chain_add(c, RULE_AMDXDNA_SVA, d->bdf,
		      a.verdict == IOASID_V_OK	   ? IOASID_V_OK
		      : a.verdict == IOASID_V_FAIL ? IOASID_V_FAIL
						   : IOASID_V_UNKNOWN,
		      "amdxdna binds every opener with iommu_sva_bind_device(): the device opens "
		      "only where SVA works (SVA: %s)",
		      ioasid_verdict_name(a.verdict));
	if (a.verdict == IOASID_V_FAIL)
		step_more(s, "opening it fails with \"SVA bind device failed\"; see the SVA "
			     "rule above");
}

/*
 * uacce (drivers/misc/uacce/uacce.c): uacce_alloc() asks for SVA when the
 * driver passes UACCE_DEV_SVA; uacce_enable_sva() (6.12 :494-517, 6.1
 * :432-455) enables IOMMU_DEV_FEAT_IOPF, then IOMMU_DEV_FEAT_SVA, and
 * drops the flag when either fails (dev_err "failed to enable IOPF/SVA
 * feature!"); the flags attribute shows the result (bit 0). On an SMMUv3
 * the IOPF feature needs a stalling master (smmu.fault) and the SVA one
 * FEAT_SVA and a SubstreamID width (smmu.sva, smmu.ssid), so the flag set
 * proves both: the unit's smmu.ssid turns ok for this device.
 */
static void step_uacce(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
		       const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	struct ioasid_uacce_list ul = {0};
	const char *v = NULL, *src = NULL;
	struct ioasid_step *s;
	bool found = false;

	if (ioasid_uacce_list(ctx, &ul) < 0)
		return;
	for (size_t i = 0; i < ul.n; i++) {
		const struct ioasid_uacce_dev *a = &ul.v[i];
		bool sva;

		if (a->parent_err || strcmp(a->parent, d->bdf))
			continue;
		found = true;
		if (a->flags.err) {
			s = chain_add(c, RULE_UACCE_SVA, d->bdf, IOASID_V_UNKNOWN,
				      "uacce %s: flags not readable", a->name);
			step_source(s, PATH_SYS_CLASS_UACCE "/%s/flags", a->name);
			continue;
		}
		sva = a->flags.v & IOASID_UACCE_DEV_SVA;
		s = chain_add(
			c, RULE_UACCE_SVA, d->bdf, sva ? IOASID_V_OK : IOASID_V_FAIL,
			sva ? "uacce %s: flags 0x%llx has UACCE_DEV_SVA: the IOPF and SVA "
			      "features were enabled, queues bind the opener's address space"
			    : "uacce %s: flags 0x%llx without UACCE_DEV_SVA: uacce_enable_sva() "
			      "failed (see the kernel log: \"failed to enable IOPF/SVA feature\") "
			      "or the driver did not ask",
			a->name, (unsigned long long)a->flags.v);
		step_source(s, PATH_SYS_CLASS_UACCE "/%s/flags", a->name);
		if (sva && u && u->type == IOASID_IOMMU_SMMU3)
			for (size_t k = 0; k < c->n; k++)
				if (!strcmp(c->v[k].rule, reason_rules[RULE_SMMU_SSID].id) &&
				    !strcmp(c->v[k].subject, u->name)) {
					c->v[k].verdict = IOASID_V_OK;
					step_more(
						&c->v[k],
						"%s's uacce SVA flag proves a SubstreamID width on "
						"this unit (arm_smmu_master_sva_supported())",
						d->bdf);
				}
	}
	ioasid_uacce_list_free(&ul);
	if (found || (strcmp(d->driver, "hisi_zip") && strcmp(d->driver, "hisi_sec2") &&
		      strcmp(d->driver, "hisi_hpre")))
		return;
	/* a HiSilicon accelerator (drivers/crypto/hisilicon: the uacce users)
	 * without its uacce device: qm.c qm_alloc_uacce() (6.12 :2583) gets
	 * ERR_PTR(-ENODEV) from the uacce_alloc() stub without CONFIG_UACCE
	 * (include/linux/uacce.h :146), and is called only with the driver's
	 * uacce_mode=1 (zip_main.c :396, default 0) */
	if (kcfg_read(ctx, KCFG_UACCE, &v, &src) >= 0 && (!v || !strcmp(v, "n"))) {
		s = chain_add(c, RULE_UACCE_SVA, d->bdf, IOASID_V_FAIL,
			      "driver %s has no uacce device: CONFIG_UACCE is not set", d->driver);
		step_fix(s, "use a kernel built with CONFIG_UACCE (y or m)");
		step_source(s, "%s", src ? src : "kernel config");
	} else {
		s = chain_add(c, RULE_UACCE_SVA, d->bdf, IOASID_V_NA,
			      "driver %s registered no uacce device: it does so only when loaded "
			      "with uacce_mode=1 (the default 0 registers to the crypto API only)",
			      d->driver);
		step_source(s, PATH_SYS_CLASS_UACCE);
	}
}

void reason_accel_steps(struct ioasid_ctx *ctx, const struct ioasid_pci_dev *d,
			const struct ioasid_iommu *u, struct ioasid_chain *c)
{
	step_uacce(ctx, d, u, c);
	if (!strcmp(d->driver, "idxd"))
		step_idxd(ctx, d, u, c);
	else if (!strcmp(d->driver, "amdxdna"))
		step_amdxdna(ctx, d, c);
}
