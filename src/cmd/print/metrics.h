/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A writer of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), the
 * format node_exporter's textfile collector reads. Only what `ioasidctl
 * stats` needs: gauges and counters, one sample name per family.
 *
 * A family is announced with mw_family(); its "# HELP" and "# TYPE" lines
 * are written with its first sample, so a family without samples leaves
 * nothing behind. All samples of a family must follow its mw_family()
 * call (the format wants a family's lines together). Names that break the
 * grammar, or a family announced twice, are refused (EINVAL, nothing
 * written) rather than producing a file the collector would reject.
 */
#ifndef IOASIDCTL_METRICS_H
#define IOASIDCTL_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum mw_type { MW_GAUGE, MW_COUNTER };

struct mw {
	FILE *f;
	int err;	    /* first error: EINVAL (grammar), or write errno */
	const char *family; /* current family, NULL when refused */
	enum mw_type type;
	const char *help;
	bool header_done;
	char **seen; /* families announced so far */
	size_t nseen;
};

void mw_init(struct mw *w, FILE *f);
/* Free the writer's bookkeeping; returns the first error (0: all went to f). */
int mw_finish(struct mw *w);

/* Start a family. name: [a-zA-Z_:][a-zA-Z0-9_:]*; a counter's name must
 * end in "_total". help: any text (escaped here). 0 or -EINVAL. */
int mw_family(struct mw *w, const char *name, enum mw_type type, const char *help);

/* One sample of the current family. The labels follow as NULL-terminated
 * name, value pairs of strings; label names [a-zA-Z_][a-zA-Z0-9_]* and not
 * starting with "__"; values are escaped (backslash, double quote, line
 * feed) and invalid UTF-8 is replaced by U+FFFD. 0 or -errno. */
int mw_u64(struct mw *w, uint64_t v, ...) __attribute__((sentinel));
/* A float value; infinities as +Inf/-Inf, NaN as NaN. */
int mw_double(struct mw *w, double v, ...) __attribute__((sentinel));

/* Grammar checks, exposed for the tests. */
bool mw_valid_metric_name(const char *s);
bool mw_valid_label_name(const char *s);
/* Write s as a label value (without the quotes) / as HELP text. */
void mw_escape_label(FILE *f, const char *s);
void mw_escape_help(FILE *f, const char *s);

#endif
