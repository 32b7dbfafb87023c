# SPDX-License-Identifier: GPL-2.0
#
# dom0-selftests, guest side (busybox sh, sourced by the guest's /init):
# role "share" offers grants to dom0's gntdev tests until dom0 says stop.

case "$LAB_ROLE" in
share)
	gntshare "${LAB_PAGES:-16}" "${LAB_SECS:-300}" ||
		guest_fail "gntshare exited with status $?"
	;;
*)
	guest_fail "unknown role $LAB_ROLE"
	;;
esac
