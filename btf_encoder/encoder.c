// SPDX-License-Identifier: GPL-2.0-only
/*
 * The encoder's public calls (kbtf_encoder.h) and what belongs to the
 * encoder as a whole: its options, the languages it leaves out.  How the
 * work is split between the other files is in encoder_int.h; the
 * pipeline is in pipeline.c.
 *
 * Owns: the main libdw handle, the ELF index, the candidates, the final
 * BTF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dwarf.h>

#include "encoder_int.h"
#include "kbtf_log.h"

/* C compilers only write C identifiers: a bad name there is corruption. */
bool lang_is_c(uint32_t lang)
{
	switch (lang) {
	case DW_LANG_C89:
	case DW_LANG_C:
	case DW_LANG_C99:
	case DW_LANG_C11:
	case 0x2c:	/* DW_LANG_C17 */
		return true;
	default:
		return false;
	}
}

static const struct {
	const char *name;
	unsigned int codes[8];
} lang_table[] = {
	{ "c", { DW_LANG_C89, DW_LANG_C, DW_LANG_C99, DW_LANG_C11,
		 0x2c /* DW_LANG_C17 */ } },
	{ "c89", { DW_LANG_C89 } },
	{ "c99", { DW_LANG_C99 } },
	{ "c11", { DW_LANG_C11 } },
	{ "c++", { DW_LANG_C_plus_plus, DW_LANG_C_plus_plus_03,
		   DW_LANG_C_plus_plus_11, DW_LANG_C_plus_plus_14,
		   0x2a, 0x2b } },
	{ "ada", { DW_LANG_Ada83, DW_LANG_Ada95 } },
	{ "fortran", { DW_LANG_Fortran77, DW_LANG_Fortran90,
		       DW_LANG_Fortran95, DW_LANG_Fortran03,
		       DW_LANG_Fortran08 } },
	{ "go", { DW_LANG_Go } },
	{ "rust", { DW_LANG_Rust } },
	{ "asm", { DW_LANG_Mips_Assembler } },
};

int kbtf_lang_codes(const char *name, unsigned int *langs, int max)
{
	size_t i;
	int n = 0, j;

	for (i = 0; i < sizeof(lang_table) / sizeof(lang_table[0]); i++) {
		if (strcasecmp(name, lang_table[i].name))
			continue;
		for (j = 0; j < 8 && lang_table[i].codes[j] && n < max; j++)
			langs[n++] = lang_table[i].codes[j];
		return n;
	}
	return 0;
}

static int parse_lang_exclude(struct kbtf_encoder *enc, const char *list)
{
	char *copy, *tok, *save = NULL;
	int n;

	copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		n = kbtf_lang_codes(tok, enc->lang_excl + enc->nr_lang_excl,
				    16 - enc->nr_lang_excl);
		if (!n) {
			pr_warn("unknown language '%s' in --lang_exclude\n", tok);
			free(copy);
			return -EINVAL;
		}
		enc->nr_lang_excl += n;
	}
	free(copy);
	return 0;
}

/* ---- candidates (workers) ---- */

bool lang_excluded(const struct kbtf_encoder *enc, uint32_t lang)
{
	int i;

	for (i = 0; i < enc->nr_lang_excl; i++)
		if (enc->lang_excl[i] == lang)
			return true;
	return false;
}

/* ---- public ---- */

int kbtf_libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, args);
	kbtf_pr(level == LIBBPF_WARN ? KBTF_WARN :
		level == LIBBPF_INFO ? KBTF_DEBUG : KBTF_DEBUG,
		"libbpf: %s", buf);
	return 0;
}

struct kbtf_encoder *kbtf_encoder__new(const char *path,
				       const struct kbtf_encoder_opts *opts)
{
	struct kbtf_encoder *enc;
	int err = -ENOMEM;

	enc = calloc(1, sizeof(*enc));
	if (!enc) {
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&enc->lock, NULL);
	pthread_cond_init(&enc->cond, NULL);
	err = kbtf_opts_copy(&enc->opts, sizeof(enc->opts), opts);
	if (err)
		goto err_out;
	err = -ENOMEM;
	enc->path = strdup(path);
	if (!enc->path)
		goto err_out;
	if (enc->opts.lang_exclude) {
		err = parse_lang_exclude(enc, enc->opts.lang_exclude);
		if (err)
			goto err_out;
	}
	enc->dwarf = kbtf_dwarf__open(path);
	if (!enc->dwarf) {
		err = -errno;
		goto err_out;
	}
	enc->elf = kbtf_elf__new(kbtf_dwarf__elf(enc->dwarf), path);
	if (!enc->elf) {
		err = -errno;
		pr_warn("%s: cannot read the section or symbol table\n", path);
		goto err_out;
	}
	if (!enc->elf->has_symtab) {
		pr_warn("%s: no symbol table (.symtab); it is needed to place FUNCs and VARs\n",
			path);
		err = -ENODATA;
		goto err_out;
	}
	enc->abi = kbtf_abi_of(enc->elf->e_machine, enc->elf->is64);
	{
		struct kbtf_dwarf_opts dopts = {
			.sz = sizeof(dopts),
			.param_locs = enc->opts.consistent_func ||
				      enc->opts.optimized_func,
			.want_codeless = cands_want_codeless,
			.ctx = enc,
		};

		err = kbtf_dwarf__set_opts(enc->dwarf, &dopts);
		if (err)
			goto err_out;
	}
	return enc;

err_out:
	kbtf_encoder__free(enc);
	errno = -err;
	return NULL;
}

int kbtf_encoder__encode(struct kbtf_encoder *enc)
{
	int err;

	err = kbtf_dwarf__cus(enc->dwarf, &enc->cus, &enc->nr_cus);
	if (err)
		goto out;
	enc->nr_groups = nr_groups(enc);
	enc->cands = calloc(enc->nr_cus, sizeof(*enc->cands));
	enc->groups = calloc(enc->nr_groups + 1, sizeof(*enc->groups));
	if (!enc->cands || !enc->groups) {
		err = -ENOMEM;
		goto out;
	}
	enc->btf = enc->opts.base_btf ? btf__new_empty_split(enc->opts.base_btf) :
					btf__new_empty();
	if (!enc->btf) {
		err = -errno;
		goto out;
	}
	btf__set_pointer_size(enc->btf, enc->elf->is64 ? 8 : 4);
	enc->stats.nr_cus = enc->nr_cus;
	err = encoder_run(enc);
	if (!err)
		err = encoder_check(enc);
	if (err)
		goto out;
	/* BTF is read by the target's kernel: in the target's byte order */
	err = btf__set_endianness(enc->btf, enc->elf->big_endian ?
					    BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN);
	if (err)
		goto out;
	enc->stats.nr_types = btf__type_cnt(enc->btf) - 1 -
			      (enc->opts.base_btf ?
				       btf__type_cnt(enc->opts.base_btf) - 1 : 0);
out:
	if (err) {
		btf__free(enc->btf);
		enc->btf = NULL;
		errno = -err;
	}
	return err;
}

struct btf *kbtf_encoder__btf(const struct kbtf_encoder *enc)
{
	return enc->btf;
}

const struct kbtf_encoder_stats *
kbtf_encoder__stats(const struct kbtf_encoder *enc)
{
	return &enc->stats;
}

void kbtf_encoder__free(struct kbtf_encoder *enc)
{
	size_t i;

	if (!enc)
		return;
	if (enc->cands)
		for (i = 0; i < enc->nr_cus; i++) {
			free(enc->cands[i].funcs);
			free(enc->cands[i].vars);
			free(enc->cands[i].tags);
		}
	free(enc->cands);
	if (enc->groups)
		for (i = 0; i < enc->nr_groups; i++)
			free_group(&enc->groups[i]);
	free(enc->groups);
	free(enc->entries);
	kbtf_kfuncs__free(&enc->kfuncs);
	btf__free(enc->btf);
	kbtf_elf__free(enc->elf);
	if (enc->reaping)
		pthread_join(enc->reaper, NULL);
	for (i = 0; i < (size_t)enc->nr_clones; i++)
		kbtf_dwarf__free(enc->clones[i]);
	free(enc->clones);
	kbtf_dwarf__free(enc->dwarf);
	free(enc->path);
	pthread_mutex_destroy(&enc->lock);
	pthread_cond_destroy(&enc->cond);
	free(enc);
}
