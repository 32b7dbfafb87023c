// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: module parameters.
 *
 * The names are those of the upstream driver, so that existing
 * configuration (modprobe.d, kernel command line) keeps working.
 */
#define pr_fmt(fmt) "xen-blkback: " fmt

#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <xen/xenbus.h>

#include "common.h"

/* Segments the protocol lets an indirect request carry. */
#define BLKBACK_INDIRECT_SEGMENTS_LIMIT \
	(BLKREQ_MAX_INDIRECT_PAGES * BLKREQ_SEGMENTS_PER_PAGE)

static unsigned int max_queues;
module_param(max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
		 "Maximum number of queues (rings) per device (0: one per online CPU)");

static unsigned int max_ring_page_order = XENBUS_MAX_RING_GRANT_ORDER;
module_param(max_ring_page_order, uint, 0644);
MODULE_PARM_DESC(max_ring_page_order,
		 "Maximum order of the number of pages of a shared ring");

static unsigned int max_indirect_segments = 256;
module_param(max_indirect_segments, uint, 0644);
MODULE_PARM_DESC(max_indirect_segments,
		 "Maximum segments of an indirect request offered to frontends (0: no indirect requests)");

static unsigned int max_buffer_pages = 1024;
module_param(max_buffer_pages, uint, 0644);
MODULE_PARM_DESC(max_buffer_pages,
		 "Maximum number of free pages kept per queue for grant mappings");

static unsigned int max_persistent_grants = 1056;
module_param(max_persistent_grants, uint, 0644);
MODULE_PARM_DESC(max_persistent_grants,
		 "Maximum number of grants kept mapped persistently per queue");

static unsigned int persistent_grant_unused_seconds = 60;
module_param(persistent_grant_unused_seconds, uint, 0644);
MODULE_PARM_DESC(persistent_grant_unused_seconds,
		 "Seconds after which an unused persistent grant is unmapped");

static bool feature_persistent = true;
module_param(feature_persistent, bool, 0644);
MODULE_PARM_DESC(feature_persistent,
		 "Offer persistent grants to frontends");

/**
 * blkback_max_queues() - queues a frontend may set up per device
 *
 * Return: the max_queues parameter, or the number of online CPUs if 0.
 */
unsigned int blkback_max_queues(void)
{
	unsigned int n = READ_ONCE(max_queues);

	return n ? n : num_online_cpus();
}

/**
 * blkback_max_ring_page_order() - largest ring-page-order offered
 *
 * Return: max_ring_page_order, at most XENBUS_MAX_RING_GRANT_ORDER.
 */
unsigned int blkback_max_ring_page_order(void)
{
	return min_t(unsigned int, READ_ONCE(max_ring_page_order),
		     XENBUS_MAX_RING_GRANT_ORDER);
}

/**
 * blkback_max_indirect_segments() - segments offered for indirect requests
 *
 * Return: max_indirect_segments, 0 or between BLKIF_MAX_SEGMENTS_PER_REQUEST
 * and what eight indirect pages can describe.
 */
unsigned int blkback_max_indirect_segments(void)
{
	unsigned int n = READ_ONCE(max_indirect_segments);

	if (!n)
		return 0;
	return clamp_t(unsigned int, n, BLKIF_MAX_SEGMENTS_PER_REQUEST,
		       BLKBACK_INDIRECT_SEGMENTS_LIMIT);
}

/**
 * blkback_max_buffer_pages() - free mapping pages kept per queue
 *
 * Return: the max_buffer_pages parameter.
 */
unsigned int blkback_max_buffer_pages(void)
{
	return READ_ONCE(max_buffer_pages);
}

/**
 * blkback_max_persistent_grants() - persistent grants kept per queue
 *
 * Return: the max_persistent_grants parameter.
 */
unsigned int blkback_max_persistent_grants(void)
{
	return READ_ONCE(max_persistent_grants);
}

/**
 * blkback_persistent_unused_jiffies() - age at which a grant is unmapped
 *
 * Return: persistent_grant_unused_seconds in jiffies.
 */
unsigned long blkback_persistent_unused_jiffies(void)
{
	return READ_ONCE(persistent_grant_unused_seconds) * HZ;
}

/**
 * blkback_feature_persistent() - whether to offer persistent grants
 *
 * Return: the feature_persistent parameter.
 */
bool blkback_feature_persistent(void)
{
	return READ_ONCE(feature_persistent);
}
