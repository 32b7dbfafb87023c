#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sec-netif, dom0 side.  A good guest keeps a verified TCP stream going
# each way between itself and dom0 while a hostile guest (nethostile, no
# netfront) attacks xen-netback on a vif of its own, one case after the
# other (see Documentation/threat-model.rst).  dom0 feeds the hostile vif
# with frames so that its receive ring has work, and watches its own free
# memory and the vif's drop counter while the hostile guest stalls its
# receive ring (XSA-392).  Each case reports from the guest what the
# backend did; dom0 checks that it stayed healthy: the good guest's
# traffic is intact, the broken rings got a ratelimited message, and once
# the hostile domain is destroyed in the middle of its traffic it is
# released entirely and its vif and threads are gone.
. /lab/dom0/lab-lib.sh

NC=/lab/bin/netcheck
NH=/lab/bin/nethostile
MIB=4
rm -f /tmp/lab/sec-net-stop

mem_avail()
{
	sed -n 's/^MemAvailable: *\([0-9]*\).*/\1/p' /proc/meminfo
}

lab_check "bridge br0 with 10.0.0.1/24" lab_net_bridge

# dom0's ends of the good guest's rounds: receive its stream, send ours.
( while [ ! -e /tmp/lab/sec-net-stop ]; do
	$NC recv 5001 $MIB 21 30 >>/tmp/lab/sec-recv.log 2>&1
  done ) &
rloop=$!
( while [ ! -e /tmp/lab/sec-net-stop ]; do
	$NC send 10.0.0.10 5002 $MIB 22 - 30 >>/tmp/lab/sec-send.log 2>&1
  done ) &
sloop=$!

if ! lab_guest_start sec-good good memory=256 "vif=$(lab_vif_spec 10)"; then
	lab_not_ok "xl create of guest sec-good"
	exit 0
fi
for _ in $(seq 300); do
	[ -n "$(lab_guest_get sec-good good-round)" ] && break
	sleep 1
done
lab_check "the good guest's verified traffic runs ($(lab_guest_get sec-good good-round))" \
	test -n "$(lab_guest_get sec-good good-round)"
rounds_before=$(lab_guest_get sec-good good-round | cut -d ' ' -f 1)

lab_dmesg_mark
if ! lab_guest_start sec-hostile hostile memory=256 \
	"vif=$(lab_vif_spec 21)" \
	arg=nomod=xen-netfront "arg=cases=${SEC_CASES:-all}"; then
	lab_not_ok "xl create of guest sec-hostile"
	exit 0
fi
hid=$(lab_guest_domid sec-hostile)
vif=vif$hid.0
lab_info "hostile guest is domain $hid ($vif)"
$NH feed "$vif" 1400 >/tmp/lab/sec-feed.log 2>&1 &
feed=$!
# dom0's free memory and the vif's drops, every 2 s (XSA-392).
( while :; do
	echo "$(mem_avail)" \
	     "$(cat "/sys/class/net/$vif/statistics/tx_dropped" 2>/dev/null || echo -)" \
	     "$(grep -c 'rx-stall begin' "$LAB_CONSOLE_DIR/guest-sec-hostile.log" 2>/dev/null)" \
	     "$(grep -c 'rx-stall end' "$LAB_CONSOLE_DIR/guest-sec-hostile.log" 2>/dev/null)"
	sleep 2
  done ) >/tmp/lab/sec-mon &
mon=$!
mem_before=$(mem_avail)

# Each case's result as it comes (a scenario cut short by its time limit
# still reports the cases that ran), and the hostile console's last lines
# every minute, until the last case asks to be destroyed mid-traffic.
cases_log()
{
	tr -d '\r' <"$LAB_CONSOLE_DIR/guest-sec-hostile.log" |
		awk '$1 == "@@GUEST" && $2 == "case" { $1 = $2 = ""; sub(/^ +/, ""); print }'
}
report()
{
	local name result secs rest

	while read -r name result secs rest; do
		case "$result" in
		ok) lab_ok "case $name ($secs): ${rest:-refused}" ;;
		skip) lab_skip "case $name: $rest" ;;
		*) lab_not_ok "case $name ($secs): $rest" ;;
		esac
	done
}
: >/tmp/lab/sec-cases
for t in $(seq 1200); do
	cases_log >/tmp/lab/sec-cases.new
	tail -n +"$(($(wc -l </tmp/lab/sec-cases) + 1))" /tmp/lab/sec-cases.new | report
	mv /tmp/lab/sec-cases.new /tmp/lab/sec-cases
	[ -n "$(lab_guest_get sec-hostile destroy-me)" ] && break
	[ -n "$(lab_guest_get sec-hostile hostile-exit)" ] && break
	[ "$(lab_guest_state sec-hostile)" = gone ] && break
	[ $((t % 60)) = 0 ] && tr -d '\r' <"$LAB_CONSOLE_DIR/guest-sec-hostile.log" |
		tail -n 3 | sed 's/^/[guest sec-hostile, running] /'
	sleep 1
done
lab_guest_show sec-hostile
cases_log >/tmp/lab/sec-cases.new
tail -n +"$(($(wc -l </tmp/lab/sec-cases) + 1))" /tmp/lab/sec-cases.new | report
mv /tmp/lab/sec-cases.new /tmp/lab/sec-cases
lab_check "the hostile guest ran its cases (nethostile ran $(wc -l </tmp/lab/sec-cases) cases)" \
	test -s /tmp/lab/sec-cases

# XSA-392: while the guest took nothing, dom0 dropped frames for it and
# did not spend its memory on them.
awk '$3 == 1 && $4 == 0' /tmp/lab/sec-mon >/tmp/lab/sec-stall
if [ -s /tmp/lab/sec-stall ]; then
	drops=$(awk 'NR == 1 { a = $2 } END { print $2 - a }' /tmp/lab/sec-stall)
	mem_min=$(awk 'NR == 1 || $1 < m { m = $1 } END { print m }' /tmp/lab/sec-stall)
	lab_check "XSA-392: dom0 dropped frames for the stalled guest ($drops in the stall)" \
		test "${drops:-0}" -gt 0
	lab_check "XSA-392: dom0's free memory held during the stall (${mem_before} -> min ${mem_min} KiB)" \
		test "$((mem_before - mem_min))" -lt 65536
else
	lab_skip "XSA-392: no receive stall seen (case not run)"
fi

# What the backend said about the hostile frontend: ratelimited warnings.
dmesg | tail -n +"$((LAB_DMESG_MARK + 1))" | grep 'xen-netback\|vif' |
	grep -i 'frontend error\|interface disabled' >/tmp/lab/sec-errors
lab_info "$(wc -l </tmp/lab/sec-errors) 'frontend error' or 'interface disabled' lines in dom0's log"
for what in 'transmit ring producer' 'malformed transmit request chain' \
	    'queues requested' 'the frontend broke the protocol'; do
	lab_check "dom0's log names the broken ring or handshake: '$what'" \
		grep -q "$what" /tmp/lab/sec-errors
done
grep -q '^destroy-mid-io ' /tmp/lab/sec-cases ||
	lab_check "the hostile guest asked to be destroyed with traffic in flight" \
		test -n "$(lab_guest_get sec-hostile destroy-me)"

rounds_during=$(lab_guest_get sec-good good-round | cut -d ' ' -f 1)
lab_check "the good guest's verified traffic went on during the attack (rounds $rounds_before -> $rounds_during)" \
	test "${rounds_during:-0}" -gt "${rounds_before:-0}"

xl destroy sec-hostile
lab_check "xl destroy of the hostile guest with its traffic in flight" test $? = 0
kill $feed $mon 2>/dev/null
lab_check "the hostile domain was fully released (no grant or page left held)" \
	lab_domains_released 90
sleep 2
lab_check "the hostile guest's vif went away ($vif)" test ! -e "/sys/class/net/$vif"
left=$(ps -eo comm | grep -c "^$vif-q")
lab_check "no queue thread of the hostile vif is left ($left)" test "$left" = 0
sed 's/^/[dom0 feed] /' /tmp/lab/sec-feed.log

xenstore-write "/local/domain/$(lab_guest_domid sec-good)/data/stop" 1
if lab_guest_wait sec-good 300; then
	lab_guest_show sec-good | tail -n 5
	good_res=$(lab_guest_get sec-good good)
	lab_check "the good guest's traffic stayed intact through the attack ($good_res)" \
		test "${good_res##*failed=}" = 0
	lab_check "the good guest's domain was released" lab_domains_released 60
else
	lab_not_ok "the good guest stopped when asked"
fi
touch /tmp/lab/sec-net-stop
sleep 1
kill $rloop $sloop 2>/dev/null
wait 2>/dev/null
ok=$(grep -c '^netcheck: ok' /tmp/lab/sec-recv.log /tmp/lab/sec-send.log | awk -F: '{ s += $2 } END { print s }')
bad=$(cat /tmp/lab/sec-recv.log /tmp/lab/sec-send.log | grep -v 'no connection\|FAIL connect' | grep -c 'FAIL')
lab_check "dom0 verified every byte of the good guest's streams ($ok streams ok, $bad corrupt)" \
	test "$bad" = 0 -a "$ok" -gt 0
