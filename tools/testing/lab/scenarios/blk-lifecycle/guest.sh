# SPDX-License-Identifier: GPL-2.0
#
# blk-lifecycle, guest side.  Roles: stream (fill generation 1, then write
# generation 2 over and over until destroyed), verify (every sector holds
# generation 1 or 2).

mib=${LAB_MIB:-64}
if ! guest_wait_block /dev/xvda 60; then
	guest_fail "no /dev/xvda after 60 s"
	return 0
fi

case "$LAB_ROLE" in
stream)
	blkcheck fill /dev/xvda 1 "$mib" || guest_fail "fill"
	guest_put streaming yes
	blkcheck stream /dev/xvda 2 "$mib"
	guest_fail "stream ended: $?"
	;;
verify)
	if out=$(blkcheck verify /dev/xvda 1,2 "$mib" 2>&1); then
		guest_put verify ok
	else
		guest_put verify failed
	fi
	echo "$out"
	guest_put verify-summary "$(echo "$out" | tr '\n' ' ')"
	;;
*)
	guest_fail "unknown role $LAB_ROLE"
	;;
esac
