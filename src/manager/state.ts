// The energy manager's slice: each probed load's tank (temperature, boost, anti-legionella, tonight's placed heat)
// and the owner's forced powers. Pure reducers over plain data; never reads a probe, the clock or the store.

import type { DecisionNumbers, LoadConfig } from "../loads/types";

/** A load with a probe or a tank: a water heater, or a heat pump whose water (or buffer) a probe reads. */
export interface TankRuntime {
  /** The last probe reading (°C), null while none or when the probe failed. */
  temperatureC: number | null;
  readAtMs: number | null;
  /** A boost runs until then (ends early at target with a probe). */
  boostUntilMs: number | null;
  /** The target was reached: heating waits until the tank falls below target − hysteresis. */
  atTarget: boolean;
  /** Last time the tank was seen at 60 °C or more (or a no-probe legionella night ended). */
  legionellaDoneMs: number | null;
  /** Start of the legionella run in progress. */
  legionellaSinceMs: number | null;
  /** The 06:00 (UTC ms) of the HC night whose placed heating started: it runs on until then or the target. */
  heatingNightEndMs: number | null;
}

export interface ManagerState {
  tanks: Readonly<Record<string, TankRuntime>>;
  /** Power (W) the owner forced for a modulating load, by load id. */
  forcedPowerW: Readonly<Record<string, number>>;
}

/** What the manager asks of one load now: the policy's manager rules read it. */
export interface LoadPlan {
  want: "legionella" | "boost" | "heat" | "satisfied" | "wait" | "recommend" | "normal";
  detail: string;
  numbers?: DecisionNumbers;
}

/** The plans of every managed load and the forced powers, kept as one object while nothing in them moves. */
export interface ManagerView {
  plans: Readonly<Record<string, LoadPlan>>;
  forcedPowerW: Readonly<Record<string, number>>;
  /** 1 Nov – 31 Mar (local date): heat pumps marked so run at priority 0 for the budget. */
  winter: boolean;
  /**
   * What each plan was worked out from, so a quiet tick reuses it instead of rebuilding its strings (plan.ts). A cache
   * shared by successive views and written in place: it never changes what a plan says, only whether it is rebuilt.
   */
  memo?: Record<string, PlanKey>;
  /** The load table the plans were made for (another table: the plans are rebuilt). */
  configs?: readonly LoadConfig[];
}

/** The inputs a load's plan (and a placed heat's start) came from: the same objects give the same plan. */
export interface PlanKey {
  config: LoadConfig;
  tank: TankRuntime | undefined;
  tariff: object;
  fresh: boolean;
  dayStartMs: number;
  plan: LoadPlan;
  /** Tonight's placed start (UTC ms) for this tank, when it waits in HC for it. */
  startMs: number | null;
}

export const NO_FORCED: Readonly<Record<string, number>> = Object.freeze({});

export function freshTank(): TankRuntime {
  return { temperatureC: null, readAtMs: null, boostUntilMs: null, atTarget: false, legionellaDoneMs: null, legionellaSinceMs: null, heatingNightEndMs: null };
}

/** Loads the manager keeps a tank for: water heaters, and heat pumps with a probe. */
export function hasTank(config: LoadConfig): boolean {
  return config.kind === "water-heater" || (config.kind === "sg-ready" && config.probe);
}

/**
 * What survives a restart: the owner's boosts and forced powers (written at once: a power cut must not undo them) and
 * when the tank last reached 60 °C (so a restart does not run an anti-legionella night for nothing).
 */
export interface ManagerRecord {
  tanks: Record<string, { boostUntilMs: number | null; legionellaDoneMs: number | null }>;
  forcedPowerW: Record<string, number>;
}

export function managerRecord(state: ManagerState): ManagerRecord {
  const tanks: ManagerRecord["tanks"] = {};
  for (const id in state.tanks) {
    const t = state.tanks[id];
    if (t.boostUntilMs !== null || t.legionellaDoneMs !== null) tanks[id] = { boostUntilMs: t.boostUntilMs, legionellaDoneMs: t.legionellaDoneMs };
  }
  return { tanks, forcedPowerW: { ...state.forcedPowerW } };
}

export function emptyRecord(r: ManagerRecord): boolean {
  for (const _ in r.tanks) return false;
  for (const _ in r.forcedPowerW) return false;
  return true;
}

const finiteOrNull = (v: unknown): number | null => (typeof v === "number" && v === v && v !== Infinity && v !== -Infinity ? v : null);

/** The manager at boot, from what was persisted when it is still sound (a damaged field is dropped, not trusted). */
export function initialManager(configs: readonly LoadConfig[], saved?: ManagerRecord): ManagerState {
  const tanks: Record<string, TankRuntime> = {};
  let forced: Record<string, number> | null = null;
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i];
    if (hasTank(c)) {
      const s = saved?.tanks?.[c.id];
      const tank = freshTank();
      if (s !== undefined && s !== null && typeof s === "object") {
        tank.boostUntilMs = c.kind === "water-heater" ? finiteOrNull(s.boostUntilMs) : null;
        tank.legionellaDoneMs = finiteOrNull(s.legionellaDoneMs);
      }
      tanks[c.id] = tank;
    }
    const w = saved?.forcedPowerW?.[c.id];
    if (c.kind === "modulating" && typeof w === "number" && w >= 0 && w <= c.nominalPowerW) (forced ??= {})[c.id] = w;
  }
  return { tanks, forcedPowerW: forced ?? NO_FORCED };
}

/** After a settings change: keep the tanks and forced powers of loads that still have them, add fresh ones. */
export function keepManagerOf(state: ManagerState, configs: readonly LoadConfig[]): ManagerState {
  const tanks: Record<string, TankRuntime> = {};
  let forced: Record<string, number> | null = null;
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i];
    if (hasTank(c)) tanks[c.id] = state.tanks[c.id] ?? freshTank();
    const w = state.forcedPowerW[c.id];
    if (w !== undefined && c.kind === "modulating") (forced ??= {})[c.id] = w;
  }
  return { tanks, forcedPowerW: forced ?? NO_FORCED };
}

function withTank(state: ManagerState, id: string, tank: TankRuntime): ManagerState {
  return { tanks: { ...state.tanks, [id]: tank }, forcedPowerW: state.forcedPowerW };
}

/** A probe reading (null: the probe failed or is absent). Refused (a reason) for a load without a tank. */
export function onTankTemperature(state: ManagerState, id: string, temperatureC: number | null, nowMs: number): ManagerState | string {
  const tank = state.tanks[id];
  if (tank === undefined) return "no probe on this load";
  if (temperatureC !== null && !(temperatureC > -55 && temperatureC < 125)) return `temperatureC: must be between -55 and 125 (a DS18B20's range), got ${temperatureC}`;
  return withTank(state, id, { ...tank, temperatureC, readAtMs: nowMs });
}

/** A boost for `durationMs` from now (0 cancels it). Refused (a reason) for a load that is not a water heater. */
export function onBoost(state: ManagerState, config: LoadConfig | undefined, durationMs: number, nowMs: number): ManagerState | string {
  if (config === undefined) return "unknown load";
  if (config.kind !== "water-heater") return "not a water heater";
  const tank = state.tanks[config.id] ?? freshTank();
  // A boost asks for heat now: the hysteresis of an earlier target must not hold it back.
  return withTank(state, config.id, { ...tank, boostUntilMs: durationMs > 0 ? nowMs + durationMs : null, atTarget: durationMs > 0 ? false : tank.atTarget });
}

/** The owner forces a modulating load's power (null: back to the budget). */
export function onForcedPower(state: ManagerState, config: LoadConfig | undefined, powerW: number | null): ManagerState | string {
  if (config === undefined) return "unknown load";
  if (config.kind !== "modulating") return "not a modulating load";
  if (powerW !== null && !(powerW >= 0 && powerW <= config.nominalPowerW)) return `powerW: must be between 0 and ${config.nominalPowerW} (its nominal power), got ${powerW}`;
  const forced: Record<string, number> = { ...state.forcedPowerW };
  if (powerW === null) delete forced[config.id];
  else forced[config.id] = powerW;
  return { tanks: state.tanks, forcedPowerW: forced };
}
