/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Kernel facts cache (private). */
#ifndef IOASID_KERNEL_PRIV_H
#define IOASID_KERNEL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ioasid_ctx;

struct ioasid_kernel_cache;
void ioasid_kernel_cache_free(struct ioasid_kernel_cache *k);

/* Parsers, exposed for unit tests and fuzzing. Each takes the file's whole
 * text (NUL-terminated) and never fails on garbage: it skips what it does
 * not understand. */

/* /dev/kmsg records -> message texts (malloc'd array of malloc'd strings). */
int ioasid_parse_kmsg(const char *text, char ***lines, size_t *n);
/* The same, plus each record's timestamp (us since boot) in *usec. */
int ioasid_parse_kmsg_times(const char *text, char ***lines, uint64_t **usec, size_t *n);
/* Kernel .config text: the value of one option, or NULL. Returns a pointer
 * into a static-free malloc'd copy in *out (caller frees). 1 found, 0 not. */
int ioasid_parse_kconfig(const char *text, const char *option, char **out);
/* /proc/cpuinfo: 1 if the first "flags" line lists flag, 0 if not,
 * -ENOENT if there is no flags line. */
int ioasid_parse_cpuinfo_flag(const char *text, const char *flag);
/* "6.12.117+deb12-amd64" -> version code; -EINVAL if not a release. */
int ioasid_parse_release(const char *release, unsigned *code);

/* /proc/version -> the stable release of the distribution's package
 * ("... #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (...)" -> 6.1.192);
 * -ENODATA if it names none. */
int ioasid_parse_proc_version(const char *text, unsigned *code);
/* The stable release from /proc/version (may be NULL) or else osrelease
 * when it carries one; *from is the path that told. -ENODATA: neither. */
int ioasid_parse_stable_release(const char *osrelease, const char *proc_version, unsigned *code,
				const char **from);

/* /proc/kallsyms, reduced to the symbols of kallsyms.c's watch list: the
 * state of one context (rc 1 = not read yet; found: bit i for watched
 * symbol i). */
struct ioasid_kallsyms_state {
	int rc;
	uint64_t found;
};
struct ioasid_kallsyms_state *ioasid_kernel_kallsyms_state(struct ioasid_ctx *ctx);
/* Lines of /proc/kallsyms (kernel/kallsyms.c s_show(): "%px %c %s\n", or
 * "%px %c %s\t[%s]\n" for a module's symbol): the watched symbols each
 * line names are ORed into *found; the lines naming one are appended to
 * keep (len *keep_len, at most keep_cap bytes; keep may be NULL). Returns
 * the bytes consumed: whole lines only (a partial last line is left for
 * the next call, unless final). */
size_t ioasid_parse_kallsyms(const char *text, size_t len, bool final, uint64_t *found, char *keep,
			     size_t *keep_len, size_t keep_cap);
/* The index of a watched symbol, -1 if not watched. */
int ioasid_kallsyms_watch_index(const char *name);

#endif
