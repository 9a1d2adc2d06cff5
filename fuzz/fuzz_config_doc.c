// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the config document reader of ioasidctl config apply
 * (src/cmd/ctl/config-doc.c, compiled in here: json-c's strict tokener and
 * the schema checks). The input is handed over without a terminating NUL,
 * so ASan reports any read past it. Whatever it holds, the reader accepts
 * it with every value inside the schema's ranges, or refuses it naming a
 * JSON path (or a line and column). */
#include <errno.h>
#include <inttypes.h>

#include "fuzz_common.h"
#include "../src/cmd/ctl/config-doc.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);
	char path[64] = "", why[512] = "";
	struct config_doc d;
	int rc;

	if (!s)
		abort();
	memcpy(s, data, size);
	rc = config_doc_parse(s, size, &d, path, sizeof(path), why, sizeof(why));
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	if (rc == -EINVAL) {
		FUZZ_CHECK(path[0] == '$' || !strncmp(path, "line ", 5));
		FUZZ_CHECK(why[0] != '\0');
		FUZZ_CHECK(d.ncgroups == 0 && d.nsets == 0 && !d.cgroups && !d.sets);
	}
	if (rc == 0) {
		for (size_t i = 0; i < d.ncgroups; i++) {
			const struct config_cgroup *c = &d.cgroups[i];

			FUZZ_CHECK(c->name && c->name[0]);
			FUZZ_CHECK(c->by_unit ? !strchr(c->name, '/') : c->name[0] == '/');
			FUZZ_CHECK(!strstr(c->name, "/../") && !strstr(c->name, "//"));
			FUZZ_CHECK(c->limit <= INT64_MAX || c->limit == CONFIG_LIMIT_MAX);
			FUZZ_CHECK(c->form == CONFIG_FORM_MISC || c->form == CONFIG_FORM_IOASIDS);
		}
		for (size_t i = 0; i < d.nsets; i++)
			FUZZ_CHECK(d.sets[i].quota >= 1 && d.sets[i].quota <= CONFIG_PASID_SPACE);
		FUZZ_CHECK(!d.has_capacity || d.reserved <= CONFIG_PASID_SPACE);
		config_doc_free(&d);
	}
	free(s);
	return 0;
}
