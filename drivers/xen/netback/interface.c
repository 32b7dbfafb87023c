// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the net_device of a virtual interface (vifD.N), its
 * statistics, and the disabling of an interface whose frontend misbehaved.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <xen/xen-backend-common.h>

#include "common.h"

/**
 * netback_stat_add() - account to a statistic of a queue
 * @q: the queue
 * @stat: the statistic
 * @n: amount to add
 *
 * Context: any.
 */
void netback_stat_add(struct netback_queue *q, enum netback_stat stat, u64 n)
{
	atomic64_add(n, &q->stats[stat]);
}

static u64 netback_stat(struct netback_vif *vif, enum netback_stat stat)
{
	unsigned int i;
	u64 sum = 0;

	for (i = 0; i < vif->max_queues; i++)
		sum += atomic64_read(&vif->queues[i].stats[stat]);
	return sum;
}

static void netback_get_stats64(struct net_device *dev,
				struct rtnl_link_stats64 *st)
{
	struct netback_vif *vif = netdev_priv(dev);

	st->rx_packets = netback_stat(vif, NETBACK_STAT_RX_PACKETS);
	st->rx_bytes = netback_stat(vif, NETBACK_STAT_RX_BYTES);
	st->rx_dropped = netback_stat(vif, NETBACK_STAT_RX_DROPPED);
	st->tx_packets = netback_stat(vif, NETBACK_STAT_TX_PACKETS);
	st->tx_bytes = netback_stat(vif, NETBACK_STAT_TX_BYTES);
	st->tx_dropped = netback_stat(vif, NETBACK_STAT_TX_DROPPED) +
			 dev->stats.tx_dropped;
}

static int netback_open(struct net_device *dev)
{
	struct netback_vif *vif = netdev_priv(dev);

	if (READ_ONCE(vif->connected))
		netif_tx_start_all_queues(dev);
	return 0;
}

static int netback_stop(struct net_device *dev)
{
	netif_tx_stop_all_queues(dev);
	return 0;
}

/*
 * A packet over ETH_DATA_LEN needs several of the guest's receive slots,
 * which only a frontend with feature-sg takes.  Before a frontend
 * connects, fe_sg is assumed (netback_vif_create()), so that the MTU can
 * be set up front, as the hotplug script or the admin does; the
 * connection checks it again (netback_connect_queues()).
 */
static int netback_change_mtu(struct net_device *dev, int mtu)
{
	struct netback_vif *vif = netdev_priv(dev);

	if (mtu > ETH_DATA_LEN && !READ_ONCE(vif->fe_sg))
		return -EINVAL;
	dev->mtu = mtu;
	return 0;
}

/* Offer dom0's stack only the offloads the frontend takes. */
static netdev_features_t netback_fix_features(struct net_device *dev,
					      netdev_features_t features)
{
	struct netback_vif *vif = netdev_priv(dev);

	if (!vif->fe_sg)
		features &= ~NETIF_F_SG;
	if (!vif->fe_gso4 || !vif->fe_sg)
		features &= ~NETIF_F_TSO;
	if (!vif->fe_gso6 || !vif->fe_sg)
		features &= ~NETIF_F_TSO6;
	if (!vif->fe_csum)
		features &= ~NETIF_F_IP_CSUM;
	if (!vif->fe_csum6)
		features &= ~NETIF_F_IPV6_CSUM;
	return features;
}

static const struct net_device_ops netback_netdev_ops = {
	.ndo_open = netback_open,
	.ndo_stop = netback_stop,
	.ndo_start_xmit = netback_start_xmit,
	.ndo_select_queue = netback_select_queue,
	.ndo_get_stats64 = netback_get_stats64,
	.ndo_change_mtu = netback_change_mtu,
	.ndo_fix_features = netback_fix_features,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/* ethtool statistics, under the upstream driver's names. */
static const struct {
	const char name[ETH_GSTRING_LEN];
	enum netback_stat stat;
} netback_ethtool_stats[] = {
	{ "rx_gso_checksum_fixup", NETBACK_STAT_RX_GSO_CSUM_FIXUP },
	{ "tx_frag_overflow", NETBACK_STAT_TX_FRAG_OVERFLOW },
};

static int netback_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(netback_ethtool_stats) :
				      -EINVAL;
}

static void netback_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(netback_ethtool_stats); i++)
		memcpy(data + i * ETH_GSTRING_LEN,
		       netback_ethtool_stats[i].name, ETH_GSTRING_LEN);
}

static void netback_get_ethtool_stats(struct net_device *dev,
				      struct ethtool_stats *stats, u64 *data)
{
	struct netback_vif *vif = netdev_priv(dev);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(netback_ethtool_stats); i++)
		data[i] = netback_stat(vif, netback_ethtool_stats[i].stat);
}

static const struct ethtool_ops netback_ethtool_ops = {
	.get_link = ethtool_op_get_link,
	.get_sset_count = netback_get_sset_count,
	.get_strings = netback_get_strings,
	.get_ethtool_stats = netback_get_ethtool_stats,
};

static void netback_fatal_work(struct work_struct *work)
{
	struct netback_vif *vif = container_of(work, struct netback_vif,
					       fatal_work);

	netif_carrier_off(vif->dev);
	xen_backend_frontend_error(vif->xdev, -EPROTO,
				   "%s disabled: the frontend broke the protocol",
				   vif->dev->name);
}

/**
 * netback_vif_fatal() - disable an interface whose frontend misbehaved
 * @vif: the interface
 * @what: what the frontend did
 *
 * Stops the data path at once (the rings are no longer read; the event
 * channels get no more EOIs, so the guest's events stop too) and takes
 * the device to Closing from process context.  dom0 and other guests are
 * not affected.
 *
 * Context: any (NAPI poll, receive thread).
 */
void netback_vif_fatal(struct netback_vif *vif, const char *what)
{
	if (xchg(&vif->disabled, true))
		return;
	net_warn_ratelimited("%s: %s: interface disabled\n", vif->dev->name,
			     what);
	schedule_work(&vif->fatal_work);
}

/**
 * netback_vif_carrier() - show the link as up or down
 * @vif: the interface
 * @on: the data path runs
 *
 * Context: process context, may sleep.
 */
void netback_vif_carrier(struct netback_vif *vif, bool on)
{
	struct net_device *dev = vif->dev;

	rtnl_lock();
	if (on) {
		netdev_update_features(dev);
		netif_carrier_on(dev);
		if (netif_running(dev))
			netif_tx_wake_all_queues(dev);
	} else {
		netif_carrier_off(dev);
		netif_tx_disable(dev);
	}
	rtnl_unlock();
}

/**
 * netback_vif_create() - create and register the net_device vifD.N
 * @xdev: the xenbus device
 * @domid: the frontend's domain
 * @handle: the interface's number in the frontend
 *
 * Context: process context, may sleep.
 * Return: the interface (in the net_device's private area), or an
 * ERR_PTR().
 */
struct netback_vif *netback_vif_create(struct xenbus_device *xdev,
				       domid_t domid, unsigned int handle)
{
	static const u8 addr[ETH_ALEN] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
	unsigned int i, nr = netback_max_queues();
	struct net_device *dev;
	struct netback_vif *vif;
	char name[IFNAMSIZ];
	int err;

	snprintf(name, sizeof(name), "vif%u.%u", domid, handle);
	dev = alloc_netdev_mq(sizeof(*vif), name, NET_NAME_PREDICTABLE,
			      ether_setup, nr);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	SET_NETDEV_DEV(dev, &xdev->dev);
	vif = netdev_priv(dev);
	vif->queues = kvcalloc(nr, sizeof(*vif->queues), GFP_KERNEL);
	if (!vif->queues) {
		free_netdev(dev);
		return ERR_PTR(-ENOMEM);
	}
	vif->max_queues = nr;
	for (i = 0; i < nr; i++) {
		vif->queues[i].vif = vif;
		vif->queues[i].index = i;
	}
	vif->xdev = xdev;
	vif->dev = dev;
	vif->domid = domid;
	vif->handle = handle;
	mutex_init(&vif->lock);
	spin_lock_init(&vif->hash_lock);
	INIT_WORK(&vif->fatal_work, netback_fatal_work);
	/* Until a frontend says otherwise: see netback_change_mtu(). */
	vif->fe_sg = true;

	dev->netdev_ops = &netback_netdev_ops;
	dev->ethtool_ops = &netback_ethtool_ops;
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_TSO | NETIF_F_TSO6;
	dev->features = dev->hw_features | NETIF_F_RXCSUM;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU - VLAN_ETH_HLEN;
	dev->tx_queue_len = 1000;
	netif_set_tso_max_size(dev, XEN_NETIF_MAX_TX_SIZE - VLAN_ETH_HLEN);
	/* Never the bridge's own address: the bridge takes the lowest. */
	eth_hw_addr_set(dev, addr);
	netif_carrier_off(dev);

	err = register_netdev(dev);
	if (err) {
		kvfree(vif->queues);
		free_netdev(dev);
		return ERR_PTR(err);
	}
	return vif;
}

/**
 * netback_vif_destroy() - unregister and free an interface's net_device
 * @vif: the interface (disconnected)
 *
 * Context: process context, may sleep.
 */
void netback_vif_destroy(struct netback_vif *vif)
{
	cancel_work_sync(&vif->fatal_work);
	unregister_netdev(vif->dev);
	kvfree(vif->queues);
	free_netdev(vif->dev);
}
