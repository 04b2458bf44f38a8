// Stand-ins for the SDK's native `crypt` Digest and StreamCipher, on Node's OpenSSL, for jest only.
// Never used on a device: they mimic the SDK's calling conventions so hal/moddable/crypto.ts runs unchanged in CI.
import { createCipheriv, createHash } from "node:crypto";

// The SDK's Digest: write/close/reset on one object, close returning an ArrayBuffer.
export class Digest {
  private parts: Buffer[] = [];
  constructor(type: string) {
    if (type !== "SHA512") throw new Error(`fake Digest: ${type}`);
  }
  reset(): void {
    this.parts = [];
  }
  write(data: ArrayBufferView): void {
    this.parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  close(): ArrayBuffer {
    const digest = createHash("sha512").update(Buffer.concat(this.parts)).digest();
    return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.length);
  }
}

// The SDK's ChaCha: a 12-byte IV fills state words 13–15 and `counter` word 12, which is the 16-byte IV of
// OpenSSL's chacha20 (32-bit little-endian counter, then the nonce).
export class StreamCipher {
  private readonly cipher;
  constructor(name: string, key: ArrayBuffer, iv: ArrayBuffer, counter: number) {
    if (name !== "ChaCha" || iv.byteLength !== 12) throw new Error("fake StreamCipher: ChaCha with a 12-byte IV only");
    const fullIv = Buffer.alloc(16);
    fullIv.writeUInt32LE(counter, 0);
    Buffer.from(iv).copy(fullIv, 4);
    this.cipher = createCipheriv("chacha20", Buffer.from(key), fullIv);
  }
  encrypt(data: ArrayBufferView): ArrayBuffer {
    const out = this.cipher.update(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.length);
  }
}
