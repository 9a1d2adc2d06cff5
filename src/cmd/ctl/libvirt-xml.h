/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the libvirt hook needs from a domain XML (libvirt's hooks
 * documentation: the qemu hook gets the domain's full XML on stdin): the
 * running domain's id (<domain id='N'>), its <name>, and this project's
 * element in <metadata>:
 *
 *   <metadata>
 *     <ioasid:limit xmlns:ioasid="https://ioasidctl.example/xmlns/1"
 *                   form="misc">64</ioasid:limit>
 *   </metadata>
 *
 * A minimal, strict XML reader for that: elements, attributes (quoted),
 * character data with the five predefined entities and character
 * references, comments, processing instructions, CDATA; namespaces by
 * their declarations in scope (the prefix is whatever the document
 * binds). A DOCTYPE (and so any other entity) is refused. Pure: no I/O
 * (fuzz/fuzz_libvirt_xml.c compiles it in).
 */
#ifndef IOASIDCTL_LIBVIRT_XML_H
#define IOASIDCTL_LIBVIRT_XML_H

#include <stdbool.h>
#include <stddef.h>

#define LV_XMLNS "https://ioasidctl.example/xmlns/1"

struct lv_domain {
	long id;	/* <domain id='N'>; -1 when absent (a defined, inactive domain) */
	char name[256]; /* <domain><name> */
	/* the project's <limit> under <domain><metadata> */
	int nlimits;	 /* how many such elements (more than one is an error) */
	char limit[64];	 /* its text, blanks trimmed */
	bool limit_long; /* the text did not fit: not a limit */
	char form[16];	 /* its form attribute, "" when absent */
};

/* 0, or -EINVAL with why (the first problem and its byte offset). */
int lv_domain_parse(const char *xml, size_t len, struct lv_domain *d, char *why, size_t wlen);

#endif
