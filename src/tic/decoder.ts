// Streaming TIC decoder: bytes in any chunking → group events at each CR, overload events at once, a reading per frame.
// Never touches the UART, timers or the clock, never throws on input, and never allocates per byte.
import { checkGroup, GROUP_VERDICT, type GroupVerdict, newGroupSlots, separatorMode } from "./group-check";
import { TIC_LABELS } from "./labels";
import { groupOverload, newOverloadLimits } from "./overload";
import { FrameGroups } from "./frame-groups";
import { buildReading } from "./reading";
import { GroupStringCache } from "./string-cache";
import type { TicCounters, TicDecoderEvents, TicMode, TicModeSetting } from "./types";

const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const LF = 0x0a;
const CR = 0x0d;

/** Longest group kept (PJOURF+1 is 109 bytes); anything longer is dropped and counted. */
export const TIC_GROUP_CAPACITY = 128;
/** Upper bound of groups held for one frame: one per known label, whatever the input. */
export const TIC_FRAME_MAX_GROUPS = TIC_LABELS.length;

/** 1 when a byte has an odd number of set bits: as an 8N1 read of a 7E1 line, that byte has a parity error. */
const ODD_PARITY = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let ones = 0;
  for (let v = b; v !== 0; v >>= 1) ones += v & 1;
  ODD_PARITY[b] = ones & 1;
}

/**
 * Parity is judged only once the line shows it carries parity in bit 7. The witness is the CR ending every group:
 * 0x8D when an 8N1 UART reads a 7E1 line, 0x0D in a 7-bit-clean capture (a file, a 7E1 UART, a dongle that strips
 * parity). Each CR moves a score by ±1 within ±PARITY_WITNESS_MAX; parity errors are counted while it is positive,
 * so one damaged CR neither switches the check on in a clean capture nor off on a real line.
 */
const PARITY_WITNESS_MAX = 4;

/** Auto mode: consecutive good groups of the other mode that make the decoder switch (one bad group never does). */
export const AUTO_RELOCK_GROUPS = 8;

export interface TicDecoderOptions extends TicDecoderEvents {
  mode: TicModeSetting;
}

export class TicDecoder {
  readonly counters: TicCounters = { frames: 0, groupsOk: 0, groupsBad: 0, parityErrors: 0, framesAborted: 0 };
  private readonly setting: TicModeSetting;
  private readonly events: TicDecoderEvents;
  private locked: TicMode | undefined;
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
  private readonly frame = new FrameGroups();
  /** Strings of the last data and horodate per label, reused while the bytes repeat (see string-cache.ts). */
  private readonly strings = new GroupStringCache();
  private readonly slots = newGroupSlots();
  private readonly limits = newOverloadLimits();
  private readonly badByVerdict = new Uint32Array(Object.keys(GROUP_VERDICT).length);

  constructor(options: TicDecoderOptions) {
    this.setting = options.mode;
    this.events = { onGroup: options.onGroup, onOverload: options.onOverload, onFrame: options.onFrame };
    this.locked = options.mode === "auto" ? undefined : options.mode;
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
    const group = this.group;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.groupOpen) {
        // Inside a group: copy bytes with local counters until the byte that ends it (the hot loop).
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
          odd += ODD_PARITY[raw];
          if (length < TIC_GROUP_CAPACITY) {
            group[length++] = c;
            sum += c;
          } else this.groupTooLong = true;
        }
        this.groupLength = length;
        this.groupOddBytes = odd;
        this.groupSum = sum;
        if (i === n) return;
        i++;
        if (c === CR) {
          this.finishGroup(raw);
        } else if (c === LF) {
          this.rejectGroup(GROUP_VERDICT.CUT); // CR lost: this LF starts the next group
          this.openGroup(raw);
        } else {
          this.rejectGroup(GROUP_VERDICT.CUT);
          if (this.parityWitness > 0 && ODD_PARITY[raw] === 1) this.counters.parityErrors++;
          this.abortFrame();
        }
        continue;
      }
      const raw = chunk[i++];
      const c = raw & 0x7f;
      if (c === LF) {
        this.openGroup(raw);
        continue;
      }
      if (this.parityWitness > 0 && ODD_PARITY[raw] === 1) this.counters.parityErrors++;
      if (c === STX) this.startFrame();
      else if (c === ETX) this.endFrame();
      else if (c === EOT) this.abortFrame();
      // Anything else between groups (a stream that starts mid-group, line noise) is skipped until the next LF.
    }
  }

  /**
   * End of input (a file or pipe closed). A capture without any STX/ETX (a console log) is delivered as one reading
   * when no repeated label has delimited a frame yet; a framed stream's unfinished frame is dropped.
   */
  end(): void {
    this.groupOpen = false;
    if (!this.framed && this.guessedFrames === 0 && this.frame.size > 0) this.emitFrame();
    this.clearFrame();
    this.inFrame = false;
  }

  /** Back to the initial state: counters zeroed, auto mode unlocked, limits and partial frame forgotten. */
  reset(): void {
    const c = this.counters;
    c.frames = c.groupsOk = c.groupsBad = c.parityErrors = c.framesAborted = 0;
    this.locked = this.setting === "auto" ? undefined : this.setting;
    this.groupLength = 0;
    this.groupOpen = this.groupTooLong = this.inFrame = this.framed = false;
    this.groupOddBytes = this.parityWitness = this.guessedFrames = this.otherModeStreak = 0;
    this.limits.isouscA = this.limits.prefKVA = undefined;
    this.badByVerdict.fill(0);
    this.clearFrame();
  }

  private openGroup(raw: number): void {
    this.groupOpen = true;
    this.groupLength = 0;
    this.groupTooLong = false;
    this.groupOddBytes = ODD_PARITY[raw];
    this.groupSum = 0;
  }

  private rejectGroup(verdict: GroupVerdict): void {
    this.groupOpen = false;
    if (this.parityWitness > 0) this.counters.parityErrors += this.groupOddBytes;
    this.counters.groupsBad++;
    this.badByVerdict[verdict]++;
  }

  private finishGroup(crRaw: number): void {
    if (crRaw & 0x80) this.parityWitness = Math.min(this.parityWitness + 1, PARITY_WITNESS_MAX);
    else this.parityWitness = Math.max(this.parityWitness - 1, -PARITY_WITNESS_MAX);
    this.groupOddBytes += ODD_PARITY[crRaw];
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
    this.otherModeStreak = 0;
    this.locked = mode;
    this.acceptGroup(mode);
  }

  private acceptGroup(mode: TicMode): void {
    const slots = this.slots;
    const entry = slots.label!;
    const label = entry.name; // the table's own string: no allocation for the label
    const data = this.strings.data(entry, this.group, slots.dataStart, slots.dataEnd);
    const horodate = slots.horodateStart >= 0 ? this.strings.horodate(entry, this.group, slots.horodateStart, slots.horodateEnd) : undefined;
    this.counters.groupsOk++;
    // Without STX/ETX (console captures), a label seen twice means the meter has started its next frame.
    if (!this.framed && this.frame.hasEntry(entry)) {
      this.guessedFrames++;
      this.emitFrame();
    }
    this.frame.mode = mode;
    this.frame.set(entry, data, horodate);
    if (this.events.onGroup) this.events.onGroup(horodate === undefined ? { label, data } : { label, data, horodate });
    const overload = groupOverload(mode, label, data, this.limits);
    if (overload && this.events.onOverload) this.events.onOverload(overload);
  }

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
      const reading = buildReading(this.frame.mode, this.frame, this.counters);
      if (this.events.onFrame) this.events.onFrame(reading);
    }
    this.clearFrame();
  }

  private clearFrame(): void {
    this.frame.clear();
  }
}
