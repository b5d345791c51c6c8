/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-like annotations and the declarations shared by the fixture CUs.
 * The section names are the ones the x86-64 kernel uses, so that the
 * linker script (vmlinux.lds) lays the image out like a vmlinux.
 */
#ifndef KBTF_FIXTURE_H
#define KBTF_FIXTURE_H

#define __section(s)		__attribute__((__section__(s)))
#define __used			__attribute__((__used__))
#define __weak			__attribute__((__weak__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __noinline		__attribute__((__noinline__))

#define __init			__section(".init.text") __noinline
#define __initdata		__section(".init.data")
#define __exitdata		__section(".exit.data")
#define __exit			__section(".exit.text") __used __noinline
#define __read_mostly		__section(".data..read_mostly")

/* include/linux/percpu-defs.h, without the per-CPU address space */
#define DEFINE_PER_CPU_SECTION(type, name, sec)				\
	__section(".data..percpu" sec) __typeof__(type) name
#define DEFINE_PER_CPU(type, name)	DEFINE_PER_CPU_SECTION(type, name, "")
#define DEFINE_PER_CPU_FIRST(type, name)				\
	DEFINE_PER_CPU_SECTION(type, name, "..first")
#define DEFINE_PER_CPU_READ_MOSTLY(type, name)				\
	DEFINE_PER_CPU_SECTION(type, name, "..read_mostly")
#define DECLARE_PER_CPU(type, name)					\
	extern __section(".data..percpu") __typeof__(type) name

#if defined(__has_attribute)
#if __has_attribute(btf_type_tag)
#define __user		__attribute__((btf_type_tag("user")))
#define __percpu_tag	__attribute__((btf_type_tag("percpu")))
#define __decl_tag(x)	__attribute__((btf_decl_tag(x)))
#define FIXTURE_HAVE_TAGS 1
#endif
#endif
#ifndef FIXTURE_HAVE_TAGS
#define __user
#define __percpu_tag
#define __decl_tag(x)
#endif

/* Declared here, defined in core.c (include/linux/printk.h style). */
extern int console_loglevel;
extern const char linux_banner[];
DECLARE_PER_CPU(unsigned long, process_counts);

/* Defined __weak in core.c and strong in mm.c. */
extern int panic_timeout;

struct list_head {
	struct list_head *next, *prev;
};

struct task_struct;

struct file_operations {
	long (*read)(struct task_struct *t, char __user *buf,
		     unsigned long count, long *pos);
	int (*open)(struct task_struct *t, int flags);
	void (*release)(void *priv);
};

int fixture_printk(const char *fmt, ...);
long fixture_work(int cpu);

#endif /* KBTF_FIXTURE_H */
