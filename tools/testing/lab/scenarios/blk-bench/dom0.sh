#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# blk-bench, dom0 side: a benchmark, not a test (see
# Documentation/benchmarks.rst).  On a null_blk device in dom0, in rounds:
# a 1-vCPU guest measures through our xen-blkback, another through the
# in-tree one (rmmod + insmod of the explicit .ko, with no guest
# attached), and dom0 measures the device natively.  Emulation is noisy,
# so the rounds interleave the two backends (ours first in odd rounds,
# in-tree first in even ones) and the summary takes medians.  Prints every
# figure and the ratios as "# blk-bench:" lines; the only results are that
# each measurement ran (and the lab's own per-guest checks).
. /lab/dom0/lab-lib.sh

ROUNDS=${BENCH_ROUNDS:-3}
RR_SECS=10	# 4 KiB random reads, queue depth 32
SEQ_SECS=6	# 1 MiB sequential reads, then writes, queue depth 4
BENCH=/lab/bin/blkbench
KVER=$(uname -r)
OURS=/lib/modules/$KVER/updates/xen-blkback.ko
INTREE=/lib/modules/$KVER/kernel/drivers/block/xen-blkback/xen-blkback.ko
OUT=/tmp/lab/bench
mkdir -p "$OUT" && rm -f "$OUT"/*

for f in "$OURS" "$INTREE" "$BENCH"; do
	[ -f "$f" ] || { lab_not_ok "$f is there"; exit 0; }
done

# null_blk: no data is stored and requests complete at once in the
# submitter's context (irqmode=0), so the device costs almost nothing
# and what is measured is the path through the backend.
rmmod null_blk 2>/dev/null
if ! modprobe null_blk nr_devices=1 gb=1 bs=512 queue_mode=2 irqmode=0 \
	hw_queue_depth=128 submit_queues=1; then
	lab_not_ok "modprobe null_blk"
	exit 0
fi
DEV=/dev/nullb0
for i in $(seq 10); do [ -b $DEV ] && break; sleep 1; done
lab_check "null_blk device $DEV is there" test -b $DEV

# Backends measured (lab_bench_backends): ours and the in-tree module,
# unless a dom0-local.conf says otherwise.
lab_bench_backends "ours=$OURS
intree=$INTREE"

# use_backend FILE [ARGS]: make FILE the loaded xen-blkback.
use_backend()
{
	local want

	rmmod xen-blkback 2>/dev/null
	insmod "$@" || return 1
	want=$(modinfo -F srcversion "$1")
	test "$(cat /sys/module/xen_blkback/srcversion 2>/dev/null)" = "$want"
}

# record KIND ROUND RR SR SW: keep a round's figures ("IOPS MIBPS" each).
record()
{
	local kind=$1 round=$2

	echo "$3" | awk '{ print $1 }' >>"$OUT/$kind.rr"
	echo "$4" | awk '{ print $2 }' >>"$OUT/$kind.sr"
	echo "$5" | awk '{ print $2 }' >>"$OUT/$kind.sw"
	lab_info "round $round $kind: randread 4k qd32 $(echo "$3" | awk '{ print $1 }') IOPS; seqread 1M $(echo "$4" | awk '{ print $2 }') MiB/s; seqwrite 1M $(echo "$5" | awk '{ print $2 }') MiB/s"
}

# guest_round KIND ROUND: one guest measuring through backend KIND.
guest_round()
{
	local kind=$1 round=$2 name=bench-$1-$2 rr sr sw fail

	# shellcheck disable=SC2046
	if ! use_backend $(lab_bench_spec "$kind"); then
		lab_not_ok "round $round: load xen-blkback $kind ($(lab_bench_spec "$kind"))"
		return
	fi
	lab_guest_run "$name" bench 900 vcpus=1 memory=256 \
		"disk=$(lab_disk_spec $DEV)" "arg=rrsecs=$RR_SECS" \
		"arg=seqsecs=$SEQ_SECS" || return
	fail=$(lab_guest_get "$name" fail)
	rr=$(lab_guest_get "$name" rr)
	sr=$(lab_guest_get "$name" sr)
	sw=$(lab_guest_get "$name" sw)
	[ "$round" = 1 ] &&
		lab_info "$kind: blkfront $(lab_guest_get "$name" features); $(lab_guest_get "$name" queues) queue(s)"
	if [ -n "$fail" ] || [ -z "$rr" ] || [ -z "$sr" ] || [ -z "$sw" ]; then
		lab_not_ok "round $round $kind: the guest measured (${fail:-figures missing})"
		return
	fi
	lab_ok "round $round $kind: the guest measured"
	record "$kind" "$round" "$rr" "$sr" "$sw"
}

# native_round ROUND: the same measurements by dom0 on the device.
native_round()
{
	local round=$1 rr sr sw

	rr=$($BENCH randread $DEV 4096 32 $RR_SECS) &&
	sr=$($BENCH seqread $DEV 1048576 4 $SEQ_SECS) &&
	sw=$($BENCH seqwrite $DEV 1048576 4 $SEQ_SECS)
	if [ $? != 0 ]; then
		lab_not_ok "round $round native: dom0 measured"
		return
	fi
	lab_ok "round $round native: dom0 measured"
	fig() { echo "$1" | sed -n 's/.* iops=\([0-9]*\) mibps=\([0-9.]*\).*/\1 \2/p'; }
	record native "$round" "$(fig "$rr")" "$(fig "$sr")" "$(fig "$sw")"
}

lab_info "setup: null_blk (irqmode=0, 1 GiB), guests 1 vCPU 256 MiB, dom0 $(nproc) vCPUs; $ROUNDS rounds; randread 4k qd32 ${RR_SECS}s, seqread/seqwrite 1M qd4 ${SEQ_SECS}s each, after 1s warm-up"
lab_info "backends: $(echo "$BACKENDS" | tr '\n' ';')"
for round in $(seq "$ROUNDS"); do
	for kind in $(lab_bench_order "$round"); do
		guest_round "$kind" "$round"
	done
	native_round "$round"
done

# The summary: medians, and ratios of the medians.
for m in rr sr sw; do
	case $m in
	rr) what="randread 4k qd32 IOPS" ;;
	sr) what="seqread 1M MiB/s" ;;
	sw) what="seqwrite 1M MiB/s" ;;
	esac
	t=$(lab_median "$OUT/intree.$m")
	n=$(lab_median "$OUT/native.$m")
	line="native $n"
	for kind in $KINDS; do
		[ "$kind" = intree ] && continue
		o=$(lab_median "$OUT/$kind.$m")
		line="$line; $kind $o (/in-tree $(lab_ratio "$o" "$t"), /native $(lab_ratio "$o" "$n"))"
	done
	lab_info "median $what: in-tree $t; $line"
	all=
	for kind in $KINDS native; do
		all="$all$kind $(tr '\n' ' ' <"$OUT/$kind.$m" 2>/dev/null)| "
	done
	lab_info "all $what: $all"
done

# Leave dom0 as the other scenarios expect it: ours loaded, no null_blk.
rmmod xen-blkback 2>/dev/null
lab_check "our xen-blkback is loaded again after the benchmark" \
	sh -c 'modprobe xen-blkback && test "$(cat /sys/module/xen_blkback/srcversion)" = "$(modinfo -F srcversion '"$OURS"')"'
rmmod null_blk
