// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ioasid-hold: a process that holds IOASIDs of the reference module's real
 * /dev/ioasid while the guest reads them with ioasidctl (tests/vm/init).
 * It opens the device, allocates N IOASIDs in [MIN, MIN + 63], binds the
 * second one to SPID, writes what it did to OUT ("pid P", "set S",
 * "ioasid I", "bind I SPID", "ready"), and waits for SIGTERM; then it exits
 * and the module frees its set on release. Built static like kmsg-dump.
 *
 * Before "ready" it also records the errnos of requests the ABI refuses
 * (ioasid-abi(7) DEVICE), one line "check NAME ERRNO-NAME" each: a second
 * open (EBUSY), a request through the descriptor inherited by a forked child
 * (EPERM; GET_API_VERSION still answers 1), argsz below the version-1 size
 * (EINVAL), non-zero bytes past the kernel's size (E2BIG), unknown flags
 * (EINVAL), an unknown request (ENOTTY), FREE of an IOASID not allocated
 * (ENOENT), a second BIND of a bound IOASID (EBUSY), FIND_SPID of
 * 0xffffffff (EINVAL) and of an unbound SPID (ENOENT).
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
#include <sys/wait.h>
#include <unistd.h>

#include "uapi/ioasid.h"

static volatile sig_atomic_t stop;

static const char *ename(int e)
{
	switch (e) {
	case 0:
		return "ok";
	case EBUSY:
		return "EBUSY";
	case EPERM:
		return "EPERM";
	case EINVAL:
		return "EINVAL";
	case E2BIG:
		return "E2BIG";
	case ENOTTY:
		return "ENOTTY";
	case ENOENT:
		return "ENOENT";
	}
	return "other";
}

/* the errno of one request, 0 when it succeeded */
static int req(int fd, unsigned long nr, void *arg)
{
	return ioctl(fd, nr, arg) < 0 ? errno : 0;
}

static void refusals(FILE *out, int fd, unsigned bound)
{
	struct {
		struct ioasid_alloc_args a;
		unsigned char extra[4];
	} big = {.a = {.argsz = sizeof(big), .min = 1, .max = 10}, .extra = {0, 0, 1, 0}};
	struct ioasid_alloc_args a = {.argsz = sizeof(a), .min = 1, .max = 10};
	struct ioasid_free_args f = {.argsz = sizeof(f), .ioasid = 0xfffff};
	struct ioasid_bind_args b = {.argsz = sizeof(b), .ioasid = bound, .spid = 9};
	struct ioasid_find_spid_args fs = {.argsz = sizeof(fs), .spid = IOASID_INVALID};
	int fd2, st = 0, p[2];
	pid_t child;

	fd2 = open(IOASID_DEV_PATH, O_RDWR | O_CLOEXEC);
	fprintf(out, "check second-open %s\n", ename(fd2 < 0 ? errno : 0));
	if (fd2 >= 0)
		close(fd2);
	if (pipe(p) == 0) {
		child = fork();
		if (child == 0) {
			char r[2] = {(char)req(fd, IOASID_ALLOC, &a),
				     (char)ioctl(fd, IOASID_GET_API_VERSION)};

			if (write(p[1], r, 2) != 2)
				_exit(1);
			_exit(0);
		}
		if (child > 0) {
			char r[2] = {0, 0};

			if (read(p[0], r, 2) == 2) {
				fprintf(out, "check child-alloc %s\n", ename(r[0]));
				fprintf(out, "check child-version %d\n", r[1]);
			}
			waitpid(child, &st, 0);
		}
		close(p[0]);
		close(p[1]);
	}
	a.argsz = 8;
	fprintf(out, "check argsz-small %s\n", ename(req(fd, IOASID_ALLOC, &a)));
	fprintf(out, "check argsz-extra %s\n", ename(req(fd, IOASID_ALLOC, &big)));
	a.argsz = sizeof(a);
	a.flags = 1;
	fprintf(out, "check flags %s\n", ename(req(fd, IOASID_ALLOC, &a)));
	fprintf(out, "check unknown-request %s\n", ename(req(fd, _IO(IOASID_TYPE, 0x4f), &a)));
	fprintf(out, "check free-unknown %s\n", ename(req(fd, IOASID_FREE, &f)));
	fprintf(out, "check bind-again %s\n", ename(req(fd, IOASID_BIND, &b)));
	fprintf(out, "check find-invalid %s\n", ename(req(fd, IOASID_FIND_SPID, &fs)));
	fs.spid = 12345;
	fprintf(out, "check find-unbound %s\n", ename(req(fd, IOASID_FIND_SPID, &fs)));
}

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
	if (n >= 2)
		refusals(out, fd, ids[1]);
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
