/*
 * XS binding over libsodium for the device's HapCrypto: X25519, Ed25519 and Poly1305 (the primitives the SDK's
 * `crypt` lacks). Never allocates in the XS heap before it has read every input (an allocation may move them), and
 * never keeps a pointer into the heap across one.
 *
 * libsodium: Debian's libsodium-dev on lin (-lsodium), ESP-IDF's component espressif/libsodium on esp32.
 */
#include "xsmc.h"
#include <sodium.h>
#include <string.h>

#define X25519_BYTES 32
#define ED25519_SEED_BYTES 32
#define ED25519_PUBLIC_BYTES 32
#define ED25519_SECRET_BYTES 64
#define ED25519_SIGNATURE_BYTES 64
#define POLY1305_KEY_BYTES 32
#define POLY1305_TAG_BYTES 16

static void sodiumReady(xsMachine *the)
{
	static int ready = 0;
	if (!ready) {
		/* Picks the fastest implementation this CPU has; returns 1 when already done, -1 on failure. */
		if (sodium_init() < 0)
			xsUnknownError("sodium_init failed");
		ready = 1;
	}
}

/* A readable buffer (ArrayBuffer, typed array, DataView) of exactly `length` bytes, else a RangeError. */
static const uint8_t *exactBuffer(xsMachine *the, xsSlot *slot, xsUnsignedValue length, const char *what)
{
	void *data;
	xsUnsignedValue count;
	_xsmcGetBuffer(the, slot, &data, &count, 0);
	if (count != length)
		xsRangeError("%s: %d bytes, want %d", what, (int)count, (int)length);
	return data;
}

static const uint8_t *anyBuffer(xsMachine *the, xsSlot *slot, xsUnsignedValue *count)
{
	void *data;
	_xsmcGetBuffer(the, slot, &data, count, 0);
	return data;
}

/* x25519(scalar32, u32) → ArrayBuffer(32), or undefined when the peer's point has small order (all-zero secret). */
void xs_sodium_x25519(xsMachine *the)
{
	uint8_t scalar[X25519_BYTES], point[X25519_BYTES], out[X25519_BYTES];
	sodiumReady(the);
	memcpy(scalar, exactBuffer(the, &xsArg(0), X25519_BYTES, "x25519 scalar"), X25519_BYTES);
	memcpy(point, exactBuffer(the, &xsArg(1), X25519_BYTES, "x25519 point"), X25519_BYTES);
	int status = crypto_scalarmult_curve25519(out, scalar, point);
	sodium_memzero(scalar, sizeof(scalar));
	if (status == 0)
		xsmcSetArrayBuffer(xsResult, out, X25519_BYTES);
	sodium_memzero(out, sizeof(out));
}

/* x25519Base(scalar32) → ArrayBuffer(32): the public key for a secret scalar. */
void xs_sodium_x25519_base(xsMachine *the)
{
	uint8_t scalar[X25519_BYTES], out[X25519_BYTES];
	sodiumReady(the);
	memcpy(scalar, exactBuffer(the, &xsArg(0), X25519_BYTES, "x25519 scalar"), X25519_BYTES);
	crypto_scalarmult_curve25519_base(out, scalar);
	sodium_memzero(scalar, sizeof(scalar));
	xsmcSetArrayBuffer(xsResult, out, X25519_BYTES);
}

/*
 * Ed25519 signing keys, derived from the 32-byte seed. One entry is kept: the accessory signs with its one long-term
 * key, and libsodium's secret key carries the public key, which a signature must never be made with a wrong one of.
 */
static uint8_t cachedSecret[ED25519_SECRET_BYTES];
static int cachedSecretValid = 0;

static const uint8_t *secretFor(const uint8_t *seed)
{
	if (!cachedSecretValid || sodium_memcmp(cachedSecret, seed, ED25519_SEED_BYTES) != 0) {
		uint8_t publicKey[ED25519_PUBLIC_BYTES];
		crypto_sign_ed25519_seed_keypair(publicKey, cachedSecret, seed);
		cachedSecretValid = 1;
	}
	return cachedSecret;
}

/* ed25519PublicKey(seed32) → ArrayBuffer(32). */
void xs_sodium_ed25519_public_key(xsMachine *the)
{
	uint8_t seed[ED25519_SEED_BYTES];
	sodiumReady(the);
	memcpy(seed, exactBuffer(the, &xsArg(0), ED25519_SEED_BYTES, "ed25519 seed"), ED25519_SEED_BYTES);
	const uint8_t *secret = secretFor(seed);
	sodium_memzero(seed, sizeof(seed));
	xsmcSetArrayBuffer(xsResult, (void *)(secret + ED25519_SEED_BYTES), ED25519_PUBLIC_BYTES);
}

/* ed25519Sign(seed32, message) → ArrayBuffer(64), RFC 8032 deterministic. */
void xs_sodium_ed25519_sign(xsMachine *the)
{
	uint8_t seed[ED25519_SEED_BYTES], signature[ED25519_SIGNATURE_BYTES];
	xsUnsignedValue length;
	sodiumReady(the);
	memcpy(seed, exactBuffer(the, &xsArg(0), ED25519_SEED_BYTES, "ed25519 seed"), ED25519_SEED_BYTES);
	const uint8_t *secret = secretFor(seed);
	sodium_memzero(seed, sizeof(seed));
	const uint8_t *message = anyBuffer(the, &xsArg(1), &length); /* read last: nothing allocates until signed */
	crypto_sign_ed25519_detached(signature, NULL, message, length, secret);
	xsmcSetArrayBuffer(xsResult, signature, ED25519_SIGNATURE_BYTES);
}

/* ed25519Verify(publicKey32, message, signature64) → boolean; wrong sizes are false (peer input). */
void xs_sodium_ed25519_verify(xsMachine *the)
{
	xsUnsignedValue keyLength, messageLength, signatureLength;
	sodiumReady(the);
	const uint8_t *publicKey = anyBuffer(the, &xsArg(0), &keyLength);
	const uint8_t *message = anyBuffer(the, &xsArg(1), &messageLength);
	const uint8_t *signature = anyBuffer(the, &xsArg(2), &signatureLength);
	int ok = keyLength == ED25519_PUBLIC_BYTES && signatureLength == ED25519_SIGNATURE_BYTES
		&& crypto_sign_ed25519_verify_detached(signature, message, messageLength, publicKey) == 0;
	xsmcSetBoolean(xsResult, ok);
}

/* poly1305(key32, message) → ArrayBuffer(16): the bare one-time authenticator (RFC 8439 §2.5). */
void xs_sodium_poly1305(xsMachine *the)
{
	uint8_t tag[POLY1305_TAG_BYTES];
	xsUnsignedValue length;
	sodiumReady(the);
	const uint8_t *key = exactBuffer(the, &xsArg(0), POLY1305_KEY_BYTES, "poly1305 key");
	const uint8_t *message = anyBuffer(the, &xsArg(1), &length);
	crypto_onetimeauth_poly1305(tag, message, length, key);
	xsmcSetArrayBuffer(xsResult, tag, POLY1305_TAG_BYTES);
}

static void updatePadded(crypto_onetimeauth_poly1305_state *state, const uint8_t *data, xsUnsignedValue length)
{
	static const uint8_t zeros[16] = { 0 };
	crypto_onetimeauth_poly1305_update(state, data, length);
	if (length % 16)
		crypto_onetimeauth_poly1305_update(state, zeros, 16 - length % 16);
}

static void storeLittleEndian64(uint8_t *out, uint64_t value)
{
	for (int i = 0; i < 8; i++, value >>= 8)
		out[i] = (uint8_t)value;
}

/*
 * aeadTag(polyKey32, aad, ciphertext) → ArrayBuffer(16): RFC 8439 §2.8's MAC over aad | pad16 | ciphertext | pad16 |
 * le64(aad length) | le64(ciphertext length), in one call so the caller never concatenates them.
 */
void xs_sodium_aead_tag(xsMachine *the)
{
	crypto_onetimeauth_poly1305_state state;
	uint8_t lengths[16], tag[POLY1305_TAG_BYTES];
	xsUnsignedValue aadLength, cipherLength;
	sodiumReady(the);
	const uint8_t *key = exactBuffer(the, &xsArg(0), POLY1305_KEY_BYTES, "poly1305 key");
	const uint8_t *aad = anyBuffer(the, &xsArg(1), &aadLength);
	const uint8_t *ciphertext = anyBuffer(the, &xsArg(2), &cipherLength);
	crypto_onetimeauth_poly1305_init(&state, key);
	updatePadded(&state, aad, aadLength);
	updatePadded(&state, ciphertext, cipherLength);
	storeLittleEndian64(lengths, aadLength);
	storeLittleEndian64(lengths + 8, cipherLength);
	crypto_onetimeauth_poly1305_update(&state, lengths, sizeof(lengths));
	crypto_onetimeauth_poly1305_final(&state, tag);
	xsmcSetArrayBuffer(xsResult, tag, POLY1305_TAG_BYTES);
}
