# SPDX-License-Identifier: GPL-2.0
#
# Booting Xen 4.17 and the PVH dom0 under QEMU/TCG (sourced by the lab
# script).  Why each flag (measured on these machines, no usable KVM):
#   -cpu max        AMD SVM with nested paging under TCG: Xen logs
#                   "HVM: SVM enabled" and "HAP detected"; PVH needs HAP.
#   -rdtscp         TCG reports an RDTSCP intercept as RDTSC; Xen then
#                   fails the instruction ("Insn mismatch") and dom0 dies.
#   -avx,-avx2      AVX state is not kept for Xen's guests under TCG's
#                   nested SVM: dom0's userspace died on a plain vzeroupper
#                   (#UD in coreutils' wc) and xl hit a corrupted pthread
#                   mutex.  Without AVX, glibc takes its SSE2 paths.
#   -fsgsbase       user processes in dom0 (xl, bash) died now and then in
#                   thread-local or libc code, and dom0's kernel once took a
#                   fault on entry with its GS base wrong: segment bases do
#                   not look safe across TCG's nested SVM with FSGSBASE; the
#                   kernels fall back to the MSRs.
#   amd-iommu       without an IOMMU Xen does not map the firmware's
#                   reserved regions into a PVH dom0, whose ACPI tables then
#                   read as 0xff and it hangs.
#   -no-reboot      with Xen's noreboot and dom0's sysrq "o", the end of
#                   the run ends QEMU.
# Xen's own console and dom0's hvc0 both go to the one serial log.
#
# dom0's kernel watchdogs are scaled to emulation, which runs 20-100x slower
# than hardware, and slower again when the host is busy: a loop of
# hypercalls that takes a second on hardware (the in-tree privcmd unmapping
# the 58 MiB xl mapped to load a guest's kernel, one hypercall per page,
# never yielding) took 156 s on a loaded host and was reported as a soft
# lockup.  Soft lockups are reported after 240 s (2 x watchdog_thresh), RCU
# stalls after 300 s, hung tasks after the default 120 s.

# LAB_CPU overrides the CPU model, to compare models (scenario emu-stress).
LAB_CPU=${LAB_CPU:-max,-rdtscp,-avx,-avx2,-fsgsbase}

# LAB_ACCEL overrides the accelerator options, for the same purpose.
LAB_ACCEL=${LAB_ACCEL:-tcg}
# LAB_QEMU overrides the QEMU binary (and LAB_QEMU_DATA its firmware folder).
LAB_QEMU=${LAB_QEMU:-qemu-system-x86_64}
# LAB_SMP overrides the number of CPUs QEMU gives Xen, for the same purpose.
LAB_SMP=${LAB_SMP:-2}
# LAB_XEN_ARGS adds to Xen's command line of every boot, for the same
# purpose; a scenario's XEN_ARGS (scenario.conf) adds to the boots it runs
# in (BOOT_XEN_ARGS, set by the lab script).  Xen's FPU switching is the
# example: see Documentation/testing.rst for what each setting did here.
XEN_CMDLINE="console=com1 com1=115200,8n1 dom0=pvh dom0_mem=1536M,max:1536M loglvl=all guest_loglvl=all noreboot${LAB_XEN_ARGS:+ $LAB_XEN_ARGS}"
# sysrq_always_enabled: the stall probe (qemu_probe_silence) types sysrq
# keys on hvc0; Debian's default mask refuses the task and CPU dumps.
DOM0_CMDLINE="console=hvc0 earlyprintk=xen loglevel=5 watchdog_thresh=120 rcupdate.rcu_cpu_stall_timeout=300 sysrq_always_enabled"

# Xen's last words: with noreboot, Xen stays up after dom0 dies or halts,
# so QEMU would sit there until its time limit.
XEN_END_SIGNS="not rebooting|Panic on CPU|Hardware Dom0 halted|Hardware Dom0 shutdown"

# LAB_STALL (seconds, default 600): how long the serial log may stay silent
# before qemu_probe_silence asks the machine what it is doing.
LAB_STALL=${LAB_STALL:-600}

# serial_keys KEY...: type each KEY (a printf format) on the serial line,
# two seconds apart.  With the input focus on dom0 (Xen's default after
# boot) the keys reach hvc0; three CTRL-a move the focus to Xen.
serial_keys()
{
	local k

	for k in "$@"; do
		timeout 5 bash -c 'printf "$1" >"$2"' _ "$k" "$RUN/serial.in" ||
			return 1
		sleep 2
	done
}

# serial_note TEXT: a line of the harness's own in the serial log (and on
# stderr), told apart from the machine's output by its "lab-host: ".
serial_note()
{
	echo "lab-host: $*" >>"$RUN/serial.log"
	echo "# lab: $*" >&2
}

# qemu_probe_silence SECONDS: the serial log has been silent for SECONDS.
# A silent machine is either waiting (a scenario's own limit will say so),
# hung (dom0's kernel), or stopped (the emulator): a total silence of 40
# minutes, with none of dom0's watchdogs firing, was seen once and could not
# be told apart afterwards.  So the machine is asked: dom0's kernel by sysrq
# on hvc0 (7: loglevel, w: blocked tasks, l: every CPU's backtrace), then
# Xen by its debug keys (q: domains, 0: dom0's vCPUs, d: the CPUs).
# Returns 0 when QEMU is to be stopped: nobody answered (EMULATOR-STALL,
# the emulator's, and the boot is retried) or only Xen did (DOM0-HUNG,
# dom0's kernel is hung: a failure, never retried).
qemu_probe_silence()
{
	local mark dom0 xen

	serial_note "the serial log has been silent for $1 s: asking dom0's kernel (sysrq 7 w l) and Xen (debug keys q 0 d) what they are doing"
	mark=$(stat -c %s "$RUN/serial.log")
	serial_keys '\017' 7 '\017' w '\017' l || true
	sleep 45
	dom0=$(tail -c +"$((mark + 1))" "$RUN/serial.log" |
		grep -a -c -E 'sysrq: |Show Blocked State|NMI backtrace') || true
	mark=$(stat -c %s "$RUN/serial.log")
	serial_keys '\001' '\001' '\001' q 0 d '\001' '\001' '\001' '\017' 5 || true
	sleep 45
	xen=$(tail -c +"$((mark + 1))" "$RUN/serial.log" |
		grep -a -c -E "^\(XEN\) ('[q0d]' pressed|\*\*\* Serial input)") || true
	if [ "$dom0" -gt 0 ]; then
		serial_note "dom0's kernel answered (its blocked tasks and CPUs are above), Xen too ($xen lines): the machine runs, the run goes on"
		return 1
	fi
	if [ "$xen" -gt 0 ]; then
		serial_note "DOM0-HUNG: Xen answered its debug keys, dom0's kernel did not answer sysrq in 45 s: dom0 is hung (its vCPUs are above); stopping QEMU"
		return 0
	fi
	serial_note "EMULATOR-STALL: neither dom0's kernel nor Xen answered in 90 s, after $1 s of silence: the emulated machine has stopped; stopping QEMU"
	return 0
}

# qemu_boot TIMEOUT: boot $RUN/dom0-initrd.gz; the serial log goes to
# $RUN/serial.log.  Returns QEMU's status (124: the time limit was hit).
# The serial line is a pair of FIFOs (QEMU's pipe chardev): what the
# machine prints is copied to the log, and the harness can type on it
# (qemu_probe_silence).
qemu_boot()
{
	local rc=0 pid catpid size last=-1 quiet=$SECONDS probes=0 i xs_gone=

	rm -f "$RUN/serial.log" "$RUN/serial.in" "$RUN/serial.out"
	mkfifo "$RUN/serial.in" "$RUN/serial.out"
	: >"$RUN/serial.log"
	cat "$RUN/serial.out" >>"$RUN/serial.log" &
	catpid=$!
	timeout -k 10 "$1" "$LAB_QEMU" ${LAB_QEMU_DATA:+-L "$LAB_QEMU_DATA"} \
		-machine q35 -accel "$LAB_ACCEL" -cpu "$LAB_CPU" -smp "$LAB_SMP" -m 3072 \
		-device amd-iommu -nographic -no-reboot -monitor none \
		-chardev "pipe,id=com1,path=$RUN/serial" -serial chardev:com1 \
		-kernel "$B/xen/xen" -append "$XEN_CMDLINE${BOOT_XEN_ARGS:+ $BOOT_XEN_ARGS}" \
		-initrd "$KPKG/boot/vmlinuz-$KVER $DOM0_CMDLINE,$RUN/dom0-initrd.gz" \
		>"$RUN/qemu.out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if grep -a -q -E "$XEN_END_SIGNS" "$RUN/serial.log" 2>/dev/null; then
			sleep 3
			echo "# lab: Xen ended the run: $(grep -a -o -E "$XEN_END_SIGNS" "$RUN/serial.log" | head -n 1)" >&2
			kill "$pid" 2>/dev/null
			break
		fi
		# Without xenstored every xl and the kernel's xenwatch wait
		# for good (a boot sat 40 minutes like that): dom0's own watch
		# gets a minute to end its scenario and say what was running.
		if [ -z "$xs_gone" ] &&
		   grep -a -q '^lab: xenstored ended' "$RUN/serial.log"; then
			xs_gone=$SECONDS
		elif [ -n "$xs_gone" ] && [ $((SECONDS - xs_gone)) -ge 60 ]; then
			serial_note "xenstored ended $((SECONDS - xs_gone)) s ago: nothing of Xen's can go on without it; stopping QEMU"
			kill "$pid" 2>/dev/null
			break
		fi
		size=$(stat -c %s "$RUN/serial.log")
		if [ "$size" != "$last" ]; then
			last=$size
			quiet=$SECONDS
		elif [ $((SECONDS - quiet)) -ge "$LAB_STALL" ] && [ "$probes" -lt 3 ]; then
			probes=$((probes + 1))
			if qemu_probe_silence $((SECONDS - quiet)); then
				kill "$pid" 2>/dev/null
				break
			fi
		fi
		sleep 2
	done
	wait "$pid" || rc=$?
	# The copy ends when QEMU closes the line; it never started if QEMU
	# did not.
	for i in 1 2 3 4 5; do
		kill -0 "$catpid" 2>/dev/null || break
		sleep 1
	done
	kill "$catpid" 2>/dev/null
	wait "$catpid" 2>/dev/null
	rm -f "$RUN/serial.in" "$RUN/serial.out"
	[ $rc = 143 ] && rc=0	# stopped by us after Xen's last words
	return $rc
}
