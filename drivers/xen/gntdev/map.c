// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntdev: life of a set of mapped grants.
 *
 * MAP_GRANT_REF only records the grants and takes one unpopulated page for
 * each (gnttab_alloc_pages(): frames with no RAM behind them, so that Xen
 * can put the foreign pages there); the hypercall that maps them waits for
 * the first mmap(), which decides whether they are mapped read-only.  The
 * grants are unmapped when the last holder goes: the file's list (until
 * UNMAP_GRANT_REF or close), each VMA, each dma-buf export.  Then the unmap
 * notification is carried out: the byte is cleared while the page is still
 * mapped, the event is sent once it no longer is.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <uapi/xen/gntdev.h>
#include "gntdev.h"
#include "gntdev_args.h"

/**
 * gntdev_map_new() - a set of @count grants, not yet mapped
 * @count: number of grants, already checked against the limits
 *
 * Return: the map with one reference, or NULL without memory or without
 * unpopulated pages.
 */
struct gntdev_map *gntdev_map_new(unsigned int count)
{
	struct gntdev_map *map;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return NULL;
	map->domids = kvcalloc(count, sizeof(*map->domids), GFP_KERNEL);
	map->refs = kvcalloc(count, sizeof(*map->refs), GFP_KERNEL);
	map->handles = kvcalloc(count, sizeof(*map->handles), GFP_KERNEL);
	map->pages = kvcalloc(count, sizeof(*map->pages), GFP_KERNEL);
	if (!map->domids || !map->refs || !map->handles || !map->pages)
		goto err_free;
	if (gnttab_alloc_pages(count, map->pages))
		goto err_free;
	INIT_LIST_HEAD(&map->link);
	kref_init(&map->kref);
	mutex_init(&map->lock);
	map->count = count;
	return map;

err_free:
	kvfree(map->pages);
	kvfree(map->handles);
	kvfree(map->refs);
	kvfree(map->domids);
	kfree(map);
	return NULL;
}

static unsigned long gntdev_page_addr(struct page *page)
{
	return (unsigned long)pfn_to_kaddr(page_to_xen_pfn(page));
}

static u32 gntdev_map_flags(bool readonly)
{
	return GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0);
}

/*
 * Unmap the grants whose bit is set in @which (all if NULL).  Waits for
 * the pages to be free of other users (e.g. direct I/O in flight).
 * Returns false if Xen refused any unmap: those pages must not be reused.
 */
static bool gntdev_unmap_some(struct gntdev_map *map, const bool *which)
{
	struct gntab_unmap_queue_data item = {};
	struct gnttab_unmap_grant_ref *ops;
	struct page **pages;
	unsigned int i, n = 0;
	bool ok = true;

	ops = kvcalloc(map->count, sizeof(*ops), GFP_KERNEL);
	pages = kvcalloc(map->count, sizeof(*pages), GFP_KERNEL);
	if (!ops || !pages) {
		/* Cannot tell Xen: keep the pages out of use for ever. */
		ok = false;
		goto out;
	}
	for (i = 0; i < map->count; i++) {
		if (which && !which[i])
			continue;
		gnttab_set_unmap_op(&ops[n], gntdev_page_addr(map->pages[i]),
				    gntdev_map_flags(map->readonly),
				    map->handles[i]);
		pages[n++] = map->pages[i];
	}
	if (!n)
		goto out;
	item.unmap_ops = ops;
	item.pages = pages;
	item.count = n;
	if (gnttab_unmap_refs_sync(&item))
		ok = false;
	for (i = 0; i < n; i++)
		if (ops[i].status != GNTST_okay)
			ok = false;
out:
	kvfree(pages);
	kvfree(ops);
	return ok;
}

/**
 * gntdev_map_grants() - map the grants of @map, once
 * @map: the grants
 * @readonly: map them read-only
 *
 * A map already mapped read-only cannot be mapped writable again.
 *
 * Return: 0; -EPERM for writable over read-only; -EINVAL if Xen refused
 * any grant (bad domain, bad reference, no access: all are then left
 * unmapped); -ENOMEM.
 */
int gntdev_map_grants(struct gntdev_map *map, bool readonly)
{
	struct gnttab_map_grant_ref *ops;
	bool *done = NULL;
	unsigned int i;
	int rc = 0;

	mutex_lock(&map->lock);
	if (map->mapped) {
		rc = (map->readonly && !readonly) ? -EPERM : 0;
		goto out_unlock;
	}
	ops = kvcalloc(map->count, sizeof(*ops), GFP_KERNEL);
	done = kvcalloc(map->count, sizeof(*done), GFP_KERNEL);
	if (!ops || !done) {
		rc = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < map->count; i++) {
		gnttab_set_map_op(&ops[i], gntdev_page_addr(map->pages[i]),
				  gntdev_map_flags(readonly), map->refs[i],
				  map->domids[i]);
		/* Not GNTST_okay (0) until Xen says so. */
		ops[i].status = GNTST_general_error;
	}
	rc = gnttab_map_refs(ops, NULL, map->pages, map->count);
	for (i = 0; i < map->count; i++) {
		if (ops[i].status == GNTST_okay) {
			map->handles[i] = ops[i].handle;
			done[i] = true;
		} else if (!rc) {
			pr_debug_ratelimited("grant %u of domain %u: status %d\n",
					     map->refs[i], map->domids[i],
					     ops[i].status);
			rc = -EINVAL;
		}
	}
	map->readonly = readonly;
	if (rc) {
		/* All or nothing: give back the ones that were mapped. */
		if (!gntdev_unmap_some(map, done))
			pr_warn_ratelimited("could not unmap grants after a failed map\n");
		rc = rc == -ENOMEM ? rc : -EINVAL;
	} else {
		map->mapped = true;
	}
out_free:
	kvfree(done);
	kvfree(ops);
out_unlock:
	mutex_unlock(&map->lock);
	return rc;
}

static void gntdev_map_release(struct kref *kref)
{
	struct gntdev_map *map = container_of(kref, struct gntdev_map, kref);
	bool ok = true;

	if (map->mapped) {
		/* Cleared while the page is still the peer's, not after. */
		if (map->notify_action & UNMAP_NOTIFY_CLEAR_BYTE &&
		    !map->readonly) {
			u8 *p = page_address(map->pages[map->notify_offset >>
							PAGE_SHIFT]);

			p[map->notify_offset & ~PAGE_MASK] = 0;
		}
		ok = gntdev_unmap_some(map, NULL);
	}
	if (map->notify_action & UNMAP_NOTIFY_SEND_EVENT) {
		notify_remote_via_evtchn(map->notify_port);
		evtchn_put(map->notify_port);
	}
	if (ok)
		gnttab_free_pages(map->count, map->pages);
	else
		pr_warn_ratelimited("Xen refused to unmap %u grants: their pages are lost\n",
				    map->count);
	kvfree(map->pages);
	kvfree(map->handles);
	kvfree(map->refs);
	kvfree(map->domids);
	kfree(map);
}

/**
 * gntdev_map_put() - drop a reference; the last unmaps and frees
 * @map: the grants
 *
 * Sleeps: the unmap waits for the pages to be free of other users.
 */
void gntdev_map_put(struct gntdev_map *map)
{
	kref_put(&map->kref, gntdev_map_release);
}

/**
 * gntdev_find_map() - the map of a file at @index with @count grants
 * @file: the open file; the caller holds its lock
 * @index: page offset in the file
 * @count: number of grants, which must match the map's exactly
 *
 * Return: the map, or NULL.
 */
struct gntdev_map *gntdev_find_map(struct gntdev_file *file, u64 index,
				   unsigned long count)
{
	struct gntdev_map *map;

	list_for_each_entry(map, &file->maps, link)
		if (map->index == index && map->count == count)
			return map;
	return NULL;
}

long gntdev_ioctl_map(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_map_grant_ref __user *arg = uarg;
	struct ioctl_gntdev_grant_ref *grants;
	struct ioctl_gntdev_map_grant_ref op;
	struct gntdev_map *map;
	unsigned int i;
	u64 index;
	long rc;

	if (copy_from_user(&op, arg, offsetof(typeof(op), refs)))
		return -EFAULT;
	rc = gntdev_check_count(op.count, READ_ONCE(file->max_grants), 0);
	if (rc)
		return rc;

	grants = kvmalloc_array(op.count, sizeof(*grants), GFP_KERNEL);
	if (!grants)
		return -ENOMEM;
	if (copy_from_user(grants, arg->refs, op.count * sizeof(*grants))) {
		rc = -EFAULT;
		goto out_free;
	}
	for (i = 0; i < op.count; i++) {
		rc = gntdev_check_domid(grants[i].domid);
		if (rc)
			goto out_free;
	}
	map = gntdev_map_new(op.count);
	if (!map) {
		rc = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < op.count; i++) {
		map->domids[i] = grants[i].domid;
		map->refs[i] = grants[i].ref;
	}

	mutex_lock(&file->lock);
	rc = gntdev_check_count(op.count, file->max_grants, file->nr_grants);
	if (rc) {
		mutex_unlock(&file->lock);
		gntdev_map_put(map);
		goto out_free;
	}
	index = file->next_index;
	map->index = index;
	file->next_index += op.count;
	file->nr_grants += op.count;
	list_add_tail(&map->link, &file->maps);
	mutex_unlock(&file->lock);

	/* From here on another thread may unmap it: use it no more. */
	if (put_user(index << PAGE_SHIFT, &arg->index)) {
		mutex_lock(&file->lock);
		map = gntdev_find_map(file, index, op.count);
		if (map) {
			list_del_init(&map->link);
			file->nr_grants -= map->count;
		}
		mutex_unlock(&file->lock);
		if (map)
			gntdev_map_put(map);
		rc = -EFAULT;
	}
out_free:
	kvfree(grants);
	return rc;
}

long gntdev_ioctl_unmap(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_unmap_grant_ref op;
	struct gntdev_map *map;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	if (op.index & ~PAGE_MASK)
		return -EINVAL;

	mutex_lock(&file->lock);
	map = gntdev_find_map(file, op.index >> PAGE_SHIFT, op.count);
	if (map) {
		list_del_init(&map->link);
		file->nr_grants -= map->count;
	}
	mutex_unlock(&file->lock);
	if (!map)
		return -ENOENT;
	/* A VMA still mapping the grants keeps them until munmap(). */
	gntdev_map_put(map);
	return 0;
}

long gntdev_ioctl_notify(struct gntdev_file *file, void __user *uarg)
{
	struct ioctl_gntdev_unmap_notify op;
	struct gntdev_map *map, *found = NULL;
	u64 page;
	long rc;

	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	rc = gntdev_check_notify(op.action);
	if (rc)
		return rc;
	if (op.action & UNMAP_NOTIFY_SEND_EVENT) {
		/* Holds the port open until the notification is sent. */
		rc = evtchn_get(op.event_channel_port);
		if (rc)
			return rc;
	}

	page = op.index >> PAGE_SHIFT;
	mutex_lock(&file->lock);
	list_for_each_entry(map, &file->maps, link) {
		if (page >= map->index && page - map->index < map->count) {
			found = map;
			break;
		}
	}
	rc = -ENOENT;
	if (found) {
		mutex_lock(&found->lock);
		if (op.action & UNMAP_NOTIFY_CLEAR_BYTE && found->mapped &&
		    found->readonly) {
			rc = -EPERM;
		} else {
			swap(found->notify_action, op.action);
			swap(found->notify_port, op.event_channel_port);
			found->notify_offset = op.index -
					       (found->index << PAGE_SHIFT);
			rc = 0;
		}
		mutex_unlock(&found->lock);
	}
	mutex_unlock(&file->lock);
	/* On success op holds the replaced notification: drop its port. */
	if (op.action & UNMAP_NOTIFY_SEND_EVENT)
		evtchn_put(op.event_channel_port);
	return rc;
}
