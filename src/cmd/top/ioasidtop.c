// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidtop: a live view of a host's IOASIDs (ioasidtop(8)). This file
 * holds the options, the loop and the terminal; the pieces are in top-*.c
 * (top.h lists them).
 *
 * The loop samples, draws, then sleeps exactly the time left to the next
 * sample in ppoll() on stdin with the signals unblocked only there (no
 * busy loop, no lost signal): handlers set flags (SIGINT, SIGTERM, SIGHUP
 * quit; SIGWINCH resizes), and the terminal is restored on every way out.
 */
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <popt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli/arg.h"
#include "cli/cli.h"
#include "top/top-term.h"
#include "top/top.h"
#include "top/top-app.h"

#define DELAY_MIN 0.1
#define DELAY_MAX 100.0

static volatile sig_atomic_t got_quit, got_winch;
static bool curses_on;

static void on_quit(int sig)
{
	(void)sig;
	got_quit = 1;
}

static void on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

/* atexit and every error path: the terminal as it was */
static void restore_terminal(void)
{
	if (curses_on) {
		curses_on = false;
		endwin();
	}
}

int top_error(int status, const char *object, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	restore_terminal();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("ioasidtop: %s: %s", object, msg);
	return status;
}

/* ---- the table on screen ---- */

static void finish_rows(struct top *tp, bool new_sample);

static void build_rows(struct top *tp, bool new_sample)
{
	struct top_ui *ui = &tp->ui;
	enum top_view prev_view = tp->t.view;

	if (ui->view == TOP_VIEW_DEVICES)
		top_devices_load(tp->base, &tp->dev);
	/* a view switched to between samples: its data, same sample */
	top_sample_extend(tp->cur ? tp->cur : tp->base, top_want_for(ui->view), &tp->s);
	if (prev_view != ui->view)
		tp->seen.primed = false; /* another view: nothing "changed" */
	top_view_build(&tp->t, ui->view, &tp->s, &tp->dev, ui->tree);
	top_table_sort(&tp->t, ui->sort_col[ui->view], ui->sort_desc[ui->view]);
	finish_rows(tp, new_sample);
}

/* A sample with changes applied (top-host.c): the IOASIDs view replaces
 * the rows of the sets that changed and merges them into its order
 * instead of building and sorting every row. Returns false where it
 * cannot (another view, a tree, rows whose rates moved). */
static bool update_rows(struct top *tp)
{
	struct top_ui *ui = &tp->ui;

	if (!tp->applied || !tp->applied_rows || ui->view != TOP_VIEW_IOASIDS || ui->tree ||
	    tp->t.view != ui->view || !tp->t.cols)
		return false;
	if (top_view_update_ioasids(&tp->t, &tp->s, tp->dirty, tp->ndirty, ui->sort_col[ui->view],
				    ui->sort_desc[ui->view], &tp->seen) < 0)
		return false;
	finish_rows(tp, false); /* marked by the update */
	return true;
}

static void finish_rows(struct top *tp, bool new_sample)
{
	struct top_ui *ui = &tp->ui;
	bool found = false;

	if (new_sample)
		top_mark_changes(&tp->t, &tp->seen);
	free(tp->vis);
	tp->vis = malloc((tp->t.n ? tp->t.n : 1) * sizeof(*tp->vis));
	tp->nvis = tp->vis ? top_table_filter(&tp->t, ui->filter, tp->vis) : 0;
	/* the selection follows its row when the order changes */
	if (ui->sel_key[0])
		for (size_t i = 0; i < tp->nvis && !found; i++)
			if (!strcmp(top_row_key(&tp->t, tp->vis[i]), ui->sel_key)) {
				ui->sel = i;
				found = true;
			}
	if (ui->sel >= tp->nvis)
		ui->sel = tp->nvis ? tp->nvis - 1 : 0;
}

static void remember_selection(struct top *tp)
{
	struct top_ui *ui = &tp->ui;

	if (tp->nvis)
		snprintf(ui->sel_key, sizeof(ui->sel_key), "%s",
			 top_row_key(&tp->t, tp->vis[ui->sel]));
	else
		ui->sel_key[0] = '\0';
}

/* Computed when the selection or the selected row changes only. */
static void update_detail(struct top *tp)
{
	struct top_ui *ui = &tp->ui;
	size_t r;

	if (!ui->detail || !tp->nvis)
		return;
	r = tp->vis[ui->sel];
	if (ui->detail_text && !strcmp(ui->detail_key, top_row_key(&tp->t, r)) &&
	    ui->detail_hash == tp->t.rows[r].hash)
		return;
	free(ui->detail_text);
	snprintf(ui->detail_key, sizeof(ui->detail_key), "%s", top_row_key(&tp->t, r));
	ui->detail_hash = tp->t.rows[r].hash;
	ui->detail_text = top_detail(tp->cur ? tp->cur : tp->base, &tp->dev, &tp->s, &tp->t, r);
}

static struct top_frame frame_of(struct top *tp)
{
	struct top_frame f = {&tp->s,	&tp->t,	  tp->vis,	tp->nvis,
			      tp->kind, tp->root, tp->interval, tp->frame};

	return f;
}

/* ---- curses ---- */

static void curses_put(void *u, int y, int x, const char *s, int n, enum top_attr a)
{
	struct top *tp = u;
	attr_t at = A_NORMAL;
	short pair = 0;

	switch (a) {
	case TOP_A_BOLD:
		at = A_BOLD;
		break;
	case TOP_A_HEADING:
		at = A_REVERSE;
		pair = 1;
		break;
	case TOP_A_SELECTED:
		at = A_REVERSE | A_BOLD;
		break;
	case TOP_A_CHANGED:
		at = A_BOLD;
		pair = 2;
		break;
	case TOP_A_BAR:
		at = A_BOLD;
		pair = 3;
		break;
	case TOP_A_WARN:
		at = A_BOLD;
		pair = 4;
		break;
	case TOP_A_DIM:
		at = A_DIM;
		break;
	default:
		break;
	}
	if (!tp->color)
		pair = 0;
	if (a == TOP_A_CHANGED && !tp->color)
		at = A_BOLD | A_UNDERLINE;
	attr_set(at, pair, NULL);
	mvaddnstr(y, x, s, n);
	attr_set(A_NORMAL, 0, NULL);
}

static void curses_clear(void *u)
{
	(void)u;
	erase();
}

static bool start_curses(struct top *tp)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term ||
	    !strcmp(term, "dumb"))
		return false;
	/* a terminal type terminfo does not know: plain text (asked first:
	 * a failed newterm leaves its allocation behind) */
	if (!top_term_known(STDOUT_FILENO))
		return false;
	if (!newterm(NULL, stdout, stdin))
		return false;
	curses_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (tp->color && has_colors() && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_BLACK, COLOR_CYAN);
		init_pair(2, COLOR_YELLOW, -1);
		init_pair(3, COLOR_GREEN, -1);
		init_pair(4, COLOR_RED, -1);
	} else {
		tp->color = false;
	}
	return true;
}

static void draw(struct top *tp)
{
	struct top_frame f = frame_of(tp);

	if (curses_on) {
		struct top_surface sf = {LINES, COLS, curses_put, curses_clear, tp};

		top_render(&sf, &tp->ui, &f);
		refresh();
	} else {
		struct top_grid g;
		struct top_surface sf;
		int rows = tp->screen_rows, cols = tp->screen_cols;

		/* plain text without a terminal: every row (the page is the file) */
		if (tp->plain_auto) {
			/* header (6 with the IOMMU lines), heading, rows, status */
			size_t want = 9 + tp->s.nunits + (tp->nvis ? tp->nvis : 1);

			if (want < 12)
				want = 12; /* the cgroup line needs 12 */

			rows = want > 10000 ? 10000 : (int)want;
		}

		if (top_grid_init(&g, rows, cols, &sf) < 0)
			return;
		top_render(&sf, &tp->ui, &f);
		if (!tp->screen_rows || tp->plain)
			top_grid_print(&g, stdout);
		top_grid_free(&g);
		/* the event pane of a plain page: the changes since the last one */
		if (tp->plain_auto) {
			for (size_t i = tp->printed_ev; i < tp->ui.nev; i++)
				printf("change: %s\n", tp->ui.ev[i]);
			tp->printed_ev = tp->ui.nev;
			printf("\n");
		}
		fflush(stdout);
	}
}

static void resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resize_term(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

/* ---- actions ---- */

static const struct top_cg *sel_cgroup(struct top *tp)
{
	const char *key;

	if (!tp->nvis || tp->ui.view != TOP_VIEW_CGROUPS)
		return NULL;
	key = top_row_key(&tp->t, tp->vis[tp->ui.sel]);
	for (size_t i = 0; i < tp->s.ncg; i++)
		if (!strcmp(tp->s.cgs[i].path, key))
			return &tp->s.cgs[i];
	return NULL;
}

/* Name what a prompt that just opened applies to. */
static void prepare_action(struct top *tp)
{
	struct top_ui *ui = &tp->ui;

	if (ui->prompt == TOP_PROMPT_LIMIT && ui->act == TOP_ACT_LIMIT) {
		const struct top_cg *cg = sel_cgroup(tp);

		if (!cg) {
			ui->prompt = TOP_PROMPT_NONE;
			return;
		}
		snprintf(ui->act_target, sizeof(ui->act_target), "%s", cg->path);
		/* the form whose limit the cgroup has (the seed's ioasids
		 * controller first, as `cgroup set-limit` names it) */
		snprintf(ui->act_form, sizeof(ui->act_form), "%s",
			 cg->has_ioasids || !cg->has_misc ? "ioasids" : "misc");
		snprintf(ui->question, sizeof(ui->question),
			 "New %s.max for %s (N or max):", ui->act_form, ui->act_target);
	} else if (ui->prompt == TOP_PROMPT_CONFIRM && ui->act == TOP_ACT_FREE && tp->nvis) {
		unsigned id;

		if (sscanf(top_row_key(&tp->t, tp->vis[ui->sel]), "ioasid %u", &id) != 1) {
			ui->prompt = TOP_PROMPT_NONE;
			snprintf(ui->message, sizeof(ui->message), "x: select an IOASID row");
			return;
		}
		snprintf(ui->act_target, sizeof(ui->act_target), "%u", id);
		ui->act_ioasid = id;
		snprintf(ui->question, sizeof(ui->question), "Free IOASID %u?", id);
		ui->act_form[0] = '\0';
	}
}

static void run_action(struct top *tp, enum top_action act)
{
	struct top_ui *ui = &tp->ui;
	char msg[sizeof(ui->message)], ts[16];
	int rc;

	if (act == TOP_ACT_LIMIT)
		rc = top_action_set_limit(&tp->o, ui->act_target, ui->act_form, ui->input, msg,
					  sizeof(msg));
	else
		rc = top_action_free(&tp->o, ui->act_ioasid, msg, sizeof(msg));
	if (rc)
		snprintf(ui->message, sizeof(ui->message), "failed: %.*s",
			 (int)sizeof(ui->message) - 9, msg);
	else
		snprintf(ui->message, sizeof(ui->message), "%s", msg);
	top_stamp(ts, sizeof(ts));
	top_ui_event(ui, "%s %s", ts, ui->message);
	ui->input[0] = '\0';
	ui->ninput = 0;
	if (curses_on)
		clearok(curscr, TRUE); /* in case something wrote on the terminal */
}

/* ---- waiting ---- */

/* Read and answer one key; NONE when there is none (or it changed
 * nothing). */
static enum top_action next_key(struct top *tp)
{
	size_t page = LINES > 12 ? (size_t)LINES - 12 : 1;
	int key, before;
	enum top_action a;

	while ((key = getch()) != ERR) {
		if (key == KEY_RESIZE) {
			resize();
			return TOP_ACT_REDRAW;
		}
		before = (int)tp->ui.prompt;
		a = top_key(&tp->ui, key, tp->nvis, page, tp->kind == TOP_HOST_EMULATED);
		if ((int)tp->ui.prompt != before && before == TOP_PROMPT_NONE)
			prepare_action(tp);
		if (a == TOP_ACT_LIMIT || a == TOP_ACT_FREE) {
			run_action(tp, a);
			return TOP_ACT_REFRESH;
		}
		if (a == TOP_ACT_DETAIL || a == TOP_ACT_REDRAW)
			remember_selection(tp);
		if (a != TOP_ACT_NONE)
			return a;
	}
	return TOP_ACT_NONE;
}

/* Sleep until the deadline, or until a key or a signal needs an answer.
 * Returns the action to take (NONE: the deadline passed). */
static enum top_action wait_input(struct top *tp, double deadline)
{
	for (;;) {
		double left = deadline - top_now();
		struct timespec ts;
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		int n;

		if (got_quit)
			return TOP_ACT_QUIT;
		if (got_winch) {
			got_winch = 0;
			if (curses_on) {
				resize();
				return TOP_ACT_REDRAW;
			}
		}
		/* keys first: one at a time, each answered before the next (a
		 * view switch must rebuild the rows the next key acts on); keys
		 * curses already read are not seen by poll */
		if (curses_on) {
			enum top_action act = next_key(tp);

			if (act != TOP_ACT_NONE)
				return act;
		}
		if (left <= 0)
			return TOP_ACT_NONE;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		n = ppoll(curses_on ? &pfd : NULL, curses_on ? 1 : 0, &ts, &tp->waitmask);
		if (n < 0 && errno != EINTR)
			return TOP_ACT_QUIT;
		if (n > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
			return TOP_ACT_QUIT; /* the terminal went away */
	}
}

static int run_json(struct top *tp)
{
	long docs = 0;

	top_take_sample(tp);
	for (;;) {
		double deadline = top_now() + tp->interval;

		if (wait_input(tp, deadline) == TOP_ACT_QUIT)
			break;
		top_take_sample(tp);
		if (top_json_emit(&tp->s, tp->kind, tp->root, tp->interval, tp->ui.view, &tp->dev) <
		    0)
			return top_error(1, "stdout", "cannot write the snapshot");
		fflush(stdout);
		docs++;
		if (tp->snapshot || (tp->iterations && docs >= tp->iterations))
			break;
	}
	return 0;
}

static int run_screen(struct top *tp)
{
	enum top_action act = TOP_ACT_REFRESH;

	if (!tp->plain && !tp->screen_rows && start_curses(tp)) {
		/* curses */
	} else {
		struct winsize ws;

		if (!tp->screen_rows) {
			/* plain text: the terminal's size if there is one */
			tp->screen_rows = 24;
			tp->screen_cols = 100;
			if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
				tp->screen_rows = ws.ws_row, tp->screen_cols = ws.ws_col;
			else
				tp->plain_auto = true, tp->screen_cols = 200, tp->ui.events = false;
			tp->plain = true;
		}
	}
	for (;;) {
		if (act == TOP_ACT_REFRESH) {
			top_take_sample(tp);
			/* a host that did not change keeps its rows; none of
			 * them changed since the last frame */
			if (update_rows(tp))
				; /* the changed sets' rows replaced */
			else if (!tp->still_rows || tp->t.view != tp->ui.view)
				build_rows(tp, true);
			else
				for (size_t i = 0; i < tp->t.n; i++)
					tp->t.rows[i].changed = false;
			tp->frame++;
		} else if (act != TOP_ACT_DETAIL) {
			/* a selection move keeps the rows: only the cursor and
			 * the detail pane change */
			build_rows(tp, false);
		}
		remember_selection(tp);
		update_detail(tp);
		if (!tp->plain || act == TOP_ACT_REFRESH)
			draw(tp);
		if (tp->iterations && (long)tp->frame >= tp->iterations)
			break;
		{
			double deadline = tp->s.t + tp->interval;

			act = wait_input(tp, deadline);
		}
		if (act == TOP_ACT_QUIT)
			break;
		if (act == TOP_ACT_NONE)
			act = TOP_ACT_REFRESH;
	}
	restore_terminal();
	return 0;
}

/* ---- options ---- */

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: ioasidtop [options]\n"
		"\n"
		"A live view of a host's IOASIDs (PASIDs): capacity, sets, IOASIDs, page-request\n"
		"interrupts per IOMMU, cgroup limits, devices and SVA clients.\n"
		"\n"
		"Options:\n"
		"  -d, --delay SECONDS     refresh interval, 0.1 to 100 (default 2)\n"
		"  -n, --iterations N      stop after N frames (N JSON documents with --loop)\n"
		"      --view VIEW         sets, ioasids, cgroups, devices or sva (default sets)\n"
		"      --snapshot          print one JSON document (two samples) and exit\n"
		"      --loop              print a JSON document every interval\n"
		"      --plain             plain text frames instead of the full screen\n"
		"      --screen COLSxROWS  draw on a virtual screen of that size (benchmarks)\n"
		"      --readonly          no limit changes, no frees\n"
		"      --trace             live host, root: page requests per PASID from the\n"
		"                          intel_iommu:prq_report tracepoint\n"
		"      --no-color          monochrome (also NO_COLOR)\n"
		"      --sim DIR           an emulated host (also IOASIDCTL_SIM)\n"
		"      --sysroot DIR|FILE  replay a captured host (a directory or a dump)\n"
		"      --pci-dump FILE     PCI config space from an lspci -x dump\n"
		"  -h, --help              this help\n"
		"  -V, --version           the version\n"
		"\n"
		"Keys: h or ? in the view. See ioasidtop(8).\n");
}

/* popt's copies of the string options, freed at exit (every way out) */
static char *opt_delay, *opt_iterations, *opt_view, *opt_screen, *opt_sim, *opt_sysroot,
	*opt_pci_dump;

static void free_options(void)
{
	free(opt_delay);
	free(opt_iterations);
	free(opt_view);
	free(opt_screen);
	free(opt_sim);
	free(opt_sysroot);
	free(opt_pci_dump);
}

int main(int argc, const char **argv)
{
	static struct top tp;
	char *delay, *view, *screen;
	int help = 0, version = 0, readonly = 0, nocolor = 0, snapshot = 0, loop = 0, plain = 0;
	int trace = 0;
	char why[256];
	uint64_t n;
	struct poptOption opts[] = {
		{"delay", 'd', POPT_ARG_STRING, &opt_delay, 0, NULL, NULL},
		{"iterations", 'n', POPT_ARG_STRING, &opt_iterations, 0, NULL, NULL},
		{"view", 0, POPT_ARG_STRING, &opt_view, 0, NULL, NULL},
		{"snapshot", 0, POPT_ARG_NONE, &snapshot, 0, NULL, NULL},
		{"loop", 0, POPT_ARG_NONE, &loop, 0, NULL, NULL},
		{"plain", 0, POPT_ARG_NONE, &plain, 0, NULL, NULL},
		{"screen", 0, POPT_ARG_STRING, &opt_screen, 0, NULL, NULL},
		{"readonly", 0, POPT_ARG_NONE, &readonly, 0, NULL, NULL},
		{"trace", 0, POPT_ARG_NONE, &trace, 0, NULL, NULL},
		{"no-color", 0, POPT_ARG_NONE, &nocolor, 0, NULL, NULL},
		{"sim", 0, POPT_ARG_STRING, &opt_sim, 0, NULL, NULL},
		{"sysroot", 0, POPT_ARG_STRING, &opt_sysroot, 0, NULL, NULL},
		{"pci-dump", 0, POPT_ARG_STRING, &opt_pci_dump, 0, NULL, NULL},
		{"help", 'h', POPT_ARG_NONE, &help, 0, NULL, NULL},
		{"version", 'V', POPT_ARG_NONE, &version, 0, NULL, NULL},
		POPT_TABLEEND};
	poptContext pc = poptGetContext("ioasidtop", argc, argv, opts, 0);
	struct sigaction sa = {0};
	sigset_t block;
	int rc;

	atexit(free_options);
	rc = poptGetNextOpt(pc);
	if (rc < -1) {
		pr_err("ioasidtop: %s: %s", poptBadOption(pc, POPT_BADOPTION_NOALIAS),
		       poptStrerror(rc));
		pr_err("Try 'ioasidtop --help' for more information.");
		poptFreeContext(pc);
		return EXIT_USAGE;
	}
	if (poptPeekArg(pc)) {
		pr_err("ioasidtop: %s: unexpected argument", poptPeekArg(pc));
		poptFreeContext(pc);
		return EXIT_USAGE;
	}
	poptFreeContext(pc);
	delay = opt_delay;
	view = opt_view;
	screen = opt_screen;
	tp.o.sim = opt_sim;
	tp.o.sysroot = opt_sysroot;
	tp.o.pci_dump = opt_pci_dump;
	if (help) {
		usage(stdout);
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	}
	if (version) {
		printf("ioasidtop %s\n", PACKAGE_VERSION);
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	}
	tp.interval = 2.0;
	/* numbers as ioasidctl reads them (cli/arg.h) */
	if (delay) {
		if (cli_sec_parse(delay, 0, 1e9, &tp.interval, why, sizeof(why)) < 0)
			return top_error(EXIT_USAGE, "--delay", "%s", why);
		/* clamped, as htop and nvtop do */
		tp.interval = tp.interval < DELAY_MIN	? DELAY_MIN
			      : tp.interval > DELAY_MAX ? DELAY_MAX
							: tp.interval;
	}
	if (opt_iterations) {
		if (cli_num_parse(opt_iterations, 0, INT32_MAX, &n, why, sizeof(why)) < 0)
			return top_error(EXIT_USAGE, "--iterations", "%s", why);
		tp.iterations = (long)n;
	}
	if (view && top_view_parse(view, &tp.ui.view) < 0)
		return top_error(EXIT_USAGE, "--view",
				 "'%s' is not a view (sets, ioasids, cgroups, devices, sva)", view);
	if (screen) {
		/* COLSxROWS, each a decimal number from 1 to 1000 */
		char cols[16];
		const char *x = strchr(screen, 'x');
		uint64_t w, h;

		if (!x || (size_t)(x - screen) >= sizeof(cols) ||
		    (snprintf(cols, sizeof(cols), "%.*s", (int)(x - screen), screen),
		     cli_num_parse(cols, 1, 1000, &w, why, sizeof(why)) < 0) ||
		    cli_num_parse(x + 1, 1, 1000, &h, why, sizeof(why)) < 0)
			return top_error(EXIT_USAGE, "--screen",
					 "'%s' is not COLSxROWS (decimal numbers from 1 to 1000, "
					 "e.g. 120x40)",
					 screen);
		tp.screen_cols = (int)w;
		tp.screen_rows = (int)h;
	}
	if (snapshot && loop)
		return top_error(EXIT_USAGE, "--snapshot",
				 "--snapshot and --loop exclude each other");
	tp.snapshot = snapshot;
	tp.loop = loop;
	tp.plain = plain;
	tp.ui.readonly = readonly;
	tp.color = !nocolor && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	tp.ui.events = true;
	/* the cgroups view starts in path order (its last column) */
	top_view_cols(TOP_VIEW_CGROUPS, &tp.ui.sort_col[TOP_VIEW_CGROUPS]);
	tp.ui.sort_col[TOP_VIEW_CGROUPS]--;
	/* the host, chosen as ioasidctl chooses it (IOASIDCTL_SIM too) */
	{
		struct cli hc = {
			.sim = tp.o.sim, .sysroot = tp.o.sysroot, .pci_dump = tp.o.pci_dump};
		const char *option;
		enum cli_target t;

		if (cli_host_kind(&hc, &t) < 0)
			return top_error(EXIT_USAGE, option, "%s", cli_host_usage(&hc, &option));
		tp.o.sim = hc.sim;
	}

	/* signals: blocked except while waiting in ppoll */
	sa.sa_handler = on_quit;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &tp.waitmask);
	sigdelset(&tp.waitmask, SIGINT);
	sigdelset(&tp.waitmask, SIGTERM);
	sigdelset(&tp.waitmask, SIGHUP);
	sigdelset(&tp.waitmask, SIGWINCH);
	atexit(restore_terminal);

	rc = top_open_host(&tp);
	if (rc == 0 && trace)
		rc = top_open_trace(&tp);
	if (rc)
		return rc;
	if (snapshot || loop) {
		if (tp.ui.view == TOP_VIEW_DEVICES)
			top_devices_load(tp.base, &tp.dev);
		rc = run_json(&tp);
	} else {
		rc = run_screen(&tp);
	}
	restore_terminal();
	if (tp.trace && ioasid_prq_trace_close(tp.trace) < 0) {
		const struct ioasid_error *e = ioasid_ctx_last_error(tp.base);

		pr_err("ioasidtop: %s: %s", e->object, e->message);
	}
	ioasid_prq_agg_free(&tp.agg);
	if (tp.ntf)
		ioasid_evsrc_close(tp.ntf);
	if (tp.have_s)
		top_sample_free(&tp.s);
	if (tp.have_prev)
		top_sample_free(&tp.prev);
	top_table_free(&tp.t);
	top_seen_free(&tp.seen);
	free(tp.dirty);
	top_devices_free(&tp.dev);
	free(tp.vis);
	free(tp.ui.detail_text);
	if (tp.cur && tp.cur != tp.base)
		ioasid_ctx_free(tp.cur);
	ioasid_ctx_free(tp.base);
	if (fflush(stdout) != 0)
		return EXIT_FAIL;
	return rc;
}
