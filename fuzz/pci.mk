# PCI capability/BDF fuzzer (owned by the pci.c owner). Not part of the
# default build or `make check`: libFuzzer needs clang.
#   make fuzz-pci                      build and run for $(FUZZ_PCI_TIME) s
#   make fuzz/fuzz_pci_caps            build only
# It links src/lib/stock/pci-caps.c directly (pure code, no libpci).
FUZZ_CLANG = clang
FUZZ_PCI_TIME = 60
FUZZ_PCI_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -I$(top_srcdir)/src/lib -I$(top_srcdir)/src/lib/include -include $(top_builddir)/config.h

fuzz/fuzz_pci_caps: $(top_srcdir)/fuzz/fuzz_pci_caps.c $(top_srcdir)/src/lib/stock/pci-caps.c \
		$(top_srcdir)/src/lib/include/ioasid-pci.h
	@mkdir -p fuzz
	$(AM_V_CC)$(FUZZ_CLANG) $(FUZZ_PCI_CFLAGS) -o $@ \
		$(top_srcdir)/fuzz/fuzz_pci_caps.c $(top_srcdir)/src/lib/stock/pci-caps.c

fuzz-pci: fuzz/fuzz_pci_caps
	@mkdir -p fuzz/corpus-pci
	./fuzz/fuzz_pci_caps -max_total_time=$(FUZZ_PCI_TIME) -max_len=4200 \
		-print_final_stats=1 fuzz/corpus-pci $(top_srcdir)/tests/data/pci/fuzz-seeds

.PHONY: fuzz-pci
EXTRA_DIST += fuzz/fuzz_pci_caps.c fuzz/pci.mk tests/data/pci/fuzz-seeds
CLEANFILES += fuzz/fuzz_pci_caps
