// The owner slice: mode (AUTO/HEAT), per-load overrides and thermostat preferences, and when each ends.
// Pure reducer over plain data; never decides a load and never reads the clock.

import type { LoadOverride } from "../loads/types";
import type { Settings } from "../settings/types";
import type { Peak } from "../tariff/peak";
import { expireMode, requestMode, type OwnerMode } from "./mode";

export type CommandSource = "homekit" | "button" | "web" | "scenario" | "mqtt";
export type DisplayUnits = "celsius" | "fahrenheit";

export interface PersistedOverride {
  override: LoadOverride;
  untilMs?: number;
}

export interface ThermostatPrefs {
  /** What the Home app's target temperature shows (no probe on the box: a comfort value). */
  targetTemperatureC: number;
  displayUnits: DisplayUnits;
}

export interface OwnerState {
  mode: OwnerMode;
  heatUntilMs: number | null;
  /** Only loads the owner took out of "auto". */
  overrides: Readonly<Record<string, PersistedOverride>>;
  thermostat: ThermostatPrefs;
}

export const DEFAULT_THERMOSTAT: ThermostatPrefs = Object.freeze({ targetTemperatureC: 19, displayUnits: "celsius" });

export function initialOwner(saved: Partial<OwnerState> | undefined): OwnerState {
  const t = saved?.thermostat;
  return {
    mode: saved?.mode === "HEAT" ? "HEAT" : "AUTO",
    heatUntilMs: saved?.heatUntilMs ?? null,
    overrides: saved?.overrides ?? {},
    thermostat: {
      targetTemperatureC: typeof t?.targetTemperatureC === "number" ? t.targetTemperatureC : DEFAULT_THERMOSTAT.targetTemperatureC,
      displayUnits: t?.displayUnits === "fahrenheit" ? "fahrenheit" : "celsius",
    },
  };
}

export function overrideOf(owner: OwnerState, loadId: string): LoadOverride {
  return owner.overrides[loadId]?.override ?? "auto";
}

export function withOverride(owner: OwnerState, loadId: string, override: LoadOverride, untilMs?: number): OwnerState {
  const overrides: Record<string, PersistedOverride> = {};
  for (const id in owner.overrides) if (id !== loadId) overrides[id] = owner.overrides[id];
  if (override !== "auto") overrides[loadId] = untilMs === undefined ? { override } : { override, untilMs };
  return { ...owner, overrides };
}

export type ModeStep =
  | { kind: "granted"; state: OwnerState; changed: boolean }
  | { kind: "refused"; reason: string }
  | { kind: "unchanged" };

export function onModeRequest(owner: OwnerState, mode: OwnerMode, peak: Peak, settings: Settings, nowMs: number): ModeStep {
  const outcome = requestMode(owner, mode, peak, settings, nowMs);
  if (outcome.kind !== "granted") return outcome;
  const state = { ...owner, mode: outcome.state.mode, heatUntilMs: outcome.state.heatUntilMs };
  return { kind: "granted", state, changed: state.mode !== owner.mode };
}

export interface OwnerExpiry {
  state: OwnerState;
  expiredOverrides: string[];
  /** Why HEAT ended, when it did. */
  modeEnded: string | null;
}

/**
 * Time moves on: overrides past their end go back to auto; HEAT ends at its time or when a red peak begins.
 * null when nothing ended (every event asks: nothing is allocated then).
 */
export function expireOwner(owner: OwnerState, peak: Peak, nowMs: number): OwnerExpiry | null {
  let state = owner;
  let expiredOverrides: string[] | null = null;
  // Object.keys, not for-in: on XS an enumerator costs about 20 slots even over no key, and every event asks.
  const ids = Object.keys(owner.overrides);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const o = owner.overrides[id];
    if (o.untilMs !== undefined && nowMs >= o.untilMs) {
      if (expiredOverrides === null) expiredOverrides = [];
      expiredOverrides.push(id);
      state = withOverride(state, id, "auto");
    }
  }
  const expired = expireMode(state, peak, nowMs);
  if (expired) state = { ...state, mode: expired.state.mode, heatUntilMs: expired.state.heatUntilMs };
  if (state === owner) return null;
  return { state, expiredOverrides: expiredOverrides ?? [], modeEnded: expired ? expired.reason : null };
}

/** Overrides of loads no longer in the settings are dropped. */
export function keepOverridesOf(owner: OwnerState, ids: readonly string[]): OwnerState {
  let state = owner;
  for (const id in owner.overrides) if (ids.indexOf(id) < 0) state = withOverride(state, id, "auto");
  return state;
}
