/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Untrusted text on its way out: names from a hostile archive or host
 * (member names, sysfs names, file contents echoed in errors) may hold
 * newlines, terminal escapes and bytes that are not UTF-8. The one place
 * that makes them safe for a terminal line, a table cell and a JSON
 * document.
 */
#ifndef IOASID_PRINT_TEXT_H
#define IOASID_PRINT_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

/* src as one terminal line into dst (cut to fit, always terminated):
 * C0 controls, DEL and C1 controls as \n, \t, \r or \xNN, each byte of an
 * invalid UTF-8 sequence as \xNN; printable UTF-8 and '\' stay as they
 * are. */
void pr_escape_line(char *dst, size_t size, const char *src);

/* Mask in place what pr_escape_line escapes, byte for byte, with '?': a
 * table cell keeps its width and stays on its line. */
void pr_mask_controls(char *s);
/* Whether s holds anything pr_mask_controls would change. */
bool pr_has_controls(const char *s);

/* s for a %s of a text line that must stay one line: s itself when it is
 * safe, else a copy with pr_mask_controls applied, in one of 8 static
 * buffers used in turn (cut to 1023 bytes at a character boundary). */
const char *pr_masked(const char *s);

/* One stderr line, printf-formatted and escaped with pr_escape_line,
 * written with its newline in one write: a message naming a hostile
 * object stays one line and cannot drive the terminal. */
void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_verr(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* json-c's text of o (flags as json_object_to_json_string_ext) written
 * to f with every byte of an invalid UTF-8 sequence replaced by U+FFFD:
 * json-c copies string bytes >= 0x80 as they are, so a non-UTF-8 name
 * would make the document invalid JSON (RFC 8259 section 8.1). 0, or
 * -ENOMEM/-EIO. */
int pr_json_write(FILE *f, json_object *o, int flags);

#endif
