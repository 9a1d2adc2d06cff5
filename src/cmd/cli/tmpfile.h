/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Temporary files of the commands, and what is left of them after a
 * signal (cli/tmpfile.c).
 *
 * A file written atomically (stats -o, dump -o) is first a temporary file
 * beside its target, named
 *
 *	.ioasidctl-tmp.PID.NAME.XXXXXX
 *
 * (a fixed prefix, the writer's pid, the target's name), flock()ed by its
 * writer until it is renamed over the target or removed. A dump archive is
 * unpacked into TMPDIR/ioasidctl-dump.PID.XXXXXX, flock()ed by the context
 * that reads it (src/lib/dump/dump-read.c).
 *
 * The signals people send (SIGINT, SIGTERM, SIGHUP; SIGPIPE unless it is
 * ignored) remove this process's own temporary file and unpack
 * directories, then end the process by the same signal. SIGKILL leaves
 * them: the next run removes, in the directory it writes to, every
 * leftover that is provably ours and stale: the fixed prefix, a regular
 * file (a directory for the unpack directories) owned by this user, no
 * lock held on it (its writer is gone: flock() dies with its process,
 * across pid namespaces), and not changed in the last minute (a new file
 * is created a moment before it is locked).
 */
#ifndef IOASIDCTL_CLI_TMPFILE_H
#define IOASIDCTL_CLI_TMPFILE_H

#include <stddef.h>

#define CLI_TMP_PREFIX ".ioasidctl-tmp."

/* Install the handlers (once, at the start of main). */
void cli_tmp_signals(void);
/* Create the temporary file for target (mode 0600, flock()ed, registered
 * for removal on a signal); its path in tmp. An fd, or -errno. Stale
 * leftovers beside target are removed first. */
int cli_tmp_create(const char *target, char *tmp, size_t len);
/* The temporary file was renamed or removed: no longer ours to remove. */
void cli_tmp_forget(void);
/* Remove the stale leftovers named CLI_TMP_PREFIX in directory dir (of
 * the owner, unlocked, older than a minute); returns how many. */
int cli_tmp_sweep(const char *dir);

#endif
