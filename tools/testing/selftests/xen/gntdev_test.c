// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of /dev/xen/gntdev: every ioctl's success and failure paths,
 * mmap() of mapped grants, partial munmap(), unmap notifications (byte
 * cleared, event sent), exit and close with live mappings, grant copy and
 * the dma-buf ioctls.
 *
 * The grants come from another domain, a guest running the lab's
 * gntshare (tools/testing/lab/tools/gntshare.c), named by
 *   GNTDEV_PEER_DOMID   the guest's domain id
 *   GNTDEV_PEER_REFS    its writable grants, comma-separated; all but the
 *                       last hold a pattern, the last is a control page
 *   GNTDEV_PEER_RO_REF  a read-only grant of page 0's pattern
 * Without them the tests that need a peer skip; the argument checks run
 * anyway.  Grants of our own domain are never mapped: see gntalloc_test.c.
 *
 * Copyright (C) 2026 The pvh-dom0 authors
 */
#include <stddef.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include "xen_selftest.h"

#ifndef grant_ref_t
#define grant_ref_t uint32_t
#endif
#include <xen/gntdev.h>
#include "kselftest_harness.h"

#define GNTDEV_DEV	"/dev/xen/gntdev"
#define GNTDEV_MOD	"xen_gntdev"
#define PAGE		4096UL
/* Shared with gntshare.c. */
#define GNT_PATTERN(i, j) ((uint8_t)(((i) * 31U + (j)) ^ 0x5a))
#define GNT_HELLO_OFF	64
#define GNT_HELLO	0x48454c4fU
#define GNT_NOTIFY_OFF	100
/* A domain id no domain has in the lab. */
#define NO_DOMAIN	0x7000U
#define GNTST_OKAY	0
#define COPY_SRC_GREF	0x1U
#define COPY_DST_GREF	0x2U
#define MAX_PEER_REFS	64

FIXTURE(gntdev) {
	int fd;
	bool ours;
	unsigned int peer;	/* 0: no peer */
	unsigned int nrefs;
	uint32_t refs[MAX_PEER_REFS];
	uint32_t ro_ref;
};

FIXTURE_SETUP(gntdev)
{
	const char *d = getenv("GNTDEV_PEER_DOMID");
	const char *r = getenv("GNTDEV_PEER_REFS");
	const char *ro = getenv("GNTDEV_PEER_RO_REF");
	char *end;

	self->peer = 0;
	self->nrefs = 0;
	self->fd = open(GNTDEV_DEV, O_RDWR | O_CLOEXEC);
	if (self->fd < 0)
		SKIP(return, GNTDEV_DEV ": %s", strerror(errno));
	self->ours = xst_module_is_ours(GNTDEV_MOD);
	if (!d || !r || !ro)
		return;
	while (*r && self->nrefs < MAX_PEER_REFS) {
		self->refs[self->nrefs++] = strtoul(r, &end, 0);
		r = *end == ',' ? end + 1 : end;
	}
	self->ro_ref = strtoul(ro, NULL, 0);
	if (self->nrefs >= 4)
		self->peer = strtoul(d, NULL, 0);
}

FIXTURE_TEARDOWN(gntdev)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The harness runs the body even after a SKIP() in the setup. */
static bool no_device(struct __test_metadata *_metadata, int fd)
{
	if (fd >= 0)
		return false;
	SKIP(, GNTDEV_DEV " missing");
	return true;
}

static bool no_peer(struct __test_metadata *_metadata, int fd,
		    unsigned int peer)
{
	if (no_device(_metadata, fd))
		return true;
	if (peer)
		return false;
	SKIP(, "no peer domain offers grants (GNTDEV_PEER_*)");
	return true;
}

/* MAP_GRANT_REF of @count grants: 0 and the offset, or -1 with errno. */
static int gd_map(int fd, unsigned int count, const uint32_t *domids,
		  const uint32_t *refs, uint64_t *index)
{
	struct ioctl_gntdev_map_grant_ref *op;
	unsigned int i;
	int rc, err;

	op = calloc(1, sizeof(*op) + count * sizeof(op->refs[0]));
	if (!op)
		return -1;
	op->count = count;
	for (i = 0; i < count; i++) {
		op->refs[i].domid = domids[i];
		op->refs[i].ref = refs[i];
	}
	rc = ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, op);
	err = errno;
	if (!rc)
		*index = op->index;
	free(op);
	errno = err;
	return rc;
}

/* @count grants of one domain. */
static int gd_map1(int fd, unsigned int domid, unsigned int count,
		   const uint32_t *refs, uint64_t *index)
{
	uint32_t domids[MAX_PEER_REFS];
	unsigned int i;

	for (i = 0; i < count && i < MAX_PEER_REFS; i++)
		domids[i] = domid;
	return gd_map(fd, count, domids, refs, index);
}

static int gd_unmap(int fd, uint64_t index, unsigned int count)
{
	struct ioctl_gntdev_unmap_grant_ref op = {
		.index = index,
		.count = count,
	};

	return ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &op);
}

static int gd_set_max(int fd, unsigned int count)
{
	struct ioctl_gntdev_set_max_grants op = { .count = count };

	return ioctl(fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &op);
}

static int gd_notify(int fd, uint64_t index, unsigned int action,
		     unsigned int port)
{
	struct ioctl_gntdev_unmap_notify op = {
		.index = index,
		.action = action,
		.event_channel_port = port,
	};

	return ioctl(fd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &op);
}

static uint8_t *gd_mmap(int fd, uint64_t index, unsigned int pages, int prot)
{
	return mmap(NULL, pages * PAGE, prot, MAP_SHARED, fd, index);
}

/* Pages holding gntshare's pattern (the last peer page is not one). */
static bool pattern_ok(const uint8_t *p, unsigned int first,
		       unsigned int pages)
{
	unsigned int i, j;

	for (i = 0; i < pages; i++)
		for (j = 0; j < PAGE; j++)
			if (p[i * PAGE + j] != GNT_PATTERN(first + i, j))
				return false;
	return true;
}

static int gd_copy(int fd, struct gntdev_grant_copy_segment *segs,
		   unsigned int count)
{
	struct ioctl_gntdev_grant_copy op = {
		.count = count,
		.segments = segs,
	};

	return ioctl(fd, IOCTL_GNTDEV_GRANT_COPY, &op);
}

static int gd_export(int fd, unsigned int flags, unsigned int domid,
		     unsigned int count, const uint32_t *refs, int *dfd)
{
	struct ioctl_gntdev_dmabuf_exp_from_refs *op;
	int rc, err;

	op = calloc(1, sizeof(*op) + count * sizeof(op->refs[0]));
	if (!op)
		return -1;
	op->flags = flags;
	op->count = count;
	op->domid = domid;
	if (count)
		memcpy(op->refs, refs, count * sizeof(op->refs[0]));
	rc = ioctl(fd, IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS, op);
	err = errno;
	if (!rc)
		*dfd = op->fd;
	free(op);
	errno = err;
	return rc;
}

static int gd_wait(int fd, int dfd, unsigned int ms)
{
	struct ioctl_gntdev_dmabuf_exp_wait_released op = {
		.fd = dfd,
		.wait_to_ms = ms,
	};

	return ioctl(fd, IOCTL_GNTDEV_DMABUF_EXP_WAIT_RELEASED, &op);
}

static int gd_import(int fd, int dfd, unsigned int count, unsigned int domid,
		     unsigned int reserved, uint32_t *refs)
{
	struct ioctl_gntdev_dmabuf_imp_to_refs *op;
	int rc, err;

	op = calloc(1, sizeof(*op) + count * sizeof(op->refs[0]));
	if (!op)
		return -1;
	op->fd = dfd;
	op->count = count;
	op->domid = domid;
	op->reserved = reserved;
	rc = ioctl(fd, IOCTL_GNTDEV_DMABUF_IMP_TO_REFS, op);
	err = errno;
	if (!rc && refs)
		memcpy(refs, op->refs, count * sizeof(op->refs[0]));
	free(op);
	errno = err;
	return rc;
}

static int gd_imp_release(int fd, int dfd, unsigned int reserved)
{
	struct ioctl_gntdev_dmabuf_imp_release op = {
		.fd = dfd,
		.reserved = reserved,
	};

	return ioctl(fd, IOCTL_GNTDEV_DMABUF_IMP_RELEASE, &op);
}

/* Has the in-tree driver no dma-buf support (Debian's config)? */
static bool no_dmabuf(struct __test_metadata *_metadata, int fd, bool ours)
{
	if (ours || gd_wait(fd, 12345, 0) == 0 || errno != ENOTTY)
		return false;
	SKIP(, "this gntdev has no dma-buf ioctls");
	return true;
}

/* Map the peer's control page writable; NULL on failure. */
static uint8_t *map_control(int fd, unsigned int peer, uint32_t ref,
			    uint64_t *index)
{
	uint8_t *p;

	if (gd_map1(fd, peer, 1, &ref, index))
		return NULL;
	p = gd_mmap(fd, *index, 1, PROT_READ | PROT_WRITE);
	return p == MAP_FAILED ? NULL : p;
}

TEST_F(gntdev, map_count_errors)
{
	uint32_t refs[8] = { 0 };
	uint64_t index, index2;

	if (no_device(_metadata, self->fd))
		return;
	/* Refused before any grant is looked at. */
	ASSERT_EQ(-1, gd_map1(self->fd, NO_DOMAIN, 0, refs, &index));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_MAP_GRANT_REF, NULL));
	ASSERT_EQ(EFAULT, errno);
	if (!self->ours)
		return;
	ASSERT_EQ(-1, gd_map1(self->fd, XST_DOMID_FIRST_RESERVED, 1, refs,
			      &index));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, gd_set_max(self->fd, 4));
	ASSERT_EQ(-1, gd_map1(self->fd, NO_DOMAIN, 5, refs, &index));
	ASSERT_EQ(E2BIG, errno);
	ASSERT_EQ(0, gd_map1(self->fd, NO_DOMAIN, 3, refs, &index));
	ASSERT_EQ(-1, gd_map1(self->fd, NO_DOMAIN, 2, refs, &index2));
	ASSERT_EQ(ENOSPC, errno);
	/* Cannot go below what is mapped; can once it is unmapped. */
	ASSERT_EQ(-1, gd_set_max(self->fd, 2));
	ASSERT_EQ(EBUSY, errno);
	ASSERT_EQ(0, gd_unmap(self->fd, index, 3));
	ASSERT_EQ(0, gd_set_max(self->fd, 2));
	ASSERT_EQ(0, gd_map1(self->fd, NO_DOMAIN, 2, refs, &index2));
	ASSERT_EQ(0, gd_unmap(self->fd, index2, 2));
}

TEST_F(gntdev, set_max_errors)
{
	long limit = xst_param_get(GNTDEV_MOD, "limit");

	if (no_device(_metadata, self->fd))
		return;
	if (!self->ours)
		SKIP(return, "SET_MAX_GRANTS is ours only");
	ASSERT_LT(0, limit);
	ASSERT_EQ(-1, gd_set_max(self->fd, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, gd_set_max(self->fd, limit + 1));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, gd_set_max(self->fd, limit));
}

TEST_F(gntdev, unmap_errors)
{
	uint32_t refs[2] = { 8, 9 };
	uint64_t index;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gd_map1(self->fd, NO_DOMAIN, 2, refs, &index));
	ASSERT_EQ(0, index % PAGE);
	/* Wrong count, wrong place, then the real one twice. */
	ASSERT_EQ(-1, gd_unmap(self->fd, index, 1));
	ASSERT_EQ(ENOENT, errno);
	ASSERT_EQ(-1, gd_unmap(self->fd, index + PAGE, 1));
	ASSERT_EQ(ENOENT, errno);
	if (self->ours) {
		ASSERT_EQ(-1, gd_unmap(self->fd, index + 1, 2));
		ASSERT_EQ(EINVAL, errno);
	}
	ASSERT_EQ(0, gd_unmap(self->fd, index, 2));
	ASSERT_EQ(-1, gd_unmap(self->fd, index, 2));
	ASSERT_EQ(ENOENT, errno);
}

TEST_F(gntdev, mmap_errors)
{
	uint32_t refs[2] = { 8, 9 };
	uint64_t index;
	void *p;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gd_map1(self->fd, NO_DOMAIN, 2, refs, &index));
	/* The in-tree driver refuses only writable private mappings. */
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE, self->fd, index);
	if (self->ours) {
		ASSERT_EQ(MAP_FAILED, p);
		ASSERT_EQ(EINVAL, errno);
	}
	/* Not the offset and size of a map. */
	ASSERT_EQ(MAP_FAILED, gd_mmap(self->fd, index, 3, PROT_READ));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(MAP_FAILED, gd_mmap(self->fd, index + 64 * PAGE, 1,
				      PROT_READ));
	ASSERT_EQ(EINVAL, errno);
	/* No such domain: Xen refuses the grants, nothing stays mapped. */
	ASSERT_EQ(MAP_FAILED, gd_mmap(self->fd, index, 2, PROT_READ));
	if (self->ours)
		ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, gd_unmap(self->fd, index, 2));
	ASSERT_EQ(MAP_FAILED, gd_mmap(self->fd, index, 2, PROT_READ));
}

TEST_F(gntdev, offset_errors)
{
	struct ioctl_gntdev_get_offset_for_vaddr op = { 0 };
	void *q = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_NE(MAP_FAILED, q);
	op.vaddr = (uintptr_t)q;
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	ASSERT_EQ(EINVAL, errno);
	op.vaddr = 0;
	ASSERT_EQ(-1, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	ASSERT_EQ(EINVAL, errno);
	munmap(q, PAGE);
}

TEST_F(gntdev, notify_errors)
{
	uint32_t refs[2] = { 8, 9 };
	uint64_t index;

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(-1, gd_notify(self->fd, 0, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(ENOENT, errno);
	ASSERT_EQ(0, gd_map1(self->fd, NO_DOMAIN, 2, refs, &index));
	ASSERT_EQ(0, gd_notify(self->fd, index + PAGE + 7,
			       UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(-1, gd_notify(self->fd, index + 2 * PAGE,
				UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(ENOENT, errno);
	if (self->ours) {
		ASSERT_EQ(-1, gd_notify(self->fd, index, 0x4, 0));
		ASSERT_EQ(EINVAL, errno);
	}
	/* A port nobody bound. */
	ASSERT_EQ(-1, gd_notify(self->fd, index, UNMAP_NOTIFY_SEND_EVENT,
				0xFFFFF));
	/* Never mapped: no byte to clear, nothing to go wrong. */
	ASSERT_EQ(0, gd_unmap(self->fd, index, 2));
}

TEST_F(gntdev, copy_errors)
{
	struct gntdev_grant_copy_segment seg = { 0 };
	char buf[64];

	if (no_device(_metadata, self->fd))
		return;
	ASSERT_EQ(0, gd_copy(self->fd, NULL, 0));
	ASSERT_EQ(-1, gd_copy(self->fd, (void *)8, 1));
	ASSERT_EQ(EFAULT, errno);
	/* Local to local is no grant copy. */
	seg.source.virt = buf;
	seg.dest.virt = buf + 32;
	seg.len = 16;
	ASSERT_EQ(-1, gd_copy(self->fd, &seg, 1));
	ASSERT_EQ(EINVAL, errno);
	/* Past the end of the granted page. */
	memset(&seg, 0, sizeof(seg));
	seg.flags = COPY_SRC_GREF;
	seg.source.foreign.ref = 8;
	seg.source.foreign.domid = NO_DOMAIN;
	seg.source.foreign.offset = 4000;
	seg.dest.virt = buf;
	seg.len = 200;
	ASSERT_EQ(-1, gd_copy(self->fd, &seg, 1));
	ASSERT_EQ(EINVAL, errno);
	if (self->ours) {
		seg.flags = 0x80 | COPY_SRC_GREF;
		seg.source.foreign.offset = 0;
		seg.len = 16;
		ASSERT_EQ(-1, gd_copy(self->fd, &seg, 1));
		ASSERT_EQ(EINVAL, errno);
	}
	/* Well formed, but no such domain: Xen says so in the status. */
	seg.flags = COPY_SRC_GREF;
	seg.source.foreign.offset = 0;
	seg.len = 16;
	seg.status = GNTST_OKAY;
	ASSERT_EQ(0, gd_copy(self->fd, &seg, 1));
	ASSERT_NE(GNTST_OKAY, seg.status);
	/* An unreadable local buffer. */
	seg.dest.virt = (void *)8;
	ASSERT_EQ(-1, gd_copy(self->fd, &seg, 1));
	ASSERT_EQ(EFAULT, errno);
}

TEST_F(gntdev, dmabuf_errors)
{
	uint32_t refs[2] = { 8, 9 };
	int dfd = -1;

	if (no_device(_metadata, self->fd) ||
	    no_dmabuf(_metadata, self->fd, self->ours))
		return;
	ASSERT_EQ(-1, gd_export(self->fd, 0, NO_DOMAIN, 0, refs, &dfd));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, gd_export(self->fd, 0x100, NO_DOMAIN, 1, refs, &dfd));
	ASSERT_EQ(EINVAL, errno);
	if (self->ours) {
		/* Needs a DMA-coherent allocator this kernel lacks. */
		ASSERT_EQ(-1, gd_export(self->fd, GNTDEV_DMA_FLAG_WC, NO_DOMAIN,
					1, refs, &dfd));
		ASSERT_EQ(EOPNOTSUPP, errno);
	}
	ASSERT_EQ(-1, gd_export(self->fd, 0, NO_DOMAIN, 2, refs, &dfd));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, gd_wait(self->fd, 12345, 10));
	ASSERT_EQ(ENOENT, errno);
	ASSERT_EQ(-1, gd_import(self->fd, 12345, 1, NO_DOMAIN, 0, NULL));
	ASSERT_EQ(EBADF, errno);
	ASSERT_EQ(-1, gd_import(self->fd, 0, 1, NO_DOMAIN, 1, NULL));
	ASSERT_EQ(EINVAL, errno);
	/* A file that is no dma-buf. */
	ASSERT_EQ(-1, gd_import(self->fd, self->fd, 1, 1, 0, NULL));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, gd_imp_release(self->fd, 12345, 0));
	ASSERT_EQ(ENOENT, errno);
}

TEST_F(gntdev, close_with_maps)
{
	uint32_t refs[3] = { 8, 9, 10 };
	uint64_t index;
	int fd2;

	if (no_device(_metadata, self->fd))
		return;
	fd2 = open(GNTDEV_DEV, O_RDWR);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, gd_map1(fd2, NO_DOMAIN, 3, refs, &index));
	ASSERT_EQ(0, gd_map1(fd2, NO_DOMAIN, 1, refs, &index));
	ASSERT_EQ(0, gd_notify(fd2, index, UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(0, close(fd2));
}

TEST_F(gntdev, map_read_pattern)
{
	struct ioctl_gntdev_get_offset_for_vaddr op = { 0 };
	unsigned int n;
	uint64_t index;
	uint8_t *p;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	n = self->nrefs - 1;
	ASSERT_EQ(0, gd_map1(self->fd, self->peer, n, self->refs, &index));
	p = gd_mmap(self->fd, index, n, PROT_READ);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_TRUE(pattern_ok(p, 0, n));
	op.vaddr = (uintptr_t)p + PAGE;
	ASSERT_EQ(0, ioctl(self->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &op));
	ASSERT_EQ(index, op.offset);
	ASSERT_EQ(n, op.count);
	/* Mapped read-only: it stays so. */
	if (self->ours) {
		ASSERT_EQ(-1, mprotect(p, PAGE, PROT_READ | PROT_WRITE));
		ASSERT_EQ(EACCES, errno);
	}
	ASSERT_EQ(0, munmap(p, n * PAGE));
	ASSERT_EQ(0, gd_unmap(self->fd, index, n));
}

TEST_F(gntdev, map_write_control)
{
	uint32_t hello = GNT_HELLO, back;
	uint64_t index;
	uint8_t *p;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	p = map_control(self->fd, self->peer, self->refs[self->nrefs - 1],
			&index);
	ASSERT_NE(NULL, p);
	memcpy(p + GNT_HELLO_OFF, &hello, sizeof(hello));
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0, gd_unmap(self->fd, index, 1));
	/* Mapped again: the peer's page holds it, not a copy of ours. */
	p = map_control(self->fd, self->peer, self->refs[self->nrefs - 1],
			&index);
	ASSERT_NE(NULL, p);
	memcpy(&back, p + GNT_HELLO_OFF, sizeof(back));
	ASSERT_EQ(GNT_HELLO, back);
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0, gd_unmap(self->fd, index, 1));
}

TEST_F(gntdev, map_readonly_grant)
{
	uint64_t index;
	uint8_t *p;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	ASSERT_EQ(0, gd_map1(self->fd, self->peer, 1, &self->ro_ref, &index));
	/* Xen refuses a writable mapping of a read-only grant. */
	ASSERT_EQ(MAP_FAILED, gd_mmap(self->fd, index, 1,
				      PROT_READ | PROT_WRITE));
	p = gd_mmap(self->fd, index, 1, PROT_READ);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_TRUE(pattern_ok(p, 0, 1));
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0, gd_unmap(self->fd, index, 1));
}

TEST_F(gntdev, bad_ref_of_peer)
{
	uint32_t refs[2];
	uint64_t index;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	/* One good grant, one bad: all or nothing. */
	refs[0] = self->refs[0];
	refs[1] = 0xFFFFFF;
	ASSERT_EQ(0, gd_map1(self->fd, self->peer, 2, refs, &index));
	ASSERT_EQ(MAP_FAILED, gd_mmap(self->fd, index, 2, PROT_READ));
	if (self->ours)
		ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, gd_unmap(self->fd, index, 2));
}

TEST_F(gntdev, partial_munmap)
{
	uint64_t index;
	uint8_t *p;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	ASSERT_EQ(0, gd_map1(self->fd, self->peer, 3, self->refs, &index));
	p = gd_mmap(self->fd, index, 3, PROT_READ);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, munmap(p + PAGE, PAGE));
	/* The rest stays mapped, even once the map is gone from the file. */
	ASSERT_TRUE(pattern_ok(p, 0, 1));
	ASSERT_TRUE(pattern_ok(p + 2 * PAGE, 2, 1));
	ASSERT_EQ(0, gd_unmap(self->fd, index, 3));
	ASSERT_TRUE(pattern_ok(p + 2 * PAGE, 2, 1));
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_TRUE(pattern_ok(p + 2 * PAGE, 2, 1));
	ASSERT_EQ(0, munmap(p + 2 * PAGE, PAGE));
	ASSERT_EQ(-1, gd_unmap(self->fd, index, 3));
	ASSERT_EQ(ENOENT, errno);
}

TEST_F(gntdev, notify_clear_byte)
{
	uint32_t ctl = self->refs[self->nrefs - 1];
	uint64_t index;
	uint8_t *p;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	p = map_control(self->fd, self->peer, ctl, &index);
	ASSERT_NE(NULL, p);
	p[GNT_NOTIFY_OFF] = 0xAA;
	ASSERT_EQ(0, gd_notify(self->fd, index + GNT_NOTIFY_OFF,
			       UNMAP_NOTIFY_CLEAR_BYTE, 0));
	ASSERT_EQ(0xAA, p[GNT_NOTIFY_OFF]);
	ASSERT_EQ(0, gd_unmap(self->fd, index, 1));
	/* Still mapped: not yet. */
	ASSERT_EQ(0xAA, p[GNT_NOTIFY_OFF]);
	ASSERT_EQ(0, munmap(p, PAGE));
	p = map_control(self->fd, self->peer, ctl, &index);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, p[GNT_NOTIFY_OFF]);
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0, gd_unmap(self->fd, index, 1));
}

TEST_F(gntdev, notify_on_exit)
{
	uint32_t ctl = self->refs[self->nrefs - 1];
	int status, efd, a, b;
	uint64_t index;
	uint8_t *p;
	pid_t pid;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	/* A loopback event channel: a, bound to b, signals b. */
	efd = open("/dev/xen/evtchn", O_RDWR);
	ASSERT_LE(0, efd);
	a = xst_bind_unbound(efd, xst_self_domid());
	ASSERT_LE(0, a);
	b = xst_bind_interdomain(efd, xst_self_domid(), a);
	ASSERT_LE(0, b);
	xst_drain(efd, 200);

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* Dies with the grant mapped and the notification set. */
		p = map_control(self->fd, self->peer, ctl, &index);
		if (!p)
			_exit(1);
		p[GNT_NOTIFY_OFF] = 0xAA;
		if (gd_notify(self->fd, index + GNT_NOTIFY_OFF,
			      UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT,
			      a))
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	/*
	 * The child's file is shared with us (fork), so its map lives until
	 * our close; its VMA went at exit.  Close our copy of the file.
	 */
	close(self->fd);
	self->fd = open(GNTDEV_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(b, xst_wait_port(efd, 2000));
	p = map_control(self->fd, self->peer, ctl, &index);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, p[GNT_NOTIFY_OFF]);
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0, gd_unmap(self->fd, index, 1));
	close(efd);
}

TEST_F(gntdev, grant_copy)
{
	struct gntdev_grant_copy_segment seg[2];
	uint32_t ctl = self->refs[self->nrefs - 1];
	uint8_t *buf, *p;
	uint64_t index;
	unsigned int j;

	if (no_peer(_metadata, self->fd, self->peer))
		return;
	buf = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	memset(seg, 0, sizeof(seg));
	/* From the peer's page 1 into a buffer straddling a page boundary. */
	seg[0].flags = COPY_SRC_GREF;
	seg[0].source.foreign.ref = self->refs[1];
	seg[0].source.foreign.domid = self->peer;
	seg[0].source.foreign.offset = 1000;
	seg[0].dest.virt = buf + PAGE - 300;
	seg[0].len = 1200;
	/* And from ours to the control page. */
	seg[1].flags = COPY_DST_GREF;
	seg[1].dest.foreign.ref = ctl;
	seg[1].dest.foreign.domid = self->peer;
	seg[1].dest.foreign.offset = 2048;
	seg[1].source.virt = (void *)"grant copy";
	seg[1].len = 11;
	ASSERT_EQ(0, gd_copy(self->fd, seg, 2));
	ASSERT_EQ(GNTST_OKAY, seg[0].status);
	ASSERT_EQ(GNTST_OKAY, seg[1].status);
	for (j = 0; j < 1200; j++)
		ASSERT_EQ(GNT_PATTERN(1, 1000 + j), buf[PAGE - 300 + j]);
	p = map_control(self->fd, self->peer, ctl, &index);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, memcmp(p + 2048, "grant copy", 11));
	ASSERT_EQ(0, munmap(p, PAGE));
	ASSERT_EQ(0, gd_unmap(self->fd, index, 1));
	munmap(buf, 2 * PAGE);
}

TEST_F(gntdev, dmabuf_export)
{
	int dfd = -1, status;
	uint8_t *p;
	pid_t pid;

	if (no_peer(_metadata, self->fd, self->peer) ||
	    no_dmabuf(_metadata, self->fd, self->ours))
		return;
	ASSERT_EQ(0, gd_export(self->fd, 0, self->peer, 2, self->refs, &dfd));
	ASSERT_LE(0, dfd);
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, dfd, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_TRUE(pattern_ok(p, 0, 2));
	ASSERT_EQ(0, munmap(p, 2 * PAGE));
	/* Still held by us: the wait times out. */
	ASSERT_EQ(-1, gd_wait(self->fd, dfd, 100));
	ASSERT_EQ(ETIMEDOUT, errno);
	/* A child holds it a little longer; the wait sees it released. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		usleep(300000);
		_exit(0);
	}
	ASSERT_EQ(0, close(dfd));
	ASSERT_EQ(0, gd_wait(self->fd, dfd, 5000));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(-1, gd_wait(self->fd, dfd, 10));
	ASSERT_EQ(ENOENT, errno);
}

TEST_F(gntdev, dmabuf_import)
{
	uint32_t refs[2];
	int dfd = -1;

	if (no_peer(_metadata, self->fd, self->peer) ||
	    no_dmabuf(_metadata, self->fd, self->ours))
		return;
	ASSERT_EQ(0, gd_export(self->fd, 0, self->peer, 2, self->refs, &dfd));
	/* The size must match. */
	ASSERT_EQ(-1, gd_import(self->fd, dfd, 3, self->peer, 0, refs));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(0, gd_import(self->fd, dfd, 2, self->peer, 0, refs));
	ASSERT_NE(refs[0], refs[1]);
	ASSERT_LE(8, refs[0]);
	ASSERT_EQ(0, gd_imp_release(self->fd, dfd, 0));
	ASSERT_EQ(-1, gd_imp_release(self->fd, dfd, 0));
	ASSERT_EQ(ENOENT, errno);
	/* Imported and never released: the close ends the grants. */
	ASSERT_EQ(0, gd_import(self->fd, dfd, 2, self->peer, 0, refs));
	ASSERT_EQ(0, close(dfd));
}

TEST_HARNESS_MAIN
