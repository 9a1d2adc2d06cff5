// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/top-mkhost DIR SETS PER_SET: an emulated host (ioasidctl sim init)
 * with SETS more null sets of PER_SET IOASIDs each, made in one mutation
 * (one generation) through the model's own calls, for bench/top-frame.sh.
 * One `ioasidctl set create` + `alloc` per set would publish a generation
 * each: hours at 10,000 sets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioasid.h"

struct arg {
	unsigned sets, per_set;
};

static int fill(struct ioasid_sim_host *h, void *p)
{
	struct ioasid_model *m = ioasid_sim_model(h);
	const struct arg *a = p;

	for (unsigned i = 0; i < a->sets; i++) {
		int64_t set = ioasid_model_set_alloc(m, IOASID_MODEL_SET_NULL, 0, a->per_set);

		if (set < 0)
			return (int)set;
		for (unsigned k = 0; k < a->per_set; k++) {
			int64_t id =
				ioasid_model_alloc(m, (uint32_t)set, 1, IOASID_MODEL_INVALID - 1);

			if (id < 0)
				return (int)id;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ioasid_sim_init_opts o = {.vms = 2};
	struct ioasid_error err = {0};
	struct arg a;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "Usage: top-mkhost DIR SETS PER_SET\n");
		return 2;
	}
	a.sets = (unsigned)strtoul(argv[2], NULL, 10);
	a.per_set = (unsigned)strtoul(argv[3], NULL, 10);
	rc = ioasid_sim_init(argv[1], &o, &err);
	if (rc == 0)
		rc = ioasid_sim_mutate(argv[1], fill, &a, false, &err);
	if (rc < 0) {
		fprintf(stderr, "top-mkhost: %s: %s\n", err.object[0] ? err.object : argv[1],
			err.message[0] ? err.message : strerror(-rc));
		return 1;
	}
	return 0;
}
