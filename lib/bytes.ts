// Byte helpers for every protocol of the box (HTTP, HAP, TIC, storage): concat, UTF-8, hex, constant-time compare, BigInt.
// Pure functions over Uint8Array; never depends on Buffer, TextEncoder or any platform module.

/** Concatenate a few byte arrays (protocol messages: fixed, short argument lists). */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  return concatByteList(parts);
}

/**
 * Concatenate a list of any length. Streams of thousands of frames must come here, not through a spread into
 * concatBytes: XS puts spread arguments on its stack (20 000 parts overflow xsnap's).
 */
export function concatByteList(parts: readonly Uint8Array[]): Uint8Array {
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

/**
 * The Unicode scalar at `text[i]` (a surrogate pair read whole). A lone surrogate is not a character: U+FFFD, as
 * TextEncoder does. A result above 0xffff took two UTF-16 units.
 */
function scalarAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdfff) return code;
  if (code <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
  }
  return 0xfffd;
}

function utf8Width(scalar: number): number {
  return scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4;
}

/**
 * The scalar of one character as a string iterator yields it (a whole surrogate pair, or one unit; a lone surrogate
 * gives U+FFFD). Whole-text loops walk with for-of: XS keeps strings in UTF-8, so `charCodeAt(i)` scans from the start
 * and an indexed loop is quadratic (a 32 000-character JSON record took 2.4 s to encode on xsnap, for-of 15 ms).
 */
function scalarOf(char: string): number {
  const code = char.codePointAt(0) ?? 0xfffd;
  return code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
}

/** How many bytes utf8Encode(text) gives, counted without building them (a Content-Length, a buffer's size). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += utf8Width(scalarOf(char));
  return bytes;
}

/**
 * TextEncoder.encodeInto from `text[from]`: writes whole characters into `out` until the text ends or the next one
 * does not fit, and says how many UTF-16 units it read and bytes it wrote. Never splits a character.
 */
export function utf8EncodeInto(text: string, from: number, out: Uint8Array): { read: number; written: number } {
  let at = 0;
  let i = from;
  for (; i < text.length; i++) {
    const code = scalarAt(text, i);
    if (at + utf8Width(code) > out.length) break;
    at = putScalar(out, at, code);
    if (code > 0xffff) i++;
  }
  return { read: i - from, written: at };
}

/** UTF-8 encoding written out so the code does not depend on TextEncoder being present; sized once, no array per byte. */
export function utf8Encode(text: string): Uint8Array {
  const out = new Uint8Array(utf8Length(text));
  let at = 0;
  for (const char of text) at = putScalar(out, at, scalarOf(char));
  return out;
}

/** Writes one scalar's UTF-8 bytes at `at` (the caller made room); returns the index after them. */
function putScalar(out: Uint8Array, at: number, code: number): number {
  if (code < 0x80) out[at++] = code;
  else if (code < 0x800) {
    out[at++] = 0xc0 | (code >> 6);
    out[at++] = 0x80 | (code & 0x3f);
  } else if (code < 0x10000) {
    out[at++] = 0xe0 | (code >> 12);
    out[at++] = 0x80 | ((code >> 6) & 0x3f);
    out[at++] = 0x80 | (code & 0x3f);
  } else {
    out[at++] = 0xf0 | (code >> 18);
    out[at++] = 0x80 | ((code >> 12) & 0x3f);
    out[at++] = 0x80 | ((code >> 6) & 0x3f);
    out[at++] = 0x80 | (code & 0x3f);
  }
  return at;
}

/** Characters per piece while decoding: long enough that the join is cheap, short enough that `+=` stays cheap. */
const DECODE_PIECE_CHARS = 256;

/**
 * UTF-8 decoding as the WHATWG decoder does it (what TextDecoder gives): each maximal ill-formed subsequence
 * becomes one U+FFFD instead of a throw, since the bytes come off the wire.
 */
export function utf8Decode(bytes: Uint8Array): string {
  // Built in short pieces joined once: on XS, `out +=` copies the whole string each time (64 KB took 0.7 s on xsnap).
  const pieces: string[] = [];
  let out = "";
  let needed = 0;
  let seen = 0;
  let code = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < bytes.length; i++) {
    if (out.length >= DECODE_PIECE_CHARS) {
      pieces.push(out);
      out = "";
    }
    const b = bytes[i];
    if (needed === 0) {
      if (b <= 0x7f) out += String.fromCharCode(b);
      else if (b >= 0xc2 && b <= 0xdf) [needed, code] = [1, b & 0x1f];
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        [needed, code] = [2, b & 0x0f];
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        [needed, code] = [3, b & 0x07];
      } else out += "\ufffd";
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence broke off: one replacement for it, then read this byte afresh.
      out += "\ufffd";
      needed = seen = code = 0;
      lower = 0x80;
      upper = 0xbf;
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    code = (code << 6) | (b & 0x3f);
    if (++seen === needed) {
      out += String.fromCodePoint(code);
      needed = seen = code = 0;
    }
  }
  pieces.push(needed === 0 ? out : out + "\ufffd");
  return pieces.length === 1 ? pieces[0] : pieces.join("");
}

/** Compare without an early exit, so a proof or tag check does not leak how many bytes matched. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Unsigned big-endian bytes → BigInt. Three bytes per step: SRP converts 384-byte numbers inside its slices. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  const head = bytes.length % 3;
  let hexText = "0x0";
  for (let i = 0; i < head; i++) hexText += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  for (let i = head; i < bytes.length; i += 3) hexText += ((bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]).toString(16).padStart(6, "0");
  return BigInt(hexText);
}

/** BigInt → unsigned big-endian bytes, left-padded with zeros to `lengthBytes` (0: minimal length); 3 bytes per step. */
export function bigIntToBytes(value: bigint, lengthBytes = 0): Uint8Array {
  let hexText = value.toString(16);
  if (hexText.length % 2) hexText = "0" + hexText;
  const minimal = hexText.length / 2;
  const size = Math.max(lengthBytes, minimal);
  const out = new Uint8Array(size);
  let at = size - minimal;
  const head = (minimal % 3) * 2;
  for (let i = 0; i < head; i += 2) out[at++] = parseInt(hexText.substr(i, 2), 16);
  for (let i = head; i < hexText.length; i += 6) {
    const word = parseInt(hexText.substr(i, 6), 16);
    out[at++] = word >> 16;
    out[at++] = (word >> 8) & 0xff;
    out[at++] = word & 0xff;
  }
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
