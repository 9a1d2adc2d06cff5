// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where ioasidtop puts things: a pure function of the terminal size and
 * the open panes, so it is tested at many sizes on its own
 * (tests/unit/test_top_layout.c) and a resize is just a call with the new
 * size.
 *
 * From the top: the title (host kind always), the capacity bar, the
 * IOASID counts, one line per IOMMU's page-request interrupts (at most a
 * sixth of the rows), the cgroup line (from 12 rows up); the body; the
 * status line last. In the body the event pane takes a quarter (3 to 8
 * rows) at the bottom when the body has 12 rows; the detail pane goes to
 * the right (two fifths, less a blank column) from 120 columns, else below the table (half the
 * body) when the body has 10 rows, else it stays closed. Below 40x8 only a
 * "too small" line is drawn.
 */
#include <string.h>

#include "top/top.h"

static struct top_rect rect(int y, int x, int h, int w)
{
	struct top_rect r = {y, x, h, w};

	return r;
}

void top_layout(const struct top_layout_in *in, struct top_layout *out)
{
	int rows = in->rows, cols = in->cols, y = 0, body, units;

	memset(out, 0, sizeof(*out));
	if (cols < TOP_MIN_COLS || rows < TOP_MIN_ROWS) {
		out->too_small = true;
		if (rows > 0 && cols > 0)
			out->status = rect(rows - 1, 0, 1, cols);
		return;
	}
	out->title = rect(y++, 0, 1, cols);
	out->bar = rect(y++, 0, 1, cols);
	out->counts = rect(y++, 0, 1, cols);
	units = in->nunits < rows / 6 ? in->nunits : rows / 6;
	if (units > 0) {
		out->units = rect(y, 0, units, cols);
		y += units;
	}
	if (rows >= 12)
		out->cgroups = rect(y++, 0, 1, cols);
	out->status = rect(rows - 1, 0, 1, cols);
	body = rows - 1 - y;
	if (in->help) {
		out->help = rect(y, 0, body, cols);
		return;
	}
	if (in->events && body >= 12) {
		int eh = body / 4;

		eh = eh < 3 ? 3 : eh > 8 ? 8 : eh;
		out->events = rect(rows - 1 - eh, 0, eh, cols);
		body -= eh;
	}
	if (in->detail && cols >= 120) {
		int dw = cols * 2 / 5;

		/* one blank column between the table and the pane */
		out->detail = rect(y, cols - dw + 1, body, dw - 1);
		out->table = rect(y, 0, body, cols - dw);
	} else if (in->detail && body >= 10) {
		int dh = body / 2;

		out->table = rect(y, 0, body - dh, cols);
		out->detail = rect(y + body - dh, 0, dh, cols);
	} else {
		out->table = rect(y, 0, body, cols);
	}
}
