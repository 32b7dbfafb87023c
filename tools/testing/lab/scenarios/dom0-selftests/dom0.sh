#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every kselftest binary of tools/testing/selftests in dom0, as root,
# against whichever modules modprobe loaded (ours from updates/), and turn
# each of their TAP results into one of ours.
. /lab/dom0/lab-lib.sh

found=0
for t in /lab/selftests/*; do
	[ -x "$t" ] || continue
	found=1
	name=$(basename "$t")
	out=$(timeout 120 "$t" 2>&1)
	rc=$?
	echo "$out" | sed "s/^/[$name] /"
	echo "$out" | awk -v n="$name" '
		/^ok / { sub(/^ok [0-9]+ /, ""); print "ok " n ": " $0 }
		/^not ok / { sub(/^not ok [0-9]+ /, ""); print "not-ok " n ": " $0 }' |
	while read -r res desc; do
		if [ "$res" = ok ]; then
			lab_ok "$desc"
		else
			lab_not_ok "$desc"
		fi
	done
	lab_check "$name exits with status 0 (got $rc)" test $rc = 0
done
[ $found = 1 ] || lab_skip "no kselftest binaries were built"
