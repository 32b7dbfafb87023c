// SPDX-License-Identifier: GPL-2.0
/*
 * Per-device statistics of backend drivers in sysfs.
 */
#define pr_fmt(fmt) "xen-backend-common: " fmt

#include <linux/device.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <xen/xen-backend-common.h>

/**
 * xen_backend_stat_show() - sysfs show method of a statistic
 * @dev: the device
 * @attr: the attribute, embedded in a struct xen_backend_stat_attr
 * @buf: sysfs buffer
 *
 * Return: number of bytes written to @buf.
 */
ssize_t xen_backend_stat_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct xen_backend_stat_attr *sa =
		container_of(attr, struct xen_backend_stat_attr, attr);

	return sysfs_emit(buf, "%llu\n", sa->read(dev, sa->id));
}
EXPORT_SYMBOL_GPL(xen_backend_stat_show);
