/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What each kbtf_ksyms BPF program hands back to its loader: the address
 * the verifier put into the program for the typed ksym, a few values read
 * through it, and a string.  Shared by the BPF side (over vmlinux.h) and
 * the loader (over <linux/types.h>).
 */
#ifndef KBTF_KSYMS_H
#define KBTF_KSYMS_H

#define KBTF_KSYMS_STR 64

struct kbtf_ksyms_out {
	__u64 addr;		/* &object, as the program sees it */
	__u64 val[4];		/* values read through the typed ksym */
	char str[KBTF_KSYMS_STR];
	__u32 done;		/* the program ran to its end */
};

#endif
