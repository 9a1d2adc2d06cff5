#!/bin/sh
# Guest side of the SVA oracle check (tests/vm/commands "device-why-all"):
# the reason chain of every PCI function in one JSON document, so that
# tests/vm/check.sh can hold each errno the oracle module got from the kernel
# (iommu_dev_enable_feature / iommu_sva_bind_device) against the chain of that
# device. The functions are the guest's own, listed from sysfs.
cd /sys/bus/pci/devices || exit 1
# shellcheck disable=SC2046  # one argument per function
exec ioasidctl device why -J $(ls)
