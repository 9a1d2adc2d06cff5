/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The printer layer: commands describe columns and fill rows with typed
 * values; the printer renders a table, raw, KEY="value" pairs (libsmartcols)
 * or JSON (json-c). Commands never format output themselves.
 *
 * JSON contract (DESIGN.md 5): the top level is an object with
 * "schema_version" and named arrays; counts are numbers; registers are hex
 * strings; unknown or unreadable is null; keys are snake_case.
 */
#ifndef IOASIDCTL_PRINTER_H
#define IOASIDCTL_PRINTER_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ioasid.h"
#include "print/text.h"

#define IOASIDCTL_SCHEMA_VERSION 1

enum pr_format { PR_TABLE = 0, PR_RAW, PR_PAIRS, PR_JSON };

struct pr_opts {
	enum pr_format format;
	bool noheadings;
	bool list_columns;
	const char *columns; /* -o: comma separated, "+" prefix appends */
};

enum pr_type { PR_STR, PR_NUM, PR_HEX, PR_BOOL };

struct pr_col {
	const char *name; /* heading: "MAX_PASIDS"; JSON key lower-cased */
	enum pr_type type;
	bool dflt;	  /* shown without -o */
	bool right;	  /* right-aligned in tables */
	const char *help; /* --list-columns */
};

struct printer;
struct pr_row;

/* NULL on a bad -o list (error already printed). */
struct printer *pr_new(const struct pr_opts *o, const char *list, const struct pr_col *cols,
		       size_t ncols);
/* The same interface for lists that can reach the full PASID space
 * (DESIGN.md 5: libsmartcols keeps every cell of a table in memory): each
 * row is written when the next one starts, so memory stays constant.
 * Tables take their column widths from the first rows (a longer cell later
 * widens its row only); raw and pairs encode cells as libsmartcols does;
 * JSON is the same document as pr_print's, one row object per line. A row
 * is complete when pr_row or pr_print is called again. */
struct printer *pr_new_stream(const struct pr_opts *o, const char *list, const struct pr_col *cols,
			      size_t ncols);
/* A printer that prints nothing: each cell goes to fn instead, for a
 * program with a screen of its own (ioasidtop) that fills its rows with
 * the same column tables and row functions as ioasidctl. sel lists the
 * columns wanted (indexes into cols), pos in fn is an index into sel. */
enum pr_cell_kind { PR_CELL_NULL, PR_CELL_STR, PR_CELL_NUM, PR_CELL_BOOL };
struct pr_cell {
	enum pr_cell_kind kind;
	const char *text; /* as a table shows it ("-", "no perm", "yes"...) */
	uint64_t num;	  /* PR_CELL_NUM; PR_CELL_BOOL: 0 or 1 */
	int err;	  /* PR_CELL_NULL: the errno (0 = just unknown) */
};
typedef void pr_cell_fn(void *arg, size_t pos, const struct pr_cell *c);
struct printer *pr_new_sink(const struct pr_col *cols, size_t ncols, const size_t *sel, size_t nsel,
			    pr_cell_fn *fn, void *arg);
void pr_free(struct printer *p);
/* Prints the column table for --list-columns. */
void pr_list_columns(const struct pr_opts *o, const struct pr_col *cols, size_t ncols);

struct pr_row *pr_row(struct printer *p);
/* Setters take the column's index in the command's pr_col array; a column
 * not selected is ignored, so commands fill every column unconditionally. */
void pr_str(struct pr_row *r, size_t col, const char *s); /* NULL or "" -> null */
void pr_num(struct pr_row *r, size_t col, uint64_t v);
void pr_hex(struct pr_row *r, size_t col, uint64_t v);
void pr_bool(struct pr_row *r, size_t col, bool v);
/* Unknown: err is the errno that stopped the read (0 = just unknown).
 * Tables show "no perm" for EACCES/EPERM, else "-"; JSON shows null. */
void pr_null(struct pr_row *r, size_t col, int err);
void pr_val(struct pr_row *r, size_t col, const struct ioasid_val *v);
void pr_tri(struct pr_row *r, size_t col, enum ioasid_tristate t);
/* Any value: json (owned) for JSON, text for tables. */
void pr_any(struct pr_row *r, size_t col, json_object *json, const char *text);
/* A list of strings: a JSON array, comma-joined in tables. */
void pr_strv(struct pr_row *r, size_t col, const char *const *v, size_t n);
bool pr_selected(const struct printer *p, size_t col);

/* Render a standalone list: table, or {"schema_version":1, list:[...]}. */
int pr_print(struct printer *p);
/* For documents made of several parts (status): the JSON array of rows. */
json_object *pr_take_json(struct printer *p);

/* Where every printer writes: stdout unless set (dump points it at an
 * open_memstream to keep each command's JSON). NULL restores stdout. */
void pr_set_output(FILE *out);
FILE *pr_output(void);

/* Write a JSON document to the output (pretty, as libsmartcols does). */
int pr_json_emit(json_object *doc);
json_object *pr_json_doc(void); /* {"schema_version": N} */

#endif
