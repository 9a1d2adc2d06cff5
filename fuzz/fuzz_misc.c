// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the misc cgroup files (cgroup-misc.c ioasid_misc_parse and
 * ioasid_misc_finish) and cgroup.controllers (ioasid_parse_controllers).
 * The first byte picks the file. Resources are bounded, named, unique;
 * "max" is UINT64_MAX; bad + good lines never exceed the lines. */
#include <errno.h>

#include "cgroup/cgroup.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioasid_misc_cgroup cg = {0};
	enum ioasid_misc_file f;
	size_t lines = 1;
	int bad;

	if (size < 1)
		return 0;
	f = (enum ioasid_misc_file)(data[0] % IOASID_MISC_NFILES);
	data++;
	size--;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	bad = ioasid_misc_parse(&cg, f, (const char *)data, size);
	FUZZ_CHECK(bad >= 0);
	FUZZ_CHECK((size_t)bad + cg.nres <= lines);
	FUZZ_CHECK(cg.nres <= 64);
	for (int i = 0; i < IOASID_MISC_NFILES; i++)
		cg.file_err[i] = i == (int)f ? (bad ? EINVAL : 0) : ENOENT;
	ioasid_misc_finish(&cg);
	for (size_t i = 0; i < cg.nres; i++) {
		const struct ioasid_misc_res *r = &cg.res[i];

		FUZZ_CHECK(r->name[0] && memchr(r->name, '\0', sizeof(r->name)));
		FUZZ_CHECK(ioasid_misc_find(&cg, r->name) == r);
		for (int k = 0; k < IOASID_MISC_NFILES; k++)
			FUZZ_CHECK(r->v[k].err >= 0 && (r->v[k].err == 0 || r->v[k].v == 0));
		if (r->max_unlimited)
			FUZZ_CHECK(r->v[IOASID_MISC_MAX].v == UINT64_MAX);
	}
	ioasid_misc_cgroup_free(&cg);
	bad = ioasid_parse_controllers((const char *)data, size, "misc");
	FUZZ_CHECK(bad == 0 || bad == 1 || bad == -EINVAL);
	return 0;
}
