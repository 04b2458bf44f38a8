// The Controller's whole state: one field per slice, and how it starts from settings + what was persisted.
// Never reads the clock or storage: the boot instant and persisted values are passed in.

import { initialLoads, type LoadsState } from "../loads/loads";
import type { LoadKinds } from "../loads/kinds";
import { initialMeter, limitVA, type MeterState } from "../meter/meter";
import { initialOverload, type OverloadState } from "../overload/overload";
import { initialOwner, type OwnerState } from "../owner/owner";
import { initialPersistence, type PersistenceState } from "../persistence/persistence";
import type { Settings } from "../settings/types";
import { initialTariff, type TariffState } from "../tariff/tariff-tracker";
import type { PersistedState } from "./types";

export interface ControllerState {
  settings: Settings;
  kinds: LoadKinds;
  bootMs: number;
  /** false until the first transition (which reports the tariff and arms the first colour write). */
  started: boolean;
  meter: MeterState;
  tariff: TariffState;
  overload: OverloadState;
  owner: OwnerState;
  loads: LoadsState;
  persistence: PersistenceState;
  /** Last instant any load switched: frames read before it settles do not update the base estimate. */
  lastSwitchMs: number | null;
}

export function initialState(settings: Settings, kinds: LoadKinds, persisted: PersistedState | undefined, nowMs: number): ControllerState {
  return {
    settings,
    kinds,
    bootMs: nowMs,
    started: false,
    meter: initialMeter(),
    tariff: initialTariff(nowMs, persisted?.tariff),
    overload: initialOverload(),
    owner: initialOwner(persisted?.owner),
    loads: initialLoads(settings.loads, nowMs),
    persistence: initialPersistence(persisted),
    lastSwitchMs: null,
  };
}

export function limitOf(s: ControllerState): number {
  return limitVA(s.meter, s.settings.fallbackSubscribedVA);
}

/** Power the budget may hand out to all our loads together (before the base load is taken off). */
export function totalAvailableW(s: ControllerState): number {
  return s.settings.availablePowerW ?? limitOf(s) - s.settings.availableMarginW;
}
