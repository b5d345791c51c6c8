// SPDX-License-Identifier: GPL-2.0-only
/*
 * dwarf_vars_scan: the data objects that an ELF file's DWARF describes,
 * found independently of the encoder (plain libdw and libelf, nothing from
 * dwarf/ or btf_encoder/), as the reference the real-kernel tests hold the
 * encoder's VARs against.
 *
 *	dwarf_vars_scan [-j N] FILE
 *
 * An object is reported when a DW_TAG_variable that is a child of a
 * compile unit has a DW_AT_location of DW_OP_addr (or DW_OP_addrx),
 * optionally followed by DW_OP_plus_uconst, and the symbol table has an
 * STT_OBJECT symbol of the variable's name (DW_AT_name, through
 * DW_AT_specification / DW_AT_abstract_origin) at that address, with
 * st_size > 0, in an allocated, non-executable PROGBITS or NOBITS section.
 * Output, one line per distinct symbol, sorted by section index and
 * address:
 *
 *	SECTION <tab> NAME <tab> ADDRESS(%016llx) <tab> SIZE <tab> BINDING
 *
 * BINDING is GLOBAL, WEAK or LOCAL.  A summary goes to stderr.  Exit 0,
 * 1 on an unreadable input, 2 on usage.
 *
 * Assumes a linked file (ET_EXEC or ET_DYN): DWARF addresses are final,
 * nothing is relocated.  With -j N, N threads (at most 8) each walk every
 * N-th compile unit with Elf and Dwarf handles of their own (libelf and
 * libdw load sections lazily, so handles are not shared).
 */
#include <dwarf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elfutils/libdw.h>

#define MAX_THREADS 8

struct sym {
	const char *name;
	uint64_t addr;
	uint64_t size;
	uint32_t shndx;
	uint8_t bind;
	bool hit;
};

struct scan {
	const char *path;
	Elf *elf;
	struct sym *syms;	/* eligible symbols, sorted by addr, name */
	size_t nr_syms;
	int fd;
	int nr_threads;
	size_t nr_cus, nr_vars, nr_addr_vars, nr_matched;
};

struct worker {
	struct scan *s;
	int idx;
	int err;
	size_t nr_cus, nr_vars, nr_addr_vars;
	struct sym **hits;
	size_t nr_hits, cap_hits;
};

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool sec_is_data(const GElf_Shdr *sh)
{
	return (sh->sh_flags & SHF_ALLOC) && !(sh->sh_flags & SHF_EXECINSTR) &&
	       (sh->sh_type == SHT_PROGBITS || sh->sh_type == SHT_NOBITS);
}

/* The eligible STT_OBJECT symbols of .symtab, sorted by address. */
static int load_syms(struct scan *s)
{
	Elf_Scn *scn = NULL, *symscn = NULL, *xscn = NULL;
	Elf_Data *data, *xdata = NULL;
	GElf_Shdr sh, symsh;
	size_t nr_secs, i, n;
	bool *is_data;

	if (elf_getshdrnum(s->elf, &nr_secs))
		return -EINVAL;
	is_data = calloc(nr_secs ? nr_secs : 1, sizeof(*is_data));
	if (!is_data)
		return -ENOMEM;
	while ((scn = elf_nextscn(s->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		is_data[elf_ndxscn(scn)] = sec_is_data(&sh);
		if (sh.sh_type == SHT_SYMTAB)
			symscn = scn;
		else if (sh.sh_type == SHT_SYMTAB_SHNDX)
			xscn = scn;
	}
	if (!symscn || !gelf_getshdr(symscn, &symsh) || !symsh.sh_entsize) {
		fprintf(stderr, "%s: no symbol table\n", s->path);
		free(is_data);
		return -ENOENT;
	}
	data = elf_getdata(symscn, NULL);
	if (xscn)
		xdata = elf_getdata(xscn, NULL);
	n = symsh.sh_size / symsh.sh_entsize;
	s->syms = calloc(n ? n : 1, sizeof(*s->syms));
	if (!data || !s->syms) {
		free(is_data);
		return -ENOMEM;
	}
	for (i = 1; i < n; i++) {
		GElf_Sym sym;
		Elf32_Word xndx = 0;
		uint32_t shndx;
		const char *name;

		if (!gelf_getsymshndx(data, xdata, i, &sym, &xndx))
			continue;
		shndx = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
		if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT || !sym.st_size ||
		    shndx == SHN_UNDEF || shndx >= nr_secs || !is_data[shndx])
			continue;
		name = elf_strptr(s->elf, symsh.sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		s->syms[s->nr_syms++] = (struct sym){
			.name = name,
			.addr = sym.st_value,
			.size = sym.st_size,
			.shndx = shndx,
			.bind = GELF_ST_BIND(sym.st_info),
		};
	}
	free(is_data);
	qsort(s->syms, s->nr_syms, sizeof(*s->syms), cmp_sym);
	return 0;
}

static struct sym *find_sym(struct scan *s, const char *name, uint64_t addr)
{
	size_t lo = 0, hi = s->nr_syms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct sym *m = &s->syms[mid];
		int c = m->addr != addr ? (m->addr < addr ? -1 : 1) :
					  strcmp(m->name, name);

		if (!c)
			return m;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The address of a location DW_OP_addr/addrx [DW_OP_plus_uconst]. */
static bool var_addr(Dwarf_Attribute *loc, uint64_t *addr)
{
	Dwarf_Attribute res;
	Dwarf_Op *ops;
	Dwarf_Addr a;
	size_t n;

	if (dwarf_getlocation(loc, &ops, &n) || n < 1 || n > 2)
		return false;
	switch (ops[0].atom) {
	case DW_OP_addr:
		a = ops[0].number;
		break;
	case DW_OP_addrx:
	case DW_OP_GNU_addr_index:
		if (dwarf_getlocation_attr(loc, &ops[0], &res) ||
		    dwarf_formaddr(&res, &a))
			return false;
		break;
	default:
		return false;
	}
	if (n == 2) {
		if (ops[1].atom != DW_OP_plus_uconst)
			return false;
		a += ops[1].number;
	}
	*addr = a;
	return true;
}

static int add_hit(struct worker *w, struct sym *sym)
{
	if (w->nr_hits == w->cap_hits) {
		size_t cap = w->cap_hits ? 2 * w->cap_hits : 1024;
		struct sym **p = realloc(w->hits, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		w->hits = p;
		w->cap_hits = cap;
	}
	w->hits[w->nr_hits++] = sym;
	return 0;
}

static void scan_cu(struct worker *w, Dwarf_Die *cu)
{
	Dwarf_Attribute loc, na;
	Dwarf_Die die;
	const char *name;
	struct sym *sym;
	uint64_t addr;

	if (dwarf_child(cu, &die))
		return;
	do {
		if (dwarf_tag(&die) != DW_TAG_variable)
			continue;
		w->nr_vars++;
		if (!dwarf_attr(&die, DW_AT_location, &loc) ||
		    !var_addr(&loc, &addr))
			continue;
		w->nr_addr_vars++;
		name = dwarf_formstring(dwarf_attr_integrate(&die, DW_AT_name,
							     &na));
		if (!name)
			continue;
		sym = find_sym(w->s, name, addr);
		if (sym && add_hit(w, sym))
			w->err = -ENOMEM;
	} while (!w->err && dwarf_siblingof(&die, &die) == 0);
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	Dwarf_Off off = 0, next;
	size_t hsize, i = 0;
	Dwarf_Die cu;
	Dwarf *dw;
	Elf *elf;

	elf = elf_begin(w->s->fd, ELF_C_READ_MMAP, NULL);
	dw = elf ? dwarf_begin_elf(elf, DWARF_C_READ, NULL) : NULL;
	if (!dw) {
		fprintf(stderr, "%s: %s\n", w->s->path,
			elf ? dwarf_errmsg(-1) : elf_errmsg(-1));
		elf_end(elf);
		w->err = -EINVAL;
		return NULL;
	}
	while (!w->err &&
	       dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		if (i++ % w->s->nr_threads == (size_t)w->idx &&
		    dwarf_offdie(dw, off + hsize, &cu) &&
		    dwarf_tag(&cu) == DW_TAG_compile_unit) {
			w->nr_cus++;
			scan_cu(w, &cu);
		}
		off = next;
	}
	dwarf_end(dw);
	elf_end(elf);
	return NULL;
}

static const char *bind_name(uint8_t bind)
{
	switch (bind) {
	case STB_GLOBAL:
		return "GLOBAL";
	case STB_WEAK:
		return "WEAK";
	case STB_LOCAL:
		return "LOCAL";
	default:
		return "OTHER";
	}
}

static int cmp_out(const void *a, const void *b)
{
	const struct sym *x = *(struct sym *const *)a;
	const struct sym *y = *(struct sym *const *)b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	return cmp_sym(x, y);
}

int main(int argc, char **argv)
{
	struct worker ws[MAX_THREADS] = {};
	pthread_t tids[MAX_THREADS];
	struct scan s = { .nr_threads = 1 };
	struct sym **out = NULL;
	size_t nr_out = 0, shstrndx, i, j;
	int c, fd, ret = 1;

	while ((c = getopt(argc, argv, "j:")) != -1) {
		if (c != 'j')
			goto usage;
		s.nr_threads = atoi(optarg);
		if (s.nr_threads < 1 || s.nr_threads > MAX_THREADS)
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	s.path = argv[optind];
	elf_version(EV_CURRENT);
	fd = s.fd = open(s.path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", s.path, strerror(errno));
		return 1;
	}
	s.elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!s.elf || elf_getshdrstrndx(s.elf, &shstrndx)) {
		fprintf(stderr, "%s: %s\n", s.path, elf_errmsg(-1));
		goto out;
	}
	if (load_syms(&s))
		goto out;
	for (i = 0; i < (size_t)s.nr_threads; i++) {
		ws[i].s = &s;
		ws[i].idx = i;
		if (pthread_create(&tids[i], NULL, worker_fn, &ws[i])) {
			fprintf(stderr, "cannot start a thread\n");
			s.nr_threads = i;
			ws[0].err = -EAGAIN;
			break;
		}
	}
	for (i = 0; i < (size_t)s.nr_threads; i++)
		pthread_join(tids[i], NULL);
	for (i = 0; i < (size_t)s.nr_threads; i++) {
		if (ws[i].err)
			goto out;
		s.nr_cus += ws[i].nr_cus;
		s.nr_vars += ws[i].nr_vars;
		s.nr_addr_vars += ws[i].nr_addr_vars;
		s.nr_matched += ws[i].nr_hits;
		for (j = 0; j < ws[i].nr_hits; j++)
			ws[i].hits[j]->hit = true;
	}
	out = malloc((s.nr_syms ? s.nr_syms : 1) * sizeof(*out));
	if (!out)
		goto out;
	for (i = 0; i < s.nr_syms; i++)
		if (s.syms[i].hit)
			out[nr_out++] = &s.syms[i];
	qsort(out, nr_out, sizeof(*out), cmp_out);
	for (i = 0; i < nr_out; i++) {
		GElf_Shdr sh;
		const char *sec = NULL;
		Elf_Scn *scn = elf_getscn(s.elf, out[i]->shndx);

		if (scn && gelf_getshdr(scn, &sh))
			sec = elf_strptr(s.elf, shstrndx, sh.sh_name);
		printf("%s\t%s\t%016llx\t%llu\t%s\n", sec ? sec : "?",
		       out[i]->name, (unsigned long long)out[i]->addr,
		       (unsigned long long)out[i]->size,
		       bind_name(out[i]->bind));
	}
	fprintf(stderr,
		"dwarf_vars_scan: %zu CUs, %zu top-level variables, %zu at a fixed address, %zu matched a data symbol, %zu distinct symbols\n",
		s.nr_cus, s.nr_vars, s.nr_addr_vars, s.nr_matched, nr_out);
	ret = fflush(stdout) ? 1 : 0;
out:
	for (i = 0; i < MAX_THREADS; i++)
		free(ws[i].hits);
	free(out);
	free(s.syms);
	elf_end(s.elf);
	close(fd);
	return ret;
usage:
	fprintf(stderr, "usage: dwarf_vars_scan [-j N] FILE\n");
	return 2;
}
