/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ioasidtop: the live view. The pieces, one file each:
 *   top-sample.c   one sample of the host (library readers only)
 *   top-rate.c     rates from two samples (pure arithmetic)
 *   top-layout.c   where everything goes: a pure function of the size
 *   top-view.c     the rows of each view, built from a sample
 *   top-sort.c     sorting, filtering, changed-row marks
 *   top-render.c   drawing onto a surface (curses or a text grid)
 *   top-input.c    keys to actions, the prompt line
 *   top-json.c     --snapshot / --loop through the printer layer
 *   top-action.c   limit change and free: cli/action.h's records
 *   top-host.c     the host side of the loop: open, sample, events, trace
 *   ioasidtop.c    options, the loop, the terminal
 */
#ifndef IOASIDCTL_TOP_H
#define IOASIDCTL_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioasid.h"
#include "print/printer.h"

/* ------------------------------------------------------------------ */
/* Rates (top-rate.c) */

/* One interrupt line's per-CPU counters at one instant. */
struct top_irq_sample {
	bool valid; /* the line was read */
	unsigned irq;
	size_t ncpus;
	unsigned *cpu; /* CPU numbers, ascending as the kernel prints them */
	uint64_t *count;
	double t; /* CLOCK_MONOTONIC seconds when read */
};

struct top_rate {
	bool known;	/* false: no earlier sample, or nothing comparable */
	bool partial;	/* some CPUs were only in one of the samples */
	uint64_t delta; /* events between the samples */
	double per_sec;
};

/* The increase of a counter that is `bits` wide (32 for the kernel's
 * per-CPU interrupt counts, 64 for prq_count). A smaller value is a wrap
 * only when the earlier one was in the upper half of the range; otherwise
 * the counter was reset (the interrupt freed and requested again) and the
 * new value is what happened since. */
uint64_t top_counter_delta(uint64_t prev, uint64_t cur, unsigned bits);
/* The rate of one interrupt line between samples a (earlier) and b. */
void top_irq_rate(const struct top_irq_sample *a, const struct top_irq_sample *b,
		  struct top_rate *out);
/* The rate of a 64-bit count; have_prev false or dt <= 0: unknown. */
void top_count_rate(bool have_prev, uint64_t prev, uint64_t cur, double dt, struct top_rate *out);
void top_irq_sample_free(struct top_irq_sample *s);

/* ------------------------------------------------------------------ */
/* One sample of the host (top-sample.c) */

enum top_host_kind { TOP_HOST_LIVE, TOP_HOST_REPLAY, TOP_HOST_EMULATED };
const char *top_host_kind_name(enum top_host_kind k); /* "live", "replay", "emulated" */

struct top_set {
	uint32_t id;
	enum ioasid_ext_set_type type;
	int type_err;
	struct ioasid_val quota, allocated, owner_pid;
	char *cgroup; /* NULL unknown */
	int cgroup_err;
	/* from the IOASID dump */
	uint64_t active, idle, free_pending, prq;
	struct top_rate prq_rate;
};

struct top_io {
	uint32_t ioasid, set, state, refs, pid, spid;
	bool has_spid, has_pid;
	uint64_t prq;
	struct top_rate prq_rate;
};

struct top_unit {
	char iommu[64];
	char source[24]; /* "per_cpu_count", "proc_interrupts", "" */
	bool has_irq;
	uint64_t total;
	struct top_irq_sample irq;
	struct top_rate rate;
};

struct top_cg {
	char *path;
	bool has_ioasids, has_misc; /* which form's files are here */
	struct ioasid_val io_cur, io_max, io_events;
	bool io_unlimited;
	struct ioasid_val misc_cur, misc_max, misc_events;
	bool misc_unlimited;
};

/* Page requests of one device and PASID from the intel_iommu:prq_report
 * tracepoint (--trace on a live host). */
struct top_flow {
	char iommu[32];
	char dev[64];
	uint32_t pasid;
	uint64_t requests;
	struct top_rate rate;
};

/* What a sample reads besides the header's data (the visible view). */
enum { TOP_WANT_SVA = 1 << 0, TOP_WANT_BINDINGS = 1 << 1 };

struct top_sample {
	double t;
	int ext_err; /* 0, or the errno: no IOASID extension here */
	struct ioasid_ext_info info;
	size_t nsets;
	struct top_set *sets; /* ascending id */
	size_t nio;
	struct top_io *io; /* ascending ioasid */
	int io_err;
	uint64_t states[4]; /* idle, active, free_pending, other */
	size_t nunits;
	struct top_unit *units;
	struct ioasid_prq_stats prq; /* as read: units[i] is prq.v[i] */
	int prq_err;
	size_t ncg;
	struct top_cg *cgs;
	struct ioasid_misc_list misc; /* as read: cgs[i] is misc.v[i] */
	struct ioasid_cgroup_mount cgmount;
	int cg_err;
	bool have_sva;
	int sva_err;
	struct ioasid_idxd_list idxd;
	struct ioasid_uacce_list uacce;
	bool have_bindings;
	/* --trace: every (iommu, device, PASID) seen since the start */
	bool trace_on;
	size_t nflows;
	struct top_flow *flows;
	uint64_t trace_lost;
};

/* What top_sample_apply did: the sets whose IOASIDs it read again
 * (sorted; malloc'd, the caller frees) and how many IOASIDs they hold. */
struct top_applied {
	uint32_t *dirty;
	size_t ndirty;
	size_t fresh;
};
/* A changed host without a full read: the set dump, units and cgroups
 * read again, the IOASIDs of old kept except those of the sets in named
 * (the sets the notifications since old named) and of the sets whose
 * record changed, which are read again with a dump filtered by set.
 * -EAGAIN: the changes do not add up (read the host in full). */
int top_sample_apply(struct ioasid_ctx *ctx, unsigned want, const struct top_sample *old,
		     const uint32_t *named, size_t nnamed, struct top_sample *s,
		     struct top_applied *what);

/* Copy the tracepoint's aggregate into the sample (s->flows). */
int top_sample_flows(struct top_sample *s, const struct ioasid_prq_agg *agg, uint64_t lost);

/* Read the host. want: TOP_WANT_*. Never reads PCI config space.
 * Returns 0; what could not be read carries its errno in the sample. */
int top_sample_take(struct ioasid_ctx *ctx, unsigned want, struct top_sample *s);
/* Read what want adds to a sample taken without it (a view switch: the
 * new view's data without a new sample, so the rates keep their
 * interval). */
int top_sample_extend(struct ioasid_ctx *ctx, unsigned want, struct top_sample *s);
/* The host did not change since s was taken: s becomes the sample at time
 * t, every rate 0 over the time since (known where it was comparable).
 * Returns true when every rate was 0 already (the rows built from s are
 * still right), false otherwise. */
bool top_sample_still(struct top_sample *s, double t);
/* Rates of s against the earlier sample prev (NULL: unknown). */
void top_sample_rates(struct top_sample *s, const struct top_sample *prev);
void top_sample_free(struct top_sample *s);
const struct top_set *top_sample_set(const struct top_sample *s, uint32_t id);

/* PCI functions and IOMMU units, read once per run (config space is
 * never read per frame: it wakes suspended devices). */
struct top_devices {
	bool loaded;
	int err;
	struct ioasid_iommu_list il;
	struct ioasid_pci_list pl;
};
int top_devices_load(struct ioasid_ctx *ctx, struct top_devices *d);
void top_devices_free(struct top_devices *d);

/* ------------------------------------------------------------------ */
/* Tables (top-view.c, top-sort.c) */

enum top_view {
	TOP_VIEW_SETS,
	TOP_VIEW_IOASIDS,
	TOP_VIEW_CGROUPS,
	TOP_VIEW_DEVICES,
	TOP_VIEW_SVA,
	TOP_NVIEWS
};
const char *top_view_name(enum top_view v); /* "sets", "ioasids", ... */
int top_view_parse(const char *name, enum top_view *v);

#define TOP_MAXCOL 12

/* A column of a view: a column of its record type's table in print/
 * (heading, JSON key and type, alignment: the same as ioasidctl's). */
struct top_col {
	const struct pr_col *pr;
	size_t idx; /* pr's index in that table */
	int width;  /* screen width (the cell is cut to it) */
};

struct top_row {
	size_t key;		  /* arena offset: identity across frames */
	size_t cell[TOP_MAXCOL];  /* arena offsets of the cell texts */
	uint64_t num[TOP_MAXCOL]; /* numeric value (PR_NUM columns) */
	uint32_t null_mask;	  /* unknown cells */
	uint32_t hash;		  /* of the cells: a change marks the row */
	uint8_t depth;		  /* tree level */
	bool group;		  /* a tree group heading (not data) */
	bool changed;
};

struct top_table {
	enum top_view view;
	const struct top_col *cols;
	size_t ncols;
	struct top_row *rows;
	size_t n, cap;
	char *arena;
	size_t alen, acap;
};

void top_table_init(struct top_table *t, enum top_view v);
void top_table_free(struct top_table *t);
void top_table_clear(struct top_table *t);
const struct top_col *top_view_cols(enum top_view v, size_t *n);
/* Add a row with its identity key; returns its index or -ENOMEM. */
long top_row_add(struct top_table *t, const char *key);
void top_cell_str(struct top_table *t, size_t r, size_t col, const char *s); /* NULL: unknown */
void top_cell_num(struct top_table *t, size_t r, size_t col, uint64_t v);
void top_cell_null(struct top_table *t, size_t r, size_t col, int err);
void top_cell_val(struct top_table *t, size_t r, size_t col, const struct ioasid_val *v);
/* Finish a row (computes its hash). */
void top_row_done(struct top_table *t, size_t r);
const char *top_cell_text(const struct top_table *t, size_t r, size_t col);
const char *top_row_key(const struct top_table *t, size_t r);
static inline bool top_cell_is_null(const struct top_table *t, size_t r, size_t col)
{
	return t->rows[r].null_mask & (1u << col);
}

/* The cgroups view's USE_PCT: the larger current/limit of the two forms,
 * percent; false when neither is known. */
bool top_cg_use_pct(const struct top_cg *cg, uint64_t *pct);

/* Build view v's rows from sample s; tree: group by cgroup (sets and
 * IOASIDs views; the cgroups view is a tree by its paths anyway). */
int top_view_build(struct top_table *t, enum top_view v, const struct top_sample *s,
		   const struct top_devices *d, bool tree);

struct top_seen;
/* The IOASIDs view (not a tree) after top_sample_apply: the rows of the
 * sets in dirty (sorted) are replaced by s's IOASIDs of those sets and
 * merged into the order of sort_col, their changed marks set against
 * seen (NULL: the caller marks). The other rows must show what they
 * showed (their rates were and are 0). -EINVAL: build it in full. */
int top_view_update_ioasids(struct top_table *t, const struct top_sample *s, const uint32_t *dirty,
			    size_t ndirty, size_t sort_col, bool desc, struct top_seen *seen);
/* Rows [first, n) are new, rows [0, first) sorted by col: sort the new
 * ones and merge, ties by the numeric column tie (ascending). */
void top_table_merge_tail(struct top_table *t, size_t first, size_t col, bool desc, size_t tie);

/* Sort by column col (descending if desc): numbers numerically, unknown
 * last, text by strcmp; ties keep the build order. In a tree, the rows of
 * each group are sorted among themselves and groups keep their order. */
void top_table_sort(struct top_table *t, size_t col, bool desc);
/* Case-insensitive substring of any cell (or the key). "" matches all. */
bool top_row_match(const struct top_table *t, size_t r, const char *filter);
/* The indices of the rows to show into idx (t->n entries): those that
 * match, and in a tree the groups with a matching row. Returns the count. */
size_t top_table_filter(const struct top_table *t, const char *filter, size_t *idx);

/* Rows seen in the last frame: key -> hash (open addressing). */
struct top_seen {
	size_t n, cap;
	uint64_t *keyhash;
	uint32_t *hash;
	bool primed; /* the first frame marks nothing */
};
/* Mark rows whose key is new or whose cells changed, and remember this
 * frame's rows for the next. */
int top_mark_changes(struct top_table *t, struct top_seen *seen);
/* The same for a table whose rows [0, first) are the last frame's, not
 * changed, and [first, n) new (top_view_update_ioasids); gone: the arena
 * offsets of the keys of the rows that went. -ENOSPC: use
 * top_mark_changes. */
int top_mark_new(struct top_table *t, struct top_seen *seen, size_t first, const size_t *gone,
		 size_t ngone);
void top_seen_free(struct top_seen *s);

/* ------------------------------------------------------------------ */
/* Layout (top-layout.c): a pure function of the terminal size */

struct top_rect {
	int y, x, h, w; /* h == 0: not shown */
};

struct top_layout_in {
	int rows, cols;
	int nunits;  /* IOMMU lines the header would like */
	bool detail; /* the detail pane is open */
	bool events; /* the event pane is open */
	bool help;   /* the help screen replaces the body */
};

struct top_layout {
	bool too_small; /* only a "terminal too small" line fits */
	struct top_rect title, bar, counts, units, cgroups; /* header lines */
	struct top_rect table;				    /* heading line + rows */
	struct top_rect detail;				    /* right of or below the table */
	struct top_rect events;
	struct top_rect help;
	struct top_rect status; /* the last line: keys, prompt, messages */
};

#define TOP_MIN_COLS 40
#define TOP_MIN_ROWS 8
void top_layout(const struct top_layout_in *in, struct top_layout *out);

/* ------------------------------------------------------------------ */
/* Drawing (top-render.c) */

enum top_attr {
	TOP_A_NORMAL = 0,
	TOP_A_BOLD,
	TOP_A_HEADING,	/* the table's column headings */
	TOP_A_SELECTED, /* the cursor row */
	TOP_A_CHANGED,	/* changed since the last frame */
	TOP_A_BAR,	/* the used part of a bar */
	TOP_A_WARN,	/* at or over a limit, failures */
	TOP_A_DIM,
	TOP_NATTR
};

/* Where frames are drawn: curses, or a text grid (plain output, tests,
 * the benchmark's virtual screen). */
struct top_surface {
	int rows, cols;
	void (*put)(void *u, int y, int x, const char *s, int n, enum top_attr a);
	void (*clear)(void *u);
	void *u;
};

/* A text grid surface. */
struct top_grid {
	int rows, cols;
	char *cells; /* rows * cols, blank filled */
};
int top_grid_init(struct top_grid *g, int rows, int cols, struct top_surface *s);
void top_grid_free(struct top_grid *g);
/* Print the grid, trailing blanks and blank lines at the end trimmed. */
void top_grid_print(const struct top_grid *g, FILE *out);

/* The whole screen's state, for drawing and input. */
#define TOP_EVENTS 64
struct top_ui {
	enum top_view view;
	size_t sort_col[TOP_NVIEWS];
	bool sort_desc[TOP_NVIEWS];
	bool tree, detail, events, help, color, readonly;
	char filter[128];
	/* the prompt line: filter, limit value, confirmation */
	enum { TOP_PROMPT_NONE, TOP_PROMPT_FILTER, TOP_PROMPT_LIMIT, TOP_PROMPT_CONFIRM } prompt;
	char input[128];
	size_t ninput;
	char question[512];
	/* the pending action: its kind (TOP_ACT_LIMIT, TOP_ACT_FREE), the
	 * cgroup or IOASID, and for a limit the form ("ioasids", "misc") */
	int act;
	char act_target[160];
	char act_form[16];
	uint32_t act_ioasid; /* TOP_ACT_FREE's IOASID */
	/* the selection: its key (follows the row when the order changes) */
	char sel_key[160];
	size_t sel; /* index into the visible rows */
	size_t top; /* first visible row */
	char message[256];
	/* recent changes, newest last */
	char ev[TOP_EVENTS][160];
	size_t nev;
	/* the detail pane's text, computed when the selection changes */
	char *detail_text;
	char detail_key[160];
	uint32_t detail_hash;
};

struct top_frame {
	const struct top_sample *s;
	const struct top_table *t;
	const size_t *vis; /* visible rows */
	size_t nvis;
	enum top_host_kind kind;
	const char *root; /* what is shown: a directory, "/" */
	double interval;
	uint64_t frame;
};

void top_render(const struct top_surface *sf, struct top_ui *ui, const struct top_frame *f);
/* The bar "[|||||     ]" of used out of total into buf (w cells). */
void top_bar(char *buf, int w, uint64_t used, uint64_t total);

/* ------------------------------------------------------------------ */
/* Input (top-input.c) */

enum top_action {
	TOP_ACT_NONE,
	TOP_ACT_QUIT,
	TOP_ACT_REDRAW,	 /* state changed, draw again */
	TOP_ACT_REFRESH, /* sample now */
	TOP_ACT_LIMIT,	 /* the confirmed limit change */
	TOP_ACT_FREE,	 /* the confirmed free */
	TOP_ACT_DETAIL,	 /* the selection or the pane changed */
};
/* Keys (curses KEY_* values or characters). nvis: visible rows, page:
 * table rows on screen. */
enum top_action top_key(struct top_ui *ui, int key, size_t nvis, size_t page, bool emulated);
/* Start the limit prompt / the free confirmation for the selected row
 * (what they apply to is kept in the question). */
void top_ui_event(struct top_ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* JSON (top-json.c) and actions (top-action.c) */

/* One document: {"schema_version":1, "hosts":[...], "capacity":[...],
 * "ioasid_states":[...], "prq":[...], "pasid_page_requests":[...],
 * "cgroups":[...], "<view>":[...]} through the printer layer; the arrays
 * ioasidctl prints too carry its records (the column tables of print/). */
int top_json_emit(const struct top_sample *s, enum top_host_kind kind, const char *root,
		  double interval, enum top_view view, const struct top_devices *d);

struct top_opts {
	const char *sim;
	const char *sysroot;
	const char *pci_dump;
};
/* cgroup set-limit CGROUP --form FORM VALUE and free IOASID through the
 * functions ioasidctl's commands call (cli/action.h); the record's line
 * (its text, or "object: why") goes to msg. Returns its exit status. */
int top_action_set_limit(const struct top_opts *o, const char *cgroup, const char *form,
			 const char *value, char *msg, size_t len);
int top_action_free(const struct top_opts *o, uint32_t ioasid, char *msg, size_t len);

/* The detail pane's text for the selected row (malloc'd). */
char *top_detail(struct ioasid_ctx *ctx, const struct top_devices *d, const struct top_sample *s,
		 const struct top_table *t, size_t row);

#endif
