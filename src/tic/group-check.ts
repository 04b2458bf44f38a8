// TIC group checker: validates one buffered group (between LF and CR, bit 7 already masked) in place, from its end.
// Never allocates and never builds a string: it only reports a verdict and field offsets into a reused slot object.
import { findLabelHashed, labelHashSeed, TIC_LABELS, type TicLabel } from "./labels";
import type { TicMode } from "./types";

const SP = 0x20;
const HT = 0x09;

/** Why a group was refused; OK = 0. One entry per reason so counts can be broken down. */
export const GROUP_VERDICT = Object.freeze({
  OK: 0,
  TOO_SHORT: 1,
  SEPARATOR: 2,
  CHECKSUM: 3,
  FIELDS: 4,
  UNKNOWN_LABEL: 5,
  HORODATE: 6,
  DATA: 7,
  TOO_LONG: 8,
  PARITY: 9,
  CUT: 10,
});
export type GroupVerdict = (typeof GROUP_VERDICT)[keyof typeof GROUP_VERDICT];

/** Field offsets of the last checked group; the decoder reuses one instance for every group. */
export interface GroupSlots {
  mode: TicMode;
  label: TicLabel | undefined;
  /** -1 when the group has no horodate. */
  horodateStart: number;
  horodateEnd: number;
  dataStart: number;
  dataEnd: number;
}

export function newGroupSlots(): GroupSlots {
  return { mode: "historic", label: undefined, horodateStart: -1, horodateEnd: -1, dataStart: 0, dataEnd: 0 };
}

/** The mode a group's separator before the checksum says it is in (HT standard, SP historic), if any. */
export function separatorMode(bytes: Uint8Array, length: number): TicMode | undefined {
  if (length < 3) return undefined;
  const sep = bytes[length - 2];
  return sep === HT ? "standard" : sep === SP ? "historic" : undefined;
}

/** Enum values as bytes, by label id (string reads cost heap slots on XS; see labels.ts). */
// Frozen, arrays included, so the preloaded table stays in flash (the bytes themselves cannot be frozen).
const ENUM_CODES: readonly (readonly Uint8Array[] | undefined)[] = Object.freeze(
  TIC_LABELS.map((entry) => (entry.values ? Object.freeze(entry.values.map((value) => Uint8Array.from(value, (c) => c.charCodeAt(0)))) : undefined)),
);

function checksumOf(bytes: Uint8Array, end: number): number {
  let sum = 0;
  for (let i = 0; i < end; i++) sum += bytes[i];
  return (sum & 0x3f) + 0x20;
}

/**
 * Character classes, one lookup per byte (on XS a function call per byte costs more than the test itself).
 * LABEL: upper-case letters, digits, `+` and `-` (NJOURF+1, SMAXSN-1). TEXT: TIC text is upper-case printable
 * ASCII; refusing lower case and 0x60–0x7F also catches every flip of bit 6, which the 6-bit checksum cannot see
 * (it changes the sum by 64).
 */
const LABEL = 1;
const DIGIT = 2;
const HEX = 4;
const TEXT = 8;
const CHAR_CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const upper = c >= 0x41 && c <= 0x5a;
  const digit = c >= 0x30 && c <= 0x39;
  CHAR_CLASS[c] =
    (upper || digit || c === 0x2b || c === 0x2d ? LABEL : 0) |
    (digit ? DIGIT : 0) |
    (digit || (c >= 0x41 && c <= 0x46) ? HEX : 0) |
    (c >= 0x20 && c <= 0x5f ? TEXT : 0);
}

/** True when every byte of `bytes[start, end)` is in class `flag`. */
function allIn(flag: number, bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((CHAR_CLASS[bytes[i]] & flag) === 0) return false;
  return true;
}

function checkData(entry: TicLabel, bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  switch (entry.kind) {
    case "digits":
      return length === entry.length && allIn(DIGIT, bytes, start, end);
    case "hex":
      return length === entry.length && allIn(HEX, bytes, start, end);
    case "enum": {
      const values = ENUM_CODES[entry.id];
      if (length !== entry.length || !values) return false;
      for (let v = 0; v < values.length; v++) {
        let same = true;
        for (let i = 0; i < length && same; i++) same = values[v][i] === bytes[start + i];
        if (same) return true;
      }
      return false;
    }
    case "text":
      return length <= entry.length && allIn(TEXT, bytes, start, end);
  }
}

/** Horodate `SAAMMJJhhmmss`: S is H/E (lower case when the meter clock is degraded) or SP when not applicable. */
function checkHorodate(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 13) return false;
  const season = bytes[start];
  if (season !== 0x48 && season !== 0x45 && season !== 0x68 && season !== 0x65 && season !== SP) return false;
  return allIn(DIGIT, bytes, start + 1, end);
}

/**
 * Check `bytes[0, length)` as a group of `mode`: separator, checksum, fields split from the end (the checksum may
 * itself be a space and standard data may contain spaces), label known in that mode, horodate and data plausible.
 */
export function checkGroup(mode: TicMode, bytes: Uint8Array, length: number, slots: GroupSlots, byteSum = -1): GroupVerdict {
  slots.mode = mode;
  slots.label = undefined;
  slots.horodateStart = -1;
  slots.horodateEnd = -1;
  if (length < 3) return GROUP_VERDICT.TOO_SHORT;
  const sepIndex = length - 2;
  const separator = mode === "standard" ? HT : SP;
  if (bytes[sepIndex] !== separator) return GROUP_VERDICT.SEPARATOR;
  // Historic sums label SP data; standard also sums the HT before the checksum.
  // `byteSum` (all bytes, summed by the decoder as they arrived) saves a pass over the group.
  const summed = mode === "standard" ? length - 1 : sepIndex;
  let sum = 0;
  if (byteSum < 0) sum = checksumOf(bytes, summed);
  else {
    for (let i = summed; i < length; i++) byteSum -= bytes[i];
    sum = (byteSum & 0x3f) + 0x20;
  }
  const expected = sum;
  if (bytes[length - 1] !== expected) return GROUP_VERDICT.CHECKSUM;

  let labelEnd = 0;
  let hash = labelHashSeed(mode);
  while (labelEnd < sepIndex && bytes[labelEnd] !== separator) {
    const b = bytes[labelEnd];
    if ((CHAR_CLASS[b] & LABEL) === 0) return GROUP_VERDICT.FIELDS;
    hash = (Math.imul(hash, 33) + b) | 0; // labelHashStep, inlined: this runs for every label byte
    labelEnd++;
  }
  if (labelEnd === 0 || labelEnd >= sepIndex) return GROUP_VERDICT.FIELDS;
  const entry = findLabelHashed(mode, hash, bytes, 0, labelEnd);
  if (!entry) return GROUP_VERDICT.UNKNOWN_LABEL;
  slots.label = entry;

  let dataStart = labelEnd + 1;
  if (mode === "standard") {
    let inner = -1;
    for (let i = dataStart; i < sepIndex; i++) {
      if (bytes[i] !== HT) continue;
      if (inner !== -1) return GROUP_VERDICT.FIELDS;
      inner = i;
    }
    if ((inner !== -1) !== entry.horodate) return GROUP_VERDICT.HORODATE;
    if (inner !== -1) {
      if (!checkHorodate(bytes, dataStart, inner)) return GROUP_VERDICT.HORODATE;
      slots.horodateStart = dataStart;
      slots.horodateEnd = inner;
      dataStart = inner + 1;
    }
  }
  if (!checkData(entry, bytes, dataStart, sepIndex)) return GROUP_VERDICT.DATA;
  slots.dataStart = dataStart;
  slots.dataEnd = sepIndex;
  return GROUP_VERDICT.OK;
}
