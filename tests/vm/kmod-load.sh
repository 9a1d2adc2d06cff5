#!/bin/sh
# One case of the reference module's review tests (issue 18), run by the
# guest's /init after the main section (commands-kmod) unloaded the module:
# each case loads kmod/ioasid.ko with its own parameters, prints one line per
# step ("STEP VALUES"), and unloads it. kmod-golden.sh derives the expected
# lines from ioasid-abi(7) and what the kernel itself reports (/proc NSpid,
# memory.stat); the kernel log of all of them is checked at the end
# (kmod-kmsg: no WARNING, BUG, RCU or lockdep line).
#
# usage: kmod-load.sh abi|udiff|strict|capacity2|setid|pidns|cgroup-race|account
d=/sys/kernel/ioasid
ko=/kmod/ioasid.ko
case=$1
t=/tmp/kmod-load-$case
mkdir -p "$t"

load() { # PARAMS...: insmod, "insmod ok|ERROR"
	# an earlier case that failed may have left it loaded: say so (the
	# golden check wants "insmod ok" first) and go on with a fresh load
	if [ -d /sys/module/ioasid ]; then echo "left loaded by an earlier case"; rmmod ioasid; fi
	if err=$(insmod "$ko" "$@" 2>&1); then echo "insmod ok"; else echo "insmod $err"; exit 1; fi
}
unload() {
	if err=$(rmmod ioasid 2>&1); then echo "rmmod ok"; else echo "rmmod $err"; fi
}
# wait_for FILE: until it has a line "ready" (5 s at most)
wait_for() {
	i=0
	while ! grep -q '^ready' "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# hold NAME [N [MIN]]: ioasid-hold in the background, "NAME set S pid P"
hold() {
	n=$1
	shift
	ioasid-hold "$t/$n" "$@" 2>"$t/$n.err" &
	eval "pid_$n=$!"
	wait_for "$t/$n"
	echo "$n set $(sed -n 's/^set //p' "$t/$n") pid $(sed -n 's/^pid //p' "$t/$n")$(head -c 200 "$t/$n.err")"
}
stop() { # NAME: SIGTERM the holder NAME and wait for it
	eval "p=\$pid_$1"
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
}
# sets: the set directories, in numeric order, "sets ID:OWNER_PID ..."
sets() {
	out=
	for s in $(ls "$d/sets" | sort -n); do out="$out $s:$(cat "$d/sets/$s/owner_pid" 2>&1)"; done
	echo "sets$out"
}

case $case in
abi)
	# IOASID_ALLOC writes only its output field; argsz is capped at PAGE_SIZE
	load
	ioasid-probe abi
	unload
	;;
udiff)
	# the same random /dev/ioasid requests to the device and to the
	# model's device layer (tests/conformance/udiff.c), nobody listening
	load
	/usr/libexec/ioasidctl-tests/conf_udiff 40 200
	unload
	;;
strict)
	# the genl family checks every command's header (resv_start_op 0)
	load
	ioasid-notify --strict
	unload
	;;
capacity2)
	# capacity below the default quota: default_quota is lowered to it, so
	# one process can open and allocate, the next finds no capacity left
	load capacity=2
	echo "total $(cat $d/capacity/total) default_quota $(cat $d/default_quota)"
	hold a 1 1
	echo "a ioasid $(sed -n 's/^ioasid //p' "$t/a")"
	if timeout 5 ioasid-hold "$t/b" 0 2>"$t/b.err"; then echo "b opened"; else echo "b $(cat "$t/b.err")"; fi
	stop a
	hold c 1 1
	stop c
	echo "available $(cat $d/capacity/available)"
	unload
	;;
setid)
	# set IDs are taken cyclically: from first_set_id up to 0xfffffffe, then
	# wrapping to the lowest free ID; a set directory never shows a newer
	# set with its ID, and its files fail with ENODEV once its set is gone
	load first_set_id=4294967293
	hold a 0
	hold b 0
	# b's directory, held open while b exits (its own ID, whatever it is)
	exec 3<"$d/sets/$(sed -n 's/^set //p' "$t/b")/owner_pid"
	stop b
	if v=$(cat <&3 2>&1); then echo "stale b read $v"; else echo "stale b ${v##*: }"; fi
	exec 3<&-
	hold c 0
	hold e 0
	stop a
	hold f 0
	sets
	stop c
	stop e
	stop f
	sets
	unload
	;;
pidns)
	# a process in its own PID namespace: every PID of the ABI (dump, sysfs,
	# notifications) is its PID in the initial namespace (/proc NSpid)
	load
	ioasid-notify >"$t/notify" 2>"$t/notify.err" &
	npid=$!
	wait_for "$t/notify"
	unshare -p -f ioasid-hold "$t/ns" 3 200 9 2>"$t/ns.err" &
	upid=$!
	wait_for "$t/ns"
	# the holder: the process whose NSpid has two levels and inner pid 1
	init_pid=
	for s in /proc/[0-9]*/status; do
		set -- $(sed -n 's/^NSpid:[[:space:]]*//p' "$s" 2>/dev/null)
		if [ $# -eq 2 ] && [ "$2" = 1 ] && grep -q '^Name:[[:space:]]*ioasid-hold' "$s"; then
			init_pid=$1
		fi
	done
	echo "nspid $init_pid $(sed -n 's/^pid //p' "$t/ns")"
	set=$(sed -n 's/^set //p' "$t/ns")
	echo "owner_pid init $(cat $d/sets/$set/owner_pid)"
	echo "owner_pid inside $(nsenter -t "$init_pid" -p cat $d/sets/$set/owner_pid 2>&1)"
	echo "owner_pid other $(unshare -p -f cat $d/sets/$set/owner_pid 2>&1)"
	if command -v ioasidctl >/dev/null; then
		echo "dump init $(ioasidctl list --set "$set" -J | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' | sort -u | tr '\n' ' ')"
		echo "dump inside $(nsenter -t "$init_pid" -p ioasidctl list --set "$set" -J | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' | sort -u | tr '\n' ' ')"
	fi
	kill "$init_pid"
	wait "$upid" 2>/dev/null
	sleep 0.2
	kill "$npid"
	wait "$npid" 2>/dev/null
	sed 's/^/notify /' "$t/notify"
	unload
	;;
cgroup-race)
	# readers of sets/*/cgroup while the owner moves between two cgroups
	# and cgroups are created and removed (cgroup_show() must not sleep in
	# an RCU read section: cgroup_path_ns() takes cgroup_mutex, which a
	# cgroup.procs write holds across synchronize_rcu())
	load
	cg=/sys/fs/cgroup
	mkdir -p $cg/kmod-race-a $cg/kmod-race-b
	hold a 0
	set=$(sed -n 's/^set //p' "$t/a")
	(
		i=0
		while [ $i -lt 300 ]; do
			echo "$pid_a" >$cg/kmod-race-b/cgroup.procs
			mkdir $cg/kmod-race-tmp-$i && rmdir $cg/kmod-race-tmp-$i
			echo "$pid_a" >$cg/kmod-race-a/cgroup.procs
			i=$((i + 1))
		done
	) &
	churn=$!
	: >"$t/reads"
	(
		while kill -0 $churn 2>/dev/null; do cat $d/sets/$set/cgroup >>"$t/reads" 2>&1; done
	) &
	reader=$!
	# a second reader, so that one may wait for cgroup_mutex while the other runs
	(
		while kill -0 $churn 2>/dev/null; do cat $d/sets/$set/cgroup >>"$t/reads" 2>&1; done
	) &
	reader2=$!
	wait $churn
	wait $reader $reader2
	echo "race reads $(wc -l <"$t/reads") values $(sort -u "$t/reads" | tr '\n' ' ')"
	stop a
	rmdir $cg/kmod-race-a $cg/kmod-race-b
	unload
	;;
account)
	# what a process makes the module allocate is charged to its memory cgroup
	cg=/sys/fs/cgroup
	echo +memory >$cg/cgroup.subtree_control 2>/dev/null
	mkdir -p $cg/kmod-account
	load
	echo 4096 >$d/default_quota
	sh -c "echo \$\$ >$cg/kmod-account/cgroup.procs && exec ioasid-probe account $cg/kmod-account 4000"
	echo 1024 >$d/default_quota
	unload
	rmdir $cg/kmod-account
	;;
*)
	echo "kmod-load.sh: unknown case $case" >&2
	exit 2
	;;
esac
