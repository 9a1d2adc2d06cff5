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
)

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
# Headers of the kernels the vm tests boot, resolved through the meta
# packages because Debian rotates the exact versions.
for meta in linux-image-6.12-amd64 linux-image-amd64; do
	img=$(apt-cache depends "$meta" | sed -n 's/ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -n1)
	[ -n "$img" ] || continue
	apt-get install -y -qq --no-install-recommends "${img/linux-image-/linux-headers-}" >/dev/null ||
		echo "install-deps: ${img/linux-image-/linux-headers-} not installable; vm tests for it will skip" >&2
done
echo "install-deps: done"
