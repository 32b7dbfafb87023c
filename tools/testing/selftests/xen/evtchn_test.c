// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of /dev/xen/evtchn: every ioctl's success and failure paths,
 * read/write/poll of fired ports, ring overflow, restriction, and the
 * unbinding of everything on close.  Event channels are looped back to the
 * domain itself, so no other domain is needed.  Run as root in a Xen domain
 * (dom0, or set XEN_SELFTEST_DOMID); without the device every test skips.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "xen_selftest.h"
#include "kselftest_harness.h"

#define EVTCHN_DEV	"/dev/xen/evtchn"
#define EVTCHN_MOD	"xen_evtchn"
#define WAIT_MS		2000	/* generous: the lab emulates the CPU */
#define QUIET_MS	200	/* how long "nothing fires" is watched */

FIXTURE(evtchn) {
	int fd;
	unsigned int dom;
	int a, b;	/* a loopback pair: b's notify fires a, and back */
};

FIXTURE_SETUP(evtchn)
{
	self->fd = open(EVTCHN_DEV, O_RDWR | O_CLOEXEC);
	if (self->fd < 0)
		SKIP(return, EVTCHN_DEV ": %s", strerror(errno));
	self->dom = xst_self_domid();
	self->a = xst_bind_unbound(self->fd, self->dom);
	ASSERT_LE(0, self->a) TH_LOG("BIND_UNBOUND_PORT: %s", strerror(errno));
	self->b = xst_bind_interdomain(self->fd, self->dom, self->a);
	ASSERT_LE(0, self->b) TH_LOG("BIND_INTERDOMAIN: %s", strerror(errno));
	ASSERT_LE(0, xst_drain(self->fd, QUIET_MS));
}

FIXTURE_TEARDOWN(evtchn)
{
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * The harness runs the body even after a SKIP() in the setup: every test
 * starts with "if (no_device(_metadata, self->fd)) return;".
 */
static bool no_device(struct __test_metadata *_metadata, int fd)
{
	if (fd >= 0)
		return false;
	SKIP(, EVTCHN_DEV " missing");
	return true;
}

static int count_irqs_of_comm(void)
{
	char comm[32] = "", line[512], name[64];
	int n = 0;
	FILE *f;

	f = fopen("/proc/self/comm", "r");
	if (!f || !fgets(comm, sizeof(comm), f))
		return -1;
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	snprintf(name, sizeof(name), "evtchn:%s", comm);

	f = fopen("/proc/interrupts", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, name))
			n++;
	fclose(f);
	return n;
}

TEST_F(evtchn, loopback_both_ways)
{
	if (no_device(_metadata, self->fd))
		return;
	ASSERT_NE(self->a, self->b);

	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
	ASSERT_EQ(0, xst_unmask(self->fd, self->a));

	ASSERT_EQ(0, xst_notify(self->fd, self->a));
	ASSERT_EQ(self->b, xst_wait_port(self->fd, WAIT_MS));
	ASSERT_EQ(0, xst_unmask(self->fd, self->b));
}

TEST_F(evtchn, masked_until_written_back)
{
	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));

	/* Not handed back: a second event stays pending, unreported. */
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(-1, xst_wait_port(self->fd, QUIET_MS));

	/* Writing the port back delivers the pending event. */
	ASSERT_EQ(0, xst_unmask(self->fd, self->a));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
	ASSERT_EQ(0, xst_unmask(self->fd, self->a));
	ASSERT_EQ(-1, xst_wait_port(self->fd, QUIET_MS));
}

TEST_F(evtchn, read_sizes_and_nonblock)
{
	evtchn_port_t ports[2048];
	char small[3];
	int flags;

	if (no_device(_metadata, self->fd))
		return;
	/* Less than one port: nothing to return, no blocking. */
	ASSERT_EQ(0, read(self->fd, small, sizeof(small)));

	flags = fcntl(self->fd, F_GETFL);
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, flags | O_NONBLOCK));
	ASSERT_EQ(-1, read(self->fd, ports, sizeof(ports)));
	ASSERT_EQ(EAGAIN, errno);

	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(0, xst_notify(self->fd, self->a));
	usleep(QUIET_MS * 1000);
	/* Both fit in a read of more than a page; odd sizes round down. */
	ASSERT_EQ(2 * sizeof(evtchn_port_t),
		  read(self->fd, ports, sizeof(ports) - 1));
	ASSERT_TRUE((ports[0] == self->a && ports[1] == self->b) ||
		    (ports[0] == self->b && ports[1] == self->a));
	ASSERT_EQ(-1, read(self->fd, ports, sizeof(ports)));
	ASSERT_EQ(EAGAIN, errno);
}

TEST_F(evtchn, blocking_read_is_woken)
{
	evtchn_port_t port;
	int status;
	pid_t pid;

	if (no_device(_metadata, self->fd))
		return;
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		usleep(QUIET_MS * 1000);
		_exit(xst_notify(self->fd, self->b) ? 1 : 0);
	}
	ASSERT_EQ(sizeof(port), read(self->fd, &port, sizeof(port)));
	ASSERT_EQ(self->a, port);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
}

TEST_F(evtchn, write_ignores_foreign_ports)
{
	evtchn_port_t junk[1025];
	unsigned int i;
	ssize_t n;

	if (no_device(_metadata, self->fd))
		return;
	for (i = 0; i < 1025; i++)
		junk[i] = i * 977 + 0xfff0;
	junk[3] = ~0U;
	n = write(self->fd, junk, sizeof(junk));
	ASSERT_LT(0, n);
	ASSERT_GE(4096, n);
	ASSERT_EQ(0, n % sizeof(evtchn_port_t));
	ASSERT_EQ(0, write(self->fd, junk, 3));

	/* The pair still works. */
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
}

TEST_F(evtchn, unbind)
{
	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, xst_unbind(self->fd, self->a));
	ASSERT_EQ(-1, xst_unbind(self->fd, self->a));
	ASSERT_EQ(ENOTCONN, errno);
	ASSERT_EQ(-1, xst_notify(self->fd, self->a));
	ASSERT_EQ(ENOTCONN, errno);

	/* The peer of a closed port still exists; nothing fires on it. */
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(-1, xst_wait_port(self->fd, QUIET_MS));
	ASSERT_EQ(0, xst_unbind(self->fd, self->b));
}

TEST_F(evtchn, bad_ports)
{
	if (no_device(_metadata, self->fd))
		return;
	/* Beyond any event channel ABI: invalid. */
	ASSERT_EQ(-1, xst_unbind(self->fd, ~0U));
	ASSERT_TRUE(errno == EINVAL || errno == ENOTCONN);
	ASSERT_EQ(-1, xst_notify(self->fd, ~0U));
	ASSERT_TRUE(errno == EINVAL || errno == ENOTCONN);
	ASSERT_EQ(-1, xst_notify(self->fd, 0x80000000U));
	ASSERT_TRUE(errno == EINVAL || errno == ENOTCONN);
	/* Port 0 is never bound; a real port of someone else is not ours. */
	ASSERT_EQ(-1, xst_unbind(self->fd, 0));
	ASSERT_EQ(ENOTCONN, errno);
	ASSERT_EQ(-1, xst_notify(self->fd, 1));
	ASSERT_EQ(ENOTCONN, errno);
}

TEST_F(evtchn, ports_of_another_file)
{
	int fd2, c;

	if (no_device(_metadata, self->fd))
		return;
	fd2 = open(EVTCHN_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd2);
	/* Connect from a second file to the first file's unbound port. */
	c = xst_bind_unbound(fd2, self->dom);
	ASSERT_LE(0, c);
	ASSERT_EQ(-1, xst_unbind(self->fd, c));
	ASSERT_EQ(ENOTCONN, errno);
	ASSERT_EQ(-1, xst_notify(fd2, self->a));
	ASSERT_EQ(ENOTCONN, errno);
	/* The port is bound already: another connection fails. */
	ASSERT_EQ(-1, xst_bind_interdomain(fd2, self->dom, self->a));
	/* Events cross files as they cross domains. */
	ASSERT_LE(0, xst_bind_interdomain(self->fd, self->dom, c));
	ASSERT_EQ(0, xst_unbind(fd2, c));
	close(fd2);
}

TEST_F(evtchn, bind_errors)
{
	bool ours = xst_module_is_ours(EVTCHN_MOD);

	if (no_device(_metadata, self->fd))
		return;
	/* No such remote port, or not an unbound one. */
	ASSERT_EQ(-1, xst_bind_interdomain(self->fd, self->dom, 0));
	ASSERT_EQ(-1, xst_bind_interdomain(self->fd, self->dom, self->b));
	ASSERT_EQ(-1, xst_bind_interdomain(self->fd, self->dom, ~0U));
	/* No such domain. */
	ASSERT_EQ(-1, xst_bind_interdomain(self->fd, 0x7FEF, self->a));
	if (ours) {
		/* Not a domid at all; upstream would truncate it. */
		ASSERT_EQ(-1, xst_bind_interdomain(self->fd, 0x10000 + self->dom,
						   self->a));
		ASSERT_EQ(EINVAL, errno);
		ASSERT_EQ(-1, xst_bind_unbound(self->fd, 0x10000));
		ASSERT_EQ(EINVAL, errno);
	}
	/* The pair survived the failures. */
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
}

TEST_F(evtchn, bind_virq)
{
	int port;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(-1, xst_bind_virq(self->fd, 1000));
	ASSERT_EQ(EINVAL, errno);

	port = xst_bind_virq(self->fd, XST_VIRQ_ENOMEM);
	if (port < 0) {
		/* Another process of this domain holds it. */
		ASSERT_EQ(EEXIST, errno);
		return;
	}
	/* A VIRQ binds once per domain. */
	ASSERT_EQ(-1, xst_bind_virq(self->fd, XST_VIRQ_ENOMEM));
	ASSERT_EQ(EEXIST, errno);
	ASSERT_EQ(0, xst_unbind(self->fd, port));
	port = xst_bind_virq(self->fd, XST_VIRQ_ENOMEM);
	ASSERT_LE(0, port);
	ASSERT_EQ(0, xst_unbind(self->fd, port));
}

/*
 * A restricted file binds only to interdomain ports of its one domain.
 * Dom0 cannot be that domain, and with no guest around the only
 * connection that passes the check is refused by Xen (no such domain).
 */
TEST_F(evtchn, restrict_domid)
{
	unsigned int other = self->dom + 1;
	int fd2, c;

	if (no_device(_metadata, self->fd))
		return;
	fd2 = open(EVTCHN_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd2);
	c = xst_bind_unbound(fd2, self->dom);
	ASSERT_LE(0, c);

	ASSERT_EQ(0, xst_restrict(self->fd, other));
	ASSERT_EQ(-1, xst_restrict(self->fd, other));
	ASSERT_EQ(EACCES, errno);

	ASSERT_EQ(-1, xst_bind_unbound(self->fd, other));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(-1, xst_bind_virq(self->fd, XST_VIRQ_ENOMEM));
	ASSERT_EQ(EACCES, errno);
	ASSERT_EQ(-1, xst_bind_interdomain(self->fd, self->dom, c));
	ASSERT_EQ(EACCES, errno);
	/* Allowed by the restriction, so Xen has the last word. */
	ASSERT_EQ(-1, xst_bind_interdomain(self->fd, other, c));
	ASSERT_NE(EACCES, errno);

	/* What was bound before restricting keeps working. */
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
	ASSERT_EQ(0, xst_unmask(self->fd, self->a));
	ASSERT_EQ(0, xst_unbind(self->fd, self->b));
	close(fd2);
}

TEST_F(evtchn, restrict_invalid_domid)
{
	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(-1, xst_restrict(self->fd, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, xst_restrict(self->fd, XST_DOMID_FIRST_RESERVED));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, xst_restrict(self->fd, 0xFFFF));
	ASSERT_EQ(EINVAL, errno);
	/* Failed attempts leave the file unrestricted. */
	ASSERT_LE(0, xst_bind_unbound(self->fd, self->dom));
}

TEST_F(evtchn, reset_empties_ring)
{
	evtchn_port_t port;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	usleep(QUIET_MS * 1000);
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_EVTCHN_RESET));
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, O_NONBLOCK));
	ASSERT_EQ(-1, read(self->fd, &port, sizeof(port)));
	ASSERT_EQ(EAGAIN, errno);
	/* The dropped event was never handed back: write it to re-arm. */
	ASSERT_EQ(0, xst_unmask(self->fd, self->a));
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
}

/*
 * Handing ports back without reading them fills the ring: -EFBIG.
 *
 * How soon a notification arrives is not known under emulation, and two
 * notifications that meet before delivery make one event, so the loop
 * does not count on a delivery per round: the first poll waits for the
 * first one, and the ring fills once enough have been delivered.
 */
TEST_F_TIMEOUT(evtchn, overflow_is_reported, 240)
{
	struct pollfd pfd = { .events = POLLIN };
	evtchn_port_t port;
	int i;

	if (no_device(_metadata, self->fd))
		return;
	pfd.fd = self->fd;
	for (i = 0; i < 20000; i++) {
		ASSERT_EQ(0, xst_notify(self->fd, self->b));
		usleep(500);
		ASSERT_EQ(0, xst_unmask(self->fd, self->a));
		ASSERT_EQ(1, poll(&pfd, 1, WAIT_MS));
		if (pfd.revents & POLLERR)
			break;
	}
	ASSERT_TRUE(pfd.revents & POLLERR) TH_LOG("no overflow after %d events", i);
	ASSERT_EQ(-1, read(self->fd, &port, sizeof(port)));
	ASSERT_EQ(EFBIG, errno);

	ASSERT_EQ(0, ioctl(self->fd, IOCTL_EVTCHN_RESET));
	ASSERT_LE(0, poll(&pfd, 1, 0));
	ASSERT_FALSE(pfd.revents & POLLERR);
	ASSERT_EQ(0, xst_unmask(self->fd, self->a));
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
}

TEST_F(evtchn, bad_user_pointers)
{
	evtchn_port_t port;
	void *bad;

	if (no_device(_metadata, self->fd))
		return;
	/* A buffer no access can reach. */
	bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, bad);
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_EVTCHN_NOTIFY, (void *)8));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_EVTCHN_RESTRICT_DOMID, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, write(self->fd, bad, 4));
	ASSERT_EQ(EFAULT, errno);

	/* A port a fault kept from userspace is not lost. */
	ASSERT_EQ(0, xst_notify(self->fd, self->b));
	usleep(QUIET_MS * 1000);
	ASSERT_EQ(-1, read(self->fd, bad, sizeof(port)));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(self->a, xst_wait_port(self->fd, WAIT_MS));
	munmap(bad, 4096);
}

TEST_F(evtchn, unknown_ioctl)
{
	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(-1, ioctl(self->fd, _IOC(_IOC_NONE, 'E', 42, 0), NULL));
	/*
	 * A deliberate difference (admin guide): ours says ENOTTY, as every
	 * other /dev/xen device does; the in-tree one says ENOSYS (38).
	 */
	ASSERT_EQ(xst_module_is_ours(EVTCHN_MOD) ? ENOTTY : 38, errno);
}

TEST_F(evtchn, close_unbinds_everything)
{
	int before, fd2, c, i, round;

	if (no_device(_metadata, self->fd))
		return;
	before = count_irqs_of_comm();
	ASSERT_LE(0, before);
	for (round = 0; round < 5; round++) {
		fd2 = open(EVTCHN_DEV, O_RDWR | O_CLOEXEC);
		ASSERT_LE(0, fd2);
		for (i = 0; i < 50; i++) {
			c = xst_bind_unbound(fd2, self->dom);
			ASSERT_LE(0, c);
			ASSERT_LE(0, xst_bind_interdomain(fd2, self->dom, c));
		}
		/* Leave an event unread and one connected to self->fd. */
		ASSERT_EQ(0, xst_notify(fd2, c));
		c = xst_bind_unbound(fd2, self->dom);
		ASSERT_LE(0, c);
		ASSERT_LE(0, xst_bind_interdomain(self->fd, self->dom, c));
		/* 101 of fd2's, plus one more of self->fd's per round. */
		ASSERT_EQ(before + round + 102, count_irqs_of_comm());
		close(fd2);
		ASSERT_EQ(before + round + 1, count_irqs_of_comm());
	}
}

TEST_F(evtchn, max_user_ports)
{
	long saved = xst_param_get(EVTCHN_MOD, "max_user_ports");
	int fd2, i;

	if (no_device(_metadata, self->fd))
		return;
	if (saved < 0)
		SKIP(return, "no max_user_ports parameter");
	fd2 = open(EVTCHN_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd2);
	if (xst_param_set(EVTCHN_MOD, "max_user_ports", 8))
		SKIP(close(fd2); return, "cannot set max_user_ports");
	for (i = 0; i < 8; i++)
		if (xst_bind_unbound(fd2, self->dom) < 0)
			break;
	EXPECT_EQ(8, i);
	EXPECT_EQ(-1, xst_bind_unbound(fd2, self->dom));
	EXPECT_EQ(ENOSPC, errno);
	/* self->fd has its two ports: room for six more. */
	EXPECT_LE(0, xst_bind_unbound(self->fd, self->dom));
	ASSERT_EQ(0, xst_param_set(EVTCHN_MOD, "max_user_ports", saved));
	EXPECT_LE(0, xst_bind_unbound(fd2, self->dom));
	close(fd2);
}

TEST_HARNESS_MAIN
