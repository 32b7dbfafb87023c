#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sec-blkif, dom0 side.  A good guest runs verified I/O on its own disk
# while a hostile guest (blkhostile, no blkfront) attacks xen-blkback on two
# disks of its own, one case after the other (see
# Documentation/threat-model.rst).  Each case reports from the guest what
# the backend did; dom0 checks that it stayed healthy: the good guest's
# data is intact, every ring the hostile frontend broke or every malformed
# handshake got a ratelimited message, and once the hostile domain is
# destroyed in the middle of its I/O it is released entirely and no thread
# of it is left.
. /lab/dom0/lab-lib.sh

CFS=/sys/kernel/config
NULLB=$CFS/nullb/secslow

# A null_blk device (memory-backed) whose every request takes 300 ms, for
# the cases that need requests to stay in flight.
slow_disk()
{
	local i dev

	modprobe null_blk nr_devices=0 || return 1
	mountpoint -q "$CFS" || mount -t configfs configfs "$CFS" || return 1
	mkdir "$NULLB" || return 1
	echo 64 >"$NULLB/size"
	echo 1 >"$NULLB/memory_backed"
	echo 2 >"$NULLB/irqmode"
	echo 300000000 >"$NULLB/completion_nsec"
	echo 1 >"$NULLB/power" || return 1
	# 6.1 names the disk after the configfs item; older kernels nullbN.
	for i in $(seq 20); do
		for dev in /dev/secslow "/dev/nullb$(cat "$NULLB/index")"; do
			[ -b "$dev" ] && { echo "$dev"; return 0; }
		done
		sleep 0.5
	done
	return 1
}

slow_disk_remove()
{
	[ -d "$NULLB" ] || return 0
	echo 0 >"$NULLB/power"
	rmdir "$NULLB"
}

good=$(lab_disk_create sec-good 32) || { lab_not_ok "create the good guest's disk"; exit 0; }
fast=$(lab_disk_create sec-fast 16) || { lab_not_ok "create the hostile guest's disk"; exit 0; }
slow=$(slow_disk)
lab_check "a slow null_blk disk for requests in flight ($slow)" test -b "$slow"
[ -b "$slow" ] || exit 0

if ! lab_guest_start sec-good good "disk=$(lab_disk_spec "$good")"; then
	lab_not_ok "xl create of guest sec-good"
	exit 0
fi
for i in $(seq 300); do
	[ -n "$(lab_guest_get sec-good good-round)" ] && break
	sleep 1
done
lab_check "the good guest does verified I/O ($(lab_guest_get sec-good good-round))" \
	test -n "$(lab_guest_get sec-good good-round)"
rounds_before=$(lab_guest_get sec-good good-round | cut -d ' ' -f 1)

lab_dmesg_mark
if ! lab_guest_start sec-hostile hostile memory=256 \
	"disk=$(lab_disk_spec "$fast" rw xvda)" \
	"disk=$(lab_disk_spec "$slow" rw xvdb)" \
	arg=nomod=xen-blkfront "arg=cases=${SEC_CASES:-all}"; then
	lab_not_ok "xl create of guest sec-hostile"
	exit 0
fi
hid=$(lab_guest_domid sec-hostile)
lab_info "hostile guest is domain $hid"

# Each case's result as it comes, so that a boot that runs out of time
# still shows how far the cases got and how long each took.
tail -n +1 -F "$LAB_CONSOLE_DIR/guest-sec-hostile.log" 2>/dev/null |
	grep --line-buffered -E '@@GUEST|blkhostile|BUG|Oops|segfault' |
	while read -r line; do echo "[sec-hostile at $((SECONDS))s] ${line%$'\r'}"; done &

# The cases run until the last one asks to be destroyed mid-I/O; all of
# them take 10 to 20 minutes under emulation.
end=$((SECONDS + ${SEC_WAIT:-1800}))
while [ $SECONDS -lt $end ]; do
	[ -n "$(lab_guest_get sec-hostile destroy-me)" ] && break
	[ -n "$(lab_guest_get sec-hostile hostile-exit)" ] && break
	[ "$(lab_guest_state sec-hostile)" = gone ] && break
	sleep 5
done
lab_info "the hostile guest's cases ended after $((SECONDS - end + ${SEC_WAIT:-1800})) s"
lab_guest_show sec-hostile
tr -d '\r' <"$LAB_CONSOLE_DIR/guest-sec-hostile.log" |
	awk '$1 == "@@GUEST" && $2 == "case" { $1 = $2 = ""; sub(/^ +/, ""); print }' \
	>/tmp/lab/sec-cases
lab_check "the hostile guest ran its cases (blkhostile ran $(wc -l </tmp/lab/sec-cases) cases)" \
	test -s /tmp/lab/sec-cases
while read -r name result secs rest; do
	case "$result" in
	ok) lab_ok "case $name ($secs): ${rest:-refused}" ;;
	skip) lab_skip "case $name: $rest" ;;
	*) lab_not_ok "case $name ($secs): $rest" ;;
	esac
done </tmp/lab/sec-cases

# What the backend said about the hostile frontend: ratelimited warnings.
dmesg | tail -n +"$((LAB_DMESG_MARK + 1))" | grep 'xen-blkback\|vbd' |
	grep -i 'frontend error' >/tmp/lab/sec-errors
lab_info "$(wc -l </tmp/lab/sec-errors) 'frontend error' lines in dom0's log"
for what in 'producer' 'ring-page-order' 'queues requested' 'unknown protocol' 'mapping ring'; do
	lab_check "dom0's log names the broken ring or handshake: '$what'" \
		grep -q "$what" /tmp/lab/sec-errors
done
grep -q '^destroy-mid-io ' /tmp/lab/sec-cases ||
	lab_check "the hostile guest asked to be destroyed with I/O in flight" \
		test -n "$(lab_guest_get sec-hostile destroy-me)"

rounds_during=$(lab_guest_get sec-good good-round | cut -d ' ' -f 1)
lab_check "the good guest's verified I/O went on during the attack (rounds $rounds_before -> $rounds_during)" \
	test "${rounds_during:-0}" -gt "${rounds_before:-0}"

xl destroy sec-hostile
lab_check "xl destroy of the hostile guest with its I/O in flight" test $? = 0
lab_check "the hostile domain was fully released (no grant or page left held)" \
	lab_domains_released 90
sleep 2
left=$(ps -eo comm | grep -c "^blkback\.$hid\.")
lab_check "no blkback thread of the hostile domain is left ($left)" test "$left" = 0

xenstore-write "/local/domain/$(lab_guest_domid sec-good)/data/stop" 1
if lab_guest_wait sec-good 300; then
	lab_guest_show sec-good | tail -n 5
	good_res=$(lab_guest_get sec-good good)
	lab_check "the good guest's data stayed intact through the attack ($good_res)" \
		test "${good_res##*failed=}" = 0
	lab_check "the good guest's domain was released" lab_domains_released 60
else
	lab_not_ok "the good guest stopped when asked"
fi
slow_disk_remove
