#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# evtchn-pingpong: dom0 binds to the port a guest published in xenstore and
# does PINGPONG_ROUNDS round trips through /dev/xen/evtchn; each answer is
# checked (our port, within 5 s, alone), and the guest's count of echoes
# must equal dom0's count of rounds.
. /lab/dom0/lab-lib.sh

rounds=${PINGPONG_ROUNDS:-200}
name=pingpong
if ! lab_guest_start $name pong; then
	lab_not_ok "xl create of guest $name"
	exit 0
fi
if ! domid=$(lab_guest_domid $name); then
	lab_not_ok "xl domid $name"
	exit 0
fi
port=
for _ in $(seq 1 180); do
	port=$(xenstore-read /local/domain/"$domid"/data/pingpong-port 2>/dev/null) &&
		[ -n "$port" ] && break
	sleep 1
done
if [ -z "$port" ]; then
	# What the guest did instead, for the diagnosis.
	xl list 2>&1 | sed 's/^/[xl list] /'
	xenstore-ls -f /local/domain/"$domid" 2>&1 | grep -v -e /device/ -e /console/ |
		head -n 20 | sed 's/^/[xenstore] /'
	lab_guest_show $name
	lab_not_ok "guest $name (domain $domid) published its event channel in xenstore within 180 s"
	exit 0
fi
lab_ok "guest $name published its event channel (port $port) in xenstore"

# xl console, attached for the rest of the guest's life: it must show the
# guest's output, and carry a line typed into it to the guest.  It reads
# what is typed only from a terminal, so it runs under script(1), whose
# own input is a FIFO held open (it never sees end-of-file).
mkfifo /tmp/lab/$name.console-in
sleep 600 >/tmp/lab/$name.console-in &
holder=$!
script -q -f -c "xl console $name" /tmp/lab/$name.console \
	</tmp/lab/$name.console-in >/dev/null 2>&1 &
console=$!

out=$(/lab/bin/evtchn-pingpong ping /dev/xen/evtchn "$domid" "$port" "$rounds" 2>&1)
rc=$?
echo "$out" | sed 's/^/[ping] /'
lab_check "$rounds round trips through /dev/xen/evtchn, every answer checked" \
	test $rc = 0
lab_info "latency: $(echo "$out" | grep '^rounds')"

# The guest prints its count once dom0 has been quiet for 20 s, then waits
# for the line typed into its console.
seen=no
for _ in $(seq 1 150); do
	grep -q "@@GUEST echoed" /tmp/lab/$name.console && { seen=yes; break; }
	kill -0 $console 2>/dev/null || break
	sleep 1
done
lab_check "xl console showed the guest's output while it ran" test $seen = yes
# (Opening a FIFO waits for its reader: never when xl console is gone.)
kill -0 $console 2>/dev/null &&
	timeout 20 sh -c "echo console-ok >/tmp/lab/$name.console-in"

if ! lab_guest_wait $name 240; then
	lab_not_ok "guest $name powered off by itself"
	kill $console $holder 2>/dev/null
	exit 0
fi
lab_guest_show $name
lab_check "xl console carried a line typed into it to the guest (got '$(lab_guest_get $name console-input)')" \
	test "$(lab_guest_get $name console-input)" = console-ok
for _ in $(seq 1 30); do
	kill -0 $console 2>/dev/null || break
	sleep 1
done
if kill -0 $console 2>/dev/null; then
	lab_info "xl console was still attached after the guest went; stopped"
else
	lab_info "xl console exited by itself when the guest went"
fi
kill $console $holder 2>/dev/null
lab_check "guest $name ran its side to the end" \
	test -n "$(lab_guest_get $name done)"
lab_check "guest answered with no error (status $(lab_guest_get $name pong-status))" \
	test "$(lab_guest_get $name pong-status)" = 0
echoed=$(lab_guest_get $name echoed)
lab_check "guest echoed exactly the $rounds pings (got '$echoed')" \
	test "$echoed" = "$rounds"
lab_check "guest $name's domain was fully released" lab_domains_released 60
