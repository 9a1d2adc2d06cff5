// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * PCI functions through libpci: sysfs under the context root
 * (<root>/sys/bus/pci, libpci's "sysfs.path") or an lspci dump file
 * (libpci's dump method). The capabilities are decoded from the raw bytes
 * by ioasid_pci_decode_caps() (pci-caps.c); the sysfs links (driver, iommu,
 * iommu_group, physfn) are read through the path layer.
 *
 * libpci reports fatal errors through pacc->error, which it declares
 * noreturn and which by default exits the process. We replace it with one
 * that siglongjmp()s back to the libpci call in progress: every libpci call
 * that can fail runs inside a guard below, so a broken device becomes an
 * error on that device (or, for init/scan, on the list) and never an exit.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include <pci/pci.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "core/record.h"

#define CFG_STD 64	  /* what sysfs gives a reader without CAP_SYS_ADMIN */
#define CFG_SIZE 256	  /* PCI_CFG_SPACE_SIZE */
#define CFG_EXP_SIZE 4096 /* PCI_CFG_SPACE_EXP_SIZE */

struct reader {
	sigjmp_buf jb;
	char msg[128]; /* the last libpci error or warning */
	bool armed;
};

/* The reader of the libpci call in progress on this thread. */
static __thread struct reader *cur;

static void __attribute__((noreturn, format(printf, 1, 2))) lib_error(char *fmt, ...)
{
	struct reader *r = cur;
	va_list ap;

	if (!r || !r->armed)
		abort(); /* a libpci call outside a guard: a bug here */
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	r->armed = false;
	siglongjmp(r->jb, 1);
}

static void __attribute__((format(printf, 1, 2))) lib_warning(char *fmt, ...)
{
	struct reader *r = cur;
	va_list ap;

	if (!r)
		return;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 1, 2))) lib_debug(char *fmt, ...)
{
	(void)fmt;
}

/*
 * The guards. Each wraps exactly one libpci call in its own function, so
 * no local of the caller is live across the siglongjmp. They return < 0
 * when libpci called error (r->msg says why).
 */
#define GUARD(r)                                                                                   \
	do {                                                                                       \
		if (sigsetjmp((r)->jb, 0))                                                         \
			return -1;                                                                 \
		(r)->armed = true;                                                                 \
		(r)->msg[0] = '\0';                                                                \
	} while (0)

static int g_init(struct reader *r, struct pci_access *a)
{
	GUARD(r);
	pci_init(a);
	r->armed = false;
	return 0;
}

static int g_scan(struct reader *r, struct pci_access *a)
{
	GUARD(r);
	pci_scan_bus(a);
	r->armed = false;
	return 0;
}

static int g_get_dev(struct reader *r, struct pci_access *a, unsigned dom, unsigned bus,
		     unsigned dev, unsigned fn, struct pci_dev **out)
{
	GUARD(r);
	*out = pci_get_dev(a, (int)dom, (int)bus, (int)dev, (int)fn);
	r->armed = false;
	return 0;
}

static int g_fill(struct reader *r, struct pci_dev *d, int flags)
{
	GUARD(r);
	pci_fill_info(d, flags);
	r->armed = false;
	return 0;
}

/* 1 read in full, 0 short or failed (libpci gives no length), -1 error. */
static int g_read(struct reader *r, struct pci_dev *d, int pos, uint8_t *buf, int len)
{
	int ok;

	GUARD(r);
	ok = pci_read_block(d, pos, buf, len);
	r->armed = false;
	return ok ? 1 : 0;
}

static int g_name(struct reader *r, struct pci_access *a, char *buf, int len, unsigned v,
		  unsigned dv, char **name)
{
	GUARD(r);
	/* pci.ids at libpci's default path; not udev's hwdb, whose names
	 * differ between hosts */
	*name = pci_lookup_name(a, buf, len,
				PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_NUMBERS |
					PCI_LOOKUP_NO_HWDB,
				v, dv);
	r->armed = false;
	return 0;
}

static int g_cleanup(struct reader *r, struct pci_access *a)
{
	GUARD(r);
	pci_cleanup(a);
	r->armed = false;
	return 0;
}

struct slot {
	struct pci_dev *pd;
	bool owned; /* from pci_get_dev: freed by us, not pci_cleanup */
	unsigned dom, bus, dev, fn;
};

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->dom != y->dom)
		return x->dom < y->dom ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->fn != y->fn)
		return x->fn < y->fn ? -1 : 1;
	return 0;
}

static bool bdf_numbers(const char *name, unsigned *dom, unsigned *bus, unsigned *dev, unsigned *fn)
{
	char canon[16];

	/* only names exactly in the kernel's "%04x:%02x:%02x.%d" form */
	if (ioasid_pci_parse_bdf(name, canon) < 0 || strcmp(canon, name))
		return false;
	return sscanf(canon, "%x:%x:%x.%u", dom, bus, dev, fn) == 4;
}

static bool is_bdf_name(const char *name)
{
	unsigned dom, bus, dev, fn;

	return bdf_numbers(name, &dom, &bus, &dev, &fn);
}

IOASID_EXPORT int ioasid_pci_names(struct ioasid_ctx *ctx, char ***names, size_t *n)
{
	int rc = iopath_list(ctx, names, n, PATH_SYS_PCI_DEVICES);

	if (rc == 0)
		iopath_names_keep(*names, n, is_bdf_name);
	return rc;
}

/* Whether the kernel gives the function extended config space: PCIe, or
 * PCI-X 266/533 (drivers/pci/probe.c pci_cfg_space_size()). */
static bool has_ext_space(const uint8_t *cfg, bool *is_pcie)
{
	unsigned x;

	*is_pcie = ioasid_pci_find_std_cap(cfg, CFG_SIZE, 0x10) != 0; /* PCI_CAP_ID_EXP */
	if (*is_pcie)
		return true;
	x = ioasid_pci_find_std_cap(cfg, CFG_SIZE, 0x07); /* PCI_CAP_ID_PCIX */
	if (x && x + 8 <= CFG_SIZE) {
		uint32_t st = (uint32_t)cfg[x + 4] | (uint32_t)cfg[x + 5] << 8 |
			      (uint32_t)cfg[x + 6] << 16 | (uint32_t)cfg[x + 7] << 24;

		/* PCI_X_STATUS_266MHZ | PCI_X_STATUS_533MHZ */
		return st & 0xc0000000u;
	}
	return false;
}

struct scan {
	struct ioasid_ctx *ctx;
	struct reader *r;
	struct pci_access *pacc;
	bool dump;
	unsigned *reads;
	bool cap_checked, cap_sys_admin; /* may_read_all_config(), once */
};

static void set_err(struct ioasid_pci_dev *d, int err, const char *msg)
{
	d->err = err;
	snprintf(d->errmsg, sizeof(d->errmsg), "%s", msg && *msg ? msg : strerror(err));
}

/* Why the sysfs config file could not be read: its errno, else EIO. */
static int config_errno(struct scan *s, const char *bdf)
{
	int fd = iopath_open(s->ctx, PATH_SYS_PCI_DEV_CONFIG, bdf);

	if (fd < 0)
		return -fd;
	close(fd);
	return EIO;
}

/* Size the kernel gives the sysfs config file (dev->cfg_size rounded to
 * 256/4096 by pci_dev_config_attr_is_visible()), or 0. */
static off_t config_size(struct scan *s, const char *bdf)
{
	long long size;

	if (iopath_size(s->ctx, &size, PATH_SYS_PCI_DEV_CONFIG, bdf) < 0)
		return 0;
	return (off_t)size;
}

/* libpci opens sysfs files itself (lib/sysfs.c: "vendor", "device" and
 * "class" for PCI_FILL_IDENT | PCI_FILL_CLASS, then "config"), past the
 * path layer. A dump records them here: the config bytes exactly as libpci
 * read them (64 for a non-root reader, whose stat() size 256 or 4096 the
 * path layer records apart), the others by reading them through it. */
static void record_libpci_files(struct scan *s, const char *bdf, const uint8_t *cfg, size_t len)
{
	static const char *const attrs[] = {"vendor", "device", "class"};
	char host[96];

	if (!s->ctx->rec || s->dump)
		return;
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		char *text = NULL;

		iopath_read_all(s->ctx, &text, NULL, 4096, PATH_SYS_PCI_DEV_ATTR, bdf, attrs[i]);
		free(text);
	}
	if (len) {
		snprintf(host, sizeof(host), PATH_SYS_PCI_DEV_CONFIG, bdf);
		iorec_file(s->ctx, host, cfg, len);
	}
}

/* drivers/base/core.c removable_show(): "removable", "fixed" or
 * "unknown"; device_add() creates the file only when dev->removable is
 * not DEVICE_REMOVABLE_NOT_SUPPORTED, and drivers/pci/probe.c
 * pci_set_removable() sets nothing but DEVICE_REMOVABLE (6.12 :1675,
 * 6.1 :1627), so an absent file means not removable. */
static void read_removable(struct scan *s, struct ioasid_pci_dev *d)
{
	char word[32];
	int rc = iopath_read_line(s->ctx, word, sizeof(word), PATH_SYS_PCI_DEV_ATTR, d->bdf,
				  "removable");

	d->removable.v = rc == 0 && !strcmp(word, "removable");
	d->removable.err = rc < 0 && rc != -ENOENT ? -rc : 0;
}

/*
 * An AMD IOMMU is a PCI function: amd/init.c iommu_init_pci() registers
 * the unit with iommu_device_sysfs_add(&iommu->iommu, &iommu->dev->dev,
 * ..., "ivhd%d") (6.12 :2149, 6.1 :2161), so the driver core puts the
 * class directory "iommu" holding ivhdN below that function
 * (drivers/base/core.c get_device_parent()), where other functions have
 * the link iommu_device_link() makes. The kernel never translates the
 * unit's own function: init_iommu_one_late() clears its rlookup entry
 * ("Make sure IOMMU is not considered to translate itself", 6.12
 * init.c:1883, 6.1 :1882), so check_device() refuses it. A directory,
 * not a link: this function is the unit, and is not translated.
 */
static void read_self_iommu(struct scan *s, struct ioasid_pci_dev *d)
{
	char **names = NULL;
	size_t n = 0;

	if (iopath_lstat_is_dir(s->ctx, PATH_SYS_PCI_DEV_ATTR, d->bdf, "iommu") != 1 ||
	    iopath_list(s->ctx, &names, &n, PATH_SYS_PCI_DEV_ATTR, d->bdf, "iommu") < 0)
		return;
	if (n == 1) {
		snprintf(d->self_iommu, sizeof(d->self_iommu), "%s", names[0]);
		d->iommu_err = ENOENT;
	}
	iopath_names_free(names, n);
}

static void read_links(struct scan *s, struct ioasid_pci_dev *d)
{
	char grp[32];
	uint64_t g;
	int rc;

	if (s->dump) {
		/* a dump has config bytes only */
		d->driver_err = d->iommu_err = d->group.err = ENOENT;
		d->removable.err = ENODATA;
		return;
	}
	read_removable(s, d);
	rc = iopath_link_base(s->ctx, d->driver, sizeof(d->driver), PATH_SYS_PCI_DEV_ATTR, d->bdf,
			      "driver");
	d->driver_err = rc < 0 ? -rc : 0;
	/* -> ../../virtual/iommu/dmar0 (iommu_device_link()) */
	rc = iopath_link_base(s->ctx, d->iommu, sizeof(d->iommu), PATH_SYS_PCI_DEV_ATTR, d->bdf,
			      "iommu");
	d->iommu_err = rc < 0 ? -rc : 0;
	if (rc == -EINVAL)
		read_self_iommu(s, d);
	rc = iopath_link_base(s->ctx, grp, sizeof(grp), PATH_SYS_PCI_DEV_ATTR, d->bdf,
			      "iommu_group");
	if (rc == 0)
		rc = ioasid_parse_u64(grp, 10, &g);
	d->group.err = rc < 0 ? -rc : 0;
	d->group.v = rc < 0 ? 0 : g;
	/* -> ../0000:6a:01.0 (drivers/pci/iov.c pci_iov_sysfs_link()) */
	rc = iopath_link_base(s->ctx, grp, sizeof(grp), PATH_SYS_PCI_DEV_ATTR, d->bdf, "physfn");
	if (rc == 0 && ioasid_pci_parse_bdf(grp, d->physfn) == 0)
		d->is_vf = true;
	else
		d->physfn[0] = '\0';
	if (rc < 0 && rc != -ENOENT)
		d->is_vf = false; /* unknown; the PASID of a VF stays unknown */
	if (d->driver_err)
		d->driver[0] = '\0';
	if (d->iommu_err)
		d->iommu[0] = '\0';
}

/* Whether this process passes pci_read_config()'s file_ns_capable(filp,
 * &init_user_ns, CAP_SYS_ADMIN) (drivers/pci/pci-sysfs.c, 6.12 :696,
 * 6.1 :375): the effective set. Only picks the size of the first read;
 * a wrong guess costs a read, not a byte (the ladder below). */
static bool may_read_all_config(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct c[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, c) < 0)
		return true;
	return c[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}

/*
 * The size of the one read that should get the whole config space: what
 * the kernel's cfg_size gives this reader (the sysfs file's size, 256 or
 * 4096, pci_dev_config_attr_is_visible(); 64 for a live reader without
 * CAP_SYS_ADMIN, whose reads pci_read_config() cuts there, and for a
 * captured copy of what such a reader got), or for a dump
 * 4096 (lspci -xxxx; an -xxx dump has 256 and takes a second read).
 */
static size_t first_read_size(struct scan *s, const char *bdf)
{
	off_t size;

	if (s->dump)
		return CFG_EXP_SIZE;
	if (!*s->ctx->root && !s->cap_checked) {
		s->cap_sys_admin = may_read_all_config();
		s->cap_checked = true;
	}
	if (!*s->ctx->root && !s->cap_sys_admin)
		return CFG_STD;
	size = config_size(s, bdf);
	/* a captured file shorter than 256 bytes is a non-root reader's copy
	 * (64), or garbage that no read size makes whole */
	return size > CFG_SIZE ? CFG_EXP_SIZE : size == CFG_SIZE ? CFG_SIZE : CFG_STD;
}

static void read_config(struct scan *s, struct pci_dev *pd, struct ioasid_pci_dev *d, bool ident_ok)
{
	static const size_t ladder[] = {CFG_EXP_SIZE, CFG_SIZE, CFG_STD};
	uint8_t *cfg = calloc(1, CFG_EXP_SIZE);
	size_t got = 0, first;
	bool ext;
	int rc = 0;

	if (!cfg) {
		set_err(d, ENOMEM, NULL);
		return;
	}
	/* One read of everything this reader may see (issue 14: at most one
	 * config-space read per function); when that comes back short, the
	 * next smaller size the kernel gives someone (pci_read_config()). */
	first = first_read_size(s, d->bdf);
	for (size_t i = 0; i < sizeof(ladder) / sizeof(ladder[0]) && !got && rc >= 0; i++) {
		if (ladder[i] > first)
			continue;
		(*s->reads)++;
		rc = g_read(s->r, pd, 0, cfg, (int)ladder[i]);
		if (rc > 0)
			got = ladder[i];
	}
	if (!got) {
		int err = rc < 0 ? EIO : s->dump ? ENODATA : config_errno(s, d->bdf);

		record_libpci_files(s, d->bdf, cfg, 0);

		set_err(d, err, s->r->msg[0] ? s->r->msg : "config space unreadable");
		goto out;
	}
	if (!ident_ok) {
		/* PCI_VENDOR_ID, PCI_DEVICE_ID, PCI_CLASS_REVISION */
		d->vendor = (uint16_t)(cfg[0] | cfg[1] << 8);
		d->device = (uint16_t)(cfg[2] | cfg[3] << 8);
		d->class_code = (uint32_t)cfg[0x0b] << 16 | (uint32_t)cfg[0x0a] << 8;
	}
	d->class_code = (d->class_code & ~0xffu) | cfg[0x09]; /* PCI_CLASS_PROG */
	d->revision = cfg[0x08];			      /* PCI_REVISION_ID */
	if ((cfg[0x0e] & 0x7f) == 0) {
		/* PCI_SUBSYSTEM_VENDOR_ID, PCI_SUBSYSTEM_ID (type 0 header) */
		d->subsys_vendor = (uint16_t)(cfg[0x2c] | cfg[0x2d] << 8);
		d->subsys_device = (uint16_t)(cfg[0x2e] | cfg[0x2f] << 8);
	}
	if (d->vendor == 0xffff) {
		/* all ones: the function did not answer */
		set_err(d, ENODEV, "config space reads all ones");
		goto out;
	}

	/* the extended space only where the kernel gives one (below) */
	ioasid_pci_decode_topo(cfg, got < CFG_SIZE ? got : CFG_SIZE, &d->topo);
	if (got < CFG_SIZE) {
		off_t size = s->dump ? 0 : config_size(s, d->bdf);

		/* Only the 64 bytes sysfs gives without CAP_SYS_ADMIN: every
		 * function has 256, so this is a permission cut. The size of
		 * a real sysfs config file is still the kernel's cfg_size:
		 * exactly 256 means no extended space (so no PASID, PRI or
		 * ATS, whoever reads); a copy cut at 64 bytes tells nothing. */
		d->is_pcie = size > CFG_SIZE;
		if (s->dump)
			d->ext_err = ENODATA;
		else if (size != CFG_SIZE)
			d->ext_err = EACCES;
		goto out;
	}
	ext = has_ext_space(cfg, &d->is_pcie);
	if (!s->dump && config_size(s, d->bdf) > CFG_SIZE)
		ext = true;
	if (!ext) {
		/* no extended space: the capabilities are absent, whatever
		 * bytes a dump holds past 256 */
		goto out;
	} else if (got == CFG_EXP_SIZE) {
		ioasid_pci_decode_caps(cfg, CFG_EXP_SIZE, &d->pasid, &d->pri, &d->ats);
		ioasid_pci_decode_topo(cfg, CFG_EXP_SIZE, &d->topo);
	} else if (s->dump) {
		d->ext_err = ENODATA; /* an lspci -xxx dump: 256 bytes only */
	} else if (config_size(s, d->bdf) > CFG_SIZE) {
		/* the kernel has more than it gave us */
		d->ext_err = rc < 0 ? EIO : EACCES;
	}
	/* else: the kernel's cfg_size is 256, and pci_find_ext_capability()
	 * finds nothing there either */
out:
	if (got)
		record_libpci_files(s, d->bdf, cfg, got);
	free(cfg);
}

static void read_dev(struct scan *s, struct slot *sl, struct ioasid_pci_dev *d)
{
	char nbuf[256], *name = NULL, fillmsg[128] = "";
	bool ident_ok;

	snprintf(d->bdf, sizeof(d->bdf), "%04x:%02x:%02x.%x", sl->dom, sl->bus, sl->dev, sl->fn);
	ident_ok = g_fill(s->r, sl->pd, PCI_FILL_IDENT | PCI_FILL_CLASS) == 0;
	if (ident_ok) {
		d->vendor = sl->pd->vendor_id;
		d->device = sl->pd->device_id;
		d->class_code = (uint32_t)sl->pd->device_class << 8;
	} else {
		snprintf(fillmsg, sizeof(fillmsg), "%s", s->r->msg);
	}
	read_config(s, sl->pd, d, ident_ok);
	if (d->err && !ident_ok && fillmsg[0])
		snprintf(d->errmsg, sizeof(d->errmsg), "%s", fillmsg);
	if (!d->err) {
		if (g_name(s->r, s->pacc, nbuf, sizeof(nbuf), d->vendor, d->device, &name) == 0 &&
		    name)
			snprintf(d->name, sizeof(d->name), "%s", name);
	}
	if (d->ext_err)
		d->pasid_err = d->ext_err;
	read_links(s, d);
}

IOASID_EXPORT const struct ioasid_pci_dev *ioasid_pci_find(const struct ioasid_pci_list *l,
							   const char *bdf)
{
	size_t lo = 0, hi = l->n;

	/* sorted by bdf; canonical names of equal domain width compare as
	 * strings, and the list is short: a linear fallback covers the rest */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->v[mid].bdf, bdf);

		if (c == 0)
			return &l->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].bdf, bdf))
			return &l->v[i];
	return NULL;
}

/*
 * The PASIDs the kernel lets the device use, as drivers/iommu/iommu.c
 * dev_iommu_get_max_pasids() computes them at probe (6.12):
 *	ret = pci_max_pasids(pdev); if (ret > 0) max_pasids = ret;
 *	return min_t(u32, max_pasids, dev->iommu->iommu_dev->max_pasids);
 * pci_max_pasids() (drivers/pci/ats.c) uses the PF's capability for a VF
 * and returns -EINVAL without one, so such a device gets 0. 6.1 has no
 * per-device value; its VT-d driver sizes the PASID table with the same
 * min(pci_max_pasids(), intel_pasid_max_id) (intel/pasid.c
 * intel_pasid_alloc_table()).
 */
IOASID_EXPORT const struct ioasid_pci_dev *ioasid_pci_upstream(const struct ioasid_pci_list *l,
							       const struct ioasid_pci_dev *d)
{
	unsigned dom, bus, dev, fn, bdom, bbus, bdev, bfn;

	/* include/linux/pci.h pci_upstream_bridge(): a VF's is its PF's */
	if (d->is_vf && d->physfn[0]) {
		const struct ioasid_pci_dev *pf = ioasid_pci_find(l, d->physfn);

		if (!pf)
			return NULL;
		d = pf;
	}
	if (!bdf_numbers(d->bdf, &dom, &bus, &dev, &fn))
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct ioasid_pci_dev *b = &l->v[i];

		if (b == d || !b->topo.valid || b->topo.hdr_type != 1 ||
		    !bdf_numbers(b->bdf, &bdom, &bbus, &bdev, &bfn))
			continue;
		/* bus 0 is never a secondary bus: an unconfigured bridge
		 * (secondary 0) must not adopt the root bus */
		if (bdom == dom && bus && b->topo.secondary_bus == bus)
			return b;
	}
	return NULL;
}

static void effective_pasids(struct ioasid_pci_dev *d, const struct ioasid_iommu_list *iommus,
			     bool dump)
{
	const struct ioasid_iommu *u;
	uint64_t dev_max;

	d->max_pasids = (struct ioasid_val){0};
	if (d->err) {
		d->max_pasids.err = d->err;
		return;
	}
	if (d->pasid_err) {
		d->max_pasids.err = d->pasid_err;
		return;
	}
	if (!d->pasid.present)
		return; /* pci_max_pasids() -EINVAL: 0 */
	if (!dump && d->iommu_err == ENOENT)
		return; /* no IOMMU translates for it: 0 */
	if (dump || d->iommu_err || !iommus) {
		d->max_pasids.err = ENODATA;
		return;
	}
	u = ioasid_iommu_find(iommus, d->iommu);
	if (!u || u->max_pasids.err) {
		d->max_pasids.err = ENODATA;
		return;
	}
	dev_max = 1ull << d->pasid.width;
	/* both are u32 in the kernel; 1 << 31 is the largest either holds */
	d->max_pasids.v = dev_max < u->max_pasids.v ? dev_max : u->max_pasids.v;
}

/* The files libpci's sysfs method opens below the root by itself,
 * following links (pciutils lib/sysfs.c: sysfs_fill_info() for
 * PCI_FILL_IDENT | PCI_FILL_CLASS, sysfs_setup() for the config space).
 * Below a captured root each must stay in it (the path layer's reads are
 * confined, libpci's are not): a device whose files lead out is left to
 * no one, as libpci's view of it would be this machine's files. */
static bool libpci_stays_inside(struct scan *s, const char *bdf)
{
	static const char *const files[] = {"vendor", "device", "class", "config"};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (iopath_beneath(s->ctx, PATH_SYS_PCI_DEV_ATTR, bdf, files[i]) < 0)
			return false;
	return true;
}

static int list_names(struct scan *s, struct slot **slots, size_t *n, bool *all_good)
{
	char **names;
	size_t cnt, k = 0;
	int rc;

	*slots = NULL;
	*n = 0;
	*all_good = true;
	rc = iopath_list(s->ctx, &names, &cnt, PATH_SYS_PCI_DEVICES);
	if (rc < 0)
		return rc;
	if (cnt) {
		*slots = calloc(cnt, sizeof(**slots));
		if (!*slots) {
			iopath_names_free(names, cnt);
			return -ENOMEM;
		}
	}
	for (size_t i = 0; i < cnt; i++) {
		struct slot *sl = &(*slots)[k];

		if (bdf_numbers(names[i], &sl->dom, &sl->bus, &sl->dev, &sl->fn) &&
		    libpci_stays_inside(s, names[i]))
			k++;
		else
			*all_good = false; /* libpci's scan would stop at it */
	}
	iopath_names_free(names, cnt);
	*n = k;
	return 0;
}

static int collect(struct scan *s, struct slot **out, size_t *n)
{
	struct slot *v = NULL;
	size_t cnt = 0, cap = 0;
	bool all_good = true;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s->dump) {
		/* libpci lists this directory itself (sysfs_scan()) */
		if (iopath_beneath(s->ctx, PATH_SYS_PCI_DEVICES) < 0)
			return ioasid_set_error(s->ctx, EXDEV, PATH_SYS_PCI_DEVICES,
						"leads out of the root: not read");
		rc = list_names(s, &v, &cnt, &all_good);
		if (rc == -ENOENT)
			return 0; /* no PCI bus at all */
		if (rc < 0)
			return ioasid_set_error(s->ctx, rc, "pci", "cannot list PCI devices: %s",
						strerror(-rc));
		if (!all_good) {
			/* libpci's sysfs scan calls error() on the first name
			 * it cannot parse; ask it for each good name instead */
			for (size_t i = 0; i < cnt; i++) {
				if (g_get_dev(s->r, s->pacc, v[i].dom, v[i].bus, v[i].dev, v[i].fn,
					      &v[i].pd) < 0 ||
				    !v[i].pd) {
					for (size_t j = 0; j < i; j++)
						pci_free_dev(v[j].pd);
					free(v);
					return ioasid_set_error(s->ctx, ENOMEM, "pci", "libpci: %s",
								s->r->msg);
				}
				v[i].owned = true;
			}
			*out = v;
			*n = cnt;
			return 0;
		}
		free(v);
		v = NULL;
		cnt = 0;
	}
	if (g_scan(s->r, s->pacc) < 0)
		return ioasid_set_error(s->ctx, EINVAL, "pci", "libpci: %s", s->r->msg);
	for (struct pci_dev *pd = s->pacc->devices; pd; pd = pd->next) {
		if (cnt == cap) {
			struct slot *nv;

			cap = cap ? cap * 2 : 32;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return ioasid_set_error(s->ctx, ENOMEM, "pci", "out of memory");
			}
			v = nv;
		}
		v[cnt] = (struct slot){.pd = pd,
				       .dom = (unsigned)pd->domain,
				       .bus = pd->bus,
				       .dev = pd->dev,
				       .fn = pd->func};
		cnt++;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static int open_access(struct scan *s, char *sysfs, size_t len)
{
	const char *dump = ioasid_ctx_pci_dump(s->ctx);
	int rc;

	s->pacc = pci_alloc();
	if (!s->pacc)
		return ioasid_set_error(s->ctx, ENOMEM, "pci", "pci_alloc failed");
	s->pacc->error = lib_error;
	s->pacc->warning = lib_warning;
	s->pacc->debug = lib_debug;
	if (dump) {
		struct stat st;

		/* libpci only says "Cannot open": find the errno first */
		if (stat(dump, &st) < 0)
			return ioasid_set_error(s->ctx, errno, dump, "cannot open PCI dump: %s",
						strerror(errno));
		s->dump = true;
		s->pacc->method = PCI_ACCESS_DUMP;
		if (pci_set_param(s->pacc, "dump.name", (char *)dump) < 0)
			return ioasid_set_error(s->ctx, ENOTSUP, "pci",
						"libpci has no dump method");
	} else {
		rc = iopath_abs(s->ctx, sysfs, len, PATH_SYS_BUS_PCI);
		if (rc < 0)
			return ioasid_set_error(s->ctx, rc, "pci", "path too long");
		s->pacc->method = PCI_ACCESS_SYS_BUS_PCI;
		if (pci_set_param(s->pacc, "sysfs.path", sysfs) < 0)
			return ioasid_set_error(s->ctx, ENOTSUP, "pci",
						"libpci has no sysfs method");
	}
	if (g_init(s->r, s->pacc) < 0)
		return ioasid_set_error(s->ctx, EINVAL, dump ? dump : "pci", "libpci: %s",
					s->r->msg);
	return 0;
}

IOASID_EXPORT int ioasid_pci_list(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *iommus,
				  struct ioasid_pci_list *out)
{
	struct reader r = {.armed = false};
	struct reader *saved = cur;
	char sysfs[PATH_MAX];
	struct scan s = {.ctx = ctx, .r = &r, .reads = &out->config_reads};
	struct slot *slots = NULL;
	size_t n = 0;
	int rc;

	*out = (struct ioasid_pci_list){0};
	cur = &r;
	rc = open_access(&s, sysfs, sizeof(sysfs));
	if (rc == 0)
		rc = collect(&s, &slots, &n);
	if (rc == 0 && n) {
		out->v = calloc(n, sizeof(*out->v));
		if (!out->v)
			rc = ioasid_set_error(ctx, ENOMEM, "pci", "out of memory");
	}
	if (rc == 0) {
		if (n)
			qsort(slots, n, sizeof(*slots), cmp_slot);
		for (size_t i = 0; i < n; i++)
			read_dev(&s, &slots[i], &out->v[i]);
		out->n = n;
		/* A VF has no PASID capability of its own: pci_max_pasids()
		 * and pci_pasid_features() (drivers/pci/ats.c) read the PF's
		 * (if (pdev->is_virtfn) pdev = pci_physfn(pdev)). */
		for (size_t i = 0; i < n; i++) {
			struct ioasid_pci_dev *d = &out->v[i];
			const struct ioasid_pci_dev *pf;

			if (!d->is_vf || d->err)
				continue;
			pf = ioasid_pci_find(out, d->physfn);
			d->pasid_from_pf = true;
			memset(&d->pasid, 0, sizeof(d->pasid));
			if (!pf)
				d->pasid_err = ENODEV;
			else if (pf->err)
				d->pasid_err = pf->err;
			else
				d->pasid_err = pf->pasid_err;
			if (pf && !d->pasid_err)
				d->pasid = pf->pasid;
			/* PRI likewise: VFs must not implement it; the PF's is
			 * shared (6.12 drivers/pci/ats.c:244-248 pci_enable_pri()
			 * returns the PF's pri_enabled, :373-379
			 * pci_pri_supported() and :359-364
			 * pci_prg_resp_pasid_required() read pci_physfn(); 6.1
			 * the same at :207, :336 and :322) */
			memset(&d->pri, 0, sizeof(d->pri));
			d->pri_from_pf = pf && !pf->err && !pf->ext_err;
			if (d->pri_from_pf)
				d->pri = pf->pri;
		}
		for (size_t i = 0; i < n; i++)
			effective_pasids(&out->v[i], iommus, s.dump);
	}
	for (size_t i = 0; i < n; i++)
		if (slots[i].owned)
			pci_free_dev(slots[i].pd);
	free(slots);
	if (s.pacc && g_cleanup(&r, s.pacc) < 0 && rc == 0)
		rc = ioasid_set_error(ctx, EIO, "pci", "libpci: %s", r.msg);
	cur = saved;
	if (rc < 0) {
		free(out->v);
		out->v = NULL;
		out->n = 0;
	}
	return rc;
}

IOASID_EXPORT void ioasid_pci_list_free(struct ioasid_pci_list *l)
{
	if (!l)
		return;
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
