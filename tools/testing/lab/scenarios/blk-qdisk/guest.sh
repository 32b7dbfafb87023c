# SPDX-License-Identifier: GPL-2.0
#
# blk-qdisk, guest side (busybox sh): write a random pattern to xvda with
# O_DIRECT, read it back.  Results: @@GUEST lines.

mib=${LAB_MIB:-16}
if ! guest_wait_block /dev/xvda 120; then
	guest_fail "no /dev/xvda after 120 s"
	return 0
fi
guest_put xvda-sectors "$(cat /sys/block/xvda/size)"
dd if=/dev/urandom of=/tmp/pattern bs=1M count="$mib" 2>/dev/null
guest_put written-sha256 "$(guest_sha256 /tmp/pattern)"
if ! dd if=/tmp/pattern of=/dev/xvda bs=1M oflag=direct 2>/tmp/err; then
	guest_fail "O_DIRECT write: $(tail -n 1 /tmp/err)"
fi
rm -f /tmp/pattern
if ! dd if=/dev/xvda of=/tmp/back bs=1M count="$mib" iflag=direct 2>/tmp/err; then
	guest_fail "O_DIRECT read: $(tail -n 1 /tmp/err)"
fi
guest_put read-sha256 "$(guest_sha256 /tmp/back)"
