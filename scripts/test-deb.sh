#!/usr/bin/env bash
# The Debian packages, built and installed for real (scripts/test.sh pass 4;
# minutes, so not in make check):
#  1. dpkg-buildpackage -us -uc -b on a copy of the tree (its tracked and
#     new files), without make check (DEB_BUILD_OPTIONS=nocheck: pass 1 of
#     scripts/test.sh runs it on the same tree);
#  2. lintian at its default level: no error, no warning (the overrides in
#     debian/*.lintian-overrides say why);
#  3. the packages' file lists (dpkg -c);
#  4. a clean Debian 12 root (debootstrap --variant=minbase from the host's
#     Debian mirror, in a private mount namespace): apt-get install ./*.deb,
#     then ioasidctl status, sim init + list, the bash completion, man
#     ioasidctl, pkg-config for libioasid-dev, the timer enabled; then
#     apt-get purge --autoremove and nothing is left (no file, no package).
# Usage: scripts/test-deb.sh [OUTDIR]  (default /var/tmp/ioasidctl-deb: the
# .debs, lintian.txt, files.txt, times.txt stay there)
# Exit 0 / 1; 77 (skip) with the reason where it cannot run: not root, a
# tool missing, not a git checkout, the mirror unreachable.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/var/tmp/ioasidctl-deb}
suite=bookworm
skip() { echo "SKIP: test-deb: $*"; exit 77; }
fail() { echo "FAIL: test-deb: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap, chroot, mounts)"
for t in dpkg-buildpackage dh lintian debootstrap unshare git; do
	command -v "$t" >/dev/null || skip "$t not installed (scripts/install-deps.sh installs it)"
done
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 || skip "$top is not a git checkout (the copy is made from git ls-files)"
# the host's Debian mirror (deb822 or one-line sources), else deb.debian.org
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
	sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/\{0,1\}$/\1/p; s/^deb  *\(http[^ ]*\/debian\)\/\{0,1\} .*/\1/p' | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
# and apt's proxy, if it has one (debootstrap and the chroot's apt-get read
# http_proxy from the environment)
eval "$(apt-config shell http_proxy Acquire::http::Proxy 2>/dev/null)"
[ -z "${http_proxy:-}" ] || export http_proxy

now() { date +%s; }
t_start=$(now)
rm -rf "$out"
mkdir -p "$out" || fail "cannot create $out"
work=$(mktemp -d -p /var/tmp ioasidctl-deb.XXXXXX) || fail "mktemp"
dbs_pid=""
# (a failed build waits for debootstrap before removing its root)
trap '[ -z "$dbs_pid" ] || wait "$dbs_pid" 2>/dev/null; rm -rf "$work"' EXIT
: >"$out/times.txt"
phase() { echo "$1 $(($(now) - $2))s" | tee -a "$out/times.txt"; }

# ---- 4a. the clean root, made while the packages build (debootstrap
# waits on the network and the disk, the build on the CPU): in a private
# mount namespace, so whatever it mounts goes away with it ----
root=$work/root
(
	t=$(now)
	unshare --mount --propagation private \
		debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$out/debootstrap.log" 2>&1
	echo "$? $(($(now) - t))" >"$work/debootstrap.rc"
) &
dbs_pid=$!

# ---- 1. build ----
t=$(now)
mkdir "$work/src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	tar --null -T - -cf - 2>/dev/null) | tar -xf - -C "$work/src" || fail "copying the tree"
(cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -us -uc -b) \
	>"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; fail "dpkg-buildpackage failed (log: $out/build.log)"; }
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out/"
phase build "$t"
debs=$(cd "$out" && ls ./*.deb | grep -v dbgsym)
echo "packages: $(echo $debs)"

# ---- 2. lintian ----
t=$(now)
lintian --fail-on error,warning "$out"/*.changes >"$out/lintian.txt" 2>&1
lrc=$?
grep -v 'running with root privileges' "$out/lintian.txt"
phase lintian "$t"
[ "$lrc" -eq 0 ] || fail "lintian reports errors or warnings ($out/lintian.txt)"
echo "lintian: no error, no warning"

# ---- 3. file lists ----
for d in $debs; do
	echo "== $d"
	dpkg -c "$out/$d"
done >"$out/files.txt"
cat "$out/files.txt"

# ---- 4b. install in the clean root, check, purge ----
t=$(now)
wait "$dbs_pid"
dbs_pid=""
read -r drc dsec <"$work/debootstrap.rc"
echo "debootstrap --variant=minbase $suite $mirror: ${dsec}s (beside the build)" | tee -a "$out/times.txt"
if [ "$drc" -ne 0 ]; then
	if grep -Eq 'Failed getting release file|Couldn.t download|Temporary failure resolving|Failure trying to run' "$out/debootstrap.log"; then
		skip "debootstrap cannot reach $mirror: $(grep -E '^E:' "$out/debootstrap.log" | head -n 1)"
	fi
	tail -5 "$out/debootstrap.log"
	fail "debootstrap failed ($out/debootstrap.log)"
fi
# debootstrap and every mount in a private mount namespace: they all go
# away with it, whatever happens
unshare --mount --propagation private bash -s "$root" "$mirror" "$suite" "$out" "$debs" \
	>"$out/chroot.log" 2>&1 <<'CHROOT'
set -uo pipefail
root=$1 mirror=$2 suite=$3 out=$4 debs=$5
ok=0 bad=0
check() { if eval "$2"; then echo "ok - $1"; ok=$((ok + 1)); else echo "not ok - $1"; bad=$((bad + 1)); fi; }
mount -t proc proc "$root/proc" && mount --rbind /sys "$root/sys" && mount --rbind /dev "$root/dev" ||
	{ echo "SKIP-REASON: cannot mount proc/sys/dev in the chroot"; exit 77; }
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
inroot() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
	DEBIAN_FRONTEND=noninteractive ${http_proxy:+http_proxy=$http_proxy} "$@"; }
# what the checks themselves use, installed before the baseline
inroot apt-get update -qq >/dev/null && inroot apt-get install -y -qq --no-install-recommends man-db bash-completion pkg-config >/dev/null ||
	{ echo "apt-get in the chroot failed"; exit 1; }
# the baseline: every path but the package manager's state, caches and logs
listing() {
	(cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp -o -path ./run \
		-o -path ./var/lib/dpkg -o -path ./var/lib/apt -o -path ./var/cache -o -path ./var/log \) -prune -o -print) | sort
}
listing >"$root/../before.txt"
mkdir -p "$root/tmp/debs"
for d in $debs; do cp "$out/$d" "$root/tmp/debs/"; done
t=$(date +%s)
# apt-get install ./*.deb, as a user would (the dependencies from the mirror)
inroot sh -c 'cd /tmp/debs && apt-get install -y -qq --no-install-recommends ./*.deb' >"$out/apt-install.log" 2>&1
rc=$?
check "apt-get install ./*.deb exits 0 ($(($(date +%s) - t))s)" '[ $rc -eq 0 ]'
check "dpkg knows the three packages installed" \
	'[ "$(inroot dpkg-query -W -f="\${Status}\n" ioasidctl libioasid0 libioasid-dev 2>/dev/null | grep -c "install ok installed")" -eq 3 ]'
inroot ioasidctl status >"$out/status.txt" 2>&1; rc=$?
check "ioasidctl status exits 0 (the host's kernel, seen from the chroot)" '[ $rc -eq 0 ] && grep -q "^PASID:" "$out/status.txt"'
inroot ioasidctl sim init /tmp/host --vms 2 >/dev/null 2>&1
rc=$?
check "ioasidctl sim init /tmp/host --vms 2" '[ $rc -eq 0 ]'
inroot ioasidctl --sim /tmp/host list >"$out/list.txt" 2>&1
# sim init: per VM an mm set holding two IOASIDs (ioasidctl-sim(8))
check "ioasidctl --sim list: 4 IOASIDs of 2 VMs" '[ "$(grep -c "^ *[0-9]" "$out/list.txt")" -eq 4 ]'
comp=$(inroot bash -c '. /usr/share/bash-completion/bash_completion
	_completion_loader ioasidctl
	f=$(complete -p ioasidctl | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
	COMP_WORDS=(ioasidctl st); COMP_CWORD=1; COMP_LINE="ioasidctl st"; COMP_POINT=${#COMP_LINE}
	"$f" ioasidctl st ioasidctl; echo "${COMPREPLY[*]}"' 2>&1)
check "bash completion, loaded as bash-completion loads it: ioasidctl st<TAB> -> $comp" \
	'echo " $comp " | grep -q " stats " && echo " $comp " | grep -q " status "'
inroot man -P cat ioasidctl >"$out/man.txt" 2>/dev/null
check "man ioasidctl" 'grep -q "ioasidctl" "$out/man.txt" && [ "$(wc -l <"$out/man.txt")" -gt 20 ]'
check "man 7 ioasidctl-alerts (the runbook)" 'inroot man -P cat 7 ioasidctl-alerts 2>/dev/null | grep -q IOASIDCapacityExhausted'
check "the rules in /usr/share/ioasidctl/prometheus" '[ -s "$root/usr/share/ioasidctl/prometheus/ioasid-rules.yml" ]'
check "the timer enabled (timers.target.wants)" '[ -L "$root/etc/systemd/system/timers.target.wants/ioasidctl-stats.timer" ]'
check "pkg-config --cflags --libs libioasid (libioasid-dev and its dependencies)" \
	'inroot pkg-config --cflags --libs libioasid | grep -q -- "-lioasid"'
check "libioasid.so.0 resolved by the dynamic linker" \
	'inroot ldd /usr/bin/ioasidctl | grep -Eq "libioasid.so.0 => (/usr)?/lib/[^ ]+/libioasid.so.0 "'
t=$(date +%s)
inroot apt-get purge -y -qq --autoremove ioasidctl libioasid0 libioasid-dev >"$out/apt-purge.log" 2>&1
rc=$?
check "apt-get purge --autoremove exits 0 ($(($(date +%s) - t))s)" '[ $rc -eq 0 ]'
check "no package of ours known to dpkg (not even config-files)" \
	'! inroot dpkg-query -W -f="\${Package} \${Status}\n" 2>/dev/null | grep -E "^(ioasidctl|libioasid)"'
inroot rm -rf /tmp/debs /tmp/host
listing >"$root/../after.txt"
diff "$root/../before.txt" "$root/../after.txt" >"$out/left.txt"
check "nothing left: the same files as before the install" '[ ! -s "$out/left.txt" ]'
[ -s "$out/left.txt" ] && cat "$out/left.txt"
echo "$ok passed, $bad failed"
[ "$bad" -eq 0 ]
CHROOT
crc=$?
cat "$out/chroot.log"
phase chroot "$t"
phase total "$t_start"
if [ "$crc" -eq 77 ]; then
	skip "$(sed -n 's/^SKIP-REASON: //p' "$out/chroot.log")"
fi
[ "$crc" -eq 0 ] || fail "the install test failed ($out/chroot.log)"
echo "test-deb: ok (artefacts in $out)"
