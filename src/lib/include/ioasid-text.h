/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * UTF-8 of untrusted text: what a host or an archive hands us (hostnames,
 * sysfs names, member names) need not be UTF-8, and a JSON document must
 * be (RFC 8259 8.1). The one validator the library and the programs share.
 */
#ifndef IOASID_TEXT_H
#define IOASID_TEXT_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 * s must be NUL-terminated: a sequence cut by the NUL is invalid. */
size_t ioasid_utf8_len(const unsigned char *s);

/* A copy of s in which each byte that starts no valid sequence is
 * U+FFFD; NULL when out of memory. Free with free(). */
char *ioasid_utf8_dup_valid(const char *s);

#endif
