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
DOM0_CMDLINE="console=hvc0 earlyprintk=xen loglevel=5 watchdog_thresh=120 rcupdate.rcu_cpu_stall_timeout=300"

# Xen's last words: with noreboot, Xen stays up after dom0 dies or halts,
# so QEMU would sit there until its time limit.
XEN_END_SIGNS="not rebooting|Panic on CPU|Hardware Dom0 halted|Hardware Dom0 shutdown"

# qemu_boot TIMEOUT: boot $RUN/dom0-initrd.gz; the serial log goes to
# $RUN/serial.log.  Returns QEMU's status (124: the time limit was hit).
qemu_boot()
{
	local rc=0 pid

	rm -f "$RUN/serial.log"
	timeout -k 10 "$1" "$LAB_QEMU" ${LAB_QEMU_DATA:+-L "$LAB_QEMU_DATA"} \
		-machine q35 -accel "$LAB_ACCEL" -cpu "$LAB_CPU" -smp "$LAB_SMP" -m 3072 \
		-device amd-iommu -nographic -no-reboot -monitor none \
		-serial "file:$RUN/serial.log" \
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
		sleep 2
	done
	wait "$pid" || rc=$?
	[ $rc = 143 ] && rc=0	# stopped by us after Xen's last words
	return $rc
}
