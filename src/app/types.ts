// The Controller contract: events and commands in, facts out, what is persisted and the snapshot observers read.
// Declarations only; the slices (meter, tariff, overload, owner, loads, persistence) own their own types.

import type { Contract, TicOverloadEvent, TicReading } from "../tic/types";
import type { ColourOrUnknown } from "../tariff/tariff-tracker";
import type { MeterStatus } from "../meter/meter";
import type { OwnerMode } from "../owner/mode";
import type { CommandSource, DisplayUnits, PersistedOverride, ThermostatPrefs } from "../owner/owner";
import type { LoadFact } from "../loads/loads";
import type { TankFact } from "../manager/snapshot";
import type { ManagerRecord } from "../manager/state";
import type { DecisionNumbers, LoadDecision, LoadKind, LoadOverride, Priority } from "../loads/types";
import type { PersistFact, PersistKey } from "../persistence/persistence";
import type { Settings, SettingsPatch } from "../settings/types";
import type { EcowattHour, OnlineColourAt, SignalDay } from "../signals/slice";

export type { ColourOrUnknown } from "../tariff/tariff-tracker";
export type { MeterStatus } from "../meter/meter";
export type { OwnerMode } from "../owner/mode";
export type { CommandSource, DisplayUnits, PersistedOverride, ThermostatPrefs } from "../owner/owner";
export type { LoadFact } from "../loads/loads";
export type {
  DecisionNumbers,
  LoadConfig,
  LoadDecision,
  LoadHold,
  LoadKind,
  LoadLevel,
  LoadOrder,
  LoadOverride,
  LoadReason,
  Priority,
  ShedOrder,
  ShedReason,
} from "../loads/types";
export type { PersistKey } from "../persistence/persistence";
export type { Settings, SettingsPatch, UnknownColourPolicy } from "../settings/types";

/** What the owner (or a script acting for them) asks; each returns its outcome. */
export type ControllerCommand =
  | { type: "mode-request"; mode: OwnerMode; source: CommandSource }
  | { type: "load-override"; loadId: string; override: LoadOverride; untilMs?: number }
  | { type: "settings"; patch: SettingsPatch }
  | { type: "thermostat"; targetTemperatureC?: number; displayUnits?: DisplayUnits }
  /** A water heater's boost for this long from now (0 cancels it); ends early at target with a probe. */
  | { type: "dhw-boost"; loadId: string; durationMs: number }
  /** A modulating load's power forced by the owner (null: back to the budget). */
  | { type: "forced-power"; loadId: string; powerW: number | null };

/** What happens in the world: meter, time, signals, outputs. */
export type ControllerEvent =
  | ControllerCommand
  | { type: "tic-frame"; reading: TicReading }
  | { type: "tic-overload"; overload: TicOverloadEvent }
  | { type: "tick" }
  | { type: "tomorrow-external"; colour: ColourOrUnknown; source: string }
  /** What each Internet source last said (src/signals); the signals slice weighs it against the meter. */
  | { type: "tariff-signal"; colours: OnlineColourAt[] }
  /** RTE Ecowatt's hourly levels (today to J+3). */
  | { type: "ecowatt-signal"; hours: EcowattHour[] }
  /** A remote output (smart plug) confirmed its state, or could not be reached (null). */
  | { type: "output-confirmed"; loadId: string; on: boolean | null }
  /** A remote output measured the load's power in W (null: it could not be read). */
  | { type: "output-power"; loadId: string; powerW: number | null }
  /** A load's temperature probe read this (null: the probe failed). */
  | { type: "tank-temperature"; loadId: string; temperatureC: number | null }
  /** The Victron GX's readings (src/victron): SoC %, battery W (> 0 charging), grid W (> 0 importing), PV W. */
  | { type: "gx-reading"; socPct: number | null; batteryW: number | null; gridW: number | null; pvW: number | null }
  /** The owner's surplus topic (settings surplusTopic), W as published (its sign is a setting). */
  | { type: "surplus-topic"; valueW: number };

/** Facts: what the core decided or noticed. Presentation (LEDs, HomeKit values, page text) is derived from them. */
export type Effect =
  | LoadFact
  | TankFact
  | { type: "mode"; mode: OwnerMode; reason: string }
  | { type: "refused"; request: string; reason: string }
  | {
      type: "tariff";
      colour: ColourOrUnknown;
      period: "hp" | "hc";
      tomorrow: ColourOrUnknown;
      source: string;
      suspicious?: string[];
    }
  | PersistFact
  | { type: "fault"; fault: "meter-lost" | "overload-unresolved" | "meter-clock"; active: boolean; detail: string }
  | { type: "log"; level: "info" | "warn" | "error"; message: string; fields?: DecisionNumbers };

export type EffectType = Effect["type"];

/** What a command came to: its facts, and the reason when it was refused ("red_peak", "unknown load", ...). */
export interface CommandOutcome {
  /** Never written to: an event with no fact returns one shared, frozen empty list. */
  effects: Effect[];
  refused?: string;
}

/** What survives a restart. Each part is optional: a fresh box has none. */
export interface PersistedState {
  owner?: { mode: OwnerMode; heatUntilMs: number | null; overrides: Record<string, PersistedOverride>; thermostat?: ThermostatPrefs };
  /** Last known colours and the Tempo day (start, UTC ms) they belong to. */
  tariff?: { dayStartMs: number; today: ColourOrUnknown; tomorrow: ColourOrUnknown; contract?: Contract };
  settings?: Settings;
  /** The energy manager's owner acts and memory: boosts, forced powers, the last anti-legionella run. */
  manager?: ManagerRecord;
}
export type PersistedPart = PersistKey;

export interface LoadSnapshot extends LoadDecision {
  id: string;
  name: string;
  kind: LoadKind;
  priority: Priority;
  nominalPowerW: number;
  on: boolean;
  override: LoadOverride;
  overrideUntilMs?: number;
  switchesToday: number;
  lastSwitchMs: number | null;
  /** A remote output's confirmation (null: unknown or a GPIO). */
  confirmed: boolean | null;
  /**
   * Its smart plug did not answer the last time (the last state it confirmed is `lastConfirmed`). The snapshot
   * always sets these three; optional so a snapshot built by hand (tests, a follower) need not.
   */
  unreachable?: boolean;
  lastConfirmed?: boolean | null;
  /** The power its plug measures (W), null when none or stale. */
  measuredW?: number | null;
}

export interface ControllerSnapshot {
  mode: OwnerMode;
  heatUntilMs: number | null;
  thermostat: ThermostatPrefs;
  tariff: {
    colour: ColourOrUnknown;
    period: "hp" | "hc";
    tomorrow: ColourOrUnknown;
    source: string;
    suspicious: string[];
  };
  meter: { status: MeterStatus; lastFrameMs: number | null; powerVA: number | null; limitVA: number };
  overload: { active: boolean; unresolved: boolean; shedIds: string[]; waitingIds: string[] };
  loads: LoadSnapshot[];
  /** What the Internet sources said (null: nothing yet), and Ecowatt's hours of level ≥ 2. */
  signals: { online: readonly OnlineColourAt[]; today: SignalDay | null; tomorrow: SignalDay | null; ecowatt: readonly EcowattHour[] };
  /** The energy manager: what the budget hands out, the tanks (water heaters, probed heat pumps), forced powers. */
  manager: ManagerSnapshot;
}

/** One tank as observers see it (each entry kept while its tank and plan do not move: SSE tells changes by identity). */
export interface TankSnapshot {
  id: string;
  temperatureC: number | null;
  readAtMs: number | null;
  boostUntilMs: number | null;
  legionellaDoneMs: number | null;
  legionellaRunning: boolean;
  /** What the manager asks of it now, and why. */
  want: string;
  detail: string;
}

export interface ManagerSnapshot {
  /** Power the budget may hand out to all loads (before the base load), and where it comes from. */
  availablePowerW: number;
  availableSource: "setting" | "meter";
  tanks: TankSnapshot[];
  forcedPowerW: Readonly<Record<string, number>>;
}
