// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IOASID extension's notifications (ioasid-abi(7) Notifications):
 * messages of the generic netlink family "ioasid" on its multicast group
 * "notify" (live host), or the emulated host's event log, the file
 * genl/ioasid/notify of each generation holding the same bytes a socket
 * would receive (sim-render.c render_genl(): the last notify_keep
 * messages). Both are parsed by ioasid_ntf_parse(); a gap in
 * IOASID_ATTR_SEQ is "lost N", a number not above the last one a restart.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "core/pathnames.h"
#include "events/events.h"
#include "ioasid-sim.h"
#include "uapi/ioasid.h"

static struct nla_policy ntf_policy[IOASID_ATTR_MAX + 1] = {
	[IOASID_ATTR_IOASID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_SET] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_SPID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_PID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_SEQ] = {.type = NLA_U64, .minlen = 8, .maxlen = 8},
};

static const char *ntf_action(uint8_t cmd)
{
	switch (cmd) {
	case IOASID_CMD_ALLOC_NTF:
		return "alloc";
	case IOASID_CMD_FREE_NTF:
		return "free";
	case IOASID_CMD_BIND_NTF:
		return "bind";
	case IOASID_CMD_UNBIND_NTF:
		return "unbind";
	}
	return NULL;
}

int ioasid_ntf_parse(const void *msg, size_t len, struct ioasid_event *ev)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)msg;
	struct nlattr *tb[IOASID_ATTR_MAX + 1], *nla;
	const struct genlmsghdr *gh;
	const char *action;
	uint32_t ioasid;
	int rem;

	ev_init(ev, IOASID_EVENT_IOASID);
	if (len < NLMSG_HDRLEN || nlh->nlmsg_len != len)
		return -EINVAL;
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return -ENOMSG; /* NLMSG_DONE, NLMSG_ERROR, ... */
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EINVAL;
	gh = genlmsg_hdr(nlh);
	action = ntf_action(gh->cmd);
	/* the attribute chain must cover the payload exactly (libnl's
	 * nla_parse stops quietly at an overlong one) */
	nla_for_each_attr(nla, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem);
	if (rem != 0 || genlmsg_parse(nlh, 0, tb, IOASID_ATTR_MAX, ntf_policy) < 0)
		return action ? -EINVAL : -ENOMSG;
	if (!action) {
		/* a notification of a later ABI version (ioasid-abi(7)
		 * Compatibility): not shown, but its number counts, so the
		 * next known one is no false gap */
		if (tb[IOASID_ATTR_SEQ]) {
			ev->seq = nla_get_u64(tb[IOASID_ATTR_SEQ]);
			ev->has_seq = true;
		}
		return -ENOMSG;
	}
	/* every notification has SEQ, IOASID and SET */
	if (!tb[IOASID_ATTR_SEQ] || !tb[IOASID_ATTR_IOASID] || !tb[IOASID_ATTR_SET])
		return -EINVAL;
	ioasid = nla_get_u32(tb[IOASID_ATTR_IOASID]);
	if (ioasid == 0 || ioasid == IOASID_INVALID)
		return -EINVAL;
	snprintf(ev->action, sizeof(ev->action), "%s", action);
	snprintf(ev->object, sizeof(ev->object), "ioasid %u", ioasid);
	ev->seq = nla_get_u64(tb[IOASID_ATTR_SEQ]);
	ev->has_seq = true;
	ev_field(ev, "ioasid", "%u", ioasid);
	ev_field(ev, "set", "%u", nla_get_u32(tb[IOASID_ATTR_SET]));
	if (tb[IOASID_ATTR_SPID]) {
		uint32_t spid = nla_get_u32(tb[IOASID_ATTR_SPID]);

		if (spid == IOASID_INVALID)
			return -EINVAL;
		ev_field(ev, "spid", "%u", spid);
	}
	if (tb[IOASID_ATTR_PID] && nla_get_u32(tb[IOASID_ATTR_PID]))
		ev_field(ev, "pid", "%u", nla_get_u32(tb[IOASID_ATTR_PID]));
	return 0;
}

int ioasid_ntf_walk(const void *buf, size_t len, int (*fn)(const void *msg, size_t len, void *arg),
		    void *arg)
{
	size_t off = 0;

	while (off < len) {
		struct nlmsghdr nh;
		int rc;

		if (len - off < sizeof(nh))
			return -EBADMSG;
		memcpy(&nh, (const char *)buf + off, sizeof(nh));
		if (nh.nlmsg_len < sizeof(nh) || nh.nlmsg_len > len - off)
			return -EBADMSG;
		rc = fn((const char *)buf + off, nh.nlmsg_len, arg);
		if (rc)
			return rc;
		off += NLMSG_ALIGN(nh.nlmsg_len);
	}
	return 0;
}

/* What both sources share: sequence state and the caller's callback. */
struct ntf_state {
	struct ev_seq seq;
	bool file;	    /* the event log: numbers up to the last are old */
	const char *object; /* of lost/reset records */
	ioasid_event_cb cb;
	void *arg;
	int count;
	struct ioasid_event ev;
	void *msgbuf; /* aligned copy of one message */
	size_t msgcap;
};

static int emit(struct ntf_state *st)
{
	st->count++;
	return st->cb(&st->ev, st->arg) ? 1 : 0;
}

static int on_msg(const void *msg, size_t len, void *arg)
{
	struct ntf_state *st = arg;
	uint64_t lost, seq;
	bool known;
	int rc;

	if (len > st->msgcap) {
		void *nb = realloc(st->msgbuf, len);

		if (!nb)
			return -ENOMEM;
		st->msgbuf = nb;
		st->msgcap = len;
	}
	memcpy(st->msgbuf, msg, len); /* the file's bytes may be unaligned */
	rc = ioasid_ntf_parse(st->msgbuf, len, &st->ev);
	/* an unknown type with a number only moves the sequence on */
	if (rc < 0 && !(rc == -ENOMSG && st->ev.has_seq))
		return 0;
	known = rc == 0;
	seq = st->ev.seq;
	switch (ev_seq_next(&st->seq, seq, &lost)) {
	case EV_SEQ_OLD:
		if (st->file)
			return 0; /* already reported from an earlier generation */
		{
			struct ioasid_event keep = st->ev;

			ev_init(&st->ev, IOASID_EVENT_IOASID);
			snprintf(st->ev.object, sizeof(st->ev.object), "%s", st->object);
			snprintf(st->ev.action, sizeof(st->ev.action), "reset");
			st->ev.has_seq = true;
			st->ev.seq = seq;
			ev_field(&st->ev, "previous_seq", "%llu", (unsigned long long)st->seq.last);
			st->seq.last = seq;
			rc = emit(st);
			st->ev = keep;
			if (rc)
				return rc;
		}
		break;
	case EV_SEQ_GAP: {
		struct ioasid_event keep = st->ev;

		ev_lost(&st->ev, IOASID_EVENT_IOASID, st->object, lost, false,
			st->file ? "event log overrun" : "notifications missed");
		st->ev.has_seq = true;
		st->ev.seq = seq;
		st->ev.time_usec = keep.time_usec; /* noticed with this event */
		rc = emit(st);
		st->ev = keep;
		if (rc)
			return rc;
		break;
	}
	default:
		break;
	}
	return known ? emit(st) : 0;
}

/* ---- live: the multicast group ---- */

struct genl_src {
	struct nl_sock *sk;
	struct ntf_state st;
};

static int genl_read(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg,
		     struct ioasid_error *err)
{
	struct genl_src *g = s->priv;

	g->st.cb = cb;
	g->st.arg = arg;
	g->st.count = 0;
	for (;;) {
		struct sockaddr_nl from;
		unsigned char *buf = NULL;
		int n = nl_recv(g->sk, &from, &buf, NULL), rc = 0;

		if (n == -NLE_AGAIN || n == 0) {
			free(buf);
			break;
		}
		if (n == -NLE_NOMEM) {
			/* ENOBUFS: the exact count follows from the next gap */
			ev_lost(&g->st.ev, IOASID_EVENT_IOASID, g->st.object, 0, true,
				"receive queue overflow (ENOBUFS); the next gap counts it");
			if (emit(&g->st))
				break;
			continue;
		}
		if (n < 0) {
			err->errnum = EIO;
			snprintf(err->object, sizeof(err->object), "%s", g->st.object);
			snprintf(err->message, sizeof(err->message), "cannot receive: %s",
				 nl_geterror(n));
			return -EIO;
		}
		if (from.nl_pid == 0)
			rc = ioasid_ntf_walk(buf, (size_t)n, on_msg, &g->st);
		free(buf);
		if (rc > 0)
			break;
	}
	return g->st.count;
}

static void genl_close(struct ioasid_evsrc *s)
{
	struct genl_src *g = s->priv;

	s->fd = -1;
	nl_socket_free(g->sk);
	free(g->st.msgbuf);
}

int evsrc_ioasid_open(struct ioasid_ctx *ctx, struct ioasid_evsrc **out)
{
	struct ioasid_evsrc *s = evsrc_new(IOASID_EVENT_IOASID, sizeof(struct genl_src));
	struct genl_src *g;
	int grp, rc;

	if (!s)
		return -ENOMEM;
	g = s->priv;
	g->st.object = IOASID_GENL_NAME "/" IOASID_GENL_MCGRP_NOTIFY;
	s->read = genl_read;
	s->close = genl_close;
	g->sk = nl_socket_alloc();
	if (!g->sk) {
		ioasid_evsrc_close(s);
		return -ENOMEM;
	}
	rc = genl_connect(g->sk);
	if (rc < 0) {
		ioasid_evsrc_close(s);
		return ioasid_set_error(ctx, EIO, "generic netlink", "cannot open a socket: %s",
					nl_geterror(rc));
	}
	grp = genl_ctrl_resolve_grp(g->sk, IOASID_GENL_NAME, IOASID_GENL_MCGRP_NOTIFY);
	if (grp < 0) {
		ioasid_evsrc_close(s);
		if (grp == -NLE_OBJ_NOTFOUND)
			return ioasid_set_error(
				ctx, EOPNOTSUPP, IOASID_GENL_NAME,
				"not supported by this kernel (no generic netlink "
				"family \"" IOASID_GENL_NAME
				"\" with group \"" IOASID_GENL_MCGRP_NOTIFY
				"\": the IOASID extension of ioasid-abi(7) is in no "
				"shipping kernel)");
		return ioasid_set_error(ctx, EIO, IOASID_GENL_NAME, "cannot resolve: %s",
					nl_geterror(grp));
	}
	nl_socket_disable_seq_check(g->sk);
	rc = nl_socket_add_membership(g->sk, grp);
	if (rc < 0) {
		ioasid_evsrc_close(s);
		return ioasid_set_error(ctx, EPERM, IOASID_GENL_NAME, "cannot join the group: %s",
					nl_geterror(rc));
	}
	nl_socket_set_nonblocking(g->sk);
	nl_socket_enable_msg_peek(g->sk);
	nl_socket_set_buffer_size(g->sk, 4 << 20, 0);
	s->fd = nl_socket_get_fd(g->sk);
	s->netlink = true;
	*out = s;
	return 0;
}

/* ---- emulated host: the event log ---- */

struct simlog_src {
	char *dir;
	struct ntf_state st;
};

int evsrc_sim_watch(const char *dir, struct ioasid_error *err)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	/* a mutation renames .current.tmp over `current` (sim.c) */
	if (fd < 0 || inotify_add_watch(fd, dir, IN_MOVED_TO | IN_CREATE) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		err->errnum = e;
		snprintf(err->object, sizeof(err->object), "%s", dir);
		snprintf(err->message, sizeof(err->message), "cannot watch: %s", strerror(e));
		return -e;
	}
	return fd;
}

/* The current generation's log. */
static int simlog_load(const char *dir, char **buf, size_t *len, struct ioasid_error *err)
{
	struct ioasid_ctx *ctx;
	int rc = ioasid_sim_open(&ctx, dir, err);

	if (rc < 0)
		return rc;
	rc = iopath_read_all(ctx, buf, len, IOASID_MAX_FILE, PATH_GENL_IOASID_NOTIFY);
	if (rc < 0) {
		err->errnum = -rc;
		snprintf(err->object, sizeof(err->object), "%s/current/genl/ioasid/notify", dir);
		snprintf(err->message, sizeof(err->message), "cannot read: %s", strerror(-rc));
	}
	ioasid_ctx_free(ctx);
	return rc;
}

static int last_seq_cb(const void *msg, size_t len, void *arg)
{
	struct ntf_state *st = arg;

	if (len > st->msgcap) {
		void *nb = realloc(st->msgbuf, len);

		if (!nb)
			return -ENOMEM;
		st->msgbuf = nb;
		st->msgcap = len;
	}
	memcpy(st->msgbuf, msg, len);
	/* a later version's notification counts too (on_msg) */
	if (ioasid_ntf_parse(st->msgbuf, len, &st->ev) == 0 || st->ev.has_seq) {
		st->seq.have = true;
		st->seq.last = st->ev.seq;
	}
	return 0;
}

static int simlog_read(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg,
		       struct ioasid_error *err)
{
	struct simlog_src *l = s->priv;
	uint64_t before = l->st.seq.last;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	evsrc_inotify_drain(s->fd); /* any change: read the newest generation */
	rc = simlog_load(l->dir, &buf, &len, err);
	if (rc < 0)
		return rc;
	l->st.cb = cb;
	l->st.arg = arg;
	l->st.count = 0;
	/* the log only grows: its newest number below ours is a new host */
	{
		struct ntf_state probe = {0};

		ioasid_ntf_walk(buf, len, last_seq_cb, &probe);
		free(probe.msgbuf);
		if (probe.seq.have && probe.seq.last < before) {
			ev_init(&l->st.ev, IOASID_EVENT_IOASID);
			snprintf(l->st.ev.object, sizeof(l->st.ev.object), "%s", l->st.object);
			snprintf(l->st.ev.action, sizeof(l->st.ev.action), "reset");
			ev_field(&l->st.ev, "previous_seq", "%llu", (unsigned long long)before);
			l->st.seq.last = 0;
			if (emit(&l->st)) {
				free(buf);
				return l->st.count;
			}
		}
	}
	rc = ioasid_ntf_walk(buf, len, on_msg, &l->st);
	free(buf);
	if (rc < 0 && rc != -EBADMSG)
		return rc;
	return l->st.count;
}

static void simlog_close(struct ioasid_evsrc *s)
{
	struct simlog_src *l = s->priv;

	free(l->dir);
	free(l->st.msgbuf);
}

int evsrc_simlog_open(const char *dir, struct ioasid_evsrc **out, struct ioasid_error *err)
{
	struct ioasid_evsrc *s = evsrc_new(IOASID_EVENT_IOASID, sizeof(struct simlog_src));
	struct simlog_src *l;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!s)
		return -ENOMEM;
	l = s->priv;
	s->read = simlog_read;
	s->close = simlog_close;
	l->st.file = true;
	l->st.object = "event log";
	l->dir = strdup(dir);
	if (!l->dir) {
		ioasid_evsrc_close(s);
		return -ENOMEM;
	}
	/* watch first, then read: a mutation in between is seen either way */
	rc = evsrc_sim_watch(dir, err);
	if (rc < 0) {
		ioasid_evsrc_close(s);
		return rc;
	}
	s->fd = rc;
	rc = simlog_load(dir, &buf, &len, err);
	if (rc < 0) {
		ioasid_evsrc_close(s);
		return rc;
	}
	/* start after what is already logged; an empty log starts at 0 (the
	 * first notification is 1) */
	ioasid_ntf_walk(buf, len, last_seq_cb, &l->st);
	l->st.seq.have = true;
	free(buf);
	*out = s;
	return 0;
}
