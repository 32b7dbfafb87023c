# SPDX-License-Identifier: GPL-2.0
#
# blk-mixed, guest side: fill the disk with generation 1, then blkcheck's
# mixed workload with 1 and with 8 processes (queue depth 1 and 8); every
# read and, at the end, every sector is checked.

if ! guest_wait_block /dev/xvda 60; then
	guest_fail "no /dev/xvda after 60 s"
	return 0
fi
guest_put queues "$(ls /sys/block/xvda/mq | wc -l)"

# step NAME COMMAND...: run a blkcheck step, report ok or failed and its
# last line of output.
step()
{
	local name=$1 out

	shift
	if out=$("$@" 2>&1); then
		guest_put "$name" ok
	else
		guest_put "$name" failed
	fi
	echo "$out"
	guest_put "$name-summary" "$(echo "$out" | tail -n 1)"
}

step fill blkcheck fill /dev/xvda 1 256
step qd1 blkcheck mixed /dev/xvda 1 256 1 45
step qd8 blkcheck mixed /dev/xvda 1 256 8 90
