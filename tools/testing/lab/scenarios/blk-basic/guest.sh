# SPDX-License-Identifier: GPL-2.0
#
# blk-basic, guest side (busybox sh, sourced by the guest's /init).
# Roles: writer (write a random pattern with O_DIRECT, read it back),
# reader (read it, read-only).  Results: @@GUEST lines.

mib=${LAB_MIB:-64}
if ! guest_wait_block /dev/xvda 60; then
	guest_fail "no /dev/xvda after 60 s"
	return 0
fi
guest_put xvda-sectors "$(cat /sys/block/xvda/size)"
guest_put ro "$(cat /sys/block/xvda/ro)"

case "$LAB_ROLE" in
writer)
	dd if=/dev/urandom of=/tmp/pattern bs=1M count="$mib" 2>/dev/null
	guest_put written-sha256 "$(guest_sha256 /tmp/pattern)"
	if ! dd if=/tmp/pattern of=/dev/xvda bs=1M oflag=direct 2>/tmp/err; then
		guest_fail "O_DIRECT write: $(tail -n 1 /tmp/err)"
	fi
	rm -f /tmp/pattern
	if ! dd if=/dev/xvda of=/tmp/back bs=1M count="$mib" iflag=direct 2>/tmp/err; then
		guest_fail "O_DIRECT read: $(tail -n 1 /tmp/err)"
	fi
	if guest_inject flip-byte; then
		# The harness's self-test: one byte changed before the compare
		# must make the scenario fail.
		b=$(dd if=/tmp/back bs=1 skip=12345 count=1 2>/dev/null | od -An -tu1)
		printf "\\$(printf %03o $(((b + 1) % 256)))" |
			dd of=/tmp/back bs=1 seek=12345 conv=notrunc 2>/dev/null
		guest_put injected flip-byte
	fi
	guest_put read-sha256 "$(guest_sha256 /tmp/back)"
	;;
reader)
	# A write to the read-only disk must be refused, and change nothing.
	if dd if=/dev/zero of=/dev/xvda bs=4096 count=1 oflag=direct 2>/dev/null; then
		guest_put ro-write accepted
	else
		guest_put ro-write refused
	fi
	if ! dd if=/dev/xvda of=/tmp/back bs=1M count="$mib" iflag=direct 2>/tmp/err; then
		guest_fail "O_DIRECT read: $(tail -n 1 /tmp/err)"
	fi
	guest_put read-sha256 "$(guest_sha256 /tmp/back)"
	;;
*)
	guest_fail "unknown role $LAB_ROLE"
	;;
esac
