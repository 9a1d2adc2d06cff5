#!/bin/sh
# ioasidtop end to end in tmux: on an emulated host (ioasidctl sim init)
# another process changes the host (alloc, bind, cgroup set-limit,
# sim inject-prq) and the pane must show the new values (polled with a
# generous upper bound: no assertion on speed); a resize must redraw
# cleanly; view switch, sort, filter, help and quit by keys. Then the
# same reads on a replayed real-kernel dump (tests/data/vm).
# Expected values come from the commands' arguments, not from ioasidtop.
. "$(dirname "$0")/lib.sh"
TOP=${IOASIDTOP:-$(dirname "$IOASIDCTL")/ioasidtop}
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed"; exit 77; }
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
T() { tmux -S "$sock" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "sim init failed"; exit 1; }
# a session that outlives the others keeps the tmux server up
T -f /dev/null new-session -d -s keep "sleep 3600"

# wait_for PATTERN: poll the pane (up to 30 s: generous, never a timing check)
PANE=top
pane() { T capture-pane -p -t "$PANE"; }
wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		pane | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "--- pane (waiting for: $1) ---"
	pane
	return 1
}
eventually() {
	i=0
	while [ $i -lt 300 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
wait_gone() {
	i=0
	while [ $i -lt 300 ]; do
		pane | grep -Eq -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	pane
	return 1
}

T -f /dev/null new-session -d -s top -x 140 -y 40 \
	"env TERM=xterm-256color NO_COLOR=1 $TOP --sim $d -d 0.5; echo TOP-EXIT=\$?; sleep 600"
check "starts: host kind in the title" wait_for '^\[emulated\] ioasidtop'
check "sets view: the 2 VM sets (sets 2 and 3)" wait_for 'Sets 3 +IOASIDs 4:'

# another process changes the host; the pane follows
"$IOASIDCTL" --sim "$d" alloc --vm 4001 --count 3 >/dev/null
check "alloc 3 for VM 4001: set 2 holds 5" wait_for '^ +2 mm +4001 +1024 +5 '
check "alloc: the header counts 7 IOASIDs" wait_for 'IOASIDs 7:'
io=$("$IOASIDCTL" --sim "$d" list -r -n -o IOASID,SET | awk '$2==2 {print $1}' | tail -1)
"$IOASIDCTL" --sim "$d" bind --vm 4001 "$io" --spid 777 >/dev/null
check "bind: ioasid $io shows SPID 777 in the IOASIDs view" sh -c "
	tmux -S '$sock' send-keys -t top 2
	i=0; while [ \$i -lt 300 ]; do
		tmux -S '$sock' capture-pane -p -t top | grep -Eq '^ +$io +2 +active +[0-9]+ +777 ' && exit 0
		sleep 0.1; i=\$((i + 1)); done; tmux -S '$sock' capture-pane -p -t top; exit 1"
# the VM scope's cgroup path from the emulated host's own tree
vm1=/machine.slice/$(cd "$d/current/sys/fs/cgroup/machine.slice" && ls -d *vm1.scope)
"$IOASIDCTL" --sim "$d" cgroup set-limit "$vm1" --form ioasids 9 >/dev/null
T send-keys -t top 3
check "cgroup set-limit 9: the cgroups view shows ioasids.max 9" \
	wait_for "^ +5 +9 +0 .*vm1\\.scope"
"$IOASIDCTL" --sim "$d" sim inject-prq "$d" --ioasid "$io" --count 40 --unit dmar1 >/dev/null
check "inject-prq 40 on dmar1: 40 interrupts counted" wait_for 'PRQ dmar1 +irq 27 +40 interrupts'
T send-keys -t top 2
check "inject-prq: ioasid $io has 40 page requests" wait_for "^ +$io +2 +active .* 40 "

# keys: sort, filter, help, views
T send-keys -t top 1
check "key 1: sets view" wait_for 'view sets'
T send-keys -t top '>' '>' '>' '>' r
check "sort: ALLOCATED descending (heading marks it)" wait_for 'ALLOCATED(v)? +USE_PCT|ALLOCATEDv'
first_row() { pane | grep -A1 'ALLOCATED' | tail -1 | grep -Eq "$1"; }
check "sort desc: set 2 (5 IOASIDs) is the first row" eventually first_row '^ +2 mm'
T send-keys -t top / v m 2 Enter
check "filter vm2: only set 3 left" wait_for '1/1 rows'
check "filter vm2: the row is set 3" wait_for '^ +3 mm +4002'
T send-keys -t top / BSpace BSpace BSpace Enter
check "filter cleared: 3 rows" wait_for '/3 rows'
T send-keys -t top t
check "tree: grouped by cgroup" wait_for 'view sets.*tree'
T send-keys -t top t h
check "help on h" wait_for 'Help \(any key returns\)'
T send-keys -t top Escape
check "help closes" wait_gone 'Help \(any key returns\)'
T send-keys -t top 4
check "devices view: the DSA at 0000:6a:01.0" wait_for '0000:6a:01\.0'
T send-keys -t top 5
check "SVA view: dsa0 wq0.0" wait_for 'dsa0 +wq0\.0'
T send-keys -t top 1 Enter
check "detail pane of the first row, set 2" wait_for 'Detail: set 2'
check "detail: set 2's SPID map has 777 -> $io" wait_for "SPID 777 +-> IOASID $io"

# resize: a clean redraw at the new size
T resize-window -t top -x 70 -y 20 2>/dev/null || T resize-pane -t top -x 70 -y 20
check "resize to 70x20: redrawn" wait_for '^\[emulated\] ioasidtop'
clean() {
	p=$(pane)
	[ "$(printf '%s\n' "$p" | awk 'length > 70' | wc -l)" -eq 0 ] &&
		printf '%s\n' "$p" | grep -q '^Capacity' &&
		[ "$(printf '%s\n' "$p" | grep -c '^\[emulated\]')" -eq 1 ]
}
check "resize: one title, no line wider than 70" clean
T resize-window -t top -x 30 -y 6 2>/dev/null || T resize-pane -t top -x 30 -y 6
check "resize to 30x6: too small, host kind still shown" wait_for '^\[emulated\] terminal too small'
T resize-window -t top -x 140 -y 40 2>/dev/null || T resize-pane -t top -x 140 -y 40
check "back to 140x40" wait_for '^Capacity'
T send-keys -t top q
check "q quits with status 0" wait_for 'TOP-EXIT=0'
T kill-session -t top

# actions: a limit change from the screen, then a free, each confirmed
T -f /dev/null new-session -d -s top -x 140 -y 40 \
	"env TERM=xterm NO_COLOR=1 $TOP --sim $d -d 0.5 --view cgroups; echo TOP-EXIT=\$?; sleep 600"
check "cgroups view from --view" wait_for 'view cgroups'
T send-keys -t top / v m 2 Enter
wait_for '1/1 rows' >/dev/null
T send-keys -t top l 7 Enter
check "limit: asks for confirmation" wait_for 'Set ioasids\.max of .*vm2.* to 7\? \[y/N\]'
T send-keys -t top y
check "limit: the cgroup shows ioasids.max 7" wait_for '^ +2 +7 +0 .*vm2\.scope'
check "limit: ioasidctl reads 7 too" sh -c "
	'$IOASIDCTL' --sim '$d' cgroup list -r -n -o CGROUP,CONTROLLER,MAX | grep -Eq 'vm2\\.scope ioasids 7\$'"
check "limit: the status line shows the action's record" wait_for 'vm2\.scope: ioasids\.max [0-9a-z]+ -> 7'
# a value the one number parser refuses: the record's failure, same words
T send-keys -t top l 0 x 7 Enter
wait_for 'to 0x7\? \[y/N\]' >/dev/null
T send-keys -t top y
check "limit 0x7: the status line says why, as ioasidctl would" \
	wait_for "failed: N\|max: '0x7' is not a decimal number .*0x is not accepted"
# an idle IOASID (refs 1): free releases it at once
T send-keys -t top 2 / BSpace BSpace BSpace i d l e Enter G x
check "free: asks for confirmation" wait_for 'Free IOASID [0-9]+\? \[y/N\]'
last=$(pane | grep -Eo 'Free IOASID [0-9]+' | grep -Eo '[0-9]+$')
T send-keys -t top y
check "free: IOASID $last is gone (ioasidctl list)" sh -c "
	i=0; while [ \$i -lt 300 ]; do
		'$IOASIDCTL' --sim '$d' list -r -n -o IOASID | grep -qx '$last' || exit 0
		sleep 0.1; i=\$((i + 1)); done; exit 1"
T send-keys -t top q
check "quit after the actions" wait_for 'TOP-EXIT=0'
T kill-session -t top

# --readonly: no actions
T -f /dev/null new-session -d -s top -x 120 -y 30 \
	"env TERM=xterm $TOP --sim $d --readonly --view cgroups; sleep 600"
wait_for 'view cgroups' >/dev/null
T send-keys -t top l
check "--readonly refuses l" wait_for 'read-only'
T send-keys -t top q
T kill-session -t top

# SIGTERM restores the terminal (the shell after it prints normally)
T -f /dev/null new-session -d -s top -x 100 -y 30 \
	"env TERM=xterm $TOP --sim $d; echo TOP-EXIT=\$?; stty -a | grep -o ' echo ' ; sleep 600"
wait_for '^\[emulated\]' >/dev/null
pid=$(pgrep -f "ioasidtop --sim $d\$" | head -1)
[ -n "$pid" ] && kill -TERM "$pid"
check "SIGTERM: exits 0" wait_for 'TOP-EXIT=0'
check "SIGTERM: echo is back on" wait_for '^ echo *$'
T kill-session -t top

# Ctrl-C (SIGINT from the terminal) quits cleanly too
T -f /dev/null new-session -d -s top -x 100 -y 30 \
	"env TERM=xterm $TOP --sim $d; echo TOP-EXIT=\$?; sleep 600"
wait_for '^\[emulated\]' >/dev/null
T send-keys -t top C-c
check "Ctrl-C: exits 0" wait_for 'TOP-EXIT=0'
T kill-session -t top

# a terminal type curses does not know: the plain-text fallback
T -f /dev/null new-session -d -s top -x 100 -y 40 \
	"env TERM=no-such-terminal $TOP --sim $d -n 1 -d 0.1; echo TOP-EXIT=\$?; sleep 600"
check "unknown TERM: plain frame, exits 0" wait_for 'TOP-EXIT=0'
check "unknown TERM: the frame was printed" wait_for '^Sets [0-9]+ +IOASIDs'
T kill-session -t top

# colours: on by default, off with NO_COLOR or --no-color (capture-pane -e
# keeps the escape sequences; ANSI colours are SGR 30-37 / 40-47)
colours() { T capture-pane -p -e -t "$PANE" | grep -Eq "$(printf '\033')\\[([0-9;]*;)?[34][0-7](;[0-9;]*)?m"; }
for mode in color NO_COLOR no-color; do
	PANE=$mode
	case $mode in
	color) cmd="env TERM=xterm-256color $TOP --sim $d" ;;
	NO_COLOR) cmd="env TERM=xterm-256color NO_COLOR=1 $TOP --sim $d" ;;
	*) cmd="env TERM=xterm-256color $TOP --sim $d --no-color" ;;
	esac
	T -f /dev/null new-session -d -s $mode -x 100 -y 30 "$cmd; sleep 600"
	wait_for '^Capacity' >/dev/null
	if [ $mode = color ]; then
		check "colours by default" colours
	else
		check "no colours with $mode" sh -c "! { $(command -v tmux) -S '$sock' capture-pane -p -e -t $mode | grep -Eq \"\$(printf '\\033')\\[([0-9;]*;)?[34][0-7](;[0-9;]*)?m\"; }"
	fi
	T send-keys -t $mode q
	T kill-session -t $mode
done
PANE=top

# a replayed real-kernel dump (tests/data/vm): the host kind and the
# stock readers (no IOASID extension on a real kernel)
vm=${top_srcdir:-.}/tests/data/vm/6.12-vtd-sm
if [ -d "$vm" ]; then
	dump=$(find "$vm" -maxdepth 1 -name '*.tar*' | head -1)
	[ -n "$dump" ] || dump=$vm
	T -f /dev/null new-session -d -s top -x 120 -y 30 \
		"env TERM=xterm $TOP --sysroot $dump -d 0.2 -n 3; echo TOP-EXIT=\$?; sleep 600"
	check "replay: host kind replay" wait_for '^\[replay\] ioasidtop'
	check "replay: no extension on a stock kernel" wait_for 'no IOASID extension'
	check "replay: -n 3 exits 0" wait_for 'TOP-EXIT=0'
	T kill-session -t top
fi
finish
