// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness: a kernel .config, plain or gzip (/proc/config.gz) ->
 * kbtf_kconfig_get() for the options btfvalidate asks about, and
 * kbtf_read_file() under it.  Seeds (tests/fuzz/corpus/kconfig): a slice
 * of a Debian config, plain and gzipped, and odd lines ("is not set",
 * no value, CRLF).
 */
#include <string.h>

#include "fuzz.h"
#include "kbtf_symbols.h"

static const char *const options[] = {
	"CONFIG_KALLSYMS_ALL", "CONFIG_DEBUG_INFO_BTF", "CONFIG_X", "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	char val[64];
	size_t i;

	path = fuzz_file(size > 1 && data[0] == 0x1f ? "config.gz" : "config",
			 data, size);
	if (!path)
		return 0;
	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		memset(val, 0, sizeof(val));
		if (!kbtf_kconfig_get(path, options[i], val, sizeof(val)) &&
		    strnlen(val, sizeof(val)) == sizeof(val))
			__builtin_trap();	/* not NUL-terminated */
	}
	return 0;
}
