// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfvalidate, step 1: loading.  Every form of input goes through the
 * same few functions: a file is an ELF image (its .BTF, its symbols, the
 * kernel version it names, its byte order and pointer size) or raw BTF;
 * the running kernel is raw BTF from sysfs with /proc/kallsyms and
 * /proc/config.gz; a base BTF is either form again.  Then kallsyms and the
 * config, so that every input problem is known before any check runs.
 *
 * Owns (in struct bv_inputs, freed by bv_inputs_free()): the BTF and base
 * bytes, the image's fd, Elf and symbol index, the kallsyms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "cli.h"

/* 1 ELF, 0 not, -Exxx unreadable */
static int file_is_elf(const char *path)
{
	char magic[SELFMAG];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	n = fread(magic, 1, SELFMAG, f);
	fclose(f);
	return n == SELFMAG && !memcmp(magic, ELFMAG, SELFMAG);
}

/* The whole of @path: an I/O error is BV_USAGE, as for every input. */
static int read_raw(struct bv_report *rep, const char *path,
		    struct bv_blob *b)
{
	char *buf;
	int err;

	err = kbtf_read_file(path, &buf, &b->size);
	if (err)
		return bv_fail(rep, BV_USAGE, "%s: %s", path, strerror(-err));
	b->data = buf;
	return 0;
}

/* The .BTF section of the ELF file @path, copied. */
static int elf_btf(struct bv_report *rep, const char *path, Elf *elf,
		   struct bv_blob *b)
{
	Elf_Scn *scn;
	GElf_Shdr sh;
	Elf_Data *d;

	scn = kbtf_elf_find_scn(elf, ".BTF", &sh);
	if (!scn)
		return bv_fail(rep, BV_FAILED, "%s: no .BTF section", path);
	if (sh.sh_type == SHT_NOBITS)
		return bv_fail(rep, BV_FAILED,
			       "%s: .BTF section has no contents (NOBITS)",
			       path);
	d = elf_getdata(scn, NULL);
	if (d && !d->d_size)
		return bv_fail(rep, BV_FAILED, "%s: the .BTF section is empty",
			       path);
	if (!d || !d->d_buf)
		return bv_fail(rep, BV_FAILED, "%s: cannot read .BTF: %s",
			       path, elf_errmsg(-1));
	b->data = malloc(d->d_size ? d->d_size : 1);
	if (!b->data)
		return bv_fail(rep, BV_FAILED, "%s: %s", path,
			       strerror(ENOMEM));
	memcpy(b->data, d->d_buf, d->d_size);
	b->size = d->d_size;
	return 0;
}

/*
 * One input file, ELF or raw.  @btf NULL: the BTF comes from elsewhere
 * (FILE with --btf).  @keep non-NULL: an ELF file stays open there (the
 * image whose symbols the BTF describes); a raw file is then refused when
 * no BTF is wanted from it.  *@kver gets the kernel version the ELF file
 * names (banner or vermagic) when it is still 0.
 */
static int load_file(struct bv_report *rep, const char *path,
		     struct bv_blob *btf, struct bv_inputs *keep, int *kver)
{
	int fd, err;
	Elf *elf;

	err = file_is_elf(path);
	if (err < 0)
		return bv_fail(rep, BV_USAGE, "%s: %s", path, strerror(-err));
	if (!err) {
		if (!btf)
			return bv_fail(rep, BV_USAGE,
				       "%s: not an ELF file; with --btf, FILE is the image the BTF describes",
				       path);
		return read_raw(rep, path, btf);
	}
	err = kbtf_elf_open(path, &fd, &elf, NULL, 0);	/* logs */
	if (err)
		return bv_fail_logged(rep, BV_FAILED, path, err);
	if (!*kver)
		*kver = kbtf_elf_kernel_version(elf);
	err = btf ? elf_btf(rep, path, elf, btf) : 0;
	if (!err && keep) {
		keep->fd = fd;
		keep->elf = elf;
		keep->image = kbtf_elf__new(elf, path);
		if (!keep->image)
			return bv_fail(rep, BV_FAILED,
				       "%s: cannot read sections or symbols: %s",
				       path, strerror(errno));
		return 0;
	}
	elf_end(elf);
	close(fd);
	return err;
}

/* 1 when @b starts with the BTF magic in big-endian order, 0 in
 * little-endian order, -1 when it is not BTF */
static int blob_big_endian(const struct bv_blob *b)
{
	const __u8 *p = b->data;

	if (b->size < 2)
		return -1;
	if (p[0] == 0xeb && p[1] == 0x9f)
		return 1;
	if (p[0] == 0x9f && p[1] == 0xeb)
		return 0;
	return -1;
}

/*
 * BTF of the other byte order (a big-endian target's, checked on a
 * little-endian host or the reverse) is checked as its own kernel sees
 * it: converted to the host's order.  0 or -Exxx.
 */
static int native_order(struct bv_blob *b)
{
	bool host_be = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	const void *raw;
	struct btf *btf;
	__u32 size;
	void *copy;

	if (blob_big_endian(b) != !host_be)
		return 0;
	btf = btf__new(b->data, b->size);
	if (!btf)
		return -errno;
	btf__set_endianness(btf, host_be ? BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN);
	raw = btf__raw_data(btf, &size);
	copy = raw ? malloc(size) : NULL;
	if (!copy) {
		btf__free(btf);
		return -ENOMEM;
	}
	memcpy(copy, raw, size);
	btf__free(btf);
	free(b->data);
	b->data = copy;
	b->size = size;
	return 0;
}

/* The image's kernel reads its BTF in its own byte order (EI_DATA) and
 * with its own pointer size (EI_CLASS). */
static int match_image(struct bv_report *rep, struct bv_inputs *in)
{
	int be = blob_big_endian(&in->btf);

	if (!in->image)
		return 0;
	if (be >= 0 && be != in->image->big_endian)
		return bv_fail(rep, BV_FAILED,
			       "%s: the BTF is %s-endian, the image %s-endian: its kernel rejects it (bad magic)",
			       in->btf_source, be ? "big" : "little",
			       in->image->big_endian ? "big" : "little");
	in->ptr_size = in->image->is64 ? 8 : 4;
	return 0;
}

/* kallsyms and the config: an unreadable file is an I/O error, one
 * that is not in its format an invalid input. */
static int load_symbols(struct bv_report *rep, struct bv_inputs *in)
{
	char val[64];
	int err;

	if (in->ksyms_path) {
		in->ksyms = kbtf_ksyms__load(in->ksyms_path);	/* logs */
		if (!in->ksyms) {
			err = -errno;
			return bv_fail_logged(rep, err == -EINVAL ? BV_FAILED :
						   BV_USAGE, in->ksyms_path, err);
		}
	}
	in->kallsyms_all = -1;
	if (in->config_path) {
		err = kbtf_kconfig_get(in->config_path, "CONFIG_KALLSYMS_ALL",
				       val, sizeof(val));
		if (err)
			return bv_fail(rep, BV_USAGE, "%s: %s", in->config_path,
				       strerror(-err));
		in->kallsyms_all = !strcmp(val, "y");
	}
	return 0;
}

int bv_load(const struct bv_args *a, struct bv_inputs *in,
	    struct bv_report *rep)
{
	int kver = a->kernel_version, err;
	struct utsname u;

	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->live = !a->file && !a->btf_path;
	in->kernel_btf = a->kernel_mode;
	in->ksyms_path = a->ksyms_path;
	in->config_path = a->config_path;
	in->base_path = a->base_path;

	if (a->file) {
		/* the image (or raw BTF); its own .BTF unless --btf */
		err = load_file(rep, a->file, a->btf_path ? NULL : &in->btf,
				in, &kver);
		if (err)
			return err;
	}
	if (a->btf_path) {
		err = load_file(rep, a->btf_path, &in->btf, NULL, &kver);
		if (err)
			return err;
	}
	in->btf_source = a->btf_path ? a->btf_path : a->file;
	in->target = a->file ? a->file : a->btf_path;
	if (in->live) {
		err = read_raw(rep, BV_SYS_BTF, &in->btf);
		if (err)
			return err;
		in->btf_source = BV_SYS_BTF;
		in->target = "running kernel";
		if (!in->ksyms_path)
			in->ksyms_path = "/proc/kallsyms";
		if (!in->config_path && access("/proc/config.gz", R_OK) == 0)
			in->config_path = "/proc/config.gz";
		if (!kver && !uname(&u) &&
		    kbtf_kernel_version_parse(u.release) > 0)
			kver = kbtf_kernel_version_parse(u.release);
		/* the running kernel parsed it as its own */
		in->kernel_btf = true;
	}
	if (a->base_path) {
		err = load_file(rep, a->base_path, &in->base, NULL, &kver);
		if (err)
			return err;
		/* split BTF is only ever parsed by the kernel as a module's */
		in->kernel_btf = true;
	}
	in->kernel_version = kver > 0 ? kver : KBTF_KERNEL_BASELINE;

	err = match_image(rep, in);
	if (err)
		return err;
	err = native_order(&in->btf);
	if (!err && in->base.data)
		err = native_order(&in->base);
	if (err)
		return bv_fail(rep, BV_FAILED,
			       "%s: cannot convert foreign-endian BTF: %s",
			       in->btf_source, strerror(-err));
	return load_symbols(rep, in);
}

void bv_inputs_free(struct bv_inputs *in)
{
	kbtf_ksyms__free(in->ksyms);
	kbtf_elf__free(in->image);
	if (in->elf)
		elf_end(in->elf);
	if (in->fd >= 0)
		close(in->fd);
	free(in->btf.data);
	free(in->base.data);
	memset(in, 0, sizeof(*in));
	in->fd = -1;
}
