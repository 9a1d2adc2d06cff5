// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Drawing one frame of ioasidtop onto a surface: curses (ioasidtop.c) or a
 * text grid (the plain-text fallback, the benchmark's virtual screen).
 * Everything here is computed from the sample, the table and the layout;
 * nothing reads the host.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "top/top.h"

/* ---- the text grid ---- */

static void grid_put(void *u, int y, int x, const char *s, int n, enum top_attr a)
{
	struct top_grid *g = u;

	(void)a;
	if (y < 0 || y >= g->rows || x < 0)
		return;
	for (int i = 0; i < n && s[i] && x + i < g->cols; i++) {
		unsigned char ch = (unsigned char)s[i];

		g->cells[(size_t)y * (size_t)g->cols + (size_t)(x + i)] =
			ch < 0x20 || ch >= 0x7f ? '?' : (char)ch;
	}
}

static void grid_clear(void *u)
{
	struct top_grid *g = u;

	memset(g->cells, ' ', (size_t)g->rows * (size_t)g->cols);
}

int top_grid_init(struct top_grid *g, int rows, int cols, struct top_surface *s)
{
	g->rows = rows;
	g->cols = cols;
	g->cells = malloc((size_t)rows * (size_t)cols);
	if (!g->cells)
		return -ENOMEM;
	grid_clear(g);
	*s = (struct top_surface){rows, cols, grid_put, grid_clear, g};
	return 0;
}

void top_grid_free(struct top_grid *g)
{
	free(g->cells);
	g->cells = NULL;
}

void top_grid_print(const struct top_grid *g, FILE *out)
{
	int last = g->rows - 1;

	for (; last >= 0; last--) {
		const char *l = g->cells + (size_t)last * (size_t)g->cols;
		int n = g->cols;

		while (n > 0 && l[n - 1] == ' ')
			n--;
		if (n)
			break;
	}
	for (int y = 0; y <= last; y++) {
		const char *l = g->cells + (size_t)y * (size_t)g->cols;
		int n = g->cols;

		while (n > 0 && l[n - 1] == ' ')
			n--;
		fprintf(out, "%.*s\n", n, l);
	}
}

/* ---- helpers ---- */

static void put(const struct top_surface *sf, int y, int x, int w, enum top_attr a, const char *s)
{
	int n = (int)strlen(s);

	if (w <= 0)
		return;
	sf->put(sf->u, y, x, s, n < w ? n : w, a);
}

/* A whole line of width w: the text, padded (so attributes span it). */
static void line(const struct top_surface *sf, int y, int x, int w, enum top_attr a,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void line(const struct top_surface *sf, int y, int x, int w, enum top_attr a,
		 const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	if (w <= 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	while (n < w && n < (int)sizeof(buf) - 1)
		buf[n++] = ' ';
	buf[n] = '\0';
	put(sf, y, x, w, a, buf);
}

void top_bar(char *buf, int w, uint64_t used, uint64_t total)
{
	int inner = w - 2, fill;

	if (w < 3) {
		if (w > 0)
			buf[0] = '\0';
		return;
	}
	fill = total ? (int)((used * (uint64_t)inner + total / 2) / total) : 0;
	if (fill > inner)
		fill = inner;
	buf[0] = '[';
	for (int i = 0; i < inner; i++)
		buf[1 + i] = i < fill ? '|' : ' ';
	buf[w - 1] = ']';
	buf[w] = '\0';
}

static const char *errtext(int err)
{
	if (err == EOPNOTSUPP)
		return "no IOASID extension on this host";
	return err == EACCES || err == EPERM ? "no perm" : strerror(err);
}

static void rate_text(char *buf, size_t len, const struct top_rate *r)
{
	if (!r->known)
		snprintf(buf, len, "-/s");
	else if (r->per_sec >= 100)
		snprintf(buf, len, "%.0f/s%s", r->per_sec, r->partial ? " (partial)" : "");
	else
		snprintf(buf, len, "%.1f/s%s", r->per_sec, r->partial ? " (partial)" : "");
}

/* ---- the header ---- */

static void draw_title(const struct top_surface *sf, const struct top_rect *r,
		       const struct top_ui *ui, const struct top_frame *f)
{
	char sort[64] = "";
	size_t sc = ui->sort_col[ui->view];

	if (f->t && sc < f->t->ncols)
		snprintf(sort, sizeof(sort), "  sort %s%s", f->t->cols[sc].pr->name,
			 ui->sort_desc[ui->view] ? " desc" : "");
	line(sf, r->y, r->x, r->w, TOP_A_BOLD, "[%s] ioasidtop %s  view %s%s%s%s%s  every %.1fs",
	     top_host_kind_name(f->kind), f->root, top_view_name(ui->view), sort,
	     ui->tree ? "  tree" : "", ui->filter[0] ? "  filter " : "", ui->filter, f->interval);
}

static void draw_bar(const struct top_surface *sf, const struct top_rect *r,
		     const struct top_frame *f)
{
	const struct top_sample *s = f->s;
	const struct ioasid_ext_info *in = &s->info;
	char bar[256], tail[160];
	uint64_t used;
	int bw;

	if (s->ext_err) {
		line(sf, r->y, r->x, r->w, TOP_A_DIM, "Capacity  %s", errtext(s->ext_err));
		return;
	}
	if (in->total.err || in->available.err) {
		line(sf, r->y, r->x, r->w, TOP_A_DIM, "Capacity  unknown (%s)",
		     errtext(in->total.err ?: in->available.err));
		return;
	}
	/* ioasid-abi(7): total = available + reserved + the sum of the
	 * quotas; the bar shows what is not available any more */
	used = in->total.v >= in->available.v ? in->total.v - in->available.v : 0;
	if (in->reserved.err)
		snprintf(tail, sizeof(tail),
			 " %" PRIu64 "/%" PRIu64 " taken (quotas+reserved), %" PRIu64 " available",
			 used, in->total.v, in->available.v);
	else
		snprintf(tail, sizeof(tail),
			 " %" PRIu64 "/%" PRIu64 " taken: %" PRIu64 " in quotas, %" PRIu64
			 " reserved; %" PRIu64 " available",
			 used, in->total.v, used >= in->reserved.v ? used - in->reserved.v : 0,
			 in->reserved.v, in->available.v);
	bw = r->w - 10 - (int)strlen(tail);
	if (bw > 60)
		bw = 60;
	if (bw > 2 && bw < (int)sizeof(bar)) {
		top_bar(bar, bw, used, in->total.v);
		line(sf, r->y, r->x, r->w, TOP_A_NORMAL, "Capacity  %s%s", bar, tail);
		/* the used part in the bar's colour */
		{
			int fill = 0;

			while (bar[1 + fill] == '|')
				fill++;
			if (fill)
				sf->put(sf->u, r->y, r->x + 11, bar + 1, fill, TOP_A_BAR);
		}
	} else {
		line(sf, r->y, r->x, r->w, TOP_A_NORMAL, "Capacity %s", tail);
	}
}

static void draw_counts(const struct top_surface *sf, const struct top_rect *r,
			const struct top_frame *f)
{
	const struct top_sample *s = f->s;
	char top3[160] = "";
	size_t best[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
	size_t len = 0;

	if (s->trace_on) {
		/* the tracepoint: page requests per device and PASID */
		size_t bt[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};

		for (size_t i = 0; i < s->nflows; i++) {
			const struct top_rate *rt = &s->flows[i].rate;

			if (!rt->known || !rt->delta)
				continue;
			for (int k = 0; k < 3; k++)
				if (bt[k] == SIZE_MAX ||
				    s->flows[bt[k]].rate.per_sec < rt->per_sec) {
					for (int m = 2; m > k; m--)
						bt[m] = bt[m - 1];
					bt[k] = i;
					break;
				}
		}
		len = (size_t)snprintf(top3, sizeof(top3), "  PRQ/PASID (trace%s)",
				       s->trace_lost ? ", events lost" : "");
		for (int k = 0; k < 3 && bt[k] != SIZE_MAX && len < sizeof(top3); k++) {
			char rt[48];

			rate_text(rt, sizeof(rt), &s->flows[bt[k]].rate);
			len += (size_t)snprintf(top3 + len, sizeof(top3) - len, "%s%s/%u %s",
						k ? ", " : " ", s->flows[bt[k]].dev,
						s->flows[bt[k]].pasid, rt);
		}
		if (bt[0] == SIZE_MAX && len < sizeof(top3))
			snprintf(top3 + len, sizeof(top3) - len, " none");
	}
	if (s->ext_err) {
		line(sf, r->y, r->x, r->w, TOP_A_DIM, "Sets -  IOASIDs -%s", top3);
		return;
	}
	/* the busiest PASIDs by page requests between the last two samples */
	for (size_t i = 0; i < s->nio && !s->trace_on; i++) {
		const struct top_rate *rt = &s->io[i].prq_rate;

		if (!rt->known || rt->delta == 0)
			continue;
		for (int k = 0; k < 3; k++) {
			if (best[k] == SIZE_MAX || s->io[best[k]].prq_rate.per_sec < rt->per_sec) {
				for (int m = 2; m > k; m--)
					best[m] = best[m - 1];
				best[k] = i;
				break;
			}
		}
	}
	for (int k = 0; k < 3 && best[k] != SIZE_MAX && len < sizeof(top3); k++) {
		char rt[48];

		rate_text(rt, sizeof(rt), &s->io[best[k]].prq_rate);
		len += (size_t)snprintf(top3 + len, sizeof(top3) - len, "%s%u %s",
					k ? ", " : "  PRQ/PASID ", s->io[best[k]].ioasid, rt);
	}
	if (s->io_err)
		line(sf, r->y, r->x, r->w, TOP_A_NORMAL, "Sets %zu  IOASIDs: %s", s->nsets,
		     errtext(s->io_err));
	else
		line(sf, r->y, r->x, r->w, TOP_A_NORMAL,
		     "Sets %zu  IOASIDs %zu: %" PRIu64 " active, %" PRIu64 " idle, %" PRIu64
		     " free_pending%s",
		     s->nsets, s->nio, s->states[1], s->states[0], s->states[2], top3);
}

static void draw_units(const struct top_surface *sf, const struct top_rect *r,
		       const struct top_frame *f)
{
	const struct top_sample *s = f->s;

	for (int i = 0; i < r->h && (size_t)i < s->nunits; i++) {
		const struct top_unit *u = &s->units[i];
		char rt[48];

		if (!u->has_irq) {
			line(sf, r->y + i, r->x, r->w, TOP_A_DIM,
			     "PRQ %-8s no page-request interrupt", u->iommu);
			continue;
		}
		rate_text(rt, sizeof(rt), &u->rate);
		line(sf, r->y + i, r->x, r->w, TOP_A_NORMAL,
		     "PRQ %-8s irq %-4u %10" PRIu64 " interrupts  %s  (%s)", u->iommu, u->irq.irq,
		     u->total, rt, u->source);
	}
	if (s->prq_err && r->h)
		line(sf, r->y, r->x, r->w, TOP_A_DIM, "PRQ  %s", errtext(s->prq_err));
}

static void draw_cgroups(const struct top_surface *sf, const struct top_rect *r,
			 const struct top_frame *f)
{
	const struct top_sample *s = f->s;
	char full[512] = "";
	size_t len = 0, nlim = 0, nfull = 0;
	uint64_t events = 0;

	if (s->cg_err) {
		line(sf, r->y, r->x, r->w, TOP_A_DIM, "Cgroups  %s", errtext(s->cg_err));
		return;
	}
	for (size_t i = 0; i < s->ncg; i++) {
		const struct top_cg *c = &s->cgs[i];
		bool lim = false;

		if (!c->io_max.err && !c->io_unlimited && c->has_ioasids) {
			lim = true;
			if (!c->io_cur.err && c->io_cur.v >= c->io_max.v) {
				nfull++;
				if (len < sizeof(full) - 1)
					len += (size_t)snprintf(full + len, sizeof(full) - len,
								" %s %" PRIu64 "/%" PRIu64, c->path,
								c->io_cur.v, c->io_max.v);
			}
		}
		if (!c->misc_max.err && !c->misc_unlimited && c->has_misc)
			lim = true;
		nlim += lim;
		if (!c->io_events.err)
			events += c->io_events.v;
		if (!c->misc_events.err)
			events += c->misc_events.v;
	}
	line(sf, r->y, r->x, r->w, nfull ? TOP_A_WARN : TOP_A_NORMAL,
	     "Cgroups %zu, %zu with a limit, %zu at the ioasids limit, %" PRIu64 " refusals%s%s",
	     s->ncg, nlim, nfull, events, nfull ? ":" : "", full);
}

/* ---- the table ---- */

/* A column is as wide as its width or its heading (plus the sort mark). */
static int col_width(const struct top_table *t, size_t c)
{
	int n = (int)strlen(t->cols[c].pr->name) + 1;

	return n > t->cols[c].width ? n : t->cols[c].width;
}

static void draw_table(const struct top_surface *sf, const struct top_rect *r, struct top_ui *ui,
		       const struct top_frame *f)
{
	const struct top_table *t = f->t;
	char head[1024];
	size_t len = 0, rows;

	if (r->h <= 0)
		return;
	for (size_t c = 0; c < t->ncols && len < sizeof(head) - 1; c++) {
		char name[48];
		bool s = c == ui->sort_col[ui->view];
		int w = col_width(t, c);

		snprintf(name, sizeof(name), "%s%s", t->cols[c].pr->name,
			 s ? (ui->sort_desc[ui->view] ? "v" : "^") : "");
		len += (size_t)snprintf(head + len, sizeof(head) - len,
					t->cols[c].pr->right ? "%*.*s " : "%-*.*s ", w, w, name);
	}
	line(sf, r->y, r->x, r->w, TOP_A_HEADING, "%s", head);
	rows = (size_t)(r->h - 1);
	/* keep the selection on screen */
	if (ui->sel < ui->top)
		ui->top = ui->sel;
	if (rows && ui->sel >= ui->top + rows)
		ui->top = ui->sel - rows + 1;
	if (ui->top > f->nvis)
		ui->top = 0;
	if (!f->nvis) {
		line(sf, r->y + 1, r->x, r->w, TOP_A_DIM, "  (no %s%s)", top_view_name(ui->view),
		     ui->filter[0] ? " match the filter" : "");
		return;
	}
	for (size_t i = 0; i < rows && ui->top + i < f->nvis; i++) {
		size_t k = f->vis[ui->top + i];
		const struct top_row *row = &t->rows[k];
		enum top_attr a = ui->top + i == ui->sel ? TOP_A_SELECTED
				  : row->changed	 ? TOP_A_CHANGED
				  : row->group		 ? TOP_A_BOLD
							 : TOP_A_NORMAL;
		char buf[1024];
		size_t n = 0;

		for (size_t c = 0; c < t->ncols && n < sizeof(buf) - 1; c++) {
			const char *txt = top_cell_text(t, k, c);
			char cell[160];
			int w = col_width(t, c);

			if (row->group) {
				/* a tree heading: its cgroup across the line */
				if (!top_cell_is_null(t, k, c)) {
					n = (size_t)snprintf(buf, sizeof(buf), "%s", txt);
					break;
				}
				continue;
			}
			/* the tree indents the cgroup column of the cgroups view,
			 * else the first */
			if (c == (t->view == TOP_VIEW_CGROUPS ? t->ncols - 1 : 0) && row->depth)
				snprintf(cell, sizeof(cell), "%*s%s", row->depth * 2, "", txt);
			else
				snprintf(cell, sizeof(cell), "%s", txt);
			/* text cut at the column's width; the last column may run on */
			if (c + 1 < t->ncols && (int)strlen(cell) > w)
				cell[w] = '\0';
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      t->cols[c].pr->right ? "%*s " : "%-*s ", w, cell);
		}
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		buf[n] = '\0';
		line(sf, r->y + 1 + (int)i, r->x, r->w, a, "%s", buf);
	}
}

static void draw_text_pane(const struct top_surface *sf, const struct top_rect *r,
			   const char *title, const char *text)
{
	const char *p = text ? text : "";
	int y;

	if (r->h <= 0)
		return;
	line(sf, r->y, r->x, r->w, TOP_A_HEADING, "%s", title);
	for (y = 1; y < r->h && *p; y++) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);
		char buf[512];

		snprintf(buf, sizeof(buf), " %.*s", n, p);
		line(sf, r->y + y, r->x, r->w, TOP_A_NORMAL, "%s", buf);
		p += n + (nl ? 1 : 0);
	}
}

static void draw_events(const struct top_surface *sf, const struct top_rect *r,
			const struct top_ui *ui)
{
	int lines = r->h - 1;
	size_t first;

	if (r->h <= 0)
		return;
	line(sf, r->y, r->x, r->w, TOP_A_HEADING, "Changes (newest last)");
	first = ui->nev > (size_t)lines ? ui->nev - (size_t)lines : 0;
	for (size_t i = first; i < ui->nev; i++)
		line(sf, r->y + 1 + (int)(i - first), r->x, r->w, TOP_A_NORMAL, " %s", ui->ev[i]);
}

static const char help_text[] =
	"Views      1 sets  2 IOASIDs  3 cgroups  4 devices  5 SVA clients   Tab next view\n"
	"Move       Up/Down j/k  PgUp/PgDn  Home/End\n"
	"Sort       < > sort column left/right   r reverse\n"
	"Filter     / text Enter (Esc cancels; / then Enter clears)\n"
	"Tree       t group sets and IOASIDs by cgroup\n"
	"Panes      Enter detail of the selected row   e changes\n"
	"Actions    l change the selected cgroup's limit (cgroups view)\n"
	"           x free the selected IOASID (IOASIDs view, emulated host)\n"
	"           both ask for confirmation; --readonly turns them off\n"
	"Other      Space refresh now   h ? this help   q quit\n"
	"\n"
	"Rows that changed since the last frame are highlighted. Interrupt rates\n"
	"count page-request interrupts (an interrupt may carry many requests);\n"
	"PRQ/PASID counts page requests per IOASID where the host reports them.\n";

static void draw_status(const struct top_surface *sf, const struct top_rect *r,
			const struct top_ui *ui, const struct top_frame *f)
{
	if (r->h <= 0)
		return;
	switch (ui->prompt) {
	case TOP_PROMPT_FILTER:
		line(sf, r->y, r->x, r->w, TOP_A_BOLD, "Filter: %s_", ui->input);
		return;
	case TOP_PROMPT_LIMIT:
		line(sf, r->y, r->x, r->w, TOP_A_BOLD, "%s %s_", ui->question, ui->input);
		return;
	case TOP_PROMPT_CONFIRM:
		line(sf, r->y, r->x, r->w, TOP_A_WARN, "%s [y/N]", ui->question);
		return;
	default:
		break;
	}
	if (ui->message[0])
		line(sf, r->y, r->x, r->w, TOP_A_BOLD, "%s", ui->message);
	else
		line(sf, r->y, r->x, r->w, TOP_A_DIM,
		     "%zu/%zu rows  q quit  h help  1-5 view  <> sort  / filter  t tree  Enter "
		     "detail"
		     "%s",
		     f->nvis ? ui->sel + 1 : 0, f->nvis,
		     ui->readonly ? "  (read-only)" : "  l limit  x free");
}

void top_render(const struct top_surface *sf, struct top_ui *ui, const struct top_frame *f)
{
	struct top_layout_in in = {sf->rows,   sf->cols,   (int)(f->s ? f->s->nunits : 0),
				   ui->detail, ui->events, ui->help};
	struct top_layout l;

	top_layout(&in, &l);
	sf->clear(sf->u);
	if (l.too_small) {
		line(sf, l.status.y, 0, l.status.w, TOP_A_WARN, "[%s] terminal too small",
		     top_host_kind_name(f->kind));
		return;
	}
	draw_title(sf, &l.title, ui, f);
	draw_bar(sf, &l.bar, f);
	draw_counts(sf, &l.counts, f);
	draw_units(sf, &l.units, f);
	if (l.cgroups.h)
		draw_cgroups(sf, &l.cgroups, f);
	if (l.help.h) {
		draw_text_pane(sf, &l.help, "Help (any key returns)", help_text);
	} else {
		draw_table(sf, &l.table, ui, f);
		if (l.detail.h) {
			char title[200];

			snprintf(title, sizeof(title), "Detail: %s",
				 ui->detail_key[0] ? ui->detail_key : "(nothing selected)");
			draw_text_pane(sf, &l.detail, title, ui->detail_text);
		}
		draw_events(sf, &l.events, ui);
	}
	draw_status(sf, &l.status, ui, f);
}
