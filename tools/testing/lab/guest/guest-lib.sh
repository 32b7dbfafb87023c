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

# guest_net_up IP [SECONDS]: wait for eth0 (netfront) and give it IP/24.
guest_net_up()
{
	local i=0

	while [ ! -e /sys/class/net/eth0 ]; do
		i=$((i + 1))
		[ $i -gt "${2:-30}" ] && return 1
		sleep 1
	done
	ip link set lo up
	ip addr add "$1/24" dev eth0 && ip link set eth0 up
}
