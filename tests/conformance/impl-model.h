/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The executable model (src/lib/include/ioasid-model.h) as a conformance implementation. */
#ifndef IOASID_CONFORMANCE_IMPL_MODEL_H
#define IOASID_CONFORMANCE_IMPL_MODEL_H

#include "impl.h"

extern const struct ioasid_impl ioasid_impl_model;

#endif
