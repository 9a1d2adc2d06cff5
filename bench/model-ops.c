// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/model-ops N: operations per second of the executable model
 * (src/lib/model, ioasid-model.h) on one mm set of a VM process: N allocs,
 * N binds (SPID attached, the /dev/ioasid level), N unbinds, N frees, each
 * phase timed on CLOCK_PROCESS_CPUTIME_ID; the baseline in the same run is
 * N malloc(64)+free pairs (the floor of any table that allocates per
 * entry). A microbenchmark (DESIGN.md 7), not a headline: prints a table,
 * asserts nothing but that each call succeeded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ioasid.h"

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, unsigned long n, double s, double base)
{
	printf("%-34s %10.0f ops/s  %8.1f ns/op  %6.2f x malloc+free\n", what, n / s, s / n * 1e9,
	       base > 0 ? s / base : 0);
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	struct ioasid_model *m;
	uint32_t *ids = malloc(n * sizeof(*ids));
	void **blk = malloc(n * sizeof(*blk));
	double t0, base, t;
	int64_t set;

	if (!ids || !blk || n == 0 || n > 0xfffff || ioasid_model_new(&m, 3, 1024) < 0 ||
	    ioasid_model_install_capacity(m, 0x100000) < 0 ||
	    ioasid_model_proc_add(m, 4001, 0x1000, "/") < 0 ||
	    (set = ioasid_model_proc_open(m, 4001, (uint32_t)n)) < 0) {
		fprintf(stderr, "model-ops: cannot set up a model for %lu IOASIDs\n", n);
		return 1;
	}
	t0 = cpu_now();
	for (unsigned long i = 0; i < n; i++)
		blk[i] = malloc(64);
	for (unsigned long i = 0; i < n; i++)
		free(blk[i]);
	base = cpu_now() - t0;
	printf("model: %lu IOASIDs in one mm set (cgroup forms: both)\n", n);
	printf("%-34s %10.0f ops/s  %8.1f ns/op  (baseline)\n", "malloc(64)+free", n / base,
	       base / n * 1e9);
#define PHASE(name, call)                                                                          \
	do {                                                                                       \
		t0 = cpu_now();                                                                    \
		for (unsigned long i = 0; i < n; i++)                                              \
			if ((call) < 0) {                                                          \
				fprintf(stderr, "model-ops: %s %lu failed\n", name, i);            \
				return 1;                                                          \
			}                                                                          \
		t = cpu_now() - t0;                                                                \
		report(name, n, t, base);                                                          \
	} while (0)
	PHASE("alloc",
	      (ids[i] = (uint32_t)ioasid_model_alloc(m, (uint32_t)set, 1, 0xffffe)) == 0 ? -1 : 0);
	PHASE("bind (attach SPID)", ioasid_model_bind(m, 0x1000, ids[i], (uint32_t)i + 1));
	PHASE("unbind", ioasid_model_unbind(m, 0x1000, ids[i]));
	PHASE("free", ioasid_model_free_ioasid(m, (uint32_t)set, ids[i]));
	ioasid_model_free(m);
	free(ids);
	free(blk);
	return 0;
}
