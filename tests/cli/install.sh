#!/bin/sh
# make install DESTDIR=...: the binaries, libioasid with its headers and
# libioasid.pc, the man pages (sections 7 and 8) and the completions land
# in the standard places; a program built with `pkg-config --cflags --libs
# libioasid` against the installed copy runs; make uninstall removes it all.
# The expected file list comes from the source tree (its public headers
# src/lib/include/ioasid*.h, its man/ pages, its completions/), not from the
# Makefile that installs them.
. "${top_srcdir:-.}/tests/cli/lib.sh"
src=$(cd "${top_srcdir:-.}" && pwd)
build=$(cd "${top_builddir:-build}" && pwd)
command -v pkg-config >/dev/null || { echo "SKIP: pkg-config not installed"; exit 77; }
CC=${CC:-cc}
command -v "$CC" >/dev/null || { echo "SKIP: no C compiler ($CC)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

# the directories configure chose, as make sees them
vars() {
	${MAKE:-make} -s --no-print-directory -C "$build" -f Makefile -f - print-dirs <<'EOF'
print-dirs:
	@echo "prefix=$(prefix)"; echo "bindir=$(bindir)"; echo "libdir=$(libdir)"
	@echo "includedir=$(includedir)"; echo "mandir=$(mandir)"
	@echo "bashcompletiondir=$(bashcompletiondir)"; echo "zshcompletiondir=$(zshcompletiondir)"
	@echo "datadir=$(datadir)"; echo "systemdsystemunitdir=$(systemdsystemunitdir)"
EOF
}
vars >"$tmp/dirs" 2>"$tmp/err"
check "make prints the installation directories" [ -s "$tmp/dirs" ]
. "$tmp/dirs"

${MAKE:-make} -s -C "$build" install DESTDIR="$dest" >"$tmp/log" 2>&1
rc=$?
check "make install DESTDIR=... exits 0 (status $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || sed 's/^/  /' "$tmp/log" | tail -20

present() { [ -f "$dest$1" ] || { echo "  missing: $1"; return 1; }; }
check "ioasidctl in bindir ($bindir)" present "$bindir/ioasidctl"
check "ioasidctl installed executable" [ -x "$dest$bindir/ioasidctl" ]
check "libioasid.so in libdir ($libdir)" present "$libdir/libioasid.so"
ok=0
for h in "$src"/src/lib/include/ioasid.h "$src"/src/lib/include/ioasid-*.h; do
	present "$includedir/ioasidctl/$(basename "$h")" || ok=1
done
check "every public header under $includedir/ioasidctl" [ "$ok" -eq 0 ]
check "the uapi header as <ioasidctl/uapi/ioasid.h>" present "$includedir/ioasidctl/uapi/ioasid.h"
check "libioasid.pc in libdir/pkgconfig" present "$libdir/pkgconfig/libioasid.pc"
ok=0
for m in "$src"/man/*.[1-8]; do
	n=$(basename "$m")
	present "$mandir/man${n##*.}/$n" || ok=1
done
check "every man page in mandir/manN ($(ls "$src"/man/*.[1-8] | wc -l))" [ "$ok" -eq 0 ]
check "ioasid-abi.7 in section 7" present "$mandir/man7/ioasid-abi.7"
check "bash completions named as the commands ($bashcompletiondir)" \
	present "$bashcompletiondir/ioasidctl" && present "$bashcompletiondir/ioasidtop"
check "zsh completions ($zshcompletiondir)" \
	present "$zshcompletiondir/_ioasidctl" && present "$zshcompletiondir/_ioasidtop"
check "bash completion dir is bash-completion's or datadir's" \
	match "$bashcompletiondir" "(^$datadir/bash-completion/completions|$(pkg-config --variable=completionsdir bash-completion 2>/dev/null || echo /nonexistent))\$"
check "zsh completion dir is datadir/zsh/vendor-completions" [ "$zshcompletiondir" = "$datadir/zsh/vendor-completions" ]
check "config's JSON Schema in datadir/ioasidctl" present "$datadir/ioasidctl/config.schema.json"
check "the libvirt qemu hook in datadir/ioasidctl, executable" \
	eval 'present "$datadir/ioasidctl/libvirt-qemu-hook" && [ -x "$dest$datadir/ioasidctl/libvirt-qemu-hook" ]'
check "the Prometheus rules in datadir/ioasidctl/prometheus" \
	present "$datadir/ioasidctl/prometheus/ioasid-rules.yml"
if [ "$systemdsystemunitdir" != no ]; then
	check "the systemd units in $systemdsystemunitdir" \
		eval 'present "$systemdsystemunitdir/ioasidctl-stats.service" && present "$systemdsystemunitdir/ioasidctl-stats.timer"'
	check "the installed service runs bindir's ioasidctl" \
		grep -q "^ExecStart=$bindir/ioasidctl stats " "$dest$systemdsystemunitdir/ioasidctl-stats.service"
fi
# nothing outside the prefix
out=$(cd "$dest" && find . -type f | grep -v "^\.$prefix/")
check "every file under the prefix $prefix${out:+ (not: $out)}" [ -z "$out" ]

# a program against the installed library, found through pkg-config
cat >"$tmp/t.c" <<'EOF'
/* an emulated host with two VMs has three sets: VT-d's null set and
 * each VM's mm set (ioasidctl-sim(8), sim init) */
#include <stdio.h>
#include <ioasid.h>

int main(int argc, char **argv)
{
	struct ioasid_sim_init_opts o = { .vms = 2 };
	struct ioasid_error err;
	struct ioasid_ctx *ctx;
	struct ioasid_ext_set_list l;

	(void)argc;
	if (ioasid_sim_init(argv[1], &o, &err) < 0 || ioasid_sim_open(&ctx, argv[1], &err) < 0 ||
	    ioasid_ext_set_list(ctx, &l) < 0) {
		fprintf(stderr, "%s: %s\n", err.object, err.message);
		return 1;
	}
	printf("%zu sets\n", l.n);
	ioasid_ext_set_list_free(&l);
	ioasid_ctx_free(ctx);
	return 0;
}
EOF
# PKG_CONFIG_PATH comes first; the system .pc files (libioasid.pc's
# Requires.private) stay reachable
export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs libioasid)
rc=$?
check "pkg-config --cflags --libs libioasid ($flags)" [ "$rc" -eq 0 ]
check "its flags point into the installed tree" match "$flags" "-I$dest$includedir/ioasidctl.* -L$dest$libdir"
# a library built with --enable-sanitizers needs its runtime in the program
san=
ldd "$dest$libdir/libioasid.so" 2>/dev/null | grep -q libasan && san="-fsanitize=address,undefined"
# shellcheck disable=SC2086
$CC -Wall -Werror $san -o "$tmp/t" "$tmp/t.c" $flags >"$tmp/cc.log" 2>&1
rc=$?
check "a program builds against the installed library" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || sed 's/^/  /' "$tmp/cc.log" | head -20
out=$(LD_LIBRARY_PATH="$dest$libdir" "$tmp/t" "$tmp/host" 2>&1)
check "and runs: 3 sets on an emulated host with 2 VMs ($out)" [ "$out" = "3 sets" ]
check "it used the installed libioasid" \
	match "$(LD_LIBRARY_PATH="$dest$libdir" ldd "$tmp/t")" "libioasid.so.0 => $dest$libdir/"
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_PATH

${MAKE:-make} -s -C "$build" uninstall DESTDIR="$dest" >"$tmp/log" 2>&1
rc=$?
left=$(cd "$dest" && find . -type f | head -5)
check "make uninstall removes every file (status $rc)${left:+ (left: $left)}" [ "$rc" -eq 0 -a -z "$left" ]
finish
