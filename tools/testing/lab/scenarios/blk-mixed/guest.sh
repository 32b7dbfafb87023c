# SPDX-License-Identifier: GPL-2.0
#
# blk-mixed, guest side: fill the 256 MiB disk (generation 1, 1 MiB
# sequential writes), then blkcheck's mixed workload at queue depths 1, 4
# and 16 (that many processes), every read checked against the
# generations blkcheck keeps in /tmp/state, and at the end every sector of
# the disk read back and checked.

MIB=256
if ! guest_wait_block /dev/xvda 60; then
	guest_fail "no /dev/xvda after 60 s"
	return 0
fi
guest_put queues "$(ls /sys/block/xvda/mq | wc -l)"

# step NAME COMMAND...: run a blkcheck step, report ok or failed, how long
# it took and its last line of output.
step()
{
	local name=$1 out t0 rc=0

	shift
	t0=$(cut -d . -f 1 /proc/uptime)
	out=$("$@" 2>&1) || rc=$?
	echo "$out"
	if [ $rc = 0 ]; then
		guest_put "$name" ok
	else
		guest_put "$name" "failed ($rc)"
	fi
	guest_put "$name-summary" "$(($(cut -d . -f 1 /proc/uptime) - t0)) s, $(echo "$out" | tail -n 1)"
}

step fill blkcheck fill /dev/xvda 1 $MIB /tmp/state
step qd1 blkcheck mixed /dev/xvda /tmp/state $MIB 1 20 1
step qd4 blkcheck mixed /dev/xvda /tmp/state $MIB 4 20 2
step qd16 blkcheck mixed /dev/xvda /tmp/state $MIB 16 30 3
if guest_inject flip-byte; then
	# The harness's self-test: a sector changed behind blkcheck's back
	# must make the final check fail.
	dd if=/dev/zero of=/dev/xvda bs=512 seek=12345 count=1 oflag=direct \
		conv=notrunc 2>/dev/null
	guest_put injected flip-byte
fi
step check blkcheck check /dev/xvda /tmp/state $MIB
