// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The /dev/ioasid client (ioasid-abi(7) DEVICE) behind a transport seam:
 * the same request structs reach the real device through ioctl(2) or the
 * emulated host's model through ioasid_sim_ioctl(). Every request is built
 * here once, argsz-first (VFIO style): argsz = sizeof the struct this
 * library was built with, flags 0, all other bytes zero, so a kernel of a
 * later ABI version sees a valid shorter struct and an older one sees zero
 * bytes past its size (E2BIG is only for non-zero bytes there).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/internal.h"
#include "ioasid-sim.h"
#include "ioasid-uapi.h"

struct ioasid_uapi {
	struct ioasid_uapi_transport t;
	void *priv;
	struct ioasid_error err;
};

/* ---- transports ---- */

struct ioctl_priv {
	int fd;
};

static int ioctl_request(void *priv, unsigned long request, void *arg)
{
	struct ioctl_priv *p = priv;
	int rc = ioctl(p->fd, request, arg);

	return rc < 0 ? -errno : rc;
}

static void ioctl_close(void *priv)
{
	struct ioctl_priv *p = priv;

	close(p->fd);
	free(p);
}

static const struct ioasid_uapi_transport ioctl_transport = {
	.name = "ioctl",
	.request = ioctl_request,
	.close = ioctl_close,
};

struct loop_priv {
	struct ioasid_sim_host *h;
	int32_t pid;
};

static int loop_request(void *priv, unsigned long request, void *arg)
{
	struct loop_priv *p = priv;

	return ioasid_sim_ioctl(p->h, p->pid, request, arg);
}

static const struct ioasid_uapi_transport loop_transport = {
	.name = "loopback",
	.request = loop_request,
	.close = free,
};

/* ---- handles ---- */

IOASID_EXPORT int ioasid_uapi_open_transport(const struct ioasid_uapi_transport *t, void *priv,
					     struct ioasid_uapi **u)
{
	*u = NULL;
	if (!t || !t->request)
		return -EINVAL;
	*u = calloc(1, sizeof(**u));
	if (!*u)
		return -ENOMEM;
	(*u)->t = *t;
	(*u)->priv = priv;
	return 0;
}

IOASID_EXPORT int ioasid_uapi_open(struct ioasid_ctx *ctx, struct ioasid_uapi **u)
{
	struct ioctl_priv *p;
	int rc, fd;

	*u = NULL;
	/* O_RDWR: the device is a writer's interface (requests change state) */
	fd = iopath_open_rw(ctx, IOASID_DEV_PATH);
	if (iopath_write_refused(ctx, fd))
		return fd;
	if (fd < 0) {
		rc = -fd;
		if (rc == ENOENT || rc == ENODEV || rc == ENXIO)
			return ioasid_set_error(ctx, rc, IOASID_DEV_PATH,
						"not supported by this kernel (%s)", strerror(rc));
		if (rc == EBUSY)
			return ioasid_set_error(ctx, rc, IOASID_DEV_PATH,
						"already open in this process (one open per "
						"process, ioasid-abi(7))");
		return ioasid_set_error(ctx, rc, IOASID_DEV_PATH, "%s", strerror(rc));
	}
	p = malloc(sizeof(*p));
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	p->fd = fd;
	rc = ioasid_uapi_open_transport(&ioctl_transport, p, u);
	if (rc < 0)
		ioctl_close(p);
	return rc;
}

IOASID_EXPORT int ioasid_uapi_open_loopback(struct ioasid_sim_host *h, int32_t pid,
					    struct ioasid_uapi **u)
{
	struct loop_priv *p;
	int rc;

	*u = NULL;
	if (!h)
		return -EINVAL;
	p = malloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->h = h;
	p->pid = pid;
	rc = ioasid_uapi_open_transport(&loop_transport, p, u);
	if (rc < 0)
		free(p);
	return rc;
}

IOASID_EXPORT void ioasid_uapi_close(struct ioasid_uapi *u)
{
	if (!u)
		return;
	if (u->t.close)
		u->t.close(u->priv);
	free(u);
}

IOASID_EXPORT const struct ioasid_error *ioasid_uapi_last_error(const struct ioasid_uapi *u)
{
	return &u->err;
}

IOASID_EXPORT const char *ioasid_uapi_request_name(unsigned long request)
{
	switch (request) {
	case IOASID_GET_API_VERSION:
		return "IOASID_GET_API_VERSION";
	case IOASID_GET_INFO:
		return "IOASID_GET_INFO";
	case IOASID_ALLOC:
		return "IOASID_ALLOC";
	case IOASID_FREE:
		return "IOASID_FREE";
	case IOASID_BIND:
		return "IOASID_BIND";
	case IOASID_UNBIND:
		return "IOASID_UNBIND";
	case IOASID_FIND_SPID:
		return "IOASID_FIND_SPID";
	}
	return NULL;
}

IOASID_EXPORT int ioasid_uapi_request(struct ioasid_uapi *u, unsigned long request, void *arg)
{
	const char *name = ioasid_uapi_request_name(request);
	int rc = u->t.request(u->priv, request, arg);

	if (rc >= 0)
		return rc;
	/* a transport that reports a positive or out-of-range value as an
	 * error still yields one errno */
	if (rc < -4095)
		rc = -EIO;
	u->err.errnum = -rc;
	snprintf(u->err.object, sizeof(u->err.object), "%s", IOASID_DEV_PATH);
	if (name)
		snprintf(u->err.message, sizeof(u->err.message), "%s: %s", name, strerror(-rc));
	else
		snprintf(u->err.message, sizeof(u->err.message), "request %#lx: %s", request,
			 strerror(-rc));
	return rc;
}

IOASID_EXPORT int ioasid_uapi_get_api_version(struct ioasid_uapi *u)
{
	return ioasid_uapi_request(u, IOASID_GET_API_VERSION, NULL);
}

IOASID_EXPORT int ioasid_uapi_get_info(struct ioasid_uapi *u, struct ioasid_info_args *out)
{
	struct ioasid_info_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	rc = ioasid_uapi_request(u, IOASID_GET_INFO, &a);
	if (rc < 0)
		return rc;
	/* a.argsz is now the kernel's size; fields past it stayed zero */
	*out = a;
	return 0;
}

IOASID_EXPORT int ioasid_uapi_alloc(struct ioasid_uapi *u, uint32_t min, uint32_t max,
				    uint32_t *ioasid)
{
	struct ioasid_alloc_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.min = min;
	a.max = max;
	rc = ioasid_uapi_request(u, IOASID_ALLOC, &a);
	if (rc < 0)
		return rc;
	*ioasid = a.ioasid;
	return 0;
}

IOASID_EXPORT int ioasid_uapi_free(struct ioasid_uapi *u, uint32_t ioasid)
{
	struct ioasid_free_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.ioasid = ioasid;
	rc = ioasid_uapi_request(u, IOASID_FREE, &a);
	return rc < 0 ? rc : 0;
}

IOASID_EXPORT int ioasid_uapi_bind(struct ioasid_uapi *u, uint32_t ioasid, uint32_t spid)
{
	struct ioasid_bind_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.ioasid = ioasid;
	a.spid = spid;
	rc = ioasid_uapi_request(u, IOASID_BIND, &a);
	return rc < 0 ? rc : 0;
}

IOASID_EXPORT int ioasid_uapi_unbind(struct ioasid_uapi *u, uint32_t ioasid)
{
	struct ioasid_unbind_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.ioasid = ioasid;
	rc = ioasid_uapi_request(u, IOASID_UNBIND, &a);
	return rc < 0 ? rc : 0;
}

IOASID_EXPORT int ioasid_uapi_find_spid(struct ioasid_uapi *u, uint32_t spid, uint32_t *ioasid)
{
	struct ioasid_find_spid_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.spid = spid;
	rc = ioasid_uapi_request(u, IOASID_FIND_SPID, &a);
	if (rc < 0)
		return rc;
	*ioasid = a.ioasid;
	return 0;
}
