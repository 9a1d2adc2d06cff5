/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The mutation commands of the emulated host (ctl/set.c, capacity.c, vm.c,
 * alloc.c, cgroup-*.c): each runs one ioasid_sim_mutate() (locked, atomic:
 * one new generation or none), takes --dry-run and -J, and on a live host
 * or a snapshot says why it cannot apply there (exit 4).
 */
#ifndef IOASIDCTL_CMD_MUT_H
#define IOASIDCTL_CMD_MUT_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"

/* Returned by a callback when the host already is as asked (idempotent
 * commands): success, nothing published. */
#define MUT_UNCHANGED (-EALREADY)

/* One mutation: the callback fills the result or says what failed. */
struct mut {
	const char *command; /* "set create" */
	bool dry_run;
	uint64_t gen;	       /* the generation the callback ran on */
	json_object *res;      /* result fields (the callback adds them) */
	char text[512];	       /* the plain-text result line */
	char old[32], new[32]; /* the value changed, before and after (optional) */
	/* failure: the object, why (NULL: strerror), and whether the object
	 * does not exist (exit 3) */
	char object[64];
	char why[256];
	bool notfound;
	/* a failure after a change that is published anyway (alloc --count:
	 * the IOASIDs before the refusal, the refusal counted in events) */
	int late_err;
	void *arg;					     /* the command's own arguments */
	int (*fn)(struct ioasid_sim_host *h, struct mut *m); /* set by mut_apply() */
};

/* Whether the command may run: its write target (cli_write_target()) is
 * the emulated host; else one line why not (exit 4; live: reason). */
int mut_need_sim(struct cli *c, const char *reason);
/* The same into a record (nothing printed): EXIT_OK or r's status. */
int mut_need_sim_result(struct cli *c, const char *reason, struct cli_result *r);
/* Run fn under ioasid_sim_mutate() on c->sim: the result (or why not) into
 * r, nothing printed; returns r->status. r is initialised here. */
int mut_apply(struct cli *c, struct mut *m, int (*fn)(struct ioasid_sim_host *h, struct mut *m),
	      struct cli_result *r);
/* mut_apply() and print its record (text or JSON). */
int mut_run(struct cli *c, struct mut *m, int (*fn)(struct ioasid_sim_host *h, struct mut *m));
/* The callback's failure: sets object/why, returns -errnum. */
int mut_fail(struct mut *m, int errnum, bool notfound, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The --dry-run option of every mutation, writing *dry. */
struct poptOption mut_dry_run_opt(int *dry);
/* No positional arguments beyond n. */
int mut_nargs(struct cli *c, const char **args, size_t n, const char *usage);

/* Whether a cgroup path can be kept by the emulated host: its state file
 * separates fields by spaces, so no whitespace or control characters. */
bool mut_cgroup_name_ok(const char *path);
#define MUT_CGROUP_NAME_WHY "the emulated host takes cgroup names without whitespace"

/* The live host's admin knobs (cli/knob.c), for a write target
 * CLI_TARGET_LIVE: write the knob through sysfs (exit 4 without the
 * extension). */
int knob_live(struct cli *c, enum ioasid_ext_knob k, uint32_t set, uint32_t value, bool dry_run);
/* The same as a record (nothing printed; config apply): fields file,
 * value, set, old_* and new_* of the knob; returns r->status. */
int knob_live_result(struct cli *c, enum ioasid_ext_knob k, uint32_t set, uint32_t value,
		     bool dry_run, struct cli_result *r);

#endif
