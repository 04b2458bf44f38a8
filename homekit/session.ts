// The encrypted HAP session after pair-verify (HAP §6.5.2): ChaCha20-Poly1305 frames of ≤1024 plaintext bytes.
// Never throws on wire bytes: a bad tag or an impossible length poisons the session and is reported as an error.
import type { HapCrypto } from "./crypto/types";
import type { SessionKeys } from "./pairing/types";

/** Largest plaintext in one frame (HAP). */
export const FRAME_MAX_PLAIN_BYTES = 1024;
const LENGTH_BYTES = 2;
const TAG_BYTES = 16;

export interface DecryptResult {
  /** Whole frames decrypted from this chunk (and any earlier partial frame), in order. */
  plain: Uint8Array[];
  /** Set once the stream is corrupt; the server must close the connection. Sticky. */
  error?: string;
}

export class SecureSession {
  private readonly encryptKey: Uint8Array;
  private readonly decryptKey: Uint8Array;
  private encryptCounter = 0;
  private decryptCounter = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private failure: string | undefined;

  constructor(
    private readonly crypto: HapCrypto,
    keys: Pick<SessionKeys, "encryptKey" | "decryptKey">,
  ) {
    this.encryptKey = keys.encryptKey;
    this.decryptKey = keys.decryptKey;
  }

  /** Seal `plain` as consecutive frames: 2-byte LE length (the AAD), ciphertext, 16-byte tag. */
  encrypt(plain: Uint8Array): Uint8Array {
    const frames = Math.ceil(plain.length / FRAME_MAX_PLAIN_BYTES);
    const out = new Uint8Array(plain.length + frames * (LENGTH_BYTES + TAG_BYTES));
    let at = 0;
    for (let offset = 0; offset < plain.length; offset += FRAME_MAX_PLAIN_BYTES) {
      const length = Math.min(FRAME_MAX_PLAIN_BYTES, plain.length - offset);
      const aad = Uint8Array.of(length & 0xff, length >> 8);
      const sealed = this.crypto.chacha20Poly1305Seal(this.encryptKey, frameNonce(this.encryptCounter++), plain.subarray(offset, offset + length), aad);
      out.set(aad, at);
      out.set(sealed, at + LENGTH_BYTES);
      at += LENGTH_BYTES + sealed.length;
    }
    return out;
  }

  /** Feed bytes as they arrive from TCP; partial frames wait for the rest. */
  decrypt(chunk: Uint8Array): DecryptResult {
    if (this.failure) return { plain: [], error: this.failure };
    const buffer = this.pending.length === 0 ? chunk : joinBytes(this.pending, chunk);
    const plain: Uint8Array[] = [];
    let at = 0;
    while (buffer.length - at >= LENGTH_BYTES) {
      const length = buffer[at] | (buffer[at + 1] << 8);
      if (length > FRAME_MAX_PLAIN_BYTES) return this.poison(plain, `frame length ${length} exceeds ${FRAME_MAX_PLAIN_BYTES}`);
      const frameBytes = LENGTH_BYTES + length + TAG_BYTES;
      if (buffer.length - at < frameBytes) break;
      const aad = buffer.subarray(at, at + LENGTH_BYTES);
      const opened = this.crypto.chacha20Poly1305Open(this.decryptKey, frameNonce(this.decryptCounter), buffer.subarray(at + LENGTH_BYTES, at + frameBytes), aad);
      if (!opened) return this.poison(plain, `frame ${this.decryptCounter} failed authentication`);
      this.decryptCounter++;
      plain.push(opened);
      at += frameBytes;
    }
    // Copy the tail: `chunk` belongs to the socket and may be reused after this call.
    this.pending = buffer.slice(at);
    return { plain };
  }

  private poison(plain: Uint8Array[], reason: string): DecryptResult {
    this.failure = reason;
    this.pending = new Uint8Array(0);
    return { plain, error: reason };
  }
}

/** 96-bit nonce: 4 zero bytes, then the 64-bit little-endian frame counter. */
function frameNonce(counter: number): Uint8Array {
  const nonce = new Uint8Array(12);
  let low = counter >>> 0;
  let high = Math.floor(counter / 0x100000000);
  for (let i = 4; i < 8; i++, low >>>= 8) nonce[i] = low & 0xff;
  for (let i = 8; i < 12; i++, high >>>= 8) nonce[i] = high & 0xff;
  return nonce;
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
