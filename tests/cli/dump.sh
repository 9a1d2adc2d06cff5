#!/bin/sh
# ioasidctl dump and --sysroot ARCHIVE|DIR: a dump of a committed guest
# capture (tests/data/vm/6.12-vtd-sm/sysroot, read from a real 6.12 kernel)
# replays to the same JSON for every command in its manifest, as an archive
# and unpacked; --redact drops the hostname; an unwritable output directory
# is one stderr line and exit 5 with no file left; a hostile archive is
# refused with one line naming the member and exit 1 (issue 13's exploit
# too: a hard link to a symlink that leads out from the hard link's place),
# and the same tree unpacked by tar reads nothing of this host.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
command -v tar >/dev/null || { echo "SKIP: tar not installed"; exit 77; }
src=${top_srcdir:-.}/tests/data/vm/6.12-vtd-sm/sysroot
[ -d "$src" ] || { echo "SKIP: no capture at $src"; exit 77; }
tmp=$(mktemp -d)
# replays unpack under $TMPDIR: a private one, so that other runs on the
# machine cannot make "leaves no temporary directory" fail
export TMPDIR="$tmp/tmpdir"
mkdir -p "$TMPDIR"
chmod 755 "$tmp"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# a copy of the capture with a hostname to redact
cp -a "$src" "$tmp/host"
echo "secret-host-4711" >"$tmp/host/proc/sys/kernel/hostname" 2>/dev/null ||
	{ mkdir -p "$tmp/host/proc/sys/kernel"; echo "secret-host-4711" >"$tmp/host/proc/sys/kernel/hostname"; }

"$IOASIDCTL" --sysroot "$tmp/host" dump -o "$tmp/d.tar.gz" 2>"$tmp/err"; rc=$?
check "dump exits 0" [ "$rc" -eq 0 ]
check "dump wrote an archive" [ -s "$tmp/d.tar.gz" ]
tar xzf "$tmp/d.tar.gz" -C "$tmp" ioasid-dump/manifest.json
m=$tmp/ioasid-dump/manifest.json
check "manifest format_version 1" [ "$(jq .format_version "$m")" = 1 ]
check "manifest kernel_release from the capture" \
	[ "$(jq -r .kernel_release "$m")" = "$(cat "$src/proc/sys/kernel/osrelease")" ]
check "manifest time is UTC ISO 8601" match "$(jq -r .time "$m")" \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
check "manifest hostname" [ "$(jq -r .hostname "$m")" = secret-host-4711 ]
check "manifest records ENOENT by name" \
	[ "$(jq -r '.errors["/sys/firmware/acpi/tables/IVRS"]' "$m")" = ENOENT ]
for c in "status -J" "iommu list -J" "device list --all -J" "group list -J"; do
	check "manifest has '$c'" [ "$(jq --arg c "$c" '.commands | has($c)' "$m")" = true ]
done

# every command of the manifest replays identically; host.root names the
# input (the capture, the archive, the directory), so it is left out
norm() { jq -S 'del(.host.root)' "$@"; }
rm -rf "$tmp/ioasid-dump"
tar xzf "$tmp/d.tar.gz" -C "$tmp"
jq -r '.commands | keys[]' "$m" >"$tmp/cmds"
while read -r c; do
	jq --arg c "$c" '.commands[$c].output' "$m" | norm >"$tmp/want"
	# shellcheck disable=SC2086
	"$IOASIDCTL" --sysroot "$tmp/host" $c | norm >"$tmp/direct"
	# shellcheck disable=SC2086
	"$IOASIDCTL" --sysroot "$tmp/d.tar.gz" $c | norm >"$tmp/arch"
	# shellcheck disable=SC2086
	"$IOASIDCTL" --sysroot "$tmp/ioasid-dump" $c | norm >"$tmp/dir"
	check "'$c': manifest = the capture read directly" cmp -s "$tmp/want" "$tmp/direct"
	check "'$c': replay of the archive = manifest" cmp -s "$tmp/want" "$tmp/arch"
	check "'$c': replay of the unpacked dump = manifest" cmp -s "$tmp/want" "$tmp/dir"
done <"$tmp/cmds"
check "manifest lists 4 or more commands" [ "$(wc -l <"$tmp/cmds")" -ge 4 ]
check "the replay leaves no temporary directory" \
	[ -z "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'ioasidctl-dump.*' -newer "$tmp/d.tar.gz" 2>/dev/null)" ]

# --redact
"$IOASIDCTL" --sysroot "$tmp/host" dump --redact -o "$tmp/r.tar.gz" 2>/dev/null; rc=$?
check "dump --redact exits 0" [ "$rc" -eq 0 ]
check "--redact: manifest hostname null" \
	[ "$(tar xzOf "$tmp/r.tar.gz" ioasid-dump/manifest.json | jq -r .hostname)" = null ]
check "--redact: manifest says so" match \
	"$(tar xzOf "$tmp/r.tar.gz" ioasid-dump/manifest.json | jq -c .redacted)" hostname
check "--redact: the hostname is in no member" \
	[ "$(tar xzOf "$tmp/r.tar.gz" | grep -c secret-host-4711)" -eq 0 ]
check "without --redact the hostname member is kept" \
	[ "$(tar xzOf "$tmp/d.tar.gz" | grep -c secret-host-4711)" -ge 1 ]

# --max-file-size cuts members and says which
"$IOASIDCTL" --sysroot "$tmp/host" dump --max-file-size 1K -o "$tmp/s.tar.gz" 2>/dev/null
rel=$(cat "$src/proc/sys/kernel/osrelease")
check "--max-file-size 1K: the kernel config is listed as truncated" [ "$(tar xzOf \
	"$tmp/s.tar.gz" ioasid-dump/manifest.json | jq --arg p "/boot/config-$rel" '.truncated[$p].kept')" = 1024 ]
"$IOASIDCTL" dump --max-file-size 12Q -o "$tmp/x.tar.gz" 2>/dev/null; rc=$?
check "--max-file-size garbage exits 2" [ "$rc" -eq 2 ]
"$IOASIDCTL" dump 2>/dev/null; rc=$?
check "dump without -o exits 2" [ "$rc" -eq 2 ]

# -o - writes the archive to stdout
"$IOASIDCTL" --sysroot "$tmp/host" dump -o - 2>/dev/null >"$tmp/stdout.tar.gz"
check "-o - writes the archive to stdout" \
	match "$(tar tzf "$tmp/stdout.tar.gz" 2>/dev/null | head -n 2 | tr '\n' ' ')" "manifest.json"

# unwritable output directory: exit 5, one line, nothing left
mkdir "$tmp/ro"
chmod 555 "$tmp/ro"
asuser=
if [ "$(id -u)" -eq 0 ]; then
	asuser="setpriv --reuid=65534 --regid=65534 --clear-groups"
	command -v setpriv >/dev/null || asuser=
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$asuser" ]; then
	$asuser "$IOASIDCTL" --sysroot "$tmp/host" dump -o "$tmp/ro/d.tar.gz" 2>"$tmp/err"; rc=$?
	check "unwritable directory exits 5" [ "$rc" -eq 5 ]
	check "unwritable directory: one stderr line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
	check "unwritable directory: names the file" match "$(cat "$tmp/err")" "ro/d.tar.gz"
	check "unwritable directory: nothing left" [ -z "$(ls -A "$tmp/ro")" ]
else
	echo "# skipped the unwritable-directory checks: root without setpriv"
fi

# hostile archives: refused with one line naming the member, exit 1
mkdir -p "$tmp/evil/ioasid-dump"
ln -s /etc "$tmp/evil/ioasid-dump/etc"
tar cf "$tmp/evil.tar" -C "$tmp/evil" ioasid-dump
"$IOASIDCTL" --sysroot "$tmp/evil.tar" status -J >/dev/null 2>"$tmp/err"; rc=$?
check "symlink to / refused: exit 1" [ "$rc" -eq 1 ]
check "symlink to / refused: one line naming the member" \
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && match "$(cat "$tmp/err")" "ioasid-dump/etc: archive member refused"
tar cf "$tmp/dotdot.tar" -C "$tmp/evil" --transform 's|ioasid-dump/etc|ioasid-dump/../x|' \
	ioasid-dump/etc 2>/dev/null
if [ -s "$tmp/dotdot.tar" ]; then
	"$IOASIDCTL" --sysroot "$tmp/dotdot.tar" status >/dev/null 2>"$tmp/err"; rc=$?
	check "../ member refused: exit 1" [ "$rc" -eq 1 ]
fi
# issue 13's exploit: a symlink 4 directories deep whose 4 ".." end at the
# dump's top (where secret/ is absent: it dangles inside), and the member
# proc/cmdline a hard link to it: from proc/ the same ".." climb out of the
# unpack directory ($TMPDIR/ioasidctl-dump.XXXXXX/ioasid-dump/proc) to
# $tmp, where secret/cmdline stands for a file of this host. Before the fix
# `status` reported the vtd mode from it ("kernel command line", sm_off).
mkdir -p "$tmp/secret" "$tmp/x/p2"
echo "intel_iommu=on,sm_off" >"$tmp/secret/cmdline"
tar xzf "$tmp/d.tar.gz" -C "$tmp/x/p2"
e=$tmp/x/p2/ioasid-dump
mkdir -p "$e/d1/d2/d3/d4"
rm -f "$e/proc/cmdline"
ln -s ../../../../secret/cmdline "$e/d1/d2/d3/d4/l"
if ln -P "$e/d1/d2/d3/d4/l" "$e/proc/cmdline" 2>/dev/null && [ -L "$e/proc/cmdline" ]; then
	# the symlink before its hard link, as an archive may order them
	(cd "$tmp/x/p2" && find ioasid-dump ! -path ioasid-dump/proc/cmdline >"$tmp/list" &&
		echo ioasid-dump/proc/cmdline >>"$tmp/list" &&
		tar cf "$tmp/hl.tar" --no-recursion -T "$tmp/list")
	check "exploit archive: proc/cmdline is a hard link member" \
		match "$(tar tvf "$tmp/hl.tar" | grep 'proc/cmdline')" "^h.*link to ioasid-dump/d1/d2/d3/d4/l"
	"$IOASIDCTL" --sysroot "$tmp/hl.tar" status -J >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "hard link to an escaping symlink refused: exit 1" [ "$rc" -eq 1 ]
	check "hard link to an escaping symlink refused: one line naming proc/cmdline" \
		[ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		match "$(cat "$tmp/err")" "ioasid-dump/proc/cmdline: archive member refused"
	check "hard link to an escaping symlink: the host's file is not read" \
		[ "$(grep -c sm_off "$tmp/out")" -eq 0 ]
	# the same tree unpacked by tar: the readers resolve in the root, so
	# proc/cmdline is ../../../../secret/cmdline of the dump (absent), and
	# the vtd mode comes from the kernel config as without a command line
	"$IOASIDCTL" --sysroot "$e" status -J >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "unpacked exploit tree: status exits 0" [ "$rc" -eq 0 ]
	check "unpacked exploit tree: the host's file is not read" \
		[ "$(jq -r .host.vtd_mode_rule "$tmp/out")" = "kernel config" ]
else
	echo "# skipped the hard-link-to-symlink checks: ln -P cannot link a symlink here"
fi
echo "not an archive" >"$tmp/garbage"
"$IOASIDCTL" --sysroot "$tmp/garbage" status >/dev/null 2>"$tmp/err"; rc=$?
check "garbage as --sysroot: exit 1, one line" eval '[ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]'
# a hostname that is not UTF-8 (the kernel keeps any bytes: kernel/sys.c
# sethostname() copies them as given) still makes a valid JSON manifest
# (RFC 8259 8.1): the bad byte is U+FFFD, the control character escaped
printf 'bad\377\033host\n' >"$tmp/host/proc/sys/kernel/hostname"
"$IOASIDCTL" --sysroot "$tmp/host" dump -o "$tmp/u.tar.gz" 2>"$tmp/err"; rc=$?
check "dump of a host with a non-UTF-8 hostname exits 0" [ "$rc" -eq 0 ]
tar xzOf "$tmp/u.tar.gz" ioasid-dump/manifest.json >"$tmp/u.json"
check "  its manifest is UTF-8" eval 'iconv -f UTF-8 -t UTF-8 "$tmp/u.json" >/dev/null 2>&1'
check "  and JSON, the hostname with U+FFFD" \
	eval '[ "$(jq -r ".hostname == \"bad\\ufffd\\u001bhost\"" "$tmp/u.json")" = true ]'
finish
