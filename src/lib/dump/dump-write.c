// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Writing a dump: the recording of a context (record.c) as one archive.
 *
 * tar (POSIX pax) compressed with gzip: libarchive writes and reads it
 * without extra libraries, busybox and every tar unpack it (the VM guest
 * included), and gzip is fast on small machines. A dump is mostly small
 * text (the kernel config is the largest member, ~270 KiB), so xz would
 * save a few KiB at several times the CPU.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "core/record.h"

#define REDACTED_HOST "redacted-host"

struct redact {
	bool on;
	char host[256];
	unsigned long long *dsn; /* serials seen, in order: n-th -> n */
	size_t ndsn;
	size_t dsn_fields, dmi_files, host_hits;
};

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

/* s is dir itself or a path below it */
static bool is_under(const char *s, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(s, dir, n) && (s[n] == '/' || s[n] == '\0');
}

/*
 * PCI Device Serial Number (extended capability 0x0003): 8 bytes at +4
 * (drivers/pci/pci.c pci_get_dsn()). Each distinct serial becomes its
 * ordinal (1, 2, ...), so functions of one device still share one value.
 * The extended list starts at 0x100: header bits 15:0 id, 31:20 next
 * (include/uapi/linux/pci_regs.h PCI_EXT_CAP_ID/NEXT).
 */
static void redact_dsn(struct redact *r, unsigned char *cfg, size_t len)
{
	unsigned pos = 0x100, ttl = (4096 - 256) / 8;

	while (pos && pos + 12 <= len && ttl--) {
		unsigned long long serial = 0, ord;
		uint32_t h = (uint32_t)cfg[pos] | (uint32_t)cfg[pos + 1] << 8 |
			     (uint32_t)cfg[pos + 2] << 16 | (uint32_t)cfg[pos + 3] << 24;
		size_t i;

		if (h == 0 || h == 0xffffffffu)
			return;
		if ((h & 0xffff) == 0x0003) {
			for (i = 0; i < 8; i++)
				serial |= (unsigned long long)cfg[pos + 4 + i] << (8 * i);
			for (i = 0; i < r->ndsn && r->dsn[i] != serial; i++)
				;
			if (i == r->ndsn) {
				unsigned long long *nv =
					realloc(r->dsn, (r->ndsn + 1) * sizeof(*nv));

				if (!nv)
					return;
				r->dsn = nv;
				r->dsn[r->ndsn++] = serial;
			}
			ord = i + 1;
			for (i = 0; i < 8; i++)
				cfg[pos + 4 + i] = (unsigned char)(ord >> (8 * i));
			r->dsn_fields++;
		}
		pos = (h >> 20) & 0xffc;
		if (pos < 0x100)
			return;
	}
}

/* Replace every occurrence of the hostname in a text member. */
static char *redact_host(struct redact *r, const char *data, size_t len, size_t *outlen)
{
	size_t hl = strlen(r->host), rl = strlen(REDACTED_HOST), n = 0, hits = 0;
	const char *p = data, *end = data + len, *q;
	char *out;

	if (!data || !len)
		return NULL; /* an empty member (data may be NULL) has nothing to hide */
	for (q = data; hl && (q = memmem(q, (size_t)(end - q), r->host, hl)); q += hl)
		hits++;
	if (!hits)
		return NULL;
	out = malloc(len + hits * rl + 1);
	if (!out)
		return NULL;
	while ((q = memmem(p, (size_t)(end - p), r->host, hl))) {
		memcpy(out + n, p, (size_t)(q - p));
		n += (size_t)(q - p);
		memcpy(out + n, REDACTED_HOST, rl);
		n += rl;
		p = q + hl;
	}
	memcpy(out + n, p, (size_t)(end - p));
	n += (size_t)(end - p);
	r->host_hits += hits;
	*outlen = n;
	return out;
}

/* The member's bytes as written: redacted when asked. *owned is set when
 * the returned buffer must be freed. */
static const char *member_data(struct redact *r, const struct rec_entry *e, size_t *len,
			       char **owned)
{
	*owned = NULL;
	*len = e->len;
	if (!r->on)
		return e->data;
	if (is_under(e->path, PATH_SYS_DEVICES) && has_suffix(e->path, "/config") &&
	    e->len > 0x100) {
		*owned = malloc(e->len);
		if (!*owned)
			return e->data;
		memcpy(*owned, e->data, e->len);
		redact_dsn(r, (unsigned char *)*owned, e->len);
		return *owned;
	}
	/* DMI serial numbers and UUIDs (drivers/firmware/dmi-id.c) */
	if (is_under(e->path, PATH_SYS_DMI_ID) &&
	    (has_suffix(e->path, "_serial") || has_suffix(e->path, "_uuid"))) {
		*owned = strdup("redacted\n");
		*len = *owned ? strlen(*owned) : 0;
		r->dmi_files++;
		return *owned;
	}
	if (r->host[0] && (is_under(e->path, PATH_PROC) || !strcmp(e->path, PATH_DEV_KMSG))) {
		*owned = redact_host(r, e->data, e->len, len);
		if (*owned)
			return *owned;
		*len = e->len;
	}
	return e->data;
}

/* An absolute link target as a relative one from the link's directory, so
 * the archive never holds a link out of itself. */
static void relative_target(const char *link, const char *target, char *out, size_t len)
{
	size_t n = 0;
	int up = 0;

	if (target[0] != '/') {
		snprintf(out, len, "%s", target);
		return;
	}
	for (const char *p = link + 1; *p; p++)
		up += *p == '/';
	out[0] = '\0';
	for (int i = 0; i < up && n + 3 < len; i++)
		n += (size_t)snprintf(out + n, len - n, "../");
	while (*target == '/')
		target++;
	snprintf(out + n, len - n, "%s", *target ? target : ".");
}

static int put_entry(struct archive *a, const char *name, mode_t type, const void *data, size_t len,
		     const char *target, time_t t)
{
	struct archive_entry *e = archive_entry_new();
	int rc;

	if (!e)
		return ARCHIVE_FATAL;
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : type == AE_IFLNK ? 0777 : 0644);
	archive_entry_set_mtime(e, t, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	if (type == AE_IFLNK)
		archive_entry_set_symlink(e, target);
	archive_entry_set_size(e, type == AE_IFREG ? (la_int64_t)len : 0);
	rc = archive_write_header(a, e);
	if (rc == ARCHIVE_OK && type == AE_IFREG && len &&
	    archive_write_data(a, data, len) != (la_ssize_t)len)
		rc = ARCHIVE_FATAL;
	archive_entry_free(e);
	return rc;
}

static json_object *command_outputs(const struct ioasid_dump_info *info)
{
	json_object *cmds = json_object_new_object();

	for (size_t i = 0; i < info->ncmds; i++) {
		const struct ioasid_dump_cmd *c = &info->cmds[i];
		json_object *o = json_object_new_object(), *out = NULL;

		if (c->output && *c->output)
			out = json_tokener_parse(c->output);
		/* not JSON (a failed command): keep the text */
		if (!out && c->output && *c->output)
			out = json_object_new_string(c->output);
		json_object_object_add(o, "exit_status", json_object_new_int(c->exit_status));
		json_object_object_add(o, "output", out);
		json_object_object_add(cmds, c->cmdline, o);
	}
	return cmds;
}

static json_object *manifest(struct ioasid_ctx *ctx, const struct ioasid_dump_info *info,
			     struct redact *r, struct rec_entry **v, size_t n, time_t now)
{
	json_object *m = json_object_new_object(), *errs = json_object_new_object(),
		    *sizes = json_object_new_object(), *trunc = json_object_new_object(),
		    *red = json_object_new_array();
	struct iorec *rec = ctx->rec;
	const char *rel = NULL;
	char tbuf[32];
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ioasid_kernel_release(ctx, &rel);
	json_object_object_add(m, "format_version",
			       json_object_new_int(IOASID_DUMP_FORMAT_VERSION));
	json_object_object_add(m, "tool", json_object_new_string(info->tool ? info->tool : ""));
	json_object_object_add(m, "kernel_release", rel ? json_object_new_string(rel) : NULL);
	json_object_object_add(m, "time", json_object_new_string(tbuf));
	json_object_object_add(m, "hostname",
			       !r->on && r->host[0] ? json_object_new_string(r->host) : NULL);
	json_object_object_add(m, "max_member_size", json_object_new_uint64(rec->max_member));
	for (size_t i = 0; i < rec->nerrs; i++)
		json_object_object_add(errs, rec->errs[i].path,
				       json_object_new_string(iorec_errno_name(rec->errs[i].err)));
	/* what stat() said: a member cut short (sysfs config read without
	 * root) keeps the size the kernel reports */
	for (size_t i = 0; i < rec->nsizes; i++)
		json_object_object_add(sizes, rec->sizes[i].path,
				       json_object_new_int64(rec->sizes[i].size));
	for (size_t i = 0; i < n; i++) {
		json_object *t;

		if (v[i]->kind != REC_FILE || v[i]->read_len <= v[i]->len)
			continue;
		t = json_object_new_object();
		json_object_object_add(t, "read", json_object_new_uint64(v[i]->read_len));
		json_object_object_add(t, "kept", json_object_new_uint64(v[i]->len));
		json_object_object_add(trunc, v[i]->path, t);
	}
	json_object_object_add(m, "errors", errs);
	json_object_object_add(m, "sizes", sizes);
	json_object_object_add(m, "truncated", trunc);
	if (r->on) {
		json_object_array_add(red, json_object_new_string("hostname"));
		json_object_array_add(red, json_object_new_string("pci_dsn"));
		json_object_array_add(red, json_object_new_string("dmi_serials"));
	}
	json_object_object_add(m, "redacted", red);
	json_object_object_add(m, "commands", command_outputs(info));
	return m;
}

static int write_fail(struct ioasid_ctx *ctx, struct archive *a)
{
	int e = archive_errno(a) > 0 ? archive_errno(a) : EIO;

	return ioasid_set_error(ctx, e, "dump", "cannot write the archive: %s", strerror(e));
}

IOASID_EXPORT int ioasid_dump_write(struct ioasid_ctx *ctx, int fd,
				    const struct ioasid_dump_info *info)
{
	struct redact r = {.on = info->redact};
	struct rec_entry **v = NULL;
	struct archive *a = NULL;
	json_object *m = NULL;
	time_t now = time(NULL);
	const char *text;
	char *manifest_text = NULL;
	size_t n = 0;
	int rc;

	if (!ctx->rec)
		return ioasid_set_error(ctx, EINVAL, "dump", "the context was not recording");
	/* read before sorting: these are recorded too */
	ioasid_kernel_release(ctx, &text);
	if (iopath_read_line(ctx, r.host, sizeof(r.host), PATH_PROC_HOSTNAME) < 0)
		r.host[0] = '\0';
	rc = iorec_sorted(ctx->rec, &v, &n);
	if (rc < 0)
		return ioasid_set_error(ctx, rc, "dump", "out of memory");
	a = archive_write_new();
	if (!a || archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(a) != ARCHIVE_OK) {
		rc = ioasid_set_error(ctx, ENOMEM, "dump", "libarchive: cannot set up tar+gzip");
		goto out;
	}
	/* no padding of the compressed stream to 10 KiB blocks */
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		rc = write_fail(ctx, a);
		goto out;
	}
	if (put_entry(a, IOASID_DUMP_TOP "/", AE_IFDIR, NULL, 0, NULL, now) != ARCHIVE_OK) {
		rc = write_fail(ctx, a);
		goto out;
	}
	/* the manifest first: a reader streaming the archive meets it early */
	m = manifest(ctx, info, &r, v, n, now);
	text = json_object_to_json_string_ext(m, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							 JSON_C_TO_STRING_NOSLASHESCAPE);
	/* json-c passes a string's bytes through: a hostname or path that is
	 * not UTF-8 would make the manifest invalid JSON (RFC 8259 8.1) */
	manifest_text = text ? ioasid_utf8_dup_valid(text) : NULL;
	if (!manifest_text ||
	    put_entry(a, IOASID_DUMP_TOP "/" IOASID_DUMP_MANIFEST, AE_IFREG, manifest_text,
		      strlen(manifest_text), NULL, now) != ARCHIVE_OK) {
		rc = write_fail(ctx, a);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct rec_entry *e = v[i];
		char name[PATH_MAX + 32], target[PATH_MAX];
		char *owned = NULL;
		const char *data = NULL;
		size_t len = 0;
		mode_t type = AE_IFDIR;

		snprintf(name, sizeof(name), IOASID_DUMP_TOP "%s%s", e->path,
			 e->kind == REC_DIR ? "/" : "");
		if (e->kind == REC_FILE) {
			type = AE_IFREG;
			data = member_data(&r, e, &len, &owned);
		} else if (e->kind == REC_LINK) {
			type = AE_IFLNK;
			relative_target(e->path, e->target, target, sizeof(target));
		}
		rc = put_entry(a, name, type, data, len, target, now);
		free(owned);
		if (rc != ARCHIVE_OK) {
			rc = write_fail(ctx, a);
			goto out;
		}
	}
	/* close flushes the last block: a full disk shows here */
	if (archive_write_close(a) != ARCHIVE_OK) {
		rc = write_fail(ctx, a);
		goto out;
	}
	rc = 0;
out:
	if (a)
		archive_write_free(a);
	json_object_put(m);
	free(manifest_text);
	free(r.dsn);
	free(v);
	return rc;
}
