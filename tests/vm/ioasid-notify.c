// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ioasid-notify: join the multicast group "notify" of the generic netlink
 * family "ioasid" (ioasid-abi(7) Notifications) and print one line per
 * message until SIGTERM:
 *   CMD seq S ioasid I set T [spid P] [pid D]
 * with CMD alloc|free|bind|unbind (IOASID_CMD_*_NTF). A line "ready" comes first,
 * once the group is joined. Plain netlink sockets (no libnl), built static
 * like kmsg-dump, so that the guest needs nothing else; tests/vm/init runs
 * it while the reference module is loaded and kmod-golden.sh checks it.
 *
 * ioasid-notify --strict: instead, send three IOASID_CMD_GET_IOASID
 * requests and print one line each, "NAME ok|ERRNO-NAME": "dump" (a plain
 * dump), "reserved" (the same with genlmsghdr.reserved 1) and "flags" (a
 * do request with NLM_F_REPLACE). The kernel's genl_header_check()
 * (net/netlink/genetlink.c, 6.1 and 6.12) refuses the last two with EINVAL
 * for every command at or above the family's resv_start_op.
 *
 * ioasid-notify --dump CMD [set=N] [state=N] [pid=N]: one dump request
 * (CMD get_ioasid, get_binding or get_set: IOASID_CMD_GET_*, NLM_F_DUMP)
 * with those u32 filter attributes (ioasid-abi(7) Dumps), printing each
 * message's attributes as ID=VALUE (u32 and u64 decimal, strings as they
 * are) on one line, then "done" or "error ERRNO". What the kernel sent,
 * without ioasidctl's own filtering: kmod-golden.sh checks that the module
 * honours the filters of ABI version 2.
 *
 * Framing: include/uapi/linux/netlink.h (struct nlmsghdr, NLMSG_*),
 * include/uapi/linux/genetlink.h (struct genlmsghdr, CTRL_CMD_GETFAMILY,
 * CTRL_ATTR_FAMILY_ID, CTRL_ATTR_MCAST_GROUPS / CTRL_ATTR_MCAST_GRP_NAME,
 * _ID), attributes padded to 4 (NLA_ALIGN).
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "uapi/ioasid.h"

#define BUFSZ 16384

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* Walk the attributes in [p, p + len): calls fn for each */
static void walk(const char *p, size_t len, void (*fn)(void *, int, const char *, size_t),
		 void *arg)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t al = a->nla_len, step = NLA_ALIGN(al);

		if (al < NLA_HDRLEN || al > len)
			return;
		fn(arg, a->nla_type & NLA_TYPE_MASK, p + NLA_HDRLEN, al - NLA_HDRLEN);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

struct family {
	int id;
	int group;
};

static void grp_attr(void *arg, int type, const char *v, size_t len)
{
	uint32_t *g = arg;

	if (type == CTRL_ATTR_MCAST_GRP_NAME && len >= sizeof(IOASID_GENL_MCGRP_NOTIFY) &&
	    !strcmp(v, IOASID_GENL_MCGRP_NOTIFY))
		g[1] = 1;
	if (type == CTRL_ATTR_MCAST_GRP_ID && len == 4)
		memcpy(&g[0], v, 4);
}

static void one_group(void *arg, int type, const char *v, size_t len)
{
	struct family *f = arg;
	uint32_t g[2] = {0, 0};

	(void)type;
	walk(v, len, grp_attr, g);
	if (g[1])
		f->group = (int)g[0];
}

static void ctrl_attr(void *arg, int type, const char *v, size_t len)
{
	struct family *f = arg;
	uint16_t id;

	if (type == CTRL_ATTR_FAMILY_ID && len == 2) {
		memcpy(&id, v, 2);
		f->id = id;
	} else if (type == CTRL_ATTR_MCAST_GROUPS) {
		walk(v, len, one_group, f);
	}
}

struct ntf {
	uint64_t seq;
	uint32_t ioasid, set, spid, pid;
	int has_seq, has_ioasid, has_set, has_spid, has_pid;
};

static void ntf_attr(void *arg, int type, const char *v, size_t len)
{
	struct ntf *n = arg;

	if (type == IOASID_ATTR_SEQ && len == 8) {
		memcpy(&n->seq, v, 8);
		n->has_seq = 1;
	} else if (len == 4) {
		switch (type) {
		case IOASID_ATTR_IOASID:
			memcpy(&n->ioasid, v, 4);
			n->has_ioasid = 1;
			break;
		case IOASID_ATTR_SET:
			memcpy(&n->set, v, 4);
			n->has_set = 1;
			break;
		case IOASID_ATTR_SPID:
			memcpy(&n->spid, v, 4);
			n->has_spid = 1;
			break;
		case IOASID_ATTR_PID:
			memcpy(&n->pid, v, 4);
			n->has_pid = 1;
			break;
		}
	}
}

static int resolve(int fd, struct family *f)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req;
	static char buf[BUFSZ];
	struct nlattr *a;
	ssize_t got;

	memset(&req, 0, sizeof(req));
	a = (struct nlattr *)req.attrs;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(IOASID_GENL_NAME);
	memcpy((char *)a + NLA_HDRLEN, IOASID_GENL_NAME, sizeof(IOASID_GENL_NAME));
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	req.n.nlmsg_type = GENL_ID_CTRL;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_seq = 1;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		return -errno;
	got = recv(fd, buf, sizeof(buf), 0);
	if (got < (ssize_t)NLMSG_HDRLEN)
		return -EIO;
	for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)got);
	     h = NLMSG_NEXT(h, got)) {
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);
			return e->error ? e->error : -EIO;
		}
		if (h->nlmsg_type == GENL_ID_CTRL && h->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN))
			walk((char *)NLMSG_DATA(h) + GENL_HDRLEN,
			     h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), ctrl_attr, f);
	}
	return f->id > 0 && f->group > 0 ? 0 : -ENOENT;
}

/* One GET_IOASID request; 0 when it ended without an error, else -errno */
static int probe(int fd, const struct family *f, uint16_t flags, uint16_t reserved)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		struct nlattr a;
		uint32_t v;
	} req;
	static char buf[BUFSZ];
	static uint32_t seq = 100;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = sizeof(req);
	req.n.nlmsg_type = (uint16_t)f->id;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req.n.nlmsg_seq = ++seq;
	req.g.cmd = IOASID_CMD_GET_IOASID;
	req.g.version = IOASID_GENL_VERSION;
	req.g.reserved = reserved;
	req.a.nla_type = IOASID_ATTR_IOASID;
	req.a.nla_len = NLA_HDRLEN + 4;
	req.v = 1;
	if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
		req.n.nlmsg_len -= sizeof(req.a) + sizeof(req.v);
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);

		if (got < 0)
			return -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)got);
		     h = NLMSG_NEXT(h, got)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
		}
	}
}

static void print_attr(void *arg, int type, const char *v, size_t len)
{
	uint32_t u32;
	uint64_t u64;

	(void)arg;
	if (type == IOASID_ATTR_PAD)
		return;
	if (type == IOASID_ATTR_CGROUP || type == IOASID_ATTR_DEVICE) {
		printf(" %d=%.*s", type, len ? (int)len - 1 : 0, v);
	} else if (len == 4) {
		memcpy(&u32, v, 4);
		printf(" %d=%u", type, u32);
	} else if (len == 8) {
		memcpy(&u64, v, 8);
		printf(" %d=%llu", type, (unsigned long long)u64);
	} else {
		printf(" %d=?", type);
	}
}

static int put_u32(char *p, int type, uint32_t v)
{
	struct nlattr a = {.nla_len = NLA_HDRLEN + 4, .nla_type = (uint16_t)type};

	memcpy(p, &a, sizeof(a));
	memcpy(p + NLA_HDRLEN, &v, 4);
	return NLA_HDRLEN + 4;
}

static int dump(int fd, int family, int argc, char **argv)
{
	static const char *const cmds[] = {[IOASID_CMD_GET_IOASID] = "get_ioasid",
					   [IOASID_CMD_GET_BINDING] = "get_binding",
					   [IOASID_CMD_GET_SET] = "get_set"};
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req;
	static char buf[BUFSZ];
	size_t off = 0;
	int cmd = 0;

	for (int i = 0; i < (int)(sizeof(cmds) / sizeof(cmds[0])); i++)
		if (cmds[i] && !strcmp(argv[0], cmds[i]))
			cmd = i;
	if (!cmd) {
		fprintf(stderr, "ioasid-notify: unknown dump %s\n", argv[0]);
		return 2;
	}
	memset(&req, 0, sizeof(req));
	for (int i = 1; i < argc && off + 8 <= sizeof(req.attrs); i++) {
		unsigned v;

		if (sscanf(argv[i], "set=%u", &v) == 1)
			off += put_u32(req.attrs + off, IOASID_ATTR_SET, v);
		else if (sscanf(argv[i], "state=%u", &v) == 1)
			off += put_u32(req.attrs + off, IOASID_ATTR_STATE, v);
		else if (sscanf(argv[i], "pid=%u", &v) == 1)
			off += put_u32(req.attrs + off, IOASID_ATTR_PID, v);
		else {
			fprintf(stderr, "ioasid-notify: bad filter %s\n", argv[i]);
			return 2;
		}
	}
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + off;
	req.n.nlmsg_type = (uint16_t)family;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.n.nlmsg_seq = 2;
	req.g.cmd = (uint8_t)cmd;
	req.g.version = IOASID_GENL_VERSION;
	/* a dump that never ends must not hang the guest: 20 s per recv */
	struct timeval tv = {.tv_sec = 20};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0) {
		perror("ioasid-notify: send");
		return 1;
	}
	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);

		if (got < 0) {
			if (errno == EINTR && !stop)
				continue;
			printf("recv %s\n", strerror(errno));
			return 1;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)got);
		     h = NLMSG_NEXT(h, got)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				printf("done\n");
				return 0;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				printf("error %d\n", e->error);
				return 0;
			}
			if (h->nlmsg_type != family || h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
				continue;
			printf("%s", cmds[cmd]);
			walk((char *)NLMSG_DATA(h) + GENL_HDRLEN,
			     h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), print_attr, NULL);
			printf("\n");
		}
	}
}

static const char *probe_result(int rc)
{
	switch (rc) {
	case 0:
		return "ok";
	case -EINVAL:
		return "EINVAL";
	case -ENOENT:
		return "ENOENT";
	}
	return strerror(-rc);
}

int main(int argc, char **argv)
{
	static const char *const names[] = {[IOASID_CMD_ALLOC_NTF] = "alloc",
					    [IOASID_CMD_FREE_NTF] = "free",
					    [IOASID_CMD_BIND_NTF] = "bind",
					    [IOASID_CMD_UNBIND_NTF] = "unbind"};
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	struct family f = {0, 0};
	static char buf[BUFSZ];
	int fd, rc;

	struct sigaction act = {.sa_handler = on_term};

	/* no SA_RESTART: SIGTERM must end the blocking recv() */
	sigaction(SIGTERM, &act, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("ioasid-notify: netlink");
		return 1;
	}
	rc = resolve(fd, &f);
	if (rc) {
		fprintf(stderr, "ioasid-notify: family %s: %s\n", IOASID_GENL_NAME, strerror(-rc));
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "--strict")) {
		printf("dump %s\n", probe_result(probe(fd, &f, NLM_F_DUMP, 0)));
		printf("reserved %s\n", probe_result(probe(fd, &f, NLM_F_DUMP, 1)));
		printf("flags %s\n", probe_result(probe(fd, &f, NLM_F_REPLACE, 0)));
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--dump"))
		return dump(fd, f.id, argc - 2, argv + 2);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &f.group, sizeof(f.group)) < 0) {
		perror("ioasid-notify: NETLINK_ADD_MEMBERSHIP");
		return 1;
	}
	printf("ready\n");
	while (!stop) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			/* ENOBUFS: an overrun, the next seq tells how many */
			printf("recv %s\n", strerror(errno));
			continue;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)got);
		     h = NLMSG_NEXT(h, got)) {
			const struct genlmsghdr *g = NLMSG_DATA(h);
			struct ntf n;

			if (h->nlmsg_type != f.id || h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
				continue;
			memset(&n, 0, sizeof(n));
			walk((char *)NLMSG_DATA(h) + GENL_HDRLEN,
			     h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), ntf_attr, &n);
			printf("%s seq %llu ioasid %u set %u",
			       g->cmd < sizeof(names) / sizeof(names[0]) && names[g->cmd]
				       ? names[g->cmd]
				       : "unknown",
			       (unsigned long long)n.seq, n.ioasid, n.set);
			if (n.has_spid)
				printf(" spid %u", n.spid);
			if (n.has_pid)
				printf(" pid %u", n.pid);
			printf("\n");
		}
	}
	return 0;
}
