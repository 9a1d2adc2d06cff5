// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The prologue and epilogue every list command shares (cli.h struct
 * cli_list): parse the options, answer --list-columns, refuse positional
 * arguments the command has none of; after the read, report the library's
 * failure or make the printer; at the end print the rows and free. A list
 * command is then its options, its read and its rows.
 */
#include "cli/cli.h"

bool cli_list_begin(struct cli *c, int argc, const char **argv, const struct poptOption *opts,
		    const char *usage, const struct pr_col *cols, size_t ncols, const char *name,
		    struct cli_list *l)
{
	*l = (struct cli_list){.cols = cols, .ncols = ncols, .name = name, .opts = opts};
	l->rc = cli_parse(c, argc, argv, opts, usage, &l->pc, &l->args);
	if (l->rc != EXIT_OK)
		return false; /* cli_parse freed its context */
	if (c->pr.list_columns) {
		/* no cols: they depend on the options, the command answers */
		if (!cols)
			return true;
		pr_list_columns(&c->pr, cols, ncols);
		l->rc = EXIT_OK;
	} else if (!usage) {
		l->rc = cli_no_args(c, l->args);
		if (l->rc == EXIT_OK)
			return true;
	} else {
		return true;
	}
	cli_parse_free(l->pc, opts);
	l->pc = NULL;
	return false;
}

int cli_list_read(struct cli *c, struct cli_list *l, int rc, const char *object)
{
	if (rc < 0)
		return cli_lib_error(c, rc, object);
	if (!l->name)
		return EXIT_OK;
	l->p = pr_new(&c->pr, l->name, l->cols, l->ncols);
	return l->p ? EXIT_OK : EXIT_USAGE;
}

int cli_list_end(struct cli_list *l, int rc)
{
	if (rc == EXIT_OK && l->p) {
		rc = pr_print(l->p) < 0 ? EXIT_FAIL : EXIT_OK;
		l->printed = true;
	}
	pr_free(l->p);
	l->p = NULL;
	cli_parse_free(l->pc, l->opts);
	l->pc = NULL;
	return rc;
}
