# SPDX-License-Identifier: GPL-2.0
#
# Reading a boot's serial log (sourced by the lab script).  dom0 reports in
# "@@LAB ..." lines (see dom0/lab-lib.sh); everything else is Xen's, dom0's
# and the guests' own output, kept for diagnosis.

# Lines that mean the emulator, not the code under test, failed.  QEMU's
# TCG has shown both on these machines (see Documentation/testing.rst).
# A user process of dom0's toolstack dying on its own (xl, bash: a
# segfault, a libc assertion) with no kernel oops or WARN is counted with
# them: those have only been seen under emulation, with the in-tree modules
# as with ours (scenario emu-stress measures it: plain checksum loops die
# too).  So is a guest's user process killed by a segfault (the guests run
# busybox and our tools from their initramfs: no backend's data is their
# code or their pointers), glibc finding its heap corrupted, xl failing to
# decompress a kernel it decompressed fine a minute earlier, or a process
# found hung spinning in user mode (dom0's lab_hung says so), or a shell
# that runs a command whose name it mangled (a guest's busybox ran
# "sha256su" from a script that says sha256sum), or a machine that
# answers neither dom0's sysrq nor Xen's debug keys after a long silence
# (EMULATOR-STALL, see qemu_probe_silence).  The boot is retried
# (--retries) and the crash is kept and shown.
EMULATOR_SIGNS='Triple fault|Insn mismatch|qemu-system-x86_64: |Segmentation fault|general protection fault ip:|segfault at [0-9a-f]+ ip [0-9a-f]+ sp |Assertion .* failed|corrupted double-linked list|free\(\): |double free or corruption|corrupted size vs\. prev_size|malloc\(\): |unable to XZ decompress kernel|EMULATOR-SPIN: |EMULATOR-STALL: |line [0-9]+: [^ :]+: (command )?not found'
# Lines that mean dom0's kernel (and so, possibly, our modules) failed.
# Matched on lines that are not Xen's ("(XEN) ..."), but for Xen's word
# that dom0 crashed, and the harness's word that Xen answered its debug
# keys while dom0's kernel did not answer sysrq (DOM0-HUNG).
DOM0_CRASH_SIGNS='DOM0-HUNG: |Kernel panic|Oops|BUG:|general protection fault[,:]|Hardware Dom0 crashed|Domain 0 crashed|Call Trace|WARNING:'

# One dom0 kernel crash is the emulator's too: an exception taken in
# kernel mode with the user's GS base, so that the kernel's first per-CPU
# access (its "current") faults again and again until the entry stack's
# guard page is hit.  The kernel only runs with a wrong GS base when the
# CPU lost it (SWAPGS and the kernel GS base MSR are the CPU's and Xen's
# business, no module touches them); it was seen under TCG's nested SVM
# in an idle dom0, in modinfo and sha256sum, with no module of ours on the
# stack.  It counts as the emulator's only when it is the first kernel
# trouble of the boot, the fault is in the entry code, and no module is on
# its stack.
ENTRY_GS_SIGN='BUG: ENTRY_TRAMPOLINE stack guard page was hit'

# entry_gs_crash HOST_TXT: true when the first dom0 kernel trouble in
# HOST_TXT is that crash.
entry_gs_crash()
{
	local first crash

	first=$(grep -a -n -m 1 -E "$DOM0_CRASH_SIGNS" "$1" | cut -d: -f1)
	[ -n "$first" ] || return 1
	crash=$(sed -n "${first},$((first + 40))p" "$1")
	[[ "${crash%%$'\n'*}" == *"$ENTRY_GS_SIGN"* ]] &&
		[[ "$crash" == *'RIP: 0010:error_entry'* ]] &&
		[[ "$crash" == *exc_page_fault* ]] &&
		! grep -a -q -E '\[[a-z0-9_]+\]$' <<<"$crash"
}

# report_results RUN QEMU_STATUS TIMEOUT: append unnumbered TAP results
# ("ok - ...", "not ok - ...") and "# " comments to RUN/results, and set
# RUN_CLASS to one of: pass, fail, emulator.
report_results()
{
	local run=$1 qrc=$2 limit=$3 txt=$1/serial.txt lab=$1/lab.txt s res

	tr -d '\r' <"$run/serial.log" 2>/dev/null |
		sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' >"$txt"
	grep -a -o '@@LAB .*' "$txt" >"$lab" || true
	: >"$run/results"
	rm -f "$run/emulator-kind"
	RUN_CLASS=pass

	res() { echo "$*" >>"$run/results"; }
	fail() { res "not ok - $*"; RUN_CLASS=fail; }

	if grep -a -q '@@LAB dom0-up' "$lab"; then
		res "ok - lab: Xen booted a dom0 ($(awk '$2 == "dom0-up" { print $3, $4, $5; exit }' "$lab"))"
		grep -a -q '@@LAB dom0-up PVH' "$lab" ||
			fail "lab: dom0 runs in PVH mode"
	else
		grep -a -q 'Xen version' "$txt" ||
			res "# Xen did not print its banner"
		fail "lab: Xen booted a dom0 (no sign of dom0's /init on the serial log)"
	fi

	awk '$2 == "modprobe" { printf "# modprobe %s: %s %s\n", $3, $4, $5 }' \
		"$lab" >>"$run/results"
	if grep -a -q '@@LAB modprobe .* failed' "$lab"; then
		fail "lab: dom0 modules load ($(awk '$2 == "modprobe" && $4 == "failed" { printf "%s ", $3 }' "$lab"))"
	elif grep -a -q '@@LAB modprobe' "$lab"; then
		res "ok - lab: dom0 modules load ($(grep -a -c '@@LAB modprobe' "$lab") modules, $(grep -a -c '@@LAB modprobe .*/updates/' "$lab") of them ours)"
	fi

	if grep -a -q '@@LAB setup failed' "$lab"; then
		fail "lab: toolstack starts ($(awk '$2 == "setup" { $1 = $2 = $3 = ""; print; exit }' "$lab"))"
	elif grep -a -q '@@LAB toolstack-up' "$lab"; then
		res "ok - lab: toolstack starts (xenstored, xen-init-dom0, xenconsoled)"
	fi

	for s in $SCENARIOS; do
		awk -v s="$s" '
			$2 == "info" && $3 == s { $1 = $2 = $3 = ""; sub(/^ +/, ""); print "# " s ": " $0 }
			($2 == "ok" || $2 == "not-ok" || $2 == "skip") && $3 == s {
				r = $2; $1 = $2 = $3 = ""; sub(/^ +/, "")
				if (r == "ok") print "ok - " s ": " $0
				else if (r == "skip") print "ok - " s ": " $0 " # SKIP"
				else print "not ok - " s ": " $0 }' "$lab" >>"$run/results"
		if ! grep -a -q "^@@LAB end $s\$" "$lab"; then
			fail "$s: scenario ran to its end (it never finished: see the diagnosis)"
		fi
	done
	grep -q '^not ok' "$run/results" && RUN_CLASS=fail

	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		fail "lab: QEMU finished within its time limit of $limit s"
	elif ! grep -a -q '^@@LAB done' "$lab"; then
		fail "lab: dom0 ran every scenario and shut down cleanly (QEMU exit status $qrc)"
	fi

	# A crash of the emulator is told apart from one of dom0's kernel;
	# a dom0 oops or WARN always counts against the code under test.
	# Guests' consoles, copied into the log as "[guest NAME] ...", are not
	# dom0's kernel.
	grep -a -v -E '^\[guest |^\(XEN\) ' "$txt" >"$run/host.txt" || true
	grep -a -E '^\(XEN\) .*(Dom0 crashed|Domain 0 crashed)' "$txt" >>"$run/host.txt" || true
	# QEMU's own word that it was stopped (by the time limit, or by hand)
	# is not a crash: a dom0 that hangs must fail, not be retried.  (Files,
	# not a pipe into grep -q: under pipefail the writer's SIGPIPE would
	# fail the test.)
	grep -a -v 'terminating on signal' "$run/qemu.out" >"$run/qemu-said.txt" || true
	if [ "$RUN_CLASS" = fail ] &&
	   grep -a -q -E "$EMULATOR_SIGNS" "$txt" "$run/qemu-said.txt" &&
	   ! grep -a -q -E "$DOM0_CRASH_SIGNS" "$run/host.txt"; then
		RUN_CLASS=emulator
	fi
	if [ "$RUN_CLASS" = fail ] && entry_gs_crash "$run/host.txt"; then
		RUN_CLASS=emulator
		echo entry-gs >"$run/emulator-kind"
	fi
}

# report_diagnosis RUN: the log lines that tell why a failed run failed.
report_diagnosis()
{
	local run=$1 txt=$1/serial.txt s
	# Only prints: a grep that finds nothing must not end the run (the
	# caller has errexit and pipefail on), least of all before a retry.
	local -
	set +e +o pipefail

	echo "# ---- diagnosis (full serial log: $run/serial.log)"
	if [ "$RUN_CLASS" = emulator ]; then
		echo "# EMULATOR FAILURE: QEMU/TCG failed under the lab (or a toolstack process died as only seen under emulation), not a kernel oops"
		echo "# (no oops, WARN or panic from dom0's kernel before it):"
		grep -a -h -E "$EMULATOR_SIGNS" "$txt" "$run/qemu.out" | head -n 10 | sed 's/^/#   /'
		[ -f "$run/emulator-kind" ] &&
			echo "#   dom0's kernel took an exception with the user's GS base (the CPU lost it; no module on the stack): see the kernel trouble below"
	fi
	if grep -a -q -E "$DOM0_CRASH_SIGNS" "$run/host.txt"; then
		echo "# dom0 kernel trouble:"
		grep -a -n -E -A 12 "$DOM0_CRASH_SIGNS" "$run/host.txt" | head -n 60 | sed 's/^/#   /'
	fi
	for s in $SCENARIOS; do
		grep -q "^not ok - $s: " "$run/results" || continue
		echo "# log of scenario $s:"
		awk -v s="$s" 'index($0, "@@LAB begin " s) { on = 1 }
			on { print } index($0, "@@LAB end " s) { on = 0 }' "$txt" |
			grep -a -v -E '^\(XEN\)' | tail -n 60 | sed 's/^/#   /'
	done
	if ! grep -a -q '@@LAB done' "$txt"; then
		echo "# last lines of the serial log:"
		tail -n 30 "$txt" | sed 's/^/#   /'
	fi
	[ -s "$run/qemu.out" ] && { echo "# QEMU said:"; tail -n 5 "$run/qemu.out" | sed 's/^/#   /'; }
	echo "# ----"
}
