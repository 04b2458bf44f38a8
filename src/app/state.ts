// The Controller's whole state: one field per slice, and how it starts from settings + what was persisted.
// Never reads the clock or storage: the boot instant and persisted values are passed in.

import { initialLoads, type LoadsState } from "../loads/loads";
import type { LoadKinds } from "../loads/kinds";
import { initialMeter, limitVA, type MeterState } from "../meter/meter";
import { initialOverload, type OverloadState } from "../overload/overload";
import { initialOwner, type OwnerState } from "../owner/owner";
import { initialPersistence, type PersistenceState } from "../persistence/persistence";
import type { Settings } from "../settings/types";
import { initialSignals, type SignalsState } from "../signals/slice";
import { peakMemo, type PeakMemo } from "../tariff/peak";
import { initialTariff, type TariffState } from "../tariff/tariff-tracker";
import { initialManager, type ManagerState, type ManagerView } from "../manager/state";
import { initialSurplus, type SurplusSlice } from "../surplus/slice";
import type { LoadsPassMemo } from "./loads-pass";
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
  /** The Internet sources' verdicts and Ecowatt's hours (src/signals/slice.ts). */
  signals: SignalsState;
  /** PV surplus: its measures, the router, the `surplus` rule's decisions (src/surplus). */
  surplus: SurplusSlice;
  /** Last instant any load switched: frames read before it settles do not update the base estimate. */
  lastSwitchMs: number | null;
  /** Red, white or no peak now, kept with the tariff it was worked out from (derived: asked on every event). */
  peak: PeakMemo;
  /** What the last loads pass was decided from, while it stands (derived: lets a quiet event skip the pass). */
  loadsPass: LoadsPassMemo | null;
  /** The energy manager's tanks and forced powers (src/manager). */
  manager: ManagerState;
  /** What the manager asks of its loads now (derived each transition; the same object while it does not move). */
  managerView: ManagerView | null;
}

export function initialState(settings: Settings, kinds: LoadKinds, persisted: PersistedState | undefined, nowMs: number): ControllerState {
  const tariff = initialTariff(nowMs, persisted?.tariff);
  return {
    settings,
    kinds,
    bootMs: nowMs,
    started: false,
    meter: initialMeter(),
    tariff,
    overload: initialOverload(),
    owner: initialOwner(persisted?.owner),
    loads: initialLoads(settings.loads, nowMs),
    persistence: initialPersistence(persisted),
    signals: initialSignals(),
    surplus: initialSurplus(nowMs),
    lastSwitchMs: null,
    peak: peakMemo(null, tariff, settings.unknownColourPolicy),
    loadsPass: null,
    manager: initialManager(settings.loads, persisted?.manager),
    managerView: null,
  };
}

/**
 * A copy to write a transition's changes into. Spelled out field by field: on XS a literal costs one slot per field,
 * a spread copy twice that; the type checker says when a new field is missing here.
 */
export function copyState(s: ControllerState): ControllerState {
  return {
    settings: s.settings,
    kinds: s.kinds,
    bootMs: s.bootMs,
    started: s.started,
    meter: s.meter,
    tariff: s.tariff,
    overload: s.overload,
    owner: s.owner,
    loads: s.loads,
    persistence: s.persistence,
    signals: s.signals,
    surplus: s.surplus,
    lastSwitchMs: s.lastSwitchMs,
    peak: s.peak,
    loadsPass: s.loadsPass,
    manager: s.manager,
    managerView: s.managerView,
  };
}

export function limitOf(s: ControllerState): number {
  return limitVA(s.meter, s.settings.fallbackSubscribedVA);
}

/** Power the budget may hand out to all our loads together (before the base load is taken off). */
export function totalAvailableW(s: ControllerState): number {
  return s.settings.availablePowerW ?? limitOf(s) - s.settings.availableMarginW;
}
