// Streaming TIC decoder: bytes in any chunking → group events at each CR, overload events at once, a reading per frame.
// Never touches the UART, timers or the clock, never throws on input, and never allocates per byte or per group.
import { checkGroup, GROUP_VERDICT, type GroupVerdict, MATCH_MORE, newGroupSlots, ODD, separatorMode } from "./group-check";
import { LABEL_STANDARD, TIC_LABELS, type TicLabel } from "./labels";
import { groupOverload, newOverloadLimits, OVERLOAD_LABELS, OVERLOAD_ROLE, overloadEvent } from "./overload";
import { FrameGroups } from "./frame-groups";
import { FIRST_LABEL, LastGroups } from "./last-groups";
import { READING_LABELS, ReadingBuilder } from "./reading";
import { GroupStringCache } from "./string-cache";
import type { TicCounters, TicDecoderEvents, TicGroup, TicMode, TicModeSetting } from "./types";

const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const LF = 0x0a;
const CR = 0x0d;
const CR_PARITY = CR | 0x80;

/** Longest group kept (PJOURF+1 is 109 bytes); anything longer is dropped and counted. */
export const TIC_GROUP_CAPACITY = 128;
/** Upper bound of groups held for one frame: one per known label, whatever the input. */
export const TIC_FRAME_MAX_GROUPS = TIC_LABELS.length;

/** 1 for the bytes that end a group whatever their bit 7: CR, LF (a lost CR) and EOT. */
const ENDS_GROUP = new Uint8Array(256);
for (const c of [CR, LF, EOT]) ENDS_GROUP[c] = ENDS_GROUP[c | 0x80] = 1;

/**
 * Parity is judged only once the line shows it carries parity in bit 7. The witness is the CR ending every group:
 * 0x8D when an 8N1 UART reads a 7E1 line, 0x0D in a 7-bit-clean capture (a file, a 7E1 UART, a dongle that strips
 * parity). Each CR moves a score by ±1 within ±PARITY_WITNESS_MAX; parity errors are counted while it is positive,
 * so one damaged CR neither switches the check on in a clean capture nor off on a real line.
 */
const PARITY_WITNESS_MAX = 4;

/** Auto mode: consecutive good groups of the other mode that make the decoder switch (one bad group never does). */
export const AUTO_RELOCK_GROUPS = 8;

/**
 * Input is decoded from a window of fixed size: the bytes of a group the fast path is waiting on (less than a group
 * buffer), then up to RX_WINDOW new bytes, copied in by the engine (one native copy). The UART delivers at most its
 * FIFO per callback (128 bytes); a longer push is taken a window at a time.
 */
const RX_WINDOW = 256;
export interface TicDecoderOptions extends TicDecoderEvents {
  mode: TicModeSetting;
}

/**
 * Two paths read groups. The byte path (bytePath, finishGroup, checkGroup) takes any input byte by byte and gives
 * the exact verdict of every group. The fast path (fastGroups, LastGroups) takes a group in place in the input window,
 * as the label that followed the previous one last time: the same bytes as that label's last good group, that group
 * but for its fields, or a good group of that label (matchGroup). It answers only "good, ending here" or "not proven",
 * and then the byte path reads the group from its LF as if the fast path did not exist, so every verdict, count and
 * event is the byte path's. A steady meter sends its labels in the same order frame after frame, so nearly every
 * group is fast.
 */
export class TicDecoder {
  readonly counters: TicCounters = { frames: 0, groupsOk: 0, groupsBad: 0, parityErrors: 0, framesAborted: 0 };
  private readonly setting: TicModeSetting;
  private readonly events: TicDecoderEvents;
  private locked: TicMode | undefined;
  /** LABEL_STANDARD's code of the locked mode (1 standard, 0 historic), when locked. */
  private lockedStandard = 0;
  private readonly group = new Uint8Array(TIC_GROUP_CAPACITY);
  private groupLength = 0;
  private groupOpen = false;
  private groupTooLong = false;
  private groupOddBytes = 0;
  /** Sum of the group's (masked) bytes so far: the checksum without a second pass. */
  private groupSum = 0;
  private parityWitness = 0;
  private inFrame = false;
  /** True once STX, ETX or EOT has been seen: frames are then delimited by them, never guessed. */
  private framed = false;
  private guessedFrames = 0;
  private otherModeStreak = 0;
  /** Last data and horodate bytes per label, and their strings once asked for (see string-cache.ts). */
  private readonly strings = new GroupStringCache();
  private readonly frame = new FrameGroups(this.strings, [...READING_LABELS, ...OVERLOAD_LABELS]);
  private readonly readings = new ReadingBuilder();
  private readonly slots = newGroupSlots();
  private readonly limits = newOverloadLimits();
  private readonly badByVerdict = new Uint32Array(Object.keys(GROUP_VERDICT).length);
  // ── the fast path ──
  /** The label of the last good group (FIRST_LABEL before any): the next one is expected to follow it as last time. */
  private lastLabel = FIRST_LABEL;
  /** True right after the LF that opens a group (raw byte `groupLf`), before the fast path has tried it. */
  private atGroupStart = false;
  private groupLf = 0;
  /** The last good group of each label, and the input window after them in the same buffer (see last-groups.ts). */
  private readonly last = new LastGroups(TIC_GROUP_CAPACITY + RX_WINDOW, this.frame, this.slots, this.counters, OVERLOAD_ROLE, (id) => this.overloadCheck(id, true));
  private readonly rx = this.last.bytes;
  /** Where the window starts in `rx`, and how many bytes there belong to a group the fast path waits on. */
  private readonly rxStart = this.last.windowStart;
  private rxKept = 0;

  constructor(options: TicDecoderOptions) {
    this.setting = options.mode;
    this.events = { onGroup: options.onGroup, onOverload: options.onOverload, onFrame: options.onFrame };
    this.lock(options.mode === "auto" ? undefined : options.mode);
  }

  /** Lock the mode (or unlock); what the fast path learnt of the other mode's label order is forgotten. */
  private lock(mode: TicMode | undefined): void {
    this.locked = mode;
    this.lockedStandard = mode === "standard" ? 1 : 0;
    this.last.next.fill(-1);
    this.lastLabel = FIRST_LABEL;
  }

  /** The mode groups are decoded in: the configured one, or in auto mode the one the first good group showed. */
  get lockedMode(): TicMode | undefined {
    return this.locked;
  }

  /** Fixed size of the group buffer (memory does not grow with the input). */
  get groupBufferCapacity(): number {
    return this.group.length;
  }

  /** Good groups held for the frame in progress (at most TIC_FRAME_MAX_GROUPS). */
  get pendingGroupCount(): number {
    return this.frame.size;
  }

  /** Bad groups broken down by reason (names of GROUP_VERDICT). */
  badGroupsByReason(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, code] of Object.entries(GROUP_VERDICT)) if (this.badByVerdict[code] > 0) out[name] = this.badByVerdict[code];
    return out;
  }

  push(chunk: Uint8Array): void {
    const length = chunk.length;
    if (length <= RX_WINDOW) return this.take(chunk);
    for (let from = 0; from < length; from += RX_WINDOW) this.take(chunk.subarray(from, Math.min(length, from + RX_WINDOW)));
  }

  /**
   * End of input (a file or pipe closed). A capture without any STX/ETX (a console log) is delivered as one reading
   * when no repeated label has delimited a frame yet; a framed stream's unfinished frame is dropped.
   */
  end(): void {
    // An unfinished group is dropped, whichever path holds it.
    this.rxKept = 0;
    this.groupOpen = this.atGroupStart = false;
    if (!this.framed && this.guessedFrames === 0 && this.frame.size > 0) this.emitFrame();
    this.clearFrame();
    this.inFrame = false;
  }

  /** Back to the initial state: counters zeroed, auto mode unlocked, limits and partial frame forgotten. */
  reset(): void {
    const c = this.counters;
    c.frames = c.groupsOk = c.groupsBad = c.parityErrors = c.framesAborted = 0;
    this.lock(this.setting === "auto" ? undefined : this.setting);
    this.groupLength = 0;
    this.groupOpen = this.groupTooLong = this.inFrame = this.framed = this.atGroupStart = false;
    this.rxKept = 0;
    this.groupOddBytes = this.parityWitness = this.guessedFrames = this.otherModeStreak = 0;
    this.last.forgetAll();
    this.limits.isouscA = this.limits.prefKVA = undefined;
    this.badByVerdict.fill(0);
    this.clearFrame();
  }

  /** One window of input, after the bytes kept from the last one: each group on the fast path when it can, the rest byte by byte. */
  private take(piece: Uint8Array): void {
    const rx = this.rx;
    const start = this.rxStart;
    rx.set(piece, start + this.rxKept);
    const n = start + this.rxKept + piece.length;
    this.rxKept = 0;
    let i = start;
    while (i < n) i = this.atGroupStart ? this.fastGroups(i, n) : this.bytePath(rx, i, n);
  }

  // ── the fast path ───────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Groups taken in place in the window one after the other, while each is proven good as the label expected there
   * and the byte after its CR is the next LF. Returns where the byte path takes over, or `n` when a group waits for
   * the next bytes.
   */
  private fastGroups(i: number, n: number): number {
    const rx = this.rx;
    const last = this.last;
    const next = last.next;
    let lastLabel = this.lastLabel;
    let taken = false;
    let open = true;
    for (;;) {
      const witness = this.parityWitness;
      const parity = witness > 0;
      // Only an LF that is sound on a line that carries parity.
      if (parity && ODD[this.groupLf] === 1) break;
      // The run (last.run) needs a framed stream, no group events, the mode locked (the table of next labels then
      // holds only its labels) and the witness at its bound, where a group's CR leaves it.
      last.runMore = false;
      if (this.framed && this.events.onGroup === undefined && this.locked !== undefined && witness === (parity ? PARITY_WITNESS_MAX : -PARITY_WITNESS_MAX)) {
        i = last.run(i, n, lastLabel, parity);
        if (last.runCount > 0) {
          taken = true;
          lastLabel = last.runLast;
          if (!last.runOpen) {
            open = false;
            break;
          }
        }
      }
      // One group, as the label expected there (unlocked: auto mode before any good group, which may lock either
      // mode, as on the byte path).
      const id = next[lastLabel];
      if (id < 0) break;
      if (this.locked !== undefined && LABEL_STANDARD[id] !== this.lockedStandard) break;
      const end = last.runMore ? MATCH_MORE : last.check(i, n, id, parity);
      if (end === MATCH_MORE) {
        // The group would end past these bytes. If none of them ends it (the start of its label's last group, or no
        // such byte), keep them for the next window (a group the fast path proves good is shorter than the group
        // buffer); otherwise the byte path judges it now.
        if (!last.beginsLast(i, n, id)) {
          let k = i;
          while (k < n && ENDS_GROUP[rx[k]] === 0) k++;
          if (k < n) break;
        }
        rx.copyWithin(this.rxStart, i, n);
        this.rxKept = n - i;
        i = n;
        break;
      }
      if (end < 0) break;
      // As finishGroup: the CR moves the parity witness, then the group is good.
      if (parity ? witness < PARITY_WITNESS_MAX : witness > -PARITY_WITNESS_MAX) this.parityWitness = parity ? witness + 1 : witness - 1;
      this.lastLabel = lastLabel;
      this.accept(TIC_LABELS[id], true, i, end);
      lastLabel = this.lastLabel;
      i = end + 1;
      if (i >= n || rx[i] !== LF) {
        open = false;
        break;
      }
      this.groupLf = LF;
      i++;
    }
    this.lastLabel = lastLabel;
    if (taken) this.otherModeStreak = 0;
    // Stopped at a group start: unless its bytes were kept for the next window, the byte path reads that group.
    this.atGroupStart = open && i === n;
    if (open && i < n) this.openGroup(this.groupLf);
    return i;
  }

  // ── the byte path ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Framing bytes, and the groups the fast path did not take. Returns after an LF opens a group, or at `n`. */
  private bytePath(chunk: Uint8Array, i: number, n: number): number {
    const group = this.group;
    while (i < n) {
      if (this.groupOpen) {
        // Inside a group: copy bytes with local counters until the byte that ends it.
        let length = this.groupLength;
        let odd = this.groupOddBytes;
        let sum = this.groupSum;
        let raw = 0;
        let c = 0;
        for (; i < n; i++) {
          raw = chunk[i];
          c = raw & 0x7f;
          if (c === CR || c === LF || c === EOT) break;
          // STX/ETX inside a group are corruption, not framing: they stay in the group, which then fails its checks.
          odd += ODD[raw];
          if (length < TIC_GROUP_CAPACITY) {
            group[length++] = c;
            sum += c;
          } else this.groupTooLong = true;
        }
        this.groupLength = length;
        this.groupOddBytes = odd;
        this.groupSum = sum;
        if (i === n) return n;
        i++;
        if (c === CR) {
          this.finishGroup(raw);
        } else if (c === LF) {
          this.rejectGroup(GROUP_VERDICT.CUT); // CR lost: this LF starts the next group
          return this.groupStart(raw, i);
        } else {
          this.rejectGroup(GROUP_VERDICT.CUT);
          if (this.parityWitness > 0 && ODD[raw] === 1) this.counters.parityErrors++;
          this.abortFrame();
        }
        continue;
      }
      const raw = chunk[i++];
      const c = raw & 0x7f;
      if (c === LF) return this.groupStart(raw, i);
      if (this.parityWitness > 0 && ODD[raw] === 1) this.counters.parityErrors++;
      if (c === STX) this.startFrame();
      else if (c === ETX) this.endFrame();
      else if (c === EOT) this.abortFrame();
      // Anything else between groups (a stream that starts mid-group, line noise) is skipped until the next LF.
    }
    return n;
  }

  /** An LF (raw byte `lf`) opened a group whose bytes start at `i`: the fast path tries it first. */
  private groupStart(lf: number, i: number): number {
    this.atGroupStart = true;
    this.groupLf = lf;
    return i;
  }

  private openGroup(raw: number): void {
    this.groupOpen = true;
    this.groupLength = 0;
    this.groupTooLong = false;
    this.groupOddBytes = ODD[raw];
    this.groupSum = 0;
  }

  private rejectGroup(verdict: GroupVerdict): void {
    this.groupOpen = false;
    if (this.parityWitness > 0) this.counters.parityErrors += this.groupOddBytes;
    this.counters.groupsBad++;
    this.badByVerdict[verdict]++;
  }

  private finishGroup(crRaw: number): void {
    const before = this.parityWitness > 0;
    if (crRaw & 0x80) this.parityWitness = Math.min(this.parityWitness + 1, PARITY_WITNESS_MAX);
    else this.parityWitness = Math.max(this.parityWitness - 1, -PARITY_WITNESS_MAX);
    if (this.parityWitness > 0 !== before) this.last.forgetAll();
    this.groupOddBytes += ODD[crRaw];
    // A byte with a parity error may have any bit wrong, and a 6-bit checksum is weak: drop the group.
    if (this.parityWitness > 0 && this.groupOddBytes > 0) return this.rejectGroup(GROUP_VERDICT.PARITY);
    if (this.groupTooLong) return this.rejectGroup(GROUP_VERDICT.TOO_LONG);
    const seen = separatorMode(this.group, this.groupLength);
    let mode = this.locked ?? seen;
    if (mode === undefined) return this.rejectGroup(GROUP_VERDICT.SEPARATOR);
    if (this.setting === "auto" && seen !== undefined && seen !== mode) {
      // Enedis can switch a Linky between modes remotely: in auto mode, a run of good groups of the other mode re-locks.
      if (checkGroup(seen, this.group, this.groupLength, this.slots, this.groupSum) !== GROUP_VERDICT.OK) return this.rejectGroup(GROUP_VERDICT.SEPARATOR);
      if (++this.otherModeStreak < AUTO_RELOCK_GROUPS) return this.rejectGroup(GROUP_VERDICT.SEPARATOR);
      mode = seen;
      this.inFrame = false; // the frame in progress mixes modes: drop it, wait for the next STX
      this.clearFrame();
    }
    const verdict = checkGroup(mode, this.group, this.groupLength, this.slots, this.groupSum);
    if (verdict !== GROUP_VERDICT.OK) return this.rejectGroup(verdict);
    this.groupOpen = false;
    this.accept(this.slots.label!, false, 0, 0);
  }

  // ── a good group, from either path ──────────────────────────────────────────────────────────────────────────────

  /**
   * Record a good group, then its group and overload events. `fast`: proven by last.check, the group runs in the
   * window from `start` to its CR at `end`; otherwise checkGroup took it in the group buffer.
   */
  private accept(entry: TicLabel, fast: boolean, start: number, end: number): void {
    const id = entry.id;
    if (this.locked !== entry.mode) this.lock(entry.mode);
    this.otherModeStreak = 0;
    this.counters.groupsOk++;
    this.last.next[this.lastLabel] = id;
    this.lastLabel = id;
    // Without STX/ETX (console captures), a label seen twice means the meter has started its next frame.
    if (!this.framed && this.frame.has(id)) {
      this.guessedFrames++;
      this.emitFrame();
    }
    if (fast) this.last.take(id, start, end);
    else {
      this.frame.record(entry, this.group, this.slots);
      this.last.forget(id);
    }
    if (this.events.onGroup) this.events.onGroup(this.groupEvent(entry, this.fieldsOf(id, fast)));
    if (OVERLOAD_ROLE[id] !== 0) this.overloadCheck(id, fast);
  }

  /** Where the data of the group of `id` just accepted lies (`this.slots`): its label's last group, or the group buffer. */
  private fieldsOf(id: number, fast: boolean): Uint8Array {
    if (!fast) return this.group;
    this.last.locate(id, this.slots);
    return this.last.bytes;
  }

  /** The overload check of a good group of `id` (a label with a role), and its event when it shows an overrun. */
  private overloadCheck(id: number, fast: boolean): void {
    const entry = TIC_LABELS[id];
    const value = this.frame.values[id];
    const source = groupOverload(entry, value, this.limits);
    if (source !== undefined && this.events.onOverload) this.events.onOverload(overloadEvent(source, entry, this.dataText(entry, this.fieldsOf(id, fast)), value));
  }

  /** The group's data (located by `this.slots` in `bytes`) as a string, reused while the label's bytes repeat. */
  private dataText(entry: TicLabel, bytes: Uint8Array): string {
    this.strings.putData(entry, bytes, this.slots.dataStart, this.slots.dataEnd);
    return this.strings.dataText(entry);
  }

  private groupEvent(entry: TicLabel, bytes: Uint8Array): TicGroup {
    const data = this.dataText(entry, bytes);
    const slots = this.slots;
    if (slots.horodateStart < 0) return { label: entry.name, data };
    this.strings.putHorodate(entry, bytes, slots.horodateStart, slots.horodateEnd);
    return { label: entry.name, data, horodate: this.strings.horodateText(entry) };
  }

  // ── frames ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private startFrame(): void {
    if (this.inFrame) this.counters.framesAborted++;
    this.framed = true;
    this.inFrame = true;
    this.clearFrame();
  }

  private endFrame(): void {
    this.framed = true;
    // An ETX without its STX closes a frame we joined half-way: its groups were counted, but no reading is built.
    if (this.inFrame) this.emitFrame();
    this.inFrame = false;
    this.clearFrame();
  }

  private abortFrame(): void {
    if (this.inFrame) this.counters.framesAborted++;
    this.framed = true;
    this.inFrame = false;
    this.clearFrame();
  }

  private emitFrame(): void {
    if (this.frame.size > 0) {
      this.counters.frames++;
      const reading = this.readings.build(this.locked!, this.frame, this.counters);
      if (this.events.onFrame) this.events.onFrame(reading);
    }
    this.clearFrame();
  }

  private clearFrame(): void {
    this.frame.clear();
  }
}
