// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "ioasid" (ioasid-abi(7) GENERIC NETLINK) of the
 * real system: the dumps IOASID_CMD_GET_IOASID (also one IOASID without
 * NLM_F_DUMP) and IOASID_CMD_GET_BINDING, and the multicast group "notify"
 * that carries every notification of the core with its sequence number.
 * A dump that sees the IOASID table change between its parts sets
 * NLM_F_DUMP_INTR (genl_dump_check_consistent()).
 */
#include <linux/cgroup.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <net/genetlink.h>

#include "ioasid-kmod.h"
#include "uapi/ioasid.h"

static struct genl_family kio_genl_family;

/* one entry per line, as the kernel writes these tables */
/* clang-format off */
static const struct nla_policy kio_genl_policy[IOASID_ATTR_MAX + 1] = {
	[IOASID_ATTR_IOASID] = { .type = NLA_U32 },
	[IOASID_ATTR_SET] = { .type = NLA_U32 },
	[IOASID_ATTR_SPID] = { .type = NLA_U32 },
	[IOASID_ATTR_PID] = { .type = NLA_U32 },
	[IOASID_ATTR_STATE] = { .type = NLA_U32 },	/* v2 filter */
};
/* clang-format on */

/*
 * An out-of-tree module for two kernels: genl_info_dump() replaced
 * genl_dumpit_info()->attrs in 6.5 (the only version test here).
 */
static struct nlattr **kio_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Every PID of the ABI is in the initial PID namespace (ioasid-abi(7) Process
 * IDs): pid_nr(), never pid_vnr(), whose namespace would be that of whoever
 * happened to cause the event or run the dump.
 */

/* The set of a process ID of the initial namespace (the PID filter), or 0 */
static u32 kio_set_of_pid(u32 nr)
{
	struct kio_set *set;
	struct pid *pid;
	unsigned long i;

	xa_for_each(&kio_real.sets, i, set) {
		if (set->type != KIO_SET_MM)
			continue;
		pid = kio_set_owner(set);
		if (pid && pid_nr(pid) == nr)
			return set->id;
	}
	return 0;
}

static int kio_put_pid(struct sk_buff *skb, struct kio_set *set)
{
	struct pid *pid;

	if (set->type != KIO_SET_MM)
		return 0;
	pid = kio_set_owner(set);
	return pid ? nla_put_u32(skb, IOASID_ATTR_PID, pid_nr(pid)) : 0;
}

/* One IOASID_CMD_GET_IOASID message; the system's lock is held */
static int kio_fill_ioasid(struct sk_buff *skb, struct kio_ioasid *d, u32 portid, u32 seq,
			   int flags, struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(skb, portid, seq, &kio_genl_family, flags, IOASID_CMD_GET_IOASID);

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, IOASID_ATTR_IOASID, d->id) ||
	    nla_put_u32(skb, IOASID_ATTR_SET, d->set->id) ||
	    nla_put_u32(skb, IOASID_ATTR_STATE, d->state) ||
	    nla_put_u32(skb, IOASID_ATTR_REFS, d->refs) ||
	    nla_put_u64_64bit(skb, IOASID_ATTR_PRQ_COUNT, d->prq, IOASID_ATTR_PAD) ||
	    (d->spid != KIO_INVALID && nla_put_u32(skb, IOASID_ATTR_SPID, d->spid)) ||
	    kio_put_pid(skb, d->set)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int kio_get_ioasid_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kio_ioasid *d;
	struct sk_buff *msg;
	int ret;

	if (!info->attrs[IOASID_ATTR_IOASID])
		return -EINVAL;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	kio_lock(&kio_real);
	d = kio_ioasid_get_data(&kio_real, nla_get_u32(info->attrs[IOASID_ATTR_IOASID]));
	ret = d ? kio_fill_ioasid(msg, d, info->snd_portid, info->snd_seq, 0, NULL) : -ENOENT;
	kio_unlock(&kio_real);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/* The STATE filter of a GET_IOASID dump (ioasid-abi(7) version 2) */
static bool kio_state_filtered(struct nlattr **attrs, struct kio_ioasid *d)
{
	return attrs && attrs[IOASID_ATTR_STATE] &&
	       d->state != nla_get_u32(attrs[IOASID_ATTR_STATE]);
}

/* cb->args[0]: the next IOASID to send */
static int kio_get_ioasid_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = kio_dump_attrs(cb);
	unsigned long idx = cb->args[0];
	struct kio_ioasid *d;
	u32 set = 0;
	bool filter = false;
	int ret = 0;

	kio_lock(&kio_real);
	cb->seq = kio_real.generation + 1;
	if (attrs && attrs[IOASID_ATTR_SET]) {
		set = nla_get_u32(attrs[IOASID_ATTR_SET]);
		filter = true;
	} else if (attrs && attrs[IOASID_ATTR_PID]) {
		set = kio_set_of_pid(nla_get_u32(attrs[IOASID_ATTR_PID]));
		filter = true;
	}
	if (filter && !set)
		goto out;
	xa_for_each_start(&kio_real.ioasids, idx, d, cb->args[0]) {
		if ((filter && d->set->id != set) || kio_state_filtered(attrs, d))
			continue;
		ret = kio_fill_ioasid(skb, d, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				      NLM_F_MULTI, cb);
		if (ret)
			break;
		cb->args[0] = idx + 1;
	}
out:
	kio_unlock(&kio_real);
	/* a full skb ends this part; the next call resumes at args[0] */
	return ret == -EMSGSIZE ? skb->len : (ret ?: skb->len);
}

/* The PID filter (v2 for GET_BINDING and GET_SET): true when the request
 * has one, *set the set of that process or 0 */
static bool kio_pid_filter(struct nlattr **attrs, u32 *set)
{
	if (!attrs || !attrs[IOASID_ATTR_PID])
		return false;
	*set = kio_set_of_pid(nla_get_u32(attrs[IOASID_ATTR_PID]));
	return true;
}

/* cb->args[0]: the set, cb->args[1]: the next SPID in it */
static int kio_get_binding_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = kio_dump_attrs(cb);
	unsigned long sidx, spid;
	struct kio_ioasid *d;
	struct kio_set *set;
	bool one_set = attrs && attrs[IOASID_ATTR_SET];
	bool one_spid = one_set && attrs[IOASID_ATTR_SPID];
	u32 want = 0;
	void *hdr;

	kio_lock(&kio_real);
	cb->seq = kio_real.generation + 1;
	if (one_set)
		want = nla_get_u32(attrs[IOASID_ATTR_SET]);
	else if (kio_pid_filter(attrs, &want) && !want)
		goto out; /* v2: no set of that process */
	one_set = one_set || want;
	if (one_set && !cb->args[0])
		cb->args[0] = want;
	xa_for_each_start(&kio_real.sets, sidx, set, cb->args[0]) {
		if (one_set && sidx != want)
			break;
		xa_for_each_start(&set->spids, spid, d, cb->args[1]) {
			if (one_spid && spid != nla_get_u32(attrs[IOASID_ATTR_SPID]))
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
					  &kio_genl_family, NLM_F_MULTI, IOASID_CMD_GET_BINDING);
			if (!hdr)
				goto out;
			genl_dump_check_consistent(cb, hdr);
			if (nla_put_u32(skb, IOASID_ATTR_IOASID, d->id) ||
			    nla_put_u32(skb, IOASID_ATTR_SET, set->id) ||
			    nla_put_u32(skb, IOASID_ATTR_SPID, d->spid) || kio_put_pid(skb, set)) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[0] = sidx;
			cb->args[1] = spid + 1;
		}
		cb->args[0] = sidx + 1;
		cb->args[1] = 0;
	}
out:
	/* a full skb ends this part; the next call resumes at args[] */
	kio_unlock(&kio_real);
	return skb->len;
}

/*
 * One IOASID_CMD_GET_SET message (v2): what the set's sysfs directory shows,
 * owner_pid and cgroup as PID and CGROUP while the owner lives; @path is a
 * PATH_MAX buffer. The system's lock is held.
 */
static int kio_fill_set(struct sk_buff *skb, struct kio_set *set, char *path,
			struct netlink_callback *cb)
{
	struct task_struct *task;
	struct cgroup *cgrp = NULL;
	struct pid *pid = NULL;
	void *hdr;
	int len = -ESRCH;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq, &kio_genl_family,
			  NLM_F_MULTI, IOASID_CMD_GET_SET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (set->type == KIO_SET_MM)
		pid = kio_set_owner(set);
	if (pid) {
		/*
		 * The owner's cgroup, held past the RCU section: cgroup_path_ns()
		 * takes cgroup_mutex and may sleep. The path is the reader's
		 * cgroup namespace's view, as sets/<id>/cgroup.
		 */
		rcu_read_lock();
		task = pid_task(pid, PIDTYPE_TGID);
		if (task) {
			cgrp = task_dfl_cgroup(task);
			if (!cgroup_tryget(cgrp))
				cgrp = NULL;
		}
		rcu_read_unlock();
		if (cgrp) {
			len = cgroup_path_ns(cgrp, path, PATH_MAX, current->nsproxy->cgroup_ns);
			cgroup_put(cgrp);
		}
	}
	if (nla_put_u32(skb, IOASID_ATTR_SET, set->id) ||
	    nla_put_u32(skb, IOASID_ATTR_SET_TYPE,
			set->type == KIO_SET_MM ? IOASID_GENL_SET_MM : IOASID_GENL_SET_NULL) ||
	    nla_put_u32(skb, IOASID_ATTR_QUOTA, set->quota) ||
	    nla_put_u32(skb, IOASID_ATTR_ALLOCATED, set->nr_ioasids) ||
	    (pid && nla_put_u32(skb, IOASID_ATTR_PID, pid_vnr(pid))) ||
	    (pid && len >= 0 && len < PATH_MAX && nla_put_string(skb, IOASID_ATTR_CGROUP, path))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* IOASID_CMD_GET_SET (v2); filters SET, PID. cb->args[0]: the next set */
static int kio_get_set_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = kio_dump_attrs(cb);
	struct kio_set *set;
	unsigned long sidx;
	u32 want = 0;
	bool one = false;
	char *path;
	int ret = 0;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	kio_lock(&kio_real);
	cb->seq = kio_real.generation + 1;
	if (attrs && attrs[IOASID_ATTR_SET]) {
		want = nla_get_u32(attrs[IOASID_ATTR_SET]);
		one = true;
	} else if (kio_pid_filter(attrs, &want)) {
		one = true;
	}
	xa_for_each_start(&kio_real.sets, sidx, set, cb->args[0]) {
		if (one && sidx != want)
			continue;
		ret = kio_fill_set(skb, set, path, cb);
		if (ret)
			break;
		cb->args[0] = sidx + 1;
	}
	kio_unlock(&kio_real);
	kfree(path);
	/* a full skb ends this part; the next call resumes at args[0] */
	return ret == -EMSGSIZE ? skb->len : (ret ?: skb->len);
}

static const struct genl_small_ops kio_genl_ops[] = {
	{
		.cmd = IOASID_CMD_GET_IOASID,
		.doit = kio_get_ioasid_doit,
		.dumpit = kio_get_ioasid_dumpit,
	},
	{
		.cmd = IOASID_CMD_GET_BINDING,
		.dumpit = kio_get_binding_dumpit,
	},
	{
		.cmd = IOASID_CMD_GET_SET,
		.dumpit = kio_get_set_dumpit,
	},
};

static const struct genl_multicast_group kio_genl_mcgrps[] = {
	{ .name = IOASID_GENL_MCGRP_NOTIFY },
};

static struct genl_family kio_genl_family = {
	.name = IOASID_GENL_NAME,
	.version = IOASID_GENL_VERSION,
	.maxattr = IOASID_ATTR_MAX,
	.policy = kio_genl_policy,
	.module = THIS_MODULE,
	.small_ops = kio_genl_ops,
	.n_small_ops = ARRAY_SIZE(kio_genl_ops),
	/* resv_start_op stays 0, as for every new family: the header of
	 * every command is checked (genl_header_check(): reserved field 0,
	 * no nlmsg_flags but REQUEST, ACK, ECHO and DUMP; EINVAL)
	 */
	/* the operations take the system's own lock, not genl_mutex */
	.parallel_ops = true,
	.mcgrps = kio_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kio_genl_mcgrps),
};

static bool kio_genl_registered;

/**
 * kio_genl_notify() - send one notification to the "notify" group
 * @sys: the real system (its lock is held)
 * @ev: the notification
 *
 * Nobody listening (-ESRCH) is not an error: the sequence number was taken
 * all the same, so a reader that joins later sees no false gap only from the
 * next message on, as ioasid-abi(7) Sequence numbers and loss describes.
 */
void kio_genl_notify(struct kio_sys *sys, const struct kio_event_rec *ev)
{
	struct kio_set *set = kio_set_get(sys, ev->set);
	struct sk_buff *msg;
	void *hdr;
	u8 cmd;

	if (!kio_genl_registered)
		return;
	/* nobody in the group: build nothing (the number is taken anyway) */
	if (!genl_has_listeners(&kio_genl_family, &init_net, 0))
		return;
	switch (ev->type) {
	case KIO_EV_ALLOC:
		cmd = IOASID_CMD_ALLOC_NTF;
		break;
	case KIO_EV_FREE:
		cmd = IOASID_CMD_FREE_NTF;
		break;
	case KIO_EV_BIND:
		cmd = IOASID_CMD_BIND_NTF;
		break;
	case KIO_EV_UNBIND:
		cmd = IOASID_CMD_UNBIND_NTF;
		break;
	default:
		return;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &kio_genl_family, 0, cmd);
	if (!hdr)
		goto fail;
	if (nla_put_u64_64bit(msg, IOASID_ATTR_SEQ, ev->seq, IOASID_ATTR_PAD) ||
	    nla_put_u32(msg, IOASID_ATTR_IOASID, ev->ioasid) ||
	    nla_put_u32(msg, IOASID_ATTR_SET, ev->set) ||
	    (ev->spid != KIO_INVALID && nla_put_u32(msg, IOASID_ATTR_SPID, ev->spid)) ||
	    (set && kio_put_pid(msg, set)))
		goto fail;
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&kio_genl_family, msg, 0, 0, GFP_KERNEL);
	return;
fail:
	nlmsg_free(msg);
}

int kio_genl_init(void)
{
	int ret = genl_register_family(&kio_genl_family);

	kio_genl_registered = !ret;
	return ret;
}

void kio_genl_exit(void)
{
	if (kio_genl_registered)
		genl_unregister_family(&kio_genl_family);
	kio_genl_registered = false;
}
