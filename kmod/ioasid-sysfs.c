// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/ioasid/ (ioasid-abi(7) SYSFS) of the real system:
 *   version, default_quota (0644)
 *   capacity/{total,available,reserved}, capacity/{reserve,cancel} (0200)
 *   sets/<id>/{type,quota (0644),allocated,owner_pid,cgroup}
 * Writes need CAP_SYS_ADMIN (EPERM) and take numbers as kstrtouint() /
 * kstrtoint() with base 0 (EINVAL malformed, ERANGE out of range).
 *
 * A set directory is a kobject holding only the set's ID and serial: each
 * show takes the system's lock and looks the set up again (ENODEV once it is
 * gone, or when the ID now names a newer set: set IDs are reused after a
 * wrap, and a directory not yet removed must not show another set), and
 * kio_sysfs_sets_sync() adds and removes directories outside that lock, so
 * removing a directory never waits for a reader that waits for the lock.
 */
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/kobject.h>
#include <linux/nsproxy.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "ioasid-kmod.h"
#include "uapi/ioasid.h"

static struct kobject *kio_root, *kio_cap, *kio_sets;
static DEFINE_MUTEX(kio_sysfs_lock); /* guards kio_set_kobjs */
static DEFINE_XARRAY(kio_set_kobjs); /* set ID -> struct kio_set_kobj */

struct kio_set_kobj {
	struct kobject kobj;
	u32 id;
	u64 serial; /* of the set it was made for (struct kio_set) */
	bool mm;
};

/* ------------------------------------------------------------ top level */

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", IOASID_ABI_VERSION);
}

static ssize_t default_quota_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	u32 v;

	kio_lock(&kio_real);
	v = kio_default_quota;
	kio_unlock(&kio_real);
	return sysfs_emit(buf, "%u\n", v);
}

static ssize_t default_quota_store(struct kobject *kobj, struct kobj_attribute *attr,
				   const char *buf, size_t count)
{
	u32 v;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstrtouint(buf, 0, &v);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	if (v < 1 || v > kio_real.cap_total)
		ret = -EINVAL;
	else
		kio_default_quota = v;
	kio_unlock(&kio_real);
	return ret ?: count;
}

static struct kobj_attribute kio_attr_version = __ATTR_RO(version);
static struct kobj_attribute kio_attr_default_quota = __ATTR_RW(default_quota);

static struct attribute *kio_root_attrs[] = {
	&kio_attr_version.attr,
	&kio_attr_default_quota.attr,
	NULL,
};

static const struct attribute_group kio_root_group = {
	.attrs = kio_root_attrs,
};

/* ------------------------------------------------------------ capacity */

static ssize_t total_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	u32 v;

	kio_lock(&kio_real);
	v = kio_real.cap_total;
	kio_unlock(&kio_real);
	return sysfs_emit(buf, "%u\n", v);
}

static ssize_t available_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	u32 v;

	kio_lock(&kio_real);
	v = kio_real.cap_avail;
	kio_unlock(&kio_real);
	return sysfs_emit(buf, "%u\n", v);
}

/* total = available + reserved + the sum of the quotas */
static ssize_t reserved_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	u32 v;

	kio_lock(&kio_real);
	v = kio_real.cap_total - kio_real.cap_avail - kio_real.quotas;
	kio_unlock(&kio_real);
	return sysfs_emit(buf, "%u\n", v);
}

static ssize_t reserve_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			     size_t count)
{
	u32 v, got;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstrtouint(buf, 0, &v);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	ret = kio_capacity_reserve(&kio_real, v, &got);
	kio_unlock(&kio_real);
	return ret ?: count;
}

static ssize_t cancel_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			    size_t count)
{
	u32 v, avail;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstrtouint(buf, 0, &v);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	ret = kio_capacity_cancel(&kio_real, v, &avail);
	kio_unlock(&kio_real);
	return ret ?: count;
}

static struct kobj_attribute kio_attr_total = __ATTR_RO(total);
static struct kobj_attribute kio_attr_available = __ATTR_RO(available);
static struct kobj_attribute kio_attr_reserved = __ATTR_RO(reserved);
static struct kobj_attribute kio_attr_reserve = __ATTR_WO(reserve);
static struct kobj_attribute kio_attr_cancel = __ATTR_WO(cancel);

/* one entry per line, as the kernel writes these tables */
/* clang-format off */
static struct attribute *kio_cap_attrs[] = {
	&kio_attr_total.attr,
	&kio_attr_available.attr,
	&kio_attr_reserved.attr,
	&kio_attr_reserve.attr,
	&kio_attr_cancel.attr,
	NULL,
};
/* clang-format on */

static const struct attribute_group kio_cap_group = {
	.attrs = kio_cap_attrs,
};

/* ------------------------------------------------------------ sets/<id> */

/* The set of a directory, NULL when it is gone or its ID was reused */
static struct kio_set *kio_kobj_set(struct kobject *kobj)
{
	struct kio_set_kobj *sk = container_of(kobj, struct kio_set_kobj, kobj);
	struct kio_set *set = kio_set_get(&kio_real, sk->id);

	return set && set->serial == sk->serial ? set : NULL;
}

static ssize_t type_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kio_set *set;
	ssize_t ret = -ENODEV;

	kio_lock(&kio_real);
	set = kio_kobj_set(kobj);
	if (set)
		ret = sysfs_emit(buf, "%s\n",
				 set->type == KIO_SET_MM ? IOASID_SET_TYPE_NAME_MM :
							   IOASID_SET_TYPE_NAME_NULL);
	kio_unlock(&kio_real);
	return ret;
}

static ssize_t quota_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kio_set *set;
	ssize_t ret = -ENODEV;

	kio_lock(&kio_real);
	set = kio_kobj_set(kobj);
	if (set)
		ret = sysfs_emit(buf, "%u\n", set->quota);
	kio_unlock(&kio_real);
	return ret;
}

/* ioasid_adjust_set() (seed:7896-7940) */
static ssize_t quota_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			   size_t count)
{
	struct kio_set *set;
	int v, ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstrtoint(buf, 0, &v);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	set = kio_kobj_set(kobj);
	ret = set ? kio_set_adjust(&kio_real, set->id, v) : -ENODEV;
	kio_unlock(&kio_real);
	return ret ?: count;
}

static ssize_t allocated_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kio_set *set;
	ssize_t ret = -ENODEV;

	kio_lock(&kio_real);
	set = kio_kobj_set(kobj);
	if (set)
		ret = sysfs_emit(buf, "%u\n", set->nr_ioasids);
	kio_unlock(&kio_real);
	return ret;
}

/**
 * kio_set_owner() - the owner's thread group of an mm set
 * @set: an mm set of the real system
 *
 * Return: its struct pid, or NULL when the owner has exited (ESRCH). The
 * system's lock is held.
 */
struct pid *kio_set_owner(struct kio_set *set)
{
	struct kio_proc *p = kio_proc_by_token(&kio_real, set->token);
	bool alive;

	if (!p || !p->pid)
		return NULL;
	rcu_read_lock();
	alive = !!pid_task(p->pid, PIDTYPE_TGID);
	rcu_read_unlock();
	return alive ? p->pid : NULL;
}

static ssize_t owner_pid_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kio_set *set;
	struct pid *pid;
	ssize_t ret = -ENODEV;

	kio_lock(&kio_real);
	set = kio_kobj_set(kobj);
	if (set) {
		pid = kio_set_owner(set);
		/* the initial PID namespace for every reader, as the genl
		 * messages (ioasid-abi(7) Process IDs)
		 */
		ret = pid ? sysfs_emit(buf, "%d\n", pid_nr(pid)) : -ESRCH;
	}
	kio_unlock(&kio_real);
	return ret;
}

/*
 * The owner's cgroup v2 path, relative to the reader's cgroup namespace.
 * cgroup_path_ns() takes cgroup_mutex and may sleep, so it cannot run under
 * rcu_read_lock() (nor under the system's lock, which cgroup churn does not
 * need): the cgroup is pinned with cgroup_tryget() inside the RCU section
 * (task_dfl_cgroup() is only stable there) and its path built after both
 * are left. A cgroup that is being removed cannot be pinned: its task is
 * exiting, ESRCH as for an exited owner.
 */
static ssize_t cgroup_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct cgroup *cgrp = NULL;
	struct task_struct *task;
	struct kio_set *set;
	struct pid *pid;
	ssize_t ret = -ENODEV;
	int len;

	kio_lock(&kio_real);
	set = kio_kobj_set(kobj);
	if (!set)
		goto unlock;
	pid = kio_set_owner(set);
	ret = -ESRCH;
	if (!pid)
		goto unlock;
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_TGID);
	if (task) {
		cgrp = task_dfl_cgroup(task);
		if (!cgroup_tryget(cgrp))
			cgrp = NULL;
	}
	rcu_read_unlock();
unlock:
	kio_unlock(&kio_real);
	if (!cgrp)
		return ret;
	len = cgroup_path_ns(cgrp, buf, PAGE_SIZE - 1, current->nsproxy->cgroup_ns);
	cgroup_put(cgrp);
	if (len < 0)
		return len;
	if (len >= PAGE_SIZE - 1)
		return -ENAMETOOLONG;
	len = strlen(buf);
	buf[len++] = '\n';
	buf[len] = '\0';
	return len;
}

static struct kobj_attribute kio_attr_type = __ATTR_RO(type);
static struct kobj_attribute kio_attr_quota = __ATTR_RW(quota);
static struct kobj_attribute kio_attr_allocated = __ATTR_RO(allocated);
static struct kobj_attribute kio_attr_owner_pid = __ATTR_RO(owner_pid);
static struct kobj_attribute kio_attr_cgroup = __ATTR_RO(cgroup);

/* one entry per line, as the kernel writes these tables */
/* clang-format off */
static struct attribute *kio_set_attrs[] = {
	&kio_attr_type.attr,
	&kio_attr_quota.attr,
	&kio_attr_allocated.attr,
	&kio_attr_owner_pid.attr,
	&kio_attr_cgroup.attr,
	NULL,
};
/* clang-format on */

/* owner_pid and cgroup exist for mm sets only */
static umode_t kio_set_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	struct kio_set_kobj *sk = container_of(kobj, struct kio_set_kobj, kobj);

	if (!sk->mm && (attr == &kio_attr_owner_pid.attr || attr == &kio_attr_cgroup.attr))
		return 0;
	return attr->mode;
}

static const struct attribute_group kio_set_group = {
	.attrs = kio_set_attrs,
	.is_visible = kio_set_visible,
};

static const struct attribute_group *kio_set_groups[] = {
	&kio_set_group,
	NULL,
};

static void kio_set_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct kio_set_kobj, kobj));
}

static const struct kobj_type kio_set_ktype = {
	.release = kio_set_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = kio_set_groups,
};

static void kio_sysfs_add_set(u32 id, u64 serial, bool mm)
{
	struct kio_set_kobj *sk = kzalloc(sizeof(*sk), GFP_KERNEL_ACCOUNT);

	if (!sk)
		return;
	sk->id = id;
	sk->serial = serial;
	sk->mm = mm;
	if (kobject_init_and_add(&sk->kobj, &kio_set_ktype, kio_sets, "%u", id)) {
		kobject_put(&sk->kobj);
		return;
	}
	/* no uevent: the directory has no kset, so kobject_uevent() would
	 * send nothing; sets come and go in the genl dumps (ioasid-abi(7))
	 */
	if (xa_err(xa_store(&kio_set_kobjs, id, sk, GFP_KERNEL_ACCOUNT)))
		kobject_put(&sk->kobj);
}

/**
 * kio_sysfs_sets_sync() - make sets/ list the sets of the real system
 *
 * Called without the system's lock after anything that may create or destroy
 * a set. A directory goes when its set is gone or its ID names a newer set
 * (another serial), before the newer set's directory is added.
 */
void kio_sysfs_sets_sync(void)
{
	struct kio_set_kobj *sk;
	struct kio_set *set;
	u32 *ids, *mm, n = 0, cap, i;
	u64 *serials;
	unsigned long idx;

	if (!kio_sets)
		return;
	mutex_lock(&kio_sysfs_lock);
	/* gone sets */
	xa_for_each(&kio_set_kobjs, idx, sk) {
		kio_lock(&kio_real);
		set = kio_set_get(&kio_real, sk->id);
		if (set && set->serial != sk->serial)
			set = NULL;
		kio_unlock(&kio_real);
		if (!set) {
			xa_erase(&kio_set_kobjs, idx);
			kobject_put(&sk->kobj);
		}
	}
	/* new sets */
	kio_lock(&kio_real);
	cap = kio_real.nr_sets;
	ids = kcalloc(cap ?: 1, sizeof(*ids), GFP_KERNEL);
	mm = kcalloc(cap ?: 1, sizeof(*mm), GFP_KERNEL);
	serials = kcalloc(cap ?: 1, sizeof(*serials), GFP_KERNEL);
	if (ids && mm && serials) {
		xa_for_each(&kio_real.sets, idx, set) {
			sk = xa_load(&kio_set_kobjs, set->id);
			if (n < cap && (!sk || sk->serial != set->serial)) {
				ids[n] = set->id;
				serials[n] = set->serial;
				mm[n++] = set->type == KIO_SET_MM;
			}
		}
	}
	kio_unlock(&kio_real);
	for (i = 0; i < n; i++) {
		/* an ID destroyed and reused since the pass above */
		sk = xa_erase(&kio_set_kobjs, ids[i]);
		if (sk)
			kobject_put(&sk->kobj);
		kio_sysfs_add_set(ids[i], serials[i], mm[i]);
	}
	kfree(ids);
	kfree(mm);
	kfree(serials);
	mutex_unlock(&kio_sysfs_lock);
}

int kio_sysfs_init(void)
{
	int ret = -ENOMEM;

	kio_root = kobject_create_and_add("ioasid", kernel_kobj);
	if (!kio_root)
		return -ENOMEM;
	ret = sysfs_create_group(kio_root, &kio_root_group);
	if (ret)
		goto err;
	ret = -ENOMEM;
	kio_cap = kobject_create_and_add("capacity", kio_root);
	if (!kio_cap)
		goto err;
	ret = sysfs_create_group(kio_cap, &kio_cap_group);
	if (ret)
		goto err;
	ret = -ENOMEM;
	kio_sets = kobject_create_and_add("sets", kio_root);
	if (!kio_sets)
		goto err;
	return 0;
err:
	kio_sysfs_exit();
	return ret;
}

void kio_sysfs_exit(void)
{
	struct kio_set_kobj *sk;
	unsigned long idx;

	mutex_lock(&kio_sysfs_lock);
	xa_for_each(&kio_set_kobjs, idx, sk) {
		xa_erase(&kio_set_kobjs, idx);
		kobject_put(&sk->kobj);
	}
	mutex_unlock(&kio_sysfs_lock);
	kobject_put(kio_sets);
	kio_sets = NULL;
	kobject_put(kio_cap);
	kio_cap = NULL;
	kobject_put(kio_root);
	kio_root = NULL;
}
