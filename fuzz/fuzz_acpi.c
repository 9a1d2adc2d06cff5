// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the ACPI DMAR and IVRS parsers (acpi.c) and the PCI path
 * decoder (pci-caps.c ioasid_pci_decode_topo) on arbitrary bytes. The
 * first byte picks the parser (0 DMAR, 1 IVRS, 2 config space), the rest
 * is the image, copied to a buffer of exactly its size so that ASan sees
 * any read past it. The parsers keep their arrays' bounds and counts. */
#include <errno.h>

#include "fuzz_common.h"
#include "ioasid.h"
#include "ioasid-acpi.h"

static void dmar(const uint8_t *b, size_t n)
{
	struct ioasid_acpi_dmar d;
	int rc = ioasid_acpi_parse_dmar(b, n, &d);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc)
		return;
	FUZZ_CHECK(n >= 48);
	FUZZ_CHECK(d.nunits <= IOASID_DMAR_MAX_UNITS);
	FUZZ_CHECK(d.nunits <= d.ndrhd + d.natsr + d.nsatc);
	for (unsigned i = 0; i < d.nunits; i++) {
		const struct ioasid_dmar_unit *u = &d.units[i];

		FUZZ_CHECK(u->type == 0 || u->type == 2 || u->type == 5);
		FUZZ_CHECK(u->nscope <= IOASID_DMAR_MAX_SCOPES);
		FUZZ_CHECK(!u->scopes_cut || u->nscope == IOASID_DMAR_MAX_SCOPES);
		for (unsigned k = 0; k < u->nscope; k++)
			FUZZ_CHECK(u->scope[k].npath <= IOASID_DMAR_MAX_PATH);
	}
}

static void ivrs(const uint8_t *b, size_t n)
{
	struct ioasid_acpi_ivrs v;
	int rc = ioasid_acpi_parse_ivrs(b, n, &v);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc)
		return;
	FUZZ_CHECK(n >= 48);
	FUZZ_CHECK(v.nivhd <= IOASID_IVRS_MAX_IVHD);
	for (unsigned i = 0; i < v.nivhd; i++) {
		FUZZ_CHECK(v.ivhd[i].type == 0x10 || v.ivhd[i].type == 0x11 ||
			   v.ivhd[i].type == 0x40);
		FUZZ_CHECK(!v.ivhd[i].has_efr || v.ivhd[i].type != 0x10);
	}
}

static void topo(const uint8_t *b, size_t n)
{
	struct ioasid_pci_topo t;

	ioasid_pci_decode_topo(b, n, &t);
	FUZZ_CHECK(t.valid == (n >= 64));
	FUZZ_CHECK(t.hdr_type <= 0x7f);
	FUZZ_CHECK(t.pcie_type >= -1 && t.pcie_type <= 0xf);
	FUZZ_CHECK(!t.eetlp_prefix || t.pcie_cap_ver > 1);
	FUZZ_CHECK(!t.acs_present || t.acs_known);
	FUZZ_CHECK(!t.acs_known || n >= 4096);
	FUZZ_CHECK(t.hdr_type == 1 || (t.secondary_bus == 0 && t.subordinate_bus == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *b;
	size_t n;

	if (size < 1)
		return 0;
	n = size - 1;
	b = malloc(n ? n : 1);
	if (!b)
		abort();
	memcpy(b, data + 1, n);
	switch (data[0] % 3) {
	case 0:
		dmar(b, n);
		break;
	case 1:
		ivrs(b, n);
		break;
	default:
		topo(b, n);
		break;
	}
	free(b);
	return 0;
}
