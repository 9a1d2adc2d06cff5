#!/bin/sh
# Guest side of the monitor test (tests/vm/commands "monitor-pci"): start
# `ioasidctl monitor -J` on kernel uevents, unbind the virtio-net function
# 0000:01:00.0 from its driver and bind it again, stop the monitor with
# SIGINT, print its JSON lines and its exit status. tests/vm/monitor-golden.sh
# checks the lines against what the kernel sends (drivers/base/dd.c: KOBJ_UNBIND
# after the driver is gone, KOBJ_BIND with DRIVER= once bound).
# Readiness without timing: the reader is up once it reported a uevent we
# make (change of /dev/null, subsystem mem), tried a bounded number of times.
dev=${1:-0000:01:00.0}
drv=$(readlink "/sys/bus/pci/devices/$dev/driver") || {
	echo "monitor-pci: $dev has no driver" >&2
	exit 77
}
drv=$(basename "$drv")
ioasidctl monitor -J --kind uevent --subsystem pci,mem >/tmp/monitor.out 2>/tmp/monitor.err &
mon=$!
i=0
until grep -q '"object":"null","action":"change"' /tmp/monitor.out; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 $mon 2>/dev/null; then
		echo "monitor-pci: the monitor never reported a uevent: $(cat /tmp/monitor.err)" >&2
		kill $mon 2>/dev/null
		exit 1
	fi
	echo change >/sys/devices/virtual/mem/null/uevent
	usleep 200000
done
echo "$dev" >"/sys/bus/pci/drivers/$drv/unbind"
echo "$dev" >"/sys/bus/pci/drivers/$drv/bind"
i=0
until grep -q "\"object\":\"$dev\",\"action\":\"bind\"" /tmp/monitor.out; do
	i=$((i + 1))
	[ $i -gt 100 ] && break
	usleep 200000
done
kill -INT $mon
wait $mon
rc=$?
cat /tmp/monitor.out
echo "monitor-pci: driver $drv, monitor exit $rc" >&2
cat /tmp/monitor.err >&2
exit $rc
