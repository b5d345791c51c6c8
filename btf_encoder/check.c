// SPDX-License-Identifier: GPL-2.0-only
/*
 * The net under the encoder: before anything is written, the encoded BTF
 * goes through the validator's kernel rules (kbtf_btf__check(): the rules
 * of BPF_BTF_LOAD, the stricter of the kernel's two modes; for split BTF,
 * those of a module's BTF over its base), for the kernel
 * the image says it is (its banner, or a module's vermagic) or the one
 * the caller names, with the image's pointer size.  The encoder already
 * leaves out what it knows the kernel refuses (names.c, cands.c); a
 * rejection here is a case it missed, and the encoding fails with the
 * kernel's reason rather than write BTF the kernel would not load.
 *
 * Runs on the main thread once the BTF is complete, in the host's byte
 * order (before btf__set_endianness()).  Owns nothing past the call.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "encoder_int.h"
#include "kbtf_log.h"
#include "kbtf_validate.h"

struct first_problem {
	char *line;
	size_t len;
	bool kind;		/* a kind the target kernel predates */
};

static int keep_first(const struct kbtf_btf_problem *p, void *ctx)
{
	struct first_problem *f = ctx;
	char line[1024];

	if (!p->kernel_verdict)
		return 0;
	/* names and members are the BTF's, which may be anything */
	kbtf_btf_problem__format(p, line, sizeof(line));
	kbtf_quote(line, f->line, f->len);
	f->kind = !strncmp(p->reason, "Invalid kind", 12) ||
		  !strncmp(p->reason, "Invalid btf_info", 16);
	return 1;
}

int encoder_rules(const void *raw, size_t size,
		  const struct kbtf_btf_check_opts *o, char *line, size_t len,
		  bool *old_kind)
{
	struct first_problem f = { .line = line, .len = len };
	struct kbtf_btf_verdict v;
	int err;

	line[0] = '\0';
	err = kbtf_btf__check(raw, size, o, keep_first, &f, &v);
	if (err)
		return err;
	if (!v.err)
		return 0;
	if (!line[0])
		kbtf_quote(v.reason, line, len);
	if (old_kind)
		*old_kind = f.kind;
	return -EINVAL;
}

/* @btf's raw bytes in the host's byte order, in *@copy when they had to
 * be converted (the caller frees it). */
static const void *native_raw(const struct btf *btf, __u32 *size,
			      struct btf **copy)
{
	const void *raw = btf__raw_data(btf, size);
	enum btf_endianness host = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
					   BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN;

	*copy = NULL;
	if (!raw || btf__endianness(btf) == host)
		return raw;
	*copy = btf__new(raw, *size);
	if (!*copy || btf__set_endianness(*copy, host))
		return NULL;
	return btf__raw_data(*copy, size);
}

int encoder_check(struct kbtf_encoder *enc)
{
	struct kbtf_btf_check_opts o = { .sz = sizeof(o) };
	struct btf *base_copy = NULL;
	char line[512];
	bool kind = false;
	const void *raw;
	__u32 size, base_size;
	double t0 = kbtf_now();
	int kver, err;

	kver = enc->opts.kernel_version;
	if (!kver)
		kver = kbtf_elf_kernel_version(enc->elf->elf);
	o.kernel_version = kver > 0 ? kver : KBTF_KERNEL_BASELINE;
	o.ptr_size = enc->elf->is64 ? 8 : 4;
	/* split BTF is only ever parsed by the kernel as a module's, with
	 * the rules of its own BTF (as btfvalidate --base checks it) */
	o.kernel_btf = enc->opts.base_btf != NULL;
	raw = btf__raw_data(enc->btf, &size);
	if (!raw)
		return -ENOMEM;
	if (enc->opts.base_btf) {
		o.base_data = native_raw(enc->opts.base_btf, &base_size,
					 &base_copy);
		o.base_size = base_size;
		if (!o.base_data) {
			err = -ENOMEM;
			goto out;
		}
	}
	err = encoder_rules(raw, size, &o, line, sizeof(line), &kind);
	if (err == -EINVAL && !line[0]) {
		/* the only bad input the call can have: the base */
		pr_warn("%s: the base BTF does not pass the kernel's rules itself; cannot check the BTF made over it\n",
			enc->path);
	} else if (err == -EINVAL) {
		pr_warn("%s: the kernel (%d.%d) would reject the BTF made of it: %s%s; nothing written\n",
			enc->path, o.kernel_version >> 16,
			(o.kernel_version >> 8) & 0xff, line,
			kind ? " (a kind this kernel predates: see the --skip_encoding_btf_* options and --kernel-version)" : "");
	}
out:
	btf__free(base_copy);
	enc->stats.t_check = kbtf_now() - t0;
	return err;
}
