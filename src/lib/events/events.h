/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Event sources (private): the parsers, exposed for unit tests and
 * fuzzing, and what the sources share. */
#ifndef IOASID_EVENTS_PRIV_H
#define IOASID_EVENTS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/internal.h"
#include "ioasid-events.h"

struct ioasid_evsrc {
	enum ioasid_event_kind kind;
	int fd;
	bool netlink; /* fd is a netlink socket (ioasid_evsrc_set_buffer) */
	int (*read)(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg,
		    struct ioasid_error *err);
	void (*close)(struct ioasid_evsrc *s);
	void *priv;
};
struct ioasid_evsrc *evsrc_new(enum ioasid_event_kind kind, size_t priv_size);

/* Start an event: zeroed, kind set, time now. */
void ev_init(struct ioasid_event *ev, enum ioasid_event_kind kind);
/* Append a field (key lower-cased); values longer than the field are cut.
 * false when the event is full. */
bool ev_field(struct ioasid_event *ev, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A "lost" record of object: n events, or an unknown number. */
void ev_lost(struct ioasid_event *ev, enum ioasid_event_kind kind, const char *object, uint64_t n,
	     bool unknown, const char *why);

/* A sequence that counts up by one (ioasid-abi(7) Sequence numbers and
 * loss; /dev/kmsg records): the first number sets the start. */
struct ev_seq {
	bool have;
	uint64_t last;
};
enum ev_seq_result { EV_SEQ_FIRST, EV_SEQ_NEXT, EV_SEQ_GAP, EV_SEQ_OLD };
/* S = L + 1: NEXT; S > L + 1: GAP with *lost = S - L - 1; S <= L: OLD
 * (already seen, or the counter restarted: the caller decides). last
 * becomes S except for OLD. */
enum ev_seq_result ev_seq_next(struct ev_seq *q, uint64_t seq, uint64_t *lost);

/*
 * A uevent datagram (lib/kobject_uevent.c): "ACTION@DEVPATH\0" then the
 * environment "KEY=VALUE\0"... as add_uevent_var() wrote it. 0: ev filled
 * (object: the devpath's last component, action, seq from SEQNUM, fields
 * subsystem, devpath, driver... lower-cased); -ENOMSG: a udev message
 * ("libudev\0" header) or empty; -EINVAL: malformed.
 */
int ioasid_uevent_parse(const void *buf, size_t len, struct ioasid_event *ev);

/*
 * One /dev/kmsg record as read() returns it (kernel/printk/printk.c
 * devkmsg_read(): "prio,seq,usec,flags[,...];text\n" + " KEY=VALUE\n"
 * lines). 0: *seq, *usec, *msg (malloc'd, unescaped text); -EINVAL.
 */
int ioasid_kmsg_record_parse(const char *buf, size_t len, uint64_t *seq, uint64_t *usec,
			     char **msg);
/* An IOMMU fault or PRQ overflow message: 1 and ev filled (kind kmsg,
 * action "fault" or "prq_overflow"), 0 for any other message. */
int ioasid_kmsg_classify(const char *msg, struct ioasid_event *ev);

/* One notification message of the family ioasid (ioasid-abi(7)
 * Notifications): nlmsghdr, genlmsghdr, attributes. 0 ev filled (object
 * "ioasid N", action free/bind/unbind/alloc, seq); -ENOMSG another
 * command; -EINVAL malformed. */
int ioasid_ntf_parse(const void *msg, size_t len, struct ioasid_event *ev);
/* Walk a stream of messages (the emulated host's event log): call fn for
 * each complete message; -EBADMSG when a length cannot be right. */
int ioasid_ntf_walk(const void *buf, size_t len, int (*fn)(const void *msg, size_t len, void *arg),
		    void *arg);

/* The sources (events-*.c). */
int evsrc_uevent_open(struct ioasid_ctx *ctx, struct ioasid_evsrc **out);
int evsrc_kmsg_open(struct ioasid_ctx *ctx, struct ioasid_evsrc **out);
int evsrc_cgroup_open(struct ioasid_ctx *ctx, const char *sim_dir, struct ioasid_evsrc **out,
		      struct ioasid_error *err);
int evsrc_ioasid_open(struct ioasid_ctx *ctx, struct ioasid_evsrc **out);
int evsrc_simlog_open(const char *dir, struct ioasid_evsrc **out, struct ioasid_error *err);
/* An inotify descriptor watching dir for a new `current` generation. */
int evsrc_sim_watch(const char *dir, struct ioasid_error *err);
/* Drain an inotify descriptor; true when the queue overflowed. */
bool evsrc_inotify_drain(int fd);

#endif
