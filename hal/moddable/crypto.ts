// HapCrypto for the device: every primitive native. SHA-512, HMAC, HKDF and ChaCha20 on the SDK's `crypt`; X25519,
// Ed25519 and Poly1305 on libsodium (our binding, hal/moddable/native/sodium.c); SRP's modexp on our native
// Montgomery code (hal/moddable/native/montgomery.c).
// Never falls back to JS maths on the device: @noble stays the host's (homekit/crypto/noble.ts).
/// <reference path="./crypt.d.ts" />
/// <reference path="./sodium.d.ts" />
/// <reference path="./montgomery.d.ts" />
import * as crypt from "crypt";
import * as montgomery from "montgomery";
import * as sodium from "sodium";
import type { HapCrypto, KeyPair } from "../../homekit/crypto/types";
import { sha512 } from "./sha512";

const SHA512_BLOCK_BYTES = 128;
const SHA512_BYTES = 64;
const TAG_BYTES = 16;
const CHACHA_BLOCK_BYTES = 64;

// The member of the SDK's `crypt` we call here, stated here: the SDK's own typing lacks StreamCipher and typed arrays.
interface NativeCrypt {
  /** "ChaCha": a 12-byte `iv` fills nonce words 1–3; `counter` is the initial block counter. */
  StreamCipher: new (cipher: "ChaCha", key: ArrayBuffer, iv: ArrayBuffer, counter: number) => { encrypt(data: ArrayBuffer | ArrayBufferView): ArrayBuffer };
}
const { StreamCipher } = crypt as unknown as NativeCrypt;

// RFC 2104 on the native digest: the pads are built once per key, the hashing is all native.
function hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = key.length > SHA512_BLOCK_BYTES ? sha512(key) : key;
  const inner = new Uint8Array(SHA512_BLOCK_BYTES).fill(0x36);
  const outer = new Uint8Array(SHA512_BLOCK_BYTES).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i] ^= k[i];
    outer[i] ^= k[i];
  }
  return sha512(outer, sha512(inner, data));
}

// RFC 5869: extract with the salt as HMAC key (an empty salt means 64 zero bytes), then expand T(1) T(2) …
function hkdfSha512(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, lengthBytes: number): Uint8Array {
  if (lengthBytes > 255 * SHA512_BYTES) throw new RangeError(`HKDF length ${lengthBytes} too large`);
  const prk = hmacSha512(salt.length > 0 ? salt : new Uint8Array(SHA512_BYTES), ikm);
  const out = new Uint8Array(lengthBytes);
  let previous: Uint8Array = new Uint8Array(0);
  for (let offset = 0, counter = 1; offset < lengthBytes; counter++) {
    const block = new Uint8Array(previous.length + info.length + 1);
    block.set(previous, 0);
    block.set(info, previous.length);
    block[block.length - 1] = counter;
    previous = hmacSha512(prk, block);
    out.set(previous.subarray(0, Math.min(SHA512_BYTES, lengthBytes - offset)), offset);
    offset += SHA512_BYTES;
  }
  return out;
}

/**
 * RFC 8439 ChaCha20 on the native cipher. The SDK's ChaCha takes a 12-byte IV as nonce words 1–3 (word 0 is the
 * 32-bit block counter), which is the RFC layout as long as the counter stays below 2^32 — HAP frames are ≤ 1 KB.
 */
function chacha20(key: Uint8Array, nonce: Uint8Array, counter: number, input: Uint8Array): Uint8Array {
  const cipher = new StreamCipher("ChaCha", key.slice().buffer, nonce.slice().buffer, counter);
  return new Uint8Array(cipher.encrypt(input));
}

function aeadTag(polyKey: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return new Uint8Array(sodium.aeadTag(polyKey, aad, ciphertext));
}

function polyKeyFor(key: Uint8Array, nonce: Uint8Array): Uint8Array {
  return chacha20(key, nonce, 0, new Uint8Array(CHACHA_BLOCK_BYTES)).subarray(0, 32);
}

function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad = new Uint8Array(0)): Uint8Array {
  if (key.length !== 32 || nonce.length !== 12) throw new RangeError("ChaCha20-Poly1305 needs a 32-byte key and a 12-byte nonce");
  const ciphertext = chacha20(key, nonce, 1, plaintext);
  const out = new Uint8Array(ciphertext.length + TAG_BYTES);
  out.set(ciphertext, 0);
  out.set(aeadTag(polyKeyFor(key, nonce), aad, ciphertext), ciphertext.length);
  return out;
}

function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad = new Uint8Array(0)): Uint8Array | undefined {
  // A wrong tag is a normal event on the wire (attacker, lost sync): report it, never throw.
  if (key.length !== 32 || nonce.length !== 12 || sealed.length < TAG_BYTES) return undefined;
  const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
  const expected = aeadTag(polyKeyFor(key, nonce), aad, ciphertext);
  let difference = 0;
  for (let i = 0; i < TAG_BYTES; i++) difference |= expected[i] ^ sealed[ciphertext.length + i];
  return difference === 0 ? chacha20(key, nonce, 1, ciphertext) : undefined;
}

export type RandomBytes = (length: number) => Uint8Array;

const X25519_BYTES = 32;
const ED25519_PUBLIC_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

function x25519SharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  // A small-order point from a peer gives an all-zero secret: refused, as @noble refuses it (pair-verify catches).
  const shared = sodium.x25519(secretKey, publicKey);
  if (shared === undefined) throw new RangeError("x25519: the peer's public key has small order");
  return new Uint8Array(shared);
}

function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  // Malformed keys or signatures come from peers: they fail verification, they do not throw.
  if (publicKey.length !== ED25519_PUBLIC_BYTES || signature.length !== ED25519_SIGNATURE_BYTES) return false;
  return sodium.ed25519Verify(publicKey, message, signature);
}

/**
 * SRP's 3072-bit exponentiations on our native Montgomery code (hal/moddable/native/montgomery.c): no BigInt per
 * step, and resumable, so the sliced form yields every few multiplications. The SDK's `Modular`/`Mont` exp were
 * measured and not used (README, "Device crypto"): they run on XS's BigInt arithmetic, one atomic call each.
 * One context per modulus, kept: SRP uses one group.
 */
const contexts = new Map<bigint, ArrayBuffer>();

function contextFor(modulus: bigint): ArrayBuffer {
  let context = contexts.get(modulus);
  if (!context) {
    context = montgomery.context(modulus.toString(16));
    contexts.set(modulus, context);
  }
  return context;
}

/**
 * Montgomery multiplications per slice of the sliced form. One 3072-bit multiplication is ≈ 262 k RV32 instructions
 * (its two inner loops compiled for rv32imc: 14 instructions × 96² each), 2.1 ms on issue #17's C3 clock of 8 ns per
 * instruction: 20 of them ≈ 42 ms, under the 50 ms a slice may take (README, "Device crypto").
 */
export const MONTGOMERY_MULTIPLICATIONS_PER_SLICE = 20;
const WHOLE = 0x7fffffff;

/** The cases the native code does not take: trivial exponents, an even modulus (Montgomery needs an odd one). */
function modPowEdge(base: bigint, exponent: bigint, modulus: bigint): bigint | undefined {
  if (exponent < 0n) throw new RangeError("negative exponent");
  if (modulus === 1n) return 0n;
  if (exponent === 0n) return 1n;
  if (modulus % 2n === 0n) {
    let result = 1n;
    for (let b = ((base % modulus) + modulus) % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) if (e & 1n) result = (result * b) % modulus;
    return result;
  }
  return undefined;
}

function startModPow(base: bigint, exponent: bigint, modulus: bigint): { context: ArrayBuffer; state: ArrayBuffer } {
  const context = contextFor(modulus);
  const reduced = ((base % modulus) + modulus) % modulus;
  return { context, state: montgomery.start(context, reduced.toString(16), exponent.toString(16)) };
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const edge = modPowEdge(base, exponent, modulus);
  if (edge !== undefined) return edge;
  const { context, state } = startModPow(base, exponent, modulus);
  while (!montgomery.step(context, state, WHOLE));
  return BigInt(`0x${montgomery.result(context, state)}`);
}

async function modPowSliced(base: bigint, exponent: bigint, modulus: bigint, yieldFn: () => Promise<void>): Promise<bigint> {
  const edge = modPowEdge(base, exponent, modulus);
  if (edge !== undefined) return edge;
  if (!contexts.has(modulus)) {
    contextFor(modulus); // ≈ 50 ms on the chip, once per boot: a slice of its own
    await yieldFn();
  }
  const { context, state } = startModPow(base, exponent, modulus);
  // A slice of its own for the setup (its one multiplication and the caller's work before), and for each step.
  do await yieldFn();
  while (!montgomery.step(context, state, MONTGOMERY_MULTIPLICATIONS_PER_SLICE));
  return BigInt(`0x${montgomery.result(context, state)}`);
}

/** The device's HapCrypto: every primitive native (see the module header). `random` is hal/moddable/random.ts. */
export function createModdableCrypto(random: RandomBytes): HapCrypto {
  const randomBytes = (length: number): Uint8Array => {
    const out = random(length);
    if (out.length !== length) throw new Error(`random source returned ${out.length} bytes, wanted ${length}`);
    return out;
  };
  return {
    sha512: (data) => sha512(data),
    hmacSha512,
    hkdfSha512,
    chacha20Poly1305Seal: seal,
    chacha20Poly1305Open: open,
    x25519KeyPair: (): KeyPair => {
      const secretKey = randomBytes(X25519_BYTES);
      return { secretKey, publicKey: new Uint8Array(sodium.x25519Base(secretKey)) };
    },
    x25519SharedSecret,
    ed25519KeyPair: (seed?: Uint8Array): KeyPair => {
      const secretKey = seed ?? randomBytes(32);
      return { secretKey, publicKey: new Uint8Array(sodium.ed25519PublicKey(secretKey)) };
    },
    ed25519Sign: (secretKey, message) => new Uint8Array(sodium.ed25519Sign(secretKey, message)),
    ed25519Verify,
    modPow,
    modPowSliced,
    randomBytes,
  };
}
