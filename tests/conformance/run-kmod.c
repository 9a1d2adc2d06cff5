// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The conformance suite against the reference kernel module (kmod/), through
 * /dev/ioasid-conf. Runs in the VM guest after `insmod ioasid.ko
 * conformance=1`; anywhere the device is absent it exits 77 with the reason.
 * IOASID_CONF_DEV overrides the device path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "impl-kmod.h"

int main(void)
{
	const char *dev = getenv("IOASID_CONF_DEV");
	int failed;

	if (dev && *dev)
		ioasid_impl_kmod_path = dev;
	if (access(ioasid_impl_kmod_path, R_OK | W_OK)) {
		printf("SKIP: %s: %s (load kmod/ioasid.ko with conformance=1)\n",
		       ioasid_impl_kmod_path, strerror(errno));
		return 77;
	}
	failed = ioasid_conformance_run(&ioasid_impl_kmod);
	printf("conformance against the kernel module: %d of %d tests failed\n", failed,
	       ioasid_conformance_count());
	return failed ? 1 : 0;
}
