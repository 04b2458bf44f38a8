// The overload slice: shed on the first overrun signal in ascending priority, cascade while it lasts, then bring
// loads back one at a time, most important first, each after power stayed low long enough. Pure; no clock.

import type { DecisionNumbers, LoadConfig } from "../loads/types";

/** Wait this long after a shed before cascading again: the next frame must first show the shed's effect. */
export const OVERLOAD_SETTLE_MS = 2500;
/**
 * Historic meters report the current drawn (IINST, A): drawn power ≈ 230 V × A. (Not the meter's 200 VA per A,
 * which only defines the subscribed power from ISOUSC: tic/reading ISOUSC_VA_PER_A.)
 */
export const VOLTS_PER_AMP_ESTIMATE = 230;

export interface OverloadState {
  active: boolean;
  /** Loads shed for overload, in the order they were shed. */
  shed: string[];
  lastShedMs: number | null;
  /**
   * Loads held back while the overrun lasted (they wanted to start, or the budget cut them): they come back
   * through the same one-at-a-time restore as the shed ones, never all at once when the last shed one returns.
   */
  waiting: string[];
  /** First reading of the current run of readings below the restore threshold; null after a high one. */
  quietSinceMs: number | null;
  /** Everything sheddable is off and the overrun goes on. */
  unresolved: boolean;
  /** The load the last restore let back: the only one allowed to start while others still wait. */
  restoredId: string | null;
  /** What was compared when each shed load was cut, kept for its decision while it stays off. */
  shedNumbers: Readonly<Record<string, DecisionNumbers>>;
}

export function initialOverload(): OverloadState {
  return { active: false, shed: [], waiting: [], lastShedMs: null, quietSinceMs: null, unresolved: false, restoredId: null, shedNumbers: {} };
}

export interface LoadView {
  config: LoadConfig;
  on: boolean;
}

export interface OverloadStep {
  state: OverloadState;
  shedNow: { id: string; numbers: DecisionNumbers }[];
  /** `shed`: it was cut for the overrun; otherwise it waited for the overrun to end. */
  restoreNow: { id: string; numbers: DecisionNumbers; shed: boolean } | null;
  /** true when it just became unresolved, false when it just cleared, null otherwise. */
  unresolvedChanged: boolean | null;
}

/** An overrun is signalled (a group mid-frame, or a frame flag): shed enough to cover the estimated excess. */
export function onOverrun(
  state: OverloadState,
  loads: readonly LoadView[],
  drawnVA: number | undefined,
  limitVA: number,
  nowMs: number,
): OverloadStep {
  const none: OverloadStep = { state, shedNow: [], restoreNow: null, unresolvedChanged: null };
  // Acting on the first signal, then letting one frame show the result before cascading.
  if (state.active && state.lastShedMs !== null && nowMs - state.lastShedMs < OVERLOAD_SETTLE_MS) return none;
  const candidates = loads
    .filter((l) => l.on && l.config.priority > 0 && l.config.shedBy.indexOf("overload") >= 0 && state.shed.indexOf(l.config.id) < 0)
    .sort((a, b) => b.config.priority - a.config.priority || b.config.nominalPowerW - a.config.nominalPowerW);
  const next: OverloadState = { ...state, active: true, quietSinceMs: null, shed: state.shed.slice(), restoredId: null };
  const shedNumbers: Record<string, DecisionNumbers> = { ...state.shedNumbers };
  if (candidates.length === 0) {
    next.unresolved = true;
    return { state: next, shedNow: [], restoreNow: null, unresolvedChanged: state.unresolved ? null : true };
  }
  const excessVA = drawnVA === undefined ? 0 : drawnVA - limitVA;
  const shedNow: OverloadStep["shedNow"] = [];
  let shedW = 0;
  for (const c of candidates) {
    if (shedNow.length > 0 && shedW >= excessVA) break;
    shedW += c.config.nominalPowerW;
    next.shed.push(c.config.id);
    const numbers = { drawnVA: drawnVA ?? "unknown", limitVA, excessVA: drawnVA === undefined ? "unknown" : excessVA, shedW, priority: c.config.priority };
    shedNumbers[c.config.id] = numbers;
    shedNow.push({ id: c.config.id, numbers });
  }
  next.lastShedMs = nowMs;
  next.shedNumbers = shedNumbers;
  return { state: next, shedNow, restoreNow: null, unresolvedChanged: null };
}

/** Loads the overrun kept from running join the restore queue (once). */
export function holdBack(state: OverloadState, ids: readonly string[]): OverloadState {
  let waiting: string[] | null = null;
  for (const id of ids) {
    if (state.shed.indexOf(id) >= 0 || state.waiting.indexOf(id) >= 0 || (waiting !== null && waiting.indexOf(id) >= 0)) continue;
    if (waiting === null) waiting = state.waiting.slice();
    waiting.push(id);
  }
  return waiting === null ? state : { ...state, waiting };
}

/** No overrun, nothing shed or waiting to come back: a quiet frame has nothing to change (onQuietFrame is a no-op). */
export function overloadIdle(state: OverloadState): boolean {
  return !state.active && !state.unresolved && state.shed.length === 0 && state.waiting.length === 0;
}

/** A frame without overrun: clear the flags and maybe bring back the most important load still held. */
export function onQuietFrame(
  state: OverloadState,
  configs: readonly LoadConfig[],
  powerVA: number | undefined,
  limitVA: number,
  marginW: number,
  holdMs: number,
  nowMs: number,
): OverloadStep {
  const unresolvedChanged = state.unresolved ? false : null;
  let next: OverloadState = state.active || state.unresolved ? { ...state, active: false, unresolved: false } : state;
  if (next.shed.length === 0 && next.waiting.length === 0) return { state: next, shedNow: [], restoreNow: null, unresolvedChanged };
  let candidate: LoadConfig | null = null;
  for (const id of next.shed.concat(next.waiting)) {
    const c = configs.find((l) => l.id === id);
    if (c && (candidate === null || c.priority < candidate.priority)) candidate = c;
  }
  if (candidate === null) {
    // Their loads were removed from the settings: forget them.
    return { state: { ...next, shed: [], waiting: [], shedNumbers: {} }, shedNow: [], restoreNow: null, unresolvedChanged };
  }
  const thresholdVA = limitVA - candidate.nominalPowerW - marginW;
  if (powerVA === undefined || powerVA > thresholdVA) {
    // The quiet time counts from the first low reading after this one.
    return { state: next.quietSinceMs === null ? next : { ...next, quietSinceMs: null }, shedNow: [], restoreNow: null, unresolvedChanged };
  }
  if (next.quietSinceMs === null) next = { ...next, quietSinceMs: nowMs };
  const quietSinceMs = next.quietSinceMs as number;
  if (nowMs - quietSinceMs < holdMs) return { state: next, shedNow: [], restoreNow: null, unresolvedChanged };
  const id = candidate.id;
  const wasShed = next.shed.indexOf(id) >= 0;
  return {
    state: {
      ...next,
      shed: wasShed ? next.shed.filter((s) => s !== id) : next.shed,
      waiting: wasShed ? next.waiting : next.waiting.filter((s) => s !== id),
      quietSinceMs: null,
      restoredId: id,
      shedNumbers: without(next.shedNumbers, id),
    },
    shedNow: [],
    restoreNow: { id, shed: wasShed, numbers: { powerVA, thresholdVA, limitVA, nominalW: candidate.nominalPowerW, marginW, quietMs: nowMs - quietSinceMs } },
    unresolvedChanged,
  };
}

function without(numbers: Readonly<Record<string, DecisionNumbers>>, id: string): Record<string, DecisionNumbers> {
  const out: Record<string, DecisionNumbers> = {};
  for (const k in numbers) if (k !== id) out[k] = numbers[k];
  return out;
}
