// SPDX-License-Identifier: GPL-2.0-only
/*
 * elf_btf_cmp: check what "btfencode -J" did to an ELF file.
 *
 *	elf_btf_cmp ORIG NEW RAW_BTF
 *
 * NEW must be ORIG with a .BTF section holding exactly the bytes of
 * RAW_BTF, added (not allocated) or replaced (its kind, flags and address
 * kept: ld.lld's allocated placeholder is filled in place): the ELF header (but for the section header
 * table's place and count), every program header, the file bytes of every
 * segment, and every section other than .BTF and .shstrtab (header and
 * contents) unchanged; .shstrtab may only grow at its end.  Exit 0 ok,
 * 1 mismatch (each printed on one line), 2 usage or unreadable input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gelf.h>

static int nr_fail;

#define fail(fmt, ...)							\
	do {								\
		printf("FAIL: " fmt "\n", ##__VA_ARGS__);		\
		nr_fail++;						\
	} while (0)

struct file {
	const char *path;
	int fd;
	Elf *elf;
	unsigned char *bytes;
	size_t size;
	size_t shstrndx, nr_secs;
};

static unsigned char *slurp(const char *path, size_t *size)
{
	struct stat st;
	unsigned char *buf;
	int fd = open(path, O_RDONLY);
	ssize_t n;
	size_t got = 0;

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(2);
	}
	buf = malloc(st.st_size + 1);
	if (!buf)
		exit(2);
	while (got < (size_t)st.st_size &&
	       (n = read(fd, buf + got, st.st_size - got)) > 0)
		got += n;
	close(fd);
	if (got != (size_t)st.st_size) {
		fprintf(stderr, "%s: short read\n", path);
		exit(2);
	}
	*size = got;
	return buf;
}

static void open_file(struct file *f, const char *path)
{
	f->path = path;
	f->bytes = slurp(path, &f->size);
	f->elf = elf_memory((char *)f->bytes, f->size);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF ||
	    elf_getshdrstrndx(f->elf, &f->shstrndx) ||
	    elf_getshdrnum(f->elf, &f->nr_secs)) {
		fprintf(stderr, "%s: not ELF: %s\n", path, elf_errmsg(-1));
		exit(2);
	}
}

static const char *sec_name(struct file *f, size_t idx, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(f->elf, idx);
	const char *n;

	if (!scn || !gelf_getshdr(scn, sh)) {
		fprintf(stderr, "%s: section %zu: %s\n", f->path, idx,
			elf_errmsg(-1));
		exit(2);
	}
	n = elf_strptr(f->elf, f->shstrndx, sh->sh_name);
	return n ? n : "";
}

static const unsigned char *sec_bytes(struct file *f, const GElf_Shdr *sh)
{
	if (sh->sh_type == SHT_NOBITS)
		return NULL;
	if (sh->sh_offset > f->size || sh->sh_size > f->size - sh->sh_offset) {
		fail("%s: section contents past the end of the file", f->path);
		return NULL;
	}
	return f->bytes + sh->sh_offset;
}

static void cmp_ehdr(struct file *a, struct file *b)
{
	GElf_Ehdr x, y;

	if (!gelf_getehdr(a->elf, &x) || !gelf_getehdr(b->elf, &y)) {
		fail("cannot read an ELF header");
		return;
	}
	if (memcmp(x.e_ident, y.e_ident, EI_NIDENT) || x.e_type != y.e_type ||
	    x.e_machine != y.e_machine || x.e_version != y.e_version ||
	    x.e_entry != y.e_entry || x.e_phoff != y.e_phoff ||
	    x.e_flags != y.e_flags || x.e_ehsize != y.e_ehsize ||
	    x.e_phentsize != y.e_phentsize || x.e_phnum != y.e_phnum ||
	    x.e_shentsize != y.e_shentsize)
		fail("ELF header changed (other than e_shoff/e_shnum/e_shstrndx)");
}

static void cmp_phdrs(struct file *a, struct file *b)
{
	size_t na, nb, i;

	if (elf_getphdrnum(a->elf, &na) || elf_getphdrnum(b->elf, &nb)) {
		fail("cannot read the program headers");
		return;
	}
	if (na != nb) {
		fail("%zu program headers, were %zu", nb, na);
		return;
	}
	for (i = 0; i < na; i++) {
		GElf_Phdr x, y;

		if (!gelf_getphdr(a->elf, i, &x) || !gelf_getphdr(b->elf, i, &y)) {
			fail("program header %zu unreadable", i);
			continue;
		}
		if (memcmp(&x, &y, sizeof(x))) {
			fail("program header %zu changed", i);
			continue;
		}
		if (x.p_filesz && (x.p_offset + x.p_filesz > a->size ||
				   x.p_offset + x.p_filesz > b->size ||
				   memcmp(a->bytes + x.p_offset,
					  b->bytes + x.p_offset, x.p_filesz)))
			fail("file bytes of segment %zu (offset %#llx, %llu bytes) changed",
			     i, (unsigned long long)x.p_offset,
			     (unsigned long long)x.p_filesz);
	}
}

int main(int argc, char **argv)
{
	struct file a = {}, b = {};
	unsigned char *raw;
	size_t raw_size, i, nr_btf = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: elf_btf_cmp ORIG NEW RAW_BTF\n");
		return 2;
	}
	elf_version(EV_CURRENT);
	open_file(&a, argv[1]);
	open_file(&b, argv[2]);
	raw = slurp(argv[3], &raw_size);

	cmp_ehdr(&a, &b);
	cmp_phdrs(&a, &b);
	if (a.shstrndx != b.shstrndx)
		fail("e_shstrndx %zu, was %zu", b.shstrndx, a.shstrndx);

	/* the sections of ORIG keep their index in NEW */
	for (i = 1; i < a.nr_secs; i++) {
		GElf_Shdr x, y;
		const char *nx = sec_name(&a, i, &x), *ny;
		const unsigned char *bx, *by;

		if (i >= b.nr_secs) {
			fail("section [%zu] %s missing", i, nx);
			continue;
		}
		ny = sec_name(&b, i, &y);
		if (strcmp(nx, ny)) {
			fail("section [%zu] %s renamed to %s", i, nx, ny);
			continue;
		}
		if (!strcmp(nx, ".BTF"))
			continue;
		bx = sec_bytes(&a, &x);
		by = sec_bytes(&b, &y);
		if (i == a.shstrndx) {
			if (y.sh_size < x.sh_size || !bx || !by ||
			    memcmp(bx, by, x.sh_size))
				fail("section [%zu] %s: old contents not kept as a prefix",
				     i, nx);
			continue;
		}
		if (x.sh_type != y.sh_type || x.sh_flags != y.sh_flags ||
		    x.sh_addr != y.sh_addr || x.sh_size != y.sh_size ||
		    x.sh_link != y.sh_link || x.sh_info != y.sh_info ||
		    x.sh_addralign != y.sh_addralign ||
		    x.sh_entsize != y.sh_entsize ||
		    ((x.sh_flags & SHF_ALLOC) && x.sh_offset != y.sh_offset))
			fail("section [%zu] %s: header changed", i, nx);
		else if (bx && by && memcmp(bx, by, x.sh_size))
			fail("section [%zu] %s: contents changed", i, nx);
	}
	for (i = 1; i < b.nr_secs; i++) {
		GElf_Shdr y;
		const char *ny = sec_name(&b, i, &y);
		const unsigned char *by;

		if (strcmp(ny, ".BTF")) {
			if (i >= a.nr_secs)
				fail("unexpected new section [%zu] %s", i, ny);
			continue;
		}
		nr_btf++;
		if (i < a.nr_secs) {
			/* replaced or filled: ORIG's kind, flags and place
			 * (ld.lld's allocated placeholder stays allocated,
			 * at its address) */
			GElf_Shdr x;

			sec_name(&a, i, &x);
			if (y.sh_type != SHT_PROGBITS ||
			    y.sh_flags != x.sh_flags || y.sh_addr != x.sh_addr)
				fail(".BTF [%zu]: type %u flags %#llx addr %#llx, expected PROGBITS, flags %#llx, addr %#llx",
				     i, y.sh_type, (unsigned long long)y.sh_flags,
				     (unsigned long long)y.sh_addr,
				     (unsigned long long)x.sh_flags,
				     (unsigned long long)x.sh_addr);
		} else if (y.sh_type != SHT_PROGBITS ||
			   (y.sh_flags & SHF_ALLOC)) {
			fail(".BTF [%zu]: type %u flags %#llx, expected PROGBITS, not SHF_ALLOC",
			     i, y.sh_type, (unsigned long long)y.sh_flags);
		}
		by = sec_bytes(&b, &y);
		if (y.sh_size != raw_size || !by || memcmp(by, raw, raw_size))
			fail(".BTF [%zu]: %llu bytes, not the %zu bytes of %s",
			     i, (unsigned long long)y.sh_size, raw_size, argv[3]);
	}
	if (nr_btf != 1)
		fail("%zu .BTF sections in %s, expected 1", nr_btf, argv[2]);
	elf_end(a.elf);
	elf_end(b.elf);
	free(a.bytes);
	free(b.bytes);
	free(raw);
	return nr_fail ? 1 : 0;
}
