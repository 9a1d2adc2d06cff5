#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Build the libFuzzer harnesses fuzz/fuzz_*.c (except the PCI one, see
# fuzz/pci.mk) with clang -fsanitize=fuzzer,address,undefined against the
# library sources directly, then either
#   run-fuzzers.sh [SECONDS]   fuzz each harness for SECONDS (default 30),
#                              starting from the seeds in fuzz/corpus/NAME
#   run-fuzzers.sh --regress   run each harness once over its committed
#                              corpus (-runs=0): the `make check` entry,
#                              also selected by FUZZ_REGRESS=1
# Exits 0 when all ran clean, 1 on a crash/leak/sanitizer report or a
# build failure, 77 (automake "skip") when clang's libFuzzer is missing.
# Environment: CLANG (default clang), FUZZ_BUILD (default
# $top_builddir/fuzz/build), FUZZ_JOBS unused; artifacts of crashes land
# in $FUZZ_BUILD/artifacts.
set -u

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-.}
srcdir=$(cd "$srcdir" && pwd)
builddir=$(cd "$builddir" && pwd)
build=${FUZZ_BUILD:-$builddir/fuzz/build}
CLANG=${CLANG:-clang}
NAMES="config_doc libvirt_xml kmsg kconfig cpuinfo release resv_regions amd idxd_evl idxd_attrs dump_read dump_chain acpi interrupts per_cpu_count regset prq_trace mountinfo misc proc_cgroup genl ext_sysfs sim_state sim_genl sim_uapi metrics uevent kmsg_event ntf kallsyms"
LIBSRC="core/ctx core/path core/confine core/utf8 core/lazy-archive stock/kernel stock/kallsyms stock/kconfig stock/amd stock/vtd stock/group stock/idxd-parse core/record dump/dump-read dump/dump-tmp stock/acpi stock/pci-caps stock/interrupts stock/debugfs-vtd stock/prq stock/prqtrace stock/tracefs stock/iommu stock/vtdmode cgroup/cgroup cgroup/cgroup-misc cgroup/cgroup-ioasids ext/ext-sysfs ext/ext-genl ext/ext-genl-live model/model-ds model/model model/model-notify model/model-cgroup model/model-proc model/model-check model/model-restore sim/sim-state sim/sim-genl sim/sim-uapi events/events events/events-uevent events/events-kmsg events/events-ioasid events/events-cgroup sim/sim sim/sim-fs sim/sim-render sim/sim-platform sim/sim-acpi sim/sim-check"

mode=fuzz
secs=30
case "${1:-}" in
--regress) mode=regress ;;
'') [ "${FUZZ_REGRESS:-0}" = 1 ] && mode=regress ;;
*[!0-9]*) echo "usage: $0 [SECONDS|--regress]" >&2; exit 2 ;;
*) secs=$1 ;;
esac

mkdir -p "$build/obj" "$build/artifacts" || exit 1

# libFuzzer present? (clang missing, or clang without compiler-rt fuzzer)
probe=$build/probe.c
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$probe"
if ! command -v "$CLANG" >/dev/null 2>&1 ||
   ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$build/probe" "$probe" >/dev/null 2>&1; then
	echo "SKIP: $CLANG with libFuzzer (-fsanitize=fuzzer) is not available" >&2
	exit 77
fi

archive_cflags="$(pkg-config --cflags libarchive json-c libnl-3.0 libnl-genl-3.0 2>/dev/null)"
archive_libs="$(pkg-config --libs libarchive 2>/dev/null || echo -larchive) \
	$(pkg-config --libs json-c 2>/dev/null || echo -ljson-c) \
	$(pkg-config --libs libnl-3.0 libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3)"
cfg=
[ -f "$builddir/config.h" ] && cfg="-include $builddir/config.h"
CFLAGS="-g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -D_GNU_SOURCE \
	-Wall -Wextra -Werror -Wno-unused-command-line-argument \
	-I$srcdir/src/lib -I$srcdir/src/lib/include -I$srcdir/src/cmd -I$srcdir/fuzz $cfg $archive_cflags"

# newer SRC... than TARGET? (shell functions share variables: own names)
stale() {
	_stale_t=$1
	shift
	[ -f "$_stale_t" ] || return 0
	for _stale_s; do
		[ "$_stale_s" -nt "$_stale_t" ] && return 0
	done
	return 1
}

headers="$srcdir/src/lib/*/*.h $srcdir/fuzz/fuzz_common.h"
objs=
for s in $LIBSRC; do
	o=$build/obj/$(echo "$s" | tr / -).o
	# shellcheck disable=SC2086
	if stale "$o" "$srcdir/src/lib/$s.c" $headers; then
		# shellcheck disable=SC2086
		"$CLANG" $CFLAGS -fsanitize=fuzzer-no-link,address,undefined \
			-c -o "$o" "$srcdir/src/lib/$s.c" || exit 1
	fi
	objs="$objs $o"
done
for n in $NAMES; do
	b=$build/fuzz_$n
	# shellcheck disable=SC2086
	if stale "$b" "$srcdir/fuzz/fuzz_$n.c" $objs $headers; then
		# shellcheck disable=SC2086
		"$CLANG" $CFLAGS -fsanitize=fuzzer,address,undefined -o "$b" \
			"$srcdir/fuzz/fuzz_$n.c" $objs $archive_libs || exit 1
	fi
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for n in $NAMES; do
	seeds=$srcdir/fuzz/corpus/$n
	log=$build/fuzz_$n.log
	if [ "$mode" = regress ]; then
		"$build/fuzz_$n" -runs=0 -artifact_prefix="$build/artifacts/$n-" \
			"$seeds" >"$log" 2>&1
		rc=$?
		units=$(find "$seeds" -type f | wc -l)
		printf '%-14s %s seeds  %s\n' "$n" "$units" \
			"$([ $rc = 0 ] && echo ok || echo FAILED)"
	else
		work=$build/corpus/$n
		mkdir -p "$work"
		"$build/fuzz_$n" -max_total_time="$secs" -print_final_stats=1 \
			-artifact_prefix="$build/artifacts/$n-" "$work" "$seeds" >"$log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
		printf '%-14s %ss  %s execs  %s  corpus %s  %s\n' "$n" "$secs" "${execs:-?}" \
			"${cov:-cov: ?}" "$(find "$work" -type f | wc -l)" \
			"$([ $rc = 0 ] && echo ok || echo CRASH)"
	fi
	if [ $rc != 0 ]; then
		status=1
		echo "--- $n failed (exit $rc), log $log:" >&2
		grep -E 'ERROR|SUMMARY|invariant|runtime error|Test unit written' "$log" | head -20 >&2
	fi
done
exit $status
