// SPDX-License-Identifier: GPL-2.0
/*
 * blkhostile - a hostile blkif frontend, run in a lab guest that has not
 * loaded xen-blkfront.  It speaks the protocol itself from userspace: the
 * ring and data pages come from /dev/xen/gntalloc (granted to the backend's
 * domain), the event channel from /dev/xen/evtchn, and the xenstore
 * handshake goes through /dev/xen/xenbus (xs_client.h).  Then it
 * misbehaves on purpose, one case at a time, and reports what the backend
 * did:
 *
 *   blkhostile run FAST SLOW CASE...   run cases on the vbds FAST and SLOW
 *                                      (xenstore device ids, e.g. 51712);
 *                                      SLOW is a device whose I/O takes a
 *                                      while, for cases that need requests
 *                                      in flight
 *   blkhostile list                    the cases
 *   blkhostile xs-read PATH            print a xenstore value
 *
 * Each case prints "@@GUEST case NAME ok|fail|skip DETAIL" and leaves the
 * device as it found it (InitWait), so that many cases run in one boot.
 * A case passes when the backend refused what it had to refuse (an error
 * response, or Closing for a broken ring or a malformed handshake) and
 * still serves correct requests afterwards.  dom0 checks its own health.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

/* linux-libc-dev's <xen/evtchn.h> uses domid_t without defining it. */
#define domid_t uint16_t
#include <xen/evtchn.h>
#include <xen/gntalloc.h>

#include "xs_client.h"

#define PAGE		4096
#define NDATA		16	/* data pages granted to the backend */
#define RING_HDR	64	/* indices and padding before the first slot */
#define OFF_REQ_PROD	0
#define OFF_REQ_EVENT	4
#define OFF_RSP_PROD	8
#define OFF_RSP_EVENT	12

#define OP_READ		0
#define OP_WRITE	1
#define OP_FLUSH	3
#define OP_DISCARD	5
#define OP_INDIRECT	6
#define RSP_OKAY	0

#define ST_INITIALISING	1
#define ST_INITWAIT	2
#define ST_INITIALISED	3
#define ST_CONNECTED	4
#define ST_CLOSING	5
#define ST_CLOSED	6
#define BIT(n)		(1U << (n))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A domain that exists nowhere: grants to it are "foreign" to dom0. */
#define FOREIGN_DOMID	4000
#define BAD_GREF	0x7ffff000u

enum { HC_OK, HC_FAIL, HC_SKIP };

/* Byte offsets of a slot's fields, per ABI (include/xen/interface/io/blkif.h). */
struct layout {
	const char *protocol;
	unsigned int slot, id, sector, seg, ind_handle, ind_grefs, discard_nr;
	unsigned int rsp_size;
};

static const struct layout lay64 = {
	"x86_64-abi", 112, 8, 16, 24, 24, 28, 24, 16
};

static const struct layout lay32 = {
	"x86_32-abi", 108, 4, 12, 20, 20, 24, 20, 12
};

struct vbd {
	int devid;
	bool slow;
	char fe[64];
	char be[128];
	int beid;
	unsigned int max_order, max_queues, max_indirect;
	unsigned long long sectors;

	int gfd, efd;
	unsigned int order;
	uint8_t *ring;
	uint32_t ring_gref[16];
	uint8_t *data;
	uint32_t data_gref[NDATA];
	uint8_t *ro_page;
	uint32_t ro_gref;
	uint8_t *foreign_page;
	uint32_t foreign_gref;
	uint32_t port;
	const struct layout *l;
	unsigned int nr_ents;
	uint32_t req_prod_pvt, rsp_cons;
};

struct seg {
	uint32_t gref;
	uint8_t first, last;
};

struct req {
	uint8_t op;
	uint8_t nseg;
	uint8_t ind_op;
	uint16_t ind_nseg;
	uint8_t discard_flag;
	uint64_t id, sector, nr_sectors;
	struct seg seg[11];
	uint32_t ind_gref[8];
};

struct rsp {
	uint64_t id;
	uint8_t op;
	int16_t status;
};

static char detail[512];

static void say(const char *fmt, ...)
{
	size_t n = strlen(detail);
	va_list ap;

	if (n >= sizeof(detail) - 2)
		return;
	if (n) {
		memcpy(detail + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(detail + n, sizeof(detail) - n, fmt, ap);
	va_end(ap);
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint32_t ring_get(struct vbd *v, unsigned int off)
{
	return __atomic_load_n((uint32_t *)(v->ring + off), __ATOMIC_ACQUIRE);
}

static void ring_set(struct vbd *v, unsigned int off, uint32_t val)
{
	__atomic_store_n((uint32_t *)(v->ring + off), val, __ATOMIC_RELEASE);
}

static uint8_t *slot_at(struct vbd *v, uint32_t i)
{
	return v->ring + RING_HDR + (size_t)(i & (v->nr_ents - 1)) * v->l->slot;
}

static int be_state(struct vbd *v)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/state", v->be);
	return (int)xs_read_ull(p, (unsigned long long)-1);
}

static int be_wait(struct vbd *v, unsigned int mask, double secs)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/state", v->be);
	return xs_wait_mask(p, mask, secs);
}

static int fe_write(struct vbd *v, const char *key, const char *val)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", v->fe, key);
	return xs_write(p, val);
}

static void fe_rm(struct vbd *v, const char *key)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", v->fe, key);
	xs_rm(p);
}

static void fe_state(struct vbd *v, int st)
{
	char val[8];

	snprintf(val, sizeof(val), "%d", st);
	fe_write(v, "state", val);
}

static void notify(struct vbd *v)
{
	struct ioctl_evtchn_notify n = { .port = v->port };

	ioctl(v->efd, IOCTL_EVTCHN_NOTIFY, &n);
}

/* Grant @n fresh pages to @domid; returns their mapping, NULL on error. */
static uint8_t *gnt_alloc(struct vbd *v, int domid, unsigned int n,
			  bool writable, uint32_t *grefs)
{
	struct ioctl_gntalloc_alloc_gref *a;
	uint8_t *p;

	a = calloc(1, sizeof(*a) + n * sizeof(uint32_t));
	if (!a)
		return NULL;
	a->domid = domid;
	a->flags = writable ? GNTALLOC_FLAG_WRITABLE : 0;
	a->count = n;
	if (ioctl(v->gfd, IOCTL_GNTALLOC_ALLOC_GREF, a)) {
		say("gntalloc: %s", strerror(errno));
		free(a);
		return NULL;
	}
	memcpy(grefs, a->gref_ids, n * sizeof(uint32_t));
	p = mmap(NULL, (size_t)n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 v->gfd, a->index);
	free(a);
	if (p == MAP_FAILED) {
		say("mmap gntalloc: %s", strerror(errno));
		return NULL;
	}
	memset(p, 0, (size_t)n * PAGE);
	return p;
}

static void vbd_free(struct vbd *v)
{
	if (v->ring)
		munmap(v->ring, (size_t)PAGE << v->order);
	if (v->data)
		munmap(v->data, (size_t)NDATA * PAGE);
	if (v->ro_page)
		munmap(v->ro_page, PAGE);
	if (v->foreign_page)
		munmap(v->foreign_page, PAGE);
	v->ring = NULL;
	v->data = NULL;
	v->ro_page = NULL;
	v->foreign_page = NULL;
	if (v->gfd >= 0)
		close(v->gfd);
	if (v->efd >= 0)
		close(v->efd);
	v->gfd = -1;
	v->efd = -1;
}

/* Ring, data pages and event channel, for a ring of 2^@order pages. */
static int vbd_alloc(struct vbd *v, unsigned int order, const struct layout *l)
{
	struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = v->beid };
	unsigned int n;
	int port;

	v->order = order;
	v->l = l;
	v->req_prod_pvt = 0;
	v->rsp_cons = 0;
	v->gfd = open("/dev/xen/gntalloc", O_RDWR);
	v->efd = open("/dev/xen/evtchn", O_RDWR);
	if (v->gfd < 0 || v->efd < 0) {
		say("open gntalloc/evtchn: %s", strerror(errno));
		goto err;
	}
	v->ring = gnt_alloc(v, v->beid, 1U << order, true, v->ring_gref);
	v->data = gnt_alloc(v, v->beid, NDATA, true, v->data_gref);
	v->ro_page = gnt_alloc(v, v->beid, 1, false, &v->ro_gref);
	v->foreign_page = gnt_alloc(v, FOREIGN_DOMID, 1, true,
				    &v->foreign_gref);
	if (!v->ring || !v->data || !v->ro_page || !v->foreign_page)
		goto err;
	port = ioctl(v->efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
	if (port < 0) {
		say("bind unbound port: %s", strerror(errno));
		goto err;
	}
	v->port = port;
	n = ((PAGE << order) - RING_HDR) / l->slot;
	for (v->nr_ents = 1; v->nr_ents * 2 <= n; v->nr_ents *= 2)
		;
	ring_set(v, OFF_REQ_EVENT, 1);
	ring_set(v, OFF_RSP_EVENT, 1);
	return 0;
err:
	vbd_free(v);
	return -1;
}

/* What the handshake writes; NULL fields are written the normal way. */
struct pub {
	const char *ring_ref;		/* value of ring-ref (one-page ring) */
	const char *evtchn;		/* value of event-channel */
	const char *order;		/* value of ring-page-order */
	const char *queues;		/* multi-queue-num-queues, if set */
	const char *protocol;
	bool no_ring_ref, no_evtchn;
};

static void vbd_publish(struct vbd *v, const struct pub *o)
{
	char key[32], val[32];
	unsigned int i;

	if (o->order || v->order) {
		snprintf(val, sizeof(val), "%u", v->order);
		fe_write(v, "ring-page-order", o->order ? o->order : val);
		for (i = 0; i < (1U << v->order) && !o->no_ring_ref; i++) {
			snprintf(key, sizeof(key), "ring-ref%u", i);
			snprintf(val, sizeof(val), "%u", v->ring_gref[i]);
			fe_write(v, key, val);
		}
	} else if (!o->no_ring_ref) {
		snprintf(val, sizeof(val), "%u", v->ring_gref[0]);
		fe_write(v, "ring-ref", o->ring_ref ? o->ring_ref : val);
	}
	if (!o->no_evtchn) {
		snprintf(val, sizeof(val), "%u", v->port);
		fe_write(v, "event-channel", o->evtchn ? o->evtchn : val);
	}
	if (o->queues)
		fe_write(v, "multi-queue-num-queues", o->queues);
	fe_write(v, "protocol", o->protocol ? o->protocol : v->l->protocol);
	fe_write(v, "feature-persistent", "1");
	fe_state(v, ST_INITIALISED);
}

/* Allocate, publish normally and wait for Connected. */
static int up_abi(struct vbd *v, const struct layout *l)
{
	struct pub o = { 0 };
	char path[160];
	int st;

	if (vbd_alloc(v, 0, l))
		return -1;
	vbd_publish(v, &o);
	st = be_wait(v, BIT(ST_CONNECTED) | BIT(ST_CLOSING) | BIT(ST_CLOSED),
		     60);
	if (st != ST_CONNECTED) {
		say("backend state %d instead of Connected", st);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/sectors", v->be);
	v->sectors = xs_read_ull(path, 0);
	return 0;
}

static int up(struct vbd *v)
{
	return up_abi(v, &lay64);
}

/*
 * Back to InitWait, whatever state the case left the device in: Closing,
 * Closed, then Initialising, waiting for the backend at each step (a watch
 * coalesces quick changes), and our grants and port released.
 */
static int vbd_reset(struct vbd *v)
{
	static const char * const keys[] = {
		"ring-ref", "ring-ref0", "ring-ref1", "ring-ref2", "ring-ref3",
		"event-channel", "protocol", "ring-page-order",
		"multi-queue-num-queues", "feature-persistent", "queue-0",
		"queue-1",
	};
	int st, err = 0;
	unsigned int i;

	fe_state(v, ST_CLOSING);
	st = be_wait(v, BIT(ST_CLOSING) | BIT(ST_CLOSED), 30);
	if (st != ST_CLOSING && st != ST_CLOSED) {
		say("reset: backend %d after our Closing", st);
		err = -1;
	}
	fe_state(v, ST_CLOSED);
	st = be_wait(v, BIT(ST_CLOSED), 30);
	if (st != ST_CLOSED) {
		say("reset: backend %d after our Closed", st);
		err = -1;
	}
	vbd_free(v);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		fe_rm(v, keys[i]);
	fe_state(v, ST_INITIALISING);
	st = be_wait(v, BIT(ST_INITWAIT), 30);
	if (st != ST_INITWAIT) {
		say("reset: backend %d after our Initialising", st);
		err = -1;
	}
	return err;
}

static void encode(struct vbd *v, uint8_t *s, const struct req *r)
{
	const struct layout *l = v->l;
	unsigned int i, n;

	s[0] = r->op;
	switch (r->op) {
	case OP_INDIRECT:
		s[1] = r->ind_op;
		put16(s + 2, r->ind_nseg);
		put64(s + l->id, r->id);
		put64(s + l->sector, r->sector);
		put16(s + l->ind_handle, 0);
		for (i = 0; i < 8; i++)
			put32(s + l->ind_grefs + 4 * i, r->ind_gref[i]);
		break;
	case OP_DISCARD:
		s[1] = r->discard_flag;
		put64(s + l->id, r->id);
		put64(s + l->sector, r->sector);
		put64(s + l->discard_nr, r->nr_sectors);
		break;
	default:
		s[1] = r->nseg;
		put16(s + 2, 0);
		put64(s + l->id, r->id);
		put64(s + l->sector, r->sector);
		n = r->nseg < 11 ? r->nseg : 11;
		for (i = 0; i < n; i++) {
			put32(s + l->seg + 8 * i, r->seg[i].gref);
			s[l->seg + 8 * i + 4] = r->seg[i].first;
			s[l->seg + 8 * i + 5] = r->seg[i].last;
		}
		break;
	}
}

static void post(struct vbd *v, const struct req *r)
{
	uint8_t *s = slot_at(v, v->req_prod_pvt++);

	memset(s, 0, v->l->slot);
	encode(v, s, r);
}

static void push(struct vbd *v)
{
	ring_set(v, OFF_REQ_PROD, v->req_prod_pvt);
	notify(v);
}

static int get_rsp(struct vbd *v, struct rsp *r, double secs)
{
	double end = xs_now() + secs;
	uint8_t *s;

	while (ring_get(v, OFF_RSP_PROD) == v->rsp_cons) {
		if (xs_now() > end)
			return -1;
		usleep(1000);
	}
	s = slot_at(v, v->rsp_cons++);
	memcpy(&r->id, s, 8);
	r->op = s[8];
	memcpy(&r->status, s + 10, 2);
	return 0;
}

/* A one-segment request on data page @page, 8 sectors at @sector. */
static struct req rw(uint8_t op, uint64_t sector, unsigned int page)
{
	struct req r = { .op = op, .nseg = 1, .sector = sector };

	r.id = 0x1000 + sector;
	r.seg[0].gref = page;	/* replaced by the caller's mapping below */
	r.seg[0].first = 0;
	r.seg[0].last = 7;
	return r;
}

static struct req rw_page(struct vbd *v, uint8_t op, uint64_t sector,
			  unsigned int page)
{
	struct req r = rw(op, sector, page);

	r.seg[0].gref = v->data_gref[page];
	return r;
}

/* Post @r alone and return the response's status (or 99 with no answer). */
static int submit(struct vbd *v, struct req *r, double secs)
{
	struct rsp rsp;

	post(v, r);
	push(v);
	if (get_rsp(v, &rsp, secs)) {
		say("no response to %s request (backend state %d)",
		    r->op == OP_INDIRECT ? "indirect" : "a", be_state(v));
		return 99;
	}
	if (rsp.id != r->id) {
		say("response id %" PRIx64 " for request %" PRIx64, rsp.id,
		    r->id);
		return 98;
	}
	return rsp.status;
}

/* Expect an error response to @r; @what names it in the report. */
static int refused(struct vbd *v, struct req r, const char *what)
{
	int st = submit(v, &r, 20);

	if (st == RSP_OKAY || st >= 98) {
		say("%s: status %d, wanted an error", what, st);
		return -1;
	}
	return 0;
}

/* Write a pattern with page 0 at sector 8, read it back into page 1. */
static int io_check(struct vbd *v, const char *when)
{
	struct req w = rw_page(v, OP_WRITE, 8, 0), r = rw_page(v, OP_READ, 8, 1);
	unsigned int i;
	int st;

	for (i = 0; i < PAGE; i++)
		v->data[i] = (uint8_t)(i * 7 + v->req_prod_pvt);
	memset(v->data + PAGE, 0, PAGE);
	st = submit(v, &w, 30);
	if (st == RSP_OKAY)
		st = submit(v, &r, 30);
	if (st != RSP_OKAY) {
		say("%s: good I/O failed: status %d, backend %d", when, st,
		    be_state(v));
		return -1;
	}
	if (memcmp(v->data, v->data + PAGE, PAGE)) {
		say("%s: good I/O read back other data", when);
		return -1;
	}
	return 0;
}

/* Wait for the backend to give up on the device. */
static int closes(struct vbd *v, const char *what)
{
	int st = be_wait(v, BIT(ST_CLOSING) | BIT(ST_CLOSED), 20);

	if (st != ST_CLOSING && st != ST_CLOSED) {
		say("%s: backend still %d, wanted Closing", what, st);
		return -1;
	}
	say("%s: backend went %s", what, st == ST_CLOSING ? "Closing" : "Closed");
	return 0;
}

/* ---- the cases ------------------------------------------------------ */

static int c_good_io(struct vbd *v)
{
	if (up(v) || io_check(v, "baseline"))
		return HC_FAIL;
	say("%u-slot ring, %llu sectors", v->nr_ents, v->sectors);
	return HC_OK;
}

static int c_prod_ahead(struct vbd *v)
{
	if (up(v))
		return HC_FAIL;
	ring_set(v, OFF_REQ_PROD, v->nr_ents + 7);
	notify(v);
	return closes(v, "producer a ring and 7 ahead") ? HC_FAIL : HC_OK;
}

static int c_prod_wrap(struct vbd *v)
{
	if (up(v))
		return HC_FAIL;
	ring_set(v, OFF_REQ_PROD, 0xffffff00u);
	notify(v);
	return closes(v, "producer wrapped backwards") ? HC_FAIL : HC_OK;
}

/*
 * The producer moves back behind what the backend already consumed while
 * requests are still in flight: not "more than a ring ahead of the
 * responses", yet impossible.
 */
static int c_prod_backward(struct vbd *v)
{
	unsigned int i;
	struct req r;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < 8; i++) {
		r = rw_page(v, OP_READ, 64 + 8 * i, i);
		post(v, &r);
	}
	push(v);
	for (i = 0; i < 2000 && ring_get(v, OFF_REQ_EVENT) != 9; i++)
		usleep(1000);
	if (ring_get(v, OFF_RSP_PROD) != 0) {
		say("device answered before the producer moved back: %u",
		    ring_get(v, OFF_RSP_PROD));
		return HC_SKIP;
	}
	ring_set(v, OFF_REQ_PROD, 4);
	notify(v);
	return closes(v, "producer moved behind the consumer") ? HC_FAIL : HC_OK;
}

static int c_seg_count(struct vbd *v)
{
	struct req r;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	r = rw_page(v, OP_READ, 0, 0);
	r.nseg = 0;
	bad |= refused(v, r, "read with 0 segments");
	r.op = OP_WRITE;
	bad |= refused(v, r, "write with 0 segments");
	r = rw_page(v, OP_READ, 0, 0);
	r.nseg = 12;
	bad |= refused(v, r, "read with 12 segments");
	r.nseg = 255;
	bad |= refused(v, r, "read with 255 segments");
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

static int c_sectors(struct vbd *v)
{
	struct req r;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	r = rw_page(v, OP_READ, 0, 0);
	r.seg[0].first = 4;
	r.seg[0].last = 3;
	bad |= refused(v, r, "first_sect > last_sect");
	r.seg[0].first = 0;
	r.seg[0].last = 8;
	bad |= refused(v, r, "last_sect 8");
	r.seg[0].first = 9;
	r.seg[0].last = 9;
	bad |= refused(v, r, "first_sect 9");
	r.seg[0].first = 0;
	r.seg[0].last = 255;
	r.op = OP_WRITE;
	bad |= refused(v, r, "write with last_sect 255");
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

static int c_past_end(struct vbd *v)
{
	struct req r;
	int bad = 0, st;

	if (up(v))
		return HC_FAIL;
	if (v->sectors < 16) {
		say("backend published %llu sectors", v->sectors);
		return HC_FAIL;
	}
	bad |= refused(v, rw_page(v, OP_READ, v->sectors, 0), "read at the end");
	bad |= refused(v, rw_page(v, OP_WRITE, v->sectors - 4, 0),
		       "write across the end");
	bad |= refused(v, rw_page(v, OP_READ, UINT64_MAX - 3, 0),
		       "read at 2^64-4 (sector + length wraps)");
	bad |= refused(v, rw_page(v, OP_READ, 1ULL << 60, 0), "read at 2^60");
	r = (struct req){ .op = OP_DISCARD, .id = 77, .sector = v->sectors - 8,
			  .nr_sectors = 16 };
	bad |= refused(v, r, "discard across the end");
	r.sector = 8;
	r.nr_sectors = UINT64_MAX - 4;
	bad |= refused(v, r, "discard of 2^64-5 sectors");
	r = rw_page(v, OP_READ, v->sectors - 8, 0);
	st = submit(v, &r, 20);
	if (st != RSP_OKAY) {
		say("read of the last 8 sectors: status %d", st);
		bad = 1;
	}
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

static int c_bad_op(struct vbd *v)
{
	static const uint8_t ops[] = { 4, 7, 8, 100, 255 };
	unsigned int i;
	struct req r;
	char what[32];
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < sizeof(ops); i++) {
		r = rw_page(v, OP_READ, 0, 0);
		r.op = ops[i];
		snprintf(what, sizeof(what), "operation %u", ops[i]);
		bad |= refused(v, r, what);
	}
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

static int c_bad_gref(struct vbd *v)
{
	struct req r;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	r = rw_page(v, OP_READ, 0, 0);
	r.seg[0].gref = BAD_GREF;
	bad |= refused(v, r, "read into an unknown grant");
	r.op = OP_WRITE;
	bad |= refused(v, r, "write from an unknown grant");
	r.seg[0].gref = v->foreign_gref;
	bad |= refused(v, r, "write from a grant to another domain");
	r.op = OP_READ;
	bad |= refused(v, r, "read into a grant to another domain");
	r.seg[0].gref = v->ro_gref;
	bad |= refused(v, r, "read into a read-only grant");
	r.seg[0].gref = v->ring_gref[0];
	r.op = OP_WRITE;
	r.sector = 4096;
	if (submit(v, &r, 20) != RSP_OKAY)
		say("(write from the ring page itself refused)");
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

/*
 * XSA-365/XSA-371: a request whose grants map only in part.  The backend
 * must answer with an error, undo the mappings that worked (persistent
 * ones included) and go on serving the same pages.
 */
static int c_partial_map(struct vbd *v)
{
	struct req r;
	int bad = 0, i;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < 16 && !bad; i++) {
		r = rw_page(v, i & 1 ? OP_WRITE : OP_READ, 128, 0);
		r.nseg = 3;
		r.seg[1] = (struct seg){ BAD_GREF + i, 0, 7 };
		r.seg[2] = (struct seg){ v->data_gref[2 + (i & 3)], 0, 7 };
		if (i & 2)
			r.seg[1].gref = v->foreign_gref;
		bad |= refused(v, r, "request with a bad grant in the middle");
	}
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

/* Segment descriptors for an indirect request, in data page @page. */
static void put_descs(struct vbd *v, unsigned int page, unsigned int n,
		      uint32_t gref, uint8_t first, uint8_t last)
{
	uint8_t *p = v->data + (size_t)page * PAGE;
	unsigned int i;

	for (i = 0; i < n && i < PAGE / 8; i++) {
		put32(p + 8 * i, gref ? gref : v->data_gref[i % 8]);
		p[8 * i + 4] = first;
		p[8 * i + 5] = last;
		p[8 * i + 6] = 0;
		p[8 * i + 7] = 0;
	}
}

static struct req ind(struct vbd *v, uint8_t op, uint16_t nseg,
		      unsigned int page)
{
	struct req r = { .op = OP_INDIRECT, .ind_op = op, .ind_nseg = nseg,
			 .id = 0x2000 + nseg, .sector = 256 };

	r.ind_gref[0] = v->data_gref[page];
	return r;
}

static int c_indirect(struct vbd *v)
{
	struct req r;
	int bad = 0, st;

	if (up(v))
		return HC_FAIL;
	if (!v->max_indirect) {
		say("backend offers no indirect segments");
		return HC_SKIP;
	}
	put_descs(v, 15, 512, 0, 0, 7);
	bad |= refused(v, ind(v, OP_READ, v->max_indirect + 1, 15),
		       "one segment more than offered");
	bad |= refused(v, ind(v, OP_READ, 0, 15), "0 segments");
	bad |= refused(v, ind(v, OP_READ, 65535, 15), "65535 segments");
	bad |= refused(v, ind(v, OP_FLUSH, 16, 15), "indirect flush");
	bad |= refused(v, ind(v, OP_INDIRECT, 16, 15), "indirect indirect");
	bad |= refused(v, ind(v, OP_DISCARD, 16, 15), "indirect discard");
	r = ind(v, OP_READ, 16, 15);
	r.ind_gref[0] = BAD_GREF;
	bad |= refused(v, r, "unknown grant for the indirect page");
	r.ind_gref[0] = v->foreign_gref;
	bad |= refused(v, r, "foreign grant for the indirect page");
	/*
	 * A read-only indirect page is fine (the backend only reads it), but
	 * the descriptors in it name an unknown grant.
	 */
	r.ind_gref[0] = v->ro_gref;
	r.ind_op = OP_WRITE;
	memcpy(v->ro_page, v->data + 15 * PAGE, PAGE);
	put32(v->ro_page + 8, BAD_GREF);
	bad |= refused(v, r, "read-only indirect page naming an unknown grant");
	if (v->max_indirect > 512) {
		put_descs(v, 15, 512, 0, 0, 7);
		r = ind(v, OP_READ, 600, 15);
		r.ind_gref[1] = BAD_GREF;
		bad |= refused(v, r, "second indirect page unknown");
	}
	put_descs(v, 15, 16, 0, 6, 2);
	bad |= refused(v, ind(v, OP_READ, 16, 15), "descriptors first > last");
	put_descs(v, 15, 16, 0, 0, 8);
	bad |= refused(v, ind(v, OP_WRITE, 16, 15), "descriptors last 8");
	put_descs(v, 15, 16, BAD_GREF, 0, 7);
	bad |= refused(v, ind(v, OP_READ, 16, 15), "descriptors bad grant");
	put_descs(v, 15, 16, 0, 0, 7);
	r = ind(v, OP_READ, 16, 15);
	r.sector = v->sectors - 64;
	bad |= refused(v, r, "indirect read across the end");
	r.sector = 256;
	st = submit(v, &r, 30);
	if (st != RSP_OKAY) {
		say("a valid 16-segment indirect read: status %d", st);
		bad = 1;
	}
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

/* Requests in flight with one id: each is answered, with that id. */
static int c_id_reuse(struct vbd *v)
{
	unsigned int i, n = 0;
	struct rsp rsp;
	struct req r;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < 8; i++) {
		r = rw_page(v, i & 1 ? OP_WRITE : OP_READ, 512 + 8 * i, i);
		r.id = 0x4242;
		post(v, &r);
	}
	push(v);
	while (n < 8 && !get_rsp(v, &rsp, 30)) {
		n++;
		if (rsp.id != 0x4242 || rsp.status != RSP_OKAY) {
			say("response id %" PRIx64 " status %d", rsp.id,
			    rsp.status);
			bad = 1;
		}
	}
	if (n != 8) {
		say("%u responses to 8 requests", n);
		bad = 1;
	}
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

struct mutator {
	struct vbd *v;
	int stop;
	unsigned long rounds;
};

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Runs in a clone() sharing our memory, calling no libc function (it has
 * no TLS of its own): rewrites the fields of every request slot, but never
 * the indices, until told to stop.
 */
static int mutate(void *arg)
{
	struct mutator *m = arg;
	struct vbd *v = m->v;
	uint64_t x = 0x9e3779b97f4a7c15ULL, r;
	unsigned int i;
	uint8_t *s;

	while (!__atomic_load_n(&m->stop, __ATOMIC_RELAXED)) {
		for (i = 0; i < v->nr_ents; i++) {
			s = slot_at(v, i);
			r = xorshift(&x);
			switch (r & 7) {
			case 0:
				s[0] = (uint8_t)(r >> 8) % 8;	/* op */
				break;
			case 1:
				s[1] = (uint8_t)(r >> 8);	/* nr_segments */
				break;
			case 2:
				s[v->l->seg + 4] = (uint8_t)(r >> 8) & 15;
				s[v->l->seg + 5] = (uint8_t)(r >> 16) & 15;
				break;
			case 3:
				put64(s + v->l->sector, r >> (r & 63));
				break;
			case 4:
				put32(s + v->l->seg, (uint32_t)(r >> 20));
				break;
			case 5:
				s[0] = OP_INDIRECT;
				put16(s + 2, (uint16_t)(r >> 8));
				break;
			default:
				s[1] = (uint8_t)(r >> 8) % 12;
				break;
			}
		}
		__atomic_add_fetch(&m->rounds, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

/*
 * XSA-155: the frontend rewrites each request while the backend reads it.
 * A backend that reads a field twice (checks one value, uses another) can
 * be driven out of bounds; ours must copy each slot once.  Every request
 * must be answered and the device must still work.
 */
static int c_double_fetch(struct vbd *v)
{
	static struct mutator m;
	const unsigned int total = 600;
	unsigned int posted = 0, i;
	char *stack;
	double end;
	struct req r;
	pid_t pid;
	int bad = 0, st;

	if (up(v))
		return HC_FAIL;
	stack = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stack == MAP_FAILED)
		return HC_FAIL;
	m = (struct mutator){ .v = v };
	pid = clone(mutate, stack + (1 << 16), CLONE_VM | SIGCHLD, &m);
	if (pid < 0) {
		say("clone: %s", strerror(errno));
		return HC_FAIL;
	}
	end = xs_now() + 120;
	while (posted < total && xs_now() < end) {
		v->rsp_cons = ring_get(v, OFF_RSP_PROD);
		while (posted < total &&
		       v->req_prod_pvt - v->rsp_cons < v->nr_ents - 1) {
			i = posted++;
			r = rw_page(v, i & 1 ? OP_WRITE : OP_READ,
				    1024 + 8 * (i % 64), i % 8);
			post(v, &r);
		}
		push(v);
		usleep(2000);
		st = be_state(v);
		if (st != ST_CONNECTED)
			break;
	}
	while (ring_get(v, OFF_RSP_PROD) != v->req_prod_pvt && xs_now() < end)
		usleep(10000);
	__atomic_store_n(&m.stop, 1, __ATOMIC_RELAXED);
	waitpid(pid, NULL, 0);
	munmap(stack, 1 << 16);
	v->rsp_cons = ring_get(v, OFF_RSP_PROD);
	say("%u requests posted, %u answered, %lu rewrite rounds", posted,
	    v->rsp_cons, m.rounds);
	if (v->rsp_cons != v->req_prod_pvt || posted != total) {
		say("not every request was answered (backend %d)", be_state(v));
		bad = 1;
	}
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

/*
 * XSA-332: notifications without requests, as fast as the guest can send
 * them.  The backend's event channel must be throttled (late EOI) rather
 * than keep dom0 busy; afterwards it must still serve requests.
 */
static int c_event_flood(struct vbd *v)
{
	unsigned long n = 0;
	double t0, t;

	if (up(v))
		return HC_FAIL;
	t0 = xs_now();
	do {
		notify(v);
		n++;
	} while ((n & 1023) || xs_now() - t0 < 5);
	t = xs_now();
	if (io_check(v, "after the flood"))
		return HC_FAIL;
	say("%lu notifications in %.1f s; a request then took %.2f s", n,
	    t - t0, xs_now() - t);
	return HC_OK;
}

/*
 * XSA-216: a response must not carry backend memory.  The slot is filled
 * with a pattern before the request is written over it; after the
 * response, every byte outside id/operation/status must be either what we
 * wrote there or zero.
 */
static int rsp_leak_check(struct vbd *v, struct req r, const char *what)
{
	uint8_t snap[112], *s;
	unsigned int i, size = v->l->slot;
	struct rsp rsp;

	s = slot_at(v, v->req_prod_pvt);
	memset(s, 0xa5, size);
	encode(v, s, &r);
	memcpy(snap, s, size);
	v->req_prod_pvt++;
	push(v);
	if (get_rsp(v, &rsp, 20)) {
		say("%s: no response", what);
		return -1;
	}
	for (i = 0; i < size; i++) {
		if (i < 9 || i == 10 || i == 11)
			continue;	/* id, operation, status */
		if (s[i] != snap[i] && s[i] != 0) {
			say("%s (%s): byte %u of the slot is %#x, was %#x",
			    what, v->l->protocol, i, s[i], snap[i]);
			return -1;
		}
	}
	return 0;
}

static int c_rsp_leak(struct vbd *v)
{
	const struct layout *l[] = { &lay64, &lay32 };
	unsigned int i;
	int bad = 0;
	struct req r;

	for (i = 0; i < 2 && !bad; i++) {
		if (i && vbd_reset(v))
			return HC_FAIL;
		if (up_abi(v, l[i]))
			return HC_FAIL;
		bad |= rsp_leak_check(v, rw_page(v, OP_READ, 0, 3), "read");
		r = rw_page(v, OP_READ, 0, 3);
		r.op = 77;
		bad |= rsp_leak_check(v, r, "unknown operation");
		r = rw_page(v, OP_WRITE, 0, 3);
		r.nseg = 0;
		bad |= rsp_leak_check(v, r, "write with 0 segments");
		if (!bad)
			bad |= io_check(v, l[i]->protocol);
	}
	return bad ? HC_FAIL : HC_OK;
}

/*
 * XSA-349: the frontend rewrites the node the backend watches (its state)
 * as fast as it can.  dom0 must not queue watch events without bound; the
 * device must stay usable.
 */
static int c_watch_flood(struct vbd *v)
{
	unsigned int i;
	double t0;

	if (up(v))
		return HC_FAIL;
	/*
	 * 4000 writes, or as many as fit in 60 s: under emulation each one
	 * costs xenstored and the backend's watch a tenth of a second or
	 * more, and a few hundred already queue far more watch events than
	 * the backend can handle as they come.
	 */
	t0 = xs_now();
	for (i = 0; i < 4000 && xs_now() - t0 < 60; i++)
		fe_state(v, i & 1 ? ST_CONNECTED : ST_INITIALISED);
	fe_state(v, ST_CONNECTED);
	say("%u state writes in %.1f s", i, xs_now() - t0);
	if (be_state(v) != ST_CONNECTED) {
		say("backend left Connected: %d", be_state(v));
		return HC_FAIL;
	}
	return io_check(v, "after the flood") ? HC_FAIL : HC_OK;
}

/*
 * XSA-350: the frontend disconnects and reconnects again and again with
 * I/O in flight; the backend must tear each ring down only after its I/O
 * ended and never touch a torn-down ring.
 */
static int c_reconnect(struct vbd *v)
{
	unsigned int i, k;
	struct req r;

	for (i = 0; i < 8; i++) {
		if (up(v))
			return HC_FAIL;
		for (k = 0; k < 8; k++) {
			r = rw_page(v, k & 1 ? OP_WRITE : OP_READ,
				    2048 + 8 * k, k);
			post(v, &r);
		}
		push(v);
		if (vbd_reset(v)) {
			say("cycle %u", i);
			return HC_FAIL;
		}
	}
	/* Quick toggles: the backend's watch sees only some of them. */
	if (up(v))
		return HC_FAIL;
	for (i = 0; i < 20; i++) {
		fe_state(v, ST_CLOSING);
		fe_state(v, ST_CLOSED);
		fe_state(v, ST_INITIALISING);
		fe_state(v, ST_INITIALISED);
	}
	if (vbd_reset(v))
		return HC_FAIL;
	if (up(v) || io_check(v, "after 8 reconnects and 20 quick toggles"))
		return HC_FAIL;
	return HC_OK;
}

/*
 * Closed in the middle of I/O, without Closing first, and the grants and
 * the event channel released while the backend may still use them.
 */
static int c_disconnect_mid_io(struct vbd *v)
{
	unsigned int k;
	struct req r;
	int st;

	if (up(v))
		return HC_FAIL;
	for (k = 0; k < v->nr_ents - 1; k++) {
		r = rw_page(v, k & 1 ? OP_WRITE : OP_READ, 8 * k, k % NDATA);
		post(v, &r);
	}
	push(v);
	fe_state(v, ST_CLOSED);
	vbd_free(v);
	st = be_wait(v, BIT(ST_CLOSED), 30);
	if (st != ST_CLOSED) {
		say("backend %d after the frontend closed mid-I/O", st);
		return HC_FAIL;
	}
	return HC_OK;
}

/*
 * A malformed handshake: with @want_closing the backend must refuse it
 * (Closing); otherwise it may also read the value as absent and connect
 * with its default, and must then serve requests correctly.
 */
static int handshake(struct vbd *v, const struct pub *o, unsigned int order,
		     bool want_closing, const char *what)
{
	int st;

	if (vbd_alloc(v, order, &lay64))
		return HC_FAIL;
	vbd_publish(v, o);
	st = be_wait(v, BIT(ST_CONNECTED) | BIT(ST_CLOSING) | BIT(ST_CLOSED),
		     30);
	if (st == ST_CONNECTED && !want_closing)
		return io_check(v, what) ? HC_FAIL : HC_OK;
	if (st == ST_CLOSING || st == ST_CLOSED)
		return HC_OK;
	/* Only what went wrong: the detail line has room for a few. */
	say("%s: backend %s, not Closing", what,
	    st == ST_CONNECTED ? "Connected" : "did not move in 30 s");
	return HC_FAIL;
}

/* One malformed handshake of c_xs_values(), then back to InitWait. */
static void xs_case(struct vbd *v, const struct pub *o, unsigned int order,
		    bool want_closing, const char *what, int *n, int *bad)
{
	++*n;
	if (handshake(v, o, order, want_closing, what) != HC_OK) {
		++*bad;
		vbd_reset(v);
	} else if (vbd_reset(v)) {
		++*bad;
		say("%s: no InitWait after it", what);
	}
}

static int c_xs_values(struct vbd *v)
{
	char big[2001], over[16];
	struct pub o;
	int bad = 0, n = 0;

	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(over, sizeof(over), "%u", v->max_order + 1);
#define XS_CASE(what, order, closing, ...) do {				\
		o = (struct pub){ __VA_ARGS__ };			\
		xs_case(v, &o, order, closing, what, &n, &bad);		\
	} while (0)
	XS_CASE("ring-page-order 4294967295", 0, true, .order = "4294967295");
	XS_CASE("ring-page-order -1", 0, true, .order = "-1");
	/* xenbus_scanf("%u") would read the next two as 0 and 1. */
	XS_CASE("ring-page-order 4294967296", 0, true, .order = "4294967296");
	XS_CASE("multi-queue-num-queues 4294967297", 0, true,
		.queues = "4294967297");
	XS_CASE("ring-page-order '0x'", 0, true, .order = "0x");
	XS_CASE("ring-page-order max+1", 0, true, .order = over);
	XS_CASE("ring-page-order 999999999999999999999", 0, true,
		.order = "999999999999999999999");
	XS_CASE("ring-page-order 'seven'", 0, true, .order = "seven");
	XS_CASE("multi-queue-num-queues 0", 0, true, .queues = "0");
	XS_CASE("multi-queue-num-queues 65536", 0, true, .queues = "65536");
	XS_CASE("multi-queue-num-queues -2", 0, true, .queues = "-2");
	if (v->max_queues >= 2)
		XS_CASE("2 queues without queue-N/", 0, true, .queues = "2");
	XS_CASE("no ring-ref", 0, true, .no_ring_ref = true);
	XS_CASE("ring-ref 'ring'", 0, true, .ring_ref = "ring");
	XS_CASE("ring-ref of 2000 digits", 0, true, .ring_ref = big);
	XS_CASE("ring-ref of an unknown grant", 0, true, .ring_ref = "2147479552");
	XS_CASE("no event-channel", 0, true, .no_evtchn = true);
	XS_CASE("event-channel -1", 0, true, .evtchn = "-1");
	XS_CASE("event-channel 'port'", 0, true, .evtchn = "port");
	XS_CASE("event-channel 1 (not ours)", 0, true, .evtchn = "1");
	XS_CASE("protocol x86_16-abi", 0, true, .protocol = "x86_16-abi");
	XS_CASE("protocol ''", 0, true, .protocol = "");
	if (v->max_order >= 1)
		XS_CASE("ring-page-order 1 without ring-refN", 1, true,
			.order = "1", .no_ring_ref = true);
#undef XS_CASE
	say("%d of %d malformed handshakes refused or served as they must be",
	    n - bad, n);
	return bad ? HC_FAIL : HC_OK;
}

/* A foreign grant as the ring, the handshake otherwise valid. */
static int c_xs_foreign_ring(struct vbd *v)
{
	char ref[16];
	struct pub o = { 0 };

	if (vbd_alloc(v, 0, &lay64))
		return HC_FAIL;
	snprintf(ref, sizeof(ref), "%u", v->foreign_gref);
	o.ring_ref = ref;
	vbd_publish(v, &o);
	return closes(v, "ring-ref granted to another domain") ? HC_FAIL : HC_OK;
}

/*
 * The last case: a ring full of I/O, kept full, until dom0 destroys this
 * domain.  dom0 then checks that the domain is released.
 */
static int c_destroy_mid_io(struct vbd *v)
{
	double end;
	struct req r;
	unsigned int k = 0;

	if (up(v))
		return HC_FAIL;
	printf("@@GUEST destroy-me %d\n", v->devid);
	fflush(stdout);
	end = xs_now() + 600;
	while (xs_now() < end) {
		v->rsp_cons = ring_get(v, OFF_RSP_PROD);
		while (v->req_prod_pvt - v->rsp_cons < v->nr_ents) {
			r = rw_page(v, k & 1 ? OP_WRITE : OP_READ,
				    8 * (k % 256), k % NDATA);
			post(v, &r);
			k++;
		}
		push(v);
		usleep(5000);
	}
	say("not destroyed within 600 s");
	return HC_FAIL;
}

struct hcase {
	const char *name;
	int (*fn)(struct vbd *v);
	bool slow;		/* needs requests that stay in flight */
	bool no_reset;
};

static const struct hcase cases[] = {
	{ .name = "good-io", .fn = c_good_io },
	{ .name = "prod-ahead", .fn = c_prod_ahead },
	{ .name = "prod-wrap", .fn = c_prod_wrap },
	{ .name = "prod-backward", .fn = c_prod_backward, .slow = true },
	{ .name = "seg-count", .fn = c_seg_count },
	{ .name = "sectors", .fn = c_sectors },
	{ .name = "past-end", .fn = c_past_end },
	{ .name = "bad-op", .fn = c_bad_op },
	{ .name = "bad-gref", .fn = c_bad_gref },
	{ .name = "xsa365-partial-map", .fn = c_partial_map },
	{ .name = "indirect", .fn = c_indirect },
	{ .name = "id-reuse", .fn = c_id_reuse, .slow = true },
	{ .name = "xsa155-double-fetch", .fn = c_double_fetch },
	{ .name = "xsa332-event-flood", .fn = c_event_flood },
	{ .name = "xsa216-rsp-leak", .fn = c_rsp_leak },
	{ .name = "xsa349-watch-flood", .fn = c_watch_flood },
	{ .name = "xsa350-reconnect", .fn = c_reconnect, .slow = true },
	{ .name = "disconnect-mid-io", .fn = c_disconnect_mid_io, .slow = true },
	{ .name = "xs-values", .fn = c_xs_values },
	{ .name = "xs-foreign-ring", .fn = c_xs_foreign_ring },
	{ .name = "destroy-mid-io", .fn = c_destroy_mid_io, .slow = true, .no_reset = true },
};

static int vbd_init(struct vbd *v, int devid, bool slow)
{
	char p[160];
	int st;

	memset(v, 0, sizeof(*v));
	v->gfd = -1;
	v->efd = -1;
	v->devid = devid;
	v->slow = slow;
	snprintf(v->fe, sizeof(v->fe), "device/vbd/%d", devid);
	snprintf(p, sizeof(p), "%s/backend", v->fe);
	if (xs_read(p, v->be, sizeof(v->be))) {
		fprintf(stderr, "blkhostile: no %s\n", p);
		return -1;
	}
	snprintf(p, sizeof(p), "%s/backend-id", v->fe);
	v->beid = (int)xs_read_ull(p, 0);
	st = be_wait(v, BIT(ST_INITWAIT), 120);
	if (st != ST_INITWAIT) {
		fprintf(stderr, "blkhostile: %s: backend state %d\n", v->be, st);
		return -1;
	}
	snprintf(p, sizeof(p), "%s/max-ring-page-order", v->be);
	v->max_order = (unsigned int)xs_read_ull(p, 0);
	snprintf(p, sizeof(p), "%s/multi-queue-max-queues", v->be);
	v->max_queues = (unsigned int)xs_read_ull(p, 1);
	snprintf(p, sizeof(p), "%s/feature-max-indirect-segments", v->be);
	v->max_indirect = (unsigned int)xs_read_ull(p, 0);
	return 0;
}

static int run(int fast_id, int slow_id, int argc, char **argv)
{
	static const char * const res[] = { "ok", "fail", "skip" };
	struct vbd fast, slow, *v;
	const struct hcase *c;
	unsigned int i;
	int a, r, failed = 0;
	double t0;

	if (vbd_init(&fast, fast_id, false) || vbd_init(&slow, slow_id, true))
		return 2;
	printf("blkhostile: backends %s and %s (domain %d)\n", fast.be, slow.be,
	       fast.beid);
	for (a = 0; a < argc; a++) {
		c = NULL;
		for (i = 0; i < ARRAY_SIZE(cases); i++)
			if (!strcmp(cases[i].name, argv[a]))
				c = &cases[i];
		if (!c) {
			printf("@@GUEST case %s fail no such case\n", argv[a]);
			failed = 1;
			continue;
		}
		v = c->slow ? &slow : &fast;
		detail[0] = '\0';
		t0 = xs_now();
		r = c->fn(v);
		if (!c->no_reset && vbd_reset(v))
			r = HC_FAIL;
		failed |= r == HC_FAIL;
		printf("@@GUEST case %s %s %.0fs %s\n", c->name, res[r],
		       xs_now() - t0, detail);
		fflush(stdout);
	}
	return failed;
}

int main(int argc, char **argv)
{
	char val[XS_PAYLOAD_MAX + 1];
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 5 && !strcmp(argv[1], "run"))
		return run(atoi(argv[2]), atoi(argv[3]), argc - 4, argv + 4);
	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < ARRAY_SIZE(cases); i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "xs-read")) {
		if (xs_read(argv[2], val, sizeof(val)))
			return 1;
		printf("%s\n", val);
		return 0;
	}
	fprintf(stderr, "usage: blkhostile run FAST SLOW CASE... | list | xs-read PATH\n");
	return 2;
}
