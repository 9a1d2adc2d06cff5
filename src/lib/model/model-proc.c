// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Processes (VMs) of the model and page-request counters.
 *
 * A process is a pid, an mm token and a cgroup. Opening /dev/ioasid gives
 * the process a handle tied to its mm, one open per process, and an MM set
 * (seed:4419-4425 "Upon opening ... a unique handle associated with the
 * process's mm_struct ... Only a single open is allowed per process");
 * closing frees the set (DESIGN.md 2B), exiting closes.
 *
 * Page requests: the seed defines no PRQ statistics (DIGEST "Page
 * requests"); the model keeps a counter per IOMMU unit, the part of it
 * for no allocated IOASID (VT-d answers those invalid, seed:4057-4102),
 * and one per IOASID, so that `sim inject-prq` has something to drive.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/export.h"
#include "model/model.h"

void model_proc_destroy(struct ioasid_model *m)
{
	free(m->procs);
	mhash_free(&m->pids);
	mhash_free(&m->mms);
}

static struct mproc *proc_by_pid(const struct ioasid_model *m, int32_t pid)
{
	uint64_t v;

	if (pid <= 0 || !mhash_get(&m->pids, (uint64_t)pid, &v))
		return NULL;
	return &m->procs[v];
}

struct mproc *model_proc_by_mm(const struct ioasid_model *m, uint64_t mm)
{
	uint64_t v;

	if (!mm || !mhash_get(&m->mms, mm, &v))
		return NULL;
	return &m->procs[v];
}

IOASID_EXPORT int ioasid_model_proc_add(struct ioasid_model *m, int32_t pid, uint64_t mm,
					const char *cgroup)
{
	uint32_t cg = model_cgroup_find(m, cgroup ? cgroup : "/");
	size_t i;

	if (pid <= 0 || !mm || mm == UINT64_MAX)
		return -EINVAL;
	if (cg == MODEL_NONE)
		return -ENOENT;
	if (proc_by_pid(m, pid) || model_proc_by_mm(m, mm))
		return -EEXIST;
	/* reuse a free slot, else grow */
	for (i = 0; i < m->nprocs && m->procs[i].pid; i++)
		;
	if (i == m->nprocs) {
		if (m->nprocs == m->procs_cap) {
			size_t ncap = m->procs_cap ? m->procs_cap * 2 : 16;
			struct mproc *v = realloc(m->procs, ncap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			m->procs = v;
			m->procs_cap = ncap;
		}
		m->nprocs++;
	}
	if (mhash_put(&m->pids, (uint64_t)pid, i) || mhash_put(&m->mms, mm, i)) {
		mhash_del(&m->pids, (uint64_t)pid);
		if (i == m->nprocs - 1)
			m->nprocs--;
		return -ENOMEM;
	}
	m->procs[i] = (struct mproc){.pid = pid, .mm = mm, .cg = cg};
	m->cgs[cg].nprocs++;
	return 0;
}

IOASID_EXPORT int ioasid_model_proc_move(struct ioasid_model *m, int32_t pid, const char *cgroup)
{
	struct mproc *p = proc_by_pid(m, pid);
	uint32_t cg = model_cgroup_find(m, cgroup);
	int64_t set;

	if (!p || cg == MODEL_NONE)
		return -ENOENT;
	m->cgs[p->cg].nprocs--;
	m->cgs[cg].nprocs++;
	p->cg = cg;
	set = ioasid_model_set_by_mm(m, p->mm);
	if (set >= 0)
		model_cg_move(m, model_set(m, (uint32_t)set), cg);
	return 0;
}

IOASID_EXPORT int64_t ioasid_model_proc_open(struct ioasid_model *m, int32_t pid, uint32_t quota)
{
	struct mproc *p = proc_by_pid(m, pid);
	int64_t set;

	if (!p)
		return -ESRCH;
	if (p->opened)
		return -EBUSY;
	set = ioasid_model_set_by_mm(m, p->mm);
	if (set < 0)
		set = ioasid_model_set_alloc(m, IOASID_MODEL_SET_MM, p->mm, quota);
	if (set < 0)
		return set;
	p->opened = true;
	return set;
}

/* Free every IOASID of the mm's set; a set that never held one is not
 * destroyed by a free, so it goes explicitly. */
static void release_set(struct ioasid_model *m, uint64_t mm)
{
	int64_t set = ioasid_model_set_by_mm(m, mm);

	if (set < 0)
		return;
	ioasid_model_set_free_all(m, (uint32_t)set);
	struct mset *s = model_set(m, (uint32_t)set);
	if (s && !s->nr)
		ioasid_model_set_free(m, (uint32_t)set);
}

/* The file's bindings: it received FREE for them and lets go, UNBIND and
 * the binding's reference dropped, as the seed's FREE listener does
 * (seed:4836-4851) and the reference module's kio_dev_release(), so nothing
 * stays free_pending behind a closed /dev/ioasid. */
static void unbind_all(struct ioasid_model *m, uint64_t mm)
{
	int64_t set = ioasid_model_set_by_mm(m, mm);
	struct mset *s = set < 0 ? NULL : model_set(m, (uint32_t)set);
	uint32_t id, next;

	if (!s)
		return;
	for (id = s->head; id != MODEL_NONE; id = next) {
		next = model_ioasid(m, id)->next;
		bool last = next == MODEL_NONE;
		if (model_ioasid(m, id)->spid != IOASID_MODEL_INVALID)
			ioasid_model_unbind(m, mm, id);
		if (last || !model_set(m, (uint32_t)set))
			break;
	}
}

IOASID_EXPORT int ioasid_model_proc_close(struct ioasid_model *m, int32_t pid)
{
	struct mproc *p = proc_by_pid(m, pid);
	int64_t set;

	if (!p)
		return -ESRCH;
	if (!p->opened)
		return -EBADF;
	p->opened = false;
	set = ioasid_model_set_by_mm(m, p->mm);
	if (set >= 0) {
		ioasid_model_set_free_all(m, (uint32_t)set);
		unbind_all(m, p->mm);
	}
	release_set(m, p->mm);
	return 0;
}

IOASID_EXPORT int ioasid_model_proc_exit(struct ioasid_model *m, int32_t pid)
{
	struct mproc *p = proc_by_pid(m, pid);

	if (!p)
		return -ESRCH;
	/* the mm goes: its set is released whether it came from an open of
	 * /dev/ioasid or from a kernel user of the mm (VFIO, KVM) */
	p->opened = false;
	release_set(m, p->mm);
	m->cgs[p->cg].nprocs--;
	mhash_del(&m->pids, (uint64_t)p->pid);
	mhash_del(&m->mms, p->mm);
	p->pid = 0;
	p->mm = 0;
	return 0;
}

static void proc_fill(const struct ioasid_model *m, const struct mproc *p,
		      struct ioasid_model_proc_info *o)
{
	int64_t set = ioasid_model_set_by_mm(m, p->mm);

	memset(o, 0, sizeof(*o));
	o->pid = p->pid;
	o->mm = p->mm;
	snprintf(o->cgroup, sizeof(o->cgroup), "%s", m->cgs[p->cg].path);
	o->set = set >= 0 ? (uint32_t)set : IOASID_MODEL_INVALID;
	o->opened = p->opened;
}

IOASID_EXPORT int ioasid_model_proc_get_info(const struct ioasid_model *m, int32_t pid,
					     struct ioasid_model_proc_info *out)
{
	const struct mproc *p = proc_by_pid(m, pid);

	if (!p)
		return -ESRCH;
	proc_fill(m, p, out);
	return 0;
}

IOASID_EXPORT int ioasid_model_proc_next(const struct ioasid_model *m, uint32_t *index,
					 struct ioasid_model_proc_info *out)
{
	for (uint32_t i = *index; i < m->nprocs; i++)
		if (m->procs[i].pid) {
			proc_fill(m, &m->procs[i], out);
			*index = i + 1;
			return 0;
		}
	return -ENOENT;
}

/* ------------------------------------------------------------ page requests */

static struct munit *unit_find(const struct ioasid_model *m, const char *name)
{
	for (size_t i = 0; i < m->nunits; i++)
		if (!strcmp(m->units[i].name, name))
			return &m->units[i];
	return NULL;
}

IOASID_EXPORT int ioasid_model_unit_add(struct ioasid_model *m, const char *name)
{
	if (!name || !*name || strlen(name) >= sizeof(m->units[0].name) || strchr(name, '/'))
		return -EINVAL;
	if (unit_find(m, name))
		return -EEXIST;
	struct munit *v = realloc(m->units, (m->nunits + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	m->units = v;
	memset(&v[m->nunits], 0, sizeof(*v));
	snprintf(v[m->nunits].name, sizeof(v[0].name), "%s", name);
	m->nunits++;
	return 0;
}

IOASID_EXPORT int ioasid_model_inject_prq(struct ioasid_model *m, const char *unit, uint32_t ioasid,
					  uint64_t count)
{
	struct munit *u = unit ? unit_find(m, unit) : NULL;
	struct mioasid *d;

	if (!u)
		return -ENOENT;
	d = model_ioasid(m, ioasid);
	/* counters of 64 bits (the kernel's are u64 too): a sum past them
	 * is refused whole, nothing counted, rather than wrapped */
	if (count > UINT64_MAX - u->prq || (!d && count > UINT64_MAX - u->prq_invalid) ||
	    (d && count > UINT64_MAX - d->prq))
		return -EOVERFLOW;
	u->prq += count;
	if (!d) {
		u->prq_invalid += count;
		return -ESRCH;
	}
	d->prq += count;
	return 0;
}

IOASID_EXPORT int ioasid_model_unit_next(const struct ioasid_model *m, uint32_t *index,
					 struct ioasid_model_unit_info *out)
{
	if (*index >= m->nunits)
		return -ENOENT;
	const struct munit *u = &m->units[*index];
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", u->name);
	out->prq = u->prq;
	out->prq_invalid = u->prq_invalid;
	(*index)++;
	return 0;
}
