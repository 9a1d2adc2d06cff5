// SPDX-License-Identifier: GPL-2.0-or-later
/* The printer layer: libsmartcols for text, json-c for JSON. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/printer.h"
#include "print/printer-stream.h"

static FILE *pr_out;

void pr_set_output(FILE *out)
{
	pr_out = out;
}

FILE *pr_output(void)
{
	return pr_out ? pr_out : stdout;
}

struct pr_row {
	struct printer *p;
	struct libscols_line *ln;
	json_object *obj;
	bool json_stream; /* a JSON row of a streaming printer: cells as text */
};

struct printer {
	struct pr_opts o;
	const char *list;
	const struct pr_col *cols;
	size_t ncols;
	size_t *sel; /* selected column indexes, in output order */
	size_t nsel;
	int *pos;  /* column index -> its first output position or -1 */
	int *next; /* output position -> the next one of its column or -1 */
	struct libscols_table *tb;
	json_object *arr;
	struct pr_row cur;
	struct pr_stream *st; /* streaming mode (printer-stream.c), or NULL */
	pr_cell_fn *sink;     /* cells to a callback (pr_new_sink), or NULL */
	void *sink_arg;
};

static void json_key(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[i] = '\0';
}

static int find_col(const struct pr_col *cols, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(cols[i].name) == len && !strncasecmp(cols[i].name, name, len))
			return (int)i;
	return -1;
}

/* pos[] and next[] from sel[]: a cell is stored at each position its
 * column is selected at (-o A,B,A) by following the chain, without a scan
 * of the selection per cell (a million rows of list) */
static int index_positions(struct printer *p)
{
	int *last = malloc((p->ncols + 1) * sizeof(*last));

	free(p->next);
	p->next = malloc((p->nsel + 1) * sizeof(*p->next));
	if (!last || !p->next) {
		free(last);
		return -ENOMEM;
	}
	for (size_t i = 0; i < p->ncols; i++)
		p->pos[i] = last[i] = -1;
	for (size_t i = 0; i < p->nsel; i++) {
		size_t c = p->sel[i];

		p->next[i] = -1;
		if (p->pos[c] < 0)
			p->pos[c] = (int)i;
		else
			p->next[last[c]] = (int)i;
		last[c] = (int)i;
	}
	free(last);
	return 0;
}

/* The first output position of column col, or -1 (then p->next[]) */
static int first_pos(const struct printer *p, size_t col)
{
	return col < p->ncols ? p->pos[col] : -1;
}

static int select_cols(struct printer *p)
{
	const char *s = p->o.columns;
	bool append = s && *s == '+';

	p->sel = calloc(p->ncols * 2 + 1, sizeof(*p->sel));
	p->pos = malloc(p->ncols * sizeof(*p->pos));
	if (!p->sel || !p->pos)
		return -ENOMEM;
	if (!s || append) {
		/* JSON without -o carries every column: scripts get the whole
		 * record, tables stay narrow */
		bool all = p->o.format == PR_JSON && !s;

		for (size_t i = 0; i < p->ncols; i++)
			if (p->cols[i].dflt || all)
				p->sel[p->nsel++] = i;
		if (append)
			s++;
	}
	while (s && *s) {
		size_t len = strcspn(s, ",");
		int c = find_col(p->cols, p->ncols, s, len);

		if (c < 0) {
			pr_err("ioasidctl: unknown column '%.*s' (see --list-columns)", (int)len,
			       s);
			return -EINVAL;
		}
		if (p->nsel < p->ncols * 2)
			p->sel[p->nsel++] = (size_t)c;
		s += len;
		if (*s == ',')
			s++;
	}
	return index_positions(p);
}

struct printer *pr_new(const struct pr_opts *o, const char *list, const struct pr_col *cols,
		       size_t ncols)
{
	struct printer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->o = *o;
	p->list = list;
	p->cols = cols;
	p->ncols = ncols;
	if (select_cols(p) < 0)
		goto fail;
	if (o->format == PR_JSON) {
		p->arr = json_object_new_array();
		if (!p->arr)
			goto fail;
		return p;
	}
	p->tb = scols_new_table();
	if (!p->tb)
		goto fail;
	scols_table_set_stream(p->tb, pr_output());
	scols_table_enable_raw(p->tb, o->format == PR_RAW);
	scols_table_enable_export(p->tb, o->format == PR_PAIRS);
	scols_table_enable_noheadings(p->tb, o->noheadings);
	scols_table_enable_noencoding(p->tb, o->format == PR_TABLE);
	for (size_t i = 0; i < p->nsel; i++) {
		const struct pr_col *c = &cols[p->sel[i]];
		int fl = c->right ? SCOLS_FL_RIGHT : 0;

		if (!scols_table_new_column(p->tb, c->name, 0, fl))
			goto fail;
	}
	return p;
fail:
	pr_free(p);
	return NULL;
}

void pr_free(struct printer *p)
{
	if (!p)
		return;
	if (p->tb)
		scols_unref_table(p->tb);
	if (p->arr)
		json_object_put(p->arr);
	if (p->st)
		prs_free(p->st);
	free(p->sel);
	free(p->pos);
	free(p->next);
	free(p);
}

void pr_list_columns(const struct pr_opts *o, const struct pr_col *cols, size_t ncols)
{
	static const struct pr_col lc[] = {
		{"NAME", PR_STR, true, false, "column name"},
		{"TYPE", PR_STR, true, false, "JSON type"},
		{"DEFAULT", PR_BOOL, true, false, "shown without -o"},
		{"DESCRIPTION", PR_STR, true, false, "what the column holds"},
	};
	static const char *tn[] = {"string", "number", "hex string", "boolean"};
	struct pr_opts lo = *o;
	struct printer *p;

	lo.columns = NULL;
	p = pr_new(&lo, "columns", lc, 4);
	if (!p)
		return;
	for (size_t i = 0; i < ncols; i++) {
		struct pr_row *r = pr_row(p);
		char key[64];

		json_key(cols[i].name, key, sizeof(key));
		pr_str(r, 0, o->format == PR_JSON ? key : cols[i].name);
		pr_str(r, 1, tn[cols[i].type]);
		pr_bool(r, 2, cols[i].dflt);
		pr_str(r, 3, cols[i].help);
	}
	pr_print(p);
	pr_free(p);
}

struct printer *pr_new_sink(const struct pr_col *cols, size_t ncols, const size_t *sel, size_t nsel,
			    pr_cell_fn *fn, void *arg)
{
	struct printer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->cols = cols;
	p->ncols = ncols;
	p->sink = fn;
	p->sink_arg = arg;
	p->sel = calloc(nsel + 1, sizeof(*p->sel));
	p->pos = malloc((ncols + 1) * sizeof(*p->pos));
	if (!p->sel || !p->pos) {
		pr_free(p);
		return NULL;
	}
	for (size_t i = 0; i < nsel; i++)
		if (sel[i] < ncols)
			p->sel[p->nsel++] = sel[i];
	if (index_positions(p) < 0) {
		pr_free(p);
		return NULL;
	}
	return p;
}

/* A cell of a sink printer: to the callback, once per position the column
 * is selected at. Returns whether the printer is one. */
static bool sink_cell(struct pr_row *r, size_t col, enum pr_cell_kind kind, const char *text,
		      uint64_t num, int err)
{
	const struct pr_cell c = {kind, text, num, err};

	if (!r->p->sink)
		return false;
	for (int i = first_pos(r->p, col); i >= 0; i = r->p->next[i])
		r->p->sink(r->p->sink_arg, (size_t)i, &c);
	return true;
}

struct pr_row *pr_row(struct printer *p)
{
	p->cur.p = p;
	p->cur.ln = NULL;
	p->cur.obj = NULL;
	p->cur.json_stream = false;
	if (p->sink)
		return &p->cur;
	if (p->st) {
		prs_row(p->st);
		p->cur.json_stream = p->o.format == PR_JSON;
		return &p->cur;
	}
	if (p->arr) {
		p->cur.obj = json_object_new_object();
		json_object_array_add(p->arr, p->cur.obj);
		/* every selected key is present, null until set */
		for (size_t i = 0; i < p->nsel; i++) {
			char key[64];

			json_key(p->cols[p->sel[i]].name, key, sizeof(key));
			json_object_object_add(p->cur.obj, key, NULL);
		}
	} else {
		p->cur.ln = scols_table_new_line(p->tb, NULL);
	}
	return &p->cur;
}

bool pr_selected(const struct printer *p, size_t col)
{
	return col < p->ncols && p->pos[col] >= 0;
}

/* A JSON value of the row (taken). A streaming printer keeps the value's
 * text as json-c writes it; the row object is laid out by the stream. */
static void set_json(struct pr_row *r, size_t col, json_object *v)
{
	char key[64];

	if (r->json_stream) {
		const char *t =
			v ? json_object_to_json_string_ext(
				    v, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)
			  : "null";
		if (!t)
			t = "null";
		for (int i = first_pos(r->p, col); i >= 0; i = r->p->next[i])
			prs_json_cell(r->p->st, (size_t)i, t, strlen(t));
		json_object_put(v);
		return;
	}
	json_key(r->p->cols[col].name, key, sizeof(key));
	json_object_object_add(r->obj, key, v);
}

/* Text of a JSON row of a streaming printer that needs no json-c: the
 * decimal digits of a number, or a string of printable ASCII without '"'
 * and '\\' between quotes, which are the bytes json-c writes for them
 * (json_escape_str() escapes only '"', '\\', control bytes and, without
 * NOSLASHESCAPE, '/'). Returns false when json-c must write it. */
static bool json_stream_text(struct pr_row *r, size_t col, const char *s, bool quote)
{
	char buf[256];
	size_t n;

	if (!r->json_stream)
		return false;
	if (quote) {
		/* copy while checking, the quotes around */
		for (n = 0; s[n]; n++) {
			unsigned char c = (unsigned char)s[n];

			if (n + 3 > sizeof(buf) || c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
				return false;
			buf[n + 1] = (char)c;
		}
		buf[0] = '"';
		buf[n + 1] = '"';
		buf[n + 2] = '\0';
		s = buf;
		n += 2;
	} else {
		n = strlen(s); /* digits */
	}
	for (int i = first_pos(r->p, col); i >= 0; i = r->p->next[i])
		prs_json_cell(r->p->st, (size_t)i, s, n);
	return true;
}

/* The decimal digits of v (buf: at least 21 bytes), two at a time from a
 * table (half the divisions: numbers are most cells of list's rows) */
static const char *u64_dec(char *buf, size_t len, uint64_t v)
{
	static const char pairs[201] = "00010203040506070809"
				       "10111213141516171819"
				       "20212223242526272829"
				       "30313233343536373839"
				       "40414243444546474849"
				       "50515253545556575859"
				       "60616263646566676869"
				       "70717273747576777879"
				       "80818283848586878889"
				       "90919293949596979899";
	char *p = buf + len - 1;

	*p = '\0';
	while (v >= 100) {
		const char *d = pairs + 2 * (v % 100);

		v /= 100;
		*--p = d[1];
		*--p = d[0];
	}
	if (v >= 10) {
		*--p = pairs[2 * v + 1];
		*--p = pairs[2 * v];
	} else {
		*--p = (char)('0' + v);
	}
	return p;
}

static void set_text(struct pr_row *r, size_t col, const char *s)
{
	char *safe = NULL;

	/* Tables print cells as they are (libsmartcols would show a
	 * systemd scope's "\x2d" as "\x5cx2d"), so control characters from
	 * a hostile or garbage host are made harmless here instead: a
	 * terminal escape in a sysfs name must not reach the terminal. Raw
	 * and pairs output keep libsmartcols' encoding, which scripts parse. */
	if (((r->p->tb && scols_table_is_noencoding(r->p->tb)) ||
	     (r->p->st && r->p->o.format == PR_TABLE)) &&
	    pr_has_controls(s)) {
		/* C0/C1 controls and bytes that are not UTF-8 (print/text.h) */
		safe = strdup(s);
		if (!safe)
			return;
		pr_mask_controls(safe);
		s = safe;
	}
	size_t len = r->p->st ? strlen(s) : 0;

	for (int i = first_pos(r->p, col); i >= 0; i = r->p->next[i]) {
		if (r->ln)
			scols_line_set_data(r->ln, (size_t)i, s);
		else if (r->p->st)
			prs_cell_n(r->p->st, (size_t)i, s, len, false);
	}
	free(safe);
}

void pr_str(struct pr_row *r, size_t col, const char *s)
{
	if (!pr_selected(r->p, col))
		return;
	if (sink_cell(r, col, s && *s ? PR_CELL_STR : PR_CELL_NULL, s && *s ? s : "-", 0, 0))
		return;
	if (s && *s && json_stream_text(r, col, s, true))
		return;
	if (r->obj || r->json_stream)
		set_json(r, col, s && *s ? json_object_new_string(s) : NULL);
	else
		set_text(r, col, s && *s ? s : "-");
}

void pr_num(struct pr_row *r, size_t col, uint64_t v)
{
	char buf[32];
	const char *d;

	if (!pr_selected(r->p, col))
		return;
	if (r->obj) {
		set_json(r, col, json_object_new_uint64(v));
		return;
	}
	d = u64_dec(buf, sizeof(buf), v);
	if (json_stream_text(r, col, d, false))
		return;
	if (r->p->st) {
		/* digits: nothing to encode or make harmless */
		for (int i = first_pos(r->p, col); i >= 0; i = r->p->next[i])
			prs_cell_n(r->p->st, (size_t)i, d, (size_t)(buf + sizeof(buf) - 1 - d),
				   true);
		return;
	}
	if (!sink_cell(r, col, PR_CELL_NUM, d, v, 0))
		set_text(r, col, d);
}

void pr_hex(struct pr_row *r, size_t col, uint64_t v)
{
	char buf[32];

	if (!pr_selected(r->p, col))
		return;
	/* registers exceed 2^53: a string in JSON, as sysfs prints them */
	snprintf(buf, sizeof(buf), "%" PRIx64, v);
	if (sink_cell(r, col, PR_CELL_STR, buf, 0, 0))
		return;
	if (r->obj || r->json_stream)
		set_json(r, col, json_object_new_string(buf));
	else
		set_text(r, col, buf);
}

void pr_bool(struct pr_row *r, size_t col, bool v)
{
	if (!pr_selected(r->p, col))
		return;
	if (sink_cell(r, col, PR_CELL_BOOL, v ? "yes" : "no", v, 0))
		return;
	if (r->obj || r->json_stream)
		set_json(r, col, json_object_new_boolean(v));
	else
		set_text(r, col, v ? "yes" : "no");
}

void pr_null(struct pr_row *r, size_t col, int err)
{
	if (!pr_selected(r->p, col))
		return;
	if (sink_cell(r, col, PR_CELL_NULL, err == EACCES || err == EPERM ? "no perm" : "-", 0,
		      err))
		return;
	if (r->json_stream)
		return; /* an unset cell of a streamed JSON row is null */
	if (r->obj)
		set_json(r, col, NULL);
	else
		set_text(r, col, err == EACCES || err == EPERM ? "no perm" : "-");
}

void pr_val(struct pr_row *r, size_t col, const struct ioasid_val *v)
{
	if (v->err) {
		pr_null(r, col, v->err);
		return;
	}
	if (r->p->cols[col].type == PR_HEX)
		pr_hex(r, col, v->v);
	else
		pr_num(r, col, v->v);
}

/* pr_any's value as a cell: null (its text kept: "exited"), a
 * non-negative integer, a boolean, else the text. */
static void any_to_sink(struct pr_row *r, size_t col, json_object *json, const char *text)
{
	const char *t = text && *text ? text : "-";

	if (!json)
		sink_cell(r, col, PR_CELL_NULL, t, 0, 0);
	else if (json_object_is_type(json, json_type_boolean))
		sink_cell(r, col, PR_CELL_BOOL, t, json_object_get_boolean(json), 0);
	else if (json_object_is_type(json, json_type_int) && json_object_get_int64(json) >= 0)
		sink_cell(r, col, PR_CELL_NUM, t, json_object_get_uint64(json), 0);
	else
		sink_cell(r, col, PR_CELL_STR, t, 0, 0);
}

void pr_any(struct pr_row *r, size_t col, json_object *json, const char *text)
{
	if (!pr_selected(r->p, col)) {
		json_object_put(json);
		return;
	}
	if (r->p->sink) {
		any_to_sink(r, col, json, text);
		json_object_put(json);
		return;
	}
	if (r->obj || r->json_stream) {
		set_json(r, col, json);
		return;
	}
	json_object_put(json);
	set_text(r, col, text && *text ? text : "-");
}

void pr_strv(struct pr_row *r, size_t col, const char *const *v, size_t n)
{
	json_object *a;
	char *text;
	size_t len = 1;

	if (!pr_selected(r->p, col))
		return;
	if ((r->obj || r->json_stream) && !r->p->sink) {
		a = json_object_new_array();
		for (size_t i = 0; i < n; i++)
			json_object_array_add(a, json_object_new_string(v[i]));
		set_json(r, col, a);
		return;
	}
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	text = calloc(1, len);
	if (!text)
		return;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(text, ",");
		strcat(text, v[i]);
	}
	if (!sink_cell(r, col, PR_CELL_STR, n ? text : "-", 0, 0))
		set_text(r, col, n ? text : "-");
	free(text);
}

void pr_tri(struct pr_row *r, size_t col, enum ioasid_tristate t)
{
	if (t == IOASID_UNKNOWN)
		pr_null(r, col, 0);
	else
		pr_bool(r, col, t == IOASID_YES);
}

json_object *pr_json_doc(void)
{
	json_object *doc = json_object_new_object();

	json_object_object_add(doc, "schema_version",
			       json_object_new_int(IOASIDCTL_SCHEMA_VERSION));
	return doc;
}

int pr_json_emit(json_object *doc)
{
	int rc = pr_json_write(pr_output(), doc,
			       JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
				       JSON_C_TO_STRING_NOSLASHESCAPE);

	if (rc == 0 && fputc('\n', pr_output()) == EOF)
		rc = -EIO;
	return rc;
}

json_object *pr_take_json(struct printer *p)
{
	json_object *a = p->arr;

	p->arr = NULL;
	return a;
}

int pr_print(struct printer *p)
{
	if (p->sink)
		return 0;
	if (p->st)
		return prs_finish(p->st);
	if (p->arr) {
		json_object *doc = pr_json_doc();
		int rc;

		json_object_object_add(doc, p->list, pr_take_json(p));
		rc = pr_json_emit(doc);
		json_object_put(doc);
		return rc;
	}
	return scols_print_table(p->tb) ? -EIO : 0;
}

struct printer *pr_new_stream(const struct pr_opts *o, const char *list, const struct pr_col *cols,
			      size_t ncols)
{
	struct printer *p = calloc(1, sizeof(*p));
	const char **names, **keys;
	bool *right;
	char(*kbuf)[64];

	if (!p)
		return NULL;
	p->o = *o;
	p->list = list;
	p->cols = cols;
	p->ncols = ncols;
	if (select_cols(p) < 0) {
		pr_free(p);
		return NULL;
	}
	names = calloc(p->nsel + 1, sizeof(*names));
	keys = calloc(p->nsel + 1, sizeof(*keys));
	right = calloc(p->nsel + 1, sizeof(*right));
	kbuf = calloc(p->nsel + 1, sizeof(*kbuf));
	if (names && keys && right && kbuf) {
		for (size_t i = 0; i < p->nsel; i++) {
			names[i] = cols[p->sel[i]].name;
			json_key(names[i], kbuf[i], sizeof(kbuf[i]));
			keys[i] = kbuf[i];
			right[i] = cols[p->sel[i]].right;
		}
		p->st = prs_new(o, list, p->nsel, names, keys, right, pr_output());
	}
	free(names);
	free(keys);
	free(right);
	free(kbuf);
	if (!p->st) {
		pr_free(p);
		return NULL;
	}
	return p;
}
