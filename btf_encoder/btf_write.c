// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writing encoded BTF: a raw file, or a .BTF section in an ELF file.
 *
 * The ELF path works on a copy of the file (kbtf_replace_file) with libelf
 * in ELF_F_LAYOUT mode: every existing section keeps its offset, the new
 * or grown .BTF data (and .shstrtab, when a name must be added) go after
 * the last byte in use, and the section header table moves to the end.
 * No objcopy is run.  A distilled base (distilled_base) goes into
 * .BTF.base in the same rewrite, through libbpf's btf__distill_base()
 * where kbtf's libbpf has it (kbtf_config.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <gelf.h>

#include "kbtf_config.h"
#include "kbtf_encoder.h"
#include "kbtf_file.h"
#include "kbtf_log.h"
#include "kbtf_util.h"

struct raw_ctx {
	const void *data;
	size_t size;
};

static int fill_raw(int fd, void *ctx)
{
	struct raw_ctx *r = ctx;

	return kbtf_write_all(fd, r->data, r->size);
}

int kbtf_write_raw(const struct btf *btf, const char *path)
{
	struct raw_ctx r;
	__u32 size;
	int err;

	r.data = btf__raw_data(btf, &size);
	if (!r.data)
		return -ENOMEM;
	r.size = size;
	err = kbtf_replace_file(path, false, fill_raw, &r);
	if (err)
		pr_warn("%s: cannot write BTF: %s\n", path, strerror(-err));
	return err;
}

/* A section to write: its name and bytes; the ELF section once found or
 * made. */
struct out_sec {
	const char *name;
	const void *data;
	size_t size;
	Elf_Scn *scn;
};

struct elf_ctx {
	const char *path;
	struct out_sec secs[2];	/* .BTF, then .BTF.base if any */
	int nr_secs;
	char *shstr_buf;
	struct kbtf_write_opts opts;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/*
 * Point the section @o->scn at @o's bytes.  An existing section keeps its
 * offset when the new bytes fit, else they go at *@end.  A new section
 * (sh_name set by the caller) goes at *@end.
 */
static int fill_sec(struct elf_ctx *c, struct out_sec *o, bool is_new,
		    uint64_t *end)
{
	bool moved = false;
	GElf_Shdr sh;
	Elf_Data *d;

	if (!gelf_getshdr(o->scn, &sh))
		return -EINVAL;
	if (is_new) {
		sh.sh_type = SHT_PROGBITS;
		sh.sh_addralign = 8;
	} else {
		/*
		 * A linked kernel image loads .BTF and finds it through
		 * __start_BTF/__stop_BTF, which a rewrite does not move: its
		 * BTF is not ours to replace.  An empty one is the
		 * placeholder ld.lld keeps for the kernel linker script's
		 * .BTF output section in .tmp_vmlinux.btf: it is filled, as
		 * pahole does (the kernel build copies it out with objcopy).
		 */
		if ((sh.sh_flags & SHF_ALLOC) && sh.sh_size &&
		    !c->opts.replace_loaded) {
			pr_warn("%s: its %s (%llu bytes) is part of the loaded image; not replacing it (--btf_replace_loaded replaces it, --btf_encode_detached writes elsewhere)\n",
				c->path, o->name, (unsigned long long)sh.sh_size);
			return -EEXIST;
		}
		/* a NOBITS section's offset may be anywhere, even inside
		 * other sections: its bytes go after the last ones */
		if (sh.sh_type == SHT_NOBITS) {
			sh.sh_type = SHT_PROGBITS;
			moved = true;
		}
	}
	if (is_new || moved || o->size > sh.sh_size) {
		sh.sh_offset = align_up(*end, 8);
		*end = sh.sh_offset + o->size;
	}
	d = is_new ? NULL : elf_getdata(o->scn, NULL);
	if (!d)
		d = elf_newdata(o->scn);
	if (!d)
		return -EINVAL;
	d->d_buf = (void *)o->data;
	d->d_size = o->size;
	d->d_type = ELF_T_BYTE;
	d->d_off = 0;
	d->d_align = 1;
	d->d_version = EV_CURRENT;
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
	sh.sh_size = o->size;
	if (!gelf_update_shdr(o->scn, &sh))
		return -EINVAL;
	return 0;
}

static int fill_elf(int fd, void *ctx)
{
	struct elf_ctx *c = ctx;
	Elf_Scn *scn = NULL, *str_scn;
	size_t name_off[2] = {}, shstrndx, nr, add = 0;
	uint64_t end = 0;
	GElf_Ehdr ehdr;
	GElf_Shdr sh;
	Elf_Data *d;
	Elf *elf;
	int err = -EINVAL, i;

	elf = elf_begin(fd, ELF_C_RDWR, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr) ||
	    elf_getshdrstrndx(elf, &shstrndx) || elf_getshdrnum(elf, &nr)) {
		pr_warn("%s: not a usable ELF file: %s\n", c->path,
			elf_errmsg(-1));
		goto out;
	}
	end = ehdr.e_ehsize;
	if (ehdr.e_phoff)
		end = end > ehdr.e_phoff + (uint64_t)ehdr.e_phnum * ehdr.e_phentsize ?
			      end :
			      ehdr.e_phoff + (uint64_t)ehdr.e_phnum * ehdr.e_phentsize;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			goto bad;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		for (i = 0; name && i < c->nr_secs; i++)
			if (!c->secs[i].scn && !strcmp(name, c->secs[i].name))
				c->secs[i].scn = scn;
		if (sh.sh_type != SHT_NOBITS && sh.sh_offset + sh.sh_size > end)
			end = sh.sh_offset + sh.sh_size;
	}

	/* the names of the sections to add, at the end of .shstrtab */
	for (i = 0; i < c->nr_secs; i++)
		if (!c->secs[i].scn)
			add += strlen(c->secs[i].name) + 1;
	if (add) {
		GElf_Shdr ssh;

		str_scn = elf_getscn(elf, shstrndx);
		d = str_scn ? elf_getdata(str_scn, NULL) : NULL;
		if (!d || !gelf_getshdr(str_scn, &ssh))
			goto bad;
		c->shstr_buf = malloc(d->d_size + add);
		if (!c->shstr_buf) {
			err = -ENOMEM;
			goto out;
		}
		memcpy(c->shstr_buf, d->d_buf, d->d_size);
		for (i = 0; i < c->nr_secs; i++) {
			size_t len = strlen(c->secs[i].name) + 1;

			if (c->secs[i].scn)
				continue;
			name_off[i] = d->d_size;
			memcpy(c->shstr_buf + d->d_size, c->secs[i].name, len);
			d->d_size += len;
		}
		d->d_buf = c->shstr_buf;
		elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
		ssh.sh_offset = end;
		ssh.sh_size = d->d_size;
		end += ssh.sh_size;
		if (!gelf_update_shdr(str_scn, &ssh))
			goto bad;
	}

	for (i = 0; i < c->nr_secs; i++) {
		struct out_sec *o = &c->secs[i];
		bool is_new = !o->scn;

		if (is_new) {
			o->scn = elf_newscn(elf);
			if (!o->scn || !gelf_getshdr(o->scn, &sh))
				goto bad;
			memset(&sh, 0, sizeof(sh));
			sh.sh_name = name_off[i];
			if (!gelf_update_shdr(o->scn, &sh))
				goto bad;
		}
		err = fill_sec(c, o, is_new, &end);
		if (err == -EEXIST) {
			err = -EINVAL;
			goto out;
		}
		if (err)
			goto bad;
	}

	ehdr.e_shoff = align_up(end, 8);
	if (!gelf_update_ehdr(elf, &ehdr))
		goto bad;
	/* DIRTY: write the section header table anew, it may have new
	 * entries */
	elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT | ELF_F_DIRTY);
	if (elf_update(elf, ELF_C_WRITE) < 0)
		goto bad;
	err = 0;
	goto out;
bad:
	pr_warn("%s: cannot add .BTF: %s\n", c->path, elf_errmsg(-1));
	err = -EINVAL;
out:
	if (elf)
		elf_end(elf);
	return err;
}

int kbtf_write_elf_btf(const struct btf *btf, const char *path,
		       const struct kbtf_write_opts *opts)
{
	struct elf_ctx c = { .path = path };
	__u32 size;
	int err;

	err = kbtf_opts_copy(&c.opts, sizeof(c.opts), opts);
	if (err)
		return err;
	elf_version(EV_CURRENT);
	c.secs[0].name = ".BTF";
	c.secs[0].data = btf__raw_data(btf, &size);
	c.secs[0].size = size;
	c.nr_secs = 1;
	if (c.opts.dist_base) {
		c.secs[1].name = ".BTF.base";
		c.secs[1].data = btf__raw_data(c.opts.dist_base, &size);
		c.secs[1].size = size;
		c.nr_secs = 2;
	}
	if (!c.secs[0].data || (c.nr_secs > 1 && !c.secs[1].data))
		return -ENOMEM;
	err = kbtf_replace_file(path, true, fill_elf, &c);
	if (err && err != -EINVAL)
		pr_warn("%s: cannot write: %s\n", path, strerror(-err));
	free(c.shstr_buf);
	return err;
}

int kbtf_btf_distill_base(const struct btf *split, struct btf **base,
			  struct btf **new_split)
{
	*base = *new_split = NULL;
	if (!btf__base_btf(split))
		return -EINVAL;
#ifdef KBTF_HAVE_BTF_DISTILL_BASE
	{
		enum btf_endianness order = btf__endianness(split);
		int err;

		err = btf__distill_base(split, base, new_split);
		if (err)
			return err < 0 ? err : -EINVAL;
		if (btf__set_endianness(*base, order) ||
		    btf__set_endianness(*new_split, order)) {
			btf__free(*new_split);
			btf__free(*base);
			*base = *new_split = NULL;
			return -EINVAL;
		}
		return 0;
	}
#else
	return -EOPNOTSUPP;
#endif
}
