// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: a stream of the family ioasid's notification messages (the
 * emulated host's event log file, or what the notify group delivers):
 * events-ioasid.c ioasid_ntf_walk + ioasid_ntf_parse. */
#include <errno.h>

#include "events/events.h"
#include "fuzz_common.h"

static int on_msg(const void *msg, size_t len, void *arg)
{
	struct ioasid_event *ev = arg;
	/* an aligned exact-size copy, as the sources make */
	void *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, msg, len);
	rc = ioasid_ntf_parse(copy, len, ev);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMSG);
	if (rc == 0)
		FUZZ_CHECK(ev->has_seq && !strncmp(ev->object, "ioasid ", 7));
	free(copy);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct ioasid_event *ev = malloc(sizeof(*ev));
	int rc;

	if (!buf || !ev)
		abort();
	memcpy(buf, data, size);
	rc = ioasid_ntf_walk(buf, size, on_msg, ev);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
	free(ev);
	free(buf);
	return 0;
}
