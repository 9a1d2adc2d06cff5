// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The seed's ioasids cgroup controller, whose files ioasid-abi(7) CGROUP V2
 * defines (the seed's controller code stops after its struct, seed:4656-
 * 4667, so the ABI takes the formats of the pids controller it was modelled
 * on, kernel/cgroup/pids.c, and IOASIDS_MAX_STR "max", seed:4656):
 *   ioasids.max      "max\n" (unlimited) or "%lld\n"; pids_max_show()'s form
 *   ioasids.current  "%lld\n"; pids_current_read() returns the s64 that
 *                    cgroupfs prints as "%lld\n"
 *   ioasids.events   "max %lld\n"; pids_events_show()'s "max %lld\n"
 * The files exist in every cgroup but the root (CFTYPE_NOT_ON_ROOT).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "core/internal.h"
#include "uapi/ioasid.h"

static const char *const ioasids_file[IOASID_IOASIDS_NFILES] = {
	[IOASID_IOASIDS_CURRENT] = IOASID_CGROUP_CURRENT,
	[IOASID_IOASIDS_MAX] = IOASID_CGROUP_MAX,
	[IOASID_IOASIDS_EVENTS] = IOASID_CGROUP_EVENTS,
};

IOASID_EXPORT const char *ioasid_ioasids_file_name(enum ioasid_ioasids_file f)
{
	return (unsigned)f < IOASID_IOASIDS_NFILES ? ioasids_file[f] : NULL;
}

/* "%lld" of a count: decimal digits, no sign (a count is never negative),
 * at most INT64_MAX */
static int parse_count(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || x > ((uint64_t)INT64_MAX - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int ioasid_ioasids_parse(enum ioasid_ioasids_file f, const char *text, size_t len,
			 struct ioasid_val *v, bool *unlimited)
{
	int rc;

	*v = (struct ioasid_val){.err = EINVAL};
	*unlimited = false;
	/* one line, ended by its '\n' (seq_printf "...\n"), no NUL */
	if (len == 0 || text[len - 1] != '\n' || memchr(text, '\0', len) ||
	    memchr(text, '\n', len - 1))
		return -EINVAL;
	len--;
	switch (f) {
	case IOASID_IOASIDS_MAX:
		if (len == 3 && !memcmp(text, "max", 3)) {
			*unlimited = true;
			v->v = UINT64_MAX;
			v->err = 0;
			return 0;
		}
		break;
	case IOASID_IOASIDS_EVENTS:
		if (len < 4 || memcmp(text, "max ", 4))
			return -EINVAL;
		text += 4;
		len -= 4;
		break;
	case IOASID_IOASIDS_CURRENT:
		break;
	default:
		return -EINVAL;
	}
	rc = parse_count(text, len, &v->v);
	if (rc == 0)
		v->err = 0;
	return rc;
}

int ioasid_ioasids_read(struct ioasid_ctx *ctx, const struct ioasid_cgroup_mount *m,
			const char *rel, struct ioasid_ioasids *out)
{
	*out = (struct ioasid_ioasids){0};
	for (int f = 0; f < IOASID_IOASIDS_NFILES; f++) {
		char *text;
		size_t len;
		bool unl;
		int rc = ioasid_cgroup_read(ctx, m, rel, ioasids_file[f], &text, &len);

		if (rc == -ENOMEM || rc == -ENAMETOOLONG)
			return rc;
		if (rc < 0) {
			out->v[f] = (struct ioasid_val){.err = -rc};
			continue;
		}
		out->present = true;
		ioasid_ioasids_parse((enum ioasid_ioasids_file)f, text, len, &out->v[f], &unl);
		free(text);
		if (f == IOASID_IOASIDS_MAX)
			out->max_unlimited = unl;
	}
	/* a file that exists but cannot be read still says the controller is
	 * here */
	for (int f = 0; f < IOASID_IOASIDS_NFILES; f++)
		out->present |= out->v[f].err != ENOENT;
	return 0;
}
