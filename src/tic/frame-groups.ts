// The good groups of the frame in progress, in flat arrays indexed by label id (one slot per known label).
// Never grows and never allocates per group: only the labels a reading reads keep a value, parsed in place.
import type { GroupSlots } from "./group-check";
import { findLabel, TIC_LABELS, type TicLabel } from "./labels";
import type { GroupStringCache } from "./string-cache";

/** How a kept label's data is held: a number (digits, hex), a position in the label's values (enum), or text. */
const KEEP_NUMBER = 1;
const KEEP_ENUM = 2;
const KEEP_TEXT = 3;
const KEEP_HOW = 3;
/** The label's horodate is kept too (as text). */
const KEEP_HORODATE = 4;

/**
 * Digits longer than this are identifiers (ADCO, ADSC, PRM: 12–14 digits), kept as text; shorter ones are numbers
 * (indexes have 9 digits, an exact integer in a double).
 */
const MAX_NUMBER_DIGITS = 9;

/** Value of a digit byte '0'–'9' or 'A'–'F' (bit 7 ignored); 0 for any other byte (never asked: checked first). */
const DIGIT_VALUE = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const c = b & 0x7f;
  DIGIT_VALUE[b] = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : 0;
}

/** Value of the digits (base 10 or 16) in `bytes[start, end)`. Eight hex digits stay below 2^32: unsigned. */
function fieldValue(bytes: Uint8Array, start: number, end: number, base: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * base + DIGIT_VALUE[bytes[i]];
  return value;
}

export class FrameGroups {
  /** How each label's data is kept (KEEP_*, 0: only its presence). */
  private readonly keep = new Uint8Array(TIC_LABELS.length);
  /**
   * A label is in the frame when its entry equals the frame's generation: clearing a frame is one increment (a
   * generation is never 0, so a label never seen is never present). LastGroups.run marks labels here itself (see
   * `generation` and `added`): a call per group costs as much as the marking on XS.
   */
  readonly seen = new Uint32Array(TIC_LABELS.length);
  private currentGeneration = 1;
  private count = 0;
  /** Kept values by label id: a number, or an enum value's position. Valid while the label is present. */
  readonly values = new Float64Array(TIC_LABELS.length);

  /**
   * `kept`: names (of either mode) of the labels whose data the reading and the overload check read. Texts and
   * horodates live in `texts`, which the decoder shares for its group events.
   */
  constructor(
    private readonly texts: GroupStringCache,
    kept: readonly string[],
  ) {
    for (const name of kept) {
      const entry = findLabel("historic", name) ?? findLabel("standard", name);
      if (!entry) throw new Error(`FrameGroups: no TIC label ${name}`);
      const number = (entry.kind === "digits" && entry.length <= MAX_NUMBER_DIGITS) || entry.kind === "hex";
      this.keep[entry.id] = (number ? KEEP_NUMBER : entry.kind === "enum" ? KEEP_ENUM : KEEP_TEXT) | (entry.horodate ? KEEP_HORODATE : 0);
    }
  }

  /** Good groups held (at most one per label). */
  get size(): number {
    return this.count;
  }

  /** The value `seen` holds for a label present in this frame (constant until the frame is cleared). */
  get generation(): number {
    return this.currentGeneration;
  }

  /** `count` labels were marked present in `seen` by a caller (each absent before): the frame holds that many more. */
  added(count: number): void {
    this.count += count;
  }

  /** True when the frame has a good group of the label with this id. */
  has(id: number): boolean {
    return this.seen[id] === this.currentGeneration;
  }

  clear(): void {
    this.count = 0;
    if (++this.currentGeneration === 0x1_0000_0000) {
      // After 2^32 frames: the generations start again from a clean slate.
      this.seen.fill(0);
      this.currentGeneration = 1;
    }
  }

  /** Kept value of a number or enum label (an enum: its value's position), or undefined when absent. */
  num(id: number): number | undefined {
    return this.seen[id] === this.currentGeneration ? this.values[id] : undefined;
  }

  /**
   * The values of the labels `ids` into `values`, -1 for an absent one (kept values are never negative); true when
   * any differs from what `values` held (a reading's indexes: the same object while unchanged).
   */
  takeValues(ids: Uint8Array, values: Float64Array): boolean {
    const seen = this.seen;
    const generation = this.currentGeneration;
    let changed = false;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      const value = seen[id] === generation ? this.values[id] : -1;
      if (value !== values[k]) {
        values[k] = value;
        changed = true;
      }
    }
    return changed;
  }

  /** Data of a text label, or undefined when absent (built when asked for; see GroupStringCache). */
  text(id: number): string | undefined {
    return this.seen[id] === this.currentGeneration ? this.texts.dataText(TIC_LABELS[id]) : undefined;
  }

  /** Horodate of a label whose horodate is kept, or undefined when absent. */
  horodate(id: number): string | undefined {
    return this.seen[id] === this.currentGeneration ? this.texts.horodateText(TIC_LABELS[id]) : undefined;
  }

  /** Mark `id` present in the frame (its data unchanged since its last group, or not kept). */
  mark(id: number): void {
    if (this.seen[id] !== this.currentGeneration) {
      this.seen[id] = this.currentGeneration;
      this.count++;
    }
  }

  /**
   * A good group whose fields `slots` locates in `bytes` (matchGroup in the window, checkGroup in the group buffer):
   * present in the frame (a label seen again keeps its last value), its data kept when the reading reads it.
   */
  record(entry: TicLabel, bytes: Uint8Array, slots: GroupSlots): void {
    const id = entry.id;
    this.mark(id);
    const keep = this.keep[id];
    if (keep === 0) return;
    const how = keep & KEEP_HOW;
    if (how === KEEP_NUMBER) this.values[id] = fieldValue(bytes, slots.dataStart, slots.dataEnd, entry.kind === "hex" ? 16 : 10);
    else if (how === KEEP_ENUM) this.values[id] = slots.enumIndex;
    else this.texts.putData(entry, bytes, slots.dataStart, slots.dataEnd);
    if ((keep & KEEP_HORODATE) !== 0) this.texts.putHorodate(entry, bytes, slots.horodateStart, slots.horodateEnd);
  }
}
