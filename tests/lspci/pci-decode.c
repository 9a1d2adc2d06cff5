// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pci-decode DUMP: list the functions of an lspci dump through libioasid
 * (ioasid_ctx_set_pci_dump(), i.e. libpci's dump method) and print the
 * PASID, PRI and ATS capabilities in exactly lspci -vvv's wording
 * (pciutils ls-ecaps.c cap_pasid(), cap_pri(), cap_ats()), one line per
 * field prefixed with the device, so lspci-oracle.sh can diff the two.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioasid.h"

static char flag(bool b)
{
	return b ? '+' : '-';
}

int main(int argc, char **argv)
{
	struct ioasid_pci_list l;
	struct ioasid_ctx *ctx;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DUMP\n", argv[0]);
		return 2;
	}
	rc = ioasid_ctx_new(&ctx, NULL);
	if (rc == 0)
		rc = ioasid_ctx_set_pci_dump(ctx, argv[1]);
	if (rc == 0)
		rc = ioasid_pci_list(ctx, NULL, &l);
	if (rc < 0) {
		const struct ioasid_error *e = ioasid_ctx_last_error(ctx);

		fprintf(stderr, "pci-decode: %s: %s: %s\n", argv[1], e->object, e->message);
		return 1;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct ioasid_pci_dev *d = &l.v[i];
		const char *b = d->bdf;

		if (d->err) {
			fprintf(stderr, "%s: %s\n", b, d->errmsg);
			continue;
		}
		if (d->pasid.present) {
			const struct ioasid_pasid_cap *p = &d->pasid;

			printf("%s PASID@%03x\n", b, p->offset);
			printf("%s PASIDCap: Exec%c Priv%c, Max PASID Width: %02x\n", b,
			       flag(p->exec), flag(p->priv), p->width);
			printf("%s PASIDCtl: Enable%c Exec%c Priv%c\n", b, flag(p->enabled),
			       flag(p->exec_enabled), flag(p->priv_enabled));
		}
		if (d->pri.present) {
			const struct ioasid_pri_cap *p = &d->pri;

			printf("%s PRI@%03x\n", b, p->offset);
			printf("%s PRICtl: Enable%c Reset%c\n", b, flag(p->enabled),
			       flag(p->reset));
			/* " PASID%c" since pciutils 3.11 */
			printf("%s PRISta: RF%c UPRGI%c Stopped%c PASID%c\n", b, flag(p->rf),
			       flag(p->uprgi), flag(p->stopped), flag(p->prg_pasid_required));
			printf("%s Page Request Capacity: %08x, Page Request Allocation: %08x\n", b,
			       p->capacity, p->allocation);
		}
		if (d->ats.present) {
			const struct ioasid_ats_cap *a = &d->ats;

			printf("%s ATS@%03x\n", b, a->offset);
			printf("%s ATSCap: Invalidate Queue Depth: %02x\n", b, a->qdep);
			printf("%s ATSCtl: Enable%c, Smallest Translation Unit: %02x\n", b,
			       flag(a->enabled), a->stu);
		}
	}
	ioasid_pci_list_free(&l);
	ioasid_ctx_free(ctx);
	return 0;
}
