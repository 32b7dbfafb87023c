// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: sysfs files of a device, on its xenbus device: the
 * statistics/ group (names as in the upstream driver) and the backing
 * device's number and mode.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include <linux/device.h>
#include <linux/kdev_t.h>
#include <linux/sysfs.h>
#include <xen/xen-backend-common.h>

#include "common.h"

/* Statistics of the device: those of torn-down queues plus live ones. */
static u64 blkback_stat_read(struct device *dev, unsigned int id)
{
	struct blkback_device *be = dev_get_drvdata(dev);
	unsigned int i;
	u64 v;

	mutex_lock(&be->lock);
	v = be->stats_base[id];
	for (i = 0; i < be->nr_queues; i++)
		v += READ_ONCE(be->queues[i].stats[id]);
	mutex_unlock(&be->lock);
	return v;
}

static XEN_BACKEND_STAT_ATTR(oo_req, blkback_stat_read, BLKBACK_STAT_OO_REQ);
static XEN_BACKEND_STAT_ATTR(rd_req, blkback_stat_read, BLKBACK_STAT_RD_REQ);
static XEN_BACKEND_STAT_ATTR(wr_req, blkback_stat_read, BLKBACK_STAT_WR_REQ);
static XEN_BACKEND_STAT_ATTR(f_req, blkback_stat_read, BLKBACK_STAT_F_REQ);
static XEN_BACKEND_STAT_ATTR(ds_req, blkback_stat_read, BLKBACK_STAT_DS_REQ);
static XEN_BACKEND_STAT_ATTR(rd_sect, blkback_stat_read,
			     BLKBACK_STAT_RD_SECT);
static XEN_BACKEND_STAT_ATTR(wr_sect, blkback_stat_read,
			     BLKBACK_STAT_WR_SECT);

static struct attribute *blkback_stat_attrs[] = {
	&xen_backend_stat_attr_oo_req.attr.attr,
	&xen_backend_stat_attr_rd_req.attr.attr,
	&xen_backend_stat_attr_wr_req.attr.attr,
	&xen_backend_stat_attr_f_req.attr.attr,
	&xen_backend_stat_attr_ds_req.attr.attr,
	&xen_backend_stat_attr_rd_sect.attr.attr,
	&xen_backend_stat_attr_wr_sect.attr.attr,
	NULL
};

static const struct attribute_group blkback_stat_group = {
	.name = "statistics",
	.attrs = blkback_stat_attrs,
};

static ssize_t physical_device_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct blkback_device *be = dev_get_drvdata(dev);
	ssize_t ret;

	mutex_lock(&be->lock);
	ret = sysfs_emit(buf, "%x:%x\n", MAJOR(be->devt), MINOR(be->devt));
	mutex_unlock(&be->lock);
	return ret;
}
static DEVICE_ATTR_RO(physical_device);

static ssize_t mode_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct blkback_device *be = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", be->readonly ? "r" : "w");
}
static DEVICE_ATTR_RO(mode);

static struct attribute *blkback_info_attrs[] = {
	&dev_attr_physical_device.attr,
	&dev_attr_mode.attr,
	NULL
};

static const struct attribute_group blkback_info_group = {
	.attrs = blkback_info_attrs,
};

static const struct attribute_group *blkback_groups[] = {
	&blkback_info_group,
	&blkback_stat_group,
	NULL
};

/**
 * blkback_sysfs_add() - create the device's sysfs files
 * @be: the device
 *
 * Return: 0 or a negative errno.
 */
int blkback_sysfs_add(struct blkback_device *be)
{
	return sysfs_create_groups(&be->xdev->dev.kobj, blkback_groups);
}

/**
 * blkback_sysfs_remove() - remove the device's sysfs files
 * @be: the device
 *
 * Waits for readers in progress, so the device may be freed afterwards.
 */
void blkback_sysfs_remove(struct blkback_device *be)
{
	sysfs_remove_groups(&be->xdev->dev.kobj, blkback_groups);
}
