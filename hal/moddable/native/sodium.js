// Host functions of hal/moddable/native/sodium.c (libsodium): X25519, Ed25519 and Poly1305 for the device HapCrypto.
// Declarations only; hal/moddable/crypto.ts wraps them. Typed by hal/moddable/sodium.d.ts.
export function x25519(scalar, point) @ "xs_sodium_x25519";
export function x25519Base(scalar) @ "xs_sodium_x25519_base";
export function ed25519PublicKey(seed) @ "xs_sodium_ed25519_public_key";
export function ed25519Sign(seed, message) @ "xs_sodium_ed25519_sign";
export function ed25519Verify(publicKey, message, signature) @ "xs_sodium_ed25519_verify";
export function poly1305(key, message) @ "xs_sodium_poly1305";
export function aeadTag(polyKey, aad, ciphertext) @ "xs_sodium_aead_tag";
