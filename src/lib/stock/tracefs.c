// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A private tracefs instance for the intel_iommu:prq_report event.
 *
 * tracefs is found in /proc/self/mountinfo (fs/proc_namespace.c
 * show_mountinfo(): "%i %i %u:%u " ids, root, " " mount point, options,
 * optional fields, " - " fstype, source, super options; paths escaped by
 * mangle()/seq_path with "\ooo" octal for space, tab, newline, '\\'),
 * else at /sys/kernel/tracing or /sys/kernel/debug/tracing.
 * mkdir instances/NAME makes a trace array with its own buffer and event
 * switches (kernel/trace/trace.c instance_mkdir()), so enabling the event
 * there leaves the user's top-level tracing as it was; rmdir removes it
 * (EBUSY while a file of it is open, hence close first).
 * trace_pipe is polled; trace.c trace_poll() waits for the instance's
 * buffer_percent (default 50) of the buffer to fill before it reports
 * data, so the instance sets it to 0 and the reader also wakes on a short
 * timeout.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/prq-parse.h"

#define MAX_TRACE_LINE (64u << 10)
/* the event's switch in an instance (kernel/trace/trace_events.c) */
#define PRQ_ENABLE "events/intel_iommu/prq_report/enable"

struct ioasid_prq_trace {
	struct ioasid_ctx *ctx;
	char dir[PATH_MAX]; /* host path of the instance */
	int fd;
	bool enabled;
	char *buf; /* an incomplete last line */
	size_t len;
	bool skipping; /* inside an overlong line */
	uint64_t unparsed, lost;
};

static int oct(char c)
{
	return c >= '0' && c <= '7' ? c - '0' : -1;
}

int ioasid_parse_mountinfo(const char *text, const char *fstype, char *mnt, size_t len)
{
	const char *p = text;
	size_t fl = strlen(fstype);

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t l = eol ? (size_t)(eol - p) : strlen(p);
		const char *sep = NULL, *f = p, *e = p + l;

		/* " - " separates the optional fields from the fstype */
		for (const char *q = p; q + 3 <= e; q++)
			if (q[0] == ' ' && q[1] == '-' && q[2] == ' ') {
				sep = q;
				break;
			}
		if (sep && (size_t)(e - (sep + 3)) > fl && !strncmp(sep + 3, fstype, fl) &&
		    sep[3 + fl] == ' ') {
			/* the mount point is field 5 */
			for (int i = 0; i < 4 && f < sep; i++) {
				while (f < sep && *f != ' ')
					f++;
				while (f < sep && *f == ' ')
					f++;
			}
			if (f < sep && *f == '/') {
				size_t o = 0;

				for (; f < sep && *f != ' '; f++) {
					char c = *f;

					if (c == '\\' && sep - f >= 4 && oct(f[1]) >= 0 &&
					    oct(f[2]) >= 0 && oct(f[3]) >= 0) {
						c = (char)(oct(f[1]) << 6 | oct(f[2]) << 3 |
							   oct(f[3]));
						f += 3;
					}
					if (c == '\0' || o + 1 >= len)
						return c ? -ENAMETOOLONG : -EINVAL;
					mnt[o++] = c;
				}
				mnt[o] = '\0';
				return 0;
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

/* The tracefs mount point (host path). */
static int find_tracefs(struct ioasid_ctx *ctx, char *mnt, size_t len)
{
	static const char *const fallback[] = {PATH_SYS_TRACING, PATH_SYS_DEBUG_TRACING};
	char *text;
	int rc = iopath_read_all(ctx, &text, NULL, 4 << 20, PATH_PROC_MOUNTINFO);

	if (rc == 0) {
		rc = ioasid_parse_mountinfo(text, "tracefs", mnt, len);
		free(text);
		if (rc == 0 && iopath_access(ctx, "%s/instances", mnt) == 0)
			return 0;
	}
	for (size_t i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		/* the debugfs one is an automount: touching it mounts tracefs */
		rc = iopath_access(ctx, "%s/instances", fallback[i]);
		if (rc == 0 || rc == -EACCES || rc == -EPERM) {
			snprintf(mnt, len, "%s", fallback[i]);
			return rc;
		}
	}
	return -ENOENT;
}

static int rm_instance(struct ioasid_prq_trace *t)
{
	return iopath_rmdir(t->ctx, "%s", t->dir);
}

/* "0" or "1" into a file of the instance */
static int write_flag(struct ioasid_prq_trace *t, const char *flag, const char *file)
{
	return iopath_write(t->ctx, flag, 1, "%s/%s", t->dir, file);
}

IOASID_EXPORT int ioasid_prq_trace_open(struct ioasid_ctx *ctx, struct ioasid_prq_trace **out)
{
	struct ioasid_prq_trace *t;
	char mnt[PATH_MAX / 2];
	int rc;

	*out = NULL;
	rc = find_tracefs(ctx, mnt, sizeof(mnt));
	if (rc == -ENOENT)
		return ioasid_set_error(ctx, rc, "tracefs",
					"not mounted (mount -t tracefs nodev " PATH_SYS_TRACING
					")");
	if (rc < 0)
		return ioasid_set_error(ctx, rc, mnt, "%s", strerror(-rc));
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->ctx = ctx;
	t->fd = -1;
	snprintf(t->dir, sizeof(t->dir), "%s/instances/ioasidctl-%ld", mnt, (long)getpid());
	rc = iopath_mkdir(ctx, 0700, "%s", t->dir);
	if (rc < 0) {
		if (!iopath_write_refused(ctx, rc))
			ioasid_set_error(ctx, rc, t->dir, "cannot create the trace instance: %s",
					 strerror(-rc));
		free(t);
		return rc;
	}
	rc = iopath_access(ctx, "%s/" PRQ_ENABLE, t->dir);
	if (rc < 0) {
		if (rc == -ENOENT) {
			rc = -EOPNOTSUPP;
			ioasid_set_error(ctx, rc, "intel_iommu:prq_report",
					 "this kernel has no such trace event");
		} else {
			ioasid_set_error(ctx, rc, "intel_iommu:prq_report", "%s", strerror(-rc));
		}
		goto fail;
	}
	/* best effort: without it poll() waits for a half-full buffer */
	write_flag(t, "0", "buffer_percent");
	t->fd = iopath_open(ctx, "%s/trace_pipe", t->dir);
	if (t->fd < 0) {
		rc = t->fd;
		ioasid_set_error(ctx, rc, t->dir, "cannot open trace_pipe: %s", strerror(-rc));
		goto fail;
	}
	rc = write_flag(t, "1", PRQ_ENABLE);
	if (rc < 0) {
		ioasid_set_error(ctx, rc, "intel_iommu:prq_report", "cannot enable: %s",
				 strerror(-rc));
		goto fail;
	}
	t->enabled = true;
	*out = t;
	return 0;
fail:
	if (t->fd >= 0)
		close(t->fd);
	rm_instance(t);
	free(t);
	return rc;
}

IOASID_EXPORT int ioasid_prq_trace_fd(const struct ioasid_prq_trace *t)
{
	return t->fd;
}

IOASID_EXPORT const char *ioasid_prq_trace_instance(const struct ioasid_prq_trace *t)
{
	return t->dir;
}

IOASID_EXPORT uint64_t ioasid_prq_trace_unparsed(const struct ioasid_prq_trace *t)
{
	return t->unparsed;
}

IOASID_EXPORT uint64_t ioasid_prq_trace_lost(const struct ioasid_prq_trace *t)
{
	return t->lost;
}

/* One complete line; 1 if cb asked to stop. */
static int take_line(struct ioasid_prq_trace *t, char *line, ioasid_prq_event_cb cb, void *arg,
		     int *events)
{
	struct ioasid_prq_event ev;
	uint64_t lost;
	int rc = ioasid_parse_prq_trace_line(line, &ev);

	if (rc == 0) {
		(*events)++;
		return cb(&ev, arg) ? 1 : 0;
	}
	if (ioasid_parse_trace_lost(line, &lost))
		t->lost += lost;
	else if (rc == -EINVAL || (rc == -ENOMSG && line[0]))
		t->unparsed++;
	return 0;
}

IOASID_EXPORT int ioasid_prq_trace_read(struct ioasid_prq_trace *t, ioasid_prq_event_cb cb,
					void *arg)
{
	char chunk[16384];
	int events = 0;

	/* at most 1 MiB per call, so the caller keeps its timers */
	for (int rounds = 0; rounds < 64; rounds++) {
		ssize_t r = read(t->fd, chunk, sizeof(chunk));
		size_t start = 0;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			break;
		if (r < 0)
			return ioasid_set_error(t->ctx, -errno, t->dir, "trace_pipe: %s",
						strerror(errno));
		if (r == 0)
			break;
		for (size_t i = 0; i < (size_t)r; i++) {
			char *nb;

			if (chunk[i] != '\n')
				continue;
			if (t->skipping) {
				t->skipping = false;
			} else {
				size_t l = i - start;

				nb = realloc(t->buf, t->len + l + 1);
				if (!nb)
					return -ENOMEM;
				t->buf = nb;
				memcpy(t->buf + t->len, chunk + start, l);
				t->buf[t->len + l] = '\0';
				t->len = 0;
				/* a NUL inside a line is garbage, not an end */
				if (memchr(t->buf, '\0', l))
					t->unparsed++;
				else if (take_line(t, t->buf, cb, arg, &events))
					return events;
			}
			start = i + 1;
		}
		if (start < (size_t)r && !t->skipping) {
			size_t l = (size_t)r - start;

			if (t->len + l > MAX_TRACE_LINE) {
				t->skipping = true;
				t->unparsed++;
				t->len = 0;
			} else {
				char *nb = realloc(t->buf, t->len + l + 1);

				if (!nb)
					return -ENOMEM;
				t->buf = nb;
				memcpy(t->buf + t->len, chunk + start, l);
				t->len += l;
			}
		}
	}
	return events;
}

IOASID_EXPORT int ioasid_prq_trace_close(struct ioasid_prq_trace *t)
{
	int rc = 0, r;

	if (!t)
		return 0;
	if (t->enabled) {
		r = write_flag(t, "0", PRQ_ENABLE);
		if (r < 0 && rc == 0)
			rc = ioasid_set_error(t->ctx, r, "intel_iommu:prq_report",
					      "cannot disable: %s", strerror(-r));
	}
	if (t->fd >= 0)
		close(t->fd);
	r = rm_instance(t);
	if (r < 0 && rc == 0)
		rc = ioasid_set_error(t->ctx, r, t->dir, "cannot remove the trace instance: %s",
				      strerror(-r));
	free(t->buf);
	free(t);
	return rc;
}
