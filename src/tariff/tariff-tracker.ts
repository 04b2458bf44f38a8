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
  external: { colour: ColourOrUnknown; source: string; firm?: boolean } | null;
  /** Meter tomorrow, kept apart so an external colour can fill a meter `----`. */
  meterTomorrow: ColourOrUnknown;
  suspicious: string[];
  /** Doubts from the last frame (source contradictions, meter clock), kept until the next frame. */
  frameDoubts: string[];
  /** How far the meter's clock was from ours at the last frame (s, rounded), when beyond the tolerance; else null. */
  meterClockSkewS: number | null;
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
    meterClockSkewS: null,
  };
  return withDoubts(state, null, nowMs);
}

/** Our clock moves on: roll tomorrow into today at 06:00 and follow HP/HC when the meter is silent. */
export function advanceClock(state: TariffState, nowMs: number, meterLive: boolean): TariffState {
  let next = state;
  const dayStartMs = tempoDayStartMs(nowMs);
  if (dayStartMs !== state.dayStartMs) {
    next = copyTariff(state);
    next.dayStartMs = dayStartMs;
    next.today = dayStartMs > state.dayStartMs ? state.tomorrow : "unknown";
    next.todaySource = dayStartMs > state.dayStartMs ? `rolled from tomorrow (${state.tomorrowSource})` : "none";
    next.tomorrow = "unknown";
    next.tomorrowSource = "none";
    next.meterTomorrow = "unknown";
    next.external = null;
  }
  const clockPeriod = periodAt(nowMs);
  // Our clock rules when the meter is silent, and at a boundary we cross; otherwise the meter's
  // period stands until its next frame (≤ 2 s) says otherwise: the meter is what bills.
  if (!meterLive || next.periodSource === "clock" || clockPeriod !== next.clockPeriod) {
    if (clockPeriod !== next.period || next.periodSource !== "clock" || clockPeriod !== next.clockPeriod) {
      if (next === state) next = copyTariff(state);
      next.period = clockPeriod;
      next.periodSource = "clock";
      next.clockPeriod = clockPeriod;
    }
  }
  return next === state ? state : withDoubts(next, state, nowMs);
}

/**
 * A complete meter frame: the meter's period and colours beat our calendar (it is what bills). Most frames say
 * what the last one said: then the same state comes back, and nothing is allocated.
 */
export function applyReading(state: TariffState, reading: TicReading, nowMs: number, clockToleranceMs: number): TariffState {
  const base = advanceClock(state, nowMs, true);
  const clockPeriod = periodAt(nowMs);
  const contract = reading.contract !== "unknown" ? reading.contract : base.contract;
  const coloured = reading.current.colour !== "none";
  const today = coloured ? (reading.current.colour as ColourOrUnknown) : base.today;
  const todaySource = coloured ? reading.current.source : base.todaySource;
  const metered = reading.current.period === "hp" || reading.current.period === "hc";
  const period: Period = metered ? (reading.current.period as Period) : clockPeriod;
  const periodSource = metered ? "meter" : "clock";
  const meterTomorrow = reading.tomorrow.colour;
  // A firm online colour (RTE's, weighed by src/signals) wins; else the meter's; else any external colour fills a
  // meter that says nothing (pickTomorrow, inlined).
  let tomorrow = base.tomorrow;
  let tomorrowSource = base.tomorrowSource;
  if (base.external && base.external.firm === true && base.external.colour !== "unknown") {
    tomorrow = base.external.colour;
    tomorrowSource = base.external.source;
  } else if (meterTomorrow !== "unknown") {
    tomorrow = meterTomorrow;
    tomorrowSource = reading.tomorrow.source;
  } else if (base.external && base.external.colour !== "unknown") {
    tomorrow = base.external.colour;
    tomorrowSource = base.external.source;
  }
  let skewS: number | null = null;
  if (reading.meterTime) {
    const meterMs = horodateToUtcMs(reading.meterTime);
    if (meterMs === meterMs && Math.abs(meterMs - nowMs) > clockToleranceMs) skewS = Math.round((meterMs - nowMs) / 1000);
  }
  const frameDoubts = sameFrameDoubts(base, reading.warnings, skewS) ? base.frameDoubts : frameDoubtsOf(reading.warnings, skewS);
  if (
    base.clockPeriod === clockPeriod &&
    base.contract === contract &&
    base.today === today &&
    base.todaySource === todaySource &&
    base.period === period &&
    base.periodSource === periodSource &&
    base.meterTomorrow === meterTomorrow &&
    base.tomorrow === tomorrow &&
    base.tomorrowSource === tomorrowSource &&
    base.meterClockSkewS === skewS &&
    base.frameDoubts === frameDoubts
  ) {
    return base;
  }
  const next = copyTariff(base);
  next.clockPeriod = clockPeriod;
  next.contract = contract;
  next.today = today;
  next.todaySource = todaySource;
  next.period = period;
  next.periodSource = periodSource;
  next.meterTomorrow = meterTomorrow;
  next.tomorrow = tomorrow;
  next.tomorrowSource = tomorrowSource;
  next.meterClockSkewS = skewS;
  next.frameDoubts = frameDoubts;
  return withDoubts(next, base, nowMs);
}

/**
 * Tomorrow's colour from RTE or a community API. A meter colour still wins when it has one, unless the colour is
 * `firm` (weighed by src/signals against the meter and the calendar rules: the meter often shows `----` or
 * yesterday's colour until the evening).
 */
export function applyExternalTomorrow(state: TariffState, colour: ColourOrUnknown, source: string, nowMs: number, firm = false): TariffState {
  const next = advanceClock(state, nowMs, state.periodSource === "meter");
  const external = firm ? { colour, source, firm } : { colour, source };
  return withDoubts(pickTomorrow({ ...next, external }, next.tomorrowSource), next, nowMs);
}

/** Today's colour from the Internet sources: it fills a day the meter (what bills) has not told. */
export function applyExternalToday(state: TariffState, colour: ColourOrUnknown, source: string, nowMs: number): TariffState {
  const next = advanceClock(state, nowMs, state.periodSource === "meter");
  if (colour === "unknown" || next.today !== "unknown") return next;
  const filled = copyTariff(next);
  filled.today = colour;
  filled.todaySource = source;
  return withDoubts(filled, next, nowMs);
}

/**
 * A copy to write a change into. Spelled out field by field: on XS a literal costs one slot per field, a spread copy
 * twice that; the type checker says when a new field is missing here.
 */
function copyTariff(t: TariffState): TariffState {
  return {
    contract: t.contract,
    dayStartMs: t.dayStartMs,
    today: t.today,
    todaySource: t.todaySource,
    period: t.period,
    periodSource: t.periodSource,
    clockPeriod: t.clockPeriod,
    tomorrow: t.tomorrow,
    tomorrowSource: t.tomorrowSource,
    external: t.external,
    meterTomorrow: t.meterTomorrow,
    suspicious: t.suspicious,
    frameDoubts: t.frameDoubts,
    meterClockSkewS: t.meterClockSkewS,
  };
}

function pickTomorrow(state: TariffState, meterSource: string): TariffState {
  if (state.external && state.external.firm === true && state.external.colour !== "unknown") {
    return { ...state, tomorrow: state.external.colour, tomorrowSource: state.external.source };
  }
  if (state.meterTomorrow !== "unknown") {
    return { ...state, tomorrow: state.meterTomorrow, tomorrowSource: meterSource };
  }
  if (state.external && state.external.colour !== "unknown") {
    return { ...state, tomorrow: state.external.colour, tomorrowSource: state.external.source };
  }
  return state;
}

/** The frame's own doubts: the decoder's source contradictions, then a meter clock too far from ours. */
function frameDoubtsOf(warnings: readonly string[], skewS: number | null): string[] {
  const doubts = warnings.slice();
  if (skewS !== null) doubts.push(`meter clock off by ${skewS} s`);
  return doubts;
}

/** Whether the last frame's doubts say the same as this frame's would (compared without building them). */
function sameFrameDoubts(state: TariffState, warnings: readonly string[], skewS: number | null): boolean {
  const doubts = state.frameDoubts;
  if (state.meterClockSkewS !== skewS || doubts.length !== warnings.length + (skewS === null ? 0 : 1)) return false;
  for (let i = 0; i < warnings.length; i++) if (doubts[i] !== warnings[i]) return false;
  return true;
}

/**
 * `suspicious` for `state`, whose Tempo day is `nowMs`'s: rebuilt only when what it depends on (the colours, the
 * day, the frame's doubts) moved since `was`, and set on `state` itself (a copy this module just made).
 */
function withDoubts(state: TariffState, was: TariffState | null, nowMs: number): TariffState {
  if (
    was !== null &&
    was.today === state.today &&
    was.tomorrow === state.tomorrow &&
    was.dayStartMs === state.dayStartMs &&
    was.frameDoubts === state.frameDoubts
  ) {
    state.suspicious = was.suspicious;
    return state;
  }
  const date = tempoDate(nowMs);
  const doubts: string[] = [];
  if (state.today !== "unknown") for (const d of calendarDoubts(state.today, date)) doubts.push(`today: ${d}`);
  if (state.tomorrow !== "unknown") for (const d of calendarDoubts(state.tomorrow, addDays(date, 1))) doubts.push(`tomorrow: ${d}`);
  for (const d of state.frameDoubts) doubts.push(d);
  state.suspicious = doubts;
  return state;
}
