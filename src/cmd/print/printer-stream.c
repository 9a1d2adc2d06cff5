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
 *          each row rendered by json-c; never printf'd values
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print/printer-stream.h"

struct pr_stream {
	enum pr_format fmt;
	bool noheadings;
	char *list;
	size_t n;
	char **names, **keys;
	bool *right;
	FILE *out;
	bool started;	  /* something was written (headings, JSON head) */
	bool row_open;	  /* a row is being filled */
	size_t rows;	  /* rows written or held */
	char **cells;	  /* the current row, n cells (NULL: unset) */
	json_object *obj; /* the current JSON row */
	char **sample;	  /* table: PRS_SAMPLE * n cells held for the widths */
	size_t nsample;
	size_t *width;
	int err;
};

static void put_encoded(struct pr_stream *s, const char *v)
{
	const char *special = s->fmt == PR_PAIRS ? "\"$`\\" : " \\";
	const unsigned char *c = (const unsigned char *)v;

	/* the common case, a number or a plain name: one write */
	while (*c >= 0x20 && *c < 0x7f && !strchr(special, *c))
		c++;
	if (!*c) {
		fputs(v, s->out);
		return;
	}
	for (c = (const unsigned char *)v; *c; c++) {
		if (*c < 0x20 || *c >= 0x7f || strchr(special, *c))
			fprintf(s->out, "\\x%02x", *c);
		else
			putc(*c, s->out);
	}
}

static void pad(FILE *out, size_t k)
{
	while (k--)
		putc(' ', out);
}

/* One text row (cells may be NULL: empty). */
static void put_text_row(struct pr_stream *s, char *const *cells)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *v = cells[i] ? cells[i] : "";
		size_t len = strlen(v);

		if (i)
			putc(' ', s->out);
		switch (s->fmt) {
		case PR_TABLE:
			if (s->right[i] && len < s->width[i])
				pad(s->out, s->width[i] - len);
			fputs(v, s->out);
			/* no trailing blanks after the last column */
			if (!s->right[i] && i + 1 < s->n && len < s->width[i])
				pad(s->out, s->width[i] - len);
			break;
		case PR_PAIRS:
			fprintf(s->out, "%s=\"", s->names[i]);
			put_encoded(s, v);
			putc('"', s->out);
			break;
		default:
			put_encoded(s, v);
			break;
		}
	}
	putc('\n', s->out);
}

static void put_headings(struct pr_stream *s)
{
	s->started = true;
	if (s->noheadings || s->fmt == PR_PAIRS)
		return;
	put_text_row(s, s->names);
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
		put_text_row(s, &s->sample[r * s->n]);
		for (size_t i = 0; i < s->n; i++) {
			free(s->sample[r * s->n + i]);
			s->sample[r * s->n + i] = NULL;
		}
	}
	s->nsample = 0;
}

static void json_head(struct pr_stream *s)
{
	fprintf(s->out, "{\n  \"schema_version\": %d,\n  \"%s\": [", IOASIDCTL_SCHEMA_VERSION,
		s->list);
	s->started = true;
}

/* Write (or hold) the row being filled. */
static void end_row(struct pr_stream *s)
{
	if (!s->row_open)
		return;
	s->row_open = false;
	s->rows++;
	if (s->fmt == PR_JSON) {
		const char *txt = json_object_to_json_string_ext(
			s->obj, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);

		if (!s->started)
			json_head(s);
		fprintf(s->out, "%s\n    %s", s->rows > 1 ? "," : "", txt ? txt : "null");
		if (!txt)
			s->err = -ENOMEM;
		json_object_put(s->obj);
		s->obj = NULL;
		return;
	}
	if (s->fmt == PR_TABLE && !s->started) {
		memcpy(&s->sample[s->nsample * s->n], s->cells, s->n * sizeof(*s->cells));
		memset(s->cells, 0, s->n * sizeof(*s->cells));
		if (++s->nsample == PRS_SAMPLE)
			flush_sample(s);
		return;
	}
	if (!s->started)
		put_headings(s);
	put_text_row(s, s->cells);
	for (size_t i = 0; i < s->n; i++) {
		free(s->cells[i]);
		s->cells[i] = NULL;
	}
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
	s->right = calloc(n + 1, sizeof(*s->right));
	s->cells = calloc(n + 1, sizeof(*s->cells));
	s->width = calloc(n + 1, sizeof(*s->width));
	s->sample = calloc(PRS_SAMPLE * (n ? n : 1), sizeof(*s->sample));
	if (!s->list || !s->names || !s->keys || !s->right || !s->cells || !s->width || !s->sample)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		s->names[i] = strdup(names[i]);
		s->keys[i] = strdup(keys[i]);
		s->right[i] = right[i];
		if (!s->names[i] || !s->keys[i])
			goto fail;
	}
	return s;
fail:
	prs_free(s);
	return NULL;
}

json_object *prs_row(struct pr_stream *s)
{
	end_row(s);
	s->row_open = true;
	if (s->fmt != PR_JSON)
		return NULL;
	s->obj = json_object_new_object();
	for (size_t i = 0; s->obj && i < s->n; i++)
		json_object_object_add(s->obj, s->keys[i], NULL);
	return s->obj;
}

void prs_cell(struct pr_stream *s, size_t i, const char *text)
{
	if (i >= s->n || !s->row_open)
		return;
	free(s->cells[i]);
	s->cells[i] = strdup(text);
}

int prs_finish(struct pr_stream *s)
{
	end_row(s);
	if (s->fmt == PR_JSON) {
		if (!s->started)
			json_head(s);
		fputs("\n  ]\n}\n", s->out);
	} else if (s->fmt == PR_TABLE && !s->started) {
		flush_sample(s);
	} else if (!s->started) {
		put_headings(s);
	}
	if (s->err)
		return s->err;
	return ferror(s->out) ? -EIO : 0;
}

void prs_free(struct pr_stream *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		if (s->names)
			free(s->names[i]);
		if (s->keys)
			free(s->keys[i]);
		if (s->cells)
			free(s->cells[i]);
	}
	for (size_t i = 0; s->sample && i < s->nsample * s->n; i++)
		free(s->sample[i]);
	json_object_put(s->obj);
	free(s->names);
	free(s->keys);
	free(s->right);
	free(s->cells);
	free(s->width);
	free(s->sample);
	free(s->list);
	free(s);
}
