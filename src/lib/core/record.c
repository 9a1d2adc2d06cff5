// SPDX-License-Identifier: LGPL-2.1-or-later
/* The recorder behind `ioasidctl dump` and the errno overlay of a replay
 * (see record.h). */
#include <errno.h>
#include <limits.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/record.h"

/* Symlinks followed while resolving one path (the kernel's MAXSYMLINKS). */
#define MAX_LINKS 40

struct iorec *iorec_new(size_t max_member)
{
	struct iorec *r = calloc(1, sizeof(*r));

	if (r)
		r->max_member = max_member ? max_member : IOREC_DEFAULT_MAX;
	return r;
}

static void entry_free(struct rec_entry *e)
{
	if (!e)
		return;
	free(e->path);
	free(e->data);
	free(e->target);
	free(e);
}

static void noop_free(void *p)
{
	(void)p;
}

void iorec_free(struct iorec *r)
{
	if (!r)
		return;
	tdestroy(r->index, noop_free);
	for (size_t i = 0; i < r->n; i++)
		entry_free(r->v[i]);
	free(r->v);
	for (size_t i = 0; i < r->nerrs; i++)
		free(r->errs[i].path);
	free(r->errs);
	for (size_t i = 0; i < r->nsizes; i++)
		free(r->sizes[i].path);
	free(r->sizes);
	free(r);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct rec_entry *)a)->path, ((const struct rec_entry *)b)->path);
}

static struct rec_entry *find(struct iorec *r, const char *path)
{
	struct rec_entry key = {.path = (char *)path};
	void *hit = tfind(&key, &r->index, cmp_entry);

	return hit ? *(struct rec_entry **)hit : NULL;
}

/* The entry for path, created with kind when new. NULL on ENOMEM. */
static struct rec_entry *get(struct iorec *r, const char *path, enum rec_kind kind, bool *isnew)
{
	struct rec_entry *e = find(r, path);

	*isnew = false;
	if (e)
		return e;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct rec_entry **nv = realloc(r->v, cap * sizeof(*nv));

		if (!nv)
			goto oom;
		r->v = nv;
		r->cap = cap;
	}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->path = strdup(path)))
		goto oom_e;
	e->kind = kind;
	if (!tsearch(e, &r->index, cmp_entry))
		goto oom_e;
	r->v[r->n++] = e;
	*isnew = true;
	return e;
oom_e:
	entry_free(e);
oom:
	r->oom = ENOMEM;
	return NULL;
}

static void add_link(struct iorec *r, const char *path, const char *target)
{
	bool isnew;
	struct rec_entry *e = get(r, path, REC_LINK, &isnew);

	if (!e || !isnew)
		return;
	e->target = strdup(target);
	if (!e->target)
		r->oom = ENOMEM;
}

/*
 * Resolve host (absolute, without the root) under the context's root the
 * way the kernel would, recording every symlink met; out gets the
 * canonical path. follow_last: also follow a link in the last component.
 * Returns 0, or -errno with out holding the part resolved plus the rest.
 */
static int resolve(struct ioasid_ctx *ctx, const char *host, bool follow_last, char *out,
		   size_t outlen)
{
	char rest[PATH_MAX], cur[PATH_MAX] = "", full[PATH_MAX];
	int links = 0;

	if (snprintf(rest, sizeof(rest), "%s", host) >= (int)sizeof(rest))
		return -ENAMETOOLONG;
	for (;;) {
		char *p = rest, comp[NAME_MAX + 1], target[PATH_MAX];
		size_t clen;
		struct stat st;
		ssize_t tl;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		clen = strcspn(p, "/");
		if (clen > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(comp, p, clen);
		comp[clen] = '\0';
		memmove(rest, p + clen, strlen(p + clen) + 1);
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			char *slash = strrchr(cur, '/');

			if (slash)
				*slash = '\0';
			continue;
		}
		if (strlen(cur) + 1 + clen >= sizeof(cur))
			return -ENAMETOOLONG;
		strcat(cur, "/");
		strcat(cur, comp);
		if (snprintf(full, sizeof(full), "%s%s", ctx->root, cur) >= (int)sizeof(full))
			return -ENAMETOOLONG;
		if (lstat(full, &st) < 0) {
			int e = errno;

			snprintf(out, outlen, "%s%s", cur, rest);
			return -e;
		}
		if (!S_ISLNK(st.st_mode))
			continue;
		{
			bool last = rest[strspn(rest, "/")] == '\0';

			if (last && !follow_last)
				break;
		}
		if (++links > MAX_LINKS)
			return -ELOOP;
		tl = readlink(full, target, sizeof(target) - 1);
		if (tl < 0)
			return -errno;
		target[tl] = '\0';
		add_link(ctx->rec, cur, target);
		/* continue at the target: relative to the link's directory */
		*strrchr(cur, '/') = '\0';
		if (target[0] == '/')
			cur[0] = '\0';
		if ((size_t)tl + 1 + strlen(rest) >= sizeof(rest))
			return -ENAMETOOLONG;
		memmove(rest + tl + 1, rest, strlen(rest) + 1);
		memcpy(rest, target, (size_t)tl);
		rest[tl] = '/';
	}
	if (snprintf(out, outlen, "%s", cur[0] ? cur : "/") >= (int)outlen)
		return -ENAMETOOLONG;
	return 0;
}

void iorec_error(struct ioasid_ctx *ctx, const char *host, int err)
{
	struct iorec *r = ctx->rec;

	if (!r || err <= 0)
		return;
	for (size_t i = 0; i < r->nerrs; i++)
		if (!strcmp(r->errs[i].path, host))
			return;
	if (r->nerrs == r->caperrs) {
		size_t cap = r->caperrs ? r->caperrs * 2 : 64;
		struct rec_path_err *nv = realloc(r->errs, cap * sizeof(*nv));

		if (!nv) {
			r->oom = ENOMEM;
			return;
		}
		r->errs = nv;
		r->caperrs = cap;
	}
	r->errs[r->nerrs].path = strdup(host);
	if (!r->errs[r->nerrs].path) {
		r->oom = ENOMEM;
		return;
	}
	r->errs[r->nerrs++].err = err;
}

/* Store bytes as the content of host's canonical path. A longer read of
 * the same file replaces a shorter one (one command reads a line, another
 * the whole file). */
static void store(struct ioasid_ctx *ctx, const char *host, const void *data, size_t len,
		  bool follow_last)
{
	struct iorec *r = ctx->rec;
	char canon[PATH_MAX];
	struct rec_entry *e;
	size_t keep;
	bool isnew;

	if (resolve(ctx, host, follow_last, canon, sizeof(canon)) < 0)
		return; /* vanished meanwhile: the read itself says what it got */
	e = get(r, canon, REC_FILE, &isnew);
	if (!e)
		return;
	if (e->kind != REC_FILE)
		return;
	if (!isnew && !e->placeholder && e->read_len >= len)
		return;
	keep = len > r->max_member ? r->max_member : len;
	free(e->data);
	e->data = malloc(keep ? keep : 1);
	if (!e->data) {
		e->len = e->read_len = 0;
		r->oom = ENOMEM;
		return;
	}
	memcpy(e->data, data, keep);
	e->len = keep;
	e->read_len = len;
	e->placeholder = false;
}

void iorec_file(struct ioasid_ctx *ctx, const char *host, const void *data, size_t len)
{
	if (ctx->rec)
		store(ctx, host, data, len, true);
}

/* An entry of a listed directory nobody read: a link keeps its target, a
 * directory is created, a file is an empty placeholder (so the listing
 * replays with the same names). */
static void placeholder(struct ioasid_ctx *ctx, const char *canon_dir, const char *name)
{
	struct iorec *r = ctx->rec;
	char path[PATH_MAX], full[PATH_MAX], target[PATH_MAX];
	struct rec_entry *e;
	struct stat st;
	bool isnew;
	ssize_t tl;

	if (snprintf(path, sizeof(path), "%s/%s", strcmp(canon_dir, "/") ? canon_dir : "", name) >=
		    (int)sizeof(path) ||
	    snprintf(full, sizeof(full), "%s%s", ctx->root, path) >= (int)sizeof(full) ||
	    lstat(full, &st) < 0)
		return;
	if (S_ISLNK(st.st_mode)) {
		tl = readlink(full, target, sizeof(target) - 1);
		if (tl < 0)
			return;
		target[tl] = '\0';
		add_link(r, path, target);
	} else if (S_ISDIR(st.st_mode)) {
		get(r, path, REC_DIR, &isnew);
	} else {
		e = get(r, path, REC_FILE, &isnew);
		if (e && isnew)
			e->placeholder = true;
	}
}

void iorec_dir(struct ioasid_ctx *ctx, const char *host)
{
	char canon[PATH_MAX], full[PATH_MAX];
	bool isnew;

	if (!ctx->rec || resolve(ctx, host, true, canon, sizeof(canon)) < 0)
		return;
	get(ctx->rec, canon, REC_DIR, &isnew);
	/* the names again, unsorted and unfiltered by the caller */
	if (snprintf(full, sizeof(full), "%s%s", ctx->root, canon) >= (int)sizeof(full))
		return;
	{
		DIR *d = opendir(full);
		struct dirent *de;

		if (!d)
			return;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			placeholder(ctx, canon, de->d_name);
		}
		closedir(d);
	}
}

void iorec_link(struct ioasid_ctx *ctx, const char *host)
{
	char canon[PATH_MAX];

	/* resolving without following the last component records every link
	 * up to it; the last one is recorded by its parent's listing or here */
	if (!ctx->rec || resolve(ctx, host, false, canon, sizeof(canon)) < 0)
		return;
	{
		char full[PATH_MAX], target[PATH_MAX];
		ssize_t tl;

		if (snprintf(full, sizeof(full), "%s%s", ctx->root, canon) >= (int)sizeof(full))
			return;
		tl = readlink(full, target, sizeof(target) - 1);
		if (tl < 0)
			return;
		target[tl] = '\0';
		add_link(ctx->rec, canon, target);
	}
}

void iorec_exists(struct ioasid_ctx *ctx, const char *host)
{
	char canon[PATH_MAX], full[PATH_MAX];
	struct stat st;
	bool isnew;

	if (!ctx->rec || resolve(ctx, host, true, canon, sizeof(canon)) < 0)
		return;
	if (snprintf(full, sizeof(full), "%s%s", ctx->root, canon) >= (int)sizeof(full) ||
	    stat(full, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		get(ctx->rec, canon, REC_DIR, &isnew);
	} else {
		struct rec_entry *e = get(ctx->rec, canon, REC_FILE, &isnew);

		if (e && isnew)
			e->placeholder = true;
	}
}

void iorec_size(struct ioasid_ctx *ctx, const char *host, long long size)
{
	struct iorec *r = ctx->rec;

	if (!r)
		return;
	for (size_t i = 0; i < r->nsizes; i++)
		if (!strcmp(r->sizes[i].path, host))
			return;
	if (r->nsizes == r->capsizes) {
		size_t cap = r->capsizes ? r->capsizes * 2 : 32;
		struct rec_path_size *nv = realloc(r->sizes, cap * sizeof(*nv));

		if (!nv) {
			r->oom = ENOMEM;
			return;
		}
		r->sizes = nv;
		r->capsizes = cap;
	}
	r->sizes[r->nsizes].path = strdup(host);
	if (!r->sizes[r->nsizes].path) {
		r->oom = ENOMEM;
		return;
	}
	r->sizes[r->nsizes++].size = size;
}

/* Needles of the log lines a dump keeps. Every string the library looks for
 * with ioasid_kernel_log_find() contains one (test_dump checks this). */
static const char *const kmsg_words[] = {
	"DMAR",
	"dmar",
	"IOMMU",
	"iommu",
	"AMD-Vi",
	"idxd",
	"PASID",
	"pasid",
	"PRQ",
	"prq",
	"ATS",
	"PRI",
	"VT-d",
	"SVA",
	"sva",
	"ioasid",
	"PCI-DMA",
	"Extended features",
	"tboot", /* tboot forces VT-d on (reason-host.c step_units()) */
	/* the SMMUv3's boot line and messages (stock/smmu3.c) */
	"arm-smmu",
};

bool iorec_kmsg_keep(const char *msg, size_t len)
{
	for (size_t i = 0; i < sizeof(kmsg_words) / sizeof(kmsg_words[0]); i++)
		if (memmem(msg, len, kmsg_words[i], strlen(kmsg_words[i])))
			return true;
	return false;
}

/*
 * Keep the records of interest, each with its dictionary lines, in the
 * /dev/kmsg format ioasid_parse_kmsg() reads (kernel/printk/printk.c
 * devkmsg_read(): "prefix;text\n" then " KEY=VALUE\n" lines).
 */
void iorec_kmsg(struct ioasid_ctx *ctx, const char *host, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	char *out;
	size_t n = 0;
	bool keep = false;

	if (!ctx->rec)
		return;
	out = malloc(len + 1);
	if (!out) {
		ctx->rec->oom = ENOMEM;
		return;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t l = eol ? (size_t)(eol - p) + 1 : (size_t)(end - p);

		if (*p != ' ') {
			const char *semi = memchr(p, ';', l);

			keep = semi && iorec_kmsg_keep(semi + 1, l - (size_t)(semi + 1 - p));
		}
		if (keep) {
			memcpy(out + n, p, l);
			n += l;
		}
		p += l;
	}
	store(ctx, host, out, n, true);
	free(out);
}

/* Sorting puts "a" before "a/b"; implied parents are added first. */
static int cmp_ptr(const void *a, const void *b)
{
	return strcmp((*(struct rec_entry *const *)a)->path, (*(struct rec_entry *const *)b)->path);
}

int iorec_sorted(struct iorec *r, struct rec_entry ***out, size_t *n)
{
	size_t orig = r->n;

	for (size_t i = 0; i < orig; i++) {
		char parent[PATH_MAX];
		char *slash;

		snprintf(parent, sizeof(parent), "%s", r->v[i]->path);
		while ((slash = strrchr(parent, '/')) && slash != parent) {
			bool isnew;

			*slash = '\0';
			if (find(r, parent))
				break;
			if (!get(r, parent, REC_DIR, &isnew))
				return -ENOMEM;
		}
	}
	if (r->oom)
		return -ENOMEM;
	*out = malloc((r->n ? r->n : 1) * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	memcpy(*out, r->v, r->n * sizeof(**out));
	qsort(*out, r->n, sizeof(**out), cmp_ptr);
	*n = r->n;
	return 0;
}

static int cmp_err(const void *a, const void *b)
{
	return strcmp(((const struct rec_path_err *)a)->path,
		      ((const struct rec_path_err *)b)->path);
}

static int cmp_size(const void *a, const void *b)
{
	return strcmp(((const struct rec_path_size *)a)->path,
		      ((const struct rec_path_size *)b)->path);
}

int iooverlay_err(const struct ioasid_ctx *ctx, const char *host)
{
	struct rec_path_err key = {.path = (char *)host}, *hit;

	if (!ctx->ov || !ctx->ov->nerrs)
		return 0;
	hit = bsearch(&key, ctx->ov->errs, ctx->ov->nerrs, sizeof(key), cmp_err);
	return hit ? hit->err : 0;
}

int iooverlay_size(const struct ioasid_ctx *ctx, const char *host, long long *size)
{
	struct rec_path_size key = {.path = (char *)host}, *hit;

	if (!ctx->ov || !ctx->ov->nsizes)
		return 0;
	hit = bsearch(&key, ctx->ov->sizes, ctx->ov->nsizes, sizeof(key), cmp_size);
	if (!hit)
		return 0;
	*size = hit->size;
	return 1;
}

void iooverlay_sort(struct iooverlay *o)
{
	if (o->nerrs)
		qsort(o->errs, o->nerrs, sizeof(*o->errs), cmp_err);
	if (o->nsizes)
		qsort(o->sizes, o->nsizes, sizeof(*o->sizes), cmp_size);
}

void iooverlay_free(struct iooverlay *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nerrs; i++)
		free(o->errs[i].path);
	free(o->errs);
	for (size_t i = 0; i < o->nsizes; i++)
		free(o->sizes[i].path);
	free(o->sizes);
	free(o);
}

const char *iorec_errno_name(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "EIO";
}

int iorec_errno_value(const char *name)
{
	/* errno values are small; 4096 is MAX_ERRNO in the kernel */
	for (int e = 1; e < 4096; e++) {
		const char *s = strerrorname_np(e);

		if (s && !strcmp(s, name))
			return e;
	}
	return 0;
}
