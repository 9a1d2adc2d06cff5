// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sorting, filtering and the changed-row marks of ioasidtop's tables.
 * Pure functions of the table (tests/unit/test_top_sort.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print/cgroup-cols.h"
#include "top/top.h"

struct sort_ctx {
	const struct top_table *t;
	size_t col;
	bool desc;
	bool num;
};

/* The column's order of rows a and b, 0 when equal there. */
static int cmp_value(const struct sort_ctx *c, size_t a, size_t b)
{
	bool na = top_cell_is_null(c->t, a, c->col), nb = top_cell_is_null(c->t, b, c->col);
	int r = 0;

	if (na != nb)
		return na ? 1 : -1; /* unknown last, in either direction */
	if (!na) {
		if (c->num) {
			uint64_t x = c->t->rows[a].num[c->col], y = c->t->rows[b].num[c->col];

			r = x < y ? -1 : x > y;
		} else {
			r = strcmp(top_cell_text(c->t, a, c->col), top_cell_text(c->t, b, c->col));
		}
		if (c->desc)
			r = -r;
	}
	return r;
}

/* a, b: row indices; ties fall back to the index, so the sort is stable */
static int cmp_rows(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int r = cmp_value(c, a, b);

	return r ? r : (a < b ? -1 : a > b);
}

static bool col_numeric(const struct top_table *t, size_t col)
{
	/* limits are text ("max") that sort by their number */
	if (t->cols[col].pr->type == PR_NUM)
		return true;
	return t->view == TOP_VIEW_CGROUPS &&
	       (t->cols[col].idx == CGTC_IOASIDS_MAX || t->cols[col].idx == CGTC_MISC_MAX);
}

void top_table_sort(struct top_table *t, size_t col, bool desc)
{
	struct sort_ctx c = {t, col, desc, false};
	size_t *idx;
	struct top_row *out;

	if (col >= t->ncols || t->n < 2)
		return;
	c.num = col_numeric(t, col);
	idx = malloc(t->n * sizeof(*idx));
	out = malloc(t->n * sizeof(*out));
	if (!idx || !out) {
		free(idx);
		free(out);
		return;
	}
	for (size_t i = 0; i < t->n; i++)
		idx[i] = i;
	/* each run of non-group rows is sorted on its own: the groups (tree
	 * headings) stay where they are, their rows under them */
	for (size_t i = 0; i < t->n;) {
		size_t j = i;

		if (t->rows[i].group) {
			i++;
			continue;
		}
		while (j < t->n && !t->rows[j].group)
			j++;
		qsort_r(idx + i, j - i, sizeof(*idx), cmp_rows, &c);
		i = j;
	}
	for (size_t i = 0; i < t->n; i++)
		out[i] = t->rows[idx[i]];
	memcpy(t->rows, out, t->n * sizeof(*out));
	free(out);
	free(idx);
}

/* Row x before row y in the column's order (cmp_value on rows that need
 * not be in the table), ties by the numeric column tie, ascending. */
static int cmp_merge(const struct sort_ctx *c, const struct top_row *x, const struct top_row *y,
		     size_t tie)
{
	bool nx = x->null_mask & (1u << c->col), ny = y->null_mask & (1u << c->col);
	int r = 0;

	if (nx != ny)
		return nx ? 1 : -1;
	if (!nx) {
		if (c->num)
			r = x->num[c->col] < y->num[c->col] ? -1 : x->num[c->col] > y->num[c->col];
		else
			r = strcmp(c->t->arena + x->cell[c->col], c->t->arena + y->cell[c->col]);
		if (c->desc)
			r = -r;
	}
	return r ? r : (x->num[tie] < y->num[tie] ? -1 : x->num[tie] > y->num[tie]);
}

void top_table_merge_tail(struct top_table *t, size_t first, size_t col, bool desc, size_t tie)
{
	struct sort_ctx c = {t, col, desc, false};
	size_t m, *idx;
	struct top_row *tail;
	long i, j, k;

	if (col >= t->ncols || first >= t->n)
		return;
	c.num = col_numeric(t, col);
	m = t->n - first;
	idx = malloc(m * sizeof(*idx));
	tail = malloc(m * sizeof(*tail));
	if (!idx || !tail) {
		free(idx);
		free(tail);
		top_table_sort(t, col, desc); /* the slow way, but sorted */
		return;
	}
	for (size_t q = 0; q < m; q++)
		idx[q] = first + q;
	qsort_r(idx, m, sizeof(*idx), cmp_rows, &c);
	for (size_t q = 0; q < m; q++)
		tail[q] = t->rows[idx[q]];
	/* from the end, in place: the rows before the first new one's place
	 * do not move (a few new rows among 100,000 move only those after
	 * them, and allocate nothing the size of the table) */
	for (i = (long)first - 1, j = (long)m - 1, k = (long)t->n - 1; j >= 0; k--)
		t->rows[k] = i >= 0 && cmp_merge(&c, &t->rows[i], &tail[j], tie) > 0 ? t->rows[i--]
										     : tail[j--];
	free(tail);
	free(idx);
}

static bool contains_ci(const char *hay, const char *needle, size_t nlen)
{
	for (; *hay; hay++) {
		size_t k = 0;

		while (k < nlen && hay[k] &&
		       tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == nlen)
			return true;
	}
	return false;
}

bool top_row_match(const struct top_table *t, size_t r, const char *filter)
{
	size_t n = filter ? strlen(filter) : 0;

	if (!n)
		return true;
	if (contains_ci(top_row_key(t, r), filter, n))
		return true;
	for (size_t c = 0; c < t->ncols; c++)
		if (!top_cell_is_null(t, r, c) && contains_ci(top_cell_text(t, r, c), filter, n))
			return true;
	return false;
}

size_t top_table_filter(const struct top_table *t, const char *filter, size_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (t->rows[i].group) {
			/* a group shows when it or one of its rows matches */
			bool any = top_row_match(t, i, filter);

			for (size_t j = i + 1; !any && j < t->n && !t->rows[j].group; j++)
				any = top_row_match(t, j, filter);
			if (any)
				idx[n++] = i;
			continue;
		}
		if (top_row_match(t, i, filter))
			idx[n++] = i;
	}
	return n;
}

/* ---- changed rows ---- */

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1; /* 0 marks an empty slot */
}

static int seen_grow(struct top_seen *s, size_t want)
{
	size_t cap = 64;

	while (cap < want * 2)
		cap *= 2;
	if (cap <= s->cap)
		return 0;
	free(s->keyhash);
	free(s->hash);
	s->keyhash = calloc(cap, sizeof(*s->keyhash));
	s->hash = calloc(cap, sizeof(*s->hash));
	if (!s->keyhash || !s->hash) {
		free(s->keyhash);
		free(s->hash);
		s->keyhash = NULL;
		s->hash = NULL;
		s->cap = 0;
		return -ENOMEM;
	}
	s->cap = cap;
	return 0;
}

static size_t slot(const struct top_seen *s, uint64_t k)
{
	size_t i = (size_t)(k & (s->cap - 1));

	while (s->keyhash[i] && s->keyhash[i] != k)
		i = (i + 1) & (s->cap - 1);
	return i;
}

int top_mark_changes(struct top_table *t, struct top_seen *seen)
{
	uint64_t *keys;
	int rc;

	keys = malloc((t->n ? t->n : 1) * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		keys[i] = key_hash(top_row_key(t, i));
		t->rows[i].changed = false;
		if (seen->primed && seen->cap) {
			size_t k = slot(seen, keys[i]);

			t->rows[i].changed = !seen->keyhash[k] || seen->hash[k] != t->rows[i].hash;
		}
	}
	/* remember this frame */
	rc = seen_grow(seen, t->n);
	if (rc == 0) {
		memset(seen->keyhash, 0, seen->cap * sizeof(*seen->keyhash));
		for (size_t i = 0; i < t->n; i++) {
			size_t k = slot(seen, keys[i]);

			seen->keyhash[k] = keys[i];
			seen->hash[k] = t->rows[i].hash;
		}
		seen->n = t->n;
		seen->primed = true;
	}
	free(keys);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int top_mark_new(struct top_table *t, struct top_seen *seen, size_t first, const size_t *gone,
		 size_t ngone)
{
	size_t m = t->n - first;
	uint64_t *keys;

	/* room for the new keys at half load, else the caller marks in full */
	if (!seen->primed || !seen->cap || (seen->n + m) * 2 > seen->cap)
		return -ENOSPC;
	keys = malloc((m ? m : 1) * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (size_t i = 0; i < first; i++)
		t->rows[i].changed = false;
	for (size_t i = first; i < t->n; i++) {
		uint64_t k = key_hash(top_row_key(t, i));
		size_t s = slot(seen, k);

		keys[i - first] = k;
		t->rows[i].changed = !seen->keyhash[s] || seen->hash[s] != t->rows[i].hash;
		if (!seen->keyhash[s])
			seen->n++;
		seen->keyhash[s] = k;
		seen->hash[s] = t->rows[i].hash;
	}
	/* the rows that went and did not come back: their slot stays (and
	 * its probe chain), with a hash no row has, so that the key is
	 * "changed" if it comes back later */
	qsort(keys, m, sizeof(*keys), cmp_u64);
	for (size_t g = 0; g < ngone; g++) {
		uint64_t k = key_hash(t->arena + gone[g]);
		size_t s = slot(seen, k);

		if (seen->keyhash[s] && !(m && bsearch(&k, keys, m, sizeof(*keys), cmp_u64)))
			seen->hash[s] = ~seen->hash[s];
	}
	free(keys);
	return 0;
}

void top_seen_free(struct top_seen *s)
{
	free(s->keyhash);
	free(s->hash);
	memset(s, 0, sizeof(*s));
}
