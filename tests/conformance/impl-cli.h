/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The ioasidctl CLI on an emulated host as a conformance implementation. */
#ifndef IOASID_CONFORMANCE_IMPL_CLI_H
#define IOASID_CONFORMANCE_IMPL_CLI_H

#include "impl.h"

extern const struct ioasid_impl ioasid_impl_cli;

#endif
