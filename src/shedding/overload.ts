// Over-consumption response: shed on the first overrun signal in ascending priority, cascade while it lasts,
// bring loads back one at a time after the power has stayed low long enough. Pure; never reads the clock.

import type { DecisionNumbers, LoadConfig } from "../app/types";

/** Wait this long after a shed before cascading again: the next frame must first show the shed's effect. */
export const OVERLOAD_SETTLE_MS = 2500;
/** Historic meters report current; the meter rates its subscribed power at 200 V (ISOUSC × 200 VA). */
export const VOLTS_PER_AMP_ESTIMATE = 230;

export interface OverloadState {
  active: boolean;
  /** Loads shed for overload, in the order they were shed. */
  shed: string[];
  lastShedMs: number | null;
  /** Start of the current window during which power stayed below the restore threshold. */
  quietSinceMs: number | null;
  /** Everything sheddable is off and the overrun goes on. */
  unresolved: boolean;
  /** The load the last restore let back: the only one allowed to start while others still wait. */
  restoredId: string | null;
  /** What was compared when each shed load was cut, kept for its decision while it stays off. */
  shedNumbers: Readonly<Record<string, DecisionNumbers>>;
}

export function initialOverload(): OverloadState {
  return { active: false, shed: [], lastShedMs: null, quietSinceMs: null, unresolved: false, restoredId: null, shedNumbers: {} };
}

export interface LoadView {
  config: LoadConfig;
  on: boolean;
}

export interface OverloadStep {
  state: OverloadState;
  shedNow: { id: string; numbers: DecisionNumbers }[];
  restoreNow: { id: string; numbers: DecisionNumbers } | null;
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
  const next: OverloadState = { ...state, active: true, quietSinceMs: nowMs, shed: state.shed.slice(), restoredId: null };
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

/** A frame without overrun: clear the flags and maybe bring back the most important shed load. */
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
  if (next.shed.length === 0) return { state: next, shedNow: [], restoreNow: null, unresolvedChanged };
  let candidate: LoadConfig | null = null;
  for (const id of next.shed) {
    const c = configs.find((l) => l.id === id);
    if (c && (candidate === null || c.priority < candidate.priority)) candidate = c;
  }
  if (candidate === null) {
    // Its load was removed from the settings: forget it.
    return { state: { ...next, shed: [], shedNumbers: {} }, shedNow: [], restoreNow: null, unresolvedChanged };
  }
  const thresholdVA = limitVA - candidate.nominalPowerW - marginW;
  const quietSinceMs = next.quietSinceMs ?? nowMs;
  if (powerVA === undefined || powerVA > thresholdVA) {
    return { state: { ...next, quietSinceMs: nowMs }, shedNow: [], restoreNow: null, unresolvedChanged };
  }
  if (nowMs - quietSinceMs < holdMs) {
    if (next.quietSinceMs === null) next = { ...next, quietSinceMs };
    return { state: next, shedNow: [], restoreNow: null, unresolvedChanged };
  }
  const id = candidate.id;
  return {
    state: { ...next, shed: next.shed.filter((s) => s !== id), quietSinceMs: nowMs, restoredId: id, shedNumbers: without(next.shedNumbers, id) },
    shedNow: [],
    restoreNow: { id, numbers: { powerVA, thresholdVA, limitVA, nominalW: candidate.nominalPowerW, marginW, quietMs: nowMs - quietSinceMs } },
    unresolvedChanged,
  };
}

function without(numbers: Readonly<Record<string, DecisionNumbers>>, id: string): Record<string, DecisionNumbers> {
  const out: Record<string, DecisionNumbers> = {};
  for (const k in numbers) if (k !== id) out[k] = numbers[k];
  return out;
}
