// SPDX-License-Identifier: LGPL-2.1-or-later
/* Event sources: what they share (records, sequence numbers) and the
 * public entry points that pick a source by kind. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/pathnames.h"
#include "events/events.h"

static const char *const kind_names[IOASID_EVENT_NKINDS] = {
	[IOASID_EVENT_UEVENT] = "uevent",
	[IOASID_EVENT_KMSG] = "kmsg",
	[IOASID_EVENT_CGROUP] = "cgroup",
	[IOASID_EVENT_IOASID] = "ioasid",
};

IOASID_EXPORT const char *ioasid_event_kind_name(enum ioasid_event_kind k)
{
	return (unsigned)k < IOASID_EVENT_NKINDS ? kind_names[k] : NULL;
}

IOASID_EXPORT int ioasid_event_kind_parse(const char *s)
{
	for (int k = 0; k < IOASID_EVENT_NKINDS; k++)
		if (!strcmp(s, kind_names[k]))
			return k;
	return -EINVAL;
}

IOASID_EXPORT const char *ioasid_event_field(const struct ioasid_event *ev, const char *key)
{
	for (size_t i = 0; i < ev->nfields; i++)
		if (!strcmp(ev->fields[i].key, key))
			return ev->fields[i].value;
	return NULL;
}

void ev_init(struct ioasid_event *ev, enum ioasid_event_kind kind)
{
	struct timespec ts;

	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		ev->time_usec = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

bool ev_field(struct ioasid_event *ev, const char *key, const char *fmt, ...)
{
	struct ioasid_event_field *f;
	va_list ap;
	size_t i;

	if (ev->nfields == IOASID_EVENT_MAX_FIELDS)
		return false;
	f = &ev->fields[ev->nfields++];
	for (i = 0; key[i] && i < sizeof(f->key) - 1; i++)
		f->key[i] = (char)tolower((unsigned char)key[i]);
	f->key[i] = '\0';
	va_start(ap, fmt);
	vsnprintf(f->value, sizeof(f->value), fmt, ap);
	va_end(ap);
	return true;
}

void ev_lost(struct ioasid_event *ev, enum ioasid_event_kind kind, const char *object, uint64_t n,
	     bool unknown, const char *why)
{
	ev_init(ev, kind);
	snprintf(ev->object, sizeof(ev->object), "%s", object);
	snprintf(ev->action, sizeof(ev->action), "lost");
	ev->lost = unknown ? 0 : n;
	ev->lost_unknown = unknown;
	if (why)
		ev_field(ev, "reason", "%s", why);
}

enum ev_seq_result ev_seq_next(struct ev_seq *q, uint64_t seq, uint64_t *lost)
{
	enum ev_seq_result r;

	*lost = 0;
	if (!q->have)
		r = EV_SEQ_FIRST;
	else if (seq <= q->last)
		return EV_SEQ_OLD;
	else if (seq == q->last + 1)
		r = EV_SEQ_NEXT;
	else {
		*lost = seq - q->last - 1;
		r = EV_SEQ_GAP;
	}
	q->have = true;
	q->last = seq;
	return r;
}

struct ioasid_evsrc *evsrc_new(enum ioasid_event_kind kind, size_t priv_size)
{
	struct ioasid_evsrc *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->kind = kind;
	s->fd = -1;
	if (priv_size && !(s->priv = calloc(1, priv_size))) {
		free(s);
		return NULL;
	}
	return s;
}

bool evsrc_inotify_drain(int fd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool overflow = false;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const void *)p;

			if (e->mask & IN_Q_OVERFLOW)
				overflow = true;
			p += sizeof(*e) + e->len;
		}
	return overflow;
}

IOASID_EXPORT int ioasid_evsrc_open(struct ioasid_ctx *ctx, enum ioasid_event_kind kind,
				    struct ioasid_evsrc **out)
{
	*out = NULL;
	switch (kind) {
	case IOASID_EVENT_UEVENT:
	case IOASID_EVENT_IOASID:
		if (!ioasid_ctx_is_live(ctx))
			return ioasid_set_error(ctx, EOPNOTSUPP, kind_names[kind],
						"a captured host has no netlink socket");
		return kind == IOASID_EVENT_UEVENT ? evsrc_uevent_open(ctx, out)
						   : evsrc_ioasid_open(ctx, out);
	case IOASID_EVENT_KMSG:
		if (!ioasid_ctx_is_live(ctx))
			return ioasid_set_error(ctx, EOPNOTSUPP, PATH_DEV_KMSG,
						"a captured host's log does not grow");
		return evsrc_kmsg_open(ctx, out);
	case IOASID_EVENT_CGROUP: {
		struct ioasid_error err = {0};
		int rc = evsrc_cgroup_open(ctx, NULL, out, &err);

		if (rc < 0)
			ioasid_set_error(ctx, err.errnum, err.object, "%s", err.message);
		return rc;
	}
	default:
		return -EINVAL;
	}
}

IOASID_EXPORT int ioasid_evsrc_open_sim(const char *dir, enum ioasid_event_kind kind,
					struct ioasid_evsrc **out, struct ioasid_error *err)
{
	*out = NULL;
	switch (kind) {
	case IOASID_EVENT_IOASID:
		return evsrc_simlog_open(dir, out, err);
	case IOASID_EVENT_CGROUP:
		return evsrc_cgroup_open(NULL, dir, out, err);
	case IOASID_EVENT_UEVENT:
	case IOASID_EVENT_KMSG:
		err->errnum = EOPNOTSUPP;
		snprintf(err->object, sizeof(err->object), "%s", kind_names[kind]);
		snprintf(err->message, sizeof(err->message), "an emulated host has no %s",
			 kind == IOASID_EVENT_UEVENT ? "kernel uevents" : "live kernel log");
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

IOASID_EXPORT int ioasid_evsrc_set_buffer(struct ioasid_evsrc *s, size_t bytes)
{
	int v = bytes > INT_MAX / 2 ? INT_MAX / 2 : (int)bytes;

	if (!s->netlink)
		return -EOPNOTSUPP;
	return setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) < 0 ? -errno : 0;
}

IOASID_EXPORT int ioasid_evsrc_fd(const struct ioasid_evsrc *s)
{
	return s->fd;
}

IOASID_EXPORT enum ioasid_event_kind ioasid_evsrc_kind(const struct ioasid_evsrc *s)
{
	return s->kind;
}

IOASID_EXPORT int ioasid_evsrc_read(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg,
				    struct ioasid_error *err)
{
	return s->read(s, cb, arg, err);
}

IOASID_EXPORT void ioasid_evsrc_close(struct ioasid_evsrc *s)
{
	if (!s)
		return;
	if (s->close)
		s->close(s);
	if (s->fd >= 0)
		close(s->fd);
	free(s->priv);
	free(s);
}
