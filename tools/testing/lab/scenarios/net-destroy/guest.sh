# SPDX-License-Identifier: GPL-2.0
#
# net-destroy, guest side: stream both ways until destroyed.

if ! guest_net_up "$LAB_IP" 60; then
	guest_fail "eth0 not up within 60 s"
	return 0
fi
netcheck send 10.0.0.1 5031 100000 31 >/tmp/tx 2>&1 &
netcheck recv 5032 100000 32 600 >/tmp/rx 2>&1 &
wait
guest_fail "the streams ended before the destroy: $(tail -n 1 /tmp/tx) / $(tail -n 1 /tmp/rx)"
