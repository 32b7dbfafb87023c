# SPDX-License-Identifier: GPL-2.0
#
# gntdev-bench, guest side: offer grants until dom0 says stop.
gntshare "${LAB_PAGES:-17}" "${LAB_SECS:-500}" ||
	guest_fail "gntshare exited with status $?"
