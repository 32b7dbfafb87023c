// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping a frontend's (possibly multi-page) shared ring.
 */
#define pr_fmt(fmt) "xen-backend-common: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/xenbus.h>
#include <xen/backend-xs-value.h>
#include <xen/xen-backend-common.h>

MODULE_DESCRIPTION("Helpers shared by Xen backend drivers");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);

/**
 * xen_backend_read_u32() - read a number a frontend wrote into xenstore
 * @dir: the xenstore directory
 * @node: the node's name in @dir
 * @val: set to the number, only when it is valid
 *
 * Stricter than xenbus_scanf("%u"): see <xen/backend-xs-value.h>.
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOENT if the node does not exist, -EINVAL if its value is
 * not a number of 32 bits, or another negative errno from xenstore.
 */
int xen_backend_read_u32(const char *dir, const char *node, u32 *val)
{
	char *s;
	int err = 0;

	s = xenbus_read(XBT_NIL, dir, node, NULL);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (!xen_backend_parse_u32(s, val))
		err = -EINVAL;
	kfree(s);
	return err;
}
EXPORT_SYMBOL_GPL(xen_backend_read_u32);

/**
 * xen_backend_read_frontend_u32() - read a number the frontend may publish
 * @dev: the backend device
 * @node: the node's name in the frontend's directory
 * @def: the protocol's value when the frontend did not write the node
 * @val: set to the number, or to @def
 *
 * For the numbers that size a connection (ring-page-order,
 * multi-queue-num-queues): a value that is there but not a number is the
 * frontend's error, not an absent node, and takes the device to Closing.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int xen_backend_read_frontend_u32(struct xenbus_device *dev, const char *node,
				  u32 def, u32 *val)
{
	int err = xen_backend_read_u32(dev->otherend, node, val);

	if (err == -ENOENT) {
		*val = def;
		return 0;
	}
	if (err)
		xen_backend_frontend_error(dev, err, "%s is not a number", node);
	return err;
}
EXPORT_SYMBOL_GPL(xen_backend_read_frontend_u32);

static int xen_backend_read_ref(const char *dir, const char *node,
				grant_ref_t *ref)
{
	u32 v;
	int err = xen_backend_read_u32(dir, node, &v);

	if (!err)
		*ref = v;
	return err;
}

/**
 * xen_backend_map_ring() - map the shared ring a frontend granted
 * @dev: the backend device
 * @dir: xenstore directory holding the grant references (the frontend's
 *	directory or one of its queue subdirectories)
 * @name: name of the grant reference node, e.g. "ring-ref"
 * @order: the ring has 2^@order pages (the frontend's ring-page-order)
 * @vaddr: set to the address of the mapped ring
 *
 * A one-page ring is granted as @name, or as @name followed by 0; a ring of
 * 2^@order pages as @name followed by 0 .. 2^@order - 1.  The pages are
 * mapped contiguously into the kernel's address space with
 * xenbus_map_ring_valloc(), which on an auto-translated dom0 maps them into
 * unpopulated pages.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno (-EINVAL for a bad order or reference).
 */
int xen_backend_map_ring(struct xenbus_device *dev, const char *dir,
			 const char *name, unsigned int order, void **vaddr)
{
	grant_ref_t refs[XENBUS_MAX_RING_GRANTS];
	unsigned int i, nr = 1U << order;
	char node[32];
	int err;

	if (order > XENBUS_MAX_RING_GRANT_ORDER)
		return -EINVAL;

	if (order || xen_backend_read_ref(dir, name, &refs[0])) {
		for (i = 0; i < nr; i++) {
			snprintf(node, sizeof(node), "%s%u", name, i);
			err = xen_backend_read_ref(dir, node, &refs[i]);
			if (err)
				return err;
		}
	}

	return xenbus_map_ring_valloc(dev, refs, nr, vaddr);
}
EXPORT_SYMBOL_GPL(xen_backend_map_ring);

/**
 * xen_backend_unmap_ring() - unmap a ring mapped by xen_backend_map_ring()
 * @dev: the backend device
 * @vaddr: address of the ring, or NULL (nothing to do)
 *
 * Context: process context, may sleep.
 */
void xen_backend_unmap_ring(struct xenbus_device *dev, void *vaddr)
{
	if (vaddr)
		xenbus_unmap_ring_vfree(dev, vaddr);
}
EXPORT_SYMBOL_GPL(xen_backend_unmap_ring);

/**
 * xen_backend_read_evtchn() - read the event channel a frontend allocated
 * @dev: the backend device
 * @dir: xenstore directory of the frontend or of one of its queues
 * @port: set to the frontend's port ("event-channel")
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int xen_backend_read_evtchn(struct xenbus_device *dev, const char *dir,
			    evtchn_port_t *port)
{
	return xen_backend_read_port(dev, dir, "event-channel", port);
}
EXPORT_SYMBOL_GPL(xen_backend_read_evtchn);

/**
 * xen_backend_read_port() - read an event channel a frontend allocated
 * @dev: the backend device
 * @dir: xenstore directory of the frontend or of one of its queues
 * @node: name of the node, e.g. "event-channel-tx"
 * @port: set to the frontend's port
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOENT if the node does not exist, -EINVAL if it is not a
 * number, or another negative errno.
 */
int xen_backend_read_port(struct xenbus_device *dev, const char *dir,
			  const char *node, evtchn_port_t *port)
{
	u32 v;
	int err = xen_backend_read_u32(dir, node, &v);

	if (!err) {
		*port = v;
		return 0;
	}
	dev_dbg(&dev->dev, "no valid %s in %s (%d)\n", node, dir, err);
	return err;
}
EXPORT_SYMBOL_GPL(xen_backend_read_port);
