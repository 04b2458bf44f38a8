// Owner mode AUTO/HEAT: when HEAT is granted, refused (red peak) or ends by itself. Pure; never reads the clock.

import { peakEndAfterMs } from "../tariff/tempo-calendar";
import type { Settings } from "../settings/types";
import type { Peak } from "../tariff/peak";

export type OwnerMode = "AUTO" | "HEAT";

export interface ModeState {
  mode: OwnerMode;
  heatUntilMs: number | null;
}

export type ModeOutcome =
  | { kind: "granted"; state: ModeState }
  | { kind: "refused"; reason: string }
  | { kind: "unchanged" };

export function requestMode(current: ModeState, requested: OwnerMode, peak: Peak, settings: Settings, nowMs: number): ModeOutcome {
  if (requested === "AUTO") {
    return current.mode === "AUTO" ? { kind: "unchanged" } : { kind: "granted", state: { mode: "AUTO", heatUntilMs: null } };
  }
  // A red peak costs ≈4.4 × blue HP: the owner cannot cancel it from the thermostat.
  if (peak.kind === "red") return { kind: "refused", reason: "red_peak" };
  const heatUntilMs = settings.heatDurationMs !== null ? nowMs + settings.heatDurationMs : peakEndAfterMs(nowMs);
  return { kind: "granted", state: { mode: "HEAT", heatUntilMs } };
}

/** HEAT ends by itself at its end time, and the moment a red peak begins. */
export function expireMode(current: ModeState, peak: Peak, nowMs: number): { state: ModeState; reason: string } | null {
  if (current.mode !== "HEAT") return null;
  if (peak.kind === "red") return { state: { mode: "AUTO", heatUntilMs: null }, reason: "red peak began" };
  if (current.heatUntilMs !== null && nowMs >= current.heatUntilMs) {
    return { state: { mode: "AUTO", heatUntilMs: null }, reason: "HEAT period ended" };
  }
  return null;
}
