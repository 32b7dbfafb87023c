// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: the "vbd" xenbus backend.
 *
 * A device is probed when the toolstack creates its backend directory.  We
 * offer our features and wait (InitWait) for two things, in either order:
 * the hotplug script writing physical-device (major:minor, in hex) and the
 * frontend publishing its rings (Initialised).  Then the rings are mapped,
 * the disk's properties are published and the device is Connected.  When
 * the frontend closes, the rings are torn down; a frontend that starts
 * over (Initialising) finds us in InitWait again.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include <linux/blkdev.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xen.h>
#include <xen/xen-backend-common.h>

#include "common.h"
#include "vbd_config.h"

/* Offer our features; what was offered is kept for the device's life. */
static int blkback_write_offer(struct blkback_device *be)
{
	struct xenbus_device *xdev = be->xdev;
	const char *node = xdev->nodename;
	int err;

	be->max_queues = blkback_max_queues();
	be->max_ring_order = blkback_max_ring_page_order();
	be->offer_persistent = blkback_feature_persistent();
	be->max_indirect_segments = blkback_max_indirect_segments();

	err = xenbus_printf(XBT_NIL, node, "feature-max-indirect-segments",
			    "%u", be->max_indirect_segments);
	if (!err)
		err = xenbus_printf(XBT_NIL, node, "multi-queue-max-queues",
				    "%u", be->max_queues);
	if (!err)
		err = xenbus_printf(XBT_NIL, node, "max-ring-page-order", "%u",
				    be->max_ring_order);
	if (!err)
		err = xenbus_printf(XBT_NIL, node, "feature-persistent", "%u",
				    be->offer_persistent);
	return err;
}

static int blkback_read_abi(struct blkback_device *be, enum blkreq_abi *abi)
{
	struct xenbus_device *xdev = be->xdev;
	char *proto;
	int err;

	proto = xenbus_read(XBT_NIL, xdev->otherend, "protocol", NULL);
	err = vbd_parse_protocol(IS_ERR(proto) ? NULL : proto,
				 BLKREQ_ABI_X86_64, abi);
	if (!IS_ERR(proto))
		kfree(proto);
	return err;
}

static void blkback_disconnect(struct blkback_device *be)
{
	struct blkback_queue *q;
	unsigned int i, s;

	if (!be->queues)
		return;
	for (i = 0; i < be->nr_queues; i++) {
		q = &be->queues[i];
		blkback_queue_disconnect(q);
		for (s = 0; s < BLKBACK_STAT_NR; s++)
			be->stats_base[s] += q->stats[s];
	}
	kfree(be->queues);
	be->queues = NULL;
	be->nr_queues = 0;
}

static int blkback_connect_queues(struct blkback_device *be)
{
	struct xenbus_device *xdev = be->xdev;
	const char *fe = xdev->otherend;
	unsigned int i, nr, order;
	struct blkback_queue *q;
	enum blkreq_abi abi;
	bool persistent;
	char *dir;
	int err;

	err = blkback_read_abi(be, &abi);
	if (err) {
		xen_backend_frontend_error(xdev, err, "unknown protocol");
		return err;
	}
	persistent = be->offer_persistent &&
		     xenbus_read_unsigned(fe, "feature-persistent", 0);
	err = xen_backend_read_frontend_u32(xdev, "multi-queue-num-queues", 1,
					    &nr);
	if (!err)
		err = xen_backend_read_frontend_u32(xdev, "ring-page-order", 0,
						    &order);
	if (err)
		return err;
	if (!nr || nr > be->max_queues) {
		xen_backend_frontend_error(xdev, -EINVAL,
					   "%u queues requested, %u offered",
					   nr, be->max_queues);
		return -EINVAL;
	}
	if (order > be->max_ring_order) {
		xen_backend_frontend_error(xdev, -EINVAL,
					   "ring-page-order %u requested, %u offered",
					   order, be->max_ring_order);
		return -EINVAL;
	}

	be->queues = kcalloc(nr, sizeof(*be->queues), GFP_KERNEL);
	if (!be->queues)
		return -ENOMEM;
	be->nr_queues = nr;
	for (i = 0; i < nr; i++) {
		q = &be->queues[i];
		q->be = be;
		q->index = i;
		q->persistent = persistent;
		q->max_segs = max_t(unsigned int, BLKIF_MAX_SEGMENTS_PER_REQUEST,
				    be->max_indirect_segments);
		if (nr == 1)
			dir = kstrdup(fe, GFP_KERNEL);
		else
			dir = kasprintf(GFP_KERNEL, "%s/queue-%u", fe, i);
		if (!dir) {
			err = -ENOMEM;
			break;
		}
		err = blkback_queue_connect(q, dir, order, abi);
		kfree(dir);
		if (err) {
			xen_backend_frontend_error(xdev, err,
						   "mapping ring of queue %u",
						   i);
			break;
		}
	}
	if (err) {
		blkback_disconnect(be);
		return err;
	}
	dev_info_ratelimited(&xdev->dev,
			     "connected: %u queue(s), ring order %u, %s%s\n",
			     nr, order,
			     abi == BLKREQ_ABI_X86_32 ? "x86_32" : "x86_64",
			     persistent ? ", persistent grants" : "");
	return 0;
}

/* Publish the disk's properties, in one transaction. */
static int blkback_publish_disk(struct blkback_device *be)
{
	struct xenbus_device *xdev = be->xdev;
	struct block_device *bdev = be->bdev;
	const char *node = xdev->nodename;
	struct xenbus_transaction xbt;
	unsigned int info = 0;
	bool discard = !be->readonly && bdev_max_discard_sectors(bdev);
	int err;

	if (be->readonly)
		info |= VDISK_READONLY;
	if (be->cdrom)
		info |= VDISK_CDROM;
	if (be->removable || (bdev->bd_disk->flags & GENHD_FL_REMOVABLE))
		info |= VDISK_REMOVABLE;
	be->nr_sectors = bdev_nr_sectors(bdev);

again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	err = xenbus_printf(xbt, node, "sectors", "%llu", be->nr_sectors);
	if (!err)
		err = xenbus_printf(xbt, node, "info", "%u", info);
	if (!err)
		err = xenbus_printf(xbt, node, "sector-size", "%u",
				    bdev_logical_block_size(bdev));
	if (!err)
		err = xenbus_printf(xbt, node, "physical-sector-size", "%u",
				    bdev_physical_block_size(bdev));
	if (!err)
		err = xenbus_printf(xbt, node, "feature-flush-cache", "1");
	if (!err)
		err = xenbus_printf(xbt, node, "feature-barrier", "1");
	if (!err)
		err = xenbus_printf(xbt, node, "feature-discard", "%d",
				    discard);
	if (!err && discard)
		err = xenbus_printf(xbt, node, "discard-granularity", "%u",
				    bdev_discard_granularity(bdev));
	if (!err && discard)
		err = xenbus_printf(xbt, node, "discard-alignment", "%u", 0);
	if (!err && discard)
		err = xenbus_printf(xbt, node, "discard-secure", "%d",
				    bdev_max_secure_erase_sectors(bdev) != 0);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		return err;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;
}

/* Connect once the disk is known and the frontend has set up its rings. */
static void blkback_try_connect(struct blkback_device *be)
{
	struct xenbus_device *xdev = be->xdev;
	enum xenbus_state fe_state;
	int err;

	if (!be->bdev || be->queues || xdev->state != XEN_BACKEND_STATE_INITWAIT)
		return;
	fe_state = xenbus_read_driver_state(xdev->otherend);
	if (fe_state != XEN_BACKEND_STATE_INITIALISED &&
	    fe_state != XEN_BACKEND_STATE_CONNECTED)
		return;

	err = blkback_connect_queues(be);
	if (err)
		return;
	err = blkback_publish_disk(be);
	if (err) {
		xenbus_dev_fatal(xdev, err, "publishing disk properties");
		blkback_disconnect(be);
		return;
	}
	err = xen_backend_switch_state(xdev, XEN_BACKEND_STATE_CONNECTED);
	if (err)
		xenbus_dev_fatal(xdev, err, "switching to Connected");
}

/**
 * blkback_check_resize() - tell the frontend about a new disk size
 * @be: the device
 *
 * If the backing device's size changed since it was published, publish the
 * new size and write our (unchanged) state again, which makes the frontend
 * read the size again.
 *
 * Context: the thread of the device's first queue.
 */
void blkback_check_resize(struct blkback_device *be)
{
	struct xenbus_device *xdev = be->xdev;
	u64 size = bdev_nr_sectors(be->bdev);
	int err;

	if (size == READ_ONCE(be->nr_sectors) ||
	    xdev->state != XEN_BACKEND_STATE_CONNECTED)
		return;
	err = xenbus_printf(XBT_NIL, xdev->nodename, "sectors", "%llu", size);
	if (!err)
		err = xen_backend_rewrite_state(xdev);
	if (err) {
		dev_warn_ratelimited(&xdev->dev,
				     "publishing new size failed: %d\n", err);
		return;
	}
	dev_info(&xdev->dev, "size changed from %llu to %llu sectors\n",
		 be->nr_sectors, size);
	WRITE_ONCE(be->nr_sectors, size);
}

/* A node of our own directory, or NULL when it is absent. */
static char *blkback_read_node(struct blkback_device *be, const char *node)
{
	char *val = xenbus_read(XBT_NIL, be->xdev->nodename, node, NULL);

	return IS_ERR(val) ? NULL : val;
}

static int blkback_open_disk(struct blkback_device *be, dev_t devt)
{
	struct xenbus_device *xdev = be->xdev;
	struct block_device *bdev;
	char *val;

	val = blkback_read_node(be, "mode");
	if (!val)
		return -ENOENT;
	be->readonly = !vbd_mode_writable(val);
	kfree(val);

	val = blkback_read_node(be, "device-type");
	be->cdrom = vbd_is_cdrom(val);
	kfree(val);
	val = blkback_read_node(be, "removable");
	be->removable = vbd_flag_set(val);
	kfree(val);

	be->mode = FMODE_READ | (be->readonly ? 0 : FMODE_WRITE);
	bdev = blkdev_get_by_dev(devt, be->mode, NULL);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	be->bdev = bdev;
	be->devt = devt;
	/* Writes to a read-only disk would only fail, noisily, below us. */
	be->readonly |= bdev_read_only(bdev);
	val = blkback_read_node(be, "params");
	dev_info(&xdev->dev, "backing device %u:%u (%s), %s%s%s\n",
		 MAJOR(devt), MINOR(devt), val ? val : "no params",
		 be->readonly ? "read-only" : "read-write",
		 be->cdrom ? ", cdrom" : "", be->removable ? ", removable" : "");
	kfree(val);
	return 0;
}

static void blkback_close_disk(struct blkback_device *be)
{
	if (!be->bdev)
		return;
	blkdev_put(be->bdev, be->mode);
	be->bdev = NULL;
}

/* The hotplug script wrote (or changed) physical-device. */
static void blkback_physical_device_changed(struct xenbus_watch *watch,
					    const char *path,
					    const char *token)
{
	struct blkback_device *be =
		container_of(watch, struct blkback_device, backend_watch);
	struct xenbus_device *xdev = be->xdev;
	u32 major, minor;
	dev_t devt;
	char *val;
	int err;

	val = blkback_read_node(be, "physical-device");
	if (!val)
		return;	/* not yet written */
	err = vbd_parse_physical_device(val, &major, &minor);
	kfree(val);
	if (err) {
		xenbus_dev_fatal(xdev, err, "bad physical-device");
		return;
	}
	devt = MKDEV(major, minor);

	mutex_lock(&be->lock);
	if (be->bdev) {
		if (be->devt != devt)
			xenbus_dev_error(xdev, -EBUSY,
					 "changing physical-device is not supported");
		goto out;
	}
	err = blkback_open_disk(be, devt);
	if (err) {
		xenbus_dev_fatal(xdev, err, "opening device %x:%x", major,
				 minor);
		goto out;
	}
	blkback_try_connect(be);
out:
	mutex_unlock(&be->lock);
}

static void blkback_frontend_changed(struct xenbus_device *xdev,
				     enum xenbus_state fe_state)
{
	struct blkback_device *be = dev_get_drvdata(&xdev->dev);
	bool unregister = false;

	dev_dbg(&xdev->dev, "frontend %s, backend %s\n",
		xenbus_strstate(fe_state), xenbus_strstate(xdev->state));

	mutex_lock(&be->lock);
	switch (fe_state) {
	case XEN_BACKEND_STATE_INITIALISING:
		if (xdev->state == XEN_BACKEND_STATE_CLOSED)
			xen_backend_switch_state(xdev, XEN_BACKEND_STATE_INITWAIT);
		break;
	case XEN_BACKEND_STATE_INITIALISED:
	case XEN_BACKEND_STATE_CONNECTED:
		blkback_try_connect(be);
		break;
	case XEN_BACKEND_STATE_CLOSING:
		blkback_disconnect(be);
		xen_backend_switch_state(xdev, XEN_BACKEND_STATE_CLOSING);
		break;
	case XEN_BACKEND_STATE_CLOSED:
		blkback_disconnect(be);
		xen_backend_switch_state(xdev, XEN_BACKEND_STATE_CLOSED);
		unregister = !xenbus_dev_is_online(xdev);
		break;
	case XEN_BACKEND_STATE_UNKNOWN:
		/* The frontend is gone (its domain was destroyed). */
		blkback_disconnect(be);
		xen_backend_switch_state(xdev, XEN_BACKEND_STATE_CLOSED);
		unregister = true;
		break;
	default:
		break;
	}
	mutex_unlock(&be->lock);

	if (unregister)
		device_unregister(&xdev->dev);
}

static int blkback_probe(struct xenbus_device *xdev,
			 const struct xenbus_device_id *id)
{
	struct blkback_device *be;
	int err;

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be)
		return -ENOMEM;
	be->xdev = xdev;
	mutex_init(&be->lock);
	dev_set_drvdata(&xdev->dev, be);

	err = blkback_write_offer(be);
	if (err) {
		xenbus_dev_fatal(xdev, err, "writing features");
		goto err_free;
	}
	err = blkback_sysfs_add(be);
	if (err)
		goto err_free;

	err = xenbus_watch_pathfmt(xdev, &be->backend_watch, NULL,
				   blkback_physical_device_changed, "%s/%s",
				   xdev->nodename, "physical-device");
	if (err)
		goto err_sysfs;
	be->watching = true;

	err = xen_backend_switch_state(xdev, XEN_BACKEND_STATE_INITWAIT);
	if (err)
		goto err_watch;
	return 0;

err_watch:
	unregister_xenbus_watch(&be->backend_watch);
	kfree(be->backend_watch.node);
	be->watching = false;
err_sysfs:
	blkback_sysfs_remove(be);
err_free:
	dev_set_drvdata(&xdev->dev, NULL);
	kfree(be);
	return err;
}

static void blkback_remove(struct xenbus_device *xdev)
{
	struct blkback_device *be = dev_get_drvdata(&xdev->dev);

	if (!be)
		return;
	blkback_sysfs_remove(be);
	if (be->watching) {
		unregister_xenbus_watch(&be->backend_watch);
		kfree(be->backend_watch.node);
		be->watching = false;
	}
	mutex_lock(&be->lock);
	blkback_disconnect(be);
	blkback_close_disk(be);
	mutex_unlock(&be->lock);
	dev_set_drvdata(&xdev->dev, NULL);
	kfree(be);
}

static const struct xenbus_device_id blkback_ids[] = {
	{ "vbd" },
	{ "" }
};

static struct xenbus_driver blkback_driver = {
	.ids = blkback_ids,
	.probe = blkback_probe,
	.remove = blkback_remove,
	.otherend_changed = blkback_frontend_changed,
	.allow_rebind = true,
};

static int __init blkback_init(void)
{
	if (!xen_domain())
		return -ENODEV;
	return xenbus_register_backend(&blkback_driver);
}
module_init(blkback_init);

static void __exit blkback_exit(void)
{
	xenbus_unregister_driver(&blkback_driver);
}
module_exit(blkback_exit);

MODULE_DESCRIPTION("Xen virtual block device backend");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);
MODULE_ALIAS("xen-backend:vbd");
