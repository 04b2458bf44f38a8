/*
 * Montgomery modular exponentiation for SRP's 3072-bit group, resumable: the caller runs it a bounded number of
 * multiplications at a time and yields in between. Never allocates: every number lives in ArrayBuffers the caller
 * owns (a context per modulus, a state per exponentiation), and no XS allocation happens while a pointer is held.
 *
 * Numbers cross as hex text: BigInt's toString(16) and BigInt("0x" + …) are native, a byte conversion in JS is not.
 *
 * Why not the SDK's Modular/Mont: they reduce on XS's BigInt (a division or allocations per call) and a call cannot
 * be split, so a 3072-bit exponentiation is one slice of seconds on the chip (README, "Device crypto").
 */
#include "xsmc.h"
#include <stdint.h>
#include <string.h>

/* 4096 bits: HAP uses 3072; bigger is refused rather than overrunning the fixed layout. */
#define MAX_LIMBS 128
/* Fixed 4-bit window: 16 table entries (6 KB at 3072 bits); one multiplication per 4 exponent bits. */
#define WINDOW_BITS 4
#define TABLE_SIZE (1 << WINDOW_BITS)

typedef struct {
	uint32_t limbs;       /* n: limbs of the modulus */
	uint32_t n0inv;       /* -N^-1 mod 2^32 */
	/* then: N[n], R^2 mod N[n] */
} Context;

typedef struct {
	uint32_t limbs;
	uint32_t exponentBits;
	uint32_t nextBit;     /* bits of the exponent consumed, from the top */
	uint32_t tableBuilt;  /* entries of the table computed so far (0..16) */
	uint32_t pending;     /* squarings still owed before the next window's multiplication */
	uint32_t phase;       /* 0 table, 1 windows, 2 done */
	/* then: table[16][n], accumulator[n], exponent limbs[ceil(bits/32)] */
} State;

#define CONTEXT_N(c) ((uint32_t *)((c) + 1))
#define CONTEXT_R2(c) (CONTEXT_N(c) + (c)->limbs)
#define STATE_TABLE(s, i) ((uint32_t *)((s) + 1) + (size_t)(i) * (s)->limbs)
#define STATE_ACC(s) STATE_TABLE(s, TABLE_SIZE)
#define STATE_EXPONENT(s) (STATE_ACC(s) + (s)->limbs)

static void *writableBuffer(xsMachine *the, xsSlot *slot, xsUnsignedValue *count)
{
	void *data;
	_xsmcGetBuffer(the, slot, &data, count, 1);
	return data;
}

static const uint8_t *readableBuffer(xsMachine *the, xsSlot *slot, xsUnsignedValue *count)
{
	void *data;
	_xsmcGetBuffer(the, slot, &data, count, 0);
	return data;
}

static int hexDigit(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Hex digits (a BigInt's toString(16), no prefix, no sign) without leading zeros: their count, or -1 if not hex. */
static int hexLength(const char *text, const char **start)
{
	while (*text == '0') text++;
	*start = text;
	int length = 0;
	for (; text[length]; length++)
		if (hexDigit(text[length]) < 0)
			return -1;
	return length;
}

/* Hex digits → little-endian limbs, zero-extended to `limbs` (the caller checked the length). */
static void limbsFromHex(uint32_t *out, uint32_t limbs, const char *hex, int length)
{
	memset(out, 0, limbs * 4);
	for (int i = 0; i < length; i++) {
		int nibble = length - 1 - i;
		out[nibble / 8] |= (uint32_t)hexDigit(hex[i]) << (4 * (nibble % 8));
	}
}

static int compare(const uint32_t *a, const uint32_t *b, uint32_t limbs)
{
	for (uint32_t i = limbs; i-- > 0;)
		if (a[i] != b[i])
			return a[i] > b[i] ? 1 : -1;
	return 0;
}

static uint32_t subtract(uint32_t *a, const uint32_t *b, uint32_t limbs)
{
	uint64_t borrow = 0;
	for (uint32_t i = 0; i < limbs; i++) {
		uint64_t d = (uint64_t)a[i] - b[i] - borrow;
		a[i] = (uint32_t)d;
		borrow = (d >> 32) & 1;
	}
	return (uint32_t)borrow;
}

/* out = a·b·R^-1 mod N (CIOS, Koç et al. 1996). `out` may alias a or b. */
static void montMul(uint32_t *out, const uint32_t *a, const uint32_t *b, const Context *c)
{
	uint32_t n = c->limbs;
	const uint32_t *N = CONTEXT_N(c);
	uint32_t t[MAX_LIMBS + 2];
	memset(t, 0, (n + 2) * 4);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t carry = 0;
		uint64_t bi = b[i];
		for (uint32_t j = 0; j < n; j++) {
			uint64_t s = (uint64_t)t[j] + a[j] * bi + carry;
			t[j] = (uint32_t)s;
			carry = s >> 32;
		}
		uint64_t s = (uint64_t)t[n] + carry;
		t[n] = (uint32_t)s;
		t[n + 1] = (uint32_t)(s >> 32);
		uint64_t m = (uint32_t)(t[0] * c->n0inv);
		s = (uint64_t)t[0] + m * N[0];
		carry = s >> 32;
		for (uint32_t j = 1; j < n; j++) {
			s = (uint64_t)t[j] + m * N[j] + carry;
			t[j - 1] = (uint32_t)s;
			carry = s >> 32;
		}
		s = (uint64_t)t[n] + carry;
		t[n - 1] = (uint32_t)s;
		t[n] = t[n + 1] + (uint32_t)(s >> 32);
	}
	if (t[n] || compare(t, N, n) >= 0)
		subtract(t, N, n);
	memcpy(out, t, n * 4);
}

/*
 * context(modulusHex) → ArrayBuffer: N, -N^-1 mod 2^32 and R^2 mod N, for an odd modulus of ≤ 4096 bits. Numbers
 * cross as hex text (BigInt's toString(16), parsed back with BigInt("0x" + …)): both conversions are native.
 */
void xs_montgomery_context(xsMachine *the)
{
	const char *hex;
	int length = hexLength(xsmcToString(xsArg(0)), &hex);
	uint32_t n = (uint32_t)((length + 7) / 8);
	if (length <= 0 || n > MAX_LIMBS || !(hexDigit(hex[length - 1]) & 1))
		xsRangeError("montgomery: modulus must be odd and at most %d bits", MAX_LIMBS * 32);
	xsmcSetArrayBuffer(xsResult, NULL, sizeof(Context) + 2 * n * 4);
	/* The allocation may have moved the string: read it again. */
	hexLength(xsmcToString(xsArg(0)), &hex);
	xsUnsignedValue ignored;
	Context *c = writableBuffer(the, &xsResult, &ignored);
	c->limbs = n;
	uint32_t *N = CONTEXT_N(c);
	limbsFromHex(N, n, hex, length);
	/* Newton's iteration for N^-1 mod 2^32 (each step doubles the correct low bits), then negate. */
	uint32_t inverse = N[0];
	for (int i = 0; i < 5; i++)
		inverse *= 2 - N[0] * inverse;
	c->n0inv = (uint32_t)(0 - inverse);
	/* R^2 mod N by 2·32n modular doublings of 1: no division needed. */
	uint32_t *r2 = CONTEXT_R2(c);
	memset(r2, 0, n * 4);
	r2[0] = 1;
	for (uint32_t k = 0; k < 64 * n; k++) {
		uint32_t top = r2[n - 1] >> 31;
		for (uint32_t i = n; i-- > 1;)
			r2[i] = (r2[i] << 1) | (r2[i - 1] >> 31);
		r2[0] <<= 1;
		if (top || compare(r2, N, n) >= 0)
			subtract(r2, N, n);
	}
}

/*
 * start(context, baseHex, exponentHex) → ArrayBuffer state. The base must be below the modulus (the caller reduces
 * it); the exponent must be non-zero.
 */
void xs_montgomery_start(xsMachine *the)
{
	xsUnsignedValue count;
	const Context *c = (const Context *)readableBuffer(the, &xsArg(0), &count);
	uint32_t n = c->limbs;
	if (count < sizeof(Context) || n == 0 || n > MAX_LIMBS || count != sizeof(Context) + 2 * n * 4)
		xsTypeError("montgomery: not a context");
	const char *hex;
	int baseLength = hexLength(xsmcToString(xsArg(1)), &hex);
	int exponentLength = hexLength(xsmcToString(xsArg(2)), &hex);
	if (baseLength < 0 || (uint32_t)baseLength > n * 8)
		xsRangeError("montgomery: base must be hex no wider than the modulus");
	if (exponentLength <= 0 || exponentLength > MAX_LIMBS * 8)
		xsRangeError("montgomery: exponent must be non-zero hex of at most %d bits", MAX_LIMBS * 32);
	uint32_t exponentLimbs = (uint32_t)((exponentLength + 7) / 8);
	size_t size = sizeof(State) + ((size_t)(TABLE_SIZE + 1) * n + exponentLimbs) * 4;
	xsmcSetArrayBuffer(xsResult, NULL, size);
	/* Every pointer is taken again after the allocation. */
	xsUnsignedValue ignored;
	c = (const Context *)readableBuffer(the, &xsArg(0), &ignored);
	State *s = writableBuffer(the, &xsResult, &ignored);
	s->limbs = n;
	uint32_t *exponent = STATE_EXPONENT(s);
	hexLength(xsmcToString(xsArg(2)), &hex);
	limbsFromHex(exponent, exponentLimbs, hex, exponentLength);
	uint32_t bits = exponentLimbs * 32;
	while (!(exponent[(bits - 1) / 32] >> ((bits - 1) % 32) & 1))
		bits--;
	s->exponentBits = bits;
	s->nextBit = 0;
	s->pending = 0;
	s->tableBuilt = 0;
	s->phase = 0;
	/* table[1] = base·R mod N; table[0] = R mod N (Montgomery 1) is built as the first step. */
	uint32_t *t1 = STATE_TABLE(s, 1);
	hexLength(xsmcToString(xsArg(1)), &hex);
	limbsFromHex(t1, n, hex, baseLength);
	montMul(t1, t1, CONTEXT_R2(c), c);
}
static uint32_t windowAt(const State *s, uint32_t fromTop, uint32_t width)
{
	const uint32_t *exponent = STATE_EXPONENT(s);
	uint32_t value = 0;
	for (uint32_t k = 0; k < width; k++) {
		uint32_t bit = s->exponentBits - 1 - fromTop - k;
		value = (value << 1) | ((exponent[bit / 32] >> (bit % 32)) & 1);
	}
	return value;
}

/* step(context, state, budget) → true when done: at most `budget` Montgomery multiplications this call. */
void xs_montgomery_step(xsMachine *the)
{
	xsUnsignedValue count;
	const Context *c = (const Context *)readableBuffer(the, &xsArg(0), &count);
	State *s = writableBuffer(the, &xsArg(1), &count);
	int budget = xsmcToInteger(xsArg(2));
	if (s->limbs != c->limbs)
		xsTypeError("montgomery: state and context differ");
	uint32_t n = c->limbs;
	uint32_t *acc = STATE_ACC(s);
	while (budget > 0 && s->phase != 2) {
		if (s->phase == 0) {
			if (s->tableBuilt == 0) {
				/* table[0] = R mod N = montMul(R^2, 1) */
				uint32_t one[MAX_LIMBS];
				memset(one, 0, n * 4);
				one[0] = 1;
				montMul(STATE_TABLE(s, 0), CONTEXT_R2(c), one, c);
				s->tableBuilt = 2; /* table[1] was set by start */
			}
			else {
				montMul(STATE_TABLE(s, s->tableBuilt), STATE_TABLE(s, s->tableBuilt - 1), STATE_TABLE(s, 1), c);
				s->tableBuilt++;
			}
			budget--;
			if (s->tableBuilt == TABLE_SIZE) {
				uint32_t first = s->exponentBits % WINDOW_BITS ? s->exponentBits % WINDOW_BITS : WINDOW_BITS;
				memcpy(acc, STATE_TABLE(s, windowAt(s, 0, first)), n * 4);
				s->nextBit = first;
				s->phase = s->nextBit >= s->exponentBits ? 2 : 1;
				s->pending = WINDOW_BITS;
			}
			continue;
		}
		if (s->pending > 0) {
			montMul(acc, acc, acc, c);
			s->pending--;
		}
		else {
			uint32_t window = windowAt(s, s->nextBit, WINDOW_BITS);
			if (window)
				montMul(acc, acc, STATE_TABLE(s, window), c);
			s->nextBit += WINDOW_BITS;
			s->pending = WINDOW_BITS;
			if (s->nextBit >= s->exponentBits)
				s->phase = 2;
		}
		budget--;
	}
	xsmcSetBoolean(xsResult, s->phase == 2);
}

/* result(context, state) → the value out of Montgomery form, as hex digits (for BigInt("0x" + …)). */
void xs_montgomery_result(xsMachine *the)
{
	static const char digits[] = "0123456789abcdef";
	xsUnsignedValue count;
	const Context *c = (const Context *)readableBuffer(the, &xsArg(0), &count);
	const State *s = (const State *)readableBuffer(the, &xsArg(1), &count);
	if (s->phase != 2)
		xsTypeError("montgomery: not finished");
	uint32_t n = c->limbs;
	uint32_t value[MAX_LIMBS], one[MAX_LIMBS];
	memset(one, 0, n * 4);
	one[0] = 1;
	montMul(value, STATE_ACC(s), one, c);
	char hex[MAX_LIMBS * 8 + 1];
	for (uint32_t i = 0; i < n * 8; i++)
		hex[n * 8 - 1 - i] = digits[(value[i / 8] >> (4 * (i % 8))) & 15];
	hex[n * 8] = 0;
	xsmcSetString(xsResult, hex);
}
