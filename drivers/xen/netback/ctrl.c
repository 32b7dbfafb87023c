// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the control ring (feature-ctrl-ring), through which a
 * frontend sets how packets to it are spread over its queues: a Toeplitz
 * hash over the addresses (and TCP ports) of a packet, looked up in a
 * mapping table.  The messages are checked by the pure netif_ctrl.c; this
 * file moves them and the data they grant, and picks the queue of each
 * packet sent to the guest.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/gfp.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/interrupt.h>
#include <linux/skbuff.h>
#include <net/flow_dissector.h>
#include <xen/backend-ring-check.h>
#include <xen/events.h>
#include <xen/page.h>
#include <xen/xen-backend-common.h>

#include "common.h"

#define NETBACK_CTRL_RING_SIZE	__CONST_RING_SIZE(xen_netif_ctrl, XEN_PAGE_SIZE)

static_assert(sizeof(union xen_netif_ctrl_sring_entry) ==
	      NETIF_CTRL_SLOT_SIZE);
static_assert(offsetof(struct xen_netif_ctrl_sring, ring) ==
	      NETIF_RING_HEADER_SIZE);
static_assert(XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING ==
	      NETIF_CTRL_TYPE_SET_HASH_MAPPING);
static_assert(XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ ==
	      NETIF_HASH_ALG_TOEPLITZ);
static_assert(XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP == NETIF_HASH_TYPE_IPV6_TCP);

static irqreturn_t netback_ctrl_interrupt(int irq, void *data)
{
	struct netback_vif *vif = data;

	set_bit(0, &vif->ctrl.eoi_owed);
	schedule_work(&vif->ctrl.work);
	return IRQ_HANDLED;
}

/* Copy the @len bytes a request grants (from offset 0 of its page). */
static int netback_ctrl_fetch(struct netback_vif *vif, u32 gref, u32 len)
{
	struct gnttab_copy op = {
		.source.u.ref = gref,
		.source.domid = vif->domid,
		.dest.u.gmfn = xen_page_to_gfn(vif->ctrl.page),
		.dest.domid = DOMID_SELF,
		.len = len,
		.flags = GNTCOPY_source_gref,
	};

	gnttab_batch_copy(&op, 1);
	return op.status == GNTST_okay ? 0 : -EIO;
}

static void netback_ctrl_one(struct netback_vif *vif, const u8 *raw)
{
	struct netback_ctrl *c = &vif->ctrl;
	struct netif_ctrl_req req;
	u32 status, len, data = 0;
	u8 *slot;

	netif_ctrl_parse_request(raw, &req);
	len = netif_ctrl_copy_len(&req, &vif->hash, &status);
	if (!status && len && netback_ctrl_fetch(vif, req.data[0], len))
		status = NETIF_CTRL_STATUS_INVALID_PARAMETER;
	if (!status) {
		spin_lock_bh(&vif->hash_lock);
		status = netif_ctrl_apply(&vif->hash, &req,
					  page_address(c->page), len,
					  vif->nr_queues, &data);
		spin_unlock_bh(&vif->hash_lock);
	}
	slot = c->slots + (size_t)(c->rsp_prod &
				   (NETBACK_CTRL_RING_SIZE - 1)) *
			  NETIF_CTRL_SLOT_SIZE;
	netif_ctrl_write_response(slot, &req, status, data);
	c->rsp_prod++;
}

static void netback_ctrl_push(struct netback_vif *vif)
{
	struct netback_ctrl *c = &vif->ctrl;
	struct xen_netif_ctrl_sring *s = c->ring;
	u32 old = c->rsp_pushed, new = c->rsp_prod;

	if (old == new)
		return;
	virt_wmb();	/* responses before the index that publishes them */
	WRITE_ONCE(s->rsp_prod, new);
	virt_mb();	/* index published before rsp_event is read */
	c->rsp_pushed = new;
	if (xen_backend_ring_need_notify(new, old, READ_ONCE(s->rsp_event)))
		notify_remote_via_irq(c->irq);
}

static void netback_ctrl_work(struct work_struct *work)
{
	struct netback_vif *vif = container_of(work, struct netback_vif,
					       ctrl.work);
	struct netback_ctrl *c = &vif->ctrl;
	struct xen_netif_ctrl_sring *s = c->ring;
	u8 raw[NETIF_CTRL_SLOT_SIZE];
	bool worked = false;
	u32 prod;
	int irq;

	if (READ_ONCE(vif->disabled))
		return;
	/*
	 * Not bound yet (the event came while it was being bound): the EOI
	 * stays owed, and netback_ctrl_connect() runs us again once it is.
	 */
	irq = READ_ONCE(c->irq);
	if (!irq)
		return;
	for (;;) {
		prod = READ_ONCE(s->req_prod);
		virt_rmb();	/* slots are read after the index */
		if (xen_backend_ring_prod_overflow(prod, c->req_cons, c->rsp_prod,
						   NETBACK_CTRL_RING_SIZE)) {
			netback_vif_fatal(vif,
					  "control ring producer index impossible");
			return;
		}
		while (c->req_cons != prod) {
			memcpy(raw, c->slots + (size_t)(c->req_cons &
				(NETBACK_CTRL_RING_SIZE - 1)) *
			       NETIF_CTRL_SLOT_SIZE, sizeof(raw));
			c->req_cons++;
			barrier();	/* only the copy is used from here on */
			netback_ctrl_one(vif, raw);
			worked = true;
		}
		netback_ctrl_push(vif);
		WRITE_ONCE(s->req_event, c->req_cons + 1);
		virt_mb();	/* req_event set before req_prod is read */
		if (READ_ONCE(s->req_prod) == c->req_cons)
			break;
	}
	if (test_and_clear_bit(0, &c->eoi_owed))
		xen_irq_lateeoi(irq, worked ? 0 : XEN_EOI_FLAG_SPURIOUS);
}

/**
 * netback_ctrl_connect() - serve the frontend's control ring, if any
 * @vif: the interface (its queues connected)
 *
 * Context: process context; the interface's lock is held.
 * Return: 0 (also when there is no control ring) or a negative errno.
 */
int netback_ctrl_connect(struct netback_vif *vif)
{
	struct xenbus_device *xdev = vif->xdev;
	struct netback_ctrl *c = &vif->ctrl;
	struct xen_netif_ctrl_sring *s;
	evtchn_port_t port;
	int err;

	spin_lock_bh(&vif->hash_lock);
	memset(&vif->hash, 0, sizeof(vif->hash));
	spin_unlock_bh(&vif->hash_lock);
	err = xen_backend_read_port(xdev, xdev->otherend, "event-channel-ctrl",
				    &port);
	if (err == -ENOENT)
		return 0;	/* the frontend does not use one */
	if (err)
		return err;

	INIT_WORK(&c->work, netback_ctrl_work);
	c->eoi_owed = 0;
	c->page = alloc_page(GFP_KERNEL);
	if (!c->page)
		return -ENOMEM;
	err = xen_backend_map_ring(xdev, xdev->otherend, "ctrl-ring-ref", 0,
				   &c->ring);
	if (err)
		goto err_page;
	s = c->ring;
	c->slots = (u8 *)c->ring + NETIF_RING_HEADER_SIZE;
	c->rsp_prod = READ_ONCE(s->rsp_prod);
	c->req_cons = c->rsp_prod;
	c->rsp_pushed = c->rsp_prod;
	err = bind_interdomain_evtchn_to_irqhandler_lateeoi(xdev, port,
							    netback_ctrl_interrupt,
							    0, "netback-ctrl",
							    vif);
	if (err < 0)
		goto err_unmap;
	WRITE_ONCE(c->irq, err);
	/* Requests posted before we listened, and an EOI owed since. */
	schedule_work(&c->work);
	return 0;

err_unmap:
	xen_backend_unmap_ring(xdev, c->ring);
	c->ring = NULL;
err_page:
	__free_page(c->page);
	c->page = NULL;
	return err;
}

/**
 * netback_ctrl_disconnect() - stop serving the control ring
 * @vif: the interface
 *
 * Context: process context; the interface's lock is held.
 */
void netback_ctrl_disconnect(struct netback_vif *vif)
{
	struct netback_ctrl *c = &vif->ctrl;
	int irq = c->irq;

	if (!c->ring)
		return;
	/*
	 * The work EOIs the irq it read: it must be done before the irq is
	 * freed, or its EOI could reach whatever binding gets the number
	 * next.  With the handler stopped and the irq cleared nothing can
	 * queue it again.
	 */
	disable_irq(irq);
	WRITE_ONCE(c->irq, 0);
	cancel_work_sync(&c->work);
	unbind_from_irqhandler(irq, vif);
	xen_backend_unmap_ring(vif->xdev, c->ring);
	c->ring = NULL;
	__free_page(c->page);
	c->page = NULL;
	spin_lock_bh(&vif->hash_lock);
	memset(&vif->hash, 0, sizeof(vif->hash));
	spin_unlock_bh(&vif->hash_lock);
}

/* The hash input the frontend asked for, in the protocol's order. */
static unsigned int netback_hash_input(const struct netif_hash *h,
				       const struct flow_keys *k, u8 *buf,
				       bool *l4)
{
	bool tcp = k->basic.ip_proto == IPPROTO_TCP;

	*l4 = false;
	if (k->basic.n_proto == htons(ETH_P_IP)) {
		memcpy(buf, &k->addrs.v4addrs.src, 4);
		memcpy(buf + 4, &k->addrs.v4addrs.dst, 4);
		if (tcp && (h->flags & NETIF_HASH_TYPE_IPV4_TCP)) {
			memcpy(buf + 8, &k->ports.src, 2);
			memcpy(buf + 10, &k->ports.dst, 2);
			*l4 = true;
			return 12;
		}
		return h->flags & NETIF_HASH_TYPE_IPV4 ? 8 : 0;
	}
	if (k->basic.n_proto == htons(ETH_P_IPV6)) {
		memcpy(buf, &k->addrs.v6addrs.src, 16);
		memcpy(buf + 16, &k->addrs.v6addrs.dst, 16);
		if (tcp && (h->flags & NETIF_HASH_TYPE_IPV6_TCP)) {
			memcpy(buf + 32, &k->ports.src, 2);
			memcpy(buf + 34, &k->ports.dst, 2);
			*l4 = true;
			return 36;
		}
		return h->flags & NETIF_HASH_TYPE_IPV6 ? 32 : 0;
	}
	return 0;
}

/**
 * netback_select_queue() - the queue a packet to the guest goes through
 * @dev: the vif
 * @skb: the packet
 * @sb_dev: subordinate device (unused)
 *
 * The frontend's Toeplitz hash and mapping table when it set them over
 * the control ring, the stack's own choice otherwise.
 *
 * Context: softirq or process context, bottom halves disabled.
 * Return: the queue index.
 */
u16 netback_select_queue(struct net_device *dev, struct sk_buff *skb,
			 struct net_device *sb_dev)
{
	struct netback_vif *vif = netdev_priv(dev);
	unsigned int nr = READ_ONCE(vif->nr_queues), len;
	struct flow_keys keys;
	u8 buf[36];
	bool l4;
	u32 value;
	u16 q;

	if (nr <= 1)
		return 0;
	spin_lock_bh(&vif->hash_lock);
	if (vif->hash.alg != NETIF_HASH_ALG_TOEPLITZ || !vif->hash.flags ||
	    !skb_flow_dissect_flow_keys(skb, &keys, 0))
		goto pick;
	len = netback_hash_input(&vif->hash, &keys, buf, &l4);
	if (!len)
		goto pick;
	value = netif_toeplitz(vif->hash.key, NETIF_HASH_KEY_MAX, buf, len);
	q = netif_hash_queue(&vif->hash, value, nr);
	spin_unlock_bh(&vif->hash_lock);
	skb_set_hash(skb, value, l4 ? PKT_HASH_TYPE_L4 : PKT_HASH_TYPE_L3);
	return q;

pick:
	spin_unlock_bh(&vif->hash_lock);
	return netdev_pick_tx(dev, skb, sb_dev);
}
