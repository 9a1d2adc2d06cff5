// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IOMMU fault and PRQ overflow messages from /dev/kmsg, read from its end
 * as they arrive. Formats:
 *  - VT-d, drivers/iommu/intel/dmar.c dmar_fault_do_one() (6.1 and 6.12
 *    alike), pr_fmt "DMAR: ":
 *      "[INTR-REMAP] Request device [%02x:%02x.%d] fault index 0x%llx
 *       [fault reason 0x%02x] %s"
 *      "[%s NO_PASID] Request device [%02x:%02x.%d] fault addr 0x%llx
 *       [fault reason 0x%02x] %s"     (%s "DMA Read" or "DMA Write")
 *      "[%s PASID 0x%x] Request device [...] fault addr 0x%llx [...] %s"
 *  - AMD, drivers/iommu/amd/iommu.c amd_iommu_report_page_fault() and
 *    iommu_print_event(), pr_fmt "AMD-Vi: ": "Event logged [NAME k=v ...]"
 *    (IO_PAGE_FAULT device=%04x:%02x:%02x.%x domain=0x%04x address=0x%llx
 *    flags=0x%04x, ILLEGAL_DEV_TABLE_ENTRY, INVALID_PPR_REQUEST, ...),
 *    from pci_err()/dev_err() with the "<driver> <device>: " prefix of
 *    drivers/base/core.c dev_printk_emit(), or from pr_err() without;
 *  - PRQ overflow lines: prq.c ioasid_prq_overflow_line().
 * Records lost while we were not reading (devkmsg_read() returns EPIPE and
 * skips to the oldest record left) show as a gap in their sequence
 * numbers: reported as "lost N".
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pathnames.h"
#include "events/events.h"
#include "stock/kernel.h"
#include "stock/prq-parse.h"

int ioasid_kmsg_record_parse(const char *buf, size_t len, uint64_t *seq, uint64_t *usec, char **msg)
{
	char *copy, **lines = NULL, *comma, *semi, *end;
	uint64_t *times = NULL;
	size_t n = 0;
	int rc = -EINVAL;

	*msg = NULL;
	if (!len || memchr(buf, '\0', len))
		return -EINVAL;
	copy = strndup(buf, len);
	if (!copy)
		return -ENOMEM;
	/* "<prio>,<seq>,..." (info_print_ext_header(): "%u,%llu,%llu,%c") */
	semi = strchr(copy, ';');
	comma = strchr(copy, ',');
	if (!semi || !comma || comma > semi || !isdigit((unsigned char)copy[0]) ||
	    !isdigit((unsigned char)comma[1]))
		goto out;
	errno = 0;
	*seq = strtoull(comma + 1, &end, 10);
	if (errno || *end != ',' || end > semi)
		goto out;
	rc = ioasid_parse_kmsg_times(copy, &lines, &times, &n);
	if (rc < 0)
		goto out;
	rc = -EINVAL;
	if (n >= 1) {
		*msg = lines[0];
		lines[0] = NULL;
		*usec = times[0];
		rc = 0;
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(times);
out:
	free(copy);
	return rc;
}

/* "0x" then hex digits, at most max: advances *p. */
static bool hexnum(const char **p, uint64_t max, uint64_t *v)
{
	const char *s = *p;

	if (s[0] != '0' || s[1] != 'x' || !isxdigit((unsigned char)s[2]))
		return false;
	*v = 0;
	for (s += 2; isxdigit((unsigned char)*s); s++) {
		unsigned d = isdigit((unsigned char)*s)
				     ? (unsigned)(*s - '0')
				     : (unsigned)(tolower((unsigned char)*s) - 'a' + 10);

		if (*v > (max - d) / 16)
			return false;
		*v = *v * 16 + d;
	}
	*p = s;
	return true;
}

static bool lit(const char **p, const char *s)
{
	size_t n = strlen(s);

	if (strncmp(*p, s, n))
		return false;
	*p += n;
	return true;
}

/* "%02x:%02x.%d" of a source id: bus, slot, function */
static bool bdf(const char **p, char *out, size_t len)
{
	const char *s = *p;

	if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isxdigit((unsigned char)s[3]) || !isxdigit((unsigned char)s[4]) || s[5] != '.' ||
	    s[6] < '0' || s[6] > '7')
		return false;
	snprintf(out, len, "%.7s", s);
	*p = s + 7;
	return true;
}

static int vtd_fault(const char *m, struct ioasid_event *ev)
{
	const char *p = m, *close;
	char dev[8];
	uint64_t v, reason;
	bool intr;

	close = strchr(p, ']');
	if (!close)
		return 0;
	intr = !strncmp(p, "INTR-REMAP]", 11);
	if (!intr) {
		const char *pasid = strstr(p, " PASID 0x");
		size_t tl;

		if (close - p > 9 && !strncmp(close - 9, " NO_PASID", 9)) {
			tl = (size_t)(close - 9 - p);
		} else if (pasid && pasid < close) {
			const char *q = pasid + 7;

			if (!hexnum(&q, UINT32_MAX, &v) || q != close)
				return 0;
			tl = (size_t)(pasid - p);
			ev_field(ev, "pasid", "%llu", (unsigned long long)v);
		} else {
			return 0;
		}
		if (!tl)
			return 0;
		ev_field(ev, "request", "%.*s", (int)tl, p);
	}
	p = close + 1;
	if (!lit(&p, " Request device [") || !bdf(&p, dev, sizeof(dev)) || !lit(&p, "] fault ") ||
	    !lit(&p, intr ? "index " : "addr ") || !hexnum(&p, UINT64_MAX, &v) ||
	    !lit(&p, " [fault reason ") || !hexnum(&p, 0xff, &reason) || !lit(&p, "]"))
		return 0;
	snprintf(ev->object, sizeof(ev->object), "%s", dev);
	ev_field(ev, "iommu", "vtd");
	ev_field(ev, intr ? "index" : "address", "0x%llx", (unsigned long long)v);
	ev_field(ev, "reason", "0x%02llx", (unsigned long long)reason);
	if (*p == ' ' && p[1])
		ev_field(ev, "reason_text", "%s", p + 1);
	if (intr)
		ev_field(ev, "request", "interrupt remapping");
	return 1;
}

static int amd_event(const char *m, const char *tag, struct ioasid_event *ev)
{
	const char *p = tag + strlen("AMD-Vi: Event logged ["), *end = strrchr(p, ']');
	size_t tl = strcspn(p, " ]");
	const char *dev;

	if (!tl)
		return 0;
	if (!end || end < p + tl)
		end = p + strlen(p); /* "UNKNOWN event[0]=..." has no closing bracket */
	ev_field(ev, "iommu", "amd");
	ev_field(ev, "event", "%.*s", (int)tl, p);
	for (p += tl; p < end;) {
		const char *tok, *eq;
		size_t l;

		while (p < end && (*p == ' ' || *p == ','))
			p++;
		tok = p;
		while (p < end && *p != ' ' && *p != ',')
			p++;
		l = (size_t)(p - tok);
		eq = memchr(tok, '=', l);
		if (eq && eq > tok && (size_t)(eq - tok) < 32) {
			char key[32];

			snprintf(key, sizeof(key), "%.*s", (int)(eq - tok), tok);
			ev_field(ev, key, "%.*s", (int)(l - (size_t)(eq - tok) - 1), eq + 1);
		}
	}
	dev = ioasid_event_field(ev, "device");
	if (dev && *dev) {
		snprintf(ev->object, sizeof(ev->object), "%s", dev);
	} else if (tag > m + 2 && tag[-2] == ':' && tag[-1] == ' ') {
		/* "<driver> <device>: AMD-Vi: ..." of pci_err()/dev_err() */
		const char *sp = memchr(m, ' ', (size_t)(tag - 2 - m));

		snprintf(ev->object, sizeof(ev->object), "%.*s",
			 sp ? (int)(tag - 2 - sp - 1) : (int)(tag - 2 - m), sp ? sp + 1 : m);
	}
	if (!ev->object[0]) /* no device named, or an empty name */
		snprintf(ev->object, sizeof(ev->object), "AMD-Vi");
	return 1;
}

int ioasid_kmsg_classify(const char *msg, struct ioasid_event *ev)
{
	const char *tag;
	char unit[64];
	enum ioasid_iommu_type t;

	ev_init(ev, IOASID_EVENT_KMSG);
	snprintf(ev->action, sizeof(ev->action), "fault");
	if (!strncmp(msg, "DMAR: [", 7) && vtd_fault(msg + 7, ev))
		return 1;
	tag = strstr(msg, "AMD-Vi: Event logged [");
	if (tag) {
		ev_init(ev, IOASID_EVENT_KMSG);
		snprintf(ev->action, sizeof(ev->action), "fault");
		return amd_event(msg, tag, ev);
	}
	t = ioasid_prq_overflow_line(msg, unit, sizeof(unit));
	if (t == IOASID_IOMMU_OTHER)
		return 0;
	ev_init(ev, IOASID_EVENT_KMSG);
	snprintf(ev->action, sizeof(ev->action), "prq_overflow");
	snprintf(ev->object, sizeof(ev->object), "%s",
		 unit[0]		 ? unit
		 : t == IOASID_IOMMU_AMD ? "AMD-Vi"
					 : "arm-smmu-v3");
	ev_field(ev, "iommu", "%s",
		 t == IOASID_IOMMU_VTD	 ? "vtd"
		 : t == IOASID_IOMMU_AMD ? "amd"
					 : "smmu3");
	return 1;
}

struct kmsg_src {
	struct ev_seq seq;
	char buf[16384]; /* a record: text up to 1024..8 KiB + dictionary */
};

static int kmsg_read(struct ioasid_evsrc *s, ioasid_event_cb cb, void *arg,
		     struct ioasid_error *err)
{
	struct kmsg_src *k = s->priv;
	struct ioasid_event *ev = malloc(sizeof(*ev));
	int count = 0;

	if (!ev)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(s->fd, k->buf, sizeof(k->buf));
		uint64_t seq, usec, lost;
		char *msg;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE)
			continue; /* overwritten: the next record's number tells how many */
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			free(ev);
			err->errnum = e;
			snprintf(err->object, sizeof(err->object), PATH_DEV_KMSG);
			snprintf(err->message, sizeof(err->message), "cannot read: %s",
				 strerror(e));
			return -e;
		}
		if (ioasid_kmsg_record_parse(k->buf, (size_t)n, &seq, &usec, &msg) < 0)
			continue;
		if (ev_seq_next(&k->seq, seq, &lost) == EV_SEQ_GAP) {
			ev_lost(ev, IOASID_EVENT_KMSG, PATH_DEV_KMSG, lost, false,
				"records overwritten before they were read");
			ev->has_seq = true;
			ev->seq = seq;
			count++;
			if (cb(ev, arg)) {
				free(msg);
				break;
			}
		}
		if (ioasid_kmsg_classify(msg, ev)) {
			ev->has_seq = true;
			ev->seq = seq;
			ev_field(ev, "boot_usec", "%llu", (unsigned long long)usec);
			ev_field(ev, "message", "%s", msg);
			count++;
			if (cb(ev, arg)) {
				free(msg);
				break;
			}
		}
		free(msg);
	}
	free(ev);
	return count;
}

int evsrc_kmsg_open(struct ioasid_ctx *ctx, struct ioasid_evsrc **out)
{
	struct ioasid_evsrc *s = evsrc_new(IOASID_EVENT_KMSG, sizeof(struct kmsg_src));
	int fd;

	if (!s)
		return -ENOMEM;
	fd = iopath_open(ctx, PATH_DEV_KMSG);
	if (fd < 0) {
		ioasid_evsrc_close(s);
		return ioasid_set_error(ctx, -fd, PATH_DEV_KMSG, "cannot open: %s", strerror(-fd));
	}
	/* new records only (devkmsg_llseek SEEK_END: after the last one) */
	if (lseek(fd, 0, SEEK_END) < 0) {
		int e = errno;

		close(fd);
		ioasid_evsrc_close(s);
		return ioasid_set_error(ctx, e, PATH_DEV_KMSG, "cannot seek: %s", strerror(e));
	}
	s->fd = fd;
	s->read = kmsg_read;
	*out = s;
	return 0;
}
