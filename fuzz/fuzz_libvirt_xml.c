// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the domain XML reader of the libvirt hook
 * (src/cmd/ctl/libvirt-xml.c, compiled in here). The input is handed over
 * without a terminating NUL, so ASan reports any read past it; whatever it
 * holds, the reader returns a domain whose strings are terminated inside
 * their buffers, or refuses it saying why. */
#include <errno.h>

#include "fuzz_common.h"
#include "../src/cmd/ctl/libvirt-xml.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);
	char why[256] = "";
	struct lv_domain d;
	int rc;

	if (!s)
		abort();
	memcpy(s, data, size);
	rc = lv_domain_parse(s, size, &d, why, sizeof(why));
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	if (rc == -EINVAL)
		FUZZ_CHECK(!strncmp(why, "byte ", 5));
	if (rc == 0) {
		FUZZ_CHECK(memchr(d.name, '\0', sizeof(d.name)));
		FUZZ_CHECK(memchr(d.limit, '\0', sizeof(d.limit)));
		FUZZ_CHECK(memchr(d.form, '\0', sizeof(d.form)));
		FUZZ_CHECK(d.id == -1 || (d.id >= 1 && d.id <= INT32_MAX));
		FUZZ_CHECK(d.nlimits >= 0);
		/* the trimmed limit has no blank at either end */
		FUZZ_CHECK(!d.limit[0] ||
			   (d.limit[0] != ' ' && d.limit[strlen(d.limit) - 1] != ' '));
	}
	free(s);
	return 0;
}
