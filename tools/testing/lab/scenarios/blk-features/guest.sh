# SPDX-License-Identifier: GPL-2.0
#
# blk-features, guest side: write, read back twice (persistent grants get
# reused), discard, then wait for dom0 to grow the disk.

mib=${LAB_MIB:-32}
if ! guest_wait_block /dev/xvda 60; then
	guest_fail "no /dev/xvda after 60 s"
	return 0
fi
guest_put nr-hw-queues "$(ls /sys/block/xvda/mq 2>/dev/null | wc -l)"
dd if=/dev/urandom of=/tmp/pattern bs=1M count="$mib" 2>/dev/null
guest_put written-sha256 "$(guest_sha256 /tmp/pattern)"
dd if=/tmp/pattern of=/dev/xvda bs=1M oflag=direct 2>/tmp/err ||
	guest_fail "write: $(tail -n 1 /tmp/err)"
dd if=/dev/xvda of=/tmp/back bs=1M count="$mib" iflag=direct 2>/tmp/err ||
	guest_fail "read: $(tail -n 1 /tmp/err)"
guest_put read-sha256 "$(guest_sha256 /tmp/back)"
dd if=/dev/xvda of=/tmp/back bs=64k count=$((mib * 16)) iflag=direct 2>/tmp/err ||
	guest_fail "read 64k: $(tail -n 1 /tmp/err)"
guest_put read2-sha256 "$(guest_sha256 /tmp/back)"
rm -f /tmp/back /tmp/pattern
if blkdiscard -o $((64 * 1048576)) -l 1048576 /dev/xvda 2>/tmp/err; then
	guest_put discard ok
else
	guest_put discard "failed: $(tail -n 1 /tmp/err)"
fi
guest_put io-done 1

s0=$(cat /sys/block/xvda/size)
i=0
while [ "$(cat /sys/block/xvda/size)" = "$s0" ] && [ $i -lt 150 ]; do
	sleep 1
	i=$((i + 1))
done
guest_put resized-sectors "$(cat /sys/block/xvda/size)"
