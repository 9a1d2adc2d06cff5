// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the genl dump stream parser (ext-genl.c ioasid_ext_stream_feed
 * and ioasid_ext_parse_msg through it), as a stored dump chunk feeds it, for
 * the three dumps (GET_IOASID, GET_BINDING, GET_SET).
 * Records handed out are valid IOASIDs with NUL-terminated strings; the
 * parser consumes no more than it was given. */
#include <errno.h>

#include "ext/ext.h"
#include "fuzz_common.h"
#include "uapi/ioasid.h"

static int check_rec(const struct ioasid_ext_rec *r, void *arg)
{
	const int *cmd = arg;

	/* a set record (GET_SET, ioasid-abi(7) version 2) has no IOASID */
	FUZZ_CHECK(*cmd == IOASID_CMD_GET_SET || (r->ioasid != 0 && r->ioasid != IOASID_INVALID));
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
	static const int cmds[] = {IOASID_CMD_GET_IOASID, IOASID_CMD_GET_BINDING,
				   IOASID_CMD_GET_SET};

	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
		int cmd = cmds[k];
		struct ioasid_ext_dump_stats st = {0};
		struct ioasid_ext_stream s = {.cmd = cmd, .fn = check_rec, .arg = &cmd, .st = &st};
		size_t used = 0;
		int rc = ioasid_ext_stream_feed(&s, buf, size, &used);

		FUZZ_CHECK(rc == 0 || rc == -EBADMSG || rc == -ENOMEM);
		FUZZ_CHECK(used <= size);
		FUZZ_CHECK(st.matched == st.records && st.records <= st.messages);
		/* odd offsets: messages at unaligned addresses */
		if (size > 1) {
			s = (struct ioasid_ext_stream){
				.cmd = cmd, .fn = check_rec, .arg = &cmd, .st = &st};
			ioasid_ext_stream_feed(&s, buf + 1, size - 1, &used);
			FUZZ_CHECK(used <= size - 1);
		}
	}
	free(buf);
	return 0;
}
