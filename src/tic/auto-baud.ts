// TIC line-rate policy for mode "auto": which UART rate (historic 1200, standard 9600 baud) the meter really sends at.
// Pure: fed the bytes read and the time by a serial shell (ESP32 or Linux); never opens a port, reads a clock or logs.
import type { KeyValueStore } from "../../hal/types";
import { checkGroup, GROUP_VERDICT, newGroupSlots, separatorMode } from "./group-check";
import type { TicModeSetting } from "./types";

export type TicBaud = 1200 | 9600;

/** Each TIC mode's line rate (Enedis-NOI-CPT_54E §5.3): historic 1200 baud, standard 9600 baud, both 7E1. */
export const TIC_BAUD = Object.freeze({ historic: 1200, standard: 9600 } as const);

/**
 * Good groups in a row that prove a rate. A group read at the wrong rate passes the 6-bit checksum by chance once in
 * 64, and must also be framed LF…CR with a known label and valid fields: three in a row by chance is out of reach.
 */
export const LOCK_GOOD_GROUPS = 3;
/**
 * Time on one rate without proof before trying the other. A historic frame lasts ≈ 2 s at 1200 baud and a group
 * ≈ 0.1 s; 5 s sees three groups with room for a frame cut mid-way, and a meter in either mode is found in ≤ 10 s.
 */
export const PROBE_WINDOW_MS = 5000;
/**
 * Once a rate is proven, this long without one good group is a long loss (unplugged, a new meter, or Enedis switched
 * the meter's mode remotely): detect again. Longer than any glitch a working line shows (the meter sends every ~2 s).
 */
export const REDETECT_AFTER_MS = 60000;
/** Longest TIC group is ≈ 110 bytes (standard PJOURF+1); past this the bytes are not a group (wrong rate). */
const GROUP_MAX_BYTES = 128;
/** Store key of the rate that worked last, so a restart opens the line at once at the right speed. */
export const REMEMBERED_BAUD_KEY = "tic.baud";

const LF = 0x0a;
const CR = 0x0d;

/** What the shell does after feeding bytes or time: switch the UART, or keep what was proven (remember it). */
export type AutoBaudAction =
  | { type: "switch"; baud: TicBaud; why: string }
  | { type: "locked"; baud: TicBaud; why: string }
  | { type: "redetect"; baud: TicBaud; why: string };

export interface AutoBaudOptions {
  mode: TicModeSetting;
  /** The rate that worked last (see readRememberedBaud); auto mode tries it first. */
  remembered?: TicBaud;
  nowMs: number;
}

export class AutoBaud {
  private current: TicBaud;
  private phase: "fixed" | "probing" | "locked";
  private windowStartMs: number;
  private lastGoodMs = 0;
  private streak = 0;
  private readonly group = new Uint8Array(GROUP_MAX_BYTES);
  private groupLength = -1; // -1: outside a group (waiting for LF)
  private readonly slots = newGroupSlots();

  constructor(options: AutoBaudOptions) {
    this.windowStartMs = options.nowMs;
    if (options.mode === "auto") {
      this.phase = "probing";
      this.current = options.remembered ?? TIC_BAUD.historic; // historic: the commoner mode on installed Linkys
    } else {
      this.phase = "fixed";
      this.current = TIC_BAUD[options.mode];
    }
  }

  /** The rate the UART must run at now. */
  baud(): TicBaud {
    return this.current;
  }

  /** True once good groups proved the rate (always true for a fixed mode). */
  proven(): boolean {
    return this.phase !== "probing";
  }

  /** Bytes read at the current rate. At most one action per call; the rest of the chunk is read at the old rate. */
  push(chunk: Uint8Array, nowMs: number): AutoBaudAction | undefined {
    if (this.phase === "fixed") return undefined;
    let action: AutoBaudAction | undefined;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] & 0x7f; // an ESP32 reads 7E1 as 8N1: bit 7 is the parity bit
      if (b === LF) {
        this.groupLength = 0;
      } else if (b === CR) {
        if (this.groupLength > 0) action = this.groupEnded(nowMs) ?? action;
        this.groupLength = -1;
      } else if (this.groupLength >= 0) {
        if (this.groupLength >= GROUP_MAX_BYTES) {
          this.groupLength = -1;
          this.streak = 0;
        } else this.group[this.groupLength++] = b;
      }
    }
    return action ?? this.poll(nowMs);
  }

  /** Time passing (call about once a second, bytes or not): a probe window ran out, or a long loss. */
  poll(nowMs: number): AutoBaudAction | undefined {
    if (this.phase === "probing" && nowMs - this.windowStartMs >= PROBE_WINDOW_MS) {
      const from = this.current;
      this.switchTo(this.current === TIC_BAUD.historic ? TIC_BAUD.standard : TIC_BAUD.historic, nowMs);
      return { type: "switch", baud: this.current, why: `no ${LOCK_GOOD_GROUPS} good groups in a row within ${PROBE_WINDOW_MS} ms at ${from} baud` };
    }
    if (this.phase === "locked" && nowMs - this.lastGoodMs >= REDETECT_AFTER_MS) {
      this.phase = "probing";
      this.windowStartMs = nowMs;
      this.streak = 0;
      return { type: "redetect", baud: this.current, why: `no good group for ${REDETECT_AFTER_MS} ms at ${this.current} baud` };
    }
    return undefined;
  }

  private groupEnded(nowMs: number): AutoBaudAction | undefined {
    const mode = separatorMode(this.group, this.groupLength);
    const good = mode !== undefined && checkGroup(mode, this.group, this.groupLength, this.slots) === GROUP_VERDICT.OK;
    if (!good) {
      this.streak = 0;
      return undefined;
    }
    this.lastGoodMs = nowMs;
    if (this.phase !== "probing" || ++this.streak < LOCK_GOOD_GROUPS) return undefined;
    this.phase = "locked";
    return { type: "locked", baud: this.current, why: `${LOCK_GOOD_GROUPS} good ${mode} groups in a row` };
  }

  private switchTo(baud: TicBaud, nowMs: number): void {
    this.current = baud;
    this.windowStartMs = nowMs;
    this.streak = 0;
    this.groupLength = -1;
  }
}

/** The rate stored by rememberBaud, if any and valid. */
export function readRememberedBaud(store: KeyValueStore): TicBaud | undefined {
  const bytes = store.get(REMEMBERED_BAUD_KEY);
  if (!bytes || bytes.length !== 2) return undefined;
  const baud = bytes[0] * 256 + bytes[1];
  return baud === TIC_BAUD.historic || baud === TIC_BAUD.standard ? baud : undefined;
}

/** Keep a proven rate (written only when it changed: flash wears out). */
export function rememberBaud(store: KeyValueStore, baud: TicBaud): void {
  if (readRememberedBaud(store) === baud) return;
  store.set(REMEMBERED_BAUD_KEY, Uint8Array.of(baud >> 8, baud & 0xff));
}
