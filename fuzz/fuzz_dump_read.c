// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer: the dump archive reader (dump-read.c iodump_extract_memory)
 * and the manifest loader. The bytes are an archive; it is extracted into
 * base/x, a fresh directory per input. Invariants: no crash, and nothing
 * appears in base beside x (the reader never writes outside its target),
 * whatever the members' names, links or sizes. A successful extraction is
 * then opened as a sysroot (manifest parsed, overlay installed).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dump/dump.h"
#include "fuzz_common.h"
#include "fuzz_extract.h"
#include "core/internal.h"

static char base[PATH_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dest[PATH_MAX + 8], top[PATH_MAX + 32];
	struct ioasid_error err;
	struct ioasid_ctx *ctx;
	int rc;

	fuzz_base_dir(base, "dump");
	snprintf(dest, sizeof(dest), "%s/x", base);
	if (mkdir(dest, 0755) < 0)
		abort();
	rc = iodump_extract_memory(data, size, dest, &err);
	FUZZ_CHECK(rc == 0 || err.message[0]);
	FUZZ_CHECK(fuzz_entries(base) == 1);
	if (rc == 0) {
		snprintf(top, sizeof(top), "%s/%s", dest, IOASID_DUMP_TOP);
		if (ioasid_ctx_open(&ctx, top, &err) == 0)
			ioasid_ctx_free(ctx);
	}
	ioasid_remove_tree(dest);
	FUZZ_CHECK(fuzz_entries(base) == 0);
	return 0;
}
