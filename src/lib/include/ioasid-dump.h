/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Dumps: record every file the library reads (with the errno of each one it
 * could not read) into one archive, and replay such an archive, or its
 * unpacked directory, as a host root.
 *
 * Archive layout (tar, gzip): one top directory IOASID_DUMP_TOP holding
 * manifest.json and the host's paths (sys/..., proc/..., dev/kmsg), with
 * sysfs symlinks kept as relative symlinks. `tar xf` of a dump gives a
 * directory that --sysroot accepts as it is.
 */
#ifndef IOASID_DUMP_H
#define IOASID_DUMP_H

#include <stdbool.h>
#include <stddef.h>

#define IOASID_DUMP_FORMAT_VERSION 1
#define IOASID_DUMP_TOP "ioasid-dump"
#define IOASID_DUMP_MANIFEST "manifest.json"
/* Each member is cut at this size unless ioasid_ctx_record() says else. */
#define IOASID_DUMP_DEFAULT_MAX_MEMBER (1u << 20)

struct ioasid_ctx;
struct ioasid_error;

/* Start recording every access of ctx for a dump. Members longer than
 * max_member bytes (0: the default) are cut; the manifest says which. */
int ioasid_ctx_record(struct ioasid_ctx *ctx, size_t max_member);

/* Read the files a dump carries beyond what the commands read: kernel
 * release and command line, kernel config, CPU flags, mountinfo, IOMMU and
 * idxd module parameters, the IOMMU lines of the kernel log, the ACPI DMAR
 * and IVRS tables, the hostname. Failures are recorded, not returned. */
int ioasid_dump_collect(struct ioasid_ctx *ctx);

/* One command run for the manifest, keyed by its command line. */
struct ioasid_dump_cmd {
	const char *cmdline; /* "iommu list -J" */
	int exit_status;
	const char *output; /* its stdout, NUL-terminated (JSON) */
};

struct ioasid_dump_info {
	const char *tool; /* "ioasidctl 0.1" */
	bool redact;	  /* hostname and serial numbers */
	const struct ioasid_dump_cmd *cmds;
	size_t ncmds;
};

/* Write the recording of ctx as a gzip'd tar archive to fd. Returns 0 or
 * -errno (the context's last error names the cause, e.g. ENOSPC). */
int ioasid_dump_write(struct ioasid_ctx *ctx, int fd, const struct ioasid_dump_info *info);

/* Like ioasid_ctx_new(), and sysroot may also be a dump archive (extracted
 * into a private temporary directory that ioasid_ctx_free() removes) or
 * an unpacked dump, whose manifest's errno table then replays: a path the
 * dumped host could not read fails with the same errno. A member that would
 * land outside the target (absolute, "..", a link out, a hard link out), a
 * device node, or an archive over the size caps is refused with -EBADMSG.
 * On failure *err (if not NULL) names the object and the cause.
 * A replayed dump is read-only: every write the library would make on it
 * (cgroup limits, the extension's knobs, a tracefs instance, opening
 * /dev/ioasid) fails with -EROFS before anything is touched, and the
 * context's last error names the path. */
int ioasid_ctx_open(struct ioasid_ctx **ctx, const char *sysroot, struct ioasid_error *err);

/* Whether ctx replays a dump (has its manifest). */
bool ioasid_ctx_is_dump(const struct ioasid_ctx *ctx);

#endif
