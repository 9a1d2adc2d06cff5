// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the emulated host's state file parser (sim-state.c
 * sim_state_load), as `--sim DIR` reads DIR/gen-N/.sim/state: a hostile or
 * corrupted file gives an error with a message, never a crash. A file it
 * accepts passes the model's own check, and saving the loaded host then
 * loading that again gives the same text (the save/load round trip the
 * mutations rely on). */
#include <errno.h>

#include "fuzz_common.h"
#include "sim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes (not NUL-terminated, as read_file_at hands
	 * them): ASan sees any read past the end */
	char *buf = malloc(size ? size : 1);
	struct ioasid_sim_host h, h2;
	char msg[256] = "", msg2[256] = "";
	char *out, *out2;
	size_t len, len2;
	int rc;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	rc = sim_state_load(&h, buf, size, msg, sizeof(msg));
	free(buf);
	if (rc) {
		FUZZ_CHECK(rc < 0 && h.m == NULL);
		FUZZ_CHECK(rc == -ENOMEM || memchr(msg, '\0', sizeof(msg)));
		return 0;
	}
	FUZZ_CHECK(h.m != NULL);
	FUZZ_CHECK(ioasid_model_check(h.m, msg, sizeof(msg)) == 0);
	FUZZ_CHECK(memchr(h.platform, '\0', sizeof(h.platform)) != NULL);
	if (sim_state_save(&h, &out, &len) == 0) {
		rc = sim_state_load(&h2, out, len, msg2, sizeof(msg2));
		if (rc)
			fprintf(stderr, "reload refused: %s\n", msg2);
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK(sim_state_save(&h2, &out2, &len2) == 0);
		FUZZ_CHECK(len2 == len && memcmp(out, out2, len) == 0);
		free(out2);
		free(out);
		ioasid_model_free(h2.m);
	}
	ioasid_model_free(h.m);
	return 0;
}
