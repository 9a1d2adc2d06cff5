// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer: the loopback /dev/ioasid request dispatcher (sim-uapi.c
 * ioasid_sim_ioctl) fed arbitrary request numbers, pids and argument bytes,
 * argsz included: an argsz below, equal to or above the struct, with or
 * without non-zero bytes past it. Each input is a series of requests
 * against a host restored from a state like `ioasidctl sim init --vms 3`
 * writes (plus a process without the device open). Every request returns
 * the API version, 0 or one of the errnos ioasid-abi(7) DEVICE lists; after
 * the series the model passes its own check and saves and loads again.
 *
 * Input, per request: pid selector (1 byte), request selector (1 byte: 0..7
 * the IOASID numbers around the defined ones, else the next 4 bytes are the
 * raw request number), argument length L (1 byte, 0..63), L argument bytes
 * (argsz first, little-endian as the host stores it). The buffer handed
 * over is zero-extended to max(L, 4, argsz) bytes as the ioctl contract
 * requires of a caller (argsz bytes readable); argsz above 64 KiB is cut to
 * its low 16 bits, which keeps the lie above the struct sizes. */
#include <errno.h>

#include "fuzz_common.h"
#include "sim/sim.h"
#include "uapi/ioasid.h"

static const char state[] = "ioasid-sim-state 1\n"
			    "platform spr-dsa\n"
			    "default_quota 4\n"
			    "counters 1048576 0 5 3 3\n"
			    "cgroup / 18446744073709551615 18446744073709551615 0 0 0 6\n"
			    "cgroup /vm 18446744073709551615 18446744073709551615 0 0 0 6\n"
			    "cgroup /vm/a 64 18446744073709551615 0 0 0 2\n"
			    "cgroup /vm/b 64 3 0 0 0 2\n"
			    "cgroup /vm/c 3 18446744073709551615 0 0 0 2\n"
			    "proc 4001 139637993504768 1 /vm/a\n"
			    "proc 4002 139638010281984 1 /vm/b\n"
			    "proc 4003 139638027059200 1 /vm/c\n"
			    "proc 4004 139638043836416 0 /vm/c\n"
			    "set 1 0 0 32768 -\n"
			    "set 2 1 139637993504768 1024 /vm/a\n"
			    "set 3 1 139638010281984 1024 /vm/b\n"
			    "set 4 1 139638027059200 4 /vm/c\n"
			    "ioasid 1 2 1 1 2 0 2\n"
			    "ioasid 2 2 4294967295 0 1 0 2\n"
			    "ioasid 3 3 1 1 2 0 3\n"
			    "ioasid 4 3 4294967295 0 1 0 3\n"
			    "ioasid 5 4 1 1 2 0 4\n"
			    "ioasid 6 4 4294967295 0 1 0 4\n"
			    "unit dmar0 0 0\n"
			    "unit dmar1 0 0\n"
			    "end\n";

static const int32_t pids[] = {4001, 4002, 4003, 4004, 1, 0, -1, INT32_MAX};

static bool known_errno(int rc)
{
	switch (-rc) {
	case EINVAL:
	case E2BIG:
	case EFAULT:
	case ENOTTY:
	case ESRCH:
	case EBADF:
	case ENOENT:
	case EPERM:
	case EBUSY:
	case ENOSPC:
	case EDQUOT:
	case EEXIST:
	case EAGAIN:
	case EACCES:
	case ENOMEM:
		return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioasid_sim_host h;
	char msg[256] = "";
	size_t at = 0;
	char *out;
	size_t len;

	if (sim_state_load(&h, state, sizeof(state) - 1, msg, sizeof(msg))) {
		fprintf(stderr, "built-in state refused: %s\n", msg);
		abort();
	}
	while (at + 3 <= size) {
		int32_t pid = pids[data[at] % (sizeof(pids) / sizeof(pids[0]))];
		unsigned long req;
		size_t l, alloc;
		uint32_t argsz = 0;
		uint8_t *arg;
		int rc;

		if (data[at + 1] < 8) {
			req = _IO(IOASID_TYPE, IOASID_BASE + data[at + 1]);
			at += 2;
		} else {
			uint32_t r = 0;

			if (at + 6 > size)
				break;
			memcpy(&r, data + at + 2, 4);
			req = r;
			at += 6;
		}
		if (at >= size)
			break;
		l = data[at++] % 64;
		if (l > size - at)
			l = size - at;
		alloc = l < 4 ? 4 : l;
		arg = calloc(1, alloc);
		if (!arg)
			abort();
		memcpy(arg, data + at, l);
		at += l;
		memcpy(&argsz, arg, 4);
		if (argsz > 65536) {
			argsz &= 0xffff;
			memcpy(arg, &argsz, 4);
		}
		if (argsz > alloc) {
			uint8_t *na = realloc(arg, argsz);

			if (!na)
				abort();
			memset(na + alloc, 0, argsz - alloc);
			arg = na;
			alloc = argsz;
		}
		/* the version needs no argument; the others get their buffer,
		 * or NULL when the input gave none (EFAULT) */
		rc = ioasid_sim_ioctl(&h, pid, req, l ? arg : NULL);
		if (req == IOASID_GET_API_VERSION)
			FUZZ_CHECK(rc == IOASID_API_VERSION);
		else if (rc < 0 && !known_errno(rc)) {
			fprintf(stderr, "request %#lx pid %d: errno %d\n", req, pid, -rc);
			abort();
		}
		if (rc == 0 && req == IOASID_ALLOC) {
			const struct ioasid_alloc_args *a = (const void *)arg;

			FUZZ_CHECK(a->ioasid != 0 && a->ioasid != IOASID_INVALID);
		}
		free(arg);
	}
	FUZZ_CHECK(ioasid_model_check(h.m, msg, sizeof(msg)) == 0);
	if (sim_state_save(&h, &out, &len) == 0) {
		struct ioasid_sim_host h2;

		if (sim_state_load(&h2, out, len, msg, sizeof(msg))) {
			fprintf(stderr, "reload refused: %s\n", msg);
			abort();
		}
		ioasid_model_free(h2.m);
		free(out);
	}
	ioasid_model_free(h.m);
	return 0;
}
