// SPDX-License-Identifier: LGPL-2.1-or-later
/* The library context: root prefix, PCI source, last error. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/record.h"

IOASID_EXPORT int ioasid_ctx_new(struct ioasid_ctx **out, const char *sysroot)
{
	struct ioasid_ctx *ctx;
	struct stat st;
	size_t n;

	*out = NULL;
	if (sysroot && *sysroot) {
		if (stat(sysroot, &st) < 0)
			return -errno;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->rootfd = -1;
	ctx->root = strdup(sysroot ? sysroot : "");
	if (!ctx->root) {
		free(ctx);
		return -ENOMEM;
	}
	/* "/" and "dir/" become "" and "dir": paths are appended as "/sys/..." */
	n = strlen(ctx->root);
	while (n > 0 && ctx->root[n - 1] == '/')
		ctx->root[--n] = '\0';
	/* every read below a root resolves in it (confine.c): held open, so
	 * the root is the directory checked above even if its name moves */
	if (ctx->root[0]) {
		ctx->rootfd = open(ctx->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (ctx->rootfd < 0) {
			int e = errno;

			free(ctx->root);
			free(ctx);
			return -e;
		}
	}
	*out = ctx;
	return 0;
}

IOASID_EXPORT void ioasid_ctx_free(struct ioasid_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->kernel)
		ctx->kernel_free(ctx->kernel);
	iorec_free(ctx->rec);
	iooverlay_free(ctx->ov);
	if (ctx->tmpdir) {
		ioasid_remove_tree(ctx->tmpdir);
		free(ctx->tmpdir);
	}
	if (ctx->tmpdir_lock > 0)
		close(ctx->tmpdir_lock - 1);
	if (ctx->sim_lock > 0)
		close(ctx->sim_lock - 1);
	free(ctx->pci_dump);
	if (ctx->rootfd >= 0)
		close(ctx->rootfd);
	free(ctx->root);
	free(ctx);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void ioasid_remove_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

IOASID_EXPORT int ioasid_ctx_record(struct ioasid_ctx *ctx, size_t max_member)
{
	if (ctx->rec)
		return -EBUSY;
	ctx->rec = iorec_new(max_member);
	return ctx->rec ? 0 : -ENOMEM;
}

IOASID_EXPORT bool ioasid_ctx_is_dump(const struct ioasid_ctx *ctx)
{
	return ctx->ov != NULL;
}

IOASID_EXPORT const char *ioasid_ctx_root(const struct ioasid_ctx *ctx)
{
	return ctx->root;
}

IOASID_EXPORT bool ioasid_ctx_is_live(const struct ioasid_ctx *ctx)
{
	return ctx->root[0] == '\0';
}

IOASID_EXPORT int ioasid_ctx_set_pci_dump(struct ioasid_ctx *ctx, const char *file)
{
	char *copy = NULL;

	if (file) {
		copy = strdup(file);
		if (!copy)
			return -ENOMEM;
	}
	free(ctx->pci_dump);
	ctx->pci_dump = copy;
	return 0;
}

IOASID_EXPORT const char *ioasid_ctx_pci_dump(const struct ioasid_ctx *ctx)
{
	return ctx->pci_dump;
}

IOASID_EXPORT const struct ioasid_error *ioasid_ctx_last_error(const struct ioasid_ctx *ctx)
{
	return &ctx->err;
}

IOASID_EXPORT unsigned ioasid_ctx_perm_denials(const struct ioasid_ctx *ctx)
{
	return ctx->perm_denials;
}

int ioasid_set_error(struct ioasid_ctx *ctx, int errnum, const char *object, const char *fmt, ...)
{
	va_list ap;

	if (errnum < 0)
		errnum = -errnum;
	ctx->err.errnum = errnum;
	snprintf(ctx->err.object, sizeof(ctx->err.object), "%s", object ? object : "");
	va_start(ap, fmt);
	vsnprintf(ctx->err.message, sizeof(ctx->err.message), fmt, ap);
	va_end(ap);
	return -errnum;
}

IOASID_EXPORT const char *ioasid_err_short(int err)
{
	switch (err) {
	case 0:
		return "";
	case EACCES:
	case EPERM:
		return "no perm";
	case ENOENT:
		return "absent";
	case ENODATA:
		return "empty";
	case EINVAL:
	case ERANGE:
	case EOVERFLOW:
		return "bad value";
	case ELOOP:
		return "link loop";
	case EFBIG:
		return "too big";
	default:
		return "unreadable";
	}
}
