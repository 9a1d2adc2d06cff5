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
 * (GET_BINDING: IOASID, SET, SPID; PID, DEVICE) or per set (GET_SET, version
 * 2: SET, SET_TYPE, QUOTA, ALLOCATED; PID, CGROUP). Attributes are walked by
 * hand in one pass with a rule that fixes each payload's size (this is the
 * hot loop of a list of a million IOASIDs: no allocation, no copy);
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

/* The payload each attribute must have (0: not checked, the attribute is
 * ignored). Exact sizes: a u32 sent as 8 bytes is malformed, not truncated.
 * Strings are the kernel's NLA_NUL_STRING: at least one byte and the NUL,
 * at most max bytes; a path is at most PATH_MAX. */
struct attr_rule {
	uint16_t min, max;
	bool string;
};
static const struct attr_rule attr_rules[IOASID_ATTR_MAX + 1] = {
	[IOASID_ATTR_IOASID] = {4, 4, false},	 [IOASID_ATTR_SET] = {4, 4, false},
	[IOASID_ATTR_SPID] = {4, 4, false},	 [IOASID_ATTR_STATE] = {4, 4, false},
	[IOASID_ATTR_REFS] = {4, 4, false},	 [IOASID_ATTR_PRQ_COUNT] = {8, 8, false},
	[IOASID_ATTR_PID] = {4, 4, false},	 [IOASID_ATTR_CGROUP] = {2, 4096, true},
	[IOASID_ATTR_DEVICE] = {2, 64, true},	 [IOASID_ATTR_SEQ] = {8, 8, false},
	[IOASID_ATTR_SET_TYPE] = {4, 4, false},	 [IOASID_ATTR_QUOTA] = {4, 4, false},
	[IOASID_ATTR_ALLOCATED] = {4, 4, false},
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

/* One message's attributes into tb[] (the payload of each, NULL when
 * absent; the last of a repeated type wins), walked by hand: one pass, no
 * allocation, the hot loop of every list (include/net/netlink.h
 * nla_for_each_attr(), nla_ok(): nla_len >= NLA_HDRLEN and inside what
 * remains, the next one at NLA_ALIGN). The chain must cover the payload
 * exactly, as the kernel's nla_validate() asks; each known attribute must
 * have its rule's size, a string its NUL at the end and none before it
 * (an embedded NUL would cut the value short silently; the empty string is
 * refused too). Unknown types are skipped (ioasid-abi(7) VERSIONING).
 * tb_len[] gets the payload lengths. 0 or -EINVAL. */
static int walk_attrs(const unsigned char *p, size_t len, const unsigned char **tb,
		      uint16_t *tb_len)
{
	memset(tb, 0, (IOASID_ATTR_MAX + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		uint16_t nla_len, type;
		size_t step;

		memcpy(&nla_len, p, 2);
		memcpy(&type, p + 2, 2);
		type &= NLA_TYPE_MASK;
		if (nla_len < NLA_HDRLEN || nla_len > len)
			return -EINVAL;
		if (type <= IOASID_ATTR_MAX && attr_rules[type].max) {
			const struct attr_rule *r = &attr_rules[type];
			uint16_t n = (uint16_t)(nla_len - NLA_HDRLEN);
			const unsigned char *d = p + NLA_HDRLEN;

			if (n < r->min || n > r->max)
				return -EINVAL;
			if (r->string && (d[n - 1] != 0 || memchr(d, 0, n - 1)))
				return -EINVAL;
			tb[type] = d;
			tb_len[type] = n;
		}
		step = NLA_ALIGN(nla_len);
		if (step > len)
			return -EINVAL; /* the last attribute's padding is missing */
		p += step;
		len -= step;
	}
	return len == 0 ? 0 : -EINVAL;
}

static uint32_t get_u32(const unsigned char *d)
{
	uint32_t v;

	memcpy(&v, d, 4);
	return v;
}

static uint64_t get_u64(const unsigned char *d)
{
	uint64_t v;

	memcpy(&v, d, 8);
	return v;
}

int ioasid_ext_parse_msg(const void *msg, size_t len, int cmd, struct ioasid_ext_rec *rec)
{
	const unsigned char *tb[IOASID_ATTR_MAX + 1];
	uint16_t tb_len[IOASID_ATTR_MAX + 1];
	const unsigned char *p = msg;
	struct nlmsghdr nlh;
	struct genlmsghdr gh;
	bool binding = cmd == IOASID_CMD_GET_BINDING, set_dump = cmd == IOASID_CMD_GET_SET;

	memset(rec, 0, sizeof(*rec));
	if (len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EINVAL;
	memcpy(&nlh, p, sizeof(nlh));
	if (nlh.nlmsg_len != len)
		return -EINVAL;
	memcpy(&gh, p + NLMSG_HDRLEN, sizeof(gh));
	if (gh.cmd != cmd)
		return -ENOMSG;
	if (walk_attrs(p + NLMSG_HDRLEN + GENL_HDRLEN, len - NLMSG_HDRLEN - GENL_HDRLEN, tb,
		       tb_len) < 0)
		return -EINVAL;
	/* the mandatory attributes of each dump (ioasid-abi(7) Dumps) */
	if (!tb[IOASID_ATTR_SET])
		return -EINVAL;
	if (set_dump ? !tb[IOASID_ATTR_SET_TYPE] || !tb[IOASID_ATTR_QUOTA] ||
			       !tb[IOASID_ATTR_ALLOCATED]
	    : binding ? !tb[IOASID_ATTR_IOASID] || !tb[IOASID_ATTR_SPID]
		      : !tb[IOASID_ATTR_IOASID] || !tb[IOASID_ATTR_STATE] ||
				!tb[IOASID_ATTR_REFS] || !tb[IOASID_ATTR_PRQ_COUNT])
		return -EINVAL;
	rec->set = get_u32(tb[IOASID_ATTR_SET]);
	if (set_dump) {
		rec->set_type = get_u32(tb[IOASID_ATTR_SET_TYPE]);
		rec->quota = get_u32(tb[IOASID_ATTR_QUOTA]);
		rec->allocated = get_u32(tb[IOASID_ATTR_ALLOCATED]);
	} else {
		rec->ioasid = get_u32(tb[IOASID_ATTR_IOASID]);
		/* IOASID 0 is never allocated, INVALID_IOASID never an
		 * IOASID or an SPID (ioasid-abi(7) Concepts) */
		if (rec->ioasid == 0 || rec->ioasid == IOASID_INVALID)
			return -EINVAL;
	}
	if (tb[IOASID_ATTR_SPID]) {
		rec->spid = get_u32(tb[IOASID_ATTR_SPID]);
		rec->has_spid = true;
		if (rec->spid == IOASID_INVALID)
			return -EINVAL;
	}
	if (tb[IOASID_ATTR_STATE]) {
		rec->state = get_u32(tb[IOASID_ATTR_STATE]);
		rec->has_state = true;
	}
	if (tb[IOASID_ATTR_REFS]) {
		rec->refs = get_u32(tb[IOASID_ATTR_REFS]);
		rec->has_refs = true;
	}
	if (tb[IOASID_ATTR_PRQ_COUNT]) {
		rec->prq_count = get_u64(tb[IOASID_ATTR_PRQ_COUNT]);
		rec->has_prq_count = true;
	}
	if (tb[IOASID_ATTR_PID]) {
		rec->pid = get_u32(tb[IOASID_ATTR_PID]);
		rec->has_pid = rec->pid != 0;
	}
	rec->cgroup = (const char *)tb[IOASID_ATTR_CGROUP];
	rec->device = (const char *)tb[IOASID_ATTR_DEVICE];
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

/* One message at p (nlh is a copy of its header: a stored stream may be
 * unaligned in memory, and nothing here reads it through a struct). */
static void one_message(struct ioasid_ext_stream *s, const unsigned char *p,
			const struct nlmsghdr *nlh)
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
		int error;

		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(error))) {
			s->st->bad++;
			return;
		}
		/* struct nlmsgerr starts with int error */
		memcpy(&error, p + NLMSG_HDRLEN, sizeof(error));
		/* error 0 is an ACK; a dump does not ask for one */
		if (error < 0 && error > -4096)
			s->err = error;
		else if (error != 0)
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
	rc = ioasid_ext_parse_msg(p, nlh->nlmsg_len, s->cmd, &rec);
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
		one_message(s, p + off, &h);
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

/* A stored GET_IOASID dump laid out per set and per state as well (the
 * emulated host, SIM-FORMAT.md 2): GET_IOASID/set/set-NNNNNNNNNN holds what
 * the dump filtered by IOASID_ATTR_SET answers, GET_IOASID/state/state-N
 * what the dump filtered by IOASID_ATTR_STATE N answers, so a filter by set
 * (or process) reads one set's file and a filter by state alone one state's
 * (the cost follows the selection, not the host); a set or state without
 * IOASIDs has no file. The whole filter is applied to the records again.
 * 1: answered from there; 0: no such layout. */
static int pid_set(struct ioasid_ctx *ctx, uint32_t pid, uint32_t *set);

static int stored_subset(struct ioasid_ctx *ctx, struct ioasid_ext_stream *s, const char *name)
{
	char path[128];
	uint32_t set;
	int rc;

	if (s->cmd != IOASID_CMD_GET_IOASID || !s->filter)
		return 0;
	if (s->filter->has_set || s->filter->has_pid) {
		if (iopath_lstat_is_dir(ctx, PATH_GENL_IOASID "/%s/set", name) != 1)
			return 0;
		if (s->filter->has_set) {
			set = s->filter->set;
		} else {
			/* a process's set, from the stored set dump (the
			 * kernel's own PID filter); without one, the whole
			 * dump is read */
			rc = pid_set(ctx, s->filter->pid, &set);
			if (rc == -ENOENT) {
				s->done = true; /* no set of that process */
				return 1;
			}
			if (rc < 0)
				return 0;
		}
		snprintf(path, sizeof(path), PATH_GENL_IOASID "/%s/set/set-%010u", name, set);
	} else if (s->filter->has_state) {
		if (iopath_lstat_is_dir(ctx, PATH_GENL_IOASID "/%s/state", name) != 1)
			return 0;
		snprintf(path, sizeof(path), PATH_GENL_IOASID "/%s/state/state-%u", name,
			 s->filter->state);
	} else {
		return 0;
	}
	rc = iopath_access(ctx, "%s", path);
	rc = rc == -ENOENT ? 0 : rc < 0 ? rc : feed_file(ctx, s, path);
	if (rc == 0 && !ioasid_ext_stream_stopped(s)) {
		snprintf(path, sizeof(path), PATH_GENL_IOASID "/%s/done", name);
		rc = feed_file(ctx, s, path);
	}
	if (rc == 0 && !s->done && !s->err && !s->cb_ret)
		s->st->incomplete = true;
	return rc < 0 ? rc : 1;
}

static int stored_dump(struct ioasid_ctx *ctx, struct ioasid_ext_stream *s, const char *name)
{
	char dir[128], path[PATH_MAX];
	char **names;
	size_t n, np = 0;
	bool done_file = false;
	int rc;

	rc = stored_subset(ctx, s, name);
	if (rc != 0)
		return rc < 0 ? rc : 0;
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

/* One GET_SET record as the sysfs reader would have read the set's
 * directory: owner_pid and cgroup exist for mm sets only (ENOENT for a
 * null set) and read ESRCH when the owner has exited, which the dump says
 * by leaving PID (and CGROUP) out. */
static int set_from_rec(const struct ioasid_ext_rec *r, struct ioasid_ext_set *v)
{
	*v = (struct ioasid_ext_set){.id = r->set};
	v->type = r->set_type == IOASID_GENL_SET_MM	? IOASID_EXT_SET_MM
		  : r->set_type == IOASID_GENL_SET_NULL ? IOASID_EXT_SET_NULL
							: IOASID_EXT_SET_UNKNOWN;
	v->type_err = v->type == IOASID_EXT_SET_UNKNOWN ? EINVAL : 0;
	v->quota.v = r->quota;
	v->allocated.v = r->allocated;
	if (v->type != IOASID_EXT_SET_MM) {
		v->owner_pid.err = v->cgroup_err = ENOENT;
		return 0;
	}
	if (r->has_pid)
		v->owner_pid.v = r->pid;
	else
		v->owner_pid.err = ESRCH;
	if (r->cgroup && r->cgroup[0] == '/') {
		v->cgroup = strdup(r->cgroup);
		if (!v->cgroup)
			return -ENOMEM;
	} else {
		v->cgroup_err = r->cgroup ? EINVAL : ESRCH;
	}
	return 0;
}

struct set_acc {
	struct ioasid_ext_set_list *l;
	size_t cap;
	bool sorted;
};

static int set_cb(const struct ioasid_ext_rec *r, void *arg)
{
	struct set_acc *a = arg;
	struct ioasid_ext_set_list *l = a->l;

	if (l->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		struct ioasid_ext_set *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		a->cap = cap;
	}
	if (l->n && l->v[l->n - 1].id >= r->set)
		a->sorted = false;
	if (set_from_rec(r, &l->v[l->n]) < 0)
		return -ENOMEM;
	l->n++;
	return 0;
}

static int cmp_set(const void *a, const void *b)
{
	const struct ioasid_ext_set *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

struct pid_find {
	uint32_t set;
	bool found;
};

static int pid_cb(const struct ioasid_ext_rec *r, void *arg)
{
	struct pid_find *f = arg;

	f->set = r->set;
	f->found = true;
	return 1; /* the first one: a process has one set */
}

/* The set a process owns, from a stored GET_SET dump. -ENOENT: none;
 * -ENODATA: no stored set dump. */
static int pid_set(struct ioasid_ctx *ctx, uint32_t pid, uint32_t *set)
{
	struct ioasid_ext_filter f = {.has_pid = true, .pid = pid};
	struct pid_find found = {0};
	int rc;

	if (iopath_lstat_is_dir(ctx, PATH_GENL_IOASID "/GET_SET") != 1)
		return -ENODATA;
	rc = run_dump(ctx, IOASID_CMD_GET_SET, "GET_SET", &f, pid_cb, &found, NULL);
	if (rc < 0)
		return rc;
	if (!found.found)
		return -ENOENT;
	*set = found.set;
	return 0;
}

int ioasid_ext_set_dump(struct ioasid_ctx *ctx, struct ioasid_ext_set_list *out)
{
	struct set_acc a = {.l = out, .sorted = true};
	int rc;

	*out = (struct ioasid_ext_set_list){0};
	if (!ioasid_ctx_is_live(ctx) && iopath_lstat_is_dir(ctx, PATH_GENL_IOASID "/GET_SET") != 1)
		return -ENODATA; /* a version-1 host or snapshot: no stored GET_SET */
	rc = run_dump(ctx, IOASID_CMD_GET_SET, "GET_SET", NULL, set_cb, &a, NULL);
	if (rc == 0 && !a.sorted) {
		qsort(out->v, out->n, sizeof(*out->v), cmp_set);
		for (size_t i = 1; i < out->n; i++)
			if (out->v[i].id == out->v[i - 1].id)
				rc = ioasid_set_error(ctx, EINVAL, "GET_SET",
						      "set %u twice in the dump", out->v[i].id);
	}
	if (rc < 0)
		ioasid_ext_set_list_free(out);
	return rc;
}
