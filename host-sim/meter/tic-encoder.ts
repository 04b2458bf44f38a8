// TIC encoder: turns label/data groups into the exact bytes a Linky sends (STX, LF…CR groups, ETX).
// Never decides what a meter says (that is SimulatedMeter's job) and never checks plausibility: it encodes what it is given.

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;

export interface StandardGroup {
  label: string;
  data: string;
  /** `SAAMMJJhhmmss`; the group then has a horodate field. */
  horodate?: string;
}

/** The TIC checksum of a run of characters: (sum & 0x3F) + 0x20. */
export function ticChecksum(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i) & 0x7f;
  return String.fromCharCode((sum & 0x3f) + 0x20);
}

/** One historic group: LF label SP data SP checksum CR; the SP before the checksum is not summed. */
export function historicGroupText(label: string, data: string): string {
  const body = `${label} ${data}`;
  return `\n${body} ${ticChecksum(body)}\r`;
}

/** One standard group: LF label HT [horodate HT] data HT checksum CR; the HT before the checksum is summed. */
export function standardGroupText(group: StandardGroup): string {
  const body = group.horodate === undefined ? `${group.label}\t${group.data}\t` : `${group.label}\t${group.horodate}\t${group.data}\t`;
  return `\n${body}${ticChecksum(body)}\r`;
}

function toBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0x7f;
  return bytes;
}

/** A full historic frame, STX … ETX. */
export function encodeHistoricFrame(groups: Array<[label: string, data: string]>): Uint8Array {
  let text = String.fromCharCode(STX);
  for (const [label, data] of groups) text += historicGroupText(label, data);
  return toBytes(text + String.fromCharCode(ETX));
}

/** A full standard frame, STX … ETX. */
export function encodeStandardFrame(groups: StandardGroup[]): Uint8Array {
  let text = String.fromCharCode(STX);
  for (const group of groups) text += standardGroupText(group);
  return toBytes(text + String.fromCharCode(ETX));
}

/**
 * The same bytes as an 8N1 UART reads a 7E1 line: bit 7 carries the even-parity bit.
 * (The ESP32 under Moddable opens the TIC UART 8N1, so this is what the device really sees.)
 */
export function withEvenParity(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] & 0x7f;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    out[i] = ones & 1 ? b | 0x80 : b;
  }
  return out;
}

export const TIC_SEPARATOR = Object.freeze({ historic: SP, standard: HT, LF, CR });
