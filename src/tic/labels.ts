// The one table of TIC labels (Enedis-NOI-CPT_54E §6.1 historic, §6.2.3 standard): data length, kind, horodate, unit.
// Never parses bytes or interprets values; the group checker and the reading builders look labels up here.
import type { TicMode } from "./types";

/**
 * digits: ASCII 0-9 only · hex: 0-9 A-F · enum: one of `values` · text: printable ASCII (0x20–0x7E).
 * Fixed-length kinds must have exactly `length` characters; text may be shorter (free text).
 */
export type TicDataKind = "digits" | "hex" | "enum" | "text";
export type TicUnit = "" | "Wh" | "varh" | "A" | "V" | "VA" | "W" | "kVA" | "min" | "dal";

export interface TicLabel {
  /** Position in TIC_LABELS: lets the decoder keep per-label state in flat arrays instead of maps. */
  readonly id: number;
  readonly name: string;
  readonly mode: TicMode;
  readonly length: number;
  readonly kind: TicDataKind;
  /** Standard mode only: the group carries a horodate field. */
  readonly horodate: boolean;
  readonly unit: TicUnit;
  readonly values?: readonly string[];
}

const H = "historic";
const S = "standard";

let nextId = 0;
function L(name: string, mode: TicMode, length: number, kind: TicDataKind, unit: TicUnit, horodate = false, values?: readonly string[]): TicLabel {
  const id = nextId++;
  return Object.freeze(values ? { id, name, mode, length, kind, horodate, unit, values: Object.freeze(values) } : { id, name, mode, length, kind, horodate, unit });
}

/** PTEC values (historic current tariff period). */
export const PTEC_VALUES = Object.freeze(["TH..", "HC..", "HP..", "HN..", "PM..", "HCJB", "HCJW", "HCJR", "HPJB", "HPJW", "HPJR"]);
/** DEMAIN values (historic tomorrow's Tempo colour; ---- = not known yet). */
export const DEMAIN_VALUES = Object.freeze(["----", "BLEU", "BLAN", "ROUG"]);
/** OPTARIF values; Tempo is `BBRx` with a programme character, seen in the field as `BBR(`. */
export const OPTARIF_VALUES = Object.freeze(["BASE", "HC..", "EJP.", "BBR("]);

export const TIC_LABELS: readonly TicLabel[] = Object.freeze([
  // ── historic ──────────────────────────────────────────────────────────────
  L("ADCO", H, 12, "digits", ""),
  L("OPTARIF", H, 4, "enum", "", false, OPTARIF_VALUES),
  L("ISOUSC", H, 2, "digits", "A"),
  L("BASE", H, 9, "digits", "Wh"),
  L("HCHC", H, 9, "digits", "Wh"),
  L("HCHP", H, 9, "digits", "Wh"),
  L("EJPHN", H, 9, "digits", "Wh"),
  L("EJPHPM", H, 9, "digits", "Wh"),
  L("BBRHCJB", H, 9, "digits", "Wh"),
  L("BBRHPJB", H, 9, "digits", "Wh"),
  L("BBRHCJW", H, 9, "digits", "Wh"),
  L("BBRHPJW", H, 9, "digits", "Wh"),
  L("BBRHCJR", H, 9, "digits", "Wh"),
  L("BBRHPJR", H, 9, "digits", "Wh"),
  L("GAZ", H, 7, "digits", "dal"),
  L("AUTRE", H, 7, "digits", "dal"),
  L("PEJP", H, 2, "digits", "min"),
  L("PTEC", H, 4, "enum", "", false, PTEC_VALUES),
  L("DEMAIN", H, 4, "enum", "", false, DEMAIN_VALUES),
  L("IINST", H, 3, "digits", "A"),
  L("IINST1", H, 3, "digits", "A"),
  L("IINST2", H, 3, "digits", "A"),
  L("IINST3", H, 3, "digits", "A"),
  L("ADPS", H, 3, "digits", "A"),
  L("ADIR1", H, 3, "digits", "A"),
  L("ADIR2", H, 3, "digits", "A"),
  L("ADIR3", H, 3, "digits", "A"),
  L("IMAX", H, 3, "digits", "A"),
  L("IMAX1", H, 3, "digits", "A"),
  L("IMAX2", H, 3, "digits", "A"),
  L("IMAX3", H, 3, "digits", "A"),
  L("PMAX", H, 5, "digits", "W"),
  L("PAPP", H, 5, "digits", "VA"),
  L("HHPHC", H, 1, "enum", "", false, ["A", "C", "D", "E", "Y"]),
  L("MOTDETAT", H, 6, "text", ""),
  L("PPOT", H, 2, "hex", ""),
  // ── standard ──────────────────────────────────────────────────────────────
  L("ADSC", S, 12, "digits", ""),
  L("VTIC", S, 2, "digits", ""),
  L("DATE", S, 0, "text", "", true),
  L("NGTF", S, 16, "text", ""),
  L("LTARF", S, 16, "text", ""),
  L("EAST", S, 9, "digits", "Wh"),
  L("EASF01", S, 9, "digits", "Wh"),
  L("EASF02", S, 9, "digits", "Wh"),
  L("EASF03", S, 9, "digits", "Wh"),
  L("EASF04", S, 9, "digits", "Wh"),
  L("EASF05", S, 9, "digits", "Wh"),
  L("EASF06", S, 9, "digits", "Wh"),
  L("EASF07", S, 9, "digits", "Wh"),
  L("EASF08", S, 9, "digits", "Wh"),
  L("EASF09", S, 9, "digits", "Wh"),
  L("EASF10", S, 9, "digits", "Wh"),
  L("EASD01", S, 9, "digits", "Wh"),
  L("EASD02", S, 9, "digits", "Wh"),
  L("EASD03", S, 9, "digits", "Wh"),
  L("EASD04", S, 9, "digits", "Wh"),
  L("EAIT", S, 9, "digits", "Wh"),
  L("ERQ1", S, 9, "digits", "varh"),
  L("ERQ2", S, 9, "digits", "varh"),
  L("ERQ3", S, 9, "digits", "varh"),
  L("ERQ4", S, 9, "digits", "varh"),
  L("IRMS1", S, 3, "digits", "A"),
  L("IRMS2", S, 3, "digits", "A"),
  L("IRMS3", S, 3, "digits", "A"),
  L("URMS1", S, 3, "digits", "V"),
  L("URMS2", S, 3, "digits", "V"),
  L("URMS3", S, 3, "digits", "V"),
  L("PREF", S, 2, "digits", "kVA"),
  L("PCOUP", S, 2, "digits", "kVA"),
  L("SINSTS", S, 5, "digits", "VA"),
  L("SINSTS1", S, 5, "digits", "VA"),
  L("SINSTS2", S, 5, "digits", "VA"),
  L("SINSTS3", S, 5, "digits", "VA"),
  L("SMAXSN", S, 5, "digits", "VA", true),
  L("SMAXSN1", S, 5, "digits", "VA", true),
  L("SMAXSN2", S, 5, "digits", "VA", true),
  L("SMAXSN3", S, 5, "digits", "VA", true),
  L("SMAXSN-1", S, 5, "digits", "VA", true),
  L("SMAXSN1-1", S, 5, "digits", "VA", true),
  L("SMAXSN2-1", S, 5, "digits", "VA", true),
  L("SMAXSN3-1", S, 5, "digits", "VA", true),
  L("SINSTI", S, 5, "digits", "VA"),
  L("SMAXIN", S, 5, "digits", "VA", true),
  L("SMAXIN-1", S, 5, "digits", "VA", true),
  L("CCASN", S, 5, "digits", "W", true),
  L("CCASN-1", S, 5, "digits", "W", true),
  L("CCAIN", S, 5, "digits", "W", true),
  L("CCAIN-1", S, 5, "digits", "W", true),
  L("UMOY1", S, 3, "digits", "V", true),
  L("UMOY2", S, 3, "digits", "V", true),
  L("UMOY3", S, 3, "digits", "V", true),
  L("STGE", S, 8, "hex", ""),
  L("DPM1", S, 2, "digits", "", true),
  L("FPM1", S, 2, "digits", "", true),
  L("DPM2", S, 2, "digits", "", true),
  L("FPM2", S, 2, "digits", "", true),
  L("DPM3", S, 2, "digits", "", true),
  L("FPM3", S, 2, "digits", "", true),
  L("MSG1", S, 32, "text", ""),
  L("MSG2", S, 16, "text", ""),
  L("PRM", S, 14, "digits", ""),
  L("RELAIS", S, 3, "digits", ""),
  L("NTARF", S, 2, "digits", ""),
  L("NJOURF", S, 2, "digits", ""),
  L("NJOURF+1", S, 2, "digits", ""),
  L("PJOURF+1", S, 98, "text", ""),
  L("PPOINTE", S, 98, "text", ""),
]);

/** Longest label name in the table (bounds the label scan). */
export const TIC_LABEL_MAX_CHARS = 9;

/**
 * Label names as bytes, by id. On XS every property read or method call on a string primitive costs heap slots
 * (measured: 2 per `charCodeAt`), so the per-group lookup compares bytes with bytes. Frozen: a preloaded
 * table stays in flash only when frozen.
 */
const NAME_CODES: readonly Uint8Array[] = Object.freeze(TIC_LABELS.map((entry) => Uint8Array.from(entry.name, (c) => c.charCodeAt(0))));

/** The 7E1 line's form of a 7-bit byte: bit 7 set when the byte has an odd number of ones (even parity). */
function withParityBit(byte: number): number {
  let ones = 0;
  for (let v = byte; v !== 0; v >>= 1) ones += v & 1;
  return ones & 1 ? byte | 0x80 : byte;
}

/**
 * The table again as flat arrays by label id, for the decoder's fast path (one indexed read instead of a property
 * read per question): every name's bytes one after another, as sent on a 7-bit-clean line and as an 8N1 UART reads
 * a 7E1 line (parity in bit 7), the sum of each name's bytes (its share of the checksum), and the data rules.
 */
export const LABEL_KIND = Object.freeze({ digits: 0, hex: 1, enum: 2, text: 3 });
export const LABEL_NAME_START = new Uint16Array(TIC_LABELS.length);
export const LABEL_NAME_LENGTH = new Uint8Array(TIC_LABELS.length);
export const LABEL_NAME_SUM = new Uint16Array(TIC_LABELS.length);
export const LABEL_DATA_KIND = new Uint8Array(TIC_LABELS.length);
export const LABEL_DATA_LENGTH = new Uint8Array(TIC_LABELS.length);
export const LABEL_HORODATE = new Uint8Array(TIC_LABELS.length);
/** 1 for a standard-mode label, 0 for a historic one. */
export const LABEL_STANDARD = new Uint8Array(TIC_LABELS.length);
let nameBytes = 0;
for (const entry of TIC_LABELS) nameBytes += entry.name.length;
export const LABEL_NAME_BYTES = new Uint8Array(nameBytes);
export const LABEL_NAME_BYTES_PARITY = new Uint8Array(nameBytes);
{
  let at = 0;
  for (const entry of TIC_LABELS) {
    const codes = NAME_CODES[entry.id];
    LABEL_NAME_START[entry.id] = at;
    LABEL_NAME_LENGTH[entry.id] = codes.length;
    for (let i = 0; i < codes.length; i++) {
      LABEL_NAME_BYTES[at + i] = codes[i];
      LABEL_NAME_BYTES_PARITY[at + i] = withParityBit(codes[i]);
      LABEL_NAME_SUM[entry.id] += codes[i];
    }
    at += codes.length;
    LABEL_DATA_KIND[entry.id] = LABEL_KIND[entry.kind];
    LABEL_DATA_LENGTH[entry.id] = entry.length;
    LABEL_HORODATE[entry.id] = entry.horodate ? 1 : 0;
    LABEL_STANDARD[entry.id] = entry.mode === "standard" ? 1 : 0;
  }
}

/** Seed of the label hash per mode; the checker folds the same hash into its label scan (labelHashStep). */
export function labelHashSeed(mode: TicMode): number {
  return mode === "historic" ? 17 : 31;
}

export function labelHashStep(hash: number, byte: number): number {
  return (Math.imul(hash, 33) + byte) | 0;
}

function hashBytes(mode: TicMode, bytes: Uint8Array, start: number, end: number): number {
  let h = labelHashSeed(mode);
  for (let i = start; i < end; i++) h = labelHashStep(h, bytes[i]);
  return h;
}

/** Hash of the label bytes → ids of the labels with that hash (the lookup compares bytes, so collisions are harmless). */
const byHash = new Map<number, number[]>();
for (const entry of TIC_LABELS) {
  const codes = NAME_CODES[entry.id];
  const key = hashBytes(entry.mode, codes, 0, codes.length);
  const bucket = byHash.get(key);
  if (bucket) bucket.push(entry.id);
  else byHash.set(key, [entry.id]);
}

/**
 * The table entry for the label held in `bytes[start, end)`, or undefined for a label this mode does not have.
 * Works on the bytes so that a bad group never costs a string (the decoder's hot path allocates nothing per byte).
 */
export function findLabelBytes(mode: TicMode, bytes: Uint8Array, start: number, end: number): TicLabel | undefined {
  return findLabelHashed(mode, hashBytes(mode, bytes, start, end), bytes, start, end);
}

/** findLabelBytes when the caller has already hashed the label bytes (with labelHashSeed/labelHashStep). */
export function findLabelHashed(mode: TicMode, hash: number, bytes: Uint8Array, start: number, end: number): TicLabel | undefined {
  const length = end - start;
  if (length <= 0 || length > TIC_LABEL_MAX_CHARS) return undefined;
  const bucket = byHash.get(hash);
  if (!bucket) return undefined;
  // Indexed loops, not for…of: on XS an iterator costs heap slots, and this runs for every group.
  for (let b = 0; b < bucket.length; b++) {
    const entry = TIC_LABELS[bucket[b]];
    const codes = NAME_CODES[entry.id];
    if (entry.mode !== mode || codes.length !== length) continue;
    let same = true;
    for (let i = 0; i < length && same; i++) same = codes[i] === bytes[start + i];
    if (same) return entry;
  }
  return undefined;
}

const historicByName = new Map<string, TicLabel>();
const standardByName = new Map<string, TicLabel>();
for (const entry of TIC_LABELS) (entry.mode === "historic" ? historicByName : standardByName).set(entry.name, entry);

/** The table entry for `name` in `mode` (for code and tests that already hold a string). */
export function findLabel(mode: TicMode, name: string): TicLabel | undefined {
  return (mode === "historic" ? historicByName : standardByName).get(name);
}
