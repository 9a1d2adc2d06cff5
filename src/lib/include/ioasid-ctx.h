/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library context: which host is read, and the last error. */
#ifndef IOASID_CTX_H
#define IOASID_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ioasid_ctx;

/* A number read from the host. err == 0: v is valid. Otherwise err is a
 * positive errno: ENOENT absent, EACCES/EPERM not permitted, EINVAL garbage,
 * EIO/ENODATA unreadable or empty. */
struct ioasid_val {
	uint64_t v;
	int err;
};

static inline bool ioasid_val_ok(const struct ioasid_val *x)
{
	return x->err == 0;
}

/* The last error: which object, which errno, and a sentence. */
struct ioasid_error {
	int errnum;
	char object[96];
	char message[256];
};

/* sysroot NULL or "/" reads the live host; otherwise a directory laid out
 * like a host (a snapshot). Returns 0 or -errno. */
int ioasid_ctx_new(struct ioasid_ctx **ctx, const char *sysroot);
void ioasid_ctx_free(struct ioasid_ctx *ctx);

/* The root prefix: "" for the live host, else the sysroot without a
 * trailing slash. */
const char *ioasid_ctx_root(const struct ioasid_ctx *ctx);
bool ioasid_ctx_is_live(const struct ioasid_ctx *ctx);

/* Read PCI config space from an `lspci -x` style dump instead of sysfs
 * (libpci's dump method). NULL restores sysfs. */
int ioasid_ctx_set_pci_dump(struct ioasid_ctx *ctx, const char *file);
const char *ioasid_ctx_pci_dump(const struct ioasid_ctx *ctx);

const struct ioasid_error *ioasid_ctx_last_error(const struct ioasid_ctx *ctx);

/* How many reads failed with EACCES/EPERM since the context was made. */
unsigned ioasid_ctx_perm_denials(const struct ioasid_ctx *ctx);

/* Free a list of names (ioasid_pci_names(), ioasid_kernel_pids()). */
void ioasid_names_free(char **names, size_t n);

/* A short human text for a value's error: "no perm", "absent", "bad"... */
const char *ioasid_err_short(int err);

#endif
