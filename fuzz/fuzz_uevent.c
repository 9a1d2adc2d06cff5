// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: kernel uevent datagrams (events-uevent.c ioasid_uevent_parse,
 * lib/kobject_uevent.c format). A parsed event always has an action and an
 * object, both NUL-terminated within their arrays, and no more fields than
 * the event holds. */
#include <errno.h>

#include "events/events.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy: ASan sees any read past the datagram */
	uint8_t *buf = malloc(size ? size : 1);
	struct ioasid_event *ev = malloc(sizeof(*ev));
	int rc;

	if (!buf || !ev)
		abort();
	memcpy(buf, data, size);
	rc = ioasid_uevent_parse(buf, size, ev);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMSG);
	if (rc == 0) {
		FUZZ_CHECK(ev->action[0] && strlen(ev->action) < sizeof(ev->action));
		FUZZ_CHECK(ev->object[0] && strlen(ev->object) < sizeof(ev->object));
		FUZZ_CHECK(ev->nfields <= IOASID_EVENT_MAX_FIELDS);
		for (size_t i = 0; i < ev->nfields; i++)
			FUZZ_CHECK(strlen(ev->fields[i].value) < sizeof(ev->fields[i].value));
	}
	free(ev);
	free(buf);
	return 0;
}
