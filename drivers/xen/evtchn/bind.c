// SPDX-License-Identifier: GPL-2.0
/*
 * xen-evtchn: binding ports to a user, and the ioctls of /dev/xen/evtchn.
 *
 * A port is created (or found) with an event channel hypercall, then bound
 * to a Linux IRQ with late EOI.  When it fires the handler queues the port
 * on the user's ring and leaves the event un-EOI'd, so Xen keeps the port
 * masked; userspace writing the port back sends the EOI.  Ports are made
 * reference counted so that gntdev and gntalloc can hold one for their
 * unmap notifications (evtchn_get()) past our own unbind.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/events.h>
#include <xen/xen-ops.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/xen.h>
#include <asm/xen/hypercall.h>
/* The uapi header uses domid_t; <xen/interface/xen.h> defines it. */
#include <uapi/xen/evtchn.h>
#include "evtchn.h"

static irqreturn_t evtchn_interrupt(int irq, void *data)
{
	struct evtchn_binding *b = data;

	/* No EOI here: the port stays masked until userspace writes it. */
	WRITE_ONCE(b->enabled, false);
	evtchn_ring_push(&b->user->ring, b->port);
	return IRQ_HANDLED;
}

static void evtchn_close_port(evtchn_port_t port)
{
	struct evtchn_close close = { .port = port };

	if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close))
		pr_warn_ratelimited("cannot close port %u\n", port);
}

/*
 * A failed bind_evtchn_to_irqhandler_lateeoi() may or may not have closed
 * the port already, depending on where it failed: close it only if open.
 */
static void evtchn_close_port_if_open(evtchn_port_t port)
{
	struct evtchn_status status = { .dom = DOMID_SELF, .port = port };

	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &status) ||
	    status.status != EVTCHNSTAT_closed)
		evtchn_close_port(port);
}

/*
 * Bind a port fresh from a hypercall to @u.  On failure the port is closed,
 * so that the caller has nothing left to undo.
 */
static int evtchn_attach(struct evtchn_user *u, evtchn_port_t port)
{
	struct evtchn_binding *b;
	int rc;

	lockdep_assert_held(&u->lock);

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		rc = -ENOMEM;
		goto err_close;
	}
	b->user = u;
	b->port = port;
	b->enabled = true;

	rc = evtchn_ring_reserve(&u->ring, u->nr_ports + 1);
	if (rc)
		goto err_free;
	rc = xa_insert(&u->ports, port, b, GFP_KERNEL);
	if (rc)
		goto err_free;

	rc = bind_evtchn_to_irqhandler_lateeoi(port, evtchn_interrupt,
					       IRQF_SHARED, u->name, b);
	if (rc < 0)
		goto err_irq;
	b->irq = rc;

	rc = evtchn_make_refcounted(port);
	if (rc)
		goto err_unbind;

	u->nr_ports++;
	return 0;

err_unbind:
	/* Closes the port too. */
	unbind_from_irqhandler(b->irq, b);
	xa_erase(&u->ports, port);
	kfree(b);
	return rc;
err_irq:
	xa_erase(&u->ports, port);
	kfree(b);
	evtchn_close_port_if_open(port);
	return rc;
err_free:
	kfree(b);
err_close:
	evtchn_close_port(port);
	return rc;
}

/* Unbind and close one port of @u. */
static void evtchn_detach(struct evtchn_user *u, struct evtchn_binding *b)
{
	xa_erase(&u->ports, b->port);
	/*
	 * free_irq() waits for a running handler; the port is closed once
	 * no gntdev/gntalloc notification holds a reference to it any more.
	 */
	unbind_from_irqhandler(b->irq, b);
	u->nr_ports--;
	kfree(b);
}

static int evtchn_check_room(struct evtchn_user *u)
{
	if (u->nr_ports < READ_ONCE(evtchn_max_user_ports))
		return 0;
	pr_warn_ratelimited("%s: limit of %u bound ports reached\n",
			    u->name, u->nr_ports);
	return -ENOSPC;
}

static long evtchn_bind_virq(struct evtchn_user *u, void __user *arg)
{
	struct ioctl_evtchn_bind_virq op;
	struct evtchn_bind_virq bind;
	int rc;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	/* VIRQs are not for a user restricted to one guest's channels. */
	if (u->restricted)
		return -EACCES;
	rc = evtchn_check_room(u);
	if (rc)
		return rc;

	bind.virq = op.virq;
	bind.vcpu = xen_vcpu_nr(0);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
	if (rc)
		return rc;
	return evtchn_attach(u, bind.port) ?: bind.port;
}

static long evtchn_bind_interdomain(struct evtchn_user *u, void __user *arg)
{
	struct ioctl_evtchn_bind_interdomain op;
	struct evtchn_bind_interdomain bind;
	int rc;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if (u->restricted && op.remote_domain != u->restrict_domid)
		return -EACCES;
	if (op.remote_domain > U16_MAX)
		return -EINVAL;
	rc = evtchn_check_room(u);
	if (rc)
		return rc;

	bind.remote_dom = op.remote_domain;
	bind.remote_port = op.remote_port;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind);
	if (rc)
		return rc;
	return evtchn_attach(u, bind.local_port) ?: bind.local_port;
}

static long evtchn_bind_unbound(struct evtchn_user *u, void __user *arg)
{
	struct ioctl_evtchn_bind_unbound_port op;
	struct evtchn_alloc_unbound alloc;
	int rc;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	/* A restricted user may only connect to ports the guest offers. */
	if (u->restricted)
		return -EACCES;
	if (op.remote_domain > U16_MAX)
		return -EINVAL;
	rc = evtchn_check_room(u);
	if (rc)
		return rc;

	alloc.dom = DOMID_SELF;
	alloc.remote_dom = op.remote_domain;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc);
	if (rc)
		return rc;
	return evtchn_attach(u, alloc.port) ?: alloc.port;
}

/* Find a port of @u named by userspace: -EINVAL if no such port exists. */
static struct evtchn_binding *evtchn_lookup(struct evtchn_user *u,
					    unsigned int port)
{
	struct evtchn_binding *b;

	if (port >= xen_evtchn_nr_channels())
		return ERR_PTR(-EINVAL);
	b = xa_load(&u->ports, port);
	return b ?: ERR_PTR(-ENOTCONN);
}

static long evtchn_unbind(struct evtchn_user *u, void __user *arg)
{
	struct ioctl_evtchn_unbind op;
	struct evtchn_binding *b;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	b = evtchn_lookup(u, op.port);
	if (IS_ERR(b))
		return PTR_ERR(b);
	evtchn_detach(u, b);
	return 0;
}

static long evtchn_notify(struct evtchn_user *u, void __user *arg)
{
	struct ioctl_evtchn_notify op;
	struct evtchn_binding *b;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	b = evtchn_lookup(u, op.port);
	if (IS_ERR(b))
		return PTR_ERR(b);
	notify_remote_via_evtchn(b->port);
	return 0;
}

static long evtchn_restrict(struct evtchn_user *u, void __user *arg)
{
	struct ioctl_evtchn_restrict_domid op;

	/* Once restricted, for the life of the file. */
	if (u->restricted)
		return -EACCES;
	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	/* A guest's domain, as for a deprivileged device model: not dom0. */
	if (!op.domid || op.domid >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	u->restrict_domid = op.domid;
	u->restricted = true;
	return 0;
}

static long evtchn_reset(struct evtchn_user *u)
{
	mutex_lock(&u->read_lock);
	evtchn_ring_reset(&u->ring);
	mutex_unlock(&u->read_lock);
	return 0;
}

/**
 * evtchn_ioctl() - the ioctls of /dev/xen/evtchn
 * @file: an open /dev/xen/evtchn
 * @cmd: IOCTL_EVTCHN_*
 * @arg: user pointer to the command's structure
 *
 * Return: for the BIND ioctls the new local port, else 0; or a negative
 * errno: -EFAULT, -EACCES (restricted, or restricted twice), -EINVAL (bad
 * domain, port out of range), -ENOTCONN (port not bound by this file),
 * -ENOSPC (max_user_ports), -ENOTTY (unknown command) or a hypercall's error.
 */
long evtchn_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct evtchn_user *u = file->private_data;
	void __user *uarg = (void __user *)arg;
	long rc;

	if (cmd == IOCTL_EVTCHN_RESET)
		return evtchn_reset(u);

	mutex_lock(&u->lock);
	switch (cmd) {
	case IOCTL_EVTCHN_BIND_VIRQ:
		rc = evtchn_bind_virq(u, uarg);
		break;
	case IOCTL_EVTCHN_BIND_INTERDOMAIN:
		rc = evtchn_bind_interdomain(u, uarg);
		break;
	case IOCTL_EVTCHN_BIND_UNBOUND_PORT:
		rc = evtchn_bind_unbound(u, uarg);
		break;
	case IOCTL_EVTCHN_UNBIND:
		rc = evtchn_unbind(u, uarg);
		break;
	case IOCTL_EVTCHN_NOTIFY:
		rc = evtchn_notify(u, uarg);
		break;
	case IOCTL_EVTCHN_RESTRICT_DOMID:
		rc = evtchn_restrict(u, uarg);
		break;
	default:
		/*
		 * Upstream's says ENOSYS; ENOTTY is the ioctl convention and
		 * what the other /dev/xen devices say (admin guide).
		 */
		rc = -ENOTTY;
		break;
	}
	mutex_unlock(&u->lock);
	return rc;
}

/**
 * evtchn_reenable() - EOI a port userspace has handed back
 * @u: the user
 * @port: a port written to the device; ignored unless @u bound it and it
 *	fired since it was last enabled
 */
void evtchn_reenable(struct evtchn_user *u, evtchn_port_t port)
{
	struct evtchn_binding *b;

	lockdep_assert_held(&u->lock);

	b = xa_load(&u->ports, port);
	if (!b || READ_ONCE(b->enabled))
		return;
	WRITE_ONCE(b->enabled, true);
	xen_irq_lateeoi(b->irq, 0);
}

/**
 * evtchn_unbind_all() - unbind and close every port of a user
 * @u: the user, whose file is being released
 */
void evtchn_unbind_all(struct evtchn_user *u)
{
	struct evtchn_binding *b;
	unsigned long port;

	mutex_lock(&u->lock);
	xa_for_each(&u->ports, port, b)
		evtchn_detach(u, b);
	mutex_unlock(&u->lock);
}
