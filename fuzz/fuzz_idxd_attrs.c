// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: idxd attribute parsers (idxd-parse.c): the 256-bit op_cap /
 * errors text, SWERR decoding, and the device, WQ and per-file client
 * names. An accepted name prints back to exactly the input (the kernel's
 * "%s%d", "wq%d.%d", "file%d"); an accepted bitmap prints back to the
 * same 6.12 text or the same 6.1 text. */
#include <inttypes.h>

#include "fuzz_common.h"
#include "ioasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	struct ioasid_idxd_swerr e;
	enum ioasid_idxd_type t;
	uint64_t w[4];
	unsigned a, b;
	char back[160];

	if (ioasid_idxd_parse_bits256(text, w) == 0) {
		int n = 0;

		for (int i = 3; i >= 0; i--)
			n += snprintf(back + n, sizeof(back) - (size_t)n,
				      "%08" PRIx32 ",%08" PRIx32 "%c", (uint32_t)(w[i] >> 32),
				      (uint32_t)w[i], i ? ',' : '\n');
		if (strcasecmp(back, text)) {
			n = 0;
			for (int i = 0; i < 4; i++)
				n += snprintf(back + n, sizeof(back) - (size_t)n,
					      "0x%016" PRIx64 "%c", w[i], i == 3 ? '\n' : ' ');
			FUZZ_CHECK(!strcasecmp(back, text));
		}
		ioasid_idxd_decode_swerr(w, &e);
		FUZZ_CHECK(e.pasid <= 0xfffff && e.error <= 0xff && e.wq_idx <= 0xff);
	}
	if (ioasid_idxd_parse_wq_name(text, &a, &b) == 0) {
		snprintf(back, sizeof(back), "wq%u.%u", a, b);
		FUZZ_CHECK(!strcmp(back, text));
	}
	if (ioasid_idxd_parse_dev_name(text, &t, &a) == 0) {
		snprintf(back, sizeof(back), "%s%u", ioasid_idxd_type_name(t), a);
		FUZZ_CHECK(!strcmp(back, text));
	}
	if (ioasid_idxd_parse_file_name(text, &a) == 0) {
		snprintf(back, sizeof(back), "file%u", a);
		FUZZ_CHECK(!strcmp(back, text));
	}
	free(text);
	return 0;
}
