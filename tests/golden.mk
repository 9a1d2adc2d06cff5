# Golden tests on the committed real-kernel captures (tests/data/vm) that
# need no QEMU: expected values come from the guest kernel (boot lines,
# oracle module, captured /proc), not from ioasidctl.
TESTS += tests/vm/reason-golden.sh
EXTRA_DIST += tests/vm/reason-golden.sh
TESTS += tests/vm/cgroup-golden.sh
EXTRA_DIST += tests/vm/cgroup-golden.sh
TESTS += tests/vm/monitor-golden.sh
EXTRA_DIST += tests/vm/monitor-golden.sh
