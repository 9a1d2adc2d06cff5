// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sim check: the current generation's state satisfies the model's
 * invariants (ioasid_model_check) and its rendered files say what the
 * state says: version, default_quota, capacity files, one sets/ID
 * directory per set with its type/quota/allocated, each cgroup's
 * ioasids.current and misc.current, and the genl dumps (well-formed, one
 * GET_IOASID message per allocated IOASID in its chunk, one GET_BINDING
 * message per SPID). The first violation is named in msg.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pathnames.h"
#include "sim/sim.h"

#define FAIL(...)                                                                                  \
	do {                                                                                       \
		snprintf(msg, len, __VA_ARGS__);                                                   \
		rc = -EUCLEAN;                                                                     \
		goto out;                                                                          \
	} while (0)

static int slurp(const char *root, const char *rel, struct sim_buf *b)
{
	char path[PATH_MAX], buf[65536];
	ssize_t r;
	int fd;

	b->len = 0;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		if (sim_buf_add(b, buf, (size_t)r)) {
			close(fd);
			return -ENOMEM;
		}
	close(fd);
	if (!b->p)
		sim_buf_add(b, "", 0);
	return r < 0 ? -errno : 0;
}

/* the file holds exactly want */
static int expect(const char *root, const char *rel, const char *want, char *msg, size_t len)
{
	struct sim_buf b = {0};
	int rc = slurp(root, rel, &b);

	if (rc)
		snprintf(msg, len, "%s: %s", rel, strerror(-rc));
	else if (b.len != strlen(want) || memcmp(b.p, want, b.len))
		snprintf(msg, len, "%s: holds '%.40s', the state says '%.40s'", rel, b.p, want);
	else {
		free(b.p);
		return 0;
	}
	free(b.p);
	return -EUCLEAN;
}

IOASID_EXPORT int ioasid_sim_check(const char *dir, char *msg, size_t len)
{
	struct ioasid_sim_host *h = calloc(1, sizeof(*h));
	struct ioasid_model_capacity c;
	struct ioasid_model_set_info s;
	struct ioasid_model_cgroup_info cg;
	struct ioasid_error err;
	struct ioasid_ctx *ctx = NULL;
	struct sim_buf b = {0};
	char want[512], rel[PATH_MAX];
	const char *root;
	size_t nsets = 0;
	uint32_t total = 0, bindings = 0, n;
	int rc;

	if (!h)
		return -ENOMEM;
	msg[0] = '\0';
	rc = ioasid_sim_open(&ctx, dir, &err);
	if (rc) {
		/* the caller names dir: name another object only */
		if (strcmp(err.object, dir))
			snprintf(msg, len, "%s: %s", err.object, err.message);
		else
			snprintf(msg, len, "%s", err.message);
		goto out;
	}
	root = ioasid_ctx_root(ctx);
	rc = slurp(root, ".sim/state", &b);
	if (rc)
		FAIL(".sim/state: %s", strerror(-rc));
	rc = sim_state_load(h, b.p, b.len, msg, len);
	if (rc) {
		rc = -EUCLEAN;
		goto out;
	}
	/* sysfs */
	ioasid_model_get_capacity(h->m, &c);
	rc = expect(root, "sys/kernel/ioasid/version", "1\n", msg, len);
	snprintf(want, sizeof(want), "%u\n", h->default_quota);
	rc = rc ?: expect(root, "sys/kernel/ioasid/default_quota", want, msg, len);
	snprintf(want, sizeof(want), "%u\n", c.total);
	rc = rc ?: expect(root, "sys/kernel/ioasid/capacity/total", want, msg, len);
	snprintf(want, sizeof(want), "%u\n", c.available);
	rc = rc ?: expect(root, "sys/kernel/ioasid/capacity/available", want, msg, len);
	snprintf(want, sizeof(want), "%u\n", c.reserved);
	rc = rc ?: expect(root, "sys/kernel/ioasid/capacity/reserved", want, msg, len);
	if (rc)
		goto out;
	for (uint32_t from = 1; ioasid_model_set_next(h->m, from, &s) == 0; from = s.id + 1) {
		nsets++;
		snprintf(rel, sizeof(rel), "sys/kernel/ioasid/sets/%u/type", s.id);
		rc = expect(root, rel, s.type == IOASID_MODEL_SET_MM ? "mm\n" : "null\n", msg, len);
		snprintf(rel, sizeof(rel), "sys/kernel/ioasid/sets/%u/quota", s.id);
		snprintf(want, sizeof(want), "%u\n", s.quota);
		rc = rc ?: expect(root, rel, want, msg, len);
		snprintf(rel, sizeof(rel), "sys/kernel/ioasid/sets/%u/allocated", s.id);
		snprintf(want, sizeof(want), "%u\n", s.nr_ioasids);
		rc = rc ?: expect(root, rel, want, msg, len);
		if (rc)
			goto out;
		b.len = 0;
		rc = sim_genl_bindings(h->m, s.id, &b, &n);
		if (rc)
			goto out;
		bindings += n;
	}
	{
		char **names;
		size_t nn;

		rc = iopath_list(ctx, &names, &nn, PATH_SYS_IOASID_SETS);
		if (rc)
			FAIL("sys/kernel/ioasid/sets: %s", strerror(-rc));
		iopath_names_free(names, nn);
		if (nn != nsets)
			FAIL("sys/kernel/ioasid/sets: %zu directories, the state has %zu sets", nn,
			     nsets);
	}
	/* cgroups */
	for (uint32_t i = 0; ioasid_model_cgroup_next(h->m, &i, &cg) == 0;) {
		bool isroot = !strcmp(cg.path, "/");
		const char *p = isroot ? "" : cg.path;

		if (!isroot && (ioasid_model_cg_forms(h->m) & IOASID_MODEL_CG_IOASIDS)) {
			snprintf(rel, sizeof(rel), "sys/fs/cgroup%s/ioasids.current", p);
			snprintf(want, sizeof(want), "%" PRIu64 "\n", cg.ioasids_current);
			rc = expect(root, rel, want, msg, len);
		}
		if (!rc && (ioasid_model_cg_forms(h->m) & IOASID_MODEL_CG_MISC)) {
			snprintf(rel, sizeof(rel), "sys/fs/cgroup%s/misc.current", p);
			snprintf(want, sizeof(want), "ioasid %" PRIu64 "\n", cg.misc_current);
			rc = expect(root, rel, want, msg, len);
		}
		if (rc)
			goto out;
	}
	/* genl: each chunk file has exactly the chunk's messages */
	for (uint32_t k = 0; k < (IOASID_MODEL_PASID_MAX >> SIM_CHUNK_SHIFT); k++) {
		struct sim_buf want_b = {0};
		uint32_t expect_n, got;
		struct stat st;

		rc = sim_genl_chunk(h->m, k << SIM_CHUNK_SHIFT, &want_b, &expect_n);
		free(want_b.p);
		if (rc)
			goto out;
		snprintf(rel, sizeof(rel), "%s/genl/ioasid/GET_IOASID/chunk-%05x", root,
			 k << SIM_CHUNK_SHIFT);
		if (stat(rel, &st) < 0) {
			if (expect_n)
				FAIL("genl/ioasid/GET_IOASID/chunk-%05x: missing, the state has "
				     "%u IOASIDs there",
				     k << SIM_CHUNK_SHIFT, expect_n);
			continue;
		}
		rc = slurp(root, rel + strlen(root) + 1, &b);
		if (rc || sim_genl_walk(b.p, b.len, &got, NULL) < 0)
			FAIL("genl/ioasid/GET_IOASID/chunk-%05x: malformed", k << SIM_CHUNK_SHIFT);
		if (got != expect_n)
			FAIL("genl/ioasid/GET_IOASID/chunk-%05x: %u messages, the state has %u "
			     "IOASIDs there",
			     k << SIM_CHUNK_SHIFT, got, expect_n);
		total += got;
	}
	if (total != c.allocated)
		FAIL("genl/ioasid/GET_IOASID: %u messages in all, the state has %u IOASIDs", total,
		     c.allocated);
	{
		char **names;
		size_t nn;
		uint32_t got = 0;

		rc = iopath_list(ctx, &names, &nn, PATH_GENL_IOASID "/GET_BINDING");
		if (rc)
			FAIL("genl/ioasid/GET_BINDING: %s", strerror(-rc));
		for (size_t i = 0; i < nn && !rc; i++) {
			snprintf(rel, sizeof(rel), "genl/ioasid/GET_BINDING/%s", names[i]);
			rc = slurp(root, rel, &b);
			if (!rc && sim_genl_walk(b.p, b.len, &n, NULL) < 0)
				rc = -EBADMSG;
			got += n;
		}
		iopath_names_free(names, nn);
		if (rc)
			FAIL("genl/ioasid/GET_BINDING: malformed (%s)", strerror(-rc));
		if (got != bindings)
			FAIL("genl/ioasid/GET_BINDING: %u messages, the state has %u SPIDs", got,
			     bindings);
	}
	rc = slurp(root, "genl/ioasid/notify", &b);
	{
		uint64_t last;

		if (rc || sim_genl_walk(b.p, b.len, &n, &last) < 0)
			FAIL("genl/ioasid/notify: malformed");
		if (n && last != ioasid_model_events_last_seq(h->m))
			FAIL("genl/ioasid/notify: last seq %" PRIu64 ", the state says %" PRIu64,
			     last, ioasid_model_events_last_seq(h->m));
	}
	rc = 0;
out:
	free(b.p);
	sim_host_free(h);
	ioasid_ctx_free(ctx);
	return rc;
}
