#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-basic, dom0 side: one disk on a loop device, served by whatever
# xen-blkback modprobe found.  A writer guest fills 64 MiB with a random
# pattern and reads it back; dom0 checks the backing file; a second guest,
# read-only on the same disk, must find the same data.
. /lab/dom0/lab-lib.sh

MIB=64
lab_info "xen-blkback is $(modinfo -F filename xen-blkback)"
loop=$(lab_disk_create blk-basic 128) || { lab_not_ok "create a 128 MiB disk"; exit 0; }

lab_guest_run blk-writer writer 400 memory=320 \
	"disk=$(lab_disk_spec "$loop")" "arg=mib=$MIB"
written=$(lab_guest_get blk-writer written-sha256)
readback=$(lab_guest_get blk-writer read-sha256)
fail=$(lab_guest_get blk-writer fail)
lab_check "writer guest found xvda ($(lab_guest_get blk-writer xvda-sectors) sectors)" \
	test -n "$(lab_guest_get blk-writer xvda-sectors)"
[ -z "$fail" ] || lab_not_ok "writer guest: $fail"
lab_check "writer guest read back with O_DIRECT the $MIB MiB it wrote (sha256 ${written:0:16}...)" \
	test -n "$written" -a "$written" = "$readback"

# What reached the backing device, read by dom0 itself.
backing=$(dd if=/tmp/lab/blk-basic.img bs=1M count=$MIB 2>/dev/null |
	sha256sum | cut -d ' ' -f 1)
lab_check "the backing file holds what the guest wrote" \
	test -n "$written" -a "$backing" = "$written"

# Reader, read-only, started afterwards on the same disk.
lab_guest_run blk-reader reader 400 memory=256 \
	"disk=$(lab_disk_spec "$loop" ro)" "arg=mib=$MIB"
second=$(lab_guest_get blk-reader read-sha256)
fail=$(lab_guest_get blk-reader fail)
[ -z "$fail" ] || lab_not_ok "reader guest: $fail"
lab_check "read-only guest sees xvda as read-only" \
	test "$(lab_guest_get blk-reader ro)" = 1
lab_check "read-only guest's write is refused with an error" \
	test "$(lab_guest_get blk-reader ro-write)" = refused
lab_check "read-only guest finds the same checksum" \
	test -n "$written" -a "$second" = "$written"
