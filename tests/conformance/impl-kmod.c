// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reference kernel module (kmod/, loaded with conformance=1) behind the
 * conformance interface (impl.h), through its test device /dev/ioasid-conf
 * (kmod/uapi/ioasid-conf.h). One instance is one open file of the device:
 * create opens it and asks for a fresh system, destroy closes it. Every
 * rule decision is the module's; this file only moves arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "impl-kmod.h"
#include "ioasid-conf.h"

struct ioasid_impl_inst {
	int fd;
};

const char *ioasid_impl_kmod_path = IOASID_CONF_DEV_PATH;

static int req(ioasid_impl_inst *in, unsigned long nr, struct ioasid_conf_args *a)
{
	return ioctl(in->fd, nr, a) < 0 ? -errno : 0;
}

/* a request with up to three int arguments and no output */
static int req3(ioasid_impl_inst *in, unsigned long nr, int x, int y, int z)
{
	struct ioasid_conf_args a = {.in = {x, y, z, 0}};

	return req(in, nr, &a);
}

static int kc_create(ioasid_impl_inst **out, enum ioasid_impl_cg_form form)
{
	struct ioasid_impl_inst *in;
	int r;

	*out = NULL;
	in = calloc(1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	in->fd = open(ioasid_impl_kmod_path, O_RDWR | O_CLOEXEC);
	if (in->fd < 0) {
		r = -errno;
		free(in);
		return r;
	}
	r = req3(in, IOASID_CONF_CREATE, (int)form, 0, 0);
	if (r) {
		close(in->fd);
		free(in);
		return r;
	}
	*out = in;
	return 0;
}

static void kc_destroy(ioasid_impl_inst *in)
{
	close(in->fd);
	free(in);
}

static int kc_cap_install(ioasid_impl_inst *in, uint32_t total)
{
	int r = req3(in, IOASID_CONF_CAP_INSTALL, (int)total, 0, 0);

	/* void in the seed: a second install is only a warning */
	return r == -EEXIST ? 0 : r;
}

static int kc_cap_reserve(ioasid_impl_inst *in, uint32_t nr, uint32_t *reserved)
{
	struct ioasid_conf_args a = {.in = {(int)nr}};
	int r = req(in, IOASID_CONF_CAP_RESERVE, &a);

	if (!r)
		*reserved = (uint32_t)a.out[0];
	return r;
}

static int kc_cap_cancel(ioasid_impl_inst *in, uint32_t nr, uint32_t *available)
{
	struct ioasid_conf_args a = {.in = {(int)nr}};
	int r = req(in, IOASID_CONF_CAP_CANCEL, &a);

	if (!r)
		*available = (uint32_t)a.out[0];
	return r;
}

static int kc_cap_query(ioasid_impl_inst *in, uint32_t *total, uint32_t *available)
{
	struct ioasid_conf_args a = {0};
	int r = req(in, IOASID_CONF_CAP_QUERY, &a);

	if (!r) {
		*total = (uint32_t)a.out[0];
		*available = (uint32_t)a.out[1];
	}
	return r;
}

/* a request whose one int output is the result */
static int req_out(ioasid_impl_inst *in, unsigned long nr, int x, int y, int z, int *out)
{
	struct ioasid_conf_args a = {.in = {x, y, z, 0}};
	int r = req(in, nr, &a);

	if (!r)
		*out = a.out[0];
	return r;
}

static int kc_mm_create(ioasid_impl_inst *in, int cg, int *mm)
{
	return req_out(in, IOASID_CONF_MM_CREATE, cg, 0, 0, mm);
}

static int kc_mm_exit(ioasid_impl_inst *in, int mm)
{
	return req3(in, IOASID_CONF_MM_EXIT, mm, 0, 0);
}

static int kc_mm_move(ioasid_impl_inst *in, int mm, int cg)
{
	return req3(in, IOASID_CONF_MM_MOVE, mm, cg, 0);
}

static int kc_cg_create(ioasid_impl_inst *in, int parent, int *cg)
{
	return req_out(in, IOASID_CONF_CG_CREATE, parent, 0, 0, cg);
}

static int kc_cg_set_max(ioasid_impl_inst *in, int cg, uint64_t max)
{
	struct ioasid_conf_args a = {.in = {cg}, .in64 = max};

	return req(in, IOASID_CONF_CG_SET_MAX, &a);
}

static int kc_cg_read(ioasid_impl_inst *in, int cg, struct ioasid_impl_cg_info *info)
{
	struct ioasid_conf_args a = {.in = {cg}};
	int r = req(in, IOASID_CONF_CG_READ, &a);

	if (!r) {
		info->current = a.out64[0];
		info->max = a.out64[1];
		info->events = a.out64[2];
	}
	return r;
}

static int kc_set_alloc(ioasid_impl_inst *in, int type, int mm, uint32_t quota, int *set)
{
	return req_out(in, IOASID_CONF_SET_ALLOC, type, mm, (int)quota, set);
}

static int kc_set_free(ioasid_impl_inst *in, int set)
{
	return req3(in, IOASID_CONF_SET_FREE, set, 0, 0);
}

static int kc_set_adjust(ioasid_impl_inst *in, int set, int quota)
{
	return req3(in, IOASID_CONF_SET_ADJUST, set, quota, 0);
}

static int kc_set_query(ioasid_impl_inst *in, int set, struct ioasid_impl_set_info *info)
{
	struct ioasid_conf_args a = {.in = {set}};
	int r = req(in, IOASID_CONF_SET_QUERY, &a);

	if (!r) {
		info->type = a.out[0];
		info->mm = a.out[1];
		info->quota = (uint32_t)a.out[2];
		info->nr_ioasids = (uint32_t)a.out[3];
	}
	return r;
}

static int kc_alloc(ioasid_impl_inst *in, int set, ioasid_impl_t min, ioasid_impl_t max,
		    ioasid_impl_t *ioasid)
{
	int v = 0, r = req_out(in, IOASID_CONF_ALLOC, set, (int)min, (int)max, &v);

	if (!r)
		*ioasid = (ioasid_impl_t)v;
	return r;
}

static int kc_free(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid)
{
	return req3(in, IOASID_CONF_FREE, set, (int)ioasid, 0);
}

static int kc_get(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid)
{
	return req3(in, IOASID_CONF_GET, set, (int)ioasid, 0);
}

static int kc_put(ioasid_impl_inst *in, int set, ioasid_impl_t ioasid, int *freed)
{
	return req_out(in, IOASID_CONF_PUT, set, (int)ioasid, 0, freed);
}

static int kc_get_if_owned(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid)
{
	return req3(in, IOASID_CONF_GET_IF_OWNED, caller_mm, (int)ioasid, 0);
}

static int kc_ioasid_query(ioasid_impl_inst *in, ioasid_impl_t ioasid,
			   struct ioasid_impl_ioasid_info *info)
{
	struct ioasid_conf_args a = {.in = {(int)ioasid}};
	int r = req(in, IOASID_CONF_IOASID_QUERY, &a);

	if (!r) {
		info->set = a.out[0];
		info->state = a.out[1];
		info->refs = (uint32_t)a.out[2];
		info->spid = (ioasid_impl_t)a.out[3];
	}
	return r;
}

static int kc_attach_spid(ioasid_impl_inst *in, ioasid_impl_t ioasid, ioasid_impl_t spid)
{
	return req3(in, IOASID_CONF_ATTACH_SPID, (int)ioasid, (int)spid, 0);
}

static int kc_detach_spid(ioasid_impl_inst *in, ioasid_impl_t ioasid)
{
	return req3(in, IOASID_CONF_DETACH_SPID, (int)ioasid, 0, 0);
}

static int kc_find_by_spid(ioasid_impl_inst *in, int set, ioasid_impl_t spid, int get,
			   ioasid_impl_t *ioasid)
{
	int v = 0, r = req_out(in, IOASID_CONF_FIND_BY_SPID, set, (int)spid, get, &v);

	if (!r)
		*ioasid = (ioasid_impl_t)v;
	return r;
}

static int kc_find_spid(ioasid_impl_inst *in, ioasid_impl_t ioasid, ioasid_impl_t *spid)
{
	int v = 0, r = req_out(in, IOASID_CONF_FIND_SPID, (int)ioasid, 0, 0, &v);

	if (!r)
		*spid = (ioasid_impl_t)v;
	return r;
}

static int kc_bind(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid, ioasid_impl_t spid)
{
	return req3(in, IOASID_CONF_BIND, caller_mm, (int)ioasid, (int)spid);
}

static int kc_unbind(ioasid_impl_inst *in, int caller_mm, ioasid_impl_t ioasid)
{
	return req3(in, IOASID_CONF_UNBIND, caller_mm, (int)ioasid, 0);
}

static int kc_nb_register(ioasid_impl_inst *in, int scope, int target, int *nb)
{
	return req_out(in, IOASID_CONF_NB_REGISTER, scope, target, 0, nb);
}

static int kc_nb_unregister(ioasid_impl_inst *in, int nb)
{
	return req3(in, IOASID_CONF_NB_UNREGISTER, nb, 0, 0);
}

static int kc_events_read(ioasid_impl_inst *in, int nb, struct ioasid_impl_event *ev, size_t max,
			  size_t *n)
{
	struct ioasid_conf_event buf[IOASID_CONF_EVENTS_MAX];
	size_t got = 0;
	int r;

	/* the device hands out at most IOASID_CONF_EVENTS_MAX per request */
	do {
		size_t want =
			max - got < IOASID_CONF_EVENTS_MAX ? max - got : IOASID_CONF_EVENTS_MAX;
		struct ioasid_conf_args a = {.in = {nb, (int)want}, .in64 = (uintptr_t)buf};

		r = req(in, IOASID_CONF_EVENTS_READ, &a);
		if (r)
			return r;
		for (int i = 0; i < a.out[0]; i++, got++) {
			ev[got].seq = buf[i].seq;
			ev[got].type = buf[i].type;
			ev[got].ioasid = buf[i].ioasid;
			ev[got].spid = buf[i].spid;
			ev[got].set = buf[i].set;
		}
		if ((size_t)a.out[0] < want)
			break;
	} while (got < max);
	*n = got;
	return 0;
}

const struct ioasid_impl ioasid_impl_kmod = {
	.name = "kmod",
	.create = kc_create,
	.destroy = kc_destroy,
	.capacity_install = kc_cap_install,
	.capacity_reserve = kc_cap_reserve,
	.capacity_cancel = kc_cap_cancel,
	.capacity_query = kc_cap_query,
	.mm_create = kc_mm_create,
	.mm_exit = kc_mm_exit,
	.mm_move = kc_mm_move,
	.cg_create = kc_cg_create,
	.cg_set_max = kc_cg_set_max,
	.cg_read = kc_cg_read,
	.set_alloc = kc_set_alloc,
	.set_free = kc_set_free,
	.set_adjust = kc_set_adjust,
	.set_query = kc_set_query,
	.alloc = kc_alloc,
	.free = kc_free,
	.get = kc_get,
	.put = kc_put,
	.get_if_owned = kc_get_if_owned,
	.ioasid_query = kc_ioasid_query,
	.attach_spid = kc_attach_spid,
	.detach_spid = kc_detach_spid,
	.find_by_spid = kc_find_by_spid,
	.find_spid = kc_find_spid,
	.bind = kc_bind,
	.unbind = kc_unbind,
	.nb_register = kc_nb_register,
	.nb_unregister = kc_nb_unregister,
	.events_read = kc_events_read,
};
