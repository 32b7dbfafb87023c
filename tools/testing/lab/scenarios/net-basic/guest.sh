# SPDX-License-Identifier: GPL-2.0
#
# net-basic, guest side (busybox sh, sourced by the guest's /init): eth0
# up, ping dom0, send dom0 a verified stream, receive dom0's.

mib=${LAB_MIB:-256}
if ! guest_net_up "${LAB_IP:-10.0.0.10}" 60; then
	guest_fail "eth0 not up within 60 s"
	return 0
fi
if ping -c 3 -W 10 10.0.0.1 >/tmp/ping 2>&1; then
	guest_put ping ok
else
	guest_put ping "failed: $(tail -n 2 /tmp/ping | tr '\n' ' ')"
	st=/sys/class/net/eth0/statistics
	echo "eth0: carrier $(cat /sys/class/net/eth0/carrier) tx packets $(cat $st/tx_packets) errors $(cat $st/tx_errors) dropped $(cat $st/tx_dropped); rx packets $(cat $st/rx_packets) errors $(cat $st/rx_errors) dropped $(cat $st/rx_dropped)"
	grep eth0 /proc/interrupts
	return 0
fi
flip=
guest_inject flip-byte && flip=flip
guest_put tx "$(netcheck send 10.0.0.1 5001 "$mib" 11 $flip 2>&1 | tail -n 1)"
guest_put rx "$(netcheck recv 5002 "$mib" 12 300 2>&1 | tail -n 1)"
