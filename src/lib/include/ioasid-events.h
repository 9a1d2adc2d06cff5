/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Events of a host as they happen (ioasidctl monitor): kernel uevents of
 * PCI, DSA, uacce and IOMMU devices; IOMMU fault and PRQ overflow lines of
 * the kernel log; cgroup limit events; the IOASID extension's
 * notifications (its generic netlink group `notify`, or an emulated
 * host's event log). Each source has a descriptor to poll() and turns
 * what it reads into plain struct ioasid_event records. A gap or an
 * overrun is an event too (action "lost"), never hidden.
 */
#ifndef IOASID_EVENTS_H
#define IOASID_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioasid-ctx.h"

enum ioasid_event_kind {
	IOASID_EVENT_UEVENT = 0, /* NETLINK_KOBJECT_UEVENT */
	IOASID_EVENT_KMSG,	 /* /dev/kmsg */
	IOASID_EVENT_CGROUP,	 /* ioasids.events / misc.events */
	IOASID_EVENT_IOASID,	 /* genl family ioasid, group notify */
	IOASID_EVENT_NKINDS
};
/* "uevent", "kmsg", "cgroup", "ioasid"; NULL out of range. */
const char *ioasid_event_kind_name(enum ioasid_event_kind k);
/* The kind named s, or -EINVAL. */
int ioasid_event_kind_parse(const char *s);

#define IOASID_EVENT_MAX_FIELDS 64 /* a uevent has at most UEVENT_NUM_ENVP */
struct ioasid_event_field {
	char key[32];
	char value[224];
};

/*
 * One event. action "lost": events were dropped before this point;
 * lost holds how many, or lost_unknown is set when the source cannot
 * count them (a netlink socket's receive queue overflowed: ENOBUFS).
 * action "reset": the source's sequence restarted (seq is the new one).
 */
struct ioasid_event {
	uint64_t time_usec; /* CLOCK_REALTIME when read, microseconds */
	enum ioasid_event_kind kind;
	char object[128]; /* "0000:01:00.0", "dmar1", a cgroup path, "ioasid 7" */
	char action[32];  /* add, remove, bind, unbind, change, fault, ... */
	bool has_seq;
	uint64_t seq; /* the source's own sequence number */
	uint64_t lost;
	bool lost_unknown;
	size_t nfields;
	struct ioasid_event_field fields[IOASID_EVENT_MAX_FIELDS];
};
/* The value of field key, or NULL. */
const char *ioasid_event_field(const struct ioasid_event *ev, const char *key);

/* One event source. */
struct ioasid_evsrc;

/*
 * Open the source of one kind on ctx's host. The live host: uevent and
 * ioasid are netlink sockets, kmsg is /dev/kmsg from its end, cgroup
 * watches every cgroup's ioasids.events and misc.events with inotify
 * (and new cgroups as they appear). A snapshot (--sysroot): only cgroup
 * (its files watched under the prefix). Returns 0 or -errno:
 * -EOPNOTSUPP the host has no such source (no family `ioasid`, a
 * snapshot has no sockets), -EACCES/-EPERM not permitted, -ENOENT a file
 * is missing; the context's last error names the object and cause.
 */
int ioasid_evsrc_open(struct ioasid_ctx *ctx, enum ioasid_event_kind kind,
		      struct ioasid_evsrc **out);
/*
 * The same on an emulated host (ioasid-sim.h) in dir: ioasid follows its
 * event log (genl/ioasid/notify of the current generation, see
 * ioasidctl(8) SIM), cgroup compares the events counters of each new
 * generation with the last; uevent and kmsg are -EOPNOTSUPP. err says why
 * on failure.
 */
int ioasid_evsrc_open_sim(const char *dir, enum ioasid_event_kind kind, struct ioasid_evsrc **out,
			  struct ioasid_error *err);
/*
 * The receive buffer of a netlink source (uevent, and ioasid on a live
 * host), SO_RCVBUF: the kernel doubles it and caps the request at
 * net.core.rmem_max. Sources open with 4 MiB (as far as rmem_max allows).
 * A small buffer overflows sooner: its loss is reported (action "lost").
 * -EOPNOTSUPP for the other sources.
 */
int ioasid_evsrc_set_buffer(struct ioasid_evsrc *s, size_t bytes);
/* The descriptor to poll() for POLLIN. */
int ioasid_evsrc_fd(const struct ioasid_evsrc *s);
enum ioasid_event_kind ioasid_evsrc_kind(const struct ioasid_evsrc *s);
/*
 * Read what is available without blocking and call cb for each event
 * (cb returns non-zero to stop early). Returns the number of events, or
 * -errno when the source failed for good (err says why).
 */
typedef int (*ioasid_event_cb)(const struct ioasid_event *ev, void *arg);
int ioasid_evsrc_read(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg,
		      struct ioasid_error *err);
void ioasid_evsrc_close(struct ioasid_evsrc *s);

#endif
