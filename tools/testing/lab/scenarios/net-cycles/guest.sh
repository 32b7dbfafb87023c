# SPDX-License-Identifier: GPL-2.0
#
# net-cycles, guest side: for each cycle, wait for an interface to appear,
# receive and verify dom0's 1 MiB, then wait for it to go away.

cycles=${LAB_CYCLES:-32}
verified=0
for i in $(seq "$cycles"); do
	if ! guest_net_up "$LAB_IP" 120; then
		guest_fail "cycle $i: no eth0 within 120 s"
		break
	fi
	out=$(netcheck recv 5040 1 "$i" 60 2>&1 | tail -n 1)
	case "$out" in
	"netcheck: ok "*) verified=$((verified + 1)) ;;
	*) guest_fail "cycle $i: $out"; break ;;
	esac
	n=0
	while [ -e /sys/class/net/eth0 ]; do
		n=$((n + 1))
		[ $n -gt 60 ] && break
		sleep 1
	done
done
guest_put verified "$verified"
