// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of /dev/xen/gntalloc: allocation and deallocation of grants,
 * mmap() of them, unmap notifications (byte cleared, event sent), the
 * "limit" parameter and the teardown on close.  Grants are made to the
 * domain itself, but never mapped back: in a translated domain (PVH, HVM)
 * Xen maps a grant of one's own page by moving the page to the new frame
 * number, which leaves a hole where the kernel still has the page, and the
 * kernel crashes later.  A cleared byte is therefore only checked for being
 * accepted here; seeing it cleared takes a second domain.  Run as root in a
 * Xen domain (dom0, or set XEN_SELFTEST_DOMID); without the device every
 * test skips.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#include <stddef.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "xen_selftest.h"
#include "kselftest_harness.h"

#define GNTALLOC_DEV	"/dev/xen/gntalloc"
#define GNTALLOC_MOD	"xen_gntalloc"
#define PAGE		4096UL
#define WAIT_MS		2000
#define QUIET_MS	200

FIXTURE(gntalloc) {
	int fd;
	unsigned int dom;
	bool ours;
};

FIXTURE_SETUP(gntalloc)
{
	self->fd = open(GNTALLOC_DEV, O_RDWR | O_CLOEXEC);
	if (self->fd < 0)
		SKIP(return, GNTALLOC_DEV ": %s", strerror(errno));
	self->dom = xst_self_domid();
	self->ours = xst_module_is_ours(GNTALLOC_MOD);
}

FIXTURE_TEARDOWN(gntalloc)
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
	SKIP(, GNTALLOC_DEV " missing");
	return true;
}

/*
 * ALLOC_GREF of @count pages to @domid: 0 and the index (and the grant
 * references in @refs if not NULL), or -1 with errno.
 */
static int gnt_alloc(int fd, unsigned int domid, unsigned int flags,
		     unsigned int count, uint64_t *index, uint32_t *refs)
{
	struct ioctl_gntalloc_alloc_gref *op;
	size_t size = sizeof(*op) + count * sizeof(op->gref_ids[0]);
	int rc, err;

	op = calloc(1, size);
	if (!op)
		return -1;
	op->domid = domid;
	op->flags = flags;
	op->count = count;
	rc = ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, op);
	err = errno;
	if (!rc) {
		*index = op->index;
		if (refs)
			memcpy(refs, op->gref_ids, count * sizeof(*refs));
	}
	free(op);
	errno = err;
	return rc;
}

static int gnt_dealloc(int fd, uint64_t index, unsigned int count)
{
	struct ioctl_gntalloc_dealloc_gref op = {
		.index = index,
		.count = count,
	};

	return ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &op);
}

static int gnt_notify(int fd, uint64_t index, unsigned int action,
		      unsigned int port)
{
	struct ioctl_gntalloc_unmap_notify op = {
		.index = index,
		.action = action,
		.event_channel_port = port,
	};

	return ioctl(fd, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, &op);
}

static void *gnt_mmap(int fd, uint64_t index, unsigned int pages, int flags)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, flags, fd,
		    index);
}

TEST_F(gntalloc, alloc_map_dealloc)
{
	uint64_t index, index2;
	uint32_t refs[3];
	unsigned char *p;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, GNTALLOC_FLAG_WRITABLE,
			       3, &index, refs));
	ASSERT_EQ(0, index % PAGE);
	ASSERT_NE(refs[0], refs[1]);
	ASSERT_NE(refs[1], refs[2]);

	p = gnt_mmap(self->fd, index, 3, MAP_SHARED);
	ASSERT_NE(MAP_FAILED, p);
	/* Fresh pages are zeroed: nothing of the kernel's leaks out. */
	ASSERT_EQ(0, p[0] | p[PAGE - 1] | p[2 * PAGE + 17]);
	memset(p, 0x5a, 3 * PAGE);
	ASSERT_EQ(0x5a, p[2 * PAGE + 4095]);
	ASSERT_EQ(0, munmap(p, 3 * PAGE));

	/* The next allocation follows in the file. */
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, 0, 1, &index2, NULL));
	ASSERT_EQ(index + 3 * PAGE, index2);

	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 3));
	ASSERT_EQ(-1, gnt_dealloc(self->fd, index, 3));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(MAP_FAILED, gnt_mmap(self->fd, index, 1, MAP_SHARED));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index2, 1));
}

TEST_F(gntalloc, alloc_errors)
{
	long limit = xst_param_get(GNTALLOC_MOD, "limit");
	struct ioctl_gntalloc_alloc_gref op = { 0 };
	uint64_t index, index2;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_LT(0, limit);
	ASSERT_EQ(-1, gnt_alloc(self->fd, self->dom, 0, limit + 1, &index,
				NULL));
	ASSERT_EQ(ENOSPC, errno);
	/* Refused before anything is written back: no room for the refs. */
	op.domid = self->dom;
	op.count = 0xFFFFFFFFU;
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_ALLOC_GREF, &op));
	ASSERT_EQ(ENOSPC, errno);
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_ALLOC_GREF, NULL));
	ASSERT_EQ(EFAULT, errno);
	/* No pages: nothing allocated, as upstream (the index is reused). */
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, 0, 0, &index, NULL));
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, 0, 1, &index2, NULL));
	ASSERT_EQ(index, index2);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index2, 1));
	if (self->ours) {
		/*
		 * Stricter than the in-tree driver, which accepts unknown
		 * flags and reserved domains (admin guide: differences).
		 */
		ASSERT_EQ(-1, gnt_alloc(self->fd, self->dom, 0x80, 1, &index,
					NULL));
		ASSERT_EQ(EINVAL, errno);
		ASSERT_EQ(-1, gnt_alloc(self->fd, XST_DOMID_FIRST_RESERVED, 0,
					1, &index, NULL));
		ASSERT_EQ(EINVAL, errno);
	}
}

TEST_F(gntalloc, mmap_errors)
{
	uint64_t index;
	void *p;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, GNTALLOC_FLAG_WRITABLE,
			       2, &index, NULL));
	ASSERT_EQ(MAP_FAILED, gnt_mmap(self->fd, index, 2, MAP_PRIVATE));
	ASSERT_EQ(EINVAL, errno);
	/* Beyond the allocation, or not allocated at all. */
	ASSERT_EQ(MAP_FAILED, gnt_mmap(self->fd, index, 3, MAP_SHARED));
	ASSERT_EQ(MAP_FAILED, gnt_mmap(self->fd, index + PAGE, 2, MAP_SHARED));
	ASSERT_EQ(MAP_FAILED, gnt_mmap(self->fd, index + 64 * PAGE, 1,
				       MAP_SHARED));
	if (self->ours)
		ASSERT_EQ(ENOENT, errno);
	/* Any page of an allocation maps on its own. */
	p = gnt_mmap(self->fd, index + PAGE, 1, MAP_SHARED);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
}

TEST_F(gntalloc, dealloc_while_mapped)
{
	unsigned char *p, *q;
	uint64_t index;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, GNTALLOC_FLAG_WRITABLE,
			       4, &index, NULL));
	p = gnt_mmap(self->fd, index + PAGE, 2, MAP_SHARED);
	ASSERT_NE(MAP_FAILED, p);
	q = gnt_mmap(self->fd, index + PAGE, 2, MAP_SHARED);
	ASSERT_NE(MAP_FAILED, q);
	p[PAGE + 9] = 0x42;
	ASSERT_EQ(0x42, q[PAGE + 9]);

	/* Gone from the file, alive in the mappings. */
	ASSERT_EQ(0, gnt_dealloc(self->fd, index + PAGE, 2));
	ASSERT_EQ(MAP_FAILED, gnt_mmap(self->fd, index, 4, MAP_SHARED));
	ASSERT_EQ(MAP_FAILED, gnt_mmap(self->fd, index + PAGE, 1, MAP_SHARED));
	q[PAGE + 10] = 0x43;
	ASSERT_EQ(0x43, p[PAGE + 10]);

	/* A partial munmap splits the VMA; the rest stays usable. */
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0x43, p[PAGE + 10]);
	ASSERT_EQ(0, munmap(p + PAGE, PAGE));
	ASSERT_EQ(0, munmap(q, 2 * PAGE));

	ASSERT_EQ(-1, gnt_dealloc(self->fd, index, 2));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index + 3 * PAGE, 1));
}

TEST_F(gntalloc, dealloc_errors)
{
	uint64_t index;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, 0, 2, &index, NULL));
	ASSERT_EQ(-1, gnt_dealloc(self->fd, index + 1, 1));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, gnt_dealloc(self->fd, index, 3));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, gnt_dealloc(self->fd, index + 100 * PAGE, 1));
	ASSERT_EQ(EINVAL, errno);
	if (self->ours) {
		ASSERT_EQ(-1, gnt_dealloc(self->fd, index, 0));
		ASSERT_EQ(EINVAL, errno);
	}
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_DEALLOC_GREF, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 2));
}

TEST_F(gntalloc, fork_shares_mapping)
{
	unsigned char *p;
	uint64_t index;
	int status;
	pid_t pid;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, GNTALLOC_FLAG_WRITABLE,
			       1, &index, NULL));
	p = gnt_mmap(self->fd, index, 1, MAP_SHARED);
	ASSERT_NE(MAP_FAILED, p);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		p[100] = 0x77;
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	ASSERT_EQ(0x77, p[100]);
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
	ASSERT_EQ(0x77, p[100]);
	ASSERT_EQ(0, munmap(p, PAGE));
}

TEST_F(gntalloc, unmap_notify_errors)
{
	uint64_t index;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, 0, 1, &index, NULL));
	ASSERT_EQ(-1, gnt_notify(self->fd, index, 4, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, gnt_notify(self->fd, index + PAGE,
				 UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(ENOENT, errno);
	/* Only a port bound through /dev/xen/evtchn can be signalled. */
	ASSERT_EQ(-1, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				 0xFFFFFF));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, NULL));
	ASSERT_EQ(EFAULT, errno);
	/* Any byte of the page names it; action 0 clears the request. */
	ASSERT_EQ(0, gnt_notify(self->fd, index + 4095,
				UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(0, gnt_notify(self->fd, index, 0, 0));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
}

/* The event is sent when the grant goes: at dealloc, or at munmap after. */
TEST_F(gntalloc, unmap_notify_event)
{
	uint64_t index;
	int efd, a, b;
	void *p;

	if (no_device(_metadata, self->fd))
		return;
	efd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (efd < 0)
		SKIP(return, "/dev/xen/evtchn: %s", strerror(errno));
	a = xst_bind_unbound(efd, self->dom);
	ASSERT_LE(0, a);
	b = xst_bind_interdomain(efd, self->dom, a);
	ASSERT_LE(0, b);
	ASSERT_LE(0, xst_drain(efd, QUIET_MS));

	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, 0, 1, &index, NULL));
	ASSERT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, b));
	/* Setting it twice keeps a single reference to the port. */
	ASSERT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, b));
	ASSERT_EQ(-1, xst_wait_port(efd, QUIET_MS));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
	ASSERT_EQ(a, xst_wait_port(efd, WAIT_MS));
	ASSERT_EQ(0, xst_unmask(efd, a));

	ASSERT_EQ(0, gnt_alloc(self->fd, self->dom, 0, 1, &index, NULL));
	p = gnt_mmap(self->fd, index, 1, MAP_SHARED);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, gnt_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT, b));
	ASSERT_EQ(0, gnt_dealloc(self->fd, index, 1));
	ASSERT_EQ(-1, xst_wait_port(efd, QUIET_MS));
	/* The notification holds the port even once evtchn unbinds it. */
	ASSERT_EQ(0, xst_unbind(efd, b));
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(a, xst_wait_port(efd, WAIT_MS));
	close(efd);
}

/* Closing the file ends every grant, and the notification goes out. */
TEST_F(gntalloc, close_notifies_and_frees)
{
	long saved = xst_param_get(GNTALLOC_MOD, "limit");
	uint64_t index;
	int efd, a, b, fd2, i;

	if (no_device(_metadata, self->fd))
		return;
	efd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (efd < 0)
		SKIP(return, "/dev/xen/evtchn: %s", strerror(errno));
	a = xst_bind_unbound(efd, self->dom);
	ASSERT_LE(0, a);
	b = xst_bind_interdomain(efd, self->dom, a);
	ASSERT_LE(0, b);
	ASSERT_LE(0, xst_drain(efd, QUIET_MS));

	fd2 = open(GNTALLOC_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, gnt_alloc(fd2, self->dom, 0, 5, &index, NULL));
	ASSERT_EQ(0, gnt_notify(fd2, index + 2 * PAGE,
				UNMAP_NOTIFY_SEND_EVENT, b));
	close(fd2);
	ASSERT_EQ(a, xst_wait_port(efd, WAIT_MS));
	close(efd);

	/* With a small limit, what a file held comes back when it closes. */
	if (saved < 0 || xst_param_set(GNTALLOC_MOD, "limit", 16))
		SKIP(return, "cannot set the limit parameter");
	for (i = 0; i < 20; i++) {
		fd2 = open(GNTALLOC_DEV, O_RDWR | O_CLOEXEC);
		if (fd2 < 0)
			break;
		if (gnt_alloc(fd2, self->dom, 0, 12, &index, NULL) ||
		    !gnt_alloc(fd2, self->dom, 0, 5, &index, NULL) ||
		    errno != ENOSPC) {
			close(fd2);
			break;
		}
		close(fd2);
	}
	EXPECT_EQ(20, i);
	ASSERT_EQ(0, xst_param_set(GNTALLOC_MOD, "limit", saved));
}

TEST_F(gntalloc, unknown_ioctl)
{
	if (no_device(_metadata, self->fd))
		return;
	/* ENOTTY, from ours as from the in-tree driver. */
	ASSERT_EQ(-1, ioctl(self->fd, _IOC(_IOC_NONE, 'G', 42, 0), NULL));
	ASSERT_EQ(ENOTTY, errno);
}

TEST_HARNESS_MAIN
