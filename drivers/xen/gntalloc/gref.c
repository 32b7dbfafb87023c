// SPDX-License-Identifier: GPL-2.0
/*
 * xen-gntalloc: life of a granted page.
 *
 * One global lock covers every file's list, every grant's users and
 * notification, and the count checked against the "limit" parameter.
 * A grant is created with one user (its file) and is torn down when its
 * last user goes: first the unmap notification, so that the other domain
 * learns that we are gone, then the end of foreign access, which frees the
 * page once the other domain no longer maps it.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <uapi/xen/gntalloc.h>
#include "gntalloc.h"

/* Guards the grants of every file, their users and notifications. */
DEFINE_MUTEX(gntalloc_lock);
/* Grants allocated or reserved, not yet ended; under gntalloc_lock. */
unsigned int gntalloc_nr_grefs;

/**
 * gntalloc_reserve() - count @count new grants against the limit
 * @count: grants about to be created
 *
 * Takes gntalloc_lock.
 *
 * Return: 0, or -ENOSPC if this would exceed the limit parameter.
 */
int gntalloc_reserve(u32 count)
{
	int limit = READ_ONCE(gntalloc_limit);
	int rc = 0;

	mutex_lock(&gntalloc_lock);
	if (limit < 0 || count > (unsigned int)limit ||
	    gntalloc_nr_grefs > (unsigned int)limit - count)
		rc = -ENOSPC;
	else
		gntalloc_nr_grefs += count;
	mutex_unlock(&gntalloc_lock);
	return rc;
}

/**
 * gntalloc_unreserve() - give back reservations never turned into grants
 * @count: how many; takes gntalloc_lock
 */
void gntalloc_unreserve(u32 count)
{
	mutex_lock(&gntalloc_lock);
	gntalloc_nr_grefs -= count;
	mutex_unlock(&gntalloc_lock);
}

/**
 * gntalloc_gref_new() - allocate a zeroed page and grant it
 * @domid: the domain given access
 * @readonly: grant read-only access
 * @index: byte offset of the page in its file
 *
 * The caller has reserved the grant with gntalloc_reserve(); a grant
 * returned here gives the reservation back when its last user puts it.
 * Needs no lock: the grant is private to the caller until inserted.
 *
 * Return: the grant with one user, or an ERR_PTR().
 */
struct gntalloc_gref *gntalloc_gref_new(domid_t domid, bool readonly,
					u64 index)
{
	struct gntalloc_gref *gref;
	int rc;

	gref = kzalloc(sizeof(*gref), GFP_KERNEL);
	if (!gref)
		return ERR_PTR(-ENOMEM);
	gref->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!gref->page) {
		rc = -ENOMEM;
		goto err_free;
	}
	rc = gnttab_grant_foreign_access(domid, xen_page_to_gfn(gref->page),
					 readonly);
	if (rc < 0) {
		pr_warn_ratelimited("cannot grant a page to domain %u: %d\n",
				    domid, rc);
		goto err_page;
	}
	gref->ref = rc;
	gref->index = index;
	gref->users = 1;
	INIT_LIST_HEAD(&gref->link);
	return gref;

err_page:
	__free_page(gref->page);
err_free:
	kfree(gref);
	return ERR_PTR(rc);
}

static void gntalloc_notify(struct gntalloc_gref *gref)
{
	if (gref->notify_action & UNMAP_NOTIFY_CLEAR_BYTE) {
		u8 *p = kmap_local_page(gref->page);

		p[gref->notify_offset] = 0;
		kunmap_local(p);
	}
	if (gref->notify_action & UNMAP_NOTIFY_SEND_EVENT) {
		notify_remote_via_evtchn(gref->notify_port);
		evtchn_put(gref->notify_port);
	}
	gref->notify_action = 0;
}

/**
 * gntalloc_gref_put() - drop one user of a grant; the last one ends it
 * @gref: the grant, no longer in its file's list if this is the last user
 *
 * Caller holds gntalloc_lock.
 */
void gntalloc_gref_put(struct gntalloc_gref *gref)
{
	lockdep_assert_held(&gntalloc_lock);

	if (WARN_ON_ONCE(!gref->users) || --gref->users)
		return;
	gntalloc_notify(gref);
	/* Frees the page, later if the other domain still maps it. */
	gnttab_end_foreign_access(gref->ref, gref->page);
	gntalloc_nr_grefs--;
	kfree(gref);
}

/**
 * gntalloc_insert() - add freshly allocated grants to a file
 * @file: the file
 * @grefs: list of grants with consecutive indexes, emptied here
 *
 * Keeps the file's list sorted even when allocations on the same file
 * race.  Caller holds gntalloc_lock.
 */
void gntalloc_insert(struct gntalloc_file *file, struct list_head *grefs)
{
	struct gntalloc_gref *first, *pos;

	lockdep_assert_held(&gntalloc_lock);

	if (list_empty(grefs))
		return;
	first = list_first_entry(grefs, struct gntalloc_gref, link);
	list_for_each_entry_reverse(pos, &file->grefs, link)
		if (pos->index < first->index)
			break;
	/* After a full walk, &pos->link is the list head itself. */
	list_splice_init(grefs, &pos->link);
}

/**
 * gntalloc_find() - the grants of a file at consecutive pages
 * @file: the file
 * @index: byte offset of the first page
 * @count: number of pages
 *
 * Caller holds gntalloc_lock.
 *
 * Return: the grant at @index, followed in the file's list by the grants
 * of the next @count - 1 pages; NULL if any of them is missing.
 */
struct gntalloc_gref *gntalloc_find(struct gntalloc_file *file, u64 index,
				    unsigned long count)
{
	struct gntalloc_gref *first, *gref;
	unsigned long n = 0;

	lockdep_assert_held(&gntalloc_lock);

	if (!count)
		return NULL;
	list_for_each_entry(first, &file->grefs, link) {
		if (first->index > index)
			return NULL;
		if (first->index == index)
			break;
	}
	if (list_entry_is_head(first, &file->grefs, link))
		return NULL;

	gref = first;
	list_for_each_entry_from(gref, &file->grefs, link) {
		if (gref->index != index + ((u64)n << PAGE_SHIFT))
			return NULL;
		if (++n == count)
			return first;
	}
	return NULL;
}

/**
 * gntalloc_set_notify() - set what happens when a grant goes
 * @gref: the grant
 * @action: UNMAP_NOTIFY_* flags, already checked; 0 for nothing
 * @offset: byte of the page to clear for UNMAP_NOTIFY_CLEAR_BYTE
 * @port: event channel to signal for UNMAP_NOTIFY_SEND_EVENT; must be a
 *	port bound through /dev/xen/evtchn, which we then hold a reference to
 *
 * Caller holds gntalloc_lock.
 *
 * Return: 0, or -EINVAL if @port cannot be referenced.
 */
int gntalloc_set_notify(struct gntalloc_gref *gref, u32 action,
			unsigned int offset, evtchn_port_t port)
{
	lockdep_assert_held(&gntalloc_lock);

	/* Take the new reference first: the port may be the old one. */
	if ((action & UNMAP_NOTIFY_SEND_EVENT) && evtchn_get(port))
		return -EINVAL;
	if (gref->notify_action & UNMAP_NOTIFY_SEND_EVENT)
		evtchn_put(gref->notify_port);

	gref->notify_action = action;
	gref->notify_offset = offset;
	gref->notify_port = port;
	return 0;
}
