// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the IOASID extension's sysfs parsers (ext-sysfs.c) and the
 * ioasids cgroup files (cgroup-ioasids.c). The first byte picks the
 * parser, the rest is the file's text. A parsed value obeys its format. */
#include <errno.h>

#include "cgroup/cgroup.h"
#include "ext/ext.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	size_t len;
	uint64_t v;
	uint32_t pid;
	enum ioasid_ext_set_type t;
	struct ioasid_val val;
	bool unl;
	char *cg;
	int rc;

	if (size < 1)
		return 0;
	text = fuzz_strdup(data + 1, size - 1);
	len = size - 1;
	switch (data[0] % 5) {
	case 0:
		if (ioasid_ext_parse_uint(text, len, UINT32_MAX, &v) == 0)
			FUZZ_CHECK(v <= UINT32_MAX);
		break;
	case 1:
		if (ioasid_ext_parse_pid(text, len, &pid) == 0)
			FUZZ_CHECK(pid >= 1 && pid <= INT32_MAX);
		break;
	case 2:
		if (ioasid_ext_parse_set_type(text, len, &t) == 0)
			FUZZ_CHECK(t == IOASID_EXT_SET_NULL || t == IOASID_EXT_SET_MM);
		break;
	case 3:
		rc = ioasid_ext_parse_cgroup(text, len, &cg);
		if (rc == 0) {
			FUZZ_CHECK(cg[0] == '/' && !strchr(cg, '\n'));
			FUZZ_CHECK(strlen(cg) <= len);
			free(cg);
		}
		break;
	default:
		for (int f = 0; f < IOASID_IOASIDS_NFILES; f++) {
			rc = ioasid_ioasids_parse((enum ioasid_ioasids_file)f, text, len, &val,
						  &unl);
			FUZZ_CHECK((rc == 0) == (val.err == 0));
			if (rc == 0)
				FUZZ_CHECK(unl ? val.v == UINT64_MAX : val.v <= INT64_MAX);
		}
		break;
	}
	free(text);
	return 0;
}
