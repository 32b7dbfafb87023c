# SPDX-License-Identifier: GPL-2.0
#
# net-mq, guest side: two streams to dom0 and two from it, at once.

mib=${LAB_MIB:-32}
if ! guest_net_up "$LAB_IP" 60; then
	guest_fail "eth0 not up within 60 s"
	return 0
fi
guest_put queues "$(ls -d /sys/class/net/eth0/queues/tx-* | wc -l)"
for p in 5011 5012; do
	netcheck send 10.0.0.1 $p "$mib" $p >/tmp/tx$p 2>&1 &
done
for p in 5021 5022; do
	netcheck recv $p "$mib" $p 300 >/tmp/rx$p 2>&1 &
done
wait
for p in 5011 5012; do
	guest_put tx$p "$(tail -n 1 /tmp/tx$p)"
done
for p in 5021 5022; do
	guest_put rx$p "$(tail -n 1 /tmp/rx$p)"
done
