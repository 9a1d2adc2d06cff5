// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ioasid-probe: requests to the reference module's /dev/ioasid whose answer
 * the guest records for kmod-golden.sh (tests/vm/init, commands-kmod-load).
 * Built static like ioasid-hold. One line per step, "STEP VALUES".
 *
 * ioasid-probe abi
 *   What the device writes back (ioasid-abi(7) Argument structs): an
 *   IOASID_ALLOC with max 0xfffffffe (clamped to max_ioasid for the search
 *   only) and a canary word after argsz; "alloc rc min max ioasid canary"
 *   prints the struct as the call left it. FIND_SPID of a bound SPID:
 *   "find rc spid ioasid". Then argsz at the cap (PAGE_SIZE, zero-filled:
 *   "argsz-page ok"), one past it ("argsz-page+1 E2BIG") and 0x7fffffff over
 *   a mapping whose third page is PROT_NONE ("argsz-huge E2BIG": the kernel
 *   refuses by the size, it does not scan into the guard page and fault).
 *
 * ioasid-probe account CGDIR N
 *   Allocates N IOASIDs and prints "account N SLAB-BEFORE SLAB-AFTER": the
 *   "slab" line of CGDIR/memory.stat (bytes of slab objects charged to the
 *   memory cgroup, mm/memcontrol.c memory_stat_format()) before and after.
 *   The caller runs it inside CGDIR; with GFP_KERNEL_ACCOUNT the module's
 *   objects for N IOASIDs are charged there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "uapi/ioasid.h"

#define CANARY 0xa5a5a5a5U

static const char *ename(int e)
{
	switch (e) {
	case 0:
		return "ok";
	case EINVAL:
		return "EINVAL";
	case E2BIG:
		return "E2BIG";
	case EFAULT:
		return "EFAULT";
	case ENOENT:
		return "ENOENT";
	case ENOSPC:
		return "ENOSPC";
	}
	return strerror(e);
}

static int req(int fd, unsigned long nr, void *arg)
{
	return ioctl(fd, nr, arg) < 0 ? errno : 0;
}

static int do_abi(int fd)
{
	struct {
		struct ioasid_alloc_args a;
		uint32_t canary;
	} al = {.a = {.argsz = sizeof(struct ioasid_alloc_args), .min = 1, .max = 0xfffffffeU},
		.canary = CANARY};
	struct ioasid_bind_args b = {.argsz = sizeof(b), .spid = 77};
	struct ioasid_find_spid_args fs = {.argsz = sizeof(fs), .spid = 77, .ioasid = 0};
	struct ioasid_free_args f = {.argsz = sizeof(f)};
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *m;
	int rc;

	rc = req(fd, IOASID_ALLOC, &al);
	printf("alloc %s %u %u %u %s\n", ename(rc), al.a.min, al.a.max, al.a.ioasid,
	       al.canary == CANARY ? "kept" : "overwritten");
	if (rc)
		return 1;
	b.ioasid = al.a.ioasid;
	rc = req(fd, IOASID_BIND, &b);
	if (!rc) {
		rc = req(fd, IOASID_FIND_SPID, &fs);
		printf("find %s %u %s\n", ename(rc), fs.spid,
		       fs.ioasid == b.ioasid ? "bound" : "other");
		req(fd, IOASID_UNBIND,
		    &(struct ioasid_unbind_args){.argsz = 12, .ioasid = b.ioasid});
	} else {
		printf("find bind-%s\n", ename(rc));
	}
	f.ioasid = al.a.ioasid;
	req(fd, IOASID_FREE, &f);

	/* three pages, the third inaccessible: argsz-first structs at the start */
	m = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + 2 * page, page, PROT_NONE))
		return 1;
	memset(m, 0, 2 * page);
	struct ioasid_info_args *info = (struct ioasid_info_args *)m;

	info->argsz = (uint32_t)page;
	printf("argsz-page %s\n", ename(req(fd, IOASID_GET_INFO, info)));
	memset(m, 0, 2 * page);
	info->argsz = (uint32_t)page + 1;
	printf("argsz-page+1 %s\n", ename(req(fd, IOASID_GET_INFO, info)));
	memset(m, 0, 2 * page);
	info->argsz = 0x7fffffffU;
	printf("argsz-huge %s\n", ename(req(fd, IOASID_GET_INFO, info)));
	return 0;
}

/* the "slab N" line of memory.stat, -1 if absent */
static long long slab_bytes(const char *cg)
{
	char path[512], line[256];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.stat", cg);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "slab %lld", &v) == 1)
			break;
	fclose(f);
	return v;
}

static int do_account(int fd, const char *cg, unsigned n)
{
	long long before, after;

	before = slab_bytes(cg);
	for (unsigned i = 0; i < n; i++) {
		struct ioasid_alloc_args a = {.argsz = sizeof(a), .min = 1, .max = 0xfffff};
		int rc = req(fd, IOASID_ALLOC, &a);

		if (rc) {
			printf("account alloc-%u %s\n", i, ename(rc));
			return 1;
		}
	}
	after = slab_bytes(cg);
	printf("account %u %lld %lld\n", n, before, after);
	return 0;
}

int main(int argc, char **argv)
{
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || (strcmp(argv[1], "abi") && (strcmp(argv[1], "account") || argc != 4))) {
		fprintf(stderr, "usage: ioasid-probe abi | account CGDIR N\n");
		return 2;
	}
	fd = open(IOASID_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ioasid-probe: %s: %s\n", IOASID_DEV_PATH, strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "abi"))
		return do_abi(fd);
	return do_account(fd, argv[2], (unsigned)strtoul(argv[3], NULL, 0));
}
