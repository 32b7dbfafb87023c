#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# net-mq, dom0 side: a 2-vCPU guest; its netfront asks for 2 queues (one
# per vCPU, as many as we offer).  Two streams each way, each verified
# byte by byte; both queues must have carried interrupts.
. /lab/dom0/lab-lib.sh

MIB=32
NC=/lab/bin/netcheck
lab_check "bridge br0 with 10.0.0.1/24" lab_net_bridge
pids=
for p in 5011 5012; do
	$NC recv $p $MIB $p 600 >/tmp/lab/mq-recv-$p.log 2>&1 &
	pids="$pids $!"
done
for p in 5021 5022; do
	$NC send 10.0.0.20 $p $MIB $p - 400 >/tmp/lab/mq-send-$p.log 2>&1 &
	pids="$pids $!"
done
lab_guest_start net-mq guest vcpus=2 memory=256 "vif=$(lab_vif_spec 20)" \
	"arg=mib=$MIB" "arg=ip=10.0.0.20" ||
	{ lab_not_ok "xl create of guest net-mq"; exit 0; }
lab_check "the vif is Connected" lab_vif_wait_connected net-mq 300
domid=$(lab_guest_domid net-mq)
nq=$(xenstore-read "/local/domain/$domid/device/vif/0/multi-queue-num-queues" 2>/dev/null)
lab_check "netfront asked for 2 queues (multi-queue-num-queues=${nq:-unset})" \
	test "$nq" = 2
lab_check "vif$domid.0 has 2 transmit queues" \
	test "$(ls -d /sys/class/net/vif$domid.0/queues/tx-* | wc -l)" = 2
if lab_guest_wait net-mq 800; then
	lab_ok "guest net-mq ran and powered off by itself"
else
	lab_not_ok "guest net-mq powered off by itself within 800 s"
fi
grep "vif$domid.0-q" /proc/interrupts | sed 's/^/[dom0 interrupts] /'
lab_guest_show net-mq
fail=$(lab_guest_get net-mq fail)
[ -z "$fail" ] || lab_not_ok "guest net-mq: $fail"
# The guest is gone: whatever did not finish by now never will.
sleep 1
# shellcheck disable=SC2086
kill $pids 2>/dev/null
wait
for p in 5011 5012; do
	lab_check "dom0 received stream $p ($MIB MiB), every byte verified" \
		grep -q "^netcheck: ok $((MIB << 20)) " /tmp/lab/mq-recv-$p.log
done
for p in 5021 5022; do
	sed "s/^/[dom0 send $p] /" /tmp/lab/mq-send-$p.log
	lab_check "guest received stream $p ($MIB MiB), every byte verified" \
		grep -q "^netcheck: ok $((MIB << 20)) " <<<"$(lab_guest_get net-mq rx$p)"
done
lab_check "both domains were fully released" lab_domains_released 60
