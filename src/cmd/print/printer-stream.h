/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The printer's streaming mode (printer.c pr_new_stream): row-by-row
 * output in every format, for lists that can reach the full PASID space.
 * Private to the printer layer.
 */
#ifndef IOASIDCTL_PRINTER_STREAM_H
#define IOASIDCTL_PRINTER_STREAM_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "print/printer.h"

/* How many rows a table keeps to compute its column widths before it
 * starts writing; later rows are written at once. */
#define PRS_SAMPLE 256

struct pr_stream;

/* n selected columns: headings, JSON keys, right alignment (copied). */
struct pr_stream *prs_new(const struct pr_opts *o, const char *list, size_t n,
			  const char *const *names, const char *const *keys, const bool *right,
			  FILE *out);
/* Write the previous row, start a new one (every cell unset: "" in text,
 * null in JSON). */
void prs_row(struct pr_stream *s);
/* Text of selected column i of the current row (copied); text formats. */
void prs_cell(struct pr_stream *s, size_t i, const char *text);
/* The same with its length; plain: it needs no encoding (digits). */
void prs_cell_n(struct pr_stream *s, size_t i, const char *text, size_t len, bool plain);
/* The JSON text of selected column i's value (copied); JSON. */
void prs_json_cell(struct pr_stream *s, size_t i, const char *json, size_t len);
/* Write what is left and close the document; 0 or -EIO. */
int prs_finish(struct pr_stream *s);
void prs_free(struct pr_stream *s);

#endif
