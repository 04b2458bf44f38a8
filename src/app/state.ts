// The Controller's whole state as plain data, and how it starts from settings + what was persisted.
// Never reads the clock or storage: the boot instant and persisted values are passed in.

import type { TariffState } from "../tariff/tariff-tracker";
import { initialTariff } from "../tariff/tariff-tracker";
import { tempoDayStartMs } from "../tariff/tempo-calendar";
import type { SwitchHistory } from "../loads/anti-chatter";
import type { OverloadState } from "../shedding/overload";
import { initialOverload } from "../shedding/overload";
import type {
  Effect,
  LedPattern,
  LoadDecision,
  LoadOverride,
  MeterStatus,
  OwnerMode,
  PersistedState,
  Settings,
} from "./types";

export interface LoadRuntime extends LoadDecision {
  /** null until the first decision after boot. */
  on: boolean | null;
  override: LoadOverride;
  overrideUntilMs?: number;
  history: SwitchHistory;
}

export interface MeterState {
  status: MeterStatus;
  lastFrameMs: number | null;
  powerVA: number | null;
  subscribedVA: number | null;
  /** Power drawn by everything we do not switch, estimated from the last settled frame. */
  baseW: number;
}

export interface ControllerState {
  settings: Settings;
  bootMs: number;
  mode: OwnerMode;
  heatUntilMs: number | null;
  tariff: TariffState;
  meter: MeterState;
  overload: OverloadState;
  loads: Record<string, LoadRuntime>;
  /** Last instant any load switched: frames read before it settles do not update the base estimate. */
  lastSwitchMs: number | null;
  led: LedPattern | null;
  /** A refusal blinks for a while, then the steady pattern comes back. */
  refusedUntilMs: number | null;
  homekit: Extract<Effect, { type: "homekit" }> | null;
  /** Last persisted values (JSON text) so we only write flash when something really changed. */
  persisted: Record<string, string>;
  /** First unsaved owner/colour change: writes wait PERSIST_DEBOUNCE_MS so a burst of presses costs one write. */
  persistDirtySinceMs: number | null;
}

export function freshLoadRuntime(override: LoadOverride = "auto", untilMs?: number): LoadRuntime {
  return {
    on: null,
    allocatedW: 0,
    reason: "boot",
    detail: "no decision yet",
    override,
    overrideUntilMs: untilMs,
    history: { lastSwitchMs: null, switchesToday: 0, dayStartMs: 0 },
  };
}

export function initialState(settings: Settings, persisted: PersistedState | undefined, nowMs: number): ControllerState {
  const owner = persisted?.owner;
  const loads: Record<string, LoadRuntime> = {};
  for (const load of settings.loads) {
    const saved = owner?.overrides[load.id];
    loads[load.id] = freshLoadRuntime(saved?.override ?? "auto", saved?.untilMs);
    loads[load.id].history.dayStartMs = tempoDayStartMs(nowMs);
  }
  const state: ControllerState = {
    settings,
    bootMs: nowMs,
    mode: owner?.mode ?? "AUTO",
    heatUntilMs: owner?.heatUntilMs ?? null,
    tariff: initialTariff(nowMs, persisted?.tariff),
    meter: { status: "waiting", lastFrameMs: null, powerVA: null, subscribedVA: null, baseW: 0 },
    overload: initialOverload(),
    loads,
    lastSwitchMs: null,
    led: null,
    refusedUntilMs: null,
    homekit: null,
    persisted: {},
    persistDirtySinceMs: null,
  };
  if (owner) state.persisted.owner = JSON.stringify(owner);
  if (persisted?.tariff) state.persisted.tariff = JSON.stringify(persisted.tariff);
  if (persisted?.settings) state.persisted.settings = JSON.stringify(persisted.settings);
  return state;
}
