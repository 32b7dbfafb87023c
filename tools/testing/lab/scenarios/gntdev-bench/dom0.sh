#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gntdev-bench: the map+unmap rate (gntbench: map 1 or 16 grants of a
# guest, mmap, read each page, munmap, unmap, for SECS seconds) through two
# drivers in the same boot, interleaved: /dev/xen/gntdev (the in-tree
# xen-gntdev when the lab runs with --intree xen-gntdev) and
# /dev/xen/gntdev-bench (xen-gntdev-bench: our xen-gntdev built again under
# another name; xenstored holds /dev/xen/gntdev open for the whole boot, so
# the two cannot be swapped).  Odd rounds measure the other driver first,
# even rounds ours first.  Prints every rate, the medians and their ratio
# (ours / other: above 1, ours is faster).  A benchmark, not a test of
# speed: only the check of every page read is asserted.
. /lab/dom0/lab-lib.sh
. /lab/dom0/gntpeer.sh

SECS=${GNTBENCH_SECS:-8}
ROUNDS=${GNTBENCH_ROUNDS:-4}
other=/dev/xen/gntdev ours=/dev/xen/gntdev-bench

lab_check "modprobe xen-gntdev-bench" modprobe xen-gntdev-bench
lab_info "/dev/xen/gntdev is served by $(modinfo -F filename xen-gntdev)"
gntpeer_start gnt-bench 17 $((ROUNDS * SECS * 4 + 300)) ||
	{ lab_not_ok "a guest offers grants to benchmark"; exit 0; }
lab_info "gnt-bench is domain $GNTPEER_DOMID"

failed=0
declare -A rates
for round in $(seq 1 "$ROUNDS"); do
	order="$other $ours"
	[ $((round % 2)) = 0 ] && order="$ours $other"
	for pages in 1 16; do
		for dev in $order; do
			if ! out=$(GNTBENCH_DEV=$dev /lab/bin/gntbench map \
				   "$GNTPEER_DOMID" "$GNTPEER_REFS" "$pages" \
				   "$SECS" 2>&1); then
				failed=$((failed + 1))
				echo "[$dev] $out"
				continue
			fi
			rate=$(echo "$out" | sed -n 's/.* s: \([0-9.]*\) per s.*/\1/p')
			rates[$dev.$pages]="${rates[$dev.$pages]} $rate"
			echo "[$dev round $round] $out"
		done
	done
done
lab_check "every page of every mapping read back as the guest wrote it, through both drivers" \
	test $failed = 0

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 }
	END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for pages in 1 16; do
	mo=$(echo "${rates[$other.$pages]}" | median)
	mu=$(echo "${rates[$ours.$pages]}" | median)
	lab_info "gntdev-bench: $pages pages: rates per s: other${rates[$other.$pages]}; ours${rates[$ours.$pages]}"
	lab_info "gntdev-bench: $pages pages: median map+unmap per s: other ${mo:-n/a}, ours ${mu:-n/a}, ratio ours/other $(awk -v o="${mo:-0}" -v u="${mu:-0}" 'BEGIN { if (o > 0 && u > 0) printf "%.2f", u / o; else print "n/a" }')"
done
gntpeer_stop gnt-bench
lab_check "guest gnt-bench's domain was fully released" lab_domains_released 60
rmmod xen-gntdev-bench
