/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The reference kernel module (kmod/) as a conformance implementation. */
#ifndef IOASID_CONFORMANCE_IMPL_KMOD_H
#define IOASID_CONFORMANCE_IMPL_KMOD_H

#include "impl.h"

extern const struct ioasid_impl ioasid_impl_kmod;
/* the device the adapter opens, IOASID_CONF_DEV_PATH by default */
extern const char *ioasid_impl_kmod_path;

#endif
