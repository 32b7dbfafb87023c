#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install and cache everything the build, the checks and the lab need, from
# Debian 12's repositories only.  Idempotent: a second run does nothing but
# verify.  Xen itself is never installed into the host: the hypervisor is
# unpacked with dpkg -x, and xen-utils lives in a debootstrapped dom0 root.
#
# Usage: scripts/setup.sh [host|lab|all]   (default: all)
#   host  packages on the build machine (headers, sparse, checkpatch, clang,
#         the Debian packaging tools, Sphinx)
#   lab   the lab's pieces: kernel image, Xen, the dom0 root filesystem
#
# Everything downloaded lands under $PVH_BUILD (default: build/), which git
# ignores; what depends on the kernel version is keyed by it, so a new
# Debian kernel ABI rebuilds it.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
B=${PVH_BUILD:-$TOP/build}
WHAT=${1:-all}
export DEBIAN_FRONTEND=noninteractive

HOST_PKGS=(linux-headers-amd64 sparse qemu-system-x86 busybox-static
	   debootstrap cpio gzip xz-utils kmod make gcc clang
	   libclang-rt-14-dev libc6-dev libstdc++-12-dev linux-source-6.1 perl)
# The package (make deb, make package-test) and the docs (make docs).
HOST_PKGS+=(dkms dh-dkms debhelper dpkg-dev build-essential fakeroot
	    lintian openssl python3-sphinx graphviz)

# The dom0 root: Xen's toolstack and what the lab's scenarios run in dom0.
# qemu-system-xen: QEMU's qdisk backend, a real gntdev/evtchn user.
# Changing this list rebuilds the root (the stamp is its checksum).
ROOTFS_PKGS=xen-utils-4.17,xenstore-utils,kmod,iproute2,procps,e2fsprogs,udev,util-linux,mount,qemu-system-xen

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, debootstrap)"

apt_fresh=0
apt_update() {
	[ "$apt_fresh" = 1 ] && return 0
	log "apt-get update"
	apt-get update -qq || die "apt-get update failed"
	apt_fresh=1
}

host_packages() {
	local missing=() p
	for p in "${HOST_PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		apt_update
		log "installing: ${missing[*]}"
		apt-get install -y -qq --no-install-recommends "${missing[@]}" \
			>/dev/null || die "apt-get install ${missing[*]} failed"
	fi
}

# The kernel ABI that linux-headers-amd64 points at right now.  Security
# updates move it; then the headers are upgraded and everything keyed by the
# version is rebuilt.
kernel_version() {
	local kv
	kv=$("$TOP/scripts/kernel-version") || die "no kernel version"
	[ -d "/usr/src/linux-headers-$kv" ] ||
		die "linux-headers-$kv is not installed"
	echo "$kv"
}

fetch_deb() {	# fetch_deb PACKAGE DIR: download once, unpack into DIR
	local pkg=$1 dir=$2 deb
	mkdir -p "$B/apt"
	deb=$(ls "$B"/apt/"${pkg}"_*.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		apt_update
		(cd "$B/apt" && apt-get download -qq -o APT::Sandbox::User=root "$pkg") ||
			die "apt-get download $pkg failed"
		deb=$(ls "$B"/apt/"${pkg}"_*.deb | head -1)
	fi
	mkdir -p "$dir"
	dpkg -x "$deb" "$dir"
}

checkpatch() {	# checkpatch.pl and its data files, from linux-source-6.1
	local d=$B/checkpatch tarball
	[ -x "$d/checkpatch.pl" ] && return 0
	tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null) ||
		die "linux-source-6.1 tarball missing"
	log "extracting checkpatch.pl from $tarball"
	rm -rf "$d.tmp" && mkdir -p "$d.tmp"
	tar -xJf "$tarball" -C "$d.tmp" --strip-components=2 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	tar -xJf "$tarball" -C "$d.tmp" --strip-components=1 \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h
	rm -rf "$d" && mv "$d.tmp" "$d"
}

lab_kernel() {	# the dom0 and guest kernel: linux-image-KVER, same as headers
	local kv=$1 d=$B/kernel/$1
	[ -f "$d/boot/vmlinuz-$kv" ] &&
		[ -f "$d/lib/modules/$kv/kernel/drivers/block/xen-blkback/xen-blkback.ko" ] &&
		[ -f "$d/lib/modules/$kv/modules.dep" ] &&
		return 0
	log "fetching linux-image-$kv"
	rm -rf "$d"
	fetch_deb "linux-image-$kv" "$d"
	[ -f "$d/boot/vmlinuz-$kv" ] || die "linux-image-$kv has no vmlinuz"
	# The package leaves modules.dep to the installer's depmod.
	depmod -b "$d" "$kv" || die "depmod of linux-image-$kv failed"
}

lab_xen() {	# the hypervisor, as the uncompressed ELF QEMU's loader wants
	local d=$B/xen
	[ -s "$d/xen" ] && return 0
	log "fetching xen-hypervisor-4.17-amd64"
	rm -rf "$d" && mkdir -p "$d"
	fetch_deb xen-hypervisor-4.17-amd64 "$d/pkg"
	gunzip -c "$d"/pkg/boot/xen-4.17-amd64.gz > "$d/xen.tmp"
	mv "$d/xen.tmp" "$d/xen"
}

lab_rootfs() {	# the dom0 userspace, with xen-utils-4.17 inside
	local d=$B/rootfs stamp
	stamp=$(echo "$ROOTFS_PKGS" | md5sum | cut -c1-12)
	[ -f "$d/.stamp-$stamp" ] && return 0
	log "debootstrap of the dom0 root (about a minute)"
	rm -rf "$d" "$d.tmp"
	debootstrap --variant=minbase --include="$ROOTFS_PKGS" bookworm \
		"$d.tmp" http://deb.debian.org/debian >"$B/debootstrap.log" 2>&1 ||
		{ tail -20 "$B/debootstrap.log" >&2; die "debootstrap failed"; }
	rm -rf "$d.tmp"/usr/share/{doc,man,locale,info} "$d.tmp"/var/cache/apt/*.bin \
		"$d.tmp"/var/cache/apt/archives/*.deb "$d.tmp"/var/lib/apt/lists/*_Packages
	touch "$d.tmp/.stamp-$stamp"
	mv "$d.tmp" "$d"
}

mkdir -p "$B"
case "$WHAT" in
host|all|lab) host_packages ;;
*) die "usage: $0 [host|lab|all]" ;;
esac
checkpatch
KV=$(kernel_version)
echo "$KV" > "$B/kernel-version"
if [ "$WHAT" != host ]; then
	lab_kernel "$KV"
	lab_xen
	lab_rootfs
fi
log "ready: kernel $KV, build directory $B"
