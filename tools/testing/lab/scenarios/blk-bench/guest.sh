# SPDX-License-Identifier: GPL-2.0
#
# blk-bench, guest side: blkbench's three measurements on xvda, each
# reported as "@@GUEST KEY IOPS MIBPS".  Durations come from dom0
# (lab.rrsecs, lab.seqsecs).

if ! guest_wait_block /dev/xvda 60; then
	guest_fail "no /dev/xvda after 60 s"
	return 0
fi
guest_put features "$(dmesg | grep 'blkfront: xvda:' | tail -n 1 | sed 's/.*xvda: //')"
guest_put queues "$(ls /sys/block/xvda/mq | wc -l)"

# bench KEY blkbench-ARGS...: one measurement.
bench()
{
	local key=$1 out

	shift
	if ! out=$(blkbench "$@" 2>&1); then
		guest_fail "blkbench $*: $(echo "$out" | tail -n 1)"
		return
	fi
	echo "$out"
	guest_put "$key" "$(echo "$out" | sed -n 's/.* iops=\([0-9]*\) mibps=\([0-9.]*\).*/\1 \2/p')"
}

bench rr randread /dev/xvda 4096 32 "${LAB_RRSECS:-10}"
bench sr seqread /dev/xvda 1048576 4 "${LAB_SEQSECS:-6}"
bench sw seqwrite /dev/xvda 1048576 4 "${LAB_SEQSECS:-6}"
