// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: debugfs.  One directory per connected interface
 * (xen-netback/vifD.N) with a file per queue (io_ring_qN) that shows both
 * rings' indices as the guest and we see them, the event channels and
 * the NAPI context: what tells a stalled ring (requests posted, none
 * consumed, no event asked for) from a quiet one.
 *
 * A queue's file exists only while its rings are mapped: it is created
 * once the queue is connected and removed before the rings are unmapped,
 * and debugfs_remove() waits for a read in progress to end.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "common.h"

static struct dentry *netback_debugfs_root;

static int netback_io_ring_show(struct seq_file *m, void *unused)
{
	struct netback_queue *q = m->private;
	struct xen_netif_tx_sring *txs = q->tx_ring;
	struct xen_netif_rx_sring *rxs = q->rx_ring;

	seq_printf(m, "queue %u of %s, guest domain %u\n", q->index,
		   q->vif->dev->name, q->vif->domid);
	seq_printf(m, "tx: req_prod %u req_cons %u req_event %u rsp_prod %u (shared %u) rsp_event %u%s\n",
		   READ_ONCE(txs->req_prod), q->tx_req_cons,
		   READ_ONCE(txs->req_event), q->tx_rsp_prod,
		   READ_ONCE(txs->rsp_prod), READ_ONCE(txs->rsp_event),
		   q->tx_held ? ", a packet held for credit" : "");
	seq_printf(m, "rx: req_prod %u req_cons %u req_event %u rsp_prod %u (shared %u) rsp_event %u, %u packets queued\n",
		   READ_ONCE(rxs->req_prod), q->rx_req_cons,
		   READ_ONCE(rxs->req_event), q->rx_rsp_prod,
		   READ_ONCE(rxs->rsp_prod), READ_ONCE(rxs->rsp_event),
		   skb_queue_len(&q->rx_queue));
	seq_printf(m, "tx: %lu events, %lu polls, the last saw req_prod %u; interface %s\n",
		   READ_ONCE(q->tx_events), READ_ONCE(q->tx_polls),
		   READ_ONCE(q->tx_poll_prod),
		   READ_ONCE(q->vif->disabled) ? "disabled" : "enabled");
	seq_printf(m, "irqs: tx %d rx %d (%s), EOI owed: tx %d rx %d\n",
		   q->tx_irq, q->rx_irq, q->rx_irq ? "split" : "shared",
		   test_bit(NETBACK_EOI_TX, &q->eoi_bits),
		   test_bit(NETBACK_EOI_RX, &q->eoi_bits));
	seq_printf(m, "napi state %#lx, credit %llu bytes per %lu jiffies (%llu left)\n",
		   READ_ONCE(q->napi.state), q->credit_bytes,
		   q->credit_jiffies, q->credit_left);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(netback_io_ring);

/**
 * netback_debugfs_connect() - show a connected interface's queues
 * @vif: the interface, its queues connected
 *
 * Errors are ignored: debugfs is for people, not for the data path.
 *
 * Context: process context; the interface's lock is held.
 */
void netback_debugfs_connect(struct netback_vif *vif)
{
	char name[16];
	unsigned int i;

	if (IS_ERR_OR_NULL(netback_debugfs_root))
		return;
	vif->debugfs = debugfs_create_dir(vif->dev->name,
					  netback_debugfs_root);
	for (i = 0; i < vif->nr_queues; i++) {
		snprintf(name, sizeof(name), "io_ring_q%u", i);
		debugfs_create_file(name, 0400, vif->debugfs, &vif->queues[i],
				    &netback_io_ring_fops);
	}
}

/**
 * netback_debugfs_disconnect() - remove what netback_debugfs_connect() made
 * @vif: the interface, its queues still connected
 *
 * Context: process context; the interface's lock is held.
 */
void netback_debugfs_disconnect(struct netback_vif *vif)
{
	debugfs_remove(vif->debugfs);
	vif->debugfs = NULL;
}

void netback_debugfs_init(void)
{
	netback_debugfs_root = debugfs_create_dir("xen-netback", NULL);
}

void netback_debugfs_exit(void)
{
	debugfs_remove(netback_debugfs_root);
	netback_debugfs_root = NULL;
}
