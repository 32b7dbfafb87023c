// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of /dev/xen/privcmd, /dev/xen/hypercall and /proc/xen:
 * hypercalls, DM_OP and IRQFD argument checks, RESTRICT against every
 * ioctl, mmap() windows and their argument checks, and, with a guest
 * (XEN_SELFTEST_GUEST=domid, e.g. a paused one), MMAPBATCH_V2 and
 * MMAPBATCH of its frames with per-frame errors, refusal of double
 * mapping, and MMAP_RESOURCE of its grant table.  Run as root in dom0;
 * without the device every test skips.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#include <setjmp.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <xen/privcmd.h>
#include <xen/privcmd-eventfd.h>
#include "xen_selftest.h"
#include "kselftest_harness.h"

#define PRIVCMD_DEV	"/dev/xen/privcmd"
#define HYPERCALL_DEV	"/dev/xen/hypercall"
#define PAGE		4096UL

#define HYPERVISOR_xen_version	17
#define XENVER_version		0
#define XENVER_extraversion	1
#define RESOURCE_GRANT_TABLE	1
/* A frame number no guest of the lab has. */
#define BAD_GFN			0xffffff000ULL
/* Where a PVH guest's kernel is loaded: never an empty page. */
#define KERNEL_GFN		0x1000ULL
/* Linux's and Xen's "function not implemented", as Xen returns it. */
#define NO_SUCH_OP		38

FIXTURE(privcmd) {
	int fd;
	int guest;
};

FIXTURE_SETUP(privcmd)
{
	const char *g = getenv("XEN_SELFTEST_GUEST");

	self->fd = open(PRIVCMD_DEV, O_RDWR | O_CLOEXEC);
	if (self->fd < 0)
		SKIP(return, PRIVCMD_DEV ": %s", strerror(errno));
	self->guest = g ? atoi(g) : -1;
}

FIXTURE_TEARDOWN(privcmd)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The harness runs the body even after a SKIP() in the setup. */
static bool no_device(struct __test_metadata *_metadata, int fd)
{
	if (fd >= 0)
		return false;
	SKIP(, PRIVCMD_DEV " missing");
	return true;
}

static bool no_guest(struct __test_metadata *_metadata, int guest)
{
	if (guest > 0)
		return false;
	SKIP(, "no guest (set XEN_SELFTEST_GUEST)");
	return true;
}

static long hypercall(int fd, uint64_t op, uint64_t a0, uint64_t a1)
{
	struct privcmd_hypercall hc = { .op = op, .arg = { a0, a1 } };

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &hc);
}

static int mapbatch_v2(int fd, unsigned int dom, void *addr,
		       const xen_pfn_t *gfns, int *errs, unsigned int num)
{
	struct privcmd_mmapbatch_v2 m = {
		.num = num, .dom = dom, .addr = (uintptr_t)addr,
		.arr = gfns, .err = errs,
	};

	return ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m);
}

static void *window(int fd, unsigned long pages)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    fd, 0);
}

static int dm_op(int fd, unsigned int dom, void *buf, size_t size,
		 unsigned int num)
{
	struct privcmd_dm_op_buf bufs[32];
	struct privcmd_dm_op op = { .dom = dom, .num = num, .ubufs = bufs };
	unsigned int i;

	for (i = 0; i < num && i < 32; i++) {
		bufs[i].uptr = buf;
		bufs[i].size = size;
	}
	return ioctl(fd, IOCTL_PRIVCMD_DM_OP, &op);
}

TEST_F(privcmd, hypercall_xen_version)
{
	long v;

	if (no_device(_metadata, self->fd))
		return;
	v = hypercall(self->fd, HYPERVISOR_xen_version, XENVER_version, 0);
	ASSERT_GE(v, 0);
	TH_LOG("Xen %ld.%ld", v >> 16, v & 0xffff);
	EXPECT_EQ(4, v >> 16);
}

TEST_F(privcmd, hypercall_errors_come_from_xen)
{
	if (no_device(_metadata, self->fd))
		return;
	/* An unused hypercall number: Xen says ENOSYS. */
	EXPECT_EQ(-1, hypercall(self->fd, 63, 0, 0));
	EXPECT_EQ(NO_SUCH_OP, errno);
	/* A buffer Xen cannot write: EFAULT from Xen. */
	EXPECT_EQ(-1, hypercall(self->fd, HYPERVISOR_xen_version,
				XENVER_extraversion, 8));
	EXPECT_EQ(EFAULT, errno);
	/* The request itself unreadable: EFAULT from the kernel. */
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_HYPERCALL, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(privcmd, unknown_ioctl_is_enotty)
{
	if (no_device(_metadata, self->fd))
		return;
	EXPECT_EQ(-1, ioctl(self->fd, _IO('P', 99), 0));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(privcmd, hypercall_buffer_device)
{
	char *buf;
	int hfd;

	if (no_device(_metadata, self->fd))
		return;
	hfd = open(HYPERCALL_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, hfd) TH_LOG(HYPERCALL_DEV ": %s", strerror(errno));
	/* Private mappings are refused: Xen must see the same pages. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, hfd, 0));
	buf = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, hfd, 0);
	ASSERT_NE(MAP_FAILED, buf);
	EXPECT_EQ(0, buf[0]);
	EXPECT_EQ(0, buf[2 * PAGE - 1]);
	memset(buf, 0x55, 16);
	/* Xen writes the extra version string into the buffer. */
	EXPECT_EQ(0, hypercall(self->fd, HYPERVISOR_xen_version,
			       XENVER_extraversion, (uintptr_t)buf));
	EXPECT_NE(0x55, buf[0]);
	TH_LOG("extraversion '%.16s'", buf);
	/* Half of it cannot go: the mapping is one. */
	EXPECT_EQ(-1, munmap(buf + PAGE, PAGE));
	EXPECT_EQ(0, munmap(buf, 2 * PAGE));
	close(hfd);
}

TEST_F(privcmd, dm_op_checks)
{
	char buf[64] = { 0 };
	char *big;

	if (no_device(_metadata, self->fd))
		return;
	/* No buffer: nothing to do. */
	EXPECT_EQ(0, dm_op(self->fd, 1, buf, sizeof(buf), 0));
	/* More buffers than dm_op_max_nr_bufs (16). */
	EXPECT_EQ(-1, dm_op(self->fd, 1, buf, sizeof(buf), 17));
	EXPECT_EQ(E2BIG, errno);
	/* A buffer larger than dm_op_buf_max_size (4096). */
	big = calloc(1, 2 * PAGE);
	ASSERT_NE(NULL, big);
	EXPECT_EQ(-1, dm_op(self->fd, 1, big, 2 * PAGE, 1));
	EXPECT_EQ(E2BIG, errno);
	free(big);
	/* Buffers that are not there. */
	EXPECT_EQ(-1, dm_op(self->fd, 1, (void *)8, 16, 1));
	EXPECT_EQ(EFAULT, errno);
	/* Well-formed, for a domain that does not exist: Xen's ESRCH. */
	EXPECT_EQ(-1, dm_op(self->fd, 0x7000, buf, sizeof(buf), 1));
	EXPECT_EQ(ESRCH, errno);
}

/*
 * Domains that do not exist: a dm_op that got through must not touch a
 * real guest (an all-zero buffer is XEN_DMOP_create_ioreq_server).
 */
#define MINE	0x7001
#define OTHER	0x7002

TEST_F(privcmd, restrict_is_honoured_by_every_ioctl)
{
	struct privcmd_mmap_resource res = { .dom = OTHER };
	struct privcmd_irqfd irqfd = { .dom = OTHER, .size = 8 };
	struct privcmd_mmap mm = { .num = 1, .dom = OTHER };
	char buf[64] = { 0 };
	xen_pfn_t gfn = 0;
	domid_t dom;
	int err = 0, efd;

	if (no_device(_metadata, self->fd))
		return;
	dom = MINE;
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_PRIVCMD_RESTRICT, &dom));
	/* Again to the same domain: fine; to another, or back: refused. */
	EXPECT_EQ(0, ioctl(self->fd, IOCTL_PRIVCMD_RESTRICT, &dom));
	dom = OTHER;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_RESTRICT, &dom));
	EXPECT_EQ(EINVAL, errno);

	EXPECT_EQ(-1, hypercall(self->fd, HYPERVISOR_xen_version,
				XENVER_version, 0));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, dm_op(self->fd, OTHER, buf, sizeof(buf), 1));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, mapbatch_v2(self->fd, OTHER, buf, &gfn, &err, 1));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_MMAP, &mm));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &res));
	EXPECT_EQ(EPERM, errno);
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	irqfd.fd = efd;
	irqfd.dm_op = (uintptr_t)buf;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(EPERM, errno);
	close(efd);
	/* The restricted domain itself still gets through to Xen. */
	EXPECT_EQ(-1, dm_op(self->fd, MINE, buf, sizeof(buf), 1));
	EXPECT_NE(EPERM, errno);
}

TEST_F(privcmd, restrict_rejects_reserved_domains)
{
	domid_t dom = 0x7ff4;	/* DOMID_INVALID */

	if (no_device(_metadata, self->fd))
		return;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_RESTRICT, &dom));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(privcmd, legacy_mmap_unsupported)
{
	struct privcmd_mmap mm = { .num = 1, .dom = 1 };

	if (no_device(_metadata, self->fd))
		return;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_MMAP, &mm));
	/* Upstream's says ENOSYS; ours EOPNOTSUPP (Documentation/). */
	EXPECT_EQ(xst_module_is_ours("xen_privcmd") ? EOPNOTSUPP : NO_SUCH_OP,
		  errno);
}

TEST_F(privcmd, mmapbatch_argument_checks)
{
	xen_pfn_t gfns[4] = { 0 };
	int errs[4], other;
	char *win, *anon;

	if (no_device(_metadata, self->fd))
		return;
	win = window(self->fd, 4);
	ASSERT_NE(MAP_FAILED, win);
	anon = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, anon);

	/* An empty window raises SIGBUS when touched: not tested here. */
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, win, gfns, errs, 0));
	EXPECT_EQ(EINVAL, errno);
	/* Not a privcmd window. */
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, anon, gfns, errs, 4));
	EXPECT_EQ(EINVAL, errno);
	/* A first map must cover the window exactly. */
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, win, gfns, errs, 3));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, win, gfns, errs, 5));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, win + 1, gfns, errs, 4));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, win + PAGE, gfns, errs, 3));
	EXPECT_EQ(EINVAL, errno);
	/* Counts whose size overflows. */
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, win, gfns, errs, 0xffffffffU));
	EXPECT_EQ(EINVAL, errno);
	/* A window of another open file of the device. */
	other = open(PRIVCMD_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, other);
	EXPECT_EQ(-1, mapbatch_v2(other, 1, win, gfns, errs, 4));
	EXPECT_EQ(EINVAL, errno);
	close(other);
	/* Arrays that are not there. */
	EXPECT_EQ(-1, mapbatch_v2(self->fd, 1, win, (void *)8, errs, 4));
	EXPECT_EQ(EFAULT, errno);
	/* A window cannot be cut in two. */
	EXPECT_EQ(-1, munmap(win + PAGE, PAGE));
	EXPECT_EQ(-1, mprotect(win, PAGE, PROT_READ));
	EXPECT_EQ(0, munmap(win, 4 * PAGE));
	munmap(anon, 4 * PAGE);
}

TEST_F(privcmd, mmap_resource_checks)
{
	struct privcmd_mmap_resource res = { .dom = 1 };
	char *win;

	if (no_device(_metadata, self->fd))
		return;
	win = window(self->fd, 1);
	ASSERT_NE(MAP_FAILED, win);
	/* An address without a count, a count without an address. */
	res.addr = (uintptr_t)win;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &res));
	EXPECT_EQ(EINVAL, errno);
	res.addr = 0;
	res.num = 1;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &res));
	EXPECT_EQ(EINVAL, errno);
	/* Larger than the window. */
	res.addr = (uintptr_t)win;
	res.num = 2;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &res));
	EXPECT_EQ(EINVAL, errno);
	munmap(win, PAGE);
}

TEST_F(privcmd, irqfd_lifecycle)
{
	struct privcmd_irqfd irqfd = { .dom = 0x7000, .size = 16 };
	char op[16] = { 0 };
	uint64_t one = 1;
	int efd;

	if (no_device(_metadata, self->fd))
		return;
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	irqfd.fd = efd;
	irqfd.dm_op = (uintptr_t)op;

	/* Bad flags, padding, sizes, descriptors. */
	irqfd.flags = 2;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(EINVAL, errno);
	irqfd.flags = 0;
	irqfd.pad[0] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(EINVAL, errno);
	irqfd.pad[0] = 0;
	irqfd.size = 0;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(EINVAL, errno);
	irqfd.size = 16;
	irqfd.fd = self->fd;	/* not an eventfd */
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(EINVAL, errno);
	irqfd.fd = efd;
	irqfd.dm_op = 8;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(EFAULT, errno);
	irqfd.dm_op = (uintptr_t)op;

	/* Bind, signal (the dm_op goes to Xen, which refuses it), unbind. */
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(sizeof(one), write(efd, &one, sizeof(one)));
	irqfd.flags = PRIVCMD_IRQFD_FLAG_DEASSIGN;
	EXPECT_EQ(0, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	EXPECT_EQ(ENOENT, errno);

	/* Left bound: closing the file or the eventfd drops the binding. */
	irqfd.flags = 0;
	EXPECT_EQ(0, ioctl(self->fd, IOCTL_PRIVCMD_IRQFD, &irqfd));
	close(efd);
}

TEST_F(privcmd, ioeventfd_is_reported_unsupported)
{
	struct privcmd_ioeventfd io = { .dom = 1, .addr_len = 4, .vcpus = 1 };
	unsigned int port = 1;
	char page[64];

	if (no_device(_metadata, self->fd))
		return;
	io.ioreq = (uintptr_t)page;
	io.ports = (uintptr_t)&port;
	io.flags = 4;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IOEVENTFD, &io));
	EXPECT_EQ(EINVAL, errno);
	io.flags = 0;
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_IOEVENTFD, &io));
	EXPECT_EQ(EOPNOTSUPP, errno);
}

TEST_F(privcmd, mmapbatch_v2_guest_frames)
{
	xen_pfn_t gfns[4] = { KERNEL_GFN, KERNEL_GFN + 1, BAD_GFN,
			      KERNEL_GFN + 3 };
	int errs[4] = { 99, 99, 99, 99 }, rc, i;
	bool any_enoent = false, nonzero = false;
	char *win;

	if (no_device(_metadata, self->fd) || no_guest(_metadata, self->guest))
		return;
	win = window(self->fd, 4);
	ASSERT_NE(MAP_FAILED, win);
	rc = mapbatch_v2(self->fd, self->guest, win, gfns, errs, 4);
	for (i = 0; i < 4; i++)
		any_enoent |= errs[i] == -ENOENT;
	EXPECT_EQ(any_enoent ? -1 : 0, rc);
	EXPECT_EQ(0, errs[0]);
	EXPECT_EQ(0, errs[1]);
	EXPECT_GT(0, errs[2]) TH_LOG("bad gfn gave %d", errs[2]);
	EXPECT_EQ(0, errs[3]);
	for (i = 0; i < (int)PAGE; i++)
		nonzero |= win[i] != 0;
	EXPECT_TRUE(nonzero) TH_LOG("the guest's kernel page reads as zeros");

	/* Mapped pages are never mapped over; the hole may be retried. */
	EXPECT_EQ(-1, mapbatch_v2(self->fd, self->guest, win, gfns, errs, 4));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, mapbatch_v2(self->fd, self->guest, win + PAGE, gfns,
				  errs, 1));
	EXPECT_EQ(EINVAL, errno);
	gfns[0] = BAD_GFN;
	errs[0] = 0;
	mapbatch_v2(self->fd, self->guest, win + 2 * PAGE, gfns, errs, 1);
	EXPECT_GT(0, errs[0]);
	gfns[0] = KERNEL_GFN + 2;
	EXPECT_EQ(0, mapbatch_v2(self->fd, self->guest, win + 2 * PAGE, gfns,
				 errs, 1));
	EXPECT_EQ(0, errs[0]);
	EXPECT_EQ(0, munmap(win, 4 * PAGE));
}

TEST_F(privcmd, mmapbatch_v1_flags_errors)
{
	xen_pfn_t gfns[2] = { KERNEL_GFN, BAD_GFN };
	struct privcmd_mmapbatch m = { .num = 2 };
	char *win;

	if (no_device(_metadata, self->fd) || no_guest(_metadata, self->guest))
		return;
	win = window(self->fd, 2);
	ASSERT_NE(MAP_FAILED, win);
	m.dom = self->guest;
	m.addr = (uintptr_t)win;
	m.arr = gfns;
	ioctl(self->fd, IOCTL_PRIVCMD_MMAPBATCH, &m);
	EXPECT_EQ(KERNEL_GFN, gfns[0]);
	EXPECT_NE(0, gfns[1] & PRIVCMD_MMAPBATCH_MFN_ERROR);
	EXPECT_EQ(0, munmap(win, 2 * PAGE));
}

/*
 * libxenforeignmemory passes arrays it has just allocated: their pages are
 * first touched by the kernel's copy, which faults them in.  The driver
 * must not hold the caller's mmap lock for writing then (the fault would
 * wait for it for ever: xl create hung so).  Fresh anonymous arrays, and
 * more frames than the driver maps per round.
 */
TEST_F(privcmd, mmapbatch_untouched_arrays)
{
	const unsigned int num = 600;
	struct privcmd_mmapbatch m1 = { .num = num };
	xen_pfn_t *gfns;
	char *win;
	int *errs;
	int rc;

	if (no_device(_metadata, self->fd) || no_guest(_metadata, self->guest))
		return;
	gfns = mmap(NULL, num * sizeof(*gfns), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errs = mmap(NULL, num * sizeof(*errs), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, gfns);
	ASSERT_NE(MAP_FAILED, errs);
	win = window(self->fd, num);
	ASSERT_NE(MAP_FAILED, win);
	/* Only the first and last pages of the frame array are touched. */
	gfns[0] = KERNEL_GFN;
	gfns[num - 1] = KERNEL_GFN;
	rc = mapbatch_v2(self->fd, self->guest, win, gfns, errs, num);
	EXPECT_TRUE(rc == 0 || errno == ENOENT) TH_LOG("errno %d", errno);
	EXPECT_EQ(0, errs[0]);
	EXPECT_EQ(0, errs[num - 1]);
	EXPECT_EQ(0, munmap(win, num * PAGE));
	EXPECT_EQ(0, munmap(errs, num * sizeof(*errs)));
	EXPECT_EQ(0, munmap(gfns, num * sizeof(*gfns)));

	/* Version 1 writes its flags back into the untouched frame array. */
	gfns = mmap(NULL, num * sizeof(*gfns), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, gfns);
	win = window(self->fd, num);
	ASSERT_NE(MAP_FAILED, win);
	gfns[0] = KERNEL_GFN;
	gfns[num - 1] = BAD_GFN;
	m1.dom = self->guest;
	m1.addr = (uintptr_t)win;
	m1.arr = gfns;
	ioctl(self->fd, IOCTL_PRIVCMD_MMAPBATCH, &m1);
	EXPECT_EQ(KERNEL_GFN, gfns[0]);
	EXPECT_NE(0, gfns[num - 1] & PRIVCMD_MMAPBATCH_MFN_ERROR);
	EXPECT_EQ(0, munmap(win, num * PAGE));
	EXPECT_EQ(0, munmap(gfns, num * sizeof(*gfns)));
}

TEST_F(privcmd, mmap_resource_grant_table)
{
	struct privcmd_mmap_resource res = {
		.type = RESOURCE_GRANT_TABLE, .id = 0,
	};
	uint32_t *win;

	if (no_device(_metadata, self->fd) || no_guest(_metadata, self->guest))
		return;
	res.dom = self->guest;
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &res));
	TH_LOG("grant table: %llu frames", (unsigned long long)res.num);
	ASSERT_LT(0, res.num);
	win = window(self->fd, 1);
	ASSERT_NE(MAP_FAILED, win);
	res.addr = (uintptr_t)win;
	res.num = 1;
	EXPECT_EQ(0, ioctl(self->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &res));
	/* Readable (no SIGBUS); a second map of the window is refused. */
	TH_LOG("first grant entry: %#x", win[0]);
	EXPECT_EQ(-1, ioctl(self->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &res));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, munmap((void *)win, PAGE));
}

TEST(xenfs_files)
{
	char buf[64] = "";
	struct privcmd_hypercall hc = { .op = HYPERVISOR_xen_version };
	FILE *f;
	int fd;

	f = fopen("/proc/xen/capabilities", "r");
	if (!f)
		SKIP(return, "/proc/xen not mounted");
	EXPECT_NE(NULL, fgets(buf, sizeof(buf), f));
	fclose(f);
	EXPECT_EQ(0, strncmp(buf, "control_d", 9)) TH_LOG("got '%s'", buf);

	f = fopen("/proc/xen/xsd_port", "r");
	ASSERT_NE(NULL, f);
	memset(buf, 0, sizeof(buf));
	EXPECT_NE(NULL, fgets(buf, sizeof(buf), f));
	fclose(f);
	EXPECT_LT(0, atoi(buf)) TH_LOG("xsd_port '%s'", buf);

	fd = open("/proc/xen/privcmd", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_LE(0, ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &hc));
	close(fd);
	fd = open("/proc/xen/xenbus", O_RDWR | O_CLOEXEC);
	EXPECT_LE(0, fd);
	if (fd >= 0)
		close(fd);
}

TEST_HARNESS_MAIN
