# Command-line behaviour: usage/exit statuses and robustness on bad input.
TESTS += tests/cli/checkusage.sh tests/cli/robust.sh
EXTRA_DIST += tests/cli/lib.sh tests/cli/checkusage.sh tests/cli/robust.sh
TESTS += tests/cli/manlint.sh
EXTRA_DIST += tests/cli/manlint.sh
TESTS += tests/cli/dump.sh tests/cli/dump-full.sh
EXTRA_DIST += tests/cli/dump.sh tests/cli/dump-full.sh
