// One step of the energy manager: advance each tank (boost end, legionella run, tonight's placed heat, the target's
// hysteresis) and say what each managed load wants now. Pure; never decides a level (the policy's rules do).

import type { Contract } from "../tic/types";
import type { ColourOrUnknown } from "../tariff/tariff-tracker";
import { localParts } from "../tariff/local-time";
import { nextTempoDayStartMs, tempoDayStartMs } from "../tariff/tempo-calendar";
import type { DecisionNumbers, LoadConfig, SgReadyLoad, WaterHeaterLoad } from "../loads/types";
import { energyToHeatWh, heatTimeMs, placedStartMs, TANK } from "./tank";
import { freshTank, NO_FORCED, type LoadPlan, type ManagerState, type ManagerView, type PlanKey, type TankRuntime } from "./state";

/** What the manager reads of the tariff. */
export interface ManagerTariff {
  contract: Contract;
  today: ColourOrUnknown;
  period: "hp" | "hc";
}

/** The HC night lasts 8 h (22:00 → 06:00): placed heating never starts before its beginning. */
const HC_NIGHT_MS = 8 * TANK.hourMs;

const tempoLike = (t: ManagerTariff): boolean => t.contract === "tempo" || t.contract === "unknown";

/** A cheap night: blue HC on Tempo (the night after a white or red day is dearer), HC on an HC/HP contract; a flat
 * price (base, EJP's normal hours) has none. */
export function cheapNight(t: ManagerTariff): boolean {
  if (t.period !== "hc") return false;
  return tempoLike(t) ? t.today === "blue" : t.contract === "hc-hp";
}

/** The night an anti-legionella run may take: a blue HC night on Tempo, any night (22:00–06:00) otherwise. */
export function legionellaNight(t: ManagerTariff): boolean {
  if (t.period !== "hc") return false;
  return tempoLike(t) ? t.today === "blue" : true;
}

/**
 * Reasons to tell a heat pump "recommended on" (SG-Ready 3), first match wins. PV surplus (a later issue) is one more
 * entry here, reading a measurement the tariff view will then carry.
 */
export const HEAT_PUMP_RECOMMENDERS: readonly ((t: ManagerTariff) => string | null)[] = Object.freeze([
  (t: ManagerTariff) => (cheapNight(t) ? (tempoLike(t) ? "blue HC: heat while it is cheapest" : "HC: heat while it is cheap") : null),
]);

const EMPTY_VIEW: ManagerView = Object.freeze({ plans: Object.freeze({}), forcedPowerW: NO_FORCED, winter: false });

// Asked on every event: remembered for the Tempo day it was worked out for (localParts allocates on XS).
let winterDayMs = -1;
let winterOfDay = false;

function isWinter(nowMs: number): boolean {
  const day = tempoDayStartMs(nowMs);
  if (day !== winterDayMs) {
    const month = localParts(day).month;
    winterOfDay = month >= 11 || month <= 3;
    winterDayMs = day;
  }
  return winterOfDay;
}

/** "HH:MM" local. */
export function hhmm(utcMs: number): string {
  const p = localParts(utcMs);
  return `${p.hour < 10 ? "0" : ""}${p.hour}:${p.minute < 10 ? "0" : ""}${p.minute}`;
}

/** The probe's temperature when it is fresh (a stale or failed probe is no reading: the tank's thermostat rules). */
function freshTemperature(tank: TankRuntime, nowMs: number): number | null {
  return tank.temperatureC !== null && tank.readAtMs !== null && nowMs - tank.readAtMs < TANK.probeStaleMs ? tank.temperatureC : null;
}

function hysteresis(was: boolean, temperatureC: number | null, targetC: number): boolean {
  if (temperatureC === null) return false;
  if (temperatureC >= targetC) return true;
  return temperatureC <= targetC - TANK.hysteresisC ? false : was;
}

/** The tank moved on: a copy only when something changed (most events change nothing here). */
function advanceWaterHeater(c: WaterHeaterLoad, was: TankRuntime, t: ManagerTariff, nowMs: number, cached: PlanKey | undefined): TankRuntime {
  const temp = c.probe ? freshTemperature(was, nowMs) : null;
  let atTarget = hysteresis(was.atTarget, temp, c.targetTemperatureC);
  let done = was.legionellaDoneMs;
  let since = was.legionellaSinceMs;
  let boostUntil = was.boostUntilMs;
  let night = was.heatingNightEndMs;
  // Hot enough counts whenever it happens (at most one write a day while the tank stays hot).
  if (temp !== null && temp >= TANK.legionellaC && (done === null || since !== null || nowMs - done >= 86_400_000)) {
    done = nowMs;
    since = null;
  }
  const runNight = legionellaNight(t);
  if (c.legionella && since === null && runNight && (done === null || nowMs - done >= TANK.weekMs)) since = nowMs;
  if (since !== null && (!runNight || !c.legionella)) {
    // Without a probe the night is the run: it counts when the relay stayed closed long enough for a heat.
    if (!c.probe && c.legionella && nowMs - since >= c.heatHours * TANK.hourMs) done = nowMs;
    since = null;
  }
  if (boostUntil !== null && (nowMs >= boostUntil || (temp !== null && temp >= c.targetTemperatureC))) boostUntil = null;
  if (night !== null && (t.period !== "hc" || nowMs >= night)) night = null;
  if (night === null && c.heatIn === "hc" && t.period === "hc" && !atTarget) {
    // The start worked out with the last plan from these very inputs, if any (a quiet tick then allocates nothing).
    const same = cached !== undefined && cached.startMs !== null && cached.config === c && cached.tank === was && cached.dayStartMs === tempoDayStartMs(nowMs) && cached.fresh === (temp !== null);
    const startMs = same ? (cached as PlanKey).startMs as number : placement(c, temp, nowMs).startMs;
    if (nowMs >= startMs) night = nextTempoDayStartMs(nowMs);
  }
  if (since !== null) atTarget = false;
  if (atTarget === was.atTarget && done === was.legionellaDoneMs && since === was.legionellaSinceMs && boostUntil === was.boostUntilMs && night === was.heatingNightEndMs) return was;
  return { temperatureC: was.temperatureC, readAtMs: was.readAtMs, boostUntilMs: boostUntil, atTarget, legionellaDoneMs: done, legionellaSinceMs: since, heatingNightEndMs: night };
}

interface Placement {
  readyByMs: number;
  startMs: number;
  neededMs: number;
  reachable: boolean;
}

/** Tonight's placed heat: how long it takes (probe: from the temperature; none: the configured hours) and its start. */
function placement(c: WaterHeaterLoad, temp: number | null, nowMs: number): Placement {
  const readyByMs = nextTempoDayStartMs(nowMs);
  const neededMs = temp !== null ? heatTimeMs(energyToHeatWh(c.tankVolumeL, temp, c.targetTemperatureC), c.nominalPowerW) : c.heatHours * TANK.hourMs;
  const p = placedStartMs(neededMs, readyByMs, readyByMs - HC_NIGHT_MS);
  return { readyByMs, startMs: p.startMs, neededMs, reachable: p.reachable };
}

function tankNumbers(temp: number | null, targetC: number): DecisionNumbers {
  return temp === null ? { targetC } : { temperatureC: temp, targetC };
}

function waterHeaterPlan(c: WaterHeaterLoad, tank: TankRuntime, t: ManagerTariff, nowMs: number): LoadPlan {
  const temp = c.probe ? freshTemperature(tank, nowMs) : null;
  if (tank.legionellaSinceMs !== null) {
    const detail = temp !== null ? `anti-legionella: ${temp} °C → ${TANK.legionellaC} °C` : "anti-legionella night (no probe: the relay stays closed until 06:00)";
    return { want: "legionella", detail, numbers: tankNumbers(temp, TANK.legionellaC) };
  }
  if (tank.boostUntilMs !== null) return { want: "boost", detail: `boost until ${hhmm(tank.boostUntilMs)}${temp !== null ? ` or ${c.targetTemperatureC} °C` : ""}`, numbers: tankNumbers(temp, c.targetTemperatureC) };
  if (tank.atTarget && temp !== null) {
    return { want: "satisfied", detail: `${temp} °C ≥ ${c.targetTemperatureC} °C target: heats again below ${c.targetTemperatureC - TANK.hysteresisC} °C`, numbers: tankNumbers(temp, c.targetTemperatureC) };
  }
  if (c.heatIn === "any") return { want: "heat", detail: temp !== null ? `${temp} °C → ${c.targetTemperatureC} °C` : "heats whenever the budget allows", numbers: tankNumbers(temp, c.targetTemperatureC) };
  if (t.period !== "hc") return { want: "wait", detail: "heats in off-peak hours (from 22:00)" };
  const p = placement(c, temp, nowMs);
  const minutes = Math.ceil(p.neededMs / 60_000);
  if (tank.heatingNightEndMs === p.readyByMs) {
    const detail = p.reachable ? `placed heat: ${c.targetTemperatureC} °C by 06:00 (${minutes} min needed)` : `heats all night: ${minutes} min needed, more than the night (target may not be reached by 06:00)`;
    return { want: "heat", detail, numbers: tankNumbers(temp, c.targetTemperatureC) };
  }
  return { want: "wait", detail: `heats from ${hhmm(p.startMs)} to reach ${c.targetTemperatureC} °C by 06:00 (${minutes} min needed)` };
}

function heatPumpPlan(c: SgReadyLoad, tank: TankRuntime | undefined, t: ManagerTariff, nowMs: number): LoadPlan {
  let why: string | null = null;
  for (let i = 0; i < HEAT_PUMP_RECOMMENDERS.length && why === null; i++) why = HEAT_PUMP_RECOMMENDERS[i](t);
  if (why === null) return NORMAL;
  const temp = c.probe && tank !== undefined ? freshTemperature(tank, nowMs) : null;
  if (temp !== null && tank !== undefined && tank.atTarget) return { want: "normal", detail: `${temp} °C ≥ ${c.targetTemperatureC} °C target: no need to recommend`, numbers: tankNumbers(temp, c.targetTemperatureC) };
  return { want: "recommend", detail: why };
}
const NORMAL: LoadPlan = Object.freeze({ want: "normal", detail: "" });

/** A heat pump's probe only needs the target's hysteresis. */
function advanceHeatPump(c: SgReadyLoad, was: TankRuntime, nowMs: number): TankRuntime {
  const atTarget = hysteresis(was.atTarget, freshTemperature(was, nowMs), c.targetTemperatureC);
  return atTarget === was.atTarget ? was : { ...was, atTarget };
}

/**
 * The manager after time moved to `nowMs` and the plans it gives. Returns `state` itself and `last` itself when nothing
 * moved (the loads pass is then skipped as before: most frames and ticks); a plan is rebuilt only when what it was
 * worked out from changed (the memo), so a quiet tick builds no string.
 */
export function stepManager(state: ManagerState, last: ManagerView | null, configs: readonly LoadConfig[], t: ManagerTariff, nowMs: number): { state: ManagerState; view: ManagerView } {
  let tanks: Record<string, TankRuntime> | null = null;
  const memo: Record<string, PlanKey> = last !== null && last !== EMPTY_VIEW && last.memo !== undefined ? last.memo : {};
  const winter = isWinter(nowMs);
  let changed = last === null || last.forcedPowerW !== state.forcedPowerW || last.winter !== winter || last.configs !== configs;
  let count = 0;
  let dayStartMs = -1;
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i];
    if (c.kind !== "water-heater" && c.kind !== "sg-ready") continue;
    if (dayStartMs < 0) dayStartMs = tempoDayStartMs(nowMs);
    count++;
    const cached = memo[c.id];
    let tank = state.tanks[c.id];
    if (c.kind === "water-heater") {
      const was = tank ?? freshTank();
      tank = advanceWaterHeater(c, was, t, nowMs, cached);
      if (tank !== state.tanks[c.id]) (tanks ??= { ...state.tanks })[c.id] = tank;
    } else if (tank !== undefined) {
      const next = advanceHeatPump(c, tank, nowMs);
      if (next !== tank) (tanks ??= { ...state.tanks })[c.id] = tank = next;
    }
    const fresh = tank !== undefined && freshTemperature(tank, nowMs) !== null;
    let plan: LoadPlan;
    if (cached !== undefined && cached.config === c && cached.tank === tank && cached.tariff === t && cached.fresh === fresh && cached.dayStartMs === dayStartMs) plan = cached.plan;
    else {
      plan = c.kind === "water-heater" ? waterHeaterPlan(c, tank as TankRuntime, t, nowMs) : heatPumpPlan(c, tank, t, nowMs);
      if (cached !== undefined && samePlan(cached.plan, plan)) plan = cached.plan;
      const startMs = c.kind === "water-heater" && c.heatIn === "hc" && t.period === "hc" && plan.want === "wait" ? placement(c, c.probe && tank !== undefined ? freshTemperature(tank, nowMs) : null, nowMs).startMs : null;
      memo[c.id] = { config: c, tank, tariff: t, fresh, dayStartMs, plan, startMs };
    }
    if (last === null || last.plans[c.id] !== plan) changed = true;
  }
  const next = tanks === null ? state : { tanks, forcedPowerW: state.forcedPowerW };
  if (count === 0 && state.forcedPowerW === NO_FORCED) return { state: next, view: EMPTY_VIEW };
  if (!changed && last !== null) return { state: next, view: last };
  const plans: Record<string, LoadPlan> = {};
  for (let i = 0; i < configs.length; i++) {
    const k = memo[configs[i].id];
    if (k !== undefined && k.config === configs[i]) plans[configs[i].id] = k.plan;
  }
  return { state: next, view: { plans, forcedPowerW: state.forcedPowerW, winter, memo, configs } };
}

function samePlan(a: LoadPlan, b: LoadPlan): boolean {
  return a.want === b.want && a.detail === b.detail && sameNumbers(a.numbers, b.numbers);
}

function sameNumbers(a: DecisionNumbers | undefined, b: DecisionNumbers | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}
