/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* IOASID extension readers (private): the parsers, exposed for unit tests
 * and fuzzing, and the stream state shared by the file and socket paths. */
#ifndef IOASID_EXT_PRIV_H
#define IOASID_EXT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioasid-ext.h"

/* A sysfs number of ioasid-abi(7), "%u\n": decimal digits, at most one
 * trailing newline, <= max. 0, -EINVAL, -ERANGE. */
int ioasid_ext_parse_uint(const char *text, size_t len, uint64_t max, uint64_t *v);
/* sets/<id>/owner_pid, "%d\n" of a tgid: 1..INT32_MAX. */
int ioasid_ext_parse_pid(const char *text, size_t len, uint32_t *pid);
/* sets/<id>/type: "null\n" or "mm\n"; -EINVAL otherwise. */
int ioasid_ext_parse_set_type(const char *text, size_t len, enum ioasid_ext_set_type *t);
/* sets/<id>/cgroup, "%s\n": an absolute cgroup path without NUL bytes or
 * further newlines, copied without the newline into a malloc'd string. */
int ioasid_ext_parse_cgroup(const char *text, size_t len, char **out);

/* The state of one dump being parsed, message by message. */
struct ioasid_ext_stream {
	int cmd; /* IOASID_CMD_GET_IOASID, _GET_BINDING or _GET_SET */
	const struct ioasid_ext_filter *filter;
	ioasid_ext_rec_fn fn;
	void *arg;
	struct ioasid_ext_dump_stats *st;
	bool done;  /* NLMSG_DONE seen: later bytes are ignored */
	int err;    /* NLMSG_ERROR's errno, or -EAGAIN for NLM_F_DUMP_INTR */
	int cb_ret; /* what the callback returned to stop the dump */
};

/* One generic netlink message (nlmsg_len bytes at msg, already checked
 * against the buffer) into rec. 0: a record; -EINVAL: malformed (bad
 * header or attribute lengths, a wrong attribute size, a mandatory
 * attribute missing, a string without its NUL); -ENOMSG: a message of
 * another command (ignored by the stream). Unknown attributes are ignored
 * (ioasid-abi(7) VERSIONING). */
int ioasid_ext_parse_msg(const void *msg, size_t len, int cmd, struct ioasid_ext_rec *rec);

/* Feed bytes of a message stream: parses every complete message, calls
 * the stream's callback for the matching records, stops at NLMSG_DONE,
 * an NLMSG_ERROR or a callback's non-zero. *used: bytes consumed (the
 * rest is an incomplete message to feed again with more bytes). A length
 * that cannot be a message (< 16 or past max_msg) is -EBADMSG: the stream
 * cannot be resynchronised. 0 or that. */
#define IOASID_EXT_MAX_MSG (1u << 20)
int ioasid_ext_stream_feed(struct ioasid_ext_stream *s, const void *buf, size_t len, size_t *used);
/* true when the stream must stop (done, error or callback). */
bool ioasid_ext_stream_stopped(const struct ioasid_ext_stream *s);

/* Does a record pass the filter? */
bool ioasid_ext_filter_match(const struct ioasid_ext_filter *f, const struct ioasid_ext_rec *r);

/* Every set from the GET_SET dump (ioasid-abi(7) version 2), ascending id,
 * each as the sysfs reader reads its directory. -ENODATA: a stored host
 * without it; -EOPNOTSUPP (or another errno): a live kernel without it. */
int ioasid_ext_set_dump(struct ioasid_ctx *ctx, struct ioasid_ext_set_list *out);

/* The live socket path (ext-genl-live.c). */
int ioasid_ext_live_dump(struct ioasid_ctx *ctx, struct ioasid_ext_stream *s);

#endif
