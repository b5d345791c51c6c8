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

/* Parse @path; NULL with errno set (and the reason in @err) on failure.
 * Module symbols ("[mod]") are kept with their module name. */
struct kbtf_ksyms *kbtf_ksyms__load(const char *path, char *err,
				    size_t err_sz);
void kbtf_ksyms__free(struct kbtf_ksyms *k);

/* Symbols named @name (vmlinux and module ones; see .module):
 * *count entries from by_name[*first]. */
void kbtf_ksyms__find(const struct kbtf_ksyms *k, const char *name,
		      size_t *first, size_t *count);

/* The whole of @path (plain, or gzip-compressed) in a malloc'ed buffer
 * with a NUL after the @len bytes; 0 or -Exxx. */
int kbtf_read_file(const char *path, char **out, size_t *len);

/* Is @type a data symbol type (nm letters d b r a g s v, any case)? */
bool kbtf_ksym_is_data(char type);

/*
 * Look up @option (e.g. "CONFIG_KALLSYMS_ALL") in the kernel config at
 * @path.  Returns 1 and copies the value ("y", "m", "\"str\"", ...) into
 * @val when set, 0 when "is not set" or absent, -Exxx on I/O error.
 */
int kbtf_kconfig_get(const char *path, const char *option, char *val,
		     size_t val_sz);

#endif /* KBTF_SYMBOLS_H */
