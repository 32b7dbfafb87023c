# SPDX-License-Identifier: GPL-2.0
#
# net-two-guests, guest side: role server (B) receives and verifies,
# role client (A) pings B and sends.

mib=${LAB_MIB:-64}
if ! guest_net_up "$LAB_IP" 60; then
	guest_fail "eth0 not up within 60 s"
	return 0
fi
case "$LAB_ROLE" in
server)
	guest_put rx "$(netcheck recv 5003 "$mib" 21 600 2>&1 | tail -n 1)"
	;;
client)
	i=0
	until ping -c 1 -W 5 10.0.0.12 >/tmp/ping 2>&1; do
		i=$((i + 1))
		[ $i -ge 30 ] && break
		sleep 2
	done
	[ $i -lt 30 ] && guest_put ping ok ||
		guest_put ping "failed: $(tail -n 2 /tmp/ping | tr '\n' ' ')"
	flip=
	guest_inject flip-byte && flip=flip
	guest_put tx "$(netcheck send 10.0.0.12 5003 "$mib" 21 ${flip:--} 120 2>&1 | tail -n 1)"
	;;
*)
	guest_fail "unknown role $LAB_ROLE"
	;;
esac
