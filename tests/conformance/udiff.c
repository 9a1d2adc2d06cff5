// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Differential test of the ABI layer: the same seeded random /dev/ioasid
 * requests (ioasid-abi(7) DEVICE) go to the reference module's real
 * /dev/ioasid (kmod/ioasid-dev.c, the ioctl transport) and to the model's
 * device layer (src/lib/sim/sim-uapi.c, the loopback transport of a bare
 * emulated host in a temporary directory, nothing written). conf_diff
 * compares the cores below both through /dev/ioasid-conf; this one compares
 * what a process sees: every return value and every byte of the argument
 * struct as each side left it (the output fields and that the inputs stay as
 * given), with argsz below, at and above the struct size, past the page-size
 * cap, unknown flags and edge values of every field.
 *
 * Every GENL_EVERY requests, at the end of a sequence and after its close,
 * the generic netlink dumps of both sides are compared too (udiff-genl.c):
 * the GET_SET dump and the SET, PID and STATE filters of the GET_SET,
 * GET_IOASID and GET_BINDING dumps of ioasid-abi(7) version 2, the module
 * honouring each filter itself.
 *
 * The set ID is the only value that may differ (the real system has created
 * sets before): each side's IDs must map one to one. Requests come from one
 * process, so the ownership errors of other processes' IOASIDs are not
 * reached (conf_diff covers them).
 *
 * usage: conf_udiff [SEQUENCES [OPS [FIRST-SEED]]]   (default 50 x 200 from 1)
 * Exits 77 where /dev/ioasid is absent (every host build; the VM guest runs
 * it with the module loaded and no other set open), 1 on a mismatch.
 *
 * conf_udiff --self-test: the model against itself with two planted bugs
 * (IOASID_ALLOC writes the clamped max back, finding 4 of issue 18; the
 * GET_IOASID dump ignores its STATE filter); it must report both. Needs no device (make check runs
 * it).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ioasid-ctx.h"
#include "ioasid-model.h"
#include "ioasid-sim.h"
#include "ioasid-uapi.h"
#include "udiff-genl.h"

#define BUF 4200 /* past the page-size cap of argsz */
#define PID 4242
#define MM 0x4242000ULL
/* requests between two comparisons of the genl dumps: each compares about
 * 20 dumps, and the guest runs 40 x 200 requests under TCG within the 60 s
 * of tests/vm/init (every 20 requests did not fit) */
#define GENL_EVERY 100

struct side {
	struct ioasid_uapi *u;
	struct ioasid_sim_host *h; /* loopback sides */
	struct ioasid_ctx *ctx;	   /* the live host: the real device */
	bool buggy;
};

struct run {
	struct side s[2];
	uint64_t rng;
	unsigned seed, op;
	uint32_t ids[64];
	unsigned nids;
	uint32_t setmap[2][16]; /* set IDs seen, side 0 -> side 1 */
	unsigned nsets;
	long mismatches, checks, ok_ops;
	long genl_mismatches, genl_checks; /* udiff-genl.c */
};

static uint32_t rnd(struct run *r)
{
	/* xorshift64*, as diff.c: reproducible from the seed */
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return (uint32_t)((r->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t pick(struct run *r, const uint32_t *v, unsigned n)
{
	return v[rnd(r) % n];
}

/* an IOASID field: one allocated, a small number, or an edge value */
static uint32_t some_ioasid(struct run *r)
{
	static const uint32_t edge[] = {0, 1, 0xfffff, 0x100000, 0xfffffffeU, 0xffffffffU};

	if (r->nids && rnd(r) % 3)
		return r->ids[rnd(r) % r->nids];
	return rnd(r) % 2 ? 1 + rnd(r) % 40 : pick(r, edge, 6);
}

/* --self-test: the model, but ALLOC writes the clamped max back */
static int buggy_request(void *priv, unsigned long request, void *arg)
{
	struct ioasid_sim_host *h = priv;
	int rc = ioasid_sim_ioctl(h, PID, request, arg);
	struct ioasid_alloc_args *a = arg;

	if (!rc && request == IOASID_ALLOC && a->max > 0xfffff)
		a->max = 0xfffff;
	return rc;
}

static int side_open(struct side *s)
{
	if (!s->h) {
		if (!s->ctx && ioasid_ctx_new(&s->ctx, NULL) < 0)
			return -ENOMEM;
		return ioasid_uapi_open(s->ctx, &s->u);
	}
	if (ioasid_model_proc_open(ioasid_sim_model(s->h), PID, ioasid_sim_default_quota(s->h)) < 0)
		return -EIO;
	if (s->buggy) {
		struct ioasid_uapi_transport t = {.name = "buggy", .request = buggy_request};

		return ioasid_uapi_open_transport(&t, s->h, &s->u);
	}
	return ioasid_uapi_open_loopback(s->h, PID, &s->u);
}

static void side_close(struct side *s)
{
	ioasid_uapi_close(s->u);
	s->u = NULL;
	if (s->h)
		ioasid_model_proc_close(ioasid_sim_model(s->h), PID);
}

static const char *rname(unsigned long req)
{
	const char *n = ioasid_uapi_request_name(req);

	return n ? n : "?";
}

/* the set IDs of both sides must correspond one to one */
static bool same_set(struct run *r, uint32_t a, uint32_t b)
{
	if (a == IOASID_INVALID || b == IOASID_INVALID)
		return a == b;
	for (unsigned i = 0; i < r->nsets; i++)
		if (r->setmap[0][i] == a || r->setmap[1][i] == b)
			return r->setmap[0][i] == a && r->setmap[1][i] == b;
	if (r->nsets < 16) {
		r->setmap[0][r->nsets] = a;
		r->setmap[1][r->nsets++] = b;
	}
	return true;
}

static void mismatch(struct run *r, const char *what)
{
	r->mismatches++;
	if (r->mismatches <= 20)
		fprintf(stderr, "seed %u op %u: %s\n", r->seed, r->op, what);
}

static void one_request(struct run *r)
{
	static const uint32_t sizes[] = {IOASID_INFO_SZ_V1,   IOASID_ALLOC_SZ_V1,
					 IOASID_FREE_SZ_V1,   IOASID_BIND_SZ_V1,
					 IOASID_UNBIND_SZ_V1, IOASID_FIND_SPID_SZ_V1};
	static unsigned char buf[2][BUF];
	unsigned k = rnd(r) % 6;
	unsigned long req = IOASID_GET_INFO + k;
	uint32_t size = sizes[k], argsz = size, w[6];
	int rc[2];
	char msg[200];

	switch (rnd(r) % 10) {
	case 0:
		argsz = 8;
		break; /* below version 1: EINVAL */
	case 1:
		argsz = size + 4;
		break; /* longer, zero tail */
	case 2:
		argsz = 4096;
		break; /* the cap */
	case 3:
		argsz = 4097 + rnd(r) % 64;
		break; /* past it: E2BIG */
	default:
		break;
	}
	memset(buf[0], 0, BUF);
	w[0] = argsz;
	w[1] = rnd(r) % 8 ? 0 : 1U << (rnd(r) % 32);
	for (int i = 2; i < 6; i++)
		w[i] = some_ioasid(r);
	if (req == IOASID_BIND || req == IOASID_FIND_SPID) /* spids: few, to collide */
		w[req == IOASID_BIND ? 3 : 2] = rnd(r) % 9 ? rnd(r) % 6 : 0xffffffffU;
	memcpy(buf[0], w, sizeof(w));
	if (argsz == size + 4 && rnd(r) % 2)
		buf[0][size + rnd(r) % 4] = 1; /* a non-zero tail: E2BIG */
	memcpy(buf[1], buf[0], BUF);
	for (int s = 0; s < 2; s++)
		rc[s] = ioasid_uapi_request(r->s[s].u, req, buf[s]);
	r->checks++;
	if (rc[0] != rc[1]) {
		snprintf(msg, sizeof(msg), "%s argsz %u: %s vs %s", rname(req), argsz,
			 strerror(-rc[0]), strerror(-rc[1]));
		mismatch(r, msg);
		return;
	}
	if (req == IOASID_GET_INFO && !rc[0]) {
		uint32_t a, b;

		memcpy(&a, buf[0] + 24, 4);
		memcpy(&b, buf[1] + 24, 4);
		if (!same_set(r, a, b)) {
			snprintf(msg, sizeof(msg), "GET_INFO: set %u vs %u", a, b);
			mismatch(r, msg);
		}
		memset(buf[0] + 24, 0, 4);
		memset(buf[1] + 24, 0, 4);
	}
	for (unsigned i = 0; i < BUF; i++) {
		if (buf[0][i] != buf[1][i]) {
			snprintf(msg, sizeof(msg), "%s argsz %u rc %d: byte %u is 0x%02x vs 0x%02x",
				 rname(req), argsz, rc[0], i, buf[0][i], buf[1][i]);
			mismatch(r, msg);
			break;
		}
	}
	if (!rc[0]) {
		r->ok_ops++;
		if (req == IOASID_ALLOC && r->nids < 64)
			memcpy(&r->ids[r->nids++], buf[0] + 16, 4);
	}
}

static void genl_report(const char *what, void *arg)
{
	struct run *r = arg;
	char msg[400];

	snprintf(msg, sizeof(msg), "genl %s", what);
	mismatch(r, msg);
	r->genl_mismatches++;
}

/* The generic netlink dumps of both sides (udiff-genl.c): the set dump and
 * every filter, compared as a reader sees them */
static void genl_compare(struct run *r)
{
	struct udiff_genl_side g[2];

	memset(g, 0, sizeof(g));
	for (int s = 0; s < 2; s++) {
		if (r->s[s].h) {
			g[s].name = r->s[s].buggy ? "buggy model" : "model";
			g[s].model = ioasid_sim_model(r->s[s].h);
			g[s].pid = PID;
			g[s].ignore_state_filter = r->s[s].buggy;
		} else {
			g[s].name = "module";
			g[s].ctx = r->s[s].ctx;
			g[s].pid = (uint32_t)getpid();
		}
	}
	r->genl_checks++;
	udiff_genl_compare(g, genl_report, r);
}

static int sequence(struct run *r, unsigned ops)
{
	for (int s = 0; s < 2; s++)
		if (side_open(&r->s[s]) < 0)
			return -1;
	r->nids = 0;
	for (r->op = 1; r->op <= ops; r->op++) {
		if (rnd(r) % 50 == 0) {
			/* close and open again: the set goes with its file */
			for (int s = 0; s < 2; s++) {
				side_close(&r->s[s]);
				if (side_open(&r->s[s]) < 0)
					return -1;
			}
			r->nids = 0;
			continue;
		}
		one_request(r);
		if (r->op % GENL_EVERY == 0 && r->op < ops)
			genl_compare(r);
	}
	genl_compare(r);
	for (int s = 0; s < 2; s++)
		side_close(&r->s[s]);
	genl_compare(r); /* the set went with the file */
	return 0;
}

struct args {
	unsigned seqs, ops, first;
	bool self_test;
	const char *dir2;
	struct ioasid_sim_host *h1;
	int result;
};

static int run_all(struct args *a, struct ioasid_sim_host *h0, struct ioasid_sim_host *h1)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	r.s[0].h = h0; /* NULL: the real device */
	r.s[1].h = h1;
	r.s[1].buggy = a->self_test;
	if (ioasid_model_proc_add(ioasid_sim_model(h1), PID, MM, "/") < 0 ||
	    (h0 && ioasid_model_proc_add(ioasid_sim_model(h0), PID, MM, "/") < 0))
		return -EIO;
	for (unsigned i = 0; i < a->seqs; i++) {
		r.seed = a->first + i;
		r.rng = 0x9E3779B97F4A7C15ULL ^ r.seed;
		r.nsets = 0;
		if (sequence(&r, a->ops) < 0) {
			fprintf(stderr, "seed %u: cannot open the device\n", r.seed);
			if (r.s[0].ctx)
				ioasid_ctx_free(r.s[0].ctx);
			return -EIO;
		}
	}
	if (r.s[0].ctx)
		ioasid_ctx_free(r.s[0].ctx);
	printf("%s vs %s: %u sequence(s) x %u requests from seed %u: %ld checks, %ld performed, "
	       "%ld genl comparisons (every dump and filter) with %ld genl mismatch(es), "
	       "%ld mismatch(es)\n",
	       h0 ? "model" : "/dev/ioasid", a->self_test ? "model with a planted bug" : "model",
	       a->seqs, a->ops, a->first, r.checks, r.ok_ops, r.genl_checks, r.genl_mismatches,
	       r.mismatches);
	if (a->self_test)
		/* both planted bugs must be seen: the request's and the genl one */
		return r.genl_mismatches && r.mismatches > r.genl_mismatches ? 1 : 0;
	return r.mismatches ? 1 : 0;
}

static int inner(struct ioasid_sim_host *h, void *arg)
{
	struct args *a = arg;

	a->result = run_all(a, a->h1, h);
	return 0;
}

static int outer(struct ioasid_sim_host *h, void *arg)
{
	struct args *a = arg;
	struct ioasid_error err;

	if (!a->self_test) {
		a->result = run_all(a, NULL, h);
		return 0;
	}
	a->h1 = h;
	return ioasid_sim_mutate(a->dir2, inner, a, true, &err);
}

static int make_host(char *dir, size_t len)
{
	struct ioasid_sim_init_opts o = {.bare = true};
	struct ioasid_error err;
	char *t;

	snprintf(dir, len, "%s/conf-udiff.XXXXXX", getenv("TMPDIR") ?: "/tmp");
	t = mkdtemp(dir);
	if (!t)
		return -errno;
	strncat(dir, "/host", len - strlen(dir) - 1);
	return ioasid_sim_init(dir, &o, &err);
}

int main(int argc, char **argv)
{
	struct args a = {.seqs = 50, .ops = 200, .first = 1};
	char d1[256], d2[256], cmd[600];
	struct ioasid_error err;
	int i = 1, rc;

	if (argc > 1 && !strcmp(argv[1], "--self-test")) {
		a.self_test = true;
		a.seqs = 5;
		i++;
	}
	if (argc > i)
		a.seqs = (unsigned)strtoul(argv[i], NULL, 0);
	if (argc > i + 1)
		a.ops = (unsigned)strtoul(argv[i + 1], NULL, 0);
	if (argc > i + 2)
		a.first = (unsigned)strtoul(argv[i + 2], NULL, 0);
	if (!a.self_test && access(IOASID_DEV_PATH, F_OK)) {
		printf("SKIP: %s absent (the reference module kmod/ is not loaded)\n",
		       IOASID_DEV_PATH);
		return 77;
	}
	if (make_host(d1, sizeof(d1)) || (a.self_test && make_host(d2, sizeof(d2)))) {
		fprintf(stderr, "conf_udiff: cannot create an emulated host under %s\n",
			getenv("TMPDIR") ?: "/tmp");
		return 1;
	}
	a.dir2 = d2;
	rc = ioasid_sim_mutate(d1, outer, &a, true, &err);
	for (char *d = d1; d; d = a.self_test && d == d1 ? d2 : NULL) {
		*strrchr(d, '/') = '\0';
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
		if (system(cmd))
			fprintf(stderr, "conf_udiff: %s left behind\n", d);
	}
	if (rc < 0) {
		fprintf(stderr, "conf_udiff: %s\n", strerror(-rc));
		return 1;
	}
	if (a.self_test) {
		/* the comparison must see both planted bugs */
		printf("%s\n", a.result == 1 ? "self-test: both planted bugs were found"
					     : "self-test: FAILED to find both planted bugs");
		return a.result == 1 ? 0 : 1;
	}
	return a.result;
}
