// Per-load switching guard: minimum on and off times and a daily switch budget, so relays last.
// Pure: decides whether a switch may happen now; never switches anything and never reads the clock.

import type { LoadConfig } from "./types";

/** What asks for a switch. Safety (overload) may cut a load inside its minimum on time; nothing else may. */
export type SwitchCause = "safety" | "owner" | "tariff" | "discretionary";

export interface SwitchHistory {
  lastSwitchMs: number | null;
  /** Switchings counted in the Tempo day starting at `dayStartMs`. */
  switchesToday: number;
  dayStartMs: number;
  /** Last change of the outputs' state (SG-Ready: lock, normal, recommended, forced), for kinds with a least time. */
  lastStateChangeMs?: number;
}

export interface SwitchVerdict {
  allowed: boolean;
  /** Why it is held, with the numbers compared; "" when allowed. */
  heldBy: "" | "min_on" | "min_off" | "switch_budget";
  detail: string;
  /** When a minimum time ends (absent for the daily budget, which ends with the Tempo day). */
  untilMs?: number;
}

const ALLOWED: SwitchVerdict = Object.freeze({ allowed: true, heldBy: "", detail: "" });

export function maySwitch(load: LoadConfig, history: SwitchHistory, toOn: boolean, cause: SwitchCause, nowMs: number): SwitchVerdict {
  // Safety first: a breaker trip costs more than a relay's wear.
  if (cause === "safety" && !toOn) return ALLOWED;
  if (history.lastSwitchMs !== null) {
    const sinceMs = nowMs - history.lastSwitchMs;
    const minMs = toOn ? load.minOffMs : load.minOnMs;
    if (sinceMs < minMs) {
      return {
        allowed: false,
        heldBy: toOn ? "min_off" : "min_on",
        detail: `${toOn ? "off" : "on"} for ${sinceMs} ms < ${minMs} ms`,
        untilMs: history.lastSwitchMs + minMs,
      };
    }
  }
  // The budget only limits moves we choose to make (rotation, allocation); tariff and owner moves always pass.
  if (cause === "discretionary" && history.switchesToday >= load.maxSwitchesPerDay) {
    return {
      allowed: false,
      heldBy: "switch_budget",
      detail: `${history.switchesToday} switches today >= budget ${load.maxSwitchesPerDay}`,
    };
  }
  return ALLOWED;
}

export function recordSwitch(history: SwitchHistory, nowMs: number, dayStartMs: number): SwitchHistory {
  const sameDay = history.dayStartMs === dayStartMs;
  const next: SwitchHistory = { lastSwitchMs: nowMs, switchesToday: (sameDay ? history.switchesToday : 0) + 1, dayStartMs };
  if (history.lastStateChangeMs !== undefined) next.lastStateChangeMs = history.lastStateChangeMs;
  return next;
}
