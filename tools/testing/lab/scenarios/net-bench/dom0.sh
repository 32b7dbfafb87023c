#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# net-bench, dom0 side: a benchmark, not a test (see
# Documentation/benchmarks.rst).  A netbench server in dom0 on br0; in
# rounds, a 1-vCPU guest measures TCP through our xen-netback, another
# through the in-tree one (rmmod + insmod of the explicit .ko, with no vif
# bound): a stream from the guest (tx), a stream to it (rx) and 1-byte
# request/response (rr).  Emulation is noisy, so the rounds interleave
# the backends (ours first in odd rounds, in-tree first in even ones) and
# the summary takes medians.  Prints every figure and the ratios as
# "# net-bench:" lines; the only results are that each measurement ran
# (and the lab's own per-guest checks).
. /lab/dom0/lab-lib.sh

ROUNDS=${BENCH_ROUNDS:-3}
STREAM_SECS=10	# tx, then rx: 64 KiB per system call
RR_SECS=10	# 1 byte each way, one transaction at a time
PORT=5010
BENCH=/lab/bin/netbench
KVER=$(uname -r)
OURS=/lib/modules/$KVER/updates/xen-netback.ko
INTREE=/lib/modules/$KVER/kernel/drivers/net/xen-netback/xen-netback.ko
# Debian's 6.1 kernels ship their modules uncompressed; a later one may
# not, and kmod's insmod and modinfo read an .ko.xz as well.
[ -f "$INTREE" ] || [ ! -f "$INTREE.xz" ] || INTREE=$INTREE.xz
OUT=/tmp/lab/net-bench
mkdir -p "$OUT" && rm -f "$OUT"/*

for f in "$OURS" "$INTREE" "$BENCH"; do
	[ -f "$f" ] || { lab_not_ok "$f is there"; exit 0; }
done

if ! lab_net_bridge; then
	lab_not_ok "bridge br0 with 10.0.0.1/24"
	exit 0
fi
lab_ok "bridge br0 with 10.0.0.1/24"
# One server for the whole boot: it serves one connection at a time, so
# the guest's three measurements never overlap.
$BENCH server $PORT >"$OUT/server.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null' EXIT
for _ in $(seq 10); do
	grep -q '^netbench: listening' "$OUT/server.log" && break
	sleep 1
done
if ! grep -q '^netbench: listening' "$OUT/server.log"; then
	lab_not_ok "netbench server listens on port $PORT ($(tail -n 1 "$OUT/server.log"))"
	exit 0
fi

# Backends measured (lab_bench_backends): ours and the in-tree module,
# unless a dom0-local.conf says otherwise.
lab_bench_backends "ours=$OURS
intree=$INTREE"

# vifs_left: the vif devices (vif-DOMID-N) left on the xen-backend bus.
vifs_left()
{
	local d

	for d in /sys/bus/xen-backend/devices/vif-*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}

# no_vif SECONDS: true once no vif device is left.  rmmod does not wait
# for one: unloading would unbind a vif that is still there (a guest's
# domain on its way out) under its frontend.
no_vif()
{
	local end=$((SECONDS + $1))

	while [ -n "$(vifs_left)" ]; do
		[ $SECONDS -ge $end ] && return 1
		sleep 1
	done
}

# use_backend FILE [ARGS]: make FILE the loaded xen-netback.
use_backend()
{
	local want dep

	if ! no_vif 60; then
		echo "net-bench: a vif is still there: $(vifs_left | tr '\n' ' ')"
		return 1
	fi
	rmmod xen-netback 2>/dev/null
	# insmod resolves no dependency (ours needs xen-backend-common).
	for dep in $(modinfo -F depends "$1" | tr ',' ' '); do
		modprobe "$dep" || return 1
	done
	insmod "$@" || return 1
	want=$(modinfo -F srcversion "$1")
	test "$(cat /sys/module/xen_netback/srcversion 2>/dev/null)" = "$want"
}

# vif_features DIR: the feature-*, request-* and multi-queue-* nodes of a
# vif's xenstore directory, as "key=value ...".
vif_features()
{
	xenstore-ls -f "$1" 2>/dev/null |
		sed -n 's#^.*/\(feature-[^/ ]*\|request-[^/ ]*\|multi-queue-[^/ ]*\) = "\(.*\)"$#\1=\2#p' |
		tr '\n' ' ' | sed 's/ $//'
}

# record KIND ROUND TX RX RR: keep a round's figures.
record()
{
	local kind=$1 round=$2

	echo "$3" >>"$OUT/$kind.tx"
	echo "$4" >>"$OUT/$kind.rx"
	echo "$5" >>"$OUT/$kind.rr"
	lab_info "round $round $kind: tx $3 MiB/s; rx $4 MiB/s; rr $5 trans/s"
}

# guest_round KIND ROUND: one guest measuring through backend KIND.
guest_round()
{
	local kind=$1 round=$2 name=nbench-$1-$2 domid tx rx rr fail

	# shellcheck disable=SC2046
	if ! use_backend $(lab_bench_spec "$kind"); then
		lab_not_ok "round $round: load xen-netback $kind ($(lab_bench_spec "$kind"))"
		return
	fi
	if ! lab_guest_start "$name" bench vcpus=1 memory=256 \
		"vif=$(lab_vif_spec 10)" "arg=ip=10.0.0.10" \
		"arg=streamsecs=$STREAM_SECS" "arg=rrsecs=$RR_SECS"; then
		lab_not_ok "xl create of guest $name"
		return
	fi
	# Once per backend, for the log: what the vif negotiated (the guest
	# waits a few seconds after "netup" before it measures).
	if [ "$round" = 1 ] && lab_guest_key_wait "$name" netup 600 &&
	   domid=$(lab_guest_domid "$name"); then
		lab_info "$kind: backend $(vif_features "/local/domain/0/backend/vif/$domid/0"); netfront $(vif_features "/local/domain/$domid/device/vif/0"); $(lab_guest_get "$name" queues) queue(s)"
	fi
	lab_guest_finish "$name" 900 || return
	fail=$(lab_guest_get "$name" fail)
	tx=$(lab_guest_get "$name" tx)
	rx=$(lab_guest_get "$name" rx)
	rr=$(lab_guest_get "$name" rr)
	if [ -n "$fail" ] || [ -z "$tx" ] || [ -z "$rx" ] || [ -z "$rr" ]; then
		lab_not_ok "round $round $kind: the guest measured (${fail:-figures missing})"
		return
	fi
	lab_ok "round $round $kind: the guest measured"
	record "$kind" "$round" "$tx" "$rx" "$rr"
}

lab_info "setup: guest and dom0 on br0, guests 1 vCPU 256 MiB, dom0 $(nproc) vCPUs; $ROUNDS rounds; TCP tx and rx ${STREAM_SECS}s each (64 KiB writes), rr 1 byte ${RR_SECS}s, each after 1s warm-up"
lab_info "backends: $(echo "$BACKENDS" | tr '\n' ';')"
for round in $(seq "$ROUNDS"); do
	for kind in $(lab_bench_order "$round"); do
		guest_round "$kind" "$round"
	done
done

# The summary: medians, and ratios of the medians.
for m in tx rx rr; do
	case $m in
	tx) what="tx (guest to dom0) MiB/s" ;;
	rx) what="rx (dom0 to guest) MiB/s" ;;
	rr) what="rr 1 byte trans/s" ;;
	esac
	t=$(lab_median "$OUT/intree.$m")
	line=
	for kind in $KINDS; do
		[ "$kind" = intree ] && continue
		o=$(lab_median "$OUT/$kind.$m")
		line="$line; $kind $o (/in-tree $(lab_ratio "$o" "$t"))"
	done
	lab_info "median $what: in-tree $t$line"
	all=
	for kind in $KINDS; do
		all="$all$kind $(tr '\n' ' ' <"$OUT/$kind.$m" 2>/dev/null)| "
	done
	lab_info "all $what: $all"
done

kill $spid 2>/dev/null
wait $spid 2>/dev/null
sed 's/^/[dom0 netbench] /' "$OUT/server.log" | tail -n 40

# Leave dom0 as the other scenarios expect it: ours loaded.
no_vif 60
rmmod xen-netback 2>/dev/null
lab_check "our xen-netback is loaded again after the benchmark" \
	sh -c 'modprobe xen-netback && test "$(cat /sys/module/xen_netback/srcversion)" = "$(modinfo -F srcversion '"$OURS"')"'
