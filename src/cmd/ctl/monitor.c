// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl monitor: events as they happen, one line each (or one JSON
 * object per line with -J), from every source the host has: kernel
 * uevents, IOMMU fault and PRQ overflow lines of the kernel log, cgroup
 * limit events, the IOASID extension's notifications. One poll() loop;
 * SIGINT/SIGTERM arrive on a signalfd in the same loop and end it with
 * status 0. A source that cannot be opened is one stderr line; when none
 * can, the status is 4 (unsupported).
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cli/arg.h"
#include "ctl/ctl.h"

/* uevent subsystems shown unless --subsystem says otherwise: PCI
 * functions, idxd (bus "dsa"), uacce, IOMMU units (class "iommu") */
#define DEFAULT_SUBSYSTEMS "pci,dsa,uacce,iommu,iommu_group"

struct mon {
	struct cli *c;
	const char *object; /* fnmatch pattern or NULL */
	char *subsystems;   /* comma list, NULL: any */
	long long count;    /* stop after this many lines (0: never) */
	long long printed;
	bool json;
};

static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == n && !strncmp(p, word, n))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static bool wanted(const struct mon *m, const struct ioasid_event *ev)
{
	/* gaps and restarts are never filtered away */
	if (!strcmp(ev->action, "lost") || !strcmp(ev->action, "reset"))
		return true;
	if (ev->kind == IOASID_EVENT_UEVENT && m->subsystems) {
		const char *s = ioasid_event_field(ev, "subsystem");

		if (!s || !in_list(m->subsystems, s))
			return false;
	}
	return !m->object || fnmatch(m->object, ev->object, 0) == 0;
}

/* "2026-11-23T23:55:01.123456+0000" */
static void iso_time(uint64_t usec, char *buf, size_t len)
{
	time_t t = (time_t)(usec / 1000000u);
	struct tm tm;
	char zone[8];

	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	snprintf(buf + strlen(buf), len - strlen(buf), ".%06u%s", (unsigned)(usec % 1000000u),
		 zone);
}

static void print_json(const struct ioasid_event *ev, FILE *out)
{
	json_object *o = json_object_new_object(), *f = json_object_new_object();
	bool lost = !strcmp(ev->action, "lost");
	char t[48];

	iso_time(ev->time_usec, t, sizeof(t));
	json_object_object_add(o, "schema_version", json_object_new_int(IOASIDCTL_SCHEMA_VERSION));
	json_object_object_add(o, "time", json_object_new_string(t));
	json_object_object_add(o, "kind", json_object_new_string(ioasid_event_kind_name(ev->kind)));
	json_object_object_add(o, "object", json_object_new_string(ev->object));
	json_object_object_add(o, "action", json_object_new_string(ev->action));
	json_object_object_add(o, "seq", ev->has_seq ? json_object_new_uint64(ev->seq) : NULL);
	/* lost: 0 for an ordinary event, N for a gap, null when not known */
	json_object_object_add(
		o, "lost",
		lost && ev->lost_unknown ? NULL : json_object_new_uint64(lost ? ev->lost : 0));
	for (size_t i = 0; i < ev->nfields; i++)
		json_object_object_add(f, ev->fields[i].key,
				       json_object_new_string(ev->fields[i].value));
	json_object_object_add(o, "fields", f);
	if (pr_json_write(out, o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) == 0)
		fputc('\n', out);
	json_object_put(o);
}

/* A value as is, or in double quotes (with \" and \\) when it is empty or
 * holds blanks, quotes or '='; control characters and bytes that are not
 * UTF-8 become '?' (print/text.h). */
static void put_value(const char *raw, FILE *out)
{
	bool unsafe = pr_has_controls(raw);
	char *safe = unsafe ? strdup(raw) : NULL;
	const char *v = safe ? safe : raw;

	if (unsafe && !safe) {
		fputs("\"?\"", out); /* out of memory: nothing unsafe goes out */
		return;
	}
	if (safe)
		pr_mask_controls(safe);
	if (*raw && !strpbrk(raw, " \t\"\\=")) {
		fputs(v, out);
	} else {
		fputc('"', out);
		for (; *v; v++) {
			if (*v == '"' || *v == '\\')
				fputc('\\', out);
			fputc(*v, out);
		}
		fputc('"', out);
	}
	free(safe);
}

/* TIME KIND ACTION OBJECT [lost=N] [seq=N] key=value... */
static void print_text(const struct ioasid_event *ev, FILE *out)
{
	char t[48];

	iso_time(ev->time_usec, t, sizeof(t));
	fprintf(out, "%s %s %s ", t, ioasid_event_kind_name(ev->kind), ev->action);
	put_value(ev->object, out);
	if (!strcmp(ev->action, "lost")) {
		if (ev->lost_unknown)
			fprintf(out, " lost=unknown");
		else
			fprintf(out, " lost=%" PRIu64, ev->lost);
	}
	if (ev->has_seq)
		fprintf(out, " seq=%" PRIu64, ev->seq);
	for (size_t i = 0; i < ev->nfields; i++) {
		fprintf(out, " %s=", ev->fields[i].key);
		put_value(ev->fields[i].value, out);
	}
	fputc('\n', out);
}

static int on_event(const struct ioasid_event *ev, void *arg)
{
	struct mon *m = arg;
	FILE *out = pr_output();

	if (!wanted(m, ev))
		return 0;
	if (m->json)
		print_json(ev, out);
	else
		print_text(ev, out);
	fflush(out); /* one line at a time, also into pipes and files */
	m->printed++;
	return m->count && m->printed >= m->count;
}

/* An error once events may have been streamed: the stderr line of
 * cli_error, and with -J the same error object as one JSON line (the
 * stream's format) instead of a pretty-printed document. */
static int mon_error(struct cli *c, bool json, int status, int errnum, const char *object,
		     const char *msg)
{
	json_object *o, *e;
	const char *name;

	c->pr.format = PR_TABLE;
	cli_error(c, status, errnum, object, "%s", msg);
	if (!json)
		return status;
	o = json_object_new_object();
	e = json_object_new_object();
	name = errnum ? strerrorname_np(errnum < 0 ? -errnum : errnum) : NULL;
	json_object_object_add(o, "schema_version", json_object_new_int(IOASIDCTL_SCHEMA_VERSION));
	json_object_object_add(e, "object", json_object_new_string(object));
	json_object_object_add(e, "errno", name ? json_object_new_string(name) : NULL);
	json_object_object_add(e, "message", json_object_new_string(msg));
	json_object_object_add(e, "exit_status", json_object_new_int(status));
	json_object_object_add(o, "error", e);
	if (pr_json_write(pr_output(), o,
			  JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) == 0)
		fputc('\n', pr_output());
	fflush(pr_output());
	json_object_put(o);
	return status;
}

/* --kind LIST -> bit mask of kinds; 0 on a bad name (printed). */
static unsigned parse_kinds(struct cli *c, const char *list)
{
	unsigned mask = 0;
	char *dup = strdup(list), *save = NULL;

	for (char *w = strtok_r(dup, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int k = ioasid_event_kind_parse(w);

		if (k < 0) {
			cli_error(c, EXIT_USAGE, EINVAL, "--kind",
				  "'%s' is not an event kind (uevent, kmsg, cgroup, ioasid)", w);
			free(dup);
			return 0;
		}
		mask |= 1u << k;
	}
	free(dup);
	if (!mask)
		cli_error(c, EXIT_USAGE, EINVAL, "--kind", "no event kind given");
	return mask;
}

static int sigfd_open(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cmd_monitor(struct cli *c, int argc, const char **argv)
{
	/* popt allocates the strings: cli_parse_free() frees them */
	char *kinds = NULL, *object = NULL, *subsys = NULL, *count_s = NULL, *timeout_s = NULL;
	char *bufsize_s = NULL;
	uint64_t count = 0, bufsize = 0;
	double timeout = 0;
	int json = 0;
	struct poptOption opts[] = {
		{"kind", 0, POPT_ARG_STRING, &kinds, 0,
		 "event kinds: uevent,kmsg,cgroup,ioasid (default: all the host has)", "LIST"},
		{"object", 0, POPT_ARG_STRING, &object, 0,
		 "only events whose object matches (a shell pattern)", "PATTERN"},
		{"subsystem", 0, POPT_ARG_STRING, &subsys, 0,
		 "uevent subsystems to show, or all (default " DEFAULT_SUBSYSTEMS ")", "LIST"},
		{"json", 'J', POPT_ARG_NONE, &json, 0, "one JSON object per line", NULL},
		{"count", 0, POPT_ARG_STRING, &count_s, 0, "exit after N events", "N"},
		{"timeout", 0, POPT_ARG_STRING, &timeout_s, 0, "exit after S seconds", "S"},
		{"buffer-size", 0, POPT_ARG_STRING, &bufsize_s, 0,
		 "receive buffer of the netlink sockets (default 4 MiB, capped by rmem_max)",
		 "BYTES"},
		POPT_TABLEEND};
	struct ioasid_evsrc *src[IOASID_EVENT_NKINDS] = {0};
	struct pollfd pfd[IOASID_EVENT_NKINDS + 1];
	struct mon m = {.c = c};
	unsigned mask, nopen = 0;
	const char **args;
	int64_t deadline = 0;
	sigset_t oldmask;
	int sfd = -1, rc, nunsupported = 0, nperm = 0;
	poptContext pc;

	rc = cli_parse_plain(c, argc, argv, opts, "[--kind LIST] [--object PATTERN] [-J]", &pc,
			     &args);
	if (rc != EXIT_OK)
		return rc;
	if (json)
		c->pr.format = PR_JSON;
	m.json = json;
	rc = cli_no_args(c, args);
	if (rc != EXIT_OK)
		goto out;
	/* each option checked on its own: the message names the one that is wrong;
	 * 0 is the default of each (no limit, no timeout, the library's size) */
	if (rc == EXIT_OK && count_s)
		rc = cli_arg_num(c, "--count", count_s, 0, INT64_MAX, &count);
	if (rc == EXIT_OK && timeout_s)
		rc = cli_arg_sec(c, "--timeout", timeout_s, 0, 1e9, &timeout);
	if (rc == EXIT_OK && bufsize_s)
		rc = cli_arg_num(c, "--buffer-size", bufsize_s, 0, INT32_MAX, &bufsize);
	if (rc != EXIT_OK)
		goto out;
	m.count = (long long)count;
	m.object = object;
	if (!subsys)
		m.subsystems = strdup(DEFAULT_SUBSYSTEMS);
	else if (strcmp(subsys, "all"))
		m.subsystems = strdup(subsys);
	rc = cli_open(c);
	if (rc != EXIT_OK)
		goto out;
	if (kinds) {
		mask = parse_kinds(c, kinds);
		if (!mask) {
			rc = EXIT_USAGE;
			goto out;
		}
	} else if (c->sim) {
		mask = 1u << IOASID_EVENT_IOASID | 1u << IOASID_EVENT_CGROUP;
	} else if (!ioasid_ctx_is_live(c->ctx)) {
		mask = 1u << IOASID_EVENT_CGROUP;
	} else {
		mask = (1u << IOASID_EVENT_NKINDS) - 1;
	}
	for (int k = 0; k < IOASID_EVENT_NKINDS; k++) {
		struct ioasid_error err = {0};
		const char *obj, *msg;

		if (!(mask & 1u << k))
			continue;
		if (c->sim) {
			rc = ioasid_evsrc_open_sim(c->sim, (enum ioasid_event_kind)k, &src[k],
						   &err);
			obj = err.object;
			msg = err.message;
		} else {
			const struct ioasid_error *e;

			rc = ioasid_evsrc_open(c->ctx, (enum ioasid_event_kind)k, &src[k]);
			e = ioasid_ctx_last_error(c->ctx);
			obj = e->object;
			msg = e->message;
		}
		if (rc == 0) {
			nopen++;
			if (bufsize && ioasid_evsrc_set_buffer(src[k], (size_t)bufsize) == -EPERM)
				pr_err("ioasidctl: %s: cannot set the buffer size",
				       ioasid_event_kind_name(k));
			continue;
		}
		/* one line, the other sources keep running */
		pr_err("ioasidctl: %s: %s", obj && *obj ? obj : ioasid_event_kind_name(k),
		       msg && *msg ? msg : strerror(-rc));
		if (rc == -EACCES || rc == -EPERM)
			nperm++;
		else
			nunsupported++;
	}
	if (!nopen) {
		rc = mon_error(c, json, EXIT_UNSUPPORTED, EOPNOTSUPP, "monitor",
			       nperm ? "no event source is available (some need root)"
				     : "no event source is available");
		goto out;
	}
	sfd = sigfd_open(&oldmask);
	if (sfd < 0) {
		rc = cli_error(c, EXIT_FAIL, errno, "signalfd", "%s", strerror(errno));
		goto out;
	}
	if (timeout > 0)
		deadline = now_ms() + (int64_t)(timeout * 1000);
	rc = EXIT_OK;
	for (;;) {
		int n = 0, wait = -1, r;

		pfd[n++] = (struct pollfd){.fd = sfd, .events = POLLIN};
		for (int k = 0; k < IOASID_EVENT_NKINDS; k++)
			if (src[k])
				pfd[n++] = (struct pollfd){.fd = ioasid_evsrc_fd(src[k]),
							   .events = POLLIN};
		if (deadline) {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				break;
			wait = left > 1 << 30 ? 1 << 30 : (int)left;
		}
		r = poll(pfd, (nfds_t)n, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = mon_error(c, json, EXIT_FAIL, errno, "poll", strerror(errno));
			break;
		}
		if (pfd[0].revents) {
			struct signalfd_siginfo si;

			/* SIGINT or SIGTERM: a clean end. Taken off the queue,
			 * or restoring the mask below would deliver it. */
			while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
				;
			break;
		}
		n = 1;
		for (int k = 0; k < IOASID_EVENT_NKINDS; k++) {
			struct ioasid_error err = {0};

			if (!src[k])
				continue;
			if (!pfd[n++].revents)
				continue;
			r = ioasid_evsrc_read(src[k], on_event, &m, &err);
			if (r < 0) {
				/* this source is gone; the others go on */
				pr_err("ioasidctl: %s: %s", err.object, err.message);
				ioasid_evsrc_close(src[k]);
				src[k] = NULL;
				if (!--nopen) {
					rc = mon_error(c, json, EXIT_FAIL, r, "monitor",
						       "every event source failed");
					goto out;
				}
			}
			if (m.count && m.printed >= m.count)
				goto out;
		}
	}
out:
	if (sfd >= 0) {
		close(sfd);
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
	}
	for (int k = 0; k < IOASID_EVENT_NKINDS; k++)
		ioasid_evsrc_close(src[k]);
	free(m.subsystems);
	cli_parse_free(pc, opts);
	return rc;
}
