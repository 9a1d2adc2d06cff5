// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness for the pure PCI helpers (src/lib/stock/pci-caps.c).
 * Input: one selector byte, then the payload.
 *   even selector: payload is raw config space for ioasid_pci_decode_caps()
 *                  (copied into a buffer of exactly its size, so ASan sees
 *                  any read past it)
 *   odd selector:  payload is a string for ioasid_pci_parse_bdf()
 * Beyond memory safety it checks the decoder's promises: offsets inside
 * extended config space with the whole capability in the image, fields
 * within their register widths; and that a parsed BDF is canonical.
 * Build and run: make fuzz-pci (fuzz/pci.mk).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static void fuzz_caps(const uint8_t *data, size_t size)
{
	struct ioasid_pasid_cap pasid;
	struct ioasid_pri_cap pri;
	struct ioasid_ats_cap ats;
	size_t lim = size < 4096 ? size : 4096;
	uint8_t *cfg = malloc(size ? size : 1);

	if (!cfg)
		return;
	memcpy(cfg, data, size);
	ioasid_pci_decode_caps(cfg, size, &pasid, &pri, &ats);
	if (pasid.present) {
		check(pasid.offset >= 0x100 && pasid.offset + 8 <= lim, "pasid offset");
		check(pasid.offset % 4 == 0, "pasid alignment");
		check(pasid.width <= 0x1f, "pasid width");
	} else {
		check(pasid.offset == 0 && pasid.width == 0 && !pasid.enabled, "pasid zeroed");
	}
	if (pri.present) {
		check(pri.offset >= 0x100 && pri.offset + 16 <= lim, "pri offset");
		check(pri.offset % 4 == 0, "pri alignment");
	} else {
		check(pri.offset == 0 && pri.capacity == 0 && !pri.enabled, "pri zeroed");
	}
	if (ats.present) {
		check(ats.offset >= 0x100 && ats.offset + 8 <= lim, "ats offset");
		check(ats.offset % 4 == 0, "ats alignment");
		check(ats.qdep <= 0x1f && ats.stu <= 0x1f, "ats fields");
	} else {
		check(ats.offset == 0 && ats.qdep == 0 && !ats.enabled, "ats zeroed");
	}
	/* NULL outputs must be accepted */
	ioasid_pci_decode_caps(cfg, size, NULL, NULL, NULL);
	free(cfg);
}

static void fuzz_bdf(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[16], again[16];
	int rc;

	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(out, 0, sizeof(out));
	rc = ioasid_pci_parse_bdf(s, out);
	check(rc == 0 || rc == -EINVAL, "parse_bdf return");
	if (rc == 0) {
		check(memchr(out, '\0', sizeof(out)) != NULL, "bdf terminated");
		/* canonical: parses to itself */
		check(ioasid_pci_parse_bdf(out, again) == 0 && !strcmp(out, again),
		      "bdf canonical");
		check(strlen(out) >= 12, "bdf has a domain");
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_bdf(data + 1, size - 1);
	else
		fuzz_caps(data + 1, size - 1);
	return 0;
}
