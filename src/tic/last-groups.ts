// The decoder's input window and the last good group of each label as received, in one buffer, and the fast path's
// loop over them. Never allocates and never builds a string; a group is only ever proven good here, never refused.
import {
  ACC_BY_KIND,
  ACC_DIGIT,
  COUNT_SHIFT,
  type GroupSlots,
  MATCH_MORE,
  MATCH_NO,
  matchGroup,
  ODD,
  ODD_SHIFT,
  SUM_MASK,
} from "./group-check";
import type { FrameGroups } from "./frame-groups";
import type { TicCounters } from "./types";
import { LABEL_DATA_KIND, LABEL_HORODATE, LABEL_KIND, LABEL_STANDARD, TIC_LABELS } from "./labels";

// A steady meter sends its labels in the same order frame after frame, and most of its groups byte for byte as last
// time. So each label's last good group is kept as received, and a group is first compared with the last group of
// the label that followed the previous one last time, eight bytes at a time: the same bytes are a good group again
// (the verdict depends on the bytes alone, under the same parity reading: when the reading changes, every kept group
// is forgotten, so a kept group always ends with the CR the current reading expects). A group that differs
// (a new index, power, time, tariff text) in its fields only is checked in those fields (fields): its label,
// separators and lengths are the kept group's bytes, so valid fields and a right checksum make it a good group. Any
// other group of the expected label is checked in full by matchGroup. A good group becomes its label's last group:
// being in the same buffer as the input, it is copied natively.

const LF = 0x0a;
const HT = 0x09;
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
/** Bytes kept for the whole label table (about 3 KB), before the input window in the same buffer. */
const LAST_BYTES = total;

/** How `check` proved a group good: the same bytes as its label's last group, that group but for its fields, in full. */
const CHECKED_SAME = 0;
const CHECKED_FIELDS = 1;
const CHECKED_FULL = 2;
/** Index of `next` for "no group yet": the label that came first. */
export const FIRST_LABEL = TIC_LABELS.length;
/** Word reads of the window and of the store must use the platform's byte order (the Float64Array's). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** Mask of the first k bytes in memory of a 32-bit word read in the platform's byte order (k = 0…4). */
const FIRST_BYTES = Uint32Array.from([0, 1, 2, 3, 4], (k) => (k === 4 ? 0xffffffff : LITTLE_ENDIAN ? (1 << (8 * k)) - 1 : ~(0xffffffff >>> (8 * k))) >>> 0);

export class LastGroups {
  /** The buffer: each label's last good group at LAST_OFFSET, then the input window from `windowStart`. */
  readonly bytes: Uint8Array;
  readonly windowStart = LAST_BYTES;
  /** The same bytes as 8-byte words (a kept group's never NaN or ±0: its bytes are printable ASCII, CR, HT, SP). */
  private readonly words: Float64Array;
  /** And as 32-bit halves. */
  private readonly halves: Uint32Array;
  private readonly view: DataView;
  /** Length from the label to the CR included; 0 when none is kept (never, or taken by the byte path). */
  private readonly length = new Uint8Array(TIC_LABELS.length);
  /** The group's last 8 bytes (its CR last) as a word: compared first, they hold the checksum and the CR. */
  private readonly tail = new Float64Array(TIC_LABELS.length);
  /** Where its data lies, from the label's first byte. */
  private readonly dataStart = new Uint8Array(TIC_LABELS.length);
  private readonly dataEnd = new Uint8Array(TIC_LABELS.length);
  /** How many of its first bytes never change (name, separator, horodate season), and their sum (bit 7 masked off). */
  private readonly fixedEnd = new Uint8Array(TIC_LABELS.length);
  private readonly fixedSum = new Int32Array(TIC_LABELS.length);
  /** The label that followed each label last time (by id; index FIRST_LABEL before any), -1 when not known. */
  readonly next = new Int16Array(TIC_LABELS.length + 1).fill(-1);
  /** How the last group check proved good was checked (CHECKED_*). */
  checked = CHECKED_FULL;
  /** After run: the last label taken, how many groups, and whether it stopped at a group start (after an LF). */
  runLast = 0;
  runCount = 0;
  runOpen = false;
  /** After run: it stopped at a group whose label's last group would end past the bytes given. */
  runMore = false;

  /**
   * `windowBytes`: size of the input window after the kept groups. run counts the groups it takes in `counters`,
   * records them in `frame` (`slots`: matchGroup's field offsets, the decoder's), and hands those whose label has
   * a non-zero `roles` entry (overload roles) to `onRole`, once recorded.
   */
  constructor(
    windowBytes: number,
    private readonly frame: FrameGroups,
    private readonly slots: GroupSlots,
    private readonly counters: TicCounters,
    private readonly roles: Uint8Array,
    private readonly onRole: (id: number) => void,
  ) {
    this.bytes = new Uint8Array(LAST_BYTES + windowBytes);
    this.words = new Float64Array(this.bytes.buffer, 0, LAST_BYTES >> 3);
    this.halves = new Uint32Array(this.bytes.buffer, 0, LAST_BYTES >> 2);
    this.view = new DataView(this.bytes.buffer);
  }

  /**
   * Is the group from `start` in the window (just after an LF) a good group of label `id`? The same bytes as its last
   * good group (CHECKED_SAME), that group but for its fields (CHECKED_FIELDS, see fields), or else checked in full
   * by matchGroup (CHECKED_FULL): `checked` says which. Returns the index of its CR, MATCH_MORE when it would end past
   * `limit`, or MATCH_NO. `parity`: the line's parity reading (the one every kept group was taken under; see
   * forgetAll). On success `slots` locates its fields, except after CHECKED_SAME (see locate).
   */
  check(start: number, limit: number, id: number, parity: boolean): number {
    const length = this.length[id];
    const base = LAST_OFFSET[id];
    if (length !== 0) {
      const end = start + length - 1;
      if (end >= limit) return MATCH_MORE;
      const view = this.view;
      if (view.getFloat64(end - 7, LITTLE_ENDIAN) === this.tail[id]) {
        let j = start;
        for (let w = base >> 3; j < end - 7 && view.getFloat64(j, LITTLE_ENDIAN) === this.words[w]; w++) j += 8;
        if (j >= end - 7) {
          this.checked = CHECKED_SAME;
          return end;
        }
      }
      if (this.fields(start, end, id, parity) === end) {
        this.checked = CHECKED_FIELDS;
        return end;
      }
    }
    this.checked = CHECKED_FULL;
    return matchGroup(this.bytes, start, limit, id, parity, this.slots);
  }

  /**
   * Is the group from `start` to its CR at `end` the last good group of `id` again but for its fields: its first bytes
   * (name, separator, season), inner HT, data separator and CR the same, its horodate digits and data valid for their
   * kind, its checksum right for the new sum, and (on a line that carries parity) every byte sound? Enum data must be
   * the same bytes. Returns `end` or MATCH_NO; on success `slots` locates its fields as matchGroup leaves them.
   */
  private fields(start: number, end: number, id: number, parity: boolean): number {
    const input = this.bytes;
    const base = LAST_OFFSET[id];
    const kind = LABEL_DATA_KIND[id];
    if (input[end] !== input[base + end - start] || kind === LABEL_KIND.enum) return MATCH_NO;
    const d = base - start;
    const fixedEnd = this.fixedEnd[id];
    let at = start + fixedEnd;
    // The fixed first bytes (4 to 11): up to 8 at once from the XOR of 32-bit halves, masked to them; the rest one by one.
    const view = this.view;
    const low = view.getUint32(start, LITTLE_ENDIAN) ^ this.halves[base >> 2];
    const high = view.getUint32(start + 4, LITTLE_ENDIAN) ^ this.halves[(base >> 2) + 1];
    if ((low & FIRST_BYTES[fixedEnd < 4 ? fixedEnd : 4]) !== 0 || (high & FIRST_BYTES[fixedEnd < 8 ? (fixedEnd > 4 ? fixedEnd - 4 : 0) : 4]) !== 0) return MATCH_NO;
    for (let k = start + 8; k < at; k++) if (input[k] !== input[k + d]) return MATCH_NO;
    let sum = this.fixedSum[id];
    let odd = 0;
    const slots = this.slots;
    if (LABEL_HORODATE[id] !== 0) {
      // The 12 digits at once (accumulate, inline).
      const t = ACC_DIGIT;
      const acc =
        t[input[at]] + t[input[at + 1]] + t[input[at + 2]] + t[input[at + 3]] + t[input[at + 4]] + t[input[at + 5]] +
        t[input[at + 6]] + t[input[at + 7]] + t[input[at + 8]] + t[input[at + 9]] + t[input[at + 10]] + t[input[at + 11]];
      if (acc >>> COUNT_SHIFT !== HORODATE_DIGITS || input[at + HORODATE_DIGITS] !== HT) return MATCH_NO;
      sum += (acc & SUM_MASK) + HT;
      odd += (acc >>> ODD_SHIFT) & 0xff;
      slots.horodateStart = at - 1;
      slots.horodateEnd = at + HORODATE_DIGITS;
      at += HORODATE_DIGITS + 1;
    } else slots.horodateStart = slots.horodateEnd = -1;
    const dataEnd = start + this.dataEnd[id];
    // accumulate, inline (a call costs as much as four bytes on XS, and this runs for every changed group).
    const table = ACC_BY_KIND[kind];
    let acc = 0;
    let j = at;
    for (const last4 = dataEnd - 3; j < last4; j += 4) acc += table[input[j]] + table[input[j + 1]] + table[input[j + 2]] + table[input[j + 3]];
    for (; j < dataEnd; j++) acc += table[input[j]];
    if (acc >>> COUNT_SHIFT !== dataEnd - at || input[dataEnd] !== input[dataEnd + d]) return MATCH_NO;
    sum += (acc & SUM_MASK) + (LABEL_STANDARD[id] !== 0 ? HT : 0);
    odd += (acc >>> ODD_SHIFT) & 0xff;
    const checksum = input[dataEnd + 1];
    if ((checksum & 0x7f) !== (sum & 0x3f) + 0x20 || (parity && odd + ODD[checksum] !== 0)) return MATCH_NO;
    slots.label = TIC_LABELS[id];
    slots.dataStart = at;
    slots.dataEnd = dataEnd;
    slots.enumIndex = -1;
    return end;
  }

  /**
   * True when `bytes[start, limit)` are the first bytes of id's last good group (so none of them ends a group: a group
   * that will be complete in the next window). False also when none is kept.
   */
  beginsLast(start: number, limit: number, id: number): boolean {
    if (this.length[id] === 0) return false;
    const view = this.view;
    const input = this.bytes;
    const d = LAST_OFFSET[id] - start;
    let j = start;
    for (let w = LAST_OFFSET[id] >> 3; j + 8 <= limit; j += 8, w++) if (view.getFloat64(j, LITTLE_ENDIAN) !== this.words[w]) return false;
    for (; j < limit; j++) if (input[j] !== input[j + d]) return false;
    return true;
  }

  /**
   * The fast path's loop: from `start` in the window (just after an LF), one group after the other of the label that
   * followed the previous one last time (from `prev`), each proven good as check does, while the byte after each CR is an
   * LF; each is counted in `counters`, recorded in the frame, kept as its label's last, and handed to `onRole` when
   * its label has an overload role. Stops at a group not proven good or ending past `limit`. `parity`: the line's
   * parity reading; the caller keeps the parity witness at its bound, where each group's CR leaves it. Returns where
   * it stopped: just after an LF (runOpen: a group to look at next) or just after a CR; runLast and runCount tell the
   * last label taken and how many.
   */
  run(start: number, limit: number, prev: number, parity: boolean): number {
    const input = this.bytes;
    const view = this.view;
    const words = this.words;
    const next = this.next;
    const frame = this.frame;
    const lengths = this.length;
    const tails = this.tail;
    const roles = this.roles;
    const seen = frame.seen;
    const generation = frame.generation;
    let added = 0;
    let count = 0;
    let taken = 0;
    let i = start;
    let open = true;
    this.runMore = false;
    for (;;) {
      const id = next[prev];
      if (id < 0) break;
      // The commonest case inline: the same bytes as the label's last group (as check's first step).
      const length = lengths[id];
      const base = LAST_OFFSET[id];
      let end = i + length - 1;
      const last8 = end - 7;
      let same = length !== 0 && end < limit && view.getFloat64(last8, LITTLE_ENDIAN) === tails[id];
      if (same) {
        let j = i;
        for (let w = base >> 3; j < last8 && view.getFloat64(j, LITTLE_ENDIAN) === words[w]; w++) j += 8;
        same = j >= last8;
      }
      if (same) {
        // Present in the frame (FrameGroups.mark, inline).
        if (seen[id] !== generation) {
          seen[id] = generation;
          added++;
        }
      } else {
        // check's other steps: that group but for its fields, else in full. A group that would end past these bytes
        // is left to the decoder, which keeps it for the next window.
        if (length !== 0 && end >= limit) {
          this.runMore = true;
          break;
        }
        if (length !== 0 && this.fields(i, end, id, parity) === end) {
          frame.record(TIC_LABELS[id], input, this.slots);
          this.keep(id, i, end);
        } else {
          end = matchGroup(input, i, limit, id, parity, this.slots);
          if (end < 0) break;
          frame.record(TIC_LABELS[id], input, this.slots);
          this.learn(id, i, end);
        }
      }
      count++;
      taken++;
      prev = id;
      if (roles[id] !== 0) {
        // Counted and marked before the overload check, whose event may look at the decoder.
        this.counters.groupsOk += count;
        count = 0;
        frame.added(added);
        added = 0;
        this.runLast = prev;
        this.onRole(id);
      }
      i = end + 1;
      if (i >= limit || input[i] !== LF) {
        open = false;
        break;
      }
      i++;
    }
    this.counters.groupsOk += count;
    frame.added(added);
    this.runOpen = open;
    this.runLast = prev;
    this.runCount = taken;
    return i;
  }

  /** A group `check` proved good, from `start` to its CR at `end`: recorded in the frame, kept as id's last group. */
  take(id: number, start: number, end: number): void {
    const checked = this.checked;
    if (checked === CHECKED_SAME) return this.frame.mark(id);
    this.frame.record(TIC_LABELS[id], this.bytes, this.slots);
    if (checked === CHECKED_FIELDS) this.keep(id, start, end);
    else this.learn(id, start, end);
  }

  /** A good group of `id` from `start` to its CR at `end` in the window, of the same layout, becomes id's last. */
  keep(id: number, start: number, end: number): void {
    const base = LAST_OFFSET[id];
    const length = end - start + 1;
    this.bytes.copyWithin(base, start, end + 1);
    this.length[id] = length;
    this.tail[id] = this.view.getFloat64(base + length - 8, LITTLE_ENDIAN);
  }

  /** A good group matchGroup checked in the window, from `start` to its CR at `end` (`slots`: its fields), becomes id's last. */
  learn(id: number, start: number, end: number): void {
    const slots = this.slots;
    this.dataStart[id] = slots.dataStart - start;
    this.dataEnd[id] = slots.dataEnd - start;
    const fixedEnd = (slots.horodateStart >= 0 ? slots.horodateStart + 1 : slots.dataStart) - start;
    let sum = 0;
    for (let k = start; k < start + fixedEnd; k++) sum += this.bytes[k] & 0x7f;
    this.fixedEnd[id] = fixedEnd;
    this.fixedSum[id] = sum;
    if (end - start + 1 >= 8) this.keep(id, start, end);
    else this.length[id] = 0;
  }

  /** The byte path took a group of `id`: its last group is no longer known. */
  forget(id: number): void {
    this.length[id] = 0;
  }

  /**
   * The line's parity reading changed (the decoder's witness crossed zero): every kept group ends with the other CR,
   * so none is kept any more. This keeps the rule that a kept group ends with the CR of the current reading, which
   * check, fields and run rely on (a group judged without parity is not proven good with it).
   */
  forgetAll(): void {
    this.length.fill(0);
  }

  /** Where id's last group keeps its fields, in `bytes` (for group and overload events, which need the data as text). */
  locate(id: number, slots: GroupSlots): void {
    const base = LAST_OFFSET[id];
    const entry = TIC_LABELS[id];
    slots.label = entry;
    slots.dataStart = base + this.dataStart[id];
    slots.dataEnd = base + this.dataEnd[id];
    slots.horodateStart = entry.horodate ? slots.dataStart - HORODATE_BYTES : -1;
    slots.horodateEnd = entry.horodate ? slots.dataStart - 1 : -1;
  }
}
