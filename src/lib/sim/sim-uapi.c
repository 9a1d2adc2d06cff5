// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The loopback transport: one /dev/ioasid request (uapi/ioasid.h) of a
 * VM process executed against the model, with the argument checks and
 * errnos of ioasid-abi(7) DEVICE. The ABI's errnos differ from the core's
 * where the ABI chose (ioasid-abi(7) CHOICES 10-11): IOASID_FREE checks
 * ownership as ioasid_get_if_owned() (ENOENT / EINVAL / EPERM) before the
 * core's ioasid_free() (which would say EINVAL / EACCES), and IOASID_BIND
 * refuses an IOASID that already has an SPID with EBUSY (the core would
 * replace it).
 *
 * Loopback-only errnos: an unknown pid is ESRCH, a process without the
 * device open is EBADF (a real caller would have no file descriptor).
 */
#include <errno.h>
#include <string.h>

#include "sim/sim.h"
#include "uapi/ioasid.h"

/* The kernel caps argsz at its PAGE_SIZE: 4096 on the x86-64 hosts emulated */
#define SIM_ARGSZ_MAX 4096U

/* argsz-first: copy min(argsz, size); below v1 EINVAL; above the page
 * size E2BIG (ioasid-abi(7)); non-zero bytes past our size E2BIG. */
static int check_args(const void *arg, uint32_t size, uint32_t v1)
{
	uint32_t argsz;

	if (!arg)
		return -EFAULT;
	memcpy(&argsz, arg, sizeof(argsz));
	if (argsz < v1)
		return -EINVAL;
	if (argsz > SIM_ARGSZ_MAX)
		return -E2BIG;
	for (uint32_t i = size; i < argsz; i++)
		if (((const unsigned char *)arg)[i])
			return -E2BIG;
	return 0;
}

/* ioasid_get_if_owned()'s checks (seed:4995-5021) for the caller's mm */
static int owned(const struct ioasid_model *m, uint64_t mm, uint32_t ioasid,
		 struct ioasid_model_ioasid_info *io)
{
	struct ioasid_model_set_info s;

	if (ioasid_model_ioasid_get_info(m, ioasid, io) < 0)
		return -ENOENT;
	if (ioasid_model_set_get_info(m, io->set, &s) < 0 || s.type != IOASID_MODEL_SET_MM)
		return -EINVAL;
	return s.mm == mm ? 0 : -EPERM;
}

IOASID_EXPORT int ioasid_sim_ioctl(struct ioasid_sim_host *h, int32_t pid, unsigned long request,
				   void *arg)
{
	struct ioasid_model *m = h->m;
	struct ioasid_model_ioasid_info io;
	struct ioasid_model_proc_info p;
	struct ioasid_model_capacity c;
	int rc;

	if (request == IOASID_GET_API_VERSION)
		return IOASID_API_VERSION;
	if (ioasid_model_proc_get_info(m, pid, &p) < 0)
		return -ESRCH;
	if (!p.opened)
		return -EBADF;
	ioasid_model_get_capacity(m, &c);
	switch (request) {
	case IOASID_GET_INFO: {
		struct ioasid_info_args *a = arg;
		struct ioasid_model_set_info s;
		bool has = p.set != IOASID_MODEL_INVALID &&
			   ioasid_model_set_get_info(m, p.set, &s) == 0;

		rc = check_args(arg, sizeof(*a), IOASID_INFO_SZ_V1);
		if (rc)
			return rc;
		if (a->flags)
			return -EINVAL;
		a->argsz = sizeof(*a);
		a->flags = has ? IOASID_INFO_HAS_SET : 0;
		a->capacity = c.total;
		a->available = c.available;
		a->min_ioasid = 1;
		a->max_ioasid = c.total - 1;
		a->set = has ? s.id : IOASID_INVALID;
		a->quota = has ? s.quota : h->default_quota;
		a->allocated = has ? s.nr_ioasids : 0;
		a->__reserved = 0;
		return 0;
	}
	case IOASID_ALLOC: {
		struct ioasid_alloc_args *a = arg;
		uint32_t max, set = p.set;
		int64_t r;

		rc = check_args(arg, sizeof(*a), IOASID_ALLOC_SZ_V1);
		if (rc)
			return rc;
		if (a->flags || !a->min || a->max < a->min || a->min == IOASID_INVALID ||
		    a->max == IOASID_INVALID || a->min > c.total - 1)
			return -EINVAL;
		max = a->max > c.total - 1 ? c.total - 1 : a->max;
		/* the set went with its last IOASID: made again, as at open */
		if (set == IOASID_MODEL_INVALID) {
			r = ioasid_model_set_alloc(m, IOASID_MODEL_SET_MM, p.mm, h->default_quota);
			if (r < 0)
				return (int)r;
			set = (uint32_t)r;
		}
		r = ioasid_model_alloc(m, set, a->min, max);
		if (r < 0)
			return (int)r;
		a->ioasid = (uint32_t)r;
		return 0;
	}
	case IOASID_FREE: {
		struct ioasid_free_args *a = arg;

		rc = check_args(arg, sizeof(*a), IOASID_FREE_SZ_V1);
		if (rc)
			return rc;
		if (a->flags)
			return -EINVAL;
		rc = owned(m, p.mm, a->ioasid, &io);
		if (rc)
			return rc;
		rc = ioasid_model_free_ioasid(m, io.set, a->ioasid);
		return rc < 0 ? rc : 0;
	}
	case IOASID_BIND: {
		struct ioasid_bind_args *a = arg;

		rc = check_args(arg, sizeof(*a), IOASID_BIND_SZ_V1);
		if (rc)
			return rc;
		if (a->flags)
			return -EINVAL;
		rc = owned(m, p.mm, a->ioasid, &io);
		if (rc)
			return rc;
		if (io.state == IOASID_MODEL_FREE_PENDING || io.spid != IOASID_MODEL_INVALID)
			return -EBUSY;
		if (a->spid == IOASID_INVALID)
			return -EINVAL;
		return ioasid_model_bind(m, p.mm, a->ioasid, a->spid);
	}
	case IOASID_UNBIND: {
		struct ioasid_unbind_args *a = arg;

		rc = check_args(arg, sizeof(*a), IOASID_UNBIND_SZ_V1);
		if (rc)
			return rc;
		if (a->flags)
			return -EINVAL;
		rc = owned(m, p.mm, a->ioasid, &io);
		if (rc)
			return rc;
		if (io.spid == IOASID_MODEL_INVALID)
			return -EINVAL;
		return ioasid_model_unbind(m, p.mm, a->ioasid);
	}
	case IOASID_FIND_SPID: {
		struct ioasid_find_spid_args *a = arg;
		uint32_t id;

		rc = check_args(arg, sizeof(*a), IOASID_FIND_SPID_SZ_V1);
		if (rc)
			return rc;
		if (a->flags || a->spid == IOASID_INVALID)
			return -EINVAL;
		if (p.set == IOASID_MODEL_INVALID)
			return -ENOENT;
		id = ioasid_model_find_by_spid(m, p.set, a->spid, false);
		if (id == IOASID_MODEL_INVALID)
			return -ENOENT;
		a->ioasid = id;
		return 0;
	}
	default:
		return -ENOTTY;
	}
}
