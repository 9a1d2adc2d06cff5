#!/bin/sh
# Standard output that cannot be written (issue 13 item 13): a full device
# (/dev/full: ENOSPC) and a closed pipe with SIGPIPE ignored (a shell's
# trap '' PIPE: write() fails with EPIPE). Every command then prints one line
# on stderr, "ioasidctl: stdout: write error[: CAUSE]", and exits 1 (ioasidctl(8)
# EXIT STATUS: the operation failed). The output layer says it once (main's
# close_stdout()), whatever the command.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || exit 1
export IOASIDCTL_SIM="$d"

# a closed pipe, deterministically: the reader closes its end and says so
# before the writer starts (a plain `cmd | true` may write before true exits)
closed_pipe() {
	rm -f "$tmp/closed"
	(
		while [ ! -e "$tmp/closed" ]; do sleep 0.02; done
		trap '' PIPE
		"$IOASIDCTL" "$@" 2>"$tmp/err"
		echo $? >"$tmp/rc"
	) | {
		exec 0<&-
		: >"$tmp/closed"
	}
	wait
	rc=$(cat "$tmp/rc")
}
one_line() {
	[ "$(grep -c '' "$tmp/err")" -eq 1 ] && grep -q '^ioasidctl: stdout: write error' "$tmp/err"
}

for cmd in "stats" "list" "status" "iommu list" "set list -J" "set list" "capacity show" \
	"spid list -J" "cgroup list" "device list" "prq stats -J" "--version" "set list --help"; do
	# shellcheck disable=SC2086
	"$IOASIDCTL" $cmd >/dev/full 2>"$tmp/err"
	rc=$?
	check "$cmd >/dev/full: exit 1 ($rc)" [ "$rc" -eq 1 ]
	check "  one line on stderr ($(head -c 200 "$tmp/err" | tr '\n' '|'))" one_line
	# shellcheck disable=SC2086
	closed_pipe $cmd
	check "$cmd on a closed pipe, SIGPIPE ignored: exit 1 ($rc)" [ "$rc" -eq 1 ]
	check "  one line on stderr ($(head -c 200 "$tmp/err" | tr '\n' '|'))" one_line
done
finish
