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

# Writer.
if ! lab_guest_start blk-writer writer memory=320 \
	"disk=$(lab_disk_spec "$loop")" "arg=mib=$MIB"; then
	lab_not_ok "xl create of the writer guest"
	exit 0
fi
lab_guest_wait blk-writer 400
lab_check "writer guest powered off by itself" test $? = 0
lab_guest_show blk-writer
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
if ! lab_guest_start blk-reader reader memory=256 \
	"disk=$(lab_disk_spec "$loop" ro)" "arg=mib=$MIB"; then
	lab_not_ok "xl create of the read-only reader guest"
	exit 0
fi
lab_guest_wait blk-reader 400
lab_check "reader guest powered off by itself" test $? = 0
lab_guest_show blk-reader
second=$(lab_guest_get blk-reader read-sha256)
lab_check "read-only guest sees xvda as read-only" \
	test "$(lab_guest_get blk-reader ro)" = 1
lab_check "read-only guest finds the same checksum" \
	test -n "$written" -a "$second" = "$written"
