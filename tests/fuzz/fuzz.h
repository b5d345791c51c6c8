/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the fuzz harnesses share (fuzz_util.c).  Each harness is one file
 * defining LLVMFuzzerTestOneInput(); it is linked with libFuzzer
 * (-fsanitize=fuzzer, the KBTF_FUZZ build that tests/fuzz/run.sh and
 * scripts/fuzz.sh make with clang, ASan and UBSan) or with standalone.c,
 * which runs it once on each file it is given (the regression tests of
 * every build).
 */
#ifndef KBTF_FUZZ_H
#define KBTF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Once per process: install print hooks (kbtf's and libbpf's) that
 * format every message and drop it, and abort() on a kbtf message that
 * is not exactly one line: the programs print them as they are, and an
 * error must be one line on stderr (docs/errors.md).
 */
void fuzz_init(void);

/*
 * Write @size bytes at @data to the file @name in a directory of the
 * process's own (made once, under $TMPDIR or /tmp, removed at exit).
 * Returns the file's path (a static buffer, valid until the next call)
 * or NULL.
 */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);

#endif /* KBTF_FUZZ_H */
