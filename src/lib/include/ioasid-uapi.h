/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The /dev/ioasid client (ioasid-abi(7) DEVICE): one handle per process,
 * each request with its argsz-first struct (uapi/ioasid.h), the result or
 * the errno the ABI gives. Requests go through a transport: the real
 * device (ioctl(2) on /dev/ioasid under the context's root), or the
 * emulated host's model as one VM process (the loopback transport,
 * ioasid_sim_ioctl()), or any caller-supplied one.
 */
#ifndef IOASID_UAPI_H
#define IOASID_UAPI_H

#include <stdint.h>

#include "ioasid-ctx.h"
#include "uapi/ioasid.h"

struct ioasid_sim_host;
struct ioasid_uapi;

/* A transport: request is a uapi/ioasid.h IOASID_* number, arg its struct
 * (NULL for IOASID_GET_API_VERSION). Returns the request's value (>= 0)
 * or -errno. close releases priv (may be NULL). */
struct ioasid_uapi_transport {
	const char *name; /* "ioctl", "loopback": for messages */
	int (*request)(void *priv, unsigned long request, void *arg);
	void (*close)(void *priv);
};

/* Open IOASID_DEV_PATH under the context's root (O_RDWR) with the ioctl
 * transport. -ENOENT (also ENODEV, ENXIO) when the kernel has no such
 * device: "not supported by this kernel"; -EBUSY when this process has it
 * open already (one open per process); -EACCES/-EPERM; -EROFS on a
 * replayed dump. The context's error names the path and cause. */
int ioasid_uapi_open(struct ioasid_ctx *ctx, struct ioasid_uapi **u);
/* The loopback transport: requests run against h's model as process pid
 * (which must hold the device open in the model, else -EBADF per
 * request). h must outlive the handle. */
int ioasid_uapi_open_loopback(struct ioasid_sim_host *h, int32_t pid, struct ioasid_uapi **u);
/* Any transport (tests, other hosts); t is copied, priv is owned. */
int ioasid_uapi_open_transport(const struct ioasid_uapi_transport *t, void *priv,
			       struct ioasid_uapi **u);
/* Close the handle (on the real device this frees the process's set). */
void ioasid_uapi_close(struct ioasid_uapi *u);

/* The last failed request: object "/dev/ioasid", errno, and
 * "IOASID_ALLOC: No space left on device". */
const struct ioasid_error *ioasid_uapi_last_error(const struct ioasid_uapi *u);
/* "IOASID_ALLOC" for a request number, NULL if not one of the ABI's. */
const char *ioasid_uapi_request_name(unsigned long request);

/* One raw request: arg is sent as given (its argsz too). >= 0 or -errno. */
int ioasid_uapi_request(struct ioasid_uapi *u, unsigned long request, void *arg);

/* Each request with argsz = sizeof the struct, flags 0, every other byte
 * zero; 0 (or the version) or -errno. Output is written only on success. */
int ioasid_uapi_get_api_version(struct ioasid_uapi *u);
int ioasid_uapi_get_info(struct ioasid_uapi *u, struct ioasid_info_args *out);
int ioasid_uapi_alloc(struct ioasid_uapi *u, uint32_t min, uint32_t max, uint32_t *ioasid);
int ioasid_uapi_free(struct ioasid_uapi *u, uint32_t ioasid);
int ioasid_uapi_bind(struct ioasid_uapi *u, uint32_t ioasid, uint32_t spid);
int ioasid_uapi_unbind(struct ioasid_uapi *u, uint32_t ioasid);
int ioasid_uapi_find_spid(struct ioasid_uapi *u, uint32_t spid, uint32_t *ioasid);

#endif
