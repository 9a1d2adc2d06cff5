// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Event parsers and sources (events-*.c). The data is in the kernel's
 * exact formats, written here by hand from the sources:
 *  - uevents: lib/kobject_uevent.c alloc_uevent_skb() "%s@%s" + NUL, then
 *    add_uevent_var()'s "KEY=VALUE\0": ACTION, DEVPATH, SUBSYSTEM
 *    (kobject_uevent_env()), DRIVER (drivers/base/core.c dev_uevent()),
 *    PCI_CLASS=%04X, PCI_ID=%04X:%04X, PCI_SUBSYS_ID, PCI_SLOT_NAME,
 *    MODALIAS (drivers/pci/pci-driver.c pci_uevent()), SEQNUM=%llu;
 *    a `echo change > uevent` adds SYNTH_UUID=0 (kobject_synth_uevent());
 *  - /dev/kmsg records: kernel/printk/printk.c info_print_ext_header()
 *    "%u,%llu,%llu,%c;" + text + "\n" + " KEY=VALUE\n" dictionary;
 *    texts of drivers/iommu/intel/dmar.c dmar_fault_do_one() (pr_fmt
 *    "DMAR: "; reason 0x06 is dma_remap_fault_reasons[6] "PTE Read access
 *    is not set"), drivers/iommu/amd/iommu.c amd_iommu_report_page_fault()
 *    (pr_fmt "AMD-Vi: "), drivers/iommu/intel/prq.c "IOMMU: %s: PRQ
 *    overflow detected";
 *  - notifications: ioasid-abi(7) Notifications, built with libnl here;
 *  - cgroup events: kernel/cgroup/misc.c "%s.max %llu\n".
 * These formats are the same in 6.1 and 6.12 (alloc_uevent_skb(),
 * dmar_fault_do_one() and amd_iommu_report_page_fault() compared in both
 * trees; misc.events was "%lu" in 6.1, the same digits).
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "events/events.h"
#include "sim/sim.h"
#include "sysroot.h"
#include "uapi/ioasid.h"

/* a uevent datagram from pieces (the NULs are part of the format) */
static size_t uev(char *buf, size_t cap, const char *const *parts)
{
	size_t n = 0;

	for (; *parts; parts++) {
		size_t l = strlen(*parts) + 1;

		assert_true(n + l <= cap);
		memcpy(buf + n, *parts, l);
		n += l;
	}
	return n;
}

#define DEVPATH "/devices/pci0000:00/0000:00:02.0/0000:01:00.0"

static void test_uevent_bind(void **state)
{
	static const char *const parts[] = {
		"bind@" DEVPATH,
		"ACTION=bind",
		"DEVPATH=" DEVPATH,
		"SUBSYSTEM=pci",
		"DRIVER=virtio-pci",
		"PCI_CLASS=20000",
		"PCI_ID=1AF4:1041",
		"PCI_SUBSYS_ID=1AF4:1100",
		"PCI_SLOT_NAME=0000:01:00.0",
		"MODALIAS=pci:v00001AF4d00001041sv00001AF4sd00001100bc02sc00i00",
		"SEQNUM=2345",
		NULL};
	struct ioasid_event ev;
	char buf[1024];
	size_t n = uev(buf, sizeof(buf), parts);

	(void)state;
	assert_int_equal(ioasid_uevent_parse(buf, n, &ev), 0);
	assert_int_equal(ev.kind, IOASID_EVENT_UEVENT);
	assert_string_equal(ev.action, "bind");
	assert_string_equal(ev.object, "0000:01:00.0");
	assert_true(ev.has_seq && ev.seq == 2345);
	assert_string_equal(ioasid_event_field(&ev, "subsystem"), "pci");
	assert_string_equal(ioasid_event_field(&ev, "driver"), "virtio-pci");
	assert_string_equal(ioasid_event_field(&ev, "devpath"), DEVPATH);
	assert_string_equal(ioasid_event_field(&ev, "pci_slot_name"), "0000:01:00.0");
	assert_null(ioasid_event_field(&ev, "action"));
	assert_null(ioasid_event_field(&ev, "seqnum"));
}

static void test_uevent_synth(void **state)
{
	static const char *const parts[] = {"change@/devices/virtual/mem/null",
					    "ACTION=change",
					    "DEVPATH=/devices/virtual/mem/null",
					    "SUBSYSTEM=mem",
					    "SYNTH_UUID=0",
					    "MAJOR=1",
					    "MINOR=3",
					    "DEVNAME=null",
					    "DEVMODE=0666",
					    "SEQNUM=18446744073709551615",
					    NULL};
	struct ioasid_event ev;
	char buf[512];
	size_t n = uev(buf, sizeof(buf), parts);

	(void)state;
	assert_int_equal(ioasid_uevent_parse(buf, n, &ev), 0);
	assert_string_equal(ev.action, "change");
	assert_string_equal(ev.object, "null");
	assert_true(ev.seq == UINT64_MAX);
	assert_string_equal(ioasid_event_field(&ev, "synth_uuid"), "0");
	assert_string_equal(ioasid_event_field(&ev, "devmode"), "0666");
}

static int parse_parts(const char *const *parts)
{
	struct ioasid_event ev;
	char buf[512];

	return ioasid_uevent_parse(buf, uev(buf, sizeof(buf), parts), &ev);
}

static void test_uevent_malformed(void **state)
{
	static const char *const no_at[] = {"change/devices/x", "SEQNUM=1", NULL};
	static const char *const no_path[] = {"change@", NULL};
	static const char *const rel_path[] = {"change@devices", NULL};
	static const char *const no_action[] = {"@/devices/x", NULL};
	static const char *const bad_seq[] = {"add@/devices/x", "SEQNUM=12a", NULL};
	static const char *const big_seq[] = {"add@/devices/x", "SEQNUM=18446744073709551616",
					      NULL};
	static const char *const two_seq[] = {"add@/devices/x", "SEQNUM=1", "SEQNUM=2", NULL};
	static const char *const mismatch[] = {"add@/devices/x", "ACTION=remove", NULL};
	static const char *const other_path[] = {"add@/devices/x", "DEVPATH=/devices/xy", NULL};
	static const char *const no_eq[] = {"add@/devices/x", "GARBAGE", NULL};
	static const char *const no_key[] = {"add@/devices/x", "=v", NULL};
	static const char *const minimal[] = {"remove@/devices/x", NULL};
	static const char *const long_action[] = {
		"averyveryveryverylongactionnamethatdoesnotfit@/devices/x", NULL};
	struct ioasid_event ev;
	char buf[64];

	(void)state;
	assert_int_equal(ioasid_uevent_parse("", 0, &ev), -ENOMSG);
	/* udev's re-broadcast: "libudev\0" + its binary header */
	memcpy(buf, "libudev\0\xfe\xed\xca\xfe", 12);
	assert_int_equal(ioasid_uevent_parse(buf, 12, &ev), -ENOMSG);
	assert_int_equal(parse_parts(no_at), -EINVAL);
	assert_int_equal(parse_parts(no_path), -EINVAL);
	assert_int_equal(parse_parts(rel_path), -EINVAL);
	assert_int_equal(parse_parts(no_action), -EINVAL);
	assert_int_equal(parse_parts(bad_seq), -EINVAL);
	assert_int_equal(parse_parts(big_seq), -EINVAL);
	assert_int_equal(parse_parts(two_seq), -EINVAL);
	assert_int_equal(parse_parts(mismatch), -EINVAL);
	assert_int_equal(parse_parts(other_path), -EINVAL);
	assert_int_equal(parse_parts(no_eq), -EINVAL);
	assert_int_equal(parse_parts(no_key), -EINVAL);
	assert_int_equal(parse_parts(long_action), -EINVAL);
	assert_int_equal(parse_parts(minimal), 0);
	/* no terminating NUL: cut short */
	assert_int_equal(ioasid_uevent_parse("add@/devices/x", 14, &ev), -EINVAL);
	memcpy(buf, "add@/devices/x\0SUBSYSTEM=pc", 27);
	assert_int_equal(ioasid_uevent_parse(buf, 27, &ev), -EINVAL);
	/* an empty variable (two NULs) is skipped */
	memcpy(buf, "add@/devices/x\0\0SUBSYSTEM=pci\0", 30);
	assert_int_equal(ioasid_uevent_parse(buf, 30, &ev), 0);
	assert_string_equal(ioasid_event_field(&ev, "subsystem"), "pci");
	/* a trailing slash leaves no object name */
	assert_int_equal(ioasid_uevent_parse("add@/devices/\0", 14, &ev), -EINVAL);
}

static void test_uevent_many_fields(void **state)
{
	/* more variables than the event holds: the rest are dropped */
	char buf[8192];
	size_t n = 0;
	struct ioasid_event ev;

	(void)state;
	n += (size_t)sprintf(buf, "add@/devices/x") + 1;
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(buf + n, "K%d=%d", i, i) + 1;
	assert_int_equal(ioasid_uevent_parse(buf, n, &ev), 0);
	assert_int_equal(ev.nfields, IOASID_EVENT_MAX_FIELDS);
	assert_string_equal(ioasid_event_field(&ev, "k0"), "0");
}

static void test_kmsg_record(void **state)
{
	static const char rec[] =
		"3,1234,5678901,-,caller=T1;DMAR: [DMA Read NO_PASID] Request device "
		"[00:03.0] fault addr 0xfff000 [fault reason 0x06] PTE Read access is not set\n";
	static const char dev[] = "3,77,99,-;pci 0000:00:00.2: AMD-Vi: Event logged "
				  "[IO_PAGE_FAULT domain=0x0002 address=0x1000 flags=0x0020]\n"
				  " SUBSYSTEM=pci\n DEVICE=+pci:0000:00:00.2\n";
	uint64_t seq, usec;
	char *msg;

	(void)state;
	assert_int_equal(ioasid_kmsg_record_parse(rec, strlen(rec), &seq, &usec, &msg), 0);
	assert_true(seq == 1234 && usec == 5678901);
	assert_string_equal(msg, "DMAR: [DMA Read NO_PASID] Request device [00:03.0] fault addr "
				 "0xfff000 [fault reason 0x06] PTE Read access is not set");
	free(msg);
	assert_int_equal(ioasid_kmsg_record_parse(dev, strlen(dev), &seq, &usec, &msg), 0);
	assert_true(seq == 77);
	assert_string_equal(msg, "pci 0000:00:00.2: AMD-Vi: Event logged [IO_PAGE_FAULT "
				 "domain=0x0002 address=0x1000 flags=0x0020]");
	free(msg);
	/* escaped bytes come back (msg_add_ext_text(): "\xNN") */
	assert_int_equal(ioasid_kmsg_record_parse("6,1,2,-;a\\x09b\n", 15, &seq, &usec, &msg), 0);
	assert_string_equal(msg, "a\tb");
	free(msg);
	/* malformed */
	assert_int_equal(ioasid_kmsg_record_parse("", 0, &seq, &usec, &msg), -EINVAL);
	assert_int_equal(ioasid_kmsg_record_parse("garbage\n", 8, &seq, &usec, &msg), -EINVAL);
	assert_int_equal(ioasid_kmsg_record_parse("3,x,1,-;t\n", 10, &seq, &usec, &msg), -EINVAL);
	assert_int_equal(ioasid_kmsg_record_parse("3;1,2,-;t\n", 10, &seq, &usec, &msg), -EINVAL);
	assert_int_equal(
		ioasid_kmsg_record_parse("3,99999999999999999999,1,-;t\n", 29, &seq, &usec, &msg),
		-EINVAL);
	assert_int_equal(ioasid_kmsg_record_parse("3,1,2,-;a\0b\n", 12, &seq, &usec, &msg),
			 -EINVAL);
	assert_null(msg);
}

static void test_kmsg_classify_vtd(void **state)
{
	struct ioasid_event ev;

	(void)state;
	assert_int_equal(ioasid_kmsg_classify("DMAR: [DMA Read NO_PASID] Request device [00:03.0] "
					      "fault addr 0xfff000 [fault reason 0x06] PTE Read "
					      "access is not set",
					      &ev),
			 1);
	assert_string_equal(ev.action, "fault");
	assert_string_equal(ev.object, "00:03.0");
	assert_string_equal(ioasid_event_field(&ev, "iommu"), "vtd");
	assert_string_equal(ioasid_event_field(&ev, "request"), "DMA Read");
	assert_string_equal(ioasid_event_field(&ev, "address"), "0xfff000");
	assert_string_equal(ioasid_event_field(&ev, "reason"), "0x06");
	assert_string_equal(ioasid_event_field(&ev, "reason_text"), "PTE Read access is not set");
	assert_null(ioasid_event_field(&ev, "pasid"));

	assert_int_equal(ioasid_kmsg_classify("DMAR: [DMA Write PASID 0x2] Request device "
					      "[6a:01.0] fault addr 0x7f0000001000 [fault reason "
					      "0x59] SM: Present bit in PASID table entry is clear",
					      &ev),
			 1);
	assert_string_equal(ev.object, "6a:01.0");
	assert_string_equal(ioasid_event_field(&ev, "request"), "DMA Write");
	assert_string_equal(ioasid_event_field(&ev, "pasid"), "2");
	assert_string_equal(ioasid_event_field(&ev, "reason"), "0x59");

	assert_int_equal(
		ioasid_kmsg_classify("DMAR: [INTR-REMAP] Request device [f0:1f.0] fault "
				     "index 0x21 [fault reason 0x25] Blocked a compatibility "
				     "format interrupt request",
				     &ev),
		1);
	assert_string_equal(ev.object, "f0:1f.0");
	assert_string_equal(ioasid_event_field(&ev, "index"), "0x21");
	assert_string_equal(ioasid_event_field(&ev, "request"), "interrupt remapping");

	/* not faults, or cut short / garbage */
	assert_int_equal(ioasid_kmsg_classify("DMAR: IOMMU enabled", &ev), 0);
	assert_int_equal(ioasid_kmsg_classify("DMAR: [DMA Read NO_PASID] Request device [00:03.0] "
					      "fault addr 0xfff000",
					      &ev),
			 0);
	assert_int_equal(ioasid_kmsg_classify("DMAR: [DMA Read PASID 0x1ffffffff] Request device "
					      "[00:03.0] fault addr 0x1 [fault reason 0x06] x",
					      &ev),
			 0);
	assert_int_equal(ioasid_kmsg_classify("DMAR: [DMA Read NO_PASID] Request device [00:03.9] "
					      "fault addr 0x1 [fault reason 0x06] x",
					      &ev),
			 0);
	assert_int_equal(
		ioasid_kmsg_classify("DMAR: [DMA Read NO_PASID] Request device [00:03.0] "
				     "fault addr 0x10000000000000000 [fault reason 0x06] x",
				     &ev),
		0);
	assert_int_equal(ioasid_kmsg_classify("DMAR: [DMA Read NO_PASID] Request device [00:03.0] "
					      "fault addr 0x1 [fault reason 0x100] x",
					      &ev),
			 0);
	assert_int_equal(ioasid_kmsg_classify("DMAR: [ NO_PASID] Request device [00:03.0] fault "
					      "addr 0x1 [fault reason 0x06] x",
					      &ev),
			 0);
	assert_int_equal(ioasid_kmsg_classify("DMAR: [", &ev), 0);
	assert_int_equal(ioasid_kmsg_classify("", &ev), 0);
}

static void test_kmsg_classify_amd_prq(void **state)
{
	struct ioasid_event ev;

	(void)state;
	/* pr_err form: the device is in the event */
	assert_int_equal(ioasid_kmsg_classify("AMD-Vi: Event logged [IO_PAGE_FAULT "
					      "device=0000:00:12.0 domain=0x0000 "
					      "address=0xfffffffdf8000000 flags=0x0a00]",
					      &ev),
			 1);
	assert_string_equal(ev.object, "0000:00:12.0");
	assert_string_equal(ioasid_event_field(&ev, "iommu"), "amd");
	assert_string_equal(ioasid_event_field(&ev, "event"), "IO_PAGE_FAULT");
	assert_string_equal(ioasid_event_field(&ev, "address"), "0xfffffffdf8000000");
	assert_string_equal(ioasid_event_field(&ev, "flags"), "0x0a00");
	/* pci_err form: "<driver> <device>: " before it */
	assert_int_equal(ioasid_kmsg_classify("xhci_hcd 0000:05:00.3: AMD-Vi: Event logged "
					      "[IO_PAGE_FAULT domain=0x000d address=0x0 "
					      "flags=0x0020]",
					      &ev),
			 1);
	assert_string_equal(ev.object, "0000:05:00.3");
	assert_string_equal(ioasid_event_field(&ev, "domain"), "0x000d");
	/* RMP_HW_ERROR's comma-separated form */
	assert_int_equal(ioasid_kmsg_classify("AMD-Vi: Event logged [RMP_HW_ERROR "
					      "device=0000:00:01.0, vmg_tag=0x0001, spa=0x1000, "
					      "flags=0x0000]",
					      &ev),
			 1);
	assert_string_equal(ioasid_event_field(&ev, "vmg_tag"), "0x0001");
	assert_string_equal(ioasid_event_field(&ev, "device"), "0000:00:01.0");
	/* UNKNOWN has no closing bracket */
	assert_int_equal(ioasid_kmsg_classify("pci 0000:00:00.2: AMD-Vi: Event logged [UNKNOWN "
					      "event[0]=0x1 event[1]=0x2 event[2]=0x3 event[3]=0x4",
					      &ev),
			 1);
	assert_string_equal(ev.object, "0000:00:00.2");
	assert_string_equal(ioasid_event_field(&ev, "event"), "UNKNOWN");
	/* an empty device= names nothing: the unit is all that is known */
	assert_int_equal(ioasid_kmsg_classify("AMD-Vi: Event logged [IO_PAGE_FAULT device= "
					      "address=0x0]",
					      &ev),
			 1);
	assert_string_equal(ev.object, "AMD-Vi");
	assert_int_equal(ioasid_kmsg_classify("AMD-Vi: Event logged []", &ev), 0);
	assert_int_equal(ioasid_kmsg_classify("AMD-Vi: Event logged [", &ev), 0);

	/* PRQ overflow lines (prq.c, and AMD's PPR log restart) */
	assert_int_equal(ioasid_kmsg_classify("IOMMU: dmar1: PRQ overflow detected", &ev), 1);
	assert_string_equal(ev.action, "prq_overflow");
	assert_string_equal(ev.object, "dmar1");
	assert_int_equal(ioasid_kmsg_classify("AMD-Vi: IOMMU PPR log restarting", &ev), 1);
	assert_string_equal(ev.object, "AMD-Vi");
	assert_int_equal(ioasid_kmsg_classify("IOMMU: dmar1: PRQ overflow cleared", &ev), 0);
}

/* A notification message as the family sends it. */
static struct nl_msg *ntf(uint8_t cmd, uint64_t seq, uint32_t ioasid, int64_t spid)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(genlmsg_put(m, 0, 0, 30, 0, 0, cmd, IOASID_GENL_VERSION));
	if (seq)
		nla_put_u64(m, IOASID_ATTR_SEQ, seq);
	nla_put_u32(m, IOASID_ATTR_IOASID, ioasid);
	nla_put_u32(m, IOASID_ATTR_SET, 2);
	if (spid >= 0)
		nla_put_u32(m, IOASID_ATTR_SPID, (uint32_t)spid);
	nla_put_u32(m, IOASID_ATTR_PID, 4001);
	return m;
}

static int ntf_parse(struct nl_msg *m, struct ioasid_event *ev)
{
	struct nlmsghdr *h = nlmsg_hdr(m);
	int rc = ioasid_ntf_parse(h, h->nlmsg_len, ev);

	nlmsg_free(m);
	return rc;
}

static void test_ntf(void **state)
{
	struct ioasid_event ev;
	struct nl_msg *m;
	struct nlmsghdr *h;

	(void)state;
	assert_int_equal(ntf_parse(ntf(IOASID_CMD_BIND_NTF, 7, 201, 5), &ev), 0);
	assert_string_equal(ev.action, "bind");
	assert_string_equal(ev.object, "ioasid 201");
	assert_true(ev.has_seq && ev.seq == 7);
	assert_string_equal(ioasid_event_field(&ev, "set"), "2");
	assert_string_equal(ioasid_event_field(&ev, "spid"), "5");
	assert_string_equal(ioasid_event_field(&ev, "pid"), "4001");
	assert_int_equal(ntf_parse(ntf(IOASID_CMD_FREE_NTF, 8, 201, -1), &ev), 0);
	assert_string_equal(ev.action, "free");
	assert_null(ioasid_event_field(&ev, "spid"));
	assert_int_equal(ntf_parse(ntf(IOASID_CMD_UNBIND_NTF, 9, 201, 5), &ev), 0);
	assert_string_equal(ev.action, "unbind");
	/* ioasid-abi(7) version 3: ALLOC, command 3, no SPID yet */
	assert_int_equal(ntf_parse(ntf(3, 10, 202, -1), &ev), 0);
	assert_string_equal(ev.action, "alloc");
	assert_string_equal(ev.object, "ioasid 202");
	assert_true(ev.has_seq && ev.seq == 10);
	assert_string_equal(ioasid_event_field(&ev, "set"), "2");
	assert_null(ioasid_event_field(&ev, "spid"));
	/* a command of a later version: not an event, but its number is
	 * known so that the next one is no gap (ioasid-abi(7) Sequence
	 * numbers and loss) */
	assert_int_equal(ntf_parse(ntf(200, 11, 202, -1), &ev), -ENOMSG);
	assert_true(ev.has_seq && ev.seq == 11);
	/* a dump's message, no SEQ, IOASID 0, SPID INVALID */
	assert_int_equal(ntf_parse(ntf(IOASID_CMD_GET_IOASID, 1, 1, -1), &ev), -ENOMSG);
	assert_int_equal(ntf_parse(ntf(IOASID_CMD_BIND_NTF, 0, 201, 5), &ev), -EINVAL);
	assert_int_equal(ntf_parse(ntf(IOASID_CMD_BIND_NTF, 1, 0, 5), &ev), -EINVAL);
	assert_int_equal(ntf_parse(ntf(IOASID_CMD_BIND_NTF, 1, 1, IOASID_INVALID), &ev), -EINVAL);
	/* a u32 where SEQ's u64 belongs */
	m = nlmsg_alloc();
	genlmsg_put(m, 0, 0, 30, 0, 0, IOASID_CMD_BIND_NTF, 1);
	nla_put_u32(m, IOASID_ATTR_SEQ, 1);
	nla_put_u32(m, IOASID_ATTR_IOASID, 1);
	nla_put_u32(m, IOASID_ATTR_SET, 1);
	assert_int_equal(ntf_parse(m, &ev), -EINVAL);
	/* truncated: the header says more than there is; an attribute past
	 * the end */
	m = ntf(IOASID_CMD_BIND_NTF, 7, 201, 5);
	h = nlmsg_hdr(m);
	assert_int_equal(ioasid_ntf_parse(h, h->nlmsg_len - 4, &ev), -EINVAL);
	h->nlmsg_len -= 4;
	assert_int_equal(ioasid_ntf_parse(h, h->nlmsg_len, &ev), -EINVAL);
	nlmsg_free(m);
	assert_int_equal(ioasid_ntf_parse("", 0, &ev), -EINVAL);
}

static int count_msg(const void *msg, size_t len, void *arg)
{
	(void)msg;
	(void)len;
	(*(int *)arg)++;
	return 0;
}

static void test_ntf_walk(void **state)
{
	char buf[512];
	size_t n = 0;
	int count = 0;

	(void)state;
	for (int i = 1; i <= 3; i++) {
		struct nl_msg *m = ntf(IOASID_CMD_BIND_NTF, (uint64_t)i, 10, 1);
		struct nlmsghdr *h = nlmsg_hdr(m);

		memcpy(buf + n, h, h->nlmsg_len);
		n += NLMSG_ALIGN(h->nlmsg_len);
		nlmsg_free(m);
	}
	assert_int_equal(ioasid_ntf_walk(buf, n, count_msg, &count), 0);
	assert_int_equal(count, 3);
	count = 0;
	assert_int_equal(ioasid_ntf_walk(buf, n - 3, count_msg, &count), -EBADMSG);
	assert_int_equal(count, 2);
	memset(buf, 0, 16);
	assert_int_equal(ioasid_ntf_walk(buf, n, count_msg, &count), -EBADMSG);
}

static void test_seq(void **state)
{
	struct ev_seq q = {0};
	uint64_t lost;

	(void)state;
	assert_int_equal(ev_seq_next(&q, 10, &lost), EV_SEQ_FIRST);
	assert_int_equal(ev_seq_next(&q, 11, &lost), EV_SEQ_NEXT);
	assert_int_equal(ev_seq_next(&q, 15, &lost), EV_SEQ_GAP);
	assert_true(lost == 3); /* 12, 13, 14 */
	assert_int_equal(ev_seq_next(&q, 15, &lost), EV_SEQ_OLD);
	assert_int_equal(ev_seq_next(&q, 2, &lost), EV_SEQ_OLD);
	assert_true(q.last == 15);
	assert_int_equal(ev_seq_next(&q, UINT64_MAX, &lost), EV_SEQ_GAP);
	assert_true(lost == UINT64_MAX - 16);
}

struct got {
	int n;
	struct ioasid_event last;
};

static int collect(const struct ioasid_event *ev, void *arg)
{
	struct got *g = arg;

	g->n++;
	g->last = *ev;
	return 0;
}

/* The cgroup source on a fake host: a changed misc.events counter is one
 * event with old and new (inotify on the written file's directory). */
static void test_cgroup_source(void **state)
{
	struct sysroot *sr = sr_new();
	struct ioasid_ctx *ctx;
	struct ioasid_evsrc *s;
	struct ioasid_error err = {0};
	struct got g = {0};
	struct pollfd p;

	(void)state;
	sr_write(sr, "/proc/self/mountinfo",
		 "31 22 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n");
	sr_write(sr, "/sys/fs/cgroup/cgroup.controllers", "cpu memory misc\n");
	sr_write(sr, "/sys/fs/cgroup/vm1.scope/misc.events", "sev.max 0\nioasid.max 2\n");
	sr_write(sr, "/sys/fs/cgroup/vm1.scope/ioasids.events", "max 0\n");
	ctx = sr_ctx(sr);
	assert_int_equal(ioasid_evsrc_open(ctx, IOASID_EVENT_CGROUP, &s), 0);
	/* the baseline is not reported */
	assert_int_equal(ioasid_evsrc_read(s, collect, &g, &err), 0);
	sr_write(sr, "/sys/fs/cgroup/vm1.scope/misc.events", "sev.max 0\nioasid.max 5\n");
	p = (struct pollfd){.fd = ioasid_evsrc_fd(s), .events = POLLIN};
	assert_int_equal(poll(&p, 1, 10000), 1);
	assert_int_equal(ioasid_evsrc_read(s, collect, &g, &err), 1);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.last.object, "/vm1.scope");
	assert_string_equal(g.last.action, "ioasid.max");
	assert_string_equal(ioasid_event_field(&g.last, "old"), "2");
	assert_string_equal(ioasid_event_field(&g.last, "new"), "5");
	assert_string_equal(ioasid_event_field(&g.last, "file"), "misc.events");
	/* a cgroup created later is watched; garbage is ignored */
	sr_write(sr, "/sys/fs/cgroup/vm2.scope/ioasids.events", "max 0\n");
	assert_int_equal(poll(&p, 1, 10000), 1);
	ioasid_evsrc_read(s, collect, &g, &err);
	sr_write(sr, "/sys/fs/cgroup/vm2.scope/ioasids.events", "max 3\n");
	sr_write(sr, "/sys/fs/cgroup/vm1.scope/misc.events", "garbage");
	assert_int_equal(poll(&p, 1, 10000), 1);
	g.n = 0;
	while (poll(&p, 1, 0) == 1)
		ioasid_evsrc_read(s, collect, &g, &err);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.last.object, "/vm2.scope");
	assert_string_equal(g.last.action, "ioasids.max");
	assert_string_equal(ioasid_event_field(&g.last, "new"), "3");
	ioasid_evsrc_close(s);
	/* a snapshot has no sockets and no growing log */
	assert_int_equal(ioasid_evsrc_open(ctx, IOASID_EVENT_UEVENT, &s), -EOPNOTSUPP);
	assert_int_equal(ioasid_evsrc_open(ctx, IOASID_EVENT_KMSG, &s), -EOPNOTSUPP);
	assert_int_equal(ioasid_evsrc_open(ctx, IOASID_EVENT_IOASID, &s), -EOPNOTSUPP);
	ioasid_ctx_free(ctx);
	/* no cgroup2 mount */
	sr_write(sr, "/proc/self/mountinfo", "22 28 0:20 / /sys rw - sysfs sysfs rw\n");
	ctx = sr_ctx(sr);
	assert_true(ioasid_evsrc_open(ctx, IOASID_EVENT_CGROUP, &s) < 0);
	assert_non_null(ioasid_ctx_last_error(ctx)->message[0] ? "" : NULL);
	ioasid_ctx_free(ctx);
	sr_free(sr);
}

/* As nobody: a misc.events without read permission cannot be watched or
 * read; the source still opens (the directory is watched), reports nothing
 * for it and does not fail. */
static int unreadable_fn(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_evsrc *s;
	struct ioasid_error err = {0};
	struct got g = {0};
	int rc;

	(void)arg;
	rc = ioasid_evsrc_open(ctx, IOASID_EVENT_CGROUP, &s);
	if (rc < 0)
		return rc;
	rc = ioasid_evsrc_read(s, collect, &g, &err);
	ioasid_evsrc_close(s);
	return rc < 0 ? rc : g.n;
}

static void test_cgroup_unreadable(void **state)
{
	struct sysroot *sr = sr_new();
	int result = -1;

	(void)state;
	sr_write(sr, "/proc/self/mountinfo",
		 "31 22 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n");
	sr_write(sr, "/sys/fs/cgroup/vm1.scope/misc.events", "ioasid.max 2\n");
	sr_chmod(sr, "/sys/fs/cgroup/vm1.scope/misc.events", 0);
	if (!sr_run_unprivileged(sr, unreadable_fn, NULL, &result)) {
		sr_free(sr);
		skip();
	}
	assert_int_equal(result, 0);
	sr_free(sr);
}

/* The emulated host's event log window: sim init --notify-keep writes a
 * notify_keep record (sim-state.c), loaded back; out of range or garbage
 * refuses the state; without it the window is 1024. */
static char *state_of(const char *dir)
{
	char path[512], *buf = malloc(1 << 16);
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/current/.sim/state", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int load(const char *text, uint32_t *keep)
{
	struct ioasid_sim_host *h = calloc(1, sizeof(*h));
	char msg[256];
	int rc = sim_state_load(h, text, strlen(text), msg, sizeof(msg));

	if (rc == 0)
		*keep = h->notify_keep;
	sim_host_free(h);
	return rc;
}

static void test_sim_notify_keep(void **state)
{
	char dir[] = "/tmp/test_events.XXXXXX", host[64], cmd[128];
	struct ioasid_sim_init_opts o = {.platform = "spr-dsa", .vms = 1, .notify_keep = 4};
	struct ioasid_error err;
	uint32_t keep = 0;
	char *text, *line;
	static const char *const bad[] = {"0", "65537", "x4", "-1"};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(host, sizeof(host), "%s/a", dir);
	assert_int_equal(ioasid_sim_init(host, &o, &err), 0);
	text = state_of(host);
	line = strstr(text, "notify_keep 4\n");
	assert_non_null(line);
	assert_int_equal(load(text, &keep), 0);
	assert_int_equal(keep, 4);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *t = malloc(strlen(text) + 16);

		sprintf(t, "%.*snotify_keep %s\n%s", (int)(line - text), text, bad[i],
			line + strlen("notify_keep 4\n"));
		assert_true(load(t, &keep) < 0);
		free(t);
	}
	free(text);
	snprintf(host, sizeof(host), "%s/b", dir);
	o.notify_keep = 0;
	assert_int_equal(ioasid_sim_init(host, &o, &err), 0);
	text = state_of(host);
	assert_null(strstr(text, "notify_keep"));
	assert_int_equal(load(text, &keep), 0);
	assert_int_equal(keep, 1024);
	free(text);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_kind_names(void **state)
{
	(void)state;
	for (int k = 0; k < IOASID_EVENT_NKINDS; k++)
		assert_int_equal(ioasid_event_kind_parse(ioasid_event_kind_name(k)), k);
	assert_int_equal(ioasid_event_kind_parse("nosuch"), -EINVAL);
	assert_null(ioasid_event_kind_name(IOASID_EVENT_NKINDS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uevent_bind),
		cmocka_unit_test(test_uevent_synth),
		cmocka_unit_test(test_uevent_malformed),
		cmocka_unit_test(test_uevent_many_fields),
		cmocka_unit_test(test_kmsg_record),
		cmocka_unit_test(test_kmsg_classify_vtd),
		cmocka_unit_test(test_kmsg_classify_amd_prq),
		cmocka_unit_test(test_ntf),
		cmocka_unit_test(test_ntf_walk),
		cmocka_unit_test(test_seq),
		cmocka_unit_test(test_cgroup_source),
		cmocka_unit_test(test_cgroup_unreadable),
		cmocka_unit_test(test_sim_notify_keep),
		cmocka_unit_test(test_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
