// Today's colour and period, tomorrow's colour, their sources and doubts, from meter frames, an external
// source and our own clock. A pure reducer over plain data; never reads the clock and never sheds anything.

import type { Contract, TempoColour, TicReading } from "../tic/types";
import {
  addDays,
  calendarDoubts,
  horodateToUtcMs,
  periodAt,
  tempoDate,
  tempoDayStartMs,
  type Period,
} from "./tempo-calendar";

export type ColourOrUnknown = TempoColour | "unknown";

export interface TariffState {
  /** The meter's contract: Tempo peaks only exist on "tempo"; "unknown" until a frame (or memory) says. */
  contract: Contract;
  /** Start (UTC ms, 06:00 local) of the Tempo day `today` belongs to. */
  dayStartMs: number;
  today: ColourOrUnknown;
  todaySource: string;
  period: Period;
  periodSource: "meter" | "clock";
  /** HP/HC by our clock at the last update: crossing a boundary switches at once, before the next frame. */
  clockPeriod: Period;
  tomorrow: ColourOrUnknown;
  tomorrowSource: string;
  /** Last tomorrow colour an external source (RTE, community API) gave, for the current Tempo day. */
  external: { colour: ColourOrUnknown; source: string } | null;
  /** Meter tomorrow, kept apart so an external colour can fill a meter `----`. */
  meterTomorrow: ColourOrUnknown;
  suspicious: string[];
  /** Doubts from the last frame (source contradictions, meter clock), kept until the next frame. */
  frameDoubts: string[];
  meterClockOffsetMs: number | null;
}

export function initialTariff(
  nowMs: number,
  remembered?: { dayStartMs: number; today: ColourOrUnknown; tomorrow: ColourOrUnknown; contract?: Contract },
): TariffState {
  const dayStartMs = tempoDayStartMs(nowMs);
  let today: ColourOrUnknown = "unknown";
  let tomorrow: ColourOrUnknown = "unknown";
  let source = "none";
  if (remembered && remembered.dayStartMs === dayStartMs) {
    today = remembered.today;
    tomorrow = remembered.tomorrow;
    source = "remembered";
  } else if (remembered && tempoDayStartMs(remembered.dayStartMs + 30 * 3_600_000) === dayStartMs) {
    // Restarted the next Tempo day: yesterday's "tomorrow" is today.
    today = remembered.tomorrow;
    source = "remembered";
  }
  const state: TariffState = {
    contract: remembered?.contract ?? "unknown",
    dayStartMs,
    today,
    todaySource: source,
    period: periodAt(nowMs),
    periodSource: "clock",
    clockPeriod: periodAt(nowMs),
    tomorrow,
    tomorrowSource: tomorrow === "unknown" ? "none" : "remembered",
    external: null,
    meterTomorrow: "unknown",
    suspicious: [],
    frameDoubts: [],
    meterClockOffsetMs: null,
  };
  return withDoubts(state, nowMs);
}

/** Our clock moves on: roll tomorrow into today at 06:00 and follow HP/HC when the meter is silent. */
export function advanceClock(state: TariffState, nowMs: number, meterLive: boolean): TariffState {
  let next = state;
  const dayStartMs = tempoDayStartMs(nowMs);
  if (dayStartMs !== state.dayStartMs) {
    next = {
      ...next,
      dayStartMs,
      today: dayStartMs > state.dayStartMs ? state.tomorrow : "unknown",
      todaySource: dayStartMs > state.dayStartMs ? `rolled from tomorrow (${state.tomorrowSource})` : "none",
      tomorrow: "unknown",
      tomorrowSource: "none",
      meterTomorrow: "unknown",
      external: null,
    };
  }
  const clockPeriod = periodAt(nowMs);
  // Our clock rules when the meter is silent, and at a boundary we cross; otherwise the meter's
  // period stands until its next frame (≤ 2 s) says otherwise: the meter is what bills.
  if (!meterLive || next.periodSource === "clock" || clockPeriod !== next.clockPeriod) {
    if (clockPeriod !== next.period || next.periodSource !== "clock" || clockPeriod !== next.clockPeriod) {
      next = { ...next, period: clockPeriod, periodSource: "clock", clockPeriod };
    }
  }
  return next === state ? state : withDoubts(next, nowMs);
}

/** A complete meter frame: the meter's period and colours beat our calendar (it is what bills). */
export function applyReading(state: TariffState, reading: TicReading, nowMs: number, clockToleranceMs: number): TariffState {
  let next = advanceClock(state, nowMs, true);
  next = { ...next, clockPeriod: periodAt(nowMs) };
  if (reading.contract !== "unknown") next.contract = reading.contract;
  if (reading.current.colour !== "none") {
    next.today = reading.current.colour;
    next.todaySource = reading.current.source;
  }
  if (reading.current.period === "hp" || reading.current.period === "hc") {
    next.period = reading.current.period;
    next.periodSource = "meter";
  } else {
    next.period = periodAt(nowMs);
    next.periodSource = "clock";
  }
  next.meterTomorrow = reading.tomorrow.colour;
  next = pickTomorrow(next, reading.tomorrow.source);
  next.meterClockOffsetMs = null;
  const extra: string[] = [...reading.warnings];
  if (reading.meterTime) {
    const meterMs = horodateToUtcMs(reading.meterTime);
    if (meterMs === meterMs) {
      next.meterClockOffsetMs = meterMs - nowMs;
      if (Math.abs(meterMs - nowMs) > clockToleranceMs) {
        extra.push(`meter clock off by ${Math.round((meterMs - nowMs) / 1000)} s`);
      }
    }
  }
  next.frameDoubts = extra;
  return withDoubts(next, nowMs);
}

/** Tomorrow's colour from RTE or a community API; a meter colour still wins when it has one. */
export function applyExternalTomorrow(state: TariffState, colour: ColourOrUnknown, source: string, nowMs: number): TariffState {
  const next = advanceClock(state, nowMs, state.periodSource === "meter");
  return withDoubts(pickTomorrow({ ...next, external: { colour, source } }, next.tomorrowSource), nowMs);
}

function pickTomorrow(state: TariffState, meterSource: string): TariffState {
  if (state.meterTomorrow !== "unknown") {
    return { ...state, tomorrow: state.meterTomorrow, tomorrowSource: meterSource };
  }
  if (state.external && state.external.colour !== "unknown") {
    return { ...state, tomorrow: state.external.colour, tomorrowSource: state.external.source };
  }
  return state;
}

function withDoubts(state: TariffState, nowMs: number): TariffState {
  const date = tempoDate(nowMs);
  const doubts: string[] = [];
  if (state.today !== "unknown") for (const d of calendarDoubts(state.today, date)) doubts.push(`today: ${d}`);
  if (state.tomorrow !== "unknown") for (const d of calendarDoubts(state.tomorrow, addDays(date, 1))) doubts.push(`tomorrow: ${d}`);
  for (const d of state.frameDoubts) doubts.push(d);
  return { ...state, suspicious: doubts };
}
