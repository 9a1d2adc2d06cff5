// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SVA users: idxd (idxd-parse.c, idxd.c) and uacce (uacce.c). Inputs are in
 * the formats of the kernel functions named at each test (Debian 6.12.117
 * and 6.1.192 sources); expected values are derived by hand from those
 * formats and the register layouts (drivers/dma/idxd/registers.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ioasid.h"
#include "sysroot.h"

/* ---------------- pure parsers ---------------- */

static void test_bits256(void **state)
{
	uint64_t w[4];

	(void)state;
	/* op_cap_show_common(): "%*pb" of 64 bits per u64, most significant
	 * u64 first: lib/vsprintf.c bitmap_string() prints 32-bit chunks */
	assert_int_equal(ioasid_idxd_parse_bits256("00000000,00000000,00000000,00000000,"
						   "00000000,00000000,00000001,003f03ff\n",
						   w),
			 0);
	assert_true(w[0] == 0x1003f03ffull && !w[1] && !w[2] && !w[3]);
	assert_int_equal(ioasid_idxd_parse_bits256("80000000,00000001,00000000,00000002,"
						   "00000003,00000000,ffffffff,ffffffff\n",
						   w),
			 0);
	assert_true(w[3] == 0x8000000000000001ull);
	assert_true(w[2] == 0x2ull);
	assert_true(w[1] == 0x300000000ull);
	assert_true(w[0] == UINT64_MAX);
	/* 6.1 errors_show(): "%#018llx " per word, bits[0] first, last ' ' -> '\n' */
	assert_int_equal(ioasid_idxd_parse_bits256("0x000005030001030d 0x0000000000000000 "
						   "0x00007f3a2c400000 0x0000000000000000\n",
						   w),
			 0);
	assert_true(w[0] == 0x5030001030dull && w[2] == 0x7f3a2c400000ull && !w[1] && !w[3]);
}

static void test_bits256_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"00000000,00000000,00000000,00000000,00000000,00000000,00000001\n", /* 7 */
		"00000000,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff,"
		"00000000\n",								   /* 9 */
		"00000000,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff", /* no \n
											    */
		"00000000,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff\nx",
		"00000000,00000000,00000000,00000000,00000000,00000000,000000001,03f03ff\n",
		"00000000,00000000,00000000,00000000,00000000,00000000,0000001,003f03ff\n",
		"00000000 00000000 00000000 00000000 00000000 00000000 00000001 003f03ff\n",
		"0000000g,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff\n",
		"0x0000000000000000 0x0000000000000000 0x0000000000000000\n",
		"0x0000000000000000 0x0000000000000000 0x0000000000000000 0x00000000000000000\n",
		"0x0 0x0 0x0 0x0\n",
		"0000000000000000 0000000000000000 0000000000000000 0000000000000000\n",
		"-0000000,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff\n",
	};
	uint64_t w[4];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ioasid_idxd_parse_bits256(bad[i], w) != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
}

static void test_swerr(void **state)
{
	/* valid(0) desc_valid(2) wq_idx_valid(3), error 0x03, wq_idx 1,
	 * operation 0x03 (MEMMOVE), pasid 5: 0x000005030001030d */
	const uint64_t b[4] = {0x000005030001030dull, 0x2a, 0x7f3a2c400000ull, 0};
	struct ioasid_idxd_swerr e;

	(void)state;
	ioasid_idxd_decode_swerr(b, &e);
	assert_true(e.valid && e.desc_valid && e.wq_idx_valid);
	assert_false(e.overflow || e.batch || e.fault_rw || e.priv);
	assert_int_equal(e.error, 3);
	assert_int_equal(e.wq_idx, 1);
	assert_int_equal(e.operation, 3);
	assert_int_equal(e.pasid, 5);
	assert_int_equal(e.batch_idx, 0x2a);
	assert_true(e.fault_addr == 0x7f3a2c400000ull);
	/* the widest PASID (20 bits) does not leak into bits 60-63 */
	const uint64_t m[4] = {UINT64_MAX, 0, 0, 0};
	ioasid_idxd_decode_swerr(m, &e);
	assert_int_equal(e.pasid, 0xfffff);
	assert_int_equal(e.operation, 0xff);
}

static void test_names(void **state)
{
	enum ioasid_idxd_type t;
	unsigned a, b;

	(void)state;
	assert_int_equal(ioasid_idxd_parse_wq_name("wq0.1", &a, &b), 0);
	assert_true(a == 0 && b == 1);
	assert_int_equal(ioasid_idxd_parse_wq_name("wq12.127", &a, &b), 0);
	assert_true(a == 12 && b == 127);
	assert_int_equal(ioasid_idxd_parse_dev_name("dsa0", &t, &a), 0);
	assert_true(t == IOASID_IDXD_DSA && a == 0);
	assert_int_equal(ioasid_idxd_parse_dev_name("iax13", &t, &a), 0);
	assert_true(t == IOASID_IDXD_IAX && a == 13);
	assert_int_equal(ioasid_idxd_parse_file_name("file7", &a), 0);
	assert_int_equal(a, 7);
	static const char *const badwq[] = {"wq",	 "wq0",	     "wq0.",	 "wq.1",
					    "wq0.1x",	 "wq01.0",   "wq0.01",	 "wq-1.0",
					    "wq0.-1",	 "wq 0.1",   "wq0.1 ",	 "wq2147483648.0",
					    "engine0.0", "group0.0", "dsa!wq0.0"};
	for (size_t i = 0; i < sizeof(badwq) / sizeof(badwq[0]); i++)
		if (ioasid_idxd_parse_wq_name(badwq[i], &a, &b) == 0)
			fail_msg("wq name \"%s\" accepted", badwq[i]);
	static const char *const baddev[] = {"dsa",  "dsa01", "dsa0x",		"dsa!wq0.0",
					     "iaa0", "Dsa0",  "dsa99999999999", ""};
	for (size_t i = 0; i < sizeof(baddev) / sizeof(baddev[0]); i++)
		if (ioasid_idxd_parse_dev_name(baddev[i], &t, &a) == 0)
			fail_msg("device name \"%s\" accepted", baddev[i]);
	assert_int_equal(ioasid_idxd_parse_file_name("file", &a), -EINVAL);
	assert_int_equal(ioasid_idxd_parse_file_name("file1a", &a), -EINVAL);
	assert_int_equal(ioasid_idxd_parse_file_name("pid", &a), -EINVAL);
}

/* debugfs.c dump_event_entry() for one entry (64-byte entries: 8 words) */
#define EVL_ENTRY(cnt, idx, proc, wqv, err, wq, op, pasid, addr)                                   \
	"Event Log entry " #cnt " (real index " #idx ") processed: " #proc "\n"                    \
	"desc valid 1 wq idx valid " #wqv "\n"                                                     \
	"batch 0 fault rw 0 priv 0 error " err "\n"                                                \
	"wq idx " #wq " op " op " pasid " #pasid " batch idx 0\n"                                  \
	"fault addr " addr "\n"                                                                    \
	"status 0x3 result 0x0 fault_info 0x0 bytes_completed 0\n"                                 \
	"fault addr " addr " inv flags 0x0\n\n"                                                    \
	"entry[0] = 0x7030000030c\nentry[1] = 0x0\nentry[2] = " addr "\nentry[3] = 0x0\n"          \
	"entry[4] = 0x3\nentry[5] = " addr "\nentry[6] = 0x0\nentry[7] = 0x0\n\n"
#define EVL_HEAD "Event Log head 3 tail 3 interrupt pending 0\n\n"

static void test_event_log(void **state)
{
	struct ioasid_idxd_evl_entry *e;
	size_t n, bad;

	(void)state;
	assert_int_equal(
		ioasid_idxd_parse_event_log(
			EVL_HEAD EVL_ENTRY(0, 1, 1, 1, "0x3", 0, "0x3", 7, "0x7f3a2c400000")
				EVL_ENTRY(1, 2, 0, 0, "0x1a", 5, "0x0", 1048575, "0x0"),
			&e, &n, &bad),
		0);
	assert_int_equal(n, 2);
	assert_int_equal(bad, 0);
	assert_int_equal(e[0].count, 0);
	assert_int_equal(e[0].index, 1);
	assert_true(e[0].processed && e[0].wq_idx_valid);
	assert_int_equal(e[0].error, 3);
	assert_int_equal(e[0].wq_idx, 0);
	assert_int_equal(e[0].operation, 3);
	assert_int_equal(e[0].pasid, 7);
	assert_true(e[0].fault_addr == 0x7f3a2c400000ull);
	/* kernel "%#x" of 0 is "0x0" (lib/vsprintf.c number()); max PASID */
	assert_false(e[1].processed || e[1].wq_idx_valid);
	assert_int_equal(e[1].error, 0x1a);
	assert_int_equal(e[1].operation, 0);
	assert_int_equal(e[1].pasid, 0xfffff);
	free(e);
	/* no event (empty log prints only the head line), and no text */
	assert_int_equal(ioasid_idxd_parse_event_log(EVL_HEAD, &e, &n, &bad), 0);
	assert_true(n == 0 && bad == 0 && e == NULL);
	assert_int_equal(ioasid_idxd_parse_event_log("", &e, &n, &bad), 0);
	assert_true(n == 0 && bad == 0);
}

static void test_event_log_garbage(void **state)
{
	static const char *const bad_entries[] = {
		/* PASID wider than 20 bits */
		EVL_ENTRY(0, 1, 1, 1, "0x3", 0, "0x3", 1048576, "0x0"),
		/* op > 8 bits, error > 8 bits, wq idx > 8 bits */
		EVL_ENTRY(0, 1, 1, 1, "0x3", 0, "0x100", 7, "0x0"),
		EVL_ENTRY(0, 1, 1, 1, "0x100", 0, "0x3", 7, "0x0"),
		EVL_ENTRY(0, 1, 1, 1, "0x3", 256, "0x3", 7, "0x0"),
		/* processed is 0 or 1 */
		EVL_ENTRY(0, 1, 2, 1, "0x3", 0, "0x3", 7, "0x0"),
		/* op without 0x (glibc-style %x), signed pasid */
		EVL_ENTRY(0, 1, 1, 1, "0x3", 0, "3", 7, "0x0"),
		EVL_ENTRY(0, 1, 1, 1, "0x3", 0, "0x3", -7, "0x0"),
		/* an oversized number */
		EVL_ENTRY(0, 1, 1, 1, "0x3", 0, "0x3", 99999999999999999999, "0x0"),
		/* truncated: no "wq idx" line */
		"Event Log entry 0 (real index 1) processed: 1\ndesc valid 1 wq idx valid 1\n"
		"batch 0 fault rw 0 priv 0 error 0x3\n",
		/* duplicated "wq idx" line */
		"Event Log entry 0 (real index 1) processed: 1\ndesc valid 1 wq idx valid 1\n"
		"batch 0 fault rw 0 priv 0 error 0x3\nwq idx 0 op 0x3 pasid 7 batch idx 0\n"
		"wq idx 0 op 0x3 pasid 8 batch idx 0\n",
		/* a garbage line inside */
		"Event Log entry 0 (real index 1) processed: 1\ndesc valid 1 wq idx valid 1\n"
		"batch 0 fault rw 0 priv 0 error 0x3\nwq idx 0 op 0x3 pasid 7 batch idx 0\n"
		"hello\n",
	};
	struct ioasid_idxd_evl_entry *e;
	size_t n, bad;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_entries) / sizeof(bad_entries[0]); i++) {
		char *text;

		assert_true(asprintf(&text, "%s%s%s", EVL_HEAD, bad_entries[i],
				     EVL_ENTRY(1, 2, 1, 1, "0x3", 1, "0x3", 9, "0x1000")) > 0);
		assert_int_equal(ioasid_idxd_parse_event_log(text, &e, &n, &bad), 0);
		if (n != 1 || bad != 1)
			fail_msg("case %zu: %zu good, %zu bad", i, n, bad);
		assert_int_equal(e[0].pasid, 9);
		free(e);
		free(text);
	}
	/* garbage outside entries, an oversized line */
	{
		char big[600];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		char *text;

		assert_true(asprintf(&text, "garbage\n%s\n%s", big,
				     EVL_ENTRY(1, 2, 1, 1, "0x3", 1, "0x3", 9, "0x1000")) > 0);
		assert_int_equal(ioasid_idxd_parse_event_log(text, &e, &n, &bad), 0);
		assert_int_equal(n, 1);
		assert_int_equal(bad, 2);
		free(e);
		free(text);
	}
	/* many entries: the array grows */
	{
		size_t cnt = 300, len = cnt * 600 + 1, off = 0;
		char *text = malloc(len);

		for (size_t i = 0; i < cnt; i++)
			off += (size_t)snprintf(
				text + off, len - off,
				"Event Log entry %zu (real index %zu) processed: 1\n"
				"desc valid 1 wq idx valid 1\n"
				"batch 0 fault rw 0 priv 0 error 0x3\n"
				"wq idx 0 op 0x3 pasid %zu batch idx 0\n\n",
				i, i + 1, i + 100);
		assert_int_equal(ioasid_idxd_parse_event_log(text, &e, &n, &bad), 0);
		assert_int_equal(n, cnt);
		assert_int_equal(e[299].pasid, 399);
		free(e);
		free(text);
	}
}

/* ---------------- readers on fake sysroots ---------------- */

static int setup(void **state)
{
	*state = sr_new();
	return 0;
}

static int teardown(void **state)
{
	sr_free(*state);
	return 0;
}

#define DEVS "/sys/devices/pci0000:6a/0000:6a:01.0"

/* An SPR DSA in 6.12 form (sysfs.c formats, see the reader's comment). */
static void dsa612(struct sysroot *sr)
{
	const char *d = DEVS "/dsa0";

	sr_writef(sr, "/sys/module/idxd/parameters/sva", "Y\n");
	sr_symlink(sr, "../../../devices/pci0000:6a/0000:6a:01.0/dsa0",
		   "/sys/bus/dsa/devices/dsa0");
	sr_symlink(sr, "../../../devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.0",
		   "/sys/bus/dsa/devices/wq0.0");
	sr_symlink(sr, "../../../devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.1",
		   "/sys/bus/dsa/devices/wq0.1");
	sr_symlink(sr, "../../../devices/pci0000:6a/0000:6a:01.0/dsa0/engine0.0",
		   "/sys/bus/dsa/devices/engine0.0");
	sr_symlink(sr, "../../../devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.0/dsa!wq0.0",
		   "/sys/bus/dsa/devices/dsa!wq0.0");
	sr_symlink(sr, "../../../devices/pci0000:6a/0000:6a:01.0/dsa0/wq0.0/dsa!wq0.0/file4",
		   "/sys/bus/dsa/devices/file4");
	sr_mkdir(sr, DEVS "/dsa0/engine0.0");
	sr_mkdir(sr, "/sys/bus/dsa/drivers/user");
#define A(f, v)                                                                                    \
	do {                                                                                       \
		char p_[256];                                                                      \
		snprintf(p_, sizeof(p_), "%s/%s", d, f);                                           \
		sr_write(sr, p_, v);                                                               \
	} while (0)
	A("version", "0x100\n");
	A("max_work_queues", "8\n");
	A("max_engines", "4\n");
	A("max_groups", "4\n");
	A("clients", "1\n");
	A("gen_cap", "0xc15f001f\n");
	A("configurable", "1\n");
	A("cdev_major", "238\n");
	A("pasid_enabled", "1\n");
	A("state", "enabled\n");
	A("op_cap", "00000000,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff\n");
	A("errors", "00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000\n");
	d = DEVS "/dsa0/wq0.0";
	A("clients", "1\n");
	A("state", "enabled\n");
	A("group_id", "0\n");
	A("mode", "dedicated\n");
	A("size", "16\n");
	A("priority", "10\n");
	A("block_on_fault", "0\n");
	A("threshold", "0\n");
	A("type", "user\n");
	A("name", "app1\n");
	A("cdev_minor", "0\n");
	A("ats_disable", "0\n");
	A("prs_disable", "0\n");
	A("driver_name", "user\n");
	A("dsa!wq0.0/dev", "238:0\n");
	A("dsa!wq0.0/file4/pid", "4242\n");
	A("dsa!wq0.0/file4/cr_faults", "2\n");
	A("dsa!wq0.0/file4/cr_fault_failures", "0\n");
	sr_symlink(sr, "../../../../../bus/dsa/drivers/user", DEVS "/dsa0/wq0.0/driver");
	d = DEVS "/dsa0/wq0.1";
	A("clients", "0\n");
	A("state", "disabled\n");
	A("group_id", "-1\n");
	A("mode", "shared\n");
	A("size", "0\n");
	A("type", "none\n");
	A("name", "\n");
	A("driver_name", "\n");
#undef A
	sr_write(sr, "/proc/4242/comm", "dsa_test\n");
}

static void test_idxd_612(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_idxd_list l;
	struct ioasid_ctx *ctx;
	const struct ioasid_idxd_dev *d;
	const struct ioasid_idxd_wq *w;

	dsa612(sr);
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_idxd_list(ctx, &l), 0);
	assert_int_equal(l.sva_param, IOASID_YES);
	assert_int_equal(l.n, 1);
	d = &l.v[0];
	assert_string_equal(d->name, "dsa0");
	assert_int_equal(d->type, IOASID_IDXD_DSA);
	assert_string_equal(d->pci, "0000:6a:01.0");
	assert_true(d->pasid_enabled.err == 0 && d->pasid_enabled.v == 1);
	assert_true(d->version.err == 0 && d->version.v == 0x100);
	assert_true(d->gen_cap.v == 0xc15f001full);
	assert_string_equal(d->state, "enabled");
	assert_int_equal(d->op_cap_err, 0);
	assert_true(d->op_cap[0] == 0x1003f03ffull);
	assert_int_equal(d->errors_err, 0);
	assert_false(d->swerr.valid);
	/* DSA 1.0: event_log_size invisible (sysfs.c), no debugfs file */
	assert_int_equal(d->event_log_size.err, ENOENT);
	assert_int_equal(d->evl_err, ENOENT);
	assert_int_equal(d->nwqs, 2);
	w = &d->wqs[0];
	assert_string_equal(w->name, "wq0.0");
	assert_string_equal(w->mode, "dedicated");
	assert_string_equal(w->type, "user");
	assert_string_equal(w->state, "enabled");
	assert_string_equal(w->wq_name, "app1");
	assert_string_equal(w->driver, "user");
	assert_string_equal(w->driver_name, "user");
	assert_int_equal(w->group_id, 0);
	assert_true(w->size.v == 16 && w->priority.v == 10 && w->clients.v == 1);
	assert_string_equal(w->cdev, "/dev/dsa/wq0.0");
	assert_int_equal(w->nclients, 1);
	assert_int_equal(w->clients_err, 0);
	assert_string_equal(w->clients_v[0].name, "file4");
	assert_true(w->clients_v[0].pid.v == 4242 && w->clients_v[0].cr_faults.v == 2);
	assert_string_equal(w->clients_v[0].comm, "dsa_test");
	w = &d->wqs[1];
	assert_int_equal(w->group_id, -1);
	assert_int_equal(w->group_id_err, 0);
	assert_string_equal(w->wq_name, "");
	assert_int_equal(w->wq_name_err, 0);
	assert_int_equal(w->driver_err, ENOENT);
	assert_int_equal(w->cdev_minor.err, ENOENT);
	assert_string_equal(w->cdev, "");
	assert_int_equal(w->nclients, 0);
	assert_int_equal(w->clients_err, 0);
	ioasid_idxd_list_free(&l);

	/* the reason chain's lookup, in each BDF spelling */
	assert_int_equal(ioasid_idxd_find_by_pci(ctx, "6a:01.0", &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "dsa0");
	assert_int_equal(l.v[0].nwqs, 2);
	assert_int_equal(l.sva_param, IOASID_YES);
	ioasid_idxd_list_free(&l);
	assert_int_equal(ioasid_idxd_find_by_pci(ctx, "0000:6a:02.0", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.sva_param, IOASID_YES);
	ioasid_idxd_list_free(&l);
	assert_int_equal(ioasid_idxd_find_by_pci(ctx, "not-a-bdf", &l), -EINVAL);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "not-a-bdf");
	ioasid_ctx_free(ctx);
}

static void test_idxd_61(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_idxd_list l;
	struct ioasid_ctx *ctx;

	dsa612(sr);
	/* 6.1: errors_show() "%#018llx " words, no prs_disable/driver_name,
	 * no per-file devices although the WQ has an open file */
	sr_write(sr, DEVS "/dsa0/errors",
		 "0x000005030001030d 0x0000000000000000 "
		 "0x00007f3a2c400000 0x0000000000000000\n");
	sr_unlink(sr, DEVS "/dsa0/wq0.0/prs_disable");
	sr_unlink(sr, DEVS "/dsa0/wq0.0/driver_name");
	sr_unlink(sr, DEVS "/dsa0/wq0.0/dsa!wq0.0/file4/pid");
	sr_unlink(sr, DEVS "/dsa0/wq0.0/dsa!wq0.0/file4/cr_faults");
	sr_unlink(sr, DEVS "/dsa0/wq0.0/dsa!wq0.0/file4/cr_fault_failures");
	sr_unlink(sr, "/sys/bus/dsa/devices/file4");
	assert_int_equal(rmdir(sr_path(sr, DEVS "/dsa0/wq0.0/dsa!wq0.0/file4")), 0);
	sr_write(sr, "/sys/module/idxd/parameters/sva", "N\n");
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_idxd_list(ctx, &l), 0);
	assert_int_equal(l.sva_param, IOASID_NO);
	assert_int_equal(l.v[0].errors_err, 0);
	assert_true(l.v[0].swerr.valid && l.v[0].swerr.desc_valid);
	assert_int_equal(l.v[0].swerr.pasid, 5);
	assert_int_equal(l.v[0].swerr.wq_idx, 1);
	assert_true(l.v[0].swerr.fault_addr == 0x7f3a2c400000ull);
	assert_int_equal(l.v[0].wqs[0].prs_disable.err, ENOENT);
	assert_int_equal(l.v[0].wqs[0].driver_name_err, ENOENT);
	assert_int_equal(l.v[0].wqs[0].nclients, 0);
	assert_int_equal(l.v[0].wqs[0].clients_err, EOPNOTSUPP);
	ioasid_idxd_list_free(&l);
	ioasid_ctx_free(ctx);
}

static void test_idxd_malformed(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_idxd_list l;
	struct ioasid_ctx *ctx;
	const struct ioasid_idxd_dev *d;

	dsa612(sr);
	sr_write(sr, DEVS "/dsa0/version", "garbage\n");
	sr_write(sr, DEVS "/dsa0/pasid_enabled", "2\n"); /* "%u" of a bool */
	sr_write(sr, DEVS "/dsa0/max_engines", "99999999999999999999999\n");
	sr_write(sr, DEVS "/dsa0/clients", "");
	sr_write_bytes(sr, DEVS "/dsa0/state", "enab\0led\n", 9);
	sr_write(sr, DEVS "/dsa0/op_cap", "00000000,00000000\n");
	sr_write_bytes(sr, DEVS "/dsa0/errors",
		       "00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000\n"
		       "\0",
		       73);
	sr_write(sr, DEVS "/dsa0/wq0.0/mode", "exclusive\n");
	sr_write(sr, DEVS "/dsa0/wq0.0/group_id", "-2\n");
	sr_write(sr, DEVS "/dsa0/wq0.0/type", "");
	sr_write(sr, DEVS "/dsa0/wq0.0/dsa!wq0.0/file4/pid", "-1\n");
	sr_write_fill(sr, DEVS "/dsa0/wq0.0/name", 'n', 3000); /* WQ_NAME_SIZE 1024 max */
	sr_write(sr, "/sys/module/idxd/parameters/sva", "1\n");
	/* a device link that does not lead to a PCI function */
	sr_symlink(sr, "../../../devices/platform/dsa7", "/sys/bus/dsa/devices/dsa7");
	sr_write(sr, "/sys/devices/platform/dsa7/state", "halted\n");
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_idxd_list(ctx, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.sva_param, IOASID_UNKNOWN);
	assert_int_equal(l.sva_param_err, EINVAL);
	d = &l.v[0];
	assert_int_equal(d->version.err, EINVAL);
	assert_int_equal(d->pasid_enabled.err, EINVAL);
	assert_int_equal(d->pasid_enabled.v, 0);
	assert_int_equal(d->max_engines.err, ERANGE);
	assert_int_equal(d->clients.err, ENODATA);
	assert_int_equal(d->state_err, EINVAL);
	assert_string_equal(d->state, "");
	assert_int_equal(d->op_cap_err, EINVAL);
	assert_int_equal(d->errors_err, EINVAL);
	assert_int_equal(d->wqs[0].mode_err, EINVAL);
	assert_int_equal(d->wqs[0].group_id_err, EINVAL);
	assert_int_equal(d->wqs[0].type_err, ENODATA);
	assert_int_equal(d->wqs[0].clients_v[0].pid.err, EINVAL);
	assert_int_equal(d->wqs[0].clients_v[0].comm_err, EINVAL);
	assert_int_equal(strlen(d->wqs[0].wq_name), sizeof(d->wqs[0].wq_name) - 1);
	assert_string_equal(l.v[1].name, "dsa7");
	assert_int_equal(l.v[1].pci_err, ENODEV);
	assert_string_equal(l.v[1].state, "halted");
	assert_int_equal(l.v[1].nwqs, 0);
	ioasid_idxd_list_free(&l);
	ioasid_ctx_free(ctx);
}

static void test_idxd_event_log(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_idxd_list l;
	struct ioasid_ctx *ctx;

	dsa612(sr);
	sr_write(sr, DEVS "/dsa0/version", "0x200\n");
	sr_write(sr, DEVS "/dsa0/event_log_size", "64\n");
	sr_write(sr, "/sys/kernel/debug/idxd/dsa0/event_log",
		 EVL_HEAD EVL_ENTRY(0, 1, 1, 1, "0x3", 0, "0x3", 7, "0x7f3a2c400000"));
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_idxd_list(ctx, &l), 0);
	assert_true(l.v[0].event_log_size.err == 0 && l.v[0].event_log_size.v == 64);
	assert_int_equal(l.v[0].evl_err, 0);
	assert_int_equal(l.v[0].nevl, 1);
	assert_int_equal(l.v[0].evl[0].pasid, 7);
	ioasid_idxd_list_free(&l);
	ioasid_ctx_free(ctx);
}

/* debugfs event_log is 0400 (debugfs.c): a non-root reader gets EACCES */
static int eacces_fn(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_idxd_list l;
	int r = 0;

	(void)arg;
	if (ioasid_idxd_list(ctx, &l) != 0 || l.n != 1)
		return 1;
	if (l.v[0].evl_err != EACCES)
		r = 2;
	else if (l.v[0].pasid_enabled.err != EACCES)
		r = 3;
	else if (l.v[0].wqs[0].nclients != 1 || l.v[0].wqs[0].clients_v[0].pid.err != EACCES)
		r = 4;
	else if (l.v[0].wqs[0].state_err != 0)
		r = 5;
	ioasid_idxd_list_free(&l);
	return r;
}

static void test_idxd_eacces(void **state)
{
	struct sysroot *sr = *state;
	int result;

	dsa612(sr);
	sr_write(sr, "/sys/kernel/debug/idxd/dsa0/event_log", EVL_HEAD);
	sr_chmod(sr, "/sys/kernel/debug/idxd/dsa0/event_log", 0400);
	sr_chmod(sr, DEVS "/dsa0/pasid_enabled", 0000);
	sr_chmod(sr, DEVS "/dsa0/wq0.0/dsa!wq0.0/file4/pid", 0000);
	if (!sr_run_unprivileged(sr, eacces_fn, NULL, &result))
		skip();
	assert_int_equal(result, 0);
}

static void test_idxd_none(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_idxd_list l;
	struct ioasid_ctx *ctx = sr_ctx(sr);

	assert_int_equal(ioasid_idxd_list(ctx, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.sva_param, IOASID_UNKNOWN);
	assert_int_equal(l.sva_param_err, ENOENT);
	ioasid_idxd_list_free(&l);
	assert_int_equal(ioasid_idxd_find_by_pci(ctx, "0000:6a:01.0", &l), 0);
	assert_int_equal(l.n, 0);
	ioasid_idxd_list_free(&l);
	sr_write(sr, "/sys/bus/dsa/devices", "");
	assert_int_equal(ioasid_idxd_list(ctx, &l), -ENOTDIR);
	assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/bus/dsa/devices");
	ioasid_ctx_free(ctx);
}

/* uacce.c uacce_alloc()/attributes; 6.12 with isolate, 6.1 without */
static void uacce(struct sysroot *sr, const char *name, const char *bdf, bool k612)
{
	char d[256], p[320];

	snprintf(d, sizeof(d), "/sys/devices/pci0000:74/0000:74:00.0/%s/uacce/%s", bdf, name);
#define U(f, v) (snprintf(p, sizeof(p), "%s/%s", d, f), sr_write(sr, p, v))
	U("api", "hisi_qm_v3\n");
	U("flags", "1\n");
	U("available_instances", "254\n");
	U("algorithms", "zlib\ngzip\ndeflate\nlz77_zstd\n");
	U("region_mmio_size", "8192\n");
	U("region_dus_size", "126976\n");
	if (k612) {
		U("isolate", "0\n");
		U("isolate_strategy", "0\n");
	}
#undef U
	{
		char t[320], l[320];

		/* the class device's "device" link to its parent */
		snprintf(t, sizeof(t), "../../../%s", bdf);
		snprintf(l, sizeof(l), "%s/device", d);
		sr_symlink(sr, t, l);
		/* /sys/class/uacce/NAME -> ../../devices/... */
		snprintf(t, sizeof(t), "../..%s", d + strlen("/sys"));
		snprintf(l, sizeof(l), "/sys/class/uacce/%s", name);
		sr_symlink(sr, t, l);
	}
}

static void test_uacce(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_uacce_list l;
	struct ioasid_ctx *ctx;
	const struct ioasid_uacce_dev *u;

	uacce(sr, "hisi_zip-0", "0000:75:00.0", true);
	uacce(sr, "hisi_sec2-1", "0000:76:00.0", false);
	sr_symlink(sr, "../../../../../bus/pci/drivers/hisi_zip",
		   "/sys/devices/pci0000:74/0000:74:00.0/0000:75:00.0/driver");
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_uacce_list(ctx, &l), 0);
	assert_int_equal(l.n, 2);
	u = &l.v[0];
	assert_string_equal(u->name, "hisi_sec2-1");
	assert_int_equal(u->isolate.err, ENOENT); /* 6.1 has no isolate */
	assert_int_equal(u->isolate_strategy.err, ENOENT);
	u = &l.v[1];
	assert_string_equal(u->name, "hisi_zip-0");
	assert_string_equal(u->parent, "0000:75:00.0");
	assert_true(u->parent_is_pci);
	assert_string_equal(u->parent_driver, "hisi_zip");
	assert_string_equal(u->api, "hisi_qm_v3");
	assert_true(u->flags.err == 0 && (u->flags.v & IOASID_UACCE_DEV_SVA));
	assert_int_equal(u->available_instances, 254);
	assert_int_equal(u->nalgorithms, 4);
	assert_string_equal(u->algorithms[0], "zlib");
	assert_string_equal(u->algorithms[3], "lz77_zstd");
	assert_true(u->region_mmio_size.v == 8192 && u->region_dus_size.v == 126976);
	assert_true(u->isolate.err == 0 && u->isolate.v == 0);
	assert_true(u->isolate_strategy.err == 0);
	ioasid_uacce_list_free(&l);
	ioasid_ctx_free(ctx);
}

static void test_uacce_malformed(void **state)
{
	struct sysroot *sr = *state;
	struct ioasid_uacce_list l;
	struct ioasid_ctx *ctx;
	const struct ioasid_uacce_dev *u;
	const char *d = "/sys/devices/pci0000:74/0000:74:00.0/0000:75:00.0/uacce/hisi_zip-0";
	char p[256];

	uacce(sr, "hisi_zip-0", "0000:75:00.0", true);
#define U(f, v) (snprintf(p, sizeof(p), "%s/%s", d, f), sr_write(sr, p, v))
	U("flags", "4294967296\n");	  /* "%u" cannot exceed 32 bits */
	U("available_instances", "-5\n"); /* "%d": negative is the kernel's */
	U("isolate", "2\n");		  /* enum uacce_dev_state: 0 or 1 */
	U("isolate_strategy", "65536\n"); /* > UACCE_MAX_ERR_THRESHOLD */
	U("algorithms", "zlib\nname with blanks\ngzip\n");
	U("api", "");
	snprintf(p, sizeof(p), "%s/region_dus_size", d);
	sr_unlink(sr, p); /* hidden: 0 pages */
#undef U
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_uacce_list(ctx, &l), 0);
	u = &l.v[0];
	assert_int_equal(u->flags.err, EINVAL);
	assert_int_equal(u->available_instances_err, 0);
	assert_int_equal(u->available_instances, -5);
	assert_int_equal(u->isolate.err, EINVAL);
	assert_int_equal(u->isolate_strategy.err, EINVAL);
	assert_int_equal(u->algorithms_err, EINVAL);
	assert_int_equal(u->nalgorithms, 2);
	assert_int_equal(u->api_err, ENODATA);
	assert_int_equal(u->region_dus_size.err, ENOENT);
	assert_string_equal(u->parent_driver, "");
	ioasid_uacce_list_free(&l);
	/* no class: empty list; a file in its place: an error naming it */
	ioasid_ctx_free(ctx);
	{
		struct sysroot *e = sr_new();

		ctx = sr_ctx(e);
		assert_int_equal(ioasid_uacce_list(ctx, &l), 0);
		assert_int_equal(l.n, 0);
		sr_write(e, "/sys/class/uacce", "");
		assert_int_equal(ioasid_uacce_list(ctx, &l), -ENOTDIR);
		assert_string_equal(ioasid_ctx_last_error(ctx)->object, "/sys/class/uacce");
		ioasid_ctx_free(ctx);
		sr_free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bits256),
		cmocka_unit_test(test_bits256_garbage),
		cmocka_unit_test(test_swerr),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_event_log),
		cmocka_unit_test(test_event_log_garbage),
		cmocka_unit_test_setup_teardown(test_idxd_612, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idxd_61, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idxd_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idxd_event_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idxd_eacces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idxd_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uacce, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uacce_malformed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
