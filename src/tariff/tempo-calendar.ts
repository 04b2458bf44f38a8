// Tempo calendar arithmetic: the 06:00→06:00 colour day, HP 06–22 / HC 22–06, and the RTE calendar rules.
// Pure functions of UTC ms; never reads the clock and never decides shedding.

import type { TempoColour } from "../tic/types";
import { DAY_MS, civilFromDays, daysFromCivil, localParts, localToUtc } from "./local-time";

export type Period = "hp" | "hc";

/** Local hours bounding the peak period (DOMAIN §2). */
export const TEMPO_HOURS = Object.freeze({ dayStartHour: 6, peakStartHour: 6, peakEndHour: 22 });

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Local calendar date of the Tempo day containing `utcMs` (before 06:00 it is still yesterday's colour). */
export function tempoDate(utcMs: number): LocalDate {
  const p = localParts(utcMs);
  if (p.hour >= TEMPO_HOURS.dayStartHour) return { year: p.year, month: p.month, day: p.day };
  return civilFromDays(daysFromCivil(p.year, p.month, p.day) - 1);
}

// Asked on every event about the same day: remember the last Tempo day's bounds.
let cachedDayStartMs = 0;
let cachedDayEndMs = -1;

/** UTC ms at which the Tempo day containing `utcMs` began (06:00 local). */
export function tempoDayStartMs(utcMs: number): number {
  if (utcMs >= cachedDayStartMs && utcMs < cachedDayEndMs) return cachedDayStartMs;
  const d = tempoDate(utcMs);
  const startMs = localToUtc(d.year, d.month, d.day, TEMPO_HOURS.dayStartHour);
  const next = civilFromDays(daysFromCivil(d.year, d.month, d.day) + 1);
  cachedDayStartMs = startMs;
  cachedDayEndMs = localToUtc(next.year, next.month, next.day, TEMPO_HOURS.dayStartHour);
  return startMs;
}

/** UTC ms of the next Tempo day's 06:00 after the day containing `utcMs`. */
export function nextTempoDayStartMs(utcMs: number): number {
  const d = tempoDate(utcMs);
  const next = civilFromDays(daysFromCivil(d.year, d.month, d.day) + 1);
  return localToUtc(next.year, next.month, next.day, TEMPO_HOURS.dayStartHour);
}

export function periodAt(utcMs: number): Period {
  const hour = localParts(utcMs).hour;
  return hour >= TEMPO_HOURS.peakStartHour && hour < TEMPO_HOURS.peakEndHour ? "hp" : "hc";
}

/** End of the peak period of the Tempo day containing `utcMs`; if that peak is over, the next day's. */
export function peakEndAfterMs(utcMs: number): number {
  const d = tempoDate(utcMs);
  const end = localToUtc(d.year, d.month, d.day, TEMPO_HOURS.peakEndHour);
  if (end > utcMs) return end;
  const next = civilFromDays(daysFromCivil(d.year, d.month, d.day) + 1);
  return localToUtc(next.year, next.month, next.day, TEMPO_HOURS.peakEndHour);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return (((daysFromCivil(date.year, date.month, date.day) + 4) % 7) + 7) % 7;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return civilFromDays(daysFromCivil(date.year, date.month, date.day) + days);
}

/**
 * Why a colour is implausible for a date under RTE's rules, or [] when it is plausible:
 * red only 1 Nov → 31 Mar and never on Saturday or Sunday; Sunday always blue (so never white).
 */
export function calendarDoubts(colour: TempoColour, date: LocalDate): string[] {
  const weekday = weekdayOf(date);
  const doubts: string[] = [];
  if (colour === "red") {
    if (date.month > 3 && date.month < 11) doubts.push("red outside 1 Nov–31 Mar");
    if (weekday === 0 || weekday === 6) doubts.push("red on a weekend");
  }
  if (colour === "white" && weekday === 0) doubts.push("white on a Sunday");
  return doubts;
}

/**
 * Meter horodate `SAAMMJJhhmmss` (S: H winter, E summer; lower case = degraded clock) as UTC ms;
 * NaN when it is not a horodate.
 */
export function horodateToUtcMs(horodate: string): number {
  const m = /^([HEhe])(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(horodate);
  if (!m) return NaN;
  const offsetHours = m[1].toUpperCase() === "E" ? 2 : 1;
  const days = daysFromCivil(2000 + Number(m[2]), Number(m[3]), Number(m[4]));
  return days * DAY_MS + (Number(m[5]) - offsetHours) * 3_600_000 + Number(m[6]) * 60_000 + Number(m[7]) * 1000;
}
