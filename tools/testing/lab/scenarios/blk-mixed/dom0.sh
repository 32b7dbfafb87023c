#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-mixed, dom0 side: a 2-vCPU guest, so that blkfront asks for two
# queues, runs blkcheck's verified mixed workload on a 256 MiB disk.
. /lab/dom0/lab-lib.sh

lab_info "xen-blkback is $(modinfo -F filename xen-blkback)"
loop=$(lab_disk_create blk-mixed 256) || { lab_not_ok "create a 256 MiB disk"; exit 0; }
lab_guest_run blk-mixed mixed 800 vcpus=2 memory=256 "disk=$(lab_disk_spec "$loop")"
fail=$(lab_guest_get blk-mixed fail)
[ -z "$fail" ] || lab_not_ok "guest: $fail"
queues=$(lab_guest_get blk-mixed queues)
lab_check "blkfront uses 2 queues on a 2-vCPU guest (it has ${queues:-no} queues)" \
	test "$queues" = 2
for step in fill qd1 qd8; do
	lab_check "verified workload $step: $(lab_guest_get blk-mixed "$step-summary")" \
		test "$(lab_guest_get blk-mixed "$step")" = ok
done
