#!/bin/sh
# The admin knobs of the reference module's /sys/kernel/ioasid (ioasid-abi(7)
# SYSFS), run by the guest while ioasid-hold holds 3 IOASIDs in set 1
# (commands-kmod). One line per step: "STEP ok|ERROR-TEXT VALUES...", where
# VALUES are the files read back after the step. kmod-golden.sh derives the
# expected lines from the ABI page's rules and the holder's record.
d=/sys/kernel/ioasid
w() { # STEP FILE VALUE: write, then print the outcome and the counters
	# dd names the errno of the failed write: "dd: error writing 'F': TEXT"
	if err=$(printf '%s\n' "$3" | dd of="$d/$2" 2>&1); then
		res=ok
	else
		res=$(printf '%s\n' "$err" | sed -n 's/^dd: .*: //p' | head -n 1 | sed 's/ /_/g')
	fi
	echo "$1 $res avail=$(cat $d/capacity/available) reserved=$(cat $d/capacity/reserved)" \
		"quota=$(cat $d/sets/1/quota) default=$(cat $d/default_quota)"
}
w reserve-4096 capacity/reserve 4096
w reserve-too-many capacity/reserve 99999999
w cancel-too-many capacity/cancel 4097
w cancel-4096 capacity/cancel 4096
w reserve-all capacity/reserve 0
w cancel-all capacity/cancel "$(cat $d/capacity/reserved)"
w reserve-garbage capacity/reserve abc
w quota-below-allocated sets/1/quota 2
w quota-zero sets/1/quota 0
w quota-negative sets/1/quota -1
w quota-2048 sets/1/quota 2048
w quota-hex sets/1/quota 0x400
w quota-too-big sets/1/quota 99999999
w default-zero default_quota 0
w default-2048 default_quota 2048
w default-1024 default_quota 1024
