// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl diff A B: why PASIDs work on one host and not on the other.
 *
 * Each side is a host: "live" (or "/") the running one, a directory
 * holding an emulated host (its "current" generation link) or laid out
 * like "/" (a sysroot), or a dump archive. On each, the same readers and
 * reason chain as `status` and `device why` run; the output lists what
 * differs, A and B side by side:
 *   answer  the three answers (PASID, SVA, page requests) of the host (when
 *           the answer or the rule deciding it differs) and of each PCI
 *           function (when the answer differs), with the deciding rule;
 *   step    each reason-chain step (rule on subject) whose result
 *           differs, with both evidences;
 *   kernel  release, stable release, command line; config, the options
 *           the chain reads; firmware, the ACPI DMAR/IVRS tables;
 *   iommu   every column of `iommu list` per unit (registers decoded);
 *   device  every column of `device list --all` per PCI function (caps,
 *           enables, driver); driver, idxd's sva parameter.
 * The iommu and device values come from the same column tables and row
 * functions as those commands (a sink printer), so each is defined once.
 *
 * Exit status, as diff(1): 0 when the answers agree (other differences
 * may be listed), 1 when an answer differs, 2 and up on errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/mut.h"
#include "ctl/ctl.h"
#include "print/device-cols.h"
#include "print/iommu-cols.h"

struct fact {
	char *key; /* "section\tsubject\tkey", sorted by insertion */
	char *val;
	bool answer; /* an answer: a difference decides the exit status */
};

struct side {
	const char *spec;
	const char *kind; /* "live", "emulated", "snapshot" */
	struct ioasid_ctx *ctx;
	size_t n, cap;
	struct fact *v;
	const char *section, *subject; /* of the sink's cells */
	const struct pr_col *cols;
};

static void add(struct side *s, bool answer, const char *section, const char *subject,
		const char *key, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add(struct side *s, bool answer, const char *section, const char *subject,
		const char *key, const char *fmt, ...)
{
	va_list ap;
	char *k = NULL, *v = NULL;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 256;
		struct fact *nv = realloc(s->v, nc * sizeof(*nv));

		if (!nv)
			return;
		s->v = nv;
		s->cap = nc;
	}
	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) < 0)
		v = NULL;
	va_end(ap);
	if (asprintf(&k, "%s\t%s\t%s", section, subject, key) < 0)
		k = NULL;
	if (!k || !v) {
		free(k);
		free(v);
		return;
	}
	s->v[s->n++] = (struct fact){k, v, answer};
}

/* the result of a step or an answer: its first word ("ok:", "no") */
static bool same_result(const char *a, const char *b)
{
	size_t n = strcspn(a, " :");

	return n == strcspn(b, " :") && !strncmp(a, b, n);
}

static bool is_step(const char *key)
{
	return !strncmp(key, "step\t", 5);
}

/* a PCI function's answer is listed when yes/no differs; the host's also
 * when another rule decides it */
static bool is_device_answer(const char *key)
{
	return !strncmp(key, "answer\t", 7) && strncmp(key, "answer\thost\t", 12);
}

static const char *find(const struct side *s, const char *key, bool *answer)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key)) {
			if (answer)
				*answer = s->v[i].answer;
			return s->v[i].val;
		}
	return NULL;
}

/* diff(1)'s statuses: 1 means "they differ", so a failure is 2 */
#define DIFF_TROUBLE 2

static int status_of(int rc)
{
	int st = cli_status_for_errno(rc);

	return st == EXIT_FAIL ? DIFF_TROUBLE : st;
}

/* a library failure on one side, named by the side */
static int side_error(struct cli *c, const struct side *s, int rc)
{
	const struct ioasid_error *e = ioasid_ctx_last_error(s->ctx);

	return cli_error(c, status_of(rc), rc, e->object[0] ? e->object : s->spec, "%s",
			 e->message[0] ? e->message : strerror(rc < 0 ? -rc : rc));
}

/* a cell of iommu_row()/device_cells() through the sink printer */
static void sink(void *arg, size_t pos, const struct pr_cell *c)
{
	struct side *s = arg;
	char key[64];
	size_t i;

	for (i = 0; s->cols[pos].name[i] && i + 1 < sizeof(key); i++)
		key[i] = (char)(s->cols[pos].name[i] >= 'A' && s->cols[pos].name[i] <= 'Z'
					? s->cols[pos].name[i] - 'A' + 'a'
					: s->cols[pos].name[i]);
	key[i] = '\0';
	add(s, false, s->section, s->subject, key, "%s", c->text ? c->text : "-");
}

static void answers(struct side *s, const struct ioasid_chain *ch, const char *subject)
{
	static const struct {
		const char *key;
		size_t off;
	} q[] = {{"pasid", offsetof(struct ioasid_chain, pasid)},
		 {"sva", offsetof(struct ioasid_chain, sva)},
		 {"page_requests", offsetof(struct ioasid_chain, prq)}};

	for (size_t i = 0; i < 3; i++) {
		const struct ioasid_answer *a = (const void *)((const char *)ch + q[i].off);
		const char *v = a->verdict == IOASID_V_OK     ? "yes"
				: a->verdict == IOASID_V_FAIL ? "no"
							      : "unknown";

		if (a->step >= 0 && (size_t)a->step < ch->n)
			add(s, true, "answer", subject, q[i].key, "%s (%s on %s)", v,
			    ch->v[a->step].rule, ch->v[a->step].subject);
		else
			add(s, true, "answer", subject, q[i].key, "%s", v);
	}
}

static void steps(struct side *s, const struct ioasid_chain *ch, const char *chain)
{
	for (size_t i = 0; i < ch->n; i++) {
		const struct ioasid_step *st = &ch->v[i];
		char subject[160];

		/* a device's chain repeats the host's steps: keep its own */
		snprintf(subject, sizeof(subject), "%s", st->subject);
		if (chain && strcmp(st->subject, chain))
			continue;
		add(s, false, "step", subject, st->rule, "%s: %s", ioasid_verdict_name(st->verdict),
		    st->evidence);
	}
}

static void firmware(struct side *s)
{
	struct ioasid_acpi *t = calloc(1, sizeof(*t));

	if (!t)
		return;
	ioasid_acpi_read(s->ctx, t);
	if (t->dmar_err) {
		add(s, false, "firmware", "DMAR", "table", "%s", strerror(t->dmar_err));
	} else {
		const struct ioasid_acpi_dmar *d = &t->dmar;

		add(s, false, "firmware", "DMAR", "table",
		    "width %u, flags 0x%x, %u DRHD, %u ATSR, %u SATC, %u RMRR", d->width, d->flags,
		    d->ndrhd, d->natsr, d->nsatc, d->nrmrr);
		for (unsigned i = 0; i < d->nunits; i++) {
			char key[32];

			snprintf(key, sizeof(key), "unit%u", i);
			add(s, false, "firmware", "DMAR", key,
			    "%s segment %u%s address 0x%llx, %u scopes",
			    d->units[i].type == 0   ? "DRHD"
			    : d->units[i].type == 2 ? "ATSR"
						    : "SATC",
			    d->units[i].segment, d->units[i].all ? " all" : "",
			    (unsigned long long)d->units[i].address, d->units[i].nscope);
		}
	}
	if (t->ivrs_err) {
		add(s, false, "firmware", "IVRS", "table", "%s", strerror(t->ivrs_err));
	} else {
		const struct ioasid_acpi_ivrs *v = &t->ivrs;

		add(s, false, "firmware", "IVRS", "table", "IVinfo 0x%x, %u IVHD, %u IVMD", v->info,
		    v->nivhd, v->nivmd);
		for (unsigned i = 0; i < v->nivhd; i++) {
			char key[32];

			snprintf(key, sizeof(key), "ivhd%u", i);
			add(s, false, "firmware", "IVRS", key,
			    "type 0x%x flags 0x%x base 0x%llx efr 0x%llx efr2 0x%llx",
			    v->ivhd[i].type, v->ivhd[i].flags, (unsigned long long)v->ivhd[i].base,
			    (unsigned long long)v->ivhd[i].efr,
			    (unsigned long long)v->ivhd[i].efr2);
		}
	}
	free(t);
}

/* everything compared, read from one host */
static int collect(struct cli *c, struct side *s)
{
	struct ioasid_iommu_list il = {0};
	struct ioasid_pci_list pl = {0};
	struct ioasid_idxd_list xl = {0};
	struct ioasid_chain hc = {0};
	const char *str = NULL, *src = NULL;
	const char *const *opts;
	size_t nopts;
	unsigned code;
	size_t *sel;
	int rc;

	if (ioasid_kernel_release(s->ctx, &str) == 0)
		add(s, false, "kernel", "host", "release", "%s", str);
	if (ioasid_kernel_stable_release(s->ctx, &code, &src) == 0)
		add(s, false, "kernel", "host", "stable_release", "%u.%u.%u", code >> 16,
		    (code >> 8) & 0xff, code & 0xff);
	if (ioasid_kernel_cmdline(s->ctx, &str) == 0)
		add(s, false, "kernel", "host", "cmdline", "%.*s", (int)strcspn(str, "\n"), str);
	/* the options the library's rules read (one table: stock/kconfig.c) */
	opts = ioasid_kernel_config_options(&nopts);
	for (size_t i = 0; i < nopts; i++) {
		const char *v = NULL;

		if (ioasid_kernel_config(s->ctx, opts[i], &v, &src) == 0)
			add(s, false, "config", "host", opts[i], "%s", v ? v : "(absent)");
	}
	firmware(s);
	rc = ioasid_iommu_list(s->ctx, &il);
	if (rc == 0)
		rc = ioasid_pci_list(s->ctx, &il, &pl);
	if (rc < 0) {
		rc = side_error(c, s, rc);
		goto out;
	}
	sel = calloc(IOMMU_NCOLS + DEVICE_NCOLS, sizeof(*sel));
	if (!sel) {
		rc = cli_error(c, DIFF_TROUBLE, ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < IOMMU_NCOLS + DEVICE_NCOLS; i++)
		sel[i] = i;
	struct printer *p = pr_new_sink(iommu_cols, IOMMU_NCOLS, sel, IOMMU_NCOLS, sink, s);

	s->cols = iommu_cols;
	s->section = "iommu";
	for (size_t i = 0; p && i < il.n; i++) {
		s->subject = il.v[i].name;
		iommu_row(p, &il.v[i], &il.vtd_mode);
	}
	pr_free(p);
	p = pr_new_sink(device_cols, DEVICE_NCOLS, sel, DEVICE_NCOLS, sink, s);
	s->cols = device_cols;
	s->section = "device";
	for (size_t i = 0; p && i < pl.n; i++) {
		s->subject = pl.v[i].bdf;
		device_cells(pr_row(p), &pl.v[i]);
	}
	pr_free(p);
	free(sel);
	if (ioasid_idxd_list(s->ctx, &xl) == 0) {
		add(s, false, "driver", "idxd", "sva", "%s",
		    xl.sva_param_err == ENOENT	 ? "(idxd not loaded)"
		    : xl.sva_param_err		 ? strerror(xl.sva_param_err)
		    : xl.sva_param == IOASID_YES ? "Y"
		    : xl.sva_param == IOASID_NO	 ? "N"
						 : "?");
		ioasid_idxd_list_free(&xl);
	}
	rc = ioasid_host_chain(s->ctx, &il, &hc);
	if (rc < 0) {
		rc = side_error(c, s, rc);
		goto out;
	}
	answers(s, &hc, "host");
	steps(s, &hc, NULL);
	for (size_t i = 0; i < pl.n; i++) {
		struct ioasid_chain dc = {0};

		if (ioasid_device_chain(s->ctx, &il, &pl, pl.v[i].bdf, &dc) == 0) {
			answers(s, &dc, pl.v[i].bdf);
			steps(s, &dc, pl.v[i].bdf);
		}
		ioasid_chain_free(&dc);
	}
	rc = EXIT_OK;
out:
	ioasid_chain_free(&hc);
	ioasid_pci_list_free(&pl);
	ioasid_iommu_list_free(&il);
	return rc;
}

static int open_side(struct cli *c, struct side *s)
{
	struct ioasid_error err = {0};
	struct stat st;
	char cur[4200];
	int rc;

	if (!strcmp(s->spec, "live") || !strcmp(s->spec, "/")) {
		s->kind = "live";
		rc = ioasid_ctx_open(&s->ctx, NULL, &err);
	} else if (snprintf(cur, sizeof(cur), "%s/current", s->spec) > 0 && lstat(cur, &st) == 0 &&
		   S_ISLNK(st.st_mode)) {
		s->kind = "emulated";
		rc = ioasid_sim_open(&s->ctx, s->spec, &err);
	} else {
		s->kind = "snapshot";
		rc = ioasid_ctx_open(&s->ctx, s->spec, &err);
	}
	if (rc < 0)
		return cli_error(c, err.errnum == EBADMSG ? DIFF_TROUBLE : status_of(rc), rc,
				 err.object[0] ? err.object : s->spec, "cannot use as a host: %s",
				 err.message[0] ? err.message : strerror(-rc));
	return EXIT_OK;
}

enum { DC_SECTION, DC_SUBJECT, DC_KEY, DC_A, DC_B, DIFF_NCOLS };

static const struct pr_col diff_cols[DIFF_NCOLS] = {
	[DC_SECTION] = {"SECTION", PR_STR, true, false,
			"answer, step, kernel, config, firmware, iommu, device, driver"},
	[DC_SUBJECT] = {"SUBJECT", PR_STR, true, false,
			"host, an IOMMU unit, a PCI function (a step: its chain and subject)"},
	[DC_KEY] = {"KEY", PR_STR, true, false, "the question, rule, option or column"},
	[DC_A] = {"A", PR_STR, true, false, "the value on host A (- when absent there)"},
	[DC_B] = {"B", PR_STR, true, false, "the value on host B (- when absent there)"},
};

/* one row per key whose values differ, A's order then B's new keys */
static bool print_row(struct printer *p, const char *key, const char *a, const char *b)
{
	char buf[512];
	const char *sec = key, *sub, *k;
	struct pr_row *r;

	snprintf(buf, sizeof(buf), "%s", key);
	sec = strtok(buf, "\t");
	sub = strtok(NULL, "\t");
	k = strtok(NULL, "\t");
	r = pr_row(p);
	pr_str(r, DC_SECTION, sec);
	pr_str(r, DC_SUBJECT, sub);
	pr_str(r, DC_KEY, k);
	pr_str(r, DC_A, a);
	pr_str(r, DC_B, b);
	return true;
}

int cmd_diff(struct cli *c, int argc, const char **argv)
{
	struct side s[2] = {0};
	struct cli_list cl;
	bool differ = false;
	int rc;

	if (!cli_list_begin(c, argc, argv, NULL, "A B", diff_cols, DIFF_NCOLS, "differences", &cl))
		return cl.rc;
	rc = mut_nargs(c, cl.args, 2, "A B");
	/* the hosts are the arguments: a global host option would be ignored */
	if (rc == EXIT_OK && (c->sim || c->sysroot || c->pci_dump))
		rc = cli_error(c, EXIT_USAGE, EINVAL,
			       c->sim	    ? "--sim"
			       : c->sysroot ? "--sysroot"
					    : "--pci-dump",
			       "diff takes its two hosts as arguments (live, DIR or ARCHIVE)");
	for (int i = 0; rc == EXIT_OK && i < 2; i++) {
		s[i].spec = cl.args[i];
		rc = open_side(c, &s[i]);
		if (rc == EXIT_OK)
			rc = collect(c, &s[i]);
	}
	if (rc == EXIT_OK)
		rc = cli_list_read(c, &cl, 0, NULL);
	for (size_t i = 0; rc == EXIT_OK && i < s[0].n; i++) {
		bool ans = s[0].v[i].answer;
		const char *b = find(&s[1], s[0].v[i].key, NULL);

		/* a step is listed when its result differs; an answer decides
		 * the exit status by its yes/no/unknown alone */
		if (b && (is_step(s[0].v[i].key) || is_device_answer(s[0].v[i].key)
				  ? same_result(b, s[0].v[i].val)
				  : !strcmp(b, s[0].v[i].val)))
			continue;
		differ |= ans && (!b || !same_result(b, s[0].v[i].val));
		print_row(cl.p, s[0].v[i].key, s[0].v[i].val, b);
	}
	for (size_t i = 0; rc == EXIT_OK && i < s[1].n; i++) {
		if (find(&s[0], s[1].v[i].key, NULL))
			continue;
		differ |= s[1].v[i].answer;
		print_row(cl.p, s[1].v[i].key, NULL, s[1].v[i].val);
	}
	rc = cli_list_end(&cl, rc);
	for (int i = 0; i < 2; i++) {
		for (size_t k = 0; k < s[i].n; k++) {
			free(s[i].v[k].key);
			free(s[i].v[k].val);
		}
		free(s[i].v);
		ioasid_ctx_free(s[i].ctx);
	}
	if (rc == EXIT_OK && differ)
		return 1;
	return rc == EXIT_FAIL ? DIFF_TROUBLE : rc;
}
