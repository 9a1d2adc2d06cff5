// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel uevents from a NETLINK_KOBJECT_UEVENT socket (group 1) through
 * libnl. lib/kobject_uevent.c alloc_uevent_skb() writes each datagram:
 * sprintf("%s@%s", action_string, devpath) with its NUL, then env->buf,
 * the variables add_uevent_var() appended as "KEY=VALUE\0" (ACTION=,
 * DEVPATH=, SUBSYSTEM=, the subsystem's own, SEQNUM=%llu; DRIVER= for
 * bind and unbind, drivers/base/core.c dev_uevent()); at most
 * UEVENT_BUFFER_SIZE (2048) bytes of variables. Its credentials are
 * GLOBAL_ROOT_UID and portid 0: anything else (udev's "libudev" messages,
 * another process sending to the group) is not the kernel and is dropped.
 */
#include <errno.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "events/events.h"

int ioasid_uevent_parse(const void *buf, size_t len, struct ioasid_event *ev)
{
	const char *p = buf, *end = p + len, *nul, *at, *base, *hend;
	size_t dplen;
	const char *action = NULL;

	ev_init(ev, IOASID_EVENT_UEVENT);
	if (len == 0)
		return -ENOMSG;
	/* udev's re-broadcast: "libudev\0" + struct udev_monitor_netlink_header */
	if (len >= 8 && !memcmp(p, "libudev", 8))
		return -ENOMSG;
	nul = memchr(p, '\0', len);
	if (!nul)
		return -EINVAL;
	at = memchr(p, '@', (size_t)(nul - p));
	if (!at || at == p || at + 1 == nul || at[1] != '/' ||
	    (size_t)(at - p) >= sizeof(ev->action))
		return -EINVAL;
	snprintf(ev->action, sizeof(ev->action), "%.*s", (int)(at - p), p);
	base = memrchr(at + 1, '/', (size_t)(nul - at - 1));
	base = base ? base + 1 : at + 1;
	if (!*base)
		return -EINVAL;
	snprintf(ev->object, sizeof(ev->object), "%s", base);
	hend = nul;
	dplen = (size_t)(hend - at - 1);
	for (p = nul + 1; p < end; p = nul + 1) {
		const char *eq;

		nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul)
			return -EINVAL; /* cut short: every variable ends with NUL */
		if (nul == p)
			continue;
		eq = memchr(p, '=', (size_t)(nul - p));
		if (!eq || eq == p)
			return -EINVAL;
		if (!strncmp(p, "ACTION=", 7)) {
			action = eq + 1;
		} else if (!strncmp(p, "SEQNUM=", 7)) {
			uint64_t v;

			if (ev->has_seq || ioasid_parse_u64(eq + 1, 10, &v) < 0)
				return -EINVAL;
			ev->seq = v;
			ev->has_seq = true;
		} else if (!strncmp(p, "DEVPATH=", 8)) {
			/* the same devpath as the header's */
			if ((size_t)(nul - eq - 1) != dplen || memcmp(eq + 1, at + 1, dplen))
				return -EINVAL;
			ev_field(ev, "devpath", "%s", eq + 1);
		} else if ((size_t)(eq - p) < sizeof(ev->fields[0].key)) {
			char key[32];

			snprintf(key, sizeof(key), "%.*s", (int)(eq - p), p);
			ev_field(ev, key, "%s", eq + 1);
		}
	}
	if (action && strcmp(action, ev->action))
		return -EINVAL;
	return 0;
}

struct uevent_src {
	struct nl_sock *sk;
};

static int uevent_read(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg,
		       struct ioasid_error *err)
{
	struct uevent_src *u = s->priv;
	struct ioasid_event *ev = malloc(sizeof(*ev));
	int count = 0;

	if (!ev)
		return -ENOMEM;
	for (;;) {
		struct sockaddr_nl from;
		struct ucred *creds = NULL;
		unsigned char *buf = NULL;
		int n = nl_recv(u->sk, &from, &buf, &creds);

		if (n == -NLE_AGAIN || n == 0) {
			free(buf);
			free(creds);
			break;
		}
		if (n == -NLE_NOMEM) {
			/* recvmsg ENOBUFS (libnl maps it to NLE_NOMEM): the receive
			 * queue overflowed; the kernel does not say how many */
			ev_lost(ev, IOASID_EVENT_UEVENT, "uevent socket", 0, true,
				"receive queue overflow (ENOBUFS)");
			count++;
			if (cb(ev, arg))
				break;
			continue;
		}
		if (n < 0) {
			free(ev);
			err->errnum = EIO;
			snprintf(err->object, sizeof(err->object), "uevent socket");
			snprintf(err->message, sizeof(err->message), "cannot receive: %s",
				 nl_geterror(n));
			return -EIO;
		}
		/* the kernel, as root: portid 0 and SCM_CREDENTIALS uid 0 */
		if (from.nl_pid == 0 && creds && creds->uid == 0 &&
		    ioasid_uevent_parse(buf, (size_t)n, ev) == 0) {
			count++;
			if (cb(ev, arg)) {
				free(buf);
				free(creds);
				break;
			}
		}
		free(buf);
		free(creds);
	}
	free(ev);
	return count;
}

static void uevent_close(struct ioasid_evsrc *s)
{
	struct uevent_src *u = s->priv;

	s->fd = -1; /* nl_socket_free closes it */
	nl_socket_free(u->sk);
}

int evsrc_uevent_open(struct ioasid_ctx *ctx, struct ioasid_evsrc **out)
{
	struct ioasid_evsrc *s = evsrc_new(IOASID_EVENT_UEVENT, sizeof(struct uevent_src));
	struct uevent_src *u;
	int rc;

	if (!s)
		return -ENOMEM;
	u = s->priv;
	u->sk = nl_socket_alloc();
	if (!u->sk) {
		ioasid_evsrc_close(s);
		return -ENOMEM;
	}
	s->read = uevent_read;
	s->close = uevent_close;
	nl_socket_disable_seq_check(u->sk);
	nl_join_groups(u->sk, 1); /* the kernel's group (alloc_uevent_skb dst_group) */
	rc = nl_connect(u->sk, NETLINK_KOBJECT_UEVENT);
	if (rc < 0) {
		int e = rc == -NLE_PERM ? EPERM : rc == -NLE_NOACCESS ? EACCES : EIO;

		ioasid_evsrc_close(s);
		return ioasid_set_error(ctx, e, "uevent socket", "cannot open: %s",
					nl_geterror(rc));
	}
	s->fd = nl_socket_get_fd(u->sk);
	s->netlink = true;
	nl_socket_set_passcred(u->sk, 1);
	nl_socket_set_nonblocking(u->sk);
	nl_socket_enable_msg_peek(u->sk);
	/* room for bursts (a driver bind emits several); a larger request
	 * than rmem_max is cut to it silently */
	nl_socket_set_buffer_size(u->sk, 4 << 20, 0);
	*out = s;
	return 0;
}
