// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkbe_image OUT: a small big-endian (s390x) linked image whose .BTF is
 * stale the way a kernel build leaves it, for the post-link fix-up on a
 * byte order other than the host's.  Written with libelf (headers and
 * symbols translated to big-endian) and libbpf (BTF set to big-endian).
 *
 *	.rodata        at 0x1000000, 0x40 bytes: pl_a at +0x20 (4 bytes),
 *	               pl_b at +0x30 (8 bytes)
 *	.data..percpu  at 0, 0x10 bytes: pl_p at +0x8 (4 bytes)
 *
 * The BTF says pl_a at 0x0, pl_b at 0x10 and .rodata 0x20 bytes long (the
 * link before 0x20 bytes of "tables" went in front of them); pl_p is right.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gelf.h>
#include <bpf/btf.h>

#define RODATA_ADDR 0x1000000ULL

static const char shstr[] =
	"\0.rodata\0.data..percpu\0.BTF\0.symtab\0.strtab\0.shstrtab";
enum { N_RODATA = 1, N_PERCPU = 9, N_BTF = 23, N_SYMTAB = 28,
       N_STRTAB = 36, N_SHSTRTAB = 44 };
static const char strtab[] = "\0pl_a\0pl_b\0pl_p";

static Elf_Scn *add_scn(Elf *elf, __u32 name, __u32 type, __u64 flags,
			__u64 addr, void *buf, size_t size, Elf_Type dtype)
{
	Elf_Scn *scn = elf_newscn(elf);
	Elf_Data *d = scn ? elf_newdata(scn) : NULL;
	GElf_Shdr sh;

	if (!d || !gelf_getshdr(scn, &sh))
		return NULL;
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = dtype;
	d->d_align = dtype == ELF_T_SYM ? 8 : 1;
	sh.sh_name = name;
	sh.sh_type = type;
	sh.sh_flags = flags;
	sh.sh_addr = addr;
	sh.sh_addralign = d->d_align;
	return gelf_update_shdr(scn, &sh) ? scn : NULL;
}

static struct btf *make_btf(void)
{
	struct btf *btf = btf__new_empty();
	int i32, i64, a, b, p;

	if (!btf)
		return NULL;
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	i64 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	a = btf__add_var(btf, "pl_a", BTF_VAR_GLOBAL_ALLOCATED, i32);
	b = btf__add_var(btf, "pl_b", BTF_VAR_GLOBAL_ALLOCATED, i64);
	p = btf__add_var(btf, "pl_p", BTF_VAR_GLOBAL_ALLOCATED, i32);
	if (btf__add_datasec(btf, ".rodata", 0x20) < 0 ||
	    btf__add_datasec_var_info(btf, a, 0x0, 4) ||
	    btf__add_datasec_var_info(btf, b, 0x10, 8) ||
	    btf__add_datasec(btf, ".data..percpu", 0x10) < 0 ||
	    btf__add_datasec_var_info(btf, p, 0x8, 4) ||
	    btf__set_endianness(btf, BTF_BIG_ENDIAN)) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}

int main(int argc, char **argv)
{
	static unsigned char rodata[0x40], percpu[0x10];
	Elf64_Sym syms[4] = {
		{ 0 },
		{ .st_name = 1, .st_info = GELF_ST_INFO(STB_GLOBAL, STT_OBJECT),
		  .st_shndx = 1, .st_value = RODATA_ADDR + 0x20, .st_size = 4 },
		{ .st_name = 6, .st_info = GELF_ST_INFO(STB_GLOBAL, STT_OBJECT),
		  .st_shndx = 1, .st_value = RODATA_ADDR + 0x30, .st_size = 8 },
		{ .st_name = 11, .st_info = GELF_ST_INFO(STB_GLOBAL, STT_OBJECT),
		  .st_shndx = 2, .st_value = 0x8, .st_size = 4 },
	};
	struct btf *btf;
	const void *raw = NULL;
	Elf_Scn *symscn;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	__u32 btf_size = 0;
	Elf *elf = NULL;
	int fd = -1, ret = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: mkbe_image OUT\n");
		return 2;
	}
	btf = make_btf();
	if (btf)
		raw = btf__raw_data(btf, &btf_size);
	elf_version(EV_CURRENT);
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	elf = fd < 0 ? NULL : elf_begin(fd, ELF_C_WRITE, NULL);
	if (!raw || !elf || !gelf_newehdr(elf, ELFCLASS64) ||
	    !gelf_getehdr(elf, &eh))
		goto fail;
	eh.e_ident[EI_DATA] = ELFDATA2MSB;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_S390;
	eh.e_version = EV_CURRENT;
	eh.e_shstrndx = 6;
	if (!gelf_update_ehdr(elf, &eh))
		goto fail;
	if (!add_scn(elf, N_RODATA, SHT_PROGBITS, SHF_ALLOC, RODATA_ADDR,
		     rodata, sizeof(rodata), ELF_T_BYTE) ||
	    !add_scn(elf, N_PERCPU, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0,
		     percpu, sizeof(percpu), ELF_T_BYTE) ||
	    !add_scn(elf, N_BTF, SHT_PROGBITS, SHF_ALLOC, RODATA_ADDR + 0x1000,
		     (void *)raw, btf_size, ELF_T_BYTE))
		goto fail;
	/* in host order: libelf writes them big-endian */
	symscn = add_scn(elf, N_SYMTAB, SHT_SYMTAB, 0, 0, syms, sizeof(syms),
			 ELF_T_SYM);
	if (!symscn || !gelf_getshdr(symscn, &sh))
		goto fail;
	sh.sh_link = 5;
	sh.sh_info = 1;
	sh.sh_entsize = sizeof(Elf64_Sym);
	if (!gelf_update_shdr(symscn, &sh) ||
	    !add_scn(elf, N_STRTAB, SHT_STRTAB, 0, 0, (void *)strtab,
		     sizeof(strtab), ELF_T_BYTE) ||
	    !add_scn(elf, N_SHSTRTAB, SHT_STRTAB, 0, 0, (void *)shstr,
		     sizeof(shstr), ELF_T_BYTE))
		goto fail;
	if (elf_update(elf, ELF_C_WRITE) < 0)
		goto fail;
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "mkbe_image: %s: %s\n", argv[1], elf_errmsg(-1));
out:
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	btf__free(btf);
	return ret;
}
