// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reader's handle on a file: opening it (ET_EXEC/ET_DYN mapped once
 * and read through elf_memory(); ET_REL relocated by libdwfl), clones for
 * worker threads on the same mapping, the list of CUs, letting go of
 * pages already read.  libdw's errors are mapped here to -Exxx and a
 * message naming the file.
 *
 * Where the DWARF is: in the file; in the separate debug file a stripped
 * image names (.gnu_debuglink), which is then the file read; and, for
 * DWARF that dwz made, partly in the common file it names
 * (.gnu_debugaltlink), which libdw cannot find by itself in a file read
 * from memory.  Compressed debug sections: zlib is libdw's; zstd is
 * refused by name where libdw predates it (elfutils 0.189).
 *
 * Owns: the fd, the mapping (first handle only), the Elf and Dwarf/Dwfl
 * handles, the dwz file's handles, the CU list.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <dwarf.h>
#include <zlib.h>
#include <elfutils/libdwelf.h>

#include "dwarf_int.h"
#include "kbtf_elf.h"
#include "kbtf_log.h"
#include "kbtf_util.h"

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static bool has_section(Elf *elf, const char *name)
{
	GElf_Shdr sh;

	return kbtf_elf_find_scn(elf, name, &sh) && sh.sh_type != SHT_NOBITS &&
	       sh.sh_size;
}

/* Where .debug_info lies in the mapping; only for an uncompressed
 * section of a file in the host's byte order (libelf then reads it in
 * place and never writes to it). */
static void find_debug_info(struct kbtf_dwarf *d)
{
	bool host_be = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	GElf_Ehdr eh;
	GElf_Shdr sh;

	if (!gelf_getehdr(d->elf, &eh) ||
	    (eh.e_ident[EI_DATA] == ELFDATA2MSB) != host_be ||
	    !kbtf_elf_find_scn(d->elf, ".debug_info", &sh) ||
	    (sh.sh_flags & SHF_COMPRESSED) || sh.sh_type == SHT_NOBITS)
		return;
	if (sh.sh_offset + sh.sh_size <= d->map_size) {
		d->info_off = sh.sh_offset;
		d->info_size = sh.sh_size;
	}
}

#ifndef ELFCOMPRESS_ZSTD
#define ELFCOMPRESS_ZSTD 2
#endif

/* Does this libdw read zstd-compressed sections (elfutils 0.189 on)? */
static bool libdw_has_zstd(void)
{
	const char *v = dwfl_version(NULL);
	unsigned int a = 0, b = 0;

	return v && sscanf(v, "%u.%u", &a, &b) == 2 &&
	       (a > 0 || b >= 189);
}

/* Compressed debug sections libdw cannot read: -EOPNOTSUPP (printed). */
static int check_compression(const char *path, Elf *elf)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return 0;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;
		GElf_Shdr sh;
		GElf_Chdr ch;
		char q[64];

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_COMPRESSED))
			continue;
		n = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!n || strncmp(n, ".debug_", 7) || !gelf_getchdr(scn, &ch) ||
		    ch.ch_type == ELFCOMPRESS_ZLIB)
			continue;
		if (ch.ch_type == ELFCOMPRESS_ZSTD) {
			if (libdw_has_zstd())
				continue;
			pr_warn("%s: its debug sections are compressed with zstd (%s: SHF_COMPRESSED, ELFCOMPRESS_ZSTD); Debian 12's libdw cannot read it (elfutils %s): objcopy --decompress-debug-sections makes a copy it can\n",
				path, kbtf_quote(n, q, sizeof(q)),
				dwfl_version(NULL));
		} else {
			pr_warn("%s: %s is compressed with an unknown method (ch_type %u)\n",
				path, kbtf_quote(n, q, sizeof(q)), ch.ch_type);
		}
		return -EOPNOTSUPP;
	}
	return 0;
}

/* zlib's CRC-32 of the file @fd, as .gnu_debuglink holds it. */
static int file_crc(int fd, uint32_t *crc)
{
	unsigned char buf[1 << 16];
	uLong c = crc32(0, NULL, 0);
	off_t off = 0;
	ssize_t n;

	while ((n = pread(fd, buf, sizeof(buf), off)) > 0) {
		c = crc32(c, buf, n);
		off += n;
	}
	if (n < 0)
		return -errno;
	*crc = c;
	return 0;
}

/*
 * The separate debug file that the stripped image @path names in its
 * .gnu_debuglink, where gdb and libdwfl look for it: beside @path, in
 * .debug/ beside it, under /usr/lib/debug with @path's directory.  Its
 * CRC must be the one the link holds.  NULL with *@err 0 when there is
 * no link, or with *@err -ENODATA when no file fits (printed).
 */
static char *find_debuglink(const char *path, Elf *elf, int *err)
{
	char dir[PATH_MAX], absdir[PATH_MAX], cand[3][PATH_MAX * 2 + 32];
	const char *name, *slash;
	bool mismatch = false;
	GElf_Word want;
	int i;

	*err = 0;
	name = dwelf_elf_gnu_debuglink(elf, &want);
	if (!name || !*name)
		return NULL;
	*err = -ENODATA;
	if (strchr(name, '/')) {
		pr_warn("%s: no DWARF, and its .gnu_debuglink is not a file name\n",
			path);
		return NULL;
	}
	slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
		 slash ? path : ".");
	if (!realpath(dir[0] ? dir : "/", absdir))
		snprintf(absdir, sizeof(absdir), "%s", dir);
	snprintf(cand[0], sizeof(cand[0]), "%s/%s", dir, name);
	snprintf(cand[1], sizeof(cand[1]), "%s/.debug/%s", dir, name);
	snprintf(cand[2], sizeof(cand[2]), "/usr/lib/debug%s/%s", absdir,
		 name);
	for (i = 0; i < 3; i++) {
		uint32_t crc = 0;
		int fd = open(cand[i], O_RDONLY | O_CLOEXEC);
		int r;

		if (fd < 0)
			continue;
		r = file_crc(fd, &crc);
		close(fd);
		if (!r && crc == want) {
			*err = 0;
			pr_debug("%s: reading DWARF from %s (.gnu_debuglink)\n",
				 path, cand[i]);
			return strdup(cand[i]);
		}
		mismatch = true;
	}
	if (mismatch)
		pr_warn("%s: no DWARF, and the files named %s (its .gnu_debuglink) beside it, in .debug/ and under /usr/lib/debug are not its debug file (CRC differs)\n",
			path, name);
	else
		pr_warn("%s: no DWARF, and the debug file its .gnu_debuglink names, %s, is not beside it, in .debug/ or under /usr/lib/debug\n",
			path, name);
	return NULL;
}

/* The path of dwz's common file that @d's DWARF names, or NULL (none:
 * *@err 0; or -ENOMEM). */
static char *alt_path(struct kbtf_dwarf *d, int *err)
{
	const char *name, *slash;
	const void *bid;
	char *p;
	ssize_t n;

	*err = 0;
	n = dwelf_dwarf_gnu_debugaltlink(d->dbg, &name, &bid);
	if (n <= 0 || !name || !*name)
		return NULL;
	slash = strrchr(d->path, '/');
	if (name[0] == '/' || !slash)
		p = strdup(name);
	else if (asprintf(&p, "%.*s/%s", (int)(slash - d->path), d->path,
			  name) < 0)
		p = NULL;
	if (!p)
		*err = -ENOMEM;
	return p;
}

/*
 * Open dwz's common file d->alt_path and give it to libdw as the
 * "alternate" of d->dbg: its build ID must be the one .gnu_debugaltlink
 * holds.  0 or -Exxx (printed).
 */
static int open_alt(struct kbtf_dwarf *d)
{
	const void *want, *got;
	const char *name;
	char err[256];
	ssize_t n, m;
	int ret;

	if (!d->alt_path)
		return 0;
	ret = kbtf_elf_open(d->alt_path, &d->alt_fd, &d->alt_elf, err,
			    sizeof(err));
	if (ret) {
		pr_warn("%s: its DWARF was made by dwz and refers to %s (.gnu_debugaltlink): %s\n",
			d->path, d->alt_path,
			ret == -ENOENT ? "missing" : err);
		d->alt_fd = -1;
		return ret == -ENOENT ? -ENODATA : ret;
	}
	n = dwelf_dwarf_gnu_debugaltlink(d->dbg, &name, &want);
	m = dwelf_elf_gnu_build_id(d->alt_elf, &got);
	if (n > 0 && (m != n || memcmp(want, got, n))) {
		pr_warn("%s: %s is not the dwz file its .gnu_debugaltlink names (build ID differs)\n",
			d->path, d->alt_path);
		return -EINVAL;
	}
	d->alt_dbg = dwarf_begin_elf(d->alt_elf, DWARF_C_READ, NULL);
	if (!d->alt_dbg) {
		pr_warn("%s: cannot read the DWARF of %s (its dwz file): %s\n",
			d->path, d->alt_path, dwarf_errmsg(-1));
		return -EINVAL;
	}
	dwarf_setalt(d->dbg, d->alt_dbg);
	return 0;
}

void kbtf_dwarf__release(struct kbtf_dwarf *d, Dwarf_Off from, Dwarf_Off to)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t start, end;

	if (!d->map || !d->info_size || page <= 0)
		return;
	if (!to || to > d->info_size)
		to = d->info_size;
	if (from >= to)
		return;
	/* whole pages inside the range only */
	start = (d->info_off + from + page - 1) & ~(uint64_t)(page - 1);
	end = (d->info_off + to) & ~(uint64_t)(page - 1);
	if (end > start)
		madvise((char *)d->map + start, end - start, MADV_DONTNEED);
}

struct kbtf_dwarf *kbtf_dwarf__open(const char *path)
{
	struct kbtf_dwarf *d;
	char err[256];
	GElf_Ehdr ehdr;
	int ret;

	d = calloc(1, sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = -1;
	d->alt_fd = -1;
	d->path = strdup(path);
	if (!d->path) {
		ret = -ENOMEM;
		goto err_out;
	}
	ret = kbtf_elf_open(path, &d->fd, &d->elf, err, sizeof(err));
	if (ret) {
		pr_warn("%s: %s\n", path, err);
		goto err_out;
	}
	d->owns_fd = true;
	if (!has_section(d->elf, ".debug_info") &&
	    !has_section(d->elf, ".zdebug_info") &&
	    !has_section(d->elf, ".debug_info.dwo")) {
		/* a stripped image: its debug file is read instead */
		char *dbg = find_debuglink(path, d->elf, &ret);

		if (ret)
			goto err_out;
		if (dbg) {
			elf_end(d->elf);
			d->elf = NULL;
			close(d->fd);
			d->fd = -1;
			free(d->path);
			d->path = dbg;
			path = dbg;
			ret = kbtf_elf_open(path, &d->fd, &d->elf, err,
					    sizeof(err));
			if (ret) {
				pr_warn("%s: %s\n", path, err);
				goto err_out;
			}
		}
	}
	ret = check_compression(path, d->elf);
	if (ret)
		goto err_out;
	if (!has_section(d->elf, ".debug_info") &&
	    !has_section(d->elf, ".zdebug_info")) {
		if (has_section(d->elf, ".debug_info.dwo"))
			pr_warn("%s: split DWARF (.dwo) is not supported\n",
				path);
		else
			pr_warn("%s: no DWARF (.debug_info section missing)\n",
				path);
		ret = -ENODATA;
		goto err_out;
	}
	if (!gelf_getehdr(d->elf, &ehdr)) {
		pr_warn("%s: bad ELF header\n", path);
		ret = -EINVAL;
		goto err_out;
	}
	d->big_endian = ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	d->fast = kd_fast_supported();
	if (ehdr.e_type == ET_REL) {
		Dwfl_Module *mod;
		Dwarf_Addr bias;

		/* Relocation of .debug_* is libdwfl's job; it lays the
		 * sections out at distinct addresses on the way.  It opens
		 * the file itself: this Elf goes now (kbtf_dwarf__free()
		 * ends only dwfl's once there is a Dwfl). */
		elf_end(d->elf);
		d->elf = NULL;
		d->dwfl = dwfl_begin(&offline_callbacks);
		if (!d->dwfl) {
			ret = -ENOMEM;
			goto err_out;
		}
		mod = dwfl_report_offline(d->dwfl, path, path, -1);
		dwfl_report_end(d->dwfl, NULL, NULL);
		if (mod)
			d->dbg = dwfl_module_getdwarf(mod, &bias);
		if (!mod || !d->dbg) {
			pr_warn("%s: cannot read DWARF: %s\n", path,
				dwfl_errmsg(-1));
			ret = -EINVAL;
			goto err_out;
		}
		d->elf = dwfl_module_getelf(mod, &bias);
	} else {
		struct stat st;
		Elf *mem;

		/* MAP_PRIVATE and writable: libelf may convert in place */
		if (fstat(d->fd, &st) == 0)
			d->map = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE, d->fd, 0);
		if (!d->map || d->map == MAP_FAILED) {
			d->map = NULL;
			pr_warn("%s: cannot map: %s\n", path, strerror(errno));
			ret = -errno;
			goto err_out;
		}
		d->map_size = st.st_size;
		d->owns_map = true;
		mem = elf_memory(d->map, d->map_size);
		if (!mem) {
			pr_warn("%s: %s\n", path, elf_errmsg(-1));
			ret = -EINVAL;
			goto err_out;
		}
		elf_end(d->elf);
		d->elf = mem;
		find_debug_info(d);
		d->dbg = dwarf_begin_elf(d->elf, DWARF_C_READ, NULL);
		if (!d->dbg) {
			pr_warn("%s: cannot read DWARF: %s\n", path,
				dwarf_errmsg(-1));
			ret = -EINVAL;
			goto err_out;
		}
		d->alt_path = alt_path(d, &ret);
		if (!ret)
			ret = open_alt(d);
		if (ret)
			goto err_out;
	}
	return d;

err_out:
	kbtf_dwarf__free(d);
	errno = -ret;
	return NULL;
}

int kbtf_dwarf__set_opts(struct kbtf_dwarf *d,
			 const struct kbtf_dwarf_opts *opts)
{
	return kbtf_opts_copy(&d->opts, sizeof(d->opts), opts);
}

bool kbtf_dwarf__can_clone(const struct kbtf_dwarf *d)
{
	return !d->dwfl;
}

struct kbtf_dwarf *kbtf_dwarf__clone(const struct kbtf_dwarf *src)
{
	struct kbtf_dwarf *d;

	if (src->dwfl) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = src->fd;
	d->alt_fd = -1;
	d->fast = src->fast;
	d->big_endian = src->big_endian;
	d->opts = src->opts;
	d->map = src->map;
	d->map_size = src->map_size;
	d->info_off = src->info_off;
	d->info_size = src->info_size;
	d->path = strdup(src->path);
	d->elf = elf_memory(src->map, src->map_size);
	if (d->elf)
		d->dbg = dwarf_begin_elf(d->elf, DWARF_C_READ, NULL);
	if (src->alt_path)
		d->alt_path = strdup(src->alt_path);
	if (!d->path || !d->dbg || (src->alt_path && !d->alt_path)) {
		kbtf_dwarf__free(d);
		errno = ENOMEM;
		return NULL;
	}
	if (open_alt(d)) {
		kbtf_dwarf__free(d);
		errno = EIO;
		return NULL;
	}
	return d;
}

void kbtf_dwarf__free(struct kbtf_dwarf *d)
{
	if (!d)
		return;
	if (d->dwfl) {
		dwfl_end(d->dwfl);
	} else {
		if (d->dbg)
			dwarf_end(d->dbg);
		if (d->elf)
			elf_end(d->elf);
	}
	if (d->alt_dbg)
		dwarf_end(d->alt_dbg);
	if (d->alt_elf)
		elf_end(d->alt_elf);
	if (d->alt_fd >= 0)
		close(d->alt_fd);
	free(d->alt_path);
	if (d->owns_map)
		munmap(d->map, d->map_size);
	if (d->owns_fd && d->fd >= 0)
		close(d->fd);
	free(d->cus);
	free(d->path);
	free(d);
}

Elf *kbtf_dwarf__elf(const struct kbtf_dwarf *d)
{
	return d->elf;
}

int kbtf_dwarf__cus(struct kbtf_dwarf *d, const Dwarf_Off **offs, size_t *nr)
{
	Dwarf_CU *cu = NULL;
	size_t cap = 0;
	int ret;

	if (d->cus_loaded)
		goto out;
	for (;;) {
		Dwarf_Die cudie, subdie;
		uint8_t unit_type;
		Dwarf_Half version;

		ret = dwarf_get_units(d->dbg, cu, &cu, &version, &unit_type,
				      &cudie, &subdie);
		if (ret == 1)
			break;
		if (ret < 0) {
			pr_warn("%s: corrupt DWARF unit header: %s\n", d->path,
				dwarf_errmsg(-1));
			return -EINVAL;
		}
		/* Only the unit type here: a look at the DIE loads the CU's
		 * abbreviations, 50 ms of a serial start for a distro kernel.
		 * A DWARF 4 skeleton shows by its attributes: in the first CU
		 * of a split build; read_cu() skips other non-compile units. */
		if (unit_type == DW_UT_skeleton ||
		    (!d->nr_cus && version < 5 &&
		     (dwarf_hasattr(&cudie, DW_AT_GNU_dwo_name) ||
		      dwarf_hasattr(&cudie, DW_AT_dwo_name)))) {
			pr_warn("%s: split DWARF (.dwo) is not supported\n",
				d->path);
			return -EOPNOTSUPP;
		}
		if (unit_type != DW_UT_compile)
			continue;
		if (d->nr_cus == cap) {
			Dwarf_Off *n;

			cap = cap ? cap * 2 : 64;
			n = realloc(d->cus, cap * sizeof(*n));
			if (!n)
				return -ENOMEM;
			d->cus = n;
		}
		d->cus[d->nr_cus++] = dwarf_dieoffset(&cudie);
	}
	if (!d->nr_cus) {
		pr_warn("%s: no DWARF compile units\n", d->path);
		return -ENODATA;
	}
	d->cus_loaded = true;
out:
	*offs = d->cus;
	*nr = d->nr_cus;
	return 0;
}

uint32_t kbtf_dwarf__cu_lang(struct kbtf_dwarf *d, Dwarf_Off cu_off)
{
	Dwarf_Die cudie;
	int lang;

	if (!dwarf_offdie(d->dbg, cu_off, &cudie))
		return 0;
	lang = dwarf_srclang(&cudie);
	return lang < 0 ? 0 : lang;
}


/* Where libdw has .debug_info, for the fast path: the Elf it reads
 * from. */
void kd_info_bounds(struct kbtf_dwarf *d)
{
	Elf *elf = dwarf_getelf(d->dbg);
	Elf_Data *data;
	Elf_Scn *scn;
	GElf_Shdr sh;

	d->info_known = true;
	scn = elf ? kbtf_elf_find_scn(elf, ".debug_info", &sh) : NULL;
	data = scn ? elf_getdata(scn, NULL) : NULL;
	if (data && data->d_buf && data->d_size) {
		d->info_lo = data->d_buf;
		d->info_hi = d->info_lo + data->d_size;
	}
}

