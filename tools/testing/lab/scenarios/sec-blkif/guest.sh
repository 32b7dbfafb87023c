# SPDX-License-Identifier: GPL-2.0
#
# sec-blkif, guest side.  Roles:
#   hostile  no xen-blkfront (lab.nomod): blkhostile speaks blkif itself on
#            xvda (fast, a loop device) and xvdb (slow, a null_blk device
#            whose I/O takes 300 ms) and runs the cases of lab.cases
#            (comma-separated, default all); the last case keeps I/O in
#            flight until dom0 destroys the domain
#   good     verified I/O (blkcheck fill + mixed) round after round, until
#            dom0 writes data/stop

case "$LAB_ROLE" in
hostile)
	cases=$(echo "${LAB_CASES:-all}" | tr , ' ')
	[ "$cases" = all ] && cases=$(blkhostile list)
	ls -l /dev/xen
	# shellcheck disable=SC2086
	blkhostile run 51712 51728 $cases
	guest_put hostile-exit $?
	;;
good)
	if ! guest_wait_block /dev/xvda 60; then
		guest_fail "no /dev/xvda after 60 s"
		return 0
	fi
	round=0
	bad=0
	while [ "$(blkhostile xs-read data/stop 2>/dev/null)" != 1 ] &&
	      [ $round -lt 100 ]; do
		round=$((round + 1))
		if blkcheck fill /dev/xvda "$round" 8 /tmp/state >/tmp/good.log 2>&1 &&
		   blkcheck mixed /dev/xvda /tmp/state 8 2 8 "$round" >>/tmp/good.log 2>&1 &&
		   blkcheck check /dev/xvda /tmp/state 8 >>/tmp/good.log 2>&1; then
			guest_put good-round "$round ok"
		else
			bad=$((bad + 1))
			cat /tmp/good.log
			guest_put good-round "$round failed"
		fi
	done
	guest_put good "rounds=$round failed=$bad"
	;;
*)
	guest_fail "unknown role $LAB_ROLE"
	;;
esac
