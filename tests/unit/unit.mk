# CMocka unit tests for the library's readers and decoders. Each test links
# the library's objects (libioasid-internal.la) so it reaches the private
# parsers; sysroot.[ch] builds fake host trees in temporary directories.
UNIT_SYSROOT = tests/unit/sysroot.c tests/unit/sysroot.h
UNIT_TESTS = tests/unit/test_vtd \
	tests/unit/test_amd \
	tests/unit/test_path \
	tests/unit/test_kernel \
	tests/unit/test_vtdmode \
	tests/unit/test_iommu \
	tests/unit/test_group \
	tests/unit/test_sva \
	tests/unit/test_dump \
	tests/unit/test_acpi \
	tests/unit/test_reason \
	tests/unit/test_rules \
	tests/unit/test_prq \
	tests/unit/test_cgroup \
	tests/unit/test_model \
	tests/unit/test_uapi \
	tests/unit/test_uapi_client \
	tests/unit/test_cgroup_write \
	tests/unit/test_sim \
	tests/unit/test_sim_dmar \
	tests/unit/test_sim_iort \
	tests/unit/test_metrics \
	tests/unit/test_events

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_test_vtd_SOURCES = tests/unit/test_vtd.c
tests_unit_test_vtd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vtd_LDADD = $(UNIT_LDADD)

tests_unit_test_amd_SOURCES = tests/unit/test_amd.c
tests_unit_test_amd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_amd_LDADD = $(UNIT_LDADD)

tests_unit_test_path_SOURCES = tests/unit/test_path.c $(UNIT_SYSROOT)
tests_unit_test_path_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_path_LDADD = $(UNIT_LDADD)

tests_unit_test_kernel_SOURCES = tests/unit/test_kernel.c $(UNIT_SYSROOT)
tests_unit_test_kernel_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_kernel_LDADD = $(UNIT_LDADD)

tests_unit_test_vtdmode_SOURCES = tests/unit/test_vtdmode.c $(UNIT_SYSROOT)
tests_unit_test_vtdmode_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vtdmode_LDADD = $(UNIT_LDADD)

tests_unit_test_iommu_SOURCES = tests/unit/test_iommu.c $(UNIT_SYSROOT)
tests_unit_test_iommu_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_iommu_LDADD = $(UNIT_LDADD)

tests_unit_test_group_SOURCES = tests/unit/test_group.c $(UNIT_SYSROOT)
tests_unit_test_group_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_group_LDADD = $(UNIT_LDADD)

tests_unit_test_sva_SOURCES = tests/unit/test_sva.c $(UNIT_SYSROOT)
tests_unit_test_sva_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sva_LDADD = $(UNIT_LDADD)

tests_unit_test_dump_SOURCES = tests/unit/test_dump.c $(UNIT_SYSROOT)
tests_unit_test_dump_CFLAGS = $(UNIT_CFLAGS) $(LIBARCHIVE_CFLAGS)
tests_unit_test_dump_LDADD = $(UNIT_LDADD) $(LIBARCHIVE_LIBS)

tests_unit_test_acpi_SOURCES = tests/unit/test_acpi.c $(UNIT_SYSROOT)
tests_unit_test_acpi_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_acpi_LDADD = $(UNIT_LDADD)

tests_unit_test_reason_SOURCES = tests/unit/test_reason.c $(UNIT_SYSROOT)
tests_unit_test_reason_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_reason_LDADD = $(UNIT_LDADD)

# the reason chain's rule table against ioasidctl-device(8) and the
# chains of the captured hosts (tests/data/vm)
tests_unit_test_rules_SOURCES = tests/unit/test_rules.c
tests_unit_test_rules_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rules_LDADD = $(UNIT_LDADD)

tests_unit_test_prq_SOURCES = tests/unit/test_prq.c $(UNIT_SYSROOT)
tests_unit_test_prq_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_prq_LDADD = $(UNIT_LDADD)

tests_unit_test_cgroup_SOURCES = tests/unit/test_cgroup.c $(UNIT_SYSROOT)
tests_unit_test_cgroup_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cgroup_LDADD = $(UNIT_LDADD)

tests_unit_test_model_SOURCES = tests/unit/test_model.c
tests_unit_test_model_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_model_LDADD = $(UNIT_LDADD)

# the IOASID extension's uapi header against ioasid-abi(7); header only
tests_unit_test_uapi_SOURCES = tests/unit/test_uapi.c
tests_unit_test_uapi_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_uapi_LDADD = $(CMOCKA_LIBS)

# the IOASID extension's readers (sysfs, genl dumps); messages built with libnl
UNIT_TESTS += tests/unit/test_ext
tests_unit_test_ext_SOURCES = tests/unit/test_ext.c $(UNIT_SYSROOT)
tests_unit_test_ext_CFLAGS = $(UNIT_CFLAGS) $(LIBNL_CFLAGS)
tests_unit_test_ext_LDADD = $(UNIT_LDADD) $(LIBNL_LIBS)

tests_unit_test_sim_SOURCES = tests/unit/test_sim.c
tests_unit_test_sim_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sim_LDADD = $(UNIT_LDADD)

tests_unit_test_sim_dmar_SOURCES = tests/unit/test_sim_dmar.c
tests_unit_test_sim_dmar_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sim_dmar_LDADD = $(UNIT_LDADD)
tests_unit_test_sim_iort_SOURCES = tests/unit/test_sim_iort.c
tests_unit_test_sim_iort_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sim_iort_LDADD = $(UNIT_LDADD)

# limit writes on fake cgroup trees; write(2) is spied on (count, bytes,
# the kernel's errno)
tests_unit_test_cgroup_write_SOURCES = tests/unit/test_cgroup_write.c $(UNIT_SYSROOT)
tests_unit_test_cgroup_write_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cgroup_write_LDADD = $(UNIT_LDADD)
tests_unit_test_cgroup_write_LDFLAGS = -Wl,--wrap=write

# the /dev/ioasid client: request numbers, structs and errnos through
# ioctl(2) and open(2) wrapped, and the loopback transport on a sim host
tests_unit_test_uapi_client_SOURCES = tests/unit/test_uapi_client.c $(UNIT_SYSROOT)
tests_unit_test_uapi_client_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_uapi_client_LDADD = $(UNIT_LDADD)
tests_unit_test_uapi_client_LDFLAGS = -Wl,--wrap=ioctl -Wl,--wrap=open -Wl,--wrap=openat

# the Prometheus text writer of ioasidctl stats (a src/cmd file)
tests_unit_test_metrics_SOURCES = tests/unit/test_metrics.c src/cmd/print/metrics.c src/cmd/print/metrics.h \
	src/cmd/print/text.c src/cmd/print/text.h
tests_unit_test_metrics_CFLAGS = $(UNIT_CFLAGS) -I$(top_srcdir)/src/cmd
tests_unit_test_metrics_LDADD = $(UNIT_LDADD)
tests_unit_test_events_SOURCES = tests/unit/test_events.c $(UNIT_SYSROOT)
tests_unit_test_events_CFLAGS = $(UNIT_CFLAGS) $(LIBNL_CFLAGS)
tests_unit_test_events_LDADD = $(UNIT_LDADD) $(LIBNL_LIBS)
# ioasidtop's pure parts (src/cmd/top/top-*.c): rates, layout, views/sort/filter
TOP_UNIT_CFLAGS = $(UNIT_CFLAGS) -I$(top_srcdir)/src/cmd $(JSONC_CFLAGS)
UNIT_TESTS_TOP = tests/unit/test_top_rate tests/unit/test_top_layout tests/unit/test_top_sort \
	tests/unit/test_top_apply
check_PROGRAMS += $(UNIT_TESTS_TOP)
TESTS += $(UNIT_TESTS_TOP)
tests_unit_test_top_rate_SOURCES = tests/unit/test_top_rate.c src/cmd/top/top-rate.c
tests_unit_test_top_rate_CFLAGS = $(TOP_UNIT_CFLAGS)
tests_unit_test_top_rate_LDADD = $(UNIT_LDADD)
tests_unit_test_top_layout_SOURCES = tests/unit/test_top_layout.c src/cmd/top/top-layout.c
tests_unit_test_top_layout_CFLAGS = $(TOP_UNIT_CFLAGS)
tests_unit_test_top_layout_LDADD = $(UNIT_LDADD)
tests_unit_test_top_sort_SOURCES = tests/unit/test_top_sort.c src/cmd/top/top-sort.c \
	src/cmd/top/top-view.c src/cmd/top/top-sample.c src/cmd/top/top-rate.c
tests_unit_test_top_sort_CFLAGS = $(TOP_UNIT_CFLAGS)
# the views fill their rows with print/'s column tables and row functions
tests_unit_test_top_sort_LDADD = src/cmd/print/libioasidprint.la $(UNIT_LDADD) \
	$(SMARTCOLS_LIBS) $(JSONC_LIBS)
# the changed-host frame against the model (an emulated host in /tmp)
tests_unit_test_top_apply_SOURCES = tests/unit/test_top_apply.c src/cmd/top/top-sort.c \
	src/cmd/top/top-view.c src/cmd/top/top-sample.c src/cmd/top/top-rate.c
tests_unit_test_top_apply_CFLAGS = $(TOP_UNIT_CFLAGS)
tests_unit_test_top_apply_LDADD = src/cmd/print/libioasidprint.la $(UNIT_LDADD) \
	$(SMARTCOLS_LIBS) $(JSONC_LIBS)
