#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-mixed, dom0 side: a 2-vCPU guest, so that blkfront asks for two
# queues, runs blkcheck's verified mixed workload over a 256 MiB disk.
. /lab/dom0/lab-lib.sh

lab_info "xen-blkback is $(modinfo -F filename xen-blkback)"
loop=$(lab_disk_create blk-mixed 256) || { lab_not_ok "create a 256 MiB disk"; exit 0; }
if ! lab_guest_start blk-mixed mixed vcpus=2 memory=256 "disk=$(lab_disk_spec "$loop")"; then
	lab_not_ok "xl create of guest blk-mixed"
	exit 0
fi
domid=$(lab_guest_domid blk-mixed)
fe=/local/domain/$domid/device/vbd/51712
lab_guest_key_wait blk-mixed queues 120
nq=$(xenstore-read "$fe/multi-queue-num-queues" 2>/dev/null)
lab_check "blkfront asked for 2 queues (multi-queue-num-queues=${nq:-none}), each with its ring (queue-1/ring-ref: $(xenstore-read "$fe/queue-1/ring-ref" 2>/dev/null || echo none))" \
	test "$nq" = 2 -a -n "$(xenstore-read "$fe/queue-1/ring-ref" 2>/dev/null)"
lab_check "the guest's xvda has 2 hardware queues (it has $(lab_guest_get blk-mixed queues))" \
	test "$(lab_guest_get blk-mixed queues)" = 2
lab_check "xen-blkback served the device with 2 queues" \
	sh -c "dmesg | grep -q 'vbd-$domid-51712: connected: 2 queue'"

# Progress, for the log: the guest's last report and the backend's
# statistics, every 30 s until the guest is done.
(
	st=/sys/bus/xen-backend/devices/vbd-$domid-51712/statistics
	while [ -d "$st" ]; do
		sleep 30
		echo "lab: blk-mixed: $(tr -d '\r' <"$LAB_CONSOLE_DIR/guest-blk-mixed.log" | grep '@@GUEST' | tail -n 1) | rd_req $(cat $st/rd_req) wr_req $(cat $st/wr_req) oo_req $(cat $st/oo_req)"
	done
) 2>/dev/null &
lab_guest_finish blk-mixed 780
fail=$(lab_guest_get blk-mixed fail)
[ -z "$fail" ] || lab_not_ok "guest: $fail"
for step in fill qd1 qd4 qd16 check; do
	lab_check "verified step $step: $(lab_guest_get blk-mixed "$step-summary")" \
		test "$(lab_guest_get blk-mixed "$step")" = ok
done
