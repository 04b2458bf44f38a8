// The Controller's signals slice: the online sources' weighed colours per Tempo day and Ecowatt's hourly levels.
// A pure reducer over plain data: never asks a source, never reads the clock; the tariff slice takes its colours.

import type { TempoColour } from "../tic/types";
import type { ColourOrUnknown, TariffState } from "../tariff/tariff-tracker";
import { tempoDate, tempoDayStartMs, tempoSeasonOf, type SeasonCounts } from "../tariff/tempo-calendar";
import { weighDay } from "./arbiter";

/** What one online source said of one Tempo day. */
export interface OnlineColourAt {
  source: string;
  /** Start (UTC ms, 06:00 local) of the Tempo day. */
  dayStartMs: number;
  colour: TempoColour;
}

/** An online verdict for one Tempo day (src/signals/arbiter.ts made it against the meter). */
export interface SignalDay {
  /** Start (UTC ms, 06:00 local) of the Tempo day it is about. */
  dayStartMs: number;
  colour: ColourOrUnknown;
  provenance: string;
  confidence: "high" | "medium" | "low" | "none";
  disagreements: string[];
}

/** One Ecowatt hour: [startMs, startMs + 1 h) at `level` (0–3). */
export interface EcowattHour {
  startMs: number;
  level: number;
}

/**
 * The red and white Tempo days this box settled in one season: each Tempo day counts once, from today's last verdict
 * when the day moves on. Held in memory only (not persisted): after a restart the season counts from zero again,
 * which only undercounts, so the cap's doubt comes late or not at all but is never raised falsely.
 */
export interface SeasonTally extends SeasonCounts {
  /** Year of the 1 September that opened the season counted; -1 before the first verdict. */
  season: number;
  /** Start of the last Tempo day counted (a clock stepped back must not count a day twice); -1 for none. */
  lastDayStartMs: number;
}

export interface SignalsState {
  /** Every source's last word on today and later days (older days are dropped). */
  online: readonly OnlineColourAt[];
  today: SignalDay | null;
  tomorrow: SignalDay | null;
  /** Hours with a level ≥ 2 only (the others shed nothing), sorted by start. */
  ecowatt: readonly EcowattHour[];
  tally: SeasonTally;
}

export const HOUR_MS = 3_600_000;

export function initialSignals(): SignalsState {
  return { online: [], today: null, tomorrow: null, ecowatt: [], tally: NO_TALLY };
}

const NO_TALLY: SeasonTally = Object.freeze({ season: -1, red: 0, white: 0, lastDayStartMs: -1 });

/** `day`'s final verdict counted into its season's tally (a new season starts from zero). */
function settle(tally: SeasonTally, day: SignalDay): SeasonTally {
  if (day.dayStartMs <= tally.lastDayStartMs) return tally;
  const season = tempoSeasonOf(tempoDate(day.dayStartMs));
  const base = season === tally.season ? tally : { season, red: 0, white: 0, lastDayStartMs: -1 };
  return { season, red: base.red + (day.colour === "red" ? 1 : 0), white: base.white + (day.colour === "white" ? 1 : 0), lastDayStartMs: day.dayStartMs };
}

function sameDay(a: SignalDay | null, b: SignalDay | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.dayStartMs === b.dayStartMs &&
    a.colour === b.colour &&
    a.provenance === b.provenance &&
    a.confidence === b.confidence &&
    a.disagreements.join("|") === b.disagreements.join("|")
  );
}

/** The sources' colours as the poller last heard them; the same state back when nothing moved (most polls). */
export function onTempoSignal(state: SignalsState, colours: readonly OnlineColourAt[]): SignalsState {
  const old = state.online;
  const same =
    colours.length === old.length &&
    colours.every((c, i) => c.source === old[i].source && c.dayStartMs === old[i].dayStartMs && c.colour === old[i].colour);
  return same ? state : { ...state, online: colours.slice() };
}

/** The frame sources: a colour the tariff slice holds from one of these is the meter's own. */
const METER_SOURCES: readonly string[] = Object.freeze(["STGE", "NTARF", "PTEC", "LTARF", "DEMAIN"]);

/**
 * Today's and tomorrow's verdicts weighed again: the online colours against the meter's (from the tariff slice,
 * only what a frame said). The same state back when both verdicts say what they said.
 */
export function reweigh(state: SignalsState, tariff: TariffState, nowMs: number): SignalsState {
  const todayStartMs = tempoDayStartMs(nowMs);
  const tomorrowStartMs = tempoDayStartMs(todayStartMs + 30 * HOUR_MS);
  let online = state.online;
  if (online.some((c) => c.dayStartMs < todayStartMs)) online = online.filter((c) => c.dayStartMs >= todayStartMs);
  if (online.length === 0 && state.today === null && state.tomorrow === null) return online === state.online ? state : { ...state, online };
  const meterToday = METER_SOURCES.indexOf(tariff.todaySource) >= 0 ? tariff.today : "unknown";
  const meterTomorrow = tariff.meterTomorrow;
  const meterTomorrowSource = METER_SOURCES.indexOf(tariff.tomorrowSource) >= 0 ? tariff.tomorrowSource : "meter";
  const on = (dayStartMs: number) => online.filter((c) => c.dayStartMs === dayStartMs);
  // The day that just ended is counted from its last verdict; a new season starts its counts from zero.
  const todayDate = tempoDate(todayStartMs);
  const tomorrowDate = tempoDate(tomorrowStartMs);
  let tally = state.today !== null && state.today.dayStartMs < todayStartMs ? settle(state.tally, state.today) : state.tally;
  const season = tempoSeasonOf(todayDate);
  if (tally.season !== season) tally = { season, red: 0, white: 0, lastDayStartMs: tally.lastDayStartMs };
  const t = weighDay(todayDate, { colour: meterToday, source: tariff.todaySource }, on(todayStartMs), true, tally);
  // Tomorrow comes after today's colour too, unless it opens the next season (31 Aug → 1 Sep).
  const tomorrowCounts: SeasonCounts =
    tempoSeasonOf(tomorrowDate) !== season ? { red: 0, white: 0 } : { red: tally.red + (t.colour === "red" ? 1 : 0), white: tally.white + (t.colour === "white" ? 1 : 0) };
  const m = weighDay(tomorrowDate, { colour: meterTomorrow, source: meterTomorrowSource }, on(tomorrowStartMs), false, tomorrowCounts);
  const today: SignalDay = { dayStartMs: todayStartMs, colour: t.colour, provenance: t.provenance, confidence: t.confidence, disagreements: t.disagreements };
  const tomorrow: SignalDay = { dayStartMs: tomorrowStartMs, colour: m.colour, provenance: m.provenance, confidence: m.confidence, disagreements: m.disagreements };
  const sameToday = sameDay(state.today, today);
  const sameTomorrow = sameDay(state.tomorrow, tomorrow);
  if (sameToday && sameTomorrow && online === state.online && tally === state.tally) return state;
  return { online, today: sameToday ? state.today : today, tomorrow: sameTomorrow ? state.tomorrow : tomorrow, ecowatt: state.ecowatt, tally };
}

/** Ecowatt's new hours replace the old ones (each answer covers today to J+3). */
export function onEcowattSignal(state: SignalsState, hours: readonly EcowattHour[]): SignalsState {
  const kept = hours.filter((h) => h.level >= 2).sort((a, b) => a.startMs - b.startMs);
  const old = state.ecowatt;
  if (kept.length === old.length && kept.every((h, i) => h.startMs === old[i].startMs && h.level === old[i].level)) return state;
  return { ...state, ecowatt: kept };
}

/** Ecowatt's level for the hour holding `nowMs` (0 when no signal of level ≥ 2 covers it). */
export function ecowattLevelAt(state: SignalsState, nowMs: number): number {
  for (const h of state.ecowatt) if (nowMs >= h.startMs && nowMs < h.startMs + HOUR_MS) return h.level;
  return 0;
}
