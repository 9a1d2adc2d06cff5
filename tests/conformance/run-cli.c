// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The conformance suite through the ioasidctl binary on emulated hosts
 * (make check sets IOASIDCTL to the build's binary). Every test that runs
 * must pass; tests that need an operation the CLI does not offer are
 * skipped with the operation named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "impl-cli.h"

int main(void)
{
	const char *bin = getenv("IOASIDCTL");

	if (!bin || !*bin || access(bin, X_OK) < 0) {
		printf("conf_cli: IOASIDCTL does not name an executable ioasidctl: skipped\n");
		return 77;
	}
	return ioasid_conformance_run(&ioasid_impl_cli) ? 1 : 0;
}
