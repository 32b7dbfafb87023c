#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# net-cycles, dom0 side: a guest without a network interface; 32 times,
# dom0 attaches a vif (xl network-attach), sends the guest 1 MiB that it
# verifies byte by byte, and detaches the vif (xl network-detach).  Every
# cycle must leave no vif behind, and the guest must see each interface
# come and go.
. /lab/dom0/lab-lib.sh

CYCLES=32
NC=/lab/bin/netcheck
MAC=00:16:3e:00:00:28
lab_check "bridge br0 with 10.0.0.1/24" lab_net_bridge
lab_guest_start net-cycles guest memory=256 "arg=cycles=$CYCLES" \
	"arg=ip=10.0.0.40" ||
	{ lab_not_ok "xl create of guest net-cycles"; exit 0; }
domid=$(lab_guest_domid net-cycles)
ok=0
for i in $(seq "$CYCLES"); do
	# One argument per key: xl network-attach does not split at commas.
	if ! xl network-attach net-cycles "mac=$MAC" bridge=br0 \
		script=/lab/dom0/vif-lab >/tmp/lab/attach.log 2>&1; then
		echo "cycle $i: network-attach failed:"
		grep -v '^ *$' /tmp/lab/attach.log | tail -n 8 | sed 's/^/  /'
		xenstore-ls -f "/local/domain/0/backend/vif/$domid" 2>/dev/null |
			sed 's/^/  [dom0 xenstore] /'
		break
	fi
	if ! out=$($NC send 10.0.0.40 5040 1 "$i" - 150 2>&1); then
		echo "cycle $i: $out"
		break
	fi
	if ! xl network-detach net-cycles "$MAC" >/tmp/lab/detach.log 2>&1; then
		echo "cycle $i: network-detach failed: $(tail -n 1 /tmp/lab/detach.log)"
		break
	fi
	for _ in $(seq 30); do
		ls /sys/class/net | grep -q "^vif$domid\\." || break
		sleep 1
	done
	if ls /sys/class/net | grep -q "^vif$domid\\."; then
		echo "cycle $i: the vif is still there 30 s after the detach"
		break
	fi
	ok=$i
done
lab_check "$CYCLES attach / stream / detach cycles ($ok done)" \
	test "$ok" = "$CYCLES"
if lab_guest_wait net-cycles 120; then
	lab_ok "guest net-cycles ran and powered off by itself"
else
	lab_not_ok "guest net-cycles powered off by itself within 120 s"
fi
lab_guest_show net-cycles
lab_check "the guest verified every cycle's stream ($(lab_guest_get net-cycles verified) of $CYCLES)" \
	test "$(lab_guest_get net-cycles verified)" = "$CYCLES"
lab_check "the domain was fully released" lab_domains_released 60
