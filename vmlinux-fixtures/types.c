// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture CU "types": one global variable per type shape the encoder has
 * to get right (tests/encoder/types.golden names what each must become):
 * bitfields, 64-bit and signed enums, floats, multi-dimensional arrays,
 * _Atomic, function pointers (one of them varargs), an extern array
 * completed by a sized definition, and an object with an initialised
 * flexible array member whose symbol is larger than its type
 * (lib/fonts/font_8x8.c's fontdata_8x8).
 */
#include "fixture.h"

struct bitfields {
	unsigned int a:3;
	unsigned int b:5;
	int c:9;
	unsigned long long d:40;
	_Bool e:1;
	unsigned char f;
};

struct bitfields bitfield_var = { .a = 5, .c = -3, .d = 1ULL << 39 };

/* 64-bit enumerators: a GNU C extension before C23. */
enum big_enum {
	BIG_LOW = 1,
	BIG_HIGH = 0xfedcba9876543210ULL,
};

enum big_enum big_enum_var = BIG_HIGH;

enum signed_enum {
	SE_NEG = -5,
	SE_ZERO = 0,
	SE_POS = 3,
};

enum signed_enum signed_enum_var = SE_NEG;

enum signed_big_enum {
	SB_MIN = -0x7fffffffffffffffLL - 1,
	SB_ONE = 1,
};

enum signed_big_enum signed_big_enum_var = SB_MIN;

float float_var = 1.5f;
double double_var = 2.5;
long double long_double_var = 3.5L;

int grid[4][3];
const char names[2][3][5] = { { "ab", "cd" }, { "ef" } };

_Atomic int atomic_var;
_Atomic unsigned long atomic_ulong_var = 1;

_Bool bool_var = 1;
char char_var = 'x';
signed char schar_var = -1;
unsigned char uchar_var = 1;
__int128 int128_var;

typedef unsigned int u32;
u32 u32_var = 32;

const int const_var = 5;
volatile int volatile_var;

/* function pointers; fixture_cb's prototype is varargs */
int (*fixture_cb)(const char *fmt, ...) = fixture_printk;
void (*handlers[3])(void *priv);

union fixture_union {
	int i;
	float f;
	char bytes[8];
};

union fixture_union union_var;

/* extern T x[] first, then the sized definition in the same CU */
extern int sized_table[];
int sized_table[5] = { 1, 2, 3, 4, 5 };

/* lib/fonts/font.h: struct font_data, data[] initialised */
struct font_data {
	unsigned int extra[4];
	const unsigned char data[];
};

const struct font_data fontdata_8x8 = {
	{ 0, 0, 24, 0 },
	{
		0x00, 0x7e, 0x81, 0xa5, 0x81, 0xbd, 0x99, 0x81,
		0x7e, 0x00, 0x7e, 0xff, 0xdb, 0xff, 0xc3, 0xe7,
		0xff, 0x7e, 0x6c, 0xfe, 0xfe, 0xfe, 0x7c, 0x38,
	}
};

static int static_helper_calls __used;

static __noinline int static_helper(int x)
{
	static_helper_calls++;
	return x * 3 + grid[x & 3][x % 3];
}

int types_entry(int x)
{
	return static_helper(x) + atomic_var + names[0][0][0];
}
