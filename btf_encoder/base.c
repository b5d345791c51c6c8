// SPDX-License-Identifier: GPL-2.0-only
/*
 * The base of split BTF (--btf_base): the .BTF section of an ELF file (a
 * vmlinux) or a raw BTF file, read with kbtf's own ELF checks, its header
 * checked before libbpf sees the bytes and its types against the kernel's
 * rules (those of a vmlinux's own BTF) after.  libbpf 1.1's btf__parse()
 * takes a NOBITS .BTF (what a separate debug file has) at its word and
 * reads its size from address 0, and its btf__new() takes a header
 * shorter than struct btf_header, which btf__raw_data() then reads past
 * the end of.
 *
 * Owns nothing past the call: the BTF returned is the caller's.
 */
#include <byteswap.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "encoder_int.h"
#include "kbtf_elf.h"
#include "kbtf_encoder.h"
#include "kbtf_log.h"
#include "kbtf_validate.h"

/* The bytes of @path's .BTF (not copied: they live as long as @elf). */
static int elf_btf(const char *path, Elf *elf, const void **data,
		   size_t *size)
{
	Elf_Data *d;
	Elf_Scn *scn;
	GElf_Shdr sh;

	scn = kbtf_elf_find_scn(elf, ".BTF", &sh);
	if (!scn) {
		pr_warn("%s: no .BTF section to be the base\n", path);
		return -ENODATA;
	}
	if (sh.sh_type == SHT_NOBITS) {
		pr_warn("%s: its .BTF has no contents (NOBITS, as in a separate debug file): give the image itself as the base\n",
			path);
		return -ENODATA;
	}
	if (sh.sh_flags & SHF_COMPRESSED) {
		pr_warn("%s: its .BTF is compressed (SHF_COMPRESSED); the kernel reads it as it is, so it cannot be the base\n",
			path);
		return -EINVAL;
	}
	d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf || !d->d_size) {
		pr_warn("%s: its .BTF is empty\n", path);
		return -ENODATA;
	}
	*data = d->d_buf;
	*size = d->d_size;
	return 0;
}

/* The whole of the raw file @fd, malloc()ed in *@buf. */
static int raw_btf(const char *path, int fd, void **buf, size_t *size)
{
	struct stat st;
	size_t done = 0;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || !st.st_size) {
		pr_warn("%s: not a BTF file (%s)\n", path,
			S_ISREG(st.st_mode) ? "empty" : "not a regular file");
		return -EINVAL;
	}
	*buf = malloc(st.st_size);
	if (!*buf)
		return -ENOMEM;
	while (done < (size_t)st.st_size) {
		ssize_t n = pread(fd, (char *)*buf + done, st.st_size - done,
				  done);

		if (n <= 0) {
			int err = n < 0 ? -errno : -EIO;

			pr_warn("%s: cannot read: %s\n", path, strerror(-err));
			return err;
		}
		done += n;
	}
	*size = done;
	return 0;
}

/* What libbpf 1.1 does not check in a header, in either byte order. */
static int check_header(const char *path, const void *data, size_t size)
{
	struct btf_header h;
	__u32 len;

	if (size < sizeof(h)) {
		pr_warn("%s: not BTF (%zu bytes, shorter than a BTF header)\n",
			path, size);
		return -EINVAL;
	}
	memcpy(&h, data, sizeof(h));
	if (h.magic != BTF_MAGIC && h.magic != bswap_16(BTF_MAGIC)) {
		pr_warn("%s: not BTF (magic 0x%04x)\n", path, h.magic);
		return -EINVAL;
	}
	len = h.magic == BTF_MAGIC ? h.hdr_len : bswap_32(h.hdr_len);
	if (len < sizeof(h) || len > size) {
		pr_warn("%s: not valid BTF (header length %u)\n", path, len);
		return -EINVAL;
	}
	return 0;
}

/* The kernel's rules for a vmlinux's BTF on @btf, in the host's byte
 * order, for the kernel @kver (0: any). */
static int check_rules(const char *path, struct btf *btf, int kver)
{
	struct kbtf_btf_check_opts o = {
		.sz = sizeof(o),
		.kernel_btf = true,
		/* whatever kernel made it, when the file does not say */
		.kernel_version = kver > 0 ? kver : KBTF_KERNEL_VERSION(255, 0, 0),
		.ptr_size = btf__pointer_size(btf) == 4 ? 4 : 8,
	};
	enum btf_endianness host = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
					   BTF_BIG_ENDIAN : BTF_LITTLE_ENDIAN;
	enum btf_endianness own = btf__endianness(btf);
	char line[512];
	const void *raw;
	__u32 size;
	int err;

	if (btf__set_endianness(btf, host))
		return -EINVAL;
	raw = btf__raw_data(btf, &size);
	err = raw ? encoder_rules(raw, size, &o, line, sizeof(line), NULL) :
		    -ENOMEM;
	btf__set_endianness(btf, own);
	if (err == -EINVAL)
		pr_warn("%s: not a base BTF the kernel takes: %s\n", path,
			line);
	return err;
}

struct btf *kbtf_base_load(const char *path)
{
	unsigned char magic[SELFMAG];
	const void *data = NULL;
	void *buf = NULL;
	struct btf *btf = NULL;
	size_t size = 0;
	Elf *elf = NULL;
	char msg[256];
	int fd = -1, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("%s: cannot open the base BTF: %s\n", path,
			strerror(errno));
		goto out;
	}
	if (pread(fd, magic, SELFMAG, 0) == SELFMAG &&
	    !memcmp(magic, ELFMAG, SELFMAG)) {
		close(fd);
		fd = -1;
		err = kbtf_elf_open(path, &fd, &elf, msg, sizeof(msg));
		if (err) {
			pr_warn("%s: %s\n", path, msg);
			goto out;
		}
		err = elf_btf(path, elf, &data, &size);
	} else {
		err = raw_btf(path, fd, &buf, &size);
		data = buf;
	}
	if (!err)
		err = check_header(path, data, size);
	if (err)
		goto out;
	/* libbpf checks the sections and every type's layout (either byte
	 * order), and copies the bytes */
	btf = btf__new(data, size);
	if (!btf) {
		err = -errno;
		pr_warn("%s: not valid BTF (%s)\n", path, strerror(errno));
		goto out;
	}
	err = check_rules(path, btf, elf ? kbtf_elf_kernel_version(elf) : 0);
	if (err) {
		btf__free(btf);
		btf = NULL;
	}
out:
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	free(buf);
	if (!btf)
		errno = -err;
	return btf;
}
