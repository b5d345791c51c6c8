// SPDX-License-Identifier: GPL-2.0-only
/*
 * func_protos: the FUNCs of a BTF file as C prototypes, one a line,
 * sorted, for the golden FUNC-rule tests (tests/encoder/func_rules/).
 * Only libbpf reads the file and renders the types (btf_dump), so a test
 * does not check the encoder with the encoder's own code.
 *
 *	func_protos FILE	exit 0, 1 bad input, 2 usage
 *
 * A line is "RET NAME(TYPE PARAM, ...)", the lines sorted by NAME:
 * parameter names, return and parameter types as libbpf prints them,
 * "(void)" for none, "..." for varargs, "<noname>" for a parameter
 * without a name.  A FUNC whose
 * linkage is not static gets " [linkage N]"; one whose type is not a
 * FUNC_PROTO is printed as "NAME: bad type".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

struct buf {
	char *s;
	size_t len, cap;
	int err;
};

static void buf_vadd(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->err = -EINVAL;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *s = realloc(b->s, cap);

		if (!s) {
			b->err = -ENOMEM;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	b->len += n;
}

static void buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vadd(b, fmt, ap);
	va_end(ap);
}

/* @ctx: where the line being made is (btf_dump has one callback) */
static void dump_printf(void *ctx, const char *fmt, va_list ap)
{
	buf_vadd(*(struct buf **)ctx, fmt, ap);
}

/* Type @id declared as @field ("" for none). */
static void add_decl(struct btf_dump *d, struct buf *b, __u32 id,
		     const char *field)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = field);
	int err;

	if (!id) {
		buf_add(b, *field ? "void %s" : "void", field);
		return;
	}
	err = btf_dump__emit_type_decl(d, id, &o);
	if (err)
		buf_add(b, "<type %u: error %d>", id, err);
}

static void add_func(const struct btf *btf, struct btf_dump *d,
		     struct buf *b, const struct btf_type *fn)
{
	const char *name = btf__name_by_offset(btf, fn->name_off);
	const struct btf_type *proto = btf__type_by_id(btf, fn->type);
	const struct btf_param *p;
	__u16 i, n;

	if (!proto || !btf_is_func_proto(proto)) {
		buf_add(b, "%s: bad type", name);
		return;
	}
	add_decl(d, b, proto->type, "");
	buf_add(b, " %s(", name);
	n = btf_vlen(proto);
	p = btf_params(proto);
	for (i = 0; i < n; i++, p++) {
		const char *pn = btf__name_by_offset(btf, p->name_off);

		if (i)
			buf_add(b, ", ");
		if (!p->type && (!pn || !*pn))
			buf_add(b, "...");
		else
			add_decl(d, b, p->type, pn && *pn ? pn : "<noname>");
	}
	buf_add(b, n ? ")" : "void)");
	/* libbpf 1.1 has no btf_func_linkage(): the linkage is the vlen */
	if (btf_vlen(fn) != BTF_FUNC_STATIC)
		buf_add(b, " [linkage %d]", btf_vlen(fn));
}

struct line {
	const char *name;
	char *text;
};

static int cmp_line(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->text, y->text);
}

int main(int argc, char **argv)
{
	struct btf_dump *d = NULL;
	struct buf *cur = NULL;
	struct line *lines = NULL;
	size_t nr = 0, k;
	struct btf *btf;
	__u32 id, n;
	int ret = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	libbpf_set_print(NULL);	/* errors are reported here */
	btf = btf__parse(argv[1], NULL);
	if (!btf) {
		char msg[128];

		libbpf_strerror(errno, msg, sizeof(msg));
		fprintf(stderr, "Error: %s: not BTF (%s)\n", argv[1], msg);
		return 1;
	}
	d = btf_dump__new(btf, dump_printf, &cur, NULL);
	n = btf__type_cnt(btf);
	lines = calloc(n, sizeof(*lines));
	if (!d || !lines)
		goto out;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		struct buf b = {};

		if (!btf_is_func(t))
			continue;
		cur = &b;
		add_func(btf, d, &b, t);
		if (b.err || !b.s) {
			free(b.s);
			goto out;
		}
		lines[nr].name = btf__name_by_offset(btf, t->name_off);
		lines[nr++].text = b.s;
	}
	qsort(lines, nr, sizeof(*lines), cmp_line);
	for (k = 0; k < nr; k++)
		printf("%s\n", lines[k].text);
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "Error: %s: out of memory\n", argv[1]);
	for (k = 0; k < nr; k++)
		free(lines[k].text);
	free(lines);
	btf_dump__free(d);
	btf__free(btf);
	return ret;
}
