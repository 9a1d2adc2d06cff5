// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: kernel release parser (kernel.c ioasid_parse_release). */
#include <ctype.h>
#include <errno.h>

#include "fuzz_common.h"
#include "ioasid-kernel.h"
#include "stock/kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strdup(data, size);
	unsigned code = 0xdeadbeef;
	int rc = ioasid_parse_release(s, &code);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc == 0) {
		FUZZ_CHECK(isdigit((unsigned char)s[0]));
		FUZZ_CHECK(code <= IOASID_KVER(255u, 255u, 255u));
	} else {
		FUZZ_CHECK(code == 0xdeadbeef);
	}
	free(s);
	return 0;
}
