/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The encoder's internal state and the seams between its files.  Nothing
 * here is public: kbtf_encoder.h is the library's interface.
 *
 *	names.c		the per-group cache of name offsets
 *	emit.c		one CU's types (and its candidates' prototypes and
 *			variable types) into a group's BTF
 *	cands.c		which DWARF functions and variables have ELF symbols
 *			(the candidates), found on the workers
 *	funcs.c		one FUNC per name: the choice and the FUNCs, the
 *			kfuncs' decl tags
 *	kfuncs.c	the kfunc list of .BTF_ids (kbtf_kfuncs.h)
 *	features.c	pahole's --btf_features into the options
 *	vars.c		one VAR per data object: the choice, VARs, DATASECs
 *	pipeline.c	groups, worker threads, merge, the serial end
 *	libbpf_ext.c	what libbpf 1.1 lacks, in one place
 *	check.c		the kernel's rules on the result, before any write
 *	encoder.c	the public calls
 *
 * Threads: the workers write only their own groups' candidates (cands[i]
 * for the CUs of the group) and results; the merge runs on one thread at
 * a time (enc->merging); the choice and everything after it run on the
 * main thread once every group is merged.
 */
#ifndef KBTF_ENCODER_INT_H
#define KBTF_ENCODER_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <bpf/btf.h>

#include "kbtf_dwarf.h"
#include "kbtf_elf.h"
#include "kbtf_encoder.h"
#include "kbtf_ident.h"
#include "kbtf_kfuncs.h"
#include "kbtf_util.h"

#define INDEX_TYPE_NAME "__ARRAY_SIZE_TYPE__"

/*
 * How a function definition was paired with an ELF function symbol (the
 * rule is in docs/encoder.md, "Functions"), best first.
 */
enum func_match {
	FM_ADDR,	/* a symbol of its name whose extent holds its entry */
	FM_IN_CU,	/* no code of its own; the one symbol of its name in
			 * its CU's code */
	FM_NAME,	/* by name only: the code is elsewhere (or not C) */
	FM_CLONE,	/* only a compiler clone (foo.isra.0) holds its entry,
			 * and no symbol has its exact name */
};

/* Whether a function's parameters are where the calling convention puts
 * them at its entry (from the parameters' DWARF locations). */
enum func_args {
	ARGS_UNKNOWN,	/* not read, no code, or no calling convention
			 * known for the machine */
	ARGS_OK,	/* each register argument seen in its register, up
			 * to the first that is not one integer register */
	ARGS_MISSING,	/* some register argument has no location there */
	ARGS_REMOVED,	/* some argument is not passed: its value is the
			 * caller's (a clone that dropped it) */
	ARGS_UNEXPECTED,	/* some argument is in another register */
};

/* A function definition with a matching function symbol. */
struct func_cand {
	const char *name;
	uint32_t sym;		/* the symbol it was paired with */
	uint32_t kd;		/* index into the CU's kd_cu.funcs */
	uint32_t proto;		/* FUNC_PROTO: in the group, then merged */
	uint32_t name_off;	/* name in the merged BTF, 0 until added */
	uint32_t first_tag, nr_tags;	/* in cu_cands.tags */
	uint8_t match;		/* enum func_match */
	uint8_t args;		/* enum func_args */
	bool chosen;
};

/* Where a calling convention puts the first arguments (abi.c). */
struct kbtf_abi {
	uint16_t machine;	/* e_machine */
	bool is64;		/* ELFCLASS64 */
	uint8_t reg_size;	/* bytes in a register */
	uint8_t nr_regs;	/* arguments passed in registers; 0: unknown */
	int16_t regs[8];	/* DWARF register of argument i */
};

/* The calling convention of @machine (never NULL; nr_regs 0 if unknown). */
const struct kbtf_abi *kbtf_abi_of(uint16_t machine, bool is64);

/* A variable definition with a matching data symbol. */
struct var_cand {
	Dwarf_Off die;
	uint32_t sym;		/* index into elf->syms */
	uint32_t kd;		/* index into the CU's kd_cu.vars */
	uint32_t type;		/* in the group, then merged; 0: none */
	int64_t type_size;	/* DWARF size; -1: incomplete */
	int64_t btf_size;	/* size of type in BTF; <0: none */
	bool sized;		/* type: an array sized from the symbol */
	int32_t entry;		/* index into enc->entries, -1 if not chosen */
	uint32_t first_tag, nr_tags;	/* in cu_cands.tags */
};

/* A btf_decl_tag of a candidate: @component -1 for the object itself. */
struct cand_tag {
	const char *value;
	int component;
};

/* The candidates of one CU, found by the worker that encodes it. */
struct cu_cands {
	struct func_cand *funcs;
	size_t nr_funcs;
	struct var_cand *vars;
	size_t nr_vars;
	struct cand_tag *tags;
	size_t nr_tags, cap_tags;
	size_t nr_var_nosym, nr_var_zero;
};

/* One DATASEC entry: a data object and the VAR that describes it. */
struct var_entry {
	uint32_t cu;
	uint32_t cand;		/* index into cands[cu].vars */
	uint32_t shndx;
	uint64_t offset;
	uint64_t size;
	int rank;
	uint32_t var_id;	/* in the final BTF, 0 until known */
};

struct group_result {
	struct btf *btf;
	double t_dedup;
	int err;
	bool done;
};

struct kbtf_encoder {
	char *path;
	struct kbtf_encoder_opts opts;
	struct kbtf_dwarf *dwarf;
	/* worker handles: names read through them point into their
	 * mappings, so they live until the FUNCs are added */
	struct kbtf_dwarf **clones;
	int nr_clones;
	pthread_t reaper;	/* frees the clones before the last dedup */
	bool reaping;
	struct kbtf_elf *elf;
	const struct kbtf_abi *abi;
	unsigned int lang_excl[16];
	int nr_lang_excl;
	const Dwarf_Off *cus;
	size_t nr_cus;
	struct cu_cands *cands;
	struct var_entry *entries;
	size_t nr_entries;
	struct group_result *groups;
	size_t nr_groups;
	struct btf *btf;
	struct kbtf_kfuncs kfuncs;	/* decl_tag_kfuncs: read by
					 * choose_funcs() */
	struct kbtf_encoder_stats stats;

	/* worker coordination */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next;		/* next group */
	size_t merged;
	bool merging;		/* a worker is merging groups */
	bool abort;
	int err;
};

/* ---- names.c ---- */

/* The per-group cache of name offsets (see names.c).  Zeroed to start. */
struct name_cache {
	struct name_entry *e;
	uint32_t cap, nr;
	uint32_t *members;	/* names of members, enumerators or
				 * parameters until they are set */
	uint32_t cap_members;
	uintptr_t base;		/* addresses within 4 GiB of it are keys */
	bool based;
};

/* The state of one CU being encoded into its group's BTF. */
struct cu_enc {
	struct kbtf_encoder *enc;
	struct kd_cu *cu;
	struct btf *btf;
	uint32_t index_type;	/* this CU's __ARRAY_SIZE_TYPE__ */
	uint32_t *slot;		/* per kd_type: first id, 0 = alias */
	uint8_t *nslot;		/* per kd_type: nr_slots(), 255 = more */
	uint32_t *resolved;	/* per kd_type: final id (+1), 0 = unknown */
	uint32_t next_id;
	struct name_cache *names;
};

/* libbpf wants a name for a typedef, a forward declaration or an
 * enumerator: they get this one, and the real name's offset at once. */
#define NAME_PLACEHOLDER "_"

void name_cache__reset(struct name_cache *nc);
void name_cache__free(struct name_cache *nc);
/* btf__add_str(@s) for a literal of ours: 0 for "", -Exxx on error. */
int str_off(struct cu_enc *ce, const char *s);
/* The offset of the DWARF name @s of the DIE @die: 0 for none and for a
 * name the kernel would refuse (reported once per group), -Exxx on
 * error. */
int name_off(struct cu_enc *ce, const char *s, Dwarf_Off die);
/* Report the name @s of @die in @cu as not valid in BTF, and @what
 * follows: a warning in C units (corrupt DWARF), else debug. */
void name_report(const struct kbtf_encoder *enc, const struct kd_cu *cu,
		 Dwarf_Off die, const char *what, const char *s);
void name_prefetch(struct cu_enc *ce, const struct kd_child *c, uint32_t n);
/* Room for @n name offsets in the cache's scratch array, or NULL. */
uint32_t *name_scratch(struct name_cache *nc, uint32_t n);
/* Name the first @n enumerators or parameters of the type @id. */
void name_values(struct btf *btf, int id, const uint32_t *names, uint32_t n);

/* ---- emit.c ---- */

/* Read CU @idx and encode it into @btf (the group's); fills
 * enc->cands[idx].  *@t_read: seconds spent reading DWARF. */
int encode_cu(struct kbtf_encoder *enc, struct kbtf_dwarf *d, size_t idx,
	      struct kd_cu *cu, struct btf *btf, struct name_cache *names,
	      double *t_read);

/* ---- cands.c ---- */

int find_cands(struct kbtf_encoder *enc, const struct kd_cu *cu,
	       struct cu_cands *cc);
/* The reader's kbtf_dwarf_opts.want_codeless, @ctx the encoder. */
bool cands_want_codeless(void *ctx, const struct kd_cu *cu, const char *name,
			 uint32_t flags);

/* What the part of a function symbol's name after the function's own
 * name says (@sfx: "" or from the '.' on). */
enum sym_suffix {
	SFX_NONE,	/* the exact name */
	SFX_RENAME,	/* same code and ABI: .llvm.N, .lto_priv.N, .localalias */
	SFX_CLONE,	/* a compiler clone: .isra.N, .constprop.N, others */
	SFX_PART,	/* a part of a function: .cold, .part.N */
};
enum sym_suffix kbtf_sym_suffix(const char *sfx);
/* Decl tags [@first, @first + @nr) of @cc on the type @target. */
int add_decl_tags(struct btf *btf, const struct cu_cands *cc,
		  uint32_t first, uint32_t nr, int target);

/* ---- funcs.c ---- */

int choose_funcs(struct kbtf_encoder *enc);
int add_funcs(struct kbtf_encoder *enc);

/* ---- vars.c ---- */

int choose_vars(struct kbtf_encoder *enc);
/* The chosen VARs, in CU order; *@order gets the var_entry index of each
 * (free()d by the caller). */
int add_vars(struct kbtf_encoder *enc, uint32_t **order, size_t *nr_order);
/* After the last dedup: the DATASECs.  @var_ids[k] is the final id of the
 * VAR of the entry @order[k]. */
int add_datasecs(struct kbtf_encoder *enc, const uint32_t *order,
		 const uint32_t *var_ids, size_t nr_order);
bool is_percpu_sec(const char *name);

/* ---- pipeline.c ---- */

size_t nr_groups(const struct kbtf_encoder *enc);
/* Encode, merge, choose and dedup: enc->btf complete but for the byte
 * order.  -Exxx on error (printed). */
int encoder_run(struct kbtf_encoder *enc);
void free_group(struct group_result *r);

/* ---- check.c ---- */

/* The kernel's rules (validator/) on enc->btf, in the host's byte order:
 * 0, -EINVAL if the kernel would reject it (printed, with its reason),
 * or another -Exxx. */
int encoder_check(struct kbtf_encoder *enc);
struct kbtf_btf_check_opts;
/* The kernel's rules (@o) on the raw BTF @raw (host byte order): 0; or
 * -EINVAL, with the kernel's first problem in @line as a one-line
 * message (empty when kbtf_btf__check() itself refused: a bad base),
 * and in *@old_kind (may be NULL) whether it is a kind the kernel
 * predates; or another -Exxx.  Prints nothing. */
int encoder_rules(const void *raw, size_t size,
		  const struct kbtf_btf_check_opts *o, char *line, size_t len,
		  bool *old_kind);

/* ---- encoder.c ---- */

bool lang_excluded(const struct kbtf_encoder *enc, uint32_t lang);
/* C compilers only write C identifiers: a bad name there is corruption. */
bool lang_is_c(uint32_t lang);

/* ---- small helpers ---- */

/* A name the kernel takes (kbtf_ident.h), for Linux 6.1 and later. */
static inline bool name_valid(const char *s)
{
	return kbtf_ident_valid(s, KBTF_KSYM_NAME_LEN);
}

#endif /* KBTF_ENCODER_INT_H */
