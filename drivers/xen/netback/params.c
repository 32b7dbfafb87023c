// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: module parameters.
 *
 * The names are those of the upstream driver, so that existing
 * configuration (modprobe.d, kernel command line) keeps working.
 */
#define pr_fmt(fmt) "xen-netback: " fmt

#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>

#include "common.h"

static unsigned int max_queues;
module_param(max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
		 "Maximum number of queues per virtual interface (0: one per online CPU)");

static bool separate_tx_rx_irq = true;
module_param(separate_tx_rx_irq, bool, 0644);
MODULE_PARM_DESC(separate_tx_rx_irq,
		 "Offer frontends separate event channels for transmit and receive");

static unsigned int fatal_skb_slots = 20;
module_param(fatal_skb_slots, uint, 0444);
MODULE_PARM_DESC(fatal_skb_slots,
		 "Slots in one packet beyond which a frontend is considered malicious and its interface disabled");

static unsigned int rx_drain_timeout_msecs = 10000;
module_param(rx_drain_timeout_msecs, uint, 0444);
MODULE_PARM_DESC(rx_drain_timeout_msecs,
		 "Milliseconds after which packets the guest does not take are dropped");

/**
 * netback_max_queues() - queues a frontend may set up per interface
 *
 * Return: the max_queues parameter, or the number of online CPUs if 0.
 */
unsigned int netback_max_queues(void)
{
	unsigned int n = READ_ONCE(max_queues);

	return n ? n : num_online_cpus();
}

/**
 * netback_separate_tx_rx_irq() - whether to offer split event channels
 *
 * Return: the separate_tx_rx_irq parameter.
 */
bool netback_separate_tx_rx_irq(void)
{
	return READ_ONCE(separate_tx_rx_irq);
}

/**
 * netback_fatal_skb_slots() - slot count of a malicious packet
 *
 * Return: fatal_skb_slots, between the protocol's minimum and
 * NETIF_TX_SLOTS_CAP.
 */
unsigned int netback_fatal_skb_slots(void)
{
	return clamp_t(unsigned int, READ_ONCE(fatal_skb_slots),
		       NETIF_NR_SLOTS_MIN, NETIF_TX_SLOTS_CAP);
}

/**
 * netback_rx_drain_jiffies() - age at which undelivered packets are dropped
 *
 * Return: rx_drain_timeout_msecs in jiffies (at least 1).
 */
unsigned long netback_rx_drain_jiffies(void)
{
	return max(msecs_to_jiffies(READ_ONCE(rx_drain_timeout_msecs)), 1UL);
}
