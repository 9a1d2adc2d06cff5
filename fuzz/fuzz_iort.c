// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the Arm readers' parsers on arbitrary bytes: the ACPI IORT
 * (iort.c ioasid_acpi_parse_iort) and the SMMUv3 boot line (smmu3.c
 * ioasid_smmu3_parse_boot_line, then the feature names of both tables)
 * and the device tree's property decoders (devicetree.c).
 * The first byte picks the parser (0 IORT, 1 boot line, 2 device tree
 * compatible and reg); the rest is the
 * input, copied to a buffer of exactly its size (NUL-terminated for the
 * line) so that ASan sees any read past it. A refused table keeps no
 * node; an accepted one keeps its counts and bounds. */
#include <errno.h>

#include "fuzz_common.h"
#include "ioasid.h"
#include "ioasid-acpi.h"
#include "ioasid-dt.h"

static void iort(const uint8_t *b, size_t n)
{
	struct ioasid_acpi_iort t;
	const char *why = NULL;
	int rc = ioasid_acpi_parse_iort(b, n, &t, &why);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc) {
		FUZZ_CHECK(why != NULL);
		FUZZ_CHECK(t.nnodes == 0);
		return;
	}
	FUZZ_CHECK(n >= 48);
	FUZZ_CHECK(t.nnodes <= IOASID_IORT_MAX_NODES);
	FUZZ_CHECK(t.nnodes <= t.nsmmu3 + t.nrc + t.nnc);
	for (unsigned i = 0; i < t.nnodes; i++) {
		const struct ioasid_iort_node *k = &t.nodes[i];

		FUZZ_CHECK(k->type == 1 || k->type == 2 || k->type == 4);
		FUZZ_CHECK(k->offset >= 48 && k->offset + k->length <= n);
		FUZZ_CHECK(k->length >= 16);
		if (k->type == 2)
			FUZZ_CHECK(k->u.rc.pasid_max_width <= 31);
		if (k->type == 1)
			FUZZ_CHECK(strlen(k->u.nc.name) < sizeof(k->u.nc.name));
	}
}

static void line(const uint8_t *b, size_t n)
{
	char *s = malloc(n + 1);
	struct ioasid_smmu3_line l;
	const char *names[32];

	if (!s)
		abort();
	memcpy(s, b, n);
	s[n] = '\0';
	if (ioasid_smmu3_parse_boot_line(s, &l) == 0) {
		FUZZ_CHECK(strlen(l.dev) > 0 && strlen(l.dev) < sizeof(l.dev));
		FUZZ_CHECK(l.ias <= 64 && l.oas <= 64);
		FUZZ_CHECK(ioasid_smmu3_feature_names(l.features, "6.12", names, 32) <= 32);
		FUZZ_CHECK(ioasid_smmu3_feature_names(l.features, "6.1", names, 4) <= 32);
	}
	free(s);
}

static void dt(const uint8_t *b, size_t n)
{
	uint64_t base = 0;

	(void)ioasid_dt_compatible((const char *)b, n, "arm,smmu-v3");
	for (unsigned cells = 0; cells < 4; cells++) {
		int rc = ioasid_dt_reg_base(b, n, cells, &base);

		FUZZ_CHECK(rc == 0 || rc == -EINVAL);
		FUZZ_CHECK(rc || (cells >= 1 && cells <= 2 && n >= 4 * cells));
	}
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
		iort(b, n);
		break;
	case 1:
		line(b, n);
		break;
	default:
		dt(b, n);
		break;
	}
	free(b);
	return 0;
}
