// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ioasid-conf: the conformance interface (kmod/uapi/ioasid-conf.h),
 * registered only with conformance=1. Each open file may create one fresh
 * IOASID system of its own (IOASID_CONF_CREATE) and drives it with one ioctl
 * per operation of tests/conformance/impl.h; closing the file destroys it.
 * These systems are independent of the real one behind /dev/ioasid.
 *
 * Processes and cgroups are modelled here: an mm is a number (the process
 * ID of the model doubles as its mm token) and a cgroup is a struct kio_cg,
 * because a module cannot add a cgroup controller (include/linux/
 * cgroup_subsys.h is fixed at build time); kmod/README says so.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ioasid-core.h"
#include "ioasid-kmod.h"
#include "uapi/ioasid-conf.h"

struct kio_conf_file {
	struct mutex lock; /* guards sys (creation) */
	struct kio_sys *sys;
	unsigned int form;
};

static int kio_conf_open(struct inode *inode, struct file *file)
{
	struct kio_conf_file *cf = kzalloc(sizeof(*cf), GFP_KERNEL_ACCOUNT);

	if (!cf)
		return -ENOMEM;
	mutex_init(&cf->lock);
	file->private_data = cf;
	return 0;
}

static int kio_conf_release(struct inode *inode, struct file *file)
{
	struct kio_conf_file *cf = file->private_data;

	if (cf->sys) {
		kio_sys_destroy(cf->sys);
		kfree(cf->sys);
	}
	mutex_destroy(&cf->lock);
	kfree(cf);
	return 0;
}

static int kio_conf_create(struct kio_conf_file *cf, int form)
{
	struct kio_sys *sys;
	unsigned int forms;
	int ret;

	if (form == IOASID_CONF_FORM_IOASIDS)
		forms = KIO_CG_IOASIDS;
	else if (form == IOASID_CONF_FORM_MISC)
		forms = KIO_CG_MISC;
	else
		return -EINVAL;
	mutex_lock(&cf->lock);
	if (cf->sys) {
		ret = -EBUSY;
		goto out;
	}
	sys = kzalloc(sizeof(*sys), GFP_KERNEL_ACCOUNT);
	if (!sys) {
		ret = -ENOMEM;
		goto out;
	}
	ret = kio_sys_init(sys, forms);
	if (ret) {
		kio_sys_destroy(sys);
		kfree(sys);
		goto out;
	}
	cf->form = forms;
	/*
	 * Publish after init: the ioctls read cf->sys without cf->lock, pairs
	 * with smp_load_acquire() in kio_conf_ioctl().
	 */
	smp_store_release(&cf->sys, sys);
out:
	mutex_unlock(&cf->lock);
	return ret;
}

/* impl.h ids are ints; a negative one names nothing */
static u32 kio_conf_id(s32 v)
{
	return v < 0 ? 0 : (u32)v;
}

static struct kio_cg *kio_conf_cg(struct kio_sys *sys, s32 id)
{
	return id < 0 ? NULL : kio_cg_get(sys, (u32)id);
}

static int kio_conf_events(struct kio_sys *sys, struct ioasid_conf_args *a)
{
	struct ioasid_conf_event __user *ubuf = u64_to_user_ptr(a->in64);
	struct ioasid_conf_event *out;
	struct kio_event_rec *ev;
	u32 max, n = 0, i;
	int ret;

	if (a->in[1] < 0)
		return -EINVAL;
	max = min_t(u32, a->in[1], IOASID_CONF_EVENTS_MAX);
	ev = kcalloc(max ?: 1, sizeof(*ev), GFP_KERNEL);
	out = kcalloc(max ?: 1, sizeof(*out), GFP_KERNEL);
	if (!ev || !out) {
		ret = -ENOMEM;
		goto out;
	}
	ret = kio_nb_read(sys, kio_conf_id(a->in[0]), ev, max, &n);
	if (ret)
		goto out;
	for (i = 0; i < n; i++) {
		out[i].seq = ev[i].seq;
		out[i].type = ev[i].type;
		out[i].ioasid = ev[i].ioasid;
		out[i].spid = ev[i].spid;
		out[i].set = ev[i].set;
	}
	/* events taken from the queue are lost if the copy fails: the caller
	 * passed a bad buffer, the test fails anyway
	 */
	if (n && copy_to_user(ubuf, out, n * sizeof(*out)))
		ret = -EFAULT;
	a->out[0] = n;
out:
	kfree(ev);
	kfree(out);
	return ret;
}

/* One impl.h operation on @sys; the system's lock is held */
static int kio_conf_op(struct kio_conf_file *cf, struct kio_sys *sys, unsigned int cmd,
		       struct ioasid_conf_args *a)
{
	struct kio_ioasid *d;
	struct kio_proc *p;
	struct kio_set *s;
	struct kio_cg *cg;
	u32 v = 0, w = 0;
	bool freed;
	int ret;

	switch (cmd) {
	case IOASID_CONF_CAP_INSTALL:
		return kio_capacity_install(sys, (u32)a->in[0]);
	case IOASID_CONF_CAP_RESERVE:
		ret = kio_capacity_reserve(sys, (u32)a->in[0], &v);
		a->out[0] = v;
		return ret;
	case IOASID_CONF_CAP_CANCEL:
		ret = kio_capacity_cancel(sys, (u32)a->in[0], &v);
		a->out[0] = v;
		return ret;
	case IOASID_CONF_CAP_QUERY:
		a->out[0] = sys->cap_total;
		a->out[1] = sys->cap_avail;
		return 0;
	case IOASID_CONF_MM_CREATE:
		cg = kio_conf_cg(sys, a->in[0]);
		if (!cg)
			return -ENOENT;
		/* the mm id doubles as the mm token */
		ret = kio_proc_add(sys, sys->proc_next, cg, &p);
		if (!ret)
			a->out[0] = p->id;
		return ret;
	case IOASID_CONF_MM_EXIT:
		p = a->in[0] > 0 ? kio_proc_by_id(sys, a->in[0]) : NULL;
		if (!p)
			return -ENOENT;
		kio_proc_remove(sys, p);
		return 0;
	case IOASID_CONF_MM_MOVE:
		p = a->in[0] > 0 ? kio_proc_by_id(sys, a->in[0]) : NULL;
		cg = kio_conf_cg(sys, a->in[1]);
		if (!p || !cg)
			return -ENOENT;
		return kio_proc_move(sys, p, cg);
	case IOASID_CONF_CG_CREATE:
		cg = kio_conf_cg(sys, a->in[0]);
		if (!cg)
			return -ENOENT;
		ret = kio_cg_create(sys, cg, &v);
		a->out[0] = v;
		return ret;
	case IOASID_CONF_CG_SET_MAX:
		cg = kio_conf_cg(sys, a->in[0]);
		if (!cg)
			return -ENOENT;
		return kio_cg_set_max(sys, cg, cf->form, a->in64);
	case IOASID_CONF_CG_READ:
		cg = kio_conf_cg(sys, a->in[0]);
		if (!cg)
			return -ENOENT;
		if (cf->form == KIO_CG_IOASIDS) {
			a->out64[0] = cg->io_cur;
			a->out64[1] = cg->io_max;
			a->out64[2] = cg->io_events;
		} else {
			a->out64[0] = cg->misc_cur;
			a->out64[1] = cg->misc_max;
			a->out64[2] = cg->misc_events;
		}
		return 0;
	case IOASID_CONF_SET_ALLOC:
		if (a->in[0] != KIO_SET_NULL && a->in[0] != KIO_SET_MM)
			return -EINVAL;
		if (a->in[1] < 0)
			return -EINVAL;
		ret = kio_set_alloc(sys, a->in[0], (unsigned long)a->in[1], (u32)a->in[2], &v);
		a->out[0] = v;
		return ret;
	case IOASID_CONF_SET_FREE:
		return kio_set_free(sys, kio_conf_id(a->in[0]));
	case IOASID_CONF_SET_ADJUST:
		return kio_set_adjust(sys, kio_conf_id(a->in[0]), a->in[1]);
	case IOASID_CONF_SET_QUERY:
		s = kio_set_get(sys, kio_conf_id(a->in[0]));
		if (!s)
			return -ENOENT;
		a->out[0] = s->type;
		a->out[1] = (s32)s->token;
		a->out[2] = s->quota;
		a->out[3] = s->nr_ioasids;
		return 0;
	case IOASID_CONF_ALLOC:
		ret = kio_alloc(sys, kio_conf_id(a->in[0]), a->in[1], a->in[2], &v);
		a->out[0] = v;
		return ret;
	case IOASID_CONF_FREE:
		return kio_free(sys, kio_conf_id(a->in[0]), a->in[1]);
	case IOASID_CONF_GET:
		return kio_get(sys, kio_conf_id(a->in[0]), a->in[1]);
	case IOASID_CONF_PUT:
		ret = kio_put(sys, kio_conf_id(a->in[0]), a->in[1], &freed);
		a->out[0] = freed;
		return ret;
	case IOASID_CONF_GET_IF_OWNED:
		return kio_get_if_owned(sys, kio_conf_id(a->in[0]), a->in[1]);
	case IOASID_CONF_IOASID_QUERY:
		d = kio_ioasid_get_data(sys, a->in[0]);
		if (!d)
			return -ENOENT;
		a->out[0] = d->set->id;
		a->out[1] = d->state;
		a->out[2] = d->refs;
		a->out[3] = d->spid;
		return 0;
	case IOASID_CONF_ATTACH_SPID:
		return kio_attach_spid(sys, a->in[0], a->in[1]);
	case IOASID_CONF_DETACH_SPID:
		return kio_detach_spid(sys, a->in[0]);
	case IOASID_CONF_FIND_BY_SPID:
		ret = kio_find_by_spid(sys, kio_conf_id(a->in[0]), a->in[1], a->in[2] != 0, &v);
		a->out[0] = v;
		return ret;
	case IOASID_CONF_FIND_SPID:
		d = kio_ioasid_get_data(sys, a->in[0]);
		if (!d || d->spid == KIO_INVALID)
			return -ENOENT;
		a->out[0] = d->spid;
		return 0;
	case IOASID_CONF_BIND:
		return kio_bind(sys, kio_conf_id(a->in[0]), a->in[1], a->in[2]);
	case IOASID_CONF_UNBIND:
		return kio_unbind(sys, kio_conf_id(a->in[0]), a->in[1]);
	case IOASID_CONF_NB_REGISTER:
		switch (a->in[0]) {
		case KIO_NB_GLOBAL:
			ret = kio_nb_register(sys, KIO_NB_GLOBAL, 0, 0, &w);
			break;
		case KIO_NB_SET:
			ret = kio_nb_register(sys, KIO_NB_SET, kio_conf_id(a->in[1]), 0, &w);
			break;
		case KIO_NB_MM:
			ret = kio_nb_register(sys, KIO_NB_MM, 0, kio_conf_id(a->in[1]), &w);
			break;
		default:
			ret = -EINVAL;
		}
		a->out[0] = w;
		return ret;
	case IOASID_CONF_NB_UNREGISTER:
		return kio_nb_unregister(sys, kio_conf_id(a->in[0]));
	case IOASID_CONF_EVENTS_READ:
		return kio_conf_events(sys, a);
	}
	return -ENOTTY;
}

static long kio_conf_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct kio_conf_file *cf = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct ioasid_conf_args a;
	struct kio_sys *sys;
	int ret;

	if (_IOC_TYPE(cmd) != IOASID_CONF_TYPE || _IOC_SIZE(cmd) != sizeof(a))
		return -ENOTTY;
	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	memset(a.out, 0, sizeof(a.out));
	memset(a.out64, 0, sizeof(a.out64));
	if (cmd == IOASID_CONF_CREATE)
		return kio_conf_create(cf, a.in[0]);
	/* pairs with smp_store_release() in kio_conf_create() */
	sys = smp_load_acquire(&cf->sys);
	if (!sys)
		return -ENXIO;
	kio_lock(sys);
	ret = kio_conf_op(cf, sys, cmd, &a);
	kio_unlock(sys);
	/* outputs only on success (impl.h) */
	if (!ret && copy_to_user(uarg, &a, sizeof(a)))
		return -EFAULT;
	return ret;
}

static const struct file_operations kio_conf_fops = {
	.owner = THIS_MODULE,
	.open = kio_conf_open,
	.release = kio_conf_release,
	.unlocked_ioctl = kio_conf_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice kio_conf_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ioasid-conf",
	.fops = &kio_conf_fops,
	.mode = 0600,
};

int kio_conf_init(void)
{
	return misc_register(&kio_conf_misc);
}

void kio_conf_exit(void)
{
	misc_deregister(&kio_conf_misc);
}
