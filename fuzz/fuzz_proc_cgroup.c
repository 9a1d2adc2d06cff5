// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: /proc/PID/cgroup (cgroup.c ioasid_parse_proc_cgroup). A
 * found path is absolute, fits, has no NUL or newline. */
#include <errno.h>

#include "cgroup/cgroup.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	bool deleted;
	unsigned nv1;
	int rc = ioasid_parse_proc_cgroup((const char *)data, size, path, sizeof(path), &deleted,
					  &nv1);

	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -EINVAL || rc == -ENAMETOOLONG);
	FUZZ_CHECK(nv1 <= size);
	if (rc == 0) {
		FUZZ_CHECK(path[0] == '/');
		FUZZ_CHECK(strlen(path) < sizeof(path));
		FUZZ_CHECK(!strchr(path, '\n'));
	}
	return 0;
}
