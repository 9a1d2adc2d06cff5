// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl device why DEVICE...: can this device use PASIDs (and SVA, and
 * page requests), and if not, which rule of the kernel says no. The chain
 * is the library's (reason-*.c); this file only selects and prints.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "print/chain-print.h"

static json_object *jstr(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *device_json(const struct ioasid_pci_dev *d, const struct ioasid_chain *ch)
{
	json_object *o = json_object_new_object();
	char id[16];

	snprintf(id, sizeof(id), "%04x:%04x", d->vendor, d->device);
	json_object_object_add(o, "device", json_object_new_string(d->bdf));
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "name", jstr(d->name));
	json_object_object_add(o, "driver", jstr(d->driver));
	json_object_object_add(o, "iommu", jstr(d->iommu));
	json_object_object_add(o, "answers", chain_json_answers(ch));
	json_object_object_add(o, "chain", chain_json_steps(ch));
	return o;
}

static void device_text(const struct ioasid_pci_dev *d, const struct ioasid_chain *ch, bool verbose,
			bool first)
{
	if (!first)
		printf("\n");
	printf("Device %s [%04x:%04x]%s%s\n", d->bdf, d->vendor, d->device, d->name[0] ? " " : "",
	       d->name);
	chain_print_answers(ch);
	printf("Why:\n");
	chain_print_steps(ch, verbose);
}

int cmd_device_why(struct cli *c, int argc, const char **argv)
{
	int verbose = 0;
	struct poptOption opts[] = {
		{"verbose", 'v', POPT_ARG_NONE, &verbose, 0,
		 "show where each step read its evidence and the kernel function behind it", NULL},
		POPT_TABLEEND};
	struct cli_pci cp = {0};
	json_object *doc = NULL, *arr = NULL;
	const char **args;
	poptContext pc;
	int rc;

	rc = cli_parse(c, argc, argv, opts, "DEVICE...", &pc, &args);
	if (rc != EXIT_OK)
		return rc;
	if (!args || !args[0]) {
		rc = cli_error(c, EXIT_USAGE, EINVAL, "device why", "name at least one PCI device");
		goto out;
	}
	rc = cli_pci_open(c, args, &cp);
	if (rc != EXIT_OK)
		goto out;
	if (c->pr.format == PR_JSON) {
		doc = pr_json_doc();
		arr = json_object_new_array();
		json_object_object_add(doc, "devices", arr);
	}
	for (size_t k = 0; k < cp.nwant; k++) {
		const struct ioasid_pci_dev *d = ioasid_pci_find(&cp.pl, cp.want[k]);
		struct ioasid_chain ch;

		if (ioasid_device_chain(c->ctx, &cp.il, &cp.pl, cp.want[k], &ch) < 0) {
			rc = cli_lib_error(c, -ENOENT, cp.want[k]);
			goto out;
		}
		if (doc)
			json_object_array_add(arr, device_json(d, &ch));
		else
			device_text(d, &ch, verbose, k == 0);
		ioasid_chain_free(&ch);
		if (d->ext_err == EACCES || d->ext_err == EPERM)
			cli_note_perm(c, true);
	}
	rc = EXIT_OK;
	if (doc && pr_json_emit(doc) < 0)
		rc = EXIT_FAIL;
	cli_note_perm(c, false);
out:
	json_object_put(doc);
	cli_pci_free(&cp);
	cli_parse_free(pc, opts);
	return rc;
}
