/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny xenstore client for the lab's guest programs: it speaks the
 * xenstore wire protocol (a struct xsd_sockmsg header followed by
 * nul-separated strings, see include/xen/interface/io/xs_wire.h) over the
 * guest kernel's /dev/xen/xenbus.  Paths without a leading '/' are relative
 * to the guest's own /local/domain/DOMID.  No watches and no transactions:
 * callers poll.
 */
#ifndef LAB_XS_CLIENT_H
#define LAB_XS_CLIENT_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Message types (enum xsd_sockmsg_type of xs_wire.h). */
#define XS_MSG_DIRECTORY	1
#define XS_MSG_READ		2
#define XS_MSG_WRITE		11
#define XS_MSG_RM		13
#define XS_MSG_ERROR		16
/* XENSTORE_PAYLOAD_MAX of xs_wire.h */
#define XS_PAYLOAD_MAX		4096

struct xs_msg_hdr {
	uint32_t type;
	uint32_t req_id;
	uint32_t tx_id;
	uint32_t len;
};

static int xs_fd = -1;
static uint32_t xs_next_id;

static int xs_open(void)
{
	if (xs_fd >= 0)
		return 0;
	xs_fd = open("/dev/xen/xenbus", O_RDWR);
	if (xs_fd < 0) {
		perror("open /dev/xen/xenbus");
		return -1;
	}
	return 0;
}

static int xs_read_full(void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(xs_fd, (char *)buf + got, len - got);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		got += n;
	}
	return 0;
}

/*
 * One request: @path (with its nul), then @val (@vlen bytes, no nul) for a
 * write.  The reply's payload lands nul-terminated in @out.  Returns 0, or
 * -1 with errno set (EIO for a xenstore error; the error name is in @out).
 */
static int xs_request(uint32_t type, const char *path, const char *val,
		      size_t vlen, char *out, size_t outsz)
{
	static char buf[sizeof(struct xs_msg_hdr) + 2 * XS_PAYLOAD_MAX];
	struct xs_msg_hdr h = { .type = type, .req_id = ++xs_next_id };
	size_t plen = strlen(path) + 1;
	char *reply;

	if (xs_open())
		return -1;
	if (plen + vlen > XS_PAYLOAD_MAX) {
		errno = E2BIG;
		return -1;
	}
	h.len = plen + vlen;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), path, plen);
	if (vlen)
		memcpy(buf + sizeof(h) + plen, val, vlen);
	if (write(xs_fd, buf, sizeof(h) + h.len) != (ssize_t)(sizeof(h) + h.len))
		return -1;
	if (xs_read_full(&h, sizeof(h)) || h.len > XS_PAYLOAD_MAX)
		return -1;
	reply = buf;
	if (xs_read_full(reply, h.len))
		return -1;
	reply[h.len] = '\0';
	if (out && outsz) {
		size_t n = h.len < outsz - 1 ? h.len : outsz - 1;

		memcpy(out, reply, n);
		out[n] = '\0';
	}
	if (h.type == XS_MSG_ERROR) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static int xs_read(const char *path, char *out, size_t outsz)
{
	return xs_request(XS_MSG_READ, path, NULL, 0, out, outsz);
}

static int xs_write(const char *path, const char *val)
{
	char ignored[64];

	return xs_request(XS_MSG_WRITE, path, val, strlen(val), ignored,
			  sizeof(ignored));
}

static int xs_rm(const char *path)
{
	char ignored[64];

	return xs_request(XS_MSG_RM, path, NULL, 0, ignored, sizeof(ignored));
}

/* The unsigned number at @path, or @def when absent or not a number. */
static unsigned long long xs_read_ull(const char *path,
				      unsigned long long def)
{
	char val[64], *end;
	unsigned long long v;

	if (xs_read(path, val, sizeof(val)))
		return def;
	errno = 0;
	v = strtoull(val, &end, 10);
	if (errno || end == val)
		return def;
	return v;
}

static double xs_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Poll the integer at @path until it is one of the values whose bit is set
 * in @mask, for at most @secs seconds.  Returns the last value read (-1 if
 * never read).
 */
static int xs_wait_mask(const char *path, unsigned int mask, double secs)
{
	double end = xs_now() + secs;
	int v = -1;

	for (;;) {
		v = (int)xs_read_ull(path, (unsigned long long)-1);
		if (v >= 0 && v < 32 && (mask & (1U << v)))
			return v;
		if (xs_now() > end)
			return v;
		usleep(20000);
	}
}

#endif /* LAB_XS_CLIENT_H */
