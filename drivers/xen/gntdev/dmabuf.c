// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntdev: the dma-buf ioctls.
 *
 * Export (DMABUF_EXP_FROM_REFS): the grants are mapped, writable, at
 * unpopulated pages like those of MAP_GRANT_REF, and those pages become a
 * dma-buf (attachable, mmap()able).  The buffer holds the grants mapped
 * until its last user releases it; EXP_WAIT_RELEASED waits for that.  The
 * in-tree driver can instead allocate a DMA-coherent buffer and grant it
 * to the peer (GNTDEV_DMA_FLAG_WC/COHERENT); the kernel we build against
 * exports no allocator for that (CONFIG_XEN_GRANT_DMA_ALLOC is off), so
 * those flags are refused with -EOPNOTSUPP.
 *
 * Import (DMABUF_IMP_TO_REFS): the buffer is attached to our device, its
 * pages granted to the peer, one reference per page.  IMP_RELEASE ends the
 * grants; while the peer still maps one it fails with -EBUSY and may be
 * repeated.  Closing the file with such grants hands them to a worker that
 * ends them (and lets the buffer go) once the peer has unmapped them.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <uapi/xen/gntdev.h>
#include "gntdev.h"
#include "gntdev_args.h"

MODULE_IMPORT_NS(DMA_BUF);

/**
 * struct gntdev_export - a dma-buf made of mapped grants
 * @link: entry in the exporting file's list; empty once released or once
 *	the file is closed
 * @kref: the dma-buf holds one, the file's list another
 * @released: completed when the dma-buf is released
 * @map: the mapped grants
 * @fd: the file descriptor handed to the exporter
 */
struct gntdev_export {
	struct list_head link;
	struct kref kref;
	struct completion released;
	struct gntdev_map *map;
	int fd;
};

/**
 * struct gntdev_import - a dma-buf granted to a peer
 * @link: entry in the file's list, or in the list of imports to end
 * @fd: the dma-buf's file descriptor at import
 * @buf: the buffer, attached and mapped for our device
 * @attach: our attachment
 * @sgt: the mapped attachment: the pages
 * @count: grant references in @refs
 * @refs: one per page; 0 once its grant has ended
 */
struct gntdev_import {
	struct list_head link;
	int fd;
	struct dma_buf *buf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	unsigned int count;
	grant_ref_t refs[];
};

/* Guards every file's export list and every export's link. */
static DEFINE_MUTEX(gntdev_dmabuf_lock);

/* Imports whose file was closed while the peer still mapped a grant. */
static LIST_HEAD(gntdev_import_orphans);
static DEFINE_MUTEX(gntdev_orphan_lock);
static void gntdev_orphan_work(struct work_struct *work);
static DECLARE_DELAYED_WORK(gntdev_orphan_dwork, gntdev_orphan_work);

static void gntdev_export_free(struct kref *kref)
{
	kfree(container_of(kref, struct gntdev_export, kref));
}

static struct sg_table *gntdev_export_map_dma(struct dma_buf_attachment *at,
					      enum dma_data_direction dir)
{
	struct gntdev_export *exp = at->dmabuf->priv;
	struct gntdev_map *map = exp->map;
	struct sg_table *sgt;
	int rc;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	rc = sg_alloc_table_from_pages(sgt, map->pages, map->count, 0,
				       (unsigned long)map->count << PAGE_SHIFT,
				       GFP_KERNEL);
	if (rc)
		goto err_free;
	rc = dma_map_sgtable(at->dev, sgt, dir, DMA_ATTR_SKIP_CPU_SYNC);
	if (rc)
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(rc);
}

static void gntdev_export_unmap_dma(struct dma_buf_attachment *at,
				    struct sg_table *sgt,
				    enum dma_data_direction dir)
{
	dma_unmap_sgtable(at->dev, sgt, dir, DMA_ATTR_SKIP_CPU_SYNC);
	sg_free_table(sgt);
	kfree(sgt);
}

static int gntdev_export_mmap(struct dma_buf *buf, struct vm_area_struct *vma)
{
	struct gntdev_export *exp = buf->priv;
	struct gntdev_map *map = exp->map;
	unsigned long i, count = vma_pages(vma);
	int rc;

	if (vma->vm_pgoff > map->count || count > map->count - vma->vm_pgoff)
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	for (i = 0; i < count; i++) {
		rc = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
				    map->pages[vma->vm_pgoff + i]);
		if (rc)
			return rc;
	}
	return 0;
}

static void gntdev_export_release(struct dma_buf *buf)
{
	struct gntdev_export *exp = buf->priv;

	gntdev_map_put(exp->map);
	mutex_lock(&gntdev_dmabuf_lock);
	complete_all(&exp->released);
	if (!list_empty(&exp->link)) {
		list_del_init(&exp->link);
		kref_put(&exp->kref, gntdev_export_free);
	}
	mutex_unlock(&gntdev_dmabuf_lock);
	kref_put(&exp->kref, gntdev_export_free);
}

static const struct dma_buf_ops gntdev_export_ops = {
	.map_dma_buf	= gntdev_export_map_dma,
	.unmap_dma_buf	= gntdev_export_unmap_dma,
	.mmap		= gntdev_export_mmap,
	.release	= gntdev_export_release,
};

/* Copy in the references of an EXP_FROM_REFS and map them. */
static struct gntdev_map *gntdev_export_grants(u32 __user *urefs, u32 count,
					       u32 domid)
{
	struct gntdev_map *map;
	unsigned int i;
	int rc;

	map = gntdev_map_new(count);
	if (!map)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(map->refs, urefs, count * sizeof(*urefs))) {
		rc = -EFAULT;
		goto err_put;
	}
	for (i = 0; i < count; i++)
		map->domids[i] = domid;
	rc = gntdev_map_grants(map, false);
	if (rc)
		goto err_put;
	return map;

err_put:
	gntdev_map_put(map);
	return ERR_PTR(rc);
}

long gntdev_ioctl_dmabuf_export(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_dmabuf_exp_from_refs __user *arg = uarg;
	struct ioctl_gntdev_dmabuf_exp_from_refs op;
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct gntdev_export *exp;
	struct gntdev_map *map;
	struct dma_buf *buf;
	long rc;
	int fd;

	if (copy_from_user(&op, arg, offsetof(typeof(op), refs)))
		return -EFAULT;
	rc = gntdev_check_dmabuf_flags(op.flags);
	if (!rc)
		rc = gntdev_check_count(op.count, READ_ONCE(file->max_grants),
					0);
	if (!rc)
		rc = gntdev_check_domid(op.domid);
	if (rc)
		return rc;

	exp = kzalloc(sizeof(*exp), GFP_KERNEL);
	if (!exp)
		return -ENOMEM;
	map = gntdev_export_grants(arg->refs, op.count, op.domid);
	if (IS_ERR(map)) {
		kfree(exp);
		return PTR_ERR(map);
	}
	INIT_LIST_HEAD(&exp->link);
	kref_init(&exp->kref);
	init_completion(&exp->released);
	exp->map = map;
	exp->fd = -1;

	info.ops = &gntdev_export_ops;
	info.size = (size_t)op.count << PAGE_SHIFT;
	info.flags = O_RDWR;
	info.priv = exp;
	buf = dma_buf_export(&info);
	if (IS_ERR(buf)) {
		gntdev_map_put(map);
		kfree(exp);
		return PTR_ERR(buf);
	}
	/* From here on the buffer's release frees map and export. */
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		dma_buf_put(buf);
		return fd;
	}
	/* Tell the caller first: a descriptor once installed is theirs. */
	if (put_user(fd, &arg->fd)) {
		put_unused_fd(fd);
		dma_buf_put(buf);
		return -EFAULT;
	}
	mutex_lock(&gntdev_dmabuf_lock);
	exp->fd = fd;
	kref_get(&exp->kref);
	list_add(&exp->link, &file->exports);
	mutex_unlock(&gntdev_dmabuf_lock);
	fd_install(fd, buf->file);
	return 0;
}

long gntdev_ioctl_dmabuf_wait(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_dmabuf_exp_wait_released op;
	struct gntdev_export *exp, *found = NULL;
	unsigned long timeout;
	long rc;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;

	mutex_lock(&gntdev_dmabuf_lock);
	list_for_each_entry(exp, &file->exports, link) {
		if (exp->fd == op.fd) {
			found = exp;
			kref_get(&found->kref);
			break;
		}
	}
	mutex_unlock(&gntdev_dmabuf_lock);
	if (!found)
		return -ENOENT;

	timeout = msecs_to_jiffies(op.wait_to_ms);
	rc = wait_for_completion_interruptible_timeout(&found->released,
						       timeout);
	kref_put(&found->kref, gntdev_export_free);
	if (!rc)
		return -ETIMEDOUT;
	return rc < 0 ? rc : 0;
}

/* End what grants of @imp can be ended; true once all have. */
static bool gntdev_import_end(struct gntdev_import *imp)
{
	bool all = true;
	unsigned int i;

	for (i = 0; i < imp->count; i++) {
		if (!imp->refs[i])
			continue;
		if (gnttab_try_end_foreign_access(imp->refs[i]))
			imp->refs[i] = 0;
		else
			all = false;
	}
	return all;
}

static void gntdev_import_free(struct gntdev_import *imp)
{
	dma_buf_unmap_attachment_unlocked(imp->attach, imp->sgt,
					  DMA_BIDIRECTIONAL);
	dma_buf_detach(imp->buf, imp->attach);
	dma_buf_put(imp->buf);
	kvfree(imp);
}

/* Grant each page of the mapped buffer to @domid. */
static int gntdev_import_grant(struct gntdev_import *imp, u32 domid)
{
	struct scatterlist *sg;
	unsigned int i, j, n = 0;
	struct page *page;
	int ref;

	for_each_sgtable_sg(imp->sgt, sg, i) {
		if (sg->offset || sg->length & ~PAGE_MASK)
			return -EINVAL;
		for (j = 0; j < sg->length >> PAGE_SHIFT; j++) {
			if (n == imp->count)
				return -EINVAL;
			page = nth_page(sg_page(sg), j);
			ref = gnttab_grant_foreign_access(domid,
							  xen_page_to_gfn(page),
							  0);
			if (ref < 0)
				return ref;
			imp->refs[n++] = ref;
		}
	}
	return n == imp->count ? 0 : -EINVAL;
}

long gntdev_ioctl_dmabuf_import(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_dmabuf_imp_to_refs __user *arg = uarg;
	struct ioctl_gntdev_dmabuf_imp_to_refs op;
	struct gntdev_import *imp;
	long rc;

	if (copy_from_user(&op, arg, offsetof(typeof(op), refs)))
		return -EFAULT;
	if (op.reserved)
		return -EINVAL;
	rc = gntdev_check_count(op.count, READ_ONCE(file->max_grants), 0);
	if (!rc)
		rc = gntdev_check_domid(op.domid);
	if (rc)
		return rc;

	imp = kvzalloc(struct_size(imp, refs, op.count), GFP_KERNEL);
	if (!imp)
		return -ENOMEM;
	imp->count = op.count;
	imp->fd = op.fd;
	imp->buf = dma_buf_get(op.fd);
	if (IS_ERR(imp->buf)) {
		rc = PTR_ERR(imp->buf);
		goto err_free;
	}
	if (imp->buf->size != (size_t)op.count << PAGE_SHIFT) {
		rc = -EINVAL;
		goto err_put;
	}
	imp->attach = dma_buf_attach(imp->buf, gntdev_device());
	if (IS_ERR(imp->attach)) {
		rc = PTR_ERR(imp->attach);
		goto err_put;
	}
	imp->sgt = dma_buf_map_attachment_unlocked(imp->attach,
						   DMA_BIDIRECTIONAL);
	if (IS_ERR(imp->sgt)) {
		rc = PTR_ERR(imp->sgt);
		goto err_detach;
	}
	rc = gntdev_import_grant(imp, op.domid);
	if (!rc && copy_to_user(arg->refs, imp->refs,
				op.count * sizeof(imp->refs[0])))
		rc = -EFAULT;
	if (rc)
		goto err_end;

	mutex_lock(&file->lock);
	list_add(&imp->link, &file->imports);
	mutex_unlock(&file->lock);
	return 0;

err_end:
	/* Nobody learnt the references: no peer can map them yet. */
	gntdev_import_end(imp);
	dma_buf_unmap_attachment_unlocked(imp->attach, imp->sgt,
					  DMA_BIDIRECTIONAL);
err_detach:
	dma_buf_detach(imp->buf, imp->attach);
err_put:
	dma_buf_put(imp->buf);
err_free:
	kvfree(imp);
	return rc;
}

long gntdev_ioctl_dmabuf_release(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_dmabuf_imp_release op;
	struct gntdev_import *imp, *found = NULL;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	if (op.reserved)
		return -EINVAL;

	mutex_lock(&file->lock);
	list_for_each_entry(imp, &file->imports, link) {
		if (imp->fd == op.fd) {
			found = imp;
			break;
		}
	}
	if (found && !gntdev_import_end(found)) {
		mutex_unlock(&file->lock);
		return -EBUSY;
	}
	if (found)
		list_del(&found->link);
	mutex_unlock(&file->lock);
	if (!found)
		return -ENOENT;
	gntdev_import_free(found);
	return 0;
}

static void gntdev_orphan_work(struct work_struct *work)
{
	struct gntdev_import *imp, *tmp;
	bool left;

	mutex_lock(&gntdev_orphan_lock);
	list_for_each_entry_safe(imp, tmp, &gntdev_import_orphans, link) {
		if (!gntdev_import_end(imp))
			continue;
		list_del(&imp->link);
		gntdev_import_free(imp);
	}
	left = !list_empty(&gntdev_import_orphans);
	mutex_unlock(&gntdev_orphan_lock);
	if (left)
		schedule_delayed_work(&gntdev_orphan_dwork, HZ);
}

/**
 * gntdev_dmabuf_file_release() - a file closes: forget its exports (the
 *	buffers live on with their users), end its imports
 * @file: the file
 */
void gntdev_dmabuf_file_release(struct gntdev_file *file)
{
	struct gntdev_export *exp, *etmp;
	struct gntdev_import *imp, *itmp;
	bool orphans = false;

	mutex_lock(&gntdev_dmabuf_lock);
	list_for_each_entry_safe(exp, etmp, &file->exports, link) {
		list_del_init(&exp->link);
		kref_put(&exp->kref, gntdev_export_free);
	}
	mutex_unlock(&gntdev_dmabuf_lock);

	list_for_each_entry_safe(imp, itmp, &file->imports, link) {
		list_del(&imp->link);
		if (gntdev_import_end(imp)) {
			gntdev_import_free(imp);
			continue;
		}
		mutex_lock(&gntdev_orphan_lock);
		list_add_tail(&imp->link, &gntdev_import_orphans);
		mutex_unlock(&gntdev_orphan_lock);
		orphans = true;
	}
	if (orphans)
		schedule_delayed_work(&gntdev_orphan_dwork, HZ);
}

/**
 * gntdev_dmabuf_exit() - module unload: stop the worker
 *
 * A buffer whose grant a peer still maps cannot be given back safely (the
 * peer would keep access to pages reused by others); it is left allocated.
 */
void gntdev_dmabuf_exit(void)
{
	struct gntdev_import *imp;

	cancel_delayed_work_sync(&gntdev_orphan_dwork);
	gntdev_orphan_work(NULL);
	cancel_delayed_work_sync(&gntdev_orphan_dwork);
	list_for_each_entry(imp, &gntdev_import_orphans, link)
		pr_warn("dma-buf of %u pages still granted: left allocated\n",
			imp->count);
}
