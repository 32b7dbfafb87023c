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

# guest_wait_block DEV [SECONDS]: wait for a frontend's block device.
guest_wait_block()
{
	local i=0

	while [ ! -b "$1" ]; do
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
