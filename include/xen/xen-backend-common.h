/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the backend drivers of a PVH dom0 (xen-backend-common):
 * mapping a frontend's shared ring, xenbus state changes and per-device
 * statistics in sysfs.  The checks of a ring's untrusted indices are pure
 * and live in <xen/backend-ring-check.h>.
 */
#ifndef _XEN_XEN_BACKEND_COMMON_H
#define _XEN_XEN_BACKEND_COMMON_H

#include <linux/device.h>
#include <linux/types.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/io/xenbus.h>

struct xenbus_device;

/*
 * The xenbus states (enum xenbus_state of <xen/interface/io/xenbus.h>),
 * under kernel-style names.  The values are part of the xenstore protocol
 * and never change.
 */
#define XEN_BACKEND_STATE_UNKNOWN	((enum xenbus_state)0)
#define XEN_BACKEND_STATE_INITIALISING	((enum xenbus_state)1)
#define XEN_BACKEND_STATE_INITWAIT	((enum xenbus_state)2)
#define XEN_BACKEND_STATE_INITIALISED	((enum xenbus_state)3)
#define XEN_BACKEND_STATE_CONNECTED	((enum xenbus_state)4)
#define XEN_BACKEND_STATE_CLOSING	((enum xenbus_state)5)
#define XEN_BACKEND_STATE_CLOSED	((enum xenbus_state)6)

int xen_backend_map_ring(struct xenbus_device *dev, const char *dir,
			 const char *name, unsigned int order, void **vaddr);
void xen_backend_unmap_ring(struct xenbus_device *dev, void *vaddr);
int xen_backend_read_u32(const char *dir, const char *node, u32 *val);
int xen_backend_read_frontend_u32(struct xenbus_device *dev, const char *node,
				  u32 def, u32 *val);
int xen_backend_read_evtchn(struct xenbus_device *dev, const char *dir,
			    evtchn_port_t *port);
int xen_backend_read_port(struct xenbus_device *dev, const char *dir,
			  const char *node, evtchn_port_t *port);
int xen_backend_switch_state(struct xenbus_device *dev,
			     enum xenbus_state state);
int xen_backend_rewrite_state(struct xenbus_device *dev);
__printf(3, 4)
void xen_backend_frontend_error(struct xenbus_device *dev, int err,
				const char *fmt, ...);

/**
 * struct xen_backend_stat_attr - a read-only statistic in sysfs
 * @attr: the device attribute (shown by xen_backend_stat_show())
 * @read: returns the current value of statistic @id of a device
 * @id: which statistic, as understood by @read
 */
struct xen_backend_stat_attr {
	struct device_attribute attr;
	u64 (*read)(struct device *dev, unsigned int id);
	unsigned int id;
};

/**
 * XEN_BACKEND_STAT_ATTR() - define a statistic attribute
 * @_name: file name in sysfs
 * @_read: function returning the value of statistic @_id of a device
 * @_id: which statistic
 *
 * Defines xen_backend_stat_attr_@_name; put its .attr.attr in an attribute
 * group.
 */
#define XEN_BACKEND_STAT_ATTR(_name, _read, _id)			\
	struct xen_backend_stat_attr xen_backend_stat_attr_##_name = {	\
		.attr = __ATTR(_name, 0444, xen_backend_stat_show, NULL), \
		.read = (_read),					\
		.id = (_id),						\
	}

ssize_t xen_backend_stat_show(struct device *dev,
			      struct device_attribute *attr, char *buf);

#endif /* _XEN_XEN_BACKEND_COMMON_H */
