// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Differential test: the executable model (src/lib, impl-model.c) and the
 * reference kernel module (kmod/, impl-kmod.c) receive the same seeded random
 * sequence of impl.h operations; every return value and output must be equal,
 * and after every operation so must the whole observable state (capacity,
 * every set, every IOASID in the range the sequence uses, every cgroup and
 * every notifier's queued events). Neither side is the oracle of the other:
 * a mismatch names the operation, and which side is right is decided from
 * the seed text (tests/conformance/RULES.md).
 *
 * The generic netlink dumps (ioasid-abi(7) GENERIC NETLINK: GET_SET and the
 * dump filters of version 2) are not compared here: the module's family
 * reports its real system, not these /dev/ioasid-conf instances
 * (kmod/ioasid-genl.c reads kio_real only); conf_udiff compares them
 * (udiff-genl.c), driving that real system through /dev/ioasid.
 *
 * usage: conf_diff [SEQUENCES [OPS [FIRST-SEED]]]   (default 200 x 400 from 1)
 * Exits 77 with the reason where /dev/ioasid-conf is absent, 1 on a
 * mismatch, 0 when both agreed on everything.
 *
 * conf_diff --self-test: the comparison can fail. The model against a copy
 * of itself with one planted bug (get takes two references); it must report
 * a disagreement. Needs no device (make check runs it).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "impl-kmod.h"
#include "impl-model.h"

#define NSIDE 2
#define MAXH 64
/* IOASIDs the sequences use: alloc ranges stay inside [1, ID_HI] */
#define ID_HI 48

static const struct ioasid_impl *side[NSIDE] = {&ioasid_impl_model, &ioasid_impl_kmod};

/* --self-test: the model with a planted bug, a get that takes two references */
static int buggy_get(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid)
{
	int r = ioasid_impl_model.get(in, set, ioasid);

	if (!r)
		ioasid_impl_model.get(in, set, ioasid);
	return r;
}

static struct ioasid_impl buggy_model;

struct handles {
	int v[MAXH];
	int n;
};

struct run {
	ioasid_impl_inst *in[NSIDE];
	struct handles mm, cg, set, nb, ids;
	uint64_t rng;
	unsigned seed, op;
	int form;
	char last[160];
	long mismatches;
	long checks;
	long ok_ops; /* operations both sides performed (returned 0) */
};

static uint32_t rnd(struct run *r)
{
	/* xorshift64*: reproducible from the seed on every platform */
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return (uint32_t)((r->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static int below(struct run *r, int n)
{
	return n > 0 ? (int)(rnd(r) % (uint32_t)n) : 0;
}

static void add(struct handles *h, int v)
{
	if (h->n < MAXH)
		h->v[h->n++] = v;
}

/* a known handle most of the time, else something that names nothing */
static int pick(struct run *r, const struct handles *h)
{
	static const int odd[] = {0, -1, 999, 7};

	if (h->n && below(r, 100) < 85)
		return h->v[below(r, h->n)];
	return odd[below(r, 4)];
}

/* an IOASID allocated earlier (it may be gone since) most of the time */
static uint32_t pick_id(struct run *r)
{
	int k = below(r, 100);

	if (k < 60 && r->ids.n)
		return (uint32_t)r->ids.v[below(r, r->ids.n)];
	if (k < 90)
		return 1 + (uint32_t)below(r, ID_HI);
	if (k < 95)
		return 0;
	return k < 98 ? 500 : IOASID_IMPL_INVALID;
}

static uint32_t pick_spid(struct run *r)
{
	return below(r, 20) ? 100 + (uint32_t)below(r, 8) : IOASID_IMPL_INVALID;
}

static void mismatch(struct run *r, const char *what, long long a, long long b)
{
	if (r->mismatches < 20)
		fprintf(stderr,
			"conf_diff: seed %u op %u (%s) %s: %s %lld, %s %lld\n"
			"  after: %s\n",
			r->seed, r->op, r->form == IOASID_IMPL_CG_IOASIDS ? "ioasids" : "misc",
			what, side[0]->name, a, side[1]->name, b, r->last);
	r->mismatches++;
}

static int eq(struct run *r, const char *what, long long a, long long b)
{
	r->checks++;
	if (a != b) {
		mismatch(r, what, a, b);
		return 0;
	}
	return 1;
}

/* The whole observable state of both sides */
static void compare_state(struct run *r)
{
	uint32_t t[NSIDE] = {0}, a[NSIDE] = {0};
	int rc[NSIDE];

	for (int s = 0; s < NSIDE; s++)
		rc[s] = side[s]->capacity_query(r->in[s], &t[s], &a[s]);
	eq(r, "capacity_query rc", rc[0], rc[1]);
	eq(r, "capacity total", t[0], t[1]);
	eq(r, "capacity available", a[0], a[1]);

	for (int i = 0; i < r->set.n; i++) {
		struct ioasid_impl_set_info si[NSIDE];

		memset(si, 0, sizeof(si));
		for (int s = 0; s < NSIDE; s++)
			rc[s] = side[s]->set_query(r->in[s], r->set.v[i], &si[s]);
		if (!eq(r, "set_query rc", rc[0], rc[1]) || rc[0])
			continue;
		eq(r, "set type", si[0].type, si[1].type);
		eq(r, "set mm", si[0].mm, si[1].mm);
		eq(r, "set quota", si[0].quota, si[1].quota);
		eq(r, "set nr_ioasids", si[0].nr_ioasids, si[1].nr_ioasids);
	}
	for (uint32_t id = 1; id <= ID_HI; id++) {
		struct ioasid_impl_ioasid_info ii[NSIDE];

		memset(ii, 0, sizeof(ii));
		for (int s = 0; s < NSIDE; s++)
			rc[s] = side[s]->ioasid_query(r->in[s], id, &ii[s]);
		if (!eq(r, "ioasid_query rc", rc[0], rc[1]) || rc[0])
			continue;
		eq(r, "ioasid set", ii[0].set, ii[1].set);
		eq(r, "ioasid state", ii[0].state, ii[1].state);
		eq(r, "ioasid refs", ii[0].refs, ii[1].refs);
		eq(r, "ioasid spid", ii[0].spid, ii[1].spid);
	}
	for (int i = -1; i < r->cg.n; i++) {
		struct ioasid_impl_cg_info ci[NSIDE];
		int cg = i < 0 ? IOASID_IMPL_CG_ROOT : r->cg.v[i];

		memset(ci, 0, sizeof(ci));
		for (int s = 0; s < NSIDE; s++)
			rc[s] = side[s]->cg_read(r->in[s], cg, &ci[s]);
		if (!eq(r, "cg_read rc", rc[0], rc[1]) || rc[0])
			continue;
		eq(r, "cg current", (long long)ci[0].current, (long long)ci[1].current);
		eq(r, "cg max", (long long)ci[0].max, (long long)ci[1].max);
		eq(r, "cg events", (long long)ci[0].events, (long long)ci[1].events);
	}
	for (int i = 0; i < r->nb.n; i++) {
		struct ioasid_impl_event ev[NSIDE][64];
		size_t n[NSIDE] = {0};

		for (int s = 0; s < NSIDE; s++)
			rc[s] = side[s]->events_read(r->in[s], r->nb.v[i], ev[s], 64, &n[s]);
		if (!eq(r, "events_read rc", rc[0], rc[1]) || rc[0])
			continue;
		if (!eq(r, "events count", (long long)n[0], (long long)n[1]))
			continue;
		for (size_t k = 0; k < n[0]; k++) {
			eq(r, "event seq", (long long)ev[0][k].seq, (long long)ev[1][k].seq);
			eq(r, "event type", ev[0][k].type, ev[1][k].type);
			eq(r, "event ioasid", ev[0][k].ioasid, ev[1][k].ioasid);
			eq(r, "event spid", ev[0][k].spid, ev[1][k].spid);
			eq(r, "event set", ev[0][k].set, ev[1][k].set);
		}
	}
}

/* One random operation on both sides; compares results and outputs */
static void step(struct run *r)
{
	int rc[NSIDE], o[NSIDE] = {0, 0};
	uint32_t u[NSIDE] = {0, 0};
	int k = below(r, 100);

#define BOTH(call)                                                                                 \
	for (int s = 0; s < NSIDE; s++)                                                            \
		rc[s] = side[s]->call;
#define LAST(...) snprintf(r->last, sizeof(r->last), __VA_ARGS__)

	if (k < 3) {
		uint32_t nr = (uint32_t)below(r, 40);
		BOTH(capacity_reserve(r->in[s], nr, &u[s]));
		LAST("capacity_reserve %u", nr);
	} else if (k < 6) {
		uint32_t nr = (uint32_t)below(r, 40);
		BOTH(capacity_cancel(r->in[s], nr, &u[s]));
		LAST("capacity_cancel %u", nr);
	} else if (k < 10) {
		int cg = pick(r, &r->cg);
		BOTH(mm_create(r->in[s], cg, &o[s]));
		LAST("mm_create cg %d", cg);
		if (!rc[0] && !rc[1] && o[0] == o[1])
			add(&r->mm, o[0]);
	} else if (k < 12) {
		int mm = pick(r, &r->mm);
		BOTH(mm_exit(r->in[s], mm));
		LAST("mm_exit %d", mm);
	} else if (k < 14) {
		int mm = pick(r, &r->mm), cg = pick(r, &r->cg);
		BOTH(mm_move(r->in[s], mm, cg));
		LAST("mm_move %d -> cg %d", mm, cg);
	} else if (k < 16) {
		int p = below(r, 3) ? pick(r, &r->cg) : IOASID_IMPL_CG_ROOT;
		BOTH(cg_create(r->in[s], p, &o[s]));
		LAST("cg_create under %d", p);
		if (!rc[0] && !rc[1] && o[0] == o[1])
			add(&r->cg, o[0]);
	} else if (k < 19) {
		int cg = below(r, 8) ? pick(r, &r->cg) : IOASID_IMPL_CG_ROOT;
		uint64_t max = below(r, 4) ? (uint64_t)below(r, 12) : IOASID_IMPL_CG_MAX;
		BOTH(cg_set_max(r->in[s], cg, max));
		LAST("cg_set_max %d %" PRIu64, cg, max);
	} else if (k < 25) {
		int mm_type = below(r, 3) != 0;
		int mm = mm_type ? pick(r, &r->mm) : (below(r, 10) ? 0 : 1);
		uint32_t q =
			below(r, 12) ? 1 + (uint32_t)below(r, 10) : (uint32_t)below(r, 2) * 5000;
		int type = below(r, 30) ? mm_type : 7;
		BOTH(set_alloc(r->in[s], type, mm, q, &o[s]));
		LAST("set_alloc type %d mm %d quota %u", type, mm, q);
		if (!rc[0] && !rc[1] && o[0] == o[1])
			add(&r->set, o[0]);
	} else if (k < 27) {
		int set = pick(r, &r->set);
		BOTH(set_free(r->in[s], set));
		LAST("set_free %d", set);
	} else if (k < 29) {
		int set = pick(r, &r->set), q = below(r, 20) ? below(r, 14) - 2 : 0x7fffffff;
		BOTH(set_adjust(r->in[s], set, q));
		LAST("set_adjust %d %d", set, q);
	} else if (k < 43) {
		int set = pick(r, &r->set);
		uint32_t min = below(r, 10) ? 1 + (uint32_t)below(r, ID_HI) : (uint32_t)below(r, 2);
		uint32_t max = below(r, 8) ? min + (uint32_t)below(r, 12) : min - 1;
		if (max > ID_HI && max != IOASID_IMPL_INVALID)
			max = ID_HI;
		BOTH(alloc(r->in[s], set, min, max, &u[s]));
		LAST("alloc set %d [%u, %u]", set, min, max);
		if (!rc[0] && !rc[1] && u[0] == u[1]) {
			/* keep the list short: replace an old entry when full */
			if (r->ids.n == MAXH)
				r->ids.v[below(r, MAXH)] = (int)u[0];
			else
				add(&r->ids, (int)u[0]);
		}
	} else if (k < 51) {
		int set = below(r, 10) ? pick(r, &r->set) : IOASID_IMPL_NO_SET;
		uint32_t id = pick_id(r);
		BOTH(free(r->in[s], set, id));
		LAST("free set %d id %u", set, id);
	} else if (k < 58) {
		int set = below(r, 3) ? pick(r, &r->set) : IOASID_IMPL_NO_SET;
		uint32_t id = pick_id(r);
		BOTH(get(r->in[s], set, id));
		LAST("get set %d id %u", set, id);
	} else if (k < 65) {
		int set = below(r, 3) ? pick(r, &r->set) : IOASID_IMPL_NO_SET;
		uint32_t id = pick_id(r);
		BOTH(put(r->in[s], set, id, &o[s]));
		LAST("put set %d id %u", set, id);
	} else if (k < 68) {
		int mm = pick(r, &r->mm);
		uint32_t id = pick_id(r);
		BOTH(get_if_owned(r->in[s], mm, id));
		LAST("get_if_owned mm %d id %u", mm, id);
	} else if (k < 73) {
		uint32_t id = pick_id(r), spid = pick_spid(r);
		BOTH(attach_spid(r->in[s], id, spid));
		LAST("attach_spid %u %u", id, spid);
	} else if (k < 77) {
		uint32_t id = pick_id(r);
		BOTH(detach_spid(r->in[s], id));
		LAST("detach_spid %u", id);
	} else if (k < 81) {
		int set = pick(r, &r->set), get = below(r, 3) == 0;
		uint32_t spid = pick_spid(r);
		BOTH(find_by_spid(r->in[s], set, spid, get, &u[s]));
		LAST("find_by_spid set %d spid %u get %d", set, spid, get);
	} else if (k < 83) {
		uint32_t id = pick_id(r);
		BOTH(find_spid(r->in[s], id, &u[s]));
		LAST("find_spid %u", id);
	} else if (k < 89) {
		int mm = pick(r, &r->mm);
		uint32_t id = pick_id(r), spid = pick_spid(r);
		BOTH(bind(r->in[s], mm, id, spid));
		LAST("bind mm %d id %u spid %u", mm, id, spid);
	} else if (k < 93) {
		int mm = pick(r, &r->mm);
		uint32_t id = pick_id(r);
		BOTH(unbind(r->in[s], mm, id));
		LAST("unbind mm %d id %u", mm, id);
	} else if (k < 97) {
		int scope = 1 + below(r, 3);
		int target = scope == IOASID_IMPL_NB_SET  ? pick(r, &r->set)
			     : scope == IOASID_IMPL_NB_MM ? pick(r, &r->mm)
							  : 0;
		BOTH(nb_register(r->in[s], scope, target, &o[s]));
		LAST("nb_register scope %d target %d", scope, target);
		if (!rc[0] && !rc[1] && o[0] == o[1])
			add(&r->nb, o[0]);
	} else if (k < 98) {
		int nb = pick(r, &r->nb);
		BOTH(nb_unregister(r->in[s], nb));
		LAST("nb_unregister %d", nb);
	} else {
		uint32_t total = 2 + (uint32_t)below(r, 100);
		BOTH(capacity_install(r->in[s], total));
		LAST("capacity_install %u", total);
	}
#undef BOTH
#undef LAST
	if (eq(r, "return value", rc[0], rc[1]) && !rc[0]) {
		r->ok_ops++;
		eq(r, "output", o[0], o[1]);
		eq(r, "output (u32)", u[0], u[1]);
	}
}

static int sequence(unsigned seed, unsigned ops, long *checks, long *ok_ops)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.seed = seed;
	r.rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)seed * 0x100000001B3ULL);
	r.form = seed % 2 ? IOASID_IMPL_CG_MISC : IOASID_IMPL_CG_IOASIDS;
	for (int s = 0; s < NSIDE; s++) {
		rc = side[s]->create(&r.in[s], r.form);
		if (rc) {
			fprintf(stderr, "conf_diff: %s create: %s\n", side[s]->name, strerror(-rc));
			return -1;
		}
	}
	/* a small capacity most of the time, so that quotas and reservations
	 * run out within the sequence */
	if (seed % 4) {
		uint32_t total = 20 + seed % 60;
		for (int s = 0; s < NSIDE; s++)
			side[s]->capacity_install(r.in[s], total);
	}
	snprintf(r.last, sizeof(r.last), "create");
	compare_state(&r);
	for (r.op = 1; r.op <= ops && !r.mismatches; r.op++) {
		step(&r);
		compare_state(&r);
	}
	for (int s = 0; s < NSIDE; s++)
		side[s]->destroy(r.in[s]);
	*checks += r.checks;
	*ok_ops += r.ok_ops;
	return r.mismatches ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned nseq = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 200;
	unsigned ops = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 400;
	unsigned first = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) : 1;
	const char *dev = getenv("IOASID_CONF_DEV");
	unsigned bad = 0;
	long checks = 0, ok_ops = 0;

	if (argc > 1 && !strcmp(argv[1], "--self-test")) {
		buggy_model = ioasid_impl_model;
		buggy_model.name = "model with a planted bug";
		buggy_model.get = buggy_get;
		side[1] = &buggy_model;
		for (unsigned i = 1; i <= 20; i++) {
			int rc = sequence(i, 300, &checks, &ok_ops);

			if (rc < 0)
				return 1;
			bad += (unsigned)rc;
		}
		printf("conf_diff --self-test: %u of 20 sequences found the planted bug%s\n", bad,
		       bad ? "" : " (the comparison cannot fail: FAIL)");
		return bad ? 0 : 1;
	}
	if (dev && *dev)
		ioasid_impl_kmod_path = dev;
	if (access(ioasid_impl_kmod_path, R_OK | W_OK)) {
		printf("SKIP: %s: %s (load kmod/ioasid.ko with conformance=1)\n",
		       ioasid_impl_kmod_path, strerror(errno));
		return 77;
	}
	for (unsigned i = 0; i < nseq; i++) {
		int rc = sequence(first + i, ops, &checks, &ok_ops);

		if (rc < 0)
			return 1;
		bad += (unsigned)rc;
	}
	printf("conf_diff: %u sequences x %u operations (seeds %u..%u; %ld succeeded, the "
	       "others were refused alike), %ld comparisons: %u sequence(s) disagreed\n",
	       nseq, ops, first, first + nseq - 1, ok_ops, checks, bad);
	return bad ? 1 : 0;
}
