/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The document of `ioasidctl config save|apply` (ioasidctl-config(8),
 * share/ioasidctl/config.schema.json): read strictly (json-c's strict
 * tokener, UTF-8 checked, nothing after the document) and checked
 * against the schema in one pass, before anything is resolved on a host.
 * Pure: no context, no I/O (the fuzz harness fuzz/fuzz_config_doc.c
 * compiles this file in).
 */
#ifndef IOASIDCTL_CONFIG_DOC_H
#define IOASIDCTL_CONFIG_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_SCHEMA_VERSION 1
/* PCI_PASID_MAX: a PASID is 20 bits (ioasid-abi(7)); no capacity,
 * reservation or quota can exceed the space */
#define CONFIG_PASID_SPACE 0x100000u
/* ioasids.max is "%lld" (ioasid-abi(7) CGROUP V2), misc.max u64: the
 * numbers both can hold are 0..INT64_MAX, else "max" */
#define CONFIG_LIMIT_MAX UINT64_MAX /* "max", as IOASID_CGROUP_LIMIT_MAX */
#define CONFIG_NAME_MAX 4096

enum config_form { CONFIG_FORM_MISC, CONFIG_FORM_IOASIDS };

struct config_cgroup {
	char path[32]; /* "$.cgroups[3]" */
	bool by_unit;  /* named by "unit", else by "cgroup" */
	char *name;    /* the cgroup path ("/a/b") or the unit */
	enum config_form form;
	uint64_t limit; /* CONFIG_LIMIT_MAX for "max" */
};

struct config_set {
	char path[32]; /* "$.sets[0]" */
	uint32_t set;
	uint32_t quota;
};

struct config_doc {
	size_t ncgroups;
	struct config_cgroup *cgroups;
	bool has_cgroups; /* the key was given (an empty list sets nothing) */
	bool has_capacity;
	uint32_t reserved;
	size_t nsets;
	struct config_set *sets;
	bool has_sets;
};

/* Parse and check text (len bytes, NUL bytes refused). 0, or -EINVAL with
 * the JSON path of the first problem in path ("$", "$.cgroups[2].limit",
 * or "line L, column C" for a syntax error) and what is wrong in why;
 * -ENOMEM. d is empty on failure. */
int config_doc_parse(const char *text, size_t len, struct config_doc *d, char *path, size_t plen,
		     char *why, size_t wlen);
void config_doc_free(struct config_doc *d);
const char *config_form_name(enum config_form f); /* "misc", "ioasids" */

#endif
