/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rendering a reason chain (status, device why) as text or JSON. */
#ifndef IOASIDCTL_CHAIN_PRINT_H
#define IOASIDCTL_CHAIN_PRINT_H

#include <json-c/json.h>
#include <stdbool.h>

#include "ioasid.h"

/* The three answers as text lines ("PASID:  no  (rule on subject: ...)"). */
void chain_print_answers(const struct ioasid_chain *c);
/* One line per step; verbose adds each step's source and kernel function. */
void chain_print_steps(const struct ioasid_chain *c, bool verbose);
/* {"pasid": {...}, "sva": {...}, "page_requests": {...}} */
json_object *chain_json_answers(const struct ioasid_chain *c);
/* [{"rule", "subject", "result", "affects", "evidence", ...}, ...] */
json_object *chain_json_steps(const struct ioasid_chain *c);

#endif
