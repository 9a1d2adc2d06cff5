// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: one /dev/kmsg record as read() returns it, then the fault /
 * PRQ overflow classifier on its text (events-kmsg.c
 * ioasid_kmsg_record_parse, ioasid_kmsg_classify). The classifier also
 * gets the raw input as a message, so its own parsers see arbitrary text
 * without a valid record header. */
#include <errno.h>

#include "events/events.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct ioasid_event *ev = malloc(sizeof(*ev));
	uint64_t seq, usec;
	char *msg = NULL, *text;
	int rc;

	if (!buf || !ev)
		abort();
	memcpy(buf, data, size);
	rc = ioasid_kmsg_record_parse((const char *)buf, size, &seq, &usec, &msg);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc == 0) {
		FUZZ_CHECK(strlen(msg) <= size);
		if (ioasid_kmsg_classify(msg, ev))
			FUZZ_CHECK(ev->object[0] && ev->nfields <= IOASID_EVENT_MAX_FIELDS);
		free(msg);
	}
	text = fuzz_strdup(data, size);
	if (ioasid_kmsg_classify(text, ev))
		FUZZ_CHECK(ev->object[0] && ev->action[0]);
	free(text);
	free(ev);
	free(buf);
	return 0;
}
