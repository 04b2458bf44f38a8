// The Controller contract: events in, effects out, settings, persisted owner state and the snapshot.
// Declarations only (plus frozen name tables); never imports a platform module or holds state.

import type { Contract, TempoColour, TicOverloadEvent, TicReading } from "../tic/types";

export type OwnerMode = "AUTO" | "HEAT";
export type CommandSource = "homekit" | "button" | "web" | "scenario";
export type LoadOverride = "auto" | "on" | "off";
export type ColourOrUnknown = TempoColour | "unknown";

/** Why a load is in its state. Off reasons first, then on reasons. */
export type LoadReason =
  | "red_peak"
  | "white_peak"
  | "overload"
  | "meter_lost"
  | "budget"
  | "rotation"
  | "forced_off"
  | "normal"
  | "heat_mode"
  | "forced_on"
  | "boot";

/** Reasons a load's config may allow to shed it. */
export type ShedReason = "red_peak" | "white_peak" | "overload" | "meter_lost";

export type LoadKind = "relay" | "fil-pilote-1" | "fil-pilote-2" | "sg-ready";
/** Fil-pilote orders (DOMAIN §3) and SG-Ready states used by this product. */
export type LoadOrder = "confort" | "eco" | "hors-gel" | "arret" | "sg-normal" | "sg-lock";
export type ShedOrder = "hors-gel" | "arret" | "eco";
export type Priority = 0 | 1 | 2 | 3 | 4;

export interface LoadConfig {
  id: string;
  name: string;
  kind: LoadKind;
  /** Fil-pilote order sent when shed (default hors-gel). Ignored for relay and SG-Ready. */
  shedOrder: ShedOrder;
  /** 0 = never shed, 4 = optional (shed first). */
  priority: Priority;
  nominalPowerW: number;
  /** Can run on part of its nominal power (allocator gives it what is left). */
  modulating: boolean;
  shedBy: ShedReason[];
  minOnMs: number;
  minOffMs: number;
  /** Switchings allowed per local day for discretionary moves (rotation, budget). */
  maxSwitchesPerDay: number;
}

export type UnknownColourPolicy = "white" | "red" | "blue";

export interface Settings {
  loads: LoadConfig[];
  /** HEAT lasts until the end of the current/next peak period when null, else this long. */
  heatDurationMs: number | null;
  unknownColourPolicy: UnknownColourPolicy;
  rotationPeriodMs: number;
  /** Margin subtracted when deciding that a shed load may come back after an overload. */
  overloadRestoreMarginW: number;
  /** How long power must stay below the restore threshold before one load comes back. */
  overloadRestoreHoldMs: number;
  meterLostTimeoutMs: number;
  /** Total power the allocator may hand out; null = meter subscribed power minus `availableMarginW`. */
  availablePowerW: number | null;
  availableMarginW: number;
  /** Used until the meter has told us its subscribed power. */
  fallbackSubscribedVA: number;
  /** Meter clock further than this from ours is flagged. */
  meterClockToleranceMs: number;
}

/** A partial settings change; validated by validateSettings after merging onto the current settings. */
export type SettingsPatch = Partial<Settings>;

export type ControllerEvent =
  | { type: "tic-frame"; reading: TicReading }
  | { type: "tic-overload"; overload: TicOverloadEvent }
  | { type: "tick" }
  | { type: "mode-request"; mode: OwnerMode; source: CommandSource }
  | { type: "load-override"; loadId: string; override: LoadOverride; untilMs?: number }
  | { type: "tomorrow-external"; colour: ColourOrUnknown; source: string }
  | { type: "settings"; patch: SettingsPatch };

export type LedPattern = "normal" | "refused" | "meter-lost" | "overload-unresolved";

/** Numbers a decision compared, by name with units (powerVA, limitVA, ...). */
export type DecisionNumbers = Record<string, number | string>;

/** What one decision said about a load: the effect, the runtime state and the snapshot all carry it. */
export interface LoadDecision {
  order?: LoadOrder;
  allocatedW: number;
  reason: LoadReason;
  detail: string;
  /** What the decision compared (powerVA, limitVA, colour...), so the web page can show why. */
  numbers?: DecisionNumbers;
}

export type Effect =
  | ({ type: "load"; id: string; on: boolean } & LoadDecision)
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
  | { type: "led"; pattern: LedPattern }
  | { type: "persist"; key: PersistKey; value: unknown }
  | { type: "fault"; fault: "meter-lost" | "overload-unresolved" | "meter-clock"; active: boolean; detail: string }
  | { type: "log"; level: "info" | "warn" | "error"; message: string; fields?: DecisionNumbers }
  /** What Apple Home shows; `tomorrowAlert` is true when tomorrow is red or white (an expensive day ahead). */
  | { type: "homekit"; current: "HEAT" | "OFF"; target: "HEAT" | "AUTO"; tomorrowAlert: boolean };

export type EffectType = Effect["type"];

/** Store keys (≤ 15 characters, hal KeyValueStore). */
export type PersistKey = "owner" | "tariff" | "settings";

export interface PersistedOverride {
  override: LoadOverride;
  untilMs?: number;
}

/** What survives a restart. Each part is optional: a fresh box has none. */
export interface PersistedState {
  owner?: { mode: OwnerMode; heatUntilMs: number | null; overrides: Record<string, PersistedOverride> };
  /** Last known colours and the Tempo day (start, UTC ms) they belong to. */
  tariff?: { dayStartMs: number; today: ColourOrUnknown; tomorrow: ColourOrUnknown; contract?: Contract };
  settings?: Settings;
}

export type MeterStatus = "waiting" | "ok" | "lost";

export interface LoadSnapshot extends LoadDecision {
  id: string;
  name: string;
  priority: Priority;
  nominalPowerW: number;
  on: boolean;
  override: LoadOverride;
  overrideUntilMs?: number;
  switchesToday: number;
  lastSwitchMs: number | null;
}

export interface ControllerSnapshot {
  mode: OwnerMode;
  heatUntilMs: number | null;
  tariff: {
    colour: ColourOrUnknown;
    period: "hp" | "hc";
    tomorrow: ColourOrUnknown;
    source: string;
    suspicious: string[];
  };
  meter: { status: MeterStatus; lastFrameMs: number | null; powerVA: number | null; limitVA: number };
  overload: { active: boolean; unresolved: boolean; shedIds: string[] };
  loads: LoadSnapshot[];
  led: LedPattern;
}
