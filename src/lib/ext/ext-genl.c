// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The generic netlink dumps of the family "ioasid", ioasid-abi(7) GENERIC
 * NETLINK (numbers in src/lib/include/uapi/ioasid.h). The extension is in no
 * shipping kernel, so that page is the writer's specification; the framing
 * is the kernel's own:
 *   include/uapi/linux/netlink.h   struct nlmsghdr {len, type, flags, seq,
 *                                  pid}, NLMSG_ALIGN to 4, NLMSG_DONE (3)
 *                                  ends a dump, NLMSG_ERROR (2) carries a
 *                                  struct nlmsgerr {int error; ...}
 *   include/uapi/linux/genetlink.h struct genlmsghdr {cmd, version, reserved}
 *   include/net/netlink.h          attributes: struct nlattr {len, type},
 *                                  payload padded to 4 (NLA_ALIGN)
 *   net/netlink/af_netlink.c       netlink_dump(): a dump's messages, then
 *                                  NLMSG_DONE with an int status; a dump
 *                                  that saw its table change sets
 *                                  NLM_F_DUMP_INTR (genl_dumpit() through
 *                                  nl_dump_check_consistent())
 * One message per IOASID (GET_IOASID: IOASID, SET, STATE, REFS, PRQ_COUNT
 * mandatory; SPID, PID, CGROUP, DEVICE when they apply) or per binding
 * (GET_BINDING: IOASID, SET, SPID; PID, DEVICE). Attributes are parsed with
 * libnl (genlmsg_parse() and a policy that fixes each payload's size);
 * unknown attributes are ignored, as the ABI's VERSIONING asks.
 *
 * This file parses streams (the stored dumps under the root, and the
 * entry points); ext-genl-live.c talks to the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ext/ext.h"
#include "core/internal.h"
#include "core/pathnames.h"
#include "uapi/ioasid.h"

/* Exact payload sizes: a u32 sent as 8 bytes is malformed, not truncated
 * (libnl's minlen alone would accept it). */
static struct nla_policy attr_policy[IOASID_ATTR_MAX + 1] = {
	[IOASID_ATTR_IOASID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_SET] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_SPID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_STATE] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_REFS] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	[IOASID_ATTR_PRQ_COUNT] = {.type = NLA_U64, .minlen = 8, .maxlen = 8},
	[IOASID_ATTR_PID] = {.type = NLA_U32, .minlen = 4, .maxlen = 4},
	/* NLA_STRING is libnl's NUL-terminated string (the kernel's
	 * NLA_NUL_STRING); a path is at most PATH_MAX */
	[IOASID_ATTR_CGROUP] = {.type = NLA_STRING, .minlen = 2, .maxlen = 4096},
	[IOASID_ATTR_DEVICE] = {.type = NLA_STRING, .minlen = 2, .maxlen = 64},
	[IOASID_ATTR_SEQ] = {.type = NLA_U64, .minlen = 8, .maxlen = 8},
};

static const char *const state_names[] = {
	[IOASID_GENL_STATE_IDLE] = "idle",
	[IOASID_GENL_STATE_ACTIVE] = "active",
	[IOASID_GENL_STATE_FREE_PENDING] = "free_pending",
};

IOASID_EXPORT const char *ioasid_ext_state_name(uint32_t state)
{
	return state < sizeof(state_names) / sizeof(state_names[0]) ? state_names[state] : NULL;
}

IOASID_EXPORT int ioasid_ext_state_parse(const char *name, uint32_t *state)
{
	for (uint32_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
		if (!strcmp(name, state_names[i])) {
			*state = i;
			return 0;
		}
	return -EINVAL;
}

/* libnl's nla_parse() stops quietly at an attribute whose nla_len runs
 * past the message (it only logs "bytes leftover"): check the chain
 * covers the payload exactly, as the kernel's nla_validate() does. */
static bool attrs_exact(const struct nlattr *head, int len)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_attr(nla, head, len, rem);
	return rem == 0;
}

static const char *str_attr(const struct nlattr *a)
{
	const char *s;

	if (!a)
		return NULL;
	s = nla_data(a);
	/* the policy checked the last byte; an embedded NUL would cut the
	 * value short silently: refuse it (and the empty string) */
	return strlen(s) + 1 == (size_t)nla_len(a) ? s : NULL;
}

int ioasid_ext_parse_msg(const void *msg, size_t len, int cmd, struct ioasid_ext_rec *rec)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)msg;
	struct nlattr *tb[IOASID_ATTR_MAX + 1];
	const struct genlmsghdr *gh;
	bool binding = cmd == IOASID_CMD_GET_BINDING;

	memset(rec, 0, sizeof(*rec));
	if (len < NLMSG_HDRLEN || nlh->nlmsg_len != len || !genlmsg_valid_hdr(nlh, 0))
		return -EINVAL;
	gh = genlmsg_hdr(nlh);
	if (gh->cmd != cmd)
		return -ENOMSG;
	if (!attrs_exact(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0)))
		return -EINVAL;
	if (genlmsg_parse(nlh, 0, tb, IOASID_ATTR_MAX, attr_policy) < 0)
		return -EINVAL;
	/* the mandatory attributes of each dump (ioasid-abi(7) Dumps) */
	if (!tb[IOASID_ATTR_IOASID] || !tb[IOASID_ATTR_SET])
		return -EINVAL;
	if (binding ? !tb[IOASID_ATTR_SPID]
		    : !tb[IOASID_ATTR_STATE] || !tb[IOASID_ATTR_REFS] || !tb[IOASID_ATTR_PRQ_COUNT])
		return -EINVAL;
	if ((tb[IOASID_ATTR_CGROUP] && !str_attr(tb[IOASID_ATTR_CGROUP])) ||
	    (tb[IOASID_ATTR_DEVICE] && !str_attr(tb[IOASID_ATTR_DEVICE])))
		return -EINVAL;
	rec->ioasid = nla_get_u32(tb[IOASID_ATTR_IOASID]);
	rec->set = nla_get_u32(tb[IOASID_ATTR_SET]);
	/* IOASID 0 is never allocated, INVALID_IOASID never an IOASID or an
	 * SPID (ioasid-abi(7) Concepts) */
	if (rec->ioasid == 0 || rec->ioasid == IOASID_INVALID)
		return -EINVAL;
	if (tb[IOASID_ATTR_SPID]) {
		rec->spid = nla_get_u32(tb[IOASID_ATTR_SPID]);
		rec->has_spid = true;
		if (rec->spid == IOASID_INVALID)
			return -EINVAL;
	}
	if (tb[IOASID_ATTR_STATE]) {
		rec->state = nla_get_u32(tb[IOASID_ATTR_STATE]);
		rec->has_state = true;
	}
	if (tb[IOASID_ATTR_REFS]) {
		rec->refs = nla_get_u32(tb[IOASID_ATTR_REFS]);
		rec->has_refs = true;
	}
	if (tb[IOASID_ATTR_PRQ_COUNT]) {
		rec->prq_count = nla_get_u64(tb[IOASID_ATTR_PRQ_COUNT]);
		rec->has_prq_count = true;
	}
	if (tb[IOASID_ATTR_PID]) {
		rec->pid = nla_get_u32(tb[IOASID_ATTR_PID]);
		rec->has_pid = rec->pid != 0;
	}
	rec->cgroup = str_attr(tb[IOASID_ATTR_CGROUP]);
	rec->device = str_attr(tb[IOASID_ATTR_DEVICE]);
	return 0;
}

bool ioasid_ext_filter_match(const struct ioasid_ext_filter *f, const struct ioasid_ext_rec *r)
{
	if (!f)
		return true;
	if ((f->has_set && r->set != f->set) || (f->has_pid && (!r->has_pid || r->pid != f->pid)) ||
	    (f->has_spid && (!r->has_spid || r->spid != f->spid)) ||
	    (f->has_state && (!r->has_state || r->state != f->state)))
		return false;
	if (f->device && (!r->device || strcmp(r->device, f->device)))
		return false;
	if (f->cgroup) {
		size_t n = strlen(f->cgroup);

		/* "/" is every cgroup; "/a" is "/a" and "/a/..." */
		while (n > 1 && f->cgroup[n - 1] == '/')
			n--;
		if (!r->cgroup)
			return false;
		if (!(n == 1 && f->cgroup[0] == '/') &&
		    (strncmp(r->cgroup, f->cgroup, n) || (r->cgroup[n] && r->cgroup[n] != '/')))
			return false;
	}
	return true;
}

static void one_message(struct ioasid_ext_stream *s, const struct nlmsghdr *nlh)
{
	struct ioasid_ext_rec rec;
	int rc;

	s->st->messages++;
	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return;
	case NLMSG_DONE:
		s->done = true;
		return;
	case NLMSG_ERROR: {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(e->error))) {
			s->st->bad++;
			return;
		}
		/* error 0 is an ACK; a dump does not ask for one */
		if (e->error < 0 && e->error > -4096)
			s->err = e->error;
		else if (e->error != 0)
			s->err = -EPROTO;
		return;
	}
	default:
		break;
	}
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE) {
		s->st->bad++;
		return;
	}
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
		s->err = -EAGAIN;
		return;
	}
	rc = ioasid_ext_parse_msg(nlh, nlh->nlmsg_len, s->cmd, &rec);
	if (rc == -ENOMSG)
		return;
	if (rc < 0) {
		s->st->bad++;
		return;
	}
	s->st->records++;
	if (!ioasid_ext_filter_match(s->filter, &rec))
		return;
	s->st->matched++;
	s->cb_ret = s->fn(&rec, s->arg);
}

bool ioasid_ext_stream_stopped(const struct ioasid_ext_stream *s)
{
	return s->done || s->err || s->cb_ret;
}

int ioasid_ext_stream_feed(struct ioasid_ext_stream *s, const void *buf, size_t len, size_t *used)
{
	const unsigned char *p = buf;
	size_t off = 0;

	while (!ioasid_ext_stream_stopped(s) && len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr h;

		/* a stored stream may be unaligned in memory: copy the header */
		memcpy(&h, p + off, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > IOASID_EXT_MAX_MSG) {
			*used = off;
			return -EBADMSG;
		}
		if (len - off < h.nlmsg_len)
			break;
		if (((uintptr_t)(p + off) & 3) == 0) {
			one_message(s, (const struct nlmsghdr *)(p + off));
		} else {
			void *copy = malloc(h.nlmsg_len);

			if (!copy)
				return -ENOMEM;
			memcpy(copy, p + off, h.nlmsg_len);
			one_message(s, copy);
			free(copy);
		}
		/* messages follow each other at NLMSG_ALIGN (nlmsg_next());
		 * the last one of a chunk may omit its padding */
		off += NLMSG_ALIGN(h.nlmsg_len) <= len - off ? NLMSG_ALIGN(h.nlmsg_len)
							     : h.nlmsg_len;
	}
	*used = off;
	return 0;
}

/* One stored chunk file, read through a sliding buffer (a chunk holds
 * what one recvmsg() of the dump returned, but nothing relies on that). */
static int feed_file(struct ioasid_ctx *ctx, struct ioasid_ext_stream *s, const char *path)
{
	size_t cap = 256 << 10, have = 0;
	unsigned char *buf = malloc(cap);
	int fd = iopath_open(ctx, "%s", path), rc = 0;
	bool eof = false;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return ioasid_set_error(ctx, fd < 0 ? fd : -ENOMEM, path, "cannot read: %s",
					strerror(fd < 0 ? -fd : ENOMEM));
	}
	while (!ioasid_ext_stream_stopped(s)) {
		size_t used;

		if (!eof && have < cap) {
			ssize_t r = read(fd, buf + have, cap - have);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				rc = ioasid_set_error(ctx, -errno, path, "read: %s",
						      strerror(errno));
				break;
			}
			eof = r == 0;
			have += (size_t)r;
			if (!eof && have < cap)
				continue;
		}
		rc = ioasid_ext_stream_feed(s, buf, have, &used);
		if (rc < 0) {
			rc = ioasid_set_error(ctx, rc, path,
					      "not a netlink message stream (bad nlmsg_len at "
					      "byte %zu); the rest of the chunk is ignored",
					      used);
			s->st->bad++;
			rc = 0;
			break;
		}
		memmove(buf, buf + used, have - used);
		have -= used;
		if (eof) {
			/* a message cut off at the end of the chunk */
			if (have && !ioasid_ext_stream_stopped(s))
				s->st->bad++;
			break;
		}
		if (have == cap && used == 0) {
			/* one message bigger than the buffer (<= MAX_MSG) */
			unsigned char *nb = realloc(buf, cap * 2);

			if (!nb) {
				rc = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	free(buf);
	return rc;
}

/* The stored dump's parts: "chunk-XXXXX" (GET_IOASID, 5 hex digits of the
 * chunk's first IOASID) or "set-NNNNNNNNNN" (GET_BINDING, the set id), then
 * "done", the NLMSG_DONE (SIM-FORMAT.md 2). Fixed-width names: ordered by
 * length then bytes, which is numeric order for decimal and lowercase hex
 * alike (iopath_list's digit-aware order would put "0a000" before "01000"). */
static bool part_name(const char *n)
{
	return !strncmp(n, "chunk-", 6) || !strncmp(n, "set-", 4);
}

static int cmp_parts(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

static int stored_dump(struct ioasid_ctx *ctx, struct ioasid_ext_stream *s, const char *name)
{
	char dir[128], path[PATH_MAX];
	char **names;
	size_t n, np = 0;
	bool done_file = false;
	int rc;

	snprintf(dir, sizeof(dir), PATH_GENL_IOASID "/%s", name);
	rc = iopath_list(ctx, &names, &n, "%s", dir);
	if (rc == -ENOENT) {
		rc = ioasid_ext_supported(ctx);
		if (rc < 0)
			return rc;
		return ioasid_set_error(ctx, ENODATA, dir,
					"no stored %s dump on this host (the snapshot was taken "
					"without the genl family's dumps)",
					name);
	}
	if (rc < 0)
		return ioasid_set_error(ctx, rc, dir, "cannot list: %s", strerror(-rc));
	/* the parts first, in order, then "done" */
	for (size_t i = 0; i < n; i++) {
		if (part_name(names[i])) {
			char *t = names[np];

			names[np++] = names[i];
			names[i] = t;
		} else if (!strcmp(names[i], "done")) {
			done_file = true;
		}
	}
	qsort(names, np, sizeof(*names), cmp_parts);
	for (size_t i = 0; i < np && rc == 0 && !ioasid_ext_stream_stopped(s); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		rc = feed_file(ctx, s, path);
	}
	if (rc == 0 && done_file && !ioasid_ext_stream_stopped(s))
		rc = feed_file(ctx, s, strcat(strcpy(path, dir), "/done"));
	iopath_names_free(names, n);
	if (rc == 0 && !s->done && !s->err && !s->cb_ret)
		s->st->incomplete = true;
	return rc;
}

static int run_dump(struct ioasid_ctx *ctx, int cmd, const char *name,
		    const struct ioasid_ext_filter *filter, ioasid_ext_rec_fn fn, void *arg,
		    struct ioasid_ext_dump_stats *stats)
{
	struct ioasid_ext_dump_stats local;
	struct ioasid_ext_stream s = {
		.cmd = cmd, .filter = filter, .fn = fn, .arg = arg, .st = stats ? stats : &local};
	int rc;

	*s.st = (struct ioasid_ext_dump_stats){0};
	rc = ioasid_ctx_is_live(ctx) ? ioasid_ext_live_dump(ctx, &s) : stored_dump(ctx, &s, name);
	if (rc < 0)
		return rc;
	if (s.cb_ret)
		return s.cb_ret;
	if (s.err == -EAGAIN)
		return ioasid_set_error(ctx, EAGAIN, "ioasid",
					"the IOASID table changed during the %s dump "
					"(NLM_F_DUMP_INTR): run the command again",
					name);
	if (s.err)
		return ioasid_set_error(ctx, s.err, "ioasid", "the %s dump failed: %s", name,
					strerror(-s.err));
	return 0;
}

IOASID_EXPORT int ioasid_ext_ioasid_dump(struct ioasid_ctx *ctx,
					 const struct ioasid_ext_filter *filter,
					 ioasid_ext_rec_fn fn, void *arg,
					 struct ioasid_ext_dump_stats *stats)
{
	return run_dump(ctx, IOASID_CMD_GET_IOASID, "GET_IOASID", filter, fn, arg, stats);
}

IOASID_EXPORT int ioasid_ext_binding_dump(struct ioasid_ctx *ctx,
					  const struct ioasid_ext_filter *filter,
					  ioasid_ext_rec_fn fn, void *arg,
					  struct ioasid_ext_dump_stats *stats)
{
	return run_dump(ctx, IOASID_CMD_GET_BINDING, "GET_BINDING", filter, fn, arg, stats);
}
