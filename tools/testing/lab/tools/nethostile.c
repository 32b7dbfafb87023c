// SPDX-License-Identifier: GPL-2.0
/*
 * nethostile - a hostile netif frontend, run in a lab guest that has not
 * loaded xen-netfront.  It speaks the protocol itself from userspace: the
 * transmit, receive and control rings and the data pages come from
 * /dev/xen/gntalloc (granted to the backend's domain), the event channels
 * from /dev/xen/evtchn, and the xenstore handshake goes through
 * /dev/xen/xenbus (xs_client.h).  Then it misbehaves on purpose, one case
 * at a time, and reports what the backend did:
 *
 *   nethostile run CASE...        run cases on the guest's vif 0
 *   nethostile list               the cases
 *   nethostile xs-read PATH       print a xenstore value
 *   nethostile feed IFNAME SECS   (in dom0) send numbered broadcast frames
 *                                 out of IFNAME (the hostile guest's vif),
 *                                 so that its receive ring has traffic
 *
 * Each case prints "@@GUEST case NAME ok|fail|skip DETAIL" and leaves the
 * device as it found it (InitWait), so that many cases run in one boot.
 * A case passes when the backend refused what it had to refuse (an error
 * response, a dropped packet, or Closing for a broken ring or a malformed
 * handshake) and still serves correct packets afterwards.  dom0 checks
 * its own health.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <inttypes.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>

/* linux-libc-dev's <xen/evtchn.h> uses domid_t without defining it. */
#define domid_t uint16_t
#include <xen/evtchn.h>
#include <xen/gntalloc.h>

#include "xs_client.h"

#define PAGE		4096
#define NDATA		32	/* data pages granted to the backend */
#define RING_HDR	64	/* indices and padding before the first slot */
#define OFF_REQ_PROD	0
#define OFF_REQ_EVENT	4
#define OFF_RSP_PROD	8
#define OFF_RSP_EVENT	12

/* Slot sizes and ring sizes of a one-page ring (include/xen/interface/io/netif.h). */
#define TX_SLOT		12
#define RX_SLOT		8
#define CTRL_SLOT	16
#define TX_RING		256
#define RX_RING		256
#define CTRL_RING	128

#define TXF_CSUM_BLANK	0x1
#define TXF_VALIDATED	0x2
#define TXF_MORE	0x4
#define TXF_EXTRA	0x8
#define EXTRA_GSO	1
#define EXTRA_MCAST_ADD	2
#define EXTRA_FLAG_MORE	0x1
#define GSO_TCPV4	1
#define RSP_ERROR	(-1)
#define RSP_OKAY	0
#define RSP_NULL	1

#define CTRL_SET_HASH_KEY		3
#define CTRL_GET_HASH_MAPPING_SIZE	4
#define CTRL_SET_HASH_MAPPING_SIZE	5
#define CTRL_SET_HASH_MAPPING		6
#define CTRL_SET_HASH_ALGORITHM		7
#define CTRL_OK				0
#define CTRL_NOT_SUPPORTED		1
#define CTRL_INVALID			2
#define CTRL_OVERFLOW			3

#define ST_INITIALISING	1
#define ST_INITWAIT	2
#define ST_INITIALISED	3
#define ST_CONNECTED	4
#define ST_CLOSING	5
#define ST_CLOSED	6
#define BIT(n)		(1U << (n))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define BAD_GREF	0x7ffff000u
#define U32_MAX		0xffffffffu
/* Ethertype of the lab's frames (IEEE local experimental). */
#define ETH_LAB		0x88b5
#define FEED_MAGIC	"NHFEED"

enum { HC_OK, HC_FAIL, HC_SKIP };

struct vif {
	char fe[64];
	char be[128];
	int beid;
	unsigned int max_queues;
	uint8_t mac[6];

	int gfd, efd;
	uint8_t *tx, *rx, *ctrl, *data;
	uint32_t tx_gref, rx_gref, ctrl_gref, data_gref[NDATA];
	uint32_t tx_port, rx_port, ctrl_port;
	uint32_t tx_prod, tx_cons, rx_prod, rx_cons, ctrl_prod, ctrl_cons;
};

static char detail[768];
static const char *current;	/* the case running, for on_alarm() */

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

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint32_t idx_get(uint8_t *ring, unsigned int off)
{
	return __atomic_load_n((uint32_t *)(ring + off), __ATOMIC_ACQUIRE);
}

static void idx_set(uint8_t *ring, unsigned int off, uint32_t val)
{
	__atomic_store_n((uint32_t *)(ring + off), val, __ATOMIC_RELEASE);
}

static uint8_t *tx_slot(struct vif *v, uint32_t i)
{
	return v->tx + RING_HDR + (size_t)(i & (TX_RING - 1)) * TX_SLOT;
}

static uint8_t *rx_slot(struct vif *v, uint32_t i)
{
	return v->rx + RING_HDR + (size_t)(i & (RX_RING - 1)) * RX_SLOT;
}

static uint8_t *ctrl_slot(struct vif *v, uint32_t i)
{
	return v->ctrl + RING_HDR + (size_t)(i & (CTRL_RING - 1)) * CTRL_SLOT;
}

static int be_state(struct vif *v)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/state", v->be);
	return (int)xs_read_ull(p, (unsigned long long)-1);
}

static int be_wait(struct vif *v, unsigned int mask, double secs)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/state", v->be);
	return xs_wait_mask(p, mask, secs);
}

static int fe_write(struct vif *v, const char *key, const char *val)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", v->fe, key);
	return xs_write(p, val);
}

static void fe_rm(struct vif *v, const char *key)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", v->fe, key);
	xs_rm(p);
}

static void fe_state(struct vif *v, int st)
{
	char val[8];

	snprintf(val, sizeof(val), "%d", st);
	fe_write(v, "state", val);
}

static void kick(struct vif *v, uint32_t port)
{
	struct ioctl_evtchn_notify n = { .port = port };

	ioctl(v->efd, IOCTL_EVTCHN_NOTIFY, &n);
}

/* Grant @n fresh pages to the backend; returns their mapping, NULL on error. */
static uint8_t *gnt_alloc(struct vif *v, unsigned int n, uint32_t *grefs)
{
	struct ioctl_gntalloc_alloc_gref *a;
	uint8_t *p;

	a = calloc(1, sizeof(*a) + n * sizeof(uint32_t));
	if (!a)
		return NULL;
	a->domid = v->beid;
	a->flags = GNTALLOC_FLAG_WRITABLE;
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

static void vif_free(struct vif *v)
{
	if (v->tx)
		munmap(v->tx, PAGE);
	if (v->rx)
		munmap(v->rx, PAGE);
	if (v->ctrl)
		munmap(v->ctrl, PAGE);
	if (v->data)
		munmap(v->data, (size_t)NDATA * PAGE);
	v->tx = NULL;
	v->rx = NULL;
	v->ctrl = NULL;
	v->data = NULL;
	if (v->gfd >= 0)
		close(v->gfd);
	if (v->efd >= 0)
		close(v->efd);
	v->gfd = -1;
	v->efd = -1;
}

static int bind_port(struct vif *v, uint32_t *port)
{
	struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = v->beid };
	int p = ioctl(v->efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);

	if (p < 0) {
		say("bind unbound port: %s", strerror(errno));
		return -1;
	}
	*port = p;
	return 0;
}

/* Rings, data pages and three event channels. */
static int vif_alloc(struct vif *v)
{
	v->tx_prod = 0;
	v->tx_cons = 0;
	v->rx_prod = 0;
	v->rx_cons = 0;
	v->ctrl_prod = 0;
	v->ctrl_cons = 0;
	v->gfd = open("/dev/xen/gntalloc", O_RDWR);
	v->efd = open("/dev/xen/evtchn", O_RDWR);
	if (v->gfd < 0 || v->efd < 0) {
		say("open gntalloc/evtchn: %s", strerror(errno));
		goto err;
	}
	v->tx = gnt_alloc(v, 1, &v->tx_gref);
	v->rx = gnt_alloc(v, 1, &v->rx_gref);
	v->ctrl = gnt_alloc(v, 1, &v->ctrl_gref);
	v->data = gnt_alloc(v, NDATA, v->data_gref);
	if (!v->tx || !v->rx || !v->ctrl || !v->data)
		goto err;
	if (bind_port(v, &v->tx_port) || bind_port(v, &v->rx_port) ||
	    bind_port(v, &v->ctrl_port))
		goto err;
	/* Ask to be told of every response (we poll anyway). */
	idx_set(v->tx, OFF_RSP_EVENT, 1);
	idx_set(v->rx, OFF_RSP_EVENT, 1);
	idx_set(v->ctrl, OFF_RSP_EVENT, 1);
	return 0;
err:
	vif_free(v);
	return -1;
}

/* What the handshake writes; NULL fields are written the normal way. */
struct pub {
	const char *tx_ref, *rx_ref, *ev_tx, *ev_rx, *queues;
	bool no_tx_ref, no_rx_copy, no_rx_notify, single_evtchn, no_ctrl;
};

static void vif_publish(struct vif *v, const struct pub *o)
{
	char val[32];

	if (!o->no_tx_ref) {
		snprintf(val, sizeof(val), "%u", v->tx_gref);
		fe_write(v, "tx-ring-ref", o->tx_ref ? o->tx_ref : val);
	}
	snprintf(val, sizeof(val), "%u", v->rx_gref);
	fe_write(v, "rx-ring-ref", o->rx_ref ? o->rx_ref : val);
	if (o->single_evtchn) {
		snprintf(val, sizeof(val), "%u", v->tx_port);
		fe_write(v, "event-channel", o->ev_tx ? o->ev_tx : val);
	} else {
		snprintf(val, sizeof(val), "%u", v->tx_port);
		fe_write(v, "event-channel-tx", o->ev_tx ? o->ev_tx : val);
		snprintf(val, sizeof(val), "%u", v->rx_port);
		fe_write(v, "event-channel-rx", o->ev_rx ? o->ev_rx : val);
	}
	if (!o->no_ctrl) {
		snprintf(val, sizeof(val), "%u", v->ctrl_gref);
		fe_write(v, "ctrl-ring-ref", val);
		snprintf(val, sizeof(val), "%u", v->ctrl_port);
		fe_write(v, "event-channel-ctrl", val);
	}
	if (o->queues)
		fe_write(v, "multi-queue-num-queues", o->queues);
	fe_write(v, "request-rx-copy", o->no_rx_copy ? "0" : "1");
	if (!o->no_rx_notify)
		fe_write(v, "feature-rx-notify", "1");
	fe_write(v, "feature-sg", "1");
	fe_write(v, "feature-gso-tcpv4", "1");
	fe_state(v, ST_CONNECTED);
}

/* Allocate, publish normally and wait for Connected. */
static int up(struct vif *v)
{
	struct pub o = { 0 };
	int st;

	if (vif_alloc(v))
		return -1;
	vif_publish(v, &o);
	st = be_wait(v, BIT(ST_CONNECTED) | BIT(ST_CLOSING) | BIT(ST_CLOSED),
		     60);
	if (st != ST_CONNECTED) {
		say("backend state %d instead of Connected", st);
		return -1;
	}
	return 0;
}

/*
 * Back to InitWait, whatever state the case left the device in: Closing,
 * Closed, then Initialising, waiting for the backend at each step (a watch
 * coalesces quick changes), and our grants and ports released.
 */
static int vif_reset(struct vif *v)
{
	static const char * const keys[] = {
		"tx-ring-ref", "rx-ring-ref", "event-channel",
		"event-channel-tx", "event-channel-rx", "ctrl-ring-ref",
		"event-channel-ctrl", "multi-queue-num-queues",
		"request-rx-copy", "feature-rx-notify", "feature-sg",
		"feature-gso-tcpv4",
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
	vif_free(v);
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

/* ---- transmit ------------------------------------------------------- */

/* A transmit slot; an extra-info slot is written by tx_extra(). */
static void tx_req(struct vif *v, uint32_t gref, uint16_t off, uint16_t flags,
		   uint16_t id, uint16_t size)
{
	uint8_t *s = tx_slot(v, v->tx_prod++);

	memset(s, 0, TX_SLOT);
	put32(s, gref);
	put16(s + 4, off);
	put16(s + 6, flags);
	put16(s + 8, id);
	put16(s + 10, size);
}

static void tx_extra(struct vif *v, uint8_t type, uint8_t flags,
		     uint16_t gso_size, uint8_t gso_type)
{
	uint8_t *s = tx_slot(v, v->tx_prod++);

	memset(s, 0, TX_SLOT);
	s[0] = type;
	s[1] = flags;
	if (type == EXTRA_GSO) {
		put16(s + 2, gso_size);
		s[4] = gso_type;
	} else {
		/* A multicast address (01:00:5e:...) for the mcast types. */
		s[2] = 0x01;
		s[3] = 0x00;
		s[4] = 0x5e;
		s[7] = (uint8_t)gso_size;
	}
}

static void tx_push(struct vif *v)
{
	idx_set(v->tx, OFF_REQ_PROD, v->tx_prod);
	kick(v, v->tx_port);
}

/* An Ethernet frame of @len bytes on data page @page at @off. */
static void frame(struct vif *v, unsigned int page, unsigned int off,
		  unsigned int len, uint32_t seq)
{
	uint8_t *p = v->data + (size_t)page * PAGE + off;
	unsigned int i;

	for (i = 0; i < len && off + i < PAGE; i++)
		p[i] = (uint8_t)(seq + i);
	if (len >= 14 && off + 14 <= PAGE) {
		memset(p, 0xff, 6);
		memcpy(p + 6, v->mac, 6);
		p[12] = ETH_LAB >> 8;
		p[13] = ETH_LAB & 0xff;
	}
}

struct tally {
	unsigned int ok, err, null, other, total;
};

/*
 * Wait until the backend answered everything we posted on the transmit
 * ring (or gave up on the interface) and count the statuses.
 */
static int tx_collect(struct vif *v, struct tally *t, double secs)
{
	double end = xs_now() + secs;
	unsigned int idle = 0;
	int16_t st;
	uint8_t *s;

	memset(t, 0, sizeof(*t));
	while (v->tx_cons != v->tx_prod) {
		if (idx_get(v->tx, OFF_RSP_PROD) == v->tx_cons) {
			/* xenstore is slow: its state only now and then. */
			if (xs_now() > end ||
			    (++idle % 200 == 0 && be_state(v) != ST_CONNECTED))
				return -1;
			usleep(1000);
			continue;
		}
		s = tx_slot(v, v->tx_cons++);
		st = (int16_t)get16(s + 2);
		t->total++;
		if (st == RSP_OKAY)
			t->ok++;
		else if (st == RSP_ERROR)
			t->err++;
		else if (st == RSP_NULL)
			t->null++;
		else
			t->other++;
	}
	return 0;
}

/* A good frame of @len bytes in one slot: it must be answered OKAY. */
static int tx_good(struct vif *v, const char *when, unsigned int len)
{
	struct tally t;

	frame(v, 0, 0, len, v->tx_prod);
	tx_req(v, v->data_gref[0], 0, TXF_VALIDATED, 1, len);
	tx_push(v);
	if (tx_collect(v, &t, 20) || t.ok != 1) {
		say("%s: a good frame was not sent (ok %u err %u, backend %d)",
		    when, t.ok, t.err, be_state(v));
		return -1;
	}
	return 0;
}

/* Post what the case wrote; the whole packet must be dropped. */
static int tx_dropped(struct vif *v, const char *what, unsigned int data,
		      unsigned int extras)
{
	struct tally t;

	tx_push(v);
	if (tx_collect(v, &t, 20)) {
		say("%s: no complete answer (backend %d)", what, be_state(v));
		return -1;
	}
	if (t.ok || t.err != data || t.null != extras) {
		say("%s: ok %u error %u null %u, wanted 0/%u/%u", what, t.ok,
		    t.err, t.null, data, extras);
		return -1;
	}
	return 0;
}

/* Post what the case wrote; the backend must disable the interface. */
static int closes(struct vif *v, const char *what)
{
	int st;

	tx_push(v);
	st = be_wait(v, BIT(ST_CLOSING) | BIT(ST_CLOSED), 20);
	if (st != ST_CLOSING && st != ST_CLOSED) {
		say("%s: backend still %d, wanted Closing", what, st);
		return -1;
	}
	say("%s: backend went %s", what, st == ST_CLOSING ? "Closing" : "Closed");
	return 0;
}

/* ---- receive -------------------------------------------------------- */

static void rx_post(struct vif *v, uint16_t id, uint32_t gref)
{
	uint8_t *s = rx_slot(v, v->rx_prod++);

	memset(s, 0, RX_SLOT);
	put16(s, id);
	put32(s + 4, gref);
}

static void rx_push(struct vif *v)
{
	idx_set(v->rx, OFF_REQ_PROD, v->rx_prod);
	kick(v, v->rx_port);
}

/* Post receive requests until the ring is full, on data pages 16..31. */
static void rx_fill(struct vif *v)
{
	while (v->rx_prod - v->rx_cons < RX_RING) {
		rx_post(v, (uint16_t)(v->rx_prod & 0xffff),
			v->data_gref[16 + v->rx_prod % 16]);
	}
	rx_push(v);
}

/*
 * Take receive responses for @secs seconds or until @want arrived;
 * returns the frames, *@errors the error responses.
 */
static unsigned int rx_take(struct vif *v, double secs, unsigned int want,
			    unsigned int *errors)
{
	double end = xs_now() + secs;
	unsigned int got = 0, idle = 0;
	uint16_t flags;
	int16_t st;
	uint8_t *s;

	*errors = 0;
	while (xs_now() < end && got + *errors < want) {
		if (idx_get(v->rx, OFF_RSP_PROD) == v->rx_cons) {
			if (++idle % 100 == 0 && be_state(v) != ST_CONNECTED)
				break;
			usleep(2000);
			continue;
		}
		s = rx_slot(v, v->rx_cons++);
		flags = get16(s + 4);
		st = (int16_t)get16(s + 6);
		if (flags & 0x8)	/* an extra-info slot follows */
			v->rx_cons++;
		if (st < 0) {
			(*errors)++;
			continue;
		}
		got++;
	}
	return got;
}

/* Frames from dom0's feed must arrive on the receive ring. */
static int rx_good(struct vif *v, const char *when)
{
	unsigned int got, errors;

	rx_fill(v);
	got = rx_take(v, 15, 8, &errors);
	if (got < 1) {
		say("%s: no frame from dom0 arrived (errors %u, backend %d)",
		    when, errors, be_state(v));
		return -1;
	}
	return 0;
}

/* The interface still works both ways. */
static int io_check(struct vif *v, const char *when)
{
	if (tx_good(v, when, 60))
		return -1;
	return rx_good(v, when);
}

/* ---- the cases ------------------------------------------------------ */

static int c_good(struct vif *v)
{
	unsigned int i;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < 8; i++)
		if (tx_good(v, "baseline", 60 + 100 * i))
			return HC_FAIL;
	if (rx_good(v, "baseline"))
		return HC_FAIL;
	say("8 frames sent, frames from dom0 received");
	return HC_OK;
}

static int c_prod_ahead(struct vif *v)
{
	if (up(v))
		return HC_FAIL;
	v->tx_prod = TX_RING + 7;
	return closes(v, "tx producer a ring and 7 ahead") ? HC_FAIL : HC_OK;
}

static int c_prod_wrap(struct vif *v)
{
	if (up(v))
		return HC_FAIL;
	v->tx_prod = 0xffffff00u;
	return closes(v, "tx producer wrapped backwards") ? HC_FAIL : HC_OK;
}

static int c_prod_backward(struct vif *v)
{
	if (up(v) || tx_good(v, "first", 60) || tx_good(v, "second", 60) ||
	    tx_good(v, "third", 60))
		return HC_FAIL;
	v->tx_prod = 1;
	return closes(v, "tx producer moved behind the consumer") ? HC_FAIL :
								     HC_OK;
}

static int c_rx_prod_ahead(struct vif *v)
{
	int st;

	if (up(v))
		return HC_FAIL;
	idx_set(v->rx, OFF_REQ_PROD, RX_RING + 9);
	kick(v, v->rx_port);
	/* The receive side looks when dom0 has a frame for us (the feed). */
	st = be_wait(v, BIT(ST_CLOSING) | BIT(ST_CLOSED), 30);
	if (st != ST_CLOSING && st != ST_CLOSED) {
		say("rx producer a ring ahead: backend still %d", st);
		return HC_FAIL;
	}
	return HC_OK;
}

/* A chain of @n data slots of @each bytes (the first slot gives the total). */
static void chain(struct vif *v, unsigned int n, unsigned int each,
		  uint16_t first_flags)
{
	unsigned int i;

	frame(v, 0, 0, each, v->tx_prod);
	tx_req(v, v->data_gref[0], 0,
	       first_flags | (n > 1 ? TXF_MORE : 0), 100, n * each);
	for (i = 1; i < n; i++)
		tx_req(v, v->data_gref[i % NDATA], 0,
		       i + 1 < n ? TXF_MORE : 0, 100 + i, each);
}

/* XSA-39-like: slot chains over the limits. */
static int c_slots(struct vif *v)
{
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	/* 19 slots: over the 18 a backend must take, under the fatal 20. */
	chain(v, 19, 64, 0);
	bad |= tx_dropped(v, "19-slot packet", 19, 0);
	bad |= io_check(v, "after 19 slots");
	if (bad)
		return HC_FAIL;
	chain(v, 21, 64, 0);
	bad |= closes(v, "21-slot packet");
	bad |= vif_reset(v);
	if (up(v))
		return HC_FAIL;
	/* A chain with more_data on every slot, around the whole ring. */
	while (v->tx_prod < TX_RING)
		tx_req(v, v->data_gref[v->tx_prod % NDATA], 0, TXF_MORE,
		       (uint16_t)v->tx_prod, 64);
	bad |= closes(v, "more_data on every slot of the ring");
	return bad ? HC_FAIL : HC_OK;
}

static int c_sizes(struct vif *v)
{
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	/* Fragments larger than the packet: 100 announced, 80 + 80 after. */
	frame(v, 0, 0, 100, 0);
	tx_req(v, v->data_gref[0], 0, TXF_MORE, 1, 100);
	tx_req(v, v->data_gref[1], 0, TXF_MORE, 2, 80);
	tx_req(v, v->data_gref[2], 0, 0, 3, 80);
	bad |= tx_dropped(v, "fragments over the packet's size", 3, 0);
	/* A packet shorter than an Ethernet header. */
	tx_req(v, v->data_gref[0], 0, 0, 4, 10);
	bad |= tx_dropped(v, "10-byte packet", 1, 0);
	tx_req(v, v->data_gref[0], 0, 0, 5, 0);
	bad |= tx_dropped(v, "0-byte packet", 1, 0);
	/* Over 64 KiB: 65535 announced, then 16 fragments of 4096. */
	frame(v, 0, 0, 1000, 0);
	tx_req(v, v->data_gref[0], 0, TXF_MORE, 6, 65535);
	for (unsigned int i = 0; i < 16; i++)
		tx_req(v, v->data_gref[1 + i], 0, i < 15 ? TXF_MORE : 0,
		       7 + i, 4096);
	bad |= tx_dropped(v, "fragments summing to 64 KiB", 17, 0);
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

static int c_cross_page(struct vif *v)
{
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	frame(v, 0, 0, 60, 0);
	tx_req(v, v->data_gref[0], 0, TXF_MORE, 1, 260);
	tx_req(v, v->data_gref[1], 4000, 0, 2, 200);
	bad |= closes(v, "fragment at offset 4000 of 200 bytes");
	bad |= vif_reset(v);
	if (up(v))
		return HC_FAIL;
	tx_req(v, v->data_gref[0], 4050, 0, 1, 100);
	bad |= closes(v, "one-slot packet at offset 4050 of 100 bytes");
	bad |= vif_reset(v);
	if (up(v))
		return HC_FAIL;
	tx_req(v, v->data_gref[0], 4096, 0, 1, 60);
	bad |= closes(v, "offset 4096");
	return bad ? HC_FAIL : HC_OK;
}

static int c_extras(struct vif *v)
{
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	frame(v, 0, 0, 200, 0);
	/* GSO of an unknown type. */
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA | TXF_CSUM_BLANK, 1, 200);
	tx_extra(v, EXTRA_GSO, 0, 100, 7);
	bad |= tx_dropped(v, "GSO type 7", 1, 1);
	/* GSO without a blank checksum. */
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA, 2, 200);
	tx_extra(v, EXTRA_GSO, 0, 100, GSO_TCPV4);
	bad |= tx_dropped(v, "GSO without csum_blank", 1, 1);
	/* The same extra type twice. */
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA | TXF_CSUM_BLANK, 3, 200);
	tx_extra(v, EXTRA_GSO, EXTRA_FLAG_MORE, 100, GSO_TCPV4);
	tx_extra(v, EXTRA_GSO, 0, 100, GSO_TCPV4);
	bad |= tx_dropped(v, "two GSO extras", 1, 2);
	/* A multicast filter update (not offered). */
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA, 4, 0);
	tx_extra(v, EXTRA_MCAST_ADD, 0, 1, 0);
	bad |= tx_dropped(v, "multicast add, not offered", 1, 1);
	/* Multicast and GSO together. */
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA | TXF_CSUM_BLANK, 5, 200);
	tx_extra(v, EXTRA_MCAST_ADD, EXTRA_FLAG_MORE, 2, 0);
	tx_extra(v, EXTRA_GSO, 0, 100, GSO_TCPV4);
	bad |= tx_dropped(v, "multicast with GSO", 1, 2);
	/* An XDP extra (receive-side only). */
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA, 6, 200);
	tx_extra(v, 5, 0, 0, 0);
	bad |= tx_dropped(v, "XDP extra on transmit", 1, 1);
	/* Extra-info flag on a later slot. */
	tx_req(v, v->data_gref[0], 0, TXF_MORE, 7, 200);
	tx_req(v, v->data_gref[1], 0, TXF_EXTRA, 8, 100);
	bad |= tx_dropped(v, "extra_info on a fragment", 2, 0);
	bad |= io_check(v, "after");
	if (bad)
		return HC_FAIL;
	/* Unknown extra types and an endless chain disable the vif. */
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA, 9, 200);
	tx_extra(v, 0, 0, 0, 0);
	bad |= closes(v, "extra type 0");
	bad |= vif_reset(v);
	if (up(v))
		return HC_FAIL;
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA, 9, 200);
	tx_extra(v, 200, 0, 0, 0);
	bad |= closes(v, "extra type 200");
	bad |= vif_reset(v);
	if (up(v))
		return HC_FAIL;
	tx_req(v, v->data_gref[0], 0, TXF_EXTRA | TXF_CSUM_BLANK, 10, 200);
	while (v->tx_prod < TX_RING)
		tx_extra(v, 1 + v->tx_prod % 4, EXTRA_FLAG_MORE, 100,
			 GSO_TCPV4);
	bad |= closes(v, "an endless chain of extras");
	return bad ? HC_FAIL : HC_OK;
}

/* A GSO packet of @len with segment size @gso; sent or dropped, never harm. */
static int gso_packet(struct vif *v, unsigned int gso, unsigned int len,
		      const char *what, bool want_drop)
{
	unsigned int n = (len + PAGE - 1) / PAGE, i;
	struct tally t;

	frame(v, 0, 0, len < PAGE ? len : PAGE, 0);
	/* An IPv4/TCP header after the Ethernet one, so the packet parses. */
	v->data[12] = 0x08;
	v->data[13] = 0x00;
	v->data[14] = 0x45;
	v->data[23] = 6;
	tx_req(v, v->data_gref[0], 0,
	       TXF_EXTRA | TXF_CSUM_BLANK | (n > 1 ? TXF_MORE : 0), 1, len);
	tx_extra(v, EXTRA_GSO, 0, gso, GSO_TCPV4);
	for (i = 1; i < n; i++)
		tx_req(v, v->data_gref[i], 0, i + 1 < n ? TXF_MORE : 0, 1 + i,
		       i + 1 < n ? PAGE : len - (n - 1) * PAGE);
	tx_push(v);
	if (tx_collect(v, &t, 20)) {
		say("%s: no complete answer (backend %d)", what, be_state(v));
		return -1;
	}
	if (want_drop && t.ok) {
		say("%s: %u slots answered OKAY, wanted dropped", what, t.ok);
		return -1;
	}
	return 0;
}

/*
 * XSA-424 (CVE-2022-42328/42329): Linux's netback could deadlock on the
 * paths that drop packets.  Here every drop path runs, on both rings,
 * back to back: GSO packets with a zero segment size and packets over
 * 64 KiB on transmit, and frames from dom0 that expire while we post no
 * receive requests.  The interface must go on working and the reset
 * must complete (no lock left held).
 */
static int c_xsa424(struct vif *v)
{
	unsigned int got, errors, i;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < 20 && !bad; i++) {
		bad |= gso_packet(v, 0, 1400, "GSO with gso_size 0", true);
		bad |= gso_packet(v, 1448, 65535, "64 KiB GSO packet", false);
	}
	if (bad)
		return HC_FAIL;
	/* Frames from dom0 pile up and expire (10 s) with no requests. */
	sleep(14);
	rx_fill(v);
	got = rx_take(v, 15, 64, &errors);
	say("20 zero-size GSO packets dropped, 20 64 KiB GSO packets; "
	    "after a 14 s receive stall %u frames then", got);
	if (!got)
		bad = 1;
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

/*
 * XSA-392 (CVE-2021-28714/28715): a guest that takes no receive requests
 * made Linux's netback queue dom0's frames for it without bound.  We stall
 * the receive ring for 30 s while dom0 feeds us; dom0 watches its memory
 * and the vif's drop counter, and the frames must flow again after.
 */
static int c_xsa392(struct vif *v)
{
	unsigned int got, errors;

	if (up(v))
		return HC_FAIL;
	/* One request: the queue head needs it, the rest must wait. */
	rx_post(v, 1, v->data_gref[16]);
	rx_push(v);
	printf("@@GUEST rx-stall begin\n");
	fflush(stdout);
	sleep(30);
	printf("@@GUEST rx-stall end\n");
	fflush(stdout);
	if (be_state(v) != ST_CONNECTED) {
		say("backend %d after the stall", be_state(v));
		return HC_FAIL;
	}
	rx_fill(v);
	got = rx_take(v, 15, 600, &errors);
	say("after a 30 s stall %u frames arrived in 15 s", got);
	if (!got)
		return HC_FAIL;
	return io_check(v, "after") ? HC_FAIL : HC_OK;
}

/*
 * XSA-423 (CVE-2022-3643): a first slot smaller than the headers, the
 * rest of them in the next slots.  Valid per protocol: it must be sent,
 * with the headers put together in dom0.
 */
static int c_xsa423(struct vif *v)
{
	unsigned int sizes[] = { 1, 6, 13, 14, 40 };
	struct tally t;
	unsigned int i;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		frame(v, 0, 0, 200, i);
		memcpy(v->data + PAGE, v->data + sizes[i], 200 - sizes[i]);
		tx_req(v, v->data_gref[0], 0, TXF_MORE, 1, 200);
		tx_req(v, v->data_gref[1], 0, 0, 2, 200 - sizes[i]);
		tx_push(v);
		if (tx_collect(v, &t, 20) || t.ok != 2) {
			say("first slot of %u bytes: ok %u error %u (backend %d)",
			    sizes[i], t.ok, t.err, be_state(v));
			bad = 1;
		}
	}
	if (!bad)
		say("headers split after 1, 6, 13, 14, 40 bytes: all sent");
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

/*
 * XSA-432 (CVE-2023-34319): a packet split into as many slots as allowed
 * and still smaller than the area a backend keeps for the headers.
 */
static int c_xsa432(struct vif *v)
{
	struct tally t;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	chain(v, 18, 6, 0);
	tx_push(v);
	if (tx_collect(v, &t, 20) || t.ok != 18) {
		say("18 slots of 6 bytes: ok %u error %u (backend %d)", t.ok,
		    t.err, be_state(v));
		bad = 1;
	}
	/* 18 bytes in 18 slots: the headers in many pieces. */
	chain(v, 18, 1, 0);
	tx_push(v);
	if (tx_collect(v, &t, 20) || t.ok != 18) {
		say("18 slots of 1 byte: ok %u error %u (backend %d)", t.ok,
		    t.err, be_state(v));
		bad = 1;
	}
	if (!bad)
		say("18 slots of 6 bytes and 18 slots of 1 byte sent");
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

/*
 * XSA-448 (CVE-2023-46838): zero-length transmit fragments.  Allowed;
 * they must neither crash the backend nor turn into empty frags.
 */
static int c_xsa448(struct vif *v)
{
	struct tally t;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	frame(v, 0, 0, 100, 0);
	tx_req(v, v->data_gref[0], 0, TXF_MORE, 1, 100);
	tx_req(v, v->data_gref[1], 0, TXF_MORE, 2, 0);
	tx_req(v, v->data_gref[2], 0, TXF_MORE, 3, 0);
	tx_req(v, v->data_gref[3], 0, 0, 4, 0);
	tx_push(v);
	if (tx_collect(v, &t, 20) || t.total != 4 || t.other) {
		say("zero-length fragments: ok %u error %u (backend %d)",
		    t.ok, t.err, be_state(v));
		bad = 1;
	} else {
		say("100 bytes + 3 empty fragments: ok %u error %u", t.ok,
		    t.err);
	}
	/* The headers in the second slot, an empty first slot. */
	frame(v, 1, 0, 100, 0);
	tx_req(v, v->data_gref[0], 0, TXF_MORE, 5, 100);
	tx_req(v, v->data_gref[1], 0, 0, 6, 100);
	tx_push(v);
	if (tx_collect(v, &t, 20) || t.total != 2 || t.other) {
		say("empty first slot: ok %u error %u (backend %d)", t.ok,
		    t.err, be_state(v));
		bad = 1;
	} else {
		say("empty first slot: ok %u error %u", t.ok, t.err);
	}
	bad |= io_check(v, "after");
	return bad ? HC_FAIL : HC_OK;
}

static int c_rx_bad_gref(struct vif *v)
{
	unsigned int got, errors, i;

	if (up(v))
		return HC_FAIL;
	for (i = 0; i < 64; i++)
		rx_post(v, (uint16_t)i,
			i & 1 ? BAD_GREF : v->data_gref[16 + i % 16]);
	rx_push(v);
	got = rx_take(v, 20, 64, &errors);
	say("64 requests with bad grants: %u frames, %u errors", got, errors);
	if (got + errors == 0) {
		say("no answer at all (backend %d)", be_state(v));
		return HC_FAIL;
	}
	if (be_state(v) != ST_CONNECTED && got + errors < 64)
		return HC_OK;	/* disabled: acceptable too */
	return io_check(v, "after") ? HC_FAIL : HC_OK;
}

static int c_rx_same_id(struct vif *v)
{
	unsigned int got, errors;

	if (up(v))
		return HC_FAIL;
	while (v->rx_prod < RX_RING)
		rx_post(v, 7, v->data_gref[16]);
	rx_push(v);
	got = rx_take(v, 20, 32, &errors);
	say("256 requests with id 7 on one page: %u frames, %u errors", got,
	    errors);
	return io_check(v, "after") ? HC_FAIL : HC_OK;
}

/* One control request; returns its status (or 99 without an answer). */
static uint32_t ctrl(struct vif *v, uint16_t type, uint32_t d0, uint32_t d1,
		     uint32_t d2, uint32_t *data)
{
	double end = xs_now() + 20;
	uint8_t *s = ctrl_slot(v, v->ctrl_prod++);

	memset(s, 0, CTRL_SLOT);
	put16(s, (uint16_t)v->ctrl_prod);
	put16(s + 2, type);
	put32(s + 4, d0);
	put32(s + 8, d1);
	put32(s + 12, d2);
	idx_set(v->ctrl, OFF_REQ_PROD, v->ctrl_prod);
	kick(v, v->ctrl_port);
	while (idx_get(v->ctrl, OFF_RSP_PROD) == v->ctrl_cons) {
		if (xs_now() > end)
			return 99;
		usleep(1000);
	}
	s = ctrl_slot(v, v->ctrl_cons++);
	if (data)
		*data = get32(s + 8);
	return get32(s + 4);
}

static int c_ctrl(struct vif *v)
{
	static const struct {
		const char *what;
		uint16_t type;
		uint32_t d0, d1, d2, want;
	} reqs[] = {
		{ "algorithm Toeplitz", CTRL_SET_HASH_ALGORITHM, 1, 0, 0, CTRL_OK },
		{ "mapping size 129", CTRL_SET_HASH_MAPPING_SIZE, 129, 0, 0, CTRL_INVALID },
		{ "mapping size 2^32-1", CTRL_SET_HASH_MAPPING_SIZE, U32_MAX, 0, 0, CTRL_INVALID },
		{ "mapping size 128", CTRL_SET_HASH_MAPPING_SIZE, 128, 0, 0, CTRL_OK },
		{ "mapping 100 entries at 100", CTRL_SET_HASH_MAPPING, 0, 100, 100, CTRL_INVALID },
		{ "mapping 2000 entries", CTRL_SET_HASH_MAPPING, 0, 2000, 0, CTRL_OVERFLOW },
		{ "mapping at offset 2^32-1", CTRL_SET_HASH_MAPPING, 0, 1, U32_MAX, CTRL_INVALID },
		{ "mapping 2^32-1 entries", CTRL_SET_HASH_MAPPING, 0, U32_MAX, 1, CTRL_OVERFLOW },
		{ "mapping of queue 5 (one queue)", CTRL_SET_HASH_MAPPING, 0, 4, 0, CTRL_INVALID },
		{ "mapping with a bad grant", CTRL_SET_HASH_MAPPING, BAD_GREF, 4, 0, CTRL_INVALID },
		{ "key of 41 bytes", CTRL_SET_HASH_KEY, 0, 41, 0, CTRL_OVERFLOW },
		{ "key with a bad grant", CTRL_SET_HASH_KEY, BAD_GREF, 40, 0, CTRL_INVALID },
		{ "algorithm 9", CTRL_SET_HASH_ALGORITHM, 9, 0, 0, CTRL_INVALID },
		{ "type 99", 99, 0, 0, 0, CTRL_NOT_SUPPORTED },
		{ "type 0", 0, 0, 0, 0, CTRL_NOT_SUPPORTED },
	};
	uint32_t st, d0, data;
	unsigned int i;
	int bad = 0;

	if (up(v))
		return HC_FAIL;
	/* The mapping entries on data page 0: queue 5 (we have one). */
	for (i = 0; i < 4; i++)
		put32(v->data + 4 * i, 5);
	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		d0 = reqs[i].d0;
		if ((reqs[i].type == CTRL_SET_HASH_MAPPING ||
		     reqs[i].type == CTRL_SET_HASH_KEY) && d0 != BAD_GREF)
			d0 = v->data_gref[0];
		st = ctrl(v, reqs[i].type, d0, reqs[i].d1, reqs[i].d2, &data);
		if (st != reqs[i].want) {
			say("%s: status %u, wanted %u", reqs[i].what, st,
			    reqs[i].want);
			bad = 1;
		}
	}
	st = ctrl(v, CTRL_GET_HASH_MAPPING_SIZE, 0, 0, 0, &data);
	if (!bad)
		say("%u control requests answered as expected (mapping size max %u)",
		    (unsigned int)ARRAY_SIZE(reqs), data);
	bad |= io_check(v, "after");
	if (bad)
		return HC_FAIL;
	idx_set(v->ctrl, OFF_REQ_PROD, v->ctrl_prod + CTRL_RING + 3);
	kick(v, v->ctrl_port);
	v->tx_prod = v->tx_cons;	/* nothing more for closes() to post */
	return closes(v, "ctrl producer a ring ahead") ? HC_FAIL : HC_OK;
}

/*
 * XSA-332-like: notifications without requests on the transmit, receive
 * and control event channels, as fast as the guest can send them.  Late
 * EOI must throttle them; afterwards the vif must still work.
 */
static int c_event_flood(struct vif *v)
{
	unsigned long n = 0;
	double t0, t;

	if (up(v))
		return HC_FAIL;
	t0 = xs_now();
	do {
		kick(v, v->tx_port);
		kick(v, v->rx_port);
		kick(v, v->ctrl_port);
		n++;
	} while ((n & 1023) || xs_now() - t0 < 8);
	t = xs_now();
	if (io_check(v, "after the flood"))
		return HC_FAIL;
	say("%lu notifications on each of 3 channels in %.1f s", n, t - t0);
	say("sending and receiving then took %.2f s", xs_now() - t);
	return HC_OK;
}

/*
 * A malformed handshake: with @want_closing the backend must refuse it;
 * otherwise it may also connect, and must then work.
 */
static int handshake(struct vif *v, const struct pub *o, bool want_closing,
		     const char *what)
{
	int st;

	if (vif_alloc(v))
		return HC_FAIL;
	vif_publish(v, o);
	st = be_wait(v, BIT(ST_CONNECTED) | BIT(ST_CLOSING) | BIT(ST_CLOSED),
		     30);
	say("%s: backend %s", what, st == ST_CONNECTED ? "Connected" :
	    st == ST_CLOSING ? "Closing" : st == ST_CLOSED ? "Closed" :
	    "did not move");
	if (st == ST_CONNECTED && !want_closing)
		return io_check(v, what) ? HC_FAIL : HC_OK;
	return (st == ST_CLOSING || st == ST_CLOSED) ? HC_OK : HC_FAIL;
}

static int c_xs_values(struct vif *v)
{
	char big[2001], over[16];
	struct pub o;
	int bad = 0;

	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(over, sizeof(over), "%u", v->max_queues + 1);
#define XS_CASE(what, closing, ...) do {				\
		o = (struct pub){ __VA_ARGS__ };			\
		bad |= handshake(v, &o, closing, what) != HC_OK;	\
		bad |= vif_reset(v);					\
	} while (0)
	XS_CASE("multi-queue-num-queues 4294967295", true, .queues = "4294967295");
	/* May wrap to a small number: then it must work. */
	XS_CASE("multi-queue-num-queues 2^64+1", false,
		.queues = "18446744073709551617");
	XS_CASE("multi-queue-num-queues of 2000 digits", false,
		.queues = big);
	XS_CASE("multi-queue-num-queues 0", true, .queues = "0");
	XS_CASE("multi-queue-num-queues max+1", true, .queues = over);
	XS_CASE("multi-queue-num-queues -1", false, .queues = "-1");
	XS_CASE("no tx-ring-ref", true, .no_tx_ref = true);
	XS_CASE("tx-ring-ref 'ring'", true, .tx_ref = "ring");
	XS_CASE("rx-ring-ref of 2000 digits", true, .rx_ref = big);
	XS_CASE("tx-ring-ref of an unknown grant", true, .tx_ref = "2147479552");
	XS_CASE("event-channel-tx 'port', no event-channel", true,
		.ev_tx = "port");
	XS_CASE("event-channel-rx -1, no event-channel", true, .ev_rx = "-1");
	XS_CASE("event-channel 'x' (single)", true, .single_evtchn = true,
		.ev_tx = "x");
	XS_CASE("event-channel 1 (not ours)", true, .single_evtchn = true,
		.ev_tx = "1");
	XS_CASE("request-rx-copy 0 (page flipping)", true, .no_rx_copy = true);
	XS_CASE("no feature-rx-notify", true, .no_rx_notify = true);
	XS_CASE("single event channel, no control ring", false,
		.single_evtchn = true, .no_ctrl = true);
#undef XS_CASE
	return bad ? HC_FAIL : HC_OK;
}

/*
 * Closed in the middle of traffic, without Closing first, and the grants
 * and ports released while the backend may still use them.
 */
static int c_disconnect_mid_io(struct vif *v)
{
	int st;

	if (up(v))
		return HC_FAIL;
	rx_fill(v);
	while (v->tx_prod < TX_RING - 1) {
		frame(v, v->tx_prod % 16, 0, 60, v->tx_prod);
		tx_req(v, v->data_gref[v->tx_prod % 16], 0, 0,
		       (uint16_t)v->tx_prod, 60);
	}
	tx_push(v);
	fe_state(v, ST_CLOSED);
	vif_free(v);
	st = be_wait(v, BIT(ST_CLOSED), 30);
	if (st != ST_CLOSED) {
		say("backend %d after the frontend closed mid-traffic", st);
		return HC_FAIL;
	}
	return HC_OK;
}

/*
 * The last case: both rings kept busy until dom0 destroys this domain;
 * dom0 then checks that the domain is released.
 */
static int c_destroy_mid_io(struct vif *v)
{
	double end;

	if (up(v))
		return HC_FAIL;
	printf("@@GUEST destroy-me 1\n");
	fflush(stdout);
	end = xs_now() + 600;
	while (xs_now() < end) {
		v->tx_cons = idx_get(v->tx, OFF_RSP_PROD);
		while (v->tx_prod - v->tx_cons < TX_RING) {
			tx_req(v, v->data_gref[v->tx_prod % 16], 0, 0,
			       (uint16_t)v->tx_prod, 60);
		}
		tx_push(v);
		v->rx_cons = idx_get(v->rx, OFF_RSP_PROD);
		rx_fill(v);
		usleep(5000);
	}
	say("not destroyed within 600 s");
	return HC_FAIL;
}

struct hcase {
	const char *name;
	int (*fn)(struct vif *v);
	bool no_reset;
};

static const struct hcase cases[] = {
	{ .name = "good", .fn = c_good },
	{ .name = "tx-prod-ahead", .fn = c_prod_ahead },
	{ .name = "tx-prod-wrap", .fn = c_prod_wrap },
	{ .name = "tx-prod-backward", .fn = c_prod_backward },
	{ .name = "rx-prod-ahead", .fn = c_rx_prod_ahead },
	{ .name = "tx-slots", .fn = c_slots },
	{ .name = "tx-sizes", .fn = c_sizes },
	{ .name = "tx-cross-page", .fn = c_cross_page },
	{ .name = "tx-extras", .fn = c_extras },
	{ .name = "rx-bad-gref", .fn = c_rx_bad_gref },
	{ .name = "rx-same-id", .fn = c_rx_same_id },
	{ .name = "ctrl-hash", .fn = c_ctrl },
	{ .name = "xsa392-rx-stall", .fn = c_xsa392 },
	{ .name = "xsa423-split-header", .fn = c_xsa423 },
	{ .name = "xsa424-drop-paths", .fn = c_xsa424 },
	{ .name = "xsa432-tiny-slots", .fn = c_xsa432 },
	{ .name = "xsa448-empty-frags", .fn = c_xsa448 },
	{ .name = "event-flood", .fn = c_event_flood },
	{ .name = "xs-values", .fn = c_xs_values },
	{ .name = "disconnect-mid-io", .fn = c_disconnect_mid_io },
	{ .name = "destroy-mid-io", .fn = c_destroy_mid_io, .no_reset = true },
};

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static int vif_init(struct vif *v)
{
	char p[160], mac[32];
	int st;

	memset(v, 0, sizeof(*v));
	v->gfd = -1;
	v->efd = -1;
	snprintf(v->fe, sizeof(v->fe), "device/vif/0");
	snprintf(p, sizeof(p), "%s/backend", v->fe);
	if (xs_read(p, v->be, sizeof(v->be))) {
		fprintf(stderr, "nethostile: no %s\n", p);
		return -1;
	}
	snprintf(p, sizeof(p), "%s/backend-id", v->fe);
	v->beid = (int)xs_read_ull(p, 0);
	snprintf(p, sizeof(p), "%s/mac", v->fe);
	if (xs_read(p, mac, sizeof(mac)) || parse_mac(mac, v->mac))
		memcpy(v->mac, "\x00\x16\x3e\x00\x00\x15", 6);
	st = be_wait(v, BIT(ST_INITWAIT), 120);
	if (st != ST_INITWAIT) {
		fprintf(stderr, "nethostile: %s: backend state %d\n", v->be, st);
		return -1;
	}
	snprintf(p, sizeof(p), "%s/multi-queue-max-queues", v->be);
	v->max_queues = (unsigned int)xs_read_ull(p, 1);
	return 0;
}

/* A case that hangs: report it with what it found so far, and stop. */
static void on_alarm(int sig)
{
	char line[1024];
	int n;

	(void)sig;
	n = snprintf(line, sizeof(line), "@@GUEST case %s fail timeout %s\n",
		     current ? current : "?", detail);
	if (n > 0)
		write(1, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	_exit(3);
}

static int run(int argc, char **argv)
{
	static const char * const res[] = { "ok", "fail", "skip" };
	const struct hcase *c;
	struct vif v;
	unsigned int i;
	int a, r, failed = 0;
	double t0;

	if (vif_init(&v))
		return 2;
	signal(SIGALRM, on_alarm);
	printf("nethostile: backend %s (domain %d), %u queues offered\n", v.be,
	       v.beid, v.max_queues);
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
		detail[0] = '\0';
		t0 = xs_now();
		current = c->name;
		alarm(c->no_reset ? 0 : 400);
		r = c->fn(&v);
		if (!c->no_reset && vif_reset(&v))
			r = HC_FAIL;
		alarm(0);
		failed |= r == HC_FAIL;
		printf("@@GUEST case %s %s %.0fs %s\n", c->name, res[r],
		       xs_now() - t0, detail);
		fflush(stdout);
	}
	return failed;
}

/* dom0 side: broadcast frames out of the hostile guest's vif. */
static int feed(const char *ifname, int secs)
{
	struct sockaddr_ll sa = { .sll_family = AF_PACKET };
	uint8_t buf[1514];
	unsigned long sent = 0, failed = 0;
	uint32_t seq = 0;
	double end;
	size_t len;
	int fd;

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_LAB));
	if (fd < 0) {
		perror("nethostile: socket");
		return 1;
	}
	end = xs_now() + secs;
	while (xs_now() < end) {
		sa.sll_ifindex = (int)if_nametoindex(ifname);
		if (!sa.sll_ifindex) {
			usleep(200000);
			continue;
		}
		sa.sll_halen = 6;
		memset(sa.sll_addr, 0xff, 6);
		len = seq % 8 ? 64 : sizeof(buf);
		memset(buf, 0xff, 6);
		memcpy(buf + 6, "\x00\x16\x3e\x00\x00\x01", 6);
		buf[12] = ETH_LAB >> 8;
		buf[13] = ETH_LAB & 0xff;
		memcpy(buf + 14, FEED_MAGIC, 6);
		put32(buf + 20, seq++);
		memset(buf + 24, 0x5a, len - 24);
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa,
			   sizeof(sa)) < 0)
			failed++;
		else
			sent++;
		usleep(2000);
	}
	printf("feeding %s: %lu frames sent, %lu refused\n", ifname, sent,
	       failed);
	return 0;
}

int main(int argc, char **argv)
{
	char val[XS_PAYLOAD_MAX + 1];
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "run"))
		return run(argc - 2, argv + 2);
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
	if (argc == 4 && !strcmp(argv[1], "feed"))
		return feed(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: nethostile run CASE... | list | xs-read PATH | feed IFNAME SECS\n");
	return 2;
}
