// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping a frontend's (possibly multi-page) shared ring.
 */
#define pr_fmt(fmt) "xen-backend-common: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/xenbus.h>
#include <xen/xen-backend-common.h>

MODULE_DESCRIPTION("Helpers shared by Xen backend drivers");
MODULE_LICENSE("GPL");
MODULE_VERSION(PVH_DOM0_VERSION);

static int xen_backend_read_ref(const char *dir, const char *node,
				grant_ref_t *ref)
{
	int err = xenbus_scanf(XBT_NIL, dir, node, "%u", ref);

	return err == 1 ? 0 : err < 0 ? err : -EINVAL;
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
 * Return: 0, -ENOENT if the node does not exist, or a negative errno.
 */
int xen_backend_read_port(struct xenbus_device *dev, const char *dir,
			  const char *node, evtchn_port_t *port)
{
	int err = xenbus_scanf(XBT_NIL, dir, node, "%u", port);

	if (err == 1)
		return 0;
	dev_dbg(&dev->dev, "no %s in %s\n", node, dir);
	return err < 0 ? err : -EINVAL;
}
EXPORT_SYMBOL_GPL(xen_backend_read_port);
