// The installation behind the simulated GX (gx-sim.ts): a battery, PV panels and a house, stepped on host-sim's clock,
// with the ESS behaviour the box's policy acts on (night charge schedule up to its SoC, minimum SoC, BatteryLife).
// A plain energy balance, not a physics model: no efficiency losses, no voltage, no inverter limits beyond two powers.
// Pure: never reads a clock (the caller passes each instant) and never talks MQTT.
import { localParts } from "../src/tariff/local-time";

/** A clear day's PV from sunrise to sunset, local time (an equinox day in France: about 7:00 to 20:00). */
export const SUNRISE_HOUR = 7;
export const SUNSET_HOUR = 20;
/** A cloudy day gives this share of a sunny day's PV (thick overcast: a quarter or less). */
export const CLOUDY_SHARE = 0.25;
/**
 * BatteryLife's active SoC limit sits above the minimum SoC the owner sets and moves day by day on a real GX; here it
 * is the minimum plus this fixed margin while BatteryLife is on (0 when it is off): enough to see the policy's
 * "BatteryLife off on a red day" let the battery go lower.
 */
export const BATTERYLIFE_MARGIN_PCT = 10;
/** Below its floor the GX recharges the battery from the grid slowly (Venus OS: "slow charge", about 5 A at 48 V). */
export const RECHARGE_W = 250;
/** A step longer than this (a paused process, a laptop asleep) counts as this long: the SoC never jumps. */
export const MAX_STEP_MS = 60_000;

export type Sky = "sunny" | "cloudy";

export interface InstallationOptions {
  /** Usable battery energy, Wh (default 10 kWh: a common Pylontech stack). */
  capacityWh?: number;
  /** SoC at the start, % (default 55). */
  socPct?: number;
  /** The Multiplus's charge and discharge powers, W (default 3,000: a 5 kVA Multiplus on 48 V). */
  maxChargeW?: number;
  maxDischargeW?: number;
  /**
   * PV at solar noon on a sunny day, W (default 8,000: an 8 kWc roof, on the large side, so that beside the demo
   * loads' 3.5 kW of heating the battery fills and a 2.4 kW water heater can still run on the surplus).
   */
  pvPeakW?: number;
  sky?: Sky;
  /** What the house draws now, W (host-sim: a base plus the box's loads as they switch). Default a fixed 500 W. */
  houseW?: () => number;
}

/** What the ESS is doing, for the log and tests. */
export type EssMode = "scheduled-charge" | "scheduled-hold" | "self-consumption" | "floor-hold" | "recharge";

const DAY_S = 86_400;
const HOUR_MS = 3_600_000;

export class GxInstallation {
  socPct: number;
  sky: Sky;
  mode: EssMode = "self-consumption";
  private readonly capacityWh: number;
  private readonly maxChargeW: number;
  private readonly maxDischargeW: number;
  private readonly pvPeakW: number;
  private readonly houseW: () => number;
  private lastMs: number | undefined;
  private batteryW = 0;

  constructor(options: InstallationOptions = {}) {
    this.capacityWh = options.capacityWh ?? 10_000;
    this.socPct = options.socPct ?? 55;
    this.maxChargeW = options.maxChargeW ?? 3_000;
    this.maxDischargeW = options.maxDischargeW ?? 3_000;
    this.pvPeakW = options.pvPeakW ?? 8_000;
    this.sky = options.sky ?? "sunny";
    this.houseW = options.houseW ?? (() => 500);
  }

  /** PV at `nowMs`: half a sine from sunrise to sunset, scaled by the sky. */
  pvAt(nowMs: number): number {
    const p = localParts(nowMs);
    const hour = p.hour + p.minute / 60 + p.second / 3600;
    if (hour <= SUNRISE_HOUR || hour >= SUNSET_HOUR) return 0;
    const share = Math.sin((Math.PI * (hour - SUNRISE_HOUR)) / (SUNSET_HOUR - SUNRISE_HOUR));
    return this.pvPeakW * share * (this.sky === "cloudy" ? CLOUDY_SHARE : 1);
  }

  /**
   * Moves the battery by the power of the last step, then decides this step's power from the ESS settings as the GX
   * holds them (`settings`: paths under Settings/CGwacs/), and returns the system/0 values to publish.
   */
  step(nowMs: number, settings: ReadonlyMap<string, number>): Record<string, number> {
    if (this.lastMs !== undefined && nowMs > this.lastMs) {
      const hours = Math.min(nowMs - this.lastMs, MAX_STEP_MS) / HOUR_MS;
      this.socPct = Math.min(100, Math.max(0, this.socPct + (this.batteryW * hours * 100) / this.capacityWh));
    }
    this.lastMs = nowMs;
    const pvW = this.pvAt(nowMs);
    const houseW = Math.max(0, this.houseW());
    const netW = pvW - houseW; // > 0: the sun gives more than the house takes
    const floor = this.floorPct(settings);
    const slot = activeChargeSlot(nowMs, settings);
    const roomW = this.socPct >= 100 ? 0 : this.maxChargeW; // a full battery takes nothing
    let batteryW: number;
    if (slot !== null && this.socPct < slot.socPct) {
      this.mode = "scheduled-charge"; // from the grid and the sun, as fast as the Multiplus charges
      batteryW = roomW;
    } else if (slot !== null && !slot.allowDischarge) {
      this.mode = "scheduled-hold"; // target reached: the sun may still charge it, nothing comes out
      batteryW = Math.min(Math.max(netW, 0), roomW);
    } else if (this.socPct < floor - 1) {
      this.mode = "recharge";
      batteryW = Math.min(Math.max(netW, RECHARGE_W), roomW);
    } else if (netW >= 0) {
      this.mode = "self-consumption";
      batteryW = Math.min(netW, roomW);
    } else if (this.socPct <= floor) {
      this.mode = "floor-hold"; // at the floor: the grid feeds the house
      batteryW = 0;
    } else {
      this.mode = "self-consumption";
      batteryW = -Math.min(-netW, this.maxDischargeW);
    }
    this.batteryW = batteryW;
    const gridW = houseW - pvW + batteryW; // > 0: importing
    return {
      "system/0/Dc/Battery/Soc": Math.round(this.socPct * 10) / 10,
      "system/0/Dc/Battery/Power": Math.round(batteryW),
      "system/0/Ac/Grid/L1/Power": Math.round(gridW),
      "system/0/Dc/Pv/Power": Math.round(pvW),
      "system/0/Ac/Consumption/L1/Power": Math.round(houseW),
    };
  }

  /** The SoC the ESS does not discharge below: the owner's minimum, raised by BatteryLife while it is on (1–8). */
  floorPct(settings: ReadonlyMap<string, number>): number {
    const min = settings.get("BatteryLife/MinimumSocLimit") ?? 10;
    const state = settings.get("BatteryLife/State") ?? 0;
    const batteryLifeOn = state >= 1 && state <= 8;
    return Math.min(100, min + (batteryLifeOn ? BATTERYLIFE_MARGIN_PCT : 0));
  }
}

/**
 * The first of the five charge slots in force at `nowMs` (Venus OS: Day 0–6 Sunday–Saturday, 7 every day, 8 weekdays,
 * 9 weekend, negative disabled; Start and Duration in seconds from local midnight; a slot may run past midnight).
 */
export function activeChargeSlot(nowMs: number, settings: ReadonlyMap<string, number>): { slot: number; socPct: number; allowDischarge: boolean } | null {
  const p = localParts(nowMs);
  const secondOfDay = p.hour * 3600 + p.minute * 60 + p.second;
  for (let slot = 0; slot < 5; slot++) {
    const base = `BatteryLife/Schedule/Charge/${slot}/`;
    const day = settings.get(`${base}Day`) ?? -7;
    const start = settings.get(`${base}Start`) ?? 0;
    const duration = settings.get(`${base}Duration`) ?? 0;
    if (day < 0 || duration <= 0) continue;
    // Started today, or started yesterday and still running past midnight.
    const startedToday = secondOfDay >= start && secondOfDay < start + duration;
    const fromYesterday = start + duration > DAY_S && secondOfDay < start + duration - DAY_S;
    const weekday = fromYesterday && !startedToday ? (p.weekday + 6) % 7 : p.weekday;
    if (!(startedToday || fromYesterday) || !dayMatches(day, weekday)) continue;
    return { slot, socPct: settings.get(`${base}Soc`) ?? 100, allowDischarge: (settings.get(`${base}AllowDischarge`) ?? 0) === 1 };
  }
  return null;
}

function dayMatches(day: number, weekday: number): boolean {
  if (day === 7) return true;
  if (day === 8) return weekday >= 1 && weekday <= 5;
  if (day === 9) return weekday === 0 || weekday === 6;
  return day === weekday;
}
