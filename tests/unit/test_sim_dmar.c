// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ACPI DMAR table each emulated Intel platform renders
 * (src/lib/sim/sim-acpi.c), decoded by the library's parser (acpi.c) and
 * held against the values written down from the sources, not against the
 * tool's output:
 *   - include/acpi/actbl.h: the checksum byte makes all bytes of the table
 *     sum to 0 mod 256; the length field is the table's size;
 *   - the host address width 46 and flags INTR_REMAP (coreboot
 *     src/soc/intel/xeon_sp/uncore_acpi.c: haw = physical address bits - 1,
 *     DMAR_INTR_REMAP on Sapphire Rapids);
 *   - dmar0's register base d97fc000 is the real SPR boot line's
 *     ("DMAR: dmar0: reg_base_addr d97fc000 ver 6:0 ...",
 *     intel-device-plugins-for-kubernetes issue #1836); dmar1's e17fc000
 *     and the root port 0000:15:01.0 are the emulated host's own;
 *   - the DSA 0000:6a:01.0 in its unit's DRHD as an endpoint and in the
 *     SATC (flags 0), the root port in the ATSR (flags 0), one RHSA per
 *     unit, no RMRR (uncore_acpi.c acpi_fill_dmar()).
 * The units the kernel would create from the table (dmarN in table order,
 * drivers/iommu/intel/dmar.c alloc_iommu()) must be the ones the host
 * shows: /sys/class/iommu/dmarN/intel-iommu/address is the DRHD's base.
 */
#include <errno.h>
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
#include "ioasid-acpi.h"
#include "ioasid-sim.h"

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

static void check_scope(const struct ioasid_dmar_unit *u, unsigned type, unsigned bus, unsigned dev,
			unsigned fn)
{
	assert_int_equal(u->nscope, 1);
	assert_int_equal(u->scope[0].type, type);
	assert_int_equal(u->scope[0].bus, bus);
	assert_int_equal(u->scope[0].npath, 1);
	assert_int_equal(u->scope[0].path[0][0], dev);
	assert_int_equal(u->scope[0].path[0][1], fn);
}

/* Check the platform's DMAR table; false when it has none (an Arm
 * platform: it has an IORT table instead, checked by test_sim_iort). */
static bool check_platform(const char *platform)
{
	struct ioasid_sim_init_opts o = {.platform = platform};
	static const unsigned long long bases[] = {0xd97fc000ull, 0xe17fc000ull};
	struct ioasid_acpi_dmar d;
	struct ioasid_error err;
	char dir[64], path[256], cmd[300], text[64];
	uint8_t buf[4096];
	unsigned sum = 0;
	size_t n;

	snprintf(dir, sizeof(dir), "/tmp/test_sim_dmar.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/host", dir);
	assert_int_equal(ioasid_sim_init(path, &o, &err), 0);

	snprintf(path, sizeof(path), "%s/host/current/sys/firmware/acpi/tables/DMAR", dir);
	if (access(path, F_OK) != 0) {
		snprintf(path, sizeof(path), "%s/host/current/sys/firmware/acpi/tables/IORT", dir);
		assert_int_equal(access(path, F_OK), 0);
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		assert_int_equal(system(cmd), 0);
		return false;
	}
	n = slurp(path, buf, sizeof(buf));
	for (size_t i = 0; i < n; i++)
		sum += buf[i];
	assert_int_equal(sum & 0xff, 0);
	assert_memory_equal(buf, "DMAR", 4);
	assert_int_equal(buf[4] | buf[5] << 8 | buf[6] << 16 | buf[7] << 24, n);
	assert_int_equal(buf[8], 1); /* revision */

	assert_int_equal(ioasid_acpi_parse_dmar(buf, n, &d), 0);
	assert_false(d.cut);
	assert_int_equal(d.width, 46);
	assert_int_equal(d.flags, 1);
	assert_int_equal(d.ndrhd, 2);
	assert_int_equal(d.natsr, 1);
	assert_int_equal(d.nrhsa, 2);
	assert_int_equal(d.nsatc, 1);
	assert_int_equal(d.nrmrr, 0);
	assert_int_equal(d.nandd, 0);
	assert_int_equal(d.nother, 0);
	assert_int_equal(d.nunits, 4);
	for (unsigned u = 0; u < 2; u++) {
		assert_int_equal(d.units[u].type, 0);
		assert_int_equal(d.units[u].segment, 0);
		assert_false(d.units[u].all);
		assert_int_equal(d.units[u].address, bases[u]);
		/* the unit the host shows under this name has that base */
		snprintf(path, sizeof(path),
			 "%s/host/current/sys/class/iommu/dmar%u/intel-iommu/address", dir, u);
		memset(text, 0, sizeof(text));
		slurp(path, (uint8_t *)text, sizeof(text) - 1);
		assert_int_equal(strtoull(text, NULL, 16), bases[u]);
	}
	check_scope(&d.units[0], 2, 0x15, 0x01, 0); /* bridge: root port 15:01.0 */
	check_scope(&d.units[1], 1, 0x6a, 0x01, 0); /* endpoint: the DSA */
	assert_int_equal(d.units[2].type, 2);	    /* ATSR */
	assert_false(d.units[2].all);
	check_scope(&d.units[2], 2, 0x15, 0x01, 0);
	assert_int_equal(d.units[3].type, 5); /* SATC, ATC not required */
	assert_false(d.units[3].all);
	check_scope(&d.units[3], 1, 0x6a, 0x01, 0);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return true;
}

/* Every platform the emulator offers renders a DMAR table (the four Intel
 * ones) or an IORT table (the two Kunpeng 920 ones, test_sim_iort); a new
 * AMD platform needs its IVRS test here. */
static void test_each_platform(void **state)
{
	const char *const *names = ioasid_sim_platforms();
	unsigned n = 0, dmar = 0;

	(void)state;
	for (; *names; names++, n++)
		dmar += check_platform(*names);
	assert_int_equal(n, 6);
	assert_int_equal(dmar, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_platform),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
