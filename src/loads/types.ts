// What a load is (one config variant per kind) and what a decision about it says (level, power, reason).
// Declarations only; never imports src/app or a platform module.

import type { OutputSpec } from "../plugs/config";

/** Why a load is in its state. Off reasons first, then on reasons. */
export type LoadReason =
  | "red_peak"
  | "white_peak"
  | "overload"
  | "meter_lost"
  | "ecowatt"
  | "budget"
  | "rotation"
  | "forced_off"
  | "no_surplus"
  | "normal"
  | "heat_mode"
  | "forced_on"
  | "surplus"
  | "guarantee"
  | "boot"
  // The energy manager's reasons (src/manager): a tank at its target or waiting for its HC slot (off), an
  // anti-legionella run, a hot-water boost, a heat pump told "recommended on" (SG-Ready 3).
  | "dhw_satisfied"
  | "dhw_waiting"
  | "legionella"
  | "dhw_boost"
  | "sg_recommended";

/** Reasons a load's config may allow to shed it. */
export type ShedReason = "red_peak" | "white_peak" | "overload" | "meter_lost" | "ecowatt";
export type Priority = 0 | 1 | 2 | 3 | 4;
export type LoadOverride = "auto" | "on" | "off";

/**
 * What the policy asks of a load, whatever its kind: off (shed), eco (reduced), normal, boost (all it can take).
 * Each kind's driver (kinds.ts) turns a level into outputs: a fil-pilote order, SG-Ready contacts, a setpoint.
 */
export type LoadLevel = "off" | "eco" | "normal" | "boost";

/** Fil-pilote orders (DOMAIN §3) and SG-Ready states (1 lock, 2 normal, 3 recommended, 4 forced). */
export type LoadOrder = "confort" | "eco" | "hors-gel" | "arret" | "sg-lock" | "sg-normal" | "sg-recommended" | "sg-forced";
export type ShedOrder = "hors-gel" | "arret" | "eco";

/** Fields every kind has. */
export interface LoadCommon {
  /** Contacts on smart plugs (src/plugs), one per contact of the kind; absent: the board's pins. */
  outputs?: OutputSpec[];
  id: string;
  name: string;
  /** 0 = never shed, 4 = optional (shed first). */
  priority: Priority;
  nominalPowerW: number;
  shedBy: ShedReason[];
  minOnMs: number;
  minOffMs: number;
  /** Switchings allowed per local day for discretionary moves (rotation, budget). */
  maxSwitchesPerDay: number;
}

/** A contactor or a smart plug: on or off. */
export interface RelayLoad extends LoadCommon {
  kind: "relay";
}
/** A heater's pilot wire through one relay + diode (confort / shed order) or two relays (four orders). */
export interface FilPiloteLoad extends LoadCommon {
  kind: "fil-pilote-1" | "fil-pilote-2";
  /** Order sent when shed. */
  shedOrder: ShedOrder;
}
/** A heat pump's SG-Ready input: two contacts, four states. */
export interface SgReadyLoad extends LoadCommon {
  kind: "sg-ready";
  /** Least time between two SG-Ready states (compressors hate chatter); only a safety cut is quicker. */
  minStateChangeMs: number;
  /** 1 Nov – 31 Mar the budget treats it as priority 0 (never cut for power or rotation; tariff locks still apply). */
  winterPriority0: boolean;
  /** A probe reads the water (or buffer) the heat pump heats: "recommended on" stops at the target. */
  probe: boolean;
  targetTemperatureC: number;
}
/** An electric water heater on a relay, with an optional tank probe. */
export interface WaterHeaterLoad extends LoadCommon {
  kind: "water-heater";
  /** A tank temperature probe is wired (DS18B20 / w1). */
  probe: boolean;
  targetTemperatureC: number;
  /** "hc": heats in off-peak hours, placed to reach the target by 06:00; "any": whenever the budget allows. */
  heatIn: "hc" | "any";
  /** Tank volume, for the time a heat takes (with a probe). */
  tankVolumeL: number;
  /** Without a probe: hours of heating before 06:00 (the tank's own thermostat stops it once hot). */
  heatHours: number;
  /** At least 60 °C once a week, in a blue HC night (priority 0 while it runs). */
  legionella: boolean;
}
/** A load driven by a power setpoint (PV router, EV charger, battery charger): it runs on what it is given. */
export interface ModulatingLoad extends LoadCommon {
  kind: "modulating";
  /** Below this it is better off (an EV charger's 6 A minimum, say). */
  minPowerW: number;
}

export type LoadConfig = RelayLoad | FilPiloteLoad | SgReadyLoad | WaterHeaterLoad | ModulatingLoad;
export type LoadKind = LoadConfig["kind"];

/** Numbers a decision compared, by name with units (powerVA, limitVA, ...). */
export type DecisionNumbers = Record<string, number | string>;

/** What one decision said about a load: the effect, the runtime state and the snapshot all carry it. */
export interface LoadDecision {
  level: LoadLevel;
  /** What the outputs were told, for display (fil-pilote order, SG-Ready state); none for a plain relay. */
  order?: LoadOrder;
  allocatedW: number;
  reason: LoadReason;
  detail: string;
  /** What the decision compared (powerVA, limitVA, colour...), so the web page can show why. */
  numbers?: DecisionNumbers;
  /** Anti-chatter keeps the load where it is although the decision says otherwise (absent when not held). */
  held?: LoadHold;
}

/** A hold as codes and numbers, so each page renders it in its own language (`detail` says it in English for logs). */
export interface LoadHold {
  by: "min_on" | "min_off" | "switch_budget";
  /** What the decision wants once the hold ends, and why. */
  wantsOn: boolean;
  wantsReason: LoadReason;
  /** When the hold ends (UTC ms): the last switch plus the minimum time, or the next Tempo day for the budget. */
  untilMs: number;
}
