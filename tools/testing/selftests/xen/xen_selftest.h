/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the selftests of /dev/xen/evtchn and /dev/xen/gntalloc.
 *
 * The tests run in a Xen domain, normally dom0.  Set XEN_SELFTEST_DOMID to
 * the domain's id elsewhere: loopback event channels and grants are made
 * to the domain itself.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* <xen/evtchn.h> of linux-libc-dev uses domid_t without defining it. */
#ifndef domid_t
#define domid_t uint16_t
#endif
#include <xen/evtchn.h>
#include <xen/gntalloc.h>

/* What read() and write() of /dev/xen/evtchn carry: 32-bit ports. */
#ifndef evtchn_port_t
#define evtchn_port_t uint32_t
#endif

#define XST_DOMID_FIRST_RESERVED	0x7FF0U
#define XST_VIRQ_ENOMEM			12	/* global, unused by the toolstack */

static inline unsigned int xst_self_domid(void)
{
	const char *s = getenv("XEN_SELFTEST_DOMID");

	return s ? strtoul(s, NULL, 0) : 0;
}

/*
 * Our modules are built out of tree, so the kernel taints with 'O' when
 * they load: some checks are stricter than the in-tree driver's.
 */
static inline bool xst_module_is_ours(const char *module)
{
	char path[128], taint[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/%s/taint", module);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(taint, sizeof(taint), f))
		taint[0] = '\0';
	fclose(f);
	return strchr(taint, 'O');
}

/* A module parameter as a number, or -1 if it cannot be read. */
static inline long xst_param_get(const char *module, const char *param)
{
	char path[160];
	long val = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s",
		 module, param);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &val) != 1)
		val = -1;
	fclose(f);
	return val;
}

static inline int xst_param_set(const char *module, const char *param,
				long val)
{
	char path[160];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s",
		 module, param);
	f = fopen(path, "w");
	if (!f)
		return -1;
	rc = fprintf(f, "%ld\n", val) < 0;
	rc |= fclose(f) != 0;
	return rc ? -1 : 0;
}

/* Event channel ioctls: the new port, or -1 with errno. */
static inline int xst_bind_unbound(int fd, unsigned int remote_domain)
{
	struct ioctl_evtchn_bind_unbound_port op = {
		.remote_domain = remote_domain,
	};

	return ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &op);
}

static inline int xst_bind_interdomain(int fd, unsigned int remote_domain,
				       unsigned int remote_port)
{
	struct ioctl_evtchn_bind_interdomain op = {
		.remote_domain = remote_domain,
		.remote_port = remote_port,
	};

	return ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &op);
}

static inline int xst_bind_virq(int fd, unsigned int virq)
{
	struct ioctl_evtchn_bind_virq op = { .virq = virq };

	return ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &op);
}

static inline int xst_unbind(int fd, unsigned int port)
{
	struct ioctl_evtchn_unbind op = { .port = port };

	return ioctl(fd, IOCTL_EVTCHN_UNBIND, &op);
}

static inline int xst_notify(int fd, unsigned int port)
{
	struct ioctl_evtchn_notify op = { .port = port };

	return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &op);
}

static inline int xst_restrict(int fd, unsigned int domid)
{
	struct ioctl_evtchn_restrict_domid op = { .domid = domid };

	return ioctl(fd, IOCTL_EVTCHN_RESTRICT_DOMID, &op);
}

/* Wait up to @ms for a fired port; the port, or -1 on timeout or error. */
static inline int xst_wait_port(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	evtchn_port_t port;

	if (poll(&pfd, 1, ms) != 1 || !(pfd.revents & POLLIN))
		return -1;
	if (read(fd, &port, sizeof(port)) != sizeof(port))
		return -1;
	return port;
}

/* Hand a fired port back so that it can fire again. */
static inline int xst_unmask(int fd, evtchn_port_t port)
{
	return write(fd, &port, sizeof(port)) == sizeof(port) ? 0 : -1;
}

/*
 * Read and hand back whatever fires within @ms.  Xen marks a port pending
 * as it binds it to a remote one (notifications sent to the remote port
 * before then would otherwise be lost), so tests drain after binding.
 */
static inline int xst_drain(int fd, int ms)
{
	int n = 0, port;

	while ((port = xst_wait_port(fd, ms)) >= 0) {
		if (xst_unmask(fd, port))
			return -1;
		n++;
	}
	return n;
}

#endif /* XEN_SELFTEST_H */
