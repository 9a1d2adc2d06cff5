// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The emulated host's private state file, gen-N/.sim/state: the model
 * saved through its iterators and read back through its restore API
 * (ioasid-model.h), so a generation can be loaded, mutated and written
 * again. Text, one record per line, fields separated by one space; no
 * field contains whitespace (cgroup paths are checked when created):
 *
 *   ioasid-sim-state 1
 *   platform NAME
 *   default_quota N
 *   notify_keep N      (optional, written when not 1024: the event log's
 *                       window, sim init --notify-keep, 1..65536)
 *   counters TOTAL RESERVED NEXT_SET LAST_SEQ CG_FORMS
 *   cgroup PATH IOASIDS_MAX MISC_MAX IOASIDS_EVENTS MISC_EVENTS MISC_EVENTS_LOCAL MISC_PEAK
 *   proc PID MM OPENED CGROUP
 *   set ID TYPE MM QUOTA CGROUP|-
 *   ioasid ID SET SPID STATE REFS PRQ MISC_CG      (MISC_CG: ordinal of a cgroup line, or -)
 *   unit NAME PRQ PRQ_INVALID
 *   end
 *
 * Every ID and count is range-checked when loaded, before the model sees
 * it: set IDs below NEXT_SET, NEXT_SET at most SIM_SET_ID_MAX + 1, pids 1
 * to INT32_MAX (vm add's range), IOASIDs below 2^20, quotas 1 to 2^20.
 *
 * Limits of "max" are written as 18446744073709551615. Records come in
 * the restore order the model requires (cgroups parents first, processes,
 * sets, IOASIDs, units); "end" proves the file is complete.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

int sim_buf_add(struct sim_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *np;

		while (cap < b->len + n + 1)
			cap *= 2;
		np = realloc(b->p, cap);
		if (!np)
			return -ENOMEM;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int bprintf(struct sim_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bprintf(struct sim_buf *b, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -EOVERFLOW;
	return sim_buf_add(b, line, (size_t)n);
}

int sim_state_save(const struct ioasid_sim_host *h, char **out, size_t *outlen)
{
	const struct ioasid_model *m = h->m;
	struct ioasid_model_capacity cap;
	struct ioasid_model_cgroup_info cg;
	struct ioasid_model_proc_info p;
	struct ioasid_model_set_info s;
	struct ioasid_model_ioasid_info io;
	struct ioasid_model_unit_info u;
	struct sim_buf b = {0};
	uint32_t idx = 0, ord = 0, *ordmap = NULL, nmap = 0;
	int rc;

	ioasid_model_get_capacity(m, &cap);
	rc = bprintf(&b, "ioasid-sim-state 1\nplatform %s\ndefault_quota %u\n", h->platform,
		     h->default_quota);
	/* only when not the default: older states stay byte-identical */
	if (!rc && h->notify_keep != SIM_NOTIFY_KEEP)
		rc = bprintf(&b, "notify_keep %u\n", h->notify_keep);
	if (!rc)
		rc = bprintf(&b, "counters %u %u %u %" PRIu64 " %u\n", cap.total, cap.reserved,
			     ioasid_model_next_set_id(m), ioasid_model_events_last_seq(m),
			     ioasid_model_cg_forms(m));
	/* cgroups: the model's index -> the ordinal of its line, for misc_cg */
	while (!rc && ioasid_model_cgroup_next(m, &idx, &cg) == 0) {
		if (idx > nmap) {
			uint32_t *nm = realloc(ordmap, (idx + 64) * sizeof(*nm));

			if (!nm) {
				rc = -ENOMEM;
				break;
			}
			ordmap = nm;
			nmap = idx + 64;
		}
		ordmap[idx - 1] = ord++;
		/* a space or newline would split its record: refuse to write
		 * a state that cannot be read back (nothing is published) */
		if (strpbrk(cg.path, " \n")) {
			rc = -EINVAL;
			break;
		}
		rc = bprintf(&b,
			     "cgroup %s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
			     " %" PRIu64 "\n",
			     cg.path, cg.ioasids_max, cg.misc_max, cg.ioasids_events,
			     cg.misc_events, cg.misc_events_local, cg.misc_peak);
	}
	idx = 0;
	while (!rc && ioasid_model_proc_next(m, &idx, &p) == 0)
		rc = bprintf(&b, "proc %d %" PRIu64 " %d %s\n", p.pid, p.mm, p.opened ? 1 : 0,
			     p.cgroup);
	for (uint32_t from = 1; !rc && ioasid_model_set_next(m, from, &s) == 0; from = s.id + 1)
		rc = bprintf(&b, "set %u %d %" PRIu64 " %u %s\n", s.id, (int)s.type, s.mm, s.quota,
			     s.cgroup[0] ? s.cgroup : "-");
	for (uint32_t from = 0;
	     !rc && ioasid_model_ioasid_next(m, IOASID_MODEL_ANY_SET, from, &io) == 0;
	     from = io.id + 1) {
		char misc[16] = "-";

		if (io.misc_cg != IOASID_MODEL_INVALID && io.misc_cg < nmap)
			snprintf(misc, sizeof(misc), "%u", ordmap[io.misc_cg]);
		rc = bprintf(&b, "ioasid %u %u %u %d %u %" PRIu64 " %s\n", io.id, io.set, io.spid,
			     (int)io.state, io.refs, io.prq, misc);
	}
	idx = 0;
	while (!rc && ioasid_model_unit_next(m, &idx, &u) == 0)
		rc = bprintf(&b, "unit %s %" PRIu64 " %" PRIu64 "\n", u.name, u.prq, u.prq_invalid);
	if (!rc)
		rc = bprintf(&b, "end\n");
	free(ordmap);
	if (rc) {
		free(b.p);
		return rc;
	}
	*out = b.p;
	*outlen = b.len;
	return 0;
}

void sim_host_free(struct ioasid_sim_host *h)
{
	if (!h)
		return;
	ioasid_model_free(h->m);
	free(h);
}

/* Split a line into at most max whitespace-separated fields. */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (char *save = NULL, *t = strtok_r(line, " ", &save); t && n < max;
	     t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	return n;
}

static int num(const char *s, uint64_t max, uint64_t *v)
{
	int rc = ioasid_parse_u64(s, 10, v);

	return rc ? rc : *v > max ? -ERANGE : 0;
}

#define BAD(...)                                                                                   \
	do {                                                                                       \
		snprintf(msg, msglen, __VA_ARGS__);                                                \
		rc = -EUCLEAN;                                                                     \
		goto out;                                                                          \
	} while (0)

int sim_state_load(struct ioasid_sim_host *h, const char *buf, size_t len, char *msg, size_t msglen)
{
	char *copy = NULL, **cgpath = NULL, *save = NULL;
	size_t ncg = 0, lineno = 0;
	uint32_t next_set = 1;
	bool header = false, counters = false, end = false;
	uint64_t v[8];
	int rc = 0;

	memset(h, 0, sizeof(*h));
	h->default_quota = SIM_DEFAULT_QUOTA;
	h->notify_keep = SIM_NOTIFY_KEEP;
	if (memchr(buf, '\0', len))
		return snprintf(msg, msglen, "state: NUL byte"), -EUCLEAN;
	copy = strndup(buf, len);
	if (!copy)
		return -ENOMEM;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[10];
		size_t n = fields(line, f, 10);

		lineno++;
		if (end)
			BAD("state line %zu: data after end", lineno);
		if (!header) {
			if (n != 2 || strcmp(f[0], "ioasid-sim-state") || strcmp(f[1], "1"))
				BAD("state: not an ioasid-sim-state 1 file");
			header = true;
			continue;
		}
		if (n == 2 && !strcmp(f[0], "platform")) {
			snprintf(h->platform, sizeof(h->platform), "%s", f[1]);
		} else if (n == 2 && !strcmp(f[0], "default_quota")) {
			/* a quota: 1 to the IOASID space (2^20) */
			if (num(f[1], IOASID_MODEL_PASID_MAX, &v[0]) || !v[0])
				BAD("state line %zu: bad default_quota (1 to %u)", lineno,
				    IOASID_MODEL_PASID_MAX);
			h->default_quota = (uint32_t)v[0];
		} else if (n == 2 && !strcmp(f[0], "notify_keep")) {
			if (num(f[1], SIM_NOTIFY_KEEP_MAX, &v[0]) || !v[0])
				BAD("state line %zu: bad notify_keep", lineno);
			h->notify_keep = (uint32_t)v[0];
		} else if (n == 6 && !strcmp(f[0], "counters") && !counters) {
			for (int i = 0; i < 5; i++)
				if (num(f[i + 1], UINT64_MAX, &v[i]))
					BAD("state line %zu: bad number", lineno);
			if (v[0] > UINT32_MAX || v[1] > UINT32_MAX || v[2] > UINT32_MAX || v[4] > 3)
				BAD("state line %zu: counters out of range", lineno);
			/* set IDs are handed out from NEXT_SET up; the model keeps
			 * sets in an array indexed by ID, so an ID is memory */
			if (!v[2] || v[2] > SIM_SET_ID_MAX + 1)
				BAD("state line %zu: next set ID %" PRIu64
				    " out of range (1 to %u, the emulated host's limit)",
				    lineno, v[2], SIM_SET_ID_MAX + 1);
			next_set = (uint32_t)v[2];
			rc = ioasid_model_new(&h->m, (unsigned)v[4], 0);
			if (rc)
				goto out;
			rc = ioasid_model_restore_counters(h->m, (uint32_t)v[0], (uint32_t)v[1],
							   (uint32_t)v[2], v[3]);
			if (rc)
				BAD("state line %zu: counters refused: %s", lineno, strerror(-rc));
			counters = true;
		} else if (!counters) {
			BAD("state line %zu: '%s' before counters", lineno, f[0]);
		} else if (n == 8 && !strcmp(f[0], "cgroup")) {
			struct ioasid_model_cgroup_info c = {0};
			char **np;

			for (int i = 0; i < 6; i++)
				if (num(f[i + 2], UINT64_MAX, &v[i]))
					BAD("state line %zu: bad number", lineno);
			snprintf(c.path, sizeof(c.path), "%s", f[1]);
			c.ioasids_max = v[0];
			c.misc_max = v[1];
			c.ioasids_events = v[2];
			c.misc_events = v[3];
			c.misc_events_local = v[4];
			c.misc_peak = v[5];
			rc = ioasid_model_restore_cgroup(h->m, &c);
			if (rc)
				BAD("state line %zu: cgroup %s refused: %s", lineno, c.path,
				    strerror(-rc));
			np = realloc(cgpath, (ncg + 1) * sizeof(*np));
			if (!np || !(np[ncg] = strdup(f[1]))) {
				cgpath = np ? np : cgpath;
				rc = -ENOMEM;
				goto out;
			}
			cgpath = np;
			ncg++;
		} else if (n == 5 && !strcmp(f[0], "proc")) {
			struct ioasid_model_proc_info p = {0};

			if (num(f[1], INT32_MAX, &v[0]) || num(f[2], UINT64_MAX, &v[1]) ||
			    num(f[3], 1, &v[2]))
				BAD("state line %zu: bad number", lineno);
			if (!v[0])
				BAD("state line %zu: pid 0 out of range (1 to %d)", lineno,
				    INT32_MAX);
			p.pid = (int32_t)v[0];
			p.mm = v[1];
			p.opened = v[2];
			snprintf(p.cgroup, sizeof(p.cgroup), "%s", f[4]);
			rc = ioasid_model_restore_proc(h->m, &p);
			if (rc)
				BAD("state line %zu: proc %d refused: %s", lineno, p.pid,
				    strerror(-rc));
		} else if (n == 6 && !strcmp(f[0], "set")) {
			if (num(f[1], UINT32_MAX, &v[0]) || num(f[2], 1, &v[1]) ||
			    num(f[3], UINT64_MAX, &v[2]) || num(f[4], UINT32_MAX, &v[3]))
				BAD("state line %zu: bad number", lineno);
			/* every set was handed out before NEXT_SET (one-number
			 * edits of an ID made the model allocate gigabytes) */
			if (!v[0] || v[0] >= next_set)
				BAD("state line %zu: set ID %" PRIu64
				    " out of range (1 to %u: below the counters' next set ID)",
				    lineno, v[0], next_set - 1);
			if (!v[3] || v[3] > IOASID_MODEL_PASID_MAX)
				BAD("state line %zu: set %" PRIu64 " quota %" PRIu64
				    " out of range (1 to %u)",
				    lineno, v[0], v[3], IOASID_MODEL_PASID_MAX);
			rc = ioasid_model_restore_set(
				h->m, (uint32_t)v[0], (enum ioasid_model_set_type)v[1], v[2],
				(uint32_t)v[3], strcmp(f[5], "-") ? f[5] : NULL);
			if (rc)
				BAD("state line %zu: set %s refused: %s", lineno, f[1],
				    strerror(-rc));
		} else if (n == 8 && !strcmp(f[0], "ioasid")) {
			struct ioasid_model_ioasid_info i = {0};
			const char *misc = NULL;

			if (num(f[1], UINT32_MAX, &v[0]) || num(f[2], UINT32_MAX, &v[1]) ||
			    num(f[3], UINT32_MAX, &v[2]) || num(f[4], 2, &v[3]) ||
			    num(f[5], UINT32_MAX, &v[4]) || num(f[6], UINT64_MAX, &v[5]))
				BAD("state line %zu: bad number", lineno);
			if (!v[0] || v[0] >= IOASID_MODEL_PASID_MAX)
				BAD("state line %zu: IOASID %" PRIu64 " out of range (1 to %u)",
				    lineno, v[0], IOASID_MODEL_PASID_MAX - 1);
			if (!v[1] || v[1] >= next_set)
				BAD("state line %zu: IOASID %" PRIu64 " in set %" PRIu64
				    ", out of range (1 to %u)",
				    lineno, v[0], v[1], next_set - 1);
			if (strcmp(f[7], "-")) {
				if (num(f[7], UINT32_MAX, &v[6]) || v[6] >= ncg)
					BAD("state line %zu: bad cgroup ordinal", lineno);
				misc = cgpath[v[6]];
			}
			i.id = (uint32_t)v[0];
			i.set = (uint32_t)v[1];
			i.spid = (uint32_t)v[2];
			i.state = (enum ioasid_model_state)v[3];
			i.refs = (uint32_t)v[4];
			i.prq = v[5];
			rc = ioasid_model_restore_ioasid(h->m, &i, misc);
			if (rc)
				BAD("state line %zu: ioasid %u refused: %s", lineno, i.id,
				    strerror(-rc));
		} else if (n == 4 && !strcmp(f[0], "unit")) {
			struct ioasid_model_unit_info u = {0};

			if (num(f[2], UINT64_MAX, &v[0]) || num(f[3], UINT64_MAX, &v[1]) ||
			    strlen(f[1]) >= sizeof(u.name))
				BAD("state line %zu: bad unit", lineno);
			snprintf(u.name, sizeof(u.name), "%s", f[1]);
			u.prq = v[0];
			u.prq_invalid = v[1];
			rc = ioasid_model_restore_unit(h->m, &u);
			if (rc)
				BAD("state line %zu: unit %s refused: %s", lineno, u.name,
				    strerror(-rc));
		} else if (n == 1 && !strcmp(f[0], "end")) {
			end = true;
		} else {
			BAD("state line %zu: unknown record '%s'", lineno, n ? f[0] : "");
		}
	}
	if (!end)
		BAD("state: truncated (no end record)");
	rc = ioasid_model_check(h->m, msg, msglen);
out:
	for (size_t i = 0; i < ncg; i++)
		free(cgpath[i]);
	free(cgpath);
	free(copy);
	if (rc) {
		ioasid_model_free(h->m);
		h->m = NULL;
	}
	return rc;
}
