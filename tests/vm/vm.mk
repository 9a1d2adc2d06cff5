# Real-kernel tests (tests/vm/README.md). golden.sh replays the committed
# captures against the kernel's oracle output (fast); boot.sh boots Debian's
# kernels under QEMU with this build (x86-64 about 3 minutes on 2 cores, root;
# the arm64 guests add about 6: cross build, fetch and four TCG boots).
# kmod-golden.sh checks the reference module's runs (kmod/) in the captures.
TESTS += tests/vm/golden.sh tests/vm/kmod-golden.sh tests/vm/boot.sh
EXTRA_DIST += tests/vm/golden.sh tests/vm/boot.sh tests/vm/check.sh tests/vm/run.sh \
	tests/vm/fetch-kernels.sh tests/vm/cross-arm64.sh tests/vm/mkinitramfs.sh tests/vm/capture.sh tests/vm/monitor-pci.sh tests/vm/why-all.sh tests/vm/init \
	tests/vm/commands tests/vm/kmsg-dump.c \
	tests/vm/commands-kmod tests/vm/ioasid-hold.c tests/vm/ioasid-notify.c \
	tests/vm/commands-kmod-load tests/vm/kmod-load.sh tests/vm/ioasid-probe.c \
	tests/vm/kmod-golden.sh tests/vm/kmod-knobs.sh tests/vm/README.md tests/vm/DEPENDENCIES \
	tests/vm/oracle/Kbuild tests/vm/oracle/Makefile tests/vm/oracle/oracle.c tests/vm/oracle/.clang-format

