#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# net-destroy, dom0 side: a guest streams to dom0 and dom0 to the guest,
# without end; after a while the guest is destroyed.  Its domain must be
# released (no grant or page held), its vif gone, and dom0's bridge must
# still work for the next guest.
. /lab/dom0/lab-lib.sh

NC=/lab/bin/netcheck
lab_check "bridge br0 with 10.0.0.1/24" lab_net_bridge
$NC recv 5031 100000 31 300 >/tmp/lab/destroy-recv.log 2>&1 &
rpid=$!
$NC send 10.0.0.30 5032 100000 32 - 300 >/tmp/lab/destroy-send.log 2>&1 &
spid=$!
lab_guest_start net-destroy guest memory=256 "vif=$(lab_vif_spec 30)" \
	"arg=ip=10.0.0.30" ||
	{ lab_not_ok "xl create of guest net-destroy"; exit 0; }
domid=$(lab_guest_domid net-destroy)
# Wait for traffic to flow both ways, then destroy mid-stream.  The
# guest boots and brings eth0 up first: minutes, under emulation.
end=$((SECONDS + 300))
while [ $SECONDS -lt $end ]; do
	rx=$(cat "/sys/class/net/vif$domid.0/statistics/rx_bytes" 2>/dev/null)
	tx=$(cat "/sys/class/net/vif$domid.0/statistics/tx_bytes" 2>/dev/null)
	[ "${rx:-0}" -gt 4000000 ] && [ "${tx:-0}" -gt 4000000 ] && break
	sleep 1
done
lab_check "traffic flowed both ways before the destroy (rx ${rx:-0} B, tx ${tx:-0} B)" \
	test "${rx:-0}" -gt 4000000 -a "${tx:-0}" -gt 4000000
lab_check "xl destroy in the middle of the traffic" xl destroy net-destroy
kill $rpid $spid 2>/dev/null
wait $rpid $spid 2>/dev/null
lab_guest_show net-destroy
lab_check "the destroyed domain was fully released" lab_domains_released 60
sleep 2
lab_check "vif$domid.0 went away" test ! -e "/sys/class/net/vif$domid.0"
lab_check "br0 has no port left" \
	test -z "$(ls /sys/class/net/br0/brif)"
# With no vif left, the module goes and comes back cleanly.
lab_check "rmmod xen-netback with no vif left" rmmod xen-netback
lab_check "modprobe xen-netback loads ours again ($(modinfo -F filename xen-netback))" \
	sh -c 'modprobe xen-netback && modinfo -F filename xen-netback | grep -q /updates/'
