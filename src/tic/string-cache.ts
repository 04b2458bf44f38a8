// Keeps the last data and horodate bytes of each label, and their string, built only when asked for and reused
// while the bytes repeat. Never reads a string's characters (on XS each read costs heap slots): it compares bytes.
import { TIC_LABELS, type TicLabel } from "./labels";

const HORODATE_CHARS = 13;

/** Offsets of each label's kept bytes: its data (up to `length`), then its horodate. */
const OFFSETS = new Uint16Array(TIC_LABELS.length);
let end = 0;
for (const entry of TIC_LABELS) {
  OFFSETS[entry.id] = end;
  end += entry.length + (entry.horodate ? HORODATE_CHARS : 0);
}
const TOTAL_BYTES = end;
/**
 * Texts a meter goes back and forth between (LTARF as periods and colours change, NGTF, the meter id) come back as the
 * same string: the last RECENT_TEXTS built, of at most RECENT_TEXT_CHARS (the 16 of NGTF and LTARF), are kept.
 */
const RECENT_TEXTS = 8;
const RECENT_TEXT_CHARS = 16;

/**
 * Most groups of a steady meter repeat from frame to frame (ids, contract, texts, idle indexes), and most strings are
 * never asked for at all (a reading keeps a few texts; group events are for tools and tests). So `put` only keeps the
 * bytes, and a string is built the first time it is asked for after its bytes changed. Memory is fixed by the label
 * table. Bytes may come straight from the line: bit 7 (parity) is masked off as they are kept.
 */
export class GroupStringCache {
  private readonly bytes = new Uint8Array(TOTAL_BYTES);
  /** Kept length per slot (2 per label: data, horodate); -1 = nothing kept yet. */
  private readonly lengths = new Int16Array(2 * TIC_LABELS.length).fill(-1);
  /** The string of each slot's kept bytes, or undefined until asked for since they changed. */
  private readonly strings: (string | undefined)[] = [];
  /** The last texts built (of at most RECENT_TEXT_CHARS), by slot and bytes, to give the same string again. */
  private readonly recentSlot = new Int16Array(RECENT_TEXTS).fill(-1);
  private readonly recentLength = new Uint8Array(RECENT_TEXTS);
  private readonly recentBytes = new Uint8Array(RECENT_TEXTS * RECENT_TEXT_CHARS);
  private readonly recentStrings: string[] = [];
  private recentNext = 0;

  constructor() {
    for (let i = 0; i < 2 * TIC_LABELS.length; i++) this.strings.push(undefined);
    for (let e = 0; e < RECENT_TEXTS; e++) this.recentStrings.push("");
  }

  /** Keep the data of `entry` held in `group[start, end)` (its length was checked against the table). */
  putData(entry: TicLabel, group: Uint8Array, start: number, end: number): void {
    this.put(2 * entry.id, OFFSETS[entry.id], group, start, end);
  }

  /** Keep the horodate (13 characters) of `entry` held in `group[start, end)`. */
  putHorodate(entry: TicLabel, group: Uint8Array, start: number, end: number): void {
    this.put(2 * entry.id + 1, OFFSETS[entry.id] + entry.length, group, start, end);
  }

  /** The last data kept for `entry` as a string ("" before any). */
  dataText(entry: TicLabel): string {
    return this.text(2 * entry.id, OFFSETS[entry.id]);
  }

  /** The last horodate kept for `entry` as a string ("" before any). */
  horodateText(entry: TicLabel): string {
    return this.text(2 * entry.id + 1, OFFSETS[entry.id] + entry.length);
  }

  private put(slot: number, offset: number, group: Uint8Array, start: number, end: number): void {
    const kept = this.bytes;
    const length = end - start;
    let i = 0;
    if (this.lengths[slot] === length) {
      while (i < length && kept[offset + i] === (group[start + i] & 0x7f)) i++;
      if (i === length) return;
    } else this.lengths[slot] = length;
    for (; i < length; i++) kept[offset + i] = group[start + i] & 0x7f;
    this.strings[slot] = undefined;
  }

  private text(slot: number, offset: number): string {
    const known = this.strings[slot];
    if (known !== undefined) return known;
    const length = this.lengths[slot];
    const kept = this.bytes;
    let text = "";
    if (length === HORODATE_CHARS) {
      // The one text that changes every frame (the meter's clock): built from its bytes without a view or array.
      const k = offset;
      text = String.fromCharCode(kept[k], kept[k + 1], kept[k + 2], kept[k + 3], kept[k + 4], kept[k + 5], kept[k + 6], kept[k + 7], kept[k + 8], kept[k + 9], kept[k + 10], kept[k + 11], kept[k + 12]);
    } else if (length > 0) {
      text = this.recentText(slot, offset, length);
    }
    this.strings[slot] = text;
    return text;
  }

  /**
   * The string of `length` kept bytes at `offset`: one built before for the same slot and bytes when it is still among
   * the RECENT_TEXTS last built (a tariff text going back and forth between a few values), else a new one.
   */
  private recentText(slot: number, offset: number, length: number): string {
    const kept = this.bytes;
    const short = length <= RECENT_TEXT_CHARS;
    if (short) {
      for (let e = 0; e < RECENT_TEXTS; e++) {
        if (this.recentSlot[e] !== slot || this.recentLength[e] !== length) continue;
        const at = e * RECENT_TEXT_CHARS;
        let i = 0;
        while (i < length && this.recentBytes[at + i] === kept[offset + i]) i++;
        if (i === length) return this.recentStrings[e];
      }
    }
    const text = String.fromCharCode.apply(null, kept.subarray(offset, offset + length) as unknown as number[]);
    if (short) {
      const e = this.recentNext;
      this.recentNext = (e + 1) % RECENT_TEXTS;
      this.recentSlot[e] = slot;
      this.recentLength[e] = length;
      this.recentStrings[e] = text;
      for (let i = 0; i < length; i++) this.recentBytes[e * RECENT_TEXT_CHARS + i] = kept[offset + i];
    }
    return text;
  }
}
