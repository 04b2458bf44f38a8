// Stand-in for our native `sodium` module (hal/moddable/native/sodium.c) on Node's OpenSSL, for jest only.
// Same calling conventions (byte views in, ArrayBuffers out, undefined for a small-order X25519 point); the C itself
// is checked against the RFC vectors by test/moddable/crypto.mc.ts on the lin build.
import { createPrivateKey, createPublicKey, diffieHellman, sign, verify } from "node:crypto";
import { poly1305 as noblePoly1305 } from "@noble/ciphers/_poly1305.js";

type Bytes = ArrayBuffer | ArrayBufferView;
const X25519_PKCS8 = "302e020100300506032b656e04220420";
const X25519_SPKI = "302a300506032b656e032100";
const ED25519_PKCS8 = "302e020100300506032b657004220420";
const ED25519_SPKI = "302a300506032b6570032100";

const bytes = (b: Bytes) => (ArrayBuffer.isView(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b));
const out = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
function exact(b: Bytes, length: number, what: string): Buffer {
  const buffer = bytes(b);
  if (buffer.length !== length) throw new RangeError(`${what}: ${buffer.length} bytes, want ${length}`);
  return buffer;
}
const privateKey = (prefix: string, raw: Buffer) => createPrivateKey({ key: Buffer.concat([Buffer.from(prefix, "hex"), raw]), format: "der", type: "pkcs8" });
const publicKey = (prefix: string, raw: Buffer) => createPublicKey({ key: Buffer.concat([Buffer.from(prefix, "hex"), raw]), format: "der", type: "spki" });
const rawPublic = (key: ReturnType<typeof createPublicKey>) => new Uint8Array(key.export({ format: "der", type: "spki" }).subarray(12));

export function x25519(scalar: Bytes, point: Bytes): ArrayBuffer | undefined {
  const secret = privateKey(X25519_PKCS8, exact(scalar, 32, "x25519 scalar"));
  try {
    return out(diffieHellman({ privateKey: secret, publicKey: publicKey(X25519_SPKI, exact(point, 32, "x25519 point")) }));
  } catch {
    return undefined; // OpenSSL refuses the all-zero result, as libsodium does
  }
}
export const x25519Base = (scalar: Bytes): ArrayBuffer => out(rawPublic(createPublicKey(privateKey(X25519_PKCS8, exact(scalar, 32, "x25519 scalar")))));
export const ed25519PublicKey = (seed: Bytes): ArrayBuffer => out(rawPublic(createPublicKey(privateKey(ED25519_PKCS8, exact(seed, 32, "ed25519 seed")))));
export const ed25519Sign = (seed: Bytes, message: Bytes): ArrayBuffer => out(sign(null, bytes(message), privateKey(ED25519_PKCS8, exact(seed, 32, "ed25519 seed"))));
export function ed25519Verify(key: Bytes, message: Bytes, signature: Bytes): boolean {
  if (bytes(key).length !== 32 || bytes(signature).length !== 64) return false;
  try {
    return verify(null, bytes(message), publicKey(ED25519_SPKI, bytes(key)), bytes(signature));
  } catch {
    return false;
  }
}
export const poly1305 = (key: Bytes, message: Bytes): ArrayBuffer => out(noblePoly1305(bytes(message), exact(key, 32, "poly1305 key")));
export function aeadTag(polyKey: Bytes, aad: Bytes, ciphertext: Bytes): ArrayBuffer {
  const pad = (n: number) => Math.ceil(n / 16) * 16;
  const a = bytes(aad);
  const c = bytes(ciphertext);
  const data = Buffer.alloc(pad(a.length) + pad(c.length) + 16);
  a.copy(data, 0);
  c.copy(data, pad(a.length));
  data.writeBigUInt64LE(BigInt(a.length), data.length - 16);
  data.writeBigUInt64LE(BigInt(c.length), data.length - 8);
  return poly1305(polyKey, data);
}
