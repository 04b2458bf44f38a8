// The Controller's signals slice: the online sources' weighed colours per Tempo day and Ecowatt's hourly levels.
// A pure reducer over plain data: never asks a source, never reads the clock; the tariff slice takes its colours.

import type { TempoColour } from "../tic/types";
import type { ColourOrUnknown, TariffState } from "../tariff/tariff-tracker";
import { tempoDate, tempoDayStartMs } from "../tariff/tempo-calendar";
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

export interface SignalsState {
  /** Every source's last word on today and later days (older days are dropped). */
  online: readonly OnlineColourAt[];
  today: SignalDay | null;
  tomorrow: SignalDay | null;
  /** Hours with a level ≥ 2 only (the others shed nothing), sorted by start. */
  ecowatt: readonly EcowattHour[];
}

export const HOUR_MS = 3_600_000;

export function initialSignals(): SignalsState {
  return { online: [], today: null, tomorrow: null, ecowatt: [] };
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
  return same ? state : { online: colours.slice(), today: state.today, tomorrow: state.tomorrow, ecowatt: state.ecowatt };
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
  const t = weighDay(tempoDate(todayStartMs), { colour: meterToday, source: tariff.todaySource }, on(todayStartMs), true);
  const m = weighDay(tempoDate(tomorrowStartMs), { colour: meterTomorrow, source: meterTomorrowSource }, on(tomorrowStartMs), false);
  const today: SignalDay = { dayStartMs: todayStartMs, colour: t.colour, provenance: t.provenance, confidence: t.confidence, disagreements: t.disagreements };
  const tomorrow: SignalDay = { dayStartMs: tomorrowStartMs, colour: m.colour, provenance: m.provenance, confidence: m.confidence, disagreements: m.disagreements };
  const sameToday = sameDay(state.today, today);
  const sameTomorrow = sameDay(state.tomorrow, tomorrow);
  if (sameToday && sameTomorrow && online === state.online) return state;
  return { online, today: sameToday ? state.today : today, tomorrow: sameTomorrow ? state.tomorrow : tomorrow, ecowatt: state.ecowatt };
}

/** Ecowatt's new hours replace the old ones (each answer covers today to J+3). */
export function onEcowattSignal(state: SignalsState, hours: readonly EcowattHour[]): SignalsState {
  const kept = hours.filter((h) => h.level >= 2).sort((a, b) => a.startMs - b.startMs);
  const old = state.ecowatt;
  if (kept.length === old.length && kept.every((h, i) => h.startMs === old[i].startMs && h.level === old[i].level)) return state;
  return { online: state.online, today: state.today, tomorrow: state.tomorrow, ecowatt: kept };
}

/** Ecowatt's level for the hour holding `nowMs` (0 when no signal of level ≥ 2 covers it). */
export function ecowattLevelAt(state: SignalsState, nowMs: number): number {
  for (const h of state.ecowatt) if (nowMs >= h.startMs && nowMs < h.startMs + HOUR_MS) return h.level;
  return 0;
}
