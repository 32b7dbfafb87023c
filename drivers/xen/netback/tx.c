// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: packets the guest transmits, taken off its transmit ring by
 * the queue's NAPI context and handed to dom0's network stack.
 *
 * Each slot is copied out of the shared ring once and fed to the pure
 * validator (netif_tx.c), which assembles the chain; a chain may span
 * polls when the guest has not posted all of it yet.  A valid packet is
 * copied from the guest's grants into fresh pages (grant copy: the guest
 * can change nothing in dom0 after the copy), a malformed one is answered
 * with errors, and a malicious one disables the interface.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/etherdevice.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <xen/backend-ring-check.h>
#include <xen/events.h>
#include <xen/page.h>

#include "common.h"

static void netback_tx_respond(struct netback_queue *q, u16 id, s16 status)
{
	u8 *slot = q->tx_slots + (size_t)(q->tx_rsp_prod &
					  (NETBACK_TX_RING_SIZE - 1)) *
				 NETIF_TX_SLOT_SIZE;

	netif_tx_write_response(slot, id, status);
	q->tx_rsp_prod++;
}

/* Answer every slot of the packet: its data slots, then its extras. */
static void netback_tx_respond_pkt(struct netback_queue *q, s16 status)
{
	struct netif_tx_pkt *pkt = &q->tx_pkt;
	unsigned int i;

	for (i = 0; i < pkt->nr_slots; i++)
		netback_tx_respond(q, pkt->slots[i].id, status);
	for (i = 0; i < pkt->nr_extras; i++)
		netback_tx_respond(q, 0, NETIF_RSP_NULL);
}

/**
 * netback_tx_credit_timer() - the rate limit allows sending again
 * @t: the queue's credit timer
 *
 * Context: timer (softirq).
 */
void netback_tx_credit_timer(struct timer_list *t)
{
	struct netback_queue *q = from_timer(q, t, credit_timer);

	napi_schedule(&q->napi);
}

/*
 * Whether the rate limit lets a packet of @len bytes through now.  A
 * packet larger than a whole period's credit passes at the start of a
 * period, alone, so that a small rate never blocks the guest for good.
 */
static bool netback_tx_credit_ok(struct netback_queue *q, u32 len)
{
	unsigned long now = jiffies;

	if (!q->credit_bytes)
		return true;
	if (time_after_eq(now, q->credit_next)) {
		q->credit_left = q->credit_bytes;
		q->credit_next = now + q->credit_jiffies;
	}
	if (len <= q->credit_left) {
		q->credit_left -= len;
		return true;
	}
	if (q->credit_left == q->credit_bytes) {
		q->credit_left = 0;
		return true;
	}
	mod_timer(&q->credit_timer, q->credit_next);
	return false;
}

/* Where byte @pos of the packet goes: page, offset and room there. */
static struct page *netback_tx_dest(struct sk_buff *skb, unsigned int head,
				    unsigned int pos, unsigned int *off,
				    unsigned int *room)
{
	unsigned int f;
	void *p;

	if (pos < head) {
		p = skb->data + pos;
		*off = offset_in_page(p);
		*room = min_t(unsigned int, head - pos, PAGE_SIZE - *off);
		return virt_to_page(p);
	}
	f = (pos - head) / PAGE_SIZE;
	*off = (pos - head) % PAGE_SIZE;
	*room = PAGE_SIZE - *off;
	return skb_frag_page(&skb_shinfo(skb)->frags[f]);
}

/* Grant copies of the packet's slots into the skb; returns their number. */
static int netback_tx_plan(struct netback_queue *q, struct sk_buff *skb,
			   unsigned int head)
{
	const struct netif_tx_pkt *pkt = &q->tx_pkt;
	unsigned int i, pos = 0, n = 0, src, left, off, room, len;
	struct gnttab_copy *op;
	struct page *page;

	for (i = 0; i < pkt->nr_slots; i++) {
		src = pkt->slots[i].offset;
		left = pkt->slots[i].size;
		while (left) {
			if (n == NETBACK_COPY_OPS)
				return -E2BIG;
			page = netback_tx_dest(skb, head, pos, &off, &room);
			len = min(left, room);
			op = &q->tx_ops[n++];
			op->source.u.ref = pkt->slots[i].gref;
			op->source.domid = q->vif->domid;
			op->source.offset = src;
			op->dest.u.gmfn = xen_page_to_gfn(page);
			op->dest.domid = DOMID_SELF;
			op->dest.offset = off;
			op->len = len;
			op->flags = GNTCOPY_source_gref;
			src += len;
			pos += len;
			left -= len;
		}
	}
	return n;
}

static struct sk_buff *netback_tx_alloc(struct netback_queue *q,
					unsigned int len, unsigned int head)
{
	unsigned int i, nfrags = DIV_ROUND_UP(len - head, PAGE_SIZE);
	unsigned int rest = len - head;
	struct sk_buff *skb;
	struct page *page;

	if (nfrags > MAX_SKB_FRAGS)
		return NULL;
	skb = napi_alloc_skb(&q->napi, head);
	if (!skb)
		return NULL;
	skb_put(skb, head);
	for (i = 0; i < nfrags; i++) {
		page = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		skb_fill_page_desc(skb, i, page, 0,
				   min_t(unsigned int, rest, PAGE_SIZE));
		rest -= skb_frag_size(&skb_shinfo(skb)->frags[i]);
	}
	skb->len += len - head;
	skb->data_len = len - head;
	skb->truesize += nfrags * PAGE_SIZE;
	return skb;
}

/* Offloads the guest asked for; false if the packet must be dropped. */
static bool netback_tx_offloads(struct netback_queue *q, struct sk_buff *skb)
{
	const struct netif_tx_pkt *pkt = &q->tx_pkt;
	struct skb_shared_info *si = skb_shinfo(skb);

	if (pkt->flags & NETIF_TXF_CSUM_BLANK) {
		/*
		 * Like a CHECKSUM_PARTIAL skb, which is what netfront sends
		 * this way: the checksum field already holds the pseudo-header
		 * sum, so only csum_start and csum_offset are set up (false:
		 * no recalculation).  This is the normal case, not a fixup,
		 * and is not counted as one.  Fails for a packet that is not
		 * TCP or UDP over IPv4 or IPv6, or is truncated.
		 */
		if (skb_checksum_setup(skb, false)) {
			net_dbg_ratelimited("%s: blank checksum on a packet we cannot checksum\n",
					    q->vif->dev->name);
			return false;
		}
	} else if (pkt->flags & NETIF_TXF_DATA_VALIDATED) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	if (pkt->gso_type) {
		si->gso_size = pkt->gso_size;
		si->gso_type = (pkt->gso_type == NETIF_GSO_TCPV4 ?
				SKB_GSO_TCPV4 : SKB_GSO_TCPV6) |
			       SKB_GSO_DODGY;	/* the stack checks it again */
		si->gso_segs = 0;
	}
	if (pkt->extras & (1U << NETIF_EXTRA_HASH))
		skb_set_hash(skb, pkt->hash_value,
			     pkt->hash_type & 1 ? PKT_HASH_TYPE_L4 :
						  PKT_HASH_TYPE_L3);
	return true;
}

/* Copy a complete, valid packet into an skb and pass it up. */
static void netback_tx_deliver(struct netback_queue *q)
{
	struct net_device *dev = q->vif->dev;
	u32 len = q->tx_pkt.len;
	unsigned int head = min_t(u32, len, NETBACK_TX_HEAD);
	struct sk_buff *skb;
	int i, n;

	skb = netback_tx_alloc(q, len, head);
	if (!skb)
		goto drop;
	n = netback_tx_plan(q, skb, head);
	if (n < 0)
		goto drop_skb;
	gnttab_batch_copy(q->tx_ops, n);
	for (i = 0; i < n; i++) {
		if (q->tx_ops[i].status != GNTST_okay) {
			net_dbg_ratelimited("%s: grant copy from guest failed: %d\n",
					    dev->name, q->tx_ops[i].status);
			goto drop_skb;
		}
	}
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	if (!netback_tx_offloads(q, skb))
		goto drop_skb;

	netback_tx_respond_pkt(q, NETIF_RSP_OKAY);
	netback_stat_add(q, NETBACK_STAT_RX_PACKETS, 1);
	netback_stat_add(q, NETBACK_STAT_RX_BYTES, len);
	napi_gro_receive(&q->napi, skb);
	return;

drop_skb:
	kfree_skb(skb);
drop:
	netback_tx_respond_pkt(q, NETIF_RSP_ERROR);
	netback_stat_add(q, NETBACK_STAT_RX_DROPPED, 1);
}

/*
 * Take one slot and act on what it completes.  Returns 1 if a packet was
 * dealt with, 0 if the chain goes on, -EAGAIN if a complete packet waits
 * for credit, -EPROTO if the interface was disabled.
 */
static int netback_tx_slot(struct netback_queue *q)
{
	struct netif_tx_pkt *pkt = &q->tx_pkt;
	u8 raw[NETIF_TX_SLOT_SIZE];
	int rc;

	memcpy(raw, q->tx_slots + (size_t)(q->tx_req_cons &
					   (NETBACK_TX_RING_SIZE - 1)) *
		    NETIF_TX_SLOT_SIZE, sizeof(raw));
	q->tx_req_cons++;
	barrier();	/* only the copy is used from here on */

	rc = netif_tx_pkt_add(pkt, raw, &q->vif->tx_lim);
	if (rc == 1)
		return 0;
	if (rc == -EPROTO) {
		netback_vif_fatal(q->vif, "malformed transmit request chain");
		return -EPROTO;
	}
	if (rc < 0) {
		if (pkt->nr_slots > q->vif->tx_lim.max_slots)
			netback_stat_add(q, NETBACK_STAT_TX_FRAG_OVERFLOW, 1);
		netback_tx_respond_pkt(q, NETIF_RSP_ERROR);
		netback_stat_add(q, NETBACK_STAT_RX_DROPPED, 1);
	} else if (pkt->mcast_op) {
		/* Filter updates are accepted; we flood multicast anyway. */
		netback_tx_respond_pkt(q, NETIF_RSP_OKAY);
	} else if (netback_tx_credit_ok(q, pkt->len)) {
		netback_tx_deliver(q);
	} else {
		q->tx_held = true;
		return -EAGAIN;
	}
	netif_tx_pkt_init(pkt);
	return 1;
}

/* Process up to @budget packets; returns how many, or -errno to stop. */
static int netback_tx_work(struct netback_queue *q, int budget, bool *worked)
{
	struct xen_netif_tx_sring *s = q->tx_ring;
	int done = 0, rc;
	u32 prod;

	if (q->tx_held) {
		if (!netback_tx_credit_ok(q, q->tx_pkt.len))
			return -EAGAIN;
		q->tx_held = false;
		netback_tx_deliver(q);
		netif_tx_pkt_init(&q->tx_pkt);
		done++;
	}
	while (done < budget) {
		prod = READ_ONCE(s->req_prod);
		virt_rmb();	/* slots are read after the index */
		WRITE_ONCE(q->tx_poll_prod, prod);
		if (xen_backend_ring_prod_overflow(prod, q->tx_req_cons,
						   q->tx_rsp_prod,
						   NETBACK_TX_RING_SIZE)) {
			netback_vif_fatal(q->vif,
					  "transmit ring producer index impossible");
			return -EPROTO;
		}
		if (prod == q->tx_req_cons)
			break;
		while (done < budget && q->tx_req_cons != prod) {
			*worked = true;
			rc = netback_tx_slot(q);
			if (rc < 0)
				return rc;
			done += rc;
		}
	}
	return done;
}

/**
 * netback_tx_poll() - NAPI poll: take the guest's transmitted packets
 * @napi: the queue's NAPI context
 * @budget: packets we may pass up
 *
 * Context: softirq.
 * Return: the number of packets processed.
 */
int netback_tx_poll(struct napi_struct *napi, int budget)
{
	struct netback_queue *q = container_of(napi, struct netback_queue,
					       napi);
	struct xen_netif_tx_sring *s = q->tx_ring;
	bool worked = false;
	int done;

	WRITE_ONCE(q->tx_polls, q->tx_polls + 1);
	if (READ_ONCE(q->vif->disabled)) {
		napi_complete(napi);
		return 0;
	}
	done = netback_tx_work(q, budget, &worked);
	netback_queue_push(q, false);
	if (done == -EPROTO) {
		napi_complete(napi);
		return 0;
	}
	if (done == -EAGAIN) {
		/* The credit timer schedules us again. */
		napi_complete(napi);
		netback_queue_eoi(q, NETBACK_EOI_TX, worked);
		return 0;
	}
	if (done >= budget)
		return budget;

	/* Ask for an event, then look again to close the race. */
	WRITE_ONCE(s->req_event, q->tx_req_cons + 1);
	virt_mb();	/* req_event set before req_prod is read */
	if (READ_ONCE(s->req_prod) != q->tx_req_cons && !q->tx_held)
		return budget;
	if (napi_complete_done(napi, done))
		netback_queue_eoi(q, NETBACK_EOI_TX, worked);
	return done;
}
