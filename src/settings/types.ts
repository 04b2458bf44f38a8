// The settings the box runs on, as validated values (the table in table.ts says each field's range and default).
// Declarations only; never imports src/app.

import type { PriceSettings } from "../energy/prices";
import type { LoadConfig } from "../loads/types";
import type { SignalSettings } from "../signals/settings";

export type UnknownColourPolicy = "white" | "red" | "blue";

/** Prices per Tempo colour × period and the subscription: src/energy/prices.ts. */
export interface Settings extends PriceSettings, SignalSettings {
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
  /** MQTT and Home Assistant discovery (src/mqtt): off until a broker is set and this is on. */
  mqttEnabled: boolean;
  /** `mqtt://[user:password@]host[:port]`, or empty. */
  mqttUrl: string;
  mqttUser: string;
  /** Never echoed back by pages or the API. */
  mqttPassword: string;
  mqttBaseTopic: string;
  mqttDiscoveryPrefix: string;
  /** Meter figures at most this often over MQTT; 0 = every frame. */
  mqttMeterIntervalMs: number;
  /** Another box's base topic (`delesteur/<box id>`) whose load decisions this box follows; empty = none. */
  mqttFollowTopic: string;
  /** Which of the leader's loads each of ours follows: `ours=theirs,ours2=theirs2`. */
  mqttFollowLoads: string;
  /** Savings value shed energy at HP − HC (drawn back off-peak) when true, at the full HP price when false. */
  savingsDrawnBackInHc: boolean;
  /** The Victron GX's broker, `mqtt://host[:port]`; empty = no GX (src/victron). */
  victronUrl: string;
  /** 12 hex digits, or empty to read it from the GX. */
  victronPortalId: string;
  /** Write the ESS policy per colour to the GX (else only read it). */
  essEnabled: boolean;
  /** `blue=80/30/on/discharge white=… red=… unknown=…` (src/victron/config.ts). */
  essPolicy: string;
  /** `22:00-06:00`, inside HC. */
  essChargeWindow: string;
  essChargeSlot: number;
  /** Where the PV surplus is measured (src/surplus); off = no routing. */
  surplusSource: "off" | "meter" | "gx" | "mqtt";
  surplusTopic: string;
  surplusTopicSign: "export-positive" | "import-positive";
  surplusRouteSocPct: number;
  offGrid: boolean;
  /** `ballon:need=180 pompe:max=240` (src/surplus/config.ts). */
  surplusLoads: string;
}

/** A partial settings change; validated after merging onto the current settings. */
export type SettingsPatch = Partial<Settings>;
