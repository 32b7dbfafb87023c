// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: a queue's rings and event channels.
 *
 * Event channels use late EOI: an event is acknowledged only once the
 * ring it announced has been looked at, and as spurious if it brought no
 * work, so that a guest that keeps notifying without reason is throttled
 * by the event channel core instead of keeping dom0 busy.  With a single
 * event channel for both rings, each of the two handlers owes its part
 * and the last one issues the EOI.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <xen/backend-ring-check.h>
#include <xen/events.h>
#include <xen/xen-backend-common.h>

#include "common.h"

static_assert(offsetof(struct xen_netif_tx_sring, ring) ==
	      NETIF_RING_HEADER_SIZE);
static_assert(offsetof(struct xen_netif_rx_sring, ring) ==
	      NETIF_RING_HEADER_SIZE);
static_assert(sizeof(union xen_netif_tx_sring_entry) == NETIF_TX_SLOT_SIZE);
static_assert(sizeof(union xen_netif_rx_sring_entry) == NETIF_RX_SLOT_SIZE);
static_assert(sizeof(struct xen_netif_extra_info) == 8);
static_assert(XEN_NETIF_NR_SLOTS_MIN == NETIF_NR_SLOTS_MIN);
static_assert(XEN_NETTXF_more_data == NETIF_TXF_MORE_DATA);
static_assert(XEN_NETTXF_extra_info == NETIF_TXF_EXTRA_INFO);
static_assert(XEN_NETTXF_csum_blank == NETIF_TXF_CSUM_BLANK);
static_assert(XEN_NETTXF_data_validated == NETIF_TXF_DATA_VALIDATED);
static_assert(XEN_NETRXF_more_data == NETIF_RXF_MORE_DATA);
static_assert(XEN_NETRXF_extra_info == NETIF_RXF_EXTRA_INFO);
static_assert(XEN_NETRXF_csum_blank == NETIF_RXF_CSUM_BLANK);
static_assert(XEN_NETRXF_data_validated == NETIF_RXF_DATA_VALIDATED);
static_assert(XEN_NETIF_EXTRA_TYPE_GSO == NETIF_EXTRA_GSO);
static_assert(XEN_NETIF_EXTRA_TYPE_MAX == NETIF_EXTRA_TYPE_MAX);
static_assert(XEN_NETIF_GSO_TYPE_TCPV4 == NETIF_GSO_TCPV4);
static_assert(XEN_NETIF_GSO_TYPE_TCPV6 == NETIF_GSO_TCPV6);
static_assert(XEN_NETIF_RSP_OKAY == NETIF_RSP_OKAY);
static_assert(XEN_NETIF_RSP_ERROR == NETIF_RSP_ERROR);
static_assert(XEN_NETIF_RSP_NULL == NETIF_RSP_NULL);

static irqreturn_t netback_tx_interrupt(int irq, void *data)
{
	struct netback_queue *q = data;

	WRITE_ONCE(q->tx_events, q->tx_events + 1);
	set_bit(NETBACK_EOI_TX, &q->eoi_bits);
	napi_schedule(&q->napi);
	return IRQ_HANDLED;
}

static irqreturn_t netback_rx_interrupt(int irq, void *data)
{
	struct netback_queue *q = data;

	set_bit(NETBACK_EOI_RX, &q->eoi_bits);
	WRITE_ONCE(q->rx_event, true);
	wake_up(&q->rx_wq);
	return IRQ_HANDLED;
}

static irqreturn_t netback_interrupt(int irq, void *data)
{
	struct netback_queue *q = data;

	atomic_set(&q->eoi_count, 2);
	netback_tx_interrupt(irq, data);
	netback_rx_interrupt(irq, data);
	return IRQ_HANDLED;
}

/**
 * netback_queue_eoi() - a handler is done with the event it was woken for
 * @q: the queue
 * @bit: NETBACK_EOI_TX or NETBACK_EOI_RX
 * @worked: the handler found work on its ring
 *
 * Context: the NAPI poll (transmit) or the receive thread.
 */
void netback_queue_eoi(struct netback_queue *q, unsigned int bit,
		       bool worked)
{
	bool spurious;
	int irq;

	if (worked)
		set_bit(NETBACK_EOI_WORKED, &q->eoi_bits);
	if (q->split && bit == NETBACK_EOI_RX)
		irq = READ_ONCE(q->rx_irq);
	else
		irq = READ_ONCE(q->tx_irq);
	/*
	 * The event came in while its channel was still being bound: the
	 * EOI stays owed, and the first poll or receive pass after the bind
	 * issues it (netback_queue_connect() schedules one).
	 */
	if (!irq)
		return;
	if (!test_and_clear_bit(bit, &q->eoi_bits))
		return;
	if (q->split) {
		xen_irq_lateeoi(irq, worked ? 0 : XEN_EOI_FLAG_SPURIOUS);
		return;
	}
	if (!atomic_dec_and_test(&q->eoi_count))
		return;
	spurious = !test_and_clear_bit(NETBACK_EOI_WORKED, &q->eoi_bits);
	xen_irq_lateeoi(irq, spurious ? XEN_EOI_FLAG_SPURIOUS : 0);
}

/**
 * netback_queue_push() - publish the responses written to a ring
 * @q: the queue
 * @rx: the receive ring (else the transmit ring)
 *
 * Notifies the guest if it asked to be told about these responses.
 *
 * Context: the ring's only writer (NAPI poll or receive thread).
 */
void netback_queue_push(struct netback_queue *q, bool rx)
{
	struct xen_netif_tx_sring *txs = q->tx_ring;
	struct xen_netif_rx_sring *rxs = q->rx_ring;
	u32 old = rx ? q->rx_rsp_pushed : q->tx_rsp_pushed;
	u32 new = rx ? q->rx_rsp_prod : q->tx_rsp_prod;
	u32 event;

	if (old == new)
		return;
	virt_wmb();	/* responses before the index that publishes them */
	if (rx)
		WRITE_ONCE(rxs->rsp_prod, new);
	else
		WRITE_ONCE(txs->rsp_prod, new);
	virt_mb();	/* index published before rsp_event is read */
	event = rx ? READ_ONCE(rxs->rsp_event) : READ_ONCE(txs->rsp_event);
	if (rx)
		q->rx_rsp_pushed = new;
	else
		q->tx_rsp_pushed = new;
	if (xen_backend_ring_need_notify(new, old, event))
		notify_remote_via_irq(rx && q->rx_irq ? q->rx_irq : q->tx_irq);
}

static int netback_queue_bind(struct netback_queue *q, const char *dir,
			      bool split)
{
	struct xenbus_device *xdev = q->vif->xdev;
	evtchn_port_t tx, rx;
	int err;

	if (split &&
	    !xen_backend_read_port(xdev, dir, "event-channel-tx", &tx) &&
	    !xen_backend_read_port(xdev, dir, "event-channel-rx", &rx)) {
		/*
		 * Before the first bind: the transmit event can come while
		 * the receive one is not bound yet, and its EOI must not be
		 * counted as half of a shared channel's.
		 */
		q->split = true;
		err = bind_interdomain_evtchn_to_irqhandler_lateeoi(xdev, tx,
								    netback_tx_interrupt,
								    0, q->name, q);
		if (err < 0)
			return err;
		WRITE_ONCE(q->tx_irq, err);
		err = bind_interdomain_evtchn_to_irqhandler_lateeoi(xdev, rx,
								    netback_rx_interrupt,
								    0, q->name, q);
		if (err < 0) {
			unbind_from_irqhandler(q->tx_irq, q);
			q->tx_irq = 0;
			return err;
		}
		WRITE_ONCE(q->rx_irq, err);
		return 0;
	}

	q->split = false;
	err = xen_backend_read_evtchn(xdev, dir, &tx);
	if (err)
		return err;
	err = bind_interdomain_evtchn_to_irqhandler_lateeoi(xdev, tx,
							    netback_interrupt,
							    0, q->name, q);
	if (err < 0)
		return err;
	WRITE_ONCE(q->tx_irq, err);
	return 0;
}

static void netback_queue_unbind(struct netback_queue *q)
{
	if (q->rx_irq)
		unbind_from_irqhandler(q->rx_irq, q);
	if (q->tx_irq)
		unbind_from_irqhandler(q->tx_irq, q);
	q->rx_irq = 0;
	q->tx_irq = 0;
}

static void netback_queue_unmap(struct netback_queue *q)
{
	struct xenbus_device *xdev = q->vif->xdev;

	xen_backend_unmap_ring(xdev, q->tx_ring);
	xen_backend_unmap_ring(xdev, q->rx_ring);
	q->tx_ring = NULL;
	q->rx_ring = NULL;
}

/**
 * netback_queue_connect() - map a queue's rings and start serving them
 * @q: the queue (@q->vif and @q->index set)
 * @dir: xenstore directory with the queue's ring references and event
 *	channels
 * @split: separate event channels were offered
 *
 * Context: process context; the interface's lock is held.
 * Return: 0 or a negative errno; on error everything is undone.
 */
int netback_queue_connect(struct netback_queue *q, const char *dir,
			  bool split)
{
	struct netback_vif *vif = q->vif;
	struct xenbus_device *xdev = vif->xdev;
	struct xen_netif_tx_sring *txs;
	struct xen_netif_rx_sring *rxs;
	int err;

	snprintf(q->name, sizeof(q->name), "%s-q%u", vif->dev->name,
		 q->index);
	skb_queue_head_init(&q->rx_queue);
	init_waitqueue_head(&q->rx_wq);
	timer_setup(&q->credit_timer, netback_tx_credit_timer, 0);
	netif_tx_pkt_init(&q->tx_pkt);

	err = xen_backend_map_ring(xdev, dir, "tx-ring-ref", 0, &q->tx_ring);
	if (err)
		return err;
	err = xen_backend_map_ring(xdev, dir, "rx-ring-ref", 0, &q->rx_ring);
	if (err)
		goto err_unmap;
	txs = q->tx_ring;
	rxs = q->rx_ring;
	q->tx_slots = (u8 *)q->tx_ring + NETIF_RING_HEADER_SIZE;
	q->rx_slots = (u8 *)q->rx_ring + NETIF_RING_HEADER_SIZE;
	/* Attach where the rings stand (all zeroes when fresh). */
	q->tx_rsp_prod = READ_ONCE(txs->rsp_prod);
	q->tx_req_cons = q->tx_rsp_prod;
	q->tx_rsp_pushed = q->tx_rsp_prod;
	q->rx_rsp_prod = READ_ONCE(rxs->rsp_prod);
	q->rx_req_cons = q->rx_rsp_prod;
	q->rx_rsp_pushed = q->rx_rsp_prod;
	q->credit_next = jiffies;
	/*
	 * Late-EOI state starts afresh: a previous connection may have been
	 * torn down with an EOI owed or a half-counted shared event, and
	 * its receive producer means nothing for the new ring.  Requests
	 * already posted count as new work for the first event.
	 */
	q->eoi_bits = 0;
	atomic_set(&q->eoi_count, 0);
	q->rx_seen_prod = q->rx_req_cons;
	q->rx_event = false;
	q->tx_events = 0;
	q->tx_polls = 0;

	netif_napi_add(vif->dev, &q->napi, netback_tx_poll);
	napi_enable(&q->napi);

	err = netback_queue_bind(q, dir, split);
	if (err)
		goto err_napi;

	q->rx_thread = kthread_run(netback_rx_thread, q, "%s", q->name);
	if (IS_ERR(q->rx_thread)) {
		err = PTR_ERR(q->rx_thread);
		q->rx_thread = NULL;
		goto err_napi;
	}
	/*
	 * Requests posted before we listened raised no event we saw, and
	 * an event taken while its channel was being bound still owes its
	 * EOI (netback_queue_eoi()): one poll settles both.
	 */
	local_bh_disable();
	napi_schedule(&q->napi);
	local_bh_enable();
	return 0;

err_napi:
	/* As in netback_queue_disconnect(): the users, then the events. */
	napi_disable(&q->napi);
	del_timer_sync(&q->credit_timer);
	netif_napi_del(&q->napi);
	netback_queue_unbind(q);
err_unmap:
	netback_queue_unmap(q);
	return err;
}

/**
 * netback_queue_disconnect() - stop serving a queue and unmap its rings
 * @q: the queue
 *
 * Does nothing for a queue that is not connected.
 *
 * Context: process context; the interface's lock is held and the
 * net_device's transmit queues are stopped.
 */
void netback_queue_disconnect(struct netback_queue *q)
{
	if (!q->tx_ring)
		return;
	/*
	 * Stop what uses the event channels before unbinding them: the
	 * thread and the poll issue late EOIs on q->tx_irq and q->rx_irq,
	 * which must still be bound when they do.  An event arriving in
	 * between is harmless: it only wakes a thread that is gone or
	 * schedules a NAPI context that is disabled (napi_schedule() does
	 * nothing then), and the timer only schedules NAPI too.
	 */
	if (q->rx_thread) {
		kthread_stop(q->rx_thread);
		q->rx_thread = NULL;
	}
	napi_disable(&q->napi);
	del_timer_sync(&q->credit_timer);
	netif_napi_del(&q->napi);
	netback_queue_unbind(q);
	skb_queue_purge(&q->rx_queue);
	netback_queue_unmap(q);
}
