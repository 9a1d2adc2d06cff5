// SPDX-License-Identifier: GPL-2.0
/*
 * ioasid.ko: the reference kernel module of the IOASID extension that
 * ioasidctl defines in ioasid-abi(7), from the seed patch series (never
 * merged; see kmod/README). It provides the ABI's /dev/ioasid,
 * /sys/kernel/ioasid/ and the generic netlink family "ioasid" over one real
 * system, and with conformance=1 the test device /dev/ioasid-conf.
 */
#define pr_fmt(fmt) "ioasid: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "ioasid-kmod.h"

struct kio_sys kio_real;
u32 kio_default_quota = 1024;

static bool conformance;
module_param(conformance, bool, 0444);
MODULE_PARM_DESC(conformance, "register /dev/ioasid-conf, the conformance test device");

/* What the IOMMU driver would install at boot (VT-d: intel_pasid_max_id,
 * seed:5759, seed:6395-6403); the default keeps the 20-bit PASID space.
 */
static uint capacity;
module_param(capacity, uint, 0444);
MODULE_PARM_DESC(capacity, "the system capacity to install, 2..1048576 (default: 1048576)");

/* Set IDs are taken cyclically (kio_set_alloc()); starting near the top of
 * the range lets a test see them wrap without creating 2^32 sets first.
 */
static uint first_set_id;
module_param(first_set_id, uint, 0444);
MODULE_PARM_DESC(
	first_set_id,
	"where the search for the first set ID starts, 1..4294967294 (tests of ID reuse; default 1)");

static int __init kio_init(void)
{
	int ret;

	ret = kio_sys_init(&kio_real, 0);
	if (ret)
		goto err_sys;
	if (capacity) {
		ret = kio_capacity_install(&kio_real, capacity);
		if (ret) {
			pr_err("capacity %u refused: %d\n", capacity, ret);
			goto err_sys;
		}
	}
	/* every open creates a set with default_quota taken from the
	 * capacity: above it, every open would fail with ENOSPC
	 */
	if (kio_default_quota > kio_real.cap_total) {
		pr_notice("default_quota %u above capacity %u: lowered to %u\n", kio_default_quota,
			  kio_real.cap_total, kio_real.cap_total);
		kio_default_quota = kio_real.cap_total;
	}
	if (first_set_id) {
		if (first_set_id == KIO_INVALID) {
			pr_err("first_set_id %u refused: %d\n", first_set_id, -EINVAL);
			ret = -EINVAL;
			goto err_sys;
		}
		kio_real.set_next = first_set_id;
	}
	kio_real.hook = kio_genl_notify;
	ret = kio_sysfs_init();
	if (ret)
		goto err_sys;
	ret = kio_genl_init();
	if (ret)
		goto err_sysfs;
	if (conformance) {
		ret = kio_conf_init();
		if (ret)
			goto err_genl;
	}
	/* last: once /dev/ioasid exists a file can be open, and a failure
	 * after it would free the module under that file
	 */
	ret = kio_dev_init();
	if (ret)
		goto err_conf;
	pr_info("ABI version 2, capacity %u%s\n", kio_real.cap_total,
		conformance ? ", conformance device" : "");
	return 0;

err_conf:
	if (conformance)
		kio_conf_exit();
err_genl:
	kio_genl_exit();
err_sysfs:
	kio_sysfs_exit();
err_sys:
	kio_sys_destroy(&kio_real);
	return ret;
}

static void __exit kio_exit(void)
{
	kio_dev_exit();
	if (conformance)
		kio_conf_exit();
	kio_genl_exit();
	kio_sysfs_exit();
	kio_sys_destroy(&kio_real);
}

module_init(kio_init);
module_exit(kio_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IOASID extension of ioasid-abi(7): reference module");
