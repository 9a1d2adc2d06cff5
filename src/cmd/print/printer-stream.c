// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Streaming output (DESIGN.md 5): 1,048,575 rows through libsmartcols cost
 * 3.6 s and 546 MiB because it keeps every cell; here a row is written as
 * soon as the next one starts. The formats match the libsmartcols ones the
 * other commands print:
 *   table  headings, cells padded to the column width, one space between
 *          columns, right-aligned columns padded on the left; widths come
 *          from the headings and the first PRS_SAMPLE rows (held until
 *          then); a longer cell later only shifts its own row
 *   raw    cells separated by one space, no padding; space, backslash,
 *          control and non-ASCII bytes written as \xHH (libsmartcols'
 *          encoding in raw mode)
 *   pairs  NAME="value" ...; '"', '$', '`', backslash, control and
 *          non-ASCII bytes as \xHH (libsmartcols' export mode)
 *   JSON   {"schema_version": 1, "<list>": [ one object per line ]},
 *          each value rendered by json-c (a number or a plain ASCII
 *          string is the same bytes json-c writes, copied: printer.c),
 *          the row laid out as json-c lays out an object
 * Rows are built in one arena and written through one buffer: no
 * allocation and no stdio call per cell (list -r of 1,048,575 IOASIDs).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print/printer-stream.h"

/* Output is gathered here and written with one fwrite(3) per OUTBUF bytes
 * (a stdio call per cell was most of list -r's time). */
#define OUTBUF (64u << 10)

struct pr_stream {
	enum pr_format fmt;
	bool noheadings;
	char *list;
	size_t n;
	char **names, **keys;
	size_t *name_len, *key_len;
	bool *right;
	bool *key_first; /* JSON: the first position of its key (-o A,B,A) */
	FILE *out;
	bool started;  /* something was written (headings, JSON head) */
	bool row_open; /* a row is being filled */
	size_t rows;   /* rows written or held */
	/* the current row: cell i is arena + off[i] (len[i] bytes and a NUL),
	 * or unset when off[i] is SIZE_MAX; JSON cells hold JSON text */
	char *arena;
	size_t alen, acap;
	size_t *off, *len;
	bool *plain;   /* the cell needs no encoding (digits) */
	char **cellp;  /* the current row's cells as strings, for the writers */
	bool enc[256]; /* raw, pairs: the bytes written as \xHH */
	char **sample; /* table: PRS_SAMPLE * n cells held for the widths */
	size_t nsample;
	size_t *width;
	char *obuf; /* OUTBUF bytes of output not yet written */
	size_t olen;
	int err;
};

static void out_flush(struct pr_stream *s)
{
	if (s->olen && fwrite(s->obuf, 1, s->olen, s->out) != s->olen && !s->err)
		s->err = -EIO;
	s->olen = 0;
}

static void out_mem(struct pr_stream *s, const char *p, size_t len)
{
	if (len > OUTBUF - s->olen) {
		out_flush(s);
		if (len > OUTBUF) {
			if (fwrite(p, 1, len, s->out) != len && !s->err)
				s->err = -EIO;
			return;
		}
	}
	memcpy(s->obuf + s->olen, p, len);
	s->olen += len;
}

static void out_str(struct pr_stream *s, const char *p)
{
	out_mem(s, p, strlen(p));
}

static void out_chr(struct pr_stream *s, char c)
{
	if (s->olen == OUTBUF)
		out_flush(s);
	s->obuf[s->olen++] = c;
}

static void pad(struct pr_stream *s, size_t k)
{
	static const char spaces[64] =
		"                                                                ";

	while (k) {
		size_t m = k < sizeof(spaces) ? k : sizeof(spaces);

		out_mem(s, spaces, m);
		k -= m;
	}
}

/* Bytes that raw and pairs output write as \xHH: libsmartcols' encoding
 * (space and backslash in raw mode; '"', '$', '`' and backslash in export
 * mode; control and non-ASCII bytes in both). */
static bool special(enum pr_format fmt, unsigned char c)
{
	if (c < 0x20 || c >= 0x7f || c == '\\')
		return true;
	if (fmt == PR_PAIRS)
		return c == '"' || c == '$' || c == '`';
	return fmt == PR_RAW && c == ' ';
}

static void put_encoded(struct pr_stream *s, const char *v, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)v;
	char e[4] = {'\\', 'x', 0, 0};
	size_t i = 0, from = 0;

	for (; i < len; i++) {
		unsigned char c;

		/* eight bytes at a time while none needs encoding: the
		 * cgroup paths and states of list's rows (one lookup each,
		 * one branch for the eight) */
		while (len - i >= 8 &&
		       !(s->enc[u[i]] | s->enc[u[i + 1]] | s->enc[u[i + 2]] | s->enc[u[i + 3]] |
			 s->enc[u[i + 4]] | s->enc[u[i + 5]] | s->enc[u[i + 6]] | s->enc[u[i + 7]]))
			i += 8;
		if (i == len)
			break;
		c = u[i];

		/* the common case, a number or a plain name, is one copy (the
		 * escape is built only when needed: building it for every
		 * byte was a sixth of list -r's instructions) */
		if (!s->enc[c])
			continue;
		e[2] = hex[c >> 4];
		e[3] = hex[c & 15];
		out_mem(s, v + from, i - from);
		out_mem(s, e, 4);
		from = i + 1;
	}
	out_mem(s, v + from, len - from);
}

/* One text row (cells may be NULL: empty); lens and plain: the current
 * row's (NULL: strlen, encode). */
static void put_text_row(struct pr_stream *s, char *const *cells, const size_t *lens,
			 const bool *plain)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *v = cells[i] ? cells[i] : "";
		size_t len = lens && cells[i] ? lens[i] : strlen(v);
		if (i)
			out_chr(s, ' ');
		switch (s->fmt) {
		case PR_TABLE:
			if (s->right[i] && len < s->width[i])
				pad(s, s->width[i] - len);
			out_mem(s, v, len);
			/* no trailing blanks after the last column */
			if (!s->right[i] && i + 1 < s->n && len < s->width[i])
				pad(s, s->width[i] - len);
			break;
		case PR_PAIRS:
			out_mem(s, s->names[i], s->name_len[i]);
			out_mem(s, "=\"", 2);
			if (plain && plain[i])
				out_mem(s, v, len);
			else
				put_encoded(s, v, len);
			out_chr(s, '"');
			break;
		default:
			if (plain && plain[i])
				out_mem(s, v, len);
			else
				put_encoded(s, v, len);
			break;
		}
	}
	out_chr(s, '\n');
}

static void put_headings(struct pr_stream *s)
{
	s->started = true;
	if (s->noheadings || s->fmt == PR_PAIRS)
		return;
	put_text_row(s, s->names, NULL, NULL);
}

/* Table: widths from the headings and the held rows, then write them. */
static void flush_sample(struct pr_stream *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->width[i] = strlen(s->names[i]);
	for (size_t r = 0; r < s->nsample; r++)
		for (size_t i = 0; i < s->n; i++) {
			const char *v = s->sample[r * s->n + i];
			size_t len = v ? strlen(v) : 0;

			if (len > s->width[i])
				s->width[i] = len;
		}
	put_headings(s);
	for (size_t r = 0; r < s->nsample; r++) {
		put_text_row(s, &s->sample[r * s->n], NULL, NULL);
		for (size_t i = 0; i < s->n; i++) {
			free(s->sample[r * s->n + i]);
			s->sample[r * s->n + i] = NULL;
		}
	}
	s->nsample = 0;
}

static void json_head(struct pr_stream *s)
{
	char head[64];

	snprintf(head, sizeof(head), "{\n  \"schema_version\": %d,\n  ", IOASIDCTL_SCHEMA_VERSION);
	out_str(s, head);
	/* the list's name is one of the commands' constants, ASCII */
	out_chr(s, '"');
	out_str(s, s->list);
	out_str(s, "\": [");
	s->started = true;
}

/* The row as json-c prints an object with JSON_C_TO_STRING_SPACED:
 * { "key": value, "key": value } in the order the keys were first added;
 * an unset cell is null. The values are JSON already (prs_json_cell). */
static void put_json_row(struct pr_stream *s)
{
	out_str(s, s->rows > 1 ? ",\n    { " : "\n    { ");
	for (size_t i = 0; i < s->n; i++) {
		if (!s->key_first[i])
			continue;
		/* keys[i] is [", "]"key": (position 0 is always first) */
		out_mem(s, s->keys[i], s->key_len[i]);
		if (s->off[i] == SIZE_MAX)
			out_mem(s, "null", 4);
		else
			out_mem(s, s->arena + s->off[i], s->len[i]);
	}
	out_mem(s, s->n ? " }" : "}", s->n ? 2 : 1);
}

static void clear_cells(struct pr_stream *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->off[i] = SIZE_MAX;
	s->alen = 0;
}

/* Write (or hold) the row being filled. */
static void end_row(struct pr_stream *s)
{
	char **cells = s->cellp;

	if (!s->row_open)
		return;
	s->row_open = false;
	s->rows++;
	if (s->fmt == PR_JSON) {
		if (!s->started)
			json_head(s);
		put_json_row(s);
		clear_cells(s);
		return;
	}
	for (size_t i = 0; i < s->n; i++)
		cells[i] = s->off[i] == SIZE_MAX ? NULL : s->arena + s->off[i];
	if (s->fmt == PR_TABLE && !s->started) {
		for (size_t i = 0; i < s->n; i++) {
			char **c = &s->sample[s->nsample * s->n + i];

			*c = cells[i] ? strdup(cells[i]) : NULL;
			if (cells[i] && !*c)
				s->err = -ENOMEM;
		}
		clear_cells(s);
		if (++s->nsample == PRS_SAMPLE)
			flush_sample(s);
		return;
	}
	if (!s->started)
		put_headings(s);
	put_text_row(s, cells, s->len, s->plain);
	clear_cells(s);
}

/* The JSON text of a key as json-c writes it in an object, after the
 * separator of a key that is not the first: [", "]"key": */
static char *json_key_text(const char *key, bool first)
{
	json_object *k = json_object_new_string(key);
	const char *t =
		k ? json_object_to_json_string_ext(k, JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
	char *r = NULL;

	if (t && asprintf(&r, "%s%s: ", first ? "" : ", ", t) < 0)
		r = NULL;
	json_object_put(k);
	return r;
}

struct pr_stream *prs_new(const struct pr_opts *o, const char *list, size_t n,
			  const char *const *names, const char *const *keys, const bool *right,
			  FILE *out)
{
	struct pr_stream *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fmt = o->format;
	s->noheadings = o->noheadings;
	s->n = n;
	s->out = out;
	s->list = strdup(list);
	s->names = calloc(n + 1, sizeof(*s->names));
	s->keys = calloc(n + 1, sizeof(*s->keys));
	s->name_len = calloc(n + 1, sizeof(*s->name_len));
	s->key_len = calloc(n + 1, sizeof(*s->key_len));
	s->right = calloc(n + 1, sizeof(*s->right));
	s->key_first = calloc(n + 1, sizeof(*s->key_first));
	s->off = calloc(n + 1, sizeof(*s->off));
	s->len = calloc(n + 1, sizeof(*s->len));
	s->cellp = calloc(n + 1, sizeof(*s->cellp));
	s->plain = calloc(n + 1, sizeof(*s->plain));
	for (unsigned c = 0; c < 256; c++)
		s->enc[c] = special(s->fmt, (unsigned char)c);
	s->width = calloc(n + 1, sizeof(*s->width));
	s->sample = calloc(PRS_SAMPLE * (n ? n : 1), sizeof(*s->sample));
	s->obuf = malloc(OUTBUF);
	s->acap = 1024;
	s->arena = malloc(s->acap);
	if (!s->list || !s->names || !s->keys || !s->name_len || !s->key_len || !s->right ||
	    !s->key_first || !s->off || !s->len || !s->cellp || !s->plain || !s->width ||
	    !s->sample || !s->obuf || !s->arena)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		s->names[i] = strdup(names[i]);
		s->keys[i] = json_key_text(keys[i], i == 0);
		s->right[i] = right[i];
		if (!s->names[i] || !s->keys[i])
			goto fail;
		s->name_len[i] = strlen(s->names[i]);
		s->key_len[i] = strlen(s->keys[i]);
		s->key_first[i] = true;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(keys[k], keys[i]))
				s->key_first[i] = false;
	}
	clear_cells(s);
	return s;
fail:
	prs_free(s);
	return NULL;
}

void prs_row(struct pr_stream *s)
{
	end_row(s);
	s->row_open = true;
}

/* Cell i of the current row: len bytes at text (copied into the arena). */
static void set_cell(struct pr_stream *s, size_t i, const char *text, size_t len, bool plain)
{
	if (i >= s->n || !s->row_open)
		return;
	if (s->alen + len + 1 > s->acap) {
		size_t cap = (s->alen + len + 1) * 2;
		char *a = realloc(s->arena, cap);

		if (!a) {
			s->err = -ENOMEM;
			return;
		}
		s->arena = a;
		s->acap = cap;
	}
	memcpy(s->arena + s->alen, text, len);
	s->arena[s->alen + len] = '\0';
	s->off[i] = s->alen;
	s->len[i] = len;
	s->plain[i] = plain;
	s->alen += len + 1;
}

void prs_cell(struct pr_stream *s, size_t i, const char *text)
{
	set_cell(s, i, text, strlen(text), false);
}

void prs_cell_n(struct pr_stream *s, size_t i, const char *text, size_t len, bool plain)
{
	set_cell(s, i, text, len, plain);
}

void prs_json_cell(struct pr_stream *s, size_t i, const char *json, size_t len)
{
	set_cell(s, i, json, len, true);
}

int prs_finish(struct pr_stream *s)
{
	end_row(s);
	if (s->fmt == PR_JSON) {
		if (!s->started)
			json_head(s);
		out_str(s, "\n  ]\n}\n");
	} else if (s->fmt == PR_TABLE && !s->started) {
		flush_sample(s);
	} else if (!s->started) {
		put_headings(s);
	}
	out_flush(s);
	if (s->err)
		return s->err;
	return ferror(s->out) ? -EIO : 0;
}

void prs_free(struct pr_stream *s)
{
	if (!s)
		return;
	/* what a stream stopped by an error wrote so far goes out, as stdio
	 * would have written it at exit */
	if (s->obuf)
		out_flush(s);
	for (size_t i = 0; i < s->n; i++) {
		if (s->names)
			free(s->names[i]);
		if (s->keys)
			free(s->keys[i]);
	}
	for (size_t i = 0; s->sample && i < s->nsample * s->n; i++)
		free(s->sample[i]);
	free(s->names);
	free(s->keys);
	free(s->name_len);
	free(s->key_len);
	free(s->right);
	free(s->key_first);
	free(s->off);
	free(s->len);
	free(s->cellp);
	free(s->plain);
	free(s->width);
	free(s->sample);
	free(s->obuf);
	free(s->arena);
	free(s->list);
	free(s);
}
