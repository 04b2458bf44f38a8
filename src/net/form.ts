// application/x-www-form-urlencoded bodies (the portal's and the web page's forms) decoded to a name → value record.
// Never throws on what a browser (or an attacker) sends: a stray "%" stays literal, raw non-ASCII becomes U+FFFD.

import { utf8Decode } from "../../lib/bytes";

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Percent-decode to bytes then UTF-8; a stray "%" stays literal rather than failing the whole form. */
function formDecode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && i + 2 < text.length && hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) >= 0) {
      bytes.push(hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2)));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else bytes.push(0xef, 0xbf, 0xbd); // raw non-ASCII is not valid in this encoding: U+FFFD
  }
  return utf8Decode(Uint8Array.from(bytes));
}

/** Decode a urlencoded body; the first `maxFields` pairs are read, the last occurrence of a name wins. */
export function decodeForm(body: Uint8Array, maxFields: number): Record<string, string> {
  let text = "";
  for (let i = 0; i < body.length; i++) text += String.fromCharCode(body[i]);
  const fields: Record<string, string> = Object.create(null);
  const pairs = text.split("&");
  for (let i = 0; i < pairs.length && i < maxFields; i++) {
    if (pairs[i].length === 0) continue;
    const eq = pairs[i].indexOf("=");
    const name = formDecode(eq < 0 ? pairs[i] : pairs[i].slice(0, eq));
    fields[name] = formDecode(eq < 0 ? "" : pairs[i].slice(eq + 1));
  }
  return fields;
}
