# SPDX-License-Identifier: GPL-2.0
#
# net-bench, guest side: netbench's three measurements against dom0's
# server (10.0.0.1, port 5010), each reported as "@@GUEST KEY FIGURE":
# tx and rx in MiB/s, rr in transactions per second.  Durations come
# from dom0 (lab.streamsecs, lab.rrsecs).

if ! guest_net_up "${LAB_IP:-10.0.0.10}" 60; then
	guest_fail "no eth0 after 60 s"
	return 0
fi
guest_put queues "$(ls -d /sys/class/net/eth0/queues/tx-* | wc -l)"
# dom0 reads what the vif negotiated from xenstore now; its reads must
# not overlap the first measurement.
guest_put netup yes
sleep 5

# bench KEY netbench-client-ARGS...: one measurement; the figure is the
# value of the last field (mibps=X or tps=X).
bench()
{
	local key=$1 out

	shift
	if ! out=$(netbench client 10.0.0.1 5010 "$@" 2>&1); then
		guest_fail "netbench client $*: $(echo "$out" | tail -n 1)"
		return
	fi
	echo "$out"
	guest_put "$key" "$(echo "$out" | tail -n 1 | awk '{ sub(/.*=/, "", $NF); print $NF }')"
}

bench tx tx "${LAB_STREAMSECS:-10}"
bench rx rx "${LAB_STREAMSECS:-10}"
bench rr rr "${LAB_RRSECS:-10}"
