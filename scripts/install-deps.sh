#!/usr/bin/env bash
# Install everything ioasidctl needs to build and to run its whole test
# suite on Debian 12 (run as root). Idempotent.
set -euo pipefail

PACKAGES=(
	# build
	build-essential autoconf automake libtool pkg-config
	libpci-dev libnl-3-dev libnl-genl-3-dev libncurses-dev libpopt-dev
	libcmocka-dev libsmartcols-dev libjson-c-dev libarchive-dev
	# tests: lspci as the oracle, the real-kernel vm tests, fuzzers, docs
	pciutils pci.ids qemu-system-x86 busybox-static cpio kmod zstd xz-utils
	clang clang-format mandoc jq zsh bash-completion
	# config: every saved document is validated against the shipped JSON Schema
	python3-jsonschema
	# stats: promtool checks the metrics, node_exporter serves them, curl fetches
	prometheus prometheus-node-exporter curl
	# the systemd units (systemd-analyze verify); the Debian packages
	# (scripts/test-deb.sh: dpkg-buildpackage, lintian, a debootstrap root)
	systemd debhelper lintian debootstrap
	# bench/run.sh --quick: GNU time (CPU and peak RSS), bc for the ratios,
	# strace to count device list's config-space reads (bench/device-list.sh)
	time bc strace
	# the arm64 guests of the vm tests (tests/vm/README.md "arm64"): QEMU's
	# virt board with its SMMUv3, UEFI for the ACPI/IORT run, the cross
	# compiler for the oracle module and kmsg-dump, qemu-aarch64-static to
	# list busybox:arm64's applets and ioasidctl's aarch64 libraries
	qemu-system-arm qemu-efi-aarch64 gcc-aarch64-linux-gnu qemu-user-static
)
# ioasidctl cross-built for the arm64 guests (tests/vm/cross-arm64.sh): the
# :arm64 -dev packages of configure.ac's libraries, installed multiarch
ARM64_PACKAGES=(
	libpci-dev:arm64 libsmartcols-dev:arm64 libjson-c-dev:arm64 libarchive-dev:arm64
	libpopt-dev:arm64 libnl-3-dev:arm64 libnl-genl-3-dev:arm64 libncurses-dev:arm64
)

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# arm64 packages (the :arm64 libraries; the vm tests download, never install,
# the arm64 kernels, headers and busybox): before the update, once
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
apt-get install -y -qq --no-install-recommends "${ARM64_PACKAGES[@]}" >/dev/null ||
	echo "install-deps: the :arm64 libraries are not installable; the arm64 guests will run without ioasidctl" >&2
# Headers of the kernels the vm tests boot, resolved through the meta
# packages because Debian rotates the exact versions.
for meta in linux-image-6.12-amd64 linux-image-amd64; do
	img=$(apt-cache depends "$meta" | sed -n 's/ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -n1)
	[ -n "$img" ] || continue
	apt-get install -y -qq --no-install-recommends "${img/linux-image-/linux-headers-}" >/dev/null ||
		echo "install-deps: ${img/linux-image-/linux-headers-} not installable; vm tests for it will skip" >&2
done
echo "install-deps: done"
