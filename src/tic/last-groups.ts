// The last good group of each label as received, and the fast path's match against it: is the group at hand that one
// again, but for a few bytes of its fields? Never allocates, never builds a string; reads the decoder's input window.
import { CHAR_CLASS, CLASS_BY_KIND, DIGIT_CLASS, type GroupSlots, MATCH_MORE, MATCH_NO, ODD, TEXT_CLASS } from "./group-check";
import type { FrameGroups } from "./frame-groups";
import { LABEL_DATA_KIND, LABEL_KIND, LABEL_NAME_LENGTH, TIC_LABELS } from "./labels";

// A steady meter repeats most groups byte for byte, and the others differ in a few bytes (an index, a power, the time,
// a tariff text). Such a group is the last good one of its label but for those bytes: if each still belongs to its
// field (a digit in a digits field or a horodate, a hex digit, a text character) and the checksum is right for the new
// sum, it passes every check checkGroup makes (the label, separators and lengths are the same bytes, and no changed
// byte can be a separator). So the group is compared eight bytes at a time, and only changed bytes one by one.

const LF = 0x0a;
/** Horodate `SAAMMJJhhmmss` after the label's separator: the season byte, then 12 digits, then HT. */
const HORODATE_BYTES = 14;
const HORODATE_DIGITS = 12;

/**
 * Where each label's last good group is kept: its most bytes from the label to the CR (name, separator, horodate and
 * its HT, data, separator, checksum, CR), each label at a multiple of 8 so the group reads as 8-byte words.
 */
export const LAST_OFFSET = new Uint16Array(TIC_LABELS.length);
let total = 0;
for (const entry of TIC_LABELS) {
  LAST_OFFSET[entry.id] = total;
  total += (entry.name.length + 1 + (entry.horodate ? HORODATE_BYTES : 0) + entry.length + 3 + 7) & ~7;
}
/** Bytes of the store (about 3 KB for the whole label table). */
export const LAST_BYTES = total;

/** change()'s mark for the checksum byte (CHAR_CLASS flags are 1–8). */
const CHECKSUM = 0x80;
/**
 * What each byte of a label's group may change to, laid out as the store (data at its most): the CHAR_CLASS flag of
 * its field for the horodate digits and for digits, hex and text data, 0 where it must stay (name, separators,
 * season, CR, enum values: those are checked in full by matchGroup). Free text may be shorter than its most: change()
 * takes the kept group's own data end and checksum position.
 */
const CHANGE_CLASS = new Uint8Array(LAST_BYTES);
for (const entry of TIC_LABELS) {
  const base = LAST_OFFSET[entry.id];
  const digits = entry.name.length + 2;
  if (entry.horodate) CHANGE_CLASS.fill(DIGIT_CLASS, base + digits, base + digits + HORODATE_DIGITS);
  const dataStart = entry.name.length + 1 + (entry.horodate ? HORODATE_BYTES : 0);
  if (entry.kind !== "enum") CHANGE_CLASS.fill(CLASS_BY_KIND[LABEL_KIND[entry.kind]], base + dataStart, base + dataStart + entry.length);
}

/** Index of `next` for "no group yet": the label that came first. */
export const FIRST_LABEL = TIC_LABELS.length;
const CR = 0x0d;
const CR_PARITY = 0x8d;
/** Most bytes a repeated group may change (digits of a value, of a horodate, the checksum) before a full check. */
export const MAX_CHANGES = 16;
/** Value of a digit byte '0'–'9' or 'A'–'F' (bit 7 ignored); 0 for any other byte (never asked: checked first). */
export const DIGIT_VALUE = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const c = b & 0x7f;
  DIGIT_VALUE[b] = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : 0;
}
/** 10^k and 16^k: a digit k places from the end of a field weighs its value times base^k. */
const POW10 = new Float64Array(16);
const POW16 = new Float64Array(16);
for (let k = 0; k < 16; k++) {
  POW10[k] = 10 ** k;
  POW16[k] = 16 ** k;
}
/** Word reads of the window and of the store must use the platform's byte order (the Float64Array's). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export class LastGroups {
  /** The store: each label's last good group from its label to its CR, at LAST_OFFSET. */
  readonly bytes = new Uint8Array(LAST_BYTES);
  /** The same bytes as 8-byte words (never NaN or ±0: group bytes are printable ASCII, CR, HT, SP). */
  private readonly words = new Float64Array(this.bytes.buffer);
  /** And as 32-bit halves, in the platform's byte order too. */
  private readonly halves = new Uint32Array(this.bytes.buffer);
  private readonly store = new DataView(this.bytes.buffer);
  /** Length from the label to the CR included; 0 when none is kept (never, or taken by the byte path). */
  private readonly length = new Uint8Array(TIC_LABELS.length);
  /** The group's last 8 bytes (its CR last) as a word: compared first, they hold the checksum and the CR. */
  private readonly tail = new Float64Array(TIC_LABELS.length);
  /** The sum its checksum covers (bit 7 masked off), and where its data lies, from the label's first byte. */
  private readonly sum = new Int32Array(TIC_LABELS.length);
  readonly dataStart = new Uint8Array(TIC_LABELS.length);
  readonly dataEnd = new Uint8Array(TIC_LABELS.length);
  /**
   * After a match: how many bytes changed (already in the store); whether any was in the data or in the horodate;
   * and what the data's digits (decimal, or hex) moved its value by.
   */
  changeCount = 0;
  dataChanged = false;
  horodateChanged = false;
  valueDelta = 0;
  /** Undo log of the comparison in progress: where (from the label) each change went, and the byte it replaced. */
  private readonly changeAt = new Uint8Array(MAX_CHANGES);
  private readonly changeByte = new Uint8Array(MAX_CHANGES);
  /** The comparison in progress (matchChanged, change): where the group starts in the input and in the store, and what to check. */
  private cmpStart = 0;
  private cmpBase = 0;
  private cmpParity = false;
  private cmpDataStart = 0;
  private cmpDataEnd = 0;
  private cmpChecksumAt = 0;
  private cmpSum = 0;
  private cmpPowers = POW10;
  /** After matchRun: the last label taken, how many groups, and whether it stopped at a group start (after an LF). */
  runLast = 0;
  runCount = 0;
  runOpen = false;

  /** The label that followed each label last time (by id; index FIRST_LABEL before any), -1 when not known. */
  readonly next = new Int16Array(TIC_LABELS.length + 1).fill(-1);

  /**
   * `input` and `view`: the decoder's input window, where groups are matched in place; `frame`: where matchRun
   * records the groups it takes; `stop`: labels matchRun leaves to the decoder (non-zero).
   */
  constructor(
    private readonly input: Uint8Array,
    private readonly view: DataView,
    private readonly frame: FrameGroups,
    private readonly stop: Uint8Array,
  ) {}

  /**
   * Is the window's group from `start` (just after an LF) the last good group of label `id` again, but for changed
   * digits? `cr`: the CR the line's parity reading expects (0x8D with parity, 0x0D without): a group kept under the
   * other reading never matches. Returns the index of its CR (changes, if any, in changeCount… for `apply`),
   * MATCH_MORE when it would end past `limit`, or MATCH_NO.
   */
  match(start: number, limit: number, id: number, cr: number): number {
    const length = this.length[id];
    const end = start + length - 1;
    if (length < 8 || this.bytes[LAST_OFFSET[id] + length - 1] !== cr) return MATCH_NO;
    if (end >= limit) return MATCH_MORE;
    const view = this.view;
    this.changeCount = 0;
    if (view.getFloat64(end - 7, LITTLE_ENDIAN) === this.tail[id]) {
      let w = LAST_OFFSET[id] >> 3;
      let j = start;
      while (j < end - 7 && view.getFloat64(j, LITTLE_ENDIAN) === this.words[w]) {
        j += 8;
        w++;
      }
      if (j >= end - 7) return end;
    }
    return this.matchChanged(start, end, id, cr === CR_PARITY);
  }

  /**
   * The fast path's loop: from `start` (just after an LF), groups that are their label's last group again (byte for
   * byte, or but for changed digits), each of the label that followed the previous one last time (from `prev`), one
   * after the other while the byte after each CR is an LF; each is recorded in the frame. Stops before a label the
   * decoder must look at itself (`stop`: overload roles), a group that is not its last group again or ends past
   * `limit`, or a kept group under another CR (`cr` as for match). Returns where it stopped: just after an LF
   * (runOpen: a group to look at next) or just after a CR; runLast and runCount tell the last label taken and how
   * many. The caller keeps the parity witness at its bound, where each group's CR leaves it.
   */
  matchRun(start: number, limit: number, prev: number, cr: number): number {
    const view = this.view;
    const input = this.input;
    const words = this.words;
    const store = this.bytes;
    const next = this.next;
    const frame = this.frame;
    let count = 0;
    let i = start;
    for (;;) {
      const id = next[prev];
      if (id < 0 || this.stop[id] !== 0) break;
      const length = this.length[id];
      const end = i + length - 1;
      if (length < 8 || end >= limit || store[LAST_OFFSET[id] + length - 1] !== cr) break;
      this.changeCount = 0;
      let same = view.getFloat64(end - 7, LITTLE_ENDIAN) === this.tail[id];
      if (same) {
        let j = i;
        for (let w = LAST_OFFSET[id] >> 3; j < end - 7 && view.getFloat64(j, LITTLE_ENDIAN) === words[w]; w++) j += 8;
        same = j >= end - 7;
      }
      if (same) frame.mark(id);
      else if (this.matchChanged(i, end, id, cr === CR_PARITY) === end) frame.recordLast(id, this);
      else break;
      prev = id;
      count++;
      i = end + 1;
      if (i >= limit || input[i] !== LF) {
        this.runOpen = false;
        this.runLast = prev;
        this.runCount = count;
        return i;
      }
      i++;
    }
    this.runOpen = true;
    this.runLast = prev;
    this.runCount = count;
    return i;
  }

  /**
   * match when some word differs: the bytes that differ are found from the XOR of the word's 32-bit halves, and each
   * must be a change its field allows (see change), written into the store as it is found; then the checksum must be
   * right for the new sum. A group that fails leaves the store as it was.
   */
  private matchChanged(start: number, end: number, id: number, parity: boolean): number {
    const view = this.view;
    const words = this.words;
    const halves = this.halves;
    const base = LAST_OFFSET[id];
    const d = base - start;
    this.cmpStart = start;
    this.cmpBase = base;
    this.cmpParity = parity;
    this.cmpDataStart = base + this.dataStart[id];
    this.cmpDataEnd = base + this.dataEnd[id];
    this.cmpPowers = LABEL_DATA_KIND[id] === LABEL_KIND.hex ? POW16 : POW10;
    this.cmpChecksumAt = end - 1 + d;
    this.cmpSum = this.sum[id];
    this.changeCount = 0;
    this.valueDelta = 0;
    this.dataChanged = this.horodateChanged = false;
    let j = start;
    let good = true;
    for (let w = base >> 3; good && j + 8 <= end + 1; j += 8, w++) {
      if (view.getFloat64(j, LITTLE_ENDIAN) === words[w]) continue;
      for (let half = 0; good && half < 2; half++) {
        const at = j + 4 * half + d;
        const x = view.getUint32(j + 4 * half, LITTLE_ENDIAN) ^ halves[2 * w + half];
        if (x === 0) continue;
        // Byte k of memory is bits 8k–8k+7 of a little-endian read (8(3−k) on a big-endian platform).
        if ((x & 0xff) !== 0) good = this.change(LITTLE_ENDIAN ? at : at + 3);
        if (good && (x & 0xff00) !== 0) good = this.change(LITTLE_ENDIAN ? at + 1 : at + 2);
        if (good && (x & 0xff0000) !== 0) good = this.change(LITTLE_ENDIAN ? at + 2 : at + 1);
        if (good && (x & 0xff000000) !== 0) good = this.change(LITTLE_ENDIAN ? at + 3 : at);
      }
    }
    // The last bytes (fewer than a word), to the CR included.
    for (; good && j <= end; j++) if (this.input[j] !== this.bytes[j + d]) good = this.change(j + d);
    if (good && (this.bytes[this.cmpChecksumAt] & 0x7f) === (this.cmpSum & 0x3f) + 0x20) {
      this.sum[id] = this.cmpSum;
      this.tail[id] = this.store.getFloat64(base + this.length[id] - 8, LITTLE_ENDIAN);
      return end;
    }
    // Not this group again: the store goes back to the kept group.
    for (let c = this.changeCount - 1; c >= 0; c--) this.bytes[base + this.changeAt[c]] = this.changeByte[c];
    this.changeCount = 0;
    return MATCH_NO;
  }

  /**
   * The input byte for store position `at` differs from the kept one: may it? It must be in a field that may change
   * (CHANGE_CLASS, within the kept group's data) and of its class, or be the checksum, and be sound on a line that
   * carries parity. It goes into the store at once (the old byte kept for undoing), moves the sum, and for a data
   * digit the value by its difference times its place.
   */
  private change(at: number): boolean {
    const base = this.cmpBase;
    const b = this.input[at - base + this.cmpStart];
    const flag = at === this.cmpChecksumAt ? CHECKSUM : at < this.cmpDataEnd ? CHANGE_CLASS[at] : 0;
    const count = this.changeCount;
    if (flag === 0 || count === MAX_CHANGES || (this.cmpParity && ODD[b] !== 0)) return false;
    // A checksum is any character 0x20–0x5F, checked against the sum at the end; never a byte that ends a group.
    if ((CHAR_CLASS[b & 0x7f] & (flag === CHECKSUM ? TEXT_CLASS : flag)) === 0) return false;
    const old = this.bytes[at];
    if (flag !== CHECKSUM) {
      this.cmpSum += (b & 0x7f) - (old & 0x7f);
      if (at < this.cmpDataStart) this.horodateChanged = true;
      else {
        this.dataChanged = true;
        this.valueDelta += (DIGIT_VALUE[b] - DIGIT_VALUE[old]) * this.cmpPowers[this.cmpDataEnd - 1 - at];
      }
    }
    this.bytes[at] = b;
    this.changeAt[count] = at - base;
    this.changeByte[count] = old;
    this.changeCount = count + 1;
    return true;
  }

  /**
   * A group matchGroup proved good in the window, from `start` (`slots`: its fields and sum; its CR follows the
   * checksum after the data's separator) becomes id's last.
   */
  keep(id: number, start: number, slots: GroupSlots): void {
    const base = LAST_OFFSET[id];
    const input = this.input;
    const end = slots.dataEnd + 2;
    for (let j = start; j <= end; j++) this.bytes[base + j - start] = input[j];
    const length = end - start + 1;
    this.length[id] = length;
    this.sum[id] = slots.sum;
    this.dataStart[id] = slots.dataStart - start;
    this.dataEnd[id] = slots.dataEnd - start;
    if (length >= 8) this.tail[id] = this.store.getFloat64(base + length - 8, LITTLE_ENDIAN);
  }

  /** The byte path took a group of `id`: its last group is no longer known. */
  forget(id: number): void {
    this.length[id] = 0;
  }

  /** Where id's last group keeps its fields, in `bytes` (for group and overload events, which need the data as text). */
  locate(id: number, slots: GroupSlots): void {
    const base = LAST_OFFSET[id];
    const entry = TIC_LABELS[id];
    slots.label = entry;
    slots.dataStart = base + this.dataStart[id];
    slots.dataEnd = base + this.dataEnd[id];
    slots.horodateStart = entry.horodate ? base + LABEL_NAME_LENGTH[id] + 1 : -1;
    slots.horodateEnd = entry.horodate ? slots.horodateStart + 1 + HORODATE_DIGITS : -1;
  }
}
