/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Symbol sources for btfvalidate: System.map and /proc/kallsyms (same
 * "ADDR TYPE NAME [MODULE]" format), and kernel configs (.config or
 * /proc/config.gz; zlib reads both plain and gzip files).
 */
#ifndef KBTF_SYMBOLS_H
#define KBTF_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kbtf_ksym {
	const char *name;
	const char *module;	/* NULL for vmlinux */
	uint64_t addr;
	char type;		/* nm-style: T t D d B b R r A a ... */
};

struct kbtf_ksyms {
	struct kbtf_ksym *syms;	/* file order */
	size_t nr;
	uint32_t *by_name;	/* indexes, sorted by name then file order */
	size_t nr_data;		/* D/d/B/b/R/r/A/a/V/v/G/g/S/s */
	bool all_zero;		/* addresses hidden (kptr_restrict) */
	char *strings;		/* backing store */
};

/*
 * Parse @path.  Module symbols ("[mod]") are kept with their module name.
 * Errors: NULL with errno set, logged as "PATH: reason" (the line that is
 * not in the format, or why the file cannot be read).
 */
struct kbtf_ksyms *kbtf_ksyms__load(const char *path);
void kbtf_ksyms__free(struct kbtf_ksyms *k);

/* Symbols named @name (vmlinux and module ones; see .module):
 * *count entries from by_name[*first]. */
void kbtf_ksyms__find(const struct kbtf_ksyms *k, const char *name,
		      size_t *first, size_t *count);

/* The whole of @path (plain, or gzip-compressed) in a malloc'ed buffer
 * (the caller frees it) with a NUL after the @len bytes.  0, or -Exxx with
 * errno set; not logged. */
int kbtf_read_file(const char *path, char **out, size_t *len);

/* Is @type a data symbol type (nm letters d b r a g s v, any case)? */
bool kbtf_ksym_is_data(char type);

/*
 * Look up @option (e.g. "CONFIG_KALLSYMS_ALL") in the kernel config at
 * @path: its value ("y", "m", "\"str\"", ...) in @val, "" when the config
 * says "is not set" or does not name it.  0, or -Exxx with errno set when
 * @path cannot be read (not logged).
 */
int kbtf_kconfig_get(const char *path, const char *option, char *val,
		     size_t val_sz);

#endif /* KBTF_SYMBOLS_H */
