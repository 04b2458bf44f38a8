// HapCrypto for the device: SHA-512 (also inside Ed25519), HMAC, HKDF and ChaCha20 on the SDK's native `crypt`.
// Never re-implements what is missing natively (Poly1305, X25519, Ed25519 curve maths): those come from audited @noble.
/// <reference path="./crypt.d.ts" />
import * as crypt from "crypt";
import { poly1305 } from "@noble/ciphers/_poly1305.js";
import { eddsa } from "@noble/curves/abstract/edwards.js";
import { ed25519 as nobleEd25519 } from "@noble/curves/ed25519.js";
import { createNobleCrypto, ed25519Operations, type RandomBytes } from "../../homekit/crypto/noble";
import type { HapCrypto } from "../../homekit/crypto/types";
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

function le64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  let rest = value;
  for (let i = 0; i < 8; i++) {
    out[i] = rest & 0xff;
    rest = Math.floor(rest / 256);
  }
  return out;
}

function aeadTag(polyKey: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const mac = poly1305.create(polyKey);
  const zeros = new Uint8Array(16);
  mac.update(aad);
  if (aad.length % 16) mac.update(zeros.subarray(aad.length % 16));
  mac.update(ciphertext);
  if (ciphertext.length % 16) mac.update(zeros.subarray(ciphertext.length % 16));
  mac.update(le64(aad.length));
  mac.update(le64(ciphertext.length));
  return mac.digest();
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

// RFC 8032 §5.1.5 clamping, as @noble's own ed25519 does it (that helper is not exported).
function clampScalar(bytes: Uint8Array): Uint8Array {
  bytes[0] &= 248;
  bytes[31] &= 127;
  bytes[31] |= 64;
  return bytes;
}

// No precomputed base-point table: @noble builds a W=6 wNAF table on first use, measured on the lin build at
// +248 KB of chunks and +226 KB of slots (64-bit; ≈ 350 KB on an ESP32), more than the chip's free heap. Without it
// a signature is ≈ 2.4× slower (README). The table is shared by every @noble Ed25519 user, which here is only this.
const ED25519_BASE_WINDOW_BITS = 1;
nobleEd25519.Point.BASE.precompute(ED25519_BASE_WINDOW_BITS);

// @noble's Ed25519 curve maths with the native SHA-512: signing hashes the key, nonce and message with it, and in JS
// SHA-512 costs more than the curve on XS. Same options as @noble's `ed25519` (ZIP-215 verification).
const ed25519 = eddsa(nobleEd25519.Point, Object.assign((message: Uint8Array) => sha512(message), { outputLen: SHA512_BYTES, blockLen: SHA512_BLOCK_BYTES }), {
  adjustScalarBytes: clampScalar,
  zip215: true,
});

/**
 * The device's HapCrypto: native where the SDK has it, @noble for the curves and Poly1305. Modexp stays @noble's
 * sliced window code: the SDK's native Modular.exp measured no faster on XS (README) and cannot yield to the UART.
 */
export function createModdableCrypto(random: RandomBytes): HapCrypto {
  const noble = createNobleCrypto(random);
  return {
    sha512: (data) => sha512(data),
    hmacSha512,
    hkdfSha512,
    chacha20Poly1305Seal: seal,
    chacha20Poly1305Open: open,
    x25519KeyPair: noble.x25519KeyPair,
    x25519SharedSecret: noble.x25519SharedSecret,
    ...ed25519Operations(ed25519, noble.randomBytes),
    modPow: noble.modPow,
    modPowSliced: noble.modPowSliced,
    randomBytes: noble.randomBytes,
  };
}
