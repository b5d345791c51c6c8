/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbtf post-link: make the .BTF of a linked image tell the truth about
 * where its variables are, after the link that the BTF was not made on.
 *
 * A kernel build encodes BTF on a temporary link and then links the
 * kallsyms tables into .rodata; every object after them moves.  This
 * rewrites, in the final image, each DATASEC entry's offset (symbol
 * address minus section address) and each DATASEC's size (the section's
 * size), in place: same .BTF size, nothing else in the file changes, the
 * file is replaced atomically.  It also checks that a .BTF is there and
 * readable, for the steps of a kernel build that follow the encoder.
 *
 *	LIBBPF_OPTS-style:
 *	struct kbtf_postlink_opts o = { .sz = sizeof(o) };
 *	struct kbtf_postlink_stats st;
 *	err = kbtf_postlink__fix_datasecs("vmlinux", &o, &st);
 *
 * Errors: -Exxx with errno set; every problem is logged once, as one line
 * naming the file, through the kbtf print hook.  The file is untouched on
 * any error.
 */
#ifndef KBTF_POSTLINK_H
#define KBTF_POSTLINK_H

#include <stdbool.h>
#include <stddef.h>

struct kbtf_postlink_opts {
	size_t sz;		/* sizeof(struct kbtf_postlink_opts) */
	bool dry_run;		/* check and count; write nothing */
};

struct kbtf_postlink_stats {
	size_t nr_datasecs;
	size_t nr_vars;		/* VAR entries in all DATASECs */
	size_t nr_moved;	/* entries whose offset changed */
	size_t nr_resized;	/* DATASECs whose size changed */
	bool written;		/* the file was replaced */
};

/*
 * @path: a linked image (ET_EXEC or ET_DYN) with a .BTF section and a
 * symbol table.  Each VAR is matched by name to a symbol in its DATASEC's
 * section; VARs that share a name in one DATASEC are paired with that
 * name's symbols in address order (links keep the input order).  A missing
 * or ambiguous symbol, a symbol of another size, an entry that would leave
 * its section or overlap the next, a .BTF in the other byte order than the
 * image's, or a read-only file (unless @opts->dry_run) is an error.
 * Nothing is written when nothing changes.  @stats may be NULL.
 */
int kbtf_postlink__fix_datasecs(const char *path,
				const struct kbtf_postlink_opts *opts,
				struct kbtf_postlink_stats *stats);

/*
 * The .BTF section of the ELF file @path (an image or a module) is there,
 * not empty, and its header is sound: 0, or -ENODATA (no .BTF, or an
 * empty one: the encoder failed) or -EINVAL (not BTF, truncated, or in
 * the other byte order than the file).
 */
int kbtf_postlink__check_elf_btf(const char *path);

/* The same for a raw BTF file (either byte order). */
int kbtf_postlink__check_raw_btf(const char *path);

#endif /* KBTF_POSTLINK_H */
