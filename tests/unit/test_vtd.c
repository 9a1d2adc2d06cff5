// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * VT-d CAP/ECAP decoding (vtd.c) against register values of real machines,
 * as the kernel printed them in its boot line
 *   "DMAR: dmarN: reg_base_addr %llx ver %d:%d cap %llx ecap %llx"
 * (drivers/iommu/intel/dmar.c alloc_iommu()). Every expected field is
 * worked out by hand from the cap_* / ecap_* macros of
 * drivers/iommu/intel/iommu.h (Linux 6.12), shown next to each value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ioasid.h"

/*
 * Client platform, legacy mode only (the example of the VT-d boot line):
 * "DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap d2008c40660462 ecap f050da"
 * cap  = 0x00d2008c40660462
 *   byte0 0x62 = 0110 0010: ND(2:0)=2, AFL3=0, RWBF4=0, PLMR5=1, PHMR6=1, CM7=0
 *   bits 12:8 = 0x04 -> SAGAW=4 (bit2: 48-bit, 4-level)
 *   bits 21:16 = 0x26 = 38 -> MGAW 39; bit22 ZLR = 1 (0x66 = 0110 0110)
 *   bits 47:40 = 0x00 -> NFR 1; bit39 PSI = 1 (0x8c bit7)
 *   bits 63:48 = 0x00d2 = 1101 0010: bit54 DWD=1, bit55 DRD=1, 56 FL1GP=0,
 *   59 PI=0, 60 FL5LP=0
 * ecap = 0xf050da
 *   0xda = 1101 1010: C0=0, QI1=1, DT2=0, IR3=1, EIM4=1, PT6=1, SC7=1
 *   bits 31:24 = 0x00: MTS, NEST, PRS, SRS all 0; no bit >= 32: no SMTS,
 *   PASID, PSS=0.
 */
static void test_client_legacy(void **state)
{
	struct ioasid_vtd_regs r;

	(void)state;
	ioasid_vtd_decode(0xd2008c40660462ull, 0xf050daull, &r);
	assert_true(r.cap == 0xd2008c40660462ull);
	assert_true(r.ecap == 0xf050daull);
	assert_int_equal(r.nd, 2);
	assert_int_equal(r.ndoms, 256); /* 1 << (4 + 2 * 2) */
	assert_false(r.rwbf);
	assert_true(r.plmr);
	assert_true(r.phmr);
	assert_false(r.cm);
	assert_int_equal(r.sagaw, 4);
	assert_int_equal(r.mgaw, 39);
	assert_true(r.zlr);
	assert_true(r.psi);
	assert_int_equal(r.nfr, 1);
	assert_true(r.dwd);
	assert_true(r.drd);
	assert_false(r.fl1gp);
	assert_false(r.pi);
	assert_false(r.fl5lp);
	assert_false(r.ecmds);

	assert_false(r.c);
	assert_true(r.qi);
	assert_false(r.dt);
	assert_true(r.ir);
	assert_true(r.eim);
	assert_true(r.pt);
	assert_true(r.sc);
	assert_false(r.mts);
	assert_false(r.nest);
	assert_false(r.prs);
	assert_false(r.srs);
	assert_false(r.smts);
	assert_false(r.pasid);
	assert_int_equal(r.pss, 0);
	assert_false(r.flts);
	assert_false(r.slts);
}

/*
 * Xeon server, legacy-capable only (a bug report's dmesg, utcs-scea/LAKE#10):
 * "DMAR: dmar0: reg_base_addr d37fc000 ver 1:0 cap 8d2078c106f0466 ecap f020df"
 * cap  = 0x08d2078c106f0466
 *   0x66: ND=6 (65536 domains), PLMR=1, PHMR=1, CM=0, RWBF=0
 *   bits 12:8 = 0x04: SAGAW=4; bits 21:16 = 0x2f = 47 -> MGAW 48; ZLR=1
 *   (0x6f = 0110 1111, bit 22 = 1)
 *   byte4 0x8c: PSI(39)=1; bits 47:40 = 0x07 -> NFR 8
 *   bits 63:48 = 0x08d2: DWD54=1 DRD55=1 FL1GP56=0 PI59=1 FL5LP60=0
 * ecap = 0xf020df: 0xdf = 1101 1111: C=1 QI=1 DT=1 IR=1 EIM=1 PT=1 SC=1
 */
static void test_xeon_legacy(void **state)
{
	struct ioasid_vtd_regs r;

	(void)state;
	ioasid_vtd_decode(0x8d2078c106f0466ull, 0xf020dfull, &r);
	assert_int_equal(r.nd, 6);
	assert_int_equal(r.ndoms, 65536);
	assert_int_equal(r.sagaw, 4);
	assert_int_equal(r.mgaw, 48);
	assert_true(r.zlr);
	assert_true(r.psi);
	assert_int_equal(r.nfr, 8);
	assert_true(r.dwd);
	assert_true(r.drd);
	assert_false(r.fl1gp);
	assert_true(r.pi);
	assert_false(r.fl5lp);
	assert_true(r.c);
	assert_true(r.qi);
	assert_true(r.dt);
	assert_true(r.ir);
	assert_true(r.eim);
	assert_true(r.pt);
	assert_true(r.sc);
	assert_false(r.smts);
	assert_false(r.pasid);
	assert_false(r.prs);
}

/*
 * Sapphire Rapids (VT-d 6.0), a public tool's README dmesg:
 * "DMAR: dmar0: reg_base_addr aa3fc000 ver 6:0 cap 9ed008c40780466 ecap 3ee9e86f050df"
 * cap  = 0x09ed008c40780466
 *   0x66: ND=6, PLMR=1, PHMR=1; SAGAW bits 12:8 = 0x04; MGAW bits 21:16 =
 *   0x38 = 56 -> 57; ZLR=1 (0x78 bit 6); byte4 0x8c: PSI=1; NFR bits 47:40
 *   = 0x00 -> 1; bits 63:48 = 0x09ed = 0000 1001 1110 1101: bit54 DWD=1,
 *   55 DRD=1, 56 FL1GP=1, 59 PI=1, 60 FL5LP=0, 61 ECMDS=0
 * ecap = 0x0003ee9e86f050df
 *   0xdf: C QI DT IR EIM PT SC all 1
 *   bits 31:24 = 0x86 = 1000 0110: MTS25=1 NEST26=1 PRS29=0 ERS30=0 SRS31=1
 *   bits 63:32 = 0x0003ee9e: set bits 1,2,3,4,7,9,10,11,13,14,15,16,17
 *     -> NWFS33=1 EAFS34=1, PSS(39:35) = bits 3,4,7 of the high word =
 *     0b10011 = 19 (20-bit PASIDs), PASID40=0, DIT41=1, PDS42=1, SMTS43=1,
 *     VCS44=0, SLADS45=1, SLTS46=1, FLTS47=1, SMPWC48=1, RPS49=1, PMS51=0
 */
static void test_spr_scalable(void **state)
{
	struct ioasid_vtd_regs r;

	(void)state;
	ioasid_vtd_decode(0x9ed008c40780466ull, 0x3ee9e86f050dfull, &r);
	assert_int_equal(r.nd, 6);
	assert_int_equal(r.sagaw, 4);
	assert_int_equal(r.mgaw, 57);
	assert_true(r.zlr);
	assert_true(r.psi);
	assert_int_equal(r.nfr, 1);
	assert_true(r.dwd);
	assert_true(r.drd);
	assert_true(r.fl1gp);
	assert_true(r.pi);
	assert_false(r.fl5lp);
	assert_false(r.ecmds);

	assert_true(r.c && r.qi && r.dt && r.ir && r.eim && r.pt && r.sc);
	assert_true(r.mts);
	assert_true(r.nest);
	assert_false(r.prs);
	assert_false(r.ers);
	assert_true(r.srs);
	assert_true(r.nwfs);
	assert_true(r.eafs);
	assert_int_equal(r.pss, 19);
	assert_false(r.pasid);
	assert_true(r.dit);
	assert_true(r.pds);
	assert_true(r.smts);
	assert_false(r.vcs);
	assert_true(r.slads);
	assert_true(r.slts);
	assert_true(r.flts);
	assert_true(r.smpwc);
	assert_true(r.rps);
	assert_false(r.pms);
}

/* Every bit set: all flags true, fields at their maximum. */
static void test_all_ones(void **state)
{
	struct ioasid_vtd_regs r;

	(void)state;
	ioasid_vtd_decode(~0ull, ~0ull, &r);
	assert_int_equal(r.nd, 7);
	assert_int_equal(r.ndoms, 1ull << 18);
	assert_int_equal(r.sagaw, 0x1f);
	assert_int_equal(r.mgaw, 64);
	assert_int_equal(r.nfr, 256);
	assert_int_equal(r.pss, 31);
	assert_true(r.fl5lp && r.ecmds && r.pasid && r.smts && r.pms && r.vcs);
}

static void test_zero(void **state)
{
	struct ioasid_vtd_regs r;

	(void)state;
	ioasid_vtd_decode(0, 0, &r);
	assert_int_equal(r.nd, 0);
	assert_int_equal(r.ndoms, 16); /* 1 << 4 */
	assert_int_equal(r.mgaw, 1);
	assert_int_equal(r.nfr, 1);
	assert_false(r.qi || r.smts || r.pasid || r.prs);
}

/* SAGAW bit n <-> 30 + 9n bits (intel/iommu.h agaw_to_width). */
static void test_sagaw_widths(void **state)
{
	unsigned w[5];

	(void)state;
	assert_int_equal(ioasid_vtd_sagaw_widths(0x4, w), 1);
	assert_int_equal(w[0], 48);
	assert_int_equal(ioasid_vtd_sagaw_widths(0x6, w), 2);
	assert_int_equal(w[0], 39);
	assert_int_equal(w[1], 48);
	assert_int_equal(ioasid_vtd_sagaw_widths(0xc, w), 2);
	assert_int_equal(w[1], 57);
	assert_int_equal(ioasid_vtd_sagaw_widths(0, w), 0);
	assert_int_equal(ioasid_vtd_sagaw_widths(0x1f, w), 5);
	assert_int_equal(w[0], 30);
	assert_int_equal(w[4], 66);
	/* bits above the 5-bit field are ignored */
	assert_int_equal(ioasid_vtd_sagaw_widths(0xffffffe0u, w), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_legacy), cmocka_unit_test(test_xeon_legacy),
		cmocka_unit_test(test_spr_scalable),  cmocka_unit_test(test_all_ones),
		cmocka_unit_test(test_zero),	      cmocka_unit_test(test_sagaw_widths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
