# SPDX-License-Identifier: GPL-2.0
#
# Functions for the dom0 side of lab scenarios (sourced by /init and by each
# scenario's dom0.sh).  Results go to the console as
#	@@LAB ok|not-ok|skip SCENARIO DESCRIPTION
# which the host turns into TAP; anything else on the console is log.

LAB_GUEST_DIR=/lab/guest
LAB_CONSOLE_DIR=/var/log/xen/console

lab_say()
{
	echo "@@LAB $*"
}

lab_ok()
{
	lab_say ok "$LAB_SCENARIO" "$*"
}

lab_not_ok()
{
	lab_say not-ok "$LAB_SCENARIO" "$*"
}

lab_skip()
{
	lab_say skip "$LAB_SCENARIO" "$*"
}

# lab_check DESCRIPTION COMMAND...: one result from a command's status.
lab_check()
{
	local desc=$1

	shift
	if "$@"; then
		lab_ok "$desc"
	else
		lab_not_ok "$desc"
	fi
}

# lab_limit SECONDS COMMAND...: COMMAND under a time limit.  Under
# emulation xl has been seen to hang for good, and so has a plain `tr` over
# a guest's console log (24 minutes in state R): a scenario then only ended
# at its own limit, with nothing said of why.  A command still running at
# the limit is looked at before it is killed (lab_hung) and its status is
# 124, as from timeout(1).
lab_limit()
{
	local secs=$1 pid wd rc=0

	shift
	"$@" &
	pid=$!
	(
		trap 'kill $t 2>/dev/null; exit 0' TERM
		sleep "$secs" &
		t=$!
		wait $t
		kill -0 $pid 2>/dev/null || exit 0
		: >/tmp/lab/hung.$pid
		echo "lab: $* did not finish within $secs s" >&2
		# The console, not stdout: callers capture the output.
		lab_hung $pid >/dev/console 2>&1
		kill -KILL $pid 2>/dev/null
	) >/dev/null &
	wd=$!
	wait $pid || rc=$?
	kill $wd 2>/dev/null
	wait $wd 2>/dev/null
	if [ -e /tmp/lab/hung.$pid ]; then
		rm -f /tmp/lab/hung.$pid
		return 124
	fi
	return $rc
}

# lab_xl SECONDS ARGS...: xl under a time limit (lab_limit).
lab_xl()
{
	local secs=$1

	shift
	lab_limit "$secs" command xl "$@"
}

# lab_hung PID: what a hung command was doing.  Sleeping in the kernel,
# it waited for something (xenstored, a hotplug script, one of our
# devices): its kernel stack and the toolstack's are shown, and the
# scenario fails.  Spending its time in user mode, it spins in its own
# code: the mark of a process whose state the emulator lost (see
# Documentation/testing.rst), as for the toolstack processes found dying
# with corrupted heaps, and said so in the words the host's report counts
# as the emulator's.
lab_hung()
{
	local pid=$1 st1 st2 u1 u2 k1 k2 cmd

	cmd=$(sed 's/\x0/ /g' "/proc/$pid/cmdline" 2>/dev/null | cut -c 1-80)
	st1=$(cut -d ')' -f 2- "/proc/$pid/stat" 2>/dev/null) || return 0
	sleep 3
	st2=$(cut -d ')' -f 2- "/proc/$pid/stat" 2>/dev/null) || return 0
	# Fields after the command: state is the 1st, utime the 12th, stime
	# the 13th.
	u1=$(echo "$st1" | awk '{ print $12 }')
	k1=$(echo "$st1" | awk '{ print $13 }')
	u2=$(echo "$st2" | awk '{ print $12 }')
	k2=$(echo "$st2" | awk '{ print $13 }')
	echo "lab: hung process $pid ($cmd): state $(echo "$st2" | awk '{ print $1 }'), in 3 s $((u2 - u1)) ticks in user mode, $((k2 - k1)) in the kernel"
	if [ $((u2 - u1)) -gt 100 ] && [ $((k2 - k1)) -lt 10 ]; then
		echo "lab: EMULATOR-SPIN: process $pid ($cmd) hung running in user mode (spinning in its own code)"
	fi
	lab_toolstack_show
}

# xl ARGS...: every xl of the scenarios, under a limit no xl in the lab
# comes near when it works (a guest's create takes under a minute).
xl()
{
	lab_xl 300 "$@"
}

# lab_toolstack_show: the state and kernel stacks of the toolstack's
# processes, once per scenario: what a hung xl waited for (xenstored,
# a hotplug script, one of our devices).
lab_toolstack_show()
{
	local mark=/tmp/lab/toolstack-shown.${LAB_SCENARIO:-none} pid

	[ -e "$mark" ] && return 0
	: >"$mark"
	echo "lab: toolstack processes (pid, state, kernel wait channel, command):"
	ps -eo pid=,stat=,wchan:32=,args= |
		grep -E 'xl|xenstore|xenconsole|qemu|block-lab|vif-lab|udev' |
		grep -v -E 'grep|ps -eo' | sed 's/^/lab:   /'
	for pid in $(pgrep -f 'xl |xenstored'); do
		[ -r "/proc/$pid/stack" ] || continue
		echo "lab: kernel stack of $pid ($(sed 's/\x0/ /g' "/proc/$pid/cmdline" 2>/dev/null | cut -c 1-60)):"
		sed 's/^/lab:     /' "/proc/$pid/stack"
	done
}

# lab_disk_create NAME MIB: a sparse file on dom0's tmpfs behind a loop
# device; prints the loop device.
lab_disk_create()
{
	local img=/tmp/lab/$1.img

	rm -f "$img"
	truncate -s "$2M" "$img" || return 1
	losetup -f --show "$img"
}

# lab_disk_spec TARGET [ro] [VDEV]: an xl disk specification served by the
# kernel backend (blkback) through the lab's minimal hotplug script.
lab_disk_spec()
{
	local access=rw

	[ "${2:-rw}" = ro ] && access=ro
	echo "format=raw,vdev=${3:-xvda},access=$access,script=/lab/dom0/block-lab,target=$1"
}

# lab_net_bridge: the bridge br0 (10.0.0.1/24) the guests' vifs join.
lab_net_bridge()
{
	ip link show br0 >/dev/null 2>&1 && return 0
	ip link add br0 type bridge &&
		ip addr add 10.0.0.1/24 dev br0 &&
		ip link set br0 up
}

# lab_vif_spec N: an xl vif specification (MAC 00:16:3e:00:00:N, in hex)
# served by the kernel backend (netback) and joined to br0 by the lab's
# minimal hotplug script.
lab_vif_spec()
{
	printf 'mac=00:16:3e:00:00:%02x,bridge=br0,script=/lab/dom0/vif-lab\n' "$1"
}

# lab_vif_wait_connected NAME SECONDS [DEVID]: wait until the backend of
# guest NAME's vif DEVID (0) is Connected (4), which it is only once the
# frontend has published its rings, queues and features: what a scenario
# reads of the frontend's keys before that may not be there yet.
lab_vif_wait_connected()
{
	local domid end=$((SECONDS + $2)) state

	domid=$(lab_guest_domid "$1") || return 1
	while [ $SECONDS -lt $end ]; do
		state=$(xenstore-read "/local/domain/0/backend/vif/$domid/${3:-0}/state" 2>/dev/null)
		[ "$state" = 4 ] && return 0
		sleep 2
	done
	echo "lab: vif $domid/${3:-0} of $1 is in state ${state:-?}, not Connected, after $2 s"
	return 1
}

# lab_guest_start NAME ROLE [vcpus=N] [memory=MIB] [disk=SPEC]... [vif=SPEC]...
#	[arg=K=V]...
# Creates a PVH guest running this scenario's guest.sh in role ROLE.
lab_guest_start()
{
	local name=$1 role=$2 vcpus=1 memory=256 disks= vifs= extra= opt cfg

	shift 2
	for opt in "$@"; do
		case "$opt" in
		vcpus=*) vcpus=${opt#vcpus=} ;;
		memory=*) memory=${opt#memory=} ;;
		disk=*) disks="$disks${disks:+, }'${opt#disk=}'" ;;
		vif=*) vifs="$vifs${vifs:+, }'${opt#vif=}'" ;;
		arg=*) extra="$extra lab.${opt#arg=}" ;;
		*) echo "lab_guest_start: unknown option $opt" >&2; return 2 ;;
		esac
	done
	cfg=/tmp/lab/$name.cfg
	cat >"$cfg" <<-CFG
	name = "$name"
	type = "pvh"
	kernel = "$LAB_GUEST_DIR/vmlinux"
	ramdisk = "$LAB_GUEST_DIR/initrd.gz"
	extra = "console=hvc0 loglevel=4 lab.scenario=$LAB_SCENARIO lab.role=$role lab.inject=${LAB_INJECT:-none}$extra"
	memory = $memory
	vcpus = $vcpus
	disk = [ $disks ]
	${vifs:+vif = [ $vifs ]}
	on_poweroff = "destroy"
	on_reboot = "destroy"
	on_crash = "destroy"
	CFG
	rm -f "$LAB_CONSOLE_DIR/guest-$name.log"
	# xl has been seen to hang for good when one of its own children died
	# under emulation; a scenario must not wait for that until its limit.
	local rc=0
	xl create "$cfg" >"/tmp/lab/$name.create.log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		sed "s/^/[xl create $name] /" "/tmp/lab/$name.create.log"
		# In the TAP too: the serial log is not always at hand.
		lab_info "xl create $name failed (status $rc$([ $rc = 124 ] && echo ', timed out')): $(grep -v '^ *$' "/tmp/lab/$name.create.log" | tail -n 2 | tr '\n' ' ')"
		return 1
	fi
}

# lab_guest_domid NAME: the guest's domain id.  xl, under emulation, has
# been seen to fail now and then just after a create (an empty answer that
# once made a check look at domain 0's QEMU): asked again, up to 10 times;
# on failure xl's last word goes to stderr and 1 is returned.
lab_guest_domid()
{
	local i id

	for i in $(seq 1 10); do
		id=$(lab_xl 60 domid "$1" 2>/tmp/lab/xl-domid.err) &&
			[ -n "$id" ] && { echo "$id"; return 0; }
		sleep 1
	done
	echo "lab: xl domid $1 failed 10 times: $(head -n 1 /tmp/lab/xl-domid.err)" >&2
	return 1
}

# lab_guest_state NAME: "running", "shutdown" (the guest shut itself down
# but its domain is still there) or "gone" as `xl list` sees it, or
# "unknown" (with xl's message on stderr) when xl itself failed.  Only a
# successful listing without NAME counts as gone: under emulation, xl has
# been seen to fail now and then, and that must not pass for a guest that
# finished.
lab_guest_state()
{
	local out rc=0 st

	out=$(lab_xl 60 list 2>/tmp/lab/xl-list.err) || rc=$?
	if ! echo "$out" | grep -q '^Name '; then
		echo "lab: xl list failed (status $rc): $(head -n 1 /tmp/lab/xl-list.err)" >&2
		echo unknown
		return
	fi
	st=$(echo "$out" | awk -v n="$1" '$1 == n { print $5; exit }')
	# Not listed: make sure with a second question, since a listing that
	# the emulator garbled once made a guest in the middle of its stream
	# look gone.
	if [ -z "$st" ] && lab_xl 60 domid "$1" >/dev/null 2>&1; then
		echo "lab: xl list did not show $1, xl domid did" >&2
		echo unknown
		return
	fi
	case "$st" in
	"") echo gone ;;
	???s*) echo shutdown ;;
	*) echo running ;;
	esac
}

# lab_guest_wait NAME SECONDS: wait for the guest to power itself off (two
# listings in a row without it).  On time-out the guest is destroyed and 1
# returned.  SECONDS are wall-clock seconds: under emulation one `xl list`
# can take seconds of its own.
lab_guest_wait()
{
	local name=$1 end=$((SECONDS + $2)) gone=0 shut=0 unknown=0 st
	local unknown_since=0

	while [ $gone -lt 2 ]; do
		if [ $SECONDS -ge $end ]; then
			echo "lab: guest $name still running after $2 s: destroying it"
			lab_guest_show "$name"
			lab_xl 60 destroy "$name"
			return 1
		fi
		# An xl that fails every time (or hangs, up to lab_xl's
		# limit each time) will not recover: waiting out the
		# scenario's whole time limit for it would only cost the boot
		# that a retry needs.
		if [ $unknown -ge 30 ] ||
		   { [ $unknown -gt 0 ] &&
		     [ $((SECONDS - unknown_since)) -ge 180 ]; }; then
			echo "lab: xl list failed $unknown times in a row over $((SECONDS - unknown_since)) s: giving up on guest $name"
			lab_guest_show "$name"
			lab_xl 60 destroy "$name"
			return 1
		fi
		st=$(lab_guest_state "$name")
		if [ "$st" = unknown ]; then
			[ $unknown = 0 ] && unknown_since=$SECONDS
			unknown=$((unknown + 1))
		else
			unknown=0
		fi
		case $st in
		gone) gone=$((gone + 1)) ;;
		shutdown)
			# on_poweroff=destroy is carried out by xl's domain
			# monitoring child, a toolstack process that dies now
			# and then under emulation; the guest did its part.
			gone=0
			shut=$((shut + 1))
			if [ $shut = 15 ]; then
				echo "lab: guest $name shut down but xl's domain monitor did not destroy it in 15 s; destroying it"
				lab_xl 60 destroy "$name"
			fi
			;;
		*) gone=0 ;;
		esac
		sleep 1
	done
	return 0
}

# lab_domains_released SECONDS: true once no dying domain is left.  A
# domain whose pages a backend still holds (a grant left mapped) stays
# behind as a nameless, dying "(null)" entry for ever.
lab_domains_released()
{
	local end=$((SECONDS + $1))

	while lab_xl 60 list 2>/dev/null | grep -q '^(null) '; do
		[ $SECONDS -ge $end ] && { lab_xl 60 list; return 1; }
		sleep 1
	done
}

# lab_guest_show NAME: copy the guest's console to ours, for the log.
lab_guest_show()
{
	local log=$LAB_CONSOLE_DIR/guest-$1.log

	[ -f "$log" ] || { echo "[guest $1] (no console log)"; return; }
	tr -d '\r' <"$log" | tail -n 80 | sed "s/^/[guest $1] /"
}

# lab_guest_get NAME KEY: the value of the guest's last "@@GUEST KEY value".
lab_guest_get()
{
	local log=$LAB_CONSOLE_DIR/guest-$1.log out i

	[ -f "$log" ] || { echo; return 0; }
	# Asked again when the reader hung (see lab_limit).
	for i in 1 2 3; do
		if out=$(lab_limit 30 awk -v k="$2" '{ sub(/\r$/, "") }
			$1 == "@@GUEST" && $2 == k { $1 = $2 = ""; v = $0 }
			END { sub(/^ +/, "", v); print v }' "$log"); then
			echo "$out"
			return 0
		fi
	done
	echo
}

# lab_dmesg_mark / lab_dmesg_problems: dom0 kernel log lines, since the
# mark, that show dom0 was hurt.
lab_dmesg_mark()
{
	LAB_DMESG_MARK=$(dmesg | awk 'END { print NR }')
}

lab_dmesg_problems()
{
	dmesg | tail -n +"$((LAB_DMESG_MARK + 1))" |
		grep -E 'Oops|BUG:|WARNING:|kernel BUG|general protection fault[,:]|Call Trace|blocked for more than|hung_task|refcount_t|list_add corruption|UBSAN|KASAN|page allocation failure|Bad page'
}

# lab_cleanup: what a scenario left behind (guests, loop devices) goes, so
# that the next scenario starts from a clean dom0.
lab_cleanup()
{
	local d

	for d in $(xl list 2>/dev/null | awk 'NR > 2 { print $1 }'); do
		echo "lab: destroying leftover guest $d"
		xl destroy "$d"
	done
	losetup -D 2>/dev/null
	rm -f /tmp/lab/*.img
}

# lab_emulator_hangs: one "lab: EMULATOR-SPIN: WHAT; DETAIL" line for each
# process of dom0 that looks like one the emulator broke
# (Documentation/testing.rst): its memory or registers are not what its
# code left there, and it will never end by itself.  lab_stuck_watch acts
# only on a WHAT that two looks 30 s apart both found.  Three shapes were
# seen, each in a process that shares nothing with another:
#  - a shell or text filter asleep on a futex (a bash of blk-mixed, for
#    830 s): single-threaded, it waits for a lock no thread of its own can
#    release; WHAT holds its count of context switches, so two looks
#    agree only if it did not wake once in between.  (Not xl: libxl may
#    share locks between processes.)
#  - a "sleep N" long past its N (net-two-guests: "sleep 1" in pause(),
#    566 s), which no signal of ours would leave there;
#  - a text filter (tr, twice, for 24 and 15 min) that has spent minutes
#    of CPU on the few megabytes of log the lab ever gives one.
lab_emulator_hangs()
{
	local pid et wchan comm args n cpu sw

	ps -eo pid=,etimes=,wchan:32=,comm=,args= |
	while read -r pid et wchan comm args; do
		[ "$pid" = "$BASHPID" ] && continue
		# A just-started process can show an elapsed time of 2^32 s
		# less a little (its start a tick after "now"): not a hang.
		[ "$et" -lt 10000000 ] 2>/dev/null || continue
		case "$comm" in
		bash|sh|tr|awk|mawk|gawk|grep|sed|cat|cut|head|tail|sort|wc|sleep) ;;
		*) continue ;;
		esac
		if [ "$comm" = sleep ]; then
			n=${args#sleep }
			n=${n%%.*}
			case "$n" in
			''|*[!0-9]*) ;;
			*)
				[ "$et" -gt $((n + 120)) ] &&
					echo "lab: EMULATOR-SPIN: process $pid ($args) is long past its time; it has run for $et s (kernel wait channel $wchan)"
				continue ;;
			esac
		fi
		case "$wchan" in
		futex_*)
			[ "$et" -ge 300 ] || continue
			[ "$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" = 1 ] || continue
			sw=$(awk '/^voluntary_ctxt_switches:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
			echo "lab: EMULATOR-SPIN: process $pid ($(echo "$args" | cut -c 1-60)) is single-threaded and asleep on a futex, after $sw context switches; it has run for $et s"
			continue ;;
		esac
		case "$comm" in
		bash|sh|sleep) continue ;;
		esac
		# utime + stime, in clock ticks (USER_HZ, 100 on x86).
		cpu=$(awk '{ print int(($14 + $15) / 100) }' "/proc/$pid/stat" 2>/dev/null)
		[ "${cpu:-0}" -ge 300 ] &&
			echo "lab: EMULATOR-SPIN: process $pid ($(echo "$args" | cut -c 1-60)) is a text filter that spins; it has spent $cpu s on the CPU in $et s"
	done
}

# lab_stuck_watch NAME PID SECONDS: while the scenario (the timeout
# process PID) runs, look every 30 s for processes the emulator broke
# (lab_emulator_hangs); on the first, say so and end the scenario, whose
# boot is then run again, rather than let it wait for its time limit.
# Unless killed first, after SECONDS say what the scenario and the guests
# were doing: a scenario that runs into its time limit is killed with its
# processes, and most scenarios print nothing while they wait.
lab_stuck_watch()
{
	local log t hangs seen= now xs_gone= pid end=$((SECONDS + $3))

	trap 'kill $t 2>/dev/null; exit 0' TERM
	while [ $SECONDS -lt $end ]; do
		sleep 30 &
		t=$!
		wait $t
		# Only what two looks in a row, 30 s apart, found.
		now=$(lab_emulator_hangs)
		hangs=
		while read -r line; do
			[ -n "$line" ] || continue
			# The same WHAT (up to ";") in both looks.
			case "$seen" in
			*"${line%%;*};"*) hangs="$hangs$line
" ;;
			esac
		done <<<"$now"
		seen=$now
		# Without xenstored nothing of Xen's goes on: every xl and the
		# kernel's xenwatch wait for it for good.  Why it went is for
		# the serial log (glibc's or the kernel's last words) to say.
		if ! pgrep -x xenstored >/dev/null; then
			if [ -n "$xs_gone" ]; then
				echo "lab: xenstored is no longer running; $1 cannot go on and is ended here; its processes:"
				ps -eo pid=,ppid=,stat=,etimes=,wchan:24=,args= --forest |
					grep -v -E ' \[.*\]$' | tail -n 40 |
					cut -c 1-160 | sed 's/^/lab:   /'
				kill -TERM "$2" 2>/dev/null
				exit 0
			fi
			xs_gone=1
		fi
		[ -n "$hangs" ] || continue
		printf '%s' "$hangs"
		# A broken sleep or text filter is killed, and the scenario
		# goes on: it may not have needed what that process was to
		# give (the boot is run again if it fails).  A broken shell
		# holds the scenario's own state: that ends it.
		case "$hangs" in
		*"(bash "*|*"(sh "*|*"(/bin/sh "*|*"(/bin/bash "*) ;;
		*)
			for pid in $(printf '%s' "$hangs" | sed -n 's/^lab: EMULATOR-SPIN: process \([0-9]*\) .*/\1/p'); do
				kill -KILL "$pid" 2>/dev/null
			done
			echo "lab: killed the process(es) above; $1 goes on"
			seen=
			continue ;;
		esac
		echo "lab: $1 is ended here, its boot lost to the emulator; its processes:"
		ps -eo pid=,ppid=,stat=,etimes=,wchan:24=,args= --forest |
			grep -v -E ' \[.*\]$' | tail -n 40 | cut -c 1-160 |
			sed 's/^/lab:   /'
		kill -TERM "$2" 2>/dev/null
		exit 0
	done
	echo "lab: $1 is about to run out of time; its processes (pid, parent, state, seconds, kernel wait channel, command):"
	ps -eo pid=,ppid=,stat=,etimes=,wchan:24=,args= --forest |
		grep -v -E ' \[.*\]$' | tail -n 40 | cut -c 1-160 | sed 's/^/lab:   /'
	lab_emulator_hangs
	for log in "$LAB_CONSOLE_DIR"/guest-*.log; do
		[ -f "$log" ] || continue
		echo "lab: last lines of $(basename "$log" .log)'s console:"
		sed 's/\r$//' "$log" | tail -n 15 | sed 's/^/lab:   /'
	done
}

# lab_scenario_leftovers PGID: kill what the scenario left running in its
# process group (timeout's), so that nothing of it, spinning or not, takes
# dom0's CPUs from the next scenario; say what there was.
lab_scenario_leftovers()
{
	local left

	left=$(ps -eo pgid=,pid=,etimes=,args= | awk -v g="$1" '$1 == g')
	[ -n "$left" ] || return 0
	echo "$left" | cut -c 1-160 | sed 's/^ *[0-9]* */lab: left running by the scenario, killed: /'
	kill -KILL -- "-$1" 2>/dev/null
}

# lab_run_scenario NAME: run /lab/scenarios/NAME/dom0.sh under a time
# limit, then check that dom0's kernel stayed healthy.
lab_run_scenario()
{
	local dir=/lab/scenarios/$1 timeout=300 rc problems watch tpid

	LAB_SCENARIO=$1
	[ -f "$dir/scenario.conf" ] && . "$dir/scenario.conf"
	timeout=${LAB_TIMEOUT:-${TIMEOUT:-$timeout}}
	lab_say begin "$1" "timeout=$timeout"
	lab_dmesg_mark
	export LAB_SCENARIO LAB_INJECT
	# timeout makes itself the leader of a process group, which all the
	# scenario's processes inherit.
	timeout -k 10 "$timeout" bash "$dir/dom0.sh" &
	tpid=$!
	lab_stuck_watch "$1" "$tpid" $((timeout - 20)) &
	watch=$!
	wait $tpid
	rc=$?
	kill $watch 2>/dev/null
	wait $watch 2>/dev/null
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		lab_not_ok "finished within ${timeout} s (timed out)"
	elif [ $rc != 0 ]; then
		lab_not_ok "dom0.sh exited with status $rc"
	fi
	lab_cleanup
	lab_scenario_leftovers "$tpid"
	problems=$(lab_dmesg_problems)
	if [ -n "$problems" ]; then
		echo "$problems" | head -n 40 | sed 's/^/[dom0 dmesg] /'
		lab_not_ok "dom0 kernel log clean (no oops, WARN, BUG or hung task)"
	else
		lab_ok "dom0 kernel log clean (no oops, WARN, BUG or hung task)"
	fi
	lab_say end "$1"
}

# lab_info TEXT: a line for the readers of the results (a TAP comment).
lab_info()
{
	lab_say info "$LAB_SCENARIO" "$*"
}

# lab_guest_run NAME ROLE SECONDS [OPTIONS of lab_guest_start]: start a
# guest, wait for it to power itself off, copy its console to ours, and
# report both steps.  Returns 0 when the guest ran to its end.
lab_guest_run()
{
	local name=$1 role=$2 secs=$3

	shift 3
	if ! lab_guest_start "$name" "$role" "$@"; then
		lab_not_ok "xl create of guest $name"
		return 1
	fi
	lab_guest_finish "$name" "$secs"
}

# lab_guest_finish NAME SECONDS: the second half of lab_guest_run, for a
# guest started with lab_guest_start (and looked at while it ran).
lab_guest_finish()
{
	local name=$1 secs=$2

	if ! lab_guest_wait "$name" "$secs"; then
		lab_not_ok "guest $name powered off by itself within $secs s"
		return 1
	fi
	lab_guest_show "$name"
	# A guest that crashed is destroyed too (on_crash); only its last
	# word tells that it ran its side of the scenario to the end.
	if [ -z "$(lab_guest_get "$name" done)" ]; then
		lab_not_ok "guest $name ran its side to the end (no @@GUEST done: it crashed or was cut off)"
		return 1
	fi
	lab_ok "guest $name ran and powered off by itself"
	lab_check "guest $name's domain was fully released (dom0 holds none of its grants or pages)" \
		lab_domains_released 60
}

# lab_guest_key_wait NAME KEY SECONDS: wait until the guest has reported
# KEY (a "@@GUEST KEY value" line); false if it did not in time or the
# guest is gone (looked at every 10 s: xl is slow under emulation).
lab_guest_key_wait()
{
	local end=$((SECONDS + $3)) n=0

	while [ -z "$(lab_guest_get "$1" "$2")" ]; do
		[ $SECONDS -ge $end ] && return 1
		n=$((n + 1))
		if [ $((n % 10)) = 0 ]; then
			case $(lab_guest_state "$1") in
			gone|shutdown)
				[ -n "$(lab_guest_get "$1" "$2")" ]
				return
				;;
			esac
		fi
		sleep 1
	done
}

# lab_median FILE: the median of the numbers in FILE, one per line (0 for
# none), for the benchmarks' summaries.
lab_median()
{
	[ -s "$1" ] || { echo 0; return; }
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# lab_ratio A B: A / B to two decimals, or "n/a" when B is 0.
lab_ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}

# lab_bench_backends DEFAULT: set BACKENDS, the backends a benchmark
# measures (KIND=FILE [MODULE-ARGS], one per line, in the order of odd
# rounds), to DEFAULT, unless a dom0-local.conf beside the scenario's
# dom0.sh (not in the tree) redefines it, to compare variants (another
# build of ours, other module parameters) in the same boot; and KINDS to
# their names.
lab_bench_backends()
{
	BACKENDS=$1
	[ -f "/lab/scenarios/$LAB_SCENARIO/dom0-local.conf" ] &&
		. "/lab/scenarios/$LAB_SCENARIO/dom0-local.conf"
	KINDS=$(echo "$BACKENDS" | sed 's/=.*//' | tr '\n' ' ')
}

# lab_bench_spec KIND: "FILE [MODULE-ARGS]" of backend KIND.
lab_bench_spec()
{
	echo "$BACKENDS" | sed -n "s/^$1=//p"
}

# lab_bench_order ROUND: the backends in the order round ROUND measures
# them; even rounds reverse it, so that neither always goes first.
lab_bench_order()
{
	if [ $(($1 % 2)) = 0 ]; then
		echo "$KINDS" | tr ' ' '\n' | tac | tr '\n' ' '
	else
		echo "$KINDS"
	fi
}
