// SPDX-License-Identifier: GPL-2.0-only
/*
 * Post-link DATASEC fix-up (see kbtf_postlink.h): one concern, the .BTF
 * of an image that was linked again after its BTF was made.
 *
 * How: the .BTF bytes are read as they are in the file, libbpf parses a
 * copy (names, kinds, the entries' values), and a walk over the raw type
 * section finds where each DATASEC's words are, so that only those words
 * are rewritten, in the file's own byte order; every other byte of .BTF
 * and of the file stays as it was.  The new file is a copy with the new
 * .BTF bytes written over the old ones, renamed over the image
 * (kbtf_replace_file), so a failure leaves the image untouched.
 *
 * Assumes: DATASECs are named after the ELF sections they describe, as
 * every BTF encoder names them; symbol addresses of a linked image are
 * absolute (the per-CPU section's may start at 0); a link keeps the order
 * of the input objects, so same-named static objects keep their order.
 *
 * Owns nothing past a call; no globals.
 */
#include <byteswap.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gelf.h>
#include <bpf/btf.h>
#include <linux/btf.h>

#include "kbtf_elf.h"
#include "kbtf_file.h"
#include "kbtf_log.h"
#include "kbtf_postlink.h"
#include "kbtf_util.h"

#define HOST_BE (__BYTE_ORDER == __BIG_ENDIAN)

/* BTF bytes as they are in the file, and how to read them. */
struct raw {
	unsigned char *buf;
	size_t size;
	bool be;		/* big-endian BTF */
	bool swap;		/* not the host's byte order */
	__u32 hdr_len, type_off, type_len, str_off, str_len;
};

static __u32 rd32(const struct raw *r, size_t off)
{
	__u32 v;

	memcpy(&v, r->buf + off, sizeof(v));
	return r->swap ? bswap_32(v) : v;
}

static void wr32(struct raw *r, size_t off, __u32 v)
{
	if (r->swap)
		v = bswap_32(v);
	memcpy(r->buf + off, &v, sizeof(v));
}

static const char *order_name(bool be)
{
	return be ? "big-endian" : "little-endian";
}

/*
 * The header of @r.  @file_be: the byte order the BTF must have (that of
 * its ELF file), or -1 for either.  0, or -ENODATA (nothing in it) or
 * -EINVAL, with the reason in @why.
 */
static int read_header(struct raw *r, int file_be, char *why, size_t why_sz)
{
	uint64_t body;

	if (!r->size) {
		snprintf(why, why_sz, "is empty (0 bytes): the encoder did not write BTF");
		return -ENODATA;
	}
	if (r->size < sizeof(struct btf_header)) {
		snprintf(why, why_sz, "is truncated: %zu bytes, shorter than a BTF header",
			 r->size);
		return -EINVAL;
	}
	if (r->buf[0] == 0x9f && r->buf[1] == 0xeb) {
		r->be = false;
	} else if (r->buf[0] == 0xeb && r->buf[1] == 0x9f) {
		r->be = true;
	} else {
		bool zero = true;
		size_t i;

		for (i = 0; i < r->size && zero; i++)
			zero = !r->buf[i];
		if (zero) {
			snprintf(why, why_sz, "holds only zero bytes: the encoder did not write BTF");
			return -ENODATA;
		}
		snprintf(why, why_sz, "is not BTF (magic bytes %02x %02x)",
			 r->buf[0], r->buf[1]);
		return -EINVAL;
	}
	if (file_be >= 0 && r->be != file_be) {
		snprintf(why, why_sz, "is %s BTF in a %s file: refusing a foreign byte order",
			 order_name(r->be), order_name(file_be));
		return -EINVAL;
	}
	r->swap = r->be != HOST_BE;
	if (r->buf[2] != BTF_VERSION) {
		snprintf(why, why_sz, "has BTF version %u, not %u", r->buf[2],
			 BTF_VERSION);
		return -EINVAL;
	}
	r->hdr_len = rd32(r, offsetof(struct btf_header, hdr_len));
	r->type_off = rd32(r, offsetof(struct btf_header, type_off));
	r->type_len = rd32(r, offsetof(struct btf_header, type_len));
	r->str_off = rd32(r, offsetof(struct btf_header, str_off));
	r->str_len = rd32(r, offsetof(struct btf_header, str_len));
	if (r->hdr_len < sizeof(struct btf_header) || r->hdr_len > r->size) {
		snprintf(why, why_sz, "has a bad header length %u", r->hdr_len);
		return -EINVAL;
	}
	body = r->size - r->hdr_len;
	if ((uint64_t)r->type_off + r->type_len > body ||
	    (uint64_t)r->str_off + r->str_len > body || r->type_off % 4) {
		snprintf(why, why_sz, "is truncated or corrupt: its header says types %u+%u, strings %u+%u in %llu bytes",
			 r->type_off, r->type_len, r->str_off, r->str_len,
			 (unsigned long long)body);
		return -EINVAL;
	}
	if (!r->type_len) {
		snprintf(why, why_sz, "holds no types: the encoder did not write BTF");
		return -ENODATA;
	}
	return 0;
}

/* Bytes after the common struct btf_type, by kind; -EINVAL if unknown. */
static long type_extra(__u32 info)
{
	__u32 vlen = BTF_INFO_VLEN(info);

	switch (BTF_INFO_KIND(info)) {
	case BTF_KIND_INT:
		return sizeof(__u32);
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64:
		return (long)vlen * sizeof(struct btf_enum64);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Where type @id starts in @r->buf, for every id of @btf (pos[0] unused).
 * The walk must end exactly where libbpf's did.
 */
static int type_positions(const struct raw *r, const struct btf *btf,
			  size_t **posp, char *why, size_t why_sz)
{
	__u32 n = btf__type_cnt(btf), id;
	size_t p = r->hdr_len + r->type_off, end = p + r->type_len;
	size_t *pos;

	pos = calloc(n, sizeof(*pos));
	if (!pos)
		return -ENOMEM;
	for (id = 1; id < n; id++) {
		long extra;

		if (end - p < sizeof(struct btf_type))
			break;
		extra = type_extra(rd32(r, p + offsetof(struct btf_type, info)));
		if (extra < 0 || end - p - sizeof(struct btf_type) < (size_t)extra)
			break;
		pos[id] = p;
		p += sizeof(struct btf_type) + extra;
	}
	if (id != n || p != end) {
		free(pos);
		snprintf(why, why_sz, "has a type section that does not parse as libbpf read it (type [%u])",
			 id);
		return -EINVAL;
	}
	*posp = pos;
	return 0;
}

/* Read and check the .BTF of an open ELF file into @r (caller frees
 * r->buf); 0 or -Exxx, logged. */
static int load_elf_btf(const char *path, int fd, Elf *elf, struct raw *r,
			GElf_Shdr *sh)
{
	char why[160];
	GElf_Ehdr eh;
	ssize_t got;
	int err;

	if (!gelf_getehdr(elf, &eh)) {
		pr_warn("%s: bad ELF header: %s\n", path, elf_errmsg(-1));
		return -EINVAL;
	}
	if (!kbtf_elf_find_scn(elf, ".BTF", sh)) {
		pr_warn("%s: no .BTF section: the encoder did not write BTF\n",
			path);
		return -ENODATA;
	}
	r->size = sh->sh_type == SHT_NOBITS ? 0 : sh->sh_size;
	r->buf = malloc(r->size ? r->size : 1);
	if (!r->buf)
		return -ENOMEM;
	if (r->size) {
		got = pread(fd, r->buf, r->size, sh->sh_offset);
		if (got < 0 || (size_t)got != r->size) {
			err = got < 0 ? -errno : -EIO;
			pr_warn("%s: cannot read .BTF: %s\n", path,
				strerror(-err));
			return err;
		}
	}
	err = read_header(r, eh.e_ident[EI_DATA] == ELFDATA2MSB, why,
			  sizeof(why));
	if (err)
		pr_warn("%s: .BTF %s\n", path, why);
	return err;
}

int kbtf_postlink__check_elf_btf(const char *path)
{
	struct raw r = {};
	GElf_Shdr sh;
	char why[160];
	Elf *elf;
	int fd, err;

	err = kbtf_elf_open(path, &fd, &elf, why, sizeof(why));
	if (err) {
		pr_warn("%s: %s\n", path, why);
		errno = -err;
		return err;
	}
	err = load_elf_btf(path, fd, elf, &r, &sh);
	free(r.buf);
	elf_end(elf);
	close(fd);
	errno = -err;
	return err;
}

int kbtf_postlink__check_raw_btf(const char *path)
{
	struct raw r = {};
	struct stat st;
	char why[160];
	ssize_t got;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		err = -errno;
		pr_warn("%s: %s\n", path, strerror(errno));
		goto out;
	}
	r.size = st.st_size;
	r.buf = malloc(r.size ? r.size : 1);
	if (!r.buf) {
		err = -ENOMEM;
		goto out;
	}
	got = r.size ? pread(fd, r.buf, r.size, 0) : 0;
	if (got < 0 || (size_t)got != r.size) {
		err = got < 0 ? -errno : -EIO;
		pr_warn("%s: cannot read: %s\n", path, strerror(-err));
		goto out;
	}
	err = read_header(&r, -1, why, sizeof(why));
	if (err)
		pr_warn("%s: BTF file %s\n", path, why);
out:
	if (fd >= 0)
		close(fd);
	free(r.buf);
	errno = -err;
	return err;
}

/* One DATASEC entry. */
struct ent {
	__u32 type, old_off, size;
	__u64 new_off;
	const char *name;
	__u32 idx;		/* position in the DATASEC */
};

struct cand {
	__u64 addr, size;
};

struct fix {
	const char *path;
	const struct kbtf_elf *e;
	const struct btf *btf;
	struct raw *r;
	const size_t *pos;
	struct kbtf_postlink_stats *st;
	struct cand *cands;
	size_t cap;
	bool changed;		/* some word of .BTF was rewritten */
};

static int cmp_name_off(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->old_off < y->old_off ? -1 : x->old_off > y->old_off;
}

static int cmp_new_off(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->new_off != y->new_off)
		return x->new_off < y->new_off ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Data symbols named @name in section @s, by address, one per address. */
static int find_cands(struct fix *f, const struct kbtf_sec *s,
		      const char *name, size_t *nr)
{
	size_t first, count, i, n = 0;

	kbtf_elf__find(f->e, name, &first, &count);
	if (count > f->cap) {
		struct cand *c = realloc(f->cands, count * sizeof(*c));

		if (!c)
			return -ENOMEM;
		f->cands = c;
		f->cap = count;
	}
	for (i = first; i < first + count; i++) {
		const struct kbtf_sym *sym = &f->e->syms[f->e->by_name[i]];

		if (sym->shndx != s->idx || sym->type == STT_SECTION ||
		    sym->type == STT_FILE || sym->type == STT_FUNC)
			continue;
		f->cands[n++] = (struct cand){ sym->addr, sym->size };
	}
	qsort(f->cands, n, sizeof(*f->cands), cmp_cand);
	for (i = 1, count = n ? 1 : 0; i < n; i++)
		if (f->cands[i].addr != f->cands[count - 1].addr)
			f->cands[count++] = f->cands[i];
	*nr = count;
	return 0;
}

/* Keep only candidates whose size is that of one of @k entries. */
static size_t filter_by_size(struct fix *f, size_t nr, const struct ent *run,
			     size_t k)
{
	size_t i, j, n = 0;

	for (i = 0; i < nr; i++)
		for (j = 0; j < k; j++)
			if (f->cands[i].size == run[j].size) {
				f->cands[n++] = f->cands[i];
				break;
			}
	return n;
}

/* New offsets for DATASEC [@id]; its words rewritten in f->r. */
static int fix_datasec(struct fix *f, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(f->btf, id);
	const struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	const char *sname = btf__name_by_offset(f->btf, t->name_off);
	const struct kbtf_sec *s = kbtf_elf__sec_by_name(f->e, sname);
	__u32 vlen = btf_vlen(t), i;
	struct ent *ents = NULL;
	size_t p = f->pos[id], j, k, nr;
	bool moved = false;
	int err = -EINVAL;

	f->st->nr_datasecs++;
	f->st->nr_vars += vlen;
	if (!s) {
		if (!vlen)
			return 0;
		pr_warn("%s: DATASEC '%s' [%u]: no section of this name in the image\n",
			f->path, sname, id);
		return -EINVAL;
	}
	if (s->size > UINT32_MAX) {
		pr_warn("%s: section %s is larger than a DATASEC can say (%llu bytes)\n",
			f->path, sname, (unsigned long long)s->size);
		return -EINVAL;
	}
	ents = calloc(vlen ? vlen : 1, sizeof(*ents));
	if (!ents)
		return -ENOMEM;
	for (i = 0; i < vlen; i++) {
		const struct btf_type *v = btf__type_by_id(f->btf, vsi[i].type);

		if (!v || !btf_is_var(v)) {
			pr_warn("%s: DATASEC '%s' [%u]: entry %u (type [%u]) is not a VAR\n",
				f->path, sname, id, i, vsi[i].type);
			goto out;
		}
		ents[i] = (struct ent){
			.type = vsi[i].type, .old_off = vsi[i].offset,
			.size = vsi[i].size, .idx = i,
			.name = btf__name_by_offset(f->btf, v->name_off),
		};
	}
	qsort(ents, vlen, sizeof(*ents), cmp_name_off);
	for (i = 0; i < vlen; i += k) {
		struct ent *run = &ents[i];

		for (k = 1; i + k < vlen && !strcmp(run[k].name, run->name); k++)
			;
		err = find_cands(f, s, run->name, &nr);
		if (err)
			goto out;
		if (nr != k)
			nr = filter_by_size(f, nr, run, k);
		err = -EINVAL;
		if (nr != k) {
			if (!nr)
				pr_warn("%s: VAR '%s' [%u] in DATASEC '%s': no symbol of this name in section %s\n",
					f->path, run->name, run->type, sname, sname);
			else
				pr_warn("%s: VAR '%s' [%u] in DATASEC '%s': %zu entries of this name and %zu symbols in section %s: cannot tell which is which\n",
					f->path, run->name, run->type, sname, k,
					nr, sname);
			goto out;
		}
		/* the link kept their order: pair them in address order */
		for (j = 0; j < k; j++) {
			const struct cand *c = &f->cands[j];

			if (c->size != run[j].size) {
				pr_warn("%s: VAR '%s' [%u] in DATASEC '%s': entry size %u, symbol size %llu\n",
					f->path, run[j].name, run[j].type,
					sname, run[j].size,
					(unsigned long long)c->size);
				goto out;
			}
			if (c->addr < s->addr || c->addr - s->addr > s->size ||
			    s->size - (c->addr - s->addr) < run[j].size) {
				pr_warn("%s: VAR '%s' [%u]: symbol at 0x%llx lies outside section %s (0x%llx, %llu bytes)\n",
					f->path, run[j].name, run[j].type,
					(unsigned long long)c->addr, sname,
					(unsigned long long)s->addr,
					(unsigned long long)s->size);
				goto out;
			}
			run[j].new_off = c->addr - s->addr;
		}
	}
	/* the kernel wants ascending offsets, no overlaps (Invalid offset) */
	qsort(ents, vlen, sizeof(*ents), cmp_new_off);
	for (i = 1; i < vlen; i++) {
		if (ents[i].new_off < ents[i - 1].new_off + ents[i - 1].size) {
			pr_warn("%s: VARs '%s' and '%s' in DATASEC '%s' would overlap at offset 0x%llx\n",
				f->path, ents[i - 1].name, ents[i].name, sname,
				(unsigned long long)ents[i].new_off);
			err = -EINVAL;
			goto out;
		}
	}
	if (t->size != s->size) {
		wr32(f->r, p + offsetof(struct btf_type, size), s->size);
		f->st->nr_resized++;
		moved = true;
	}
	p += sizeof(struct btf_type);
	for (i = 0; i < vlen; i++, p += sizeof(struct btf_var_secinfo)) {
		if (ents[i].new_off != ents[i].old_off)
			f->st->nr_moved++;
		if (ents[i].new_off != vsi[i].offset ||
		    ents[i].type != vsi[i].type) {
			wr32(f->r, p + offsetof(struct btf_var_secinfo, type),
			     ents[i].type);
			wr32(f->r, p + offsetof(struct btf_var_secinfo, offset),
			     ents[i].new_off);
			wr32(f->r, p + offsetof(struct btf_var_secinfo, size),
			     ents[i].size);
			moved = true;
		}
	}
	f->changed |= moved;
	if (moved)
		pr_debug("%s: DATASEC '%s' [%u]: size %u -> %llu\n", f->path,
			 sname, id, t->size, (unsigned long long)s->size);
	err = 0;
out:
	free(ents);
	return err;
}

struct write_ctx {
	const struct raw *r;
	__u64 offset;
};

static int fill_btf(int fd, void *ctx)
{
	const struct write_ctx *w = ctx;

	if (lseek(fd, w->offset, SEEK_SET) < 0)
		return -errno;
	return kbtf_write_all(fd, w->r->buf, w->r->size);
}

int kbtf_postlink__fix_datasecs(const char *path,
				const struct kbtf_postlink_opts *in,
				struct kbtf_postlink_stats *stats)
{
	struct kbtf_postlink_stats st = {};
	struct kbtf_postlink_opts o;
	struct fix f = { .path = path, .st = &st };
	struct kbtf_elf *e = NULL;
	struct btf *btf = NULL;
	struct raw r = {};
	size_t *pos = NULL;
	struct stat sb;
	GElf_Shdr sh;
	char why[160];
	Elf *elf = NULL;
	__u32 id, n;
	int fd = -1, err;

	err = kbtf_opts_copy(&o, sizeof(o), in);
	if (err)
		goto out_errno;
	err = kbtf_elf_open(path, &fd, &elf, why, sizeof(why));
	if (err) {
		pr_warn("%s: %s\n", path, why);
		goto out_errno;
	}
	e = kbtf_elf__new(elf, path);
	if (!e) {
		err = -errno;
		pr_warn("%s: cannot read its sections and symbols: %s\n", path,
			strerror(errno));
		goto out;
	}
	err = -EINVAL;
	if (e->e_type != ET_EXEC && e->e_type != ET_DYN) {
		pr_warn("%s: not a linked image (ELF type %u): its DATASEC offsets are section-relative and final\n",
			path, e->e_type);
		goto out;
	}
	if (!e->has_symtab) {
		pr_warn("%s: no symbol table: cannot tell where its variables are\n",
			path);
		goto out;
	}
	if (!o.dry_run && (fstat(fd, &sb) || !(sb.st_mode & 0222) ||
			   access(path, W_OK))) {
		pr_warn("%s: read-only file: not rewriting its .BTF\n", path);
		err = -EACCES;
		goto out;
	}
	err = load_elf_btf(path, fd, elf, &r, &sh);
	if (err)
		goto out;
	btf = btf__new(r.buf, r.size);
	if (!btf) {
		err = -errno;
		pr_warn("%s: .BTF is unreadable: libbpf says %s\n", path,
			strerror(errno));
		goto out;
	}
	err = type_positions(&r, btf, &pos, why, sizeof(why));
	if (err) {
		pr_warn("%s: .BTF %s\n", path, why);
		goto out;
	}
	f.e = e;
	f.btf = btf;
	f.r = &r;
	f.pos = pos;
	n = btf__type_cnt(btf);
	for (id = 1; id < n; id++) {
		if (!btf_is_datasec(btf__type_by_id(btf, id)))
			continue;
		err = fix_datasec(&f, id);
		if (err)
			goto out;
	}
	if (!o.dry_run && f.changed) {
		struct write_ctx w = { .r = &r, .offset = sh.sh_offset };

		err = kbtf_replace_file(path, true, fill_btf, &w);
		if (err) {
			pr_warn("%s: cannot write: %s\n", path, strerror(-err));
			goto out;
		}
		st.written = true;
	}
	err = 0;
out:
	free(f.cands);
	free(pos);
	btf__free(btf);
	free(r.buf);
	kbtf_elf__free(e);
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
out_errno:
	if (stats)
		*stats = st;
	errno = -err;
	return err;
}
