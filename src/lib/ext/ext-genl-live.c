// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The live host's genl dumps: the standard libnl-genl loop (genl_connect,
 * genl_ctrl_resolve through the controller's CTRL_CMD_GETFAMILY, a request
 * with NLM_F_DUMP, nl_recvmsgs until NLMSG_DONE). Each received message
 * goes through the same parser as a stored one (ext-genl.c), one at a
 * time: the dump is never held in memory.
 *
 * On every shipping kernel the family "ioasid" does not exist
 * (ioasid-abi(7)): genl_ctrl_resolve() fails with -NLE_OBJ_NOTFOUND, which
 * is reported as -EOPNOTSUPP, "not supported by this kernel".
 */
#include <errno.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <string.h>

#include "ext/ext.h"
#include "core/internal.h"
#include "uapi/ioasid.h"

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct ioasid_ext_stream *s = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t used;

	/* libnl has split the datagram into messages already; NLMSG_DONE
	 * and errors are handled by libnl itself (NL_CB_FINISH, the error
	 * callback) */
	if (ioasid_ext_stream_feed(s, nlh, nlh->nlmsg_len, &used) < 0)
		s->st->bad++;
	return ioasid_ext_stream_stopped(s) ? NL_STOP : NL_OK;
}

static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct ioasid_ext_stream *s = arg;

	(void)msg;
	s->err = -EAGAIN;
	return NL_STOP;
}

/* libnl error codes of the calls made here, as errnos */
static int nl_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AGAIN:
	case NLE_DUMP_INTR:
		return -EAGAIN;
	case NLE_INVAL:
		return -EINVAL;
	default:
		return -EIO;
	}
}

int ioasid_ext_live_dump(struct ioasid_ctx *ctx, struct ioasid_ext_stream *s)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg = NULL;
	int family, rc;

	if (!sk)
		return -ENOMEM;
	rc = genl_connect(sk);
	if (rc < 0) {
		rc = ioasid_set_error(ctx, nl_errno(rc), "generic netlink",
				      "cannot open a socket: %s", nl_geterror(rc));
		goto out;
	}
	family = genl_ctrl_resolve(sk, IOASID_GENL_NAME);
	if (family < 0) {
		rc = ioasid_set_error(
			ctx, family == -NLE_OBJ_NOTFOUND ? EOPNOTSUPP : -nl_errno(family),
			IOASID_GENL_NAME,
			family == -NLE_OBJ_NOTFOUND
				? "not supported by this kernel (no generic netlink "
				  "family \"" IOASID_GENL_NAME "\": the IOASID extension "
				  "of ioasid-abi(7) is in no shipping kernel)"
				: "cannot resolve the generic netlink family: %s",
			nl_geterror(family));
		goto out;
	}
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_DUMP,
				 (uint8_t)s->cmd, IOASID_GENL_VERSION)) {
		rc = -ENOMEM;
		goto out;
	}
	/* the dump's own filters (ioasid-abi(7) Dumps); the parser applies
	 * the whole filter again, so a kernel ignoring one is harmless */
	if (s->filter && s->filter->has_set &&
	    nla_put_u32(msg, IOASID_ATTR_SET, s->filter->set) < 0)
		rc = -ENOMEM;
	if (s->filter && s->filter->has_pid &&
	    nla_put_u32(msg, IOASID_ATTR_PID, s->filter->pid) < 0)
		rc = -ENOMEM;
	/* version 2's (a version-1 kernel ignores it) */
	if (s->filter && s->filter->has_state && s->cmd == IOASID_CMD_GET_IOASID &&
	    nla_put_u32(msg, IOASID_ATTR_STATE, s->filter->state) < 0)
		rc = -ENOMEM;
	if (s->filter && s->filter->has_set && s->filter->has_spid &&
	    s->cmd == IOASID_CMD_GET_BINDING &&
	    nla_put_u32(msg, IOASID_ATTR_SPID, s->filter->spid) < 0)
		rc = -ENOMEM;
	if (rc < 0)
		goto out;
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, s);
	nl_socket_modify_cb(sk, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, s);
	rc = nl_send_auto(sk, msg);
	if (rc < 0) {
		rc = ioasid_set_error(ctx, nl_errno(rc), IOASID_GENL_NAME,
				      "cannot send the dump request: %s", nl_geterror(rc));
		goto out;
	}
	rc = nl_recvmsgs_default(sk);
	if (rc < 0 && !ioasid_ext_stream_stopped(s)) {
		rc = ioasid_set_error(ctx, nl_errno(rc), IOASID_GENL_NAME, "the dump failed: %s",
				      nl_geterror(rc));
		goto out;
	}
	s->done = true;
	rc = 0;
out:
	nlmsg_free(msg);
	nl_socket_free(sk);
	return rc;
}
