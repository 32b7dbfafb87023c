#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# evtchn-bench: the ping-pong's round-trip latency through two drivers in
# the same boot, interleaved A B A B: /dev/xen/evtchn (the in-tree
# xen-evtchn when the lab runs with --intree xen-evtchn) and
# /dev/xen/evtchn-bench (xen-evtchn-bench: our xen-evtchn built again under
# another name).  Prints the medians and their ratio (ours / other); every
# message is still checked.  A benchmark, not a test of speed.
. /lab/dom0/lab-lib.sh

rounds=${PINGPONG_ROUNDS:-300}
pairs=${PINGPONG_PAIRS:-3}
name=pingbench
other=/dev/xen/evtchn ours=/dev/xen/evtchn-bench

lab_check "modprobe xen-evtchn-bench" modprobe xen-evtchn-bench
lab_info "/dev/xen/evtchn is served by $(modinfo -F filename xen-evtchn)"
if ! lab_guest_start $name pong; then
	lab_not_ok "xl create of guest $name"
	exit 0
fi
domid=$(lab_guest_domid $name)
port=
for _ in $(seq 1 180); do
	port=$(xenstore-read /local/domain/"$domid"/data/pingpong-port 2>/dev/null) &&
		[ -n "$port" ] && break
	sleep 1
done
if [ -z "$port" ]; then
	lab_not_ok "guest $name published its event channel in xenstore"
	exit 0
fi

total=0 failed=0
declare -A med
for i in $(seq 1 "$pairs"); do
	for dev in $other $ours; do
		out=$(/lab/bin/evtchn-pingpong ping "$dev" "$domid" "$port" "$rounds" 2>&1) ||
			failed=$((failed + 1))
		echo "[$dev] $out"
		total=$((total + rounds))
		m=$(echo "$out" | awk '/^rounds/ { for (i = 1; i < NF; i++) if ($i == "median_us") print $(i + 1) }')
		med[$dev]="${med[$dev]} $m"
	done
done
lab_check "every round trip checked, through both drivers ($total rounds)" \
	test $failed = 0
summary=$(printf '%s\n' "${med[$other]}" "${med[$ours]}" | awk '
	{ s = 0; for (i = 1; i <= NF; i++) s += $i; m[NR] = NF ? s / NF : 0 }
	END { printf "median RTT (mean of %d sessions): other %.1f us, ours %.1f us, ratio ours/other %.2f",
		NF, m[1], m[2], m[1] ? m[2] / m[1] : 0 }')
lab_info "evtchn-bench: $summary"
lab_info "evtchn-bench: sessions' medians (us): other${med[$other]}; ours${med[$ours]}"

if lab_guest_wait $name 120; then
	lab_check "guest echoed exactly the $total pings (got '$(lab_guest_get $name echoed)')" \
		test "$(lab_guest_get $name echoed)" = "$total"
else
	lab_not_ok "guest $name powered off by itself"
fi
lab_check "guest $name's domain was fully released" lab_domains_released 60
rmmod xen-evtchn-bench
