// Replays a Tempo season minute by minute through the real Device (decoder, Controller, drivers, energy monitor) on
// the scenario runner's virtual clock, beside the same household without the box. Host-only; holds no policy.

import type { DigitalOutput, TimerHandle, Timers } from "../../hal/types";
import type { Settings } from "../../src/app/types";
import { createCore } from "../../src/device/core";
import { Device, type LoadWiring } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { energyView, type EnergyView } from "../../src/energy/view";
import { DEFAULT_TEMPO_PRICES } from "../../src/energy/prices";
import { cellOf, CELL_NAMES, TEMPO_CELLS } from "../../src/energy/tempo-indexes";
import { LOAD_KINDS } from "../../src/loads/kinds";
import type { LoadLevel } from "../../src/loads/types";
import { defaultSettings, validateSettings } from "../../src/settings/validate";
import { localParts, localToUtc, type LocalParts } from "../../src/tariff/local-time";
import { nextTempoDayStartMs, periodAt } from "../../src/tariff/tempo-calendar";
import { dayKeyAt } from "../../src/energy/accounts";
import { TempoFrameWriter, type FrameColour } from "./frame";
import { VirtualTime } from "../virtual-time";
import type { SeasonCalendar } from "./calendar";
import { COLD_WATER_C, ECO_DROP_K, FROST_C, TANK_LOSS_W_PER_K, THERMOSTAT_HALF_BAND_K, WATER_WH_PER_L_K, type HomeSpec } from "./home";

const MIN_MS = 60_000;
/**
 * The Device's own timers (1 s tick, 50 ms LED) would be 31 million callbacks a season: here every interval runs at
 * most once a simulated minute, the step of the replay (the tick then sees each minute, as each frame does).
 */
export const SEASON_TIMER_FLOOR_MS = MIN_MS;
/**
 * A real meter sends a frame every 1.5 s; the replay sends one whenever the power drawn changes (a thermostat, the
 * base load, a decision) and otherwise at least this often, so the box sees every change within its minute while a
 * season stays within seconds. The box's meter-lost timeout is raised above it (homeSettings), or every quiet
 * stretch would read as a lost meter.
 */
export const SEASON_FRAME_MAX_GAP_MS = 5 * MIN_MS;

export interface SeasonOptions {
  calendar: SeasonCalendar;
  home: HomeSpec;
  /** Replay only this many days from 1 September (a short season for tests and the XS bench); default: all. */
  days?: number;
  /** First day to replay, counted from 1 September (default 0). */
  fromDay?: number;
}

/** One side of the comparison: energy and € per cell, and per Tempo day (for the report's chart). */
export interface SideTotals {
  wh: number[];
  eur: number[];
  /** € per replayed day, energy only. */
  dailyEur: number[];
  /** Minutes above the subscribed power (without the box the breaker would have tripped on some of them). */
  overMinutes: number;
}

export interface SeasonResult {
  season: string;
  calendarSource: string;
  home: string;
  days: number;
  minutes: number;
  colours: string[];
  without: SideTotals;
  /** What the simulator itself drew with the box (the independent sum the box's accounts must match). */
  withBox: SideTotals;
  /** The box's own figures (src/energy, from the meter's indexes), as GET /api/energy shows them. */
  boxView: EnergyView;
  subscriptionEur: number;
  /** Degree-hours below setpoint while the box held a heater off or in eco, per heater. */
  comfortKh: Record<string, number>;
  /** Contact changes per relay output, `load/contact`. */
  switches: Record<string, number>;
  /** Meter frames the box decoded (one per change of power, at least every SEASON_FRAME_MAX_GAP_MS). */
  frames: number;
  elapsedMs: number;
}

interface Room {
  spec: HomeSpec["heaters"][number];
  tempC: number;
  heating: boolean;
}

interface Tank {
  tempC: number;
  heating: boolean;
}

function outdoorC(home: HomeSpec, p: LocalParts, colour: string): number {
  const mean = home.outdoorMeanC[p.month - 1] - (colour === "red" ? home.redDayColderK : colour === "white" ? home.whiteDayColderK : 0);
  const hour = p.hour + p.minute / 60;
  return mean + home.dailySwingK * Math.cos(((hour - 17) / 24) * 2 * Math.PI); // warmest 17:00, coldest 05:00
}

/** The heater's thermostat under the level the box gives it (without the box: always normal). */
function heaterDraws(room: Room, level: LoadLevel): number {
  const target = level === "off" ? FROST_C : level === "eco" ? room.spec.setpointC - ECO_DROP_K : room.spec.setpointC;
  if (room.tempC < target - THERMOSTAT_HALF_BAND_K) room.heating = true;
  else if (room.tempC > target + THERMOSTAT_HALF_BAND_K) room.heating = false;
  return room.heating ? room.spec.powerW : 0;
}

function tankDraws(home: HomeSpec, tank: Tank, level: LoadLevel, period: "hp" | "hc"): number {
  const w = home.waterHeater;
  if (!w) return 0;
  const allowed = level !== "off" && (!w.offPeakOnly || period === "hc");
  if (tank.tempC < w.setpointC - 5) tank.heating = true;
  else if (tank.tempC >= w.setpointC) tank.heating = false;
  return allowed && tank.heating ? w.powerW : 0;
}

/** One minute of heat: rooms lose to outdoors and gain their heater's draw; the tank loses, is drawn from, is heated. */
function stepHeat(home: HomeSpec, rooms: Room[], draws: number[], tank: Tank, tankW: number, outC: number, hour: number): void {
  rooms.forEach((room, i) => {
    const netW = draws[i] - room.spec.lossWPerK * (room.tempC - outC);
    room.tempC += netW / 60 / room.spec.capacityWhPerK;
  });
  const w = home.waterHeater;
  if (!w) return;
  const useLPerMin = hour === 7 ? (0.4 * w.dailyUseL) / 60 : hour >= 19 && hour < 21 ? (0.6 * w.dailyUseL) / 120 : 0;
  const capacityWhPerK = w.tankL * WATER_WH_PER_L_K;
  const lossW = TANK_LOSS_W_PER_K * (tank.tempC - 20);
  const useWh = useLPerMin * WATER_WH_PER_L_K * (tank.tempC - COLD_WATER_C);
  tank.tempC += ((tankW - lossW) / 60 - useWh) / capacityWhPerK;
}

/** The box's settings for this household: heaters on one pilot wire, the tank on a relay, subscribed power from the meter. */
export function homeSettings(home: HomeSpec): Settings {
  const loads: unknown[] = home.heaters.map((h) => ({ id: h.id, name: h.name, kind: "fil-pilote-1", priority: h.priority, nominalPowerW: h.powerW }));
  const w = home.waterHeater;
  // The household's tank has its own off-peak contactor and thermostat (tankDraws): the box only sheds it, as the
  // season compares; issue #14's HC placement (heatIn "hc") would move its heating and is left out here.
  if (w) loads.push({ id: w.id, name: w.name, kind: "water-heater", priority: w.priority, nominalPowerW: w.powerW, shedBy: ["red_peak", "overload"], targetTemperatureC: w.setpointC, heatIn: "any" });
  const checked = validateSettings({ ...defaultSettings(), loads, fallbackSubscribedVA: home.subscribedKVA * 1000, meterLostTimeoutMs: 2 * SEASON_FRAME_MAX_GAP_MS });
  if (!checked.ok) throw new Error(`household settings invalid: ${checked.errors.map((e) => `${e.field} ${e.message}`).join("; ")}`);
  return checked.settings;
}

/** Device timers on the virtual clock, every interval at least SEASON_TIMER_FLOOR_MS. */
function flooredTimers(time: VirtualTime): Timers {
  return {
    setTimeout: (cb, ms) => time.setTimeout(cb, ms),
    setInterval: (cb, ms) => time.setInterval(cb, Math.max(ms, SEASON_TIMER_FLOOR_MS)),
    clear: (h: TimerHandle) => time.clear(h),
  };
}

function emptySide(days: number): SideTotals {
  return { wh: [0, 0, 0, 0, 0, 0], eur: [0, 0, 0, 0, 0, 0], dailyEur: new Array(days).fill(0), overMinutes: 0 };
}

function cellPrice(cell: number): number {
  const p = DEFAULT_TEMPO_PRICES.energy;
  const colour = cell < 2 ? p.blue : cell < 4 ? p.white : p.red;
  return (cell & 1) === 1 ? colour.hp : colour.hc;
}

function addEnergy(side: SideTotals, cell: number, wh: number, day: number): void {
  side.wh[cell] += wh;
  const eur = (wh / 1000) * cellPrice(cell);
  side.eur[cell] += eur;
  if (day >= 0 && day < side.dailyEur.length) side.dailyEur[day] += eur;
}

export function runSeason(options: SeasonOptions, now: () => number = () => 0): SeasonResult {
  const started = now();
  const { calendar, home } = options;
  const fromDay = options.fromDay ?? 0;
  const days = Math.min(options.days ?? calendar.colours.length, calendar.colours.length - fromDay);
  const first = tempoDateOf(calendar.firstDay + fromDay);
  const startMs = localToUtc(first.year, first.month, first.day, 6);
  const endMs = (() => {
    const last = tempoDateOf(calendar.firstDay + fromDay + days);
    return localToUtc(last.year, last.month, last.day, 6);
  })();
  const colourAt = (atMs: number): FrameColour => calendar.colours[dayKeyAt(atMs) - calendar.firstDay] ?? "blue";
  const dayIndexAt = (atMs: number): number => dayKeyAt(atMs) - calendar.firstDay - fromDay;

  // The box: the same composition as host-sim and the scenario runner, on a virtual clock.
  const time = new VirtualTime(startMs - MIN_MS);
  const store = new MemoryStore();
  const logger = { log: () => undefined };
  const settings = homeSettings(home);
  const core = createCore({ store, logger, ticMode: "historic", defaultSettings: settings });
  const switches: Record<string, number> = {};
  const loads: Record<string, LoadWiring> = {};
  for (const load of core.loads) {
    const outputs: DigitalOutput[] = [];
    for (let i = 0; i < LOAD_KINDS[load.kind].contacts; i++) {
      const name = `${load.id}/${i}`;
      switches[name] = 0;
      let state: boolean | null = null;
      outputs.push({ write: (on) => { if (state !== null && on !== state) switches[name]++; state = on; } });
    }
    loads[load.id] = { kind: load.kind, outputs };
  }
  let feed: ((chunk: Uint8Array) => void) | undefined;
  const device = new Device({
    clock: time, timers: flooredTimers(time), logger, store, system: { restart: () => undefined },
    meter: { onBytes: (h) => void (feed = h), close: () => undefined },
    loads, redLed: { set: () => undefined }, blueLed: { set: () => undefined },
    createDecoder: core.createDecoder, createEngine: core.createEngine,
  });
  const levels: Record<string, LoadLevel> = {};
  device.subscribe((u) => {
    for (const f of u.facts) if (f.type === "load") levels[f.id] = f.level;
  });
  device.start();
  // The meter: six Tempo registers counting what the house draws (in the register of the tariff in force), sent as
  // real historic frames (ISOUSC = kVA × 1000 / 200, DOMAIN §1).
  const frames = new TempoFrameWriter("021861348497", Math.round((home.subscribedKVA * 1000) / 200));
  const registersWh = [18_328_856, 23_739_545, 1_466_099, 2_132_883, 860_118, 844_115];

  const roomsBox: Room[] = home.heaters.map((spec) => ({ spec, tempC: spec.setpointC, heating: false }));
  const roomsFree: Room[] = home.heaters.map((spec) => ({ spec, tempC: spec.setpointC, heating: false }));
  const tankBox: Tank = { tempC: home.waterHeater?.setpointC ?? 0, heating: false };
  const tankFree: Tank = { tempC: home.waterHeater?.setpointC ?? 0, heating: false };
  const withBox = emptySide(days);
  const without = emptySide(days);
  const comfortKh: Record<string, number> = {};
  for (const h of home.heaters) comfortKh[h.id] = 0;
  const subscribedVA = home.subscribedKVA * 1000;
  const drawsBox: number[] = home.heaters.map(() => 0);
  const drawsFree: number[] = home.heaters.map(() => 0);
  let minutes = 0;
  let day = 0;
  let colour: FrameColour = "blue";
  let tomorrow: FrameColour = "blue";
  let nextDayMs = startMs;
  let framesSent = 0;
  let lastFramePowerVA = -1;
  let lastFramePeriod = "";
  let lastFrameMs = 0;

  for (let t = startMs; t < endMs; t += MIN_MS) {
    // Calendar facts change at most once a Tempo day and once an hour: worked out then, not every minute.
    if (t >= nextDayMs) {
      day = dayIndexAt(t);
      colour = colourAt(t);
      tomorrow = colourAt(t + 24 * 3_600_000);
      nextDayMs = nextTempoDayStartMs(t);
    }
    const local = localParts(t);
    const hour = local.hour;
    const period = periodAt(t);
    const baseW = home.baseLoadW[hour];
    const outC = outdoorC(home, local, colour);
    const cell = cellOf(colour, period);
    // With the box: the meter reads what the house draws under the box's last decisions, the box decides on it,
    // and the next minute is drawn under what it decided.
    time.jumpTo(t);
    let totalBox = baseW;
    roomsBox.forEach((room, i) => (totalBox += drawsBox[i] = heaterDraws(room, levels[room.spec.id] ?? "normal")));
    const tankW = home.waterHeater ? tankDraws(home, tankBox, levels[home.waterHeater.id] ?? "normal", period) : 0;
    totalBox += tankW;
    const powerVA = Math.round(totalBox);
    if (powerVA !== lastFramePowerVA || period !== lastFramePeriod || t - lastFrameMs >= SEASON_FRAME_MAX_GAP_MS) {
      feed?.(frames.write(registersWh, colour, period, tomorrow, powerVA));
      lastFramePowerVA = powerVA;
      lastFramePeriod = period;
      lastFrameMs = t;
      framesSent++;
      time.advance(0);
    }
    // The decision takes effect at once: this minute is drawn (and metered) at the power it leaves.
    let after = baseW;
    roomsBox.forEach((room, i) => {
      const level = levels[room.spec.id] ?? "normal";
      after += drawsBox[i] = heaterDraws(room, level);
      if ((level === "off" || level === "eco") && room.tempC < room.spec.setpointC) comfortKh[room.spec.id] += (room.spec.setpointC - room.tempC) / 60;
    });
    const tankAfter = home.waterHeater ? tankDraws(home, tankBox, levels[home.waterHeater.id] ?? "normal", period) : 0;
    after += tankAfter;
    registersWh[cell] += after / 60; // the meter counts this minute at the power left after the decision
    addEnergy(withBox, cell, after / 60, day);
    if (after > subscribedVA) withBox.overMinutes++;
    stepHeat(home, roomsBox, drawsBox, tankBox, tankAfter, outC, hour);
    // Without the box: the same house, every heater on its own thermostat.
    let free = baseW;
    roomsFree.forEach((room, i) => (free += drawsFree[i] = heaterDraws(room, "normal")));
    const tankFreeW = home.waterHeater ? tankDraws(home, tankFree, "normal", period) : 0;
    free += tankFreeW;
    addEnergy(without, cell, free / 60, day);
    if (free > subscribedVA) without.overMinutes++;
    stepHeat(home, roomsFree, drawsFree, tankFree, tankFreeW, outC, hour);
    time.advance(MIN_MS - 1);
    minutes++;
  }
  // The last minute's energy reaches the meter's indexes with one more frame.
  // One millisecond before the next season's first day, so the box's season bucket is still this one.
  time.jumpTo(endMs - 1);
  feed?.(frames.write(registersWh, colourAt(endMs - 1), periodAt(endMs - 1), colourAt(endMs), 0));
  const boxView = energyView(device.energyMonitor()!);
  device.stop();
  const subscriptionEur = (DEFAULT_TEMPO_PRICES.subscriptionEurPerYear * days) / calendar.colours.length;
  return {
    season: calendar.season,
    calendarSource: calendar.source,
    home: home.name,
    days,
    minutes,
    colours: calendar.colours.slice(fromDay, fromDay + days),
    without,
    withBox,
    boxView,
    subscriptionEur,
    comfortKh,
    switches,
    frames: framesSent + 1,
    elapsedMs: now() - started,
  };
}

function tempoDateOf(dayKey: number): { year: number; month: number; day: number } {
  const ms = dayKey * 86_400_000 + 12 * 3_600_000;
  const p = localParts(ms);
  return { year: p.year, month: p.month, day: p.day };
}

export { CELL_NAMES, TEMPO_CELLS };
