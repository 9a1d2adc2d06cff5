// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whether curses can drive the terminal, asked before newterm(): a
 * terminal type terminfo does not know makes ioasidtop print plain text,
 * and a failed newterm() would leave its allocation behind (LeakSanitizer
 * reports it). Alone in this file because <term.h> defines macros such as
 * `lines` and `columns` that collide with ordinary names elsewhere.
 */
#include <curses.h>
#include <stdbool.h>
#include <term.h>

#include "top/top-term.h"

bool top_term_known(int fd)
{
	int err = 0;

	/* errret given: no message, no exit on failure */
	if (setupterm(NULL, fd, &err) != OK)
		return false;
	del_curterm(cur_term);
	return true;
}
