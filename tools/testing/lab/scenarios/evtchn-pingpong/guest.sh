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
