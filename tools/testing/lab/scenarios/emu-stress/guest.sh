# SPDX-License-Identifier: GPL-2.0
#
# emu-stress, guest side: role "busy" checksums its own root for
# lab.secs seconds and counts deaths and wrong sums; role "idle" waits to
# be destroyed.

case "$LAB_ROLE" in
busy)
	end=$(($(cut -d. -f1 /proc/uptime) + ${LAB_SECS:-240}))
	ref=$(md5sum /bin/busybox /lab/bin/* 2>&1)
	runs=0 died=0 wrong=0
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		rc=0
		out=$(md5sum /bin/busybox /lab/bin/* 2>&1) || rc=$?
		runs=$((runs + 1))
		if [ $rc -ge 128 ]; then
			died=$((died + 1))
		elif [ "$out" != "$ref" ]; then
			wrong=$((wrong + 1))
		fi
	done
	guest_put result "runs $runs died $died wrong $wrong"
	if [ $((died + wrong)) = 0 ]; then
		guest_put clean yes
	else
		guest_put clean no
	fi
	;;
idle)
	sleep 600
	;;
esac
