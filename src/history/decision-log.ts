// The last 200 load decisions (which load, level, reason code, the power and limit compared, the tariff): a fixed ring.
// Fixed memory; holds codes and numbers, never text (pages render the reason per language).

import type { LoadLevel, LoadReason } from "../loads/types";

/** Enough for a red day's rotations and restores on ten loads, small enough for the ESP32 heap (below). */
export const DECISION_CAPACITY = 200;
/**
 * Bytes held: time (Float64, 8 B), a reference to the load's id string (4 B on the ESP32; the strings are the
 * settings' own), level, reason and tariff (Uint8 each), power and limit VA (Uint16 each): 200 × 19 = 3,800 B.
 */
export const DECISION_LOG_BYTES = DECISION_CAPACITY * (8 + 4 + 3 + 4);

/** Codes stored per entry; the order is the storage format of this ring (RAM only), not a ranking. */
export const LEVEL_CODES: readonly LoadLevel[] = Object.freeze(["off", "eco", "normal", "boost"] as LoadLevel[]);
export const REASON_CODES: readonly LoadReason[] = Object.freeze([
  "red_peak", "white_peak", "overload", "meter_lost", "budget", "rotation", "forced_off", "normal", "heat_mode", "forced_on", "boot",
] as LoadReason[]);
const NO_VA = 0xffff;

export interface DecisionEntry {
  atMs: number;
  loadId: string;
  level: LoadLevel;
  reason: LoadReason;
  /** The meter's power and the limit the decision compared, when it compared them. */
  powerVA: number | null;
  limitVA: number | null;
  /** Tariff code (src/history/power-history.ts tariffCode). */
  tariff: number;
}

export class DecisionLog {
  private readonly atMs = new Float64Array(DECISION_CAPACITY);
  private readonly loadIds: string[] = [];
  private readonly level = new Uint8Array(DECISION_CAPACITY);
  private readonly reason = new Uint8Array(DECISION_CAPACITY);
  private readonly tariff = new Uint8Array(DECISION_CAPACITY);
  private readonly powerVA = new Uint16Array(DECISION_CAPACITY);
  private readonly limitVA = new Uint16Array(DECISION_CAPACITY);
  private next = 0;
  private count = 0;

  constructor() {
    for (let i = 0; i < DECISION_CAPACITY; i++) this.loadIds.push("");
  }

  get size(): number {
    return this.count;
  }

  add(entry: DecisionEntry): void {
    const i = this.next;
    this.atMs[i] = entry.atMs;
    this.loadIds[i] = entry.loadId;
    this.level[i] = Math.max(0, LEVEL_CODES.indexOf(entry.level));
    this.reason[i] = Math.max(0, REASON_CODES.indexOf(entry.reason));
    this.tariff[i] = entry.tariff;
    this.powerVA[i] = entry.powerVA === null ? NO_VA : Math.min(NO_VA - 1, Math.max(0, Math.round(entry.powerVA)));
    this.limitVA[i] = entry.limitVA === null ? NO_VA : Math.min(NO_VA - 1, Math.max(0, Math.round(entry.limitVA)));
    this.next = (i + 1) % DECISION_CAPACITY;
    if (this.count < DECISION_CAPACITY) this.count++;
  }

  /** Newest first, at most `limit`. */
  entries(limit = DECISION_CAPACITY): DecisionEntry[] {
    const out: DecisionEntry[] = [];
    for (let k = 0; k < this.count && k < limit; k++) {
      const i = (this.next - 1 - k + DECISION_CAPACITY) % DECISION_CAPACITY;
      out.push({
        atMs: this.atMs[i],
        loadId: this.loadIds[i],
        level: LEVEL_CODES[this.level[i]],
        reason: REASON_CODES[this.reason[i]],
        powerVA: this.powerVA[i] === NO_VA ? null : this.powerVA[i],
        limitVA: this.limitVA[i] === NO_VA ? null : this.limitVA[i],
        tariff: this.tariff[i],
      });
    }
    return out;
  }
}
