// Declaration of our native module `sodium` (hal/moddable/native/sodium.c + sodium.js, over libsodium).
// Types only. Every byte argument may be an ArrayBuffer or a view; results are fresh ArrayBuffers.
declare module "sodium" {
  type Bytes = ArrayBuffer | ArrayBufferView;
  /** RFC 7748 X25519; undefined when the point has small order (the shared secret would be all zeros). */
  export function x25519(scalar: Bytes, point: Bytes): ArrayBuffer | undefined;
  /** The public key of a 32-byte secret scalar. */
  export function x25519Base(scalar: Bytes): ArrayBuffer;
  /** RFC 8032 Ed25519 public key of a 32-byte seed. */
  export function ed25519PublicKey(seed: Bytes): ArrayBuffer;
  /** RFC 8032 Ed25519 signature (64 bytes) with a 32-byte seed. */
  export function ed25519Sign(seed: Bytes, message: Bytes): ArrayBuffer;
  /** False for a wrong signature, a wrong size, a non-canonical encoding or a small-order key: never throws. */
  export function ed25519Verify(publicKey: Bytes, message: Bytes, signature: Bytes): boolean;
  /** RFC 8439 §2.5 Poly1305 of a message with a 32-byte one-time key. */
  export function poly1305(key: Bytes, message: Bytes): ArrayBuffer;
  /** RFC 8439 §2.8 AEAD tag: Poly1305 over aad, ciphertext, their zero padding and both lengths. */
  export function aeadTag(polyKey: Bytes, aad: Bytes, ciphertext: Bytes): ArrayBuffer;
}
