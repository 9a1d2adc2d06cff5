// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * capacity reserve|cancel and set quota on the live host: the extension's
 * admin knobs (ioasid-abi(7) SYSFS), where a kernel has them (the
 * reference module kmod/ does; no shipping kernel does: exit 4 there).
 * The kernel applies the seed's rules and its errno is reported; the
 * values before and after are read back from the same sysfs directory.
 * The JSON record has the keys of the emulated host's (cli/mut.c), with
 * generation null.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mut.h"

/* What the kernel's errno means for this knob (the seed rule it applies) */
static const char *knob_why(enum ioasid_ext_knob k, int e)
{
	switch (e) {
	case ENOSPC:
		return k == IOASID_KNOB_RESERVE ? "more than the available capacity (seed:6421)"
						: "the increase exceeds the available capacity "
						  "(seed:7919)";
	case EINVAL:
		return k == IOASID_KNOB_CANCEL	    ? "more than is reserved (seed:6449)"
		       : k == IOASID_KNOB_SET_QUOTA ? "0, or below the set's allocated IOASIDs "
						      "(seed:7908-7917)"
						    : "out of the range the kernel accepts";
	case EPERM:
	case EACCES:
		return "permission denied (the knobs need root: CAP_SYS_ADMIN)";
	case ENODEV:
		return "the set was destroyed meanwhile";
	default:
		return NULL;
	}
}

static void add_u32(json_object *o, const char *key, const struct ioasid_val *v)
{
	json_object_object_add(o, key, v->err ? NULL : json_object_new_int64((int64_t)v->v));
}

/* available/reserved, or the set's quota, into o under prefix */
static void knob_state(struct cli *c, enum ioasid_ext_knob k, uint32_t set, json_object *o,
		       const char *when)
{
	char key[32];

	if (k == IOASID_KNOB_SET_QUOTA) {
		struct ioasid_ext_set s;

		snprintf(key, sizeof(key), "%s_quota", when);
		if (ioasid_ext_set_read(c->ctx, set, &s) == 0)
			add_u32(o, key, &s.quota);
		else
			json_object_object_add(o, key, NULL);
		return;
	}
	struct ioasid_ext_info i;

	ioasid_ext_info_read(c->ctx, &i);
	snprintf(key, sizeof(key), "%s_available", when);
	add_u32(o, key, &i.available);
	snprintf(key, sizeof(key), "%s_reserved", when);
	add_u32(o, key, &i.reserved);
	snprintf(key, sizeof(key), "%s_default_quota", when);
	if (k == IOASID_KNOB_DEFAULT_QUOTA)
		add_u32(o, key, &i.default_quota);
}

int knob_live_result(struct cli *c, enum ioasid_ext_knob k, uint32_t set, uint32_t value,
		     bool dry_run, struct cli_result *r)
{
	static const char *const file[] = {
		[IOASID_KNOB_RESERVE] = "capacity/reserve",
		[IOASID_KNOB_CANCEL] = "capacity/cancel",
		[IOASID_KNOB_DEFAULT_QUOTA] = "default_quota",
		[IOASID_KNOB_SET_QUOTA] = "quota",
	};
	json_object *o;
	char path[64];
	int rc;

	cli_result_init(r, c->cmdname, CLI_TARGET_LIVE);
	rc = cli_open_result(c, r);
	if (rc != EXIT_OK)
		return rc;
	rc = ioasid_ext_supported(c->ctx);
	if (rc < 0)
		return cli_lib_fail(c, r, rc, "/sys/kernel/ioasid");
	if (k == IOASID_KNOB_SET_QUOTA)
		snprintf(path, sizeof(path), "sets/%u/quota", set);
	else
		snprintf(path, sizeof(path), "%s", file[k]);
	o = json_object_new_object();
	knob_state(c, k, set, o, "old");
	if (!dry_run) {
		rc = ioasid_ext_knob_write(c->ctx, k, set, value);
		if (rc < 0) {
			const struct ioasid_error *e = ioasid_ctx_last_error(c->ctx);
			const char *why = knob_why(k, -rc);
			char obj[128];

			json_object_put(o);
			if (k == IOASID_KNOB_SET_QUOTA)
				snprintf(obj, sizeof(obj), "set %u", set);
			else
				snprintf(obj, sizeof(obj), "/sys/kernel/ioasid/%s", path);
			if (rc == -ENOENT)
				return cli_fail(r, EXIT_NOTFOUND, ENOENT, obj, "no such set");
			return cli_fail(r,
					cli_status_for_errno(rc) == EXIT_USAGE
						? EXIT_FAIL
						: cli_status_for_errno(rc),
					-rc, obj, "%u: %s", value,
					why		? why
					: e->message[0] ? e->message
							: strerror(-rc));
		}
	}
	knob_state(c, k, set, o, "new");
	r->fields = json_object_new_object();
	r->dry_run = dry_run;
	r->changed = !dry_run;
	json_object_object_add(r->fields, "file", json_object_new_string(path));
	json_object_object_add(r->fields, "value", json_object_new_int64(value));
	if (k == IOASID_KNOB_SET_QUOTA)
		json_object_object_add(r->fields, "set", json_object_new_int64(set));
	json_object_object_foreach(o, key, v)
		json_object_object_add(r->fields, key, json_object_get(v));
	json_object_put(o);
	snprintf(r->new, sizeof(r->new), "%u", value);
	snprintf(r->text, sizeof(r->text), "/sys/kernel/ioasid/%s: %s %u", path,
		 dry_run ? "would write" : "wrote", value);
	return EXIT_OK;
}

int knob_live(struct cli *c, enum ioasid_ext_knob k, uint32_t set, uint32_t value, bool dry_run)
{
	struct cli_result r;
	int rc;

	knob_live_result(c, k, set, value, dry_run, &r);
	rc = cli_result_print(c, &r);
	cli_result_free(&r);
	return rc;
}
