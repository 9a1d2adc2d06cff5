// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The emulated host's generations (DESIGN.md 3): crash-safe, atomic
 * mutations and readers that see one consistent state.
 *
 * Writer (ioasid_sim_mutate): flock(DIR/.lock, LOCK_EX); read `current`
 * (gen-N) and load gen-N/.sim/state into a model; run the mutation; write
 * DIR/.tmp-gen-M (M = N+1): static platform files hard-linked from gen-N,
 * dynamic files rendered, state saved; syncfs; rename to gen-M; fsync DIR;
 * symlink DIR/.current.tmp -> gen-M and rename it over `current`; fsync
 * DIR; remove generations older than N that no reader holds. A crash at
 * any point leaves `current` on a complete generation: a .tmp-gen-* or an
 * unpublished gen-M is removed by the next writer.
 *
 * Reader (ioasid_sim_open): readlink `current` once, take flock(LOCK_SH)
 * on gen-N/.sim/readers (check it is still gen-N's after locking: the
 * collector renames a generation away before deleting it), and read only
 * DIR/gen-N through the normal path layer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/sim.h"
#include "uapi/ioasid.h"

/* paths of a generation that are rendered per generation (never linked) */
static bool dynamic_path(const char *rel)
{
	static const char *const dyn[] = {".sim",	   "sys/kernel/ioasid", "sys/fs/cgroup",
					  "genl",	   "proc/interrupts",	"proc/self",
					  "sys/kernel/irq"};

	for (size_t i = 0; i < sizeof(dyn) / sizeof(dyn[0]); i++)
		if (!strcmp(rel, dyn[i]))
			return true;
	/* the VM processes' /proc/PID */
	if (!strncmp(rel, "proc/", 5) && rel[5] >= '0' && rel[5] <= '9' && !strchr(rel + 5, '/'))
		return true;
	return false;
}

/* Hard-link the static tree of generation prev into root. */
static int link_tree(int prev, int root, const char *rel)
{
	int dfd = openat(prev, rel[0] ? rel : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if (dfd < 0)
		return -errno;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -ENOMEM;
	}
	while (!rc && (de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		if (dynamic_path(path))
			continue;
		if (fstatat(prev, path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = -errno;
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdirat(root, path, 0755) < 0 && errno != EEXIST)
				rc = -errno;
			else
				rc = link_tree(prev, root, path);
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlinkat(prev, path, target, sizeof(target) - 1);

			if (n < 0)
				rc = -errno;
			else {
				target[n] = '\0';
				if (symlinkat(target, root, path) < 0)
					rc = -errno;
			}
		} else if (linkat(prev, path, root, path, 0) < 0) {
			rc = -errno;
		}
	}
	closedir(d);
	return rc;
}

static int remove_tree_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return errno == ENOENT ? 0 : unlinkat(dirfd, name, 0) < 0 ? -errno : 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_type == DT_DIR)
			remove_tree_at(fd, de->d_name);
		else
			unlinkat(fd, de->d_name, 0);
	}
	closedir(d);
	return unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT ? -errno : 0;
}

/* The current generation number (0: none). */
static int current_gen(int dirfd, uint64_t *gen)
{
	char t[64];
	ssize_t n = readlinkat(dirfd, "current", t, sizeof(t) - 1);
	char *end;

	if (n < 0)
		return -errno;
	t[n] = '\0';
	if (strncmp(t, "gen-", 4))
		return -EUCLEAN;
	*gen = strtoull(t + 4, &end, 10);
	return *end || !*gen ? -EUCLEAN : 0;
}

static int read_file_at(int dirfd, const char *path, char **out, size_t *len)
{
	struct sim_buf b = {0};
	char buf[65536];
	ssize_t r;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		if (sim_buf_add(&b, buf, (size_t)r)) {
			close(fd);
			free(b.p);
			return -ENOMEM;
		}
	close(fd);
	if (r < 0) {
		free(b.p);
		return -errno;
	}
	*out = b.p ? b.p : strdup("");
	*len = b.len;
	return *out ? 0 : -ENOMEM;
}

static int load_gen(int dirfd, uint64_t gen, struct ioasid_sim_host **out, struct ioasid_error *err)
{
	struct ioasid_sim_host *h = calloc(1, sizeof(*h));
	char path[64], msg[256] = "";
	size_t len;
	char *buf;
	int rc;

	if (!h)
		return -ENOMEM;
	snprintf(path, sizeof(path), "gen-%llu/.sim/state", (unsigned long long)gen);
	rc = read_file_at(dirfd, path, &buf, &len);
	if (rc) {
		free(h);
		return sim_seterr(err, -rc, path, "cannot read the state: %s", strerror(-rc));
	}
	rc = sim_state_load(h, buf, len, msg, sizeof(msg));
	free(buf);
	if (rc) {
		free(h);
		return sim_seterr(err, -rc, path, "%s", msg[0] ? msg : strerror(-rc));
	}
	h->gen = gen;
	*out = h;
	return 0;
}

/* Remove generations below keep that no reader holds, and leftovers. */
static void collect(int dirfd, uint64_t keep)
{
	DIR *d = fdopendir(dup(dirfd));
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[NAME_MAX + 32];
		uint64_t g;
		int fd;

		if (!strncmp(de->d_name, ".trash-", 7) || !strncmp(de->d_name, ".tmp-gen-", 9)) {
			remove_tree_at(dirfd, de->d_name);
			continue;
		}
		if (strncmp(de->d_name, "gen-", 4) ||
		    (g = strtoull(de->d_name + 4, NULL, 10)) >= keep)
			continue;
		snprintf(path, sizeof(path), "%s/.sim/readers", de->d_name);
		fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			continue; /* a reader holds it */
		}
		/* renamed away first: a reader that locks it afterwards sees
		 * the path no longer leads to its file and retries */
		snprintf(path, sizeof(path), ".trash-%s", de->d_name);
		if (renameat(dirfd, de->d_name, dirfd, path) == 0)
			remove_tree_at(dirfd, path);
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
}

/* Write generation gen from h (prev: the generation before, or 0) and
 * make it current. */
static int publish(int dirfd, const struct ioasid_sim_host *h, uint64_t prev, uint64_t gen,
		   struct ioasid_error *err)
{
	const struct sim_platform *pf = sim_platform_find(h->platform);
	char tmp[64], name[64], prevname[64];
	int root = -1, prevfd = -1, rc;
	size_t len;
	char *state;

	if (!pf)
		return sim_seterr(err, ENOENT, h->platform, "unknown platform");
	snprintf(tmp, sizeof(tmp), ".tmp-gen-%llu", (unsigned long long)gen);
	snprintf(name, sizeof(name), "gen-%llu", (unsigned long long)gen);
	remove_tree_at(dirfd, tmp);
	remove_tree_at(dirfd, name); /* a crash after its rename, before the switch */
	if (mkdirat(dirfd, tmp, 0755) < 0)
		return sim_seterr(err, errno, tmp, "cannot create: %s", strerror(errno));
	root = openat(dirfd, tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return sim_seterr(err, errno, tmp, "cannot open: %s", strerror(errno));
	if (prev) {
		snprintf(prevname, sizeof(prevname), "gen-%llu", (unsigned long long)prev);
		prevfd = openat(dirfd, prevname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		rc = prevfd < 0 ? -errno : link_tree(prevfd, root, "");
		if (rc) {
			sim_seterr(err, -rc, prevname, "cannot link the platform files: %s",
				   strerror(-rc));
			goto out;
		}
	} else {
		rc = pf->render(pf, root, err);
		if (rc)
			goto out;
	}
	sim_fs_dedup(root, prevfd);
	rc = sim_render_dynamic(h, root, prevfd, err);
	sim_fs_dedup(-1, -1);
	if (rc)
		goto out;
	rc = sim_state_save(h, &state, &len);
	if (!rc) {
		rc = sim_write(root, ".sim/state", state, len);
		free(state);
	}
	rc = rc ?: sim_printf(root, ".sim/platform", "%s\n", h->platform);
	rc = rc ?: sim_write(root, ".sim/readers", "", 0);
	if (rc) {
		sim_seterr(err, -rc, ".sim/state", "cannot write: %s", strerror(-rc));
		goto out;
	}
	/* everything on disk before the generation gets its name */
	if (syncfs(root) < 0 || renameat(dirfd, tmp, dirfd, name) < 0 || fsync(dirfd) < 0) {
		rc = sim_seterr(err, errno, name, "cannot publish: %s", strerror(errno));
		goto out;
	}
	unlinkat(dirfd, ".current.tmp", 0);
	if (symlinkat(name, dirfd, ".current.tmp") < 0 ||
	    renameat(dirfd, ".current.tmp", dirfd, "current") < 0 || fsync(dirfd) < 0) {
		rc = sim_seterr(err, errno, "current", "cannot switch: %s", strerror(errno));
		goto out;
	}
	collect(dirfd, prev ? prev : gen);
out:
	if (root >= 0)
		close(root);
	if (prevfd >= 0)
		close(prevfd);
	if (rc)
		remove_tree_at(dirfd, tmp);
	return rc;
}

static int open_dir_locked(const char *dir, int *lockfd, struct ioasid_error *err)
{
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;

	if (dirfd < 0)
		return sim_seterr(err, errno, dir, "%s", strerror(errno));
	fd = openat(dirfd, ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		close(dirfd);
		return sim_seterr(err, e, dir, "cannot lock: %s", strerror(e));
	}
	*lockfd = fd;
	return dirfd;
}

/* ------------------------------------------------------------------ API */

IOASID_EXPORT struct ioasid_model *ioasid_sim_model(struct ioasid_sim_host *h)
{
	return h->m;
}

IOASID_EXPORT uint32_t ioasid_sim_default_quota(const struct ioasid_sim_host *h)
{
	return h->default_quota;
}

IOASID_EXPORT int ioasid_sim_set_default_quota(struct ioasid_sim_host *h, uint32_t quota)
{
	struct ioasid_model_capacity c;

	ioasid_model_get_capacity(h->m, &c);
	/* ioasid-abi(7) default_quota: 1 .. capacity total, else EINVAL */
	if (!quota || quota > c.total)
		return -EINVAL;
	h->default_quota = quota;
	return 0;
}

IOASID_EXPORT uint64_t ioasid_sim_generation(const struct ioasid_sim_host *h)
{
	return h->gen;
}

IOASID_EXPORT int ioasid_sim_inject_prq(struct ioasid_sim_host *h, const char *unit,
					uint32_t ioasid, uint64_t count)
{
	const struct sim_platform *pf = sim_platform_find(h->platform);

	/* no dmarN-prq: the IOMMU has no queue to receive them (sim-platform.c) */
	if (pf && !pf->prq)
		return -EOPNOTSUPP;
	return ioasid_model_inject_prq(h->m, unit, ioasid, count);
}

/* The initial state: the platform's IOMMU units, VT-d's host PASID set
 * (null type, quota PID_MAX_DEFAULT 32768, seed:5761-5762), machine.slice
 * with no ioasids limit, and n VMs, each in its systemd scope with an
 * ioasids limit of 64, holding /dev/ioasid open (its mm set with the
 * default quota), two IOASIDs allocated and the first bound to guest
 * PASID 1. */
static int initial_state(struct ioasid_sim_host *h, const struct sim_platform *pf, unsigned vms,
			 bool bare)
{
	struct ioasid_model *m = h->m;
	int64_t r;
	int rc = 0;

	for (size_t i = 0; !rc && pf->units[i]; i++)
		rc = ioasid_model_unit_add(m, pf->units[i]);
	/* bare: the IOMMU units are hardware; no set, cgroup or process */
	if (rc || bare)
		return rc;
	r = ioasid_model_set_alloc(m, IOASID_MODEL_SET_NULL, 0, 32768);
	if (r < 0)
		return (int)r;
	rc = ioasid_model_cgroup_create(m, "/machine.slice");
	rc = rc
		     ?: ioasid_model_cgroup_set_limit(m, "/machine.slice",
						      IOASID_MODEL_FORM_IOASIDS,
						      IOASID_MODEL_CG_MAX);
	for (unsigned v = 1; !rc && v <= vms; v++) {
		char cg[128];
		int32_t pid = (int32_t)(4000 + v);
		struct ioasid_alloc_args a = {sizeof(a), 0, 1, IOASID_MODEL_PASID_MAX - 1, 0};
		struct ioasid_bind_args b = {sizeof(b), 0, 0, 1};

		/* systemd-machined's scope name, '-' escaped as \x2d */
		snprintf(cg, sizeof(cg), "/machine.slice/machine-qemu\\x2d%u\\x2dvm%u.scope", v, v);
		rc = ioasid_model_cgroup_create(m, cg);
		rc = rc ?: ioasid_model_cgroup_set_limit(m, cg, IOASID_MODEL_FORM_IOASIDS, 64);
		rc = rc
			     ?: ioasid_model_proc_add(m, pid,
						      0x7f0000000000ull + ((uint64_t)v << 24), cg);
		r = rc ? rc : ioasid_model_proc_open(m, pid, h->default_quota);
		if (r < 0)
			return (int)r;
		rc = ioasid_sim_ioctl(h, pid, IOASID_ALLOC, &a);
		b.ioasid = a.ioasid;
		rc = rc < 0 ? rc : ioasid_sim_ioctl(h, pid, IOASID_ALLOC, &a);
		rc = rc < 0 ? rc : ioasid_sim_ioctl(h, pid, IOASID_BIND, &b);
	}
	return rc < 0 ? rc : 0;
}

IOASID_EXPORT int ioasid_sim_init(const char *dir, const struct ioasid_sim_init_opts *o,
				  struct ioasid_error *err)
{
	const char *name = o && o->platform ? o->platform : SIM_DEFAULT_PLATFORM;
	const struct sim_platform *pf = sim_platform_find(name);
	unsigned forms =
		o && o->cg_forms ? o->cg_forms : IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC;
	struct ioasid_sim_host *h;
	int dirfd, lockfd, rc;
	char msg[256];

	if (!pf)
		return sim_seterr(err, ENOENT, name, "unknown platform (see sim init --platform)");
	if (forms & ~(IOASID_MODEL_CG_IOASIDS | IOASID_MODEL_CG_MISC))
		return sim_seterr(err, EINVAL, "cg_forms", "unknown cgroup form bits 0x%x", forms);
	if (o && o->bare && o->vms)
		return sim_seterr(err, EINVAL, dir, "a bare host has no VMs");
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return sim_seterr(err, errno, dir, "cannot create: %s", strerror(errno));
	dirfd = open_dir_locked(dir, &lockfd, err);
	if (dirfd < 0)
		return dirfd;
	if (faccessat(dirfd, "current", F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
		rc = sim_seterr(err, EEXIST, dir, "already an emulated host");
		goto out;
	}
	h = calloc(1, sizeof(*h));
	rc = h ? ioasid_model_new(&h->m, forms, 0) : -ENOMEM;
	if (!rc) {
		snprintf(h->platform, sizeof(h->platform), "%s", pf->name);
		h->default_quota = SIM_DEFAULT_QUOTA;
		h->notify_keep = o && o->notify_keep ? o->notify_keep : SIM_NOTIFY_KEEP;
		if (h->notify_keep > SIM_NOTIFY_KEEP_MAX)
			rc = sim_seterr(err, EINVAL, "notify_keep", "at most %u",
					SIM_NOTIFY_KEEP_MAX);
		rc = rc ?: initial_state(h, pf, o ? o->vms : 0, o && o->bare);
		if (rc)
			sim_seterr(err, -rc, name, "initial state refused: %s", strerror(-rc));
	}
	if (!rc && ioasid_model_check(h->m, msg, sizeof(msg)) < 0)
		rc = sim_seterr(err, EUCLEAN, name, "%s", msg);
	if (!rc)
		rc = publish(dirfd, h, 0, 1, err);
	sim_host_free(h);
out:
	close(lockfd);
	close(dirfd);
	return rc;
}

IOASID_EXPORT int ioasid_sim_mutate(const char *dir, ioasid_sim_mutate_fn fn, void *arg,
				    bool dry_run, struct ioasid_error *err)
{
	struct ioasid_sim_host *h = NULL;
	int dirfd, lockfd, rc, res;
	uint64_t gen;
	char msg[256];

	dirfd = open_dir_locked(dir, &lockfd, err);
	if (dirfd < 0)
		return dirfd;
	rc = current_gen(dirfd, &gen);
	if (rc) {
		sim_seterr(err, rc == -ENOENT ? EOPNOTSUPP : EUCLEAN, dir,
			   "not an emulated host (no current generation; run sim init)");
		goto out;
	}
	rc = load_gen(dirfd, gen, &h, err);
	if (rc)
		goto out;
	res = fn(h, arg);
	rc = res;
	if (res < 0 || dry_run)
		goto out;
	if (ioasid_model_check(h->m, msg, sizeof(msg)) < 0) {
		rc = sim_seterr(err, EUCLEAN, dir, "mutation broke an invariant: %s", msg);
		goto out;
	}
	rc = publish(dirfd, h, gen, gen + 1, err);
	if (!rc)
		rc = res;
out:
	sim_host_free(h);
	close(lockfd);
	close(dirfd);
	return rc;
}

IOASID_EXPORT int ioasid_sim_open(struct ioasid_ctx **ctx, const char *dir,
				  struct ioasid_error *err)
{
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = -EAGAIN;
	struct ioasid_error scratch;

	if (!err)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	*ctx = NULL;
	if (dirfd < 0)
		return sim_seterr(err, errno, dir, "%s", strerror(errno));
	for (int tries = 0; tries < 1000 && rc == -EAGAIN; tries++) {
		char path[PATH_MAX], lk[64];
		struct stat a, b;
		uint64_t gen;
		int fd;

		rc = current_gen(dirfd, &gen);
		if (rc) {
			/* a directory that is not one: unsupported (exit 4), as a
			 * missing directory is not found (exit 3) */
			rc = sim_seterr(err, rc == -ENOENT ? EOPNOTSUPP : EUCLEAN, dir,
					"not an emulated host (no current generation)");
			break;
		}
		snprintf(lk, sizeof(lk), "gen-%llu/.sim/readers", (unsigned long long)gen);
		fd = openat(dirfd, lk, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			rc = -EAGAIN; /* collected meanwhile: resolve again */
			continue;
		}
		if (flock(fd, LOCK_SH) < 0 || fstat(fd, &a) < 0 || fstatat(dirfd, lk, &b, 0) < 0 ||
		    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
			close(fd);
			rc = -EAGAIN;
			continue;
		}
		snprintf(path, sizeof(path), "%s/gen-%llu", dir, (unsigned long long)gen);
		rc = ioasid_ctx_new(ctx, path);
		if (rc) {
			close(fd);
			rc = sim_seterr(err, -rc, path, "%s", strerror(-rc));
			break;
		}
		(*ctx)->sim_lock = fd + 1;
	}
	close(dirfd);
	if (rc == -EAGAIN)
		rc = sim_seterr(err, EAGAIN, dir, "the current generation kept changing");
	return rc;
}
