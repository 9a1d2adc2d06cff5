// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer: AMD-Vi features attribute and boot line (amd.c), with the
 * pure bit decoders (AMD EFR, VT-d cap/ecap) folded in. Input: 16 bytes
 * (boot EFR, release code and two registers, when present) then the text,
 * which is parsed both as amd-iommu/features and as a boot line.
 */
#include <errno.h>

#include "fuzz_common.h"
#include "ioasid.h"
#include "stock/kernel.h"

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t a = 0, b = 0, efr, efr2;
	enum ioasid_amd_features_rule rule;
	struct ioasid_vtd_regs vr;
	struct ioasid_amd_efr f;
	unsigned widths[5], code;
	char *text;
	int rc;

	if (size >= 16) {
		a = get64(data);
		b = get64(data + 8);
		data += 16;
		size -= 16;
	}
	code = (unsigned)(b & 0xffffff);
	text = fuzz_strdup(data, size);

	rc = ioasid_amd_parse_features(text, a, code, &efr, &efr2, &rule);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENODATA);
	FUZZ_CHECK((rc == 0) == (rule != IOASID_AMD_FEATURES_UNKNOWN));
	if (rule == IOASID_AMD_FEATURES_BOOT_LINE)
		FUZZ_CHECK(efr == a);
	if (rule == IOASID_AMD_FEATURES_SINGLE)
		FUZZ_CHECK(efr2 == 0);
	FUZZ_CHECK(ioasid_amd_features_rule_name(rule) != NULL);

	rc = ioasid_amd_parse_boot_line(text, &efr, &efr2);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOENT);
	if (rc == -ENOENT)
		FUZZ_CHECK(strstr(text, "Extended features (") == NULL);

	ioasid_amd_decode(a, b, &f);
	FUZZ_CHECK(f.pasmax <= 31 && f.gats <= 3 && f.glx <= 3);
	FUZZ_CHECK(f.max_pasids == (f.gt ? (1ull << (f.pasmax + 1)) - 1 : 0));

	ioasid_vtd_decode(a, b, &vr);
	FUZZ_CHECK(vr.nd <= 7 && vr.sagaw <= 31 && vr.pss <= 31);
	FUZZ_CHECK(vr.mgaw >= 1 && vr.mgaw <= 64 && vr.nfr >= 1 && vr.nfr <= 256);
	FUZZ_CHECK(ioasid_vtd_sagaw_widths(vr.sagaw, widths) <= 5);
	free(text);
	return 0;
}
