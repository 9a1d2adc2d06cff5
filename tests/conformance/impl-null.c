// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A deliberately broken implementation: every call fails with -ENOSYS. The
 * suite must fail every rule against it (main-null.c checks that), which
 * proves that no rule passes without an implementation doing the work.
 */
#include <errno.h>

#include "impl.h"

static int null_create(ioasid_impl_inst **inst, enum ioasid_impl_cg_form form)
{
	(void)inst;
	(void)form;
	return -ENOSYS;
}

static void null_destroy(ioasid_impl_inst *inst)
{
	(void)inst;
}

/* Only create/destroy are set: every other member is NULL, which the suite
 * treats as -ENOSYS (impl.h conventions). */
const struct ioasid_impl ioasid_impl_null = {
	.name = "null",
	.create = null_create,
	.destroy = null_destroy,
};
