// UTF-8 encode/decode for wire code that must not depend on TextEncoder/TextDecoder being present.
// Never throws: invalid input decodes to U+FFFD and is reported through `valid`.

/** Encode a JS string (UTF-16) as UTF-8; lone surrogates become U+FFFD. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else cp = 0xfffd;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

export interface Utf8Decoded {
  text: string;
  /** False when any byte sequence was malformed, overlong, a surrogate or beyond U+10FFFF. */
  valid: boolean;
}

/** Decode UTF-8 strictly (RFC 3629); each bad sequence becomes U+FFFD. */
export function utf8Decode(bytes: Uint8Array): Utf8Decoded {
  let text = "";
  let valid = true;
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i];
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b0 < 0x80) {
      text += String.fromCharCode(b0);
      i++;
      continue;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) [need, cp, min] = [1, b0 & 0x1f, 0x80];
    else if (b0 >= 0xe0 && b0 <= 0xef) [need, cp, min] = [2, b0 & 0x0f, 0x800];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [need, cp, min] = [3, b0 & 0x07, 0x10000];
    else {
      text += "\ufffd";
      valid = false;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need && i + j < bytes.length && (bytes[i + j] & 0xc0) === 0x80; j++) cp = (cp << 6) | (bytes[i + j] & 0x3f);
    if (j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      text += "\ufffd";
      valid = false;
      i += j;
      continue;
    }
    text += String.fromCodePoint(cp);
    i += need + 1;
  }
  return { text, valid };
}
