# Command-line behaviour: usage/exit statuses and robustness on bad input.
TESTS += tests/cli/checkusage.sh tests/cli/robust.sh
EXTRA_DIST += tests/cli/lib.sh tests/cli/checkusage.sh tests/cli/robust.sh
TESTS += tests/cli/manlint.sh
EXTRA_DIST += tests/cli/manlint.sh
# sva list against the hand-written fixture sysroots of tests/data/sva
TESTS += tests/cli/sva.sh
EXTRA_DIST += tests/cli/sva.sh tests/data/sva
TESTS += tests/cli/dump.sh tests/cli/dump-full.sh
EXTRA_DIST += tests/cli/dump.sh tests/cli/dump-full.sh
TESTS += tests/cli/prq.sh
EXTRA_DIST += tests/cli/prq.sh tests/data/prq
TESTS += tests/cli/cgroup.sh
EXTRA_DIST += tests/cli/cgroup.sh tests/data/cgroup
TESTS += tests/cli/sim.sh
EXTRA_DIST += tests/cli/sim.sh
