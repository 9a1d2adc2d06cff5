#!/bin/sh
# The systemd units of dist/systemd: `systemd-analyze verify` accepts them
# without a word (and does complain about planted mistakes, so its silence
# means something); the hardening the units promise is there (read-only
# file system but the collector's directory, no new privileges, exactly
# CAP_SYS_ADMIN and CAP_SYSLOG); `systemd-analyze security --offline`
# rates the service at most 3.0 ("OK"); the directory it may write is the
# one of the file it writes, Debian's node_exporter textfile directory;
# the ExecStart command line, run as systemd would run it (the variable
# expanded, on an emulated host), writes a file promtool accepts; the
# Makefile's copy has its @bindir@ replaced.
# Skips (77) where systemd-analyze is missing or cannot verify a unit at all.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v systemd-analyze >/dev/null ||
	{ echo "SKIP: systemd-analyze not installed (Debian package systemd)"; exit 77; }
src=$(cd "${top_srcdir:-.}" && pwd)
build=$(cd "${top_builddir:-build}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/probe" "$tmp/u" "$tmp/bad"
verify() { systemd-analyze verify --man=no "$@" >"$tmp/out" 2>&1; }

# can it verify anything here? (it builds a test manager: some sandboxes
# refuse what that needs)
printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$tmp/probe/probe.service"
if ! verify "$tmp/probe/probe.service" || [ -s "$tmp/out" ]; then
	echo "SKIP: systemd-analyze verify cannot check even a trivial unit here: $(head -n 1 "$tmp/out")"
	exit 77
fi

# the units, ExecStart pointing at the built program (verify wants it to
# exist and be executable)
svc=$tmp/u/ioasidctl-stats.service
tmr=$tmp/u/ioasidctl-stats.timer
sed "s|@bindir@/ioasidctl|$IOASIDCTL|" "$src/dist/systemd/ioasidctl-stats.service.in" >"$svc"
cp "$src/dist/systemd/ioasidctl-stats.timer" "$tmr"
verify "$tmr" "$svc"; rc=$?
sed 's/^/# /' "$tmp/out"
check "systemd-analyze verify: the timer and the service, exit 0" [ "$rc" -eq 0 ]
check "systemd-analyze verify: not a word" [ ! -s "$tmp/out" ]

# planted mistakes are reported
sed 's/^ProtectSystem=strict/ProtectSystm=strict/' "$svc" >"$tmp/bad/a.service"
verify "$tmp/bad/a.service"
check "verify reports a misspelt setting" grep -q "ProtectSystm" "$tmp/out"
sed 's/^NoNewPrivileges=yes/NoNewPrivileges=maybe/' "$svc" >"$tmp/bad/b.service"
verify "$tmp/bad/b.service"
check "verify reports a bad value" grep -q "maybe" "$tmp/out"
sed "s|^ExecStart=.*|ExecStart=$tmp/nonexistent stats|" "$svc" >"$tmp/bad/c.service"
verify "$tmp/bad/c.service"
check "verify reports a missing program" grep -q "nonexistent" "$tmp/out"

# the hardening (the reasons are in the unit file's comments)
has() { grep -qx "$1" "$svc" || { echo "# missing: $1"; return 1; }; }
check "ProtectSystem=strict" has 'ProtectSystem=strict'
check "NoNewPrivileges=yes" has 'NoNewPrivileges=yes'
check "capabilities: CAP_SYS_ADMIN (PCI config space) and CAP_SYSLOG (/dev/kmsg) only" \
	has 'CapabilityBoundingSet=CAP_SYS_ADMIN CAP_SYSLOG'
check "one ReadWritePaths= line" [ "$(grep -c '^ReadWritePaths=' "$svc")" -eq 1 ]
check "no PrivateDevices= or ProtectKernelLogs= (they hide /dev/kmsg)" \
	eval '! grep -Eq "^(PrivateDevices|ProtectKernelLogs)=yes" "$svc"'
check "/dev/kmsg readable through the device policy" has 'DeviceAllow=/dev/kmsg r'
file=$(sed -n 's/^Environment=IOASIDCTL_STATS_FILE=//p' "$svc")
rw=$(sed -n 's/^ReadWritePaths=-\{0,1\}//p' "$svc")
check "it writes $file, in Debian's textfile directory" \
	[ "$file" = /var/lib/prometheus/node-exporter/ioasid.prom ]
check "ReadWritePaths= is the directory of the file ($rw)" [ "$rw" = "$(dirname "$file")" ]
check "the service runs only where that directory is" \
	has "ConditionPathIsDirectory=$rw"
# Debian's prometheus-node-exporter reads that directory by default
exporter=$(command -v prometheus-node-exporter || true)
if [ -n "$exporter" ]; then
	check "prometheus-node-exporter's default textfile directory is $rw" \
		eval '"$exporter" --help 2>&1 | grep -q -- "--collector.textfile.directory=\"$rw\""'
else
	echo "# prometheus-node-exporter not installed: its default directory not compared"
fi

# systemd's own exposure rating of the service, offline
if systemd-analyze security --offline=yes "$svc" >"$tmp/sec" 2>&1; then
	level=$(sed -n 's/.*Overall exposure level for ioasidctl-stats.service: \([0-9.]*\).*/\1/p' "$tmp/sec")
	echo "# systemd-analyze security --offline: $(grep 'Overall exposure' "$tmp/sec")"
	check "exposure level $level <= 3.0" awk -v l="$level" 'BEGIN { exit !(l != "" && l <= 3.0) }'
else
	echo "# systemd-analyze security --offline unavailable: $(head -n 1 "$tmp/sec")"
fi

# ExecStart as systemd runs it: ${IOASIDCTL_STATS_FILE} expanded, here on
# an emulated host and into a private directory
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 1 >/dev/null || echo "not ok - sim init"
out=$tmp/textfile/ioasid.prom
mkdir "$tmp/textfile"
cmd=$(sed -n 's/^ExecStart=//p' "$svc" | sed "s|\${IOASIDCTL_STATS_FILE}|$out|")
IOASIDCTL_SIM=$d sh -c "$cmd" 2>"$tmp/err"; rc=$?
check "ExecStart writes the file (exit $rc)" eval '[ "$rc" -eq 0 ] && [ -s "$out" ]'
check "only the file in the directory" [ "$(ls -A "$tmp/textfile")" = ioasid.prom ]
if command -v promtool >/dev/null; then
	check "promtool check metrics accepts it" eval 'promtool check metrics <"$out" >/dev/null 2>&1'
fi

# the Makefile's copy (built unless configured --without-systemdsystemunitdir)
made=$build/dist/systemd/ioasidctl-stats.service
if [ -f "$made" ]; then
	check "the built unit has no @bindir@ left" eval '! grep -q "@bindir@" "$made"'
	check "the built unit runs an absolute .../ioasidctl" \
		grep -Eq '^ExecStart=/[^ ]*/ioasidctl stats -o \$\{IOASIDCTL_STATS_FILE\}$' "$made"
else
	echo "# $made not built (configured without systemd units)"
fi
finish
