# The conformance suite against the executable model (src/lib/include/ioasid-model.h):
# must pass every rule.
check_PROGRAMS += tests/conformance/conf_model
TESTS += tests/conformance/conf_model

tests_conformance_conf_model_SOURCES = $(CONF_SUITE) \
	tests/conformance/impl-model.h \
	tests/conformance/impl-model.c \
	tests/conformance/run-model.c
tests_conformance_conf_model_CFLAGS = $(CONF_CFLAGS)
tests_conformance_conf_model_LDADD = src/lib/libioasid-internal.la $(CMOCKA_LIBS)
