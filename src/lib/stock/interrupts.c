// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Interrupt counts, from two kernel sources:
 *
 * /proc/interrupts, kernel/irq/proc.c show_interrupts() (6.1 and 6.12):
 *   header  "%*s" (prec + 8 blanks), then "CPU%-8d" per ONLINE cpu, "\n"
 *   row     "%*d: " irq, then "%10u " per online cpu, then the chip:
 *           irq_print_chip() or " %8s" chip name ("-" / "None" without),
 *           " %*lu" hwirq (blanks without an irq domain), [" %-8s"
 *           Level/Edge with GENERIC_IRQ_SHOW_LEVEL], "-%-8s" desc->name if
 *           set, then "  %s" the first action name and ", %s" each further
 *           one, "\n". 6.1 also prints rows that have counts but no action.
 *   arch rows (arch/x86/kernel/irq.c arch_show_interrupts()): "%*s: "
 *           NMI, LOC, ... with per-cpu counts, and "ERR"/"MIS" with ONE
 *           number: not numbered, skipped here.
 *   CPUs that are offline have no column; a CPU can go on- or offline
 *   between the header and a row (seq_file reads in chunks), so a row may
 *   carry fewer or more counts than the header: marked partial.
 *
 * /sys/kernel/irq/N/, kernel/irq/irqdesc.c (CONFIG_SPARSE_IRQ):
 *   per_cpu_count per_cpu_count_show(): "%u" per POSSIBLE cpu joined by
 *                 ",", "\n"; written with scnprintf into one page, so on
 *                 a host with many CPUs and large counts the text is cut at
 *                 PAGE_SIZE - 1 without the newline: then /proc/interrupts
 *                 is used instead.
 *   actions       actions_show(): names joined by "," then "\n"; empty
 *                 when the line has no action
 *   chip_name     chip_name_show() "%s\n" (empty without a chip)
 *   hwirq         hwirq_show() "%lu\n" (empty without an irq domain)
 *
 * The /proc/interrupts reader streams line by line: a host with 384 CPUs
 * writes ~4 KiB per row and is read once, without quadratic work.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/prq-parse.h"

/* longest line accepted: 8192 CPUs * 11 bytes + names; longer is garbage */
#define MAX_LINE (1u << 20)
#define MAX_CPU (1u << 20)

IOASID_EXPORT const char *ioasid_irq_source_name(enum ioasid_irq_source s)
{
	switch (s) {
	case IOASID_IRQ_SOURCE_PER_CPU_COUNT:
		return "per_cpu_count";
	case IOASID_IRQ_SOURCE_PROC_INTERRUPTS:
		return "proc_interrupts";
	default:
		return NULL;
	}
}

IOASID_EXPORT void ioasid_irq_free(struct ioasid_irq *irq)
{
	if (!irq)
		return;
	free(irq->cpu);
	free(irq->count);
	irq->cpu = NULL;
	irq->count = NULL;
	irq->ncpus = 0;
}

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *token_end(const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* A decimal number that is the whole of [p, e), at most max. */
static int parse_dec(const char *p, const char *e, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (p == e)
		return -EINVAL;
	for (; p < e; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		if (x > (max - (uint64_t)(*p - '0')) / 10)
			return -ERANGE;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = x;
	return 0;
}

int ioasid_irq_parse_header(const char *line, size_t len, unsigned **cpus, size_t *n)
{
	const char *p = line, *end = line + len;
	size_t cnt = 0, cap = 0;
	unsigned *v = NULL;

	*cpus = NULL;
	*n = 0;
	if (memchr(line, '\0', len))
		return -EINVAL;
	for (;;) {
		const char *t, *e;
		uint64_t c;

		p = skip_blank(p, end);
		if (p == end)
			break;
		t = p;
		e = token_end(p, end);
		p = e;
		if (e - t < 4 || strncmp(t, "CPU", 3) || parse_dec(t + 3, e, MAX_CPU, &c) < 0) {
			free(v);
			return -EINVAL;
		}
		if (cnt == cap) {
			unsigned *nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[cnt++] = (unsigned)c;
	}
	if (!cnt)
		return -EINVAL;
	*cpus = v;
	*n = cnt;
	return 0;
}

static void copy_span(char *dst, size_t size, const char *p, const char *e, bool *cut)
{
	size_t n = (size_t)(e - p);

	if (n >= size) {
		n = size - 1;
		if (cut)
			*cut = true;
	}
	memcpy(dst, p, n);
	dst[n] = '\0';
}

int ioasid_irq_parse_row(const char *line, size_t len, bool complete, const unsigned *cpus,
			 size_t ncpus, struct ioasid_irq *out)
{
	const char *p = line, *end = line + len, *t, *e;
	uint64_t irq;
	size_t k = 0;

	memset(out, 0, sizeof(*out));
	if (memchr(line, '\0', len))
		return -EINVAL;
	p = skip_blank(p, end);
	if (p == end)
		return 0;
	if (!isdigit((unsigned char)*p)) {
		/* arch rows: "%*s: " with a short upper-case name */
		t = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		return p > t && p < end && *p == ':' ? 0 : -EINVAL;
	}
	t = p;
	while (p < end && isdigit((unsigned char)*p))
		p++;
	if (p == end || *p != ':' || parse_dec(t, p, INT_MAX, &irq) < 0)
		return -EINVAL;
	p++;
	out->irq = (unsigned)irq;
	out->source = IOASID_IRQ_SOURCE_PROC_INTERRUPTS;
	if (ncpus) {
		out->cpu = calloc(ncpus, sizeof(*out->cpu));
		out->count = calloc(ncpus, sizeof(*out->count));
		if (!out->cpu || !out->count) {
			ioasid_irq_free(out);
			return -ENOMEM;
		}
	}
	/* the counts: every leading all-digit token ("%10u "), each read in
	 * one pass (this loop is most of a 384-CPU /proc/interrupts: a
	 * token scan, a digit check and a conversion each were 3 passes) */
	for (;;) {
		uint64_t c = 0;
		bool digits = true;

		p = skip_blank(p, end);
		t = p;
		for (e = p; e < end && *e != ' ' && *e != '\t'; e++) {
			unsigned d = (unsigned)(unsigned char)*e - '0';

			if (d > 9)
				digits = false;
			else if (c <= UINT32_MAX)
				c = c * 10 + d; /* past UINT32_MAX: too big, stays so */
		}
		if (e == t || !digits)
			break;
		if (c > UINT32_MAX) {
			ioasid_irq_free(out);
			return -EINVAL;
		}
		p = e;
		if (k < ncpus) {
			out->cpu[k] = cpus[k];
			out->count[k] = c;
			out->total += c;
			k++;
		} else {
			out->partial = true; /* a CPU came online after the header */
		}
	}
	out->ncpus = k;
	if (k < ncpus || !complete)
		out->partial = true;
	if (p == end) {
		/* cut after the counts (or a row with no chip: not the kernel's) */
		if (complete) {
			ioasid_irq_free(out);
			return -EINVAL;
		}
		return 1;
	}
	/* chip */
	e = token_end(p, end);
	copy_span(out->chip, sizeof(out->chip), p, e, NULL);
	p = skip_blank(e, end);
	/* hwirq, possibly glued to "-name" */
	t = p;
	e = token_end(p, end);
	if (t < e && isdigit((unsigned char)*t)) {
		const char *d = t;

		while (d < e && isdigit((unsigned char)*d))
			d++;
		if (d == e || *d == '-') {
			copy_span(out->hwirq, sizeof(out->hwirq), t, d, NULL);
			p = skip_blank(e, end);
		}
	}
	/* Level/Edge (GENERIC_IRQ_SHOW_LEVEL), then a separate "-name" */
	e = token_end(p, end);
	if ((e - p == 5 && !strncmp(p, "Level", 5)) || (e - p == 4 && !strncmp(p, "Edge", 4)))
		p = skip_blank(e, end);
	e = token_end(p, end);
	if (p < e && *p == '-')
		p = skip_blank(e, end);
	/* the rest: actions joined by ", " */
	e = end;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	copy_span(out->actions, sizeof(out->actions), p, e, &out->partial);
	return 1;
}

/* Feeds lines to the header/row parsers; shared by the text and the
 * streaming readers. */
struct irq_feed {
	unsigned *cpus;
	size_t ncpus;
	bool header;
	size_t bad;
	ioasid_irq_cb cb;
	void *arg;
	bool stop;
};

static int feed_line(struct irq_feed *f, const char *line, size_t len, bool complete)
{
	struct ioasid_irq irq;
	int rc;

	if (!f->header) {
		if (skip_blank(line, line + len) == line + len)
			return 0; /* leading blank lines */
		rc = ioasid_irq_parse_header(line, len, &f->cpus, &f->ncpus);
		if (rc < 0)
			return rc;
		f->header = true;
		return 0;
	}
	rc = ioasid_irq_parse_row(line, len, complete, f->cpus, f->ncpus, &irq);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		f->bad++;
		return 0;
	}
	if (rc == 1) {
		if (f->cb(&irq, f->arg))
			f->stop = true;
		ioasid_irq_free(&irq);
	}
	return 0;
}

int ioasid_parse_interrupts(const char *text, size_t len, ioasid_irq_cb cb, void *arg, size_t *bad)
{
	struct irq_feed f = {.cb = cb, .arg = arg};
	const char *p = text, *end = text + len;
	int rc = 0;

	while (p < end && !f.stop) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		rc = feed_line(&f, p, l, nl != NULL);
		if (rc < 0)
			break;
		p = nl ? nl + 1 : end;
	}
	if (rc == 0 && !f.header)
		rc = -EINVAL;
	free(f.cpus);
	if (bad)
		*bad = f.bad;
	return rc;
}

/* Stream a file through feed_line in 64 KiB reads. */
static int stream_interrupts(struct ioasid_ctx *ctx, struct irq_feed *f)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	bool skipping = false;
	int fd, rc = 0;

	if (!buf)
		return -ENOMEM;
	fd = iopath_open(ctx, PATH_PROC_INTERRUPTS);
	if (fd < 0) {
		free(buf);
		return fd;
	}
	while (!f->stop) {
		ssize_t r;
		size_t start = 0;
		char *nl;

		if (n == cap) {
			if (cap >= MAX_LINE) {
				/* an overlong line: drop it up to its newline */
				skipping = true;
				n = 0;
				f->bad++;
			} else {
				char *nb = realloc(buf, cap * 2);

				if (!nb) {
					rc = -ENOMEM;
					break;
				}
				buf = nb;
				cap *= 2;
			}
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -errno;
			break;
		}
		if (r == 0) {
			if (n && !skipping)
				rc = feed_line(f, buf, n, false);
			break;
		}
		n += (size_t)r;
		while (!f->stop && (nl = memchr(buf + start, '\n', n - start))) {
			size_t l = (size_t)(nl - (buf + start));

			if (skipping)
				skipping = false;
			else if ((rc = feed_line(f, buf + start, l, true)) < 0)
				goto out;
			start += l + 1;
		}
		memmove(buf, buf + start, n - start);
		n -= start;
	}
out:
	close(fd);
	free(buf);
	if (rc == 0 && !f->header && !f->stop)
		rc = -EINVAL;
	return rc;
}

int ioasid_parse_per_cpu_count(const char *text, uint64_t **counts, size_t *n)
{
	const char *p = text;
	size_t cnt = 0, cap = 0;
	uint64_t *v = NULL;
	int rc = -EOVERFLOW;

	*counts = NULL;
	*n = 0;
	while (*p) {
		const char *t = p;
		uint64_t c;

		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '\0') {
			/* cut short, maybe inside this number: drop it */
			rc = -EOVERFLOW;
			break;
		}
		if (parse_dec(t, p, UINT32_MAX, &c) < 0 || (*p != ',' && *p != '\n')) {
			free(v);
			return -EINVAL;
		}
		if (cnt == cap) {
			uint64_t *nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[cnt++] = c;
		if (*p == '\n') {
			if (p[1] != '\0') {
				free(v);
				return -EINVAL;
			}
			rc = 0;
			break;
		}
		p++;
	}
	if (rc == 0 && cnt == 0) {
		free(v);
		return -EINVAL;
	}
	if (rc < 0 && cnt == 0 && *text == '\0') {
		free(v);
		return -EINVAL; /* empty: not even the newline */
	}
	*counts = v;
	*n = cnt;
	return rc;
}

void ioasid_irq_actions_join(const char *text, char *out, size_t len)
{
	size_t o = 0;

	if (!len)
		return;
	for (const char *p = text; *p && *p != '\n' && o + 1 < len; p++) {
		if (*p == ',') {
			if (o + 2 >= len)
				break;
			out[o++] = ',';
			out[o++] = ' ';
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

void ioasid_irq_set_free(struct ioasid_irq_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		ioasid_irq_free(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static struct ioasid_irq *set_add(struct ioasid_irq_set *s)
{
	struct ioasid_irq *nv = realloc(s->v, (s->n + 1) * sizeof(*nv));

	if (!nv)
		return NULL;
	s->v = nv;
	memset(&nv[s->n], 0, sizeof(*nv));
	return &nv[s->n++];
}

/* One IRQ from /sys/kernel/irq/N. 1 wanted and read (*need_proc when the
 * counts must come from /proc/interrupts), 0 not wanted, -errno. */
static int read_sys_irq(struct ioasid_ctx *ctx, unsigned irq, ioasid_irq_want want, void *arg,
			struct ioasid_irq_set *s, bool *need_proc)
{
	struct ioasid_irq *x;
	char actions[256], *text;
	uint64_t *counts;
	size_t n;
	int rc;

	*need_proc = false;
	rc = iopath_read_all(ctx, &text, NULL, 8192, PATH_SYS_IRQ_ATTR, irq, "actions");
	if (rc < 0)
		return 0; /* unreadable: /proc/interrupts is no better */
	ioasid_irq_actions_join(text, actions, sizeof(actions));
	free(text);
	if (!actions[0] || !want(actions, arg))
		return 0;
	x = set_add(s);
	if (!x)
		return -ENOMEM;
	x->irq = irq;
	snprintf(x->actions, sizeof(x->actions), "%s", actions);
	if (iopath_read_line(ctx, x->chip, sizeof(x->chip), PATH_SYS_IRQ_ATTR, irq, "chip_name") <
	    0)
		x->chip[0] = '\0';
	if (iopath_read_line(ctx, x->hwirq, sizeof(x->hwirq), PATH_SYS_IRQ_ATTR, irq, "hwirq") < 0)
		x->hwirq[0] = '\0';
	x->source = IOASID_IRQ_SOURCE_PER_CPU_COUNT;
	rc = iopath_read_all(ctx, &text, NULL, 1 << 16, PATH_SYS_IRQ_ATTR, irq, "per_cpu_count");
	if (rc == 0) {
		rc = ioasid_parse_per_cpu_count(text, &counts, &n);
		free(text);
	}
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0 && rc != -EOVERFLOW) {
		*need_proc = true;
		x->partial = true;
		x->source = IOASID_IRQ_SOURCE_NONE;
		return 1;
	}
	/* per_cpu_count lists possible CPUs in order: index = cpu number on
	 * hosts whose possible mask is contiguous (all x86 and arm64 ones) */
	x->count = counts;
	x->ncpus = n;
	x->cpu = calloc(n ? n : 1, sizeof(*x->cpu));
	if (!x->cpu)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		x->cpu[i] = (unsigned)i;
		x->total += counts[i];
	}
	if (rc == -EOVERFLOW) {
		*need_proc = true;
		x->partial = true;
	}
	return 1;
}

struct collect_arg {
	struct ioasid_irq_set *s;
	ioasid_irq_want want;
	void *arg;
	bool all; /* sysfs unusable: take every wanted row */
	int rc;
};

static int take_row(const struct ioasid_irq *irq, void *arg)
{
	struct collect_arg *c = arg;
	struct ioasid_irq *x = NULL;

	if (c->all) {
		if (!c->want(irq->actions, c->arg))
			return 0;
		x = set_add(c->s);
		if (!x) {
			c->rc = -ENOMEM;
			return 1;
		}
	} else {
		/* replace the counts of an IRQ whose per_cpu_count was not whole */
		for (size_t i = 0; i < c->s->n; i++)
			if (c->s->v[i].irq == irq->irq && c->s->v[i].partial)
				x = &c->s->v[i];
		if (!x)
			return 0;
		ioasid_irq_free(x);
	}
	*x = *irq;
	x->cpu = malloc((irq->ncpus ? irq->ncpus : 1) * sizeof(*x->cpu));
	x->count = malloc((irq->ncpus ? irq->ncpus : 1) * sizeof(*x->count));
	if (!x->cpu || !x->count) {
		c->rc = -ENOMEM;
		return 1;
	}
	if (irq->ncpus) {
		memcpy(x->cpu, irq->cpu, irq->ncpus * sizeof(*x->cpu));
		memcpy(x->count, irq->count, irq->ncpus * sizeof(*x->count));
	}
	return 0;
}

int ioasid_irq_collect(struct ioasid_ctx *ctx, ioasid_irq_want want, void *arg,
		       struct ioasid_irq_set *out)
{
	struct collect_arg c = {.s = out, .want = want, .arg = arg};
	struct irq_feed f = {.cb = take_row, .arg = &c};
	bool need_proc = false;
	char **names;
	size_t n;
	int rc;

	*out = (struct ioasid_irq_set){0};
	rc = iopath_list(ctx, &names, &n, PATH_SYS_KERNEL_IRQ);
	if (rc == 0 && n == 0)
		rc = -ENOENT;
	if (rc < 0) {
		out->sysfs_err = -rc;
		c.all = true;
		need_proc = true;
	} else {
		for (size_t i = 0; i < n; i++) {
			uint64_t irq;
			bool np;

			if (parse_dec(names[i], names[i] + strlen(names[i]), INT_MAX, &irq) < 0)
				continue;
			rc = read_sys_irq(ctx, (unsigned)irq, want, arg, out, &np);
			if (rc < 0) {
				iopath_names_free(names, n);
				ioasid_irq_set_free(out);
				return rc;
			}
			need_proc |= np;
		}
		iopath_names_free(names, n);
	}
	if (!need_proc)
		return 0;
	rc = stream_interrupts(ctx, &f);
	free(f.cpus);
	if (c.rc < 0) {
		ioasid_irq_set_free(out);
		return c.rc;
	}
	if (rc < 0) {
		out->proc_err = -rc;
		if (c.all) {
			ioasid_irq_set_free(out);
			return ioasid_set_error(ctx, rc, PATH_PROC_INTERRUPTS, "cannot read: %s",
						strerror(-rc));
		}
	}
	return 0;
}
