// The crypto interface the HAP server is written against: every primitive HAP needs, nothing more.
// Declarations only. Implementations: pure-ES (@noble/*) for Node and XS; native `crypt` on the device.

export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export interface HapCrypto {
  sha512(data: Uint8Array): Uint8Array;
  hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** RFC 5869 HKDF with SHA-512. */
  hkdfSha512(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, lengthBytes: number): Uint8Array;
  /** RFC 8439 AEAD; returns ciphertext followed by the 16-byte tag. `nonce` is 12 bytes. */
  chacha20Poly1305Seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array;
  /** Returns the plaintext, or undefined when the tag does not verify. */
  chacha20Poly1305Open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array | undefined;
  x25519KeyPair(): KeyPair;
  x25519SharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** Ed25519 from a 32-byte seed (the secret key). */
  ed25519KeyPair(seed?: Uint8Array): KeyPair;
  ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** base^exponent mod modulus (SRP); the device may use the native Modular module. */
  modPow(base: bigint, exponent: bigint, modulus: bigint): bigint;
  /**
   * Optional: the same, awaiting `yieldFn` between slices of the work. Pure-JS implementations provide it so SRP
   * never blocks the event loop for a whole 3072-bit exponentiation; a native (atomic) modexp leaves it out.
   */
  modPowSliced?(base: bigint, exponent: bigint, modulus: bigint, yieldFn: () => Promise<void>): Promise<bigint>;
  randomBytes(length: number): Uint8Array;
}
