// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * intel_iommu:prq_report trace lines, and page requests aggregated per
 * (iommu, device, pasid).
 *
 * A trace_pipe line is kernel/trace/trace_output.c trace_print_context():
 *   "%16s-%-7d " comm, pid; "(%7d) " or "(-------) " tgid only with the
 *   record-tgid option; "[%03d] " cpu; with the irq-info option (default
 *   on) trace_print_lat_fmt()'s five flag characters ("d..1." etc.); then
 *   trace_print_time(): " %5lu.%06lu" (ns clocks) or " %12llu" (counter
 *   clocks); then ": ", and trace_raw_output_prep() "%s: " the event name.
 * The event's text is drivers/iommu/intel/trace.h TP_printk (6.1 = 6.12):
 *   "%s/%s seq# %ld: %s" iommu name, dev_name, seq, and iommu.h
 *   decode_prq_descriptor():
 *   "rid=0x%llx addr=0x%llx %c%c%c%c%c pasid=0x%llx index=0x%llx"
 *   rid dw0[31:16], addr dw1[63:12] (a page number), r dw1 bit 0, w dw1
 *   bit 1, x dw0 bit 52, p dw0 bit 53, l dw1 bit 2, pasid dw0[51:32],
 *   index dw1[11:3]; then if dw0 bit 9: " private=0x%llx/0x%llx\n" (that
 *   newline makes an empty line follow the event).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "ioasid-prq.h"

/* Expect the literal lit at *p; advance. */
static bool lit(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n))
		return false;
	*p += n;
	return true;
}

/* Hex digits (1..16) at *p, value at most max. */
static bool hex(const char **p, uint64_t max, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int n = 0;

	while (isxdigit((unsigned char)*s)) {
		if (++n > 16)
			return false;
		x = x << 4 | (uint64_t)(isdigit((unsigned char)*s)
						? *s - '0'
						: (tolower((unsigned char)*s) - 'a' + 10));
		s++;
	}
	if (!n || x > max)
		return false;
	*p = s;
	*v = x;
	return true;
}

static bool dec(const char **p, long long *v)
{
	const char *s = *p;
	bool neg = *s == '-';
	long long x = 0;
	int n = 0;

	if (neg)
		s++;
	while (isdigit((unsigned char)*s)) {
		if (++n > 18)
			return false;
		x = x * 10 + (*s++ - '0');
	}
	if (!n)
		return false;
	*p = s;
	*v = neg ? -x : x;
	return true;
}

static bool flag(char c, char set, bool *out)
{
	if (c != set && c != '-')
		return false;
	*out = c == set;
	return true;
}

/* The text after "prq_report: ". */
static int parse_payload(const char *p, struct ioasid_prq_event *ev)
{
	const char *slash = strchr(p, '/'), *seq;
	uint64_t v;

	if (!slash || slash == p || (size_t)(slash - p) >= sizeof(ev->iommu) ||
	    memchr(p, ' ', (size_t)(slash - p)))
		return -EINVAL;
	snprintf(ev->iommu, sizeof(ev->iommu), "%.*s", (int)(slash - p), p);
	p = slash + 1;
	seq = strstr(p, " seq# ");
	if (!seq || seq == p || (size_t)(seq - p) >= sizeof(ev->dev))
		return -EINVAL;
	snprintf(ev->dev, sizeof(ev->dev), "%.*s", (int)(seq - p), p);
	p = seq + 6;
	if (!dec(&p, &ev->seq) || !lit(&p, ": rid=0x") || !hex(&p, 0xffff, &v))
		return -EINVAL;
	ev->rid = (uint32_t)v;
	if (!lit(&p, " addr=0x") || !hex(&p, (1ull << 52) - 1, &ev->page) || !lit(&p, " "))
		return -EINVAL;
	if (strlen(p) < 5 || !flag(p[0], 'r', &ev->r) || !flag(p[1], 'w', &ev->w) ||
	    !flag(p[2], 'x', &ev->x) || !flag(p[3], 'p', &ev->p) || !flag(p[4], 'l', &ev->l))
		return -EINVAL;
	p += 5;
	if (!lit(&p, " pasid=0x") || !hex(&p, 0xfffff, &v))
		return -EINVAL;
	ev->pasid = (uint32_t)v;
	if (!lit(&p, " index=0x") || !hex(&p, 0x1ff, &v))
		return -EINVAL;
	ev->index = (uint32_t)v;
	if (lit(&p, " private=0x")) {
		if (!hex(&p, UINT64_MAX, &ev->private_data[0]) || !lit(&p, "/0x") ||
		    !hex(&p, UINT64_MAX, &ev->private_data[1]))
			return -EINVAL;
		ev->has_private = true;
	}
	while (*p == '\n' || *p == '\r' || *p == ' ')
		p++;
	return *p ? -EINVAL : 0;
}

IOASID_EXPORT int ioasid_parse_prq_trace_line(const char *line, struct ioasid_prq_event *ev)
{
	const char *p, *cpu = NULL, *after, *colon, *ts, *ev_name;
	const char *end;
	long long v;

	memset(ev, 0, sizeof(*ev));
	p = line;
	while (*p == ' ' || *p == '\n' || *p == '\r')
		p++;
	if (!*p)
		return -ENOMSG;
	/* the cpu field: the first " [digits] " */
	for (const char *q = strstr(line, " ["); q; q = strstr(q + 1, " [")) {
		const char *d = q + 2;

		while (isdigit((unsigned char)*d))
			d++;
		if (d > q + 2 && d[0] == ']' && d[1] == ' ') {
			cpu = q;
			after = d + 2;
			break;
		}
	}
	if (!cpu)
		return -EINVAL;
	{
		const char *d = cpu + 2;

		if (!dec(&d, &v) || v > 65535)
			return -EINVAL;
		ev->cpu = (int)v;
	}
	/* comm-pid [(tgid)] before it */
	end = cpu;
	while (end > p && end[-1] == ' ')
		end--;
	if (end > p && end[-1] == ')') {
		const char *o = end - 1;

		while (o > p && *o != '(')
			o--;
		if (*o != '(')
			return -EINVAL;
		end = o;
		while (end > p && end[-1] == ' ')
			end--;
	}
	{
		const char *dash = end, *d;

		while (dash > p && isdigit((unsigned char)dash[-1]))
			dash--;
		if (dash == end || dash == p || dash[-1] != '-')
			return -EINVAL;
		d = dash;
		if (!dec(&d, &v) || d != end || v > 0x7fffffff)
			return -EINVAL;
		ev->pid = (int)v;
		snprintf(ev->comm, sizeof(ev->comm), "%.*s", (int)(dash - 1 - p), p);
	}
	/* [flags] timestamp ": " event ": " */
	colon = strstr(after, ": ");
	if (!colon)
		return -EINVAL;
	ts = colon;
	while (ts > after && ts[-1] != ' ')
		ts--;
	if (ts == colon || (size_t)(colon - ts) >= sizeof(ev->timestamp))
		return -EINVAL;
	for (const char *c = ts; c < colon; c++)
		if (!isdigit((unsigned char)*c) && *c != '.')
			return -EINVAL;
	snprintf(ev->timestamp, sizeof(ev->timestamp), "%.*s", (int)(colon - ts), ts);
	ev_name = colon + 2;
	colon = strstr(ev_name, ": ");
	if (!colon)
		return -EINVAL;
	if ((size_t)(colon - ev_name) != strlen("prq_report") || strncmp(ev_name, "prq_report", 10))
		return -ENOMSG;
	return parse_payload(colon + 2, ev);
}

IOASID_EXPORT int ioasid_parse_trace_lost(const char *line, uint64_t *lost)
{
	const char *p = line;
	long long cpu, n;

	if (!lit(&p, "CPU:") || !dec(&p, &cpu) || cpu < 0 || !lit(&p, " [LOST ") || !dec(&p, &n) ||
	    n < 0 || !lit(&p, " EVENTS]"))
		return 0;
	while (*p == '\n' || *p == '\r')
		p++;
	if (*p)
		return 0;
	*lost = (uint64_t)n;
	return 1;
}

static size_t flow_hash(const char *iommu, const char *dev, uint32_t pasid)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (const char *s = iommu; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ '/') * 1099511628211ull;
	for (const char *s = dev; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ pasid) * 1099511628211ull;
	return (size_t)h;
}

static int agg_rehash(struct ioasid_prq_agg *a, size_t nslots)
{
	size_t *slots = malloc(nslots * sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < nslots; i++)
		slots[i] = SIZE_MAX;
	for (size_t i = 0; i < a->n; i++) {
		const struct ioasid_prq_flow *f = &a->v[i];
		size_t s = flow_hash(f->iommu, f->dev, f->pasid) & (nslots - 1);

		while (slots[s] != SIZE_MAX)
			s = (s + 1) & (nslots - 1);
		slots[s] = i;
	}
	free(a->slots);
	a->slots = slots;
	a->nslots = nslots;
	return 0;
}

IOASID_EXPORT int ioasid_prq_agg_add(struct ioasid_prq_agg *a, const struct ioasid_prq_event *e)
{
	struct ioasid_prq_flow *f = NULL;
	size_t s;

	/* open addressing, kept at most half full */
	if ((a->n + 1) * 2 > a->nslots && agg_rehash(a, a->nslots ? a->nslots * 2 : 64) < 0)
		return -ENOMEM;
	s = flow_hash(e->iommu, e->dev, e->pasid) & (a->nslots - 1);
	for (; a->slots[s] != SIZE_MAX; s = (s + 1) & (a->nslots - 1)) {
		struct ioasid_prq_flow *x = &a->v[a->slots[s]];

		if (x->pasid == e->pasid && !strcmp(x->iommu, e->iommu) &&
		    !strcmp(x->dev, e->dev)) {
			f = x;
			break;
		}
	}
	if (!f) {
		if (a->n == a->cap) {
			size_t cap = a->cap ? a->cap * 2 : 32;
			struct ioasid_prq_flow *nv = realloc(a->v, cap * sizeof(*nv));

			if (!nv)
				return -ENOMEM;
			a->v = nv;
			a->cap = cap;
		}
		f = &a->v[a->n];
		memset(f, 0, sizeof(*f));
		snprintf(f->iommu, sizeof(f->iommu), "%s", e->iommu);
		snprintf(f->dev, sizeof(f->dev), "%s", e->dev);
		f->pasid = e->pasid;
		a->slots[s] = a->n++;
	}
	f->rid = e->rid;
	f->requests++;
	f->reads += e->r;
	f->writes += e->w;
	f->execs += e->x;
	f->privs += e->p;
	f->last_pages += e->l;
	f->with_private += e->has_private;
	f->last_page = e->page;
	a->events++;
	return 0;
}

IOASID_EXPORT void ioasid_prq_agg_free(struct ioasid_prq_agg *a)
{
	free(a->v);
	free(a->slots);
	*a = (struct ioasid_prq_agg){0};
}
