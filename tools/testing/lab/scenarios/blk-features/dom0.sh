#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-features, dom0 side: a 2-vCPU guest whose blkfront asks for a
# 4-page ring, 64 indirect segments and persistent grants; checks what was
# negotiated, the sysfs statistics, discard, and an online resize.
. /lab/dom0/lab-lib.sh

vbd_dir() { echo "/sys/bus/xen-backend/devices/vbd-$1-51712"; }

# guest_key_wait NAME KEY SECONDS: wait for the guest to report KEY.
guest_key_wait()
{
	local i=0

	while [ -z "$(lab_guest_get "$1" "$2")" ] && [ $i -lt "$3" ]; do
		sleep 1
		i=$((i + 1))
	done
	[ -n "$(lab_guest_get "$1" "$2")" ]
}

lab_info "xen-blkback is $(modinfo -F filename xen-blkback)"
loop=$(lab_disk_create blk-features 128) || { lab_not_ok "create a disk"; exit 0; }
if ! lab_guest_start blk-features features vcpus=2 memory=320 \
	"disk=$(lab_disk_spec "$loop")" "arg=mib=32" \
	"arg=blkfront=max_ring_page_order=2,max_indirect_segments=64,feature_persistent=1"; then
	lab_not_ok "xl create of guest blk-features"
	exit 0
fi
domid=$(xl domid blk-features)
d=$(vbd_dir "$domid")
lab_check "guest finished its I/O" guest_key_wait blk-features io-done 400

be=/local/domain/0/backend/vbd/$domid/51712
fe=/local/domain/$domid/device/vbd/51712
lab_info "frontend asked: ring-page-order=$(xenstore-read $fe/ring-page-order 2>/dev/null) multi-queue-num-queues=$(xenstore-read $fe/multi-queue-num-queues 2>/dev/null)"
lab_check "2 queues (one per guest vCPU)" \
	test "$(lab_guest_get blk-features nr-hw-queues)" = 2
lab_check "ring of 4 pages per queue" \
	test "$(xenstore-read $fe/queue-0/ring-ref3 2>/dev/null)" != ""
lab_check "persistent grants offered and taken" \
	test "$(xenstore-read $be/feature-persistent)" = 1 -a \
	"$(xenstore-read $fe/feature-persistent)" = 1
lab_check "indirect segments offered ($(xenstore-read $be/feature-max-indirect-segments))" \
	test "$(xenstore-read $be/feature-max-indirect-segments 2>/dev/null || echo 0)" -ge 64
lab_check "guest read back what it wrote, twice" \
	test -n "$(lab_guest_get blk-features written-sha256)" -a \
	"$(lab_guest_get blk-features written-sha256)" = "$(lab_guest_get blk-features read-sha256)" -a \
	"$(lab_guest_get blk-features read2-sha256)" = "$(lab_guest_get blk-features read-sha256)"
lab_check "discard answered ok" test "$(lab_guest_get blk-features discard)" = ok

for f in oo_req rd_req wr_req f_req ds_req rd_sect wr_sect; do
	lab_check "statistics/$f exists ($(cat "$d/statistics/$f" 2>/dev/null))" \
		test -r "$d/statistics/$f"
done
lab_check "statistics count the guest's writes (wr_sect >= 65536)" \
	test "$(cat "$d/statistics/wr_sect")" -ge 65536
lab_check "statistics count the guest's reads" test "$(cat "$d/statistics/rd_req")" -gt 0
lab_check "statistics count the discard" test "$(cat "$d/statistics/ds_req")" -gt 0

# Online resize: the backing device grows, the guest must see it.
truncate -s 192M /tmp/lab/blk-features.img && losetup -c "$loop"
guest_key_wait blk-features resized-sectors 200
lab_check "guest saw the online resize (393216 sectors, got $(lab_guest_get blk-features resized-sectors))" \
	test "$(lab_guest_get blk-features resized-sectors)" = 393216
lab_guest_wait blk-features 120
lab_guest_show blk-features
lab_check "guest blk-features's domain was fully released" lab_domains_released 60
