// TIC group checker: validates one group in place, from its end (checkGroup: the exact verdict of any buffered group)
// or as the label it is expected to be (matchGroup: the fast path for good groups). Never allocates, never builds a
// string: it only reports a verdict and field offsets into a reused slot object.
import {
  findLabelHashed,
  LABEL_DATA_KIND,
  LABEL_DATA_LENGTH,
  LABEL_HORODATE,
  LABEL_KIND,
  LABEL_NAME_BYTES,
  LABEL_NAME_BYTES_PARITY,
  LABEL_NAME_LENGTH,
  LABEL_NAME_START,
  LABEL_NAME_SUM,
  LABEL_STANDARD,
  labelHashSeed,
  TIC_LABELS,
  type TicLabel,
} from "./labels";
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
  /** Enum labels: position of the data in the label's `values`; -1 otherwise. */
  enumIndex: number;
}

export function newGroupSlots(): GroupSlots {
  return { mode: "historic", label: undefined, horodateStart: -1, horodateEnd: -1, dataStart: 0, dataEnd: 0, enumIndex: -1 };
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

/** Position of the enum value held in `bytes[start, start + length)` (bit 7 masked off), or -1. */
function enumIndexOf(id: number, bytes: Uint8Array, start: number): number {
  const values = ENUM_CODES[id];
  if (!values) return -1;
  for (let v = 0; v < values.length; v++) {
    const codes = values[v];
    let same = true;
    for (let i = 0; i < codes.length && same; i++) same = codes[i] === (bytes[start + i] & 0x7f);
    if (same) return v;
  }
  return -1;
}

function checkData(entry: TicLabel, bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  switch (entry.kind) {
    case "digits":
      return length === entry.length && allIn(DIGIT, bytes, start, end);
    case "hex":
      return length === entry.length && allIn(HEX, bytes, start, end);
    case "enum":
      return length === entry.length && enumIndexOf(entry.id, bytes, start) >= 0;
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
  slots.enumIndex = entry.kind === "enum" ? enumIndexOf(entry.id, bytes, dataStart) : -1;
  return GROUP_VERDICT.OK;
}

// ── the fast path ─────────────────────────────────────────────────────────────────────────────────────────────────
// A Linky sends the same labels in the same order frame after frame, and nearly every group is good. matchGroup
// checks a group in place as the label the decoder expects there, reading each byte once, and answers only "this
// is a good group of that label, ending here" or "not proven": the decoder then runs the byte-by-byte path and
// checkGroup, whose verdict stands. So it may refuse a good group, never accept one checkGroup would refuse.

/** matchGroup's answers besides the index of the group's CR. */
export const MATCH_NO = -1;
/** The group may be good but runs past the bytes given: try again once the rest has arrived. */
export const MATCH_MORE = -2;

const CR = 0x0d;
const CR_PARITY = 0x8d;
const SP_PARITY = 0xa0;
/** 1 for a byte with an odd number of set bits: as an 8N1 read of a 7E1 line, that byte has a parity error. */
export const ODD = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let ones = 0;
  for (let v = b; v !== 0; v >>= 1) ones += v & 1;
  ODD[b] = ones & 1;
}
/** Horodate season byte: H/E, lower case when the meter clock is degraded, or SP (bit 7 masked off). */
const SEASON = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const c = b & 0x7f;
  SEASON[b] = c === 0x48 || c === 0x45 || c === 0x68 || c === 0x65 || c === SP ? 1 : 0;
}

/**
 * One lookup per data byte answers three questions at once: for a byte b, ACC_x[b] packs its 7-bit value (bits 0–13
 * summed: the checksum), whether it has odd parity (bits 14–21 summed: parity errors) and whether it belongs to class
 * x (bits 22–29 summed: how many do). A field of at most 128 bytes cannot overflow any of the three (128 × 127 <
 * 2^14, 128 < 2^8), and the total stays under 2^30, an XS integer.
 */
export const SUM_MASK = 0x3fff;
export const ODD_SHIFT = 14;
export const COUNT_SHIFT = 22;
function accTable(flag: number): Int32Array {
  const table = new Int32Array(256);
  for (let b = 0; b < 256; b++) table[b] = (b & 0x7f) + (ODD[b] << ODD_SHIFT) + ((CHAR_CLASS[b & 0x7f] & flag) !== 0 ? 1 << COUNT_SHIFT : 0);
  return table;
}
export const ACC_DIGIT = accTable(DIGIT);
const ACC_HEX = accTable(HEX);
const ACC_TEXT = accTable(TEXT);
/** By LABEL_KIND code (digits, hex, enum, text); enum values are checked against the table, their bytes as text. */
export const ACC_BY_KIND: readonly Int32Array[] = Object.freeze([ACC_DIGIT, ACC_HEX, ACC_TEXT, ACC_TEXT]);
const HORODATE_DIGITS = 12;

/** Sum of `table[bytes[i]]` over `[start, end)`, four bytes per turn (on XS the loop costs as much as the body). */
function accumulate(table: Int32Array, bytes: Uint8Array, start: number, end: number): number {
  let acc = 0;
  let i = start;
  for (const last = end - 3; i < last; i += 4) acc += table[bytes[i]] + table[bytes[i + 1]] + table[bytes[i + 2]] + table[bytes[i + 3]];
  for (; i < end; i++) acc += table[bytes[i]];
  return acc;
}

/**
 * Is `bytes[start, …)` (just after a group's LF) a good group of label `id`? Returns the index of its CR, MATCH_MORE
 * when the group would end past `limit`, or MATCH_NO. `parity`: the line carries parity in bit 7 (the decoder's
 * witness), so every byte must have even parity and the CR is 0x8D; otherwise bit 7 is ignored and the CR is 0x0D.
 * On success `slots` holds the label and the field offsets, as checkGroup leaves them.
 */
export function matchGroup(bytes: Uint8Array, start: number, limit: number, id: number, parity: boolean, slots: GroupSlots): number {
  const standard = LABEL_STANDARD[id] !== 0;
  const separator = standard ? HT : parity ? SP_PARITY : SP;
  const cr = parity ? CR_PARITY : CR;
  const names = parity ? LABEL_NAME_BYTES_PARITY : LABEL_NAME_BYTES;
  let at = start + LABEL_NAME_LENGTH[id];
  if (at >= limit) return MATCH_MORE;
  if (bytes[at] !== separator) return MATCH_NO;
  // The name as sent (with its parity bits on a parity line): a match also proves those bytes have even parity.
  for (let i = start, n = LABEL_NAME_START[id]; i < at; i++, n++) if (bytes[i] !== names[n]) return MATCH_NO;
  let sum = LABEL_NAME_SUM[id] + (standard ? HT : SP);
  let odd = 0;
  at++;
  let horodateStart = -1;
  if (LABEL_HORODATE[id] !== 0) {
    const inner = at + 1 + HORODATE_DIGITS;
    if (inner >= limit) return MATCH_MORE;
    if (bytes[inner] !== HT || SEASON[bytes[at]] === 0) return MATCH_NO;
    const acc = accumulate(ACC_DIGIT, bytes, at + 1, inner);
    if (acc >>> COUNT_SHIFT !== HORODATE_DIGITS) return MATCH_NO;
    sum += (bytes[at] & 0x7f) + (acc & SUM_MASK) + HT;
    odd += ODD[bytes[at]] + ((acc >>> ODD_SHIFT) & 0xff);
    horodateStart = at;
    at = inner + 1;
  }
  const kind = LABEL_DATA_KIND[id];
  let dataEnd = at + LABEL_DATA_LENGTH[id];
  if (kind === LABEL_KIND.text) {
    if (dataEnd + 2 >= limit || bytes[dataEnd + 2] !== cr) {
      // Free text shorter than its most, or not all here yet: the group ends at the first CR from `at + 2` on (any
      // other control byte before it fails the TEXT class below).
      const stop = Math.min(dataEnd + 2, limit);
      let found = -1;
      for (let i = at + 2; i < stop; i++) {
        if (bytes[i] === cr) {
          found = i;
          break;
        }
      }
      if (found < 0) return dataEnd + 2 >= limit ? MATCH_MORE : MATCH_NO;
      dataEnd = found - 2;
    }
  } else if (dataEnd + 2 >= limit) return MATCH_MORE;
  if (bytes[dataEnd] !== separator || bytes[dataEnd + 2] !== cr) return MATCH_NO;
  const acc = accumulate(ACC_BY_KIND[kind], bytes, at, dataEnd);
  let enumIndex = -1;
  if (kind === LABEL_KIND.enum) {
    enumIndex = enumIndexOf(id, bytes, at);
    if (enumIndex < 0) return MATCH_NO;
  } else if (acc >>> COUNT_SHIFT !== dataEnd - at) return MATCH_NO;
  sum += acc & SUM_MASK;
  odd += (acc >>> ODD_SHIFT) & 0xff;
  if (standard) sum += HT;
  const checksum = bytes[dataEnd + 1];
  if ((checksum & 0x7f) !== (sum & 0x3f) + 0x20) return MATCH_NO;
  if (parity && odd + ODD[checksum] !== 0) return MATCH_NO;
  slots.mode = standard ? "standard" : "historic";
  slots.label = TIC_LABELS[id];
  slots.horodateStart = horodateStart;
  slots.horodateEnd = horodateStart < 0 ? -1 : horodateStart + 1 + HORODATE_DIGITS;
  slots.dataStart = at;
  slots.dataEnd = dataEnd;
  slots.enumIndex = enumIndex;
  return dataEnd + 2;
}
