// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The domain XML reader of the libvirt hook (ctl/libvirt-xml.h). libvirt
 * writes the XML with virDomainDefFormat() (src/conf/domain_conf.c): the
 * root <domain type=... id=...> (id only for a running domain), <name>
 * among its children, and <metadata> holding each application's element
 * with its own namespace declaration (virXMLNodeSetNamespace: the prefix
 * the application chose). This reader takes that and any well-formed
 * equivalent (other prefixes, a default namespace, comments, CDATA,
 * character references), and refuses what is not well-formed XML in the
 * parts it walks: mismatched or unclosed tags, unquoted attributes, an
 * unknown entity, a DOCTYPE, text after the root.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/libvirt-xml.h"

#define LV_DEPTH_MAX 256
#define LV_NS_MAX 256
#define LV_VAL_MAX 512

enum kind { K_OTHER, K_DOMAIN, K_NAME, K_METADATA, K_LIMIT };

struct elem {
	const char *qname;
	size_t qlen;
	enum kind kind;
	size_t nns; /* namespace declarations in scope before this element */
};

struct ns {
	const char *prefix; /* NULL: the default namespace */
	size_t plen;
	char uri[LV_VAL_MAX];
};

struct rd {
	const char *s;
	size_t len, p;
	char *why;
	size_t wlen;
	struct elem st[LV_DEPTH_MAX];
	size_t depth;
	struct ns ns[LV_NS_MAX];
	size_t nns;
	struct lv_domain *d;
	size_t namelen, limitlen;
	bool root_done;
};

static int fail(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct rd *r, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->why, r->wlen, "byte %zu: %s", r->p, msg);
	return -EINVAL;
}

static bool starts(const struct rd *r, const char *t)
{
	size_t n = strlen(t);

	return r->len - r->p >= n && !memcmp(r->s + r->p, t, n);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_blank(struct rd *r)
{
	while (r->p < r->len && is_blank(r->s[r->p]))
		r->p++;
}

/* skip past the terminator t (a comment, a PI) */
static int skip_past(struct rd *r, const char *t, const char *what)
{
	const char *e = memmem(r->s + r->p, r->len - r->p, t, strlen(t));

	if (!e)
		return fail(r, "unterminated %s", what);
	r->p = (size_t)(e - r->s) + strlen(t);
	return 0;
}

static size_t utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* one reference at r->p ('&'): its bytes into out (4 at most) */
static int entity(struct rd *r, char *out, size_t *n)
{
	static const struct {
		const char *name;
		char c;
	} pre[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
	uint32_t c = 0;
	size_t q;

	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (starts(r, pre[i].name)) {
			out[0] = pre[i].c;
			*n = 1;
			r->p += strlen(pre[i].name);
			return 0;
		}
	if (!starts(r, "&#"))
		return fail(r, "unknown entity (only &lt; &gt; &amp; &quot; &apos; and &#N;)");
	q = r->p + 2;
	if (q < r->len && r->s[q] == 'x') {
		size_t d0 = ++q;

		for (; q < r->len && q - d0 < 8 && strchr("0123456789abcdefABCDEF", r->s[q]) &&
		       r->s[q];
		     q++)
			c = c * 16 + (uint32_t)(r->s[q] <= '9'	 ? r->s[q] - '0'
						: r->s[q] <= 'F' ? r->s[q] - 'A' + 10
								 : r->s[q] - 'a' + 10);
		if (q == d0)
			return fail(r, "bad character reference");
	} else {
		size_t d0 = q;

		for (; q < r->len && q - d0 < 8 && r->s[q] >= '0' && r->s[q] <= '9'; q++)
			c = c * 10 + (uint32_t)(r->s[q] - '0');
		if (q == d0)
			return fail(r, "bad character reference");
	}
	if (q >= r->len || r->s[q] != ';' || c == 0 || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return fail(r, "bad character reference");
	*n = utf8_put(out, c);
	r->p = q + 1;
	return 0;
}

/* a quoted attribute value into val (cut at LV_VAL_MAX - 1: *cut) */
static int attr_value(struct rd *r, char *val, bool *cut)
{
	size_t n = 0;
	char q;

	*cut = false;
	if (r->p >= r->len || (r->s[r->p] != '"' && r->s[r->p] != '\''))
		return fail(r, "attribute value not quoted");
	q = r->s[r->p++];
	while (r->p < r->len && r->s[r->p] != q) {
		char buf[4];
		size_t k = 1;

		if (r->s[r->p] == '<' || r->s[r->p] == '\0')
			return fail(r, "'<' or NUL in an attribute value");
		if (r->s[r->p] == '&') {
			if (entity(r, buf, &k))
				return -EINVAL;
		} else {
			buf[0] = r->s[r->p++];
		}
		if (n + k < LV_VAL_MAX) {
			memcpy(val + n, buf, k);
			n += k;
		} else {
			*cut = true;
		}
	}
	if (r->p >= r->len)
		return fail(r, "unterminated attribute value");
	r->p++;
	val[n] = '\0';
	return 0;
}

static bool name_char(char c)
{
	return c && !is_blank(c) && !strchr("<>/=\"'&", c);
}

/* the namespace URI of prefix (plen 0: the default one), or NULL */
static const char *ns_lookup(const struct rd *r, const char *prefix, size_t plen)
{
	for (size_t i = r->nns; i-- > 0;) {
		const struct ns *n = &r->ns[i];

		if (plen == 0 ? !n->prefix
			      : n->prefix && n->plen == plen && !memcmp(n->prefix, prefix, plen))
			return n->uri;
	}
	return NULL;
}

static enum kind classify(const struct rd *r, const char *q, size_t qlen)
{
	const char *colon = memchr(q, ':', qlen);
	const char *local = colon ? colon + 1 : q;
	size_t llen = qlen - (size_t)(local - q);
	const char *uri = ns_lookup(r, q, colon ? (size_t)(colon - q) : 0);
	bool plain = !colon && !uri;
	enum kind parent = r->depth ? r->st[r->depth - 1].kind : K_OTHER;

#define IS(lit) (llen == sizeof(lit) - 1 && !memcmp(local, lit, llen))
	if (r->depth == 0)
		return plain && IS("domain") ? K_DOMAIN : K_OTHER;
	if (r->depth == 1 && plain && IS("name"))
		return K_NAME;
	if (r->depth == 1 && plain && IS("metadata"))
		return K_METADATA;
	if (parent == K_METADATA && uri && !strcmp(uri, LV_XMLNS) && IS("limit"))
		return K_LIMIT;
#undef IS
	return K_OTHER;
}

static void text_add(struct rd *r, const char *t, size_t n)
{
	enum kind k = r->depth ? r->st[r->depth - 1].kind : K_OTHER;
	char *buf = k == K_NAME ? r->d->name : k == K_LIMIT ? r->d->limit : NULL;
	size_t *len = k == K_NAME ? &r->namelen : &r->limitlen;
	size_t cap = k == K_NAME ? sizeof(r->d->name) : sizeof(r->d->limit);

	if (!buf || (k == K_LIMIT && r->d->nlimits > 1))
		return;
	if (*len + n >= cap) {
		if (k == K_LIMIT)
			r->d->limit_long = true;
		n = cap - 1 - *len;
	}
	memcpy(buf + *len, t, n);
	*len += n;
	buf[*len] = '\0';
}

static int start_tag(struct rd *r)
{
	struct elem *e;
	const char *q = r->s + r->p;
	char idv[LV_VAL_MAX] = "", formv[LV_VAL_MAX] = "";
	bool has_id = false, has_form = false, empty = false;
	size_t qlen = 0;

	while (r->p < r->len && name_char(r->s[r->p])) {
		r->p++;
		qlen++;
	}
	if (qlen == 0)
		return fail(r, "a tag without a name");
	if (r->root_done)
		return fail(r, "an element after the root element");
	if (r->depth == LV_DEPTH_MAX)
		return fail(r, "elements nested deeper than %d", LV_DEPTH_MAX);
	e = &r->st[r->depth];
	*e = (struct elem){q, qlen, K_OTHER, r->nns};
	for (;;) {
		const char *an;
		size_t alen = 0;
		char val[LV_VAL_MAX];
		bool cut, blank = r->p < r->len && is_blank(r->s[r->p]);

		skip_blank(r);
		if (r->p >= r->len)
			return fail(r, "unterminated tag");
		if (starts(r, "/>")) {
			r->p += 2;
			empty = true;
			break;
		}
		if (r->s[r->p] == '>') {
			r->p++;
			break;
		}
		if (!blank)
			return fail(r, "attributes must be separated by blanks");
		an = r->s + r->p;
		while (r->p < r->len && name_char(r->s[r->p])) {
			r->p++;
			alen++;
		}
		if (alen == 0)
			return fail(r, "bad attribute");
		skip_blank(r);
		if (r->p >= r->len || r->s[r->p] != '=')
			return fail(r, "attribute without a value");
		r->p++;
		skip_blank(r);
		if (attr_value(r, val, &cut))
			return -EINVAL;
		if (alen >= 5 && !memcmp(an, "xmlns", 5) && (alen == 5 || an[5] == ':')) {
			struct ns *n;

			if (r->nns == LV_NS_MAX)
				return fail(r, "more than %d namespace declarations", LV_NS_MAX);
			if (alen == 6)
				return fail(r, "an empty namespace prefix");
			n = &r->ns[r->nns++];
			n->prefix = alen == 5 ? NULL : an + 6;
			n->plen = alen == 5 ? 0 : alen - 6;
			snprintf(n->uri, sizeof(n->uri), "%s", cut ? "" : val);
		} else if (alen == 2 && !memcmp(an, "id", 2)) {
			has_id = true;
			snprintf(idv, sizeof(idv), "%s", val);
		} else if (alen == 4 && !memcmp(an, "form", 4)) {
			has_form = true;
			snprintf(formv, sizeof(formv), "%s", cut ? "?" : val);
		}
	}
	e->kind = classify(r, q, qlen);
	if (r->depth == 0 && e->kind != K_DOMAIN)
		return fail(r, "the root element is not <domain>");
	if (e->kind == K_DOMAIN && has_id) {
		char *end;
		long id = strtol(idv, &end, 10);

		if (!*idv || *end || id < 1 || id > INT32_MAX)
			return fail(r, "<domain id='%.20s'>: not a domain id", idv);
		r->d->id = id;
	}
	if (e->kind == K_LIMIT) {
		r->d->nlimits++;
		r->limitlen = 0;
		r->d->limit[0] = '\0';
		if (has_form)
			snprintf(r->d->form, sizeof(r->d->form), "%.15s", formv);
	}
	if (e->kind == K_OTHER && r->depth && r->st[r->depth - 1].kind == K_LIMIT)
		r->d->limit_long = true; /* elements inside the limit: not a number */
	if (empty) {
		r->nns = e->nns;
		if (r->depth == 0)
			r->root_done = true;
		return 0;
	}
	r->depth++;
	return 0;
}

static int end_tag(struct rd *r)
{
	const char *q = r->s + r->p;
	size_t qlen = 0;
	struct elem *e;

	while (r->p < r->len && name_char(r->s[r->p])) {
		r->p++;
		qlen++;
	}
	skip_blank(r);
	if (r->p >= r->len || r->s[r->p] != '>')
		return fail(r, "bad end tag");
	r->p++;
	if (r->depth == 0)
		return fail(r, "an end tag without its start tag");
	e = &r->st[r->depth - 1];
	if (e->qlen != qlen || memcmp(e->qname, q, qlen))
		return fail(r, "</%.*s> closes <%.*s>", (int)(qlen > 60 ? 60 : qlen), q,
			    (int)(e->qlen > 60 ? 60 : e->qlen), e->qname);
	r->nns = e->nns;
	if (--r->depth == 0)
		r->root_done = true;
	return 0;
}

int lv_domain_parse(const char *xml, size_t len, struct lv_domain *d, char *why, size_t wlen)
{
	struct rd *r = calloc(1, sizeof(*r));
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->id = -1;
	if (!r)
		return -ENOMEM;
	*r = (struct rd){.s = xml, .len = len, .why = why, .wlen = wlen, .d = d};
	while (rc == 0 && r->p < r->len) {
		char c = r->s[r->p];

		if (c == '\0') {
			rc = fail(r, "a NUL byte");
		} else if (starts(r, "<!--")) {
			r->p += 4;
			rc = skip_past(r, "-->", "comment");
		} else if (starts(r, "<?")) {
			r->p += 2;
			rc = skip_past(r, "?>", "processing instruction");
		} else if (starts(r, "<![CDATA[")) {
			const char *t = r->s + r->p + 9;

			if (r->depth == 0)
				rc = fail(r, "CDATA outside the root element");
			else if (!(rc = skip_past(r, "]]>", "CDATA section")))
				text_add(r, t, (size_t)(r->s + r->p - 3 - t));
		} else if (starts(r, "<!")) {
			rc = fail(r, "a DOCTYPE or declaration (refused: entities could expand)");
		} else if (starts(r, "</")) {
			r->p += 2;
			rc = end_tag(r);
		} else if (c == '<') {
			r->p++;
			rc = start_tag(r);
		} else if (c == '&') {
			char buf[4];
			size_t n;

			if (r->depth == 0)
				rc = fail(r, "text outside the root element");
			else if (!(rc = entity(r, buf, &n)))
				text_add(r, buf, n);
		} else if (c == '>') {
			rc = fail(r, "a stray '>'");
		} else {
			size_t s0 = r->p;

			while (r->p < r->len && r->s[r->p] && !strchr("<&>", r->s[r->p]))
				r->p++;
			if (r->depth == 0) {
				for (size_t i = s0; rc == 0 && i < r->p; i++)
					if (!is_blank(r->s[i]))
						rc = fail(r, "text outside the root element");
			} else {
				text_add(r, r->s + s0, r->p - s0);
			}
		}
	}
	if (rc == 0 && !r->root_done)
		rc = fail(r,
			  r->depth ? "the document ends inside <%.*s>" : "no <domain> element%.*s",
			  r->depth ? (int)(r->st[r->depth - 1].qlen > 60 ? 60
									 : r->st[r->depth - 1].qlen)
				   : 0,
			  r->depth ? r->st[r->depth - 1].qname : "");
	free(r);
	if (rc == 0) {
		/* the limit's text without surrounding blanks */
		char *s = d->limit, *e = s + strlen(s);

		while (is_blank(*s))
			s++;
		while (e > s && is_blank(e[-1]))
			e--;
		memmove(d->limit, s, (size_t)(e - s));
		d->limit[e - s] = '\0';
	}
	return rc;
}
