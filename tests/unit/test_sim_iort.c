// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ACPI IORT table each emulated Arm platform renders
 * (src/lib/sim/sim-iort.c), walked here by a checker written from the
 * layout sources, not from the renderer's constants:
 *   - include/acpi/actbl.h: struct acpi_table_header is 36 bytes
 *     (signature 0, length 4, revision 8, checksum 9); all bytes of the
 *     table sum to 0 mod 256;
 *   - include/acpi/actbl2.h (6.12, IORT E.e): struct acpi_table_iort adds
 *     node_count (36), node_offset (40), reserved (44); struct
 *     acpi_iort_node: type 0, length 2 bytes at 1, revision 3, identifier
 *     4, mapping_count 8, mapping_offset 12, data at 16; struct
 *     acpi_iort_id_mapping (20 bytes): input_base 0, id_count 4,
 *     output_base 8, output_reference 12, flags 16 (ACPI_IORT_ID_SINGLE_MAPPING
 *     bit 0); ITS group data: its_count, identifiers[]; struct
 *     acpi_iort_smmu_v3 data: base_address 0 (u64), flags 8, reserved 12,
 *     vatos_address 16, model 24, event/pri/gerr/sync_gsiv 28-40, pxm 44,
 *     id_mapping_index 48 (52 bytes; flag DEVICEID_VALID bit 4); struct
 *     acpi_iort_root_complex data: memory_properties 0 (8 bytes),
 *     ats_attribute 8, pci_segment_number 12, memory_address_limit 16,
 *     pasid_capabilities 17 (u16, bits 4:0 the PASID width);
 *   - drivers/acpi/arm64/iort.c (6.12): iort_id_map() maps input_base ..
 *     input_base + id_count (id_count is the number of IDs minus one);
 *     output_reference is a node's offset from the table's start;
 *     iort_get_id_mapping_index() (410-443) needs node revision >= 1 and,
 *     from revision 5, DEVICEID_VALID, and an index below mapping_count;
 *     iort_pci_rc_supports_ats() reads ats_attribute bit 0;
 *   - the host's sysfs: every /sys/class/iommu/smmu3.0x%016llx unit has an
 *     SMMUv3 node with that base address (arm-smmu-v3.c names the unit
 *     "smmu3.%pa" after the node's MMIO resource), and a PCI function's
 *     requester ID (bus << 8 | devfn) maps through the root complex to the
 *     SMMU node its iommu link names.
 * Planted wrong values (a checksum, an SMMU base, a mapping's range and
 * target, a node length) must each make the checker fail.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ioasid.h"
#include "ioasid-sim.h"

/* actbl.h / actbl2.h offsets (see the top of the file) */
enum {
	HDR_LEN = 36,
	IORT_NODE_COUNT = 36,
	IORT_NODE_OFFSET = 40,
	IORT_FIXED_LEN = 48,
	NODE_TYPE = 0,
	NODE_LENGTH = 1,
	NODE_REVISION = 3,
	NODE_MAP_COUNT = 8,
	NODE_MAP_OFFSET = 12,
	NODE_DATA = 16,
	MAP_LEN = 20,
	MAP_INPUT = 0,
	MAP_COUNT = 4,
	MAP_OUTPUT_REF = 12,
	MAP_FLAGS = 16,
	SMMU3_BASE = NODE_DATA + 0,
	SMMU3_FLAGS = NODE_DATA + 8,
	SMMU3_ID_MAP_INDEX = NODE_DATA + 48,
	SMMU3_DATA_LEN = 52,
	RC_ATS = NODE_DATA + 8,
	RC_PASID_CAPS = NODE_DATA + 17,
	RC_DATA_LEN = 19,
};
enum { TYPE_ITS = 0, TYPE_RC = 2, TYPE_SMMU3 = 4 };

static uint32_t le(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static uint64_t le64(const uint8_t *p)
{
	return le(p, 4) | (uint64_t)le(p + 4, 4) << 32;
}

/* The offset of a node of type, the k-th one, or 0. */
static uint32_t find_node(const uint8_t *t, size_t n, unsigned type, unsigned k)
{
	uint32_t off = le(t + IORT_NODE_OFFSET, 4);

	for (uint32_t i = 0; i < le(t + IORT_NODE_COUNT, 4) && off + NODE_DATA <= n; i++) {
		if (t[off + NODE_TYPE] == type && k-- == 0)
			return off;
		off += le(t + off + NODE_LENGTH, 2);
	}
	return 0;
}

/* Does node type t at off exist? */
static bool node_is(const uint8_t *t, size_t n, uint32_t off, unsigned type)
{
	uint32_t o = le(t + IORT_NODE_OFFSET, 4);

	for (uint32_t i = 0; i < le(t + IORT_NODE_COUNT, 4) && o + NODE_DATA <= n; i++) {
		if (o == off)
			return t[o + NODE_TYPE] == type;
		o += le(t + o + NODE_LENGTH, 2);
	}
	return false;
}

#define BAD(...)                                                                                   \
	do {                                                                                       \
		snprintf(why, len, __VA_ARGS__);                                                   \
		return false;                                                                      \
	} while (0)

/* The table's layout (everything but the host's sysfs). */
static bool check_layout(const uint8_t *t, size_t n, char *why, size_t len)
{
	unsigned sum = 0, nsmmu = 0, nrc = 0;
	uint32_t off, count;

	if (n < IORT_FIXED_LEN || memcmp(t, "IORT", 4))
		BAD("not an IORT table");
	if (le(t + 4, 4) != n)
		BAD("length %u, file %zu", le(t + 4, 4), n);
	for (size_t i = 0; i < n; i++)
		sum += t[i];
	if (sum & 0xff)
		BAD("checksum: bytes sum to %u mod 256", sum & 0xff);
	count = le(t + IORT_NODE_COUNT, 4);
	off = le(t + IORT_NODE_OFFSET, 4);
	if (off < IORT_FIXED_LEN)
		BAD("node_offset %u inside the header", off);
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *nd = t + off;
		uint32_t nl, mc, mo;

		if (off + NODE_DATA > n)
			BAD("node %u header past the end", i);
		nl = le(nd + NODE_LENGTH, 2);
		mc = le(nd + NODE_MAP_COUNT, 4);
		mo = le(nd + NODE_MAP_OFFSET, 4);
		if (nl < NODE_DATA || off + nl > n)
			BAD("node %u length %u", i, nl);
		if (mc && (mo < NODE_DATA || mo + (uint64_t)mc * MAP_LEN > nl))
			BAD("node %u mappings outside the node", i);
		for (uint32_t m = 0; m < mc; m++) {
			const uint8_t *mp = nd + mo + m * MAP_LEN;
			uint32_t ref = le(mp + MAP_OUTPUT_REF, 4);

			/* an SMMU maps to the ITS, a root complex to an SMMU */
			if (nd[NODE_TYPE] == TYPE_SMMU3 && !node_is(t, n, ref, TYPE_ITS))
				BAD("node %u mapping %u: output %u is not an ITS group", i, m, ref);
			if (nd[NODE_TYPE] == TYPE_RC && !node_is(t, n, ref, TYPE_SMMU3))
				BAD("node %u mapping %u: output %u is not an SMMUv3", i, m, ref);
		}
		switch (nd[NODE_TYPE]) {
		case TYPE_ITS:
			if (mc || nl != NODE_DATA + 4 + 4 * le(nd + NODE_DATA, 4))
				BAD("ITS group node %u length %u", i, nl);
			break;
		case TYPE_SMMU3:
			nsmmu++;
			if (nl < NODE_DATA + SMMU3_DATA_LEN ||
			    (mc && mo < NODE_DATA + SMMU3_DATA_LEN))
				BAD("SMMUv3 node %u too short for its data", i);
			if (nd[NODE_REVISION] >= 5 && !(le(nd + SMMU3_FLAGS, 4) & (1u << 4)))
				BAD("SMMUv3 node %u revision %u without DEVICEID_VALID", i,
				    nd[NODE_REVISION]);
			if (nd[NODE_REVISION] < 1 || le(nd + SMMU3_ID_MAP_INDEX, 4) >= mc)
				BAD("SMMUv3 node %u id_mapping_index %u of %u", i,
				    le(nd + SMMU3_ID_MAP_INDEX, 4), mc);
			if (!(le(nd + mo + le(nd + SMMU3_ID_MAP_INDEX, 4) * MAP_LEN + MAP_FLAGS,
				 4) &
			      1))
				BAD("SMMUv3 node %u: its own MSI mapping is not a single mapping",
				    i);
			break;
		case TYPE_RC:
			nrc++;
			if (nd[NODE_REVISION] < 4 || nl < NODE_DATA + RC_DATA_LEN ||
			    (mc && mo < NODE_DATA + RC_DATA_LEN))
				BAD("root complex node %u: revision %u, length %u", i,
				    nd[NODE_REVISION], nl);
			if (!(le(nd + RC_ATS, 4) & 1))
				BAD("root complex node %u: ATS not supported", i);
			if ((le(nd + RC_PASID_CAPS, 2) & 0x1f) == 0)
				BAD("root complex node %u: PASID width 0", i);
			break;
		default:
			BAD("node %u: type %u not expected on this host", i, nd[NODE_TYPE]);
		}
		off += nl;
	}
	if (off != n)
		BAD("nodes end at %u, the table at %zu", off, n);
	if (!nsmmu || nrc != 1)
		BAD("%u SMMUv3 and %u root complex nodes", nsmmu, nrc);
	return true;
}

/* The SMMUv3 node (offset) requester ID rid maps to through the root
 * complex, or 0. */
static uint32_t rc_map(const uint8_t *t, size_t n, uint32_t rid)
{
	uint32_t rc = find_node(t, n, TYPE_RC, 0);
	const uint8_t *nd = t + rc;

	if (!rc)
		return 0;
	for (uint32_t m = 0; m < le(nd + NODE_MAP_COUNT, 4); m++) {
		const uint8_t *mp = nd + le(nd + NODE_MAP_OFFSET, 4) + m * MAP_LEN;
		uint32_t in = le(mp + MAP_INPUT, 4);

		if (rid >= in && rid <= in + le(mp + MAP_COUNT, 4))
			return le(mp + MAP_OUTPUT_REF, 4);
	}
	return 0;
}

/* The table against the host's sysfs under root. */
static bool check_host(const uint8_t *t, size_t n, const char *root, char *why, size_t len)
{
	char path[512], link[512], want[64];
	unsigned units = 0, nodes = 0;
	uint32_t smmu;
	struct dirent *de;
	ssize_t l;
	DIR *d;

	if (!check_layout(t, n, why, len))
		return false;
	snprintf(path, sizeof(path), "%s/sys/class/iommu", root);
	d = opendir(path);
	if (!d)
		BAD("%.200s: cannot list", path);
	while ((de = readdir(d)))
		units += de->d_name[0] != '.';
	closedir(d);
	for (uint32_t off; (off = find_node(t, n, TYPE_SMMU3, nodes)); nodes++) {
		snprintf(path, sizeof(path), "%s/sys/class/iommu/smmu3.0x%016llx", root,
			 (unsigned long long)le64(t + off + SMMU3_BASE));
		if (access(path, F_OK))
			BAD("SMMUv3 node at %u: no unit %.200s", off, path);
	}
	if (nodes != units)
		BAD("%u SMMUv3 nodes, %u units", nodes, units);
	/* the ZIP, 0000:75:00.0: requester ID 0x7500 */
	smmu = rc_map(t, n, 0x7500);
	if (!smmu)
		BAD("requester ID 0x7500 is not mapped");
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:75:00.0/iommu", root);
	l = readlink(path, link, sizeof(link) - 1);
	if (l < 0)
		BAD("%.200s: no link", path);
	link[l] = '\0';
	snprintf(want, sizeof(want), "/smmu3.0x%016llx",
		 (unsigned long long)le64(t + smmu + SMMU3_BASE));
	if (strlen(link) < strlen(want) || strcmp(link + strlen(link) - strlen(want), want))
		BAD("0000:75:00.0 maps to %.40s, its iommu link is %.160s", want + 1, link);
	return true;
}

static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, buf, cap);
	close(fd);
	assert_true(n > 0);
	return (size_t)n;
}

static void fix_checksum(uint8_t *t, size_t n)
{
	unsigned sum = 0;

	t[9] = 0;
	for (size_t i = 0; i < n; i++)
		sum += t[i];
	t[9] = (uint8_t)(0x100 - (sum & 0xff));
}

/* A planted wrong value must fail the checker. */
static void planted(const uint8_t *good, size_t n, const char *root,
		    void (*plant)(uint8_t *, size_t), bool keep_checksum)
{
	uint8_t bad[8192];
	char why[256] = "";

	memcpy(bad, good, n);
	plant(bad, n);
	if (!keep_checksum)
		fix_checksum(bad, n);
	assert_false(check_host(bad, n, root, why, sizeof(why)));
	assert_true(why[0] != '\0');
}

static void plant_checksum(uint8_t *t, size_t n)
{
	(void)n;
	t[9] ^= 1;
}

static void plant_smmu_base(uint8_t *t, size_t n)
{
	t[find_node(t, n, TYPE_SMMU3, 0) + SMMU3_BASE + 1] ^= 0x10;
}

/* the root complex's first range one ID short of bus 0x75 */
static void plant_range(uint8_t *t, size_t n)
{
	uint32_t rc = find_node(t, n, TYPE_RC, 0);

	for (uint32_t m = 0; m < le(t + rc + NODE_MAP_COUNT, 4); m++) {
		uint8_t *mp = t + rc + le(t + rc + NODE_MAP_OFFSET, 4) + m * MAP_LEN;

		if (le(mp + MAP_INPUT, 4) <= 0x7500 &&
		    0x7500 <= le(mp + MAP_INPUT, 4) + le(mp + MAP_COUNT, 4)) {
			uint32_t c = 0x7500 - le(mp + MAP_INPUT, 4) - 1;

			for (unsigned i = 0; i < 4; i++)
				mp[MAP_COUNT + i] = (uint8_t)(c >> (8 * i));
		}
	}
}

/* the ZIP's range sent to the other SMMU */
static void plant_target(uint8_t *t, size_t n)
{
	uint32_t rc = find_node(t, n, TYPE_RC, 0), other = 0;

	for (unsigned k = 0; find_node(t, n, TYPE_SMMU3, k); k++)
		if (find_node(t, n, TYPE_SMMU3, k) != rc_map(t, n, 0x7500))
			other = find_node(t, n, TYPE_SMMU3, k);
	for (uint32_t m = 0; m < le(t + rc + NODE_MAP_COUNT, 4); m++) {
		uint8_t *mp = t + rc + le(t + rc + NODE_MAP_OFFSET, 4) + m * MAP_LEN;

		if (le(mp + MAP_INPUT, 4) <= 0x7500 &&
		    0x7500 <= le(mp + MAP_INPUT, 4) + le(mp + MAP_COUNT, 4))
			for (unsigned i = 0; i < 4; i++)
				mp[MAP_OUTPUT_REF + i] = (uint8_t)(other >> (8 * i));
	}
}

static void plant_node_length(uint8_t *t, size_t n)
{
	uint32_t its = find_node(t, n, TYPE_ITS, 0);

	t[its + NODE_LENGTH] += 4;
}

static void check_platform(const char *platform)
{
	struct ioasid_sim_init_opts o = {.platform = platform};
	struct ioasid_error err;
	char dir[64], path[512], root[128], cmd[300], why[256] = "";
	uint8_t buf[8192];
	size_t n;

	snprintf(dir, sizeof(dir), "/tmp/test_sim_iort.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/host", dir);
	assert_int_equal(ioasid_sim_init(path, &o, &err), 0);
	snprintf(root, sizeof(root), "%s/host/current", dir);
	snprintf(path, sizeof(path), "%s/sys/firmware/acpi/tables/IORT", root);
	n = slurp(path, buf, sizeof(buf));
	if (!check_host(buf, n, root, why, sizeof(why)))
		fail_msg("%s: %s", platform, why);
	planted(buf, n, root, plant_checksum, true);
	planted(buf, n, root, plant_smmu_base, false);
	planted(buf, n, root, plant_range, false);
	planted(buf, n, root, plant_target, false);
	planted(buf, n, root, plant_node_length, false);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Every platform with an IORT table (the Arm ones: the others render DMAR,
 * test_sim_dmar) passes; there are two. */
static void test_each_arm_platform(void **state)
{
	unsigned n = 0;

	(void)state;
	for (const char *const *p = ioasid_sim_platforms(); *p; p++)
		if (!strncmp(*p, "kunpeng", 7)) {
			check_platform(*p);
			n++;
		}
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_arm_platform),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
