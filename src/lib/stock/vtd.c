// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Intel VT-d CAP/ECAP decoding. Bit positions follow the cap_* / ecap_*
 * macros of drivers/iommu/intel/iommu.h (Linux 6.12), which the sysfs
 * attributes intel-iommu/cap and ecap ("%llx\n", iommu.c cap_show(),
 * ecap_show()) expose unchanged.
 */
#include "core/export.h"
#include "ioasid-iommu.h"

static inline bool bit(uint64_t v, unsigned n)
{
	return (v >> n) & 1;
}

static inline unsigned field(uint64_t v, unsigned lo, unsigned width)
{
	return (unsigned)((v >> lo) & ((1ull << width) - 1));
}

IOASID_EXPORT void ioasid_vtd_decode(uint64_t cap, uint64_t ecap, struct ioasid_vtd_regs *r)
{
	*r = (struct ioasid_vtd_regs){.cap = cap, .ecap = ecap};
	r->nd = field(cap, 0, 3);
	r->ndoms = 1ull << (4 + 2 * r->nd); /* cap_ndoms() */
	r->rwbf = bit(cap, 4);
	r->plmr = bit(cap, 5);
	r->phmr = bit(cap, 6);
	r->cm = bit(cap, 7); /* caching mode: a virtual IOMMU */
	r->sagaw = field(cap, 8, 5);
	r->mgaw = field(cap, 16, 6) + 1; /* cap_mgaw() */
	r->zlr = bit(cap, 22);
	r->psi = bit(cap, 39);
	r->nfr = field(cap, 40, 8) + 1; /* cap_num_fault_regs() */
	r->dwd = bit(cap, 54);
	r->drd = bit(cap, 55);
	r->fl1gp = bit(cap, 56);
	r->pi = bit(cap, 59);
	r->fl5lp = bit(cap, 60);
	r->ecmds = bit(cap, 61);

	r->c = bit(ecap, 0);
	r->qi = bit(ecap, 1);
	r->dt = bit(ecap, 2);
	r->ir = bit(ecap, 3);
	r->eim = bit(ecap, 4);
	r->pt = bit(ecap, 6);
	r->sc = bit(ecap, 7);
	r->mts = bit(ecap, 25);
	r->nest = bit(ecap, 26);
	r->prs = bit(ecap, 29);
	r->ers = bit(ecap, 30);
	r->srs = bit(ecap, 31);
	r->nwfs = bit(ecap, 33);
	r->eafs = bit(ecap, 34);
	r->pss = field(ecap, 35, 5);
	r->pasid = bit(ecap, 40);
	r->dit = bit(ecap, 41);
	r->pds = bit(ecap, 42);
	r->smts = bit(ecap, 43);
	r->vcs = bit(ecap, 44); /* removed from the kernel by 6.12 */
	r->slads = bit(ecap, 45);
	r->slts = bit(ecap, 46);
	r->flts = bit(ecap, 47);
	r->smpwc = bit(ecap, 48);
	r->rps = bit(ecap, 49);
	r->pms = bit(ecap, 51);
}

IOASID_EXPORT unsigned ioasid_vtd_sagaw_widths(unsigned sagaw, unsigned widths[5])
{
	unsigned n = 0;

	/* SAGAW bit k <-> agaw k <-> 30 + 9k address bits (agaw_to_width) */
	for (unsigned k = 0; k < 5; k++)
		if (sagaw & (1u << k))
			widths[n++] = 30 + 9 * k;
	return n;
}
