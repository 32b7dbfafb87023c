// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkback: parsing of the xenstore values that configure a device.
 *
 * These strings come from the toolstack (mode, device-type, removable),
 * from a hotplug script (physical-device) and from the frontend
 * (protocol): each is checked strictly, so that a malformed value is
 * refused rather than half understood.
 */
#include "vbd_config.h"

static bool vbd_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Parse hex digits at *s up to a non-hex character; at most @max. */
static int vbd_parse_hex(const char **s, u32 max, u32 *val)
{
	const char *p = *s;
	u32 v = 0, d;

	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (v > (max - d) / 16)
			return -ERANGE;
		v = v * 16 + d;
	}
	if (p == *s)
		return -EINVAL;
	*s = p;
	*val = v;
	return 0;
}

/**
 * vbd_parse_physical_device() - parse the hotplug script's physical-device
 * @s: the value: "MAJOR:MINOR" in hexadecimal, as written by Xen's block
 *	scripts (e.g. "7:0", "fd:1")
 * @major: set to the major number
 * @minor: set to the minor number
 *
 * Return: 0; -EINVAL for a malformed value; -ERANGE for numbers a dev_t
 * cannot hold.
 */
int vbd_parse_physical_device(const char *s, u32 *major, u32 *minor)
{
	u32 ma, mi;
	int err;

	err = vbd_parse_hex(&s, VBD_MAX_MAJOR, &ma);
	if (err)
		return err;
	if (*s++ != ':')
		return -EINVAL;
	err = vbd_parse_hex(&s, VBD_MAX_MINOR, &mi);
	if (err)
		return err;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*major = ma;
	*minor = mi;
	return 0;
}

/**
 * vbd_parse_protocol() - the ring layout a frontend's protocol names
 * @s: the frontend's protocol node, or NULL when it has none
 * @native: the layout of the backend's own architecture, which a
 *	frontend without a protocol node uses
 * @abi: set to the layout
 *
 * Return: 0, or -EPROTONOSUPPORT for an unknown protocol.
 */
int vbd_parse_protocol(const char *s, enum blkreq_abi native,
		       enum blkreq_abi *abi)
{
	if (!s || !*s)
		*abi = native;
	else if (vbd_streq(s, VBD_PROTO_X86_32))
		*abi = BLKREQ_ABI_X86_32;
	else if (vbd_streq(s, VBD_PROTO_X86_64))
		*abi = BLKREQ_ABI_X86_64;
	else
		return -EPROTONOSUPPORT;
	return 0;
}

/**
 * vbd_mode_writable() - whether the toolstack's mode allows writes
 * @mode: the mode node: "r" (read-only) or "w" (read-write; "w!" when
 *	the toolstack forced sharing a writable disk)
 *
 * Anything but a mode starting with 'w' is read-only: a value we do not
 * understand must not give a guest write access.
 *
 * Return: true if the frontend may write.
 */
bool vbd_mode_writable(const char *mode)
{
	return mode && mode[0] == 'w' && (!mode[1] || vbd_streq(mode + 1, "!"));
}

/**
 * vbd_flag_set() - a boolean node set by the toolstack ("removable")
 * @s: the value, or NULL when the node is absent
 *
 * Return: true for a value that is a non-zero decimal number.
 */
bool vbd_flag_set(const char *s)
{
	bool nonzero = false;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		nonzero |= *s != '0';
	}
	return nonzero;
}

/**
 * vbd_is_cdrom() - whether the toolstack's device-type is a CD-ROM
 * @device_type: the device-type node ("disk" or "cdrom"), or NULL
 *
 * Return: true for "cdrom".
 */
bool vbd_is_cdrom(const char *device_type)
{
	return device_type && vbd_streq(device_type, "cdrom");
}
