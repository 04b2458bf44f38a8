// Reuses the data and horodate strings of each label while its bytes repeat from frame to frame.
// Never reads a string's characters (on XS each read costs heap slots): it compares bytes with the bytes it kept.
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
 * Most groups of a steady meter repeat from frame to frame (ids, contract, texts, idle indexes). Reusing their
 * strings keeps the decoder from allocating anything but the readings. Memory is fixed by the label table.
 */
export class GroupStringCache {
  private readonly bytes = new Uint8Array(TOTAL_BYTES);
  /** Kept length per slot (2 per label: data, horodate); -1 = nothing kept yet. */
  private readonly lengths = new Int16Array(2 * TIC_LABELS.length).fill(-1);
  private readonly strings: string[] = [];

  constructor() {
    for (let i = 0; i < 2 * TIC_LABELS.length; i++) this.strings.push("");
  }

  /** The data string of `entry` held in `group[start, end)` (its length was checked against the table). */
  data(entry: TicLabel, group: Uint8Array, start: number, end: number): string {
    return this.text(2 * entry.id, OFFSETS[entry.id], group, start, end);
  }

  /** The horodate string (13 characters) of `entry` held in `group[start, end)`. */
  horodate(entry: TicLabel, group: Uint8Array, start: number, end: number): string {
    return this.text(2 * entry.id + 1, OFFSETS[entry.id] + entry.length, group, start, end);
  }

  private text(slot: number, offset: number, group: Uint8Array, start: number, end: number): string {
    const kept = this.bytes;
    const length = end - start;
    if (this.lengths[slot] === length) {
      let same = true;
      for (let i = 0; i < length && same; i++) same = kept[offset + i] === group[start + i];
      if (same) return this.strings[slot];
    }
    kept.set(group.subarray(start, end), offset);
    this.lengths[slot] = length;
    const text = length === 0 ? "" : String.fromCharCode.apply(null, group.subarray(start, end) as unknown as number[]);
    this.strings[slot] = text;
    return text;
  }
}
