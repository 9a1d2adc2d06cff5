/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Facts about the running (or captured) kernel: release, command line,
 * build configuration, log, CPU flags. Read once per context and cached. */
#ifndef IOASID_KERNEL_H
#define IOASID_KERNEL_H

#include "ioasid-ctx.h"

/* /proc/sys/kernel/osrelease, e.g. "6.12.117+deb12-amd64". */
int ioasid_kernel_release(struct ioasid_ctx *ctx, const char **release);
/* The release as a comparable number: major*65536 + minor*256 + patch
 * (capped at 255). */
int ioasid_kernel_version_code(struct ioasid_ctx *ctx, unsigned *code);
#define IOASID_KVER(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

/* /proc/version, the kernel's banner line, e.g. "Linux version
 * 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (...) #1 SMP
 * PREEMPT_DYNAMIC Debian 6.1.192-2 (2025-10-18)". */
int ioasid_kernel_version(struct ioasid_ctx *ctx, const char **banner);
/* The stable release the kernel is built from, as a version code (the
 * rules of the kernel change inside a stable series): the distribution's
 * version in /proc/version ("Debian 6.1.192-2" -> 6.1.192), else osrelease
 * when it carries one ("6.12.117+deb12-amd64" -> 6.12.117, but not
 * "6.1.0-56-amd64", whose .0 and ABI number name no stable release).
 * (or, without /proc/version, the kernel log's boot banner, the same
 * text). *from is the path that told. -ENODATA when none tells. */
int ioasid_kernel_stable_release(struct ioasid_ctx *ctx, unsigned *code, const char **from);

/* Whether the running kernel has the symbol name, from /proc/kallsyms
 * (names are shown to every reader): 1 yes, 0 no, -EINVAL for a name the
 * library does not watch (the SVA symbols of kernel.sva_x86, see
 * stock/kallsyms.c), -errno when the file is unreadable. Read once per
 * context; a dump records only the watched lines. */
int ioasid_kernel_symbol(struct ioasid_ctx *ctx, const char *name);

/* /proc/cmdline. */
int ioasid_kernel_cmdline(struct ioasid_ctx *ctx, const char **cmdline);

/* A kernel config option ("CONFIG_..."): *value is "y", "m", "n" (for
 * "is not set"), another literal value, or NULL when the option does not
 * appear. *source names the file read (/proc/config.gz or
 * /boot/config-RELEASE). Returns -ENOENT when no config file is readable. */
int ioasid_kernel_config(struct ioasid_ctx *ctx, const char *option, const char **value,
			 const char **source);
/* The config options the library reads (the reason chain's rules and the
 * VT-d mode reader), "CONFIG_..." each; *n of them. Static: not freed. */
const char *const *ioasid_kernel_config_options(size_t *n);

/* The kernel log as message texts, oldest first (from /dev/kmsg). */
int ioasid_kernel_log(struct ioasid_ctx *ctx, const char *const **lines, size_t *n);
/* The timestamps (us since boot) of those lines, same order and count. */
int ioasid_kernel_log_times(struct ioasid_ctx *ctx, const uint64_t **usec, size_t *n);
/* The first log line containing needle (NULL if none). */
const char *ioasid_kernel_log_find(struct ioasid_ctx *ctx, const char *needle);

/* The host's process IDs: the numeric entries of /proc, as decimal
 * strings in numeric order (a captured or emulated host's processes; for
 * shell completion). Free with ioasid_names_free(); 0 or -errno. */
int ioasid_kernel_pids(struct ioasid_ctx *ctx, char ***names, size_t *n);

/* 1 if /proc/cpuinfo lists the flag, 0 if not, -errno if unknown. */
int ioasid_cpu_has_flag(struct ioasid_ctx *ctx, const char *flag);

#endif
