# SPDX-License-Identifier: GPL-2.0
#
# evtchn-pingpong, guest side (busybox sh): publish a port in xenstore and
# answer every event on it until dom0 has been quiet for 20 s.
if [ ! -c /dev/xen/evtchn ]; then
	guest_fail "no /dev/xen/evtchn in the guest"
	return 0
fi
evtchn-pingpong serve /dev/xen/evtchn 20000 >/tmp/pong 2>&1
rc=$?
while read -r k v; do
	case "$k" in
	port | echoed) guest_put "$k" "$v" ;;
	*) echo "$k $v" ;;
	esac
done </tmp/pong
guest_put pong-status "$rc"

# xl console in the other direction: dom0 types a line into its xl console
# once it has seen "echoed" there.  Waiting for it also keeps the guest up
# until dom0's console has shown that line: a guest that powered off at
# once could take its last lines with it (xenconsoled and xl console stop
# with the domain, whatever they have not read yet).
line=
read -r -t 180 line </dev/hvc0 || true
guest_put console-input "${line:-none}"
