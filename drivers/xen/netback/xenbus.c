// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: the "vif" xenbus backend.
 *
 * A device is probed when the toolstack creates its backend directory: we
 * create the net_device vifD.N, offer our features and wait in InitWait.
 * The toolstack waits for InitWait, then runs the hotplug script, which
 * adds the net_device to a bridge (or whatever the setup wants) and
 * writes hotplug-status = "connected".  Once the frontend has published
 * its rings and event channels (Initialised or Connected), they are
 * mapped and the data path starts; the device becomes Connected only
 * when both that and the hotplug script are done, so that neither the
 * toolstack nor the frontend sees Connected for an interface that is not
 * plugged in yet.  A frontend that closes has its rings torn down; one
 * that starts over finds us in InitWait again, with the same net_device
 * (the script does not run again: it ran for the backend device).
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xen.h>
#include <xen/xen-backend-common.h>

#include "common.h"

static const char * const netback_features[] = {
	"feature-sg",
	"feature-gso-tcpv4",
	"feature-gso-tcpv6",
	"feature-ipv6-csum-offload",
	"feature-rx-copy",
	"feature-rx-notify",
	"feature-ctrl-ring",
};

static int netback_write_offer(struct netback_vif *vif)
{
	struct xenbus_device *xdev = vif->xdev;
	const char *node = xdev->nodename;
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(netback_features) && !err; i++)
		err = xenbus_printf(XBT_NIL, node, netback_features[i], "1");
	if (!err)
		err = xenbus_printf(XBT_NIL, node, "feature-rx-flip", "0");
	if (!err)
		err = xenbus_printf(XBT_NIL, node,
				    "feature-split-event-channels", "%d",
				    netback_separate_tx_rx_irq());
	if (!err)
		err = xenbus_printf(XBT_NIL, node, "multi-queue-max-queues",
				    "%u", vif->max_queues);
	return err;
}

static void netback_read_frontend(struct netback_vif *vif)
{
	const char *fe = vif->xdev->otherend;

	WRITE_ONCE(vif->fe_sg, xenbus_read_unsigned(fe, "feature-sg", 0));
	vif->fe_gso4 = xenbus_read_unsigned(fe, "feature-gso-tcpv4", 0);
	vif->fe_gso6 = xenbus_read_unsigned(fe, "feature-gso-tcpv6", 0);
	vif->fe_csum = !xenbus_read_unsigned(fe, "feature-no-csum-offload", 0);
	vif->fe_csum6 = xenbus_read_unsigned(fe, "feature-ipv6-csum-offload",
					     0);
	vif->tx_lim.max_slots = NETIF_NR_SLOTS_MIN;
	vif->tx_lim.fatal_slots = netback_fatal_skb_slots();
	vif->tx_lim.gso_types = 1U << NETIF_GSO_TCPV4 | 1U << NETIF_GSO_TCPV6;
	vif->tx_lim.mcast = false;
}

/* The toolstack's "rate": bytes per period in microseconds. */
static void netback_read_rate(struct netback_vif *vif, u64 *bytes,
			      unsigned long *period)
{
	unsigned long long b;
	unsigned long usec;
	char *rate;

	*bytes = 0;
	*period = 1;
	rate = xenbus_read(XBT_NIL, vif->xdev->nodename, "rate", NULL);
	if (IS_ERR(rate))
		return;
	if (sscanf(rate, "%llu,%lu", &b, &usec) == 2 && b && usec) {
		*bytes = b;
		*period = max(usecs_to_jiffies(usec), 1UL);
	} else {
		dev_warn(&vif->xdev->dev, "ignoring malformed rate \"%s\"\n",
			 rate);
	}
	kfree(rate);
}

static void netback_disconnect(struct netback_vif *vif)
{
	unsigned int i;

	if (vif->nr_queues) {
		netback_debugfs_disconnect(vif);
		WRITE_ONCE(vif->connected, false);
		netback_vif_carrier(vif, false);
		synchronize_net();
		netback_ctrl_disconnect(vif);
		for (i = 0; i < vif->nr_queues; i++)
			netback_queue_disconnect(&vif->queues[i]);
		vif->nr_queues = 0;
		/*
		 * Nothing can disable the interface any more; a disabling
		 * still queued belongs to this connection and must not take
		 * the next one to Closing.  It does not take vif->lock,
		 * which we hold.
		 */
		cancel_work_sync(&vif->fatal_work);
	}
	/* The next frontend may do scatter-gather: assume so again. */
	WRITE_ONCE(vif->fe_sg, true);
}

static int netback_connect_queues(struct netback_vif *vif)
{
	struct xenbus_device *xdev = vif->xdev;
	const char *fe = xdev->otherend;
	bool split = netback_separate_tx_rx_irq();
	unsigned long period;
	unsigned int i, nr;
	u64 bytes;
	char *dir;
	int err = 0;

	if (!xenbus_read_unsigned(fe, "request-rx-copy", 0)) {
		xen_backend_frontend_error(xdev, -EOPNOTSUPP,
					   "receive by page flipping is not supported");
		return -EOPNOTSUPP;
	}
	if (!xenbus_read_unsigned(fe, "feature-rx-notify", 0)) {
		xen_backend_frontend_error(xdev, -EOPNOTSUPP,
					   "feature-rx-notify is required");
		return -EOPNOTSUPP;
	}
	err = xen_backend_read_frontend_u32(xdev, "multi-queue-num-queues", 1,
					    &nr);
	if (err)
		return err;
	if (!nr || nr > vif->max_queues) {
		xen_backend_frontend_error(xdev, -EINVAL,
					   "%u queues requested, %u offered",
					   nr, vif->max_queues);
		return -EINVAL;
	}
	netback_read_frontend(vif);
	netback_read_rate(vif, &bytes, &period);
	WRITE_ONCE(vif->disabled, false);

	for (i = 0; i < nr; i++) {
		struct netback_queue *q = &vif->queues[i];

		q->credit_bytes = bytes;
		q->credit_jiffies = period;
		q->credit_left = bytes;
		q->tx_held = false;
		if (nr == 1)
			dir = kstrdup(fe, GFP_KERNEL);
		else
			dir = kasprintf(GFP_KERNEL, "%s/queue-%u", fe, i);
		if (!dir) {
			err = -ENOMEM;
			break;
		}
		err = netback_queue_connect(q, dir, split);
		kfree(dir);
		if (err) {
			xen_backend_frontend_error(xdev, err,
						   "connecting queue %u", i);
			break;
		}
		vif->nr_queues = i + 1;
	}
	if (err) {
		netback_disconnect(vif);
		return err;
	}

	rtnl_lock();
	err = netif_set_real_num_tx_queues(vif->dev, nr);
	/*
	 * The MTU was allowed over ETH_DATA_LEN on the assumption that the
	 * frontend does scatter-gather; this one does not, so every larger
	 * packet would be dropped.  Under the RTNL, fe_sg already updated:
	 * netback_change_mtu() cannot raise it again behind us.
	 */
	if (!err && !vif->fe_sg && vif->dev->mtu > ETH_DATA_LEN) {
		dev_warn_ratelimited(&xdev->dev,
				     "%s: MTU %u lowered to %u: the frontend does not do scatter-gather\n",
				     vif->dev->name, vif->dev->mtu,
				     ETH_DATA_LEN);
		err = dev_set_mtu(vif->dev, ETH_DATA_LEN);
	}
	rtnl_unlock();
	if (!err) {
		err = netback_ctrl_connect(vif);
		if (err)
			xen_backend_frontend_error(xdev, err,
						   "connecting the control ring");
	}
	if (err) {
		netback_disconnect(vif);
		return err;
	}
	WRITE_ONCE(vif->connected, true);
	netback_vif_carrier(vif, true);
	netback_debugfs_connect(vif);
	dev_info(&xdev->dev, "%s connected: %u queue(s)%s%s%s\n",
		 vif->dev->name, nr,
		 vif->queues[0].rx_irq ? ", split event channels" : "",
		 vif->ctrl.ring ? ", control ring" : "",
		 bytes ? ", rate limited" : "");
	return 0;
}

/*
 * Go Connected once the data path runs and the hotplug script is done,
 * whichever comes last.  Only from InitWait: a device the frontend (or a
 * misbehaving frontend's disabling) took to Closing stays there.
 */
static void netback_switch_connected(struct netback_vif *vif)
{
	struct xenbus_device *xdev = vif->xdev;
	int err;

	lockdep_assert_held(&vif->lock);
	if (!vif->nr_queues || xdev->state != XenbusStateInitWait)
		return;
	if (!vif->hp_ok) {
		dev_dbg(&xdev->dev, "%s: waiting for the hotplug script\n",
			vif->dev->name);
		return;
	}
	err = xen_backend_switch_state(xdev, XenbusStateConnected);
	if (err)
		xenbus_dev_fatal(xdev, err, "switching to Connected");
}

static void netback_try_connect(struct netback_vif *vif)
{
	struct xenbus_device *xdev = vif->xdev;

	if (vif->nr_queues || xdev->state != XenbusStateInitWait)
		return;
	if (netback_connect_queues(vif))
		return;
	netback_switch_connected(vif);
}

/*
 * The hotplug script wrote hotplug-status (the watch also fires once when
 * it is registered).  "connected" is remembered for the life of the
 * backend device; anything else ("error", or "disconnected" when the
 * script runs offline) changes nothing here: the toolstack acts on it.
 */
static void netback_hotplug_changed(struct xenbus_watch *watch,
				    const char *path, const char *token)
{
	struct netback_vif *vif = container_of(watch, struct netback_vif,
					       hp_watch);
	char *status;
	bool ok;

	status = xenbus_read(XBT_NIL, vif->xdev->nodename, "hotplug-status",
			     NULL);
	if (IS_ERR(status))
		return;	/* not written yet, or removed */
	ok = !strcmp(status, "connected");
	kfree(status);
	if (!ok)
		return;

	mutex_lock(&vif->lock);
	if (!vif->hp_ok)
		dev_dbg(&vif->xdev->dev, "%s: hotplug script done\n",
			vif->dev->name);
	vif->hp_ok = true;
	netback_switch_connected(vif);
	mutex_unlock(&vif->lock);
}

static void netback_hotplug_unwatch(struct netback_vif *vif)
{
	if (!vif->hp_watch.node)
		return;
	unregister_xenbus_watch(&vif->hp_watch);
	kfree(vif->hp_watch.node);
	vif->hp_watch.node = NULL;
}

static void netback_frontend_changed(struct xenbus_device *xdev,
				     enum xenbus_state fe_state)
{
	struct netback_vif *vif = dev_get_drvdata(&xdev->dev);
	bool unregister = false;

	/* Not bound (yet, or any more: remove clears it before freeing). */
	if (!vif)
		return;
	dev_dbg(&xdev->dev, "frontend %s, backend %s\n",
		xenbus_strstate(fe_state), xenbus_strstate(xdev->state));

	mutex_lock(&vif->lock);
	switch (fe_state) {
	case XenbusStateInitialising:
		if (xdev->state == XenbusStateClosed)
			xen_backend_switch_state(xdev, XenbusStateInitWait);
		break;
	case XenbusStateInitialised:
	case XenbusStateConnected:
		/* A frontend reconnecting without closing first. */
		if (xdev->state == XenbusStateConnected && !vif->nr_queues)
			break;
		netback_try_connect(vif);
		break;
	case XenbusStateClosing:
		netback_disconnect(vif);
		xen_backend_switch_state(xdev, XenbusStateClosing);
		break;
	case XenbusStateClosed:
		netback_disconnect(vif);
		xen_backend_switch_state(xdev, XenbusStateClosed);
		unregister = !xenbus_dev_is_online(xdev);
		break;
	case XenbusStateUnknown:
		/* The frontend is gone (its domain was destroyed). */
		netback_disconnect(vif);
		xen_backend_switch_state(xdev, XenbusStateClosed);
		unregister = true;
		break;
	default:
		break;
	}
	mutex_unlock(&vif->lock);

	if (unregister)
		device_unregister(&xdev->dev);
}

static int netback_probe(struct xenbus_device *xdev,
			 const struct xenbus_device_id *id)
{
	struct netback_vif *vif;
	unsigned int handle;
	char *script;
	int err;

	err = xenbus_scanf(XBT_NIL, xdev->nodename, "handle", "%u", &handle);
	if (err != 1) {
		xenbus_dev_fatal(xdev, err < 0 ? err : -EINVAL,
				 "reading handle");
		return err < 0 ? err : -EINVAL;
	}
	vif = netback_vif_create(xdev, xdev->otherend_id, handle);
	if (IS_ERR(vif)) {
		xenbus_dev_fatal(xdev, PTR_ERR(vif), "creating the interface");
		return PTR_ERR(vif);
	}
	/*
	 * Kept for netback_uevent(): by the time a device goes offline the
	 * toolstack may have removed the backend's directory already.
	 */
	script = xenbus_read(XBT_NIL, xdev->nodename, "script", NULL);
	if (!IS_ERR(script))
		vif->hp_script = script;
	dev_set_drvdata(&xdev->dev, vif);

	err = netback_write_offer(vif);
	if (err) {
		xenbus_dev_fatal(xdev, err, "writing features");
		goto err_destroy;
	}
	err = xen_backend_switch_state(xdev, XenbusStateInitWait);
	if (err)
		goto err_destroy;
	/*
	 * The toolstack runs the hotplug script once it sees InitWait; the
	 * watch tells us when the script is done.  On failure it has already
	 * reported the error (xenbus_dev_fatal()).
	 */
	err = xenbus_watch_pathfmt(xdev, &vif->hp_watch, NULL,
				   netback_hotplug_changed, "%s/%s",
				   xdev->nodename, "hotplug-status");
	if (err)
		goto err_destroy;
	/*
	 * For udev-driven setups (Xen's xen-backend.rules, libxl's
	 * run_hotplug_scripts=0): the rule runs the script named in the
	 * event on the net_device named in it.  libxl runs the script
	 * itself otherwise, and the rule's script then does nothing.
	 */
	err = kobject_uevent(&xdev->dev.kobj, KOBJ_ONLINE);
	if (err)
		dev_warn(&xdev->dev, "%s: online uevent failed: %d\n",
			 vif->dev->name, err);
	return 0;

err_destroy:
	dev_set_drvdata(&xdev->dev, NULL);
	kfree(vif->hp_script);
	netback_vif_destroy(vif);
	return err;
}

static void netback_remove(struct xenbus_device *xdev)
{
	struct netback_vif *vif = dev_get_drvdata(&xdev->dev);
	bool was_connected;

	if (!vif)
		return;
	/* The udev rule's script undoes what it did when we went online. */
	kobject_uevent(&xdev->dev.kobj, KOBJ_OFFLINE);
	/* Not under vif->lock: the callback takes it, and this waits for it. */
	netback_hotplug_unwatch(vif);
	mutex_lock(&vif->lock);
	was_connected = vif->nr_queues || xdev->state == XenbusStateConnected;
	netback_disconnect(vif);
	/*
	 * Unbound under a running frontend (rmmod, sysfs unbind): its rings
	 * are gone, so tell it, or it would go on sending into nothing.
	 * allow_rebind keeps the xenbus core from doing it for us.
	 */
	if (was_connected)
		xen_backend_switch_state(xdev, XenbusStateClosed);
	mutex_unlock(&vif->lock);
	/*
	 * A device bound again (module reloaded) has a new net_device that
	 * no script has plugged in yet: a stale "connected" must not let it
	 * go Connected.  Fails harmlessly when the toolstack removed the
	 * directory first.
	 */
	xenbus_rm(XBT_NIL, xdev->nodename, "hotplug-status");
	dev_set_drvdata(&xdev->dev, NULL);
	kfree(vif->hp_script);
	netback_vif_destroy(vif);
}

/*
 * Variables of the device's uevents, after the bus's XENBUS_TYPE,
 * XENBUS_PATH and XENBUS_BASE_PATH: the hotplug script and the
 * net_device it works on.  Nothing while no vif is bound.
 */
static int netback_uevent(struct xenbus_device *xdev,
			  struct kobj_uevent_env *env)
{
	struct netback_vif *vif = dev_get_drvdata(&xdev->dev);
	int err;

	if (!vif)
		return 0;
	if (vif->hp_script) {
		err = add_uevent_var(env, "script=%s", vif->hp_script);
		if (err)
			return err;
	}
	return add_uevent_var(env, "vif=%s", vif->dev->name);
}

static const struct xenbus_device_id netback_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver netback_driver = {
	.ids = netback_ids,
	.probe = netback_probe,
	.remove = netback_remove,
	.otherend_changed = netback_frontend_changed,
	.uevent = netback_uevent,
	.allow_rebind = true,
};

static int __init netback_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;
	netback_debugfs_init();
	err = xenbus_register_backend(&netback_driver);
	if (err)
		netback_debugfs_exit();
	return err;
}
module_init(netback_init);

static void __exit netback_exit(void)
{
	xenbus_unregister_driver(&netback_driver);
	netback_debugfs_exit();
}
module_exit(netback_exit);

MODULE_DESCRIPTION("Xen virtual network device backend");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
MODULE_ALIAS("xen-backend:vif");
