# SPDX-License-Identifier: GPL-2.0
#
# Functions for the guest side of lab scenarios (busybox sh).

guest_put()
{
	echo "@@GUEST $*"
}

guest_fail()
{
	echo "@@GUEST fail $*"
}

# guest_wait_block DEV [SECONDS]: wait for a frontend's block device, until
# it can be opened.  The node comes before the disk: devtmpfs makes it as
# the disk's device is added, and an open fails with ENXIO until the block
# layer has added the disk itself (seen in blk-cycles' third attach).
guest_wait_block()
{
	local i=0

	until [ -b "$1" ] && dd if="$1" of=/dev/null bs=512 count=1 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt "${2:-30}" ] && return 1
		sleep 1
	done
}

# guest_sha256 FILE: the file's SHA-256, hex only.
guest_sha256()
{
	sha256sum "$1" | cut -d ' ' -f 1
}

# guest_inject WHAT: true when the harness asked this run to inject the
# fault WHAT (LAB_INJECT), to prove that the check around it can fail.
guest_inject()
{
	[ "$LAB_INJECT" = "$1" ]
}

# guest_net_up IP [SECONDS]: wait for eth0 (netfront), give it IP/24 and
# wait for its carrier, all within SECONDS.  netfront registers eth0 when
# it probes but turns the carrier on only once the backend is Connected,
# which our xen-netback does after the hotplug script has run; whatever
# is sent before that is dropped, so a ping right after "ip link set up"
# would fail for a reason that is not the data path's.
guest_net_up()
{
	local i=0 max=${2:-30}

	while [ ! -e /sys/class/net/eth0 ]; do
		i=$((i + 1))
		[ $i -gt "$max" ] && { echo "guest_net_up: no eth0"; return 1; }
		sleep 1
	done
	ip link set lo up
	ip addr add "$1/24" dev eth0 && ip link set eth0 up || return 1
	while [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" != 1 ]; do
		i=$((i + 1))
		if [ $i -gt "$max" ]; then
			echo "guest_net_up: eth0 has no carrier (frontend state $(cat /sys/class/net/eth0/device/state 2>/dev/null))"
			return 1
		fi
		sleep 1
	done
	echo "guest_net_up: eth0 up after about $i s"
}
