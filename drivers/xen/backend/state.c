// SPDX-License-Identifier: GPL-2.0
/*
 * xenbus state helpers for backend drivers.
 */
#define pr_fmt(fmt) "xen-backend-common: " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <xen/xenbus.h>
#include <xen/xen-backend-common.h>

/**
 * xen_backend_switch_state() - move a backend device to a new state
 * @dev: the backend device
 * @state: the new state
 *
 * Like xenbus_switch_state(), with the transition logged at debug level.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int xen_backend_switch_state(struct xenbus_device *dev,
			     enum xenbus_state state)
{
	if (dev->state == state)
		return 0;
	dev_dbg(&dev->dev, "%s -> %s\n", xenbus_strstate(dev->state),
		xenbus_strstate(state));
	return xenbus_switch_state(dev, state);
}
EXPORT_SYMBOL_GPL(xen_backend_switch_state);

/**
 * xen_backend_rewrite_state() - write the current state again
 * @dev: the backend device
 *
 * Writes the device's state node even though the state did not change, so
 * that the frontend's watch fires and it reads the backend's details again
 * (e.g. a new size after a resize).  xenbus_switch_state() does nothing
 * when the state is unchanged.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int xen_backend_rewrite_state(struct xenbus_device *dev)
{
	return xenbus_printf(XBT_NIL, dev->nodename, "state", "%d",
			     dev->state);
}
EXPORT_SYMBOL_GPL(xen_backend_rewrite_state);

/**
 * xen_backend_frontend_error() - give up on a misbehaving frontend
 * @dev: the backend device
 * @err: what went wrong, as a negative errno
 * @fmt: printf-style description
 *
 * Logs the problem (ratelimited: a guest can cause it at will) and moves
 * the device to Closing, so that the frontend disconnects.  Unlike
 * xenbus_dev_fatal(), nothing is written to xenstore but the state.
 *
 * Context: process context, may sleep.
 */
void xen_backend_frontend_error(struct xenbus_device *dev, int err,
				const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	dev_warn_ratelimited(&dev->dev, "frontend error %d: %pV\n", err, &vaf);
	va_end(args);
	xen_backend_switch_state(dev, XEN_BACKEND_STATE_CLOSING);
}
EXPORT_SYMBOL_GPL(xen_backend_frontend_error);
