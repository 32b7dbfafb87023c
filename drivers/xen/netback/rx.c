// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: packets dom0 sends to the guest.  The net_device queues
 * them on one of the vif's queues; the queue's thread copies each into
 * pages the guest granted on its receive ring (grant copy), one page per
 * request from offset 0, with a GSO extra-info when the packet is GSO.
 *
 * The guest controls how many requests it posts: a packet waits until
 * enough are there, and packets the guest does not take in time are
 * dropped, so that a stalled guest costs dom0 a bounded amount of memory.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/kthread.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <xen/backend-ring-check.h>
#include <xen/events.h>
#include <xen/page.h>

#include "common.h"

/* When the packet was queued (in the skb's control buffer). */
struct netback_rx_cb {
	unsigned long queued;
};

#define NETBACK_RX_CB(skb)	((struct netback_rx_cb *)(skb)->cb)

/**
 * netback_start_xmit() - queue a packet for the guest
 * @skb: the packet
 * @dev: the vif
 *
 * Context: softirq or process context, the transmit queue's lock held.
 * Return: NETDEV_TX_OK (the packet is queued or dropped).
 */
netdev_tx_t netback_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netback_vif *vif = netdev_priv(dev);
	u16 index = skb_get_queue_mapping(skb);
	struct netback_queue *q;

	if (!READ_ONCE(vif->connected) || READ_ONCE(vif->disabled) ||
	    index >= READ_ONCE(vif->nr_queues)) {
		dev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	q = &vif->queues[index];
	NETBACK_RX_CB(skb)->queued = jiffies;
	skb_queue_tail(&q->rx_queue, skb);
	if (skb_queue_len(&q->rx_queue) >= NETBACK_RX_QUEUE_MAX)
		netif_tx_stop_queue(netdev_get_tx_queue(dev, index));
	wake_up(&q->rx_wq);
	return NETDEV_TX_OK;
}

static unsigned int netback_rx_gso_type(struct sk_buff *skb)
{
	if (!skb_is_gso(skb))
		return 0;
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4)
		return NETIF_GSO_TCPV4;
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6)
		return NETIF_GSO_TCPV6;
	return 0;
}

/* Requests the packet needs, or 0 if the guest can never take it. */
static unsigned int netback_rx_slots(struct netback_queue *q,
				     struct sk_buff *skb)
{
	struct netback_vif *vif = q->vif;
	unsigned int gso = netback_rx_gso_type(skb);
	unsigned int n;

	if (skb_is_gso(skb) && !gso)
		return 0;
	n = netif_rx_slots_needed(skb->len, gso, false);
	if (n - !!gso > (vif->fe_sg ? NETIF_NR_SLOTS_MIN - 1 : 1))
		return 0;
	return n;
}

/*
 * The grant copies that put @len bytes at @src (page, offset) at byte
 * @*pos of the packet, a request page after another.
 */
static int netback_rx_plan_chunk(struct netback_queue *q, struct page *page,
				 unsigned int off, unsigned int len,
				 unsigned int *pos, const u32 *grefs,
				 unsigned int *n)
{
	struct gnttab_copy *op;
	unsigned int chunk, doff;

	while (len) {
		/* Compound pages: step to the page holding the offset. */
		page += off / PAGE_SIZE;
		off %= PAGE_SIZE;
		doff = *pos % XEN_PAGE_SIZE;
		chunk = min3(len, (unsigned int)PAGE_SIZE - off,
			     (unsigned int)XEN_PAGE_SIZE - doff);
		if (*n == NETBACK_COPY_OPS)
			return -E2BIG;
		op = &q->rx_ops[(*n)++];
		op->source.u.gmfn = xen_page_to_gfn(page);
		op->source.domid = DOMID_SELF;
		op->source.offset = off;
		op->dest.u.ref = grefs[*pos / XEN_PAGE_SIZE];
		op->dest.domid = q->vif->domid;
		op->dest.offset = doff;
		op->len = chunk;
		op->flags = GNTCOPY_dest_gref;
		off += chunk;
		*pos += chunk;
		len -= chunk;
	}
	return 0;
}

static int netback_rx_plan(struct netback_queue *q, struct sk_buff *skb,
			   const u32 *grefs)
{
	unsigned int i, pos = 0, n = 0, hlen = skb_headlen(skb);
	const skb_frag_t *f;
	int err;

	if (hlen) {
		err = netback_rx_plan_chunk(q, virt_to_page(skb->data),
					    offset_in_page(skb->data), hlen,
					    &pos, grefs, &n);
		if (err)
			return err;
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		f = &skb_shinfo(skb)->frags[i];
		err = netback_rx_plan_chunk(q, skb_frag_page(f),
					    skb_frag_off(f), skb_frag_size(f),
					    &pos, grefs, &n);
		if (err)
			return err;
	}
	return n;
}

static u8 *netback_rx_slot(struct netback_queue *q, u32 index)
{
	return q->rx_slots + (size_t)(index & (NETBACK_RX_RING_SIZE - 1)) *
			     NETIF_RX_SLOT_SIZE;
}

/* Copy one packet to the guest, consuming @need requests. */
static void netback_rx_one(struct netback_queue *q, struct sk_buff *skb,
			   unsigned int need)
{
	unsigned int gso = netback_rx_gso_type(skb);
	unsigned int pages = need - !!gso, i, k, size;
	u32 grefs[NETIF_NR_SLOTS_MIN];
	u16 ids[NETIF_NR_SLOTS_MIN];
	struct netif_rx_req req;
	u8 raw[NETIF_RX_SLOT_SIZE];
	u16 flags = 0;
	s16 status;
	int n, err = 0;

	/* Copy the requests out once; data pages skip the extra's slot. */
	for (i = 0, k = 0; i < need; i++) {
		memcpy(raw, netback_rx_slot(q, q->rx_req_cons + i),
		       sizeof(raw));
		netif_rx_parse_request(raw, &req);
		ids[i] = req.id;
		if (!(gso && i == 1))
			grefs[k++] = req.gref;
	}
	barrier();	/* only the copies are used from here on */

	n = netback_rx_plan(q, skb, grefs);
	if (n < 0) {
		err = n;
	} else {
		gnttab_batch_copy(q->rx_ops, n);
		for (i = 0; i < n; i++)
			if (q->rx_ops[i].status != GNTST_okay)
				err = -EIO;
	}

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		flags = NETIF_RXF_CSUM_BLANK | NETIF_RXF_DATA_VALIDATED;
	else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		flags = NETIF_RXF_DATA_VALIDATED;

	for (i = 0, k = 0; i < need; i++) {
		u8 *slot = netback_rx_slot(q, q->rx_rsp_prod + i);

		if (gso && i == 1) {
			netif_rx_write_gso_extra(slot, gso,
						 skb_shinfo(skb)->gso_size,
						 false);
			continue;
		}
		size = min_t(unsigned int, skb->len - k * XEN_PAGE_SIZE,
			     XEN_PAGE_SIZE);
		status = err ? NETIF_RSP_ERROR : size;
		netif_rx_write_response(slot, ids[i], 0,
					(i ? 0 : flags) |
					(!i && gso ? NETIF_RXF_EXTRA_INFO : 0) |
					(k + 1 < pages ? NETIF_RXF_MORE_DATA :
							 0),
					status);
		k++;
	}
	q->rx_req_cons += need;
	q->rx_rsp_prod += need;
	if (err) {
		net_dbg_ratelimited("%s: grant copy to guest failed: %d\n",
				    q->vif->dev->name, err);
		netback_stat_add(q, NETBACK_STAT_TX_DROPPED, 1);
	} else {
		netback_stat_add(q, NETBACK_STAT_TX_PACKETS, 1);
		netback_stat_add(q, NETBACK_STAT_TX_BYTES, skb->len);
	}
}

/* Deliver what the posted requests allow; returns whether it did work. */
static bool netback_rx_work(struct netback_queue *q)
{
	struct xen_netif_rx_sring *s = q->rx_ring;
	unsigned long drain = netback_rx_drain_jiffies();
	struct sk_buff *skb;
	unsigned int need;
	bool worked = false;
	u32 prod;

	while ((skb = skb_peek(&q->rx_queue))) {
		need = netback_rx_slots(q, skb);
		if (!need) {
			/* Too big for this guest: nothing will change that. */
			skb_unlink(skb, &q->rx_queue);
			netback_stat_add(q, NETBACK_STAT_TX_DROPPED, 1);
			dev_kfree_skb(skb);
			continue;
		}
		prod = READ_ONCE(s->req_prod);
		virt_rmb();	/* requests are read after the index */
		if (xen_backend_ring_prod_overflow(prod, q->rx_req_cons,
						   q->rx_rsp_prod,
						   NETBACK_RX_RING_SIZE)) {
			netback_vif_fatal(q->vif,
					  "receive ring producer index impossible");
			return worked;
		}
		if (xen_backend_ring_unconsumed(prod, q->rx_req_cons) < need) {
			/* Be told when enough are there, then look again. */
			WRITE_ONCE(s->req_event, q->rx_req_cons + need);
			virt_mb();	/* req_event set before req_prod is read */
			if (xen_backend_ring_unconsumed(READ_ONCE(s->req_prod),
							q->rx_req_cons) >= need)
				continue;
			if (time_after(jiffies,
				       NETBACK_RX_CB(skb)->queued + drain)) {
				skb_unlink(skb, &q->rx_queue);
				netback_stat_add(q, NETBACK_STAT_TX_DROPPED, 1);
				dev_kfree_skb(skb);
				continue;
			}
			break;
		}
		skb_unlink(skb, &q->rx_queue);
		netback_rx_one(q, skb, need);
		dev_kfree_skb(skb);
		worked = true;
		if (need_resched()) {
			netback_queue_push(q, true);
			cond_resched();
		}
	}
	netback_queue_push(q, true);
	return worked;
}

static bool netback_rx_ready(struct netback_queue *q)
{
	struct xen_netif_rx_sring *s = q->rx_ring;
	struct sk_buff *skb;
	bool ready;

	if (READ_ONCE(q->rx_event) || kthread_should_stop())
		return true;
	spin_lock_bh(&q->rx_queue.lock);
	skb = skb_peek(&q->rx_queue);
	ready = skb && xen_backend_ring_unconsumed(READ_ONCE(s->req_prod),
						   q->rx_req_cons) >=
		       netback_rx_slots(q, skb);
	spin_unlock_bh(&q->rx_queue.lock);
	return ready;
}

/**
 * netback_rx_thread() - the thread serving a queue's receive ring
 * @data: the queue
 *
 * Context: kernel thread.
 * Return: 0.
 */
int netback_rx_thread(void *data)
{
	struct netback_queue *q = data;
	struct netback_vif *vif = q->vif;
	struct netdev_queue *txq = netdev_get_tx_queue(vif->dev, q->index);
	bool worked;
	u32 prod;

	while (!kthread_should_stop()) {
		wait_event_interruptible_timeout(q->rx_wq, netback_rx_ready(q),
						 HZ);
		if (kthread_should_stop())
			break;
		WRITE_ONCE(q->rx_event, false);
		/* An event that brought no new request was spurious. */
		prod = READ_ONCE(((struct xen_netif_rx_sring *)q->rx_ring)->req_prod);
		worked = prod != q->rx_seen_prod;
		q->rx_seen_prod = prod;
		if (READ_ONCE(vif->disabled)) {
			/* No EOI: a disabled guest's events stay off. */
			skb_queue_purge(&q->rx_queue);
			continue;
		}
		worked |= netback_rx_work(q);
		netback_queue_eoi(q, NETBACK_EOI_RX, worked);
		/*
		 * Not on an interface that is down: netback_stop() stopped
		 * its queues, and netback_open() starts them again.
		 */
		if (netif_tx_queue_stopped(txq) &&
		    skb_queue_len(&q->rx_queue) < NETBACK_RX_QUEUE_MAX / 2 &&
		    READ_ONCE(vif->connected) && netif_running(vif->dev))
			netif_tx_wake_queue(txq);
	}
	return 0;
}
