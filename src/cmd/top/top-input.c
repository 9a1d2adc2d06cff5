// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Keys to actions for ioasidtop, and the prompt line (filter text, a new
 * limit, a y/N confirmation). Only state changes here: the loop
 * (ioasidtop.c) samples, runs the confirmed actions and draws.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "top/top.h"

void top_ui_event(struct top_ui *ui, const char *fmt, ...)
{
	va_list ap;

	if (ui->nev == TOP_EVENTS) {
		memmove(ui->ev[0], ui->ev[1], sizeof(ui->ev[0]) * (TOP_EVENTS - 1));
		ui->nev--;
	}
	va_start(ap, fmt);
	vsnprintf(ui->ev[ui->nev++], sizeof(ui->ev[0]), fmt, ap);
	va_end(ap);
}

static enum top_action prompt_key(struct top_ui *ui, int key)
{
	if (ui->prompt == TOP_PROMPT_CONFIRM) {
		bool yes = key == 'y' || key == 'Y';
		enum top_action act = TOP_ACT_REDRAW;

		if (yes)
			act = (enum top_action)ui->act;
		else
			snprintf(ui->message, sizeof(ui->message), "cancelled");
		ui->prompt = TOP_PROMPT_NONE;
		return act;
	}
	switch (key) {
	case 27: /* Esc */
		ui->prompt = TOP_PROMPT_NONE;
		ui->ninput = 0;
		ui->input[0] = '\0';
		return TOP_ACT_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (ui->prompt == TOP_PROMPT_FILTER) {
			snprintf(ui->filter, sizeof(ui->filter), "%s", ui->input);
			ui->prompt = TOP_PROMPT_NONE;
			ui->sel = ui->top = 0;
			return TOP_ACT_REDRAW;
		}
		/* the limit: ask once more before writing */
		if (!ui->ninput) {
			ui->prompt = TOP_PROMPT_NONE;
			return TOP_ACT_REDRAW;
		}
		snprintf(ui->question, sizeof(ui->question), "Set %s.max of %s to %s?",
			 ui->act_form, ui->act_target, ui->input);
		ui->prompt = TOP_PROMPT_CONFIRM;
		return TOP_ACT_REDRAW;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (ui->ninput)
			ui->input[--ui->ninput] = '\0';
		return TOP_ACT_REDRAW;
	default:
		if (key >= 0x20 && key < 0x7f && ui->ninput + 1 < sizeof(ui->input)) {
			ui->input[ui->ninput++] = (char)key;
			ui->input[ui->ninput] = '\0';
		}
		return TOP_ACT_REDRAW;
	}
}

enum top_action top_key(struct top_ui *ui, int key, size_t nvis, size_t page, bool emulated)
{
	size_t ncols;

	if (ui->prompt != TOP_PROMPT_NONE)
		return prompt_key(ui, key);
	ui->message[0] = '\0';
	if (ui->help) {
		ui->help = false;
		return key == 'q' ? TOP_ACT_QUIT : TOP_ACT_REDRAW;
	}
	top_view_cols(ui->view, &ncols);
	if (!page)
		page = 1;
	switch (key) {
	case 'q':
	case 'Q':
		return TOP_ACT_QUIT;
	case 'h':
	case '?':
	case KEY_F(1):
		ui->help = true;
		return TOP_ACT_REDRAW;
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
		ui->view = (enum top_view)(key - '1');
		ui->sel = ui->top = 0;
		ui->sel_key[0] = '\0';
		return TOP_ACT_REDRAW;
	case '\t':
		ui->view = (enum top_view)((ui->view + 1) % TOP_NVIEWS);
		ui->sel = ui->top = 0;
		ui->sel_key[0] = '\0';
		return TOP_ACT_REDRAW;
	case '<':
	case ',':
		ui->sort_col[ui->view] = (ui->sort_col[ui->view] + ncols - 1) % ncols;
		return TOP_ACT_REDRAW;
	case '>':
	case '.':
		ui->sort_col[ui->view] = (ui->sort_col[ui->view] + 1) % ncols;
		return TOP_ACT_REDRAW;
	case 'r':
		ui->sort_desc[ui->view] = !ui->sort_desc[ui->view];
		return TOP_ACT_REDRAW;
	case '/':
		ui->prompt = TOP_PROMPT_FILTER;
		snprintf(ui->input, sizeof(ui->input), "%s", ui->filter);
		ui->ninput = strlen(ui->input);
		return TOP_ACT_REDRAW;
	case 't':
		ui->tree = !ui->tree;
		return TOP_ACT_REDRAW;
	case 'e':
		ui->events = !ui->events;
		return TOP_ACT_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		ui->detail = !ui->detail;
		return TOP_ACT_DETAIL;
	case ' ':
		return TOP_ACT_REFRESH;
	case KEY_UP:
	case 'k':
		if (ui->sel)
			ui->sel--;
		return TOP_ACT_DETAIL;
	case KEY_DOWN:
	case 'j':
		if (ui->sel + 1 < nvis)
			ui->sel++;
		return TOP_ACT_DETAIL;
	case KEY_PPAGE:
		ui->sel = ui->sel > page ? ui->sel - page : 0;
		return TOP_ACT_DETAIL;
	case KEY_NPAGE:
		ui->sel = ui->sel + page < nvis ? ui->sel + page : nvis ? nvis - 1 : 0;
		return TOP_ACT_DETAIL;
	case KEY_HOME:
	case 'g':
		ui->sel = 0;
		return TOP_ACT_DETAIL;
	case KEY_END:
	case 'G':
		ui->sel = nvis ? nvis - 1 : 0;
		return TOP_ACT_DETAIL;
	case 'l':
		if (ui->readonly) {
			snprintf(ui->message, sizeof(ui->message), "read-only (--readonly)");
			return TOP_ACT_REDRAW;
		}
		if (ui->view != TOP_VIEW_CGROUPS || !nvis) {
			snprintf(ui->message, sizeof(ui->message),
				 "l: select a cgroup first (3: cgroups view)");
			return TOP_ACT_REDRAW;
		}
		/* the loop names the cgroup and the form (act_target, act_form) */
		ui->act = TOP_ACT_LIMIT;
		ui->prompt = TOP_PROMPT_LIMIT;
		ui->ninput = 0;
		ui->input[0] = '\0';
		return TOP_ACT_REDRAW;
	case 'x':
		if (ui->readonly) {
			snprintf(ui->message, sizeof(ui->message), "read-only (--readonly)");
			return TOP_ACT_REDRAW;
		}
		if (!emulated) {
			snprintf(ui->message, sizeof(ui->message),
				 "x: freeing an IOASID is possible on an emulated host only");
			return TOP_ACT_REDRAW;
		}
		if (ui->view != TOP_VIEW_IOASIDS || !nvis) {
			snprintf(ui->message, sizeof(ui->message),
				 "x: select an IOASID first (2: IOASIDs view)");
			return TOP_ACT_REDRAW;
		}
		/* the loop names the IOASID (act_target) */
		ui->act = TOP_ACT_FREE;
		ui->prompt = TOP_PROMPT_CONFIRM;
		return TOP_ACT_REDRAW;
	case KEY_RESIZE:
		return TOP_ACT_REDRAW;
	default:
		return TOP_ACT_NONE;
	}
}
