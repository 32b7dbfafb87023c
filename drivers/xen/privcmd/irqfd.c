// SPDX-License-Identifier: GPL-2.0
/*
 * xen-privcmd: IOCTL_PRIVCMD_IRQFD and IOCTL_PRIVCMD_IOEVENTFD, the
 * eventfd ioctls mainline gained in 6.7 for virtio backends.
 *
 * IRQFD: whenever the eventfd is signalled, the kernel issues the dm_op
 * the caller gave at bind time (typically XEN_DMOP_set_irq_level or
 * set_isa_irq_level for the guest's virtio interrupt) without a round trip
 * through userspace.  The binding lives until it is deassigned, the
 * eventfd is closed, or the privcmd file is released.
 *
 * IOEVENTFD needs an ioreq server whose page and per-vCPU event channels
 * the kernel itself services; this module does not implement that
 * (yet): the ioctl checks its arguments and fails with EOPNOTSUPP.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <xen/xen.h>
#include <xen/interface/xen.h>
#include <xen/interface/hvm/dm_op.h>
#include <asm/xen/hypercall.h>
#include <xen/privcmd-eventfd.h>
#include "privcmd.h"

/**
 * struct privcmd_irqfd_binding - one IRQFD binding
 * @link: entry in the file's list; empty once the binding is shut down
 * @data: the file the binding belongs to
 * @ctx: the eventfd
 * @wait: our entry in the eventfd's wait queue
 * @pt: to hook @wait in through the eventfd's poll
 * @shutdown: frees the binding, outside the eventfd's wait-queue lock
 * @dom: the domain the dm_op acts on
 * @xbuf: the dm_op, pointing at @op
 * @op: a kernel copy of the caller's dm_op buffer
 */
struct privcmd_irqfd_binding {
	struct list_head link;
	struct privcmd_data *data;
	struct eventfd_ctx *ctx;
	wait_queue_entry_t wait;
	poll_table pt;
	struct work_struct shutdown;
	domid_t dom;
	struct xen_dm_op_buf xbuf;
	u8 op[];
};

static struct workqueue_struct *privcmd_irqfd_wq;

static void privcmd_irqfd_inject(struct privcmd_irqfd_binding *b)
{
	int rc;

	/* The buffer is kernel memory: no fault, fine in atomic context. */
	rc = HYPERVISOR_dm_op(b->dom, 1, &b->xbuf);
	if (rc)
		pr_warn_ratelimited("irqfd dm_op for domain %u failed: %d\n",
				    b->dom, rc);
}

static void privcmd_irqfd_shutdown(struct work_struct *work)
{
	struct privcmd_irqfd_binding *b =
		container_of(work, struct privcmd_irqfd_binding, shutdown);
	u64 cnt;

	eventfd_ctx_remove_wait_queue(b->ctx, &b->wait, &cnt);
	eventfd_ctx_put(b->ctx);
	kfree(b);
}

/* Unhook @b from its file and free it later; data->irqfd_lock held. */
static void privcmd_irqfd_deactivate(struct privcmd_irqfd_binding *b)
{
	lockdep_assert_held(&b->data->irqfd_lock);
	list_del_init(&b->link);
	queue_work(privcmd_irqfd_wq, &b->shutdown);
}

/* Called by the eventfd's wake-up, its wait-queue lock held. */
static int privcmd_irqfd_wakeup(wait_queue_entry_t *wait, unsigned int mode,
				int sync, void *key)
{
	struct privcmd_irqfd_binding *b =
		container_of(wait, struct privcmd_irqfd_binding, wait);
	__poll_t flags = key_to_poll(key);
	unsigned long irqflags;
	u64 cnt;

	if (flags & EPOLLIN) {
		eventfd_ctx_do_read(b->ctx, &cnt);
		privcmd_irqfd_inject(b);
	}
	if (flags & EPOLLHUP) {
		/* The eventfd is going away: so does the binding. */
		spin_lock_irqsave(&b->data->irqfd_lock, irqflags);
		if (!list_empty(&b->link))
			privcmd_irqfd_deactivate(b);
		spin_unlock_irqrestore(&b->data->irqfd_lock, irqflags);
	}
	return 0;
}

static void privcmd_irqfd_ptable(struct file *file, wait_queue_head_t *wqh,
				 poll_table *pt)
{
	struct privcmd_irqfd_binding *b =
		container_of(pt, struct privcmd_irqfd_binding, pt);

	add_wait_queue(wqh, &b->wait);
}

static long privcmd_irqfd_assign(struct privcmd_data *data,
				 struct privcmd_irqfd *req)
{
	struct privcmd_irqfd_binding *b, *other;
	unsigned long irqflags;
	__poll_t events;
	struct fd f;
	long rc;

	b = kzalloc(struct_size(b, op, req->size), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	if (copy_from_user(b->op, u64_to_user_ptr(req->dm_op), req->size)) {
		rc = -EFAULT;
		goto err_free;
	}
	b->data = data;
	b->dom = req->dom;
	set_xen_guest_handle(b->xbuf.h, b->op);
	b->xbuf.size = req->size;
	INIT_LIST_HEAD(&b->link);
	INIT_WORK(&b->shutdown, privcmd_irqfd_shutdown);

	f = fdget(req->fd);
	if (!f.file) {
		rc = -EBADF;
		goto err_free;
	}
	b->ctx = eventfd_ctx_fileget(f.file);
	if (IS_ERR(b->ctx)) {
		rc = PTR_ERR(b->ctx);
		goto err_fdput;
	}

	init_waitqueue_func_entry(&b->wait, privcmd_irqfd_wakeup);
	init_poll_funcptr(&b->pt, privcmd_irqfd_ptable);

	spin_lock_irqsave(&data->irqfd_lock, irqflags);
	list_for_each_entry(other, &data->irqfds, link) {
		if (other->ctx == b->ctx) {
			spin_unlock_irqrestore(&data->irqfd_lock, irqflags);
			rc = -EBUSY;
			goto err_put;
		}
	}
	list_add_tail(&b->link, &data->irqfds);
	spin_unlock_irqrestore(&data->irqfd_lock, irqflags);

	/*
	 * Hooks us in; a signal that came before is delivered at once (its
	 * count is consumed by the next wake-up).
	 */
	events = vfs_poll(f.file, &b->pt);
	if (events & EPOLLIN)
		privcmd_irqfd_inject(b);
	fdput(f);
	return 0;

err_put:
	eventfd_ctx_put(b->ctx);
err_fdput:
	fdput(f);
err_free:
	kfree(b);
	return rc;
}

static long privcmd_irqfd_deassign(struct privcmd_data *data,
				   struct privcmd_irqfd *req)
{
	struct privcmd_irqfd_binding *b;
	struct eventfd_ctx *ctx;
	unsigned long irqflags;
	long rc = -ENOENT;

	ctx = eventfd_ctx_fdget(req->fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);

	spin_lock_irqsave(&data->irqfd_lock, irqflags);
	list_for_each_entry(b, &data->irqfds, link) {
		if (b->ctx == ctx) {
			privcmd_irqfd_deactivate(b);
			rc = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&data->irqfd_lock, irqflags);
	eventfd_ctx_put(ctx);
	/* Once this returns, the dm_op is issued no more. */
	flush_workqueue(privcmd_irqfd_wq);
	return rc;
}

/**
 * privcmd_ioctl_irqfd() - IOCTL_PRIVCMD_IRQFD
 * @data: the file's state
 * @udata: user address of a struct privcmd_irqfd
 *
 * Return: 0; -EINVAL for unknown flags, non-zero padding or a dm_op of
 * bad size; -EPERM for a domain the file is restricted from; -EBUSY if the
 * eventfd is bound already; -ENOENT to deassign an unbound one; -EBADF or
 * -EINVAL for a file that is not an eventfd.
 */
long privcmd_ioctl_irqfd(struct privcmd_data *data, void __user *udata)
{
	struct privcmd_irqfd req;

	if (copy_from_user(&req, udata, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~PRIVCMD_IRQFD_FLAG_DEASSIGN || req.pad[0] ||
	    req.pad[1])
		return -EINVAL;
	if (!privcmd_may_act_on(data, req.dom))
		return -EPERM;
	if (req.flags & PRIVCMD_IRQFD_FLAG_DEASSIGN)
		return privcmd_irqfd_deassign(data, &req);
	if (!req.size || req.size > READ_ONCE(privcmd_dm_op_buf_max_size))
		return -EINVAL;
	return privcmd_irqfd_assign(data, &req);
}

/**
 * privcmd_irqfd_release_all() - drop every IRQFD binding of a file
 * @data: the file's state, about to be freed
 */
void privcmd_irqfd_release_all(struct privcmd_data *data)
{
	struct privcmd_irqfd_binding *b, *tmp;
	unsigned long irqflags;

	spin_lock_irqsave(&data->irqfd_lock, irqflags);
	list_for_each_entry_safe(b, tmp, &data->irqfds, link)
		privcmd_irqfd_deactivate(b);
	spin_unlock_irqrestore(&data->irqfd_lock, irqflags);
	flush_workqueue(privcmd_irqfd_wq);
}

/**
 * privcmd_ioctl_ioeventfd() - IOCTL_PRIVCMD_IOEVENTFD
 * @data: the file's state
 * @udata: user address of a struct privcmd_ioeventfd
 *
 * Return: -EINVAL for malformed arguments, -EPERM for a domain the file
 * is restricted from, and otherwise -EOPNOTSUPP: servicing an ioreq
 * server in the kernel is not implemented here.
 */
long privcmd_ioctl_ioeventfd(struct privcmd_data *data, void __user *udata)
{
	struct privcmd_ioeventfd req;

	if (copy_from_user(&req, udata, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~PRIVCMD_IOEVENTFD_FLAG_DEASSIGN || req.pad[0] ||
	    req.pad[1])
		return -EINVAL;
	/* A virtio-mmio notify register is 4 bytes wide. */
	if (!(req.flags & PRIVCMD_IOEVENTFD_FLAG_DEASSIGN) &&
	    (req.addr_len != 4 || !req.vcpus || !req.ioreq || !req.ports))
		return -EINVAL;
	if (!privcmd_may_act_on(data, req.dom))
		return -EPERM;
	return -EOPNOTSUPP;
}

/**
 * privcmd_irqfd_init() - set up what IRQFD needs
 *
 * Return: 0 or -ENOMEM.
 */
int privcmd_irqfd_init(void)
{
	privcmd_irqfd_wq = alloc_workqueue("privcmd-irqfd", 0, 0);
	return privcmd_irqfd_wq ? 0 : -ENOMEM;
}

/**
 * privcmd_irqfd_exit() - tear down what privcmd_irqfd_init() set up
 */
void privcmd_irqfd_exit(void)
{
	destroy_workqueue(privcmd_irqfd_wq);
}
