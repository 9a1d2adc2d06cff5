// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Generic netlink dumps of the emulated host as files (DESIGN.md 3: the
 * emulated host has no kernel socket, netlink-only data is read from
 * files). Each file holds the bytes a recvmsg() loop would have received:
 * nlmsghdr + genlmsghdr + attributes per message, built with libnl-3 the
 * way the kernel builds them (genlmsg_put, nla_put_u32, nla_put_string;
 * u64 attributes 8-byte aligned behind an IOASID_ATTR_PAD attribute as the
 * kernel's nla_put_64bit() does). The format is in ioasidctl(8) SIM and
 * SIM-FORMAT.md; the attribute set is ioasid-abi(7) GENERIC NETLINK.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "sim/sim.h"
#include "uapi/ioasid.h"

int32_t sim_set_owner_pid(const struct ioasid_model *m, uint32_t set)
{
	struct ioasid_model_set_info s;

	if (ioasid_model_set_get_info(m, set, &s) < 0 || s.type != IOASID_MODEL_SET_MM)
		return -1;
	return s.owner_pid;
}

/* nla_put_64bit(): pad so the u64 payload is 8-byte aligned (relative to
 * the message start) */
static int put_u64(struct nl_msg *msg, int type, uint64_t v)
{
	size_t off = (size_t)nlmsg_hdr(msg)->nlmsg_len;

	if ((off + NLA_HDRLEN) % 8 && nla_put(msg, IOASID_ATTR_PAD, 0, NULL) < 0)
		return -EMSGSIZE;
	return nla_put_u64(msg, type, v) < 0 ? -EMSGSIZE : 0;
}

static struct nl_msg *new_msg(uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc_size(512);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, 0, 0, SIM_GENL_FAMILY_ID, 0, flags, cmd, IOASID_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int finish(struct nl_msg *msg, struct sim_buf *out)
{
	struct nlmsghdr *nh = nlmsg_hdr(msg);
	static const char zero[NLMSG_ALIGNTO];
	int rc = sim_buf_add(out, nh, nh->nlmsg_len);

	if (!rc && NLMSG_ALIGN(nh->nlmsg_len) != nh->nlmsg_len)
		rc = sim_buf_add(out, zero, NLMSG_ALIGN(nh->nlmsg_len) - nh->nlmsg_len);
	nlmsg_free(msg);
	return rc;
}

/* The cgroup an IOASID is charged to (IOASID_ATTR_CGROUP): the misc
 * charge if the misc form made one, else the set's ioasids-form cgroup. */
static const char *charge_cgroup(const struct ioasid_model *m,
				 const struct ioasid_model_ioasid_info *io,
				 const struct ioasid_model_set_info *s)
{
	const char *p = NULL;

	if (s->type != IOASID_MODEL_SET_MM)
		return NULL;
	if (io->misc_cg != IOASID_MODEL_INVALID)
		p = ioasid_model_cgroup_path(m, io->misc_cg);
	if (!p && s->cgroup[0])
		p = s->cgroup;
	return p;
}

static int ioasid_msg(const struct ioasid_model *m, const struct ioasid_model_ioasid_info *io,
		      const struct ioasid_model_set_info *s, struct sim_buf *out)
{
	struct nl_msg *msg = new_msg(IOASID_CMD_GET_IOASID, NLM_F_MULTI);
	const char *cg = charge_cgroup(m, io, s);
	int rc = 0;

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, IOASID_ATTR_IOASID, io->id) < 0 ||
	    nla_put_u32(msg, IOASID_ATTR_SET, io->set) < 0 ||
	    (io->spid != IOASID_MODEL_INVALID &&
	     nla_put_u32(msg, IOASID_ATTR_SPID, io->spid) < 0) ||
	    nla_put_u32(msg, IOASID_ATTR_STATE, (uint32_t)io->state) < 0 ||
	    nla_put_u32(msg, IOASID_ATTR_REFS, io->refs) < 0)
		rc = -EMSGSIZE;
	if (!rc)
		rc = put_u64(msg, IOASID_ATTR_PRQ_COUNT, io->prq);
	if (!rc && s->type == IOASID_MODEL_SET_MM && s->owner_pid > 0 &&
	    nla_put_u32(msg, IOASID_ATTR_PID, (uint32_t)s->owner_pid) < 0)
		rc = -EMSGSIZE;
	if (!rc && cg && nla_put_string(msg, IOASID_ATTR_CGROUP, cg) < 0)
		rc = -EMSGSIZE;
	if (rc) {
		nlmsg_free(msg);
		return rc;
	}
	return finish(msg, out);
}

int sim_genl_chunk(const struct ioasid_model *m, uint32_t first, struct sim_buf *out,
		   uint32_t *count, struct sim_buf *by_state)
{
	struct ioasid_model_ioasid_info io;
	struct ioasid_model_set_info s = {.id = IOASID_MODEL_INVALID};
	uint32_t last = first + (1u << SIM_CHUNK_SHIFT) - 1;
	int rc;

	*count = 0;
	for (uint32_t from = first;
	     ioasid_model_ioasid_next(m, IOASID_MODEL_ANY_SET, from, &io) == 0 && io.id <= last;
	     from = io.id + 1) {
		if (s.id != io.set && (rc = ioasid_model_set_get_info(m, io.set, &s)) < 0)
			return rc;
		size_t at = out->len;

		rc = ioasid_msg(m, &io, &s, out);
		/* the same bytes in the state's own stream (a state outside
		 * the ABI's three is only in the full dump) */
		if (!rc && by_state && (uint32_t)io.state < SIM_GENL_STATES)
			rc = sim_buf_add(&by_state[io.state], out->p + at, out->len - at);
		if (rc)
			return rc;
		(*count)++;
	}
	return 0;
}

/* One GET_BINDING message */
static int binding_msg(uint32_t set, uint32_t spid, uint32_t ioasid, int32_t pid,
		       struct sim_buf *out)
{
	struct nl_msg *msg = new_msg(IOASID_CMD_GET_BINDING, NLM_F_MULTI);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, IOASID_ATTR_IOASID, ioasid) < 0 ||
	    nla_put_u32(msg, IOASID_ATTR_SET, set) < 0 ||
	    nla_put_u32(msg, IOASID_ATTR_SPID, spid) < 0 ||
	    (pid > 0 && nla_put_u32(msg, IOASID_ATTR_PID, (uint32_t)pid) < 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return finish(msg, out);
}

/* Sort key of the per-set pass: set, then SPID or IOASID */
struct by_set {
	uint32_t set, key;
	size_t i; /* index into the IOASIDs as walked (ascending IOASID) */
};

static int cmp_by_set(const void *a, const void *b)
{
	const struct by_set *x = a, *y = b;

	if (x->set != y->set)
		return x->set < y->set ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The messages of each set, in one walk over the IOASIDs (a walk per set
 * visits every IOASID once per set: 10,000 sets of a 100,000-IOASID host
 * made that a billion steps): GET_IOASID filtered by the set (ascending
 * IOASID, what GET_IOASID/set/set-N holds) and GET_BINDING of the set (by
 * SPID), handed to fn per set that has IOASIDs. */
int sim_genl_per_set(const struct ioasid_model *m, sim_set_fn *fn, void *arg)
{
	struct ioasid_model_ioasid_info *v = NULL, io;
	struct by_set *io_ord = NULL, *bind_ord = NULL;
	struct sim_buf ib = {0}, bb = {0};
	size_t n = 0, cap = 0, nb = 0, j = 0;
	int rc = 0;

	for (uint32_t from = 0; ioasid_model_ioasid_next(m, IOASID_MODEL_ANY_SET, from, &io) == 0;
	     from = io.id + 1) {
		if (n == cap) {
			struct ioasid_model_ioasid_info *nv =
				realloc(v, (cap = cap ? cap * 2 : 1024) * sizeof(*v));

			if (!nv) {
				rc = -ENOMEM;
				goto out;
			}
			v = nv;
		}
		v[n++] = io;
	}
	io_ord = malloc((n ? n : 1) * sizeof(*io_ord));
	bind_ord = malloc((n ? n : 1) * sizeof(*bind_ord));
	if (!io_ord || !bind_ord) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		io_ord[i] = (struct by_set){v[i].set, v[i].id, i};
		if (v[i].spid != IOASID_MODEL_INVALID)
			bind_ord[nb++] = (struct by_set){v[i].set, v[i].spid, i};
	}
	qsort(io_ord, n, sizeof(*io_ord), cmp_by_set);
	qsort(bind_ord, nb, sizeof(*bind_ord), cmp_by_set);
	for (size_t i = 0; i < n && !rc;) {
		uint32_t set = io_ord[i].set, nio = 0, nbind = 0;
		struct ioasid_model_set_info s;
		int32_t pid = sim_set_owner_pid(m, set);

		rc = ioasid_model_set_get_info(m, set, &s);
		ib.len = bb.len = 0;
		for (; !rc && i < n && io_ord[i].set == set; i++, nio++)
			rc = ioasid_msg(m, &v[io_ord[i].i], &s, &ib);
		while (j < nb && bind_ord[j].set < set)
			j++;
		for (; !rc && j < nb && bind_ord[j].set == set; j++, nbind++)
			rc = binding_msg(set, bind_ord[j].key, v[bind_ord[j].i].id, pid, &bb);
		if (!rc)
			rc = fn(set, &ib, nio, &bb, nbind, arg);
	}
out:
	free(v);
	free(io_ord);
	free(bind_ord);
	free(ib.p);
	free(bb.p);
	return rc;
}

/* GET_SET (version 2): one message per set, ascending id, with what the
 * set's sysfs directory holds: SET, SET_TYPE, QUOTA, ALLOCATED, and for an
 * mm set whose owner lives PID and the owner's CGROUP (sets/<id>/cgroup,
 * the owner's /proc/PID/cgroup path). */
int sim_genl_sets(const struct ioasid_model *m, struct sim_buf *out)
{
	struct ioasid_model_set_info s;
	int rc = 0;

	for (uint32_t from = 1; !rc && ioasid_model_set_next(m, from, &s) == 0; from = s.id + 1) {
		struct nl_msg *msg = new_msg(IOASID_CMD_GET_SET, NLM_F_MULTI);
		bool mm = s.type == IOASID_MODEL_SET_MM;
		struct ioasid_model_proc_info p;

		if (!msg)
			return -ENOMEM;
		if (nla_put_u32(msg, IOASID_ATTR_SET, s.id) < 0 ||
		    nla_put_u32(msg, IOASID_ATTR_SET_TYPE,
				mm ? IOASID_GENL_SET_MM : IOASID_GENL_SET_NULL) < 0 ||
		    nla_put_u32(msg, IOASID_ATTR_QUOTA, s.quota) < 0 ||
		    nla_put_u32(msg, IOASID_ATTR_ALLOCATED, s.nr_ioasids) < 0 ||
		    (mm && s.owner_pid > 0 &&
		     (nla_put_u32(msg, IOASID_ATTR_PID, (uint32_t)s.owner_pid) < 0 ||
		      (ioasid_model_proc_get_info(m, s.owner_pid, &p) == 0 &&
		       nla_put_string(msg, IOASID_ATTR_CGROUP, p.cgroup) < 0)))) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
		rc = finish(msg, out);
	}
	return rc;
}

/* Bindings of a set ordered by SPID: collect, sort, emit. */
struct binding {
	uint32_t spid, ioasid;
};

static int cmp_binding(const void *a, const void *b)
{
	const struct binding *x = a, *y = b;

	return x->spid < y->spid ? -1 : x->spid > y->spid;
}

int sim_genl_bindings(const struct ioasid_model *m, uint32_t set, struct sim_buf *out,
		      uint32_t *count)
{
	struct ioasid_model_ioasid_info io;
	struct binding *v = NULL;
	size_t n = 0, cap = 0;
	int32_t pid = sim_set_owner_pid(m, set);
	int rc = 0;

	*count = 0;
	for (uint32_t from = 0; ioasid_model_ioasid_next(m, set, from, &io) == 0;
	     from = io.id + 1) {
		if (io.spid == IOASID_MODEL_INVALID)
			continue;
		if (n == cap) {
			struct binding *nv = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof(*v));

			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[n++] = (struct binding){io.spid, io.id};
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_binding);
	for (size_t i = 0; i < n && !rc; i++)
		rc = binding_msg(set, v[i].spid, v[i].ioasid, pid, out);
	free(v);
	*count = rc ? 0 : (uint32_t)n;
	return rc;
}

/* NLMSG_DONE of a dump: netlink_dump_done() puts an int (the dump's
 * status, 0) as payload, flags NLM_F_MULTI (net/netlink/af_netlink.c). */
int sim_genl_done(struct sim_buf *out)
{
	struct {
		struct nlmsghdr nh;
		int status;
	} done = {{sizeof(done), NLMSG_DONE, NLM_F_MULTI, 0, 0}, 0};

	return sim_buf_add(out, &done, sizeof(done));
}

static uint8_t ntf_cmd(enum ioasid_model_event_type t)
{
	switch (t) {
	case IOASID_MODEL_EV_FREE:
		return IOASID_CMD_FREE_NTF;
	case IOASID_MODEL_EV_BIND:
		return IOASID_CMD_BIND_NTF;
	case IOASID_MODEL_EV_ALLOC:
		return IOASID_CMD_ALLOC_NTF;
	default:
		return IOASID_CMD_UNBIND_NTF;
	}
}

int sim_genl_events(const struct ioasid_model *m, uint64_t after, struct sim_buf *out)
{
	struct ioasid_model_event ev[64];
	uint64_t cursor = after, lost;
	size_t n;

	while ((n = ioasid_model_events_read(m, &cursor, ev, 64, &lost)) > 0) {
		for (size_t i = 0; i < n; i++) {
			struct nl_msg *msg = new_msg(ntf_cmd(ev[i].type), 0);
			/* the owner when the event happened (ioasid-abi(7):
			 * mm-set messages carry PID): the set may be gone now */
			int32_t pid = ev[i].pid;
			int rc;

			if (!msg)
				return -ENOMEM;
			rc = put_u64(msg, IOASID_ATTR_SEQ, ev[i].seq);
			if (!rc &&
			    (nla_put_u32(msg, IOASID_ATTR_IOASID, ev[i].ioasid) < 0 ||
			     nla_put_u32(msg, IOASID_ATTR_SET, ev[i].set) < 0 ||
			     (ev[i].spid != IOASID_MODEL_INVALID &&
			      nla_put_u32(msg, IOASID_ATTR_SPID, ev[i].spid) < 0) ||
			     (pid > 0 && nla_put_u32(msg, IOASID_ATTR_PID, (uint32_t)pid) < 0)))
				rc = -EMSGSIZE;
			if (rc) {
				nlmsg_free(msg);
				return rc;
			}
			rc = finish(msg, out);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Walk a stream of messages (check the sim's own files): every header
 * sane and inside the buffer; counts data messages, remembers the last
 * IOASID_ATTR_SEQ. */
int sim_genl_walk(const char *buf, size_t len, uint32_t *msgs, uint64_t *last_seq)
{
	size_t off = 0;

	*msgs = 0;
	if (last_seq)
		*last_seq = 0;
	while (off < len) {
		struct nlmsghdr nh;

		if (len - off < sizeof(nh))
			return -EBADMSG;
		memcpy(&nh, buf + off, sizeof(nh));
		if (nh.nlmsg_len < sizeof(nh) || nh.nlmsg_len > len - off)
			return -EBADMSG;
		if (nh.nlmsg_type == NLMSG_DONE) {
			off += NLMSG_ALIGN(nh.nlmsg_len);
			continue;
		}
		if (nh.nlmsg_type != SIM_GENL_FAMILY_ID ||
		    nh.nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
			return -EBADMSG;
		for (size_t a = NLMSG_HDRLEN + GENL_HDRLEN; a + NLA_HDRLEN <= nh.nlmsg_len;) {
			struct nlattr na;

			memcpy(&na, buf + off + a, sizeof(na));
			if (na.nla_len < NLA_HDRLEN || a + na.nla_len > nh.nlmsg_len)
				return -EBADMSG;
			if (last_seq && na.nla_type == IOASID_ATTR_SEQ &&
			    na.nla_len == NLA_HDRLEN + 8)
				memcpy(last_seq, buf + off + a + NLA_HDRLEN, 8);
			a += NLA_ALIGN(na.nla_len);
		}
		(*msgs)++;
		off += NLMSG_ALIGN(nh.nlmsg_len);
	}
	return 0;
}
