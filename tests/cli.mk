# Command-line behaviour: usage/exit statuses and robustness on bad input.
TESTS += tests/cli/checkusage.sh tests/cli/robust.sh
EXTRA_DIST += tests/cli/lib.sh tests/cli/checkusage.sh tests/cli/robust.sh
TESTS += tests/cli/manlint.sh
EXTRA_DIST += tests/cli/manlint.sh
TESTS += tests/cli/cgroup.sh
EXTRA_DIST += tests/cli/cgroup.sh tests/data/cgroup
