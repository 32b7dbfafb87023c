#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# net-two-guests, dom0 side: guests A (10.0.0.11) and B (10.0.0.12) on
# br0.  B listens; A pings B and sends it MIB MiB, which B verifies byte
# by byte.  Nothing but the bridge connects them.
. /lab/dom0/lab-lib.sh

MIB=64
lab_check "bridge br0 with 10.0.0.1/24" lab_net_bridge
lab_guest_start net-b server memory=256 "vif=$(lab_vif_spec 12)" \
	"arg=mib=$MIB" "arg=ip=10.0.0.12" ||
	{ lab_not_ok "xl create of guest net-b"; exit 0; }
lab_guest_start net-a client memory=256 "vif=$(lab_vif_spec 11)" \
	"arg=mib=$MIB" "arg=ip=10.0.0.11" ||
	{ lab_not_ok "xl create of guest net-a"; exit 0; }
for g in net-a net-b; do
	lab_check "guest $g's vif is Connected" lab_vif_wait_connected $g 300
done
lab_check "both vifs are in br0" \
	test "$(ls /sys/class/net/br0/brif | grep -c '^vif')" = 2
for g in net-a net-b; do
	if lab_guest_wait $g 800; then
		lab_ok "guest $g ran and powered off by itself"
	else
		lab_not_ok "guest $g powered off by itself within 800 s"
	fi
	lab_guest_show $g
	fail=$(lab_guest_get $g fail)
	[ -z "$fail" ] || lab_not_ok "guest $g: $fail"
done
lab_check "guest A pinged guest B ($(lab_guest_get net-a ping))" \
	test "$(lab_guest_get net-a ping)" = ok
tx=$(lab_guest_get net-a tx)
rx=$(lab_guest_get net-b rx)
lab_check "guest A sent $MIB MiB to guest B ($tx)" \
	grep -q "^netcheck: ok $((MIB << 20)) " <<<"$tx"
lab_check "guest B received A's $MIB MiB, every byte verified ($rx)" \
	grep -q "^netcheck: ok $((MIB << 20)) " <<<"$rx"
lab_check "both domains were fully released" lab_domains_released 60
lab_check "the vifs went away with the guests" \
	test -z "$(ls /sys/class/net | grep '^vif')"
