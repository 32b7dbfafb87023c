#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# net-basic, dom0 side: one guest whose vif is served by whatever
# xen-netback modprobe found, bridged to dom0 (br0, 10.0.0.1).  The guest
# pings dom0, sends dom0 a stream of MIB MiB that dom0 verifies byte by
# byte, then verifies the stream dom0 sends it.
. /lab/dom0/lab-lib.sh

MIB=${LAB_NET_MIB:-256}
NC=/lab/bin/netcheck
lab_info "xen-netback is $(modinfo -F filename xen-netback)"
lab_check "bridge br0 with 10.0.0.1/24" lab_net_bridge

# dom0's ends: receive the guest's stream, then send ours (the sender
# retries until the guest listens).
$NC recv 5001 "$MIB" 11 600 >/tmp/lab/net-recv.log 2>&1 &
rpid=$!
$NC send 10.0.0.10 5002 "$MIB" 12 - 840 >/tmp/lab/net-send.log 2>&1 &
spid=$!

t0=$SECONDS
if lab_guest_start net-guest guest memory=256 "vif=$(lab_vif_spec 10)" \
	"arg=mib=$MIB" "arg=ip=10.0.0.10"; then
	lab_check "the guest's vif is Connected" \
		lab_vif_wait_connected net-guest 300
	vif=$(ls /sys/class/net | grep '^vif' | head -n 1)
	lab_check "the guest's interface ${vif:-?} exists and is in br0" \
		test -n "$vif" -a -e "/sys/class/net/br0/brif/$vif"
	# For the log: the negotiation, then the counters as traffic flows.
	xenstore-ls -f "/local/domain/0/backend/vif" 2>/dev/null |
		sed 's/^/[dom0 xenstore] /'
	( st=/sys/class/net/$vif/statistics
	while [ -d "$st" ]; do
		echo "[dom0 $vif] rx $(cat "$st/rx_bytes" "$st/rx_packets" "$st/rx_dropped" 2>/dev/null | paste -sd ' ') tx $(cat "$st/tx_bytes" "$st/tx_packets" "$st/tx_dropped" 2>/dev/null | paste -sd ' ') (bytes packets dropped); events: $(grep "$vif-" /proc/interrupts | awk '{ n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; printf "%s %d ", $NF, n }')"
		cat /sys/kernel/debug/xen-netback/"$vif"/io_ring_q* 2>/dev/null |
			sed "s/^/[dom0 $vif] /"
		sleep 15
	done ) &
	mon=$!
	if lab_guest_wait net-guest 840; then
		lab_ok "guest net-guest ran and powered off by itself"
	else
		lab_not_ok "guest net-guest powered off by itself within 840 s"
	fi
else
	lab_not_ok "xl create of guest net-guest"
fi
kill "$mon" 2>/dev/null
lab_guest_show net-guest
# The guest is gone: whatever did not finish by now never will.
sleep 1
kill $rpid $spid 2>/dev/null
wait
secs=$((SECONDS - t0))
sed 's/^/[dom0 recv] /' /tmp/lab/net-recv.log
sed 's/^/[dom0 send] /' /tmp/lab/net-send.log

fail=$(lab_guest_get net-guest fail)
[ -z "$fail" ] || lab_not_ok "guest: $fail"
lab_check "guest pinged dom0 ($(lab_guest_get net-guest ping))" \
	test "$(lab_guest_get net-guest ping)" = ok
tx=$(lab_guest_get net-guest tx)
rx=$(lab_guest_get net-guest rx)
lab_check "guest sent $MIB MiB to dom0 (guest: $tx)" \
	grep -q "^netcheck: ok $((MIB << 20)) " <<<"$tx"
lab_check "dom0 received the guest's $MIB MiB, every byte verified" \
	grep -q "^netcheck: ok $((MIB << 20)) " /tmp/lab/net-recv.log
lab_check "guest received dom0's $MIB MiB, every byte verified (guest: $rx)" \
	grep -q "^netcheck: ok $((MIB << 20)) " <<<"$rx"
lab_info "whole exchange took $secs s (guest to dom0 $(echo "$tx" | awk '{print $4}') ms, dom0 to guest $(echo "$rx" | awk '{print $4}') ms)"
lab_check "guest's domain was fully released (dom0 holds none of its grants or pages)" \
	lab_domains_released 60
lab_check "the vif went away with the guest" \
	test -z "$(ls /sys/class/net | grep '^vif')"
