# SPDX-License-Identifier: GPL-2.0
#
# blk-cycles, guest side: dom0 attaches xvdb, the guest checks what the
# previous cycle wrote, writes its own generation and checks it, reports,
# and waits for dom0 to detach the disk; LAB_CYCLES times.

n=${LAB_CYCLES:-32}
i=1
while [ $i -le "$n" ]; do
	if ! guest_wait_block /dev/xvdb 90; then
		guest_put "cycle-$i" "no /dev/xvdb after 90 s"
		return 0
	fi
	out=
	rc=0
	if [ $i -gt 1 ]; then
		out=$(blkcheck verify /dev/xvdb $((i - 1)) 1 2>&1) || rc=$?
	fi
	[ $rc = 0 ] && { out=$(blkcheck fill /dev/xvdb $i 1 2>&1) || rc=$?; }
	[ $rc = 0 ] && { out=$(blkcheck verify /dev/xvdb $i 1 2>&1) || rc=$?; }
	if [ $rc = 0 ]; then
		guest_put "cycle-$i" ok
	else
		guest_put "cycle-$i" "failed: $(echo "$out" | tr '\n' ' ')"
	fi
	j=0
	while [ -b /dev/xvdb ] && [ $j -lt 90 ]; do
		sleep 1
		j=$((j + 1))
	done
	if [ -b /dev/xvdb ]; then
		guest_put "cycle-$i-detached" no
		return 0
	fi
	i=$((i + 1))
done
guest_put cycles-done "$n"
