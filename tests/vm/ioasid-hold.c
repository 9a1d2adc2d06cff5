// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ioasid-hold: a process that holds IOASIDs of the reference module's real
 * /dev/ioasid while the guest reads them with ioasidctl (tests/vm/init).
 * It opens the device, allocates N IOASIDs in [MIN, MIN + 63], binds the
 * second one to SPID, writes what it did to OUT ("pid P", "set S",
 * "ioasid I", "bind I SPID", "ready"), and waits for SIGTERM; then it exits
 * and the module frees its set on release. Built static like kmsg-dump.
 *
 * usage: ioasid-hold OUT [N [MIN [SPID]]]     (defaults: 3 100 7)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "uapi/ioasid.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	unsigned n = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 3;
	unsigned min = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) : 100;
	unsigned spid = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 0) : 7;
	struct ioasid_info_args info = {.argsz = sizeof(info)};
	unsigned ids[64];
	FILE *out;
	int fd;

	if (argc < 2 || n > 64) {
		fprintf(stderr, "usage: ioasid-hold OUT [N<=64 [MIN [SPID]]]\n");
		return 2;
	}
	signal(SIGTERM, on_term);
	fd = open(IOASID_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ioasid-hold: %s: %s\n", IOASID_DEV_PATH, strerror(errno));
		return 1;
	}
	out = fopen(argv[1], "w");
	if (!out)
		return 1;
	fprintf(out, "pid %d\n", (int)getpid());
	for (unsigned i = 0; i < n; i++) {
		struct ioasid_alloc_args a = {.argsz = sizeof(a), .min = min, .max = min + 63};

		if (ioctl(fd, IOASID_ALLOC, &a) < 0) {
			fprintf(stderr, "ioasid-hold: IOASID_ALLOC: %s\n", strerror(errno));
			return 1;
		}
		ids[i] = a.ioasid;
		fprintf(out, "ioasid %u\n", a.ioasid);
	}
	if (n >= 2) {
		struct ioasid_bind_args b = {.argsz = sizeof(b), .ioasid = ids[1], .spid = spid};

		if (ioctl(fd, IOASID_BIND, &b) < 0) {
			fprintf(stderr, "ioasid-hold: IOASID_BIND: %s\n", strerror(errno));
			return 1;
		}
		fprintf(out, "bind %u %u\n", ids[1], spid);
	}
	if (ioctl(fd, IOASID_GET_INFO, &info) < 0) {
		fprintf(stderr, "ioasid-hold: IOASID_GET_INFO: %s\n", strerror(errno));
		return 1;
	}
	fprintf(out, "set %u\nquota %u\nallocated %u\ncapacity %u\navailable %u\nready\n", info.set,
		info.quota, info.allocated, info.capacity, info.available);
	fclose(out);
	while (!stop)
		pause();
	return 0;
}
