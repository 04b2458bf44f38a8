// PV surplus routing: which loads run on the sun now, one start at a time by priority with rotation among equals,
// stops after sustained import, minimum run and daily maximum, modulating setpoints, and the daily guarantee in HC.
// A pure reducer over injected instants; never switches an output (the `surplus` policy rule reads its decisions).

import { tempoDayStartMs } from "../tariff/tempo-calendar";
import type { Routable } from "./source";

/** A load's surplus policy (all times in ms, powers in W). */
export interface SurplusPolicy {
  /** Started when the surplus is ≥ its power + this, for onDelayMs. */
  marginW: number;
  onDelayMs: number;
  /** Stopped when importing ≥ this (or the battery feeds it), for offDelayMs. */
  stopImportW: number;
  offDelayMs: number;
  minRunMs: number;
  /** 0: no maximum. */
  maxRunMsPerDay: number;
  /** Run time owed per Tempo day (hot water): what the sun did not give runs in the next HC; 0: none. */
  guaranteeMs: number;
}

/** evcc-like defaults: a minute to start, five to stop, ten minutes' guard (DOMAIN §7 "how peers shed"). */
export const DEFAULT_SURPLUS_POLICY: SurplusPolicy = Object.freeze({
  marginW: 100,
  onDelayMs: 60_000,
  stopImportW: 200,
  offDelayMs: 5 * 60_000,
  minRunMs: 10 * 60_000,
  maxRunMsPerDay: 0,
  guaranteeMs: 0,
});

export interface RoutedLoad {
  id: string;
  /** 1 first … 4 last (priority 0 loads are never routed: they always run). */
  priority: number;
  powerW: number;
  /** A PV router or EV charger: it takes a setpoint between minPowerW and powerW. */
  modulating: boolean;
  minPowerW: number;
  policy: SurplusPolicy;
}

export type RoutedReason = "surplus" | "no_surplus" | "guarantee";

export interface RoutedLoadState {
  on: boolean;
  /** Modulating: the setpoint handed out (W); others: their power while on. */
  setpointW: number;
  reason: RoutedReason;
  detail: string;
  numbers: Record<string, number | string>;
  switchedAtMs: number | null;
  /** Since when the surplus has been enough to start it (null: not now). */
  enoughSinceMs: number | null;
  /** Since when importing (or below a modulating load's minimum) while it runs. */
  shortSinceMs: number | null;
  runMsToday: number;
  /** Runs today cut short by import before twice the minimum run: each doubles the wait before the next start. */
  failedStartsToday: number;
}

export interface RouterState {
  loads: Readonly<Record<string, RoutedLoadState>>;
  dayStartMs: number;
  lastMs: number | null;
  /** Switches made by the router (starts and stops): what the anti-flapping tests count. */
  switches: number;
}

export interface RouterInput {
  nowMs: number;
  routable: Routable;
  period: "hp" | "hc";
  /** Off-grid: no tariff, no guarantee in HC; the battery alone says. */
  offGrid: boolean;
  /** An overrun now, or loads still coming back from one: nothing starts. */
  overrun: boolean;
  /**
   * Whether each load really ran since the last step (the budget or anti-chatter may have kept a load the router
   * wanted on off): run time, and so the daily guarantee and maximum, count what ran. Absent: the router's own word.
   */
  running?: Readonly<Record<string, { on: boolean | null }>>;
}

/** The longest a load waits after failed starts (2 h: the sun moves on; it gets its chance again). */
const MAX_RESTART_GUARD_MS = 2 * 60 * 60_000;
/** A step's clock gap bigger than this (a pause, a restored state) is not counted as run time. */
const MAX_COUNTED_GAP_MS = 5 * 60_000;

export function initialRouter(nowMs: number): RouterState {
  return { loads: {}, dayStartMs: tempoDayStartMs(nowMs), lastMs: null, switches: 0 };
}

function fresh(): RoutedLoadState {
  return { on: false, setpointW: 0, reason: "no_surplus", detail: "waiting for surplus", numbers: {}, switchedAtMs: null, enoughSinceMs: null, shortSinceMs: null, runMsToday: 0, failedStartsToday: 0 };
}

/**
 * One step. The rules, in order (order matters where said):
 * 1. a new Tempo day clears run times; run time counts for loads that ran since the last step;
 * 2. the guarantee (HC only, never off-grid) runs a load that still owes time, whatever the sun;
 * 3. running loads: daily maximum → stop; modulating setpoint follows the surplus; sustained import (or unknown
 *    surplus) past offDelayMs and the minimum run → stop, one load per step, the last in priority first;
 * 4. one start per step at most, and none during an overrun: the first waiting load by priority (least run today
 *    first among equals: rotation) whose power fits the surplus for onDelayMs; a start restarts every wait,
 *    because the surplus measured next includes the load just started.
 */
export function routeStep(prev: RouterState, loads: readonly RoutedLoad[], input: RouterInput): RouterState {
  const { nowMs } = input;
  const dayStartMs = tempoDayStartMs(nowMs);
  const newDay = dayStartMs !== prev.dayStartMs;
  const gapMs = prev.lastMs === null ? 0 : Math.min(Math.max(nowMs - prev.lastMs, 0), MAX_COUNTED_GAP_MS);
  const states: Record<string, RoutedLoadState> = {};
  for (const l of loads) {
    const old = prev.loads[l.id] ?? fresh();
    const s: RoutedLoadState = { ...old };
    // 1. Run time belongs to the day it ran in; a new day starts at zero.
    const ran = input.running ? input.running[l.id]?.on === true : s.on;
    if (ran && !newDay) s.runMsToday += gapMs;
    if (newDay) {
      s.runMsToday = 0;
      s.failedStartsToday = 0;
    }
    states[l.id] = s;
  }
  let switches = prev.switches;
  const switchOn = (s: RoutedLoadState, reason: RoutedReason, setpointW: number, detail: string, numbers: Record<string, number | string>): void => {
    if (!s.on) {
      switches++;
      s.switchedAtMs = nowMs;
    }
    s.on = true;
    s.reason = reason;
    s.setpointW = setpointW;
    s.detail = detail;
    s.numbers = numbers;
    s.shortSinceMs = null;
    s.enoughSinceMs = null;
  };
  const switchOff = (s: RoutedLoadState, detail: string, numbers: Record<string, number | string>): void => {
    if (s.on) {
      switches++;
      s.switchedAtMs = nowMs;
    }
    s.on = false;
    s.reason = "no_surplus";
    s.setpointW = 0;
    s.detail = detail;
    s.numbers = numbers;
    s.shortSinceMs = null;
    s.enoughSinceMs = null;
  };

  const r = input.routable;
  const w = r.routableW;
  const base = r.numbers;

  // 2. The guarantee: in HC (never a red or white HP), not off-grid, until the day's owed time is run.
  for (const l of loads) {
    const s = states[l.id];
    const owedMs = l.policy.guaranteeMs - s.runMsToday;
    if (l.policy.guaranteeMs > 0 && !input.offGrid && input.period === "hc" && owedMs > 0) {
      switchOn(s, "guarantee", l.powerW, `daily guarantee: ${Math.ceil(owedMs / 60_000)} min still owed, run in HC`, { owedMs, guaranteeMs: l.policy.guaranteeMs, runMsToday: s.runMsToday });
    } else if (s.on && s.reason === "guarantee") {
      switchOff(s, owedMs <= 0 ? "daily guarantee met" : "HC over: the guarantee waits for the next HC", { owedMs, runMsToday: s.runMsToday });
    }
  }

  // 3. Running loads: daily maximum, modulation, sustained import.
  let stopCandidate: RoutedLoad | null = null;
  for (const l of loads) {
    const s = states[l.id];
    if (!s.on || s.reason === "guarantee") continue;
    if (l.policy.maxRunMsPerDay > 0 && s.runMsToday >= l.policy.maxRunMsPerDay) {
      switchOff(s, `ran its daily maximum (${Math.round(l.policy.maxRunMsPerDay / 60_000)} min)`, { runMsToday: s.runMsToday, maxRunMsPerDay: l.policy.maxRunMsPerDay });
      continue;
    }
    let short: boolean;
    if (l.modulating && w !== null) {
      // The measure already includes what it draws: the new setpoint is the old one plus what is still spare.
      const wanted = s.setpointW + w - l.policy.marginW;
      const setpointW = Math.max(l.minPowerW, Math.min(l.powerW, Math.floor(wanted / MODULATION_STEP_W) * MODULATION_STEP_W));
      if (setpointW !== s.setpointW) {
        s.setpointW = setpointW;
        s.detail = `setpoint ${setpointW} W follows the surplus`;
        s.numbers = { ...base, setpointW };
      }
      short = wanted < l.minPowerW;
    } else short = w === null || w <= -l.policy.stopImportW;
    if (!short) {
      s.shortSinceMs = null;
      continue;
    }
    if (s.shortSinceMs === null) s.shortSinceMs = nowMs;
    const ranMs = s.switchedAtMs === null ? Infinity : nowMs - s.switchedAtMs;
    if (nowMs - s.shortSinceMs >= l.policy.offDelayMs && ranMs >= l.policy.minRunMs) {
      // The last in priority, then the one that ran most today, gives way first.
      if (stopCandidate === null || l.priority > stopCandidate.priority || (l.priority === stopCandidate.priority && s.runMsToday > states[stopCandidate.id].runMsToday)) stopCandidate = l;
    }
  }
  if (stopCandidate !== null) {
    const l = stopCandidate;
    const st = states[l.id];
    if (st.switchedAtMs !== null && nowMs - st.switchedAtMs < 2 * l.policy.minRunMs) st.failedStartsToday++;
    const detail = w === null ? `surplus unknown for ${Math.round(l.policy.offDelayMs / 60_000)} min: ${r.detail}` : `importing ${-w} W ≥ ${l.policy.stopImportW} W for ${Math.round(l.policy.offDelayMs / 60_000)} min`;
    switchOff(states[l.id], detail, { ...base, stopImportW: l.policy.stopImportW });
  }

  // 4. At most one start, none during an overrun, none when a load stopped this very step (the measure is stale).
  if (!input.overrun && stopCandidate === null && w !== null) {
    // A load whose daily maximum leaves less than its minimum run is not started (it would only be cut again).
    const waiting = loads.filter((l) => !states[l.id].on && !(l.policy.maxRunMsPerDay > 0 && states[l.id].runMsToday + l.policy.minRunMs > l.policy.maxRunMsPerDay));
    waiting.sort((a, b) => a.priority - b.priority || states[a.id].runMsToday - states[b.id].runMsToday || (a.id < b.id ? -1 : 1));
    let timing: string | null = null;
    for (const l of waiting) {
      const s = states[l.id];
      // A load that stopped waits its minimum run time before it may start again, doubled for each run cut short
      // today: passing clouds (or a battery hovering at full off-grid) would otherwise start and stop it every
      // offDelayMs + minRunMs all afternoon.
      const guardMs = Math.min(l.policy.minRunMs * 2 ** s.failedStartsToday, MAX_RESTART_GUARD_MS);
      if (s.switchedAtMs !== null && nowMs - s.switchedAtMs < guardMs) {
        s.enoughSinceMs = null;
        continue;
      }
      const needW = (l.modulating ? l.minPowerW : l.powerW) + l.policy.marginW;
      // Priority: a modulating load further down the list gives back what it takes above its minimum.
      let reclaimW = 0;
      for (const other of loads) {
        const o = states[other.id];
        if (other.modulating && o.on && o.reason === "surplus" && other.priority > l.priority) reclaimW += o.setpointW - other.minPowerW;
      }
      const enough = w + reclaimW >= needW || (r.full && w >= -l.policy.stopImportW);
      if (!enough || timing !== null) {
        s.enoughSinceMs = null;
        if (!enough) {
          s.detail = `waiting for ${needW} W of surplus (${w + reclaimW} W now)`;
          s.numbers = { ...base, needW };
        }
        continue;
      }
      timing = l.id;
      if (s.enoughSinceMs === null) s.enoughSinceMs = nowMs;
      if (nowMs - s.enoughSinceMs < l.policy.onDelayMs) {
        s.detail = `surplus ${w} W ≥ ${needW} W since ${Math.round((nowMs - s.enoughSinceMs) / 1000)} s`;
        continue;
      }
      const setpointW = l.modulating ? Math.max(l.minPowerW, Math.min(l.powerW, Math.floor((w - l.policy.marginW) / MODULATION_STEP_W) * MODULATION_STEP_W)) : l.powerW;
      switchOn(s, "surplus", setpointW, r.full ? `battery full (${String(base.socPct)} %): PV would be lost` : `surplus ${w} W ≥ ${needW} W for ${Math.round(l.policy.onDelayMs / 1000)} s`, { ...base, needW, setpointW });
      // The next measure includes this load: every other wait starts again.
      for (const other of loads) if (other.id !== l.id) states[other.id].enoughSinceMs = null;
    }
  }
  return { loads: states, dayStartMs, lastMs: nowMs, switches };
}

/** Modulating setpoints move in steps of this, so a noisy measure does not emit a change every second. */
export const MODULATION_STEP_W = 100;
