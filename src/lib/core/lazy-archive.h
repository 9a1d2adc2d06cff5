/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libarchive loaded on first use (core/lazy-archive.c): the library defines
 * the archive_* functions it calls itself, each forwarding to libarchive,
 * which is opened with dlopen(3) when the first archive is made. Callers
 * include <archive.h> as before; a NULL from archive_read_new(),
 * archive_write_new() or archive_entry_new() is then either out of memory
 * or libarchive could not be loaded, which this says.
 */
#ifndef IOASID_CORE_LAZY_ARCHIVE_H
#define IOASID_CORE_LAZY_ARCHIVE_H

/* NULL when libarchive is loaded (or was not needed yet), else why it
 * could not be: dlerror(3)'s text, naming the file. */
const char *ioarchive_load_error(void);

#endif
