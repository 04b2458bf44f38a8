// SHA-512 on the SDK's native `crypt` Digest, for the device's HapCrypto and its random-byte mixer.
// Never creates the native digest at load: this module is preloaded (through globals.ts), where host calls are unavailable.
/// <reference path="./crypt.d.ts" />
import * as crypt from "crypt";

// The members of the SDK's `crypt` Digest we call, stated here: the SDK's own typing lacks typed arrays.
type BufferLike = ArrayBuffer | ArrayBufferView;
interface NativeDigest {
  write(data: BufferLike): void;
  close(): ArrayBuffer;
  reset(): void;
}
const { Digest } = crypt as unknown as { Digest: new (type: "SHA512") => NativeDigest };

// One digest object for every call: each call resets it, and XS runs one call at a time.
let digest: NativeDigest | undefined;

/** SHA-512 of the parts, concatenated. */
export function sha512(...parts: Uint8Array[]): Uint8Array {
  digest ??= new Digest("SHA512");
  digest.reset();
  for (const part of parts) digest.write(part);
  return new Uint8Array(digest.close());
}
