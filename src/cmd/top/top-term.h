/* SPDX-License-Identifier: GPL-2.0-or-later */
/* top-term.c: kept apart from top.h, whose headers <term.h>'s macros break. */
#ifndef IOASIDCTL_TOP_TERM_H
#define IOASIDCTL_TOP_TERM_H

#include <stdbool.h>

/* Whether terminfo knows the terminal type (TERM) for fd. */
bool top_term_known(int fd);

#endif
