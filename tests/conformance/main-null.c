// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The expected-failure run: the suite against impl-null.c must report every
 * test as failed. Exits 0 only then, so `make check` passes when the suite
 * can fail, and fails if any rule passes on an implementation that does
 * nothing (a rule that cannot fail) or if the suite runs no test at all.
 */
#include <stdio.h>

#include "impl.h"

extern const struct ioasid_impl ioasid_impl_null;

int main(void)
{
	int total = ioasid_conformance_count();
	int failed = ioasid_conformance_run(&ioasid_impl_null);

	printf("conformance against the null implementation: %d of %d tests failed "
	       "(expected: all)\n",
	       failed, total);
	if (total <= 0 || failed != total) {
		fprintf(stderr, "conf_null: %d test(s) passed without an implementation\n",
			total - failed);
		return 1;
	}
	return 0;
}
