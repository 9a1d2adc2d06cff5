// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Page requests (interrupts.c, prq.c, debugfs-vtd.c, prqtrace.c,
 * tracefs.c). The inputs are written with the kernel's own printf formats:
 *  /proc/interrupts    kernel/irq/proc.c show_interrupts(): header
 *                      "%*s" (prec+8) + "CPU%-8d" per online CPU; rows
 *                      "%*d: ", "%10u " per online CPU, " %8s" chip,
 *                      " %*lu" hwirq (" %*s" "" without a domain),
 *                      "-%-8s" desc->name, "  %s" + ", %s" actions
 *  per_cpu_count       kernel/irq/irqdesc.c per_cpu_count_show(): "%u"
 *                      joined by ",", "\n", cut at PAGE_SIZE - 1
 *  iommu_regset        drivers/iommu/intel/debugfs.c iommu_regset_show()
 *  prq_report          drivers/iommu/intel/trace.h + iommu.h
 *                      decode_prq_descriptor(), line prefix from
 *                      kernel/trace/trace_output.c trace_print_context()
 *  overflow lines      intel/prq.c (svm.c), amd/init.c, arm-smmu-v3.c
 * Expected values are the numbers the generator was given, not the
 * parser's output.
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

#include "core/internal.h"
#include "stock/kernel.h"
#include "stock/prq-parse.h"
#include "sysroot.h"

/* ---- a /proc/interrupts writer using show_interrupts()'s formats ---- */

struct kw {
	char *buf;
	size_t len, cap;
	int prec;
};

static void kw_printf(struct kw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void kw_printf(struct kw *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (w->len + (size_t)n + 1 > w->cap) {
		w->cap = (w->len + (size_t)n + 1) * 2;
		w->buf = realloc(w->buf, w->cap);
		assert_non_null(w->buf);
	}
	va_start(ap, fmt);
	vsnprintf(w->buf + w->len, w->cap - w->len, fmt, ap);
	va_end(ap);
	w->len += (size_t)n;
}

/* nr_irqs -> prec as show_interrupts() computes it */
static void kw_header(struct kw *w, int nr_irqs, const unsigned *cpus, size_t n)
{
	int j;

	for (w->prec = 3, j = 1000; w->prec < 10 && j <= nr_irqs; ++w->prec)
		j *= 10;
	kw_printf(w, "%*s", w->prec + 8, "");
	for (size_t i = 0; i < n; i++)
		kw_printf(w, "CPU%-8d", cpus[i]);
	kw_printf(w, "\n");
}

/* hwirq < 0: no irq domain; name/actions NULL: none */
static void kw_row(struct kw *w, int irq, const unsigned *counts, size_t n, const char *chip,
		   long hwirq, const char *name, const char *actions)
{
	kw_printf(w, "%*d: ", w->prec, irq);
	for (size_t i = 0; i < n; i++)
		kw_printf(w, "%10u ", counts[i]);
	kw_printf(w, " %8s", chip);
	if (hwirq >= 0)
		kw_printf(w, " %*lu", w->prec, (unsigned long)hwirq);
	else
		kw_printf(w, " %*s", w->prec, "");
	if (name)
		kw_printf(w, "-%-8s", name);
	if (actions)
		kw_printf(w, "  %s", actions);
	kw_printf(w, "\n");
}

/* arch_show_interrupts() rows */
static void kw_arch(struct kw *w, size_t n)
{
	kw_printf(w, "%*s: ", w->prec, "NMI");
	for (size_t i = 0; i < n; i++)
		kw_printf(w, "%10u ", 0u);
	kw_printf(w, "  Non-maskable interrupts\n");
	kw_printf(w, "%*s: %10u\n", w->prec, "ERR", 0u);
	kw_printf(w, "%*s: %10u\n", w->prec, "MIS", 0u);
}

#define MAXROWS 16
struct seen {
	size_t n;
	struct ioasid_irq v[MAXROWS];
};

static int keep(const struct ioasid_irq *irq, void *arg)
{
	struct seen *s = arg;
	struct ioasid_irq *x;

	assert_true(s->n < MAXROWS);
	x = &s->v[s->n++];
	*x = *irq;
	x->cpu = malloc((irq->ncpus + 1) * sizeof(*x->cpu));
	x->count = malloc((irq->ncpus + 1) * sizeof(*x->count));
	if (irq->ncpus) {
		memcpy(x->cpu, irq->cpu, irq->ncpus * sizeof(*x->cpu));
		memcpy(x->count, irq->count, irq->ncpus * sizeof(*x->count));
	}
	return 0;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		ioasid_irq_free(&s->v[i]);
	s->n = 0;
}

static const struct ioasid_irq *by_irq(const struct seen *s, unsigned irq)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].irq == irq)
			return &s->v[i];
	fail_msg("irq %u not parsed", irq);
	return NULL;
}

/* The IOMMU rows for ncpus online CPUs (cpu ids given), checked. */
static void check_cpus(size_t ncpus, const unsigned *cpus, int nr_irqs)
{
	struct kw w = {0};
	unsigned *c = calloc(ncpus, sizeof(*c));
	uint64_t total = 0;
	struct seen s = {0};
	size_t bad;

	for (size_t i = 0; i < ncpus; i++) {
		c[i] = (unsigned)(i * 7919u % 100003u) + (i == ncpus - 1 ? 4000000000u : 0);
		total += c[i];
	}
	kw_header(&w, nr_irqs, cpus, ncpus);
	kw_row(&w, 0, c, ncpus, "IO-APIC", 2, "edge", "timer");
	kw_row(&w, 24, c, ncpus, "DMAR-MSI", 0, "edge", "dmar0");
	kw_row(&w, 25, c, ncpus, "DMAR-MSI", 1, "edge", "dmar0-prq");
	kw_row(&w, 26, c, ncpus, "PCI-MSI-0000:00:01.0", 0, "edge", "AMD-Vi");
	kw_row(&w, 27, c, ncpus, "AMD-Vi0-PPR", 3, "edge", "AMD-Vi0-PPR");
	kw_row(&w, 28, c, ncpus, "ITS-MSI", 65536, "edge", "arm-smmu-v3-priq");
	kw_row(&w, 29, c, ncpus, "IR-PCI-MSI", 16384, "edge", "PCIe PME, aerdrv");
	kw_row(&w, 30, c, ncpus, "None", -1, NULL, "dummy");	      /* no domain, no name */
	kw_row(&w, 31, c, ncpus, "IR-PCI-MSI", 524288, "edge", NULL); /* 6.1: counts, no action */
	kw_arch(&w, ncpus);
	assert_int_equal(ioasid_parse_interrupts(w.buf, w.len, keep, &s, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(s.n, 9);
	for (size_t i = 0; i < s.n; i++) {
		assert_int_equal(s.v[i].ncpus, ncpus);
		assert_true(s.v[i].total == total);
		assert_false(s.v[i].partial);
		for (size_t k = 0; k < ncpus; k++) {
			assert_int_equal(s.v[i].cpu[k], cpus[k]);
			assert_true(s.v[i].count[k] == c[k]);
		}
	}
	assert_string_equal(by_irq(&s, 25)->actions, "dmar0-prq");
	assert_string_equal(by_irq(&s, 25)->chip, "DMAR-MSI");
	assert_string_equal(by_irq(&s, 25)->hwirq, "1");
	assert_string_equal(by_irq(&s, 24)->actions, "dmar0");
	assert_string_equal(by_irq(&s, 26)->actions, "AMD-Vi");
	assert_string_equal(by_irq(&s, 26)->chip, "PCI-MSI-0000:00:01.0");
	assert_string_equal(by_irq(&s, 27)->actions, "AMD-Vi0-PPR");
	assert_string_equal(by_irq(&s, 28)->actions, "arm-smmu-v3-priq");
	assert_string_equal(by_irq(&s, 28)->hwirq, "65536");
	assert_string_equal(by_irq(&s, 29)->actions, "PCIe PME, aerdrv");
	assert_string_equal(by_irq(&s, 30)->actions, "dummy");
	assert_string_equal(by_irq(&s, 30)->hwirq, "");
	assert_string_equal(by_irq(&s, 31)->actions, "");
	seen_free(&s);
	free(w.buf);
	free(c);
}

static void test_interrupts_2_8_384(void **state)
{
	unsigned cpus[384];

	(void)state;
	for (unsigned i = 0; i < 384; i++)
		cpus[i] = i;
	check_cpus(2, cpus, 32);
	check_cpus(8, cpus, 300);
	check_cpus(384, cpus, 4000); /* prec 4 */
	/* offline CPUs have no column: CPU1 and CPU5 missing */
	{
		unsigned online[] = {0, 2, 3, 4, 6, 7};

		check_cpus(6, online, 32);
	}
}

/* Real guest text (tests/data/vm/6.12-amd, 6.1-vtd-sm): one CPU. */
static void test_interrupts_real(void **state)
{
	static const char amd612[] =
		"           CPU0       \n"
		"  0:        158  IR-IO-APIC   2-edge      timer\n"
		" 24:          0  PCI-MSI-0000:00:01.0   0-edge      AMD-Vi\n"
		" 25:          0  IR-PCI-MSIX-0000:00:02.0   0-edge      PCIe PME, aerdrv\n"
		"NMI:          0   Non-maskable interrupts\n"
		"ERR:          0\n";
	static const char vtd61[] = "           CPU0       \n"
				    " 24:          0  DMAR-MSI   0-edge      dmar0\n"
				    " 30:         10  IR-PCI-MSI 1048576-edge      nvme0q0\n"
				    "MIS:          0\n";
	struct seen s = {0};
	size_t bad;

	(void)state;
	assert_int_equal(ioasid_parse_interrupts(amd612, strlen(amd612), keep, &s, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.v[0].total, 158);
	assert_string_equal(s.v[1].chip, "PCI-MSI-0000:00:01.0");
	assert_string_equal(s.v[1].actions, "AMD-Vi");
	assert_string_equal(s.v[2].actions, "PCIe PME, aerdrv");
	seen_free(&s);
	assert_int_equal(ioasid_parse_interrupts(vtd61, strlen(vtd61), keep, &s, &bad), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].actions, "dmar0");
	assert_string_equal(s.v[1].hwirq, "1048576");
	assert_int_equal(s.v[1].total, 10);
	seen_free(&s);
}

static void test_interrupts_level(void **state)
{
	/* GENERIC_IRQ_SHOW_LEVEL (arm64): " %-8s" Level/Edge before -name */
	static const char t[] =
		"           CPU0       CPU1       \n"
		" 40:          3          4     GICv3 188 Level     arm-smmu-v3-priq\n"
		" 41:          1          0  ITS-MSI 0 Edge      -msi  arm-smmu-v3-combined-irq\n";
	struct seen s = {0};
	size_t bad;

	(void)state;
	assert_int_equal(ioasid_parse_interrupts(t, strlen(t), keep, &s, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].actions, "arm-smmu-v3-priq");
	assert_string_equal(s.v[0].hwirq, "188");
	assert_int_equal(s.v[0].total, 7);
	assert_string_equal(s.v[1].actions, "arm-smmu-v3-combined-irq");
	seen_free(&s);
}

static void test_interrupts_malformed(void **state)
{
	static const char *const bad_rows[] = {
		"garbage",
		" 25 :          1          2  DMAR-MSI   1-edge      dmar0-prq",
		" 25:          1 99999999999  DMAR-MSI   1-edge      dmar0-prq", /* > %u */
		" 25:          1          2", /* counts, no chip */
		"-25:          1          2  DMAR-MSI   1-edge      dmar0-prq",
		"99999999999:  1          2  DMAR-MSI   1-edge      dmar0-prq",
		"NMI          0          0",
	};
	const char *hdr = "           CPU0       CPU1       \n";
	struct seen s = {0};
	size_t bad;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		char text[512];

		snprintf(text, sizeof(text),
			 "%s%s\n 24:          5          6  DMAR-MSI   0-edge      dmar0\n", hdr,
			 bad_rows[i]);
		assert_int_equal(ioasid_parse_interrupts(text, strlen(text), keep, &s, &bad), 0);
		if (bad != 1 || s.n != 1)
			fail_msg("\"%s\": %zu rows, %zu bad", bad_rows[i], s.n, bad);
		assert_int_equal(s.v[0].total, 11);
		seen_free(&s);
	}
	/* no header, a garbage header, empty text */
	assert_int_equal(
		ioasid_parse_interrupts(" 24: 1 DMAR-MSI 0-edge dmar0\n", 29, keep, &s, &bad),
		-EINVAL);
	assert_int_equal(ioasid_parse_interrupts("   CPU0  CPUx\n", 14, keep, &s, &bad), -EINVAL);
	assert_int_equal(ioasid_parse_interrupts("", 0, keep, &s, &bad), -EINVAL);
	assert_int_equal(s.n, 0);
	/* a row with fewer counts than CPUs (a CPU went offline), a row cut
	 * short at the end (no newline): partial, counts kept */
	{
		const char t[] = "           CPU0       CPU1       \n"
				 " 25:          7  DMAR-MSI   1-edge      dmar0-prq\n"
				 " 26:          1          2  DMAR-MSI   2-e";

		assert_int_equal(ioasid_parse_interrupts(t, sizeof(t) - 1, keep, &s, &bad), 0);
		assert_int_equal(s.n, 2);
		assert_true(s.v[0].partial);
		assert_int_equal(s.v[0].ncpus, 1);
		assert_int_equal(s.v[0].total, 7);
		assert_string_equal(s.v[0].actions, "dmar0-prq");
		assert_true(s.v[1].partial);
		assert_int_equal(s.v[1].total, 3);
		seen_free(&s);
	}
	/* a CPU came online after the header: an extra count */
	{
		const char t[] = "           CPU0       \n"
				 " 25:          7          9  DMAR-MSI   1-edge      dmar0-prq\n";

		assert_int_equal(ioasid_parse_interrupts(t, sizeof(t) - 1, keep, &s, &bad), 0);
		assert_int_equal(s.n, 1);
		assert_true(s.v[0].partial);
		assert_int_equal(s.v[0].total, 7);
		seen_free(&s);
	}
	/* a NUL byte inside a row: that row is garbage, the rest parses */
	{
		const char t[] = "           CPU0       \n"
				 " 25:          7  DMAR\0MSI   1-edge      dmar0-prq\n"
				 " 24:          1  DMAR-MSI   0-edge      dmar0\n";

		assert_int_equal(ioasid_parse_interrupts(t, sizeof(t) - 1, keep, &s, &bad), 0);
		assert_int_equal(bad, 1);
		assert_int_equal(s.n, 1);
		assert_int_equal(s.v[0].irq, 24);
		seen_free(&s);
	}
}

static void test_per_cpu_count(void **state)
{
	uint64_t *c;
	size_t n;

	(void)state;
	assert_int_equal(ioasid_parse_per_cpu_count("5,0,4294967295,17\n", &c, &n), 0);
	assert_int_equal(n, 4);
	assert_true(c[0] == 5 && c[1] == 0 && c[2] == 4294967295u && c[3] == 17);
	free(c);
	assert_int_equal(ioasid_parse_per_cpu_count("0\n", &c, &n), 0);
	assert_int_equal(n, 1);
	free(c);
	/* cut at PAGE_SIZE - 1 inside a number: the cut number is dropped */
	assert_int_equal(ioasid_parse_per_cpu_count("5,6,12", &c, &n), -EOVERFLOW);
	assert_int_equal(n, 2);
	assert_true(c[0] == 5 && c[1] == 6);
	free(c);
	assert_int_equal(ioasid_parse_per_cpu_count("5,6,", &c, &n), -EOVERFLOW);
	assert_int_equal(n, 2);
	free(c);
	/* garbage */
	static const char *const bad[] = {"",	    "\n",     "1,x,3\n", "4294967296\n", "-1\n",
					  "1,,2\n", " 1,2\n", "1,2\n\n", "1;2\n",	 "1,2 \n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = ioasid_parse_per_cpu_count(bad[i], &c, &n);

		if (rc != -EINVAL)
			fail_msg("\"%s\": %d", bad[i], rc);
		assert_null(c);
	}
	/* 384 possible CPUs with 10-digit counts overflow one page */
	{
		char *t = malloc(384 * 11 + 2), *p = t;
		size_t len;

		for (int i = 0; i < 384; i++)
			p += sprintf(p, "%s%u", i ? "," : "", 4000000000u + (unsigned)i);
		len = (size_t)(p - t);
		assert_true(len > 4095);
		t[4095] = '\0'; /* what scnprintf leaves */
		assert_int_equal(ioasid_parse_per_cpu_count(t, &c, &n), -EOVERFLOW);
		assert_int_equal(n, 4095 / 11); /* whole "NNNNNNNNNN," groups */
		assert_true(c[n - 1] == 4000000000u + n - 1);
		free(c);
		free(t);
	}
}

static void test_actions_join_classify(void **state)
{
	char out[64];
	int idx;

	(void)state;
	ioasid_irq_actions_join("PCIe PME,aerdrv\n", out, sizeof(out));
	assert_string_equal(out, "PCIe PME, aerdrv");
	ioasid_irq_actions_join("dmar0-prq\n", out, sizeof(out));
	assert_string_equal(out, "dmar0-prq");
	ioasid_irq_actions_join("a,b,c", out, 5);
	assert_string_equal(out, "a, b");
	assert_int_equal(ioasid_prq_classify_action("dmar0-prq", &idx), IOASID_PRQ_IRQ_VTD_PRQ);
	assert_int_equal(idx, 0);
	assert_int_equal(ioasid_prq_classify_action("dmar12-prq", &idx), IOASID_PRQ_IRQ_VTD_PRQ);
	assert_int_equal(idx, 12);
	assert_int_equal(ioasid_prq_classify_action("dmar3", &idx), IOASID_PRQ_IRQ_VTD_FAULT);
	assert_int_equal(idx, 3);
	assert_int_equal(ioasid_prq_classify_action("AMD-Vi1-PPR", &idx), IOASID_PRQ_IRQ_AMD_PPR);
	assert_int_equal(idx, 1);
	assert_int_equal(ioasid_prq_classify_action("AMD-Vi", &idx), IOASID_PRQ_IRQ_AMD_SHARED);
	assert_int_equal(ioasid_prq_classify_action("arm-smmu-v3-priq", &idx),
			 IOASID_PRQ_IRQ_ARM_PRIQ);
	assert_int_equal(ioasid_prq_classify_action("arm-smmu-v3-combined-irq", &idx),
			 IOASID_PRQ_IRQ_ARM_COMBINED);
	static const char *const nots[] = {
		"dmar0-perf",  "dmar",	     "dmar-prq",	  "dmarx",
		"AMD-Vi0-Evt", "AMD-Vi0-GA", "AMD-Vi-PPR",	  "arm-smmu-v3-evtq",
		"dmar0-prq ",  "",	     "dmar999999999-prq", "dmar0-iopfq"};
	for (size_t i = 0; i < sizeof(nots) / sizeof(nots[0]); i++)
		if (ioasid_prq_classify_action(nots[i], &idx) != IOASID_PRQ_IRQ_NOT)
			fail_msg("\"%s\" classified", nots[i]);
}

static void test_overflow_lines(void **state)
{
	char unit[32];

	(void)state;
	assert_int_equal(
		ioasid_prq_overflow_line("IOMMU: dmar1: PRQ overflow detected", unit, sizeof(unit)),
		IOASID_IOMMU_VTD);
	assert_string_equal(unit, "dmar1");
	assert_int_equal(
		ioasid_prq_overflow_line("IOMMU: dmar1: PRQ overflow cleared", unit, sizeof(unit)),
		IOASID_IOMMU_OTHER);
	assert_int_equal(
		ioasid_prq_overflow_line("AMD-Vi: IOMMU PPR log restarting", unit, sizeof(unit)),
		IOASID_IOMMU_AMD);
	assert_string_equal(unit, "");
	assert_int_equal(
		ioasid_prq_overflow_line("AMD-Vi: IOMMU Event log restarting", unit, sizeof(unit)),
		IOASID_IOMMU_OTHER);
	assert_int_equal(
		ioasid_prq_overflow_line(
			"arm-smmu-v3 arm-smmu-v3.0.auto: PRIQ overflow detected -- requests lost",
			unit, sizeof(unit)),
		IOASID_IOMMU_SMMU3);
	assert_int_equal(
		ioasid_prq_overflow_line(
			"arm-smmu-v3 arm-smmu-v3.0.auto: EVTQ overflow detected -- events lost",
			unit, sizeof(unit)),
		IOASID_IOMMU_OTHER);
	assert_int_equal(
		ioasid_prq_overflow_line("IOMMU: : PRQ overflow detected", unit, sizeof(unit)),
		IOASID_IOMMU_OTHER);
	assert_int_equal(
		ioasid_prq_overflow_line("IOMMU: a b: PRQ overflow detected", unit, sizeof(unit)),
		IOASID_IOMMU_OTHER);
	assert_int_equal(ioasid_prq_overflow_line("IOMMU: dmar1: PRQ overflow detected!", unit,
						  sizeof(unit)),
			 IOASID_IOMMU_OTHER);
	assert_int_equal(ioasid_prq_overflow_line("", unit, sizeof(unit)), IOASID_IOMMU_OTHER);
}

static const char regset_text[] = "IOMMU: dmar0 Register Base Address: fed90000\n"
				  "Name\t\t\tOffset\t\tContents\n"
				  "VER             \t0x00\t\t0x0000000000000010\n"
				  "PRS             \t0xdc\t\t0x0000000000000002\n"
				  "PQH             \t0xc0\t\t0x000000000000ffe0\n"
				  "PQT             \t0xc8\t\t0x0000000000000040\n"
				  "PQA             \t0xd0\t\t0x0000000123450004\n"
				  "MTRR_FIX64K_00000\t0x120\t\t0x0000000000000000\n"
				  "\n"
				  "IOMMU: dmar1 Register Base Address: fed91000\n"
				  "Name\t\t\tOffset\t\tContents\n"
				  "PRS             \t0xdc\t\t0x0000000000000000\n"
				  "PQH             \t0xc0\t\t0x0000000000000000\n"
				  "PQT             \t0xc8\t\t0x0000000000000000\n"
				  "PQA             \t0xd0\t\t0x0000000000000000\n"
				  "\n";

static void test_regset(void **state)
{
	struct ioasid_vtd_prq_regs *r;
	uint64_t pending;
	size_t n, bad;

	(void)state;
	assert_int_equal(ioasid_parse_vtd_regset(regset_text, &r, &n, &bad), 0);
	assert_int_equal(n, 2);
	assert_int_equal(bad, 0);
	assert_string_equal(r[0].iommu, "dmar0");
	assert_int_equal(r[0].have, IOASID_VTD_REGS_ALL);
	assert_true(r[0].pqh == 0xffe0 && r[0].pqt == 0x40 && r[0].prs == 2);
	/* ring of 0x1000 << 4 bytes: tail 0x40 wrapped past head 0xffe0:
	 * (0x40 - 0xffe0) & 0xffe0 = 0x60 bytes = 3 descriptors */
	assert_int_equal(ioasid_vtd_prq_pending(&r[0], &pending), 0);
	assert_int_equal(pending, 3);
	assert_int_equal(ioasid_vtd_prq_pending(&r[1], &pending), -ENODATA);
	free(r);
	/* garbage lines are counted, registers outside a unit too */
	assert_int_equal(ioasid_parse_vtd_regset("PQH\t0xc0\t\t0x10\n"
						 "IOMMU: Invalid base address\n"
						 "IOMMU: dmar0 Register Base Address: zz\n"
						 "IOMMU: dmar2 Register Base Address: fed92000\n"
						 "PQH 0xc0\n"
						 "PQT\t0xc8\t\t0x0000000000000020 junk\n"
						 "pqh\t0xc0\t\t0x10\n"
						 "PQH\t0xc0\t\t0x0000000000000020\n",
						 &r, &n, &bad),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 6);
	assert_int_equal(r[0].have, 1);
	assert_int_equal(ioasid_vtd_prq_pending(&r[0], &pending), -EINVAL);
	free(r);
	assert_int_equal(ioasid_parse_vtd_regset("", &r, &n, &bad), 0);
	assert_int_equal(n, 0);
}

static void test_trace_line(void **state)
{
	struct ioasid_prq_event e;
	uint64_t lost;

	(void)state;
	/* "%16s-%-7d " "[%03d] " lat flags " %5lu.%06lu" ": " "prq_report: " */
	assert_int_equal(
		ioasid_parse_prq_trace_line(
			"     dmar0-prq-123     [002] d..1.   123.456789: prq_report: "
			"dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x559ef6f9e rw--l pasid=0x2 "
			"index=0x1",
			&e),
		0);
	assert_string_equal(e.comm, "dmar0-prq");
	assert_int_equal(e.pid, 123);
	assert_int_equal(e.cpu, 2);
	assert_string_equal(e.timestamp, "123.456789");
	assert_string_equal(e.iommu, "dmar0");
	assert_string_equal(e.dev, "0000:00:0a.0");
	assert_int_equal(e.seq, 6);
	assert_int_equal(e.rid, 0x50);
	assert_true(e.page == 0x559ef6f9eull);
	assert_true(e.r && e.w && !e.x && !e.p && e.l);
	assert_int_equal(e.pasid, 2);
	assert_int_equal(e.index, 1);
	assert_false(e.has_private);
	/* private data (with its own "\n"), tgid, counter clock, no irq-info,
	 * a comm with spaces and dashes */
	assert_int_equal(
		ioasid_parse_prq_trace_line(
			"  kworker/u8:2 x-4711    (   4711) [000]     1234567890: prq_report: "
			"dmar10/0000:6a:01.0 seq# 123456: rid=0x6a08 addr=0xfffffffffffff --xp- "
			"pasid=0xfffff index=0x1ff private=0xdead/0xbeef\n",
			&e),
		0);
	assert_string_equal(e.comm, "kworker/u8:2 x");
	assert_int_equal(e.pid, 4711);
	assert_string_equal(e.timestamp, "1234567890");
	assert_string_equal(e.iommu, "dmar10");
	assert_true(!e.r && !e.w && e.x && e.p && !e.l);
	assert_int_equal(e.pasid, 0xfffff);
	assert_int_equal(e.index, 0x1ff);
	assert_true(e.has_private && e.private_data[0] == 0xdead && e.private_data[1] == 0xbeef);
	/* other events and blank lines are not ours */
	assert_int_equal(ioasid_parse_prq_trace_line("", &e), -ENOMSG);
	assert_int_equal(ioasid_parse_prq_trace_line("\n", &e), -ENOMSG);
	assert_int_equal(
		ioasid_parse_prq_trace_line(
			"   <idle>-0       [000] d.h1.   10.000000: qi_submit: iotlb_inv dmar0: "
			"0x1 0x2 0x3 0x4",
			&e),
		-ENOMSG);
	static const char *const bad[] = {
		"garbage",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x10000 addr=0x5 rw--l "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x100000 index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x200",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 wr--l "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw-- "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0 0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# x: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1 tail",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1 private=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 "
		"addr=0x11111111111111111 rw--l pasid=0x2 index=0x1",
		"x [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1",
		"x-1 [abc] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.x: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.0: prq_report: /0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x2 index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/ seq# 6: rid=0x50 addr=0x5 rw--l pasid=0x2 "
		"index=0x1",
		"x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 seq# 6: rid=0x50 addr=0x5 rw--l "
		"pasid=0x-2 index=0x1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = ioasid_parse_prq_trace_line(bad[i], &e);

		if (rc != -EINVAL)
			fail_msg("\"%s\": %d", bad[i], rc);
	}
	/* the shortest good line, for contrast with the above */
	assert_int_equal(
		ioasid_parse_prq_trace_line("x-1 [000] 1.0: prq_report: dmar0/0000:00:0a.0 "
					    "seq# 6: rid=0x50 addr=0x5 rw--l pasid=0x2 "
					    "index=0x1",
					    &e),
		0);
	assert_int_equal(ioasid_parse_trace_lost("CPU:3 [LOST 42 EVENTS]\n", &lost), 1);
	assert_int_equal(lost, 42);
	assert_int_equal(ioasid_parse_trace_lost("CPU:3 [LOST x EVENTS]", &lost), 0);
	assert_int_equal(ioasid_parse_trace_lost("CPU:3 [LOST 1 EVENTS] x", &lost), 0);
}

static void test_agg(void **state)
{
	struct ioasid_prq_agg a = {0};
	struct ioasid_prq_event e = {0};

	(void)state;
	strcpy(e.iommu, "dmar0");
	strcpy(e.dev, "0000:00:0a.0");
	e.pasid = 2;
	e.r = e.w = e.l = true;
	e.page = 0x1234;
	assert_int_equal(ioasid_prq_agg_add(&a, &e), 0);
	e.w = false;
	e.page = 0x1235;
	assert_int_equal(ioasid_prq_agg_add(&a, &e), 0);
	e.pasid = 3;
	e.x = true;
	assert_int_equal(ioasid_prq_agg_add(&a, &e), 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.events, 3);
	assert_int_equal(a.v[0].pasid, 2);
	assert_int_equal(a.v[0].requests, 2);
	assert_int_equal(a.v[0].reads, 2);
	assert_int_equal(a.v[0].writes, 1);
	assert_int_equal(a.v[0].last_pages, 2);
	assert_true(a.v[0].last_page == 0x1235);
	assert_int_equal(a.v[1].execs, 1);
	/* many flows: the table grows, each keeps its count */
	for (uint32_t p = 0; p < 5000; p++) {
		e.pasid = 100 + p;
		assert_int_equal(ioasid_prq_agg_add(&a, &e), 0);
		assert_int_equal(ioasid_prq_agg_add(&a, &e), 0);
	}
	assert_int_equal(a.n, 5002);
	for (size_t i = 2; i < a.n; i++)
		assert_int_equal(a.v[i].requests, 2);
	ioasid_prq_agg_free(&a);
	assert_int_equal(a.n, 0);
}

static void test_kmsg_times(void **state)
{
	char **lines;
	uint64_t *usec;
	size_t n;

	(void)state;
	assert_int_equal(
		ioasid_parse_kmsg_times("6,1200,5123456,-;IOMMU: dmar0: PRQ overflow detected\n"
					" SUBSYSTEM=pci\n"
					"6,1201,x,-;no time\n",
					&lines, &usec, &n),
		0);
	assert_int_equal(n, 2);
	assert_true(usec[0] == 5123456);
	assert_true(usec[1] == 0);
	assert_string_equal(lines[0], "IOMMU: dmar0: PRQ overflow detected");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(usec);
}

static void test_mountinfo(void **state)
{
	char mnt[64];

	(void)state;
	assert_int_equal(ioasid_parse_mountinfo("22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
						"30 22 0:12 / /sys/kernel/trac\\040ing rw,relatime "
						"shared:5 - tracefs nodev rw\n",
						"tracefs", mnt, sizeof(mnt)),
			 0);
	assert_string_equal(mnt, "/sys/kernel/trac ing");
	assert_int_equal(ioasid_parse_mountinfo("22 1 0:21 / /proc rw - proc proc rw\n", "tracefs",
						mnt, sizeof(mnt)),
			 -ENOENT);
	/* "tracefsx" is not tracefs; no mount point field; too long */
	assert_int_equal(ioasid_parse_mountinfo("1 2 0:1 / /t rw - tracefsx n rw\n", "tracefs", mnt,
						sizeof(mnt)),
			 -ENOENT);
	assert_int_equal(ioasid_parse_mountinfo("1 - tracefs n rw\n", "tracefs", mnt, sizeof(mnt)),
			 -ENOENT);
	assert_int_equal(ioasid_parse_mountinfo("1 2 0:1 / /aaaaaaaa rw - tracefs n rw\n",
						"tracefs", mnt, 4),
			 -ENAMETOOLONG);
	assert_int_equal(ioasid_parse_mountinfo("1 2 0:1 / /a\\000b rw - tracefs n rw\n", "tracefs",
						mnt, sizeof(mnt)),
			 -EINVAL);
}

/* ---- sysroot: the stats reader end to end ---- */

struct fx {
	struct sysroot *sr;
	struct ioasid_ctx *ctx;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->sr = sr_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ioasid_ctx_free(f->ctx);
	sr_free(f->sr);
	free(f);
	return 0;
}

static void vtd_unit(struct sysroot *sr, const char *name)
{
	char p[160];

	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/intel-iommu/cap", name);
	sr_write(sr, p, "d2008c22260286\n");
	snprintf(p, sizeof(p), "/sys/devices/virtual/iommu/%s/intel-iommu/ecap", name);
	/* SMTS PASID PRS PSS=19 */
	sr_writef(sr, p, "%llx\n", (1ull << 43) | (1ull << 40) | (19ull << 35) | (1ull << 29));
	snprintf(p, sizeof(p), "../../devices/virtual/iommu/%s", name);
	{
		char l[64];

		snprintf(l, sizeof(l), "/sys/class/iommu/%s", name);
		sr_symlink(sr, p, l);
	}
}

static void base_host(struct sysroot *sr)
{
	sr_write(sr, "/proc/sys/kernel/osrelease", "6.12.117+deb12-amd64\n");
	sr_write(sr, "/proc/cmdline", "intel_iommu=on,sm_on\n");
	vtd_unit(sr, "dmar0");
	vtd_unit(sr, "dmar1");
	sr_write(sr, "/proc/interrupts",
		 "           CPU0       CPU1       \n"
		 " 24:          1          2  DMAR-MSI   0-edge      dmar0\n"
		 " 25:        100         20  DMAR-MSI   4-edge      dmar0-prq\n"
		 " 26:          0          3  DMAR-MSI   1-edge      dmar1\n"
		 "NMI:          0          0   Non-maskable interrupts\n");
	sr_write(sr, "/dev/kmsg",
		 "6,100,1000000,-;DMAR: dmar0: reg_base_addr fed90000 ver 1:0\n"
		 "6,900,7000001,-;IOMMU: dmar0: PRQ overflow detected\n"
		 "6,901,7000002,-;IOMMU: dmar0: PRQ overflow cleared\n"
		 "6,950,8500000,-;IOMMU: dmar0: PRQ overflow detected\n");
}

static const struct ioasid_prq_unit *unit(const struct ioasid_prq_stats *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].iommu, name))
			return &s->v[i];
	fail_msg("no unit %s", name);
	return NULL;
}

static void test_stats_proc(void **state)
{
	struct fx *f = *state;
	struct ioasid_prq_stats s;
	const struct ioasid_prq_unit *u;

	base_host(f->sr);
	f->ctx = sr_ctx(f->sr);
	assert_int_equal(ioasid_prq_stats(f->ctx, &s), 0);
	assert_int_equal(s.n, 2);
	u = unit(&s, "dmar0");
	assert_true(u->has_irq);
	assert_int_equal(u->irq.irq, 25);
	assert_int_equal(u->irq.total, 120);
	assert_int_equal(u->irq.source, IOASID_IRQ_SOURCE_PROC_INTERRUPTS);
	assert_false(u->shared);
	assert_int_equal(u->fault_irq.v, 24);
	assert_int_equal(u->fault_interrupts.v, 3);
	assert_int_equal(u->overflows.err, 0);
	assert_int_equal(u->overflows.v, 2);
	assert_int_equal(u->noverflow_events, 2);
	assert_true(u->overflow_events[1].usec == 8500000);
	assert_int_equal(u->pending.err, ENOENT); /* no debugfs */
	u = unit(&s, "dmar1");
	assert_false(u->has_irq);
	assert_int_equal(u->overflows.v, 0);
	assert_non_null(strstr(u->note, "dmar1-prq"));
	ioasid_prq_stats_free(&s);
}

static void test_stats_sysfs(void **state)
{
	struct fx *f = *state;
	struct ioasid_prq_stats s;
	const struct ioasid_prq_unit *u;

	base_host(f->sr);
	/* /sys/kernel/irq wins; its counts differ from /proc/interrupts on
	 * purpose so the source is visible */
	sr_write(f->sr, "/sys/kernel/irq/25/actions", "dmar0-prq\n");
	sr_write(f->sr, "/sys/kernel/irq/25/per_cpu_count", "7,8,9\n");
	sr_write(f->sr, "/sys/kernel/irq/25/chip_name", "DMAR-MSI\n");
	sr_write(f->sr, "/sys/kernel/irq/25/hwirq", "4\n");
	sr_write(f->sr, "/sys/kernel/irq/26/actions", "dmar1-prq\n");
	sr_write(f->sr, "/sys/kernel/irq/26/per_cpu_count", "1,2"); /* cut: use proc */
	sr_write(f->sr, "/sys/kernel/irq/3/actions", "");
	sr_write(f->sr, "/sys/kernel/irq/27/actions", "dmar2-prq\n");
	sr_write(f->sr, "/sys/kernel/irq/27/per_cpu_count", "garbage\n");
	sr_write(f->sr, "/sys/kernel/irq/28/actions", "dmar3-prq\n");
	sr_write(f->sr, "/sys/kernel/irq/28/per_cpu_count", "4,5"); /* cut, no proc row */
	sr_write(f->sr, "/sys/kernel/debug/iommu/intel/iommu_regset", regset_text);
	/* the same IRQs in /proc/interrupts (26 for the cut per_cpu_count) */
	sr_write(f->sr, "/proc/interrupts",
		 "           CPU0       CPU1       \n"
		 " 25:        100         20  DMAR-MSI   4-edge      dmar0-prq\n"
		 " 26:          5          6  DMAR-MSI   5-edge      dmar1-prq\n");
	f->ctx = sr_ctx(f->sr);
	assert_int_equal(ioasid_prq_stats(f->ctx, &s), 0);
	u = unit(&s, "dmar0");
	assert_int_equal(u->irq.source, IOASID_IRQ_SOURCE_PER_CPU_COUNT);
	assert_int_equal(u->irq.total, 24);
	assert_int_equal(u->irq.ncpus, 3);
	assert_string_equal(u->irq.hwirq, "4");
	assert_int_equal(u->pending.err, 0);
	assert_int_equal(u->pending.v, 3);
	assert_int_equal(u->pro, IOASID_YES);
	/* dmar1's per_cpu_count was cut: its counts come from /proc/interrupts */
	u = unit(&s, "dmar1");
	assert_true(u->has_irq);
	assert_false(u->irq.partial);
	assert_int_equal(u->irq.source, IOASID_IRQ_SOURCE_PROC_INTERRUPTS);
	assert_int_equal(u->irq.total, 11);
	assert_int_equal(u->pending.err, ENODATA); /* PQA 0 */
	assert_int_equal(u->pro, IOASID_NO);
	/* dmar2: no sysfs unit, garbage counts, no /proc row: no count */
	u = unit(&s, "dmar2");
	assert_int_equal(u->irq.source, IOASID_IRQ_SOURCE_NONE);
	/* dmar3: cut and not in /proc/interrupts: what was read, partial */
	u = unit(&s, "dmar3");
	assert_int_equal(u->irq.source, IOASID_IRQ_SOURCE_PER_CPU_COUNT);
	assert_true(u->irq.partial);
	assert_int_equal(u->irq.total, 4);
	ioasid_prq_stats_free(&s);
}

static void test_stats_amd_shared(void **state)
{
	struct fx *f = *state;
	struct ioasid_prq_stats s;
	const struct ioasid_prq_unit *u;

	sr_write(f->sr, "/proc/sys/kernel/osrelease", "6.1.0-56-amd64\n");
	sr_mkdir(f->sr, "/sys/devices/pci0000:00/0000:00:01.0/iommu/ivhd0/amd-iommu");
	sr_write(f->sr, "/sys/devices/pci0000:00/0000:00:01.0/msi_irqs/24", "msi\n");
	sr_symlink(f->sr, "../../devices/pci0000:00/0000:00:01.0/iommu/ivhd0",
		   "/sys/class/iommu/ivhd0");
	sr_mkdir(f->sr, "/sys/devices/pci0000:00/0000:00:00.2/iommu/ivhd1/amd-iommu");
	sr_mkdir(f->sr, "/sys/devices/pci0000:00/0000:00:00.2/msi_irqs");
	sr_symlink(f->sr, "../../devices/pci0000:00/0000:00:00.2/iommu/ivhd1",
		   "/sys/class/iommu/ivhd1");
	sr_write(f->sr, "/proc/interrupts",
		 "           CPU0       \n"
		 " 24:         42   PCI-MSI 16384-edge      AMD-Vi\n"
		 " 40:          5  AMD-Vi1-PPR   3-edge      AMD-Vi1-PPR\n");
	sr_write(f->sr, "/dev/kmsg", "6,1,1,-;AMD-Vi: IOMMU PPR log restarting\n");
	f->ctx = sr_ctx(f->sr);
	assert_int_equal(ioasid_prq_stats(f->ctx, &s), 0);
	u = unit(&s, "ivhd0"); /* by its PCI function's msi_irqs */
	assert_int_equal(u->irq.irq, 24);
	assert_true(u->shared);
	assert_int_equal(u->irq.total, 42);
	assert_int_equal(u->pending.err, EOPNOTSUPP);
	assert_int_equal(u->overflows.v, 1); /* the line names no unit */
	u = unit(&s, "ivhd1");
	assert_int_equal(u->irq.irq, 40);
	assert_false(u->shared);
	ioasid_prq_stats_free(&s);
}

static int stats_unpriv(struct ioasid_ctx *ctx, void *arg)
{
	struct ioasid_prq_stats s;
	int rc;

	(void)arg;
	if (ioasid_prq_stats(ctx, &s) < 0)
		return -1;
	/* kmsg unreadable: overflows unknown, not 0 */
	rc = s.n == 2 && s.v[0].overflows.err == EACCES && s.v[0].irq.total == 120 ? 0 : 1;
	ioasid_prq_stats_free(&s);
	return rc;
}

static void test_stats_eacces(void **state)
{
	struct fx *f = *state;
	int result;

	base_host(f->sr);
	sr_chmod(f->sr, "/dev/kmsg", 0);
	if (!sr_run_unprivileged(f->sr, stats_unpriv, NULL, &result))
		skip();
	assert_int_equal(result, 0);
}

static void test_stats_no_interrupts(void **state)
{
	struct fx *f = *state;
	struct ioasid_prq_stats s;

	/* no unit, no /proc/interrupts: an error naming the file */
	f->ctx = sr_ctx(f->sr);
	assert_int_equal(ioasid_prq_stats(f->ctx, &s), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(f->ctx)->object, "/proc/interrupts");
	/* garbage /proc/interrupts with a unit: the unit, a note */
	vtd_unit(f->sr, "dmar0");
	sr_write(f->sr, "/proc/interrupts", "\x01\x02garbage\n");
	ioasid_ctx_free(f->ctx);
	f->ctx = sr_ctx(f->sr);
	assert_int_equal(ioasid_prq_stats(f->ctx, &s), 0);
	assert_int_equal(s.n, 1);
	assert_false(s.v[0].has_irq);
	assert_non_null(strstr(s.v[0].note, "interrupts unreadable"));
	ioasid_prq_stats_free(&s);
}

static void test_trace_no_event(void **state)
{
	struct fx *f = *state;
	struct ioasid_prq_trace *t;
	char inst[96];

	/* no tracefs at all */
	f->ctx = sr_ctx(f->sr);
	assert_int_equal(ioasid_prq_trace_open(f->ctx, &t), -ENOENT);
	assert_string_equal(ioasid_ctx_last_error(f->ctx)->object, "tracefs");
	/* tracefs without the event: the instance is made, found empty,
	 * removed again */
	sr_mkdir(f->sr, "/sys/kernel/tracing/instances");
	assert_int_equal(ioasid_prq_trace_open(f->ctx, &t), -EOPNOTSUPP);
	assert_null(t);
	assert_string_equal(ioasid_ctx_last_error(f->ctx)->object, "intel_iommu:prq_report");
	snprintf(inst, sizeof(inst), "/sys/kernel/tracing/instances/ioasidctl-%ld", (long)getpid());
	assert_int_equal(access(sr_path(f->sr, inst), F_OK), -1);
}

/* A replayed dump is read-only: no instance is made there (EROFS). */
static void test_trace_dump_readonly(void **state)
{
	struct fx *f = *state;
	struct ioasid_prq_trace *t = (void *)1;
	char inst[96];

	sr_mkdir(f->sr, "/sys/kernel/tracing/instances");
	sr_write(f->sr, "/manifest.json", "{\"format_version\":1}");
	assert_int_equal(ioasid_ctx_open(&f->ctx, f->sr->root, NULL), 0);
	assert_int_equal(ioasid_prq_trace_open(f->ctx, &t), -EROFS);
	assert_null(t);
	snprintf(inst, sizeof(inst), "/sys/kernel/tracing/instances/ioasidctl-%ld", (long)getpid());
	assert_string_equal(ioasid_ctx_last_error(f->ctx)->object, inst);
	assert_non_null(strstr(ioasid_ctx_last_error(f->ctx)->message, "read-only"));
	assert_int_equal(access(sr_path(f->sr, inst), F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interrupts_2_8_384),
		cmocka_unit_test(test_interrupts_real),
		cmocka_unit_test(test_interrupts_level),
		cmocka_unit_test(test_interrupts_malformed),
		cmocka_unit_test(test_per_cpu_count),
		cmocka_unit_test(test_actions_join_classify),
		cmocka_unit_test(test_overflow_lines),
		cmocka_unit_test(test_regset),
		cmocka_unit_test(test_trace_line),
		cmocka_unit_test(test_agg),
		cmocka_unit_test(test_kmsg_times),
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test_setup_teardown(test_stats_proc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_sysfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_amd_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_eacces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_no_interrupts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_no_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_dump_readonly, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
