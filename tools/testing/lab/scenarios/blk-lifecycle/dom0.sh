#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-lifecycle, dom0 side.  A guest fills a disk with generation 1, then
# writes generation 2 over it without end; dom0 destroys it in the middle
# of that I/O.  Its domain must go away (the backend let go of every grant),
# xen-blkback must unload and load again, and a new guest must find every
# sector holding generation 1 or 2, whole.
. /lab/dom0/lab-lib.sh

MIB=64
loop=$(lab_disk_create blk-lifecycle 128) || { lab_not_ok "create a disk"; exit 0; }
if ! lab_guest_start blk-victim stream memory=256 \
	"disk=$(lab_disk_spec "$loop")" "arg=mib=$MIB"; then
	lab_not_ok "xl create of guest blk-victim"
	exit 0
fi

# Wait until it is rewriting the disk, then let it run a little.
for i in $(seq 300); do
	[ -n "$(lab_guest_get blk-victim streaming)" ] && break
	sleep 1
done
lab_check "guest blk-victim filled the disk and is rewriting it" \
	test -n "$(lab_guest_get blk-victim streaming)"
sleep 15

# rmmod while a device is bound must be refused (or disconnect cleanly:
# dom0's kernel log is checked at the end of the scenario either way).
if rmmod xen-blkback 2>/tmp/lab/rmmod.err; then
	lab_info "rmmod with a device bound: unloaded (clean disconnect)"
	modprobe xen-blkback
else
	lab_info "rmmod with a device bound: refused: $(cat /tmp/lab/rmmod.err)"
fi

xl destroy blk-victim
lab_check "xl destroy of the guest in the middle of its I/O" test $? = 0
lab_check "the destroyed guest's domain was fully released (no grant or page left held)" \
	lab_domains_released 90
lab_guest_show blk-victim

# Unload and reload the backend between guests.
lab_check "rmmod xen-blkback with no device bound" rmmod xen-blkback
lab_check "modprobe xen-blkback loads it again" modprobe xen-blkback
lab_info "xen-blkback is $(modinfo -F filename xen-blkback)"

lab_guest_run blk-checker verify 400 memory=256 \
	"disk=$(lab_disk_spec "$loop")" "arg=mib=$MIB"
lab_check "the new guest finds every sector whole, generation 1 or 2 ($(lab_guest_get blk-checker verify-summary))" \
	test "$(lab_guest_get blk-checker verify)" = ok
