// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/top-mutate DIR ALLOC_SET FREE_SET N: one mutation (one generation)
 * of an emulated host that allocates N IOASIDs in ALLOC_SET and frees the
 * first N IOASIDs of FREE_SET, through the model's own calls, for
 * bench/top-frame.sh's changed frame. One `ioasidctl alloc` and N `free`
 * would publish N + 1 generations, each costing seconds at 10,000 sets.
 * Prints the number of IOASIDs allocated and freed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioasid.h"

struct arg {
	uint32_t alloc_set, free_set;
	unsigned n, allocated, freed;
};

static int change(struct ioasid_sim_host *h, void *p)
{
	struct ioasid_model *m = ioasid_sim_model(h);
	struct arg *a = p;
	struct ioasid_model_ioasid_info io;
	uint32_t ids[64];
	unsigned n = 0;

	for (unsigned k = 0; k < a->n; k++) {
		int64_t id = ioasid_model_alloc(m, a->alloc_set, 1, IOASID_MODEL_INVALID - 1);

		if (id < 0)
			return (int)id;
		a->allocated++;
	}
	/* the IDs first: a free may destroy the set (its last IOASID) */
	for (uint32_t from = 1;
	     n < a->n && n < 64 && ioasid_model_ioasid_next(m, a->free_set, from, &io) == 0;
	     from = io.id + 1)
		ids[n++] = io.id;
	for (unsigned k = 0; k < n; k++) {
		int rc = ioasid_model_free_ioasid(m, a->free_set, ids[k]);

		if (rc < 0)
			return rc;
		a->freed++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ioasid_error err = {0};
	struct arg a = {0};
	int rc;

	if (argc != 5) {
		fprintf(stderr, "Usage: top-mutate DIR ALLOC_SET FREE_SET N\n");
		return 2;
	}
	a.alloc_set = (uint32_t)strtoul(argv[2], NULL, 10);
	a.free_set = (uint32_t)strtoul(argv[3], NULL, 10);
	a.n = (unsigned)strtoul(argv[4], NULL, 10);
	rc = ioasid_sim_mutate(argv[1], change, &a, false, &err);
	if (rc < 0) {
		fprintf(stderr, "top-mutate: %s: %s\n", err.object[0] ? err.object : argv[1],
			err.message[0] ? err.message : strerror(-rc));
		return 1;
	}
	printf("%u allocated, %u freed\n", a.allocated, a.freed);
	return 0;
}
