// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The config document, read and checked (ctl/config-doc.h). The JSON text
 * goes through json-c's tokener in strict mode (the project's one JSON
 * library: no comments, no trailing commas, no single quotes; UTF-8
 * checked) and must end after the top-level object (blanks aside); then
 * every key and value is checked against the schema
 * (share/ioasidctl/config.schema.json says the same in JSON Schema, and
 * tests/cli/config.sh validates every saved document against it). The
 * first problem is reported with its JSON path. A key given twice in one
 * object is read as json-c reads it: the last one counts.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/config-doc.h"

struct ck {
	char *path, *why;
	size_t plen, wlen;
};

static int bad(struct ck *k, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct ck *k, const char *path, const char *fmt, ...)
{
	va_list ap;

	snprintf(k->path, k->plen, "%s", path);
	va_start(ap, fmt);
	vsnprintf(k->why, k->wlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *type_name(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a fractional number";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "?";
}

/* an integer from min to max (JSON integers only: 1.0 is refused) */
static int get_uint(struct ck *k, const char *path, json_object *o, uint64_t min, uint64_t max,
		    uint64_t *v)
{
	char what[96];

	snprintf(what, sizeof(what), "an integer from %" PRIu64 " to %" PRIu64, min, max);
	if (!json_object_is_type(o, json_type_int)) {
		snprintf(k->path, k->plen, "%s", path);
		snprintf(k->why, k->wlen, "expected %s, not %s", what, type_name(o));
		return -EINVAL;
	}
	/* json-c keeps integers past INT64_MAX as uint64: read both ways */
	if (json_object_get_int64(o) < 0 || (*v = json_object_get_uint64(o)) < min || *v > max) {
		snprintf(k->path, k->plen, "%s", path);
		snprintf(k->why, k->wlen, "%s is out of range: expected %s",
			 json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN), what);
		return -EINVAL;
	}
	return 0;
}

/* every key of o must be one of keys (NULL-terminated) */
static int known_keys(struct ck *k, const char *path, json_object *o, const char *const *keys,
		      const char *expect)
{
	json_object_object_foreach(o, key, val)
	{
		bool ok = false;

		(void)val;
		for (size_t i = 0; keys[i] && !ok; i++)
			ok = !strcmp(key, keys[i]);
		if (!ok) {
			char p[160];

			snprintf(p, sizeof(p), "%s.%.100s", path, key);
			return bad(k, p, "unknown key (expected %s)", expect);
		}
	}
	return 0;
}

/* a cgroup v2 path from the root: "/" then names, no "." or "..", no
 * empty component, no control character */
static bool cgroup_path_ok(const char *s)
{
	if (s[0] != '/' || strlen(s) >= CONFIG_NAME_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	for (const char *c = s + 1; *c;) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '/' && !*++c)
			return false; /* a trailing slash */
	}
	return true;
}

/* a unit name as systemd spells it: no '/', no control character */
static bool unit_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 255 || strchr(s, '/') || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}

static int one_cgroup(struct ck *k, json_object *o, struct config_cgroup *cg)
{
	static const char *const keys[] = {"cgroup", "unit", "form", "limit", NULL};
	json_object *name = NULL, *unit = NULL, *form = NULL, *limit = NULL;
	char p[64];
	int rc;

	if (!json_object_is_type(o, json_type_object)) {
		snprintf(k->path, k->plen, "%s", cg->path);
		snprintf(k->why, k->wlen, "expected an object, not %s", type_name(o));
		return -EINVAL;
	}
	rc = known_keys(k, cg->path, o, keys, "cgroup or unit, form, limit");
	if (rc)
		return rc;
	json_object_object_get_ex(o, "cgroup", &name);
	json_object_object_get_ex(o, "unit", &unit);
	if (!!name == !!unit)
		return bad(k, cg->path, "%s",
			   "give one of cgroup (a path) or unit (a systemd unit)");
	snprintf(p, sizeof(p), "%s.%s", cg->path, name ? "cgroup" : "unit");
	if (!json_object_is_type(name ? name : unit, json_type_string))
		return bad(k, p, "expected a string, not %s", type_name(name ? name : unit));
	cg->by_unit = !name;
	if (name && !cgroup_path_ok(json_object_get_string(name)))
		return bad(
			k, p, "%s",
			"expected a cgroup v2 path from the root, e.g. /machine.slice (no . or .., "
			"no empty or trailing component, no control characters)");
	if (unit && !unit_ok(json_object_get_string(unit)))
		return bad(k, p, "%s",
			   "expected a systemd unit name, e.g. machine-qemu\\x2d1\\x2dvm1.scope "
			   "(no /, "
			   "no blanks or control characters)");
	snprintf(p, sizeof(p), "%s.form", cg->path);
	if (!json_object_object_get_ex(o, "form", &form))
		return bad(k, p, "%s", "missing (misc or ioasids)");
	if (!json_object_is_type(form, json_type_string) ||
	    (strcmp(json_object_get_string(form), "misc") &&
	     strcmp(json_object_get_string(form), "ioasids")))
		return bad(k, p, "%s", "expected \"misc\" or \"ioasids\"");
	cg->form = strcmp(json_object_get_string(form), "misc") ? CONFIG_FORM_IOASIDS
								: CONFIG_FORM_MISC;
	snprintf(p, sizeof(p), "%s.limit", cg->path);
	if (!json_object_object_get_ex(o, "limit", &limit))
		return bad(k, p, "%s", "missing (an integer, or \"max\")");
	if (json_object_is_type(limit, json_type_string)) {
		if (strcmp(json_object_get_string(limit), "max"))
			return bad(k, p, "%s",
				   "expected an integer from 0 to 9223372036854775807, or \"max\"");
		cg->limit = CONFIG_LIMIT_MAX;
	} else {
		rc = get_uint(k, p, limit, 0, INT64_MAX, &cg->limit);
		if (rc) {
			snprintf(k->why + strlen(k->why), k->wlen - strlen(k->why), ", or \"max\"");
			return rc;
		}
	}
	cg->name = strdup(json_object_get_string(name ? name : unit));
	return cg->name ? 0 : -ENOMEM;
}

static int cgroups(struct ck *k, json_object *a, struct config_doc *d)
{
	size_t n;
	int rc;

	if (!json_object_is_type(a, json_type_array))
		return bad(k, "$.cgroups", "expected an array, not %s", type_name(a));
	n = json_object_array_length(a);
	d->cgroups = calloc(n ? n : 1, sizeof(*d->cgroups));
	if (!d->cgroups)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct config_cgroup *cg = &d->cgroups[i];

		snprintf(cg->path, sizeof(cg->path), "$.cgroups[%zu]", i);
		d->ncgroups = i + 1;
		rc = one_cgroup(k, json_object_array_get_idx(a, i), cg);
		if (rc)
			return rc;
		/* one limit per file: the same cgroup and form twice is
		 * ambiguous (units are compared once resolved, config.c) */
		for (size_t j = 0; j < i; j++)
			if (d->cgroups[j].by_unit == cg->by_unit &&
			    d->cgroups[j].form == cg->form && !strcmp(d->cgroups[j].name, cg->name))
				return bad(k, cg->path, "the same cgroup and form as %s",
					   d->cgroups[j].path);
	}
	return 0;
}

static int sets(struct ck *k, json_object *a, struct config_doc *d)
{
	static const char *const keys[] = {"set", "quota", NULL};
	size_t n;
	int rc;

	if (!json_object_is_type(a, json_type_array))
		return bad(k, "$.sets", "expected an array, not %s", type_name(a));
	n = json_object_array_length(a);
	d->sets = calloc(n ? n : 1, sizeof(*d->sets));
	if (!d->sets)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct config_set *s = &d->sets[i];
		json_object *o = json_object_array_get_idx(a, i), *v;
		char p[64];
		uint64_t x;

		snprintf(s->path, sizeof(s->path), "$.sets[%zu]", i);
		d->nsets = i + 1;
		if (!json_object_is_type(o, json_type_object))
			return bad(k, s->path, "expected an object, not %s", type_name(o));
		rc = known_keys(k, s->path, o, keys, "set, quota");
		if (rc)
			return rc;
		snprintf(p, sizeof(p), "%s.set", s->path);
		if (!json_object_object_get_ex(o, "set", &v))
			return bad(k, p, "%s", "missing (the set's ID)");
		rc = get_uint(k, p, v, 0, UINT32_MAX, &x);
		if (rc)
			return rc;
		s->set = (uint32_t)x;
		snprintf(p, sizeof(p), "%s.quota", s->path);
		if (!json_object_object_get_ex(o, "quota", &v))
			return bad(k, p, "%s", "missing");
		/* a quota of 0 is refused by the kernel (seed:7908-7917) */
		rc = get_uint(k, p, v, 1, CONFIG_PASID_SPACE, &x);
		if (rc)
			return rc;
		s->quota = (uint32_t)x;
		for (size_t j = 0; j < i; j++)
			if (d->sets[j].set == s->set)
				return bad(k, s->path, "the same set as %s", d->sets[j].path);
	}
	return 0;
}

static int capacity(struct ck *k, json_object *o, struct config_doc *d)
{
	static const char *const keys[] = {"reserved", NULL};
	json_object *v;
	uint64_t x;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return bad(k, "$.capacity", "expected an object, not %s", type_name(o));
	rc = known_keys(k, "$.capacity", o, keys, "reserved");
	if (rc)
		return rc;
	if (!json_object_object_get_ex(o, "reserved", &v))
		return bad(k, "$.capacity.reserved", "%s", "missing");
	rc = get_uint(k, "$.capacity.reserved", v, 0, CONFIG_PASID_SPACE, &x);
	if (rc)
		return rc;
	d->has_capacity = true;
	d->reserved = (uint32_t)x;
	return 0;
}

static int check(struct ck *k, json_object *top, struct config_doc *d)
{
	static const char *const keys[] = {"schema_version", "cgroups", "capacity", "sets", NULL};
	json_object *v;
	uint64_t ver;
	int rc;

	if (!json_object_is_type(top, json_type_object))
		return bad(k, "$", "expected an object, not %s", type_name(top));
	rc = known_keys(k, "$", top, keys, "schema_version, cgroups, capacity, sets");
	if (rc)
		return rc;
	if (!json_object_object_get_ex(top, "schema_version", &v))
		return bad(k, "$.schema_version", "%s", "missing");
	rc = get_uint(k, "$.schema_version", v, CONFIG_SCHEMA_VERSION, CONFIG_SCHEMA_VERSION, &ver);
	if (rc)
		return rc;
	if (json_object_object_get_ex(top, "cgroups", &v)) {
		d->has_cgroups = true;
		rc = cgroups(k, v, d);
		if (rc)
			return rc;
	}
	if (json_object_object_get_ex(top, "capacity", &v) && (rc = capacity(k, v, d)))
		return rc;
	if (json_object_object_get_ex(top, "sets", &v)) {
		d->has_sets = true;
		rc = sets(k, v, d);
	}
	return rc;
}

/* "line L, column C" of byte off */
static void where(const char *text, size_t off, char *buf, size_t len)
{
	size_t line = 1, col = 1;

	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(buf, len, "line %zu, column %zu", line, col);
}

int config_doc_parse(const char *text, size_t len, struct config_doc *d, char *path, size_t plen,
		     char *why, size_t wlen)
{
	struct ck k = {path, why, plen, wlen};
	struct json_tokener *tok;
	json_object *top;
	size_t end;
	int rc;

	memset(d, 0, sizeof(*d));
	if (memchr(text, '\0', len)) {
		where(text, (size_t)((const char *)memchr(text, '\0', len) - text), path, plen);
		snprintf(why, wlen, "a NUL byte: not a JSON text");
		return -EINVAL;
	}
	/* a config nests four levels: 16 is ample and bounds the stack */
	tok = json_tokener_new_ex(16);
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	top = json_tokener_parse_ex(tok, text, (int)(len > INT32_MAX ? INT32_MAX : len));
	end = json_tokener_get_parse_end(tok);
	if (!top) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		where(text, end, path, plen);
		snprintf(why, wlen, "%s",
			 e == json_tokener_continue ? "the JSON text ends early"
						    : json_tokener_error_desc(e));
		json_tokener_free(tok);
		return -EINVAL;
	}
	json_tokener_free(tok);
	while (end < len && strchr(" \t\r\n", text[end]))
		end++;
	if (end < len) {
		where(text, end, path, plen);
		snprintf(why, wlen, "text after the JSON document");
		json_object_put(top);
		return -EINVAL;
	}
	rc = check(&k, top, d);
	json_object_put(top);
	if (rc)
		config_doc_free(d);
	return rc;
}

void config_doc_free(struct config_doc *d)
{
	for (size_t i = 0; i < d->ncgroups; i++)
		free(d->cgroups[i].name);
	free(d->cgroups);
	free(d->sets);
	memset(d, 0, sizeof(*d));
}

const char *config_form_name(enum config_form f)
{
	return f == CONFIG_FORM_MISC ? "misc" : "ioasids";
}
