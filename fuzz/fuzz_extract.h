/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the dump archive harnesses (fuzz_dump_read.c, fuzz_dump_chain.c):
 * the scratch directory each input is extracted below, and the count that
 * shows the reader wrote nothing beside its target. */
#ifndef IOASID_FUZZ_EXTRACT_H
#define IOASID_FUZZ_EXTRACT_H

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Entries of dir but . and .. */
static inline size_t fuzz_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!d)
		abort();
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

/* The first call makes base (PATH_MAX bytes) a new directory
 * $TMPDIR/fuzz-NAME.XXXXXX and returns true; later calls keep it. */
static inline bool fuzz_base_dir(char *base, const char *name)
{
	const char *t = getenv("TMPDIR");

	if (base[0])
		return false;
	snprintf(base, PATH_MAX, "%s/fuzz-%s.XXXXXX", t && *t ? t : "/tmp", name);
	if (!mkdtemp(base))
		abort();
	return true;
}

#endif
