# The PCI reader: CMocka unit tests (decoder, BDF parser, the reader on a
# fake sysroot) and the lspci oracle over the dumps in tests/data/pci.
check_PROGRAMS += tests/unit/test_pci tests/lspci/pci-decode
tests_unit_test_pci_SOURCES = tests/unit/test_pci.c tests/unit/sysroot.c tests/unit/sysroot.h
tests_unit_test_pci_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pci_LDADD = $(UNIT_LDADD)

# Linked with the installed form of the library: only the public API.
tests_lspci_pci_decode_SOURCES = tests/lspci/pci-decode.c
tests_lspci_pci_decode_LDADD = src/lib/libioasid.la

TESTS += tests/unit/test_pci tests/lspci/lspci-oracle.sh
EXTRA_DIST += \
	tests/lspci/lspci-oracle.sh \
	tests/lspci/gen-crafted-dump.py \
	tests/data/pci/cap-pasid-pri.dump \
	tests/data/pci/pri-pasid.dump \
	tests/data/pci/crafted.dump
