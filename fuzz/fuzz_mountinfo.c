// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: /proc/self/mountinfo (cgroup.c ioasid_cgroup_scan_mountinfo,
 * ioasid_parse_mountinfo_line, ioasid_unescape_octal). A chosen cgroup2
 * mount has absolute, unescaped, NUL-free paths; counts never exceed the
 * number of lines. */
#include <errno.h>

#include "cgroup/cgroup.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioasid_cgroup_scan *s = malloc(sizeof(*s));
	size_t lines = 1;
	char *line;

	if (!s)
		abort();
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (ioasid_cgroup_scan_mountinfo((const char *)data, size, s) == 0) {
		FUZZ_CHECK(s->nv1 + s->nv2 + s->bad <= lines);
		FUZZ_CHECK(s->found == (s->nv2 > 0));
		if (s->found) {
			FUZZ_CHECK(s->v2.mountpoint[0] == '/');
			FUZZ_CHECK(s->v2.root[0] == '/');
		}
	}
	free(s);
	/* the first line on its own, as a C string */
	line = fuzz_strdup(data, size);
	line[strcspn(line, "\n")] = '\0';
	{
		struct ioasid_mountinfo e;

		if (ioasid_parse_mountinfo_line(line, &e) == 0) {
			FUZZ_CHECK(e.root[0] == '/' && e.mountpoint[0] == '/');
			FUZZ_CHECK(*e.fstype && *e.super_opts);
		}
	}
	free(line);
	return 0;
}
