// SPDX-License-Identifier: LGPL-2.1-or-later
/* The conformance suite against the executable model (make check). */
#include "impl-model.h"

int main(void)
{
	return ioasid_conformance_run(&ioasid_impl_model) ? 1 : 0;
}
