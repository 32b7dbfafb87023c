#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-qdisk, dom0 side: the guest's disk is a file served by QEMU's qdisk
# backend (Debian's qemu-system-xen, started by libxl as the guest's
# backend-only device model).  QEMU maps the guest's grants through
# /dev/xen/gntdev and waits for its events on /dev/xen/evtchn: ours, from
# updates/.  The guest writes 16 MiB with O_DIRECT and reads them back;
# dom0 checks the file.
. /lab/dom0/lab-lib.sh

MIB=16
img=/tmp/lab/blk-qdisk.img
for m in xen-gntdev xen-evtchn; do
	f=$(modinfo -F filename "$m")
	lab_check "$m resolves to ours in updates/ ($f)" \
		test "${f#*/updates/}" != "$f"
	lab_check "$m is loaded" test -d "/sys/module/${m//-/_}"
done
qemu=$(ls /usr/libexec/xen-qemu-system-i386 /usr/lib/xen-4.17/bin/qemu-system-i386 2>/dev/null | head -n 1)
lab_info "device model: ${qemu:-none found}"

rm -f "$img"
truncate -s 64M "$img" || { lab_not_ok "create a 64 MiB disk file"; exit 0; }
spec="format=raw,vdev=xvda,access=rw,backendtype=qdisk,target=$img"

lab_guest_start blk-qdisk writer memory=256 "disk=$spec" "arg=mib=$MIB" ||
	{ lab_not_ok "xl create of a guest with a qdisk disk"; exit 0; }
lab_ok "xl create of a guest with a qdisk disk"

# While the guest runs: the QEMU serving it, and the devices it holds.
domid=$(lab_guest_domid blk-qdisk) || lab_not_ok "xl domid of the new guest answers"
domid=${domid:-none}
pid=
for i in $(seq 60); do
	pid=$(pgrep -f "xen-domid $domid( |\$)" | head -n 1)
	[ -n "$pid" ] && break
	sleep 1
done
if [ -n "$pid" ]; then
	lab_info "QEMU: $(tr '\0' ' ' </proc/"$pid"/cmdline | cut -c1-200)"
	fds=$(ls -l /proc/"$pid"/fd 2>/dev/null)
	lab_check "QEMU (pid $pid) for domain $domid holds /dev/xen/gntdev open" \
		grep -q /dev/xen/gntdev <<<"$fds"
	lab_check "QEMU holds /dev/xen/evtchn open" \
		grep -q /dev/xen/evtchn <<<"$fds"
else
	lab_not_ok "a QEMU runs for domain $domid"
	ps ax | grep -i qemu | head
fi
lab_check "xenstore has a qdisk backend for domain $domid" \
	xenstore-exists "/local/domain/0/backend/qdisk/$domid/51712"
lab_info "xen_gntdev refcnt $(cat /sys/module/xen_gntdev/refcnt), xen_evtchn refcnt $(cat /sys/module/xen_evtchn/refcnt)"

lab_guest_wait blk-qdisk 450
lab_guest_show blk-qdisk
written=$(lab_guest_get blk-qdisk written-sha256)
readback=$(lab_guest_get blk-qdisk read-sha256)
fail=$(lab_guest_get blk-qdisk fail)
[ -z "$fail" ] || lab_not_ok "guest: $fail"
lab_check "guest found xvda ($(lab_guest_get blk-qdisk xvda-sectors) sectors)" \
	test -n "$(lab_guest_get blk-qdisk xvda-sectors)"
lab_check "guest read back with O_DIRECT the $MIB MiB it wrote through qdisk (sha256 ${written:0:16}...)" \
	test -n "$written" -a "$written" = "$readback"
backing=$(dd if="$img" bs=1M count=$MIB 2>/dev/null | sha256sum | cut -d ' ' -f 1)
lab_check "the disk file holds what the guest wrote" \
	test -n "$written" -a "$backing" = "$written"
lab_check "the guest's domain was released (QEMU unmapped its grants)" \
	lab_domains_released 60
sleep 2
lab_check "QEMU for domain $domid has exited" \
	test -z "$(pgrep -f "xen-domid $domid( |\$)")"
