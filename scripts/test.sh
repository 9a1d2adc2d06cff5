#!/usr/bin/env bash
# The README's second command: the whole test suite. Two passes:
#  1. a normal build: unit tests, lspci oracle, CLI tests, fuzz corpus
#     regression and the real-kernel vm tests;
#  2. an ASan/UBSan build (VPATH dir build-san) running the same suite
#     except the vm tests, which boot the normal build's binaries;
#  3. make distcheck: the tarball builds, passes the suite (without the
#     QEMU boots) and installs/uninstalls cleanly (about 2 minutes on 2
#     idle cores);
#  4. scripts/test-deb.sh: the Debian packages built, lintian-clean, and
#     installed, used and purged in a debootstrap root (skips, saying
#     why, where it cannot run).
# Each test's log (with the cmocka summaries) is printed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
status=0

show_logs() {
	local dir=$1
	for log in $(find "$dir/tests" "$dir/fuzz" -name '*.log' ! -name 'test-suite.log' 2>/dev/null | sort); do
		echo "---- ${log#"$dir"/}"
		cat "$log" >&2
	done
	[ -f "$dir/test-suite.log" ] && sed -n '1,12p' "$dir/test-suite.log"
}

bin=$("$top/scripts/build.sh") || exit 1
bdir=${bin#build: }
bdir=${bdir%/src/cmd/ioasidctl}
echo "== pass 1: make check ($bdir) =="
make -C "$bdir" -j2 check >/tmp/ioasidctl-check.out 2>&1 || status=1
show_logs "$bdir"
grep -E '^(# |PASS|FAIL|SKIP|ERROR|XFAIL)' /tmp/ioasidctl-check.out || true

# every benchmark at small sizes: it ran, nothing more (bench/RESULTS.md)
echo "== bench/run.sh --quick ($bdir) =="
"$top/bench/run.sh" --quick "$bdir" >/tmp/ioasidctl-bench.out 2>&1 || status=1
cat /tmp/ioasidctl-bench.out

echo "== pass 2: ASan/UBSan make check =="
"$top/scripts/build.sh" "$top/build-san" --enable-sanitizers || exit 1
IOASID_SKIP_VM="the vm tests boot the non-sanitized build (pass 1)" \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make -C "$top/build-san" -j2 check >/tmp/ioasidctl-check-san.out 2>&1 || status=1
show_logs "$top/build-san"
grep -E '^(# |PASS|FAIL|SKIP|ERROR|XFAIL)' /tmp/ioasidctl-check-san.out || true

echo "== pass 3: make distcheck ($bdir) =="
make -C "$bdir" -j2 distcheck >/tmp/ioasidctl-distcheck.out 2>&1 || status=1
grep -E '^(# |FAIL|ERROR)|archives ready' /tmp/ioasidctl-distcheck.out || tail -20 /tmp/ioasidctl-distcheck.out

echo "== pass 4: the Debian packages: build, lintian, install in a debootstrap root =="
"$top/scripts/test-deb.sh"
case $? in 0 | 77) ;; *) status=1 ;; esac
exit $status
