#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-features, dom0 side: a 2-vCPU guest whose blkfront asks for a
# 4-page ring, 64 indirect segments and persistent grants.  Checks what
# was negotiated (in xenstore and in the guest), verified I/O, a flush, a
# discard that punches a hole in the backing file, the sysfs statistics, a
# read-only second disk, and an online resize.  (The reconnect after a
# frontend closes is sec-blkif's: see guest.sh.)
. /lab/dom0/lab-lib.sh

NAME=blk-features
IMG=/tmp/lab/blk-features.img
get() { lab_guest_get $NAME "$1"; }
stat_of() { cat "/sys/bus/xen-backend/devices/vbd-$domid-51712/statistics/$1" 2>/dev/null; }

lab_info "xen-blkback is $(modinfo -F filename xen-blkback)"
loop=$(lab_disk_create blk-features 128) || { lab_not_ok "create a disk"; exit 0; }
loop2=$(lab_disk_create blk-features-ro 16) || { lab_not_ok "create a disk"; exit 0; }
if ! lab_guest_start $NAME features vcpus=2 memory=256 \
	"disk=$(lab_disk_spec "$loop")" "disk=$(lab_disk_spec "$loop2" ro xvdb)" \
	"arg=blkfront=max_ring_page_order=2,max_indirect_segments=64,feature_persistent=1"; then
	lab_not_ok "xl create of guest $NAME"
	exit 0
fi
domid=$(lab_guest_domid $NAME)
be=/local/domain/0/backend/vbd/$domid/51712
fe=/local/domain/$domid/device/vbd/51712

lab_guest_key_wait $NAME io 200
lab_check "guest did its first verified I/O ($(get io))" test -n "$(get io)"
xs() { xenstore-read "$1" 2>/dev/null; }
lab_info "backend offers: max-ring-page-order=$(xs $be/max-ring-page-order) multi-queue-max-queues=$(xs $be/multi-queue-max-queues) feature-max-indirect-segments=$(xs $be/feature-max-indirect-segments) feature-persistent=$(xs $be/feature-persistent) feature-flush-cache=$(xs $be/feature-flush-cache) feature-discard=$(xs $be/feature-discard)"
lab_info "frontend asked: ring-page-order=$(xs $fe/ring-page-order) multi-queue-num-queues=$(xs $fe/multi-queue-num-queues) feature-persistent=$(xs $fe/feature-persistent) protocol=$(xs $fe/protocol)"
lab_check "2 queues: multi-queue-num-queues=2, guest has $(get nr-hw-queues) hardware queues" \
	test "$(xs $fe/multi-queue-num-queues)" = 2 -a "$(get nr-hw-queues)" = 2
lab_check "ring-page-order 2 negotiated: 4 ring-refs in each queue-N/" \
	test "$(xs $fe/ring-page-order)" = 2 -a -n "$(xs $fe/queue-0/ring-ref3)" -a -n "$(xs $fe/queue-1/ring-ref3)"
lab_check "persistent grants offered and taken" \
	test "$(xs $be/feature-persistent)" = 1 -a "$(xs $fe/feature-persistent)" = 1
lab_check "xen-blkback connected 2 queues, ring order 2, with persistent grants" \
	sh -c "dmesg | grep -q 'vbd-$domid-51712: connected: 2 queue(s), ring order 2, x86_64, persistent grants'"
lab_check "indirect segments: offered $(xs $be/feature-max-indirect-segments), guest requests carry up to $(get max-segments) segments ($(get max-hw-kb) KiB)" \
	test "$(get max-segments)" = 64
lab_check "feature-flush-cache published, guest's write cache on ($(get write-cache))" \
	test "$(xs $be/feature-flush-cache)" = 1 -a "$(get write-cache)" = "write back"
lab_check "feature-discard published with discard-granularity ($(xs $be/discard-granularity)), guest discards up to $(get discard-max) bytes" \
	test "$(xs $be/feature-discard)" = 1 -a -n "$(xs $be/discard-granularity)" -a "$(get discard-max)" -gt 0
lab_check "guest wrote 32 MiB in 1 MiB requests and read it back twice, every sector checked" \
	test "$(get io)" = ok

lab_guest_key_wait $NAME io-done 300
lab_check "guest finished its I/O (the discard step)" test -n "$(get io-done)"
lab_check "read-only xvdb: seen read-only ($(get xvdb-ro)), its write ($(get xvdb-write)) refused" \
	test "$(get xvdb-ro)" = 1 -a "$(get xvdb-write)" = refused
lab_check "flush: the guest's fsync succeeded ($(get flush)) and xen-blkback served it (f_req=$(stat_of f_req))" \
	test "$(get flush)" = ok -a "$(stat_of f_req)" -ge 1
lab_check "discard answered ok ($(get discard)), ds_req=$(stat_of ds_req)" \
	test "$(get discard)" = ok -a "$(stat_of ds_req)" -ge 1
alloc=$(( $(stat -c %b $IMG) * 512 / 1024 ))
nonzero=$(dd if=$IMG bs=1M skip=8 count=4 2>/dev/null | tr -d '\000' | wc -c)
lab_check "the discard punched a hole in the sparse backing file (8-12 MiB reads as zeros: $nonzero non-zero bytes; $alloc KiB allocated, <= 28 MiB)" \
	test "$nonzero" = 0 -a "$alloc" -le $((28 * 1024))

for f in oo_req rd_req wr_req f_req ds_req rd_sect wr_sect; do
	lab_check "statistics/$f exists ($(stat_of $f))" test -n "$(stat_of $f)"
done
# The statistics count what the guest did: a fill of 32 MiB, two checks.
wr=$(stat_of wr_sect)
rd=$(stat_of rd_sect)
lab_check "statistics count the guest's writes (wr_sect $wr >= 65536)" \
	test "${wr:-0}" -ge 65536
lab_check "statistics count the guest's reads (rd_sect $rd >= 131072)" \
	test "${rd:-0}" -ge 131072

# Online resize: the backing device grows, the guest must see it.
# Read xenstore before the guest reports: right after its report the guest
# powers off and its backend directory goes away.
truncate -s 192M $IMG && losetup -c "$loop"
for i in $(seq 60); do
	sectors=$(xs $be/sectors)
	[ "$sectors" = 393216 ] && break
	sleep 2
done
lab_guest_key_wait $NAME resized-sectors 150
seen=$(get resized-sectors)
lab_check "online resize: xen-blkback published sectors=393216 (${sectors:-none}), the guest sees ${seen:-nothing}" \
	test "$sectors" = 393216 -a "$seen" = 393216
lab_guest_finish $NAME 120
fail=$(get fail)
[ -z "$fail" ] || lab_not_ok "guest: $fail"
