// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ioasid (ioasid-abi(7) DEVICE; the seed's RFC 18/18, seed:4360-4471):
 * a process allocates IOASIDs into its own mm set of the real system.
 *
 *  - open ties the file to the opener's mm, one open per process
 *    (seed:4458-4462: EBUSY), and creates the mm set with default_quota;
 *  - a descriptor passed on by fork or SCM_RIGHTS cannot make requests
 *    (seed:4464-4466): EPERM for every ioctl but GET_API_VERSION;
 *  - release frees the set as ioasid_free_all_in_set() (seed:5829-5850); the
 *    file is the user of its bound IOASIDs, and as the seed's FREE listener
 *    does (seed:4836-4851) it lets go of them: UNBIND, reference dropped.
 *
 * The mm is pinned with mmgrab() while the file is open, so its address (the
 * set's token, never shown to user space) cannot name another process.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ioasid-kmod.h"
#include "uapi/ioasid.h"

struct kio_dev_file {
	struct mm_struct *mm; /* the opener's, pinned */
};

static unsigned long kio_token(struct mm_struct *mm)
{
	return (unsigned long)mm;
}

static int kio_dev_open(struct inode *inode, struct file *file)
{
	struct mm_struct *mm = current->mm;
	struct kio_dev_file *df;
	struct kio_proc *p;
	u32 set;
	int ret;

	if (!mm)
		return -EPERM;
	df = kzalloc(sizeof(*df), GFP_KERNEL_ACCOUNT);
	if (!df)
		return -ENOMEM;
	kio_lock(&kio_real);
	p = kio_proc_by_token(&kio_real, kio_token(mm));
	if (p) {
		/* only a single open is allowed per process (seed:4462) */
		ret = -EBUSY;
		goto unlock;
	}
	ret = kio_proc_add(&kio_real, kio_token(mm), NULL, &p);
	if (ret)
		goto unlock;
	p->pid = get_task_pid(current, PIDTYPE_TGID);
	p->opened = true;
	ret = kio_set_alloc(&kio_real, KIO_SET_MM, kio_token(mm), kio_default_quota, &set);
	if (ret) {
		kio_proc_remove(&kio_real, p);
		goto unlock;
	}
	mmgrab(mm);
	df->mm = mm;
	file->private_data = df;
unlock:
	kio_unlock(&kio_real);
	if (ret)
		kfree(df);
	else
		kio_sysfs_sets_sync();
	return ret;
}

static int kio_dev_release(struct inode *inode, struct file *file)
{
	struct kio_dev_file *df = file->private_data;
	struct kio_ioasid *d, *next;
	struct kio_proc *p;
	struct kio_set *set;
	u32 sid;

	kio_lock(&kio_real);
	p = kio_proc_by_token(&kio_real, kio_token(df->mm));
	set = kio_set_by_token(&kio_real, kio_token(df->mm));
	if (set) {
		sid = set->id;
		kio_set_free_all(&kio_real, set);
		/* the file's own bindings: it received FREE and unbinds */
		set = kio_set_get(&kio_real, sid);
		if (set) {
			list_for_each_entry_safe(d, next, &set->ioasids, set_node) {
				bool last = list_is_last(&d->set_node, &set->ioasids);

				if (d->spid != KIO_INVALID)
					kio_unbind(&kio_real, kio_token(df->mm), d->id);
				if (last || !kio_set_get(&kio_real, sid))
					break;
			}
		}
	}
	if (p)
		kio_proc_remove(&kio_real, p);
	kio_unlock(&kio_real);
	kio_sysfs_sets_sync();
	mmdrop(df->mm);
	kfree(df);
	return 0;
}

/*
 * Read an argsz-first struct (ioasid-abi(7) Argument structs and
 * versioning): argsz below the version-1 size is EINVAL, above PAGE_SIZE
 * E2BIG (as openat2(), clone3() and sched_setattr() cap theirs: one request
 * never makes the kernel scan more than a page of user memory), bytes past
 * the kernel's size must be zero (E2BIG, copy_struct_from_user()), flags
 * must be 0 (EINVAL).
 */
static int kio_dev_get_args(void *karg, size_t ksize, const void __user *uarg)
{
	u32 argsz, flags;
	int ret;

	if (get_user(argsz, (const u32 __user *)uarg))
		return -EFAULT;
	if (argsz < ksize)
		return -EINVAL;
	if (argsz > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(karg, ksize, uarg, argsz);
	if (ret)
		return ret;
	memcpy(&flags, (u8 *)karg + 4, sizeof(flags));
	return flags ? -EINVAL : 0;
}

static int kio_dev_info(void __user *uarg)
{
	struct ioasid_info_args a;
	struct kio_set *set;
	int ret;

	ret = kio_dev_get_args(&a, sizeof(a), uarg);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	set = kio_set_by_token(&kio_real, kio_token(current->mm));
	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.flags = set ? IOASID_INFO_HAS_SET : 0;
	a.capacity = kio_real.cap_total;
	a.available = kio_real.cap_avail;
	a.min_ioasid = 1;
	a.max_ioasid = kio_real.cap_total - 1;
	a.set = set ? set->id : IOASID_INVALID;
	a.quota = set ? set->quota : kio_default_quota;
	a.allocated = set ? set->nr_ioasids : 0;
	kio_unlock(&kio_real);
	return copy_to_user(uarg, &a, sizeof(a)) ? -EFAULT : 0;
}

static int kio_dev_alloc(void __user *uarg)
{
	unsigned long token = kio_token(current->mm);
	struct ioasid_alloc_args a;
	struct kio_set *set;
	u32 max_ioasid, max, sid, id;
	bool created = false;
	int ret;

	ret = kio_dev_get_args(&a, sizeof(a), uarg);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	max_ioasid = kio_real.cap_total - 1;
	if (!a.min || a.max < a.min || a.min == IOASID_INVALID || a.max == IOASID_INVALID ||
	    a.min > max_ioasid) {
		ret = -EINVAL;
		goto unlock;
	}
	/* clamped here, never in the caller's struct */
	max = min(a.max, max_ioasid);
	set = kio_set_by_token(&kio_real, token);
	if (!set) {
		/* V4 destroyed the set with its last IOASID: a new one, as at
		 * open (ioasid-abi(7) CHOICES: set lifetime)
		 */
		ret = kio_set_alloc(&kio_real, KIO_SET_MM, token, kio_default_quota, &sid);
		if (ret)
			goto unlock;
		created = true;
	} else {
		sid = set->id;
	}
	ret = kio_alloc(&kio_real, sid, a.min, max, &id);
	if (ret && created)
		kio_set_free(&kio_real, sid);
	if (!ret)
		a.ioasid = id;
unlock:
	kio_unlock(&kio_real);
	if (created)
		kio_sysfs_sets_sync();
	if (ret)
		return ret;
	/* only the output field: min and max are the caller's and stay as
	 * given, even where max was clamped (ioasid-abi(7) IOASID_ALLOC)
	 */
	if (put_user(a.ioasid, (u32 __user *)(uarg + offsetof(struct ioasid_alloc_args, ioasid)))) {
		/* the caller cannot learn the ID: take it back */
		kio_lock(&kio_real);
		kio_free(&kio_real, sid, id);
		kio_unlock(&kio_real);
		kio_sysfs_sets_sync();
		return -EFAULT;
	}
	return 0;
}

static int kio_dev_free(void __user *uarg)
{
	unsigned long token = kio_token(current->mm);
	struct ioasid_free_args a;
	struct kio_ioasid *d;
	int ret;

	ret = kio_dev_get_args(&a, sizeof(a), uarg);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	ret = kio_owned_check(&kio_real, token, a.ioasid);
	if (!ret) {
		d = kio_ioasid_get_data(&kio_real, a.ioasid);
		ret = kio_free(&kio_real, d->set->id, a.ioasid);
	}
	kio_unlock(&kio_real);
	kio_sysfs_sets_sync();
	return ret;
}

static int kio_dev_bind(void __user *uarg)
{
	unsigned long token = kio_token(current->mm);
	struct ioasid_bind_args a;
	struct kio_ioasid *d;
	int ret;

	ret = kio_dev_get_args(&a, sizeof(a), uarg);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	ret = kio_owned_check(&kio_real, token, a.ioasid);
	if (ret)
		goto unlock;
	d = kio_ioasid_get_data(&kio_real, a.ioasid);
	/* free_pending: ioasid_get refuses (seed:5493-5496); a second SPID
	 * would leak the first binding's reference (ioasid-abi(7) CHOICES)
	 */
	if (d->state == KIO_FREE_PENDING || d->spid != KIO_INVALID) {
		ret = -EBUSY;
		goto unlock;
	}
	ret = kio_bind(&kio_real, token, a.ioasid, a.spid);
unlock:
	kio_unlock(&kio_real);
	return ret;
}

static int kio_dev_unbind(void __user *uarg)
{
	struct ioasid_unbind_args a;
	int ret;

	ret = kio_dev_get_args(&a, sizeof(a), uarg);
	if (ret)
		return ret;
	kio_lock(&kio_real);
	ret = kio_unbind(&kio_real, kio_token(current->mm), a.ioasid);
	kio_unlock(&kio_real);
	kio_sysfs_sets_sync();
	return ret;
}

static int kio_dev_find_spid(void __user *uarg)
{
	struct ioasid_find_spid_args a;
	struct kio_set *set;
	u32 id = 0;
	int ret;

	ret = kio_dev_get_args(&a, sizeof(a), uarg);
	if (ret)
		return ret;
	if (a.spid == IOASID_INVALID)
		return -EINVAL;
	kio_lock(&kio_real);
	set = kio_set_by_token(&kio_real, kio_token(current->mm));
	ret = set ? kio_find_by_spid(&kio_real, set->id, a.spid, false, &id) : -ENOENT;
	kio_unlock(&kio_real);
	if (ret)
		return ret;
	/* the output field only, as IOASID_ALLOC */
	return put_user(id, (u32 __user *)(uarg + offsetof(struct ioasid_find_spid_args, ioasid))) ?
		       -EFAULT :
		       0;
}

static long kio_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct kio_dev_file *df = file->private_data;
	void __user *uarg = (void __user *)arg;

	if (cmd == IOASID_GET_API_VERSION)
		return IOASID_API_VERSION;
	if (cmd < IOASID_GET_INFO || cmd > IOASID_FIND_SPID)
		return -ENOTTY;
	/* a transferred descriptor cannot make requests (seed:4464-4466) */
	if (current->mm != df->mm)
		return -EPERM;
	switch (cmd) {
	case IOASID_GET_INFO:
		return kio_dev_info(uarg);
	case IOASID_ALLOC:
		return kio_dev_alloc(uarg);
	case IOASID_FREE:
		return kio_dev_free(uarg);
	case IOASID_BIND:
		return kio_dev_bind(uarg);
	case IOASID_UNBIND:
		return kio_dev_unbind(uarg);
	case IOASID_FIND_SPID:
		return kio_dev_find_spid(uarg);
	}
	return -ENOTTY;
}

static const struct file_operations kio_dev_fops = {
	.owner = THIS_MODULE,
	.open = kio_dev_open,
	.release = kio_dev_release,
	.unlocked_ioctl = kio_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice kio_dev_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ioasid",
	.fops = &kio_dev_fops,
	.mode = 0666,
};

int kio_dev_init(void)
{
	return misc_register(&kio_dev_misc);
}

void kio_dev_exit(void)
{
	misc_deregister(&kio_dev_misc);
}
