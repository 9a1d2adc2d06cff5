// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the emulated host's genl file walker (sim-genl.c
 * sim_genl_walk), as `ioasidctl sim check` and the renderer read the
 * chunk, set and notify files of a `--sim DIR`: every header must lie
 * inside the buffer, a corrupted file is -EBADMSG, never a crash. The
 * walker never counts more messages than fit in the bytes. */
#include <errno.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "fuzz_common.h"
#include "sim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a heap copy of exactly size bytes: ASan sees any overread */
	char *buf = malloc(size ? size : 1);
	uint32_t msgs = 0;
	uint64_t seq = 0;
	int rc;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	rc = sim_genl_walk(buf, size, &msgs, &seq);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
	FUZZ_CHECK(msgs <= size / (NLMSG_HDRLEN + GENL_HDRLEN));
	rc = sim_genl_walk(buf, size, &msgs, NULL);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
	/* odd offsets: the unaligned-copy path */
	if (size > 1) {
		rc = sim_genl_walk(buf + 1, size - 1, &msgs, &seq);
		FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
	}
	free(buf);
	return 0;
}
