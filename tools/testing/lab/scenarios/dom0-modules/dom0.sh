#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dom0 runs as a PVH dom0, as our xen-pvh-dom0 module sees it, and each of
# our modules that dom0 loaded by plain `modprobe NAME` came from updates/.
. /lab/dom0/lab-lib.sh

kver=$(uname -r)
p=/sys/module/xen_pvh_dom0/parameters
if [ -d "$p" ]; then
	lab_check "xen-pvh-dom0 reports mode pvh-dom0 (got '$(cat $p/mode)')" \
		test "$(cat $p/mode)" = pvh-dom0
	lab_check "xen-pvh-dom0 reports an auto-translated physmap" \
		test "$(cat $p/auto_translated)" = Y
else
	lab_not_ok "xen-pvh-dom0 is loaded"
fi

for ko in /lib/modules/"$kver"/updates/*.ko; do
	[ -e "$ko" ] || continue
	name=$(basename "$ko" .ko)
	sysname=${name//-/_}
	[ -d "/sys/module/$sysname" ] || continue
	f=$(modinfo -F filename "$name")
	lab_check "modprobe $name resolves to ours ($f)" \
		test "$f" = "$ko"
	lab_info "$name loaded from $f"
done
