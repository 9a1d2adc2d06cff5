# Command-line behaviour: usage/exit statuses and robustness on bad input.
TESTS += tests/cli/checkusage.sh tests/cli/robust.sh
EXTRA_DIST += tests/cli/lib.sh tests/cli/checkusage.sh tests/cli/robust.sh
TESTS += tests/cli/manlint.sh
EXTRA_DIST += tests/cli/manlint.sh
TESTS += tests/cli/status-nohost.sh tests/cli/kconfig.sh tests/cli/arm.sh
EXTRA_DIST += tests/cli/status-nohost.sh tests/cli/kconfig.sh tests/cli/arm.sh
# sva list against the hand-written fixture sysroots of tests/data/sva
TESTS += tests/cli/sva.sh
EXTRA_DIST += tests/cli/sva.sh tests/data/sva
TESTS += tests/cli/dump.sh tests/cli/dump-full.sh
# untrusted names in messages, tables and JSON; empty host paths (issue 13)
TESTS += tests/cli/hostile.sh
EXTRA_DIST += tests/cli/hostile.sh
EXTRA_DIST += tests/cli/dump.sh tests/cli/dump-full.sh
TESTS += tests/cli/prq.sh
EXTRA_DIST += tests/cli/prq.sh tests/data/prq
TESTS += tests/cli/cgroup.sh
EXTRA_DIST += tests/cli/cgroup.sh tests/data/cgroup
# the IOASID extension's read commands on fixture hosts; tests/ext/mkgenl
# writes the genl dump files with libnl's builders
check_PROGRAMS += tests/ext/mkgenl
tests_ext_mkgenl_SOURCES = tests/ext/mkgenl.c
tests_ext_mkgenl_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS)
tests_ext_mkgenl_LDADD = $(LIBNL_LIBS)
TESTS += tests/cli/ext.sh
EXTRA_DIST += tests/cli/ext.sh
TESTS += tests/cli/sim.sh
# the emulated Arm platforms (kunpeng920, kunpeng920-debian); their SVA
# answers once the Arm reason chain is merged (status 77 before)
TESTS += tests/cli/sim-arm.sh
EXTRA_DIST += tests/cli/sim-arm.sh
TESTS += tests/cli/uapi.sh
EXTRA_DIST += tests/cli/uapi.sh
EXTRA_DIST += tests/cli/sim.sh
TESTS += tests/cli/mut.sh
EXTRA_DIST += tests/cli/mut.sh
# numbers and IDs: every command taking one (from the programs' --help)
# reads it by the one rule of ioasidctl(8) and refuses the rest alike
TESTS += tests/cli/ids.sh
EXTRA_DIST += tests/cli/ids.sh
# shell completions: every command, option and listable value completes
# (bash always; zsh where installed, else that test skips)
TESTS += tests/cli/completion.sh tests/cli/completion-zsh.sh
EXTRA_DIST += tests/cli/completion.sh tests/cli/completion-zsh.sh tests/cli/zsh-complete.zsh
# make install DESTDIR=...: the file list, a program built with pkg-config
TESTS += tests/cli/install.sh
EXTRA_DIST += tests/cli/install.sh
# ioasidctl stats: promtool on every host kind, values from oracles; and
# end to end through prometheus-node-exporter's textfile collector
TESTS += tests/cli/stats.sh tests/cli/stats-node.sh
EXTRA_DIST += tests/cli/stats.sh tests/cli/stats-node.sh
TESTS += tests/cli/monitor.sh
EXTRA_DIST += tests/cli/monitor.sh
# ioasidtop: JSON and plain frames (top.sh), the full screen in tmux
# (top-tmux.sh, skipped without tmux)
TESTS += tests/cli/top.sh tests/cli/top-tmux.sh
EXTRA_DIST += tests/cli/top.sh tests/cli/top-tmux.sh
# ioasidtop applying an emulated host's changes between frames, and reading
# it in full after a loss in the event log
TESTS += tests/cli/top-apply.sh
EXTRA_DIST += tests/cli/top-apply.sh
# one JSON name and type per key: each record type ioasidtop --snapshot
# shares with an ioasidctl command has that command's keys and types
TESTS += tests/cli/cols.sh
EXTRA_DIST += tests/cli/cols.sh
# the layer check: every include obeys its folder's rule (and catches
# planted violations)
TESTS += tests/cli/layers.sh
EXTRA_DIST += tests/cli/layers.sh
# every C file as the shipped .clang-format writes it (kernel code excepted)
TESTS += tests/cli/format.sh
EXTRA_DIST += tests/cli/format.sh
# the symbol file names exactly the IOASID_EXPORT functions the built
# library defines (and catches a planted missing, stray or unsorted name)
TESTS += tests/cli/symbols.sh
EXTRA_DIST += tests/cli/symbols.sh
# config save/apply (every saved document against the shipped JSON
# Schema), the libvirt qemu hook run as libvirt runs it, diff of captured
# real kernels against their oracle lines
TESTS += tests/cli/config.sh
EXTRA_DIST += tests/cli/config.sh
TESTS += tests/cli/libvirt-hook.sh
EXTRA_DIST += tests/cli/libvirt-hook.sh tests/data/libvirt
TESTS += tests/cli/diff.sh
EXTRA_DIST += tests/cli/diff.sh
TESTS += tests/cli/sim-hostile.sh
EXTRA_DIST += tests/cli/sim-hostile.sh
TESTS += tests/cli/stats-drop.sh
EXTRA_DIST += tests/cli/stats-drop.sh
TESTS += tests/cli/replay.sh
EXTRA_DIST += tests/cli/replay.sh
TESTS += tests/cli/stdout.sh
EXTRA_DIST += tests/cli/stdout.sh
# the fault-injection shim (LD_PRELOAD): the Nth write, rename or sync fails
# or stops the process; built without the sanitizers (it is preloaded into
# the sanitized programs too, see tests/cli/faults.sh)
check_LTLIBRARIES = tests/fault/libfault.la
tests_fault_libfault_la_SOURCES = tests/fault/fault.c
tests_fault_libfault_la_CFLAGS = $(WARN_CFLAGS)
tests_fault_libfault_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
tests_fault_libfault_la_LIBADD = -ldl
TESTS += tests/cli/signals.sh
EXTRA_DIST += tests/cli/signals.sh
TESTS += tests/cli/faults.sh
EXTRA_DIST += tests/cli/faults.sh
