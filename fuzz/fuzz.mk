# libFuzzer harnesses for the library's text parsers (fuzz/fuzz_*.c), built
# by fuzz/run-fuzzers.sh with clang -fsanitize=fuzzer,address,undefined
# straight from the library sources (not through automake: the rest of
# the tree may be built with gcc).
#   make check               replays the committed corpus (fuzz/corpus/*)
#                            once (-runs=0); skipped (77) without libFuzzer
#   make fuzz [FUZZ_TIME=N]  fuzzes each harness for N seconds (default 30)
FUZZ_TIME = 30
FUZZ_HARNESSES = \
	fuzz/fuzz_common.h \
	fuzz/fuzz_extract.h \
	fuzz/fuzz_kmsg.c \
	fuzz/fuzz_kconfig.c \
	fuzz/fuzz_cpuinfo.c \
	fuzz/fuzz_release.c \
	fuzz/fuzz_resv_regions.c \
	fuzz/fuzz_amd.c \
	fuzz/fuzz_idxd_evl.c \
	fuzz/fuzz_idxd_attrs.c \
	fuzz/fuzz_dump_read.c \
	fuzz/fuzz_dump_chain.c \
	fuzz/fuzz_acpi.c \
	fuzz/fuzz_iort.c \
	fuzz/fuzz_interrupts.c \
	fuzz/fuzz_per_cpu_count.c \
	fuzz/fuzz_regset.c \
	fuzz/fuzz_prq_trace.c \
	fuzz/fuzz_mountinfo.c \
	fuzz/fuzz_misc.c \
	fuzz/fuzz_proc_cgroup.c \
	fuzz/fuzz_genl.c \
	fuzz/fuzz_ext_sysfs.c \
	fuzz/fuzz_sim_state.c \
	fuzz/fuzz_sim_genl.c \
	fuzz/fuzz_sim_uapi.c \
	fuzz/fuzz_metrics.c \
	fuzz/fuzz_uevent.c \
	fuzz/fuzz_kmsg_event.c \
	fuzz/fuzz_ntf.c \
	fuzz/fuzz_config_doc.c \
	fuzz/fuzz_libvirt_xml.c \
	fuzz/fuzz_kallsyms.c

TESTS += fuzz/run-fuzzers.sh
# run-fuzzers.sh without arguments fuzzes; under `make check` it replays.
AM_TESTS_ENVIRONMENT += FUZZ_REGRESS=1; export FUZZ_REGRESS;
EXTRA_DIST += fuzz/run-fuzzers.sh fuzz/fuzz.mk $(FUZZ_HARNESSES) fuzz/corpus

fuzz:
	top_srcdir='$(top_srcdir)' top_builddir='$(top_builddir)' \
		$(SHELL) $(top_srcdir)/fuzz/run-fuzzers.sh $(FUZZ_TIME)
.PHONY: fuzz

clean-local: clean-local-fuzz
clean-local-fuzz:
	-rm -rf fuzz/build
.PHONY: clean-local-fuzz

include fuzz/pci.mk
