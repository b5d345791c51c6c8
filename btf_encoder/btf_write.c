// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writing encoded BTF: a raw file, or a .BTF section in an ELF file.
 *
 * The ELF path works on a copy of the file (kbtf_replace_file) with libelf
 * in ELF_F_LAYOUT mode: every existing section keeps its offset, the new
 * or grown .BTF data (and .shstrtab, when a name must be added) go after
 * the last byte in use, and the section header table moves to the end.
 * No objcopy is run.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <gelf.h>

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

struct elf_ctx {
	const char *path;
	const void *data;
	size_t size;
	char *shstr_buf;
	struct kbtf_write_opts opts;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int fill_elf(int fd, void *ctx)
{
	struct elf_ctx *c = ctx;
	Elf_Scn *scn = NULL, *btf_scn = NULL, *str_scn;
	uint64_t end = 0;
	size_t shstrndx, nr;
	GElf_Ehdr ehdr;
	GElf_Shdr sh;
	Elf_Data *d;
	Elf *elf;
	int err = -EINVAL;

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
		if (name && !strcmp(name, ".BTF"))
			btf_scn = scn;
		if (sh.sh_type != SHT_NOBITS && sh.sh_offset + sh.sh_size > end)
			end = sh.sh_offset + sh.sh_size;
	}

	if (btf_scn) {
		if (!gelf_getshdr(btf_scn, &sh))
			goto bad;
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
			pr_warn("%s: its .BTF (%llu bytes) is part of the loaded image; not replacing it (--btf_replace_loaded replaces it, --btf_encode_detached writes elsewhere)\n",
				c->path, (unsigned long long)sh.sh_size);
			err = -EINVAL;
			goto out;
		}
		if (sh.sh_type == SHT_NOBITS)
			sh.sh_type = SHT_PROGBITS;
		if (c->size > sh.sh_size) {
			sh.sh_offset = align_up(end, 8);
			end = sh.sh_offset + c->size;
		}
		d = elf_getdata(btf_scn, NULL);
		if (!d)
			d = elf_newdata(btf_scn);
		if (!d)
			goto bad;
	} else {
		GElf_Shdr ssh;
		size_t name_off;

		str_scn = elf_getscn(elf, shstrndx);
		d = str_scn ? elf_getdata(str_scn, NULL) : NULL;
		if (!d || !gelf_getshdr(str_scn, &ssh))
			goto bad;
		name_off = d->d_size;
		c->shstr_buf = malloc(d->d_size + sizeof(".BTF"));
		if (!c->shstr_buf) {
			err = -ENOMEM;
			goto out;
		}
		memcpy(c->shstr_buf, d->d_buf, d->d_size);
		memcpy(c->shstr_buf + d->d_size, ".BTF", sizeof(".BTF"));
		d->d_buf = c->shstr_buf;
		d->d_size += sizeof(".BTF");
		elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
		ssh.sh_offset = end;
		ssh.sh_size = d->d_size;
		end += ssh.sh_size;
		if (!gelf_update_shdr(str_scn, &ssh))
			goto bad;

		btf_scn = elf_newscn(elf);
		if (!btf_scn)
			goto bad;
		memset(&sh, 0, sizeof(sh));
		sh.sh_name = name_off;
		sh.sh_type = SHT_PROGBITS;
		sh.sh_addralign = 8;
		sh.sh_offset = align_up(end, 8);
		end = sh.sh_offset + c->size;
		d = elf_newdata(btf_scn);
		if (!d)
			goto bad;
	}
	d->d_buf = (void *)c->data;
	d->d_size = c->size;
	d->d_type = ELF_T_BYTE;
	d->d_off = 0;
	d->d_align = 1;
	d->d_version = EV_CURRENT;
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
	sh.sh_size = c->size;
	if (!gelf_update_shdr(btf_scn, &sh))
		goto bad;

	ehdr.e_shoff = align_up(end, 8);
	if (!gelf_update_ehdr(elf, &ehdr))
		goto bad;
	/* DIRTY: write the section header table anew, it has a new entry */
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
	c.data = btf__raw_data(btf, &size);
	if (!c.data)
		return -ENOMEM;
	c.size = size;
	err = kbtf_replace_file(path, true, fill_elf, &c);
	if (err && err != -EINVAL)
		pr_warn("%s: cannot write: %s\n", path, strerror(-err));
	free(c.shstr_buf);
	return err;
}
