// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the genl dump stream parser (ext-genl.c ioasid_ext_stream_feed
 * and ioasid_ext_parse_msg through it), as a stored dump chunk feeds it.
 * Records handed out are valid IOASIDs with NUL-terminated strings; the
 * parser consumes no more than it was given. */
#include <errno.h>

#include "ext/ext.h"
#include "fuzz_common.h"
#include "uapi/ioasid.h"

static int check_rec(const struct ioasid_ext_rec *r, void *arg)
{
	(void)arg;
	FUZZ_CHECK(r->ioasid != 0 && r->ioasid != IOASID_INVALID);
	FUZZ_CHECK(!r->has_spid || r->spid != IOASID_INVALID);
	if (r->cgroup)
		FUZZ_CHECK(strlen(r->cgroup) < 4096);
	if (r->device)
		FUZZ_CHECK(strlen(r->device) < 64);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a heap copy of exactly size bytes: ASan sees any overread */
	uint8_t *buf = malloc(size ? size : 1);

	memcpy(buf, data, size);
	for (int cmd = IOASID_CMD_GET_IOASID; cmd <= IOASID_CMD_GET_BINDING; cmd++) {
		struct ioasid_ext_dump_stats st = {0};
		struct ioasid_ext_stream s = {.cmd = cmd, .fn = check_rec, .st = &st};
		size_t used = 0;
		int rc = ioasid_ext_stream_feed(&s, buf, size, &used);

		FUZZ_CHECK(rc == 0 || rc == -EBADMSG || rc == -ENOMEM);
		FUZZ_CHECK(used <= size);
		FUZZ_CHECK(st.matched == st.records && st.records <= st.messages);
		/* odd offsets: the unaligned-copy path */
		if (size > 1) {
			s = (struct ioasid_ext_stream){.cmd = cmd, .fn = check_rec, .st = &st};
			ioasid_ext_stream_feed(&s, buf + 1, size - 1, &used);
			FUZZ_CHECK(used <= size - 1);
		}
	}
	free(buf);
	return 0;
}
