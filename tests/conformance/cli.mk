# The conformance suite through the ioasidctl command line on emulated
# hosts (impl-cli.c): each operation is one run of $(IOASIDCTL), which
# AM_TESTS_ENVIRONMENT points at the build's binary. Tests needing an
# operation the CLI does not offer are skipped, every other one must pass.
check_PROGRAMS += tests/conformance/conf_cli
TESTS += tests/conformance/conf_cli

tests_conformance_conf_cli_SOURCES = $(CONF_SUITE) \
	tests/conformance/impl-cli.h \
	tests/conformance/impl-cli.c \
	tests/conformance/run-cli.c
tests_conformance_conf_cli_CFLAGS = $(CONF_CFLAGS) $(JSONC_CFLAGS)
tests_conformance_conf_cli_LDADD = $(CMOCKA_LIBS) $(JSONC_LIBS)
