/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netback: internal interfaces between the files of the driver.
 *
 * A struct netback_vif is one virtual interface ("vif") of a frontend: a
 * net_device named vifD.N in dom0, and one struct netback_queue per pair
 * of shared rings the frontend set up.  The guest's transmit ring is
 * served by the queue's NAPI context (packets from the guest enter dom0's
 * stack there); its receive ring by the queue's kernel thread, which
 * copies the packets that dom0's stack sends to the vif into the pages
 * the guest granted.  All data moves by grant copy: no guest page is ever
 * mapped into dom0.
 */
#ifndef _XEN_NETBACK_COMMON_H
#define _XEN_NETBACK_COMMON_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <xen/grant_table.h>
#include <xen/interface/io/netif.h>
#include <xen/xenbus.h>

#include "netif_request.h"

/* Grant copy operations one packet may need, either direction. */
#define NETBACK_COPY_OPS	(3 * NETIF_TX_SLOTS_CAP)
/* Bytes of a guest's packet copied into the skb's linear area. */
#define NETBACK_TX_HEAD		128
/* Slots of the one-page transmit and receive rings. */
#define NETBACK_TX_RING_SIZE	__CONST_RING_SIZE(xen_netif_tx, XEN_PAGE_SIZE)
#define NETBACK_RX_RING_SIZE	__CONST_RING_SIZE(xen_netif_rx, XEN_PAGE_SIZE)
/* Packets waiting for the guest's receive ring, per queue. */
#define NETBACK_RX_QUEUE_MAX	512

/* Statistics per queue (ethtool and the net_device's counters). */
enum netback_stat {
	NETBACK_STAT_RX_PACKETS,	/* from the guest into dom0 */
	NETBACK_STAT_RX_BYTES,
	NETBACK_STAT_TX_PACKETS,	/* from dom0 to the guest */
	NETBACK_STAT_TX_BYTES,
	NETBACK_STAT_RX_DROPPED,	/* guest packets refused */
	NETBACK_STAT_TX_DROPPED,	/* packets the guest could not take */
	NETBACK_STAT_TX_FRAG_OVERFLOW,	/* guest packets over the slot limit */
	/*
	 * GSO packets of the guest whose checksum had to be recalculated
	 * (no blank checksum flag).  The request checks drop those, so this
	 * stays 0; kept for ethtool's rx_gso_checksum_fixup.
	 */
	NETBACK_STAT_RX_GSO_CSUM_FIXUP,
	NETBACK_STAT_NR
};

/* Bits of netback_queue.eoi_bits: which handler owes an EOI. */
enum {
	NETBACK_EOI_TX,
	NETBACK_EOI_RX,
	NETBACK_EOI_WORKED,
};

struct netback_vif;

/**
 * struct netback_ctrl - the control ring, when the frontend set one up
 * @ring: the mapped ring, or NULL
 * @slots: its first slot
 * @req_cons: next request to take
 * @rsp_prod: next response to write
 * @rsp_pushed: responses published to the guest
 * @irq: interrupt of its event channel
 * @eoi_owed: bit 0 set while an event waits for its late EOI
 * @page: where the data a request grants is copied to
 * @work: serves the ring (process context: grant copies)
 */
struct netback_ctrl {
	void *ring;
	u8 *slots;
	u32 req_cons;
	u32 rsp_prod;
	u32 rsp_pushed;
	int irq;
	unsigned long eoi_owed;
	struct page *page;
	struct work_struct work;
};

/**
 * struct netback_queue - one pair of shared rings and what serves it
 * @vif: the interface
 * @index: queue number
 * @name: name of the thread and of the interrupts
 * @tx_ring: the guest's transmit ring (mapped)
 * @tx_slots: its first slot
 * @tx_req_cons: next transmit request to take
 * @tx_rsp_prod: next transmit response to write
 * @tx_rsp_pushed: transmit responses published to the guest
 * @tx_pkt: the transmit chain being assembled
 * @tx_held: @tx_pkt is complete and waits for rate-limit credit
 * @tx_ops: scratch: grant copies of the packet being built
 * @napi: the NAPI context serving the transmit ring
 * @rx_ring: the guest's receive ring (mapped)
 * @rx_slots: its first slot
 * @rx_req_cons: next receive request to take
 * @rx_rsp_prod: next receive response to write
 * @rx_rsp_pushed: receive responses published to the guest
 * @rx_queue: packets waiting to be copied to the guest
 * @rx_ops: scratch: grant copies of the packet being delivered
 * @rx_thread: the thread serving the receive ring
 * @rx_wq: where @rx_thread waits
 * @rx_event: the guest notified the receive side
 * @rx_seen_prod: the receive producer index last seen
 * @tx_events: transmit events taken (for debugfs)
 * @tx_polls: transmit polls run (for debugfs)
 * @tx_poll_prod: the transmit producer index the last poll saw
 * @tx_irq: interrupt of the transmit (or only) event channel
 * @rx_irq: interrupt of the receive event channel (0: shared with @tx_irq)
 * @split: separate transmit and receive event channels; set before either
 *	is bound, as an event can come in as soon as the first one is
 * @eoi_bits: NETBACK_EOI_* (late EOI bookkeeping)
 * @eoi_count: handlers that still owe the shared event channel its EOI
 * @credit_bytes: bytes the guest may send per @credit_jiffies (0: no limit)
 * @credit_jiffies: the rate-limit period
 * @credit_left: bytes left in this period
 * @credit_next: jiffies of the next refill
 * @credit_timer: reschedules NAPI at the next refill
 * @stats: NETBACK_STAT_*
 */
struct netback_queue {
	struct netback_vif *vif;
	unsigned int index;
	char name[IFNAMSIZ + 8];

	void *tx_ring;
	u8 *tx_slots;
	u32 tx_req_cons;
	u32 tx_rsp_prod;
	u32 tx_rsp_pushed;
	struct netif_tx_pkt tx_pkt;
	bool tx_held;
	struct gnttab_copy tx_ops[NETBACK_COPY_OPS];
	struct napi_struct napi;

	void *rx_ring;
	u8 *rx_slots;
	u32 rx_req_cons;
	u32 rx_rsp_prod;
	u32 rx_rsp_pushed;
	struct sk_buff_head rx_queue;
	struct gnttab_copy rx_ops[NETBACK_COPY_OPS];
	struct task_struct *rx_thread;
	wait_queue_head_t rx_wq;
	bool rx_event;
	u32 rx_seen_prod;
	unsigned long tx_events;
	unsigned long tx_polls;
	u32 tx_poll_prod;

	int tx_irq;
	int rx_irq;
	bool split;
	unsigned long eoi_bits;
	atomic_t eoi_count;

	u64 credit_bytes;
	unsigned long credit_jiffies;
	u64 credit_left;
	unsigned long credit_next;
	struct timer_list credit_timer;

	atomic64_t stats[NETBACK_STAT_NR];
};

/**
 * struct netback_vif - a virtual interface served to a frontend
 * @xdev: the xenbus device
 * @dev: the net_device vifD.N
 * @domid: the frontend's domain
 * @handle: the interface's number in the frontend
 * @lock: serialises connection and disconnection, and @hp_ok
 * @queues: the queues (@max_queues of them, for the interface's life, so
 *	that statistics can be read at any time)
 * @max_queues: number of @queues, offered to the frontend
 * @nr_queues: queues in use while connected
 * @connected: the data path runs (read locklessly by the data path)
 * @disabled: the frontend misbehaved; the data path stopped for good
 * @fatal_work: takes a misbehaving frontend's device to Closing
 * @hp_script: the backend's "script" node, for udev (NULL if none)
 * @hp_watch: watch on the backend's hotplug-status node
 * @hp_ok: the hotplug script reported "connected" (once per backend
 *	device: it survives the frontend closing and reconnecting)
 * @fe_sg: the frontend takes packets in several slots (assumed while
 *	no frontend is connected, for the MTU)
 * @fe_gso4: the frontend takes TCPv4 GSO packets
 * @fe_gso6: the frontend takes TCPv6 GSO packets
 * @fe_csum: the frontend takes IPv4 packets with a blank checksum
 * @fe_csum6: the frontend takes IPv6 packets with a blank checksum
 * @tx_lim: what we accept from the frontend
 * @ctrl: the control ring
 * @debugfs: its directory in debugfs while connected, or NULL
 * @hash_lock: protects @hash against the queue selection
 * @hash: how the frontend wants packets to it spread over the queues
 */
struct netback_vif {
	struct xenbus_device *xdev;
	struct net_device *dev;
	domid_t domid;
	unsigned int handle;
	struct mutex lock;		/* see above */

	struct netback_queue *queues;
	unsigned int max_queues;
	unsigned int nr_queues;
	bool connected;
	bool disabled;
	struct work_struct fatal_work;
	char *hp_script;
	struct xenbus_watch hp_watch;
	bool hp_ok;

	bool fe_sg;
	bool fe_gso4;
	bool fe_gso6;
	bool fe_csum;
	bool fe_csum6;
	struct netif_tx_limits tx_lim;

	struct netback_ctrl ctrl;
	struct dentry *debugfs;
	spinlock_t hash_lock;		/* see above */
	struct netif_hash hash;
};

/* debugfs.c */
void netback_debugfs_init(void);
void netback_debugfs_exit(void);
void netback_debugfs_connect(struct netback_vif *vif);
void netback_debugfs_disconnect(struct netback_vif *vif);

/* params.c */
unsigned int netback_max_queues(void);
bool netback_separate_tx_rx_irq(void);
unsigned int netback_fatal_skb_slots(void);
unsigned long netback_rx_drain_jiffies(void);

/* interface.c */
struct netback_vif *netback_vif_create(struct xenbus_device *xdev,
				       domid_t domid, unsigned int handle);
void netback_vif_destroy(struct netback_vif *vif);
void netback_vif_carrier(struct netback_vif *vif, bool on);
void netback_vif_fatal(struct netback_vif *vif, const char *what);
void netback_stat_add(struct netback_queue *q, enum netback_stat stat,
		      u64 n);

/* queue.c */
int netback_queue_connect(struct netback_queue *q, const char *dir,
			  bool split);
void netback_queue_disconnect(struct netback_queue *q);
void netback_queue_push(struct netback_queue *q, bool rx);
void netback_queue_eoi(struct netback_queue *q, unsigned int bit,
		       bool worked);

/* ctrl.c (the control ring and hashing) */
int netback_ctrl_connect(struct netback_vif *vif);
void netback_ctrl_disconnect(struct netback_vif *vif);
u16 netback_select_queue(struct net_device *dev, struct sk_buff *skb,
			 struct net_device *sb_dev);

/* tx.c (packets from the guest) */
int netback_tx_poll(struct napi_struct *napi, int budget);
void netback_tx_credit_timer(struct timer_list *t);

/* rx.c (packets to the guest) */
int netback_rx_thread(void *data);
netdev_tx_t netback_start_xmit(struct sk_buff *skb, struct net_device *dev);

#endif /* _XEN_NETBACK_COMMON_H */
