// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Rendering a generation's dynamic files from the model: family B sysfs
 * (ioasid-abi(7) SYSFS), the cgroup v2 tree with both IOASID forms,
 * /proc/PID/{cgroup,comm} of the VM processes, the page-request interrupt
 * lines, and the genl dump files (sim-genl.c). Formats are the kernel's
 * (cited per file) or ioasid-abi(7)'s; see SIM-FORMAT.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "sim/sim.h"
#include "uapi/ioasid.h"

/* ---------------------------------------------------------------- sysfs */

static int render_sysfs(const struct ioasid_sim_host *h, int root)
{
	const struct ioasid_model *m = h->m;
	struct ioasid_model_capacity c;
	struct ioasid_model_set_info s;
	int rc;

	ioasid_model_get_capacity(m, &c);
	rc = sim_printf(root, "sys/kernel/ioasid/version", "%u\n", IOASID_ABI_VERSION);
	rc = rc ?: sim_printf(root, "sys/kernel/ioasid/default_quota", "%u\n", h->default_quota);
	rc = rc ?: sim_printf(root, "sys/kernel/ioasid/capacity/total", "%u\n", c.total);
	rc = rc ?: sim_printf(root, "sys/kernel/ioasid/capacity/available", "%u\n", c.available);
	rc = rc ?: sim_printf(root, "sys/kernel/ioasid/capacity/reserved", "%u\n", c.reserved);
	/* write-only knobs: present, empty (sysfs shows 0200 files; reading
	 * them fails on a real kernel) */
	rc = rc ?: sim_write(root, "sys/kernel/ioasid/capacity/reserve", "", 0);
	rc = rc ?: sim_write(root, "sys/kernel/ioasid/capacity/cancel", "", 0);
	rc = rc ?: sim_mkdirs(root, "sys/kernel/ioasid/sets");
	for (uint32_t from = 1; !rc && ioasid_model_set_next(m, from, &s) == 0; from = s.id + 1) {
		char d[64];

		snprintf(d, sizeof(d), "sys/kernel/ioasid/sets/%u", s.id);
		rc = sim_mkdirs(root, d);
		rc = rc
			     ?: sim_printf(root, strcat(strcpy((char[96]){0}, d), "/type"), "%s\n",
					   s.type == IOASID_MODEL_SET_MM
						   ? IOASID_SET_TYPE_NAME_MM
						   : IOASID_SET_TYPE_NAME_NULL);
		rc = rc
			     ?: sim_printf(root, strcat(strcpy((char[96]){0}, d), "/quota"), "%u\n",
					   s.quota);
		rc = rc
			     ?: sim_printf(root, strcat(strcpy((char[96]){0}, d), "/allocated"),
					   "%u\n", s.nr_ioasids);
		if (!rc && s.type == IOASID_MODEL_SET_MM && s.owner_pid > 0) {
			struct ioasid_model_proc_info p;

			rc = sim_printf(root, strcat(strcpy((char[96]){0}, d), "/owner_pid"),
					"%d\n", s.owner_pid);
			/* the owner's cgroup, as its /proc/PID/cgroup 0:: line */
			if (!rc && ioasid_model_proc_get_info(m, s.owner_pid, &p) == 0)
				rc = sim_printf(root, strcat(strcpy((char[96]){0}, d), "/cgroup"),
						"%s\n", p.cgroup);
		}
	}
	return rc;
}

/* -------------------------------------------------------------- cgroups */

static const char *controllers(const struct ioasid_model *m, bool root)
{
	unsigned f = ioasid_model_cg_forms(m);

	/* cgroup.controllers (kernel/cgroup/cgroup.c cgroup_print_ss_mask():
	 * names joined by ' ', then '\n'), in cgroup_subsys.h order: misc
	 * is last of the stock ones; the seed's ioasids follows it */
	if (root)
		return f == 3	? "cpuset cpu io memory hugetlb pids rdma misc ioasids"
		       : f == 1 ? "cpuset cpu io memory hugetlb pids rdma ioasids"
				: "cpuset cpu io memory hugetlb pids rdma misc";
	return f == 3	? "cpu io memory pids misc ioasids"
	       : f == 1 ? "cpu io memory pids ioasids"
			: "cpu io memory pids misc";
}

static void cg_dir(char *buf, size_t len, const char *path)
{
	snprintf(buf, len, "sys/fs/cgroup%s", strcmp(path, "/") ? path : "");
}

static int cg_file(int root, const char *dir, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int cg_file(int root, const char *dir, const char *name, const char *fmt, ...)
{
	char path[512], buf[4096];
	va_list ap;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -EOVERFLOW;
	return sim_write(root, path, buf, (size_t)n);
}

static void misc_max(char *buf, size_t len, uint64_t v)
{
	if (v == IOASID_MODEL_CG_MAX)
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%" PRIu64, v);
}

/* whether cgroup index i has children (a parent shows subtree_control) */
static bool has_children(const struct ioasid_model *m, const char *path)
{
	struct ioasid_model_cgroup_info c;
	size_t n = strlen(path);

	for (uint32_t i = 0; ioasid_model_cgroup_next(m, &i, &c) == 0;) {
		if (!strcmp(path, "/"))
			return strcmp(c.path, "/") != 0;
		if (!strncmp(c.path, path, n) && c.path[n] == '/')
			return true;
	}
	return false;
}

static int render_cgroups(const struct ioasid_model *m, int root)
{
	struct ioasid_model_cgroup_info c;
	struct ioasid_model_capacity cap;
	unsigned f = ioasid_model_cg_forms(m);
	int rc = 0;

	ioasid_model_get_capacity(m, &cap);
	for (uint32_t i = 0; !rc && ioasid_model_cgroup_next(m, &i, &c) == 0;) {
		bool isroot = !strcmp(c.path, "/");
		struct ioasid_model_proc_info p;
		char dir[512], procs[4096] = "", v[32];
		size_t pl = 0;

		cg_dir(dir, sizeof(dir), c.path);
		rc = sim_mkdirs(root, dir);
		/* cgroup.procs: cgroup_procs_show() "%d\n" per process */
		for (uint32_t k = 0; ioasid_model_proc_next(m, &k, &p) == 0;)
			if (!strcmp(p.cgroup, c.path) && pl + 16 < sizeof(procs))
				pl += (size_t)snprintf(procs + pl, sizeof(procs) - pl, "%d\n",
						       p.pid);
		rc = rc ?: cg_file(root, dir, "cgroup.procs", "%s", procs);
		rc = rc ?: cg_file(root, dir, "cgroup.controllers", "%s\n", controllers(m, isroot));
		rc = rc
			     ?: cg_file(root, dir, "cgroup.subtree_control", "%s\n",
					has_children(m, c.path) ? controllers(m, false) : "");
		if (!isroot)
			rc = rc ?: cg_file(root, dir, "cgroup.type", "domain\n");
		if (!rc && (f & IOASID_MODEL_CG_IOASIDS) && !isroot) {
			/* ioasid-abi(7): ioasids.max "max\n" or "%lld\n",
			 * .current "%lld\n", .events "max %lld\n" */
			misc_max(v, sizeof(v), c.ioasids_max);
			rc = cg_file(root, dir, "ioasids.max", "%s\n", v);
			rc = rc
				     ?: cg_file(root, dir, "ioasids.current", "%" PRIu64 "\n",
						c.ioasids_current);
			rc = rc
				     ?: cg_file(root, dir, "ioasids.events", "max %" PRIu64 "\n",
						c.ioasids_events);
		}
		if (rc || !(f & IOASID_MODEL_CG_MISC))
			continue;
		/* kernel/cgroup/misc.c (6.12): misc_cg_capacity_show() "%s %llu\n"
		 * root only; misc_cg_current_show(), misc_cg_peak_show() "%s
		 * %llu\n" every cgroup; misc_cg_max_show() "%s max\n" or "%s
		 * %llu\n", misc_events_show() "%s.max %llu\n" not on root */
		if (isroot)
			rc = cg_file(root, dir, "misc.capacity", "ioasid %u\n", cap.total);
		rc = rc
			     ?: cg_file(root, dir, "misc.current", "ioasid %" PRIu64 "\n",
					c.misc_current);
		rc = rc ?: cg_file(root, dir, "misc.peak", "ioasid %" PRIu64 "\n", c.misc_peak);
		if (!isroot) {
			misc_max(v, sizeof(v), c.misc_max);
			rc = rc ?: cg_file(root, dir, "misc.max", "ioasid %s\n", v);
			rc = rc
				     ?: cg_file(root, dir, "misc.events",
						"ioasid.max %" PRIu64 "\n", c.misc_events);
			rc = rc
				     ?: cg_file(root, dir, "misc.events.local",
						"ioasid.max %" PRIu64 "\n", c.misc_events_local);
		}
	}
	return rc;
}

static int render_procs(const struct ioasid_model *m, const struct sim_platform *pf, int root)
{
	struct ioasid_model_proc_info p;
	int rc;

	/* fs/proc/task_mmu.c show_mountinfo(): the cgroup2 mount as systemd
	 * mounts it (options of a Debian 12 host) */
	rc = sim_printf(
		root, "proc/self/mountinfo",
		"24 1 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
		"25 1 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc "
		"rw\n"
		"29 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - "
		"cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
	for (uint32_t k = 0; !rc && ioasid_model_proc_next(m, &k, &p) == 0;) {
		char path[64];

		/* kernel/cgroup/cgroup.c proc_cgroup_show(): "0::%s\n" on v2 */
		snprintf(path, sizeof(path), "proc/%d/cgroup", p.pid);
		rc = sim_printf(root, path, "0::%s\n", p.cgroup);
		/* fs/proc/base.c comm_show() "%s\n"; QEMU's thread name */
		snprintf(path, sizeof(path), "proc/%d/comm", p.pid);
		rc = rc
			     ?: sim_printf(root, path, "%s\n",
					   pf->qemu_comm ? pf->qemu_comm : "qemu-system-x86");
	}
	return rc;
}

/* ----------------------------------------------------------- interrupts */

/*
 * /proc/interrupts (kernel/irq/proc.c show_interrupts(), 6.12): a header
 * of "CPU%-8d" per online CPU after prec+8 spaces, then per irq "%*d:" ,
 * " %10u" per CPU, " %8s" chip name, " %*lu" hwirq, "-%-8s" trigger, "
 * %s" actions. VT-d requests its fault irq "dmar%d" and its page-request
 * irq "dmar%d-prq" (drivers/iommu/intel/dmar.c dmar_set_interrupt(),
 * drivers/iommu/intel/prq.c intel_iommu_enable_prq()). The emulated IOMMU
 * raises one page-request interrupt per page request, on CPU 0: the count
 * is the model's per-unit page-request counter.
 */
static int render_interrupts(const struct ioasid_sim_host *h, const struct sim_platform *pf,
			     int root)
{
	struct ioasid_model_unit_info u;
	struct sim_buf b = {0};
	char line[256];
	int rc = 0, n;

	n = snprintf(line, sizeof(line), "%*s", 3 + 8, "");
	rc = sim_buf_add(&b, line, (size_t)n);
	for (unsigned c = 0; !rc && c < pf->ncpus; c++) {
		n = snprintf(line, sizeof(line), "CPU%-8u", c);
		rc = sim_buf_add(&b, line, (size_t)n);
	}
	rc = rc ?: sim_buf_add(&b, "\n", 1);
	/* no VT-d interrupts on the Arm platforms: their SMMUs have no PRI
	 * queue (sim-arm.c), and their event queue and global error MSIs
	 * are not rendered */
	for (uint32_t i = 0; !rc && pf->prq_irq && ioasid_model_unit_next(h->m, &i, &u) == 0;) {
		unsigned irq = pf->prq_irq[i - 1];

		/* dmarN-prq exists only where the kernel enabled the queue */
		for (int prq = 0; prq < (pf->prq ? 2 : 1) && !rc; prq++) {
			char path[96], pcc[1024] = "";
			size_t pl = 0;

			n = snprintf(line, sizeof(line), "%3u:", irq + prq);
			rc = sim_buf_add(&b, line, (size_t)n);
			for (unsigned c = 0; !rc && c < pf->ncpus; c++) {
				uint64_t v = prq && c == 0 ? u.prq : 0;

				n = snprintf(line, sizeof(line), " %10" PRIu64, v);
				rc = sim_buf_add(&b, line, (size_t)n);
				pl += (size_t)snprintf(pcc + pl, sizeof(pcc) - pl, "%s%" PRIu64,
						       c ? "," : "", v);
			}
			n = snprintf(line, sizeof(line), " %8s %3u-%-8s  %s%s\n", "DMAR-MSI",
				     2 * (i - 1) + (unsigned)prq, "edge", u.name,
				     prq ? "-prq" : "");
			rc = rc ?: sim_buf_add(&b, line, (size_t)n);
			/* kernel/irq/irqdesc.c: per_cpu_count_show() "%u" per
			 * possible CPU joined by ",", "\n"; actions_show() */
			snprintf(path, sizeof(path), "sys/kernel/irq/%u/per_cpu_count", irq + prq);
			rc = rc ?: sim_printf(root, path, "%s\n", pcc);
			snprintf(path, sizeof(path), "sys/kernel/irq/%u/actions", irq + prq);
			rc = rc ?: sim_printf(root, path, "%s%s\n", u.name, prq ? "-prq" : "");
			snprintf(path, sizeof(path), "sys/kernel/irq/%u/chip_name", irq + prq);
			rc = rc ?: sim_printf(root, path, "DMAR-MSI\n");
			snprintf(path, sizeof(path), "sys/kernel/irq/%u/hwirq", irq + prq);
			rc = rc ?: sim_printf(root, path, "%u\n", 2 * (i - 1) + (unsigned)prq);
			snprintf(path, sizeof(path), "sys/kernel/irq/%u/type", irq + prq);
			rc = rc ?: sim_printf(root, path, "edge\n");
		}
	}
	rc = rc ?: sim_write(root, "proc/interrupts", b.p, b.len);
	free(b.p);
	return rc;
}

/* ----------------------------------------------------------------- genl */

static int read_at(int dirfd, const char *path, struct sim_buf *out)
{
	char buf[65536];
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		if (sim_buf_add(out, buf, (size_t)r)) {
			close(fd);
			return -ENOMEM;
		}
	close(fd);
	return r < 0 ? -errno : 0;
}

/* Write bytes at path, or hard-link the previous generation's file when it
 * holds exactly these bytes (a mutation rewrites only what changed). */
static int put_or_link(int root, int prev, const char *path, const struct sim_buf *b)
{
	struct stat st;

	if (prev >= 0 && fstatat(prev, path, &st, 0) == 0 && (size_t)st.st_size == b->len) {
		struct sim_buf old = {0};
		bool same = read_at(prev, path, &old) == 0 && old.len == b->len &&
			    (!b->len || !memcmp(old.p, b->p, b->len));

		free(old.p);
		if (same) {
			unlinkat(root, path, 0);
			if (linkat(prev, path, root, path, 0) == 0)
				return 0;
		}
	}
	return sim_write(root, path, b->p ? b->p : "", b->len);
}

struct per_set {
	int root, prev;
};

/* One set's GET_IOASID/set/set-N and GET_BINDING/set-N (none without
 * messages) */
static int put_set_files(uint32_t set, const struct sim_buf *ioasids, uint32_t nio,
			 const struct sim_buf *bindings, uint32_t nbind, void *arg)
{
	const struct per_set *ps = arg;
	char path[64];
	int rc = 0;

	snprintf(path, sizeof(path), "genl/ioasid/GET_IOASID/set/set-%010u", set);
	if (nio)
		rc = put_or_link(ps->root, ps->prev, path, ioasids);
	snprintf(path, sizeof(path), "genl/ioasid/GET_BINDING/set-%010u", set);
	if (!rc && nbind)
		rc = put_or_link(ps->root, ps->prev, path, bindings);
	return rc;
}

static int render_genl(const struct ioasid_sim_host *h, int root, int prev)
{
	const struct ioasid_model *m = h->m;
	struct sim_buf b = {0}, by_state[SIM_GENL_STATES] = {{0}};
	uint64_t last = 0;
	uint32_t cnt;
	int rc;

	rc = sim_printf(root, "genl/ioasid/family", "%s %u %u\n", IOASID_GENL_NAME,
			SIM_GENL_FAMILY_ID, IOASID_GENL_VERSION);
	rc = rc ?: sim_mkdirs(root, "genl/ioasid/GET_IOASID");
	rc = rc ?: sim_mkdirs(root, "genl/ioasid/GET_BINDING");
	rc = rc ?: sim_mkdirs(root, "genl/ioasid/GET_IOASID/set");
	rc = rc ?: sim_mkdirs(root, "genl/ioasid/GET_IOASID/state");
	rc = rc ?: sim_mkdirs(root, "genl/ioasid/GET_SET");
	for (uint32_t c = 0; !rc && c < (IOASID_MODEL_PASID_MAX >> SIM_CHUNK_SHIFT); c++) {
		char path[64];

		b.len = 0;
		rc = sim_genl_chunk(m, c << SIM_CHUNK_SHIFT, &b, &cnt, by_state);
		snprintf(path, sizeof(path), "genl/ioasid/GET_IOASID/chunk-%05x",
			 c << SIM_CHUNK_SHIFT);
		if (!rc && cnt)
			rc = put_or_link(root, prev, path, &b);
	}
	/* version 2: each state's IOASIDs on their own, what the dump
	 * filtered by IOASID_ATTR_STATE answers (no file for a state no
	 * IOASID is in), so that a filter by state reads only those */
	for (uint32_t st = 0; st < SIM_GENL_STATES; st++) {
		char path[64];

		snprintf(path, sizeof(path), "genl/ioasid/GET_IOASID/state/state-%u", st);
		if (!rc && by_state[st].len)
			rc = put_or_link(root, prev, path, &by_state[st]);
		free(by_state[st].p);
	}
	b.len = 0;
	rc = rc ?: sim_genl_done(&b);
	rc = rc ?: sim_write(root, "genl/ioasid/GET_IOASID/done", b.p, b.len);
	rc = rc ?: sim_write(root, "genl/ioasid/GET_BINDING/done", b.p, b.len);
	rc = rc ?: sim_write(root, "genl/ioasid/GET_SET/done", b.p, b.len);
	/* version 2: the sets in one dump, and each set's IOASIDs on their
	 * own (what a dump filtered by set answers) */
	b.len = 0;
	rc = rc ?: sim_genl_sets(m, &b);
	rc = rc ?: sim_write(root, "genl/ioasid/GET_SET/chunk-00000", b.p ? b.p : "", b.len);
	if (!rc) {
		struct per_set ps = {root, prev};

		rc = sim_genl_per_set(m, put_set_files, &ps);
	}
	/* notify: the previous generation's messages, then this mutation's
	 * events (sequence numbers above the last one written), trimmed to
	 * the last notify_keep (sim init --notify-keep) */
	b.len = 0;
	if (!rc && prev >= 0 && read_at(prev, "genl/ioasid/notify", &b) == 0) {
		uint32_t n;

		if (sim_genl_walk(b.p, b.len, &n, &last) < 0)
			b.len = 0, last = 0;
	}
	if (!rc && (!last || last < ioasid_model_events_last_seq(m))) {
		uint64_t top = ioasid_model_events_last_seq(m);

		/* more new events than the log keeps (a mutation that allocates
		 * 100,000 IOASIDs sends as many ALLOCs): the previous messages
		 * and all but the last notify_keep new ones would be trimmed
		 * below; build only what stays */
		if (top - last > h->notify_keep) {
			last = top - h->notify_keep;
			b.len = 0;
		}
		/* the model replays only what it emitted since it was loaded */
		rc = sim_genl_events(m, last, &b);
	}
	if (!rc) {
		/* trim from the front, message by message */
		uint32_t n = 0;
		size_t off = 0;

		sim_genl_walk(b.p, b.len, &n, NULL);
		while (n > h->notify_keep) {
			const struct nlmsghdr *nh = (const void *)(b.p + off);

			off += NLMSG_ALIGN(nh->nlmsg_len);
			n--;
		}
		rc = sim_write(root, "genl/ioasid/notify", b.p ? b.p + off : "", b.len - off);
	}
	free(b.p);
	return rc;
}

int sim_render_dynamic(const struct ioasid_sim_host *h, int root, int prev,
		       struct ioasid_error *err)
{
	const struct sim_platform *pf = sim_platform_find(h->platform);
	int rc;

	if (!pf)
		return sim_seterr(err, ENOENT, h->platform, "unknown platform");
	rc = render_sysfs(h, root);
	if (rc)
		return sim_seterr(err, -rc, "sys/kernel/ioasid", "cannot write: %s", strerror(-rc));
	rc = render_cgroups(h->m, root);
	rc = rc ?: render_procs(h->m, pf, root);
	if (rc)
		return sim_seterr(err, -rc, "sys/fs/cgroup", "cannot write: %s", strerror(-rc));
	rc = render_interrupts(h, pf, root);
	if (rc)
		return sim_seterr(err, -rc, "proc/interrupts", "cannot write: %s", strerror(-rc));
	rc = render_genl(h, root, prev);
	if (rc)
		return sim_seterr(err, -rc, "genl/ioasid", "cannot write: %s", strerror(-rc));
	return 0;
}
