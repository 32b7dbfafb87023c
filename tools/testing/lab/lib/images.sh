# SPDX-License-Identifier: GPL-2.0
#
# Building the lab's boot images (sourced by the lab script).
#
#   dom0 initramfs = base archive (the debootstrapped root with xen-utils and
#                    a subset of the kernel's modules; cached per kernel
#                    version and root-filesystem stamp)
#                  + overlay (our modules in updates/, depmod's output, the
#                    lab's scripts and the guest images; built every run)
# Linux unpacks concatenated cpio archives in order, so the overlay costs
# seconds where repacking the whole root would cost a minute.

# Kernel modules the lab's dom0 and guests may load, with their dependencies
# added from modules.dep.
DOM0_KMODS="xen-blkback xen-netback xen-evtchn xen-gntdev xen-gntalloc
	    xen-privcmd xenfs xen-pciback loop null_blk bridge tun veth dummy"
# xen-evtchn and xen-gntalloc (the guest kernel's own) serve the guest
# programs that speak a PV protocol themselves (blkhostile).
GUEST_KMODS="xen-blkfront xen-netfront xen-evtchn xen-gntalloc"

# kmod_closure MODDIR NAME...: module paths (relative to MODDIR) of NAMEs
# and everything they depend on, dependencies first.
kmod_closure()
{
	local dir=$1

	shift
	awk -v want="$*" '
	function norm(p,  b) { b = p; sub(/.*\//, "", b); sub(/\.ko.*$/, "", b);
			       gsub(/-/, "_", b); return b }
	BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) {
		x = w[i]; gsub(/-/, "_", x); wanted[x] = 1 } }
	{ p = $1; sub(/:$/, "", p); path[norm(p)] = p; deps[p] = ""
	  for (i = 2; i <= NF; i++) deps[p] = deps[p] " " $i }
	function visit(p,  d, k, m) {
		if (p in seen) return; seen[p] = 1
		k = split(deps[p], d, " ")
		for (m = 1; m <= k; m++) visit(d[m])
		print p }
	END { for (x in wanted) { if (!(x in path)) {
			print "lab: no module " x " in modules.dep" > "/dev/stderr"; continue }
		      visit(path[x]) } }' "$dir/modules.dep"
}

# cpio_gz DIR [FIND-ARGS]: pack DIR as a newc cpio, gzip -1 (fast; the lab
# unpacks it).
cpio_gz()
{
	local d=$1

	shift
	(cd "$d" && find . -mindepth 1 "$@" | LC_ALL=C sort |
		cpio -o -H newc --quiet) | gzip -1
}

# images_base: the cached part of the dom0 initramfs.
images_base()
{
	local kmods=$KPKG/lib/modules/$KVER stamp out tree

	stamp=$( (ls "$B"/rootfs/.stamp-*; echo "$DOM0_KMODS"; cat "$LAB/lib/images.sh") |
		md5sum | cut -c1-12)
	out=$LABB/dom0-base-$stamp.cpio.gz
	# Modules live in usr/lib/modules (the root is usr-merged); the lib
	# symlink is there for depmod -b and is not packed.
	tree=$LABB/modtree/usr/lib/modules/$KVER
	if [ ! -s "$out" ] || [ ! -d "$tree/kernel" ]; then
		echo "lab: packing the dom0 base image (once per kernel and root)" >&2
		rm -f "$LABB"/dom0-base-*.cpio.gz
		rm -rf "$LABB/modtree" && mkdir -p "$tree"
		ln -s usr/lib "$LABB/modtree/lib"
		cp "$kmods"/modules.builtin* "$kmods"/modules.order "$tree/"
		kmod_closure "$kmods" $DOM0_KMODS >"$LABB/dom0-kmods"
		(cd "$kmods" && cp --parents $(cat "$LABB/dom0-kmods") "$tree/")
		{
			cpio_gz "$B/rootfs"
			cpio_gz "$LABB/modtree" ! -path ./lib
		} >"$out.tmp"
		mv "$out.tmp" "$out"
	fi
	DOM0_BASE=$out
}

# images_guest_kernel: the guests' kernel as an ELF vmlinux, in an
# uncompressed cpio ($GUEST_KERNEL) that goes first in dom0's initramfs
# (dom0's kernel copies it, nothing decompresses it).  Given the bzImage,
# xl would decompress its 66 MiB payload in dom0's userspace for every
# guest: under emulation that takes many seconds, and user processes are
# what the emulator's lost FPU state kills (Documentation/testing.rst);
# from an ELF file xl only copies.  Made once per kernel.
images_guest_kernel()
{
	local vmlinuz=$KPKG/boot/vmlinuz-$KVER dir=$LABB/guest-kernel
	local setup off magic

	GUEST_KERNEL=$LABB/guest-kernel.cpio
	[ -s "$GUEST_KERNEL" ] && [ "$GUEST_KERNEL" -nt "$vmlinuz" ] && return 0
	# The compressed payload: after the real-mode setup sectors
	# (setup_sects at 0x1f1, 0 meaning 4), at payload_offset (0x248).
	setup=$(od -An -tu1 -j $((0x1f1)) -N 1 "$vmlinuz" | tr -d ' ')
	[ "$setup" = 0 ] && setup=4
	off=$(( (setup + 1) * 512 + $(od -An -tu4 -j $((0x248)) -N 4 "$vmlinuz" | tr -d ' ') ))
	magic=$(od -An -tx1 -j "$off" -N 4 "$vmlinuz" | tr -d ' ')
	rm -rf "$dir" && mkdir -p "$dir/lab/guest"
	# (A file, not a pipe: the decompressor stops at the payload's end
	# and would leave its writer to die of SIGPIPE.)
	tail -c +$((off + 1)) "$vmlinuz" >"$dir/payload"
	case "$magic" in
	fd377a58) xz -dc --single-stream "$dir/payload" ;;
	1f8b*) gzip -dc "$dir/payload" 2>/dev/null || true ;;
	28b52ffd) zstd -dcq "$dir/payload" ;;
	*) echo "lab: unknown compression of $vmlinuz's payload ($magic)" >&2
	   return 1 ;;
	esac >"$dir/lab/guest/vmlinux"
	rm "$dir/payload"
	if [ "$(head -c 4 "$dir/lab/guest/vmlinux" | od -An -tx1 | tr -d ' ')" != 7f454c46 ]; then
		echo "lab: no ELF kernel in $vmlinuz's payload" >&2
		return 1
	fi
	(cd "$dir" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc --quiet) >"$GUEST_KERNEL.tmp"
	mv "$GUEST_KERNEL.tmp" "$GUEST_KERNEL"
	rm -rf "$dir"
}

# images_guest DIR: the guests' initramfs (busybox, frontends, the guest
# side of every scenario) as DIR/initrd.gz (their kernel: see
# images_guest_kernel).
images_guest()
{
	local g=$RUN/guest-root kmods=$KPKG/lib/modules/$KVER m s

	rm -rf "$g" && mkdir -p "$g"/{bin,dev,proc,sys,tmp,lab/scenarios,lib/modules}
	cp /bin/busybox "$g/bin/busybox"
	cp "$LAB/guest/init" "$g/init"
	cp "$LAB/guest/guest-lib.sh" "$g/lab/"
	# The lab's own test programs (tools/*.c), static: the guests have no
	# libc.  Threads of static binaries misbehave under the emulation, so
	# these use fork().
	mkdir -p "$g/lab/bin"
	for m in "$LAB"/tools/*.c; do
		[ -e "$m" ] || continue
		gcc -static -O2 -Wall -Wextra -Werror -o "$g/lab/bin/$(basename "$m" .c)" "$m" ||
			{ echo "lab: cannot build $m" >&2; return 1; }
	done
	for m in $(kmod_closure "$kmods" $GUEST_KMODS); do
		cp "$kmods/$m" "$g/lib/modules/"
		basename "$m" >>"$g/lib/modules/load-order"
	done
	for s in "$LAB"/scenarios/*/; do
		s=$(basename "$s")
		mkdir -p "$g/lab/scenarios/$s"
		find "$LAB/scenarios/$s" -maxdepth 1 -type f ! -name 'dom0*' \
			-exec cp {} "$g/lab/scenarios/$s/" \;
	done
	mkdir -p "$1"
	cpio_gz "$g" >"$1/initrd.gz"
}

# images_dom0 OURS_DIR: the whole dom0 initramfs for this run, as
# $RUN/dom0-initrd.gz.  OURS_DIR holds the .ko files that go to updates/.
images_dom0()
{
	local o=$RUN/overlay tree=$RUN/modtree/usr/lib/modules/$KVER

	images_base
	images_guest_kernel
	# A per-run tree (hard links, instant), so that runs side by side do
	# not see each other's modules.
	rm -rf "$o" "$RUN/modtree" && mkdir -p "$o/lab/guest"
	cp -al "$LABB/modtree" "$RUN/modtree"
	mkdir -p "$tree/updates"
	cp "$1"/*.ko "$tree/updates/" 2>/dev/null || true
	depmod -b "$RUN/modtree" "$KVER"
	mkdir -p "$o/usr/lib/modules/$KVER"
	cp -a "$tree/updates" "$tree"/modules.* "$o/usr/lib/modules/$KVER/"
	cp "$LAB/dom0/init" "$o/init"
	mkdir -p "$o/lab/dom0"
	cp "$LAB"/dom0/* "$o/lab/dom0/"
	cp -a "$LAB/scenarios" "$o/lab/"
	# The kselftests' binaries (built against the same Debian release's
	# glibc as the dom0 root), for the scenarios that run them in dom0.
	mkdir -p "$o/lab/selftests"
	find "$TOP"/tools/testing/selftests -type f -perm -u+x \
		-exec sh -c 'head -c 4 "$1" | grep -q ELF' sh {} \; \
		-exec cp {} "$o/lab/selftests/" \;
	images_guest "$o/lab/guest"
	# The same static tools for dom0 (benchmarks measure there too).
	mkdir -p "$o/lab/bin"
	find "$RUN/guest-root/lab/bin" -type f -exec cp {} "$o/lab/bin/" \;
	cat >"$o/lab/run.conf" <<-CONF
	LAB_SCENARIOS="$SCENARIOS"
	LAB_MODULES="$LAB_DOM0_LOAD"
	LAB_INJECT="$INJECT"
	CONF
	# LAB_DOM0_ENV="K=V ...": settings for the scenarios' dom0 sides
	# (e.g. BLK_CYCLES=32), exported before they run; LAB_TIMEOUT
	# overrides every scenario's TIMEOUT.
	local kv
	for kv in ${LAB_DOM0_ENV:-} ${LAB_TIMEOUT:+LAB_TIMEOUT=$LAB_TIMEOUT}; do
		printf 'export %q\n' "$kv" >>"$o/lab/run.conf"
	done
	# An uncompressed archive goes first: the kernel takes one only at
	# the start or at a 4-byte boundary after another uncompressed one.
	{
		cat "$GUEST_KERNEL" "$DOM0_BASE"
		cpio_gz "$o"
	} >"$RUN/dom0-initrd.gz"
}
