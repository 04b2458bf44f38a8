// Byte helpers shared by the HAP protocol code: concat, UTF-8, constant-time compare, big-endian BigInt.
// Pure functions over Uint8Array; never depends on Buffer, TextEncoder or any platform module.

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** UTF-8 encoding written out so the code does not depend on TextEncoder being present. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Uint8Array.from(out);
}

/** UTF-8 decoding; malformed sequences become U+FFFD instead of throwing (the bytes come off the wire). */
export function utf8Decode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i];
    let code = 0xfffd;
    let size = 1;
    if (b0 < 0x80) code = b0;
    else if (b0 >= 0xc2 && b0 < 0xe0 && isCont(bytes, i + 1)) {
      code = ((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      size = 2;
    } else if (b0 >= 0xe0 && b0 < 0xf0 && isCont(bytes, i + 1) && isCont(bytes, i + 2)) {
      code = ((b0 & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      size = 3;
      if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) code = 0xfffd;
    } else if (b0 >= 0xf0 && b0 < 0xf5 && isCont(bytes, i + 1) && isCont(bytes, i + 2) && isCont(bytes, i + 3)) {
      code = ((b0 & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
      size = 4;
      if (code < 0x10000 || code > 0x10ffff) code = 0xfffd;
    }
    out += String.fromCodePoint(code);
    i += size;
  }
  return out;
}

function isCont(bytes: Uint8Array, at: number): boolean {
  return at < bytes.length && (bytes[at] & 0xc0) === 0x80;
}

/** Compare without an early exit, so a proof or tag check does not leak how many bytes matched. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Unsigned big-endian bytes → BigInt. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hexText = "0x0";
  for (let i = 0; i < bytes.length; i++) hexText += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return BigInt(hexText);
}

/** BigInt → unsigned big-endian bytes, left-padded with zeros to `lengthBytes` (0: minimal length). */
export function bigIntToBytes(value: bigint, lengthBytes = 0): Uint8Array {
  let hexText = value.toString(16);
  if (hexText.length % 2) hexText = "0" + hexText;
  const minimal = hexText.length / 2;
  const size = Math.max(lengthBytes, minimal);
  const out = new Uint8Array(size);
  const offset = size - minimal;
  for (let i = 0; i < minimal; i++) out[offset + i] = parseInt(hexText.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

/** Hex (whitespace ignored) → bytes; for constants and test vectors written in source. */
export function hexToBytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}
