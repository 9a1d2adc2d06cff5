// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The IOASID extension's readers (ext-sysfs.c, ext-genl.c) on data in the
 * formats of ioasid-abi(7): sysfs files written by hand from its SYSFS
 * section ("%u\n", "null\n"/"mm\n", "%d\n", "%s\n"), and genl messages built
 * here with libnl's own builders (nlmsg_alloc, genlmsg_put, nla_put_*) as
 * its GENERIC NETLINK section lays them out, plus malformed input of every
 * kind: truncated messages, bad nla_len, wrong attribute sizes, missing
 * mandatory attributes, unknown attributes, NLMSG_ERROR, DUMP_INTR,
 * garbage sysfs values, NUL bytes, EACCES.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cgroup/cgroup.h"
#include "ext/ext.h"
#include "ioasid.h"
#include "sysroot.h"
#include "uapi/ioasid.h"

/* ---- sysfs ---- */

static void test_parse_uint(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(ioasid_ext_parse_uint("1048576\n", 8, UINT32_MAX, &v), 0);
	assert_true(v == 1048576);
	assert_int_equal(ioasid_ext_parse_uint("0\n", 2, UINT32_MAX, &v), 0);
	assert_true(v == 0);
	assert_int_equal(ioasid_ext_parse_uint("4294967295\n", 11, UINT32_MAX, &v), 0);
	assert_true(v == UINT32_MAX);
	/* no newline: still the number (a file cut by a snapshot tool) */
	assert_int_equal(ioasid_ext_parse_uint("12", 2, UINT32_MAX, &v), 0);
	assert_int_equal(ioasid_ext_parse_uint("4294967296\n", 11, UINT32_MAX, &v), -ERANGE);
	assert_int_equal(ioasid_ext_parse_uint("99999999999999999999999\n", 24, UINT32_MAX, &v),
			 -ERANGE);
	assert_int_equal(ioasid_ext_parse_uint("", 0, UINT32_MAX, &v), -EINVAL);
	assert_int_equal(ioasid_ext_parse_uint("\n", 1, UINT32_MAX, &v), -EINVAL);
	assert_int_equal(ioasid_ext_parse_uint("-1\n", 3, UINT32_MAX, &v), -EINVAL);
	assert_int_equal(ioasid_ext_parse_uint(" 1\n", 3, UINT32_MAX, &v), -EINVAL);
	assert_int_equal(ioasid_ext_parse_uint("1\n\n", 3, UINT32_MAX, &v), -EINVAL);
	assert_int_equal(ioasid_ext_parse_uint("0x10\n", 5, UINT32_MAX, &v), -EINVAL);
	assert_int_equal(ioasid_ext_parse_uint("1\0002\n", 4, UINT32_MAX, &v), -EINVAL);
	assert_int_equal(ioasid_ext_parse_uint("max\n", 4, UINT32_MAX, &v), -EINVAL);
}

static void test_parse_set_files(void **state)
{
	enum ioasid_ext_set_type t;
	uint32_t pid;
	char *cg;

	(void)state;
	assert_int_equal(ioasid_ext_parse_set_type("null\n", 5, &t), 0);
	assert_int_equal(t, IOASID_EXT_SET_NULL);
	assert_int_equal(ioasid_ext_parse_set_type("mm\n", 3, &t), 0);
	assert_int_equal(t, IOASID_EXT_SET_MM);
	assert_int_equal(ioasid_ext_parse_set_type("mm", 2, &t), -EINVAL);
	assert_int_equal(ioasid_ext_parse_set_type("MM\n", 3, &t), -EINVAL);
	assert_int_equal(ioasid_ext_parse_set_type("mmm\n", 4, &t), -EINVAL);
	assert_int_equal(ioasid_ext_parse_set_type("", 0, &t), -EINVAL);

	assert_int_equal(ioasid_ext_parse_pid("4242\n", 5, &pid), 0);
	assert_int_equal(pid, 4242);
	assert_int_equal(ioasid_ext_parse_pid("0\n", 2, &pid), -EINVAL);
	assert_int_equal(ioasid_ext_parse_pid("-5\n", 3, &pid), -EINVAL);
	assert_int_equal(ioasid_ext_parse_pid("2147483648\n", 11, &pid), -ERANGE);

	assert_int_equal(ioasid_ext_parse_cgroup("/machine.slice/vm1.scope\n", 25, &cg), 0);
	assert_string_equal(cg, "/machine.slice/vm1.scope");
	free(cg);
	assert_int_equal(ioasid_ext_parse_cgroup("/\n", 2, &cg), 0);
	assert_string_equal(cg, "/");
	free(cg);
	assert_int_equal(ioasid_ext_parse_cgroup("machine.slice\n", 14, &cg), -EINVAL);
	assert_int_equal(ioasid_ext_parse_cgroup("/a\n/b\n", 6, &cg), -EINVAL);
	assert_int_equal(ioasid_ext_parse_cgroup("/a\000b\n", 5, &cg), -EINVAL);
	assert_int_equal(ioasid_ext_parse_cgroup("\n", 1, &cg), -EINVAL);
}

/* A host with the extension: the example of ioasid-abi(7) EXAMPLES
 * (capacity 1048576, available 1014784) with a VT-d null set 0 of quota
 * 32768 (PID_MAX_DEFAULT) and an mm set 3 of quota 1024 owned by 4242:
 * 1048576 - 32768 - 1024 = 1014784. */
static struct sysroot *ext_host(void)
{
	struct sysroot *sr = sr_new();

	sr_write(sr, "/sys/kernel/ioasid/version", "1\n");
	sr_write(sr, "/sys/kernel/ioasid/default_quota", "1024\n");
	sr_write(sr, "/sys/kernel/ioasid/capacity/total", "1048576\n");
	sr_write(sr, "/sys/kernel/ioasid/capacity/available", "1014784\n");
	sr_write(sr, "/sys/kernel/ioasid/capacity/reserved", "0\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/0/type", "null\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/0/quota", "32768\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/0/allocated", "3\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/3/type", "mm\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/3/quota", "1024\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/3/allocated", "2\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/3/owner_pid", "4242\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/3/cgroup", "/machine.slice/vm1.scope\n");
	return sr;
}

static void test_unsupported(void **state)
{
	struct sysroot *sr = sr_new();
	struct ioasid_ctx *ctx = sr_ctx(sr);
	struct ioasid_ext_info info;
	struct ioasid_ext_set_list l;
	struct ioasid_ext_set s;

	(void)state;
	sr_write(sr, "/sys/kernel/iommu_groups/0/type", "DMA\n");
	assert_int_equal(ioasid_ext_supported(ctx), -EOPNOTSUPP);
	assert_int_equal(ioasid_ctx_last_error(ctx)->errnum, EOPNOTSUPP);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/kernel/ioasid");
	assert_non_null(
		strstr(ioasid_ctx_last_error(ctx)->message, "not supported by this kernel"));
	assert_int_equal(ioasid_ext_info_read(ctx, &info), -EOPNOTSUPP);
	assert_int_equal(ioasid_ext_set_list(ctx, &l), -EOPNOTSUPP);
	assert_int_equal(ioasid_ext_set_read(ctx, 1, &s), -EOPNOTSUPP);
	/* no sysfs and no stored dump: the dump says unsupported too */
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, NULL, NULL, NULL, NULL), -EOPNOTSUPP);
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static void test_info_and_sets(void **state)
{
	struct sysroot *sr = ext_host();
	struct ioasid_ctx *ctx = sr_ctx(sr);
	struct ioasid_ext_info info;
	struct ioasid_ext_set_list l;
	struct ioasid_ext_set s;

	(void)state;
	/* a stray non-set entry is skipped, a set 10 sorts after 3 */
	sr_write(sr, "/sys/kernel/ioasid/sets/README", "x\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/10/type", "mm\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/10/quota", "garbage\n");
	sr_write(sr, "/sys/kernel/ioasid/sets/10/allocated", "");
	sr_write_bytes(sr, "/sys/kernel/ioasid/sets/10/cgroup", "/a\0b\n", 5);
	/* owner_pid absent for an mm set (owner gone): null, not 0 */
	assert_int_equal(ioasid_ext_info_read(ctx, &info), 0);
	assert_int_equal(info.version.err, 0);
	assert_true(info.version.v == 1);
	assert_true(info.total.v == 1048576 && info.available.v == 1014784);
	assert_true(info.reserved.v == 0 && info.reserved.err == 0);
	assert_true(info.default_quota.v == 1024);

	assert_int_equal(ioasid_ext_set_list(ctx, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].id, 0);
	assert_int_equal(l.v[0].type, IOASID_EXT_SET_NULL);
	assert_true(l.v[0].quota.v == 32768 && l.v[0].allocated.v == 3);
	assert_int_equal(l.v[0].owner_pid.err, ENOENT);
	assert_null(l.v[0].cgroup);
	assert_int_equal(l.v[0].cgroup_err, ENOENT);
	assert_int_equal(l.v[1].id, 3);
	assert_int_equal(l.v[1].type, IOASID_EXT_SET_MM);
	assert_true(l.v[1].owner_pid.err == 0 && l.v[1].owner_pid.v == 4242);
	assert_string_equal(l.v[1].cgroup, "/machine.slice/vm1.scope");
	assert_int_equal(l.v[2].id, 10);
	assert_int_equal(l.v[2].quota.err, EINVAL);
	assert_int_equal(l.v[2].allocated.err, EINVAL);
	assert_int_equal(l.v[2].owner_pid.err, ENOENT);
	assert_int_equal(l.v[2].cgroup_err, EINVAL);
	ioasid_ext_set_list_free(&l);

	assert_int_equal(ioasid_ext_set_read(ctx, 3, &s), 0);
	assert_true(s.quota.v == 1024 && s.allocated.v == 2);
	ioasid_ext_set_free(&s);
	assert_int_equal(ioasid_ext_set_read(ctx, 7, &s), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "set 7");
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static int read_quota(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_ext_set s;
	int rc;

	(void)arg;
	if (ioasid_ext_set_read(ctx, 3, &s) < 0)
		return -1;
	rc = s.quota.err;
	ioasid_ext_set_free(&s);
	return rc;
}

static void test_set_eacces(void **state)
{
	struct sysroot *sr = ext_host();
	int res;

	(void)state;
	sr_chmod(sr, "/sys/kernel/ioasid/sets/3/quota", 0);
	if (!sr_run_unprivileged(sr, read_quota, NULL, &res)) {
		sr_free(sr);
		skip();
	}
	assert_int_equal(res, EACCES);
	sr_free(sr);
}

/* ---- admin knobs (ioasid-abi(7) SYSFS): one "%u\n" write ---- */

static void test_knob_write(void **state)
{
	struct sysroot *sr = ext_host();
	struct ioasid_ctx *ctx = sr_ctx(sr);
	char buf[32] = "";
	FILE *f;

	(void)state;
	sr_write(sr, "/sys/kernel/ioasid/capacity/reserve", "");
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_RESERVE, 0, 12), 0);
	f = fopen(sr_path(sr, "/sys/kernel/ioasid/capacity/reserve"), "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "12\n");
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_SET_QUOTA, 3, 7), 0);
	f = fopen(sr_path(sr, "/sys/kernel/ioasid/sets/3/quota"), "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "7\n");
	/* a set that does not exist: ENOENT naming the set */
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_SET_QUOTA, 99, 7), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "set 99");
	/* a knob file the kernel lacks: ENOENT naming the file */
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_CANCEL, 0, 1), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object,
			    "/sys/kernel/ioasid/capacity/cancel");
	assert_int_equal(ioasid_ext_knob_write(ctx, (enum ioasid_ext_knob)42, 0, 1), -EINVAL);
	ioasid_ctx_free(ctx);
	/* the same host replayed as a dump: read-only, every knob refused
	 * with EROFS naming its file, the unpacked files unchanged */
	sr_write(sr, "/manifest.json", "{\"format_version\":1}");
	assert_int_equal(ioasid_ctx_open(&ctx, sr->root, NULL), 0);
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_RESERVE, 0, 5), -EROFS);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object,
			    "/sys/kernel/ioasid/capacity/reserve");
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_SET_QUOTA, 3, 9), -EROFS);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/kernel/ioasid/sets/3/quota");
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_CANCEL, 0, 1), -EROFS);
	f = fopen(sr_path(sr, "/sys/kernel/ioasid/capacity/reserve"), "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "12\n");
	f = fopen(sr_path(sr, "/sys/kernel/ioasid/sets/3/quota"), "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "7\n");
	assert_null(fopen(sr_path(sr, "/sys/kernel/ioasid/capacity/cancel"), "r"));
	ioasid_ctx_free(ctx);
	sr_free(sr);
	/* no extension at all */
	sr = sr_new();
	ctx = sr_ctx(sr);
	sr_mkdir(sr, "/sys/kernel");
	assert_int_equal(ioasid_ext_knob_write(ctx, IOASID_KNOB_RESERVE, 0, 1), -EOPNOTSUPP);
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

/* ---- genl messages ---- */

#define FAMILY 30

static struct nl_msg *msg_new(int cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 0, FAMILY, 0, NLM_F_MULTI, (uint8_t)cmd, 1));
	return m;
}

/* the full GET_IOASID message of ioasid-abi(7) Dumps */
static struct nl_msg *ioasid_msg(uint32_t id, uint32_t set)
{
	struct nl_msg *m = msg_new(IOASID_CMD_GET_IOASID);

	nla_put_u32(m, IOASID_ATTR_IOASID, id);
	nla_put_u32(m, IOASID_ATTR_SET, set);
	nla_put_u32(m, IOASID_ATTR_SPID, 5);
	nla_put_u32(m, IOASID_ATTR_STATE, IOASID_GENL_STATE_ACTIVE);
	nla_put_u32(m, IOASID_ATTR_REFS, 2);
	nla_put(m, IOASID_ATTR_PAD, 0, NULL);
	nla_put_u64(m, IOASID_ATTR_PRQ_COUNT, 0x100000000ULL + 7);
	nla_put_u32(m, IOASID_ATTR_PID, 4242);
	nla_put_string(m, IOASID_ATTR_CGROUP, "/machine.slice/vm1.scope");
	nla_put_string(m, IOASID_ATTR_DEVICE, "0000:6a:01.0");
	return m;
}

static int parse(struct nl_msg *m, int cmd, struct ioasid_ext_rec *r)
{
	struct nlmsghdr *h = nlmsg_hdr(m);

	return ioasid_ext_parse_msg(h, h->nlmsg_len, cmd, r);
}

static void test_msg_good(void **state)
{
	struct nl_msg *m = ioasid_msg(201, 3);
	struct ioasid_ext_rec r;

	(void)state;
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), 0);
	assert_int_equal(r.ioasid, 201);
	assert_int_equal(r.set, 3);
	assert_true(r.has_spid && r.spid == 5);
	assert_true(r.has_state && r.state == IOASID_GENL_STATE_ACTIVE);
	assert_true(r.has_refs && r.refs == 2);
	assert_true(r.prq_count == 0x100000007ULL);
	assert_true(r.has_pid && r.pid == 4242);
	assert_string_equal(r.cgroup, "/machine.slice/vm1.scope");
	assert_string_equal(r.device, "0000:6a:01.0");
	/* another command's message is not a record of this dump */
	assert_int_equal(parse(m, IOASID_CMD_GET_BINDING, &r), -ENOMSG);
	nlmsg_free(m);

	/* the minimal idle IOASID of a null set: optional ones absent */
	m = msg_new(IOASID_CMD_GET_IOASID);
	nla_put_u32(m, IOASID_ATTR_IOASID, 1);
	nla_put_u32(m, IOASID_ATTR_SET, 0);
	nla_put_u32(m, IOASID_ATTR_STATE, IOASID_GENL_STATE_IDLE);
	nla_put_u32(m, IOASID_ATTR_REFS, 1);
	nla_put_u64(m, IOASID_ATTR_PRQ_COUNT, 0);
	/* unknown attributes of a later version are ignored */
	nla_put_u32(m, IOASID_ATTR_MAX + 1, 77);
	nla_put_string(m, 200, "future");
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), 0);
	assert_false(r.has_spid || r.has_pid);
	assert_null(r.cgroup);
	assert_null(r.device);
	assert_int_equal(r.state, IOASID_GENL_STATE_IDLE);
	nlmsg_free(m);

	/* a binding */
	m = msg_new(IOASID_CMD_GET_BINDING);
	nla_put_u32(m, IOASID_ATTR_IOASID, 201);
	nla_put_u32(m, IOASID_ATTR_SET, 3);
	nla_put_u32(m, IOASID_ATTR_SPID, 17);
	assert_int_equal(parse(m, IOASID_CMD_GET_BINDING, &r), 0);
	assert_true(r.has_spid && r.spid == 17 && !r.has_state);
	nlmsg_free(m);
}

static void test_msg_missing(void **state)
{
	static const int mandatory[] = {IOASID_ATTR_IOASID, IOASID_ATTR_SET, IOASID_ATTR_STATE,
					IOASID_ATTR_REFS, IOASID_ATTR_PRQ_COUNT};
	struct ioasid_ext_rec r;

	(void)state;
	for (size_t k = 0; k < sizeof(mandatory) / sizeof(mandatory[0]); k++) {
		struct nl_msg *m = msg_new(IOASID_CMD_GET_IOASID);

		for (size_t i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++) {
			if (i == k)
				continue;
			if (mandatory[i] == IOASID_ATTR_PRQ_COUNT)
				nla_put_u64(m, mandatory[i], 1);
			else
				nla_put_u32(m, mandatory[i], 1);
		}
		assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), -EINVAL);
		nlmsg_free(m);
	}
	/* a binding without its SPID */
	{
		struct nl_msg *m = msg_new(IOASID_CMD_GET_BINDING);

		nla_put_u32(m, IOASID_ATTR_IOASID, 2);
		nla_put_u32(m, IOASID_ATTR_SET, 3);
		assert_int_equal(parse(m, IOASID_CMD_GET_BINDING, &r), -EINVAL);
		nlmsg_free(m);
	}
}

static void test_msg_bad(void **state)
{
	struct ioasid_ext_rec r;
	struct nl_msg *m;
	struct nlmsghdr *h;
	unsigned char buf[512];
	uint64_t big = 1;

	(void)state;
	/* a u32 attribute with an 8-byte payload: wrong type length */
	m = ioasid_msg(2, 3);
	nla_put(m, IOASID_ATTR_IOASID, 8, &big);
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), -EINVAL);
	nlmsg_free(m);
	/* a u64 with 4 bytes */
	m = msg_new(IOASID_CMD_GET_IOASID);
	nla_put_u32(m, IOASID_ATTR_IOASID, 2);
	nla_put_u32(m, IOASID_ATTR_SET, 3);
	nla_put_u32(m, IOASID_ATTR_STATE, 0);
	nla_put_u32(m, IOASID_ATTR_REFS, 1);
	nla_put_u32(m, IOASID_ATTR_PRQ_COUNT, 1);
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), -EINVAL);
	nlmsg_free(m);
	/* a string without its NUL, and one with a NUL inside */
	m = ioasid_msg(2, 3);
	nla_put(m, IOASID_ATTR_CGROUP, 3, "/ab");
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), -EINVAL);
	nlmsg_free(m);
	m = ioasid_msg(2, 3);
	nla_put(m, IOASID_ATTR_DEVICE, 5, "ab\0c");
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), -EINVAL);
	nlmsg_free(m);
	/* IOASID 0 and INVALID_IOASID are never IOASIDs, INVALID never an SPID */
	m = ioasid_msg(0, 3);
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), -EINVAL);
	nlmsg_free(m);
	m = ioasid_msg(IOASID_INVALID, 3);
	assert_int_equal(parse(m, IOASID_CMD_GET_IOASID, &r), -EINVAL);
	nlmsg_free(m);

	/* bad nla_len: the last attribute claims more than the message */
	m = ioasid_msg(2, 3);
	h = nlmsg_hdr(m);
	assert_true(h->nlmsg_len <= sizeof(buf));
	memcpy(buf, h, h->nlmsg_len);
	{
		struct nlmsghdr *bh = (struct nlmsghdr *)buf;
		struct nlattr *last = NULL, *a;
		int rem;

		nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(bh), 0),
				  genlmsg_attrlen(nlmsg_data(bh), 0), rem) last = a;
		assert_non_null(last);
		last->nla_len += 8;
		assert_int_equal(
			ioasid_ext_parse_msg(buf, bh->nlmsg_len, IOASID_CMD_GET_IOASID, &r),
			-EINVAL);
		/* nla_len below the attribute header */
		last->nla_len = 2;
		assert_int_equal(
			ioasid_ext_parse_msg(buf, bh->nlmsg_len, IOASID_CMD_GET_IOASID, &r),
			-EINVAL);
		/* nlmsg_len disagreeing with the buffer, or too short for genl */
		assert_int_equal(
			ioasid_ext_parse_msg(buf, bh->nlmsg_len - 4, IOASID_CMD_GET_IOASID, &r),
			-EINVAL);
		bh->nlmsg_len = NLMSG_HDRLEN + 2;
		assert_int_equal(
			ioasid_ext_parse_msg(buf, NLMSG_HDRLEN + 2, IOASID_CMD_GET_IOASID, &r),
			-EINVAL);
	}
	nlmsg_free(m);
}

/* ---- streams ---- */

struct seen {
	size_t n;
	uint32_t ids[16];
	int stop_at;
};

static int collect(const struct ioasid_ext_rec *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 16)
		s->ids[s->n] = r->ioasid;
	s->n++;
	return s->stop_at && (int)s->n == s->stop_at ? 42 : 0;
}

static size_t append(unsigned char *buf, size_t off, struct nl_msg *m)
{
	struct nlmsghdr *h = nlmsg_hdr(m);

	memcpy(buf + off, h, NLMSG_ALIGN(h->nlmsg_len));
	off += NLMSG_ALIGN(h->nlmsg_len);
	nlmsg_free(m);
	return off;
}

static size_t append_raw(unsigned char *buf, size_t off, uint16_t type, int error)
{
	struct {
		struct nlmsghdr h;
		int e;
		struct nlmsghdr orig;
	} d = {{type == NLMSG_ERROR ? sizeof(d) : NLMSG_HDRLEN + 4, type, NLM_F_MULTI, 0, 0},
	       error,
	       {0}};

	memcpy(buf + off, &d, d.h.nlmsg_len);
	return off + d.h.nlmsg_len;
}

static void test_stream(void **state)
{
	static unsigned char buf[8192];
	struct ioasid_ext_dump_stats st = {0};
	struct seen seen = {0};
	struct ioasid_ext_stream s = {
		.cmd = IOASID_CMD_GET_IOASID, .fn = collect, .arg = &seen, .st = &st};
	size_t off = 0, used;

	(void)state;
	off = append(buf, off, ioasid_msg(1, 3));
	off = append(buf, off, ioasid_msg(2, 3));
	off = append(buf, off, ioasid_msg(0, 3)); /* malformed: skipped, counted */
	off = append(buf, off, ioasid_msg(4, 3));
	off = append_raw(buf, off, NLMSG_DONE, 0);
	off = append(buf, off, ioasid_msg(9, 3)); /* after DONE: not read */
	/* fed in two pieces cut inside the second message */
	assert_int_equal(ioasid_ext_stream_feed(&s, buf, 60, &used), 0);
	assert_true(used < 60);
	assert_int_equal(ioasid_ext_stream_feed(&s, buf + used, off - used, &used), 0);
	assert_true(s.done);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.ids[2], 4);
	assert_int_equal(st.bad, 1);
	assert_int_equal(st.records, 3);

	/* NLMSG_ERROR in the stream: its errno ends the dump */
	memset(&st, 0, sizeof(st));
	seen = (struct seen){0};
	s = (struct ioasid_ext_stream){
		.cmd = IOASID_CMD_GET_IOASID, .fn = collect, .arg = &seen, .st = &st};
	off = append(buf, 0, ioasid_msg(1, 3));
	off = append_raw(buf, off, NLMSG_ERROR, -ENOBUFS);
	off = append(buf, off, ioasid_msg(2, 3));
	assert_int_equal(ioasid_ext_stream_feed(&s, buf, off, &used), 0);
	assert_int_equal(s.err, -ENOBUFS);
	assert_int_equal(seen.n, 1);

	/* NLM_F_DUMP_INTR: -EAGAIN, nothing more read */
	memset(&st, 0, sizeof(st));
	seen = (struct seen){0};
	s = (struct ioasid_ext_stream){
		.cmd = IOASID_CMD_GET_IOASID, .fn = collect, .arg = &seen, .st = &st};
	{
		struct nl_msg *m = ioasid_msg(1, 3);

		nlmsg_hdr(m)->nlmsg_flags |= NLM_F_DUMP_INTR;
		off = append(buf, 0, m);
	}
	assert_int_equal(ioasid_ext_stream_feed(&s, buf, off, &used), 0);
	assert_int_equal(s.err, -EAGAIN);
	assert_int_equal(seen.n, 0);

	/* an impossible nlmsg_len cannot be resynchronised */
	memset(&st, 0, sizeof(st));
	s = (struct ioasid_ext_stream){
		.cmd = IOASID_CMD_GET_IOASID, .fn = collect, .arg = &seen, .st = &st};
	memset(buf, 0, 64);
	((struct nlmsghdr *)buf)->nlmsg_len = 3;
	assert_int_equal(ioasid_ext_stream_feed(&s, buf, 64, &used), -EBADMSG);
	((struct nlmsghdr *)buf)->nlmsg_len = 0x7fffffff;
	assert_int_equal(ioasid_ext_stream_feed(&s, buf, 64, &used), -EBADMSG);
}

/* ---- stored dumps under a sysroot ---- */

static void write_msgs(struct sysroot *sr, const char *path, struct nl_msg **m, size_t n, bool done)
{
	static unsigned char buf[16384];
	size_t off = 0;

	for (size_t i = 0; i < n; i++)
		off = append(buf, off, m[i]);
	if (done)
		off = append_raw(buf, off, NLMSG_DONE, 0);
	sr_write_bytes(sr, path, buf, off);
}

static void test_stored(void **state)
{
	struct sysroot *sr = ext_host();
	struct ioasid_ctx *ctx = sr_ctx(sr);
	struct ioasid_ext_dump_stats st;
	struct ioasid_ext_filter f = {0};
	struct seen seen = {0};
	struct nl_msg *m[3];

	(void)state;
	/* snapshot with sysfs but no dump: ENODATA */
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, NULL, collect, &seen, &st), -ENODATA);
	/* chunks in hex order: 0a000 after 01000 (not digit-aware order) */
	m[0] = ioasid_msg(0xa001, 3);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/chunk-0a000", m, 1, false);
	m[0] = ioasid_msg(0x1001, 3);
	m[1] = ioasid_msg(0x1002, 0);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/chunk-01000", m, 2, false);
	m[0] = ioasid_msg(5, 3);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/chunk-00000", m, 1, false);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/done", m, 0, true);
	sr_write(sr, "/genl/ioasid/GET_IOASID/README", "ignored\n");
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, NULL, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.ids[0], 5);
	assert_int_equal(seen.ids[1], 0x1001);
	assert_int_equal(seen.ids[2], 0x1002);
	assert_int_equal(seen.ids[3], 0xa001);
	assert_false(st.incomplete);
	assert_int_equal(st.bad, 0);

	/* filter: set 0 only */
	seen = (struct seen){0};
	f.has_set = true;
	f.set = 0;
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, &f, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.ids[0], 0x1002);
	assert_int_equal(st.records, 4);
	assert_int_equal(st.matched, 1);

	/* the callback stops the dump with its value */
	seen = (struct seen){.stop_at = 2};
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, NULL, collect, &seen, &st), 42);
	assert_int_equal(seen.n, 2);

	/* a chunk truncated in the middle of a message, no done file */
	sr_unlink(sr, "/genl/ioasid/GET_IOASID/done");
	{
		struct nl_msg *t = ioasid_msg(0xb001, 3);
		struct nlmsghdr *h = nlmsg_hdr(t);

		sr_write_bytes(sr, "/genl/ioasid/GET_IOASID/chunk-0b000", h, h->nlmsg_len - 6);
		nlmsg_free(t);
	}
	seen = (struct seen){0};
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, NULL, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 4);
	assert_int_equal(st.bad, 1);
	assert_true(st.incomplete);

	/* a garbage chunk: counted, the rest still read */
	sr_write_fill(sr, "/genl/ioasid/GET_IOASID/chunk-0c000", 'x', 100);
	seen = (struct seen){0};
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, NULL, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 4);
	assert_int_equal(st.bad, 2);

	ioasid_ctx_free(ctx);
	sr_free(sr);
}

/* ioasid-abi(7) version 2: the set dump GET_SET gives what the set
 * directories of ext_host() say, set by set (owner_pid ENOENT on a null
 * set, ESRCH on an mm set whose owner left: PID absent); a stored
 * GET_IOASID/set/set-N answers a filter by set from that file alone, a
 * GET_IOASID/state/state-N a filter by state alone. */
static struct nl_msg *set_msg(uint32_t set, uint32_t type, uint32_t quota, uint32_t allocated)
{
	struct nl_msg *m = msg_new(IOASID_CMD_GET_SET);

	nla_put_u32(m, IOASID_ATTR_SET, set);
	nla_put_u32(m, IOASID_ATTR_SET_TYPE, type);
	nla_put_u32(m, IOASID_ATTR_QUOTA, quota);
	nla_put_u32(m, IOASID_ATTR_ALLOCATED, allocated);
	return m;
}

static void test_set_dump(void **state)
{
	struct sysroot *sr = ext_host();
	struct ioasid_ctx *ctx = sr_ctx(sr);
	struct ioasid_ext_set_list l;
	struct ioasid_ext_filter f = {.has_set = true, .set = 3};
	struct ioasid_ext_dump_stats st;
	struct ioasid_ext_rec r;
	struct seen seen = {0};
	struct nl_msg *m[3];

	(void)state;
	/* a message missing one of SET_TYPE, QUOTA, ALLOCATED is malformed */
	m[0] = msg_new(IOASID_CMD_GET_SET);
	nla_put_u32(m[0], IOASID_ATTR_SET, 4);
	nla_put_u32(m[0], IOASID_ATTR_QUOTA, 4);
	nla_put_u32(m[0], IOASID_ATTR_ALLOCATED, 4);
	assert_int_equal(parse(m[0], IOASID_CMD_GET_SET, &r), -EINVAL);
	nlmsg_free(m[0]);
	/* stored out of order: the list still ascends; set 7's owner left */
	m[0] = set_msg(3, IOASID_GENL_SET_MM, 1024, 2);
	nla_put_u32(m[0], IOASID_ATTR_PID, 4242);
	nla_put_string(m[0], IOASID_ATTR_CGROUP, "/machine.slice/vm1.scope");
	m[1] = set_msg(0, IOASID_GENL_SET_NULL, 32768, 3);
	m[2] = set_msg(7, IOASID_GENL_SET_MM, 8, 0);
	assert_int_equal(parse(m[0], IOASID_CMD_GET_SET, &r), 0);
	assert_true(r.set == 3 && r.quota == 1024 && r.allocated == 2 && r.has_pid);
	write_msgs(sr, "/genl/ioasid/GET_SET/chunk-00000", m, 3, true);
	assert_int_equal(ioasid_ext_set_list(ctx, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].id, 0);
	assert_int_equal(l.v[0].type, IOASID_EXT_SET_NULL);
	assert_true(l.v[0].quota.v == 32768 && l.v[0].allocated.v == 3);
	assert_int_equal(l.v[0].owner_pid.err, ENOENT);
	assert_int_equal(l.v[0].cgroup_err, ENOENT);
	assert_int_equal(l.v[1].id, 3);
	assert_int_equal(l.v[1].type, IOASID_EXT_SET_MM);
	assert_true(l.v[1].owner_pid.err == 0 && l.v[1].owner_pid.v == 4242);
	assert_string_equal(l.v[1].cgroup, "/machine.slice/vm1.scope");
	assert_int_equal(l.v[2].id, 7);
	assert_int_equal(l.v[2].owner_pid.err, ESRCH);
	assert_int_equal(l.v[2].cgroup_err, ESRCH);
	ioasid_ext_set_list_free(&l);

	/* the full dump in chunks, and set 3's IOASIDs on their own */
	m[0] = ioasid_msg(5, 3);
	m[1] = ioasid_msg(6, 0);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/chunk-00000", m, 2, false);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/done", m, 0, true);
	m[0] = ioasid_msg(9, 3);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/set/set-0000000003", m, 1, false);
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, &f, collect, &seen, &st), 0);
	/* from the set's file alone (9 is only there), complete */
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.ids[0], 9);
	assert_int_equal(st.records, 1);
	assert_false(st.incomplete);
	/* a set without a file has no IOASIDs: nothing, not the full scan */
	seen = (struct seen){0};
	f.set = 0;
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, &f, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(st.records, 0);
	/* a filter by state alone reads its state's file: 11 is only in
	 * state-1 (ACTIVE), so it comes from there, complete */
	m[0] = ioasid_msg(11, 3);
	write_msgs(sr, "/genl/ioasid/GET_IOASID/state/state-1", m, 1, false);
	f = (struct ioasid_ext_filter){.has_state = true, .state = IOASID_GENL_STATE_ACTIVE};
	seen = (struct seen){0};
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, &f, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.ids[0], 11);
	assert_false(st.incomplete);
	/* a state without a file has no IOASIDs */
	f.state = IOASID_GENL_STATE_IDLE;
	seen = (struct seen){0};
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, &f, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(st.records, 0);
	/* a set with a state: the set's file, filtered (9 is ACTIVE) */
	f = (struct ioasid_ext_filter){
		.has_set = true, .set = 3, .has_state = true, .state = IOASID_GENL_STATE_ACTIVE};
	seen = (struct seen){0};
	assert_int_equal(ioasid_ext_ioasid_dump(ctx, &f, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.ids[0], 9);
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static void test_bindings(void **state)
{
	struct sysroot *sr = ext_host();
	struct ioasid_ctx *ctx = sr_ctx(sr);
	struct ioasid_ext_dump_stats st;
	struct ioasid_ext_filter f = {.has_set = true, .set = 3, .has_spid = true, .spid = 17};
	struct seen seen = {0};
	struct nl_msg *m[2];

	(void)state;
	for (int i = 0; i < 2; i++) {
		m[i] = msg_new(IOASID_CMD_GET_BINDING);
		nla_put_u32(m[i], IOASID_ATTR_IOASID, 200 + (uint32_t)i);
		nla_put_u32(m[i], IOASID_ATTR_SET, 3);
		nla_put_u32(m[i], IOASID_ATTR_SPID, 16 + (uint32_t)i);
		nla_put_u32(m[i], IOASID_ATTR_PID, 4242);
	}
	write_msgs(sr, "/genl/ioasid/GET_BINDING/set-0000000003", m, 2, false);
	write_msgs(sr, "/genl/ioasid/GET_BINDING/done", m, 0, true);
	assert_int_equal(ioasid_ext_binding_dump(ctx, &f, collect, &seen, &st), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.ids[0], 201);
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

static void test_filter(void **state)
{
	struct ioasid_ext_rec r = {.ioasid = 9,
				   .set = 3,
				   .has_state = true,
				   .state = 1,
				   .cgroup = "/machine.slice/vm1.scope",
				   .device = "0000:6a:01.0"};
	struct ioasid_ext_filter f = {.cgroup = "/machine.slice"};

	(void)state;
	assert_true(ioasid_ext_filter_match(NULL, &r));
	assert_true(ioasid_ext_filter_match(&f, &r));
	f.cgroup = "/machine.slice/";
	assert_true(ioasid_ext_filter_match(&f, &r));
	f.cgroup = "/machine.sl";
	assert_false(ioasid_ext_filter_match(&f, &r));
	f.cgroup = "/";
	assert_true(ioasid_ext_filter_match(&f, &r));
	f = (struct ioasid_ext_filter){.has_pid = true, .pid = 1};
	assert_false(ioasid_ext_filter_match(&f, &r)); /* no pid: no match */
	f = (struct ioasid_ext_filter){.has_state = true, .state = 1, .device = "0000:6a:01.0"};
	assert_true(ioasid_ext_filter_match(&f, &r));
	f.device = "0000:6a:02.0";
	assert_false(ioasid_ext_filter_match(&f, &r));
	assert_string_equal(ioasid_ext_state_name(2), "free_pending");
	assert_null(ioasid_ext_state_name(3));
}

/* ioasids.* of ioasid-abi(7) CGROUP V2: "max\n" | "%lld\n", "%lld\n",
 * "max %lld\n" */
static void test_ioasids_files(void **state)
{
	struct ioasid_val v;
	bool unl;

	(void)state;
	assert_int_equal(ioasid_ioasids_parse(IOASID_IOASIDS_MAX, "max\n", 4, &v, &unl), 0);
	assert_true(unl && v.err == 0 && v.v == UINT64_MAX);
	assert_int_equal(ioasid_ioasids_parse(IOASID_IOASIDS_MAX, "0\n", 2, &v, &unl), 0);
	assert_true(!unl && v.v == 0);
	assert_int_equal(ioasid_ioasids_parse(IOASID_IOASIDS_MAX, "64\n", 3, &v, &unl), 0);
	assert_true(v.v == 64);
	assert_int_equal(
		ioasid_ioasids_parse(IOASID_IOASIDS_CURRENT, "9223372036854775807\n", 20, &v, &unl),
		0);
	assert_true(v.v == INT64_MAX);
	assert_int_equal(ioasid_ioasids_parse(IOASID_IOASIDS_EVENTS, "max 3\n", 6, &v, &unl), 0);
	assert_true(v.v == 3);
	/* malformed: null value with EINVAL */
	static const struct {
		enum ioasid_ioasids_file f;
		const char *t;
		size_t len;
	} bad[] = {
		{IOASID_IOASIDS_MAX, "max", 3}, /* no newline: cut off */
		{IOASID_IOASIDS_MAX, "MAX\n", 4},
		{IOASID_IOASIDS_MAX, "-1\n", 3},
		{IOASID_IOASIDS_MAX, "\n", 1},
		{IOASID_IOASIDS_MAX, "", 0},
		{IOASID_IOASIDS_CURRENT, "9223372036854775808\n", 20}, /* > s64 */
		{IOASID_IOASIDS_CURRENT, "1 2\n", 4},
		{IOASID_IOASIDS_CURRENT, "1\n2\n", 4},
		{IOASID_IOASIDS_CURRENT, "1\0\n", 3},
		{IOASID_IOASIDS_EVENTS, "3\n", 2}, /* misc's form is "ioasid.max 3" */
		{IOASID_IOASIDS_EVENTS, "ioasid.max 3\n", 13},
		{IOASID_IOASIDS_EVENTS, "max \n", 5},
		{IOASID_IOASIDS_EVENTS, "max x\n", 6},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ioasid_ioasids_parse(bad[i].f, bad[i].t, bad[i].len, &v, &unl),
				 -EINVAL);
		assert_int_equal(v.err, EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint),  cmocka_unit_test(test_parse_set_files),
		cmocka_unit_test(test_unsupported), cmocka_unit_test(test_info_and_sets),
		cmocka_unit_test(test_set_eacces),  cmocka_unit_test(test_msg_good),
		cmocka_unit_test(test_msg_missing), cmocka_unit_test(test_msg_bad),
		cmocka_unit_test(test_stream),	    cmocka_unit_test(test_stored),
		cmocka_unit_test(test_set_dump),    cmocka_unit_test(test_bindings),
		cmocka_unit_test(test_filter),	    cmocka_unit_test(test_ioasids_files),
		cmocka_unit_test(test_knob_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
