# SPDX-License-Identifier: GPL-2.0
#
# sec-netif, guest side.  Roles:
#   hostile  no xen-netfront (lab.nomod): nethostile speaks netif itself on
#            vif 0 and runs the cases of lab.cases (comma-separated,
#            default all); the last case keeps both rings busy until dom0
#            destroys the domain
#   good     a verified TCP stream to dom0 and one back, round after
#            round, until dom0 writes data/stop

case "$LAB_ROLE" in
hostile)
	cases=$(echo "${LAB_CASES:-all}" | tr , ' ')
	[ "$cases" = all ] && cases=$(nethostile list)
	ls -l /dev/xen
	# shellcheck disable=SC2086
	nethostile run $cases
	guest_put hostile-exit $?
	;;
good)
	if ! guest_net_up 10.0.0.10 60; then
		guest_fail "eth0 not up within 60 s"
		return 0
	fi
	round=0
	bad=0
	while [ "$(nethostile xs-read data/stop 2>/dev/null)" != 1 ] &&
	      [ $round -lt 200 ]; do
		round=$((round + 1))
		tx=$(netcheck send 10.0.0.1 5001 4 21 - 120 2>&1 | tail -n 1)
		rx=$(netcheck recv 5002 4 22 120 2>&1 | tail -n 1)
		case "$tx/$rx" in
		"netcheck: ok "*"/netcheck: ok "*)
			guest_put good-round "$round ok"
			;;
		*)
			bad=$((bad + 1))
			guest_put good-round "$round failed: $tx / $rx"
			;;
		esac
	done
	guest_put good "rounds=$round failed=$bad"
	;;
*)
	guest_fail "unknown role $LAB_ROLE"
	;;
esac
