// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drivers/xen/blkback/vbd_config.c.
 *
 * Input: a xenstore value (as a NUL-terminated string).  Whatever it
 * holds, parsing must not fault, and an accepted physical-device must be
 * a dev_t that the kernel can hold and that prints back to an equivalent
 * value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbd_config.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

/* libFuzzer's entry point; the Makefile maps the name to libFuzzer's. */
int fuzz_one_input(const u8 *data, size_t size)
{
	char *s = malloc(size + 1), again[32];
	enum blkreq_abi abi;
	u32 ma, mi, ma2, mi2;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (!vbd_parse_physical_device(s, &ma, &mi)) {
		FUZZ_ASSERT(ma <= VBD_MAX_MAJOR && mi <= VBD_MAX_MINOR);
		snprintf(again, sizeof(again), "%x:%x", ma, mi);
		FUZZ_ASSERT(!vbd_parse_physical_device(again, &ma2, &mi2));
		FUZZ_ASSERT(ma2 == ma && mi2 == mi);
	}
	if (!vbd_parse_protocol(s, BLKREQ_ABI_X86_64, &abi))
		FUZZ_ASSERT(abi == BLKREQ_ABI_X86_32 || abi == BLKREQ_ABI_X86_64);
	if (vbd_mode_writable(s))
		FUZZ_ASSERT(s[0] == 'w');
	vbd_flag_set(s);
	if (vbd_is_cdrom(s))
		FUZZ_ASSERT(!strcmp(s, "cdrom"));
	free(s);
	return 0;
}
