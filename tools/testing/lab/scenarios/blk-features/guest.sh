# SPDX-License-Identifier: GPL-2.0
#
# blk-features, guest side: what blkfront negotiated, verified I/O in
# 1 MiB requests (indirect), read twice (persistent grants reused), a
# flush, a discard of data written, then waiting for dom0 to grow the
# disk.  A second disk, xvdb, is read-only.
#
# No reconnect here: Linux 6.1's blkfront cannot reconnect in a running
# guest.  Unbound, its device stays Closed, and a fresh probe answers a
# backend in InitWait only from Initialising; only a kexec'd kernel
# resets the state.  sec-blkif's reconnect case (blkhostile, a frontend
# of ours) closes and connects again instead.

MIB=32
if ! guest_wait_block /dev/xvda 60; then
	guest_fail "no /dev/xvda after 60 s"
	return 0
fi
q=/sys/block/xvda/queue
guest_put nr-hw-queues "$(ls /sys/block/xvda/mq 2>/dev/null | wc -l)"
guest_put max-segments "$(cat $q/max_segments)"
guest_put max-hw-kb "$(cat $q/max_hw_sectors_kb)"
guest_put discard-max "$(cat $q/discard_max_bytes)"
guest_put write-cache "$(cat $q/write_cache)"

out=$(blkcheck fill /dev/xvda 1 $MIB /tmp/state 2>&1 &&
	blkcheck check /dev/xvda /tmp/state $MIB 2>&1 &&
	blkcheck check /dev/xvda /tmp/state $MIB 2>&1)
rc=$?
echo "$out"
[ $rc = 0 ] && guest_put io ok || guest_put io "failed: $(echo "$out" | tail -n 1)"

# fsync of the block device: blkfront sends a cache flush.
if sync /dev/xvda 2>/tmp/err; then
	guest_put flush ok
else
	guest_put flush "failed: $(tail -n 1 /tmp/err)"
fi

# xvdb is read-only: a write must be refused.
if guest_wait_block /dev/xvdb 30; then
	guest_put xvdb-ro "$(cat /sys/block/xvdb/ro)"
	if dd if=/dev/zero of=/dev/xvdb bs=4096 count=1 oflag=direct 2>/dev/null; then
		guest_put xvdb-write accepted
	else
		guest_put xvdb-write refused
	fi
fi

# Discard 4 MiB of what was written at 8 MiB.
if blkdiscard -o $((8 * 1048576)) -l $((4 * 1048576)) /dev/xvda 2>/tmp/err; then
	guest_put discard ok
else
	guest_put discard "failed: $(tail -n 1 /tmp/err)"
fi
guest_put io-done 1

s0=$(cat /sys/block/xvda/size)
i=0
while [ "$(cat /sys/block/xvda/size)" = "$s0" ] && [ $i -lt 120 ]; do
	sleep 1
	i=$((i + 1))
done
guest_put resized-sectors "$(cat /sys/block/xvda/size)"
# dom0 reads the backend's new "sectors" every 2 s; powering off at once
# could take the backend directory away before its next look.
sleep 15
