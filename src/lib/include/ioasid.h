/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libioasid: read the state of I/O address space IDs (PCIe PASIDs, Arm
 * SubstreamIDs) on a Linux host, a captured snapshot or an emulated host.
 *
 * Every record is a plain struct. A value the host could not give carries
 * the errno that stopped the read (struct ioasid_val), so callers can tell
 * "absent" (ENOENT) from "no permission" (EACCES) from "garbage" (EINVAL).
 */
#ifndef IOASID_H
#define IOASID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "ioasid-ctx.h"
#include "ioasid-kernel.h"
#include "ioasid-iommu.h"
#include "ioasid-pci.h"
#include "ioasid-group.h"
#include "ioasid-acpi.h"
#include "ioasid-dt.h"
#include "ioasid-reason.h"
#include "ioasid-sva.h"
#include "ioasid-dump.h"
#include "ioasid-prq.h"
#include "ioasid-cgroup.h"
#include "ioasid-model.h"
#include "ioasid-ext.h"
#include "ioasid-sim.h"
#include "ioasid-uapi.h"
#include "ioasid-events.h"
#include "ioasid-text.h"

#ifdef __cplusplus
}
#endif
#endif
