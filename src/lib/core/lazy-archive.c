// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libarchive on first use. Linked as a DT_NEEDED library it brought in 14
 * more (libxml2, ICU, libstdc++, nettle, the compressors): 5.5 million
 * instructions of the dynamic loader's symbol lookups and relocations,
 * about 2 ms, in every run of every command, where only dump, replay of a
 * .tar.gz and /proc/config.gz use it (bench/prq.sh: start-up was most of
 * prq stats). Here the functions the library calls forward to libarchive,
 * opened with dlopen(3) by the first archive_read_new(), archive_write_new()
 * or archive_entry_new(); every other call takes an archive or entry those
 * made, so libarchive is loaded by then. The signatures are <archive.h>'s
 * (included: the compiler checks them). The soname is the one configure
 * found linking against libarchive (LIBARCHIVE_SONAME, config.h; Debian
 * 12's libarchive13 3.6.2: libarchive.so.13).
 */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/lazy-archive.h"

/* Every libarchive function the library calls: X(name) */
#define ARCHIVE_FUNCTIONS(X)                                                                       \
	X(archive_entry_filetype)                                                                  \
	X(archive_entry_free)                                                                      \
	X(archive_entry_hardlink)                                                                  \
	X(archive_entry_new)                                                                       \
	X(archive_entry_pathname)                                                                  \
	X(archive_entry_set_filetype)                                                              \
	X(archive_entry_set_gname)                                                                 \
	X(archive_entry_set_mtime)                                                                 \
	X(archive_entry_set_pathname)                                                              \
	X(archive_entry_set_perm)                                                                  \
	X(archive_entry_set_size)                                                                  \
	X(archive_entry_set_symlink)                                                               \
	X(archive_entry_set_uname)                                                                 \
	X(archive_entry_size)                                                                      \
	X(archive_entry_size_is_set)                                                               \
	X(archive_entry_symlink)                                                                   \
	X(archive_errno)                                                                           \
	X(archive_error_string)                                                                    \
	X(archive_filter_code)                                                                     \
	X(archive_read_data)                                                                       \
	X(archive_read_free)                                                                       \
	X(archive_read_new)                                                                        \
	X(archive_read_next_header)                                                                \
	X(archive_read_open_filename)                                                              \
	X(archive_read_open_memory)                                                                \
	X(archive_read_support_filter_gzip)                                                        \
	X(archive_read_support_filter_none)                                                        \
	X(archive_read_support_filter_xz)                                                          \
	X(archive_read_support_format_raw)                                                         \
	X(archive_read_support_format_tar)                                                         \
	X(archive_write_add_filter_gzip)                                                           \
	X(archive_write_close)                                                                     \
	X(archive_write_data)                                                                      \
	X(archive_write_free)                                                                      \
	X(archive_write_header)                                                                    \
	X(archive_write_new)                                                                       \
	X(archive_write_open_fd)                                                                   \
	X(archive_write_set_bytes_in_last_block)                                                   \
	X(archive_write_set_format_pax_restricted)

#define MEMBER(name) __typeof__(&name) name;
static struct {
	ARCHIVE_FUNCTIONS(MEMBER)
} la;
#undef MEMBER

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void)
{
	void *h = dlopen(LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *missing = NULL;

	if (!h) {
		const char *e = dlerror();

		snprintf(load_error, sizeof(load_error), "%s", e ? e : LIBARCHIVE_SONAME);
		return;
	}
	/* a function pointer from dlsym()'s void * through memcpy (ISO C has
	 * no conversion between the two) */
#define RESOLVE(name)                                                                              \
	if (!missing) {                                                                            \
		void *p = dlsym(h, #name);                                                         \
                                                                                                   \
		if (p)                                                                             \
			memcpy(&la.name, &p, sizeof(p));                                           \
		else                                                                               \
			missing = #name;                                                           \
	}
	ARCHIVE_FUNCTIONS(RESOLVE)
#undef RESOLVE
	if (missing) {
		snprintf(load_error, sizeof(load_error), "%s: no symbol %s", LIBARCHIVE_SONAME,
			 missing);
		memset(&la, 0, sizeof(la));
		dlclose(h);
	}
}

static int loaded(void)
{
	pthread_once(&once, load);
	return la.archive_read_new != NULL;
}

const char *ioarchive_load_error(void)
{
	return load_error[0] ? load_error : NULL;
}

/* The three constructors load libarchive; the rest take what they made. */
struct archive *archive_read_new(void)
{
	return loaded() ? la.archive_read_new() : NULL;
}

struct archive *archive_write_new(void)
{
	return loaded() ? la.archive_write_new() : NULL;
}

struct archive_entry *archive_entry_new(void)
{
	return loaded() ? la.archive_entry_new() : NULL;
}

__LA_MODE_T archive_entry_filetype(struct archive_entry *e)
{
	return la.archive_entry_filetype(e);
}

void archive_entry_free(struct archive_entry *e)
{
	if (e)
		la.archive_entry_free(e);
}

const char *archive_entry_hardlink(struct archive_entry *e)
{
	return la.archive_entry_hardlink(e);
}

const char *archive_entry_pathname(struct archive_entry *e)
{
	return la.archive_entry_pathname(e);
}

void archive_entry_set_filetype(struct archive_entry *e, unsigned int t)
{
	la.archive_entry_set_filetype(e, t);
}

void archive_entry_set_gname(struct archive_entry *e, const char *s)
{
	la.archive_entry_set_gname(e, s);
}

void archive_entry_set_mtime(struct archive_entry *e, time_t t, long ns)
{
	la.archive_entry_set_mtime(e, t, ns);
}

void archive_entry_set_pathname(struct archive_entry *e, const char *s)
{
	la.archive_entry_set_pathname(e, s);
}

void archive_entry_set_perm(struct archive_entry *e, __LA_MODE_T m)
{
	la.archive_entry_set_perm(e, m);
}

void archive_entry_set_size(struct archive_entry *e, la_int64_t n)
{
	la.archive_entry_set_size(e, n);
}

void archive_entry_set_symlink(struct archive_entry *e, const char *s)
{
	la.archive_entry_set_symlink(e, s);
}

void archive_entry_set_uname(struct archive_entry *e, const char *s)
{
	la.archive_entry_set_uname(e, s);
}

la_int64_t archive_entry_size(struct archive_entry *e)
{
	return la.archive_entry_size(e);
}

int archive_entry_size_is_set(struct archive_entry *e)
{
	return la.archive_entry_size_is_set(e);
}

const char *archive_entry_symlink(struct archive_entry *e)
{
	return la.archive_entry_symlink(e);
}

int archive_errno(struct archive *a)
{
	return la.archive_errno(a);
}

const char *archive_error_string(struct archive *a)
{
	return la.archive_error_string(a);
}

int archive_filter_code(struct archive *a, int n)
{
	return la.archive_filter_code(a, n);
}

la_ssize_t archive_read_data(struct archive *a, void *buf, size_t len)
{
	return la.archive_read_data(a, buf, len);
}

int archive_read_free(struct archive *a)
{
	/* free(NULL)-like, as libarchive's own (archive_read_free(NULL) is
	 * ARCHIVE_OK), also when libarchive could not be loaded */
	return a ? la.archive_read_free(a) : ARCHIVE_OK;
}

int archive_read_next_header(struct archive *a, struct archive_entry **e)
{
	return la.archive_read_next_header(a, e);
}

int archive_read_open_filename(struct archive *a, const char *name, size_t block)
{
	return la.archive_read_open_filename(a, name, block);
}

int archive_read_open_memory(struct archive *a, const void *buf, size_t len)
{
	return la.archive_read_open_memory(a, buf, len);
}

int archive_read_support_filter_gzip(struct archive *a)
{
	return la.archive_read_support_filter_gzip(a);
}

int archive_read_support_filter_none(struct archive *a)
{
	return la.archive_read_support_filter_none(a);
}

int archive_read_support_filter_xz(struct archive *a)
{
	return la.archive_read_support_filter_xz(a);
}

int archive_read_support_format_raw(struct archive *a)
{
	return la.archive_read_support_format_raw(a);
}

int archive_read_support_format_tar(struct archive *a)
{
	return la.archive_read_support_format_tar(a);
}

int archive_write_add_filter_gzip(struct archive *a)
{
	return la.archive_write_add_filter_gzip(a);
}

int archive_write_close(struct archive *a)
{
	return la.archive_write_close(a);
}

la_ssize_t archive_write_data(struct archive *a, const void *buf, size_t len)
{
	return la.archive_write_data(a, buf, len);
}

int archive_write_free(struct archive *a)
{
	return a ? la.archive_write_free(a) : ARCHIVE_OK;
}

int archive_write_header(struct archive *a, struct archive_entry *e)
{
	return la.archive_write_header(a, e);
}

int archive_write_open_fd(struct archive *a, int fd)
{
	return la.archive_write_open_fd(a, fd);
}

int archive_write_set_bytes_in_last_block(struct archive *a, int n)
{
	return la.archive_write_set_bytes_in_last_block(a, n);
}

int archive_write_set_format_pax_restricted(struct archive *a)
{
	return la.archive_write_set_format_pax_restricted(a);
}
