# The conformance suite against the reference kernel module (kmod/) through
# /dev/ioasid-conf: exits 77 where the module is not loaded with
# conformance=1 (every host build); the VM guest runs it for real
# (tests/vm/commands). conf_diff applies one seeded random sequence of
# impl.h operations to the model and to the module and compares every
# result. tests/vm/mkinitramfs.sh --tests copies both into the guest.
CONF_KMOD_CFLAGS = $(CONF_CFLAGS) -I$(top_srcdir)/kmod/uapi -I$(top_srcdir)/src/lib -I$(top_srcdir)/src/lib/include

check_PROGRAMS += tests/conformance/conf_kmod tests/conformance/conf_diff
TESTS += tests/conformance/conf_kmod tests/conformance/conf_diff tests/conformance/diff-selftest.sh
# conf_udiff: the same random /dev/ioasid requests to the real device and to
# the model's device layer (sim-uapi.c); its self-test runs everywhere
check_PROGRAMS += tests/conformance/conf_udiff
TESTS += tests/conformance/conf_udiff tests/conformance/udiff-selftest.sh
EXTRA_DIST += tests/conformance/udiff-selftest.sh
EXTRA_DIST += tests/conformance/diff-selftest.sh kmod/uapi/ioasid-conf.h kmod/README kmod/Kbuild kmod/Makefile \
	kmod/ioasid-core.h kmod/ioasid-kmod.h kmod/ioasid-core.c kmod/ioasid-main.c \
	kmod/ioasid-conf.c kmod/ioasid-dev.c kmod/ioasid-sysfs.c kmod/ioasid-genl.c kmod/.clang-format

tests_conformance_conf_kmod_SOURCES = $(CONF_SUITE) \
	tests/conformance/impl-kmod.h \
	tests/conformance/impl-kmod.c \
	tests/conformance/run-kmod.c
tests_conformance_conf_kmod_CFLAGS = $(CONF_KMOD_CFLAGS)
tests_conformance_conf_kmod_LDADD = $(CMOCKA_LIBS)

tests_conformance_conf_diff_SOURCES = tests/conformance/impl.h \
	tests/conformance/impl-model.h \
	tests/conformance/impl-model.c \
	tests/conformance/impl-kmod.h \
	tests/conformance/impl-kmod.c \
	tests/conformance/diff.c
tests_conformance_conf_diff_CFLAGS = $(CONF_KMOD_CFLAGS)
tests_conformance_conf_diff_LDADD = src/lib/libioasid-internal.la

tests_conformance_conf_udiff_SOURCES = tests/conformance/udiff.c \
	tests/conformance/udiff-genl.h tests/conformance/udiff-genl.c
tests_conformance_conf_udiff_CFLAGS = $(CONF_KMOD_CFLAGS)
tests_conformance_conf_udiff_LDADD = src/lib/libioasid-internal.la
