// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of drivers/xen/blkback/vbd_config.c, the parsers of the
 * xenstore values that configure a virtual block device, built for
 * userspace.
 */
#include <stdio.h>
#include <string.h>

#include "vbd_config.h"
#include "tap.h"

static void test_physical_device(void)
{
	u32 ma = 99, mi = 99;

	TAP_EQ(vbd_parse_physical_device("7:0", &ma, &mi), 0, "7:0 parses");
	TAP_OK(ma == 7 && mi == 0, "7:0 is major 7, minor 0");
	TAP_EQ(vbd_parse_physical_device("fd:1a", &ma, &mi), 0, "hex parses");
	TAP_OK(ma == 0xfd && mi == 0x1a, "fd:1a is major 253, minor 26");
	TAP_EQ(vbd_parse_physical_device("FD:1A\n", &ma, &mi), 0,
	       "upper case and a trailing newline parse");
	TAP_EQ(vbd_parse_physical_device("fff:fffff", &ma, &mi), 0,
	       "the largest dev_t parses");
	TAP_OK(ma == 0xfff && mi == 0xfffff, "the largest dev_t's numbers");

	ma = 99;
	mi = 99;
	TAP_EQ(vbd_parse_physical_device("1000:0", &ma, &mi), -ERANGE,
	       "major beyond 12 bits is refused");
	TAP_EQ(vbd_parse_physical_device("7:100000", &ma, &mi), -ERANGE,
	       "minor beyond 20 bits is refused");
	TAP_EQ(vbd_parse_physical_device("ffffffffff:0", &ma, &mi), -ERANGE,
	       "a major that overflows 32 bits is refused");
	TAP_EQ(vbd_parse_physical_device("", &ma, &mi), -EINVAL,
	       "empty is refused");
	TAP_EQ(vbd_parse_physical_device("7", &ma, &mi), -EINVAL,
	       "no minor is refused");
	TAP_EQ(vbd_parse_physical_device("7:", &ma, &mi), -EINVAL,
	       "an empty minor is refused");
	TAP_EQ(vbd_parse_physical_device(":0", &ma, &mi), -EINVAL,
	       "an empty major is refused");
	TAP_EQ(vbd_parse_physical_device("7:0:0", &ma, &mi), -EINVAL,
	       "trailing fields are refused");
	TAP_EQ(vbd_parse_physical_device("7:0 ", &ma, &mi), -EINVAL,
	       "trailing blanks are refused");
	TAP_EQ(vbd_parse_physical_device(" 7:0", &ma, &mi), -EINVAL,
	       "leading blanks are refused");
	TAP_EQ(vbd_parse_physical_device("-7:0", &ma, &mi), -EINVAL,
	       "a sign is refused");
	TAP_EQ(vbd_parse_physical_device("0x7:0", &ma, &mi), -EINVAL,
	       "a 0x prefix is refused");
	TAP_EQ(vbd_parse_physical_device("/dev/loop0", &ma, &mi), -EINVAL,
	       "a path is refused");
	TAP_OK(ma == 99 && mi == 99, "refused values leave the outputs alone");
}

static void test_protocol(void)
{
	enum blkreq_abi abi = BLKREQ_ABI_X86_32;

	TAP_EQ(vbd_parse_protocol(NULL, BLKREQ_ABI_X86_64, &abi), 0,
	       "no protocol node is accepted");
	TAP_EQ(abi, BLKREQ_ABI_X86_64, "no protocol node means native");
	abi = BLKREQ_ABI_X86_32;
	TAP_EQ(vbd_parse_protocol("", BLKREQ_ABI_X86_64, &abi), 0,
	       "an empty protocol is accepted");
	TAP_EQ(abi, BLKREQ_ABI_X86_64, "an empty protocol means native");
	TAP_EQ(vbd_parse_protocol("x86_32-abi", BLKREQ_ABI_X86_64, &abi), 0,
	       "x86_32-abi is accepted");
	TAP_EQ(abi, BLKREQ_ABI_X86_32, "x86_32-abi is the 32-bit layout");
	TAP_EQ(vbd_parse_protocol("x86_64-abi", BLKREQ_ABI_X86_64, &abi), 0,
	       "x86_64-abi is accepted");
	TAP_EQ(abi, BLKREQ_ABI_X86_64, "x86_64-abi is the 64-bit layout");
	abi = BLKREQ_ABI_X86_32;
	TAP_EQ(vbd_parse_protocol("x86_64-abi!", BLKREQ_ABI_X86_64, &abi),
	       -EPROTONOSUPPORT, "a longer name is refused");
	TAP_EQ(vbd_parse_protocol("x86_64", BLKREQ_ABI_X86_64, &abi),
	       -EPROTONOSUPPORT, "a prefix is refused");
	TAP_EQ(vbd_parse_protocol("arm-abi", BLKREQ_ABI_X86_64, &abi),
	       -EPROTONOSUPPORT, "arm-abi is refused on x86");
	TAP_EQ(abi, BLKREQ_ABI_X86_32, "a refused protocol leaves abi alone");
}

static void test_mode(void)
{
	TAP_OK(vbd_mode_writable("w"), "mode w is writable");
	TAP_OK(vbd_mode_writable("w!"), "mode w! is writable");
	TAP_OK(!vbd_mode_writable("r"), "mode r is read-only");
	TAP_OK(!vbd_mode_writable(""), "an empty mode is read-only");
	TAP_OK(!vbd_mode_writable(NULL), "no mode is read-only");
	TAP_OK(!vbd_mode_writable("rw"), "an unknown mode rw is read-only");
	TAP_OK(!vbd_mode_writable("wx"), "an unknown mode wx is read-only");
	TAP_OK(!vbd_mode_writable("W"), "mode W is read-only");
}

static void test_flags(void)
{
	TAP_OK(vbd_flag_set("1"), "removable 1 is set");
	TAP_OK(vbd_flag_set("01"), "removable 01 is set");
	TAP_OK(!vbd_flag_set("0"), "removable 0 is not set");
	TAP_OK(!vbd_flag_set("00"), "removable 00 is not set");
	TAP_OK(!vbd_flag_set(""), "an empty removable is not set");
	TAP_OK(!vbd_flag_set(NULL), "no removable node is not set");
	TAP_OK(!vbd_flag_set("yes"), "removable yes is not understood");
	TAP_OK(!vbd_flag_set("1 "), "removable with a blank is not understood");
	TAP_OK(vbd_is_cdrom("cdrom"), "device-type cdrom is a CD-ROM");
	TAP_OK(!vbd_is_cdrom("disk"), "device-type disk is not");
	TAP_OK(!vbd_is_cdrom("cdrom2"), "device-type cdrom2 is not");
	TAP_OK(!vbd_is_cdrom("cd"), "device-type cd is not");
	TAP_OK(!vbd_is_cdrom(NULL), "no device-type is not");
}

int main(void)
{
	test_physical_device();
	test_protocol();
	test_mode();
	test_flags();
	return tap_done();
}
