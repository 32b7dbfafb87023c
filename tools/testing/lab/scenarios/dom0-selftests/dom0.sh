#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every kselftest binary of tools/testing/selftests in dom0, as root,
# against whichever modules modprobe loaded (ours from updates/), and turn
# each of their TAP results into one of ours.  A paused PVH guest, built by
# xl through dom0's privcmd and never run, gives the privcmd tests another
# domain's frames to map (XEN_SELFTEST_GUEST).
. /lab/dom0/lab-lib.sh

# A guest offers grants for the gntdev tests to map (gntdev_test skips
# those tests without it).
. /lab/dom0/gntpeer.sh
peer=no
if gntpeer_start gnt-peer 16 400; then
	peer=yes
	lab_info "gnt-peer is domain $GNTPEER_DOMID, grants $GNTDEV_PEER_REFS"
else
	lab_not_ok "a guest offers grants for the gntdev tests"
fi

guest=selftest-paused
cat >/tmp/lab/$guest.cfg <<CFG
name = "$guest"
type = "pvh"
kernel = "$LAB_GUEST_DIR/vmlinux"
ramdisk = "$LAB_GUEST_DIR/initrd.gz"
memory = 128
vcpus = 1
CFG
t0=$(date +%s)
if xl create -p /tmp/lab/$guest.cfg >/tmp/lab/$guest.log 2>&1; then
	XEN_SELFTEST_GUEST=$(lab_guest_domid $guest)
	export XEN_SELFTEST_GUEST
	lab_ok "xl create -p builds a paused PVH guest (domain $XEN_SELFTEST_GUEST)"
	lab_info "xl create -p of a 128 MiB PVH guest took $(($(date +%s) - t0)) s"
else
	sed "s/^/[xl create $guest] /" /tmp/lab/$guest.log
	lab_not_ok "xl create -p builds a paused PVH guest"
fi

found=0
for t in /lab/selftests/*; do
	[ -x "$t" ] || continue
	found=1
	name=$(basename "$t")
	out=$(timeout 120 "$t" 2>&1)
	rc=$?
	echo "$out" | sed "s/^/[$name] /"
	echo "$out" | awk -v n="$name" '
		/^ok / { sub(/^ok [0-9]+ /, ""); print "ok " n ": " $0 }
		/^not ok / { sub(/^not ok [0-9]+ /, ""); print "not-ok " n ": " $0 }' |
	while read -r res desc; do
		if [ "$res" = ok ]; then
			lab_ok "$desc"
		else
			lab_not_ok "$desc"
		fi
	done
	lab_check "$name exits with status 0 (got $rc)" test $rc = 0
done
[ $found = 1 ] || lab_skip "no kselftest binaries were built"

if [ $peer = yes ]; then
	gntpeer_stop gnt-peer
	lab_check "gnt-peer saw dom0's stop word" \
		test "$(lab_guest_get gnt-peer gnt-stopped)" = yes
	lab_check "gnt-peer's pattern pages unchanged by dom0's tests" \
		test "$(lab_guest_get gnt-peer gnt-pattern)" = ok
	lab_check "gnt-peer sees what dom0 wrote through gntdev (got $(lab_guest_get gnt-peer gnt-hello))" \
		test "$(lab_guest_get gnt-peer gnt-hello)" = 0x48454c4f
	lab_check "gnt-peer sees the byte dom0's unmap notification cleared (got $(lab_guest_get gnt-peer gnt-notify-byte))" \
		test "$(lab_guest_get gnt-peer gnt-notify-byte)" = 0x00
fi

if [ -n "${XEN_SELFTEST_GUEST:-}" ]; then
	start=$(date +%s)
	lab_check "xl destroy of the paused guest" xl destroy $guest
	lab_check "its domain is released (no dying domain left)" \
		lab_domains_released 60
	lab_info "xl destroy and release took $(($(date +%s) - start)) s"
fi
