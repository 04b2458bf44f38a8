// AuthPrimitives for the device: HMAC-SHA256 and SHA-256 on the SDK's native `crypt` Digest.
// Why: @noble/hashes' SHA-256 keeps a module-level scratch array, which the firmware's preload freezes ("read-only
// buffer" on the first password), and a native digest is also what makes PBKDF2's iterations affordable on the chip.
// Never creates the native digest at load (this module may be preloaded, where host calls are unavailable).
/// <reference path="./crypt.d.ts" />
import * as crypt from "crypt";
import type { AuthPrimitives, KeyedPrf } from "../../src/auth/primitives";

type BufferLike = ArrayBuffer | ArrayBufferView;
interface NativeDigest {
  write(data: BufferLike): void;
  close(): ArrayBuffer;
  reset(): void;
}
const { Digest } = crypt as unknown as { Digest: new (type: "SHA256") => NativeDigest };

const SHA256_BLOCK_BYTES = 64;
const SHA256_BYTES = 32;

// One digest for every call: each call resets it, and XS runs one call at a time.
let digest: NativeDigest | undefined;

function sha256Into(out: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  digest ??= new Digest("SHA256");
  digest.reset();
  for (const part of parts) digest.write(part);
  out.set(new Uint8Array(digest.close()));
  return out;
}

/** RFC 2104 keyed once: the pads are built at the start; each call is two native digests. */
function hmacSha256(key: Uint8Array): KeyedPrf {
  const k = key.length > SHA256_BLOCK_BYTES ? sha256Into(new Uint8Array(SHA256_BYTES), key) : key;
  const inner = new Uint8Array(SHA256_BLOCK_BYTES).fill(0x36);
  const outer = new Uint8Array(SHA256_BLOCK_BYTES).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i] ^= k[i];
    outer[i] ^= k[i];
  }
  return {
    outputBytes: SHA256_BYTES,
    mac(message, out) {
      sha256Into(out, inner, message); // `out` may be `message`: the digest has read it before the copy
      sha256Into(out, outer, out);
    },
    destroy() {
      inner.fill(0);
      outer.fill(0);
    },
  };
}

export const MODDABLE_AUTH_PRIMITIVES: AuthPrimitives = Object.freeze({
  kdfName: "pbkdf2-hmac-sha256",
  keyedPrf: hmacSha256,
  sha256: (bytes: Uint8Array) => sha256Into(new Uint8Array(SHA256_BYTES), bytes),
});
