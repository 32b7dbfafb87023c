. /work/lane3/tools/testing/lab/guest/guest-lib.sh
guest_net_up() { return 0; }
netbench() { shift 2; /tmp/netbench client 127.0.0.1 "$@"; }
LAB_STREAMSECS=1 LAB_RRSECS=1
. /work/lane3/tools/testing/lab/scenarios/net-bench/guest.sh
echo "@@GUEST done bench"
