# The seed conformance suite (tests/conformance/RULES.md): one CMocka test per
# seed rule, linked against one implementation of impl.h per program.
# conf_null runs it against the deliberately broken impl-null.c and passes
# only if every test fails (the suite can fail). Implementations add a
# program linking $(CONF_SUITE) with their adapter and a main.
CONF_SUITE = tests/conformance/impl.h \
	tests/conformance/suite.h \
	tests/conformance/suite.c \
	tests/conformance/rules-capacity.c \
	tests/conformance/rules-cgroup.c \
	tests/conformance/rules-ioasid.c \
	tests/conformance/rules-notify.c
CONF_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/src/lib $(CMOCKA_CFLAGS) -I$(top_srcdir)/tests/conformance

check_PROGRAMS += tests/conformance/conf_null
TESTS += tests/conformance/conf_null
EXTRA_DIST += tests/conformance/RULES.md

tests_conformance_conf_null_SOURCES = $(CONF_SUITE) \
	tests/conformance/impl-null.c \
	tests/conformance/main-null.c
tests_conformance_conf_null_CFLAGS = $(CONF_CFLAGS)
tests_conformance_conf_null_LDADD = $(CMOCKA_LIBS)
