// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel facts: release, command line, config, log, CPU flags. */
#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/internal.h"
#include "core/pathnames.h"
#include "stock/kernel.h"
#include "core/record.h"

struct ioasid_kernel_cache {
	int release_rc;
	char release[128];
	int version_rc;
	char version[512];
	int cmdline_rc;
	char *cmdline;
	int config_rc; /* 1 = not read yet */
	char *config;
	char config_src[160];
	int log_rc; /* 1 = not read yet */
	char **log;
	uint64_t *log_usec; /* each line's timestamp (us since boot) */
	size_t nlog;
	int cpuinfo_rc;
	char *cpuinfo;
	char *scratch; /* last config value returned */
	struct ioasid_kallsyms_state kallsyms;
};

static struct ioasid_kernel_cache *cache(struct ioasid_ctx *ctx)
{
	if (!ctx->kernel) {
		ctx->kernel = calloc(1, sizeof(*ctx->kernel));
		if (!ctx->kernel)
			return NULL;
		ctx->kernel_free = ioasid_kernel_cache_free;
		ctx->kernel->release_rc = 1;
		ctx->kernel->version_rc = 1;
		ctx->kernel->cmdline_rc = 1;
		ctx->kernel->config_rc = 1;
		ctx->kernel->log_rc = 1;
		ctx->kernel->cpuinfo_rc = 1;
		ctx->kernel->kallsyms.rc = 1;
	}
	return ctx->kernel;
}

struct ioasid_kallsyms_state *ioasid_kernel_kallsyms_state(struct ioasid_ctx *ctx)
{
	struct ioasid_kernel_cache *k = cache(ctx);

	return k ? &k->kallsyms : NULL;
}

void ioasid_kernel_cache_free(struct ioasid_kernel_cache *k)
{
	if (!k)
		return;
	free(k->cmdline);
	free(k->config);
	for (size_t i = 0; i < k->nlog; i++)
		free(k->log[i]);
	free(k->log);
	free(k->log_usec);
	free(k->cpuinfo);
	free(k->scratch);
	free(k);
}

/* "6.12.117+deb12-amd64" or "6.1.0-56-amd64": the leading a.b[.c]. */
int ioasid_parse_release(const char *s, unsigned *code)
{
	unsigned long v[3] = {0, 0, 0};
	int i;

	for (i = 0; i < 3; i++) {
		char *end;

		if (!isdigit((unsigned char)*s))
			break;
		v[i] = strtoul(s, &end, 10);
		s = end;
		if (*s != '.') {
			i++;
			break;
		}
		s++;
	}
	if (i < 2 || v[0] > 255 || v[1] > 255)
		return -EINVAL;
	*code = IOASID_KVER((unsigned)v[0], (unsigned)v[1], (unsigned)(v[2] > 255 ? 255 : v[2]));
	return 0;
}

IOASID_EXPORT int ioasid_kernel_release(struct ioasid_ctx *ctx, const char **release)
{
	struct ioasid_kernel_cache *k = cache(ctx);

	if (!k)
		return -ENOMEM;
	if (k->release_rc == 1)
		k->release_rc =
			iopath_read_line(ctx, k->release, sizeof(k->release), PATH_PROC_OSRELEASE);
	*release = k->release_rc == 0 ? k->release : NULL;
	return k->release_rc;
}

IOASID_EXPORT int ioasid_kernel_version_code(struct ioasid_ctx *ctx, unsigned *code)
{
	const char *rel;
	int rc = ioasid_kernel_release(ctx, &rel);

	if (rc < 0)
		return rc;
	return ioasid_parse_release(rel, code);
}

IOASID_EXPORT int ioasid_kernel_version(struct ioasid_ctx *ctx, const char **banner)
{
	struct ioasid_kernel_cache *k = cache(ctx);

	if (!k)
		return -ENOMEM;
	if (k->version_rc == 1)
		k->version_rc =
			iopath_read_line(ctx, k->version, sizeof(k->version), PATH_PROC_VERSION);
	*banner = k->version_rc == 0 ? k->version : NULL;
	return k->version_rc;
}

/*
 * /proc/version is fs/proc/version.c version_proc_show(): init/version.c
 * linux_proc_banner "%s version %s (BY@HOST) (COMPILER) %s" with
 * utsname()->sysname, ->release and ->version. The last is UTS_VERSION,
 * "#1 SMP PREEMPT_DYNAMIC " then KBUILD_BUILD_TIMESTAMP, which Debian's
 * build sets to "Debian <package version> (<date>)", e.g.
 * "... #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2025-10-18)". The compiler
 * part may say "(Debian 12.2.0-14)" too: only the text after " #" counts.
 */
int ioasid_parse_proc_version(const char *text, unsigned *code)
{
	const char *p = strstr(text, ") #");

	if (!p)
		return -ENODATA;
	for (p = strstr(p, " Debian "); p; p = strstr(p + 1, " Debian "))
		if (isdigit((unsigned char)p[8]) && ioasid_parse_release(p + 8, code) == 0)
			return 0;
	return -ENODATA;
}

/*
 * Whether osrelease carries the stable release. Upstream's Makefile makes
 * it VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION LOCALVERSION: "6.12.117" and
 * Debian's backport "6.12.117+deb12-amd64" do. Debian's own series set
 * SUBLEVEL 0 and put an ABI number after it ("6.1.0-56-amd64"; Ubuntu
 * "6.8.0-45-generic" alike): .0 followed by "-<digit>" says nothing of the
 * stable release.
 */
int ioasid_parse_stable_release(const char *osrelease, const char *proc_version, unsigned *code,
				const char **from)
{
	const char *p;
	unsigned rel;
	int dots = 0;

	if (proc_version && ioasid_parse_proc_version(proc_version, code) == 0) {
		*from = PATH_PROC_VERSION;
		return 0;
	}
	if (!osrelease || ioasid_parse_release(osrelease, &rel) < 0)
		return -ENODATA;
	for (p = osrelease; *p && (isdigit((unsigned char)*p) || *p == '.'); p++)
		dots += *p == '.';
	if (dots >= 2 && p[-1] == '0' && p[-2] == '.' && p[0] == '-' &&
	    isdigit((unsigned char)p[1]))
		return -ENODATA;
	*code = rel;
	*from = PATH_PROC_OSRELEASE;
	return 0;
}

IOASID_EXPORT int ioasid_kernel_stable_release(struct ioasid_ctx *ctx, unsigned *code,
					       const char **from)
{
	const char *rel = NULL, *ver = NULL;
	int rc;

	ioasid_kernel_release(ctx, &rel);
	ioasid_kernel_version(ctx, &ver);
	*code = 0;
	*from = NULL;
	rc = ioasid_parse_stable_release(rel, ver, code, from);
	/* without /proc/version (older snapshots), the boot record of the
	 * kernel log is the same text: init/version-timestamp.c (6.12),
	 * init/version.c (6.1) linux_banner "Linux version " UTS_RELEASE ...
	 * UTS_VERSION, printed first by start_kernel() */
	if (rc < 0 && !ver) {
		const char *line = ioasid_kernel_log_find(ctx, "Linux version ");

		if (line && !strncmp(line, "Linux version ", 14) &&
		    ioasid_parse_proc_version(line, code) == 0) {
			*from = PATH_DEV_KMSG;
			rc = 0;
		}
	}
	return rc;
}

IOASID_EXPORT int ioasid_kernel_cmdline(struct ioasid_ctx *ctx, const char **cmdline)
{
	struct ioasid_kernel_cache *k = cache(ctx);

	if (!k)
		return -ENOMEM;
	if (k->cmdline_rc == 1) {
		k->cmdline_rc =
			iopath_read_all(ctx, &k->cmdline, NULL, 64 << 10, PATH_PROC_CMDLINE);
		if (k->cmdline_rc == 0)
			k->cmdline[strcspn(k->cmdline, "\n")] = '\0';
	}
	*cmdline = k->cmdline_rc == 0 ? k->cmdline : NULL;
	return k->cmdline_rc;
}

int ioasid_parse_kconfig(const char *text, const char *option, char **out)
{
	size_t olen = strlen(option);
	const char *p = text;

	*out = NULL;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		/* scripts/kconfig/confdata.c writes "CONFIG_X=val" and
		 * "# CONFIG_X is not set" */
		if (len > olen && !strncmp(p, option, olen) && p[olen] == '=') {
			const char *v = p + olen + 1;
			size_t vlen = len - olen - 1;

			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			*out = strndup(v, vlen);
			return *out ? 1 : -ENOMEM;
		}
		if (len == olen + 13 && !strncmp(p, "# ", 2) && !strncmp(p + 2, option, olen) &&
		    !strncmp(p + 2 + olen, " is not set", 11)) {
			*out = strdup("n");
			return *out ? 1 : -ENOMEM;
		}
		p = eol ? eol + 1 : NULL;
	}
	return 0;
}

/* /proc/config.gz (CONFIG_IKCONFIG_PROC) is gzip: libarchive's raw format
 * decompresses it without a hand-written inflater. */
static int read_config_gz(struct ioasid_ctx *ctx, char **out)
{
	char *gz = NULL;
	size_t gzlen, cap = 1 << 16, n = 0;
	struct archive *a;
	struct archive_entry *e;
	char *buf;
	int rc = iopath_read_all(ctx, &gz, &gzlen, 4 << 20, PATH_PROC_CONFIG_GZ);

	if (rc < 0)
		return rc;
	a = archive_read_new();
	buf = malloc(cap + 1);
	if (!a || !buf) {
		rc = -ENOMEM;
		goto out;
	}
	archive_read_support_filter_gzip(a);
	archive_read_support_format_raw(a);
	/* the raw format takes any bytes: without gzip framing it is not
	 * /proc/config.gz, whatever it holds */
	if (archive_read_open_memory(a, gz, gzlen) != ARCHIVE_OK ||
	    archive_read_next_header(a, &e) != ARCHIVE_OK ||
	    archive_filter_code(a, 0) != ARCHIVE_FILTER_GZIP) {
		rc = -EINVAL;
		goto out;
	}
	for (;;) {
		la_ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap >= IOASID_MAX_FILE) {
				rc = -EFBIG;
				goto out;
			}
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				rc = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		r = archive_read_data(a, buf + n, cap - n);
		if (r < 0) {
			rc = -EINVAL;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*out = buf;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	if (a)
		archive_read_free(a);
	free(gz);
	return rc;
}

IOASID_EXPORT int ioasid_kernel_config(struct ioasid_ctx *ctx, const char *option,
				       const char **value, const char **source)
{
	struct ioasid_kernel_cache *k = cache(ctx);
	const char *rel;
	int rc;

	*value = NULL;
	if (source)
		*source = NULL;
	if (!k)
		return -ENOMEM;
	if (k->config_rc == 1) {
		k->config_rc = read_config_gz(ctx, &k->config);
		if (k->config_rc == 0) {
			snprintf(k->config_src, sizeof(k->config_src), PATH_PROC_CONFIG_GZ);
		} else if (ioasid_kernel_release(ctx, &rel) == 0) {
			k->config_rc =
				iopath_read_all(ctx, &k->config, NULL, 0, PATH_BOOT_CONFIG, rel);
			snprintf(k->config_src, sizeof(k->config_src), PATH_BOOT_CONFIG, rel);
		}
	}
	if (k->config_rc < 0)
		return k->config_rc;
	if (source)
		*source = k->config_src;
	free(k->scratch);
	rc = ioasid_parse_kconfig(k->config, option, &k->scratch);
	if (rc < 0)
		return rc;
	*value = k->scratch;
	return 0;
}

/* Undo the escaping of kernel/printk/printk.c msg_add_ext_text(): bytes
 * < ' ', >= 127 and '\\' are written as "\xNN". */
static char *unescape_kmsg(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && len - i >= 4 && s[i + 1] == 'x' &&
		    isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3])) {
			char hex[3] = {s[i + 2], s[i + 3], 0};

			*o++ = (char)strtoul(hex, NULL, 16);
			i += 3;
			continue;
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/*
 * /dev/kmsg records, kernel/printk/printk.c devkmsg_read() with
 * info_print_ext_header(): "<level+facility>,<seq>,<usec>,<flag>[,...];"
 * then the escaped text, "\n", then dictionary lines " KEY=VALUE\n".
 */
int ioasid_parse_kmsg(const char *text, char ***lines, size_t *n)
{
	return ioasid_parse_kmsg_times(text, lines, NULL, n);
}

/* The <usec> field of a record header "<prio>,<seq>,<usec>,<flags>...;"
 * (0 when it is not a number) */
static uint64_t kmsg_usec(const char *p, const char *semi)
{
	const char *f = memchr(p, ',', (size_t)(semi - p));
	uint64_t v = 0;

	if (f)
		f = memchr(f + 1, ',', (size_t)(semi - f - 1));
	if (!f)
		return 0;
	for (f++; f < semi && *f != ','; f++) {
		if (!isdigit((unsigned char)*f) || v > UINT64_MAX / 10 - 9)
			return 0;
		v = v * 10 + (uint64_t)(*f - '0');
	}
	return v;
}

int ioasid_parse_kmsg_times(const char *text, char ***lines, uint64_t **usec, size_t *n)
{
	size_t cnt = 0, cap = 0;
	char **v = NULL;
	uint64_t *t = NULL;
	const char *p = text;

	*lines = NULL;
	if (usec)
		*usec = NULL;
	*n = 0;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *semi = memchr(p, ';', len);

		if (*p != ' ' && semi && isdigit((unsigned char)*p)) {
			char *msg;

			if (cnt == cap) {
				char **nv;

				cap = cap ? cap * 2 : 256;
				nv = realloc(v, cap * sizeof(*v));
				if (!nv)
					goto oom;
				v = nv;
				if (usec) {
					uint64_t *nt = realloc(t, cap * sizeof(*t));

					if (!nt)
						goto oom;
					t = nt;
				}
			}
			msg = unescape_kmsg(semi + 1, len - (size_t)(semi + 1 - p));
			if (!msg)
				goto oom;
			if (usec)
				t[cnt] = kmsg_usec(p, semi);
			v[cnt++] = msg;
		}
		p = eol ? eol + 1 : NULL;
	}
	*lines = v;
	if (usec)
		*usec = t;
	*n = cnt;
	return 0;
oom:
	for (size_t i = 0; i < cnt; i++)
		free(v[i]);
	free(v);
	free(t);
	return -ENOMEM;
}

/* Live /dev/kmsg returns one record per read() and EINVAL when the buffer
 * is smaller than the record, so read it record by record; in a snapshot
 * it is a plain file holding the same records. */
static int read_kmsg(struct ioasid_ctx *ctx, char **out)
{
	size_t cap = 1 << 16, n = 0;
	char *buf;
	int fd = iopath_open(ctx, PATH_DEV_KMSG);

	if (fd < 0)
		return fd;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (cap - n < 8192) {
			char *nb;

			if (cap >= IOASID_MAX_FILE)
				break; /* keep what we have: the head is the boot */
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
		}
		r = read(fd, buf + n, 8192);
		if (r < 0 && (errno == EINTR || errno == EPIPE))
			continue; /* EPIPE: records overwritten, go on */
		if (r < 0 && errno == EAGAIN)
			break;
		if (r < 0) {
			int e = errno;

			free(buf);
			close(fd);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	/* a dump keeps the IOMMU-related records only (record.c) */
	iorec_kmsg(ctx, PATH_DEV_KMSG, buf, n);
	*out = buf;
	return 0;
}

IOASID_EXPORT int ioasid_kernel_log(struct ioasid_ctx *ctx, const char *const **lines, size_t *n)
{
	struct ioasid_kernel_cache *k = cache(ctx);

	*lines = NULL;
	*n = 0;
	if (!k)
		return -ENOMEM;
	if (k->log_rc == 1) {
		char *text = NULL;

		k->log_rc = read_kmsg(ctx, &text);
		if (k->log_rc == 0)
			k->log_rc = ioasid_parse_kmsg_times(text, &k->log, &k->log_usec, &k->nlog);
		free(text);
	}
	if (k->log_rc < 0)
		return k->log_rc;
	*lines = (const char *const *)k->log;
	*n = k->nlog;
	return 0;
}

IOASID_EXPORT int ioasid_kernel_log_times(struct ioasid_ctx *ctx, const uint64_t **usec, size_t *n)
{
	const char *const *lines;
	int rc = ioasid_kernel_log(ctx, &lines, n);

	*usec = rc == 0 ? ctx->kernel->log_usec : NULL;
	return rc;
}

IOASID_EXPORT const char *ioasid_kernel_log_find(struct ioasid_ctx *ctx, const char *needle)
{
	const char *const *lines;
	size_t n;

	if (ioasid_kernel_log(ctx, &lines, &n) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strstr(lines[i], needle))
			return lines[i];
	return NULL;
}

int ioasid_parse_cpuinfo_flag(const char *text, const char *flag)
{
	size_t flen = strlen(flag);
	const char *p = text;

	/* arch/x86/kernel/cpu/proc.c show_cpuinfo(): "flags\t\t:" then " %s"
	 * per flag */
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (len > 5 && !strncmp(p, "flags", 5) && (p[5] == '\t' || p[5] == ' ')) {
			const char *q = memchr(p, ':', len);

			if (!q)
				return -ENOENT;
			q++;
			while (q < p + len) {
				while (q < p + len && *q == ' ')
					q++;
				const char *w = q;

				while (q < p + len && *q != ' ')
					q++;
				if ((size_t)(q - w) == flen && !strncmp(w, flag, flen))
					return 1;
			}
			return 0;
		}
		p = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

IOASID_EXPORT int ioasid_cpu_has_flag(struct ioasid_ctx *ctx, const char *flag)
{
	struct ioasid_kernel_cache *k = cache(ctx);

	if (!k)
		return -ENOMEM;
	if (k->cpuinfo_rc == 1)
		k->cpuinfo_rc = iopath_read_all(ctx, &k->cpuinfo, NULL, 0, PATH_PROC_CPUINFO);
	if (k->cpuinfo_rc < 0)
		return k->cpuinfo_rc;
	return ioasid_parse_cpuinfo_flag(k->cpuinfo, flag);
}

static bool is_pid_name(const char *name)
{
	/* fs/proc/base.c proc_pid_readdir(): "%u" of each tgid, never 0 */
	return name[0] >= '1' && name[0] <= '9' && name[strspn(name, "0123456789")] == '\0';
}

IOASID_EXPORT int ioasid_kernel_pids(struct ioasid_ctx *ctx, char ***names, size_t *n)
{
	int rc = iopath_list(ctx, names, n, PATH_PROC);

	if (rc == 0)
		iopath_names_keep(*names, n, is_pid_name);
	return rc;
}
