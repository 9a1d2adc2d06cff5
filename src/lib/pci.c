// SPDX-License-Identifier: LGPL-2.1-or-later
/* PLACEHOLDER until the libpci reader lands (same session). */
#include <errno.h>
#include <stdlib.h>
#include "internal.h"
IOASID_EXPORT int ioasid_pci_list(struct ioasid_ctx *ctx, const struct ioasid_iommu_list *iommus,
				  struct ioasid_pci_list *out)
{
	(void)ctx; (void)iommus;
	*out = (struct ioasid_pci_list){ 0 };
	return -ENOSYS;
}
IOASID_EXPORT void ioasid_pci_list_free(struct ioasid_pci_list *l) { free(l->v); }
IOASID_EXPORT int ioasid_pci_parse_bdf(const char *s, char out[16]) { (void)s; (void)out; return -EINVAL; }
