#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# emu-stress, dom0 side: no driver of ours is exercised beyond what every
# boot uses.  It measures how often ordinary userspace dies under TCG's
# nested SVM, so that QEMU CPU models can be compared (LAB_CPU=...): two
# checksum workers and a loop of `xl create` / `xl destroy` of a small
# guest run in dom0 while a second guest checksums in a loop.  A worker
# killed by a signal, a checksum that differs from the first one, or an xl
# that dies is counted.
. /lab/dom0/lab-lib.sh

NAME=emu-stress
SECS=240

worker()
{
	local ref=/tmp/lab/stress.ref out=/tmp/lab/stress.$1 end=$((SECONDS + SECS))
	local runs=0 died=0 wrong=0 rc

	while [ $SECONDS -lt $end ]; do
		rc=0
		sha256sum /lab/bin/* /usr/lib/xen-4.17/bin/xl >"$out" 2>&1 || rc=$?
		runs=$((runs + 1))
		if [ $rc -ge 128 ]; then
			died=$((died + 1))
		elif ! cmp -s "$ref" "$out"; then
			wrong=$((wrong + 1))
		fi
	done
	echo "$runs $died $wrong" >/tmp/lab/stress.$1.result
}

sha256sum /lab/bin/* /usr/lib/xen-4.17/bin/xl >/tmp/lab/stress.ref
if ! lab_guest_start stress-busy busy memory=128 "arg=secs=$SECS"; then
	lab_not_ok "xl create of guest stress-busy"
fi
worker 1 &
worker 2 &
creates=0 xl_died=0 xl_failed=0
end=$((SECONDS + SECS))
while [ $SECONDS -lt $end ]; do
	rc=0
	lab_guest_start stress-idle idle memory=160 >/tmp/lab/stress-xl.log 2>&1 || rc=$?
	creates=$((creates + 1))
	if grep -q -E "fatal signal|Segmentation fault|corrupted|free\(\)|Assertion|Aborted" /tmp/lab/stress-xl.log; then
		xl_died=$((xl_died + 1))
		sed "s/^/[xl create $creates] /" /tmp/lab/stress-xl.log
	elif [ $rc != 0 ]; then
		xl_failed=$((xl_failed + 1))
		sed "s/^/[xl create $creates] /" /tmp/lab/stress-xl.log
	fi
	xl destroy stress-idle >/dev/null 2>&1
done
wait
read -r r1 d1 w1 </tmp/lab/stress.1.result
read -r r2 d2 w2 </tmp/lab/stress.2.result
lab_info "cpu model: $(grep -m1 -o 'model name.*' /proc/cpuinfo); flags: $(grep -m1 -o -w -E 'xsave|xsaveopt|xsavec|xsaves|pku|ospke|avx|fsgsbase' /proc/cpuinfo | sort -u | tr '\n' ' ')"
lab_info "dom0 checksum runs $((r1 + r2)), died of a signal $((d1 + d2)), wrong result $((w1 + w2))"
# Whether Xen emulates RDTSC (vtsc) for dom0 and the guests: its 's' key.
xl debug-keys s >/dev/null 2>&1
xl dmesg 2>/dev/null | grep -i -E 'tsc|vtsc' | tail -n 8 | while read -r line; do
	lab_info "xen: $line"
done
lab_info "xl create runs $creates, xl died $xl_died, xl failed otherwise $xl_failed"
lab_guest_finish stress-busy 120
lab_info "guest: $(lab_guest_get stress-busy result)"
lab_check "no dom0 checksum worker died or computed a wrong sum" \
	test $((d1 + d2 + w1 + w2)) = 0
lab_check "no xl create died of a signal or heap corruption" test $xl_died = 0
lab_check "the busy guest's checksum loop was clean" \
	test "$(lab_guest_get stress-busy clean)" = yes
