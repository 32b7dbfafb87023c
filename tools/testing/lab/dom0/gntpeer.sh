# SPDX-License-Identifier: GPL-2.0
#
# A guest that offers grants to dom0 (gntshare, tools/testing/lab/tools),
# for the tests and the benchmark of /dev/xen/gntdev.  Sourced by a
# scenario's dom0.sh after lab-lib.sh; the scenario's guest.sh runs
# "gntshare PAGES SECONDS" in role "share".
#
#   gntpeer_start NAME PAGES SECONDS   start it, wait for its grants, set
#                                      GNTPEER_DOMID, GNTPEER_REFS (all but
#                                      the control page), GNTPEER_CTL,
#                                      GNTPEER_RO and export the
#                                      GNTDEV_PEER_* the kselftest reads
#   gntpeer_stop NAME                  tell it to stop, wait for it, show
#                                      its console

gntpeer_start()
{
	local name=$1 pages=$2 secs=$3 left=180 refs

	lab_guest_start "$name" share "arg=pages=$pages" "arg=secs=$secs" ||
		return 1
	while [ $left -gt 0 ]; do
		refs=$(lab_guest_get "$name" gnt-refs)
		[ -n "$refs" ] && break
		[ -n "$(lab_guest_get "$name" fail)" ] && break
		sleep 1
		left=$((left - 1))
	done
	if [ -z "$refs" ]; then
		lab_guest_show "$name"
		return 1
	fi
	GNTPEER_DOMID=$(lab_guest_domid "$name")
	GNTPEER_CTL=${refs##*,}
	GNTPEER_REFS=${refs%,*}
	GNTPEER_RO=$(lab_guest_get "$name" gnt-ro-ref)
	GNTDEV_PEER_DOMID=$GNTPEER_DOMID
	GNTDEV_PEER_REFS=$refs
	GNTDEV_PEER_RO_REF=$GNTPEER_RO
	export GNTDEV_PEER_DOMID GNTDEV_PEER_REFS GNTDEV_PEER_RO_REF
}

gntpeer_stop()
{
	/lab/bin/gntbench stop "$GNTPEER_DOMID" "$GNTPEER_CTL" ||
		echo "lab: gntbench stop failed"
	lab_guest_wait "$1" 60
	lab_guest_show "$1"
}
